"""The HTML edition: one self-contained, accessible page beside every PDF, with the PDF's text."""

from __future__ import annotations

import itertools
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from conftest import REPO, leaflet_args

# Scripts whose copy-out from the PDFs is still wrong (issue 11: no /ActualText): their PDF text
# is compared with the page's on the words in Latin letters and digits only.
COPY_OUT_BROKEN = {"ar", "ur", "pa"}
FURNITURE = re.compile(
    r"page \d+ of \d+|draft — not for distribution|example — not for distribution|·", re.I
)
LIST_MARKER = re.compile(r"•|\d+\.")  # a PDF's list markers are text; a page's are not
INLINE = {"a", "span", "strong", "em", "b", "i", "bdi", "abbr", "small", "sub", "sup"}


class Page(HTMLParser):
    """What a reader of the page meets: its text in the body, its tags, attributes and styles."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.footer: list[str] = []
        self.heads: list[str] = []
        self.band: list[str] = []
        self.langs: list[str] = []  # the language of each open element
        self.runs: list[tuple[str, str]] = []  # each text of the body, and its language
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self.boundary(tag)
        if tag not in ("img", "meta", "link", "br", "hr"):
            self.open.append("band" if dict(attrs).get("class") == "web-band" else tag)
            self.langs.append(dict(attrs).get("lang") or (self.langs or [""])[-1])

    def handle_endtag(self, tag: str) -> None:
        self.boundary(tag)
        if tag == "p" and self.open[-1:] == ["band"]:
            self.open.pop()
            self.langs.pop()
        elif tag in self.open:
            at = len(self.open) - 1 - self.open[::-1].index(tag)
            del self.open[at:], self.langs[at:]

    def boundary(self, tag: str) -> None:
        """A block's edge separates words; an inline element's does not ("<b>13</b>." is one)."""
        if tag not in INLINE:
            self.handle_data(" ")

    def handle_data(self, data: str) -> None:
        if "body" in self.open and "style" not in self.open:
            self._text(data)
            self.runs.append((data, self.langs[-1]))

    def _text(self, data: str) -> None:
        """Text of the body, kept with the band's, the footer's or the rest, as it lies in."""
        kind = "band" if "band" in self.open else "footer" if "footer" in self.open else "text"
        getattr(self, kind).append(data)
        if "thead" in self.open:
            self.heads.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        """The attributes of every element of a kind."""
        return [a for t, a in self.tags if t == tag]


def message(lang: str, words: str) -> str:
    """A template's words in the language (from its message catalogue)."""
    po = REPO / "templates" / "locale" / lang / "LC_MESSAGES" / "messages.po"
    if po.is_file():
        with po.open("rb") as f:
            return str(read_po(f)[words].string or words)
    return words


def page_counter(lang: str) -> re.Pattern[str]:
    """The page numbers the PDF prints in the language's words ("Strona 1 z 8")."""
    words = message(lang, "Page %(page)s of %(pages)s")
    pattern = re.escape(words).replace(re.escape("%(page)s"), r"\d+")
    return re.compile(pattern.replace(re.escape("%(pages)s"), r"\d+"), re.I)


def words(text: str, latin_only: bool = False) -> list[str]:
    """The words of a text (bidi marks and list markers dropped), optionally only those in
    Latin letters."""
    text = unicodedata.normalize("NFKC", re.sub("[\u2066-\u2069\u200e\u200f]", "", text))
    text = FURNITURE.sub(" ", text).replace("•", " ")  # a bullet may be copied out beside a word
    found = re.sub(r"(?<=[a-z]\.)(?=\d)|(?<=\d\.)(?=\d)", " ", text).split()
    if latin_only:  # letters and digits: their brackets and stops are what comes out wrong
        # (a sentence's stop may be copied out beside a number: "13." is then no list marker)
        return [run for w in found for run in re.findall(r"[A-Za-z0-9]+", w)]
    return [w for w in found if not LIST_MARKER.fullmatch(w)]


def pdf_text(path: Path, lang: str = "en") -> str:
    """A PDF's text in the order it is drawn, page by page, without the pages it is padded
    with: notes pages (lines to write on) and an A4's spare back page (its numbers again)."""
    pages = [p.extract_text() or "" for p in PdfReader(path).pages]
    spare = ".a4." in path.name  # an A4.s spare back page; a booklet.s or a DL.s is in its page
    heading = message(lang, "Who to contact").split()
    if spare and len(pages) > 1 and pages[-1].split()[: len(heading)] == heading:
        pages = pages[:-1]
    return "\n".join(p for p in pages if p.split()[:1] != ["Notes"])


