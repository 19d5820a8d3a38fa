"""Quoted regions of a text: where each quotation opens and closes.

Marks: straight ``"``, curly ``“ ”``, guillemets ``« »``; top-level curly singles ``‘ ’`` and
straight singles ``'…'`` when they pair up (an opener after a blank or punctuation, a closer that
is not a possessive such as ``voters' choice``; unpaired ones are apostrophes). Singles nested
inside doubles belong to the outer quote; ``’`` between letters is an apostrophe. A quote never
runs past its paragraph: an unclosed mark closes at paragraph end, and the next paragraph
continues it only when it opens with a mark (``continues``).
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from transforms.quotes.letters import cased
from transforms.document import paragraphs as split_paragraphs
from transforms.quotes.words import SPANS, alt


class QuoteSpan(NamedTuple):
    start: int  # first character of the quoted text (after the opening mark and blanks)
    end: int  # one past the last quoted character
    open_at: int  # index of the opening mark
    close_at: int  # index of the closing mark, -1 when the paragraph ended first
    para_start: int
    para_end: int
    continues: bool  # this paragraph continues a quote left open at the end of the previous one


_MARKS = "\"“”«»‘’"
_MARKS_RE = re.compile("[" + _MARKS + "]")


def mark_positions(body: str) -> list[int]:
    """Where the marks of ``body`` stand, in order: ``[m.start() for m in _MARKS_RE.finditer(body)]``.

    ``re`` tests a character class at ~9 ns a character, ``str.find`` skips to one character
    at well under 1 ns: one find per mark written (and one per mark character absent) and a
    sort cost a third of the class scan over a body."""
    out: list[int] = []
    find = body.find
    for c in _MARKS:
        i = find(c)
        while i >= 0:
            out.append(i)
            i = find(c, i + 1)
    out.sort()
    return out
_OPEN_BEFORE = frozenset("([{—–-/\u00a0\"“‘«")
_CLOSE_AFTER = frozenset(".,;:!?)]}—–-/…\"”’»'")
_DOUBLE_OPEN = "\"“«"


def _make_span(body: str, open_at: int, close_at: int, ps: int, pe: int, cont: bool) -> QuoteSpan | None:
    s = open_at + 1
    e = close_at if close_at >= 0 else pe
    while s < e and body[s].isspace():
        s += 1
    while e > s and body[e - 1].isspace():
        e -= 1
    if e <= s:
        return None
    return QuoteSpan(s, e, open_at, close_at, ps, pe, cont)


def find_quote_spans(body: str, paragraphs: list[tuple[int, int]] | None = None) -> list[QuoteSpan]:
    """Quoted regions of ``body``, in order, never crossing a paragraph boundary."""
    spans: list[QuoteSpan] = []
    open_ended_prev = False
    marks = mark_positions(body)
    n_marks = len(marks)
    for ps, pe in paragraphs if paragraphs is not None else split_paragraphs(body):
        cont_here = open_ended_prev and body[ps] in _DOUBLE_OPEN
        open_ended_prev = False
        cur = ""  # mark that opened the current quote, "" when outside
        open_at = -1
        depth = 0
        k = bisect.bisect_left(marks, ps)
        while k < n_marks and marks[k] < pe:
            p = marks[k]
            k += 1
            c = body[p]
            a = body[p - 1] if p > ps else " "
            b = body[p + 1] if p + 1 < pe else " "
            can_open = not b.isspace() and (a.isspace() or a in _OPEN_BEFORE)
            can_close = not a.isspace() and (b.isspace() or b in _CLOSE_AFTER)
            if cur == "‘":
                if c == "’" and can_close and not b.isalnum():
                    sp = _make_span(body, open_at, p, ps, pe, False)
                    if sp:
                        spans.append(sp)
                    cur = ""
                    continue
                if c not in "“«\"":
                    continue
                cur = ""  # the ‘ was an apostrophe-like mark; let the double open
            if not cur:
                if c == "“" or c == "«":
                    pass
                elif c == "\"":
                    if can_close and not can_open:
                        continue  # stray closer or inch mark
                elif c == "‘":
                    if not can_open:
                        continue
                else:
                    continue
                cur, open_at, depth = c, p, 0
                continue
            # inside a double quote
            if c in "‘’":
                continue  # nested singles and apostrophes belong to the outer quote
            closes = False
            if cur == "«":
                if c == "»":
                    if depth:
                        depth -= 1
                    else:
                        closes = True
                elif c == "«":
                    depth += 1
            elif cur == "“":
                if c == "”":
                    if depth:
                        depth -= 1
                    else:
                        closes = True
                elif c == "“":
                    if can_close and not can_open:
                        closes = True  # “…“ typo for a closer
                    else:
                        depth += 1
                elif c == "\"" and can_close:
                    closes = True
            else:  # straight
                closes = c in "\"”"
            if closes:
                sp = _make_span(body, open_at, p, ps, pe, cont_here and open_at == ps)
                if sp:
                    spans.append(sp)
                cur = ""
        if cur and cur != "‘":
            sp = _make_span(body, open_at, -1, ps, pe, cont_here and open_at == ps)
            if sp:
                spans.append(sp)
            open_ended_prev = True
        if body.find("'", ps, pe) >= 0:
            _straight_singles(body, ps, pe, spans)
    return spans


# Both start with the mark itself (look-behinds after it) so re scans for ' alone.
_SQ_OPEN_RE = re.compile(cased(r"'(?<![\w'’]')(?=[A-Za-z0-9])(?!\d0s\b|(?:" + alt(SPANS.words("apostrophes.elisions")) + r")\b)"))
_SQ_CLOSE_RE = re.compile(r"'(?<=[\w.,!?;:…]')(?![\w])")


def _straight_singles(body: str, ps: int, pe: int, spans: list[QuoteSpan]) -> None:
    """Top-level straight single quotes ('…') of one paragraph, outside the double-quoted spans
    already found.  Only pairs are kept: a lone ' is an apostrophe or a typo, never a quote.
    A closer like ``voters' choice`` (s' + lower-case word) is taken for a possessive."""
    first = len(spans)
    while first > 0 and spans[first - 1].para_start == ps:
        first -= 1
    taken = [(sp.open_at, sp.close_at if sp.close_at >= 0 else pe) for sp in spans[first:]]  # disjoint, in order
    taken_starts = [t[0] for t in taken]
    # every candidate mark of the paragraph, found once (the marks match the ' alone, their
    # look-arounds see the text around it, so a scan from anywhere finds the same ones)
    openers = [m.start() for m in _SQ_OPEN_RE.finditer(body, ps, pe)]
    closers = [
        p for p in (m.start() for m in _SQ_CLOSE_RE.finditer(body, ps, pe))
        # "voters' choice": a possessive, not a closer
        if not (body[p - 1] == "s" and body[p + 1 : p + 2] == " " and "a" <= body[p + 2 : p + 3] <= "z")
    ]
    found: list[QuoteSpan] = []
    pos = ps
    while True:
        i = bisect.bisect_left(openers, pos)
        if i == len(openers):
            break
        o = openers[i]
        k = bisect.bisect_right(taken_starts, o) - 1
        if k >= 0 and o <= taken[k][1]:
            pos = taken[k][1] + 1
            continue
        limit = taken_starts[k + 1] if k + 1 < len(taken) else pe
        j = bisect.bisect_left(closers, o + 2)
        if j == len(closers) or closers[j] >= limit:
            pos = o + 1
            continue
        close = closers[j]
        sp = _make_span(body, o, close, ps, pe, False)
        if sp:
            found.append(sp)
        pos = close + 1
    if found:
        spans[first:] = sorted(spans[first:] + found, key=lambda x: x.open_at)


# A nickname written inside a name: 'Marcia "Cia" Price', 'Robert C. "Bobby" Scott'. One to
# three capitalised words, closed right before the next word of the name and opened right after
# a capitalised word or an initial.
_NICKNAME_RE = re.compile(cased(r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}"))
_NAME_WORD_BEFORE_RE = re.compile(cased(r"(?:^|\s)[A-Z][\w'’.-]*\s$"))


def is_nickname(body: str, sp: QuoteSpan) -> bool:
    c = sp.close_at
    if c < 0 or sp.end - sp.start > 30 or body[c + 1 : c + 2] != " " or not body[c + 2 : c + 3].isupper():
        return False  # the cheap tests first: most quotes fail them
    return _NICKNAME_RE.fullmatch(body, sp.start, sp.end) is not None \
        and _NAME_WORD_BEFORE_RE.search(body[max(sp.para_start, sp.open_at - 30) : sp.open_at]) is not None


def blank_nicknames(body: str, spans: list[QuoteSpan]) -> tuple[str, list[QuoteSpan], list[QuoteSpan]]:
    """``body`` with each nickname (marks included) replaced by blanks of the same length, so
    that 'Marcia "Cia" Price' reads as the name 'Marcia Price' to the attribution rules; the
    other spans; and the nicknames (scare quotes, nobody's words)."""
    # is_nickname's cheapest test inline: a call per span cost more than the tests (22,818 spans
    # of the benchmark, 3 nicknames)
    nicks = [sp for sp in spans if sp.end - sp.start <= 30 and is_nickname(body, sp)]
    if not nicks:
        return body, spans, []
    taken = {sp.open_at for sp in nicks}
    parts: list[str] = []
    pos = 0
    for sp in nicks:
        parts.append(body[pos : sp.open_at])
        parts.append(" " * (sp.close_at + 1 - sp.open_at))
        pos = sp.close_at + 1
    parts.append(body[pos:])
    return "".join(parts), [sp for sp in spans if sp.open_at not in taken], nicks
