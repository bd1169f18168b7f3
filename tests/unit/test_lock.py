"""lock: one build at a time per output folder, and what a killed build left is tidied."""

from __future__ import annotations

import threading
from pathlib import Path

from resourcepack.assemble import MARKER
from resourcepack.lock import locked_output


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    output = tmp_path / "output"
    said: list[str] = []
    order: list[str] = []
    with locked_output(output, said.append):
        waiter = threading.Thread(target=lambda: _second(output, said, order))
        waiter.start()
        waiter.join(0.5)
        assert waiter.is_alive()  # still waiting
        order.append("first done")
    waiter.join(5)
    assert order == ["first done", "second ran"]
    assert said == [f"waiting for another build of {output} to finish"]


def _second(output: Path, said: list[str], order: list[str]) -> None:
    with locked_output(output, said.append):
        order.append("second ran")


def test_taking_the_lock_removes_a_killed_builds_staging_folder(tmp_path: Path) -> None:
    output = tmp_path / "output"
    staging = output / ".evening.staging-x"
    staging.mkdir(parents=True)
    (staging / MARKER).write_text("evening\n")
    users = output / ".notes.staging-y"  # not ours: no marker
    users.mkdir()
    with locked_output(output, print):
        pass
    assert not staging.exists()
    assert users.exists()
