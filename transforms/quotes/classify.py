"""The kind of each quote: direct, partial, block, scare or title (see transforms.quotes).

Social and nested rows get their kind where they are made; the body's spans get theirs in
:func:`classify` once every attribution rule has run. The title tests are used by the
attribution rules too (a quoted title inside an attribution does not split a quote).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from transforms.quotes.letters import cased
from transforms.quotes.names import WORD_RE
from transforms.quotes.words import WORKS, EndPhrases, alt, work_phrases

if TYPE_CHECKING:
    from transforms.quotes.attribute import Candidate

_WORKS = WORKS.table("works")
_TITLES = WORKS.table("titles")
_TITLE_WORKS = _WORKS["screen_and_page"] + _WORKS["press"] + _WORKS["verse"] + _WORKS["body_only"]
# Words a title follows: a work's label, or an 'on' or 'the' before a Title Case name (works.toml)
_TITLE_CUES = EndPhrases(work_phrases(_TITLES["naming"], _TITLE_WORKS) + _TITLES["before_title_case"]
                         + _TITLES["before_title_case_name"])
_NAMES_A_WORK = frozenset(EndPhrases(work_phrases(_TITLES["naming"], _TITLE_WORKS)).phrases)
# An owner's possessive before a title: 'CNN’s "…"', 'on Fox News’s "…"' (searched at the end only)
_TITLE_OWNER_RE = re.compile(cased(
    r"(?:^|\s)(?:(?:" + alt(_TITLES["broadcasters"]) + r")[’']s"
    r"|" + re.escape(_TITLES["before_outlet"]) + r"\s+(?-i:(?:[A-Z][\w.]*\s+){0,2}[A-Z][\w.]*)[’']s)"
    r"\s*[,:]?\s*$"),
    re.I,
)
_ONE_TITLE_WORD_RE = re.compile(cased(r"[A-Z][\w’'-]+[,.]?"))
_TITLE_SMALL_WORDS = frozenset(_TITLES["small_words"])


def quote_words(text: str) -> int:
    return len(text.split())


def is_title_like(text: str) -> bool:
    """Title Case, at most six words ("Meet the Press")."""
    words = WORD_RE.findall(text)
    if not words or len(words) > 6:
        return False
    return all(w[0].isupper() or w in _TITLE_SMALL_WORDS for w in words) and words[0][0].isupper()


def is_title_context(pre: str, text: str) -> bool:
    """A quoted title of a work: after 'the film', 'titled', or 'on'/'told' + a title-case name."""
    cue = _TITLE_CUES.at_end(pre)
    if cue is None:
        tail = pre.rstrip().rstrip(",:").rstrip()
        if not tail.endswith(("'s", "’s")) or _TITLE_OWNER_RE.search(tail, max(0, len(tail) - 80)) is None:
            return False
    elif cue in _NAMES_A_WORK:  # 'the film', 'her show': a title whatever its case
        return True
    return is_title_like(text) and len(text.split()) >= 2 or bool(_ONE_TITLE_WORD_RE.fullmatch(text))


def classify(body: str, rows: list[Candidate]) -> None:
    """Set the kind of every candidate (a title or scare quote loses its speaker)."""
    for row in rows:
        sp = row.span
        text = body[sp.start : sp.end]
        if sp.open_at == sp.para_start and sp.close_at == sp.para_end - 1 and not sp.continues:
            if is_title_like(text) and 2 <= quote_words(text) <= 8:
                _nobody(row, "title")  # a quoted subheading
                continue
        if row.kind is not None:
            continue
        nwords = quote_words(text)
        if row.cont:
            row.kind = "block"
        elif row.title and nwords <= 12:
            _nobody(row, "title")
        elif row.naming and nwords <= 8:
            _nobody(row, "scare")
        elif row.mention is None and (nwords <= 3 or is_title_like(text)):
            _nobody(row, "title" if is_title_like(text) and nwords >= 2 else "scare")
        else:
            row.kind = "direct" if row.full_start else "partial"


def _nobody(row: Candidate, kind: str) -> None:
    row.kind, row.mention, row.cue = kind, None, None
