"""Build: load and validate everything, render what changed (in parallel), assemble each pack.

Each leaflet is laid out (3 mm bleed, black text in 100% K) and written once, and kept twice in
the cache: on screen (PDF/UA-1, pages cut to the trim), and as the print layout from which the
print step makes a pack's print files (drafts, which are never printed, skip the second).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from .assemble import (
    BuiltFile,
    BuiltFrom,
    built_file,
    built_from,
    check_owned,
    ours,
    publish,
    sha256_of,
    staging_folder,
    write_manifest,
    write_pack_pdf,
)
from .cache import Cache, engine_versions, print_key, render_cache, render_key
from .catalog import Catalog, load_catalog
from .compose import Leaflet, compose, composed_docs
from .content import Format
from .errors import ContentError, Problem, RenderError, UsageError, problem_at
from .guard import Allowed, Leak, allowed_for, found_in, guard, located, owners_index
from .jobsheet import Held
from .layout import Finding, check_layout, layout_problems, rules_for
from .lock import locked_output
from .packs import LeafletSpec, Pack, load_packs
from .pdf import render_padded, write_atomic, write_outputs
from .pipeline import check_page, leaflet_problems, validate
from .pool import Call, run_calls
from .printing import (
    NO_PRINT,
    PDF_X4,
    PrintJob,
    print_intact,
    print_pack,
    write_screen_preview,
    zip_pack,
)
from .render import font_faces, render_html, shared_css, template_name
from .source import SourceDoc
from .web import render_web, web_path


class Progress(Protocol):
    """Where a build reports what it is doing."""

    def start(self, total: int) -> None:
        """Renders to do, before the first."""

    def rendered(self, name: str) -> None:
        """One render finished."""

    def packed(self, pack: str, changed: bool) -> None:
        """One pack assembled (or left as it was)."""


@dataclass(frozen=True)
class Project:
    """A loaded, validated project: content catalog and packs."""

    root: Path
    catalog: Catalog
    packs: Mapping[str, Pack]
    mode: str = "draft"

    @property
    def templates(self) -> Path:
        """The templates folder."""
        return self.root / "templates"


@dataclass(frozen=True)
class Job:
    """One leaflet to render: its key, content, format and timestamp; with its print layout
    too, or on screen only."""

    key: str
    leaflet: Leaflet
    fmt: Format
    created: dt.datetime
    printed: bool = False
    allowed: Allowed | None = None  # given, the render checks the HTML with the leak guard

    @property
    def label(self) -> str:
        """What progress calls this render."""
        return self.leaflet.filename + (" (and its print layout)" if self.printed else "")

    @property
    def print_key(self) -> str | None:
        """The cache key of its print layout, if it makes one."""
        return print_key(self.key) if self.printed else None

    @property
    def keys(self) -> tuple[str, ...]:
        """The cache entries it writes."""
        return (self.key, self.print_key) if self.print_key else (self.key,)


@dataclass(frozen=True)
class Item:
    """One leaflet of a pack, by the renders that make it (on screen, and for print if asked)."""

    spec: LeafletSpec
    filename: str
    key: str
    built_from: BuiltFrom | None = None
    leaflet: Leaflet | None = None
    print_key: str | None = None


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


def load_project(root: Path, strict: bool = False, today: dt.date | None = None) -> Project:
    """Load content and packs; with strict, warnings are errors."""
    try:
        catalog = load_catalog(root, today)
    except ContentError as e:
        load_packs(root, None, e.problems)
        raise
    packs = load_packs(root, catalog)
    if strict and catalog.warnings:
        raise ContentError(
            Problem(w.path, w.line, w.column, f"{w.message} (--strict)") for w in catalog.warnings
        )
    return Project(root, catalog, packs)


def check_project(project: Project) -> None:
    """Run every source and catalog check (once per loaded project); raise all failures."""
    validate(project)


def check_leaflets(
    project: Project,
    leaflets: list[Leaflet],
    created: dt.datetime | None = None,
    guarded: Collection[str] = (),
    allowed: Mapping[str, Allowed] | None = None,
) -> None:
    """Check every leaflet: a glyph in its fonts for every character, and the leak guard on its
    final text (only its own partnership's local details and national ones, as `allowed` says
    by partnership), except for those named in guarded, which their renders guard."""
    problems: list[Problem] = []
    unique = {lf.filename: lf for lf in leaflets}.values()
    for leaflet in unique:
        problems += leaflet_problems(project.root, leaflet, leaflet_inputs(project, leaflet))
    when = created or dt.datetime.fromtimestamp(source_date_epoch(project.catalog), dt.UTC)
    allowed = allowed or allowed_by_partnership(project, unique)
    for leaflet in (lf for lf in unique if lf.filename not in guarded):
        fmt = project.catalog.formats[leaflet.format]
        html = render_html(leaflet, fmt, project.templates, when)
        problems += guard(
            leaflet, html, allowed[leaflet.partnership_id], leaflet_inputs(project, leaflet)
        )
    if problems:
        raise ContentError(dict.fromkeys(problems))


def allowed_by_partnership(project: Project, leaflets: Iterable[Leaflet]) -> dict[str, Allowed]:
    """What each of these leaflets' partnerships may print (one owners index for all)."""
    index = owners_index(project.catalog)
    partnerships = {lf.partnership_id for lf in leaflets}
    return {p: allowed_for(project.catalog, p, index) for p in sorted(partnerships)}


