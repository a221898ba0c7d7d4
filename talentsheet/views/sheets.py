"""The view sheets inside the workbook: the ``Views`` sheet of saved views the recruiter
edits in Excel, the sheets talentsheet writes for each view (counts, bar chart, people with
links), and ``refresh_views``, the file-level run behind ``talentsheet views``.

The views themselves are pure pandas in :mod:`talentsheet.views`; this module only reads and
writes sheets, and never writes the candidate sheet or a sheet talentsheet did not write.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..errors import InputError
from ..links import linkedin_link
from ..schema import fold
from ..workbook.changes import (
    HEADER,
    Area,
    BarChart,
    Legacy,
    Link,
    OwnSheet,
    Pointer,
    Removal,
    Style,
    Styled,
    WorkbookEdit,
    table_sheet,
)
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
    "ViewsPlan",
    "ViewsReport",
    "add_example_views",
    "list_follow_ups",
    "plan_views",
    "read_saved_views",
    "refresh_views",
    "view_sheet",
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
    """Saved views from the Views sheet (its rows of values, or any object with openpyxl's
    ``iter_rows``); bad rows carry a problem."""
    known = views_sheet_columns()
    if isinstance(ws, list):
        rows = [tuple(r) for r in ws[:1000]]
    else:
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
# one owning command per sheet: ``views`` writes the future-role views, ``followups`` the Follow-ups due sheet
VIEW_SHEETS = BUILTIN_SHEETS[:2]
FOLLOW_UPS_SHEET = BUILTIN_SHEETS[2]
HEADER_ROW = 4
COUNTS_COLUMN = 1  # counts table in A:B, people table from D
PEOPLE_COLUMN = 4
CHART_BARS = 12
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def view_sheet_name(view_name: str, taken: Iterable[str] = ()) -> str:
    """A legal, unused sheet name for a saved view: "View - Senior DE Austin"."""
    base = (VIEW_PREFIX + SHEET_NAME_BAD.sub(" ", view_name).strip().strip("'"))[:31].rstrip()
    taken_folded = {t.lower() for t in taken}
    name, n = base, 1
    while name.lower() in taken_folded:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 3]} ({n})"
    return name


VIEW_KIND = "view"


def view_legacy() -> Legacy:
    """View sheets written before talentsheet marked its sheets say so in A2."""
    return Legacy(row=2, contains=MARKER)


def linkedin_target(value: Any) -> str | None:
    """A safe https link for a LinkedIn cell, or None (only linkedin.com URLs become links)."""
    return linkedin_link(value)


@dataclass(frozen=True)
class SheetContext:
    candidates_sheet: str
    refreshed: datetime


PEOPLE_WIDTHS = {"Name": 22, "Why": 30, "Notes": 30, "LinkedIn": 40, "Candidate row": 13, "Due": 12}
TITLE_STYLE = Style(bold=True, size=14)
STAMP_STYLE = Style(italic=True, font_color="595959")
PROBLEM_STYLE = Style(bold=True, font_color="C00000", wrap=True, vertical="top")


def view_sheet(sheet_name: str, view: View, ctx: SheetContext, *, after: str | None = None) -> OwnSheet:
    """One view sheet as values: title, refreshed line, counts + bar chart, people with links."""
    people = view.people["Name"].index.nunique() if not view.problem else 0
    stamp = f"Refreshed {ctx.refreshed:%Y-%m-%d %H:%M} {MARKER} · {view.description} · {people} people"
    own = OwnSheet(sheet_name, VIEW_KIND, [[view.name], [stamp]], after=after, legacy=view_legacy())
    own.styles += [Styled(Area.cell(1, 1), TITLE_STYLE), Styled(Area.cell(2, 1), STAMP_STYLE)]
    if view.problem:
        own.rows += [
            [None],
            [f"This view could not be built: {view.problem}"],
            ["Fix the row in the Views sheet, then run 'talentsheet views' again."],
        ]
        own.styles.append(Styled(Area.cell(HEADER_ROW, 1), PROBLEM_STYLE))
        own.heights[HEADER_ROW] = 15 * (1 + len(view.problem) // 60)
        own.widths[1] = 100
        return own
    _counts_and_people(own, view, ctx)
    return own


def _counts_and_people(own: OwnSheet, view: View, ctx: SheetContext) -> None:
    header = [*view.people.columns, "Candidate row"]
    counts = [list(c) for c in view.counts]
    body = list(view.people.itertuples(index=False))
    rows_below = max(len(counts), len(body))
    grid = own.rows + [[None]] + [[None] * (PEOPLE_COLUMN + len(header) - 1) for _ in range(rows_below + 1)]
    top = HEADER_ROW - 1  # index of the header row in the grid
    grid[top][0:2] = [view.count_label, "People"]
    grid[top][PEOPLE_COLUMN - 1 :] = header
    for k, (label, n) in enumerate(counts, start=1):
        grid[top + k][0:2] = [label, n]
    li = header.index("LinkedIn")
    row_col = PEOPLE_COLUMN + len(header) - 1
    lead = PEOPLE_COLUMN - 1
    for k, (excel_row, values) in enumerate(zip(view.people.index, body, strict=True), start=1):
        r = HEADER_ROW + k
        line = grid[top + k]
        line[lead : lead + len(values)] = values  # NaN and NaT are written as empty cells
        line[row_col - 1] = f"Row {excel_row}"
        target = linkedin_target(values[li])
        if target:
            own.links.append(Link(r, PEOPLE_COLUMN + li, url=target))
        own.links.append(Link(r, row_col, sheet=ctx.candidates_sheet, cell=f"A{excel_row}"))
    while len(grid) > HEADER_ROW and not any(v is not None for v in grid[-1]):
        grid.pop()
    own.rows = grid
    own.styles += [
        Styled(Area(HEADER_ROW, 1, HEADER_ROW, 2), HEADER),
        Styled(Area(HEADER_ROW, PEOPLE_COLUMN, HEADER_ROW, row_col), HEADER),
    ]
    last = HEADER_ROW + len(body)
    own.freeze = f"A{HEADER_ROW + 1}"
    own.autofilter = Area(HEADER_ROW, PEOPLE_COLUMN, max(last, HEADER_ROW + 1), row_col)
    own.widths.update({1: 34, 2: 9, 3: 3})  # A:C hold the counts and the chart under them
    for c, h in enumerate(header, start=PEOPLE_COLUMN):
        sample = [len(str(v)) for v in view.people[h].head(200) if not is_blank(v)] if h in view.people else []
        own.widths[c] = PEOPLE_WIDTHS.get(h, min(max([len(h) + 2, *(n + 2 for n in sample)]), 30))
    own.zoom = 90
    own.landscape = True
    own.pointers = [Pointer(row_col, "label", HEADER_ROW + 1)]
    own.points_at = ctx.candidates_sheet
    if counts:
        n = min(len(counts), CHART_BARS)
        own.charts.append(
            BarChart(
                f"People by {view.count_label.lower()}",
                categories=Area(HEADER_ROW + 1, 1, HEADER_ROW + n, 1),
                values=Area(HEADER_ROW, 2, HEADER_ROW + n, 2),
                anchor=f"A{HEADER_ROW + len(counts) + 2}",
                width_cm=8.6,
                height_cm=max(6.0, 0.7 * n + 2.5),
            )
        )


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


@dataclass
class ViewsPlan:
    """What a refresh writes, as values (the file and the Excel layer apply the same)."""

    edit: WorkbookEdit
    views: list[View]
    names: list[str]
    removed: list[str]
    refreshed: datetime


def plan_views(
    table: Any,
    sheets: SheetsInfo,
    *,
    days: int = DEFAULT_FOLLOW_UP_DAYS,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
    today: date | None = None,
    only_follow_ups: bool = False,
    refreshed: datetime | None = None,
) -> ViewsPlan:
    """The view sheets for a candidate table; ``sheets`` tells which sheets exist, which are
    talentsheet's view sheets, and the Views sheet's rows."""
    refreshed = refreshed or datetime.now().replace(microsecond=0)
    features = prepare(table.df)
    ctx = SheetContext(table.sheet, refreshed)
    if only_follow_ups:
        views = [follow_ups_due(table.df, features, days=days, cadence_days=cadence_days, today=today)]
        names, removed = [v.name for v in views], []
    else:
        saved = read_saved_views(sheets.views_rows) if sheets.views_rows is not None else []
        views = build_views(  # without Follow-ups due: that sheet is followups', never views'
            table.df, saved=saved, days=days, cadence_days=cadence_days, today=today, features=features, follow_ups=False
        )
        names = _sheet_names(sheets, views)
        removed = [n for n in sheets.view_sheets if n not in set(names) and n != FOLLOW_UPS_SHEET]
    _check_builtin_names(sheets, [n for n in names if n in BUILTIN_SHEETS])
    own = [view_sheet(name, view, ctx) for view, name in zip(views, names, strict=True)]
    gone = [Removal(n, VIEW_KIND, view_legacy()) for n in removed]
    return ViewsPlan(WorkbookEdit(sheets=own, remove=gone), views, names, removed, refreshed)


@dataclass
class SheetsInfo:
    """What a refresh needs to know about the workbook's sheets."""

    names: list[str]
    view_sheets: list[str]  # sheets talentsheet wrote as views
    views_rows: list[list[Any]] | None  # the Views sheet's values, if there is one


