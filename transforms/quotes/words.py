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


class EndPhrases:
    r"""Phrases a text may end with, compared word by word from its end, case-insensitively
    (blanks of any kind and length between the words; a comma or colon and blanks may follow).

    This stands for an end-anchored regex ``\b(?:phrase|…)\s*[,:]?\s*$`` (letters compared by
    ``str.lower``, which differs from ``re.I`` only for letters like ``ſ`` and ``İ``), which runs once per
    quote: ``re`` has no backward search, so it tries such a pattern at every position of the
    text before the quote, and with ``re.I`` and a hundred phrases that cost ~0.2 µs a character
    (measured with ``timeit``); here it is a split of the last few words and a set look-up."""

    def __init__(self, phrases: list[str]) -> None:
        self.phrases = frozenset(" ".join(p.lower().split()) for p in phrases)
        if not self.phrases or "" in self.phrases:
            raise ValueError(f"end phrases must be words: {phrases}")
        self.most = max(len(p.split()) for p in self.phrases)
        self.finals = tuple(sorted({p.split()[-1] for p in self.phrases}))
        self.width = max(map(len, self.finals))

    def at_end(self, text: str) -> str | None:
        """The phrase (lower case, single blanks) that ends ``text`` and starts at a word
        boundary, the longest when several do; None when none does."""
        t = text.rstrip()
        if t.endswith((",", ":")):
            t = t[:-1].rstrip()
        if not t[-self.width :].lower().endswith(self.finals):  # nearly every text: one C call
            return None
        words = t.rsplit(None, self.most)[-self.most :]
        found = None
        for n in range(1, len(words) + 1):
            rest = " ".join(words[len(words) - n + 1 :]).lower()
            for first in _word_starts(words[-n].lower()):
                phrase = first + " " + rest if rest else first
                if phrase in self.phrases:
                    found = phrase
        return found


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _word_starts(w: str) -> list[str]:
    """``w`` and each of its tails that starts a word after a non-word character (``—the`` ->
    ``—the``, ``the``): where ``\\b`` lets a phrase begin inside a blank-free run."""
    if w.isalnum():
        return [w]
    return [w] + [w[i:] for i in range(1, len(w)) if _is_word_char(w[i]) and not _is_word_char(w[i - 1])]


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


WORK_DETERMINERS: list[str] = [DEFINITE] + _DETS["possessive"]


def work_phrases(naming: list[str], works: list[str], determiners: list[str] = WORK_DETERMINERS) -> list[str]:
    """The phrases :func:`names_a_work` matches, written out for :class:`EndPhrases`."""
    return naming + [d + " " + w for d in determiners for w in works]


def names_a_work(naming: list[str], works: list[str]) -> str:
    """A regex group for words that name a work before its title: one of ``naming`` (``the
    film``-like labels), or the definite article or a possessive and one of ``works`` (``the
    book``, ``her show``). The quote stage's title, headline and naming cues each pass their own
    lists."""
    return "(?:" + alt(naming) + "|(?:" + alt(WORK_DETERMINERS) + r")\s+(?:" + alt(works) + "))"


ARTICLES: list[str] = _DETS["articles"]
INDEFINITE: list[str] = _DETS["indefinite"]
SHORT_DETERMINERS: list[str] = ARTICLES + _DETS["possessive"]  # the a an his her its their
NOUN_PHRASE_DETERMINERS = frozenset(_DETS["noun_phrase"])

ROLE_NOUNS = frozenset(NAMES.words("roles.nouns"))
ROLE_ADJECTIVES = frozenset(NAMES.words("roles.adjectives"))
BAD_FIRST = frozenset(GRAMMAR.words("clauses.bad_first"))
