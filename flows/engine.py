"""The run engine: one flow body over a post source (flows/source.py), for ingest and reprocess.

Task runs per flow run: 1 plan + one per batch (at most ``max_batches``) + 1 load. Tasks hand
each other file paths, never tables. A run is all or nothing: batches are staged as Parquet,
the warehouse takes them in one checked transaction, and only then do they join the lake.
"""

from __future__ import annotations

import os
import secrets
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import deployment, flow_run

from flows import pool, progress, report
from flows.batch import stage_batch, warm_up
from flows.outcome import RunOutcome, expected_failures, finish, result
from flows.settings import Settings, SettingsError
from flows.source import Plan, PostSource
from flows.stops import checkpoint
from transforms import native
from warehouse import db, lake, tables
from warehouse.lock import data_dir_lock
from warehouse.recovery import abandon_run, recover_staging

# Task retries: only for failures a second try can fix (a file system or a warehouse file that
# is busy or briefly unavailable). A bad post never raises (it becomes a reject), and a failed
# check or a bug fails the same way every time, so those are never retried.
RETRIES = 2
RETRY_DELAYS: list[float] = [5, 30]
# A run that has not finished in this time is stuck (the largest backfills measured take minutes
# per 100k posts): it fails, and the warehouse stays as before.
FLOW_TIMEOUT_SECONDS = 12 * 3600


def new_run_id(now: datetime) -> str:
    """Sortable by time, unique per run: the lake picks the latest version of a post by it."""
    return now.strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def retry_on_io_error(task: Any, task_run: Any, state: Any) -> bool:
    """Retry condition for I/O tasks: an OSError, or a warehouse that could not be opened; not a
    failed check or a full disk, which the same try would meet again."""
    exc = state.data if isinstance(state.data, BaseException) else state.result(raise_on_failure=False)
    if isinstance(exc, (db.CheckFailed, db.DiskFull)) or (isinstance(exc, BaseException) and db.disk_full(exc)):
        return False
    return isinstance(exc, (OSError, db.WarehouseError))


