"""The ``posts-etl`` console script: stop handling first, then the (slow) command module.

SIGTERM or Ctrl-C that lands while ``flows.cli`` and its libraries are still importing, while
the arguments are parsed, or after the command has done its work would otherwise end in a
Python traceback, in click's silent exit 130, or in the signal's silent default action. Here it
ends the process at once with one line and 128 + the signal. That is safe at those points:
nothing is running, and every write the command makes (a run's load, a rebuild's swap) is all
or nothing. While a flow runs, ``flows.cli`` puts its own handlers in place (``_stoppable``),
and a stop there abandons the run the usual way (flows/outcome.py).
"""

from __future__ import annotations

import os
import signal
from typing import Any


def _stop_now(signum: int, frame: Any) -> None:
    name = signal.Signals(signum).name
    os.write(2, f"error: stopped by {name}: every load and rebuild is all or nothing, so the warehouse is as before or complete (`posts-etl sql 'from runs'` shows what loaded)\n".encode())
    os._exit(128 + signum)


def main() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop_now)
    from flows.cli import app

    app()
