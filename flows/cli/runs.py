"""The commands that run a flow from the shell: ``posts-etl run`` (ingest) and ``posts-etl reprocess``."""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.cli.common import DataDir, fail, print_table, program, settings_for
from flows.settings import SAMPLE_POSTS, default
from warehouse.paths import warehouse_path  # no DuckDB: that waits until the arguments are checked

EXAMPLE_QUERY = "select kind, count(*) as quotes, count(speaker) as attributed from quotes group by kind order by quotes desc"

BatchSize = Annotated[int | None, typer.Option(metavar="N", help=f"Posts per transform task run (at least 1). Default: $POSTS_ETL_BATCH_SIZE, else {default('batch_size')}.", show_default=False)]
Workers = Annotated[int | None, typer.Option(metavar="N", help=f"Transform processes; 0 = one per CPU. Default: $POSTS_ETL_WORKERS, else {default('workers')}.", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")]
NoProgress = Annotated[bool, typer.Option("--no-progress", help="No progress bar (it is also off when stderr is not a terminal).")]

RUN_HELP = (
    "Run the ingest flow over SOURCE and print a summary. Re-running adds nothing new.\n\n"
    f"Waits (up to $POSTS_ETL_LOCK_WAIT seconds, default {default('lock_wait')}) while another run writes the same"
    " data dir. Ctrl-C stops it within seconds and leaves the warehouse as it was."
)


def run(
    source: Annotated[
        str, typer.Argument(metavar="[SOURCE]", help="Folder of raw posts (*.txt, searched recursively). Default: the bundled sample posts.", show_default=False)
    ] = "",
    data_dir: DataDir = "",
    batch_size: BatchSize = None,
    workers: Workers = None,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help="Accept a source folder with no posts (otherwise: an error).")] = False,
    as_json: AsJson = False,
    no_progress: NoProgress = False,
) -> None:
    settings = settings_for(data_dir, batch_size=batch_size, workers=workers)  # checked before anything slow starts
    src = Path(source).expanduser().resolve() if source else SAMPLE_POSTS
    if not src.exists():
        fail(f"source {src} does not exist: give the folder that holds the .txt posts")
    if not src.is_dir():
        fail(f"source {src} is not a folder: give the folder that holds the .txt posts")

    def start() -> Any:
        from flows.ingest import ingest_posts  # Prefect is slow to import: only for this command

        return ingest_posts(source=str(src), data_dir=str(settings.data_dir), batch_size=batch_size, workers=workers, allow_empty=allow_empty)

    with _stoppable():
        summary = _run_flow(start, as_json or no_progress)
        _print_summary(summary, "run", as_json, data_dir)


def reprocess(
    data_dir: DataDir = "",
    batch_size: BatchSize = None,
    workers: Workers = None,
    as_json: AsJson = False,
    no_progress: NoProgress = False,
) -> None:
    """Re-run the transforms on the raw posts kept in the lake (after the transforms change) and
    replace every post's rows in one checked load. Nothing is read from the source folder."""
    settings = settings_for(data_dir, batch_size=batch_size, workers=workers)
    if not warehouse_path(settings.data_dir).exists():
        fail(f"no warehouse at {warehouse_path(settings.data_dir)}: nothing to reprocess (run `posts-etl run` into this data dir first)")

    def start() -> Any:
        from flows.reprocess import reprocess_posts  # Prefect is slow to import: only for this command

        return reprocess_posts(data_dir=str(settings.data_dir), batch_size=batch_size, workers=workers)

    with _stoppable():
        summary = _run_flow(start, as_json or no_progress)
        _print_summary(summary, "reprocess", as_json, data_dir)


def _run_flow(start: Callable[[], Any], quiet: bool) -> dict[str, Any]:
    """Run a flow from the shell: a Prefect server to report to, a progress bar, and every
    expected end as one line (``error: …``, exit 2; a stop: exit 128 + the signal)."""
    from prefect.exceptions import CancelledRun

    from flows.outcome import EXPECTED, Stopped
    from flows.server import prefect_api

    def say(line: str) -> None:
        typer.secho(f"posts-etl: {line}", err=True, dim=True)

    try:
        with prefect_api(say), _progress_bar(enabled=not quiet and sys.stderr.isatty()):
            return start()
    except EXPECTED as exc:
        fail(str(exc))
    except (CancelledRun, Stopped) as exc:
        signum = exc.signum if isinstance(exc, Stopped) else (signal.SIGTERM if "SIGTERM" in str(exc) else signal.SIGINT)
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(128 + signum) from None
    raise AssertionError("unreachable")


