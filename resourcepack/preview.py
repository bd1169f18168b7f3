"""Preview: thumbnails of PDF pages, and contact sheets that show a whole pack at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from .fonts import house_font

THUMB_HEIGHT = 220
GAP = 16
LABEL_PX = 18
BACKGROUND = (205, 210, 216)
INK = (26, 26, 26)

Row = tuple[str, list[Image.Image]]


def thumbnails(
    pdf: bytes | Path, height: int = THUMB_HEIGHT, pages: int | None = None
) -> list[Image.Image]:
    """The pages of a PDF (all, or the first few) as RGB images of the given height."""
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        out = []
        for i in range(min(len(document), pages or len(document))):
            page = document[i]
            out.append(page.render(scale=height / page.get_height()).to_pil().convert("RGB"))
            page.close()
        return out
    finally:
        document.close()


@cache
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(house_font(700)), LABEL_PX)


def _row_size(images: Sequence[Image.Image]) -> tuple[int, int]:
    width = sum(i.width for i in images) + GAP * (len(images) - 1)
    return width, max(i.height for i in images)


def contact_sheet(rows: Sequence[Row]) -> Image.Image:
    """One row per item: its label above its pages side by side, on a grey ground."""
    sizes = [_row_size(images) for _, images in rows]
    width = max(w for w, _ in sizes) + 2 * GAP
    height = sum(h + LABEL_PX + 2 * GAP for _, h in sizes) + GAP
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    y = GAP
    for (label, images), (_, row_height) in zip(rows, sizes, strict=True):
        draw.text((GAP, y), label, fill=INK, font=_font())
        x, y = GAP, y + LABEL_PX + GAP // 2
        for image in images:
            sheet.paste(image, (x, y + row_height - image.height))
            x += image.width + GAP
        y += row_height + GAP + GAP // 2
    return sheet
