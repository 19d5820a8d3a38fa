"""The ``posts-etl`` command: run the ingest flow, query the warehouse, rebuild it from the lake."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.settings import SAMPLE_POSTS, Settings, SettingsError, default
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
    rich_markup_mode=None,  # plain click help: flags without a '<bool>' type, choices listed
)

DataDir = Annotated[
    str,
    typer.Option("--data-dir", "-d", metavar="DIR", help="Folder holding lake/ and warehouse.duckdb. Default: $POSTS_ETL_DATA_DIR, else ./data."),
]
EXAMPLE_QUERY = "select kind, count(*) as quotes, count(speaker) as attributed from quotes group by kind order by quotes desc"


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2)


def _settings(data_dir: str, **given: object) -> Settings:
    try:
        return Settings.resolve(data_dir=data_dir or None, **given)
    except SettingsError as exc:
        _fail(str(exc))
        raise  # unreachable


def _version(value: bool) -> None:
    if value:
        typer.echo(f"posts-etl {package_version('posts-etl')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Turn folders of raw syndicated posts into article, quote and link tables (Parquet lake + DuckDB warehouse)."""


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


BatchSize = Annotated[int | None, typer.Option(metavar="N", help=f"Posts per transform task run (at least 1). Default: $POSTS_ETL_BATCH_SIZE, else {default('batch_size')}.", show_default=False)]
Workers = Annotated[int | None, typer.Option(metavar="N", help=f"Transform processes; 0 = one per CPU. Default: $POSTS_ETL_WORKERS, else {default('workers')}.", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")]
NoProgress = Annotated[bool, typer.Option("--no-progress", help="No progress bar (it is also off when stderr is not a terminal).")]


@app.command(
    help="Run the ingest flow over SOURCE and print a summary. Re-running adds nothing new.\n\n"
    f"Waits (up to $POSTS_ETL_LOCK_WAIT seconds, default {default('lock_wait')}) while another run writes the same"
    " data dir. Ctrl-C stops it within seconds and leaves the warehouse as it was."
)
def run(
    source: Annotated[
        str, typer.Argument(metavar="[SOURCE]", help="Folder of raw posts (*.txt, searched recursively). Default: the bundled sample posts.", show_default=False)
    ] = "",
    data_dir: DataDir = "",
    batch_size: BatchSize = None,
    workers: Workers = None,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help="Accept a source folder with no posts (otherwise: an error).")] = False,
    as_json: AsJson = False,
    no_progress: NoProgress = False,
) -> None:
    settings = _settings(data_dir, batch_size=batch_size, workers=workers)  # checked before anything slow starts
    src = Path(source).expanduser().resolve() if source else SAMPLE_POSTS
    if not src.exists():
        _fail(f"source {src} does not exist: give the folder that holds the .txt posts")
    if not src.is_dir():
        _fail(f"source {src} is not a folder: give the folder that holds the .txt posts")

    def start() -> Any:
        from flows.ingest import ingest_posts  # Prefect is slow to import: only for this command

        return ingest_posts(source=str(src), data_dir=str(settings.data_dir), batch_size=batch_size, workers=workers, allow_empty=allow_empty)

    with _stoppable():
        summary = _run_flow(start, as_json or no_progress)
        _print_summary(summary, "run", as_json, data_dir)


@app.command()
def reprocess(
    data_dir: DataDir = "",
    batch_size: BatchSize = None,
    workers: Workers = None,
    as_json: AsJson = False,
    no_progress: NoProgress = False,
) -> None:
    """Re-run the transforms on the raw posts kept in the lake (after the transforms change) and
    replace every post's rows in one checked load. Nothing is read from the source folder."""
    settings = _settings(data_dir, batch_size=batch_size, workers=workers)
    if not db.warehouse_path(settings.data_dir).exists():
        _fail(f"no warehouse at {db.warehouse_path(settings.data_dir)}: nothing to reprocess (run `posts-etl run` into this data dir first)")

    def start() -> Any:
        from flows.reprocess import reprocess_posts  # Prefect is slow to import: only for this command

        return reprocess_posts(data_dir=str(settings.data_dir), batch_size=batch_size, workers=workers)

    with _stoppable():
        summary = _run_flow(start, as_json or no_progress)
        _print_summary(summary, "reprocess", as_json, data_dir)


def _run_flow(start: Callable[[], Any], quiet: bool) -> dict[str, Any]:
    """Run a flow from the shell: a Prefect server to report to, a progress bar, and every
    expected end as one line (``error: …``, exit 2; a stop: exit 128 + the signal)."""
    from prefect.exceptions import CancelledRun

    from flows.engine import EXPECTED, Stopped
    from flows.server import prefect_api

    def say(line: str) -> None:
        typer.secho(f"posts-etl: {line}", err=True, dim=True)

    try:
        with prefect_api(say), _progress_bar(enabled=not quiet and sys.stderr.isatty()):
            return start()  # type: ignore[no-any-return]
    except EXPECTED as exc:
        _fail(str(exc))
    except (CancelledRun, Stopped) as exc:
        signum = exc.signum if isinstance(exc, Stopped) else (signal.SIGTERM if "SIGTERM" in str(exc) else signal.SIGINT)
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(128 + signum) from None
    raise AssertionError("unreachable")


