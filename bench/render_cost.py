"""Render cost, measured side by side against a base commit (clean clones of both, interleaved).

    python bench/render_cost.py                    base ca03adc; 3 rounds; national N = 50, 150
    python bench/render_cost.py --quick            1 round; national N = 10, 30 (a smoke run)

Both sides are clean `git clone`s made by this run: the base commit and HEAD (commit first: the
working tree is not measured). Every build runs in a subprocess with the side's own code.

1. cold: `generate.py -q build -j 2 <the base's packs>` from an empty render cache and output,
   base and head alternately, ROUNDS times each: the CPU seconds of the build and of every process
   it started (this process is their subreaper, so RUSAGE_CHILDREN counts the render workers),
   and wall time. Figure: median head CPU / median base CPU (target <= 0.40).
2. leaflets: bench/leaflet_cpu.py --serve, one warm process per side, side by side: each leaflet
   of those packs rendered as a build renders it (on screen and for print) by one side, then by
   the other (which goes first alternates), leaflet by leaflet, ROUNDS times: a machine whose
   speed drifts slows both sides alike. Figure per format: the sum of its leaflets' medians,
   head / base (target <= 0.40). Beside it, the head's engine floor: the CPU of WeasyPrint's own
   calls in the head's renders (parsing, layout, writing the PDF), over the base's whole render.
3. national: N partnerships x parents, carers, professionals x A4 x English, with print files,
   built cold with `build -j 2`: leaflets per second, CPU, peak RSS of the build and its largest
   worker. Head: fictional Benchton partnerships (bench/corpus.py, printable: drama numbers
   marked as such), for each N; base: copies of its coventry.yaml under other ids (it cannot
   scaffold fictional ones), for the largest N. The largest N is built by the two sides
   alternately, --national-rounds times each (base, head, head, base: a drift of the machine's
   speed over the minutes each build takes slows both alike). Figures: the median head rate /
   the median base rate at the largest N (target >= 2.5); head's peak RSS growth from the
   smallest N to the largest (target flat, <= 1.10x).

Results are appended to bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from common import (
    BENCH,
    REPO,
    Build,
    append_results,
    become_subreaper,
    children_cpu,
    clean_env,
    generate,
    make_cold,
    reap_orphans,
    utc_now,
)
from corpus import NATIONAL_AUDIENCES, copy_project, national_pack, write_national


@dataclass(frozen=True)
class Side:
    """One side of the comparison: a name, a commit, and its clean clone."""

    name: str
    commit: str
    root: Path


def clone(work: Path, name: str, commit: str) -> Side:
    """A clean clone of the repository at commit."""
    root = work / name
    subprocess.run(["git", "clone", "-q", str(REPO), str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", commit], check=True)
    sha = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return Side(name, sha, root)


def cold_build(root: Path, packs: list[str]) -> tuple[float, float]:
    """Build the packs from an empty cache and output; return (CPU seconds, wall seconds)."""
    make_cold(root)
    before, start = children_cpu(), time.perf_counter()
    cmd = [sys.executable, str(root / "generate.py"), "-q", "build", "-j", "2", *packs]
    subprocess.run(cmd, cwd=root, env=clean_env(), check=True, capture_output=True)
    wall = time.perf_counter() - start
    reap_orphans()
    return children_cpu() - before, wall


Timing = tuple[float, float]  # a render's CPU seconds, and those of WeasyPrint's calls in it
NationalRun = tuple[str, int, int, Build]  # side, partnerships, leaflets, the build


def leaflet_cpu(
    sides: tuple[Side, Side], packs: list[str], rounds: int
) -> dict[str, dict[str, list[Timing]]]:
    """CPU seconds of each leaflet's renders (and of WeasyPrint's calls in them), by side: both
    sides' warm processes (bench/leaflet_cpu.py --serve) render each leaflet in turn, leaflet
    by leaflet, rounds times."""
    servers: dict[str, subprocess.Popen[str]] = {}
    names: list[set[str]] = []
    try:
        for s in sides:
            cmd = [sys.executable, str(BENCH / "leaflet_cpu.py"), "--serve", str(s.root), *packs]
            pipe = subprocess.PIPE
            servers[s.name] = subprocess.Popen(
                cmd, cwd=s.root, env=clean_env(), stdin=pipe, stdout=pipe, text=True
            )
            names.append(set(json.loads(_answer(servers[s.name]))))
        common = sorted(set.intersection(*names))
        per: dict[str, dict[str, list[Timing]]] = {s.name: {n: [] for n in common} for s in sides}
        for r in range(rounds):
            for i, name in enumerate(common):
                for s in sides if (r + i) % 2 == 0 else sides[::-1]:
                    server = servers[s.name]
                    assert server.stdin is not None
                    server.stdin.write(name + "\n")
                    server.stdin.flush()
                    cpu, engine = _answer(server).split()
                    per[s.name][name].append((float(cpu), float(engine)))
            totals = {s.name: sum(v[-1][0] for v in per[s.name].values()) for s in sides}
            print(f"leaflets round {r + 1}: {totals}", flush=True)
        return per
    finally:
        for server in servers.values():
            if server.stdin is not None:
                server.stdin.close()
            server.wait()


def _answer(server: subprocess.Popen[str]) -> str:
    """A leaflet server's next line (an error if it stopped)."""
    assert server.stdout is not None
    line = server.stdout.readline()
    if not line:
        raise RuntimeError(f"the leaflet server stopped (exit {server.wait()})")
    return line


