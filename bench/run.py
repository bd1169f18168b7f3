"""Benchmarks for resourcepack: run all five, print a markdown table, write bench/results.md.

    . .venv/bin/activate && python bench/run.py                # full run, 20 to 30 minutes
    python bench/run.py --quick                                 # smoke test, about 3 minutes
    python bench/run.py --only overhead noop                    # some benchmarks only

The project (code, content, templates, packs) is copied once at the start into a temporary
snapshot, and every benchmark works on copies of that snapshot, so edits made to the repository
during the run do not mix two versions. See bench/README.md for what each benchmark measures.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import copy_project, formats_of, partnerships_for, write_corpus  # noqa: E402

PDF_VARIANT = "pdf/ua-1"
SUMMARY_RE = re.compile(
    r"(\d+) packs, (\d+) leaflet PDFs, (\d+) pages: (\d+) rendered, (\d+) reused"
)


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class Figure:
    """One line of the summary table: what was measured, the figure, the target, and if met."""

    benchmark: str
    measure: str
    value: str
    target: str = ""
    met: bool | None = None

    def row(self) -> str:
        """The figure as a markdown table row."""
        mark = {True: "yes", False: "**no**", None: ""}[self.met]
        return f"| {self.benchmark} | {self.measure} | {self.value} | {self.target} | {mark} |"


@dataclass
class Report:
    """Everything a run found: summary figures and a markdown section per benchmark."""

    figures: list[Figure] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    machine_use: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, *figures: Figure) -> None:
        """Record figures and print them as they come."""
        for f in figures:
            self.figures.append(f)
            print(f"  {f.measure}: {f.value}" + (f"  (target {f.target})" if f.target else ""))

    def table(self) -> str:
        """The summary as a markdown table."""
        head = "| Benchmark | Measure | Figure | Target | Met |\n|---|---|---|---|---|"
        return "\n".join([head, *(f.row() for f in self.figures)])


def md_table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """A markdown table from a header and rows."""
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Running the generator


def clean_env() -> dict[str, str]:
    """The environment for builds: this one without SOURCE_DATE_EPOCH (a build sets its own)."""
    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


@dataclass(frozen=True)
class Build:
    """One `python generate.py` run: wall time, output; peak RSS and CPU time when measured."""

    seconds: float
    stdout: str
    stderr: str
    parent_mib: float | None = None
    children_mib: float | None = None
    parent_cpu: float = 0.0
    children_cpu: float = 0.0
    processes: int = 0

    @property
    def cpu(self) -> float:
        """CPU seconds of the build process and its render workers."""
        return self.parent_cpu + self.children_cpu

    def counts(self) -> dict[str, int]:
        """The numbers in the build's summary line (packs, leaflets, pages, rendered, reused)."""
        m = SUMMARY_RE.search(self.stdout)
        if not m:
            return {}
        keys = ("packs", "leaflets", "pages", "rendered", "reused")
        return dict(zip(keys, map(int, m.groups()), strict=True))

    def rendered_names(self) -> list[str]:
        """The leaflets the build rendered, from its progress lines (stderr, without -q)."""
        return re.findall(r"^\s*\[\d+/\d+\] (.+?)\s*$", self.stderr, re.MULTILINE)

    def packs_written(self) -> int:
        """How many pack folders the build wrote (not left up to date)."""
        return sum(1 for line in self.stdout.splitlines() if line.startswith("wrote "))


STALL_SECONDS = 90


class Hung(RuntimeError):
    """A build stopped using CPU time and was killed."""


class TreeSampler(threading.Thread):
    """Samples the descendants of a process: each one's peak RSS (VmHWM) and CPU time.

    Render workers may not be children the build waits for (a fork server's workers are the
    fork server's children), so resource.getrusage(RUSAGE_CHILDREN) can miss them; /proc sees
    every process. A worker's CPU time is its last sample, so up to `interval` of it is missed.
    """

    def __init__(self, root: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak_kib: dict[int, int] = {}
        self.cpu_ticks: dict[int, int] = {}
        self.done = threading.Event()
        self.last_ticks: dict[int, int] = {}
        self.last_progress = time.monotonic()

    def stalled(self) -> float:
        """Seconds since the process and its descendants last used any CPU time."""
        return time.monotonic() - self.last_progress

    def run(self) -> None:
        """Sample until stopped."""
        while not self.done.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        """Record every current descendant's peak RSS and CPU time."""
        parents: dict[int, int] = {}
        ticks: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            pid = int(stat.parent.name)
            parents[pid] = int(fields[1])
            ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
        family, todo = set(), [self.root]
        while todo:
            pid = todo.pop()
            kids = [c for c, parent in parents.items() if parent == pid and c not in family]
            family.update(kids)
            todo += kids
        # Progress: any process of the tree used CPU since the last sample. (Not a rise in the
        # tree's total: that falls each time recycled workers exit, and a fresh pool's workers
        # may never make it up, which once made a busy 600-leaflet build look hung.)
        now = {pid: ticks.get(pid, 0) for pid in {self.root, *family}}
        if any(t > self.last_ticks.get(pid, 0) for pid, t in now.items()):
            self.last_progress = time.monotonic()
        self.last_ticks = now
        for pid in family:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            hwm = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if hwm:
                self.peak_kib[pid] = max(self.peak_kib.get(pid, 0), int(hwm.group(1)))
            self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), ticks[pid])

    def stop(self) -> None:
        """Stop sampling."""
        self.done.set()
        self.join()


