"""One settings object for a run, read from arguments, then ``POSTS_ETL_*`` variables, then defaults.

Validated at start: a bad value or an unknown ``POSTS_ETL_*`` variable (a typo) is an error
that names the problem, never a silently ignored setting.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_POSTS = REPO_ROOT / "samples" / "posts"
ENV_PREFIX = "POSTS_ETL_"


class SettingsError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path = Path("data")
    batch_size: int = 2000  # posts per task run
    max_batches: int = 90  # batches grow past batch_size to keep a flow run under ~100 task runs
    workers: int = 0  # processes for the transform step; 0 = one per CPU
    max_post_bytes: int = 8 * 1024 * 1024  # larger files are rejected as too_large ...
    max_raw_bytes: int = 256 * 1024 * 1024  # ... and their bytes kept up to this size
    post_seconds: int = 30  # CPU seconds the transform may spend on one post before it is an over_budget reject; 0 = no limit
    duckdb_memory: str = "1GB"  # DuckDB's memory limit for loads and rebuilds; beyond it, it spills to disk
    lock_wait: int = 3600  # seconds a run waits for another one on the same data dir before giving up
    native: str = "auto"  # the compiled quote stage: auto (when built from these sources), off, required (transforms/native.py)

    @classmethod
    def resolve(cls, env: dict[str, str] | None = None, **given: object) -> Settings:
        """Build settings from explicit values (None = not given), then the environment."""
        env = dict(os.environ if env is None else env)
        names = {f.name for f in fields(cls)}
        unknown = sorted(k for k in env if k.startswith(ENV_PREFIX) and k[len(ENV_PREFIX) :].lower() not in names)
        if unknown:
            known = ", ".join(ENV_PREFIX + n.upper() for n in sorted(names))
            raise SettingsError(f"unknown setting {', '.join(unknown)}; known settings: {known}")
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = given.get(f.name)
            origin = f"argument {f.name}"
            if raw is None or raw == "":
                raw = env.get(ENV_PREFIX + f.name.upper())
                origin = ENV_PREFIX + f.name.upper()
            if raw is None or raw == "":
                continue
            values[f.name] = _coerce(f.name, raw, origin)
        values.setdefault("data_dir", Path("data").resolve())
        settings = cls(**values)  # type: ignore[arg-type]
        settings._validate()
        return settings

    def _validate(self) -> None:
        for name in ("batch_size", "max_batches", "max_post_bytes", "max_raw_bytes"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.post_seconds < 0:
            raise SettingsError(f"post_seconds must be 0 (no limit) or more seconds, got {self.post_seconds}")
        if self.lock_wait < 0:
            raise SettingsError(f"lock_wait must be 0 (do not wait) or more seconds, got {self.lock_wait}")
        if self.workers < 0:
            raise SettingsError(f"workers must be 0 (one per CPU) or more, got {self.workers}")
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise SettingsError(f"data dir {self.data_dir} exists and is not a folder")
        from warehouse import paths  # not warehouse.db: a settings error must not wait for DuckDB

        try:
            paths.check_warehouse_path(paths.warehouse_path(self.data_dir))
        except paths.WarehouseError as exc:
            raise SettingsError(str(exc)) from None

    @property
    def worker_count(self) -> int:
        return self.workers or (os.cpu_count() or 1)


def default(name: str) -> object:
    """A setting's built-in default, as written once in :class:`Settings` (for help texts)."""
    for f in fields(Settings):
        if f.name == name:
            return f.default
    raise KeyError(name)


def _coerce(name: str, raw: object, origin: str) -> object:
    if name == "data_dir":
        return Path(str(raw)).expanduser().resolve()
    if name == "native":  # read by transforms/native.py when transforms is imported; checked here too
        from transforms import native

        if str(raw).strip().lower() not in native.MODES:
            raise SettingsError(f"{origin} must be one of {', '.join(native.MODES)}, got {raw!r}")
        return str(raw).strip().lower()
    if name == "duckdb_memory":
        if not re.fullmatch(r"\d+(?:\.\d+)?\s*(?:[KMGT]i?B|B)", str(raw).strip(), re.I):
            raise SettingsError(f"{origin} must be a size such as 512MB or 2GB, got {raw!r}")
        return str(raw).strip()
    try:
        return int(str(raw).replace("_", ""))
    except ValueError:
        raise SettingsError(f"{origin} must be a whole number, got {raw!r}") from None