def pack_ids(root: Path) -> list[str]:
    """The ids of a project's bundled packs."""
    return sorted(p.stem for p in (root / "packs").glob("*.yaml"))


def write_head_corpus(side: Side, root: Path, n: int) -> int:
    """Head's national corpus: n fictional Benchton partnerships; return its leaflets."""
    return write_national(side.root, root, n, printable=True)


def write_base_corpus(side: Side, root: Path, n: int) -> int:
    """The base's national corpus: n copies of its coventry.yaml under other ids."""
    copy_project(side.root, root, with_packs=False)
    folder = root / "content" / "partnerships"
    text = (folder / "coventry.yaml").read_text(encoding="utf-8")
    for number in range(1, n + 1):
        ident = f"bench-{number:03d}"
        copy = text.replace("id: coventry\n", f"id: {ident}\n", 1)
        (folder / f"{ident}.yaml").write_text(copy, encoding="utf-8")
        pack = yaml.safe_dump(national_pack(ident))
        (root / "packs" / f"{ident}.yaml").write_text(pack, encoding="utf-8")
    return n * len(NATIONAL_AUDIENCES)


def national(side: Side, work: Path, n: int, head: bool) -> tuple[int, Build]:
    """Build a national corpus of n partnerships cold, with print files."""
    root = work / f"national-{side.name}-{n}"
    write = write_head_corpus if head else write_base_corpus
    leaflets = write(side, root, n)
    build = generate(root, ["-q", "build", "-j", "2"], measure_rss=True)
    built = len(list((root / "output").glob("bench-*/*.pdf"))) - n  # less each pack.pdf
    assert built == leaflets, (built, leaflets)
    shutil.rmtree(root, ignore_errors=True)
    return leaflets, build


def national_runs(
    sides: tuple[Side, Side], work: Path, sizes: list[int], rounds: int
) -> list[NationalRun]:
    """The national builds: the largest N by base and head alternately, rounds times each,
    then the head's at each smaller N."""
    runs: list[NationalRun] = []
    for r in range(rounds):
        for s in sides if r % 2 == 0 else sides[::-1]:
            leaflets, built = national(s, work, sizes[-1], head=s.name == "head")
            runs.append((s.name, sizes[-1], leaflets, built))
            print(f"national {s.name} {sizes[-1]}: {built.seconds:.1f} s", flush=True)
    for n in sizes[:-1]:
        leaflets, built = national(sides[1], work, n, head=True)
        runs.append(("head", n, leaflets, built))
        print(f"national head {n}: {built.seconds:.1f} s", flush=True)
    return runs


