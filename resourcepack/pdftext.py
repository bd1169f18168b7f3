"""A tagged PDF's characters, pictures and structure tree, read with pikepdf (qpdf, in C++) as
pdfplumber (pdfminer.six) reads them, several times faster: the same boxes, to the last bit (the
same arithmetic, in the same order), the same marked-content IDs and the same structure elements.

pikepdf parses the content streams; the text operators are followed here as pdfminer follows
them. Only what WeasyPrint writes is read: composite fonts (Type0, Identity-H) with a ToUnicode
map, on unrotated pages. Any other PDF raises Unsupported (the caller reads it with pdfplumber).
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass, field
from decimal import Decimal
from math import inf
from pathlib import Path
from typing import Any

import pikepdf

from .copyout import VISUAL
from .pdfmath import IDENTITY, Matrix, matrix, multiply

OPERATORS = "q Q cm BT Tf Tm Td TD T* TL Tc Tw Tz Ts TJ Tj ' \" BDC BMC EMC Do BI ID EI"
HEX_PAIR = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>")
BF_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.DOTALL)
BF_RANGE = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])")
# An item of a TJ array as QPDF unparses it: a hex string, a literal string (QPDF escapes its
# parentheses and backslashes) or a number.
TJ_ITEM = re.compile(
    rb"<([0-9A-Fa-f\s]*)>|\(((?:[^\\)]|\\.)*)\)|([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))", re.S
)
ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


class Unsupported(ValueError):
    """A PDF this reader does not follow as pdfminer would (a font other than WeasyPrint's)."""


@dataclass(frozen=True)
class PageText:
    """One page as pdfplumber gives it: its number (1-based), height, characters (dicts with
    the keys pdfplumber's have that the layout check reads) and pictures (top, bottom)."""

    number: int
    height: float
    chars: list[dict[str, Any]]
    images: list[tuple[float, float]]


@dataclass(frozen=True)
class Font:
    """A composite font as pdfminer reads it: widths and descent (text space units at size 1)
    and each CID's text."""

    widths: dict[int, float]
    default_width: float
    descent: float  # below the baseline, text space units: always negative
    text: dict[int, str]


@dataclass
class TextState:
    """The text state that q saves and Q restores, as pdfminer's PDFTextState."""

    font: Font | None = None
    size: float = 0.0
    charspace: float = 0.0
    wordspace: float = 0.0
    scaling: float = 100.0
    leading: float = 0.0
    rise: float = 0.0
    matrix: Matrix = IDENTITY
    line: tuple[float, float] = (0.0, 0.0)

    def copy(self) -> TextState:
        """A copy, to save with q."""
        return TextState(**self.__dict__)


@dataclass
class Reader:
    """Reads the pages of one document; fonts are shared, the current MCID runs across forms
    (as pdfplumber's device keeps it)."""

    fonts: dict[tuple[int, int], Font] = field(default_factory=dict)
    mcid: int | None = None
    outer: list[int | None] = field(default_factory=list)  # the MCIDs of enclosing contents


def read_pdf(pdf: bytes | Path, runs: bool = False) -> tuple[list[dict[str, Any]], list[PageText]]:
    """A tagged PDF's structure tree (as pdfplumber's structure_tree) and its pages. With runs,
    the glyphs of a string shown on an unturned line, each to the right of the one before,
    are one run: a character whose text is theirs, from the first's left, with each glyph's
    left and text under "glyphs" (what the layout check reads, several times quicker)."""
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        numbers = {page.obj.objgen: n for n, page in enumerate(doc.pages, 1)}
        reader = Reader()
        pages = [_read_page(reader, page, n, runs) for n, page in enumerate(doc.pages, 1)]
        return structure_tree(doc, numbers), pages


def _read_page(reader: Reader, page: pikepdf.Page, number: int, runs: bool) -> PageText:
    """A page's characters and pictures, with pdfplumber's top-down coordinates."""
    if page.rotation % 360:
        raise Unsupported("a rotated page")
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    ctm: Matrix = (1.0, 0.0, 0.0, 1.0, -x0, -y0)  # before sorting, as pdfminer
    left = min(x0, x1)
    low, high = sorted((y0, y1))
    height = high - low  # and then pdfplumber's page box, turned top-down
    top, bottom = height - high, height - low
    sink = Sink(number, bottom - top, top, left, runs)
    _run(reader, sink, page.resources, page, ctm, set())
    return PageText(number, sink.height, sink.chars, sink.images)


@dataclass
class Sink:
    """Where a page's characters and pictures go, turned top-down as pdfplumber turns them."""

    number: int
    height: float
    top: float  # pdfplumber's mediabox top: added to each top and bottom
    left: float  # added to each x0 when not 0
    runs: bool = False  # whether a string's glyphs, left to right on a line, are kept as one
    chars: list[dict[str, Any]] = field(default_factory=list)
    images: list[tuple[float, float]] = field(default_factory=list)

    def flip(self, y0: float, y1: float) -> tuple[float, float]:
        """A box's bottom and top (PDF space) as top and bottom, down from the page's top."""
        return (self.height - y1) + self.top, (self.height - y0) + self.top

    def char(
        self, text: str, x0: float, top: float, bottom: float, upright: bool, mcid: Any
    ) -> None:
        """Keep one character."""
        self.chars.append(
            {
                "text": text,
                "x0": x0 + self.left if self.left != 0 else x0,
                "top": top,
                "bottom": bottom,
                "upright": upright,
                "mcid": mcid,
                "page_number": self.number,
            }
        )

    def run(
        self, glyphs: list[tuple[float, str]], top: float, bottom: float, upright: bool, mcid: Any
    ) -> None:
        """Keep a string's glyphs (each one's left and text, left to right) as one run."""
        if self.left != 0:
            glyphs = [(x0 + self.left, text) for x0, text in glyphs]
        self.chars.append(
            {
                "text": "".join(text for _, text in glyphs),
                "x0": glyphs[0][0],
                "top": top,
                "bottom": bottom,
                "upright": upright,
                "mcid": mcid,
                "page_number": self.number,
                "glyphs": glyphs,
            }
        )

    def image(self, ctm: Matrix) -> None:
        """Keep one picture, drawn in the unit square under ctm."""
        _, y0, _, y1 = _rect(ctm, (0, 0, 1, 1))
        self.images.append(self.flip(y0, y1))


def _run(
    reader: Reader, sink: Sink, resources: Any, contents: Any, ctm: Matrix, open_: set[Any]
) -> None:
    """Follow a content stream (a page's, or a form's) as pdfminer's interpreter does."""
    text = TextState()
    saved: list[tuple[Matrix, TextState]] = []
    fonts = resources.get("/Font", {})
    for instruction in pikepdf.parse_content_stream(contents, OPERATORS):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "TJ":
            _show(reader, sink, text, ctm, operands[0])
        elif op == "Tm":
            text.matrix = matrix(operands)
            text.line = (0.0, 0.0)
        elif op == "Tf":
            text.font = _font(reader, fonts, operands[0])
            text.size = float(operands[1])
        elif op == "BDC":  # a Span with no MCID (a word's /ActualText) is in its run's
            props = operands[1]
            has = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
            reader.outer.append(reader.mcid)
            if has or str(operands[0]) not in ("/Span", f"/{VISUAL}"):
                reader.mcid = int(props.MCID) if has else None
        elif op == "BMC":
            reader.outer.append(reader.mcid)
            reader.mcid = None
        elif op == "EMC":
            reader.mcid = reader.outer.pop() if reader.outer else None
        elif op == "q":
            saved.append((ctm, text.copy()))
        elif op == "Q":
            if saved:
                ctm, text = saved.pop()
        elif op == "cm":
            ctm = multiply(matrix(operands), ctm)
        elif op == "BT":
            text.matrix, text.line = IDENTITY, (0.0, 0.0)
        else:
            ctm = _other(reader, sink, text, ctm, op, operands, resources, open_)


def _other(
    reader: Reader,
    sink: Sink,
    text: TextState,
    ctm: Matrix,
    op: str,
    operands: Any,
    resources: Any,
    open_: set[Any],
) -> Matrix:
    """The rarer operators: text positions and spacing, Tj, pictures and forms."""
    if op in ("Td", "TD"):
        tx, ty = float(operands[0]), float(operands[1])
        a, b, c, d, e, f = text.matrix
        text.matrix = (a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f)
        text.line = (0.0, 0.0)
        if op == "TD":
            text.leading = ty
    elif op in ("T*", "'"):
        a, b, c, d, e, f = text.matrix
        text.matrix = (a, b, c, d, text.leading * c + e, text.leading * d + f)
        text.line = (0.0, 0.0)
        if op == "'":
            _show(reader, sink, text, ctm, [operands[0]])
    elif op == '"':
        text.wordspace, text.charspace = float(operands[0]), float(operands[1])
        _show(reader, sink, text, ctm, [operands[2]])
    elif op == "Tj":
        _show(reader, sink, text, ctm, [operands[0]])
    elif op in ("TL", "Tc", "Tw", "Tz", "Ts"):
        value = float(operands[0])
        name = {"TL": "leading", "Tc": "charspace", "Tw": "wordspace", "Tz": "scaling"}
        setattr(text, name.get(op, "rise"), -value if op == "TL" else value)
    elif op == "Do":
        xobject = resources.get("/XObject", {}).get(operands[0])
        _draw(reader, sink, ctm, xobject, resources, open_)
    elif op == "INLINE IMAGE":
        sink.image(ctm)
    return ctm


def _draw(
    reader: Reader, sink: Sink, ctm: Matrix, xobject: Any, resources: Any, open_: set[Any]
) -> None:
    """An XObject: a picture is kept; a form is followed (once on the way down)."""
    if not isinstance(xobject, pikepdf.Stream):
        return
    kind = xobject.get("/Subtype")
    if kind == "/Image" and "/Width" in xobject and "/Height" in xobject:
        sink.image(ctm)
    elif kind == "/Form" and "/BBox" in xobject and xobject.objgen not in open_:
        form = matrix(list(xobject.get("/Matrix", IDENTITY)))
        resources = xobject.get("/Resources") or resources
        _run(reader, sink, resources, xobject, multiply(form, ctm), open_ | {xobject.objgen})


def _show(reader: Reader, sink: Sink, text: TextState, ctm: Matrix, seq: Any) -> None:
    """Show a string or a TJ array as pdfminer's render_string_horizontal: each glyph's box.
    Unturned text (b = c = 0) takes a shorter way to the same numbers: its glyphs share their
    top and bottom, and a term pdfminer adds that is 0 is left out."""
    font = text.font
    if font is None:
        return
    a, b, c, d, e, f = multiply(text.matrix, ctm)
    scaling = text.scaling * 0.01
    upright = a * d * scaling > 0 and b * c <= 0
    low = font.descent * text.size + text.rise
    high = low + text.size
    y = text.line[1]
    flat = b == 0 and c == 0
    if flat:
        top, bottom = sink.flip(*sorted((d * low + (y * d + f), d * high + (y * d + f))))
    placed = _place(font, text, seq, scaling)
    if flat and sink.runs:
        line, box = (a, y * c, e), (top, bottom, upright)
        if _shown_as_run(sink, font, placed, line, box, reader.mcid):
            return
    for cid, x, adv in placed:
        ex = x * a + y * c + e
        if flat:
            x0 = min(ex, a * adv + ex)
        else:
            x0, y0, _, y1 = _rect((a, b, c, d, ex, x * b + y * d + f), (0, low, adv, high))
            top, bottom = sink.flip(y0, y1)
        glyph = font.text.get(cid)  # "" for a mark drawn in a cluster
        sink.char(f"(cid:{cid})" if glyph is None else glyph, x0, top, bottom, upright, reader.mcid)


def _shown_as_run(
    sink: Sink,
    font: Font,
    placed: list[tuple[int, float, float]],
    line: tuple[float, float, float],
    box: tuple[float, float, bool],
    mcid: Any,
) -> bool:
    """Keep an unturned string's glyphs (line: a, y * c and e of its matrix) as one run if each
    has a width and lies right of the one before; say whether it did. Its glyphs' lefts are
    those _show would give each (the same arithmetic)."""
    a, yc, e = line
    glyphs: list[tuple[float, str]] = []
    last = -inf
    for cid, x, adv in placed:
        ex = x * a + yc + e
        x0 = min(ex, a * adv + ex)
        if adv <= 0 or x0 <= last:
            return False
        last = x0
        glyph = font.text.get(cid)
        glyphs.append((x0, f"(cid:{cid})" if glyph is None else glyph))
    if glyphs:
        sink.run(glyphs, *box, mcid)
    return True


def _items(seq: Any) -> list[bytes | int | float]:
    """A string or TJ array's strings (bytes, or a 2-byte string's CID) and numbers (floats).
    A TJ array is read from its unparsed bytes, several times quicker than taking its items
    one by one from pikepdf; item by item only if that gives another number of items."""
    if isinstance(seq, pikepdf.Array):
        items: list[bytes | int | float] = []
        for hexa, literal, number in TJ_ITEM.findall(seq.unparse()):
            if number:
                items.append(float(number))
            elif len(hexa) == 4:
                items.append(int(hexa, 16))
            elif hexa:
                items.append(bytes.fromhex(hexa.decode("ascii")))
            else:
                items.append(ESCAPE.sub(_unescape, literal) if b"\\" in literal else literal)
        if len(items) == len(seq):
            return items
    return [float(i) if isinstance(i, (int, float, Decimal)) else bytes(i) for i in seq]


def _unescape(m: re.Match[bytes]) -> bytes:
    """One escape of a literal string."""
    code = m.group(1)
    if code[0] in b"01234567":
        return bytes([int(code, 8) & 0xFF])
    if code in (b"\r", b"\n", b"\r\n"):
        return b""  # a line continued
    return ESCAPES.get(code, code)


def _place(font: Font, text: TextState, seq: Any, scaling: float) -> list[tuple[int, float, float]]:
    """Each glyph's CID, x (text space, along the line) and advance; the line's end is kept."""
    size, charspace, dxscale = text.size, text.charspace * scaling, 0.001 * text.size * scaling
    widths, default = font.widths, font.default_width
    x = text.line[0]
    spaced = False
    out = []
    for item in _items(seq):
        if isinstance(item, float):
            x -= item * dxscale
            spaced = True
            continue
        n = len(item) // 2 if isinstance(item, bytes) else 0
        cids = struct.unpack(f">{n}H", item[: n * 2]) if isinstance(item, bytes) else (item,)
        for cid in cids:
            if spaced:
                x += charspace
            adv = widths.get(cid, default) * size * scaling
            out.append((cid, x, adv))
            x += adv
            spaced = True
    text.line = (x, text.line[1])
    return out


def _rect(m: Matrix, rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """pdfminer's apply_matrix_rect: the upright box around a rectangle under a matrix."""
    a, b, c, d, e, f = m
    x0, y0, x1, y1 = rect
    left1, bottom1 = a * x0 + c * y0 + e, b * x0 + d * y0 + f
    right1, bottom2 = a * x1 + c * y0 + e, b * x1 + d * y0 + f
    right2, top1 = a * x1 + c * y1 + e, b * x1 + d * y1 + f
    left2, top2 = a * x0 + c * y1 + e, b * x0 + d * y1 + f
    return (
        min(left1, left2, right1, right2),
        min(bottom1, bottom2, top1, top2),
        max(left1, left2, right1, right2),
        max(bottom1, bottom2, top1, top2),
    )


def _font(reader: Reader, fonts: Any, name: Any) -> Font:
    """A font resource, read once a document."""
    spec = fonts.get(name)
    if spec is None:
        raise Unsupported(f"no font {name}")
    key = spec.objgen
    if key == (0, 0) or key not in reader.fonts:
        font = _composite(spec)
        if key == (0, 0):
            return font
        reader.fonts[key] = font
    return reader.fonts[key]


def _composite(spec: Any) -> Font:
    """A Type0 font with Identity-H encoding and a ToUnicode map, as pdfminer's PDFCIDFont."""
    to_unicode = spec.get("/ToUnicode")
    if (
        spec.get("/Subtype") != "/Type0"
        or spec.get("/Encoding") != "/Identity-H"
        or not isinstance(to_unicode, pikepdf.Stream)
    ):
        raise Unsupported(f"font {spec.get('/BaseFont')}")
    (descendant,) = spec.DescendantFonts
    descriptor = descendant.get("/FontDescriptor", {})
    descent = float(descriptor.get("/Descent", 0))
    return Font(
        _widths(descendant.get("/W", [])),
        float(descendant.get("/DW", 1000)) * 0.001,
        (-descent if descent > 0 else descent) * 0.001,
        to_unicode_map(to_unicode.read_bytes()),
    )


def _widths(array: Any) -> dict[int, float]:
    """A CID font's W array (c [w1 w2 ...] or c_first c_last w) as pdfminer's get_widths."""
    widths: dict[int, float] = {}
    run: list[Any] = []
    for item in array:
        if isinstance(item, pikepdf.Array):
            if run:
                first = int(run[-1])
                for i, w in enumerate(item):
                    widths[first + i] = float(w) * 0.001
                run = []
        else:
            run.append(item)
            if len(run) == 3:
                first, last, w = run
                for cid in range(int(first), int(last) + 1):
                    widths[cid] = float(w) * 0.001
                run = []
    return widths


def to_unicode_map(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries, as pdfminer's CMapParser reads them."""
    out: dict[int, str] = {}
    for kind, body in BF_BLOCK.findall(data):
        if kind == b"bfchar":
            for code, value in HEX_PAIR.findall(body):
                _add(out, _number(code), _hex(value))
            continue
        for start_hex, end_hex, value in BF_RANGE.findall(body):
            start, end = _number(start_hex), _number(end_hex)
            if value.startswith(b"["):
                targets = [_hex(v) for v in re.findall(rb"<([0-9A-Fa-f\s]*)>", value)]
                for cid, target in zip(range(start, end + 1), targets, strict=False):
                    _add(out, cid, target)
                continue
            code = _hex(value[1:-1])
            prefix, var = code[:-4], code[-4:]
            base = int.from_bytes(var, "big")
            for i in range(end - start + 1):
                _add(out, start + i, prefix + struct.pack(">L", base + i)[-len(var) :])
    return out


def _add(out: dict[int, str], cid: int, code: bytes) -> None:
    """One entry, UTF-16BE; a no-break space does not replace a space (pdfminer's rule)."""
    text = code.decode("UTF-16BE", "ignore")
    if not (text == "\u00a0" and out.get(cid) == " "):
        out[cid] = text


def _hex(digits: bytes) -> bytes:
    """The bytes of a hex string (an odd last digit is followed by 0, as in PDF)."""
    clean = re.sub(rb"\s", b"", digits)
    return bytes.fromhex((clean + b"0" * (len(clean) % 2)).decode())


def _number(digits: bytes) -> int:
    """A hex string's bytes as a big-endian number."""
    return int.from_bytes(_hex(digits), "big")


def structure_tree(doc: pikepdf.Pdf, numbers: dict[tuple[int, int], int]) -> list[dict[str, Any]]:
    """The structure elements that reach marked content, as pdfplumber's structure_tree gives
    them (type, page_number, mcids, children), emptied elements left out."""
    root = doc.Root.get("/StructTreeRoot")
    if root is None:
        return []
    roles: Any = root.get("/RoleMap") or {}
    kids: Any = root.get("/K")
    kids = [kids] if isinstance(kids, pikepdf.Dictionary) else list(kids or [])
    seen: set[tuple[int, int]] = set()
    out = []
    for kid in kids:
        element = _element(kid, roles, numbers, seen)
        if element is not None:
            out.append(element)
    return out


def _element(
    ref: Any, roles: Any, numbers: dict[tuple[int, int], int], seen: set[tuple[int, int]]
) -> dict[str, Any] | None:
    """One structure element and its kids; None when nothing under it is marked content."""
    if isinstance(ref, pikepdf.Dictionary) and "/Obj" in ref:
        if not _on_a_page(ref, numbers):
            return None
        ref = ref.Obj  # an object reference: the object
    if not isinstance(ref, pikepdf.Dictionary) or not ref.is_indirect or ref.objgen in seen:
        return None
    seen.add(ref.objgen)
    tag = str(ref.get("/S", ""))[1:]
    role = roles.get("/" + tag) if tag else None
    tag = str(role)[1:] if role is not None else tag
    page = ref.get("/Pg")
    number = numbers.get(page.objgen) if page is not None else None
    if page is not None and number is None:
        raise Unsupported("a structure element on no page")
    kids: Any = ref.get("/K", [])
    kids = [kids] if not isinstance(kids, pikepdf.Array) else list(kids)
    mcids: list[int] = []
    children = []
    for kid in kids:
        if isinstance(kid, int):
            mcids.append(kid)
        elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
            if _on_a_page(kid, numbers):
                mcids.append(int(kid.MCID))
        elif (
            isinstance(kid, pikepdf.Dictionary)
            and (kid.is_indirect or "/Obj" in kid)
            and _on_a_page(kid, numbers)
        ):
            child = _element(kid, roles, numbers, seen)
            if child is not None:
                children.append(child)
    if not mcids and not children:
        return None
    return {"type": tag, "page_number": number, "mcids": mcids, "children": children}


def _on_a_page(obj: Any, numbers: dict[tuple[int, int], int]) -> bool:
    """Whether a structure item's page (if it names one) is one of the document's."""
    page = obj.get("/Pg")
    return page is None or page.objgen in numbers