def leaflet_inputs(project: Project, leaflet: Leaflet) -> list[SourceDoc | Path]:
    """Where a leaflet's words can come from: the texts it composed (each at its place in its
    file) first, then its partnership's files and the content's, then templates."""
    docs = project.catalog.docs
    names = (
        f"partnerships/{leaflet.partnership_id}",
        f"partnerships/{leaflet.partnership_id}.{leaflet.language}",
        f"topics/{leaflet.topic}",
        f"translations/{leaflet.topic}.{leaflet.language}",
        f"easy-read/{leaflet.topic}",
        "national-contacts",
        "resources",
    )
    templates = sorted(project.templates.rglob("*.j2")) + sorted(project.templates.rglob("*.css"))
    return [*composed_docs(leaflet), *(docs[n] for n in names if n in docs), *templates]


def pack_leaflets(project: Project, packs: list[Pack]) -> list[Leaflet]:
    """Every leaflet the packs ask for, composed; every token problem of all of them at once."""
    out: list[Leaflet] = []
    problems: list[Problem] = []
    valid = validate(project)  # checked once per project: compose takes only a valid catalog
    for p in packs:
        for s in p.leaflets:
            try:
                out.append(
                    compose(
                        valid,
                        s.topic,
                        s.audience,
                        s.format,
                        p.partnership,
                        s.language,
                        s.variant,
                    )
                )
            except ContentError as e:
                problems += e.problems
    if problems:
        raise ContentError(
            sorted(dict.fromkeys(problems), key=lambda p: (str(p.path), p.line, p.column))
        )
    return out


def release_leaflets(project: Project, pack_ids: Sequence[str]) -> tuple[Leaflet, ...]:
    """The composed leaflets of the named packs (all packs when none are named)."""
    return tuple(
        pack_leaflets(project, [project.packs[i] for i in pack_ids or sorted(project.packs)])
    )


def source_date_epoch(catalog: Catalog) -> int:
    """SOURCE_DATE_EPOCH if set, else midnight UTC of the newest review date in the content."""
    if value := os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return _epoch(value)
    days = [t.review.last_reviewed for t in catalog.topics.values()]
    days += [p.review.last_reviewed for p in catalog.partnerships.values()]
    newest = max(days, default=dt.date(2026, 1, 1))
    return int(dt.datetime.combine(newest, dt.time(), dt.UTC).timestamp())


LATEST_EPOCH = 4102444800  # 2100-01-01: ZIP and PDF dates cannot go much further


def _epoch(value: str) -> int:
    """SOURCE_DATE_EPOCH as seconds, or a usage error saying what is wrong with it."""
    if not value.isdigit() or int(value) > LATEST_EPOCH:
        msg = (
            f"SOURCE_DATE_EPOCH is '{value[:40]}'; it must be whole seconds since 1970 "
            f"(0 to {LATEST_EPOCH}), or unset"
        )
        raise UsageError([problem_at("environment", 1, 1, msg)])
    return int(value)


def pin_time(catalog: Catalog) -> dt.datetime:
    """Make every timestamp the PDF tools write depend only on the content; return it."""
    epoch = source_date_epoch(catalog)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


