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
from datetime import datetime

from transforms.boilerplate import FOOTER_RULES, HEADER_RULES, match_line
from transforms.decode import decode_bytes
from transforms.links import extract_links
from transforms.quotes import extract_quotes
from transforms.records import Link, Quote
from transforms.repair import repair_text

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
    published_at: datetime | None = None  # as printed by the site; its time zone is not stated
    repairs: list[str] = field(default_factory=list)
    boilerplate: list[tuple[str, int]] = field(default_factory=list)  # (rule name, characters removed)
    quotes: list[Quote] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.body))

    @property
    def content_hash(self) -> str:
        """sha256 of title and body: equal for the same article relayed by different feeds."""
        return hashlib.sha256(f"{self.title}\n{self.body}".encode()).hexdigest()


def _apply_metadata(article: Article, groups: dict[str, str | None]) -> None:
    for key, value in groups.items():
        if value is None:
            continue
        value = value.strip()
        if key == "comments":
            count = 0 if value.lower() == "no" else int(value)
            article.comment_count = count if article.comment_count is None else article.comment_count
        elif key == "published":
            try:
                article.published_at = datetime.strptime(value, "%m/%d/%Y - %H:%M")
            except ValueError:  # e.g. 13/45/2021: keep null rather than guess
                pass
        elif getattr(article, key) is None:
            setattr(article, key, value)


def split_post(text: str, encoding: str) -> Article | Reject:
    """Split repaired text into title, body and furniture; read metadata from the furniture."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return Reject("empty", "no text: the file holds only whitespace", encoding)

    article = Article(title="", body="", encoding=encoding)
    removed: list[tuple[str, int]] = []

    # Footer: peel furniture lines from the end; stop at the first line no footer rule matches.
    end = len(lines)
    while end > 0:
        hit = match_line(lines[end - 1], FOOTER_RULES)
        if hit is None:
            break
        rule, m = hit
        removed.append((rule.name, len(lines[end - 1])))
        _apply_metadata(article, m.groupdict())
        end -= 1
    if end == 0:
        names = sorted({name for name, _ in removed})
        return Reject("boilerplate_only", f"only feed/blog furniture, no article (rules: {', '.join(names)})", encoding)

    article.title = lines[0]
    # Header: furniture right after the title.
    start = 1
    while start < end:
        hit = match_line(lines[start], HEADER_RULES)
        if hit is None:
            break
        rule, m = hit
        removed.append((rule.name, len(lines[start])))
        _apply_metadata(article, m.groupdict())
        start += 1

    if start >= end:
        return Reject("no_body", "a title but no article text after it", encoding)
    article.body = "\n".join(lines[start:end])
    counts: dict[str, int] = {}
    for name, chars in removed:
        counts[name] = counts.get(name, 0) + chars
    article.boilerplate = sorted(counts.items())
    return article


def process_post(data: bytes) -> Article | Reject:
    """Raw bytes of one post file to an article with its quotes and links, or a reject."""
    decoded = decode_bytes(data)
    if decoded.text is None:
        return Reject(decoded.reject_code or "undecodable", decoded.reject_reason or "not text")
    text, repairs = repair_text(decoded.text)
    result = split_post(text, decoded.encoding or "utf-8")
    if isinstance(result, Reject):
        return result
    result.repairs = repairs
    result.quotes = extract_quotes(result.body)
    result.links = extract_links(result.body)
    return result


def process_post_safely(data: bytes) -> Article | Reject:
    """``process_post``, with an unexpected exception (a bug) turned into a reject that
    keeps the file and names the error, so one bad post cannot stop a batch."""
    try:
        return process_post(data)
    except Exception as exc:
        return Reject("transform_error", f"internal error while transforming ({type(exc).__name__}: {exc}); please report it")
