"""Where a warm render's CPU time goes, by step and format, and what a change to it would save.

    python bench/render_steps.py [--rounds 5] [--write]
    python bench/render_steps.py --try no-check [--rounds 5] [--write]
    python bench/render_steps.py --try css "li { list-style-position: inside }" [--write]

Renders every leaflet of the bundled packs as a build renders it (render_into_cache, in one warm
process, after a warm-up render of each), ROUNDS times. Steps: the CPU time of WeasyPrint's
three calls (HTML parsing, layout, PDF writing, the project's hooks inside them included) and of
each of the project's steps around them, summed over a format's leaflets, per round.

--try measures a change side by side: each leaflet rendered with it and without, in turn (the
order flipped each round), the median per leaflet summed by format. `no-check`: the layout
check skipped (the most any quicker reader of the rendered PDF could save); `no-gc`: the
collection after each render skipped; `css CSS`: CSS appended to the shared stylesheet (it also
reports how many leaflets' PDFs changed: changed pages are to be judged by eye, and kept only if
they look the same or better). --write appends the table to bench/results.md.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import BENCH, REPO, append_results, md_table, short_commit, utc_now
from leaflet_cpu import build_api, leaflet_jobs, render_once

PACKS = ["carers-training-day", "community-languages", "parents-evening", "professionals-briefing"]
ENGINE = ("WeasyPrint: HTML parsing", "WeasyPrint: layout", "WeasyPrint: PDF writing")


def format_of(name: str) -> str:
    """A leaflet file name's format: 'parents.en.a4.pdf' -> 'a4'."""
    return name.removesuffix(".pdf").rsplit(".", 1)[-1]