@contextmanager
def _environment_kept() -> Iterator[None]:
    """Put back SOURCE_DATE_EPOCH as it was (pin_time sets it for the PDF tools) when done."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def allowed_folders(root: Path, families: tuple[str, ...]) -> tuple[Path, ...]:
    """Folders a render may read: the project's own and its font files'."""
    fonts = {f.path.parent for f in font_faces(root, families)}
    return (root / "templates", root / "content", *sorted(fonts))


def check_length(job: Job, pages: int) -> None:
    """A leaflet longer than its variant allows, or than its format's fixed count, is an error."""
    limit, fixed = job.leaflet.max_pages, job.fmt.pages
    if limit and pages > limit:
        msg = (
            f"{job.leaflet.filename} has {pages} pages; {job.leaflet.variant} allows {limit}: "
            "shorten the text it ends with"
        )
        raise RenderError([problem_at(*job.leaflet.ends_at, msg)])
    if fixed is not None and pages > fixed:
        what = "panels" if job.fmt.production.imposition == "trifold" else "pages"
        msg = (
            f"leaflet {job.leaflet.filename.removesuffix('.pdf')} does not fit the {job.fmt.id} "
            f"format: its content needs {pages} {what} and the format has {fixed}; shorten the "
            "text for this format, or leave sections out of it with 'formats:'"
        )
        raise RenderError([problem_at(*job.leaflet.ends_at, msg)])


def check_back_cover(job: Job, document: Any, notes: int, templates: Path) -> None:
    """A leaflet's back cover, when it has one, is on its last page alone (so fits on it); else
    an error at the macro that writes it."""
    pages = document.pages  # a box's id is an anchor on every page it runs onto
    if notes and job.fmt.back_cover != "none" and "back-cover" in pages[-2].anchors:
        macros = templates / "macros.html.j2"
        text = macros.read_text(encoding="utf-8")
        line = text[: text.find("{% macro back_cover")].count("\n") + 1
        msg = (
            f"the back cover of {job.leaflet.filename} runs over one page: shorten the names of "
            "its contacts and resources, or make them smaller for this format"
        )
        raise RenderError([problem_at(str(macros), line, 1, msg)])


def render_file(
    root: Path, job: Job, path: Path, cache: Cache | None = None, print_path: Path | None = None
) -> int:
    """Lay out one leaflet once and write it once; keep it at path on screen (cut to the trim)
    and, if print_path is given, as its print layout (with bleed) there; return its pages.

    With a cache, the notes pages its last render needed are the first guess (one layout pass
    instead of two when the guess is right).
    """
    templates = root / "templates"
    where = str(templates / template_name(job.leaflet, job.fmt, templates))

    def make_html(pad: int) -> str:
        html = render_html(job.leaflet, job.fmt, templates, job.created, pad)
        check_page(html, where, sorted(templates.rglob("*.j2")))
        if job.allowed and (found := found_in(html, job.allowed, job.leaflet.partnership_id)):
            raise Leaked(found)
        return html

    allowed = allowed_folders(root, job.leaflet.fonts)
    fmt, name = job.fmt, job.leaflet.filename
    # This leaflet's last render, else the same leaflet's for any partnership: its local
    # details rarely change its length, so a new partnership's leaflets are laid out once.
    names = (name, f"any-partnership/{name.removeprefix(job.leaflet.partnership_id + '.')}")
    least = 1 if fmt.back_cover == "always" else 0  # its last page is the back cover
    guess = max(cache.notes_guess(names) if cache else 0, least)
    css = shared_css(job.leaflet, job.fmt, templates)
    document, notes = render_padded(
        make_html, fmt.pad_to, templates, allowed, where, fmt.pages, guess, css, least
    )
    check_length(job, len(document.pages))
    check_back_cover(job, document, notes, templates)
    write_outputs(document, path, print_path, where, allowed, job.leaflet.fonts)
    if cache:  # the layout check's verdict, kept with the render (the build reads it)
        cache.remember_findings(job.key, check_layout(path, rules_for(fmt)))
    page = render_web(job.leaflet, fmt, templates, job.created)
    write_atomic(web_path(path), lambda tmp: tmp.write_text(page, encoding="utf-8"))
    if cache:
        cache.remember_notes(names, notes)
    return len(document.pages)


class Leaked(Exception):
    """A leaflet's HTML prints another partnership's details (found by the guard in a render)."""

    def __init__(self, found: tuple[Leak, ...]) -> None:
        super().__init__(found)
        self.found = found


