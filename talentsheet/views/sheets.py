"""The view sheets inside the workbook: the ``Views`` sheet of saved views the recruiter
edits in Excel, the sheets talentsheet writes for each view (counts, bar chart, people with
links), and ``refresh_views``, the file-level run behind ``talentsheet views``.

The views themselves are pure pandas in :mod:`talentsheet.views`; this module only reads and
writes sheets, and never writes the candidate sheet or a sheet talentsheet did not write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..errors import InputError
from ..schema import fold
from .filters import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_FOLLOW_UP_DAYS,
    YES,
    SavedView,
    View,
    ViewFilter,
    build_views,
    follow_up_rows,
    follow_ups_due,
    is_blank,
    is_empty,
    prepare,
)

__all__ = [
    "SheetContext",
    "ViewsReport",
    "add_example_views",
    "list_follow_ups",
    "read_saved_views",
    "refresh_views",
    "write_view_sheet",
]

# --- the Views sheet: saved views the recruiter edits in Excel -----------------------------


# Views-sheet column (template field) -> ViewFilter field
VIEW_FIELDS = {
    "title_family": "title_family",
    "seniority_min": "seniority_min",
    "seniority_max": "seniority_max",
    "location": "location",
    "include_remote": "include_remote",
    "status": "status",
    "owner": "owner",
    "contacted_within": "contacted_within_days",
    "follow_up_within": "follow_up_within_days",
    "notes_contain": "notes_contain",
}
NO = {"no", "n", "false", "0", "none", "hybrid", "on site", "onsite"}  # the template's dropdown offers Hybrid


def views_sheet_columns() -> dict[str, str]:
    """Folded header text (or field name) -> template field, from ``[views]`` in the template."""
    from ..template import sheet_columns

    out: dict[str, str] = {}
    for col in sheet_columns("views"):
        out[fold(col.header)] = col.field
        out[fold(col.field)] = col.field
    return out


def _days(value: Any, label: str) -> int | None:
    if is_empty(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    match = re.fullmatch(r"\s*(\d+)\s*(days?|d)?\s*", str(value), re.IGNORECASE)
    if not match:
        raise InputError(f"{label} must be a number of days, not {value!r}", "e.g. 30")
    return int(match.group(1))


def _flag(value: Any, label: str) -> bool:
    if is_empty(value) or value is True:
        return True
    if value is False:
        return False
    text = fold(str(value))
    if text in NO:
        return False
    if text in YES or "remote" in text or "relocat" in text:
        return True
    raise InputError(f"{label} must be Yes or No, not {value!r}", "leave it empty for Yes")


def _text(value: Any) -> str | None:
    return None if is_empty(value) else " ".join(str(value).split())


def filter_from_row(values: dict[str, Any], headers: dict[str, str]) -> ViewFilter:
    """Build a :class:`ViewFilter` from one Views-sheet row (template field -> cell value)."""
    kwargs: dict[str, Any] = {}
    for column, name in VIEW_FIELDS.items():
        value = values.get(column)
        label = headers.get(column, column)
        if name.endswith("_days"):
            kwargs[name] = _days(value, label)
        elif name == "include_remote":
            kwargs[name] = kwargs["include_relocation"] = _flag(value, label)
        else:
            kwargs[name] = _text(value)
    return ViewFilter(**kwargs)


def read_saved_views(ws: Any) -> list[SavedView]:
    """Saved views from the Views sheet (an openpyxl worksheet); bad rows carry a problem."""
    known = views_sheet_columns()
    rows = list(ws.iter_rows(max_row=min(ws.max_row, 1000), values_only=True))
    for h, header in enumerate(rows[:10]):
        mapped = {i: known[fold(str(v))] for i, v in enumerate(header) if isinstance(v, str) and fold(v) in known}
        if "name" in mapped.values():
            return _saved_rows(rows[h + 1 :], h + 2, mapped, {f: str(header[i]) for i, f in mapped.items()})
    return []


def _saved_rows(rows: list[tuple], first: int, mapped: dict[int, str], headers: dict[str, str]) -> list[SavedView]:
    out: list[SavedView] = []
    seen: set[str] = set()
    for r, row in enumerate(rows, start=first):
        values = {f: row[i] for i, f in mapped.items() if i < len(row)}
        name = _text(values.get("name"))
        if name is None:
            continue
        try:
            if fold(name) in seen:
                raise InputError(f"another view above is already called {name!r}", "give each view its own name")
            seen.add(fold(name))
            out.append(SavedView(name, r, filter_from_row(values, headers)))
        except InputError as exc:
            out.append(SavedView(name, r, None, f"{exc.message} ({exc.hint})" if exc.hint else exc.message))
    return out


# --- writing view sheets ------------------------------------------------------------------

VIEW_PREFIX = "View - "
MARKER = "by talentsheet"
BUILTIN_SHEETS = ("Future by location", "Future by title", "Follow-ups due")
HEADER_ROW = 4
COUNTS_COLUMN = 1  # counts table in A:B, people table from D
PEOPLE_COLUMN = 4
CHART_BARS = 12
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
LINKEDIN_URL = re.compile(r"^(https?://)?([a-z]{2,3}\.|www\.|m\.)?linkedin\.com/\S+$", re.IGNORECASE)


def view_sheet_name(view_name: str, taken: Iterable[str] = ()) -> str:
    """A legal, unused sheet name for a saved view: "View - Senior DE Austin"."""
    base = (VIEW_PREFIX + SHEET_NAME_BAD.sub(" ", view_name).strip().strip("'"))[:31].rstrip()
    taken_folded = {t.lower() for t in taken}
    name, n = base, 1
    while name.lower() in taken_folded:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 3]} ({n})"
    return name


def is_view_sheet(ws: Any) -> bool:
    """Only sheets talentsheet wrote (its name and its refreshed-by line) are ever replaced."""
    if not (ws.title in BUILTIN_SHEETS or ws.title.startswith(VIEW_PREFIX)):
        return False
    stamp = ws._cells.get((2, 1))  # looking must not create the cell in someone else's sheet
    return stamp is not None and isinstance(stamp.value, str) and MARKER in stamp.value


def linkedin_target(value: Any) -> str | None:
    """A safe https link for a LinkedIn cell, or None (only linkedin.com URLs become links)."""
    if not isinstance(value, str) or not LINKEDIN_URL.match(value.strip()):
        return None
    url = value.strip()
    return url if url.lower().startswith(("http://", "https://")) else "https://" + url


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True)
class SheetContext:
    candidates_sheet: str
    refreshed: datetime


def write_view_sheet(wb: Any, sheet_name: str, view: View, ctx: SheetContext) -> Any:
    """(Re)write one view sheet: title, refreshed line, counts + bar chart, people table."""
    from ..workbook.writer import replace_sheet

    ws = replace_sheet(wb, sheet_name)
    _title_rows(ws, view, ctx)
    if view.problem:
        _problem_rows(ws, view.problem)
        return ws
    _counts_table(ws, view)
    last = _people_table(ws, view, ctx)
    _finish(ws, view, last)
    _bar_chart(ws, view)
    return ws


def _title_rows(ws: Any, view: View, ctx: SheetContext) -> None:
    from openpyxl.styles import Font

    from ..workbook.writer import set_value

    set_value(ws["A1"], view.name)
    ws["A1"].font = Font(bold=True, size=14)
    people = view.people["Name"].index.nunique() if not view.problem else 0
    stamp = f"Refreshed {ctx.refreshed:%Y-%m-%d %H:%M} {MARKER} · {view.description} · {people} people"
    set_value(ws["A2"], stamp)
    ws["A2"].font = Font(italic=True, color="595959")


def _problem_rows(ws: Any, problem: str) -> None:
    from openpyxl.styles import Alignment, Font

    from ..workbook.writer import set_value

    set_value(ws["A4"], f"This view could not be built: {problem}")
    ws["A4"].font = Font(bold=True, color="C00000")
    ws["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[4].height = 15 * (1 + len(problem) // 60)
    set_value(ws["A5"], "Fix the row in the Views sheet, then run 'talentsheet views' again.")
    ws.column_dimensions["A"].width = 100


def _counts_table(ws: Any, view: View) -> None:
    from ..workbook.writer import write_rows

    write_rows(ws, [view.count_label, "People"], [list(c) for c in view.counts], start_row=HEADER_ROW)


def _people_table(ws: Any, view: View, ctx: SheetContext) -> int:
    """Write the people with links; returns the last row written."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    from ..workbook.writer import set_value

    header = [*view.people.columns, "Candidate row"]
    _header_cells(ws, header)
    li_col = PEOPLE_COLUMN + header.index("LinkedIn")
    row_col = PEOPLE_COLUMN + len(header) - 1
    r = HEADER_ROW
    for excel_row, values in zip(view.people.index, view.people.itertuples(index=False), strict=True):
        r += 1
        for c, v in enumerate(values, start=PEOPLE_COLUMN):
            if not is_blank(v):
                set_value(ws.cell(r, c), v)
                if isinstance(v, date):
                    ws.cell(r, c).number_format = "yyyy-mm-dd"
        target = linkedin_target(values[li_col - PEOPLE_COLUMN])
        if target:
            ws.cell(r, li_col).hyperlink = target
            ws.cell(r, li_col).style = "Hyperlink"
        link = ws.cell(r, row_col)
        set_value(link, f"Row {excel_row}")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{_quote_sheet(ctx.candidates_sheet)}!A{excel_row}")
        link.style = "Hyperlink"
    return r


