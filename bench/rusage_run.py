"""Run a Python script as __main__ in this process, then record its peak memory.

    python bench/rusage_run.py OUT.json SCRIPT [ARG ...]

Writes OUT.json with the script's exit status, this process's peak RSS and the peak RSS of the
largest child process it waited for (the render workers), both in MiB, and the CPU seconds
(user + system) of each, from resource.getrusage (RUSAGE_SELF and RUSAGE_CHILDREN; ru_maxrss is
in KiB on Linux).
"""

from __future__ import annotations

import json
import resource
import runpy
import sys
from pathlib import Path


def usage() -> dict[str, float]:
    """Peak RSS (MiB) of this process and of its largest waited-for child; CPU seconds of each."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "parent_mib": own.ru_maxrss / 1024,
        "children_mib": children.ru_maxrss / 1024,
        "parent_cpu_s": own.ru_utime + own.ru_stime,
        "children_cpu_s": children.ru_utime + children.ru_stime,
    }


def run_script(script: Path, args: list[str]) -> int:
    """Run script as __main__ with args; return its exit status."""
    sys.argv = [str(script), *args]
    sys.path.insert(0, str(script.resolve().parent))
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return 0


def main() -> int:
    """Run the script named on the command line and write the JSON record."""
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, script, args = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
    status = run_script(script, args)
    out.write_text(json.dumps({"status": status, **usage()}), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
