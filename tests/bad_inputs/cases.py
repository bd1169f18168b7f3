"""Every case: a change to a copy of the real project, the command run, and the errors expected.

An expected error is the exact line the CLI prints, except that `…` stands for any text (used
for messages that come from PyYAML or Jinja2 and for paths outside the project).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Change = Callable[[Path], None]

PART = "content/partnerships/coventry.yaml"
NATIONAL = "content/national-contacts.yaml"
EXAMPLE = "content/partnerships/example.yaml"
TOPIC = "content/topics/internet-offending.yaml"
RES = "content/resources.yaml"
AUD = "content/audiences.yaml"
FMT = "templates/formats.yaml"
PACK = "packs/parents-evening.yaml"
BASE = "templates/base.html.j2"
A4 = "templates/styles/a4.css"
PO_PL = "templates/locale/pl/LC_MESSAGES/messages.po"
CHECKED = 'verified: {on: 2026-11-20, by: "CSCP comms team (domain-facts sheet)"}'
# On-screen files only: the print step has tests of its own, and the corpus stays quick.
BUILD = ("build", "-j", "1", "--print-profile", "none", "parents-evening")
RELEASE = ("build", "-j", "1", "--print-profile", "none", "--release", "parents-evening")


@dataclass(frozen=True)
class Case:
    """One broken input: how to break the project, what to run, what must be printed."""

    name: str
    change: Change
    expect: tuple[str, ...]
    argv: tuple[str, ...] = BUILD


def edit(rel: str, old: str, new: str, count: int = 1) -> Change:
    """Replace text in a project file (it must be there)."""

    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return change


def write(rel: str, data: str | bytes) -> Change:
    """Write a project file whole."""

    def change(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return change


def link_out(rel: str, data: str, hard: bool = False) -> Change:
    """Make a project file a symbolic (or hard) link to a file holding data outside the project."""

    def change(root: Path) -> None:
        outside = root.parent / f"outside-{Path(rel).name}"
        outside.write_text(data, encoding="utf-8")
        path = root / rel
        path.unlink(missing_ok=True)
        os.link(outside, path) if hard else path.symlink_to(outside)

    return change


def fifo(rel: str) -> Change:
    """Make a project file a named pipe (reading it would wait for ever)."""
    return lambda root: os.mkfifo(root / rel)


def folder(rel: str) -> Change:
    """Make a folder where a YAML file is expected."""
    return lambda root: (root / rel).mkdir()


def both(*changes: Change) -> Change:
    """Apply several changes in order."""

    def change(root: Path) -> None:
        for c in changes:
            c(root)

    return change


def nested(depth: int) -> str:
    """A list nested depth deep."""
    return "audiences: " + "[" * depth + "]" * depth + "\n"


def laughs(levels: int) -> str:
    """The billion laughs: each anchor holds two aliases of the one before."""
    lines = ["a0: &a0 [lol, lol]"] + [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, levels)
    ]
    return "\n".join(lines) + "\n"


def pro_leaflet(root: Path) -> None:
    """Make the parents' evening pack print the professionals' leaflet too."""
    text = (root / PACK).read_text()
    extra = "  - {topic: internet-offending, audience: professionals, format: a4, copies: 5}\n"
    (root / PACK).write_text(text + extra)


SYNTAX = [
    Case(
        "yaml-unclosed-flow-list",
        edit(PACK, "partnership: coventry", "partnership: [coventry"),
        (f"{PACK}:8:11: error: YAML syntax: expected ',' or ']', but got ':'",),
    ),
    Case(
        "yaml-bad-indentation",
        edit(PACK, "    audience: parents\n", "     audience: parents\n"),
        (f"{PACK}:11:14: error: YAML syntax: mapping values are not allowed here",),
    ),
    Case(
        "yaml-tab-indentation",
        edit(PACK, "    audience: parents\n", "\taudience: parents\n"),
        (f"{PACK}:11:1: error: YAML syntax: …",),
    ),
    Case(
        "yaml-unterminated-quote",
        edit(PACK, 'online"\n', "online\n"),
        (f"{PACK}:30:1: error: YAML syntax: found unexpected end of stream",),
    ),
    Case(
        "yaml-bom-keeps-line-numbers",
        write(AUD, "\ufeffaudiences:\n  - id: parents\n    id: parents\n"),
        (f"{AUD}:3:5: error: duplicate key 'id' (first on line 2); keep one",),
    ),
    Case(
        "yaml-crlf-keeps-line-numbers",
        write(
            AUD,
            "audiences:\r\n  - id: parents\r\n    name: Parents\r\n    description: P\r\n"
            "    body_pt: 8\r\n",
        ),
        (f"{AUD}:5:14: error: body_pt: Input should be greater than or equal to 12",),
    ),
    Case("yaml-empty-file", write(AUD, ""), (f"{AUD}:1:1: error: file is empty; see …",)),
    Case(
        "yaml-only-comments",
        write(PACK, "# nothing here yet\n"),
        (f"{PACK}:1:1: error: file is empty; see docs/content-format.md",),
    ),
    Case(
        "yaml-binary-file",
        write(TOPIC, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        (f"{TOPIC}:1:1: error: binary file, not YAML text",),
    ),
    Case(
        "yaml-not-utf8",
        write(PACK, "id: parents-evening\nname: Caf\xe9 pack\n".encode("latin-1")),
        (f"{PACK}:2:1: error: not UTF-8 text; save the file as UTF-8",),
    ),
    Case(
        "yaml-two-documents",
        edit(PACK, "partnership: coventry\n", "partnership: coventry\n---\nid: again\n"),
        (
            f"{PACK}:8:1: error: YAML syntax: expected a single document in the stream, "
            "but found another document",
        ),
    ),
    Case(
        "yaml-python-tag",
        edit(PACK, "copies: 150", "copies: !!python/object/apply:os.system [echo hi]"),
        (
            f"{PACK}:14:13: error: YAML: the tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "is not allowed; write plain values",
        ),
    ),
    Case(
        "yaml-undefined-alias",
        edit(PACK, "copies: 150", "copies: *many"),
        (f"{PACK}:14:13: error: YAML syntax: found undefined alias 'many'",),
    ),
    Case(
        "yaml-unreadable-int",
        edit(PACK, "copies: 150", "copies: !!int lots"),
        (f"{PACK}:14:13: error: YAML: cannot read 'lots' as int",),
    ),
    Case(
        "yaml-bad-hex",
        edit(PACK, "copies: 150", "copies: 0x_"),
        (f"{PACK}:14:13: error: YAML: cannot read '0x_' as int",),
    ),
    Case(
        "yaml-top-level-list",
        write(PACK, "- id: parents-evening\n"),
        (f"{PACK}:1:1: error: value: Input should be a valid dictionary or instance of Pack",),
    ),
    Case(
        "yaml-top-level-text",
        write(AUD, "parents, carers\n"),
        (f"{AUD}:1:1: error: expected one key 'audiences:' holding a list",),
    ),
]

STRUCTURE = [
    Case(
        "duplicate-key-in-pack",
        edit(PACK, "    copies: 150\n", "    copies: 150\n    copies: 15\n"),
        (f"{PACK}:15:5: error: duplicate key 'copies' (first on line 14); keep one",),
    ),
    Case(
        "duplicate-key-in-topic",
        edit(TOPIC, "title: Internet offending\n", "title: Internet offending\ntitle: Again\n"),
        (f"{TOPIC}:12:1: error: duplicate key 'title' (first on line 11); keep one",),
    ),
    Case(
        "alias-bomb",
        write(PACK, laughs(40)),
        (f"{PACK}:27:12: error: YAML syntax: more than 50 aliases; write the values out",),
    ),
    Case(
        "alias-bomb-within-the-alias-limit",
        write(PACK, laughs(26)),
        (f"{PACK}:…: error: YAML: the document is too big (aliases?); write the values out",),
    ),
    Case(
        "recursive-alias",
        write(PACK, "leaflets: &a [*a]\n"),
        (
            f"{PACK}:1:11: error: YAML: the document is nested more than 40 levels deep "
            "(aliases?); write the values out",
        ),
    ),
    Case(
        "deep-nesting",
        write(AUD, nested(200)),
        (f"{AUD}:1:…: error: YAML syntax: nested more than 40 levels deep",),
    ),
    Case(
        "file-over-size-limit",
        edit(RES, "resources:\n", "#" + "x" * 1_000_001 + "\nresources:\n"),
        (f"{RES}:1:1: error: file is over the 1000000 byte limit; split it",),
    ),
    Case(
        "huge-text",
        edit(
            PART,
            "description: Coventry Children",
            "description: " + "x" * 100_000 + " Coventry Children",
        ),
        (
            f"{PART}:36:18: error: description: text is 100088 characters, over the 2000 "
            "limit; shorten it",
        ),
    ),
    Case(
        "huge-name",
        edit(PACK, "name: Parents' evening pack", "name: " + "y" * 5000),
        (f"{PACK}:2:7: error: name: String should have at most 2000 characters",),
    ),
    Case(
        "key-that-is-a-number",
        edit(PACK, "    copies: 150\n", "    copies: 150\n    2027: yes\n"),
        (f"{PACK}:15:5: error: key 2027 must be text",),
    ),
    Case(
        "key-that-is-a-list",
        edit(PACK, "    copies: 150\n", "    copies: 150\n    ? [a, b]\n    : c\n"),
        (f"{PACK}:15:7: error: key a list or mapping must be text",),
    ),
]

TYPES = [
    Case(
        "audiences-not-a-list",
        write(AUD, "audiences: parents\n"),
        (f"{AUD}:1:1: error: expected one key 'audiences:' holding a list",),
    ),
    Case(
        "body-size-as-text",
        edit(AUD, "body_pt: 14", "body_pt: big"),
        (
            f"{AUD}:7:14: error: body_pt: Input should be a valid number, unable to parse string as a number",
        ),
    ),
    Case(
        "body-size-too-small",
        edit(AUD, "body_pt: 14", "body_pt: 9"),
        (f"{AUD}:7:14: error: body_pt: Input should be greater than or equal to 12",),
    ),
    Case(
        "format-width-as-list",
        edit(FMT, "width_mm: 210", "width_mm: [210]"),
        (f"{FMT}:6:15: error: width_mm: Input should be a valid number",),
    ),
    Case(
        "resource-audiences-as-text",
        edit(RES, "    audiences: [parents, carers, professionals]\n", "    audiences: parents\n"),
        (f"{RES}:17:16: error: audiences: Input should be a valid list",),
    ),
    Case(
        "contacts-as-mapping",
        edit(PART, "contacts:\n", "contacts: {front-door: 024 7678 8555}\nunused:\n"),
        (
            f"{PART}:22:11: error: contacts: Input should be a valid list",
            f"{PART}:23:1: error: unknown field 'unused' (fields: …)",
        ),
    ),
    Case(
        "brand-as-text",
        edit(PART, "brand:\n", "brand: blue\nbrand_:\n"),
        (
            f"{PART}:16:8: error: brand: Input should be a valid dictionary or instance of Brand",
            f"{PART}:17:1: error: unknown field 'brand_' (did you mean 'brand'?)",
        ),
    ),
    Case(
        "review-as-list",
        edit(TOPIC, "review: {owner: CSCP Business Unit,", "review: [owner: CSCP Business Unit,"),
        (f"{TOPIC}:…: error: YAML syntax: …",),
    ),
    Case(
        "review-as-text",
        edit(
            TOPIC,
            "review: {owner: CSCP Business Unit, last_reviewed: 2026-11-20, next_review: 2027-05-20}",
            "review: yearly",
        ),
        (f"{TOPIC}:17:9: error: review: Input should be a valid dictionary or instance of Review",),
    ),
    Case(
        "sections-as-text",
        edit(TOPIC, "sections:\n", "sections: all of them\nsections_old:\n"),
        (
            f"{TOPIC}:…:11: error: sections: Input should be a valid list",
            f"{TOPIC}:…:1: error: unknown field 'sections_old' (did you mean 'sections'?)",
        ),
    ),
    Case(
        "block-text-as-list",
        edit(
            TOPIC,
            "        text: >-\n          Internet offending is when",
            "        text: [a, b]\n        note: >-\n          Internet offending is when",
        ),
        (
            f"{TOPIC}:…:15: error: text: must be text, or a map from audience id (or 'default') "
            "to text",
            f"{TOPIC}:…:9: error: unknown field 'note' (fields: audiences, cite, formats, id, "
            "items, text, type)",
        ),
    ),
    Case(
        "list-items-as-number",
        edit(
            TOPIC,
            "        items:\n          - Do not pay.",
            "        items: 5\n        its:\n          - Do not pay.",
        ),
        (
            f"{TOPIC}:…:16: error: items: Input should be a valid list",
            f"{TOPIC}:…: error: unknown field 'its' (did you mean 'items'?)",
        ),
    ),
    Case(
        "empty-leaflets",
        both(
            edit(PACK, "leaflets:\n", "leaflets: []\nold:\n"),
        ),
        (
            f"{PACK}:9:11: error: leaflets: List should have at least 1 item after validation, not 0",
            f"{PACK}:10:1: error: unknown field 'old' (fields: deliver_by, event, id, leaflets, "
            "name, order, partnership)",
        ),
    ),
    Case(
        "event-date-as-number",
        edit(PACK, "date: 2027-01-21", "date: 20270121"),
        (f"{PACK}:5:9: error: date: '20270121' is not a date in the form YYYY-MM-DD",),
    ),
    Case(
        "copies-zero",
        edit(PACK, "copies: 150", "copies: 0"),
        (f"{PACK}:14:13: error: copies: Input should be greater than or equal to 1",),
    ),
    Case(
        "copies-as-text",
        edit(PACK, "copies: 150", "copies: lots"),
        (
            f"{PACK}:14:13: error: copies: Input should be a valid integer, unable to parse string as an integer",
        ),
    ),
    Case(
        "source-year-as-text",
        edit(TOPIC, "year: 2021", "year: last year"),
        (
            f"{TOPIC}:26:11: error: year: Input should be a valid integer, unable to parse string as an integer",
        ),
    ),
    Case(
        "empty-title",
        edit(TOPIC, "title: Internet offending", 'title: ""'),
        (f"{TOPIC}:11:8: error: title: String should have at least 1 character",),
    ),
]

KEYS = [
    Case(
        "misspelt-key-in-pack",
        edit(PACK, "copies: 150", "copise: 150"),
        (
            f"{PACK}:10:5: error: missing field 'copies'",
            f"{PACK}:14:5: error: unknown field 'copise' (did you mean 'copies'?)",
        ),
    ),
    Case(
        "misspelt-key-in-topic",
        edit(TOPIC, "title: Internet offending", "titel: Internet offending"),
        (
            f"{TOPIC}:9:1: error: missing field 'title'",
            f"{TOPIC}:11:1: error: unknown field 'titel' (did you mean 'title'?)",
        ),
    ),
    Case(
        "unknown-key-in-contact",
        edit(PART, "    phone: 024 7678 8555", "    phone: 024 7678 8555\n    phone_number: 999"),
        (
            f"{PART}:27:5: error: unknown field 'phone_number' (fields: audiences, description, "
            "name, note, phone, role, short_name, source, verified)",
        ),
    ),
    Case(
        "misspelt-verified",
        edit(RES, CHECKED, CHECKED.replace("verified", "verifed")),
        (
            f"{RES}:10:5: error: missing field 'verified'",
            f"{RES}:19:5: error: unknown field 'verifed' (did you mean 'verified'?)",
        ),
    ),
    Case(
        "unknown-key-in-verification",
        edit(RES, CHECKED, CHECKED.replace("by:", "who:")),
        (
            f"{RES}:19:15: error: missing field 'by'",
            f"{RES}:19:32: error: unknown field 'who' (fields: by, on)",
        ),
    ),
]

REFERENCES = [
    Case(
        "unknown-cover-picture",
        edit(AUD, "cover_picture: child-with-phone", "cover_picture: child-with-fone"),
        (
            f"{AUD}:24:20: error: cover_picture: unknown pictogram 'child-with-fone' "
            "(did you mean 'child-with-phone'?)",
        ),
    ),
    Case(
        "unknown-topic",
        edit(PACK, "topic: internet-offending", "topic: internet-ofending"),
        (
            f"{PACK}:10:12: error: topic: unknown topic 'internet-ofending' (did you mean 'internet-offending'?)",
        ),
    ),
    Case(
        "unknown-audience-in-pack",
        edit(PACK, "audience: parents", "audience: parent"),
        (f"{PACK}:11:15: error: audience: unknown audience 'parent' (did you mean 'parents'?)",),
    ),
    Case(
        "unknown-format",
        edit(PACK, "format: a4", "format: A4"),
        (
            f"{PACK}:12:13: error: format: unknown format 'A4' "
            "(known: a3-poster, a4, a5-booklet, dl-trifold)",
        ),
    ),
    Case(
        "unknown-language",
        edit(PACK, "language: en", "language: fr"),
        (f"{PACK}:13:15: error: language: unknown language 'fr' (known: ar, en, pa, pl, ro, ur)",),
    ),
    Case(
        "unknown-partnership",
        edit(PACK, "partnership: coventry", "partnership: covnetry"),
        (
            f"{PACK}:7:14: error: partnership: unknown partnership 'covnetry' (did you mean 'coventry'?)",
        ),
    ),
    Case(
        "unknown-resource",
        edit(TOPIC, "  - {id: childline, cover: true}\n", "  - {id: childlin, cover: true}\n"),
        (f"{TOPIC}:…: error: resources: …unknown resource 'childlin' (did you mean 'childline'?)",),
    ),
    Case(
        "unknown-source",
        edit(TOPIC, "cite: [nca-sextortion-2024]", "cite: [nca-sextortion-2042]"),
        (
            f"{TOPIC}:…:16: error: unknown source 'nca-sextortion-2042' (did you mean 'nca-sextortion-2024'?)",
        ),
    ),
    Case(
        "unknown-audience-in-text",
        edit(TOPIC, "  carers: Keeping the children", "  cares: Keeping the children"),
        (f"{TOPIC}:13:3: error: subtitle: unknown audience 'cares' (did you mean 'carers'?)",),
    ),
    Case(
        "audience-the-topic-lacks",
        both(
            edit(
                AUD,
                "  - id: carers",
                "  - id: teens\n    name: Teens\n    description: T\n    body_pt: 14\n  - id: carers",
            ),
            edit(PACK, "audience: parents", "audience: teens"),
        ),
        (
            f"{PACK}:11:15: error: topic 'internet-offending' has no 'teens' leaflet (it has: parents, carers, professionals)",
        ),
    ),
    Case(
        "duplicate-resource-id",
        edit(RES, "  - id: ceop-education", "  - id: ceop-safety-centre"),
        (
            f"{RES}:21:9: error: id 'ceop-safety-centre' is used twice; ids must be unique",
            f"{TOPIC}:…:5: error: resources: unknown resource 'ceop-education' (known: …)",
        ),
    ),
    Case(
        "duplicate-contact-role",
        edit(PART, "  - role: partnership-team", "  - role: front-door"),
        (f"{PART}:40:11: error: role 'front-door' is given twice; give each role one contact",),
    ),
    Case(
        "duplicate-section-id",
        edit(TOPIC, "  - id: images\n", "  - id: what-it-is\n"),
        (f"{TOPIC}:…:9: error: section id 'what-it-is' is used twice",),
    ),
    Case(
        "duplicate-block-id",
        edit(TOPIC, "      - id: images-intro\n", "      - id: what-it-is-intro\n"),
        (f"{TOPIC}:…:13: error: block id 'what-it-is-intro' is used twice",),
    ),
    Case(
        "duplicate-source-id",
        edit(TOPIC, "  - id: cja-1988\n", "  - id: pca-1978\n"),
        (
            f"{TOPIC}:53:9: error: source id 'pca-1978' is used twice",
            f"{TOPIC}:…:26: error: unknown source 'cja-1988' (did you mean 'pca-1978'?)",
            f"{TOPIC}:…:26: error: unknown source 'cja-1988' (did you mean 'pca-1978'?)",
        ),
    ),
    Case(
        "pack-id-not-file-name",
        edit(PACK, "id: parents-evening", "id: parents-night"),
        (f"{PACK}:1:5: error: 'parents-night' must match the file name 'parents-evening'",),
    ),
    Case(
        "leaflet-listed-twice",
        edit(PACK, "format: a5-booklet", "format: a4"),
        (f"{PACK}:15:5: error: this leaflet is listed twice; add the copies together",),
    ),
]

VALUES = [
    Case(
        "phone-too-short",
        edit(PART, "phone: 024 7678 8555", "phone: 024 7678 855"),
        (
            f"{PART}:26:12: error: phone: '024 7678 855' is not a valid UK phone number; check every digit",
        ),
    ),
    Case(
        "phone-too-long",
        edit(PART, "phone: 024 7678 8555", "phone: 024 7678 85555"),
        (
            f"{PART}:26:12: error: phone: '024 7678 85555' is not a valid UK phone number; check every digit",
        ),
    ),
    Case(
        "phone-not-a-number",
        edit(PART, "phone: 024 7678 8555", "phone: call the office"),
        (f"{PART}:26:12: error: phone: 'call the office' is not a phone number",),
    ),
    Case(
        "phone-invalid-short-number",
        edit(NATIONAL, 'phone: "101"', 'phone: "1234"'),
        (
            f"{NATIONAL}:19:12: error: phone: '1234' is not a valid UK phone number; check every digit",
        ),
    ),
    Case(
        "url-http",
        edit(RES, "url: https://www.childline.org.uk", "url: http://www.childline.org.uk"),
        (
            f"{RES}:…:10: error: url: 'http://www.childline.org.uk' is not a well-formed https:// URL",
        ),
    ),
    Case(
        "url-with-space",
        edit(RES, "url: https://www.childline.org.uk", "url: https://www.child line.org.uk"),
        (
            f"{RES}:…:10: error: url: 'https://www.child line.org.uk' is not a well-formed https:// URL",
        ),
    ),
    Case(
        "url-javascript",
        edit(RES, "url: https://www.childline.org.uk", "url: javascript:alert(1)"),
        (f"{RES}:…:10: error: url: 'javascript:alert(1)' is not a well-formed https:// URL",),
    ),
    Case(
        "url-file-in-content",
        edit(RES, "url: https://www.childline.org.uk", "url: file:///etc/passwd"),
        (f"{RES}:…:10: error: url: 'file:///etc/passwd' is not a well-formed https:// URL",),
    ),
    Case(
        "source-url-http",
        edit(TOPIC, "url: https://www.iwf.org.uk/about-us", "url: http://www.iwf.org.uk/about-us"),
        (
            f"{TOPIC}:27:10: error: url: 'http://www.iwf.org.uk/about-us/who-we-are/annual-report-2021/' is not a well-formed https:// URL",
        ),
    ),
    Case(
        "email-malformed",
        edit(RES, "email: help@nspcc.org.uk", "email: help at nspcc"),
        (f"{RES}:38:12: error: email: 'help at nspcc' is not a well-formed email address",),
    ),
    Case(
        "date-not-real",
        edit(PACK, "date: 2027-01-21", "date: 2027-02-30"),
        (f"{PACK}:5:9: error: date: '2027-02-30' is not a real date",),
    ),
    Case(
        "date-wrong-format",
        edit(PACK, "date: 2027-01-21", "date: 21/01/2027"),
        (f"{PACK}:5:9: error: date: '21/01/2027' is not a date in the form YYYY-MM-DD",),
    ),
    Case(
        "review-dates-in-wrong-order",
        edit(PART, "next_review: 2027-05-20", "next_review: 2026-05-20"),
        (f"{PART}:15:9: error: review: next_review must come after last_reviewed",),
    ),
    Case(
        "colour-by-name",
        edit(PART, 'primary: "#1d3f6e"', "primary: navy"),
        (f"{PART}:17:12: error: primary: 'navy' is not a colour like '#1d3f6e'",),
    ),
    Case(
        "verified-true",
        edit(PART, CHECKED, "verified: true"),
        (
            f"{PART}:31:15: error: verified: write when and by whom, {{on: YYYY-MM-DD, by: ...}}, or false",
        ),
    ),
    Case(
        "verified-date-not-real",
        edit(PART, CHECKED, CHECKED.replace("2026-11-20", "2026-11-31")),
        (f"{PART}:31:20: error: on: '2026-11-31' is not a real date",),
    ),
    Case(
        "id-with-capitals",
        edit(AUD, "id: parents", "id: Parents"),
        (
            f"{AUD}:4:9: error: id: id 'Parents' must be lower-case letters, digits and single hyphens",
        ),
    ),
]

RELEASE_CASES = [
    Case(
        "release-review-past-due",
        edit(PART, "next_review: 2027-05-20", "next_review: 2026-11-21"),
        (
            f"{PART}:15:77: error: partnership 'coventry': review was due on 2026-11-21; review the content and update next_review (--release)",
        ),
        RELEASE,
    ),
    Case(
        "release-unverified-resource",
        edit(RES, CHECKED, "verified: false"),
        (
            f"{RES}:19:15: error: resource 'ceop-safety-centre' is unverified; verify it and record when and by whom (--release)",
        ),
        RELEASE,
    ),
    Case(
        "release-unverified-contact",
        pro_leaflet,
        (
            f"{PART}:48:15: error: contact 'partnership-team' (024 7697 5477) is unverified; verify it and record when and by whom (--release)",
            f"{PART}:60:15: error: contact 'lado' (024 7683 1730) is unverified; verify it and record when and by whom (--release)",
            f"{TOPIC}:…:15: error: source 'working-together-2023-sharing' is unverified; verify it and record when and by whom (--release)",
            f"{TOPIC}:…:15: error: source 'info-sharing-2024' is unverified; verify it and record when and by whom (--release)",
        ),
        RELEASE,
    ),
    Case(
        "release-unverified-source",
        edit(TOPIC, CHECKED, "verified: false"),
        (
            f"{TOPIC}:28:15: error: source 'iwf-2021' is unverified; verify it and record when and by whom (--release)",
        ),
        RELEASE,
    ),
    Case(
        "release-figure-without-citation",
        edit(TOPIC, "        cite: [iwf-2023-sextortion]\n", ""),
        (
            f"{TOPIC}:…:9: error: block 'sextortion-boys' gives a figure ('91%') but cites no source; add cite: [source id] (--release)",
            *(
                f"content/translations/internet-offending.{lang}.yaml:…: error: translation is stale: … (--release)"
                for lang in ("ar", "pa", "pl", "ro", "ur")
            ),
        ),
        RELEASE,
    ),
    Case(
        "check-release-of-the-bundled-content",
        lambda root: None,
        (
            *(
                f"content/partnerships/coventry.{lang}.yaml:6:9: error: translation of the local details into '{lang}' is a draft (--release)"
                for lang in ("ar", "pa", "pl", "ro", "ur")
            ),
            f"{PART}:48:15: error: contact 'partnership-team' (024 7697 5477) is unverified; verify it and record when and by whom (--release)",
            f"{PART}:60:15: error: contact 'lado' (024 7683 1730) is unverified; verify it and record when and by whom (--release)",
            "content/partnerships/example.yaml:10:10: error: partnership 'example' is an example (fictional details): not for distribution (--release)",
            f"{TOPIC}:…:15: error: source 'working-together-2023-sharing' is unverified; verify it and record when and by whom (--release)",
            f"{TOPIC}:…:15: error: source 'info-sharing-2024' is unverified; verify it and record when and by whom (--release)",
            *(
                f"content/translations/internet-offending.{lang}.yaml:…:9: error: translation into '{lang}' is a draft; have it reviewed (--release)"
                for lang in ("ar", "pa", "pl", "ro", "ur")
            ),
        ),
        ("check", "--release"),
    ),
    Case(
        "release-translation-out-of-step-with-english",
        edit(
            TOPIC, "          - Tell them they can always come to you, whatever has happened.\n", ""
        ),
        tuple(
            f"content/translations/internet-offending.{lang}.yaml:…:7: error: block 'talking-tips' has 6 items in English, 7 here"
            for lang in ("ar", "pa", "pl", "ro", "ur")
        ),
        ("check", "--release"),
    ),
    Case(
        "strict-draft-with-unverified-fact",
        lambda root: None,
        (
            f"{PART}:48:15: error: contact 'partnership-team' (024 7697 5477) is unverified (--strict)",
            f"{PART}:60:15: error: contact 'lado' (024 7683 1730) is unverified (--strict)",
            f"{TOPIC}:…:15: error: source 'working-together-2023-sharing' is unverified (--strict)",
            f"{TOPIC}:…:15: error: source 'info-sharing-2024' is unverified (--strict)",
        ),
        ("--strict", "build", "parents-evening"),
    ),
]

PATHS = [
    Case(
        "pack-id-traversal",
        edit(PACK, "id: parents-evening", "id: ../../evil"),
        (
            f"{PACK}:1:5: error: id: id '../../evil' must be lower-case letters, digits and single hyphens",
        ),
    ),
    Case(
        "pack-id-absolute",
        edit(PACK, "id: parents-evening", "id: /tmp/evil"),
        (
            f"{PACK}:1:5: error: id: id '/tmp/evil' must be lower-case letters, digits and single hyphens",
        ),
    ),
    Case(
        "output-name-traversal-by-topic",
        edit(PACK, "topic: internet-offending", "topic: ../../../tmp/x"),
        (
            f"{PACK}:10:12: error: topic: unknown topic '../../../tmp/x' (known: internet-offending)",
        ),
    ),
    Case(
        "output-name-traversal-by-format",
        edit(FMT, "  - id: a4", "  - id: ../a4"),
        (
            f"{FMT}:3:9: error: id: id '../a4' must be lower-case letters, digits and single hyphens",
        ),
    ),
    Case(
        "logo-path-traversal",
        edit(PART, "logo: coventry-logo.svg", "logo: ../../../../etc/hostname"),
        (
            f"{PART}:19:9: error: logo '../../../../etc/hostname' must be a file in partnerships/ inside the project",
        ),
    ),
    Case(
        "logo-absolute-path",
        edit(PART, "logo: coventry-logo.svg", "logo: /etc/hostname"),
        (
            f"{PART}:19:9: error: logo '/etc/hostname' must be a file in partnerships/ inside the project",
        ),
    ),
    Case(
        "stylesheet-traversal",
        edit(FMT, "stylesheet: styles/a4.css", "stylesheet: ../../../../etc/hostname"),
        (
            f"{FMT}:5:17: error: stylesheet '../../../../etc/hostname' must be a file inside templates/",
        ),
    ),
    Case(
        "stylesheet-absolute-path",
        edit(FMT, "stylesheet: styles/a4.css", "stylesheet: /etc/hostname"),
        (f"{FMT}:5:17: error: stylesheet '/etc/hostname' must be a file inside templates/",),
    ),
    Case(
        "symlinked-topic-outside",
        link_out("content/topics/extra.yaml", "id: extra\n"),
        (
            "content/topics/extra.yaml:1:1: error: links to a file outside the project; copy the file into the project instead",
        ),
    ),
    Case(
        "symlinked-pack-outside",
        link_out("packs/extra.yaml", "id: extra\n"),
        (
            "packs/extra.yaml:1:1: error: links to a file outside the project; copy the file into the project instead",
        ),
    ),
    Case(
        "symlinked-logo-outside",
        link_out(
            "content/partnerships/coventry-logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"
        ),
        (
            f"{PART}:19:9: error: logo 'coventry-logo.svg' must be a file in partnerships/ inside the project",
        ),
    ),
    Case(
        "symlinked-stylesheet-outside",
        link_out(A4, "@page { size: A4 }"),
        (f"{FMT}:5:17: error: stylesheet 'styles/a4.css' must be a file inside templates/",),
    ),
    Case(
        "symlinked-base-stylesheet-outside",
        link_out("templates/styles/base.css", "body { color: red }"),
        (
            "templates/styles/base.css:1:1: error: 'styles/base.css' links outside templates/; keep it inside the project",
        ),
    ),
    Case(
        "hard-linked-stylesheet-outside",
        link_out("templates/styles/base.css", "body { color: red }", hard=True),
        (
            "templates/styles/base.css:1:1: error: 'styles/base.css' is a hard link (the file has other names, maybe outside the project); copy it instead",
        ),
    ),
    Case(
        "hard-linked-template-outside",
        link_out("templates/parents/leaflet.html.j2", "{% extends 'base.html.j2' %}", hard=True),
        (
            "templates/parents/leaflet.html.j2:1:1: error: 'parents/leaflet.html.j2' is a hard link (the file has other names, maybe outside the project); copy it instead",
        ),
    ),
    Case(
        "hard-linked-content-outside",
        link_out("content/audiences.yaml", "audiences: []", hard=True),
        (
            "content/audiences.yaml:1:1: error: is a hard link (the file has other names, maybe outside the project); copy it instead",
        ),
    ),
    Case(
        "stylesheet-names-a-machine-font",
        edit(A4, "@page { size: A4;", 'h1 { font-family: "DejaVu Serif"; }\n@page { size: A4;'),
        (
            "…: error: the PDF would embed the font 'DejaVu-Serif-Bold', which is not the leaflet's (Atkinson Hyperlegible); name only the language's fonts in stylesheets",
        ),
    ),
    Case(
        "language-font-as-a-path",
        edit(
            "content/languages.yaml",
            "fonts: [Atkinson Hyperlegible]",
            "fonts: [../../../usr/share/fonts]",
        ),
        (
            "content/languages.yaml:12:13: error: fonts: '../../../usr/share/fonts' is not a font family name (letters, digits and spaces, like 'Noto Sans')",
        ),
    ),
    Case(
        "symlinked-template-outside",
        link_out("templates/parents/leaflet.html.j2", "{% extends 'base.html.j2' %}"),
        (
            "templates/parents/leaflet.html.j2:1:1: error: 'parents/leaflet.html.j2' links outside templates/; keep it inside the project",
        ),
    ),
    Case(
        "template-include-traversal",
        edit(BASE, "<main>", "<main>{% include '../../../../etc/hostname' %}"),
        (f"{BASE}:…: error: template: no template '../../../../etc/hostname'",),
    ),
    Case(
        "named-pipe-instead-of-yaml",
        fifo("content/topics/pipe.yaml"),
        ("content/topics/pipe.yaml:1:1: error: not a regular file",),
    ),
    Case(
        "folder-instead-of-yaml",
        folder("packs/folder.yaml"),
        ("packs/folder.yaml:1:1: error: not a regular file",),
    ),
]

FETCHES = [
    Case(
        "css-import-file-url",
        edit(A4, "@page {", '@import url("file:///etc/passwd");\n@page {', 1),
        (
            f"{A4}:2:9: error: WeasyPrint: @import rule ' url(\"file:///etc/passwd\")' not at the beginning of the the whole rule was ignored at …",
        ),
    ),
    Case(
        "css-background-http",
        edit(A4, "@page {", "body { background: url(http://127.0.0.1:9/x.png) }\n@page {"),
        (
            f"{A4}:2:24: error: refused to fetch http://127.0.0.1:9/x.png: only data: URIs and project files are allowed",
        ),
    ),
    Case(
        "css-background-https",
        edit(A4, "@page {", "body { background: url(https://example.org/x.png) }\n@page {"),
        (
            f"{A4}:2:24: error: refused to fetch https://example.org/x.png: only data: URIs and project files are allowed",
        ),
    ),
    Case(
        "css-font-from-file-url",
        edit(
            A4,
            "@page {",
            '@font-face { font-family: X; src: url("file:///usr/share/fonts/x.ttf") }\nbody { font-family: X }\n@page {',
        ),
        (
            f"{A4}:2:40: error: refused to fetch file:///usr/share/fonts/x.ttf: only data: URIs and project files are allowed",
        ),
    ),
    Case(
        "template-image-file-url",
        edit(BASE, "<main>", '<main><img src="file:///etc/hostname" alt="x">'),
        (
            f"{BASE}:…: error: refused to fetch file:///etc/hostname: only data: URIs and project files are allowed",
        ),
    ),
    Case(
        "template-stylesheet-https",
        edit(BASE, "</head>", '<link rel="stylesheet" href="https://example.org/x.css"></head>'),
        (
            f"{BASE}:…: error: refused to fetch https://example.org/x.css: only data: URIs and project files are allowed",
        ),
    ),
    Case(
        "template-attachment-link",
        edit(BASE, "<main>", '<main><a rel="attachment" href="../content/resources.yaml">x</a>'),
        (
            f'{BASE}:…: error: rel="attachment" would embed a file in the PDF; remove it from the template',
        ),
    ),
    Case(
        "template-attachment-second-rel",  # the HTML parser reads the last rel, WeasyPrint the first
        edit(
            BASE,
            "<main>",
            '<main><a rel="attachment" rel="x" href="../content/resources.yaml">x</a>',
        ),
        ("…: error: the PDF would hold …; only web, e-mail and phone links may be in a leaflet",),
    ),
    Case(
        "template-attachment-after-a-bogus-comment",
        edit(
            BASE, "<main>", '<main><!--><a rel="attachment" href="../content/resources.yaml">x</a>'
        ),
        ("…: error: the PDF would hold …; only web, e-mail and phone links may be in a leaflet",),
    ),
    Case(
        "template-javascript-link",
        edit(BASE, "<main>", '<main><a href="javascript:alert(1)">x</a>'),
        (
            f"{BASE}:…: error: the PDF would hold a link to 'javascript:alert(1)'; only web, e-mail and phone links may be in a leaflet",
        ),
    ),
    Case(
        "template-file-link",
        edit(BASE, "<main>", '<main><a href="file:///etc/hostname">x</a>'),
        (
            f"{BASE}:…: error: the PDF would hold a link to 'file:///etc/hostname'; only web, e-mail and phone links may be in a leaflet",
        ),
    ),
    Case(
        "template-picture-of-a-path",  # picture() takes the leaflet's own pictures only
        edit(BASE, "<main>", "<main><img alt=x src=\"{{ picture({'path': leaflet.logo}) }}\">"),
        (
            f"{BASE}:…: error: template: picture() takes the id of one of the leaflet's own pictures (b.picture.id), nothing else",
        ),
    ),
    Case(
        "po-placeholder-typo",
        edit(PO_PL, 'msgstr "Data przeglądu: %(date)s"', 'msgstr "Data przeglądu: %(dat)s"'),
        (
            f"{PO_PL}:62:1: error: translation of 'Reviewed %(date)s' has placeholders %(dat)s; keep the message's (%(date)s), and write a % sign as %%",
        ),
    ),
    Case(
        "po-stray-percent",
        edit(PO_PL, 'msgstr "Logo: %(name)s"', 'msgstr "Logo: %(name)s 100%"'),
        (
            f"{PO_PL}:70:1: error: translation of '%(name)s logo' has placeholders %(name)s and a stray %; keep the message's (%(name)s), and write a % sign as %%",
        ),
    ),
    Case(
        "logo-png-not-svg",  # a PNG (a decompression bomb, say) under the logo's name
        write("content/partnerships/coventry-logo.svg", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        (
            "content/partnerships/coventry-logo.svg:1:1: error: logo is not an SVG file; save the logo as SVG",
        ),
    ),
    Case(
        "mistyped-number-in-text",
        edit(
            PART,
            "      or to discuss a child or family.",
            "      or to discuss a child or family, or call 0808 800 500.",
        ),
        (f"{PART}:29:…: error: '0808 800 500' is not a valid UK phone number; check every digit",),
    ),
    Case(
        "logo-svg-of-nested-uses",  # 30 levels of two <use> each: 2^30 shapes to draw
        edit(
            "content/partnerships/coventry-logo.svg",
            "</svg>",
            "".join(
                f'<g id="g{k}"><use href="#g{k - 1}"/><use href="#g{k - 1}"/></g>'
                for k in range(1, 31)
            )
            + "</svg>",
        ),
        (
            "content/partnerships/coventry-logo.svg:…: error: logo reuses shapes (<use>) over 20 times; simplify the drawing",
        ),
    ),
    Case(
        "logo-svg-with-entities",
        edit(
            "content/partnerships/coventry-logo.svg",
            "<svg",
            '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<svg',
        ),
        (
            "content/partnerships/coventry-logo.svg:1:16: error: logo defines an XML entity; save it without a DOCTYPE",
        ),
    ),
    Case(
        "logo-svg-with-external-image",
        edit(
            "content/partnerships/coventry-logo.svg",
            "</svg>",
            '<image href="file:///etc/hostname" width="1" height="1"/></svg>',
        ),
        (
            "content/partnerships/coventry-logo.svg:…: error: logo refers to 'file:///etc/hostname'; "
            "a logo must not refer to other files or web addresses",
        ),
    ),
]

TEMPLATES = [
    Case(
        "template-self-calling-macro",
        edit(BASE, "<main>", "<main>{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
        (f"{BASE}:…: error: template: a macro or template calls itself without end",),
    ),
    Case(
        "template-huge-range",
        edit(BASE, "<main>", "<main>{% for i in range(10**9) %}{% endfor %}"),
        (f"{BASE}:…: error: template: Range too big. …",),
    ),
    Case(
        "template-huge-repetition",
        edit(BASE, "<main>", "<main>{{ 'a ' * 10**8 }}"),
        (f"{BASE}:…: error: template: a repetition of over 100,000 items",),
    ),
    Case(
        "template-huge-power",
        edit(BASE, "<main>", "<main>{{ 2 ** 100000 }}"),
        (f"{BASE}:…: error: template: a power over 64 in a template",),
    ),
    Case(
        "template-syntax-error",
        edit("templates/parents/leaflet.html.j2", "{% endblock %}", "{% endblok %}"),
        (
            "templates/parents/leaflet.html.j2:…:1: error: template: Encountered unknown tag 'endblok'. …",
        ),
    ),
    Case(
        "template-unclosed-expression",
        edit(BASE, "<main>", "<main>{{ leaflet.title "),
        (f"{BASE}:…:1: error: template: expected token 'end of print statement', got '{{'",),
    ),
    Case(
        "template-undefined-name",
        edit(BASE, "<main>", "<main>{{ leaflet.no_such_field }}"),
        (
            f"{BASE}:…:1: error: template: 'resourcepack.compose.Leaflet object' has no attribute 'no_such_field'",
        ),
    ),
    Case(
        "template-undefined-variable",
        edit(BASE, "<main>", "<main>{{ secret }}"),
        (f"{BASE}:…:1: error: template: 'secret' is undefined",),
    ),
    Case(
        "template-reads-a-file",
        edit(BASE, "<main>", "<main>{{ leaflet.logo.read_text() }}"),
        (
            f"{BASE}:…:1: error: template: <bound method Path.read_text of …> is not safely callable",
        ),
    ),
    Case(
        "template-walks-to-python-internals",
        edit(BASE, "<main>", "<main>{{ leaflet.__class__.__mro__ }}"),
        (
            f"{BASE}:…:1: error: template: access to attribute '__class__' of 'Leaflet' object is unsafe.",
        ),
    ),
    Case(
        "template-missing-for-audience",
        lambda root: (root / "templates/parents/leaflet.html.j2").unlink(),
        (
            # The first failure in build order is reported, with -j 1 or -j 2 alike.
            "templates/parents/leaflet.html.j2:1:1: error: no template 'parents/leaflet.html.j2'; "
            "add templates/parents/leaflet.html.j2",
        ),
    ),
]


# The leak guard and tokens: shared guidance carries no partnership's details, and a leaflet
# prints only its own partnership's local details and national services.
FRONT_DOOR_END = "      or to discuss a child or family."
PARENTS_EVENING = ("a4", "a5-booklet", "dl-trifold", "a3-poster")
NEITHER = "neither partnership 'coventry''s nor a national service's"


def leak(name: str, planted: str, column: int, what: str) -> Case:
    """A case that plants text in Coventry's front-door description: every leaflet of the
    parents' evening pack prints it, and the guard must refuse each at the planted text."""
    return Case(
        name,
        edit(PART, FRONT_DOOR_END, f"      or to discuss a child or family{planted}"),
        tuple(
            f"{PART}:29:{column}: error: coventry.internet-offending.parents.en.{fmt}.pdf prints {what}; a leaflet may print only its own partnership's local details and national services"
            for fmt in PARENTS_EVENING
        ),
    )


