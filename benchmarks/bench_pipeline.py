"""End-to-end benchmark: generate N posts, time `posts-etl run` over them, print the figures.

    .venv/bin/python benchmarks/bench_pipeline.py -n 10000 [--workers N] [--batch-size N]
        [--against REV [--rounds 2]]
    .venv/bin/python benchmarks/bench_pipeline.py -n 20000 --floor [--rounds 3]

Prints, for the first run (everything new) and a rerun (everything unchanged):
wall time of the whole command (Prefect start-up included), the flow's own time (from the run
row), posts/s and MB/s on the flow's time, the peak memory of the command's process tree (sum
of PSS, which counts pages shared by forked workers once) and the largest single process RSS. As a same-process baseline it also times reading and hashing every input file, the I/O
floor any pipeline pays, and reports the flow's time as a multiple of it: on a shared, noisy
machine that ratio moves less than raw seconds.

With ``--against REV`` the same posts also go through REV's code (a temporary ``git worktree``),
the two sides taking turns for ``--rounds`` rounds, and the last line gives REV's best flow time
over this tree's best: the speed-up of the working tree over REV, measured in one invocation.

With ``--floor`` the comparison is with the I/O floor, ``benchmarks/io_floor.py`` (read every
post, write the raw bytes as ZSTD Parquet, load that into a fresh DuckDB file; nothing parsed),
run as its own command on the same posts. The benchmark starts ``prefect server start`` on
127.0.0.1 (a free port, its own PREFECT_HOME in a temp dir; stopped at the end, on an error,
Ctrl-C, SIGTERM or SIGHUP too) and runs the installed ``.venv/bin/posts-etl run`` against it
with PREFECT_API_URL set, as a user with a local server would. Each round is: the floor, a first
run on a fresh data dir, the same run again with nothing changed; one line each with

* wall s: the command's time; work s: the floor's own timer (imports excluded), or the flow's
  start to finish from the run's JSON summary (Prefect start-up and shut-down excluded);
* posts/s on the work time, and both times over the same round's floor;
* the peak PSS of the command's process tree (sampled every 0.2 s from
  /proc/<pid>/smaps_rollup of the command and all its descendants, summed);
* busy cores: CPU seconds (utime + stime of the tree, reaped children included) over wall
  seconds, for the whole command (exact, from the children's rusage), for the flow, and for each
  phase the Prefect task log lines on stderr mark (the JSON summary has no per-phase times): a
  task name's phase runs from the previous one's last "Finished" line to its own last one, so
  ``transform-batch`` is the transform window (the issue's goal: >= 90% of 2 cores there), with
  the server's own CPU over the run.

Then each side's best wall time and best work time over the rounds, the ratios of the bests (run / floor and unchanged
rerun / floor, on wall and on work time), the largest peak PSS and the load average
(os.getloadavg) at the start and at the end. ``-n 100000`` is the large-corpus figure; the
machine it runs on should have nothing else to do while it runs (minutes per round).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import resource
import signal
import socket
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_posts", HERE / "generate_posts.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _checkout(rev: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), rev], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return where


def _command(tree: Path, src: Path, data: Path) -> list[str]:
    """`posts-etl run` from the code in ``tree`` (PYTHONPATH picks it), with this venv's packages."""
    return [sys.executable, "-c", "from flows.entry import main; main()", "run", str(src), "--data-dir", str(data), "--json", "--no-progress"]


def _proc_stats() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU clock ticks: utime + stime + cutime + cstime) for every process.

    cutime/cstime hold the CPU of the children a process has reaped, so a forked worker that
    has ended still counts, in its parent's figure."""
    stats: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    return stats


