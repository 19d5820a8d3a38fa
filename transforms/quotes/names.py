"""Personal names in an article's text, and the role written with a name.

* :func:`person_names` — capitalised runs that look like personal names (2–4 tokens), and single
  capitalised words (surname candidates).
* :func:`split_role` — the role or description stated with a name in a mention.
* :func:`transcript_speaker` — ``WALLACE: …`` at the start of a transcript paragraph.
"""

from __future__ import annotations

import re

from transforms.quotes.gender import is_first_name
from transforms.quotes.letters import cased
from transforms.quotes.words import ARTICLES, NAMES, ROLE_NOUNS, SHORT_DETERMINERS, alt

# Words that are capitalised but are not part of a personal name.
SENTENCE_OPENERS = frozenset(NAMES.words("names.sentence_openers"))
NOT_NAME = frozenset(NAMES.words("names.not_a_name")) | SENTENCE_OPENERS
_AMBIGUOUS_FIRST = frozenset(NAMES.words("names.ambiguous_first"))
# never a role alone: honorifics and articles
_HONORIFICS = frozenset(NAMES.words("names.honorifics")) | frozenset(ARTICLES)
# A name token: a capital and small letters of any cased script (transforms/quotes/letters.py),
# with inner capitals (McCaul, MacKenzie, DeSantis), an apostrophe after a first capital
# ("O'Neill", "D'Angelo") and hyphenated or apostrophe parts ("Jean-Luc", "Sullivan-Byrne"); or an
# initial ("J."). It never ends inside a word: the guard after it makes "McCaul" one token, where
# a cut would leave "Mc" as a name and "Caul" as a role. It opens with the capital's class, which
# lets re skip the text between capitals in a tight loop.
_CAP_REST = r"[a-z]+(?:[A-Z][a-z]+)?"  # a capitalised word after its first capital (no backtracking)
_NAME_TOKEN = cased(r"[A-Z](?:(?:['’][A-Z])?" + _CAP_REST + r"(?:[-'’][A-Z]?" + _CAP_REST + r")*(?![a-zA-Z])|\.)")
_NAME_RUN_RE = re.compile(  # up to two particles between tokens ("Ana de la Fuente")
    _NAME_TOKEN + r"(?:(?:'s|’s)?[^\S\n]+(?:(?:" + alt(NAMES.words("names.particles")) + r")[^\S\n]+){0,2}"
    + _NAME_TOKEN + r")*(?:'s|’s)?"
)
_POSS_RE = re.compile(r"(?:'s|’s)$")
# a word of a cased script with its apostrophes and hyphens ("Russia’s", "so-called", "Müller")
WORD_RE = re.compile(cased(r"[A-Za-z][\w'’-]*"))
UPPER_NAME_RE = re.compile(cased(r"^(?P<name>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})\s*:\s+"))


def name_tokens(run: str) -> list[str]:
    """Tokens of a capitalised run after the last possessive and leading role words."""
    toks = run.split()
    # a possessive inside the run ends whatever came before it ("Ukraine's Oleksii Reznikov")
    for i in range(len(toks) - 2, -1, -1):
        if _POSS_RE.search(toks[i]):
            toks = toks[i + 1 :]
            break
    if toks:
        toks[-1] = _POSS_RE.sub("", toks[-1])
    # longest suffix made only of name-like tokens
    out: list[str] = []
    for t in reversed(toks):
        if (t in NOT_NAME or t.rstrip(".") in NOT_NAME or t.lower() in ROLE_NOUNS) and not (t in _AMBIGUOUS_FIRST and out):
            break
        out.append(t)
    out.reverse()
    while out and out[0].endswith(".") and len(out[0]) > 2:  # "Gov." etc. not caught above
        out.pop(0)
    return out


def _run_name(g: str) -> tuple[int, str] | None:
    """(offset in ``g``, name) for one capitalised run, or None when it names nobody."""
    if " " not in g:  # one capitalised word
        w = g[:-2] if g.endswith(("'s", "’s")) else g
        if w not in NOT_NAME and w.rstrip(".") not in NOT_NAME and w.lower() not in ROLE_NOUNS:
            return 0, w
        return None
    toks = name_tokens(g)
    if len(toks) >= 3 and is_first_name(toks[1]) and not is_first_name(toks[0]):
        # a capitalised role or noun before a first name ("Passenger Åsmund Ærø", "Archivist
        # Ole Roe" at a sentence's start) is no part of the name; the word lists cannot hold
        # every such noun, the first-name dictionary (transforms/quotes/gender.py) tells them apart
        toks = toks[1:]
    if 1 <= len(toks) <= 4:
        return (g.rfind(toks[0]) if len(toks) == 1 else g.find(toks[0])), " ".join(toks)
    return None


