"""The transform step's worker processes, made to stop when the run stops.

Workers are forked from the flow's process, so they start in milliseconds with ``transforms``
already imported (Prefect's process-pool task runner was measured here and rejected: each of
its processes imports Prefect and, in ephemeral mode, starts a whole temporary server).

A worker never outlives its run:

* it asks the kernel for SIGKILL when its parent dies (``PR_SET_PDEATHSIG``), so a SIGKILL or an
  OOM kill of the flow's process takes the pool with it;
* it ignores SIGINT (Ctrl-C reaches the whole foreground group; the flow decides what stops)
  and has the default SIGTERM, not the handler Prefect installs in the flow's process;
* the pool is terminated, not drained, when the flow's process leaves a batch for any reason
  (an error, Ctrl-C, a cancellation): no new work is handed out after a stop.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from flows import stops

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """In a child: get SIGKILL when the parent goes, and stop now if it already went."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


def _init_worker(parent_pid: int) -> None:
    die_with_parent(parent_pid)
    stops.reset_in_child()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def imap_in_workers(fn: Callable[[T], R], items: Iterable[T], workers: int, chunksize: int) -> Iterator[R]:
    """``fn`` over ``items`` on ``workers`` forked processes, results in order.

    A worker that dies (an OOM kill) fails the batch with BrokenProcessPool instead of
    stalling it; the workers are killed when the iteration ends early or the caller raises."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_init_worker, initargs=(os.getpid(),))
    try:
        with stops.deferred():  # map() submits every chunk now, and the first submit forks
            results = pool.map(fn, items, chunksize=chunksize)
        yield from results
        pool.shutdown(wait=True)  # inside the try: a stop while it waits must kill the pool too
    except BaseException:  # an error, a stop, or the caller closing the generator early
        _kill(pool)
        raise


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now, work in progress included, and leave no thread of it waiting.

    The executor has no terminate(). Killing its workers is not enough on its own: one killed
    while sending a result leaves the executor's manager thread reading half a message forever,
    and the interpreter joins that thread at exit (a stopped run that never exits). Closing the
    parent's copy of the result pipe's write end, once the workers are dead, ends that read with
    EOF; the manager thread then takes the pool as broken and cleans up."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.kill()
    for p in processes:
        p.join(5)
    if results is not None:
        results._writer.close()
    if manager is not None:
        manager.join(5)
