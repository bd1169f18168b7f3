"""Planning: the renders a pack needs (its items and render jobs), and its build key."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assemble import BuiltFile, BuiltFrom, built_file, built_from, sha256_of
from .cache import engine_versions, render_key
from .compose import Leaflet
from .content import Format
from .guard import Allowed
from .outputs import ON_SCREEN, OUTPUT_KINDS, PRINT, kinds_for
from .packs import LeafletSpec, Pack
from .printing import print_intact
from .profiles import DEFAULT_PROFILE, print_profile
from .project import Project, pack_leaflets
from .render import RenderInputs, render_inputs


@dataclass(frozen=True, slots=True)
class Job:
    """One leaflet to render: its key, content, format and timestamp, and the output kinds it
    writes (outputs.py: on screen, and its print layout too unless a draft or not printing)."""

    key: str
    leaflet: Leaflet
    fmt: Format
    created: dt.datetime
    outputs: tuple[str, ...] = ON_SCREEN  # the output kinds it writes
    allowed: Allowed | None = None  # given, the render checks the HTML with the leak guard
    inputs: RenderInputs | None = None  # what the key hashed; the render reads exactly these

    @property
    def label(self) -> str:
        """What progress calls this render."""
        return self.leaflet.filename + "".join(OUTPUT_KINDS[o].label for o in self.outputs)

    @property
    def printed(self) -> bool:
        """Whether it makes a print layout too."""
        return PRINT in self.outputs

    @property
    def print_key(self) -> str | None:
        """The cache key of its print layout, if it makes one."""
        return OUTPUT_KINDS[PRINT].key(self.key) if self.printed else None

    @property
    def keys(self) -> tuple[str, ...]:
        """The cache entries it writes."""
        keys = (OUTPUT_KINDS[o].key(self.key) for o in self.outputs)
        return tuple(k for k in keys if k is not None)


@dataclass(frozen=True, slots=True)
class Item:
    """One leaflet of a pack, by the renders that make it (on screen, and for print if asked)."""

    spec: LeafletSpec
    filename: str
    key: str
    built_from: BuiltFrom | None = None
    leaflet: Leaflet | None = None
    print_key: str | None = None


def plan(
    project: Project, pack: Pack, created: dt.datetime, profile: str = DEFAULT_PROFILE
) -> tuple[list[Item], list[Job]]:
    """A pack's items and the render jobs they need (the output kinds of the print profile)."""
    kinds = print_profile(profile).outputs
    items, jobs = [], []
    for spec, leaflet in zip(pack.leaflets, pack_leaflets(project, [pack]), strict=True):
        fmt = project.catalog.formats[spec.format]
        inputs = render_inputs(leaflet, fmt, project.templates)
        outputs = kinds_for(kinds, bool(leaflet.draft))  # a draft is not for distribution
        job = Job(render_key(inputs, created), leaflet, fmt, created, outputs, inputs=inputs)
        jobs.append(job)
        source = built_from(leaflet)
        items.append(Item(spec, leaflet.filename, job.key, source, leaflet, job.print_key))
    return items, jobs


def pack_info(pack: Pack) -> dict[str, Any]:
    """What a pack's manifest says of it: id, name, event, partnership, delivery date."""
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
        pack_info(pack),
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
