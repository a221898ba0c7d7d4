"""The ``talentsheet`` command line: thin wrappers named like the library functions.

Each capability registers its commands from its own module below; errors from the library
(:class:`~talentsheet.errors.TalentsheetError`) become one message with a hint and an exit
code, never a traceback.
"""

from __future__ import annotations

import importlib

import typer
from rich.markup import escape

from ..errors import USAGE_EXIT_CODE, InputError, TalentsheetError
from .app import app
from .output import err_console

# command modules register themselves on `app` when imported
from . import workbook_cmds  # noqa: F401  isort: skip
from . import validate_cmds  # noqa: F401  isort: skip
from . import dedupe_cmds  # noqa: F401  isort: skip
from . import views_cmds  # noqa: F401  isort: skip
from . import match_cmds  # noqa: F401  isort: skip
from . import excel_cmds  # noqa: F401  isort: skip

__all__ = ["app", "main"]

_click_errors = importlib.import_module(typer.BadParameter.__module__)  # click's, wherever this typer keeps it


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (the script wrapper exits with it)."""
    try:
        code = app(args=argv, prog_name="talentsheet", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except _click_errors.UsageError as exc:  # the command line is wrong: errors.py's codes, not click's 2
        _show_usage_error(exc)
        wrong_value = isinstance(exc, _click_errors.BadParameter) and not isinstance(exc, _click_errors.MissingParameter)
        return InputError.exit_code if wrong_value else USAGE_EXIT_CODE
    except TalentsheetError as exc:
        err_console.print(f"[bold red]Error:[/] {escape(exc.message)}", soft_wrap=True)
        if exc.hint:
            err_console.print(f"[yellow]Hint:[/] {escape(exc.hint)}", soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err_console.print("Interrupted; nothing was written.")
        return 130


def _show_usage_error(exc: Exception) -> None:
    """Print a command-line mistake as typer would (usage line, hint, error panel)."""
    try:
        from typer import rich_utils

        rich_utils.rich_format_error(exc)
    except ImportError:  # typer without rich
        exc.show()
