"""Run reports for the Prefect UI: one markdown summary and three table artifacts per run.

Keys are stable per flow and deployment (``ingest-posts-nightly-summary``,
``reprocess-posts-reprocess-top-speakers``, ...), so *Artifacts* in the UI shows each
deployment's latest report first, with earlier runs' versions in its history. Runs outside a
deployment (``posts-etl run``, tests) use ``local`` in place of the deployment name. Only a
run that loaded writes ``…-summary``; one that failed or was stopped writes ``…-failure``, so
the last good report is never replaced by an error.

Everything but :func:`gather` and :func:`publish` is pure formatting from counts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from warehouse import db

TOP_N = 10

# The "top" tables read the whole warehouse (the latest version of every post), not one run:
# a rerun that loads nothing still shows the current picture. Their SQL: warehouse/sql/report/.
TOP_TABLES: dict[str, str] = {
    "top_feeds": "Feeds with the most articles in the warehouse",
    "top_speakers": "Most quoted speakers in the warehouse (attributed quotes only)",
    "top_domains": "Link domains most often linked to in the warehouse",
}


def slug(text: str) -> str:
    """Lowercase letters, digits and single dashes: what Prefect accepts in an artifact key."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]", "-", text.lower())).strip("-") or "x"


def artifact_key(flow_name: str, deployment_name: str | None, what: str) -> str:
    return slug(f"{flow_name}-{deployment_name or 'local'}-{what}")


def gather(warehouse: Path, run_id: str) -> dict[str, Any]:
    """This run's reject reasons and the warehouse's top tables."""
    return db.report(warehouse, run_id, TOP_N)


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.1f}" if seconds > 0 and n else "–"


def summary_markdown(summary: dict[str, Any], reject_reasons: dict[str, int], title: str) -> str:
    """The run summary as markdown: files, rows per table, time and speed, reject reasons."""
    s = summary
    seconds = float(s["duration_seconds"])
    processed = s["files_loaded"] + s["files_rejected"]
    counts = s["table_counts"]
    added = {"articles": s["articles_added"], "quotes": s["quotes_added"], "links": s["links_added"], "rejects": s["files_rejected"], "runs": 1}
    added["raw_posts"] = processed
    lines = [
        f"# {title}",
        "",
        f"Run `{s['run_id']}`: **{s['files_seen']:,} files seen = {s['files_loaded']:,} loaded + {s['files_unchanged']:,} unchanged"
        f" + {s['files_rejected']:,} rejected** ({s['files_replaced']:,} replaced an earlier version).",
        "",
        "| | |",
        "|---|---|",
        f"| source | `{s['source']}` |",
        f"| warehouse | `{s['warehouse']}` |",
        f"| duration | {seconds:,.1f} s |",
        f"| speed | {_rate(processed, seconds)} posts/s processed ({processed:,} posts), {_rate(s['files_seen'], seconds)} files/s seen |",
        f"| batches | {s['batches']} on {s['workers']} worker process(es) |",
        "",
        "## Files",
        "",
        "| seen | loaded | unchanged | rejected | replaced |",
        "|---:|---:|---:|---:|---:|",
        f"| {s['files_seen']:,} | {s['files_loaded']:,} | {s['files_unchanged']:,} | {s['files_rejected']:,} | {s['files_replaced']:,} |",
        "",
        "## Rows per table",
        "",
        "| table | written by this run | in the warehouse |",
        "|---|---:|---:|",
    ]
    lines += [f"| {t} | {added.get(t, 0):,} | {n:,} |" for t, n in counts.items()]
    lines += ["", "## Reject reasons (this run)", ""]
    if reject_reasons:
        lines += ["| reason | files |", "|---|---:|"] + [f"| {code} | {n:,} |" for code, n in sorted(reject_reasons.items(), key=lambda kv: (-kv[1], kv[0]))]
    else:
        lines.append("No file was rejected.")
    return "\n".join(lines) + "\n"


def failure_markdown(title: str, source: str, message: str, last_good_key: str) -> str:
    return (
        f"# {title}: did not finish\n\nThe run over `{source}` ended without loading anything new:\n\n"
        f"```text\n{message}\n```\n\nThe last good run's report is still under the artifact key `{last_good_key}`.\n"
    )


def publish(flow_name: str, deployment_name: str | None, summary: dict[str, Any], gathered: dict[str, Any], title: str) -> list[str]:
    """Create the summary and top-table artifacts; return their keys."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    keys = []
    key = artifact_key(flow_name, deployment_name, "summary")
    create_markdown_artifact(summary_markdown(summary, gathered["reject_reasons"], title), key=key, description=f"{title} {summary['run_id']}")
    keys.append(key)
    for name, description in TOP_TABLES.items():
        key = artifact_key(flow_name, deployment_name, name)
        rows = [{k: ("" if v is None else v) for k, v in row.items()} for row in gathered[name]]
        create_table_artifact(rows or [{"note": "no rows yet"}], key=key, description=description)
        keys.append(key)
    return keys


def publish_failure(flow_name: str, deployment_name: str | None, source: str, error: BaseException, message: str | None = None) -> None:
    """Best effort: a run that fails or is stopped publishes its reason under its own key
    (``…-failure``), so the deployment's ``…-summary`` stays the last good run's."""
    from prefect.artifacts import create_markdown_artifact

    text = message or f"{type(error).__name__}: {error}"
    try:
        create_markdown_artifact(
            failure_markdown(flow_name, source, text, artifact_key(flow_name, deployment_name, "summary")),
            key=artifact_key(flow_name, deployment_name, "failure"),
            description=f"{flow_name}: the latest run that did not finish",
        )
    except Exception:  # the report must never hide the run's own error
        pass
