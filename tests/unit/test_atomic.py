"""Atomic files: a whole new file or the old one, never a part, and no temporary left over."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from resourcepack.atomic import write_atomic, write_bytes_atomic, write_text_atomic


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text("old", encoding="utf-8")

    def half(tmp: Path) -> None:
        tmp.write_text("half of the new", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, half)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_a_write_replaces_the_file_whole_readable_by_all(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "file.txt"
    write_text_atomic(path, "één\r\n")
    assert path.read_bytes() == "één\r\n".encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    write_bytes_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in path.parent.iterdir()) == ["file.txt"]
