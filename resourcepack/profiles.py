"""Print profiles, by name: what a build makes for print. The command line's --print-profile
choices are these names. Only the standard library is used here, so that it loads fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import Problem, UsageError
from .outputs import ON_SCREEN, PRINT


@dataclass(frozen=True)
class PrintProfile:
    """A print profile: its name, the output kinds a build with it makes (the on-screen PDF
    and its HTML edition always; print files or not) and what --help says of it."""

    name: str
    outputs: tuple[str, ...]
    says: str

    @property
    def prints(self) -> bool:
        """Whether packs get print files (print/, the job sheet, the zip)."""
        return PRINT in self.outputs


PDF_X4, NO_PRINT = "pdf/x-4", "none"

PRINT_PROFILES: Mapping[str, PrintProfile] = {
    p.name: p
    for p in (
        PrintProfile(PDF_X4, (*ON_SCREEN, PRINT), "PDF/X-4 pages, imposed sheets, job sheet"),
        PrintProfile(NO_PRINT, ON_SCREEN, "on-screen PDFs only"),  # the default is the first
    )
}
DEFAULT_PROFILE = next(iter(PRINT_PROFILES))


def print_profile(name: str) -> PrintProfile:
    """The profile of this name; else a one-line usage error naming those there are."""
    if name not in PRINT_PROFILES:
        known = ", ".join(PRINT_PROFILES)
        msg = f"unknown print profile '{name}'; the print profiles are {known}"
        raise UsageError([Problem("command line", 1, 1, msg)])
    return PRINT_PROFILES[name]
