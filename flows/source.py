"""Reading the source folder: the flow's input side (the warehouse package owns the output side).

A post is any ``*.txt`` file under the source folder, found recursively; hidden files and
folders (name starting with '.') are skipped and symlinked folders are not followed, so a
link loop cannot hang a run. ``source_path`` is the path relative to the source folder with
'/' separators; a file name that is not valid UTF-8 keeps its odd bytes as ``\\xNN`` escapes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class SourceFile:
    fs_path: bytes  # absolute path as the OS gives it
    source_path: str
    size: int
    mtime: datetime


class SourceError(ValueError):
    pass


def _printable(rel: bytes) -> str:
    return rel.decode("utf-8", "backslashreplace")


def iter_posts(source: Path) -> Iterator[SourceFile]:
    """Every post file under ``source``, in a stable (sorted) order."""
    if not source.exists():
        raise SourceError(f"source folder {source} does not exist")
    if not source.is_dir():
        raise SourceError(f"source {source} is not a folder (give the folder that holds the .txt posts)")
    root = os.fsencode(source.resolve())
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(b"."))
        for name in sorted(filenames):
            if name.startswith(b".") or not name.lower().endswith(b".txt"):
                continue
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path)
            except OSError:
                continue  # a dangling symlink: nothing to read, nothing to keep
            if not os.path.isfile(path):
                continue
            rel = os.path.relpath(path, root).replace(os.sep.encode(), b"/")
            yield SourceFile(path, _printable(rel), st.st_size, datetime.fromtimestamp(st.st_mtime, timezone.utc))


def file_sha256(path: bytes) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def read_post(path: bytes, max_bytes: int) -> bytes:
    """The file's bytes, at most ``max_bytes + 1`` of them (enough to tell it is too large)."""
    with open(path, "rb") as fh:
        return fh.read(max_bytes + 1)
