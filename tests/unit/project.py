"""A tiny synthetic project for unit tests: the smallest set of files the loader accepts, each of
which a test can replace (or remove) by name.

    root = make_project(tmp_path, files={TOPIC: "...", "content/variants.yaml": None})
    leaflet = composed(root, "tiny", "parents", "a4", "north")
    assert errors_of(root) == [f"{at(root, PACK, 'a5')}: error: format: unknown format ..."]

compose and the loaders are called here only (composed, loaded, errors_of), so that a change to
their signatures changes one file.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from resourcepack.catalog import Catalog, load_catalog
from resourcepack.compose import Leaflet, compose
from resourcepack.errors import Problem, ResourcePackError
from resourcepack.packs import Pack, load_packs
from resourcepack.pipeline import validate

TODAY = dt.date(2026, 12, 1)

AUDIENCES = "content/audiences.yaml"
LANGUAGES = "content/languages.yaml"
FORMATS = "templates/formats.yaml"
RESOURCES = "content/resources.yaml"
NATIONAL = "content/national-contacts.yaml"
NORTH = "content/partnerships/north.yaml"
TOPIC = "content/topics/tiny.yaml"
PACK = "packs/evening.yaml"
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="9" height="9"/></svg>\n'
)
CHECKED = "{on: 2026-11-20, by: tester}"
REVIEW = "{owner: Team, last_reviewed: 2026-11-20, next_review: 2027-05-20}"


def dedent(text: str) -> str:
    """A file's text written indented in a test, without its indent."""
    return textwrap.dedent(text).lstrip("\n")


BASE: dict[str, str] = {
    AUDIENCES: dedent(
        """
        audiences:
          - id: parents
            name: Parents
            description: Parents of children
            body_pt: 14
            min_body_pt: 14
          - id: professionals
            name: Professionals
            description: People who work with children
            body_pt: 12
            citations: numbered
        """
    ),
    LANGUAGES: dedent(
        """
        languages:
          - id: en
            name: English
            locale: en_GB
            fonts: [Atkinson Hyperlegible]
        """
    ),
    FORMATS: dedent(
        """
        formats:
          - id: a4
            name: A4 leaflet
            stylesheet: styles/a4.css
            width_mm: 210
            height_mm: 297
            pad_to: 2
            production:
              imposition: sheets
              finished: A4, 210 × 297 mm
              paper: 130 gsm silk
              sides: 2
              fold: none
              binding: one staple
        """
    ),
    "templates/styles/a4.css": "@page { size: A4; margin: 15mm }\n",
    "templates/theme.yaml": (
        "colours: {text: '#1a1a1a', background: '#ffffff'}\n"
        "pairs:\n  - {text: text, background: background, body: true, use: body text}\n"
    ),
    RESOURCES: dedent(
        f"""
        resources:
          - id: helpline
            name: Helpline
            organisation: Helpline Trust
            description: Advice for adults worried about a child.
            url: https://www.helpline.org.uk
            phone: 0808 800 5000
            audiences: [parents, professionals]
            source: https://www.helpline.org.uk
            verified: {CHECKED}
        """
    ),
    NATIONAL: dedent(
        f"""
        contacts:
          - role: emergency
            name: Emergency services
            phone: "999"
            description: If a child is in immediate danger, call 999.
            verified: {CHECKED}
        """
    ),
    NORTH: dedent(
        f"""
        id: north
        name: North Safeguarding Partnership
        short_name: NSP
        place: Northton
        review: {REVIEW}
        brand: {{primary: "#1d3f6e", accent: "#00706b", logo: north-logo.svg}}
        contacts:
          - role: front-door
            name: Front door
            phone: 020 7946 0201
            description: Call if you are worried about a child in Northton.
            verified: {CHECKED}
        """
    ),
    "content/partnerships/north-logo.svg": LOGO,
    TOPIC: dedent(
        f"""
        id: tiny
        title: Tiny topic
        audiences: [parents, professionals]
        review: {REVIEW}
        origin: Written for the tests
        sources:
          - id: report
            title: A report
            publisher: Someone
            year: 2024
            verified: {CHECKED}
        resources: [helpline]
        sections:
          - id: first
            heading: What it is
            blocks:
              - id: intro
                text: Call {{contact:front-door}} in {{place}}.
              - id: law
                audiences: [professionals]
                text: The law says so.
                cite: [report]
        """
    ),
    PACK: dedent(
        """
        id: evening
        name: Evening pack
        event: {name: Evening, date: 2027-01-21, venue: Hall}
        partnership: north
        leaflets:
          - {topic: tiny, audience: parents, format: a4, copies: 10}
        """
    ),
}


def make_project(root: Path, files: Mapping[str, str | bytes | None] | None = None) -> Path:
    """Write the tiny project under root/project: BASE with each of files written over it
    (a None removes that file); return its folder."""
    project = root / "project"
    for rel, text in {**BASE, **(files or {})}.items():
        path = project / rel
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return project


def loaded(root: Path, today: dt.date = TODAY) -> Catalog:
    """The project's catalog (it must load)."""
    return load_catalog(root, today)


def packs_of(root: Path, today: dt.date = TODAY) -> dict[str, Pack]:
    """The project's packs, checked against its catalog (both must load)."""
    return dict(load_packs(root, loaded(root, today)))


def composed(
    root: Path,
    topic: str = "tiny",
    audience: str = "parents",
    fmt: str = "a4",
    partnership: str = "north",
    language: str = "en",
    variant: str = "standard",
    today: dt.date = TODAY,
) -> Leaflet:
    """One leaflet of the project, composed."""
    return compose(
        validate(loaded(root, today)), topic, audience, fmt, partnership, language, variant
    )


def shown(p: Problem, root: Path) -> str:
    """A problem as the CLI prints it, its path relative to the project."""
    path = os.path.abspath(p.path)  # relative paths are the working folder's; links not followed
    rel = Path(os.path.relpath(path, os.path.abspath(root))).as_posix()
    return str(Problem(rel, p.line, p.column, p.message, p.severity))


def errors_of(root: Path, today: dt.date = TODAY) -> list[str]:
    """Load content and packs as a build does, which must fail; every problem, as printed."""
    with pytest.raises(ResourcePackError) as info:
        try:
            catalog = load_catalog(root, today)
        except ResourcePackError as e:
            load_packs(root, None, e.problems)
            raise
        load_packs(root, catalog)
    return [shown(p, root) for p in info.value.problems]


def compose_errors(root: Path, *args: str) -> list[str]:
    """Compose one leaflet (as composed), which must fail; every problem, as printed."""
    with pytest.raises(ResourcePackError) as info:
        composed(root, *args)
    return [shown(p, root) for p in info.value.problems]


def at(root: Path, rel: str, needle: str, nth: int = 0) -> str:
    """'rel:line:col' of the nth occurrence of needle in a file of the tiny project."""
    text = (root / rel).read_text(encoding="utf-8")
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    return f"{rel}:{line}:{start - text.rfind(chr(10), 0, start)}"
