"""Against a real `prefect server start` on 127.0.0.1: a run from the shell is recorded, and
the deployments in prefect.yaml deploy, schedule and run on a process worker. Also, without a
server: every prefect.yaml entrypoint imports and its parameters validate; and the reprocess
flow, the lock, the reports and the parameter checks against Prefect's test server."""

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
import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROJECT_DIR_VAR = "POSTS_PROJECT_DIR"  # set by the worker; the deployments' pull step reads it


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
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != PROJECT_DIR_VAR}
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
    assert sorted(t["name"] for t in tasks if t["name"].startswith("transform")) == ["transform-batch-1-of-1"]  # named, not random
    assert sorted(t["name"].rsplit("-", 1)[0] for t in tasks if not t["name"].startswith("transform")) == ["load-warehouse", "plan-batches"]
    assert runs[0]["name"].startswith(f"ingest {sample_dir} ")


def test_a_shell_run_without_prefect_api_url_reports_to_the_running_stack(server, sample_dir, tmp_path):
    """No PREFECT_API_URL and no profile, but the stack's server (`make stack-up`) answers where
    scripts/stack.sh puts it (its state dir, its port): the run reports there, and no temporary
    server is started."""
    url, env = server
    stack_dir = tmp_path / "stack"
    stack_dir.mkdir()
    env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    env.update(STACK_DIR=str(stack_dir), STACK_PORT=url.rsplit(":", 1)[1].split("/")[0])
    out = subprocess.run([str(BIN / "posts-etl"), "run", str(sample_dir), "-d", str(tmp_path / "d"), "--workers", "1"], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    said = [line for line in out.stderr.splitlines() if line.startswith("posts-etl: ")]
    assert len(said) == 1 and f"local stack's Prefect server at {url} " in said[0], out.stderr[-3000:]
    assert "temporary" not in out.stderr
    runs = [r for r in api(url, "/flow_runs/filter", {"flows": {"name": {"any_": ["ingest-posts"]}}}) if r["name"].startswith(f"ingest {sample_dir} ")]
    assert [r["state"]["type"] for r in runs] == ["COMPLETED"]


def test_deployments_deploy_schedule_and_run_on_a_process_worker(server, sample_dir, tmp_path):
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
    assert set(deployments) == {"nightly", "reprocess", "manual"}
    nightly = deployments["nightly"]
    (schedule,) = nightly["schedules"]
    assert schedule["schedule"]["cron"] == "0 2 * * *"
    assert schedule["schedule"]["timezone"] == "Europe/London"
    assert schedule["active"] is True
    assert nightly["description"] and nightly["tags"] and "batch_size" not in nightly["parameters"]  # the worker's POSTS_ETL_BATCH_SIZE applies
    for d in deployments.values():
        assert d["work_pool_name"] == "posts-etl"
        # one step, no git clone or network, and no machine's absolute path: the worker's
        # environment says where the code is
        assert d["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {"directory": "{{ $%s }}" % PROJECT_DIR_VAR}}], d["pull_steps"]
        assert str(REPO) not in json.dumps(d)
        props = d["parameter_openapi_schema"]["properties"]
        assert all(p.get("description") for p in props.values())
    assert set(nightly["parameter_openapi_schema"]["properties"]) == {"source", "data_dir", "batch_size", "workers", "allow_empty"}
    assert set(deployments["manual"]["parameter_openapi_schema"]["required"]) == {"source", "data_dir"}
    for d in deployments.values():  # a second run of a deployment waits for the first
        assert (d["global_concurrency_limit"] or {}).get("limit") == 1, d["name"]
        assert d["concurrency_options"]["collision_strategy"] == "ENQUEUE", d["name"]
    assert set(deployments["reprocess"]["parameter_openapi_schema"]["properties"]) == {"data_dir", "batch_size", "workers"}
    assert deployments["reprocess"]["entrypoint"] == "flows/reprocess.py:reprocess_posts" and not deployments["reprocess"]["schedules"]

    def run_once() -> subprocess.CompletedProcess:
        command, worker_env = _worker(env)
        return subprocess.run(command, env=worker_env, cwd=tmp_path, capture_output=True, text=True, timeout=600)

    def states(deployment: str) -> list[str]:
        runs = api(url, "/flow_runs/filter", {"deployments": {"id": {"any_": [deployments[deployment]["id"]]}}})
        return [r["state"]["type"] for r in runs]

    # what an operator does from the UI's "Run" button, then a worker picks it up
    data_dir = tmp_path / "worker-data"
    prefect("deployment", "run", "ingest-posts/manual", "--param", f"source={sample_dir}", "--param", f"data_dir={data_dir}", "--param", "workers=1")
    worker = run_once()
    assert states("manual") == ["COMPLETED"], worker.stdout[-3000:] + worker.stderr[-3000:]
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 62

    # after a transforms change: the reprocess deployment rebuilds from the lake, on a worker
    shutil.rmtree(sample_dir)  # proof that nothing is read from the source folder
    prefect("deployment", "run", "reprocess-posts/reprocess", "--param", f"data_dir={data_dir}", "--param", "workers=1")
    worker = run_once()
    assert states("reprocess") == ["COMPLETED"], worker.stdout[-3000:] + worker.stderr[-3000:]
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 62
        assert con.execute("select count(*) from runs").fetchone()[0] == 2
        assert con.execute("select count(distinct run_id) from articles").fetchone()[0] == 1  # every row is the reprocess run's
    keys = {a["key"] for a in api(url, "/artifacts/filter", {})}
    assert {"ingest-posts-manual-summary", "reprocess-posts-reprocess-summary", "reprocess-posts-reprocess-top-speakers"} <= keys
    shutil.rmtree(data_dir)


class _Webhook:
    """A chat webhook stand-in on 127.0.0.1: records the JSON bodies POSTed to it."""

    def __init__(self) -> None:
        import http.server
        import queue
        import threading

        self.received: queue.Queue[dict] = queue.Queue()
        received = self.received

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                received.put(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


def test_a_failed_run_notifies_the_alerts_webhook(server, tmp_path):
    import queue

    url, env = server
    hook = _Webhook()
    try:
        def cli(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run([str(BIN / "posts-etl"), *args], env=env, capture_output=True, text=True, timeout=300)

        for _ in range(2):  # a second `alerts` replaces the first: still one automation
            out = cli("alerts", "--webhook", hook.url)
            assert out.returncode == 0, out.stderr[-2000:]
        automations = api(url, "/automations/filter", {})
        assert [a["name"] for a in automations] == ["posts-etl: notify on failure"]
        (automation,) = automations
        status = cli("alerts", "--status")
        assert status.returncode == 0 and "are on" in status.stdout, status.stdout + status.stderr
        assert hook.url not in cli("alerts", "--webhook", hook.url).stdout  # the URL's path is not echoed
        assert automation["enabled"] and automation["actions"][0]["type"] == "send-notification"

        # a nightly run over an unmounted drop folder: a clear failure, and a message about it
        drop = tmp_path / "drop"
        drop.mkdir()
        out = cli("run", str(drop), "-d", str(tmp_path / "d"))
        assert out.returncode == 2 and "no posts found" in out.stderr, out.stderr[-2000:]
        try:
            message = hook.received.get(timeout=120)["text"]
        except queue.Empty:
            raise AssertionError("no notification within 120 s of the failed run") from None
        assert message.startswith("posts-etl: ingest-posts run ingest ") and " Failed" in message.splitlines()[0], message
        assert f"no posts found in {drop}" in message and "/runs/flow-run/" in message, message

        # a run that succeeds notifies nobody
        posts = tmp_path / "posts"
        posts.mkdir()
        (posts / "a.txt").write_text("A title\n\nSome prose, \u201cquoted\u201d, she said.\n")
        assert cli("run", str(posts), "-d", str(tmp_path / "d")).returncode == 0
        with pytest.raises(queue.Empty):
            hook.received.get(timeout=15)

        out = cli("alerts", "--remove")
        assert out.returncode == 0 and "removed 1 automation " in out.stdout, out.stdout + out.stderr
        assert api(url, "/automations/filter", {}) == []
        assert cli("alerts", "--status").returncode == 1
    finally:
        hook.close()


def _flow_run_processes(run_id: str) -> list[int]:
    """Live processes of a flow run on a worker: the flow's process (the worker starts it in a
    session of its own) and whatever it forked, found by the run id in their environment."""
    marker = f"PREFECT__FLOW_RUN_ID={run_id}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0") and (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                found.append(int(entry.name))
        except (OSError, IndexError):
            pass
    return found


def _kill_flow_run_processes(*run_ids: str) -> None:
    for run_id in run_ids:
        for pid in _flow_run_processes(run_id):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _worker(env: dict, *, run_once: bool = True, **extra_env: str) -> tuple[list[str], dict]:
    """A process worker on the posts-etl pool: its command and environment. Start it somewhere
    other than the project: only POSTS_PROJECT_DIR leads it to the code."""
    return [str(BIN / "prefect"), "worker", "start", "--pool", "posts-etl", *(["--run-once"] if run_once else [])], {**env, PROJECT_DIR_VAR: str(REPO), **extra_env}


def _manual_run(url: str, env: dict, **parameters: object) -> str:
    """Create a run of the `manual` deployment (as the UI's Custom run does); its id."""
    _ensure_deployed(url, env)
    manual = next(d for d in api(url, "/deployments/filter", {}) if d["name"] == "manual")
    return str(api(url, f"/deployments/{manual['id']}/create_flow_run", {"parameters": parameters})["id"])


def _ensure_deployed(url: str, env: dict) -> None:
    """The work pool and prefect.yaml's deployments, whichever test runs first."""
    def prefect(*args: str) -> None:
        out = subprocess.run([str(BIN / "prefect"), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, (args, out.stdout[-2000:], out.stderr[-2000:])

    if not [p for p in api(url, "/work_pools/filter", {}) if p["name"] == "posts-etl"]:
        prefect("work-pool", "create", "posts-etl", "--type", "process")
    if not api(url, "/deployments/filter", {}):
        prefect("--no-prompt", "deploy", "--all")


def test_cancel_stops_a_worker_run_and_leaves_the_warehouse_as_before(server, corpus, sample_dir, tmp_path):
    """What *Cancel* in the UI does to a run on a process worker: the worker SIGTERMs the flow's
    process; the run must end Cancelled within seconds, its staged files gone, the warehouse and
    the lock as they were, no process left."""
    from warehouse import lake
    from warehouse.lock import data_dir_lock

    url, env = server
    data_dir = tmp_path / "d"
    before = subprocess.run([str(BIN / "posts-etl"), "run", str(sample_dir), "-d", str(data_dir), "--workers", "1"], env=env, capture_output=True, text=True, timeout=600)
    assert before.returncode == 0, before.stderr[-3000:]
    counts_before = _rows(data_dir, "select (select count(*) from runs), (select count(*) from articles), (select count(*) from quotes)")

    run_id = _manual_run(url, env, source=str(corpus), data_dir=str(data_dir), batch_size=150, workers=2)
    command, worker_env = _worker(env)
    worker = subprocess.Popen(command, env=worker_env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not list((data_dir / "lake" / "_staging").glob("*/articles/*/*.parquet")):  # mid-transform
            assert worker.poll() is None and time.monotonic() < deadline, "no batch staged: " + (worker.stdout.read() if worker.poll() is not None else "timeout")
            time.sleep(0.1)
        running = _flow_run_processes(run_id)
        assert running, running  # the flow's process (and its pool, when a batch is being transformed)
        cancelled = time.monotonic()
        api(url, f"/flow_runs/{run_id}/set_state", {"state": {"type": "CANCELLING", "name": "Cancelling"}})
        out, _ = worker.communicate(timeout=120)
        took = time.monotonic() - cancelled
        survivors = _flow_run_processes(run_id)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        _kill_flow_run_processes(run_id)
    state = api(url, f"/flow_runs/{run_id}")["state"]
    assert state["type"] == "CANCELLED", (state, out[-4000:])
    assert took < 60, f"took {took:.1f} s from Cancel to the worker's exit"
    assert "stopped by SIGTERM: nothing of this run was loaded" in out and "Traceback" not in out, out[-4000:]
    assert lake.staged_runs(data_dir) == []
    assert _rows(data_dir, "select (select count(*) from runs), (select count(*) from articles), (select count(*) from quotes)") == counts_before
    with data_dir_lock(data_dir):  # free again
        pass
    assert survivors == [], f"processes of the cancelled run outlived the worker: {survivors}"


def test_a_second_run_of_a_deployment_waits_its_turn_in_the_ui(server, corpus, sample_dir, tmp_path):
    """concurrency_limit 1 + ENQUEUE: of two runs started together, one waits as
    AwaitingConcurrencySlot (not Failed) while the other runs, then runs itself."""
    url, env = server
    first = _manual_run(url, env, source=str(corpus), data_dir=str(tmp_path / "d1"), batch_size=150, workers=2)
    second = _manual_run(url, env, source=str(sample_dir), data_dir=str(tmp_path / "d2"), workers=1)
    command, worker_env = _worker(env, run_once=False, PREFECT_WORKER_QUERY_SECONDS="2")
    worker = subprocess.Popen(command, env=worker_env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen: list[tuple[str, str]] = []  # (first's state, second's state) as they changed
    try:
        deadline = time.monotonic() + 400
        while time.monotonic() < deadline:
            now = tuple(api(url, f"/flow_runs/{run}")["state"]["name"] for run in (first, second))
            if not seen or seen[-1] != now:
                seen.append(now)
            if all(name in ("Completed", "Failed", "Crashed", "Cancelled") for name in now):
                break
            assert worker.poll() is None, worker.communicate()[0][-3000:]
            time.sleep(0.25)
    finally:
        os.killpg(worker.pid, signal.SIGINT)
        try:
            out = worker.communicate(timeout=60)[0]
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            out = worker.communicate()[0]
        _kill_flow_run_processes(first, second)  # only if the test failed midway
    assert seen[-1] == ("Completed", "Completed"), (seen, out[-3000:])
    # whichever the worker took first: the other waited, visibly, and they never ran together
    assert {("Running", "AwaitingConcurrencySlot"), ("AwaitingConcurrencySlot", "Running")} & set(seen), seen
    assert ("Running", "Running") not in seen, seen


def test_a_failed_worker_run_logs_its_message_and_no_traceback(server, tmp_path):
    url, env = server
    missing = tmp_path / "not-mounted"
    run_id = _manual_run(url, env, source=str(missing), data_dir=str(tmp_path / "d"))
    command, worker_env = _worker(env)
    worker = subprocess.run(command, env=worker_env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    out = worker.stdout + worker.stderr
    state = api(url, f"/flow_runs/{run_id}")["state"]
    assert state["type"] == "FAILED" and state["message"].startswith(f"source {missing} does not exist"), (state, out[-3000:])
    assert f"source {missing} does not exist" in out and "Traceback" not in out, out[-4000:]
    logs = api(url, "/logs/filter", {"logs": {"flow_run_id": {"any_": [run_id]}}})
    assert logs and not [entry for entry in logs if "Traceback" in entry["message"]], [entry["message"][:300] for entry in logs]


# --- without a server: what `prefect deploy` and a worker will load --------------------------


def _deployments() -> list[dict]:
    return yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]


@pytest.mark.parametrize("deployment", _deployments(), ids=lambda d: d["name"])
def test_every_entrypoint_imports_and_its_parameters_validate(deployment, monkeypatch):
    from prefect.exceptions import ParameterTypeError
    from prefect.flows import load_flow_from_entrypoint

    monkeypatch.chdir(REPO)  # what the pull step does on a worker
    flow = load_flow_from_entrypoint(deployment["entrypoint"])
    params = deployment.get("parameters", {})
    if deployment["name"] == "manual":  # no defaults for where to read and write: a Quick run is refused
        with pytest.raises(ParameterTypeError):
            flow.validate_parameters(params)
        with pytest.raises(ParameterTypeError):
            flow.validate_parameters({"source": "", "data_dir": ""})
        params = {"source": "drop", "data_dir": "data"}
    assert set(params) <= set(flow.parameters.properties), "unknown parameters"
    flow.validate_parameters(params)  # raises on a wrong type or an out-of-range value
    for name, prop in flow.parameters.properties.items():
        assert prop.get("description"), f"{deployment['name']}: parameter {name} has no description"
    with pytest.raises(ParameterTypeError):
        flow.validate_parameters({**params, "batch_size": 0})
    with pytest.raises(ParameterTypeError):
        flow.validate_parameters({**params, "workers": "many"})
    assert deployment["work_pool"]["name"] == "posts-etl"
    for relative in [v for k, v in params.items() if k in ("source", "data_dir") and v]:
        assert not Path(relative).is_absolute()  # no machine's path baked in


def test_pull_step_names_no_absolute_path_and_needs_no_network():
    config = yaml.safe_load((REPO / "prefect.yaml").read_text())
    assert config["pull"] == [{"prefect.deployments.steps.set_working_directory": {"directory": "{{ $%s }}" % PROJECT_DIR_VAR}}]
    assert all("pull" not in d for d in config["deployments"])
    from flows.settings import ENV_PREFIX

    assert not PROJECT_DIR_VAR.startswith(ENV_PREFIX)  # flows/settings.py would reject it


# --- the flows against Prefect's test server --------------------------------------------------


@pytest.fixture
def ingested(prefect_harness, sample_dir, data_dir):
    from flows.ingest import ingest_posts

    return ingest_posts(source=str(sample_dir), data_dir=str(data_dir), workers=1)


def _rows(data_dir: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(query).fetchall()


def test_ingest_reports_artifacts_duration_and_reject_reasons(ingested):
    from prefect.client.orchestration import get_client

    s = ingested
    assert s["reject_reasons"] == {"empty": 2, "binary": 2, "boilerplate_only": 1}
    assert s["duration_seconds"] > 0 and s["posts_per_second"] > 0
    assert s["artifacts"] == ["ingest-posts-local-summary", "ingest-posts-local-top-feeds", "ingest-posts-local-top-speakers", "ingest-posts-local-top-domains"]
    with get_client(sync_client=True) as client:
        latest = {a.key: a for a in client.read_latest_artifacts()}
    summary = latest["ingest-posts-local-summary"].data
    assert "67 files seen = 62 loaded + 0 unchanged + 5 rejected" in summary
    assert "| empty | 2 |" in summary and "posts/s" in summary and "| quotes |" in summary
    assert latest["ingest-posts-local-top-speakers"].type == "table"
    progress = latest["ingest-posts-local-progress"]
    assert progress.type == "progress" and progress.data == 100.0 and "done" in (progress.description or "")


def test_reprocess_rebuilds_from_the_lake_without_the_source(ingested, sample_dir, data_dir):
    from flows.reprocess import reprocess_posts

    before = {t: _rows(data_dir, f"select * exclude (run_id, ingest_date) from {t} order by all") for t in ("articles", "quotes", "links", "rejects")}
    shutil.rmtree(sample_dir)
    s = reprocess_posts(data_dir=str(data_dir), workers=1, batch_size=30)
    assert (s["files_seen"], s["files_loaded"], s["files_rejected"], s["files_unchanged"], s["batches"]) == (67, 62, 5, 0, 3)
    assert s["artifacts"][0] == "reprocess-posts-local-summary"
    for table, rows in before.items():  # same transforms: the same rows, now from the new run
        assert _rows(data_dir, f"select * exclude (run_id, ingest_date) from {table} order by all") == rows, table
    assert _rows(data_dir, "select distinct run_id from articles") == [(s["run_id"],)]
    assert _rows(data_dir, "select raw is not null, count(*) from raw_posts group by 1") == [(True, 67)]
    # the lake holds the new version: a rebuild from it gives the same warehouse
    from warehouse import db, lake

    (data_dir / "warehouse.duckdb").unlink()
    db.rebuild(data_dir, lake.lake_dir(data_dir))
    assert _rows(data_dir, "select distinct run_id from articles") == [(s["run_id"],)]


def test_reprocess_takes_the_data_dir_lock(ingested, data_dir, monkeypatch):
    from flows.reprocess import reprocess_posts
    from warehouse.lock import data_dir_lock

    monkeypatch.setenv("POSTS_ETL_LOCK_WAIT", "0")
    with data_dir_lock(data_dir):
        with pytest.raises(RuntimeError, match="another posts-etl run"):
            reprocess_posts(data_dir=str(data_dir), workers=1)


def test_wrong_parameters_fail_at_once_with_a_clear_message(prefect_harness, sample_dir, tmp_path):
    from flows.ingest import ingest_posts
    from flows.reprocess import reprocess_posts

    a_file = tmp_path / "a-file"
    a_file.write_text("")
    with pytest.raises(ValueError, match="does not exist"):
        ingest_posts(source=str(tmp_path / "missing"), data_dir=str(tmp_path / "d"))
    with pytest.raises(ValueError, match="not a writable folder"):
        ingest_posts(source=str(sample_dir), data_dir=str(a_file / "data"))
    with pytest.raises(ValueError, match="no warehouse"):
        reprocess_posts(data_dir=str(tmp_path / "empty"))


def test_retries_only_for_io_errors():
    from prefect.states import Failed

    from flows.engine import load_warehouse, plan_batches, retry_on_io_error, transform_batch
    from warehouse import db

    for t in (plan_batches, transform_batch, load_warehouse, plan_batches.with_options(name="plan-reprocess"), transform_batch.with_options(name="reprocess-batch")):
        assert t.retries >= 1 and t.retry_condition_fn is retry_on_io_error
    assert retry_on_io_error(None, None, Failed(data=OSError(5, "Input/output error")))
    assert retry_on_io_error(None, None, Failed(data=db.WarehouseError("warehouse.duckdb is in use by another process")))
    assert not retry_on_io_error(None, None, Failed(data=db.CheckFailed({"quote_offsets": [("x",)]})))
    assert not retry_on_io_error(None, None, Failed(data=ValueError("a bug")))


def test_expected_failures_end_failed_with_the_message_and_no_traceback(prefect_harness, tmp_path, caplog):
    from flows.ingest import ingest_posts
    from flows.walk import SourceError

    empty = tmp_path / "drop"
    empty.mkdir()
    state = ingest_posts(source=str(empty), data_dir=str(tmp_path / "d"), return_state=True)
    assert state.is_failed() and state.message.startswith(f"no posts found in {empty}")
    assert not [r for r in caplog.records if r.exc_info], "an expected failure logged a traceback"
    with pytest.raises(SourceError, match="no posts found"):
        ingest_posts(source=str(empty), data_dir=str(tmp_path / "d"))
    s = ingest_posts(source=str(empty), data_dir=str(tmp_path / "d"), allow_empty=True)
    assert s["files_seen"] == 0


def test_a_failure_keeps_the_last_good_summary(ingested, tmp_path):
    from prefect.client.orchestration import get_client

    from flows.ingest import ingest_posts

    ingest_posts(source=str(tmp_path / "missing"), data_dir=str(tmp_path / "d"), return_state=True)
    with get_client(sync_client=True) as client:
        latest = {a.key: a for a in client.read_latest_artifacts()}
    assert "67 files seen" in latest["ingest-posts-local-summary"].data
    assert "does not exist" in latest["ingest-posts-local-failure"].data
    assert "ingest-posts-local-summary" in latest["ingest-posts-local-failure"].data


def test_runs_say_which_flow_and_source_and_summaries_list_this_runs_rejects(ingested, sample_dir, data_dir):
    from flows.ingest import ingest_posts
    from flows.reprocess import reprocess_posts

    (sample_dir / "late-empty.txt").write_bytes(b"")
    os.utime(sample_dir / "2021-12-03/001_3f9a1c0be27d4e58.txt", (1, 1))  # a new mtime, the same bytes
    s = ingest_posts(source=str(sample_dir), data_dir=str(data_dir), workers=1)
    assert (s["files_loaded"], s["files_unchanged"], s["files_rejected"], s["files_replaced"]) == (0, 67, 1, 0)
    assert [r["source_path"] for r in s["rejects"]] == ["late-empty.txt"] and s["rejects_not_listed"] == 0
    r = reprocess_posts(data_dir=str(data_dir), workers=1)
    rows = _rows(data_dir, "select flow, source from runs order by run_id")
    assert rows == [("ingest-posts", str(sample_dir)), ("ingest-posts", str(sample_dir)), ("reprocess-posts", str(sample_dir))]
    assert r["source"] == str(sample_dir)
