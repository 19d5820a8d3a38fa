"""One raw post in, one article record (or a reject) out.

``process_post`` is the whole per-post transform: decode, repair, split title / body /
furniture, read the metadata the furniture carries, then find quotes and links in the body.
It never raises on any input: a file that is not a usable post comes back as a ``Reject``
with a short code and a sentence a person can act on.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from transforms.clean.furniture import ANYWHERE_RULES, FOOTER_RULES, HEADER_RULES, match_line
from transforms.clean.embeds import find_embeds
from transforms.clean.decode import decode_bytes
from transforms.document import Document, Embed, paragraphs
from transforms.links import extract_furniture_links, extract_links
from transforms.quotes import article_quotes
from transforms.records import Link, Quote
from transforms.clean.repair import repair_text

_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class Reject:
    code: str  # empty | binary | undecodable | too_large | boilerplate_only | no_body
    reason: str
    encoding: str | None = None


@dataclass(slots=True)
class Article:
    title: str
    body: str
    encoding: str
    feed: str | None = None
    feed_url: str | None = None
    via: str | None = None
    comment_count: int | None = None
    author: str | None = None
    origin: str | None = None
    published_date: date | None = None  # the day the site printed, when it printed one
    published_at: datetime | None = None  # local wall-clock time as printed, when a time was printed
    published_tz: str | None = None  # the zone as printed ('ET', 'GMT'), when printed
    published_at_utc: datetime | None = None  # only when the printed zone makes it exact
    dateline_place: str | None = None
    dateline_agency: str | None = None
    repairs: list[str] = field(default_factory=list)
    removed: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, 'header'|'footer'|'body', line), in document order
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # of the body: see transforms.document
    embeds: list[Embed] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    title_quotes: list[Quote] = field(default_factory=list)  # offsets into title
    links: list[Link] = field(default_factory=list)

    def document(self) -> Document:
        """The per-post document the quote and link stages read."""
        return Document(self.title, self.body, self.paragraphs, self.embeds, self.removed)

    @property
    def boilerplate(self) -> list[tuple[str, int]]:
        """(rule name, characters removed) per rule that fired, sorted by name."""
        counts: dict[str, int] = {}
        for name, _, line in self.removed:
            counts[name] = counts.get(name, 0) + len(line)
        return sorted(counts.items())

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.body))

    @property
    def content_hash(self) -> str:
        """sha256 of title and body: equal for the same article relayed by different feeds."""
        return hashlib.sha256(f"{self.title}\n{self.body}".encode()).hexdigest()


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DATE_TEXT = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]*\.? (?P<day>\d{1,2}),? (?P<year>\d{4})"
    r"(?:,? (?:at )?(?P<h>\d{1,2}):(?P<mi>\d{2})\s*(?P<ampm>[ap])?\.?m?\.?)?(?: (?P<zone>[A-Z]{2,4}|UTC[+-]\d{1,2}(?::\d{2})?))?$",
    re.I,
)
# Zones as printed by US/UK/EU sites; an abbreviation that names a region resolves through tzdata
# so daylight saving is right for the date.
_ZONES = {
    "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "CT": "America/Chicago", "CST": "America/Chicago", "CDT": "America/Chicago",
    "MT": "America/Denver", "MST": "America/Denver", "MDT": "America/Denver",
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "GMT": "UTC", "UTC": "UTC", "BST": "Europe/London", "CET": "Europe/Paris", "CEST": "Europe/Paris",
}
# 'WASHINGTON (Reuters) -', 'LONDON, Dec 3 (Reuters) –', 'DUNMARROW, Idaho (AP) —': the place
# keeps a region, not a date.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}?(?:, (?![A-Z][a-z]{2,8}\.? \d)[A-Z][a-zA-Z.]+(?: [A-Z][a-zA-Z.]+)?)?)"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2})? \((?P<agency>[A-Za-z][\w .&-]{0,40})\) ?[-–—]{1,2} "
)


def _apply_date_text(article: Article, text: str) -> None:
    """Fill the published_* fields from 'Dec. 3, 2021 5:12 p.m. ET'-style text; leave them if unsure."""
    m = _DATE_TEXT.match(text.strip())
    if not m or m["mon"].lower()[:3] not in _MONTHS:
        return
    try:
        day = date(int(m["year"]), _MONTHS[m["mon"].lower()[:3]], int(m["day"]))
    except ValueError:
        return
    article.published_date = article.published_date or day
    if m["h"] is None or article.published_at is not None:
        return
    hour = int(m["h"]) % 12 + (12 if (m["ampm"] or "").lower() == "p" else 0) if m["ampm"] else int(m["h"])
    if hour > 23 or int(m["mi"]) > 59:
        return
    local = datetime.combine(day, time(hour, int(m["mi"])))
    article.published_at = local
    zone = m["zone"]
    if zone:
        article.published_tz = zone
        name = _ZONES.get(zone.upper())
        if name:
            article.published_at_utc = local.replace(tzinfo=ZoneInfo(name)).astimezone(timezone.utc)


def _apply_metadata(article: Article, rule: str, groups: dict[str, str | None]) -> None:
    for key, value in groups.items():
        if value is None:
            continue
        value = value.strip()
        if key == "comments":
            count = 0 if value.lower() == "no" else int(value)
            article.comment_count = count if article.comment_count is None else article.comment_count
        elif key == "published":
            try:
                stamp = datetime.strptime(value, "%m/%d/%Y - %H:%M")
            except ValueError:  # e.g. 13/45/2021: keep null rather than guess
                continue
            article.published_at, article.published_date = stamp, stamp.date()
        elif key in ("published_date", "posted_date", "published_text"):
            try:
                article.published_date = article.published_date or date.fromisoformat(value)
            except ValueError:
                _apply_date_text(article, value)
        elif key == "poster":
            article.author = article.author or value
        elif key == "author" and rule in ("authored_by", "submitted_by"):
            article.author = value  # the writer named by the opener, not the site that re-posted
        elif getattr(article, key) is None:
            setattr(article, key, value)


def split_post(text: str, encoding: str) -> Article | Reject:
    """Split repaired text into title, body and furniture; read metadata from the furniture."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return Reject("empty", "no text: the file holds only whitespace", encoding)

    article = Article(title="", body="", encoding=encoding)
    removed: list[tuple[str, str, str]] = []

    # Footer: peel furniture lines from the end; stop at the first line no footer rule matches.
    end = len(lines)
    while end > 0:
        hit = match_line(lines[end - 1], FOOTER_RULES)
        if hit is None:
            break
        rule, m = hit
        removed.append((rule.name, "footer", lines[end - 1]))
        _apply_metadata(article, rule.name, m.groupdict())
        end -= 1
    if end == 0:
        names = sorted({name for name, _, _ in removed})
        return Reject("boilerplate_only", f"only feed/blog furniture, no article (rules: {', '.join(names)})", encoding)

    article.title = lines[0]
    # Header: furniture right after the title.
    start = 1
    while start < end:
        hit = match_line(lines[start], HEADER_RULES)
        if hit is None:
            break
        rule, m = hit
        removed.append((rule.name, "header", lines[start]))
        _apply_metadata(article, rule.name, m.groupdict())
        start += 1

    body_lines = []
    for line in lines[start:end]:
        hit = match_line(line, ANYWHERE_RULES) if "(" in line else None
        if hit:
            removed.append((hit[0].name, "body", line))
        else:
            body_lines.append(line)
    if not body_lines:
        return Reject("no_body", "a title but no article text after it", encoding)
    article.body = "\n".join(body_lines)
    dl = _DATELINE.match(article.body)
    if dl:
        article.dateline_place, article.dateline_agency = dl["place"].strip(), dl["agency"].strip()
    # in document order: header lines, lines removed from the body, footer lines (peeled from the end)
    article.removed = (
        [r for r in removed if r[1] == "header"] + [r for r in removed if r[1] == "body"] + [r for r in removed if r[1] == "footer"][::-1]
    )
    article.paragraphs = paragraphs(article.body)
    article.embeds = find_embeds(article.body, article.paragraphs)
    return article


def clean_post(data: bytes) -> Article | Reject:
    """Raw bytes to a clean article (title, body, metadata, embeds) without quotes and links."""
    decoded = decode_bytes(data)
    if decoded.text is None:
        return Reject(decoded.reject_code or "undecodable", decoded.reject_reason or "not text")
    text, repairs = repair_text(decoded.text)
    result = split_post(text, decoded.encoding or "utf-8")
    if isinstance(result, Article):
        result.repairs = [*decoded.repairs, *repairs]
    return result


def process_post(data: bytes) -> Article | Reject:
    """Raw bytes of one post file to an article with its quotes and links, or a reject."""
    result = clean_post(data)
    if isinstance(result, Article):
        result.quotes, result.title_quotes = article_quotes(result.document())
        # body links (with offsets), then the links in the furniture removed around it (without)
        result.links = extract_links(result.body) + extract_furniture_links(result.removed)
    return result


def process_post_safely(data: bytes) -> Article | Reject:
    """``process_post``, with an unexpected exception (a bug) turned into a reject that
    keeps the file and names the error, so one bad post cannot stop a batch."""
    try:
        return process_post(data)
    except Exception as exc:
        return Reject("transform_error", f"internal error while transforming ({type(exc).__name__}: {exc}); please report it")
