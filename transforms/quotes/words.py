"""The quote stage's lexicons (the TOML files beside this module), read once at import.

Every word list the stage's rules use is in those files; the modules read them through the
handles below and build their patterns with :func:`alt`. Pronoun and determiner classes used
by several modules are derived here once.
"""

from __future__ import annotations

import re

from transforms.lexicon import Lexicon

CUES = Lexicon.beside(__name__, "cues.toml")
NAMES = Lexicon.beside(__name__, "names.toml")
GRAMMAR = Lexicon.beside(__name__, "grammar.toml")
WORKS = Lexicon.beside(__name__, "works.toml")
HEADLINE = Lexicon.beside(__name__, "headline.toml")
SENTENCES = Lexicon.beside(__name__, "sentences.toml")
SPANS = Lexicon.beside(__name__, "spans.toml")


def alt(words: list[str], blank: str = r"\s+") -> str:
    """A regex alternation of ``words`` as written, in their order; a blank in a word matches
    ``blank`` (any blanks, unless told)."""
    return "|".join(re.escape(w).replace("\\ ", blank) for w in words)


class Ending:
    r"""The words an end-anchored pattern ``(?:…)\s*[,:]?\s*$`` can end with, for a cheap test
    before searching it.

    ``re`` tries such a pattern at every position of the text, and nearly every text ends with
    none of its words: :meth:`possible` (a strip and one ``str.endswith``) rules those out, and
    the pattern is searched only when it says True.  ``words`` are the pattern's alternatives as
    written (a blank where blanks stand): only the last word of each can end a match.  Non-ASCII
    tails always pass, since ``re``'s case folding and ``str.lower`` differ beyond ASCII."""

    __slots__ = ("finals", "width")

    def __init__(self, words: list[str]) -> None:
        self.finals = tuple(sorted({w.split()[-1].lower() for w in words}))
        if any(not f or f[-1].isspace() or f[-1] in ",:" for f in self.finals):
            raise ValueError(f"an ending must end with a word: {self.finals}")
        self.width = max(map(len, self.finals))

    def possible(self, text: str) -> bool:
        """False only when no match of the pattern can end ``text``."""
        t = text.rstrip()
        if t.endswith((",", ":")):
            t = t[:-1].rstrip()
        tail = t[-self.width :]
        return not tail.isascii() or tail.lower().endswith(self.finals)


_PRONOUNS = GRAMMAR.table("pronouns")
PERSON_PRONOUNS = frozenset(_PRONOUNS["person"])  # he/she: the latest person named
GROUP_PRONOUNS = frozenset(_PRONOUNS["group"])
# pronouns that can be a sentence's subject ("it" and "you" open too many sentences that quote nobody)
SUBJECT_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | frozenset(_PRONOUNS["first"])
NAMED_PRONOUNS = SUBJECT_PRONOUNS | frozenset(_PRONOUNS["impersonal"])  # all but the addressee
PRONOUNS = NAMED_PRONOUNS | frozenset(_PRONOUNS["addressee"])
PRONOUNS_AT_CLAUSE_END: list[str] = _PRONOUNS["at_clause_end"]

_DETS = GRAMMAR.table("determiners")
DEFINITE: str = _DETS["definite"]


def names_a_work(naming: list[str], works: list[str]) -> str:
    """A regex group for words that name a work before its title: one of ``naming`` (``the
    film``-like labels), or the definite article and one of ``works`` (``the book``). The
    quote stage's title, headline and naming cues each pass their own lists."""
    return "(?:" + alt(naming) + "|" + re.escape(DEFINITE) + r"\s+(?:" + alt(works) + "))"
ARTICLES: list[str] = _DETS["articles"]
INDEFINITE: list[str] = _DETS["indefinite"]
SHORT_DETERMINERS: list[str] = ARTICLES + _DETS["possessive"]  # the a an his her its their
NOUN_PHRASE_DETERMINERS = frozenset(_DETS["noun_phrase"])

ROLE_NOUNS = frozenset(NAMES.words("roles.nouns"))
ROLE_ADJECTIVES = frozenset(NAMES.words("roles.adjectives"))
BAD_FIRST = frozenset(GRAMMAR.words("clauses.bad_first"))
