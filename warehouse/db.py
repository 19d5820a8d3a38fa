"""The DuckDB warehouse: every connection the project opens, and every statement it runs.

SQL lives in ``warehouse/sql/*.sql``; values go in as bound ``$name`` parameters, never by
string formatting. A load is one transaction that ends with the checks (``sql/checks`` and
the offsets checks of :func:`_offset_failures`), run on the posts the load touched
(``sql/check_scope.sql``): if any check returns rows the transaction is rolled back and the
warehouse is as before.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

# re-exported: callers name them db.WarehouseError, db.warehouse_path, ...
from warehouse.paths import WarehouseError as WarehouseError
from warehouse.paths import check_warehouse_path as check_warehouse_path
from warehouse.paths import warehouse_path as warehouse_path

SQL_DIR = Path(__file__).parent / "sql"
TABLES = ("articles", "quotes", "links", "raw_posts", "rejects", "runs")
_PARAM = re.compile(r"\$([a-z_]+)")
# DuckDB would take up to 80% of RAM before spilling. Loads and rebuilds run under this limit
# instead and spill to <data_dir>/.duckdb-tmp, so their memory does not grow with the corpus.
DEFAULT_MEMORY_LIMIT = "1GB"


class DiskFull(WarehouseError):
    """The disk holding the data dir filled up (or its quota did): trying again cannot help."""


_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
_FULL_TEXT = ("No space left on device", "Disk quota exceeded")


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk is full: an OSError's errno, or the words of DuckDB's IO error."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    # pyarrow's OSError carries the errno in its text only, DuckDB's IO error too
    return isinstance(exc, (OSError, duckdb.Error)) and any(t in str(exc) for t in _FULL_TEXT)


class CheckFailed(WarehouseError):
    def __init__(self, failures: dict[str, list[tuple[Any, ...]]]):
        self.failures = failures
        lines = [f"{name}: {len(rows)} offending rows, e.g. {rows[0]!r}" for name, rows in failures.items()]
        super().__init__("warehouse checks failed, load rolled back:\n  " + "\n  ".join(lines))


def statements(name: str) -> list[str]:
    """The statements of one .sql file, split on semicolons that end a line."""
    text = (SQL_DIR / name).read_text()
    parts = re.split(r";\s*$", text, flags=re.M)
    out = []
    for part in parts:
        code = "\n".join(line for line in part.splitlines() if not line.strip().startswith("--")).strip()
        if code:
            out.append(code)
    return out


def _bind(stmt: str, params: dict[str, Any]) -> dict[str, Any] | None:
    """The parameters a statement names, and only those (DuckDB refuses extra ones)."""
    return {k: params[k] for k in dict.fromkeys(_PARAM.findall(stmt))} or None


def execute_file(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> None:
    for stmt in statements(name):
        con.execute(stmt, _bind(stmt, params))


@contextmanager
def connect(path: Path, read_only: bool = False, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> Iterator[duckdb.DuckDBPyConnection]:
    check_warehouse_path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `posts-etl run` first")
    try:
        con = duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit, "temp_directory": str(path.parent / ".duckdb-tmp")})
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseError(f"{path} is in use by another process (another run, or an open DuckDB client): {exc}") from exc
        raise WarehouseError(f"cannot open {path}: {exc}") from exc
    try:
        yield con
    finally:
        con.close()


def ensure_schema(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as con:
        execute_file(con, "schema.sql")


def known_posts(path: Path) -> dict[str, str]:
    """post_id -> sha256 of the version the warehouse holds now."""
    if not path.exists():
        return {}
    with connect(path, read_only=True) as con:
        return dict(con.execute("select post_id, sha256 from raw_posts").fetchall())


def unreadable_rejects(path: Path) -> dict[str, tuple[str, int]]:
    """post_id -> (reason, size_bytes) of the current rejects that hold no bytes (sha256 null:
    the file could not be read)."""
    if not path.exists():
        return {}
    with connect(path, read_only=True) as con:
        rows = con.execute("select post_id, reason, size_bytes from rejects where sha256 is null").fetchall()
    return {post_id: (reason, size) for post_id, reason, size in rows}


def committed_runs(path: Path) -> set[str]:
    if not path.exists():
        return set()
    with connect(path, read_only=True) as con:
        return {r[0] for r in con.execute("select run_id from runs").fetchall()}


def run_finished_at(path: Path, run_id: str) -> datetime:
    """``finished_at`` of a committed run."""
    with connect(path, read_only=True) as con:
        row = con.execute("select finished_at from runs where run_id = $run_id", {"run_id": run_id}).fetchone()
    if row is None:
        raise WarehouseError(f"run {run_id} is not in {path}")
    return row[0]


OFFSET_CHECKS = ("embed_offsets", "link_offsets", "quote_offsets")


def check_names() -> list[str]:
    return sorted([p.stem for p in (SQL_DIR / "checks").glob("*.sql")] + list(OFFSET_CHECKS))


def _slice(text: str | None, s: int | None, e: int | None) -> str | None:
    """``text[s:e]`` when those are offsets into it, else None."""
    if text is None or s is None or e is None or not 0 <= s <= e <= len(text):
        return None
    return text[s:e]


def _offset_failures(con: duckdb.DuckDBPyConnection, limit: int = 20, batch_rows: int = 8192) -> dict[str, list[tuple[Any, ...]]]:
    """The offsets checks over the posts in ``_check_scope``: every quote, body link and embed
    slices back out of its article, as ``substr(body, start_char + 1, end_char - start_char)``
    returns it in DuckDB (both count code points), at the cost of a Python slice. The rows come
    flat, in post order, each article before its quotes, links and embeds (sql/offset_rows.sql),
    streamed in Arrow batches and merged here in one pass, so the cost is linear in the rows
    checked and one batch (``batch_rows`` rows, each column turned to a Python list at once) is
    held at a time; up to ``limit`` offending rows are kept per check.

    As the SQL checks before them: a quote of no known ``part`` is not sliced (lakes written
    before quotes had a part) and a missing context bound is not compared; anything else that
    is null where an offset or a text must be fails. A link must have offsets exactly when its
    place is 'body'."""
    (stmt,) = statements("offset_rows.sql")
    rel = con.sql(stmt)
    reader = rel.to_arrow_reader(batch_rows) if hasattr(rel, "to_arrow_reader") else rel.fetch_arrow_reader(batch_rows)  # duckdb 2 / 1.x
    quote_bad: list[tuple[Any, ...]] = []
    link_bad: list[tuple[Any, ...]] = []
    embed_bad: list[tuple[Any, ...]] = []
    post: str | None = None  # the post whose article was read last, with its texts
    title = body = ""
    for batch in reader:
        for pid, kind, rid, part, s, e, text, cs, ce in zip(*(column.to_pylist() for column in batch.columns)):
            if kind == 0:
                post, title, body = pid, part or "", text or ""
                continue
            if pid != post:
                continue  # no article: the orphans check's
            if kind == 1:
                if part != "body" and part != "title":
                    continue
                sliced = _slice(title if part == "title" else body, s, e)
                if sliced is None or sliced != text or (cs is not None and cs > s) or (ce is not None and ce < e):
                    if len(quote_bad) < limit:
                        quote_bad.append((rid, pid, part, s, e, text, sliced))
            elif kind == 2:
                has_offsets = s is not None and e is not None
                if part is None or (part == "body") != has_offsets:
                    if len(link_bad) < limit:
                        link_bad.append((rid, pid, part, s, e, text, None))
                elif has_offsets and ((sliced := _slice(body, s, e)) is None or sliced != text):
                    if len(link_bad) < limit:
                        link_bad.append((rid, pid, part, s, e, text, sliced))
            elif (sliced := _slice(body, s, e)) is None or sliced != text:
                if len(embed_bad) < limit:
                    embed_bad.append((pid, s, e, text))
    found = {"embed_offsets": embed_bad, "link_offsets": link_bad, "quote_offsets": quote_bad}
    return {name: rows for name, rows in found.items() if rows}


def run_checks(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Run every check on the posts a run touched or named when ``run_id`` is given (after a
    load; sql/check_scope.sql), else on the whole warehouse; return the offending rows (up to 20
    each) of those that found any."""
    execute_file(con, "check_scope.sql", run_id=run_id)
    failures = _offset_failures(con)
    for path in sorted((SQL_DIR / "checks").glob("*.sql")):
        (stmt,) = statements(f"checks/{path.name}")
        rows = con.execute(f"select * from ({stmt}) limit 20", _bind(stmt, {"run_id": run_id})).fetchall()  # stmt: a file of sql/checks
        if rows:
            failures[path.stem] = rows
    con.execute("drop table _check_scope")
    return dict(sorted(failures.items()))


