"""Trailing pad pages a layout turned out not to need, dropped before WeasyPrint makes its margin
boxes: the pages' footers then count the pages that are left ("Page 7 of 8"), and the leaflet
is laid out once instead of twice.

A leaflet ends with its pad pages (notes pages, then its back cover). The content before them
lays out the same whatever their number, so when a layout's guess of pad pages was more than
none and none are needed (a spare back cover on an even number of pages), the document is the
one the guess made with its last pages cut off, but for the page count its footers print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

PAD_CLASSES = frozenset({"notes-page", "back-cover"})  # the templates' pad pages' sections


@dataclass
class Trim:
    """One layout's trim: how many pages to keep given how many were made (None: keep all),
    and how many it dropped."""

    keep: Callable[[int], int | None]
    dropped: int = 0


class Repaginated(Exception):
    """WeasyPrint laid the pages out again after a trim (a page-count-dependent content)."""


_TRIM: ContextVar[Trim | None] = ContextVar("trim", default=None)


@contextmanager
def trimmed(trim: Trim) -> Iterator[Trim]:
    """Within: a layout keeps trim.keep(pages made) pages (when they drop only pad pages)."""
    use_trims()
    token = _TRIM.set(trim)
    try:
        yield trim
    finally:
        _TRIM.reset(token)


def use_trims() -> None:
    """Route WeasyPrint's pagination through a wrapper that cuts pages (once a process)."""
    from weasyprint import layout

    if getattr(layout.make_all_pages, "ours", False):
        return
    paginate = layout.make_all_pages

    def make_all_pages(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Iterator[Any]:
        trim = _TRIM.get()
        if trim is not None and trim.dropped:  # WeasyPrint lays out again what was cut
            raise Repaginated
        made = list(paginate(context, root_box, html, pages))
        if trim is not None:
            _cut(trim, context, made)
        yield from made

    make_all_pages.ours = True  # type: ignore[attr-defined]
    layout.make_all_pages = make_all_pages


def _cut(trim: Trim, context: Any, made: list[Any]) -> None:
    """Drop the pages trim does not keep, and their layout states, if they are all pad pages."""
    keep = trim.keep(len(made))
    if keep is None or keep >= len(made) or not all(map(_pad_page, made[keep:])):
        return
    trim.dropped = len(made) - keep
    del made[keep:]
    del context.page_maker[keep + 1 :]  # the state after each page kept stays


def _pad_page(page: Any) -> bool:
    """Whether a laid-out page holds a notes page or the back cover."""
    return any(
        PAD_CLASSES & set((box.element.get("class") or "").split())
        for box in page.descendants()
        if box.element_tag == "section" and box.element is not None
    )
