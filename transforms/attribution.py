"""Speaker attribution helpers for :mod:`transforms.quotes`.

Pure functions, regex and small word lists only (no NLP model):

* :data:`CUE_RE` — attributing verbs and phrases (said, told, according to, ...).
* :func:`subject_before` — the noun phrase naming the speaker before a cue (``Lavrov said``).
* :func:`attribution_after` — ``," he said`` / ``," said Jane Roe, the minister`` after a quote.
* :class:`NameIndex` — full personal names found in an article, used to resolve a mention
  (``he``, ``Lavrov``, ``Russian FM Sergey Lavrov``) to a canonical name.
"""

from __future__ import annotations

import bisect
import re

from transforms.lexicon import Lexicon

# ---------------------------------------------------------------------------------------------
# Lexicons (TOML beside the stage: transforms/quotes/*.toml)
# ---------------------------------------------------------------------------------------------
_CUES_LEX = Lexicon.beside(__file__, "quotes/cues.toml")
_NAMES_LEX = Lexicon.beside(__file__, "quotes/names.toml")
_GRAMMAR_LEX = Lexicon.beside(__file__, "quotes/grammar.toml")
_WORKS_LEX = Lexicon.beside(__file__, "quotes/works.toml")
_SENT_LEX = Lexicon.beside(__file__, "quotes/sentences.toml")


def alt(words: list[str], blank: str = r"\s+") -> str:
    """A regex alternation of ``words`` as written, in their order; a blank in a word matches
    ``blank`` (any blanks, unless told)."""
    return "|".join(re.escape(w).replace("\\ ", blank) for w in words)


_CUE_PHRASES = tuple(_CUES_LEX.words("cues.phrases"))
_CUE_WORDS = sorted(set(_CUES_LEX.words("cues.verbs")), key=lambda w: (-len(w), w))


