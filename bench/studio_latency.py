"""The studio's edit loop: from saving a changed sentence to the refreshed preview of an A4 leaflet.

    python bench/studio_latency.py [ROUNDS]     (default 10; needs Debian's chromium)

Starts `generate.py serve` on a copy of the project (its own render cache, warmed first), opens
the parents' A4 leaflet page in Chromium (Playwright), then, ROUNDS times, saves the topic file
with one sentence changed and times until the new sentence shows in the page (the preview's text
pane, after its pages). Then times the parts in this process, as the server runs them: the file
watcher, loading and checking the project, composing and checking the leaflet, the render (PDF,
print layout and HTML edition) and the 8 page images. Appends its figures to bench/results.md.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BENCH, REPO, append_results, utc_now
from playwright.sync_api import expect, sync_playwright

PARTS = ("resourcepack", "content", "templates", "packs", "fonts", "generate.py")
TOPIC = "content/topics/internet-offending.yaml"
SENTENCE = "The internet is a big part of your child's life, and most of it is good."
LEAFLET = "coventry.internet-offending.parents.standard.en.a4"
TARGET_S = 1.5
LOADED = """() => Array.from(document.querySelectorAll('.pages img'))
                  .every(i => i.complete && i.naturalWidth > 0)"""


def snapshot(into: Path) -> Path:
    """A copy of the project to edit."""
    for part in PARTS:
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, into / part)
    return into


def free_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def edit(root: Path, old: str, new: str) -> None:
    """Save the topic with one sentence changed."""
    path = root / TOPIC
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def end_to_end(root: Path, rounds: int) -> list[float]:
    """Seconds from each save to the new sentence in the open leaflet page."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "RESOURCEPACK_RENDER_CACHE"}
    command = [sys.executable, "generate.py", "serve", "--port", str(port)]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, text=True)
    assert server.stdout and server.stdout.readline().startswith("studio:")
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(120_000)
            page.goto(f"http://127.0.0.1:{port}/leaflet/{LEAFLET}")
            text = page.frame_locator("iframe.text")
            expect(text.get_by_text(SENTENCE)).to_be_visible()
            before = SENTENCE
            for n in range(rounds):
                after = SENTENCE.replace("good.", f"good (edit {n}).")
                time.sleep(1.0)  # a pause between saves, as a person makes
                start = time.perf_counter()
                edit(root, before, after)
                expect(text.get_by_text(after)).to_be_visible(timeout=60_000)
                page.wait_for_function(LOADED)
                times.append(time.perf_counter() - start)
                before = after
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    return times


def parts(root: Path, rounds: int) -> dict[str, float]:
    """Median seconds of each part of a refresh, timed in this process as the server runs them."""
    sys.path.insert(0, str(root))
    os.chdir(root)
    from resourcepack.workbench import Workbench, page_png

    bench = Workbench(root)
    entry = bench.entry(LEAFLET)
    bench.preview(entry)
    found: dict[str, list[float]] = {}
    for n in range(rounds):
        edit(root, SENTENCE if n == 0 else f"(part {n - 1})", f"(part {n})" if n else "(part 0)")
        found.setdefault("file watcher (change to event)", []).append(watcher_delay(root))
        bench.changed()
        t0 = time.perf_counter()
        bench.project()
        t1 = time.perf_counter()
        entry = bench.entry(LEAFLET)
        made = bench.preview(entry)
        t2 = time.perf_counter()
        for page in range(made.pages):
            page_png(made.pdf, page, 420)
        t3 = time.perf_counter()
        found.setdefault("load and check the project", []).append(t1 - t0)
        found.setdefault("compose, check and render the leaflet", []).append(t2 - t1)
        found.setdefault("8 page images (PNG, 420 px)", []).append(t3 - t2)
    return {k: statistics.median(v) for k, v in found.items()}


def watcher_delay(root: Path) -> float:
    """Seconds from touching the topic file to watchfiles' event, with the studio's settings."""
    import watchfiles

    async def run() -> float:
        stop = asyncio.Event()
        start = 0.0

        async def touch() -> None:
            nonlocal start
            await asyncio.sleep(0.3)
            start = time.perf_counter()
            (root / TOPIC).write_text((root / TOPIC).read_text())

        task = asyncio.create_task(touch())
        async for _ in watchfiles.awatch(root / "content", stop_event=stop, debounce=400, step=30):
            break
        await task
        return time.perf_counter() - start

    return asyncio.run(run())


def main() -> int:
    """Measure, print and record."""
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        root = snapshot(Path(tmp))
        loop = end_to_end(root, rounds)
        shutil.copytree(REPO / "content", root / "content", dirs_exist_ok=True)
        split = parts(root, rounds)
    median = statistics.median(loop)
    met = "met" if median <= TARGET_S else "NOT met"
    stamp = utc_now()
    lines = [
        f"## Studio edit loop (`python bench/studio_latency.py {rounds}`, {stamp}, "
        f"{os.cpu_count()} CPUs)",
        "",
        f"Save a changed sentence to the refreshed preview of the parents' A4 (8 pages), in "
        f"Chromium: median **{median:.2f} s** over {rounds} saves (min {min(loop):.2f}, max "
        f"{max(loop):.2f}); target ≤ {TARGET_S} s: {met}.",
        "",
        "| part (median, timed apart in one process) | seconds |",
        "|---|---|",
        *(f"| {k} | {v:.3f} |" for k, v in split.items()),
        "",
        "The rest is the browser: the event reaching the page, fetching the preview fragment, "
        "and loading its 8 page images and the HTML edition.",
        "",
    ]
    print("\n".join(lines))
    append_results(BENCH / "results.md", "\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
