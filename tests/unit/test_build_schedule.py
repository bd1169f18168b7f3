"""The build's scheduler: each pool call completes with a typed value, and the run tells them
apart by type (a render, a pack's pack.pdf, its print files), not by the function called."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from resourcepack.build import PackPdfMade, PrintFilesMade, Rendered, _Run, render_task
from resourcepack.cache import Cache
from resourcepack.planning import Item, Job
from resourcepack.staging import PackStage

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class Ticks:
    """A Progress that records what it is told."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def start(self, total: int) -> None:
        """Record nothing."""

    def rendered(self, name: str) -> None:
        """Record a render."""
        self.said.append(name)

    def packed(self, pack: str, changed: bool) -> None:
        """Record nothing."""


def job(key: str) -> Job:
    """A job whose leaflet is only a file name."""
    leaflet: Any = SimpleNamespace(filename=f"{key}.pdf")
    return Job(key, leaflet, SimpleNamespace(), WHEN)


def stage(pack: str, *keys: str) -> PackStage:
    """A pack waiting for renders of these keys."""
    spec: Any = SimpleNamespace()
    holder: Any = SimpleNamespace(id=pack)
    return PackStage(holder, [Item(spec, f"{k}.pdf", k) for k in keys], "key")


def run_of(tmp_path: Path, stages: dict[str, PackStage]) -> tuple[_Run, Ticks]:
    """A run with no print step, and what it tells progress."""
    ticks = Ticks()
    return _Run(Cache(tmp_path / "cache"), tmp_path, "draft", None, ticks, stages), ticks


def test_renders_are_called_by_their_jobs_labels(tmp_path: Path) -> None:
    run, _ = run_of(tmp_path, {"p": stage("p", "a", "b")})
    calls = run.first_calls(tmp_path, [job("a"), job("b")])
    assert [(c.fn, c.label) for c in calls] == [(render_task, "a.pdf"), (render_task, "b.pdf")]
    assert run.waiting == {"p": {"a", "b"}}


def test_a_render_done_ticks_and_leaves_its_pack_waiting_for_the_rest(tmp_path: Path) -> None:
    run, ticks = run_of(tmp_path, {"p": stage("p", "a", "b")})
    calls = run.first_calls(tmp_path, [job("a"), job("b")])
    assert run.then(calls[0], Rendered("a", ())) == []
    assert ticks.said == ["a.pdf"] and run.waiting == {"p": {"b"}} and run.leaked == []


def test_a_render_that_found_leaks_is_kept_with_its_job_and_stages_nothing(
    tmp_path: Path,
) -> None:
    run, ticks = run_of(tmp_path, {"p": stage("p", "a")})
    calls = run.first_calls(tmp_path, [job("a")])
    leaks: Any = ("a leak",)
    assert run.then(calls[0], Rendered("a", leaks)) == []
    assert [(j.key, found) for j, found in run.leaked] == [("a", ("a leak",))]
    assert run.waiting == {"p": {"a"}} and ticks.said == ["a.pdf"]


def test_a_pack_is_staged_when_its_pdf_and_print_files_are_both_made(tmp_path: Path) -> None:
    run, _ = run_of(tmp_path, {})
    run.parts["p"], run.folders["p"] = 2, (tmp_path / "staging", [])
    call: Any = None
    assert run.then(call, PrintFilesMade("p")) == [] and "p" not in run.staged
    assert run.then(call, PackPdfMade("p", 12)) == []
    staging, result = run.staged["p"]
    assert staging == tmp_path / "staging"
    assert (result.pack, result.folder, result.pack_pages, result.changed) == (
        "p",
        tmp_path / "p",
        12,
        True,
    )
