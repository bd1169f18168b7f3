"""Compose: pick one audience's blocks (in one language and variant) and resolve what they cite."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .content import (
    Block,
    EasyRead,
    Item,
    Partnership,
    Source,
    Topic,
    Translation,
    Variant,
    topic_hash,
)
from .errors import ContentError, problem_at
from .evidence import fact_key, review_key

LocalisedText = dict[str, str]
TOKEN = re.compile(r"\{(phone|url):([a-z0-9-]+)\}")


@dataclass(frozen=True)
class ItemView:
    """One list item or defined term, as the reader sees it."""

    text: str
    term: str | None = None


@dataclass(frozen=True)
class PictureView:
    """A pictogram file and its alt text."""

    path: Path
    alt: str


@dataclass(frozen=True)
class BlockView:
    """A block for one audience: its kind, text, items, citation numbers and picture."""

    kind: str
    text: str | None
    items: tuple[ItemView, ...]
    cites: tuple[int, ...]
    picture: PictureView | None = None


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
    variant: str
    variant_name: str
    template: str
    body_pt: float
    language: str
    locale: str
    direction: str
    fonts: tuple[str, ...]
    draft_translation: bool
    format: str
    max_pages: int | None
    partnership: str
    partnership_short: str
    brand_primary: str
    brand_accent: str
    logo: Path
    sections: tuple[SectionView, ...]
    glossary: tuple[ItemView, ...]
    contacts: tuple[ContactView, ...]
    resources: tuple[ResourceView, ...]
    citations: tuple[Citation, ...]
    owner: str
    reviewed: dt.date
    next_review: dt.date
    online_url: str | None = None
    poster: PosterView | None = None
    facts: tuple[str, ...] = ()
    draft: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        """The file name: topic.audience[-variant].lang.format.pdf."""
        who = self.audience if self.variant == "standard" else f"{self.audience}-{self.variant}"
        return f"{self.topic}.{who}.{self.language}.{self.format}.pdf"


def pick(text: LocalisedText | None, audience: str) -> str | None:
    """The text for an audience, else the default, else None."""
    if text is None:
        return None
    return text.get(audience, text.get("default"))


def shown(audiences: list[str] | None, audience: str) -> bool:
    """Whether something tagged for these audiences (None: all) is shown to this one."""
    return audiences is None or audience in audiences


def _items(items: list[Item] | None, audience: str) -> tuple[ItemView, ...]:
    picked = ((i.term, pick(i.text, audience)) for i in items or [])
    return tuple(ItemView(text, term) for term, text in picked if text is not None)


def _translated(block: Block, view: BlockView, tr: Translation) -> BlockView:
    """The same block with its words from the translation."""
    text = tr.blocks[block.id]
    items = view.items
    if text.items is not None:
        items = tuple(ItemView(t, i.term) for t, i in zip(text.items, view.items, strict=True))
    return BlockView(view.kind, text.text or view.text, items, view.cites)


def _block(
    block: Block, audience: str, numbers: dict[str, int], tr: Translation | None
) -> BlockView | None:
    text, items = pick(block.text, audience), _items(block.items, audience)
    if (block.text is not None and text is None) or (block.items and not items):
        return None
    cites = tuple(numbers.setdefault(c, len(numbers) + 1) for c in block.cite)
    view = BlockView(block.type, text, items, cites)
    return _translated(block, view, tr) if tr else view


def in_format(formats: dict[str, list[str]] | None, fmt: str | None, audience: str) -> bool:
    """True when there is no format to match, or no list (for the audience, else the default)
    of the formats the content is in, or the format is in that list."""
    chosen = (formats or {}).get(audience, (formats or {}).get("default"))
    return fmt is None or chosen is None or fmt in chosen


def visible_blocks(
    topic: Topic, audience: str, fmt: str | None = None
) -> list[tuple[str, str, list[Block]]]:
    """The sections (id, heading, blocks) an audience sees, in one format if given, untranslated."""
    out = []
    for s in topic.sections:
        heading = pick(s.heading, audience)
        if not (shown(s.audiences, audience) and in_format(s.formats, fmt, audience)):
            continue
        blocks = [
            b
            for b in s.blocks
            if shown(b.audiences, audience)
            and in_format(b.formats, fmt, audience)
            and _block(b, audience, {}, None) is not None
        ]
        if blocks and heading is not None:
            out.append((s.id, heading, blocks))
    return out


def _sections(
    topic: Topic, audience: str, fmt: str, numbers: dict[str, int], tr: Translation | None
) -> tuple[SectionView, ...]:
    out = []
    for sid, heading, blocks in visible_blocks(topic, audience, fmt):
        views = tuple(v for b in blocks if (v := _block(b, audience, numbers, tr)) is not None)
        out.append(SectionView(sid, tr.sections[sid].heading if tr else heading, views))
    return tuple(out)


def _citations(sources: list[Source], numbers: dict[str, int]) -> tuple[Citation, ...]:
    by_id = {s.id: s for s in sources}
    return tuple(
        Citation(n, by_id[i].publisher, by_id[i].title, by_id[i].year, by_id[i].url)
        for i, n in sorted(numbers.items(), key=lambda kv: kv[1])
    )


def _poster(catalog: Catalog, topic: Topic, audience: str) -> PosterView | None:
    """The poster's text for one audience; its QR code opens the online version, else a resource."""
    if topic.poster is None:
        return None
    p = topic.poster
    headline, actions = (
        pick(p.headline, audience) or "",
        tuple(pick(a, audience) or "" for a in p.actions),
    )
    if topic.online_url:
        return PosterView(headline, actions, topic.online_url, topic.title)
    target = catalog.resources[p.qr or ""]
    return PosterView(headline, actions, target.url, target.name)


