"""Atomic files: a file is written under a temporary name in its folder, then renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write a file through a temporary name in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file atomically, in UTF-8, its newlines as given."""
    write_atomic(path, lambda tmp: tmp.write_bytes(text.encode("utf-8")))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write a file's bytes atomically."""
    write_atomic(path, lambda tmp: tmp.write_bytes(data))
