"""Failure notifications: a Prefect automation that posts to a webhook when a posts-etl run fails.

``posts-etl alerts --webhook URL`` (and ``make stack-up`` with ``STACK_NOTIFY_URL`` set) creates, on
the server in ``PREFECT_API_URL``:

- a Custom Webhook notification block named ``posts-etl-failures`` that POSTs
  ``{"text": "<subject>\\n<body>"}`` to URL (the shape Slack, Mattermost, Teams' and most chat
  incoming webhooks accept);
- an automation named ``posts-etl: notify on failure`` whose trigger is any flow run of
  ``ingest-posts`` or ``reprocess-posts`` entering Failed, Crashed or TimedOut, whether it ran on
  a worker or from the shell, and whose action sends that block the run's name, state, message
  and a link to it in the UI.

Running it again replaces both (no duplicates); ``--remove`` deletes the automation (the block,
which holds only the URL, stays for the next ``alerts --webhook``). Nothing here runs in a
flow: it only talks to the API.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

BLOCK_NAME = "posts-etl-failures"
AUTOMATION_NAME = "posts-etl: notify on failure"
# State names, as the server names its events: prefect.flow-run.<state name>. TimedOut is a
# FAILED-type state with its own name.
FAILED_STATES = ("Failed", "Crashed", "TimedOut")

SUBJECT = "posts-etl: {{ flow.name }} run {{ flow_run.name }} {{ flow_run.state.name }}"
BODY = (
    "{{ flow_run.state.message }}\n"
    "deployment: {{ deployment.name if deployment else 'none (run from the shell)' }}\n"
    "parameters: {{ flow_run.parameters }}\n"
    "{{ flow_run|ui_url }}"
)


def flow_names() -> list[str]:
    """The flows whose failures notify: taken from the flows themselves, so a rename cannot drift."""
    from flows.ingest import ingest_posts
    from flows.reprocess import reprocess_posts

    return sorted({ingest_posts.name, reprocess_posts.name})


class AlertsError(Exception):
    """The server cannot be reached or refused the automation."""


def _client() -> Any:
    from prefect.client.orchestration import get_client

    return get_client(sync_client=True)


def _existing(client: Any) -> list[Any]:
    """Ids of the automations named AUTOMATION_NAME (more than one only if made by hand)."""
    return [a.id for a in client.read_automations_by_name(name=AUTOMATION_NAME)]


def _delete(client: Any, ids: list[Any]) -> int:
    for automation_id in ids:
        client.delete_automation(automation_id)
    return len(ids)


def install(webhook_url: str) -> str:
    """Create (or replace) the block and the automation; returns the automation's id."""
    from prefect.automations import AutomationCore, EventTrigger, Posture, SendNotification
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    if not webhook_url.startswith(("http://", "https://")):
        raise AlertsError(f"webhook URL {webhook_url!r} must start with http:// or https://")
    try:
        block = CustomWebhookNotificationBlock(
            name=BLOCK_NAME, url=webhook_url, method="POST", json_data={"text": "{{subject}}\n{{body}}"}, timeout=10,
            headers=None, cookies=None,
        )
        block_id = block.save(BLOCK_NAME, overwrite=True)  # called outside an event loop: the saved id, not a coroutine
        if not isinstance(block_id, UUID):
            raise TypeError(f"saving the webhook block gave {block_id!r}, not its id")
        trigger = EventTrigger(
            expect={f"prefect.flow-run.{state}" for state in FAILED_STATES},
            match={"prefect.resource.id": "prefect.flow-run.*"},
            match_related={"prefect.resource.role": "flow", "prefect.resource.name": flow_names()},
            posture=Posture.Reactive,
            threshold=1,
        )
        automation = AutomationCore(
            name=AUTOMATION_NAME,
            description="Posts to the posts-etl-failures webhook block when an ingest or reprocess run fails, crashes or times out.",
            trigger=trigger,
            actions=[SendNotification(block_document_id=block_id, subject=SUBJECT, body=BODY)],
        )
        with _client() as client:
            old = _existing(client)
            created = client.create_automation(automation)  # first: a failed create keeps the old one
            _delete(client, old)
            return str(created)
    except AlertsError:
        raise
    except Exception as exc:  # httpx/Prefect errors: one line for the operator, not a traceback
        raise AlertsError(f"could not create the failure automation: {type(exc).__name__}: {exc}") from None


def installed() -> bool:
    """Whether the failure automation exists on the server."""
    try:
        with _client() as client:
            return bool(_existing(client))
    except Exception as exc:
        raise AlertsError(f"could not read the automations: {type(exc).__name__}: {exc}") from None


def redacted(url: str) -> str:
    """A webhook URL without its path and query (the secret part of a Slack or Teams hook)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/…" if parts.path not in ("", "/") or parts.query else url


def remove() -> int:
    """Delete the automation (the block is left: it holds only the URL). Returns how many."""
    try:
        with _client() as client:
            return _delete(client, _existing(client))
    except Exception as exc:
        raise AlertsError(f"could not remove the failure automation: {type(exc).__name__}: {exc}") from None