def _facts(
    catalog: Catalog,
    topic: Topic,
    part: Partnership,
    audience: str,
    easy: bool,
    cited: list[str],
    fmt: str | None = None,
) -> tuple[str, ...]:
    """The evidence keys of every review and checked fact a leaflet (in a format) relies on."""
    contacts = [c.id for c in part.contacts if shown(c.audiences, audience)]
    used = [
        r.id
        for r in topic.resources
        if audience in catalog.resources[r.id].audiences and in_format(r.formats, fmt, audience)
    ]
    return (
        review_key("topic", topic.id),
        review_key("partnership", part.id),
        *((review_key("easy-read", topic.id),) if easy else ()),
        *(fact_key("contact", f"{part.id}/{c}") for c in contacts),
        *(fact_key("resource", r) for r in used),
        *(fact_key("source", f"{topic.id}/{s}") for s in cited),
    )


def translation_reasons(topic: Topic, tr: Translation | None) -> tuple[str, ...]:
    """Why a translated leaflet is a draft: its translation is unreviewed, or older than the
    English."""
    if tr is None:
        return ()
    reasons = [f"translation into '{tr.language}' is a draft"] if tr.status == "draft" else []
    if tr.source_hash != topic_hash(topic, tr.audiences):
        reasons.append(f"translation into '{tr.language}' is older than the English")
    return tuple(reasons)


def draft_reasons(catalog: Catalog, facts: tuple[str, ...]) -> tuple[str, ...]:
    """Why a leaflet relying on these facts is a draft today: stale reviews, unverified facts."""
    found = (catalog.evidence.get(key) for key in facts)
    reasons = (e.stale(catalog.today) for e in found if e is not None)
    return tuple(dict.fromkeys(r for r in reasons if r is not None))


def _contacts(part: Partnership, audience: str, tr: Translation | None) -> tuple[ContactView, ...]:
    out = []
    for c in part.contacts:
        if shown(c.audiences, audience):
            name, text = c.name, pick(c.description, audience) or ""
            if tr:
                name, text = tr.contacts[c.id].name, tr.contacts[c.id].description
            out.append(ContactView(name, c.phone, text, c.verified is not None))
    return tuple(out)


def _resources(
    catalog: Catalog, topic: Topic, audience: str, fmt: str, tr: Translation | None
) -> tuple[ResourceView, ...]:
    out = []
    for ref in topic.resources:
        r = catalog.resources[ref.id]
        if audience in r.audiences and in_format(ref.formats, fmt, audience):
            name, text, hours = r.name, pick(r.description, audience) or "", r.hours
            if tr:
                t = tr.resources[r.id]
                name, text, hours = t.name or r.name, t.description, t.hours or r.hours
            view = ResourceView(name, r.organisation, text, r.url, r.phone, r.email, hours, ref.qr)
            out.append(view)
    return tuple(out)


