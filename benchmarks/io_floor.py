"""The I/O floor of a run: read every post file, write the raw bytes as ZSTD Parquet, load that into DuckDB.

    .venv/bin/python benchmarks/io_floor.py SRC [OUT]

Nothing is parsed, hashed or checked: every ``*.txt`` file under SRC is read, its bytes and its
path relative to SRC go into ``OUT/raw.parquet`` (ZSTD, written in row groups of ``--chunk``
files so memory stays bounded), and a fresh ``OUT/floor.duckdb`` gets them as one table
(``CREATE TABLE ... AS SELECT * FROM read_parquet``). Whatever a pipeline does beyond this is
its own cost, so ``posts-etl run``'s time over this one is a ratio that a shared, noisy machine
moves less than raw seconds. OUT (default: a temporary folder, removed) is emptied first.

Prints one JSON line: ``posts``, ``bytes``, ``seconds`` (walk + read + Parquet + load, imports
excluded), ``posts_per_second``, the three parts' seconds, the Parquet file's size and the rows
the table holds. ``benchmarks/bench_pipeline.py --floor`` runs it next to ``posts-etl run``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA = pa.schema([("source_path", pa.string()), ("raw", pa.binary())])


def floor(src: Path, out: Path, chunk: int = 2000) -> dict[str, float | int]:
    """Read, write and load every post under ``src`` into ``out``; the figures of the pass."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    parquet, db = out / "raw.parquet", out / "floor.duckdb"
    start = time.perf_counter()
    read_s = write_s = 0.0
    posts = size = 0
    with pq.ParquetWriter(parquet, SCHEMA, compression="zstd") as writer:
        names: list[str] = []
        blobs: list[bytes] = []
        paths = src.rglob("*.txt")
        while True:
            t = time.perf_counter()
            for path in paths:
                names.append(path.relative_to(src).as_posix())
                blobs.append(path.read_bytes())
                if len(names) == chunk:
                    break
            read_s += time.perf_counter() - t
            if not names:
                break
            t = time.perf_counter()
            writer.write_table(pa.table([pa.array(names, pa.string()), pa.array(blobs, pa.binary())], schema=SCHEMA))
            write_s += time.perf_counter() - t
            posts += len(names)
            size += sum(map(len, blobs))
            names, blobs = [], []
    t = time.perf_counter()
    con = duckdb.connect(str(db))
    try:
        con.execute("CREATE TABLE raw_posts AS SELECT * FROM read_parquet(?)", [str(parquet)])
        row = con.execute("SELECT count(*) FROM raw_posts").fetchone()
    finally:
        con.close()
    end = time.perf_counter()
    seconds = end - start
    return {
        "posts": posts,
        "bytes": size,
        "seconds": round(seconds, 4),
        "posts_per_second": round(posts / seconds, 1) if seconds > 0 else 0.0,
        "read_seconds": round(read_s, 4),
        "parquet_seconds": round(write_s, 4),
        "load_seconds": round(end - t, 4),
        "parquet_bytes": parquet.stat().st_size,
        "rows_loaded": int(row[0]) if row else 0,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("src", type=Path, help="folder of *.txt posts (read recursively)")
    p.add_argument("out", type=Path, nargs="?", help="folder for raw.parquet and floor.duckdb (emptied first; default: a temp dir, removed)")
    p.add_argument("--chunk", type=int, default=2000, help="files per Parquet row group")
    a = p.parse_args()
    if not a.src.is_dir():
        sys.exit(f"io_floor: {a.src} is not a folder")
    out = a.out or Path(tempfile.mkdtemp(prefix="posts-etl-floor-"))
    try:
        print(json.dumps(floor(a.src, out, a.chunk)))
    finally:
        if a.out is None:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
