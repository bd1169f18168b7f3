"""Right-to-left leaflets (Arabic, Urdu) read from their real PDFs' word positions: numbers,
bracket pairs and web addresses read left to right inside the text; the foot is mirrored; the
draft band covers neither the brand bar nor any text, on the A4, A5, DL and poster."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from conftest import copy_project, leaflet_args, run_cli
from resourcepack.render import isolate

pytestmark = pytest.mark.slow

RTL = ("ar", "ur")
FORMATS = ("a4", "a5-booklet", "dl-trifold")
MARKS = re.compile("[\u2066-\u2069\u200e\u200f]")
ALERT = (0.643137, 0.0, 0.058824)  # theme.yaml's alert colour, #a4000f: the draft band
MM = 72 / 25.4
LATIN = re.compile("[A-Za-z0-9]")


@dataclass(frozen=True)
class Word:
    """A word's text and box on a page, in points from the top left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def lines_of(pdf: Path) -> list[list[list[Word]]]:
    """Each page's lines (as pdftotext -bbox-layout groups them), each line's words left to
    right, without bidi marks or empty words."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in ET.fromstring(xml).iterfind(".//x:page", ns):
        lines = []
        for line in page.iterfind(".//x:line", ns):
            words = [
                Word(MARKS.sub("", w.text or ""), *(float(w.get(k, 0)) for k in BOX))
                for w in line.iterfind("x:word", ns)
            ]
            words = sorted((w for w in words if w.text.strip()), key=lambda w: w.x0)
            if words:
                lines.append(words)
        pages.append(lines)
    return pages


BOX = ("xMin", "yMin", "xMax", "yMax")


def html_texts(pdf: Path, pattern: str) -> list[str]:
    """What a pattern finds in the leaflet's HTML edition, tags and bidi marks removed."""
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    return [MARKS.sub("", re.sub(r"<[^>]+>", "", m)) for m in re.findall(pattern, html)]


def line_text(line: list[Word]) -> str:
    """A line's words joined left to right (so an LTR run reads as written)."""
    return " ".join(w.text for w in line)


