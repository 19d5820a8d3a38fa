"""Attribution of each quoted span from the text of its own sentence.

:func:`attribute_spans` walks the spans of a body in order and gives each a :class:`Candidate`:
the speaker as written (``mention``), the cue, where the mention is written (``pos``, for
pronouns), and, for some, a kind already decided (``block``). The rules run in this order and
each applies only when the ones before found nothing:

1. a transcript speaker (``ROE: …``) or the continuation of a quote left open in the previous
   paragraph (:func:`_transcript_or_continuation`);
2. an attribution right after the closing mark, ``"…," she said`` (:func:`_attribution_after_close`);
3. the second half of a split quote, ``"…," Roe said. "…"`` (:func:`_second_half_of_split`);
4. a cue before the opening mark in the same sentence, ``Roe said "…"`` (:func:`_attribution_before`);
5. a sentence-final attribution, ``A clerk who "steals" is punished, Warren said.``
   (:func:`_sentence_final`);
6. a paragraph-opening quote continuing the previous paragraph's speaker (:func:`_previous_paragraph`).

The rules that need the other candidates (colon blocks, context, neighbours) run afterwards
(:mod:`transforms.quotes.context`), then the kind is decided (:mod:`transforms.quotes.classify`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.quotes.letters import cased
from transforms.quotes.classify import is_title_context, is_title_like
from transforms.quotes.cues import CUE_SCAN_RE, INVERTING, NAME_CUE_RE, document_cue, NO_SPEAKER_AFTER, SPEAKER_FOLLOWS, after_naming_word
from transforms.quotes.mentions import (
    attribution_after, clean_mention, is_share, lead_subject, np_like, plausible_mention, subject_before,
)
from transforms.quotes.names import transcript_speaker
from transforms.quotes.sentences import WINDOW, Sentences
from transforms.quotes.sources import speaker_type
from transforms.quotes.spans import QuoteSpan
from transforms.quotes.words import CUES, GRAMMAR, NAMED_PRONOUNS, PERSON_PRONOUNS, alt


@dataclass(slots=True)
class Candidate:
    """One quoted span and what the rules found about it."""

    span: QuoteSpan
    para: int  # start of its paragraph
    close: int  # its closing mark, or the paragraph's end when it stays open
    pos: int  # where its mention is written (pronouns resolve to the person named before it)
    sent_start: int  # start of the sentence holding the opening mark (masked body)
    mention: str | None = None
    cue: str | None = None
    kind: str | None = None
    consumed: int = -1  # end of the attribution after the closing mark (masked body), -1 when none
    split: bool = False  # second half of a split quote
    cont: bool = False  # continues a quote left open in the previous paragraph
    split_mention: str | None = None  # the pronoun after a quote whose sentence names the speaker
    naming: bool = False  # right after a naming word ('so-called')
    title: bool = False  # right after a work's cue ('the film')
    full_start: bool = False  # opens a statement (not a fragment inside paraphrase)

    def attribute(self, mention: str, cue: str | None, pos: int | None = None) -> None:
        self.mention, self.cue = mention, cue
        if pos is not None:
            self.pos = pos

    def take(self, other: Candidate) -> None:
        """The speaker of ``other`` (its mention, cue and position)."""
        self.mention, self.cue, self.pos = other.mention, other.cue, other.pos

    def unattributed(self) -> bool:
        return self.mention is None and self.kind is None


@dataclass(slots=True)
class _Around:
    """The masked text around one span that the rules read."""

    sent_start: int  # start of the sentence holding the opening mark
    pre_sent: str  # the sentence up to the opening mark (at most WINDOW characters)
    pre_seg: str  # the same, from the previous quote of the paragraph on
    post: str  # from the closing mark to the next quote of the paragraph
    text: str  # the quoted text (unmasked)
    prev_same: Candidate | None  # the previous quote of the same paragraph


_TERMINAL_RE = re.compile(r"[.!?…][’'\"]?$")
_LOWER_START_RE = re.compile(cased(r"\s*[a-z]"))
_DASHES = ("—", "–", "―")
_SENT_END_RE = re.compile(r"[.!?](?:\s|$)")
_MENTION_AFTER_CUE_RE = re.compile(r"\s*([^,:;]{2,80})")
# "quoted Ada Roe as saying": the words between the quoting verb and "as" are the speaker
_QUOTED_AS_RE = re.compile(r"(?<![\w-])(?i:" + alt(CUES.words("cues.quoting_verbs")) + r")\s+(?P<m>[^,;:]{2,80}?)\s+(?i:"
                           + re.escape(CUES.get("cues.quoting_as")) + r")\s*,?\s*$")
_WEEKDAY_TAIL_RE = re.compile(r"\s+(?:" + alt(GRAMMAR.words("clauses.day_preps")) + r")\s+\w+day\b.*$")


def cue_before(text: str) -> tuple[str, str] | None:
    """Speaker and cue from the last usable cue in ``text`` (a sentence up to a quote)."""
    cues = list(CUE_SCAN_RE.finditer(text))
    if not cues:
        # 'The report found that nitrate levels were "far above any safe limit"'
        doc = document_cue(text, len(text), max(0, len(text) - 200), last=True)  # its subject stands near
        subj = subject_before(text[: doc[0]]) if doc else None
        if doc and subj and speaker_type(subj, None) == "document":
            return subj, doc[2]
        return None
    for cue in reversed(cues[-3:]):
        word = cue.group().lower()
        qm = _QUOTED_AS_RE.search(text, 0, cue.start()) if word.endswith("ing") else None
        if qm and plausible_mention(qm.group("m")):  # 'The agency quoted Roe as saying, "…"' -> Roe
            return qm.group("m"), word
        if word.endswith("ing") and text[: cue.start()].rstrip().endswith(","):
            # a participle after a comma takes the sentence's subject:
            # 'Roe attacked the plan in Iraq and Libya, saying "…"' -> Roe, not Libya
            subj = lead_subject(text[: cue.start()])
            if subj and (subj[:1].isupper() or subj in PERSON_PRONOUNS):
                return subj, word
        subj = subject_before(text[: cue.start()])
        if subj and is_share(subj):
            # 'The survey showed that 61 percent of voters rated it "…"': the document reports
            # the share's words; a share with no document before it speaks for itself
            doc = document_cue(text, cue.start(), max(0, cue.start() - 200), last=True)
            owner = subject_before(text[: doc[0]]) if doc else None
            if doc and owner and speaker_type(owner, None) == "document":
                return owner, doc[2]
        if subj:
            return subj, word
        if word in INVERTING and text.rstrip().endswith((",", ":")):
            # 'Yes, it was hot, said organiser Ada Roe, "but nobody went home".': an inverted
            # cue whose speaker stands between it and the quote
            after = clean_mention(text[cue.end() :])
            if after and len(after.split()) <= 8 and plausible_mention(after) and np_like(after):
                return after, word
        if word.startswith(SPEAKER_FOLLOWS) or (not text[: cue.start()].strip(" ,") and word in INVERTING):
            # "According to the ministry," / "Said Smith:"; not 'Calls men names like "…"', whose
            # next words are an object
            rest = text[cue.end() :]
            m = _MENTION_AFTER_CUE_RE.match(rest)
            if m:
                mention = m.group(1).strip()
                mention = _WEEKDAY_TAIL_RE.sub("", mention)
                if plausible_mention(mention) and not word.startswith(NO_SPEAKER_AFTER):
                    return mention, word
    return None


def cue_or_colon_before(text: str) -> tuple[str, str] | None:
    """:func:`cue_before`, else the subject of a sentence introducing a quote with a colon
    (``X scolded him: "…"``)."""
    att = cue_before(text)
    if att is None and text.rstrip().endswith(":"):
        lead = lead_subject(text.rstrip()[:-1])
        att = (lead, ":") if lead else None
    return att


def final_attribution(sents: Sentences, ps: int, pe: int, lo: int, hi: int) -> tuple[str, str] | None:
    """``…, Warren said.`` closing the sentence that holds a quote (the text from ``lo``, up to
    the sentence's end or ``hi``), looked for in the sentence's last ``WINDOW`` characters."""
    m = sents.next_end(ps, pe, lo, hi)
    end = m[0] + 1 if m else hi
    tail = sents.masked[max(lo, end - WINDOW) : end]
    comma = tail.rfind(", ")
    if comma < 0 or "x" * 3 in tail[comma:]:
        return None
    att = attribution_after(tail[comma:])
    if att and not tail[comma + att[2] :].strip(" .!?\u00a0"):
        return att[0], att[1]
    return None


def attribute_spans(body: str, spans: list[QuoteSpan], sents: Sentences) -> list[Candidate]:
    """One :class:`Candidate` per span, attributed from its own sentence (rules 1–6 above)."""
    masked = sents.masked
    rows: list[Candidate] = []
    prev_para_end = -1
    prev_para_last: Candidate | None = None  # last quote of the previous quoted paragraph
    for i, sp in enumerate(spans):
        ps, pe = sp.para_start, sp.para_end
        prev_same = rows[-1] if rows and rows[-1].para == ps else None
        if prev_same is None and rows:
            prev_para_last = rows[-1]
        nxt_open = spans[i + 1].open_at if i + 1 < len(spans) and spans[i + 1].para_start == ps else pe
        at = _around(body, sents, sp, prev_same, nxt_open)
        row = Candidate(sp, ps, sp.close_at if sp.close_at >= 0 else pe, sp.open_at, at.sent_start)
        _transcript_or_continuation(row, at, rows)
        _attribution_after_close(row, at)
        _second_half_of_split(row, at, rows, body, masked)
        if row.split:  # its first test: a call per row costs more than the rule (6 rows in 20,000 pass)
            _own_final_attribution(row, at)
        _attribution_before(row, at)
        _sentence_final(row, sents)
        _previous_paragraph(row, prev_para_last, prev_para_end, masked)
        _mark_context(row, at)
        rows.append(row)
        prev_para_end = pe
    return rows


def _around(body: str, sents: Sentences, sp: QuoteSpan, prev_same: Candidate | None, nxt_open: int) -> _Around:
    ps, pe = sp.para_start, sp.para_end
    masked = sents.masked
    sent_start = sents.start(ps, pe, sp.open_at)
    near = max(sent_start, sp.open_at - WINDOW)  # where the rules stop looking back
    seg_start = prev_same.close + 1 if prev_same else ps
    return _Around(
        sent_start=sent_start,
        pre_sent=masked[near : sp.open_at],
        pre_seg=masked[max(seg_start, near) : sp.open_at],
        post=masked[sp.close_at + 1 : nxt_open] if sp.close_at >= 0 else "",
        text=body[sp.start : sp.end],
        prev_same=prev_same,
    )


def _transcript_or_continuation(row: Candidate, at: _Around, rows: list[Candidate]) -> None:
    sp = row.span
    who = transcript_speaker(at.text) if sp.open_at == sp.para_start else None
    if who:
        row.attribute(who, ":")
        row.kind = "block"
    elif sp.continues and rows and rows[-1].span.close_at < 0:
        src = rows[-1]
        row.cont = True
        if src.mention:
            row.take(src)
            row.kind = "block"


def _attribution_after_close(row: Candidate, at: _Around) -> None:
    """``"…," she said`` (a paragraph continuing an open quote may still carry its own)."""
    if not (row.kind is None or row.cont) or not at.post:
        return
    text, post, sp = at.text, at.post, row.span
    ends_sentence = bool(_TERMINAL_RE.search(text))
    att = None
    if ends_sentence and not _LOWER_START_RE.match(post) and not post.lstrip().startswith(_DASHES) \
            and not (text[-1:] in "?!" and NAME_CUE_RE.match(post)):
        if text[-1:] not in "?!":
            return
        # '"…!" Roe's niece, Ada Roe, shouted.': a name with its appositive, then the cue
        att = attribution_after(post)
        if att is None or ", " not in att[0] or not att[0][:1].isupper():
            return
    att = att or attribution_after(post)
    if not att:
        return
    row.attribute(att[0], att[1], sp.close_at + 1)
    row.consumed = sp.close_at + 1 + att[2]
    if att[0].lower() in PERSON_PRONOUNS and at.pre_sent.strip() and "xxx" not in at.pre_sent:
        # 'Roe said she felt that "…," she said.' / 'Roe scolded him: "…" she said.':
        # the name opening the same sentence is the fuller mention of the speaker
        named = cue_or_colon_before(at.pre_sent)
        if named and named[0][:1].isupper() and named[0].lower() not in NAMED_PRONOUNS:
            row.mention, row.pos, row.split_mention = named[0], at.sent_start, att[0]


def _second_half_of_split(row: Candidate, at: _Around, rows: list[Candidate], body: str, masked: str) -> None:
    """Only the previous quote's attribution lies between the halves ('"…," Roe said. "…"'),
    maybe with a quoted title inside it ('"…," Roe said on the show "Meet the Press." "…"')."""
    sp, prev_same = row.span, at.prev_same
    split_src, gap = prev_same, None
    if prev_same and prev_same.consumed <= 0 and len(rows) >= 2 \
            and (prev_same.title or is_title_like(body[prev_same.span.start : prev_same.span.end])) \
            and rows[-2].para == row.para and rows[-2].consumed > 0:
        split_src = rows[-2]
        gap = masked[split_src.consumed : prev_same.span.open_at] + masked[prev_same.close + 1 : sp.open_at]
    if not row.unattributed() or split_src is None or split_src.consumed <= 0:
        return
    if gap is None:
        gap = masked[split_src.consumed : sp.open_at]
    if not gap.strip(" ,.;:—–-\u00a0”“\"") and split_src.mention:
        # the mention nearest this half is the attribution between the halves ('she said')
        row.attribute(split_src.split_mention or split_src.mention, split_src.cue,
                      split_src.consumed if split_src.split_mention else split_src.pos)
        row.split = True


def _own_final_attribution(row: Candidate, at: _Around) -> None:
    """'"…," Roe said. "You cut the staff" to lift the price, she said.': a half that runs on
    into paraphrase with its own attribution at the sentence's end is that attribution's."""
    if not (row.split and _LOWER_START_RE.match(at.post)):
        return
    post = at.post
    end = _SENT_END_RE.search(post)
    clause = post[: end.start() + 1] if end else post
    comma = clause.find(", ")
    while comma >= 0:  # the first ', she said' of the sentence, a participle may follow it
        att = attribution_after(clause[comma:])
        if att and (att[0][:1].isupper() or att[0].lower() in PERSON_PRONOUNS):
            row.attribute(att[0], att[1], row.span.close_at + 1 + comma)
            row.split = False
            return
        comma = clause.find(", ", comma + 2)


def _attribution_before(row: Candidate, at: _Around) -> None:
    """A cue before the opening mark, in the same sentence."""
    if row.unattributed() and at.pre_sent.strip():
        att = cue_or_colon_before(at.pre_sent)
        if att:
            row.attribute(att[0], att[1])


def _sentence_final(row: Candidate, sents: Sentences) -> None:
    """'A clerk who "steals" is punished, Warren said.'"""
    sp = row.span
    if row.unattributed() and sp.close_at >= 0:
        att = final_attribution(sents, sp.para_start, sp.para_end, sp.close_at + 1, sp.para_end)
        if att:
            row.attribute(att[0], att[1], sp.close_at + 1)


def _previous_paragraph(row: Candidate, prev_para_last: Candidate | None, prev_para_end: int, masked: str) -> None:
    """A paragraph made of one quote continues the previous paragraph's speaker."""
    sp = row.span
    if not row.unattributed() or sp.open_at != sp.para_start:
        return
    if prev_para_last is not None and prev_para_last.mention and prev_para_last.span.para_end == prev_para_end \
            and (sp.close_at < 0 or not masked[sp.close_at + 1 : sp.para_end].strip(" .,\u00a0")):
        row.take(prev_para_last)
        row.kind = "block"


def _mark_context(row: Candidate, at: _Around) -> None:
    """What the words before the quote say about it: a naming word, a work's cue, a statement's start."""
    pre = at.pre_seg[-40:]
    row.naming = after_naming_word(pre)
    row.title = is_title_context(pre, at.text)
    full_start = not at.pre_seg.strip() or at.pre_seg.rstrip().endswith((":", ",")) or row.split
    row.full_start = full_start and (row.split or not at.text[:1].islower())
