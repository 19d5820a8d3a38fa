"""End to end: the ingest flow over the bundled sample, against a real Prefect test server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.ingest import ingest_posts
from warehouse import db, lake, tables

pytestmark = pytest.mark.usefixtures("prefect_harness")

SAMPLE_TXT = 67  # *.txt files under samples/posts
SAMPLE_BAD = {  # source_path -> reason_code
    "bad/901_0000000000000000.txt": "empty",
    "bad/902_20202020200a0d09.txt": "empty",
    "bad/903_89504e470d0a1a0a.txt": "binary",
    "bad/906_b0a7e4c1d2f39586.txt": "boilerplate_only",
    "bad/907_8f9d0381818d9d00.txt": "binary",
}


def run(source: Path, data_dir: Path, **kw) -> dict:
    return ingest_posts(source=str(source), data_dir=str(data_dir), workers=kw.pop("workers", 1), **kw)


def table_counts(sql, data_dir: Path) -> dict[str, int]:
    return {t: sql(data_dir, f"select count(*) from {t}")[0][0] for t in ("articles", "quotes", "links", "raw_posts", "rejects")}


def test_first_run_loads_every_file_or_rejects_it(sample_dir, data_dir, sql):
    s = run(sample_dir, data_dir)
    assert s["files_seen"] == SAMPLE_TXT
    assert s["files_seen"] == s["files_loaded"] + s["files_unchanged"] + s["files_rejected"]
    assert s["files_rejected"] == len(SAMPLE_BAD)
    assert dict(sql(data_dir, "select source_path, reason_code from rejects")) == SAMPLE_BAD
    counts = table_counts(sql, data_dir)
    assert counts["articles"] == SAMPLE_TXT - len(SAMPLE_BAD)
    assert counts["raw_posts"] == SAMPLE_TXT
    assert counts["quotes"] > 200 and counts["links"] > 20
    # every input's bytes are kept, byte for byte, rejects included
    for source_path, raw, sha in sql(data_dir, "select source_path, raw, sha256 from raw_posts"):
        assert raw == (sample_dir / source_path).read_bytes(), source_path
    # the run is recorded and reconciles
    (runs,) = sql(data_dir, "select files_seen, files_loaded, files_unchanged, files_rejected, flow_run_id from runs")
    assert runs[:4] == (SAMPLE_TXT, SAMPLE_TXT - len(SAMPLE_BAD), 0, len(SAMPLE_BAD))
    assert runs[4]  # the Prefect flow run id
    # non-.txt files are not posts
    assert not sql(data_dir, "select * from raw_posts where source_path not like '%.txt'")
    # the summary says where the run's time went, phase by phase (the load's includes its
    # commit, which ends after the run's finished_at)
    phases = s["phase_seconds"]
    assert list(phases) == ["plan", "transform", "load"] and all(v > 0 for v in phases.values())
    assert phases["plan"] + phases["transform"] <= s["duration_seconds"]


def test_offsets_slice_back_in_sql(sample_dir, data_dir, sql):
    run(sample_dir, data_dir)
    bad_quotes = sql(
        data_dir,
        "select q.quote_id from quotes q join articles a using (post_id) "
        "where substr(if(q.part = 'title', a.title, a.body), q.start_char + 1, q.end_char - q.start_char) <> q.quote",
    )
    bad_links = sql(
        data_dir,
        "select l.link_id from links l join articles a using (post_id) "
        "where l.place = 'body' and substr(a.body, l.start_char + 1, l.end_char - l.start_char) <> l.url",
    )
    assert bad_quotes == [] and bad_links == []
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        assert db.run_checks(con) == {}


def test_rerun_adds_nothing_and_reports_unchanged(sample_dir, data_dir, sql):
    run(sample_dir, data_dir)
    before = table_counts(sql, data_dir)
    s = run(sample_dir, data_dir)
    assert s["files_unchanged"] == SAMPLE_TXT
    assert s["files_loaded"] == s["files_rejected"] == 0
    assert table_counts(sql, data_dir) == before
    assert sql(data_dir, "select count(*) from runs")[0][0] == 2


def test_changed_file_replaces_its_rows_and_new_file_is_added(sample_dir, data_dir, sql):
    run(sample_dir, data_dir)
    target = "2021-12-03/001_3f9a1c0be27d4e58.txt"
    (post_id,) = sql(data_dir, "select post_id from articles where source_path = $p", {"p": target})[0]
    before = table_counts(sql, data_dir)
    old_quotes = sql(data_dir, "select count(*) from quotes where post_id = $id", {"id": post_id})[0][0]
    assert old_quotes > 0

    (sample_dir / target).write_text(
        "Grid operator rewrites its winter outlook\n"
        "The operator published a shorter note on Monday.\n"
        '"We expect no shortfall this winter," the operator\'s chief executive, Hana Ito, said.\n'
        "via IFTTT\n",
        encoding="utf-8",
    )
    (sample_dir / "new").mkdir()
    (sample_dir / "new" / "100_new.txt").write_text("A new post\nIt has one line of prose about www.example.org/x.\n", encoding="utf-8")

    s = run(sample_dir, data_dir)
    assert (s["files_loaded"], s["files_unchanged"], s["files_rejected"], s["files_replaced"]) == (2, SAMPLE_TXT - 1, 0, 1)
    after = table_counts(sql, data_dir)
    assert after["articles"] == before["articles"] + 1
    assert after["raw_posts"] == before["raw_posts"] + 1
    assert sql(data_dir, "select title from articles where post_id = $id", {"id": post_id}) == [("Grid operator rewrites its winter outlook",)]
    new_quotes = sql(data_dir, "select quote, speaker from quotes where post_id = $id", {"id": post_id})
    assert new_quotes == [("We expect no shortfall this winter,", "Hana Ito")] or len(new_quotes) == 1
    assert after["quotes"] == before["quotes"] - old_quotes + len(new_quotes)
    assert sql(data_dir, "select count(*) from links where url = 'www.example.org/x'")[0][0] == 1


def test_fixed_reject_becomes_article(sample_dir, data_dir, sql):
    run(sample_dir, data_dir)
    empty = "bad/901_0000000000000000.txt"
    (sample_dir / empty).write_text("Now it has a title\nAnd a sentence of prose.\n", encoding="utf-8")
    s = run(sample_dir, data_dir)
    assert (s["files_loaded"], s["files_rejected"], s["files_replaced"]) == (1, 0, 1)
    assert sql(data_dir, "select count(*) from rejects where source_path = $p", {"p": empty})[0][0] == 0
    assert sql(data_dir, "select status from raw_posts where source_path = $p", {"p": empty}) == [("loaded",)]


def test_rebuild_from_lake_matches_warehouse(sample_dir, data_dir, sql):
    run(sample_dir, data_dir)
    (sample_dir / "2021-12-04/019_e49a7b1c5d02f683.txt").write_text("Refinery update\nIt restarted on time.\n", encoding="utf-8")
    run(sample_dir, data_dir)
    snapshot = {
        t: sorted(sql(data_dir, f"select * exclude (ingest_date) from {t}"), key=repr)
        for t in ("articles", "quotes", "links", "raw_posts", "rejects", "runs")
    }
    (data_dir / "warehouse.duckdb").unlink()
    db.rebuild(data_dir, lake.lake_dir(data_dir))
    for t, rows in snapshot.items():
        assert sorted(sql(data_dir, f"select * exclude (ingest_date) from {t}"), key=repr) == rows, t


def test_lake_is_zstd_parquet_partitioned_by_ingest_date(sample_dir, data_dir):
    import pyarrow.parquet as pq

    s = run(sample_dir, data_dir)
    for table in ("raw_posts", "articles", "quotes", "links", "rejects", "runs"):
        files = list((data_dir / "lake" / table).glob("ingest_date=*/*.parquet"))
        metas = [pq.ParquetFile(f).metadata for f in files]
        assert any(m.num_rows for m in metas), table
        for m in metas:
            for g in range(m.num_row_groups):
                assert {m.row_group(g).column(c).compression for c in range(m.num_columns)} == {"ZSTD"}, table
    assert not (data_dir / "lake" / "_staging").exists() or not any((data_dir / "lake" / "_staging").iterdir())
    assert {p.name for p in (data_dir / "lake").iterdir()} <= {"_staging", *tables.SCHEMAS}
    assert s["run_id"] in {p.stem for p in (data_dir / "lake" / "runs").glob("*/*.parquet")}


def test_failed_check_rolls_back_and_leaves_warehouse_as_before(sample_dir, data_dir, sql, monkeypatch):
    run(sample_dir, data_dir)
    before = {t: sql(data_dir, f"select count(*) from {t}")[0][0] for t in db.TABLES}
    lake_files = sorted(p for p in (data_dir / "lake").rglob("*.parquet"))
    (sample_dir / "2021-12-03/006_0d4be8a72f61c93e.txt").write_text('Storm\nThe mayor said "stay home" today.\n', encoding="utf-8")

    from transforms import rows

    real = rows.add_article

    def off_by_one(cols, *a, **k):  # a transform bug: offsets that do not slice back
        starts = cols["quotes"]["start_char"]
        n = len(starts)
        real(cols, *a, **k)
        starts[n:] = [s + 1 for s in starts[n:]]

    monkeypatch.setattr("flows.batch.add_article", off_by_one)
    with pytest.raises(db.CheckFailed, match="quote_offsets"):
        run(sample_dir, data_dir)
    assert {t: sql(data_dir, f"select count(*) from {t}")[0][0] for t in db.TABLES} == before
    assert sorted(p for p in (data_dir / "lake").rglob("*.parquet")) == lake_files


def test_crash_after_commit_is_finished_by_next_run(sample_dir, data_dir, sql, monkeypatch):
    run(sample_dir, data_dir)
    (sample_dir / "2021-12-03/006_0d4be8a72f61c93e.txt").write_text("Storm\nIt rained.\n", encoding="utf-8")

    def crash(*a, **k):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr("warehouse.lake.promote", crash)
    monkeypatch.setattr("flows.engine.abandon_run", lambda *a: None)  # the process died: no clean-up
    with pytest.raises(BaseException):
        run(sample_dir, data_dir)
    monkeypatch.undo()
    committed = sql(data_dir, "select run_id from runs order by run_id")[-1][0]
    assert lake.staged_runs(data_dir) == [committed]
    s = run(sample_dir, data_dir)
    assert s["files_unchanged"] == SAMPLE_TXT
    assert lake.staged_runs(data_dir) == []
    assert committed in {p.stem for p in (data_dir / "lake" / "runs").glob("*/*.parquet")}


def test_process_pool_batches_give_the_same_rows(sample_dir, data_dir, tmp_path, sql):
    s = run(sample_dir, data_dir, batch_size=40, workers=2)  # 40 + 27 posts: the first batch uses the pool
    assert s["batches"] == 2 and s["workers"] == 2
    other = tmp_path / "other"
    run(sample_dir, other)
    q = "select post_id, quote, start_char, kind, speaker from quotes order by all"
    assert sql(data_dir, q) == sql(other, q)
    assert table_counts(sql, data_dir) == table_counts(sql, other)



@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_written_in_row_groups_as_it_transforms_keeps_every_row(sample_dir, data_dir, tmp_path, sql, monkeypatch, workers):
    import pyarrow.parquet as pq

    monkeypatch.setattr("flows.batch._ROW_GROUP_POSTS", 20)  # 67 posts in one batch: row groups of 32, 32 and 3 posts
    s = run(sample_dir, data_dir, workers=workers)
    assert s["batches"] == 1
    raw_files = list((data_dir / "lake" / "raw_posts").glob("*/*.parquet"))
    assert [pq.ParquetFile(f).metadata.num_row_groups for f in raw_files] == [3]
    raw = pq.read_table(raw_files[0]).to_pylist()
    assert [r["raw"] for r in raw] == [(sample_dir / r["source_path"]).read_bytes() for r in raw]
    monkeypatch.undo()
    other = tmp_path / "other"
    run(sample_dir, other)
    for table in ("articles", "quotes", "links", "raw_posts", "rejects"):
        q = f"select * exclude (run_id) from {table} order by all"
        assert sql(data_dir, q) == sql(other, q), table
def test_data_dir_from_environment(sample_dir, tmp_path, monkeypatch):
    target = tmp_path / "from-env"
    monkeypatch.setenv("POSTS_ETL_DATA_DIR", str(target))
    s = ingest_posts(source=str(sample_dir), workers=1)
    assert s["data_dir"] == str(target) and (target / "warehouse.duckdb").exists()


def test_unreadable_and_oversized_files_are_rejected_with_bytes_kept(sample_dir, data_dir, sql, monkeypatch):
    big = sample_dir / "huge.txt"
    big.write_bytes(b"Big\n" + b"word " * 300_000)
    monkeypatch.setenv("POSTS_ETL_MAX_POST_BYTES", "1000000")
    locked = sample_dir / "locked.txt"
    locked.write_text("Locked\nbody\n")
    locked.chmod(0)
    try:
        run(sample_dir, data_dir)
    finally:
        locked.chmod(0o644)
    rejects = dict(sql(data_dir, "select source_path, reason_code from rejects"))
    assert rejects["huge.txt"] == "too_large"
    assert sql(data_dir, "select octet_length(raw) from raw_posts where source_path = 'huge.txt'") == [(big.stat().st_size,)]
    if os.geteuid() != 0:  # root reads a chmod-0 file anyway
        assert rejects["locked.txt"] == "unreadable"


def test_two_runs_on_one_data_dir_do_not_interleave(sample_dir, data_dir, monkeypatch):
    from warehouse.lock import data_dir_lock

    monkeypatch.setenv("POSTS_ETL_LOCK_WAIT", "0")
    with data_dir_lock(data_dir):
        with pytest.raises(RuntimeError, match="another posts-etl run"):
            run(sample_dir, data_dir)
    shutil.rmtree(data_dir)


def test_rebuild_first_moves_a_committed_run_out_of_staging(sample_dir, data_dir, sql, monkeypatch):
    import subprocess
    import sys
    from pathlib import Path as P

    run(sample_dir, data_dir)
    (sample_dir / "2021-12-03/006_0d4be8a72f61c93e.txt").write_text("Storm\nIt rained again.\n", encoding="utf-8")
    monkeypatch.setattr("warehouse.lake.promote", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt("power cut")))
    monkeypatch.setattr("flows.engine.abandon_run", lambda *a: None)
    with pytest.raises(BaseException):
        run(sample_dir, data_dir)
    monkeypatch.undo()
    before = sql(data_dir, "select body from articles where source_path = '2021-12-03/006_0d4be8a72f61c93e.txt'")
    assert before == [("It rained again.",)]
    out = subprocess.run([str(P(sys.executable).parent / "posts-etl"), "rebuild", "-d", str(data_dir)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "finished moving committed run" in out.stdout
    assert sql(data_dir, "select body from articles where source_path = '2021-12-03/006_0d4be8a72f61c93e.txt'") == before


def test_a_run_past_its_timeout_fails_timed_out_and_leaves_the_warehouse_as_before(sample_dir, corpus, data_dir, sql):
    from flows.engine import FLOW_TIMEOUT_SECONDS
    from flows.reprocess import reprocess_posts

    assert ingest_posts.timeout_seconds == reprocess_posts.timeout_seconds == FLOW_TIMEOUT_SECONDS
    run(sample_dir, data_dir)
    before = table_counts(sql, data_dir)
    # the corpus takes several seconds in 150-post batches (1,500 posts at ~2.5 ms of CPU each on
    # 2 cores): a 1 s limit cuts it during planning or the first batches
    state = ingest_posts.with_options(timeout_seconds=1)(source=str(corpus), data_dir=str(data_dir), workers=2, batch_size=150, return_state=True)
    assert state.is_failed() and state.name == "TimedOut", state
    assert table_counts(sql, data_dir) == before
    assert sql(data_dir, "select count(*) from runs")[0][0] == 1
    assert lake.staged_runs(data_dir) == []
    assert run(sample_dir, data_dir)["files_unchanged"] == SAMPLE_TXT  # the lock is free, nothing to redo


def test_batch_size_and_workers_settings_from_the_environment(tmp_path, data_dir, monkeypatch):
    """POSTS_ETL_BATCH_SIZE and POSTS_ETL_WORKERS apply when the flow is given neither: 10 posts in
    batches of 3 are 4 transform task runs, each staging its own lake files."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    src = tmp_path / "posts"
    src.mkdir()
    for n in range(10):
        (src / f"{n:02d}.txt").write_text(f'Title {n}\n"Quote {n}," the engineer said.\n', encoding="utf-8")
    monkeypatch.setenv("POSTS_ETL_BATCH_SIZE", "3")
    monkeypatch.setenv("POSTS_ETL_WORKERS", "2")
    s = ingest_posts(source=str(src), data_dir=str(data_dir))
    assert (s["files_loaded"], s["batches"], s["workers"]) == (10, 4, 2)
    assert len(list((data_dir / "lake" / "raw_posts").glob("*/*.parquet"))) == 4
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[s["flow_run_id"]])))
    assert sorted(t.name for t in task_runs if t.name.startswith("transform-batch")) == [f"transform-batch-{n}-of-4" for n in range(1, 5)]
