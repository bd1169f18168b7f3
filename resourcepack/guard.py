"""Leak guard: a leaflet prints only its own partnership's local details and national ones.

Run on every leaflet a build or check composes, on its final text (the rendered HTML): every
phone number, e-mail and web address must be its partnership's or a national service's, no other
partnership's name or place may appear, and no token may be left unfilled.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .catalog import Catalog
from .compose import Leaflet
from .content import TODO
from .errors import Problem, problem_at
from .source import SourceDoc
from .tokens import LEFT_OVER, locate_token, strings

PHONE_LIKE = re.compile(r"(?<![\d.])(?:\+44\s?|0)\d(?:[ -]?\d){6,10}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
WEB = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\u200e\u200f\u2066-\u2069]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|org|com|net|gov|info|io)\b"
    r"(?:/[^\s<>\"')\u200e\u200f\u2066-\u2069]*)?",
    re.IGNORECASE,
)


def digits(number: str) -> str:
    """A phone number's digits, the national way (+44 20 … becomes 020 …)."""
    found = re.sub(r"\D", "", number)
    return "0" + found[2:] if number.strip().startswith("+44") else found


def host(address: str) -> str:
    """The host of a web address, lower case, without 'www.'."""
    split = urlsplit(address if "://" in address else f"https://{address}")
    return (split.hostname or "").removeprefix("www.")


@dataclass(frozen=True)
class Owners:
    """Every partnership's phone numbers (as digits), names and places, with their owner: one
    index for all of a catalog's leaflets (built once, not once per partnership)."""

    by_key: dict[str, str]
    names: re.Pattern[str] | None


@dataclass(frozen=True)
class Allowed:
    """What one partnership's leaflets may print, and the index of what belongs to whom."""

    phones: frozenset[str]
    emails: frozenset[str]
    hosts: frozenset[str]
    own: str  # its own name, short name and places: names inside these are not another's
    owners: Owners


def _national(catalog: Catalog) -> tuple[set[str], set[str], set[str]]:
    phones = {digits(c.phone) for c in catalog.national.values()}
    phones |= {digits(r.phone) for r in catalog.resources.values() if r.phone}
    emails = {r.email.lower() for r in catalog.resources.values() if r.email}
    urls = [r.url for r in catalog.resources.values()]
    urls += [s.url for t in catalog.topics.values() for s in t.sources if s.url]
    urls += [t.online_url for t in catalog.topics.values() if t.online_url]
    return phones, emails, {host(u) for u in urls}


def owners_index(catalog: Catalog) -> Owners:
    """Every partnership's numbers, names and places, by owner (the first, where shared)."""
    by_key: dict[str, str] = {}
    for p in catalog.partnerships.values():
        for c in p.contacts:
            if c.phone != TODO:
                by_key.setdefault(digits(c.phone), p.id)
    names: dict[str, str] = {}
    for p in catalog.partnerships.values():
        for name in (p.name, p.short_name, p.place, *_places(catalog, p.id)):
            if name != TODO:
                names.setdefault(name, p.id)
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if names else None
    return Owners({**names, **by_key}, pattern)


def _places(catalog: Catalog, partnership: str) -> list[str]:
    """A partnership's place as its translations write it."""
    return [t.place for (p, _), t in catalog.local_texts.items() if p == partnership and t.place]


def allowed_for(catalog: Catalog, partnership: str, owners: Owners | None = None) -> Allowed:
    """What a partnership's leaflets may print (owners: the catalog's index, if already made)."""
    part = catalog.partnerships[partnership]
    phones, emails, hosts = _national(catalog)
    phones |= {digits(c.phone) for c in part.contacts if c.phone != TODO}
    own = " ".join((part.name, part.short_name, part.place, *_places(catalog, partnership)))
    index = owners or owners_index(catalog)
    return Allowed(frozenset(phones), frozenset(emails), frozenset(hosts), own, index)


class _Text(HTMLParser):
    """The text a reader can see or hear: text, alt text and link targets (no styles)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "script")
        for name, value in attrs:
            if value and (name in ("alt", "title", "aria-label") or (tag, name) == ("a", "href")):
                self.parts.append("\n" + value + "\n")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script") and self.skip > 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of rendered HTML, without its styles."""
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


Leak = tuple[str, str, tuple[str, ...]]


