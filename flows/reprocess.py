"""The reprocess flow: rebuild articles, quotes and links from the raw posts kept in the lake.

Run it after the transforms change. Nothing is read from any source folder: the input is the
raw bytes of the version of each post the warehouse holds now, read back from
``lake/raw_posts``. The output is an ordinary run (new ``run_id``, same staging, same checked
all-or-nothing load, same data-dir lock as ``ingest-posts``), so every post gets a new version
in the lake and ``posts-etl rebuild`` picks it up. Posts whose bytes were never kept (unreadable
files, files over ``max_raw_bytes``) keep their rows and count as unchanged.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

import pyarrow as pa
from pydantic import Field
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import deployment, flow_run

from flows import progress, report
from flows.engine import RunOutcome, expected_failures, finish, result
from flows.stops import checkpoint
from flows.ingest import (
    FLOW_TIMEOUT_SECONDS,
    RETRIES,
    RETRY_DELAYS,
    Plan,
    build_run_row,
    check_data_dir,
    finish_report,
    load_warehouse,
    locked,
    retry_on_io_error,
    run_summary,
    stage_batch,
    start_run,
    write_manifests,
)
from flows.settings import Settings, SettingsError
from transforms.post import Reject
from warehouse import db, lake
from warehouse.recovery import abandon_run, recover_staging

_MANIFEST_SCHEMA = pa.schema(
    [
        ("post_id", pa.string()),
        ("source_path", pa.string()),
        ("size_bytes", pa.int64()),
        ("sha256", pa.string()),
        ("file_mtime", pa.timestamp("us", tz="UTC")),
        ("lake_run_id", pa.string()),  # the run whose lake files hold the bytes
        ("lake_date", pa.string()),  # that run's ingest_date partition
    ]
)

@task(name="plan-reprocess", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_io_error)
@expected_failures
def plan_reprocess(settings: Settings, run_id: str) -> Plan:
    """List the current version of every post and write one manifest per batch of them."""
    logger = get_run_logger()
    for note in recover_staging(settings.data_dir):
        logger.warning(note)
    current = db.current_posts(db.warehouse_path(settings.data_dir))
    todo = [c for c in current if c["has_raw"]]
    kept = len(current) - len(todo)
    if kept:
        logger.warning("%d posts have no stored bytes (unreadable, or over max_raw_bytes): their rows are kept as they are", kept)
    manifests, per_batch = write_manifests(settings, run_id, todo, _MANIFEST_SCHEMA)
    logger.info("%d posts in the warehouse: %d to reprocess in %d batches of up to %d, %d kept as they are", len(current), len(todo), len(manifests), per_batch, kept)
    return Plan(manifests, len(current), kept, len(todo))


@task(name="reprocess-batch", task_run_name="reprocess-batch-{batch_no}-of-{batches}", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_io_error)
@expected_failures
def reprocess_batch(manifest: str, settings: Settings, run_id: str, batch_no: int, batches: int, ingest_date: str) -> dict[str, Any]:
    """Read one batch's raw bytes back from the lake, transform them again, stage the rows."""
    entries = lake.read_table(Path(manifest)).to_pylist()
    raw = lake.read_raw_bytes(settings.data_dir, entries)
    reads: list[tuple[bytes | None, str | None, Reject | None]] = []
    for e in entries:
        data = raw.get((e["post_id"], e["lake_run_id"]))
        if data is None:
            raise FileNotFoundError(f"the lake has no raw bytes for {e['source_path']} (run {e['lake_run_id']}): run `posts-etl rebuild` or ingest it again")
        if len(data) > settings.max_post_bytes:
            reads.append((data, e["sha256"], Reject("too_large", f"{len(data):,} bytes is over max_post_bytes={settings.max_post_bytes:,}")))
        else:
            reads.append((data, e["sha256"], None))
    return stage_batch(entries, reads, settings, run_id, batch_no, batches, ingest_date)


def reprocess_run_name() -> str:
    """'reprocess data 2026-12-03 02:00' (UTC): what the UI lists the run as."""
    return f"reprocess {flow_run.parameters.get('data_dir') or 'data'} {datetime.now(timezone.utc):%Y-%m-%d %H:%M}"


