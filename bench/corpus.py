"""Write a benchmark corpus: a project folder with N partnerships and one 12-leaflet pack each.

The corpus is a copy of the project's inputs and code (content/, templates/, fonts/ when present,
resourcepack/ and generate.py, so that it builds with the code it was copied with) with:

- N partnership files ``content/partnerships/bench-NNN.yaml``: fictional partnerships ("Benchton
  NNN"), flagged `example: true`, each with its own numbers from Ofcom's drama range (020 7946
  0xxx), so that the leak guard passes. It is a benchmark corpus, not a leaflet anyone receives.
- a second variant of the bundled topic: a second language when a translation overlay of the
  topic covers every audience, otherwise a copy of the topic under another id
  (``<topic>-copy``);
- one pack per partnership, ``packs/bench-NNN.yaml``, listing every audience x format x variant
  for the formats a4 and a5-booklet (3 x 2 x 2 = 12 leaflets with the bundled content).

Usable alone::

    python bench/corpus.py /tmp/corpus --leaflets 300
    python /tmp/corpus/generate.py -q build -j 2
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
BASE_PARTNERSHIP = "coventry"
TOPIC = "internet-offending"
FORMATS = ("a4", "a5-booklet")  # the two leaflet formats; posters and tri-folds are left out

# What a project copy leaves out: build products, caches, VCS data, tests and docs.
IGNORED = (
    ".git",
    ".cache",
    "output",
    "build",
    ".venv",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "*.egg-info",
    "bench",
    "tests",
    "docs",
    ".ci",
)


@dataclass(frozen=True)
class Variant:
    """One of the two text variants every audience and format is printed in."""

    topic: str
    language: str


@dataclass(frozen=True)
class Corpus:
    """A written corpus: where it is, its packs and how many leaflets they list."""

    root: Path
    packs: tuple[str, ...]
    leaflets: int
    variants: tuple[Variant, ...]
    variant_kind: str  # "language" or "topic copy"


def copy_project(source: Path, dest: Path, with_packs: bool = True) -> Path:
    """Copy a project's inputs and code into dest; return dest.

    Leaves out output, caches, .git, tests and docs. The copy holds resourcepack/, so
    `python <copy>/generate.py` runs the code as it was when copied (the script's folder comes
    first on sys.path), even while the original is being edited.
    """
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(*IGNORED)
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") or any(fnmatch(entry.name, pat) for pat in IGNORED):
            continue
        if entry.name == "packs" and not with_packs:
            continue
        if entry.is_dir():
            shutil.copytree(entry, dest / entry.name, ignore=ignore)
        elif entry.suffix in (".py", ".toml"):
            shutil.copy2(entry, dest / entry.name)
    (dest / "packs").mkdir(exist_ok=True)
    return dest


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def _replace_top_level(text: str, key: str, value: str, path: Path) -> str:
    """Replace the value of a top-level (unindented) `key:` line; it must be there once."""
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    new, count = pattern.subn(f"{key}: {value}", text)
    if count != 1:
        raise ValueError(f"{path}: expected one top-level '{key}:' line, found {count}")
    return new


def formats_of(root: Path) -> list[str]:
    """The leaflet formats a corpus uses: FORMATS, or the first two the project defines."""
    defined = [str(f["id"]) for f in _load(root / "templates" / "formats.yaml")["formats"]]
    return [f for f in FORMATS if f in defined] or defined[:2]


def audiences_and_formats(root: Path, topic: str) -> tuple[list[str], list[str]]:
    """The topic's audiences and the corpus formats."""
    topic_data = _load(root / "content" / "topics" / f"{topic}.yaml")
    return [str(a) for a in topic_data["audiences"]], formats_of(root)


def full_translation(root: Path, topic: str, audiences: list[str]) -> str | None:
    """A language whose translation overlay of the topic covers every audience, if any."""
    languages = _load(root / "content" / "languages.yaml").get("languages") or []
    ids = {str(lang["id"]) for lang in languages}
    for path in sorted((root / "content" / "translations").glob(f"{topic}.*.yaml")):
        data = _load(path)
        lang = str(data.get("language", ""))
        covered = set(data.get("audiences") or [])
        if lang in ids and lang != "en" and set(audiences) <= covered:
            return lang
    return None


def second_variant(root: Path, topic: str, audiences: list[str], kind: str) -> tuple[Variant, str]:
    """The second variant: a translation (kind 'auto' finds one) or a copy of the topic."""
    lang = full_translation(root, topic, audiences) if kind == "auto" else None
    if kind.startswith("lang:"):
        lang = kind.removeprefix("lang:")
    if lang:
        return Variant(topic, lang), "language"
    copy_id = f"{topic}-copy"
    src = root / "content" / "topics" / f"{topic}.yaml"
    dst = src.with_name(f"{copy_id}.yaml")
    dst.write_text(
        _replace_top_level(src.read_text(encoding="utf-8"), "id", copy_id, src), encoding="utf-8"
    )
    return Variant(copy_id, "en"), "topic copy"


DRAMA = "020 7946 0{:03d}"  # Ofcom's London numbers for drama: 020 7946 0000 to 0999
ROLES = ("front-door", "out-of-hours", "lado", "early-help", "partnership-team")


