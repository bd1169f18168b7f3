"""Compose: pick one audience's blocks (in one language and variant) and resolve what they cite."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

from .catalog import Catalog
from .content import (
    NOT_ABOUT_A_CHILD,
    ROLES,
    Block,
    Contact,
    ContactText,
    EasyRead,
    Item,
    Partnership,
    Source,
    Topic,
    Translation,
    Variant,
    topic_hash,
)
from .errors import ContentError, Problem
from .evidence import fact_key, review_key
from .paths import ProjectPaths
from .source import LocList, SourceDoc
from .tokens import TOKEN, Values, fill, locate_token, values_for

LocalisedText = dict[str, str]
Loc = tuple[str | int, ...]
Origin = tuple[str, str, int, int]  # a text as written, its file, line and column
V = TypeVar("V")


@lru_cache(maxsize=1 << 16)
def _first(value: object) -> object:
    return value


def shared(value: V) -> V:
    """The first composed value equal to this one (a view, an origin, a render input's path),
    so that leaflets that say the same share one copy: a national build composes the same
    guidance for each of 150 partnerships, and the build keeps every leaflet it plans."""
    return cast(V, _first(value))


WHERE = ("ends_at", "origins")  # a Leaflet's fields that say where it is written, not what


@dataclass(frozen=True, slots=True)
class ItemView:
    """One list item or defined term, as the reader sees it."""

    text: str
    term: str | None = None


@dataclass(frozen=True, slots=True)
class PictureView:
    """A pictogram (by its id in content/pictograms.yaml): its file and alt text."""

    id: str
    path: Path
    alt: str


@dataclass(frozen=True, slots=True)
class BlockView:
    """A block for one audience: its kind, text, items, citation numbers and picture."""

    kind: str
    text: str | None
    items: tuple[ItemView, ...]
    cites: tuple[int, ...]
    picture: PictureView | None = None


@dataclass(frozen=True, slots=True)
class SectionView:
    """A section for one audience."""

    id: str
    heading: str
    blocks: tuple[BlockView, ...]


@dataclass(frozen=True, slots=True)
class ContactView:
    """A phone line to show in the contacts box."""

    name: str
    phone: str
    description: str
    verified: bool
    about_a_child: bool = True  # a line to call about a child (a back cover lists only these)


@dataclass(frozen=True, slots=True)
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
    cover: bool = False  # also beside the urgent numbers on a families' cover

    @property
    def lead(self) -> str:
        """The first sentence of its description ("For children and young people under 19.")."""
        return re.split(r"(?<=[.!?])\s", self.description, maxsplit=1)[0]

    @property
    def summary(self) -> str:
        """Its name and the first sentence of its description ("Childline: For children...")."""
        return f"{self.name}: {self.lead}" if self.lead else self.name

    @property
    def title(self) -> str:
        """Its name and its organisation, each read once (the name alone when its description
        names the organisation)."""
        if self.organisation and self.organisation in self.description:
            return self.name
        return resource_title(self.name, self.organisation)


def resource_title(name: str, organisation: str) -> str:
    """A resource's name and organisation, each read once ("CEOP Safety Centre, National Crime
    Agency"): the name alone when it names the organisation, an acronym left out when the name
    has it, a list of organisations in brackets."""
    base, _, acronym = organisation.partition(" (")
    if organisation == name or base in name:
        return name
    owner = base if acronym and acronym.removesuffix(")") in name else organisation
    return f"{name} ({owner})" if "," in owner else f"{name}, {owner}"


@dataclass(frozen=True, slots=True)
class PosterView:
    """A poster's short text for one audience, and the link its QR code opens."""

    headline: str
    actions: tuple[str, ...]
    qr_url: str
    qr_name: str


@dataclass(frozen=True, slots=True)
class Citation:
    """A numbered source cited by the leaflet."""

    number: int
    publisher: str
    title: str
    year: int
    url: str | None


@dataclass(frozen=True, slots=True)
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
    partnership_id: str
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
    example: bool = False
    numbered_citations: bool = True  # [1] markers in the text; else sources say where used
    ends_at: tuple[str, int, int] = ("content", 1, 1)
    cover_picture: PictureView | None = None
    cover_points: tuple[BlockView, ...] = ()  # Easy Read points also on the cover (numbers)
    back_page: bool = False  # always ends with its back page (its variant's choice)
    origins: tuple[Origin, ...] = ()  # every text it composed, where it is written

    @property
    def helplines(self) -> tuple[ResourceView, ...]:
        """The resources the topic puts beside the urgent numbers (cover), with a phone."""
        return tuple(r for r in self.resources if r.cover and r.phone)

    @property
    def phones(self) -> tuple[str, ...]:
        """Every phone number it gives: its contacts', then its resources'."""
        numbers = [c.phone for c in self.contacts] + [r.phone for r in self.resources if r.phone]
        return tuple(dict.fromkeys(numbers))

    @property
    def pictures(self) -> tuple[PictureView, ...]:
        """Every picture it shows: its cover's, then its points'."""
        cover = (self.cover_picture,) if self.cover_picture else ()
        return cover + tuple(b.picture for s in self.sections for b in s.blocks if b.picture)

    @property
    def filename(self) -> str:
        """The file name: partnership.topic.audience[-variant].lang.format.pdf."""
        who = self.audience if self.variant == "standard" else f"{self.audience}-{self.variant}"
        return f"{self.partnership_id}.{self.topic}.{who}.{self.language}.{self.format}.pdf"


@dataclass(frozen=True)
class Validated:
    """A catalog that every source and catalog check has passed: what compose takes. Only
    pipeline.validate makes one (a translation that does not match its English, for one,
    could not be composed)."""

    catalog: Catalog


def composed_docs(leaflet: Leaflet) -> list[SourceDoc]:
    """The texts a leaflet composed, as one document a file, each text at its place in the
    file: what later checks search first for where a piece of the leaflet is written."""
    by_file: dict[str, list[Origin]] = {}
    for origin in leaflet.origins:
        by_file.setdefault(origin[1], []).append(origin)
    docs = []
    for path, origins in by_file.items():
        data = LocList(text for text, *_ in origins)
        data.item_pos = [(line, column) for *_, line, column in origins]
        docs.append(SourceDoc(Path(path), data))
    return docs


def pick(text: LocalisedText | None, audience: str) -> str | None:
    """The text for an audience, else the default, else None."""
    if text is None:
        return None
    return text.get(audience, text.get("default"))


def pick_key(text: LocalisedText | None, audience: str) -> str:
    """Which key of a localised text an audience reads (its own, else 'default')."""
    return audience if text and audience in text else "default"


@dataclass(frozen=True)
class Filler:
    """Fills the tokens of one leaflet's texts, gathering a located problem for each gap."""

    values: Values
    problems: list[Problem]
    used: set[tuple[str, str]] = field(default_factory=set)
    origins: dict[Origin, None] = field(default_factory=dict)

    def __call__(self, text: str, doc: SourceDoc | None, loc: Loc) -> str:
        """The text with its tokens filled (each token's kind and key remembered in `used`,
        and where the text is written in `origins`)."""
        self.used.update((m[1], m[2] or "") for m in TOKEN.finditer(text))
        if doc is not None:
            self.origins[shared((text, str(doc.path), *doc.locate(loc)))] = None
        return fill(text, self.values, doc, loc, self.problems)

    def local(
        self, text: LocalisedText | None, audience: str, doc: SourceDoc | None, loc: Loc
    ) -> str | None:
        """An audience's text of a localised value, filled."""
        chosen = pick(text, audience)
        return None if chosen is None else self(chosen, doc, (*loc, pick_key(text, audience)))


def shown(audiences: list[str] | None, audience: str) -> bool:
    """Whether something tagged for these audiences (None: all) is shown to this one."""
    return audiences is None or audience in audiences


def _items(
    items: list[Item] | None, audience: str, fill: Filler, at: Located
) -> tuple[ItemView, ...]:
    """The items an audience sees, filled (at: the list's file and key path)."""
    doc, loc = at
    out = []
    for k, i in enumerate(items or []):
        text = fill.local(i.text, audience, doc, (*loc, k, "text"))
        if text is not None:
            term = fill(i.term, doc, (*loc, k, "term")) if i.term else None
            out.append(shared(ItemView(text, term)))
    return tuple(out)


Located = tuple[SourceDoc | None, Loc]


def _translated(
    block: Block, view: BlockView, tr: Translation, fill: Filler, doc: SourceDoc | None
) -> BlockView:
    """The same block with its words from the translation."""
    text, loc = tr.blocks[block.id], ("blocks", block.id)
    items = view.items
    if text.items is not None:
        items = tuple(
            ItemView(fill(t, doc, (*loc, "items", k)), i.term)
            for k, (t, i) in enumerate(zip(text.items, view.items, strict=True))
        )
    words = fill(text.text, doc, (*loc, "text")) if text.text else view.text
    return BlockView(view.kind, words, items, view.cites)


def _block(
    block: Block,
    audience: str,
    numbers: dict[str, int],
    fill: Filler,
    at: tuple[SourceDoc | None, Loc],
    tr: tuple[Translation, SourceDoc | None] | None = None,
) -> BlockView | None:
    if not _shows(block, audience):
        return None
    doc, loc = at
    text = fill.local(block.text, audience, doc, (*loc, "text"))
    items = _items(block.items, audience, fill, (doc, (*loc, "items")))
    cites = tuple(numbers.setdefault(c, len(numbers) + 1) for c in block.cite)
    view = shared(BlockView(block.type, text, items, cites))
    return _translated(block, view, tr[0], fill, tr[1]) if tr else view


def _shows(block: Block, audience: str) -> bool:
    """Whether a block has anything for an audience."""
    text = pick(block.text, audience)
    items = [i for i in block.items or [] if pick(i.text, audience) is not None]
    return not ((block.text is not None and text is None) or (block.items and not items))


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
            and _shows(b, audience)
        ]
        if blocks and heading is not None:
            out.append((s.id, heading, blocks))
    return out


