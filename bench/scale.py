"""Scale: cold `build -j 2` of generated corpora of about 100, 300 and 600 leaflets: wall time,
leaflets per second, CPU per leaflet, a no-op rebuild, peak RSS of the build and of its largest
render worker.

    python bench/scale.py                    100, 300 and 600 leaflets
    python bench/scale.py --sizes 12         one small corpus (--quick: 24 and 48)

See bench/README.md (5. Scale) for what is measured and the target.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from common import JSON, Build, Figure, Hung, Options, Report, generate, md_table
from corpus import partnerships_for, write_corpus


def bench_scale(snapshot: Path, work: Path, sizes: list[int], report: Report) -> None:
    """Cold -j 2 builds of corpora of about each size: wall, leaflets/s, peak RSS."""
    print("\n5. scale: cold -j 2 builds of generated corpora")
    rows, results = [], []
    for size in sizes:
        corpus = write_corpus(work / f"scale-{size}", partnerships_for(size, snapshot), snapshot)
        try:
            b = generate(corpus.root, ["build", "-j", "2", *JSON], measure_rss=True)
        except Hung as e:  # record it and go on with the next size
            print(f"  {corpus.leaflets} leaflets: HUNG")
            rows.append((corpus.leaflets, "hung: " + str(e).splitlines()[0][-80:], *[""] * 10))
            report.add(Figure("5 scale", f"{corpus.leaflets} leaflets, -j 2", "HUNG", "", False))
            shutil.rmtree(corpus.root, ignore_errors=True)
            continue
        counts = b.counts()
        if counts.get("leaflets") != corpus.leaflets or not counts.get("rendered"):
            raise RuntimeError(f"built {counts}, not {corpus.leaflets} leaflets")
        rate = corpus.leaflets / b.seconds
        noop = generate(corpus.root, ["-q", "build", "-j", "2"])
        results.append((corpus.leaflets, b))
        rows.append(
            (
                corpus.leaflets,
                counts.get("rendered", "?"),
                len(corpus.packs),
                counts.get("pages", "?"),
                f"{b.seconds:.1f}",
                f"{rate:.2f}",
                f"{b.parent_mib:.0f}",
                f"{b.children_mib:.0f}",
                f"{b.cpu / corpus.leaflets:.2f}",
                f"{b.parent_cpu:.1f}",
                b.processes,
                f"{noop.seconds:.2f}",
            )
        )
        print(
            f"  {corpus.leaflets} leaflets: {b.seconds:.1f} s, {rate:.2f}/s, "
            f"no-op {noop.seconds:.2f} s"
        )
        print(
            f"    peak RSS parent {b.parent_mib:.0f} MiB, largest worker {b.children_mib:.0f} MiB"
        )
        shutil.rmtree(corpus.root, ignore_errors=True)
    measured = bool(results)
    if not measured:
        results = [(0, Build(0.0, "", ""))]
    (n0, first), (n1, last) = results[0], results[-1]
    parent_growth = (last.parent_mib or 0) / (first.parent_mib or 1)
    child_growth = (last.children_mib or 0) / (first.children_mib or 1)
    report.sections.append(
        "## 5. Scale\n\n"
        "Generated corpora (`bench/corpus.py`: N copies of the bundled partnership, one pack of "
        "3 audiences x 2 formats x 2 topic variants each), cold `python generate.py build -j 2`. "
        "Parent: peak RSS and CPU time from `resource.getrusage(RUSAGE_SELF)` in the build "
        "process (`bench/rusage_run.py`). Workers: the build's render workers come from a fork "
        "server, so they are not children the build waits for and `RUSAGE_CHILDREN` misses them; "
        "every descendant process is sampled from /proc every 0.2 s instead (peak RSS = largest "
        "VmHWM of any one process; CPU = sum over processes, up to 0.2 s per process missed). "
        "*child processes*: how many were seen (workers are replaced as they go).\n\n"
        + md_table(
            (
                "leaflets",
                "renders",
                "packs",
                "pages",
                "wall s",
                "leaflets/s",
                "parent peak RSS MiB",
                "worker peak RSS MiB",
                "CPU s per leaflet",
                "parent CPU s",
                "child processes",
                "no-op rebuild s",
            ),
            rows,
        )
        + "\n\n*CPU s per leaflet*: CPU time of the build and its workers over leaflets (does not "
        "depend on other processes' load). *parent CPU s*: the build process's own CPU time "
        "(loading, planning, assembling packs), which does not run in parallel. *no-op rebuild*: "
        "`-q build -j 2` again straight after, nothing changed."
    )
    if not measured:
        return
    for n, b in results:
        report.add(
            Figure(
                "5 scale",
                f"{n} leaflets, -j 2",
                f"{b.seconds:.1f} s, {n / b.seconds:.2f} leaflets/s, "
                f"{b.cpu / n:.2f} CPU s/leaflet, RSS parent {b.parent_mib:.0f} MiB, "
                f"worker {b.children_mib:.0f} MiB",
            )
        )
    report.add(
        Figure(
            "5 scale",
            f"parent peak RSS growth {n0} → {n1} leaflets",
            f"{parent_growth:.2f}x",
            "flat (≤ 1.10x)",
            parent_growth <= 1.10,
        ),
        Figure(
            "5 scale",
            f"worker peak RSS growth {n0} → {n1} leaflets",
            f"{child_growth:.2f}x",
            "flat (≤ 1.10x)",
            child_growth <= 1.10,
        ),
    )


def bench(snapshot: Path, work: Path, opts: Options, report: Report) -> None:
    """The corpus sizes asked for."""
    bench_scale(snapshot, work, opts.sizes, report)


if __name__ == "__main__":
    from run import main

    sys.exit(main({"scale": bench}, __doc__))
