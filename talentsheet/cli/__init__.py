"""The ``talentsheet`` command line: thin wrappers named like the library functions.

Each capability registers its commands from its own module below; errors from the library
(:class:`~talentsheet.errors.TalentsheetError`) become one message with a hint and an exit
code, never a traceback.
"""

from __future__ import annotations

from rich.markup import escape

from ..errors import TalentsheetError
from ..workbook.reader import tell_mapping
from .app import app
from .output import err_console

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


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (the script wrapper exits with it)."""
    try:
        app(args=argv, prog_name="talentsheet")  # standalone mode: always ends in SystemExit
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
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
    return 0
