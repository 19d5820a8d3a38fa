"""Embedded social posts: the one detector every stage uses (through ``Document.embeds``).

An embed is a text paragraph followed by a signature line, as feed services render a tweet
(``— Jane Roe (@janeroe) March 3, 2021``) or an Instagram post (``A post shared by Jane Roe
(@janeroe) on Mar 3, 2021 at 9:14am PST``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from datetime import date

from transforms.clean.metadata import MONTHS
from transforms.document import Embed
from transforms.lexicon import Lexicon

_LEX = Lexicon.beside(__name__, "embeds.toml")
_KINDS: dict[str, dict[str, str]] = _LEX.table("kinds")
_CUES = {kind: spec["cue"] for kind, spec in _KINDS.items()}


def _as_kind(kind: str, pattern: str) -> str:
    """``pattern`` as one alternative of the signature regex: its groups prefixed by ``kind``
    (a regex cannot name two groups alike), the whole of it named ``kind``."""
    return f"(?P<{kind}>" + re.sub(r"\(\?P<(\w+)>", rf"(?P<{kind}_\1>", pattern) + ")"


# One regex for every kind's signature line, each kind an alternative named by the kind.
_SIGNATURE = re.compile("|".join(_as_kind(kind, spec["signature"]) for kind, spec in _KINDS.items()), re.M)
_TRAILING_LINK = re.compile(_LEX.get("text.trailing_links"))
_DATE = re.compile(r"(?P<mon>[A-Za-z]{3})[a-z]*\.? (?P<day>\d{1,2}),? (?P<year>\d{4})")


def signature_at(body: str, start: int, end: int) -> bool:
    """Whether ``body[start:end]`` is exactly one signature line."""
    m = _SIGNATURE.match(body, start)
    return m is not None and m.end() == end


def _day(text: str | None) -> date | None:
    m = _DATE.match(text or "")
    if not m or m["mon"].lower() not in MONTHS:
        return None
    try:
        return date(int(m["year"]), MONTHS[m["mon"].lower()], int(m["day"]))
    except ValueError:
        return None


def signature_lines_plain(body: str) -> Iterator[re.Match[str]]:
    """The signature lines of ``body``, in order: the oracle for :func:`signature_lines`."""
    return _SIGNATURE.finditer(body)


def signature_lines(body: str) -> Iterator[re.Match[str]]:
    """What :func:`signature_lines_plain` gives, found faster. Searching the whole body had
    ``re`` try the ``^``-anchored pattern at every character (0.06 ms of a generated post's
    0.07 in this stage); but every signature lies on one line (no part of it matches a newline)
    that holds ``(@``, so the pattern is tried once at the start of each such line."""
    i = body.find("(@")
    while i >= 0:
        line = body.rfind("\n", 0, i) + 1
        m = _SIGNATURE.match(body, line)
        if m:
            yield m
        end = body.find("\n", i)
        if end < 0:
            return
        i = body.find("(@", end)


def find_embeds(body: str, paragraphs: list[tuple[int, int]]) -> list[Embed]:
    """The embedded social posts of ``body``, in order, never overlapping."""
    out: list[Embed] = []
    if "(@" not in body:
        return out
    ends = [p[1] for p in paragraphs]
    for m in signature_lines(body):
        sig_start = m.start() + len(m.group()) - len(m.group().lstrip())
        k = bisect.bisect_right(ends, sig_start) - 1
        if k < 0:
            continue
        ps, pe = paragraphs[k]
        if _SIGNATURE.match(body, ps) or (out and out[-1].signature_end > ps):
            continue  # the line before is another signature (no text), or the last embed's
        text = body[ps:pe]
        lm = _TRAILING_LINK.search(text)
        e = ps + (lm.start() if lm else len(text))
        if e <= ps:
            continue
        kind = next(k for k in _KINDS if m.group(k) is not None)
        name = (m.group(f"{kind}_name") or "").strip() or None
        written = m.group(f"{kind}_date")
        out.append(Embed(kind, body[ps:e], name, m.group(f"{kind}_handle"), _day(written), ps, e, m.end(), written, _CUES[kind]))
    return out