@contextmanager
def _stoppable() -> Iterator[None]:
    """A command that runs a flow: SIGTERM or Ctrl-C outside the flow run itself (importing
    Prefect, starting or stopping the temporary server, printing the summary) ends it with one
    line and 128 + the signal, like a stop during the run. During the run Prefect's own SIGTERM
    handler takes over and restores this one at its end (flows/outcome.py, flows/stops.py)."""
    _signals_seen.clear()
    previous: dict[int, Any] = {}
    try:
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, _terminate)
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, _interrupt)
        yield
    except (typer.Exit, typer.Abort):  # the command's own end, its message already printed
        raise
    except (KeyboardInterrupt, _Terminated, Exception) as exc:
        if isinstance(exc, Exception) and not _signals_seen:
            raise  # a bug, not a stop: keep its traceback
        # An Exception after a stop is the stop bent by a library on its way (pydantic turns a
        # KeyboardInterrupt raised during serialisation into PydanticSerializationError).
        signum = _signals_seen[-1] if _signals_seen else (signal.SIGTERM if isinstance(exc, _Terminated) else signal.SIGINT)
        typer.secho(
            f"error: stopped by {signal.Signals(signum).name} before a run started or after it had ended (`posts-etl sql 'from runs'` shows whether it loaded)",
            fg=typer.colors.RED, err=True,
        )
        raise typer.Exit(128 + signum) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class _Terminated(BaseException):
    """SIGTERM outside a flow run."""


_signals_seen: list[int] = []  # stops that reached the command (see _stoppable)


def _terminate(signum: int, frame: Any) -> None:
    _signals_seen.append(signum)
    raise _Terminated


def _interrupt(signum: int, frame: Any) -> None:
    _signals_seen.append(signum)
    raise KeyboardInterrupt


class _progress_bar:
    """A rich progress bar on stderr fed by flows.progress: phase, posts done, posts/s, ETA."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __enter__(self) -> None:
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from flows import progress

        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self.task = self.bar.add_task("starting", total=None, rate="")
        self.bar.start()

        def show(snap: Any) -> None:
            rate = f"{snap.posts_per_second:,.0f} posts/s" if snap.posts_per_second and snap.phase == "transforming" else ""
            label = snap.phase + (f" ({snap.detail})" if snap.detail and snap.phase != "transforming" else "")
            self.bar.update(self.task, description=label, total=snap.total, completed=snap.done, rate=rate)

        self.unlisten = progress.listen(show)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.unlisten()
            self.bar.stop()


def _print_summary(s: dict[str, Any], command: str, as_json: bool, data_dir: str) -> None:
    if as_json:
        typer.echo(json.dumps(s, indent=2, default=str))
        return
    typer.echo("")
    typer.secho(f"posts-etl {command} {s['run_id']}", bold=True)
    typer.echo(f"  source     {s['source']}")
    typer.echo(
        f"  files      {s['files_seen']} seen = {s['files_loaded']} loaded + {s['files_unchanged']} unchanged + {s['files_rejected']} rejected"
        f"  ({s['files_replaced']} replaced earlier versions)"
    )
    typer.echo(f"  added      {s['articles_added']} articles, {s['quotes_added']} quotes, {s['links_added']} links")
    rate = f"{s['posts_per_second']:,.1f} posts/s" if s.get("posts_per_second") else "no posts processed"
    typer.echo(f"  time       {s['duration_seconds']:,.1f} s, {rate}, {s['batches']} batch{'es' if s['batches'] != 1 else ''} on {s['workers']} worker process{'es' if s['workers'] != 1 else ''}")
    if s.get("phase_seconds"):
        typer.echo("  phases     " + ", ".join(f"{name} {sec:,.1f} s" for name, sec in s["phase_seconds"].items()))
    typer.echo("  warehouse  " + ", ".join(f"{t} {n}" for t, n in s["table_counts"].items()))
    typer.echo(f"  file       {s['warehouse']}")
    if s["rejects"]:
        typer.echo(f"  rejected by this run ({s['files_rejected']}):")
        for r in s["rejects"]:
            typer.echo(f"    {r['source_path']}: {r['reason_code']}: {r['reason']}")
        if s["rejects_not_listed"]:
            more = f"select source_path, reason_code, reason from rejects where run_id = '{s['run_id']}'"
            typer.echo(f"    … and {s['rejects_not_listed']} more: {program()} sql \"{more}\"")
    typer.echo("")
    typer.echo(f'Try:  {program()} sql "{EXAMPLE_QUERY}"' + (f" --data-dir {s['data_dir']}" if data_dir else ""))
    from warehouse import db

    columns, rows = db.query(Path(s["warehouse"]), EXAMPLE_QUERY)
    print_table(columns, rows)

