"""Render keys and the render cache: a key hashes everything that affects a leaflet's bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, meta

from . import tagging
from .compose import WHERE, Leaflet
from .content import Format
from .layout import RULES_VERSION, Finding, finding_data, findings_from
from .pdf import PDF_VARIANT, write_atomic
from .render import (
    environment,
    font_faces,
    read_inside,
    shared_sheets,
    template_error,
    template_name,
)
from .web import WEB_SHEETS, web_path

ENGINES = (
    "resourcepack",
    "weasyprint",
    "pydyf",
    "fonttools",
    "uharfbuzz",
    "jinja2",
    "tinycss2",
    "tinyhtml5",
    "segno",
)


@cache
def file_hash(path: Path, size: int, mtime_ns: int) -> str:
    """SHA-256 of a file's bytes (memoised by path, size and modification time)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hash_file(path: Path) -> str:
    """SHA-256 of a file, re-read only when it changed."""
    st = path.stat()
    return file_hash(path, st.st_size, st.st_mtime_ns)


@cache
def engine_versions() -> tuple[tuple[str, str], ...]:
    """Versions of every package that shapes the PDF bytes, read without importing them."""
    return tuple((name, metadata.version(name)) for name in ENGINES)


def templates_used(templates: Path, name: str) -> list[str]:
    """A template and every template it extends, includes or imports, recursively."""
    seen: list[str] = []
    todo = [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.append(current)
            path = templates / current
            if path.is_file():  # a missing template is reported when the leaflet renders
                todo.extend(_references(templates, current, hash_file(path)))
    return sorted(seen)


@cache
def _references(templates: Path, name: str, digest: str) -> tuple[str, ...]:
    """The templates one template names (parsed once per version of the file)."""
    env = environment(templates)
    source = read_inside(templates, name)
    try:
        parsed = env.parse(source, name, str(templates / name))
    except TemplateError as e:
        raise template_error(templates, name, e) from e
    return tuple(t for t in meta.find_referenced_templates(parsed) if t)


def _extends_leaflet(templates: Path, name: str) -> bool:
    """Whether a template extends the leaflet's own template by a name made at render time."""
    path = templates / name
    return path.is_file() and _names_leaflet(templates, name, hash_file(path))


@cache
def _names_leaflet(templates: Path, name: str, digest: str) -> bool:
    """Whether a template's source names `leaflet_template` (read once per version)."""
    return "leaflet_template" in read_inside(templates, name)


def _leaflet_data(leaflet: Leaflet) -> dict[str, Any]:
    data = dataclasses.asdict(leaflet)
    data["logo"] = hash_file(leaflet.logo)
    for name in WHERE:  # where its content is written: no part of the PDF
        del data[name]
    text = json.dumps(data, default=str).replace(str(leaflet.logo.parent.parent), "")
    return dict(json.loads(text))


def render_key(leaflet: Leaflet, fmt: Format, templates: Path, created: dt.datetime) -> str:
    """The hash of everything that decides one leaflet's PDF bytes (on screen and for print)."""
    used = set(templates_used(templates, template_name(leaflet, fmt, templates)))
    if any(_extends_leaflet(templates, t) for t in used):  # the tri-fold
        used |= set(templates_used(templates, f"{leaflet.template}/leaflet.html.j2"))
    files = [templates / t for t in sorted(used) if (templates / t).is_file()]
    files += [templates / s for s in shared_sheets(fmt)]
    files += [templates / "theme.yaml", templates / "styles" / "print.css"]
    files += [templates / s for s in WEB_SHEETS]
    po = templates / "locale" / leaflet.language / "LC_MESSAGES" / "messages.po"
    files += [po] if po.is_file() else []
    inputs = {
        "leaflet": _leaflet_data(leaflet),
        "format": fmt.model_dump(),
        "files": {str(f.relative_to(templates)): hash_file(f) for f in files},
        "fonts": [hash_file(f.path) for f in font_faces(templates.parent, leaflet.fonts)],
        "pictures": [hash_file(p.path) for p in leaflet.pictures],
        "engines": engine_versions(),
        "created": created.isoformat(),
        "variant": PDF_VARIANT,
        "tagging": hash_file(Path(tagging.__file__)),  # what it adds to WeasyPrint's tags
        "layout_rules": RULES_VERSION,
    }
    text = json.dumps(inputs, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


PRINT = ".print"  # a print layout's key: its screen file's key and this


def print_key(key: str) -> str:
    """The cache key of the print layout written from the same layout as key's screen file."""
    return f"{key}{PRINT}"


CACHE_ENV = "RESOURCEPACK_RENDER_CACHE"
MAX_NOTES = 8  # notes pages a format pads with: at most 3 for a booklet (pad_to is at most 8)


def render_cache(root: Path) -> Path:
    """Where renders are cached: $RESOURCEPACK_RENDER_CACHE if set (the tests share one warm
    cache so), else the project's .cache/renders. Render keys hash content, not locations, so
    one cache serves any number of copies of a project."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    return Path(chosen) if chosen else root / ".cache" / "renders"


@dataclasses.dataclass(frozen=True)
class Cache:
    """Rendered PDFs by render key, in the render cache folder."""

    folder: Path

    def pdf(self, key: str) -> Path:
        """Where the PDF for a key is kept."""
        return self.folder / f"{key}.pdf"

    def edition(self, key: str) -> Path:
        """Where the HTML edition of a render is kept: one, beside its on-screen PDF, for both
        of the files (screen and print) written from its layout."""
        return web_path(self.pdf(key.removesuffix(PRINT)))

    def pages(self, key: str) -> int | None:
        """The page count of a cached render whose PDF is whole (the checksum recorded with it
        matches), else None: a missing, truncated or damaged entry is rendered again."""
        try:
            info = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            pages, digest = int(info["pages"]), str(info["sha256"])
            whole = hashlib.sha256(self.pdf(key).read_bytes()).hexdigest() == digest
            whole = whole and self.edition(key).is_file() and self.findings(key) is not None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return pages if whole and pages > 0 else None

    def findings(self, key: str) -> tuple[Finding, ...] | None:
        """What the layout check found in a render (one verdict for the screen and the print
        file of one layout); None if it was not kept, and the render is done again."""
        path = self.folder / f"{key.removesuffix(PRINT)}.layout.json"
        try:
            return findings_from(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def remember_findings(self, key: str, findings: tuple[Finding, ...]) -> None:
        """Keep what the layout check found in a render, so that reusing it fails as it did."""
        text = json.dumps(finding_data(findings))
        write_atomic(self.folder / f"{key}.layout.json", lambda tmp: tmp.write_text(text))

    def remember(self, key: str, pages: int) -> None:
        """Record a finished render and its checksum (after its PDF is in place)."""
        digest = hashlib.sha256(self.pdf(key).read_bytes()).hexdigest()
        text = json.dumps({"pages": pages, "sha256": digest})
        write_atomic(self.folder / f"{key}.json", lambda tmp: tmp.write_text(text))

    def notes_guess(self, names: tuple[str, ...]) -> int:
        """How many notes pages the last render of the first of names known needed (0 when none
        is known)."""
        return next((n for n in map(self.notes_of, names) if n is not None), 0)

    def notes_of(self, name: str) -> int | None:
        """The notes pages recorded for a name (None when none is; at most MAX_NOTES, so that a
        damaged entry cannot make a render lay out thousands of pages)."""
        try:
            return min(max(int((self.folder / "notes" / name).read_text()), 0), MAX_NOTES)
        except (OSError, ValueError):
            return None

    def remember_notes(self, names: tuple[str, ...], pages: int) -> None:
        """Record under each name that does not already say so how many notes pages a leaflet
        needed, as a later render's first guess."""
        for name in names:
            if self.notes_of(name) != pages:
                path = self.folder / "notes" / name
                write_atomic(path, lambda tmp: tmp.write_text(str(pages)))
