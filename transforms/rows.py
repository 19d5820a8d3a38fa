"""Turn processed posts into table columns: for each table, column name -> one value per row.

A chunk of posts is gathered column by column (:func:`new_columns`, then :func:`add_article` or
:func:`add_reject` per post), the shape Arrow takes without a per-row dict: building one dict per
quote and link and then letting Arrow read the dicts back cost more than the values themselves.
The column names are the warehouse's (``warehouse/tables.py`` checks them, once per chunk, when
the columns become a table).
"""

from __future__ import annotations

import hashlib
from operator import attrgetter
from typing import Any

from transforms.post import Article, Reject

Columns = dict[str, dict[str, list[Any]]]  # table -> column -> values

# Columns filled straight from a Quote's / Link's field of the same name, in table order.
_QUOTE_FIELDS = ("quote", "speaker", "speaker_mention", "speaker_role", "speaker_type", "cue", "start_char", "end_char",
                 "context_start", "context_end", "kind", "social_handle", "social_date")
_LINK_FIELDS = ("url", "url_normalized", "host", "domain", "kind", "is_shortlink", "place", "start_char", "end_char")
_QUOTE_GET = tuple((name, attrgetter(name)) for name in _QUOTE_FIELDS)
_LINK_GET = tuple((name, attrgetter(name)) for name in _LINK_FIELDS)

_ARTICLE_FIELDS = ("title", "body", "feed", "feed_url", "via", "author", "origin", "published_date", "published_at",
                   "published_tz", "published_at_utc", "dateline_place", "dateline_agency", "comment_count", "encoding")
_COLUMNS = {
    "articles": ("post_id", "source_path", *_ARTICLE_FIELDS, "word_count", "char_count", "quote_count", "link_count",
                 "content_hash", "sha256", "repairs", "boilerplate", "embeds", "run_id"),
    "quotes": ("quote_id", "post_id", "part", *_QUOTE_FIELDS, "run_id"),
    "links": ("link_id", "post_id", *_LINK_FIELDS, "run_id"),
    "rejects": ("post_id", "source_path", "reason_code", "reason", "size_bytes", "sha256", "run_id"),
}


def post_id_for(source_path: str) -> str:
    """A post's id: stable for its source path, so a changed file replaces its own rows."""
    return hashlib.sha256(source_path.encode("utf-8")).hexdigest()[:16]


def new_columns() -> Columns:
    """Empty columns for the tables a post's transform fills (articles, quotes, links, rejects)."""
    return {table: {name: [] for name in names} for table, names in _COLUMNS.items()}


def add_article(cols: Columns, article: Article, post_id: str, source_path: str, sha256: str, run_id: str) -> None:
    """Append an article's rows (its articles row, quotes and links) to ``cols``. Offsets are not
    filtered here: the load's check refuses the whole run if any quote or link fails to slice
    back out of the body."""
    parts = ["title"] * len(article.title_quotes) + ["body"] * len(article.quotes)
    quotes = article.title_quotes + article.quotes
    q = cols["quotes"]
    q["quote_id"].extend([f"{post_id}-q{i:04d}" for i in range(len(quotes))])
    q["post_id"].extend([post_id] * len(quotes))
    q["part"].extend(parts)
    for name, get in _QUOTE_GET:
        q[name].extend(map(get, quotes))
    q["run_id"].extend([run_id] * len(quotes))
    links = article.links
    lk = cols["links"]
    lk["link_id"].extend([f"{post_id}-l{i:04d}" for i in range(len(links))])
    lk["post_id"].extend([post_id] * len(links))
    for name, get in _LINK_GET:
        lk[name].extend(map(get, links))
    lk["run_id"].extend([run_id] * len(links))
    a = cols["articles"]
    a["post_id"].append(post_id)
    a["source_path"].append(source_path)
    for name in _ARTICLE_FIELDS:
        a[name].append(getattr(article, name))
    a["word_count"].append(article.word_count)
    a["char_count"].append(len(article.body))
    a["quote_count"].append(len(quotes))
    a["link_count"].append(len(links))
    a["content_hash"].append(article.content_hash)
    a["sha256"].append(sha256)
    a["repairs"].append(article.repairs)
    a["boilerplate"].append([{"rule": rule, "place": place, "chars": len(line), "line": line} for rule, place, line in article.removed])
    a["embeds"].append([
        {"kind": e.kind, "text": e.text, "author": e.author, "handle": e.handle, "date": e.date, "start_char": e.start_char, "end_char": e.end_char}
        for e in article.embeds
    ])
    a["run_id"].append(run_id)


def add_reject(cols: Columns, reject: Reject, post_id: str, source_path: str, size: int, sha256: str | None, run_id: str) -> None:
    """Append a reject's row to ``cols``."""
    for name, value in zip(_COLUMNS["rejects"], (post_id, source_path, reject.code, reject.reason, size, sha256, run_id)):
        cols["rejects"][name].append(value)

