"""Score the quote stage (``transforms.quotes``) against an annotated quote set (JSONL).

Default data: ``../shared/eval/quotes-dev.jsonl`` relative to the repository root.  Each line is
``{"id", "text", "quotes": [{quote, start, end, speaker, ...}]}`` with the headline as the first line
of ``text``.  The method follows the data set's README:

* scored rows: every extracted quote except kinds 'scare' / 'title';
* span match: at least half of the shorter quote's word tokens (lower-cased alphanumerics) are
  shared; one-to-one, best overlap first;
* speaker right: predicted ``speaker_mention`` and gold ``speaker`` share a word token other than
  the/a/an/mr/mrs/ms/dr/of/and;
* end-to-end: span matched and speaker right.

Besides the scores it counts the errors by class (:func:`speaker_error_class` says how a wrong
speaker is classed; a missed quote is classed by its gold type, a spurious one by the kind the
stage gave it), so a change can be judged by the classes it moves, not only by the totals.

Usage::

    .venv/bin/python benchmarks/eval_quotes.py [--set dev|own] [--data PATH] [--mode pipeline|body|full]
                                               [--no-headline] [--errors N]

``--mode pipeline`` (default) writes nothing but feeds each article's text, as the bytes of a raw
post, through the real per-post transform (``transforms.post.process_post``: decode, repair,
furniture, body and headline quotes). ``--mode body`` runs the quote extractor alone on the text after the headline line (the pipeline's body) and
shifts offsets back; the headline's quotes come from ``transforms.quotes.headline`` (as the pipeline
does), or count as missed with ``--no-headline``.  ``--mode full`` runs
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

from transforms.post import Article, process_post  # noqa: E402
from transforms.clean.embeds import find_embeds  # noqa: E402
from transforms.document import Document, paragraphs  # noqa: E402
from transforms.quotes.body import body_quotes  # noqa: E402
from transforms.quotes.headline import headline_quotes  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "quotes-dev.jsonl"
OWN_DIR = ROOT / "tests" / "fixtures" / "quotes"
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


PRONOUN_WORDS = {"he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "his", "their", "who", "which"}
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def speaker_error_class(pred: str | None, gold: str | None) -> str:
    """The class of a wrong speaker mention on a matched quote:

    * ``no_speaker``: the stage found none where the gold names one; ``speaker_where_none``: the reverse;
    * ``pronoun_for_name`` / ``name_for_pronoun``: one side is a bare pronoun, the other is not;
      ``wrong_pronoun``: both are, and differ;
    * ``cut_name``: a word of one is a strict beginning of a word of the other ("Erdo" / "Erdoğan");
    * ``description``: the stage's mention opens lower-case or with an article ("the company"),
      the gold does not, or the reverse;
    * ``wrong_name``: both are capitalised names with no word in common (another person, or a
      capitalised word that is no name: "Already", "Two months");
    * ``other``.
    """
    if pred is None:
        return "no_speaker"
    if gold is None:
        return "speaker_where_none"
    p_pron, g_pron = pred.strip().lower() in PRONOUN_WORDS, gold.strip().lower() in PRONOUN_WORDS
    if p_pron != g_pron:
        return "pronoun_for_name" if p_pron else "name_for_pronoun"
    if p_pron:
        return "wrong_pronoun"
    pw, gw = _WORD.findall(pred), _WORD.findall(gold)
    if any(a != b and (b.startswith(a) or a.startswith(b)) for a in pw for b in gw if a[:1].isupper() and b[:1].isupper()):
        return "cut_name"

    def described(m: str) -> bool:
        first = m.split()[0] if m.split() else ""
        return first[:1].islower() or first.lower() in ("the", "a", "an")

    if described(pred) != described(gold):
        return "description"
    if pred[:1].isupper() and gold[:1].isupper():
        return "wrong_name"
    return "other"


def predict(text: str, mode: str, headline: bool = True, scored_only: bool = True) -> list[dict]:
    """Quotes of one article. ``body`` mode: the body after the headline line, plus (unless
    ``headline`` is False) the headline's own quotes from ``headline_quotes``. ``body`` and ``full``
    modes build the body's document as the cleaning stage does (paragraphs and embeds) and take
    the body's quotes alone (no nested rows)."""
    rows = []
    if mode == "pipeline":  # the real per-post transform: decode, repair, strip furniture, quotes
        article = process_post(text.encode("utf-8"))
        if isinstance(article, Article):
            rows = [(q, 0) for q in (article.title_quotes if headline else []) + article.quotes]
    elif mode == "body":
        nl = text.find("\n")
        offset = nl + 1 if nl >= 0 else len(text)
        body = text[offset:]
        if headline and nl > 0:
            rows += [(q, 0) for q in headline_quotes(text[:nl], body)]
    else:
        offset, body = 0, text
    if mode != "pipeline":
        paras = paragraphs(body)
        rows += [(q, offset) for q in body_quotes(Document("", body, paras, find_embeds(body, paras)))[0]]
    out = []
    for q, off in rows:
        if scored_only and q.kind in UNSCORED_KINDS:
            continue
        out.append({"quote": q.quote, "start": q.start_char + off, "end": q.end_char + off,
                    "speaker": q.speaker_mention, "kind": q.kind, "canon": q.speaker})
    return out


