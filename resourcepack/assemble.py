"""Assemble: a pack's leaflet PDFs, its combined pack.pdf and manifest.json, swapped in whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .pdf import write_atomic


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


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_pack_pdf(folder: Path, files: list[BuiltFile], title: str) -> int:
    """Join the leaflets, in order, into pack.pdf with a bookmark for each; return its pages."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for f in files:
        writer.append(str(folder / f.file), outline_item=f.file)
    writer.add_metadata({"/Title": title, "/Producer": "resourcepack"})
    write_atomic(folder / "pack.pdf", lambda tmp: writer.write(str(tmp)))
    return len(writer.pages)


def write_manifest(folder: Path, pack: dict[str, object], files: list[BuiltFile]) -> None:
    """Write manifest.json: the pack and, for each file, its facts and checksum."""
    data = {**pack, "files": [f.__dict__ for f in files]}
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


def staging_folder(output: Path, pack_id: str) -> Path:
    """A fresh hidden folder beside the pack's final folder, to build into."""
    output.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{pack_id}.staging-", dir=output))


def publish(staging: Path, final: Path) -> None:
    """Replace final with staging: the old folder stays whole until the new one is in place."""
    os.chmod(staging, 0o755)
    old = final.with_name(f".{final.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)
