"""Tagging: what WeasyPrint 70's PDF/UA-1 tags lack, added while it writes the PDF.

WeasyPrint marks the text of page margin boxes (footer, page number, draft band) with MCIDs
that no structure element reaches, writes no /Scope on table header cells, no /Lang on an
element in another language than the page's, no ID tree for the IDs its header cells carry,
and no /ActualText, so that copying text set in Arabic or Gurmukhi gives the glyphs' first
uses in the font (wrong letters, vowel signs before their consonant). `use_our_tags()` routes
its tagging through the functions below (as subset.use_harfbuzz does its subsetting):

- the contents of margin boxes are marked /Artifact (pagination), in no structure element;
- a TH gets /Scope (/Row for scope="row", else /Column), an element with its own lang
  attribute gets /Lang, the structure tree root an /IDTree;
- each run of text in a right-to-left or combining script carries its text as written in
  /ActualText on its marked content (a Span), which copy tools and screen readers read;
- a glyph standing for several right-to-left letters maps to them in visual order in the
  font's ToUnicode map, so that copy tools, which reverse right-to-left lines, give them back
  as written (visual());
- each word of such a run that has a vowel mark (drawn raised as a text object of its own,
  which PDFium sorts after its letter's) is drawn in a /Span of its own with its /ActualText,
  letter runs reversed as PDFium wants them (_word_spans); pdftotext wants it wholly reversed.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

BAND = "draft-band"  # the class of a draft's band (templates/base.html.j2)
FURNITURE = "resourcepack_furniture"  # the attribute that marks a box drawn as an artifact
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
BIDI_CONTROLS |= dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u00ad"))
WORDS = "resourcepack_words"  # set on a stream while it draws a tagged right-to-left run


def needs_actual_text(text: str) -> bool:
    """Whether copying text from its glyphs could change it: any right-to-left letter or
    digit, or any combining mark (Gurmukhi vowel signs), where glyphs are not letters."""
    return any(
        unicodedata.bidirectional(c) in ("R", "AL", "AN") or unicodedata.category(c)[0] == "M"
        for c in text
    )


def right_to_left(text: str) -> bool:
    """Whether text holds a right-to-left letter (Arabic, Urdu)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def actual_text(text: str) -> str:
    """A run's text as a reader copies it: without bidi controls and soft hyphens."""
    return text.translate(BIDI_CONTROLS)


def mark_furniture(document: Any) -> None:
    """Mark every box in a page's margin boxes (footer, page number) and its draft band (a
    fixed box the body draws on every page) as furniture."""
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        for box in page._page_box.children:
            if isinstance(box, boxes.MarginBox):
                _mark(box)
            else:
                for band in _bands(box):
                    _mark(band)
                    _mark(getattr(band, "_box", band))  # an absolute box's placeholder


def _bands(root: Any) -> Iterator[Any]:
    """The draft bands of a page: in its body on the first page, in its root on the others."""
    for box in getattr(root, "children", ()):
        if box.element is not None and BAND in (box.element.get("class") or "").split():
            yield box
        elif box.element_tag == "body":
            yield from _bands(box)


def _mark(box: Any) -> None:
    setattr(box, FURNITURE, True)
    for child in getattr(box, "children", ()):
        _mark(child)


def _marked(original: Any) -> Any:
    """Stream.marked, drawing furniture as an artifact and giving script runs /ActualText."""
    import pydyf
    from weasyprint.formatting_structure import boxes

    @contextmanager
    def marked(stream: Any, box: Any, tag: str) -> Iterator[None]:
        if stream._tags is None or not (
            getattr(box, FURNITURE, False)
            or (isinstance(box, boxes.TextBox) and needs_actual_text(box.text))
        ):
            with original(stream, box, tag):
                yield
            return
        if getattr(box, FURNITURE, False):
            properties = pydyf.Dictionary({"Type": "/Pagination"})
            pydyf.Stream.begin_marked_content(stream, "Artifact", properties)
        else:
            mcid, text = len(stream._tags), actual_text(box.text)
            stream._tags[box] = {"tag": tag, "mcid": mcid, "actual": text}
            properties = pydyf.Dictionary({"MCID": mcid})
            if not right_to_left(text):
                properties["ActualText"] = pydyf.String(text)
            else:
                setattr(stream, WORDS, True)
            pydyf.Stream.begin_marked_content(stream, tag, properties)
        try:
            yield
        finally:
            setattr(stream, WORDS, False)
            pydyf.Stream.end_marked_content(stream)

    marked.ours = True  # type: ignore[attr-defined]
    return marked


