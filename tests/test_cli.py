"""The posts-etl command as a user runs it: a real process, a real warehouse file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.ingest import ingest_posts

BIN = Path(sys.executable).parent / "posts-etl"


def cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300)


@pytest.fixture
def loaded(prefect_harness, sample_dir, data_dir) -> Path:
    ingest_posts(source=str(sample_dir), data_dir=str(data_dir), workers=1)
    return data_dir


@pytest.mark.parametrize("command", ["run", "sql", "reprocess", "rebuild", "check"])
def test_every_command_has_help(command):
    out = cli(command, "--help")
    assert out.returncode == 0 and "Usage" in out.stdout and "--data-dir" in out.stdout


def test_version_and_help_say_what_a_flag_takes():
    from importlib.metadata import version

    out = cli("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"posts-etl {version('posts-etl')}"
    for command in ("run", "sql", "reprocess", "rebuild", "check", "alerts"):
        text = cli(command, "--help").stdout
        assert "<bool>" not in text and "BOOLEAN" not in text, text
    assert "--format <table|csv|json>" in cli("sql", "--help").stdout


def test_sql_prints_a_table_from_any_working_directory(loaded, tmp_path):
    out = cli("sql", "select count(*) as n from articles", "--data-dir", str(loaded), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[0].strip() == "n"
    assert "62" in out.stdout and "(1 row)" in out.stdout


def test_sql_formats_and_env_data_dir(loaded):
    out = cli("sql", "select reason_code, count(*) n from rejects group by 1 order by 1", "-f", "json", env={"POSTS_ETL_DATA_DIR": str(loaded)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [{"reason_code": "binary", "n": 2}, {"reason_code": "boilerplate_only", "n": 1}, {"reason_code": "empty", "n": 2}]
    csv_out = cli("sql", "select 1 as a, 'x' as b", "-f", "csv", "-d", str(loaded))
    assert csv_out.stdout.splitlines() == ["a,b", "1,x"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["sql", "select * from nowhere"], "nowhere"),
        (["sql", "select 1", "-f", "xml"], "is not one of 'table', 'csv', 'json'"),
        (["run", "/no/such/folder"], "does not exist"),
        (["run", "--batch-size", "0"], "batch_size must be at least 1"),
        (["reprocess", "--workers", "-1"], "workers must be 0"),
    ],
)
def test_errors_are_one_clear_line_not_a_traceback(loaded, args, message):
    out = cli(*args, "--data-dir", str(loaded))
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "/no/such/folder"], "does not exist"),
        (["run", "--batch-size", "0"], "batch_size must be at least 1"),
        (["reprocess", "--data-dir", "/no/such/folder"], "no warehouse at"),
        (["sql", "select 1", "-f", "xml"], "is not one of"),
    ],
)
def test_a_wrong_argument_is_answered_before_duckdb_prefect_or_pyarrow_is_imported(args, message, tmp_path):
    """What the console script does, in a fresh interpreter; then which libraries it loaded."""
    probe = (
        "import json, sys\n"
        "from flows.entry import main\n"
        f"sys.argv = ['posts-etl', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules} & {'duckdb', 'prefect', 'pyarrow'})]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert message in out.stderr, out.stderr[-2000:]
    assert json.loads(out.stdout.splitlines()[-1]) == [2, []]


def test_sql_without_a_warehouse_says_what_to_do(tmp_path):
    out = cli("sql", "select 1", "--data-dir", str(tmp_path / "empty"))
    assert out.returncode == 2 and "posts-etl run" in out.stderr


def test_sql_cannot_write(loaded):
    out = cli("sql", "delete from articles", "--data-dir", str(loaded))
    assert out.returncode == 2 and "read-only" in out.stderr.lower()


def test_check_and_rebuild(loaded):
    out = cli("check", "--data-dir", str(loaded))
    assert out.returncode == 0 and "ok    quote_offsets" in out.stdout
    (loaded / "warehouse.duckdb").unlink()
    out = cli("rebuild", "--data-dir", str(loaded))
    assert out.returncode == 0, out.stderr
    assert "articles 62" in out.stdout


def test_run_in_ephemeral_mode_prints_the_summary(tmp_path):
    """No Prefect server configured and the stack's port closed (its state dir is there, left by
    an earlier `make stack-up`): the flow runs against a temporary server, said in one line."""
    from flows.server import _free_port

    src = tmp_path / "posts"
    src.mkdir()
    (src / "a.txt").write_text('Title A\n"It works," the engineer said.\nvia IFTTT\n', encoding="utf-8")
    (src / "b.txt").write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(STACK_DIR=str(tmp_path), STACK_PORT=str(_free_port()))
    out = subprocess.run([str(BIN), "run", str(src), "--data-dir", str(tmp_path / "d")], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    said = [line for line in out.stderr.splitlines() if line.startswith("posts-etl: ")]
    assert len(said) == 1 and "starting a temporary one on 127.0.0.1:" in said[0], out.stderr[-3000:]
    assert "2 seen = 1 loaded + 0 unchanged + 1 rejected" in out.stdout
    assert "b.txt: empty: empty file (0 bytes)" in out.stdout
    assert str(tmp_path / "d" / "warehouse.duckdb") in out.stdout
    assert f"Try:  {BIN} sql" in out.stdout  # a command the user can paste as it is


def _run_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run posts-etl with stderr a pty (as in an operator's shell): exit code, the terminal's
    text without escape sequences, stdout."""
    import pty
    import re
    import select

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(COLUMNS="120", TERM="xterm")
    main, child = pty.openpty()
    proc = subprocess.Popen([str(BIN), *args], stdout=subprocess.PIPE, stderr=child, env=env, cwd=cwd)
    os.close(child)
    screen = bytearray()
    try:
        while True:
            ready, _, _ = select.select([main], [], [], 300)
            if not ready:
                proc.kill()
                raise AssertionError("no output for 300 s")
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the command closed the terminal's last descriptor
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(main)
    out = proc.communicate(timeout=60)[0].decode()
    return proc.returncode, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.decode(errors="replace")), out


