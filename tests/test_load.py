"""The load into DuckDB: checks on the run's rows in linear time, data dirs with odd names, a
full disk, and a run's finished_at taken after its load.

The full-disk tests mount a small tmpfs (root only: skipped elsewhere) and run the CLI as a
user would; nothing is mocked.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest

from flows.ingest import ingest_posts
from warehouse import db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_checks import EMBED, fit_exponent, insert, measure, post  # noqa: E402

BIN = Path(sys.executable).parent / "posts-etl"


def _cli(*args: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    flags = ["--no-progress"] if args[0] == "run" else []
    return subprocess.run([str(BIN), *args, *flags], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def _counts(data_dir: Path) -> dict[str, int]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return db.table_counts(con)


# --- checks -------------------------------------------------------------------------------


def _warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    db.ensure_schema(path)
    body, quotes, links = post(30)
    with db.connect(path) as con:
        insert(con, "r0", [("old", body, quotes, links)])
        insert(con, "r1", [("new", body, quotes, links)])
    return path


@pytest.mark.parametrize(
    "check,bad_row",  # every bad row here is on a post of run r1, or has no run (then every run's checks see it)
    [
        ("quote_offsets", "update quotes set start_char = start_char + 1 where quote_id = 'new-q3'"),
        ("quote_offsets", "update quotes set context_end = end_char - 1 where quote_id = 'new-q4'"),
        ("quote_offsets", "update quotes set end_char = 10000000 where quote_id = 'new-q5'"),
        ("link_offsets", "update links set end_char = end_char - 1 where link_id = 'new-l2'"),
        ("link_offsets", "update links set place = 'furniture' where link_id = 'new-l3'"),
        ("embed_offsets", "update articles set embeds = [{'kind': 'tweet', 'text': 'x', 'author': null, 'handle': null, 'date': null, 'start_char': 0, 'end_char': 2}] where post_id = 'new'"),
        ("duplicate_keys", "insert into quotes by name select * from quotes where quote_id = 'new-q1'"),
        ("orphans", "delete from articles where post_id = 'new'"),
        ("orphans", "insert into rejects (post_id, reason_code, run_id) values ('new', 'empty', 'r1')"),
        ("orphans", "insert into quotes (quote_id, post_id, part, quote) values ('stray', 'nobody', 'body', 'x')"),  # no run at all
        ("quote_offsets", "insert into quotes (quote_id, post_id, part, context_start, context_end, run_id) values ('blank', 'new', 'body', 0, 5, 'r1')"),
        ("link_offsets", "update links set place = null, start_char = null, end_char = null where link_id = 'new-l4'"),
        # a row of this run on a post whose article an earlier run wrote
        ("quote_offsets", "insert into quotes (quote_id, post_id, part, start_char, end_char, quote, context_start, context_end, run_id) values ('late', 'old', 'body', 3, 9, 'nope', 0, 20, 'r1')"),
    ],
)
def test_each_check_finds_its_kind_of_bad_row_in_the_run(tmp_path, check, bad_row):
    path = _warehouse(tmp_path)
    with db.connect(path) as con:
        assert db.run_checks(con, "r1") == {} and db.run_checks(con) == {}
        con.execute(bad_row)
        assert check in db.run_checks(con, "r1")
        assert check in db.run_checks(con)  # the whole-warehouse check (`posts-etl check`) too
        if "'old'" not in bad_row and "'nobody'" not in bad_row:  # a row of r1's post 'new' only
            assert db.run_checks(con, "r0") == {}  # an earlier run's posts are not looked at again


def test_an_earlier_runs_bad_row_is_left_to_the_full_check(tmp_path):
    path = _warehouse(tmp_path)
    with db.connect(path) as con:
        con.execute("update quotes set start_char = start_char + 1 where quote_id = 'old-q3'")
        assert db.run_checks(con, "r1") == {}
        assert list(db.run_checks(con)) == ["quote_offsets"]


def _several_posts(tmp_path: Path) -> Path:
    """Posts p0..p4 of run r1, each longer than the one before (4, 6, … 12 quotes, half as many
    links, an embed each), so a row checked against another post's body fails."""
    path = tmp_path / "warehouse.duckdb"
    db.ensure_schema(path)
    with db.connect(path) as con:
        insert(con, "r1", [(f"p{i}", *post(4 + 2 * i)) for i in range(5)])
        con.execute(f"update articles set embeds = {EMBED}")  # EMBED: a literal of bench_checks
    return path