def write_partnership(root: Path, number: int, printable: bool = False) -> str:
    """Write partnerships/bench-NNN.yaml, a fictional partnership whose every number is a drama
    number of its own (five a partnership, so up to 200 partnerships); return its id.

    An example partnership's leaflets are drafts, never printed. A printable one (for
    benchmarks that time print files) is not marked as an example, and its numbers are marked
    checked, on the corpus's date, as what they are: Ofcom's drama numbers. Its leaflets exist
    only in the benchmark's temporary folder.
    """
    if not 1 <= number <= 1000 // len(ROLES):
        raise ValueError(f"partnership {number}: the drama range has room for 200 partnerships")
    ident, place = f"bench-{number:03d}", f"Benchton {number:03d}"
    contacts = [
        {
            "role": role,
            "name": f"{place} {role.replace('-', ' ')}",
            "phone": DRAMA.format((number - 1) * len(ROLES) + k),
            "description": f"The {role.replace('-', ' ')} line of {place} (fictional).",
            "verified": {"on": "2026-11-20", "by": "Benchmark corpus: an Ofcom drama number"}
            if printable
            else False,
        }
        for k, role in enumerate(ROLES)
    ]
    data = {
        "id": ident,
        "name": f"{place} Safeguarding Children Partnership",
        "short_name": f"B{number:03d}SCP",
        "place": place,
        "example": not printable,
        "review": {
            "owner": "Benchmark",
            "last_reviewed": "2026-11-20",
            "next_review": "2027-05-20",
        },
        "brand": {"primary": "#1d3f6e", "accent": "#00706b", "logo": "example-logo.svg"},
        "contacts": contacts,
    }
    header = "# Benchmark corpus: a fictional partnership (drama numbers); not for printing.\n"
    text = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    (root / "content" / "partnerships" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    return ident


NATIONAL_AUDIENCES = ("parents", "carers", "professionals")


def national_pack(ident: str) -> dict[str, object]:
    """A national corpus pack: one partnership's three audiences' A4 leaflets in English."""
    return {
        "id": ident,
        "name": f"National corpus pack {ident}",
        "event": {"name": "Benchmark", "date": "2027-01-21", "venue": "Benchmark venue"},
        "partnership": ident,
        "leaflets": [
            {"topic": TOPIC, "audience": a, "format": "a4", "language": "en", "copies": 1}
            for a in NATIONAL_AUDIENCES
        ],
    }


def write_national(source: Path, root: Path, n: int, printable: bool = False) -> int:
    """A national corpus: n fictional partnerships, one national pack each; return its leaflets."""
    copy_project(source, root, with_packs=False)
    for number in range(1, n + 1):
        ident = write_partnership(root, number, printable)
        text = yaml.safe_dump(national_pack(ident))
        (root / "packs" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    return n * len(NATIONAL_AUDIENCES)


def write_pack(
    root: Path, partnership: str, audiences: list[str], formats: list[str], variants: list[Variant]
) -> int:
    """Write packs/<partnership>.yaml: every variant x audience x format; return the count."""
    leaflets = [
        {
            "topic": v.topic,
            "audience": a,
            "format": f,
            "language": v.language,
            "copies": 10,
        }
        for v in variants
        for a in audiences
        for f in formats
    ]
    pack = {
        "id": partnership,
        "name": f"Benchmark pack {partnership}",
        "event": {
            "name": f"Benchmark event {partnership}",
            "date": "2027-01-21",
            "venue": "Benchmark venue",
        },
        "partnership": partnership,
        "leaflets": leaflets,
    }
    text = yaml.safe_dump(pack, sort_keys=False, allow_unicode=True)
    (root / "packs" / f"{partnership}.yaml").write_text(text, encoding="utf-8")
    return len(leaflets)


def write_corpus(
    dest: Path, partnerships: int, source: Path = REPO, variant: str = "auto", topic: str = TOPIC
) -> Corpus:
    """Write a corpus of `partnerships` partnerships, one pack each, into dest (must not exist)."""
    if dest.exists():
        raise FileExistsError(f"{dest} exists; give a new folder")
    root = copy_project(source, dest, with_packs=False)
    audiences, formats = audiences_and_formats(root, topic)
    second, kind = second_variant(root, topic, audiences, variant)
    variants = [Variant(topic, "en"), second]
    packs, total = [], 0
    for number in range(1, partnerships + 1):
        ident = write_partnership(root, number)
        total += write_pack(root, ident, audiences, formats, variants)
        packs.append(ident)
    return Corpus(root, tuple(packs), total, tuple(variants), kind)


def leaflets_per_partnership(source: Path = REPO, topic: str = TOPIC) -> int:
    """Leaflets in one corpus pack: 2 variants x audiences x formats."""
    audiences, formats = audiences_and_formats(source, topic)
    return 2 * len(audiences) * len(formats)


def partnerships_for(leaflets: int, source: Path = REPO) -> int:
    """The fewest partnerships giving at least `leaflets` leaflets."""
    per = leaflets_per_partnership(source)
    return max(1, -(-leaflets // per))


def main(argv: list[str] | None = None) -> int:
    """Command line: write a corpus and say what it holds."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("dest", type=Path, help="new folder to write the corpus project into")
    size = p.add_mutually_exclusive_group(required=True)
    size.add_argument("--partnerships", type=int, help="number of partnerships (and packs)")
    size.add_argument("--leaflets", type=int, help="at least this many leaflets")
    p.add_argument("--source", type=Path, default=REPO, help="project to copy (default: repo)")
    p.add_argument(
        "--variant",
        default="auto",
        help="second variant: auto (a full translation if any, else a topic copy), "
        "topic-copy, or lang:<id>",
    )
    args = p.parse_args(argv)
    n = args.partnerships or partnerships_for(args.leaflets, args.source)
    corpus = write_corpus(args.dest, n, args.source, args.variant)
    print(
        f"wrote {corpus.root}: {len(corpus.packs)} packs, {corpus.leaflets} leaflets "
        f"(second variant: {corpus.variant_kind}, "
        f"{corpus.variants[1].topic}/{corpus.variants[1].language})"
    )
    print(f"build it with: {sys.executable} {corpus.root / 'generate.py'} -q build -j 2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