def same_text(pdf: Path, html: Path, lang: str) -> None:
    """Every word of the page is in the PDF and every word of the PDF in the page (a URL the PDF
    breaks over two lines is still found), and, where copy-out works, as many letters; the
    review dates, which the PDF repeats on every page, are compared apart, and table headers,
    which it repeats on each page a table runs on to, are left out of the count."""
    latin = lang in COPY_OUT_BROKEN
    read = Page(html.read_text())
    footer = "".join(words("".join(read.footer).casefold(), latin))
    page = words("".join(read.text).casefold(), latin)
    band = "".join(words("".join(read.band).casefold(), latin))
    printed = words(page_counter(lang).sub(" ", pdf_text(pdf, lang)).casefold(), latin)
    joined_page, joined_pdf = "".join(page), "".join(printed)
    joined_pdf = joined_pdf.replace(band, "") if band else joined_pdf  # on every page of a PDF
    assert footer and (latin or footer in joined_pdf), pdf.name
    joined_pdf = joined_pdf.replace(footer, "") if not latin else joined_pdf
    assert [w for w in page if w not in joined_pdf] == [], pdf.name
    assert [w for w in printed if w not in joined_page + footer + band] == [], pdf.name
    if not latin:
        heads = "".join(words("".join(read.heads).casefold()))
        count = [len(j.replace(heads, "") if heads else j) for j in (joined_page, joined_pdf)]
        assert count[0] == count[1], pdf.name


@pytest.fixture(scope="module")
def parents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The parents' A4 leaflet, rendered once, PDF and HTML edition, in a copy of the project."""
    from conftest import copy_project, run_cli

    root = copy_project(tmp_path_factory.mktemp("web"))
    result = run_cli(root, *leaflet_args(), "-o", str(root / "out"))
    assert result.code == 0, result.err
    assert "its HTML edition, coventry.internet-offending.parents.en.a4.html" in result.out
    return root / "out" / "coventry.internet-offending.parents.en.a4.pdf"


def test_the_html_edition_lies_beside_the_pdf_with_the_same_text(parents: Path) -> None:
    same_text(parents, parents.with_suffix(".html"), "en")


def test_the_html_edition_is_self_contained_and_runs_nothing(parents: Path) -> None:
    html = parents.with_suffix(".html").read_text()
    page = Page(html)
    assert not page.all("script") and not page.all("link") and "javascript:" not in html
    assert all(i["src"].startswith("data:image/svg+xml;base64,") for i in page.all("img"))
    faces = re.findall(r"@font-face \{[^}]*\}", html)
    assert faces and all("data:font/ttf;base64," in f for f in faces)
    assert 'font-family: "Atkinson Hyperlegible"; font-weight: 700' in html
    assert "device-cmyk" not in html  # browsers draw nothing in a colour they do not know


def test_the_html_edition_is_semantic(parents: Path) -> None:
    page = Page(parents.with_suffix(".html").read_text())
    html = page.all("html")[0]
    assert (html["lang"], html["dir"]) == ("en", "ltr")
    assert [t for t, _ in page.tags if t in ("header", "main", "footer")] == [
        "header",
        "main",
        "footer",
    ]
    levels = [int(t[1]) for t, _ in page.tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    scopes = {th.get("scope") for th in page.all("th")}  # column heads; each row's number or name
    assert scopes == {"col", "row"}
    assert all(i["alt"] for i in page.all("img"))
    links = [a["href"] for a in page.all("a")]
    assert "https://www.childline.org.uk" in links
    # On a phone, a number is a link that calls it (the PDF has no such links).
    assert {"tel:999", "tel:02476788555", "tel:08088005000", "tel:08001111"} <= set(links)
    with pikepdf.open(parents) as pdf:
        uris = [str(a.A.URI) for page in pdf.pages for a in page.obj.get("/Annots", [])]
    assert uris and not [u for u in uris if u.startswith("tel:")]
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.all(
        "meta"
    )


def test_the_html_edition_carries_the_review_dates_and_no_print_furniture(parents: Path) -> None:
    html = parents.with_suffix(".html").read_text()
    footer = html[html.index('<footer class="web-footer">') :]
    assert "Reviewed 20 November 2026" in footer and "next review 20 May 2027" in footer
    assert "@page" not in html and "notes-page" not in html


def test_a_draft_shows_its_band_in_the_page(project: Path, cli: object) -> None:
    from conftest import run_cli

    result = run_cli(project, *leaflet_args("carers"), "-o", str(project / "out"))
    assert result.code == 0, result.err
    pdf = project / "out" / "coventry.internet-offending.carers.en.a4.pdf"
    page = Page(pdf.with_suffix(".html").read_text())
    bands = [a for t, a in page.tags if t == "p" and a.get("class") == "web-band"]
    assert len(bands) == 1 and "".join(page.band).strip() == "DRAFT — not for distribution"
    same_text(pdf, pdf.with_suffix(".html"), "en")


def test_every_built_leaflet_has_an_html_edition_with_its_text(built: Path) -> None:
    pdfs = sorted(p for p in built.glob("*/*.pdf") if p.name != "pack.pdf")
    assert len(pdfs) > 20
    for pdf in pdfs:
        lang = pdf.name.split(".")[3]
        page = Page(pdf.with_suffix(".html").read_text())
        html = page.all("html")[0]
        assert html["lang"] == lang, pdf.name
        assert html["dir"] == ("rtl" if lang in ("ar", "ur") else "ltr"), pdf.name
        same_text(pdf, pdf.with_suffix(".html"), lang)
        if lang in COPY_OUT_BROKEN:  # another script: its English words are marked as English
            latin = [(t, in_lang) for t, in_lang in page.runs if re.search("[A-Za-z]{2}", t)]
            assert latin and [t for t, in_lang in latin if in_lang != "en"] == [], pdf.name
