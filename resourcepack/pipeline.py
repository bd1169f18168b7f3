"""The check pipeline: every check in one registry, by stage; the catalog's run once.

Stages, in pipeline order: source (the project's own files), catalog (the loaded content),
leaflet (each composed leaflet), html (each rendered page), pdf (each render's layout findings),
print and release. To add a check, write a function of its stage's subject and add a `Check` to
`CHECKS`; a release gate is a `Check` of the release stage. `validate` runs the source and
catalog checks once and returns the `Validated` catalog that `compose` takes; `--release` is a
policy over the same checks (`for_release`): warnings become errors and the release-only checks
are added.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from . import checks, gates
from .catalog import Catalog
from .compose import Leaflet, Validated
from .errors import ContentError, Problem, ReleaseError, TemplateError
from .gates import Release
from .guard import Input
from .paths import ProjectPaths

if TYPE_CHECKING:
    from .layout import Finding
    from .project import Project

Stage = Literal["source", "catalog", "leaflet", "html", "pdf", "print", "release"]
S = TypeVar("S")


@dataclass(frozen=True)
class Check(Generic[S]):
    """One check: its name, its stage, the function of the stage's subject that runs it, and
    whether only a release (--release) runs it."""

    name: str
    stage: Stage
    run: Callable[[S], Iterable[Problem]]
    release_only: bool = False


@dataclass(frozen=True)
class Composed:
    """A leaflet-stage subject: one composed leaflet, and the inputs its words come from."""

    root: Path
    leaflet: Leaflet
    inputs: Sequence[Input]


@dataclass(frozen=True)
class Page:
    """An html-stage subject: one rendered page, its template, and every template file."""

    html: str
    where: str
    templates: Sequence[Path]


@dataclass(frozen=True)
class Laid:
    """A pdf-stage subject: one rendered leaflet's layout findings (measured when it rendered,
    kept with the render), the inputs its words come from, and its template."""

    filename: str
    findings: Sequence[Finding]
    inputs: Sequence[Input]
    template: Path


def _layout(laid: Laid) -> list[Problem]:
    """The layout findings of a render, each located in the leaflet's inputs."""
    from .layout import layout_problems  # reads PDFs: imported only where a PDF is checked

    return layout_problems(laid.filename, laid.findings, laid.inputs, laid.template)


def _translations(catalog: Catalog) -> list[Problem]:
    """Every translation covers what its audiences see, item for item."""
    return [
        p for tr in catalog.translations.values() for p in checks.check_translation(catalog, tr)
    ]


def _templates(catalog: Catalog) -> Path:
    """The project's templates folder."""
    return ProjectPaths(catalog.root).templates


CHECKS: tuple[Check[Any], ...] = (
    Check("theme contrast", "catalog", checks.check_contrast),
    Check("body text sizes", "catalog", checks.check_sizes),
    Check("clear print styles", "source", lambda c: checks.check_stylesheets(c.root)),
    Check("readability", "catalog", checks.check_readability),
    Check("Easy Read sentences", "catalog", checks.check_easy_read),
    Check("shared text", "catalog", checks.check_shared_text),
    Check("template translations", "source", lambda c: checks.check_po(_templates(c))),
    Check("numbers in text", "catalog", checks.check_numbers_in_text),
    Check("translations cover the English", "catalog", _translations),
    Check("glyphs", "leaflet", lambda s: checks.check_glyphs(s.root, s.leaflet, s.inputs)),
    Check("alt text and heading order", "html", lambda p: checks.check_html(*_page(p))),
    Check("layout rules", "pdf", _layout),
    Check("reviews past due", "release", gates.reviews_past_due, release_only=True),
    Check("unverified facts", "release", gates.unverified_facts, release_only=True),
    Check("draft translations", "release", gates.draft_translations, release_only=True),
    Check("local details translated", "release", gates.local_details, release_only=True),
    Check("warnings are errors", "release", gates.other_warnings, release_only=True),
)


def _page(p: Page) -> tuple[str, str, Sequence[Path]]:
    return p.html, p.where, p.templates


def registered(stage: Stage, release: bool = False) -> list[Check[Any]]:
    """The checks of a stage, in registry order (the release-only ones only for a release)."""
    return [c for c in CHECKS if c.stage == stage and (release or not c.release_only)]


def run_stage(stage: Stage, subject: object, release: bool = False) -> list[Problem]:
    """Every problem the checks of a stage find in one subject."""
    return [p for check in registered(stage, release) for p in check.run(subject)]


class HasCatalog(Protocol):
    """A loaded project (anything holding a catalog)."""

    @property
    def catalog(self) -> Catalog:
        """Its content catalog."""


_PASSED: weakref.WeakSet[Catalog] = weakref.WeakSet()  # catalogs validate has passed


def validate(project: HasCatalog | Catalog) -> Validated:
    """Run every source and catalog check of a loaded project (once per catalog); return the
    validated catalog that compose takes, or raise every failure at once."""
    catalog = project if isinstance(project, Catalog) else project.catalog
    if catalog not in _PASSED:
        problems = run_stage("source", catalog) + run_stage("catalog", catalog)
        if problems:
            raise ContentError(sorted(problems, key=lambda p: (str(p.path), p.line, p.column)))
        _PASSED.add(catalog)
    return Validated(catalog)


def leaflet_problems(root: Path, leaflet: Leaflet, inputs: Sequence[Input]) -> list[Problem]:
    """Every problem the leaflet-stage checks find in one composed leaflet."""
    return run_stage("leaflet", Composed(root, leaflet, inputs))


def check_page(html: str, where: str, templates: Sequence[Path]) -> None:
    """Raise every problem the html-stage checks find in one rendered page."""
    if problems := run_stage("html", Page(html, where, templates)):
        raise TemplateError(problems)


def pdf_problems(
    filename: str, findings: Sequence[Finding], inputs: Sequence[Input], template: Path
) -> list[Problem]:
    """Every problem the pdf-stage checks find in one rendered leaflet's layout findings."""
    return run_stage("pdf", Laid(filename, findings, inputs, template))


def release_problems(
    release: Release, added: Sequence[Callable[[Release], Any]] = ()
) -> list[Problem]:
    """The release policy: every release-only check (and any added), each problem once, in
    file and line order."""
    found = run_stage("release", release, release=True)
    found += [p for gate in added for p in gate(release)]
    return sorted(dict.fromkeys(found), key=lambda p: (str(p.path), p.line, p.column, p.message))


def for_release(project: Project, leaflets: Sequence[Leaflet]) -> Project:
    """The project in release mode, or a ReleaseError listing every reason it cannot be."""
    validate(project)  # its catalog checks (run once) pass before anything is released
    problems = release_problems(Release(project, project.catalog.today, tuple(leaflets)))
    if problems:
        raise ReleaseError(problems)
    return dataclasses.replace(project, mode="release")
