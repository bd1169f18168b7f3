"""compose: one audience's blocks, contacts, resources and citations of a tiny topic."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from resourcepack.compose import ResourceView, in_format, resource_title, visible_blocks
from resourcepack.content import topic_hash

from .project import (
    BASE,
    CHECKED,
    FORMATS,
    LANGUAGES,
    NORTH,
    TOPIC,
    at,
    composed,
    dedent,
    loaded,
    make_project,
    shown,
)

PL = "content/translations/tiny.pl.yaml"


def test_a_parents_leaflet_of_the_tiny_topic(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    leaflet = composed(root)
    assert (leaflet.title, leaflet.subtitle, leaflet.audience_name) == (
        "Tiny topic",
        None,
        "Parents",
    )
    assert [(s.id, s.heading) for s in leaflet.sections] == [("first", "What it is")]
    assert [b.text for b in leaflet.sections[0].blocks] == ["Call 020 7946 0201 in Northton."]
    assert [(c.name, c.phone) for c in leaflet.contacts] == [
        ("Emergency services", "999"),
        ("Front door", "020 7946 0201"),
    ]
    assert [(r.name, r.phone) for r in leaflet.resources] == [("Helpline", "0808 800 5000")]
    assert leaflet.citations == ()
    assert leaflet.draft == ()
    assert leaflet.filename == "north.tiny.parents.en.a4.pdf"
    assert (leaflet.body_pt, leaflet.template, leaflet.fonts) == (
        14,
        "parents",
        ("Atkinson Hyperlegible",),
    )
    assert leaflet.logo == root / "content/partnerships/north-logo.svg"


def test_professionals_see_their_block_and_its_numbered_citation(tmp_path: Path) -> None:
    leaflet = composed(make_project(tmp_path), audience="professionals")
    blocks = leaflet.sections[0].blocks
    assert [(b.text, b.cites) for b in blocks][1] == ("The law says so.", (1,))
    assert [(c.number, c.title) for c in leaflet.citations] == [(1, "A report")]
    assert leaflet.numbered_citations
    assert "source tiny/report" in leaflet.facts


def test_an_unverified_contact_makes_the_leaflet_a_draft(tmp_path: Path) -> None:
    north = BASE[NORTH].replace(f"verified: {CHECKED}", "verified: false")
    leaflet = composed(make_project(tmp_path, {NORTH: north}))
    assert leaflet.draft == ("contact 'front-door' (020 7946 0201) is unverified",)
    assert [c.verified for c in leaflet.contacts] == [True, False]


def test_a_format_listing_fewer_roles_leaves_the_others_out(tmp_path: Path) -> None:
    formats = BASE[FORMATS].replace("    pad_to: 2\n", "    pad_to: 2\n    contacts: [emergency]\n")
    leaflet = composed(make_project(tmp_path, {FORMATS: formats}))
    assert [c.name for c in leaflet.contacts] == ["Emergency services"]


def test_ends_at_points_at_the_last_sections_heading(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    path, line, col = composed(root).ends_at
    assert f"{Path(path).relative_to(root).as_posix()}:{line}:{col}" == at(
        root, TOPIC, "What it is"
    )


def test_blocks_by_format_and_audience(tmp_path: Path) -> None:
    topic = BASE[TOPIC].replace(
        "      - id: law\n", "      - id: law\n        formats: {professionals: [a5]}\n"
    )
    formats = BASE[FORMATS] + BASE[FORMATS].split("formats:\n", 1)[1].replace("id: a4", "id: a5")
    catalog = loaded(make_project(tmp_path, {TOPIC: topic, FORMATS: formats}))
    tiny = catalog.topics["tiny"]
    ids = [[b.id for b in blocks] for _, _, blocks in visible_blocks(tiny, "professionals", "a4")]
    assert ids == [["intro"]]
    ids = [[b.id for b in blocks] for _, _, blocks in visible_blocks(tiny, "professionals", "a5")]
    assert ids == [["intro", "law"]]
    assert in_format({"default": ["a4"]}, "a4", "parents")
    assert not in_format({"default": ["a4"], "parents": ["a5"]}, "a4", "parents")


def test_a_resource_title_reads_each_name_once() -> None:
    assert resource_title("NSPCC Helpline", "NSPCC") == "NSPCC Helpline"
    assert resource_title("CEOP Safety Centre", "National Crime Agency (CEOP)") == (
        "CEOP Safety Centre, National Crime Agency"
    )
    assert resource_title("Report Remove", "Childline, IWF") == "Report Remove (Childline, IWF)"


def test_a_resource_whose_description_names_its_organisation_is_titled_by_its_name() -> None:
    """ "UK Safer Internet Centre (Childnet, SWGfL and the Internet Watch Foundation)" read the
    partners twice, as its description names them too."""
    centre = ResourceView(
        "UK Safer Internet Centre",
        "Childnet, SWGfL and the Internet Watch Foundation",
        "Online safety advice from a partnership of Childnet, SWGfL and the Internet Watch "
        "Foundation.",
        "https://saferinternet.org.uk",
        None,
        None,
        None,
    )
    assert centre.title == "UK Safer Internet Centre"
    other = dataclasses.replace(centre, description="Online safety advice.")
    assert (
        other.title
        == "UK Safer Internet Centre (Childnet, SWGfL and the Internet Watch Foundation)"
    )


def polish(source_hash: str) -> dict[str, str]:
    """Polish, and a draft Polish overlay of the tiny topic for parents made from source_hash."""
    return {
        LANGUAGES: BASE[LANGUAGES]
        + "  - {id: pl, name: Polski, locale: pl_PL, fonts: [Atkinson Hyperlegible]}\n",
        PL: dedent(
            f"""
            topic: tiny
            language: pl
            audiences: [parents]
            status: draft
            translated_by: tester
            source_hash: {source_hash}
            title: Mały temat
            sections:
              first: {{heading: Co to jest}}
            blocks:
              intro: {{text: "Zadzwoń {{contact:front-door}} w {{place}}."}}
            contacts:
              emergency: {{name: Służby ratunkowe, description: Dziecko w niebezpieczeństwie.}}
            resources:
              helpline: {{description: Porady dla dorosłych.}}
            """
        ),
    }


def test_a_translated_leaflet_takes_its_words_from_the_overlay(tmp_path: Path) -> None:
    english = topic_hash(loaded(make_project(tmp_path / "en")).topics["tiny"], ["parents"])
    root = make_project(tmp_path, polish(english))
    assert loaded(root).warnings == ()
    leaflet = composed(root, language="pl")
    assert (leaflet.title, leaflet.locale, leaflet.filename) == (
        "Mały temat",
        "pl_PL",
        "north.tiny.parents.pl.a4.pdf",
    )
    assert [(s.heading, [b.text for b in s.blocks]) for s in leaflet.sections] == [
        ("Co to jest", ["Zadzwoń 020 7946 0201 w Northton."])
    ]
    assert [r.description for r in leaflet.resources] == ["Porady dla dorosłych."]
    assert leaflet.draft == (
        "translation into 'pl' is a draft",
        "no 'pl' translation of partnership 'north' (content/partnerships/north.pl.yaml); "
        "English used",
    )


def test_a_translation_older_than_the_english_warns_at_its_hash(tmp_path: Path) -> None:
    root = make_project(tmp_path, polish("0123456789abcdef"))
    (warning,) = loaded(root).warnings
    assert shown(warning, root).startswith(
        f"{at(root, PL, '0123456789abcdef')}: warning: translation is stale: made from English "
        "0123456789abcdef, the English is now "
    )
    assert "translation into 'pl' is older than the English" in composed(root, language="pl").draft


def test_leaflets_that_say_the_same_share_one_copy(tmp_path: Path) -> None:
    """A national build keeps every leaflet it plans, the same guidance for each partnership:
    equal views and origins are one object, composed from separate loads of the content."""
    root = make_project(tmp_path)
    first, again = composed(root), composed(root)
    assert first == again
    assert first.sections[0] is again.sections[0]
    assert first.contacts[1] is again.contacts[1]
    assert first.resources[0] is again.resources[0]
    assert all(a is b for a, b in zip(first.origins, again.origins, strict=True))
    professionals = composed(root, audience="professionals")
    assert professionals.sections[0] != first.sections[0]
    assert professionals.sections[0].blocks[0] is first.sections[0].blocks[0]
