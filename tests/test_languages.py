"""Languages and variants in the built PDFs: text round trip, RTL layout, draft band, tags."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader
from tagged import tagged_text
from test_pdf import text_of

from conftest import REPO
from resourcepack.catalog import load_catalog
from resourcepack.compose import token_values, visible_blocks
from resourcepack.render import URL_IN_TEXT, short_url
from resourcepack.tokens import TOKEN

PACK = "community-languages"
TRANSLATED = ["pl", "pa", "ro", "ur", "ar"]


def leaflet(built: Path, lang: str) -> Path:
    """A translated parents' leaflet of the community pack."""
    return built / PACK / f"coventry.internet-offending.parents.{lang}.a4.pdf"


def translation(lang: str) -> dict[str, object]:
    """The translation overlay file, as data."""
    path = Path(__file__).parent.parent / "content" / "translations"
    return yaml.safe_load((path / f"internet-offending.{lang}.yaml").read_text(encoding="utf-8"))


def block_texts(lang: str) -> list[str]:
    """Every translated text and item of the blocks the A4 leaflet shows, its tokens filled with
    Coventry's details and its web addresses in their printed short form."""
    blocks = translation(lang)["blocks"]
    assert isinstance(blocks, dict)
    catalog = load_catalog(REPO)
    found = token_values(catalog, catalog.partnerships["coventry"], lang).found
    topic = catalog.topics["internet-offending"]
    shown = {b.id for _, _, bs in visible_blocks(topic, "parents", "a4") for b in bs}
    on_a4 = [b for k, b in blocks.items() if k in shown]
    texts = [t for b in on_a4 for t in [b.get("text") or "", *(b.get("items") or [])]]
    filled = [TOKEN.sub(lambda m: found[m[0][1:-1]], t) for t in texts if t]
    return [URL_IN_TEXT.sub(lambda m: short_url(m[0]), t) for t in filled]  # as printed


def squash(text: str) -> str:
    """Text without whitespace, in NFKC form."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def letters(text: str) -> str:
    """Only the base letters of a text (no marks, digits, punctuation or spaces)."""
    return "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) == "Lo"
    )


def without_draft_mark(text: str) -> list[str]:
    """A page's lines, less the "DRAFT — not for distribution" band at its top."""
    return [line for line in text.splitlines() if line.strip() != "DRAFT — not for distribution"]


def body_text(path: Path, lang: str) -> str:
    """A PDF's text, squashed, without each page's three footer lines, draft band and list
    bullets."""
    from babel.messages.pofile import read_po

    po = REPO / "templates" / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        band = read_po(f)["Draft translation — not for distribution"].string
    pages = [without_draft_mark(p.extract_text() or "")[:-3] for p in PdfReader(path).pages]
    # List bullets are drawn apart from their items: a sentence that runs on to the next page
    # would have a page's bullets in the middle of it.
    text = squash(" ".join(line for lines in pages for line in lines)).replace("•", "")
    return text.replace(squash(f"Draft translation — not for distribution · {band}"), "")


@pytest.mark.parametrize(
    ("lang", "reviewed", "next_review"),
    [
        ("pl", "Data przeglądu: 20 listopada 2026", "Następny przegląd: 20 maja 2027"),
        ("ro", "Revizuit: 20 noiembrie 2026", "Următoarea revizuire: 20 mai 2027"),
    ],
)
def test_every_page_footer_gives_the_review_dates_in_the_language(
    built: Path, lang: str, reviewed: str, next_review: str
) -> None:
    """The footer's two lines, the second begun with a capital though its message is not."""
    pages = PdfReader(leaflet(built, lang)).pages
    for n, page in enumerate(pages, start=1):
        lines = [" ".join(line.split()) for line in (page.extract_text() or "").splitlines()]
        assert reviewed in lines and next_review in lines, (n, lines[-4:])


@pytest.mark.parametrize("lang", ["pl", "ro"])
def test_latin_script_text_round_trips_exactly(built: Path, lang: str) -> None:
    text = body_text(leaflet(built, lang), lang)
    sentences = [s for t in block_texts(lang) for s in re.split(r"(?<=[.!?:])\s+", t)]
    assert [s for s in sentences if squash(s) not in text] == []


@pytest.mark.parametrize("lang", ["ar", "ur", "pa"])
def test_every_letter_of_other_scripts_round_trips(built: Path, lang: str) -> None:
    # WeasyPrint issue 2841: with fonts that share glyphs between letters (Noto Sans Arabic),
    # copied text came out with wrong letters. Read through the structure tree (with the
    # /ActualText of each run, issue 11), every word's letters come back as written.
    text = letters(tagged_text(leaflet(built, lang)))
    words = [letters(w) for t in block_texts(lang) for w in t.split()]
    assert [w for w in words if w and w not in text] == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_leaflet_metadata_and_numbers(built: Path, lang: str) -> None:
    reader = PdfReader(leaflet(built, lang))
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.metadata is not None
    assert reader.metadata.title.startswith(str(translation(lang)["title"]))
    text = text_of(leaflet(built, lang))
    for number in ("024 7678 8555", "0808 800 5000", "999"):
        assert number in text, number


