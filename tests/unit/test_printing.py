"""printing and marks: sizes named as a print shop names them, and the marks drawn per side."""

from __future__ import annotations

import io

import pikepdf

from resourcepack.impose import MM, Side
from resourcepack.marks import marks_pdf
from resourcepack.printing import press_sheet, size_name


def test_sizes_by_name_and_orientation() -> None:
    assert size_name(210 * MM, 297 * MM) == "210 × 297 mm (A4 portrait)"
    assert size_name(297 * MM, 210 * MM) == "297 × 210 mm (A4 landscape)"
    assert size_name(99 * MM, 210 * MM) == "99 × 210 mm"


def test_the_smallest_press_sheet_either_way_round() -> None:
    assert press_sheet(216 * MM, 303 * MM) == "216 × 303 mm, on SRA4 (225 × 320 mm) or larger"
    assert press_sheet(303 * MM, 216 * MM) == "303 × 216 mm, on SRA4 (225 × 320 mm) or larger"
    assert press_sheet(700 * MM, 1000 * MM) == "700 × 1000 mm"


def test_marks_one_page_per_side_with_the_margin_and_the_slug() -> None:
    sides = [Side(210 * MM, 297 * MM, ((0, 210 * MM),)), Side(297 * MM, 210 * MM, ())]
    data = marks_pdf(sides, 20 * MM, ["front slug", "back slug"])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        boxes = [[round(float(v) / MM) for v in page.MediaBox] for page in pdf.pages]
        assert boxes == [[0, 0, 250, 337], [0, 0, 337, 250]]
    assert marks_pdf(sides, 20 * MM, ["front slug", "back slug"]) == data  # reproducible
