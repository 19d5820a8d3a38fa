"""The maintenance commands: ``rebuild`` the warehouse from the lake, ``check`` it, set up failure ``alerts``."""

from __future__ import annotations

from typing import Annotated

import typer

from flows.cli.common import DataDir, fail, settings_for


def rebuild(data_dir: DataDir = "") -> None:
    """Rebuild warehouse.duckdb from the Parquet lake alone (e.g. after losing or corrupting it).

    Holds the data dir's lock like a run: it waits for a run in progress (up to
    $POSTS_ETL_LOCK_WAIT seconds) and never touches a live run's staged files."""
    settings = settings_for(data_dir)
    from warehouse import db, lake  # DuckDB and pyarrow: imported once the arguments are checked
    from warehouse.lock import DataDirBusy, data_dir_lock
    from warehouse.recovery import recover_staging

    def waiting(line: str) -> None:
        typer.echo(f"posts-etl: {line}", err=True)

    try:
        with data_dir_lock(settings.data_dir, settings.lock_wait, on_wait=waiting, what="posts-etl rebuild"):
            try:  # a run that crashed after its commit has files still in staging: move them in first
                for note in recover_staging(settings.data_dir):
                    typer.echo(note)
            except db.WarehouseError as exc:
                typer.echo(f"note: cannot read the old warehouse ({exc}); staged runs are left as they are")
            counts = db.rebuild(settings.data_dir, lake.lake_dir(settings.data_dir), memory_limit=settings.duckdb_memory)
    except (db.WarehouseError, DataDirBusy) as exc:
        fail(str(exc))
    typer.echo(f"rebuilt {db.warehouse_path(settings.data_dir)} from {lake.lake_dir(settings.data_dir)}")
    typer.echo("  " + ", ".join(f"{t} {n}" for t, n in counts.items()))

def alerts(
    webhook: Annotated[str, typer.Option(metavar="URL", help="Webhook to POST {\"text\": ...} to when a run fails (Slack, Mattermost, Teams or any HTTP endpoint).")] = "",
    remove: Annotated[bool, typer.Option("--remove", help="Delete the failure automation instead.")] = False,
    status: Annotated[bool, typer.Option("--status", help="Say whether the failure automation exists (exit 0 if it does, 1 if not).")] = False,
) -> None:
    """Notify on failure: create (or replace) a Prefect automation on the server in $PREFECT_API_URL
    that POSTs to URL whenever an ingest or reprocess run fails, crashes or times out, whether it
    ran on a worker or from the shell. `make stack-up` does this when STACK_NOTIFY_URL is set."""
    if sum((bool(webhook), remove, status)) != 1:
        fail("give one of --webhook URL, --remove, --status")
    from flows.server import configured_api

    api_url = configured_api()
    if not api_url:
        fail("no Prefect server configured: set PREFECT_API_URL to the server your deployments run on (`make stack-up` prints it)")
    from flows import alerts as automation

    try:
        if status:
            on = automation.installed()
            typer.echo(f"failure notifications are {'on' if on else 'off'}: automation '{automation.AUTOMATION_NAME}' {'exists' if on else 'does not exist'} on {api_url}")
            raise typer.Exit(0 if on else 1)
        if remove:
            n = automation.remove()
            typer.echo(f"removed {n} automation{'s' if n != 1 else ''} named '{automation.AUTOMATION_NAME}' from {api_url}")
            return
        automation_id = automation.install(webhook)
    except automation.AlertsError as exc:
        fail(str(exc))
    typer.echo(f"automation '{automation.AUTOMATION_NAME}' ({automation_id}) on {api_url}:")
    typer.echo(f"  a run of {', '.join(automation.flow_names())} that ends {', '.join(automation.FAILED_STATES)} POSTs to {automation.redacted(webhook)}")

def check(data_dir: DataDir = "") -> None:
    """Run every warehouse check (offsets slice back, no duplicate keys, no orphans)."""
    settings = settings_for(data_dir)
    from warehouse import db  # DuckDB: imported once the arguments are checked

    try:
        with db.connect(db.warehouse_path(settings.data_dir), read_only=True) as con:
            failures = db.run_checks(con)
    except db.WarehouseError as exc:
        fail(str(exc))
    for name in db.check_names():
        typer.echo(f"  {'FAIL' if name in failures else 'ok  '}  {name}")
    if failures:
        fail(str(db.CheckFailed(failures)))