@pytest.mark.parametrize("bad", ["p2", "p4"])  # in the middle, and the last post of the stream
@pytest.mark.parametrize(
    "check,bad_row",
    [
        ("quote_offsets", "update quotes set start_char = start_char + 1 where quote_id = '{bad}-q3'"),
        ("link_offsets", "update links set end_char = end_char - 1 where link_id = '{bad}-l1'"),
        ("link_offsets", "update links set place = 'footer' where link_id = '{bad}-l1'"),
        ("embed_offsets", "update articles set embeds = [{{'kind': 'tweet', 'text': 'x', 'author': null, 'handle': null, 'date': null, 'start_char': 0, 'end_char': 2}}] where post_id = '{bad}'"),
    ],
)
def test_an_offsets_failure_is_found_on_a_post_that_is_not_the_first_of_its_batch(tmp_path, check, bad_row, bad):
    path = _several_posts(tmp_path)
    with db.connect(path) as con:
        assert db.run_checks(con, "r1") == {}
        con.execute(bad_row.format(bad=bad))
        found = db.run_checks(con, "r1")
        assert list(found) == [check] and [row[0 if check == "embed_offsets" else 1] for row in found[check]] == [bad]
        # batches of 1 row, a few rows (posts cut across batches), and all rows in one
        for batch_rows in (1, 5, 7, 10_000):
            db.execute_file(con, "check_scope.sql", run_id="r1")
            assert db._offset_failures(con, batch_rows=batch_rows) == found
            con.execute("drop table _check_scope")


def test_the_rows_of_a_post_without_an_article_are_not_sliced_against_the_post_before(tmp_path):
    path = _several_posts(tmp_path)
    with db.connect(path) as con:
        con.execute("delete from articles where post_id = 'p1'")  # its quotes go past p0's body
        assert list(db.run_checks(con, "r1")) == ["orphans"]


def test_check_time_grows_linearly_with_the_run_not_with_quotes_times_body():
    # one post, 2k -> 16k quotes in a 0.5 -> 4 MB non-ASCII body; the substr check this replaced
    # fitted ~1.9 here (33 s at 16k quotes), these checks ~0.3-1.0 (a fixed part, then linear)
    sizes = [2000, 4000, 8000, 16000]
    times = [min(measure(n, 200, baseline=False)[1] for _ in range(2)) for n in sizes]
    assert fit_exponent(sizes, times) <= 1.2, times
    assert times[-1] < 5, times


# --- data dirs with odd names -------------------------------------------------------------