def _tree(root: int, stats: dict[int, tuple[int, int]]) -> list[int]:
    """``root`` and its descendants, by the parent pids in ``stats``."""
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, []))
    return out


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by a process, its descendants and the children they reaped."""
    stats = _proc_stats()
    return sum(stats[pid][1] for pid in _tree(root, stats) if pid in stats) / _TICKS


_TICKS = os.sysconf("SC_CLK_TCK")


def _tree_memory(pids: list[int]) -> tuple[int, int]:
    """(sum of PSS over the processes, largest single RSS), in bytes.

    PSS splits each shared page between the processes sharing it, so forked workers are not
    counted twice for the memory they share with their parent, as a sum of RSS would."""
    pss = rss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                fields = dict(line.split(":", 1) for line in fh.read().splitlines()[1:])
        except (OSError, ValueError):
            continue
        pss += int(fields["Pss"].split()[0]) * 1024
        rss = max(rss, int(fields["Rss"].split()[0]) * 1024)
    return pss, rss


@dataclass
class Run:
    """One command's figures: wall time, the peaks of its process tree and its CPU over time."""

    wall: float
    start: float  # epoch seconds
    peak_pss: int
    max_rss: int
    cpu: float  # CPU seconds of the whole tree (the children the benchmark reaped: exact)
    samples: list[tuple[float, float]]  # (epoch seconds, CPU seconds of the tree so far)
    summary: dict
    stderr: str

    def cpu_at(self, t: float) -> float:
        """The tree's CPU seconds at epoch ``t``, interpolated between samples."""
        pts = self.samples
        if not pts or t <= pts[0][0]:
            return 0.0
        for (t0, c0), (t1, c1) in zip(pts, pts[1:]):
            if t <= t1:
                return c0 + (c1 - c0) * (t - t0) / (t1 - t0) if t1 > t0 else c1
        return pts[-1][1]

    def busy(self, t0: float, t1: float) -> float | None:
        """Mean busy cores of the tree between two epoch times (None for an empty window)."""
        return (self.cpu_at(t1) - self.cpu_at(t0)) / (t1 - t0) if t1 - t0 > 0.05 else None


def run_cli(args: list[str], env: dict[str, str], cwd: Path, parse_json: bool = True) -> Run:
    """Run a command, sampling its process tree's PSS and CPU every 0.2 s; exit on failure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    epoch, start = time.time(), time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    peak = [0, 0]
    samples: list[tuple[float, float]] = [(epoch, 0.0)]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            stats = _proc_stats()
            pids = [pid for pid in _tree(proc.pid, stats) if pid in stats]
            if pids:
                cpu = sum(stats[pid][1] for pid in pids) / _TICKS
                samples.append((time.time(), max(cpu, samples[-1][1])))
                pss, rss = _tree_memory(pids)
                peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate()
    finally:
        stop.set()
        sampler.join()
        if proc.poll() is None:  # the benchmark is being stopped: stop the command too
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    samples.append((epoch + wall, max(cpu, samples[-1][1])))
    if proc.returncode != 0:
        sys.exit(f"{Path(args[0]).name} failed ({proc.returncode}):\n{err[-4000:]}")
    if not parse_json:
        return Run(wall, epoch, peak[0], peak[1], cpu, samples, {}, err)
    try:
        summary = json.loads(out)
    except json.JSONDecodeError as exc:
        sys.exit(f"{Path(args[0]).name} printed no single JSON summary ({exc}); its output began:\n{out[:2000]}\nstderr ended:\n{err[-2000:]}")
    return Run(wall, epoch, peak[0], peak[1], cpu, samples, summary, err)


def baseline_read_and_hash(src: Path) -> float:
    start = time.perf_counter()
    for path in src.rglob("*.txt"):
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def _side(label: str, tree: Path, src: Path, data: Path, env: dict[str, str], n: int, size: int, base: float) -> float:
    """One first run (every post new) and one rerun (every post unchanged) of ``tree``'s code on
    a fresh data dir; prints both lines and returns the first run's flow time."""
    shutil.rmtree(data, ignore_errors=True)
    env = {**env, "PYTHONPATH": str(tree), "PREFECT_HOME": str(data.parent / f".prefect-{data.name}")}
    first = 0.0
    for run in ("first run", "rerun"):
        r = run_cli(_command(tree, src, data), env, tree)
        s = r.summary
        flow_s = _flow_seconds(s)
        print(
            f"{label[:12]:12} {run:9} {r.wall:8.1f} {flow_s:8.1f} {n / flow_s:9.0f} {size / 1e6 / flow_s:7.2f} {r.peak_pss / 2**20:7.0f}MB {r.max_rss / 2**20:6.0f}MB"
            f" {flow_s / base:10.1f}  {s['batches']:7d}  {s['workers']:7d}"
        )
        if run == "first run":
            assert s["files_seen"] == n == s["files_loaded"] + s["files_rejected"], s
            first = flow_s
        else:
            assert s["files_unchanged"] == n, s
    print(f"{'':12} rows: {json.dumps(s['table_counts'])}")
    return first


