"""The warehouse's tables, declared once: every column's name and Arrow type, in load order.

The lake's Parquet files are written with these schemas, and ``warehouse/sql/schema.sql``
declares the same columns (plus each table's ``ingest_date`` partition) for DuckDB; a test
holds the two, and the README's data dictionary, to each other. Rows reach Parquet only
through :func:`to_arrow` or :func:`columns_to_arrow`, which refuse a row with an unknown or a
missing column: ``pa.Table.from_pylist`` alone would turn a misspelt key into a column of
nulls without a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

_TS = pa.timestamp("us", tz="UTC")

SCHEMAS: dict[str, pa.Schema] = {
    "raw_posts": pa.schema(
        [
            ("post_id", pa.string()),
            ("source_path", pa.string()),
            ("size_bytes", pa.int64()),
            ("sha256", pa.string()),
            ("raw", pa.large_binary()),
            ("status", pa.string()),
            ("file_mtime", _TS),
            ("run_id", pa.string()),
        ]
    ),
    "articles": pa.schema(
        [
            ("post_id", pa.string()),
            ("source_path", pa.string()),
            ("title", pa.string()),
            ("body", pa.large_string()),
            ("feed", pa.string()),
            ("feed_url", pa.string()),
            ("via", pa.string()),
            ("author", pa.string()),
            ("origin", pa.string()),
            ("published_date", pa.date32()),
            ("published_at", pa.timestamp("us")),
            ("published_tz", pa.string()),
            ("published_at_utc", _TS),
            ("dateline_place", pa.string()),
            ("dateline_agency", pa.string()),
            ("comment_count", pa.int32()),
            ("encoding", pa.string()),
            ("word_count", pa.int32()),
            ("char_count", pa.int32()),
            ("quote_count", pa.int32()),
            ("link_count", pa.int32()),
            ("content_hash", pa.string()),
            ("sha256", pa.string()),
            ("repairs", pa.list_(pa.string())),
            ("boilerplate", pa.list_(pa.struct([("rule", pa.string()), ("place", pa.string()), ("chars", pa.int32()), ("line", pa.string())]))),
            (
                "embeds",
                pa.list_(
                    pa.struct(
                        [
                            ("kind", pa.string()),
                            ("text", pa.string()),
                            ("author", pa.string()),
                            ("handle", pa.string()),
                            ("date", pa.date32()),
                            ("start_char", pa.int32()),
                            ("end_char", pa.int32()),
                        ]
                    )
                ),
            ),
            ("run_id", pa.string()),
        ]
    ),
    "quotes": pa.schema(
        [
            ("quote_id", pa.string()),
            ("post_id", pa.string()),
            ("part", pa.string()),
            ("quote", pa.string()),
            ("speaker", pa.string()),
            ("speaker_mention", pa.string()),
            ("speaker_role", pa.string()),
            ("speaker_type", pa.string()),
            ("cue", pa.string()),
            ("start_char", pa.int32()),
            ("end_char", pa.int32()),
            ("context_start", pa.int32()),
            ("context_end", pa.int32()),
            ("kind", pa.string()),
            ("social_handle", pa.string()),
            ("social_date", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
    "links": pa.schema(
        [
            ("link_id", pa.string()),
            ("post_id", pa.string()),
            ("url", pa.string()),
            ("url_normalized", pa.string()),
            ("host", pa.string()),
            ("domain", pa.string()),
            ("kind", pa.string()),
            ("is_shortlink", pa.bool_()),
            ("place", pa.string()),
            ("start_char", pa.int32()),
            ("end_char", pa.int32()),
            ("run_id", pa.string()),
        ]
    ),
    "rejects": pa.schema(
        [
            ("post_id", pa.string()),
            ("source_path", pa.string()),
            ("reason_code", pa.string()),
            ("reason", pa.string()),
            ("size_bytes", pa.int64()),
            ("sha256", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
    "runs": pa.schema(
        [
            ("run_id", pa.string()),
            ("flow", pa.string()),
            ("flow_run_id", pa.string()),
            ("source", pa.string()),
            ("started_at", _TS),
            ("finished_at", _TS),
            ("files_seen", pa.int64()),
            ("files_loaded", pa.int64()),
            ("files_unchanged", pa.int64()),
            ("files_rejected", pa.int64()),
            ("files_replaced", pa.int64()),
            ("articles_added", pa.int64()),
            ("quotes_added", pa.int64()),
            ("links_added", pa.int64()),
        ]
    ),
}

# the tables a run writes one file per batch of (``runs`` gets the run's marker row)
POST_TABLES = ("raw_posts", "articles", "quotes", "links", "rejects")


class ColumnError(ValueError):
    """A row or a batch of columns that does not have exactly its table's columns."""


def _check(table: str, keys: Iterable[str], what: str) -> None:
    names = SCHEMAS[table].names
    given = list(keys)
    unknown = [k for k in given if k not in names]
    missing = [n for n in names if n not in given]
    parts = []
    if unknown:
        parts.append(f"unknown column(s) {', '.join(unknown)}")
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    raise ColumnError(f"{what} for table {table}: {'; '.join(parts) or 'columns out of order'}")


def to_arrow(table: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Rows (one mapping per row, keyed by column name) as an Arrow table of ``table``'s schema.

    Raises :class:`ColumnError` when a row has a key the table does not have, or lacks one
    it has (``KeyError`` for a table that does not exist)."""
    schema = SCHEMAS[table]
    names = _NAMES[table]
    rows = list(rows)
    for i, row in enumerate(rows):
        if row.keys() != names:
            _check(table, row.keys(), f"row {i}")
    return pa.Table.from_pylist(rows, schema=schema)


def columns_to_arrow(table: str, columns: Mapping[str, Sequence[Any]]) -> pa.Table:
    """Columns (name -> values, all of one length) as an Arrow table of ``table``'s schema;
    the same refusals as :func:`to_arrow`, checked once for the whole batch."""
    schema = SCHEMAS[table]
    if columns.keys() != _NAMES[table]:
        _check(table, columns.keys(), "columns")
    return pa.Table.from_pydict({n: columns[n] for n in schema.names}, schema=schema)


_NAMES: dict[str, frozenset[str]] = {t: frozenset(s.names) for t, s in SCHEMAS.items()}
