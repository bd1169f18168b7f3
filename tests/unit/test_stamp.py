"""stamp: a build's inputs and outputs fingerprinted, so that a build of nothing new says so."""

from __future__ import annotations

from pathlib import Path

from resourcepack.stamp import (
    PackLine,
    Record,
    inputs_digest,
    outputs_digest,
    read_stamp,
    write_stamp,
)

from .project import BASE, TOPIC, make_project

RECORD = Record((PackLine("evening", "output/evening", 1, 2, 2, ("x.pdf (draft)",)),), ("w",))


def test_inputs_change_with_a_file_and_with_the_options(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    first = inputs_digest(root, {"release": False})
    assert inputs_digest(root, {"release": False}) == first
    assert inputs_digest(root, {"release": True}) != first
    (root / TOPIC).write_text(BASE[TOPIC].replace("Tiny", "Small"), encoding="utf-8")
    assert inputs_digest(root, {"release": False}) != first
    (root / TOPIC).write_text(BASE[TOPIC], encoding="utf-8")
    assert inputs_digest(root, {"release": False}) == first
    (root / "content" / "new.txt").write_text("", encoding="utf-8")
    assert inputs_digest(root, {"release": False}) != first


def test_a_stamp_is_trusted_only_while_inputs_and_outputs_hold(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    output = root / "output"
    (output / "evening").mkdir(parents=True)
    (output / "evening" / "x.pdf").write_bytes(b"%PDF")
    assert read_stamp(root, output, "in") is None
    write_stamp(root, output, "in", RECORD)
    assert read_stamp(root, output, "in") == RECORD
    assert read_stamp(root, output, "other inputs") is None
    (output / "evening" / "x.pdf").write_bytes(b"%PDF changed")
    assert read_stamp(root, output, "in") is None


def test_outputs_digest_needs_every_pack(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert outputs_digest(tmp_path, ["a"]) is not None
    assert outputs_digest(tmp_path, ["a", "b"]) is None


def test_a_pipe_is_fingerprinted_without_being_read(tmp_path: Path) -> None:
    import os

    root = make_project(tmp_path)
    os.mkfifo(root / "content" / "pipe")
    assert len(inputs_digest(root, {})) == 64  # returns: the pipe was not opened
