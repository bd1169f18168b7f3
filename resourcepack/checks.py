"""Accessibility and language checks, run before anything renders: each failure names file:line.

Each is registered, with its stage, in pipeline.CHECKS (which runs them).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from pydantic import BaseModel

from .catalog import Catalog
from .compose import Leaflet, pick, shown, visible_blocks
from .content import Translation, phone_problem
from .errors import Problem, problem_at
from .fonts import font_faces
from .guard import PHONE_LIKE, Input, digits, locate
from .paths import ProjectPaths
from .source import SourceDoc
from .tokens import TOKEN, locate_nth, locate_token, strings, token_names, unknown_token

ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
SENTENCE = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Located:
    """A piece of text and where it was written."""

    text: str
    doc: SourceDoc
    loc: tuple[str | int, ...]

    def problem(self, message: str) -> Problem:
        """An error at this text's place."""
        return self.doc.problem(self.loc, message)

    def problem_at(self, offset: int, message: str) -> Problem:
        """An error at the word of this text that starts at offset (a sentence, an acronym),
        found in the file from the value's place on."""
        word = WORD.match(self.text, offset)
        if word is None:
            return self.problem(message)
        before = len(re.findall(rf"(?<!\w){re.escape(word[0])}", self.text[:offset]))
        return locate_nth(self.doc, self.loc, word[0], before, message)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_contrast(catalog: Catalog) -> list[Problem]:
    """Every text/background pair of the theme, with every partnership's brand colours."""
    theme, doc = catalog.theme, catalog.docs.get("theme")
    if theme is None or doc is None:
        return []
    out = []
    for pid, part in catalog.partnerships.items():
        colours = theme.colours | {
            "brand.primary": part.brand.primary,
            "brand.accent": part.brand.accent,
        }
        for i, pair in enumerate(theme.pairs):
            if pair.text not in colours or pair.background not in colours:
                out.append(doc.problem(("pairs", i), "unknown colour name in this pair"))
                continue
            ratio, need = (
                contrast(colours[pair.text], colours[pair.background]),
                7.0 if pair.body else 4.5,
            )
            if ratio < need:
                msg = (
                    f"contrast of {pair.text} on {pair.background} ({pair.use}) is "
                    f"{ratio:.2f}:1 for partnership '{pid}'; needs {need}:1"
                )
                out.append(doc.problem(("pairs", i), msg))
    return out


def check_sizes(catalog: Catalog) -> list[Problem]:
    """Body text of every audience in every variant is at least the larger minimum."""
    doc, out = catalog.docs["audiences"], []
    for i, audience in enumerate(catalog.audiences.values()):
        for variant in catalog.variants.values():
            if not shown(variant.audiences, audience.id):
                continue
            size = max(audience.body_pt, variant.body_pt or 0)
            need = max(audience.min_body_pt, variant.min_body_pt)
            if size < need:
                msg = (
                    f"body text for {audience.id} in {variant.id} is {size:g}pt; "
                    f"needs at least {need:g}pt"
                )
                out.append(doc.problem(("audiences", i, "body_pt"), msg))
    return out


def check_stylesheets(root: Path) -> list[Problem]:
    """No justified text and no italics in any stylesheet or template."""
    bad = re.compile(r"text-align\s*:\s*justify|font-style\s*:\s*(italic|oblique)")
    out = []
    templates = ProjectPaths(root).templates
    files = sorted(templates.rglob("*.css")) + sorted(templates.rglob("*.j2"))
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if (m := bad.search(line)) and "@font-face" not in line and "f.style" not in line:
                what = "justified text" if "justify" in m[0] else "italic text"
                msg = f"{what} ('{m[0]}') is against clear print rules; remove it"
                out.append(problem_at(path, n, m.start() + 1, msg))
    return out


def topic_texts(catalog: Catalog, topic_id: str, audience: str) -> Iterator[Located]:
    """Every English text one audience sees in a topic, with where it was written."""
    topic, doc = catalog.topics[topic_id], catalog.docs[f"topics/{topic_id}"]
    index = {
        (s.id, b.id): (i, j) for i, s in enumerate(topic.sections) for j, b in enumerate(s.blocks)
    }
    for sid, _, blocks in visible_blocks(topic, audience):
        for b in blocks:
            i, j = index[(sid, b.id)]
            loc: tuple[str | int, ...] = ("sections", i, "blocks", j)
            if text := pick(b.text, audience):
                yield Located(text, doc, (*loc, "text"))
            for k, item in enumerate(b.items or []):
                if item_text := pick(item.text, audience):
                    yield Located(item_text, doc, (*loc, "items", k))


