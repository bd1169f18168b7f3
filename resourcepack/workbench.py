"""The studio's work, apart from the web: the catalogue of every leaflet the content can make,
previews rendered in this process (WeasyPrint stays warm) into the render cache, and packs
saved as YAML and built."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import yaml

from .atomic import write_atomic
from .build import BuildReport, Progress, build_packs
from .cache import Cache, print_key, render_cache, render_key
from .catalog import Gatherer, load_each
from .clock import pin_time
from .compose import Leaflet, compose
from .errors import ContentError, Problem, ResourcePackError, UsageError
from .packs import LeafletSpec, Pack, check_pack, leaflet_problems
from .paths import ProjectPaths
from .pipeline import validate
from .planning import Job
from .project import Project, check_leaflets, load_project
from .render import render_inputs
from .renderfile import render_file
from .web import web_path

ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
PARTS = ("partnership", "topic", "audience", "variant", "language", "format")


@dataclass(frozen=True)
class Entry:
    """One leaflet the catalogue lists: what it is, and why it cannot be made, if it cannot."""

    partnership: str
    topic: str
    audience: str
    variant: str
    language: str
    format: str
    cannot: tuple[str, ...] = ()
    draft: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Its id in the studio's addresses: the six parts, joined by dots."""
        return ".".join(getattr(self, p) for p in PARTS)

    def spec(self, copies: int = 1) -> LeafletSpec:
        """It as one line of a pack."""
        return LeafletSpec(
            topic=self.topic,
            audience=self.audience,
            format=self.format,
            language=self.language,
            variant=self.variant,
            copies=copies,
        )


@dataclass(frozen=True)
class Preview:
    """A leaflet rendered into the cache: its screen and print PDFs, HTML edition and pages."""

    entry: Entry
    key: str
    pages: int
    pdf: Path
    print_pdf: Path
    leaflet: Leaflet

    @property
    def html(self) -> Path:
        """Its HTML edition, beside the PDF in the cache."""
        return web_path(self.pdf)


def parse_id(text: str) -> tuple[str, ...]:
    """The six parts of a leaflet id, each a plain id; anything else is a usage error."""
    parts = tuple(text.split("."))
    if len(parts) != len(PARTS) or not all(ID.fullmatch(p) for p in parts):
        raise UsageError([Problem("address", 1, 1, f"'{text[:80]}' is not a leaflet id")])
    return parts


def entries(project: Project) -> tuple[Entry, ...]:
    """Every combination of partnership, topic, audience, variant, language and format, each
    with why it cannot be made, or, if it can, why it would be a draft."""
    cat = project.catalog
    axes = (cat.partnerships, cat.topics, cat.audiences, cat.variants, cat.languages)
    return tuple(make_entry(project, p) for p in product(*(sorted(a) for a in axes), cat.formats))


def make_entry(project: Project, parts: tuple[str, ...]) -> Entry:
    """The entry of these six parts, with why it cannot be made or why it would be a draft."""
    part, topic, audience, variant, language, fmt = parts
    entry = Entry(part, topic, audience, variant, language, fmt)
    cannot = tuple(msg for _, msg in leaflet_problems(project.catalog, entry.spec()))
    return replace(entry, cannot=cannot, draft=_draft(project, entry, cannot))


def _draft(project: Project, entry: Entry, cannot: tuple[str, ...]) -> tuple[str, ...]:
    """Why a leaflet that can be made is a draft (its composition's reasons)."""
    if cannot:
        return ()
    try:
        return compose_entry(project, entry).draft
    except ResourcePackError as e:
        return tuple(p.message for p in e.problems)


def compose_entry(project: Project, entry: Entry) -> Leaflet:
    """The leaflet an entry names, composed."""
    return compose(
        validate(project),
        entry.topic,
        entry.audience,
        entry.format,
        entry.partnership,
        entry.language,
        entry.variant,
    )


PDFIUM = threading.Lock()  # PDFium is not thread-safe: one page image at a time