def _flow_seconds(s: dict) -> float:
    return (datetime.fromisoformat(s["finished_at"]) - datetime.fromisoformat(s["started_at"])).total_seconds()


# --- the I/O floor against `posts-etl run` on a Prefect server started here (--floor) ----------

BIN = ROOT / ".venv" / "bin"
_TASK_DONE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) \| \w+ *\| Task run '(.+?)' - Finished in state", re.M)
_TASK_SUFFIX = re.compile(r"-(\d+-of-\d+|[0-9a-f]{3})$")  # 'transform-batch-2-of-5', 'plan-batches-672'


def phases(run: Run) -> list[tuple[str, float, float]]:
    """The flow's phases as (task name, start, end) in epoch seconds, read from Prefect's task log
    lines on stderr (the JSON summary gives only the flow's start and end): a task name's window
    runs from the previous name's last 'Finished' line (the flow's start for the first) to its
    own last one. Log times are local wall-clock times with milliseconds."""
    if not run.summary.get("started_at"):
        return []
    t0 = datetime.fromisoformat(run.summary["started_at"]).timestamp()
    midnight = datetime.fromtimestamp(t0).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    ends: dict[str, float] = {}
    for m in _TASK_DONE.finditer(run.stderr):
        h, mi, sec, ms, name = m.groups()
        t = midnight + int(h) * 3600 + int(mi) * 60 + int(sec) + int(ms) / 1000
        if t < t0 - 43200:  # the run crossed midnight
            t += 86400
        key = _TASK_SUFFIX.sub("", name)
        ends[key] = max(ends.get(key, t), t)
    out, prev = [], t0
    for key, end in sorted(ends.items(), key=lambda kv: kv[1]):
        out.append((key, prev, end))
        prev = end
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def prefect_server(home: Path) -> Iterator[tuple[dict[str, str], int]]:
    """A `prefect server start` on 127.0.0.1 (a free port), its PREFECT_HOME ``home``; yields the
    environment that points a command at it (PREFECT_API_URL) and the server's pid. The server
    runs in its own session and is stopped, with all it started, however the block ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "POSTS_ETL_"))}
    env.update(PREFECT_HOME=str(home), PREFECT_API_URL=url, PREFECT_SERVER_ANALYTICS_ENABLED="false")
    log = open(home / "server.log", "w")
    proc = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                sys.exit("prefect server did not start:\n" + (home / "server.log").read_text()[-3000:])
            time.sleep(0.5)
        yield env, proc.pid
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)  # a server still importing takes no notice of SIGTERM
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            pass
        log.close()


def _cores(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _busy_line(r: Run) -> str:
    """Mean busy cores: over the whole command, over the flow, and per phase."""
    parts = [f"command {_cores(r.cpu / r.wall)}"]
    if r.summary.get("started_at"):
        t0 = datetime.fromisoformat(r.summary["started_at"]).timestamp()
        t1 = datetime.fromisoformat(r.summary["finished_at"]).timestamp()
        parts.append(f"flow {_cores(r.busy(t0, t1))}")
    cores = os.cpu_count() or 1
    for name, t0, t1 in phases(r):
        b = r.busy(t0, t1)
        parts.append(f"{name} {_cores(b)}" + ("" if b is None else f" ({100 * b / cores:.0f}% of {cores}) over {t1 - t0:.1f}s"))
    return ", ".join(parts)


def _best(kept: tuple[float, float] | None, new: tuple[float, float]) -> tuple[float, float]:
    """The lower wall time and the lower work time, each over the rounds."""
    return new if kept is None else (min(kept[0], new[0]), min(kept[1], new[1]))


def floor_mode(src: Path, work: Path, env_extra: dict[str, str], rounds: int, n: int, size: int) -> None:
    """Rounds of: the I/O floor, `posts-etl run` (every post new), the same run again (nothing
    changed); the installed CLI against a Prefect server started here. Prints each, then the
    best of each and the ratios of the bests."""
    home = Path(tempfile.mkdtemp(prefix="posts-etl-bench-prefect-"))
    data = work / "data-floor"
    cli = [str(BIN / "posts-etl"), "run", str(src), "--data-dir", str(data), "--json", "--no-progress"]
    floor_cmd = [sys.executable, str(HERE / "io_floor.py"), str(src), str(work / "floor")]
    load0 = os.getloadavg()
    try:
        t = time.perf_counter()
        with prefect_server(home) as (env, server):
            env = {**env, **env_extra}
            print(f"\n{n} posts, {size / 1e6:.1f} MB; Prefect server at {env['PREFECT_API_URL']} (up in {time.perf_counter() - t:.1f}s);"
                  f" load average {' '.join(f'{x:.2f}' for x in load0)}")
            print(f"{'round':5} {'':9} {'wall s':>7} {'work s':>7} {'posts/s':>8} {'wall/floor':>10} {'work/floor':>10} {'peak PSS':>9}  busy cores (work s: the floor's own timer; the flow's start to finish)")
            best: dict[str, tuple[float, float]] = {}
            peak, best_run = 0, None
            for i in range(1, rounds + 1):
                f = run_cli(floor_cmd, env, ROOT)
                assert f.summary["posts"] == n == f.summary["rows_loaded"], f.summary
                fl = (f.wall, float(f.summary["seconds"]))
                print(f"{i:<5} {'I/O floor':9} {fl[0]:7.2f} {fl[1]:7.2f} {n / fl[1]:8.0f} {1:10.2f} {1:10.2f} {f.peak_pss / 2**20:7.0f}MB  command {_cores(f.cpu / f.wall)}")
                best["floor"] = _best(best.get("floor"), fl)
                shutil.rmtree(data, ignore_errors=True)
                for what in ("run", "rerun"):
                    server_cpu = tree_cpu(server)
                    r = run_cli(cli, env, ROOT)
                    server_cpu = tree_cpu(server) - server_cpu
                    s = r.summary
                    if "temporary" in r.stderr:
                        print(f"      warning: the {what} did not use the server started here:\n{r.stderr[:500]}")
                    if what == "run":
                        assert s["files_seen"] == n == s["files_loaded"] + s["files_rejected"], s
                        peak = max(peak, r.peak_pss)
                    else:
                        assert s["files_unchanged"] == n, s
                    w = (r.wall, _flow_seconds(s))
                    rate = f"{n / w[1]:8.0f}" if what == "run" else f"{'':8}"
                    print(f"{i:<5} {what:9} {w[0]:7.2f} {w[1]:7.2f} {rate} {w[0] / fl[0]:10.2f} {w[1] / fl[1]:10.2f} {r.peak_pss / 2**20:7.0f}MB  {_busy_line(r)}; server {server_cpu:.1f} CPU s")
                    if what == "run" and (best_run is None or w[1] < best["run"][1]):
                        best_run = r
                    best[what] = _best(best.get(what), w)
            load1 = os.getloadavg()
        fw, fs = best["floor"]
        print(f"\n{f'best of {rounds}':15} {'wall s':>7} {'work s':>7} {'posts/s wall':>12} {'posts/s work':>12} {'wall/floor':>10} {'work/floor':>10}")
        for what, label in (("floor", "I/O floor"), ("run", "run"), ("rerun", "unchanged rerun")):
            w = best[what]
            rates = f"{n / w[0]:12.0f} {n / w[1]:12.0f}" if what != "rerun" else f"{'':12} {'':12}"
            print(f"{label:15} {w[0]:7.2f} {w[1]:7.2f} {rates} {w[0] / fw:10.2f} {w[1] / fs:10.2f}")
        print(f"peak PSS of the run's process tree (max over rounds): {peak / 2**20:.0f} MB")
        if best_run is not None:
            print(f"busy cores, the run with the best flow time: {_busy_line(best_run)}")
        print(f"load average {' '.join(f'{x:.2f}' for x in load0)} at start, {' '.join(f'{x:.2f}' for x in load1)} at end")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _unwind(signum: int, frame: object) -> None:
    print(f"bench_pipeline: stopped by {signal.Signals(signum).name}", file=sys.stderr)
    sys.exit(128 + signum)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=10_000, help="posts to generate")
    p.add_argument("--paragraphs", type=int, default=12)
    p.add_argument("--workers", type=int, help="transform processes (0 = one per CPU); default: the setting's default")
    p.add_argument("--batch-size", type=int, help="posts per batch; default: the setting's default")
    p.add_argument("--against", metavar="REV", help="also run REV's code on the same posts and print the speed-up over it")
    p.add_argument("--floor", action="store_true", help="run the I/O floor and the installed posts-etl against a Prefect server started here, in turns, and print the ratios")
    p.add_argument("--rounds", type=int, default=1, help="with --against or --floor: turns each side takes (best kept)")
    p.add_argument("--workdir", type=Path, help="keep inputs and outputs here (default: a temp dir, removed)")
    a = p.parse_args()
    if a.floor and a.against:
        p.error("--floor and --against are separate modes: give one")
    # A SIGTERM or SIGHUP unwinds like Ctrl-C, so the server and the command under way are stopped.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _unwind)

    work = a.workdir or Path(tempfile.mkdtemp(prefix="posts-etl-bench-"))
    src = work / "posts"
    trees = [("this tree", ROOT)]
    try:
        if a.against:
            trees.insert(0, (a.against, _checkout(a.against, work / "against-tree")))
        if not src.exists():
            t = time.perf_counter()
            info = _load_generator().generate(src, a.n, paragraphs=a.paragraphs, seed=0)
            print(f"generated {info['files']} posts, {info['bytes'] / 1e6:.1f} MB in {time.perf_counter() - t:.1f}s")
        size = sum(f.stat().st_size for f in src.rglob("*.txt"))
        n = sum(1 for _ in src.rglob("*.txt"))
        settings = {name: str(value) for name, value in (("POSTS_ETL_WORKERS", a.workers), ("POSTS_ETL_BATCH_SIZE", a.batch_size)) if value is not None}
        if a.floor:
            floor_mode(src, work, settings, max(1, a.rounds), n, size)
            return 0
        base = baseline_read_and_hash(src)

        env = {k: v for k, v in os.environ.items() if not k.startswith("POSTS_ETL_")} | settings
        print(f"\n{n} posts, {size / 1e6:.1f} MB; baseline (read + sha256 every file): {base:.2f}s; load average {os.getloadavg()[0]:.2f}")
        print(f"{'code':12} {'':9} {'wall s':>8} {'flow s':>8} {'posts/s':>9} {'MB/s':>7} {'peak PSS':>9} {'max RSS':>8} {'x baseline':>10}  batches  workers")
        best: dict[str, float] = {}
        for _ in range(max(1, a.rounds) if a.against else 1):
            for i, (label, tree) in enumerate(trees):
                flow_s = _side(label, tree, src, work / f"data-{i}", env, n, size, base)
                best[label] = min(best.get(label, flow_s), flow_s)
        if a.against:
            print(f"\nfirst-run flow time, best of {max(1, a.rounds)}: {a.against} {best[a.against]:.2f}s, this tree {best['this tree']:.2f}s:"
                  f" {best[a.against] / best['this tree']:.2f}x faster; load average {os.getloadavg()[0]:.2f}")
    finally:
        if a.against:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "against-tree")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if a.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
