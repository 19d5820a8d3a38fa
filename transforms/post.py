"""One raw post in, one article record (or a reject) out, in one pass over the post.

``process_post`` is the whole per-post transform: the cleaning stage (``transforms.clean``:
decode, repair, title / body / furniture, metadata, embeds) builds the post's document once,
then the quote stage and the link stage read it. It never raises on any input: a file that is
not a usable post comes back as a ``Reject`` with a short code and a sentence a person can act on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields

from transforms.clean import CleanPost, clean_post
from transforms.links import extract_furniture_links, extract_links
from transforms.quotes import article_quotes
from transforms.records import Link, Quote, Reject
from transforms.wordcount import word_count

__all__ = ["Article", "Reject", "process_post", "process_post_safely"]


@dataclass(slots=True)
class Article(CleanPost):
    """A clean post with the quotes and links found in it."""

    quotes: list[Quote] = field(default_factory=list)
    title_quotes: list[Quote] = field(default_factory=list)  # offsets into title
    links: list[Link] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return word_count(self.body)  # transforms/wordcount.py says what a word is

    @property
    def content_hash(self) -> str:
        """sha256 of title and body: equal for the same article relayed by different feeds."""
        return hashlib.sha256(f"{self.title}\n{self.body}".encode()).hexdigest()


_CLEAN_FIELDS = tuple(f.name for f in fields(CleanPost))


def process_post(data: bytes) -> Article | Reject:
    """Raw bytes of one post file to an article with its quotes and links, or a reject."""
    cleaned = clean_post(data)
    if isinstance(cleaned, Reject):
        return cleaned
    article = Article(**{name: getattr(cleaned, name) for name in _CLEAN_FIELDS})
    doc = article.document()
    article.quotes, article.title_quotes = article_quotes(doc)
    # body links (with offsets), then the links in the furniture removed around it (without)
    article.links = extract_links(doc.body, doc.embeds) + extract_furniture_links(doc.removed)
    return article


def process_post_safely(data: bytes) -> Article | Reject:
    """``process_post``, with an unexpected exception (a bug) turned into a reject that
    keeps the file and names the error, so one bad post cannot stop a batch."""
    try:
        return process_post(data)
    except Exception as exc:
        return Reject("transform_error", f"internal error while transforming ({type(exc).__name__}: {exc}); please report it")
