"""tagging: what WeasyPrint's PDF/UA-1 tags lack, added, on a small PDF rendered for real."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from tagged import elements

from resourcepack.copyout import actual_text, needs_actual_text, right_to_left, visual

from .rendered import ARABIC, small_pdf


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_pdf(tmp_path_factory.mktemp("tagging"))


def test_header_cells_have_scope_and_ids_in_an_id_tree(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        ths = [e for e in elements(doc) if e.S == "/TH"]
        assert [str(e.A.Scope) for e in ths] == ["/Column", "/Column", "/Row"]
        names = doc.Root.StructTreeRoot.IDTree.Names
        assert {str(names[i]) for i in range(0, len(names), 2)} >= {str(e.ID) for e in ths}


def test_text_in_another_language_has_its_lang_and_actual_text(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        found = elements(doc)
        assert any(str(e.get("/Lang", "")) == "ar" for e in found)
        assert ARABIC.split()[0] in " ".join(str(e.ActualText) for e in found if "/ActualText" in e)


def test_the_footer_is_an_artifact_in_no_structure_element(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        footer = [c for c in page.chars if c["top"] > page.height - 60]
        assert "".join(c["text"] for c in footer) == "Page 1"
        assert {(c.get("tag"), c.get("mcid")) for c in footer} == {("Artifact", None)}
        body = [c for c in page.chars if c["top"] < 100]
        assert body and all(c.get("mcid") is not None for c in body)


def test_text_helpers() -> None:
    assert needs_actual_text(ARABIC) and right_to_left(ARABIC)
    assert needs_actual_text("ਪੰਜਾਬੀ") and not right_to_left("ਪੰਜਾਬੀ")  # vowel signs: marks
    assert not needs_actual_text("Hello")
    assert actual_text("a\u200fb\u00adc\u2066d") == "abcd"
    assert visual("لا") == "ال"  # a lam-alef glyph: given right to left
    assert visual("ab") == "ab"
