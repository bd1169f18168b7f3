"""Worker pool: run calls in processes, at most one per worker at a time, recycling workers.

Workers are forked from a server that has imported WeasyPrint once, so each starts warm. A pool
takes a fixed number of calls and is then retired (it finishes what it has) while a fresh one
takes the next, so worker memory stays flat however long the build. This stands in for
ProcessPoolExecutor's max_tasks_per_child, which deadlocks on Python 3.11-3.13 once a worker
retires with calls still queued (CPython gh-115634).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, Generic, TypeVar

CALLS_PER_WORKER = 20
PRELOAD = ["weasyprint", "resourcepack.build"]


T = TypeVar("T")


@dataclass(frozen=True)
class Call(Generic[T]):
    """A function to run with its arguments, and what to call it in progress reports; it
    returns a T (a build's calls each return a typed completion)."""

    fn: Callable[..., T]
    args: tuple[Any, ...]
    label: str = ""


Then = Callable[[Call[T], T], Sequence[Call[T]]]


def run_calls(
    calls: Iterable[Call[T]], workers: int, then: Then[T], per_worker: int = CALLS_PER_WORKER
) -> None:
    """Run calls (in this process when workers is 1); then(call, result) names calls to run next.

    When calls fail, the error raised is that of the first in the order they were started, as
    in one process: after a failure nothing new starts, and the calls running are waited for.
    """
    if workers <= 1:
        ready = deque(calls)
        while ready:
            call = ready.popleft()
            ready.extendleft(reversed(then(call, call.fn(*call.args))))
        return
    _run_pooled(deque(calls), workers, then, workers * per_worker)


def start_server() -> None:
    """Start the fork server now: it imports WeasyPrint while this process loads the content."""
    from multiprocessing import forkserver

    get_context("forkserver").set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


def _run_pooled(ready: deque[Call[T]], workers: int, then: Then[T], per_pool: int) -> None:
    context = get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    pools: list[ProcessPoolExecutor] = []
    running: dict[Future[T], tuple[int, Call[T]]] = {}
    failed: dict[int, BaseException] = {}
    submitted = 0
    try:
        while running or (ready and not failed):
            while ready and not failed and len(running) < workers:
                if submitted % per_pool == 0:
                    if pools:
                        pools[-1].shutdown(wait=False)
                    pools.append(ProcessPoolExecutor(workers, mp_context=context))
                call = ready.popleft()
                running[pools[-1].submit(call.fn, *call.args)] = (submitted, call)
                submitted += 1
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f][0]):
                number, call = running.pop(future)
                if error := future.exception():
                    failed[number] = error
                elif not failed:
                    ready.extendleft(reversed(then(call, future.result())))
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
    if failed:
        raise failed[min(failed)]


def default_workers() -> int:
    """The number of CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
