"""Sentences of a body whose quoted text is masked out, for the attribution rules.

The rules look for cues and subjects in the text around a quote, never inside it: :func:`mask`
replaces quoted text by ``x`` (a final ``. ! ?`` kept) and hides the dots of abbreviations and
initials (``Mr.``, ``J.``) from the sentence splitter. :class:`Sentences` then finds sentence ends
once per paragraph and answers lookups by bisection.
"""

from __future__ import annotations

import bisect
import re

from transforms.quotes.letters import cased
from transforms.quotes.spans import QuoteSpan
from transforms.quotes.words import SENTENCES

# "[.!?]" written once before "[.!?]*" (not "[.!?]+"): a pattern that opens with a character
# class lets re skip every other character in a tight loop, ~2x faster over a paragraph.
_SENT_END_RE = re.compile(cased(r"[.!?][.!?]*[\"”’)\]]*\s+(?=[\"“‘«(\[A-Z0-9])"))
# dots that end abbreviations and initials are hidden from sentence splitting in the masked text.
# The pattern starts at the dot and checks the word before it with one fixed-width look-behind
# per word length: re then scans for '.' alone, ~12x faster than trying every word at every
# position (same matches; see benchmarks/bench_quotes.py for the stage's speed).
_ABBREVIATIONS = SENTENCES.words("sentences.abbreviations")
_ABBREV_DOT_RE = re.compile(cased(
    r"\.(?=[\s,)A-Za-z-])(?:(?<=(?<![A-Za-z0-9])[A-Z]\.)"
    + "".join(
        "|(?<=(?<![A-Za-z0-9])(?:" + "|".join(sorted(w for w in _ABBREVIATIONS if len(w) == n)) + r")\.)"
        for n in sorted({len(w) for w in _ABBREVIATIONS})
    )
    + ")"
))
ABBREV_DOT = "\u2024"



def mask(body: str, spans: list[QuoteSpan]) -> str:
    """``body`` with quoted text replaced by 'x' (a final . ! ? kept for sentence splitting)."""
    parts = []
    pos = 0
    for sp in spans:
        parts.append(body[pos : sp.start])
        n = sp.end - sp.start
        last = body[sp.end - 1]
        parts.append("x" * (n - 1) + (last if last in ".!?" else "x"))
        pos = sp.end
    parts.append(body[pos:])
    masked = "".join(parts)
    return _ABBREV_DOT_RE.sub(ABBREV_DOT, masked)


# How far back (and forward) from a quote the attribution rules look inside its sentence. Real
# sentences are far shorter; the cap keeps a run-on paragraph of thousands of quotes linear.
WINDOW = 1000


class Sentences:
    """Sentence ends of the masked body, found once per paragraph and then looked up by bisection.

    Each quote used to rescan its paragraph from the start to find its sentence, which made a
    paragraph of n quotes cost n × its length. The lookups return what ``_SENT_END_RE``'s
    ``finditer``/``search`` over the same range would: a match is decided by its own characters
    and the one after it, so one scan of the paragraph holds every answer."""

    __slots__ = ("masked", "_paras")

    def __init__(self, masked: str) -> None:
        self.masked = masked
        self._paras: dict[int, tuple[list[int], list[int]]] = {}

    def _index(self, ps: int, pe: int) -> tuple[list[int], list[int]]:
        got = self._paras.get(ps)
        if got is None:
            starts: list[int] = []
            ends: list[int] = []
            for m in _SENT_END_RE.finditer(self.masked, ps, pe + 1):
                starts.append(m.start())
                ends.append(m.end())
            got = self._paras[ps] = (starts, ends)
        return got

    def start(self, ps: int, pe: int, hi: int) -> int:
        """Start of the sentence that holds position ``hi`` of paragraph [ps, pe)."""
        ends = self._index(ps, pe)[1]
        k = bisect.bisect_right(ends, hi)
        return ends[k - 1] if k else ps

    def next_end(self, ps: int, pe: int, lo: int, endpos: int) -> tuple[int, int] | None:
        """(start, end) of the first sentence end at or after ``lo`` that ends before ``endpos``."""
        starts, ends = self._index(ps, pe)
        k = bisect.bisect_right(ends, lo)
        if k == len(ends):
            return None
        if starts[k] < lo:  # lo falls inside a match: inside its run of . ! ? it ends the same
            if self.masked[lo] not in ".!?":
                k += 1
                if k == len(ends):
                    return None
        found = (max(starts[k], lo), ends[k])
        return found if found[1] < endpos else None



def sentence_bounds(sents: Sentences, sp: QuoteSpan, cs: int) -> tuple[int, int]:
    """The sentence around a quote: from ``cs``, the sentence start before the opening mark
    (``sents.start(sp.para_start, sp.para_end, sp.open_at)``, which the caller has), to the end
    of the sentence that holds the closing mark (so a trailing attribution is included)."""
    ps, pe = sp.para_start, sp.para_end
    m = sents.next_end(ps, pe, max(sp.end - 1, ps), pe)
    if m is None:
        return cs, pe
    ce = m[1]
    while ce > cs and sents.masked[ce - 1].isspace():
        ce -= 1
    return cs, max(ce, sp.close_at + 1 if sp.close_at >= 0 else sp.end)
