"""The article's one speaker resolver: a mention (``he``, ``Lavrov``, ``the judge``,
``Russian FM Sergey Lavrov``) to a canonical speaker name.

:class:`NameIndex` holds the personal names of one article (full names by surname, the people
named outside quotes in order, for pronouns). The body's attribution, the headline and the
nested quotes all resolve through the article's one index.
"""

from __future__ import annotations

import bisect
import re

from transforms.quotes.gender import first_name_gender, is_first_name
from transforms.quotes.letters import cased
from transforms.quotes.names import UPPER_NAME_RE, name_tokens, person_names, subject_position
from transforms.quotes.sources import is_organisation_noun
from transforms.quotes.words import (
    ARTICLES,
    DEFINITE,
    GRAMMAR,
    INDEFINITE,
    NAMES,
    PERSON_PRONOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    alt,
)

_ARTICLES_CAP = frozenset(w.capitalize() for w in ARTICLES)
_ARTICLES_LOW = frozenset(ARTICLES)
_ORG_NAME_RES: dict[str, re.Pattern[str]] = {}  # organisation noun -> "Harbour Board"-like names ending with it
_ARTICLE_PREFIXES = tuple(w.capitalize() + " " for w in ARTICLES)
_INDEFINITE = frozenset(INDEFINITE)
_DESCRIPTION_DETS = list(dict.fromkeys(ARTICLES + INDEFINITE))  # the a an one
_DESCRIPTION_RE = re.compile(cased(r"(?P<det>" + alt(_DESCRIPTION_DETS + [w.capitalize() for w in _DESCRIPTION_DETS]) + r")\s+(?:[a-z][\w'’-]*\s+){0,3}?(?P<head>[a-z][\w-]*)(?=$|[\s,])"))


_DESCRIPTION_END_RE = re.compile(r",|\s(?:" + alt(GRAMMAR.words("clauses.description_end")) + r")\s")
_SPACE_CAP_RE = re.compile(cased(r"\s[A-Z]"))
_THE_NAME_RE = re.compile(cased(r"(?:" + alt([DEFINITE, DEFINITE.capitalize()]) + r")\s+[A-Z]"))


_PRONOUN_GENDER = {w: g for g in ("f", "m") for w in GRAMMAR.words(f"pronoun_gender.{g}")}
_HONORIFIC_GENDER = {w: g for g, key in (("f", "names.female_honorifics"), ("m", "names.male_honorifics")) for w in NAMES.words(key)}
_WORD_GENDER = {w: g for g, key in (("f", "names.female_words"), ("m", "names.male_words")) for w in NAMES.words(key)}
# an honorific written right before a name ("Ms. Kovner", "Mr Hale")
_HONORIFIC_BEFORE_RE = re.compile(r"(?<![\w.])(?i:(" + alt(sorted(_HONORIFIC_GENDER)) + r"))\.?\s+$")
_OTHER = {"f": "m", "m": "f"}


def _description_core(mention: str) -> str:
    core = _DESCRIPTION_END_RE.split(mention, maxsplit=1)[0].strip()
    return core[0].lower() + core[1:] if core[:4] in _ARTICLE_PREFIXES else core


