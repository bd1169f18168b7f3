"""Every case: a change to a copy of the real project, the command run, and the errors expected.

Cases about what the command line does with a bad input (exit code, one located line, output/
untouched) and those past the loader (checks, templates, renders, the leak guard, releases)
are here; the loader's own bad inputs, a few of each kind kept here, are on the tiny project in
tests/unit/test_catalog.py, with positions from its small files.

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
EXAMPLE = "content/partnerships/example.yaml"
TOPIC = "content/topics/internet-offending.yaml"
RES = "content/resources.yaml"
AUD = "content/audiences.yaml"
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
        "yaml-python-tag",
        edit(PACK, "copies: 150", "copies: !!python/object/apply:os.system [echo hi]"),
        (
            f"{PACK}:14:13: error: YAML: the tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "is not allowed; write plain values",
        ),
    ),
]

STRUCTURE = [
    Case(
        "duplicate-key-in-pack",
        edit(PACK, "    copies: 150\n", "    copies: 150\n    copies: 15\n"),
        (f"{PACK}:15:5: error: duplicate key 'copies' (first on line 14); keep one",),
    ),
    Case(
        "alias-bomb",
        write(PACK, laughs(40)),
        (f"{PACK}:27:12: error: YAML syntax: more than 50 aliases; write the values out",),
    ),
    Case(
        "file-over-size-limit",
        edit(RES, "resources:\n", "#" + "x" * 1_000_001 + "\nresources:\n"),
        (f"{RES}:1:1: error: file is over the 1000000 byte limit; split it",),
    ),
]

TYPES = [
    Case(
        "audiences-not-a-list",
        write(AUD, "audiences: parents\n"),
        (f"{AUD}:1:1: error: expected one key 'audiences:' holding a list",),
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
    Case(  # an empty value (found by the fuzzer: a bare `|`) once reached compose, a traceback
        "empty-cover-picture",
        edit(AUD, "cover_picture: child-with-phone", 'cover_picture: ""'),
        (f"{AUD}:24:20: error: cover_picture: unknown pictogram '' (known: …)",),
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
        "symlinked-topic-outside",
        link_out("content/topics/extra.yaml", "id: extra\n"),
        (
            "content/topics/extra.yaml:1:1: error: links to a file outside the project; copy the file into the project instead",
        ),
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
        "mistyped-number-in-text",
        edit(
            PART,
            "      or to discuss a child or family.",
            "      or to discuss a child or family, or call 0808 800 500.",
        ),
        (f"{PART}:29:…: error: '0808 800 500' is not a valid UK phone number; check every digit",),
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