@contextmanager
def _stoppable() -> Iterator[None]:
    """A command that runs a flow: SIGTERM or Ctrl-C outside the flow run itself (importing
    Prefect, starting or stopping the temporary server, printing the summary) ends it with one
    line and 128 + the signal, like a stop during the run. During the run Prefect's own SIGTERM
    handler takes over and restores this one at its end (flows/engine.py, flows/stops.py)."""
    _signals_seen.clear()
    previous: dict[int, Any] = {}
    try:
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, _terminate)
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, _interrupt)
        yield
    except (typer.Exit, typer.Abort):  # the command's own end, its message already printed
        raise
    except (KeyboardInterrupt, _Terminated, Exception) as exc:
        if isinstance(exc, Exception) and not _signals_seen:
            raise  # a bug, not a stop: keep its traceback
        # An Exception after a stop is the stop bent by a library on its way (pydantic turns a
        # KeyboardInterrupt raised during serialisation into PydanticSerializationError).
        signum = _signals_seen[-1] if _signals_seen else (signal.SIGTERM if isinstance(exc, _Terminated) else signal.SIGINT)
        typer.secho(
            f"error: stopped by {signal.Signals(signum).name} before a run started or after it had ended (`posts-etl sql 'from runs'` shows whether it loaded)",
            fg=typer.colors.RED, err=True,
        )
        raise typer.Exit(128 + signum) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class _Terminated(BaseException):
    """SIGTERM outside a flow run."""


_signals_seen: list[int] = []  # stops that reached the command (see _stoppable)


def _terminate(signum: int, frame: Any) -> None:
    _signals_seen.append(signum)
    raise _Terminated


def _interrupt(signum: int, frame: Any) -> None:
    _signals_seen.append(signum)
    raise KeyboardInterrupt


