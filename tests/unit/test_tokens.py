"""tokens: shared text names local details; each token filled, or an error at the token."""

from __future__ import annotations

from pathlib import Path

from resourcepack.compose import token_values
from resourcepack.tokens import LEFT_OVER, fill, strings, token_names

from .project import BASE, NORTH, TOPIC, at, compose_errors, composed, loaded, make_project


def topic_text(text: str) -> str:
    """The tiny topic with its intro block's text replaced."""
    return BASE[TOPIC].replace("Call {contact:front-door} in {place}.", f"'{text}'")


def test_tokens_are_filled_from_the_partnership_and_the_national_list(tmp_path: Path) -> None:
    text = "{partnership} ({partnership-short}) in {place}: {name:front-door} {contact:emergency}"
    root = make_project(tmp_path, {TOPIC: topic_text(text + ", {url:helpline} {phone:helpline}.")})
    (section,) = composed(root).sections
    assert section.blocks[0].text == (
        "North Safeguarding Partnership (NSP) in Northton: Front door 999, "
        "https://www.helpline.org.uk 0808 800 5000."
    )


def test_an_unknown_token_is_an_error_at_the_token_with_a_suggestion(tmp_path: Path) -> None:
    root = make_project(tmp_path, {TOPIC: topic_text("Call {contact:frontdoor} now.")})
    assert compose_errors(root) == [
        f"{at(root, TOPIC, '{contact:frontdoor}')}: error: unknown token '{{contact:frontdoor}}' "
        "(did you mean '{contact:front-door}'?)"
    ]


def test_a_role_the_partnership_lacks_names_where_to_add_it(tmp_path: Path) -> None:
    root = make_project(tmp_path, {TOPIC: topic_text("Call {contact:lado} about staff.")})
    (error,) = compose_errors(root)
    assert error.startswith(f"{at(root, TOPIC, '{contact:lado}')}: error: {{contact:lado}}: ")
    assert "partnership 'north' has no 'lado' contact; add one at" in error
    assert error.endswith(f"north.yaml:{at(root, NORTH, '- role')[len(NORTH) + 1 :]}")


def test_a_todo_place_is_an_error_at_the_token(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            NORTH: BASE[NORTH].replace("place: Northton", "place: TODO"),
            TOPIC: topic_text("Help in {place}."),
        },
    )
    (error,) = compose_errors(root)
    assert error.startswith(f"{at(root, TOPIC, '{place}')}: error: {{place}}: the place of ")
    assert "partnership 'north' is still TODO at" in error


def test_every_problem_of_a_leaflet_is_reported_at_once(tmp_path: Path) -> None:
    root = make_project(tmp_path, {TOPIC: topic_text("{nope} and {plaice}.")})
    errors = compose_errors(root)
    assert [e.split(": error: ")[0] for e in errors] == [
        at(root, TOPIC, "{nope}"),
        at(root, TOPIC, "{plaice}"),
    ]
    assert "did you mean '{place}'?" in errors[1]


def test_token_names_and_left_overs() -> None:
    without_resources = token_names({})
    assert {"place", "contact:front-door", "short:lado"} <= without_resources
    assert not any(n.startswith("url:") for n in without_resources)
    assert [m[0] for m in LEFT_OVER.finditer("a { 7 * 7 } b {place} {}")] == [
        "{ 7 * 7 }",
        "{place}",
    ]


def test_fill_without_a_file_points_at_content(tmp_path: Path) -> None:
    catalog = loaded(make_project(tmp_path))
    values = token_values(catalog, catalog.partnerships["north"])
    problems: list = []
    assert fill("{place} {x}", values, None, (), problems) == "Northton {x}"
    assert [(str(p.path), p.line, p.column) for p in problems] == [("content", 1, 1)]
    assert values.used == {"place"}


def test_strings_walks_every_text_with_its_key_path() -> None:
    data = {"a": ["x", {"b": "y"}], "c": 3}
    assert list(strings(data)) == [("x", ("a", 0)), ("y", ("a", 1, "b"))]
