"""End-to-end benchmark: generate N posts, time `posts-etl run` over them, print the figures.

    .venv/bin/python benchmarks/bench_pipeline.py -n 10000 [--workers N] [--batch-size N]

Prints, for the first run (everything new) and a rerun (everything unchanged):
wall time of the whole command (Prefect start-up included), the flow's own time (from the run
row), posts/s and MB/s on the flow's time, the peak memory of the command's process tree (sum
of PSS, which counts pages shared by forked workers once) and the largest single process RSS. As a same-process baseline it also times reading and hashing every input file, the I/O
floor any pipeline pays, and reports the flow's time as a multiple of it: on a shared, noisy
machine that ratio moves less than raw seconds.
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
BIN = Path(sys.executable).parent / "posts-etl"


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_posts", HERE / "generate_posts.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


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


def run_cli(args: list[str], env: dict[str, str]) -> tuple[float, list[int], dict]:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
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
    return wall, peak, json.loads(out)


def baseline_read_and_hash(src: Path) -> float:
    start = time.perf_counter()
    for path in src.rglob("*.txt"):
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=10_000, help="posts to generate")
    p.add_argument("--paragraphs", type=int, default=12)
    p.add_argument("--workers", type=int, help="transform processes (0 = one per CPU); default: $POSTS_ETL_WORKERS, else the setting's default")
    p.add_argument("--batch-size", type=int, help="posts per batch; default: $POSTS_ETL_BATCH_SIZE, else the setting's default")
    p.add_argument("--workdir", type=Path, help="keep inputs and outputs here (default: a temp dir, removed)")
    a = p.parse_args()

    work = a.workdir or Path(tempfile.mkdtemp(prefix="posts-etl-bench-"))
    src, data = work / "posts", work / "data"
    shutil.rmtree(data, ignore_errors=True)
    try:
        if not src.exists():
            t = time.perf_counter()
            info = _load_generator().generate(src, a.n, paragraphs=a.paragraphs, seed=0)
            print(f"generated {info['files']} posts, {info['bytes'] / 1e6:.1f} MB in {time.perf_counter() - t:.1f}s")
        size = sum(f.stat().st_size for f in src.rglob("*.txt"))
        n = sum(1 for _ in src.rglob("*.txt"))
        base = baseline_read_and_hash(src)

        env = dict(os.environ)
        for name, value in (("POSTS_ETL_WORKERS", a.workers), ("POSTS_ETL_BATCH_SIZE", a.batch_size)):
            if value is not None:
                env[name] = str(value)
        cmd = [str(BIN), "run", str(src), "--data-dir", str(data), "--json"]
        print(f"\n{n} posts, {size / 1e6:.1f} MB; baseline (read + sha256 every file): {base:.2f}s")
        print(f"{'':10} {'wall s':>8} {'flow s':>8} {'posts/s':>9} {'MB/s':>7} {'peak PSS':>9} {'max RSS':>8} {'x baseline':>10}  batches  workers")
        for label in ("first run", "rerun"):
            wall, peak, s = run_cli(cmd, env)
            flow_s = (datetime.fromisoformat(s["finished_at"]) - datetime.fromisoformat(s["started_at"])).total_seconds()
            print(
                f"{label:10} {wall:8.1f} {flow_s:8.1f} {n / flow_s:9.0f} {size / 1e6 / flow_s:7.2f} {peak[0] / 2**20:7.0f}MB {peak[1] / 2**20:6.0f}MB {flow_s / base:10.1f}"
                f"  {s['batches']:7d}  {s['workers']:7d}"
            )
            if label == "first run":
                assert s["files_seen"] == n == s["files_loaded"] + s["files_rejected"], s
            else:
                assert s["files_unchanged"] == n, s
        print(f"\nrows: {json.dumps(s['table_counts'])}")
    finally:
        if a.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
