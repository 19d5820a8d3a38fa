"""Throughput of the quote stage (``transforms.quotes``) on synthetic ~3 KB article bodies.

Builds ~2,000 bodies in memory from invented sentence templates (direct, split, partial, block,
social and scare quotes mixed with plain prose; about 10 quotes per 3 KB, a little denser than the
annotated dev set), times the body quotes (``transforms.quotes.body``) over all of them (best of
3) and prints MB/s and posts/s.  A same-process baseline — a bare ``re.finditer`` over quotation
marks on the same bodies — is timed the same way and the ratio printed, so figures taken on a
noisy or shared machine stay comparable.

It then times the whole quote stage as the pipeline runs it (``transforms.quotes.article_quotes``:
body quotes, nested rows and headline quotes) on seed-shaped posts, the shape the speed budget
(2 MB/s per core, counted on body bytes) is stated for: the example post, the annotated dev set's
real articles (both read from ``../shared`` when present) and posts from ``generate_posts.py``,
cleaned by the pipeline first (cleaning is not timed).

Each seed-shaped figure is also given as a ratio against the quote stage of another revision,
timed in the same process, interleaved chunk by chunk with the work tree's (the steady figure on
a noisy machine): ``--against REV`` (a git revision, or the folder of a checkout or worktree),
by default the previous commit: ``HEAD`` when transforms/ has uncommitted changes, else
``HEAD~1``. ``--against none`` skips it.

Usage::

    .venv/bin/python benchmarks/bench_quotes.py [--posts 2000] [--size 3000] [--repeat 3] [--against REV]
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms import native  # noqa: E402
from transforms.clean.embeds import find_embeds  # noqa: E402
from transforms.document import Document, paragraphs  # noqa: E402
from transforms.quotes import article_quotes  # noqa: E402
from transforms.quotes.body import body_quotes  # noqa: E402

FIRST = ["Marta", "Jonas", "Priya", "Tomas", "Elena", "Kofi", "Ingrid", "Rafael", "Yuki", "Amara"]
LAST = ["Kowalczyk", "Brandt", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Novak", "Silva"]
ROLES = ["the port authority's chief engineer", "a city councillor", "the regional health minister",
         "a spokesman for the ferry union", "the festival's director"]
ORGS = ["the Harbour Board", "the Weather Office", "Northfield Council", "the Rail Ministry"]
PROSE = [
    "The council met on Tuesday to discuss the budget for the coming winter season.",
    "Ferry services were suspended for three days after the storm damaged the northern pier.",
    "Local businesses reported a sharp drop in visitors during the second half of the month.",
    "Engineers are still assessing the cost of repairs to the old lighthouse and its access road.",
    "The report, published last week, lists forty recommendations for the port's operators.",
    "Residents had been asked to keep their cars off the coastal road until further notice.",
]
WORDS = ("we will rebuild the pier before the spring tides and nobody should doubt that the town "
         "has the people and the money to do it properly this time around").split()


def _sentence(rng: random.Random, n: int) -> str:
    w = rng.sample(WORDS, min(n, len(WORDS)))
    return w[0].capitalize() + " " + " ".join(w[1:])


def make_body(rng: random.Random, size: int) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    sur = name.split()[1]
    role = rng.choice(ROLES)
    paras: list[str] = []
    while sum(len(p) + 1 for p in paras) < size:
        k = rng.randrange(16)  # about 10 quotes per 3 KB, like wire copy
        if k == 0:
            paras.append(f"“{_sentence(rng, 12)},” {role}, {name}, told reporters on Friday. “{_sentence(rng, 9)}.”")
        elif k == 1:
            org = rng.choice(ORGS)
            paras.append(f"{org[0].upper() + org[1:]} called the plan \"{_sentence(rng, 4).lower()}\", and asked for a review.")
        elif k == 2:
            paras.append(f"{sur} said: \"{_sentence(rng, 14)}.\"")
            paras.append(f"\"{_sentence(rng, 10)}.\"")
        elif k == 3:
            paras.append(f"{_sentence(rng, 11)} pic.twitter.com/AbCdEf123")
            paras.append(f"— {name} (@{sur.lower()}) March 3, 2022")
        elif k == 4:
            paras.append(f"The so-called ‘{rng.choice(['harbour deal', 'storm tax', 'blue line'])}’ was dropped, and the film «Tides» was praised.")
        elif k == 5:
            paras.append(f"“{_sentence(rng, 8)}?” she asked. “{_sentence(rng, 6)}.”")
        else:
            paras.append(" ".join(rng.sample(PROSE, 3)))
    return "\n".join(paras)


_MARKS = re.compile("[\"“”«»‘’]")


def baseline(bodies: list[str]) -> int:
    n = 0
    for b in bodies:
        for _ in _MARKS.finditer(b):
            n += 1
    return n


def run(bodies: list[str]) -> int:
    n = 0
    for b in bodies:  # the body's document built here, as the old body-only entry point did
        paras = paragraphs(b)
        n += len(body_quotes(Document("", b, paras, find_embeds(b, paras)))[0])
    return n


def run_stage(docs: list[Document]) -> int:
    """The quote stage as transforms.post runs it: on the document the cleaning stage built."""
    n = 0
    for doc in docs:
        quotes, title_quotes = article_quotes(doc)
        n += len(quotes) + len(title_quotes)
    return n


def best_of(fn, bodies: list[str], repeat: int) -> tuple[float, float, int]:
    """Best wall time, best CPU time of this process (per-core speed on a shared machine), result."""
    best, best_cpu, out = float("inf"), float("inf"), 0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn(bodies)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best, best_cpu, out


def chunked_cpu(fn, base, items: list, repeat: int, chunk: int = 20) -> tuple[float, float, int]:
    """CPU time of ``fn`` and of the baseline ``base`` over ``items``: for each chunk of ``chunk``
    items, both are run ``repeat`` times in turn and each keeps its best time; the chunks' best
    times are summed.  On a shared machine a neighbour's burst then spoils one short run of one
    chunk, not the whole figure, and it spoils the baseline as often as the code measured."""
    total, total_base, out = 0.0, 0.0, 0
    for i in range(0, len(items), chunk):
        part = items[i : i + chunk]
        best, best_base = float("inf"), float("inf")
        for _ in range(repeat):
            c0 = time.process_time()
            base(part)
            c1 = time.process_time()
            n = fn(part)
            c2 = time.process_time()
            best_base, best = min(best_base, c1 - c0), min(best, c2 - c1)
        total, total_base, out = total + best, total_base + best_base, out + n
    return total, total_base, out


def baseline_stage(docs: list[Document]) -> int:
    return baseline([d.body for d in docs])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--size", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--against", metavar="REV",
                    help="also time the quote stage of git revision REV (or of the checkout in folder REV) in this "
                         "process, interleaved with the work tree's, and print the time ratio; default: the previous "
                         "commit (HEAD when transforms/ has uncommitted changes, else HEAD~1); 'none' skips it")
    args = ap.parse_args(argv)
    against = args.against or previous_commit()
    old_stage = None if against == "none" else stage_at_revision(against)
    rng = random.Random(args.seed)
    bodies = [make_body(rng, args.size) for _ in range(args.posts)]
    mb = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    t_x, c_x, nq = best_of(run, bodies, args.repeat)
    t_b, _, nm = best_of(baseline, bodies, args.repeat)
    print(f"work tree's transforms: {native.status()}")
    print(f"template bodies: posts={len(bodies)} total={mb:.2f} MB avg={mb * 1e6 / len(bodies):.0f} B quotes={nq} marks={nm}")
    print(f"body quotes: {t_x:.3f}s  {mb / t_x:6.2f} MB/s  {len(bodies) / t_x:8.0f} posts/s (wall)")
    print(f"body quotes: {c_x:.3f}s  {mb / c_x:6.2f} MB/s  {len(bodies) / c_x:8.0f} posts/s (CPU time: per core)")
    print(f"baseline re.finditer over marks: {t_b:.3f}s  {mb / t_b:6.1f} MB/s")
    print(f"ratio body quotes/baseline time: {t_x / t_b:.1f}x")
    # Seed-shaped posts, as the budget is stated: the example post's body (when ../shared is
    # there) and the bodies of posts from the benchmark generator, cleaned by the pipeline.
    for name, articles in seed_shaped(args.posts):
        rmb = sum(len(d.body.encode("utf-8")) for d in articles) / 1e6
        c_r, c_b, nr = chunked_cpu(run_stage, baseline_stage, articles, args.repeat * 3)
        print(f"{name}: {len(articles)} posts, {rmb:.2f} MB of body, {nr} quote rows: quote stage {rmb / c_r:6.2f} MB/s "
              f"{len(articles) / c_r:6.0f} posts/s (CPU time: per core); {c_r / c_b:.0f}x the baseline")
        if old_stage is not None:
            c_new, c_old, _ = chunked_cpu(run_stage, old_stage, articles, args.repeat * 3)
            print(f"  {against}: {rmb / c_old:6.2f} MB/s; work tree {rmb / c_new:6.2f} MB/s: quote stage time "
                  f"work tree / {against} = {c_new / c_old:.3f} ({c_old / c_new:.2f}x as fast; interleaved, same process)")
    return 0


def previous_commit() -> str:
    """``HEAD`` when transforms/ differs from it (the work tree is the next commit), else ``HEAD~1``."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "transforms"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return "HEAD" if dirty else "HEAD~1"


