"""End-to-end benchmark: generate N posts, time `posts-etl run` over them, print the figures.

    .venv/bin/python benchmarks/bench_pipeline.py -n 10000 [--workers N] [--batch-size N]
        [--against REV [--rounds 2]]

Prints, for the first run (everything new) and a rerun (everything unchanged):
wall time of the whole command (Prefect start-up included), the flow's own time (from the run
row), posts/s and MB/s on the flow's time, the peak memory of the command's process tree (sum
of PSS, which counts pages shared by forked workers once) and the largest single process RSS. As a same-process baseline it also times reading and hashing every input file, the I/O
floor any pipeline pays, and reports the flow's time as a multiple of it: on a shared, noisy
machine that ratio moves less than raw seconds.

With ``--against REV`` the same posts also go through REV's code (a temporary ``git worktree``),
the two sides taking turns for ``--rounds`` rounds, and the last line gives REV's best flow time
over this tree's best: the speed-up of the working tree over REV, measured in one invocation.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
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


def _tree_memory(root: int) -> tuple[int, int]:
    """(sum of PSS over a process and its descendants, largest single RSS), in bytes.

    PSS splits each shared page between the processes sharing it, so forked workers are not
    counted twice for the memory they share with their parent, as a sum of RSS would."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(entry))
    pss = rss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                fields = dict(line.split(":", 1) for line in fh.read().splitlines()[1:])
        except OSError:
            continue
        pss += int(fields["Pss"].split()[0]) * 1024
        rss = max(rss, int(fields["Rss"].split()[0]) * 1024)
    return pss, rss


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, list[int], dict]:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            pss, rss = _tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"posts-etl failed ({proc.returncode}):\n{err[-4000:]}")
    try:
        return wall, peak, json.loads(out)
    except json.JSONDecodeError as exc:
        sys.exit(f"posts-etl printed no single JSON summary ({exc}); its output began:\n{out[:2000]}\nstderr ended:\n{err[-2000:]}")


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
        wall, peak, s = run_cli(_command(tree, src, data), env, tree)
        flow_s = (datetime.fromisoformat(s["finished_at"]) - datetime.fromisoformat(s["started_at"])).total_seconds()
        print(
            f"{label[:12]:12} {run:9} {wall:8.1f} {flow_s:8.1f} {n / flow_s:9.0f} {size / 1e6 / flow_s:7.2f} {peak[0] / 2**20:7.0f}MB {peak[1] / 2**20:6.0f}MB"
            f" {flow_s / base:10.1f}  {s['batches']:7d}  {s['workers']:7d}"
        )
        if run == "first run":
            assert s["files_seen"] == n == s["files_loaded"] + s["files_rejected"], s
            first = flow_s
        else:
            assert s["files_unchanged"] == n, s
    print(f"{'':12} rows: {json.dumps(s['table_counts'])}")
    return first


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=10_000, help="posts to generate")
    p.add_argument("--paragraphs", type=int, default=12)
    p.add_argument("--workers", type=int, help="transform processes (0 = one per CPU); default: the setting's default")
    p.add_argument("--batch-size", type=int, help="posts per batch; default: the setting's default")
    p.add_argument("--against", metavar="REV", help="also run REV's code on the same posts and print the speed-up over it")
    p.add_argument("--rounds", type=int, default=1, help="with --against: turns each side takes (best flow time kept)")
    p.add_argument("--workdir", type=Path, help="keep inputs and outputs here (default: a temp dir, removed)")
    a = p.parse_args()

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
        base = baseline_read_and_hash(src)

        env = {k: v for k, v in os.environ.items() if not k.startswith("POSTS_ETL_")}
        for name, value in (("POSTS_ETL_WORKERS", a.workers), ("POSTS_ETL_BATCH_SIZE", a.batch_size)):
            if value is not None:
                env[name] = str(value)
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
