"""The built PDFs: text per audience, page boxes, page counts, metadata, tags, fonts, sizes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import Run, leaflet_args, line_of

Cli = Callable[..., Run]
Edit = Callable[[str, str, str], None]
MM = 72 / 25.4
PARENTS_A4 = "parents-evening/coventry.internet-offending.parents.en.a4.pdf"
PARENTS_A5 = "parents-evening/coventry.internet-offending.parents.en.a5-booklet.pdf"
CARERS_A4 = "carers-training-day/coventry.internet-offending.carers.en.a4.pdf"
PROS_A4 = "professionals-briefing/coventry.internet-offending.professionals.en.a4.pdf"
ALL = [
    PARENTS_A4,
    PARENTS_A5,
    CARERS_A4,
    PROS_A4,
    "carers-training-day/coventry.internet-offending.carers.en.a5-booklet.pdf",
]


def text_of(path: Path) -> str:
    """All the text of a PDF, with whitespace folded to single spaces."""
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("name", [PARENTS_A4, PARENTS_A5, CARERS_A4])
def test_parents_and_carers_leaflets_say_what_they_must(built: Path, name: str) -> None:
    text = text_of(built / name)
    for needed in (
        "024 7678 8555",
        "999",
        "CEOP",
        "0808 800 5000",
        "Grooming",
        "What to do now",
        "capping",
        "blackmail",
    ):
        assert needed in text, needed
    for kind in (
        "Ordinary photos that are misused",
        "Images shared by choice",
        "Images a child is pushed into making",
    ):
        assert kind in text, kind


@pytest.mark.parametrize("name", [PARENTS_A4, PARENTS_A5, CARERS_A4])
def test_professional_material_stays_out_of_family_leaflets(built: Path, name: str) -> None:
    """No image categories, Acts or the partnership team's line for families. Statutory
    guidance may be named where it is the source of what a family is told: the carers' LADO
    route is Working Together's, so the carers' leaflet lists it among its sources."""
    text = text_of(built / name)
    for pro_only in (
        "Category A",
        "Category B",
        "Protection of Children Act",
        "Criminal Justice Act",
        "Sexual Offences Act",
        "Keeping Children Safe in Education",
        "024 7697 5477",
    ):
        assert pro_only not in text, pro_only
    sources = text[text.index("Sources") :]
    assert ("Working Together" in text) == (name == CARERS_A4)
    assert text.count("Working Together") == sources.count("Working Together")


def test_carers_leaflet_speaks_to_carers(built: Path) -> None:
    text = text_of(built / CARERS_A4)
    assert "For carers" in text
    assert "social worker" in text


def test_professionals_leaflet_says_what_it_must(built: Path) -> None:
    text = text_of(built / PROS_A4)
    for needed in (
        "024 7678 8555",
        "024 7697 5477",
        "Category A",
        "Category B",
        "Category C",
        "Penetrative sexual activity",
        "Non-penetrative sexual activity",
        "capping",
        "72%",
        "2021",
        "Working Together to Safeguard Children 2023",
        "cannot take calls",
    ):
        assert needed in text, needed


def test_no_retired_site_is_printed(built: Path) -> None:
    for name in ALL:
        assert "thinkuknow" not in text_of(built / name).lower()


def test_footer_has_review_dates_and_page_numbers(built: Path) -> None:
    reader = PdfReader(built / PARENTS_A4)
    pages = len(reader.pages)
    for n, page in enumerate(reader.pages, start=1):
        text = " ".join((page.extract_text() or "").split())
        assert "Reviewed 20 November 2026 Next review 20 May 2027" in text
        assert f"Page {n} of {pages}" in text


@pytest.mark.parametrize(
    ("name", "width", "height"),
    [(PARENTS_A4, 210, 297), (PARENTS_A5, 148, 210), (PROS_A4, 210, 297)],
)
def test_page_boxes(built: Path, name: str, width: float, height: float) -> None:
    for page in PdfReader(built / name).pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(width * MM, abs=0.5)
        assert float(box.height) == pytest.approx(height * MM, abs=0.5)


def test_page_counts_follow_the_format(built: Path) -> None:
    for name in ALL:
        pages = len(PdfReader(built / name).pages)
        assert pages % (4 if "a5-booklet" in name else 2) == 0, (name, pages)


@pytest.mark.parametrize("name", ALL)
def test_metadata_tags_and_language(built: Path, name: str) -> None:
    reader = PdfReader(built / name)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata is not None
    assert reader.metadata.title.startswith("Internet offending \u2013 For ")
    assert reader.metadata.author == "Coventry Safeguarding Children Partnership"
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ALL)
def test_fonts_are_embedded_and_only_ours(built: Path, name: str) -> None:
    fonts = set()
    for page in PdfReader(built / name).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}


@pytest.mark.parametrize(
    ("name", "minimum"), [(PARENTS_A4, 14), (PARENTS_A5, 14), (CARERS_A4, 14), (PROS_A4, 12)]
)
def test_no_text_smaller_than_the_audience_body_size(
    built: Path, name: str, minimum: float
) -> None:
    with pdfplumber.open(built / name) as pdf:
        # upright letters only: pdfplumber gives a turned letter (the draft band's) its width
        chars = [c for page in pdf.pages for c in page.chars if c["upright"]]
        sizes = {round(c["size"], 1) for c in chars if c["text"].strip()}
    assert min(sizes) >= minimum
    assert minimum in sizes


def test_text_is_left_aligned_sans_serif_never_italic(built: Path) -> None:
    with pdfplumber.open(built / PARENTS_A4) as pdf:
        names = {c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars}
    assert not any("Italic" in n for n in names)


def test_manifest_matches_files(built: Path) -> None:
    import hashlib

    folder = built / "parents-evening"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["pack"] == "parents-evening"
    assert manifest["event"]["date"] == "2027-01-21"
    assert [f["file"] for f in manifest["files"]] == [
        Path(PARENTS_A4).name,
        Path(PARENTS_A5).name,
        "coventry.internet-offending.parents.en.dl-trifold.pdf",
        "coventry.internet-offending.parents.en.a3-poster.pdf",
    ]
    total = 0
    for f in manifest["files"]:
        data = (folder / f["file"]).read_bytes()
        assert f["sha256"] == hashlib.sha256(data).hexdigest()
        assert f["pages"] == len(PdfReader(folder / f["file"]).pages)
        assert set(f) == {
            "file",
            "topic",
            "audience",
            "language",
            "format",
            "pages",
            "copies",
            "sha256",
            "built_from",
            "html_sha256",
        }
        html = (folder / f["file"]).with_suffix(".html").read_bytes()
        assert f["html_sha256"] == hashlib.sha256(html).hexdigest()
        assert f["built_from"]["reviewed"] == "2026-11-20"
        assert f["built_from"]["next_review"] == "2027-05-20"
        assert len(f["built_from"]["content_sha256"]) == 64
        assert f["built_from"]["draft"] == []
        total += f["pages"]
    assert manifest["mode"] == "draft"
    assert manifest["files"][0]["copies"] == 150
    assert len(PdfReader(folder / "pack.pdf").pages) == total
    pack_sha = hashlib.sha256((folder / "pack.pdf").read_bytes()).hexdigest()
    assert manifest["pack_pdf"] == {"file": "pack.pdf", "sha256": pack_sha}


DRAFT_MARK = "DRAFT — not for distribution"


def test_leaflet_with_an_unverified_fact_is_marked_draft_on_every_page(built: Path) -> None:
    unverified = [
        "contact 'lado' (024 7683 1730) is unverified",
        "contact 'partnership-team' (024 7697 5477) is unverified",
        "source 'info-sharing-2024' is unverified",
        "source 'working-together-2023-sharing' is unverified",
    ]
    for page in PdfReader(built / PROS_A4).pages:  # the A4 prints the number
        assert DRAFT_MARK in " ".join((page.extract_text() or "").split())
    # The tri-fold's flap and the poster list only the urgent lines: no unverified number.
    short = [PROS_A4.replace(".a4.", f".{fmt}.") for fmt in ("dl-trifold", "a3-poster")]
    for name in short:
        assert DRAFT_MARK not in text_of(built / name), name
        assert "024 7697 5477" not in text_of(built / name), name
    manifest = json.loads((built / "professionals-briefing" / "manifest.json").read_text())
    drafts = {f["file"]: f["built_from"]["draft"] for f in manifest["files"]}
    no_draft = {Path(n).name: [] for n in (PARENTS_A4, *short)}
    assert drafts == {Path(PROS_A4).name: unverified, **no_draft}


@pytest.mark.parametrize("name", [PARENTS_A4, PARENTS_A5])
def test_leaflets_with_every_fact_verified_carry_no_draft_mark(built: Path, name: str) -> None:
    assert "DRAFT" not in text_of(built / name)


def test_a_number_printed_only_in_the_text_still_makes_a_draft(built: Path) -> None:
    words = " ".join(text_of(built / CARERS_A4).split())
    assert "In Coventry, call the LADO on 024 7683 1730." in words  # in the text, not the box
    assert DRAFT_MARK in words


def test_output_holds_only_finished_files(built: Path) -> None:
    names = sorted(p.name for p in built.iterdir())
    assert names == [
        "carers-training-day",
        "community-languages",
        "example-open-day",
        "parents-evening",
        "professionals-briefing",
    ]
    for folder in built.iterdir():  # the tool's marker is its only hidden file
        assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == [".resourcepack"]


@pytest.mark.parametrize(("guess", "passes"), [(0, 2), (1, 1), (2, 2), (3, 2)])
def test_notes_guess_saves_a_layout_pass_only_when_right(
    tmp_path: Path, guess: int, passes: int
) -> None:
    """Three pages of content need one notes page to make four: a guess of one lays the
    document out once; any other guess costs a second pass and still gives four pages."""
    from resourcepack.pdf import render_padded

    asked: list[int] = []

    def make_html(notes: int) -> str:
        asked.append(notes)
        pages = [f"<p>Content page {n}</p>" for n in range(3)]
        pages += [f"<h2>Notes {n}</h2>" for n in range(notes)]
        body = "".join(f'<section style="break-before: page">{p}</section>' for p in pages)
        return f"<!DOCTYPE html><html lang='en'><title>t</title><body>{body}</body></html>"

    document, notes = render_padded(make_html, 4, tmp_path, (tmp_path,), "t.html", guess=guess)
    assert (len(document.pages), notes) == (4, 1)
    assert len(asked) == passes
    assert asked[-1] == 1


def padded_html(pad_class: str = "notes-page", body_css: str = "") -> Callable[[int], str]:
    """A leaflet's HTML of two pages of content and `notes` pad pages (the last one its back
    cover), each page footed "Page n of N"; pad_class is the pad pages' class (not a pad
    page's: the last is of that class too)."""
    last = "back-cover" if pad_class == "notes-page" else pad_class

    def make_html(notes: int) -> str:
        pages = [f"<section><p>Content page {n}</p></section>" for n in range(2)]
        pages += [
            f'<section class="{last if n == notes - 1 else pad_class}"><h2>Pad {n}</h2></section>'
            for n in range(notes)
        ]
        style = (
            "@page { size: 100mm 80mm; @bottom-right { content: 'Page ' counter(page) ' of ' "
            f"counter(pages) }} }} section {{ break-before: page }} {body_css}"
        )
        body = "".join(pages)
        return (
            f"<!DOCTYPE html><html lang='en'><title>t</title><style>{style}</style>"
            f"<body>{body}</body></html>"
        )

    return make_html


