"""Throughput of transforms.links.extract_links on synthetic seed-shaped ~3 KB posts.

Builds the posts in memory (seeded, so runs are comparable): prose with traps (``U.S.``,
``Node.js``, ``3.5%``, ``end.Next``), 0-4 links of every shape, an embedded tweet (text line
with ``pic.twitter.com/...`` and ``@handles``, then ``— Name (@handle) Month D, YYYY``) in a
third of them, and the feed footer (``https://ift.tt/...`` / ``from Feed https://ift.tt/...``)
in half. Then times, best of N, in this one process (so one core):

* ``regex floor``: ``re.finditer(r"https?://\\S+", body)`` -- finds only scheme URLs and
  does nothing with them; the "vs regex" column is relative to it;
* ``regex url+www+email``: one plain regex for scheme URLs, ``www.`` hosts and emails
  (no bare hosts, nothing validated or described): what a quick regex extractor costs;
* ``linkify-it-py``: ``LinkifyIt(fuzzy_ip=True).match(body)`` (skipped if not installed:
  ``uv add --dev linkify-it-py``);
* ``extract_links (cold)``: the per-URL description cache cleared before each pass, so every
  URL is normalised again (PSL lookups per host stay cached, as in a long-running worker);
* ``extract_links (warm)``: every cache already filled, as when a feed repeats its links.

Each body's embedded posts are found once beforehand and passed in, as the pipeline passes
``Document.embeds`` (the cleaning stage's detector is not the link stage's cost).

MB counts UTF-8 bytes of body text. ``MB/s/core`` divides by the process's CPU time (so other
load on the machine does not count); ``MB/s wall`` by elapsed time. Ratios to the baseline
and to linkify-it-py, measured in the same process a moment apart, are the figures to compare
across machines. ``--fixtures DIR`` also scores extract_links and linkify-it-py on
linkify-it's fixture files (``links.txt``, ``not_links.txt`` from the linkify-it repo).

    .venv/bin/python benchmarks/bench_links.py [--posts 2000] [--size 3000] [--repeat 5] [--fixtures DIR]
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
from transforms.clean.embeds import find_embeds  # noqa: E402
from transforms.document import paragraphs  # noqa: E402
from transforms.links import classify  # noqa: E402

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


HANDLES = ["nwadhams", "jane_example", "DeskEditor", "wire_desk", "example_news", "A_Reporter"]
MONTHS = ["January", "February", "March", "Nov.", "December", "Sept."]


def _embed(rng: random.Random) -> str:
    """An embedded tweet as the cleaner leaves it: text line, then the signature line."""
    text = _sentence(rng)[:-1]
    if rng.random() < 0.5:
        text += f" @{rng.choice(HANDLES)}"
    text += f" pic.twitter.com/{_code(rng, 10)}"
    name = " ".join(rng.choice(NAMES) for _ in range(2))
    return f"\n{text}\n\u2014 {name} (@{rng.choice(HANDLES)}) {rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2024)}\n"


def make_body(rng: random.Random, size: int) -> str:
    """~size characters of prose with 0-4 links in it, a third of the time an embedded
    tweet, and half the time a feed footer."""
    parts: list[str] = [" ".join(rng.choice(NAMES) for _ in range(rng.randint(3, 8)))]
    n_links = rng.choice([0, 1, 1, 2, 2, 3, 4])
    link_at = set(rng.sample(range(1, 18), n_links))
    i = 0
    embed_at = rng.randrange(3, 12) if rng.random() < 1 / 3 else -1
    while sum(len(p) + 1 for p in parts) < size:
        i += 1
        if i == embed_at:
            parts.append(_embed(rng))
        sentence = _sentence(rng)
        if i in link_at:
            link = _link(rng)
            sentence = rng.choice([f"{sentence} {link}", f"{sentence[:-1]} ({link}).", f"{sentence[:-1]}: {link}"])
        parts.append(sentence if rng.random() > 0.15 else sentence + "\n")
    if rng.random() < 0.5:
        short = f"https://ift.tt/{_code(rng, 7)}"
        parts.append(f"\n{short}\nfrom {rng.choice(SITES).replace('-', ' ').title()} {short}\nvia IFTTT\n")
    return " ".join(parts)


def best_of(repeat: int, run: Callable[[], object], before: Callable[[], None] | None = None) -> tuple[float, float]:
    """(best wall seconds, best CPU seconds of this process) over repeat runs."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_wall, best_cpu


