"""Profile one build with pyinstrument and sum the time by stage, outside WeasyPrint layout.

    python bench/hotspots.py PROJECT [--jobs 1] [--noop] [--text OUT.txt] [--json OUT.json]

Runs PROJECT/generate.py -q build -j 1 in this process under pyinstrument (1 ms sampling),
after deleting PROJECT/.cache and PROJECT/output, so that every leaflet is rendered. Prints (and
writes with --json) the time of each stage of the build and the functions with the most self
time outside WeasyPrint's layout (layout_document and everything below it). --text writes
pyinstrument's own call tree.

With --noop, builds PROJECT once in a subprocess, unprofiled, then profiles a second build that
has nothing to do (a no-op rebuild, imports included), and lists the project's functions by
inclusive time.
"""

from __future__ import annotations

import argparse
import json
import runpy
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# (label, function name, path fragment): the first rule matching a frame, from the root down,
# takes the frame's whole time; frames below it are not looked at again.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("WeasyPrint layout (layout_document)", "layout_document", "/weasyprint/layout/__init__.py"),
    ("WeasyPrint CSS cascade", "get_all_computed_styles", "/weasyprint/css/"),
    ("WeasyPrint box tree", "build_formatting_structure", "/weasyprint/formatting_structure/"),
    ("WeasyPrint HTML parsing", "__init__", "/weasyprint/__init__.py"),
    ("WeasyPrint PDF writing (fonts, pydyf)", "write_pdf", "/weasyprint/document.py"),
    ("pack.pdf merge (pypdf)", "write_pack_pdf", "/resourcepack/assemble.py"),
    ("SHA-256 of written files", "sha256_of", "/resourcepack/assemble.py"),
    ("copying renders into packs", "copyfile", "/shutil.py"),
    ("Jinja2 HTML (render_html)", "render_html", "/resourcepack/render.py"),
    ("render keys (render_key)", "render_key", "/resourcepack/cache.py"),
    ("load and validate content", "load_project", "/resourcepack/build.py"),
    ("up-to-date checks", "up_to_date", "/resourcepack/build.py"),
    ("imports", "_find_and_load", "importlib._bootstrap"),
)
LAYOUT = STAGES[0][0]
# Parts of other stages worth naming on their own.
PARTS: tuple[tuple[str, str | None, str], ...] = (
    ("of layout: multi-column boxes (columns_layout)", "columns_layout", "/weasyprint/layout/"),
    ("of PDF writing: font parsing and subsetting (fontTools)", None, "/fontTools/"),
    ("of pack.pdf merge: reading PDFs (pypdf _flatten)", "_flatten", "/pypdf/"),
    ("WeasyPrint import", "<module>", "/weasyprint/__init__.py"),
)


@dataclass(frozen=True)
class Spot:
    """A stage or a function and its time in seconds."""

    label: str
    seconds: float
    share: float


def _matches(frame: Any, function: str | None, fragment: str) -> bool:
    """Whether a frame is function (any function when None) in a file whose path has fragment."""
    named = function is None or frame.function == function
    return bool(named and not frame.is_synthetic and fragment in (frame.file_path or ""))


def _walk_stages(frame: Any, totals: dict[str, float]) -> None:
    for label, function, fragment in STAGES:
        if _matches(frame, function, fragment):
            totals[label] += frame.time
            return
    for child in frame.children:
        _walk_stages(child, totals)


def _outermost(frame: Any, function: str | None, fragment: str) -> float:
    if _matches(frame, function, fragment):
        return float(frame.time)
    return sum(_outermost(c, function, fragment) for c in frame.children)


def _outside_layout(frame: Any) -> Iterator[Any]:
    """Every frame, skipping layout_document and what is below it."""
    if _matches(frame, "layout_document", "/weasyprint/layout/__init__.py"):
        return
    yield frame
    for child in frame.children:
        yield from _outside_layout(child)


def _name(frame: Any) -> str:
    """A frame's function name, with its class when it is a method."""
    return f"{frame.class_name + '.' if frame.class_name else ''}{frame.function}"


