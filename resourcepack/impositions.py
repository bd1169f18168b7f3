"""Impositions, by name: how each lays a leaflet's pages on printed sides, what its pages are
called, which layout rules it adds, and how the job sheet describes its print files.

A format names one in templates/formats.yaml (`production: imposition:`); add a new one here:
to IMPOSITIONS, and its name to ImpositionName (the names formats.yaml may use; a test holds
the two equal).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

Sides = tuple[tuple[int, ...], ...]
ImpositionName = Literal["sheets", "saddle-stitch", "trifold"]

# A DL tri-fold's six panels, rendered in reading order (0 front cover, 1 inside flap, 2-4 the
# inside spread, 5 back cover), laid on the two sides of the A4 sheet, left to right:
# outside: inside flap (97 mm), back cover, front cover; inside: the spread, ending with the
# 97 mm panel that tucks in under the flap.
TRIFOLD_SIDES = ((1, 5, 0), (2, 3, 4))


def one_a_side(pages: int, rtl: bool = False) -> Sides:
    """Each page alone on a side, in reading order."""
    return tuple((i,) for i in range(pages))


def trifold_sides(pages: int, rtl: bool = False) -> Sides:
    """A tri-fold's two flat sides (mirrored for a right-to-left language, whose leaflets open
    the other way)."""
    return tuple(side[::-1] for side in TRIFOLD_SIDES) if rtl else TRIFOLD_SIDES


def saddle_sides(pages: int) -> Sides:
    """Saddle-stitch order, two pages a side: sheet k has n-2k|2k+1 on its front, 2k+2|n-2k-1."""
    sides: list[tuple[int, ...]] = []
    for k in range(pages // 4):
        sides.append((pages - 1 - 2 * k, 2 * k))
        sides.append((2 * k + 1, pages - 2 - 2 * k))
    return tuple(sides)


def booklet_sides(pages: int, rtl: bool = False) -> Sides:
    """A saddle-stitched booklet's sheets (a right-to-left booklet binds on the right)."""
    sides = saddle_sides(pages)
    return tuple(side[::-1] for side in sides) if rtl else sides


@dataclass(frozen=True)
class Imposition:
    """One way of putting a format's pages onto sheets."""

    name: str
    unit: str  # what its pages are called in messages: pages, panels
    across: int  # pages side by side on one side of an imposed sheet
    reading: Callable[[int, bool], Sides]  # the print file's sides: its own pages, in order
    sheets: Callable[[int, bool], Sides]  # the imposed sheets' sides, for the printer
    pages_file: str  # the job sheet's words for the print file ({size}: its trim)
    sheets_file: str  # and for the imposed sheets file
    booklet: bool = False  # the layout check's booklet page rule applies
    panels: bool = False  # the layout check's panel rule applies


SINGLE_PAGES = "single pages in reading order, trim {size}, 3 mm bleed"
ONE_A_SHEET = "imposed one a sheet, trim {size}, with marks"

IMPOSITIONS: Mapping[str, Imposition] = {
    i.name: i
    for i in (
        Imposition("sheets", "pages", 1, one_a_side, one_a_side, SINGLE_PAGES, ONE_A_SHEET),
        Imposition(
            "saddle-stitch",
            "pages",
            2,
            one_a_side,
            booklet_sides,
            SINGLE_PAGES,
            "imposed 2-up in saddle-stitch order on sheets of {size}, with marks",
            booklet=True,
        ),
        Imposition(
            "trifold",
            "panels",
            1,
            trifold_sides,
            trifold_sides,
            "the flat sheet's outside and inside, trim {size}, 3 mm bleed",
            ONE_A_SHEET,
            panels=True,
        ),
    )
}


def reading_sides(imposition: str, pages: int, rtl: bool = False) -> Sides:
    """The print file's own pages: each page alone in reading order; a tri-fold's two flat sides
    (mirrored for a right-to-left language, whose leaflets open the other way)."""
    return IMPOSITIONS[imposition].reading(pages, rtl)


def sheet_sides(imposition: str, pages: int, rtl: bool = False) -> Sides:
    """The imposed sheets' sides for the printer (a right-to-left booklet binds on the right)."""
    return IMPOSITIONS[imposition].sheets(pages, rtl)
