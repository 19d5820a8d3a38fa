"""Attribution rules that read beyond a quote's own sentence, run after
:func:`transforms.quotes.attribute.attribute_spans` over all the candidates of a body:

1. :func:`fill_colon_blocks` — a paragraph ending in ':' introduces the quote opening the next;
2. :func:`inherit_backwards` — the rows of a multi-paragraph quote share their speaker, and
   ``"A." "B," she said.`` gives A the speaker of B;
3. :func:`fill_from_context` — a fragment takes its sentence's subject, a quote opening a
   sentence the previous sentence's speaker.
"""

from __future__ import annotations

import bisect
import re

from transforms.quotes.letters import cased
from transforms.quotes.attribute import Candidate, cue_before, final_attribution
from transforms.quotes.mentions import lead_subject, opens_adverbial
from transforms.quotes.sentences import WINDOW, Sentences
from transforms.quotes.sources import speaker_type
from transforms.quotes.words import GROUP_PRONOUNS, NAMES, PERSON_PRONOUNS

_PERSON_OR_GROUP = PERSON_PRONOUNS | GROUP_PRONOUNS
_PLURAL_SPEAKERS = frozenset(NAMES.words("roles.plural_speakers"))
_LOWER_WORD_RE = re.compile(cased(r"(?:^|\s)[a-z]{2,}\b"))


def fill_colon_blocks(sents: Sentences, rows: list[Candidate], paras: list[tuple[int, int]]) -> None:
    """Paragraph-opening quotes after a paragraph ending in ':' become block quotes of its speaker."""
    ends = [p[1] for p in paras]
    masked = sents.masked
    for row in rows:
        sp = row.span
        if row.mention is not None or sp.open_at != sp.para_start:
            continue
        k = bisect.bisect_left(ends, sp.para_start) - 1
        if k < 0:
            continue
        qs, qe = paras[k]
        if not masked[max(qs, qe - WINDOW) : qe].rstrip().endswith(":"):
            continue
        sent = masked[max(sents.start(qs, qe, qe), qe - WINDOW) : qe].rstrip()[:-1]
        att = cue_before(sent + " ")
        if att is None:
            lead = lead_subject(sent)  # "Council leader Jane Roe was blunt:"
            att = (lead, ":") if lead else None
        if att is None:
            continue
        row.attribute(att[0], att[1], qs)
        row.kind = "block"


def _subject_ok(subj: str | None) -> bool:
    if not subj:
        return False
    w = subj.split()[0]
    return w[:1].isupper() or w.lower() in _PERSON_OR_GROUP


def _may_speak(subj: str) -> bool:
    """A sentence's subject that may be the source of a fragment in it: a pronoun, a name, or a
    description of a person, an organisation or a document ('the report'); not 'The less
    valuable mines would be placed in a "liquidating trust."'."""
    return subj.lower() in _PERSON_OR_GROUP or speaker_type(subj, None) != "unknown" \
        or subj.rsplit(None, 1)[-1].lower() in _PLURAL_SPEAKERS  # "the critics", "Castelvey officials"


def fill_from_context(sents: Sentences, rows: list[Candidate]) -> None:
    """Quotes with no cue of their own: a fragment takes the subject of its sentence
    (``Roe accused the board of "sitting on" it``); a quote that opens a sentence takes the
    subject of the previous sentence of its paragraph (``She remembers the day. "…"``)."""
    masked = sents.masked
    starts = [r.span.start for r in rows]
    for n, row in enumerate(rows):
        if not row.unattributed() or row.naming or row.title or row.cont:
            continue
        sp = row.span
        ps, pe = sp.para_start, sp.para_end
        sent_start = row.sent_start
        pre = masked[max(sent_start, sp.open_at - WINDOW) : sp.open_at]
        if pre.strip():
            if "xxx" in pre:
                continue
            subj = lead_subject(pre)
            if subj is not None and _subject_ok(subj) and _may_speak(subj):
                last = subj.split()[-1]
                k = pre.find(last)
                rest = pre[k + len(last) :] if k >= 0 else ""
                if _LOWER_WORD_RE.search(rest):  # a verb phrase between subject and quote
                    row.attribute(subj, None, sent_start)
        elif sent_start > sp.para_start:
            prev_start = sents.start(ps, pe, sent_start - 1)
            base = max(prev_start, sent_start - WINDOW)
            prev = masked[base:sent_start].rstrip()
            if "xxx" in prev:
                prev = _past_titles(prev, base, rows[bisect.bisect_left(starts, base) : n])
            if not prev:
                continue
            # 'The plan is dead, Roe said. "…"': the previous sentence's own attribution first
            att = final_attribution(sents, ps, pe, prev_start, sent_start) or cue_before(prev)
            if att and _subject_ok(att[0]):
                row.attribute(att[0], att[1], prev_start)
                continue
            subj = lead_subject(prev)
            if subj is not None and _subject_ok(subj):
                row.attribute(subj, None, prev_start)


def _past_titles(prev: str, base: int, inside: list[Candidate]) -> str:
    """The previous sentence ``prev`` (written from ``base``) as its speaker rules may read it,
    "" when it holds a quote of its own. Quoted titles are no quote of anyone's: an opening
    adverbial holding one ('On "Morning Tide," Ada Roe named …') is cut off, and a title
    elsewhere stays masked where it is."""
    if not inside or not all(r.title or r.naming for r in inside):
        return ""
    head = prev[: inside[0].span.open_at - base]
    if opens_adverbial(head.strip()) and "," not in head:
        close = inside[-1].span.close_at
        return prev[close + 1 - base :].lstrip(" ,") if close >= 0 else ""
    return prev


def _link_continuations(rows: list[Candidate]) -> None:
    """Rows of one multi-paragraph quote share the speaker found on any of them."""
    for i in range(1, len(rows)):  # forwards
        if rows[i].cont and rows[i].mention is None and rows[i - 1].mention:
            rows[i].take(rows[i - 1])
    for i in range(len(rows) - 2, -1, -1):  # backwards
        if rows[i + 1].cont and rows[i].mention is None and rows[i + 1].mention:
            rows[i].take(rows[i + 1])


def inherit_backwards(masked: str, rows: list[Candidate]) -> None:
    """``"A." "B," she said.`` — A takes B's speaker when only blanks separate them."""
    _link_continuations(rows)
    for i in range(len(rows) - 2, -1, -1):
        a, b = rows[i], rows[i + 1]
        if a.mention is None and b.mention and a.para == b.para and not a.naming \
                and a.span.close_at >= 0 and not masked[a.span.close_at + 1 : b.span.open_at].strip():
            a.take(b)
