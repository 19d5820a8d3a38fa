"""The quote stage's hand-tuned fast paths answer as the plain patterns they stand for.

Each fast path skips a regex search when a cheap test shows it cannot match; the plain search is
the oracle, run here on invented texts built from the stage's own word lists (so the texts hit
the patterns' words, their endings and their near misses).
"""

from __future__ import annotations

import bisect
import random
import re

from transforms.quotes import classify, cues, mentions, names, nested, sentences, spans
from transforms.quotes.letters import cased
from transforms.quotes.speakers import NameIndex
from transforms.quotes.words import CUES, GRAMMAR, SHORT_DETERMINERS, WORKS, alt

_TR = GRAMMAR.table("trailing")
_FILLER = ["Jane Roe", "the minister", "said", "Mr\u2024 Roe", "x", "", "Fox News’s", "CNN's", "ROE", "İ", "ſo-called",
           "Karvik", "20", "3rd", "so", "the", "a", "plan", "—", "(D-Utah)"]
_SEPARATORS = [" ", "  ", ", ", " , ", ",", ":", " :", "\u00a0", "\n", " — ", ""]


def _texts(words: list[str], n: int = 3000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pool = words + _FILLER
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, 9)):
            w = rng.choice(pool)
            parts.append(w.upper() if rng.random() < 0.1 else w.capitalize() if rng.random() < 0.2 else w)
            parts.append(rng.choice(_SEPARATORS))
        out.append("".join(parts))
    return out


def test_strip_trailing_is_the_plain_substitution():
    words = (_TR["preps"] + _TR["times"] + _TR["settings"] + _TR["adverbs"] + _TR["auxiliaries"]
             + [d + "day" for d in _TR["day_stems"]] + SHORT_DETERMINERS + ["quietly", "Thursday", "14", "1st"])
    texts = _texts(words) + ["Blinken on Thursday", "Roe, in a statement,", "he later", "Roe on Fox News 12th",
                             "Roe, at the morning briefing", "she had previously", "x " * 40 + "on Monday"]
    for t in texts:
        assert mentions.strip_trailing(t) == mentions._TRAIL_RE.sub("", t), repr(t)


def _plain_end_search(phrases: list[str]) -> re.Pattern[str]:
    """The end-anchored regex an EndPhrases stands for."""
    return re.compile(r"\b(?:" + alt(sorted(phrases, key=len, reverse=True)) + r")\s*[,:]?\s*$", re.I)


def test_naming_and_title_endings_are_the_plain_searches():
    works = WORKS.table("works")
    titles = WORKS.table("titles")
    words = (CUES.words("naming.labels") + titles["naming"] + titles["before_title_case"] + titles["broadcasters"]
             + titles["before_title_case_name"] + sum(works.values(), []) + ["the", "her", "on", "Fox", "News", "—the"])
    ends = [cues._NAMING_END, classify._TITLE_CUES]
    plain = [_plain_end_search(list(e.phrases)) for e in ends]
    for t in _texts(words, 6000):
        if "ſ" in t or "İ" in t:  # str.lower and re.I fold these two apart; no label word holds them
            continue
        for end, pattern in zip(ends, plain, strict=True):
            m = pattern.search(t)
            assert (end.at_end(t) is not None) == (m is not None), repr(t)
            if m is not None:  # the longest phrase, as the longest-first alternation finds it
                assert end.at_end(t) == " ".join(m.group().strip(" ,:\t\n\u00a0").lower().split()), repr(t)


