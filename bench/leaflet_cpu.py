"""CPU time to render each leaflet of a project's packs, as a build renders it, in one process.

    python bench/leaflet_cpu.py PROJECT ROUNDS OUT.json PACK [PACK ...]
    python bench/leaflet_cpu.py --serve PROJECT PACK [PACK ...]

Runs the code of PROJECT (its resourcepack/ first on sys.path), so it measures any commit whose
`build` module has load_project, pin_time, plan and render_into_cache. Each leaflet is rendered
as a build renders it: every job `plan` makes for it (an older commit makes two, on screen and
for print; a newer one, one) into a render cache. One warm-up render of every leaflet first (it
also records the notes pages each booklet needs, as a build's cache does), then ROUNDS timed
renders of each. Writes {leaflet: [CPU seconds, ...]}, leaflets named without the partnership.

With --serve, after the warm-up it prints the leaflets' names as one JSON line, then reads a
leaflet's name a line, renders it once and prints the CPU seconds it took, and after them those
of WeasyPrint's own calls in it (parsing the HTML, laying it out, writing the PDF, the
project's hooks inside those calls included: what no change to the code around them can save): a
caller can run two
commits' servers side by side and measure them alternately, leaflet by leaflet
(bench/render_cost.py), so that a machine whose speed drifts slows both alike.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def build_api() -> Any:
    """The functions a build renders with, by build's old names: in build.py until 2026-12-02,
    since then in project, clock, planning and renderfile (each commit measured has one)."""
    from types import SimpleNamespace

    from resourcepack import build

    try:
        from resourcepack import clock, planning, project, renderfile
    except ImportError:
        return build
    return SimpleNamespace(
        load_project=project.load_project,
        pin_time=clock.pin_time,
        plan=planning.plan,
        render_file=renderfile.render_file,
        render_into_cache=renderfile.render_into_cache,
    )


def leaflet_jobs(build: Any, root: Path, packs: list[str]) -> dict[str, list[Any]]:
    """Every render job of the packs, by leaflet file name (without the partnership)."""
    project = build.load_project(root)
    created = build.pin_time(project.catalog)
    groups: dict[str, dict[str, Any]] = {}
    for pack in packs:
        for job in build.plan(project, project.packs[pack], created)[1]:
            owner = getattr(job.leaflet, "partnership_id", "")  # older commits: no prefix
            name = job.leaflet.filename.removeprefix(f"{owner}.")
            groups.setdefault(name, {})[job.key] = job
    return {name: list(jobs.values()) for name, jobs in sorted(groups.items())}


def render_once(build: Any, root: Path, jobs: list[Any], folder: Path) -> float:
    """Render one leaflet's jobs into the cache folder; return the CPU seconds it took."""
    start = time.process_time()
    for job in jobs:
        build.render_into_cache(root, job, folder)
    return time.process_time() - start


ENGINE = [0.0]  # CPU seconds spent in WeasyPrint's timed calls since the last reset


def time_the_engine() -> None:
    """Add the CPU time of WeasyPrint's HTML parsing, layout and PDF writing to ENGINE."""
    import weasyprint
    from weasyprint.document import Document

    def timed(cls: Any, name: str) -> None:
        original = getattr(cls, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                ENGINE[0] += time.process_time() - start

        setattr(cls, name, call)

    timed(weasyprint.HTML, "__init__")
    timed(weasyprint.HTML, "render")
    timed(Document, "write_pdf")


def serve(root: Path, packs: list[str]) -> int:
    """Warm up, print the leaflets' names, then render each leaflet named on stdin once."""
    sys.path.insert(0, str(root))
    build = build_api()
    groups = leaflet_jobs(build, root, packs)
    with tempfile.TemporaryDirectory(prefix="leaflet-cpu-") as folder:
        for jobs in groups.values():
            render_once(build, root, jobs, Path(folder))
        print(json.dumps(sorted(groups)), flush=True)
        time_the_engine()
        for line in sys.stdin:
            ENGINE[0] = 0.0
            cpu = render_once(build, root, groups[line.strip()], Path(folder))
            print(cpu, ENGINE[0], flush=True)
    return 0


def main() -> int:
    """Measure and write the JSON (or, with --serve, measure on request)."""
    if sys.argv[1] == "--serve":
        return serve(Path(sys.argv[2]), sys.argv[3:])
    root, rounds, out, packs = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:]
    sys.path.insert(0, str(root))
    build = build_api()

    groups = leaflet_jobs(build, root, packs)
    cpu: dict[str, list[float]] = {name: [] for name in groups}
    with tempfile.TemporaryDirectory(prefix="leaflet-cpu-") as folder:
        for jobs in groups.values():
            render_once(build, root, jobs, Path(folder))
        for _ in range(rounds):
            for name, jobs in groups.items():
                cpu[name].append(render_once(build, root, jobs, Path(folder)))
    out.write_text(json.dumps(cpu, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
