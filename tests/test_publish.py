"""Crash-safe, serialized, reproducible builds: killed builds, concurrent builds, two checkouts."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, Run, copy_project
from resourcepack import assemble
from resourcepack.assemble import publish, recover

pytestmark = pytest.mark.slow  # kill, concurrency and two-checkout builds

Cli = Callable[..., Run]
PACK = "kill-test"
PACK_YAML = """\
id: kill-test
name: Kill test pack
event: {name: Test event, date: 2027-01-21, venue: Test hall}
partnership: coventry
leaflets:
  - {topic: internet-offending, audience: parents, format: a4, copies: COPIES}
"""
SUBTITLES = (
    "parents: Keeping your child safe from sexual abuse online",
    "parents: Keeping your children safe from sexual abuse online",
)
TRIALS = 20


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def consistent(folder: Path) -> bool:
    """True when the folder holds exactly the files its manifest lists (each PDF and its HTML
    edition), with their SHA-256."""
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {f["file"]: f["sha256"] for f in manifest["files"]}
    listed |= {
        f["file"].removesuffix(".pdf") + ".html": f["html_sha256"] for f in manifest["files"]
    }
    listed[manifest["pack_pdf"]["file"]] = manifest["pack_pdf"]["sha256"]
    files = snapshot(folder)
    marked = files.pop(assemble.MARKER, None) is not None  # the tool's own marker
    return marked and files.pop("manifest.json", None) is not None and files == listed


def set_variant(root: Path, variant: int) -> None:
    """Write one of two versions of the small pack: copies and one subtitle differ."""
    (root / "packs" / f"{PACK}.yaml").write_text(PACK_YAML.replace("COPIES", str(10 + variant)))
    topic = root / "content/topics/internet-offending.yaml"
    text = topic.read_text()
    topic.write_text(text.replace(SUBTITLES[1 - variant], SUBTITLES[variant]))


def build_command(root: Path, output: Path) -> list[str]:
    """The command line of a build of the small pack, as a user runs it, rendering afresh."""
    generate = [sys.executable, str(REPO / "generate.py"), "--project", str(root)]
    # On-screen files only: print files are made in the same staging folder and swapped in with
    # the rest, and leaving them out keeps the twenty trials quick.
    return [*generate, "build", PACK, "--force", "-j", "1", "--print-profile", "none"]


def build_env() -> dict[str, str]:
    """The environment of a build subprocess: fixed timestamps."""
    return {**os.environ, "SOURCE_DATE_EPOCH": "1795132800"}


def start_build(root: Path, output: Path) -> subprocess.Popen[str]:
    """Start a build of the small pack, as a user runs it, with its progress on a pipe."""
    return subprocess.Popen(
        [*build_command(root, output), "-o", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=build_env(),
    )


def wait_for_render(proc: subprocess.Popen[str]) -> None:
    """Read progress until the build starts rendering (content loaded, nothing written yet)."""
    assert proc.stderr is not None
    while (line := proc.stderr.readline()) and not line.startswith("rendering "):
        pass


def run_build(root: Path, output: Path) -> tuple[float, float]:
    """Build the small pack to completion; return when rendering started and when it ended."""
    start = time.monotonic()
    proc = start_build(root, output)
    wait_for_render(proc)
    rendering = time.monotonic() - start
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return rendering, time.monotonic() - start


def kill_after(root: Path, output: Path, after_render: bool, delay: float) -> int | None:
    """Start a build, SIGKILL it delay seconds after start (or after rendering began).

    Return the build's exit code if it ended before the kill.
    """
    proc = start_build(root, output)
    try:
        if after_render:
            wait_for_render(proc)
        time.sleep(delay)
        return proc.poll()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()


Timing = tuple[float, float]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]], Timing]:
    """A project with the small pack, each variant's complete build, and a build's timing."""
    root = copy_project(tmp_path_factory.mktemp("small"))
    builds, timing = [], (0.0, 0.0)
    for variant in (0, 1):
        set_variant(root, variant)
        timing = run_build(root, root / f"reference-{variant}")
        builds.append(snapshot(root / f"reference-{variant}" / PACK))
    assert builds[0] != builds[1]
    return root, builds, timing


def kill_moments(timing: Timing) -> list[tuple[bool, float]]:
    """TRIALS moments: while starting, while rendering, and most from 250 ms before the end of
    a build to 350 ms after (writing pack.pdf and the manifest, the swap, the clean-up, exit).

    Each is (counted from the start of rendering?, delay in seconds).
    """
    rendering, end = timing
    last = end - rendering
    early = [(False, rendering * (i + 0.5) / 3) for i in range(3)]
    during = [(True, last * 0.8 * i / 4) for i in range(4)]
    dense = TRIALS - len(early) - len(during)
    late = [(True, max(0.0, last - 0.25 + 0.6 * i / (dense - 1))) for i in range(dense)]
    return early + during + late


def test_killed_builds_leave_the_old_pack_or_the_new_never_a_mix(
    small: tuple[Path, list[dict[str, str]], Timing],
) -> None:
    root, builds, timing = small
    output = root / "output"
    set_variant(root, 0)
    run_build(root, output)
    outcomes = []
    for after_render, delay in kill_moments(timing):
        before = snapshot(output / PACK)
        now = builds.index(before)
        set_variant(root, 1 - now)
        ended = kill_after(root, output, after_render, delay)
        after = snapshot(output / PACK)
        assert after in (builds[0], builds[1]), f"killed at {delay:.2f} s: a mix"
        assert consistent(output / PACK)
        assert [p.name for p in output.iterdir() if not p.name.startswith(".")] == [PACK]
        outcome = "ended" if ended == 0 else "old" if after == before else "new"
        outcomes.append(f"{'render+' if after_render else ''}{delay:.2f}s:{outcome}")
    print(f"\nkill test, {len(outcomes)} trials:", " ".join(outcomes))
    run_build(root, output)
    assert [p.name for p in output.iterdir()] == [PACK]


def test_a_second_build_waits_for_the_first(
    small: tuple[Path, list[dict[str, str]], Timing], tmp_path: Path
) -> None:
    root, builds, _ = small
    output = tmp_path / "out"
    output.mkdir()
    fd = os.open(output, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    proc = subprocess.Popen(
        [*build_command(root, output), "-o", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=build_env(),
    )
    try:
        assert proc.stderr is not None
        waiting = proc.stderr.readline()
        while "waiting for another build" not in waiting and waiting:
            waiting = proc.stderr.readline()
        assert "waiting for another build" in waiting
        time.sleep(0.3)
        assert list(output.iterdir()) == []
    finally:
        os.close(fd)
    proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert snapshot(output / PACK) in builds


def test_two_builds_at_once_both_finish_and_agree(
    small: tuple[Path, list[dict[str, str]], Timing], tmp_path: Path
) -> None:
    root, builds, _ = small
    output = tmp_path / "out"
    procs = [
        subprocess.Popen(
            [*build_command(root, output), "-o", str(output)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=build_env(),
        )
        for _ in range(2)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert snapshot(output / PACK) in builds
    assert [p.name for p in output.iterdir()] == [PACK]


@pytest.mark.own_cache  # fresh renders, not the shared ones
def test_two_checkouts_build_byte_identical_packs(tmp_path: Path, cli: Cli) -> None:
    first = copy_project(tmp_path / "checkout-one")
    second = copy_project(tmp_path / "somewhere" / "else" / "checkout-two")
    for root in (first, second):
        assert cli(root, "build", "parents-evening").code == 0
    assert snapshot(first / "output") == snapshot(second / "output")


def test_recover_puts_back_a_pack_renamed_aside_and_removes_staging(tmp_path: Path) -> None:
    for name in (".a.old", "b", ".b.old", ".b.staging-123", ".c.old", ".c.staging-9"):
        (tmp_path / name).mkdir()
        if not name.startswith(".c."):  # the tool's own (marked); .c.* are someone else's
            (tmp_path / name / assemble.MARKER).write_text("pack\n")
    (tmp_path / ".a.old" / "x.pdf").write_text("old a")
    recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".c.old", ".c.staging-9", "a", "b"]
    assert (tmp_path / "a" / "x.pdf").read_text() == "old a"


@pytest.mark.parametrize("swap", [True, False])
def test_publish_replaces_the_pack_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: bool
) -> None:
    if not swap:
        monkeypatch.setattr(assemble, "exchange", lambda a, b: False)
    final, staging = tmp_path / "pack", tmp_path / ".pack.staging-1"
    for folder, text in ((final, "old"), (staging, "new")):
        folder.mkdir()
        (folder / "f.pdf").write_text(text)
        (folder / assemble.MARKER).write_text("pack\n")  # both made by the tool
    publish(staging, final)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]
    assert (final / "f.pdf").read_text() == "new"