def sentences(texts: Iterable[str]) -> list[str]:
    """Split texts into sentences."""
    return [s.strip() for t in texts for s in SENTENCE.split(t) if s.strip()]


def check_readability(catalog: Catalog) -> list[Problem]:
    """Flesch reading ease of the English text of each audience that sets a minimum
    (audiences.yaml min_flesch) is at least that."""
    import textstat

    out = []
    for topic in catalog.topics.values():
        for audience in catalog.audiences.values():
            need = audience.min_flesch
            if need is None or audience.id not in topic.audiences or topic.language != "en":
                continue
            texts = list(topic_texts(catalog, topic.id, audience.id))
            score = float(textstat.flesch_reading_ease(" ".join(t.text for t in texts)))
            if score < need:
                out.extend(_hardest(texts, topic.id, audience.id, score, need))
    return out


def _hardest(
    texts: list[Located], topic: str, audience: str, score: float, need: float
) -> list[Problem]:
    import textstat

    scored = [
        (float(textstat.flesch_reading_ease(s)), s, t) for t in texts for s in sentences([t.text])
    ]
    scored.sort(key=lambda row: row[0])
    return [
        t.problem(
            f"{topic} for {audience} reads at Flesch {score:.0f} (needs {need:.0f}); "
            f'a hard sentence ({s_score:.0f}): "{s}"'
        )
        for s_score, s, t in scored[:3]
    ]


def easy_texts(catalog: Catalog) -> Iterator[Located]:
    """Every Easy Read text with where it was written."""
    for tid, easy in catalog.easy_read.items():
        doc = catalog.docs[f"easy-read/{tid}"]
        for i, s in enumerate(easy.sections):
            for key, value in s.heading.items():
                yield Located(value, doc, ("sections", i, "heading", key))
            for j, p in enumerate(s.points):
                for key, value in p.text.items():
                    yield Located(value, doc, ("sections", i, "points", j, "text", key))
        for k, item in enumerate(easy.glossary):
            for key, value in item.text.items():
                yield Located(value, doc, ("glossary", k, "text", key))


def sentence_spans(text: str) -> list[tuple[int, str]]:
    """The sentences of a text, each with its offset in the text."""
    out, start = [], 0
    for m in [*SENTENCE.finditer(text), None]:
        end = m.start() if m else len(text)
        if piece := text[start:end].strip():
            out.append((start + len(text[start:end]) - len(text[start:end].lstrip()), piece))
        start = m.end() if m else end
    return out


def check_easy_read(catalog: Catalog) -> list[Problem]:
    """Easy Read: sentences no longer than its variant allows (variants.yaml
    max_sentence_words), no acronyms; each problem at the sentence or acronym itself."""
    limits = [
        v.max_sentence_words
        for v in catalog.variants.values()
        if v.text == "easy-read" and v.max_sentence_words
    ]
    most = min(limits, default=None)
    out = []
    for t in easy_texts(catalog):
        for offset, sentence in sentence_spans(t.text):
            words = len(TOKEN.sub("x", sentence).split())
            if most is not None and words > most:
                out.append(
                    t.problem_at(
                        offset,
                        f'Easy Read sentence of {words} words (at most {most}): "{sentence}"',
                    )
                )
        blanked = TOKEN.sub(lambda m: " " * len(m[0]), t.text)  # offsets kept
        for m in ACRONYM.finditer(blanked):
            out.append(
                t.problem_at(m.start(), f"Easy Read text uses the acronym '{m[0]}'; write it out")
            )
    return out


SHARED = ("topics/", "easy-read/", "translations/")
SETTINGS = ("audiences", "variants", "theme")  # files of settings, not of text to print
NOT_TEXT = ("source_hash",)  # keys whose values are never printed (a hash's digits are no number)


