"""Compile the quote stage with mypyc into build/native/; transforms/native.py loads it.

    .venv/bin/python scripts/build_native.py        # what `make` runs before `demo` and `test`

The modules compiled are :data:`COMPILED`: the quote stage, which is most of the transform's CPU.
Compiling the cleaning and link stages as well was measured slower overall (their time is in
regexes and library calls, and compiled classes cost the pure-Python callers more per access),
so they stay pure Python. Package ``__init__`` modules stay pure too, so a package's folder (where
its lexicons are) is its source folder.

The build works on a copy of ``transforms/`` in a temporary folder beside build/ (so an edit made
while it compiles cannot slip into it), and replaces build/native/ in one rename when it is done;
its manifest records the hash of the sources it compiled, which is what transforms/native.py
compares with the sources on disk before it loads anything.

``POSTS_ETL_NATIVE=off`` skips the build. Without a C compiler, Python's headers, mypy or
setuptools the build is skipped with one line saying what is missing, and the pipeline runs as
pure Python (exit status 0), except under ``POSTS_ETL_NATIVE=required``, where it fails (exit 1).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MODE = os.environ.get("POSTS_ETL_NATIVE", "").strip().lower() or "auto"
os.environ["POSTS_ETL_NATIVE"] = "off"  # this script imports the package, not its build (which may not exist yet)

from transforms import native  # noqa: E402

COMPILED = ["transforms/quotes"]  # folders whose modules (not their __init__) are compiled
GROUP = "posts_etl_native"  # the name of the build's shared library, {GROUP}__mypyc

_SETUP = """
import json, os
from setuptools import setup
from mypyc.build import mypycify
files = json.loads(os.environ["POSTS_ETL_NATIVE_FILES"])
setup(name="posts-etl-native", packages=[], py_modules=[], ext_modules=mypycify(files, opt_level="3", group_name=%r))
""" % GROUP


class BuildFailed(RuntimeError):
    pass


def missing_tools() -> str | None:
    """What the build needs and this machine lacks, or None."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        return f"no Python headers ({sysconfig.get_paths()['include']}/Python.h)"
    for module in ("mypyc", "setuptools"):
        try:
            __import__(module)
        except ImportError:
            return f"no {module} in {sys.prefix} (a dev dependency: `uv sync` installs it)"
    return None


def build(build_dir: Path = native.BUILD_DIR) -> str:
    """Compile :data:`COMPILED` and publish it at ``build_dir``; the one-line result."""
    lacking = missing_tools()
    if lacking:
        raise BuildFailed(lacking)
    import mypy.version

    started = time.monotonic()
    build_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".native-", dir=build_dir.parent))
    try:
        src = work / "src"
        for path in native.source_files(ROOT / "transforms"):
            copy = src / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        files = [p.relative_to(src).as_posix() for folder in COMPILED for p in sorted((src / folder).glob("*.py")) if p.name != "__init__.py"]
        env = {**os.environ, "POSTS_ETL_NATIVE_FILES": json.dumps(files)}
        with open(work / "build.log", "wb") as log:
            done = subprocess.run([sys.executable, "-c", _SETUP, "build_ext", "--inplace"], cwd=src, env=env, stdout=log, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            tail = (work / "build.log").read_text(errors="replace").strip().splitlines()[-15:]
            raise BuildFailed("mypyc failed:\n  " + "\n  ".join(tail))
        out = work / "native"
        suffix = native.ext_suffix()
        built = {p.removesuffix(".py").replace("/", "."): p.removesuffix(".py") + suffix for p in files}
        built[f"{GROUP}__mypyc"] = f"{GROUP}__mypyc{suffix}"
        for file in built.values():
            (out / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(src / file, out / file)
        manifest = {
            "sources_sha256": native.sources_hash(src / "transforms"),
            "ext_suffix": suffix,
            "python": sys.version.split()[0],
            "mypy": mypy.version.__version__,
            "files": built,
        }
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if build_dir.exists():
            build_dir.rename(work / "old")
        out.rename(build_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return f"compiled {len(built) - 1} modules of transforms/ with mypyc {mypy.version.__version__} in {time.monotonic() - started:.0f} s -> {build_dir.relative_to(ROOT)}"


def main() -> int:
    if MODE == "off":
        print(f"native build skipped ({native.ENV}=off): transforms run as pure Python")
        return 0
    try:
        print(build())
    except BuildFailed as exc:
        print(f"native build skipped: {exc}; transforms run as pure Python", file=sys.stderr)
        return 1 if MODE == "required" else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
