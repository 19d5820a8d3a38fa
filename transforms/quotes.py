"""Quotation extraction from cleaned article bodies (pure functions, regex + small rules).

``extract_quotes(body)`` returns one :class:`~transforms.records.Quote` per quoted region:

* ``quote`` is the text between the marks (marks excluded, surrounding blanks trimmed) and
  ``body[start_char:end_char] == quote`` always holds.
* ``kind``:
    - ``direct``  a whole statement, attributed before/after in the same sentence, or the second
      half of a split quote (``"…," he said. "…"``);
    - ``partial`` a quoted fragment inside paraphrase (``called the rhetoric "dangerous"``);
    - ``block``   a paragraph that opens with a quote continuing a speaker introduced before
      (``X said:`` paragraph, the previous paragraph's speaker, or a multi-paragraph quote).
      Multi-paragraph quotes (each paragraph opens a mark, only the last closes) give **one row
      per paragraph**; the rows after the first are ``block`` rows with the first one's speaker;
    - ``social``  an embedded tweet/Instagram post (text line + ``— Name (@handle) Date`` line);
    - ``scare``   scare quotes and nicknames: nobody's words, speaker None;
    - ``title``   titles of works and shows (after 'the film', 'titled', 'told'/'on' + a Title-Case
      name, title-case quotes with no attribution, quoted subheadings), speaker None.
* ``speaker_role`` the role stated with the name in the mention ("Russian FM"), else the role an
  earlier row gave the same speaker; ``context_start``/``context_end`` the sentence holding the
  quote and its attribution (block rows: the paragraph; social rows: text + signature lines);
  ``social_handle``/``social_date`` from an embed's signature line.
* Top-level straight singles ``'…'`` pair up when an opener follows a blank/punctuation and a
  closer is not a possessive (``voters' choice``); unpaired ones are apostrophes.
* :func:`extract_headline_quotes` handles the headline (offsets into the title).
* ``speaker_mention`` is the speaker as written nearest the quote, ``speaker`` the canonical
  name resolved within the article (see :mod:`transforms.attribution`), None when unknown.

Marks: straight ``"``, curly ``“ ”``, guillemets ``« »``; top-level curly singles ``‘ ’`` when
they pair up.  Singles nested inside doubles belong to the outer quote; ``’`` between letters is
an apostrophe.  A quote never runs past its paragraph: an unclosed mark closes at paragraph end,
and the next paragraph continues it only when it opens with a mark.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import NamedTuple

from transforms.attribution import (
    CUE_RE,
    GROUP_PRONOUNS,
    NAMED_PRONOUNS,
    NAMING_RE,
    PERSON_PRONOUNS,
    PRONOUNS,
    WORD_RE,
    NameIndex,
    alt,
    attribution_after,
    lead_subject,
    plausible_mention,
    split_role,
    subject_before,
    transcript_speaker,
    trie_pattern,
)
from transforms.nested import nested_quotes
from transforms.clean.embeds import find_embeds
from transforms.document import Document, Embed
from transforms.document import paragraphs as split_paragraphs
from transforms.lexicon import Lexicon
from transforms.records import Quote

__all__ = ["QuoteSpan", "article_quotes", "extract_headline_quotes", "extract_quotes", "find_quote_spans"]


_CUES_LEX = Lexicon.beside(__file__, "quotes/cues.toml")
_WORKS_LEX = Lexicon.beside(__file__, "quotes/works.toml")
_GRAMMAR_LEX = Lexicon.beside(__file__, "quotes/grammar.toml")
_HEAD_LEX = Lexicon.beside(__file__, "quotes/headline.toml")
_SENT_LEX = Lexicon.beside(__file__, "quotes/sentences.toml")


class QuoteSpan(NamedTuple):
    start: int  # first character of the quoted text (after the opening mark and blanks)
    end: int  # one past the last quoted character
    open_at: int  # index of the opening mark
    close_at: int  # index of the closing mark, -1 when the paragraph ended first
    para_start: int
    para_end: int
    continues: bool  # this paragraph continues a quote left open at the end of the previous one


_MARKS_RE = re.compile("[\"“”«»‘’]")
_OPEN_BEFORE = frozenset("([{—–-/\u00a0\"“‘«")
_CLOSE_AFTER = frozenset(".,;:!?)]}—–-/…\"”’»'")
_DOUBLE_OPEN = "\"“«"


def _make_span(body: str, open_at: int, close_at: int, ps: int, pe: int, cont: bool):
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
    for ps, pe in paragraphs if paragraphs is not None else split_paragraphs(body):
        cont_here = open_ended_prev and body[ps] in _DOUBLE_OPEN
        open_ended_prev = False
        cur = ""  # mark that opened the current quote, "" when outside
        open_at = -1
        depth = 0
        for m in _MARKS_RE.finditer(body, ps, pe):
            p = m.start()
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
        if "'" in body[ps:pe]:
            _straight_singles(body, ps, pe, spans)
    return spans


# Both start with the mark itself (look-behinds after it) so re scans for ' alone.
_SQ_OPEN_RE = re.compile(r"'(?<![\w'’]')(?=[A-Za-z0-9])(?!\d0s\b|tis\b|twas\b|em\b|n\b)")
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


_SENT_END_RE = re.compile(r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘«(\[A-Z0-9])")
# dots that end abbreviations and initials are hidden from sentence splitting in the masked text.
# The pattern starts at the dot and checks the word before it with one fixed-width look-behind
# per word length: re then scans for '.' alone, ~12x faster than trying every word at every
# position (same matches; see benchmarks/bench_quotes.py for the stage's speed).
_ABBREVIATIONS = _SENT_LEX.words("sentences.abbreviations")
_ABBREV_DOT_RE = re.compile(
    r"\.(?=[\s,)A-Za-z-])(?:(?<=(?<![A-Za-z0-9])[A-Z]\.)"
    + "".join(
        "|(?<=(?<![A-Za-z0-9])(?:" + "|".join(sorted(w for w in _ABBREVIATIONS if len(w) == n)) + r")\.)"
        for n in sorted({len(w) for w in _ABBREVIATIONS})
    )
    + ")"
)
ABBREV_DOT = "\u2024"
_TERMINAL_RE = re.compile(r"[.!?…][’'\"]?$")
_LOWER_START_RE = re.compile(r"\s*[a-z]")
# '"Why not?" Roe asked.' — a question or exclamation closed by a short 'Name cue' clause
_NAME_CUE_RE = re.compile(r"\s*[A-Z][\w'’.\u2024-]*(?:\s+[A-Z][\w'’.\u2024-]*){0,3}\s+(?i:" + CUE_RE.pattern + r")(?:\s*[.,]|\s+(?:" + alt(_CUES_LEX.words("cues.after_cue")) + r")\s)")


def _mask(body: str, spans: list[QuoteSpan]) -> str:
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
_WINDOW = 1000


class _Sentences:
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


_MENTION_AFTER_CUE_RE = re.compile(r"\s*([^,:;]{2,80})")
_WEEKDAY_TAIL_RE = re.compile(r"\s+(?:" + alt(_GRAMMAR_LEX.words("clauses.day_preps")) + r")\s+\w+day\b.*$")
_SPEAKER_FOLLOWS = tuple(_CUES_LEX.words("cues.speaker_follows"))
_NO_SPEAKER_AFTER: str = _CUES_LEX.get("cues.no_speaker_after")


def _cue_before(text: str) -> tuple[str, str] | None:
    """Speaker and cue from the last usable cue in ``text`` (a sentence up to a quote)."""
    cues = list(CUE_RE.finditer(text))
    for cue in reversed(cues[-3:]):
        word = cue.group().lower()
        if word.endswith("ing") and text[: cue.start()].rstrip().endswith(","):
            # a participle after a comma takes the sentence's subject:
            # 'Roe attacked the plan in Iraq and Libya, saying "…"' -> Roe, not Libya
            subj = lead_subject(text[: cue.start()])
            if subj and (subj[:1].isupper() or subj in PERSON_PRONOUNS):
                return subj, word
        subj = subject_before(text[: cue.start()])
        if subj:
            return subj, word
        if word.startswith(_SPEAKER_FOLLOWS) or not text[: cue.start()].strip(" ,"):
            # "According to the ministry," / "Said Smith:"
            rest = text[cue.end() :]
            m = _MENTION_AFTER_CUE_RE.match(rest)
            if m:
                mention = m.group(1).strip()
                mention = _WEEKDAY_TAIL_RE.sub("", mention)
                if plausible_mention(mention) and not word.startswith(_NO_SPEAKER_AFTER):
                    return mention, word
    return None


def _final_attribution(sents: _Sentences, ps: int, pe: int, lo: int, hi: int) -> tuple[str, str] | None:
    """``…, Warren said.`` closing the sentence that holds a quote (the text from ``lo``, up to
    the sentence's end or ``hi``), looked for in the sentence's last ``_WINDOW`` characters."""
    m = sents.next_end(ps, pe, lo, hi)
    end = m[0] + 1 if m else hi
    tail = sents.masked[max(lo, end - _WINDOW) : end]
    comma = tail.rfind(", ")
    if comma < 0 or "x" * 3 in tail[comma:]:
        return None
    att = attribution_after(tail[comma:])
    if att and not tail[comma + att[2] :].strip(" .!?\u00a0"):
        return att[0], att[1]
    return None


def _quote_words(text: str) -> int:
    return len(text.split())


_TITLE_SMALL_WORDS = frozenset(_WORKS_LEX.words("titles.small_words"))


def _is_title_like(text: str) -> bool:
    words = WORD_RE.findall(text)
    if not words or len(words) > 6:
        return False
    return all(w[0].isupper() or w in _TITLE_SMALL_WORDS for w in words) and words[0][0].isupper()


def article_quotes(doc: Document) -> tuple[list[Quote], list[Quote]]:
    """The quote stage of one article, as the pipeline runs it: the body's quotes with their
    ``nested`` rows, and the headline's quotes (offsets into ``title``).

    A headline has no sentence to attribute from, so a headline quote keeps its speaker only
    when the body quotes the same person; otherwise the headline's first words would pass for a
    speaker.  The body's name index is shared with the headline (built once per article)."""
    body = doc.body
    quotes, index = _extract(body, doc.paragraphs, doc.embeds)
    quotes = quotes + nested_quotes(body, quotes)
    speakers = {q.speaker for q in quotes if q.speaker}
    title_quotes = [
        q if q.speaker in speakers else replace(q, speaker=None, speaker_mention=None, speaker_role=None, cue=None)
        for q in extract_headline_quotes(doc.title, body, index)
    ]
    return quotes, title_quotes


def extract_quotes(body: str) -> list[Quote]:
    """All quotations in ``body`` (see module docstring for the row conventions)."""
    if not body or not isinstance(body, str):
        return []
    paras = split_paragraphs(body)
    return _extract(body, paras, find_embeds(body, paras))[0]


def _extract(body: str, paras: list[tuple[int, int]], socials: list[Embed]) -> tuple[list[Quote], NameIndex | None]:
    if not body:
        return [], None
    spans = find_quote_spans(body, paras)
    if socials:
        starts = [so.start_char for so in socials]  # sorted, and embeds never overlap

        def in_embed(pos: int) -> bool:
            k = bisect.bisect_right(starts, pos) - 1
            return k >= 0 and pos < socials[k].signature_end

        spans = [sp for sp in spans if not in_embed(sp.start)]
    if not spans and not socials:
        return [], None
    masked = _mask(body, spans)
    sents = _Sentences(masked)
    index = NameIndex(body, [(sp.open_at, sp.end + 1) for sp in spans])

    rows: list[dict] = []
    prev_para_end = -1
    prev_para_last: dict | None = None  # last quote row of the previous quoted paragraph
    for i, sp in enumerate(spans):
        ps, pe = sp.para_start, sp.para_end
        prev_same = rows[-1] if rows and rows[-1]["para"] == ps else None
        if prev_same is None and rows:
            prev_para_last = rows[-1]
        nxt_open = spans[i + 1].open_at if i + 1 < len(spans) and spans[i + 1].para_start == ps else pe
        sent_start = sents.start(ps, pe, sp.open_at)
        near = max(sent_start, sp.open_at - _WINDOW)  # where the rules stop looking back
        pre_sent = masked[near : sp.open_at]
        seg_start = prev_same["close"] + 1 if prev_same else ps
        pre_seg = masked[max(seg_start, near) : sp.open_at]
        post = masked[sp.close_at + 1 : nxt_open] if sp.close_at >= 0 else ""
        text = body[sp.start : sp.end]
        row = {"span": sp, "para": ps, "close": sp.close_at if sp.close_at >= 0 else pe, "mention": None,
               "cue": None, "kind": None, "consumed": -1, "pos": sp.open_at, "split": False, "cont": False}

        at_para_start = sp.open_at == ps  # paragraphs start at their first non-blank character
        who = transcript_speaker(text) if at_para_start else None
        if who:
            row.update(mention=who, cue=":", kind="block")
        elif sp.continues and rows and rows[-1]["span"].close_at < 0:
            src = rows[-1]
            row["cont"] = True
            if src["mention"]:
                row.update(mention=src["mention"], cue=src["cue"], kind="block", pos=src["pos"])
        # attribution after the closing mark
        # (a paragraph continuing an open quote may still carry its own attribution: '…," she said.')
        if (row["kind"] is None or row["cont"]) and post:
            ends_sentence = bool(_TERMINAL_RE.search(text))
            if not ends_sentence or _LOWER_START_RE.match(post) or post.lstrip().startswith(("—", "–", "―")) \
                    or (text[-1:] in "?!" and _NAME_CUE_RE.match(post)):
                att = attribution_after(post)
                if att:
                    row.update(mention=att[0], cue=att[1], consumed=sp.close_at + 1 + att[2],
                               pos=sp.close_at + 1)
                    if att[0].lower() in PERSON_PRONOUNS and pre_sent.strip() and "xxx" not in pre_sent:
                        # 'Roe said she felt that "…," she said.' / 'Roe scolded him: "…" she said.':
                        # the name opening the same sentence is the fuller mention of the speaker
                        named = _cue_before(pre_sent)
                        if named is None and pre_sent.rstrip().endswith(":"):
                            lead = lead_subject(pre_sent.rstrip()[:-1])
                            named = (lead, ":") if lead else None
                        if named and named[0][:1].isupper() and named[0].lower() not in NAMED_PRONOUNS:
                            row.update(mention=named[0], pos=sent_start, split_mention=att[0])
        # second half of a split quote: only the previous quote's attribution lies between
        # ('"…," Roe said on the show "Meet the Press." "…"': a quoted title inside the attribution)
        split_src, gap = prev_same, None
        if prev_same and prev_same["consumed"] <= 0 and len(rows) >= 2 \
                and (prev_same["title"] or _is_title_like(body[prev_same["span"].start : prev_same["span"].end])) \
                and rows[-2]["para"] == ps and rows[-2]["consumed"] > 0:
            split_src = rows[-2]
            gap = masked[split_src["consumed"] : prev_same["span"].open_at] \
                + masked[prev_same["close"] + 1 : sp.open_at]
        if row["mention"] is None and row["kind"] is None and split_src and split_src["consumed"] > 0:
            prev_same = split_src
            if gap is None:
                gap = masked[prev_same["consumed"] : sp.open_at]
            if not gap.strip(" ,.;:—–-\u00a0”“\"") and prev_same["mention"]:
                # the mention nearest this half is the attribution between the halves ('she said')
                row.update(mention=prev_same.get("split_mention") or prev_same["mention"], cue=prev_same["cue"],
                           pos=prev_same["consumed"] if prev_same.get("split_mention") else prev_same["pos"], split=True)
        # attribution before the opening mark, in the same sentence
        if row["mention"] is None and row["kind"] is None and pre_sent.strip():
            att2 = _cue_before(pre_sent)
            if att2 is None and pre_sent.rstrip().endswith(":"):
                lead = lead_subject(pre_sent.rstrip()[:-1])  # 'X scolded him: "…"'
                att2 = (lead, ":") if lead else None
            if att2:
                row.update(mention=att2[0], cue=att2[1])
        # sentence-final attribution: 'A clerk who "steals" is punished, Warren said.'
        if row["mention"] is None and row["kind"] is None and sp.close_at >= 0:
            att3 = _final_attribution(sents, ps, pe, sp.close_at + 1, pe)
            if att3:
                row.update(mention=att3[0], cue=att3[1], pos=sp.close_at + 1)
        if row["mention"] is None and row["kind"] is None and at_para_start:
            if prev_para_last is not None and prev_para_last["mention"] and prev_para_last["para_end"] == prev_para_end \
                    and (sp.close_at < 0 or not masked[sp.close_at + 1 : pe].strip(" .,\u00a0")):
                row.update(mention=prev_para_last["mention"], cue=prev_para_last["cue"], kind="block",
                           pos=prev_para_last["pos"])
        row["para_end"] = pe
        row["naming"] = NAMING_RE.search(pre_seg[-40:]) is not None
        row["title"] = _is_title_context(pre_seg[-40:], text)
        full_start = not pre_seg.strip() or pre_seg.rstrip().endswith((":", ",")) or row["split"]
        row["full_start"] = full_start and (row["split"] or not text[:1].islower())
        rows.append(row)
        prev_para_end = pe
    # paragraphs ending with ':' introduce a block quote in the next paragraph
    _fill_colon_blocks(sents, rows, paras)
    _inherit_backwards(masked, rows)
    _fill_from_context(sents, rows)
    for row in rows:
        sp = row["span"]
        if sp.open_at == sp.para_start and sp.close_at == sp.para_end - 1 and not sp.continues:
            text = body[sp.start : sp.end]
            if _is_title_like(text) and 2 <= _quote_words(text) <= 8:
                row.update(kind="title", mention=None, cue=None)  # a quoted subheading
                continue
        if row["kind"] is None:
            text = body[row["span"].start : row["span"].end]
            nwords = _quote_words(text)
            if row["cont"]:
                row["kind"] = "block"
            elif row["title"] and nwords <= 12:
                row.update(kind="title", mention=None, cue=None)
            elif row["naming"] and nwords <= 8:
                row.update(kind="scare", mention=None, cue=None)
            elif row["mention"] is None and (nwords <= 3 or _is_title_like(text)):
                row.update(kind="title" if _is_title_like(text) and nwords >= 2 else "scare", mention=None, cue=None)
            else:
                row["kind"] = "direct" if row["full_start"] else "partial"

    quotes: list[Quote] = []
    roles: dict[str, str] = {}
    for row in rows:
        sp = row["span"]
        mention = row["mention"].replace(ABBREV_DOT, ".") if row["mention"] else None
        speaker = index.resolve(mention, row["pos"]) if mention else None
        role = split_role(mention, speaker) if speaker else None
        if speaker and role:
            roles.setdefault(speaker, role)
        elif speaker:
            role = roles.get(speaker)
        if row["kind"] == "block":
            cs, ce = sp.para_start, sp.para_end
        else:
            cs, ce = _sentence_bounds(sents, sp)
        quotes.append(Quote(body[sp.start : sp.end], sp.start, sp.end, row["kind"], speaker, mention, row["cue"],
                            role, cs, ce))
    for so in socials:
        mention = f"{so.author} ({so.handle})" if so.author else so.handle
        quotes.append(Quote(so.text, so.start_char, so.end_char, "social", so.author, mention, so.cue,
                            None, so.start_char, so.signature_end, so.handle, so.date_text))
    quotes.sort(key=lambda q: q.start_char)
    return quotes, index


def _sentence_bounds(sents: _Sentences, sp: QuoteSpan) -> tuple[int, int]:
    """The sentence around a quote: from the sentence start before the opening mark to the end of
    the sentence that holds the closing mark (so a trailing attribution is included)."""
    ps, pe = sp.para_start, sp.para_end
    cs = sents.start(ps, pe, sp.open_at)
    m = sents.next_end(ps, pe, max(sp.end - 1, ps), pe)
    if m is None:
        return cs, pe
    ce = m[1]
    while ce > cs and sents.masked[ce - 1].isspace():
        ce -= 1
    return cs, max(ce, sp.close_at + 1 if sp.close_at >= 0 else sp.end)


_WORKS = _WORKS_LEX.table("works")
_TITLES = _WORKS_LEX.table("titles")
_THE: str = _GRAMMAR_LEX.get("determiners.definite")
_TITLE_CUE_RE = re.compile(
    r"(?:\b(?:" + alt(_TITLES["naming"]) + "|" + re.escape(_THE) + r"\s+(?:"
    + alt(_WORKS["screen_and_page"] + _WORKS["press"] + _WORKS["verse"] + _WORKS["body_only"]) + "))"
    r"|(?:^|\s)(?:" + alt(_TITLES["before_title_case"]) + "|(?:" + alt(_TITLES["broadcasters"]) + r")[’']s"
    r"|" + re.escape(_TITLES["before_outlet"]) + r"\s+(?-i:(?:[A-Z][\w.]*\s+){0,2}[A-Z][\w.]*)[’']s))"  # on Fox News's "…"
    r"\s*[,:]?\s*$",
    re.I,
)
_NAMES_A_WORK = tuple(_TITLES["naming"] + [_THE])


_ONE_TITLE_WORD_RE = re.compile(r"[A-Z][\w’'-]+[,.]?")


def _is_title_context(pre: str, text: str) -> bool:
    """A quoted title of a work: after 'the film', 'titled', or 'on'/'told' + a title-case name."""
    m = _TITLE_CUE_RE.search(pre)
    if m is None:
        return False
    g = m.group().strip().lower()
    if g.startswith(_NAMES_A_WORK):
        return True
    return _is_title_like(text) and len(text.split()) >= 2 or bool(_ONE_TITLE_WORD_RE.fullmatch(text))


def _fill_colon_blocks(sents: _Sentences, rows: list[dict], paras: list[tuple[int, int]]) -> None:
    """Paragraph-opening quotes after a paragraph ending in ':' become block quotes of its speaker."""
    ends = [p[1] for p in paras]
    for row in rows:
        sp = row["span"]
        if row["mention"] is not None:
            continue
        if sp.open_at != sp.para_start:
            continue
        k = bisect.bisect_left(ends, sp.para_start) - 1
        if k < 0:
            continue
        qs, qe = paras[k]
        masked = sents.masked
        if not masked[max(qs, qe - _WINDOW) : qe].rstrip().endswith(":"):
            continue
        sent = masked[max(sents.start(qs, qe, qe), qe - _WINDOW) : qe].rstrip()[:-1]
        att = _cue_before(sent + " ")
        if att is None:
            lead = lead_subject(sent)  # "Council leader Jane Roe was blunt:"
            att = (lead, ":") if lead else None
        if att is None:
            continue
        row.update(mention=att[0], cue=att[1], kind="block", pos=qs)


_PERSON_OR_GROUP = PERSON_PRONOUNS | GROUP_PRONOUNS


def _subject_ok(subj: str | None) -> bool:
    if not subj:
        return False
    w = subj.split()[0]
    return w[:1].isupper() or w.lower() in _PERSON_OR_GROUP


_LOWER_WORD_RE = re.compile(r"(?:^|\s)[a-z]{2,}\b")


def _fill_from_context(sents: _Sentences, rows: list[dict]) -> None:
    """Quotes with no cue of their own: a fragment takes the subject of its sentence
    (``Roe accused the board of "sitting on" it``); a quote that opens a sentence takes the
    subject of the previous sentence of its paragraph (``She remembers the day. "…"``)."""
    for row in rows:
        if row["mention"] is not None or row["kind"] is not None or row["naming"] or row["title"] or row["cont"]:
            continue
        sp = row["span"]
        masked = sents.masked
        ps, pe = sp.para_start, sp.para_end
        sent_start = sents.start(ps, pe, sp.open_at)
        pre = masked[max(sent_start, sp.open_at - _WINDOW) : sp.open_at]
        if pre.strip():
            if "xxx" in pre:
                continue
            subj = lead_subject(pre)
            if _subject_ok(subj):
                k = pre.find(subj.split()[-1])
                rest = pre[k + len(subj.split()[-1]) :] if k >= 0 else ""
                if _LOWER_WORD_RE.search(rest):  # a verb phrase between subject and quote
                    row.update(mention=subj, cue=None, pos=sent_start)
        elif sent_start > sp.para_start:
            prev_start = sents.start(ps, pe, sent_start - 1)
            prev = masked[max(prev_start, sent_start - _WINDOW) : sent_start].rstrip()
            if "xxx" in prev or not prev:
                continue
            # 'The plan is dead, Roe said. "…"': the previous sentence's own attribution first
            att = _final_attribution(sents, ps, pe, prev_start, sent_start) or _cue_before(prev)
            if att and _subject_ok(att[0]):
                row.update(mention=att[0], cue=att[1], pos=prev_start)
                continue
            subj = lead_subject(prev)
            if _subject_ok(subj):
                row.update(mention=subj, cue=None, pos=prev_start)


def _link_continuations(rows: list[dict]) -> None:
    """Rows of one multi-paragraph quote share the speaker found on any of them."""
    for i in range(1, len(rows)):  # forwards
        if rows[i]["cont"] and rows[i]["mention"] is None and rows[i - 1]["mention"]:
            rows[i].update(mention=rows[i - 1]["mention"], cue=rows[i - 1]["cue"], pos=rows[i - 1]["pos"])
    for i in range(len(rows) - 2, -1, -1):  # backwards
        if rows[i + 1]["cont"] and rows[i]["mention"] is None and rows[i + 1]["mention"]:
            rows[i].update(mention=rows[i + 1]["mention"], cue=rows[i + 1]["cue"], pos=rows[i + 1]["pos"])


def _inherit_backwards(masked: str, rows: list[dict]) -> None:
    """``"A." "B," she said.`` — A takes B's speaker when only blanks separate them."""
    _link_continuations(rows)
    for i in range(len(rows) - 2, -1, -1):
        a, b = rows[i], rows[i + 1]
        if a["mention"] is None and b["mention"] and a["para"] == b["para"] and not a["naming"] \
                and a["span"].close_at >= 0 and not masked[a["span"].close_at + 1 : b["span"].open_at].strip():
            a.update(mention=b["mention"], cue=b["cue"], pos=b["pos"])


# ---------------------------------------------------------------------------------------------
# Headlines
# ---------------------------------------------------------------------------------------------
_HEAD_VERBS = _HEAD_LEX.words("headline.verbs")
_HEAD_VERB_RE = re.compile(r"(?<![\w-])(?:" + trie_pattern(sorted(set(_HEAD_VERBS))) + r")(?![\w-])", re.I)
# a trailing '…, Jane Roe Says' (or after the quote: '"…": Town Vows')
_HEAD_TRAILING_SUBJECT_RE = re.compile(
    r"(?:^|[,:;]\s*|[\"”’'»]\s*[,:]?\s*)([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?i:" + _HEAD_VERB_RE.pattern + r")\b")
_SO_CALLED_END_RE = re.compile(alt([_CUES_LEX.get("naming.so_called")]) + r"\s*$", re.I)
_HEAD_TITLES = _WORKS_LEX.table("headline")
_HEAD_TITLE_RE = re.compile(
    r"(?:\b(?:" + alt(_HEAD_TITLES["naming"]) + "|" + re.escape(_THE) + r"\s+(?:"
    + alt(_WORKS["screen_and_page"] + _WORKS["verse"]) + "))|(?:" + alt(_HEAD_TITLES["before_of"]) + r"))\s*[,:]?\s*$", re.I)


def _headline_subject(title: str, before: str) -> str | None:
    """The headline's speaker: words before its first verb (``Jane Roe Slams Plan``), or before a
    colon (``Jane Roe: …``), or a trailing ``…, Jane Roe Says``."""
    head = before.rstrip(" ,:;—–-\"“‘'«")
    colon = head.find(":")
    verb = _HEAD_VERB_RE.search(head) or CUE_RE.search(head)
    if verb and (colon < 0 or verb.start() < colon):
        subj = head[: verb.start()].strip(" ,:")
    elif colon > 0:
        subj = head[:colon].strip()
    else:
        subj = ""
    if not subj:  # '"Quote": Town Vows …' or '… , Jane Roe Says'
        rest = title[len(before):]
        m = _HEAD_TRAILING_SUBJECT_RE.search(rest)
        if m is None and not before.strip():
            return None
        subj = m.group(1) if m else ""
    words = subj.split()
    if not words or len(words) > 6 or subj.lower() in PRONOUNS:
        return None
    return subj


def extract_headline_quotes(title: str, body: str | None = None, index: NameIndex | None = None) -> list[Quote]:
    """Quotes in a headline, offsets into ``title``.  Headlines are title-cased and have no
    sentences, so the rules differ from the body: a quote is attributed to the headline's subject
    (``Lavrov Warns Of "Nightmare"`` -> partial, Lavrov) unless it is named/so-called (scare) or
    follows 'the film', 'titled' etc. (title).  ``body`` (optional) resolves surnames to full names;
    ``index``, the body's :class:`NameIndex` when the caller has one, saves building it again."""
    if not title or not isinstance(title, str) or "\n" in title.strip():
        return []
    spans = find_quote_spans(title)
    if not spans:
        return []
    if index is None and body:
        index = NameIndex(body, [])
    out: list[Quote] = []
    for sp in spans:
        text = title[sp.start : sp.end]
        pre = title[: sp.open_at]
        kind, mention, cue = "partial", None, None
        if _HEAD_TITLE_RE.search(pre[-40:]):
            kind = "title"
        elif NAMING_RE.search(pre[-40:]) or _SO_CALLED_END_RE.search(pre):
            kind = "scare"
        else:
            mention = _headline_subject(title, pre)
            if mention is None:
                kind = "scare" if len(text.split()) <= 3 else "partial"
            else:
                vm = _HEAD_VERB_RE.search(title, len(pre) if not pre.strip() else 0)
                cue = vm.group() if vm else ":"
                after = title[sp.close_at + 1 :] if sp.close_at >= 0 else ""
                if not pre.strip() and after.lstrip().startswith(":") or pre.rstrip().endswith(":"):
                    kind = "direct"
        speaker = None
        if mention:
            speaker = index.resolve(mention, len(title)) if index else mention
            speaker = speaker or mention
        cs, ce = 0, len(title)
        out.append(Quote(text, sp.start, sp.end, kind, speaker, mention, cue,
                         split_role(mention, speaker) if mention and speaker else None, cs, ce))
    return out
