"""Font subsetting: HarfBuzz's subsetter (uharfbuzz, from PyPI) for every font WeasyPrint embeds.

WeasyPrint subsets with the system's libharfbuzz-subset when the machine happens to have it, else
with fontTools (several times slower, and other bytes): the output would depend on the machine.
`use_harfbuzz()` makes it always take this one path, with the HarfBuzz that uharfbuzz bundles
(its version is part of every render key).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import uharfbuzz as hb

# Tables a PDF font never needs (WeasyPrint's own list): layout, bitmaps, signatures.
DROPPED: tuple[bytes, ...] = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB")
DROPPED += (b"JSTF", b"LTSH", b"PCLT", b"SVG ")


@lru_cache(maxsize=16)
def _face(data: bytes, index: int) -> hb.Face:
    """A font file's face, preprocessed for fast repeated subsetting (once per process)."""
    return hb.subset_preprocess(hb.Face(hb.Blob(data), index))


def _input(glyphs: list[int], flags: hb.SubsetFlags) -> hb.SubsetInput:
    inp = hb.SubsetInput()
    inp.glyph_set.update(glyphs)
    inp.drop_table_tag_set.update(int.from_bytes(t, "big") for t in DROPPED)
    inp.flags = flags
    return inp


def subset_font(data: bytes, index: int, glyphs: list[int], hinting: bool, notdef: bool) -> bytes:
    """The font keeping only these glyph ids, at their ids (glyphs after the last one dropped)."""
    base = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
    if notdef:
        base |= hb.SubsetFlags.NOTDEF_OUTLINE
    face = _face(data, index)
    kept = hb.subset(face, _input(glyphs, base | hb.SubsetFlags.RETAIN_GIDS))
    final = base if hinting else base | hb.SubsetFlags.NO_HINTING
    out = hb.subset(kept, _input(list(range(max(glyphs) + 1)), final))
    return bytes(out.blob.data)


def use_harfbuzz() -> None:
    """Route WeasyPrint's font subsetting through subset_font."""
    from weasyprint.pdf.fonts import Font

    if getattr(Font.subset, "ours", False):
        return

    def subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
        if to_unicode:
            notdef = bool(font.missing)
            font.file_content = subset_font(
                font.file_content, font.index, sorted(to_unicode), hinting, notdef
            )

    subset.ours = True  # type: ignore[attr-defined]
    Font.subset = subset
