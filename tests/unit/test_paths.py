"""The project's layout: one ProjectPaths, and no other module spells the layout out."""

from __future__ import annotations

import re
from pathlib import Path

import resourcepack
from resourcepack.paths import INPUT_PARTS, ProjectPaths


def test_every_part_is_where_the_readme_says(tmp_path: Path) -> None:
    p = ProjectPaths(tmp_path)
    assert p.inputs == (
        tmp_path / "content",
        tmp_path / "templates",
        tmp_path / "packs",
        tmp_path / "fonts",
    )
    assert p.partnerships == tmp_path / "content" / "partnerships"
    assert p.translations == tmp_path / "content" / "translations"
    assert p.easy_read == tmp_path / "content" / "easy-read"
    assert p.theme == tmp_path / "templates" / "theme.yaml"
    assert p.formats == tmp_path / "templates" / "formats.yaml"
    assert p.renders == tmp_path / ".cache" / "renders"
    assert p.output == tmp_path / "output"
    assert p.font_folder("Atkinson Hyperlegible") == tmp_path / "fonts" / "atkinson-hyperlegible"
    assert p.pack_file("one") == tmp_path / "packs" / "one.yaml"


def test_the_bundled_project_is_these_parts() -> None:
    root = Path(resourcepack.__file__).resolve().parent.parent
    assert all(folder.is_dir() for folder in ProjectPaths(root).inputs)
    assert INPUT_PARTS == ("content", "templates", "packs", "fonts")


LAYOUT = re.compile(r'/ "(content|templates|packs|fonts|output|\.cache)"')


def test_only_paths_py_joins_the_layouts_folders_to_a_root() -> None:
    package = Path(resourcepack.__file__).resolve().parent
    spelt = [
        f"{m.name}:{n}"
        for m in sorted(package.glob("*.py"))
        if m.name != "paths.py"
        for n, line in enumerate(m.read_text(encoding="utf-8").splitlines(), start=1)
        if LAYOUT.search(line)
    ]
    assert spelt == []
