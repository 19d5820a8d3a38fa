"""What the cleaning stage returns for a usable post: the document and the metadata its furniture carried."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from transforms.document import Document, Embed


@dataclass(slots=True)
class CleanPost:
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
