"""Embedded social posts: the one detector every stage uses (through ``Document.embeds``).

An embed is a text paragraph followed by a signature line, as feed services render a tweet
(``— Jane Roe (@janeroe) March 3, 2021``) or an Instagram post (``A post shared by Jane Roe
(@janeroe) on Mar 3, 2021 at 9:14am PST``).
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from transforms.clean.metadata import MONTHS
from transforms.document import Embed

_SIGNATURE = re.compile(
    r"^[ \t]*(?:[—–―-]{1,2}|&mdash;)[ \t]*(?P<name>[^\n()]{0,80}?)[ \t]*\((?P<handle>@\w{1,30})\)"
    r"[ \t]*(?:on[ \t]+)?(?P<date>[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2},?[ \t]+\d{4})[^\n]*$"
    r"|^[ \t]*A post shared by[ \t]+(?P<iname>[^\n()]{0,80}?)[ \t]*\((?P<ihandle>@[\w.]{1,30})\)"
    r"(?:[ \t]+on[ \t]+(?P<idate>[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2},?[ \t]+\d{4}(?:[ \t]+at[ \t]+[^\n]*)?))?[ \t]*(?:\S[^\n]*)?$",
    re.M,
)
_TRAILING_LINK = re.compile(r"(?:\s*(?:pic\.twitter\.com/\S*|https?://t\.co/\S*))+\s*$")
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


def find_embeds(body: str, paragraphs: list[tuple[int, int]]) -> list[Embed]:
    """The embedded social posts of ``body``, in order, never overlapping."""
    out: list[Embed] = []
    if "(@" not in body:
        return out
    ends = [p[1] for p in paragraphs]
    for m in _SIGNATURE.finditer(body):
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
        insta = m.group("ihandle") is not None
        name = ((m.group("iname") if insta else m.group("name")) or "").strip() or None
        handle = m.group("ihandle") if insta else m.group("handle")
        written = m.group("idate") if insta else m.group("date")
        out.append(Embed("instagram" if insta else "tweet", body[ps:e], name, handle, _day(written), ps, e, m.end(), written, "posted" if insta else "tweeted"))
    return out
