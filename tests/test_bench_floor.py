"""Tests for the I/O floor (benchmarks/io_floor.py) and the figures bench_pipeline --floor reads:
what the floor writes, the CPU and memory of a process tree, and the phases in a run's log."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def floor():
    return _load("io_floor")


@pytest.fixture(scope="module")
def bench():
    return _load("bench_pipeline")


@pytest.fixture
def posts(tmp_path: Path) -> dict[str, bytes]:
    files = {f"{d:02d}/{i:03d}.txt": f"post {d}-{i}\n\n“A quote,” she said.\n".encode() * (i + 1) for d in range(3) for i in range(7)}
    files["00/binary.txt"] = bytes(range(256))
    for rel, data in files.items():
        (tmp_path / "posts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "posts" / rel).write_bytes(data)
    (tmp_path / "posts" / "00" / "notes.md").write_text("not a post")
    return files


def test_floor_writes_every_post_raw_to_parquet_and_duckdb(floor, posts, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale").write_text("emptied first")
    figures = floor.floor(tmp_path / "posts", out, chunk=5)
    assert figures["posts"] == figures["rows_loaded"] == len(posts)
    assert figures["bytes"] == sum(map(len, posts.values()))
    assert sorted(p.name for p in out.iterdir()) == ["floor.duckdb", "raw.parquet"]
    table = pq.read_table(out / "raw.parquet")
    assert dict(zip(table["source_path"].to_pylist(), table["raw"].to_pylist())) == posts
    assert pq.ParquetFile(out / "raw.parquet").metadata.row_group(0).column(1).compression == "ZSTD"
    with duckdb.connect(str(out / "floor.duckdb"), read_only=True) as con:
        assert dict(con.execute("select source_path, raw from raw_posts").fetchall()) == posts


def test_floor_script_prints_one_json_line(posts, tmp_path):
    out = subprocess.run([sys.executable, str(BENCH / "io_floor.py"), str(tmp_path / "posts")], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert figures["posts"] == len(posts) and figures["seconds"] > 0


def test_tree_cpu_and_memory_count_a_reaped_grandchild(bench, tmp_path):
    # The child forks a grandchild that spins for 0.3 s of CPU and reaps it: its CPU counts.
    script = textwrap.dedent("""
        import json, os, time
        pid = os.fork()
        if pid == 0:
            while time.process_time() < 0.3:
                pass
            os._exit(0)
        os.waitpid(pid, 0)
        print(json.dumps({"ok": 1}))
    """)
    r = bench.run_cli([sys.executable, "-c", script], {}, tmp_path)
    assert r.summary == {"ok": 1}
    assert r.cpu >= 0.3 and r.samples[-1][1] == r.cpu
    assert all(a[1] <= b[1] and a[0] <= b[0] for a, b in zip(r.samples, r.samples[1:]))
    assert r.peak_pss > 0 and r.max_rss >= r.peak_pss / 2


def _run(bench, stderr: str, samples: list[tuple[float, float]], start: datetime):
    summary = {"started_at": start.isoformat(), "finished_at": start.replace(second=10).isoformat()}
    return bench.Run(wall=10.0, start=start.timestamp(), peak_pss=0, max_rss=0, cpu=samples[-1][1], samples=samples, summary=summary, stderr=stderr)


def test_phases_come_from_the_task_log_lines(bench):
    start = datetime(2026, 1, 2, 3, 4, 0, tzinfo=timezone.utc).astimezone()  # log times are local
    at = start.strftime("%H:%M")
    stderr = "\n".join([
        "posts-etl: using the server at http://127.0.0.1:1/api",
        f"{at}:00.500 | INFO    | Task run 'plan-batches-672' - 3 files seen",
        f"{at}:01.000 | INFO    | Task run 'plan-batches-672' - Finished in state Completed()",
        f"{at}:05.000 | INFO    | Task run 'transform-batch-2-of-2' - Finished in state Completed()",
        f"{at}:07.000 | INFO    | Task run 'transform-batch-1-of-2' - Finished in state Completed()",
        f"{at}:09.000 | INFO    | Task run 'load-warehouse-d21' - Finished in state Completed()",
    ])
    t0 = start.timestamp()
    # 1 core busy until 1 s in, 2 cores from 1 to 7 s, 1 core after
    samples = [(t0 - 1, 0.0), (t0 + 1, 2.0), (t0 + 7, 14.0), (t0 + 10, 17.0)]
    r = _run(bench, stderr, samples, start)
    assert [(name, round(a - t0, 3), round(b - t0, 3)) for name, a, b in bench.phases(r)] == [
        ("plan-batches", 0.0, 1.0), ("transform-batch", 1.0, 7.0), ("load-warehouse", 7.0, 9.0)]
    assert r.busy(t0 + 1, t0 + 7) == pytest.approx(2.0)
    assert r.busy(t0 + 7, t0 + 9) == pytest.approx(1.0)
    line = bench._busy_line(r)
    assert "transform-batch 2.00" in line and "over 6.0s" in line
