"""One batch of a run: transform its posts on the worker processes and stage its rows as Parquet."""

from __future__ import annotations

import functools
import time
from typing import Any

from prefect import get_run_logger

from flows import budget, progress
from flows.pool import can_fork, imap_in_workers
from flows.settings import Settings
from flows.source import Read
from flows.stops import checkpoint
from transforms.post import Article, Reject, process_post_safely
from transforms.rows import article_rows, reject_row
from warehouse import lake, tables

_CHUNK = 32  # posts per hand-off to a pool process


def _process_many(datas: list[bytes], workers: int, post_seconds: int = 0) -> list[Article | Reject]:
    """Run the pure per-post transform over a batch on ``workers`` forked processes
    (flows/pool.py says why forked, and how they stop with the run), each post within its CPU
    budget (flows/budget.py). A small batch runs in this process when the budget's timer can
    reach it here (the main thread); otherwise one forked worker gives the timer a main thread."""
    track = progress.current()
    out: list[Article | Reject] = []
    transform = functools.partial(budget.run_within, process_post_safely, post_seconds)
    if not can_fork() or ((workers <= 1 or len(datas) <= _CHUNK) and (budget.can_interrupt() or not post_seconds)):
        results: Any = map(transform, datas)
    else:
        results = imap_in_workers(transform, datas, max(1, workers), _CHUNK)
    for r in results:
        out.append(r)
        track.advance()
        checkpoint()
    return out


def stage_batch(entries: list[dict[str, Any]], reads: list[Read], settings: Settings, run_id: str, batch_no: int, batches: int, ingest_date: str) -> dict[str, Any]:
    """Transform a batch's bytes and stage its rows as Parquet, one file per table; log once.

    ``reads[i]`` is entry i's (bytes, sha256, reject-before-transform). Returns the rows per
    table and the batch's reject reasons with their counts.
    """
    started = time.monotonic()
    todo = [(i, data) for i, (data, _, reject) in enumerate(reads) if reject is None and data is not None]
    checkpoint()
    processed = dict(zip([i for i, _ in todo], _process_many([data for _, data in todo], settings.worker_count, settings.post_seconds)))
    progress.current().advance(len(entries) - len(todo))  # rejected before the transform

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in tables.POST_TABLES}
    for i, entry in enumerate(entries):
        data, sha, result = reads[i][0], reads[i][1], reads[i][2] or processed[i]
        post_id, source_path = entry["post_id"], entry["source_path"]
        if isinstance(result, Reject):
            rows["rejects"].append(reject_row(result, post_id, source_path, entry["size_bytes"], sha, run_id))
            status = "rejected"
        else:
            assert sha is not None  # bytes that were read have their hash
            for table, new in article_rows(result, post_id, source_path, sha, run_id).items():
                rows[table].extend(new)
            status = "loaded"
        rows["raw_posts"].append(
            {"post_id": post_id, "source_path": source_path, "size_bytes": entry["size_bytes"], "sha256": sha, "raw": data, "status": status, "file_mtime": entry["file_mtime"], "run_id": run_id}
        )
    stage = lake.staging_dir(settings.data_dir, run_id)
    written = {t: lake.write_parquet(lake.batch_file(stage, t, ingest_date, run_id, batch_no), t, r) for t, r in rows.items()}
    reasons: dict[str, int] = {}
    for r in rows["rejects"]:
        reasons[r["reason_code"]] = reasons.get(r["reason_code"], 0) + 1
    get_run_logger().info(
        "batch %d/%d: %d posts -> %d articles (%d quotes, %d links), %d rejected%s in %.1f s",
        batch_no, batches, len(entries), written["articles"], written["quotes"], written["links"], written["rejects"],
        " (" + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())) + ")" if reasons else "", time.monotonic() - started,
    )
    return {"rows": written, "reject_reasons": reasons}
