"""PDF: WeasyPrint turns leaflet HTML into a tagged PDF/UA-1 file, fetching only safe URLs."""

from __future__ import annotations

import atexit
import gc
import io
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf

from .atomic import write_atomic
from .copyout import mark_left_to_right
from .errors import Problem, RenderError, locate_text, problem_at
from .linebreak import use_hanging_spaces
from .qr import use_quick_qr_paths
from .subset import use_harfbuzz
from .tagging import mark_furniture, use_our_tags
from .trim import Repaginated, Trim, trimmed

PDF_VARIANT = "pdf/ua-1"


def _fetcher_class() -> type[Any]:
    """Build the URLFetcher subclass lazily, so that commands that render nothing stay fast."""
    import weasyprint

    class ProjectFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
        """Allows data: URIs and files under the allowed folders; refuses everything else."""

        def __init__(self, allowed: tuple[Path, ...], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.allowed = tuple(p.resolve() for p in allowed)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            """Fetch url if it is a data: URI or a file inside an allowed folder."""
            if url.startswith("data:") or self._allowed_file(url):
                return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url}: only data: URIs and project files")

        def _allowed_file(self, url: str) -> bool:
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return False
            path = Path(unquote(parts.path)).resolve()
            return path.is_file() and any(path.is_relative_to(root) for root in self.allowed)

    return ProjectFetcher


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings so that a render with any warning fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collect_warnings() -> Iterator[_Collect]:
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


QUOTED = re.compile(r"'([^']{8,})'")


def _warning_problem(messages: list[str], allowed: tuple[Path, ...], where: str) -> Problem:
    """The first WeasyPrint warning, located at the text it quotes when that can be found."""
    first = messages[0].splitlines()[0]
    more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
    msg = f"WeasyPrint: {first}{more}"
    quoted = QUOTED.search(first)
    return (
        locate_text(allowed, quoted.group(1).strip(), msg, where)
        if quoted
        else problem_at(where, 1, 1, msg)
    )


@cache
def _font_config() -> Any:
    """This process's one WeasyPrint font configuration, shared by every render and stylesheet."""
    from weasyprint.text.fonts import FontConfiguration

    atexit.register(_forget_fonts)  # its __del__ fails once the interpreter is tearing down
    return FontConfiguration()


def _forget_fonts() -> None:
    """Drop the parsed stylesheets and the font configuration while Python can still free them."""
    _SHEETS.clear()
    _font_config.cache_clear()
    gc.collect()


def stylesheet(css: str, base: Path, allowed: tuple[Path, ...], where: str) -> Any:
    """A leaflet's shared stylesheet (fonts, base, format and token styles), parsed once a
    process: the same for every leaflet of a format and font set, whatever its template
    (where, used only to locate a problem). A refused URL or a warning is a located
    RenderError (and is not kept)."""
    key = (css, base, allowed)
    if key not in _SHEETS:
        _SHEETS[key] = _parse_stylesheet(css, base, allowed, where)
    return _SHEETS[key]


_SHEETS: dict[tuple[str, Path, tuple[Path, ...]], Any] = {}


def _parse_stylesheet(css: str, base: Path, allowed: tuple[Path, ...], where: str) -> Any:
    import weasyprint

    fetcher = _fetcher_class()(allowed)
    with _collect_warnings() as warnings:
        url = base.as_uri() + "/"
        sheet = weasyprint.CSS(
            string=css, base_url=url, url_fetcher=fetcher, font_config=_font_config()
        )
    _raise_on(fetcher, warnings, allowed, where)
    return sheet


def _raise_on(fetcher: Any, warnings: _Collect, allowed: tuple[Path, ...], where: str) -> None:
    """A refused URL or any WeasyPrint warning, as a located RenderError."""
    if fetcher.refused:
        url = fetcher.refused[0]
        msg = f"refused to fetch {url}: only data: URIs and project files are allowed"
        raise RenderError([locate_text(allowed, url, msg, where)])
    if warnings.messages:
        raise RenderError([_warning_problem(warnings.messages, allowed, where)])


def render_document(
    html: str, base: Path, allowed: tuple[Path, ...], where: str, css: str = ""
) -> Any:
    """Lay out HTML (with the shared stylesheet css) with WeasyPrint; a refused URL or any
    warning is a located RenderError."""
    import weasyprint

    use_hanging_spaces()
    sheets = [stylesheet(css, base, allowed, where)] if css else []
    fetcher = _fetcher_class()(allowed)
    with _collect_warnings() as warnings:
        doc = weasyprint.HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
        rendered = doc.render(font_config=_font_config(), stylesheets=sheets)
    _raise_on(fetcher, warnings, allowed, where)
    return rendered


def pages_short(pages: int, pad_to: int, exact: int | None, least: int = 0) -> int:
    """Notes pages to add: up to `exact` pages if given, else at least `least` (a back cover)
    and to a multiple of pad_to."""
    if exact is not None:
        return max(exact - pages, 0)
    return least + -(pages + least) % pad_to


