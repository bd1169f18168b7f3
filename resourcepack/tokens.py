"""Tokens: how shared text names local details ({place}, {contact:front-door}) and national links.

Topics, Easy Read texts and translations hold only what is true for every partnership; each
local detail is a token, filled from the partnership's file (and its overlay in the leaflet's
language) when a leaflet is composed. A token that cannot be filled is an error at the token.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .content import ROLES, TODO, Contact, Partnership, PartnershipText, Resource
from .errors import Problem, problem_at, relative
from .source import SourceDoc

TOKEN = re.compile(r"\{([a-z][a-z-]*)(?::([a-z0-9-]*))?\}")
# Anything a reader would see as a token left unfilled, e.g. "{phone:mash}" or "{ place }".
LEFT_OVER = re.compile(r"\{[^{}\n]{1,60}\}")
PARTNERSHIP_TOKENS = ("place", "partnership", "partnership-short")
ROLE_KINDS = ("contact", "name", "short")
Loc = Sequence[str | int]


def token_names(resources: Mapping[str, Resource]) -> frozenset[str]:
    """Every token a text may use, whatever the partnership."""
    names = set(PARTNERSHIP_TOKENS)
    names |= {f"{kind}:{role}" for kind in ROLE_KINDS for role in ROLES}
    names |= {f"phone:{r.id}" for r in resources.values() if r.phone}
    names |= {f"url:{r.id}" for r in resources.values()}
    return frozenset(names)


@dataclass(frozen=True)
class Values:
    """What each token says for one partnership in one language, and why the rest can't be said."""

    partnership: str
    found: Mapping[str, str]
    gaps: Mapping[str, str]
    known: frozenset[str]
    used: set[str] = field(default_factory=set, compare=False)


def _where(doc: SourceDoc, loc: Loc, root: Path) -> str:
    line, col = doc.locate(loc)
    return f"{relative(doc.path, root)}:{line}:{col}"


def _role_values(
    role: str,
    c: Contact | None,
    part: Partnership,
    doc: SourceDoc,
    local: PartnershipText | None,
    root: Path,
) -> tuple[dict[str, str], str | None]:
    """The contact, name and short tokens of one role, or why they can't be filled."""
    if c is None:
        where = _where(doc, ("contacts",), root)
        return {}, f"partnership '{part.id}' has no '{role}' contact; add one at {where}"
    if (blank := c.todo) is not None:
        i = part.contacts.index(c)
        field = blank if blank in ("phone", "name") else "description"
        where = _where(doc, ("contacts", i, field), root)
        return {}, f"the '{role}' contact of partnership '{part.id}' is still TODO at {where}"
    name = local.contacts[role].name if local and role in local.contacts else c.name
    short = c.short_name or name
    return {f"contact:{role}": c.phone, f"name:{role}": name, f"short:{role}": short}, None


def values_for(
    part: Partnership,
    doc: SourceDoc,
    national: Mapping[str, Contact],
    resources: Mapping[str, Resource],
    local: PartnershipText | None = None,
    root: Path = Path(),
) -> Values:
    """The token values of one partnership (with its overlay in the leaflet's language, if any);
    a gap names its place in the file relative to the project's root."""
    found = {"partnership": part.name, "partnership-short": part.short_name}
    gaps: dict[str, str] = {}
    place = (local.place if local else None) or part.place
    if place == TODO:
        gaps["place"] = (
            f"the place of partnership '{part.id}' is still TODO at {_where(doc, ('place',), root)}"
        )
    else:
        found["place"] = place
    for role in ROLES:
        contact = national.get(role) or part.contact(role)
        values, gap = _role_values(role, contact, part, doc, local, root)
        found |= values
        gaps |= {f"{kind}:{role}": gap for kind in ROLE_KINDS if gap}
    found |= {f"phone:{r.id}": r.phone for r in resources.values() if r.phone}
    found |= {f"url:{r.id}": r.url for r in resources.values()}
    return Values(part.id, found, gaps, token_names(resources))


def token_problem(name: str, values: Values) -> str | None:
    """Why a token can't be filled for this partnership, or None when it can."""
    if name in values.found:
        return None
    if name in values.gaps:
        return f"{{{name}}}: {values.gaps[name]}"
    return unknown_token(name, values.known)


def unknown_token(name: str, known: frozenset[str]) -> str:
    """Say a token is unknown, with a 'did you mean' when one is close."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    kind = name.split(":")[0]
    hint = f"did you mean '{{{close[0]}}}'?" if close else _kinds_hint(kind)
    return f"unknown token '{{{name}}}' ({hint})"


def _kinds_hint(kind: str) -> str:
    if kind in ROLE_KINDS:
        return f"roles: {', '.join(ROLES)}"
    return "tokens: {place}, {partnership}, {partnership-short}, {contact:<role>}, " + (
        "{name:<role>}, {short:<role>}, {phone:<resource>}, {url:<resource>}"
    )


def fill(text: str, values: Values, doc: SourceDoc | None, loc: Loc, out: list[Problem]) -> str:
    """Fill every token of a text; add a located problem for each that can't be filled."""

    def one(m: re.Match[str]) -> str:
        name = m[0][1:-1]
        if (message := token_problem(name, values)) is None:
            values.used.add(name)
            return values.found[name]
        out.append(locate_token(doc, loc, m[0], message))
        return m[0]

    return TOKEN.sub(one, text)


def locate_token(doc: SourceDoc | None, loc: Loc, token: str, message: str) -> Problem:
    """A problem at the token itself: the first one at or after the value's start in the file."""
    if doc is None:
        return problem_at("content", 1, 1, message)
    line, col = doc.locate(loc)
    for n, text in enumerate(_lines(doc.path)[line - 1 :], line):
        start = text.find(token, col - 1 if n == line else 0)
        if start >= 0:
            return problem_at(doc.path, n, start + 1, message)
    return problem_at(doc.path, line, col, message)


def locate_nth(doc: SourceDoc, loc: Loc, word: str, skip: int, message: str) -> Problem:
    """A problem at a word of a value: its occurrence after `skip` others (each not inside a
    longer word), at or after the value's start in the file; else at the value."""
    line, col = doc.locate(loc)
    pattern = re.compile(rf"(?<!\w){re.escape(word)}")
    for n, text in enumerate(_lines(doc.path)[line - 1 :], line):
        for m in pattern.finditer(text, col - 1 if n == line else 0):
            if skip == 0:
                return problem_at(doc.path, n, m.start() + 1, message)
            skip -= 1
    return problem_at(doc.path, line, col, message)


def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def strings(
    data: object, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every string in a loaded YAML value, with its key path."""
    if isinstance(data, str):
        yield data, loc
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from strings(v, (*loc, str(k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from strings(v, (*loc, i))
