"""``talentsheet extract`` and ``talentsheet contacted``: thin wrappers over talentsheet.extract_sheet."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError
from ..extract_sheet import LOG_SHEET, REVIEW_SHEET, extract_workbook, mark_contacted, undo_extract
from .app import (
    AllowLossOpt,
    FileArg,
    ForceOpt,
    JsonOpt,
    MapOpt,
    NoBackupOpt,
    OutputOpt,
    SheetOpt,
    TodayOpt,
    app,
    parse_today,
    write_options,
)
from .output import console, print_json


@app.command()
def extract(
    file: FileArg,
    accept: Annotated[
        str | None,
        typer.Option(
            "--accept", help="Write proposals into empty cells: 'all', or 'marked' (Accept? = Yes on the Notes review sheet)."
        ),
    ] = None,
    undo: Annotated[
        bool, typer.Option("--undo", help=f"Put back every cell extract wrote (from the {LOG_SHEET} sheet).")
    ] = False,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
    json: JsonOpt = False,
) -> None:
    """Read future title, future location, open to remote, call-back and status from the
    notes into a Notes review sheet; --accept writes them into empty cells (never over a typed one)."""
    if undo and accept:
        raise InputError("give either --accept or --undo", "--undo puts back what an earlier --accept wrote")
    options = write_options(output, allow_loss, no_backup, force)
    report = undo_extract(file, **options) if undo else extract_workbook(file, accept=accept, sheet=sheet, **options)
    if json:
        print_json(report.to_dict())
        return
    if undo:
        console.print(f"Restored {len(report.restored)} cell(s) in {report.path}.")
        if report.left:
            console.print(f"Left {len(report.left)} cell(s) as they are:")
            for cell, why in report.left:
                console.print(f"  {cell}: {why}", markup=False)
        return
    console.print(
        f"{report.proposals} proposal(s) from the notes ({report.unreadable} call-back(s) that cannot be read) "
        f"on the [bold]{REVIEW_SHEET}[/] sheet of {report.path}."
    )
    if report.written or accept:
        added = f"; added column(s): {', '.join(report.new_columns)}" if report.new_columns else ""
        console.print(f"Wrote {len(report.written)} cell(s){added}; undo with 'talentsheet extract FILE --undo'.")
    else:
        console.print("Mark Accept? = Yes and run with --accept marked, or --accept all.")


@app.command()
def contacted(
    file: FileArg,
    row: Annotated[int | None, typer.Option("--row", help="The candidate's Excel row.")] = None,
    candidate_id: Annotated[str | None, typer.Option("--id", help="The candidate's id, e.g. C000123.")] = None,
    today: TodayOpt = None,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
    json: JsonOpt = False,
) -> None:
    """Contacted today: set Last contacted to today and clear Follow-up on for one person."""
    report = mark_contacted(
        file,
        row=row,
        candidate_id=candidate_id,
        today=parse_today(today),
        sheet=sheet,
        **write_options(output, allow_loss, no_backup, force),
    )
    if json:
        print_json(report.to_dict())
        return
    cleared = f", cleared follow-up {report.cleared_follow_up}" if report.cleared_follow_up is not None else ""
    console.print(f"{report.name} (row {report.row}): last contacted {report.last_contacted}{cleared}.")
