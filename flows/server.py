"""The Prefect server a CLI run reports to: the configured one, else a temporary one of its own.

Prefect's own temporary server (what a flow starts when no API is configured) is a child that
outlives a SIGKILLed parent. This one asks the kernel to stop it when the CLI dies
(``PR_SET_PDEATHSIG``), is stopped when the command ends, and listens on 127.0.0.1 only. It is
the same app Prefect's temporary server runs (``create_app(ephemeral=True)``: no UI, the
SQLite database under PREFECT_HOME, so runs show up later in a local ``prefect server start``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

STARTUP_TIMEOUT = 120.0  # seconds; a busy 2-core machine has taken 10-20 s


def app() -> Any:
    """uvicorn factory: Prefect's API as its temporary server runs it."""
    from prefect.server.api.server import create_app

    return create_app(ephemeral=True, final=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _child_setup(parent: int) -> None:
    from flows.pool import die_with_parent

    die_with_parent(parent)


def _drain() -> None:
    """Send the logs and events still queued while the server is there to take them."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=5)
        except Exception:
            pass


def configured_api() -> str:
    """The API URL set by PREFECT_API_URL or the active profile, or '' when none is."""
    from prefect.settings import get_current_settings

    return str(get_current_settings().api.url or "")


@contextmanager
def prefect_api(say: Any = None) -> Iterator[str]:
    """Yield the API URL runs report to, starting a temporary server when none is configured."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    configured = configured_api()
    if configured:
        yield configured
        return
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    if say:
        say(f"no Prefect server configured (PREFECT_API_URL): starting a temporary one on 127.0.0.1:{port} for this command (`make stack-up` runs a lasting one)")
    log = tempfile.TemporaryFile()
    env = {**os.environ, "PREFECT_UI_ENABLED": "false", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    parent = os.getpid()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "flows.server:app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C reaches the run's group, not the server the run reports its stop to
        preexec_fn=lambda: _child_setup(parent),  # noqa: PLW1509 - only a prctl call
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                tail = log.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"the temporary Prefect server did not start on 127.0.0.1:{port}: {tail.strip() or 'no output'}")
            time.sleep(0.2)
        with temporary_settings(updates={PREFECT_API_URL: url}):
            try:
                yield url
            finally:
                _drain()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