def _box_tree(original: Any) -> Any:
    """tags._build_box_tree, leaving out furniture and adding /Scope and /Lang."""
    import pydyf

    def build(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        if getattr(box, FURNITURE, False):
            return
        nums, tags = args[1], args[3]
        lang = None
        if box.element is not None and box.element_tag != "html":
            lang = box.element.get("lang")
        actual = dict(_actual_texts(box, tags))
        for element in original(box, parent, pdf, *args):
            if element["S"] == "/TH" and box.element_tag == "th":
                scope = "/Row" if box.element.get("scope") == "row" else "/Column"
                element["A"]["Scope"] = scope
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            for mcid, text in actual.items():
                span = pdf.objects[int(nums[mcid].split()[0])]
                if span["S"] == "/Span":
                    span["ActualText"] = pydyf.String(text)
            yield element

    build.ours = True  # type: ignore[attr-defined]
    return build


def _actual_texts(box: Any, tags: dict[Any, Any]) -> Iterator[tuple[int, str]]:
    """(MCID, text as written) of the box's own runs of text that carry one."""
    from weasyprint.formatting_structure import boxes

    for child in getattr(box, "children", ()):
        for run in child.children if isinstance(child, boxes.LineBox) else [child]:
            if isinstance(run, boxes.TextBox) and "actual" in tags.get(run, {}):
                yield tags[run]["mcid"], tags[run]["actual"]


def _add_tags(original: Any) -> Any:
    """tags.add_tags, then an /IDTree for the IDs of the header cells."""
    import pydyf

    def add_tags(pdf: Any, *args: Any) -> None:
        original(pdf, *args)
        ids = sorted(
            (str(obj["ID"].string), obj.reference)
            for obj in pdf.objects
            if isinstance(obj, pydyf.Dictionary)
            and obj.get("Type") == "/StructElem"
            and "ID" in obj
        )
        if ids:
            root = next(
                o
                for o in pdf.objects
                if isinstance(o, pydyf.Dictionary) and o.get("Type") == "/StructTreeRoot"
            )
            names = pydyf.Array(x for key, ref in ids for x in (pydyf.String(key), ref))
            root["IDTree"] = pydyf.Dictionary({"Names": names})

    add_tags.ours = True  # type: ignore[attr-defined]
    return add_tags


def use_our_tags() -> None:
    """Route WeasyPrint's tagging through ours (once a process)."""
    import weasyprint.pdf
    from weasyprint.pdf import stream, tags

    if getattr(stream.Stream.marked, "ours", False):
        return
    stream.Stream.marked = _marked(stream.Stream.marked)
    tags._build_box_tree = _box_tree(tags._build_box_tree)
    weasyprint.pdf.add_tags = _add_tags(weasyprint.pdf.add_tags)
    weasyprint.pdf.build_fonts_dictionary = _visual_fonts(weasyprint.pdf.build_fonts_dictionary)
    import weasyprint.draw.text as draw_text

    draw_text.draw_first_line = _word_spans(draw_text.draw_first_line)


def visual(text: str) -> str:
    """What one glyph stands for, as copy tools want it: they read right-to-left text glyph by
    glyph from the left and then reverse the line, so a glyph that stands for several
    right-to-left letters (a ligature such as lam-alef, or a letter with its mark) is given
    them right to left, and the reversal gives them back as written."""
    rtl = len(text) > 1 and all(unicodedata.bidirectional(c) in ("R", "AL", "NSM") for c in text)
    return text[::-1] if rtl and right_to_left(text) else text


def _visual_fonts(original: Any) -> Any:
    """build_fonts_dictionary, writing each font's ToUnicode map with visual()."""

    def build(pdf: Any, fonts: Any, *args: Any) -> Any:
        for font in fonts.values():
            font.to_unicode = {glyph: visual(text) for glyph, text in font.to_unicode.items()}
        return original(pdf, fonts, *args)

    return build


def marked_word(word: str) -> bool:
    """Whether a word of a right-to-left line gets its own /ActualText in the content: it has
    a combining mark (harakat, tanween), drawn raised or lowered as a text object of its own
    that viewers put out of place, and no left-to-right letter or digit."""
    return (
        right_to_left(word)
        and any(unicodedata.category(c) == "Mn" for c in word)
        and not any(unicodedata.bidirectional(c) in ("L", "EN", "AN") for c in word)
    )


def letter_runs_reversed(word: str) -> str:
    """A word's /ActualText as PDFium gives it back as written from a right-to-left line: it
    reverses each run of right-to-left letters and leaves marks and punctuation in place."""
    return "".join(
        "".join(run)[::-1] if letters else "".join(run)
        for letters, run in itertools.groupby(
            word, key=lambda c: unicodedata.bidirectional(c) in ("R", "AL")
        )
    )


def _glyph_words(textbox: Any) -> list[tuple[int | None, str | None]]:
    """(glyph, word) of each glyph draw_first_line draws, in the order it draws them: the
    word (as written) it belongs to if that is a marked_word(), else None; the glyph None for
    a missing glyph (drawn as another)."""
    from weasyprint.text.ffi import ffi, pango

    text = textbox.pango_layout.text
    char_at, at = {}, 0
    for i, c in enumerate(text):
        char_at[at] = i
        at += len(c.encode())
    word_of: list[str | None] = [None] * len(text)
    for m in re.finditer(r"\S+", text):
        word = actual_text(m.group())
        if marked_word(word):
            word_of[m.start() : m.end()] = [word] * (m.end() - m.start())
    first_line, _ = textbox.pango_layout.get_first_line()
    out: list[tuple[int | None, str | None]] = []
    run = first_line.runs[0]
    while run != ffi.NULL:
        item, run = run.data, run.next
        for i in range(item.glyphs.num_glyphs):
            glyph = item.glyphs.glyphs[i].glyph
            if glyph == pango.PANGO_GLYPH_EMPTY:
                continue
            index = char_at.get(item.item.offset + item.glyphs.log_clusters[i])
            known = None if glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG else glyph
            out.append((known, None if index is None else word_of[index]))
    return out


GLYPHS = re.compile(r"<([0-9a-f]*)>|([^<>]+)")  # a TJ array's glyph strings and numbers


def _word_spans(original: Any) -> Any:
    """draw_first_line, drawing each marked_word() of a tagged right-to-left run in a marked
    content of its own (a /Span in the run's, with no MCID) with its /ActualText, given as
    letter_runs_reversed(). It splits the TJ arrays WeasyPrint shows at the words' edges, the
    glyphs checked against Pango's, and draws nothing else than WeasyPrint does."""
    import pydyf

    def draw(stream: Any, textbox: Any, overflow: str, ellipsis: str, matrix: Any) -> Any:
        if not getattr(stream, WORDS, False) or overflow == "ellipsis" or ellipsis != "none":
            return original(stream, textbox, overflow, ellipsis, matrix)
        plan = _glyph_words(textbox)
        if not any(word for _, word in plan):
            return original(stream, textbox, overflow, ellipsis, matrix)
        show = stream.show_text
        state: dict[str, Any] = {"at": 0, "open": None, "lost": False}

        def begin(word: str | None) -> None:
            if state["open"] is not None:
                pydyf.Stream.end_marked_content(stream)
            state["open"] = word
            if word is not None:
                text = pydyf.String(letter_runs_reversed(word))
                pydyf.Stream.begin_marked_content(
                    stream, "Span", pydyf.Dictionary({"ActualText": text})
                )

        def word_of(glyph: int) -> str | None:
            at = state["at"]
            state["at"] += 1
            if state["lost"] or at >= len(plan) or plan[at][0] not in (None, glyph):
                state["lost"] = True  # not the glyphs Pango gave: no more spans
                return None
            word: str | None = plan[at][1]
            return word

        def split(text: str) -> None:
            pending = ""
            for hexes, number in GLYPHS.findall(text):
                if number or not hexes or len(hexes) % 4:
                    pending += number or f"<{hexes}>"
                    continue
                chunk = ""
                for k in range(0, len(hexes), 4):
                    word = word_of(int(hexes[k : k + 4], 16))
                    if word != state["open"]:
                        pending += f"<{chunk}>" if chunk else ""
                        if pending:
                            show(pending)
                        pending, chunk = "", ""
                        begin(word)
                    chunk += hexes[k : k + 4]
                pending += f"<{chunk}>"
            if pending:
                show(pending)

        stream.show_text = split
        try:
            return original(stream, textbox, overflow, ellipsis, matrix)
        finally:
            del stream.show_text
            begin(None)

    return draw