def page_png(pdf: Path, page: int, width: int) -> bytes:
    """One page of a PDF as a PNG this many pixels wide."""
    with PDFIUM:
        image = _page_image(pdf, page, width)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _page_image(pdf: Path, page: int, width: int) -> Any:
    """One page of a PDF as a PIL image this many pixels wide."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        if not 0 <= page < len(document):
            raise UsageError([Problem("address", 1, 1, f"there is no page {page + 1}")])
        p = document[page]
        image = p.render(scale=width / p.get_width()).to_pil()
        p.close()
    finally:
        document.close()
    return image


@dataclass
class Workbench:
    """The project as the studio sees it: reloaded after every change to its files, with the
    last good preview of each leaflet kept for when a change breaks it."""

    root: Path
    generation: int = 0
    _loaded: tuple[int, Project | None, tuple[Problem, ...]] = (-1, None, ())
    _entries: tuple[int, tuple[Entry, ...]] = (-1, ())
    last_good: dict[str, Preview] = field(default_factory=dict)
    failed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ids: their last errors
    lock: threading.RLock = field(default_factory=threading.RLock)  # the loaded project
    rendering: threading.Lock = field(default_factory=threading.Lock)  # one render at a time

    def cache(self) -> Cache:
        """The render cache the previews are kept in (shared with `build`)."""
        return Cache(render_cache(self.root))

    def changed(self) -> None:
        """Files changed: load the project again when next asked."""
        with self.lock:
            self.generation += 1

    def project(self) -> Project:
        """The project as its files are now; its problems (every one, located) if it fails."""
        with self.lock:
            if self._loaded[0] != self.generation:
                try:
                    project = load_project(self.root)
                    validate(project)
                    self._loaded = (self.generation, project, ())
                except ResourcePackError as e:
                    self._loaded = (self.generation, None, e.problems)
            _, loaded, problems = self._loaded
            if loaded is None:
                raise ContentError(problems)
            return loaded

    def entries(self) -> tuple[Entry, ...]:
        """The catalogue, for the project as it is now."""
        with self.lock:
            project = self.project()
            if self._entries[0] != self.generation:
                self._entries = (self.generation, entries(project))
            return self._entries[1]

    def entry(self, leaflet_id: str) -> Entry:
        """The catalogue's entry of an id; a usage error if there is none."""
        parts = parse_id(leaflet_id)
        project = self.project()
        cat = project.catalog
        axes = (cat.partnerships, cat.topics, cat.audiences, cat.variants, cat.languages)
        if not all(p in axis for p, axis in zip(parts, (*axes, cat.formats), strict=True)):
            msg = f"no leaflet '{leaflet_id}' in the catalogue"
            raise UsageError([Problem("address", 1, 1, msg)])
        return make_entry(project, parts)

    def cached_pages(self, entry: Entry) -> int | None:
        """The pages of an entry's current render, if the cache has it (nothing is rendered)."""
        with self.lock:
            project = self.project()
            leaflet = compose_entry(project, entry)
            fmt = project.catalog.formats[entry.format]
            inputs = render_inputs(leaflet, fmt, project.templates)
            key = render_key(inputs, pin_time(project.catalog))
            return self.cache().pages(key)

    def preview(self, entry: Entry) -> Preview:
        """Render an entry (unless the cache has it) on screen and for print; remember it."""
        if entry.cannot:
            raise UsageError([Problem("catalogue", 1, 1, entry.cannot[0])])
        with self.lock:
            project = self.project()
            leaflet = compose_entry(project, entry)
            created = pin_time(project.catalog)
            check_leaflets(project, [leaflet], created)
            fmt = project.catalog.formats[entry.format]
            inputs = render_inputs(leaflet, fmt, project.templates)
            job = Job(render_key(inputs, created), leaflet, fmt, created, inputs=inputs)
        try:
            made = self._render(entry, job)
        except ResourcePackError as e:
            self.failed[entry.id] = tuple(p.message for p in e.problems)
            raise
        self.failed.pop(entry.id, None)
        self.last_good[entry.id] = made
        return made

    def _render(self, entry: Entry, job: Job) -> Preview:
        """Render a job into the cache, unless it is there; one render at a time."""
        cache = self.cache()
        printed = cache.pdf(print_key(job.key))
        with self.rendering:
            if (pages := cache.pages(job.key)) is None or cache.pages(print_key(job.key)) is None:
                pages = render_file(self.root, job, cache.pdf(job.key), cache, printed)
                cache.remember(job.key, pages)
        return Preview(entry, job.key, pages, cache.pdf(job.key), printed, job.leaflet)

    def save_pack(self, form: Mapping[str, Any]) -> str:
        """Write a new packs/<id>.yaml from the pack builder's fields, if it is a valid pack
        (checked as any pack is); return its id. Nothing is written if it is not."""
        with self.lock:
            project = self.project()
            data = pack_data(form)
            pack_id = str(data["id"])
            path = ProjectPaths(self.root).pack_file(pack_id)
            if path.exists():
                msg = f"there is a pack '{pack_id}' already; choose another id"
                raise UsageError([Problem(f"packs/{pack_id}.yaml", 1, 1, msg)])
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
            checked(self.root, pack_id, text, project)
            write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
            self.changed()
            return pack_id

    def build(self, pack_id: str, progress: Progress) -> BuildReport:
        """Build one pack into output/<id>/ (a failed build leaves the last good pack)."""
        project = self.project()
        if pack_id not in project.packs:
            raise UsageError([Problem("address", 1, 1, f"no pack '{pack_id}'")])
        with self.rendering:
            return build_packs(
                project, [pack_id], ProjectPaths(self.root).output, 1, progress=progress
            )


