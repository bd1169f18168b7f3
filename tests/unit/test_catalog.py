"""catalog (and packs): the bad-input corpus through the loader, on the tiny project.

Each case breaks one file of the tiny project and gives every error the loader must report, at
the place in that file; `(file, text, message)` stands for the error at the first occurrence of
text in file. Through the whole command line, tests/bad_inputs/cases.py keeps a few of each kind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .project import (
    AUDIENCES,
    BASE,
    CHECKED,
    FORMATS,
    LANGUAGES,
    NATIONAL,
    NORTH,
    PACK,
    RESOURCES,
    TOPIC,
    at,
    dedent,
    errors_of,
    loaded,
    make_project,
)

Files = dict[str, str | bytes | None]
Expect = str | tuple[str, str, str] | tuple[str, str, str, int]
LOGO = "content/partnerships/north-logo.svg"
STYLESHEET = "templates/styles/a4.css"


def edit(rel: str, *changes: tuple[str, str]) -> Files:
    """The tiny project's file with each (old, new) replaced once (old must be there)."""
    text = BASE[rel]
    for old, new in changes:
        assert old in text, f"{old!r} not in {rel}"
        text = text.replace(old, new, 1)
    return {rel: text}


def link_out(rel: str, data: str, hard: bool = False) -> Callable[[Path], None]:
    """Make a project file a symbolic (or hard) link to a file holding data outside it."""

    def change(root: Path) -> None:
        outside = root.parent / f"outside-{Path(rel).name}"
        outside.write_text(data, encoding="utf-8")
        (root / rel).unlink(missing_ok=True)
        os.link(outside, root / rel) if hard else (root / rel).symlink_to(outside)

    return change


@dataclass(frozen=True)
class Bad:
    """One broken input of the tiny project and the errors the loader must report."""

    name: str
    files: Files
    expect: tuple[Expect, ...]
    change: Callable[[Path], None] | None = field(default=None)


