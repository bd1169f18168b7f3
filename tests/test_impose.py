"""Imposition orders: saddle-stitch sheets, tri-fold sides, and their mirror for right to left."""

from __future__ import annotations

from resourcepack.impose import reading_sides, saddle_sides, sheet_sides


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
