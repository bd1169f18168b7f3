"""Load and validate every content file into one Catalog, gathering all problems first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from .content import (
    Audience,
    EasyRead,
    Format,
    Language,
    Partnership,
    Pictogram,
    Resource,
    Review,
    Topic,
    Translation,
    Variant,
    parse,
    topic_hash,
)
from .errors import ContentError, Problem
from .source import LocDict, LocList, SourceDoc, load_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Catalog:
    """Everything the content says, validated: the input to compose."""

    root: Path
    audiences: Mapping[str, Audience]
    languages: Mapping[str, Language]
    formats: Mapping[str, Format]
    resources: Mapping[str, Resource]
    partnerships: Mapping[str, Partnership]
    topics: Mapping[str, Topic]
    variants: Mapping[str, Variant] = field(default_factory=dict)
    pictograms: Mapping[str, Pictogram] = field(default_factory=dict)
    translations: Mapping[tuple[str, str], Translation] = field(default_factory=dict)
    easy_read: Mapping[str, EasyRead] = field(default_factory=dict)
    docs: Mapping[str, SourceDoc] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = field(default=())

    def context(self) -> dict[str, Any]:
        """The ids that references in packs are checked against."""
        return {
            "audiences": set(self.audiences),
            "languages": set(self.languages),
            "formats": set(self.formats),
            "resources": set(self.resources),
            "partnerships": set(self.partnerships),
            "topics": set(self.topics),
            "variants": set(self.variants),
        }


class Gatherer:
    """Collects problems and warnings while loading many files."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def doc(self, path: Path) -> SourceDoc | None:
        """Load a YAML file, keeping its problems instead of raising."""
        try:
            return load_yaml(path)
        except ContentError as e:
            self.problems.extend(e.problems)
            return None

    def warn(self, doc: SourceDoc, loc: tuple[str | int, ...], message: str) -> None:
        """Record a located warning."""
        p = doc.problem(loc, message)
        self.warnings.append(Problem(p.path, p.line, p.column, message, "warning"))

    def fail_if_any(self) -> None:
        """Raise every problem gathered so far, at once, in file and line order."""
        if self.problems:
            raise ContentError(sorted(self.problems, key=lambda p: (p.path, p.line, p.column)))


def load_list(
    g: Gatherer, path: Path, key: str, model: type[M], ctx: dict[str, Any]
) -> tuple[dict[str, M], set[str]]:
    """Load a file holding `key:` and a list of models, keyed by id; also every id written."""
    doc = g.doc(path)
    if doc is None:
        return {}, set()
    data = doc.data
    if not isinstance(data, LocDict) or set(data) != {key} or not isinstance(data[key], LocList):
        g.problems.append(doc.problem((), f"expected one key '{key}:' holding a list"))
        return {}, set()
    written = {str(i["id"]) for i in data[key] if isinstance(i, dict) and "id" in i}
    out: dict[str, M] = {}
    for i, item in enumerate(data[key]):
        value, problems = parse(doc, model, item, (key, i), ctx)
        g.problems.extend(problems)
        if value is not None:
            add_unique(g, doc, (key, i, "id"), out, value)
            if getattr(value, "verified", True) is False:
                g.warn(
                    doc,
                    (key, i, "verified"),
                    f"{key.rstrip('s')} '{value_id(value)}' is unverified",
                )
    return out, written


def value_id(value: BaseModel) -> str:
    """The id of a content model."""
    return str(getattr(value, "id"))  # noqa: B009 - every listed model has an id


def add_unique(
    g: Gatherer, doc: SourceDoc, loc: tuple[str | int, ...], into: dict[str, M], value: M
) -> None:
    """Add a model by its id, reporting a repeated id."""
    key = getattr(value, "id")  # noqa: B009 - every listed model has an id
    if key in into:
        g.problems.append(doc.problem(loc, f"id '{key}' is used twice; ids must be unique"))
    into[key] = value


def load_each(
    g: Gatherer,
    folder: Path,
    model: type[M],
    ctx: dict[str, Any],
    name: Callable[[Any], str] = value_id,
    field: str = "id",
) -> dict[str, tuple[M, SourceDoc]]:
    """Load one model from each YAML file of a folder; its name must match the file name."""
    out: dict[str, tuple[M, SourceDoc]] = {}
    for path in sorted(folder.glob("*.yaml")):
        doc = g.doc(path)
        if doc is None:
            continue
        value, problems = parse(doc, model, doc.data, (), ctx)
        g.problems.extend(problems)
        if value is None:
            continue
        ident = name(value)
        if ident != path.stem:
            msg = f"'{ident}' must match the file name '{path.stem}'"
            g.problems.append(doc.problem((field,), msg))
        out[ident] = (value, doc)
    return out


def check_review(g: Gatherer, doc: SourceDoc, review: Review, today: dt.date) -> None:
    """Warn when a review date has passed."""
    if review.next_review < today:
        msg = f"review was due on {review.next_review}; review the content and update next_review"
        g.warn(doc, ("review", "next_review"), msg)


def check_topic(g: Gatherer, doc: SourceDoc, topic: Topic) -> None:
    """Check that blocks cite known sources and ids are unique within the topic."""
    sources = {s.id for s in topic.sources}
    seen: set[str] = set()
    for i, section in enumerate(topic.sections):
        for j, block in enumerate(section.blocks):
            if block.id in seen:
                msg = f"block id '{block.id}' is used twice"
                g.problems.append(doc.problem(("sections", i, "blocks", j, "id"), msg))
            seen.add(block.id)
            for k, cite in enumerate(block.cite):
                if cite not in sources:
                    from .content import unknown_message

                    loc = ("sections", i, "blocks", j, "cite", k)
                    g.problems.append(doc.problem(loc, unknown_message("source", cite, sources)))


