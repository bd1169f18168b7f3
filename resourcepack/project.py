"""Project: a project's content catalog and packs, loaded and validated, and what leaflets read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, load_catalog
from .checks import check_catalog, check_glyphs
from .clock import source_date_epoch
from .compose import Leaflet, compose
from .errors import ContentError, Problem
from .guard import Allowed, allowed_for, guard, owners_index
from .packs import Pack, load_packs
from .paths import ProjectPaths
from .render import render_html, render_inputs
from .source import SourceDoc


@dataclass(frozen=True)
class Project:
    """A loaded, validated project: content catalog and packs."""

    root: Path
    catalog: Catalog
    packs: Mapping[str, Pack]
    mode: str = "draft"

    @property
    def paths(self) -> ProjectPaths:
        """Where the project keeps each part."""
        return ProjectPaths(self.root)

    @property
    def templates(self) -> Path:
        """The templates folder."""
        return self.paths.templates


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


def scoped_warnings(catalog: Catalog, partnerships: set[str]) -> tuple[Problem, ...]:
    """The warnings of shared content and of these partnerships (not of the others)."""

    def touched(w: Problem) -> bool:
        path = Path(w.path)
        local = path.parent.name == "partnerships" and path.parent.parent.name == "content"
        return not local or path.name.split(".")[0] in partnerships

    return tuple(w for w in catalog.warnings if touched(w))


def check_project(project: Project) -> None:
    """Run every content-level accessibility and language check; raise all failures at once."""
    if problems := check_catalog(project.catalog):
        raise ContentError(sorted(problems, key=lambda p: (p.path, p.line, p.column)))


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
        problems += check_glyphs(project.root, leaflet, leaflet_inputs(project, leaflet))
    when = created or dt.datetime.fromtimestamp(source_date_epoch(project.catalog), dt.UTC)
    allowed = allowed or allowed_by_partnership(project, unique)
    for leaflet in (lf for lf in unique if lf.filename not in guarded):
        fmt = project.catalog.formats[leaflet.format]
        html = render_html(render_inputs(leaflet, fmt, project.templates), when)
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
    """Where a leaflet's words can come from, its partnership's files first, then templates."""
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
    return [docs[n] for n in names if n in docs] + list(templates)


def pack_leaflets(project: Project, packs: list[Pack]) -> list[Leaflet]:
    """Every leaflet the packs ask for, composed; every token problem of all of them at once."""
    out: list[Leaflet] = []
    problems: list[Problem] = []
    for p in packs:
        for s in p.leaflets:
            try:
                out.append(
                    compose(
                        project.catalog,
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
            sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line, p.column))
        )
    return out
