"""Leak guard: a leaflet prints only its own partnership's local details and national ones.

Run on every leaflet a build or check composes, on its final text (the rendered HTML): every
phone number, e-mail and web address must be its partnership's or a national service's, no other
partnership's name or place may appear, and no token may be left unfilled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .catalog import Catalog
from .compose import Leaflet
from .content import TODO, Partnership
from .errors import Problem, problem_at
from .tokens import LEFT_OVER

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
class Allowed:
    """What one partnership's leaflets may print, and what belongs to the others."""

    phones: frozenset[str]
    emails: frozenset[str]
    hosts: frozenset[str]
    owners: dict[str, str]
    foreign: re.Pattern[str] | None


def _national(catalog: Catalog) -> tuple[set[str], set[str], set[str]]:
    phones = {digits(c.phone) for c in catalog.national.values()}
    phones |= {digits(r.phone) for r in catalog.resources.values() if r.phone}
    emails = {r.email.lower() for r in catalog.resources.values() if r.email}
    urls = [r.url for r in catalog.resources.values()]
    urls += [s.url for t in catalog.topics.values() for s in t.sources if s.url]
    urls += [t.online_url for t in catalog.topics.values() if t.online_url]
    return phones, emails, {host(u) for u in urls}


def _names(catalog: Catalog, part: Partnership) -> Iterator[tuple[str, str]]:
    """(name, owner) for every other partnership's name, short name and place, in any language."""
    own = " ".join((part.name, part.short_name, part.place))
    for other in catalog.partnerships.values():
        if other.id == part.id:
            continue
        places = [t.place for (p, _), t in catalog.local_texts.items() if p == other.id and t.place]
        for name in (other.name, other.short_name, other.place, *places):
            if name != TODO and name not in own:
                yield name, other.id


def allowed_for(catalog: Catalog, partnership: str) -> Allowed:
    """What a partnership's leaflets may print."""
    part = catalog.partnerships[partnership]
    phones, emails, hosts = _national(catalog)
    owners = {
        digits(c.phone): other.id
        for other in catalog.partnerships.values()
        if other.id != part.id
        for c in other.contacts
        if c.phone != TODO
    }
    phones |= {digits(c.phone) for c in part.contacts if c.phone != TODO}
    names = dict(_names(catalog, part))
    owners |= names
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    foreign = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if names else None
    return Allowed(frozenset(phones), frozenset(emails), frozenset(hosts), owners, foreign)


class _Text(HTMLParser):
    """The text a reader can see or hear: text, alt text and link targets (no styles)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "script")
        for name, value in attrs:
            if name in ("alt", "href", "title", "aria-label") and value:
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


def leaks(text: str, allowed: Allowed, partnership: str) -> Iterator[tuple[str, str]]:
    """(what was found, why it may not be printed) for every leak in a leaflet's text."""
    for m in EMAIL.finditer(text):
        if m[0].lower() not in allowed.emails:
            yield m[0], _whose("e-mail address", m[0], allowed, partnership)
    rest = EMAIL.sub(" ", text)
    for m in WEB.finditer(rest):
        if host(m[0].rstrip(".,;:")) not in allowed.hosts:
            yield m[0].rstrip(".,;:"), _whose("web address", m[0], allowed, partnership)
    for m in PHONE_LIKE.finditer(WEB.sub(" ", rest)):
        if digits(m[0]) not in allowed.phones:
            yield m[0], _whose("phone number", digits(m[0]), allowed, partnership)
    for m in allowed.foreign.finditer(text) if allowed.foreign else ():
        yield m[0], f"name or place of partnership '{allowed.owners[m[0]]}'"
    for m in LEFT_OVER.finditer(text):
        yield m[0], "a token left unfilled"


def _whose(kind: str, key: str, allowed: Allowed, partnership: str) -> str:
    if owner := allowed.owners.get(key):
        return f"{kind} of partnership '{owner}'"
    return f"{kind} that is neither partnership '{partnership}''s nor a national service's"


def guard(leaflet: Leaflet, html: str, allowed: Allowed, inputs: Iterable[Path]) -> list[Problem]:
    """Every leak in a rendered leaflet, located at the line of the input that brought it in."""
    found = dict.fromkeys(leaks(visible_text(html), allowed, leaflet.partnership_id))
    files = list(inputs)
    return [
        problem_at(
            *_origin(files, text),
            f"{leaflet.filename} prints {why}: '{text}'; a leaflet may print only its own "
            "partnership's local details and national services",
        )
        for text, why in found
    ]


def _origin(files: list[Path], text: str) -> tuple[Path, int, int]:
    """The first place in the input files where the text (or number) is written."""
    if PHONE_LIKE.fullmatch(text):
        pattern = r"[\s-]*".join(re.escape(d) for d in digits(text))
    else:
        pattern = r"\s+".join(re.escape(w) for w in text.split())
    for path in files:
        body = path.read_text(encoding="utf-8", errors="replace")
        if m := re.search(pattern, body):
            line = body.count("\n", 0, m.start()) + 1
            return path, line, m.start() - body.rfind("\n", 0, m.start())
    return files[-1], 1, 1
