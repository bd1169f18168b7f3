"""Layout check: rules read from a rendered PDF's word boxes and its structure tags.

Every leaflet a build renders is checked: no phone number, e-mail or web address split across
lines; a heading keeps at least two lines of what follows on its page; no list or table split
leaving a single item or row; no booklet page under a quarter full (notes pages aside) and no
notes page on a cover; body lines at most 72 characters at the 90th percentile; each DL panel
stands alone. Lines are rebuilt from the boxes of the characters WeasyPrint drew, and what a
line belongs to (a heading, a list item, a table row, a paragraph) from the tagged PDF's
structure tree; text drawn outside it (page numbers, footers) is furniture, never checked.
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from .content import Format
from .errors import Problem, problem_at
from .guard import PHONE_LIKE, Input, locate
from .impositions import IMPOSITIONS
from .pdftext import PageText, Unsupported, read_pdf

RULES_VERSION = "4"  # part of every render key: a change of rules checks every leaflet again
MAX_LINE_CHARS, PERCENTILE = 72, 90
MIN_FULL = 0.25  # the least share of a booklet page's text area its content may fill
HEADINGS = {f"H{n}" for n in range(1, 7)}
BLOCKS = HEADINGS | {"P", "LI", "TD", "TH", "Caption", "BlockQuote", "Note"}
BODY = {"P", "LI"}  # body text: paragraphs and list items, outside tables
KINDS = {"P": "paragraph", "LI": "list item", "L": "list", "Table": "table", "TR": "table row"}
KINDS |= {"TH": "table heading", **{h: "heading" for h in HEADINGS}}
ADDRESS_SIGN = re.compile(r"@|www\.|://|[a-z0-9-]\.[a-z]{2,}|\w/\w", re.IGNORECASE)
JOINERS = "/.-@_=&?#:~"
ADDRESS_START = re.compile(r"\(?(?:https?://|www\.)", re.IGNORECASE)
# An address that could end where a line does: an e-mail address, or a site (with a path).
WHOLE_ADDRESS = re.compile(
    r"\(?(?:[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
    r"|(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?)[.,;:)]*",
    re.IGNORECASE,
)
RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
LATIN_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Finding:
    """One broken layout rule: the page (1-based), what is wrong, and the text it is about."""

    page: int
    message: str
    text: str = ""


@dataclass(frozen=True)
class Line:
    """One line of one block on one page, its characters in visual order, left to right."""

    page: int
    top: float
    bottom: float
    text: str
    block: int  # the id of the structure element (P, LI, H2, TD ...) it belongs to


@dataclass(frozen=True)
class Node:
    """A structure element: its tag, its parent's id and its place in reading order."""

    tag: str
    parent: int | None
    order: int


@dataclass(frozen=True)
class Page:
    """A page's size and the bottom of the lowest content drawn on it (tagged text, pictures)."""

    number: int
    height: float
    top: float  # of its highest tagged content, or the page's height when it has none
    bottom: float  # of its lowest tagged content, or 0


@dataclass(frozen=True)
class Layout:
    """A rendered document as the check reads it: structure elements, lines, pages."""

    nodes: dict[int, Node]
    lines: tuple[Line, ...]  # in reading order
    pages: tuple[Page, ...]
    under: dict[int, tuple[Line, ...]]  # each element's lines, its own elements' included

    def tag(self, block: int) -> str:
        """The tag of a structure element."""
        return self.nodes[block].tag

    def ancestors(self, node: int) -> Iterator[int]:
        """An element and the elements it lies in, innermost first."""
        current: int | None = node
        while current is not None:
            yield current
            current = self.nodes[current].parent

    def within(self, node: int, tag: str) -> int | None:
        """The innermost element with this tag that node lies in (itself included), if any."""
        return next((a for a in self.ancestors(node) if self.tag(a) == tag), None)

    def lines_of(self, node: int) -> list[Line]:
        """The lines of an element and of everything in it, in reading order."""
        return list(self.under.get(node, ()))


def read_layout(pdf: bytes | Path) -> Layout:
    """Read a tagged PDF's structure tree and rebuild its lines from its characters' boxes."""
    try:
        elements, pages = read_pdf(pdf, runs=True)
    except Unsupported:
        elements, pages = read_plumbed(pdf)
    return layout_of(elements, pages)


