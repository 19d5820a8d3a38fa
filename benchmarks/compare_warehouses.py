"""Row-for-row comparison of the warehouse two revisions build from the same posts.

    .venv/bin/python benchmarks/compare_warehouses.py [--before REV] [--after REV|worktree]
        [--corpus samples fixtures dev generated] [-n 10000] [--shared DIR] [--keep DIR]

For each corpus (the bundled samples, tests/fixtures/posts, the dev set from
../shared/eval/quotes-dev.jsonl when present, and ``-n`` posts from generate_posts.py with
some bad files), both sides run ``posts-etl run`` into a data dir of their own: the ``before``
side from a temporary ``git worktree`` of REV (default HEAD), the ``after`` side from this
working tree (or a worktree of REV). Every table is then read back ordered by its key, the
columns that differ from run to run by nature dropped (run ids, run timestamps, the runs and
sources tables), and compared row by row. It prints, per corpus and table, the rows only one
side has and the rows whose columns differ (a count per column, and the first examples).

Exit status 0 when every table is identical, 1 otherwise: a refactor that must not change
output is checked by its exit status; a change made on purpose is read from the listing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PYTHON = Path(sys.executable)
# Table -> its key. Columns named in VOLATILE change from run to run by nature.
TABLES = {
    "articles": ("post_id",),
    "quotes": ("quote_id",),
    "links": ("link_id",),
    "rejects": ("post_id",),
    "raw_posts": ("post_id",),
}
VOLATILE = {"run_id", "loaded_at", "started_at", "finished_at", "flow_run_id"}
EXAMPLES = 3


def _corpus(name: str, out: Path, n: int, shared: Path) -> Path:
    folder = out / name
    folder.mkdir(parents=True)
    if name == "samples":
        shutil.copytree(ROOT / "samples" / "posts", folder, dirs_exist_ok=True)
    elif name == "fixtures":
        for p in sorted((ROOT / "tests" / "fixtures" / "posts").glob("*.txt")):
            shutil.copy2(p, folder / p.name)
    elif name == "dev":
        dev = shared / "eval" / "quotes-dev.jsonl"
        if not dev.exists():
            return folder
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                (folder / f"{doc['id']}.txt").write_text(doc["text"], encoding="utf-8")
    elif name == "generated":
        subprocess.run([str(PYTHON), str(ROOT / "benchmarks" / "generate_posts.py"), str(folder), "-n", str(n), "--seed", "12", "--bad-fraction", "0.02"], check=True, stdout=subprocess.DEVNULL)
    else:
        raise SystemExit(f"unknown corpus {name!r}")
    return folder


def _checkout(rev: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), rev], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return where


def _run(tree: Path, source: Path, data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTS_ETL_")}
    env["PYTHONPATH"] = str(tree)
    env.setdefault("PREFECT_HOME", str(data_dir.parent / f".prefect-{data_dir.name}"))
    cmd = [str(PYTHON), "-c", "from flows.entry import main; main()", "run", str(source), "--data-dir", str(data_dir), "--allow-empty", "--no-progress", "--json"]
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"posts-etl run failed in {tree} (exit {done.returncode}):\n{done.stderr[-3000:]}")


def _rows(data_dir: Path, table: str) -> tuple[list[str], dict[tuple, tuple]]:
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        cols = [r[0] for r in con.execute(f"describe {table}").fetchall() if r[0] not in VOLATILE]
        key = TABLES[table]
        rel = con.execute(f"select {', '.join(cols)} from {table} order by {', '.join(key)}")
        idx = [cols.index(k) for k in key]
        out = {}
        while batch := rel.fetchmany(5000):
            for r in batch:
                out[tuple(r[i] for i in idx)] = tuple(r)
        return cols, out
    finally:
        con.close()


def _short(v: object) -> str:
    s = repr(v)
    return s if len(s) <= 160 else s[:157] + "..."


def compare(before: Path, after: Path) -> list[str]:
    """Lines describing every difference between the two data dirs' tables (none: identical)."""
    report: list[str] = []
    for table in TABLES:
        cols_b, rows_b = _rows(before, table)
        cols_a, rows_a = _rows(after, table)
        if cols_b != cols_a:
            report.append(f"  {table}: columns differ: before only {sorted(set(cols_b) - set(cols_a))}, after only {sorted(set(cols_a) - set(cols_b))}")
        shared = [c for c in cols_b if c in cols_a]
        only_b = sorted(set(rows_b) - set(rows_a))
        only_a = sorted(set(rows_a) - set(rows_b))
        changed: Counter[str] = Counter()
        examples: list[str] = []
        for k in sorted(set(rows_b) & set(rows_a)):
            rb = dict(zip(cols_b, rows_b[k]))
            ra = dict(zip(cols_a, rows_a[k]))
            for c in shared:
                if rb[c] != ra[c]:
                    changed[c] += 1
                    if sum(1 for e in examples if e.startswith(f"    {c} ")) < EXAMPLES:
                        examples.append(f"    {c} {k[0]}: {_short(rb[c])} -> {_short(ra[c])}")
        if only_b or only_a or changed:
            report.append(f"  {table}: {len(rows_b)} rows before, {len(rows_a)} after; {len(only_b)} only before, {len(only_a)} only after; changed: " + (", ".join(f"{c} {n}" for c, n in changed.most_common()) or "none"))
            report += [f"    only before {k[0]}: {_short(rows_b[k])}" for k in only_b[:EXAMPLES]]
            report += [f"    only after {k[0]}: {_short(rows_a[k])}" for k in only_a[:EXAMPLES]]
            report += examples
        else:
            report.append(f"  {table}: {len(rows_b)} rows, identical")
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", default="HEAD", help="revision of the reference side (default HEAD)")
    ap.add_argument("--after", default="worktree", help="revision of the side under test (default: this working tree)")
    ap.add_argument("--corpus", nargs="+", default=["samples", "fixtures", "dev", "generated"])
    ap.add_argument("-n", type=int, default=10_000, help="generated posts (default 10000)")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the folder holding eval/quotes-dev.jsonl (default ../shared)")
    ap.add_argument("--keep", type=Path, help="keep inputs and data dirs in this folder")
    args = ap.parse_args()

    work = Path(args.keep or tempfile.mkdtemp(prefix="compare-warehouses-"))
    work.mkdir(parents=True, exist_ok=True)
    trees: list[Path] = []
    try:
        before_tree = _checkout(args.before, work / "before-tree")
        trees.append(before_tree)
        after_tree = ROOT if args.after == "worktree" else _checkout(args.after, work / "after-tree")
        if after_tree != ROOT:
            trees.append(after_tree)
        same = True
        for name in args.corpus:
            source = _corpus(name, work / "posts", args.n, args.shared)
            files = sum(1 for _ in source.rglob("*.txt"))
            if not files:
                print(f"{name}: no posts (skipped)")
                continue
            for side, tree in (("before", before_tree), ("after", after_tree)):
                _run(tree, source, work / f"{name}-{side}")
            report = compare(work / f"{name}-before", work / f"{name}-after")
            differs = any("identical" not in line for line in report if line.startswith("  ") and not line.startswith("    "))
            same &= not differs
            print(f"{name}: {files} posts, {args.before} vs {args.after}: {'DIFFERENT' if differs else 'identical'}")
            print("\n".join(report))
        return 0 if same else 1
    finally:
        for tree in trees:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
