"""Metadata the furniture carries (feed, author, dates, ...) and the dateline that opens a body."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from transforms.clean.cleaned import CleanPost
from transforms.lexicon import Lexicon

_LEX = Lexicon.beside(__name__, "metadata.toml")
MONTHS: dict[str, int] = {m: i for i, m in enumerate(_LEX.words("months"), 1)}
_ZONES: dict[str, str] = _LEX.table("zones")

_DATE_TEXT = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]*\.? (?P<day>\d{1,2}),? (?P<year>\d{4})"
    r"(?:,? (?:at )?(?P<h>\d{1,2}):(?P<mi>\d{2})\s*(?P<ampm>[ap])?\.?m?\.?)?(?: (?P<zone>[A-Z]{2,4}|UTC[+-]\d{1,2}(?::\d{2})?))?$",
    re.I,
)
# 'WASHINGTON (Reuters) -', 'LONDON, Dec 3 (Reuters) –', 'DUNMARROW, Idaho (AP) —': the place
# keeps a region, not a date.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}?(?:, (?![A-Z][a-z]{2,8}\.? \d)[A-Z][a-zA-Z.]+(?: [A-Z][a-zA-Z.]+)?)?)"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2})? \((?P<agency>[A-Za-z][\w .&-]{0,40})\) ?[-–—]{1,2} "
)


def _apply_date_text(post: CleanPost, text: str) -> None:
    """Fill the published_* fields from 'Dec. 3, 2021 5:12 p.m. ET'-style text; leave them if unsure."""
    m = _DATE_TEXT.match(text.strip())
    if not m or m["mon"].lower()[:3] not in MONTHS:
        return
    try:
        day = date(int(m["year"]), MONTHS[m["mon"].lower()[:3]], int(m["day"]))
    except ValueError:
        return
    post.published_date = post.published_date or day
    if m["h"] is None or post.published_at is not None:
        return
    hour = int(m["h"]) % 12 + (12 if (m["ampm"] or "").lower() == "p" else 0) if m["ampm"] else int(m["h"])
    if hour > 23 or int(m["mi"]) > 59:
        return
    local = datetime.combine(day, time(hour, int(m["mi"])))
    post.published_at = local
    zone = m["zone"]
    if zone:
        post.published_tz = zone
        name = _ZONES.get(zone.upper())
        if name:
            post.published_at_utc = local.replace(tzinfo=ZoneInfo(name)).astimezone(timezone.utc)


def apply_metadata(post: CleanPost, rule: str, groups: dict[str, str | None]) -> None:
    """Fill ``post``'s metadata from the named groups of the furniture rule ``rule`` that matched a line."""
    for key, value in groups.items():
        if value is None:
            continue
        value = value.strip()
        if key == "comments":
            count = 0 if value.lower() == "no" else int(value)
            post.comment_count = count if post.comment_count is None else post.comment_count
        elif key == "published":
            try:
                stamp = datetime.strptime(value, "%m/%d/%Y - %H:%M")
            except ValueError:  # e.g. 13/45/2021: keep null rather than guess
                continue
            post.published_at, post.published_date = stamp, stamp.date()
        elif key in ("published_date", "posted_date", "published_text"):
            try:
                post.published_date = post.published_date or date.fromisoformat(value)
            except ValueError:
                _apply_date_text(post, value)
        elif key == "poster":
            post.author = post.author or value
        elif key == "author" and rule in ("authored_by", "submitted_by"):
            post.author = value  # the writer named by the opener, not the site that re-posted
        elif getattr(post, key) is None:
            setattr(post, key, value)


def apply_dateline(post: CleanPost) -> None:
    """Place and agency of a wire dateline opening the body ('WASHINGTON (Reuters) - ...')."""
    dl = _DATELINE.match(post.body)
    if dl:
        post.dateline_place, post.dateline_agency = dl["place"].strip(), dl["agency"].strip()