def ratio_row(what: str, head: float, base: float, target: str, ok: bool) -> str:
    """A table row: a measure, both sides' figures, their ratio, the target, met or not."""
    met = "yes" if ok else "**no**"
    return f"| {what} | {head:.2f} | {base:.2f} | {head / base:.2f}x | {target} | {met} |"


def format_of(name: str) -> str:
    """A leaflet file name's format: 'parents.en.a4.pdf' -> 'a4'."""
    return name.removesuffix(".pdf").rsplit(".", 1)[-1]


def median_cpu(timings: list[Timing], engine: bool = False) -> float:
    """The median of a leaflet's render CPU (or of WeasyPrint's share of it)."""
    return statistics.median(t[1] if engine else t[0] for t in timings)


def format_rows(per: dict[str, dict[str, list[Timing]]], common: list[str]) -> list[str]:
    """Per format: the head's render CPU against the base's, then the head's engine floor."""
    formats = sorted({format_of(n) for n in common})
    rows = []
    for engine in (False, True):
        for fmt in formats:
            names = [n for n in common if format_of(n) == fmt]
            head = sum(median_cpu(per["head"][n], engine) for n in names) / len(names)
            base = sum(median_cpu(per["base"][n]) for n in names) / len(names)
            if engine:
                what = f"the head's engine floor per leaflet (WeasyPrint's calls only), {fmt}"
                rows.append(ratio_row(what, head, base, "", True))
            else:
                what = f"render CPU s per leaflet, {fmt} ({len(names)} leaflets)"
                rows.append(ratio_row(what, head, base, "≤ 0.40x", head <= 0.4 * base))
    return rows


def leaflet_rows(per: dict[str, dict[str, list[Timing]]], common: list[str]) -> list[str]:
    """One row a leaflet: each side's median render CPU, and WeasyPrint's share of the head's."""
    rows = [
        "| leaflet | head CPU s (median) | of which WeasyPrint | base CPU s (median) "
        "| head / base |",
        "|---|---|---|---|---|",
    ]
    for n in common:
        head, base = median_cpu(per["head"][n]), median_cpu(per["base"][n])
        engine = median_cpu(per["head"][n], engine=True)
        rows.append(f"| {n} | {head:.3f} | {engine:.3f} | {base:.3f} | {head / base:.2f}x |")
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the three comparisons and append the results."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base", default="ca03adc")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--sizes", type=int, nargs="+", default=[50, 150])
    p.add_argument("--national-rounds", type=int, default=2)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--results", type=Path, default=BENCH / "results.md")
    args = p.parse_args(argv)
    if args.quick:
        args.rounds, args.sizes, args.national_rounds = 1, [10, 30], 1
    become_subreaper()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="render-cost-") as tmp:
        work = Path(tmp)
        base, head = clone(work, "base", args.base), clone(work, "head", "HEAD")
        sides = (base, head)
        packs = pack_ids(base.root)
        print(f"base {base.commit}, head {head.commit}; packs {', '.join(packs)}", flush=True)

        cold: dict[str, list[tuple[float, float]]] = {s.name: [] for s in sides}
        for r in range(args.rounds):
            for s in sides if r % 2 == 0 else sides[::-1]:
                cold[s.name].append(cold_build(s.root, packs))
                print(f"cold {s.name} round {r + 1}: {cold[s.name][-1]}", flush=True)
        per = leaflet_cpu(sides, packs, args.rounds)

        sizes = sorted(args.sizes)
        runs = national_runs(sides, work, sizes, args.national_rounds)

    section = report(base, head, packs, cold, per, sizes, runs, args.rounds)
    took = (time.perf_counter() - started) / 60
    section += f"\nThe run took {took:.1f} minutes.\n"
    print(section)
    append_results(args.results, section)
    return 0


