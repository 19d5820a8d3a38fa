"""Settling what a run left in lake/_staging: the warehouse's runs table says which runs committed.

A run stages its Parquet, loads the warehouse in one transaction, then renames the staged files
into the lake. A process that dies between the commit and the last rename leaves a committed run
in staging: its files belong in the lake. One that dies before the commit leaves files nobody
committed: they are dropped.

Only a process holding the data dir's lock (warehouse/lock.py) calls these, so a staged run it
finds that is not its own belongs to a process that is gone.
"""

from __future__ import annotations

from pathlib import Path

from warehouse import db, lake


def recover_staging(data_dir: Path) -> list[str]:
    """Finish what crashed runs left: promote runs the warehouse committed, drop the rest."""
    committed = db.committed_runs(db.warehouse_path(data_dir))
    notes = []
    for run_id in lake.staged_runs(data_dir):
        if run_id in committed:
            lake.promote(data_dir, run_id)
            notes.append(f"finished moving committed run {run_id} into the lake")
        else:
            lake.discard(data_dir, run_id)
            notes.append(f"discarded staged files of unfinished run {run_id}")
    return notes


def abandon_run(data_dir: Path, run_id: str) -> bool:
    """After a failure or a stop: drop the run's staged files unless the warehouse already
    committed it, in which case they belong in the lake. Returns whether it had committed."""
    if run_id in db.committed_runs(db.warehouse_path(data_dir)):
        lake.promote(data_dir, run_id)
        return True
    lake.discard(data_dir, run_id)
    return False
