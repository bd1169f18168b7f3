"""The print files of the built packs: boxes in points, imposition order, marks, PDF/X-4, bleed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest

MM = 72 / 25.4
BLEED = 3 * MM
PACK = "parents-evening"
STEM = "coventry.internet-offending.parents.en"
FORMATS = ("a4", "a5-booklet", "dl-trifold", "a3-poster")
BRAND = (0x1D, 0x3F, 0x6E)  # Coventry's primary colour


def print_file(built: Path, fmt: str, kind: str = "print") -> Path:
    """A print file of the parents' evening pack: kind 'print' (pages) or 'sheets' (imposed)."""
    return built / PACK / "print" / f"{STEM}.{fmt}.{kind}.pdf"


def boxes(page: pikepdf.Page) -> dict[str, list[float]]:
    """A page's MediaBox, BleedBox and TrimBox in points."""
    return {k: [float(v) for v in page.obj[f"/{k}"]] for k in ("MediaBox", "BleedBox", "TrimBox")}


def around(box: list[float], by: float) -> list[float]:
    """A box grown by the same distance on every side."""
    return [box[0] - by, box[1] - by, box[2] + by, box[3] + by]


def screen_pages(built: Path, fmt: str) -> int:
    """The page count of the on-screen leaflet, from the pack's manifest."""
    manifest = json.loads((built / PACK / "manifest.json").read_text())
    return next(f["pages"] for f in manifest["files"] if f["format"] == fmt)


def squeeze(text: str) -> str:
    """Text without spaces, and without pdfium's marks for a word broken at a line's end."""
    return "".join(text.split()).replace("\x02", "").replace("\ufffe", "")


def text_in(path: Path, page: int, box: tuple[float, float, float, float]) -> str:
    """The text inside a box (left, bottom, right, top, in points) of a page, squeezed."""
    document = pdfium.PdfDocument(str(path))
    try:
        return squeeze(document[page].get_textpage().get_text_bounded(*box))
    finally:
        document.close()


