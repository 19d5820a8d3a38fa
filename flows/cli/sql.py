"""``posts-etl sql``: one read-only query against the warehouse, shut in, interruptible, streamed."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.cli.common import DataDir, fail, print_table, settings_for


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

    def __init__(self, signum: int):
        self.signum = signum  # 0: the timeout


@contextmanager
def _locked_down(path: Path) -> Iterator[Any]:
    """A read-only connection to the warehouse that can reach nothing else and change no setting."""
    from warehouse import db

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

    from warehouse import db

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
                if (signum := stopped_by()) is not None:
                    raise _SqlStopped(signum)
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
                    if (signum := stopped_by()) is not None:  # an interrupt can also end a fetch early
                        raise _SqlStopped(signum)
                    return False
                if left is not None:
                    left -= len(rows)
        except duckdb.Error as exc:
            if (signum := stopped_by()) is not None:
                raise _SqlStopped(signum) from None
            raise db.WarehouseError(_sql_message(exc)) from exc


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
    settings = settings_for(data_dir)
    if max_rows is not None and max_rows < 0:
        fail("--max-rows must be 0 (all) or more")
    if timeout < 0:
        fail("--timeout must be 0 (no limit) or more")
    limit = (TABLE_MAX_ROWS if fmt is Format.table else None) if max_rows is None else (max_rows or None)
    from warehouse import db  # DuckDB: imported once the arguments are checked
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
                fail(f"stopped: the query ran past --timeout {timeout:g} s")
            typer.secho(f"error: stopped by {signal.Signals(exc.signum).name}: the query was interrupted (posts-etl sql changes nothing)", fg=typer.colors.RED, err=True)
            raise typer.Exit(128 + exc.signum) from None
        except db.WarehouseError as exc:
            sys.stdout.flush()
            fail(str(exc))
        if fmt is Format.json:
            sys.stdout.write("[]\n" if state["json_rows"] == 0 else "\n]\n")
        elif fmt is Format.table:
            print_table(header, table, max_width)
        sys.stdout.flush()
    except BrokenPipeError:  # `posts-etl sql ... | head`: the reader left; end quietly like a shell tool
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(128 + signal.SIGPIPE) from None
    if cut:
        typer.secho(
            f"note: only the first {limit} rows are shown; the query returns more (add a LIMIT, or --max-rows 0 for all)",
            err=True, dim=True,
        )

