"""Openings: what a recruiter is hiring for, read from the ``Openings`` sheet or given on the
command line, and written back into that sheet (the demo and the Excel layer add openings).

An opening is a small value object; matching (``match.py``) never reads files itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import HeaderError, InputError
from .schema import fold
from .template import sheet_columns, template_spec
from .titles import LEVELS, parse_title
from .workbook.changes import HEADER, Area, OwnSheet, SheetEdit, Styled, WorkbookEdit
from .workbook.package import check_readable

__all__ = [
    "Opening",
    "add_opening",
    "parse_keywords",
    "plan_opening",
    "read_opening",
    "read_openings",
]

WORK_MODES = ("on-site", "hybrid", "remote")
SHEET_TITLE_LIMIT = 31  # Excel's limit for a sheet name
FORBIDDEN_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")
MATCHES_PREFIX = "Matches – "


@dataclass(frozen=True)
class Opening:
    """One req: the title is required, everything else narrows or sharpens the ranking."""

    title: str
    location: str = ""
    work_mode: str = ""  # "on-site", "hybrid", "remote" or "" (unknown)
    seniority: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)
    notes: str = ""
    owner: str = ""
    opened_on: date | None = None
    row: int | None = None  # Excel row on the Openings sheet, when read from there
    req_id: str = ""  # the ATS requisition number ("Req #")
    hiring_manager: str = ""

    def __post_init__(self) -> None:
        if not str(self.title or "").strip():
            raise InputError("an opening needs a title", "give --title, or fill the Title cell of the opening's row")
        object.__setattr__(self, "work_mode", parse_work_mode(self.work_mode))
        object.__setattr__(self, "keywords", tuple(parse_keywords(self.keywords)))
        object.__setattr__(self, "seniority", parse_seniority(self.seniority))

    @property
    def remote(self) -> bool:
        return self.work_mode == "remote"

    @property
    def label(self) -> str:
        """How people say it: 'Senior Data Engineer, Austin, TX (hybrid)'."""
        text = ", ".join(p for p in (self.title.strip(), self.location.strip()) if p)
        return f"{text} ({self.work_mode})" if self.work_mode else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "location": self.location,
            "work_mode": self.work_mode,
            "seniority": self.seniority,
            "keywords": list(self.keywords),
            "notes": self.notes,
            "owner": self.owner,
            "opened_on": self.opened_on,
            "row": self.row,
            "req_id": self.req_id,
            "hiring_manager": self.hiring_manager,
        }


def parse_seniority(value: Any) -> str:
    """'Sr', 'Sr.', 'Snr', 'senior', 'L5', 'III' -> 'Senior'; '' stays ''; a word that is no
    level is an error (it would silently rank on the title's level instead)."""
    text = " ".join(str(value or "").split())
    if not text:
        return ""
    level = parse_title(text).seniority or LEVELS.get(fold(text).replace(" ", ""))
    if level is None:
        raise InputError(f"unknown seniority {value!r}", "e.g. Senior, Sr, Staff, Principal, Lead, Manager, Director")
    return level


def parse_work_mode(value: Any) -> str:
    """'Remote', 'hybrid (3 days)', 'Onsite', 'in office', and a "Remote?" column's Yes/No ->
    one of WORK_MODES, or ''."""
    if value is True or value is False:
        return "remote" if value else "on-site"
    text = fold(value or "")
    if not text:
        return ""
    if text in ("yes", "y", "true", "fully remote"):
        return "remote"
    if text in ("no", "n", "false"):
        return "on-site"
    if "hybrid" in text:
        return "hybrid"
    if "remote" in text or text in ("wfh", "anywhere"):
        return "remote"
    if text.replace(" ", "") in ("onsite", "onsiteonly", "inoffice", "office") or "site" in text or "office" in text:
        return "on-site"
    raise InputError(f"unknown work mode {value!r}", "use On-site, Hybrid or Remote")


def parse_keywords(value: Any) -> list[str]:
    """'Spark, dbt; Airflow' or a list -> ['Spark', 'dbt', 'Airflow'] (order kept, no repeats)."""
    if value is None:
        return []
    parts = value if isinstance(value, (list, tuple)) else re.split(r"[,;|\n]+", str(value))
    seen: dict[str, str] = {}
    for p in parts:
        word = " ".join(str(p).split())
        if word and word.lower() not in seen:
            seen[word.lower()] = word
    return list(seen.values())


# --- reading the Openings sheet ------------------------------------------------------------


def openings_sheet_name() -> str:
    return template_spec()["openings"]["sheet"]


def _header_fields() -> dict[str, str]:
    """Folded header text (or field name) -> opening field, from the template."""
    lookup = {}
    for col in sheet_columns("openings"):
        lookup[fold(col.header)] = col.field
        lookup[fold(col.field)] = col.field
    lookup.update(OPENING_HEADER_SYNONYMS)
    return lookup


# headers recruiters and ATS exports use for an opening's fields (folded)
OPENING_HEADER_SYNONYMS = {
    "role": "title",
    "job title": "title",
    "position": "title",
    "job": "title",
    "opening": "title",
    "keywords": "keywords",
    "must haves": "keywords",
    "must have": "keywords",
    "must have skills": "keywords",
    "requirements": "keywords",
    "skills": "keywords",
    "remote": "work_mode",
    "work mode": "work_mode",
    "remote hybrid onsite": "work_mode",
    "location type": "work_mode",
    "workplace type": "work_mode",
    "req": "req_id",
    "req id": "req_id",
    "req no": "req_id",
    "req number": "req_id",
    "requisition": "req_id",
    "requisition id": "req_id",
    "job id": "req_id",
    "hiring manager": "hiring_manager",
    "hm": "hiring_manager",
    "city": "location",
    "office": "location",
    "level": "seniority",
    "recruiter": "owner",
    "opened": "opened_on",
    "date opened": "opened_on",
}


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str]]:
    lookup = _header_fields()
    for r, row in enumerate(rows[:20], start=1):
        mapping = {j: lookup[fold(v)] for j, v in enumerate(row) if isinstance(v, str) and fold(v) in lookup}
        if "title" in mapping.values():
            return r, mapping
    raise HeaderError("the Openings sheet has no header row with a 'Title' column", "run 'talentsheet init' to see the layout")