def footers(document: object, tmp_path: Path) -> list[str]:
    """Each page's "Page n of N", as written."""
    from resourcepack.pdf import write_pdf

    path = tmp_path / "out.pdf"
    write_pdf(document, path)
    return [" ".join((p.extract_text() or "").split()[-4:]) for p in PdfReader(path).pages]


def test_a_spare_back_cover_not_needed_is_cut_off_the_one_layout(tmp_path: Path) -> None:
    """Two pages of content on a format of even pages, the back cover guessed: laid out once,
    the back cover cut off and the footers counting the two pages left."""
    from resourcepack.pdf import render_padded

    asked: list[int] = []
    make_html = padded_html()

    def counted(notes: int) -> str:
        asked.append(notes)
        return make_html(notes)

    document, notes = render_padded(counted, 2, tmp_path, (tmp_path,), "t.html", guess=1)
    assert (asked, notes) == ([1], 0)
    assert footers(document, tmp_path) == ["Page 1 of 2", "Page 2 of 2"]


@pytest.mark.parametrize(
    ("pad_class", "body_css"),
    [
        ("aside", ""),  # the last page is not a pad page: never cut
        # the content counts the pages: WeasyPrint lays the pages out again, uncut
        ("notes-page", "p::after { content: ' of ' counter(pages) }"),
    ],
)
def test_pages_are_cut_only_off_a_layout_they_leave_whole(
    tmp_path: Path, pad_class: str, body_css: str
) -> None:
    """Pages that are not pad pages, or a layout WeasyPrint repaginates, are not cut: the
    leaflet is laid out again with the pad pages it needs, and its footers count them."""
    from resourcepack.pdf import render_padded

    asked: list[int] = []
    make_html = padded_html(pad_class, body_css)

    def counted(notes: int) -> str:
        asked.append(notes)
        return make_html(notes)

    document, notes = render_padded(counted, 2, tmp_path, (tmp_path,), "t.html", guess=1)
    assert (asked[0], asked[-1], notes) == (1, 0, 0)
    assert footers(document, tmp_path) == ["Page 1 of 2", "Page 2 of 2"]


