"""The operator's path through the Prefect UI, in headless Chromium.

`scripts/stack.sh up` (what `make stack-up` runs) starts a real `prefect server start` on
127.0.0.1 at a free port with a private PREFECT_HOME, creates the process work pool, deploys
prefect.yaml and starts a worker. The browser then opens the UI an operator gets by default,
goes to the `nightly` deployment, checks its next scheduled run is at 02:00, starts a custom
run on a copy of the sample posts, waits for the UI to show it Completed, and finds the run's
summary artifact. `scripts/stack.sh down` stops everything.

Browser: Debian's /usr/bin/chromium driven by Playwright's Python client (no browser download;
.ci/run installs the package). On failure, screenshots, the page's text and the stack's logs
are saved under test-artifacts/ui/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "ui"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUN_TIMEOUT_S = 600  # click Run -> Completed; about 40 s on the 2-core dev machine

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium (.ci/run does)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ignore = ARTIFACTS.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")  # the folder keeps itself out of git
    return ARTIFACTS


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The operator's stack, started and stopped by scripts/stack.sh, in a private folder."""
    root = tmp_path_factory.mktemp("ui-stack")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "POSTS_ETL_")) and k != "POSTS_PROJECT_DIR"}
    env.update(STACK_DIR=str(root / "stack"), STACK_PORT=str(port), PREFECT_HOME=str(root / "prefect-home"))
    script = REPO / "scripts" / "stack.sh"
    up = subprocess.run([str(script), "up"], env=env, capture_output=True, text=True, timeout=900)
    try:
        assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
        yield {"url": f"http://127.0.0.1:{port}", "env": env, "dir": root / "stack", "root": root}
    finally:
        down = subprocess.run([str(script), "down"], env=env, capture_output=True, text=True, timeout=300)
        pids = [p.read_text().strip() for p in (root / "stack").glob("*.pid")]
        assert down.returncode == 0 and not pids, down.stdout + down.stderr


def _save_failure(page, stack, name: str) -> Path:
    out = _artifacts_dir()
    try:
        page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        (out / f"{name}.txt").write_text(page.url + "\n\n" + page.inner_text("body"))
    except Exception as exc:  # the browser may be the thing that broke
        (out / f"{name}.txt").write_text(f"no screenshot: {exc!r}")
    for log in stack["dir"].glob("*.log"):
        shutil.copy(log, out / f"{name}-{log.name}")
    return out


def _wait_for_state(page, want: str, timeout_s: float) -> None:
    """Wait until the flow run page shows `want`; fail at once on a terminal failure state.
    Reloads now and then in case the page does not refresh by itself."""
    deadline = time.monotonic() + timeout_s
    badge = page.get_by_text(want, exact=True).first
    bad = page.get_by_text(re.compile(r"^(Failed|Crashed|Cancelled)$")).first
    while True:
        for _ in range(10):
            if badge.is_visible():
                return
            if bad.is_visible():
                raise AssertionError(f"the run ended {bad.inner_text()} instead of {want}")
            page.wait_for_timeout(1000)
        if time.monotonic() > deadline:
            raise AssertionError(f"the run did not reach {want} within {timeout_s} s")
        page.reload(wait_until="domcontentloaded")


def _parameter_field(page, name: str):
    """The input of one parameter in the custom-run form, found by the parameter's label."""
    label = page.get_by_text(f"{name} (Optional)", exact=True)
    return page.locator("div", has=label).filter(has=page.locator("textarea, input")).last.locator("textarea, input").first


def test_operator_runs_nightly_from_the_ui(stack, sample_dir, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    data_dir = tmp_path / "ui-data"
    run_name = f"ui-test-{uuid.uuid4().hex[:8]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        # the schedule is 02:00 Europe/London; the UI shows times in the browser's zone
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id="Europe/London")
        context.set_default_timeout(60_000)
        page = context.new_page()
        step = "open-ui"
        try:
            page.goto(stack["url"] + "/", wait_until="domcontentloaded")
            page.get_by_role("link", name="Deployments", exact=True).first.click()

            step = "nightly-deployment"
            page.get_by_role("link", name="nightly", exact=True).first.click()
            expect(page.get_by_text("At 02:00 AM", exact=True).first).to_be_visible()  # the schedule
            next_run = page.get_by_text(re.compile(r"\d{4}/\d\d/\d\d\s+02:00:00\s+AM")).first  # "Next Run", in London time
            expect(next_run).to_be_visible()
            page.screenshot(path=str(_artifacts_dir() / "1-nightly.png"), full_page=True)

            step = "custom-run-form"
            run_clicked = time.monotonic()
            page.get_by_role("button", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Custom run").click()
            expect(page.get_by_role("heading", name="Parameters")).to_be_visible()
            page.get_by_role("textbox").first.fill(run_name)  # Run Name
            for name, value in {"source": str(sample_dir), "data_dir": str(data_dir)}.items():
                field = _parameter_field(page, name)
                field.fill(value)
                expect(field).to_have_value(value)
            page.screenshot(path=str(_artifacts_dir() / "2-custom-run.png"), full_page=True)

            step = "submit"
            clicked = time.monotonic()
            page.get_by_role("button", name="Submit", exact=True).click()
            expect(page.get_by_text(f"{run_name} scheduled to start now")).to_be_visible()
            page.get_by_role("link", name="View run").or_(page.get_by_role("button", name="View run")).first.click()
            expect(page.get_by_text(run_name, exact=True).first).to_be_visible()

            step = "wait-completed"
            _wait_for_state(page, "Completed", RUN_TIMEOUT_S)
            done = time.monotonic()
            print(f"\nUI: click Run -> Completed shown: {done - run_clicked:.1f} s (from Submit: {done - clicked:.1f} s)")
            page.screenshot(path=str(_artifacts_dir() / "3-completed.png"), full_page=True)

            step = "warehouse"
            with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
                counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "rejects", "raw_posts", "runs")}
            assert counts == {"articles": 62, "rejects": 5, "raw_posts": 67, "runs": 1}

            step = "artifact"
            page.get_by_role("tab", name="Artifacts").click()
            page.get_by_text("ingest-posts-nightly-summary", exact=True).first.click()
            expect(page.get_by_role("heading", name="Files")).to_be_visible()
            expect(page.get_by_text(re.compile(r"67 files seen = 62 loaded \+ 0 unchanged \+ 5 rejected")).first).to_be_visible()
            expect(page.get_by_role("heading", name="Reject reasons (this run)")).to_be_visible()
            page.screenshot(path=str(_artifacts_dir() / "4-summary-artifact.png"), full_page=True)
        except BaseException:
            out = _save_failure(page, stack, f"failed-at-{step}")
            print(f"\nUI test failed at step {step!r}; screenshots and logs in {out}", file=sys.stderr)
            raise
        finally:
            browser.close()
