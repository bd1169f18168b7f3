"""National corpus: N fictional partnerships × every audience × A4 × English, and a planted leak.

    python bench/national.py                 N = 50 and 150, results appended to bench/results.md
    python bench/national.py --sizes 150     one size

For each N the corpus (bench/corpus.py: fictional "Benchton NNN" partnerships, drama numbers)
gets one pack per partnership of its three audiences' A4 leaflets in English, and is built cold
with `build -j 2 --print-profile none`, run under bench/rusage_run.py: wall time, leaflets per
second, and the peak RSS of the parent and of the largest render worker. Then one partnership's
text is made to carry another's number (the planted leak) and the build must fail on it, naming
the right leaflet and the line of the partnership file, with nothing written.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from common import BENCH, JSON, REPO, append_results, clean_env, generate, md_table, utc_now
from corpus import DRAMA, ROLES, write_national


@dataclass(frozen=True)
class Result:
    """One cold build of a national corpus, and its planted leak."""

    partnerships: int
    leaflets: int
    wall_s: float
    parent_mib: float
    worker_mib: float
    cpu_s: float
    leak_caught: bool
    leak_line: str


def run_plain(root: Path, *args: str) -> tuple[int, str]:
    """Run generate.py; return its status and stderr."""
    cmd = [sys.executable, str(root / "generate.py"), *args]
    done = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=clean_env())
    return done.returncode, done.stderr


def plant_leak(root: Path) -> tuple[str, int]:
    """Make bench-002's front door text carry bench-001's number; return it and its line."""
    path = root / "content" / "partnerships" / "bench-002.yaml"
    text = path.read_text(encoding="utf-8")
    theirs = DRAMA.format(0)  # bench-001's front-door
    old = "description: The front door line of Benchton 002 (fictional)."
    new = f"description: The front door line of Benchton 002 (fictional), or call {theirs}."
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return theirs, line


def measure(n: int, work: Path) -> Result:
    """Build a national corpus of n partnerships cold, then with a planted leak."""
    root = work / f"national-{n}"
    leaflets = write_national(REPO, root, n)
    argv = ("-q", "build", "-j", "2", "--print-profile", "none")
    build = generate(root, [*argv, *JSON], measure_rss=True)  # raises if the build fails
    built = sorted(p.name for p in (root / "output").glob("*/bench-*.pdf"))
    listed = sorted(f["file"] for p in build.report["packs"] for f in p["leaflets"])
    assert build.report["leaflets"] == leaflets and listed == built, (listed, built, leaflets)
    shutil.rmtree(root / "output")
    number, line = plant_leak(root)
    status, err = run_plain(root, *argv)
    want = (
        f"content/partnerships/bench-002.yaml:{line}:"
        rf"\d+: error: bench-002\.internet-offending\.parents\.en\.a4\.pdf prints phone number "
        f"of partnership 'bench-001': '{number}'"
    )
    found = next((x for x in err.splitlines() if re.match(want, x)), "")
    caught = status == 1 and bool(found) and not any((root / "output").glob("*/*.pdf"))
    return Result(
        n,
        leaflets,
        build.seconds,
        build.parent_mib or 0.0,
        build.children_mib or 0.0,
        build.cpu,
        caught,
        found,
    )


def table(results: list[Result]) -> str:
    """The results as a Markdown section."""
    header = (
        "partnerships",
        "leaflets",
        "wall s (-j 2)",
        "leaflets/s",
        "CPU s",
        "parent peak RSS MiB",
        "largest worker peak RSS MiB",
        "planted leak caught",
    )
    rows = [
        (
            r.partnerships,
            r.leaflets,
            f"{r.wall_s:.1f}",
            f"{r.leaflets / r.wall_s:.2f}",
            f"{r.cpu_s:.0f}",
            f"{r.parent_mib:.0f}",
            f"{r.worker_mib:.0f}",
            "yes" if r.leak_caught else "**no**",
        )
        for r in results
    ]
    caught = next((r.leak_line for r in results if r.leak_caught), "")
    return (
        f"\n## National corpus (`python bench/national.py`, {utc_now()}, {os.cpu_count()} CPUs)\n\n"
        "Fictional partnerships × parents, carers, professionals × A4 × English, built cold with "
        "`build -j 2 --print-profile none` (on-screen PDFs). Then bench-002's front-door text "
        "carries bench-001's number: the build must fail naming the leaflet and the line.\n\n"
        + md_table(header, rows)
        + f"\n\nThe planted leak, as printed:\n\n```text\n{caught}\n```\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the national corpus benchmark and append its results."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[50, 150])
    p.add_argument("--results", type=Path, default=BENCH / "results.md")
    args = p.parse_args(argv)
    assert len(ROLES) * max(args.sizes) <= 1000
    with tempfile.TemporaryDirectory(prefix="national-") as tmp:
        results = [measure(n, Path(tmp)) for n in args.sizes]
    section = table(results)
    print(section)
    append_results(args.results, section)
    return 0 if all(r.leak_caught for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
