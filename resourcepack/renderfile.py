"""Render-file: lay out one leaflet once, check its length and back cover, write its files."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .cache import Cache
from .errors import RenderError, problem_at
from .fonts import font_faces
from .guard import Leak, found_in
from .impositions import IMPOSITIONS
from .layout import check_layout, rules_for
from .paths import ProjectPaths
from .pdf import render_padded, write_outputs
from .pipeline import check_page
from .planning import Job
from .render import render_html, render_inputs, shared_css
from .web import render_web, web_path


def allowed_folders(root: Path, families: tuple[str, ...]) -> tuple[Path, ...]:
    """Folders a render may read: the project's own and its font files'."""
    fonts = {f.path.parent for f in font_faces(root, families)}
    paths = ProjectPaths(root)
    return (paths.templates, paths.content, *sorted(fonts))


def check_length(job: Job, pages: int) -> None:
    """A leaflet longer than its variant allows, or than its format's fixed count, is an error."""
    limit, fixed = job.leaflet.max_pages, job.fmt.pages
    if limit and pages > limit:
        msg = (
            f"{job.leaflet.filename} has {pages} pages; {job.leaflet.variant} allows {limit}: "
            "shorten the text it ends with"
        )
        raise RenderError([problem_at(*job.leaflet.ends_at, msg)])
    if fixed is not None and pages > fixed:
        what = IMPOSITIONS[job.fmt.production.imposition].unit
        msg = (
            f"leaflet {job.leaflet.filename.removesuffix('.pdf')} does not fit the {job.fmt.id} "
            f"format: its content needs {pages} {what} and the format has {fixed}; shorten the "
            "text for this format, or leave sections out of it with 'formats:'"
        )
        raise RenderError([problem_at(*job.leaflet.ends_at, msg)])


def check_back_cover(job: Job, document: Any, notes: int, templates: Path) -> None:
    """A leaflet's back cover, when it has one, is on its last page alone (so fits on it); else
    an error at the macro that writes it."""
    pages = document.pages  # a box's id is an anchor on every page it runs onto
    if notes and job.fmt.back_cover != "none" and "back-cover" in pages[-2].anchors:
        macros = templates / "macros.html.j2"
        text = macros.read_text(encoding="utf-8")
        line = text[: text.find("{% macro back_cover")].count("\n") + 1
        msg = (
            f"the back cover of {job.leaflet.filename} runs over one page: shorten the names of "
            "its contacts and resources, or make them smaller for this format"
        )
        raise RenderError([problem_at(str(macros), line, 1, msg)])


@contextmanager
def garbage_collected_after() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a leaflet renders, then run once over the
    objects made meanwhile: WeasyPrint makes so many that the collector, left on, spent about a
    seventh of a render's CPU time walking them (and the process's older objects) again and
    again. Peak memory is unchanged (measured): what a render drops is freed by its counts."""
    if not gc.isenabled():  # a caller's choice: leave it alone
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)  # the young objects only: everything this render made is among them


def render_file(
    root: Path, job: Job, path: Path, cache: Cache | None = None, print_path: Path | None = None
) -> int:
    """Lay out one leaflet once and write it once; keep it at path on screen (cut to the trim)
    and, if print_path is given, as its print layout (with bleed) there; return its pages.

    With a cache, the notes pages its last render needed are the first guess (one layout pass
    instead of two when the guess is right).
    """
    with garbage_collected_after():
        return _render_file(root, job, path, cache, print_path)


def _render_file(
    root: Path, job: Job, path: Path, cache: Cache | None, print_path: Path | None
) -> int:
    """render_file's work."""
    templates = ProjectPaths(root).templates
    inputs = job.inputs or render_inputs(job.leaflet, job.fmt, templates)
    where = str(templates / inputs.template)

    def make_html(pad: int) -> str:
        html = render_html(inputs, job.created, pad)
        check_page(html, where, sorted(templates.rglob("*.j2")))
        if job.allowed and (found := found_in(html, job.allowed, job.leaflet.partnership_id)):
            raise Leaked(found)
        return html

    allowed = allowed_folders(root, job.leaflet.fonts)
    fmt, name = job.fmt, job.leaflet.filename
    # This leaflet's last render, else the same leaflet's for any partnership: its local
    # details rarely change its length, so a new partnership's leaflets are laid out once.
    names = (name, f"any-partnership/{name.removeprefix(job.leaflet.partnership_id + '.')}")
    always = fmt.back_cover == "always" or (job.leaflet.back_page and fmt.back_cover != "none")
    least = 1 if always else 0  # its last page is the back cover
    # Unknown, a spare back cover is guessed: cut off if the pages are even (render_padded).
    unknown = 1 if fmt.back_cover == "spare" and fmt.pages is None else 0
    guess = max(cache.notes_guess(names, unknown) if cache else unknown, least)
    css = shared_css(inputs)
    document, notes = render_padded(
        make_html, fmt.pad_to, templates, allowed, where, fmt.pages, guess, css, least
    )
    check_length(job, len(document.pages))
    check_back_cover(job, document, notes, templates)
    write_outputs(document, path, print_path, where, allowed, job.leaflet.fonts)
    if cache:  # the layout check's verdict, kept with the render (the build reads it)
        cache.remember_findings(job.key, check_layout(path, rules_for(fmt)))
    page = render_web(inputs, job.created)
    write_atomic(web_path(path), lambda tmp: tmp.write_text(page, encoding="utf-8"))
    if cache:
        cache.remember_notes(names, notes)
    return len(document.pages)


class Leaked(Exception):
    """A leaflet's HTML prints another partnership's details (found by the guard in a render)."""

    def __init__(self, found: tuple[Leak, ...]) -> None:
        super().__init__(found)
        self.found = found


def render_into_cache(root: Path, job: Job, folder: Path) -> tuple[Leak, ...]:
    """Render a job into the cache (a process-pool task, so the timestamp is pinned here too);
    return the leaks the guard found in its HTML instead, rendering nothing, if it found any."""
    os.environ["SOURCE_DATE_EPOCH"] = str(int(job.created.timestamp()))
    cache = Cache(folder)
    printed = cache.pdf(job.print_key) if job.print_key else None
    try:
        pages = render_file(root, job, cache.pdf(job.key), cache, printed)
    except Leaked as e:
        return e.found
    for key in job.keys:
        cache.remember(key, pages)
    return ()
