"""Commands for the validate capability: ``validate`` and ``undo-fix`` (plus the demo step)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..errors import InputError
from ..validate import FIX_LOG_SHEET, ISSUES_SHEET, WorkbookValidation, undo_fix, validate_workbook
from .app import (
    AllowLossOpt,
    DayFirstOpt,
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
from .output import console, err_console, print_json, print_table, progress

FixOpt = Annotated[
    bool, typer.Option("--fix", help="Apply the safe fixes in place; every original value goes to the 'Fix log' sheet.")
]
RegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region",
        help="Country (ISO code: US, GB, DE...) for phone numbers written without +code in rows whose location names no "
        "country, when the sheet has no dominant country of its own.",
    ),
]
PhoneFormatOpt = Annotated[
    str,
    typer.Option(
        "--phone-format", help="How --fix writes phones: e164 (+15125550199), international (+1 512-555-0199) or national."
    ),
]
CheckOpt = Annotated[bool, typer.Option("--check", help="Only report: do not write the Issues sheet, highlights or fixes.")]


def _track(enabled: bool) -> Callable[[Iterable[int], int], Iterable[int]]:
    return lambda rows, total: progress(rows, total, "Validating rows", enabled=enabled)


def _say_on_terminal(message: str) -> None:
    """Progress words for a person watching (stderr, terminal only; never in --json output)."""
    if err_console.is_terminal:
        err_console.print(message)


def summary_rows(report: WorkbookValidation) -> list[list[Any]]:
    """Counts by problem, worst first: what the recruiter sees after a run."""
    table = report.table
    counts = report.validation.counts()
    order = {"error": 0, "warning": 1, "info": 2}
    rows = []
    for (severity, column, problem), n in sorted(counts.items(), key=lambda kv: (order[kv[0][0]], -kv[1], kv[0][1])):
        header = table.column(column).header if column and table.has(column) else "(row)"
        rows.append([severity, header, problem, n])
    return rows


def _json_report(report: WorkbookValidation) -> dict[str, Any]:
    return {
        "file": str(report.table.path),
        "sheet": report.table.sheet,
        "rows": len(report.table.df),
        "findings": [f.to_dict() for f in report.findings],
        "fixed": [{"row": c.row, "column": c.column, "old": c.old, "new": c.new} for c in report.fixed],
        "skipped": [{"cell": cell, "why": why} for cell, why in report.skipped],
        "written": str(report.written) if report.written else None,
        "exit_code": report.validation.exit_code,
    }


def _print_report(report: WorkbookValidation, fix: bool) -> None:
    rows = len(report.table.df)
    done = f"fixed {len(report.fixed)} cells, " if fix and report.fixed else ""
    if not report.findings:
        console.print(f"{rows} rows checked: {done}no problems {'left' if done else 'found'}.")
    else:
        print_table(
            f"{rows} rows checked, {len(report.findings)} findings",
            ["Severity", "Column", "Problem", "Count"],
            summary_rows(report),
        )
    fixable = len(report.validation.changes)
    if not fix and fixable:
        console.print(f"{fixable} cells can be fixed safely: run again with --fix (every original is kept on '{FIX_LOG_SHEET}').")
    if fix:
        console.print(
            f"Fixed {len(report.fixed)} cells; originals are on the '{FIX_LOG_SHEET}' sheet (undo: talentsheet undo-fix)."
        )
    for cell, why in report.skipped:
        console.print(f"Not fixed {cell}: {why}.")
    changed = {(c.row, c.column) for c in report.validation.changes}
    suggested = sum(1 for f in report.findings if f.severity.value == "info" and (f.row, f.column) not in changed)
    if suggested:
        console.print(f"{suggested} suggestions are not certain, so --fix leaves them to you: see the '{ISSUES_SHEET}' sheet.")
    if report.written:
        console.print(f"Wrote the '{ISSUES_SHEET}' sheet and highlighted {report.marked} cells in {report.written}.")


@app.command("validate")
def validate_command(
    file: FileArg,
    fix: FixOpt = False,
    region: RegionOpt = None,
    phone_format: PhoneFormatOpt = "e164",
    dayfirst: DayFirstOpt = None,
    check: CheckOpt = False,
    today: TodayOpt = None,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    json: JsonOpt = False,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
) -> None:
    """Check every row; write an Issues sheet and highlight offending cells ([bold]--fix[/]: apply safe fixes).

    Exit code: 0 clean (or only fixable format notes), 1 warnings, 2 errors, 3+ failures.
    """
    if check and fix:
        raise InputError("--check and --fix cannot be combined", "--check only reports; drop it to apply fixes")
    report = validate_workbook(
        file,
        sheet=sheet,
        fix=fix,
        write=not check,
        region=region,
        phone_style=phone_format.lower(),
        dayfirst=dayfirst,
        today=parse_today(today),
        track=_track(not json),
        stage=None if json else _say_on_terminal,
        **write_options(output, allow_loss, no_backup, force),
    )
    if json:
        print_json(_json_report(report))
    else:
        _print_report(report, fix)
    raise typer.Exit(report.validation.exit_code)


@app.command("undo-fix")
def undo_fix_command(
    file: FileArg,
    json: JsonOpt = False,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
) -> None:
    """Put back every value [bold]validate --fix[/] changed (cells edited since are left alone and listed)."""
    report = undo_fix(file, **write_options(output, allow_loss, no_backup, force))
    if json:
        kept = [{"cell": c, "value": v} for c, v in report.kept]
        print_json({"restored": report.restored, "kept": kept, "not_restored": [{"cell": c, "why": w} for c, w in report.lost]})
        return
    console.print(f"Restored {len(report.restored)} cells in {report.written}.")
    for cell, _ in report.kept:
        console.print(f"Kept {cell}: it was changed after the fix, so talentsheet left it as it is.")
    for cell, why in report.lost:
        console.print(f"Not restored {escape(cell)}: {escape(why)}; nothing was written there (see the Fix log).")


def demo_step(workbook: Path, say: Callable[[str], None]) -> dict:
    """Validate the demo workbook, then fix what is safe; say where to look."""
    first = validate_workbook(workbook)
    fixed = validate_workbook(workbook, fix=True)
    by = Counter(f.severity.value for f in first.findings)
    say(
        f"validate checked {len(first.table.df)} rows: {by['error']} errors, {by['warning']} warnings, "
        f"{by['info']} fixable format notes (see the '{ISSUES_SHEET}' sheet and the highlighted cells); "
        f"--fix normalised {len(fixed.fixed)} cells (originals on '{FIX_LOG_SHEET}', undo: talentsheet undo-fix), "
        f"{len(fixed.findings)} findings remain"
    )
    return {
        "findings": len(first.findings),
        "fixed": len(fixed.fixed),
        "remaining": len(fixed.findings),
        "marked": fixed.marked,
        "exit_code": fixed.validation.exit_code,
    }
