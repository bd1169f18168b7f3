"""Render: a Leaflet and its format become HTML through the audience's Jinja2 template."""

from __future__ import annotations

import base64
import datetime as dt
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import fontpkg
import jinja2
import jinja2.sandbox
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.utils import Cycler, Joiner

from .compose import Leaflet
from .content import Format
from .errors import TemplateError, locate_text, problem_at

FONT_FAMILY = "Atkinson Hyperlegible"


@dataclass(frozen=True)
class FontFace:
    """One font file for an @font-face rule."""

    family: str
    weight: int
    style: str
    path: Path

    @property
    def uri(self) -> str:
        """The font file's file: URI, for an @font-face rule."""
        return self.path.as_uri()


@cache
def font_faces() -> tuple[FontFace, ...]:
    """The pip-installed font files every leaflet uses (never the machine's fonts)."""
    return tuple(
        FontFace(FONT_FAMILY, w, s, Path(fontpkg.path(FONT_FAMILY, weight=w, style=s)))
        for w in (400, 700)
        for s in ("normal", "italic")
    )


def long_date(day: dt.date) -> str:
    """A date as '20 November 2026'."""
    return f"{day.day} {day:%B %Y}"


class ProjectLoader(jinja2.FileSystemLoader):
    """Loads templates from one folder; a file that links outside it is refused."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, if its real file lies inside the templates folder."""
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.folder):
            msg = f"'{template}' links to a file outside templates/"
            raise jinja2.exceptions.SecurityError(msg)
        return source, filename, uptodate


SAFE_CALLABLES = (Macro, BlockReference, LoopContext, Cycler, Joiner)


class Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """A sandbox in which templates may call only macros, blocks, loops and the globals."""

    def is_safe_callable(self, obj: Any) -> bool:
        """Allow Jinja's own callables and globals; refuse every method of the data."""
        owner = getattr(obj, "__self__", None)
        if isinstance(obj, SAFE_CALLABLES) or isinstance(owner, SAFE_CALLABLES):
            return True
        return any(obj is g for g in self.globals.values())


@cache
def environment(templates: Path) -> jinja2.Environment:
    """The sandboxed Jinja2 environment: autoescape on, undefined names are errors."""
    env = Sandbox(
        loader=ProjectLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    return env


def _template_error(templates: Path, name: str, e: Exception) -> TemplateError:
    """Locate a template error at the template's file and line."""
    line, path = getattr(e, "lineno", None), getattr(e, "filename", None)
    if line is None:
        for frame in reversed(traceback.extract_tb(sys.exc_info()[2])):
            if frame.filename.endswith(".j2"):
                path, line = frame.filename, frame.lineno
                break
    where = path or str(templates / name)
    what = f"no template '{e.name}'" if isinstance(e, jinja2.TemplateNotFound) else str(e)
    return TemplateError([problem_at(where, line or 1, 1, f"template: {what}")])


def read_inside(folder: Path, name: str) -> str:
    """Read a text file that must lie (links resolved) inside folder."""
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        msg = f"'{name}' links outside {folder.name}/; keep it inside the project"
        raise TemplateError([problem_at(folder / name, 1, 1, msg)])
    return path.read_text(encoding="utf-8")


def _data_uri(path: Path, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


class _AttachmentFinder(HTMLParser):
    """Finds elements whose rel asks WeasyPrint to embed a file."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = dict(attrs).get("rel") or ""
        if "attachment" in rel.lower().split():
            self.found.append(self.getpos()[0])


def check_no_attachments(html: str, template: Path) -> None:
    """Refuse rel="attachment" links: they would embed a file in the PDF."""
    finder = _AttachmentFinder()
    finder.feed(html)
    if finder.found:
        msg = 'rel="attachment" would embed a file in the PDF; remove it from the template'
        folders = [template.parent.parent] if template.parent.name else []
        raise TemplateError([locate_text(folders, "attachment", msg, str(template))])


def render_html(
    leaflet: Leaflet, fmt: Format, templates: Path, created: dt.datetime, pad_pages: int = 0
) -> str:
    """Render a leaflet to HTML with its audience's template and its format's stylesheet."""
    name = f"{leaflet.audience}/leaflet.html.j2"
    env = environment(templates)
    try:
        template = env.get_template(name)
        html = template.render(
            leaflet=leaflet,
            format=fmt,
            stylesheet=read_inside(templates, fmt.stylesheet),
            base_stylesheet=read_inside(templates, "styles/base.css"),
            fonts=font_faces(),
            logo=_data_uri(leaflet.logo, "image/svg+xml"),
            created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            pad_pages=pad_pages,
        )
    except jinja2.TemplateNotFound as e:
        if e.name != name:
            raise _template_error(templates, name, e) from e
        msg = f"no template '{e.name}'; add templates/{leaflet.audience}/leaflet.html.j2"
        raise TemplateError([problem_at(templates / name, 1, 1, msg)]) from e
    except (jinja2.TemplateError, OSError) as e:
        raise _template_error(templates, name, e) from e
    check_no_attachments(html, templates / name)
    return html
