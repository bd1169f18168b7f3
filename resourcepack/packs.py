"""Event packs: which leaflets to print for one event, and how many copies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import Field

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
)
from .errors import Problem
from .source import SourceDoc


class Event(Model):
    """The event a pack is printed for."""

    name: Text
    date: Date
    venue: Text


class LeafletSpec(Model):
    """One leaflet of a pack: topic, audience, format, language and copies."""

    topic: TopicId
    audience: AudienceId
    format: FormatId
    language: LanguageId = "en"
    copies: int = Field(ge=1, le=100_000)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two leaflets the same file."""
        return (self.topic, self.audience, self.language, self.format)


class Pack(Model):
    """An event pack: the event, the partnership and the leaflets."""

    id: Id
    name: Text
    event: Event
    partnership: PartnershipId
    leaflets: list[LeafletSpec] = Field(min_length=1)


def check_pack(g: Gatherer, doc: SourceDoc, pack: Pack, catalog: Catalog) -> None:
    """Check each leaflet's audience and language against its topic, and no repeats."""
    seen: set[tuple[str, str, str, str]] = set()
    for i, spec in enumerate(pack.leaflets):
        topic = catalog.topics[spec.topic]
        if spec.audience not in topic.audiences:
            msg = f"topic '{topic.id}' has no '{spec.audience}' leaflet (it has: "
            msg += ", ".join(topic.audiences) + ")"
            g.problems.append(doc.problem(("leaflets", i, "audience"), msg))
        if spec.language != topic.language:
            msg = f"topic '{topic.id}' is written in '{topic.language}', not '{spec.language}'"
            g.problems.append(doc.problem(("leaflets", i, "language"), msg))
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
    packs = load_each(g, root / "packs", Pack, catalog.context() if catalog else {})
    for pack, doc in packs.values():
        if catalog is not None:
            check_pack(g, doc, pack, catalog)
    g.fail_if_any()
    return {k: v for k, (v, _) in packs.items()}
