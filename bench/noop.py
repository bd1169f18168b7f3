"""No-op rebuild vs cold build: `python generate.py -q` in a copy of the project, cold, then
rebuilds with nothing changed (median), and where a no-op rebuild spends its time.

    python bench/noop.py

See bench/README.md (2. No-op rebuild vs cold build) for what is measured and the target.
"""

from __future__ import annotations

import sys
from pathlib import Path

from common import (
    JSON,
    Figure,
    Options,
    Report,
    fresh_copy,
    generate,
    hotspots,
    md_table,
    median,
    spot_table,
)


def bench_noop(snapshot: Path, work: Path, repeats: int, report: Report) -> None:
    """Cold full build, then no-op rebuilds, of every bundled pack with `python generate.py -q`."""
    print("\n2. no-op rebuild vs cold build")
    root = fresh_copy(snapshot, work, "noop")
    cold = generate(root, ["-q"])
    runs = [generate(root, ["-q"], measure_rss=True) for _ in range(repeats)]
    noops = [b.seconds for b in runs]
    check = generate(root, ["build", *JSON])
    counts = check.counts()
    noop, noop_cpu = median(noops), median(b.cpu for b in runs)
    prof = hotspots(root, ["--noop"])
    report.sections.append(
        "## 2. No-op rebuild vs cold build\n\n"
        "`python generate.py -q` (every bundled pack, default `--jobs` = one per CPU) in a copy of "
        f"the project, as a subprocess. Cold: no `.cache/`, no `output/`. No-op: {repeats} "
        "rebuilds straight after, nothing changed (run under `bench/rusage_run.py` for their CPU "
        "time).\n\n"
        + md_table(
            ("run", "s"),
            [
                ("cold full build", f"{cold.seconds:.2f}"),
                (f"no-op rebuild, median of {repeats}", f"{noop:.3f}"),
                ("no-op rebuild, min / max", f"{min(noops):.3f} / {max(noops):.3f}"),
                ("no-op rebuild, CPU time (median)", f"{noop_cpu:.3f}"),
            ],
        )
        + f"\n\nA further no-op build (`build --report json`) reports {counts.get('packs')} "
        f"packs, {counts.get('leaflets')} leaflets, {counts.get('pages')} pages: "
        f"{counts.get('rendered')} rendered, {counts.get('reused')} reused, in "
        f"{check.report.get('seconds', 0):.2f} s ({check.packs_written()} packs written).\n\n"
        f"Where a no-op rebuild spends its time (pyinstrument, 1 ms sampling, "
        f"`bench/hotspots.py --noop`): {prof['total_s']:.2f} s profiled, of which imports "
        f"{prof['imports_s']:.2f} s; the project's functions by inclusive time:\n\n"
        + spot_table(prof["functions"])
    )
    report.add(
        Figure("2 no-op", "cold full build (bundled packs)", f"{cold.seconds:.2f} s"),
        Figure(
            "2 no-op",
            "no-op rebuild (wall)",
            f"{noop:.3f} s (CPU time {noop_cpu:.3f} s)",
            "< 0.5 s",
            noop < 0.5,
        ),
        Figure(
            "2 no-op",
            "renders and packs written by a no-op rebuild",
            f"{counts.get('rendered', '?')} renders, {check.packs_written()} packs",
            "0, 0",
            counts.get("rendered") == 0 and check.packs_written() == 0,
        ),
    )


def bench(snapshot: Path, work: Path, opts: Options, report: Report) -> None:
    """Cold build, then 5 no-op rebuilds."""
    bench_noop(snapshot, work, 5, report)


if __name__ == "__main__":
    from run import main

    sys.exit(main({"noop": bench}, __doc__))
