"""What the benchmarks share: project copies, builds timed in a subprocess (with their peak RSS
and CPU time), the machine's other load, the results table and bench/results.md, and the
options every benchmark module is given (bench/run.py parses them, for one module or all).

Builds are asked for their JSON report (`generate.py build --report json`), never their summary.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
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
COUNTS = ("leaflets", "pages", "rendered", "reused")  # totals of a build's JSON report
JSON = ("--report", "json")  # what `generate.py build` is given, to report in JSON


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

    @property
    def report(self) -> dict[str, Any]:
        """The build's JSON report (`build --report json`), or {} if it printed none."""
        text = self.stdout.strip()
        found: dict[str, Any] = json.loads(text) if text.startswith("{") else {}
        return found

    def counts(self) -> dict[str, int]:
        """Packs, leaflets, pages, rendered and reused, from the build's JSON report."""
        r = self.report
        if not r:
            return {}
        return {"packs": len(r["packs"]), **{k: r[k] for k in COUNTS}}

    def rendered_names(self) -> list[str]:
        """The renders the build did, by name, from its JSON report."""
        return list(self.report.get("renders", []))

    def packs_written(self) -> int:
        """How many pack folders the build wrote (not left up to date), from its JSON report."""
        return sum(1 for p in self.report.get("packs", []) if p["changed"])


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


def children_cpu() -> float:
    """CPU seconds of every finished process this one has waited for (or adopted and reaped)."""
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def load_packs_yaml(project: Path) -> list[dict[str, Any]]:
    """The bundled packs as plain YAML data."""
    return [
        yaml.safe_load(p.read_text("utf-8")) for p in sorted((project / "packs").glob("*.yaml"))
    ]


def median(values: Iterable[float]) -> float:
    """The median of some numbers."""
    return statistics.median(list(values))


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
# Profiles (bench/hotspots.py)


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
    commit = short_commit(REPO)
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


def short_commit(root: Path) -> str:
    """The short hash of the commit checked out in root."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    )
    return done.stdout.strip()


def load() -> str:
    """The 1-minute load average, to spot a busy machine."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def write_results(path: Path, report: Report, info: dict[str, str], meta: dict[str, str]) -> None:
    """Write the results file: date, machine, summary table, then each benchmark's detail."""
    lines = [
        "# Benchmark results",
        "",
        f"Run {meta['date']}, took {meta['duration']} "
        f"(`{' '.join([meta['command'], meta['args']]).strip()}`).",
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


def utc_now() -> str:
    """The time now, as the appended results sections give it."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def append_results(path: Path, section: str) -> None:
    """Append a section to a results file (the separate scripts' way; run.py rewrites it)."""
    with path.open("a", encoding="utf-8") as f:
        f.write(section)


# --------------------------------------------------------------------------------------------
# What each benchmark is given


@dataclass(frozen=True)
class Options:
    """What the command line asks of the benchmarks (each takes what it needs)."""

    rounds: int  # overhead rounds
    sizes: list[int]  # scale corpus sizes
    repeats: int  # incremental edits of each kind
    jobs_rounds: int  # jobs: ABBA rounds


Bench = Callable[[Path, Path, Options, Report], None]