def token_values(catalog: Catalog, partnership: Partnership) -> dict[str, str]:
    """What {phone:id} and {url:id} tokens name: contacts' and resources' numbers, and URLs."""
    values = {f"phone:{r.id}": r.phone for r in catalog.resources.values() if r.phone}
    values |= {f"url:{r.id}": r.url for r in catalog.resources.values()}
    return values | {f"phone:{c.id}": c.phone for c in partnership.contacts}


def fill_tokens(text: str, values: dict[str, str], where: str) -> str:
    """Replace {phone:id} and {url:id} tokens with the numbers and addresses they name."""

    def value(match: re.Match[str]) -> str:
        key = f"{match[1]}:{match[2]}"
        if key not in values:
            raise ContentError([problem_at(where, 1, 1, f"nothing for '{{{key}}}'")])
        return values[key]

    return TOKEN.sub(value, text)


def _easy_sections(
    catalog: Catalog, easy: EasyRead, audience: str, part: Partnership
) -> tuple[SectionView, ...]:
    numbers, where = token_values(catalog, part), f"content/easy-read/{easy.topic}.yaml"
    out = []
    for s in easy.sections:
        points = []
        for p in s.points:
            text = pick(p.text, audience)
            if text is not None:
                pic = catalog.pictograms[p.picture]
                path = catalog.root / "content" / "pictograms" / pic.file
                filled = fill_tokens(text, numbers, where)
                points.append(BlockView("point", filled, (), (), PictureView(path, pic.alt)))
        heading = pick(s.heading, audience)
        if points and heading:
            out.append(SectionView(s.id, heading, tuple(points)))
    return tuple(out)


def _body_pt(catalog: Catalog, audience: str, variant: Variant) -> float:
    return max(catalog.audiences[audience].body_pt, variant.body_pt or 0)


def compose(
    catalog: Catalog,
    topic_id: str,
    audience: str,
    fmt: str,
    partnership_id: str,
    language: str = "en",
    variant_id: str = "standard",
) -> Leaflet:
    """Build the Leaflet for one topic, audience, format, partnership, language and variant."""
    topic, part = catalog.topics[topic_id], catalog.partnerships[partnership_id]
    variant = catalog.variants.get(variant_id) or Variant(id="standard", name="Standard")
    tr = catalog.translations.get((topic_id, language)) if language != topic.language else None
    lang = catalog.languages[language]
    numbers: dict[str, int] = {}
    title, subtitle = topic.title, pick(topic.subtitle, audience)
    glossary: tuple[ItemView, ...] = ()
    if variant.text == "easy-read":
        easy = catalog.easy_read[topic_id]
        sections, title, subtitle = _easy_sections(catalog, easy, audience, part), easy.title, None
        glossary = _items(easy.glossary, audience)
    else:
        sections = _sections(topic, audience, fmt, numbers, tr)
        if tr:
            title, subtitle = tr.title, tr.subtitle
    is_easy = variant.text == "easy-read"
    facts = _facts(catalog, topic, part, audience, is_easy, list(numbers), fmt)
    return Leaflet(
        topic=topic.id,
        title=title,
        subtitle=subtitle,
        audience=audience,
        audience_name=catalog.audiences[audience].name,
        variant=variant.id,
        variant_name=variant.name,
        template=variant.template or audience,
        body_pt=_body_pt(catalog, audience, variant),
        language=lang.id,
        locale=lang.locale,
        direction=lang.direction,
        fonts=tuple(lang.fonts),
        draft_translation=bool(tr and tr.status == "draft"),
        format=fmt,
        max_pages=variant.max_pages,
        partnership=part.name,
        partnership_short=part.short_name,
        brand_primary=part.brand.primary,
        brand_accent=part.brand.accent,
        logo=catalog.root / "content" / "partnerships" / part.brand.logo,
        sections=sections,
        glossary=glossary,
        contacts=_contacts(part, audience, tr),
        resources=_resources(catalog, topic, audience, fmt, tr),
        citations=_citations(topic.sources, numbers),
        owner=topic.review.owner,
        reviewed=max(topic.review.last_reviewed, part.review.last_reviewed),
        next_review=min(topic.review.next_review, part.review.next_review),
        online_url=topic.online_url,
        poster=_poster(catalog, topic, audience),
        facts=facts,
        draft=draft_reasons(catalog, facts) + translation_reasons(topic, tr),
    )