def printed_strings(data: object) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every string of a loaded YAML value that could print, with its key path."""
    return ((text, loc) for text, loc in strings(data) if not loc or loc[-1] not in NOT_TEXT)


def check_shared_text(catalog: Catalog) -> list[Problem]:
    """Shared guidance (topics, Easy Read, translations) holds no local number, and every token
    it uses is one the tool knows."""
    known, national = token_names(catalog.resources), national_numbers(catalog)
    out = []
    for name, doc in catalog.docs.items():
        if not name.startswith(SHARED):
            continue
        for text, loc in printed_strings(doc.data):
            for m in TOKEN.finditer(text):
                if m[0][1:-1] not in known:
                    out.append(locate_token(doc, loc, m[0], unknown_token(m[0][1:-1], known)))
            for m in PHONE_LIKE.finditer(TOKEN.sub("", text)):
                if digits(m[0]) not in national:
                    msg = (
                        f"local number in shared guidance ('{m[0]}'): move it to the "
                        "partnership's contacts and write {contact:<role>} here"
                    )
                    out.append(locate_token(doc, loc, m[0], msg))
    return out


def check_numbers_in_text(catalog: Catalog) -> list[Problem]:
    """Every phone number written in the content's text (not only in phone fields) is a valid
    UK number: a mistyped one would print without a word."""
    out = []
    for name, doc in catalog.docs.items():
        if name in SETTINGS:
            continue
        for text, loc in printed_strings(doc.data):
            for m in PHONE_LIKE.finditer(TOKEN.sub("", text)):
                if msg := phone_problem(m[0]):
                    out.append(locate_token(doc, loc, m[0], msg))
    return out


def national_numbers(catalog: Catalog) -> set[str]:
    """The digits of every national phone number: national contacts and resources."""
    phones = [c.phone for c in catalog.national.values()]
    phones += [r.phone for r in catalog.resources.values() if r.phone]
    return {digits(p) for p in phones}


def _required(catalog: Catalog, tr: Translation) -> dict[str, set[str]]:
    """What a translation must cover: the ids its audiences see in English."""
    topic = catalog.topics[tr.topic]
    need: dict[str, set[str]] = {
        "sections": set(),
        "blocks": set(),
        "contacts": set(),
        "resources": set(),
    }
    for audience in tr.audiences:
        for sid, _, blocks in visible_blocks(topic, audience):
            need["sections"].add(sid)
            need["blocks"].update(b.id for b in blocks)
        need["contacts"].update(
            role for role, c in catalog.national.items() if shown(c.audiences, audience)
        )
        need["resources"].update(
            r.id for r in topic.resources if audience in catalog.resources[r.id].audiences
        )
    return need


def check_translation(catalog: Catalog, tr: Translation) -> list[Problem]:
    """A translation covers everything its audiences see, item for item, and nothing unknown."""
    doc = catalog.docs[f"translations/{tr.topic}.{tr.language}"]
    out = []
    for kind, ids in _required(catalog, tr).items():
        have: BaseModel | dict[str, object] = getattr(tr, kind)
        assert isinstance(have, dict)
        for missing in sorted(ids - set(have)):
            out.append(
                doc.problem(
                    (kind,),
                    f"no {tr.language} translation of {kind[:-1]} '{missing}'; add it",
                    key=True,
                )
            )
        for extra in sorted(set(have) - ids):
            out.append(
                doc.problem(
                    (kind, extra),
                    f"'{extra}' is not a {kind[:-1]} this translation's audiences see",
                    key=True,
                )
            )
    topic = catalog.topics[tr.topic]
    english = {b.id: b for s in topic.sections for b in s.blocks}
    for bid, text in tr.blocks.items():
        if bid in english and text.items is not None:
            count = len(english[bid].items or [])
            if len(text.items) != count:
                msg = f"block '{bid}' has {count} items in English, {len(text.items)} here"
                out.append(doc.problem(("blocks", bid, "items"), msg))
    return out


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


IGNORABLE = {0x2066, 0x2067, 0x2068, 0x2069, 0x200C, 0x200D, 0x200E, 0x200F, 0x20}


def missing_glyphs(root: Path, fonts: tuple[str, ...], text: str) -> list[str]:
    """The characters of text that no font of the stack has a glyph for."""
    covered: set[int] = set()
    for face in font_faces(root, fonts):
        covered |= _cmap(face.path)
    return sorted(
        {
            ch
            for ch in text
            if ord(ch) not in covered and ord(ch) not in IGNORABLE and not ch.isspace()
        }
    )


def leaflet_texts(leaflet: Leaflet) -> Iterator[tuple[str, str]]:
    """(what, text) for every piece of text a leaflet prints."""
    yield "title", leaflet.title
    yield "subtitle", leaflet.subtitle or ""
    for s in leaflet.sections:
        yield f"section '{s.id}'", s.heading
        for b in s.blocks:
            for text in (
                b.text or "",
                *(i.text for i in b.items),
                *(i.term or "" for i in b.items),
            ):
                yield f"section '{s.id}'", text
    for c in leaflet.contacts:
        yield f"contact '{c.name}'", f"{c.name} {c.phone} {c.description}"
    for r in leaflet.resources:
        yield f"resource '{r.name}'", " ".join(filter(None, (r.name, r.description, r.hours)))
    for g in leaflet.glossary:
        yield "glossary", f"{g.term} {g.text}"
    if leaflet.poster:
        yield "poster", " ".join((leaflet.poster.headline, *leaflet.poster.actions))


def check_glyphs(root: Path, leaflet: Leaflet, where: Sequence[Input]) -> list[Problem]:
    """Every character a leaflet prints has a glyph in its fonts (no tofu, no system fallback);
    a missing one is reported where the text holding it is written."""
    out = []
    for what, text in leaflet_texts(leaflet):
        for ch in missing_glyphs(root, leaflet.fonts, text):
            msg = (
                f"{leaflet.filename}: U+{ord(ch):04X} '{ch}' in {what} has no glyph in "
                f"{', '.join(leaflet.fonts)}; add a font that covers it to the language"
            )
            out.append(dataclasses.replace(locate(where, ch), message=msg))
    return out


PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%|%")


def _placeholders(text: str) -> tuple[set[str], bool]:
    """A message's %(name)s placeholders, and whether it has a % that is not one (nor %%)."""
    found = [(m.group(1), m.group(0)) for m in PLACEHOLDER.finditer(text)]
    return {name for name, _ in found if name}, any(whole == "%" for _, whole in found)


