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

from .atomic import write_atomic
from .compose import WHERE
from .layout import RULES_VERSION, Finding, finding_data, findings_from
from .outputs import PRINT_SUFFIX
from .paths import ProjectPaths
from .pdf import PDF_VARIANT
from .render import RenderInputs
from .web import web_path

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


@cache
def code_hash() -> str:
    """A digest of this package's source: the views templates read (a ResourceView's title),
    the tags and the drawing it adds to WeasyPrint all shape a render, so that a change to any
    of them renders again (its version number alone does not change with an edit)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _leaflet_data(inputs: RenderInputs) -> dict[str, Any]:
    data = dataclasses.asdict(inputs.leaflet)
    data["logo"] = hash_file(inputs.logo)
    for name in WHERE:  # where its content is written: no part of the PDF
        del data[name]
    text = json.dumps(data, default=str).replace(str(inputs.logo.parent.parent), "")
    return dict(json.loads(text))


def _name(path: Path, templates: Path) -> str:
    """A file's name in a key: under templates/, else in the project (never where it is)."""
    for folder in (templates, templates.parent):
        if path.is_relative_to(folder):
            return str(path.relative_to(folder))
    return path.name


def render_key(inputs: RenderInputs, created: dt.datetime) -> str:
    """The hash of everything that decides one leaflet's PDF bytes (on screen and for print)
    and its HTML edition: its RenderInputs (its data, and every file it reads, by its bytes),
    and the time and code that render them."""
    # Fonts, pictures and the logo are hashed as keys always hashed them (so that the keys of
    # unchanged content, and the build keys in manifests, stay as they were); every other
    # file of the inputs (templates, stylesheets, theme, messages, a new kind) by its name.
    fonts = [hash_file(f.path) for f in inputs.fonts]
    pictures = [hash_file(path) for _, path in inputs.pictures]
    described = {f.path for f in inputs.fonts} | {p for _, p in inputs.pictures} | {inputs.logo}
    files = [p for p in inputs.files if p not in described and p.is_file()]  # or missing
    key = {
        "leaflet": _leaflet_data(inputs),
        "format": inputs.fmt.model_dump(),
        "files": {_name(p, inputs.templates): hash_file(p) for p in files},
        "fonts": fonts,
        "pictures": pictures,
        "engines": engine_versions(),
        "created": created.isoformat(),
        "variant": PDF_VARIANT,
        "code": code_hash(),  # the package's own code (views, tags, drawing), as it is now
        "layout_rules": RULES_VERSION,
    }
    text = json.dumps(key, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


PRINT = PRINT_SUFFIX  # a print layout's key: its screen file's key and this


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
    return Path(chosen) if chosen else ProjectPaths(root).renders


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

    def notes_guess(self, names: tuple[str, ...], unknown: int = 0) -> int:
        """How many notes pages the last render of the first of names known needed (`unknown`
        when none is known)."""
        return next((n for n in map(self.notes_of, names) if n is not None), unknown)

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
