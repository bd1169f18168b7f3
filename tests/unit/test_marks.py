"""marks: crop and fold marks and the slug line, one sheet-sized page per side."""

from __future__ import annotations

import io

import pikepdf

from resourcepack.impose import MM, Side
from resourcepack.marks import marks_pdf


def test_marks_one_page_per_side_with_the_margin_and_the_slug() -> None:
    sides = [Side(210 * MM, 297 * MM, ((0, 210 * MM),)), Side(297 * MM, 210 * MM, ())]
    data = marks_pdf(sides, 20 * MM, ["front slug", "back slug"])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        boxes = [[round(float(v) / MM) for v in page.MediaBox] for page in pdf.pages]
        assert boxes == [[0, 0, 250, 337], [0, 0, 337, 250]]
    assert marks_pdf(sides, 20 * MM, ["front slug", "back slug"]) == data  # reproducible
