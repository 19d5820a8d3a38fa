"""The speaker as written: the noun phrase a cue points at, before or after it.

* :func:`subject_before` — the phrase right before a cue (``Russian FM Sergey Lavrov said``).
* :func:`lead_subject` — the subject opening a sentence (``In May, Jane Roe, the mayor, …``).
* :func:`attribution_after` — ``," he said`` / ``," said Jane Roe, the minister`` after a quote.
* :func:`plausible_mention` / :func:`np_like` — does a phrase look like a speaker at all?
"""

from __future__ import annotations

import re

from transforms.quotes.letters import cased
from transforms.quotes.cues import CUE_SCAN_RE, INVERTING, OBJECT_FOLLOWS, document_cue
from transforms.quotes.names import SENTENCE_OPENERS, person_names
from transforms.quotes.sources import speaker_type
from transforms.quotes.words import (
    BAD_FIRST,
    GRAMMAR,
    NAMES,
    NOUN_PHRASE_DETERMINERS,
    PRONOUNS,
    PRONOUNS_AT_CLAUSE_END,
    ROLE_ADJECTIVES,
    ROLE_NOUNS,
    SENTENCES,
    SHORT_DETERMINERS,
    SUBJECT_PRONOUNS,
    alt,
)

# Trailing adverbials between a subject and its cue: "Blinken on Thursday said", "he later said".
_TR = GRAMMAR.table("trailing")
_TRAIL_RE = re.compile(cased(
    r"(?:\s*,?\s+(?:(?:" + alt(_TR["preps"]) + r")\s+"
    r"(?:(?:" + alt(SHORT_DETERMINERS) + r")\s+)?(?:[A-Z][\w.'’-]*(?:\s+\d{1,2}(?:st|nd|rd|th)?)?|"
    r"\w+day|" + alt(_TR["times"]) + "|"
    r"(?:\w+\s+)?(?:" + alt(_TR["settings"]) + "))|"
    + alt(_TR["adverbs"]) + "|" + alt(_TR["auxiliaries"]) + r"|[a-z]+ly|"
    r"(?:" + alt(_TR["day_stems"]) + r")day))+\s*$"
))
_LEAD_RE = re.compile(r"^(?:(?:" + alt(GRAMMAR.words("clauses.leading")) + r")\b[\s,]*)+", re.I)


def _most_words(words: list[str]) -> int:
    return max(len(w.split()) for w in words)


# How many of a text's last words one adverbial of _TRAIL_RE can touch: a preposition, a
# determiner and a name with a day number (2 words), a time, or a word and a setting; or one
# adverb or auxiliary; plus a comma written apart or stuck to the word before (", on Monday").
_TRAIL_WORDS = 1 + max(
    _most_words(_TR["preps"]) + _most_words(SHORT_DETERMINERS)
    + max(2, _most_words(_TR["times"]), 1 + _most_words(_TR["settings"])),
    _most_words(_TR["adverbs"]), _most_words(_TR["auxiliaries"]),
)


def strip_trailing(m: str) -> str:
    r"""``_TRAIL_RE.sub("", m)``, searched in full only when it matches in ``m``'s last words.

    The pattern ends in ``\s*$``, so ``re`` tries it at every position of the text (mentions
    are often whole sentence openings), and it rarely matches. Any match ends with one
    adverbial, which starts within the last ``_TRAIL_WORDS`` words: when the pattern finds
    nothing from there, it finds nothing at all."""
    parts = m.rsplit(None, _TRAIL_WORDS)
    if len(parts) > _TRAIL_WORDS and _TRAIL_RE.search(m, len(parts[0])) is None:
        return m
    return _TRAIL_RE.sub("", m)


def clean_mention(m: str) -> str:
    m = m.strip().strip(",;:—–-").strip()
    lead = _LEAD_RE.match(m)  # anchored at the start: at most this one match to take off
    if lead:
        m = m[lead.end() :]
    prev = None
    while prev != m:
        prev = m
        m = strip_trailing(m).strip().rstrip(",").strip()
    return m


# "Only 52 percent of registered voters": a share of a group, ending in the group's noun phrase
_SHARE_HEDGES = GRAMMAR.words("determiners.share_hedges")
_SHARE_RE = re.compile(
    r"(?:(?:" + alt(_SHARE_HEDGES) + r")\s+)?\d[\d.,]*\s*(?:"
    + alt(GRAMMAR.words("determiners.share_units")) + r")(?:\s+of\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3})?$", re.I)
