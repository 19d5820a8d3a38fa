"""The body's quotes: spans found, attributed, classified and written as Quote rows.

:func:`body_quotes` runs the named steps in order; see :mod:`transforms.quotes` for the row
conventions, :mod:`~transforms.quotes.attribute` and :mod:`~transforms.quotes.context` for the
attribution rules, :mod:`~transforms.quotes.classify` for the kinds.
"""

from __future__ import annotations

import bisect
import re

from transforms.document import Document, Embed
from transforms.quotes.attribute import Candidate, attribute_spans
from transforms.quotes.classify import classify
from transforms.quotes.context import fill_colon_blocks, fill_from_context, inherit_backwards
from transforms.quotes.names import split_role
from transforms.quotes.sentences import ABBREV_DOT, Sentences, mask, sentence_bounds
from transforms.quotes.spans import QuoteSpan, blank_nicknames, find_quote_spans
from transforms.quotes.speakers import NameIndex
from transforms.quotes.sources import speaker_type
from transforms.quotes.words import PERSON_PRONOUNS
from transforms.records import Quote

_BLANKS_RE = re.compile(" {2,}")


def body_quotes(doc: Document) -> tuple[list[Quote], NameIndex | None]:
    """The quotes of ``doc.body`` in body order, and the body's name index (None when the body
    quotes nothing)."""
    body, embeds = doc.body, doc.embeds
    if not body:
        return [], None
    spans = _spans_outside_embeds(find_quote_spans(body, doc.paragraphs), embeds)
    if not spans and not embeds:
        return [], None
    # the rules read names through nicknames ('Marcia "Cia" Price'); a nickname is a scare quote
    text, spans, nicknames = blank_nicknames(body, spans)
    sents = Sentences(mask(text, spans))
    index = NameIndex(text, [(sp.open_at, sp.end + 1) for sp in spans])
    rows = attribute_spans(body, spans, sents)
    fill_colon_blocks(sents, rows, doc.paragraphs)
    inherit_backwards(sents.masked, rows)
    fill_from_context(sents, rows)
    classify(body, rows)
    if nicknames:
        rows = sorted(rows + [_nickname_row(sp, sents) for sp in nicknames], key=lambda r: r.span.start)
    quotes = _quote_rows(body, rows, sents, index) + [_social_row(e) for e in embeds]
    quotes.sort(key=lambda q: q.start_char)
    return quotes, index


def _spans_outside_embeds(spans: list[QuoteSpan], embeds: list[Embed]) -> list[QuoteSpan]:
    """An embed's words are its social row, never a quote of the body."""
    if not embeds:
        return spans
    starts = [e.start_char for e in embeds]  # sorted, and embeds never overlap

    def in_embed(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < embeds[k].signature_end

    return [sp for sp in spans if not in_embed(sp.start)]


def _quote_rows(body: str, rows: list[Candidate], sents: Sentences, index: NameIndex) -> list[Quote]:
    """Rows with their canonical speaker; a speaker's role, once stated, is carried to his
    later rows that state none."""
    quotes: list[Quote] = []
    roles: dict[str, str] = {}
    # split_role of this article's rows: about 45% of the rows repeat a (mention, speaker) pair
    # of an earlier row (a speaker quoted again as written before); split_role is pure
    split: dict[tuple[str, str], str | None] = {}
    # The latest speaker written as a lone surname the index knows no full name for ("…,"
    # Okafor said): no person of the index, yet the person a later "he" or "she" may stand for
    lone: tuple[int, str] | None = None
    for row in rows:
        sp = row.span
        mention = row.mention.replace(ABBREV_DOT, ".") if row.mention else None
        if mention and "  " in mention:  # a blanked nickname inside the name
            mention = _BLANKS_RE.sub(" ", mention)
        speaker = index.resolve(mention, row.pos) if mention else None
        if mention and row.cue and speaker == mention and " " not in mention and mention[:1].isupper() \
                and mention not in index.by_last and speaker_type(mention, speaker) == "person":
            lone = (row.pos, mention)
        elif lone and mention and mention.lower() in PERSON_PRONOUNS and lone[0] < row.pos \
                and (speaker is None or not index.named_between(speaker, lone[0], row.pos)):
            speaker = lone[1]  # 'Rep. Ada Brook …. "…," Okafor said. He did not …' -> Okafor, not Brook
        role = None
        if speaker:
            assert mention is not None  # a speaker is only resolved from a mention
            try:
                role = split[mention, speaker]
            except KeyError:
                role = split[mention, speaker] = split_role(mention, speaker)
        if speaker and role:
            roles.setdefault(speaker, role)
        elif speaker:
            role = roles.get(speaker)
        if row.kind == "block":
            cs, ce = sp.para_start, sp.para_end
        else:
            cs, ce = sentence_bounds(sents, sp, row.sent_start)
        assert row.kind is not None  # classify() gave every row its kind
        quotes.append(Quote(body[sp.start : sp.end], sp.start, sp.end, row.kind, speaker, mention, row.cue,
                            role, cs, ce, None, None, speaker_type(mention, speaker)))
    return quotes


def _nickname_row(sp: QuoteSpan, sents: Sentences) -> Candidate:
    return Candidate(sp, sp.para_start, sp.close_at, sp.open_at, sents.start(sp.para_start, sp.para_end, sp.open_at),
                     kind="scare")


def _social_row(e: Embed) -> Quote:
    mention = f"{e.author} ({e.handle})" if e.author else e.handle
    return Quote(e.text, e.start_char, e.end_char, "social", e.author, mention, e.cue,
                 None, e.start_char, e.signature_end, e.handle, e.date_text, speaker_type(mention, e.author))