def test_document_cue_is_the_plain_whole_word_search():
    verbs = CUES.words("cues.document_verbs")
    plain = re.compile(r"(?<![\w-])(?:" + alt(sorted(verbs, key=len, reverse=True)) + r")(?![\w-])")
    words = verbs + [v + "s" for v in verbs] + ["re" + v for v in verbs] + [v + "-" for v in verbs] + ["shown", "find"]
    for t in _texts(words, 4000, seed=5):
        hits = [(m.start(), m.end(), m.group()) for m in plain.finditer(t)]
        for start, end in ((0, len(t)), (len(t) // 3, len(t)), (0, len(t) // 2)):
            inside = [h for h in hits if h[0] >= start and h[1] <= end]
            assert cues.document_cue(t, end, start) == (inside[0] if inside else None), repr(t)
            assert cues.document_cue(t, end, start, last=True) == (inside[-1] if inside else None), repr(t)


def test_cue_scan_finds_what_the_plain_cue_pattern_finds():
    words = CUES.words("cues.verbs") + ["according to", "in a written statement", "went on to say", "summed up",
                                        "United", "not", "said-", "-said", "saidx", "ſaid", "AſKED", "İN A statement"]
    for t in _texts(words, 4000, seed=11):
        assert [m.span() for m in cues.CUE_SCAN_RE.finditer(t)] == [m.span() for m in cues.CUE_RE.finditer(t)], repr(t)


def test_patterns_opening_with_a_class_match_as_written_plainly():
    # the plain forms these patterns were rewritten from (each now opens with a class or literal)
    plain_sent = re.compile(cased(r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘«(\[A-Z0-9])"))
    plain_inner = re.compile(r"(?<![\w’'])‘(?P<c>[^‘’\n]{2,500}?)’(?![\w])|(?<![\w'])'(?P<s>[^'\n]{2,500}?)'(?![\w])")
    marks = ["‘", "’", "'", "\"", "“", "”", "«", "»", "„", ".", "!?", ". ", "?” ", ".) ", "Jane Roe's", "McCain", "J.", "O'Neil", "de", "Van"]
    for t in _texts(marks + _TR["preps"], 4000, seed=5):
        assert [m.span() for m in sentences._SENT_END_RE.finditer(t)] == [m.span() for m in plain_sent.finditer(t)]
        assert [m.groupdict() for m in nested._INNER.finditer(t)] == [m.groupdict() for m in plain_inner.finditer(t)]
        assert spans.mark_positions(t) == [m.start() for m in spans._MARKS_RE.finditer(t)]


def _eager_last_person(text: str, skip: list[tuple[int, int]], pos: int) -> str | None:
    """What NameIndex.last_person_before answered when the index listed every person and tested
    each one's subject position up front."""
    idx = NameIndex(text, skip)
    positions, people, subj_positions, subj_people = [], [], [], []
    for p, name in names.person_names(text):
        if any(a <= p < b for a, b in skip):
            continue
        canon = idx.canonical_name(name)
        if canon:
            positions.append(p)
            people.append(canon)
            if names.subject_position(text, p):
                subj_positions.append(p)
                subj_people.append(canon)
    j = bisect.bisect_left(subj_positions, pos) - 1
    if j >= 0:
        return subj_people[j]
    i = bisect.bisect_left(positions, pos) - 1
    return people[i] if i >= 0 else None


def test_lazy_pronoun_lookup_is_the_eager_one():
    clauses = ["Jane Roe praised Tom Brandt", "Minister Brandt met Roe", "In May, Roe said", "he met the mayor",
               "the mayor Jane Roe", "Brandt", "Tom Brandt and Jane Roe", "x" * 90, "They met Ida Wren", "said Wren"]
    ends = [". ", "\n", "? ", ": ", " ", ", ", "! "]
    rng = random.Random(3)
    for _ in range(300):
        t = "".join(rng.choice(clauses) + rng.choice(ends) for _ in range(rng.randint(0, 8)))
        starts = sorted(rng.sample(range(len(t) + 1), min(3, len(t) + 1)))
        skip = [(a, a + rng.randint(1, 15)) for a in starts]
        skip = [sp for k, sp in enumerate(skip) if k == 0 or sp[0] >= skip[k - 1][1]]
        idx = NameIndex(t, skip)
        order = list(range(len(t) + 2))
        rng.shuffle(order)  # the lazy index must not depend on the order of the questions
        for pos in order:
            assert idx.last_person_before(pos) == _eager_last_person(t, skip, pos), (t, skip, pos)
