"""source: YAML with the position of every key and item, on the tiny project's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from resourcepack import source
from resourcepack.errors import ContentError
from resourcepack.source import LocDict, load_yaml

from .project import NORTH, TOPIC, at, make_project, shown


def test_positions_of_values_keys_and_items(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    doc = load_yaml(root / TOPIC, root)
    where = f"{TOPIC}:" + "{}:{}"
    assert where.format(*doc.locate(("sections", 0, "blocks", 1, "cite", 0))) == at(
        root, TOPIC, "report]"
    )
    assert where.format(*doc.locate(("sections", 0, "blocks", 1, "cite"), key=True)) == at(
        root, TOPIC, "cite:"
    )
    assert doc.locate(("sections", 5, "nothing")) == doc.locate(("sections",))  # the nearest
    assert shown(doc.problem(("title",), "m"), root) == f"{at(root, TOPIC, 'Tiny')}: error: m"


def test_yaml_11_boolean_keys_stay_text_and_dates_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("on: 2026-11-20\nno: yes\n")
    data = load_yaml(path).data
    assert isinstance(data, LocDict)
    assert data == {"on": "2026-11-20", "no": True}


def test_the_fast_and_the_pure_python_readers_agree(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    text = (root / NORTH).read_text(encoding="utf-8")
    fast = source._load(root / NORTH, text, source._FastLoader)
    pure = source._load(root / NORTH, text, source._Loader)
    assert fast == pure
    assert fast.data.key_pos == pure.data.key_pos


def test_a_file_outside_the_root_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    with pytest.raises(ContentError, match="links to a file outside the project"):
        load_yaml(root / NORTH, root / "content" / "topics")
