"""The post sources a run reads: a folder of files (ingest) or the lake's raw bytes (reprocess).

A source plans a run (which posts to process, one manifest Parquet per batch in the run's
staging folder) and reads a batch's posts back from its manifest. Everything after that —
the transform, the staging, the checked load — is the same run engine (flows/engine.py).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa

from flows import progress
from flows.settings import Settings, SettingsError
from flows.walk import SourceError, file_sha256, iter_posts, read_post
from transforms.post import Reject
from transforms.rows import post_id_for
from warehouse import db, lake

# A post as a batch reads it: its bytes (None when there are none to keep), their sha256, and
# the reject it already is before any transform (None: transform it).
Read = tuple[bytes | None, str | None, Reject | None]


@dataclass(frozen=True)
class Plan:
    manifests: list[str]
    files_seen: int
    files_unchanged: int
    files_replaced: int


def write_manifests(settings: Settings, run_id: str, todo: list[dict[str, Any]], schema: pa.Schema) -> tuple[list[str], int]:
    """Split the posts to process into batches (growing past batch_size to stay within
    max_batches) and write one manifest Parquet per batch into the run's staging folder.
    Returns the manifest paths and the batch size used."""
    per_batch = max(settings.batch_size, -(-len(todo) // settings.max_batches))
    stage = lake.staging_dir(settings.data_dir, run_id)
    manifests = []
    for n, start in enumerate(range(0, len(todo), per_batch)):
        rows = [{k: r[k] for k in schema.names} for r in todo[start : start + per_batch]]
        path = stage / "_manifests" / f"batch-{n:05d}.parquet"
        lake.write_manifest(path, pa.Table.from_pylist(rows, schema=schema))
        manifests.append(str(path))
    return manifests, per_batch


_TS = pa.timestamp("us", tz="UTC")

_FOLDER_MANIFEST = pa.schema(
    [
        ("fs_path", pa.binary()),
        ("source_path", pa.string()),
        ("post_id", pa.string()),
        ("size_bytes", pa.int64()),
        ("sha256", pa.string()),
        ("file_mtime", _TS),
        ("reject_code", pa.string()),  # set when the plan already knows the file is a reject (never opened again)
        ("reject_reason", pa.string()),
    ]
)


def _cannot_read(exc: OSError) -> str:
    """The reason an unreadable file is rejected with: the same text at plan time and at read time."""
    return f"cannot read the file: {exc.strerror or exc}"


def _duplicate_id(source_path: str, taken: dict[str, str]) -> str:
    """An id for a file whose post_id another file of this run already holds: stable from run to
    run, and never a real path's id (a file name cannot hold a NUL)."""
    n = 0
    while (alt := post_id_for(f"\0duplicate_path\0{n}\0{source_path}")) in taken:
        n += 1
    return alt