@pytest.fixture(scope="module")
def rtl_leaflets(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The parents' Arabic and Urdu A4, A5 and DL, built one by one with the leaflet command;
    and a poster of the topic marked as written in Arabic (a translation carries no poster
    text), from a copy whose packs are removed."""
    root = copy_project(tmp_path_factory.mktemp("rtl"))
    out = root / "out"
    built = {}
    for lang in RTL:
        for fmt in FORMATS:
            result = run_cli(root, *leaflet_args("parents", fmt), "--lang", lang, "-o", str(out))
            assert result.code == 0, result.err
            built[lang, fmt] = out / f"coventry.internet-offending.parents.{lang}.{fmt}.pdf"
    topic = root / "content" / "topics" / "internet-offending.yaml"
    topic.write_text(topic.read_text().replace("\nlanguage: en\n", "\nlanguage: ar\n"))
    (root / "content" / "translations" / "internet-offending.ar.yaml").unlink()
    for pack in (root / "packs").glob("*.yaml"):
        pack.unlink()
    result = run_cli(root, *leaflet_args("parents", "a3-poster"), "--lang", "ar", "-o", str(out))
    assert result.code == 0, result.err
    built["ar", "a3-poster"] = out / "coventry.internet-offending.parents.ar.a3-poster.pdf"
    return built


CASES = [(lang, fmt) for lang in RTL for fmt in FORMATS]


@pytest.mark.parametrize(("lang", "fmt"), CASES)
def test_phone_numbers_read_in_order_on_one_line(
    rtl_leaflets: dict[tuple[str, str], Path], lang: str, fmt: str
) -> None:
    pdf = rtl_leaflets[lang, fmt]
    numbers = {n for n in html_texts(pdf, r'<a class="tel"[^>]*>.*?</a>') if " " in n}
    groups = {g for n in numbers for g in n.split()}
    assert len(numbers) >= 3
    for page in lines_of(pdf):
        for line in page:
            text = line_text(line)
            whole = "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True))
            rest = re.sub(whole, " ", text)  # every group left over is a broken or reversed number
            assert not [w for w in re.findall(r"\d+", rest) if w in groups], text


def test_a_number_with_its_bracketed_percentage_reads_in_order(
    rtl_leaflets: dict[tuple[str, str], Path],
) -> None:
    text = [line_text(li) for page in lines_of(rtl_leaflets["ar", "a4"]) for li in page]
    assert any("10 (72%)" in t for t in text)


@pytest.mark.parametrize(("lang", "fmt"), CASES)
def test_bracket_pairs_open_before_they_close(
    rtl_leaflets: dict[tuple[str, str], Path], lang: str, fmt: str
) -> None:
    """Left to right, each line's brackets around English or numbers pair up, but for a
    bracketed English text too long to keep on one line: its first word may end a line and its
    last word start the next, the Arabic sentence's full stop to its left. (Brackets in Arabic or
    Urdu words are mirrored, as they should.)"""
    pdf = rtl_leaflets[lang, fmt]
    bracketed = [b for b in html_texts(pdf, r"\([^()<]*(?:<[^>]+>[^()<]*)*\)") if len(b) > 22]
    firsts = {b.split()[0] for b in bracketed}
    lasts = {b.split()[-1] for b in bracketed}
    for page in lines_of(pdf):
        for line in page:
            open_words, close_words = [], []
            for w in (w for w in line if LATIN.search(w.text)):
                for c in w.text:
                    if c == "(":
                        open_words.append(w.text)
                    elif c == ")" and open_words:
                        open_words.pop()
                    elif c == ")":
                        close_words.append(w.text)
            text = line_text(line)
            assert all(w.strip(".,:،۔") in lasts for w in close_words), text
            assert all(w in firsts for w in open_words), text


def bare(word: str) -> str:
    """A word without the punctuation and closing slash that may follow a web address."""
    return word.rstrip("/.,:;،۔")


# The families' DL prints no web address (its QR codes carry them): the A4 and A5 do.
@pytest.mark.parametrize(("lang", "fmt"), [c for c in CASES if c[1] != "dl-trifold"])
def test_web_addresses_read_whole_and_in_order(
    rtl_leaflets: dict[tuple[str, str], Path], lang: str, fmt: str
) -> None:
    """A web address is one word, or (too long for its column) pieces that continue it on the
    next lines, each piece left to right."""
    pdf = rtl_leaflets[lang, fmt]
    urls = set(html_texts(pdf, r'<p class="detail url">.*?</p>'))
    assert urls
    lines = [line for page in lines_of(pdf) for line in page]
    for url in urls:
        starts = [(i, w.text) for i, li in enumerate(lines) for w in li]
        starts = [(i, t) for i, t in starts if len(t) >= 8 and url.startswith(bare(t))]
        assert starts, url
        for i, text in starts:
            while bare(text) != url:
                assert url.startswith(text), (url, text)
                i += 1
                pieces = [w.text for w in lines[i] if url.startswith(bare(text + w.text))]
                if not pieces and "/" not in bare(text).rstrip("/"):
                    break  # a site alone: another address printed short (a source's)
                assert pieces, (url, text, line_text(lines[i]))
                text += max(pieces, key=len)


@pytest.mark.parametrize("lang", RTL)
@pytest.mark.parametrize("fmt", ["a4", "a5-booklet"])
def test_the_foot_is_mirrored(
    rtl_leaflets: dict[tuple[str, str], Path], lang: str, fmt: str
) -> None:
    """The page number at the far (left) side of the foot; the review dates at the right."""
    pdf = rtl_leaflets[lang, fmt]
    with pdfplumber.open(pdf) as doc:
        width, height, total = doc.pages[0].width, doc.pages[0].height, len(doc.pages)
    for number, page in enumerate(lines_of(pdf), 1):
        foot = [w for line in page for w in line if w.top > height - 22 * MM]
        counts = [w for w in foot if w.text == str(total)]
        years = [w for w in foot if w.text.startswith("2026")]
        assert counts and years, number
        assert max(w.x1 for w in counts) < min(width / 2, min(w.x0 for w in years)), number


def band_boxes(pdf: Path) -> list[tuple[list[tuple[float, ...]], list[tuple[float, ...]]]]:
    """Each page's draft band boxes and its brand-bar boxes (brand colour, out to the top)."""
    found = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            rects = [(r["x0"], r["top"], r["x1"], r["bottom"], r) for r in page.rects]
            colour = [tuple(round(c, 6) for c in r[4]["non_stroking_color"] or ()) for r in rects]
            bands = [r[:4] for r, c in zip(rects, colour, strict=True) if c == ALERT]
            bars = [r[:4] for r in rects if r[1] < 0 and r[4]["non_stroking_color"] != (1.0,) * 3]
            found.append((bands, bars))
    return found


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two boxes (x0, top, x1, bottom) share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(("lang", "fmt"), [*CASES, ("ar", "a3-poster")])
def test_the_draft_band_covers_neither_the_brand_bar_nor_any_text(
    rtl_leaflets: dict[tuple[str, str], Path], lang: str, fmt: str
) -> None:
    pdf = rtl_leaflets[lang, fmt]
    pages = lines_of(pdf)
    for number, ((bands, bars), lines) in enumerate(zip(band_boxes(pdf), pages, strict=True), 1):
        assert len(bands) == 1, number
        band = bands[0]
        assert not [bar for bar in bars if overlap(band, bar)], number
        words = [(w.x0, w.top, w.x1, w.bottom) for line in lines for w in line]
        inside = [w for w in words if overlap(band, ((w[0] + w[2]) / 2, (w[1] + w[3]) / 2) * 2)]
        text = [w for w in words if w not in inside]
        assert not [w for w in text if overlap(band, w)], number
        assert inside, number  # the band's own words


def test_runs_in_right_to_left_text_are_elements_of_their_own_direction() -> None:
    html = str(isolate("اتصلوا بالرقم 0808 800 5000 (self-generated) الآن", "rtl"))
    assert '<span dir="ltr">\u2066<span class="nobr">0808 800 5000</span>' in html
    assert '<span class="nobr">(self-generated)</span>' in html
    assert str(isolate("Call 0808 800 5000")) == "Call 0808 800 5000"
