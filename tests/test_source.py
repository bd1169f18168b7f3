"""YAML loading with positions: syntax errors, duplicate keys, encodings and alias bombs."""

from __future__ import annotations

from pathlib import Path

import pytest

from resourcepack.errors import ContentError
from resourcepack.source import load_yaml


def load_error(tmp_path: Path, data: bytes | str, name: str = "x.yaml") -> list[str]:
    """Load a file that must fail; return its messages."""
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    return [p.shown(tmp_path) for p in info.value.problems]


def test_positions_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("a: 1\nlist:\n  - x\n  - {b: 2}\n")
    doc = load_yaml(path)
    assert doc.locate(("list", 1, "b")) == (4, 9)
    assert doc.locate(("list", 1, "b"), key=True) == (4, 6)
    assert doc.locate(("list", 0)) == (3, 5)
    assert doc.locate(("missing", "deeper")) == (1, 1)


def test_dates_stay_text_for_the_validator(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("when: 2026-13-45\n")
    assert load_yaml(path).data["when"] == "2026-13-45"


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    msgs = load_error(tmp_path, "id: a\nname: x\nid: b\n")
    assert msgs == ["x.yaml:3:1: error: duplicate key 'id' (first on line 1); keep one"]


def test_syntax_error_has_line(tmp_path: Path) -> None:
    msgs = load_error(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert len(msgs) == 1
    assert msgs[0].startswith("x.yaml:3:2: error: YAML syntax:")


def test_tab_indentation_is_a_syntax_error(tmp_path: Path) -> None:
    msgs = load_error(tmp_path, "a:\n\t- 1\n")
    assert msgs[0].startswith("x.yaml:2:1: error: YAML syntax:")


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path).data == {"a": 1}


def test_binary_and_non_utf8_and_empty(tmp_path: Path) -> None:
    assert load_error(tmp_path, b"\x00\x01\x02", "b.yaml") == [
        "b.yaml:1:1: error: binary file, not YAML text"
    ]
    assert load_error(tmp_path, b"a: 1\nb: \xff\n", "c.yaml") == [
        "c.yaml:2:1: error: not UTF-8 text; save the file as UTF-8"
    ]
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):  # with and without a byte order mark
        assert load_error(tmp_path, "a: 1\n".encode(codec), "u.yaml") == [
            "u.yaml:1:1: error: UTF-16 text, not UTF-8; save the file as UTF-8"
        ]
    assert load_error(tmp_path, "# nothing\n", "e.yaml") == [
        "e.yaml:1:1: error: file is empty; see docs/content-format.md"
    ]


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 40)]
    msgs = load_error(tmp_path, "\n".join(lines) + "\n")
    assert len(msgs) == 1
    assert "more than 50 aliases" in msgs[0]
    assert msgs[0].startswith("x.yaml:27:12:")


def test_non_text_key(tmp_path: Path) -> None:
    assert load_error(tmp_path, "1: a\n") == ["x.yaml:1:1: error: key 1 must be text"]