@flow(name="reprocess-posts", version="1", flow_run_name=reprocess_run_name, timeout_seconds=FLOW_TIMEOUT_SECONDS)
def reprocess_posts(
    data_dir: str = "",
    batch_size: Annotated[int | None, Field(ge=1, le=1_000_000)] = None,
    workers: Annotated[int | None, Field(ge=0, le=256)] = None,
) -> Any:
    """Rebuild articles, quotes and links from the raw posts in the lake, after the transforms change.

    Nothing is read from the source folder: each post's bytes come from lake/raw_posts. The run
    replaces every post's rows in one checked transaction (all or nothing) and takes the same
    data-dir lock as ingest-posts, so it never overlaps an ingest (it waits its turn). A stop
    ends it as Cancelled with the warehouse as before.

    Args:
        data_dir: Where lake/ and warehouse.duckdb live (must hold a warehouse already). Empty: $POSTS_ETL_DATA_DIR, else ./data.
        batch_size: Posts per reprocess task run (1 to 1,000,000). Larger batches mean fewer task runs; memory grows with it. Empty: the setting POSTS_ETL_BATCH_SIZE, else its default (flows/settings.py).
        workers: Processes for the transform step (0 to 256). 0 means one per CPU; 1 runs batches in the flow's process. Empty: the setting POSTS_ETL_WORKERS, else its default (flows/settings.py).
    """
    return finish("reprocess-posts", deployment.name, data_dir or "the default data dir", lambda outcome: _reprocess(outcome, data_dir, batch_size, workers))


def _reprocess(outcome: RunOutcome, data_dir: str, batch_size: int | None, workers: int | None) -> dict[str, Any]:
    logger = get_run_logger()
    settings = Settings.resolve(data_dir=data_dir or None, batch_size=batch_size, workers=workers)
    warehouse = db.warehouse_path(settings.data_dir)
    if not warehouse.exists():
        raise SettingsError(f"no warehouse at {warehouse}: nothing to reprocess (run ingest-posts into this data dir first)")
    check_data_dir(settings.data_dir)
    with locked(settings), progress.tracking(report.artifact_key("reprocess-posts", deployment.name, "progress")) as track:
        started, run_id, ingest_date = start_run()
        source = ", ".join(db.current_sources(warehouse)) or None  # where the posts came from; the bytes come from the lake
        logger.info("reprocess run %s: raw posts from %s", run_id, lake.lake_dir(settings.data_dir))
        try:
            track.phase("planning", "listing the posts in the warehouse")
            plan = result(plan_reprocess(settings, run_id, return_state=True))
            track.phase("transforming", f"{len(plan.manifests)} batches", total=plan.files_seen - plan.files_unchanged)
            staged = [
                result(reprocess_batch(manifest=m, settings=settings, run_id=run_id, batch_no=n, batches=len(plan.manifests), ingest_date=ingest_date, return_state=True))
                for n, m in enumerate(plan.manifests, start=1)
            ]
            checkpoint()
            replaced = sum(s["rows"]["raw_posts"] for s in staged)  # every reprocessed post replaces its rows
            run_row = build_run_row("reprocess-posts", run_id, source, started, plan, staged, replaced)
            loaded = result(load_warehouse(settings, run_row, ingest_date, return_state=True))
            outcome.committed = True
        except BaseException:
            outcome.committed = abandon_run(settings.data_dir, run_id)
            raise
        summary = run_summary(run_row, started, loaded, len(plan.manifests), settings)
        finish_report("reprocess-posts", "reprocess-posts", summary, started)
        track.phase("done", f"{summary['posts_per_second'] or 0:,.0f} posts/s")
    logger.info(
        "reprocess run %s: %d posts, %d loaded, %d rejected, %d kept in %.1f s (%s posts/s)",
        run_id, plan.files_seen, run_row["files_loaded"], run_row["files_rejected"], plan.files_unchanged, summary["duration_seconds"], summary["posts_per_second"],
    )
    return summary