def check_data_dir(data_dir: Path) -> None:
    """Fail at once, with the reason, when the data dir cannot be created or written."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / f".posts-etl-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise SettingsError(f"data dir {data_dir} is not a writable folder: {exc.strerror or exc}") from None


def start_run() -> tuple[datetime, str, str]:
    """(started, run_id, ingest_date) of a new run, once it holds its data dir's lock.
    The ingest date (the lake's partition) is the start's UTC date, for every flow."""
    started = datetime.now(timezone.utc)
    return started, new_run_id(started), started.date().isoformat()


def locked(settings: Settings) -> Any:
    """The data dir's lock for a run, waiting up to ``settings.lock_wait`` seconds, with a log
    line while it waits."""
    return data_dir_lock(settings.data_dir, settings.lock_wait, on_wait=get_run_logger().warning, what="posts-etl flow run")


@task(name="plan-batches", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_io_error)
@expected_failures
def plan_batches(source: PostSource, settings: Settings, run_id: str) -> Plan:
    """Finish any run a crash left staged, then let the source plan this one's batches."""
    logger = get_run_logger()
    for note in recover_staging(settings.data_dir):
        logger.warning(note)
    return source.plan(settings, run_id, logger)


@task(name="transform-batch", task_run_name="{source.batch_task}-{batch_no}-of-{batches}", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_io_error)
@expected_failures
def transform_batch(manifest: str, source: PostSource, settings: Settings, run_id: str, batch_no: int, ingest_date: str, batches: int = 1) -> dict[str, Any]:
    """Read one batch of posts from the source, transform them, stage their rows."""
    entries = lake.read_table(Path(manifest)).to_pylist()
    return stage_batch(entries, source.read(entries, settings), settings, run_id, batch_no, batches, ingest_date)


@task(name="load-warehouse", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_io_error)
@expected_failures
def load_warehouse(settings: Settings, run_row: dict[str, Any], ingest_date: str) -> dict[str, Any]:
    """Load the staged run in one checked transaction, then move its files into the lake.

    Safe to retry: a run the warehouse already committed is not loaded twice, only promoted."""
    run_id = run_row["run_id"]
    progress.current().phase("loading", f"one checked transaction into {db.warehouse_path(settings.data_dir)}")
    stage = lake.staging_dir(settings.data_dir, run_id)
    path = db.warehouse_path(settings.data_dir)
    marker = stage / "runs" / f"ingest_date={ingest_date}" / f"{run_id}.parquet"
    if run_id in db.committed_runs(path):  # a retry after the commit: finish the move only
        finished_at = db.run_finished_at(path, run_id)
    else:
        if not any((stage / "raw_posts").glob("*/*.parquet")):  # nothing new: empty files keep the SQL simple
            for table in tables.POST_TABLES:
                lake.write_parquet(lake.batch_file(stage, table, ingest_date, run_id, 0), table, [])

        def mark(at: datetime) -> None:  # the lake's copy of the run's row, as the warehouse has it
            lake.write_parquet(marker, "runs", [{**run_row, "finished_at": at}])

        mark(datetime.now(timezone.utc))  # loaded as the run's row; the load then sets finished_at
        finished_at = db.load_run(path, stage, run_id, memory_limit=settings.duckdb_memory, before_commit=mark)
    lake.promote(settings.data_dir, run_id)
    get_run_logger().info("run %s loaded into %s", run_id, path)
    return {"finished_at": finished_at, "table_counts": db.counts(path)}


def run(source: PostSource, shown: str, data_dir: str, batch_size: int | None, workers: int | None) -> Any:
    """A flow's body: one run over ``source``, ended as flows/outcome.py says (``shown`` names
    the source in a failure's report)."""
    return finish(source.flow, deployment.name, shown, lambda outcome: _run(outcome, source, data_dir, batch_size, workers))


def _run(outcome: RunOutcome, source: PostSource, data_dir: str, batch_size: int | None, workers: int | None) -> dict[str, Any]:
    logger = get_run_logger()
    settings = Settings.resolve(data_dir=data_dir or None, batch_size=batch_size, workers=workers)
    source.check(settings)
    check_data_dir(settings.data_dir)
    plan_task = plan_batches.with_options(name=source.plan_task)
    batch_task = transform_batch.with_options(name=source.batch_task)
    with locked(settings), progress.tracking(report.artifact_key(source.flow, deployment.name, "progress")) as track:
        started, run_id, ingest_date = start_run()
        described = source.describe(settings)
        source.started(logger, run_id, settings)
        logger.info("transform code: %s", native.status())  # compiled or pure Python, and why
        phases: dict[str, float] = {}  # seconds of each phase, for the summary
        try:
            clock = time.monotonic()
            plan = result(plan_task(source, settings, run_id, return_state=True))
            phases["plan"], clock = time.monotonic() - clock, time.monotonic()
            track.phase("transforming", f"{len(plan.manifests)} batches", total=plan.files_seen - plan.files_unchanged)
            with pool.for_run(settings.worker_count, warm_up):  # forked once, at the first batch that needs it
                staged = [  # one batch at a time: memory is one batch
                    result(batch_task(manifest=m, source=source, settings=settings, run_id=run_id, batch_no=n, ingest_date=ingest_date, batches=len(plan.manifests), return_state=True))
                    for n, m in enumerate(plan.manifests, start=1)
                ]
            phases["transform"], clock = time.monotonic() - clock, time.monotonic()
            checkpoint()
            run_row = build_run_row(source.flow, run_id, described, started, plan, staged)
            loaded = result(load_warehouse(settings, run_row, ingest_date, return_state=True))
            phases["load"] = time.monotonic() - clock
            outcome.committed = True
        except BaseException:
            outcome.committed = abandon_run(settings.data_dir, run_id)
            raise
        summary = run_summary(run_row, started, loaded, len(plan.manifests), settings)
        summary["phase_seconds"] = {k: round(v, 3) for k, v in phases.items()}
        finish_report(source.flow, source.flow, summary, started)
        track.phase("done", f"{summary['posts_per_second'] or 0:,.0f} posts/s")
    source.ended(logger, summary)
    return summary


def build_run_row(flow_name: str, run_id: str, source: str | None, started: datetime, plan: Plan, staged: list[dict[str, Any]]) -> dict[str, Any]:
    """The run's row for the runs table, from the plan and the staged batches; refuses counts
    that do not add up (seen = loaded + unchanged + rejected) before anything is loaded."""
    added = {t: sum(s["rows"][t] for s in staged) for t in tables.POST_TABLES}
    run_row = {
        "run_id": run_id,
        "flow": flow_name,
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "source": source,
        "started_at": started,
        "files_seen": plan.files_seen,
        "files_loaded": added["articles"],
        "files_unchanged": plan.files_unchanged,
        "files_rejected": added["rejects"],
        "files_replaced": plan.files_replaced,
        "articles_added": added["articles"],
        "quotes_added": added["quotes"],
        "links_added": added["links"],
    }
    if run_row["files_seen"] != run_row["files_loaded"] + run_row["files_unchanged"] + run_row["files_rejected"]:
        raise RuntimeError(f"counts do not reconcile, nothing loaded: {run_row}")
    return run_row


REJECTS_LISTED = 20  # rejects of a run listed in its summary; the rest are counted


def run_summary(run_row: dict[str, Any], started: datetime, loaded: dict[str, Any], batches: int, settings: Settings) -> dict[str, Any]:
    """What a run returns (and the CLI prints): its row, where things are, this run's rejects."""
    warehouse = db.warehouse_path(settings.data_dir)
    rejects = db.run_rejects(warehouse, run_row["run_id"], REJECTS_LISTED)
    return {
        **{k: v for k, v in run_row.items() if k not in ("started_at",)},
        "started_at": started.isoformat(),
        "finished_at": loaded["finished_at"].isoformat(),
        "batches": batches,
        "workers": settings.worker_count,
        "data_dir": str(settings.data_dir),
        "warehouse": str(warehouse),
        "table_counts": loaded["table_counts"],
        "rejects": rejects,
        "rejects_not_listed": run_row["files_rejected"] - len(rejects),
    }


def finish_report(flow_name: str, title: str, summary: dict[str, Any], started: datetime) -> dict[str, Any]:
    """Add duration and speed to the summary and publish the run's artifacts."""
    finished = datetime.fromisoformat(summary["finished_at"])
    summary["duration_seconds"] = round((finished - started).total_seconds(), 3)
    processed = summary["files_loaded"] + summary["files_rejected"]
    summary["posts_per_second"] = round(processed / summary["duration_seconds"], 1) if summary["duration_seconds"] > 0 else None
    gathered = report.gather(Path(summary["warehouse"]), summary["run_id"])
    summary["reject_reasons"] = gathered["reject_reasons"]
    summary["artifacts"] = report.publish(flow_name, deployment.name, summary, gathered, title)
    return summary