class _progress_bar:
    """A rich progress bar on stderr fed by flows.progress: phase, posts done, posts/s, ETA."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __enter__(self) -> None:
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from flows import progress

        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self.task = self.bar.add_task("starting", total=None, rate="")
        self.bar.start()

        def show(snap: Any) -> None:
            rate = f"{snap.posts_per_second:,.0f} posts/s" if snap.posts_per_second and snap.phase == "transforming" else ""
            label = snap.phase + (f" ({snap.detail})" if snap.detail and snap.phase != "transforming" else "")
            self.bar.update(self.task, description=label, total=snap.total, completed=snap.done, rate=rate)

        self.unlisten = progress.listen(show)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.unlisten()
            self.bar.stop()


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
    typer.echo(f"  added      {s['articles_added']} articles, {s['quotes_added']} quotes, {s['links_added']} links")
    rate = f"{s['posts_per_second']:,.1f} posts/s" if s.get("posts_per_second") else "no posts processed"
    typer.echo(f"  time       {s['duration_seconds']:,.1f} s, {rate}, {s['batches']} batch{'es' if s['batches'] != 1 else ''} on {s['workers']} worker process{'es' if s['workers'] != 1 else ''}")
    typer.echo("  warehouse  " + ", ".join(f"{t} {n}" for t, n in s["table_counts"].items()))
    typer.echo(f"  file       {s['warehouse']}")
    if s["rejects"]:
        typer.echo(f"  rejected by this run ({s['files_rejected']}):")
        for r in s["rejects"]:
            typer.echo(f"    {r['source_path']}: {r['reason_code']}: {r['reason']}")
        if s["rejects_not_listed"]:
            more = f"select source_path, reason_code, reason from rejects where run_id = '{s['run_id']}'"
            typer.echo(f"    … and {s['rejects_not_listed']} more: {_program()} sql \"{more}\"")
    typer.echo("")
    typer.echo(f'Try:  {_program()} sql "{EXAMPLE_QUERY}"' + (f" --data-dir {s['data_dir']}" if data_dir else ""))
    columns, rows = db.query(Path(s["warehouse"]), EXAMPLE_QUERY)
    _print_table(columns, rows)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


# `posts-etl sql` runs whatever a person types, so its connection is shut in before the query
# runs, in this order: the warehouse opened read-only (db.connect); no access to anything outside
# it (no COPY ... TO, read_csv/read_text/read_parquet/glob of a path or URL, ATTACH, EXPORT,
# INSTALL/LOAD of an extension, secrets); then the configuration locked, so no SET, RESET or
# PRAGMA can turn any of it back on (or change memory_limit, temp_directory, logging, ...).
# DuckDB's own spill files in <data_dir>/.duckdb-tmp still work. No warehouse view reads the
# lake (every table is loaded into the file), so no allowed_directories are needed.
_LOCKDOWN = ("SET enable_external_access = false", "SET lock_configuration = true")
TABLE_MAX_ROWS = 10_000  # --format table prints at most this many rows unless --max-rows says otherwise
_FETCH_ROWS = 2_000  # rows fetched at a time: a huge result is streamed, never held whole


class _SqlStopped(Exception):
    """The query was interrupted by a signal (Ctrl-C, SIGTERM) or by --timeout."""

    def __init__(self, signum: int | None):
        self.signum = signum


@contextmanager
def _locked_down(path: Path) -> Iterator[Any]:
    """A read-only connection to the warehouse that can reach nothing else and change no setting."""
    with db.connect(path, read_only=True) as con:
        for stmt in _LOCKDOWN:
            con.execute(stmt)
        yield con


@contextmanager
def _interruptible(con: Any, timeout: float) -> Iterator[Callable[[], int | None]]:
    """Ctrl-C, SIGTERM or the timeout interrupt the running query (DuckDB's connection.interrupt)
    instead of killing the process; yields a function that says what stopped it (a signal
    number, 0 for the timeout, None while nothing has)."""
    import threading

    stopped: list[int] = []

    def stop(signum: int, frame: Any = None) -> None:
        stopped.append(signum)
        con.interrupt()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    timer = threading.Timer(timeout, stop, args=(0,)) if timeout > 0 else None
    if timer:
        timer.daemon = True
        timer.start()
    try:
        yield lambda: stopped[0] if stopped else None
    finally:
        if timer:
            timer.cancel()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _sql_message(exc: Exception) -> str:
    """DuckDB's error as one line (its first; the 'LINE 1: ...' excerpt after it is dropped),
    with what `posts-etl sql` allows when the query was refused for what it tried to do."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    import duckdb

    if isinstance(exc, duckdb.PermissionException):
        return f"{line} (posts-etl sql reads the warehouse only: no files, URLs, other databases or extensions)"
    if "configuration has been locked" in line:
        return f"{line} (posts-etl sql cannot change settings)"
    if "read-only mode" in line:
        return f"{line} (posts-etl sql is read-only: it cannot change the warehouse)"
    return line


def _run_query(con: Any, query: str, timeout: float, limit: int | None, emit: Callable[[list[str], list[tuple[Any, ...]]], None]) -> bool:
    """Check ``query`` is one statement, run it and pass its rows to ``emit`` a chunk at a time
    (the first call has the column names; a statement without a result gives ([], [])). Stops
    after ``limit`` rows; returns whether rows were left unfetched."""
    import duckdb

    try:
        n = len(con.extract_statements(query))
    except duckdb.Error as exc:
        raise db.WarehouseError(_sql_message(exc)) from exc
    if n == 0:
        raise db.WarehouseError("no SQL statement given")
    if n > 1:
        raise db.WarehouseError(f"give one SQL statement at a time (this query has {n}, separated by ';')")
    with _interruptible(con, timeout) as stopped_by:
        try:
            cur = con.execute(query)
            if cur.description is None:
                emit([], [])
                return False
            columns = [d[0] for d in cur.description]
            left = limit
            first = True
            while True:
                if stopped_by() is not None:
                    raise _SqlStopped(stopped_by())
                size = _FETCH_ROWS if left is None else min(_FETCH_ROWS, left + 1)  # one more: are there more rows?
                rows = cur.fetchmany(size)
                more = left is not None and len(rows) > left
                rows = rows[:left] if more else rows
                if rows or first:
                    emit(columns, rows)
                first = False
                if more:
                    return True
                if len(rows) < size:
                    if stopped_by() is not None:  # an interrupt can also end a fetch early
                        raise _SqlStopped(stopped_by())
                    return False
                if left is not None:
                    left -= len(rows)
        except duckdb.Error as exc:
            if stopped_by() is not None:
                raise _SqlStopped(stopped_by()) from None
            raise db.WarehouseError(_sql_message(exc)) from exc


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One SQL statement (a trailing ';' is fine; two or more are refused).")],
    data_dir: DataDir = "",
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    max_width: Annotated[int, typer.Option(metavar="N", help="Cut table cells to this many characters.")] = 60,
    max_rows: Annotated[
        int | None,
        typer.Option(metavar="N", help=f"Print at most N rows (0: all). Default: {TABLE_MAX_ROWS} for a table, all for csv and json.", show_default=False),
    ] = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", help="Stop the query after this long (0: no limit).")] = 0,
) -> None:
    """Run one read-only query against the warehouse and print the result.

    The query sees the warehouse's tables and nothing else: writes, COPY ... TO, reading files
    or URLs (read_csv, read_text, read_parquet, glob), ATTACH, INSTALL/LOAD and SET are refused
    with an error. Only one statement runs: a query with several (separated by ';') is refused.
    Ctrl-C stops a long query. Rows are streamed, so csv and json can be as long as the result."""
    settings = _settings(data_dir)
    if max_rows is not None and max_rows < 0:
        _fail("--max-rows must be 0 (all) or more")
    if timeout < 0:
        _fail("--timeout must be 0 (no limit) or more")
    limit = (TABLE_MAX_ROWS if fmt is Format.table else None) if max_rows is None else (max_rows or None)
    table: list[tuple[Any, ...]] = []
    header: list[str] = []
    state = {"json_rows": 0}

    def emit(columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        if fmt is Format.table:
            header[:] = columns
            table.extend(rows)
        elif fmt is Format.csv:
            import csv

            writer = csv.writer(sys.stdout)
            if not state.get("csv_header"):
                state["csv_header"] = 1
                if columns:
                    writer.writerow(columns)
            writer.writerows(rows)
        else:  # the same text as json.dumps(list_of_rows, indent=2), a row at a time
            for r in rows:
                item = json.dumps(dict(zip(columns, r)), indent=2, default=str).replace("\n", "\n  ")
                sys.stdout.write(("[\n  " if state["json_rows"] == 0 else ",\n  ") + item)
                state["json_rows"] += 1

    try:
        try:
            with _locked_down(db.warehouse_path(settings.data_dir)) as con:
                cut = _run_query(con, query, timeout, limit, emit)
        except _SqlStopped as exc:
            sys.stdout.flush()
            if exc.signum == 0:
                _fail(f"stopped: the query ran past --timeout {timeout:g} s")
            typer.secho(f"error: stopped by {signal.Signals(exc.signum).name}: the query was interrupted (posts-etl sql changes nothing)", fg=typer.colors.RED, err=True)
            raise typer.Exit(128 + exc.signum) from None
        except db.WarehouseError as exc:
            sys.stdout.flush()
            _fail(str(exc))
        if fmt is Format.json:
            sys.stdout.write("[]\n" if state["json_rows"] == 0 else "\n]\n")
        elif fmt is Format.table:
            _print_table(header, table, max_width)
        sys.stdout.flush()
    except BrokenPipeError:  # `posts-etl sql ... | head`: the reader left; end quietly like a shell tool
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(128 + signal.SIGPIPE) from None
    if cut:
        typer.secho(
            f"note: only the first {limit} rows are shown; the query returns more (add a LIMIT, or --max-rows 0 for all)",
            err=True, dim=True,
        )


@app.command()
def rebuild(data_dir: DataDir = "") -> None:
    """Rebuild warehouse.duckdb from the Parquet lake alone (e.g. after losing or corrupting it).

    Holds the data dir's lock like a run: it waits for a run in progress (up to
    $POSTS_ETL_LOCK_WAIT seconds) and never touches a live run's staged files."""
    from warehouse import lake
    from warehouse.lock import DataDirBusy, data_dir_lock
    from warehouse.recovery import recover_staging

    settings = _settings(data_dir)

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
        _fail(str(exc))
    typer.echo(f"rebuilt {db.warehouse_path(settings.data_dir)} from {lake.lake_dir(settings.data_dir)}")
    typer.echo("  " + ", ".join(f"{t} {n}" for t, n in counts.items()))


@app.command()
def alerts(
    webhook: Annotated[str, typer.Option(metavar="URL", help="Webhook to POST {\"text\": ...} to when a run fails (Slack, Mattermost, Teams or any HTTP endpoint).")] = "",
    remove: Annotated[bool, typer.Option("--remove", help="Delete the failure automation instead.")] = False,
    status: Annotated[bool, typer.Option("--status", help="Say whether the failure automation exists (exit 0 if it does, 1 if not).")] = False,
) -> None:
    """Notify on failure: create (or replace) a Prefect automation on the server in $PREFECT_API_URL
    that POSTs to URL whenever an ingest or reprocess run fails, crashes or times out, whether it
    ran on a worker or from the shell. `make stack-up` does this when STACK_NOTIFY_URL is set."""
    if sum((bool(webhook), remove, status)) != 1:
        _fail("give one of --webhook URL, --remove, --status")
    from flows.server import configured_api

    api_url = configured_api()
    if not api_url:
        _fail("no Prefect server configured: set PREFECT_API_URL to the server your deployments run on (`make stack-up` prints it)")
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
        _fail(str(exc))
    typer.echo(f"automation '{automation.AUTOMATION_NAME}' ({automation_id}) on {api_url}:")
    typer.echo(f"  a run of {', '.join(automation.flow_names())} that ends {', '.join(automation.FAILED_STATES)} POSTs to {automation.redacted(webhook)}")


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