def layout_of(elements: list[dict[str, Any]], pages: list[PageText]) -> Layout:
    """The layout of a PDF as read: its elements' lines, in reading order, joined up."""
    tree = Tree({}, {}, set(), defaultdict(list), {})
    for element in elements:
        _walk(element, None, None, tree)
    lines: list[Line] = []
    layout_pages = []
    for page in pages:
        chars = [c for c in page.chars if _owner(c, tree) is not None]
        lines += _lines(page.number, chars, tree)
        layout_pages.append(_page(page, chars))
    same = _stitch(tree, lines)
    nodes = {
        i: Node(n.tag, None if n.parent is None else _canonical(same, n.parent), n.order)
        for i, n in tree.nodes.items()
        if i not in same
    }
    lines = [dataclasses.replace(ln, block=_canonical(same, ln.block)) for ln in lines]
    lines.sort(key=lambda ln: (nodes[ln.block].order, ln.page, ln.top))
    under: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        current: int | None = ln.block
        while current is not None:
            under[current].append(ln)
            current = nodes[current].parent
    return Layout(nodes, tuple(lines), tuple(layout_pages), {k: tuple(v) for k, v in under.items()})


def read_plumbed(pdf: bytes | Path) -> tuple[list[dict[str, Any]], list[PageText]]:
    """A PDF read_pdf does not follow (a font WeasyPrint does not write), read with pdfplumber,
    in read_pdf's terms."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        pages = [
            PageText(
                p.page_number,
                float(p.height),
                list(p.chars),
                [(i["top"], i["bottom"]) for i in p.images],
            )
            for p in doc.pages
        ]
        return [plumbed(e) for e in doc.structure_tree], pages


def plumbed(element: dict[str, Any]) -> dict[str, Any]:
    """A pdfplumber structure element with the keys it leaves out when empty, as read_pdf
    gives them."""
    return {
        "type": element.get("type", ""),
        "page_number": element.get("page_number"),
        "mcids": element.get("mcids", []),
        "children": [plumbed(k) for k in element.get("children", [])],
    }


@dataclass(frozen=True)
class Tree:
    """A tagged PDF's structure tree as read: elements, who owns each marked content, list
    labels, each element's kids and the page each element is on."""

    nodes: dict[int, Node]
    owner: dict[tuple[int, int], int]
    labels: set[int]
    kids: dict[int | None, list[int]]  # None: the top level, the page's elements
    page_of: dict[int, int]
    blocks: dict[tuple[int, int], int | None] = field(default_factory=dict)  # _owner's answers


def _walk(element: dict[str, Any], parent: int | None, page: int | None, tree: Tree) -> None:
    """Number an element and its kids in reading order; map each marked content to it."""
    here = len(tree.nodes)
    tag = str(element.get("type") or "")
    tree.nodes[here] = Node(tag, parent, here)
    tree.kids[parent].append(here)
    page = element.get("page_number") or page
    if page is not None:
        tree.page_of[here] = page
    if tag == "Lbl" or (parent is not None and parent in tree.labels):
        tree.labels.add(here)  # a list item's bullet or number: not part of its text
    for mcid in element.get("mcids") or ():
        if page is not None:
            tree.owner[(page, mcid)] = here
    for kid in element.get("children") or ():
        _walk(kid, here, page, tree)


# WeasyPrint tags each page on its own: a paragraph, list or table that a page break splits is
# two elements, one on each page. _stitch joins them again, so that a rule sees one element.
TEXT_BLOCKS = BLOCKS - {"LI"}
SENTENCE_END = re.compile(r"[.!?:;…。۔؟][\"'”’)]*$")


def _stitch(tree: Tree, lines: list[Line]) -> dict[int, int]:
    """Each element that continues one on the page before, and the element it continues: the
    elements open at the end of a page (the last, and its last kid, and so on) are matched,
    from the top, with those at the start of the next while they continue them."""
    first_line: dict[int, Line] = {}
    last_line: dict[int, Line] = {}
    for ln in lines:
        first_line.setdefault(ln.block, ln)
        last_line[ln.block] = ln
    tops: dict[int, list[int]] = defaultdict(list)
    for top in tree.kids[None]:
        for kid in tree.kids[top]:  # the Document element's kids, page by page
            tops[tree.page_of.get(kid, 0)].append(kid)
    same: dict[int, int] = {}
    for page in sorted(tops)[1:]:
        before = _chain(tree, tops.get(page - 1, []), last=True)
        after = _chain(tree, tops[page], last=False)
        for a, b in zip(before, after, strict=False):
            tag = tree.nodes[a].tag
            if tag != tree.nodes[b].tag or not _continues(tree, a, b, last_line, first_line):
                break
            same[b] = _canonical(same, a)
    return same


