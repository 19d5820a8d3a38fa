"""An article's word count: the matches of :data:`WORD` in its body.

A word is a run of word characters (``\\w``: letters, digits, underscore, as Python's ``re``
defines them for text), runs joined by one apostrophe (``'`` or ``’``) counting as one word:
``don't`` is one word, ``'tis`` one, ``rock 'n' roll`` three.

:func:`word_count_plain` counts with the regex and is the oracle the tests hold
:func:`word_count` to. :func:`word_count` exists because the regex was the costliest step of
the per-post transform outside the quote stage (0.2 ms of ~0.7 ms per generated post: ``re``
steps through the body one character at a time and builds a string per word). It gets the
same number from C-speed string methods instead (about 4x faster): each distinct non-ASCII
character is replaced by an ASCII stand-in of its class (so ``\\w`` keeps deciding what a word
character is), the ASCII text is mapped byte by byte to ``a`` (word character), ``'``
(apostrophe) or a space (anything else), and the words are counted by where they start (see
:func:`_count_mapped`).
"""

from __future__ import annotations

import re

WORD = re.compile(r"\w+(?:['’]\w+)*")

_WORD_CHAR = re.compile(r"\w")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Past this many distinct non-ASCII characters in one text, one replace per character would
# cost more than the regex: such a text (a script other than Latin, say) is counted by it.
_MAX_STAND_INS = 24


def word_count_plain(text: str) -> int:
    """The number of words in ``text``: the regex's count, the oracle for :func:`word_count`."""
    return len(WORD.findall(text))


def stand_in(char: str) -> str:
    """An ASCII character of the same class as ``char`` for :data:`WORD`: ``a`` for a word
    character, ``'`` for an apostrophe, a space for anything else."""
    return "a" if _WORD_CHAR.match(char) else "'" if char in "'’" else " "


# Each ASCII byte as its class; bytes 128..255 never occur (the text is ASCII when mapped).
_CLASS = bytes(ord(stand_in(chr(i))) for i in range(128)) + b" " * 128


def word_count(text: str) -> int:
    """``word_count_plain(text)``, computed without stepping ``re`` through every character."""
    if not text.isascii():
        chars = set(_NON_ASCII.findall(text))
        if len(chars) > _MAX_STAND_INS:
            return word_count_plain(text)
        for char in chars:
            text = text.replace(char, stand_in(char))
    return _count_mapped(text.encode("ascii").translate(_CLASS))


def _count_mapped(m: bytes) -> int:
    """The words of a text mapped to ``a`` / ``'`` / space, counted by their first character.

    ``WORD`` matches greedily and never needs to back off, so each match is a maximal chain of
    ``a`` runs joined by single apostrophes, and a match starts at an ``a`` exactly when the
    byte before it is not ``a`` and is not an apostrophe that itself follows an ``a`` (that
    apostrophe joins the ``a`` to the word before). The start is thus the text's first byte, or
    comes after ``'`` at the text's start, or after `` ``, `` '`` or ``''``: four patterns that
    cannot overlap themselves or share a start, so ``bytes.count`` counts each exactly.
    """
    return (m[:1] == b"a") + (m[:2] == b"'a") + m.count(b" a") + m.count(b" 'a") + m.count(b"''a")