@pytest.mark.parametrize("lang", TRANSLATED)
def test_draft_translation_band_on_every_page(built: Path, lang: str) -> None:
    for page in PdfReader(leaflet(built, lang)).pages:
        assert "Draft translation — not for distribution" in (page.extract_text() or "")


def test_english_leaflet_has_no_draft_band(built: Path) -> None:
    assert "Draft translation" not in text_of(
        built / PACK / "coventry.internet-offending.parents.en.a4.pdf"
    )


def test_template_strings_and_dates_are_translated(built: Path) -> None:
    text = text_of(leaflet(built, "pl"))
    assert "20 listopada 2026" in text
    assert "Strona 1 z" in text or "Strona 1 / " in text
    assert "Who to contact" not in text


def _line_edges(path: Path, script: str) -> tuple[list[float], list[float]]:
    """Left and right edges of the second page's body lines of letters in a script."""
    with pdfplumber.open(path) as pdf:
        lines: dict[int, list[float]] = {}
        for c in pdf.pages[1].chars:
            ch = c["text"]
            letter = len(ch) == 1 and unicodedata.category(ch).startswith("L")
            upright = c["upright"]  # not the draft band's letters, turned along the margin
            if letter and upright and script in unicodedata.name(ch, "") and c["size"] < 16:
                lines.setdefault(round(c["bottom"] / 4), []).extend([c["x0"], c["x1"]])
    return [min(v) for v in lines.values()], [max(v) for v in lines.values()]


def _aligned(edges: list[float]) -> float:
    """The share of edges within 20 points (a list indent) of the outermost one."""
    outer = max(edges) if sum(edges) / len(edges) > 300 else min(edges)
    return sum(abs(e - outer) < 20 for e in edges) / len(edges)


def test_right_to_left_layout(built: Path) -> None:
    lefts, rights = _line_edges(leaflet(built, "ar"), "ARABIC")
    assert _aligned(rights) >= 0.7 >= 0.5 >= _aligned(lefts)  # lines start at the right margin
    lefts, rights = _line_edges(
        built / PACK / "coventry.internet-offending.parents.en.a4.pdf", "LATIN"
    )
    assert _aligned(lefts) >= 0.7 >= 0.5 >= _aligned(rights)  # and at the left in English


