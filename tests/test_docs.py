"""Docs do not drift from code: every command has help text and a place in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from talentsheet.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def all_commands() -> list[tuple[str, object]]:
    group = typer.main.get_group(app)
    out = []
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            out += [(f"{name} {sub}", c) for sub, c in subcommands.items()]
        else:
            out.append((name, command))
    return out


COMMANDS = all_commands()


def test_the_cli_has_the_core_commands():
    names = {n for n, _ in COMMANDS}
    assert {"info", "init", "demo"} <= names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_and_is_documented(name, command):
    assert (command.help or "").strip(), f"talentsheet {name} has no help text"
    assert f"talentsheet {name}" in README, f"README does not document `talentsheet {name}`"


def test_readme_gives_the_two_setup_commands():
    assert "./dev demo" in README and "./dev test" in README
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text()
    assert "./dev test" in ci


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_can_answer_in_json(name, command):
    flags = {opt for p in command.params for opt in getattr(p, "opts", [])}
    assert "--json" in flags, f"talentsheet {name} has no --json"