def _header_cells(ws: Any, header: list[str]) -> None:
    from openpyxl.styles import Alignment

    from ..workbook.writer import HEADER_FILL, HEADER_FONT, set_value

    for c, h in enumerate(header, start=PEOPLE_COLUMN):
        cell = ws.cell(HEADER_ROW, c)
        set_value(cell, h)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center")


PEOPLE_WIDTHS = {"Name": 22, "Why": 30, "Notes": 30, "LinkedIn": 40, "Candidate row": 13, "Due": 12}


def _finish(ws: Any, view: View, last: int) -> None:
    """Frozen header, autofilter on the people table, widths that fit."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    first = get_column_letter(PEOPLE_COLUMN)
    end = get_column_letter(PEOPLE_COLUMN + len(view.people.columns))
    ws.auto_filter.ref = f"{first}{HEADER_ROW}:{end}{max(last, HEADER_ROW + 1)}"
    ws.column_dimensions["A"].width = 34  # A:C hold the counts and the chart under them
    ws.column_dimensions["B"].width = 9
    ws.column_dimensions["C"].width = 3
    for c, h in enumerate([*view.people.columns, "Candidate row"], start=PEOPLE_COLUMN):
        sample = [len(str(v)) for v in view.people[h].head(200) if not is_blank(v)] if h in view.people else []
        width = PEOPLE_WIDTHS.get(h, min(max([len(h) + 2, *(n + 2 for n in sample)]), 30))
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.sheet_view.zoomScale = 90
    ws.page_setup.orientation = "landscape"


def _bar_chart(ws: Any, view: View) -> None:
    """A native Excel bar chart of the top counts, under the counts table."""
    from openpyxl.chart import BarChart, Reference

    if not view.counts:
        return
    n = min(len(view.counts), CHART_BARS)
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = f"People by {view.count_label.lower()}"
    chart.legend = None
    chart.add_data(Reference(ws, min_col=2, min_row=HEADER_ROW, max_row=HEADER_ROW + n), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=HEADER_ROW + 1, max_row=HEADER_ROW + n))
    chart.x_axis.scaling.orientation = "maxMin"  # biggest bar on top
    chart.x_axis.tickLblSkip = 1  # every label, even when bars are close
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.height = max(6.0, 0.7 * n + 2.5)
    chart.width = 8.6  # fits columns A:C
    ws.add_chart(chart, f"A{HEADER_ROW + len(view.counts) + 2}")


# --- refreshing a workbook ----------------------------------------------------------------


@dataclass
class ViewsReport:
    """What a refresh wrote: one entry per view sheet."""

    path: str
    sheets: list[dict[str, Any]]
    removed: list[str]
    refreshed: datetime
    follow_ups: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sheets": self.sheets, "removed": self.removed, "refreshed": self.refreshed}


def list_follow_ups(
    path: str | Any,
    *,
    days: int = DEFAULT_FOLLOW_UP_DAYS,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
    today: date | None = None,
    sheet: str | None = None,
) -> View:
    """The Follow-ups due view of a workbook, read only (nothing is written)."""
    from ..workbook.reader import read_candidates

    table = read_candidates(path, sheet)
    return follow_ups_due(table.df, prepare(table.df), days=days, cadence_days=cadence_days, today=today)


def views_sheet_name() -> str:
    """The saved-views sheet's name, from the template (``[views] sheet``)."""
    from ..template import template_spec

    return template_spec()["views"]["sheet"]