@pytest.mark.parametrize(
    "name",
    [
        PARENTS_A4,
        PARENTS_A5,
        CARERS_A4,
        "carers-training-day/coventry.internet-offending.carers.en.a5-booklet.pdf",
    ],
)
def test_a_familys_cover_leads_with_its_benefit_and_every_number_to_call(
    built: Path, name: str
) -> None:
    """Page 1: the benefit as the headline, then 999 and the front door; on the A4 the NSPCC
    Helpline and Childline too (a parent should not have to turn to page 4 for them), on the
    booklet its outside back cover, which always lists them (the cover holds the urgent two in
    any language)."""
    reader = PdfReader(built / name)
    first = " ".join((reader.pages[0].extract_text() or "").split())
    assert first.index("Keeping ") < first.index("Internet offending") < first.index("999")
    helplines = first if ".a4." in name else " ".join((reader.pages[-1].extract_text()).split())
    for number in ("999", "024 7678 8555"):
        assert number in first, name
    for number in ("0808 800 5000", "0800 1111"):
        assert number in helplines, name
    assert ("NSPCC Helpline: Advice for adults worried about a child." in first) == (".a4." in name)


def back_page(path: Path) -> tuple[str, set[str], list[tuple[float, float, int]]]:
    """A leaflet's last page: its words, those at 24 pt or more, and each QR code's label (its
    first word's left and top, and the count of the code's drawn modules above it)."""
    with pdfplumber.open(path) as pdf:
        last = pdf.pages[-1]
        words = last.extract_words(extra_attrs=["size"])
        firsts = [w for w in words if w["text"] in ("CEOP", "Report") or w["text"] == "NSPCC"]
        labels = [
            (w["x0"], w["top"], sum(1 for ln in last.lines if _above(ln, w)))
            for w in firsts
            if w is max((v for v in firsts if v["text"] == w["text"]), key=lambda v: v["top"])
        ]
    return " ".join(w["text"] for w in words), {w["text"] for w in words if w["size"] >= 24}, labels