def render_padded(
    make_html: Callable[[int], str],
    pad_to: int,
    base: Path,
    allowed: tuple[Path, ...],
    where: str,
    exact: int | None = None,
    guess: int = 0,
    css: str = "",
    least: int = 0,
) -> tuple[Any, int]:
    """Render with `guess` pad pages (notes pages, the last the back cover if any); only if
    that was the wrong number, render again with the right one. Return the document and its
    pad pages.

    Each pad page starts a page and fills one, so the content has (pages - guess) pages
    whatever the guess; a guess is right exactly when it is the number that content needs.
    A guess of some where none are needed (a spare back cover, on a format of no set length)
    costs no second layout: the pad pages are cut off the first (trim.py).
    """

    def keep(made: int) -> int | None:
        content = made - guess
        return content if pages_short(content, pad_to, exact, least) == 0 else None

    trim = Trim(keep if guess and exact is None else lambda made: None)
    try:
        with trimmed(trim):
            document = render_document(make_html(guess), base, allowed, where, css)
    except Repaginated:
        trim = Trim(lambda made: None)
        document = render_document(make_html(guess), base, allowed, where, css)
    made = guess - trim.dropped
    short = pages_short(len(document.pages) - made, pad_to, exact, least)
    if short != made:
        document = render_document(make_html(short), base, allowed, where, css)
    if len(document.pages) % pad_to:
        msg = f"{len(document.pages)} pages is not a multiple of {pad_to}; a notes page overflowed"
        raise RenderError([problem_at(where, 1, 1, msg)])
    return document, short


def _ready_to_write(document: Any) -> None:
    """Route WeasyPrint's subsetting, tagging and text drawing through ours, and mark the
    document's furniture and (right to left) its left-to-right runs."""
    use_harfbuzz()
    use_quick_qr_paths()
    use_our_tags()
    mark_furniture(document)
    mark_left_to_right(document)


def write_pdf(document: Any, path: Path, variant: str | None = PDF_VARIANT) -> None:
    """Write a rendered document as a tagged PDF/UA-1 file (or the variant given), atomically."""
    _ready_to_write(document)
    write_atomic(path, lambda tmp: document.write_pdf(tmp, pdf_variant=variant))


def write_outputs(
    document: Any,
    path: Path,
    print_path: Path | None = None,
    where: str = "",
    allowed: tuple[Path, ...] = (),
    families: tuple[str, ...] = (),
) -> None:
    """Write one laid-out document (pages with bleed) once, as PDF/UA-1: the print layout is
    that file as written (if asked for), the on-screen file the same with its pages cut to the
    trim (their boxes changed; nothing drawn again). A PDF that could open a file or run
    anything, or that holds a font other than the leaflet's own (families), is refused and
    nothing is written."""
    _ready_to_write(document)
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    pdf = pikepdf.open(io.BytesIO(data))
    if found := refusal(pdf, families):
        msg, text = found
        problem = locate_text(allowed, text, msg, where) if text else problem_at(where, 1, 1, msg)
        raise RenderError([problem])
    screen = cut_to_trim(pdf)
    if print_path is not None:
        write_atomic(print_path, lambda tmp: tmp.write_bytes(data))
    write_atomic(path, lambda tmp: tmp.write_bytes(screen))


SAFE_LINK = re.compile(r"(https?:|mailto:|tel:)", re.IGNORECASE)
ACTIONS = ("/Launch", "/JavaScript", "/ImportData", "/SubmitForm", "/GoToR", "/GoToE", "/Rendition")
ONLY = "only web, e-mail and phone links may be in a leaflet"


def refusal(pdf: pikepdf.Pdf, families: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """Why a written PDF must not be published, and the text to find the cause by: an embedded
    file or script, a file attachment, a launch or script action, a link that is not to the
    web, an e-mail address or a phone number, or a font that is none of families."""
    names = pdf.Root.get("/Names")
    if names is not None and ("/EmbeddedFiles" in names or "/JavaScript" in names):
        return f"the PDF would hold an embedded file or script; {ONLY}", ""
    if "/OpenAction" in pdf.Root or "/AA" in pdf.Root:
        return f"the PDF would hold an action run on opening; {ONLY}", ""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if found := _annotation(annot):
                return found
    if families and (font := _foreign_font(pdf, families)):
        msg = (
            f"the PDF would embed the font '{font}', which is not the leaflet's "
            f"({', '.join(families)}); name only the language's fonts in stylesheets"
        )
        return msg, ""
    return None


def _annotation(annot: Any) -> tuple[str, str] | None:
    """Why an annotation must not be in a leaflet, if it must not."""
    if annot.get("/Subtype") == "/FileAttachment":
        return f"the PDF would hold a file attachment; {ONLY}", ""
    action = annot.get("/A")
    kind = str(action.get("/S", "")) if action is not None else ""
    if kind in ACTIONS:
        return f"the PDF would hold a {kind[1:]} action; {ONLY}", ""
    uri = str(action.get("/URI", "")) if action is not None and kind == "/URI" else ""
    if kind == "/URI" and not SAFE_LINK.match(uri):
        return f"the PDF would hold a link to {uri!r}; {ONLY}", uri
    return None


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _foreign_font(pdf: pikepdf.Pdf, families: tuple[str, ...]) -> str | None:
    """The first font of the PDF's pages that belongs to none of families (a system font)."""
    allowed = [_squash(f) for f in families]
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        for font in fonts.values() if fonts is not None else []:
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            if not any(_squash(name).startswith(a) for a in allowed):
                return name
    return None


def cut_to_trim(pdf: pikepdf.Pdf) -> bytes:
    """A PDF whose every page box is its TrimBox: what a screen shows, without the bleed."""
    for page in pdf.pages:
        trim = page.obj.TrimBox
        page.obj.MediaBox = page.obj.BleedBox = trim
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()
