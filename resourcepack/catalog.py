"""Load and validate every content file into one Catalog, gathering all problems first."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from .content import (
    ROLES,
    Audience,
    Block,
    Contact,
    EasyRead,
    Format,
    Language,
    NationalContacts,
    Partnership,
    PartnershipText,
    Pictogram,
    Resource,
    Review,
    Theme,
    Topic,
    Translation,
    Variant,
    Verification,
    parse,
    topic_hash,
    unknown_message,
)
from .errors import ContentError, Problem, problem_at
from .evidence import Evidence, fact_key, review_key
from .paths import ProjectPaths
from .source import LocDict, LocList, SourceDoc, load_yaml

STATISTIC_RE = re.compile(r"\d+(?:\.\d+)?\s?%|\b\d+ in \d+\b|\bper ?cent\b", re.IGNORECASE)

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)
class Catalog:
    """Everything the content says, loaded and validated (compared by identity: one load is one
    catalog); pipeline.validate checks it for compose."""

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
    national: Mapping[str, Contact] = field(default_factory=dict)
    local_texts: Mapping[tuple[str, str], PartnershipText] = field(default_factory=dict)
    docs: Mapping[str, SourceDoc] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = field(default=())
    evidence: Mapping[str, Evidence] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    theme: Theme | None = None

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
            "roles": set(ROLES),
        }


class Gatherer:
    """Collects problems and warnings while loading many files."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.evidence: list[Evidence] = []
        self.loaded: dict[Path, SourceDoc] = {}

    def doc(self, path: Path) -> SourceDoc | None:
        """Load a YAML file inside the project (once), keeping its problems instead of raising."""
        if path in self.loaded:
            return self.loaded[path]
        try:
            self.loaded[path] = load_yaml(path, self.root)
        except ContentError as e:
            self.problems.extend(e.problems)
            return None
        return self.loaded[path]

    def warn(self, doc: SourceDoc, loc: tuple[str | int, ...], message: str) -> None:
        """Record a located warning."""
        p = doc.problem(loc, message)
        self.warnings.append(Problem(p.path, p.line, p.column, message, "warning"))

    def fact(
        self,
        doc: SourceDoc,
        loc: tuple[str | int, ...],
        key: str,
        label: str,
        v: Verification | None,
    ) -> None:
        """Record a checked (or unchecked) fact and where its `verified` is written."""
        p = doc.problem((*loc, "verified"), label)
        self.evidence.append(Evidence(key, label, "fact", p.path, p.line, p.column, verified=v))

    def review(self, doc: SourceDoc, key: str, label: str, review: Review) -> None:
        """Record a review and where its next_review date is written."""
        p = doc.problem(("review", "next_review"), label)
        due = review.next_review
        self.evidence.append(Evidence(key, label, "review", p.path, p.line, p.column, due=due))

    def fail_if_any(self) -> None:
        """Raise every problem gathered so far, at once, in file and line order."""
        if self.problems:
            raise ContentError(sorted(self.problems, key=where))


def load_list(
    g: Gatherer, path: Path, key: str, model: type[M], ctx: dict[str, Any]
) -> tuple[dict[str, M], set[str] | None]:
    """Load a file holding `key:` and a list of models, keyed by id; also every id written.

    The ids are None when the file could not be read, so that references to it go unchecked.
    """
    doc = g.doc(path)
    if doc is None:
        return {}, None
    data = doc.data
    if not isinstance(data, LocDict) or set(data) != {key} or not isinstance(data[key], LocList):
        g.problems.append(doc.problem((), f"expected one key '{key}:' holding a list"))
        return {}, None
    written = {str(i["id"]) for i in data[key] if isinstance(i, dict) and "id" in i}
    out: dict[str, M] = {}
    for i, item in enumerate(data[key]):
        value, problems = parse(doc, model, item, (key, i), ctx)
        g.problems.extend(problems)
        if value is not None:
            add_unique(g, doc, (key, i, "id"), out, value)
            if isinstance(value, Resource):
                label = f"resource '{value.id}'"
                g.fact(doc, (key, i), fact_key("resource", value.id), label, value.verified)
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
    overlays: bool | None = None,
) -> dict[str, tuple[M, SourceDoc]]:
    """Load one model from each YAML file of a folder; its name must match the file name.

    With overlays False only files named `<id>.yaml` are read, with True only `<id>.<lang>.yaml`.
    """
    out: dict[str, tuple[M, SourceDoc]] = {}
    for path in sorted(folder.glob("*.yaml")):
        if overlays is not None and ("." in path.stem) != overlays:
            continue
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


