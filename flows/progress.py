"""Progress of a run, for whoever watches it: the CLI's progress bar and a Prefect progress artifact.

The flow reports what it is doing (``phase``) and how far it is (``advance``); listeners decide
how to show it. The Prefect artifact is updated at most every ``ARTIFACT_EVERY`` seconds (one
API call each), the CLI's bar as often as it likes (it is in the same process).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

ARTIFACT_EVERY = 2.0  # seconds between progress-artifact updates


@dataclass
class Snapshot:
    phase: str  # 'planning', 'transforming', 'loading', 'done'
    detail: str
    done: int  # posts finished in this phase
    total: int | None  # posts in this phase, when known
    started: float  # monotonic start of the phase
    posts_per_second: float | None
    eta_seconds: float | None


Listener = Callable[[Snapshot], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` on every progress report in this process; returns the un-listen call."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


@dataclass
class Progress:
    """One run's progress. ``artifact_key``: also keep a Prefect progress artifact up to date."""

    artifact_key: str | None = None
    _phase: str = "planning"
    _detail: str = ""
    _done: int = 0
    _total: int | None = None
    _started: float = field(default_factory=time.monotonic)
    _artifact_id: object = None
    _artifact_at: float = 0.0

    def phase(self, phase: str, detail: str = "", total: int | None = None) -> None:
        self._phase, self._detail, self._done, self._total, self._started = phase, detail, 0, total, time.monotonic()
        self._emit(force=True)

    def advance(self, n: int = 1, detail: str | None = None) -> None:
        self._done += n
        if detail is not None:
            self._detail = detail
        self._emit()

    def snapshot(self) -> Snapshot:
        elapsed = time.monotonic() - self._started
        rate = self._done / elapsed if elapsed > 0 and self._done else None
        eta = (self._total - self._done) / rate if rate and self._total is not None else None
        return Snapshot(self._phase, self._detail, self._done, self._total, self._started, rate, eta)

    def _emit(self, force: bool = False) -> None:
        snap = self.snapshot()
        for listener in list(_listeners):
            listener(snap)
        now = time.monotonic()
        if self.artifact_key and (force or now - self._artifact_at >= ARTIFACT_EVERY):
            self._artifact_at = now
            self._update_artifact(snap)

    def _update_artifact(self, snap: Snapshot) -> None:
        """Best effort: progress must never fail a run."""
        from prefect.artifacts import create_progress_artifact, update_progress_artifact

        if snap.phase == "transforming" and snap.total:
            percent = 100.0 * snap.done / snap.total
        else:
            percent = {"planning": 0.0, "loading": 99.0, "done": 100.0}.get(snap.phase, 0.0)
        description = describe(snap)
        try:
            if self._artifact_id is None:
                self._artifact_id = create_progress_artifact(percent, key=self.artifact_key, description=description)
            else:
                update_progress_artifact(self._artifact_id, percent, description=description)  # type: ignore[arg-type]
        except Exception:
            pass


def describe(snap: Snapshot) -> str:
    """'transforming: 1,200 of 5,000 posts, 430 posts/s, about 9 s left'."""
    parts = [snap.phase]
    if snap.total is not None:
        parts.append(f"{snap.done:,} of {snap.total:,} posts")
    elif snap.done:
        parts.append(f"{snap.done:,} files")
    if snap.posts_per_second:
        parts.append(f"{snap.posts_per_second:,.0f}/s")
    if snap.eta_seconds is not None and snap.done:
        parts.append(f"about {snap.eta_seconds:,.0f} s left")
    text = ": ".join(parts[:2]) + (", " + ", ".join(parts[2:]) if len(parts) > 2 else "")
    return text + (f" ({snap.detail})" if snap.detail else "")


_current: list[Progress] = []


def current() -> Progress:
    """The progress of the run in progress in this process (a silent one outside a run)."""
    return _current[-1] if _current else Progress()


@contextmanager
def tracking(artifact_key: str | None) -> Iterator[Progress]:
    """Make a run's Progress current for the block (tasks and the pool report to it)."""
    track = Progress(artifact_key)
    _current.append(track)
    try:
        yield track
    finally:
        _current.remove(track)
