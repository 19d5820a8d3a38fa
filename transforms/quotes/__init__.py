"""The quote stage: quotations in a post's body and headline, with their speakers.

One entry point, :func:`article_quotes`, reads the post's :class:`~transforms.document.Document`
(built once by the cleaning stage: its paragraphs and embeds are not re-derived here) and
returns one :class:`~transforms.records.Quote` per quoted region:

* ``quote`` is the text between the marks (marks excluded, surrounding blanks trimmed) and
  ``body[start_char:end_char] == quote`` always holds (headline rows: offsets into the title).
* ``kind``:
    - ``direct``  a whole statement, attributed before/after in the same sentence, or the second
      half of a split quote (``"…," he said. "…"``);
    - ``partial`` a quoted fragment inside paraphrase (``called the rhetoric "dangerous"``);
    - ``block``   a paragraph that opens with a quote continuing a speaker introduced before
      (``X said:`` paragraph, the previous paragraph's speaker, or a multi-paragraph quote).
      Multi-paragraph quotes (each paragraph opens a mark, only the last closes) give **one row
      per paragraph**; the rows after the first are ``block`` rows with the first one's speaker;
    - ``social``  an embedded tweet/Instagram post (the document's embeds);
    - ``scare``   scare quotes and nicknames: nobody's words, speaker None;
    - ``title``   titles of works and shows (after 'the film', 'titled', 'told'/'on' + a Title-Case
      name, title-case quotes with no attribution, quoted subheadings), speaker None;
    - ``nested``  a quote inside a quote whose speaker the outer quote names.
* ``speaker_mention`` is the speaker as written nearest the quote, ``speaker`` the canonical
  name resolved within the article (:mod:`transforms.quotes.speakers`), None when unknown;
  ``speaker_role`` the role stated with the name in the mention ("Russian FM"), else the role an
  earlier row gave the same speaker; ``context_start``/``context_end`` the sentence holding the
  quote and its attribution (block rows: the paragraph; social rows: text + signature lines);
  ``social_handle``/``social_date`` from an embed's signature line.

The stage's modules, in the order a body goes through them: ``spans`` (where quotes open and
close), ``sentences`` (the masked body's sentences), ``attribute`` (rules inside a quote's
sentence), ``context`` (rules across sentences and quotes), ``classify`` (kinds), ``body`` (the
rows), ``nested`` and ``headline``; beneath them ``cues``, ``mentions``, ``names`` and
``speakers``, and ``words`` (the TOML lexicons beside them).
"""

from __future__ import annotations

from dataclasses import replace

from transforms.document import Document
from transforms.quotes.body import body_quotes
from transforms.quotes.headline import headline_quotes, subject_verb_first
from transforms.quotes.nested import nested_quotes
from transforms.records import Quote

__all__ = ["article_quotes"]


def article_quotes(doc: Document) -> tuple[list[Quote], list[Quote]]:
    """The quote stage of one article, as the pipeline runs it: the body's quotes with their
    ``nested`` rows, and the headline's quotes (offsets into ``title``).

    A headline has no sentence to attribute from, so a headline quote keeps its speaker only
    when the body quotes the same person, or when the headline opens with it and a headline verb
    (``Parents Rally To "Reclaim Schools"``); otherwise the headline's first words would pass for
    a speaker.  The body's name index is shared with the headline (built once per article)."""
    body = doc.body
    quotes, index = body_quotes(doc)
    quotes = quotes + nested_quotes(body, quotes, index)
    speakers = {q.speaker for q in quotes if q.speaker}
    title_quotes = [
        q if q.speaker in speakers or subject_verb_first(doc.title, q) else replace(q, speaker=None, speaker_mention=None, speaker_role=None, cue=None, speaker_type=None)
        for q in headline_quotes(doc.title, body, index)
    ]
    return quotes, title_quotes
