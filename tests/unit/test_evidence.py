"""evidence: reviews fall due, unverified facts are stale; each located where it is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from resourcepack.content import Verification
from resourcepack.evidence import Evidence, fact_key, review_key

from .project import BASE, NORTH, at, loaded, make_project, shown

DAY = dt.date(2027, 1, 1)


def test_a_review_is_stale_after_its_date() -> None:
    review = Evidence("k", "topic 'x'", "review", "x.yaml", 3, 9, due=DAY)
    assert review.stale(DAY) is None
    assert review.stale(DAY + dt.timedelta(days=1)) == (
        "review was due on 2027-01-01; review the content and update next_review"
    )
    warning = review.warning(DAY + dt.timedelta(days=1))
    assert warning is not None
    assert (str(warning.path), warning.line, warning.column, warning.severity) == (
        "x.yaml",
        3,
        9,
        "warning",
    )


def test_a_fact_is_stale_until_verified() -> None:
    checked_by_me = Verification.model_validate({"on": "2027-01-01", "by": "me"})
    unchecked = Evidence("k", "contact 'lado'", "fact", "x.yaml", 1, 1)
    assert unchecked.stale(DAY) == "contact 'lado' is unverified"
    checked = Evidence("k", "c", "fact", "x.yaml", 1, 1, verified=checked_by_me)
    assert checked.stale(DAY) is None and checked.warning(DAY) is None


def test_keys() -> None:
    assert review_key("topic", "tiny") == "review topic/tiny"
    assert fact_key("contact", "north/lado") == "contact north/lado"


def test_the_loader_records_where_each_fact_and_review_is_written(tmp_path: Path) -> None:
    north = BASE[NORTH].replace("verified: {on: 2026-11-20, by: tester}", "verified: false")
    root = make_project(tmp_path, {NORTH: north})
    catalog = loaded(root, today=dt.date(2027, 6, 1))
    assert [shown(w, root) for w in catalog.warnings if "north" in str(w.path)] == [
        f"{at(root, NORTH, '2027-05-20')}: warning: review was due on 2027-05-20; review the "
        "content and update next_review",
        f"{at(root, NORTH, 'false')}: warning: contact 'front-door' (020 7946 0201) is unverified",
    ]
    assert set(catalog.evidence) >= {
        "review topic/tiny",
        "review partnership/north",
        "contact north/front-door",
        "contact national/emergency",
        "resource helpline",
        "source tiny/report",
    }
