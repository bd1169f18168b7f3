"""Content validation: every problem, with file:line:col, gathered before failing once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import line_of
from resourcepack.catalog import load_catalog
from resourcepack.errors import ContentError
from resourcepack.project import load_project

Edit = Callable[[str, str, str], None]
PART = "content/partnerships/coventry.yaml"
PACK = "packs/parents-evening.yaml"


def errors(root: Path, **kwargs: object) -> list[str]:
    """Load the project, which must fail; return its messages."""
    with pytest.raises(ContentError) as info:
        load_project(root, **kwargs)  # type: ignore[arg-type]
    return [p.shown(root) for p in info.value.problems]


def test_bundled_content_loads(project: Path) -> None:
    catalog = load_catalog(project, today=dt.date(2026, 11, 27))
    assert set(catalog.audiences) == {"parents", "carers", "professionals"}
    assert set(catalog.formats) == {"a4", "a5-booklet", "dl-trifold", "a3-poster"}
    assert "internet-offending" in catalog.topics
    mash = next(c for c in catalog.partnerships["coventry"].contacts if c.role == "front-door")
    assert mash.phone == "024 7678 8555"
    unverified = [w.message for w in catalog.warnings]
    assert unverified == [
        "contact 'partnership-team' (024 7697 5477) is unverified",
        "contact 'lado' (024 7683 1730) is unverified",
        "partnership 'example' is an example (fictional details): not for distribution",
        "source 'working-together-2023-sharing' is unverified",
        "source 'info-sharing-2024' is unverified",
    ]


def test_misspelt_field_suggests_the_right_one(project: Path, edit: Edit) -> None:
    edit(PART, "short_name: CSCP", "short_nam: CSCP")
    assert errors(project) == [
        f"{PART}:11:1: error: missing field 'short_name'",
        f"{PART}:13:1: error: unknown field 'short_nam' (did you mean 'short_name'?)",
    ]


def test_invalid_phone_number(project: Path, edit: Edit) -> None:
    edit(PART, "phone: 024 7678 8555", "phone: 024 7678 855")
    assert errors(project) == [
        f"{PART}:26:12: error: phone: '024 7678 855' is not a valid UK phone number; "
        "check every digit"
    ]


def test_unknown_audience_with_suggestion(project: Path, edit: Edit) -> None:
    edit(PART, "audiences: [professionals]", "audiences: [profesionals]")
    assert errors(project) == [
        f"{PART}:47:17: error: audiences: unknown audience 'profesionals' "
        "(did you mean 'professionals'?)"
    ]


def test_bad_date_and_wrong_type(project: Path, edit: Edit) -> None:
    edit(PART, "last_reviewed: 2026-11-20", "last_reviewed: 2026-02-30")
    edit(PART, "verified: false", "verified: [no]")
    assert errors(project) == [
        f"{PART}:15:52: error: last_reviewed: '2026-02-30' is not a real date",
        f"{PART}:48:15: error: verified: Input should be a valid dictionary or instance of "
        "Verification",
    ]


def test_errors_from_several_files_are_all_reported(project: Path, edit: Edit) -> None:
    edit(PART, 'primary: "#1d3f6e"', 'primary: "navy"')
    edit("content/resources.yaml", "https://www.childline.org.uk", "http://www.childline.org.uk")
    msgs = errors(project)
    assert len(msgs) == 2
    assert msgs[0] == f"{PART}:17:12: error: primary: 'navy' is not a colour like '#1d3f6e'"
    assert msgs[1].startswith("content/resources.yaml:")
    assert msgs[1].endswith(
        "error: url: 'http://www.childline.org.uk' is not a well-formed https:// URL"
    )


def test_unknown_topic_and_format_in_pack(project: Path, edit: Edit) -> None:
    edit(PACK, "format: a5-booklet", "format: a5")
    edit(PACK, "topic: internet-offending", "topic: internet-ofending")
    assert errors(project) == [
        f"{PACK}:10:12: error: topic: unknown topic 'internet-ofending' "
        "(did you mean 'internet-offending'?)",
        f"{PACK}:17:13: error: format: unknown format 'a5' "
        "(known: a3-poster, a4, a5-booklet, dl-trifold)",
    ]


def test_pack_id_must_match_file_name(project: Path, edit: Edit) -> None:
    edit(PACK, "id: parents-evening", "id: parents-evening-2")
    assert errors(project) == [
        f"{PACK}:1:5: error: 'parents-evening-2' must match the file name 'parents-evening'"
    ]


def test_audience_the_topic_does_not_have(project: Path, edit: Edit) -> None:
    edit(
        "content/audiences.yaml",
        "  - id: carers",
        "  - id: teens\n    name: Teenagers\n"
        "    description: Young people\n    body_pt: 14\n  - id: carers",
    )
    edit(PACK, "audience: parents", "audience: teens")
    assert errors(project) == [
        f"{PACK}:11:15: error: topic 'internet-offending' has no 'teens' leaflet "
        "(it has: parents, carers, professionals)"
    ]


def test_unknown_citation(project: Path, edit: Edit) -> None:
    topic = "content/topics/internet-offending.yaml"
    text = (project / topic).read_text()
    line = text[: text.index("cite: [iwf-2021]")].count("\n") + 1
    edit(topic, "cite: [iwf-2021]", "cite: [iwf-2012]")
    assert errors(project) == [
        f"{topic}:{line}:16: error: unknown source 'iwf-2012' (did you mean 'iwf-2021'?)"
    ]


def test_review_past_due_warns_then_fails_with_strict(project: Path) -> None:
    later = dt.date(2027, 6, 1)
    catalog = load_catalog(project, today=later)
    due = [w.shown(project) for w in catalog.warnings if "review was due" in w.message]
    assert due[1:] == [
        f"{PART}:15:77: warning: review was due on 2027-05-20; review the content and "
        "update next_review",
        "content/partnerships/example.yaml:11:77: warning: review was due on 2027-05-20; "
        "review the content and update next_review",
        "content/topics/internet-offending.yaml:17:77: warning: review was due on 2027-05-20; "
        "review the content and update next_review",
    ]
    msgs = errors(project, strict=True, today=later)
    assert (
        f"{PART}:15:77: error: review was due on 2027-05-20; review the content and "
        "update next_review (--strict)" in msgs
    )


def test_unverified_resource_is_warned(project: Path, edit: Edit) -> None:
    path = "content/resources.yaml"
    text = (project / path).read_text()
    checked = 'verified: {on: 2026-11-20, by: "CSCP comms team (domain-facts sheet)"}'
    line = text[: text.index(checked)].count("\n") + 1
    edit(path, checked, "verified: false")
    catalog = load_catalog(project, today=dt.date(2026, 11, 27))
    assert f"{path}:{line}:15: warning: resource 'ceop-safety-centre' is unverified" in [
        w.shown(project) for w in catalog.warnings
    ]


TOPIC = "content/topics/internet-offending.yaml"


def test_poster_needs_text_for_every_audience(project: Path, edit: Edit) -> None:
    line = line_of(project, TOPIC, "  headline:") + 1  # at its first audience
    edit(TOPIC, "    professionals: Worried about a child online? Refer without delay\n", "")
    assert errors(project) == [
        f"{TOPIC}:{line}:5: error: no poster text for audience 'professionals'; add "
        "'professionals' or 'default'"
    ]


def test_poster_needs_a_qr_link_without_an_online_version(project: Path, edit: Edit) -> None:
    line = line_of(project, TOPIC, "\nposter:") + 1
    edit(TOPIC, "  qr: ceop-safety-centre\n", "")
    assert errors(project) == [
        f"{TOPIC}:{line}:1: error: a poster needs 'qr' (a resource id) when the topic has no "
        "online_url"
    ]


def test_formats_are_checked_by_name_and_by_audience(project: Path, edit: Edit) -> None:
    edit(
        TOPIC,
        "- {id: ceop-education, formats: [a4, a5-booklet]}",
        "- {id: ceop-education, formats: [a4, a5-bokklet]}",
    )
    edit(
        TOPIC,
        "  - id: talking\n    formats: [a4, a5-booklet]\n",
        "  - id: talking\n    formats: {default: [a4, a5-booklet], parnts: [a4]}\n",
    )
    msgs = [m for m in errors(project) if m.startswith(TOPIC)]
    assert len(msgs) == 2
    assert "formats: unknown format 'a5-bokklet' (did you mean 'a5-booklet'?)" in msgs[0]
    assert "formats: unknown audience 'parnts' (did you mean 'parents'?)" in msgs[1]


def test_a_poster_in_a_pack_needs_poster_text(project: Path) -> None:
    path = project / TOPIC
    text = path.read_text(encoding="utf-8")
    start, end = text.index("\nposter:\n"), text.index("\n# Resources:")
    path.write_text(text[:start] + "\n" + text[end:], encoding="utf-8")
    msgs = errors(project)
    assert len(msgs) == 3  # one for each pack with a poster
    assert msgs[1].startswith("packs/parents-evening.yaml:")
    assert msgs[1].endswith(
        "error: topic 'internet-offending' has no poster text; add 'poster:' to it"
    )


def test_delivery_must_come_before_the_event(project: Path, edit: Edit) -> None:
    edit(PACK, "deliver_by: 2027-01-14", "deliver_by: 2027-01-22")
    (message,) = errors(project)
    assert message.startswith(f"{PACK}:1:1: error: ")
    assert message.endswith("deliver_by must not come after the event's date")


def test_numbers_print_as_their_owners_publish_them(project: Path, edit: Edit) -> None:
    catalog = load_catalog(project, today=dt.date(2026, 11, 27))
    # Stop It Now publishes 0808 1000 900; phonenumbers alone would regroup it 0808 100 0900.
    assert catalog.resources["stop-it-now"].phone == "0808 1000 900"
    edit("content/resources.yaml", "phone: 0808 1000 900", "phone: 08081000900")
    regrouped = load_catalog(project, today=dt.date(2026, 11, 27))
    assert regrouped.resources["stop-it-now"].phone == "0808 100 0900"  # no grouping given