def load_own(folder: Path = OWN_DIR) -> list[dict]:
    """The project's own annotated set: ``<id>.txt`` raw posts + ``gold.jsonl`` (one line per post:
    ``{"id", "quotes": [{quote, start, end, kind, speaker, speaker_mention, cue}]}``, offsets into
    the whole file text, headline included).  Returned in the dev set's shape: gold ``speaker`` is
    the mention (what the token-overlap score compares), ``canon`` the canonical speaker."""
    arts: list[dict] = []
    gold_path = folder / "gold.jsonl"
    if not gold_path.exists():
        return arts
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        text = (folder / f"{g['id']}.txt").read_text(encoding="utf-8")
        quotes = [dict(q, speaker=q["speaker_mention"], canon=q["speaker"]) for q in g["quotes"]]
        arts.append({"id": g["id"], "text": text, "quotes": quotes})
    return arts


def _canon_eq(a: str | None, b: str | None) -> bool:
    norm = lambda s: re.sub(r"^(?:the|a|an)\s+", "", s.strip().lower()) if s else None  # noqa: E731
    return norm(a) == norm(b)


def score(arts: list[dict], mode: str = "body", headline: bool = True, n_errors: int = 0) -> dict:
    """Scores as in the module docstring; for sets with ``kind``/``canon`` gold (the own set)
    also kind accuracy over all matched quotes (scare/title included) and canonical-speaker
    accuracy over matched scored quotes."""
    n_pred = n_gold = n_match = n_spk = 0
    n_kind_m = n_kind_ok = n_can_m = n_can_ok = 0
    errors: list[str] = []
    classes: Counter[str] = Counter()
    for art in arts:
        text = art["text"]
        golds = [g for g in art["quotes"] if g.get("kind") not in UNSCORED_KINDS]
        preds = predict(text, mode, headline)
        pairs = match(preds, golds)
        n_pred += len(preds)
        n_gold += len(golds)
        n_match += len(pairs)
        mp = {i for i, _ in pairs}
        mg = {j for _, j in pairs}
        for i, j in pairs:
            ok = speaker_right(preds[i]["speaker"], golds[j]["speaker"])
            n_spk += ok
            if "canon" in golds[j]:
                n_can_m += 1
                cok = _canon_eq(preds[i]["canon"], golds[j]["canon"])
                n_can_ok += cok
                if not cok and n_errors:
                    errors.append(f"CAN  {art['id']}: pred={preds[i]['canon']!r} gold={golds[j]['canon']!r} :: {golds[j]['quote'][:60]!r}")
            if not ok:
                cls = speaker_error_class(preds[i]["speaker"], golds[j]["speaker"])
                classes["speaker: " + cls] += 1
                if n_errors:
                    errors.append(f"SPK  {art['id']}: [{cls}] pred={preds[i]['speaker']!r} gold={golds[j]['speaker']!r} :: {golds[j]['quote'][:70]!r}")
        if any("kind" in g for g in art["quotes"]):
            allp = predict(text, mode, headline, scored_only=False)
            for i, j in match(allp, art["quotes"]):
                n_kind_m += 1
                kok = allp[i]["kind"] == art["quotes"][j]["kind"]
                n_kind_ok += kok
                if not kok and n_errors:
                    errors.append(f"KIND {art['id']}: pred={allp[i]['kind']} gold={art['quotes'][j]['kind']} :: {art['quotes'][j]['quote'][:60]!r}")
        for i, p in enumerate(preds):
            if i not in mp:
                classes[f"spurious: {p['kind']}"] += 1
                if n_errors:
                    errors.append(f"FP   {art['id']}: [{p['kind']}] spk={p['speaker']!r} :: {p['quote'][:80]!r}")
        for j, g in enumerate(golds):
            if j not in mg:
                classes[f"missed: {g.get('type') or g.get('kind') or '?'}"] += 1
                if n_errors:
                    errors.append(f"MISS {art['id']}: spk={g['speaker']!r} :: {g['quote'][:80]!r}")
    sp, sr, sf = prf(n_match, n_pred, n_gold)
    ep, er, ef = prf(n_spk, n_pred, n_gold)
    return {
        "articles": len(arts), "gold": n_gold, "predicted": n_pred, "matched": n_match,
        "span_p": sp, "span_r": sr, "span_f1": sf,
        "speaker_acc": 100.0 * n_spk / n_match if n_match else 0.0,
        "e2e_p": ep, "e2e_r": er, "e2e_f1": ef,
        "kind_acc": 100.0 * n_kind_ok / n_kind_m if n_kind_m else None,
        "canon_acc": 100.0 * n_can_ok / n_can_m if n_can_m else None,
        "errors": errors,
        "error_classes": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=("dev", "own"), default="dev",
                    help="dev: the shared PolNeAR-derived file (--data); own: tests/fixtures/quotes")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--mode", choices=("pipeline", "body", "full"), default="pipeline",
                    help="pipeline: each article through transforms.post.process_post, as a raw post file "
                    "would go (offsets then point into the cleaned body; scoring uses word tokens)")
    ap.add_argument("--no-headline", action="store_true", help="body mode: skip the headline's quotes")
    ap.add_argument("--errors", type=int, default=0, help="print up to N misses / false positives")
    args = ap.parse_args(argv)
    if args.set == "own":
        arts = load_own()
    else:
        if not args.data.exists():
            print(f"eval data not found at {args.data}; skipping")
            return 0
        arts = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    r = score(arts, args.mode, not args.no_headline, args.errors)
    print(f"set={args.set} articles={r['articles']} gold={r['gold']} predicted(scored)={r['predicted']} "
          f"matched={r['matched']} mode={args.mode} headline={not args.no_headline}")
    print(f"span      P={r['span_p']:5.1f} R={r['span_r']:5.1f} F1={r['span_f1']:5.1f}")
    print(f"speaker   acc={r['speaker_acc']:5.1f} (on matched quotes)")
    print(f"end2end   P={r['e2e_p']:5.1f} R={r['e2e_r']:5.1f} F1={r['e2e_f1']:5.1f}")
    if r["kind_acc"] is not None:
        print(f"kind      acc={r['kind_acc']:5.1f} (all matched quotes, scare/title included)")
    if r["canon_acc"] is not None:
        print(f"canonical acc={r['canon_acc']:5.1f} (speaker name resolved, matched scored quotes)")
    print("errors by class: " + ", ".join(f"{k} {v}" for k, v in r["error_classes"].items()))
    for e in r["errors"][: args.errors]:
        print(e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
