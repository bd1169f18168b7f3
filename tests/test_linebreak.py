"""Line breaking, read from the words' positions in the PDF: a text's trailing space hangs when
WeasyPrint asks whether the text fits (linebreak.py), so that no word is left alone on a line;
a short number stays on the line of the word before it (render.linked), and the line before
them breaks at its last space, not its first."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from resourcepack.fonts import house_font
from resourcepack.pdf import render_document, write_pdf
from resourcepack.render import isolate, linked

WORDS = "Multi Agency Safeguarding Hub (MASH) on"
FONT = house_font(400)
HTML = """<!DOCTYPE html><html lang="en"><head><title>t</title><style>
@font-face {{ font-family: House; src: url("{font}"); }}
@page {{ size: 200mm 60mm; margin: 10mm; }}
p {{ font: 16px House; width: {width}pt; margin: 0; }}
.whole {{ white-space: nowrap; }}
</style></head><body><p>{words} <span class="whole">024 7678 8555</span>, or the
out-of-hours social worker.</p></body></html>"""


def lines(tmp_path: Path, width: float, body: str = "") -> list[list[dict[str, float | str]]]:
    """The words of the paragraph (or of body) laid out at a width (points), line by line."""
    html = HTML.format(font=FONT.as_uri(), width=width, words=WORDS)
    if body:
        html = html[: html.index("<body>")] + f"<body><p>{body}</p></body></html>"
    document = render_document(html, tmp_path, (FONT.parent, tmp_path), "test.html")
    write_pdf(document, tmp_path / "out.pdf")
    with pdfplumber.open(tmp_path / "out.pdf") as pdf:
        words = pdf.pages[0].extract_words()
    rows: dict[float, list[dict[str, float | str]]] = {}
    for word in words:
        rows.setdefault(round(float(word["top"])), []).append(word)
    return [rows[top] for top in sorted(rows)]


@pytest.fixture(scope="module")
def widths(tmp_path_factory: pytest.TempPathFactory) -> tuple[float, float]:
    """The width of the words, and of the words with the space after them, in points."""
    first = lines(tmp_path_factory.mktemp("wide"), 480)[0]
    multi = next(w for w in first if w["text"] == "Multi")
    on = next(w for w in first if w["text"] == "on")
    number = next(w for w in first if w["text"] == "024")
    return float(on["x1"]) - float(multi["x0"]), float(number["x0"]) - float(multi["x0"])


def test_the_words_stay_on_one_line_when_only_the_space_after_them_overflows(
    tmp_path: Path, widths: tuple[float, float]
) -> None:
    words, with_space = widths
    assert with_space - words > 2  # a space between: the width below lies inside it
    rows = lines(tmp_path, (words + with_space) / 2)
    assert " ".join(str(w["text"]) for w in rows[0]) == WORDS
    assert str(rows[1][0]["text"]) == "024"


def test_a_width_the_words_do_not_fit_still_breaks_between_them(
    tmp_path: Path, widths: tuple[float, float]
) -> None:
    words, _ = widths
    rows = lines(tmp_path, words - 2)
    assert " ".join(str(w["text"]) for w in rows[0]) == WORDS.removesuffix(" on")
    assert [str(w["text"]) for w in rows[1]][:2] == ["on", "024"]


SENTENCE = "To report a crime when no one is in danger now, call 101."


@pytest.mark.parametrize("marked", [False, True])
def test_a_short_number_starts_no_line_alone(tmp_path: Path, marked: bool) -> None:
    """Plain, and set strong as Easy Read sets a number (an element after the no-break space:
    WeasyPrint once broke that line after its first word, "To" / "report" / ...)."""
    body = str(linked(isolate(SENTENCE)))
    if marked:
        body = body.replace("101", "<strong>101</strong>")
    words = lines(tmp_path, 480, body)[0]
    call = next(w for w in words if w["text"] == "call")
    width = float(call["x1"]) - float(words[0]["x0"]) + 1  # room for the words up to "call"
    rows = [[str(w["text"]) for w in row] for row in lines(tmp_path, width, body)]
    assert rows == [SENTENCE.removesuffix(" call 101.").split(), ["call", "101."]]
    apart = lines(tmp_path, width, body.replace("\u00a0", " "))  # as they were printed
    assert [str(w["text"]) for w in apart[-1]] == ["101."]
