"""One exception base class and the located problems it carries."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # and bidi controls


@dataclass(frozen=True)
class Problem:
    """One message about one place in one file (its path as found; `shown` makes it relative
    for display, which only the command line and the studio do)."""

    path: Path | str  # kept as a Path (see __post_init__)
    line: int
    column: int
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        """Keep the path as a Path (given as text, such as "command line", too)."""
        object.__setattr__(self, "path", Path(self.path))

    def __str__(self) -> str:
        """Format as `path:line:col: severity: message`, the path as kept."""
        return self._format(str(self.path))

    def shown(self, root: Path | None) -> str:
        """Format as `path:line:col: severity: message` for people: the path relative to the
        working folder, else to the project's root."""
        return self._format(display_path(self.path, root))

    def _format(self, where: str) -> str:
        """The line, control characters shown escaped."""
        text = f"{where}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


class ResourcePackError(Exception):
    """Base of every error shown to the user; the CLI prints it without a traceback."""

    exit_code = 1

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ResourcePackError], tuple[tuple[Problem, ...]]]:
        """Pickle by problems, so that errors cross from render worker processes."""
        return (type(self), (self.problems,))


class ContentError(ResourcePackError):
    """Raised when content, pack or partnership YAML does not load or validate."""


class TemplateError(ResourcePackError):
    """Raised when a Jinja2 template fails to load or render."""


class RenderError(ResourcePackError):
    """Raised when WeasyPrint fails or a rendered leaflet breaks a print rule."""


class OutputError(ResourcePackError):
    """Raised when the output folder holds, where a pack goes, something the tool did not make
    (it never deletes, replaces or renames what it did not make)."""


class ReleaseError(ResourcePackError):
    """Raised by --release when content is not ready to print: a gate found a problem."""


class UsageError(ResourcePackError):
    """Raised for a bad command line: an unknown pack, topic, audience or format name."""

    exit_code = 2


def problem_at(path: Path | str, line: int, column: int, message: str) -> Problem:
    """Build an error Problem."""
    return Problem(Path(path), line, column, message)


def display_path(path: Path | str, root: Path | None = None) -> str:
    """Show a path relative to the working folder when it lies below it, else relative to
    root when it lies below that; a relative path (or a name such as "command line") as it is."""
    if not Path(path).is_absolute():
        return str(path)
    for base in (Path.cwd(), root):
        if base is None:
            continue
        here, written = os.path.abspath(base), os.path.abspath(path)
        if os.path.commonpath([here, written]) == here:
            return os.path.relpath(written, here)
        try:
            return str(Path(path).resolve().relative_to(Path(base).resolve()))
        except ValueError:
            continue
    return str(path)


def relative(path: Path | str, root: Path) -> str:
    """A path inside the project as the project names it (relative to its root), for messages."""
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


TEXT_SUFFIXES = (".j2", ".css", ".svg", ".html", ".yaml")


def locate_text(folders: Iterable[Path], needle: str, message: str, fallback: str) -> Problem:
    """An error at the first place needle is written in the folders' text files, else fallback."""
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in TEXT_SUFFIXES or not path.is_file():
                continue
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            for n, line in enumerate(lines, start=1):
                if (col := line.lower().find(needle.lower())) >= 0:
                    return problem_at(path, n, col + 1, message)
    return problem_at(fallback, 1, 1, message)
