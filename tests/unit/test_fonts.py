"""Fonts: a family bundled in fonts/ or pip-installed, the house font, and a missing family
as a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from resourcepack.errors import TemplateError
from resourcepack.fonts import font_faces, house_font


def test_a_bundled_family_is_read_from_its_folder_with_weights_from_file_names(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "fonts" / "house-sans"
    folder.mkdir(parents=True)
    for name in ("HouseSans-Regular.ttf", "HouseSans-BoldItalic.otf"):
        (folder / name).write_bytes(b"")
    faces = font_faces(tmp_path, ("House Sans",))
    assert [(f.weight, f.style, f.path.name) for f in faces] == [
        (400, "normal", "HouseSans-Regular.ttf"),
        (700, "italic", "HouseSans-BoldItalic.otf"),
    ]


def test_the_house_font_is_the_installed_atkinson_hyperlegible() -> None:
    regular, bold = house_font(400), house_font(700)
    assert regular.is_file() and bold.is_file()
    assert "Atkinson" in regular.name or "atkinson" in str(regular).lower()


def test_a_family_neither_bundled_nor_installed_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TemplateError) as e:
        font_faces(tmp_path, ("No Such Family",))
    assert [str(p) for p in e.value.problems] == [
        "content/languages.yaml:1:1: error: font 'No Such Family' is neither in "
        "fonts/no-such-family/ nor installed with fontpkg; add it to pyproject.toml or bundle it"
    ]
