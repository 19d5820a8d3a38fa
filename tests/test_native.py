"""The compiled quote stage (transforms/native.py, scripts/build_native.py): used only when it
matches its sources, and the same rows as the pure-Python code it is compiled from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import transforms.quotes.attribute
from transforms import native

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "eval" / "quotes-dev.jsonl"
REQUIRED = os.environ.get(native.ENV, "").strip().lower() == "required"

# Every post's result, as a child process with the given POSTS_ETL_NATIVE computes it: one JSON
# line per file (the article's or reject's fields, dataclasses as dicts), the build's status first.
_DUMP = """
import dataclasses, json, sys
from transforms import native
from transforms.post import process_post_safely
print(json.dumps(native.status()))
for path in sys.stdin.read().split("\\0"):
    if path.endswith(".jsonl"):  # the dev set: one article's text per line
        posts = [(f"{path}:{n}", json.loads(line)["text"].encode()) for n, line in enumerate(open(path, encoding="utf-8"))]
    elif path:
        posts = [(path, open(path, "rb").read())]
    for name, data in posts:
        result = process_post_safely(data)
        print(json.dumps([name, type(result).__name__, dataclasses.asdict(result)], default=repr, sort_keys=True))
"""


def _dump(paths: list[Path], mode: str) -> tuple[str, list[str]]:
    env = {**os.environ, native.ENV: mode}
    done = subprocess.run([sys.executable, "-c", _DUMP], input="\0".join(map(str, paths)), capture_output=True, text=True, env=env, cwd=REPO, timeout=600)
    assert done.returncode == 0, done.stderr
    status, *rows = done.stdout.splitlines()
    return json.loads(status), rows


def test_the_build_in_use_is_the_one_its_status_names():
    compiled = native.status().startswith("compiled")
    assert transforms.quotes.attribute.__file__.endswith(native.ext_suffix() if compiled else ".py")
    if REQUIRED:  # CI: the build must be there and current
        assert compiled, native.status()


def test_compiled_and_pure_python_give_the_same_rows(tmp_path: Path):
    finder, why = native.check()
    if finder is None:
        if REQUIRED:
            pytest.fail(why)
        pytest.skip(why)
    generated = tmp_path / "generated"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate_posts.py"), "-n", "400", "--seed", "7", "--bad-fraction", "0.05", str(generated)], check=True, capture_output=True)
    paths = sorted((REPO / "samples").rglob("*.txt")) + sorted((REPO / "tests" / "fixtures").rglob("*.txt")) + sorted(generated.rglob("*.txt"))
    assert len(paths) > 400
    if DEV.exists():  # the annotated dev set's articles, when ../shared is present
        paths.append(DEV)
    compiled_status, compiled = _dump(paths, "required")
    pure_status, pure = _dump(paths, "off")
    assert compiled_status.startswith("compiled") and pure_status.startswith("pure Python")
    assert len(compiled) == len(pure) >= len(paths)
    for c, p in zip(compiled, pure):
        assert c == p
    assert any('"quotes": [{' in row for row in compiled)  # the quote stage did run


def _package(tmp_path: Path) -> tuple[Path, Path]:
    """A package folder with one module, and a manifest of a build of it."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "mod.py").write_text("X = 1\n")
    build = tmp_path / "build"
    (build / "pkg").mkdir(parents=True)
    (build / "pkg" / f"mod{native.ext_suffix()}").write_bytes(b"")
    manifest = build / "manifest.json"
    manifest.write_text(json.dumps({"sources_sha256": native.sources_hash(pkg), "ext_suffix": native.ext_suffix(), "mypy": "x", "files": {"transforms.mod": f"pkg/mod{native.ext_suffix()}"}}))
    return pkg, manifest


def test_a_current_build_is_loaded_and_a_stale_one_is_not(tmp_path: Path):
    pkg, manifest = _package(tmp_path)
    finder, why = native.check(manifest, pkg)
    assert finder is not None and why.startswith("compiled") and "1 modules" in why
    spec = finder.find_spec("transforms.mod")
    assert spec is not None and spec.origin == str(manifest.parent / "pkg" / f"mod{native.ext_suffix()}")
    assert finder.find_spec("transforms.other") is None  # not in the build: its source is imported

    (pkg / "mod.py").write_text("X = 2\n")  # an edit after the build
    assert native.check(manifest, pkg) == (None, "pure Python: transforms/ changed since the compiled build (`make` rebuilds it)")
    (pkg / "mod.py").write_text("X = 1\n")
    (pkg / "new.py").write_text("")  # a module added after the build
    assert native.check(manifest, pkg)[0] is None


def test_a_build_for_another_interpreter_or_with_a_file_missing_is_not_loaded(tmp_path: Path):
    pkg, manifest = _package(tmp_path)
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "ext_suffix": ".cpython-399-x86_64-linux-gnu.so"}))
    finder, why = native.check(manifest, pkg)
    assert finder is None and "cpython-399" in why
    manifest.write_text(json.dumps(data))
    (manifest.parent / "pkg" / f"mod{native.ext_suffix()}").unlink()
    finder, why = native.check(manifest, pkg)
    assert finder is None and "lacks pkg/mod" in why
    manifest.write_text("{not json")
    finder, why = native.check(manifest, pkg)
    assert finder is None and "unreadable build manifest" in why
    finder, why = native.check(tmp_path / "none.json", pkg)
    assert finder is None and "no compiled build" in why


def test_a_wrong_mode_is_an_error_naming_the_choices():
    env = {**os.environ, native.ENV: "fast"}
    done = subprocess.run([sys.executable, "-c", "import transforms"], capture_output=True, text=True, env=env, cwd=REPO)
    assert done.returncode != 0 and "POSTS_ETL_NATIVE must be one of auto, off, required, got 'fast'" in done.stderr


def test_required_without_a_current_build_fails_with_the_reason(tmp_path: Path):
    """A copy of the package with no build beside it: ``required`` refuses to run it pure."""
    copy = tmp_path / "repo"
    (copy / "transforms").mkdir(parents=True)
    (copy / "transforms" / "__init__.py").write_text((REPO / "transforms" / "__init__.py").read_text())
    (copy / "transforms" / "native.py").write_text((REPO / "transforms" / "native.py").read_text())
    env = {**os.environ, native.ENV: "required", "PYTHONPATH": str(copy)}
    done = subprocess.run([sys.executable, "-c", "import transforms"], capture_output=True, text=True, env=env, cwd=copy)
    assert done.returncode != 0
    assert "POSTS_ETL_NATIVE=required, but transforms would run as pure Python: no compiled build" in done.stderr
    env[native.ENV] = "auto"
    done = subprocess.run([sys.executable, "-c", "from transforms import native; print(native.status())"], capture_output=True, text=True, env=env, cwd=copy)
    assert done.returncode == 0 and done.stdout.startswith("pure Python: no compiled build"), done.stderr