def check_po(templates: Path) -> list[Problem]:
    """Each template translation keeps its message's placeholders, and has no stray %: either
    would stop every render of the language."""
    from babel.messages.pofile import read_po

    out = []
    for po in sorted(templates.glob("locale/*/LC_MESSAGES/messages.po")):
        try:
            with po.open("rb") as f:
                messages = list(read_po(f))
        except Exception as e:  # Babel raises many kinds of parse errors
            out.append(problem_at(po, 1, 1, f"cannot read translations: {e}"))
            continue
        for m in messages:
            ids = [str(i) for i in (m.id if isinstance(m.id, (tuple, list)) else [m.id])]
            texts = [
                str(t)
                for t in (m.string if isinstance(m.string, (tuple, list)) else [m.string])
                if t
            ]
            want, _ = _placeholders(ids[0])
            for text in texts if ids[0] else []:
                have, stray = _placeholders(text)
                if have != want or stray:
                    need = ", ".join(f"%({n})s" for n in sorted(want)) or "none"
                    msg = (
                        f"translation of {ids[0]!r} has placeholders "
                        f"{', '.join(f'%({n})s' for n in sorted(have)) or 'none'}"
                        f"{' and a stray %' if stray else ''}; keep the message's ({need}), "
                        "and write a % sign as %%"
                    )
                    out.append(problem_at(po, m.lineno or 1, 1, msg))
    return out


class _Outline(HTMLParser):
    """Collects headings and images of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[tuple[int, int]] = []
        self.no_alt: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append((int(tag[1]), self.getpos()[0]))
        if tag == "img" and not (dict(attrs).get("alt") or "").strip():
            self.no_alt.append(self.getpos()[0])


def check_html(html: str, where: str, templates: Sequence[Path] = ()) -> list[Problem]:
    """Every image has alt text and headings go down one level at a time, from h1; each problem
    is located at the first template line that writes such a tag (else the leaflet's template)."""
    outline = _Outline()
    outline.feed(html)
    out = [
        _in_templates(templates, NO_ALT, where, f"an image has no alt text (line {n} of the HTML)")
        for n in outline.no_alt
    ]
    previous = 0
    for level, n in outline.levels:
        if level > previous + 1:
            msg = (
                f"heading h{level} follows h{previous or '-'} (line {n} of the HTML); "
                "headings must not skip a level"
            )
            out.append(_in_templates(templates, re.compile(rf"<h{level}\b"), where, msg))
        previous = level
    return out


NO_ALT = re.compile(r"<img\b(?![^>]*(?<![\w-])alt=)")


def _in_templates(templates: Sequence[Path], tag: re.Pattern[str], where: str, msg: str) -> Problem:
    """A problem at the first line of the templates that matches tag, else at where:1:1."""
    for path in templates:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if m := tag.search(line):
                return problem_at(path, n, m.start() + 1, msg)
    return problem_at(where, 1, 1, msg)