def national_rows(runs: list[NationalRun], sizes: list[int]) -> list[str]:
    """The national rate (median of each side's runs at the largest N) and the head's growth."""
    big = sizes[-1]
    rate = {
        side: statistics.median(n / b.seconds for s, size, n, b in runs if (s, size) == (side, big))
        for side in ("head", "base")
    }
    leaflets = next(n for s, size, n, _ in runs if (s, size) == ("head", big))
    what = f"national corpus, {big} partnerships ({leaflets} leaflets), leaflets/s at -j 2"
    rows = [
        ratio_row(what, rate["head"], rate["base"], "≥ 2.5x", rate["head"] >= 2.5 * rate["base"])
    ]
    small = next(b for s, size, _, b in runs if (s, size) == ("head", sizes[0]))
    bigs = [b for s, size, _, b in runs if (s, size) == ("head", big)]
    for label, grow in (
        ("parent", max(b.parent_mib or 0 for b in bigs) / (small.parent_mib or 1)),
        ("largest worker", max(b.children_mib or 0 for b in bigs) / (small.children_mib or 1)),
    ):
        rows.append(
            f"| head peak RSS growth, {label}, {sizes[0]} → {big} partnerships | {grow:.2f}x "
            f"| | | flat (≤ 1.10x) | {'yes' if grow <= 1.10 else '**no**'} |"
        )
    return rows


def report(
    base: Side,
    head: Side,
    packs: list[str],
    cold: dict[str, list[tuple[float, float]]],
    per: dict[str, dict[str, list[Timing]]],
    sizes: list[int],
    runs: list[NationalRun],
    rounds: int,
) -> str:
    """The results as a Markdown section."""
    med = statistics.median
    rows = ["| measure | head | base | head / base | target | met |", "|---|---|---|---|---|---|"]
    hc, bc = (med(c for c, _ in cold[s]) for s in ("head", "base"))
    hw, bw = (med(w for _, w in cold[s]) for s in ("head", "base"))
    rows.append(
        ratio_row("cold build of the bundled packs, CPU s", hc, bc, "≤ 0.40x", hc <= 0.4 * bc)
    )
    rows.append(ratio_row("cold build of the bundled packs, wall s (-j 2)", hw, bw, "", True))
    common = sorted(set(per["head"]) & set(per["base"]))
    rows += format_rows(per, common)
    rows += national_rows(runs, sizes)
    nat = [
        "| side | partnerships | leaflets | wall s | leaflets/s | CPU s | parent MiB "
        "| worker MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, size, leaflets, built in runs:
        nat.append(
            f"| {name} | {size} | {leaflets} | {built.seconds:.1f} "
            f"| {leaflets / built.seconds:.2f} | {built.cpu:.0f} | {built.parent_mib or 0:.0f} "
            f"| {built.children_mib or 0:.0f} |"
        )
    leaf = leaflet_rows(per, common)
    return (
        f"\n## Render cost against {base.commit} (`python bench/render_cost.py`, {utc_now()}, "
        f"{os.cpu_count()} CPUs)\n\n"
        f"Head {head.commit} and base {base.commit}, each a clean clone, measured alternately "
        f"({rounds} rounds). Cold builds: packs {', '.join(packs)}, `build -j 2`, CPU of the "
        "build and all its processes. Per leaflet: each leaflet rendered as a build renders "
        "it (on screen and its print layout), CPU in one warm process a side, the two sides "
        "rendering each leaflet in turn, leaflet by leaflet; median of the rounds, "
        "averaged over the leaflets of each format. The engine floor: the CPU of the head's "
        "calls to WeasyPrint alone (HTML parsing, layout, PDF writing) in the same renders, "
        "over the base's whole render. National corpus: `build -j 2` cold, with print "
        "files; the largest by the two sides alternately, the rate the median of each side's "
        "runs.\n\n" + "\n".join(rows) + "\n\n" + "\n".join(nat) + "\n\n" + "\n".join(leaf) + "\n"
    )


if __name__ == "__main__":
    sys.exit(main())
