#!/usr/bin/env bash
# The local Prefect stack for an operator:
#
#   scripts/stack.sh up       server on 127.0.0.1, work pool, deploy prefect.yaml, worker
#   scripts/stack.sh down     stop the worker (so no run is cut off by a vanished API), then the server
#   scripts/stack.sh status   what is running, and where
#
# State lives under $STACK_DIR (default: .stack/ in this folder, which ignores itself in git):
# pid files, logs (server.log, worker.log, deploy.log) and the server's PREFECT_HOME (its SQLite
# database: run history survives a restart). Settings, all optional:
#   STACK_DIR     where the state goes                        (default: <project>/.stack)
#   STACK_PORT    the server's port on 127.0.0.1              (default: 4200)
#   STACK_POOL    the process work pool's name                (default: posts-etl)
#   PREFECT_HOME  the server's home                           (default: $STACK_DIR/prefect-home)
#   STACK_NOTIFY_URL  a webhook (Slack, Mattermost, Teams, any HTTP endpoint) that gets a message
#                 when an ingest or reprocess run fails, crashes or times out (`posts-etl alerts`)
set -euo pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_DIR=${STACK_DIR:-$PROJECT/.stack}
PORT=${STACK_PORT:-4200}
POOL=${STACK_POOL:-posts-etl}
BIN=$PROJECT/.venv/bin
URL=http://127.0.0.1:$PORT
export PREFECT_HOME=${PREFECT_HOME:-$STACK_DIR/prefect-home}
export PREFECT_API_URL=$URL/api
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_RUNNER_AUTO_INSTALL_DEPENDENCIES=false  # never `uv sync` this project from a worker

