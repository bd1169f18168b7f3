"""The layout check's reader, old (pdfplumber) against new (pikepdf): the same findings and body
lines on every built leaflet, and the CPU seconds each takes.

Run after a build (`python generate.py -q`): `python bench/layout_cpu.py [--rounds 3] [--write]`.
Each leaflet under output/ (print/ and pack.pdf left out) is read by both readers; the script
asserts the same structure tree, the same characters (text, box, upright, MCID), the same
findings (every rule on: booklet and panels too) and the same body lines, and reports the least
CPU time of a few rounds, by format and in all. --write appends the table to bench/results.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from common import BENCH, REPO, append_results, short_commit, utc_now

ROOT = REPO
sys.path.insert(0, str(ROOT))

from resourcepack import layout  # noqa: E402
from resourcepack.layout import (  # noqa: E402
    Layout,
    Rules,
    body_lines,
    check_layout,
    layout_of,
    plumbed,
    read_plumbed,
)
from resourcepack.pdftext import read_pdf  # noqa: E402

ALL_RULES = Rules(booklet=True, panels=True)
KEYS = ("text", "x0", "top", "bottom", "upright", "mcid", "page_number")


def old_read_layout(pdf: bytes | Path) -> Layout:
    """The reader as it was (commit 85cc447): pdfplumber's structure tree and characters, which
    is now the fallback for a PDF the new reader does not follow."""
    return layout_of(*read_plumbed(pdf))


def old_check(pdf: bytes) -> tuple[layout.Finding, ...]:
    """check_layout with the old reader."""
    with mock.patch.object(layout, "read_layout", old_read_layout):
        return check_layout(pdf, ALL_RULES)


def new_check(pdf: bytes) -> tuple[layout.Finding, ...]:
    """check_layout as it is now."""
    return check_layout(pdf, ALL_RULES)


def same_input(pdf: bytes) -> None:
    """The new reader's structure tree and characters are pdfplumber's, to the bit."""
    import pdfplumber

    elements, pages = read_pdf(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert elements == [plumbed(e) for e in doc.structure_tree], "structure tree"
        assert len(pages) == len(doc.pages)
        for mine, theirs in zip(pages, doc.pages, strict=True):
            assert mine.height == float(theirs.height), "page height"
            want = [tuple(c[k] for k in KEYS) for c in theirs.chars]
            assert [tuple(c[k] for k in KEYS) for c in mine.chars] == want, "chars"
            assert mine.images == [(i["top"], i["bottom"]) for i in theirs.images], "images"


def cpu(run: Callable[[bytes], object], pdf: bytes, rounds: int) -> float:
    """The least CPU seconds of some runs."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        run(pdf)
        times.append(time.process_time() - start)
    return min(times)


def leaflets() -> list[Path]:
    """Every built leaflet: output/*/*.pdf but the packs and print files."""
    found = sorted(p for p in (ROOT / "output").glob("*/*.pdf") if p.name != "pack.pdf")
    if not found:
        sys.exit("no leaflets under output/: run python generate.py -q first")
    return found


def main() -> None:
    """Compare and time both readers on every leaflet; print (and append) the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="append to bench/results.md")
    args = parser.parse_args()
    paths = leaflets()
    first = paths[0].read_bytes()
    old_check(first), new_check(first)  # imports and first-call costs, untimed
    by_format: dict[str, list[tuple[float, float]]] = defaultdict(list)
    each = []
    for path in paths:
        pdf = path.read_bytes()
        same_input(pdf)
        old, new = old_check(pdf), new_check(pdf)
        assert old == new, (path.name, old, new)
        old_lines = [ln.text for ln in body_lines(old_read_layout(pdf))]
        assert old_lines == [ln.text for ln in body_lines(layout.read_layout(pdf))], path.name
        times = (cpu(old_check, pdf, args.rounds), cpu(new_check, pdf, args.rounds))
        by_format[path.name.split(".")[-2]].append(times)
        each.append(f"| {path.parent.name}/{path.name} | {times[0]:.3f} | {times[1]:.3f} |")
        print(each[-1])
    table = report(by_format, len(paths), args.rounds)
    table += "\n| leaflet | old (s) | new (s) |\n|---|---|---|\n" + "\n".join(each) + "\n"
    print(table)
    if args.write:
        append_results(BENCH / "results.md", "\n" + table)


def report(by_format: dict[str, list[tuple[float, float]]], count: int, rounds: int) -> str:
    """The results as markdown: CPU seconds old and new, by format and in all."""
    commit, when = short_commit(ROOT), utc_now()
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    rows = [
        f"## Layout check CPU (`python bench/layout_cpu.py --rounds {rounds}`, {when}, "
        f"commit {commit}, {platform.python_implementation()} {platform.python_version()})",
        "",
        f"Every built leaflet ({count}), read by the old reader (pdfplumber) and the new "
        "(pikepdf): the same structure tree, characters, findings (all rules on) and body "
        f"lines for every one. CPU seconds of `check_layout`, the least of {rounds} rounds "
        f"({os.cpu_count()} CPUs, load average {load} at the end: the machine was shared).",
        "",
        "| format | leaflets | old (s) | new (s) | per leaflet, old -> new | speed-up |",
        "|---|---|---|---|---|---|",
    ]
    total_old = total_new = 0.0
    for fmt, times in sorted(by_format.items()):
        old, new = sum(t[0] for t in times), sum(t[1] for t in times)
        total_old, total_new = total_old + old, total_new + new
        mean_old = statistics.mean(t[0] for t in times)
        mean_new = statistics.mean(t[1] for t in times)
        rows.append(
            f"| {fmt} | {len(times)} | {old:.3f} | {new:.3f} | {mean_old:.3f} -> "
            f"{mean_new:.3f} | {old / new:.1f}x |"
        )
    rows.append(
        f"| **all** | {count} | {total_old:.3f} | {total_new:.3f} | "
        f"{total_old / count:.3f} -> {total_new / count:.3f} | {total_old / total_new:.1f}x |"
    )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main()
