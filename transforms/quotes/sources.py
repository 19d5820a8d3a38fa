"""What kind of source a quote's speaker is: ``person``, ``organisation``, ``document`` or ``unknown``.

:func:`speaker_type` reads the canonical speaker and the mention as written (the word lists are
``sources.toml``):

* a capitalised speaker with an organisation's name word (``Northfield Council``, ``Acme Corp``,
  ``the Kremlin``) is an ``organisation``; any other capitalised name (``Tomas Brandt``, a
  surname) a ``person``: the role said with a name is split off before (``House Speaker Ada Roe``
  is Ada Roe, a person);
* a description is typed by its head noun, its last word before a comma or ``of``/``for``/``by``
  …: a document noun (``the report``, ``a survey of voters``, ``lobbying disclosures``), an
  organisation noun (``the company``, ``Clinton's campaign``) or a person noun (``the judge``,
  ``a spokesman``, ``my mother``: a ``person``);
* a pronoun: ``he``/``she``/``I`` a ``person``; ``they``/``we``, and anything else, ``unknown``.

None when the quote has no speaker mention at all (scare quotes, titles, unattributed rows).
"""

from __future__ import annotations

import re

from transforms.lexicon import Lexicon
from transforms.quotes.words import ARTICLES, NAMES, ROLE_NOUNS, alt

_LEX = Lexicon.beside(__name__, "sources.toml")
_DOCUMENTS = frozenset(_LEX.words("documents.nouns"))
_ORGANISATIONS = frozenset(_LEX.words("organisations.nouns"))
_ORG_NAME_WORDS = frozenset(_LEX.words("organisations.name_words"))
_PERSON_PRONOUNS = frozenset(_LEX.words("people.pronouns"))
_PERSON_NOUNS = frozenset(_LEX.words("people.nouns"))
# where a description's head noun ends: before a prepositional or relative tail
_TAIL_RE = re.compile(r"\s(?:" + alt(_LEX.words("descriptions.tail_words")) + r")\s|[,(]")
_ARTICLES = frozenset(ARTICLES)
_PARTICLES = frozenset(NAMES.words("names.particles"))
_WORD_RE = re.compile(r"[^\W\d_][\w'’.&-]*")

TYPES = ("person", "organisation", "document", "unknown")


def is_organisation_noun(noun: str) -> bool:
    """Is ``noun`` (lower case) the head of a description of an organisation ("the board")?"""
    return noun in _ORGANISATIONS


# Memo of _type_of: the same speakers and mentions recur across a body's rows and across posts.
# Bounded by clearing it when full; it never changes a result.
_MEMO: dict[str, str] = {}
_MEMO_MAX = 50_000


def speaker_type(mention: str | None, speaker: str | None) -> str | None:
    """The source type of a quote whose speaker was written as ``mention`` and resolved to
    ``speaker`` (either may be None); None when neither is given."""
    text = speaker or mention
    if not text:
        return None
    try:
        return _MEMO[text]
    except KeyError:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        kind = _MEMO[text] = _type_of(text)
        return kind


def _type_of(text: str) -> str:
    if text.lower() in _PERSON_PRONOUNS:
        return "person"
    # the head of the mention: before a comma, a parenthesis or a prepositional tail
    # ("Ada Roe, a city councillor", "Roe (D-Ohio)", "a survey of voters")
    words = _WORD_RE.findall(_TAIL_RE.split(text, maxsplit=1)[0])
    if not words:
        return "unknown"
    head = words[-1]
    if not head[:1].isupper():  # a description ("the report", "Clinton's campaign"): its head noun says
        noun = head.lower().rstrip(".")
        if noun in _DOCUMENTS:
            return "document"
        if noun in _ORGANISATIONS:
            return "organisation"
        if noun in ROLE_NOUNS or noun in _PERSON_NOUNS:
            return "person"
        return "unknown"
    # a name ("Northfield Council", "the Kremlin", "Ada de la Roe")
    if any(w in _ORG_NAME_WORDS or w.rstrip(".") in _ORG_NAME_WORDS for w in words):
        return "organisation"
    if words[0].lower() in _ARTICLES:  # "the Kremlin", "The Harbour Board", as the name index keeps them; not a bare "The"
        return "organisation" if len(words) >= 2 else "unknown"
    if all(w[:1].isupper() or w in _PARTICLES for w in words):
        return "person"
    return "unknown"
