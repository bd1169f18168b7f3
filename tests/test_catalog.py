"""Content validation of the bundled project: it loads, and its reviews and facts warn when stale.

The loader's bad inputs (every problem, with file:line:col, gathered before failing once) are
tested on the tiny project: tests/unit/test_catalog.py and tests/unit/test_packs.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from resourcepack.catalog import load_catalog
from resourcepack.errors import ContentError
from resourcepack.project import load_project

Edit = Callable[[str, str, str], None]
PART = "content/partnerships/coventry.yaml"


def errors(root: Path, **kwargs: object) -> list[str]:
    """Load the project, which must fail; return its messages."""
    with pytest.raises(ContentError) as info:
        load_project(root, **kwargs)  # type: ignore[arg-type]
    return [p.shown(root) for p in info.value.problems]


def test_bundled_content_loads(project: Path) -> None:
    catalog = load_catalog(project, today=dt.date(2026, 11, 27))
    assert set(catalog.audiences) == {"parents", "carers", "professionals"}
    assert set(catalog.formats) == {"a4", "a5-booklet", "dl-trifold", "a3-poster"}
    assert "internet-offending" in catalog.topics
    mash = next(c for c in catalog.partnerships["coventry"].contacts if c.role == "front-door")
    assert mash.phone == "024 7678 8555"
    unverified = [w.message for w in catalog.warnings]
    assert unverified == [
        "contact 'partnership-team' (024 7697 5477) is unverified",
        "contact 'lado' (024 7683 1730) is unverified",
        "partnership 'example' is an example (fictional details): not for distribution",
        "source 'working-together-2023-sharing' is unverified",
        "source 'info-sharing-2024' is unverified",
    ]


def test_review_past_due_warns_then_fails_with_strict(project: Path) -> None:
    later = dt.date(2027, 6, 1)
    catalog = load_catalog(project, today=later)
    due = [w.shown(project) for w in catalog.warnings if "review was due" in w.message]
    assert due[1:] == [
        f"{PART}:15:77: warning: review was due on 2027-05-20; review the content and "
        "update next_review",
        "content/partnerships/example.yaml:11:77: warning: review was due on 2027-05-20; "
        "review the content and update next_review",
        "content/topics/internet-offending.yaml:17:77: warning: review was due on 2027-05-20; "
        "review the content and update next_review",
    ]
    msgs = errors(project, strict=True, today=later)
    assert (
        f"{PART}:15:77: error: review was due on 2027-05-20; review the content and "
        "update next_review (--strict)" in msgs
    )


def test_unverified_resource_is_warned(project: Path, edit: Edit) -> None:
    path = "content/resources.yaml"
    text = (project / path).read_text()
    checked = 'verified: {on: 2026-11-20, by: "CSCP comms team (domain-facts sheet)"}'
    line = text[: text.index(checked)].count("\n") + 1
    edit(path, checked, "verified: false")
    catalog = load_catalog(project, today=dt.date(2026, 11, 27))
    assert f"{path}:{line}:15: warning: resource 'ceop-safety-centre' is unverified" in [
        w.shown(project) for w in catalog.warnings
    ]


TOPIC = "content/topics/internet-offending.yaml"


def test_a_poster_in_a_pack_needs_poster_text(project: Path) -> None:
    path = project / TOPIC
    text = path.read_text(encoding="utf-8")
    start, end = text.index("\nposter:\n"), text.index("\n# Resources:")
    path.write_text(text[:start] + "\n" + text[end:], encoding="utf-8")
    msgs = errors(project)
    assert len(msgs) == 3  # one for each pack with a poster
    assert msgs[1].startswith("packs/parents-evening.yaml:")
    assert msgs[1].endswith(
        "error: topic 'internet-offending' has no poster text; add 'poster:' to it"
    )
