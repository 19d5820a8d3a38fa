"""The reprocess flow: rebuild articles, quotes and links from the raw posts kept in the lake.

Run it after the transforms change. Nothing is read from any source folder: the input is the
raw bytes of the version of each post the warehouse holds now, read back from
``lake/raw_posts`` (flows/source.py, LakeSource). The output is an ordinary run of the same
engine as ``ingest-posts`` (new ``run_id``, same staging, same checked all-or-nothing load, same
data-dir lock), so every post gets a new version in the lake and ``posts-etl rebuild`` picks it
up. Posts whose bytes were never kept (unreadable files, files over ``max_raw_bytes``) keep
their rows and count as unchanged.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any

from pydantic import Field
from prefect import flow
from prefect.runtime import flow_run

from flows import engine
from flows.engine import FLOW_TIMEOUT_SECONDS
from flows.source import LakeSource


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
    return engine.run(LakeSource(), data_dir or "the default data dir", data_dir, batch_size, workers)
