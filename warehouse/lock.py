"""The data dir's lock: one writer at a time for the lake and the warehouse.

Every command that writes (``run``, ``reprocess``, ``rebuild``) holds it for as long as it
writes. Held means: a POSIX record lock (``fcntl.lockf``) on ``<data_dir>/.posts-etl.lock``,
taken by this process. Such a lock belongs to the process, not to a file descriptor:

* a forked child (the transform pool) does not hold it, and the descriptor is close-on-exec,
  so no child can keep the data dir locked after its parent is gone;
* the kernel drops it the moment the process dies, however it dies (SIGKILL, OOM kill).

Because a process can take a record lock twice, threads of one process are kept apart by a
set of the data dirs this process has locked. The lock file names the holder (pid, command,
start time) for the message a waiting or refused run prints.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

LOCK_NAME = ".posts-etl.lock"
_held: set[str] = set()
_held_guard = threading.Lock()


class DataDirBusy(RuntimeError):
    """Another posts-etl process (or this one) is writing the data dir."""


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


def holder(data_dir: Path) -> str:
    """Who holds (or last held) the lock, as the lock file says: 'pid 123 (posts-etl run), since …'."""
    try:
        text = lock_path(data_dir).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return text.splitlines()[0] if text else ""


def _try_lock(fd: int) -> bool:
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return False
        raise


@contextmanager
def data_dir_lock(
    data_dir: Path,
    wait_seconds: float = 0,
    on_wait: Callable[[str], None] | None = None,
    what: str = "posts-etl",
) -> Iterator[None]:
    """Hold the data dir's lock for the block. When it is held elsewhere, wait up to
    ``wait_seconds`` (telling ``on_wait`` who holds it, then every 30 s), then raise DataDirBusy."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key = str(data_dir.resolve())
    deadline = time.monotonic() + wait_seconds
    fd = -1
    next_note = 0.0
    # Every open and close of the lock file happens under the guard and only while this process
    # holds no lock on it: closing any descriptor of a file drops the process's record locks on it.
    while True:
        with _held_guard:
            who = "a run in this process"
            if key not in _held:
                fd = os.open(lock_path(data_dir), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
                if _try_lock(fd):
                    _held.add(key)
                    break
                os.close(fd)
                fd = -1
                who = holder(data_dir) or "another process"
        now = time.monotonic()
        if now >= deadline:
            raise DataDirBusy(f"another posts-etl run is using {data_dir} ({who}); wait for it to finish")
        if on_wait is not None and now >= next_note:
            on_wait(f"waiting for {who} to release {data_dir} (up to {deadline - now:,.0f} s more)")
            next_note = now + 30
        time.sleep(min(0.5, max(0.0, deadline - now)))
    try:
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv[:3]))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} ({what}: {command}), since {started}\n".encode(), 0)
        yield
    finally:
        with _held_guard:
            _held.discard(key)
            os.close(fd)  # drops the lock
