"""Overhead per leaflet: the generator (plan + render_file, as a build calls it) against bare
WeasyPrint on the same final HTML, in one process.

    python bench/overhead.py                 5 interleaved rounds after a warm-up
    python bench/overhead.py --rounds 1      a smoke run

See bench/README.md (1. Overhead per leaflet) for what is measured and the target.
"""

from __future__ import annotations

import gc
import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from common import Figure, Options, Report, fresh_copy, load_packs_yaml, md_table, median
from corpus import formats_of

PDF_VARIANT = "pdf/ua-1"


@dataclass
class Case:
    """One leaflet of the overhead benchmark and its timings."""

    name: str
    job: Any
    one_pack: Any
    html: str = ""
    base: Path = Path()
    css: str = ""
    call: tuple[tuple[Any, ...], dict[str, Any]] = ((), {})
    passes: int = 0
    first_passes: int = 0
    pages: int = 0
    generator: list[float] = field(default_factory=list)
    plan: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    one_pass: list[float] = field(default_factory=list)
    cpu: dict[str, list[float]] = field(
        default_factory=lambda: {"generator": [], "bare": [], "one_pass": []}
    )

    def cpu_ratio(self) -> float:
        """Median CPU time of the generator over that of bare WeasyPrint."""
        return median(self.cpu["generator"]) / median(self.cpu["bare"])


