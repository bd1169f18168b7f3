"""Imposition orders: saddle-stitch sheets, tri-fold sides, and their mirror for right to left."""

from __future__ import annotations

import pikepdf
import pytest

from resourcepack.impose import BLEED, MARKS_MARGIN, MM, box, compose
from resourcepack.impositions import reading_sides, saddle_sides, sheet_sides


def test_saddle_stitch_order_of_an_eight_page_booklet() -> None:
    # Sheet 1: front 8|1, back 2|7; sheet 2 (nested inside): front 6|3, back 4|5 (1-based).
    assert saddle_sides(8) == ((7, 0), (1, 6), (5, 2), (3, 4))


def test_every_page_is_placed_once() -> None:
    for pages in (4, 8, 12, 16, 24):
        placed = sorted(p for side in saddle_sides(pages) for p in side)
        assert placed == list(range(pages))


def test_a_right_to_left_booklet_binds_on_the_right() -> None:
    assert sheet_sides("saddle-stitch", 8, rtl=True) == ((0, 7), (6, 1), (2, 5), (4, 3))


def test_trifold_sides_and_their_mirror() -> None:
    # Panels in reading order: 0 cover, 1 inside flap, 2-4 inside, 5 back.
    assert reading_sides("trifold", 6) == ((1, 5, 0), (2, 3, 4))
    assert reading_sides("trifold", 6, rtl=True) == ((0, 5, 1), (4, 3, 2))
    assert sheet_sides("trifold", 6) == reading_sides("trifold", 6)


def test_single_sheets_keep_reading_order() -> None:
    assert sheet_sides("sheets", 3) == ((0,), (1,), (2,))


def a4_pages(count: int) -> pikepdf.Pdf:
    """Blank A4 pages laid out as WeasyPrint lays out print pages: a 3 mm bleed around the trim."""
    pdf = pikepdf.new()
    for _ in range(count):
        page = pdf.add_blank_page(page_size=(210 * MM + 2 * BLEED, 297 * MM + 2 * BLEED))
        page.obj.MediaBox = pikepdf.Array([-BLEED, -BLEED, 210 * MM + BLEED, 297 * MM + BLEED])
        page.obj.TrimBox = pikepdf.Array([0, 0, 210 * MM, 297 * MM])
    return pdf


def test_an_a4_booklet_imposes_2_up_on_a3_with_room_for_marks() -> None:
    sheets, sides = compose(a4_pages(8), saddle_sides(8), MARKS_MARGIN)
    assert len(sheets.pages) == 4
    for page, side in zip(sheets.pages, sides, strict=True):
        x0, y0, x1, y1 = box(page)
        assert (round((x1 - x0) / MM), round((y1 - y0) / MM)) == (420, 297)  # A3 landscape
        assert side.folds == pytest.approx((210 * MM,))
        media = [float(v) for v in page.obj.MediaBox]
        assert media == pytest.approx(
            [0, 0, x1 - x0 + 2 * MARKS_MARGIN, y1 - y0 + 2 * MARKS_MARGIN]
        )
