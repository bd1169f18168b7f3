"""Shared fixtures: a copy of the real project in a temporary folder, and one full build of it."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from resourcepack.cli import main

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "templates", "packs", "fonts")


def copy_project(dest: Path) -> Path:
    """Copy the bundled content, templates and packs into dest."""
    for part in PROJECT_PARTS:
        shutil.copytree(REPO / part, dest / part)
    return dest


@dataclass
class Run:
    """What one in-process CLI run returned and printed."""

    code: int
    out: str
    err: str


def run_cli(root: Path, *argv: str) -> Run:
    """Run the CLI in-process against a project folder."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, root=root)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the bundled project; the working folder is set to it."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def edit(project: Path) -> Callable[[str, str, str], None]:
    """Replace text in a project file, failing if the text is not there."""

    def _edit(rel: str, old: str, new: str) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return _edit


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project built once (every pack), shared by the PDF tests."""
    root = copy_project(tmp_path_factory.mktemp("built"))
    result = run_cli(root, "build")
    assert result.code == 0, result.err
    return root / "output"


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Run the CLI in-process."""
    return run_cli
