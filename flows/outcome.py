"""How every run ends: loaded, failed with a reason, or stopped.

* An **expected failure** (a bad parameter, a missing folder, a busy data dir, a failed warehouse
  check) ends the flow run as ``Failed`` with the one-line message: no traceback, in the UI or
  the log. The exception travels in the state, so a direct call of the flow raises it.
* A **stop** (SIGTERM, which is also how Prefect cancels a run on a worker, or Ctrl-C) abandons
  the run — the staged files go, the warehouse stays as before (or stays fully loaded if the
  commit had already happened) — and ends the flow run as ``Cancelled``. An exception that
  follows a stop is the stop's (flows/stops.py says how a stop is noticed when its own
  exception is lost or turned into another).
* Anything else is a bug and keeps its traceback.

Tasks that can fail in an expected way are wrapped with :func:`expected_failures`, so their
failure is a state with the message rather than a logged traceback.
"""

from __future__ import annotations

import functools
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from prefect import get_run_logger
from prefect.exceptions import TerminationSignal
from prefect.states import Cancelled, Failed, State

from flows import report, stops
from flows.settings import SettingsError
from flows.walk import SourceError
from warehouse import db
from warehouse.lock import DataDirBusy

EXPECTED: tuple[type[Exception], ...] = (SettingsError, SourceError, DataDirBusy, db.WarehouseError)

F = TypeVar("F", bound=Callable[..., Any])


def expected_failures(fn: F) -> F:
    """Task body wrapper: an expected error becomes a Failed state carrying it (retry conditions
    still see it as ``state.data``), so Prefect logs the message, not a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except EXPECTED as exc:
            return Failed(message=str(exc), data=exc)
        except OSError as exc:
            if not db.disk_full(exc):
                raise
            where = f": {exc.filename}" if exc.filename else ""
            full = db.DiskFull(f"the disk is full ({exc.strerror}{where}): the run stopped; a run not yet committed leaves the warehouse unchanged (`posts-etl sql 'from runs'` says); free space and run again")
            return Failed(message=str(full), data=full)

    return wrapper  # type: ignore[return-value]


def result(state: State) -> Any:
    """A task's value from its final state; raises the task's exception if it failed."""
    return state.result()


@dataclass
class RunOutcome:
    """What the flow body has done so far, for the message of a stop."""

    committed: bool = False


def finish(flow_name: str, deployment_name: str | None, source: str, body: Callable[[RunOutcome], dict[str, Any]]) -> dict[str, Any] | State:
    """Run a flow's body and turn its end into the flow run's final state (see the module doc)."""
    outcome = RunOutcome()
    try:
        with stops.watching():
            return body(outcome)
    except (TerminationSignal, KeyboardInterrupt) as exc:
        return _stopped(flow_name, deployment_name, source, outcome, exc, exc.signal if isinstance(exc, TerminationSignal) else signal.SIGINT)
    except Exception as exc:
        signum = stops.received()
        if signum is not None:  # what the stop turned into (DuckDB: "Query interrupted"), not a bug
            return _stopped(flow_name, deployment_name, source, outcome, exc, signum)
        if isinstance(exc, EXPECTED):
            get_run_logger().error("%s", exc)
            report.publish_failure(flow_name, deployment_name, source, exc)
            return Failed(message=str(exc), data=exc)
        report.publish_failure(flow_name, deployment_name, source, exc)
        raise


def _stopped(flow_name: str, deployment_name: str | None, source: str, outcome: RunOutcome, exc: BaseException, signum: int) -> State:
    name = signal.Signals(signum).name
    if outcome.committed:
        message = f"stopped by {name} after the load had committed: the run is fully loaded"
    else:
        message = f"stopped by {name}: nothing of this run was loaded, the warehouse is as before"
    get_run_logger().warning("%s", message)
    report.publish_failure(flow_name, deployment_name, source, exc, message)
    return Cancelled(message=message, data=Stopped(message, signum))


class Stopped(Exception):
    """Carried by a Cancelled state: the run was stopped by ``signum``."""

    def __init__(self, message: str, signum: int):
        super().__init__(message)
        self.signum = signum


class _KnownEnds(logging.Filter):
    """Drop Prefect's re-report of an end this module made.

    When a deployment's run ends Failed or Cancelled on a worker, Prefect's engine re-raises the
    exception the final state carries and logs it as "Engine execution exited with unexpected
    exception" with its traceback, although the flow has already logged the message and ended
    in that state. For an expected failure or a stop that record says nothing new and buries
    the message; a bug's traceback is still logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (isinstance(exc, (*EXPECTED, Stopped)) and str(record.msg).startswith("Engine execution exited"))


logging.getLogger("prefect.flow_runs").addFilter(_KnownEnds())
