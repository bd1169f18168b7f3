"""The check pipeline: one registry, the catalog's checks run once, --release a policy."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from resourcepack import pipeline
from resourcepack.compose import Validated, compose
from resourcepack.errors import ContentError
from resourcepack.pipeline import CHECKS, Check, validate
from resourcepack.project import load_project

Cli = Callable[..., Run]
PL = "content/translations/internet-offending.pl.yaml"


def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count, by name, every run of every registered check."""
    runs: Counter[str] = Counter()

    def wrap(check: Check[Any]) -> Check[Any]:
        def run(subject: Any) -> Any:
            runs[check.name] += 1
            return check.run(subject)

        return dataclasses.replace(check, run=run)

    monkeypatch.setattr(pipeline, "CHECKS", tuple(wrap(c) for c in CHECKS))
    return runs


def test_every_stage_is_known_and_every_name_once() -> None:
    assert len({c.name for c in CHECKS}) == len(CHECKS)
    assert {c.stage for c in CHECKS} <= {
        "source", "catalog", "leaflet", "html", "pdf", "print", "release"
    }  # fmt: skip
    assert all(c.release_only for c in CHECKS if c.stage == "release")


@pytest.mark.slow  # whole builds through the command line
def test_build_release_runs_each_catalog_check_once(
    project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = counted(monkeypatch)
    result = cli(
        project, "build", "--release", "-j", "1", "--print-profile", "none", "parents-evening"
    )
    assert result.code == 0, result.err
    once = [c.name for c in CHECKS if c.stage in ("source", "catalog", "release")]
    assert {name: runs[name] for name in once} == dict.fromkeys(once, 1)
    assert runs["glyphs"] == 4  # once for each of the pack's four leaflets (it was twice)
    assert runs["layout rules"] == 4  # the pdf stage: once for each render


def test_compose_takes_only_a_validated_catalog(project: Path) -> None:
    text = (project / PL).read_text(encoding="utf-8")
    start, end = text.index("  what-it-is-intro:"), text.index("\n  what-it-is-how:")
    (project / PL).write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    loaded = load_project(project)
    with pytest.raises(ContentError) as info:
        compose(validate(loaded), "internet-offending", "parents", "a4", "coventry", "pl")
    assert [p.message for p in info.value.problems] == [
        "no pl translation of block 'what-it-is-intro'; add it"
    ]
    assert not isinstance(loaded.catalog, Validated)  # a bare catalog is not one


def test_validate_runs_the_checks_once_per_loaded_project(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = counted(monkeypatch)
    loaded = load_project(project)
    assert validate(loaded) == validate(loaded.catalog) == Validated(loaded.catalog)
    assert runs["readability"] == 1
    validate(load_project(project))  # loaded again: checked again
    assert runs["readability"] == 2


EASY = "content/easy-read/internet-offending.yaml"
TALK = "Talk with your child a little and often about what they do online."


def test_a_later_check_names_the_text_the_leaflet_composed(project: Path, cli: Cli) -> None:
    """A character without a glyph, in an Easy Read point and in a note of coventry's file
    that no leaflet prints: the error is at the point (the text the leaflet composed), not at
    the first file that holds the character."""
    snowman = "\u2603"
    for rel, old in ((EASY, TALK), ("content/partnerships/coventry.yaml", "not confirmed")):
        text = (project / rel).read_text(encoding="utf-8")
        (project / rel).write_text(text.replace(old, f"{snowman} {old}", 1), encoding="utf-8")
    line = [n for n, s in enumerate((project / EASY).read_text().splitlines(), 1) if snowman in s]
    result = cli(project, "check")
    errors = [e for e in result.err.splitlines() if f"U+2603 '{snowman}'" in e]
    assert result.code == 1
    assert [e.split(": ")[:2] for e in errors] == [
        [f"{EASY}:{line[0]}:13", "error"],  # coventry's (it was at coventry.yaml's note)
        [f"{EASY}:{line[0]}:13", "error"],  # the example partnership's
    ]


def test_an_overflow_names_the_translation_it_ends_with(project: Path, cli: Cli) -> None:
    """A Polish DL whose content needs more panels than the format has: the error is at the
    heading of the last section it prints, in the Polish file (not in the English topic)."""
    heading = '    heading: "Sygnały, na które warto zwrócić uwagę"'
    result = cli(
        project, "leaflet", "internet-offending", "--partnership", "coventry", "--audience",
        "parents", "--format", "dl-trifold", "--lang", "pl", "-o", str(project / "one"),
    )  # fmt: skip
    line = (project / PL).read_text(encoding="utf-8").splitlines().index(heading) + 1
    assert result.code == 1
    assert result.err.splitlines()[-1] == (
        f"{PL}:{line}:14: error: leaflet coventry.internet-offending.parents.pl.dl-trifold does "
        "not fit the dl-trifold format: its content needs 8 panels and the format has 6; shorten "
        "the text for this format, or leave sections out of it with 'formats:'"
    )
