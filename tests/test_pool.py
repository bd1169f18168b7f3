"""The worker pool: every call runs, workers are recycled, failures surface, and no deadlock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from resourcepack.pool import Call, run_calls

ROOT = Path(__file__).resolve().parents[1]


def test_in_process_runs_follow_up_calls_first() -> None:
    seen: list[str] = []

    def then(call: Call, result: object) -> list[Call]:
        seen.append(str(result))
        return [Call(str, (f"{result}-next",))] if len(str(result)) == 1 else []

    run_calls([Call(str, ("a",)), Call(str, ("b",))], 1, then)
    assert seen == ["a", "a-next", "b", "b-next"]


def test_in_process_failure_propagates() -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        run_calls([Call(int, ("x",))], 1, lambda call, result: [])


POOLED = textwrap.dedent(
    """
    import os
    from resourcepack.pool import Call, run_calls

    results = []

    def then(call, result):
        results.append(result)
        return [Call(os.getpid, ())] if call.label == "first" else []

    calls = [Call(os.getpid, (), "first" if n < 6 else "") for n in range(12)]
    run_calls(calls, 2, then, per_worker=2)
    print(len(results), len(set(results)))
    """
)


@pytest.mark.slow  # a whole build (or worker processes)
def test_pool_recycles_workers_without_deadlock() -> None:
    """18 calls, 2 workers, 2 calls each per pool: ProcessPoolExecutor(max_tasks_per_child=2)
    hangs here on Python 3.11 (CPython gh-115634); run_calls must finish and use fresh workers."""
    done = subprocess.run(
        [sys.executable, "-c", POOLED], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    calls, pids = map(int, done.stdout.split())
    assert calls == 18
    assert pids >= 5  # ceil(18 / (2 workers x 2 calls)) pools, each with at least one worker


def fail_after(seconds: float, message: str) -> None:
    """A call that fails, slowly or quickly (run in pool workers)."""
    time.sleep(seconds)
    raise ValueError(message)


FAILING = textwrap.dedent(
    """
    from resourcepack.pool import Call, run_calls
    from tests.test_pool import fail_after

    calls = [Call(fail_after, (1.0, "first")), Call(fail_after, (0.0, "second"))]
    calls += [Call(fail_after, (0.0, "never"))] * 4
    try:
        run_calls(calls, 2, lambda c, r: [])
    except ValueError as e:
        print("raised:", e)
    """
)


@pytest.mark.slow  # a whole build (or worker processes)
def test_pool_raises_the_first_failure_in_start_order() -> None:
    """The second call fails first, but the error is the first call's, as with one process."""
    done = subprocess.run(
        [sys.executable, "-c", FAILING], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "raised: first"