def read_openings(path: str | Path) -> list[Opening]:
    """Every opening on the workbook's Openings sheet (rows without a title are skipped)."""
    import python_calamine as pc

    path = Path(path)
    check_readable(path)
    wb = pc.CalamineWorkbook.from_path(str(path))
    name = openings_sheet_name()
    if name not in wb.sheet_names:
        raise InputError(
            f"{path.name} has no {name!r} sheet",
            "describe the opening with --title/--location, or run 'talentsheet init' for the layout",
        )
    rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    if not rows:
        return []
    header_row, mapping = _find_header(rows)
    openings = []
    for r, row in enumerate(rows[header_row:], start=header_row + 1):
        values = {f: row[j] for j, f in mapping.items() if j < len(row)}
        if str(values.get("title") or "").strip():
            openings.append(_opening_from_cells(values, r))
    return openings


def read_opening(path: str | Path, row: int) -> Opening:
    """The opening on Excel row ``row`` of the Openings sheet."""
    openings = read_openings(path)
    for o in openings:
        if o.row == row:
            return o
    rows = ", ".join(str(o.row) for o in openings) or "none"
    raise InputError(f"row {row} of the Openings sheet holds no opening", f"rows with an opening: {rows}")


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def _opening_from_cells(values: dict[str, Any], row: int) -> Opening:
    opened = values.get("opened_on")
    if isinstance(opened, datetime):
        opened = opened.date()
    try:
        return Opening(
            title=_text(values.get("title")),
            location=_text(values.get("location")),
            work_mode=_text(values.get("work_mode")),
            seniority=_text(values.get("seniority")),
            keywords=tuple(parse_keywords(values.get("keywords"))),
            notes=_text(values.get("notes")),
            owner=_text(values.get("owner")),
            opened_on=opened if isinstance(opened, date) else None,
            row=row,
            req_id=_text(values.get("req_id")),
            hiring_manager=_text(values.get("hiring_manager")),
        )
    except InputError as exc:
        raise InputError(f"Openings sheet, row {row}: {exc.message}", exc.hint) from None


# --- writing -------------------------------------------------------------------------------


def plan_opening(rows: list[list[Any]] | None, opening: Opening) -> tuple[WorkbookEdit, int]:
    """Where ``opening`` goes on the Openings sheet (``rows``: its values, None when there is
    no such sheet: it is created from the template) and the edit that puts it there."""
    name = openings_sheet_name()
    columns = sheet_columns("openings")
    cells = opening.to_dict() | {"keywords": ", ".join(opening.keywords), "work_mode": opening.work_mode.capitalize()}
    if rows is None:
        header = [c.header for c in columns]
        line = [cells.get(c.field) if cells.get(c.field) not in (None, "") else None for c in columns]
        own = OwnSheet(name, "", [header, line], styles=[Styled(Area(1, 1, 1, len(header)), HEADER)])
        own.widths = {i: c.width for i, c in enumerate(columns, start=1)}
        return WorkbookEdit(sheets=[own]), 2
    header_row, mapping = _find_header(rows)
    title_col = next(j for j, f in mapping.items() if f == "title")
    row = header_row + 1
    while row <= len(rows) and title_col < len(rows[row - 1]) and rows[row - 1][title_col] not in (None, ""):
        row += 1
    edit = SheetEdit(name, header_row)
    for j, f in mapping.items():
        value = cells.get(f)
        if value not in (None, ""):
            edit.values[(row, j + 1)] = value
    return WorkbookEdit(edits=[edit]), row


def add_opening(
    path: str | Path, opening: Opening, *, output: str | Path | None = None, backup: bool = True, force: bool = False
) -> int:
    """Append ``opening`` to the workbook's Openings sheet (created from the template when
    missing; an Excel table there grows to take the row in); returns its Excel row."""
    from .workbook.editor import editing
    from .workbook.values import sheet_rows

    with editing(path, output=output, backup=backup, force=force) as session:
        name = openings_sheet_name()
        rows = sheet_rows(session.source, name) if name in session.sheet_names() else None
        edit, row = plan_opening(rows, opening)
        session.apply(edit)
    return row
