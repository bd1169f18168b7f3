"""guard: a leaflet prints only its own partnership's local details and national services."""

from __future__ import annotations

import re
from pathlib import Path

from resourcepack.guard import allowed_for, around, digits, guard, host, visible_text

from .project import BASE, NORTH, TOPIC, at, composed, loaded, make_project, shown

SOUTH = "content/partnerships/south.yaml"
TWO = {
    SOUTH: BASE[NORTH]
    .replace("north", "south")
    .replace("North", "South")
    .replace("NSP", "SSP")
    .replace("0201", "0301"),
    "content/partnerships/south-logo.svg": BASE["content/partnerships/north-logo.svg"],
}


def with_intro(text: str) -> dict[str, str]:
    """Both partnerships, and the tiny topic's intro block saying text."""
    return {**TWO, TOPIC: BASE[TOPIC].replace("Call {contact:front-door} in {place}.", text)}


def leaks_in(root: Path, html: str) -> list[str]:
    """The leak guard's problems for North's parents' leaflet printing html, as printed."""
    catalog = loaded(root)
    leaflet = composed(root)
    inputs = [catalog.docs["topics/tiny"], catalog.docs["partnerships/north"]]
    return [shown(p, root) for p in guard(leaflet, html, allowed_for(catalog, "north"), inputs)]


def test_another_partnerships_number_is_found_where_it_is_written(tmp_path: Path) -> None:
    """A neighbour's number in a partnership's own text (the checks keep local numbers out of
    shared guidance, so this is where one slips in) is found at the line that wrote it."""
    said = "Call if you are worried about a child in Northton."
    north = BASE[NORTH].replace(said, f"{said[:-1]}, or in Southton on 020 7946 0301.")
    root = make_project(tmp_path, {**TWO, NORTH: north})
    html = f"<p>{composed(root).contacts[-1].description}</p>"
    assert "020 7946 0301" in html
    errors = leaks_in(root, html)
    assert errors[0] == (
        f"{at(root, NORTH, '020 7946 0301')}: error: north.tiny.parents.en.a4.pdf prints phone "
        "number of partnership 'south': '020 7946 0301'; a leaflet may print only its own "
        "partnership's local details and national services"
    )


def test_another_partnerships_place_and_an_unknown_address(tmp_path: Path) -> None:
    root = make_project(tmp_path, with_intro("Near Southton, see https://evil.example.org."))
    html = "<p>Near Southton, see https://evil.example.org.</p>"
    errors = leaks_in(root, html)
    assert [e.split(": error: ")[0] for e in errors] == [
        at(root, TOPIC, "https://evil"),
        at(root, TOPIC, "Southton"),
    ]
    assert "web address that is neither partnership 'north''s nor a national service's" in errors[0]
    assert "name or place of partnership 'south': 'Southton'" in errors[1]


def test_own_and_national_details_pass(tmp_path: Path) -> None:
    root = make_project(tmp_path, TWO)
    html = (
        "<p>Call 020 7946 0201 in Northton, 999, or 0808 800 5000; "
        '<a href="https://www.helpline.org.uk/x">helpline.org.uk</a>.</p>'
        "<style>p { color: #020794 }</style>"
    )
    assert leaks_in(root, html) == []


def test_an_unknown_email_address_is_a_leak(tmp_path: Path) -> None:
    root = make_project(tmp_path, with_intro("Write to mash@north.example.org."))
    (error,) = leaks_in(root, "<p>Write to mash@north.example.org.</p>")
    assert error.startswith(f"{at(root, TOPIC, 'mash@')}: error: ")
    assert "prints e-mail address that is neither partnership 'north''s nor a national" in error


def test_a_token_left_unfilled_is_a_leak(tmp_path: Path) -> None:
    root = make_project(tmp_path, TWO)
    (error,) = leaks_in(root, "<p>Call { contact } now</p>")
    assert "prints a token left unfilled: '{ contact }'" in error


def test_helpers() -> None:
    assert digits("+44 20 7946 0201") == "02079460201"
    assert host("https://WWW.Example.org/x?y") == "example.org"
    assert host("www.example.org") == "example.org"
    text = visible_text("<style>secret</style><img alt='seen'><a href='https://x.org'>x</a>")
    assert "secret" not in text and "seen" in text and "https://x.org" in text
    m = re.search("b", "a b c")
    assert m is not None
    assert around("a b c", m, 1) == ("a b c", "b")