def test_progress_bar_on_a_terminal_shows_phase_posts_rate_and_eta(corpus, tmp_path):
    """On a terminal the rich bar shows planning, then posts done of the total, posts/s and the
    time left; --no-progress hides it."""
    import re

    code, text, out = _run_on_a_terminal(["run", str(corpus), "-d", str(tmp_path / "d"), "--batch-size", "100", "--workers", "1"], tmp_path)
    assert code == 0, text[-3000:]
    assert "planning" in text, text[-2000:]
    assert re.search(r"transforming .*\d+/1500 .*[\d,]+ posts/s", text), text[-2000:]
    assert re.search(r"posts/s\s+(\d+:\d\d:\d\d|-:--:--)", text), text[-2000:]  # the time-left column after the rate
    assert "1500 seen = 1500 loaded" in out

    code, text, out = _run_on_a_terminal(["run", str(corpus), "-d", str(tmp_path / "d2"), "--batch-size", "100", "--workers", "1", "--no-progress"], tmp_path)
    assert code == 0 and "1500 seen = 1500 loaded" in out, text[-3000:]
    assert "transforming" not in text and "planning" not in text, text[-2000:]


def test_batch_size_and_workers_come_from_the_environment_unless_given(sample_dir, tmp_path):
    env = {"POSTS_ETL_BATCH_SIZE": "20", "POSTS_ETL_WORKERS": "1"}
    out = cli("run", str(sample_dir), "--data-dir", str(tmp_path / "a"), "--json", env=env)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["batches"], summary["workers"]) == (4, 1)  # 67 posts in batches of 20
    given = cli("run", str(sample_dir), "--data-dir", str(tmp_path / "b"), "--json", "--batch-size", "40", "--workers", "2", env=env)
    assert given.returncode == 0, given.stderr
    assert (json.loads(given.stdout)["batches"], json.loads(given.stdout)["workers"]) == (2, 2)  # the options win
