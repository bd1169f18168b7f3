"""JSON Schemas of every kind of YAML file, made from the content models, for editors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, get_args

from pydantic import AfterValidator, BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from . import content as c
from .atomic import write_atomic
from .checks import Theme
from .errors import Problem, ResourcePackError, display_path
from .packs import Pack

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "schemas"
SETTINGS = ".vscode/settings.json"


@dataclass(frozen=True)
class Kind:
    """One kind of YAML file: its schema's name, its model and the globs of its files."""

    name: str
    model: type[BaseModel]
    globs: tuple[str, ...]
    key: str | None = None

    @property
    def file(self) -> str:
        """The schema's file name."""
        return f"{self.name}.schema.json"


OVERLAYS = "content/partnerships/*.*.yaml"  # <partnership>.<lang>.yaml, a partnership's translation

# With a key, a file holds `key:` and a list of models (as catalog.load_list reads it); without,
# one model. Globs are relative to the project; one starting with '!' takes files out again: as
# VS Code's YAML extension reads them, the last glob a file matches decides.
KINDS = (
    Kind("audiences", c.Audience, ("content/audiences.yaml",), "audiences"),
    Kind("languages", c.Language, ("content/languages.yaml",), "languages"),
    Kind("variants", c.Variant, ("content/variants.yaml",), "variants"),
    Kind("resources", c.Resource, ("content/resources.yaml",), "resources"),
    Kind("pictograms", c.Pictogram, ("content/pictograms.yaml",), "pictograms"),
    Kind("national-contacts", c.NationalContacts, ("content/national-contacts.yaml",)),
    Kind("partnership", c.Partnership, ("content/partnerships/*.yaml", f"!{OVERLAYS}")),
    Kind("partnership-translation", c.PartnershipText, (OVERLAYS,)),
    Kind("topic", c.Topic, ("content/topics/*.yaml",)),
    Kind("translation", c.Translation, ("content/translations/*.yaml",)),
    Kind("easy-read", c.EasyRead, ("content/easy-read/*.yaml",)),
    Kind("formats", c.Format, ("templates/formats.yaml",), "formats"),
    Kind("theme", Theme, ("templates/theme.yaml",)),
    Kind("pack", Pack, ("packs/*.yaml",)),
)

Schema = dict[str, Any]
STRING: Schema = {"type": "string"}
TEXT: Schema = {"type": "string", "minLength": 1, "maxLength": c.MAX_TEXT}
ID_PATTERN = c.ID_RE.pattern
LOCALISED: Schema = {
    "anyOf": [
        TEXT,
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": TEXT,
        },
    ],
    "description": "Text, or a map from audience id (or 'default') to text.",
}
ROLE: Schema = {
    "type": "string",
    "enum": list(c.ROLES),
    "enumDescriptions": list(c.ROLES.values()),
    "description": "A contact's role: " + "; ".join(f"{k}, {v}" for k, v in c.ROLES.items()),
}
# Where a reference's ids are written (each checked when the content loads).
REFERENCES = {
    c.AudienceId: "An audience id (content/audiences.yaml).",
    c.LanguageId: "A language id (content/languages.yaml).",
    c.FormatId: "A format id (templates/formats.yaml).",
    c.ResourceId: "A resource id (content/resources.yaml).",
    c.TopicId: "A topic id: the name of a file in content/topics/.",
    c.PartnershipId: "A partnership id: the name of a file in content/partnerships/.",
    c.VariantId: "A variant id (content/variants.yaml).",
    c.PictogramId: "A pictogram id (content/pictograms.yaml).",
}


def _validator(annotated: Any) -> Callable[..., Any]:
    """The function of an Annotated type's AfterValidator."""
    return next(m.func for m in get_args(annotated) if isinstance(m, AfterValidator))


def _pattern(regex: str, about: str) -> Callable[[Schema], Schema]:
    """A hook giving a string schema the pattern its validator checks, and a description."""
    return lambda inner: {**inner, "pattern": regex, "description": about}


def _reference(about: str) -> Callable[[Schema], Schema]:
    """A hook for a reference to an id written elsewhere."""
    return _pattern(ID_PATTERN, about)


def _without_null(inner: Schema) -> list[Schema]:
    """The alternatives of an optional type's schema, but null."""
    return [s for s in inner["anyOf"] if s != {"type": "null"}]


FORMAT_LIST: Schema = {"type": "array", "items": _reference(REFERENCES[c.FormatId])(STRING)}
FORMAT_IDS: Schema = {
    "anyOf": [
        FORMAT_LIST,
        {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": FORMAT_LIST,
        },
    ],
    "description": "Format ids for every audience (a list), or a map from audience id "
    "(or 'default') to format ids.",
}
# What a model's validators accept beyond its type (before) and what they check (after).
BEFORE: dict[Callable[..., Any], Callable[[Schema], Schema]] = {
    c._localised: lambda inner: LOCALISED,
    c._formats: lambda inner: FORMAT_IDS,
    c._verified: lambda inner: {
        "anyOf": [*_without_null(inner), {"const": False}],
        "description": "When and by whom it was checked, {on: YYYY-MM-DD, by: ...}, or false "
        "while it is not yet confirmed.",
    },
    c._item: lambda inner: {"anyOf": [inner, LOCALISED]},
    c._resource_ref: lambda inner: {"anyOf": [_reference(REFERENCES[c.ResourceId])(STRING), inner]},
    c._phone: lambda inner: {
        "type": ["string", "integer"],
        "description": "A UK phone number as printed, e.g. 0808 800 5000, or 999; TODO while "
        "it is not yet known.",
    },
    c._date: lambda inner: {
        **inner,
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
        "description": "A date, YYYY-MM-DD.",
    },
}
AFTER: dict[Callable[..., Any], Callable[[Schema], Schema]] = {
    c._id: _pattern(ID_PATTERN, "An id: lower-case letters, digits and single hyphens."),
    c._url: _pattern(c.URL_RE.pattern.replace('\\"', '"'), "A web address, https://..."),
    c._email: _pattern(c.EMAIL_RE.pattern, "An email address."),
    c._colour: _pattern(c.COLOUR_RE.pattern, "A colour, #rrggbb."),
    c._role: lambda inner: ROLE,
    _validator(c.RoleId): lambda inner: ROLE,
    **{_validator(t): _reference(about) for t, about in REFERENCES.items()},
}


