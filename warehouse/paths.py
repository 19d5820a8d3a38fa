"""Where the warehouse file lives, and whether DuckDB can keep it there, without importing DuckDB.

The CLI and the settings check a data dir before any command imports DuckDB (a wrong argument
answers at once); :mod:`warehouse.db` re-exports all of this.
"""

from __future__ import annotations

from pathlib import Path


class WarehouseError(RuntimeError):
    """A warehouse problem stated for a person: locked file, failed check, missing data."""


# DuckDB cannot hold a database under a path with these: it cuts the path at '?' to derive the
# WAL's name (the commit then fails, "Cannot open file …/q.wal?mark/…") and takes '\\' as a
# folder separator. No escape exists for either, so such a data dir is refused before anything
# is written, rather than left with a warehouse that has no tables.
_DUCKDB_UNSAFE = ("?", "\\")


def check_warehouse_path(path: Path) -> None:
    """Raise a clear error when DuckDB cannot keep a database at ``path`` (see _DUCKDB_UNSAFE)."""
    full = str(path.absolute())
    if bad := [c for c in _DUCKDB_UNSAFE if c in full]:
        chars = " or ".join(repr(c) for c in bad)
        raise WarehouseError(f"DuckDB cannot keep a warehouse under {full}: the path holds {chars}, which DuckDB misreads in a database path; choose a data dir without it")


def warehouse_path(data_dir: Path) -> Path:
    return data_dir / "warehouse.duckdb"
