"""Against a real `prefect server start` on 127.0.0.1: a run from the shell is recorded, and
the nightly deployment in prefect.yaml deploys, schedules and runs on a process worker."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(url: str, path: str, body: dict | None = None):
    req = urllib.request.Request(
        url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read() or "null")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_API_URL=url, PATH=f"{BIN}:{env['PATH']}")
    log = open(home / "server.log", "w")
    proc = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while True:
        try:
            if api(url, "/health") is True:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("prefect server did not start:\n" + (home / "server.log").read_text()[-3000:])
        time.sleep(0.5)
    yield url, env
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


def test_shell_run_is_recorded_by_the_server(server, sample_dir, data_dir):
    url, env = server
    out = subprocess.run([str(BIN / "posts-etl"), "run", str(sample_dir), "-d", str(data_dir)], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Starting temporary server" not in out.stderr  # it used the real one
    runs = api(url, "/flow_runs/filter", {"flows": {"name": {"any_": ["ingest-posts"]}}})
    assert [r["state"]["type"] for r in runs] == ["COMPLETED"]
    tasks = api(url, "/task_runs/filter", {"flow_runs": {"id": {"any_": [runs[0]["id"]]}}})
    assert sorted(t["name"].rsplit("-", 1)[0] for t in tasks) == ["load-warehouse", "plan-batches", "transform-batch"]


def test_nightly_deployment_deploys_schedules_and_runs_on_a_process_worker(server, sample_dir, tmp_path):
    url, env = server
    before = (REPO / "prefect.yaml").read_text()

    def prefect(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        out = subprocess.run([str(BIN / "prefect"), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)
        assert out.returncode == 0, (args, out.stdout[-2000:], out.stderr[-2000:])
        return out

    prefect("work-pool", "create", "posts-etl", "--type", "process")
    prefect("--no-prompt", "deploy", "--all")
    assert (REPO / "prefect.yaml").read_text() == before  # deploying does not rewrite the file

    deployments = {d["name"]: d for d in api(url, "/deployments/filter", {})}
    nightly = deployments["nightly"]
    (schedule,) = nightly["schedules"]
    assert schedule["schedule"]["cron"] == "0 2 * * *"
    assert schedule["schedule"]["timezone"] == "Europe/London"
    assert schedule["active"] is True
    assert nightly["work_pool_name"] == "posts-etl"
    steps = [next(iter(s)) for s in nightly["pull_steps"] or []]
    assert steps == ["prefect.deployments.steps.set_working_directory"]  # no git clone, no network
    props = nightly["parameter_openapi_schema"]["properties"]
    assert set(props) == {"source", "data_dir", "batch_size", "workers"}
    assert all(p.get("description") for p in props.values())

    # what an operator does from the UI's "Run" button, then a worker picks it up
    data_dir = tmp_path / "worker-data"
    prefect("deployment", "run", "ingest-posts/manual", "--param", f"source={sample_dir}", "--param", f"data_dir={data_dir}", "--param", "workers=1")
    worker = subprocess.run(
        [str(BIN / "prefect"), "worker", "start", "--pool", "posts-etl", "--run-once"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    runs = api(url, "/flow_runs/filter", {"deployments": {"id": {"any_": [deployments["manual"]["id"]]}}})
    assert [r["state"]["type"] for r in runs] == ["COMPLETED"], worker.stdout[-3000:] + worker.stderr[-3000:]
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 62
    shutil.rmtree(data_dir)