@dataclass(frozen=True)
class FolderSource:
    """A folder of raw posts: new or changed files are processed, unchanged ones counted."""

    path: Path
    allow_empty: bool = False

    flow: ClassVar[str] = "ingest-posts"
    plan_task: ClassVar[str] = "plan-batches"
    batch_task: ClassVar[str] = "transform-batch"

    def check(self, settings: Settings) -> None:
        if not self.path.exists():
            raise SourceError(f"source {self.path} does not exist: give the folder that holds the .txt posts")
        if not self.path.is_dir():
            raise SourceError(f"source {self.path} is not a folder: give the folder that holds the .txt posts")

    def describe(self, settings: Settings) -> str | None:
        """The run row's ``source``."""
        return str(self.path)

    def started(self, logger: logging.LoggerAdapter[Any] | logging.Logger, run_id: str, settings: Settings) -> None:
        logger.info("run %s: %s -> %s", run_id, self.path, settings.data_dir)

    def ended(self, logger: logging.LoggerAdapter[Any] | logging.Logger, summary: dict[str, Any]) -> None:
        logger.info(
            "run %s: %d seen, %d loaded, %d unchanged, %d rejected in %.1f s (%s posts/s)",
            summary["run_id"], summary["files_seen"], summary["files_loaded"], summary["files_unchanged"], summary["files_rejected"],
            summary["duration_seconds"], summary["posts_per_second"],
        )

    def plan(self, settings: Settings, run_id: str, logger: logging.LoggerAdapter[Any] | logging.Logger) -> Plan:
        """Scan the folder, hash every file, and write one manifest per batch of new or changed files.

        A file whose bytes are unchanged is unchanged, whatever its mtime says. A file that cannot be
        read is tried again every run (hashing it is the try), and is unchanged while the warehouse
        already holds it as the same reject (same reason, same size, no bytes): permissions fixed or
        a new reason make it new work, a rerun over the same unreadable file counts and stores
        nothing. A file whose post_id another file of the run already has (a hash-prefix collision)
        is rejected as duplicate_path under an id of its own, so the load's key check cannot fail."""
        warehouse = db.warehouse_path(settings.data_dir)
        known = db.known_posts(warehouse)
        unreadable = db.unreadable_rejects(warehouse) if None in known.values() else {}  # what a still-unreadable file is compared with
        todo: list[dict[str, Any]] = []
        seen = unchanged = replaced = 0
        hashed = 0
        taken: dict[str, str] = {}  # post_id -> source_path, of this run's files
        track = progress.current()
        track.phase("planning", f"hashing the files under {self.path}")
        for f in iter_posts(self.path, warn=logger.warning):
            seen += 1
            post_id = post_id_for(f.source_path)
            sha: str | None = None
            code: str | None = None  # a reject decided here
            reason: str | None = None  # why it is (or would be) rejected
            if f.problem is not None:  # not a regular file, or not even stat-able: never opened
                code, reason = "unreadable", f.problem
            else:
                try:
                    sha = file_sha256(f.fs_path)
                except OSError as exc:
                    reason = _cannot_read(exc)  # unreadable: the batch tries again and records it as a reject
            if post_id in taken:
                first, post_id = taken[post_id], _duplicate_id(f.source_path, taken)
                if code is None:
                    code = "duplicate_path"
                    reason = f"its post_id is also that of {first!r} (kept under post_id {post_id}); its bytes are not stored"
                logger.warning("%s has the post_id of %s: rejected as duplicate_path", f.source_path, first)
            taken[post_id] = f.source_path
            hashed += f.size
            track.advance(1, f"{hashed / 1e6:,.1f} MB hashed")
            if sha is not None and known.get(post_id) == sha:
                unchanged += 1
                continue
            if sha is None and post_id in known and known[post_id] is None and unreadable.get(post_id) == (reason, f.size):
                unchanged += 1  # unreadable as before, and the warehouse already says so
                continue
            replaced += post_id in known
            todo.append(
                {"fs_path": f.fs_path, "source_path": f.source_path, "post_id": post_id, "size_bytes": f.size, "sha256": sha, "file_mtime": f.mtime, "reject_code": code, "reject_reason": reason if code else None}
            )
        if not seen and not self.allow_empty:
            raise SourceError(f"no posts found in {self.path} (no *.txt files): is the drop folder mounted? Allow an empty folder with allow_empty (--allow-empty)")
        manifests, per_batch = write_manifests(settings, run_id, todo, _FOLDER_MANIFEST)
        logger.info("%d files seen: %d unchanged, %d to process in %d batches of up to %d", seen, unchanged, len(todo), len(manifests), per_batch)
        return Plan(manifests, seen, unchanged, replaced)

    def read(self, entries: list[dict[str, Any]], settings: Settings) -> Iterator[Read]:
        """Each entry's bytes, read when asked: the batch hands out chunks as they are read."""
        return (self._read(entry, settings) for entry in entries)

    @staticmethod
    def _read(entry: dict[str, Any], settings: Settings) -> Read:
        """The file's bytes and their sha256, or the reason it cannot be a post. Never raises.
        A reject the plan already decided (``reject_code``) is not opened: it may be a FIFO."""
        if entry.get("reject_code"):
            return None, entry["sha256"], Reject(entry["reject_code"], entry["reject_reason"])
        size = entry["size_bytes"]
        try:
            if size > settings.max_post_bytes:
                data = read_post(entry["fs_path"], settings.max_raw_bytes) if size <= settings.max_raw_bytes else None
                kept = "" if data is not None else f"; its bytes are not stored (over max_raw_bytes={settings.max_raw_bytes:,})"
                return data, entry["sha256"], Reject("too_large", f"{size:,} bytes is over max_post_bytes={settings.max_post_bytes:,}{kept}")
            data = read_post(entry["fs_path"], settings.max_post_bytes)
        except OSError as exc:
            return None, entry["sha256"], Reject("unreadable", _cannot_read(exc))
        sha = hashlib.sha256(data).hexdigest()  # of the bytes read now, even if the file changed since the scan
        if len(data) > settings.max_post_bytes:
            return data, sha, Reject("too_large", f"over max_post_bytes={settings.max_post_bytes:,} (the file grew during the run)")
        return data, sha, None


