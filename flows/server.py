"""The Prefect server a CLI run reports to: the configured one, else the local stack's when it
answers, else a temporary one of its own.

In that order: PREFECT_API_URL or the active profile (what any Prefect client uses); then the
server of the stack ``make stack-up`` runs (scripts/stack.sh), found where that script puts it
(its state dir and port), when its /api/health answers within a fraction of a second; then a
temporary server for this command alone.

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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flows.settings import REPO_ROOT

STARTUP_TIMEOUT = 120.0  # seconds; a busy 2-core machine has taken 10-20 s
# The whole probe of the stack's port: connect, ask, read the answer. A port nobody listens on
# is refused at once (127.0.0.1 answers a SYN with a RST), so this bounds only a server that
# accepts and then hangs; a healthy one answers in a few ms.
STACK_PROBE_SECONDS = 0.5
STACK_PORT = 4200  # scripts/stack.sh's default for $STACK_PORT


def app() -> Any:
    """uvicorn factory: Prefect's API as its temporary server runs it."""
    from prefect.server.api.server import create_app

    return create_app(ephemeral=True, final=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


def stack_api() -> str:
    """The API URL of the local stack's server (``make stack-up``) when it answers, else ''.

    Looked for as scripts/stack.sh places it: its state dir ($STACK_DIR, else .stack/ in the
    project) must exist, and its port ($STACK_PORT, else 4200) on 127.0.0.1 must answer
    /api/health with ``true`` within STACK_PROBE_SECONDS."""
    if not Path(os.environ.get("STACK_DIR") or REPO_ROOT / ".stack").is_dir():
        return ""
    try:
        port = int(os.environ.get("STACK_PORT") or STACK_PORT)
    except ValueError:
        return ""
    if not 0 < port < 65536 or not _answers_health(port, STACK_PROBE_SECONDS):
        return ""
    return f"http://127.0.0.1:{port}/api"


def _answers_health(port: int, seconds: float) -> bool:
    """Whether a Prefect API on 127.0.0.1:``port`` answers /api/health with ``true`` within
    ``seconds`` in all. A plain socket: no proxy settings apply, and the deadline covers the
    connect and every read (a per-call timeout, as urllib has, would not bound the whole)."""
    deadline = time.monotonic() + seconds
    answer = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=seconds) as s:
            s.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % port)
            while len(answer) < 65536:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                s.settimeout(left)
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
    except OSError:  # refused, timed out, reset
        return False
    head, _, body = answer.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].split()
    return len(status) >= 2 and status[1] == b"200" and b"true" in body


@contextmanager
def prefect_api(say: Any = None) -> Iterator[str]:
    """Yield the API URL runs report to: the configured one, else the local stack's when it
    answers, else a temporary server's, started here and stopped at the end."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    configured = configured_api()
    if configured:
        yield configured
        return
    stack = stack_api()
    if stack:
        if say:
            say(f"reporting to the local stack's Prefect server at {stack} (`make stack-up`; PREFECT_API_URL chooses another)")
        with temporary_settings(updates={PREFECT_API_URL: stack}):
            try:
                yield stack
            finally:
                _drain()
        return
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    if say:
        say(f"no Prefect server configured (PREFECT_API_URL) or running (`make stack-up`): starting a temporary one on 127.0.0.1:{port} for this command")
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
        while not _answers_health(port, 2):
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
