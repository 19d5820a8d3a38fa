"""Fault injection: SIGKILL `posts-etl run` at random points, rerun it, compare with a clean run.

    .venv/bin/python benchmarks/fault_inject.py [--posts 1500] [--points 20] [--seed S]
        [--workers 2] [--batch-size 300] [--changed N] [--added N] [--mode alternate]
        [--signal KILL|TERM|INT] [--stop-wait 30] [--timeout 300] [--keep]

With ``--signal TERM`` or ``INT`` the same points test a *stop* instead of a crash (SIGINT to the
group is Ctrl-C; SIGTERM to the main process is `kill PID` and what a Prefect worker sends on
Cancel): the run must also exit within ``--stop-wait`` seconds, with 128 + the signal and one
`error: stopped by …` line (0 only when its log said it was already exiting), and print no
traceback.

Everything goes through the real CLI (`posts-etl run SOURCE --data-dir D`) in subprocesses, as an
operator would run it, against ONE real `prefect server start` on 127.0.0.1 (a free port, a
private PREFECT_HOME in the temp dir) that every run is pointed at with PREFECT_API_URL.

Corpus: ``--posts`` generated posts (benchmarks/generate_posts.py) plus a few bad files (empty,
whitespace only, binary). State A is that folder; state B changes ``--changed`` of its files (a
loaded post becomes an empty file, a rejected binary becomes a post, another binary changes) and
adds ``--added`` new ones, so the run of state B replaces rows in several transform batches.
Both states are mirrored into one source folder (files copied with their mtimes), so every run
reads the same SOURCE path and the same bytes and mtimes.

Reference: a fresh data dir, run on state A, then on state B (its wall time is T).

Each kill point: a fresh data dir; run state A to completion; switch to state B; start the run
of state B in its own session; after a random delay in [0, T] SIGKILL either its whole process
group (os.killpg) or its main process only (os.kill), alternating by default. Then, with no
clean-up at all, the same command again; it must exit 0 within ``--timeout`` seconds. Checked:

* the warehouse after the rerun equals the reference row for row: articles, quotes, links,
  raw_posts (the raw bytes included) and rejects, ``select * exclude (run_id, ingest_date)``;
  ``runs``: the runs that loaded or rejected files have the reference's counts, in order, and
  at most one more run that found every file unchanged (the rerun, when the killed run had
  already committed);
* ``posts-etl check`` exits 0, ``lake/_staging`` is empty;
* ``posts-etl rebuild`` from the lake gives the same rows again (and ``check`` passes);
* no process of the killed run (its descendants at the kill, its session, or any process whose
  command line names the data dir, the rerun's excepted) is alive ``--orphan-wait`` (5) seconds
  after the kill.

Findings (a failed or timed-out rerun with its message, orphans and what they hold open, row
differences) are printed under the point's line. When a rerun fails while orphans of the killed
run are alive, that is recorded first; then, and only then, the orphans are killed (this script
started them) and the rerun is tried once more so the remaining checks can run; the point
stays failed. One line per point, then ``fault injection: K points, E equal, F failed``; the
exit status is 1 when any point failed, 2 when the set-up (server, reference) failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent if (Path(sys.executable).parent / "posts-etl").exists() else REPO / ".venv" / "bin"
POSTS_ETL = BIN / "posts-etl"
TABLES = ("articles", "quotes", "links", "raw_posts", "rejects")
RUN_COUNTS = ("files_seen", "files_loaded", "files_unchanged", "files_rejected", "files_replaced", "articles_added", "quotes_added", "links_added")
LOCK_NAME = ".posts-etl.lock"


# --- processes (/proc; psutil is not a dependency) ---------------------------------------------


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    pgrp: int
    session: int
    state: str
    start: int  # clock ticks since boot: (pid, start) names one process even if pids are reused
    cmd: tuple[str, ...]

    def describe(self) -> str:
        text = " ".join(os.path.basename(c) if i == 0 else c for i, c in enumerate(self.cmd))
        text = text if len(text) <= 160 else text[:159] + "…"
        return f"pid {self.pid} [{self.state}] ppid {self.ppid} pgrp {self.pgrp}: {text or '?'}"


def processes() -> dict[int, Proc]:
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = tuple(c.decode(errors="replace") for c in fh.read().split(b"\0") if c)
        except OSError:
            continue
        rest = stat.rsplit(")", 1)[1].split()
        table[int(entry)] = Proc(int(entry), int(rest[1]), int(rest[2]), int(rest[3]), rest[0], int(rest[19]), cmd)
    return table


def is_alive(p: Proc) -> bool:
    """Still running (not a zombie waiting for a reaper), and the same process, not a reused pid."""
    now = processes().get(p.pid)
    return now is not None and now.start == p.start and now.state not in ("Z", "X")


def tree_of(root: int, table: dict[int, Proc]) -> dict[int, Proc]:
    """``root``, its descendants and the members of its session (they keep it when reparented)."""
    children: dict[int, list[int]] = {}
    for p in table.values():
        children.setdefault(p.ppid, []).append(p.pid)
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in table and pid not in found:
            found[pid] = table[pid]
            stack.extend(children.get(pid, []))
    found.update({p.pid: p for p in table.values() if p.session == root})
    return found


def mentions(p: Proc, data_dir: Path) -> bool:
    d = str(data_dir)
    return any(a == d or a.startswith(d + "/") or a.endswith("=" + d) for a in p.cmd)


def open_files(pid: int, data_dir: Path) -> list[str]:
    """Files under the data dir the process has open (the lock file, the warehouse, ...)."""
    names = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith(str(data_dir) + "/"):
                names.add(os.path.relpath(target, data_dir))
    except OSError:
        pass
    return sorted(names)


def lock_holders(data_dir: Path) -> list[str]:
    """/proc/locks entries on the data dir's lock file: 'FLOCK WRITE pid 123'."""
    try:
        inode = (data_dir / LOCK_NAME).stat().st_ino
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return []
    held = []
    for line in lines:
        parts = line.split()
        if "->" in parts:  # a waiter
            continue
        try:
            i = next(n for n, x in enumerate(parts) if x.count(":") == 2)
        except StopIteration:
            continue
        if int(parts[i].rsplit(":", 1)[1]) == inode:
            held.append(f"{parts[1]} {parts[3]} pid {parts[4]}")
    return held


