"""A CPU-time budget per post, so one hostile file cannot stall a run.

Every transform stage is linear in the size of a post (benchmarks/bench_hostile.py measures the
worst shapes found so far), but a linear stage on an 8 MB run-on paragraph of quotes can still
take longer than a run should wait for one file, and a shape nobody has thought of yet may not be
linear. ``run_within`` arms a CPU-time timer (``ITIMER_VIRTUAL``, so a busy machine does not
count against the post, and Prefect's flow timeout, which uses SIGALRM, is left alone) around
one post's transform. When the timer fires, the transform is interrupted where it is and the post
becomes an ``over_budget`` reject with its raw bytes kept; the next post starts with a fresh
budget. Python's regex engine checks for signals while it matches, so even a long match stops.

The timer interrupts the main thread only, so it works where the transform runs in a process's
main thread: the forked pool workers, or the flow's own process when the flow runs there.

Python runs a signal handler at the next bytecode, which may be inside a garbage-collector
callback, a ``__del__`` or a weakref callback: an exception raised there is printed as
"unraisable" and dropped, and the transform would go on without a limit. So the timer, once
expired, fires again every ``_REPEAT`` seconds of CPU until the post is given up, and a handler
that runs after the budget is disarmed does nothing.

Installing the handler costs two ``signal.signal`` calls; a worker transforming a chunk of
posts installs it once for the chunk (``handler_for``), and ``run_within`` then only arms and
disarms the timer around each post.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from transforms.post import Article, Reject


_REPEAT = 0.05  # CPU seconds between the timer's firings once the budget is spent
_armed = False  # whether a firing should stop the transform (False once run_within disarms)
_installed = False  # whether handler_for has the handler in place (run_within then leaves it)


class OverBudget(BaseException):
    """Raised inside a transform when its post's CPU time is used up. A BaseException, so the
    transform's own ``except Exception`` (which turns a bug into a reject) does not take it."""


def can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expired(signum: int, frame: FrameType | None) -> None:
    if _armed:
        raise OverBudget


@contextmanager
def handler_for(seconds: float) -> Iterator[None]:
    """The timer's handler in place for a stretch of ``run_within`` calls (a chunk of posts),
    instead of installed and restored around each of them; the previous one back after."""
    global _installed
    if seconds <= 0 or _installed or not can_interrupt():
        yield
        return
    previous = signal.signal(signal.SIGVTALRM, _expired)
    _installed = True
    try:
        yield
    finally:
        _installed = False
        signal.signal(signal.SIGVTALRM, previous)


def run_within(fn: Callable[[bytes], Article | Reject], seconds: float, data: bytes) -> Article | Reject:
    """``fn(data)``, or an ``over_budget`` reject when it uses more than ``seconds`` of CPU."""
    if seconds <= 0 or not can_interrupt():
        return fn(data)
    if _installed:  # handler_for put it in place, in this (the main) thread
        return _within(fn, seconds, data)
    previous = signal.signal(signal.SIGVTALRM, _expired)
    try:
        return _within(fn, seconds, data)
    finally:
        signal.signal(signal.SIGVTALRM, previous)


def _within(fn: Callable[[bytes], Article | Reject], seconds: float, data: bytes) -> Article | Reject:
    """``run_within`` with the handler in place."""
    global _armed
    try:
        _armed = True
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds, _REPEAT)  # repeats: one firing may be swallowed
        try:
            return fn(data)
        finally:
            _armed = False
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
    except OverBudget:
        return Reject(
            "over_budget",
            f"the transform used more than {seconds:g} s of CPU time on this post ({len(data):,} bytes) and was stopped;"
            " its bytes are kept: raise post_seconds (POSTS_ETL_POST_SECONDS) and reprocess to load it",
        )
