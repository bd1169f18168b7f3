"""Build: schedule the renders a build needs (in parallel) and each pack's assembly, then
publish every pack at once.

Each leaflet is laid out (3 mm bleed, black text in 100% K) and written once, and kept twice in
the cache: on screen (PDF/UA-1, pages cut to the trim), and as the print layout from which the
print step makes a pack's print files (drafts, which are never printed, skip the second).
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol

from .assemble import BuiltFile, check_owned, ours, publish
from .atomic import write_atomic
from .cache import Cache, render_cache, render_key
from .clock import environment_kept, pin_time
from .compose import Leaflet
from .errors import ContentError, Problem, RenderError
from .guard import Leak, located
from .layout import Finding, check_layout, rules_for
from .lock import locked_output
from .packs import Pack
from .pipeline import pdf_problems
from .planning import Job, pack_info, pack_key, plan, up_to_date
from .pool import Call, run_calls
from .printing import PrintJob, zip_pack
from .profiles import DEFAULT_PROFILE, print_profile
from .project import (
    Project,
    allowed_by_partnership,
    check_leaflets,
    check_project,
    leaflet_inputs,
    pack_leaflets,
)
from .project import load_project as load_project  # bench/ drives every commit by build's names
from .render import render_inputs, template_name
from .renderfile import render_file, render_into_cache
from .staging import (
    PackStage,
    PrintSettings,
    make_pack_pdf,
    make_print_files,
    print_job,
    start_stage,
)
from .web import web_path


class Progress(Protocol):
    """Where a build reports what it is doing."""

    def start(self, total: int) -> None:
        """Renders to do, before the first."""

    def rendered(self, name: str) -> None:
        """One render finished."""

    def packed(self, pack: str, changed: bool) -> None:
        """One pack assembled (or left as it was)."""


@dataclass(frozen=True)
class PackResult:
    """What building one pack wrote (or found already up to date)."""

    pack: str
    folder: Path
    files: tuple[BuiltFile, ...]
    pack_pages: int
    changed: bool


@dataclass(frozen=True)
class BuildReport:
    """What a build did: packs, renders done and renders reused."""

    packs: tuple[PackResult, ...]
    rendered: int
    reused: int


def publish_pack(staging: Path, result: PackResult) -> PackResult:
    """Swap a staged pack in for the old one (in the build's own process, which holds the lock)."""
    try:
        publish(staging, result.folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _unchanged(pack: Pack, folder: Path, files: tuple[BuiltFile, ...]) -> PackResult:
    return PackResult(pack.id, folder, files, sum(f.pages for f in files), False)


class Quiet:
    """A Progress that says nothing."""

    def start(self, total: int) -> None:
        """Say nothing."""

    def rendered(self, name: str) -> None:
        """Say nothing."""

    def packed(self, pack: str, changed: bool) -> None:
        """Say nothing."""


def build_packs(
    project: Project,
    pack_ids: list[str],
    output: Path,
    workers: int = 1,
    force: bool = False,
    progress: Progress | None = None,
    profile: str = DEFAULT_PROFILE,
    after: Callable[[BuildReport], None] | None = None,
) -> BuildReport:
    """Build the named packs (all when none are named): render what changed, then assemble
    each pack, with its print files unless the print profile is none.

    The output folder is locked for the whole build, so two builds of it take turns; `after`
    is called with the report before the lock is let go.
    """
    with locked_output(output), environment_kept():
        report = _build_packs(project, pack_ids, output, workers, force, progress, profile)
        if after:
            after(report)
        return report


def _build_packs(
    project: Project,
    pack_ids: list[str],
    output: Path,
    workers: int,
    force: bool,
    progress: Progress | None,
    profile: str,
) -> BuildReport:
    tick = progress or Quiet()
    created = pin_time(project.catalog)
    cache = Cache(render_cache(project.root))
    cache.folder.mkdir(parents=True, exist_ok=True)
    packs = [project.packs[i] for i in (pack_ids or sorted(project.packs))]
    for p in packs:
        check_owned(output / p.id)  # before any render: never replace what we did not make
    check_project(project)
    pack_leaflets(project, packs)  # every token problem of every pack at once
    plans = {p.id: plan(project, p, created, profile) for p in packs}
    keys = {p.id: pack_key(p, plans[p.id][0], project.mode) for p in packs}
    printed = print_profile(profile).prints
    printing = PrintSettings(project.catalog.formats, created) if printed else None
    current = {
        p.id: None if force else up_to_date(output / p.id, keys[p.id], printed) for p in packs
    }
    stale = [p for p in packs if current[p.id] is None]
    needed = {j.key: j for p in stale for j in plans[p.id][1]}
    todo = [j for j in needed.values() if force or any(cache.pages(k) is None for k in j.keys)]
    leaflets = [j.leaflet for p in packs for j in plans[p.id][1]]
    allowed = allowed_by_partnership(project, leaflets)
    check_leaflets(project, leaflets, created, {j.leaflet.filename for j in todo}, allowed)
    # The renders guard their own HTML.
    todo = [dataclasses.replace(j, allowed=allowed[j.leaflet.partnership_id]) for j in todo]
    tick.start(len(todo))
    stages = {p.id: PackStage(p, plans[p.id][0], keys[p.id]) for p in stale}
    run = _Run(cache, output, project.mode, printing, tick, stages)
    try:
        run_calls(run.first_calls(project.root, todo), workers, run.then)
        if run.leaked:  # every leak of every leaflet at once, in plan order; nothing published
            order = {j.key: n for n, j in enumerate(todo)}
            found = sorted(run.leaked, key=lambda jl: order[jl[0].key])
            problems = [
                p
                for j, leaks in found
                for p in located(j.leaflet, leaks, leaflet_inputs(project, j.leaflet))
            ]
            raise ContentError(list(dict.fromkeys(problems)))
        check_layouts(project, list(needed.values()), cache)
    except BaseException:
        run.discard()
        raise
    results = []
    for p in packs:
        files = current[p.id]
        changed = files is None
        result = (
            publish_pack(*run.staged[p.id])
            if files is None
            else _unchanged(p, output / p.id, files)
        )
        tick.packed(p.id, changed)
        results.append(result)
    return BuildReport(tuple(results), len(todo), len(needed) - len(todo))


@dataclass(frozen=True)
class Rendered:
    """A render finished: its job's key, and the leaks the guard found instead (none: done)."""

    key: str
    leaks: tuple[Leak, ...]


@dataclass(frozen=True)
class PackPdfMade:
    """A pack's pack.pdf and manifest are staged: its pages."""

    pack: str
    pages: int


@dataclass(frozen=True)
class PrintFilesMade:
    """A pack's print files are staged."""

    pack: str


Completion = Rendered | PackPdfMade | PrintFilesMade


def render_task(root: Path, job: Job, folder: Path) -> Rendered:
    """Render a job into the cache (a pool task)."""
    return Rendered(job.key, render_into_cache(root, job, folder))


def pack_pdf_task(
    pack: str, staging: Path, files: list[BuiltFile], info: dict[str, object], preview: bool
) -> PackPdfMade:
    """Stage a pack's pack.pdf and manifest (a pool task)."""
    return PackPdfMade(pack, make_pack_pdf(staging, files, info, preview))


def print_files_task(pack: str, job: PrintJob, staging: Path) -> PrintFilesMade:
    """Stage a pack's print files (a pool task)."""
    make_print_files(job, staging)
    return PrintFilesMade(pack)


class _Run:
    """One build's renders and pack assemblies: each pack is staged as soon as its renders are
    done (so assembling overlaps rendering; pack.pdf and the print files are made side by side),
    and published only when everything succeeded."""

    def __init__(
        self,
        cache: Cache,
        output: Path,
        mode: str,
        printing: PrintSettings | None,
        tick: Progress,
        stages: dict[str, PackStage],
    ) -> None:
        self.cache, self.output, self.mode, self.printing, self.tick = (
            cache,
            output,
            mode,
            printing,
            tick,
        )
        self.stages = stages
        self.waiting: dict[str, set[str]] = {}
        self.parts: dict[str, int] = {}
        self.pack_pages: dict[str, int] = {}
        self.folders: dict[str, tuple[Path, list[BuiltFile]]] = {}
        self.staged: dict[str, tuple[Path, PackResult]] = {}
        self.leaked: list[tuple[Job, tuple[Leak, ...]]] = []
        self.jobs: dict[str, Job] = {}

    def first_calls(self, root: Path, todo: list[Job]) -> list[Call[Completion]]:
        """Packs with nothing to render are staged first; then every render, pack by pack."""
        keys = {k for j in todo for k in j.keys}
        self.waiting = {i: s.renders & keys for i, s in self.stages.items()}
        ready = [c for i, keys in self.waiting.items() if not keys for c in self._stage_calls(i)]
        self.jobs = {j.key: j for j in todo}
        renders: list[Call[Completion]] = [
            Call(render_task, (root, j, self.cache.folder), j.label) for j in todo
        ]
        return ready + renders

    def _stage_calls(self, pack_id: str) -> list[Call[Completion]]:
        """Start a pack's staging folder here; return the calls that make its pack.pdf and
        print files."""
        s = self.stages[pack_id]
        staging, files = start_stage(s, self.cache, self.output)
        self.folders[pack_id] = (staging, files)
        info = {**pack_info(s.pack), "mode": self.mode, "build_key": s.key}
        printed = self.printing is not None
        calls: list[Call[Completion]] = [
            Call(pack_pdf_task, (pack_id, staging, files, info, printed), pack_id)
        ]
        if self.printing is not None:
            job = print_job(s.pack, s.items, files, self.cache, self.printing)
            calls.append(Call(print_files_task, (pack_id, job, staging), pack_id))
        self.parts[pack_id] = len(calls)
        return calls

    def then(self, call: Call[Completion], done: Completion) -> list[Call[Completion]]:
        """After a render, stage the packs it completes; after a pack's last part, keep it."""
        match done:
            case PackPdfMade(pack, pages):
                self._part_done(pack, pages)
            case PrintFilesMade(pack):
                self._part_done(pack, None)
            case Rendered(key, leaks):
                job = self.jobs[key]
                self.tick.rendered(job.label)
                if leaks:  # the guard found leaks: nothing rendered, nothing of its packs staged
                    self.leaked.append((job, leaks))
                else:
                    return self._rendered(set(job.keys))
        return []

    def _rendered(self, made: set[str]) -> list[Call[Completion]]:
        """Stage the packs whose last renders these are."""
        done = []
        for pack_id, keys in self.waiting.items():
            if keys & made:
                keys -= made
                if not keys:
                    done += self._stage_calls(pack_id)
        return done

    def _part_done(self, pack_id: str, pack_pages: int | None) -> None:
        if pack_pages is not None:
            self.pack_pages[pack_id] = pack_pages
        self.parts[pack_id] -= 1
        if not self.parts[pack_id]:
            staging, files = self.folders[pack_id]
            if self.printing is not None:
                zip_pack(staging, pack_id, self.printing.created)
            folder = self.output / pack_id
            result = PackResult(pack_id, folder, tuple(files), self.pack_pages[pack_id], True)
            self.staged[pack_id] = (staging, result)

    def discard(self) -> None:
        """Remove every staged folder (a build that fails publishes nothing)."""
        for pack_id in self.stages:
            for folder in self.output.glob(f".{pack_id}.staging-*"):
                if ours(folder):
                    shutil.rmtree(folder, ignore_errors=True)


def check_layouts(project: Project, jobs: list[Job], cache: Cache) -> None:
    """Fail with every layout rule the renders of these jobs break (fresh or reused: the
    verdict is kept with each render), leaflet by leaflet in plan order."""
    problems: list[Problem] = []
    for job in jobs:
        findings = cache.findings(job.key) or ()
        problems += _layout_problems(project, job, findings)
    if problems:
        raise RenderError(problems)


def _layout_problems(project: Project, job: Job, findings: Iterable[Finding]) -> list[Problem]:
    """A render's layout findings, located in the leaflet's inputs (else at its template)."""
    where = project.templates / template_name(job.leaflet, job.fmt, project.templates)
    inputs = leaflet_inputs(project, job.leaflet)
    return pdf_problems(job.leaflet.filename, tuple(findings), inputs, where)


def build_leaflet(project: Project, leaflet: Leaflet, out_dir: Path) -> tuple[Path, int]:
    """Render one leaflet on its own into out_dir, if it passes the layout check; return its
    path and page count."""
    created = pin_time(project.catalog)
    check_leaflets(project, [leaflet], created)
    fmt = project.catalog.formats[leaflet.format]
    inputs = render_inputs(leaflet, fmt, project.templates)
    job = Job(render_key(inputs, created), leaflet, fmt, created, inputs=inputs)
    path = out_dir / leaflet.filename
    with tempfile.TemporaryDirectory(prefix="resourcepack-") as folder:
        trial = Path(folder) / leaflet.filename
        pages = render_file(project.root, job, trial)
        if problems := _layout_problems(project, job, check_layout(trial, rules_for(fmt))):
            raise RenderError(problems)
        for made, kept in ((web_path(trial), web_path(path)), (trial, path)):
            write_atomic(kept, partial(shutil.copyfile, made))
    return path, pages
