"""Event packs: which leaflets to print for one event, and how many copies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import Field, model_validator

from .catalog import Catalog, Gatherer, load_each
from .content import (
    AudienceId,
    Date,
    FormatId,
    Id,
    LanguageId,
    Model,
    PartnershipId,
    Text,
    TopicId,
    VariantId,
)
from .errors import Problem
from .paths import ProjectPaths
from .source import SourceDoc


class Event(Model):
    """The event a pack is printed for."""

    name: Text
    date: Date
    venue: Text


class Order(Model):
    """The print order's details, for the job sheet: who orders it, and where it goes."""

    customer: Text | None = None
    contact: Text | None = None
    order_number: Text | None = None
    delivery_address: Text | None = None


class LeafletSpec(Model):
    """One leaflet of a pack: topic, audience, format, language and copies."""

    topic: TopicId
    audience: AudienceId
    format: FormatId
    language: LanguageId = "en"
    variant: VariantId = "standard"
    copies: int = Field(ge=1, le=100_000, description="How many to print.")

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What makes two leaflets the same file."""
        return (self.topic, self.audience, self.variant, self.language, self.format)


class Pack(Model):
    """An event pack: the event, the partnership and the leaflets."""

    id: Id
    name: Text
    event: Event
    partnership: PartnershipId = Field(description="Whose contacts and brand the leaflets carry.")
    leaflets: list[LeafletSpec] = Field(min_length=1)
    deliver_by: Date | None = Field(
        default=None, description="When the print shop delivers (on the job sheet)."
    )
    order: Order | None = Field(
        default=None, description="The order's details, printed on the job sheet."
    )

    @model_validator(mode="after")
    def _delivery_first(self) -> Pack:
        if self.deliver_by and self.deliver_by > self.event.date:
            raise ValueError("deliver_by must not come after the event's date")
        return self


def leaflet_problems(catalog: Catalog, spec: LeafletSpec) -> list[tuple[str, str]]:
    """Why the content cannot make this leaflet, as (field, message) pairs; empty if it can."""
    topic = catalog.topics[spec.topic]
    out = []
    if spec.audience not in topic.audiences:
        have = ", ".join(topic.audiences)
        out.append(
            ("audience", f"topic '{topic.id}' has no '{spec.audience}' leaflet (it has: {have})")
        )
    variant = catalog.variants.get(spec.variant)
    if variant and variant.audiences is not None and spec.audience not in variant.audiences:
        have = ", ".join(variant.audiences)
        out.append(("variant", f"variant '{variant.id}' is only for: {have}"))
    if variant and variant.text == "easy-read" and spec.topic not in catalog.easy_read:
        out.append(("variant", f"topic '{topic.id}' has no Easy Read text in content/easy-read/"))
    if spec.language != topic.language:
        tr = catalog.translations.get((spec.topic, spec.language))
        if tr is None or spec.audience not in tr.audiences:
            msg = (
                f"topic '{topic.id}' has no '{spec.language}' translation for "
                f"{spec.audience}; add content/translations/{topic.id}.{spec.language}.yaml"
            )
            out.append(("language", msg))
        elif variant and variant.text != "topic":
            out.append(("variant", f"variant '{variant.id}' is only written in {topic.language}"))
    return out + poster_problems(catalog, spec)


def poster_problems(catalog: Catalog, spec: LeafletSpec) -> list[tuple[str, str]]:
    """Why a poster cannot be made: no poster text, or none in this language or variant."""
    if catalog.formats[spec.format].template != "poster":
        return []
    topic = catalog.topics[spec.topic]
    if topic.poster is None:
        return [("format", f"topic '{topic.id}' has no poster text; add 'poster:' to it")]
    variant = catalog.variants.get(spec.variant)
    if spec.language != topic.language or (variant and variant.text != "topic"):
        msg = f"the poster text of topic '{topic.id}' is written only in {topic.language}"
        return [("format", msg)]
    return []


def check_pack(g: Gatherer, doc: SourceDoc, pack: Pack, catalog: Catalog) -> None:
    """Check each leaflet's audience and language against its topic, and no repeats."""
    seen: set[tuple[str, ...]] = set()
    for i, spec in enumerate(pack.leaflets):
        for field, msg in leaflet_problems(catalog, spec):
            g.problems.append(doc.problem(("leaflets", i, field), msg))
        if spec.key in seen:
            msg = "this leaflet is listed twice; add the copies together"
            g.problems.append(doc.problem(("leaflets", i), msg))
        seen.add(spec.key)


def load_packs(
    root: Path, catalog: Catalog | None, earlier: Sequence[Problem] = ()
) -> Mapping[str, Pack]:
    """Load and check every pack under root/packs; raise every problem (and earlier ones) at once.

    Without a catalog (the content failed to load) only the packs' own structure is checked.
    """
    g = Gatherer(root)
    g.problems.extend(earlier)
    packs = load_each(g, ProjectPaths(root).packs, Pack, catalog.context() if catalog else {})
    for pack, doc in packs.values():
        if catalog is not None:
            check_pack(g, doc, pack, catalog)
    g.fail_if_any()
    return {k: v for k, (v, _) in packs.items()}
