"""The compiled build of the quote stage, used when it was built from exactly these sources.

Why: the quote stage is most of the transform's CPU (about two thirds of it), spread thinly over
many small functions, so no one hand-tuned path pays; compiling its modules with mypyc (as black
and mypy ship themselves) runs them about 1.6x faster at the same output. ``make`` builds it
(scripts/build_native.py) into ``build/native/``; the pure-Python sources stay the reference and
the fallback, and tests/test_native.py checks that both give the same rows.

How it is chosen, once per process, when ``transforms`` is first imported: a finder placed first
on ``sys.meta_path`` loads the compiled modules listed in ``build/native/manifest.json`` in place
of their sources, but only when the manifest's hash of the ``transforms`` sources the build was
compiled from equals the hash of the sources on disk now, and it was built for this interpreter.
Any edit to a file under ``transforms/`` therefore makes the whole package pure Python again
until the next ``make`` (never a compiled module that no longer matches its source), and
:func:`status` says why. ``POSTS_ETL_NATIVE`` chooses: ``auto`` (the default: compiled when the
build is current), ``off`` (pure Python), ``required`` (compiled, else importing ``transforms``
fails with the reason: CI uses it, so a broken build cannot pass unnoticed).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_DIR = PACKAGE_DIR.parent / "build" / "native"
MANIFEST = BUILD_DIR / "manifest.json"
MODES = ("auto", "off", "required")
ENV = "POSTS_ETL_NATIVE"


class NativeBuildError(ImportError):
    """POSTS_ETL_NATIVE=required and the compiled build cannot be used."""


def source_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The sources a build is compiled against: every module of the package, in a fixed order."""
    return sorted(package_dir.rglob("*.py"))


def sources_hash(package_dir: Path = PACKAGE_DIR) -> str:
    """One SHA-256 over the package's sources (relative path and bytes of each)."""
    digest = hashlib.sha256()
    for path in source_files(package_dir):
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def ext_suffix() -> str:
    return importlib.machinery.EXTENSION_SUFFIXES[0]


class Finder:
    """Loads a manifest's compiled modules (and the build's shared library) from its folder."""

    def __init__(self, build_dir: Path, files: dict[str, str]):
        self.build_dir = build_dir
        self.files = files  # module name -> file, relative to build_dir

    def find_spec(self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None) -> ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        location = str(self.build_dir / file)
        return importlib.util.spec_from_file_location(fullname, location, loader=importlib.machinery.ExtensionFileLoader(fullname, location))


def check(manifest_path: Path = MANIFEST, package_dir: Path = PACKAGE_DIR) -> tuple[Finder | None, str]:
    """(a finder for the build, or None; a one-line account of why) for a manifest."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, f"pure Python: no compiled build ({manifest_path} missing; `make` builds it)"
    except (OSError, ValueError) as exc:
        return None, f"pure Python: unreadable build manifest {manifest_path}: {exc}"
    if manifest.get("ext_suffix") != ext_suffix():
        return None, f"pure Python: the compiled build is for {manifest.get('ext_suffix')}, this interpreter loads {ext_suffix()}"
    if manifest.get("sources_sha256") != sources_hash(package_dir):
        return None, "pure Python: transforms/ changed since the compiled build (`make` rebuilds it)"
    files = {str(k): str(v) for k, v in manifest.get("files", {}).items()}
    missing = [f for f in files.values() if not (manifest_path.parent / f).is_file()]
    if missing:
        return None, f"pure Python: the compiled build lacks {missing[0]}"
    modules = sorted(m for m in files if m.startswith("transforms."))
    return Finder(manifest_path.parent, files), f"compiled (mypyc {manifest.get('mypy', '?')}): {len(modules)} modules of transforms/"


_status = "pure Python: not checked"


def status() -> str:
    """Which build this process runs: 'compiled (…)' or 'pure Python: <why>'."""
    return _status


def install() -> None:
    """Put the build's finder first on sys.meta_path when the mode and the build allow it."""
    global _status
    mode = os.environ.get(ENV, "").strip().lower() or "auto"
    if mode not in MODES:
        raise NativeBuildError(f"{ENV} must be one of {', '.join(MODES)}, got {mode!r}")
    if mode == "off":
        _status = f"pure Python: {ENV}=off"
        return
    finder, _status = check()
    if finder is None:
        if mode == "required":
            raise NativeBuildError(f"{ENV}=required, but transforms would run as {_status}")
        return
    if not any(isinstance(f, Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, finder)
