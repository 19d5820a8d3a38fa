"""Record types the transforms return: plain frozen dataclasses, one per output table row
(and the reject of a file that is not a usable post).

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
    kind: str  # 'direct' | 'partial' | 'block' | 'social' | 'scare' | 'title'
    speaker: str | None  # canonical name resolved within the article, None when unknown
    speaker_mention: str | None  # the words naming the speaker as written nearest the quote
    cue: str | None  # attributing verb or phrase: said, told, according to, ...
    # --- added in v2 (all default to None so older callers keep working) ---
    speaker_role: str | None = None  # role/description stated with the name: "Russian FM", "the fire chief"
    context_start: int | None = None  # the sentence holding the quote (its attribution included);
    context_end: int | None = None  # for block/social rows the paragraph(s). body[context_start:context_end]
    social_handle: str | None = None  # kind 'social': the account handle as written, e.g. "@nwadhams"
    social_date: str | None = None  # kind 'social': the post date as written in the signature line
    speaker_type: str | None = None  # 'person' | 'organisation' | 'document' | 'unknown'; None without a mention (transforms/quotes/sources.py)


@dataclass(frozen=True, slots=True)
class Link:
    url: str  # exactly as written; == body[start_char:end_char] when place == 'body'
    start_char: int | None  # None only for links outside the body (place != 'body')
    end_char: int | None
    url_normalized: str | None  # scheme added, host lower-cased, tracking parameters dropped
    domain: str | None  # registered domain (eTLD+1), e.g. 'bbc.co.uk'
    kind: str  # see transforms.links.hosts.LINK_KINDS
    host: str | None = None  # lower-cased host ('pic.twitter.com'); the address's domain for an email
    place: str = "body"  # where it was found: see transforms.links.LINK_PLACES
    is_shortlink: bool = False  # on a URL shortener: cannot be expanded offline


@dataclass(frozen=True, slots=True)
class Reject:
    """A file that is not a usable post: a short code and a sentence a person can act on."""

    code: str  # empty | binary | undecodable | too_large | boilerplate_only | no_body | transform_error
    reason: str
    encoding: str | None = None