def fixture_cases(folder: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """linkify-it's fixture format: a line, then the expected link (or a blank line when the
    line itself is the link); '%' lines are comments."""
    lines = (folder / "links.txt").read_text(encoding="utf-8").split("\n")
    positive: list[tuple[str, str]] = []
    skip = False
    for i, raw in enumerate(lines):
        if skip:
            skip = False
            continue
        line = re.sub(r"^%.*", "", raw)
        following = re.sub(r"^%.*", "", lines[i + 1]) if i + 1 < len(lines) else ""
        if not line.strip():
            continue
        positive.append((line, following if following.strip() else line))
        skip = bool(following.strip())
    negative = [
        line
        for line in (re.sub(r"^%.*", "", raw) for raw in (folder / "not_links.txt").read_text(encoding="utf-8").split("\n"))
        if line.strip()
    ]
    return positive, negative


def score_fixtures(folder: Path, first: Callable[[str], str | None]) -> tuple[int, int]:
    positive, negative = fixture_cases(folder)
    ok = sum(first(line) == expected for line, expected in positive) + sum(first(line) is None for line in negative)
    return ok, len(positive) + len(negative)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--size", type=int, default=3000, help="approximate characters per post")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20211203)
    parser.add_argument("--fixtures", type=Path, help="folder with linkify-it's links.txt and not_links.txt")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    bodies = [make_body(rng, args.size) for _ in range(args.posts)]
    embeds = [find_embeds(body, paragraphs(body)) for body in bodies]
    n_bytes = sum(len(b.encode("utf-8")) for b in bodies)
    mb = n_bytes / 1e6

    floor_re = re.compile(r"https?://\S+")
    plain_re = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
    extract = links.extract_links
    try:
        from linkify_it import LinkifyIt

        linkify = LinkifyIt(options={"fuzzy_ip": True})
    except ImportError:
        linkify = None

    def run_floor() -> None:
        for body in bodies:
            for _ in floor_re.finditer(body):
                pass

    def run_plain() -> None:
        for body in bodies:
            for _ in plain_re.finditer(body):
                pass

    def run_extract() -> None:
        for body, found_embeds in zip(bodies, embeds):
            extract(body, found_embeds)

    def run_linkify() -> None:
        for body in bodies:
            linkify.match(body)

    found = [extract(body, e) for body, e in zip(bodies, embeds)]  # warm the PSL and host caches; sanity check
    n_links = sum(len(f) for f in found)
    kinds: dict[str, int] = {}
    for f in found:
        for link in f:
            kinds[link.kind] = kinds.get(link.kind, 0) + 1
    counts = {
        "regex floor": sum(1 for body in bodies for _ in floor_re.finditer(body)),
        "regex url+www+email": sum(1 for body in bodies for _ in plain_re.finditer(body)),
        "extract_links (cold)": n_links,
        "extract_links (warm)": n_links,
    }

    rows = [("regex floor", best_of(args.repeat, run_floor)), ("regex url+www+email", best_of(args.repeat, run_plain))]
    if linkify is not None:
        counts["linkify-it-py"] = sum(len(linkify.match(body) or []) for body in bodies)
        rows.append(("linkify-it-py", best_of(max(1, args.repeat // 2), run_linkify)))
    rows.append(("extract_links (cold)", best_of(args.repeat, run_extract, before=classify._describe_url.cache_clear)))
    rows.append(("extract_links (warm)", best_of(args.repeat, run_extract)))
    times = dict(rows)

    print(f"python {sys.version.split()[0]}; {args.posts} posts, {mb:.2f} MB ({n_bytes / args.posts:,.0f} B/post), "
          f"{n_links} links ({n_links / args.posts:.2f}/post: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + f"); best of {args.repeat}")
    print(f"{'':22s} {'links':>6s} {'cpu s':>8s} {'MB/s/core':>10s} {'MB/s wall':>10s} {'links/s':>10s} {'posts/s':>9s}"
          f" {'vs regex':>9s} {'vs linkify':>10s}")
    base_cpu = times["regex floor"][1]
    linkify_cpu = times["linkify-it-py"][1] if "linkify-it-py" in times else None
    for label, (wall, cpu) in rows:
        vs_linkify = f"{linkify_cpu / cpu:9.1f}x" if linkify_cpu else f"{'-':>10s}"
        print(f"{label:22s} {counts[label]:6d} {cpu:8.4f} {mb / cpu:10.1f} {mb / wall:10.1f} {counts[label] / cpu:10,.0f}"
              f" {args.posts / cpu:9,.0f} {base_cpu / cpu:8.3f}x {vs_linkify}")

    if args.fixtures is not None:
        def ours(text: str) -> str | None:
            got = extract(text, find_embeds(text, paragraphs(text)))
            return got[0].url if got else None

        ok, total = score_fixtures(args.fixtures, ours)
        print(f"linkify-it fixtures: extract_links {ok}/{total} ({100 * ok / total:.1f}%)", end="")
        if linkify is not None:
            def theirs(text: str) -> str | None:
                got = linkify.match(text)
                return got[0].raw if got else None

            ok, total = score_fixtures(args.fixtures, theirs)
            print(f", linkify-it-py {ok}/{total} ({100 * ok / total:.1f}%)", end="")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
