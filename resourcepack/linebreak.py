"""Line breaking: a space at the end of a text hangs, as CSS says, when WeasyPrint asks whether
the text fits on a line; a no-break space there does not.

WeasyPrint 70 measures the rest of a text with its trailing space (a text ends with one when an
element follows it: "... Hub (MASH) on " before a phone number kept whole). Pango lets such a
space run past the line's end and keeps the words on one line; WeasyPrint counts the space,
finds the line too wide and breaks after the first word instead: "Multi" was left alone on a
line of the professionals' DL leaflet. When the space is a no-break space (the number after it
is kept with its word, "call 999"), it must not hang, and WeasyPrint must break at the last
place where the line, space included, fits; it broke after the first word there too.
`use_hanging_spaces()` routes WeasyPrint's split_first_line through a wrapper that, in exactly
those cases, asks it for the width at which it breaks where it should.
"""

from __future__ import annotations

from typing import Any

CHARS_PER_EM = 4  # a line holds at most this many characters an em wide (WeasyPrint's ratio)
NO_BREAK_SPACE, WORD_JOINER = "\u00a0", "\u2060"


def use_hanging_spaces() -> None:
    """Route WeasyPrint's inline layout through the wrapper below (once a process)."""
    from weasyprint.layout import inline

    if getattr(inline.split_first_line, "ours", False):
        return
    inline.split_first_line = _hanging(inline.split_first_line)


def _hanging(original: Any) -> Any:
    """split_first_line, breaking a text that ends with spaces where it should when Pango keeps
    it on one line only because those spaces run past the line's end."""

    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> Any:
        first = original(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        if (
            first[2] is None
            or minimum
            or max_width is None
            or not _may_hang(text, style, max_width)
        ):
            return first
        width = _width_to_ask(text, style, context, max_width, justification_spacing)
        if width is None:
            return first
        return original(text, style, context, width, justification_spacing, is_line_start)

    split_first_line.ours = True  # type: ignore[attr-defined]
    return split_first_line


def _may_hang(text: str, style: Any, max_width: float) -> bool:
    """Whether a text split onto two lines could be one that only its trailing spaces overflow:
    it ends with spaces, holds no line break, and is short enough for one line."""
    if not text.endswith((" ", NO_BREAK_SPACE)) or "\n" in text:
        return False
    if style["white_space"] not in ("normal", "pre-line") or not style["font_size"]:
        return False
    return bool(len(text) <= max_width / style["font_size"] * CHARS_PER_EM)


def _width_to_ask(
    text: str, style: Any, context: Any, max_width: float, justification_spacing: float
) -> float | None:
    """If Pango keeps text on one line of max_width only because its trailing spaces hang, the
    width at which WeasyPrint breaks it where it should: the text's own width if its words fit
    without those spaces (they hang), or, when it ends with a no-break space (which must not
    hang), that of the first line Pango makes if it cannot; else None."""
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(text, style, context, max_width, justification_spacing)
    line, resume = layout.get_first_line()
    if resume is not None:
        return None
    if text.endswith(NO_BREAK_SPACE):
        held = create_layout(text + WORD_JOINER, style, context, max_width, justification_spacing)
        held_line, held_resume = held.get_first_line()
        return None if held_resume is None else float(line_size(held_line, style)[0])
    words = create_layout(text.rstrip(" "), style, context, max_width, justification_spacing)
    words_line, words_resume = words.get_first_line()
    if words_resume is not None or line_size(words_line, style)[0] > max_width:
        return None
    return float(line_size(line, style)[0])
