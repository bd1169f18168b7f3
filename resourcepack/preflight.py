"""Preflight: check print files before they are written: boxes, pages, fonts, images, marks."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import pikepdf
import pypdfium2 as pdfium

from .errors import Problem, RenderError
from .impose import BLEED, MM, Box, Side, box
from .pdfmath import IDENTITY, Matrix, matrix, multiply

TOLERANCE = 0.05  # points
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")

Point = tuple[float, float]
Line = tuple[Point, Point]
Failure = tuple[int, str]  # page number, message


class PreflightError(RenderError):
    """Raised when a print file fails preflight; nothing of the pack is written."""


@dataclass(frozen=True)
class Expect:
    """What a print file must be: its trim, page count, panels on each page, marks or none;
    the least clearance of text from a trim edge or fold (points), and of pixels an inch
    (the format's production: safe_mm, min_ppi)."""

    trim: tuple[float, float]
    pages: int
    multiple: int
    sides: tuple[Side, ...]
    marks: bool
    safe: float = 5 * MM
    min_ppi: int = 300


@dataclass(frozen=True)
class PrintFile:
    """One print file, still in memory, and what it must be."""

    name: str
    data: bytes
    expect: Expect


@dataclass(frozen=True)
class Check:
    """The outcome of one check on one file."""

    file: str
    name: str
    detail: str
    failures: tuple[Failure, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failures


@dataclass
class Drawn:
    """What a page draws: each raster image's resolution, and the lines of its marks."""

    ppi: list[tuple[float, str]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def _image(drawn: Drawn, pixels: tuple[float, float], ctm: Matrix, name: str) -> None:
    """Record an image's resolution at its printed size (the unit square through the CTM)."""
    inches_w = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5 / 72
    inches_h = (ctm[2] ** 2 + ctm[3] ** 2) ** 0.5 / 72
    if inches_w and inches_h:
        drawn.ppi.append((min(pixels[0] / inches_w, pixels[1] / inches_h), name))


# The operators _walk follows (pikepdf passes over the rest, text above all, unread).
WALKED = "q Q cm Do m l BI ID EI"


def _walk(drawn: Drawn, resources: Any, stream: Any, ctm: Matrix, marks: bool) -> None:
    """Follow a content stream's transforms into forms, recording images and mark lines."""
    stack: list[Matrix] = []
    here: Point = (0.0, 0.0)
    for item in pikepdf.parse_content_stream(stream, WALKED):
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            size = (float(item.iimage.width), float(item.iimage.height))
            _image(drawn, size, ctm, "inline")
            continue
        operands, op = item.operands, str(item.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm":
            ctm = multiply(matrix(operands), ctm)
        elif op == "Do":
            _do(drawn, resources, str(operands[0]), ctm, marks)
        elif marks and op in ("m", "l"):
            x, y = float(operands[0]), float(operands[1])
            point = (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])
            if op == "l":
                drawn.lines.append((here, point))
            here = point


def _do(drawn: Drawn, resources: Any, name: str, ctm: Matrix, marks: bool) -> None:
    """Draw an XObject: record an image, or walk into a form (the /Marks form holds the marks)."""
    xobject = resources.get("/XObject", pikepdf.Dictionary()).get(name)
    if xobject is None:
        return
    if xobject.get("/Subtype") == "/Image":
        _image(drawn, (float(xobject.Width), float(xobject.Height)), ctm, name)
    elif xobject.get("/Subtype") == "/Form":
        inner = multiply(matrix(xobject.get("/Matrix", IDENTITY)), ctm)
        own = xobject.get("/Resources", resources)
        marks = marks or name == "/Marks"
        if marks or _may_draw_images(own, xobject, set()):  # else nothing in it is recorded
            _walk(drawn, own, xobject, inner, marks)


def _may_draw_images(resources: Any, stream: Any, seen: set[tuple[int, int]]) -> bool:
    """Whether a content stream, or a form it can draw, could draw a raster image: an image
    among their resources, or an inline image's operator (BI) among their bytes. A leaflet's
    page, drawn in its print file as a form, is mostly text: not parsing it when it holds no
    picture saves most of the check's time."""
    if b"BI" in stream.read_bytes():
        return True
    for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
        kind = xobject.get("/Subtype")
        if kind == "/Image":
            return True
        if kind == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            if _may_draw_images(xobject.get("/Resources", resources), xobject, seen):
                return True
    return False


def drawn_on(page: pikepdf.Page) -> Drawn:
    """Images and mark lines a page draws, in page space."""
    drawn = Drawn()
    contents = page.obj.get("/Contents", pikepdf.Array())
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    for stream in streams:
        _walk(drawn, page.obj.get("/Resources", pikepdf.Dictionary()), stream, IDENTITY, False)
    return drawn


def _fonts(resources: Any) -> Iterator[tuple[str, bool]]:
    """Each font of a resource dictionary, with whether its glyphs are embedded."""
    for font in resources.get("/Font", pikepdf.Dictionary()).values():
        if font.get("/Subtype") == "/Type3":
            yield "Type3", True
            continue
        described = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
        descriptor = described.get("/FontDescriptor", pikepdf.Dictionary())
        name = str(font.get("/BaseFont", "/unnamed")).lstrip("/").split("+")[-1]
        yield name, any(k in descriptor for k in FONT_FILES)


def check_fonts(name: str, pdf: pikepdf.Pdf) -> Check:
    """Every font, in any resource dictionary of the file, is embedded."""
    seen: dict[str, bool] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Resources" in obj:
            seen.update(_fonts(obj.Resources))
    failures = tuple((1, f"font {f} is not embedded") for f, ok in sorted(seen.items()) if not ok)
    detail = f"{len(seen)} fonts, all embedded: {', '.join(sorted(seen))}"
    return Check(name, "fonts", detail, failures)


def _mm(width: float, height: float) -> str:
    return f"{width / MM:.0f} × {height / MM:.0f} mm"


def _contains(outer: Box, inner: Box) -> bool:
    return all(outer[i] <= inner[i] + TOLERANCE for i in (0, 1)) and all(
        outer[i] >= inner[i] - TOLERANCE for i in (2, 3)
    )


def _box_failures(page: pikepdf.Page, trim: tuple[float, float]) -> Iterator[str]:
    """What is wrong with a page's boxes: missing, the wrong trim, bleed not 3 mm, or clipped."""
    if "/TrimBox" not in page.obj or "/BleedBox" not in page.obj:
        yield "no TrimBox or BleedBox"
        return
    t, b = box(page), box(page, "/BleedBox")
    if abs(t[2] - t[0] - trim[0]) > TOLERANCE or abs(t[3] - t[1] - trim[1]) > TOLERANCE:
        yield f"trim {_mm(t[2] - t[0], t[3] - t[1])}, not {_mm(*trim)}"
    if any(abs(abs(t[i] - b[i]) - BLEED) > TOLERANCE for i in range(4)):
        yield "the BleedBox is not 3 mm outside the TrimBox on every side"
    if not _contains(box(page, "/MediaBox"), b):
        yield "the BleedBox reaches outside the MediaBox"


def check_boxes(name: str, pdf: pikepdf.Pdf, expect: Expect) -> Check:
    """Every page has a TrimBox of the right size and a BleedBox 3 mm outside it."""
    failures = tuple(
        (n, message)
        for n, page in enumerate(pdf.pages, start=1)
        for message in _box_failures(page, expect.trim)
    )
    detail = f"trim {_mm(*expect.trim)}, bleed 3 mm, TrimBox and BleedBox on every page"
    return Check(name, "boxes", detail, failures)


def check_pages(name: str, pdf: pikepdf.Pdf, expect: Expect) -> Check:
    """The page count is the one expected (a multiple of 4 for a booklet)."""
    count = len(pdf.pages)
    failures: list[Failure] = []
    if count != expect.pages:
        failures.append((1, f"{count} pages; expected {expect.pages}"))
    if count % expect.multiple:
        failures.append((1, f"{count} pages is not a multiple of {expect.multiple}"))
    rule = f" (a multiple of {expect.multiple})" if expect.multiple > 1 else ""
    return Check(name, "pages", f"{count} pages{rule}", tuple(failures))


def check_images(name: str, drawn: Sequence[Drawn], least: int) -> Check:
    """Every raster image has at least `least` pixels an inch at the size it is printed."""
    found = [(n, ppi, image) for n, d in enumerate(drawn, start=1) for ppi, image in d.ppi]
    failures = tuple(
        (n, f"image {image} is {ppi:.0f} ppi at its printed size; at least {least} needed")
        for n, ppi, image in found
        if ppi < least - 0.5
    )
    if not found:
        return Check(name, "images", "no raster images (all vector)", failures)
    lowest = min(ppi for _, ppi, _ in found)
    return Check(name, "images", f"{len(found)} images, the lowest {lowest:.0f} ppi", failures)


def _clear_of(line: Line, area: Box) -> bool:
    """True when a straight line lies wholly to one side of an area."""
    (x1, y1), (x2, y2) = line
    return (
        max(x1, x2) <= area[0] + TOLERANCE
        or min(x1, x2) >= area[2] - TOLERANCE
        or max(y1, y2) <= area[1] + TOLERANCE
        or min(y1, y2) >= area[3] - TOLERANCE
    )


def check_marks(name: str, pdf: pikepdf.Pdf, drawn: Sequence[Drawn]) -> Check:
    """Crop marks are drawn on every sheet, and every mark lies outside the bleed."""
    failures: list[Failure] = []
    for n, (page, d) in enumerate(zip(pdf.pages, drawn, strict=True), start=1):
        bleed = box(page, "/BleedBox")
        if len(d.lines) < 8:
            failures.append((n, f"{len(d.lines)} mark lines; the crop marks need 8"))
        inside = [line for line in d.lines if not _clear_of(line, bleed)]
        failures += [
            (n, f"a mark at x = {line[0][0] / MM:.1f} mm is in the bleed") for line in inside
        ]
    count = sum(len(d.lines) for d in drawn)
    return Check(
        name, "marks", f"{count} crop and fold marks, all outside the bleed", tuple(failures)
    )


def _safe_cells(trim: Box, side: Side, safe: float) -> list[Box]:
    """The area text may use in each panel of a side: `safe` inside its trim edges and folds."""
    x0, y0, _, y1 = trim
    return [(x0 + a + safe, y0 + safe, x0 + b - safe, y1 - safe) for a, b in side.cells]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]


def _clearance(char: Box, trim: Box, side: Side) -> float:
    """How far a character is from the nearest trim edge or fold of the panel it stands in."""
    middle = (char[0] + char[2]) / 2 - trim[0]
    left, right = next(((a, b) for a, b in side.cells if a <= middle <= b), side.cells[-1])
    return min(
        char[0] - trim[0] - left, trim[0] + right - char[2], char[1] - trim[1], trim[3] - char[3]
    )


def _line_at(chars: str, i: int) -> str:
    """The line of text the i-th character stands in (at most 40 characters of it)."""
    start = max(chars.rfind("\n", 0, i), chars.rfind("\r", 0, i)) + 1
    ends = [e for e in (chars.find("\r", i), chars.find("\n", i)) if e >= 0]
    return " ".join(chars[start : min(ends, default=len(chars))].split())[:40]


def _text_failures(page: Any, trim: Box, bleed: Box, side: Side, safe: float) -> Iterator[str]:
    """Characters inside the bleed box (slug text lies outside it) but outside every safe area."""
    cells = _safe_cells(trim, side, safe)
    text = page.get_textpage()
    runs = [text.get_rect(i) for i in range(text.count_rects())]
    if all(not _overlaps(r, bleed) or any(_contains(c, r) for c in cells) for r in runs):
        return  # every run of text lies inside a panel's safe area: no need to look closer
    chars = text.get_text_range(0, text.count_chars())
    for i, char_text in enumerate(chars):
        if not char_text.strip():
            continue
        char = text.get_charbox(i)
        if _overlaps(char, bleed) and not any(_contains(cell, char) for cell in cells):
            gap = _clearance(char, trim, side) / MM
            line = _line_at(chars, i)
            yield (
                f"text '{line}' is {gap:.1f} mm from the trim or a fold; "
                f"keep text {safe / MM:g} mm inside"
            )


def check_safe_zone(name: str, data: bytes, pdf: pikepdf.Pdf, expect: Expect) -> Check:
    """No text within the safe distance of a trim edge or, on a folded sheet, of a fold."""
    document = pdfium.PdfDocument(data)
    failures: list[Failure] = []
    try:
        for n, (page, side) in enumerate(zip(pdf.pages, expect.sides, strict=True), start=1):
            trim, bleed = box(page), box(page, "/BleedBox")
            found = _text_failures(document[n - 1], trim, bleed, side, expect.safe)
            failures += [(n, message) for message in list(found)[:1]]
    finally:
        document.close()
    detail = f"no text within {expect.safe / MM:g} mm of a trim edge or fold"
    return Check(name, "safe zone", detail, tuple(failures))


def check_file(f: PrintFile) -> list[Check]:
    """Every check on one print file."""
    pdf = pikepdf.open(io.BytesIO(f.data))
    drawn = [drawn_on(page) for page in pdf.pages]
    checks = [
        check_boxes(f.name, pdf, f.expect),
        check_pages(f.name, pdf, f.expect),
        check_fonts(f.name, pdf),
        check_images(f.name, drawn, f.expect.min_ppi),
    ]
    if len(pdf.pages) == len(f.expect.sides):
        checks.append(check_safe_zone(f.name, f.data, pdf, f.expect))
    if f.expect.marks:
        checks.append(check_marks(f.name, pdf, drawn))
    return checks


def preflight(files: Sequence[PrintFile], folder: str) -> tuple[Check, ...]:
    """Check every print file; raise PreflightError naming each failure, else return the checks."""
    checks = tuple(c for f in files for c in check_file(f))
    problems = [
        Problem(f"{folder}/{c.file}", page, 1, f"preflight {c.name}: {message}")
        for c in checks
        for page, message in c.failures
    ]
    if problems:
        raise PreflightError(problems)
    return checks


def report(checks: Sequence[Check], title: str) -> str:
    """The preflight report: every check on every file, one line each."""
    lines = [title]
    for file, group in groupby(checks, key=lambda c: c.file):
        lines += ["", file]
        lines += [f"  {'ok' if c.ok else 'FAIL':4}  {c.name:9}  {c.detail}" for c in group]
    return "\n".join(lines) + "\n"