def stage_at_revision(rev: str):
    """The quote stage as it was at git revision ``rev`` (or as it is in the checkout in folder
    ``rev``): its ``transforms`` package is copied to a temporary directory and imported under its
    own module objects, so both versions run in this process. Each revision's stage gets its
    input the way that revision's pipeline gave it: the cleaning stage's document (the same
    object the work tree's stage reads), or the title and body for revisions before it."""
    import inspect
    import shutil
    import subprocess
    import tempfile

    root = Path(__file__).resolve().parents[1]
    tmp = tempfile.mkdtemp(prefix="bench-quotes-")
    if Path(rev).is_dir():
        shutil.copytree(Path(rev) / "transforms", Path(tmp) / "transforms")
    else:
        archive = subprocess.run(["git", "-C", str(root), "archive", rev, "transforms"], capture_output=True, check=False)
        if archive.returncode != 0:
            raise SystemExit(f"error: cannot read transforms/ at {rev}: {archive.stderr.decode().strip()}")
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
    current = {k: v for k, v in sys.modules.items() if k == "transforms" or k.startswith("transforms.")}
    for k in current:
        del sys.modules[k]
    sys.path.insert(0, tmp)
    # The other revision is its pure-Python sources: the work tree's compiled build (whose finder
    # answers for the same module names) stands aside while they are imported.
    finders = [f for f in sys.meta_path if isinstance(f, native.Finder)]
    mode = os.environ.get(native.ENV)
    for f in finders:
        sys.meta_path.remove(f)
    os.environ[native.ENV] = "off"
    try:
        old_quotes: Any = importlib.import_module("transforms.quotes")
        old_nested = None if hasattr(old_quotes, "article_quotes") else importlib.import_module("transforms.nested")
    finally:
        sys.meta_path[:0] = finders
        if mode is None:
            del os.environ[native.ENV]
        else:
            os.environ[native.ENV] = mode
        sys.path.remove(tmp)
        for k in [k for k in sys.modules if k == "transforms" or k.startswith("transforms.")]:
            del sys.modules[k]
        sys.modules.update(current)
    takes_document = hasattr(old_quotes, "article_quotes") and list(inspect.signature(old_quotes.article_quotes).parameters) == ["doc"]

    def old_stage(docs: list[Document]) -> int:
        n = 0
        for doc in docs:
            title, body = doc.title, doc.body
            if takes_document:
                quotes, title_quotes = old_quotes.article_quotes(doc)
            elif hasattr(old_quotes, "article_quotes"):
                quotes, title_quotes = old_quotes.article_quotes(title, body)
            else:
                assert old_nested is not None
                quotes = old_quotes.extract_quotes(body)
                quotes = quotes + old_nested.nested_quotes(body, quotes)
                title_quotes = old_quotes.extract_headline_quotes(title, body)
            n += len(quotes) + len(title_quotes)
        return n

    return old_stage


