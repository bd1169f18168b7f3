"""packs: each leaflet of a pack checked against the content, located in the pack file."""

from __future__ import annotations

from pathlib import Path

from .project import AUDIENCES, BASE, PACK, at, errors_of, make_project, packs_of

LEAFLETS = "leaflets:\n  - {topic: tiny, audience: parents, format: a4, copies: 10}\n"


def pack_with(leaflets: str, extra: str = "") -> dict[str, str]:
    """The tiny pack with these leaflet lines (and extra lines at its end)."""
    return {PACK: BASE[PACK].replace(LEAFLETS, "leaflets:\n" + leaflets) + extra}


def test_the_tiny_pack_loads(tmp_path: Path) -> None:
    pack = packs_of(make_project(tmp_path))["evening"]
    assert [s.key for s in pack.leaflets] == [("tiny", "parents", "standard", "en", "a4")]


def test_unknown_names_are_errors_at_each(tmp_path: Path) -> None:
    files = pack_with("  - {topic: tiy, audience: parnts, format: a5, language: fr, copies: 0}\n")
    root = make_project(tmp_path, files)
    assert errors_of(root) == [
        f"{at(root, PACK, 'tiy')}: error: topic: unknown topic 'tiy' (did you mean 'tiny'?)",
        f"{at(root, PACK, 'parnts')}: error: audience: unknown audience 'parnts' "
        "(did you mean 'parents'?)",
        f"{at(root, PACK, 'a5')}: error: format: unknown format 'a5' (known: a4)",
        f"{at(root, PACK, 'fr')}: error: language: unknown language 'fr' (known: en)",
        f"{at(root, PACK, '0}')}: error: copies: Input should be greater than or equal to 1",
    ]


def test_an_audience_the_topic_lacks_and_a_leaflet_listed_twice(tmp_path: Path) -> None:
    audiences = BASE[AUDIENCES] + (
        "  - id: teens\n    name: Teens\n    description: Young people\n    body_pt: 14\n"
    )
    two = "  - {topic: tiny, audience: teens, format: a4, copies: 1}\n"
    root = make_project(tmp_path, {AUDIENCES: audiences, **pack_with(two + two)})
    assert errors_of(root) == [
        f"{at(root, PACK, 'teens')}: error: topic 'tiny' has no 'teens' leaflet "
        "(it has: parents, professionals)",
        f"{at(root, PACK, '{topic', 1)}: error: this leaflet is listed twice; add the copies "
        "together",
        f"{at(root, PACK, 'teens', 1)}: error: topic 'tiny' has no 'teens' leaflet "
        "(it has: parents, professionals)",
    ]


def test_delivery_after_the_event_and_an_id_not_the_file_name(tmp_path: Path) -> None:
    text = BASE[PACK].replace("id: evening", "id: night") + "deliver_by: 2027-01-22\n"
    root = make_project(tmp_path, {PACK: text})
    assert errors_of(root) == [
        f"{PACK}:1:1: error: value: deliver_by must not come after the event's date",
    ]
    root = make_project(tmp_path / "2", {PACK: text.replace("2027-01-22", "2027-01-20")})
    assert errors_of(root) == [
        f"{at(root, PACK, 'night')}: error: 'night' must match the file name 'evening'"
    ]


def test_a_pack_naming_a_poster_needs_poster_text(tmp_path: Path) -> None:
    poster = BASE["templates/formats.yaml"] + (
        "  - id: a3-poster\n    name: Poster\n    template: poster\n"
        "    stylesheet: styles/a4.css\n    width_mm: 297\n    height_mm: 420\n"
        "    production: {imposition: sheets, finished: A3, paper: silk, sides: 1, fold: none,"
        " binding: none}\n"
    )
    files = {"templates/formats.yaml": poster}
    files |= pack_with("  - {topic: tiny, audience: parents, format: a3-poster, copies: 1}\n")
    root = make_project(tmp_path, files)
    assert errors_of(root) == [
        f"{at(root, PACK, 'a3-poster')}: error: topic 'tiny' has no poster text; add 'poster:' "
        "to it"
    ]


def test_packs_are_checked_for_structure_when_the_content_fails(tmp_path: Path) -> None:
    root = make_project(
        tmp_path, {AUDIENCES: "audiences: parents\n", PACK: BASE[PACK] + "colour: red\n"}
    )
    assert errors_of(root) == [
        f"{AUDIENCES}:1:1: error: expected one key 'audiences:' holding a list",
        f"{at(root, PACK, 'colour')}: error: unknown field 'colour' (fields: deliver_by, event, "
        "id, leaflets, name, order, partnership)",
    ]
