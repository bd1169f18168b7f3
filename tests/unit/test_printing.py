"""printing: sizes named as a print shop names them."""

from __future__ import annotations

from resourcepack.impose import MM
from resourcepack.printing import press_sheet, size_name


def test_sizes_by_name_and_orientation() -> None:
    assert size_name(210 * MM, 297 * MM) == "210 × 297 mm (A4 portrait)"
    assert size_name(297 * MM, 210 * MM) == "297 × 210 mm (A4 landscape)"
    assert size_name(99 * MM, 210 * MM) == "99 × 210 mm"


def test_the_smallest_press_sheet_either_way_round() -> None:
    assert press_sheet(216 * MM, 303 * MM) == "216 × 303 mm, on SRA4 (225 × 320 mm) or larger"
    assert press_sheet(303 * MM, 216 * MM) == "303 × 216 mm, on SRA4 (225 × 320 mm) or larger"
    assert press_sheet(700 * MM, 1000 * MM) == "700 × 1000 mm"