def _chain(tree: Tree, elements: list[int], last: bool) -> list[int]:
    """The elements open at one end of a page: its last (or first) element, that element's
    last (or first) kid, and so on, down to a block of text. A table's header rows, repeated
    on each page, are passed over."""
    out: list[int] = []
    here = [e for e in elements if tree.nodes[e].tag != "THead"]
    while here:
        node = here[-1] if last else here[0]
        out.append(node)
        if tree.nodes[node].tag in TEXT_BLOCKS:
            break
        here = [k for k in tree.kids[node] if tree.nodes[k].tag not in ("THead", "Lbl")]
    return out


def _continues(
    tree: Tree, a: int, b: int, last_line: dict[int, Line], first_line: dict[int, Line]
) -> bool:
    """Whether element b, at the top of a page, continues element a, open at the end of the
    page before: a list item does when it has no bullet of its own; a block of text when the
    line before the break does not end a sentence or the line after it starts in lower case;
    a table row never (WeasyPrint keeps rows whole); any other element always."""
    tag = tree.nodes[a].tag
    if tag == "LI":
        return not any(tree.nodes[k].tag == "Lbl" for k in tree.kids[b])
    if tag == "TR":
        return False
    if tag not in TEXT_BLOCKS:
        return True
    end, start = last_line.get(a), first_line.get(b)
    if end is None or start is None:
        return False
    rtl = _rtl(end.text + start.text)
    tail = end.text.split(" ")[0][::-1] if rtl else end.text
    head = start.text.split(" ")[-1][::-1] if rtl else start.text
    return not SENTENCE_END.search(tail) or head[:1].islower()


def _canonical(same: dict[int, int], node: int) -> int:
    """The first element of the chain of elements an element continues (itself if none)."""
    while node in same:
        node = same[node]
    return node


def _owner(char: dict[str, Any], tree: Tree) -> int | None:
    """The block element a character belongs to; None for furniture and list labels."""
    mcid = char.get("mcid")
    if mcid is None:
        return None
    key = (char["page_number"], mcid)
    if key not in tree.blocks:  # once a marked content: its characters share their block
        tree.blocks[key] = _block(tree.owner.get(key), tree)
    return tree.blocks[key]


def _block(node: int | None, tree: Tree) -> int | None:
    """The block element a marked content's element lies in; None for furniture and labels."""
    if node is None or node in tree.labels:
        return None
    current: int | None = node
    while current is not None and tree.nodes[current].tag not in BLOCKS:
        current = tree.nodes[current].parent
    return node if current is None else current


def _lines(page: int, chars: list[dict[str, Any]], tree: Tree) -> list[Line]:
    """A page's upright characters gathered into lines, block by block (a draft's band, turned
    up the margin, is furniture). A run of glyphs (pdftext) counts as its glyphs would."""
    by_block: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in chars:
        block = _owner(c, tree) if c.get("upright", True) else None  # a draft's turned strip
        if block is not None:
            by_block[block].append(c)
    out = []
    for block, group in by_block.items():
        if not _apart(group):  # runs on one baseline that overlap: read glyph by glyph
            group = [g for c in group for g in _glyphs(c)]
        for row in _rows(group):
            row = _in_order(row, group)
            text = re.sub(r"\s+", " ", "".join(c["text"] for c in row)).strip()
            if text:
                top, bottom = min(c["top"] for c in row), max(c["bottom"] for c in row)
                out.append(Line(page, top, bottom, text, block))
    return out


def _apart(group: list[dict[str, Any]]) -> bool:
    """Whether no two runs with the same bottom overlap (each run's glyphs then fall into one
    line together, as they would one by one)."""
    ordered = sorted(group, key=lambda c: (c["bottom"], c["x0"]))
    return all(a["bottom"] != b["bottom"] or _last(a) < b["x0"] for a, b in pairwise(ordered))


