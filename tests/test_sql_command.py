"""`posts-etl sql` runs whatever a person types: it must read the warehouse and nothing else.

Every test runs the real command in a subprocess against a real warehouse built from the sample
posts. A refused query ends with one ``error:`` line, a non-zero exit and the warehouse and the
file system as they were.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.ingest import ingest_posts

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "posts-etl"
LONG_QUERY = "select count(*) from range(1000000000000)"  # minutes of work


@pytest.fixture(scope="module")
def warehouse(prefect_harness, tmp_path_factory) -> Path:
    """A data dir loaded from the sample posts (the tests below only read it)."""
    import shutil

    src = tmp_path_factory.mktemp("posts") / "posts"
    shutil.copytree(REPO / "samples" / "posts", src)
    data_dir = tmp_path_factory.mktemp("sql") / "data"
    ingest_posts(source=str(src), data_dir=str(data_dir), workers=1)
    return data_dir


@pytest.fixture
def home(tmp_path) -> Path:
    """A HOME of the test's own: DuckDB keeps extensions and secrets under ~/.duckdb."""
    h = tmp_path / "home"
    h.mkdir()
    return h


def cli(data_dir: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    """`posts-etl sql ARGS --data-dir DATA_DIR` with a HOME of its own (~/.duckdb is where an
    INSTALL, an auto-install or a persistent secret would write)."""
    home = home or data_dir.parent / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home)}
    return subprocess.run([str(BIN), "sql", *args, "--data-dir", str(data_dir)], capture_output=True, text=True, env=env, timeout=120)


def snapshot(data_dir: Path) -> dict[str, str]:
    """Every file in the data dir (lake included) and its sha256."""
    return {str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(data_dir.rglob("*")) if p.is_file()}


def assert_refused(out: subprocess.CompletedProcess, *fragments: str) -> None:
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr
    for fragment in fragments:
        assert fragment in lines[0], out.stderr


NO_FILES = "posts-etl sql reads the warehouse only"
NO_SETTINGS = "posts-etl sql cannot change settings"
READ_ONLY = "posts-etl sql is read-only"


def test_copy_to_a_file_is_refused_and_writes_nothing(warehouse, tmp_path):
    before = snapshot(warehouse)
    for target in (tmp_path / "x.csv", tmp_path / "x.parquet"):
        out = cli(warehouse, f"copy (select * from articles) to '{target}'")
        assert_refused(out, "Permission Error", NO_FILES)
        assert not target.exists()
    out = cli(warehouse, f"export database '{tmp_path / 'export'}'")
    assert_refused(out, "Permission Error", NO_FILES)
    assert not (tmp_path / "export").exists() or not any((tmp_path / "export").iterdir())
    assert snapshot(warehouse) == before


@pytest.mark.parametrize(
    "query, fragments",
    [
        ("select * from read_text('/etc/passwd')", ("Permission Error", NO_FILES)),
        ("select * from read_csv('/etc/passwd', sep = ':')", ("Permission Error", NO_FILES)),
        ("select * from read_blob('/etc/hostname')", ("Permission Error", NO_FILES)),
        ("select * from glob('/etc/*')", ("Permission Error", NO_FILES)),
        ("select * from '{lake}/runs/*/*.parquet'", ("Permission Error", NO_FILES)),  # a path used as a table
        ("select * from read_parquet('{lake}/runs/*/*.parquet')", ("Permission Error", NO_FILES)),  # not even the project's own lake
        ("select * from read_csv('https://example.com/x.csv')", ("Permission Error", NO_FILES)),
    ],
)
def test_reading_files_or_urls_is_refused(warehouse, query, fragments):
    out = cli(warehouse, query.format(lake=warehouse / "lake"))
    assert_refused(out, *fragments)
    assert "root:" not in out.stdout


@pytest.mark.parametrize("query", ["install httpfs", "force install httpfs", "load httpfs", "create persistent secret s (type s3, key_id 'k', secret 'v')"])
def test_extensions_and_secrets_are_refused(warehouse, home, query):
    out = cli(warehouse, query, home=home)
    assert_refused(out, "Permission Error", NO_FILES)
    assert not (home / ".duckdb").exists()


def test_attach_is_refused_and_creates_no_file(warehouse, tmp_path):
    other = tmp_path / "other.duckdb"
    for query in (f"attach '{other}'", f"attach '{other}' as o (read_only false)", f"attach if not exists '{other}' as o2"):
        out = cli(warehouse, query)
        assert_refused(out, "Permission Error", NO_FILES)
    assert not other.exists()
    assert not list(tmp_path.glob("other.duckdb*"))


@pytest.mark.parametrize(
    "query",
    [
        "set enable_external_access = true",
        "reset enable_external_access",
        "set lock_configuration = false",
        "reset lock_configuration",
        "set allowed_directories = ['/']",
        "set memory_limit = '100GB'",
        "set temp_directory = '/tmp'",
        "pragma enable_profiling",
        "set profiling_output = '/tmp/posts-etl-profile.json'",
    ],
)
def test_settings_cannot_be_changed(warehouse, query):
    out = cli(warehouse, query)
    assert_refused(out, "the configuration has been locked", NO_SETTINGS)


