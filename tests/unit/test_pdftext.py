"""pdftext: a tagged PDF read with pikepdf exactly as pdfplumber reads it."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from resourcepack.pdftext import read_pdf, to_unicode_map

from .rendered import small_pdf


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_pdf(tmp_path_factory.mktemp("pdftext"))


def test_the_characters_are_pdfplumbers_to_the_bit(pdf: Path) -> None:
    tree, pages = read_pdf(pdf)
    with pdfplumber.open(pdf) as doc:
        want = [
            (c["text"], c["x0"], c["top"], c["bottom"], c["upright"], c.get("mcid"))
            for c in doc.pages[0].chars
        ]
        structure = doc.structure_tree
    got = [
        (c["text"], c["x0"], c["top"], c["bottom"], c["upright"], c["mcid"]) for c in pages[0].chars
    ]
    assert len(got) > 50
    assert got == want
    assert [e["type"] for e in tree] == [e["type"] for e in structure]


def test_to_unicode_map_reads_chars_and_ranges() -> None:
    cmap = (
        b"beginbfchar\n<0003> <0020>\n<0004> <00A0>\nendbfchar\n"
        b"beginbfrange\n<0010> <0012> <0041>\n<0020> <0021> [<0061> <FB01>]\nendbfrange\n"
    )
    assert to_unicode_map(cmap) == {
        3: " ",
        4: "\u00a0",
        0x10: "A",
        0x11: "B",
        0x12: "C",
        0x20: "a",
        0x21: "\ufb01",
    }