_LAKE_MANIFEST = pa.schema(
    [
        ("post_id", pa.string()),
        ("source_path", pa.string()),
        ("size_bytes", pa.int64()),
        ("sha256", pa.string()),
        ("file_mtime", _TS),
        ("lake_run_id", pa.string()),  # the run whose lake files hold the bytes
        ("lake_date", pa.string()),  # that run's ingest_date partition
    ]
)


@dataclass(frozen=True)
class LakeSource:
    """The raw bytes of the version of each post the warehouse holds now, read back from
    ``lake/raw_posts``: every post is processed again. Posts whose bytes were never kept
    (unreadable files, files over ``max_raw_bytes``) keep their rows and count as unchanged."""

    flow: ClassVar[str] = "reprocess-posts"
    plan_task: ClassVar[str] = "plan-reprocess"
    batch_task: ClassVar[str] = "reprocess-batch"

    def check(self, settings: Settings) -> None:
        warehouse = db.warehouse_path(settings.data_dir)
        if not warehouse.exists():
            raise SettingsError(f"no warehouse at {warehouse}: nothing to reprocess (run ingest-posts into this data dir first)")

    def describe(self, settings: Settings) -> str | None:
        """The run row's ``source``: where the posts came from (the bytes come from the lake)."""
        return ", ".join(db.current_sources(db.warehouse_path(settings.data_dir))) or None

    def started(self, logger: logging.LoggerAdapter[Any] | logging.Logger, run_id: str, settings: Settings) -> None:
        logger.info("reprocess run %s: raw posts from %s", run_id, lake.lake_dir(settings.data_dir))

    def ended(self, logger: logging.LoggerAdapter[Any] | logging.Logger, summary: dict[str, Any]) -> None:
        logger.info(
            "reprocess run %s: %d posts, %d loaded, %d rejected, %d kept in %.1f s (%s posts/s)",
            summary["run_id"], summary["files_seen"], summary["files_loaded"], summary["files_rejected"], summary["files_unchanged"],
            summary["duration_seconds"], summary["posts_per_second"],
        )

    def plan(self, settings: Settings, run_id: str, logger: logging.LoggerAdapter[Any] | logging.Logger) -> Plan:
        """List the current version of every post and write one manifest per batch of them."""
        progress.current().phase("planning", "listing the posts in the warehouse")
        current = db.current_posts(db.warehouse_path(settings.data_dir))
        todo = [c for c in current if c["has_raw"]]
        kept = len(current) - len(todo)
        if kept:
            logger.warning("%d posts have no stored bytes (unreadable, or over max_raw_bytes): their rows are kept as they are", kept)
        manifests, per_batch = write_manifests(settings, run_id, todo, _LAKE_MANIFEST)
        logger.info("%d posts in the warehouse: %d to reprocess in %d batches of up to %d, %d kept as they are", len(current), len(todo), len(manifests), per_batch, kept)
        return Plan(manifests, len(current), kept, len(todo))  # every reprocessed post replaces its rows

    def read(self, entries: list[dict[str, Any]], settings: Settings) -> list[Read]:
        raw = lake.read_raw_bytes(settings.data_dir, entries)
        reads: list[Read] = []
        for e in entries:
            data = raw.get((e["post_id"], e["lake_run_id"]))
            if data is None:
                raise FileNotFoundError(f"the lake has no raw bytes for {e['source_path']} (run {e['lake_run_id']}): run `posts-etl rebuild` or ingest it again")
            if len(data) > settings.max_post_bytes:
                reads.append((data, e["sha256"], Reject("too_large", f"{len(data):,} bytes is over max_post_bytes={settings.max_post_bytes:,}")))
            else:
                reads.append((data, e["sha256"], None))
        return reads


PostSource = FolderSource | LakeSource
