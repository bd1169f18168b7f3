"""Scaffold: a new partnership's file, every local role present and marked TODO, and a logo."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Collection
from pathlib import Path

from .content import ID_RE, ROLES, TODO
from .errors import Problem, UsageError
from .paths import ProjectPaths
from .source import load_yaml

# Who sees each local role's contact by default (the partnership can change it).
ROLE_AUDIENCES = {
    "front-door": ("parents", "carers", "professionals"),
    "out-of-hours": ("parents", "carers", "professionals"),
    "lado": ("carers", "professionals"),
    "early-help": ("parents", "carers"),
    "partnership-team": ("professionals",),
}
PRIMARY, ACCENT = "#2b4a6f", "#006b5f"  # placeholders, contrast with white 8.9:1 and 6.4:1

LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 60" width="60" height="60" \
role="img" aria-labelledby="title">
  <title id="title">{short}</title>
  <!-- Placeholder mark written by `new-partnership`: replace it with the partnership's logo. -->
  <rect x="1" y="1" width="58" height="58" rx="10" ry="10" fill="{primary}"/>
  <path d="M30 13 L44 18 L44 31 C44 39 38 44 30 47 C22 44 16 39 16 31 L16 18 Z" fill="#ffffff"/>
  <path d="M30 16.5 L41 20.5 L41 31 C41 37.5 36.5 41.5 30 44 C23.5 41.5 19 37.5 19 31 \
L19 20.5 Z" fill="{accent}"/>
</svg>
"""

NEXT_STEPS = """\
next steps:
  1. fill in every TODO in {file} from a checked source (each contact's
     name, phone number and description, and the place if it says TODO); give each
     `verified: {{on: YYYY-MM-DD, by: ...}}` once checked against its source (until then
     its leaflets are drafts)
  2. remove any role the partnership does not have (a leaflet that needs it will say so)
  3. replace {logo} with the partnership's logo, and set its brand colours
  4. write packs/<id>.yaml with `partnership: {id}`
  5. python generate.py check, then python generate.py build <pack>
"""


def short_name(name: str) -> str:
    """The initials of a name's capitalised words (Example Safeguarding ... -> ES...)."""
    return "".join(w[0] for w in name.split() if w[:1].isupper()) or name.split()[0]


def partnership_yaml(
    ident: str, name: str, place: str | None, today: dt.date, audiences: Collection[str] = ()
) -> str:
    """The new partnership's file, every local role present and TODO, each shown to the
    audiences (of those given, if any) that see it by default."""
    due = today + dt.timedelta(days=182)
    lines = [
        f"# {name}: contacts and brand. Written by `python generate.py new-partnership`.",
        "# Fill in every TODO from a checked source; a leaflet that prints a TODO is an error.",
        "# Roles: docs/content-format.md. 999 and 101 are national: content/national-contacts.yaml",
        f"id: {ident}",
        f"name: {json.dumps(name, ensure_ascii=False)}",
        f"short_name: {json.dumps(short_name(name), ensure_ascii=False)}",
        f"place: {json.dumps(place, ensure_ascii=False) if place else TODO}",
        f"review: {{owner: {json.dumps(name, ensure_ascii=False)}, last_reviewed: {today}, "
        f"next_review: {due}}}",
        "brand:",
        f'  primary: "{PRIMARY}"  # placeholder: brand colour, contrast with white >= 4.5:1',
        f'  accent: "{ACCENT}"   # placeholder',
        f"  logo: {ident}-logo.svg  # placeholder mark: replace it",
        "contacts:",
    ]
    for role, default in ROLE_AUDIENCES.items():
        seen = [a for a in default if not audiences or a in audiences] or list(audiences)
        lines += [
            f"  # {ROLES[role]}",
            f"  - role: {role}",
            f"    name: {TODO}",
            f"    phone: {TODO}",
            f"    description: {TODO}",
            f"    audiences: [{', '.join(seen)}]",
            "    verified: false",
        ]
    return "\n".join(lines) + "\n"


def new_partnership(
    root: Path, ident: str, name: str, place: str | None, today: dt.date
) -> tuple[Path, Path]:
    """Write content/partnerships/<id>.yaml and its placeholder logo; refuse to overwrite."""
    _check(ident, name)
    folder = ProjectPaths(root).partnerships
    file, logo = folder / f"{ident}.yaml", folder / f"{ident}-logo.svg"
    for path in (file, logo):
        if path.exists():
            msg = f"{path.relative_to(root)} already exists; choose another id or edit that file"
            raise UsageError([Problem("command line", 1, 1, msg)])
    _write(logo, LOGO.format(short=short_name(name), primary=PRIMARY, accent=ACCENT))
    _write(file, partnership_yaml(ident, name, place, today, project_audiences(root)))
    return file, logo


def project_audiences(root: Path) -> tuple[str, ...]:
    """The ids of the project's audiences (content/audiences.yaml), or none if it has none."""
    path = ProjectPaths(root).audiences
    if not path.is_file():
        return ()
    data = load_yaml(path, root).data
    listed = data.get("audiences", []) if isinstance(data, dict) else []
    return tuple(str(a["id"]) for a in listed if isinstance(a, dict) and "id" in a)


def _check(ident: str, name: str) -> None:
    problems = []
    if not ID_RE.match(ident) or len(ident) > 60:
        problems.append(f"id '{ident}' must be lower-case letters, digits and single hyphens")
    if not name.strip() or len(name) > 200 or re.search(r"[\x00-\x1f]", name):
        problems.append("--name must be the partnership's name, on one line")
    if problems:
        raise UsageError([Problem("command line", 1, 1, p) for p in problems])


def _write(path: Path, text: str) -> None:
    """Write a file whole: to a temporary name, then renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
