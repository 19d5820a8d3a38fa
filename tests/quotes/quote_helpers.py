"""Shared helpers of the quote stage's tests (invented sentences only)."""

from __future__ import annotations

from pathlib import Path

from transforms.clean.embeds import find_embeds
from transforms.document import Document, paragraphs
from transforms.quotes.body import body_quotes
from transforms.records import Quote

ROOT = Path(__file__).resolve().parents[2]  # the repository
SHARED = ROOT.parent / "shared"
KINDS = {"direct", "partial", "block", "social", "scare", "title"}


def extract_quotes(body: str) -> list[Quote]:
    """The body's quotes of a post whose body is ``body``, its document built as the cleaning stage does."""
    paras = paragraphs(body)
    return body_quotes(Document("", body, paras, find_embeds(body, paras)))[0]


def q(body: str) -> list[Quote]:
    rows = extract_quotes(body)
    for r in rows:
        assert body[r.start_char : r.end_char] == r.quote
        assert r.kind in KINDS
    return rows


def by_text(rows: list[Quote], text: str) -> Quote:
    hits = [r for r in rows if r.quote == text]
    assert hits, f"{text!r} not in {[r.quote for r in rows]}"
    return hits[0]
