"""assemble: pack.pdf joins tagged leaflets, manifest and zip, and pack folders swapped whole."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest

from resourcepack.assemble import (
    MARKER,
    BuiltFile,
    built_file,
    built_from,
    check_owned,
    ours,
    publish,
    recover,
    sha256_of,
    staging_folder,
    write_manifest,
    write_pack_pdf,
    write_zip,
)
from resourcepack.errors import OutputError

from .project import composed, make_project
from .rendered import small_pdf

WHEN = dt.datetime(2027, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_pack_pdf_is_one_tagged_document_with_a_part_per_leaflet(tmp_path: Path) -> None:
    one = small_pdf(tmp_path)
    folder = tmp_path / "pack"
    folder.mkdir()
    names = ["north.tiny.parents.en.a4.pdf", "north.tiny.parents.en.a5.pdf"]
    for name in names:
        shutil.copy(one, folder / name)
    files = [BuiltFile(n, "tiny", "parents", "en", "a4", 1, 1, sha256_of(one)) for n in names]
    assert write_pack_pdf(folder, files, "Evening pack") == 2
    with pikepdf.open(folder / "pack.pdf") as pack:
        (document,) = pack.Root.StructTreeRoot.K
        assert document.S == "/Document"
        assert [str(k.S) for k in document.K] == ["/Part", "/Part"]
        assert {str(k.get("/Lang")) for k in document.K} == {"en"}
        ids = pack.Root.StructTreeRoot.IDTree.Names
        keys = [str(ids[i]) for i in range(0, len(ids), 2)]
        assert len(keys) == len(set(keys)) > 0  # each leaflet's header-cell ids kept apart
        assert str(pack.Root.Lang) == "en"
        with pack.open_outline() as outline:
            assert [i.title for i in outline.root] == ["Small (en, a4)", "Small (en, a5)"]
    write_manifest(folder, {"pack": "evening"}, files)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pack_pdf"]["sha256"] == sha256_of(folder / "pack.pdf")
    assert [built_file(f) for f in manifest["files"]] == files


def test_built_from_counts_the_logo_by_its_bytes_not_its_place(tmp_path: Path) -> None:
    a = built_from(composed(make_project(tmp_path / "a")))
    b = built_from(composed(make_project(tmp_path / "b")))
    assert a == b
    assert (a.reviewed, a.next_review, a.draft) == ("2026-11-20", "2027-05-20", ())


def test_a_zip_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    write_zip(tmp_path / "1" / "pack.zip", tmp_path, ["b.txt", "a.txt"], WHEN)
    (tmp_path / "a.txt").chmod(0o600)  # modes and times on disk do not count
    write_zip(tmp_path / "2" / "pack.zip", tmp_path, ["a.txt", "b.txt"], WHEN)
    assert (tmp_path / "1/pack.zip").read_bytes() == (tmp_path / "2/pack.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "1" / "pack.zip") as z:
        assert z.namelist() == ["pack/a.txt", "pack/b.txt"]
        assert z.infolist()[0].date_time == (2027, 1, 2, 3, 4, 4)  # even seconds
        assert z.infolist()[0].external_attr >> 16 == 0o644


def test_publish_replaces_only_what_the_tool_made(tmp_path: Path) -> None:
    output = tmp_path / "output"
    first = staging_folder(output, "evening")
    (first / "x.pdf").write_text("1")
    publish(first, output / "evening")
    assert ours(output / "evening") and (output / "evening" / "x.pdf").read_text() == "1"
    second = staging_folder(output, "evening")
    (second / "x.pdf").write_text("2")
    publish(second, output / "evening")
    assert (output / "evening" / "x.pdf").read_text() == "2"
    assert sorted(p.name for p in output.iterdir()) == ["evening"]
    (output / "notes").mkdir()
    with pytest.raises(OutputError, match="notes is a folder that resourcepack did not make"):
        check_owned(output / "notes")


def test_recover_puts_back_a_pack_renamed_aside(tmp_path: Path) -> None:
    output = tmp_path / "output"
    old = output / ".evening.old"
    old.mkdir(parents=True)
    (old / MARKER).write_text("evening\n")
    recover(output)
    assert (output / "evening" / MARKER).is_file() and not old.exists()
