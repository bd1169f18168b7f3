"""`--jobs 2` vs `--jobs 1`: cold builds of a 24-leaflet corpus in the order -j 1, -j 2, -j 2, -j 1;
the speed-up of the medians, and an estimate for an idle machine from CPU times.

    python bench/jobs.py                     two ABBA rounds
    python bench/jobs.py --quick             one -j 1 and one -j 2 build

See bench/README.md (4. --jobs 2 vs --jobs 1) for what is measured and the target.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from common import JSON, Build, Figure, Options, Report, generate, make_cold, md_table, median
from corpus import partnerships_for, write_corpus


def bench_jobs(snapshot: Path, work: Path, leaflets: int, rounds: int, report: Report) -> None:
    """Cold builds of a corpus of at least `leaflets` leaflets with -j 1 and -j 2 (ABBA order)."""
    print("\n4. --jobs 2 vs --jobs 1, cold build")
    corpus = write_corpus(work / "jobs", partnerships_for(leaflets, snapshot), snapshot)
    times: dict[int, list[float]] = {1: [], 2: []}
    builds: dict[int, list[Build]] = {1: [], 2: []}
    order = [1, 2, 2, 1] * rounds
    for j in order[: 2 * rounds]:
        make_cold(corpus.root)
        b = generate(corpus.root, ["build", "-j", str(j), *JSON], measure_rss=True)
        if b.counts().get("leaflets") != corpus.leaflets or not b.counts().get("rendered"):
            raise RuntimeError(f"-j {j} built {b.counts()}, not {corpus.leaflets} leaflets")
        times[j].append(b.seconds)
        builds[j].append(b)
        print(f"  -j {j}: {b.seconds:.2f} s (CPU: parent {b.parent_cpu:.1f} s, ")
        print(f"    workers {b.children_cpu:.1f} s)")
    j1, j2 = median(times[1]), median(times[2])
    speedup = j1 / j2
    # What an idle machine would give: -j 1 takes its CPU time; -j 2 takes the parent's CPU time
    # (loading, planning, assembling: serial) plus the workers' CPU time shared by 2 CPUs.
    est1 = median(b.cpu for b in builds[1])
    est2 = median(b.parent_cpu + b.children_cpu / 2 for b in builds[2])
    cpu_cost = median(b.cpu for b in builds[2]) / est1
    report.sections.append(
        "## 4. `--jobs 2` vs `--jobs 1`, cold build\n\n"
        f"Corpus of {len(corpus.packs)} partnerships, {corpus.leaflets} leaflets, "
        f"{builds[1][0].counts().get('rendered')} renders "
        f"(second variant: {corpus.variant_kind}); cold each time (no `.cache/`, no `output/`); "
        f"`python generate.py build -j N`; runs in the order {order[: 2 * rounds]}, median.\n\n"
        + md_table(
            (
                "jobs",
                "wall s (each run)",
                "median s",
                "leaflets/s",
                "CPU s parent",
                "CPU s workers",
            ),
            [
                (
                    j,
                    ", ".join(f"{t:.2f}" for t in times[j]),
                    f"{median(times[j]):.2f}",
                    f"{corpus.leaflets / median(times[j]):.2f}",
                    f"{median(b.parent_cpu for b in builds[j]):.1f}",
                    f"{median(b.children_cpu for b in builds[j]):.1f}",
                )
                for j in (1, 2)
            ],
        )
        + f"\n\nSpeed-up (wall): {speedup:.2f}x on {os.cpu_count()} CPUs. "
        f"From CPU times, for an idle machine: -j 1 ≈ {est1:.1f} s (its CPU time), -j 2 ≈ "
        f"{est2:.1f} s (parent CPU time, which is serial, + workers' CPU time / 2, perfect "
        f"balance): {est1 / est2:.2f}x at best. -j 2 spends {cpu_cost:.2f}x the CPU time of -j 1."
    )
    report.add(
        Figure("4 jobs", f"-j 1, {corpus.leaflets} leaflets cold", f"{j1:.2f} s"),
        Figure("4 jobs", f"-j 2, {corpus.leaflets} leaflets cold", f"{j2:.2f} s"),
        Figure(
            "4 jobs", "speed-up -j 2 / -j 1 (wall)", f"{speedup:.2f}x", "≥ 1.8x", speedup >= 1.8
        ),
        Figure(
            "4 jobs",
            "speed-up on an idle machine, estimated from CPU times (upper bound)",
            f"{est1 / est2:.2f}x",
            "≥ 1.8x",
            est1 / est2 >= 1.8,
        ),
    )


def bench(snapshot: Path, work: Path, opts: Options, report: Report) -> None:
    """A 24-leaflet corpus, the rounds asked for (quick: 1, else 2)."""
    bench_jobs(snapshot, work, 24, opts.jobs_rounds, report)


if __name__ == "__main__":
    from run import main

    sys.exit(main({"jobs": bench}, __doc__))
