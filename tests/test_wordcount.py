"""The word count's fast path (transforms/wordcount.py) gives the regex's count on every input."""

import itertools
import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from transforms import wordcount
from transforms.wordcount import word_count, word_count_plain

# One character of each class the count can tell apart: ASCII word characters (letter, digit,
# underscore), non-ASCII word characters (a letter, a digit, a number that is no digit), the two
# apostrophes, ASCII and non-ASCII non-word characters (a combining mark is not \w), a newline,
# a lone surrogate.
_CLASSES = "a7_é٣½'’ -—\u0301\n\ud800"

# The roles a character's neighbours give it: alone, inside a word, after and before an
# apostrophe, between curly apostrophes, between straight ones; each as (before, after) it.
_CONTEXTS = (("", ""), ("x", "x"), ("x'", ""), ("", "'x"), ("x’", "’x"), ("'", "'"))


def _in_context(chars: list[str], before: str, after: str) -> str:
    return before + (after + " " + before).join(chars) + after


def test_every_code_point_has_a_stand_in_of_its_class():
    """WORD reads a character through two questions only (is it ``\\w``, is it an apostrophe),
    so a character and its stand-in play the same role in every context when they answer both
    alike: checked here for every code point, surrogates included."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    stood_in = "".join(map(wordcount.stand_in, every))
    assert stood_in.isascii() and len(stood_in) == len(every)
    word = re.compile(r"\w")
    assert [m.start() for m in word.finditer(every)] == [m.start() for m in word.finditer(stood_in)]
    assert [i for i, c in enumerate(stood_in) if c == "'"] == sorted(map(ord, "'’"))


def test_blocks_of_code_points_count_as_the_regex_counts_them():
    step = wordcount._MAX_STAND_INS  # distinct characters per text: the fast path is what runs
    for first in range(0, 0x3400, step):  # the scripts of Europe, Asia's alphabets, symbols
        chars = [chr(c) for c in range(first, first + step)]
        text = "\n".join(_in_context(chars, *ctx) for ctx in _CONTEXTS)
        assert word_count(text) == word_count_plain(text), hex(first)


def test_every_short_string_over_the_classes():
    for n in range(1, 5):
        for chars in itertools.product(_CLASSES, repeat=n):
            text = "".join(chars)
            assert word_count(text) == word_count_plain(text), ascii(text)


@given(st.text(alphabet=st.sampled_from(_CLASSES), max_size=60))
def test_strings_of_the_classes(text):
    assert word_count(text) == word_count_plain(text)


@given(st.text(max_size=300))
def test_any_text(text):
    assert word_count(text) == word_count_plain(text)


def test_many_distinct_characters_fall_back_to_the_regex():
    text = " ".join(chr(c) + "x’" + chr(c + 1) for c in range(0x4E00, 0x4E00 + 3 * wordcount._MAX_STAND_INS, 3))
    assert len({c for c in text if not c.isascii()}) > wordcount._MAX_STAND_INS
    assert word_count(text) == word_count_plain(text) == wordcount._MAX_STAND_INS


def test_examples():
    assert word_count("don't stop: rock 'n' roll, ’tis 1,000 ‘words’ -- ok_go!") == 10
    assert word_count("") == word_count("  '’ ") == 0
