"""The HTML edition: each leaflet as one self-contained, accessible web page beside its PDF.

The page is the leaflet's own template rendered with `web` set (landmarks, the draft band in the
page, no print furniture) and styled by styles/web.css; its fonts (subset to the page's letters)
and pictures are embedded, so the file needs nothing beside it and runs no script.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import unicodedata
from pathlib import Path

import uharfbuzz as hb

from .qr import SCREEN_DARK, qr_data_uri
from .render import RenderInputs, handed, render_html

FONTS_HERE = "/* @font-face rules */"
TAG = re.compile(r"<[^>]+>")
STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)


def other_script(title: str) -> bool:
    """Whether a leaflet is written in a script other than Latin (its title says)."""
    return any(c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") for c in title)


def web_path(pdf: Path) -> Path:
    """Where a leaflet's HTML edition is written: beside its PDF, as <name>.html."""
    return pdf.with_suffix(".html")


def page_letters(page: str) -> str:
    """Every character a page can show: its text (tags and styles left out), in both cases."""
    text = html.unescape(TAG.sub(" ", STYLE.sub("", page)))
    return "".join(sorted(set(text + text.upper() + text.lower() + "0123456789 ")))


def web_font(font: bytes, letters: str) -> bytes:
    """A font file's bytes cut down to these letters, keeping its shaping tables (Arabic,
    Gurmukhi)."""
    face = hb.Face(hb.Blob(font))
    inp = hb.SubsetInput()
    inp.unicode_set.update(ord(c) for c in letters)
    inp.flags = hb.SubsetFlags.NO_HINTING
    return bytes(hb.subset(face, inp).blob.data)


def font_rules(inputs: RenderInputs, letters: str) -> str:
    """@font-face rules embedding the leaflet's fonts (a variable font's weights share one)."""
    weights: dict[tuple[str, Path, str], list[int]] = {}
    for f in inputs.fonts:
        weights.setdefault((f.family, f.path, f.style), []).append(f.weight)
    rules = []
    for (family, path, style), found in weights.items():
        data = base64.b64encode(web_font(inputs.data(path), letters)).decode("ascii")
        weight = f"{min(found)} {max(found)}" if len(found) > 1 else str(found[0])
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'font-display: swap; src: url("data:font/ttf;base64,{data}") format("truetype"); }}'
        )
    return "\n".join(rules)


def render_web(inputs: RenderInputs, created: dt.datetime) -> str:
    """A leaflet's HTML edition: its template rendered for the web, fonts and pictures inside."""
    sheets = "\n".join(inputs.text(s) for s in inputs.web_sheets)
    edition = {
        "web": True,
        "web_stylesheet": f"{FONTS_HERE}\n{sheets}",
        "english_runs": other_script(inputs.leaflet.title),
        "qr": handed(lambda url: qr_data_uri(url, SCREEN_DARK)),
    }
    page = render_html(inputs, created, edition=edition)
    fonts = font_rules(inputs, page_letters(page))
    return page.replace(FONTS_HERE, fonts, 1)
