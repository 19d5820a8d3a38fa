"""Score ``transforms.quotes.extract_quotes`` against an annotated quote set (JSONL).

Default data: ``../shared/eval/quotes-dev.jsonl`` relative to the repository root.  Each line is
``{"id", "text", "quotes": [{quote, start, end, speaker, ...}]}`` with the headline as the first line
of ``text``.  The method follows the data set's README:

* scored rows: every extracted quote except kinds 'scare' / 'title';
* span match: at least half of the shorter quote's word tokens (lower-cased alphanumerics) are
  shared; one-to-one, best overlap first;
* speaker right: predicted ``speaker_mention`` and gold ``speaker`` share a word token other than
  the/a/an/mr/mrs/ms/dr/of/and;
* end-to-end: span matched and speaker right.

Usage::

    .venv/bin/python benchmarks/eval_quotes.py [--data PATH] [--mode body|full] [--errors N]

``--mode body`` (default) runs on the text after the headline line (the pipeline's body) and
shifts offsets back; gold quotes inside the headline then count as missed.  ``--mode full`` runs
on the whole text.  Exits 0 with a message when the data file is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.quotes import extract_quotes  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "quotes-dev.jsonl"
UNSCORED_KINDS = {"scare", "title"}
SPEAKER_STOP = {"the", "a", "an", "mr", "mrs", "ms", "dr", "of", "and"}
_TOK = re.compile(r"[a-z0-9]+")


def tokens(s: str | None) -> list[str]:
    return _TOK.findall(s.lower()) if s else []


def span_overlap(a: str, b: str) -> tuple[float, int]:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    shorter = min(sum(ta.values()), sum(tb.values()))
    if shorter == 0:
        return 0.0, 0
    shared = sum((ta & tb).values())
    return shared / shorter, shared


def speaker_right(pred: str | None, gold: str | None) -> bool:
    p = set(tokens(pred)) - SPEAKER_STOP
    g = set(tokens(gold)) - SPEAKER_STOP
    return bool(p & g)


def match(preds: list[dict], golds: list[dict]) -> list[tuple[int, int]]:
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            ratio, shared = span_overlap(p["quote"], g["quote"])
            if ratio >= 0.5:
                # best overlap first; prefer positional overlap on ties
                pos = min(p["end"], g["end"]) - max(p["start"], g["start"])
                pairs.append((ratio, shared, pos, i, j))
    pairs.sort(reverse=True)
    used_p, used_g, out = set(), set(), []
    for _, _, _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = 100.0 * tp / npred if npred else 0.0
    r = 100.0 * tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def predict(text: str, mode: str) -> list[dict]:
    if mode == "body":
        nl = text.find("\n")
        offset = nl + 1 if nl >= 0 else len(text)
        body = text[offset:]
    else:
        offset, body = 0, text
    out = []
    for q in extract_quotes(body):
        if q.kind in UNSCORED_KINDS:
            continue
        out.append({"quote": q.quote, "start": q.start_char + offset, "end": q.end_char + offset,
                    "speaker": q.speaker_mention, "kind": q.kind, "canon": q.speaker})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--mode", choices=("body", "full"), default="body")
    ap.add_argument("--errors", type=int, default=0, help="print up to N misses / false positives")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"eval data not found at {args.data}; skipping")
        return 0
    n_pred = n_gold = n_match = n_spk = 0
    errors: list[str] = []
    n_articles = 0
    for line in args.data.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        art = json.loads(line)
        n_articles += 1
        text, golds = art["text"], art["quotes"]
        preds = predict(text, args.mode)
        pairs = match(preds, golds)
        n_pred += len(preds)
        n_gold += len(golds)
        n_match += len(pairs)
        mp = {i for i, _ in pairs}
        mg = {j for _, j in pairs}
        for i, j in pairs:
            ok = speaker_right(preds[i]["speaker"], golds[j]["speaker"])
            n_spk += ok
            if not ok and args.errors:
                errors.append(f"SPK  {art['id']}: pred={preds[i]['speaker']!r} gold={golds[j]['speaker']!r} :: {golds[j]['quote'][:70]!r}")
        if args.errors:
            for i, p in enumerate(preds):
                if i not in mp:
                    errors.append(f"FP   {art['id']}: [{p['kind']}] spk={p['speaker']!r} :: {p['quote'][:80]!r}")
            for j, g in enumerate(golds):
                if j not in mg:
                    errors.append(f"MISS {art['id']}: spk={g['speaker']!r} :: {g['quote'][:80]!r}")
    sp, sr, sf = prf(n_match, n_pred, n_gold)
    ep, er, ef = prf(n_spk, n_pred, n_gold)
    acc = 100.0 * n_spk / n_match if n_match else 0.0
    print(f"articles={n_articles} gold={n_gold} predicted(scored)={n_pred} matched={n_match} mode={args.mode}")
    print(f"span      P={sp:5.1f} R={sr:5.1f} F1={sf:5.1f}")
    print(f"speaker   acc={acc:5.1f} (on matched quotes)")
    print(f"end2end   P={ep:5.1f} R={er:5.1f} F1={ef:5.1f}")
    for e in errors[: args.errors]:
        print(e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
