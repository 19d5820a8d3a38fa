"""Time per doubling of the per-post transform on hostile post shapes.

Each shape is a post built in memory from a unit repeated n times (20,000 short quoted words,
unclosed ``<a href="x" `` tags, thousands of URLs, one 100k-character line, …). For each shape the
script times ``transforms.post.process_post`` at n, 2n, 4n, … and prints the time, the time per
character, and the ratio to the previous size: a linear stage gives ~2.0 per doubling, a
quadratic one ~4.0. The last column is the exponent fitted over all sizes (log time against log
length, least squares); the script exits 1 when a shape's exponent is above ``--max-exponent``.

Usage::

    .venv/bin/python benchmarks/bench_hostile.py [--start 1000] [--doublings 5] [--shape NAME ...]
                                                 [--max-exponent 1.2]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.post import process_post  # noqa: E402

# name -> (unit(i) repeated n times, joiner). Kept in sync with tests/test_hostile.py's shapes.
SHAPES: dict[str, tuple[Callable[[int], str], str]] = {
    "curly_quoted_words": (lambda i: f"“q{i}”", " "),
    "straight_quoted_words": (lambda i: f'"q{i}"', " "),
    "single_quoted_words": (lambda i: f"'q{i}'", " "),
    "unclosed_a_tags": (lambda i: '<a href="x" ', ""),
    "unclosed_quotes": (lambda i: f"“open {i} ", ""),
    "said_sentences": (lambda i: f"“Word {i},” Jane Roe said.", " "),
    "quote_paragraphs": (lambda i: f"“Paragraph {i} goes on", "\n"),
    "urls": (lambda i: f"https://example{i}.com/p/{i}?q={i}", " "),
    "bare_domains": (lambda i: f"site{i}.example.org/x", " "),
    "parentheses": (lambda i: "(", ""),
    "long_word": (lambda i: "a", ""),
    "signature_lines": (lambda i: f"Tweet {i} text\n— Jane Roe (@jroe{i}) January 1, 2020", "\n"),
    "apostrophes": (lambda i: "’", ""),
    "guillemets": (lambda i: "«", ""),
    "names": (lambda i: f"Jane{i} Roe{i} said", " "),
    "doubles_and_singles": (lambda i: f"\"d{i}\" 's{i}'", " "),
    "lone_single_openers": (lambda i: f"'o{i}", " "),
    "nested_singles": (lambda i: f"‘n{i}’ and 'm{i}'" if i else "“start", " "),
    "role_mentions": (lambda i: f"“Q{i},” the judge said. Judge Ann Lee{i} spoke.", " "),
}


def post_bytes(shape: str, n: int) -> bytes:
    unit, joiner = SHAPES[shape]
    body = joiner.join(unit(i) for i in range(n))
    return ("A hostile post\n" + body + "\n").encode()


def time_once(data: bytes) -> float:
    t0 = time.perf_counter()
    process_post(data)
    return time.perf_counter() - t0


def fit_exponent(sizes: list[int], times: list[float]) -> float:
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--start", type=int, default=1000, help="units in the smallest post (default 1000)")
    ap.add_argument("--doublings", type=int, default=5, help="sizes after the first (default 5)")
    ap.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes (repeatable)")
    ap.add_argument("--max-exponent", type=float, default=1.2)
    args = ap.parse_args()
    worst = 0.0
    print(f"{'shape':24} {'units':>8} {'chars':>9} {'seconds':>8} {'us/char':>8} {'x prev':>7}")
    for shape in args.shape or list(SHAPES):
        sizes: list[int] = []
        times: list[float] = []
        chars: list[int] = []
        for k in range(args.doublings + 1):
            n = args.start << k
            data = post_bytes(shape, n)
            t = min(time_once(data) for _ in range(2 if len(data) < 2_000_000 else 1))
            ratio = f"{t / times[-1]:7.2f}" if times else "       "
            sizes.append(n)
            times.append(t)
            chars.append(len(data))
            print(f"{shape:24} {n:8d} {len(data):9d} {t:8.3f} {t / len(data) * 1e6:8.2f} {ratio}", flush=True)
        exp = fit_exponent(chars, times)
        worst = max(worst, exp)
        print(f"{shape:24} exponent {exp:.2f}\n", flush=True)
    print(f"worst exponent {worst:.2f} (limit {args.max_exponent})")
    return 1 if worst > args.max_exponent else 0


if __name__ == "__main__":
    raise SystemExit(main())
