"""The bad-input corpus: each case exits 1 with one clear located line a problem, no traceback,
and output/ left byte for byte as it was."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from bad_inputs.cases import CASES, GROUPS, Case
from conftest import copy_project, leaflet_args, run_cli

ERROR_LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: error: \S.*$")
OTHER_LINE = re.compile(
    r"^(.+:\d+:\d+: warning: .+|rendering \d+ leaflets"
    r"|  \[\d+/\d+\] \S+\.pdf( \(and its print layout\))?"
    r"|  \S+: (assembled|up to date)|\d+ errors; .+)$"
)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under folder (hidden ones too), files with their SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else ""
        for p in sorted(folder.rglob("*"))
    }


def matches(line: str, pattern: str) -> bool:
    """True when line is pattern, with each `…` in the pattern standing for any text."""
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("…")), line) is not None


@pytest.fixture(scope="session")
def last_good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output/ folder holding a good build of the parents' evening pack."""
    root = copy_project(tmp_path_factory.mktemp("good"))
    assert run_cli(root, "build", "parents-evening", "--print-profile", "none").code == 0
    return root / "output"


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 60  # and the loader's, on the tiny project: tests/unit/test_catalog.py
    assert len({c.name for c in CASES}) == len(CASES)


# The default `pytest` runs the first case of each group through the CLI, but for the loader's
# groups, whose cases run through the loader on the tiny project (tests/unit/test_catalog.py);
# the whole corpus runs in CI (`pytest -m ""`).
LOADER = {
    "duplicate-key-in-pack",
    "audiences-not-a-list",
    "misspelt-key-in-pack",
    "unknown-cover-picture",
    "phone-too-short",
    "pack-id-traversal",
    "id-with-a-trailing-newline",
}
QUICK = {group[0].name for group in GROUPS} - LOADER
PARAMS = [
    pytest.param(c, id=c.name, marks=() if c.name in QUICK else pytest.mark.slow) for c in CASES
]


@pytest.mark.parametrize("case", PARAMS)
def test_bad_input(
    case: Case, tmp_path: Path, last_good_output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_project(tmp_path / "project")
    shutil.copytree(last_good_output, root / "output")
    case.change(root)
    before = snapshot(root / "output")
    result = run_cli(root, *case.argv)
    lines = result.err.splitlines()
    errors = [line for line in lines if ": error: " in line]
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert all(ERROR_LINE.match(line) for line in errors), errors
    assert all(OTHER_LINE.match(line) for line in lines if line not in errors), lines
    assert len(errors) == len(case.expect), errors
    for pattern in case.expect:
        assert [e for e in errors if matches(e, pattern)], (pattern, errors)
    assert snapshot(root / "output") == before


MARKUP = (
    '<script>alert(1)</script> <img src="file:///etc/hostname"> '
    '<a rel="attachment" href="../../content/resources.yaml">x</a> '
    "<link rel=stylesheet href=https://example.org/x.css> file:///etc/passwd {{ 7 * 7 }}"
)


def test_markup_and_links_in_content_are_printed_as_text_never_followed(
    project: Path, edit: Callable[[str, str, str], None]
) -> None:
    edit(
        "content/topics/internet-offending.yaml", "title: Internet offending", f"title: '{MARKUP}'"
    )
    # One leaflet: with a title this long, the pack's A3 poster rightly does not fit its page.
    out = project / "output/parents-evening"
    argv = (
        *leaflet_args("parents", "a4"),
        "-o",
    )
    result = run_cli(project, *argv, str(out))
    # The leak guard reads the text as printed: a web address that is no national service's,
    # and braces a reader would see (not evaluated: no 49), fail the build before any render.
    assert result.code == 1
    assert "prints web address that is neither partnership 'coventry''s" in result.err
    assert "prints a token left unfilled: '{ 7 * 7 }'" in result.err
    assert not out.exists()
    printable = MARKUP.replace("https://example.org/x.css", "https://www.iwf.org.uk/x.css")
    edit("content/topics/internet-offending.yaml", MARKUP, printable.replace("{{ 7 * 7 }}", "7*7"))
    result = run_cli(project, *argv, str(out))
    assert result.code == 0, result.err
    pdf = out / "coventry.internet-offending.parents.en.a4.pdf"
    text = "".join((PdfReader(pdf).pages[0].extract_text() or "").split())
    assert "<script>alert(1)</script>" in text
    assert "file:///etc/passwd7*7" in text
    assert b"/EmbeddedFile" not in pdf.read_bytes()
    assert b"/URI (file:" not in pdf.read_bytes()
