"""The walk over the source folder on hostile trees: every *.txt name found is loaded, rejected
with a reason, or named in a warning; never lost without a word.

Real files throughout: a real FIFO (os.mkfifo), a real folder tree deeper than PATH_MAX (made
with dir-fd-relative mkdir), real DuckDB warehouses from real flow runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows import source as post_source
from flows.ingest import ingest_posts
from flows.walk import _printable, file_sha256, iter_posts, read_post

pytestmark = pytest.mark.usefixtures("prefect_harness")

POST = "A title for {name}\nThe council met on Tuesday and agreed the plan for {name}.\n"
PATH_MAX = os.pathconf("/", "PC_PATH_MAX")


def _bypasses_permissions() -> bool:
    """True for root (or CAP_DAC_OVERRIDE): it opens and lists chmod-0 files and folders anyway."""
    fd, probe = tempfile.mkstemp()
    os.close(fd)
    os.chmod(probe, 0)
    try:
        os.close(os.open(probe, os.O_RDONLY))
        return True
    except PermissionError:
        return False
    finally:
        os.unlink(probe)


AS_ROOT = _bypasses_permissions()


def run(source: Path, data_dir: Path) -> dict:
    return ingest_posts(source=str(source), data_dir=str(data_dir), workers=1)


def post(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POST.format(name=name), encoding="utf-8")
    return path


def counts(s: dict) -> tuple[int, int, int, int, int]:
    return s["files_seen"], s["files_loaded"], s["files_unchanged"], s["files_rejected"], s["files_replaced"]


# --- source_path: one to one --------------------------------------------------------------


def test_source_path_is_one_to_one_and_plain_names_map_as_before():
    names = [b"coll\xff.txt", b"coll\\xff.txt", b"coll\\\\xff.txt", b"coll\\\xff.txt", b"a\\b.txt", b"a\\\\b.txt", b"\xc3.txt", b"\\xc3.txt", b"\xc3\\.txt"]
    assert len({_printable(n) for n in names}) == len(names)
    # no backslash and valid UTF-8: the name itself, so existing warehouses keep their post_ids
    for plain in ("2021-12-03/001_3f9a1c0be27d4e58.txt", "odd name with spaces ü.txt", "日本/記事.txt"):
        assert _printable(plain.encode()) == plain
    # invalid UTF-8 without a backslash: as before
    assert _printable(b"coll\xff.txt") == "coll\\xff.txt"
    assert _printable(b"coll\\xff.txt") == "coll\\\\xff.txt"


def test_a_byte_name_and_its_escaped_spelling_both_load_and_rerun_unchanged(tmp_path, sql):
    src, data = tmp_path / "posts", tmp_path / "data"
    src.mkdir()
    (src / os.fsdecode(b"coll\xff.txt")).write_text(POST.format(name="bytes"), encoding="utf-8")
    (src / "coll\\xff.txt").write_text(POST.format(name="literal"), encoding="utf-8")
    assert counts(run(src, data)) == (2, 2, 0, 0, 0)
    assert sorted(sql(data, "select source_path from articles")) == [("coll\\\\xff.txt",), ("coll\\xff.txt",)]
    assert sql(data, "select count(distinct post_id) from raw_posts") == [(2,)]
    assert counts(run(src, data)) == (2, 0, 2, 0, 0)


def test_two_files_with_one_post_id_reject_the_second_instead_of_failing_the_run(tmp_path, sql, monkeypatch):
    """A post_id collision (only a 64-bit hash prefix could still cause one) is a per-file reject."""
    src, data = tmp_path / "posts", tmp_path / "data"
    for name in ("a.txt", "b.txt", "c.txt"):
        post(src, name)
    real = post_source.post_id_for
    monkeypatch.setattr(post_source, "post_id_for", lambda p: real("a.txt") if p in ("a.txt", "b.txt") else real(p))
    assert counts(run(src, data)) == (3, 2, 0, 1, 0)
    assert sql(data, "select source_path from articles order by 1") == [("a.txt",), ("c.txt",)]
    ((code, reason, pid),) = sql(data, "select reason_code, reason, post_id from rejects where source_path = 'b.txt'")
    assert code == "duplicate_path" and "a.txt" in reason and pid != real("a.txt")
    assert counts(run(src, data)) == (3, 0, 3, 0, 0)  # and it settles


# --- FIFOs and other non-regular files ------------------------------------------------------


@pytest.fixture
def fifo_watch() -> Iterator[tuple[dict[str, Path], list[str]]]:
    """Watches one FIFO: if anything opens it for reading, the watcher notes it and opens the
    write end (which gives the reader EOF), so a run that opens it cannot hang the test."""
    box: dict[str, Path] = {}
    opened: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.02):
            if "path" not in box:
                continue
            try:
                fd = os.open(box["path"], os.O_WRONLY | os.O_NONBLOCK)  # ENXIO unless a reader has it open
            except OSError:
                continue
            opened.append("opened")
            os.close(fd)

    t = threading.Thread(target=watch, daemon=True)
    t.start()

    yield box, opened
    stop.set()
    t.join()


def test_a_fifo_named_txt_is_rejected_unread_and_settles(tmp_path, sql, fifo_watch):
    box, opened = fifo_watch
    src, data = tmp_path / "posts", tmp_path / "data"
    post(src, "fine.txt")
    fifo = src / "sub" / "pipe.txt"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    box["path"] = fifo
    s = run(src, data)
    assert counts(s) == (2, 1, 0, 1, 0)
    assert dict(sql(data, "select source_path, reason_code from rejects")) == {"sub/pipe.txt": "unreadable"}
    (reason,) = sql(data, "select reason from rejects")[0]
    assert "not a regular file (FIFO)" in reason
    assert sql(data, "select status, sha256, raw from raw_posts where source_path = 'sub/pipe.txt'") == [("rejected", None, None)]
    # a rerun with nothing changed: the same unreadable reject is unchanged, not a replacement
    first_run = s["run_id"]
    assert counts(run(src, data)) == (2, 0, 2, 0, 0)
    assert sql(data, "select run_id from rejects") == [(first_run,)]
    assert sql(data, "select count(*) from raw_posts") == [(2,)]
    assert opened == []  # never opened, by either run
    # a FIFO the run reads as a plain file next time is new work, and replaces the reject
    fifo.unlink()
    post(src, "sub/pipe.txt")
    assert counts(run(src, data)) == (2, 1, 1, 0, 1)
    assert sql(data, "select count(*) from rejects") == [(0,)]


def test_the_read_refuses_a_fifo_put_in_a_files_place_without_blocking(tmp_path, fifo_watch):
    box, _ = fifo_watch  # it opens the FIFO (non-blocking) to see what it is, then refuses it
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    box["path"] = fifo
    with pytest.raises(OSError, match=r"not a regular file \(FIFO\)"):
        file_sha256(os.fsencode(fifo))
    with pytest.raises(OSError, match=r"not a regular file \(FIFO\)"):
        read_post(os.fsencode(fifo), 100)


@pytest.mark.skipif(AS_ROOT, reason="root reads a chmod-0 file anyway")
def test_an_unreadable_file_settles_and_a_readable_one_replaces_it(tmp_path, sql):
    src, data = tmp_path / "posts", tmp_path / "data"
    post(src, "fine.txt")
    locked = post(src, "locked.txt")
    locked.chmod(0)
    try:
        assert counts(run(src, data)) == (2, 1, 0, 1, 0)
        assert sql(data, "select reason_code, reason from rejects") == [("unreadable", "cannot read the file: Permission denied")]
        assert counts(run(src, data)) == (2, 0, 2, 0, 0)  # still unreadable: unchanged, not replaced
    finally:
        locked.chmod(0o644)
    assert counts(run(src, data)) == (2, 1, 1, 0, 1)  # readable now: it replaces the reject


# --- trees deeper than PATH_MAX -------------------------------------------------------------


def _deep_tree(top: Path, depth_bytes: int) -> tuple[bytes, bytes]:
    """Folders of 200-byte names under ``top`` until the path is longer than ``depth_bytes``,
    made relative to the folder before (no path past PATH_MAX is ever given to the OS); returns
    (the bottom folder's path relative to ``top``, its absolute path)."""
    rel: list[bytes] = []
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        while len(os.fsencode(top)) + sum(len(p) + 1 for p in rel) <= depth_bytes:
            name = (b"d%03d" % len(rel)) + b"x" * 196
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = nxt
            rel.append(name)
        for name, text in ((b"deep.txt", POST.format(name="deep")), (b"also deep.txt", POST.format(name="also"))):
            wfd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
            os.write(wfd, text.encode())
            os.close(wfd)
        os.mkfifo(b"deep pipe.txt", dir_fd=fd)
    finally:
        os.close(fd)
    return b"/".join(rel), os.fsencode(top) + b"/" + b"/".join(rel)


@pytest.fixture
def deep_src(tmp_path) -> Iterator[tuple[Path, bytes, bytes]]:
    src = tmp_path / "posts"
    post(src, "shallow.txt")
    rel, bottom = _deep_tree(src, PATH_MAX + 300)
    assert len(bottom) > PATH_MAX
    with pytest.raises(OSError, match="too long"):
        os.stat(bottom + b"/deep.txt")
    yield src, rel, bottom
    shutil.rmtree(src)  # fd-relative on Linux: reaches the bottom too


def test_files_deeper_than_path_max_are_loaded(deep_src, tmp_path, sql):
    src, rel, bottom = deep_src
    data = tmp_path / "data"
    s = run(src, data)
    assert counts(s) == (4, 3, 0, 1, 0)
    loaded = {p for (p,) in sql(data, "select source_path from articles")}
    assert loaded == {"shallow.txt", os.fsdecode(rel + b"/deep.txt"), os.fsdecode(rel + b"/also deep.txt")}
    (raw,) = sql(data, "select raw from raw_posts where source_path = $p", {"p": os.fsdecode(rel + b"/deep.txt")})[0]
    assert raw == POST.format(name="deep").encode()
    assert sql(data, "select source_path, reason_code from rejects") == [(os.fsdecode(rel + b"/deep pipe.txt"), "unreadable")]
    assert counts(run(src, data)) == (4, 0, 4, 0, 0)


def test_the_walk_lists_a_deep_tree_in_full_and_reads_past_path_max(deep_src):
    src, rel, bottom = deep_src
    warnings: list[str] = []
    found = {f.source_path: f for f in iter_posts(src, warn=warnings.append)}
    assert warnings == []
    deep = found[os.fsdecode(rel + b"/deep.txt")]
    assert deep.fs_path == bottom + b"/deep.txt" and deep.problem is None and deep.size == len(POST.format(name="deep"))
    assert read_post(deep.fs_path, 10_000) == POST.format(name="deep").encode()
    assert len(file_sha256(deep.fs_path)) == 64
    assert "FIFO" in (found[os.fsdecode(rel + b"/deep pipe.txt")].problem or "")


# --- what is skipped is said -----------------------------------------------------------------


def test_a_dangling_symlink_and_a_folder_link_are_skipped_with_a_warning_for_the_dangling(tmp_path):
    src = tmp_path / "posts"
    post(src, "a/x.txt")
    os.symlink("nowhere.txt", src / "dangling.txt")
    os.symlink("self.txt", src / "self.txt")  # a link loop
    os.symlink("a", src / "folder-link")  # not followed
    os.symlink("a/x.txt", src / "file-link.txt")  # a linked file is read as itself
    warnings: list[str] = []
    assert [f.source_path for f in iter_posts(src, warn=warnings.append)] == ["file-link.txt", "a/x.txt"]
    assert len(warnings) == 2
    assert any("dangling.txt" in w and "symlink" in w for w in warnings)
    assert any("self.txt" in w and "symlink" in w for w in warnings)


@pytest.mark.skipif(AS_ROOT, reason="root lists a chmod-0 folder anyway")
def test_a_folder_that_cannot_be_listed_is_named_in_a_warning(tmp_path):
    src = tmp_path / "posts"
    post(src, "open/a.txt")
    post(src, "shut/b.txt")
    post(src, "noexec/c.txt")
    (src / "shut").chmod(0)
    (src / "noexec").chmod(0o444)  # listable, but its files cannot be looked at
    warnings: list[str] = []
    try:
        found = {f.source_path: f.problem for f in iter_posts(src, warn=warnings.append)}
    finally:
        (src / "shut").chmod(0o755)
        (src / "noexec").chmod(0o755)
    assert found["open/a.txt"] is None
    assert "Permission denied" in (found["noexec/c.txt"] or "")
    assert "shut/b.txt" not in found
    assert len(warnings) == 1 and "shut" in warnings[0] and "Permission denied" in warnings[0]
