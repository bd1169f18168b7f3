"""Fonts: a family's files, bundled in the project's fonts/ or pip-installed; the house font."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg

from .errors import TemplateError, problem_at
from .paths import ProjectPaths

WEIGHTS = {
    "Regular": (400, "normal"),
    "Bold": (700, "normal"),
    "Italic": (400, "italic"),
    "BoldItalic": (700, "italic"),
}


@dataclass(frozen=True)
class FontFace:
    """One font file for an @font-face rule."""

    family: str
    weight: int
    style: str
    path: Path

    @property
    def uri(self) -> str:
        """The font file's file: URI, for an @font-face rule."""
        return self.path.as_uri()


def _bundled(root: Path, family: str) -> tuple[FontFace, ...]:
    folder = ProjectPaths(root).font_folder(family)
    faces = []
    for path in sorted(folder.glob("*.ttf")) + sorted(folder.glob("*.otf")):
        weight, style = WEIGHTS.get(path.stem.rsplit("-", 1)[-1], (400, "normal"))
        faces.append(FontFace(family, weight, style, path))
    return tuple(faces)


def _installed(family: str) -> tuple[FontFace, ...]:
    try:
        files = fontpkg.family(family).files
    except fontpkg.FontpkgError:
        return ()
    faces = []
    for f in files:
        for weight in (400, 700) if f.variable else (f.weight,):
            faces.append(FontFace(family, weight, f.style, Path(f.path)))
    return tuple(faces)


@cache
def font_faces(
    root: Path, families: tuple[str, ...] = ("Atkinson Hyperlegible",)
) -> tuple[FontFace, ...]:
    """The font files of these families: bundled in fonts/ or pip-installed, never the system's."""
    faces: list[FontFace] = []
    for family in families:
        found = _bundled(root, family) or _installed(family)
        if not found:
            msg = (
                f"font '{family}' is neither in fonts/{family.lower().replace(' ', '-')}/ nor "
                "installed with fontpkg; add it to pyproject.toml or bundle it"
            )
            raise TemplateError([problem_at(ProjectPaths(root).languages, 1, 1, msg)])
        faces.extend(found)
    return tuple(faces)


def house_font(weight: int = 400) -> Path:
    """The pip-installed Atkinson Hyperlegible file of a weight: for job sheets, slugs, previews."""
    faces = _installed("Atkinson Hyperlegible")
    return next(f.path for f in faces if f.weight == weight and f.style == "normal")
