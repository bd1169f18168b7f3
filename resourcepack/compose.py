"""Compose: pick one audience's blocks from a topic and resolve contacts, resources, citations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .content import Block, Item, Resource, Source, Topic

LocalisedText = dict[str, str]


@dataclass(frozen=True)
class ItemView:
    """One list item or defined term, as the reader sees it."""

    text: str
    term: str | None = None


@dataclass(frozen=True)
class BlockView:
    """A block for one audience: its kind, text, items and citation numbers."""

    kind: str
    text: str | None
    items: tuple[ItemView, ...]
    cites: tuple[int, ...]


@dataclass(frozen=True)
class SectionView:
    """A section for one audience."""

    id: str
    heading: str
    blocks: tuple[BlockView, ...]


@dataclass(frozen=True)
class ContactView:
    """A phone line to show in the contacts box."""

    name: str
    phone: str
    description: str
    verified: bool


@dataclass(frozen=True)
class ResourceView:
    """A national resource to show with its URL."""

    name: str
    organisation: str
    description: str
    url: str
    phone: str | None
    email: str | None
    hours: str | None
    qr: bool = False


@dataclass(frozen=True)
class PosterView:
    """A poster's short text for one audience, and the link its QR code opens."""

    headline: str
    actions: tuple[str, ...]
    qr_url: str
    qr_name: str


@dataclass(frozen=True)
class Citation:
    """A numbered source cited by the leaflet."""

    number: int
    publisher: str
    title: str
    year: int
    url: str | None


@dataclass(frozen=True)
class Leaflet:
    """Everything one leaflet shows: plain data, no HTML."""

    topic: str
    title: str
    subtitle: str | None
    audience: str
    audience_name: str
    body_pt: float
    language: str
    direction: str
    format: str
    partnership: str
    partnership_short: str
    brand_primary: str
    brand_accent: str
    logo: Path
    sections: tuple[SectionView, ...]
    contacts: tuple[ContactView, ...]
    resources: tuple[ResourceView, ...]
    citations: tuple[Citation, ...]
    owner: str
    reviewed: dt.date
    next_review: dt.date
    online_url: str | None = None
    poster: PosterView | None = None

    @property
    def filename(self) -> str:
        """The leaflet's file name: topic.audience.lang.format.pdf."""
        return f"{self.topic}.{self.audience}.{self.language}.{self.format}.pdf"


def pick(text: LocalisedText | None, audience: str) -> str | None:
    """The text for an audience, else the default, else None."""
    if text is None:
        return None
    return text.get(audience, text.get("default"))


def _shown(audiences: list[str] | None, audience: str) -> bool:
    return audiences is None or audience in audiences


def _in(formats: dict[str, list[str]] | None, fmt: str, audience: str) -> bool:
    """True when a format list (for this audience, else the default) is absent or has fmt."""
    chosen = (formats or {}).get(audience, (formats or {}).get("default"))
    return chosen is None or fmt in chosen


def _items(items: list[Item] | None, audience: str) -> tuple[ItemView, ...]:
    picked = ((i.term, pick(i.text, audience)) for i in items or [])
    return tuple(ItemView(text, term) for term, text in picked if text is not None)


def _block(block: Block, audience: str, numbers: dict[str, int]) -> BlockView | None:
    text, items = pick(block.text, audience), _items(block.items, audience)
    if (block.text is not None and text is None) or (block.items and not items):
        return None
    cites = tuple(numbers.setdefault(c, len(numbers) + 1) for c in block.cite)
    return BlockView(block.type, text, items, cites)


def _sections(
    topic: Topic, audience: str, fmt: str, numbers: dict[str, int]
) -> tuple[SectionView, ...]:
    out = []
    for s in topic.sections:
        heading = pick(s.heading, audience)
        if not (_shown(s.audiences, audience) and _in(s.formats, fmt, audience)) or heading is None:
            continue
        shown = (
            b for b in s.blocks if _shown(b.audiences, audience) and _in(b.formats, fmt, audience)
        )
        blocks = [_block(b, audience, numbers) for b in shown]
        kept = tuple(b for b in blocks if b is not None)
        if kept:
            out.append(SectionView(s.id, heading, kept))
    return tuple(out)


def _citations(sources: list[Source], numbers: dict[str, int]) -> tuple[Citation, ...]:
    by_id = {s.id: s for s in sources}
    return tuple(
        Citation(n, by_id[i].publisher, by_id[i].title, by_id[i].year, by_id[i].url)
        for i, n in sorted(numbers.items(), key=lambda kv: kv[1])
    )


def _resource(r: Resource, audience: str) -> ResourceView:
    description = pick(r.description, audience) or ""
    return ResourceView(r.name, r.organisation, description, r.url, r.phone, r.email, r.hours, r.qr)


def _poster(catalog: Catalog, topic: Topic, audience: str) -> PosterView | None:
    """The poster's text for one audience; its QR code opens the online version, else a resource."""
    if topic.poster is None:
        return None
    p = topic.poster
    actions = tuple(pick(a, audience) or "" for a in p.actions)
    if topic.online_url:
        return PosterView(pick(p.headline, audience) or "", actions, topic.online_url, topic.title)
    qr = catalog.resources[p.qr or ""]
    return PosterView(pick(p.headline, audience) or "", actions, qr.url, qr.name)


def compose(
    catalog: Catalog, topic_id: str, audience: str, fmt: str, partnership_id: str
) -> Leaflet:
    """Build the Leaflet for one topic, audience, format and partnership."""
    topic, part = catalog.topics[topic_id], catalog.partnerships[partnership_id]
    numbers: dict[str, int] = {}
    sections = _sections(topic, audience, fmt, numbers)
    contacts = tuple(
        ContactView(c.name, c.phone, pick(c.description, audience) or "", c.verified)
        for c in part.contacts
        if _shown(c.audiences, audience)
    )
    resources = tuple(
        _resource(catalog.resources[ref.id], audience)
        for ref in topic.resources
        if audience in catalog.resources[ref.id].audiences and _in(ref.formats, fmt, audience)
    )
    lang = catalog.languages[topic.language]
    return Leaflet(
        topic=topic.id,
        title=topic.title,
        subtitle=pick(topic.subtitle, audience),
        audience=audience,
        audience_name=catalog.audiences[audience].name,
        body_pt=catalog.audiences[audience].body_pt,
        language=lang.id,
        direction=lang.direction,
        format=fmt,
        partnership=part.name,
        partnership_short=part.short_name,
        brand_primary=part.brand.primary,
        brand_accent=part.brand.accent,
        logo=catalog.root / "content" / "partnerships" / part.brand.logo,
        sections=sections,
        contacts=contacts,
        resources=resources,
        citations=_citations(topic.sources, numbers),
        owner=topic.review.owner,
        reviewed=max(topic.review.last_reviewed, part.review.last_reviewed),
        next_review=min(topic.review.next_review, part.review.next_review),
        online_url=topic.online_url,
        poster=_poster(catalog, topic, audience),
    )