def lake_files(root: Path, tables: tuple[str, ...]) -> dict[str, list[str]]:
    """Each table's Parquet files under ``root`` (a run's staging folder, or the lake), one by
    one and escaped for DuckDB, which takes every path it is given as a glob pattern: unescaped,
    a data dir named ``br[ac]kets`` reads ``brakets`` when that folder exists, and ``st*r`` reads
    ``star`` too."""
    return {t: [_glob_literal(str(p)) for p in sorted((root / t).glob("ingest_date=*/*.parquet"))] for t in tables}


_GLOB_ESCAPES = {"[": "[[]", "*": "[*]", "?": "[?]"}


def _glob_literal(path: str) -> str:
    """A DuckDB glob pattern that matches ``path`` alone: each glob character in brackets."""
    return "".join(_GLOB_ESCAPES.get(c, c) for c in path)


def _load_error(exc: duckdb.Error, what: str) -> WarehouseError:
    """DuckDB's error of a failed load as one line for a person; DiskFull when the disk filled."""
    text = " ".join(str(exc).split())
    text = text if len(text) <= 400 else text[:400] + " …"
    return (DiskFull if disk_full(exc) else WarehouseError)(f"{what}, warehouse unchanged: {text}")


def load_run(
    path: Path, stage: Path, run_id: str, memory_limit: str = DEFAULT_MEMORY_LIMIT, before_commit: Callable[[datetime], None] | None = None
) -> datetime:
    """Replace the rows of every post in ``stage`` and record the run, all or nothing.

    Returns the run's ``finished_at``: the time its rows were in and checked, written into its
    ``runs`` row just before the commit (so a run's duration includes its load).
    ``before_commit(finished_at)`` runs then too (the flow rewrites the run's lake marker with
    it): if it raises, the load is rolled back, so the lake and the warehouse never disagree."""
    ensure_schema(path)
    files = lake_files(stage, TABLES)
    if missing := [t for t, paths in files.items() if not paths]:
        raise WarehouseError(f"run {run_id} staged no Parquet for {', '.join(missing)} under {stage}: nothing loaded")
    with connect(path, memory_limit=memory_limit) as con:
        con.execute("begin transaction")
        try:
            execute_file(con, "lake_rows.sql")
            execute_file(con, "load_run.sql", **files)
            failures = run_checks(con, run_id)
            if failures:
                raise CheckFailed(failures)
            finished_at = datetime.now(timezone.utc)
            con.execute("update runs set finished_at = $t where run_id = $run_id", {"t": finished_at, "run_id": run_id})
            if before_commit is not None:
                before_commit(finished_at)
        except BaseException as exc:
            con.execute("rollback")
            if isinstance(exc, duckdb.Error):
                raise _load_error(exc, f"load of run {run_id} rolled back") from exc
            raise
        try:
            con.execute("commit")
        except duckdb.Error as exc:  # e.g. the disk filled while DuckDB wrote the commit
            raise _load_error(exc, f"load of run {run_id} could not be committed") from exc
    return finished_at


