"""One table spec (warehouse/tables.py): the Parquet schemas, schema.sql and the README agree,
and a row that does not have exactly its table's columns is refused."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from warehouse import db
from warehouse.tables import POST_TABLES, SCHEMAS, ColumnError, columns_to_arrow, to_arrow

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def _declared() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute((db.SQL_DIR / "schema.sql").read_text())
    return con


def _types(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(name, kind) for name, kind, *_ in con.execute(f"describe {table}").fetchall()]


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_parquet_schema_loads_as_the_declared_duckdb_table(table):
    """The Arrow schema, read by DuckDB, gives the column names and types schema.sql declares
    (less the ingest_date partition, which the lake's folder names carry)."""
    con = _declared()
    empty = pa.Table.from_pylist([], schema=SCHEMAS[table])
    con.register("empty_batch", empty)
    con.execute("create table from_arrow as select * from empty_batch")
    declared = [(n, t) for n, t in _types(con, table) if n != "ingest_date"]
    assert _types(con, "from_arrow") == declared


def test_every_declared_table_has_a_schema():
    con = _declared()
    declared = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert declared == set(SCHEMAS)
    assert set(POST_TABLES) <= set(SCHEMAS)


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_readme_documents_exactly_the_columns(table):
    section = README.split(f"`{table}`:", 1)[1].split("\n\n", 2)[1]
    documented = {c for line in section.splitlines() if line.startswith("| `") for c in re.findall(r"`(\w+)`", line.split(" | ")[0])}
    assert documented == set(SCHEMAS[table].names) | {"ingest_date"}


def _link(**change):
    row = {n: None for n in SCHEMAS["links"].names}
    row.update(link_id="p-l0000", post_id="p", url="https://example.org/a", kind="other", place="body", start_char=0, end_char=21)
    row.update(change)
    return row


def test_rows_become_a_table_of_the_schema():
    out = to_arrow("links", [_link(), _link(link_id="p-l0001")])
    assert out.schema == SCHEMAS["links"]
    assert out.column("link_id").to_pylist() == ["p-l0000", "p-l0001"]


def test_a_misspelt_column_is_refused_not_left_null():
    row = _link()
    row["url_normalised"] = row.pop("url_normalized")
    with pytest.raises(ColumnError, match=r"row 1 for table links: unknown column\(s\) url_normalised; missing column\(s\) url_normalized"):
        to_arrow("links", [_link(), row])


def test_a_missing_or_extra_column_is_refused():
    row = _link()
    del row["place"]
    with pytest.raises(ColumnError, match=r"missing column\(s\) place$"):
        to_arrow("links", [row])
    with pytest.raises(ColumnError, match=r"unknown column\(s\) extra$"):
        to_arrow("links", [_link(extra=1)])


def test_columns_are_checked_once_for_the_batch():
    cols = {n: [v] for n, v in _link().items()}
    assert columns_to_arrow("links", cols).num_rows == 1
    del cols["host"]
    with pytest.raises(ColumnError, match=r"columns for table links: missing column\(s\) host"):
        columns_to_arrow("links", cols)


def test_an_unknown_table_is_refused():
    with pytest.raises(KeyError):
        to_arrow("linkz", [])


def test_a_warehouse_from_before_speaker_type_gets_the_column(tmp_path: Path):
    """A warehouse whose quotes table predates quotes.speaker_type is given the column (its rows
    null) when the schema is applied, and the rows it held are kept."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute((db.SQL_DIR / "schema.sql").read_text())
        con.execute("alter table quotes drop column speaker_type")
        con.execute("insert into quotes (quote_id, post_id, quote) values ('q1', 'p1', 'Fine')")
    db.ensure_schema(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert ("speaker_type", "VARCHAR") in _types(con, "quotes")
        assert con.execute("select quote_id, speaker_type from quotes").fetchall() == [("q1", None)]