def trie_pattern(words: list[str]) -> str:
    """One regex alternation for ``words``, factored by common prefixes (``sa(?:id|ys|y(?:ing)?)``).

    Python's ``re`` tries the branches of a flat alternation one by one at every position; a
    prefix tree fails after a letter or two, which makes the cue search about 4x faster
    (measured by ``benchmarks/bench_quotes.py``).  At one position the longest word still wins,
    as in a longest-first flat alternation."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        alts = [re.escape(k) + emit(node[k]) for k in keys]
        out = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + out + ")?" if "" in node else out

    return emit(tree)


_NOT_AFTER = re.escape(_CUES_LEX.get("cues.not_after"))
CUE_RE = re.compile(r"(?<![\w-])(?<!" + _NOT_AFTER + r" )(?<!" + _NOT_AFTER + r"\u00a0)(?:" + "|".join(_CUE_PHRASES) + "|"
                    + trie_pattern(_CUE_WORDS) + r")(?![\w-])", re.I)
# cues that can open an inverted attribution: ," said Jane Roe
_INVERTING = frozenset(_CUES_LEX.words("cues.inverting"))
_OBJECT_FOLLOWS = _CUES_LEX.get("cues.object_follows")
# Cues that only name or label (scare quote after them when nothing sits between).
_WORKS = _WORKS_LEX.table("works")
_DETS = _GRAMMAR_LEX.table("determiners")
_DEFINITE: str = _DETS["definite"]
_ARTICLES: list[str] = _DETS["articles"]
_ARTICLES_CAP = frozenset(w.capitalize() for w in _ARTICLES)
_ARTICLE_PREFIXES = tuple(w.capitalize() + " " for w in _ARTICLES)
_INDEFINITE = frozenset(_DETS["indefinite"])
_SHORT_DETS: list[str] = _ARTICLES + _DETS["possessive"]  # the a an his her its their
NAMING_RE = re.compile(
    r"(?:" + alt(_CUES_LEX.words("naming.labels")) + "|" + re.escape(_DEFINITE) + r"\s+(?:"
    + alt(_WORKS["screen_and_page"] + _WORKS["press"] + _WORKS["words_as_words"]) + r"))"
    r"\s*[,:]?\s*$",
    re.I,
)

_PRONOUNS = _GRAMMAR_LEX.table("pronouns")
PERSON_PRONOUNS = frozenset(_PRONOUNS["person"])  # he/she: the latest person named
GROUP_PRONOUNS = frozenset(_PRONOUNS["group"])
# pronouns that can be a sentence's subject; "it" and "you" open too many sentences that quote nobody
SUBJECT_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | frozenset(_PRONOUNS["first"])
NAMED_PRONOUNS = SUBJECT_PRONOUNS | frozenset(_PRONOUNS["impersonal"])  # all but "you"
PRONOUNS = NAMED_PRONOUNS | frozenset(_PRONOUNS["addressee"])
_PERSON_PRONOUNS = PERSON_PRONOUNS
_BAD_FIRST = frozenset(_GRAMMAR_LEX.words("clauses.bad_first"))
# Trailing adverbials between a subject and its cue: "Blinken on Thursday said", "he later said".
_TR = _GRAMMAR_LEX.table("trailing")
_TRAIL_RE = re.compile(
    r"(?:\s*,?\s+(?:(?:" + alt(_TR["preps"]) + r")\s+"
    r"(?:(?:" + alt(_TR["determiners"]) + r")\s+)?(?:[A-Z][\w.'’-]*(?:\s+\d{1,2}(?:st|nd|rd|th)?)?|"
    r"\w+day|" + alt(_TR["times"]) + "|"
    r"(?:\w+\s+)?(?:" + alt(_TR["settings"]) + "))|"
    + alt(_TR["adverbs"]) + "|" + alt(_TR["auxiliaries"]) + r"|[a-z]+ly|"
    r"(?:" + alt(_TR["day_stems"]) + r")day))+\s*$"
)
_LEAD_RE = re.compile(r"^(?:(?:" + alt(_GRAMMAR_LEX.words("clauses.leading")) + r")\b[\s,]*)+", re.I)

# Words that are capitalised but are not part of a personal name.
_NOT_NAME = frozenset(_NAMES_LEX.words("names.not_a_name"))
_NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z][a-z]*[A-Z][a-z]+|[A-Z]\.)"
_NAME_RUN_RE = re.compile(
    _NAME_TOKEN + r"(?:(?:'s|’s)?[^\S\n]+(?:(?:" + alt(_NAMES_LEX.words("names.particles")) + r")[^\S\n]+)?"
    + _NAME_TOKEN + r")*(?:'s|’s)?"
)
_POSS_RE = re.compile(r"(?:'s|’s)$")
# a word of Latin letters with its apostrophes and hyphens ("Russia’s", "so-called")
WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_UPPER_NAME_RE = re.compile(r"^(?P<name>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})\s*:\s+")


_ROLE_NOUNS = frozenset(_NAMES_LEX.words("roles.nouns"))


_AMBIGUOUS_FIRST = frozenset(_NAMES_LEX.words("names.ambiguous_first"))


def _name_tokens(run: str) -> list[str]:
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
        if (t in _NOT_NAME or t.rstrip(".") in _NOT_NAME or t.lower() in _ROLE_NOUNS) and not (t in _AMBIGUOUS_FIRST and out):
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
        if w not in _NOT_NAME and w.rstrip(".") not in _NOT_NAME and w.lower() not in _ROLE_NOUNS:
            return 0, w
        return None
    toks = _name_tokens(g)
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


_SUBJECT_LEAD_WORDS = frozenset(_SHORT_DETS) | _ROLE_NOUNS


def _subject_position(text: str, pos: int) -> bool:
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


_DESCRIPTION_DETS = list(dict.fromkeys(_ARTICLES + _DETS["indefinite"]))  # the a an one
_DESCRIPTION_RE = re.compile(r"(?P<det>" + alt(_DESCRIPTION_DETS + [w.capitalize() for w in _DESCRIPTION_DETS]) + r")\s+(?:[a-z][\w'’-]*\s+){0,3}?(?P<head>[a-z][\w-]*)(?=$|[\s,])")


_DESCRIPTION_END_RE = re.compile(r",|\s(?:" + alt(_GRAMMAR_LEX.words("clauses.description_end")) + r")\s")
_SPACE_CAP_RE = re.compile(r"\s[A-Z]")
_THE_NAME_RE = re.compile(r"(?:" + alt([_DEFINITE, _DEFINITE.capitalize()]) + r")\s+[A-Z]")


def _description_core(mention: str) -> str:
    core = _DESCRIPTION_END_RE.split(mention, maxsplit=1)[0].strip()
    return core[0].lower() + core[1:] if core[:4] in _ARTICLE_PREFIXES else core


class NameIndex:
    """Personal names of one article: full names by surname, and the people mentioned outside
    quotes, in order (for pronouns)."""

    __slots__ = ("by_last", "positions", "names", "_cache", "_roles", "subj_positions", "subj_names", "text")

    def __init__(self, text: str, skip: list[tuple[int, int]] = ()):  # type: ignore[assignment]
        runs = person_names(text)
        # surname -> the first full name written with it
        self.by_last: dict[str, str] = {}
        for _, name in runs:
            toks = name.split()
            if len(toks) >= 2 and not all(len(t) <= 2 for t in toks):
                self.by_last.setdefault(toks[-1], name)
        # person mentions (outside quotes) for pronoun resolution
        self._cache: dict[str, str | None] = {}
        self._roles: dict[str, tuple[list[int], list[str]]] = {}
        self.text = text
        self.positions: list[int] = []
        self.names: list[str] = []
        self.subj_positions: list[int] = []  # mentions in subject position (nothing but role words before)
        self.subj_names: list[str] = []
        k, n_skip = 0, len(skip)  # runs and skip are both in text order: walk them together
        for pos, name in runs:
            while k < n_skip and skip[k][0] <= pos:
                k += 1
            if k and pos < skip[k - 1][1]:
                continue  # inside the latest quote opened before it
            canon = self.canonical_name(name)
            if canon:
                self.positions.append(pos)
                self.names.append(canon)
                if _subject_position(text, pos):
                    self.subj_positions.append(pos)
                    self.subj_names.append(canon)

    def canonical_name(self, name: str) -> str | None:
        toks = name.split()
        if len(toks) >= 2:
            return name
        if toks:
            return self.by_last.get(toks[0])
        return None

    def last_person_before(self, pos: int) -> str | None:
        """The person a he/she at ``pos`` most likely refers to: the latest person named in subject
        position (``Roe praised Doe. "…," he said`` -> Roe), else the latest person named."""
        j = bisect.bisect_left(self.subj_positions, pos) - 1
        if j >= 0:
            return self.subj_names[j]
        i = bisect.bisect_left(self.positions, pos) - 1
        return self.names[i] if i >= 0 else None

    def person_with_role(self, role: str, pos: int) -> str | None:
        """``the judge`` -> the latest full name written with that role before ``pos``
        (``Judge Miriam Osei``, ``the judge, Miriam Osei``)."""
        found = self._roles.get(role)
        if found is None:  # one scan of the text per role, then a bisection per lookup (was a scan per lookup)
            rx = re.compile(r"(?<![\w-])(?i:" + re.escape(role) + r")(?:,)?\s+((?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’-]+)")
            found = self._roles[role] = ([], [])
            for m in rx.finditer(self.text):
                canon = self.canonical_name(" ".join(_name_tokens(m.group(1))) or m.group(1))
                if canon and len(canon.split()) >= 2:
                    found[0].append(m.end())
                    found[1].append(canon)
        ends, canons = found
        k = bisect.bisect_right(ends, pos if pos > 0 else len(self.text))
        return canons[k - 1] if k else None

    def resolve(self, mention: str | None, pos: int) -> str | None:
        """Canonical speaker for a mention written at ``pos`` (None when unknown)."""
        if not mention:
            return None
        low = mention.lower()
        if low in _PERSON_PRONOUNS:
            return self.last_person_before(pos)
        if low in PRONOUNS:
            return None
        dm = _DESCRIPTION_RE.match(mention)
        if dm and not _SPACE_CAP_RE.search(mention):  # lower-case description: "the judge", "the coastguard", "a spokesman for the port"
            head = dm.group("head").lower()
            if head in _ROLE_NOUNS:
                who = self.person_with_role(head, pos)
                if who:
                    return who
            if dm.group("det").lower() in _INDEFINITE:
                return None  # an unnamed individual
            return _description_core(mention)
        if mention not in self._cache:
            self._cache[mention] = self._resolve_name(mention)
        return self._cache[mention]

    def _resolve_name(self, mention: str) -> str | None:
        if _THE_NAME_RE.match(mention) and "," not in mention:
            return mention  # "the Kremlin", "The Harbour Board": organisations as written
        best = None
        for pos, name in person_names(mention):
            end = pos + len(name)
            if mention[end : end + 2] in ("'s", "’s") and end + 2 < len(mention):
                continue  # "Fair Power's head of policy, Ada Nwosu": the owner is not the speaker
            toks = name.split()
            if len(toks) >= 2:
                best = name
                break
            canon = self.by_last.get(toks[0])
            if canon:
                best = canon
                break
        if best:
            return best
        m = _UPPER_NAME_RE.match(mention + ": ")
        if m and len(mention) > 1:
            return self.by_last.get(mention.title(), mention)
        # organisations and single surnames stay as written, if capitalised beyond "The"
        words = mention.split()
        if any(w[:1].isupper() for w in words[1:]) or (words and words[0][:1].isupper() and words[0] not in _ARTICLES_CAP):
            return mention if len(words) <= 8 else None
        return None


# ---------------------------------------------------------------------------------------------
# Mention extraction
# ---------------------------------------------------------------------------------------------
def _clean_mention(m: str) -> str:
    m = m.strip().strip(",;:—–-").strip()
    m = _LEAD_RE.sub("", m)
    prev = None
    while prev != m:
        prev = m
        m = _TRAIL_RE.sub("", m).strip().rstrip(",").strip()
    return m


def plausible_mention(m: str) -> bool:
    if not m:
        return False
    words = m.split()
    if len(words) > 14:
        return False
    first = words[0].lower().strip("“\"‘'(")
    if first in _BAD_FIRST:
        return False
    if any(c in m for c in "“”\"?!"):
        return False
    return True


_CLAUSE_WORD_RE = re.compile(r"\b(?:" + alt(_GRAMMAR_LEX.words("clauses.clause_words")) + r")\s")
_DET_RE = re.compile(r"(?:" + alt(_SHORT_DETS) + r")\s")
_DET_I_RE = re.compile(r"(?:" + alt(_SHORT_DETS) + r")\s", re.I)
_RELATIVE_END = frozenset(_GRAMMAR_LEX.words("clauses.relative_end"))
_CAPS_NAME_RE = re.compile(r"[A-Z][\w'’.\u2024-]*(?:\s+[A-Z][\w'’.\u2024-]*){0,3}$")
_CAPS_WORDS_RE = re.compile(r"(?:[A-Z][\w'’.-]*\s*){1,4}$")


def subject_before(text: str) -> str | None:
    """The speaker phrase at the end of ``text``, which ends right before a cue.

    ``In his latest comments Friday, Russian FM Sergey Lavrov`` -> ``Russian FM Sergey Lavrov``;
    ``Jane Roe, the minister,`` -> ``Jane Roe, the minister``.  When the words right before the
    cue are not a noun phrase (``Jane Roe mocked the plan and said``), the subject of the
    sentence is used instead (:func:`lead_subject`).
    """
    t = _clean_mention(text)
    if not t:
        return None
    pm = _PRONOUN_END_RE.search(t)
    if pm and not _SUBORD_END_RE.search(t[: pm.start(1)]):
        return pm.group(1)  # "In the book she describes"; not "X said what she called"
    if _CONJ_END_RE.search(t):
        return lead_subject(t)
    # clause start: after the last ';', ':', dash, or a subordinating word
    cut = max(t.rfind(";"), t.rfind(":"), t.rfind(" — "), t.rfind(" – "), t.rfind(" ― "))
    if cut >= 0:
        t = t[cut + 1 :].lstrip(" —–―")
    m = None
    for m in _CLAUSE_WORD_RE.finditer(t):
        pass
    if m is not None:
        t = t[m.end() :]
    parts = [p.strip() for p in _split_commas(t)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    subj = parts[-1]
    # appositive: "Jane Roe, the minister" / "the minister, Jane Roe"
    if len(parts) >= 2 and _DET_I_RE.match(subj) and parts[-2][:1].isupper():
        subj = parts[-2] + ", " + subj
    elif len(parts) >= 3 and _DET_I_RE.match(subj) and _DET_RE.match(parts[-2]) \
            and _CAPS_NAME_RE.match(parts[-3]):
        subj = parts[-3] + ", " + parts[-2]  # "Jean Roe, the foreign minister of X, a member of Y,"
    elif len(parts) >= 2 and parts[-2].split() and parts[-2].split()[-1][:1].islower() and len(parts[-2].split()) <= 5 \
            and _CAPS_WORDS_RE.match(subj) and not _ADVERBIAL_RE.match(parts[-2]):
        subj = parts[-2] + ", " + subj  # "Ukraine's defense minister, Oleksii Reznikov"
    subj = _clean_mention(subj)
    words = subj.split()
    if words and words[-1].lower() in _RELATIVE_END:
        return None  # relative clause: the cue belongs to someone else
    if not np_like(subj):
        return lead_subject(text) or _trailing_name(subj)
    return subj if plausible_mention(subj) else None


_PRONOUN_END_RE = re.compile(r"(?:^|[\s,;:(])(" + alt(_PRONOUNS["at_clause_end"]) + ")$")
_SUBORD_END_RE = re.compile(r"\b(?:" + alt(_GRAMMAR_LEX.words("clauses.subordinate_end")) + r")\s*,?\s*$", re.I)
_CONJ_END_RE = re.compile(r"(?:^|\s)(?:" + alt(_GRAMMAR_LEX.words("clauses.conjunction_end")) + ")$")
_ADVERBIAL_RE = re.compile(r"(?:" + alt(_GRAMMAR_LEX.words("adverbials.openers")) + r")\b")
_DETERMINERS = frozenset(_DETS["noun_phrase"])
_PLURAL_SPEAKERS = frozenset(_NAMES_LEX.words("roles.plural_speakers"))
_VERBISH_RE = re.compile(r"\s(?:[a-z]+ly|[a-z]{3,}ed|" + alt(_GRAMMAR_LEX.words("verbs.clause_verbs")) + r"|[a-z]+n[’']t)\b")


def _split_commas(t: str) -> list[str]:
    """Split on commas outside parentheses (``Jim Roe (D-S.C.), the leader``)."""
    if "(" not in t:
        return t.split(",")  # no parenthesis opens: every comma splits (the common case, fast)
    out, depth, cur = [], 0, []
    for ch in t:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


_ROLE_THEN_NAME_RE = re.compile(r"(?:[a-z][\w'’-]*\s+){1,4}[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*\s*$")
# "panel Chairman Rep. Jim Roe (R-Utah)", "retired Air Force general Lloyd Roe": lower-case role
# words mixed with capitalised ones, ending in a name (and maybe a party/state tag)
_MIXED_ROLE_NAME_RE = re.compile(
    r"(?P<pre>[a-z][\w'’-]*(?:\s+[A-Za-z][\w'’.\u2024-]*){0,4})\s+[A-Z][\w'’\u2024.-]*[a-z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’.\u2024-]+)*(?:\s+\([^()]{1,20}\))?\s*$")


def _mixed_role_name(m: str) -> bool:
    mm = _MIXED_ROLE_NAME_RE.match(m)
    if mm is None:
        return False
    pre = mm.group("pre").split()
    return all(w[:1].isupper() or w.lower() in _ROLE_NOUNS or w.lower() in _ROLE_ADJ for w in pre) \
        and any(w.lower() in _ROLE_NOUNS or w[:1].isupper() for w in pre)


_ROLE_ADJ = frozenset(_NAMES_LEX.words("roles.adjectives"))


_PERCENT_OR_TO_RE = re.compile(r"\d+%|\bto\b")


def np_like(m: str | None) -> bool:
    """Does ``m`` look like a noun phrase naming a speaker (not a clause or an adverb)?"""
    if not m:
        return False
    words = m.split()
    first = words[0].strip("(")
    low = first.lower()
    if low in PRONOUNS and len(words) == 1:
        return True
    if not (first[:1].isupper() or low in _DETERMINERS or low in _PLURAL_SPEAKERS or _ROLE_THEN_NAME_RE.match(m)
            or _mixed_role_name(m)):
        return False
    if low in _BAD_FIRST or (first[:1].isupper() and _ADVERBIAL_RE.fullmatch(first)):
        return False
    if first[:1].islower() and _mixed_role_name(m):
        return True  # "retired Air Force general Jim Roe": 'retired' is a role word here
    head = m.split(",")[0]  # appositives may hold verbs ("a lawyer who has worked ...")
    if _VERBISH_RE.search(" " + head) or _PERCENT_OR_TO_RE.search(head):
        return False
    return True


_TRAILING_NAME_RE = re.compile(r"(?<=[a-z,] )(?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){0,2})$")
_PREPS = frozenset(_GRAMMAR_LEX.words("clauses.prepositions"))


def _trailing_name(t: str) -> str | None:
    """``In a Bloomberg interview Roe`` -> ``Roe``: a personal name right before the cue, after a
    lower-case word that is not a preposition (``spoke with Roe`` is no subject)."""
    m = _TRAILING_NAME_RE.search(t.strip())
    if m is None:
        return None
    prev = t.strip()[: m.start()].split()
    if not prev or prev[-1].lower().strip(",") in _PREPS or prev[-1].lower() in _BAD_FIRST:
        return None
    name = m.group("name")
    if not person_names(name) or person_names(name)[0][1] != name:
        return None
    return name


_NUMERIC_RE = re.compile(r"[\d\s/.-]+")


_SUBJECT_PRONOUNS = SUBJECT_PRONOUNS


def lead_subject(sentence: str) -> str | None:
    """The subject at the start of a sentence: ``In May, Jane Roe, the mayor, bemoaned …`` ->
    ``Jane Roe, the mayor``; None when it does not look like a speaker."""
    parts = [p.strip() for p in _split_commas(_clean_mention(sentence))]
    while len(parts) > 1 and (_ADVERBIAL_RE.match(parts[0]) or not parts[0] or _NUMERIC_RE.fullmatch(parts[0])):
        parts.pop(0)
    if not parts or not parts[0]:
        return None
    np = parts[0]
    first = np.split(None, 1)[0]
    if first.lower() in _SUBJECT_PRONOUNS:
        return first  # "She remembers the first visit." -> She (the verb need not be one we list)
    cut = _VERBISH_RE.search(" " + np)
    if cut:
        np = np[: max(0, cut.start())].strip()
    elif len(parts) > 2 and _DET_RE.match(parts[1]) and len(parts[1].split()) <= 12:
        np = parts[0] + ", " + parts[1]
    np = _clean_mention(np)
    words = np.split()
    if not words or len(words) > 14:
        return None
    return np if np_like(np) and plausible_mention(np) else None


_DASH_ATTRIBUTION_RE = re.compile(r"[—–―-]+\s*(?P<m>[A-Z][^.;:!?\n]{1,80})")
_SENTENCE_OR_MARK_RE = re.compile(r"[.;!?]\s|[“”\"]")
_CL = _GRAMMAR_LEX.table("clauses")
_AND_BUT_RE = re.compile(r"\s*(?:" + alt(_CL["new_statement"]) + r")\s")
_CLAUSE_DONE_RE = re.compile(r"\s*[.,;]|\s*$")
_TO_REPORTERS_RE = re.compile(r"^\s*(?:" + alt([_CL["audience_before"]]) + r"\s+)?(?:" + alt(_CL["audience"]) + r")\b.*$")
_NOT_A_SPEAKER_RE = re.compile(r"\s*(?:" + alt(_CL["not_a_speaker"]) + r")\b")
_RELATIVE_RE = re.compile(r"\s(?:" + alt(_CL["relative"]) + r")\s")
_CLAUSE_END_RE = re.compile(r"[.;!?:](?=\s|$)|[“\"]")
_AFTER_END_RE = re.compile(
    r"[.;:!?]\s|[.;:!?]$|,\s+(?:" + alt(_CL["after_comma"]) + r")\b|\s+(?:" + alt(_CL["setting_preps"]) + r")\s+(?:"
    + alt(_CL["setting_determiners"]) + r")?\s*(?:" + alt(_CL["settings"]) + r")|\s+(?:" + alt(_CL["day_preps"])
    + r")\s+\w+day\b")


def attribution_after(post: str) -> tuple[str, str, int] | None:
    """Parse an attribution right after a closing mark.

    Returns (mention, cue, consumed) where ``consumed`` is how many characters of ``post`` the
    attribution covers (to the end of its clause), or None.
    """
    lead = len(post) - len(post.lstrip(" ,\u00a0"))
    s = post[lead : lead + 220]
    if not s:
        return None
    # dash attribution: "…" — Jane Roe
    m = _DASH_ATTRIBUTION_RE.match(s)
    if m:
        mention = _clean_mention(m.group("m"))
        if plausible_mention(mention):
            return mention, "—", lead + m.end()
    cue = CUE_RE.search(s)
    if cue is None:
        return None
    before = s[: cue.start()]
    if _SENTENCE_OR_MARK_RE.search(before) or len(before.split()) > 14:
        return None
    consumed_end = _clause_end(s, cue.end())
    if before.strip():
        if _AND_BUT_RE.match(before) and not _CLAUSE_DONE_RE.match(s, cue.end()):
            return None  # '"…," but he said that …': a new statement, not this quote's attribution
        mention = _clean_mention(before)
        if not plausible_mention(mention) or not np_like(mention):
            return None
        return mention, cue.group().lower(), lead + consumed_end
    # cue first: "said Jane Roe, the minister." / "according to the ministry."
    rest = s[cue.end() : consumed_end]
    e = _AFTER_END_RE.search(rest)
    mention = rest[: e.start()] if e else rest
    mention = _TO_REPORTERS_RE.sub("", mention)
    if " ".join(cue.group().lower().split()) not in _INVERTING or _NOT_A_SPEAKER_RE.match(mention):
        return None
    mention = _RELATIVE_RE.split(mention, maxsplit=1)[0]
    words = mention.split()
    if len(words) > 12:
        mention = " ".join(words[:12])
    # "said Jane Roe, the minister" keeps one appositive
    mention = _clean_mention(mention)
    if cue.group().lower().startswith(_OBJECT_FOLLOWS) and mention:
        return None  # ", told the BBC" — object, not speaker
    if not plausible_mention(mention):
        return None
    return mention, cue.group().lower(), lead + consumed_end


_CLAUSE_ABBREVIATIONS = tuple(_SENT_LEX.words("sentences.clause_abbreviations"))


def _clause_end(s: str, start: int) -> int:
    m = _CLAUSE_END_RE.search(s, start)
    while m and s[max(0, m.start() - 3) : m.start()].endswith(_CLAUSE_ABBREVIATIONS):
        m = _CLAUSE_END_RE.search(s, m.end())
    return m.end() if m and m.group() not in "“\"" else (m.start() if m else len(s))


def transcript_speaker(quote: str) -> str | None:
    """``WALLACE: If I may, …`` -> ``WALLACE`` (interview transcripts)."""
    m = _UPPER_NAME_RE.match(quote)
    if m and len(m.group("name")) >= 2:
        return m.group("name")
    return None


_WORD_BEFORE_RE = re.compile(r"(?:[A-Z][\w.'’-]*|[A-Z]\.)\s+$")
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
            if pm is None or pm.group().strip().rstrip(".") in _NOT_NAME or pm.group().strip().lower() in _ROLE_NOUNS:
                break
            j = pm.start()
        n += i - j
        i = j
    before = mention[:i].strip(" ,;:—–-\u00a0")
    after = mention[i + n :].strip(" ,;:—–-\u00a0")
    after = _POSS_START_RE.sub("", after)
    after = _PARTY_TAG_RE.sub("", after).strip(" ,")  # party/state tags: (D-S.C.)
    parts = [p for p in (before, after) if p]
    role = ", ".join(parts)
    if not role or role.rstrip(".").lower() in _HONORIFICS or len(role) < 2:
        return None
    return role


_HONORIFICS = frozenset(_NAMES_LEX.words("names.honorifics")) | frozenset(_ARTICLES)  # never a role alone
