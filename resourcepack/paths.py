"""The project's folder layout, written out once: every path built from a project's root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def shared(path: Path) -> Path:
    """One Path object for each path named: every render input of a national build names the
    same templates and stylesheets, and a Path (with the text and hash it keeps) costs about
    200 bytes a copy."""
    return _SHARED.setdefault(path, path)


_SHARED: dict[Path, Path] = {}

# The folders a build reads (and the studio watches); a project is these and nothing else.
INPUT_PARTS = ("content", "templates", "packs", "fonts")


@dataclass(frozen=True)
class ProjectPaths:
    """Where a project keeps each part, from its root folder."""

    root: Path

    @property
    def content(self) -> Path:
        """Reviewed content: topics, partnerships, translations, easy read, pictograms."""
        return self.root / "content"

    @property
    def templates(self) -> Path:
        """Templates, stylesheets, the theme and the formats."""
        return self.root / "templates"

    @property
    def packs(self) -> Path:
        """One YAML file a pack."""
        return self.root / "packs"

    @property
    def fonts(self) -> Path:
        """Bundled font files, one folder a family."""
        return self.root / "fonts"

    @property
    def inputs(self) -> tuple[Path, ...]:
        """The folders a build reads, in a fixed order."""
        return tuple(self.root / part for part in INPUT_PARTS)

    @property
    def output(self) -> Path:
        """Where packs and leaflets are written unless told otherwise."""
        return self.root / "output"

    @property
    def cache(self) -> Path:
        """What the tools keep between runs (renders, build stamps, the studio's scratch)."""
        return self.root / ".cache"

    @property
    def renders(self) -> Path:
        """The default render cache."""
        return self.cache / "renders"

    @property
    def stamps(self) -> Path:
        """The records of finished builds."""
        return self.cache / "stamps"

    @property
    def studio_packs(self) -> Path:
        """The studio's scratch packs."""
        return self.cache / "studio" / "packs"

    @property
    def partnerships(self) -> Path:
        """One file a partnership, and its overlays and logos."""
        return self.content / "partnerships"

    @property
    def topics(self) -> Path:
        """One file a topic."""
        return self.content / "topics"

    @property
    def translations(self) -> Path:
        """One file a topic and language."""
        return self.content / "translations"

    @property
    def easy_read(self) -> Path:
        """One Easy Read file a topic."""
        return self.content / "easy-read"

    @property
    def pictograms(self) -> Path:
        """Pictures for Easy Read and covers."""
        return self.content / "pictograms"

    @property
    def pictogram_list(self) -> Path:
        """content/pictograms.yaml."""
        return self.content / "pictograms.yaml"

    @property
    def audiences(self) -> Path:
        """content/audiences.yaml."""
        return self.content / "audiences.yaml"

    @property
    def languages(self) -> Path:
        """content/languages.yaml."""
        return self.content / "languages.yaml"

    @property
    def variants(self) -> Path:
        """content/variants.yaml."""
        return self.content / "variants.yaml"

    @property
    def resources(self) -> Path:
        """content/resources.yaml."""
        return self.content / "resources.yaml"

    @property
    def national_contacts(self) -> Path:
        """content/national-contacts.yaml."""
        return self.content / "national-contacts.yaml"

    @property
    def formats(self) -> Path:
        """templates/formats.yaml."""
        return self.templates / "formats.yaml"

    @property
    def theme(self) -> Path:
        """templates/theme.yaml."""
        return self.templates / "theme.yaml"

    def font_folder(self, family: str) -> Path:
        """The bundled folder of a font family ("Atkinson Hyperlegible": atkinson-hyperlegible)."""
        return self.fonts / family.lower().replace(" ", "-")

    def pack_file(self, pack_id: str) -> Path:
        """A pack's YAML file."""
        return self.packs / f"{pack_id}.yaml"
