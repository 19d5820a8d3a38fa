"""One batch of a run: transform its posts on the run's worker processes and stage its rows as Parquet.

The hand-off is columnar: a worker turns a chunk of posts into Arrow tables (articles, quotes,
links, rejects; warehouse/tables.py's schemas), and the flow's process only appends them to the
batch's Parquet files as they come back, with the raw_posts table built from the batch's columns.
No ``Article`` crosses a process boundary and the parent builds no row.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa
from prefect import get_run_logger

from flows import budget, pool, progress
from flows.settings import Settings
from flows.source import Read
from flows.stops import checkpoint
from transforms.post import Reject, process_post_safely
from transforms.rows import add_article, add_reject, new_columns
from warehouse import lake, tables

_CHUNK = 32  # posts per hand-off to a pool process
_ROW_GROUP_POSTS = 512  # posts per row group of a batch's staged files (16 chunks)
TRANSFORMED = ("articles", "quotes", "links", "rejects")  # the tables a worker builds

# A post the warm-up transforms in the flow's process before the pool forks: a title, quotes
# (one a pronoun resolves, which loads the first names' genders), a link, so every stage loads
# what it needs (tldextract's suffix list above all) once.
_WARM_UP_POST = b'Warm-up\n\n"It loads once," Ada Roe, the engineer, said on Monday. "Once only," she said. More at https://www.example.co.uk/a/b?c=1\n'

# One post as a chunk carries it: post_id, source_path, size_bytes, sha256, the bytes to
# transform (None for a post already rejected) and that reject.
Post = tuple[str, str, int, str | None, bytes | None, Reject | None]
Chunk = tuple[dict[str, pa.Table], list[str]]  # the chunk's tables, and each post's raw_posts status


def warm_up() -> None:
    process_post_safely(_WARM_UP_POST)


def transform_chunk(run_id: str, post_seconds: int, posts: list[Post]) -> Chunk:
    """In a worker (or this process): the pure per-post transform over a chunk of posts, each
    within its CPU budget (flows/budget.py), as Arrow tables in the posts' order."""
    cols = new_columns()
    status: list[str] = []
    with budget.handler_for(post_seconds):  # once for the chunk, not around each post
        for post_id, source_path, size, sha, data, rejected in posts:
            result = rejected or budget.run_within(process_post_safely, post_seconds, data or b"")
            if isinstance(result, Reject):
                add_reject(cols, result, post_id, source_path, size, sha, run_id)
                status.append("rejected")
            else:
                assert sha is not None  # bytes that were read have their hash
                add_article(cols, result, post_id, source_path, sha, run_id)
                status.append("loaded")
    return {t: tables.columns_to_arrow(t, cols[t]) for t in TRANSFORMED}, status


def _transform_all(posts: Iterable[Post], to_transform: int, run_id: str, workers: int, post_seconds: int) -> Iterator[Chunk]:
    """Run the transform over a batch on the run's worker pool (flows/pool.py says how it is
    forked and how it stops with the run), a chunk of posts per hand-off; yields each chunk's
    tables and statuses in the posts' order. A small batch (``to_transform`` posts, those the
    plan did not reject already) runs in this process when the budget's timer can reach it here
    (the main thread); otherwise one forked worker gives the timer a main thread. ``posts`` is
    consumed chunk by chunk, as the chunks are handed out."""
    track = progress.current()
    transform = functools.partial(transform_chunk, run_id, post_seconds)
    it = iter(posts)
    chunks = iter(lambda: list(itertools.islice(it, _CHUNK)), [])
    own: pool.WorkerPool | None = None
    if not pool.can_fork() or ((workers <= 1 or to_transform <= _CHUNK) and (budget.can_interrupt() or not post_seconds)):
        results: Any = map(transform, chunks)
    else:
        run_pool = pool.current()
        if run_pool is None:  # a batch outside a run: a pool of its own, for this batch
            run_pool = own = pool.WorkerPool(workers, warm_up)
        results = run_pool.imap(transform, chunks)
    try:
        for chunk_tables, chunk_status in results:
            yield chunk_tables, chunk_status
            track.advance(len(chunk_status))
            checkpoint()
    finally:
        if own is not None:
            own.kill()


