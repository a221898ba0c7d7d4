"""Docs do not drift from code: every command has help text and a place in the README."""

from __future__ import annotations

import re
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


def _section(title: str) -> str:
    return README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_the_command_table_lists_exactly_the_cli_commands():
    """README's command-line reference has one row per command, and no command is missing."""
    table = [line for line in _section("Command-line reference").splitlines() if line.startswith("| `talentsheet")]
    documented = {m for line in table for m in re.findall(r"`talentsheet ([a-z-]+(?: (?:build|install|uninstall))?)", line)}
    assert documented == {n for n, _ in COMMANDS}


def test_the_exit_code_table_is_the_one_in_errors_py():
    """Every exit code the CLI can end with is in README's table, and the table has no other."""
    from talentsheet import errors

    def subclasses(cls):
        return [cls, *(s for sub in cls.__subclasses__() for s in subclasses(sub))]

    raised = {cls.exit_code for cls in subclasses(errors.TalentsheetError)}
    expected = {0, 1, 2} | raised | {errors.USAGE_EXIT_CODE}  # 0-2: validate's results
    section = _section("Command-line reference")
    assert {int(code) for code in re.findall(r"^\| `(\d+)` \|", section, flags=re.M)} == expected
    documented = set(re.findall(r"\b(\d+) (?:a |the |writing )", errors.__doc__))
    assert {int(c) for c in documented} >= raised | {errors.USAGE_EXIT_CODE}


def test_readme_names_the_lite_sheet_buttons_as_declared():
    from talentsheet.excel.buttons import BUTTONS

    in_excel = _section("In Excel")
    assert all(f"`{b.shape}` {b.anchor}" in in_excel for b in BUTTONS if b.anchor)


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
