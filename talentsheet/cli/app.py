"""The Typer application and the options every command shares (defined once)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ..workbook.reader import ColumnMapping, tell_mapping

app = typer.Typer(
    name="talentsheet",
    help="Keep a recruiter's candidate workbook clean, searchable and ready for the next opening.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

FileArg = Annotated[Path, typer.Argument(help="The recruiter workbook (.xlsx, .xlsm; .csv where noted).", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]
SheetOpt = Annotated[str | None, typer.Option("--sheet", help="Candidate sheet name (default: found automatically).")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the result to this new file and leave the original untouched."),
]
AllowLossOpt = Annotated[
    bool,
    typer.Option(
        "--allow-loss",
        help="Accepted for older scripts and ignored: talentsheet rewrites only what it changes, so no feature is dropped.",
        hidden=True,
    ),
]


def _tell_map(value: str | None) -> str | None:
    """``--map`` reaches every read of the command through the reader (checked here, before
    anything is read); no value clears what a previous in-process run told."""
    tell_mapping(ColumnMapping.parse(value) if value else None)
    return value


MapOpt = Annotated[
    str | None,
    typer.Option(
        "--map",
        help='Say what columns are: "URL=linkedin,Headline=headline" (HEADER=FIELD; FIELD - for none). '
        "import remembers it in the workbook; so does info --remember.",
        callback=_tell_map,
        show_default=False,
    ),
]
DayFirstOpt = Annotated[
    bool | None,
    typer.Option(
        "--dayfirst/--monthfirst",
        help="Read 03/04/2025 as 3 April (--dayfirst) or March 4 (--monthfirst); default: what the sheet's unambiguous dates say.",
        show_default=False,
    ),
]
TodayOpt = Annotated[str | None, typer.Option("--today", help="Treat this day (yyyy-mm-dd) as today for due and overdue dates.")]
NoBackupOpt = Annotated[bool, typer.Option("--no-backup", help="Do not keep a timestamped backup of the original next to it.")]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Let --output replace an existing file (a timestamped backup of it is kept).")
]


def write_options(output: Path | None, allow_loss: bool, no_backup: bool, force: bool = False) -> dict:
    """The keyword arguments every writing command passes to its library function (which
    writes through ``workbook.editor.editing``)."""
    options = {"output": output, "allow_loss": allow_loss, "backup": not no_backup}
    if force:  # only commands that offer --force pass it (their library function takes force=)
        options["force"] = True
    return options


def parse_today(text: str | None) -> date | None:
    """``--today`` as a date; None means the real today (tests and demos pin it)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--today {text!r} is not a date", "write it as yyyy-mm-dd, e.g. --today 2026-11-25") from None