def sheets_info(session: Any, rows_of: Callable[[str, int], list[list[Any]]] | None = None) -> SheetsInfo:
    """Read the sheet list, which sheets are talentsheet's views, and the Views sheet.
    ``rows_of(sheet, limit)`` gives a sheet's values where there is no file (Excel)."""
    if rows_of is None:
        from ..workbook.values import sheet_rows

        rows_of = lambda name, limit: sheet_rows(session.source, name, limit=limit)  # noqa: E731
    names = session.sheet_names()
    views_name = views_sheet_name()
    view_sheets = [n for n in names if _is_view_sheet(session, n, rows_of)]
    rows = rows_of(views_name, 1000) if views_name in names else None
    return SheetsInfo(names, view_sheets, rows)


def _is_view_sheet(session: Any, name: str, rows_of: Callable[[str, int], list[list[Any]]]) -> bool:
    """Only sheets talentsheet wrote (its marker, or the refreshed-by line of earlier
    versions) are ever replaced or removed."""
    kind = session.own_kind(name)
    if kind is not None:
        return kind == VIEW_KIND
    if not (name in BUILTIN_SHEETS or name.startswith(VIEW_PREFIX)):
        return False
    rows = rows_of(name, 2)
    stamp = rows[1][0] if len(rows) > 1 and rows[1] else None
    return isinstance(stamp, str) and MARKER in stamp


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
    force: bool = False,
) -> ViewsReport:
    """Read the candidates, then (re)write talentsheet's view sheets in the workbook.

    Only view sheets talentsheet wrote are replaced or removed; the candidate sheet and the
    recruiter's other sheets are read, never written. ``only_follow_ups`` refreshes just
    the Follow-ups due sheet (``talentsheet followups``). ``allow_loss`` is accepted for
    older callers; nothing is ever dropped now."""
    from ..workbook.editor import editing
    from ..workbook.reader import read_candidates

    if days < 0 or cadence_days < 0:
        raise InputError("days and cadence must not be negative", "e.g. --days 30 --cadence 90")
    with editing(path, output=output, backup=backup, force=force) as session:
        table = read_candidates(session.source, sheet)
        plan = plan_views(
            table, sheets_info(session), days=days, cadence_days=cadence_days, today=today, only_follow_ups=only_follow_ups
        )
        session.apply(plan.edit)
    sheets = [_summary(view, name) for view, name in zip(plan.views, plan.names, strict=True)]
    due = [v for v in plan.views if v.name == FOLLOW_UPS_SHEET]
    follow_ups = follow_up_rows(due[0]) if due else []
    return ViewsReport(str(output or path), sheets, plan.removed, plan.refreshed, follow_ups)