@pytest.mark.parametrize(
    "query",
    [
        "create table t(a int)",
        "create view v as select 1",
        "delete from articles",
        "insert into articles (post_id) values ('x')",
        "update articles set title = 'x'",
        "drop table quotes",
        "alter table links add column c int",
    ],
)
def test_writes_into_the_warehouse_are_refused(warehouse, sql, query):
    before = snapshot(warehouse)
    counts = sql(warehouse, "select (select count(*) from articles), (select count(*) from quotes), (select count(*) from links)")
    out = cli(warehouse, query)
    assert_refused(out, "read-only mode", READ_ONLY)
    assert snapshot(warehouse) == before
    assert sql(warehouse, "select (select count(*) from articles), (select count(*) from quotes), (select count(*) from links)") == counts
    assert counts[0][0] == 62


def test_one_statement_at_a_time(warehouse, sql):
    for query in ("select 1; select 2", "select 1; delete from articles", "select 1;\nset enable_external_access = true;"):
        assert_refused(cli(warehouse, query), "give one SQL statement at a time")
    for query in ("", "  ", "/* only a comment */"):
        assert_refused(cli(warehouse, query), "no SQL statement given")
    out = cli(warehouse, "select 1 as a;")  # a trailing ';' is one statement
    assert out.returncode == 0 and "(1 row)" in out.stdout, out.stderr
    assert sql(warehouse, "select count(*) from articles") == [(62,)]
    help_text = subprocess.run([str(BIN), "sql", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "two or more are refused" in " ".join(help_text.split())


def readme_queries() -> list[str]:
    """Every `posts-etl sql "..."` example in README.md, plus the one a run prints."""
    from flows.cli.runs import EXAMPLE_QUERY

    found = re.findall(r'posts-etl sql "([^"]+)"', (REPO / "README.md").read_text())
    found += re.findall(r"posts-etl sql '([^']+)'", (REPO / "README.md").read_text())
    return list(dict.fromkeys(q for q in [*found, EXAMPLE_QUERY, "from runs"] if " " in q))  # not the `"QUERY"` placeholder


def test_readme_example_queries_still_work(warehouse):
    queries = readme_queries()
    assert len(queries) >= 3, queries
    for query in queries:
        out = cli(warehouse, query)
        assert out.returncode == 0, (query, out.stderr)
        assert re.search(r"\(\d+ rows?\)", out.stdout), (query, out.stdout)
    out = cli(warehouse, "describe quotes")
    assert out.returncode == 0 and "speaker" in out.stdout, out.stderr
    out = cli(warehouse, "summarize articles", "-f", "csv")
    assert out.returncode == 0 and "word_count" in out.stdout, out.stderr


def test_a_huge_table_is_cut_and_csv_streams(warehouse):
    out = cli(warehouse, "select range as n from range(25000)")
    assert out.returncode == 0, out.stderr
    assert "(10000 rows)" in out.stdout and "only the first 10000 rows are shown" in out.stderr
    out = cli(warehouse, "select range as n from range(25000)", "-f", "csv")
    assert out.returncode == 0 and len(out.stdout.splitlines()) == 25001 and out.stderr == ""
    out = cli(warehouse, "select range as n from range(25000)", "-f", "json", "--max-rows", "3")
    assert out.returncode == 0 and out.stdout.count('"n"') == 3 and "only the first 3 rows" in out.stderr
    # a reader that stops early (`| head`): the command ends quietly, without a traceback
    proc = subprocess.Popen([str(BIN), "sql", "select range from range(3000000)", "-f", "csv", "-d", str(warehouse)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"range\r\n"  # csv.writer's line ends, as before
    proc.stdout.close()
    err = proc.communicate(timeout=120)[1].decode()
    assert proc.returncode == 128 + signal.SIGPIPE and "Traceback" not in err, err


def _wait_until_busy(proc: subprocess.Popen, cpu_seconds: float = 1.5, deadline: float = 60) -> None:
    """Wait until the command is in its query: it has used this much CPU (imports take less)."""
    tick = os.sysconf("SC_CLK_TCK")
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / tick >= cpu_seconds:
            return
        time.sleep(0.1)
    raise AssertionError("the query never got busy")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_long_query_stops_on_ctrl_c_with_one_line(warehouse, signum):
    proc = subprocess.Popen([str(BIN), "sql", LONG_QUERY, "-d", str(warehouse)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_busy(proc)
        sent = time.monotonic()
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert time.monotonic() - sent < 10
    assert proc.returncode == 128 + signum, (proc.returncode, err)
    assert err.strip().splitlines() == [f"error: stopped by {signal.Signals(signum).name}: the query was interrupted (posts-etl sql changes nothing)"], err
    assert out == ""


def test_timeout_stops_a_long_query(warehouse):
    started = time.monotonic()
    out = cli(warehouse, LONG_QUERY, "--timeout", "1")
    assert time.monotonic() - started < 30
    assert_refused(out, "stopped: the query ran past --timeout 1 s")
