"""The ingest flow: a folder of raw posts -> Parquet lake -> DuckDB warehouse.

Task runs per flow run: 1 plan + one per batch (at most ``max_batches``) + 1 load. Tasks hand
each other file paths, never tables. A run is all or nothing: batches are staged as Parquet,
the warehouse takes them in one checked transaction, and only then do they join the lake.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

import pyarrow as pa
from pydantic import Field
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import deployment, flow_run

from flows import budget, progress, report
from flows.engine import RunOutcome, expected_failures, finish, result
from flows.pool import can_fork, imap_in_workers
from flows.settings import SAMPLE_POSTS, Settings, SettingsError
from flows.source import SourceError, file_sha256, iter_posts, read_post
from flows.stops import checkpoint
from transforms.post import Article, Reject, process_post_safely
from transforms.rows import article_rows, post_id_for, reject_row
from warehouse import db, lake, tables
from warehouse.lock import data_dir_lock
from warehouse.recovery import abandon_run, recover_staging

_CHUNK = 32  # posts per hand-off to a pool process

# Task retries: only for failures a second try can fix (a file system or a warehouse file that
# is busy or briefly unavailable). A bad post never raises (it becomes a reject), and a failed
# check or a bug fails the same way every time, so those are never retried.
RETRIES = 2
RETRY_DELAYS = [5, 30]
# A run that has not finished in this time is stuck (the largest backfills measured take minutes
# per 100k posts): it fails, and the warehouse stays as before.
FLOW_TIMEOUT_SECONDS = 12 * 3600

_MANIFEST_SCHEMA = pa.schema(
    [
        ("fs_path", pa.binary()),
        ("source_path", pa.string()),
        ("post_id", pa.string()),
        ("size_bytes", pa.int64()),
        ("sha256", pa.string()),
        ("file_mtime", pa.timestamp("us", tz="UTC")),
    ]
)


@dataclass(frozen=True)
class Plan:
    manifests: list[str]
    files_seen: int
    files_unchanged: int
    files_replaced: int


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


def write_manifests(settings: Settings, run_id: str, todo: list[dict[str, Any]], schema: pa.Schema) -> tuple[list[str], int]:
    """Split the posts to process into batches (growing past batch_size to stay within
    max_batches) and write one manifest Parquet per batch into the run's staging folder.
    Returns the manifest paths and the batch size used."""
    per_batch = max(settings.batch_size, -(-len(todo) // settings.max_batches))
    stage = lake.staging_dir(settings.data_dir, run_id)
    manifests = []
    for n, start in enumerate(range(0, len(todo), per_batch)):
        rows = [{k: r[k] for k in schema.names} for r in todo[start : start + per_batch]]
        path = stage / "_manifests" / f"batch-{n:05d}.parquet"
        lake.write_manifest(path, pa.Table.from_pylist(rows, schema=schema))
        manifests.append(str(path))
    return manifests, per_batch


_PLAN_SCHEMA = pa.schema(
    list(_MANIFEST_SCHEMA)
    + [
        ("reject_code", pa.string()),  # set when the plan already knows the file is a reject (never opened again)
        ("reject_reason", pa.string()),
    ]
)


def _cannot_read(exc: OSError) -> str:
    """The reason an unreadable file is rejected with: the same text at plan time and at read time."""
    return f"cannot read the file: {exc.strerror or exc}"


def _duplicate_id(source_path: str, taken: dict[str, str]) -> str:
    """An id for a file whose post_id another file of this run already holds: stable from run to
    run, and never a real path's id (a file name cannot hold a NUL)."""
    n = 0
    while (alt := post_id_for(f"\0duplicate_path\0{n}\0{source_path}")) in taken:
        n += 1
    return alt


