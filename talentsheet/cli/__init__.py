"""The ``talentsheet`` command line: thin wrappers named like the library functions.

Each capability registers its commands from its own module below; errors from the library
(:class:`~talentsheet.errors.TalentsheetError`) become one message with a hint and an exit
code, never a traceback. A mistyped command line (unknown command or option, missing
argument) exits with ``USAGE_EXIT_CODE`` (64) and a value Typer rejects (``--rows many``,
``--days -1``) with ``InputError``'s 6, like a value talentsheet rejects, so scripts never
mistake either for ``validate``'s "errors found" (2); the table is in :mod:`talentsheet.errors`.
"""

from __future__ import annotations

import typer
from rich.markup import escape

from ..errors import USAGE_EXIT_CODE, InputError, TalentsheetError
from ..workbook.reader import tell_mapping
from .app import app
from .output import err_console

try:  # Typer >= 0.24 ships its own copy of click
    from typer._click import exceptions as click_exceptions
except ImportError:  # older Typer uses click itself
    from click import exceptions as click_exceptions

# command modules register themselves on `app` when imported
from . import workbook_cmds  # noqa: F401  isort: skip
from . import validate_cmds  # noqa: F401  isort: skip
from . import dedupe_cmds  # noqa: F401  isort: skip
from . import views_cmds  # noqa: F401  isort: skip
from . import match_cmds  # noqa: F401  isort: skip
from . import excel_cmds  # noqa: F401  isort: skip
from . import import_cmds  # noqa: F401  isort: skip
from . import notes_cmds  # noqa: F401  isort: skip

__all__ = ["app", "main"]

NO_ARGS_IS_HELP = getattr(click_exceptions, "NoArgsIsHelpError", ())  # click < 8.2 prints the help and exits 0 itself


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (the script wrapper exits with it).

    Typer runs in non-standalone mode so that its usage errors reach us as exceptions (in
    standalone mode they end in ``SystemExit(2)``, the same code as ``validate``'s)."""
    try:
        code = app(args=argv, prog_name="talentsheet", standalone_mode=False)
    except NO_ARGS_IS_HELP as exc:  # bare `talentsheet`: the help is the answer
        _show_click_error(exc)
        return 0
    except click_exceptions.MissingParameter as exc:  # a BadParameter, but the command line is incomplete
        _show_click_error(exc)
        return USAGE_EXIT_CODE
    except click_exceptions.BadParameter as exc:  # a value Typer rejects (`--rows many`, `--days -1`)
        _show_click_error(exc)
        return InputError.exit_code  # the same code as a value talentsheet itself rejects
    except click_exceptions.UsageError as exc:
        _show_click_error(exc)
        return USAGE_EXIT_CODE
    except click_exceptions.ClickException as exc:  # e.g. a file Typer itself could not open
        _show_click_error(exc)
        return exc.exit_code
    except typer.Abort:  # Ctrl-C or end of input at a prompt
        err_console.print("Interrupted; nothing was written.")
        return 130
    except TalentsheetError as exc:
        err_console.print(f"[bold red]Error:[/] {escape(exc.message)}", soft_wrap=True)
        if exc.hint:
            err_console.print(f"[yellow]Hint:[/] {escape(exc.hint)}", soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err_console.print("Interrupted; nothing was written.")
        return 130
    finally:
        tell_mapping(None)  # --map is for one run (tests run many in one process)
    # a command ends by returning (0) or raising typer.Exit(code), which Typer returns here
    return code if isinstance(code, int) and not isinstance(code, bool) else 0


def _show_click_error(exc: Exception) -> None:
    """The usage message exactly as Typer prints it in standalone mode (rich box, or plain)."""
    try:
        from typer import rich_utils
    except ImportError:  # Typer without rich
        exc.show()
        return
    rich_utils.rich_format_error(exc)
