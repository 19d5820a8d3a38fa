"""Which stops (SIGINT, SIGTERM) reached a run, even when their exception did not.

A signal's Python handler raises its exception (KeyboardInterrupt, or Prefect's
TerminationSignal) wherever the main thread happens to be. Places seen here that lose or bend
it: an at-fork hook or a ``__del__`` (Python prints "Exception ignored" and drops it; in
logging's at-fork hook it also leaves logging's lock held, and the process hangs later), and a
DuckDB query (it turns the stop into ``RuntimeError: Query interrupted``). So:

* :class:`watching` has the kernel-level signal handler write each signal's number to a pipe
  (``signal.set_wakeup_fd``), which no exception handling can lose. It leaves the handlers
  themselves alone: Prefect's runner checks that its own SIGTERM handler is installed before it
  treats a SIGTERM as a cancellation.
* :func:`checkpoint` raises the stop again between posts and batches if it came in;
  :func:`received` tells the flow that an exception which followed a stop is the stop's.
* :func:`deferred` holds stops back for a few milliseconds around a fork.

No Prefect import at module level: the pool workers import this module too.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_pipe: tuple[int, int] | None = None  # (read end, write end) while a run is watched
_received: list[int] = []


def received() -> int | None:
    """The last stop signal that came in while watching, or None."""
    if _pipe is not None:
        while True:
            try:
                data = os.read(_pipe[0], 512)
            except (BlockingIOError, InterruptedError):
                break
            if not data:
                break
            _received.extend(b for b in data if b in STOP_SIGNALS)
    return _received[-1] if _received else None


def stop_exception(signum: int) -> BaseException:
    if signum == signal.SIGINT:
        return KeyboardInterrupt()
    from prefect.exceptions import TerminationSignal

    return TerminationSignal(signal=signum)


def checkpoint() -> None:
    """Raise the stop again if one came in (its first exception may have been lost)."""
    signum = received()
    if signum is not None:
        raise stop_exception(signum)


class watching:
    """Note every stop signal that reaches the process until the block ends (main thread only;
    elsewhere it notes nothing, as the handlers cannot run there either)."""

    def __enter__(self) -> watching:
        global _pipe
        _received.clear()
        self.previous_hook = sys.unraisablehook
        sys.unraisablehook = self._unraisable
        r, w = os.pipe()
        os.set_blocking(r, False)
        os.set_blocking(w, False)
        try:
            self.previous_fd: int | None = signal.set_wakeup_fd(w, warn_on_full_buffer=False)
        except ValueError:  # not the main thread
            os.close(r)
            os.close(w)
            self.previous_fd = None
            return self
        _pipe = (r, w)
        return self

    def _unraisable(self, unraisable: Any) -> None:
        """A stop raised where Python can only drop it (a ``__del__``, an at-fork hook): it is
        noted through the pipe already and raised again at the next checkpoint; say so in one
        line instead of a traceback."""
        if isinstance(unraisable.exc_value, KeyboardInterrupt) or type(unraisable.exc_value).__name__ == "TerminationSignal":
            print(f"posts-etl: a stop arrived in {getattr(unraisable.object, '__qualname__', unraisable.object)!s}; stopping at the next checkpoint", file=sys.stderr)
            return
        self.previous_hook(unraisable)

    def __exit__(self, *exc: object) -> None:
        global _pipe
        sys.unraisablehook = self.previous_hook
        if _pipe is not None:
            received()
            signal.set_wakeup_fd(self.previous_fd if self.previous_fd is not None else -1)
            for fd in _pipe:
                os.close(fd)
            _pipe = None


# Held back around a fork: the stops, and SIGALRM, which Prefect's flow timeout uses to raise
# its TimeoutError wherever the main thread is (an at-fork hook included).
DEFERRED_SIGNALS = (*STOP_SIGNALS, signal.SIGALRM)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold stops (and timeouts) back while the block runs (it must be short: a fork), then
    deliver the ones that came in to their own handlers. Raising inside an at-fork hook is what
    leaves logging's lock held."""
    held: list[int] = []
    previous: dict[int, Any] = {}
    try:
        for signum in DEFERRED_SIGNALS:
            if callable(signal.getsignal(signum)):  # an ignored or default signal stays so
                previous[signum] = signal.signal(signum, lambda signum, frame: held.append(signum))
    except ValueError:  # not the main thread: handlers cannot run here anyway
        pass
    try:
        yield
    finally:
        for held_back, handler in previous.items():
            signal.signal(held_back, handler)
    for came in dict.fromkeys(held):  # once each, in the order they came
        signal.raise_signal(came)


def reset_in_child() -> None:
    """In a forked worker: the parent's wakeup pipe is not the worker's to write or hold."""
    global _pipe
    try:
        signal.set_wakeup_fd(-1)
    except ValueError:
        pass
    if _pipe is not None:
        for fd in _pipe:
            os.close(fd)
        _pipe = None