def laughs(levels: int) -> str:
    """The billion laughs: each anchor holds two aliases of the one before."""
    lines = ["a0: &a0 [lol, lol]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


COPIES = "copies: 10"
REVIEW_NEXT = "next_review: 2027-05-20"
FRONT_DOOR = "phone: 020 7946 0201"
URL = "url: https://www.helpline.org.uk"

SYNTAX = [
    Bad(
        "yaml-unclosed-flow-list",
        edit(PACK, ("partnership: north", "partnership: [north")),
        ((PACK, ":\n  - {topic", "YAML syntax: expected ',' or ']', but got ':'"),),
    ),
    Bad(
        "yaml-bad-indentation",
        {PACK: "id: evening\n name: Evening pack\n"},
        (f"{PACK}:2:6: error: YAML syntax: mapping values are not allowed here",),
    ),
    Bad(
        "yaml-tab-indentation",
        {PACK: "id: evening\nevent:\n\tname: x\n"},
        (f"{PACK}:3:1: error: YAML syntax: …",),
    ),
    Bad(
        "yaml-unterminated-quote",
        {PACK: 'id: evening\nname: "Evening\n'},
        (f"{PACK}:3:1: error: YAML syntax: found unexpected end of stream",),
    ),
    Bad(
        "yaml-bom-keeps-line-numbers",
        {AUDIENCES: "\ufeffaudiences:\n  - id: parents\n    id: parents\n"},
        (f"{AUDIENCES}:3:5: error: duplicate key 'id' (first on line 2); keep one",),
    ),
    Bad(
        "yaml-crlf-keeps-line-numbers",
        {
            AUDIENCES: "audiences:\r\n  - id: parents\r\n    name: Parents\r\n"
            "    description: P\r\n    body_pt: 8\r\n"
        },
        (f"{AUDIENCES}:5:14: error: body_pt: Input should be greater than or equal to 12",),
    ),
    Bad("yaml-empty-file", {AUDIENCES: ""}, (f"{AUDIENCES}:1:1: error: file is empty; see …",)),
    Bad(
        "yaml-only-comments",
        {PACK: "# nothing here yet\n"},
        (f"{PACK}:1:1: error: file is empty; see docs/content-format.md",),
    ),
    Bad(
        "yaml-binary-file",
        {TOPIC: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        (f"{TOPIC}:1:1: error: binary file, not YAML text",),
    ),
    Bad(
        "yaml-not-utf8",
        {PACK: "id: evening\nname: Caf\xe9 pack\n".encode("latin-1")},
        (f"{PACK}:2:1: error: not UTF-8 text; save the file as UTF-8",),
    ),
    Bad(
        "yaml-utf-16",
        {PACK: BASE[PACK].encode("utf-16")},
        (f"{PACK}:1:1: error: UTF-16 text, not UTF-8; save the file as UTF-8",),
    ),
    Bad(
        "yaml-two-documents",
        edit(PACK, ("partnership: north\n", "partnership: north\n---\nid: again\n")),
        (
            (
                PACK,
                "---",
                "YAML syntax: expected a single document in the stream, but found another document",
            ),
        ),
    ),
    Bad(
        "yaml-python-tag",
        edit(PACK, (COPIES, "copies: !!python/object/apply:os.system [echo hi]")),
        (
            (
                PACK,
                "!!python",
                "YAML: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
                "allowed; write plain values",
            ),
        ),
    ),
    Bad(
        "yaml-undefined-alias",
        edit(PACK, (COPIES, "copies: *many")),
        ((PACK, "*many", "YAML syntax: found undefined alias 'many'"),),
    ),
    Bad(
        "yaml-unreadable-int",
        edit(PACK, (COPIES, "copies: !!int lots")),
        ((PACK, "!!int", "YAML: cannot read 'lots' as int"),),
    ),
    Bad(
        "yaml-bad-hex",
        edit(PACK, (COPIES, "copies: 0x_")),
        ((PACK, "0x_", "YAML: cannot read '0x_' as int"),),
    ),
    Bad(
        "yaml-top-level-list",
        {PACK: "- id: evening\n"},
        (f"{PACK}:1:1: error: value: Input should be a valid dictionary or instance of Pack",),
    ),
    Bad(
        "yaml-top-level-text",
        {AUDIENCES: "parents, carers\n"},
        (f"{AUDIENCES}:1:1: error: expected one key 'audiences:' holding a list",),
    ),
]

STRUCTURE = [
    Bad(
        "duplicate-key-in-pack",
        {PACK: BASE[PACK] + "name: Again\n"},
        ((PACK, "name: Again", "duplicate key 'name' (first on line 2); keep one"),),
    ),
    Bad(
        "duplicate-key-in-topic",
        edit(TOPIC, ("title: Tiny topic\n", "title: Tiny topic\ntitle: Again\n")),
        ((TOPIC, "title: Again", "duplicate key 'title' (first on line 2); keep one"),),
    ),
    Bad(
        "alias-bomb",
        {PACK: laughs(40)},
        (f"{PACK}:27:12: error: YAML syntax: more than 50 aliases; write the values out",),
    ),
    Bad(
        "alias-bomb-within-the-alias-limit",
        {PACK: laughs(26)},
        (f"{PACK}:…: error: YAML: the document is too big (aliases?); write the values out",),
    ),
    Bad(
        "recursive-alias",
        {PACK: "leaflets: &a [*a]\n"},
        (
            f"{PACK}:1:11: error: YAML: the document is nested more than 40 levels deep "
            "(aliases?); write the values out",
        ),
    ),
    Bad(
        "deep-nesting",
        {AUDIENCES: "audiences: " + "[" * 200 + "]" * 200 + "\n"},
        (f"{AUDIENCES}:1:…: error: YAML syntax: nested more than 40 levels deep",),
    ),
    Bad(
        "file-over-size-limit",
        {RESOURCES: "#" + "x" * 1_000_001 + "\n" + BASE[RESOURCES]},
        (f"{RESOURCES}:1:1: error: file is over the 1000000 byte limit; split it",),
    ),
    Bad(
        "huge-text",
        edit(NORTH, ("description: Call if", "description: " + "x" * 100_000 + " Call if")),
        (
            (
                NORTH,
                "x" * 10,
                "description: text is 100051 characters, over the 2000 limit; shorten it",
            ),
        ),
    ),
    Bad(
        "huge-name",
        edit(PACK, ("name: Evening pack", "name: " + "y" * 5000)),
        ((PACK, "yyy", "name: String should have at most 2000 characters"),),
    ),
    Bad(
        "key-that-is-a-number",
        {PACK: BASE[PACK] + "2027: yes\n"},
        ((PACK, "2027: yes", "key 2027 must be text"),),
    ),
    Bad(
        "key-that-is-a-list",
        {PACK: BASE[PACK] + "? [a, b]\n: c\n"},
        ((PACK, "[a, b]", "key a list or mapping must be text"),),
    ),
    Bad(
        "control-characters-in-a-key-are-shown-escaped",
        {PACK: BASE[PACK] + '"na\\x1b[31mme": x\n'},
        ((PACK, '"na', "unknown field 'na\\x1b[31mme' (did you mean 'name'?)"),),
    ),
]

TYPES = [
    Bad(
        "audiences-not-a-list",
        {AUDIENCES: "audiences: parents\n"},
        (f"{AUDIENCES}:1:1: error: expected one key 'audiences:' holding a list",),
    ),
    Bad(
        "body-size-as-text",
        edit(AUDIENCES, ("body_pt: 14", "body_pt: big")),
        (
            (
                AUDIENCES,
                "big",
                "body_pt: Input should be a valid number, unable to parse string as a number",
            ),
        ),
    ),
    Bad(
        "body-size-too-small",
        edit(AUDIENCES, ("body_pt: 14", "body_pt: 9")),
        ((AUDIENCES, "9", "body_pt: Input should be greater than or equal to 12"),),
    ),
    Bad(
        "format-width-as-list",
        edit(FORMATS, ("width_mm: 210", "width_mm: [210]")),
        ((FORMATS, "[210]", "width_mm: Input should be a valid number"),),
    ),
    Bad(
        "resource-audiences-as-text",
        edit(RESOURCES, ("audiences: [parents, professionals]", "audiences: parents")),
        ((RESOURCES, "parents", "audiences: Input should be a valid list"),),
    ),
    Bad(
        "contacts-as-mapping",
        edit(NORTH, ("contacts:\n", "contacts: {front-door: 020 7946 0201}\nunused:\n")),
        (
            (NORTH, "{front-door", "contacts: Input should be a valid list"),
            (
                NORTH,
                "unused",
                "unknown field 'unused' (fields: brand, contacts, example, id, "
                "name, place, review, short_name)",
            ),
        ),
    ),
    Bad(
        "brand-as-text",
        edit(NORTH, ("brand: {", "brand: blue\nbrand_: {")),
        (
            (NORTH, "blue", "brand: Input should be a valid dictionary or instance of Brand"),
            (NORTH, "brand_", "unknown field 'brand_' (did you mean 'brand'?)"),
        ),
    ),
    Bad(
        "review-as-list",
        edit(TOPIC, ("review: {", "review: [")),
        (f"{TOPIC}:…: error: YAML syntax: …",),
    ),
    Bad(
        "review-as-text",
        edit(TOPIC, ("review: {owner", "review: yearly\nold: {owner")),
        (
            (TOPIC, "yearly", "review: Input should be a valid dictionary or instance of Review"),
            f"{TOPIC}:5:1: error: unknown field 'old' (…)",
        ),
    ),
    Bad(
        "sections-as-text",
        edit(TOPIC, ("sections:\n", "sections: all of them\nsections_old:\n")),
        (
            (TOPIC, "all of them", "sections: Input should be a valid list"),
            (TOPIC, "sections_old", "unknown field 'sections_old' (did you mean 'sections'?)"),
        ),
    ),
    Bad(
        "block-text-as-list",
        edit(TOPIC, ("text: The law says so.", "text: [a, b]\n        note: x")),
        (
            (
                TOPIC,
                "[a, b]",
                "text: must be text, or a map from audience id (or 'default') to text",
            ),
            (
                TOPIC,
                "note",
                "unknown field 'note' (fields: audiences, cite, formats, id, items, text, type)",
            ),
        ),
    ),
    Bad(
        "list-items-as-number",
        edit(TOPIC, ("text: The law says so.", "type: list\n        items: 5")),
        ((TOPIC, "5\n", "items: Input should be a valid list"),),
    ),
    Bad(
        "empty-leaflets",
        {PACK: BASE[PACK].split("leaflets:")[0] + "leaflets: []\nold:\n"},
        (
            (PACK, "[]", "leaflets: List should have at least 1 item after validation, not 0"),
            (
                PACK,
                "old",
                "unknown field 'old' (fields: deliver_by, event, id, leaflets, name, "
                "order, partnership)",
            ),
        ),
    ),
    Bad(
        "event-date-as-number",
        edit(PACK, ("date: 2027-01-21", "date: 20270121")),
        ((PACK, "20270121", "date: '20270121' is not a date in the form YYYY-MM-DD"),),
    ),
    Bad(
        "copies-as-text",
        edit(PACK, (COPIES, "copies: lots")),
        (
            (
                PACK,
                "lots",
                "copies: Input should be a valid integer, unable to parse string as an integer",
            ),
        ),
    ),
    Bad(
        "source-year-as-text",
        edit(TOPIC, ("year: 2024", "year: last year")),
        (
            (
                TOPIC,
                "last year",
                "year: Input should be a valid integer, unable to parse string as an integer",
            ),
        ),
    ),
    Bad(
        "empty-title",
        edit(TOPIC, ("title: Tiny topic", 'title: ""')),
        ((TOPIC, '""', "title: String should have at least 1 character"),),
    ),
]

KEYS = [
    Bad(
        "misspelt-key-in-pack",
        edit(PACK, (COPIES, "copise: 10")),
        (
            (PACK, "{topic", "missing field 'copies'"),
            (PACK, "copise", "unknown field 'copise' (did you mean 'copies'?)"),
        ),
    ),
    Bad(
        "misspelt-key-in-topic",
        edit(TOPIC, ("title: Tiny topic", "titel: Tiny topic")),
        (
            f"{TOPIC}:1:1: error: missing field 'title'",
            (TOPIC, "titel", "unknown field 'titel' (did you mean 'title'?)"),
        ),
    ),
    Bad(
        "unknown-key-in-contact",
        edit(NORTH, (FRONT_DOOR, FRONT_DOOR + "\n    phone_number: 999")),
        (
            (
                NORTH,
                "phone_number",
                "unknown field 'phone_number' (fields: audiences, description, name, note, "
                "phone, role, short_name, source, verified)",
            ),
        ),
    ),
    Bad(
        "misspelt-verified",
        edit(RESOURCES, ("verified:", "verifed:")),
        (
            (RESOURCES, "id: helpline", "missing field 'verified'"),
            (RESOURCES, "verifed", "unknown field 'verifed' (did you mean 'verified'?)"),
        ),
    ),
    Bad(
        "unknown-key-in-verification",
        edit(RESOURCES, ("by: tester", "who: tester")),
        (
            (RESOURCES, CHECKED.replace("by", "who")[:1] + "on", "missing field 'by'"),
            (RESOURCES, "who", "unknown field 'who' (fields: by, on)"),
        ),
    ),
]

REFERENCES = [
    Bad(
        "unknown-topic",
        edit(PACK, ("topic: tiny", "topic: tiyn")),
        ((PACK, "tiyn", "topic: unknown topic 'tiyn' (did you mean 'tiny'?)"),),
    ),
    Bad(
        "unknown-partnership",
        edit(PACK, ("partnership: north", "partnership: nroth")),
        ((PACK, "nroth", "partnership: unknown partnership 'nroth' (did you mean 'north'?)"),),
    ),
    Bad(
        "unknown-resource",
        edit(TOPIC, ("resources: [helpline]", "resources: [helpine]")),
        ((TOPIC, "helpine", "resources: unknown resource 'helpine' (did you mean 'helpline'?)"),),
    ),
    Bad(
        "unknown-source",
        edit(TOPIC, ("cite: [report]", "cite: [reprot]")),
        ((TOPIC, "reprot", "unknown source 'reprot' (did you mean 'report'?)"),),
    ),
    Bad(
        "unknown-audience-in-text",
        edit(TOPIC, ("heading: What it is", "heading: {parnts: What it is}")),
        ((TOPIC, "{parnts", "heading: unknown audience 'parnts' (did you mean 'parents'?)"),),
    ),
    Bad(
        "unknown-cover-picture",
        edit(
            AUDIENCES, ("    min_body_pt: 14\n", "    min_body_pt: 14\n    cover_picture: famly\n")
        ),
        ((AUDIENCES, "famly", "cover_picture: unknown pictogram 'famly' (known: )"),),
    ),
    Bad(
        "duplicate-resource-id",
        {RESOURCES: BASE[RESOURCES] + BASE[RESOURCES].split("resources:\n")[1]},
        (
            (
                RESOURCES,
                "helpline\n",
                "id 'helpline' is used twice; ids must be unique",
                1,
            ),
        ),
    ),
    Bad(
        "duplicate-contact-role",
        {NORTH: BASE[NORTH] + BASE[NORTH].split("contacts:\n")[1]},
        ((NORTH, "front-door", "role 'front-door' is given twice; give each role one contact", 1),),
    ),
    Bad(
        "national-contact-in-a-partnership",
        edit(NORTH, ("role: front-door", "role: emergency")),
        (
            (
                NORTH,
                "emergency",
                "'emergency' is a national contact, the same for every partnership "
                "(content/national-contacts.yaml); remove it here",
            ),
        ),
    ),
    Bad(
        "duplicate-section-id",
        {TOPIC: BASE[TOPIC] + BASE[TOPIC].split("sections:\n")[1]},
        (
            (TOPIC, "first", "section id 'first' is used twice", 1),
            (TOPIC, "intro", "block id 'intro' is used twice", 1),
            (TOPIC, "law\n", "block id 'law' is used twice", 1),
        ),
    ),
    Bad(
        "duplicate-source-id",
        edit(
            TOPIC,
            (
                "  - id: report\n",
                "  - id: report\n" + "    title: x\n    publisher: y\n"
                "    year: 2024\n    verified: false\n  - id: report\n",
            ),
        ),
        ((TOPIC, "report", "source id 'report' is used twice", 1),),
    ),
    Bad(
        "topic-id-not-file-name",
        edit(TOPIC, ("id: tiny", "id: small")),
        ((TOPIC, "small", "'small' must match the file name 'tiny'"),),
    ),
]

VALUES = [
    Bad(
        "phone-too-short",
        edit(NORTH, (FRONT_DOOR, "phone: 020 7946 020")),
        (
            (
                NORTH,
                "020 7946 020",
                "phone: '020 7946 020' is not a valid UK phone number; check every digit",
            ),
        ),
    ),
    Bad(
        "phone-too-long",
        edit(NORTH, (FRONT_DOOR, "phone: 020 7946 02011")),
        (
            (
                NORTH,
                "020 7946 02011",
                "phone: '020 7946 02011' is not a valid UK phone number; check every digit",
            ),
        ),
    ),
    Bad(
        "phone-not-a-number",
        edit(NORTH, (FRONT_DOOR, "phone: call the office")),
        ((NORTH, "call the", "phone: 'call the office' is not a phone number"),),
    ),
    Bad(
        "phone-invalid-short-number",
        edit(NATIONAL, ('phone: "999"', 'phone: "1234"')),
        (
            (
                NATIONAL,
                '"1234"',
                "phone: '1234' is not a valid UK phone number; check every digit",
            ),
        ),
    ),
    *(
        Bad(
            f"url-{kind}",
            edit(RESOURCES, (URL, f"url: {url}")),
            ((RESOURCES, url, f"url: '{url}' is not a well-formed https:// URL"),),
        )
        for kind, url in (
            ("http", "http://www.helpline.org.uk"),
            ("with-space", "https://www.help line.org.uk"),
            ("javascript", "javascript:alert(1)"),
            ("file", "file:///etc/passwd"),
        )
    ),
    Bad(
        "source-url-http",
        edit(TOPIC, ("    year: 2024\n", "    year: 2024\n    url: http://www.report.org.uk\n")),
        ((TOPIC, "http:", "url: 'http://www.report.org.uk' is not a well-formed https:// URL"),),
    ),
    Bad(
        "email-malformed",
        edit(RESOURCES, (URL, URL + "\n    email: help at helpline")),
        ((RESOURCES, "help at", "email: 'help at helpline' is not a well-formed email address"),),
    ),
    Bad(
        "date-not-real",
        edit(PACK, ("date: 2027-01-21", "date: 2027-02-30")),
        ((PACK, "2027-02-30", "date: '2027-02-30' is not a real date"),),
    ),
    Bad(
        "date-wrong-format",
        edit(PACK, ("date: 2027-01-21", "date: 21/01/2027")),
        ((PACK, "21/01", "date: '21/01/2027' is not a date in the form YYYY-MM-DD"),),
    ),
    Bad(
        "date-two-centuries-on",
        edit(NORTH, (REVIEW_NEXT, "next_review: 2206-05-20")),
        (
            (
                NORTH,
                "2206",
                "next_review: '2206-05-20' is not a date between 1990-01-01 and 2099-12-31",
            ),
        ),
    ),
    Bad(
        "review-dates-in-wrong-order",
        edit(NORTH, (REVIEW_NEXT, "next_review: 2026-05-20")),
        ((NORTH, "{owner", "review: next_review must come after last_reviewed"),),
    ),
    Bad(
        "colour-by-name",
        edit(NORTH, ('primary: "#1d3f6e"', "primary: navy")),
        ((NORTH, "navy", "primary: 'navy' is not a colour like '#1d3f6e'"),),
    ),
    Bad(
        "verified-true",
        edit(NORTH, (f"verified: {CHECKED}", "verified: true")),
        (
            (
                NORTH,
                "true",
                "verified: write when and by whom, {on: YYYY-MM-DD, by: ...}, or false",
            ),
        ),
    ),
    Bad(
        "verified-date-not-real",
        edit(NORTH, ("on: 2026-11-20", "on: 2026-11-31")),
        ((NORTH, "2026-11-31", "on: '2026-11-31' is not a real date"),),
    ),
    Bad(
        "id-with-capitals",
        edit(AUDIENCES, ("id: parents", "id: Parents")),
        (
            (
                AUDIENCES,
                "Parents",
                "id: id 'Parents' must be lower-case letters, digits and single hyphens",
            ),
        ),
    ),
    Bad(
        "id-with-a-trailing-newline",
        edit(PACK, ("id: evening", 'id: "evening\\n"')),
        (
            (
                PACK,
                '"evening',
                "id: id 'evening\\n' must be lower-case letters, digits and single hyphens",
            ),
        ),
    ),
    Bad(
        "language-font-as-a-path",
        edit(LANGUAGES, ("[Atkinson Hyperlegible]", "[../../../usr/share/fonts]")),
        (
            (
                LANGUAGES,
                "../",
                "fonts: '../../../usr/share/fonts' is not a font family name (letters, digits "
                "and spaces, like 'Noto Sans')",
            ),
        ),
    ),
]

LOGO_OUTSIDE = "logo '{}' must be a file in partnerships/ inside the project"
PATHS = [
    *(
        Bad(
            f"pack-id-{kind}",
            edit(PACK, ("id: evening", f"id: {ident}")),
            (
                (
                    PACK,
                    ident,
                    f"id: id '{ident}' must be lower-case letters, digits and single hyphens",
                ),
            ),
        )
        for kind, ident in (("traversal", "../../evil"), ("absolute", "/tmp/evil"))
    ),
    Bad(
        "format-id-traversal",
        edit(FORMATS, ("id: a4", "id: ../a4")),
        (
            (
                FORMATS,
                "../a4",
                "id: id '../a4' must be lower-case letters, digits and single hyphens",
            ),
        ),
    ),
    *(
        Bad(
            f"logo-{kind}",
            edit(NORTH, ("logo: north-logo.svg", f"logo: {logo}")),
            ((NORTH, logo, LOGO_OUTSIDE.format(logo)),),
        )
        for kind, logo in (("traversal", "../../../../etc/hostname"), ("absolute", "/etc/hostname"))
    ),
    *(
        Bad(
            f"stylesheet-{kind}",
            edit(FORMATS, ("stylesheet: styles/a4.css", f"stylesheet: {css}")),
            ((FORMATS, css, f"stylesheet '{css}' must be a file inside templates/"),),
        )
        for kind, css in (("traversal", "../../../../etc/hostname"), ("absolute", "/etc/hostname"))
    ),
    Bad(
        "symlinked-topic-outside",
        {},
        (
            "content/topics/extra.yaml:1:1: error: links to a file outside the project; copy the "
            "file into the project instead",
        ),
        link_out("content/topics/extra.yaml", "id: extra\n"),
    ),
    Bad(
        "symlinked-pack-outside",
        {},
        (
            "packs/extra.yaml:1:1: error: links to a file outside the project; copy the file "
            "into the project instead",
        ),
        link_out("packs/extra.yaml", "id: extra\n"),
    ),
    Bad(
        "symlinked-logo-outside",
        {},
        ((NORTH, "north-logo.svg", LOGO_OUTSIDE.format("north-logo.svg")),),
        link_out(LOGO, "<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ),
    Bad(
        "symlinked-stylesheet-outside",
        {},
        (
            (
                FORMATS,
                "styles/a4.css",
                "stylesheet 'styles/a4.css' must be a file inside templates/",
            ),
        ),
        link_out(STYLESHEET, "@page { size: A4 }"),
    ),
    Bad(
        "hard-linked-content-outside",
        {},
        (
            f"{AUDIENCES}:1:1: error: is a hard link (the file has other names, maybe outside "
            "the project); copy it instead",
        ),
        link_out(AUDIENCES, "audiences: []", hard=True),
    ),
    Bad(
        "named-pipe-instead-of-yaml",
        {},
        ("content/topics/pipe.yaml:1:1: error: not a regular file",),
        lambda root: os.mkfifo(root / "content/topics/pipe.yaml"),
    ),
    Bad(
        "folder-instead-of-yaml",
        {},
        ("packs/folder.yaml:1:1: error: not a regular file",),
        lambda root: (root / "packs/folder.yaml").mkdir(),
    ),
    Bad(
        "logo-png-not-svg",
        {LOGO: b"\x89PNG\r\n\x1a\n" + bytes(64)},
        (f"{LOGO}:1:1: error: logo is not an SVG file; save the logo as SVG",),
    ),
    Bad(
        "logo-svg-of-nested-uses",
        {
            LOGO: "<svg xmlns='http://www.w3.org/2000/svg'>\n"
            + "".join(
                f'<g id="g{k}"><use href="#g{k - 1}"/><use href="#g{k - 1}"/></g>\n'
                for k in range(1, 31)
            )
            + "</svg>\n"
        },
        (f"{LOGO}:12:13: error: logo reuses shapes (<use>) over 20 times; simplify the drawing",),
    ),
    Bad(
        "logo-svg-with-entities",
        {LOGO: '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>\n' + BASE[LOGO]},
        (f"{LOGO}:1:16: error: logo defines an XML entity; save it without a DOCTYPE",),
    ),
    Bad(
        "logo-svg-with-external-image",
        {LOGO: BASE[LOGO].replace("</svg>", '\n<image href="file:///etc/hostname"/></svg>')},
        (
            f"{LOGO}:2:8: error: logo refers to 'file:///etc/hostname'; a logo must not refer "
            "to other files or web addresses",
        ),
    ),
]

POSTER = dedent(
    """
    poster:
      headline: {parents: Worried?, professionals: Refer}
      actions: [Talk, Listen, Call]
    """
)
SEVERAL = [
    Bad(
        "misspelt-short-name",
        edit(NORTH, ("short_name: NSP", "short_nam: NSP")),
        (
            f"{NORTH}:1:1: error: missing field 'short_name'",
            (NORTH, "short_nam", "unknown field 'short_nam' (did you mean 'short_name'?)"),
        ),
    ),
    Bad(
        "unknown-audience-in-contact",
        edit(NORTH, (FRONT_DOOR, FRONT_DOOR + "\n    audiences: [profesionals]")),
        (
            (
                NORTH,
                "profesionals",
                "audiences: unknown audience 'profesionals' (did you mean 'professionals'?)",
            ),
        ),
    ),
    Bad(
        "bad-date-and-wrong-type",
        edit(
            NORTH,
            ("last_reviewed: 2026-11-20", "last_reviewed: 2026-02-30"),
            (f"verified: {CHECKED}", "verified: [no]"),
        ),
        (
            (NORTH, "2026-02-30", "last_reviewed: '2026-02-30' is not a real date"),
            (
                NORTH,
                "[no]",
                "verified: Input should be a valid dictionary or instance of Verification",
            ),
        ),
    ),
    Bad(
        "errors-from-several-files-are-all-reported",
        {
            **edit(NORTH, ('primary: "#1d3f6e"', 'primary: "navy"')),
            **edit(RESOURCES, (URL, "url: http://www.helpline.org.uk")),
        },
        (
            (NORTH, '"navy"', "primary: 'navy' is not a colour like '#1d3f6e'"),
            (
                RESOURCES,
                "http:",
                "url: 'http://www.helpline.org.uk' is not a well-formed https:// URL",
            ),
        ),
    ),
    Bad(
        "topic-named-by-a-path",
        edit(PACK, ("topic: tiny", "topic: ../../../tmp/x")),
        ((PACK, "../", "topic: unknown topic '../../../tmp/x' (known: tiny)"),),
    ),
    Bad(
        "formats-checked-by-name-and-by-audience",
        edit(
            TOPIC,
            ("resources: [helpline]", "resources: [{id: helpline, formats: [a4, a5-bokklet]}]"),
            ("  - id: first\n", "  - id: first\n    formats: {default: [a4], parnts: [a4]}\n"),
        ),
        (
            (
                TOPIC,
                "[a4, a5",
                "formats: unknown format 'a5-bokklet' (known: a4)",
            ),
            (TOPIC, "{default", "formats: unknown audience 'parnts' (did you mean 'parents'?)"),
        ),
    ),
    Bad(
        "poster-needs-text-for-every-audience",
        {TOPIC: BASE[TOPIC] + POSTER.replace(", professionals: Refer", "") + "  qr: helpline\n"},
        (
            (
                TOPIC,
                "{parents: Worried",
                "no poster text for audience 'professionals'; add 'professionals' or 'default'",
            ),
        ),
    ),
    Bad(
        "poster-needs-a-qr-link-without-an-online-version",
        {TOPIC: BASE[TOPIC] + POSTER},
        (
            (
                TOPIC,
                "poster:",
                "a poster needs 'qr' (a resource id) when the topic has no online_url",
            ),
        ),
    ),
]

CASES = [*SYNTAX, *STRUCTURE, *TYPES, *KEYS, *REFERENCES, *VALUES, *PATHS, *SEVERAL]


def expected(root: Path, e: Expect) -> str:
    """An expected error line; `(file, text, message[, n])` becomes the line at that text
    (at its nth occurrence, counting from 0)."""
    if isinstance(e, str):
        return e
    nth = e[3] if len(e) == 4 else 0  # type: ignore[misc]
    return f"{at(root, e[0], e[1], nth)}: error: {e[2]}"


def matches(line: str, pattern: str) -> bool:
    """True when line is pattern, with each `…` in the pattern standing for any text."""
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("…")), line) is not None


def test_the_corpus_has_unique_names() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 90


SLOW = {"alias-bomb-within-the-alias-limit"}  # builds 200,000 values before it refuses
PARAMS = [
    pytest.param(c, id=c.name, marks=pytest.mark.slow if c.name in SLOW else ()) for c in CASES
]


@pytest.mark.parametrize("case", PARAMS)
def test_bad_input_through_the_loader(case: Bad, tmp_path: Path) -> None:
    root = make_project(tmp_path, case.files)
    if case.change:
        case.change(root)
    errors = errors_of(root)
    want = [expected(root, e) for e in case.expect]
    assert len(errors) == len(want), errors
    for error, pattern in zip(errors, want, strict=True):
        assert matches(error, pattern), (error, pattern)


def test_the_tiny_project_loads_without_warnings(tmp_path: Path) -> None:
    catalog = loaded(make_project(tmp_path))
    assert catalog.warnings == ()
    assert set(catalog.topics) == {"tiny"}
    assert catalog.partnerships["north"].contact("front-door") is not None