def check_poster(g: Gatherer, doc: SourceDoc, topic: Topic) -> None:
    """Check the poster has a QR link, and a headline and three actions for every audience."""
    if topic.poster is None:
        return
    if not (topic.poster.qr or topic.online_url):
        msg = "a poster needs 'qr' (a resource id) when the topic has no online_url"
        g.problems.append(doc.problem(("poster",), msg, key=True))
    texts: list[tuple[tuple[str | int, ...], dict[str, str]]] = [
        (("poster", "headline"), topic.poster.headline),
        *((("poster", "actions", i), a) for i, a in enumerate(topic.poster.actions)),
    ]
    for audience in topic.audiences:
        for loc, text in texts:
            if audience not in text and "default" not in text:
                msg = f"no poster text for audience '{audience}'; add '{audience}' or 'default'"
                g.problems.append(doc.problem(loc, msg))


def check_partnership(g: Gatherer, doc: SourceDoc, p: Partnership, root: Path) -> None:
    """Check the logo file exists inside the project and warn about unverified contacts."""
    logo = (doc.path.parent / p.brand.logo).resolve()
    if not logo.is_relative_to(root.resolve()) or not logo.is_file():
        msg = f"logo '{p.brand.logo}' must be a file in {doc.path.parent.name}/ inside the project"
        g.problems.append(doc.problem(("brand", "logo"), msg))
    for i, c in enumerate(p.contacts):
        if not c.verified:
            g.warn(doc, ("contacts", i, "verified"), f"contact '{c.id}' ({c.phone}) is unverified")


def check_translation(g: Gatherer, doc: SourceDoc, tr: Translation, topic: Topic) -> None:
    """Warn when the English changed since the translation was made."""
    now = topic_hash(topic)
    if tr.source_hash != now:
        msg = (
            f"translation is stale: made from English {tr.source_hash}, the English is now "
            f"{now}; update the translation, then source_hash"
        )
        g.warn(doc, ("source_hash",), msg)


def check_pictures(g: Gatherer, doc: SourceDoc, pictures: dict[str, Pictogram]) -> None:
    """Check that each pictogram's file exists beside pictograms.yaml."""
    for i, pic in enumerate(pictures.values()):
        path = (doc.path.parent / "pictograms" / pic.file).resolve()
        if not path.is_relative_to(doc.path.parent.resolve()) or not path.is_file():
            msg = f"pictogram file '{pic.file}' must be in content/pictograms/"
            g.problems.append(doc.problem(("pictograms", i, "file"), msg))


def _optional_list(
    g: Gatherer, path: Path, key: str, model: type[M], ctx: dict[str, Any]
) -> dict[str, M]:
    return load_list(g, path, key, model, ctx)[0] if path.exists() else {}


def load_catalog(root: Path, today: dt.date | None = None) -> Catalog:
    """Load, validate and cross-check all content under root; raise every problem at once."""
    today = today or dt.date.today()
    g = Gatherer()
    content = root / "content"
    audiences, _ = load_list(g, content / "audiences.yaml", "audiences", Audience, {})
    languages, _ = load_list(g, content / "languages.yaml", "languages", Language, {})
    formats, _ = load_list(g, root / "templates" / "formats.yaml", "formats", Format, {})
    g.fail_if_any()
    ctx: dict[str, Any] = {
        "audiences": set(audiences),
        "languages": set(languages),
        "formats": set(formats),
    }
    variants = _optional_list(g, content / "variants.yaml", "variants", Variant, ctx)
    pictograms = _optional_list(g, content / "pictograms.yaml", "pictograms", Pictogram, ctx)
    ctx["pictograms"] = set(pictograms)
    resources, ctx["resources"] = load_list(
        g, content / "resources.yaml", "resources", Resource, ctx
    )
    partnerships = load_each(g, content / "partnerships", Partnership, ctx)
    topics = load_each(g, content / "topics", Topic, ctx)
    ctx["topics"] = set(topics)
    translations = load_each(
        g, content / "translations", Translation, ctx, lambda t: f"{t.topic}.{t.language}", "topic"
    )
    easy_read = load_each(g, content / "easy-read", EasyRead, ctx, lambda e: e.topic, "topic")
    if pictograms:
        check_pictures(g, g.doc(content / "pictograms.yaml"), pictograms)  # type: ignore[arg-type]
    for p, doc in partnerships.values():
        check_partnership(g, doc, p, root)
        check_review(g, doc, p.review, today)
    for t, doc in topics.values():
        check_topic(g, doc, t)
        check_poster(g, doc, t)
        check_review(g, doc, t.review, today)
    for tr, doc in translations.values():
        if tr.topic in topics:
            check_translation(g, doc, tr, topics[tr.topic][0])
    for e, doc in easy_read.values():
        check_review(g, doc, e.review, today)
    g.fail_if_any()
    docs = {f"partnerships/{k}": d for k, (_, d) in partnerships.items()}
    docs |= {f"topics/{k}": d for k, (_, d) in topics.items()}
    docs |= {f"translations/{k}": d for k, (_, d) in translations.items()}
    docs |= {f"easy-read/{k}": d for k, (_, d) in easy_read.items()}
    return Catalog(
        root=root,
        audiences=audiences,
        languages=languages,
        formats=formats,
        resources=resources,
        partnerships={k: v for k, (v, _) in partnerships.items()},
        topics={k: v for k, (v, _) in topics.items()},
        variants=variants,
        pictograms=pictograms,
        translations={(v.topic, v.language): v for v, _ in translations.values()},
        easy_read={k: v for k, (v, _) in easy_read.items()},
        docs=docs,
        warnings=tuple(g.warnings),
    )
