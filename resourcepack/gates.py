"""Release gates: can these leaflets be printed today? Each gate returns located problems.

A gate is a plain function of a `Release` (the project, the day, the leaflets to print). To add
one, write the function and register it as a release-stage `Check` in `pipeline.CHECKS`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .catalog import scoped_warnings
from .compose import Leaflet, untranslated_roles
from .errors import Problem
from .evidence import Evidence

if TYPE_CHECKING:
    from .project import Project


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
        return sorted((e for e in found if e is not None), key=lambda e: (str(e.path), e.line))


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