def render_into_cache(root: Path, job: Job, folder: Path) -> tuple[Leak, ...]:
    """Render a job into the cache (a process-pool task, so the timestamp is pinned here too);
    return the leaks the guard found in its HTML instead, rendering nothing, if it found any."""
    os.environ["SOURCE_DATE_EPOCH"] = str(int(job.created.timestamp()))
    cache = Cache(folder)
    printed = cache.pdf(job.print_key) if job.print_key else None
    try:
        pages = render_file(root, job, cache.pdf(job.key), cache, printed)
    except Leaked as e:
        return e.found
    for key in job.keys:
        cache.remember(key, pages)
    return ()


def plan(
    project: Project, pack: Pack, created: dt.datetime, profile: str = PDF_X4
) -> tuple[list[Item], list[Job]]:
    """A pack's items and the render jobs they need (print layouts too, unless profile is none)."""
    items, jobs = [], []
    for spec, leaflet in zip(pack.leaflets, pack_leaflets(project, [pack]), strict=True):
        fmt = project.catalog.formats[spec.format]
        key = render_key(leaflet, fmt, project.templates, created)
        printed = profile != NO_PRINT and not leaflet.draft  # a draft is not for distribution
        job = Job(key, leaflet, fmt, created, printed)
        jobs.append(job)
        items.append(Item(spec, leaflet.filename, key, built_from(leaflet), leaflet, job.print_key))
    return items, jobs


def _pack_info(pack: Pack) -> dict[str, Any]:
    return {
        "pack": pack.id,
        "name": pack.name,
        "event": pack.event.model_dump(mode="json"),
        "partnership": pack.partnership,
        "deliver_by": pack.deliver_by,
    }


def pack_key(pack: Pack, items: list[Item], mode: str = "draft") -> str:
    """The hash of everything that decides a pack folder's contents."""
    data = [
        _pack_info(pack),
        mode,
        [(i.filename, i.key, i.print_key, i.spec.copies) for i in items],
    ]
    data.append(engine_versions())
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


def up_to_date(folder: Path, key: str, printed: bool = False) -> tuple[BuiltFile, ...] | None:
    """The pack's files if its folder was built from key and is intact (print files too)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("build_key") != key:
            return None
        files = tuple(built_file(f) for f in manifest["files"])
        pack_pdf = str(manifest["pack_pdf"]["sha256"])
    except (OSError, ValueError, TypeError, KeyError):
        return None
    intact = all(sha256_of(folder / f.file) == f.sha256 for f in files)
    intact = (
        intact and (folder / "pack.pdf").is_file() and sha256_of(folder / "pack.pdf") == pack_pdf
    )
    return files if intact and (not printed or print_intact(folder)) else None


@dataclass(frozen=True)
class PrintSettings:
    """What the print step needs besides a pack's files: the formats and the build's time."""

    formats: Mapping[str, Format]
    created: dt.datetime


def print_job(
    pack: Pack, items: list[Item], files: list[BuiltFile], cache: Cache, settings: PrintSettings
) -> PrintJob:
    """What the print step needs: each leaflet, its on-screen file and its cached print layout."""
    rows = tuple(
        (i.leaflet, f, cache.pdf(i.print_key))
        for i, f in zip(items, files, strict=True)
        if i.leaflet and i.print_key
    )
    held = tuple(
        Held(i.filename, i.spec.copies, "; ".join(i.leaflet.draft))
        for i in items
        if i.leaflet and not i.print_key
    )
    return PrintJob(pack, rows, settings.formats, settings.created, held)


def start_stage(stage: _PackStage, cache: Cache, output: Path) -> tuple[Path, list[BuiltFile]]:
    """Copy a pack's renders into a fresh staging folder; return it and the files."""
    staging = staging_folder(output, stage.pack.id)
    try:
        return staging, [_copy_item(item, cache, staging) for item in stage.items]
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def make_pack_pdf(
    staging: Path, files: list[BuiltFile], info: dict[str, Any], preview: bool
) -> int:
    """Write pack.pdf, then the manifest (and, with preview, preview.png); return its pages."""
    pages = write_pack_pdf(staging, files, f"{info['name']}: {info['event']['name']}")
    write_manifest(staging, info, files)
    if preview:
        write_screen_preview(staging, [f.file for f in files])
    return pages


