"""Commands about the workbook itself: ``info``, ``init``, ``demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..demo import demo_exit_code, run_demo
from ..template import init_workbook
from ..workbook.reader import read_candidates, told_mapping
from .app import AllowLossOpt, FileArg, ForceOpt, JsonOpt, MapOpt, NoBackupOpt, OutputOpt, SheetOpt, app, write_options
from .output import console, print_json, print_table

# how a column's meaning was decided, in the words `info` shows
HOW_SHOWN = {
    "exact": "header",
    "synonym": "header synonym",
    "fuzzy": "header (near miss)",
    "content": "content",
    "told": "told by --map",
    "remembered": "remembered",
    "unknown": "kept as-is",
    "duplicate": "kept as-is (a second column for that field)",
}


def info_report(file: Path, sheet: str | None = None) -> dict:
    """What talentsheet recognised in a workbook, as plain data (used by --json and the table)."""
    table = read_candidates(file, sheet)
    return {
        "file": str(file),
        "sheet": table.sheet,
        "header_row": table.header_row,
        "candidates": len(table.df),
        "first_data_row": table.first_data_row,
        "columns": [
            {"letter": c.letter, "header": c.header, "field": c.field, "how": HOW_SHOWN.get(c.how, c.how)} for c in table.columns
        ],
        "derived": table.derived,
        "total_rows": table.total_rows,
        "remembered": table.remembered.text() if table.remembered else None,
        "missing_fields": [f for f in _important_fields() if not table.has(f) and f not in table.derived],
    }


def _important_fields() -> list[str]:
    return [
        "first_name",
        "last_name",
        "email",
        "phone",
        "linkedin",
        "location",
        "future_title",
        "future_location",
        "follow_up_on",
    ]


RememberOpt = Annotated[
    bool, typer.Option("--remember", help="Store the --map mapping in the workbook for later runs and the Excel buttons.")
]


@app.command()
def info(
    file: FileArg,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    remember: RememberOpt = False,
    json: JsonOpt = False,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
) -> None:
    """Show what talentsheet recognised: sheet, header row, and how each column's meaning was decided."""
    if remember:
        from ..importer import remember_mapping

        remember_mapping(file, told_mapping(), sheet=sheet, **write_options(output, allow_loss, no_backup, force))
    report = info_report(output if remember and output else file, sheet)
    if json:
        print_json(report)
        return
    console.print(
        f"[bold]{file.name}[/]: sheet [cyan]{report['sheet']}[/], header on row {report['header_row']}, {report['candidates']} candidates"
    )
    print_table(
        "Columns",
        ["Column", "Header as written", "Field", "How"],
        [[c["letter"], c["header"], c["field"] or "-", c["how"]] for c in report["columns"]],
    )
    if report["derived"]:
        console.print(f"Split from the full name: {', '.join(report['derived'])}")
    if report["total_rows"]:
        console.print(f"Total rows (not candidates): {', '.join(map(str, report['total_rows']))}")
    if remember:
        console.print(f"Remembered in the workbook: {report['remembered']}")
    if report["missing_fields"]:
        console.print(f"[yellow]Not in this sheet:[/] {', '.join(report['missing_fields'])}")


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to create the new workbook (.xlsx).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    json: JsonOpt = False,
) -> None:
    """Create a fresh recruiter workbook: Candidates, Openings, Views and How to use."""
    created = init_workbook(path, force=force)
    if json:
        print_json({"created": str(created)})
    else:
        console.print(f"Created [bold]{created}[/] with sheets Candidates, Openings, Views, How to use.")


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo workbook and results.")] = Path("talentsheet-demo"),
    rows: Annotated[int, typer.Option("--rows", help="How many synthetic candidates to generate.", min=20, max=100_000)] = 300,
    json: JsonOpt = False,
) -> None:
    """Build a realistic messy example workbook and run every capability on it, end to end."""
    summary = run_demo(out, rows=rows, say=(lambda s: None) if json else console.print)
    if json:
        print_json(summary)
    raise typer.Exit(demo_exit_code(summary))
