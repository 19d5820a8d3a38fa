"""The ingest flows: a folder of raw posts -> Parquet lake -> DuckDB warehouse (flows/engine.py runs them)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field
from prefect import flow
from prefect.runtime import flow_run

from flows import engine
from flows.engine import FLOW_TIMEOUT_SECONDS
from flows.settings import SAMPLE_POSTS
from flows.source import FolderSource


def _run_name(what: str) -> str:
    return f"ingest {what} {datetime.now(timezone.utc):%Y-%m-%d %H:%M}"


def ingest_run_name() -> str:
    """'ingest samples/posts 2026-12-03 02:00' (UTC): what the UI lists the run as."""
    return _run_name(flow_run.parameters.get("source") or "samples/posts")


def _folder(source: str, allow_empty: bool) -> FolderSource:
    return FolderSource(Path(source).expanduser().resolve() if source else SAMPLE_POSTS, allow_empty)


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
    return engine.run(_folder(source, allow_empty), source or str(SAMPLE_POSTS), data_dir, batch_size, workers)


def manual_run_name() -> str:
    return _run_name(flow_run.parameters.get("source") or "?")


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
    return engine.run(_folder(source, allow_empty), source, data_dir, batch_size, workers)
