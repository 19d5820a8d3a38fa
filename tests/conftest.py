"""Shared fixtures: one Prefect test server per session, sample posts copied per test."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parent.parent
# A run without PREFECT_API_URL reports to the local stack when one is up (flows/server.py): a
# developer's `make stack-up` must not take the tests' runs. Tests of that point their own STACK_DIR.
os.environ["STACK_DIR"] = str(REPO / "tests" / "no-stack-here")
SAMPLES = REPO / "samples" / "posts"
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_b011d7168288c4b4.txt"


@pytest.fixture(scope="session")
def prefect_harness():
    """A real (temporary, SQLite-backed) Prefect server for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled sample posts, safe to modify."""
    dest = tmp_path / "posts"
    shutil.copytree(SAMPLES, dest)
    return dest


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not present")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def sql():
    """Run a query against a data dir's warehouse with a stock DuckDB client."""

    def run(data_dir: Path, query: str, params: dict | None = None) -> list[tuple]:
        with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
            return con.execute(query, params).fetchall()

    return run


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """1,500 generated posts (read-only): a run of several batches that takes some seconds."""
    spec = importlib.util.spec_from_file_location("generate_posts", REPO / "benchmarks" / "generate_posts.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)  # type: ignore[union-attr]
    out = tmp_path_factory.mktemp("corpus")
    gen.generate(out, 1500, seed=3)
    return out
