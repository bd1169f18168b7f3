"""Compose: pick one audience's blocks from a topic and resolve contacts, resources, citations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .content import Block, Item, Partnership, Resource, Source, Topic
from .evidence import fact_key, review_key

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
    facts: tuple[str, ...] = ()
    draft: tuple[str, ...] = ()

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


def _items(items: list[Item] | None, audience: str) -> tuple[ItemView, ...]:
    picked = ((i.term, pick(i.text, audience)) for i in items or [])
    return tuple(ItemView(text, term) for term, text in picked if text is not None)


def _block(block: Block, audience: str, numbers: dict[str, int]) -> BlockView | None:
    text, items = pick(block.text, audience), _items(block.items, audience)
    if (block.text is not None and text is None) or (block.items and not items):
        return None
    cites = tuple(numbers.setdefault(c, len(numbers) + 1) for c in block.cite)
    return BlockView(block.type, text, items, cites)


def _sections(topic: Topic, audience: str, numbers: dict[str, int]) -> tuple[SectionView, ...]:
    out = []
    for s in topic.sections:
        heading = pick(s.heading, audience)
        if not _shown(s.audiences, audience) or heading is None:
            continue
        blocks = [_block(b, audience, numbers) for b in s.blocks if _shown(b.audiences, audience)]
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


def _facts(
    topic: Topic, part: Partnership, shown: list[str], resources: list[Resource], cited: list[str]
) -> tuple[str, ...]:
    """The evidence keys of every review and checked fact a leaflet relies on."""
    return (
        review_key("topic", topic.id),
        review_key("partnership", part.id),
        *(fact_key("contact", f"{part.id}/{c}") for c in shown),
        *(fact_key("resource", r.id) for r in resources),
        *(fact_key("source", f"{topic.id}/{s}") for s in cited),
    )


def draft_reasons(catalog: Catalog, facts: tuple[str, ...]) -> tuple[str, ...]:
    """Why a leaflet relying on these facts is a draft today: stale reviews, unverified facts."""
    found = (catalog.evidence.get(key) for key in facts)
    reasons = (e.stale(catalog.today) for e in found if e is not None)
    return tuple(dict.fromkeys(r for r in reasons if r is not None))


def compose(
    catalog: Catalog, topic_id: str, audience: str, fmt: str, partnership_id: str
) -> Leaflet:
    """Build the Leaflet for one topic, audience, format and partnership."""
    topic, part = catalog.topics[topic_id], catalog.partnerships[partnership_id]
    numbers: dict[str, int] = {}
    sections = _sections(topic, audience, numbers)
    shown = [c for c in part.contacts if _shown(c.audiences, audience)]
    contacts = tuple(
        ContactView(c.name, c.phone, pick(c.description, audience) or "", c.verified is not None)
        for c in shown
    )
    picked = [catalog.resources[i] for i in topic.resources]
    used = [r for r in picked if audience in r.audiences]
    resources = tuple(
        ResourceView(
            r.name,
            r.organisation,
            pick(r.description, audience) or "",
            r.url,
            r.phone,
            r.email,
            r.hours,
        )
        for r in used
    )
    facts = _facts(topic, part, [c.id for c in shown], used, list(numbers))
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
        facts=facts,
        draft=draft_reasons(catalog, facts),
    )