def check_unique(g: Gatherer, doc: SourceDoc, kind: str, ids: Sequence[tuple[str, Loc]]) -> None:
    """Report an id given twice within one file."""
    seen: set[str] = set()
    for ident, loc in ids:
        if ident in seen:
            g.problems.append(doc.problem(loc, f"{kind} id '{ident}' is used twice"))
        seen.add(ident)


def block_texts(block: Block) -> list[str]:
    """Every text a block can show, for every audience."""
    texts = list((block.text or {}).values())
    return texts + [t for item in block.items or [] for t in item.text.values()]


def check_statistics(g: Gatherer, doc: SourceDoc, loc: Loc, block: Block) -> None:
    """Warn when a block gives a figure (a percentage, 'N in N') but cites no source."""
    for text in block_texts(block):
        found = STATISTIC_RE.search(text)
        if found and not block.cite:
            msg = f"block '{block.id}' gives a figure ('{found.group(0)}') but cites no source"
            g.warn(doc, loc, msg + "; add cite: [source id]")
            return


def check_topic(g: Gatherer, doc: SourceDoc, topic: Topic) -> None:
    """Check citations resolve, ids are unique within the topic, and figures cite a source."""
    sources = {s.id for s in topic.sources}
    check_unique(
        g, doc, "source", [(s.id, ("sources", i, "id")) for i, s in enumerate(topic.sources)]
    )
    sections = [(s.id, ("sections", i, "id")) for i, s in enumerate(topic.sections)]
    check_unique(g, doc, "section", sections)
    blocks = [
        (b.id, ("sections", i, "blocks", j, "id"))
        for i, s in enumerate(topic.sections)
        for j, b in enumerate(s.blocks)
    ]
    check_unique(g, doc, "block", blocks)
    for i, section in enumerate(topic.sections):
        for j, block in enumerate(section.blocks):
            check_statistics(g, doc, ("sections", i, "blocks", j), block)
            for k, cite in enumerate(block.cite):
                if cite not in sources:
                    loc = ("sections", i, "blocks", j, "cite", k)
                    g.problems.append(doc.problem(loc, unknown_message("source", cite, sources)))
    for i, source in enumerate(topic.sources):
        key = fact_key("source", f"{topic.id}/{source.id}")
        g.fact(doc, ("sources", i), key, f"source '{source.id}'", source.verified)
    g.review(doc, review_key("topic", topic.id), f"topic '{topic.id}'", topic.review)


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


def check_partnership(
    g: Gatherer, doc: SourceDoc, p: Partnership, root: Path, national: Mapping[str, Contact]
) -> None:
    """Check the logo file exists inside the project and warn about unverified contacts."""
    logo = (doc.path.parent / p.brand.logo).resolve()
    if not logo.is_relative_to(root.resolve()) or not logo.is_file():
        msg = f"logo '{p.brand.logo}' must be a file in {doc.path.parent.name}/ inside the project"
        g.problems.append(doc.problem(("brand", "logo"), msg))
    else:
        g.problems.extend(outside_references(logo) or svg_limits(logo, "logo"))
    check_roles(g, doc, p.contacts)
    for i, c in enumerate(p.contacts):
        if c.role in national:
            msg = (
                f"'{c.role}' is a national contact, the same for every partnership "
                "(content/national-contacts.yaml); remove it here"
            )
            g.problems.append(doc.problem(("contacts", i, "role"), msg))
        key, label = fact_key("contact", f"{p.id}/{c.role}"), f"contact '{c.role}' ({c.phone})"
        if c.todo is None and not p.example:  # an example's numbers are fictional, not facts
            g.fact(doc, ("contacts", i), key, label, c.verified)
    if p.example:
        msg = f"partnership '{p.id}' is an example (fictional details): not for distribution"
        g.warn(doc, ("example",), msg)
    g.review(doc, review_key("partnership", p.id), f"partnership '{p.id}'", p.review)