def make_print_files(job: PrintJob, staging: Path) -> None:
    """Write a pack's print folder (a pool task, so it returns nothing to pickle; and pins the
    timestamp here too: a worker that rendered nothing has not had it set, and ReportLab would
    stamp the job sheet with its own default date)."""
    os.environ["SOURCE_DATE_EPOCH"] = str(int(job.created.timestamp()))
    print_pack(job, staging)


def _copy_item(item: Item, cache: Cache, staging: Path) -> BuiltFile:
    shutil.copyfile(cache.pdf(item.key), staging / item.filename)
    shutil.copyfile(cache.edition(item.key), web_path(staging / item.filename))
    s = item.spec
    return BuiltFile(
        item.filename,
        s.topic,
        s.audience,
        s.language,
        s.format,
        cache.pages(item.key) or 0,
        s.copies,
        sha256_of(staging / item.filename),
        item.built_from,
        sha256_of(web_path(staging / item.filename)),
    )


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
    profile: str = PDF_X4,
    after: Callable[[BuildReport], None] | None = None,
) -> BuildReport:
    """Build the named packs (all when none are named): render what changed, then assemble
    each pack, with its print files unless the print profile is none.

    The output folder is locked for the whole build, so two builds of it take turns; `after`
    is called with the report before the lock is let go.
    """
    with locked_output(output), _environment_kept():
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
    printed = profile != NO_PRINT
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
    stages = {p.id: _PackStage(p, plans[p.id][0], keys[p.id]) for p in stale}
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
class _PackStage:
    """A pack to assemble once its renders are in the cache."""

    pack: Pack
    items: list[Item]
    key: str

    @property
    def renders(self) -> set[str]:
        """The cache keys its items need."""
        return {k for i in self.items for k in (i.key, i.print_key) if k}


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
        stages: dict[str, _PackStage],
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

    def first_calls(self, root: Path, todo: list[Job]) -> list[Call]:
        """Packs with nothing to render are staged first; then every render, pack by pack."""
        keys = {k for j in todo for k in j.keys}
        self.waiting = {i: s.renders & keys for i, s in self.stages.items()}
        ready = [c for i, keys in self.waiting.items() if not keys for c in self._stage_calls(i)]
        renders = [Call(render_into_cache, (root, j, self.cache.folder), j.label) for j in todo]
        return ready + renders

    def _stage_calls(self, pack_id: str) -> list[Call]:
        """Start a pack's staging folder here; return the calls that make its pack.pdf and
        print files."""
        s = self.stages[pack_id]
        staging, files = start_stage(s, self.cache, self.output)
        self.folders[pack_id] = (staging, files)
        info = {**_pack_info(s.pack), "mode": self.mode, "build_key": s.key}
        printed = self.printing is not None
        calls = [Call(make_pack_pdf, (staging, files, info, printed), pack_id)]
        if self.printing is not None:
            job = print_job(s.pack, s.items, files, self.cache, self.printing)
            calls.append(Call(make_print_files, (job, staging), pack_id))
        self.parts[pack_id] = len(calls)
        return calls

    def then(self, call: Call, result: Any) -> list[Call]:
        """After a render, stage the packs it completes; after a pack's last part, keep it."""
        if call.fn is make_pack_pdf or call.fn is make_print_files:
            self._part_done(call.label, result if call.fn is make_pack_pdf else None)
            return []
        self.tick.rendered(call.label)
        if result:  # the guard found leaks: nothing rendered, nothing of its packs staged
            self.leaked.append((call.args[1], result))
            return []
        made = set(call.args[1].keys)
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
    return layout_problems(job.leaflet.filename, findings, inputs, where)


def build_leaflet(project: Project, leaflet: Leaflet, out_dir: Path) -> tuple[Path, int]:
    """Render one leaflet on its own into out_dir, if it passes the layout check; return its
    path and page count."""
    created = pin_time(project.catalog)
    check_leaflets(project, [leaflet], created)
    fmt = project.catalog.formats[leaflet.format]
    job = Job(render_key(leaflet, fmt, project.templates, created), leaflet, fmt, created)
    path = out_dir / leaflet.filename
    with tempfile.TemporaryDirectory(prefix="resourcepack-") as folder:
        trial = Path(folder) / leaflet.filename
        pages = render_file(project.root, job, trial)
        if problems := _layout_problems(project, job, check_layout(trial, rules_for(fmt))):
            raise RenderError(problems)
        for made, kept in ((web_path(trial), web_path(path)), (trial, path)):
            write_atomic(kept, partial(shutil.copyfile, made))
    return path, pages