def _candidates_sheet(wb: Any, table_sheet: str) -> str:
    return table_sheet if table_sheet in wb.sheetnames else "Candidates"


def refresh_views(
    path: str | Any,
    *,
    days: int = DEFAULT_FOLLOW_UP_DAYS,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
    today: date | None = None,
    only_follow_ups: bool = False,
    sheet: str | None = None,
    output: str | Any | None = None,
    allow_loss: bool = False,
    backup: bool = True,
) -> ViewsReport:
    """Read the candidates, then (re)write talentsheet's view sheets in the workbook.

    Only view sheets talentsheet wrote are replaced or removed; the candidate sheet and the
    recruiter's other sheets are read, never written. ``only_follow_ups`` refreshes just
    the Follow-ups due sheet (``talentsheet followups``)."""
    from ..workbook.reader import read_candidates
    from ..workbook.writer import edit_workbook

    if days < 0 or cadence_days < 0:
        raise InputError("days and cadence must not be negative", "e.g. --days 30 --cadence 90")
    table = read_candidates(path, sheet)
    features = prepare(table.df)
    refreshed = datetime.now().replace(microsecond=0)
    with edit_workbook(path, output=output, allow_loss=allow_loss, backup=backup) as wb:
        ctx = SheetContext(_candidates_sheet(wb, table.sheet), refreshed)
        if only_follow_ups:
            views = [follow_ups_due(table.df, features, days=days, cadence_days=cadence_days, today=today)]
            names = [v.name for v in views]
            removed: list[str] = []
        else:
            name = views_sheet_name()
            saved = read_saved_views(wb[name]) if name in wb.sheetnames else []
            views = build_views(table.df, saved=saved, days=days, cadence_days=cadence_days, today=today, features=features)
            names = _sheet_names(wb, views)
            removed = _remove_stale(wb, set(names))
        _check_builtin_names(wb, names[: len(BUILTIN_SHEETS)])
        sheets = []
        for view, sheet_name in zip(views, names, strict=True):
            write_view_sheet(wb, sheet_name, view, ctx)
            sheets.append(_summary(view, sheet_name))
    follow_ups = follow_up_rows(next(v for v in views if v.name == "Follow-ups due"))
    return ViewsReport(str(output or path), sheets, removed, refreshed, follow_ups)