def _above(line: dict[str, float], word: dict[str, float]) -> bool:
    """A drawn line within the 25 mm square above a word, starting at its left."""
    return (
        word["top"] - 75 < line["top"] < word["top"]
        and word["x0"] - 2 < line["x0"] < word["x0"] + 73
    )


NUMBERS = {"999", "7678", "8555", "2222", "101", "0808", "800", "5000", "0800", "1111", "1000"}


@pytest.mark.parametrize(
    "name", [PARENTS_A5, "carers-training-day/coventry.internet-offending.carers.en.a5-booklet.pdf"]
)
def test_a_booklets_outside_back_cover_is_who_to_contact_whatever_its_length(
    built: Path, name: str
) -> None:
    """The parents' booklet has 13 pages of content and 2 notes pages before it, the carers'
    15 and none: either way its last page lists every number to call at 24 pt or more
    (Stop It Now's too), then the three QR codes in a row, each labelled."""
    text, big, labels = back_page(built / name)
    assert "Who to contact" in text
    assert NUMBERS | {"900"} <= big
    for word in ("Stop It Now helpline", "Childline", "Emergency services", "Safety Centre"):
        assert all(w in text.split() for w in word.split()), word
    assert len(labels) == 3 and len({round(top) for _, top, _ in labels}) == 1  # in one row
    assert sorted(labels) == labels and all(modules > 20 for *_, modules in labels)


