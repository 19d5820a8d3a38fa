"""Throughput of transforms.links.extract_links on synthetic ~3 KB posts.

Builds the posts in memory (seeded, so runs are comparable), then times, best of N:

* ``baseline``: ``re.finditer(r"https?://\\S+", body)`` over every body -- a floor that
  only finds scheme URLs and does nothing with them;
* ``extract_links (cold)``: the per-URL description cache is cleared before each pass, so
  every URL is normalised again (the PSL lookups per host stay cached, as they do in a
  long-running worker);
* ``extract_links (warm)``: every cache already filled, as when a feed repeats its links.

MB/s counts UTF-8 bytes of body text. The ratio to the baseline, measured in the same
process a moment apart, is the figure to compare across machines and noisy runs.

    .venv/bin/python benchmarks/bench_links.py [--posts 2000] [--size 3000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms import links  # noqa: E402

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which "
    "but have an they you were her she there been one all we their has would when if so no out up "
    "said what its about into than them can only other new some could time these two may then do "
    "first any my now such like our over even most made after also did many before must through "
    "back years where much your way down should because each just those people how too little "
    "state good very make world still own see men work long get here between both life being "
    "under never day same another know while last might great old year off come since against "
    "go came right used take three minister officials government market prices report week "
    "talks border troops analysts company shares quarter growth inflation election court "
    "spokesperson statement agency council police residents energy supply bank rates policy"
).split()
NAMES = ["Moscow", "Kyiv", "Brussels", "Reuters", "Friday", "Thursday", "Washington", "Berlin", "NATO", "OSCE"]
TRAPS = [
    "U.S.", "e.g.", "i.e.", "p.m.", "3.5%", "v2.1.4", "Nov.23", "report.pdf", "Node.js",
    "press@example-news.com", "(@some_handle)", "end.Next", "1,200.50",
]  # fmt: skip
SITES = ["example-news", "daily-example", "example-times", "example-wire", "sample-herald", "example-post"]
TLDS = ["com", "co.uk", "org", "de", "net", "com.au"]


def _code(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits, k=n))


def _link(rng: random.Random) -> str:
    site, tld = rng.choice(SITES), rng.choice(TLDS)
    slug = "-".join(rng.choices(WORDS, k=rng.randint(2, 6)))
    templates = [
        lambda: f"https://www.{site}.{tld}/{rng.choice(['world', 'markets', 'politics'])}/{slug}-{rng.randint(1, 99999)}",
        lambda: f"https://{site}.{tld}/{slug}?utm_source=feed&utm_medium=rss&id={rng.randint(1, 9999)}",
        lambda: f"bit.ly/{_code(rng, 7)}",
        lambda: f"pic.twitter.com/{_code(rng, 10)}",
        lambda: f"https://t.co/{_code(rng, 10)}",
        lambda: f"www.{site}.{tld}/{slug}",
        lambda: f"{site}.{tld}",
        lambda: f"statistics.gov.uk/releases/{slug}",
        lambda: f"https://en.wikipedia.org/wiki/{slug.title().replace('-', '_')}_({rng.choice(WORDS)})",
        lambda: f"https://cdn.{site}.{tld}/img/{_code(rng, 12)}.jpg",
    ]
    return rng.choice(templates)()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 24))
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] = rng.choice(NAMES)
    if rng.random() < 0.15:
        words[rng.randrange(len(words))] = rng.choice(TRAPS)
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    if rng.random() < 0.2:
        return f'"{text}," {rng.choice(["he", "she", "the minister", "a spokesperson"])} said.'
    return text + rng.choice([".", ".", ".", "?", "!"])


def make_body(rng: random.Random, size: int) -> str:
    """~size characters of prose with 0-4 links in it and, half the time, a feed footer."""
    parts: list[str] = [" ".join(rng.choice(NAMES) for _ in range(rng.randint(3, 8)))]
    n_links = rng.choice([0, 1, 1, 2, 2, 3, 4])
    link_at = set(rng.sample(range(1, 18), n_links))
    i = 0
    while sum(len(p) + 1 for p in parts) < size:
        i += 1
        sentence = _sentence(rng)
        if i in link_at:
            link = _link(rng)
            sentence = rng.choice([f"{sentence} {link}", f"{sentence[:-1]} ({link}).", f"{sentence[:-1]}: {link}"])
        parts.append(sentence if rng.random() > 0.15 else sentence + "\n")
    if rng.random() < 0.5:
        short = f"https://ift.tt/{_code(rng, 7)}"
        parts.append(f"\n{short}\nfrom {rng.choice(SITES).replace('-', ' ').title()} {short}\nvia IFTTT\n")
    return " ".join(parts)


def best_of(repeat: int, run: Callable[[], object], before: Callable[[], None] | None = None) -> float:
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--size", type=int, default=3000, help="approximate characters per post")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20211203)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    bodies = [make_body(rng, args.size) for _ in range(args.posts)]
    n_bytes = sum(len(b.encode("utf-8")) for b in bodies)
    mb = n_bytes / 1e6

    baseline_re = re.compile(r"https?://\S+")
    extract = links.extract_links

    def run_baseline() -> None:
        for body in bodies:
            for _ in baseline_re.finditer(body):
                pass

    def run_extract() -> None:
        for body in bodies:
            extract(body)

    found = [extract(body) for body in bodies]  # warm the PSL and host caches; sanity check
    n_links = sum(len(f) for f in found)
    kinds: dict[str, int] = {}
    for f in found:
        for link in f:
            kinds[link.kind] = kinds.get(link.kind, 0) + 1

    t_base = best_of(args.repeat, run_baseline)
    t_cold = best_of(args.repeat, run_extract, before=links._describe_url.cache_clear)
    t_warm = best_of(args.repeat, run_extract)

    print(f"python {sys.version.split()[0]}; {args.posts} posts, {mb:.2f} MB ({n_bytes / args.posts:,.0f} B/post), "
          f"{n_links} links ({n_links / args.posts:.2f}/post: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + f"); best of {args.repeat}")
    print(f"{'':24s} {'seconds':>9s} {'MB/s':>9s} {'posts/s':>10s} {'vs baseline':>12s}")
    for label, t in (("baseline re.finditer", t_base), ("extract_links (cold)", t_cold), ("extract_links (warm)", t_warm)):
        print(f"{label:24s} {t:9.4f} {mb / t:9.1f} {args.posts / t:10,.0f} {t_base / t:11.3f}x")
    print(f"extract_links costs {t_cold / t_base:.0f}x the baseline pass (cold URL cache), "
          f"{t_warm / t_base:.0f}x warm")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
