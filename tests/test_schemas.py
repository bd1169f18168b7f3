"""JSON Schemas for editors: every bundled file fits its schema, the committed schemas are up to
date, typos and unknown values are flagged, and `python generate.py schemas` writes them."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from conftest import REPO, Run
from resourcepack.content import ROLES
from resourcepack.schemas import (
    FOLDER,
    KINDS,
    SETTINGS,
    Kind,
    files_of,
    matches,
    schema,
    settings_entries,
    write_schemas,
)
from resourcepack.source import load_yaml

Cli = Callable[..., Run]
BY_NAME = {kind.name: kind for kind in KINDS}
PROJECT_YAML = ("content", "templates", "packs")


@functools.cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A checked validator of one kind's schema, with formats (dates) asserted."""
    body = schema(BY_NAME[name])
    jsonschema.Draft202012Validator.check_schema(body)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return jsonschema.Draft202012Validator(body, format_checker=checker)


def errors(name: str, data: Any) -> list[str]:
    """What the schema of a kind says of data: one line per error."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(data)
    ]


def bundled(name: str) -> tuple[Path, Any]:
    """The first bundled file of a kind and its data, as plain JSON values."""
    path = files_of(REPO, BY_NAME[name])[0]
    return path, json.loads(json.dumps(load_yaml(path).data))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_bundled_file_fits_its_schema(kind: Kind) -> None:
    files = files_of(REPO, kind)
    assert files, f"no bundled file matches {kind.globs}"
    problems = [
        f"{path.relative_to(REPO)}: {line}"
        for path in files
        for line in errors(kind.name, load_yaml(path).data)
    ]
    assert not problems, "\n".join(problems)


def test_every_yaml_file_has_exactly_one_schema() -> None:
    files = sorted(p for part in PROJECT_YAML for p in (REPO / part).rglob("*.yaml"))
    for path in files:
        rel = path.relative_to(REPO).as_posix()
        kinds = [k.name for k in KINDS if matches(rel, k.globs)]
        assert len(kinds) == 1, f"{rel} is described by {kinds or 'no schema'}"


def test_the_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    fresh = {p.name: p.read_bytes() for p in (tmp_path / FOLDER).iterdir()}
    committed = {p.name: p.read_bytes() for p in (REPO / FOLDER).glob("*.schema.json")}
    assert fresh == committed, "the schemas in schemas/ are stale: run python generate.py schemas"
    settings = json.loads((REPO / SETTINGS).read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == settings_entries(), "run python generate.py schemas"


def test_a_misspelt_field_is_flagged_where_it_is() -> None:
    _, topic = bundled("topic")
    topic["tittle"] = topic.pop("title")
    topic["sections"][0]["blocks"][0]["txt"] = "Some text."
    found = errors("topic", topic)
    assert any("'title' is a required property" in e for e in found), found
    assert any(e.startswith(": ") and "'tittle' was unexpected" in e for e in found), found
    assert any(e.startswith("sections/0/blocks/0: ") and "'txt'" in e for e in found), found


@pytest.mark.parametrize(
    ("kind", "where", "value"),
    [
        ("formats", ("formats", 0, "production", "imposition"), "perfect-bound"),
        ("languages", ("languages", 0, "direction"), "up"),
        ("partnership", ("contacts", 0, "role"), "front-dor"),
        ("topic", ("sections", 0, "blocks", 0, "type"), "quote"),
        ("translation", ("status",), "done"),
    ],
)
def test_a_value_that_is_not_allowed_is_flagged(
    kind: str, where: tuple[str | int, ...], value: str
) -> None:
    _, data = bundled(kind)
    put(data, where, value)
    found = errors(kind, data)
    assert [e for e in found if e.startswith("/".join(map(str, where)) + ": ")], found


def put(data: Any, where: tuple[str | int, ...], value: Any) -> None:
    """Set the value at a path of keys and indexes."""
    for step in where[:-1]:
        data = data[step]
    data[where[-1]] = value


# The schema and the model agree: what the validators take besides the type (text or a map by
# audience, a bare resource id, `verified: false`, a phone number YAML reads as a number), and
# what they refuse (patterns, enums, limits).
AGREEMENT = [
    ("resources", ("resources", 0, "verified"), False, True),
    ("resources", ("resources", 0, "verified"), True, False),
    ("resources", ("resources", 0, "description"), {"default": "A.", "carers": "B."}, True),
    ("resources", ("resources", 0, "description"), "", False),
    ("resources", ("resources", 0, "phone"), 999, True),
    ("resources", ("resources", 0, "url"), "http://www.example.org", False),
    ("resources", ("resources", 0, "id"), "NSPCC_line", False),
    ("resources", ("resources", 0, "email"), "help.nspcc.org.uk", False),
    ("partnership", ("brand", "primary"), "#1d3f6", False),
    ("partnership", ("review", "next_review"), "2027-5-20", False),
    ("partnership", ("contacts", 0, "phone"), "TODO", True),
    ("topic", ("resources", 0), "childline", True),
    ("topic", ("resources", 0), {"id": "childline", "qr": True, "formats": ["a4"]}, True),
    ("topic", ("sections", 0, "formats"), {"default": ["a4"], "parents": ["dl-trifold"]}, True),
    ("topic", ("sections", 0, "blocks", 0, "cite"), ["Source 1"], False),
    ("languages", ("languages", 0, "direction"), "rtl", True),
    ("formats", ("formats", 0, "contacts"), ["lado", "front-door"], True),
    ("formats", ("formats", 0, "contacts"), ["lad"], False),
    ("formats", ("formats", 0, "pad_to"), 9, False),
    ("pack", ("leaflets", 0, "copies"), 0, False),
    ("pack", ("event", "date"), "21 January 2027", False),
]


@pytest.mark.parametrize(("kind", "where", "value", "ok"), AGREEMENT)
def test_the_schema_and_the_model_agree(
    kind: str, where: tuple[str | int, ...], value: Any, ok: bool
) -> None:
    _, data = bundled(kind)
    put(data, where, value)
    found = errors(kind, data)
    assert (not found) == ok, found or "the schema accepts it"
    assert model_accepts(BY_NAME[kind], data) == ok


def model_accepts(kind: Kind, data: Any) -> bool:
    """Whether the kind's model validates the data (each item, for a list file)."""
    items = data[kind.key] if kind.key else [data]
    try:
        for item in items:
            kind.model.model_validate(item, context={"roles": set(ROLES)})
    except ValidationError:
        return False
    return True


