"""A mistyped command line has its own exit code (64), never validate's "errors found" (2)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from talentsheet.errors import USAGE_EXIT_CODE, InputError


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_usage_exit_code_is_sysexits_ex_usage():
    assert USAGE_EXIT_CODE == 64


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "{book}", "--jsno"], "No such option: --jsno"),
        (["validate"], "Missing argument"),
        (["valdiate", "{book}"], "No such command"),
    ],
    ids=["unknown option", "missing argument", "unknown command"],
)
def test_a_mistyped_command_line_exits_64_and_writes_nothing(run_cli, small_book, args, message):
    before = _digest(small_book)
    result = run_cli(*[a.replace("{book}", str(small_book)) for a in args])
    assert result.code == USAGE_EXIT_CODE
    assert message in result.err and "Traceback" not in result.err
    assert _digest(small_book) == before


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--rows", "many"],
        ["demo", "--rows", "5"],
        ["views", "{book}", "--days", "-1"],
        ["views", "{book}", "--today", "May"],
    ],
    ids=["not a number", "below the minimum", "negative days", "not a date"],
)
def test_a_wrong_value_exits_6_whoever_checks_it(run_cli, small_book, args):
    """Typer checks --rows and --days, talentsheet checks --today: the same code for both."""
    before = _digest(small_book)
    result = run_cli(*[a.replace("{book}", str(small_book)) for a in args])
    assert result.code == InputError.exit_code == 6
    assert ("Invalid value" in result.err or "is not a date" in result.err) and "Traceback" not in result.err
    assert _digest(small_book) == before


def test_validate_still_exits_2_for_errors_found(run_cli, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "bad.xlsx"
    wb = Workbook()
    wb.active.append(["First name", "Last name", "Email"])
    wb.active.append(["Ada", "Lovelace", "not an email"])
    wb.save(path)
    assert run_cli("validate", path, "--output", tmp_path / "out.xlsx").code == 2


def test_help_exits_0(run_cli):
    assert run_cli("--help").code == 0
    assert run_cli("validate", "--help").code == 0
    bare = run_cli()
    assert bare.code == 0 and "Usage: talentsheet" in bare.out + bare.err


def test_the_installed_console_script_exits_64(tmp_path):
    """Through the real entry point: the `talentsheet` script pip put next to this Python."""
    script = Path(sys.executable).with_name("talentsheet")
    if not script.exists():
        pytest.skip(f"no talentsheet console script next to {sys.executable} (not installed with pip)")
    done = subprocess.run(
        [str(script), "info", "--jsn", "x.xlsx"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == USAGE_EXIT_CODE and "No such option: --jsn" in done.stderr