def become_subreaper() -> None:
    """Adopt the processes a build leaves behind (its fork server), so that reaping them adds
    their CPU time, and their workers', to this process's children's (Linux only)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def reap_orphans() -> None:
    """Wait for every adopted process (a fork server exits once its build has)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def generate(project: Path, args: list[str], measure_rss: bool = False) -> Build:
    """Run `python PROJECT/generate.py ARGS` in a subprocess and time it (wall clock).

    With measure_rss, the script runs under bench/rusage_run.py, which records the peak RSS and
    CPU time of the build process itself, and a TreeSampler records those of its descendants
    (the render workers). A build whose processes use no CPU time for STALL_SECONDS is killed
    and raises Hung.
    """
    script = str(project / "generate.py")
    rss_file = project.parent / f".{project.name}.rusage.json"
    if measure_rss:
        cmd = [sys.executable, str(BENCH / "rusage_run.py"), str(rss_file), script, *args]
    else:
        cmd = [sys.executable, script, *args]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=project,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, to kill it whole if it hangs
    )
    sampler = TreeSampler(proc.pid, 0.2 if measure_rss else 1.0)
    sampler.start()
    while True:
        try:
            stdout, stderr = proc.communicate(timeout=5)
            break
        except subprocess.TimeoutExpired:
            if sampler.stalled() > STALL_SECONDS:
                os.killpg(proc.pid, signal.SIGKILL)
                stdout, stderr = proc.communicate()
                sampler.stop()
                raise Hung(
                    f"{' '.join(cmd)} used no CPU for {STALL_SECONDS} s and was killed "
                    f"(a deadlocked process pool?); its last output:\n{stderr[-1500:]}"
                ) from None
    seconds = time.perf_counter() - start
    sampler.stop()
    reap_orphans()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    if not measure_rss:
        return Build(seconds, stdout, stderr)
    u = json.loads(rss_file.read_text(encoding="utf-8"))
    workers_mib = max(sampler.peak_kib.values(), default=0) / 1024
    workers_cpu = sum(sampler.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")
    return Build(
        seconds,
        stdout,
        stderr,
        u["parent_mib"],
        max(workers_mib, u["children_mib"]),
        u.get("parent_cpu_s", 0.0),
        max(workers_cpu, u.get("children_cpu_s", 0.0)),
        len(sampler.peak_kib),
    )


def make_cold(project: Path) -> None:
    """Remove a project's render cache and output."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "output", ignore_errors=True)


def fresh_copy(snapshot: Path, work: Path, name: str) -> Path:
    """A new copy of the snapshot under work/name (no cache, no output)."""
    dest = work / name
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(snapshot, dest)
    make_cold(dest)
    return dest


def load_packs_yaml(project: Path) -> list[dict[str, Any]]:
    """The bundled packs as plain YAML data."""
    return [
        yaml.safe_load(p.read_text("utf-8")) for p in sorted((project / "packs").glob("*.yaml"))
    ]


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


def median(values: Iterable[float]) -> float:
    """The median of some numbers."""
    return statistics.median(list(values))


# --------------------------------------------------------------------------------------------
# Other processes: the machine is shared, so measure (and wait out) their CPU use


def cpu_seconds() -> tuple[float, float]:
    """Busy CPU seconds of the whole machine so far, and of this process and its children."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    busy = sum(fields) - fields[3] - fields[4]  # everything but idle and iowait
    t = os.times()
    return busy / os.sysconf("SC_CLK_TCK"), t.user + t.system + t.children_user + t.children_system


@dataclass
class Meter:
    """CPU used by other processes (not this one or its children) between start and stop."""

    start_wall: float = 0.0
    start_cpu: tuple[float, float] = (0.0, 0.0)

    def start(self) -> Meter:
        """Start measuring."""
        self.start_wall, self.start_cpu = time.perf_counter(), cpu_seconds()
        return self

    def others(self) -> float:
        """Average number of CPUs other processes kept busy since start."""
        busy, own = cpu_seconds()
        wall = max(time.perf_counter() - self.start_wall, 1e-6)
        return max(0.0, (busy - self.start_cpu[0]) - (own - self.start_cpu[1])) / wall


def wait_for_quiet(max_wait: float, threshold: float = 0.25, window: float = 5.0) -> float:
    """Wait (up to max_wait s) until other processes use under threshold CPUs; return their use."""
    deadline = time.perf_counter() + max_wait
    while True:
        meter = Meter().start()
        time.sleep(window)
        others = meter.others()
        if others < threshold or time.perf_counter() >= deadline:
            return others
        print(f"  waiting: other processes are using {others:.2f} CPUs")


# --------------------------------------------------------------------------------------------
# 1. Overhead per leaflet: generator vs bare WeasyPrint, same process


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

    from resourcepack import build, pdf
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


# --------------------------------------------------------------------------------------------
# 2. No-op rebuild vs cold build


def bench_noop(snapshot: Path, work: Path, repeats: int, report: Report) -> None:
    """Cold full build, then no-op rebuilds, of every bundled pack with `python generate.py -q`."""
    print("\n2. no-op rebuild vs cold build")
    root = fresh_copy(snapshot, work, "noop")
    cold = generate(root, ["-q"])
    runs = [generate(root, ["-q"], measure_rss=True) for _ in range(repeats)]
    noops = [b.seconds for b in runs]
    check = generate(root, [])
    counts = check.counts()
    noop, noop_cpu = median(noops), median(b.cpu for b in runs)
    lines = check.stdout.strip().splitlines()
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
        + f"\n\nA further no-op build says: `{lines[-1] if lines else ''}` "
        f"({check.packs_written()} packs written).\n\n"
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


# --------------------------------------------------------------------------------------------
# 3. One content file changed


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
            b = generate(root, ["build"])
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


# --------------------------------------------------------------------------------------------
# 4. --jobs 2 vs --jobs 1, cold


def bench_jobs(snapshot: Path, work: Path, leaflets: int, rounds: int, report: Report) -> None:
    """Cold builds of a corpus of at least `leaflets` leaflets with -j 1 and -j 2 (ABBA order)."""
    print("\n4. --jobs 2 vs --jobs 1, cold build")
    corpus = write_corpus(work / "jobs", partnerships_for(leaflets, snapshot), snapshot)
    times: dict[int, list[float]] = {1: [], 2: []}
    builds: dict[int, list[Build]] = {1: [], 2: []}
    order = [1, 2, 2, 1] * rounds
    for j in order[: 2 * rounds]:
        make_cold(corpus.root)
        b = generate(corpus.root, ["build", "-j", str(j)], measure_rss=True)
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


# --------------------------------------------------------------------------------------------
# 5. Scale


def bench_scale(snapshot: Path, work: Path, sizes: list[int], report: Report) -> None:
    """Cold -j 2 builds of corpora of about each size: wall, leaflets/s, peak RSS."""
    print("\n5. scale: cold -j 2 builds of generated corpora")
    rows, results = [], []
    for size in sizes:
        corpus = write_corpus(work / f"scale-{size}", partnerships_for(size, snapshot), snapshot)
        try:
            b = generate(corpus.root, ["build", "-j", "2"], measure_rss=True)
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


# --------------------------------------------------------------------------------------------
# Profile


def hotspots(root: Path, args: list[str]) -> dict[str, Any]:
    """Run bench/hotspots.py on a project in a fresh interpreter; return its JSON summary."""
    summary_file = root.parent / f".{root.name}.profile.json"
    cmd = [sys.executable, str(BENCH / "hotspots.py"), str(root), "--json", str(summary_file)]
    done = subprocess.run([*cmd, *args], env=clean_env(), capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"profile failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(summary_file.read_text())
    return result


def spot_table(spots: list[dict[str, Any]]) -> str:
    """A markdown table of profile spots: label, seconds, share of the total."""
    rows = [(x["label"], f"{x['seconds']:.3f}", f"{x['share']:.1%}") for x in spots]
    return md_table(("", "s", "share"), rows)


def bench_profile(snapshot: Path, work: Path, report: Report) -> None:
    """Profile a cold -j 1 build of the bundled packs; list stages and hot spots outside layout."""
    print("\nprofile: cold build of the bundled packs, -j 1, pyinstrument")
    root = fresh_copy(snapshot, work, "profile")
    s = hotspots(root, ["--text", str(BENCH / "profile.txt")])
    table = spot_table

    report.sections.append(
        "## Profile: cold build of the bundled packs, `-j 1`\n\n"
        f"pyinstrument, 1 ms sampling (`bench/hotspots.py`; call tree in `bench/profile.txt`). "
        f"Total {s['total_s']:.2f} s (sampling slows the run), of which WeasyPrint layout "
        f"{s['layout_s']:.2f} s.\n\n### By stage\n\n"
        + table(s["stages"])
        + "\n\n### Named parts\n\n"
        + table(s["parts"])
        + "\n\n### Most self time outside WeasyPrint layout\n\n"
        + table(s["self_outside_layout"])
    )
    stages = [x for x in s["stages"] if not x["label"].startswith("WeasyPrint layout")]
    for x in stages[:4]:
        report.add(Figure("profile", f"hot spot: {x['label']}", f"{x['seconds']:.2f} s"))


# --------------------------------------------------------------------------------------------
# Machine, run, output


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
    ).stdout.strip()
    return {
        "nproc": str(usable),
        "cpu": cpu,
        "python": platform.python_version(),
        "weasyprint": metadata.version("weasyprint"),
        "os": platform.platform(),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
    }


def load() -> str:
    """The 1-minute load average, to spot a busy machine."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def write_results(path: Path, report: Report, info: dict[str, str], meta: dict[str, str]) -> None:
    """Write the results file: date, machine, summary table, then each benchmark's detail."""
    lines = [
        "# Benchmark results",
        "",
        f"Run {meta['date']}, took {meta['duration']} "
        f"(`{' '.join(['python bench/run.py', meta['args']]).strip()}`).",
        "",
        md_table(("machine", ""), info.items()),
        "",
        f"Load average (1 min) at start {meta['load_start']}, at end {meta['load_end']}. "
        "The machine is shared: the CPU other processes used is measured from /proc/stat minus "
        "this run's own CPU time (each benchmark waits for them to go quiet first, up to "
        f"{meta['wait']} s).",
        "",
        md_table(
            ("benchmark", "took s", "others' CPUs before", "others' CPUs during"),
            report.machine_use,
        ),
        "",
        "## Summary",
        "",
        report.table(),
        "",
        *(s + "\n" for s in report.sections),
    ]
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


BENCHMARKS = ("overhead", "noop", "incremental", "jobs", "scale", "profile")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks chosen, print the summary table, write bench/results.md."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run only these")
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
    args = p.parse_args(argv)
    become_subreaper()
    chosen = args.only or BENCHMARKS
    rounds = args.rounds or (2 if args.quick else 5)
    sizes = args.sizes or ([24, 48] if args.quick else [100, 300, 600])
    repeats = 2 if args.quick else 3
    jobs_rounds = 1 if args.quick else 2
    started, load_start = time.perf_counter(), load()
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="resourcepack-bench-"))
    report = Report()
    try:
        snapshot = copy_project(REPO, work / "snapshot")
        print(f"snapshot of {REPO} in {snapshot}")
        steps: dict[str, Callable[[], None]] = {
            "overhead": lambda: bench_overhead(snapshot, work, rounds, report),
            "noop": lambda: bench_noop(snapshot, work, 5, report),
            "incremental": lambda: bench_incremental(snapshot, work, repeats, report),
            "jobs": lambda: bench_jobs(snapshot, work, 24, jobs_rounds, report),
            "scale": lambda: bench_scale(snapshot, work, sizes, report),
            "profile": lambda: bench_profile(snapshot, work, report),
        }
        for name in BENCHMARKS:
            if name not in chosen:
                continue
            before = wait_for_quiet(args.wait)
            meter, t0 = Meter().start(), time.perf_counter()
            try:
                steps[name]()
            except Exception as e:  # record it, go on with the next benchmark
                first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                print(f"  {name} FAILED: {first}")
                report.add(Figure(name, "FAILED", first.replace("|", "/"), "", False))
                report.sections.append(f"## {name}: failed\n\n```text\n{str(e)[-3000:]}\n```")
            others, took = meter.others(), time.perf_counter() - t0
            print(f"  ({name}: {took:.0f} s; other processes used {others:.2f} CPUs meanwhile)")
            report.machine_use.append((name, f"{took:.0f}", f"{before:.2f}", f"{others:.2f}"))
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
            "args": " ".join(argv if argv is not None else sys.argv[1:]),
            "load_start": load_start,
            "load_end": load(),
            "wait": f"{args.wait:.0f}",
        }
        write_results(args.out, report, info, meta)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
