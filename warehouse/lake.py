"""The Parquet lake: atomic writes, and moving a run's staged files into place.

Layout under ``<data_dir>/lake``::

    <table>/ingest_date=YYYY-MM-DD/<run_id>-b<batch>.parquet   one file per batch and table
    runs/ingest_date=YYYY-MM-DD/<run_id>.parquet               written last: the run's commit marker
    _staging/<run_id>/<table>/ingest_date=.../...              a run in progress

Every file is written under a temporary name and renamed, so a reader never sees half a file.
The lake keeps every version of every post (raw bytes included); the warehouse keeps the latest.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.tables import SCHEMAS, to_arrow


def lake_dir(data_dir: Path) -> Path:
    return data_dir / "lake"


def staging_dir(data_dir: Path, run_id: str) -> Path:
    return lake_dir(data_dir) / "_staging" / run_id


def _tmp_path(path: Path) -> Path:
    """Where a file is written before it is renamed into place."""
    return path.with_name(f".{path.name}.tmp")


def write_parquet(path: Path, table: str, rows: Iterable[Mapping[str, Any]] | pa.Table) -> int:
    """Write rows as ZSTD Parquet under a temporary name, then rename. Returns the row count."""
    data = rows if isinstance(rows, pa.Table) else to_arrow(table, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(path)
    pq.write_table(data, tmp, compression="zstd")
    os.replace(tmp, path)
    return data.num_rows


class BatchFiles:
    """One batch's staged files, one per table, written as the batch's rows come in.

    Each :meth:`write` appends a row group to every table's file, so the flow's process writes a
    batch while its workers are still transforming it, rather than holding the whole batch and
    writing it at the end with the workers idle. The files are written under temporary names and
    renamed only by :meth:`close`; :meth:`abort` (any way out of the ``with`` but its end)
    removes them, so a failed or stopped batch leaves no file behind."""

    def __init__(self, paths: Mapping[str, Path]):
        self._paths = dict(paths)
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.rows = {table: 0 for table in self._paths}

    def _tmp(self, table: str) -> Path:
        return _tmp_path(self._paths[table])

    def _writer(self, table: str) -> pq.ParquetWriter:
        writer = self._writers.get(table)
        if writer is None:
            self._paths[table].parent.mkdir(parents=True, exist_ok=True)
            writer = self._writers[table] = pq.ParquetWriter(self._tmp(table), SCHEMAS[table], compression="zstd")
        return writer

    def write(self, parts: Mapping[str, pa.Table]) -> None:
        for table, data in parts.items():
            if data.num_rows:
                self._writer(table).write_table(data)
                self.rows[table] += data.num_rows

    def close(self) -> dict[str, int]:
        """Finish every file (a table with no rows gets an empty one) and rename it into place;
        returns the rows written per table."""
        for table, path in self._paths.items():
            self._writer(table).close()
            os.replace(self._tmp(table), path)
        self._writers.clear()
        return dict(self.rows)

    def abort(self) -> None:
        for table, writer in self._writers.items():
            try:
                writer.close()
            except Exception:  # the batch is failing already (a full disk, say): that error is the one to see
                pass
            self._tmp(table).unlink(missing_ok=True)
        self._writers.clear()

    def __enter__(self) -> BatchFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None or self._writers:
            self.abort()


def batch_file(stage: Path, table: str, ingest_date: str, run_id: str, batch_no: int) -> Path:
    return stage / table / f"ingest_date={ingest_date}" / f"{run_id}-b{batch_no:05d}.parquet"


def run_marker(data_dir: Path, ingest_date: str, run_id: str) -> Path:
    return lake_dir(data_dir) / "runs" / f"ingest_date={ingest_date}" / f"{run_id}.parquet"


def promote(data_dir: Path, run_id: str) -> int:
    """Move a run's staged files into the lake, then drop the staging folder. Idempotent."""
    stage = staging_dir(data_dir, run_id)
    moved = 0
    if not stage.exists():
        return 0
    # the run's marker moves last: a lake reader takes a run only once its marker is there
    # (the batch manifests under _manifests/ are the run's working notes: they are dropped)
    files = [p for p in stage.rglob("*.parquet") if p.relative_to(stage).parts[0] in SCHEMAS]
    files.sort(key=lambda p: (p.relative_to(stage).parts[0] == "runs", str(p)))
    for path in files:
        target = lake_dir(data_dir) / path.relative_to(stage)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        moved += 1
    shutil.rmtree(stage)
    return moved


def staged_runs(data_dir: Path) -> list[str]:
    root = lake_dir(data_dir) / "_staging"
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []


def discard(data_dir: Path, run_id: str) -> None:
    shutil.rmtree(staging_dir(data_dir, run_id), ignore_errors=True)


def read_table(path: Path) -> pa.Table:
    return pq.read_table(path)


def write_manifest(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(path)
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def read_raw_bytes(data_dir: Path, entries: list[dict[str, Any]]) -> dict[tuple[str, str], bytes | None]:
    """(post_id, run_id) -> raw bytes, read from the raw_posts lake files of the runs that wrote
    them. Each entry names ``post_id``, ``lake_run_id`` and ``lake_date`` (its partition)."""
    wanted: dict[tuple[str, str], set[str]] = {}
    for e in entries:
        wanted.setdefault((e["lake_date"], e["lake_run_id"]), set()).add(e["post_id"])
    out: dict[tuple[str, str], bytes | None] = {}
    root = lake_dir(data_dir) / "raw_posts"
    for (day, run), ids in sorted(wanted.items()):
        for path in sorted((root / f"ingest_date={day}").glob(f"{run}-b*.parquet")):
            table = pq.read_table(path, columns=["post_id", "run_id", "raw"], filters=[("post_id", "in", sorted(ids))])
            for row in table.to_pylist():
                out[(row["post_id"], row["run_id"])] = row["raw"]
    return out