LEAKS = [
    leak(
        "leak-another-partnerships-phone",
        ", or call 020 7946 0101.",
        48,
        "phone number of partnership 'example': '020 7946 0101'",
    ),
    leak(
        "leak-unknown-email",
        ": mash@exampleton.example.org.",
        40,
        f"e-mail address that is {NEITHER}: 'mash@exampleton.example.org'",
    ),
    leak(
        "leak-unknown-web-address",
        ": https://exampleton.example.org/mash.",
        40,
        f"web address that is {NEITHER}: 'https://exampleton.example.org/mash'",
    ),
    leak(
        "leak-another-partnerships-place",
        " in Exampleton.",
        42,
        "name or place of partnership 'example': 'Exampleton'",
    ),
    leak("leak-token-left-unfilled", " in {Place}.", 42, "a token left unfilled: '{Place}'"),
    Case(
        "token-unknown-with-suggestion",
        edit(TOPIC, "call\n            {contact:out-of-hours}.", "call {contact:out-of-hour}."),
        (
            f"{TOPIC}:…: error: unknown token '{{contact:out-of-hour}}' (did you mean '{{contact:out-of-hours}}'?)",
        ),
    ),
    Case(
        "token-unknown-kind",
        edit(TOPIC, "call\n            {contact:out-of-hours}.", "call {phone:mash}."),
        (f"{TOPIC}:…: error: unknown token '{{phone:mash}}' (…)",),
    ),
    Case(
        "local-number-in-shared-guidance",
        edit(TOPIC, "call\n            {contact:out-of-hours}.", "call 024 7683 2222."),
        (
            f"{TOPIC}:…: error: local number in shared guidance ('024 7683 2222'): move it to the partnership's contacts and write {{contact:<role>}} here",
        ),
    ),
    Case(
        "token-for-a-role-the-partnership-lacks",
        edit(TOPIC, "call\n            {contact:out-of-hours}.", "call {contact:early-help}."),
        (
            f"{TOPIC}:…: error: {{contact:early-help}}: partnership 'coventry' has no 'early-help' contact; add one at {PART}:23:3",
        ),
        ("check",),
    ),
    Case(
        "national-contact-in-a-partnership",
        edit(PART, "  - role: partnership-team", "  - role: emergency"),
        (
            f"{PART}:40:11: error: 'emergency' is a national contact, the same for every partnership (content/national-contacts.yaml); remove it here",
        ),
    ),
]


