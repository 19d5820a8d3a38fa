"""The ``posts-etl`` command: run the ingest flow, query the warehouse, rebuild it from the lake."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.settings import SAMPLE_POSTS, Settings, SettingsError
from warehouse import db

# Prefect's temporary server otherwise logs a telemetry traceback when its SQLite file is busy.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# The temporary server takes 10-20 s to start on a busy 2-core machine; Prefect's default is 20 s.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

app = typer.Typer(
    help="Turn folders of raw syndicated posts into article, quote and link tables (Parquet lake + DuckDB warehouse).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataDir = Annotated[
    str,
    typer.Option("--data-dir", "-d", help="Folder holding lake/ and warehouse.duckdb. Default: $POSTS_ETL_DATA_DIR, else ./data."),
]
EXAMPLE_QUERY = "select kind, count(*) as quotes, count(speaker) as attributed from quotes group by kind order by quotes desc"


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2)


def _settings(data_dir: str) -> Settings:
    try:
        return Settings.resolve(data_dir=data_dir or None)
    except SettingsError as exc:
        _fail(str(exc))
        raise  # unreachable


def _program() -> str:
    """How the user can call this command again: './.venv/bin/posts-etl' from the repo, else 'posts-etl'."""
    exe = Path(sys.argv[0])
    if exe.name == "posts-etl" and exe.resolve().parent != Path(shutil.which("posts-etl") or "/nonexistent").resolve().parent:
        try:
            return str(exe.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(exe)
    return "posts-etl"


def _print_table(columns: list[str], rows: list[tuple[Any, ...]], max_width: int = 60) -> None:
    def cell(v: Any) -> str:
        s = "NULL" if v is None else str(v).replace("\n", "\\n")
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    cells = [[cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    typer.echo("  ".join("-" * w for w in widths))
    for r in cells:
        typer.echo("  ".join(v.ljust(w) for v, w in zip(r, widths)))
    typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


@app.command()
def run(
    source: Annotated[
        str, typer.Argument(help="Folder of raw posts (*.txt, searched recursively). Default: the bundled sample posts.", show_default=False)
    ] = "",
    data_dir: DataDir = "",
    batch_size: Annotated[int, typer.Option(help="Posts per transform task run.")] = 2000,
    workers: Annotated[int, typer.Option(help="Transform processes; 0 = one per CPU.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
) -> None:
    """Run the ingest flow over SOURCE and print a summary. Re-running adds nothing new."""
    from flows.ingest import ingest_posts  # Prefect is slow to import: only for this command

    settings = _settings(data_dir)
    src = Path(source).expanduser().resolve() if source else SAMPLE_POSTS
    if not src.is_dir():
        _fail(f"source {src} is not a folder of .txt posts")
    try:
        summary = ingest_posts(source=str(src), data_dir=str(settings.data_dir), batch_size=batch_size, workers=workers)
    except (RuntimeError, ValueError, db.WarehouseError) as exc:
        _fail(str(exc))
    _print_summary(summary, "run", as_json, data_dir)


@app.command()
def reprocess(
    data_dir: DataDir = "",
    batch_size: Annotated[int, typer.Option(help="Posts per transform task run.")] = 2000,
    workers: Annotated[int, typer.Option(help="Transform processes; 0 = one per CPU.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
) -> None:
    """Re-run the transforms on the raw posts kept in the lake (after the transforms change) and
    replace every post's rows in one checked load. Nothing is read from the source folder."""
    from flows.reprocess import reprocess_posts  # Prefect is slow to import: only for this command

    settings = _settings(data_dir)
    try:
        summary = reprocess_posts(data_dir=str(settings.data_dir), batch_size=batch_size, workers=workers)
    except (RuntimeError, ValueError, db.WarehouseError) as exc:
        _fail(str(exc))
    _print_summary(summary, "reprocess", as_json, data_dir)


def _print_summary(s: dict[str, Any], command: str, as_json: bool, data_dir: str) -> None:
    if as_json:
        typer.echo(json.dumps(s, indent=2, default=str))
        return
    typer.echo("")
    typer.secho(f"posts-etl {command} {s['run_id']}", bold=True)
    typer.echo(f"  source     {s['source']}")
    typer.echo(
        f"  files      {s['files_seen']} seen = {s['files_loaded']} loaded + {s['files_unchanged']} unchanged + {s['files_rejected']} rejected"
        f"  ({s['files_replaced']} replaced earlier versions)"
    )
    typer.echo(f"  added      {s['articles_added']} articles, {s['quotes_added']} quotes, {s['links_added']} links  ({s['batches']} batches, {s['workers']} workers)")
    typer.echo("  warehouse  " + ", ".join(f"{t} {n}" for t, n in s["table_counts"].items()))
    typer.echo(f"  file       {s['warehouse']}")
    if s["rejects"]:
        typer.echo(f"  rejects in the warehouse ({len(s['rejects'])}):")
        for r in s["rejects"][:20]:
            typer.echo(f"    {r['source_path']}: {r['reason_code']}: {r['reason']}")
    typer.echo("")
    typer.echo(f'Try:  {_program()} sql "{EXAMPLE_QUERY}"' + (f" --data-dir {s['data_dir']}" if data_dir else ""))
    columns, rows = db.query(Path(s["warehouse"]), EXAMPLE_QUERY)
    _print_table(columns, rows)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One SQL statement; the warehouse is opened read-only.")],
    data_dir: DataDir = "",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    max_width: Annotated[int, typer.Option(help="Cut table cells to this many characters.")] = 60,
) -> None:
    """Run a query against the warehouse and print the result."""
    settings = _settings(data_dir)
    try:
        columns, rows = db.query(db.warehouse_path(settings.data_dir), query)
    except db.WarehouseError as exc:
        _fail(str(exc))
    if fmt == "json":
        typer.echo(json.dumps([dict(zip(columns, r)) for r in rows], indent=2, default=str))
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "table":
        _print_table(columns, rows, max_width)
    else:
        _fail(f"unknown --format {fmt!r}: use table, csv or json")


@app.command()
def rebuild(data_dir: DataDir = "") -> None:
    """Rebuild warehouse.duckdb from the Parquet lake alone (e.g. after losing or corrupting it)."""
    from warehouse import lake

    from warehouse.recovery import recover_staging

    settings = _settings(data_dir)
    try:  # a run that crashed after its commit has files still in staging: move them in first
        for note in recover_staging(settings.data_dir):
            typer.echo(note)
    except db.WarehouseError as exc:
        typer.echo(f"note: cannot read the old warehouse ({exc}); staged runs are left as they are")
    try:
        counts = db.rebuild(settings.data_dir, lake.lake_dir(settings.data_dir), memory_limit=settings.duckdb_memory)
    except db.WarehouseError as exc:
        _fail(str(exc))
    typer.echo(f"rebuilt {db.warehouse_path(settings.data_dir)} from {lake.lake_dir(settings.data_dir)}")
    typer.echo("  " + ", ".join(f"{t} {n}" for t, n in counts.items()))


@app.command()
def check(data_dir: DataDir = "") -> None:
    """Run every warehouse check (offsets slice back, no duplicate keys, no orphans)."""
    settings = _settings(data_dir)
    try:
        with db.connect(db.warehouse_path(settings.data_dir), read_only=True) as con:
            failures = db.run_checks(con)
    except db.WarehouseError as exc:
        _fail(str(exc))
    for name in db.check_names():
        typer.echo(f"  {'FAIL' if name in failures else 'ok  '}  {name}")
    if failures:
        _fail(str(db.CheckFailed(failures)))