def _short(path: str | None) -> str:
    path = path or "?"
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.rsplit("/resourcepack/", 1)[-1] if "/resourcepack/" in path else path


def summarise(root: Any, top: int = 12) -> dict[str, Any]:
    """Stages, named parts and the top self-time functions outside layout, from a frame tree."""
    total = float(root.time)
    stages: dict[str, float] = defaultdict(float)
    _walk_stages(root, stages)
    stages["other"] = total - sum(stages.values())
    selfs: dict[str, float] = defaultdict(float)
    for frame in _outside_layout(root):
        if not frame.is_synthetic:
            selfs[f"{_name(frame)} ({_short(frame.file_path)})"] += frame.total_self_time

    def spots(items: dict[str, float]) -> list[dict[str, Any]]:
        ordered = sorted(items.items(), key=lambda kv: -kv[1])
        return [asdict(Spot(k, round(v, 3), round(v / total, 4))) for k, v in ordered]

    parts = {label: _outermost(root, f, frag) for label, f, frag in PARTS}
    return {
        "total_s": round(total, 3),
        "layout_s": round(stages[LAYOUT], 3),
        "stages": spots(dict(stages)),
        "parts": spots(parts),
        "self_outside_layout": spots(dict(selfs))[:top],
    }


def project_functions(root: Any, top: int = 15) -> dict[str, Any]:
    """The project's functions by inclusive time (outermost calls only), and import time."""
    total = float(root.time)
    times: dict[str, float] = defaultdict(float)

    def walk(frame: Any, open_calls: frozenset[str]) -> None:
        key = None
        if not frame.is_synthetic and "/resourcepack/" in (frame.file_path or ""):
            key = f"{_name(frame)} ({_short(frame.file_path)})"
            if key not in open_calls:
                times[key] += frame.time
        inner = open_calls | {key} if key else open_calls
        for child in frame.children:
            walk(child, inner)

    walk(root, frozenset())
    ordered = sorted(times.items(), key=lambda kv: -kv[1])[:top]
    imports = _outermost(root, "_find_and_load", "importlib._bootstrap")
    return {
        "total_s": round(total, 3),
        "imports_s": round(imports, 3),
        "functions": [asdict(Spot(k, round(v, 3), round(v / total, 4))) for k, v in ordered],
    }


def profile_build(project: Path, jobs: int = 1, noop: bool = False) -> Any:
    """Build every pack of project under pyinstrument (cold, or a no-op); return the profiler."""
    from pyinstrument import Profiler

    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "output", ignore_errors=True)
    script = project / "generate.py"
    if noop:
        cmd = [sys.executable, str(script), "-q", "build", "-j", str(jobs)]
        subprocess.run(cmd, cwd=project, check=True)
    sys.argv = [str(script), "-q", "build", "-j", str(jobs)]
    sys.path.insert(0, str(project))
    profiler = Profiler(interval=0.001)
    profiler.start()
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as e:
        if e.code:
            raise RuntimeError(f"build failed with status {e.code}") from e
    finally:
        profiler.stop()
    return profiler


def main(argv: list[str] | None = None) -> int:
    """Command line: profile, print the summary, write the files asked for."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("project", type=Path)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--noop", action="store_true", help="profile a no-op rebuild instead")
    p.add_argument("--text", type=Path, help="write pyinstrument's call tree here")
    p.add_argument("--json", type=Path, help="write the summary here as JSON")
    args = p.parse_args(argv)
    profiler = profile_build(args.project.resolve(), args.jobs, args.noop)
    root = profiler.last_session.root_frame()
    summary = project_functions(root) if args.noop else summarise(root)
    if args.text:
        args.text.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    if args.noop:
        print(f"total {summary['total_s']} s, of which imports {summary['imports_s']} s")
    else:
        print(f"total {summary['total_s']} s, of which WeasyPrint layout {summary['layout_s']} s")
    for key in ("stages", "parts", "self_outside_layout", "functions"):
        if key not in summary:
            continue
        print(f"\n{key}:")
        for spot in summary[key]:
            print(f"  {spot['seconds']:7.3f} s  {spot['share']:6.1%}  {spot['label']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