# --- the CLI and the Prefect server -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(prefect_home: Path, api_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "POSTS_ETL_"))}
    env.update(PREFECT_HOME=str(prefect_home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PATH=f"{BIN}:{env.get('PATH', '')}")
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


class PrefectServer:
    """One `prefect server start` on 127.0.0.1 for the whole script."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.env = base_env(home, self.url)
        self.log = open(home / "server.log", "w")
        self.proc = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def wait_healthy(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=10) as resp:
                    if json.loads(resp.read() or "null") is True:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("prefect server did not start:\n" + (self.home / "server.log").read_text()[-3000:])
            time.sleep(0.5)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


@dataclass
class Done:
    rc: int | None  # None: timed out (and its process group killed)
    seconds: float
    log: Path

    @property
    def ok(self) -> bool:
        return self.rc == 0

    def exit_text(self) -> str:
        return "timeout" if self.rc is None else str(self.rc)

    def message(self) -> str:
        return error_message(self.log)


_started: list[subprocess.Popen] = []


def start(args: list[str], env: dict[str, str], log: Path) -> tuple[subprocess.Popen, float]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as fh:  # the child keeps its own descriptor
        proc = subprocess.Popen([str(POSTS_ETL), *args], env=env, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    _started.append(proc)
    return proc, time.monotonic()


def stop_started() -> None:
    """After an error in this script: SIGKILL the process groups of the CLI runs it started."""
    while _started:
        proc = _started.pop()
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def finish(proc: subprocess.Popen, began: float, log: Path, timeout: float) -> Done:
    try:
        rc: int | None = proc.wait(max(0.0, began + timeout - time.monotonic()))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's group
        proc.wait()
        rc = None
    return Done(rc, time.monotonic() - began, log)


def cli(args: list[str], env: dict[str, str], log: Path, timeout: float) -> Done:
    proc, began = start(args, env, log)
    return finish(proc, began, log, timeout)


def error_message(log: Path) -> str:
    """The CLI's one-line `error: …`, else the last exception line, else the tail of its output."""
    try:
        lines = [ln.rstrip() for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return "(no output)"
    errors = [ln for ln in lines if ln.startswith("error:")]
    if errors:
        return errors[-1]
    excs = [ln for ln in lines if re.match(r"^[\w.]+(Error|Exception|Exit)\b", ln)]
    if excs:
        return excs[-1][:400]
    return " | ".join(lines[-3:])[:400] or "(no output)"


# --- where a killed run was -------------------------------------------------------------------

_LOG_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) \|")


def phases(log: Path) -> list[tuple[str, str]]:
    """(log time, phase entered) from a run's Prefect log lines, in order."""
    out: list[tuple[str, str]] = []
    batches = None
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return out
    for line in text.splitlines():
        m = _LOG_TIME.match(line)
        if not m:
            continue
        stamp = line[:12]
        if "Beginning flow run" in line:
            out.append((stamp, "planning"))
        elif (n := re.search(r"to process in (\d+) batch", line)) and "plan-batches" in line:
            batches = int(n.group(1))
            out.append((stamp, f"transform 1/{batches}" if batches else "load"))
        elif b := re.search(r"\bbatch (\d+)/(\d+):", line):
            i, batches = int(b.group(1)), int(b.group(2))
            out.append((stamp, f"transform {i + 1}/{batches}" if i < batches else "load"))
        elif "loaded into" in line:
            out.append((stamp, "promote/report"))
        elif line.find("Flow run") > 0 and "Finished in state" in line:
            out.append((stamp, "exiting"))
    return out


def phase_at_kill(log: Path) -> str:
    seen = phases(log)
    return seen[-1][1] if seen else "startup"


def timeline(log: Path, began_wall: datetime) -> str:
    """'startup 0.0, planning 4.6, transform 1/3 4.9, …' seconds after the process started."""
    base = began_wall.hour * 3600 + began_wall.minute * 60 + began_wall.second + began_wall.microsecond / 1e6
    parts = ["startup 0.0"]
    for stamp, name in phases(log):
        h, m, s = stamp.split(":")
        t = (int(h) * 3600 + int(m) * 60 + float(s) - base) % 86400
        parts.append(f"{name} {t:.1f}")
    return ", ".join(parts)


# --- the corpus ---------------------------------------------------------------------------------


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("generate_posts", HERE / "generate_posts.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_corpus(root: Path, posts: int, changed: int, added: int, rng: random.Random) -> tuple[Path, Path, dict[str, int]]:
    """Two full folders: state A, and state B (A with files changed and added). Returns them
    and what B changes."""
    gen = load_generator()
    a, b, fresh = root / "A", root / "B", root / "fresh"
    gen.generate(a, posts, seed=rng.randrange(2**31))
    write(a / "bad" / "empty.txt", b"")
    write(a / "bad" / "whitespace.txt", b"  \n\t\r\n   \n")
    write(a / "bad" / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(600) + b"\x00\x00\x00\x00IEND")
    write(a / "bad" / "nul.txt", b"A title\nsome text\x00\x00\x00 with NUL bytes\x00\x00 in it\x00\x00\n")

    good = sorted(p.relative_to(a).as_posix() for p in a.rglob("*.txt") if not p.relative_to(a).as_posix().startswith("bad/"))
    changed = min(changed, len(good) - 1)
    gen.generate(fresh, changed + added + 1, seed=rng.randrange(2**31))
    new_texts = [p.read_bytes() for p in sorted(fresh.rglob("*.txt"))]
    shutil.rmtree(fresh)

    time.sleep(0.01)  # B's new files get mtimes of their own
    shutil.copytree(a, b, copy_function=shutil.copy2)
    victims = rng.sample(good, changed + 1)
    write(b / victims[0], b"")  # a loaded post becomes an empty file: its article goes, a reject comes
    for rel, data in zip(victims[1:], new_texts):
        write(b / rel, data)
    for i, data in enumerate(new_texts[changed : changed + added]):
        write(b / "new" / f"{i:06d}_{rng.getrandbits(64):016x}.txt", data)
    write(b / "bad" / "image.txt", new_texts[-1])  # a rejected binary becomes a post
    write(b / "bad" / "nul.txt", b"\x00\x01\x02 still binary \x00\x00\x00\n")  # a reject replaced by a reject
    return a, b, {"files_a": sum(1 for _ in a.rglob("*.txt")), "files_b": sum(1 for _ in b.rglob("*.txt")), "changed": changed + 3, "added": added}


def mirror(store: Path, dst: Path) -> None:
    """Make ``dst`` hold exactly ``store``'s files, bytes and mtimes (only what differs is copied)."""
    want = {p.relative_to(store): p for p in store.rglob("*") if p.is_file()}
    if dst.exists():
        for p in list(dst.rglob("*")):
            if p.is_file() and p.relative_to(dst) not in want:
                p.unlink()
    for rel, src in want.items():
        target = dst / rel
        s = src.stat()
        try:
            t = target.stat()
            if t.st_size == s.st_size and t.st_mtime_ns == s.st_mtime_ns and target.read_bytes() == src.read_bytes():
                continue
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)


# --- the warehouse ------------------------------------------------------------------------------


@dataclass
class Snapshot:
    tables: dict[str, list[tuple]]
    runs: list[dict[str, Any]]

    def loading_runs(self) -> list[tuple]:
        return [tuple(r.get(c) for c in RUN_COUNTS) for r in self.runs if (r.get("files_loaded") or 0) + (r.get("files_rejected") or 0) > 0]

    def idle_runs(self) -> list[dict[str, Any]]:
        return [r for r in self.runs if (r.get("files_loaded") or 0) + (r.get("files_rejected") or 0) == 0]


def snapshot(data_dir: Path) -> Snapshot:
    import duckdb

    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        tables = {}
        for t in TABLES:
            cols = [r[0] for r in con.execute(f"describe {t}").fetchall()]
            drop = [c for c in ("run_id", "ingest_date") if c in cols]
            tables[t] = con.execute(f"select * exclude ({', '.join(drop)}) from {t} order by all" if drop else f"select * from {t} order by all").fetchall()
        cur = con.execute("select * from runs order by run_id")
        names = [d[0] for d in cur.description]
        runs = [dict(zip(names, r)) for r in cur.fetchall()]
    return Snapshot(tables, runs)


def differences(got: Snapshot, ref: Snapshot, files_b: int) -> list[str]:
    diffs = []
    for t in TABLES:
        a, b = got.tables[t], ref.tables[t]
        if a == b:
            continue
        ca, cb = Counter(map(repr, a)), Counter(map(repr, b))
        key = {repr(r): r[:2] for r in a + b}
        missing, extra = cb - ca, ca - cb
        text = f"{t}: {len(a)} rows, reference {len(b)}: {sum(missing.values())} missing, {sum(extra.values())} extra"
        if missing:
            text += f"; e.g. missing {key[next(iter(missing))]}"
        if extra:
            text += f"; e.g. extra {key[next(iter(extra))]}"
        diffs.append(text)
    if got.loading_runs() != ref.loading_runs():
        diffs.append(f"runs: loading runs {got.loading_runs()} != reference {ref.loading_runs()} ({', '.join(RUN_COUNTS)})")
    idle = got.idle_runs()
    if len(idle) > len(ref.idle_runs()) + 1 or any(r.get("files_unchanged") != files_b or r.get("files_seen") != files_b for r in idle):
        diffs.append(f"runs: {len(idle)} runs that loaded nothing (at most one expected, seeing all {files_b} files unchanged): " + "; ".join(str({c: r.get(c) for c in RUN_COUNTS}) for r in idle))
    return diffs


def staging_left(data_dir: Path) -> list[str]:
    root = data_dir / "lake" / "_staging"
    if not root.exists():
        return []
    return sorted(p.relative_to(root).as_posix() + ("/" if p.is_dir() else "") for p in root.rglob("*"))


# --- one kill point -----------------------------------------------------------------------------


@dataclass
class Point:
    number: int
    delay: float
    mode: str  # 'group' or 'main'
    phase: str = "-"
    killed: bool = False
    rerun: str = "-"
    rerun_seconds: float = 0.0
    equal: bool = False
    orphans: bool = False
    stop_seconds: float | None = None  # SIGTERM/SIGINT: from the signal to the run's exit
    findings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.findings)


