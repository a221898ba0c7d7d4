"""Commands for the match capability (registered on the shared app when imported)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from ..errors import InputError
from ..match import MatchSettings
from ..matches import match_workbook
from ..openings import Opening, add_opening, read_opening
from .app import AllowLossOpt, FileArg, ForceOpt, JsonOpt, MapOpt, NoBackupOpt, OutputOpt, SheetOpt, app, write_options
from .output import console, print_json, print_table

DEMO_OPENING = Opening(
    title="Senior Data Engineer", location="Austin, TX", work_mode="Hybrid", seniority="Senior", keywords=("Spark", "dbt")
)


def _opening_from_options(file: Path, row: int | None, title: str | None, **details: Any) -> Opening:
    if row is not None and title:
        raise InputError("give either --opening or --title, not both", "--opening N reads row N of the Openings sheet")
    if row is not None:
        return read_opening(file, row)
    if not title:
        raise InputError("no opening given", 'pass --title "Senior Data Engineer" (and --location ...), or --opening N')
    return Opening(title=title, **details)


def _print_ranking(result: pd.DataFrame, opening: Opening) -> None:
    rows = [
        [
            r.rank,
            f"{r.score:.1f}",
            r.name,
            r.future_title or r.current_title or "",
            r.future_location or r.location or "",
            "; ".join(r.reasons),
        ]
        for r in result.itertuples()
    ]
    print_table(f"Matches for {opening.label}", ["#", "Score", "Name", "Title", "Location", "Why"], rows)


@app.command("match")
def match_command(
    file: FileArg,
    title: Annotated[str | None, typer.Option("--title", help="The opening's job title, e.g. 'Senior Data Engineer'.")] = None,
    location: Annotated[str, typer.Option("--location", help="Where the job is, e.g. 'Austin, TX'.")] = "",
    remote: Annotated[bool, typer.Option("--remote", help="The opening is fully remote.")] = False,
    hybrid: Annotated[bool, typer.Option("--hybrid", help="The opening is hybrid (some days on site).")] = False,
    seniority: Annotated[
        str, typer.Option("--seniority", help="Wanted level when the title does not say (Senior, Staff...).")
    ] = "",
    keywords: Annotated[str, typer.Option("--keywords", help="Must-have keywords looked for in notes, comma-separated.")] = "",
    opening: Annotated[
        int | None, typer.Option("--opening", help="Use the opening on this Excel row of the Openings sheet.")
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many people to list.")] = 25,
    settings: Annotated[Path | None, typer.Option("--settings", help="JSON file of MatchSettings (weights, thresholds).")] = None,
    no_sheet: Annotated[bool, typer.Option("--no-sheet", help="Only print; do not write the Matches sheet.")] = False,
    shortlist: Annotated[
        Path | None, typer.Option("--shortlist", help="Also write the ranking as a CSV to import (.csv).")
    ] = None,
    shortlist_format: Annotated[
        str,
        typer.Option("--shortlist-format", help="'linkedin' (LinkedIn Recruiter project import) or 'greenhouse' (bulk import)."),
    ] = "linkedin",
    sheet: SheetOpt = None,
    map_: MapOpt = None,
    json: JsonOpt = False,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
) -> None:
    """Rank past candidates for an opening, with reasons, into a 'Matches – <opening>' sheet."""
    if remote and hybrid:
        raise InputError("an opening is either --remote or --hybrid", "pass only one of them")
    mode = "remote" if remote else "hybrid" if hybrid else ""
    chosen = _opening_from_options(
        file, opening, title, location=location, work_mode=mode, seniority=seniority, keywords=keywords
    )
    loaded = MatchSettings.from_json(settings) if settings else None
    write = None if no_sheet else write_options(output, allow_loss, no_backup, force)
    result, sheet_title = match_workbook(file, chosen, top=top, settings=loaded, sheet=sheet, write=write)
    listed = None
    if shortlist:
        from ..shortlist import write_shortlist

        listed = write_shortlist(result, shortlist, fmt=shortlist_format, opening_label=chosen.label)
    if json:
        extra = {"shortlist": listed.to_dict()} if listed else {}
        print_json({"opening": chosen.to_dict(), "sheet": sheet_title, "matches": result.to_dict("records"), **extra})
        return
    if listed:
        left = (
            f"; left out {len(listed.left_out)} ({', '.join(x['why'] for x in listed.left_out[:3])})" if listed.left_out else ""
        )
        console.print(f"Wrote {listed.written} people to {listed.path} ({listed.format} import){left}.")
    _print_ranking(result, chosen)
    if sheet_title:
        console.print(
            f"Wrote sheet [bold]{sheet_title}[/] in {output or file} ({len(result)} people, Outcome column for your notes)."
        )


@app.command("add-opening")
def add_opening_command(
    file: FileArg,
    title: Annotated[str, typer.Option("--title", help="The opening's job title, e.g. 'Senior Data Engineer'.")],
    location: Annotated[str, typer.Option("--location", help="Where the job is, e.g. 'Austin, TX'.")] = "",
    remote: Annotated[bool, typer.Option("--remote", help="The opening is fully remote.")] = False,
    hybrid: Annotated[bool, typer.Option("--hybrid", help="The opening is hybrid (some days on site).")] = False,
    seniority: Annotated[str, typer.Option("--seniority", help="Wanted level (Senior, Staff...).")] = "",
    keywords: Annotated[str, typer.Option("--keywords", help="Must-have keywords, comma-separated.")] = "",
    owner: Annotated[str, typer.Option("--owner", help="Who owns the opening.")] = "",
    json: JsonOpt = False,
    output: OutputOpt = None,
    allow_loss: AllowLossOpt = False,
    no_backup: NoBackupOpt = False,
    force: ForceOpt = False,
) -> None:
    """Add an opening as a new row of the [bold]Openings[/] sheet (inside its table; the sheet is made when missing)."""
    if remote and hybrid:
        raise InputError("an opening is either --remote or --hybrid", "pass only one of them")
    mode = "remote" if remote else "hybrid" if hybrid else ""
    opening = Opening(title=title, location=location, work_mode=mode, seniority=seniority, keywords=keywords, owner=owner)
    options = write_options(output, allow_loss, no_backup, force)
    row = add_opening(file, opening, output=options["output"], backup=options["backup"])
    if json:
        print_json({"opening": opening.to_dict(), "row": row, "written_to": str(output or file)})
        return
    console.print(
        f"Added {opening.label} on row {row} of the Openings sheet in {output or file}; rank for it with: talentsheet match FILE --opening {row}"
    )


def demo_step(workbook: Path, say: Callable[[str], None]) -> dict:
    """Add a Senior Data Engineer opening in Austin to the Openings sheet and rank for it."""
    row = add_opening(workbook, DEMO_OPENING)
    opening = read_opening(workbook, row)
    result, title = match_workbook(workbook, opening, top=25, settings=None, sheet=None, write={})
    best = result.iloc[0] if len(result) else None
    top_line = f"; #1 {best['name']} ({best['score']:.0f}): {', '.join(best['reasons'][:2])}" if best is not None else ""
    say(f"Matched an opening ({opening.label}, Openings row {row}): {len(result)} people in sheet [bold]{title}[/]{top_line}")
    return {
        "opening_row": row,
        "sheet": title,
        "matches": len(result),
        "top": result.head(3)[["name", "score"]].to_dict("records"),
    }