def timers(spent: dict[str, float]) -> None:
    """Add the CPU time of WeasyPrint's calls and of the render's own steps to spent."""
    import weasyprint
    from weasyprint.document import Document

    from resourcepack import pdf
    from resourcepack import renderfile as rf

    renderfile: Any = rf

    def timed(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - start

        setattr(owner, name, call)

    for owner, name, label in (
        (weasyprint.HTML, "__init__", ENGINE[0]),
        (weasyprint.HTML, "render", ENGINE[1]),
        (Document, "write_pdf", ENGINE[2]),
        (renderfile, "check_layout", "layout check (reads the PDF)"),
        (renderfile, "render_html", "leaflet HTML (Jinja2)"),
        (renderfile, "render_web", "web edition (Jinja2)"),
        (renderfile, "check_page", "page check"),
        (renderfile, "found_in", "leak guard"),
        (pdf, "cut_to_trim", "screen file cut to the trim (pikepdf)"),
        (pdf, "write_atomic", "writing the files"),
        (renderfile.gc, "collect", "garbage collection"),
    ):
        timed(owner, name, label)


def steps(groups: dict[str, list[Any]], build: Any, rounds: int) -> str:
    """The steps table: each step's CPU s per round, by format, and its share."""
    spent: dict[str, float] = defaultdict(float)
    timers(spent)
    by: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    total: dict[str, float] = defaultdict(float)
    with tempfile.TemporaryDirectory(prefix="render-steps-") as folder:
        for jobs in groups.values():
            render_once(build, REPO, jobs, Path(folder))
        for _ in range(rounds):
            for name, jobs in groups.items():
                spent.clear()
                total[format_of(name)] += render_once(build, REPO, jobs, Path(folder)) / rounds
                for label, cpu in spent.items():
                    by[format_of(name)][label] += cpu / rounds
    formats = sorted(total)
    for fmt in formats:
        by[fmt]["the rest of the render"] = total[fmt] - sum(by[fmt].values())
    labels = sorted({k for c in by.values() for k in c}, key=lambda k: -sum(by[f][k] for f in by))
    rows = [[k, *(_share(by[f][k], total[f]) for f in formats)] for k in labels]
    outside = [_share(total[f] - sum(by[f][k] for k in ENGINE), total[f]) for f in formats]
    rows += [["**outside WeasyPrint's calls**", *outside]]
    rows += [["**render CPU s (sum over the leaflets)**", *(f"{total[f]:.3f}" for f in formats)]]
    return md_table(["step", *formats], rows)


def _share(cpu: float, total: float) -> str:
    return f"{cpu * 1000:.0f} ms ({100 * cpu / total:.1f}%)"


@contextmanager
def change(kind: str, css: str) -> Iterator[Callable[[bool], None]]:
    """A switch that turns the change on (True) or off (False)."""
    from resourcepack import render
    from resourcepack import renderfile as rf

    renderfile: Any = rf
    originals = (renderfile.check_layout, renderfile.gc.collect, renderfile.shared_css)

    def switch(on: bool) -> None:
        renderfile.check_layout, renderfile.gc.collect, renderfile.shared_css = originals
        if on and kind == "no-check":
            renderfile.check_layout = lambda path, rules: ()
        if on and kind == "no-gc":
            renderfile.gc.collect = lambda *args: 0
        if on and kind == "css":
            renderfile.shared_css = lambda inputs: render.shared_css(inputs) + "\n" + css

    try:
        yield switch
    finally:
        switch(False)


def tried(groups: dict[str, list[Any]], build: Any, rounds: int, kind: str, css: str) -> str:
    """The A/B table: CPU with the change over CPU without, by format, and PDFs changed."""
    cpu: dict[tuple[str, bool], list[float]] = defaultdict(list)
    digests: dict[tuple[str, bool], set[str]] = defaultdict(set)
    with (
        change(kind, css) as switch,
        tempfile.TemporaryDirectory() as a,
        tempfile.TemporaryDirectory() as b,
    ):
        folders = {True: Path(a), False: Path(b)}
        for on in (True, False):
            switch(on)
            for jobs in groups.values():
                render_once(build, REPO, jobs, folders[on])
        for r in range(rounds):
            for name, jobs in groups.items():
                for on in (True, False) if r % 2 == 0 else (False, True):
                    switch(on)
                    cpu[(name, on)].append(render_once(build, REPO, jobs, folders[on]))
                    digests[(name, on)].add(_digest(folders[on], jobs))
    rows = []
    for fmt in sorted({format_of(n) for n in groups}):
        names = [n for n in groups if format_of(n) == fmt]
        with_, without = (_median_sum(cpu, names, on) for on in (True, False))
        changed = sum(digests[(n, True)] != digests[(n, False)] for n in names)
        rows.append([fmt, f"{with_:.3f}", f"{without:.3f}", f"{with_ / without:.3f}x", changed])
    with_, without = (_median_sum(cpu, list(groups), on) for on in (True, False))
    changed = sum(digests[(n, True)] != digests[(n, False)] for n in groups)
    rows.append(["all", f"{with_:.3f}", f"{without:.3f}", f"{with_ / without:.3f}x", changed])
    head = ["format", "CPU s with it", "CPU s without", "with / without", "leaflets changed"]
    return md_table(head, rows)


def _median_sum(cpu: dict[tuple[str, bool], list[float]], names: list[str], on: bool) -> float:
    """The sum over the leaflets named of their median CPU, with the change or without."""
    return sum(statistics.median(cpu[(n, on)]) for n in names)


def _digest(folder: Path, jobs: list[Any]) -> str:
    """The SHA-256 of the PDFs a leaflet's jobs wrote into the render cache."""
    digest = hashlib.sha256()
    for job in jobs:
        for path in sorted(folder.glob(f"**/{job.key}*.pdf")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table and (with --write) append it to bench/results.md."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--try", dest="kind", choices=["no-check", "no-gc", "css"])
    p.add_argument("css", nargs="?", default="", help="with --try css: the CSS to append")
    p.add_argument("--write", action="store_true")
    args = p.parse_args(argv)
    if (args.kind == "css") != bool(args.css):
        p.error("give CSS with --try css, and only then")
    sys.path.insert(0, str(REPO))
    build = build_api()
    groups = leaflet_jobs(build, REPO, PACKS)
    start = time.monotonic()
    if args.kind:
        table = tried(groups, build, args.rounds, args.kind, args.css)
        what = f"`--try {args.kind}`" + (f" `{args.css}`" if args.css else "")
    else:
        table = steps(groups, build, args.rounds)
        what = "steps"
    minutes = (time.monotonic() - start) / 60
    print(table)
    if args.write:
        title = f"\n## Render steps at {short_commit(REPO)}: {what} (`python bench/render_steps.py`"
        section = f"{title}, {utc_now()}, {args.rounds} rounds)\n\n{table}\n\n"
        append_results(BENCH / "results.md", section + f"The run took {minutes:.1f} minutes.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