_SHARE_FIRST = frozenset(_SHARE_HEDGES)


def is_share(m: str) -> bool:
    """``Only 52 percent of registered voters``: a share of a group (see ``_SHARE_RE``).  The
    regex runs only on a mention opening with a digit or a hedge word (np_like asks of every
    mention, and nearly none is a share)."""
    if not m[:1].isdigit():
        blank = m.find(" ")
        if blank < 0 or m[:blank].lower() not in _SHARE_FIRST:
            return False
    return _SHARE_RE.match(m) is not None


def plausible_mention(m: str) -> bool:
    if not m:
        return False
    words = m.split()
    if len(words) > 14:
        return False
    first = words[0].lower().strip("“\"‘'(")
    if first in BAD_FIRST and not is_share(m):
        return False
    if words[0].rstrip(",") in SENTENCE_OPENERS and (len(words) == 1 or words[0].endswith(",")):
        return False  # "Yes, it was hot, said Roe": a sentence opener is nobody
    if any(c in m for c in "“”\"?!"):
        return False
    return True


_CLAUSE_WORD_RE = re.compile(r"\b(?:" + alt(GRAMMAR.words("clauses.clause_words")) + r")\s")
_DET_RE = re.compile(r"(?:" + alt(SHORT_DETERMINERS) + r")\s")
_DET_I_RE = re.compile(r"(?:" + alt(SHORT_DETERMINERS) + r")\s", re.I)
_RELATIVE_END = frozenset(GRAMMAR.words("clauses.relative_end"))
_CAPS_NAME_RE = re.compile(cased(r"[A-Z][\w'’.\u2024-]*(?:\s+[A-Z][\w'’.\u2024-]*){0,3}$"))
_CAPS_WORDS_RE = re.compile(cased(r"(?:[A-Z][\w'’.-]*\s*){1,4}$"))


def subject_before(text: str) -> str | None:
    """The speaker phrase at the end of ``text``, which ends right before a cue.

    ``In his latest comments Friday, Russian FM Sergey Lavrov`` -> ``Russian FM Sergey Lavrov``;
    ``Jane Roe, the minister,`` -> ``Jane Roe, the minister``.  When the words right before the
    cue are not a noun phrase (``Jane Roe mocked the plan and said``), the subject of the
    sentence is used instead (:func:`lead_subject`).
    """
    t = clean_mention(text)
    if not t:
        return None
    pm = _PRONOUN_END_RE.search(t)
    if pm and not _SUBORD_END_RE.search(t[: pm.start(1)]):
        return pm.group(1)  # "In the book she describes"; not "X said what she called"
    if _CONJ_END_RE.search(t):
        # "Jane Roe mocked the plan and said"; "Later, when the talk turned to it, I laughed and
        # said": the subject of the last clause, when the sentence's own opening is none
        return lead_subject(t) or lead_subject(_split_commas(t)[-1])
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
    subj = clean_mention(subj)
    words = subj.split()
    if words and words[-1].lower() in _RELATIVE_END:
        return None  # relative clause: the cue belongs to someone else
    if not np_like(subj):
        return lead_subject(text) or _trailing_name(subj)
    return subj if plausible_mention(subj) else None


_PRONOUN_END_RE = re.compile(r"(?:^|[\s,;:(])(" + alt(PRONOUNS_AT_CLAUSE_END) + ")$")
_SUBORD_END_RE = re.compile(r"\b(?:" + alt(GRAMMAR.words("clauses.subordinate_end")) + r")\s*,?\s*$", re.I)
_CONJ_END_RE = re.compile(r"(?:^|\s)(?:" + alt(GRAMMAR.words("clauses.conjunction_end")) + ")$")
_ADVERBIAL_RE = re.compile(r"(?:" + alt(GRAMMAR.words("adverbials.openers")) + r")\b")


def opens_adverbial(text: str) -> bool:
    """Does ``text`` start with an adverbial opener (grammar.toml, ``[adverbials]``)?"""
    return _ADVERBIAL_RE.match(text) is not None
_PLURAL_SPEAKERS = frozenset(NAMES.words("roles.plural_speakers"))
# English verb and adverb shapes ("-ly", "-ed", "-n't"): ASCII letters on purpose (cheaper to scan)
_VERBISH_RE = re.compile(r"\s(?:[a-z]+ly|[a-z]{3,}ed|" + alt(GRAMMAR.words("verbs.clause_verbs")) + r"|[a-z]+n[’']t)\b")


