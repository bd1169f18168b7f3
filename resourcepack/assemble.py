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

from .atomic import write_atomic
from .compose import WHERE, Leaflet
from .errors import OutputError, problem_at


@dataclass(frozen=True, slots=True)
class BuiltFrom:
    """What a leaflet was built from: its review dates, a digest of its content, draft reasons."""

    reviewed: str
    next_review: str
    content_sha256: str
    draft: tuple[str, ...]


def built_from(leaflet: Leaflet) -> BuiltFrom:
    """The review dates and content digest of a leaflet (its logo and pictures counted by their
    bytes, not where the project lies)."""
    data = dataclasses.asdict(leaflet)
    for name in WHERE:  # where its content is written: not what it says
        del data[name]
    text = json.dumps(data, sort_keys=True, default=_by_bytes, ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return BuiltFrom(str(leaflet.reviewed), str(leaflet.next_review), digest, leaflet.draft)


def _by_bytes(value: object) -> str:
    """A file by the digest of its bytes; anything else as text."""
    return sha256_of(value) if isinstance(value, Path) else str(value)


@dataclass(frozen=True, slots=True)
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
    """The hex SHA-256 of a file's bytes (read a piece at a time)."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def bookmark(file: str, source: Any) -> str:
    """A leaflet's bookmark in pack.pdf: its title, then its language and format (from its
    file name, partnership.topic.audience.language.format.pdf)."""
    *_, language, fmt, _ = file.split(".")
    return f"{source.docinfo.get('/Title', file)} ({language}, {fmt})"


def write_pack_pdf(folder: Path, files: list[BuiltFile], title: str) -> int:
    """Join the leaflets, in order, into pack.pdf with a bookmark for each; return its pages.

    pack.pdf is one tagged PDF/UA-1 document: each leaflet's structure tree becomes a /Part
    (with its title and language) of the pack's /Document, its marked content and links
    keep their structure parents (renumbered), and the pack has a /Lang, a title shown as
    the window's title, MarkInfo and the PDF/UA identifier in its XMP metadata."""
    import pikepdf

    pack = pikepdf.new()
    sources = [pikepdf.open(folder / f.file) for f in files]  # open until the pack is saved
    parts, nums, next_key = pikepdf.Array(), pikepdf.Array(), 0
    with pack.open_outline() as outline:
        for n, (f, source) in enumerate(zip(files, sources, strict=True)):
            outline.root.append(pikepdf.OutlineItem(bookmark(f.file, source), len(pack.pages)))
            first = len(pack.pages)
            pack.pages.extend(source.pages)
            copied = [pack.pages[i] for i in range(first, len(pack.pages))]
            parts.append(_part(pack, source, copied, next_key, nums, f"L{n}-"))
            next_key = _next_key(source, next_key)
    langs = [str(source.Root.get("/Lang", "en")) for source in sources]
    _tag_pack(pack, parts, nums, next_key, title, max(langs, key=langs.count))  # the most used
    write_atomic(folder / "pack.pdf", lambda tmp: pack.save(tmp, deterministic_id=True))
    for source in sources:
        source.close()
    return len(pack.pages)


def _next_key(source: Any, key: int) -> int:
    """The next free structure-parent key after a leaflet's, joined at key."""
    nums = source.Root.StructTreeRoot.ParentTree.Nums
    return key + max(int(nums[i]) for i in range(0, len(nums), 2)) + 1


def _part(pack: Any, source: Any, pages: list[Any], key: int, nums: Any, prefix: str) -> Any:
    """A leaflet's structure tree, copied into pack as a /Part, its structure parents moved on
    by key (pages' and links') and added to nums, its header IDs prefixed (unique in the pack)."""
    import pikepdf

    tree = source.Root.StructTreeRoot
    part = pack.copy_foreign(tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K)
    part.S = pikepdf.Name.Part
    part.Lang = source.Root.get("/Lang", pikepdf.String("en"))
    part.T = pikepdf.String(str(source.docinfo.get("/Title", "")))
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + key
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + key
    old = tree.ParentTree.Nums
    for i in range(0, len(old), 2):
        nums.extend([int(old[i]) + key, _copied(pack, old[i + 1])])
    _prefix_ids(part, prefix)
    return part


def _copied(pack: Any, obj: Any) -> Any:
    """A foreign object copied into pack: an indirect one as pikepdf copies it (once, its
    references kept), a direct array item by item."""
    import pikepdf

    if isinstance(obj, pikepdf.Array) and not obj.is_indirect:
        return pikepdf.Array(_copied(pack, x) for x in obj)
    return pack.copy_foreign(obj) if obj.is_indirect else obj


def _prefix_ids(element: Any, prefix: str) -> None:
    """Prefix every structure element ID, and every cell's /Headers naming one, under element."""
    import pikepdf

    if "/ID" in element:
        element.ID = pikepdf.String(prefix + str(element.ID))
    attrs = element.get("/A")
    if isinstance(attrs, pikepdf.Dictionary) and "/Headers" in attrs:
        attrs.Headers = pikepdf.Array(pikepdf.String(prefix + str(h)) for h in attrs.Headers)
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _prefix_ids(kid, prefix)


def _ids(element: Any) -> list[tuple[str, Any]]:
    """(ID, element) of every structure element with an ID under element."""
    import pikepdf

    found = [(str(element.ID), element)] if "/ID" in element else []
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += _ids(kid)
    return found


def _tag_pack(pack: Any, parts: Any, nums: Any, next_key: int, title: str, lang: str) -> None:
    """Make pack a tagged PDF/UA-1 document of these parts: structure tree root, /Document,
    parent tree, ID tree, /Lang, title, MarkInfo, DisplayDocTitle and XMP identification."""
    import pikepdf

    root = pack.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pack.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root, K=parts)
    )
    for part in parts:
        part.P = document
    root.K = pikepdf.Array([document])
    root.ParentTree = pack.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    ids = sorted((i for part in parts for i in _ids(part)), key=lambda i: i[0])
    if ids:
        names = [x for key, element in ids for x in (pikepdf.String(key), element)]
        root.IDTree = pikepdf.Dictionary(Names=pikepdf.Array(names))
    pack.Root.StructTreeRoot = root
    pack.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pack.Root.Lang = pikepdf.String(lang)
    pack.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    pack.Root.PageMode = pikepdf.Name.UseOutlines
    pack.docinfo["/Title"] = title
    pack.docinfo["/Producer"] = "resourcepack"
    with pack.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = [lang]
        meta["pdfuaid:part"] = "1"


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