def test_the_schemas_command_writes_schemas_and_keeps_other_settings(
    project: Path, cli: Cli
) -> None:
    settings = project / SETTINGS
    settings.parent.mkdir()
    mine = {"editor.rulers": [100], "yaml.schemas": {"./mine.json": ["notes/*.yaml"]}}
    settings.write_text(json.dumps(mine), encoding="utf-8")
    result = cli(project, "schemas")
    assert result.code == 0, result.err
    written = [f"wrote {FOLDER}/{k.file}" for k in KINDS] + [f"wrote {SETTINGS}"]
    assert result.out.splitlines() == written
    for kind in KINDS:
        assert (project / FOLDER / kind.file).read_bytes() == (
            REPO / FOLDER / kind.file
        ).read_bytes()
    after = json.loads(settings.read_text(encoding="utf-8"))
    assert after["editor.rulers"] == [100]
    entries = {f"./{FOLDER}/{k.file}": list(k.globs) for k in KINDS}
    assert after["yaml.schemas"] == {"./mine.json": ["notes/*.yaml"], **entries}


def test_settings_that_are_not_plain_json_are_refused_before_anything_is_written(
    project: Path, cli: Cli
) -> None:
    settings = project / SETTINGS
    settings.parent.mkdir()
    settings.write_text('{\n  // mine\n  "editor.rulers": [100]\n}\n', encoding="utf-8")
    result = cli(project, "schemas")
    assert result.code == 1
    assert result.err.startswith(f"{SETTINGS}:2:3: error: ")
    assert "add 'yaml.schemas' by hand" in result.err
    assert not (project / FOLDER).exists()


def test_a_new_partnership_file_fits_its_schema(project: Path, cli: Cli) -> None:
    name = "Northdale Safeguarding Children Partnership"
    assert cli(project, "new-partnership", "northdale", "--name", name).code == 0
    path = project / "content" / "partnerships" / "northdale.yaml"
    assert matches(path.relative_to(project).as_posix(), BY_NAME["partnership"].globs)
    assert errors("partnership", load_yaml(path).data) == []
