"""Benchmarks for resourcepack: run all six, print a markdown table, write bench/results.md.

    . .venv/bin/activate && python bench/run.py                # full run, 20 to 30 minutes
    python bench/run.py --quick                                 # smoke test, about 3 minutes
    python bench/run.py --only overhead noop                    # some benchmarks only
    python bench/noop.py --quick                                # one benchmark, the same options

Each benchmark is a module of its own (bench/overhead.py, noop.py, incremental.py, jobs.py,
scale.py, profile_build.py); this driver runs the chosen ones in that order. The project (code,
content, templates, packs) is copied once at the start into a temporary snapshot, and every
benchmark works on copies of that snapshot, so edits made to the repository during the run do
not mix two versions. See bench/README.md for what each benchmark measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

import incremental
import jobs
import noop
import overhead
import profile_build
import scale
from common import (
    BENCH,
    REPO,
    Bench,
    Figure,
    Meter,
    Options,
    Report,
    become_subreaper,
    load,
    machine,
    wait_for_quiet,
    write_results,
)
from corpus import copy_project

BENCHMARKS: dict[str, Bench] = {
    "overhead": overhead.bench,
    "noop": noop.bench,
    "incremental": incremental.bench,
    "jobs": jobs.bench,
    "scale": scale.bench,
    "profile": profile_build.bench,
}


def parser(names: Iterable[str], doc: str | None) -> argparse.ArgumentParser:
    """The options of run.py, and of each benchmark run alone (--only with several)."""
    names = list(names)
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawTextHelpFormatter)
    if len(names) > 1:
        p.add_argument("--only", nargs="+", choices=names, help="run only these")
    p.add_argument("--quick", action="store_true", help="fewer rounds, small corpora (a smoke run)")
    p.add_argument("--rounds", type=int, help="overhead rounds (default 5; quick 2)")
    p.add_argument("--sizes", type=int, nargs="+", help="scale corpus sizes (default 100 300 600)")
    p.add_argument("--out", type=Path, default=BENCH / "results.md", help="results file")
    p.add_argument("--no-write", action="store_true", help="do not write the results file")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument(
        "--wait",
        type=float,
        default=180,
        help="before each benchmark, wait up to this many seconds for other processes to use "
        "under 0.25 CPUs (default 180; 0: measure 5 s, do not wait)",
    )
    return p


def main(benchmarks: Mapping[str, Bench], doc: str | None, argv: list[str] | None = None) -> int:
    """Run the benchmarks chosen, print the summary table, write bench/results.md."""
    args = parser(benchmarks, doc).parse_args(argv)
    become_subreaper()
    chosen = getattr(args, "only", None) or list(benchmarks)
    opts = Options(
        rounds=args.rounds or (2 if args.quick else 5),
        sizes=args.sizes or ([24, 48] if args.quick else [100, 300, 600]),
        repeats=2 if args.quick else 3,
        jobs_rounds=1 if args.quick else 2,
    )
    started, load_start = time.perf_counter(), load()
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="resourcepack-bench-"))
    report = Report()
    try:
        snapshot = copy_project(REPO, work / "snapshot")
        print(f"snapshot of {REPO} in {snapshot}")
        for name, bench in benchmarks.items():
            if name in chosen:
                run_one(name, partial(bench, snapshot, work, opts, report), args.wait, report)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    duration = f"{seconds / 60:.1f} min" if seconds >= 90 else f"{seconds:.0f} s"
    print("\n" + report.table())
    print(f"\nfull run took {duration}")
    if not args.no_write:
        meta = {
            "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "duration": duration,
            "command": f"python bench/{Path(sys.argv[0]).name}",
            "args": " ".join(argv if argv is not None else sys.argv[1:]),
            "load_start": load_start,
            "load_end": load(),
            "wait": f"{args.wait:.0f}",
        }
        write_results(args.out, report, info, meta)
        print(f"wrote {args.out}")
    return 0


def run_one(name: str, step: Callable[[], None], wait: float, report: Report) -> None:
    """Run one benchmark after waiting for quiet; a failure is recorded, not raised."""
    before = wait_for_quiet(wait)
    meter, t0 = Meter().start(), time.perf_counter()
    try:
        step()
    except Exception as e:  # record it, go on with the next benchmark
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        print(f"  {name} FAILED: {first}")
        report.add(Figure(name, "FAILED", first.replace("|", "/"), "", False))
        report.sections.append(f"## {name}: failed\n\n```text\n{str(e)[-3000:]}\n```")
    others, took = meter.others(), time.perf_counter() - t0
    print(f"  ({name}: {took:.0f} s; other processes used {others:.2f} CPUs meanwhile)")
    report.machine_use.append((name, f"{took:.0f}", f"{before:.2f}", f"{others:.2f}"))


if __name__ == "__main__":
    sys.exit(main(BENCHMARKS, __doc__))
