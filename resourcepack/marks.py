"""Marks: crop marks, fold marks and the slug line of imposed sheets, drawn with ReportLab."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .fonts import house_font
from .impose import MM, Side

MARK_OFFSET = 5 * MM  # from the trim: 2 mm clear of the 3 mm bleed
MARK_LENGTH = 5 * MM
MARK_WIDTH = 0.25  # points: a hairline, as printers' marks are
SLUG_DROP = 13 * MM  # the slug's baseline below the trim
SLUG_PT = 7
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")  # prints on every plate
BLACK = CMYKColor(0, 0, 0, 1)
SLUG_FONT = "Slug-Atkinson"


@cache
def _slug_font() -> str:
    """Register the leaflets' regular font with ReportLab (embedded, as PDF/X asks)."""
    pdfmetrics.registerFont(TTFont(SLUG_FONT, str(house_font(400))))
    return SLUG_FONT


def _crop_marks(c: Canvas, side: Side, m: float) -> None:
    """Short lines on the trim lines' extensions at each corner, outside the bleed."""
    near, far = MARK_OFFSET, MARK_OFFSET + MARK_LENGTH
    for x in (m, m + side.width):
        out = -1 if x == m else 1
        for y in (m, m + side.height):
            up = -1 if y == m else 1
            c.line(x + out * near, y, x + out * far, y)
            c.line(x, y + up * near, x, y + up * far)


def _fold_marks(c: Canvas, side: Side, m: float) -> None:
    """Dashed lines above and below the trim where the sheet folds."""
    c.setDash(2 * MM, 1 * MM)
    for fold in side.folds:
        x = m + fold
        c.line(x, m - MARK_OFFSET, x, m - MARK_OFFSET - MARK_LENGTH)
        top = m + side.height
        c.line(x, top + MARK_OFFSET, x, top + MARK_OFFSET + MARK_LENGTH)
    c.setDash()


def _slug(c: Canvas, m: float, text: str) -> None:
    c.setFillColor(BLACK)
    c.setFont(_slug_font(), SLUG_PT)
    c.drawString(m, m - SLUG_DROP, text)


def marks_pdf(sides: Sequence[Side], margin: float, slugs: Sequence[str]) -> bytes:
    """One page per sheet side, sheet-sized: its crop marks, fold marks and slug line."""
    out = io.BytesIO()
    c = Canvas(out, invariant=1, pageCompression=1, initialFontName=_slug_font())
    for side, slug in zip(sides, slugs, strict=True):
        c.setPageSize((side.width + 2 * margin, side.height + 2 * margin))
        c.setStrokeColor(REGISTRATION)
        c.setLineWidth(MARK_WIDTH)
        _crop_marks(c, side, margin)
        _fold_marks(c, side, margin)
        _slug(c, margin, slug)
        c.showPage()
    c.save()
    return out.getvalue()