def check_roles(g: Gatherer, doc: SourceDoc, contacts: list[Contact]) -> None:
    """One contact a role."""
    seen: set[str] = set()
    for i, c in enumerate(contacts):
        if c.role in seen:
            msg = f"role '{c.role}' is given twice; give each role one contact"
            g.problems.append(doc.problem(("contacts", i, "role"), msg))
        seen.add(c.role)


def load_national(
    g: Gatherer, path: Path, ctx: dict[str, Any]
) -> tuple[dict[str, Contact], SourceDoc | None]:
    """The national phone lines (999, 101) by role, each a checked fact; and their file."""
    doc = g.doc(path) if path.exists() else None
    if doc is None:
        return {}, None
    value, problems = parse(doc, NationalContacts, doc.data, (), ctx)
    g.problems.extend(problems)
    if value is None:
        return {}, doc
    check_roles(g, doc, value.contacts)
    for i, c in enumerate(value.contacts):
        label = f"national contact '{c.role}' ({c.phone})"
        g.fact(doc, ("contacts", i), fact_key("contact", f"national/{c.role}"), label, c.verified)
    return {c.role: c for c in value.contacts}, doc


def check_local_text(
    g: Gatherer, doc: SourceDoc, text: PartnershipText, partnerships: Mapping[str, Any]
) -> None:
    """A partnership overlay is named <partnership>.<lang>.yaml and translates only its roles."""
    part = partnerships.get(text.partnership)
    if part is None:
        return
    have = {c.role for c in part[0].contacts}
    for role in text.contacts:
        if role not in have:
            msg = f"partnership '{text.partnership}' has no '{role}' contact to translate"
            g.problems.append(doc.problem(("contacts", role), msg, key=True))


def check_formats(g: Gatherer, path: Path, formats: Mapping[str, Format], root: Path) -> None:
    """Check each format's stylesheet is a file inside templates/."""
    templates = ProjectPaths(root).templates.resolve()
    doc = g.doc(path)
    for i, f in enumerate(formats.values()):
        css = (templates / f.stylesheet).resolve()
        if doc and (not css.is_relative_to(templates) or not css.is_file()):
            msg = f"stylesheet '{f.stylesheet}' must be a file inside templates/"
            g.problems.append(doc.problem(("formats", i, "stylesheet"), msg))


OUTSIDE_REF = re.compile(
    r"""(?:href|src)\s*=\s*["']\s*(?!data:|#)([^"']+)|url\(\s*["']?\s*(?!data:|#)([^)"']+)"""
)


MAX_SVG_BYTES, MAX_USES = 512 * 1024, 20
SVG_HAZARD = re.compile(r"<!ENTITY|<use\b")


def svg_limits(path: Path, what: str) -> list[Problem]:
    """Refuse an SVG too big to be a logo or pictogram, one that defines entities, or one that
    reuses shapes more than MAX_USES times (nested <use> multiply: 30 levels make 2^30 shapes)."""
    size = path.stat().st_size
    if size > MAX_SVG_BYTES:
        msg = (
            f"{what} is {size // 1024} KB; an SVG {what} may be {MAX_SVG_BYTES // 1024} KB at most"
        )
        return [problem_at(path, 1, 1, msg)]
    text = path.read_text(encoding="utf-8", errors="replace")
    if "<svg" not in text[:4096]:
        return [problem_at(path, 1, 1, f"{what} is not an SVG file; save the {what} as SVG")]
    uses = 0
    for n, line in enumerate(text.splitlines(), 1):
        for found in SVG_HAZARD.finditer(line):
            if found.group(0) == "<!ENTITY":
                msg = f"{what} defines an XML entity; save it without a DOCTYPE"
                return [problem_at(path, n, found.start() + 1, msg)]
            uses += 1
            if uses > MAX_USES:
                msg = f"{what} reuses shapes (<use>) over {MAX_USES} times; simplify the drawing"
                return [problem_at(path, n, found.start() + 1, msg)]
    return []


