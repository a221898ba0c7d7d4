"""Commands ``dedupe``, ``merge``, ``unmerge`` and ``check-new`` (thin wrappers over the library)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ..dedupe.merge import merge as merge_workbook
from ..dedupe.merge import unmerge as unmerge_workbook
from ..dedupe.review import check_new as check_new_rows
from ..dedupe.review import dedupe as dedupe_workbook
from ..dedupe.settings import DedupeSettings
from ..errors import InputError
from .app import AllowLossOpt, FileArg, ForceOpt, JsonOpt, MapOpt, NoBackupOpt, OutputOpt, SheetOpt, app, write_options
from .output import console, err_console, print_json, print_table

SettingsOpt = Annotated[
    Path | None, typer.Option("--settings", help="JSON file with dedupe settings (threshold, weights); see docs/dedupe.md.")
]
ThresholdOpt = Annotated[
    float | None, typer.Option("--threshold", help="Score a pair needs to count as a duplicate (default: tuned).")
]


def _settings(path: Path | None, threshold: float | None) -> DedupeSettings:
    settings = DedupeSettings.from_json(path) if path else DedupeSettings()
    if threshold is not None:
        settings.threshold = threshold
    return settings


@app.command()
def dedupe(
    file: FileArg,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    threshold: ThresholdOpt = None,
    settings: SettingsOpt = None,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
    json: JsonOpt = False,
) -> None:
    """Find duplicate candidates; write them to a [bold]Duplicates[/] sheet to review and mark the rows."""
    with err_console.status("Finding duplicates...") as status:
        report = dedupe_workbook(
            file,
            sheet=sheet,
            settings=_settings(settings, threshold),
            on_stage=lambda stage: status.update(f"Finding duplicates: {stage}..."),
            **write_options(output, allow_loss, no_backup, force),
        )
    if json:
        print_json(report.to_dict())
        return
    target = output or file
    console.print(
        f"{len(report.groups)} duplicate groups ({report.rows_in_groups} rows) written to sheet [bold]Duplicates[/] of {target}; "
        f"{report.ids_filled} new candidate ids filled."
        + (f" {report.kept_apart} pairs kept apart as you decided (Merge? = No)." if report.kept_apart else "")
    )
    rows = [
        [n, ", ".join(map(str, g.rows)), g.survivor, f"{g.score:.0%}", g.certainty, "; ".join(g.reasons.values())]
        for n, g in enumerate(report.groups, 1)
    ]
    if rows:
        print_table("Duplicate groups", ["Group", "Rows", "Keep", "Score", "Certainty", "Why"], rows[:50])
        console.print("Review [bold]Merge?[/] and [bold]Keep[/] in the Duplicates sheet, then run [bold]talentsheet merge[/].")


@app.command()
def merge(
    file: FileArg,
    auto: Annotated[
        bool, typer.Option("--auto", help="Merge, without review, only groups sharing a LinkedIn profile or an email.")
    ] = False,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
    json: JsonOpt = False,
) -> None:
    """Merge the groups marked in the Duplicates sheet; merged rows move to the [bold]Merged[/] sheet."""
    report = merge_workbook(file, sheet=sheet, auto=auto, **write_options(output, allow_loss, no_backup, force))
    if json:
        print_json(report.to_dict())
        return
    console.print(f"{len(report.merges)} groups merged, {report.rows_archived} rows archived to sheet [bold]Merged[/].")
    for warning in report.warnings:
        err_console.print(f"[yellow]Warning:[/] {warning}")
    rows = [[m.merge_id, f"{m.survivor_id} (row {m.survivor_row})", ", ".join(map(str, m.merged_rows))] for m in report.merges]
    if rows:
        print_table("Merges", ["Merge ID", "Survivor", "Rows merged into it"], rows[:50])
        console.print("Undo one with [bold]talentsheet unmerge FILE MERGE_ID[/] (or --all).")


@app.command()
def unmerge(
    file: FileArg,
    merge_id: Annotated[str | None, typer.Argument(help="The merge to undo, e.g. M0001 (see the Merged sheet).")] = None,
    all_merges: Annotated[bool, typer.Option("--all", help="Undo every merge, newest first.")] = False,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
    json: JsonOpt = False,
) -> None:
    """Undo a merge: the archived rows return to their places and the survivor gets its old values back."""
    undone = unmerge_workbook(
        file, merge_id, all_merges=all_merges, sheet=sheet, **write_options(output, allow_loss, no_backup, force)
    )
    if json:
        print_json({"unmerged": undone})
    else:
        console.print(f"Undone: {', '.join(undone)}.")


def _row_range(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    first, _, last = text.partition("-")
    if not first.strip().isdigit() or (last and not last.strip().isdigit()):
        raise InputError(f"--rows {text!r} is not a row range", "write it like --rows 1200-1250 (Excel row numbers)")
    return int(first), int(last or first)


@app.command("check-new")
def check_new(
    file: FileArg,
    rows: Annotated[
        str | None, typer.Option("--rows", help="Excel rows to check, e.g. 1200-1250 (default: rows without a Candidate ID).")
    ] = None,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    threshold: ThresholdOpt = None,
    settings: SettingsOpt = None,
    json: JsonOpt = False,
) -> None:
    """Is this person already here? Compare new rows with the existing candidates only."""
    checked, found = check_new_rows(file, rows=_row_range(rows), sheet=sheet, settings=_settings(settings, threshold))
    if json:
        print_json({"checked_rows": checked, "duplicates": [m.to_dict() for m in found]})
        return
    console.print(f"Checked {len(checked)} new rows; {len(found)} of them already in the sheet.")
    if found:
        print_table(
            "New rows that duplicate existing candidates",
            ["New row", "Same person as row", "ID", "Score", "Why"],
            [[m.row, m.matches_row, m.matches_id or "", f"{m.score:.0%}", m.why] for m in found],
        )


def demo_step(workbook: Path, say: Callable[[str], None]) -> dict[str, Any]:
    """Run dedupe, then merge what was found, on the demo workbook."""
    found = dedupe_workbook(workbook)
    say(
        f"Dedupe: {len(found.groups)} duplicate groups ({found.rows_in_groups} rows) in sheet [bold]Duplicates[/], "
        f"e.g. rows {found.groups[0].rows}: {next(iter(found.groups[0].reasons.values()))}"
        if found.groups
        else "Dedupe: no duplicates."
    )
    merged = merge_workbook(workbook)
    say(
        f"Merge: {len(merged.merges)} groups merged, {merged.rows_archived} rows archived in sheet [bold]Merged[/] (undo: talentsheet unmerge FILE --all)"
    )
    return {"groups": len(found.groups), "merged": len(merged.merges), "rows_archived": merged.rows_archived}