def _in_order(row: list[dict[str, Any]], group: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A line's characters left to right: its runs whole if none overlaps the next, else glyph
    by glyph, in the order they would sort in one by one (left, bottom, then as drawn)."""
    row.sort(key=lambda c: c["x0"])
    if all(_last(a) < b["x0"] for a, b in pairwise(row)):
        return row
    rank = {id(c): n for n, c in enumerate(group)}
    glyphs = [
        (g["x0"], g["bottom"], rank[id(c)], j, g) for c in row for j, g in enumerate(_glyphs(c))
    ]
    return [g for *_, g in sorted(glyphs, key=lambda t: t[:4])]


def _last(c: dict[str, Any]) -> float:
    """The left of a character's last glyph (its own left, if it is one character)."""
    glyphs = c.get("glyphs")
    return float(glyphs[-1][0] if glyphs else c["x0"])


def _glyphs(c: dict[str, Any]) -> list[dict[str, Any]]:
    """A run's glyphs as characters (a character as itself)."""
    glyphs = c.get("glyphs")
    if not glyphs:
        return [c]
    base = {k: v for k, v in c.items() if k != "glyphs"}
    return [base | {"x0": x0, "text": text} for x0, text in glyphs]


def _rows(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped by line: a character whose middle lies within the current line's
    height belongs to it."""
    rows: list[list[dict[str, Any]]] = []
    for c in sorted(chars, key=lambda c: (c["bottom"], c["x0"])):
        middle = (c["top"] + c["bottom"]) / 2
        if rows and rows[-1][0]["top"] <= middle <= rows[-1][0]["bottom"] + 0.5:
            rows[-1].append(c)
        else:
            rows.append([c])
    return rows


def _page(page: PageText, chars: list[dict[str, Any]]) -> Page:
    """A page's height and the extent of its tagged text and its pictures."""
    boxes = [(c["top"], c["bottom"]) for c in chars]
    boxes += [(top, bottom) for top, bottom in page.images if bottom <= page.height]
    top = min((t for t, _ in boxes), default=page.height)
    bottom = max((b for _, b in boxes), default=0.0)
    return Page(page.number, page.height, top, bottom)


# The rules.


def split_addresses(layout: Layout) -> Iterator[Finding]:
    """No phone number, e-mail or web address broken across lines (one finding an address,
    however many lines it runs over)."""
    by_block: dict[int, list[Line]] = defaultdict(list)
    for ln in layout.lines:
        by_block[ln.block].append(ln)
    for lines in by_block.values():
        rtl = _rtl(" ".join(ln.text for ln in lines))
        open_: tuple[int, str, str] | None = None  # an address still running on: page, what
        for first, second in pairwise(lines):
            found = _split_at(first.text, second.text, rtl)
            if open_ and found and found[0] != "phone number" and " " not in first.text:
                open_ = (open_[0], open_[1], open_[2] + found[2])  # it runs on again
                continue
            if open_:
                yield _split_finding(*open_)
            open_ = (first.page, found[0], found[1] + found[2]) if found else None
        if open_:
            yield _split_finding(*open_)


def _split_finding(page: int, what: str, text: str) -> Finding:
    """The finding of one address split across lines."""
    text = text.rstrip(".,;:)")
    what = "e-mail address" if what != "phone number" and "@" in text else what
    return Finding(
        page,
        f'{what} "{text}" is split across lines (print it whole on one line: a shorter form, '
        "or a line of its own)",
        text,
    )


def _rtl(text: str) -> bool:
    """Whether text is mostly in a right-to-left script."""
    return len(RTL_LETTER.findall(text)) > len(LATIN_LETTER.findall(text))


def _split_at(first: str, second: str, rtl: bool) -> tuple[str, str, str] | None:
    """What is broken where one line ends and the next begins: ('phone number', the part on
    the first line, the part on the second)."""
    words_1, words_2 = first.split(" "), second.split(" ")
    end, start = (words_1[0], words_2[-1]) if rtl else (words_1[-1], words_2[0])
    tail = " ".join(words_1[-3:] if not rtl else reversed(words_1[:3]))
    head = " ".join(words_2[:3] if not rtl else reversed(words_2[-3:]))
    joined = f"{tail} {head}"
    for m in PHONE_LIKE.finditer(joined):
        if m.start() < len(tail) < m.end():
            return "phone number", m[0][: len(tail) - m.start()], m[0][len(tail) - m.start() :]
    if _address_break(end, start):
        return "web address", end, start
    return None


def _address_break(end: str, start: str) -> bool:
    """Whether the last word of a line and the first of the next are two parts of one
    address: the break falls after a joining character or before one, or inside a word (an
    unfinished address, or two parts that each look like one), and either part, its joining
    character aside, looks like an address."""
    if not end or not start or ADDRESS_START.match(start):
        return False  # an address that starts a line is whole there
    on = start[0].islower() or start[0].isdigit()
    joined = end[-1] in JOINERS and (on or start[0] in "/")
    joined = joined or start[0] in JOINERS.replace("-", "")
    if joined:
        return bool(ADDRESS_SIGN.search(end[:-1]) or ADDRESS_SIGN.search(start))
    unfinished = bool(ADDRESS_SIGN.search(end)) and not WHOLE_ADDRESS.fullmatch(end)
    return on and (unfinished or bool(ADDRESS_SIGN.search(end) and ADDRESS_SIGN.search(start)))


def heading_orphans(layout: Layout) -> Iterator[Finding]:
    """A heading keeps at least two lines of what follows it (all, if fewer) on its page."""
    lines = layout.lines
    for k, ln in enumerate(lines):
        tag = layout.tag(ln.block)
        if tag not in HEADINGS or (k + 1 < len(lines) and lines[k + 1].block == ln.block):
            continue  # not a heading, or not its last line
        section = list(_section(layout, lines[k + 1 :], int(tag[1])))
        on_page = sum(1 for s in section if s.page == ln.page)
        if on_page < min(2, len(section)):
            text = _block_text(layout, ln.block)
            lines_word = "line" if on_page == 1 else "lines"
            yield Finding(
                ln.page,
                f'heading "{text}" has {on_page} {lines_word} after it on its page '
                "(a heading needs at least 2)",
                text,
            )


def _section(layout: Layout, after: Sequence[Line], level: int) -> Iterator[Line]:
    """The lines after a heading up to the next heading of its level or a higher one."""
    for ln in after:
        tag = layout.tag(ln.block)
        if tag in HEADINGS and int(tag[1]) <= level:
            return
        yield ln


def _block_text(layout: Layout, block: int, most: int = 60) -> str:
    """The text of a block, cut to `most` characters."""
    text = " ".join(ln.text for ln in layout.lines if ln.block == block)
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def split_groups(layout: Layout) -> Iterator[Finding]:
    """No list or table split across pages leaving one item or row alone on a page."""
    for node_id, node in layout.nodes.items():
        if node.tag not in ("L", "Table"):
            continue
        parts = _parts(layout, node_id)
        pages: dict[int, list[int]] = defaultdict(list)
        for part in parts:
            for page in sorted({ln.page for ln in layout.lines_of(part)}):
                pages[page].append(part)
        if len(pages) < 2 or len(parts) < 2:
            continue
        for page, here in sorted(pages.items()):
            if len(here) == 1:
                what, one = ("list", "item") if node.tag == "L" else ("table", "row")
                text = _block_text(layout, layout.lines_of(here[0])[0].block)
                yield Finding(
                    page,
                    f'{what} split across pages leaves one {one} on this page ("{text}"); '
                    f"keep at least 2 of its {len(parts)} {one}s together",
                    text,
                )
                break


def _parts(layout: Layout, group: int) -> list[int]:
    """A list's items (LI) or a table's body rows (TR outside THead), nested ones left out."""
    want = "LI" if layout.tag(group) == "L" else "TR"
    out = []
    for node_id, node in layout.nodes.items():
        if node.tag != want or node_id == group:
            continue
        chain = list(layout.ancestors(node_id))[1:]
        inner = next((a for a in chain if layout.tag(a) in ("L", "Table")), None)
        if inner == group and not any(layout.tag(a) == "THead" for a in chain):
            out.append(node_id)
    return out


def notes_page(layout: Layout, page: int) -> bool:
    """Whether a page is a notes page: its only text is one heading (the rest ruled lines)."""
    here = [ln for ln in layout.lines if ln.page == page]
    blocks = {ln.block for ln in here}
    return len(blocks) == 1 and layout.tag(next(iter(blocks))) in HEADINGS


def empty_pages(layout: Layout) -> Iterator[Finding]:
    """No booklet page under a quarter full, notes pages aside; no notes page on a cover."""
    if not layout.pages:
        return
    area_top = min(p.top for p in layout.pages)
    area_bottom = max(p.bottom for p in layout.pages)
    height = max(area_bottom - area_top, 1.0)
    last = layout.pages[-1].number
    for page in layout.pages:
        if notes_page(layout, page.number):
            if page.number in (1, last):
                where = "front" if page.number == 1 else "back"
                yield Finding(page.number, f"a notes page is the {where} cover")
            continue
        full = max(page.bottom - area_top, 0.0) / height
        if full < MIN_FULL:
            yield Finding(
                page.number,
                f"the page is {full:.0%} full (a booklet page needs at least {MIN_FULL:.0%}, "
                "notes pages aside)",
            )


def body_lines(layout: Layout) -> list[Line]:
    """The lines of running text: paragraphs and list items, not headings or tables."""
    return [
        ln
        for ln in layout.lines
        if layout.tag(ln.block) in BODY and layout.within(ln.block, "Table") is None
    ]


def percentile(values: Sequence[int], share: int = PERCENTILE) -> int:
    """The nearest-rank percentile of some values (0 for none)."""
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[max(math.ceil(share / 100 * len(ordered)) - 1, 0)]


def long_lines(layout: Layout) -> Iterator[Finding]:
    """Body lines at most MAX_LINE_CHARS characters at the PERCENTILE-th percentile."""
    lines = body_lines(layout)
    length = percentile([len(ln.text) for ln in lines])
    if length > MAX_LINE_CHARS:
        first = next(ln for ln in lines if len(ln.text) > MAX_LINE_CHARS)
        yield Finding(
            first.page,
            f"body lines are {length} characters long at the {PERCENTILE}th percentile "
            f"(at most {MAX_LINE_CHARS}: narrow the measure)",
        )


def panel_runs(layout: Layout) -> Iterator[Finding]:
    """Each panel stands alone: no paragraph, list item, table row or heading runs into the
    next. A list or table may go on between items or rows (split_groups keeps two on each)."""
    for node_id, node in layout.nodes.items():
        if node.tag not in BLOCKS | {"TR"} or node.tag in ("TD", "TH"):
            continue
        lines = layout.lines_of(node_id)
        pages = sorted({ln.page for ln in lines})
        if len(pages) > 1 and not _inside_group(layout, node_id):
            text = _block_text(layout, lines[0].block)
            yield Finding(
                pages[0],
                f'{KINDS.get(node.tag, "block")} "{text}" runs from panel {pages[0]} into '
                f"panel {pages[1]} (each panel stands alone: it does not fit; shorten it, or "
                "leave its section out of this format)",
                text,
            )


def _inside_group(layout: Layout, node: int) -> bool:
    """Whether an element lies inside a list item or a table row (reported as that)."""
    return any(layout.tag(a) in ("LI", "TR") for a in list(layout.ancestors(node))[1:])


@dataclass(frozen=True)
class Rules:
    """Which rules apply to a format: all apply to every one, except the booklet page rule
    (booklets) and the panel rule (tri-folds)."""

    booklet: bool = False
    panels: bool = False


def rules_for(fmt: Format) -> Rules:
    """The rules of a format: the booklet rule for a saddle-stitched booklet, the panel rule for
    a tri-fold."""
    imposed = IMPOSITIONS[fmt.production.imposition]
    return Rules(booklet=imposed.booklet, panels=imposed.panels)


def check_layout(pdf: bytes | Path, rules: Rules = Rules()) -> tuple[Finding, ...]:
    """Every layout rule a rendered PDF breaks, page by page."""
    layout = read_layout(pdf)
    found: list[Finding] = [
        *split_addresses(layout),
        *heading_orphans(layout),
        *split_groups(layout),
        *long_lines(layout),
    ]
    if rules.booklet:
        found += empty_pages(layout)
    if rules.panels:
        found += panel_runs(layout)
    return tuple(sorted(dict.fromkeys(found), key=lambda f: f.page))


def layout_problems(
    filename: str, findings: Iterable[Finding], inputs: Iterable[Input], fallback: Path | str
) -> list[Problem]:
    """Findings as located errors: each at the text it is about where that is written (the
    content or a template), else at fallback (the leaflet's template)."""
    sources = list(inputs)
    out = []
    for f in findings:
        message = f"{filename} page {f.page}: {f.message}"
        at = locate(sources, f.text.rstrip("…")) if f.text and sources else None
        if at is None or (at.line == 1 and at.column == 1):
            at = problem_at(fallback, 1, 1, "")
        out.append(dataclasses.replace(at, message=message))
    return out


def finding_data(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Findings as JSON data (kept with a cached render)."""
    return [dataclasses.asdict(f) for f in findings]


def findings_from(data: Iterable[dict[str, Any]]) -> tuple[Finding, ...]:
    """Findings read back from JSON data."""
    return tuple(Finding(int(d["page"]), str(d["message"]), str(d.get("text", ""))) for d in data)
