"""content: the models' own rules (phone numbers, dates, ids, texts) and the topic hash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from resourcepack.content import (
    MAX_TEXT,
    Contact,
    Review,
    model_at,
    phone_problem,
    topic_hash,
    unknown_message,
)

from .project import BASE, TOPIC, loaded, make_project

CHECKED = {"on": "2026-11-20", "by": "tester"}


def contact(phone: str, **more: object) -> Contact:
    """A contact with this phone number."""
    data = {"role": "front-door", "name": "F", "phone": phone, "description": "D"}
    return Contact.model_validate({**data, "verified": CHECKED, **more})


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("0808 1000 900", "0808 1000 900"),  # the owner's grouping is kept
        ("08081000900", "0808 100 0900"),  # no grouping given: the national one
        ("+44 20 7946 0201", "020 7946 0201"),
        ("999", "999"),
        ("+33 1 42 68 53 00", "+33 1 42 68 53 00"),  # abroad: printed as dialled from the UK
        ("TODO", "TODO"),
    ],
)
def test_phone_numbers_print_as_published(written: str, printed: str) -> None:
    assert contact(written).phone == printed


def test_phone_problems() -> None:
    assert phone_problem("020 7946 0201") is None
    assert phone_problem("024 7678 855") == (
        "'024 7678 855' is not a valid UK phone number; check every digit"
    )
    assert phone_problem("call us") == "'call us' is not a phone number"


def test_a_contact_still_todo_names_its_first_blank() -> None:
    assert contact("TODO").todo == "phone"
    assert contact("999", name="TODO").todo == "name"
    assert contact("999").todo is None


def test_review_dates_are_bounded_and_ordered() -> None:
    with pytest.raises(ValidationError, match="not a date between 1990-01-01 and 2099-12-31"):
        Review(owner="x", last_reviewed="1989-12-31", next_review="2027-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="next_review must come after last_reviewed"):
        Review(owner="x", last_reviewed="2027-01-01", next_review="2027-01-01")  # type: ignore[arg-type]
    ok = Review(owner="x", last_reviewed="2026-01-01", next_review="2027-01-01")  # type: ignore[arg-type]
    assert ok.next_review == dt.date(2027, 1, 1)


def test_texts_over_the_limit_are_refused() -> None:
    with pytest.raises(ValidationError, match=f"over the {MAX_TEXT} limit"):
        contact("999", description="x" * (MAX_TEXT + 1))


def test_unknown_message_suggests_or_lists() -> None:
    assert unknown_message("audience", "parnts", {"parents", "carers"}) == (
        "unknown audience 'parnts' (did you mean 'parents'?)"
    )
    assert unknown_message("format", "zz", {"a4", "a5"}) == "unknown format 'zz' (known: a4, a5)"


def test_model_at_follows_nested_fields() -> None:
    from resourcepack.content import Brand, Partnership

    assert model_at(Partnership, ("brand", "colour")) is Brand
    assert model_at(Partnership, ("contacts", 0, "phone_number")) is Contact


def test_the_topic_hash_changes_only_with_text_its_audiences_see(tmp_path: Path) -> None:
    def tiny_hash(topic: str, audiences: list[str] | None) -> str:
        root = make_project(tmp_path / str(len(list(tmp_path.iterdir()))), {TOPIC: topic})
        return topic_hash(loaded(root).topics["tiny"], audiences)

    base = BASE[TOPIC]
    pros_only = base.replace("The law says so.", "The law says otherwise.")
    verified = base.replace("verified: {on: 2026-11-20", "verified: {on: 2026-11-21")
    assert tiny_hash(base, ["parents"]) == tiny_hash(pros_only, ["parents"])
    assert tiny_hash(base, None) != tiny_hash(pros_only, None)
    assert tiny_hash(base, None) == tiny_hash(verified, None)  # a check, not text to translate