def foreign_pack_folder(kind: str) -> Change:
    """Put, where the parents' evening pack goes, a folder, file or link the user made."""

    def change(root: Path) -> None:
        final = root / "output" / "parents-evening"
        shutil.rmtree(final)
        if kind == "folder":
            final.mkdir()
            (final / "minutes.docx").write_text("the user's own minutes", encoding="utf-8")
        elif kind == "file":
            final.write_text("the user's own notes", encoding="utf-8")
        else:
            (root / "elsewhere").mkdir()
            final.symlink_to(root / "elsewhere")

    return change


VALIDATION = [
    Case(
        "id-with-a-trailing-newline",
        edit(PACK, "id: parents-evening", 'id: "parents-evening\\n"'),
        (
            f"{PACK}:1:5: error: id: id 'parents-evening\\n' must be lower-case letters, digits and single hyphens",
        ),
    ),
    Case(
        "review-date-two-centuries-on",
        edit(PART, "next_review: 2027-05-20", "next_review: 2206-05-20"),
        (
            f"{PART}:15:77: error: next_review: '2206-05-20' is not a date between 1990-01-01 and 2099-12-31",
        ),
    ),
    Case(
        "utf-16-file",
        lambda root: (root / PACK).write_bytes(
            (root / PACK).read_text(encoding="utf-8").encode("utf-16")
        ),
        (f"{PACK}:1:1: error: UTF-16 text, not UTF-8; save the file as UTF-8",),
    ),
    Case(
        "control-characters-in-a-key-are-shown-escaped",
        edit(
            PACK, "name: Parents' evening pack", 'name: Parents\' evening pack\n"na\\x1b[31mme": x'
        ),
        (f"{PACK}:3:1: error: unknown field 'na\\x1b[31mme' (did you mean 'name'?)",),
    ),
]


NOT_OURS = "it would be replaced by the pack: move it away, or build into another folder with -o"
OUTPUTS = [
    Case(
        "output-pack-folder-is-the-users",
        foreign_pack_folder("folder"),
        (
            f"output/parents-evening:1:1: error: parents-evening is a folder that resourcepack did not make; {NOT_OURS}",
        ),
    ),
    Case(
        "output-pack-folder-is-a-file",
        foreign_pack_folder("file"),
        (
            f"output/parents-evening:1:1: error: parents-evening is a file that resourcepack did not make; {NOT_OURS}",
        ),
    ),
    Case(
        "output-pack-folder-is-a-link",
        foreign_pack_folder("link"),
        (
            f"output/parents-evening:1:1: error: parents-evening is a link that resourcepack did not make; {NOT_OURS}",
        ),
    ),
]


GROUPS: list[list[Case]] = [
    SYNTAX,
    STRUCTURE,
    TYPES,
    KEYS,
    REFERENCES,
    VALUES,
    RELEASE_CASES,
    PATHS,
    FETCHES,
    TEMPLATES,
    LEAKS,
    OUTPUTS,
    VALIDATION,
]
CASES: list[Case] = [case for group in GROUPS for case in group]
