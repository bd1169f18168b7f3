"""QR codes: vector, in 100% K for print, and each scans back to exactly its web address."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp

from conftest import REPO
from resourcepack.qr import PRINT_DARK, qr_svg
from resourcepack.render import short_url

PACK = "parents-evening"
STEM = "coventry.internet-offending.parents.en"
CEOP = "https://www.ceop.police.uk/Safety-Centre/"


def scanned(path: Path, dpi: int = 200) -> list[list[str]]:
    """The QR codes read from each page of a PDF, as a phone's camera would: from pixels."""
    document = pdfium.PdfDocument(str(path))
    try:
        return [
            sorted(
                code.text for code in zxingcpp.read_barcodes(page.render(scale=dpi / 72).to_pil())
            )
            for page in document
        ]
    finally:
        document.close()


def page_text(path: Path) -> str:
    """All the text of a PDF with whitespace folded (pdfium marks a hyphen at a line end U+FFFE)."""
    document = pdfium.PdfDocument(str(path))
    try:
        text = " ".join(p.get_textpage().get_text_range() for p in document)
    finally:
        document.close()
    return " ".join(text.replace("\ufffe", "-").split())


def qr_resources() -> set[str]:
    """The web addresses of the resources the topic marks `qr: true`."""
    topic = REPO / "content" / "topics" / "internet-offending.yaml"
    refs = yaml.safe_load(topic.read_text(encoding="utf-8"))["resources"]
    marked = {r["id"] for r in refs if isinstance(r, dict) and r.get("qr")}
    data = yaml.safe_load((REPO / "content" / "resources.yaml").read_text(encoding="utf-8"))
    return {r["url"] for r in data["resources"] if r["id"] in marked}


def test_qr_svg_is_vector_with_a_quiet_zone() -> None:
    svg = qr_svg(CEOP)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'viewBox="0 0 37 37"' in svg  # 29 modules (version 3) and 4 white on each side
    assert "<image" not in svg and "<path" in svg  # modules drawn as lines, no pixels
    assert 'stroke="device-cmyk(0 0 0 1)"' in qr_svg(CEOP, PRINT_DARK)


def test_poster_qr_scans_to_the_resource_it_names(built: Path) -> None:
    path = built / PACK / "print" / f"{STEM}.a3-poster.print.pdf"
    assert scanned(path) == [[CEOP]]
    text = page_text(path)
    # The address printed beside the code, as people type it (the code carries it whole).
    assert f"CEOP Safety Centre {short_url(CEOP)}" in text


def test_leaflet_qr_codes_scan_to_the_resources_marked_qr(built: Path) -> None:
    wanted = qr_resources()
    assert len(wanted) == 3
    for name in (f"{STEM}.a4.pdf", f"{STEM}.a5-booklet.pdf", f"{STEM}.dl-trifold.pdf"):
        pages = scanned(built / PACK / name)
        codes = [url for page in pages for url in page]
        # beside each resource's address (the A4, the booklet), and again in the back page's row
        # (the booklet, the DL): each code on the back page once
        assert sorted(set(codes)) == sorted(wanted) and sorted(pages[-1]) == sorted(wanted), name
        if ".dl-trifold." not in name:  # the DL prints no address: its codes carry them
            text = "".join(page_text(built / PACK / name).split())
            assert all(short_url(url) in text for url in wanted)  # each address, readable


def test_print_file_qr_codes_scan_too(built: Path) -> None:
    path = built / PACK / "print" / f"{STEM}.dl-trifold.sheets.pdf"
    outside, inside = scanned(path)
    assert outside == sorted(qr_resources())
    assert inside == []


def test_qr_codes_are_vector_not_images(built: Path) -> None:
    pdf = pikepdf.open(built / PACK / f"{STEM}.a3-poster.pdf")
    for obj in pdf.objects:
        assert not (isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image")


def test_a_qr_codes_path_is_drawn_as_weasyprints_svg_reader_draws_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The quick drawing of segno's path gives the PDF, to the byte, that WeasyPrint's general
    SVG path reader gives (codes of several sizes, in screen black and in 100% K)."""
    import weasyprint
    from weasyprint import svg

    from resourcepack.qr import qr_data_uri, use_quick_qr_paths

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    urls = [CEOP, "https://example.org/" + "a" * 120, "https://example.org/x"]
    imgs = "".join(
        f"<img style='width: 30mm' src='{qr_data_uri(url, dark)}'>"
        for url in urls
        for dark in (PRINT_DARK, "#000")
    )
    html = f"<html lang='en'><title>QR</title><body>{imgs}</body></html>"
    use_quick_qr_paths()
    quick = svg.TAGS["path"]
    drawn = weasyprint.HTML(string=html).write_pdf()
    monkeypatch.setitem(svg.TAGS, "path", quick.general)
    assert weasyprint.HTML(string=html).write_pdf() == drawn
