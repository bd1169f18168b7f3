"""Render: a Leaflet and its format become HTML through the audience's Jinja2 template."""

from __future__ import annotations

import base64
import datetime as dt
import gettext
import io
import re
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from functools import cache
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.bccache
import jinja2.sandbox
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import nodes
from jinja2.loaders import split_template_path
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.utils import Cycler, Joiner
from markupsafe import Markup, escape

from .compose import Leaflet, ResourceView, shared
from .content import Format
from .errors import TemplateError, locate_text, problem_at
from .fonts import FontFace, font_faces
from .qr import qr_data_uri
from .source import HARD_LINK, load_text

# A run of Latin-script text (names, numbers, URLs, emails) inside right-to-left text.
LATIN_RUN = re.compile(
    r"\(?[A-Za-z0-9+][A-Za-z0-9 .,:;/'\u2019()&@+_=?#%-]*[A-Za-z0-9)/]|[A-Za-z0-9]"
)


class ProjectLoader(jinja2.FileSystemLoader):
    """Loads templates from one folder; a file that links outside it is refused."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, if its real file lies inside the templates folder."""
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.folder):
            msg = f"'{template}' links to a file outside templates/"
            raise jinja2.exceptions.SecurityError(msg)
        if Path(filename).stat().st_nlink > 1:
            raise jinja2.exceptions.SecurityError(f"'{template}' {HARD_LINK}")
        return source, filename, uptodate


SAFE_CALLABLES = (Macro, BlockReference, LoopContext, Cycler, Joiner)


F = TypeVar("F", bound=Callable[..., Any])


def handed(function: F) -> F:
    """Mark a function the renderer hands a template, so that the sandbox lets it be called."""
    function.handed_by_renderer = True  # type: ignore[attr-defined]
    return function


MAX_POWER, MAX_REPEAT = 64, 100_000
MAX_HTML = 20_000_000  # characters of HTML a template may write for one leaflet
RENDER_SECONDS = 30.0  # how long a template may run for one leaflet


def _repeated_size(left: Any, right: Any) -> int:
    """How many items text or a list repeated by a number would hold (0 if not that)."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            return len(seq) * times
    return 0


class TemplateLimit(jinja2.exceptions.TemplateRuntimeError):
    """A template ran too long or wrote too much."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TemplateLimit in this thread after seconds (only the main thread can be timed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TemplateLimit(f"the template ran for over {seconds:g} s; look for a loop")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bounded(template: jinja2.Template, **context: Any) -> str:
    """Render a template within RENDER_SECONDS and MAX_HTML characters."""
    parts, size = [], 0
    with time_limit(RENDER_SECONDS):
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_HTML:
                raise TemplateLimit(f"the template writes over {MAX_HTML:,} characters")
            parts.append(chunk)
    return "".join(parts)


class Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """A sandbox in which templates may call only macros, blocks, loops, the globals and what
    the renderer hands them."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Refuse a repetition or a power too large to be text a leaflet prints."""
        if operator == "**" and isinstance(right, int) and right > MAX_POWER:
            raise jinja2.exceptions.SecurityError(f"a power over {MAX_POWER} in a template")
        if operator == "*" and _repeated_size(left, right) > MAX_REPEAT:
            raise jinja2.exceptions.SecurityError(f"a repetition of over {MAX_REPEAT:,} items")
        return super().call_binop(context, operator, left, right)

    def is_safe_callable(self, obj: Any) -> bool:
        """Allow Jinja's own callables, globals and handed functions; refuse the data's methods."""
        owner = getattr(obj, "__self__", None)
        if isinstance(obj, SAFE_CALLABLES) or isinstance(owner, SAFE_CALLABLES):
            return True
        if getattr(obj, "handed_by_renderer", False):
            return True
        return any(obj is g for g in self.globals.values())

    def get_template(
        self,
        name: str | jinja2.Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """A template by name, if the render's inputs name it (extends, include, import)."""
        if isinstance(name, str):
            _foreseen(self.join_path(name, parent) if parent is not None else name)
        return super().get_template(name, parent, globals)

    def select_template(
        self,
        names: Iterable[str | jinja2.Template],
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """The first of these templates there is, if the render's inputs name every one."""
        if isinstance(names, (list, tuple)):
            for name in names:
                if isinstance(name, str):
                    _foreseen(self.join_path(name, parent) if parent is not None else name)
        return super().select_template(names, parent, globals)


# The templates the render under way may load: its RenderInputs' chain (None: no render).
FORESEEN: ContextVar[frozenset[str] | None] = ContextVar("foreseen", default=None)


def _foreseen(name: str) -> None:
    """Refuse a template the render's inputs (and so its cache key) do not name."""
    chain = FORESEEN.get()
    if chain is not None and "/".join(split_template_path(name)) not in chain:
        msg = f"template '{name}' is not among this render's inputs (render.template_chain)"
        raise jinja2.exceptions.SecurityError(msg)


def long_date(day: dt.date, locale: str = "en_GB") -> str:
    """A date in the locale's long form: '20 November 2026', '20 listopada 2026'."""
    return str(format_date(day, format="long", locale=locale))


def isolate(text: str, direction: str = "ltr", english: bool = False) -> Markup:
    """Escape text; in right-to-left text, isolate Latin runs (numbers, URLs, names) as LTR;
    with english (a page in another script), mark the runs with letters lang="en", so that a
    screen reader reads them in an English voice.

    WeasyPrint ignores `unicode-bidi` and lays out each line's text on its own, so LRI and PDI
    marks lose their pair when a run breaks across lines ("Agency)" / "(CEOP"): each run is
    also an element of its own direction (`dir="ltr"`), which WeasyPrint keeps on every line.
    """
    if direction != "rtl" and not english:
        return escape(text)
    out, last = [], 0
    for m in LATIN_RUN.finditer(text):
        out += [escape(text[last : m.start()]), _run(m[0], direction, english)]
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _run(run: str, direction: str, english: bool) -> Markup:
    """One Latin run: in right-to-left text an LTR element, its numbers and short bracketed
    words unbreakable; lang="en" on runs with letters when english."""
    lang = ' lang="en"' if english and LETTER.search(run) else ""
    if direction != "rtl":
        return Markup(f"<span{lang}>") + escape(run) + Markup("</span>") if lang else escape(run)
    body, tail = _isolated(run)
    return Markup(f'<span dir="ltr"{lang}>{_unbroken(body)}</span>') + escape(tail)


# Kept on one line inside an isolated run: digit groups (a phone number, "10 (72%)") and a
# bracketed text short enough for a line of a DL panel in large print ("(self-generated)").
UNBROKEN = re.compile(r"\(?\d[\d%]*(?: \(?\d[\d%]*\)?)+|\([^()]{1,22}\)")


def _unbroken(run: str) -> Markup:
    """Escape an isolated run, wrapping its numbers and short bracketed texts in nowrap spans."""
    out, last = [], 0
    for m in UNBROKEN.finditer(run):
        nobr = Markup('<span class="nobr">') + escape(m[0]) + Markup("</span>")
        out += [escape(run[last : m.start()]), nobr]
        last = m.end()
    out.append(escape(run[last:]))
    return Markup("").join(out)


LETTER = re.compile("[A-Za-z]")
ENTITY = r"&(?:gt|lt|quot|#34|#39);"  # an escaped <, >, " or ' ends an address
URL_IN_TEXT = re.compile(
    rf"https://(?:(?!{ENTITY})[^\s<>\"'\u2066-\u2069])+?"
    rf"(?=[.,;:!?)]*(?:[\s<\u2066-\u2069]|{ENTITY}|$))"
)


def linked(text: Markup) -> Markup:
    """Escaped text with every https:// address in it made a link (to itself, printed in its
    short form), so that a reader can follow it from the PDF or the page; other schemes stay
    text. Addresses, e-mail addresses and phone numbers are kept whole on one line, and in
    left-to-right text a short number (999, 101) on the line of the word before it."""
    kept = WHOLE.sub(lambda m: f'<span class="whole">{m[0]}</span>', str(text))
    kept = SHORT_NUMBER.sub("\u00a0", kept)
    return Markup(
        URL_IN_TEXT.sub(
            lambda m: (
                f'<a class="whole" href="{m[0]}">{escape(short_url(html_unescape(m[0])))}</a>'
            ),
            kept,
        )
    )


def numbers_marked(text: Markup, numbers: Iterable[str]) -> Markup:
    """Escaped text with each of these phone numbers in it set strong (Easy Read: a number
    to call stands out from the sentence around it)."""
    wanted = sorted({str(escape(n)) for n in numbers if n}, key=len, reverse=True)
    if not wanted:
        return text
    number = re.compile(rf"(?<!\d)(?:{'|'.join(map(re.escape, wanted))})(?!\d)")
    return Markup(number.sub(lambda m: f'<strong class="number">{m[0]}</strong>', str(text)))


# The space between a word and a three-digit number (999, 101, 111): a no-break space there
# keeps "call 999." from starting a line alone (linebreak.py makes WeasyPrint break before the
# word instead). Not in right-to-left text, whose numbers are isolated runs: there PDFium, copying
# the text out, put fewer words back in order (tests/test_tags.py).
SHORT_NUMBER = re.compile(r"(?<=[^\W\d_]) (?=\d{3}(?!\d| \d))")

# A phone number (as the leak guard finds them) or an e-mail address, in escaped text.
WHOLE = re.compile(
    r"(?<![\d.])(?:\+44\s?|0)\d(?:[ -]?\d){6,10}(?!\d)|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)


def _isolated(run: str) -> tuple[str, str]:
    """Wrap a left-to-right run in LRI ... PDI, leaving unbalanced closing brackets outside
    (returned apart, as the run's tail)."""
    tail = ""
    while run.endswith(")") and run.count(")") > run.count("("):
        run, tail = run[:-1], ")" + tail
    return f"\u2066{run}\u2069", tail


LINE_CHARS_AT_14PT = 38  # characters a line of a half-width A4 column holds at 14 pt, about
BESIDE_QR = 0.6  # the share of a line left beside a QR code
QR_MM, LINE_HEIGHT, PT_MM = 22, 1.4, 25.4 / 72  # the QR code's side; body line height in em


def _wrapped(text: str, capacities: list[float], bold: bool = False) -> int:
    """How many lines text takes, filling lines of these capacities (then of the last) word
    by word; a web address breaks anywhere."""
    lines, used, width = 1, 0.0, 1.15 if bold else 1.0
    for word in text.split():
        cap = capacities[min(lines - 1, len(capacities) - 1)]
        size = len(word) * width
        if used and used + 1 + size > cap:
            lines, used = lines + 1, 0.0
            cap = capacities[min(lines - 1, len(capacities) - 1)]
        while size > cap:  # a long web address, broken where the line ends
            lines, size = lines + 1, size - cap
            cap = capacities[min(lines - 1, len(capacities) - 1)]
        used += size + (1 if used else 0)
    return lines


def _entry_lines(r: ResourceView, body_pt: float) -> float:
    """About how many body lines a resource's entry takes in a half-width column."""
    full = LINE_CHARS_AT_14PT * 14 / body_pt
    beside = QR_MM / (body_pt * LINE_HEIGHT * PT_MM) if r.qr else 0
    lines = 0.0
    phone = f"Phone {r.phone}" + (f", {r.hours}" if r.hours else "") if r.phone else ""
    fields = [r.title, r.description, phone]
    fields += [f"Email {r.email}" if r.email else "", short_url(r.url)]
    for k, text in enumerate(f for f in fields if f):
        narrow = max(0, int(beside - lines + 0.999))
        lines += _wrapped(text, [full * BESIDE_QR] * narrow + [full], bold=k == 0)
    return max(lines, beside) + 0.5  # and the gap below it


def halves(
    resources: tuple[ResourceView, ...], body_pt: float = 14
) -> tuple[tuple[ResourceView, ...], tuple[ResourceView, ...]]:
    """Resources dealt into two columns, each to the one that is shorter so far (in estimated
    lines), keeping their order in each: the template sets the columns side by side as the two
    cells of a row that flows on across pages, which costs one layout where a balanced
    multi-column box costs several a page."""
    columns: tuple[list[ResourceView], list[ResourceView]] = ([], [])
    lengths = [0.0, 0.0]
    for r in resources:
        shorter = 0 if lengths[0] <= lengths[1] else 1
        columns[shorter].append(r)
        lengths[shorter] += _entry_lines(r, body_pt)
    return tuple(columns[0]), tuple(columns[1])


Half = tuple[ResourceView, ...]


def resource_rows(
    resources: tuple[ResourceView, ...], body_pt: float = 14
) -> tuple[tuple[Half, Half], tuple[Half, Half]]:
    """The two halves as two rows: a first that is never split (the first entry of each half,
    and on the shorter side as many more as bring it closest to the other's length, so that
    neither column shows a gap), and the rest of each half, flowing on."""
    left, right = halves(resources, body_pt)
    lines = [[_entry_lines(r, body_pt) for r in half] for half in (left, right)]
    taken = [min(1, len(left)), min(1, len(right))]
    if all(taken):
        short = 0 if lines[0][0] < lines[1][0] else 1
        target, have = lines[1 - short][0], lines[short][0]
        while taken[short] < len(lines[short]):
            more = have + lines[short][taken[short]]
            if abs(more - target) >= abs(have - target):
                break
            have, taken[short] = more, taken[short] + 1
    a, b = taken
    return (left[:a], right[:b]), (left[a:], right[b:])


SHORT_URL = 32  # characters of a printed web address, at most, with its path


def short_url(url: str) -> str:
    """A web address as people read and type it (www.childline.org.uk): no https://, no
    closing slash; only its site (www.iwf.org.uk) when its path would make it longer than
    SHORT_URL characters. Links and QR codes keep the whole address."""
    short = re.sub(r"^https?://", "", url).rstrip("/")
    return short if len(short) <= SHORT_URL else short.split("/", 1)[0]


def dial(number: str) -> str:
    """A phone number as a tel: link dials it: its digits ('' if it has none)."""
    return re.sub(r"\D", "", number)


def css_string(text: str) -> str:
    """Quote text as a CSS string: a line break as one (\\A), and no "<" that could end the
    <style> element it is written in."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return '"' + quoted.replace("\n", "\\A ") + '"'


def css_lines(lines: Iterable[str]) -> Markup:
    """A CSS content value that prints these lines (HTML text: as the page shows it) one under
    another (with white-space: pre-line)."""
    texts = [Markup(t).striptags() if isinstance(t, Markup) else str(t) for t in lines]
    return Markup(css_string("\n".join(texts)))


def upper_first(text: str) -> str:
    """Text with its first letter a capital, as CSS's ::first-letter { text-transform:
    uppercase } prints it ("next review 1 May" is "Next review 1 May")."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


def page_counter(message: str) -> Markup:
    """A CSS content value from a 'Page %(page)s of %(pages)s' message."""
    parts = re.split(r"(%\(pages?\)s)", message)
    out = [
        {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}.get(p) or css_string(p)
        for p in parts
        if p
    ]
    return Markup(" ".join(out))


def _translations(po: Path | None, data: bytes, language: str) -> gettext.NullTranslations:
    """The messages of a language from its .po file's bytes (none without one)."""
    if po is None:
        return gettext.NullTranslations()
    try:
        catalog = read_po(io.BytesIO(data), locale=language)
    except Exception as e:  # Babel raises many kinds of parse errors
        raise TemplateError([problem_at(po, 1, 1, f"cannot read translations: {e}")]) from e
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for every language's environment (which are alike
    but for their messages): each language would otherwise compile the same templates again,
    about 0.1 s a language in each process. A template whose source changed is compiled again
    (Jinja checks the source's checksum)."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket from memory, if its template was compiled before."""
        if (code := self.codes.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a template's compiled code."""
        self.codes[bucket.key] = bucket.bytecode_to_string()


COMPILED = SharedBytecode()


@cache
def environment(
    templates: Path, language: str = "en", po: Path | None = None, messages: bytes = b""
) -> jinja2.Environment:
    """The sandboxed Jinja2 environment for a language and its messages (a .po file's bytes):
    autoescaped, undefined names are errors."""
    env = Sandbox(
        loader=ProjectLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=COMPILED,
    )
    texts = _translations(po, messages, language)
    # A translation is text, never markup: escaped here, so that HTML in a .po file prints as
    # written (Jinja's newstyle gettext would trust it). Placeholders are checked by `check`.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda s: escape(texts.gettext(s)),
        lambda s, p, n: escape(texts.ngettext(s, p, n)),
        newstyle=True,
    )
    env.filters["long_date"] = long_date
    env.filters["isolate"] = isolate
    env.filters["short_url"] = short_url
    env.filters["linked"] = linked
    env.filters["numbers_marked"] = numbers_marked
    env.filters["dial"] = dial
    env.filters["page_counter"] = page_counter
    env.filters["css_lines"] = css_lines
    env.filters["upper_first"] = upper_first
    env.filters["halves"] = halves
    env.filters["resource_rows"] = resource_rows
    env.filters["sentences"] = lambda text: re.split(r"(?<=[.!?])\s+", text.strip())
    return env


def template_error(templates: Path, name: str, e: Exception) -> TemplateError:
    """Locate a template error (rendering template `name`) at the template's file and line."""
    if isinstance(e, jinja2.TemplateNotFound) and e.name == name:
        msg = f"no template '{e.name}'; add templates/{name}"
        return TemplateError([problem_at(templates / name, 1, 1, msg)])
    if isinstance(e, jinja2.TemplateNotFound) and getattr(e, "lineno", None) is None:
        msg = f"template: no template '{e.name}'"
        return TemplateError([locate_text([templates], str(e.name), msg, str(templates / name))])
    line, path = getattr(e, "lineno", None), getattr(e, "filename", None)
    if line is None:
        for frame in reversed(traceback.extract_tb(sys.exc_info()[2])):
            if frame.filename.endswith(".j2"):
                path, line = frame.filename, frame.lineno
                break
    where = path or str(templates / name)
    what = f"no template '{e.name}'" if isinstance(e, jinja2.TemplateNotFound) else str(e)
    if isinstance(e, RecursionError):
        what = "a macro or template calls itself without end"
    return TemplateError([problem_at(where, line or 1, 1, f"template: {what}")])


def read_inside(folder: Path, name: str) -> str:
    """Read a text file that must lie (links resolved) inside folder."""
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        msg = f"'{name}' links outside {folder.name}/; keep it inside the project"
        raise TemplateError([problem_at(folder / name, 1, 1, msg)])
    if path.is_file() and path.stat().st_nlink > 1:
        raise TemplateError([problem_at(folder / name, 1, 1, f"'{name}' {HARD_LINK}")])
    return path.read_text(encoding="utf-8")


REL = re.compile(r"rel\s*=", re.IGNORECASE)  # any rel attribute given a value


class _AttachmentFinder(HTMLParser):
    """Finds elements whose rel asks WeasyPrint to embed a file."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = dict(attrs).get("rel") or ""
        if "attachment" in rel.lower().split():
            self.found.append(self.getpos()[0])


def check_no_attachments(html: str, template: Path) -> None:
    """Refuse rel="attachment" links: they would embed a file in the PDF. A page with no
    rel attribute at all (no "rel=" in any case) is passed without parsing it."""
    if not REL.search(html):
        return
    finder = _AttachmentFinder()
    finder.feed(html)
    if finder.found:
        msg = 'rel="attachment" would embed a file in the PDF; remove it from the template'
        folders = [template.parent.parent] if template.parent.name else []
        raise TemplateError([locate_text(folders, "attachment", msg, str(template))])


def template_name(leaflet: Leaflet, fmt: Format, templates: Path) -> str:
    """The template a leaflet is rendered with: for the format's template (leaflet, trifold,
    poster), its variant's or audience's own if it has one, else the shared one."""
    own = f"{leaflet.template}/{fmt.template}.html.j2"
    shared = f"{fmt.template}.html.j2"
    return own if fmt.template == "leaflet" or (templates / own).is_file() else shared


def handed_names(leaflet: Leaflet) -> dict[str, str]:
    """Template names the renderer hands a leaflet's templates (the tri-fold extends the
    audience's leaflet template by its name)."""
    return {"leaflet_template": f"{leaflet.template}/leaflet.html.j2"}


def shared_sheets(fmt: Format) -> tuple[str, ...]:
    """The stylesheets (under templates/) every leaflet of a format shares, in cascade order."""
    return ("styles/base.css", fmt.stylesheet, "styles/tokens.css")


PRINT_SHEET = "styles/print.css"
WEB_SHEETS = ("styles/web.css", "styles/tokens.css")
THEME = "theme.yaml"
FOLDER = {"folder": True}  # a field that says where the inputs are; no input itself


@dataclass(frozen=True, slots=True)
class RenderInputs:
    """Everything one render of a leaflet in a format reads (its PDFs and its HTML edition):
    its data and, by role, every file. The renderer reads files only through it, and the
    cache key (cache.render_key) hashes exactly its fields; a new kind of input is a field
    here, filled in render_inputs."""

    leaflet: Leaflet
    fmt: Format
    templates: Path = field(metadata=FOLDER)
    names: tuple[tuple[str, str], ...]  # template names handed to the templates
    chain: tuple[Path, ...]  # the template rendered, then all it extends, includes, imports
    sheets: tuple[Path, ...]  # the shared stylesheets, in cascade order
    print_sheet: Path
    web_sheets: tuple[Path, ...]  # the HTML edition's
    theme: Path
    messages: Path | None  # the language's .po file, if it has one
    fonts: tuple[FontFace, ...]
    logo: Path
    pictures: tuple[tuple[str, Path], ...]  # by id: the cover's, then the points'

    @property
    def template(self) -> str:
        """The name of the template rendered."""
        return self.chain[0].relative_to(self.templates).as_posix()

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file a render reads (a template named but missing too), in field order."""
        out: list[Path] = []
        for f in fields(self):
            if not f.metadata.get("folder"):
                out += _paths(getattr(self, f.name))
        return tuple(dict.fromkeys(out))

    def data(self, path: Path) -> bytes:
        """The bytes of one of the inputs' files."""
        return self._own(path).read_bytes()

    def text(self, path: Path) -> str:
        """The text of one of the inputs' files under templates/ (links resolved inside it)."""
        return read_inside(self.templates, self._own(path).relative_to(self.templates).as_posix())

    def _own(self, path: Path) -> Path:
        if path not in self.files:
            raise LookupError(f"{path} is not one of the render's inputs; add it to RenderInputs")
        return path


def _paths(value: object) -> list[Path]:
    """The files in an input field's value (a path, a font face, or a tuple of them)."""
    if isinstance(value, Path):
        return [value]
    if isinstance(value, FontFace):
        return [value.path]
    if isinstance(value, tuple):
        return [p for v in value for p in _paths(v)]
    return []


def render_inputs(leaflet: Leaflet, fmt: Format, templates: Path) -> RenderInputs:
    """What one render of a leaflet in a format reads, found as the renderer finds it."""
    names = handed_names(leaflet)
    chain = template_chain(templates, template_name(leaflet, fmt, templates), names)
    po = templates / "locale" / leaflet.language / "LC_MESSAGES" / "messages.po"
    return RenderInputs(
        leaflet=leaflet,
        fmt=fmt,
        templates=templates,
        names=tuple(names.items()),
        chain=tuple(shared(templates / t) for t in chain),
        sheets=tuple(shared(templates / s) for s in shared_sheets(fmt)),
        print_sheet=shared(templates / PRINT_SHEET),
        web_sheets=tuple(shared(templates / s) for s in WEB_SHEETS),
        theme=shared(templates / THEME),
        messages=shared(po) if po.is_file() else None,
        fonts=font_faces(templates.parent, leaflet.fonts),
        logo=leaflet.logo,
        pictures=tuple((p.id, p.path) for p in leaflet.pictures),
    )


@dataclass(frozen=True)
class References:
    """The templates one template names (extends, include, import)."""

    constant: tuple[str, ...]  # by a constant name
    handed: tuple[str, ...]  # by a variable (the renderer's handed names, if it is one)
    dynamic: bool  # by an expression only rendering can tell
    assigned: frozenset[str]  # variables it sets, which then are not the handed names


def template_chain(templates: Path, name: str, handed: Mapping[str, str]) -> tuple[str, ...]:
    """A template and every template it extends, includes or imports, recursively, as Jinja's
    loader names them; every file under templates/ when a name is made only by rendering."""
    found, todo = [], [name]
    assigned: set[str] = set()
    while todo:
        current = _normal(todo.pop(0))
        if current is None or current in found:
            continue  # a bad name is reported when the leaflet renders
        found.append(current)
        if (templates / current).is_file():  # and so is a missing template
            refs = _references(templates, current, read_inside(templates, current))
            if refs.dynamic or not set(refs.handed) <= set(handed):
                everything = environment(templates).list_templates()
                return (found[0], *sorted(set(everything) - {found[0]}))
            assigned |= refs.assigned
            todo += [*refs.constant, *(handed[n] for n in refs.handed)]
    if shadowed := assigned & set(handed):  # a template sets a handed name: not known
        return template_chain(
            templates, name, {k: v for k, v in handed.items() if k not in shadowed}
        )
    return tuple(found)


def _normal(name: str) -> str | None:
    """A template name as the loader reads it ('./a/b' is 'a/b'); None if it cannot be one."""
    try:
        return "/".join(split_template_path(name))
    except jinja2.TemplateNotFound:
        return None


@cache
def _references(templates: Path, name: str, source: str) -> References:
    """The templates a template's source names (parsed once per version of the file)."""
    try:
        parsed = environment(templates).parse(source, name, str(templates / name))
    except jinja2.TemplateError as e:
        raise template_error(templates, name, e) from e
    exprs: list[nodes.Expr] = []
    for expr in _loads(parsed):
        exprs += expr.items if isinstance(expr, (nodes.Tuple, nodes.List)) else [expr]
    consts = [e.value for e in exprs if isinstance(e, nodes.Const) and isinstance(e.value, str)]
    names = [e.name for e in exprs if isinstance(e, nodes.Name)]
    dynamic = len(consts) + len(names) < len(exprs)
    return References(tuple(consts), tuple(names), dynamic, _assigned(parsed))


def _loads(parsed: nodes.Template) -> list[nodes.Expr]:
    """What names the templates a parsed template extends, includes and imports."""
    return [
        *(n.template for n in parsed.find_all(nodes.Extends)),
        *(n.template for n in parsed.find_all(nodes.Include)),
        *(n.template for n in parsed.find_all(nodes.Import)),
        *(n.template for n in parsed.find_all(nodes.FromImport)),
    ]


def _assigned(parsed: nodes.Template) -> frozenset[str]:
    """The variables a parsed template sets (set, for, with, macro arguments, macros, imports)."""
    out = {n.name for n in parsed.find_all(nodes.Name) if n.ctx != "load"}
    out |= {m.name for m in parsed.find_all(nodes.Macro)}
    out |= {i.target for i in parsed.find_all(nodes.Import)}
    for f in parsed.find_all(nodes.FromImport):
        out |= {n if isinstance(n, str) else n[1] for n in f.names}
    return frozenset(out)


def theme_colours(inputs: RenderInputs) -> dict[str, str]:
    """The theme's named colours (templates/theme.yaml; checked, with its pairs, before any
    render), which templates and stylesheets use as {{ colours.x }} and var(--x)."""
    return dict(_colours(inputs.text(inputs.theme)))


@cache
def _colours(text: str) -> tuple[tuple[str, str], ...]:
    """The colours of a theme.yaml's text (parsed once a process per version of the file)."""
    data = load_text(Path("templates/theme.yaml"), text).data  # validated when loaded
    return tuple((str(k), str(v)) for k, v in data["colours"].items())


def shared_css(inputs: RenderInputs) -> str:
    """The stylesheet every leaflet of a format and font set shares: its fonts' @font-face
    rules and the shared sheets. WeasyPrint parses it once a process (pdf.stylesheet); it
    comes before the leaflet's own <style> (custom properties, page furniture, print.css)."""
    faces = [
        f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
        f'font-style: {f.style}; src: url("{f.uri}"); }}'
        for f in inputs.fonts
    ]
    return "\n".join([*faces, *(inputs.text(s) for s in inputs.sheets)])


def _declared(pictures: dict[str, str], picture_id: Any) -> str:
    """The data URI of one of the leaflet's own pictures, by id; anything else is refused."""
    if isinstance(picture_id, str) and picture_id in pictures:
        return pictures[picture_id]
    msg = "picture() takes the id of one of the leaflet's own pictures (b.picture.id), nothing else"
    raise jinja2.exceptions.SecurityError(msg)


def _svg(inputs: RenderInputs, path: Path) -> str:
    """One of the inputs' SVG pictures as a data URI."""
    return f"data:image/svg+xml;base64,{base64.b64encode(inputs.data(path)).decode('ascii')}"


def template_context(
    inputs: RenderInputs, created: dt.datetime, pad_pages: int = 0
) -> dict[str, Any]:
    """What a leaflet's template is given: its data, and the functions the renderer hands it."""
    # picture() takes the id of one of this leaflet's own pictures (its cover's, its points'),
    # nothing else.
    pictures = {i: _svg(inputs, path) for i, path in inputs.pictures}
    return {
        "leaflet": inputs.leaflet,
        "format": inputs.fmt,
        **dict(inputs.names),
        "print_stylesheet": inputs.text(inputs.print_sheet),
        "qr": handed(qr_data_uri),
        "logo": _svg(inputs, inputs.logo),
        "picture": handed(lambda p: _declared(pictures, p)),
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "pad_pages": pad_pages,
        "colours": theme_colours(inputs),
        "web": False,  # the HTML edition (web.render_web) sets it, its stylesheet, and
        "web_stylesheet": "",
        "english_runs": False,  # whether to mark English runs (a page in another script)
    }


def environment_for(inputs: RenderInputs) -> jinja2.Environment:
    """The environment a render's templates run in: its language's messages installed."""
    po = inputs.messages
    data = inputs.data(po) if po else b""
    return environment(inputs.templates, inputs.leaflet.language, po, data)


def render_html(
    inputs: RenderInputs,
    created: dt.datetime,
    pad_pages: int = 0,
    edition: Mapping[str, Any] | None = None,
) -> str:
    """Render a leaflet to HTML with its format's template and stylesheets: one layout, with
    bleed and black in 100% K, from which both the on-screen and the print file are written
    (or, given the HTML edition's context, that edition)."""
    templates, name = inputs.templates, inputs.template
    env = environment_for(inputs)
    context = template_context(inputs, created, pad_pages) | dict(edition or {})
    chain = frozenset(p.relative_to(templates).as_posix() for p in inputs.chain)
    foreseen = FORESEEN.set(chain)
    try:
        html = bounded(env.get_template(name), **context)
    except Exception as e:  # a template's own mistake (1/0, a bad call, a limit): located
        raise template_error(templates, name, e) from e
    finally:
        FORESEEN.reset(foreseen)
    check_no_attachments(html, templates / name)
    return html