def outside_references(logo: Path) -> list[Problem]:
    """Refuse a logo that refers to other files or web addresses: it must stand alone."""
    problems = []
    for n, line in enumerate(logo.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        for found in OUTSIDE_REF.finditer(line):
            ref = found.group(1) or found.group(2)
            msg = f"logo refers to '{ref}'; a logo must not refer to other files or web addresses"
            problems.append(problem_at(logo, n, found.start() + 1, msg))
    return problems


def stale_warnings(evidence: list[Evidence], today: dt.date) -> list[Problem]:
    """The warnings for every review past due and every unverified fact."""
    return [w for e in evidence if (w := e.warning(today)) is not None]


def check_translation(g: Gatherer, doc: SourceDoc, tr: Translation, topic: Topic) -> None:
    """Warn when the English changed since the translation was made."""
    now = topic_hash(topic, tr.audiences)
    if tr.source_hash != now:
        msg = (
            f"translation is stale: made from English {tr.source_hash}, the English is now "
            f"{now}; update the translation, then source_hash"
        )
        g.warn(doc, ("source_hash",), msg)


def check_cover_pictures(
    g: Gatherer, path: Path, audiences: dict[str, Audience], known: set[str]
) -> None:
    """Each audience's cover picture is one of the pictograms (loaded after the audiences)."""
    doc = g.doc(path)
    for i, audience in enumerate(audiences.values()):
        if doc and audience.cover_picture is not None and audience.cover_picture not in known:
            msg = "cover_picture: " + unknown_message("pictogram", audience.cover_picture, known)
            g.problems.append(doc.problem(("audiences", i, "cover_picture"), msg))


def check_pictures(g: Gatherer, doc: SourceDoc, pictures: dict[str, Pictogram]) -> None:
    """Check that each pictogram's file exists beside pictograms.yaml."""
    for i, pic in enumerate(pictures.values()):
        path = (doc.path.parent / "pictograms" / pic.file).resolve()
        if not path.is_relative_to(doc.path.parent.resolve()) or not path.is_file():
            msg = f"pictogram file '{pic.file}' must be in content/pictograms/"
            g.problems.append(doc.problem(("pictograms", i, "file"), msg))
        else:
            g.problems.extend(svg_limits(path, "pictogram"))


def load_theme(g: Gatherer, path: Path) -> Theme | None:
    """Load and validate templates/theme.yaml (its problems gathered), once for the project."""
    doc = g.doc(path)
    if doc is None:
        return None
    theme, problems = parse(doc, Theme, doc.data, (), {})
    g.problems.extend(problems)
    return theme


def scoped_warnings(catalog: Catalog, partnerships: set[str]) -> tuple[Problem, ...]:
    """The warnings of shared content and of these partnerships (not of the others)."""

    def touched(w: Problem) -> bool:
        path = Path(w.path)
        local = path.parent.name == "partnerships" and path.parent.parent.name == "content"
        return not local or path.name.split(".")[0] in partnerships

    return tuple(w for w in catalog.warnings if touched(w))


def _optional_list(
    g: Gatherer, path: Path, key: str, model: type[M], ctx: dict[str, Any]
) -> dict[str, M]:
    return load_list(g, path, key, model, ctx)[0] if path.exists() else {}


def load_catalog(root: Path, today: dt.date | None = None) -> Catalog:
    """Load, validate and cross-check all content under root; raise every problem at once."""
    today = today or dt.date.today()
    g = Gatherer(root)
    paths = ProjectPaths(root)
    audiences, _ = load_list(g, paths.audiences, "audiences", Audience, {})
    languages, _ = load_list(g, paths.languages, "languages", Language, {})
    formats_file = paths.formats
    formats, _ = load_list(g, formats_file, "formats", Format, {})
    g.fail_if_any()
    check_formats(g, formats_file, formats, root)
    ctx: dict[str, Any] = {
        "audiences": set(audiences),
        "languages": set(languages),
        "formats": set(formats),
    }
    variants = _optional_list(g, paths.variants, "variants", Variant, ctx)
    pictograms = _optional_list(g, paths.pictogram_list, "pictograms", Pictogram, ctx)
    ctx["pictograms"] = set(pictograms)
    check_cover_pictures(g, paths.audiences, audiences, set(pictograms))
    theme = load_theme(g, paths.theme)
    resources, written = load_list(g, paths.resources, "resources", Resource, ctx)
    if written is not None:
        ctx["resources"] = written
    ctx["roles"] = set(ROLES)
    national, national_doc = load_national(g, paths.national_contacts, ctx)
    partnerships = load_each(g, paths.partnerships, Partnership, ctx, overlays=False)
    folder = paths.partnerships
    ctx["partnerships"] = {p.stem for p in folder.glob("*.yaml") if "." not in p.stem}
    local_texts = load_each(
        g,
        paths.partnerships,
        PartnershipText,
        ctx,
        lambda t: f"{t.partnership}.{t.language}",
        "partnership",
        overlays=True,
    )
    topics = load_each(g, paths.topics, Topic, ctx)
    ctx["topics"] = {path.stem for path in paths.topics.glob("*.yaml")}
    translations = load_each(
        g, paths.translations, Translation, ctx, lambda t: f"{t.topic}.{t.language}", "topic"
    )
    easy_read = load_each(g, paths.easy_read, EasyRead, ctx, lambda e: e.topic, "topic")
    if pictograms:
        check_pictures(g, g.doc(paths.pictogram_list), pictograms)  # type: ignore[arg-type]
    for p, doc in partnerships.values():
        check_partnership(g, doc, p, root, national)
    for lt, doc in local_texts.values():
        check_local_text(g, doc, lt, partnerships)
    for t, doc in topics.values():
        check_topic(g, doc, t)
        check_poster(g, doc, t)
    for tr, doc in translations.values():
        if tr.topic in topics:
            check_translation(g, doc, tr, topics[tr.topic][0])
    for e, doc in easy_read.values():
        g.review(doc, review_key("easy-read", e.topic), f"Easy Read '{e.topic}'", e.review)
    g.fail_if_any()
    warnings = sorted(g.warnings + stale_warnings(g.evidence, today), key=where)
    docs = {f"partnerships/{k}": d for k, (_, d) in partnerships.items()}
    docs |= {f"topics/{k}": d for k, (_, d) in topics.items()}
    docs |= {f"translations/{k}": d for k, (_, d) in translations.items()}
    docs |= {f"easy-read/{k}": d for k, (_, d) in easy_read.items()}
    docs |= {f"partnerships/{k}": d for k, (_, d) in local_texts.items()}
    if national_doc is not None:
        docs["national-contacts"] = national_doc
    named = {"resources": paths.resources, "audiences": paths.audiences}
    named |= {"variants": paths.variants, "theme": paths.theme}
    docs |= {name: g.loaded[path] for name, path in named.items() if path in g.loaded}
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
        national=national,
        local_texts={(v.partnership, v.language): v for v, _ in local_texts.values()},
        docs=docs,
        warnings=tuple(warnings),
        evidence={e.key: e for e in g.evidence},
        today=today,
        theme=theme,
    )


def where(p: Problem) -> tuple[str, int, int]:
    """Sort key: file, line, column."""
    return (str(p.path), p.line, p.column)