def rebuild(data_dir: Path, lake: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> dict[str, int]:
    """Build a fresh warehouse from the lake alone, then swap it in for the old one."""
    target = warehouse_path(data_dir)
    tmp = target.with_name(f".{target.name}.rebuild")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    ensure_schema(tmp)
    files = lake_files(lake, TABLES)
    with connect(tmp, memory_limit=memory_limit) as con:
        if files["runs"]:
            if missing := [t for t, paths in files.items() if not paths]:
                raise WarehouseError(f"the lake at {lake} has runs but no Parquet for {', '.join(missing)}: cannot rebuild from it")
            con.execute("begin transaction")
            execute_file(con, "lake_rows.sql")
            execute_file(con, "rebuild.sql", **files)
            failures = run_checks(con)
            if failures:
                con.execute("rollback")
                raise CheckFailed(failures)
            con.execute("commit")
        counts = table_counts(con)
        con.execute("checkpoint")
    os.replace(tmp, target)
    Path(str(target) + ".wal").unlink(missing_ok=True)
    return counts


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: (con.execute(f"select count(*) from {t}").fetchone() or (0,))[0] for t in TABLES}  # names from TABLES only


def query(path: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only query for a person at the shell."""
    with connect(path, read_only=True) as con:
        try:
            cur = con.execute(sql)
        except duckdb.Error as exc:
            raise WarehouseError(str(exc)) from exc
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()


def _records(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    (stmt,) = statements(name)
    cur = con.execute(stmt, _bind(stmt, params))
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row)) for row in cur.fetchall()]


REPORT_TABLES = ("top_feeds", "top_speakers", "top_domains")


def report(path: Path, run_id: str, top_n: int) -> dict[str, Any]:
    """One run's reject reasons and the warehouse's top tables (sql/report/*.sql)."""
    with connect(path, read_only=True) as con:
        out: dict[str, Any] = {"reject_reasons": {r["reason_code"]: r["files"] for r in _records(con, "report/reject_reasons.sql", run_id=run_id)}}
        for name in REPORT_TABLES:
            out[name] = _records(con, f"report/{name}.sql", n=top_n)
    return out


def run_rejects(path: Path, run_id: str, n: int) -> list[dict[str, Any]]:
    """The first ``n`` rejects of one run (sql/run_rejects.sql)."""
    with connect(path, read_only=True) as con:
        return _records(con, "run_rejects.sql", run_id=run_id, n=n)


def current_sources(path: Path) -> list[str]:
    """The source folders of the posts the warehouse holds now (sql/current_sources.sql)."""
    with connect(path, read_only=True) as con:
        return [r["source"] for r in _records(con, "current_sources.sql") if r["source"]]


def current_posts(path: Path) -> list[dict[str, Any]]:
    """The version of each post the warehouse holds now (sql/current_posts.sql)."""
    with connect(path, read_only=True) as con:
        return _records(con, "current_posts.sql")


def counts(path: Path) -> dict[str, int]:
    with connect(path, read_only=True) as con:
        return table_counts(con)