def seed_shaped(n: int) -> list[tuple[str, list[Document]]]:
    """(name, [document, ...]) of seed-shaped posts, cleaned by the pipeline's cleaning stage."""
    import importlib.util

    from transforms.clean import CleanPost, clean_post

    out = []
    seed = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_b011d7168288c4b4.txt"
    if seed.exists():
        article = clean_post(seed.read_bytes())
        if isinstance(article, CleanPost):
            out.append(("example post x200", [article.document()] * 200))
    # the annotated dev set's real news articles (read at run time; skipped when absent)
    dev = Path(__file__).resolve().parents[2] / "shared" / "eval" / "quotes-dev.jsonl"
    if dev.exists():
        import json

        with dev.open(encoding="utf-8") as fh:
            cleaned_dev = [clean_post(json.loads(line)["text"].encode("utf-8")) for line in fh if line.strip()]
        out.append(("real articles (eval dev set)", [a.document() for a in cleaned_dev if isinstance(a, CleanPost)]))
    spec = importlib.util.spec_from_file_location("generate_posts", Path(__file__).with_name("generate_posts.py"))
    if spec is None or spec.loader is None:
        raise SystemExit("error: cannot load benchmarks/generate_posts.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    rng = random.Random(0)
    pools = gen.Pools(rng)
    cleaned = (clean_post(gen.make_post(rng, pools).encode("utf-8")) for _ in range(n))
    out.append(("generated posts", [a.document() for a in cleaned if isinstance(a, CleanPost)]))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
