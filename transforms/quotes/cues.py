"""Attribution cues: the verbs and phrases that tie a quote to its speaker (cues.toml).

* :data:`CUE_RE` — every cue, as one case-insensitive pattern (a prefix tree of the verbs).
* :data:`INVERTING` — cues that can open an inverted attribution (``," said Jane Roe``).
* :func:`after_naming_word` — words that only name or label what follows (a scare quote after them).
"""

from __future__ import annotations

import re

from transforms.quotes.letters import cased
from transforms.quotes.words import CUES, WORKS, EndPhrases, alt, work_phrases

CUE_PHRASES = tuple(CUES.words("cues.phrases"))  # regex fragments
CUE_WORDS = sorted(set(CUES.words("cues.verbs")), key=lambda w: (-len(w), w))


def trie_pattern(words: list[str]) -> str:
    """One regex alternation for ``words``, factored by common prefixes (``sa(?:id|ys|y(?:ing)?)``).

    Python's ``re`` tries the branches of a flat alternation one by one at every position; a
    prefix tree fails after a letter or two, which makes the cue search about 4x faster
    (measured by ``benchmarks/bench_quotes.py``).  At one position the longest word still wins,
    as in a longest-first flat alternation."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        alts = [re.escape(k) + emit(node[k]) for k in keys]
        out = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + out + ")?" if "" in node else out

    return emit(tree)



_NOT_AFTER = re.escape(CUES.get("cues.not_after"))
CUE_RE = re.compile(r"(?<![\w-])(?<!" + _NOT_AFTER + r" )(?<!" + _NOT_AFTER + r"\u00a0)(?:" + "|".join(CUE_PHRASES) + "|"
                    + trie_pattern(CUE_WORDS) + r")(?![\w-])", re.I)


# CUE_RE opens with look-behinds and a case-insensitive prefix tree: at every word start re
# enters each branch of the tree in turn. CUE_SCAN_RE finds the same matches with each branch
# opening on a case-sensitive class of its first letter (every form re.I takes for it), which
# re tests without entering the branch; the rest of each branch is CUE_RE's, phrases first, in
# CUE_RE's order. About 1.3x faster; CUE_RE stays the plain pattern (NAME_CUE_RE embeds it, and
# tests compare the two).
_CASE_EXTRAS = "\u0130\u0131\u017f\u212a"  # the non-ASCII characters re.I matches with an ASCII letter


def _first_letter_pattern() -> str:
    firsts = sorted({w[0] for w in CUE_WORDS} | {p[0].lower() for p in CUE_PHRASES})
    if not all(f.isascii() and f.isalpha() for f in firsts) or any(p[1:2] in "*+?{" for p in CUE_PHRASES):
        raise ValueError("every cue must begin with a plain letter")
    branches = []
    for f in firsts:
        rests = [p[1:] for p in CUE_PHRASES if p[0].lower() == f]
        words = [w[1:] for w in CUE_WORDS if w[0] == f]
        if words:
            rests.append(trie_pattern(words))
        letter = "".join(c for c in (f, f.upper(), *_CASE_EXTRAS) if re.fullmatch(f, c, re.I))
        branches.append("[" + letter + "](?i:" + "|".join(rests) + ")")
    return (r"(?<![\w-])(?i:(?<!" + _NOT_AFTER + r" )(?<!" + _NOT_AFTER + r"\u00a0))(?:" + "|".join(branches)
            + r")(?![\w-])")


CUE_SCAN_RE = re.compile(_first_letter_pattern())
# cues that can open an inverted attribution: ," said Jane Roe
INVERTING = frozenset(CUES.words("cues.inverting"))
# a cue taking an object after it, not a speaker: '…," told the BBC'
OBJECT_FOLLOWS: str = CUES.get("cues.object_follows")
# cues (as matched, lower-case) whose speaker may follow them: "According to the ministry, …"
SPEAKER_FOLLOWS = tuple(CUES.words("cues.speaker_follows"))
NO_SPEAKER_AFTER: str = CUES.get("cues.no_speaker_after")

# Cues of documents only, found with str.find rather than a pattern: about 14 finds over a
# few hundred characters cost a tenth of a regex scan for the same words, and this runs for
# most quotes (written in lower case: a document's verb follows its subject).
_DOCUMENT_VERBS = frozenset(CUES.words("cues.document_verbs"))
# the verbs no other verb is a prefix of ('show' stands for its other forms)
_DOCUMENT_STEMS = tuple(sorted(v for v in _DOCUMENT_VERBS if not any(u != v and v.startswith(u) for u in _DOCUMENT_VERBS)))


def _whole_word(s: str, i: int, j: int) -> bool:
    return (i == 0 or not (s[i - 1].isalnum() or s[i - 1] in "_-")) and (j >= len(s) or not (s[j].isalnum() or s[j] in "_-"))


# one search over the stems, left to right: no stem is a prefix of another, so at most one
# matches at a position (measured: a third faster than a str.find/rfind per stem)
_DOCUMENT_STEM_RE = re.compile("|".join(map(re.escape, _DOCUMENT_STEMS)))


def document_cue(s: str, end: int, start: int = 0, last: bool = False) -> tuple[int, int, str] | None:
    """(start, end, verb) of the first (or ``last``) document-only cue ('found', 'show') written
    as a whole word in ``s[start:end]`` ('show' finds the verb's other forms).  This runs on most
    text after a quote, where a regex over the verbs themselves costs several times more."""
    best: tuple[int, int, str] | None = None
    m = _DOCUMENT_STEM_RE.search(s, start, end)
    while m is not None:
        i = m.start()
        j = m.end()
        while j < end and s[j].isalpha():
            j += 1
        if s[i:j] in _DOCUMENT_VERBS and _whole_word(s, i, j):
            if not last:
                return i, j, s[i:j]
            best = (i, j, s[i:j])
        m = _DOCUMENT_STEM_RE.search(s, i + 1, end)
    return best


# '"Why not?" Roe asked.' — a question or exclamation closed by a short 'Name cue' clause
NAME_CUE_RE = re.compile(cased(r"\s*[A-Z][\w'’.\u2024-]*(?:\s+[A-Z][\w'’.\u2024-]*){0,3}\s+(?i:" + CUE_RE.pattern
                         + r")(?:\s*[.,]|\s+(?:" + alt(CUES.words("cues.after_cue")) + r")\s)"))

# Cues that only name or label (scare quote after them when nothing sits between).
_WORKS = WORKS.table("works")
_NAMING_LABELS = CUES.words("naming.labels")
_NAMING_WORKS = _WORKS["screen_and_page"] + _WORKS["press"] + _WORKS["words_as_words"]
_NAMING_END = EndPhrases(work_phrases(_NAMING_LABELS, _NAMING_WORKS))


def after_naming_word(pre: str) -> bool:
    """``pre`` ends with a word that only names or labels what follows: 'dubbed', 'so-called',
    'the slogan', 'what is now called'."""
    return _NAMING_END.at_end(pre) is not None


SO_CALLED_END_RE = re.compile(alt([CUES.get("naming.so_called")]) + r"\s*$", re.I)
