"""Build stamp: after a build, a fingerprint of every input and output, so that a build with
nothing changed can say so without loading, checking or rendering anything.

The inputs are every file of content/, templates/, packs/, fonts/ and the code, the installed
packages (by name and version), the Python version, today's date (reviews fall due), the
command's options and SOURCE_DATE_EPOCH. The outputs are every file of each pack folder built.
Only the standard library is used here (and paths and atomic, which use only it too), so that
a no-op build starts fast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import write_text_atomic
from .paths import ProjectPaths

CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class PackLine:
    """What the summary says of one pack."""

    pack: str
    folder: str
    leaflets: int
    pack_pages: int
    pages: int
    held: tuple[str, ...] = ()  # leaflets held back from print: "file (reasons)"


@dataclass(frozen=True)
class Record:
    """What the last successful build wrote, as its summary tells it, and the warnings it gave."""

    packs: tuple[PackLine, ...]
    warnings: tuple[str, ...]


READ_AT_MOST = 16 * 1024 * 1024  # bigger files are fingerprinted by size and time, not read


def _hash_tree(h: Any, base: Path, folder: Path) -> None:
    """Feed every file under folder (path and bytes, in a fixed order) into h."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            path = Path(dirpath, name)
            h.update(f"{path.relative_to(base).as_posix()}\0{_fingerprint(path)}\0".encode())


def _fingerprint(path: Path) -> str:
    """A regular file's SHA-256; anything else (a link, a pipe, a device, a huge file) by what
    it is, its size and time, without reading it (the build itself refuses what it must)."""
    link = os.readlink(path) if path.is_symlink() else ""
    try:
        st = path.stat()
    except OSError as e:
        return f"{link}:unreadable:{e.errno}"
    if link or not stat.S_ISREG(st.st_mode) or st.st_size > READ_AT_MOST:
        return f"{link}:{stat.S_IFMT(st.st_mode)}:{st.st_size}:{st.st_mtime_ns}"
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        return f"unreadable:{e.errno}"


def _packages() -> list[str]:
    """The installed distributions, as their metadata folder names (which carry versions)."""
    names: list[str] = []
    for entry in sys.path:
        if entry.endswith("-packages") and os.path.isdir(entry):
            names += sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
    return names


def today() -> dt.date:
    """Today's date, which decides whether a review has fallen due."""
    return dt.date.today()


def inputs_digest(root: Path, options: dict[str, Any]) -> str:
    """The fingerprint of everything a build of root with these options reads."""
    h = hashlib.sha256()
    for folder in ProjectPaths(root).inputs:
        _hash_tree(h, root, folder)
    _hash_tree(h, CODE.parent, CODE)
    context = {
        "options": options,
        "packages": _packages(),
        "python": sys.version,
        "today": today().isoformat(),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    h.update(json.dumps(context, sort_keys=True, default=str).encode())
    return h.hexdigest()


def outputs_digest(output: Path, packs: list[str]) -> str | None:
    """The fingerprint of these pack folders' files, or None if one is missing."""
    h = hashlib.sha256()
    for pack in sorted(packs):
        if not (output / pack).is_dir():
            return None
        _hash_tree(h, output, output / pack)
    return h.hexdigest()


def stamp_file(root: Path, output: Path) -> Path:
    """Where the stamp of builds of root into output is kept: in the git-ignored .cache/."""
    name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
    return ProjectPaths(root).stamps / f"{name}.json"


def read_stamp(root: Path, output: Path, inputs: str) -> Record | None:
    """The last build's record, if it was built from these inputs and its packs are intact."""
    try:
        data = json.loads(stamp_file(root, output).read_text(encoding="utf-8"))
        if data["inputs"] != inputs:
            return None
        lines = tuple(PackLine(**{**p, "held": tuple(p.get("held", ()))}) for p in data["packs"])
        record = Record(lines, tuple(data["warnings"]))
        packs = [p.pack for p in record.packs]
        return record if outputs_digest(output, packs) == data["outputs"] else None
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write_stamp(root: Path, output: Path, inputs: str, record: Record) -> None:
    """Record a successful build (while it still holds the output folder's lock)."""
    outputs = outputs_digest(output, [p.pack for p in record.packs])
    data = {
        "output": str(output),
        "inputs": inputs,
        "outputs": outputs,
        "packs": [vars(p) for p in record.packs],
        "warnings": list(record.warnings),
    }
    write_text_atomic(stamp_file(root, output), json.dumps(data, indent=1))