def pack_data(form: Mapping[str, Any]) -> dict[str, Any]:
    """A pack file's data from the builder's fields (leaflets: {leaflet id: copies})."""
    pack_id = str(form.get("id", "")).strip()
    if not ID.fullmatch(pack_id):
        msg = "the pack id is lower-case letters, digits and hyphens (like parents-evening)"
        raise UsageError([Problem("pack id", 1, 1, msg)])
    leaflets = []
    for leaflet_id, copies in form["leaflets"].items():
        _, topic, audience, variant, language, fmt = parse_id(leaflet_id)
        spec = {"topic": topic, "audience": audience, "format": fmt, "language": language}
        leaflets.append({**spec, "variant": variant, "copies": copies})
    partnerships = {k.split(".")[0] for k in form["leaflets"]}
    data: dict[str, Any] = {
        "id": pack_id,
        "name": form.get("name", ""),
        "event": {"name": form.get("event", ""), "date": _date(form.get("date")), "venue": ""},
        "partnership": min(partnerships) if partnerships else "",
        "leaflets": leaflets,
    }
    data["event"]["venue"] = form.get("venue", "")
    if form.get("deliver_by"):
        data["deliver_by"] = _date(form["deliver_by"])
    if len(partnerships) > 1:
        msg = "a pack is for one partnership: choose leaflets of one partnership only"
        raise UsageError([Problem("leaflets", 1, 1, msg)])
    return data


def _date(value: Any) -> Any:
    """A form's yyyy-mm-dd as a date (YAML writes it bare); anything else as given."""
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return value


def checked(root: Path, pack_id: str, text: str, project: Project) -> Pack:
    """Check a pack's text as `build` would, in a scratch folder; its problems if it fails."""
    scratch = ProjectPaths(root).studio_packs
    scratch.mkdir(parents=True, exist_ok=True)
    for old in scratch.glob("*.yaml"):
        old.unlink()
    (scratch / f"{pack_id}.yaml").write_text(text, encoding="utf-8")
    g = Gatherer(root)
    found = load_each(g, scratch, Pack, project.catalog.context())
    for pack, doc in found.values():
        check_pack(g, doc, pack, project.catalog)
    if g.problems or not found:  # named as the file it would have been saved as
        where = f"packs/{pack_id}.yaml"
        problems = [replace(p, path=where) for p in g.problems]
        raise ContentError(problems or [Problem(where, 1, 1, "the pack did not load")])
    return next(iter(found.values()))[0]
