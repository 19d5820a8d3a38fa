"""Turn one processed post into table rows (plain dicts keyed by column name)."""

from __future__ import annotations

import hashlib
from typing import Any

from transforms.post import Article, Reject


def post_id_for(source_path: str) -> str:
    """A post's id: stable for its source path, so a changed file replaces its own rows."""
    return hashlib.sha256(source_path.encode("utf-8")).hexdigest()[:16]


def article_rows(article: Article, post_id: str, source_path: str, sha256: str, run_id: str) -> dict[str, list[dict[str, Any]]]:
    """Rows for articles, quotes and links. Offsets are not filtered here: the load's SQL
    check refuses the whole run if any quote or link fails to slice back out of the body."""
    body = article.body
    quotes = [
        {
            "quote_id": f"{post_id}-q{i:04d}",
            "post_id": post_id,
            "part": part,
            "quote": q.quote,
            "speaker": q.speaker,
            "speaker_mention": q.speaker_mention,
            "speaker_role": q.speaker_role,
            "cue": q.cue,
            "start_char": q.start_char,
            "end_char": q.end_char,
            "context_start": q.context_start,
            "context_end": q.context_end,
            "kind": q.kind,
            "social_handle": q.social_handle,
            "social_date": q.social_date,
            "run_id": run_id,
        }
        for i, (part, q) in enumerate([("title", q) for q in article.title_quotes] + [("body", q) for q in article.quotes])
    ]
    links = [
        {
            "link_id": f"{post_id}-l{i:04d}",
            "post_id": post_id,
            "url": link.url,
            "url_normalized": link.url_normalized,
            "host": link.host,
            "domain": link.domain,
            "kind": link.kind,
            "is_shortlink": link.is_shortlink,
            "place": link.place,
            "start_char": link.start_char,
            "end_char": link.end_char,
            "run_id": run_id,
        }
        for i, link in enumerate(article.links)
    ]
    row = {
        "post_id": post_id,
        "source_path": source_path,
        "title": article.title,
        "body": body,
        "feed": article.feed,
        "feed_url": article.feed_url,
        "via": article.via,
        "author": article.author,
        "origin": article.origin,
        "published_date": article.published_date,
        "published_at": article.published_at,
        "published_tz": article.published_tz,
        "published_at_utc": article.published_at_utc,
        "dateline_place": article.dateline_place,
        "dateline_agency": article.dateline_agency,
        "comment_count": article.comment_count,
        "encoding": article.encoding,
        "word_count": article.word_count,
        "char_count": len(body),
        "quote_count": len(quotes),
        "link_count": len(links),
        "content_hash": article.content_hash,
        "sha256": sha256,
        "repairs": article.repairs,
        "boilerplate": [{"rule": rule, "place": place, "chars": len(line), "line": line} for rule, place, line in article.removed],
        "embeds": [
            {"kind": e.kind, "text": e.text, "author": e.author, "handle": e.handle, "date": e.date, "start_char": e.start_char, "end_char": e.end_char}
            for e in article.embeds
        ],
        "run_id": run_id,
    }
    return {"articles": [row], "quotes": quotes, "links": links}


def reject_row(reject: Reject, post_id: str, source_path: str, size: int, sha256: str | None, run_id: str) -> dict[str, Any]:
    return {
        "post_id": post_id,
        "source_path": source_path,
        "reason_code": reject.code,
        "reason": reject.reason,
        "size_bytes": size,
        "sha256": sha256,
        "run_id": run_id,
    }
