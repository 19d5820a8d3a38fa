"""Stops that cannot be lost, and a pool that stops without leaving a thread waiting.

Each case runs in a subprocess: signals, signal handlers and interpreter exit are what is tested.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _python(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    script = f"import sys\nsys.path.insert(0, {str(REPO)!r})\n" + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout)


def test_a_stop_whose_exception_was_swallowed_is_raised_again_at_the_next_checkpoint():
    out = _python(
        """
        import os, signal, time
        from flows import stops
        with stops.watching():
            assert stops.received() is None
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)
            except KeyboardInterrupt:
                pass  # what a library that catches everything does
            assert stops.received() == signal.SIGINT
            try:
                stops.checkpoint()
            except KeyboardInterrupt:
                print("raised again")
        assert stops.received() == signal.SIGINT  # still known after the block, for the flow's end
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "raised again"


def test_a_stop_inside_a_deferred_block_is_raised_when_the_block_ends():
    out = _python(
        """
        import os, signal, time
        from flows import stops
        def block():
            try:
                with stops.deferred():
                    os.kill(os.getpid(), signal.SIGINT)
                    time.sleep(0.3)
                    print("block ran to its end")
            except KeyboardInterrupt:
                print("then the stop")
            assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handler restored

        with stops.watching():
            block()
        block()  # outside a watched run too: the stop is held, not dropped
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["block ran to its end", "then the stop"] * 2


def test_a_timeout_alarm_inside_a_deferred_block_reaches_its_handler_when_the_block_ends():
    """Prefect's flow timeout is a SIGALRM whose handler raises: held around a fork like a stop."""
    out = _python(
        """
        import signal, time
        from flows import stops
        class Timeout(Exception):
            pass
        def on_alarm(signum, frame):
            raise Timeout
        signal.signal(signal.SIGALRM, on_alarm)
        try:
            with stops.deferred():
                signal.setitimer(signal.ITIMER_REAL, 0.05)
                time.sleep(0.3)
                print("block ran to its end")
        except Timeout:
            print("then the timeout")
        assert signal.getsignal(signal.SIGALRM) is on_alarm
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["block ran to its end", "then the timeout"]


def test_a_stop_lost_in_a_finalizer_is_one_line_not_a_traceback():
    out = _python(
        """
        import os, signal, time
        from flows import stops

        class Finalized:
            def __del__(self):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.3)  # the handler runs here, inside __del__: Python drops its exception

        with stops.watching():
            Finalized()
            print("went on")
            try:
                stops.checkpoint()
            except KeyboardInterrupt:
                print("stopped at the checkpoint")
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["went on", "stopped at the checkpoint"]
    assert "Traceback" not in out.stderr and "a stop arrived in" in out.stderr


def test_an_ignored_signal_stays_ignored_in_a_deferred_block():
    out = _python(
        """
        import os, signal, time
        from flows import stops
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        with stops.watching():
            with stops.deferred():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.2)
            stops.checkpoint()
            assert stops.received() is None
        print("not stopped")
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "not stopped"


def test_a_pool_stopped_while_its_workers_send_big_results_lets_the_process_exit():
    """Workers killed halfway through sending a result must not leave the executor's manager
    thread reading forever (the interpreter joins it at exit): repeated, as the race is timing."""
    out = _python(
        """
        from flows.pool import WorkerPool

        def big(n):
            return b"x" * (16 << 20)  # 16 MB: a send takes long enough to be cut in half

        for attempt in range(6):
            results = WorkerPool(2).imap(big, range(40))
            next(results)
            results.close()  # as a stop does: the pool is killed with sends in flight
        print("exited")
        """,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "exited"