def _sections(
    catalog: Catalog,
    topic: Topic,
    audience: str,
    fmt: str,
    numbers: dict[str, int],
    fill: Filler,
    tr: Translation | None,
) -> tuple[SectionView, ...]:
    doc = catalog.docs.get(f"topics/{topic.id}")
    tr_at = (tr, catalog.docs.get(f"translations/{tr.topic}.{tr.language}")) if tr else None
    index = {
        (s.id, b.id): (i, j) for i, s in enumerate(topic.sections) for j, b in enumerate(s.blocks)
    }
    heads = {s.id: (i, s.heading) for i, s in enumerate(topic.sections)}
    out = []
    for sid, _, blocks in visible_blocks(topic, audience, fmt):
        views = []
        for b in blocks:
            i, j = index[(sid, b.id)]
            at = (doc, ("sections", i, "blocks", j))
            if (v := _block(b, audience, numbers, fill, at, tr_at)) is not None:
                views.append(v)
        i, heading = heads[sid]
        if tr_at:
            title = fill(tr_at[0].sections[sid].heading, tr_at[1], ("sections", sid, "heading"))
        else:
            title = fill.local(heading, audience, doc, ("sections", i, "heading")) or ""
        out.append(shared(SectionView(sid, title, tuple(views))))
    return tuple(out)


