"""What every posts-etl command shares: the --data-dir option, one-line errors, settings, a table printer."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from flows.settings import Settings, SettingsError

DataDir = Annotated[
    str,
    typer.Option("--data-dir", "-d", metavar="DIR", help="Folder holding lake/ and warehouse.duckdb. Default: $POSTS_ETL_DATA_DIR, else ./data."),
]


def fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2)


def settings_for(data_dir: str, batch_size: int | None = None, workers: int | None = None) -> Settings:
    try:
        return Settings.resolve(data_dir=data_dir or None, batch_size=batch_size, workers=workers)
    except SettingsError as exc:
        fail(str(exc))


def program() -> str:
    """How the user can call this command again: './.venv/bin/posts-etl' from the repo, else 'posts-etl'."""
    exe = Path(sys.argv[0])
    if exe.name == "posts-etl" and exe.resolve().parent != Path(shutil.which("posts-etl") or "/nonexistent").resolve().parent:
        try:
            return str(exe.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(exe)
    return "posts-etl"


def print_table(columns: list[str], rows: list[tuple[Any, ...]], max_width: int = 60) -> None:
    def cell(v: Any) -> str:
        s = "NULL" if v is None else str(v).replace("\n", "\\n")
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    cells = [[cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    typer.echo("  ".join("-" * w for w in widths))
    for r in cells:
        typer.echo("  ".join(v.ljust(w) for v, w in zip(r, widths)))
    typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")