def test_an_a4s_spare_back_page_is_who_to_contact_not_notes(built: Path) -> None:
    """The parents' A4 has 7 pages of content: its 8th, the back, lists the numbers."""
    text, big, labels = back_page(built / PARENTS_A4)
    assert text.startswith("Who to contact 999") and "Notes" not in text
    assert big >= NUMBERS and len(labels) == 3


def test_a_back_cover_that_runs_over_a_page_is_an_error(
    project: Path, cli: Cli, edit: Edit, tmp_path: Path
) -> None:
    """Numbers spaced too far apart for the A5's back cover: the build names the macro that
    writes it, and writes no leaflet."""
    edit(
        "templates/styles/a5-booklet.css",
        ".back-cover .number { padding: 0.6mm 0 0.8mm; }",
        ".back-cover .number { padding: 10mm 0; }",
    )
    result = cli(project, *leaflet_args("parents", "a5-booklet"), "-o", str(tmp_path))
    line = line_of(project, "templates/macros.html.j2", "{% macro back_cover")
    assert result.code == 1
    assert f"templates/macros.html.j2:{line}:1: error: the back cover of" in result.err
    assert "runs over one page" in result.err and not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("audience", ["parents", "carers"])
def test_a_families_dl_prints_every_number_large(built: Path, audience: str) -> None:
    """The flap gives the local numbers, the back panel the helplines, each at 24 pt or more;
    the back panel's QR codes are in one row, labelled."""
    pack = "parents-evening" if audience == "parents" else "carers-training-day"
    path = built / pack / f"coventry.internet-offending.{audience}.en.dl-trifold.pdf"
    text, big, labels = back_page(path)
    with pdfplumber.open(path) as pdf:
        flap = pdf.pages[1].extract_words(extra_attrs=["size"])
    big |= {w["text"] for w in flap if w["size"] >= 24}
    assert big >= NUMBERS | {"900"} and text.startswith("Who to contact 0808 800 5000")
    assert len(labels) == 3 and len({round(top) for _, top, _ in labels}) == 1


def test_a_back_page_lists_no_line_that_is_not_for_calls_about_a_child(built: Path) -> None:
    """The partnership team's number is in the professionals' contacts table with its caveat
    (it takes no calls about a child); the back page, numbers without words, leaves it out."""
    text, _, _ = back_page(built / PROS_A4)
    assert "Who to contact" in text and "5477" not in text and "1730" in text
    assert "024 7697 5477" in text_of(built / PROS_A4)