def _check_builtin_names(sheets: SheetsInfo, names: Iterable[str]) -> None:
    """A recruiter's own sheet that happens to be called "Future by title" is never replaced."""
    taken = {n.casefold(): n for n in sheets.names}
    for name in names:
        existing = taken.get(name.casefold())
        if existing and existing not in sheets.view_sheets:
            raise InputError(
                f"the workbook already has a sheet called {existing!r} that talentsheet did not write",
                "rename that sheet (talentsheet keeps its views there) and run the command again",
            )


def _sheet_names(sheets: SheetsInfo, views: list[View]) -> list[str]:
    """Built-ins keep their names; saved views get "View - <name>" (never a recruiter's sheet)."""
    names = list(VIEW_SHEETS)
    taken = {n for n in sheets.names if n not in sheets.view_sheets} | set(BUILTIN_SHEETS)
    for view in views[len(VIEW_SHEETS) :]:
        name = view_sheet_name(view.name, taken)
        taken.add(name)
        names.append(name)
    return names


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
    from ..workbook.editor import editing

    columns = sheet_columns("views")
    with editing(path, backup=backup) as session:
        if views_sheet_name() in session.sheet_names():
            return
        rows = [[example.get(c.field) for c in columns] for example in EXAMPLE_VIEWS]
        own = table_sheet(views_sheet_name(), "views", [c.header for c in columns], rows)
        session.apply(WorkbookEdit(sheets=[own]))