# Memo of _run_name: the same capitalised runs ("The", "Lavrov", "White House") recur across a
# body and across posts, and person_names is the costliest step of the name index.  Bounded by
# clearing it when full; it never changes a result.
_RUN_MEMO: dict[str, tuple[int, str] | None] = {}
_RUN_MEMO_MAX = 50_000


def person_names(text: str, offset: int = 0) -> list[tuple[int, str]]:
    """(position, name) for each capitalised run in ``text`` that looks like a personal name.

    Full names have 2–4 tokens; single tokens are returned too (surname candidates) so callers
    can decide how to use them.
    """
    out = []
    memo = _RUN_MEMO
    for m in _NAME_RUN_RE.finditer(text):
        g = m.group()
        try:
            hit = memo[g]
        except KeyError:
            if len(memo) >= _RUN_MEMO_MAX:
                memo.clear()
            hit = memo[g] = _run_name(g)
        if hit is not None:
            out.append((offset + m.start() + hit[0], hit[1]))
    return out


_SUBJECT_LEAD_WORDS = frozenset(SHORT_DETERMINERS) | ROLE_NOUNS


def subject_position(text: str, pos: int) -> bool:
    """Is the name at ``pos`` the first thing in its sentence, after role words only?"""
    lo = max(0, pos - 80)
    before = text[lo:pos]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("? "), before.rfind("! "), before.rfind(": "))
    if cut < 0 and lo > 0:
        return False
    head = before[cut + 1 :] if cut >= 0 else before
    for w in WORD_RE.findall(head):
        if w[0].isupper() or w.lower() in _SUBJECT_LEAD_WORDS:
            continue
        return False
    return True


def transcript_speaker(quote: str) -> str | None:
    """``WALLACE: If I may, …`` -> ``WALLACE`` (interview transcripts)."""
    m = UPPER_NAME_RE.match(quote)
    if m and len(m.group("name")) >= 2:
        return m.group("name")
    return None


_WORD_BEFORE_RE = re.compile(cased(r"(?:[A-Z][\w.'’-]*|[A-Z]\.)\s+$"))
_POSS_START_RE = re.compile(r"^(?:'s|’s)\s*")
_PARTY_TAG_RE = re.compile(r"^\([^)]*\)\s*,?\s*")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_" or c == "-"


def _find_word(text: str, word: str) -> int:
    """Index of ``word`` in ``text`` as a whole word (no word character or hyphen either side),
    -1 if absent: what ``(?<![\\w-])word(?![\\w-])`` finds, without compiling a pattern per word."""
    i = text.find(word)
    n = len(word)
    while i >= 0:
        if (i == 0 or not _is_word_char(text[i - 1])) and (i + n == len(text) or not _is_word_char(text[i + n])):
            return i
        i = text.find(word, i + 1)
    return -1


def split_role(mention: str | None, speaker: str | None) -> str | None:
    """The role or description stated with a name in ``mention`` (None when there is none).

    ``("Russian FM Sergey Lavrov", "Sergey Lavrov")`` -> ``"Russian FM"``;
    ``("Ukraine's defense minister, Oleksii Reznikov", ...)`` -> ``"Ukraine's defense minister"``;
    ``("Tomas Brandt, the fire chief", "Tomas Brandt")`` -> ``"the fire chief"``.
    Titles that are only honorifics (Mr, Ms, Dr) are not roles.
    """
    if not mention or not speaker or mention == speaker:
        return None
    i = mention.find(speaker)
    n = len(speaker)
    if i < 0:
        last = speaker.split()[-1]
        i = _find_word(mention, last)
        if i < 0:
            return None
        n = len(last)
        # first names / initials written before the surname belong to the name
        j = i
        while j > 0:
            pm = _WORD_BEFORE_RE.search(mention[:j])
            if pm is None or pm.group().strip().rstrip(".") in NOT_NAME or pm.group().strip().lower() in ROLE_NOUNS:
                break
            j = pm.start()
        n += i - j
        i = j
    before = mention[:i].strip(" ,;:—–-\u00a0")
    after = mention[i + n :].strip(" ,;:—–-\u00a0")
    after = _POSS_START_RE.sub("", after)
    after = _PARTY_TAG_RE.sub("", after).strip(" ,")  # party/state tags: (D-S.C.)
    # an honorific before the name is no part of the role ("Mr. Roe, the law professor")
    parts = [p for p in (before, after) if p and p.rstrip(".").lower() not in _HONORIFICS]
    role = ", ".join(parts)
    if not role or role.rstrip(".").lower() in _HONORIFICS or len(role) < 2:
        return None
    return role