@pytest.mark.parametrize("name", ["br[ac]kets", "env=prod/st*r 'q'"])
def test_a_data_dir_named_with_glob_or_partition_characters_loads_as_itself(sample_dir, tmp_path, name):
    data_dir = tmp_path / name
    out = _cli("run", str(sample_dir), "--data-dir", str(data_dir), cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    first = _counts(data_dir)
    assert first["articles"] == 62 and first["raw_posts"] == 67
    # a sibling the name would match as a glob (br[ac]kets ~ brakets, st*r ~ star), holding a
    # lake without its run markers: read by mistake, it would empty or duplicate the rebuild
    sibling = tmp_path / name.replace("[ac]", "a").replace("*", "a")
    shutil.copytree(data_dir, sibling)
    shutil.rmtree(sibling / "lake" / "runs")
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from articles where ingest_date is null").fetchone() == (0,)
        assert "env" not in [c[0] for c in con.execute("describe raw_posts").fetchall()]
    again = _cli("run", str(sample_dir), "--data-dir", str(data_dir), cwd=tmp_path)
    assert again.returncode == 0 and "67 seen = 0 loaded + 67 unchanged" in again.stdout, again.stdout + again.stderr
    rebuilt = _cli("rebuild", "--data-dir", str(data_dir), cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert _counts(data_dir) == {**first, "runs": 2}


@pytest.mark.parametrize("name", ["q?mark", "back\\slash"])
def test_a_data_dir_duckdb_cannot_hold_is_refused_in_one_line_before_anything_is_written(sample_dir, tmp_path, name):
    data_dir = tmp_path / name
    started = time.monotonic()
    out = _cli("run", str(sample_dir), "--data-dir", str(data_dir), cwd=tmp_path)
    assert out.returncode == 2, out.stdout + out.stderr
    assert time.monotonic() - started < 10  # refused with the arguments, before a Prefect server starts
    assert "Traceback" not in out.stderr
    (line,) = [x for x in out.stderr.splitlines() if x.startswith("error:")]
    assert "DuckDB cannot keep a warehouse" in line and "choose a data dir without it" in line
    assert not (data_dir / "warehouse.duckdb").exists()


# --- a full disk --------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 32 MB tmpfs: a real file system that fills up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", f"posts-etl-test-{uuid.uuid4().hex[:8]}", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(disk: Path, leave_kb: int) -> None:
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(disk / "filler", "wb") as fh:
        os.posix_fallocate(fh.fileno(), 0, max(free - leave_kb * 1024, 0))


def _big_posts(folder: Path, n: int) -> None:
    """Posts of ~220 KB of plain prose: they compress well in the staged Parquet, but DuckDB
    writes them out in full when it commits."""
    words = "the council met on tuesday and agreed a budget for roads schools parks and the river bridge".split()
    for i in range(n):
        paras = [" ".join(words[(j + k) % len(words)] for k in range(60)).capitalize() + "." for j in range(600)]
        (folder / f"big{i:02d}.txt").write_text(f"Budget story {i}\n" + "\n".join(paras) + "\n", encoding="utf-8")


@pytest.mark.parametrize("leave_kb,where", [(2048, "could not be committed"), (8, "the disk is full")])
def test_a_full_disk_ends_the_run_in_one_line_with_the_warehouse_as_before(sample_dir, small_disk, tmp_path, leave_kb, where):
    data_dir = small_disk / "data"
    first = _cli("run", str(sample_dir), "--data-dir", str(data_dir), cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    before = _counts(data_dir)
    _big_posts(sample_dir, 20)
    _fill(small_disk, leave_kb)
    started = time.monotonic()
    out = _cli("run", str(sample_dir), "--data-dir", str(data_dir), cwd=tmp_path)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and "Traceback" not in out.stdout
    (line,) = [x for x in out.stderr.splitlines() if x.startswith("error:")]
    assert where in line and "No space left on device" in line and "warehouse unchanged" in line, line
    assert time.monotonic() - started < 60  # a full disk is not retried
    (small_disk / "filler").unlink()
    assert _counts(data_dir) == before
    assert not any((data_dir / "lake" / "_staging").iterdir())
    again = _cli("run", str(sample_dir), "--data-dir", str(data_dir), cwd=tmp_path)
    assert again.returncode == 0 and "20 loaded + 67 unchanged" in again.stdout, again.stdout + again.stderr


# --- finished_at ----------------------------------------------------------------------------


@pytest.mark.usefixtures("prefect_harness")
def test_finished_at_is_taken_after_the_load(sample_dir, data_dir, monkeypatch):
    real = db.load_run

    def slow_load(*a, **k):  # a load that takes a while, as on a big warehouse
        time.sleep(1.5)
        return real(*a, **k)

    monkeypatch.setattr("warehouse.db.load_run", slow_load)
    s = ingest_posts(source=str(sample_dir), data_dir=str(data_dir), workers=1)
    assert s["duration_seconds"] >= 1.5
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        started, finished = con.execute("select started_at, finished_at from runs").fetchone()
    assert (finished - started).total_seconds() >= 1.5
    (marker,) = (data_dir / "lake" / "runs").glob("*/*.parquet")
    with duckdb.connect() as con:
        assert con.execute("select finished_at from read_parquet($p)", {"p": str(marker)}).fetchone()[0] == finished


@pytest.mark.usefixtures("prefect_harness")
def test_a_full_disk_at_the_marker_rewrite_rolls_the_load_back(sample_dir, data_dir, monkeypatch):
    ingest_posts(source=str(sample_dir), data_dir=str(data_dir), workers=1)
    before = _counts(data_dir)
    lake_before = sorted(p.relative_to(data_dir) for p in (data_dir / "lake").rglob("*.parquet"))
    (sample_dir / "2021-12-03" / "new.txt").write_text("A new post\nThe council met on Tuesday.\n", encoding="utf-8")
    from warehouse import lake

    real, marker_writes = lake.write_parquet, []

    def full_at_second_marker_write(path, table, rows):
        if table == "runs":
            marker_writes.append(path)
            if len(marker_writes) == 2:  # the rewrite with finished_at, inside the load's transaction
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, table, rows)

    monkeypatch.setattr("warehouse.lake.write_parquet", full_at_second_marker_write)
    with pytest.raises(db.DiskFull, match="the disk is full"):
        ingest_posts(source=str(sample_dir), data_dir=str(data_dir), workers=1)
    assert len(marker_writes) == 2  # not retried
    assert _counts(data_dir) == before
    assert sorted(p.relative_to(data_dir) for p in (data_dir / "lake").rglob("*.parquet")) == lake_before
