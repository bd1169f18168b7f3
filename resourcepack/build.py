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
    built_from,
    publish,
    sha256_of,
    staging_folder,
    write_manifest,
    write_pack_pdf,
)
from .catalog import Catalog, load_catalog
from .compose import Leaflet, compose
from .errors import ContentError, Problem
from .lock import locked_output
from .packs import LeafletSpec, Pack, load_packs
from .pdf import render_padded, write_pdf
from .render import font_faces, render_html

Progress = Callable[[str], None]


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


def render_leaflet(project: Project, leaflet: Leaflet, path: Path) -> int:
    """Render one leaflet to a PDF file at path; return its page count."""
    fmt = project.catalog.formats[leaflet.format]
    where = str(project.templates / leaflet.audience / "leaflet.html.j2")

    created = dt.datetime.fromtimestamp(source_date_epoch(project.catalog), dt.UTC)

    def make_html(pad: int) -> str:
        return render_html(leaflet, fmt, project.templates, created, pad)

    document = render_padded(
        make_html, fmt.pad_to, project.templates, allowed_folders(project), where
    )
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


def build_pack(project: Project, pack: Pack, output: Path, say: Progress) -> PackResult:
    """Render a pack into a staging folder, assemble it, then swap it into output/<pack>."""
    staging = staging_folder(output, pack.id)
    try:
        files = []
        for spec in pack.leaflets:
            leaflet = compose_spec(project, spec, pack.partnership)
            say(f"  {pack.id}: {leaflet.filename}{' (DRAFT)' if leaflet.draft else ''}")
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
                    built_from(leaflet),
                )
            )
        pack_pages = write_pack_pdf(staging, files, f"{pack.name}: {pack.event.name}")
        write_manifest(staging, {**_pack_info(pack), "mode": project.mode}, files)
        publish(staging, output / pack.id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return PackResult(pack.id, output / pack.id, tuple(files), pack_pages)


def build_packs(
    project: Project, pack_ids: list[str], output: Path, say: Progress = print
) -> list[PackResult]:
    """Build the named packs (all when none are named), in order."""
    pin_time(project.catalog)
    ids = pack_ids or sorted(project.packs)
    with locked_output(output, say):
        return [build_pack(project, project.packs[i], output, say) for i in ids]


def build_leaflet(project: Project, leaflet: Leaflet, out_dir: Path) -> tuple[Path, int]:
    """Render one leaflet on its own into out_dir; return its path and page count."""
    pin_time(project.catalog)
    path = out_dir / leaflet.filename
    return path, render_leaflet(project, leaflet, path)


def stderr_say(message: str) -> None:
    """Print a progress line to stderr."""
    print(message, file=sys.stderr)