say() { printf 'stack: %s\n' "$*"; }
die() { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

alive() {  # alive NAME: the process in NAME.pid is running
    local pid
    [[ -f $STACK_DIR/$1.pid ]] || return 1
    pid=$(<"$STACK_DIR/$1.pid")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

api_ok() {  # api_ok PATH [JSON]: GET (or POST JSON) to the API answers 2xx; prints the body
    "$BIN/python" - "$PREFECT_API_URL$1" "${2:-}" <<'PY'
import sys, urllib.request
url, body = sys.argv[1], sys.argv[2]
req = urllib.request.Request(url, data=body.encode() or None, headers={"Content-Type": "application/json"}, method="POST" if body else "GET")
try:
    with urllib.request.urlopen(req, timeout=5) as r:
        sys.stdout.write(r.read().decode())
except Exception:
    sys.exit(1)
PY
}

wait_for() {  # wait_for SECONDS WHAT PIDNAME COMMAND...: retry COMMAND until it succeeds
    local seconds=$1 what=$2 pidname=$3; shift 3
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        alive "$pidname" || { tail -n 40 "$STACK_DIR/$pidname.log" >&2 || true; die "$what: the $pidname exited (log: $STACK_DIR/$pidname.log)"; }
        ((SECONDS < deadline)) || { tail -n 40 "$STACK_DIR/$pidname.log" >&2 || true; die "$what: not ready after ${seconds}s (log: $STACK_DIR/$pidname.log)"; }
        sleep 1
    done
}

start() {  # start NAME COMMAND...: run COMMAND in its own session, log and pid under STACK_DIR
    local name=$1; shift
    # A background job of a non-interactive shell starts with SIGINT ignored, and Prefect's
    # worker stops itself by sending itself SIGINT: give the command the default disposition.
    setsid "$BIN/python" -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
        "$@" >"$STACK_DIR/$name.log" 2>&1 </dev/null &
    echo $! >"$STACK_DIR/$name.pid"
}

stop() {  # stop NAME SECONDS: SIGTERM the process, wait, then SIGKILL its whole process group
    local name=$1 seconds=$2 pid i
    if ! alive "$name"; then
        rm -f "$STACK_DIR/$name.pid"
        return 0
    fi
    pid=$(<"$STACK_DIR/$name.pid")
    say "stopping the $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < seconds * 2; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "the $name did not stop in $seconds s: killing it"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    # whatever the process left in its group (the server's uvicorn, a stuck run) goes with it
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$STACK_DIR/$name.pid"
}

busy_runs() {  # the number of flow runs of the pool that are running or about to
    api_ok /flow_runs/count "{\"work_pools\": {\"name\": {\"any_\": [\"$POOL\"]}}, \"flow_runs\": {\"state\": {\"type\": {\"any_\": [\"RUNNING\", \"PENDING\"]}}}}" 2>/dev/null || echo 0
}

up() {
    [[ -x $BIN/prefect ]] || die "no $BIN/prefect: run 'make demo' or 'make test' once to create .venv"
    mkdir -p "$STACK_DIR" "$PREFECT_HOME"
    [[ -f $STACK_DIR/.gitignore ]] || printf '*\n' >"$STACK_DIR/.gitignore"

    if alive server; then
        say "server already running (pid $(<"$STACK_DIR/server.pid"))"
    else
        "$BIN/python" -c "import socket; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $PORT))" 2>/dev/null \
            || die "port $PORT on 127.0.0.1 is taken: set STACK_PORT to a free one"
        say "starting the server on $URL (log: $STACK_DIR/server.log)"
        start server "$BIN/prefect" server start --host 127.0.0.1 --port "$PORT"
    fi
    wait_for 180 "server on $URL" server api_ok /health

    if api_ok "/work_pools/$POOL" >/dev/null 2>&1; then
        say "work pool '$POOL' exists"
    else
        say "creating work pool '$POOL' (type process)"
        "$BIN/prefect" work-pool create "$POOL" --type process >"$STACK_DIR/pool.log" 2>&1 \
            || { cat "$STACK_DIR/pool.log" >&2; die "could not create the work pool"; }
    fi

    say "deploying prefect.yaml (log: $STACK_DIR/deploy.log)"
    # Without POSTS_PROJECT_DIR, so the pull step keeps its placeholder (see prefect.yaml).
    (cd "$PROJECT" && env -u POSTS_PROJECT_DIR "$BIN/prefect" --no-prompt deploy --all) >"$STACK_DIR/deploy.log" 2>&1 \
        || { tail -n 40 "$STACK_DIR/deploy.log" >&2; die "prefect deploy failed"; }

    if [[ -n ${STACK_NOTIFY_URL:-} ]]; then
        say "failure notifications: an automation POSTs to STACK_NOTIFY_URL when a run fails"
        "$BIN/posts-etl" alerts --webhook "$STACK_NOTIFY_URL" >"$STACK_DIR/alerts.log" 2>&1 \
            || { cat "$STACK_DIR/alerts.log" >&2; die "could not create the failure automation"; }
    elif "$BIN/posts-etl" alerts --status >/dev/null 2>&1; then
        say "failure notifications: on, from an earlier STACK_NOTIFY_URL ('posts-etl alerts --remove' turns them off)"
    else
        say "failure notifications: off (set STACK_NOTIFY_URL=<webhook URL> and run 'make stack-up' again)"
    fi

    if alive worker; then
        say "worker already running (pid $(<"$STACK_DIR/worker.pid"))"
    else
        say "starting a worker on pool '$POOL' (log: $STACK_DIR/worker.log)"
        # POSTS_PROJECT_DIR: where the deployments' pull step finds the code (see prefect.yaml)
        (cd "$PROJECT" && export POSTS_PROJECT_DIR=$PROJECT && start worker "$BIN/prefect" worker start --pool "$POOL" --name "posts-etl-$(hostname)-$PORT")
    fi
    wait_for 120 "worker on pool '$POOL'" worker worker_online

    say "up: UI $URL   API $PREFECT_API_URL"
    say "    deployments: ingest-posts/nightly, reprocess-posts/reprocess, ingest-posts/manual"
    say "    shell: export PREFECT_API_URL=$PREFECT_API_URL"
    say "    stop:  make stack-down"
}

worker_online() {
    api_ok "/work_pools/$POOL/workers/filter" '{}' | grep -q '"status":"ONLINE"'
}

down() {
    if [[ ! -d $STACK_DIR ]]; then
        say "nothing to stop ($STACK_DIR does not exist)"
        return 0
    fi
    # The worker first: its runs report to the server until they end. Let running flow runs
    # finish (up to STACK_DRAIN_SECONDS, default 600) before stopping it.
    local deadline=$((SECONDS + ${STACK_DRAIN_SECONDS:-600})) n
    if alive worker && alive server; then
        while n=$(busy_runs) && [[ $n != 0 ]] && ((SECONDS < deadline)); do
            say "waiting for $n flow run(s) on pool '$POOL' to finish before stopping the worker"
            sleep 5
        done
    fi
    stop worker 60
    stop server 60
    say "down"
}

status() {
    local name
    for name in server worker; do
        if alive "$name"; then say "$name running (pid $(<"$STACK_DIR/$name.pid"), log $STACK_DIR/$name.log)"; else say "$name not running"; fi
    done
    if api_ok /health >/dev/null 2>&1; then say "API answering at $PREFECT_API_URL (UI $URL)"; fi
}

case ${1:-} in
    up) up ;;
    down) down ;;
    status) status ;;
    *) die "usage: $0 up|down|status" ;;
esac