def write_all_leaflets_pack(project: Path) -> str:
    """Write packs/bench-all.yaml: every audience x leaflet format (A4, A5 booklet) of the
    bundled topic; return its id."""
    first = load_packs_yaml(project)[0]
    topic = first["leaflets"][0]["topic"]
    topic_data = yaml.safe_load((project / "content" / "topics" / f"{topic}.yaml").read_text())
    leaflets = [
        {"topic": topic, "audience": a, "format": f, "language": "en", "copies": 1}
        for a in topic_data["audiences"]
        for f in formats_of(project)
    ]
    pack = {
        "id": "bench-all",
        "name": "Every bundled leaflet",
        "event": {"name": "Benchmark", "date": "2027-01-21", "venue": "Benchmark"},
        "partnership": first["partnership"],
        "leaflets": leaflets,
    }
    (project / "packs" / "bench-all.yaml").write_text(yaml.safe_dump(pack, sort_keys=False))
    return "bench-all"


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds one call takes (after a garbage collection, so none falls inside)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_overhead(snapshot: Path, work: Path, rounds: int, report: Report) -> None:
    """Per-leaflet time of plan + render_file against bare WeasyPrint on the same final HTML."""
    print("\n1. overhead: generator vs bare WeasyPrint, per leaflet")
    root = fresh_copy(snapshot, work, "overhead")
    pack_id = write_all_leaflets_pack(root)
    sys.path.insert(0, str(root))  # the snapshot's code, not the live repository's
    import weasyprint
    from leaflet_cpu import build_api

    from resourcepack import pdf

    build = build_api()
    from resourcepack.cache import Cache

    project = build.load_project(root)
    cache = Cache(work / "overhead-cache")  # as in a build: it keeps each leaflet's notes pages
    cache.folder.mkdir(parents=True, exist_ok=True)
    created = build.pin_time(project.catalog)
    pack = project.packs[pack_id]
    out = work / "overhead-out"
    out.mkdir(exist_ok=True)
    cases = []
    for spec in pack.leaflets:
        one = pack.model_copy(update={"leaflets": [spec]})
        job = build.plan(project, one, created)[1][0]
        cases.append(Case(f"{spec.audience} {spec.format}", job, one))

    def generator(case: Case) -> Callable[[], object]:
        def run() -> None:
            start = time.perf_counter()
            job = build.plan(project, case.one_pack, created)[1][0]
            case.plan.append(time.perf_counter() - start)
            build.render_file(root, job, out / f"gen.{job.leaflet.filename}", cache)

        return run

    def bare(case: Case) -> Callable[[], object]:
        def run() -> None:
            url = case.base.as_uri() + "/"
            doc = weasyprint.HTML(string=case.html, base_url=url)
            sheets = [weasyprint.CSS(string=case.css, base_url=url)] if case.css else []
            name = out / f"bare.{case.job.leaflet.filename}"
            doc.write_pdf(name, pdf_variant=PDF_VARIANT, stylesheets=sheets)

        return run

    def one_pass(case: Case) -> Callable[[], object]:
        def run() -> None:
            args, kwargs = case.call
            document = pdf.render_document(*args, **kwargs)
            pdf.write_pdf(document, out / f"one.{case.job.leaflet.filename}")

        return run

    # Warm-up: two generator runs per leaflet, the first with nothing in the cache (how many
    # layout passes a first render takes), the second as every later render (the HTML of its
    # last layout pass is what bare WeasyPrint is given).
    original = pdf.render_document
    for case in cases:
        passes = []
        for _ in range(2):
            calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

            def spy(*args: Any, **kwargs: Any) -> Any:
                calls.append((args, kwargs))  # noqa: B023 - used within this iteration only
                return original(*args, **kwargs)

            pdf.render_document = spy
            try:
                case.pages = build.render_file(root, case.job, out / "warmup.pdf", cache)
            finally:
                pdf.render_document = original
            if not calls:
                raise RuntimeError("render_file no longer calls resourcepack.pdf.render_document")
            passes.append(len(calls))
        case.first_passes, case.passes, case.call = passes[0], passes[1], calls[-1]
        # render_document(html, base, allowed, where, css): the HTML, and the shared stylesheet
        case.html, case.base = case.call[0][0], case.call[0][1]
        case.css = case.call[0][4] if len(case.call[0]) > 4 else ""
        bare(case)()
        one_pass(case)()
    methods = (("generator", generator), ("bare", bare), ("one_pass", one_pass))
    for r in range(rounds):
        for i in range(len(cases)):
            case = cases[(i + r) % len(cases)]
            for k in range(len(methods)):
                name, make = methods[(k + r) % len(methods)]
                wall, cpu = timed(make(case))
                getattr(case, name).append(wall)
                case.cpu[name].append(cpu)
        print(f"  round {r + 1}/{rounds} done")

    def same_bytes(case: Case) -> str:
        a = (out / f"gen.{case.job.leaflet.filename}").read_bytes()
        b = (out / f"bare.{case.job.leaflet.filename}").read_bytes()
        return "yes" if hashlib.sha256(a).digest() == hashlib.sha256(b).digest() else "no"

    rows, ratios = [], []
    for c in cases:
        g, b, o = median(c.generator), median(c.bare), median(c.one_pass)
        ratios.append(g / b)
        rows.append(
            (
                c.name,
                c.pages,
                f"{c.first_passes} / {c.passes}",
                f"{g:.3f}",
                f"{median(c.plan) * 1000:.0f}",
                f"{b:.3f}",
                f"{o:.3f}",
                f"**{g / b:.2f}x**",
                f"{o / b:.2f}x",
                f"{c.cpu_ratio():.2f}x",
                same_bytes(c),
            )
        )
    total_g = sum(median(c.generator) for c in cases)
    total_b = sum(median(c.bare) for c in cases)
    cpu_g = sum(median(c.cpu["generator"]) for c in cases)
    cpu_b = sum(median(c.cpu["bare"]) for c in cases)
    header = (
        "leaflet",
        "pages",
        "layout passes (first render / later)",
        "generator s",
        "of which plan ms",
        "bare s",
        "one pass s",
        "generator / bare",
        "one pass / bare",
        "generator / bare, CPU time",
        "same bytes",
    )
    report.sections.append(
        "## 1. Overhead per leaflet (generator vs bare WeasyPrint)\n\n"
        f"Median of {rounds} interleaved rounds after a warm-up, in one process. *generator* = "
        "`build.plan` for a one-leaflet pack (compose + render key) + `build.render_file` with a "
        "render cache, as a build calls it; "
        "*bare* = `weasyprint.HTML(string=final_html, base_url=templates/).write_pdf(..., "
        'pdf_variant="pdf/ua-1")` on the HTML of the generator\'s last layout pass; '
        "*one pass* = the project's `render_document` (URL fetcher, warnings check) + "
        "`write_pdf` on that same HTML: one layout pass with the project's code, no Jinja2. "
        "*layout passes*: how many times `render_file` laid the leaflet out, the first time "
        "(an empty cache) and later (the timed runs). A booklet needs blank notes pages to reach "
        "a multiple of 4 pages and says 'Page x of N', so a first render lays it out twice; later "
        "renders start from the number of notes pages the last one needed, kept in the cache, "
        "and lay it out once unless the content has changed length.\n\n"
        + md_table(header, rows)
        + f"\n\nAll leaflets: generator {total_g:.2f} s, bare {total_b:.2f} s, "
        f"ratio {total_g / total_b:.2f}x (CPU time: {cpu_g:.2f} s, {cpu_b:.2f} s, "
        f"{cpu_g / cpu_b:.2f}x). The CPU-time ratio (`time.process_time`) is the one to trust "
        "when other processes share the machine."
    )
    cpu_ratios = [c.cpu_ratio() for c in cases]
    worst = max(range(len(cases)), key=lambda i: ratios[i])
    report.add(
        Figure(
            "1 overhead",
            f"generator / bare, all {len(cases)} leaflets (sum of medians)",
            f"{total_g / total_b:.2f}x (CPU time {cpu_g / cpu_b:.2f}x)",
            "≤ 1.10x",
            total_g / total_b <= 1.10,
        ),
        Figure(
            "1 overhead",
            f"worst leaflet ({cases[worst].name}, {cases[worst].passes} layout passes)",
            f"{ratios[worst]:.2f}x (CPU time {cpu_ratios[worst]:.2f}x)",
            "≤ 1.10x",
            ratios[worst] <= 1.10,
        ),
    )
    for passes in sorted({c.passes for c in cases}):
        idx = [i for i, c in enumerate(cases) if c.passes == passes]
        names = ", ".join(cases[i].name for i in idx)
        low, high = min(ratios[i] for i in idx), max(ratios[i] for i in idx)
        cpu_low, cpu_high = min(cpu_ratios[i] for i in idx), max(cpu_ratios[i] for i in idx)
        report.add(
            Figure(
                "1 overhead",
                f"leaflets laid out {passes}x ({names})",
                f"{low:.2f}-{high:.2f}x (CPU time {cpu_low:.2f}-{cpu_high:.2f}x)",
                "≤ 1.10x",
                high <= 1.10,
            )
        )


def bench(snapshot: Path, work: Path, opts: Options, report: Report) -> None:
    """Overhead per leaflet, over the rounds asked for."""
    bench_overhead(snapshot, work, opts.rounds, report)


if __name__ == "__main__":
    from run import main

    sys.exit(main({"overhead": bench}, __doc__))