def stage_batch(entries: list[dict[str, Any]], reads: Iterable[Read], settings: Settings, run_id: str, batch_no: int, batches: int, ingest_date: str) -> dict[str, Any]:
    """Transform a batch's bytes and stage its rows as Parquet, one file per table; log once.

    ``reads`` gives entry i's (bytes, sha256, reject-before-transform) i-th, and may read them
    only when asked (the folder source does), so reading overlaps the transform. The chunks'
    tables are written as they come back, ``_ROW_GROUP_POSTS`` posts per row group, so writing
    overlaps it too (warehouse/lake.py's BatchFiles). Returns the rows per table and the batch's
    reject reasons with their counts.
    """
    started = time.monotonic()
    read: list[Read] = []  # what the source gave for the entries read but not yet written, oldest first

    def posts() -> Iterator[Post]:  # read as the chunks are handed out: workers start on the first
        for e, r in zip(entries, reads):
            read.append(r)
            data, sha, rejected = r
            yield e["post_id"], e["source_path"], e["size_bytes"], sha, data if rejected is None else None, rejected

    checkpoint()
    to_transform = sum(1 for e in entries if not e.get("reject_code"))
    stage = lake.staging_dir(settings.data_dir, run_id)
    reasons: Counter[str] = Counter()
    pending: dict[str, list[pa.Table]] = {t: [] for t in TRANSFORMED}
    status: list[str] = []
    done = 0  # posts whose rows are written

    def flush(out: lake.BatchFiles) -> None:
        nonlocal done
        n = len(status)
        part = {t: pa.concat_tables(p) for t, p in pending.items() if p}
        part["raw_posts"] = _raw_posts(entries[done:done + n], read[:n], status, run_id)
        out.write(part)
        if "rejects" in part:
            reasons.update(part["rejects"]["reason_code"].to_pylist())
        del read[:n]  # the bytes are in the file now
        done += n
        status.clear()
        for p in pending.values():
            p.clear()

    with lake.BatchFiles({t: lake.batch_file(stage, t, ingest_date, run_id, batch_no) for t in tables.POST_TABLES}) as out:
        for chunk_tables, chunk_status in _transform_all(posts(), to_transform, run_id, settings.worker_count, settings.post_seconds):
            for t in TRANSFORMED:
                pending[t].append(chunk_tables[t])
            status.extend(chunk_status)
            if len(status) >= _ROW_GROUP_POSTS:
                flush(out)
        if status:
            flush(out)
        written = out.close()
    get_run_logger().info(
        "batch %d/%d: %d posts -> %d articles (%d quotes, %d links), %d rejected%s in %.1f s",
        batch_no, batches, len(entries), written["articles"], written["quotes"], written["links"], written["rejects"],
        " (" + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())) + ")" if reasons else "", time.monotonic() - started,
    )
    return {"rows": written, "reject_reasons": dict(reasons)}


def _raw_posts(entries: list[dict[str, Any]], read: list[Read], status: list[str], run_id: str) -> pa.Table:
    """The raw_posts rows of consecutive entries: their bytes as read, and what became of each."""
    assert len(read) == len(entries) == len(status), "every entry is read before its rows are written"
    return tables.columns_to_arrow(
        "raw_posts",
        {
            "post_id": [e["post_id"] for e in entries],
            "source_path": [e["source_path"] for e in entries],
            "size_bytes": [e["size_bytes"] for e in entries],
            "sha256": [sha for _, sha, _ in read],
            "raw": [data for data, _, _ in read],
            "status": list(status),
            "file_mtime": [e["file_mtime"] for e in entries],
            "run_id": [run_id] * len(entries),
        },
    )
