"""Profile: one cold `-j 1` build of the bundled packs under pyinstrument (bench/hotspots.py):
time by stage, named parts, the functions with the most self time outside WeasyPrint layout;
pyinstrument's call tree in bench/profile.txt. Needs `pip install pyinstrument`.

    python bench/profile_build.py

(Not bench/profile.py: that would hide the standard library's `profile` module.)
"""

from __future__ import annotations

import sys
from pathlib import Path

from common import BENCH, Figure, Options, Report, fresh_copy, hotspots, spot_table


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


def bench(snapshot: Path, work: Path, opts: Options, report: Report) -> None:
    """The profile (no options)."""
    bench_profile(snapshot, work, report)


if __name__ == "__main__":
    from run import main

    sys.exit(main({"profile": bench}, __doc__))
