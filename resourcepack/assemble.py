"""Assemble: a pack's leaflet PDFs, its combined pack.pdf and manifest.json, swapped in whole."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .compose import Leaflet
from .errors import OutputError, problem_at
from .pdf import write_atomic


@dataclass(frozen=True)
class BuiltFrom:
    """What a leaflet was built from: its review dates, a digest of its content, draft reasons."""

    reviewed: str
    next_review: str
    content_sha256: str
    draft: tuple[str, ...]


def built_from(leaflet: Leaflet) -> BuiltFrom:
    """The review dates and content digest (the logo counted by its bytes) of a leaflet."""
    data = dataclasses.asdict(leaflet)
    data["logo"] = sha256_of(leaflet.logo)
    del data["ends_at"]  # where its content is written: not what it says
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return BuiltFrom(str(leaflet.reviewed), str(leaflet.next_review), digest, leaflet.draft)


@dataclass(frozen=True)
class BuiltFile:
    """One written PDF and what the manifest says of it."""

    file: str
    topic: str
    audience: str
    language: str
    format: str
    pages: int
    copies: int
    sha256: str
    built_from: BuiltFrom | None = None
    html_sha256: str = ""  # its HTML edition, <file>.html (web.py)


def built_file(data: dict[str, Any]) -> BuiltFile:
    """A manifest's entry for one file, read back."""
    made = data.get("built_from")
    made_from = BuiltFrom(**{**made, "draft": tuple(made["draft"])}) if made else None
    return BuiltFile(**{**data, "built_from": made_from})


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_pack_pdf(folder: Path, files: list[BuiltFile], title: str) -> int:
    """Join the leaflets, in order, into pack.pdf with a bookmark for each; return its pages."""
    import pikepdf

    pack = pikepdf.new()
    sources = [pikepdf.open(folder / f.file) for f in files]  # open until the pack is saved
    with pack.open_outline() as outline:
        for f, source in zip(files, sources, strict=True):
            outline.root.append(pikepdf.OutlineItem(f.file, len(pack.pages)))
            pack.pages.extend(source.pages)
    pack.docinfo["/Title"] = title
    pack.docinfo["/Producer"] = "resourcepack"
    write_atomic(folder / "pack.pdf", lambda tmp: pack.save(tmp, deterministic_id=True))
    for source in sources:
        source.close()
    return len(pack.pages)


def write_manifest(folder: Path, pack: dict[str, object], files: list[BuiltFile]) -> None:
    """Write manifest.json: the pack, each file's facts and checksum, and pack.pdf's checksum."""
    data: dict[str, object] = {**pack, "files": [dataclasses.asdict(f) for f in files]}
    if (folder / "pack.pdf").exists():
        data["pack_pdf"] = {"file": "pack.pdf", "sha256": sha256_of(folder / "pack.pdf")}
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    write_atomic(folder / "manifest.json", lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_zip(path: Path, folder: Path, members: Sequence[str], when: dt.datetime) -> None:
    """Zip files of folder under a folder named like the zip, sorted, with fixed times and modes."""
    stamp = max(when.astimezone(dt.UTC), dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w") as z:
            for name in sorted(members):
                info = zipfile.ZipInfo(f"{path.stem}/{name}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so that the mode below is read
                info.external_attr = 0o644 << 16
                z.writestr(info, (folder / name).read_bytes(), compresslevel=9)

    write_atomic(path, write)


MARKER = ".resourcepack"  # in every pack folder the tool makes: the pack's id


def staging_folder(output: Path, pack_id: str) -> Path:
    """A fresh hidden folder beside the pack's final folder, to build into (marked as ours)."""
    output.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{pack_id}.staging-", dir=output))
    (staging / MARKER).write_text(pack_id + "\n", encoding="utf-8")
    return staging


def ours(folder: Path) -> bool:
    """Whether the tool made this folder: a real folder (no link) holding its marker, or the
    manifest of a pack of that name (written by versions before the marker)."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    if (folder / MARKER).is_file():
        return True
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("pack") == folder.name


def check_owned(final: Path) -> None:
    """Refuse, with a located error, to replace a pack folder the tool did not make."""
    if (final.exists() or final.is_symlink()) and not ours(final):
        what = "a link" if final.is_symlink() else "a file" if final.is_file() else "a folder"
        msg = (
            f"{final.name} is {what} that resourcepack did not make; it would be replaced by the "
            "pack: move it away, or build into another folder with -o"
        )
        raise OutputError([problem_at(final, 1, 1, msg)])


def publish(staging: Path, final: Path) -> None:
    """Replace final with staging, so that a reader (or a crash) sees the old pack or the new.

    Where the system can swap two folders in one step (Linux), it does; elsewhere the old
    folder is renamed aside first, and `recover` puts it back if the build dies in between.
    Only a folder the tool made is ever replaced.
    """
    check_owned(final)
    os.chmod(staging, 0o755)
    if final.exists() and exchange(staging, final):
        shutil.rmtree(staging)
        return
    old = final.with_name(f".{final.name}.old")
    check_owned(old)
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)


def recover(output: Path) -> None:
    """Undo what a killed build left: put back a pack renamed aside, remove staging folders.
    Only folders the tool made (with its marker) are touched; anything else named alike stays."""
    for old in sorted(output.glob(".*.old")):
        final = output / old.name[1 : -len(".old")]
        if not ours(old):
            continue
        if final.exists() or final.is_symlink():
            shutil.rmtree(old)
        else:
            os.replace(old, final)
    for staging in sorted(output.glob(".*.staging-*")):
        if ours(staging):
            shutil.rmtree(staging)


AT_FDCWD = -100
RENAME_EXCHANGE = 2


@cache
def _renameat2() -> Any:
    """The C library's renameat2, or None where there is none."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except OSError:
        return None


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system or file system cannot."""
    call = _renameat2()
    if call is None:
        return False
    if call(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))
