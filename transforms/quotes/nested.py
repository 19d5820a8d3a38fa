"""Quotes inside quotes: a speaker quoting somebody else.

The outer quote is reported once, as its own row, attributed to the outer speaker (see
``transforms.quotes.body``). This module adds a ``nested`` row for an inner quote only when the
outer speaker names who said it, inside the outer quote: ``“As Hana Ito told us, ‘the budget
is fixed,’ and that settles it,” the councillor said.`` An inner quote whose speaker is not
named (a scare quote, a title, ``he said ‘…’``) gets no row: it stays part of the outer quote.
"""

from __future__ import annotations

import re

from transforms.quotes.speakers import NameIndex
from transforms.quotes.words import CUES, NAMES, PRONOUNS, alt
from transforms.quotes.sources import speaker_type
from transforms.records import Quote

_CUES = CUES.table("nested")
_NAMES = NAMES.table("nested")

# Inner marks: curly single quotes, or straight ones not touching a letter (so apostrophes in
# Russia’s / isn't / the '90s never open or close a quote). Each branch opens with its mark and
# looks behind it after: a pattern opening with literal characters lets re skip to the marks.
_INNER = re.compile(r"‘(?<![\w’']‘)(?P<c>[^‘’\n]{2,500}?)’(?![\w])|'(?<![\w']')(?P<s>[^'\n]{2,500}?)'(?![\w])")
_NAME = r"(?P<name>(?:[A-Z][\w.’'-]+ ){0,3}[A-Z][\w’'-]+)"
_ACCORDING: str = _CUES["according"]
# '…NAME told us, ‘' / '…NAME said: ‘' / 'according to NAME, ‘' just before the inner quote
_BEFORE = re.compile(
    "(?:[" + _ACCORDING[0].upper() + _ACCORDING[0] + "]" + alt([_ACCORDING[1:]], " ") + " " + _NAME.replace("name", "name2")
    + "|" + _NAME + " (?P<cue>" + alt(_CUES["before"], " ") + r")(?: \w+)?)[,:]?\s*$")
# '’ NAME said' / '’, said NAME' just after it
_AFTER = re.compile(
    r"^[,.!?]?\s*(?:" + _NAME + " (?P<cue>" + alt(_CUES["after"], " ") + ")|(?P<cue2>" + alt(_CUES["after_inverted"], " ")
    + ") " + _NAME.replace("name", "name2") + r")\b")

# How much text around an inner quote the name patterns look at: a name, its cue and a word or two
# fit easily; looking at the whole outer quote for each inner one made a long quote quadratic.
_NEAR = 300

# Capitalised words a name run can start with that are not part of the name.
_OPENERS = frozenset(_NAMES["openers"])
_ROLES = frozenset(_NAMES["titles"])
_PRONOUNS = frozenset(w.capitalize() for w in PRONOUNS)


def _name_parts(raw: str) -> tuple[str, str] | None:
    """(mention, name without role) from a capitalised run, or None if no name is left."""
    words = raw.split()
    while words and words[0] in _OPENERS:
        words = words[1:]
    if not words or words[0] in _PRONOUNS:
        return None
    mention = " ".join(words)
    while len(words) > 1 and words[0] in _ROLES:
        words = words[1:]
    return mention, " ".join(words)


def nested_quotes(body: str, quotes: list[Quote], index: NameIndex | None) -> list[Quote]:
    """``nested`` rows for inner quotes whose speaker the outer quote names; ``index`` is the
    body's speaker resolver (None only when the body quotes nothing)."""
    out: list[Quote] = []
    if index is None or "‘" not in body and "'" not in body:
        return out
    speakers = sorted({q.speaker for q in quotes if q.speaker})
    for outer in quotes:
        if outer.kind in ("scare", "title", "nested"):
            continue
        text = outer.quote
        if "‘" not in text and "'" not in text:
            continue  # no inner mark (a cheap test: _INNER's look-behind makes its scan slow)
        for m in _INNER.finditer(text):
            group = "c" if m.group("c") is not None else "s"
            inner_start, inner_end = m.start(group), m.end(group)
            before = _BEFORE.search(text, max(0, m.start() - _NEAR), m.start())
            after = None if before else _AFTER.match(text[m.end() : m.end() + _NEAR])
            hit = before or after
            if not hit:
                continue
            parts = _name_parts(hit.groupdict().get("name") or hit.groupdict().get("name2") or "")
            if parts is None:
                continue
            mention, name = parts
            cue = hit.groupdict().get("cue") or hit.groupdict().get("cue2") or _ACCORDING
            canonical = index.resolve_quoted(name, speakers)
            start = outer.start_char + inner_start
            end = outer.start_char + inner_end
            out.append(Quote(body[start:end], start, end, "nested", canonical, mention, cue, None, outer.start_char, outer.end_char,
                             speaker_type=speaker_type(mention, canonical)))
    return out
