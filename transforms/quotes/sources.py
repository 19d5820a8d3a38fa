"""What kind of source a quote's speaker is: ``person``, ``organisation``, ``document`` or ``unknown``.

:func:`speaker_type` reads the canonical speaker and the mention as written (the word lists are
``sources.toml``):

* a capitalised speaker with an organisation's name word (``Northfield Council``, ``Acme Corp``,
  ``the Kremlin``) is an ``organisation``; any other capitalised name (``Tomas Brandt``, a
  surname) a ``person``: the role said with a name is split off before (``House Speaker Ada Roe``
  is Ada Roe, a person);
* a description is typed by its head noun, the last word before ``of``/``for``/``by``/``at`` …:
  a document noun (``the report``, ``a survey of voters``, ``lobbying disclosures``), an
  organisation noun (``the company``, ``the newspaper``) or a role noun (``the judge``, ``a
  spokesman``: a ``person``);
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
# where a description's head noun ends: before a prepositional or relative tail
_TAIL_RE = re.compile(r"\s(?:" + alt(_LEX.words("descriptions.tail_words")) + r")\s|[,(]")
_ARTICLES = frozenset(ARTICLES)
_PARTICLES = frozenset(NAMES.words("names.particles"))
_WORD_RE = re.compile(r"[^\W\d_][\w'’.&-]*")

TYPES = ("person", "organisation", "document", "unknown")


def _head_noun(description: str) -> str:
    head = _TAIL_RE.split(description, maxsplit=1)[0].strip()
    words = head.split()
    return words[-1].lower().strip(".,;:’'\"") if words else ""


def speaker_type(mention: str | None, speaker: str | None) -> str | None:
    """The source type of a quote whose speaker was written as ``mention`` and resolved to
    ``speaker`` (either may be None); None when neither is given."""
    if not mention and not speaker:
        return None
    text = speaker or mention or ""
    low = text.lower()
    if low in _PERSON_PRONOUNS:
        return "person"
    words = _WORD_RE.findall(text)
    if not words:
        return "unknown"
    first = words[0]
    if first[:1].islower() or first.lower() in _ARTICLES:  # a description: its head noun says
        head = _head_noun(text)
        if head in _DOCUMENTS:
            return "document"
        if head in _ORGANISATIONS:
            return "organisation"
        if head in ROLE_NOUNS:
            return "person"
        if first.lower() in _ARTICLES and len(words) >= 2 and words[1][:1].isupper():
            return "organisation"  # "the Kremlin", "The Harbour Board", as the name index keeps them
        return "unknown"
    if any(w in _ORG_NAME_WORDS or w.rstrip(".") in _ORG_NAME_WORDS for w in words):
        return "organisation"
    if all(w[:1].isupper() or w in _PARTICLES for w in words):
        return "person"
    return "unknown"
