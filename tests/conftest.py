"""Shared fixtures: a copy of the real project in a temporary folder, and one full build of it."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from resourcepack.cache import CACHE_ENV
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


def leaflet_args(audience: str = "parents", fmt: str = "a4") -> tuple[str, ...]:
    """The command line for one of Coventry's leaflets of the bundled topic."""
    return (
        "leaflet",
        "internet-offending",
        "--partnership",
        "coventry",
        "--audience",
        audience,
        "--format",
        fmt,
    )


def run_cli(root: Path, *argv: str) -> Run:
    """Run the CLI in-process against a project folder."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, root=root)
    return Run(code, out.getvalue(), err.getvalue())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of the whole bundled build (the `built` fixture: every pack, screen and print)
    are slow: they run in CI (`pytest -m ""`), not in the default `pytest`."""
    for item in items:
        if "built" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def shared_renders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One render cache for the whole session, shared by pytest-xdist's workers too: render
    keys hash content, not folders, so every copy of the project reuses the renders of the
    others (and entries are written whole, under a temporary name, so workers never clash)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared-renders"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def warm_render_cache(
    request: pytest.FixtureRequest, shared_renders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test shares the session's render cache, except those marked `own_cache` (tests of
    the cache itself, which count renders), which keep the project's own .cache/renders."""
    if request.node.get_closest_marker("own_cache") is None:
        monkeypatch.setenv(CACHE_ENV, str(shared_renders))
    else:
        monkeypatch.delenv(CACHE_ENV, raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the bundled project."""
    return copy_project(tmp_path / "project")


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
def built(tmp_path_factory: pytest.TempPathFactory, shared_renders: Path) -> Path:
    """The bundled project built once (every pack), shared by the PDF tests."""
    root = copy_project(tmp_path_factory.mktemp("built"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv(CACHE_ENV, str(shared_renders))
        result = run_cli(root, "build")
    assert result.code == 0, result.err
    return root / "output"


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Run the CLI in-process."""
    return run_cli


ONE_PACK = """\
id: one
name: One-leaflet pack
event: {{name: Test event, date: 2027-01-21, venue: Test hall}}
partnership: coventry
leaflets:
  - {{topic: internet-offending, audience: {audience}, format: {format}, copies: 10}}
deliver_by: 2027-01-14
"""


@pytest.fixture
def one_pack(project: Path) -> Callable[[str, str], str]:
    """Add a pack 'one' holding a single leaflet (quick to build); return its id."""

    def _one(audience: str = "parents", fmt: str = "a4") -> str:
        text = ONE_PACK.format(audience=audience, format=fmt)
        (project / "packs" / "one.yaml").write_text(text, encoding="utf-8")
        return "one"

    return _one


def line_of(root: Path, rel: str, text: str, nth: int = 0) -> int:
    """The line number of the nth occurrence of text in a project file."""
    body = (root / rel).read_text(encoding="utf-8")
    at = -1
    for _ in range(nth + 1):
        at = body.index(text, at + 1)
    return body[:at].count("\n") + 1
