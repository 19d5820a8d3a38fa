"""Tests for benchmarks/generate_posts.py, the synthetic post generator used by benchmarks."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate_posts.py"


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("generate_posts", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.txt"))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in _files(root)}


def test_writes_requested_count_in_subfolders(gen, tmp_path):
    summary = gen.generate(tmp_path, 50, per_dir=20)
    files = _files(tmp_path)
    assert len(files) == 50 == summary["files"]
    assert summary["dirs"] == 3
    assert sorted({p.parent.name for p in files}) == ["0000", "0001", "0002"]
    assert summary["bytes"] == sum(p.stat().st_size for p in files)
    assert all(p.name[:6].isdigit() and len(p.stem) == 6 + 1 + 16 for p in files)


def test_same_seed_gives_identical_bytes(gen, tmp_path):
    gen.generate(tmp_path / "a", 50, seed=7)
    gen.generate(tmp_path / "b", 50, seed=7)
    gen.generate(tmp_path / "c", 50, seed=8)
    a, b, c = (_snapshot(tmp_path / x) for x in "abc")
    assert a == b
    assert a != c


def test_every_post_opens_with_a_title_line(gen, tmp_path):
    gen.generate(tmp_path, 50)
    for path in _files(tmp_path):
        text = path.read_bytes().decode("utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        title = lines[0]
        assert 10 <= len(title) <= 120, (path, title)
        assert not title.startswith(("http", "via ", "\u2014", '"', "\u201c")), (path, title)
        assert len(lines) >= 4, path  # title, some prose, and usually a footer


def test_sizes_are_in_a_sensible_range(gen, tmp_path):
    gen.generate(tmp_path, 50)
    sizes = [p.stat().st_size for p in _files(tmp_path)]
    assert min(sizes) > 300
    assert max(sizes) < 20_000
    mean = sum(sizes) / len(sizes)
    assert 2_000 < mean < 5_000  # the seed post is about 3.3 KB


def test_paragraphs_controls_size(gen, tmp_path):
    small = gen.generate(tmp_path / "small", 50, paragraphs=4)
    large = gen.generate(tmp_path / "large", 50, paragraphs=40)
    assert large["bytes"] > 4 * small["bytes"]


def test_corpus_has_the_features_the_pipeline_must_handle(gen, tmp_path):
    gen.generate(tmp_path, 50)
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in _files(tmp_path))
    for needle in ('"', "\u201c", "\u201d", " said: ", "According to ", "so-called",
                   "https://", "www.", "via IFTTT", " comments", "(@"):
        assert needle in corpus, needle


def test_bad_fraction_produces_empty_and_undecodable_files(gen, tmp_path):
    summary = gen.generate(tmp_path, 50, bad_fraction=0.5, seed=3)
    empty = undecodable = 0
    for path in _files(tmp_path):
        data = path.read_bytes()
        if not data:
            empty += 1
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            undecodable += 1
    assert empty == summary["bad"]["empty"] > 0
    assert undecodable == summary["bad"]["binary"] + summary["bad"]["cp1252"] > 0
    assert 10 <= sum(summary["bad"].values()) <= 40


def test_no_bad_files_by_default(gen, tmp_path):
    summary = gen.generate(tmp_path, 50)
    assert sum(summary["bad"].values()) == 0
    for path in _files(tmp_path):
        path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("kwargs", [{"n": -1}, {"paragraphs": 0}, {"per_dir": 0},
                                    {"bad_fraction": 1.5}])
def test_rejects_bad_arguments(gen, tmp_path, kwargs):
    args = {"n": 5} | kwargs
    with pytest.raises(ValueError):
        gen.generate(tmp_path, **args)


def test_cli_prints_one_line_summary(gen, tmp_path, capsys):
    assert gen.main([str(tmp_path), "-n", "12", "--per-dir", "5", "--seed", "1"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("12 files") and "MB" in out[0]
    assert len(_files(tmp_path)) == 12
