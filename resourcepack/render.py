"""Render: a Leaflet and its format become HTML through the audience's Jinja2 template."""

from __future__ import annotations

import base64
import datetime as dt
import sys
import traceback
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import fontpkg
import jinja2

from .compose import Leaflet
from .content import Format
from .errors import TemplateError, problem_at
from .qr import qr_data_uri

FONT_FAMILY = "Atkinson Hyperlegible"


@dataclass(frozen=True)
class FontFace:
    """One font file for an @font-face rule."""

    family: str
    weight: int
    style: str
    path: Path


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


@cache
def environment(templates: Path) -> jinja2.Environment:
    """The Jinja2 environment: autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
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
    return TemplateError([problem_at(where, line or 1, 1, f"template: {e}")])


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
        raise TemplateError([problem_at(template, 1, 1, msg)])


def template_name(templates: Path, audience: str, fmt: Format) -> str:
    """The format's template: the audience's own if it has one, else the shared one."""
    own = f"{audience}/{fmt.template}.html.j2"
    return own if (templates / own).is_file() else f"{fmt.template}.html.j2"


def render_html(
    leaflet: Leaflet,
    fmt: Format,
    templates: Path,
    created: dt.datetime,
    pad_pages: int = 0,
    for_print: bool = False,
) -> str:
    """Render a leaflet to HTML with its format's template and stylesheet (print: with bleed)."""
    name = template_name(templates, leaflet.audience, fmt)
    env = environment(templates)
    styles = templates / "styles"
    try:
        template = env.get_template(name)
        html = template.render(
            leaflet=leaflet,
            format=fmt,
            leaflet_template=f"{leaflet.audience}/leaflet.html.j2",
            stylesheet=(templates / fmt.stylesheet).read_text(encoding="utf-8"),
            base_stylesheet=(styles / "base.css").read_text(encoding="utf-8"),
            print=for_print,
            print_stylesheet=(styles / "print.css").read_text(encoding="utf-8"),
            qr=lambda url: qr_data_uri(url, for_print),
            fonts=font_faces(),
            logo=_data_uri(leaflet.logo, "image/svg+xml"),
            created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            pad_pages=pad_pages,
        )
    except jinja2.TemplateNotFound as e:
        missing = e.name if e.name != name else f"{leaflet.audience}/{fmt.template}.html.j2"
        msg = f"no template '{missing}'; add templates/{missing}"
        raise TemplateError([problem_at(templates / name, 1, 1, msg)]) from e
    except (jinja2.TemplateError, OSError) as e:
        raise _template_error(templates, name, e) from e
    check_no_attachments(html, templates / name)
    return html