@pytest.mark.parametrize(
    ("lang", "family"),
    [
        ("ar", "IBM-Plex-Sans-Arabic"),
        ("ur", "IBM-Plex-Sans-Arabic"),
        ("pa", "Noto-Sans-Gurmukhi"),
        ("pl", "Atkinson-Hyperlegible"),
    ],
)
def test_script_fonts_are_embedded(built: Path, lang: str, family: str) -> None:
    names = set()
    for page in PdfReader(leaflet(built, lang)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert any(n.startswith(family) for n in names)
    allowed = ("IBM-Plex-Sans-Arabic", "Noto-Sans-Gurmukhi", "Atkinson-Hyperlegible")
    assert all(n.startswith(allowed) for n in names), names


def structure(path: Path) -> list[tuple[str, str | None]]:
    """(role, alt text) of every element of a PDF's structure tree."""
    out: list[tuple[str, str | None]] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                alt = node.get("/Alt")
                out.append((str(node["/S"]), None if alt is None else str(alt)))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [] if kids is None else [kids]:
                walk(kid)

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return out


def test_easy_read_and_large_print(built: Path) -> None:
    easy = built / PACK / "coventry.internet-offending.parents-easy-read.en.a4.pdf"
    large = built / PACK / "coventry.internet-offending.parents-large-print.en.a4.pdf"
    assert len(PdfReader(easy).pages) <= 24
    figures = [alt for role, alt in structure(easy) if role == "/Figure"]
    assert len(figures) >= 30  # the logo and every pictogram
    assert all(figures)
    assert "A telephone" in figures or len(set(figures)) > 20
    with pdfplumber.open(easy) as pdf:
        assert (
            min(round(c["size"], 1) for p in pdf.pages for c in p.chars if c["text"].strip()) >= 16
        )
    with pdfplumber.open(large) as pdf:
        assert (
            min(round(c["size"], 1) for p in pdf.pages for c in p.chars if c["text"].strip()) >= 18
        )
    text = text_of(easy)
    assert "Words to know" in text
    assert "024 7678 8555" in text
    assert "For parents · Easy Read" in text


def words_at(page: pdfplumber.page.Page, number: str) -> list[dict[str, object]]:
    """The characters of each place a number is printed on a page."""
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    parts = number.split()
    out = []
    for k in range(len(words) - len(parts) + 1):
        run = words[k : k + len(parts)]
        if [w["text"].rstrip(".,") for w in run] == parts:
            out += run
    return out


@pytest.mark.parametrize("audience", ["parents", "carers"])
def test_easy_read_gives_the_numbers_to_call_first_on_page_1_and_sets_numbers_apart(
    built: Path, audience: str
) -> None:
    """An Easy Read cover gives 999, the NSPCC Helpline and Childline (the points the content
    marks for the cover), and every number in its points is bold and a fifth larger than the
    16 pt words around it, not body text inside a sentence."""
    easy = built / PACK / f"coventry.internet-offending.{audience}-easy-read.en.a4.pdf"
    with pdfplumber.open(easy) as pdf:
        first = pdf.pages[0]
        for number in ("999", "0808 800 5000", "0800 1111"):
            found = words_at(first, number)
            assert found, f"{number} is not on page 1"
            assert all("Bold" in str(w["fontname"]) for w in found), number
            assert all(round(float(str(w["size"])), 1) == 19.2 for w in found), number
        later = [w for p in pdf.pages[1:] for w in words_at(p, "024 7678 8555")]
        assert later and all(round(float(str(w["size"])), 1) >= 19.2 for w in later)


@pytest.mark.parametrize(
    ("name", "alt"),
    [
        (
            f"{PACK}/coventry.internet-offending.parents.ar.a4.pdf",
            "An adult and a child holding hands",
        ),
        (
            "parents-evening/coventry.internet-offending.parents.en.dl-trifold.pdf",
            "An adult and a child holding hands",
        ),
        (
            "professionals-briefing/coventry.internet-offending.professionals.en.a4.pdf",
            "A child holding a phone",
        ),
        (
            "parents-evening/coventry.internet-offending.parents.en.a3-poster.pdf",
            "An adult and a child holding hands",
        ),
    ],
)
def test_every_cover_has_its_audiences_picture(built: Path, name: str, alt: str) -> None:
    """The cover's picture follows the logo, with its alt text (its audience's, from
    audiences.yaml); in a translation its English alt text is marked as English."""
    figures = [a for role, a in structure(built / name) if role == "/Figure"]
    assert figures[1] == alt
    root = PdfReader(built / name).trailer["/Root"]["/StructTreeRoot"]
    langs = [str(n.get("/Lang")) for n in _nodes(root) if str(n.get("/Alt")) == alt]
    assert langs == (["en"] if ".ar." in name else ["None"])


def _nodes(node: object) -> list[dict[str, object]]:
    """Every element of a structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if not isinstance(node, dict):
        return []
    kids = node.get("/K")
    kids = kids if isinstance(kids, list) else [] if kids is None else [kids]
    return ([node] if "/S" in node else []) + [n for k in kids for n in _nodes(k)]


@pytest.mark.parametrize(
    "name",
    [
        "parents-evening/coventry.internet-offending.parents.en.a3-poster.pdf",
        "carers-training-day/coventry.internet-offending.carers.en.a3-poster.pdf",
        "professionals-briefing/coventry.internet-offending.professionals.en.a3-poster.pdf",
    ],
)
def test_posters_give_the_nspcc_helpline_and_childline(built: Path, name: str) -> None:
    """A poster is its own page 1: it gives the helplines the leaflets give on theirs."""
    text = " ".join(text_of(built / name).split())
    assert "0808 800 5000 NSPCC Helpline" in text
    assert "0800 1111 Childline" in text


@pytest.mark.parametrize("audience", ["parents", "carers"])
def test_easy_read_ends_with_who_to_contact(built: Path, audience: str) -> None:
    """Easy Read always ends with its back page (variants.yaml back_page), not only when a
    page is spare: every number, large."""
    easy = built / PACK / f"coventry.internet-offending.{audience}-easy-read.en.a4.pdf"
    with pdfplumber.open(easy) as pdf:
        last = pdf.pages[-1]
        assert (last.extract_text() or "").startswith("Who to contact")
        for number in ("999", "0808 800 5000", "0800 1111", "024 7678 8555"):
            assert words_at(last, number), number


def test_the_arabic_back_page_reads_right_to_left(built: Path) -> None:
    """The back page's numbers two to a row, the first of each row on the right."""
    with pdfplumber.open(leaflet(built, "ar")) as pdf:
        back = pdf.pages[-1]
        (emergency,) = words_at(back, "999")
        front_door = words_at(back, "024 7678 8555")
        assert (
            front_door and abs(float(str(emergency["top"])) - float(str(front_door[0]["top"]))) < 2
        )
        assert float(str(emergency["x0"])) > float(str(front_door[-1]["x1"]))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_draft_translations_band_lies_within_the_page(built: Path, lang: str) -> None:
    """The band up the margin (English and the translation's words) is written whole on its
    strip: in Polish at body size its words once ran on past the strip's end, white on white."""
    with pdfplumber.open(leaflet(built, lang)) as pdf:
        for page in pdf.pages:
            band = [c for c in page.chars if not c["upright"]]
            (strip,) = [r for r in page.rects if r["height"] > 300 and r["width"] < 25]
            assert band, f"page {page.page_number}: no band"
            assert min(c["top"] for c in band) >= strip["top"]
            assert max(c["bottom"] for c in band) <= strip["bottom"]
