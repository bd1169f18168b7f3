"""Staging: a pack's files assembled in a staging folder (its renders copied from the cache,
pack.pdf, the manifest, the print files), ready to publish."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assemble import BuiltFile, sha256_of, staging_folder, write_manifest, write_pack_pdf
from .cache import Cache
from .clock import pin_epoch
from .content import Format
from .jobsheet import Held
from .packs import Pack
from .planning import Item
from .printing import PrintJob, print_pack, write_screen_preview
from .web import web_path


@dataclass(frozen=True)
class PackStage:
    """A pack to assemble once its renders are in the cache."""

    pack: Pack
    items: list[Item]
    key: str

    @property
    def renders(self) -> set[str]:
        """The cache keys its items need."""
        return {k for i in self.items for k in (i.key, i.print_key) if k}


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


def start_stage(stage: PackStage, cache: Cache, output: Path) -> tuple[Path, list[BuiltFile]]:
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
    pin_epoch(job.created)
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
