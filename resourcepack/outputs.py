"""Output kinds, by name: the files one layout of a leaflet is kept as in the render cache.

A print profile lists the kinds a build makes (profiles.py); a draft gets only the kinds made
for drafts. Only the standard library is used here, so that the command line loads it fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class OutputKind:
    """One kind of file a render writes from a leaflet's layout."""

    name: str
    description: str
    key_suffix: str | None  # its cache entry: the render key and this (None: kept with screen's)
    for_drafts: bool  # made for a draft too (drafts are never printed)
    label: str = ""  # what progress adds to a render's name when it makes one

    def key(self, render_key: str) -> str | None:
        """Its cache key for a render key (None: it has no entry of its own)."""
        return None if self.key_suffix is None else render_key + self.key_suffix


SCREEN, HTML, PRINT = "screen", "html", "print"
PRINT_SUFFIX = ".print"  # a print layout's cache key: its screen file's key and this

OUTPUT_KINDS: Mapping[str, OutputKind] = {
    k.name: k
    for k in (
        OutputKind(SCREEN, "on-screen PDF (PDF/UA-1), pages cut to the trim", "", True),
        OutputKind(HTML, "HTML edition, beside the on-screen PDF", None, True),
        OutputKind(
            PRINT,
            "print layout (3 mm bleed), from which a pack's print files are made",
            PRINT_SUFFIX,
            False,
            " (and its print layout)",
        ),
    )
}

ON_SCREEN = (SCREEN, HTML)  # what every render makes


def kinds_for(names: tuple[str, ...], draft: bool) -> tuple[str, ...]:
    """The kinds of these a leaflet gets (a draft: only those made for drafts)."""
    return tuple(n for n in names if OUTPUT_KINDS[n].for_drafts or not draft)
