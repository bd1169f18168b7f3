"""Copy order: Arabic and Urdu copied out of PDF viewers (PDFium, poppler) as written.

A screen reader reads a run's /ActualText from the structure tree (tagging.py); viewers
copy by the glyphs drawn and order them themselves. `use_copy_order()` routes WeasyPrint's
fonts dictionary and text drawing through the functions below:

- a glyph standing for several right-to-left letters maps to them in visual order in the
  font's ToUnicode map, so that copy tools, which reverse right-to-left lines, give them back
  as written (visual());
- each word of such a run that has a vowel mark (drawn raised as a text object of its own,
  which PDFium sorts after its letter's) is drawn in a /Span of its own with its /ActualText,
  letter runs reversed as PDFium wants them (_word_spans); pdftotext wants it wholly reversed.
  Its raised marks are drawn after its other glyphs (_Words), and a right-to-left line's runs
  from left to right (_left_to_right_drawing): PDFium takes a raised mark for a new line;
- in a right-to-left document (/ViewerPreferences /Direction /R2L, which makes PDFium read
  every line right to left), each run of left-to-right text (English names, numbers) carries
  its /ActualText in the order PDFium gives it back as written (segments_reversed), in a
  marked content tagged /VisualOrder (pdftotext reads /ActualText on /Span only, and the run's
  glyphs as written), or on its /Artifact; its structure element has it as written.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
BIDI_CONTROLS |= dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u00ad"))
WORDS = "resourcepack_words"  # set on a stream while it draws a tagged right-to-left run
VISUAL = "VisualOrder"  # the tag of a marked content whose /ActualText is in visual order
LEFT_TO_RIGHT = "resourcepack_ltr"  # set on a run of left-to-right text in a right-to-left page


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


def mark_left_to_right(document: Any) -> bool:
    """In a right-to-left document, mark each run of text with a left-to-right letter or digit
    and no right-to-left letter (English names, numbers, addresses); whether it is one."""
    rtl = right_to_left_document(document)
    for page in document.pages if rtl else ():
        for box in _descendants(page._page_box):
            if _left_to_right(getattr(box, "text", "")):
                setattr(box, LEFT_TO_RIGHT, True)
    return rtl


def right_to_left_document(document: Any) -> bool:
    """Whether a document's root element (on every page) is right to left."""
    roots = [
        box
        for page in document.pages
        for box in page._page_box.children
        if box.element_tag == "html"
    ]
    return bool(roots) and all(box.style["direction"] == "rtl" for box in roots)


