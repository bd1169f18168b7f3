"""cli: bad content is printed as located lines, once, and nothing is written (tiny project)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from resourcepack.cli import main

from .project import BASE, NORTH, PACK, at, make_project


def run(root: Path, *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process on a project: exit code, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, root=root)
    return code, out.getvalue(), err.getvalue()


def test_bad_content_fails_without_touching_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(
        tmp_path,
        {
            NORTH: BASE[NORTH].replace("phone: 020 7946 0201", "phone: 020 7946 02"),
            PACK: BASE[PACK].replace("copies: 10", "copies: lots"),
        },
    )
    last_good = root / "output" / "evening"
    last_good.mkdir(parents=True)
    (last_good / ".resourcepack").write_text("evening\n")
    (last_good / "north.tiny.parents.en.a4.pdf").write_bytes(b"%PDF last good")
    monkeypatch.chdir(root)  # the command line prints paths from the working folder
    code, out, err = run(root, "build")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{at(root, NORTH, '020 7946 02')}: error: phone: '020 7946 02' is not a valid UK phone "
        "number; check every digit",
        f"{at(root, PACK, 'lots')}: error: copies: Input should be a valid integer, unable to "
        "parse string as an integer",
        "2 errors; nothing was written",
    ]
    assert sorted(p.name for p in (root / "output").rglob("*")) == [
        ".resourcepack",
        "evening",
        "north.tiny.parents.en.a4.pdf",
    ]
    assert (last_good / "north.tiny.parents.en.a4.pdf").read_bytes() == b"%PDF last good"


def test_list_names_what_the_project_holds(tmp_path: Path) -> None:
    code, out, err = run(make_project(tmp_path), "list")
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "pack      evening: Evening pack (2027-01-21, 1 leaflets, north)",
        "partnership north: North Safeguarding Partnership, Northton",
        "topic     tiny: Tiny topic (parents, professionals)",
    ]
