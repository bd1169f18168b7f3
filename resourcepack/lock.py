"""One build at a time per output folder: an exclusive lock, and recovery from a killed build."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .assemble import recover

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds are not serialized there
    fcntl = None  # type: ignore[assignment]


def to_stderr(message: str) -> None:
    """Print a line to standard error."""
    print(message, file=sys.stderr)


@contextmanager
def locked_output(output: Path, say: Callable[[str], None] = to_stderr) -> Iterator[None]:
    """Hold an exclusive lock on the output folder (a second build waits), then tidy it.

    The lock is taken on the folder itself, so no lock file appears among the packs; the
    kernel drops it when the process ends, however it ends.
    """
    output.mkdir(parents=True, exist_ok=True)
    fd = os.open(output, os.O_RDONLY)
    try:
        _lock(fd, output, say)
        recover(output)
        yield
    finally:
        os.close(fd)


def _lock(fd: int, output: Path, say: Callable[[str], None]) -> None:
    if fcntl is None:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        say(f"waiting for another build of {output} to finish")
        fcntl.flock(fd, fcntl.LOCK_EX)