def leaks(text: str, allowed: Allowed, partnership: str) -> Iterator[Leak]:
    """(what was found, why it may not be printed, the text around it) for every leak in a
    leaflet's text."""
    for m in EMAIL.finditer(text):
        if m[0].lower() not in allowed.emails:
            yield m[0], _whose("e-mail address", m[0], allowed, partnership), around(text, m)
    no_mail = EMAIL.sub(_blank, text)  # blanked out, so that offsets stay those of the text
    for m in WEB.finditer(no_mail):
        found = m[0].rstrip(".,;:")
        if host(found) not in allowed.hosts:
            yield found, _whose("web address", found, allowed, partnership), around(text, m)
    for m in PHONE_LIKE.finditer(WEB.sub(_blank, no_mail)):
        if digits(m[0]) not in allowed.phones:
            why = _whose("phone number", digits(m[0]), allowed, partnership)
            yield m[0], why, around(text, m)
    for m in allowed.owners.names.finditer(text) if allowed.owners.names else ():
        owner = allowed.owners.by_key[m[0]]
        if owner != partnership and m[0] not in allowed.own:
            yield m[0], f"name or place of partnership '{owner}'", around(text, m)
    for m in LEFT_OVER.finditer(text):
        yield m[0], "a token left unfilled", around(text, m)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m[0])


def around(text: str, m: re.Match[str], most: int = 3) -> tuple[str, ...]:
    """The match with up to `most` words either side, then fewer, down to the match alone."""
    before, after = text[: m.start()].split(), text[m.end() :].split()
    out = []
    for n in range(most, -1, -1):
        left = " ".join(before[-n:]) if n and text[m.start() - 1 : m.start()].isspace() else ""
        right = " ".join(after[:n]) if n and text[m.end() : m.end() + 1].isspace() else ""
        out.append(" ".join(filter(None, (left, m[0], right))))
    return tuple(dict.fromkeys(out))


def _whose(kind: str, key: str, allowed: Allowed, partnership: str) -> str:
    if (owner := allowed.owners.by_key.get(key)) and owner != partnership:
        return f"{kind} of partnership '{owner}'"
    return f"{kind} that is neither partnership '{partnership}''s nor a national service's"


Input = SourceDoc | Path


def guard(leaflet: Leaflet, html: str, allowed: Allowed, inputs: Iterable[Input]) -> list[Problem]:
    """Every leak in a rendered leaflet, located at the input value that brought it in."""
    return located(leaflet, found_in(html, allowed, leaflet.partnership_id), inputs)


def found_in(html: str, allowed: Allowed, partnership: str) -> tuple[Leak, ...]:
    """Every leak in a leaflet's rendered HTML, not yet located (what a render worker finds);
    an address printed in its short form beside its link's full one is one leak."""
    found = tuple(leaks(visible_text(html), allowed, partnership))
    full = {text for text, why, _ in found if why.startswith("web address")}
    return tuple(
        leak
        for leak in found
        if not (
            leak[1].startswith("web address") and any(leak[0] != f and leak[0] in f for f in full)
        )
    )


def located(leaflet: Leaflet, leaked: Iterable[Leak], inputs: Iterable[Input]) -> list[Problem]:
    """Leaks of a leaflet, each located at the input value that brought it in."""
    found = {(text, why): near for text, why, near in leaked}
    sources = list(inputs)
    return [
        dataclasses.replace(
            _origin(sources, text, near),
            message=f"{leaflet.filename} prints {why}: '{text}'; a leaflet may print only its "
            "own partnership's local details and national services",
        )
        for (text, why), near in found.items()
    ]


def _pattern(text: str) -> re.Pattern[str]:
    if PHONE_LIKE.fullmatch(text):
        return re.compile(r"[\s-]*".join(re.escape(d) for d in digits(text)))
    return re.compile(r"\s+".join(re.escape(w) for w in text.split()))


def locate(sources: Iterable[Input], text: str) -> Problem:
    """Where a piece of a leaflet's text is written in its inputs (message left empty)."""
    return _origin(list(sources), text, (text,))


def _origin(sources: list[Input], text: str, near: tuple[str, ...]) -> Problem:
    """Where the text is written: the input value that holds most of the words around it (not
    comments), else a template; else the last input."""
    for context in near:
        for source in sources:
            if (found := _find(source, _pattern(context), _pattern(text))) is not None:
                return found
    last = sources[-1]
    return problem_at(last.path if isinstance(last, SourceDoc) else last, 1, 1, "")


def _find(source: Input, context: re.Pattern[str], text: re.Pattern[str]) -> Problem | None:
    """The place in one input of the text, inside the first match of its context."""
    if isinstance(source, SourceDoc):
        for value, loc in strings(source.data):
            if (m := context.search(value)) and (t := text.search(m[0])):
                return locate_token(source, loc, t[0], "")
        return None
    body = source.read_text(encoding="utf-8", errors="replace")
    if (m := context.search(body)) and (t := text.search(body, m.start())):
        line = body.count("\n", 0, t.start()) + 1
        return problem_at(source, line, t.start() - body.rfind("\n", 0, t.start()), "")
    return None