def _descendants(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def _left_to_right(text: str) -> bool:
    """Whether text has a left-to-right letter or digit and no right-to-left letter."""
    return not right_to_left(text) and any(
        unicodedata.bidirectional(c) in ("L", "EN", "AN") for c in text
    )


def _left_to_right_drawing(original: Any) -> Any:
    """draw_inline_level, drawing the runs of a right-to-left line (or of an inline box in one)
    from left to right: PDFium cuts a line where a raised vowel mark starts a text object and
    reads the parts in the order drawn, so that order must be the line's from left to right."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.stacking import StackingContext

    def draw(stream: Any, page: Any, box: Any, *args: Any) -> Any:
        children = getattr(box, "children", ())
        if not isinstance(box, (boxes.InlineBox, boxes.LineBox)) or len(children) < 2:
            return original(stream, page, box, *args)
        if box.style["direction"] != "rtl":
            return original(stream, page, box, *args)
        box.children = sorted(
            children, key=lambda c: (c.box if isinstance(c, StackingContext) else c).position_x
        )
        try:
            return original(stream, page, box, *args)
        finally:
            box.children = children

    return draw


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


def _direction(c: str) -> str:
    """A character's direction as PDFium's text extraction classes it (CFX_BidiChar): a
    left-to-right letter, a digit (weak), a right-to-left letter, or neutral."""
    bidi = unicodedata.bidirectional(c)
    if bidi in ("L", "R"):
        return bidi
    return "W" if bidi in ("EN", "AN") else "R" if bidi == "AL" else "N"


MIRRORED = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def segments_reversed(text: str) -> str:
    """A left-to-right run's /ActualText as PDFium gives it back as written from a right-to-left
    line. PDFium cuts a line into runs of one direction (a word, a number, the punctuation
    between) and gives them in reverse order, each as drawn but for neutral runs (spaces,
    brackets) read right to left: those after right-to-left text or digits only, mirrored."""
    runs, after_right = [], True
    for kind, chars in itertools.groupby(actual_text(text), key=_direction):
        run = "".join(chars)
        if kind == "N" and after_right:
            run = run[::-1].translate(MIRRORED)
        after_right = after_right and kind != "L"
        runs.append(run)
    return "".join(reversed(runs))


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
    glyphs checked against Pango's, and draws nothing else than WeasyPrint does (_Words)."""

    def draw(stream: Any, textbox: Any, overflow: str, ellipsis: str, matrix: Any) -> Any:
        if not getattr(stream, WORDS, False) or overflow == "ellipsis" or ellipsis != "none":
            return original(stream, textbox, overflow, ellipsis, matrix)
        plan = _glyph_words(textbox)
        if not any(word for _, word in plan):
            return original(stream, textbox, overflow, ellipsis, matrix)
        words = _Words(stream, plan)
        stream.show_text, stream.set_text_rise = words.show, words.rise
        stream.set_font_size = words.font
        try:
            return original(stream, textbox, overflow, ellipsis, matrix)
        finally:
            del stream.show_text, stream.set_text_rise, stream.set_font_size
            words.begin(None)

    return draw


class _Words:
    """What draw_first_line shows, split at the edges of marked words; each word's TJ arrays
    are held until it ends, then drawn with its raised marks last (_draw_word): PDFium takes a
    raised mark for a new line, and so would cut the word's line there and give its
    /ActualText twice, unless the word's text objects on the baseline come first."""

    def __init__(self, stream: Any, plan: list[tuple[int | None, str | None]]) -> None:
        self.stream, self.plan = stream, plan
        self.tj, self.ts, self.tf = stream.show_text, stream.set_text_rise, stream.set_font_size
        self.at, self.lost = 0, False
        self.open: str | None = None
        self.held: list[tuple[float, str]] = []  # (rise, TJ array) of the open word
        self.risen = self.drawn_rise = 0.0

    def begin(self, word: str | None) -> None:
        """End the open word (drawing it) and begin word (None: text of no marked word)."""
        import pydyf

        if self.open is not None:
            self.draw_held()
            pydyf.Stream.end_marked_content(self.stream)
        self.open = word
        if word is not None:
            text = pydyf.String(letter_runs_reversed(word))
            properties = pydyf.Dictionary({"ActualText": text})
            pydyf.Stream.begin_marked_content(self.stream, "Span", properties)

    def word_of(self, glyph: int) -> str | None:
        """The marked word the next glyph drawn is in, if it is the glyph Pango gave."""
        at, self.at = self.at, self.at + 1
        if self.lost or at >= len(self.plan) or self.plan[at][0] not in (None, glyph):
            self.lost = True  # not the glyphs Pango gave: no more spans
            return None
        return self.plan[at][1]

    def show(self, text: str) -> None:
        """Stream.show_text, split at the edges of marked words."""
        pending = ""
        for hexes, number in GLYPHS.findall(text):
            if number or not hexes or len(hexes) % 4:
                pending += number or f"<{hexes}>"
                continue
            chunk = ""
            for k in range(0, len(hexes), 4):
                word = self.word_of(int(hexes[k : k + 4], 16))
                if word != self.open:
                    pending += f"<{chunk}>" if chunk else ""
                    self.put(pending)
                    pending, chunk = "", ""
                    self.begin(word)
                chunk += hexes[k : k + 4]
            pending += f"<{chunk}>"
        self.put(pending)

    def put(self, text: str) -> None:
        """Show a TJ array, or hold it if a marked word is open."""
        if not text:
            return
        if self.open is not None:
            self.held.append((self.risen, text))
            return
        self.set_rise(self.risen)
        self.tj(text)

    def rise(self, height: float) -> None:
        """Stream.set_text_rise, written when text is next drawn."""
        self.risen = height
        if self.open is None:
            self.set_rise(height)

    def set_rise(self, height: float) -> None:
        if height != self.drawn_rise:
            self.ts(height)
            self.drawn_rise = height

    def font(self, font: str, size: float) -> None:
        """Stream.set_font_size, after what a marked word holds is drawn in the font before."""
        if self.open is not None:
            self.draw_held()
        self.tf(font, size)

    def draw_held(self) -> None:
        """Draw the open word's TJ arrays: its glyphs on the baseline but the last, then its
        raised marks, then the last (where pdftotext ends the word's /ActualText)."""
        held, self.held = self.held, []
        widths = _current_widths(self.stream)
        if widths is None or all(rise == 0 for rise, _ in held):
            for rise, text in held:
                self.set_rise(rise)
                self.tj(text)
            return
        baseline, marks, end = _baseline_and_marks(held, widths)
        glyphs = [i for i, (_, item) in enumerate(baseline) if item.startswith("<")]
        last = glyphs[-1] if len(glyphs) > 1 else len(baseline)
        head, tail = baseline[:last], baseline[last:]
        self.set_rise(0)
        if head:
            self.tj("".join(item for _, item in head))
        pen = tail[0][0] if tail else end
        for rise, at, glyph in marks:
            self.set_rise(rise)
            self.tj(f"{_number(pen - at)}<{glyph:04x}>")
            pen = at + widths.get(glyph, 0)
        self.set_rise(0)
        back = _number(pen - (tail[0][0] if tail else end))
        self.tj(back + "".join(item for _, item in tail))


def _current_widths(stream: Any) -> dict[int, int] | None:
    """The glyph widths (thousandths of an em) of the font a stream draws in, if known."""
    current = getattr(stream, "_current_font", None)
    fonts = [f for f in stream._fonts.values() if current and f.hash == current[0]]
    return fonts[0].widths if fonts and not fonts[0].bitmap else None


def _baseline_and_marks(
    held: list[tuple[float, str]], widths: dict[int, int]
) -> tuple[list[tuple[float, str]], list[tuple[float, float, int]], float]:
    """From a word's TJ arrays (with their rise): the items (glyphs, numbers) of one TJ array
    on the baseline, each with where the pen is before it, a raised glyph left out (the pen
    moved by its width); (rise, pen, glyph) of each raised glyph; and where the pen ends. The
    pen is in thousandths of an em from where the word begins."""
    baseline: list[tuple[float, str]] = []
    marks, pen = [], 0.0
    for rise, text in held:
        for hexes, number in GLYPHS.findall(text):
            if number.strip():
                baseline.append((pen, f" {number.strip()} "))
                pen -= float(number)
                continue
            for glyph in (int(hexes[k : k + 4], 16) for k in range(0, len(hexes), 4)):
                if rise == 0:
                    baseline.append((pen, f"<{glyph:04x}>"))
                else:
                    marks.append((rise, pen, glyph))
                    if widths.get(glyph):
                        baseline.append((pen, f" {_number(-widths[glyph])} "))
                pen += widths.get(glyph, 0)
    return baseline, marks, pen


def _number(value: float) -> str:
    """A TJ array's number: the pen moves left by it (in thousandths of an em)."""
    return f"{value:f}".rstrip("0").rstrip(".") or "0"


def use_copy_order() -> None:
    """Route WeasyPrint's fonts dictionary and text drawing through ours (use_our_tags calls
    it once a process)."""
    import weasyprint.draw as draw
    import weasyprint.draw.text as draw_text
    import weasyprint.pdf

    weasyprint.pdf.build_fonts_dictionary = _visual_fonts(weasyprint.pdf.build_fonts_dictionary)
    draw_text.draw_first_line = _word_spans(draw_text.draw_first_line)
    draw.draw_inline_level = _left_to_right_drawing(draw.draw_inline_level)
