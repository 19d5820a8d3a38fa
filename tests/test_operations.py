"""Operating a run: the data dir's lock, stops by signal, kills, and the clear ends of a run.

Real processes and real signals: `posts-etl` runs as a subprocess in its own session, as a
terminal would run it, and is stopped with SIGINT (Ctrl-C), SIGTERM or SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from warehouse import lake
from warehouse.lock import DataDirBusy, data_dir_lock

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "posts-etl"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    return {**env, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **extra}


def _descendants(pid: int) -> set[int]:
    """Every process whose parent chain leads to ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    out, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - out
        out |= frontier
    return out


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


def _wait_gone(pgid: int, pids: set[int], seconds: float) -> bool:
    """The group is empty and every one of ``pids`` has ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _group_alive(pgid) and not any(_alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


def _start_run(source: Path, data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN), "run", str(source), "-d", str(data_dir), "--batch-size", "150", "--workers", "2"],
        env=_env(), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def _wait_for_a_staged_batch(data_dir: Path, proc: subprocess.Popen, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if list((data_dir / "lake" / "_staging").glob("*/articles/*/*.parquet")):
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("no batch was staged in time")


# --- the lock -------------------------------------------------------------------------------


def test_lock_dies_with_its_process_and_is_not_inherited(tmp_path):
    """A SIGKILLed holder releases the lock at once, even with its forked child still alive."""
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from warehouse.lock import data_dir_lock
        with data_dir_lock(Path({str(tmp_path)!r})):
            child = os.fork()
            if child == 0:
                time.sleep(60)
                os._exit(0)
            print(child, flush=True)
            time.sleep(60)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, start_new_session=True)
    child = int(proc.stdout.readline())  # type: ignore[union-attr]
    try:
        with pytest.raises(DataDirBusy, match=f"pid {proc.pid}"):
            with data_dir_lock(tmp_path):
                pass
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        os.kill(child, 0)  # the child still runs ...
        with data_dir_lock(tmp_path):  # ... and does not hold the lock
            pass
    finally:
        os.killpg(proc.pid, signal.SIGKILL)


def test_lock_waits_for_its_turn_and_threads_are_kept_apart(tmp_path):
    import threading

    got: list[float] = []
    with data_dir_lock(tmp_path):
        t = threading.Thread(target=lambda: data_dir_lock(tmp_path, wait_seconds=30).__enter__() or got.append(time.monotonic()))
        t.start()
        time.sleep(0.7)
        assert not got  # a second holder in the same process waits
        released = time.monotonic()
    t.join(10)
    assert got and got[0] >= released


def test_rebuild_takes_the_lock_and_leaves_a_live_runs_staging_alone(tmp_path):
    data_dir = tmp_path / "d"
    staged = lake.staging_dir(data_dir, "20990101T000000000000Z-live00") / "articles"
    staged.mkdir(parents=True)
    (staged / "x.parquet").write_bytes(b"not yet")
    with data_dir_lock(data_dir):  # a run in progress
        out = subprocess.run([str(BIN), "rebuild", "-d", str(data_dir)], env=_env(POSTS_ETL_LOCK_WAIT="0"), capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "another posts-etl run is using" in out.stderr and "Traceback" not in out.stderr
    assert (staged / "x.parquet").exists()


# --- stops ----------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["sigint-group", "sigterm-main"])
def test_a_stop_ends_the_run_within_seconds_and_leaves_the_warehouse_as_before(corpus, tmp_path, how):
    data_dir = tmp_path / "d"
    proc = _start_run(corpus, data_dir)
    _wait_for_a_staged_batch(data_dir, proc)
    children = _descendants(proc.pid)  # pool workers and the temporary Prefect server
    assert children, "the run has no child processes to check"
    stopped = time.monotonic()
    if how == "sigint-group":  # Ctrl-C in a terminal: the whole foreground group gets it
        os.killpg(proc.pid, signal.SIGINT)
    else:  # SIGTERM to the command alone (what `kill PID` does)
        os.kill(proc.pid, signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    took = time.monotonic() - stopped
    signum = signal.SIGINT if how == "sigint-group" else signal.SIGTERM
    assert proc.returncode == 128 + signum, err[-3000:]
    assert took < 15, f"took {took:.1f} s to stop"
    assert f"error: stopped by {signal.Signals(signum).name}" in err and "Traceback" not in err, err[-3000:]
    assert _wait_gone(proc.pid, children, 5), "processes of the stopped run are still alive"
    assert lake.staged_runs(data_dir) == []
    if (data_dir / "warehouse.duckdb").exists():
        with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
            assert con.execute("select count(*) from runs").fetchone()[0] == 0
    with data_dir_lock(data_dir):  # free again
        pass


def test_sigkill_of_the_command_alone_leaves_no_process_and_no_lock(corpus, tmp_path):
    data_dir = tmp_path / "d"
    proc = _start_run(corpus, data_dir)
    _wait_for_a_staged_batch(data_dir, proc)
    children = _descendants(proc.pid)
    assert children, "the run has no child processes to check"
    os.kill(proc.pid, signal.SIGKILL)  # not the group: its children are on their own now
    proc.communicate(timeout=30)
    assert _wait_gone(proc.pid, children, 10), "the pool workers or the temporary server outlived the command"
    with data_dir_lock(data_dir):
        pass
    rerun = subprocess.run([str(BIN), "run", str(corpus), "-d", str(data_dir), "--json"], env=_env(), cwd=REPO, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert '"files_seen": 1500' in rerun.stdout and lake.staged_runs(data_dir) == []
