"""Build: load and validate everything, then render each pack's leaflets and assemble them."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assemble import (
    BuiltFile,
    publish,
    sha256_of,
    staging_folder,
    write_manifest,
    write_pack_pdf,
)
from .catalog import Catalog, load_catalog
from .compose import Leaflet, compose
from .errors import ContentError, Problem, RenderError, problem_at
from .packs import LeafletSpec, Pack, load_packs
from .pdf import PDF_VARIANT, render_padded, write_pdf
from .printing import NO_PRINT, PDF_X4, PrintJob, print_pack
from .render import font_faces, render_html, template_name

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Project:
    """A loaded, validated project: content catalog and packs."""

    root: Path
    catalog: Catalog
    packs: Mapping[str, Pack]

    @property
    def templates(self) -> Path:
        """The templates folder."""
        return self.root / "templates"


@dataclass(frozen=True)
class PackResult:
    """What building one pack wrote."""

    pack: str
    folder: Path
    files: tuple[BuiltFile, ...]
    pack_pages: int


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


def source_date_epoch(catalog: Catalog) -> int:
    """SOURCE_DATE_EPOCH if set, else midnight UTC of the newest review date in the content."""
    if value := os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return int(value)
    days = [t.review.last_reviewed for t in catalog.topics.values()]
    days += [p.review.last_reviewed for p in catalog.partnerships.values()]
    newest = max(days, default=dt.date(2026, 1, 1))
    return int(dt.datetime.combine(newest, dt.time(), dt.UTC).timestamp())


def pin_time(catalog: Catalog) -> None:
    """Make every timestamp the PDF tools write depend only on the content."""
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(catalog))


def allowed_folders(project: Project) -> tuple[Path, ...]:
    """Folders a render may read: the project's own and the pip-installed font files'."""
    fonts = {f.path.parent for f in font_faces()}
    return (project.root / "templates", project.root / "content", *sorted(fonts))


def created_at(project: Project) -> dt.datetime:
    """The creation time every file of a build carries."""
    return dt.datetime.fromtimestamp(source_date_epoch(project.catalog), dt.UTC)


def check_fits(project: Project, leaflet: Leaflet, pages: int) -> None:
    """A leaflet longer than its format's fixed page (or panel) count is an error."""
    fmt = project.catalog.formats[leaflet.format]
    if fmt.pages is not None and pages > fmt.pages:
        what = "panels" if fmt.production.imposition == "trifold" else "pages"
        msg = (
            f"leaflet {leaflet.filename.removesuffix('.pdf')} does not fit the {fmt.id} format: "
            f"its content needs {pages} {what} and the format has {fmt.pages}; shorten the text "
            f"for this format, or leave sections out of it with 'formats:'"
        )
        topic = project.root / "content" / "topics" / f"{leaflet.topic}.yaml"
        raise RenderError([problem_at(topic, 1, 1, msg)])


def lay_out(project: Project, leaflet: Leaflet, for_print: bool = False) -> Any:
    """Lay out a leaflet (for print: with bleed, untagged), padded to its format's page rule."""
    fmt = project.catalog.formats[leaflet.format]
    where = str(project.templates / template_name(project.templates, leaflet.audience, fmt))
    created = created_at(project)

    def make_html(pad: int) -> str:
        return render_html(leaflet, fmt, project.templates, created, pad, for_print)

    folders = allowed_folders(project)
    variant = None if for_print else PDF_VARIANT
    document = render_padded(
        make_html, fmt.pad_to, project.templates, folders, where, fmt.pages, variant
    )
    check_fits(project, leaflet, len(document.pages))
    return document


def render_leaflet(project: Project, leaflet: Leaflet, path: Path) -> int:
    """Render one leaflet to a PDF file at path; return its page count."""
    document = lay_out(project, leaflet)
    write_pdf(document, path)
    return len(document.pages)


def compose_spec(project: Project, spec: LeafletSpec, partnership: str) -> Leaflet:
    """The Leaflet a pack's leaflet line asks for."""
    return compose(project.catalog, spec.topic, spec.audience, spec.format, partnership)


def _pack_info(pack: Pack) -> dict[str, Any]:
    return {
        "pack": pack.id,
        "name": pack.name,
        "event": pack.event.model_dump(mode="json"),
        "partnership": pack.partnership,
    }


def print_job(
    project: Project, pack: Pack, leaflets: list[Leaflet], files: list[BuiltFile], profile: str
) -> PrintJob:
    """What the print step needs to make a pack's print files."""
    return PrintJob(
        pack=pack,
        items=tuple(zip(leaflets, files, strict=True)),
        formats=project.catalog.formats,
        profile=profile,
        created=created_at(project),
        lay_out=lambda leaflet: lay_out(project, leaflet, for_print=True),
    )


def build_pack(
    project: Project, pack: Pack, output: Path, say: Progress, profile: str = PDF_X4
) -> PackResult:
    """Render a pack into a staging folder, assemble it, then swap it into output/<pack>."""
    staging = staging_folder(output, pack.id)
    try:
        files, leaflets = [], []
        for spec in pack.leaflets:
            leaflet = compose_spec(project, spec, pack.partnership)
            leaflets.append(leaflet)
            say(f"  {pack.id}: {leaflet.filename}")
            pages = render_leaflet(project, leaflet, staging / leaflet.filename)
            files.append(
                BuiltFile(
                    leaflet.filename,
                    spec.topic,
                    spec.audience,
                    spec.language,
                    spec.format,
                    pages,
                    spec.copies,
                    sha256_of(staging / leaflet.filename),
                )
            )
        pack_pages = write_pack_pdf(staging, files, f"{pack.name}: {pack.event.name}")
        write_manifest(staging, _pack_info(pack), files)
        if profile != NO_PRINT:
            print_pack(print_job(project, pack, leaflets, files, profile), staging, say)
        publish(staging, output / pack.id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return PackResult(pack.id, output / pack.id, tuple(files), pack_pages)


def build_packs(
    project: Project,
    pack_ids: list[str],
    output: Path,
    say: Progress = print,
    profile: str = PDF_X4,
) -> list[PackResult]:
    """Build the named packs (all when none are named), in order."""
    pin_time(project.catalog)
    ids = pack_ids or sorted(project.packs)
    return [build_pack(project, project.packs[i], output, say, profile) for i in ids]


def build_leaflet(project: Project, leaflet: Leaflet, out_dir: Path) -> tuple[Path, int]:
    """Render one leaflet on its own into out_dir; return its path and page count."""
    pin_time(project.catalog)
    path = out_dir / leaflet.filename
    return path, render_leaflet(project, leaflet, path)


def stderr_say(message: str) -> None:
    """Print a progress line to stderr."""
    print(message, file=sys.stderr)