def _check_builtin_names(wb: Any, names: Iterable[str]) -> None:
    """A recruiter's own sheet that happens to be called "Future by title" is never replaced."""
    for name in names:
        if name in wb.sheetnames and not is_view_sheet(wb[name]):
            raise InputError(
                f"the workbook already has a sheet called {name!r} that talentsheet did not write",
                "rename that sheet (talentsheet keeps its views there) and run the command again",
            )


def _sheet_names(wb: Any, views: list[View]) -> list[str]:
    """Built-ins keep their names; saved views get "View - <name>" (never a recruiter's sheet)."""
    names = list(BUILTIN_SHEETS)
    taken = {n for n in wb.sheetnames if not is_view_sheet(wb[n])} | set(names)
    for view in views[len(BUILTIN_SHEETS) :]:
        name = view_sheet_name(view.name, taken)
        taken.add(name)
        names.append(name)
    return names


def _remove_stale(wb: Any, keep: set[str]) -> list[str]:
    """Drop view sheets of saved views that no longer exist in the Views sheet."""
    stale = [n for n in wb.sheetnames if n not in keep and is_view_sheet(wb[n])]
    for n in stale:
        del wb[n]
    return stale


def _summary(view: View, sheet_name: str) -> dict[str, Any]:
    people = int(view.people.index.nunique()) if not view.problem else 0
    return {"view": view.name, "sheet": sheet_name, "people": people, "rows": len(view.people), "problem": view.problem}


EXAMPLE_VIEWS = [
    {
        "name": "Senior data eng, Austin",
        "title_family": "Data Engineer",
        "seniority_min": "Senior",
        "location": "Austin, TX",
    },
    {"name": "Not now, Dana", "status": "Not now", "owner": "Dana"},
]


def add_example_views(path: str | Any, *, backup: bool = False) -> None:
    """Give a workbook a Views sheet with two example rows, if it has none (used by the demo)."""
    from ..template import sheet_columns
    from ..workbook.writer import edit_workbook, finish_table_sheet, write_rows

    columns = sheet_columns("views")
    with edit_workbook(path, backup=backup) as wb:
        if views_sheet_name() in wb.sheetnames:
            return
        ws = wb.create_sheet(views_sheet_name())
        rows = [[example.get(c.field) for c in columns] for example in EXAMPLE_VIEWS]
        write_rows(ws, [c.header for c in columns], rows)
        finish_table_sheet(ws)
