"""Quotes in a headline (offsets into the title).

Headlines are title-cased and have no sentences, so the rules differ from the body's: a quote
is attributed to the headline's subject (``Lavrov Warns Of "Nightmare"`` -> partial, Lavrov)
unless it is named/so-called (scare) or follows 'the film', 'titled' etc. (title). The
headline verbs are their own list (headline.toml): see the comment there.
"""

from __future__ import annotations

import re

from transforms.quotes.letters import cased
from transforms.quotes.gender import is_first_name
from transforms.quotes.cues import CUE_SCAN_RE, SO_CALLED_END_RE, after_naming_word, trie_pattern
from transforms.quotes.names import SENTENCE_OPENERS, split_role
from transforms.quotes.spans import find_quote_spans
from transforms.quotes.speakers import NameIndex
from transforms.quotes.words import BAD_FIRST, HEADLINE, PRONOUNS, ROLE_NOUNS, WORKS, alt, names_a_work
from transforms.quotes.sources import speaker_type
from transforms.records import Quote

_HEAD_VERBS = HEADLINE.words("headline.verbs")
_SECTION_LABELS = frozenset(HEADLINE.words("headline.section_labels"))
_HEAD_VERB_RE = re.compile(r"(?<![\w-])(?:" + trie_pattern(sorted(set(_HEAD_VERBS))) + r")(?![\w-])", re.I)
# a trailing '…, Jane Roe Says' (or after the quote: '"…": Town Vows')
_HEAD_TRAILING_SUBJECT_RE = re.compile(cased(
    r"(?:^|[,:;]\s*|[\"”’'»]\s*[,:]?\s*)([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?i:" + _HEAD_VERB_RE.pattern + r")\b"))
_HEAD_TITLES = WORKS.table("headline")
_WORKS = WORKS.table("works")
_HEAD_TITLE_RE = re.compile(
    r"(?:\b" + names_a_work(_HEAD_TITLES["naming"], _WORKS["screen_and_page"] + _WORKS["verse"])
    + "|(?:" + alt(_HEAD_TITLES["before_of"]) + r"))\s*[,:]?\s*$", re.I)


def _headline_subject(title: str, before: str) -> str | None:
    """The headline's speaker: words before its first verb (``Jane Roe Slams Plan``), or before a
    colon (``Jane Roe: …``), or a trailing ``…, Jane Roe Says``."""
    head = before.rstrip(" ,:;—–-\"“‘'«")
    colon = head.find(":")
    if colon < 0 and before.rstrip(" \"“‘'«").endswith(":"):
        colon = len(head)  # 'Ms. Roe: "…"': the colon right before the quote, stripped with the marks
    verb = _HEAD_VERB_RE.search(head) or CUE_SCAN_RE.search(head)
    if verb and (colon < 0 or verb.start() < colon):
        subj = head[: verb.start()].strip(" ,:")
    elif colon > 0:
        subj = head[:colon].strip()
    else:
        subj = ""
    if not subj:  # '"Quote": Town Vows …' or '… , Jane Roe Says'
        rest = title[len(before):]
        m = _HEAD_TRAILING_SUBJECT_RE.search(rest)
        if m is None and not before.strip():
            return None
        subj = m.group(1) if m else ""
    words = subj.split()
    if not words or len(words) > 6 or subj.lower() in PRONOUNS or subj in _SECTION_LABELS:
        return None
    return subj


def _subject_type(mention: str, speaker: str) -> str | None:
    """The source type of a headline's subject.  Title Case says nothing there: a subject the
    body's index resolved to a person, or one opening with a known first name (``Jane Roe
    Says``), types as a name does; any other is typed as the description it would be in
    running text (``Grid Operator Warns`` -> organisation, ``Angry Tenants`` -> unknown)."""
    words = mention.split()
    if speaker != mention or (len(words) >= 2 and is_first_name(words[0])):
        return speaker_type(mention, speaker)
    return speaker_type(mention.lower(), None)


def subject_verb_first(title: str, quote: Quote) -> bool:
    """True when ``quote``'s speaker is the headline's opening subject with a headline verb
    between it and the quote (``Black Lawmakers Rip Plan As "Fraud"``): the headline says who
    speaks, whether or not the body quotes them.  A subject that opens with a clause word or an
    adverb ("How", "Already"), a colon or a body cue is not enough.  The same holds for a subject
    and verb right after a quote that opens the headline (``"We Will Rebuild": Town Vows …``)."""
    mention = quote.speaker_mention
    if not mention:
        return False
    first = mention.split()[0]
    if first.lower() in BAD_FIRST or first in SENTENCE_OPENERS:
        return False
    if title.lstrip().startswith(mention):  # 'Jane Roe Slams Plan As "Farce"'
        between = title[title.find(mention) + len(mention) : quote.start_char]
        return _HEAD_VERB_RE.match(between.lstrip()) is not None
    if title[: quote.start_char].strip(" \"“‘'«"):
        return False
    after = title[quote.end_char :].lstrip(" \"”’'»,:")  # '"We Will Rebuild": Town Vows …'
    return after.startswith(mention) and _HEAD_VERB_RE.match(after[len(mention) :].lstrip()) is not None


def headline_quotes(title: str, body: str | None = None, index: NameIndex | None = None) -> list[Quote]:
    """Quotes in a headline, offsets into ``title``.  Headlines are title-cased and have no
    sentences, so the rules differ from the body: a quote is attributed to the headline's subject
    (``Lavrov Warns Of "Nightmare"`` -> partial, Lavrov) unless it is named/so-called (scare) or
    follows 'the film', 'titled' etc. (title).  ``body`` (optional) resolves surnames to full names;
    ``index``, the body's :class:`NameIndex` when the caller has one, saves building it again."""
    if not title or not isinstance(title, str) or "\n" in title.strip():
        return []
    spans = find_quote_spans(title)
    if not spans:
        return []
    if index is None and body:
        index = NameIndex(body, [])
    out: list[Quote] = []
    for sp in spans:
        text = title[sp.start : sp.end]
        pre = title[: sp.open_at]
        kind, mention, cue = "partial", None, None
        if _HEAD_TITLE_RE.search(pre[-40:]):
            kind = "title"
        elif after_naming_word(pre) or SO_CALLED_END_RE.search(pre):
            kind = "scare"
        else:
            mention = _headline_subject(title, pre)
            if mention is None:
                kind = "scare" if len(text.split()) <= 3 else "partial"
            else:
                vm = _HEAD_VERB_RE.search(title, len(pre) if not pre.strip() else 0)
                cue = vm.group() if vm else ":"
                after = title[sp.close_at + 1 :] if sp.close_at >= 0 else ""
                if not pre.strip() and after.lstrip().startswith(":") or pre.rstrip().endswith(":"):
                    kind = "direct"
        speaker = None
        if mention:
            speaker = index.resolve(mention, len(title)) if index else mention
            last = mention.split()[-1].lower()
            if index and speaker == mention and last in ROLE_NOUNS:
                # 'Turkish Minister Says …': the body's person written with that role
                speaker = index.person_with_role(last, len(index.text)) or speaker
            speaker = speaker or mention
        cs, ce = 0, len(title)
        out.append(Quote(text, sp.start, sp.end, kind, speaker, mention, cue,
                         split_role(mention, speaker) if mention and speaker else None, cs, ce,
                         speaker_type=_subject_type(mention, speaker) if mention and speaker else None))
    return out
