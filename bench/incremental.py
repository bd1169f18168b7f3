"""One content file changed: after a cold build of the bundled packs, one word of a
professionals-only block of the topic, then of a contact every leaflet shows, is edited and the
build rerun; time, leaflets and renders re-done, packs rewritten.

    python bench/incremental.py              3 edits of each kind
    python bench/incremental.py --quick      2 edits of each kind

See bench/README.md (3. One content file changed) for what is measured.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from common import (
    JSON,
    Figure,
    Options,
    Report,
    fresh_copy,
    generate,
    load_packs_yaml,
    md_table,
    median,
)


@dataclass(frozen=True)
class Leaf:
    """One distinct leaflet of some packs (one render)."""

    partnership: str
    topic: str
    audience: str
    language: str
    variant: str
    format: str


def distinct_leaflets(packs: list[dict[str, Any]]) -> set[Leaf]:
    """The distinct leaflets over packs: each is rendered once."""
    return {
        Leaf(
            p["partnership"],
            leaf["topic"],
            leaf["audience"],
            leaf.get("language", "en"),
            leaf.get("variant", "standard"),
            leaf["format"],
        )
        for p in packs
        for leaf in p["leaflets"]
    }


def _flat(text: str) -> str:
    return " ".join(text.split())


def _texts(value: Any) -> list[str]:
    """The strings of a text field (a string, or a map by audience)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    return []


def edit_line(path: Path, texts: list[str], n: int) -> str:
    """Change one word of a line of path that belongs to one of texts; return the new line.

    The line must be part of one of the given texts (block scalars keep their lines) and appear
    once in the file, so that only that text changes. Its first word of six letters or more is
    replaced by `edit` and n, padded to the same length ("offending" -> "edit00001"): the text
    visibly changes but keeps its length, so that a one-page format (a poster) still fits.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    stripped = [line.strip() for line in lines]
    flat = [_flat(t) for t in texts]
    for i, s in enumerate(stripped):
        if len(s) < 20 or ":" in s or stripped.count(s) != 1 or not any(s in t for t in flat):
            continue
        word = re.search(r"\b[A-Za-z]{6,}\b", lines[i])
        if word:
            token = f"edit{n:0{len(word.group()) - 4}d}"
            lines[i] = lines[i][: word.start()] + token + lines[i][word.end() :]
            path.write_text("".join(lines), encoding="utf-8")
            return lines[i].strip()
    raise RuntimeError(f"{path}: found no line to edit")


def professionals_only_texts(topic: dict[str, Any]) -> list[str]:
    """Texts of the topic's blocks that only professionals' leaflets show."""
    out = []
    for section in topic.get("sections", []):
        for block in section.get("blocks", []):
            audiences = block.get("audiences") or section.get("audiences") or topic["audiences"]
            if list(audiences) == ["professionals"]:
                out += _texts(block.get("text"))
    return out


def shared_contact_texts(partnership: dict[str, Any], audiences: list[str]) -> list[str]:
    """Descriptions of the partnership's contacts that every audience's leaflet shows."""
    return [
        t
        for c in partnership.get("contacts", [])
        if set(audiences) <= set(c.get("audiences") or audiences)
        for t in _texts(c.get("description"))
    ]


def bench_incremental(snapshot: Path, work: Path, repeats: int, report: Report) -> None:
    """Rebuild after editing one content file: a professionals-only sentence, a shared contact."""
    print("\n3. one content file changed")
    root = fresh_copy(snapshot, work, "incremental")
    packs = load_packs_yaml(root)
    distinct = distinct_leaflets(packs)
    topic_id, partnership_id = packs[0]["leaflets"][0]["topic"], packs[0]["partnership"]
    topic_path = root / "content" / "topics" / f"{topic_id}.yaml"
    part_path = root / "content" / "partnerships" / f"{partnership_id}.yaml"
    topic = yaml.safe_load(topic_path.read_text("utf-8"))
    edits = (
        (
            "professionals-only sentence in the topic",
            topic_path,
            lambda: professionals_only_texts(yaml.safe_load(topic_path.read_text("utf-8"))),
            sum(
                1
                for d in distinct
                if (d.topic, d.audience, d.language) == (topic_id, "professionals", "en")
            ),
        ),
        (
            "contact description in the partnership (every leaflet)",
            part_path,
            lambda: shared_contact_texts(
                yaml.safe_load(part_path.read_text("utf-8")), topic["audiences"]
            ),
            sum(1 for d in distinct if d.partnership == partnership_id and d.language == "en"),
        ),
    )
    cold = generate(root, ["-q", "build"])
    rows = []
    for label, path, texts, expected in edits:
        times, rendered, leaflets, written = [], [], [], []
        names: list[list[str]] = []
        for n in range(1, repeats + 1):
            line = edit_line(path, texts(), n)
            b = generate(root, ["build", *JSON])
            times.append(b.seconds)
            rendered.append(b.counts().get("rendered", -1))
            names.append(b.rendered_names())
            leaflets.append(len({name.split(" (")[0] for name in names[-1]}))
            written.append(b.packs_written())
        t = median(times)
        rows.append(
            (
                label,
                f"`{path.relative_to(root)}`",
                f"{t:.2f}",
                "/".join(map(str, leaflets)),
                "/".join(map(str, rendered)),
                expected,
                "/".join(map(str, written)),
                "<br>".join(sorted(names[0])),
            )
        )
        report.add(
            Figure(
                "3 one file changed",
                f"{label}: time",
                f"{t:.2f} s ({t / cold.seconds:.0%} of cold {cold.seconds:.2f} s)",
            ),
            Figure(
                "3 one file changed",
                f"{label}: leaflets re-rendered (first edit)",
                f"{leaflets[0]} of {len(distinct)} ({rendered[0]} renders)",
                f"{expected} (English leaflets that show it)",
            ),
        )
        print(f"  edited: {line[:60]}...")
    report.sections.append(
        "## 3. One content file changed\n\n"
        f"After a cold build of the bundled packs ({len(distinct)} distinct leaflets, "
        f"{cold.seconds:.2f} s), one word of one file is changed (a word of six letters or more "
        "becomes `edit0001`, same length, so that one-page formats still fit) and "
        f"`python generate.py build` rerun; {repeats} successive edits each, median time. "
        "*expected* = English leaflets in the packs that show the edited text (a translated "
        "leaflet shows its own text instead). A leaflet may take more than one render (an A5 "
        "booklet also gets a print layout).\n\n"
        + md_table(
            (
                "edit",
                "file",
                "rebuild s",
                "leaflets re-rendered (each edit)",
                "renders (each edit)",
                "expected leaflets",
                "packs rewritten",
                "renders of the first edit",
            ),
            rows,
        )
    )


def bench(snapshot: Path, work: Path, opts: Options, report: Report) -> None:
    """Edits of each kind (quick: 2, else 3)."""
    bench_incremental(snapshot, work, opts.repeats, report)


if __name__ == "__main__":
    from run import main

    sys.exit(main({"incremental": bench}, __doc__))