@task(name="plan-batches", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_io_error)
@expected_failures
def plan_batches(source: Path, settings: Settings, run_id: str, allow_empty: bool = False) -> Plan:
    """Scan the source, hash every file, and write one manifest per batch of new or changed files.

    A file whose bytes are unchanged is unchanged, whatever its mtime says. A file that cannot be
    read is tried again every run (hashing it is the try), and is unchanged while the warehouse
    already holds it as the same reject (same reason, same size, no bytes): permissions fixed or
    a new reason make it new work, a rerun over the same unreadable file counts and stores
    nothing. A file whose post_id another file of the run already has (a hash-prefix collision)
    is rejected as duplicate_path under an id of its own, so the load's key check cannot fail."""
    logger = get_run_logger()
    for note in recover_staging(settings.data_dir):
        logger.warning(note)
    warehouse = db.warehouse_path(settings.data_dir)
    known = db.known_posts(warehouse)
    unreadable = db.unreadable_rejects(warehouse) if None in known.values() else {}  # what a still-unreadable file is compared with
    todo: list[dict[str, Any]] = []
    seen = unchanged = replaced = 0
    hashed = 0
    taken: dict[str, str] = {}  # post_id -> source_path, of this run's files
    track = progress.current()
    track.phase("planning", f"hashing the files under {source}")
    for f in iter_posts(source, warn=logger.warning):
        seen += 1
        post_id = post_id_for(f.source_path)
        sha: str | None = None
        code: str | None = None  # a reject decided here
        reason: str | None = None  # why it is (or would be) rejected
        if f.problem is not None:  # not a regular file, or not even stat-able: never opened
            code, reason = "unreadable", f.problem
        else:
            try:
                sha = file_sha256(f.fs_path)
            except OSError as exc:
                reason = _cannot_read(exc)  # unreadable: the batch tries again and records it as a reject
        if post_id in taken:
            first, post_id = taken[post_id], _duplicate_id(f.source_path, taken)
            if code is None:
                code = "duplicate_path"
                reason = f"its post_id is also that of {first!r} (kept under post_id {post_id}); its bytes are not stored"
            logger.warning("%s has the post_id of %s: rejected as duplicate_path", f.source_path, first)
        taken[post_id] = f.source_path
        hashed += f.size
        track.advance(1, f"{hashed / 1e6:,.1f} MB hashed")
        if sha is not None and known.get(post_id) == sha:
            unchanged += 1
            continue
        if sha is None and post_id in known and known[post_id] is None and unreadable.get(post_id) == (reason, f.size):
            unchanged += 1  # unreadable as before, and the warehouse already says so
            continue
        replaced += post_id in known
        todo.append(
            {"fs_path": f.fs_path, "source_path": f.source_path, "post_id": post_id, "size_bytes": f.size, "sha256": sha, "file_mtime": f.mtime, "reject_code": code, "reject_reason": reason if code else None}
        )
    if not seen and not allow_empty:
        raise SourceError(f"no posts found in {source} (no *.txt files): is the drop folder mounted? Allow an empty folder with allow_empty (--allow-empty)")

    manifests, per_batch = write_manifests(settings, run_id, todo, _PLAN_SCHEMA)
    logger.info("%d files seen: %d unchanged, %d to process in %d batches of up to %d", seen, unchanged, len(todo), len(manifests), per_batch)
    return Plan(manifests, seen, unchanged, replaced)


def _read(entry: dict[str, Any], settings: Settings) -> tuple[bytes | None, str | None, Reject | None]:
    """The file's bytes and their sha256, or the reason it cannot be a post. Never raises.
    A reject the plan already decided (``reject_code``) is not opened: it may be a FIFO."""
    if entry.get("reject_code"):
        return None, entry["sha256"], Reject(entry["reject_code"], entry["reject_reason"])
    size = entry["size_bytes"]
    try:
        if size > settings.max_post_bytes:
            data = read_post(entry["fs_path"], settings.max_raw_bytes) if size <= settings.max_raw_bytes else None
            kept = "" if data is not None else f"; its bytes are not stored (over max_raw_bytes={settings.max_raw_bytes:,})"
            return data, entry["sha256"], Reject("too_large", f"{size:,} bytes is over max_post_bytes={settings.max_post_bytes:,}{kept}")
        data = read_post(entry["fs_path"], settings.max_post_bytes)
    except OSError as exc:
        return None, entry["sha256"], Reject("unreadable", _cannot_read(exc))
    sha = hashlib.sha256(data).hexdigest()  # of the bytes read now, even if the file changed since the scan
    if len(data) > settings.max_post_bytes:
        return data, sha, Reject("too_large", f"over max_post_bytes={settings.max_post_bytes:,} (the file grew during the run)")
    return data, sha, None


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


