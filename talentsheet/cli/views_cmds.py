"""``talentsheet views`` and ``talentsheet followups``: thin wrappers over talentsheet.views."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ..views.filters import DEFAULT_CADENCE_DAYS, DEFAULT_FOLLOW_UP_DAYS, follow_up_rows
from ..views.sheets import list_follow_ups, refresh_views
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
from .output import console, print_json, print_table

DaysOpt = Annotated[int, typer.Option("--days", min=0, help="Follow-ups due within this many days (overdue ones always count).")]
CadenceOpt = Annotated[
    int,
    typer.Option("--cadence", min=0, help="Call back 'Not now' people with no follow-up date after this many days."),
]


@app.command()
def views(
    file: FileArg,
    days: DaysOpt = DEFAULT_FOLLOW_UP_DAYS,
    cadence: CadenceOpt = DEFAULT_CADENCE_DAYS,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
    json: JsonOpt = False,
    today: TodayOpt = None,
) -> None:
    """Write or refresh the view sheets: Future by location, Future by title, and one sheet per
    saved view in the Views sheet (each with a bar chart). The Follow-ups due sheet is
    ``talentsheet followups``'s."""
    report = refresh_views(
        file,
        days=days,
        cadence_days=cadence,
        today=parse_today(today),
        sheet=sheet,
        **write_options(output, allow_loss, no_backup, force),
    )
    if json:
        print_json(report.to_dict())
        return
    print_table(
        f"View sheets written to {Path(report.path).name}",
        ["Sheet", "People", "Note"],
        [[s["sheet"], s["people"], s["problem"] or ""] for s in report.sheets],
    )
    if report.removed:
        console.print(f"Removed view sheets whose row left the Views sheet: {', '.join(report.removed)}")
    bad = sum(1 for s in report.sheets if s["problem"])
    if bad:
        console.print(f"[yellow]{bad} saved view(s) could not be built[/]; the reason is written in their sheet.")


@app.command()
def followups(
    file: FileArg,
    days: DaysOpt = DEFAULT_FOLLOW_UP_DAYS,
    cadence: CadenceOpt = DEFAULT_CADENCE_DAYS,
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    no_sheet: Annotated[bool, typer.Option("--no-sheet", help="Only print the list; do not write the sheet.")] = False,
    ics: Annotated[Path | None, typer.Option("--ics", help="Also write every call-back as a calendar event (.ics).")] = None,
    drafts: Annotated[Path | None, typer.Option("--drafts", help="Also write a check-in message per person due (.txt).")] = None,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
    json: JsonOpt = False,
    today: TodayOpt = None,
) -> None:
    """List who to call back (follow-up due within --days or overdue, or 'Not now' and not
    contacted for --cadence days) and write the Follow-ups due sheet."""
    when = parse_today(today)
    if no_sheet:
        rows, written = follow_up_rows(list_follow_ups(file, days=days, cadence_days=cadence, today=when, sheet=sheet)), None
    else:
        report = refresh_views(
            file,
            days=days,
            cadence_days=cadence,
            today=when,
            only_follow_ups=True,
            sheet=sheet,
            **write_options(output, allow_loss, no_backup, force),
        )
        rows, written = report.follow_ups, report.path
    extras = _calendar_and_drafts(file, ics, drafts, days, cadence, when, sheet, force)
    if json:
        print_json({"days": days, "cadence_days": cadence, "written_to": written, "due": rows, **extras})
        return
    _print_follow_ups(rows, days, written)
    for line in extras.get("said", []):
        console.print(line)


def _calendar_and_drafts(
    file: Path, ics: Path | None, drafts: Path | None, days: int, cadence: int, when: Any, sheet: str | None, force: bool
) -> dict:
    from ..calendar_ics import write_workbook_calendar
    from ..drafts import write_workbook_drafts

    out: dict[str, Any] = {"said": []}
    if ics:
        out["ics"] = {"path": str(ics), "events": write_workbook_calendar(file, ics, today=when, sheet=sheet, force=force)}
        out["said"].append(f"Wrote {out['ics']['events']} call-back event(s) to {ics}")
    if drafts:
        n, where = write_workbook_drafts(file, drafts, days=days, cadence_days=cadence, today=when, sheet=sheet, force=force)
        out["drafts"] = {"path": str(drafts), "messages": n, "template": where}
        out["said"].append(f"Wrote {n} check-in draft(s) to {drafts} (template: {where})")
    return out


PRINTED_ROWS = 50  # a terminal table of thousands of rows helps nobody (and takes longer than the work)


def _print_follow_ups(rows: list[dict[str, Any]], days: int, written: str | None) -> None:
    print_table(
        f"Follow-ups due within {days} days ({len(rows)})",
        ["Due", "Why", "As typed", "Name", "Status", "Owner", "Title wanted", "Row"],
        [
            [r["due"], r["why"], r.get("as_typed"), r["name"], r["status"], r["owner"], r["title_wanted"], r["row"]]
            for r in rows[:PRINTED_ROWS]
        ],
    )
    if len(rows) > PRINTED_ROWS:
        where = "the Follow-ups due sheet" if written else "--json"
        console.print(f"... and {len(rows) - PRINTED_ROWS:,} more: all of them are in {where}.")
    if written:
        console.print(f"Wrote the [bold]Follow-ups due[/] sheet in {written}")


def demo_step(workbook: Path, say: Callable[[str], None]) -> dict:
    """Add two saved views to the demo workbook, then build every view sheet."""
    from ..sample import TODAY
    from ..views.sheets import add_example_views

    add_example_views(workbook)
    report = refresh_views(workbook, today=TODAY)
    due = len(refresh_views(workbook, today=TODAY, only_follow_ups=True).follow_ups)
    saved = "; ".join(f"{s['sheet']!r}: {s['people']} people" for s in report.sheets if s["sheet"].startswith("View - "))
    say(
        f"Views: wrote [bold]Future by location[/] and [bold]Future by title[/], each with a bar chart, plus the saved views "
        f"of the Views sheet ({saved}); followups wrote [bold]Follow-ups due[/] ({due} people to call within 30 days)"
    )
    return {"sheets": report.sheets, "follow_ups_due": due}
