"""Time per doubling of the load's checks on one post of growing size and quote count.

A warehouse file is built with the project's schema: a background of earlier runs (small posts,
``--background`` of them) and one new run holding a single post whose body is non-ASCII prose
with a quote every ~320 characters and a link every ~640. For n quotes, 2n, 4n, … the script
times ``warehouse.db.run_checks(con, run_id)`` (what every load runs before its commit) and, as
the baseline in the same invocation, the check as it was written before: one DuckDB
``substr(body, start_char + 1, …)`` per quote, whose cost grows with the offset on non-ASCII
text. It prints both times, their ratio, and the exponent fitted over all sizes (log time
against log n): a linear check gives ~1.0, the substr check ~2.0. Exits 1 when the checks'
exponent is above ``--max-exponent``.

With ``--posts N`` it times instead the offsets checks of one run of N posts of ordinary size (10
quotes, 5 links and an embed each): ``warehouse.db._offset_failures`` against, in the same
invocation and on the same warehouse, the way it was written before (each article fetched with its
quotes and links aggregated into nested lists, turned to Python dicts per Arrow batch and sliced
per article), best of ``--repeat`` each, and prints both times and their ratio.

Usage::

    .venv/bin/python benchmarks/bench_checks.py [--start 2000] [--doublings 4] [--background 5000]
                                                [--no-baseline] [--max-exponent 1.2]
    .venv/bin/python benchmarks/bench_checks.py --posts 10000 [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_hostile import fit_exponent  # noqa: E402

from warehouse import db  # noqa: E402

# The offsets check as it was before it moved to warehouse/db.py: DuckDB slices every quote.
SUBSTR_CHECK = """
select count(*) from quotes as q join articles as a using (post_id)
where q.run_id = $run_id and substr(a.body, q.start_char + 1, q.end_char - q.start_char) is distinct from q.quote
"""

# The offsets checks as they were before their rows came flat (baseline of --posts): one row per
# article with its quotes and links aggregated into nested lists, each batch turned to dicts.
NESTED_ROWS = """
with q as (
    select post_id,
           list(struct_pack(quote_id, part, start_char, end_char, quote, context_start, context_end)) as quotes
    from quotes semi join _check_scope using (post_id)
    group by post_id
),
l as (
    select post_id, list(struct_pack(link_id, place, start_char, end_char, url)) as links
    from links semi join _check_scope using (post_id)
    group by post_id
)
select a.post_id, a.title, a.body, a.embeds, q.quotes, l.links
from articles as a
semi join _check_scope using (post_id)
left join q using (post_id)
left join l using (post_id)
"""


def nested_slice_failures(article: dict[str, Any]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    body, title = article["body"] or "", article["title"] or ""
    for q in article["quotes"] or ():
        if q["part"] not in ("body", "title"):
            continue
        s, e, cs, ce = q["start_char"], q["end_char"], q["context_start"], q["context_end"]
        sliced = db._slice(title if q["part"] == "title" else body, s, e)
        outside = sliced is not None and ((cs is not None and cs > s) or (ce is not None and ce < e))
        if sliced is None or sliced != q["quote"] or outside:
            yield "quote_offsets", (q["quote_id"], article["post_id"], q["part"], s, e, q["quote"], sliced)
    for link in article["links"] or ():
        s, e = link["start_char"], link["end_char"]
        has_offsets = s is not None and e is not None
        if link["place"] is None or (link["place"] == "body") != has_offsets:
            yield "link_offsets", (link["link_id"], article["post_id"], link["place"], s, e, link["url"], None)
        elif has_offsets and ((sliced := db._slice(body, s, e)) is None or sliced != link["url"]):
            yield "link_offsets", (link["link_id"], article["post_id"], link["place"], s, e, link["url"], sliced)
    for embed in article["embeds"] or ():
        sliced = db._slice(body, embed["start_char"], embed["end_char"])
        if sliced is None or sliced != embed["text"]:
            yield "embed_offsets", (article["post_id"], embed["start_char"], embed["end_char"], embed["text"])


def nested_offset_failures(con: duckdb.DuckDBPyConnection, limit: int = 20) -> dict[str, list[tuple[Any, ...]]]:
    rel = con.sql(NESTED_ROWS)
    reader = rel.to_arrow_reader(1000) if hasattr(rel, "to_arrow_reader") else rel.fetch_arrow_reader(1000)
    failures: dict[str, list[tuple[Any, ...]]] = {}
    for batch in reader:
        for article in batch.to_pylist():
            for name, row in nested_slice_failures(article):
                rows = failures.setdefault(name, [])
                if len(rows) < limit:
                    rows.append(row)
    return failures


SENTENCE = "The council’s plan — its third — met résistance again, and the mayor said "
QUOTE = "“we will build it”"
LINK = "https://example.org/budget"


def post(n_quotes: int) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """A body with ``n_quotes`` quotes (and half as many links), with their offsets."""
    parts: list[str] = []
    quotes: list[tuple[int, int, str]] = []
    links: list[tuple[int, int, str]] = []
    pos = 0
    for i in range(n_quotes):
        for piece, kind in ((SENTENCE * 3, None), (QUOTE, "q"), (f" at {LINK} " if i % 2 else " today. ", "l" if i % 2 else None)):
            if kind == "q":
                quotes.append((pos, pos + len(piece), piece))
            elif kind == "l":
                links.append((pos + 4, pos + 4 + len(LINK), LINK))
            parts.append(piece)
            pos += len(piece)
        if i % 10 == 9:
            parts.append("\n")
            pos += 1
    return "".join(parts), quotes, links


def insert(con: duckdb.DuckDBPyConnection, run_id: str, posts: list[tuple[str, str, list, list]]) -> None:
    articles = pa.table({"post_id": [p[0] for p in posts], "title": ["Budget"] * len(posts), "body": [p[1] for p in posts], "run_id": [run_id] * len(posts)})
    raw = pa.table({"post_id": [p[0] for p in posts], "status": ["loaded"] * len(posts), "run_id": [run_id] * len(posts)})
    q = [(p[0], j, s, e, t) for p in posts for j, (s, e, t) in enumerate(p[2])]
    quotes = pa.table(
        {
            "quote_id": [f"{pid}-q{j}" for pid, j, *_ in q], "post_id": [x[0] for x in q], "part": ["body"] * len(q),
            "start_char": [x[2] for x in q], "end_char": [x[3] for x in q], "quote": [x[4] for x in q],
            "context_start": [x[2] for x in q], "context_end": [x[3] for x in q], "run_id": [run_id] * len(q),
        }
    )
    ln = [(p[0], j, s, e, t) for p in posts for j, (s, e, t) in enumerate(p[3])]
    links = pa.table(
        {
            "link_id": [f"{pid}-l{j}" for pid, j, *_ in ln], "post_id": [x[0] for x in ln], "place": ["body"] * len(ln),
            "start_char": [x[2] for x in ln], "end_char": [x[3] for x in ln], "url": [x[4] for x in ln], "run_id": [run_id] * len(ln),
        }
    )
    for name, table in (("articles", articles), ("raw_posts", raw), ("quotes", quotes), ("links", links)):
        con.register("_new", table)
        con.execute(f"insert into {name} by name select * from _new")  # names from the tuple above
        con.unregister("_new")
    con.execute("insert into runs (run_id) values ($r)", {"r": run_id})


def measure(n_quotes: int, background: int, baseline: bool) -> tuple[int, float, float | None]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        db.ensure_schema(path)
        with db.connect(path) as con:
            small = post(4)
            insert(con, "r0", [(f"old{i:06d}", small[0], small[1], small[2]) for i in range(background)])
            body, quotes, links = post(n_quotes)
            insert(con, "r1", [("new", body, quotes, links)])
            started = time.perf_counter()
            failures = db.run_checks(con, "r1")
            checks = time.perf_counter() - started
            assert failures == {}, failures
            old = None
            if baseline:
                started = time.perf_counter()
                (bad,) = con.execute(SUBSTR_CHECK, {"run_id": "r1"}).fetchone() or (None,)
                old = time.perf_counter() - started
                assert bad == 0
    return len(body), checks, old


EMBED = "[{'kind': 'tweet', 'text': substr(body, 1, 40), 'author': null, 'handle': null, 'date': null, 'start_char': 0, 'end_char': 40}]"


def compare(n_posts: int, repeat: int) -> int:
    """Time the flat and the nested offsets checks on one run of ``n_posts`` ordinary posts."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        db.ensure_schema(path)
        with db.connect(path) as con:
            body, quotes, links = post(10)
            insert(con, "r1", [(f"p{i:06d}", body, quotes, links) for i in range(n_posts)])
            con.execute(f"update articles set embeds = {EMBED}")  # EMBED: a literal above
            counts = db.table_counts(con)
            print(f"{n_posts:,} posts, {counts['quotes']:,} quotes, {counts['links']:,} links, one embed each")
            db.execute_file(con, "check_scope.sql", run_id="r1")
            flat: list[float] = []
            nested: list[float] = []
            for _ in range(repeat):  # alternated, so a busy moment of the machine hits both
                for check, times in ((db._offset_failures, flat), (nested_offset_failures, nested)):
                    started = time.perf_counter()
                    failures = check(con)
                    times.append(time.perf_counter() - started)
                    assert failures == {}, failures
    print(f"offsets checks, best of {repeat}: flat {min(flat):.3f} s, nested {min(nested):.3f} s, nested/flat {min(nested) / min(flat):.2f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--start", type=int, default=2000, help="quotes in the smallest post (default 2000)")
    ap.add_argument("--doublings", type=int, default=4, help="sizes after the first (default 4)")
    ap.add_argument("--background", type=int, default=5000, help="small posts of earlier runs in the warehouse (default 5000)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the substr check (slow at the larger sizes)")
    ap.add_argument("--max-exponent", type=float, default=1.2)
    ap.add_argument("--posts", type=int, help="compare the flat and nested offsets checks on a run of this many posts instead")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each check with --posts, best kept (default 3)")
    args = ap.parse_args()
    if args.posts:
        return compare(args.posts, args.repeat)
    sizes, times, olds = [], [], []
    print(f"{'quotes':>8} {'body chars':>11} {'checks s':>9} {'substr s':>9} {'substr/checks':>13}")
    for k in range(args.doublings + 1):
        n = args.start << k
        chars, checks, old = measure(n, args.background, not args.no_baseline)
        sizes.append(n)
        times.append(checks)
        if old is not None:
            olds.append(old)
        ratio = f"{old / checks:13.1f}" if old is not None and checks > 0 else f"{'-':>13}"
        print(f"{n:>8,} {chars:>11,} {checks:>9.3f} {old if old is not None else float('nan'):>9.3f} {ratio}", flush=True)
    exponent = fit_exponent(sizes, times)
    line = f"exponent: checks {exponent:.2f}"
    if len(olds) == len(sizes):
        line += f", substr check {fit_exponent(sizes, olds):.2f}"
    print(line)
    return 1 if exponent > args.max_exponent else 0


if __name__ == "__main__":
    sys.exit(main())
