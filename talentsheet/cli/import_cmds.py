"""Commands ``import`` and ``unimport`` (thin wrappers over talentsheet.importer)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..importer import IMPORT_LOG, IMPORT_REVIEW, ImportReport, import_export, unimport
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
from .output import console, err_console, print_json, print_table

ExportArg = Annotated[
    Path,
    typer.Argument(
        help="The export: LinkedIn Connections, Sales Navigator, Recruiter project, Greenhouse, Lever, or any .csv/.xlsx.",
        show_default=False,
    ),
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="What the Source column says for these people (default: the export's kind).")
]
MergeKnownOpt = Annotated[
    bool,
    typer.Option(
        "--merge-known", help="Also merge what the export adds about people already in the sheet (new emails, newer titles)."
    ),
]
SHOWN_KNOWN = 40


def _print_import(report: ImportReport, master: Path) -> None:
    plan = report.plan
    ids = [r.candidate_id for r in plan.added]
    span = f" ({ids[0]}..{ids[-1]})" if len(ids) > 1 else (f" ({ids[0]})" if ids else "")
    console.print(
        f"Imported {plan.file} ({plan.source}) into {report.written} as [bold]{plan.import_id}[/]: "
        f"{plan.rows_read} rows read, {len(plan.added)} added{span}, {len(plan.known)} already present"
        + (f", {plan.merged} merged" if plan.merged else "")
        + "."
    )
    if plan.new_columns:
        console.print(f"Columns added: {', '.join(plan.new_columns)}.")
    if plan.left_out:
        console.print(f"Not imported (the sheet has no such column; add one or use --map): {', '.join(plan.left_out)}.")
    if plan.known:
        rows = [
            [k.row, k.name, f"{k.candidate_id or '-'} ({k.where})", "; ".join(a.describe() for a in k.adds) or "nothing new"]
            for k in plan.known
        ]
        print_table(
            f"Already present (all on the '{IMPORT_REVIEW}' sheet)",
            ["Export row", "Name", "Is", "The export adds"],
            rows[:SHOWN_KNOWN],
        )
        if len(rows) > SHOWN_KNOWN:
            console.print(f"... and {len(rows) - SHOWN_KNOWN} more.")
        if not plan.merged and any(a.mergeable for k in plan.known for a in k.adds):
            console.print(
                f"To merge what the export adds: [bold]talentsheet unimport {master.name} {plan.import_id}[/], "
                "then import again with [bold]--merge-known[/]."
            )
    console.print(
        f"Undo: [bold]talentsheet unimport {report.written.name} {plan.import_id}[/] (the '{IMPORT_LOG}' sheet lists every import)."
    )


@app.command("import")
def import_command(
    master: FileArg,
    export: ExportArg,
    source: SourceOpt = None,
    merge_known: MergeKnownOpt = False,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    today: TodayOpt = None,
    json: JsonOpt = False,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
) -> None:
    """Bring an export into the candidate sheet: new people appended, people already there listed with what the export adds."""
    with err_console.status("Importing..."):
        report = import_export(
            master,
            export,
            source=source,
            merge_known=merge_known,
            sheet=sheet,
            today=parse_today(today),
            **write_options(output, allow_loss, no_backup, force),
        )
    if json:
        print_json(report.to_dict())
    else:
        _print_import(report, master)


@app.command("unimport")
def unimport_command(
    master: FileArg,
    import_id: Annotated[
        str, typer.Argument(help="The import to take out, e.g. I0003 (see the 'Import log' sheet).", show_default=False)
    ],
    json: JsonOpt = False,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
) -> None:
    """Take out exactly what one import added: its rows (by candidate id), merged cells and added columns."""
    report = unimport(master, import_id, **write_options(output, allow_loss, no_backup, force))
    if json:
        print_json(report.to_dict())
        return
    console.print(
        f"Undid {report.import_id} in {report.written}: removed {len(report.removed)} rows, restored {len(report.restored)} cells"
        + (f", removed columns {', '.join(report.columns_removed)}" if report.columns_removed else "")
        + "."
    )
    for kept in report.kept:
        console.print(f"Kept {kept}.")
