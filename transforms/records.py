"""Record types the transforms return: plain frozen dataclasses, one per output table row.

Offsets are character offsets into the article body (Python ``str`` indices), so
``body[start_char:end_char]`` is the quote or URL exactly, and so is DuckDB's
``substr(body, start_char + 1, end_char - start_char)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quote:
    quote: str  # the quoted words, without the quotation marks; == body[start_char:end_char]
    start_char: int
    end_char: int
    kind: str  # 'direct' | 'partial' | 'block' | 'social' | 'scare'
    speaker: str | None  # canonical name resolved within the article, None when unknown
    speaker_mention: str | None  # the words naming the speaker as written nearest the quote
    cue: str | None  # attributing verb or phrase: said, told, according to, ...


@dataclass(frozen=True, slots=True)
class Link:
    url: str  # exactly as written; == body[start_char:end_char]
    start_char: int
    end_char: int
    url_normalized: str | None  # scheme added, host lower-cased, tracking parameters dropped
    domain: str | None  # registered domain (eTLD+1), e.g. 'bbc.co.uk'
    kind: str  # see transforms.links.LINK_KINDS
