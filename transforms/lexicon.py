"""Word lists and rules as data: each stage reads its TOML files through :class:`Lexicon`.

A stage keeps its lexicons beside its code (``transforms/<stage>/*.toml``) and reads them at
import time. Every lexicon remembers which of its entries were read, so a test can fail on an
entry no code uses (a list left behind by a refactor) and on a word listed twice in one list.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

LOADED: dict[Path, Lexicon] = {}  # every lexicon read in this process, by file


class LexiconError(ValueError):
    pass


class Lexicon:
    """One TOML file of word lists. Entries are read by dotted key: ``lex.words("cues.said")``."""

    def __init__(self, path: Path):
        self.path = path.resolve()
        try:
            self._data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise LexiconError(f"cannot read the lexicon {self.path}: {exc}") from exc
        self._read: set[str] = set()
        LOADED[self.path] = self

    @classmethod
    def beside(cls, module: str, name: str) -> Lexicon:
        """The lexicon ``name`` in the source folder of the module called ``module`` (its
        ``__name__``), which is its package's folder. Not the folder of the module's
        ``__file__``: a compiled module (transforms/_native.py) is loaded from build/native/,
        while its lexicons are read from beside its source, where they are edited."""
        package = sys.modules[module.rpartition(".")[0]]
        if package.__file__ is None:
            raise LexiconError(f"{module} is not in a package with a folder: no lexicon {name} beside it")
        path = (Path(package.__file__).resolve().parent / name).resolve()
        return LOADED.get(path) or cls(path)

    def get(self, key: str) -> Any:
        """The entry at dotted ``key`` (a list, a string, a number or a table), marked as read."""
        node: Any = self._data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise LexiconError(f"{self.path.name} has no entry {key!r}")
            node = node[part]
        self._read.add(key)
        return node

    def words(self, key: str) -> list[str]:
        """The list of strings at ``key``: whitespace inside an entry is kept ("according to")."""
        value = self.get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise LexiconError(f"{self.path.name}: {key!r} is not a list of words")
        return value

    def table(self, key: str) -> dict[str, Any]:
        value = self.get(key)
        if not isinstance(value, dict):
            raise LexiconError(f"{self.path.name}: {key!r} is not a table")
        return value

    def leaves(self) -> list[str]:
        """Every dotted key whose value is not a table."""
        out: list[str] = []

        def walk(node: dict[str, Any], prefix: str) -> None:
            for k, v in node.items():
                if isinstance(v, dict):
                    walk(v, prefix + k + ".")
                else:
                    out.append(prefix + k)

        walk(self._data, "")
        return out

    def unread(self) -> list[str]:
        """Entries no code has read (a key counts as read when it or a table holding it was)."""
        return [k for k in self.leaves() if not any(k == r or k.startswith(r + ".") for r in self._read)]

    def duplicates(self) -> list[tuple[str, str]]:
        """(key, word) for each word listed more than once in the same list."""
        out: list[tuple[str, str]] = []
        for key in self.leaves():
            node: Any = self._data
            for part in key.split("."):
                node = node[part]
            if isinstance(node, list):
                seen: set[Any] = set()
                for w in node:
                    if w in seen:
                        out.append((key, w))
                    seen.add(w)
        return out
