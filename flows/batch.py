"""One batch of a run: transform its posts on the run's worker processes and stage its rows as Parquet."""

from __future__ import annotations

import functools
import time
from typing import Any

from prefect import get_run_logger

from flows import budget, pool, progress
from flows.settings import Settings
from flows.source import Read
from flows.stops import checkpoint
from transforms.post import Article, Reject, process_post_safely
from transforms.rows import article_rows, reject_row
from warehouse import lake, tables

_CHUNK = 32  # posts per hand-off to a pool process

# A post the warm-up transforms in the flow's process before the pool forks: a title, a quote,
# a link, so every stage loads what it needs (tldextract's suffix list above all) once.
_WARM_UP_POST = b'Warm-up\n\n"It loads once," the engineer said on Monday. More at https://www.example.co.uk/a/b?c=1\n'


def warm_up() -> None:
    process_post_safely(_WARM_UP_POST)


def _transform_chunk(post_seconds: int, datas: list[bytes]) -> list[Article | Reject]:
    """In a worker (or this process): the pure per-post transform over a chunk of posts, each
    within its CPU budget (flows/budget.py)."""
    return [budget.run_within(process_post_safely, post_seconds, data) for data in datas]


def _process_many(datas: list[bytes], workers: int, post_seconds: int = 0) -> list[Article | Reject]:
    """Run the transform over a batch on the run's worker pool (flows/pool.py says how it is
    forked and how it stops with the run), a chunk of posts per hand-off. A small batch runs in
    this process when the budget's timer can reach it here (the main thread); otherwise one
    forked worker gives the timer a main thread."""
    track = progress.current()
    out: list[Article | Reject] = []
    transform = functools.partial(_transform_chunk, post_seconds)
    chunks = [datas[i : i + _CHUNK] for i in range(0, len(datas), _CHUNK)]
    own: pool.WorkerPool | None = None
    if not pool.can_fork() or ((workers <= 1 or len(datas) <= _CHUNK) and (budget.can_interrupt() or not post_seconds)):
        results: Any = map(transform, chunks)
    else:
        run_pool = pool.current()
        if run_pool is None:  # a batch outside a run: a pool of its own, for this batch
            run_pool = own = pool.WorkerPool(workers, warm_up)
        results = run_pool.imap(transform, chunks)
    try:
        for chunk in results:
            out.extend(chunk)
            track.advance(len(chunk))
            checkpoint()
    finally:
        if own is not None:
            own.kill()
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