def stage_batch(
    entries: list[dict[str, Any]],
    reads: list[tuple[bytes | None, str | None, Reject | None]],
    settings: Settings,
    run_id: str,
    batch_no: int,
    batches: int,
    ingest_date: str,
) -> dict[str, Any]:
    """Transform a batch's bytes and stage its rows as Parquet, one file per table; log once.

    ``reads[i]`` is entry i's (bytes, sha256, reject-before-transform). Returns the rows per
    table and the batch's reject reasons with their counts.
    """
    started = time.monotonic()
    todo = [i for i, (_, _, reject) in enumerate(reads) if reject is None]
    checkpoint()
    processed = dict(zip(todo, _process_many([reads[i][0] for i in todo], settings.worker_count, settings.post_seconds)))
    progress.current().advance(len(entries) - len(todo))  # rejected before the transform

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in tables.POST_TABLES}
    for i, entry in enumerate(entries):
        data, sha, result = reads[i][0], reads[i][1], reads[i][2] or processed[i]
        post_id, source_path = entry["post_id"], entry["source_path"]
        if isinstance(result, Reject):
            rows["rejects"].append(reject_row(result, post_id, source_path, entry["size_bytes"], sha, run_id))
            status = "rejected"
        else:
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


@task(name="transform-batch", task_run_name="transform-batch-{batch_no}-of-{batches}", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_io_error)
@expected_failures
def transform_batch(manifest: str, settings: Settings, run_id: str, batch_no: int, ingest_date: str, batches: int = 1) -> dict[str, Any]:
    """Read one batch of posts from the source folder, transform them, stage their rows."""
    entries = lake.read_table(Path(manifest)).to_pylist()
    reads = [_read(entry, settings) for entry in entries]
    return stage_batch(entries, reads, settings, run_id, batch_no, batches, ingest_date)


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


def _run_name(verb: str, what: str) -> str:
    return f"{verb} {what} {datetime.now(timezone.utc):%Y-%m-%d %H:%M}"


def ingest_run_name() -> str:
    """'ingest samples/posts 2026-12-03 02:00' (UTC): what the UI lists the run as."""
    return _run_name("ingest", flow_run.parameters.get("source") or "samples/posts")




@flow(name="ingest-posts", version="1", flow_run_name=ingest_run_name, timeout_seconds=FLOW_TIMEOUT_SECONDS)
def ingest_posts(
    source: str = "",
    data_dir: str = "",
    batch_size: Annotated[int | None, Field(ge=1, le=1_000_000)] = None,
    workers: Annotated[int | None, Field(ge=0, le=256)] = None,
    allow_empty: bool = False,
) -> Any:
    """Ingest a folder of raw posts into the Parquet lake and the DuckDB warehouse.

    Re-running over the same folder adds nothing; changed files replace their rows; new files
    are added. The run loads all of its posts or none. It waits (up to $POSTS_ETL_LOCK_WAIT
    seconds) while another run writes the same data dir.

    A wrong parameter (a missing or empty source folder, a data dir that cannot be written, a
    value out of range) fails the run at once with a message naming it. A stop (cancellation,
    SIGTERM, Ctrl-C) ends it as Cancelled with the warehouse as before. Every loaded run
    publishes a markdown summary and three table artifacts (see flows/report.py).

    Args:
        source: Folder of raw posts (*.txt, searched recursively). A relative path is taken from the working directory (the project folder, under a worker). Empty: the bundled sample posts.
        data_dir: Where lake/ and warehouse.duckdb live; created if missing, must be writable. Empty: $POSTS_ETL_DATA_DIR, else ./data.
        batch_size: Posts per transform task run (1 to 1,000,000). Larger batches mean fewer task runs; memory grows with it. Empty: the setting POSTS_ETL_BATCH_SIZE, else its default (flows/settings.py).
        workers: Processes for the transform step (0 to 256). 0 means one per CPU; 1 runs batches in the flow's process. Empty: the setting POSTS_ETL_WORKERS, else its default (flows/settings.py).
        allow_empty: Accept a source folder with no posts (a run of 0 files). Off: an empty folder fails the run, so an unmounted drop folder is not a green run.
    """
    return finish("ingest-posts", deployment.name, source or str(SAMPLE_POSTS), lambda outcome: _ingest(outcome, source, data_dir, batch_size, workers, allow_empty))


