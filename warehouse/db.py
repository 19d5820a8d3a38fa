"""The DuckDB warehouse: every connection the project opens, and every statement it runs.

SQL lives in ``warehouse/sql/*.sql``; values go in as bound ``$name`` parameters, never by
string formatting. A load is one transaction that ends with the checks in ``sql/checks``:
if any check returns rows the transaction is rolled back and the warehouse is as before.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

SQL_DIR = Path(__file__).parent / "sql"
TABLES = ("articles", "quotes", "links", "raw_posts", "rejects", "runs")
_PARAM = re.compile(r"\$([a-z_]+)")
# DuckDB would take up to 80% of RAM before spilling. Loads and rebuilds run under this limit
# instead and spill to <data_dir>/.duckdb-tmp, so their memory does not grow with the corpus.
DEFAULT_MEMORY_LIMIT = "1GB"


class WarehouseError(RuntimeError):
    """A warehouse problem stated for a person: locked file, failed check, missing data."""


class CheckFailed(WarehouseError):
    def __init__(self, failures: dict[str, list[tuple[Any, ...]]]):
        self.failures = failures
        lines = [f"{name}: {len(rows)} offending rows, e.g. {rows[0]!r}" for name, rows in failures.items()]
        super().__init__("warehouse checks failed, load rolled back:\n  " + "\n  ".join(lines))


def warehouse_path(data_dir: Path) -> Path:
    return data_dir / "warehouse.duckdb"


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


def committed_runs(path: Path) -> set[str]:
    if not path.exists():
        return set()
    with connect(path, read_only=True) as con:
        return {r[0] for r in con.execute("select run_id from runs").fetchall()}


def check_names() -> list[str]:
    return sorted(p.stem for p in (SQL_DIR / "checks").glob("*.sql"))


def run_checks(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Run every check; return the offending rows of those that found any."""
    failures: dict[str, list[tuple[Any, ...]]] = {}
    for name in check_names():
        (stmt,) = statements(f"checks/{name}.sql")
        rows = con.execute(stmt, _bind(stmt, {"run_id": run_id})).fetchmany(20)
        if rows:
            failures[name] = rows
    return failures


def load_run(path: Path, stage: Path, run_id: str, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> None:
    """Replace the rows of every post in ``stage`` and record the run, all or nothing."""
    ensure_schema(path)
    with connect(path, memory_limit=memory_limit) as con:
        con.execute("begin transaction")
        try:
            execute_file(con, "load_run.sql", stage=str(stage))
            failures = run_checks(con, run_id)
            if failures:
                raise CheckFailed(failures)
        except BaseException as exc:
            con.execute("rollback")
            if isinstance(exc, duckdb.Error):
                raise WarehouseError(f"load of run {run_id} rolled back, warehouse unchanged: {exc}") from exc
            raise
        con.execute("commit")


def rebuild(data_dir: Path, lake: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> dict[str, int]:
    """Build a fresh warehouse from the lake alone, then swap it in for the old one."""
    target = warehouse_path(data_dir)
    tmp = target.with_name(f".{target.name}.rebuild")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    ensure_schema(tmp)
    with connect(tmp, memory_limit=memory_limit) as con:
        if any((lake / "runs").glob("*/*.parquet")):
            con.execute("begin transaction")
            execute_file(con, "rebuild.sql", lake=str(lake))
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
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}  # names from TABLES only


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