def _citations(sources: list[Source], numbers: dict[str, int]) -> tuple[Citation, ...]:
    by_id = {s.id: s for s in sources}
    return tuple(
        shared(Citation(n, by_id[i].publisher, by_id[i].title, by_id[i].year, by_id[i].url))
        for i, n in sorted(numbers.items(), key=lambda kv: kv[1])
    )


def _poster(catalog: Catalog, topic: Topic, audience: str, fill: Filler) -> PosterView | None:
    """The poster's text for one audience; its QR code opens the online version, else a resource."""
    if topic.poster is None:
        return None
    p, doc = topic.poster, catalog.docs.get(f"topics/{topic.id}")
    headline = fill.local(p.headline, audience, doc, ("poster", "headline")) or ""
    actions = tuple(
        fill.local(a, audience, doc, ("poster", "actions", i)) or ""
        for i, a in enumerate(p.actions)
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
    tokens: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[str, ...]:
    """The evidence keys of every review and checked fact a leaflet (in a format) relies on:
    the contacts and resources it lists, and those its texts' tokens print."""
    listed = [
        role for role, c in leaflet_contacts(catalog, part, fmt) if shown(c.audiences, audience)
    ]
    named = [key for kind, key in sorted(tokens) if kind in ("contact", "name", "short")]
    contacts = [
        f"{'national' if role in catalog.national else part.id}/{role}"
        for role in dict.fromkeys(listed + named)
        if role in catalog.national or part.contact(role) is not None
    ]
    used = [
        r.id
        for r in topic.resources
        if audience in catalog.resources[r.id].audiences and in_format(r.formats, fmt, audience)
    ]
    used += [key for kind, key in sorted(tokens) if kind in ("phone", "url") and key not in used]
    return (
        review_key("topic", topic.id),
        review_key("partnership", part.id),
        *((review_key("easy-read", topic.id),) if easy else ()),
        *(fact_key("contact", c) for c in contacts),
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


def leaflet_contacts(
    catalog: Catalog, part: Partnership, fmt: str | None = None
) -> list[tuple[str, Contact]]:
    """The national and the partnership's contacts, by role, in the order leaflets list them
    (only the roles a format has room for, when it says)."""
    room = catalog.formats[fmt].contacts if fmt is not None and fmt in catalog.formats else None
    roles = [r for r in ROLES if room is None or r in room]
    found = ((role, catalog.national.get(role) or part.contact(role)) for role in roles)
    return [(role, c) for role, c in found if c is not None]


def _contacts(
    catalog: Catalog,
    part: Partnership,
    audience: str,
    fmt: str,
    tr: Translation | None,
    fill: Filler,
) -> tuple[ContactView, ...]:
    """The contacts box: national lines from the topic's translation, local ones from the
    partnership's overlay (English when it has none)."""
    doc, out = catalog.docs.get(f"partnerships/{part.id}"), []
    for role, c in leaflet_contacts(catalog, part, fmt):
        if not shown(c.audiences, audience):
            continue
        i = part.contacts.index(c) if c in part.contacts else 0
        if c.todo is not None:
            loc = ("contacts", i, c.todo if c.todo in ("phone", "name") else "description")
            msg = f"the '{role}' contact of partnership '{part.id}' is still TODO; fill it in"
            fill.problems.append(locate_token(doc, loc, "TODO", msg))
            continue
        name, text = (
            c.name,
            fill.local(c.description, audience, doc, ("contacts", i, "description")) or "",
        )
        words, words_doc = _contact_text(catalog, part, role, tr)
        if words is not None:
            at: Loc = ("contacts", role, "description")
            name, text = words.name, fill(words.description, words_doc, at)
        about = role not in NOT_ABOUT_A_CHILD
        out.append(shared(ContactView(name, c.phone, text, c.verified is not None, about)))
    return tuple(out)


def _contact_text(
    catalog: Catalog, part: Partnership, role: str, tr: Translation | None
) -> tuple[ContactText | None, SourceDoc | None]:
    """A contact's words in the leaflet's language, and the file they are in: national ones
    from the topic's translation, local ones from the partnership's overlay; None in English
    or when there are none."""
    if tr is None:
        return None, None
    if role in catalog.national:
        doc = catalog.docs.get(f"translations/{tr.topic}.{tr.language}")
        return tr.contacts.get(role), doc
    local = catalog.local_texts.get((part.id, tr.language))
    doc = catalog.docs.get(f"partnerships/{part.id}.{tr.language}")
    return (local.contacts.get(role) if local else None), doc


def untranslated_roles(
    catalog: Catalog, part: Partnership, audience: str, fmt: str, language: str
) -> list[str]:
    """The partnership's own contacts a leaflet prints that its overlay in the leaflet's
    language does not translate (all of them when it has no overlay)."""
    local = catalog.local_texts.get((part.id, language))
    return [
        role
        for role, c in leaflet_contacts(catalog, part, fmt)
        if role not in catalog.national
        and shown(c.audiences, audience)
        and (local is None or role not in local.contacts)
    ]


def local_reasons(
    catalog: Catalog, part: Partnership, audience: str, fmt: str, language: str
) -> tuple[str, ...]:
    """Why a translated leaflet falls back to English for some of its partnership's details."""
    if language == "en":
        return ()
    local = catalog.local_texts.get((part.id, language))
    file = f"content/partnerships/{part.id}.{language}.yaml"
    if local is None:
        return (f"no '{language}' translation of partnership '{part.id}' ({file}); English used",)
    reasons = [
        f"no '{language}' translation of partnership '{part.id}' contact '{role}' in {file}"
        for role in untranslated_roles(catalog, part, audience, fmt, language)
    ]
    if local.status == "draft":
        reasons.append(f"translation of partnership '{part.id}' into '{language}' is a draft")
    return tuple(reasons)


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
            view = ResourceView(
                name, r.organisation, text, r.url, r.phone, r.email, hours, ref.qr, ref.cover
            )
            out.append(shared(view))
    return tuple(out)


def token_values(catalog: Catalog, part: Partnership, language: str = "en") -> Values:
    """What every token says for a partnership, in a language (its overlay's words, if any)."""
    return values_for(
        part,
        catalog.docs[f"partnerships/{part.id}"],
        catalog.national,
        catalog.resources,
        catalog.local_texts.get((part.id, language)),
        catalog.root,
    )


def _easy_sections(
    catalog: Catalog, easy: EasyRead, audience: str, fill: Filler
) -> tuple[tuple[SectionView, ...], tuple[BlockView, ...]]:
    """An audience's Easy Read sections, and the points also shown on the cover."""
    doc, out, cover = catalog.docs.get(f"easy-read/{easy.topic}"), [], []
    for i, s in enumerate(easy.sections):
        points = []
        for j, p in enumerate(s.points):
            text = fill.local(p.text, audience, doc, ("sections", i, "points", j, "text"))
            if text is not None:
                pic = catalog.pictograms[p.picture]
                path = ProjectPaths(catalog.root).pictograms / pic.file
                points.append(
                    shared(BlockView("point", text, (), (), PictureView(p.picture, path, pic.alt)))
                )
                cover += points[-1:] if p.cover else []
        heading = fill.local(s.heading, audience, doc, ("sections", i, "heading"))
        if points and heading:
            out.append(SectionView(s.id, heading, tuple(points)))
    return tuple(out), tuple(cover)


def _body_pt(catalog: Catalog, audience: str, variant: Variant) -> float:
    return max(catalog.audiences[audience].body_pt, variant.body_pt or 0)


def compose(
    valid: Validated,
    topic_id: str,
    audience: str,
    fmt: str,
    partnership_id: str,
    language: str = "en",
    variant_id: str = "standard",
) -> Leaflet:
    """Build the Leaflet for one topic, audience, format, partnership, language and variant;
    a token that can't be filled for the partnership is a ContentError at the token."""
    catalog = valid.catalog
    topic, part = catalog.topics[topic_id], catalog.partnerships[partnership_id]
    variant = catalog.variants.get(variant_id) or Variant(id="standard", name="Standard")
    tr = catalog.translations.get((topic_id, language)) if language != topic.language else None
    lang = catalog.languages[language]
    fill = Filler(token_values(catalog, part, language), [])
    numbers: dict[str, int] = {}
    doc = catalog.docs.get(f"topics/{topic.id}")
    title = fill(topic.title, doc, ("title",))
    subtitle = fill.local(topic.subtitle, audience, doc, ("subtitle",))
    glossary: tuple[ItemView, ...] = ()
    cover: tuple[BlockView, ...] = ()
    if variant.text == "easy-read":
        easy = catalog.easy_read[topic_id]
        (sections, cover), title, subtitle = (
            _easy_sections(catalog, easy, audience, fill),
            easy.title,
            None,
        )
        glossary = _items(
            easy.glossary,
            audience,
            fill,
            (catalog.docs.get(f"easy-read/{topic_id}"), ("glossary",)),
        )
    else:
        sections = _sections(catalog, topic, audience, fmt, numbers, fill, tr)
        if tr:
            tr_doc = catalog.docs.get(f"translations/{topic_id}.{language}")
            title = fill(tr.title, tr_doc, ("title",))
            subtitle = fill(tr.subtitle, tr_doc, ("subtitle",)) if tr.subtitle else None
    is_easy = variant.text == "easy-read"
    contacts = _contacts(catalog, part, audience, fmt, tr, fill)
    poster = _poster(catalog, topic, audience, fill)
    facts = _facts(
        catalog, topic, part, audience, is_easy, list(numbers), fmt, frozenset(fill.used)
    )
    if fill.problems:
        raise ContentError(
            sorted(dict.fromkeys(fill.problems), key=lambda p: (str(p.path), p.line))
        )
    example = (
        ("example partnership: fictional details, not for distribution",) if part.example else ()
    )
    ends_at = _ends_at(catalog, topic, audience, fmt, variant, tr, sections)
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
        partnership_id=part.id,
        brand_primary=part.brand.primary,
        brand_accent=part.brand.accent,
        logo=ProjectPaths(catalog.root).partnerships / part.brand.logo,
        sections=sections,
        glossary=glossary,
        contacts=contacts,
        resources=_resources(catalog, topic, audience, fmt, tr),
        citations=_citations(topic.sources, numbers),
        numbered_citations=catalog.audiences[audience].citations == "numbered",
        owner=topic.review.owner,
        reviewed=max(topic.review.last_reviewed, part.review.last_reviewed),
        next_review=min(topic.review.next_review, part.review.next_review),
        online_url=topic.online_url,
        poster=poster,
        facts=facts,
        draft=example
        + draft_reasons(catalog, facts)
        + translation_reasons(topic, tr)
        + local_reasons(catalog, part, audience, fmt, language),
        example=part.example,
        ends_at=ends_at,
        cover_picture=_cover_picture(catalog, audience),
        cover_points=cover,
        back_page=variant.back_page,
        origins=tuple(fill.origins),
    )


def _cover_picture(catalog: Catalog, audience: str) -> PictureView | None:
    """The pictogram its audience puts on the cover, if any."""
    picture_id = catalog.audiences[audience].cover_picture
    if picture_id is None:
        return None
    pic = catalog.pictograms[picture_id]
    return PictureView(picture_id, ProjectPaths(catalog.root).pictograms / pic.file, pic.alt)


def _ends_at(
    catalog: Catalog,
    topic: Topic,
    audience: str,
    fmt: str,
    variant: Variant,
    tr: Translation | None,
    sections: tuple[SectionView, ...],
) -> tuple[str, int, int]:
    """Where the content a leaflet ends with is written (to point at when it does not fit its
    format): the poster's headline, else the heading of its last section."""
    docs = catalog.docs
    loc: Loc
    if catalog.formats[fmt].template == "poster":
        doc, loc = docs.get(f"topics/{topic.id}"), ("poster", "headline", audience)
    elif variant.text == "easy-read":
        doc = docs.get(f"easy-read/{topic.id}")
        ids = [s.id for s in catalog.easy_read[topic.id].sections]
        loc = ("sections", ids.index(sections[-1].id) if sections else 0, "heading")
    elif tr is not None:
        doc = docs.get(f"translations/{tr.topic}.{tr.language}")
        loc = ("sections", sections[-1].id if sections else "", "heading")
    else:
        doc = docs.get(f"topics/{topic.id}")
        ids = [s.id for s in topic.sections]
        loc = ("sections", ids.index(sections[-1].id) if sections else 0, "heading")
    if doc is None:
        return ("content", 1, 1)
    line, col = doc.locate(loc)
    return (str(doc.path), line, col)