def _ingest(outcome: RunOutcome, source: str, data_dir: str, batch_size: int | None, workers: int | None, allow_empty: bool) -> dict[str, Any]:
    logger = get_run_logger()
    settings = Settings.resolve(data_dir=data_dir or None, batch_size=batch_size, workers=workers)
    src = Path(source).expanduser().resolve() if source else SAMPLE_POSTS
    if not src.exists():
        raise SourceError(f"source {src} does not exist: give the folder that holds the .txt posts")
    if not src.is_dir():
        raise SourceError(f"source {src} is not a folder: give the folder that holds the .txt posts")
    check_data_dir(settings.data_dir)
    with locked(settings), progress.tracking(report.artifact_key("ingest-posts", deployment.name, "progress")) as track:
        started, run_id, ingest_date = start_run()
        logger.info("run %s: %s -> %s", run_id, src, settings.data_dir)
        try:
            plan = result(plan_batches(src, settings, run_id, allow_empty, return_state=True))
            todo = plan.files_seen - plan.files_unchanged
            track.phase("transforming", f"{len(plan.manifests)} batches", total=todo)
            staged = [  # one batch at a time: memory is one batch
                result(transform_batch(manifest=m, settings=settings, run_id=run_id, batch_no=n, ingest_date=ingest_date, batches=len(plan.manifests), return_state=True))
                for n, m in enumerate(plan.manifests, start=1)
            ]
            checkpoint()
            run_row = build_run_row("ingest-posts", run_id, str(src), started, plan, staged, plan.files_replaced)
            loaded = result(load_warehouse(settings, run_row, ingest_date, return_state=True))
            outcome.committed = True
        except BaseException:
            outcome.committed = abandon_run(settings.data_dir, run_id)
            raise
        summary = run_summary(run_row, started, loaded, len(plan.manifests), settings)
        finish_report("ingest-posts", "ingest-posts", summary, started)
        track.phase("done", f"{summary['posts_per_second'] or 0:,.0f} posts/s")
    logger.info(
        "run %s: %d seen, %d loaded, %d unchanged, %d rejected in %.1f s (%s posts/s)",
        run_id, plan.files_seen, run_row["files_loaded"], plan.files_unchanged, run_row["files_rejected"], summary["duration_seconds"], summary["posts_per_second"],
    )
    return summary


def manual_run_name() -> str:
    return _run_name("ingest", flow_run.parameters.get("source") or "?")


@flow(name="ingest-posts", version="1", flow_run_name=manual_run_name, timeout_seconds=FLOW_TIMEOUT_SECONDS)
def ingest_posts_manual(
    source: Annotated[str, Field(min_length=1)],
    data_dir: Annotated[str, Field(min_length=1)],
    batch_size: Annotated[int | None, Field(ge=1, le=1_000_000)] = None,
    workers: Annotated[int | None, Field(ge=0, le=256)] = None,
    allow_empty: bool = False,
) -> Any:
    """Ingest on demand: as ingest-posts, but source and data_dir must be given (no defaults),
    so a run started without filling them in fails instead of loading the sample posts into
    the default warehouse.

    Args:
        source: Folder of raw posts (*.txt, searched recursively), required. A relative path is taken from the worker's project folder.
        data_dir: Where lake/ and warehouse.duckdb live, required; created if missing, must be writable.
        batch_size: Posts per transform task run (1 to 1,000,000). Larger batches mean fewer task runs; memory grows with it. Empty: the setting POSTS_ETL_BATCH_SIZE, else its default (flows/settings.py).
        workers: Processes for the transform step (0 to 256). 0 means one per CPU; 1 runs batches in the flow's process. Empty: the setting POSTS_ETL_WORKERS, else its default (flows/settings.py).
        allow_empty: Accept a source folder with no posts (a run of 0 files). Off: an empty folder fails the run.
    """
    return finish("ingest-posts", deployment.name, source, lambda outcome: _ingest(outcome, source, data_dir, batch_size, workers, allow_empty))


def build_run_row(flow_name: str, run_id: str, source: str | None, started: datetime, plan: Plan, staged: list[dict[str, Any]], files_replaced: int) -> dict[str, Any]:
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
        "files_replaced": files_replaced,
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
