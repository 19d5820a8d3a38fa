"""The transform step's worker processes: forked once per run, warmed, reused by every batch, and
made to stop when the run stops.

Workers are forked from the flow's process, so they start in milliseconds with ``transforms``
already imported (Prefect's process-pool task runner was measured here and rejected: each of
its processes imports Prefect and, in ephemeral mode, starts a whole temporary server). A run
forks its pool once, at its first batch, after a warm-up call in the flow's process has loaded
what every transform needs (tldextract's suffix list, the compiled patterns, the lexicons), so
no worker loads any of it again; the later batches hand their posts to the same processes.

A worker never outlives its run:

* it asks the kernel for SIGKILL when its parent dies (``PR_SET_PDEATHSIG``), so a SIGKILL or an
  OOM kill of the flow's process takes the pool with it;
* it ignores SIGINT (Ctrl-C reaches the whole foreground group; the flow decides what stops)
  and has the default SIGTERM, not the handler Prefect installs in the flow's process;
* the pool is terminated, not drained, when the flow's process leaves a batch for any reason
  (an error, Ctrl-C, a cancellation): no new work is handed out after a stop. A batch that is
  tried again (a retry) forks a fresh pool; the run's end shuts the pool down.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
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


class WorkerPool:
    """``workers`` forked processes, started at the first :meth:`imap` and kept for the next."""

    def __init__(self, workers: int, warm_up: Callable[[], object] | None = None):
        self.workers = max(1, workers)
        self._warm_up = warm_up
        self._executor: ProcessPoolExecutor | None = None

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` over ``items`` on the pool's processes, results in order.

        A worker that dies (an OOM kill) fails the batch with BrokenProcessPool instead of
        stalling it; the workers are killed when the iteration ends early or the caller raises."""
        try:
            if self._executor is None and self._warm_up is not None:
                self._warm_up()  # in this process, before the fork: the workers inherit it loaded
                self._warm_up = None
            # Items are taken one by one as they are submitted: a lazy ``items`` (posts read from
            # disk chunk by chunk) keeps the workers busy while the rest is still being read.
            futures: list[Future[R]] = []
            for item in items:
                if self._executor is None:
                    with stops.deferred():  # the first submit forks every worker
                        self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_init_worker, initargs=(os.getpid(),))
                        futures.append(self._executor.submit(fn, item))
                else:
                    futures.append(self._executor.submit(fn, item))
            for future in futures:
                yield future.result()
        except BaseException:  # an error, a stop, or the caller closing the generator early
            self.kill()
            raise

    def close(self) -> None:
        """Let the workers finish and exit; a stop while it waits kills them."""
        if self._executor is None:
            return
        try:
            self._executor.shutdown(wait=True)
            self._executor = None
        except BaseException:
            self.kill()
            raise

    def kill(self) -> None:
        """Stop the pool now, work in progress included, and leave no thread of it waiting.

        The executor has no terminate(). Killing its workers is not enough on its own: one killed
        while sending a result leaves the executor's manager thread reading half a message forever,
        and the interpreter joins that thread at exit (a stopped run that never exits). Closing the
        parent's copy of the result pipe's write end, once the workers are dead, ends that read with
        EOF; the manager thread then takes the pool as broken and cleans up."""
        pool, self._executor = self._executor, None
        if pool is None:
            return
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


_current: WorkerPool | None = None


@contextmanager
def for_run(workers: int, warm_up: Callable[[], object] | None = None) -> Iterator[WorkerPool]:
    """The run's pool, for :func:`current` to find while the run's batches transform: closed at
    the run's end, killed if the run leaves early."""
    global _current
    pool = WorkerPool(workers, warm_up)
    previous, _current = _current, pool
    try:
        yield pool
        pool.close()
    except BaseException:
        pool.kill()
        raise
    finally:
        _current = previous


def current() -> WorkerPool | None:
    return _current