@pytest.mark.parametrize(
    ("fmt", "width", "height"),
    [("a4", 210, 297), ("a5-booklet", 148, 210), ("dl-trifold", 297, 210), ("a3-poster", 297, 420)],
)
def test_print_pages_have_trim_and_3mm_bleed_boxes(
    built: Path, fmt: str, width: float, height: float
) -> None:
    pdf = pikepdf.open(print_file(built, fmt))
    expected = {"a4": screen_pages(built, "a4"), "a5-booklet": screen_pages(built, "a5-booklet")}
    assert len(pdf.pages) == expected.get(fmt, 2 if fmt == "dl-trifold" else 1)
    for page in pdf.pages:
        b = boxes(page)
        trim = b["TrimBox"]
        assert trim[2] - trim[0] == pytest.approx(width * MM, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(height * MM, abs=0.01)
        assert b["BleedBox"] == pytest.approx(around(trim, BLEED), abs=0.01)
        assert b["MediaBox"] == pytest.approx(b["BleedBox"], abs=0.01)


@pytest.mark.parametrize(
    ("fmt", "width", "height"),
    [("a4", 210, 297), ("a5-booklet", 296, 210), ("dl-trifold", 297, 210), ("a3-poster", 297, 420)],
)
def test_imposed_sheets_have_room_for_marks_outside_the_bleed(
    built: Path, fmt: str, width: float, height: float
) -> None:
    pdf = pikepdf.open(print_file(built, fmt, "sheets"))
    for page in pdf.pages:
        b = boxes(page)
        trim = b["TrimBox"]
        assert trim[2] - trim[0] == pytest.approx(width * MM, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(height * MM, abs=0.01)
        assert b["BleedBox"] == pytest.approx(around(trim, BLEED), abs=0.01)
        assert b["MediaBox"] == pytest.approx(around(trim, 15 * MM), abs=0.01)


def test_trifold_screen_panels_are_100_and_97_mm(built: Path) -> None:
    pdf = pikepdf.open(built / PACK / f"{STEM}.dl-trifold.pdf")
    widths = [round(float(p.mediabox[2] - p.mediabox[0]) / MM, 1) for p in pdf.pages]
    heights = {round(float(p.mediabox[3] - p.mediabox[1]) / MM, 1) for p in pdf.pages}
    assert widths == [100, 97, 100, 100, 97, 100]
    assert heights == {210}


def test_poster_is_one_a3_page(built: Path) -> None:
    pdf = pikepdf.open(built / PACK / f"{STEM}.a3-poster.pdf")
    (page,) = pdf.pages
    assert [round(float(v) / MM) for v in page.mediabox] == [0, 0, 297, 420]


def page_numbers(path: Path) -> list[tuple[int, int]]:
    """The 'Page N of M' footer numbers read from the left and right half of every sheet side."""
    out, pdf = [], pikepdf.open(path)
    for n, page in enumerate(pdf.pages):
        x0, y0, x1, y1 = boxes(page)["TrimBox"]
        middle = (x0 + x1) / 2
        halves = [text_in(path, n, (x0, y0, middle, y1)), text_in(path, n, (middle, y0, x1, y1))]
        numbers = [re.search(r"Page(\d+)of\d+", h) for h in halves]
        assert all(numbers), halves
        out.append((int(numbers[0][1]), int(numbers[1][1])))  # type: ignore[index]
    return out


def test_booklet_sheets_are_in_saddle_stitch_order(built: Path) -> None:
    pages = screen_pages(built, "a5-booklet")
    assert pages % 4 == 0
    expected = []
    for k in range(pages // 4):
        expected += [(pages - 2 * k, 2 * k + 1), (2 * k + 2, pages - 2 * k - 1)]
    assert page_numbers(print_file(built, "a5-booklet", "sheets")) == expected


def panel_text(built: Path, side: int, panels_mm: list[float]) -> list[str]:
    """The text of each panel of one side of the flat tri-fold print file."""
    path = print_file(built, "dl-trifold")
    pdf = pikepdf.open(path)
    x0, y0, _, y1 = boxes(pdf.pages[side])["TrimBox"]
    edges = [x0 + sum(panels_mm[:i]) * MM for i in range(len(panels_mm) + 1)]
    return [text_in(path, side, (edges[i], y0, edges[i + 1], y1)) for i in range(3)]


def screen_text(path: Path) -> list[str]:
    """The text of every page of a PDF, spaces removed."""
    document = pdfium.PdfDocument(str(path))
    try:
        return [squeeze(p.get_textpage().get_text_range()) for p in document]
    finally:
        document.close()


def test_trifold_panels_fold_into_reading_order(built: Path) -> None:
    panels = [sorted(t) for t in screen_text(built / PACK / f"{STEM}.dl-trifold.pdf")]
    outside = panel_text(built, 0, [97, 100, 100])
    inside = panel_text(built, 1, [100, 100, 97])
    # Each panel of the flat sheet holds the same characters as one on-screen panel (extraction
    # order differs within a box). Outside, left to right: the inside flap (2nd panel read),
    # the back cover (6th), the front cover (1st).
    assert [sorted(t) for t in outside] == [panels[1], panels[5], panels[0]]
    # Inside, left to right: the 3rd, 4th and 5th panels; the 97 mm one tucks in under the flap.
    assert [sorted(t) for t in inside] == [panels[2], panels[3], panels[4]]
    assert "Internetoffending" in outside[2] and "Forparents" in outside[2]
    assert outside[0].startswith("Whattodonow")  # the flap: who to call, and when
    assert outside[1].startswith("Whotocontact0808800")  # the back: helplines, large


def mark_lines(page: pikepdf.Page) -> list[tuple[float, float, float, float]]:
    """The straight lines of the marks form laid over an imposed sheet, in page space."""
    form = page.obj.Resources.XObject["/Marks"]
    assert [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])] == [1, 0, 0, 1, 0, 0]
    lines, here = [], (0.0, 0.0)
    for operands, op in pikepdf.parse_content_stream(form):
        if str(op) in ("m", "l"):
            point = (float(operands[0]), float(operands[1]))
            if str(op) == "l":
                lines.append((*here, *point))
            here = point
    return lines


@pytest.mark.parametrize("fmt", FORMATS)
def test_marks_lie_outside_the_bleed(built: Path, fmt: str) -> None:
    pdf = pikepdf.open(print_file(built, fmt, "sheets"))
    for page in pdf.pages:
        bx0, by0, bx1, by1 = boxes(page)["BleedBox"]
        lines = mark_lines(page)
        assert len(lines) >= 8
        for x1, y1, x2, y2 in lines:
            assert max(x1, x2) < bx0 or min(x1, x2) > bx1 or max(y1, y2) < by0 or min(y1, y2) > by1


def marks_above(page: pikepdf.Page) -> set[float]:
    """Where vertical marks stand above the sheet's trim: mm from the trim's left edge."""
    tx0, _, _, ty1 = boxes(page)["TrimBox"]
    return {
        round((x1 - tx0) / MM, 1) for x1, y1, x2, _ in mark_lines(page) if x1 == x2 and y1 > ty1
    }


@pytest.mark.parametrize(
    ("fmt", "sides"),
    [
        ("a4", [[0, 210]]),
        ("a5-booklet", [[0, 148, 296]]),
        ("dl-trifold", [[0, 97, 197, 297], [0, 100, 200, 297]]),
        ("a3-poster", [[0, 297]]),
    ],
)
def test_crop_marks_at_the_trim_and_fold_marks_at_the_folds(
    built: Path, fmt: str, sides: list[list[float]]
) -> None:
    pdf = pikepdf.open(print_file(built, fmt, "sheets"))
    for n, page in enumerate(pdf.pages):
        assert marks_above(page) == set(sides[n % len(sides)])


def test_slug_names_the_pack_and_the_sheet(built: Path) -> None:
    path = print_file(built, "a5-booklet", "sheets")
    sheets, pdf = screen_pages(built, "a5-booklet") // 4, pikepdf.open(path)
    for n, page in enumerate(pdf.pages):
        x0, y0, x1, _ = boxes(page)["BleedBox"]
        slug = text_in(path, n, (x0, 0, x1, y0))
        face = "front" if n % 2 == 0 else "back"
        assert f"Parents'eveningpack(parents-evening)·{STEM}.a5-booklet" in slug
        assert f"sheet{n // 2 + 1}of{sheets},{face}" in slug


@pytest.mark.parametrize("kind", ["print", "sheets"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_print_files_are_pdf_x4_with_an_output_intent(built: Path, fmt: str, kind: str) -> None:
    path = print_file(built, fmt, kind)
    pdf = pikepdf.open(path)
    assert pdf.pdf_version == "1.6"
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    profile = intent.DestOutputProfile.read_bytes()
    assert profile[12:20] == b"prtrCMYK"  # an output profile for CMYK printing
    assert intent.DestOutputProfile.N == 4
    xmp = pdf.Root.Metadata.read_bytes().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "<pdf:Trapped>False</pdf:Trapped>" in xmp
    assert pdf.trailer.Info.Trapped == "/False"
    assert "/Annots" not in pdf.pages[0].obj


@pytest.mark.parametrize("fmt", FORMATS)
def test_print_files_pass_qpdf_check(built: Path, fmt: str) -> None:
    for kind in ("print", "sheets"):
        job = pikepdf.Job(["qpdf", "--check", str(print_file(built, fmt, kind))])
        job.run()
        assert job.exit_code == 0
        assert not job.has_warnings


def test_on_screen_pdfs_stay_pdf_ua_without_output_intent(built: Path) -> None:
    for fmt in FORMATS:
        pdf = pikepdf.open(built / PACK / f"{STEM}.{fmt}.pdf")
        assert "/OutputIntents" not in pdf.Root
        assert b"pdfuaid" in pdf.Root.Metadata.read_bytes()


def test_rgb_colours_are_tagged_srgb(built: Path) -> None:
    pdf = pikepdf.open(print_file(built, "a4"))
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Resources" in obj:
            default = obj.Resources.ColorSpace.DefaultRGB
            assert default[0] == "/ICCBased" and default[1].N == 3


def test_black_text_prints_in_100_percent_k(built: Path) -> None:
    with pdfplumber.open(print_file(built, "a4")) as pdf:
        colours = [c["non_stroking_color"] for c in pdf.pages[1].chars]
    black = [c for c in colours if c == (0, 0, 0, 1)]
    assert len(black) > 0.9 * len(colours)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_brand_band_runs_into_the_bleed(built: Path, fmt: str) -> None:
    document = pdfium.PdfDocument(str(print_file(built, fmt)))
    image = document[0].render(scale=2 * 25.4 / 72).to_pil().convert("RGB")  # 2 px a mm
    document.close()
    x = image.width - 4 if fmt == "dl-trifold" else image.width // 2  # the front panel is right
    for y in (1, 4):  # inside the 3 mm bleed at the top edge
        assert all(abs(a - b) < 12 for a, b in zip(image.getpixel((x, y)), BRAND, strict=True))
