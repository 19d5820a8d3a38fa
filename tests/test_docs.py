"""Docs that cannot go stale: every command, table, column, setting and deployment is documented."""

from __future__ import annotations

import importlib
import re
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from flows.cli import app
from flows.settings import ENV_PREFIX, Settings
from warehouse import db

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()


def schema_columns() -> dict[str, list[str]]:
    text = (db.SQL_DIR / "schema.sql").read_text()
    tables = {}
    for name, body in re.findall(r"create table if not exists (\w+) \((.*?)\n\);", text, re.S):
        tables[name] = [line.split()[0] for line in body.strip().splitlines() if line.strip() and not line.strip().startswith("--")]
    return tables


def test_readme_opens_with_the_two_setup_commands():
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make demo", "make test"]
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^demo: .*\n\t.*posts-etl run$", makefile, re.M)
    assert re.search(r"^test: .*\n\t.*pytest$", makefile, re.M)
    assert "make test" in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("command", [c.name or c.callback.__name__ for c in app.registered_commands])
def test_every_cli_command_is_in_the_readme(command):
    assert f"posts-etl {command}" in README


@pytest.mark.parametrize("table", sorted(schema_columns()))
def test_every_table_and_column_is_documented(table):
    assert f"`{table}`" in README
    section = README.split(f"`{table}`:", 1)[1].split("\n\n", 2)[1]
    for column in schema_columns()[table]:
        assert f"`{column}`" in section, f"{table}.{column} is not in the README's {table} table"


@pytest.mark.parametrize("setting", [f.name for f in fields(Settings)])
def test_every_setting_is_documented(setting):
    assert f"`{ENV_PREFIX}{setting.upper()}`" in README


@pytest.mark.parametrize("setting", [f.name for f in fields(Settings)])
def test_the_readme_gives_each_setting_its_one_default(setting):
    """The settings table's default is Settings' own (the one place a default is written)."""
    row = next(line for line in README.splitlines() if line.startswith(f"| `{ENV_PREFIX}{setting.upper()}` |"))
    written = row.split(" | ")[1].strip("`")
    value = getattr(Settings(), setting)
    assert written == (f"./{value}" if setting == "data_dir" else str(value)), f"README gives {setting} the default {written}, Settings {value}"


def test_every_deployment_entrypoint_imports_a_flow():
    config = yaml.safe_load((REPO / "prefect.yaml").read_text())
    assert {d["name"] for d in config["deployments"]} >= {"nightly"}
    for d in config["deployments"]:
        path, name = d["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, name)
        assert hasattr(flow, "deploy"), f"{d['entrypoint']} is not a Prefect flow"
        for param in d.get("parameters", {}):
            assert param in flow.parameters.properties, f"{d['name']}: unknown parameter {param}"
    nightly = next(d for d in config["deployments"] if d["name"] == "nightly")
    (schedule,) = nightly["schedules"]
    assert schedule["cron"] == "0 2 * * *" and "/" in schedule["timezone"]
    assert "pull" not in config or not any("git" in str(step) for step in config["pull"] or [])
