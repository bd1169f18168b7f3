"""Impose: place rendered pages side by side on printed sides, clipped to their trim and bleed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from .impositions import Sides

MM = 72 / 25.4
BLEED = 3 * MM
MARKS_MARGIN = 15 * MM  # beyond the trim of an imposed sheet: bleed, crop and fold marks, slug

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Side:
    """One printed side: its trim size and the x spans of its placed pages (panels) in the trim."""

    width: float
    height: float
    cells: tuple[tuple[float, float], ...]

    @property
    def folds(self) -> tuple[float, ...]:
        """Where the sheet folds: between its placed pages, from the trim's left edge."""
        return tuple(right for _, right in self.cells[:-1])


def box(page: pikepdf.Page, name: str = "/TrimBox") -> Box:
    """A page box as (x0, y0, x1, y1), falling back to the MediaBox."""
    x0, y0, x1, y1 = (float(v) for v in page.obj.get(name, page.obj.MediaBox))
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def measure(src: Pdf, indexes: Sequence[int]) -> Side:
    """The side that the given pages make when placed left to right, trim to trim."""
    cells, x = [], 0.0
    for i in indexes:
        x0, _, x1, _ = box(src.pages[i])
        cells.append((x, x + x1 - x0))
        x += x1 - x0
    height = max(box(src.pages[i])[3] - box(src.pages[i])[1] for i in indexes)
    return Side(round(x, 4), round(height, 4), tuple(cells))


def _boxes(page: pikepdf.Page, side: Side, margin: float) -> None:
    trim = (margin, margin, margin + side.width, margin + side.height)
    bleed = (trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED)
    page.obj.TrimBox = Array([round(v, 4) for v in trim])
    page.obj.BleedBox = Array([round(v, 4) for v in bleed])


def _place(out: Pdf, page: pikepdf.Page, src: Pdf, index: int, at: float, edges: str) -> bytes:
    """Draw a source page as a form clipped to its trim, plus bleed on the outer edges given."""
    x0, y0, x1, y1 = box(src.pages[index])
    left = BLEED if "l" in edges else 0.0
    right = BLEED if "r" in edges else 0.0
    form = pikepdf.Page(src.pages[index]).as_form_xobject()
    form.BBox = Array([round(v, 4) for v in (x0 - left, y0 - BLEED, x1 + right, y1 + BLEED)])
    name = Name(f"/P{len(page.obj.Resources.XObject)}")
    page.obj.Resources.XObject[name] = out.copy_foreign(form)
    return f"q 1 0 0 1 {at - x0:.4f} {-y0:.4f} cm {name} Do Q".encode()


def _edges(k: int, count: int) -> str:
    return ("l" if k == 0 else "") + ("r" if k == count - 1 else "")


def compose(src: Pdf, sides: Sides, margin: float = BLEED) -> tuple[Pdf, tuple[Side, ...]]:
    """A new PDF with one page per side, the given source pages placed on it left to right."""
    out = Pdf.new()
    geometry = []
    for indexes in sides:
        side = measure(src, indexes)
        page = out.add_blank_page(page_size=(side.width + 2 * margin, side.height + 2 * margin))
        page.obj.Resources = Dictionary(XObject=Dictionary())
        _boxes(page, side, margin)
        ops = [
            _place(out, page, src, i, margin + x0, _edges(k, len(indexes)))
            for k, (i, (x0, _)) in enumerate(zip(indexes, side.cells, strict=True))
        ]
        lift = f"1 0 0 1 0 {margin:.4f} cm".encode()
        page.obj.Contents = out.make_stream(b"q " + lift + b"\n" + b"\n".join(ops) + b"\nQ")
        geometry.append(side)
    return out, tuple(geometry)


def overlay(out: Pdf, marks: Pdf) -> None:
    """Lay each page of marks (same size as the sheet) over the matching page of out."""
    for page, mark in zip(out.pages, marks.pages, strict=True):
        form = out.copy_foreign(pikepdf.Page(mark).as_form_xobject())
        form.BBox = Array([round(float(v), 4) for v in mark.MediaBox])
        page.obj.Resources.XObject[Name.Marks] = form
        page.contents_add(out.make_stream(b"q /Marks Do Q"), prepend=False)
