"""The per-post document every stage reads: built once by the cleaning stage.

A :class:`Document` is the cleaned post: its title, its body, the body's paragraphs, the
social posts embedded in it, and the furniture lines removed around it. The quote and link
stages read it and never re-derive any of it, so they cannot disagree about where a
paragraph or an embed is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Embed:
    """An embedded social post kept in the body: its text line and its signature line."""

    kind: str  # 'tweet' | 'instagram'
    text: str  # the post's words: == body[start_char:end_char] (a trailing pic/t.co link excluded)
    author: str | None  # the name in the signature line, as written
    handle: str  # the account as written in the signature line, '@' included: '@janeroe'
    date: date | None  # the day in the signature line
    start_char: int
    end_char: int
    signature_end: int  # end of the signature line: body[start_char:signature_end] is the whole embed
    date_text: str | None  # the date as written in the signature line
    cue: str  # the verb a quote row of it carries: 'tweeted' | 'posted'


@dataclass(slots=True)
class Document:
    title: str
    body: str
    paragraphs: list[tuple[int, int]]  # (start, end) of each non-blank body line, blanks trimmed
    embeds: list[Embed] = field(default_factory=list)  # in body order, never overlapping
    removed: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, 'header'|'footer'|'body', line), in document order


def paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``body`` that is not blank, surrounding blanks trimmed."""
    out = []
    for m in _LINE.finditer(body):
        s, e = m.span()
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out
