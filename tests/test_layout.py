"""The layout check: each rule fails on a real PDF that breaks it and passes once it is fixed;
a build fails with the leaflet, page and rule; every bundled leaflet passes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
import weasyprint
from babel.messages.pofile import read_po

from conftest import REPO, Run, leaflet_args, line_of
from resourcepack.layout import (
    Rules,
    body_lines,
    check_layout,
    percentile,
    plumbed,
    read_layout,
)

Cli = Callable[..., Run]
Edit = Callable[[str, str, str], None]
FONT = "font-family: 'Atkinson Hyperlegible'"
WORDS = "Talk to your child about what they do online and who they talk to there. " * 3


def pdf(body: str, css: str = "", page: str = "size: 120mm 100mm; margin: 10mm") -> bytes:
    """A small tagged PDF (PDF/UA-1, as a leaflet is written) of some HTML."""
    html = (
        f"<html lang='en'><head><style>@page {{ {page} }} html {{ {FONT}; font-size: 11pt; "
        f"line-height: 1.4 }} p {{ margin: 0 0 2mm }} {css}</style></head>"
        f"<body>{body}</body></html>"
    )
    return bytes(weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def messages(data: bytes, rules: Rules | None = None) -> list[str]:
    """What the check found, as 'page N: message'."""
    return [f"page {f.page}: {f.message}" for f in check_layout(data, rules or Rules())]


def test_a_phone_number_broken_across_lines_fails_and_kept_whole_passes() -> None:
    text = "If you are worried about a child, call the front door now on {} today."
    broken = pdf(f"<p style='width: 62mm'>{text.format('024 7678 8555')}</p>")
    assert messages(broken) == [
        'page 1: phone number "024 7678 8555" is split across lines (print it whole on one '
        "line: a shorter form, or a line of its own)"
    ]
    whole = text.format("<span style='white-space: nowrap'>024 7678 8555</span>")
    assert messages(pdf(f"<p style='width: 62mm'>{whole}</p>")) == []


def test_a_web_address_or_e_mail_broken_across_lines_fails_once_whole_passes() -> None:
    url = "www.nspcc.org.uk/keeping-children-safe/reporting-abuse/report"
    broken = pdf(f"<p style='width: 70mm; overflow-wrap: anywhere'>Report it online at {url}</p>")
    assert [ln.text for ln in read_layout(broken).lines][1:] == [
        "www.nspcc.org.uk/keeping-",
        "children-safe/reporting-abuse/",
        "report",
    ]
    assert messages(broken) == [  # three lines, one address: one finding, the whole address
        f'page 1: web address "{url}" is split across lines (print it whole on one line: a '
        "shorter form, or a line of its own)"
    ]
    for width in (20, 25, 30):  # broken inside a word, at a dot, after the @
        email = pdf(
            f"<p style='width: {width}mm; overflow-wrap: anywhere'>"
            "Write to help.desk@nspcc.org.uk</p>"
        )
        assert len(read_layout(email).lines) > 2, width
        assert messages(email) == [
            'page 1: e-mail address "help.desk@nspcc.org.uk" is split across lines (print it '
            "whole on one line: a shorter form, or a line of its own)"
        ], width
    # An address that starts a line after a colon, or after a sentence, is whole; so is one
    # that ends a line before an ordinary word.
    fine = (
        "A website shows you how: www.internetmatters.org. Annual Report 2021. www.iwf.org.uk "
        "or write to help@nspcc.org.uk and wait"
    )
    layout = read_layout(pdf(f"<p style='width: 45mm'>{fine}</p>"))
    assert any(ln.text.endswith("help@nspcc.org.uk") for ln in layout.lines)
    assert messages(pdf(f"<p style='width: 45mm'>{fine}</p>")) == []


def test_a_heading_needs_two_lines_after_it_on_its_page() -> None:
    loose = "h2 { margin: 0; font-size: 14pt; break-after: auto } p { orphans: 1; widows: 1 }"
    kept = "h2 { margin: 0; font-size: 14pt; break-after: avoid } p { orphans: 2; widows: 2 }"
    for height, after in ((62, "1 line"), (66, "0 lines")):
        body = f"<div style='height: {height}mm'></div><h2>Signs to notice</h2><p>{WORDS}</p>"
        assert messages(pdf(body, loose)) == [
            f'page 1: heading "Signs to notice" has {after} after it on its page '
            "(a heading needs at least 2)"
        ]
        moved = read_layout(pdf(body, kept))
        assert [ln.page for ln in moved.lines[:3]] == [2, 2, 2]  # the heading moves on
        assert messages(pdf(body, kept)) == []


def test_a_list_or_table_split_leaving_one_item_or_row_fails() -> None:
    items = "".join(f"<li>Item {n}: keep the messages.</li>" for n in range(1, 6))
    spacer = "<div style='height: 48mm'></div>"
    alone = pdf(f"{spacer}<ul>{items}</ul>", "li { margin: 0 0 1mm }")
    (found,) = messages(alone)
    assert found.startswith("page 2: list split across pages leaves one item on this page")
    assert "keep at least 2 of its 5 items together" in found
    together = pdf(f"{spacer}<ul>{items}</ul>", "li:last-child { break-before: avoid }")
    assert messages(together) == []
    rows = "".join(f"<tr><td>Service {n}</td><td>0808 800 500{n}</td></tr>" for n in range(5))
    spacer = "<div style='height: 42mm'></div>"
    table = f"{spacer}<table><thead><tr><th>Who</th><th>Phone</th></tr></thead>{rows}</table>"
    (found,) = messages(pdf(table))
    assert found.startswith("page 2: table split across pages leaves one row on this page")
    assert messages(pdf(table, "tr:last-child { break-before: avoid }")) == []


def test_a_booklet_page_under_a_quarter_full_fails_a_notes_page_only_off_the_cover() -> None:
    full = f"<p>{WORDS * 2}</p>"
    short = pdf(f"{full}<p style='break-before: page'>Last line.</p>")
    assert messages(short, Rules(booklet=True)) == [
        "page 2: the page is 8% full (a booklet page needs at least 25%, notes pages aside)"
    ]
    assert messages(short) == []  # an A4 leaflet or a poster: not a booklet
    notes = "<section style='break-before: page'><h2>Notes</h2></section>"
    assert messages(pdf(full + notes + full), Rules(booklet=True)) == []
    assert messages(pdf(full + notes), Rules(booklet=True)) == [
        "page 2: a notes page is the back cover"
    ]


def test_body_lines_longer_than_72_characters_at_the_90th_percentile_fail() -> None:
    wide = "size: A4; margin: 18mm"
    text = "".join(f"<p>{WORDS}</p>" for _ in range(4))
    found = messages(pdf(text, "", wide))
    assert len(found) == 1 and found[0].startswith("page 1: body lines are ")
    assert "at most 72: narrow the measure" in found[0]
    narrow = pdf(text, "p { max-width: 31em }", wide)
    assert messages(narrow) == []
    lengths = [len(ln.text) for ln in body_lines(read_layout(narrow))]
    assert 50 < percentile(lengths) <= 72
    # Headings, tables and page furniture are not body text.
    furniture = "@bottom-left { content: '" + "x " * 60 + "' }"
    assert messages(pdf("<h2>" + WORDS + "</h2>", "", f"{wide}; {furniture}")) == []


def test_percentile_is_the_nearest_rank() -> None:
    assert percentile(list(range(1, 11))) == 9
    assert percentile([70] * 9 + [100]) == 70
    assert percentile([]) == 0


def test_a_tri_fold_block_running_into_the_next_panel_fails() -> None:
    panel = "size: 100mm 80mm; margin: 7mm"
    body = "<div style='height: 45mm'></div>" + f"<p>{WORDS}</p>"
    (found,) = messages(pdf(body, "p { orphans: 1; widows: 1 }", panel), Rules(panels=True))
    assert found.startswith('page 1: paragraph "Talk to your child about')
    assert "runs from panel 1 into panel 2" in found
    kept = pdf(body, "p { break-inside: avoid }", panel)
    assert messages(kept, Rules(panels=True)) == []
    # A list item is a block too; a list may go on in the next panel between its items.
    items = "".join(f"<li>Item {n}. {WORDS[:60]}</li>" for n in range(1, 5))
    listed = "<div style='height: 30mm'></div>" + f"<ul>{items}</ul>"
    loose = "li { orphans: 1; widows: 1 }"
    found = messages(pdf(listed, loose, panel), Rules(panels=True))
    assert [f for f in found if "runs from panel 1 into panel 2" in f] == [
        'page 1: list item "Item 3. Talk to your child about what they do online and wh…" '
        "runs from panel 1 into panel 2 (each panel stands alone: it does not fit; shorten "
        "it, or leave its section out of this format)"
    ]
    whole = pdf(listed, "li { break-inside: avoid }", panel)
    assert [ln.page for ln in read_layout(whole).lines] == [1, 1, 1, 1, 2, 2, 2, 2]
    assert messages(whole, Rules(panels=True)) == []


def test_a_leaflet_that_breaks_a_rule_fails_with_file_page_and_rule(
    project: Path, cli: Cli, edit: Edit
) -> None:
    edit("templates/styles/a4.css", "max-width: 31em;", "max-width: none;")
    result = cli(project, *leaflet_args())
    assert result.code == 1
    assert (
        "templates/parents/leaflet.html.j2:1:1: error: "
        "coventry.internet-offending.parents.en.a4.pdf page 1: body lines are 74 characters "
        "long at the 90th percentile (at most 72: narrow the measure)"
    ) in result.err
    assert "Traceback" not in result.err
    assert not (project / "output" / "coventry.internet-offending.parents.en.a4.pdf").exists()


@pytest.mark.slow  # whole builds through the command line
def test_a_build_fails_on_a_layout_rule_and_a_reused_render_fails_alike(
    project: Path, cli: Cli, edit: Edit, one_pack: Callable[[str, str], str]
) -> None:
    pack = one_pack("parents", "a5-booklet")
    edit("templates/styles/base.css", ".whole { white-space: nowrap; }", ".whole { }")
    first = cli(project, "build", pack, "--print-profile", "none")
    second = cli(project, "build", pack, "--print-profile", "none")  # the render is cached now
    assert first.code == second.code == 1
    errors = [[ln for ln in r.err.splitlines() if ": error: " in ln] for r in (first, second)]
    assert errors[0] and errors[0] == errors[1]
    assert "[1/1]" in first.err and "[1/1]" not in second.err  # laid out once, then reused
    wanted = (
        "coventry.internet-offending.parents.en.a5-booklet.pdf page 8: phone number "
        '"0808 800 5000" is split across lines'
    )
    assert wanted in first.err
    at = line_of(project, "content/resources.yaml", "0808 800 5000")
    assert f"content/resources.yaml:{at}:" in first.err
    assert not (project / "output" / pack).exists()


@pytest.mark.slow
def test_every_bundled_leaflet_passes_the_layout_check(built: Path) -> None:
    leaflets = sorted(p for p in built.glob("*/*.pdf") if p.name != "pack.pdf")
    assert len(leaflets) == 25
    for path in leaflets:
        fmt = path.stem.rsplit(".", 1)[-1]
        rules = Rules(booklet=fmt == "a5-booklet", panels=fmt == "dl-trifold")
        assert check_layout(path, rules) == (), path.name
        lengths = [len(ln.text) for ln in body_lines(read_layout(path))]
        assert percentile(lengths) <= 72, path.name


def test_no_list_item_of_a_bundled_leaflet_runs_over_a_page(built: Path) -> None:
    """A list item is read whole on one page: an instruction is never cut from the number it
    gives ("call Children's Social Care at the Multi Agency" / overleaf "Safeguarding Hub (MASH)
    on 024 7678 8555"). Items with a bullet of their own: WeasyPrint tags a definition list's
    terms and definitions as list items too, without one."""
    split = []
    for path in sorted(p for p in built.glob("*/*.pdf") if p.name != "pack.pdf"):
        layout = read_layout(path)
        bulleted = {n.parent for n in layout.nodes.values() if n.tag == "Lbl"}
        for node in bulleted:
            pages = sorted({ln.page for ln in layout.lines_of(node)} if node is not None else ())
            if len(pages) > 1:
                split.append((path.name, pages, layout.lines_of(node)[0].text))
    assert split == []


RESOURCES = ("Where to get help and advice", "Resources for professionals")


def headings(lang: str) -> set[str]:
    """The resources list's headings as a leaflet in this language prints them."""
    if lang == "en":
        return set(RESOURCES)
    po = REPO / "templates" / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    return {str(catalog[h].string) for h in RESOURCES if h in catalog}


def letters(text: str) -> list[str]:
    """A text's letters in any order, without marks (a right-to-left line is read in visual
    order; a Gurmukhi vowel sign may come back before its consonant, or not at all)."""
    return sorted(c for c in text if unicodedata.category(c)[0] in "LN")


@pytest.mark.slow
def test_both_columns_of_resources_begin_under_their_heading(built: Path) -> None:
    """The two columns of resources are the cells of a row, each breaking on its own: a tall
    first entry on one side once moved on to the next page and left that column empty under
    the heading (Romanian and Polish A4, page 6). Both columns begin under it, on its page."""
    checked = 0
    for path in sorted(built.glob("*/*.a4.pdf")):
        if "large-print" in path.name or "easy-read" in path.name:
            continue  # one column in large print; Easy Read lists no resources
        wanted = [letters(h) for h in headings(path.name.split(".")[-3])]
        (heading,) = [ln for ln in read_layout(path).lines if letters(ln.text) in wanted]
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[heading.page - 1]
            below = [
                w for w in page.extract_words() if heading.bottom < w["top"] < heading.bottom + 60
            ]
            middle = page.width / 2
            sides = {w["x1"] < middle for w in below}
        assert sides == {True, False}, f"{path.name} page {heading.page}: one column empty"
        checked += 1
    assert checked == 12


def qr_codes(page: pdfplumber.page.Page) -> list[tuple[float, float, float, float]]:
    """The box (x0, top, x1, bottom) of each QR code on a page: its modules are strokes in
    100% K, one figure (MCID) each."""
    boxes: dict[int, list[float]] = {}
    for line in page.lines:
        if line.get("tag") == "Figure" and line["stroking_color"] == (0.0, 0.0, 0.0, 1.0):
            half = line["linewidth"] / 2
            box = boxes.setdefault(line["mcid"], [line["x0"], line["top"], line["x1"], 0.0])
            box[0], box[2] = min(box[0], line["x0"]), max(box[2], line["x1"])
            box[1] = min(box[1], line["top"] - half)
            box[3] = max(box[3], line["bottom"] + half)
    return [(a, b, c, d) for a, b, c, d in boxes.values()]


def under_codes(path: Path) -> list[str]:
    """Words in a regular face set under a QR code, within two lines of it (an entry's text
    wrapping under its code): 'page N: word' for each. A web address (the entry's, printed
    at its full width under the code) or a bold name (a label, the next entry's) may."""
    found = []
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            words = page.extract_words(extra_attrs=["fontname", "size"])
            for x0, _, x1, bottom in qr_codes(page):
                for w in words:
                    below = bottom < w["top"] < bottom + 2.2 * w["size"]
                    across = w["x0"] < x1 and w["x1"] > x0
                    regular = "Bold" not in w["fontname"]
                    address = bool(re.search(r"www\.|\.(uk|org|com)\b", w["text"]))
                    if below and across and regular and not address:
                        found.append(f"page {n}: {w['text']}")
    return found


@pytest.mark.slow
def test_no_words_wrap_under_a_qr_code(built: Path) -> None:
    """The words of an entry with a QR code stand in a column beside it (they once wrapped
    raggedly under it), in every leaflet that shows codes (a poster's one code stands in a box
    of its own, the poster's footer under it)."""
    checked = 0
    for path in sorted(built.glob("*/*.pdf")):
        if path.name == "pack.pdf" or "a3-poster" in path.name:
            continue
        with pdfplumber.open(path) as pdf:
            checked += any(qr_codes(page) for page in pdf.pages)
        assert under_codes(path) == [], path.name
    assert checked >= 20


PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_the_reader_gives_what_pdfplumber_gives() -> None:
    """Characters (text, box, upright, MCID), pictures and the structure tree, to the bit:
    pictures, text in a group (a form XObject), turned, spaced, raised and in a picture."""
    import io
    from urllib.parse import quote

    import pdfplumber

    from resourcepack.pdftext import read_pdf

    svg = quote(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<text x="2" y="15" font-size="12">QR 24</text></svg>'
    )
    data = pdf(
        f"<h2>Signs</h2><p>Talk <sup>1</sup> to <b>your</b> child.</p><img src='{PNG}' alt='A dot' "
        "style='width: 10mm; height: 5mm'><p style='opacity: 0.5'>Half seen text</p>"
        "<p style='letter-spacing: 1pt; word-spacing: 3pt'>Spaced out words</p>"
        "<p style='transform: rotate(90deg)'>Turned</p>"
        f"<img alt='QR 24' src='data:image/svg+xml,{svg}'>"
        "<ul><li>One</li><li>Two</li></ul>"
    )
    keys = ("text", "x0", "top", "bottom", "upright", "mcid", "page_number")
    elements, pages = read_pdf(data)
    with pdfplumber.open(io.BytesIO(data)) as doc:
        assert [plumbed(e) for e in doc.structure_tree] == elements
        for mine, theirs in zip(pages, doc.pages, strict=True):
            assert [tuple(c[k] for k in keys) for c in mine.chars] == [
                tuple(c[k] for k in keys) for c in theirs.chars
            ]
            assert mine.images == [(i["top"], i["bottom"]) for i in theirs.images]
            assert mine.images and not all(c["upright"] for c in mine.chars)
            assert {"Half seen text", "QR24"} <= {  # SVG draws no space
                "".join(c["text"] for c in mine.chars if c["mcid"] == m)
                for m in {c["mcid"] for c in mine.chars}
            }


def test_runs_of_glyphs_give_the_layout_their_characters_give() -> None:
    """The layout check reads each string's glyphs as one run: the same lines, blocks and
    pages as read character by character, Arabic vowel marks (no width: read one by one)
    and a raised, smaller note number included."""
    from resourcepack.layout import layout_of
    from resourcepack.pdftext import read_pdf

    data = pdf(
        f"<h2>Signs</h2><p>Talk <sup>1</sup> to <b>your</b> child. {WORDS}</p>"
        "<p lang='ar' dir='rtl' style=\"font-family: 'Noto Naskh Arabic'\">"
        "\u062a\u064e\u062d\u064e\u062f\u0651\u064e\u062b\u0652 \u0645\u064e\u0639\u064e "
        "\u0637\u0650\u0641\u0652\u0644\u0650\u0643\u064e 0808 800 5000</p>"
        "<ul><li>One</li><li>Two</li></ul>"
    )
    by_runs = read_layout(data)
    assert by_runs == layout_of(*read_pdf(data))
    _, pages = read_pdf(data, runs=True)
    chars = [c for page in pages for c in page.chars]
    assert any(len(c.get("glyphs", ())) > 3 for c in chars)  # runs were read as runs
    assert any(len(c["text"]) == 1 and "\u064b" <= c["text"] <= "\u0652" for c in chars)
    assert any("0808" in line.text for line in by_runs.lines)


def test_runs_that_overlap_are_read_glyph_by_glyph() -> None:
    """Two runs on one baseline that overlap, or on one line that overlap, give the line the
    glyphs give one by one (runs in a line are otherwise kept whole)."""
    from resourcepack.layout import Node, Tree, _glyphs, _lines

    def run(text: str, x0: float, top: float, bottom: float) -> dict[str, object]:
        glyphs = [(x0 + 5 * n, t) for n, t in enumerate(text)]
        base = {"top": top, "bottom": bottom, "upright": True, "mcid": 0, "page_number": 1}
        return base | {"text": text, "x0": x0, "glyphs": glyphs}

    def tree() -> Tree:  # one paragraph, owning marked content 0 of page 1
        return Tree({0: Node("P", None, 0)}, {(1, 0): 0}, set(), {}, {})

    for runs in (
        [run("abc", 0, 0, 10), run("XY", 7, 0, 10)],  # one baseline, overlapping
        [run("abc", 0, 0, 10), run("XY", 7, 2, 10.2)],  # one line, a raised run overlapping
        [run("abc", 0, 0, 10), run("XY", 30, 0, 10)],  # apart: kept whole
    ):
        glyphs = [g for c in runs for g in _glyphs(c)]
        assert _lines(1, runs, tree()) == _lines(1, glyphs, tree())
    overlapping = [run("abc", 0, 0, 10), run("XY", 7, 0, 10)]
    assert [ln.text for ln in _lines(1, overlapping, tree())] == ["abXcY"]


def test_a_tj_array_read_from_its_bytes_gives_what_its_items_give() -> None:
    """The reader reads a TJ array from QPDF's unparsed bytes: strings hex or literal (with
    escapes), numbers whole or not, as pikepdf gives them one by one."""
    import pikepdf

    from resourcepack.pdftext import _items

    strings = [b"\x00\x11", b" 7", b"(\\)\n\r\t\x08\x0c", b"\x00", b"", b"\x7f\x80\xff\x00\x01\x02"]
    numbers = [0, 16, -25, pikepdf.Object.parse(b"-.5"), pikepdf.Object.parse(b"12.75")]
    array = pikepdf.Array([*map(pikepdf.String, strings), *numbers])
    want = [*strings, 0.0, 16.0, -25.0, -0.5, 12.75]
    got = [bytes([i >> 8, i & 0xFF]) if isinstance(i, int) else i for i in _items(array)]
    assert got == want


def test_a_pdf_the_reader_does_not_follow_is_read_with_pdfplumber(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from resourcepack import layout
    from resourcepack.pdftext import Unsupported

    data = pdf(f"<h2>Signs</h2><p>{WORDS}</p><ul><li>One</li><li>Two</li></ul>")
    read = read_layout(data)

    def refuse(*_: object, **__: object) -> None:
        raise Unsupported("a font WeasyPrint does not write")

    monkeypatch.setattr(layout, "read_pdf", refuse)
    assert read_layout(data) == read and len(read.lines) > 3
