"""Release gates: can these leaflets be printed today? Each gate returns located problems.

A gate is a plain function of a `Release` (the project, the day, the leaflets to print). To add
one, write the function and append it to `GATES`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .checks import check_catalog, check_glyphs
from .compose import Leaflet, untranslated_roles
from .errors import Problem, ReleaseError
from .evidence import Evidence
from .project import Project, leaflet_inputs, pack_leaflets, scoped_warnings


@dataclass(frozen=True)
class Release:
    """What the gates look at: the project, the day, and the leaflets to be printed."""

    project: Project
    today: dt.date
    leaflets: tuple[Leaflet, ...]

    def evidence(self) -> list[Evidence]:
        """Every review and checked fact the leaflets rely on, each once, in file order."""
        keys = dict.fromkeys(k for leaflet in self.leaflets for k in leaflet.facts)
        found = (self.project.catalog.evidence.get(k) for k in keys)
        return sorted((e for e in found if e is not None), key=lambda e: (e.path, e.line))


Gate = Callable[[Release], Iterable[Problem]]


def reviews_past_due(release: Release) -> list[Problem]:
    """Every review of a printed topic or partnership whose next_review date has passed."""
    return [
        e.problem(f"{e.label}: {reason} (--release)")
        for e in release.evidence()
        if e.kind == "review" and (reason := e.stale(release.today))
    ]


def unverified_facts(release: Release) -> list[Problem]:
    """Every printed contact, resource or cited source not verified against its source."""
    return [
        e.problem(f"{reason}; verify it and record when and by whom (--release)")
        for e in release.evidence()
        if e.kind == "fact" and (reason := e.stale(release.today))
    ]


def other_warnings(release: Release) -> list[Problem]:
    """Every other content warning (such as a figure without a citation), as with --strict."""
    catalog = release.project.catalog
    stale = {w for e in catalog.evidence.values() if (w := e.warning(catalog.today))}
    touched = {leaflet.partnership_id for leaflet in release.leaflets}
    return [
        dataclasses.replace(w, message=f"{w.message} (--release)", severity="error")
        for w in scoped_warnings(catalog, touched)
        if w not in stale
    ]


def draft_translations(release: Release) -> list[Problem]:
    """Every translation a printed leaflet uses that is still marked `status: draft`."""
    catalog, out = release.project.catalog, []
    for leaflet in release.leaflets:
        tr = catalog.translations.get((leaflet.topic, leaflet.language))
        doc = catalog.docs.get(f"translations/{leaflet.topic}.{leaflet.language}")
        if tr is not None and doc is not None and tr.status == "draft":
            msg = f"translation into '{leaflet.language}' is a draft; have it reviewed (--release)"
            out.append(doc.problem(("status",), msg))
    return out


def local_details(release: Release) -> list[Problem]:
    """Every translated leaflet whose partnership's local details are not translated (or only
    in draft). (An example partnership is refused by its warning, in other_warnings.)"""
    catalog, out = release.project.catalog, []
    for leaflet in release.leaflets:
        part = catalog.partnerships[leaflet.partnership_id]
        doc = catalog.docs[f"partnerships/{part.id}"]
        if leaflet.language == "en":
            continue
        local = catalog.local_texts.get((part.id, leaflet.language))
        overlay = catalog.docs.get(f"partnerships/{part.id}.{leaflet.language}")
        if local is None or overlay is None:
            msg = (
                f"no '{leaflet.language}' translation of its local details: add "
                f"content/partnerships/{part.id}.{leaflet.language}.yaml (--release)"
            )
            out.append(doc.problem(("contacts",), msg, key=True))
            continue
        if local.status == "draft":
            msg = (
                f"translation of the local details into '{leaflet.language}' is a draft (--release)"
            )
            out.append(overlay.problem(("status",), msg))
        args = (catalog, part, leaflet.audience, leaflet.format, leaflet.language)
        for role in untranslated_roles(*args):
            msg = f"no '{leaflet.language}' translation of contact '{role}' (--release)"
            out.append(overlay.problem(("contacts",), msg, key=True))
    return out


def accessibility(release: Release) -> list[Problem]:
    """Every accessibility and language check: sizes, contrast, readability, glyphs, coverage."""
    project = release.project
    problems = check_catalog(project.catalog)
    for leaflet in {lf.filename: lf for lf in release.leaflets}.values():
        problems += check_glyphs(project.root, leaflet, leaflet_inputs(project, leaflet))
    return problems


GATES: list[Gate] = [
    reviews_past_due,
    unverified_facts,
    draft_translations,
    local_details,
    accessibility,
    other_warnings,
]


def release_leaflets(project: Project, pack_ids: Sequence[str]) -> tuple[Leaflet, ...]:
    """The composed leaflets of the named packs (all packs when none are named)."""
    return tuple(
        pack_leaflets(project, [project.packs[i] for i in pack_ids or sorted(project.packs)])
    )


def release_problems(release: Release, gates: Sequence[Gate] = ()) -> list[Problem]:
    """Run every gate; return all their problems, each once, in file and line order."""
    found = dict.fromkeys(p for gate in gates or GATES for p in gate(release))
    return sorted(found, key=lambda p: (p.path, p.line, p.column, p.message))


def for_release(project: Project, leaflets: Sequence[Leaflet]) -> Project:
    """The project in release mode, or a ReleaseError listing every reason it cannot be."""
    release = Release(project, project.catalog.today, tuple(leaflets))
    problems = release_problems(release)
    if problems:
        raise ReleaseError(problems)
    return dataclasses.replace(project, mode="release")