class _Generator(GenerateJsonSchema):
    """Pydantic's JSON Schema, told what the content models' validators accept and check."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> Schema:
        """The schema of a type with a BeforeValidator: what the validator accepts."""
        inner = super().function_before_schema(schema)
        hook = BEFORE.get(schema["function"]["function"])
        return hook(inner) if hook else inner

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> Schema:
        """The schema of a type with an AfterValidator: with what the validator checks."""
        inner = super().function_after_schema(schema)
        hook = AFTER.get(schema["function"]["function"])
        return hook(inner) if hook else inner


def _title(kind: Kind) -> str:
    """A schema's title: its model (a list of them: plural) and its files."""
    files = ", ".join(g for g in kind.globs if not g.startswith("!"))
    return f"{kind.model.__name__}{'s' if kind.key else ''} ({files})"


def _list_of(key: str, model: str, item: JsonSchemaValue) -> Schema:
    """The schema of a file holding `key:` and a list of models."""
    alone = {k: v for k, v in item.items() if k != "$defs"}
    return {
        "$defs": {**item.get("$defs", {}), model: alone},
        "type": "object",
        "properties": {key: {"type": "array", "items": {"$ref": f"#/$defs/{model}"}}},
        "required": [key],
        "additionalProperties": False,
    }


def schema(kind: Kind) -> Schema:
    """The JSON Schema of one kind of file."""
    body = kind.model.model_json_schema(schema_generator=_Generator)
    about = str(body.get("description", ""))
    if kind.key is not None:
        body = _list_of(kind.key, kind.model.__name__, body)
        about = f"'{kind.key}:' and a list; each item: {about}"
    return {**body, "$schema": DRAFT, "title": _title(kind), "description": about}


def schemas() -> dict[str, Schema]:
    """Every kind's JSON Schema, by file name."""
    return {kind.file: schema(kind) for kind in KINDS}


def as_text(value: Any) -> str:
    """JSON as the schema files are written: sorted keys, indented 2, a trailing newline."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def settings_entries() -> dict[str, list[str]]:
    """VS Code's `yaml.schemas` setting: each schema file and the globs of its files."""
    return {f"./{FOLDER}/{kind.file}": list(kind.globs) for kind in KINDS}


def read_settings(path: Path) -> dict[str, Any]:
    """A VS Code settings file's keys (none when it does not exist); it must be plain JSON."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_bytes())
    except json.JSONDecodeError as e:
        where, msg = (e.lineno, e.colno), f"{e.msg}; this command reads plain JSON (no comments)"
    except UnicodeDecodeError:
        where, msg = (1, 1), "is not UTF-8 text"
    else:
        if isinstance(data, dict):
            return data
        where, msg = (1, 1), "must hold a JSON object {...}"
    problem = Problem(display_path(path), *where, f"{msg}; or add 'yaml.schemas' by hand")
    raise ResourcePackError([problem])


def with_schemas(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings with `yaml.schemas` giving every schema's globs; other keys and entries kept."""
    old = settings.get("yaml.schemas")
    others = {
        k: v
        for k, v in (old if isinstance(old, dict) else {}).items()
        if not k.startswith(f"./{FOLDER}/")
    }
    return {**settings, "yaml.schemas": {**others, **settings_entries()}}


def _write(path: Path, text: str) -> Path:
    """Write a text file atomically, in UTF-8 with the newlines given."""
    write_atomic(path, lambda tmp: tmp.write_bytes(text.encode("utf-8")))
    return path


def write_schemas(root: Path) -> list[Path]:
    """Write every schema into root/schemas/ and VS Code's settings; return the files written."""
    settings_file = root / SETTINGS
    settings = read_settings(settings_file)  # before writing anything: it may be unreadable
    written = [_write(root / FOLDER / name, as_text(s)) for name, s in schemas().items()]
    settings_text = json.dumps(with_schemas(settings), indent=2, ensure_ascii=False) + "\n"
    return [*written, _write(settings_file, settings_text)]


def matches(relative: str, globs: Iterable[str]) -> bool:
    """Whether a project-relative path is a file of the globs (the last glob it matches says)."""
    found = False
    for glob in globs:
        if PurePosixPath(relative).match(glob.removeprefix("!")):
            found = not glob.startswith("!")
    return found


def files_of(root: Path, kind: Kind) -> list[Path]:
    """The project's files of one kind."""
    candidates = {p for g in kind.globs if not g.startswith("!") for p in root.glob(g)}
    return sorted(p for p in candidates if matches(p.relative_to(root).as_posix(), kind.globs))
