"""Walking the source folder: every post file under it, its bytes and their hash (the warehouse package owns the output side).

A post is any ``*.txt`` file under the source folder, found recursively; hidden files and
folders (name starting with '.') are skipped and symlinked folders are not followed, so a
link loop cannot hang a run. A ``*.txt`` symlink to a file is read as that file.

No ``*.txt`` name found is dropped without a word:

* a name that is not a regular file (a FIFO, socket or device) is yielded with ``problem`` set
  and becomes an ``unreadable`` reject; it is never opened (opening a FIFO blocks, opening a
  device can act on it), and every open here refuses a non-regular file anyway;
* a name that cannot even be stat'ed (permission denied on its folder) is yielded the same way;
* a folder that cannot be listed is named in a warning with the reason (its file names are
  unknown, so there is nothing to reject);
* a dangling ``*.txt`` symlink (or a symlink loop) is skipped with a warning. It names no bytes,
  like a file that was deleted, and a deleted file keeps its rows; a reject would instead
  replace the post's loaded rows whenever a link's target is briefly missing (being replaced,
  on an unmounted disk).

The walk and every open are relative to a folder's descriptor where a path is longer than
PATH_MAX, so a tree of any depth is read in full.

``source_path`` is the path relative to the source folder with '/' separators. Bytes that are
not valid UTF-8 are kept as ``\\xNN`` escapes and a literal backslash is written ``\\\\``, so
the mapping is one to one (two different names never share a ``source_path``, hence a
``post_id``); a name with neither maps to itself.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1 << 20
_PIECE = 2048  # bytes of path opened at a time when a path is longer than PATH_MAX
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SourceFile:
    fs_path: bytes  # absolute path as the OS gives it (may be longer than PATH_MAX)
    source_path: str
    size: int
    mtime: datetime
    problem: str | None = None  # why it cannot be read, found without opening it: a reject's reason


class SourceError(ValueError):
    pass


def _printable(rel: bytes) -> str:
    """Injective: a literal backslash becomes ``\\\\`` and an invalid byte ``\\xNN``, so each
    backslash in the result starts one unambiguous escape. Names with neither map as before."""
    return rel.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    return "special file"


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def open_path(path: bytes, flags: int) -> int:
    """``os.open``, also for an absolute path longer than PATH_MAX: then it is opened a piece of
    folders at a time, each relative to the descriptor of the folder before it."""
    try:
        return os.open(path, flags)
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG or not path.startswith(b"/"):
            raise
    head, _, name = path.rpartition(b"/")
    fd = os.open(b"/", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        piece: list[bytes] = []
        for part in [p for p in head.split(b"/") if p] + [b""]:
            if piece and (not part or sum(len(p) + 1 for p in piece) + len(part) > _PIECE):
                nxt = os.open(b"/".join(piece), os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=fd)
                os.close(fd)
                fd = nxt
                piece = []
            if part:
                piece.append(part)
        return os.open(name, flags, dir_fd=fd)
    finally:
        os.close(fd)


def _open_regular(path: bytes) -> BinaryIO:
    """The file opened for reading; refuses (OSError) anything but a regular file. O_NONBLOCK so
    a FIFO put in a file's place since the scan cannot block the open."""
    fd = open_path(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"not a regular file ({_kind(mode)})")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _list(root: bytes, rel_dir: bytes, warn: Callable[[str], None]) -> tuple[list[tuple[bytes, os.stat_result | None, str | None]], list[bytes]]:
    """One folder's post files (name, stat, problem) and subfolders (names), sorted. A dangling
    symlink is warned about and left out; the caller reports a folder that cannot be listed."""
    fd = open_path(root + b"/" + rel_dir if rel_dir else root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    files: list[tuple[bytes, os.stat_result | None, str | None]] = []
    dirs: list[bytes] = []
    try:
        with os.scandir(fd) as it:
            entries = [(os.fsencode(e.name), e.is_dir(follow_symlinks=False), e.is_symlink()) for e in it]
        for name, is_dir, is_link in sorted(entries):
            if name.startswith(b"."):
                continue
            if is_dir:
                dirs.append(name)
                continue
            if not name.lower().endswith(b".txt"):
                continue
            shown = _printable(rel_dir + b"/" + name if rel_dir else name)
            try:
                st = os.stat(name, dir_fd=fd)  # follows a symlink: a linked file is read as itself
            except OSError as exc:
                if is_link and exc.errno in (errno.ENOENT, errno.ELOOP):
                    warn(f"skipped {shown}: a symlink to nothing ({_why(exc)})")
                elif exc.errno != errno.ENOENT:  # ENOENT: deleted since the listing, as if never there
                    files.append((name, None, f"cannot look at the file: {_why(exc)}"))
                continue
            if stat.S_ISDIR(st.st_mode):
                continue  # a symlinked folder: not followed
            files.append((name, st, None if stat.S_ISREG(st.st_mode) else f"not a regular file ({_kind(st.st_mode)}): never opened"))
    finally:
        os.close(fd)
    return files, dirs


def iter_posts(source: Path, warn: Callable[[str], None] | None = None) -> Iterator[SourceFile]:
    """Every post file under ``source``, in a stable (sorted, depth-first) order. ``warn`` gets
    one line per folder that could not be listed and per dangling symlink (default: this
    module's logger)."""
    if not source.exists():
        raise SourceError(f"source folder {source} does not exist")
    if not source.is_dir():
        raise SourceError(f"source {source} is not a folder (give the folder that holds the .txt posts)")
    warn = warn or _log.warning
    root = os.fsencode(source.resolve())
    todo: list[bytes] = [b""]  # folders to list, relative to root
    while todo:
        rel_dir = todo.pop()
        try:
            files, dirs = _list(root, rel_dir, warn)
        except OSError as exc:
            if not rel_dir:
                raise SourceError(f"source folder {source} cannot be listed: {_why(exc)}") from None
            warn(f"folder {_printable(rel_dir)} cannot be listed, the posts in it are not read: {_why(exc)}")
            continue
        for name, st, problem in files:
            rel = rel_dir + b"/" + name if rel_dir else name
            mtime = datetime.fromtimestamp(st.st_mtime if st else 0, timezone.utc)
            yield SourceFile(root + b"/" + rel, _printable(rel), st.st_size if st and problem is None else 0, mtime, problem)
        todo.extend(rel_dir + b"/" + d if rel_dir else d for d in reversed(dirs))


def file_sha256(path: bytes) -> str:
    h = hashlib.sha256()
    with _open_regular(path) as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def read_post(path: bytes, max_bytes: int) -> bytes:
    """The file's bytes, at most ``max_bytes + 1`` of them (enough to tell it is too large)."""
    with _open_regular(path) as fh:
        return fh.read(max_bytes + 1)