class NameIndex:
    """Personal names of one article: full names by surname, and the people mentioned outside
    quotes, in order (for pronouns)."""

    __slots__ = ("by_last", "text", "_runs", "_skip", "_people", "_latest_subject", "_cache", "_roles", "_genders", "_by_tail")

    def __init__(self, text: str, skip: list[tuple[int, int]] = ()):  # type: ignore[assignment]
        runs = person_names(text)
        # surname -> the first full name written with it
        self.by_last: dict[str, str] = {}
        # a surname of several words written alone ("Mac Cárthaigh", "Van der Berghe" opening a
        # sentence) -> the first full name ending with it ("Gráinne Mac Cárthaigh"), keyed lower-case
        self._by_tail: dict[str, str] = {}
        for _, name in runs:
            toks = name.split()
            if len(toks) >= 2 and not all(len(t) <= 2 for t in toks):
                self.by_last.setdefault(toks[-1], name)
                if len(toks) >= 3:
                    for k in range(1, len(toks) - 1):
                        self._by_tail.setdefault(" ".join(toks[k:]).lower(), name)
        self._cache: dict[str, str | None] = {}
        self._roles: dict[str, tuple[list[int], list[str]]] = {}
        self.text = text
        # The people named outside quotes (for pronouns) are listed at the first pronoun, and a
        # name's subject position is tested only when a pronoun looks back to it: most articles
        # resolve one or two pronouns, and testing every name of the body was the index's
        # second cost after person_names (the eager lists are the tests' oracle).
        self._runs, self._skip = runs, skip
        self._people: tuple[list[int], list[str]] | None = None
        self._latest_subject: dict[int, int] = {}  # person k -> the latest person <= k in subject position, -1 none
        self._genders: dict[str, str | None] = {}  # canonical name -> "f"/"m"/None, as far as worked out

    def people(self) -> tuple[list[int], list[str]]:
        """(positions, canonical names) of the persons named outside quotes, in text order."""
        if self._people is None:
            positions: list[int] = []
            names: list[str] = []
            skip = self._skip
            k, n_skip = 0, len(skip)  # runs and skip are both in text order: walk them together
            for pos, name in self._runs:
                while k < n_skip and skip[k][0] <= pos:
                    k += 1
                if k and pos < skip[k - 1][1]:
                    continue  # inside the latest quote opened before it
                canon = self.canonical_name(name)
                if canon:
                    positions.append(pos)
                    names.append(canon)
            self._people = positions, names
        return self._people

    def _subject_at_or_before(self, i: int) -> int:
        """The latest person ``<= i`` (an index of :meth:`people`) named in subject position
        (nothing but role words before it in its sentence), -1 when none.  Each person is tested
        once; the answers of the persons walked over are kept, so lookups stay linear overall."""
        memo = self._latest_subject
        positions = self.people()[0]
        walked: list[int] = []
        found, k = -1, i
        while k >= 0:
            got = memo.get(k)
            if got is not None:
                found = got
                break
            walked.append(k)
            if subject_position(self.text, positions[k]):
                found = k
                break
            k -= 1
        for w in walked:
            memo[w] = found
        return found

    def canonical_name(self, name: str) -> str | None:
        toks = name.split()
        if len(toks) >= 2:
            return self._by_tail.get(name.lower(), name) if self._by_tail else name
        if toks:
            return self.by_last.get(toks[0])
        return None

    def gender(self, canon: str) -> str | None:
        """"f", "m" or None for a person of :meth:`people`: an honorific or a gendered word
        written just before any of the person's names in the text wins ("Ms. Kovner", "widow
        Terry Roe"), else the first name's gender (transforms/quotes/gender.py); unknown (None)
        rather than guessed. Worked out for the persons a pronoun is tested against only (one
        or two per pronoun), and kept."""
        try:
            return self._genders[canon]
        except KeyError:
            pass
        found: str | None = None
        positions, names = self.people()
        text = self.text
        for pos, canon_k in zip(positions, names):
            if canon_k != canon:
                continue
            hm = _HONORIFIC_BEFORE_RE.search(text, max(0, pos - 8), pos)
            if hm:
                found = _HONORIFIC_GENDER[hm.group(1).lower()]
                break
            for w in reversed(text[max(0, pos - 30) : pos].split()[-2:]):  # "9/11 widow Terry Roe", "her husband, Sam Roe"
                found = _WORD_GENDER.get(w.rstrip(",").lower())
                if found:
                    break
            if found:
                break
        if found is None:
            toks = canon.split()
            found = first_name_gender(toks[0]) if len(toks) >= 2 else None
        self._genders[canon] = found
        return found

    def last_person_before(self, pos: int, gender: str | None = None) -> str | None:
        """The person a pronoun written at ``pos`` stands for: the latest person named before it
        in subject position (``Roe praised Doe. "…," he said`` -> Roe), else the latest person
        named. With ``gender`` ("f" for she, "m" for he) a person known to be of the other gender
        is passed over, and when nobody else is left the pronoun stays unresolved (None)."""
        positions, names = self.people()
        i = bisect.bisect_left(positions, pos) - 1
        if i < 0:
            return None
        if gender is None:
            j = self._subject_at_or_before(i)
            return names[j] if j >= 0 else names[i]
        other = _OTHER[gender]
        # First among the names whose first word is a known first name (or whose gender the text
        # gives): "Skylark Air" or "Ashby Cross" is a capitalised run, not whom "he" stands for;
        # then, when none fits, among every name, so an unlisted first name still resolves.
        for strict in (True, False):
            j = self._subject_at_or_before(i)
            while j >= 0 and not self._fits(names[j], other, strict):
                j = self._subject_at_or_before(j - 1)
            if j >= 0:
                return names[j]
            k = i
            while k >= 0 and not self._fits(names[k], other, strict):
                k -= 1
            if k >= 0:
                return names[k]
        return None

    def named_between(self, canon: str, start: int, end: int, most: int = 64) -> bool:
        """Is ``canon`` named (outside quotes) in ``text[start:end]``?  Only the last ``most``
        names before ``end`` are looked at (True beyond them: ``start`` is then long past)."""
        positions, names = self.people()
        hi = bisect.bisect_left(positions, end)
        lo = bisect.bisect_left(positions, start)
        if hi - lo > most:
            return True
        return canon in names[lo:hi]

    def _fits(self, canon: str, other: str, strict: bool) -> bool:
        """May a pronoun of the gender opposite to ``other`` stand for ``canon``?"""
        g = self.gender(canon)
        if g == other:
            return False
        return not strict or g is not None or is_first_name(canon.split()[0])

    def person_with_role(self, role: str, pos: int) -> str | None:
        """``the judge`` -> the latest full name written with that role before ``pos``
        (``Judge Miriam Osei``, ``the judge, Miriam Osei``)."""
        found = self._roles.get(role)
        if found is None:  # one scan of the text per role, then a bisection per lookup (was a scan per lookup)
            rx = re.compile(cased(r"(?<![\w-])(?i:" + re.escape(role) + r")(?:,)?\s+((?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’-]+)"))
            found = self._roles[role] = ([], [])
            for m in rx.finditer(self.text):
                canon = self.canonical_name(" ".join(name_tokens(m.group(1))) or m.group(1))
                if canon and len(canon.split()) >= 2:
                    found[0].append(m.end())
                    found[1].append(canon)
        return self._latest_before(found, pos)

    def _latest_before(self, found: tuple[list[int], list[str]], pos: int) -> str | None:
        """The last name of ``found`` (end positions, names; in text order) ending by ``pos``
        (the whole text when ``pos`` is 0)."""
        ends, names = found
        k = bisect.bisect_right(ends, pos if pos > 0 else len(self.text))
        return names[k - 1] if k else None

    def organisation_with_head(self, head: str, pos: int) -> str | None:
        """``the board`` -> the latest capitalised name ending with that noun written before
        ``pos`` (``the Harbour Board``, ``Northfield Council``), as written less its article."""
        key = "org:" + head
        found = self._roles.get(key)
        if found is None:  # one scan of the text per head noun, then a bisection per lookup
            found = self._roles[key] = ([], [])
            name = head.capitalize()
            if name not in self.text:  # most articles: no capitalised name with that noun
                return None
            rx = _ORG_NAME_RES.get(head)
            if rx is None:
                rx = _ORG_NAME_RES[head] = re.compile(cased(r"(?<![\w-])((?:[A-Z][\w'’&.-]*\s+){1,4})" + re.escape(name) + r"(?![\w-])"))
            for m in rx.finditer(self.text):
                words = m.group(1).split()
                if words[0].lower() in _ARTICLES_LOW:
                    words = words[1:]
                if words:
                    found[0].append(m.end())
                    found[1].append(" ".join(words + [name]))
        return self._latest_before(found, pos)

    def resolve(self, mention: str | None, pos: int) -> str | None:
        """Canonical speaker for a mention written at ``pos`` (None when unknown)."""
        if not mention:
            return None
        low = mention.lower()
        if low in PERSON_PRONOUNS:
            return self.last_person_before(pos, _PRONOUN_GENDER.get(low))
        if low in PRONOUNS:
            return None
        dm = _DESCRIPTION_RE.match(mention)
        if dm and not _SPACE_CAP_RE.search(mention):  # lower-case description: "the judge", "the coastguard", "a spokesman for the port"
            head = dm.group("head").lower()
            if head in ROLE_NOUNS:
                who = self.person_with_role(head, pos)
                if who:
                    return who
            if dm.group("det").lower() in _INDEFINITE:
                return None  # an unnamed individual
            if is_organisation_noun(head) and dm.group("det").lower() == DEFINITE:
                named = self.organisation_with_head(head, pos)
                if named:
                    return named  # "the board" -> "Harbour Board", named before
            return _description_core(mention)
        if mention not in self._cache:
            self._cache[mention] = self._resolve_name(mention)
        return self._cache[mention]

    def resolve_quoted(self, name: str, speakers: list[str]) -> str:
        """Canonical speaker for a name written inside a quote (a speaker quoting somebody):
        the article's speaker it names (the same name, or a full name ending with it; the first
        in ``speakers`` order), else the name as written. Only the article's speakers are
        candidates here, not every full name of the index: inside a quote a surname is most often
        someone the article quotes, and the index would also offer people it merely mentions."""
        return next((s for s in speakers if s == name or s.endswith(" " + name)), name)

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
                best = self._by_tail.get(name.lower(), name) if self._by_tail else name
                break
            canon = self.by_last.get(toks[0])
            if canon:
                best = canon
                break
        if best:
            return best
        m = UPPER_NAME_RE.match(mention + ": ")
        if m and len(mention) > 1:
            return self.by_last.get(mention.title(), mention)
        # organisations and single surnames stay as written, if capitalised beyond "The"
        words = mention.split()
        if any(w[:1].isupper() for w in words[1:]) or (words and words[0][:1].isupper() and words[0] not in _ARTICLES_CAP):
            return mention if len(words) <= 8 else None
        return None