class Injector:
    def __init__(self, opts: argparse.Namespace, root: Path, server: PrefectServer, out: Any) -> None:
        self.opts, self.root, self.server, self.out = opts, root, server, out
        self.src = root / "source"

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def run_args(self, data_dir: Path) -> list[str]:
        return ["run", str(self.src), "--data-dir", str(data_dir), "--workers", str(self.opts.workers), "--batch-size", str(self.opts.batch_size)]

    def reference(self, a: Path, b: Path) -> tuple[Snapshot, float]:
        data = self.root / "reference" / "data"
        mirror(a, self.src)
        first = cli(self.run_args(data), self.server.env, data.parent / "run-a.log", self.opts.timeout)
        if not first.ok:
            raise RuntimeError(f"reference run of state A failed (exit {first.exit_text()}): {first.message()}")
        mirror(b, self.src)
        began_wall = datetime.now()
        second = cli(self.run_args(data), self.server.env, data.parent / "run-b.log", self.opts.timeout)
        if not second.ok:
            raise RuntimeError(f"reference run of state B failed (exit {second.exit_text()}): {second.message()}")
        check = cli(["check", "--data-dir", str(data)], self.server.env, data.parent / "check.log", self.opts.timeout)
        if not check.ok:
            raise RuntimeError(f"posts-etl check fails on the reference: {check.message()}")
        self.say(f"reference: run A {first.seconds:.1f} s, run B {second.seconds:.1f} s = T")
        self.say(f"  run B's phases, s after its start: {timeline(second.log, began_wall)}")
        return snapshot(data), second.seconds

    def kill_point(self, point: Point, a: Path, b: Path, ref: Snapshot, files_b: int) -> None:
        opts, env = self.opts, self.server.env
        work = self.root / f"point-{point.number:02d}"
        data = work / "data"
        mirror(a, self.src)
        first = cli(self.run_args(data), env, work / "run-a.log", opts.timeout)
        if not first.ok:
            point.findings.append(f"set-up: the run of state A failed (exit {first.exit_text()}): {first.message()}")
            return
        mirror(b, self.src)

        proc, began = start(self.run_args(data), env, work / "run-b-killed.log")
        members: dict[int, Proc] = {}
        while time.monotonic() < began + point.delay and proc.poll() is None:
            time.sleep(min(0.02, max(0.0, began + point.delay - time.monotonic())))
        if proc.poll() is None:
            members = tree_of(proc.pid, processes())
            sig = opts.sig
            if point.mode == "group":
                os.killpg(proc.pid, sig)
            else:
                os.kill(proc.pid, sig)
            killed_at = time.monotonic()
            point.killed = True
            point.phase = phase_at_kill(work / "run-b-killed.log")  # what it had logged by then
            if sig != signal.SIGKILL:
                self.stopped(proc, point, work / "run-b-killed.log", killed_at)
                killed_at = time.monotonic()  # survivors are looked for from the run's exit on
            proc.wait()  # reap our own child; its children are someone else's now
        else:
            killed_at = time.monotonic()
            point.phase = f"exited {proc.returncode} first"
            point.notes.append(f"the run exited ({proc.returncode}) before the kill at {point.delay:.2f} s")
        members.pop(proc.pid, None)

        def leftovers(exclude_session: int | None) -> list[Proc]:
            table = processes()  # as they are now (reparented), not as they were at the kill
            found = {pid: table[pid] for pid, p in members.items() if pid in table and table[pid].start == p.start}
            for p in table.values():
                if p.pid != os.getpid() and p.session != exclude_session and (mentions(p, data) or p.session == proc.pid):
                    found.setdefault(p.pid, p)
            return [p for p in found.values() if p.state not in ("Z", "X")]

        def describe(ps: list[Proc]) -> str:
            return "; ".join(p.describe() + (f" (open: {', '.join(f)})" if (f := open_files(p.pid, data)) else "") for p in ps)

        # the rerun: the same command, at once, nothing cleaned up
        rerun, rerun_began = start(self.run_args(data), env, work / "rerun.log")
        rerun_end = None
        while time.monotonic() < killed_at + opts.orphan_wait:  # watching when the rerun ends meanwhile
            if rerun_end is None and rerun.poll() is not None:
                rerun_end = time.monotonic()
            time.sleep(0.05)
        alive = leftovers(exclude_session=rerun.pid)
        if alive and point.killed:
            point.orphans = True
            point.findings.append(f"orphans: {len(alive)} process(es) of the killed run alive {opts.orphan_wait:g} s after the kill: {describe(alive)}")
        done = finish(rerun, rerun_began, work / "rerun.log", opts.timeout)
        if rerun_end is not None:
            done.seconds = rerun_end - rerun_began
        point.rerun, point.rerun_seconds = done.exit_text(), done.seconds
        if not done.ok:
            alive = leftovers(exclude_session=None)
            locks = lock_holders(data)
            text = f"rerun failed (exit {done.exit_text()} after {done.seconds:.1f} s): {done.message()}"
            if alive:
                text += f"; orphans of the killed run still alive: {describe(alive)}"
            if locks:
                text += f"; lock on {LOCK_NAME}: {', '.join(locks)}"
            point.findings.append(text)
            if alive:
                point.orphans = True
                self.kill(alive, point, "after the failed rerun")
            again = cli(self.run_args(data), env, work / "rerun-2.log", opts.timeout)
            point.notes.append(f"second rerun{' (after killing the orphans)' if alive else ''}: exit {again.exit_text()} in {again.seconds:.1f} s" + ("" if again.ok else f": {again.message()}"))
            if not again.ok:
                point.findings.append(f"second rerun failed too (exit {again.exit_text()}): {again.message()}")
        alive = leftovers(exclude_session=None)
        if alive:
            point.orphans = True
            point.findings.append(f"orphans: still alive after the rerun: {describe(alive)}")
            self.kill(alive, point, "after the rerun")

        if not (data / "warehouse.duckdb").exists():
            point.findings.append("no warehouse.duckdb after the rerun")
            return
        diffs = differences(snapshot(data), ref, files_b)
        point.equal = not diffs
        point.findings += [f"rows differ after the rerun: {d}" for d in diffs]
        check = cli(["check", "--data-dir", str(data)], env, work / "check.log", opts.timeout)
        if not check.ok:
            point.findings.append(f"posts-etl check failed (exit {check.exit_text()}): {check.message()}")
        if left := staging_left(data):
            point.findings.append(f"lake/_staging not empty after the rerun: {', '.join(left[:8])}{' …' if len(left) > 8 else ''}")
        rebuilt = cli(["rebuild", "--data-dir", str(data)], env, work / "rebuild.log", opts.timeout)
        if not rebuilt.ok:
            point.findings.append(f"posts-etl rebuild failed (exit {rebuilt.exit_text()}): {rebuilt.message()}")
            return
        diffs = differences(snapshot(data), ref, files_b)
        point.findings += [f"rows differ after rebuild from the lake: {d}" for d in diffs]
        check = cli(["check", "--data-dir", str(data)], env, work / "check-rebuilt.log", opts.timeout)
        if not check.ok:
            point.findings.append(f"posts-etl check failed after rebuild (exit {check.exit_text()}): {check.message()}")

    def stopped(self, proc: subprocess.Popen, point: Point, log: Path, sent: float) -> None:
        """A SIGTERM or SIGINT must end the run within --stop-wait seconds, as a stop (exit
        128 + the signal, one `error: stopped by …` line) or, when the run was already ending,
        as a success; never with a traceback. A run that does not stop is SIGKILLed (its
        group) after recording it, so the point can go on."""
        sig = self.opts.sig
        try:
            rc = proc.wait(self.opts.stop_wait)
        except subprocess.TimeoutExpired:
            point.findings.append(f"hang: still running {self.opts.stop_wait:g} s after {sig.name}")
            os.killpg(proc.pid, signal.SIGKILL)
            return
        point.stop_seconds = time.monotonic() - sent
        point.notes.append(f"{sig.name}: exit {rc} after {point.stop_seconds:.1f} s")
        text = log.read_text(errors="replace")
        if rc == -sig and not re.search(r'File "[^"]*/(flows|warehouse|transforms)/', text) and "posts-etl" not in text:
            # The interpreter's own start-up (site's .pth files, the console script's import of
            # flows.cli) had not reached the command's code: SIGTERM's default action, or
            # Python's KeyboardInterrupt report for SIGINT. Nothing had started.
            point.notes.append(f"{sig.name} arrived during the interpreter's start-up: it died of it, nothing had started")
            return
        if rc == -sig and point.phase == "exiting" and "Try:" in text:
            # after the summary: Python's finalisation has put the default handlers back, so
            # the signal kills the process as it exits; the run had loaded and said so
            point.notes.append(f"{sig.name} arrived as the interpreter shut down, after the summary: it died of it")
            return
        if rc == 0 and point.phase != "exiting":
            # every phase up to the summary answers a stop with 128 + N; 0 means it went on
            point.findings.append(f"{sig.name} during {point.phase} was ignored: the run went on and exited 0")
        elif rc not in (0, 128 + sig):
            point.findings.append(f"{sig.name} ended the run with exit {rc}, not {128 + sig} (or 0): {error_message(log)}")
        elif rc == 128 + sig and f"error: stopped by {sig.name}" not in text:
            point.findings.append(f"exit {rc} without the `error: stopped by {sig.name}` line: {error_message(log)}")
        for marker in ("Traceback (most recent call last)", "Exception ignored"):
            if marker in text:
                point.findings.append(f"the stopped run printed {marker!r}: {error_message(log)}")

    def kill(self, ps: list[Proc], point: Point, when: str) -> None:
        """Only after recording them: SIGKILL the killed run's leftovers so the script can go on."""
        for p in ps:
            if is_alive(p):
                try:
                    os.kill(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 10
        while any(is_alive(p) for p in ps) and time.monotonic() < deadline:
            time.sleep(0.1)
        point.notes.append(f"{when}: killed {len(ps)} orphan(s) of the killed run (pids {', '.join(str(p.pid) for p in ps)}) so the script can continue")


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--posts", type=int, default=1500, help="generated posts in state A (default 1500)")
    p.add_argument("--points", type=int, default=20, help="kill points (default 20)")
    p.add_argument("--seed", type=int, default=None, help="random seed for the corpus, delays and modes (default: random, printed)")
    p.add_argument("--workers", type=int, default=2, help="transform processes per run (default 2)")
    p.add_argument("--batch-size", type=int, default=300, help="posts per transform batch (default 300)")
    p.add_argument("--changed", type=int, default=None, help="files state B changes (default posts/3)")
    p.add_argument("--added", type=int, default=None, help="files state B adds (default posts/10)")
    p.add_argument("--mode", choices=("alternate", "random", "group", "main"), default="alternate", help="kill the process group, the main process, or alternate (default) / pick at random")
    p.add_argument("--signal", choices=("KILL", "TERM", "INT"), default="KILL", help="what to send: SIGKILL (default; a crash), or SIGTERM / SIGINT (a stop: must end the run within --stop-wait s, exit 128+N, or 0 only when already exiting; no traceback)")
    p.add_argument("--stop-wait", type=float, default=30, help="seconds a SIGTERM/SIGINT-stopped run may take to exit (default 30)")
    p.add_argument("--timeout", type=float, default=300, help="seconds a run (the rerun included) may take (default 300)")
    p.add_argument("--orphan-wait", type=float, default=5, help="seconds after the kill to look for survivors (default 5)")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (corpus, data dirs, logs)")
    p.add_argument("--workdir", type=Path, default=None, help="parent of the temp dir (default: the system's)")
    opts = p.parse_args(argv)
    opts.sig = signal.Signals[f"SIG{opts.signal}"]
    if opts.seed is None:
        opts.seed = random.SystemRandom().randrange(2**31)
    if opts.changed is None:
        opts.changed = max(5, opts.posts // 3)
    if opts.added is None:
        opts.added = max(3, opts.posts // 10)
    if opts.posts < 10 or opts.points < 0 or opts.workers < 0 or opts.batch_size < 1:
        p.error("need --posts >= 10, --points >= 0, --workers >= 0, --batch-size >= 1")
    return opts


@dataclass
class Result:
    points: list[Point]
    seconds: float
    seed: int
    reference_seconds: float

    @property
    def equal(self) -> int:
        return sum(p.equal for p in self.points)

    @property
    def failed(self) -> int:
        return sum(p.failed for p in self.points)


def inject(opts: argparse.Namespace, out: Any = None) -> Result:
    out = out or sys.stdout
    t0 = time.monotonic()
    rng = random.Random(opts.seed)  # the corpus
    kill_rng = random.Random(f"kills-{opts.seed}")  # delays and modes: the same for any --posts
    root = Path(tempfile.mkdtemp(prefix="posts-etl-fault-", dir=opts.workdir))
    print(f"fault injection: seed {opts.seed}, {opts.posts} posts, {opts.points} points of {opts.sig.name}, workers {opts.workers}, batch size {opts.batch_size}, mode {opts.mode}; in {root}", file=out, flush=True)
    server = PrefectServer(root / "prefect-home")
    points: list[Point] = []
    try:
        server.wait_healthy()
        print(f"prefect server on {server.url} (pid {server.proc.pid}) in {time.monotonic() - t0:.1f} s", file=out, flush=True)
        inj = Injector(opts, root, server, out)
        a, b, info = make_corpus(root / "corpus", opts.posts, opts.changed, opts.added, rng)
        inj.say(f"corpus: state A {info['files_a']} files, state B {info['files_b']} ({info['changed']} changed, {info['added']} added)")
        ref, t_b = inj.reference(a, b)
        inj.say("reference warehouse: " + ", ".join(f"{t} {len(r)}" for t, r in ref.tables.items()) + f", runs {len(ref.runs)}")
        inj.say("")
        inj.say(f"{'point':>5}  {'delay':>6}  {'kill':5}  {'killed during':16}  {'rerun':>7}  {'rerun s':>7}  {'equal':5}  {'orphans':7}  result")
        for n in range(1, opts.points + 1):
            if opts.mode == "alternate":
                mode = "group" if n % 2 else "main"
            else:
                mode = kill_rng.choice(("group", "main")) if opts.mode == "random" else opts.mode
            point = Point(n, kill_rng.uniform(0, t_b), mode)
            try:
                inj.kill_point(point, a, b, ref, info["files_b"])
            except Exception as exc:  # the script's own trouble: record it, go on with the next point
                point.findings.append(f"fault_inject error: {type(exc).__name__}: {exc}")
                stop_started()
            _started.clear()
            points.append(point)
            inj.say(
                f"{n:5d}  {point.delay:5.2f}s  {mode:5}  {point.phase:16}  {point.rerun:>7}  {point.rerun_seconds:7.1f}  {'yes' if point.equal else 'no':5}  "
                f"{'yes' if point.orphans else 'no':7}  {'FAIL' if point.failed else 'ok'}"
            )
            for f in point.findings:
                inj.say(f"         finding: {f}")
            for note in point.notes:
                inj.say(f"         note: {note}")
            if not opts.keep:
                shutil.rmtree(root / f"point-{n:02d}", ignore_errors=True)
    finally:
        stop_started()
        server.stop()
        if opts.keep:
            print(f"kept {root}", file=out, flush=True)
        else:
            shutil.rmtree(root, ignore_errors=True)
    result = Result(points, time.monotonic() - t0, opts.seed, t_b)
    print(f"total {result.seconds:.1f} s (T = {t_b:.1f} s), seed {opts.seed}", file=out)
    if opts.sig != signal.SIGKILL:
        waits = [p.stop_seconds for p in points if p.stop_seconds is not None]
        print(f"stops: {len(waits)} runs ended after {opts.sig.name}" + (f", {max(waits):.1f} s at most" if waits else ""), file=out)
    print(f"fault injection: {len(points)} points, {result.equal} equal, {result.failed} failed", file=out, flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    try:
        result = inject(opts)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 1 if result.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
