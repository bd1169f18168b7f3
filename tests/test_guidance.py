"""The guidance each audience gets, in every format it gets (the content audit, issue 12):
what to do on finding an image, the carers' and professionals' routes, sources with their years."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from functools import cache

import pytest

from conftest import REPO
from resourcepack.compose import Leaflet, compose
from resourcepack.project import Project, load_project
from resourcepack.render import render_html, render_inputs

WHEN = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
FAMILIES = [
    (audience, fmt, variant)
    for audience in ("parents", "carers")
    for fmt, variant in (
        ("a4", "standard"),
        ("a5-booklet", "standard"),
        ("dl-trifold", "standard"),
        ("a4", "large-print"),
        ("a4", "easy-read"),
    )
]


@cache
def bundled() -> Project:
    """The bundled project, loaded once (read only)."""
    return load_project(REPO, today=dt.date(2026, 11, 27))


def leaflet(audience: str, fmt: str = "a4", variant: str = "standard") -> Leaflet:
    """One of Coventry's English leaflets."""
    cat = bundled().catalog
    return compose(cat, "internet-offending", audience, fmt, "coventry", "en", variant)


def text(audience: str, fmt: str = "a4", variant: str = "standard") -> str:
    """The words a reader sees: the leaflet's rendered HTML without its markup."""
    made = leaflet(audience, fmt, variant)
    page = render_html(
        render_inputs(made, bundled().catalog.formats[fmt], REPO / "templates"), WHEN
    )
    inline = re.sub(r"</?(?:span|a)\b[^>]*>", "", page)  # a word's inline tags part nothing
    words = html_lib.unescape(re.sub(r"<[^>]+>", " ", inline))
    return re.sub(r"\s+", " ", words)


@pytest.mark.parametrize(("audience", "fmt", "variant"), FAMILIES)
def test_families_are_told_what_to_do_with_an_image_in_every_format(
    audience: str, fmt: str, variant: str
) -> None:
    words = text(audience, fmt, variant)
    if variant == "easy-read":
        assert "If you find a naked or sexual picture of a child" in words
        assert "Do not copy it, save it or send it to anyone. Not even to the school" in words
        assert "Do not delete it, or the messages with it." in words
    else:
        assert "If you find a nude or sexual image of a child" in words
        assert "Do not screenshot, copy, save, print or forward it, not even to the school" in words
        assert "Do not delete it, or the messages with it." in words
        assert "Report it: to CEOP, or to the police on 101." in words
    assert "as evidence" not in words  # "keep the messages as evidence" invited a screenshot


@pytest.mark.parametrize(("audience", "fmt", "variant"), FAMILIES)
def test_families_get_what_to_do_now_in_every_format(audience: str, fmt: str, variant: str) -> None:
    words = text(audience, fmt, variant)
    assert "What to do now" in words
    assert "999" in words and "024 7678 8555" in words and "101" in words


def test_the_parents_dl_covers_shared_images_signs_and_blackmail() -> None:
    words = text("parents", "dl-trifold")
    assert "Even if the child took it themselves" in words
    assert "If your child has shared an image, stay calm." in words
    assert "This is called sextortion. Do not pay." in words
    assert "Signs to notice" in words


def test_the_carers_dl_keeps_the_signs_and_childrens_histories() -> None:
    words = text("carers", "dl-trifold")
    assert "Signs to notice" in words
    assert "Children in care may have been abused before. This makes them more at risk." in words


def test_carers_get_a_route_for_each_kind_of_carer_and_the_lado() -> None:
    made = leaflet("carers")
    kinds = next(s for s in made.sections if s.id == "carers-kinds")
    (block,) = kinds.blocks
    assert [i.term for i in block.items] == [
        "Foster carers",
        "Kinship carers",
        "Adoptive parents and special guardians",
    ]
    words = text("carers")
    assert "This is called delegated authority." in words
    assert "Turn off location sharing" in words
    assert "In Coventry, call the LADO on 024 7683 1730." in words
    assert made.draft == ("contact 'lado' (024 7683 1730) is unverified",)


def test_professionals_tell_referral_from_reporting_and_get_lado_and_ukcis() -> None:
    words = text("professionals")
    assert "Refer the child, to protect them:" in words
    assert "Report the crime, so that it can be investigated:" in words
    assert "A report to CEOP or the police is not a referral to children's social care." in words
    assert "Never view, copy, print, share, store or save the imagery" in words
    assert "in Coventry, call 024 7683 1730" in words
    assert "Do not tell the suspect, or ask the family's consent, first" in words
    ids = [s.id for s in leaflet("professionals").sections]
    assert {"pro-nudes", "pro-household", "pro-lado", "pro-recording"} <= set(ids)


@pytest.mark.parametrize("audience", ["parents", "carers", "professionals"])
def test_sources_name_their_year_once_and_claims_without_one_are_gone(audience: str) -> None:
    words = text(audience)
    assert not re.search(r"\((\d{4})\) \(\1\)|\d{4}\) \(\d{4}\)", words)
    assert "growing form" not in words and "Research has" not in words
    for c in leaflet(audience).citations:
        assert 1978 <= c.year <= 2026
    if audience != "carers":
        assert "Internet Watch Foundation, UK sextortion cases in 2023, quoted in the" in words


def test_numbers_print_as_their_owners_publish_them() -> None:
    words = text("parents")
    assert "0808 1000 900" in words and "0808 100 0900" not in words
    assert "Give this number to your child." in words  # Childline, written for parents
    assert "children you look after or work with" not in words


@pytest.mark.parametrize(("audience", "fmt", "variant"), FAMILIES)
def test_families_cite_no_law_but_name_the_guidance_their_advice_rests_on(
    audience: str, fmt: str, variant: str
) -> None:
    made = leaflet(audience, fmt, variant)
    for c in made.citations:  # Acts and sentencing categories are for professionals
        assert " Act " not in f" {c.title} " and c.publisher != "Sentencing Council"
    if audience == "carers" and fmt in ("a4", "a5-booklet") and variant == "standard":
        allegations = next(s for s in made.sections if s.id == "carers-allegations")
        (number,) = allegations.blocks[0].cites
        cited = made.citations[number - 1]
        assert cited.title == "Working Together to Safeguard Children 2023"
        words = text(audience, fmt)
        assert "Department for Education, Working Together to Safeguard Children 2023" in words


@pytest.mark.parametrize("audience", ["parents", "carers"])
def test_the_families_poster_says_what_to_do_with_an_image(audience: str) -> None:
    words = text(audience, "a3-poster")
    assert "Report grooming, or a sexual image of a child, to CEOP or the police on 101." in words
    assert "Do not share, save or delete the image." in words