def _split_commas(t: str) -> list[str]:
    """Split on commas outside parentheses (``Jim Roe (D-S.C.), the leader``)."""
    if "(" not in t:
        return t.split(",")  # no parenthesis opens: every comma splits (the common case, fast)
    out: list[str] = []
    cur: list[str] = []
    depth = 0
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


_ROLE_THEN_NAME_RE = re.compile(cased(r"(?:[a-z][\w'’-]*\s+){1,4}[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*\s*$"))
# "panel Chairman Rep. Jim Roe (R-Utah)", "retired Air Force general Lloyd Roe": lower-case role
# words mixed with capitalised ones, ending in a name (and maybe a party/state tag)
_MIXED_ROLE_NAME_RE = re.compile(cased(
    r"(?P<pre>[a-z][\w'’-]*(?:\s+[A-Za-z][\w'’.\u2024-]*){0,4})\s+[A-Z][\w'’\u2024.-]*[a-z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’.\u2024-]+)*(?:\s+\([^()]{1,20}\))?\s*$"))


def _mixed_role_name(m: str) -> bool:
    mm = _MIXED_ROLE_NAME_RE.match(m)
    if mm is None:
        return False
    pre = mm.group("pre").split()
    return all(w[:1].isupper() or w.lower() in ROLE_NOUNS or w.lower() in ROLE_ADJECTIVES for w in pre) \
        and any(w.lower() in ROLE_NOUNS or w[:1].isupper() for w in pre)




_PERCENT_OR_TO_RE = re.compile(r"\d+%|\b(?:" + alt([GRAMMAR.get("clauses.infinitive")]) + r")\b")


def np_like(m: str | None) -> bool:
    """Does ``m`` look like a noun phrase naming a speaker (not a clause or an adverb)?"""
    if not m:
        return False
    if is_share(m):
        return True
    words = m.split()
    first = words[0].strip("(")
    low = first.lower()
    if low in PRONOUNS and len(words) == 1:
        return True
    if not (first[:1].isupper() or low in NOUN_PHRASE_DETERMINERS or low in _PLURAL_SPEAKERS or _ROLE_THEN_NAME_RE.match(m)
            or _mixed_role_name(m)):
        return False
    if low in BAD_FIRST or (first[:1].isupper() and _ADVERBIAL_RE.fullmatch(first)):
        return False
    if first[:1].islower() and _mixed_role_name(m):
        return True  # "retired Air Force general Jim Roe": 'retired' is a role word here
    head = m.split(",")[0]  # appositives may hold verbs ("a lawyer who has worked ...")
    if _VERBISH_RE.search(" " + head) or _PERCENT_OR_TO_RE.search(head):
        return False
    return True


_TRAILING_NAME_RE = re.compile(cased(r"(?<=[a-z,] )(?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){0,2})$"))
_PREPS = frozenset(GRAMMAR.words("clauses.prepositions"))


def _trailing_name(t: str) -> str | None:
    """``In a Bloomberg interview Roe`` -> ``Roe``: a personal name right before the cue, after a
    lower-case word that is not a preposition (``spoke with Roe`` is no subject)."""
    m = _TRAILING_NAME_RE.search(t.strip())
    if m is None:
        return None
    prev = t.strip()[: m.start()].split()
    if not prev or prev[-1].lower().strip(",") in _PREPS or prev[-1].lower() in BAD_FIRST:
        return None
    name = m.group("name")
    if not person_names(name) or person_names(name)[0][1] != name:
        return None
    return name


_NUMERIC_RE = re.compile(r"[\d\s/.-]+")




def lead_subject(sentence: str) -> str | None:
    """The subject at the start of a sentence: ``In May, Jane Roe, the mayor, bemoaned …`` ->
    ``Jane Roe, the mayor``; None when it does not look like a speaker."""
    parts = [p.strip() for p in _split_commas(clean_mention(sentence))]
    while len(parts) > 1 and (_ADVERBIAL_RE.match(parts[0]) or not parts[0] or _NUMERIC_RE.fullmatch(parts[0])):
        parts.pop(0)
    if not parts or not parts[0]:
        return None
    np = parts[0]
    first = np.split(None, 1)[0]
    if first.lower() in SUBJECT_PRONOUNS:
        return first  # "She remembers the first visit." -> She (the verb need not be one we list)
    cut = _VERBISH_RE.search(" " + np)
    if cut:
        np = np[: max(0, cut.start())].strip()
    elif len(parts) > 2 and _DET_RE.match(parts[1]) and len(parts[1].split()) <= 12:
        np = parts[0] + ", " + parts[1]
    np = clean_mention(np)
    words = np.split()
    if not words or len(words) > 14:
        return None
    return np if np_like(np) and plausible_mention(np) else None


