"""errors: one base class, located problems printed on one line, and errors that pickle."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from resourcepack.errors import (
    ContentError,
    Problem,
    ResourcePackError,
    UsageError,
    display_path,
    locate_text,
)


def test_a_problem_prints_on_one_line_with_control_characters_escaped() -> None:
    p = Problem("a.yaml", 3, 5, "bad\nkey \x1b[31m \u202e")
    assert str(p) == "a.yaml:3:5: error: bad\\nkey \\x1b[31m \\u202e"
    assert str(Problem("a.yaml", 1, 1, "m", "warning")) == "a.yaml:1:1: warning: m"


def test_errors_carry_their_problems_and_pickle() -> None:
    e = ContentError([Problem("a", 1, 2, "x"), Problem("b", 3, 4, "y")])
    assert isinstance(e, ResourcePackError) and e.exit_code == 1
    assert str(e) == "a:1:2: error: x\nb:3:4: error: y"
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is ContentError and again.problems == e.problems
    assert UsageError([]).exit_code == 2


def test_display_path_is_relative_below_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "content" / "x.yaml") == "content/x.yaml"
    assert display_path("/elsewhere/x.yaml") == "/elsewhere/x.yaml"


def test_locate_text_finds_the_first_place_written(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text("p {}\nbody { color: RED }\n")
    (tmp_path / "b.txt").write_text("red\n")  # not a text suffix that is searched
    found = locate_text([tmp_path], "red", "m", "fallback")
    assert (Path(found.path).name, found.line, found.column) == ("a.css", 2, 15)
    missing = locate_text([tmp_path], "blue", "m", "fallback")
    assert (str(missing.path), missing.line, missing.column) == ("fallback", 1, 1)
