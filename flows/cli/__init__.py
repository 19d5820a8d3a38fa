"""The ``posts-etl`` command: run the ingest flow, query the warehouse, rebuild it from the lake.

One module per kind of command: runs.py (run, reprocess), sql.py, maintenance.py (rebuild,
check, alerts); common.py holds what they share.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from flows.cli import maintenance, runs, sql

# Prefect's temporary server otherwise logs a telemetry traceback when its SQLite file is busy.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# The temporary server takes 10-20 s to start on a busy 2-core machine; Prefect's default is 20 s.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

app = typer.Typer(
    help="Turn folders of raw syndicated posts into article, quote and link tables (Parquet lake + DuckDB warehouse).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: flags without a '<bool>' type, choices listed
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version as package_version

        typer.echo(f"posts-etl {package_version('posts-etl')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Turn folders of raw syndicated posts into article, quote and link tables (Parquet lake + DuckDB warehouse)."""



app.command(help=runs.RUN_HELP)(runs.run)
app.command()(runs.reprocess)
app.command()(sql.sql)
app.command()(maintenance.rebuild)
app.command()(maintenance.alerts)
app.command()(maintenance.check)