_DASH_ATTRIBUTION_RE = re.compile(cased(r"[—–―-]+\s*(?P<m>[A-Z][^.;:!?\n]{1,80})"))
_SENTENCE_OR_MARK_RE = re.compile(r"[.;!?]\s|[“”\"]")
_CL = GRAMMAR.table("clauses")
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


_NAME_APPOSITIVE_RE = re.compile(cased(r"\s*[A-Z][\w'’.\u2024-]*(?:\s+[A-Z][\w'’.\u2024-]*){1,3},\s[^,]{3,220},\s*$"))


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
        mention = clean_mention(m.group("m"))
        if plausible_mention(mention):
            return mention, "—", lead + m.end()
    cue = CUE_SCAN_RE.search(s)
    # a document and its verb take ten characters at least ('the poll found'): most cues come sooner
    doc = document_cue(s, cue.start() if cue else len(s)) if cue is None or cue.start() > 10 else None
    if doc is not None:  # '"…," the report found': kept below only when the mention is a document
        cue_start, cue_end, cue_word = doc
    elif cue is None:
        return None
    else:
        cue_start, cue_end, cue_word = cue.start(), cue.end(), cue.group().lower()
    before = s[:cue_start]
    n_words = len(before.split())
    # '"…," Ada Roe, the warden of the trust and who also runs its ferry, told the paper.': a
    # name and one long appositive between commas may run past the usual length
    long_apposition = n_words > 14 and n_words <= 32 and _NAME_APPOSITIVE_RE.match(before) is not None
    if _SENTENCE_OR_MARK_RE.search(before) or (n_words > 14 and not long_apposition):
        return None
    consumed_end = _clause_end(s, cue_end)
    if before.strip():
        if _AND_BUT_RE.match(before) and not _CLAUSE_DONE_RE.match(s, cue_end):
            return None  # '"…," but he said that …': a new statement, not this quote's attribution
        mention = clean_mention(before)
        head = mention.split(",", 1)[0] if long_apposition else mention
        if doc is not None:  # a document, maybe with no determiner ('lobbying disclosures show')
            if not plausible_mention(mention) or speaker_type(mention, None) != "document" or len(mention.split()) > 8:
                return None
        elif not plausible_mention(head) or not np_like(mention):
            return None
        return mention, cue_word, lead + consumed_end
    if doc is not None:
        return None  # a document's verb never opens an inverted attribution
    # cue first: "said Jane Roe, the minister." / "according to the ministry."
    rest = s[cue_end : consumed_end]
    e = _AFTER_END_RE.search(rest)
    mention = rest[: e.start()] if e else rest
    mention = _TO_REPORTERS_RE.sub("", mention)
    if " ".join(cue_word.split()) not in INVERTING or _NOT_A_SPEAKER_RE.match(mention):
        return None
    mention = _RELATIVE_RE.split(mention, maxsplit=1)[0]
    words = mention.split()
    if len(words) > 12:
        mention = " ".join(words[:12])
    # "said Jane Roe, the minister" keeps one appositive
    mention = clean_mention(mention)
    if cue_word.startswith(OBJECT_FOLLOWS) and mention:
        return None  # ", told the BBC" — object, not speaker
    if not plausible_mention(mention):
        return None
    return mention, cue_word, lead + consumed_end


_CLAUSE_ABBREVIATIONS = tuple(SENTENCES.words("sentences.clause_abbreviations"))


def _clause_end(s: str, start: int) -> int:
    m = _CLAUSE_END_RE.search(s, start)
    while m and s[max(0, m.start() - 3) : m.start()].endswith(_CLAUSE_ABBREVIATIONS):
        m = _CLAUSE_END_RE.search(s, m.end())
    return m.end() if m and m.group() not in "“\"" else (m.start() if m else len(s))
