"""Read the recruiter's workbook as it is: find the candidate sheet and its header row,
map columns by meaning, and return a DataFrame that still knows where every cell lives.

Reading uses python-calamine (fast, read-only); nothing here opens the file for writing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from operator import length_hint
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from ..errors import HeaderError, WorkbookError
from .package import check_readable
from .sheetxml import col_letter as get_column_letter  # openpyxl's, without importing openpyxl

HEADER_SCAN_ROWS = 30
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
CANDIDATE_SHEET_NAMES = {
    "candidates",
    "candidate",
    "talent",
    "network",
    "contacts",
    "people",
    "pipeline",
    "prospects",
    "talent pool",
}
# sheets talentsheet writes itself; never mistaken for the candidate sheet
OWN_SHEETS = {
    "issues",
    "fix log",
    "duplicates",
    "merged",
    "views",
    "openings",
    "how to use",
    "follow ups due",
    "future by location",
    "future by title",
}
OWN_SHEET_PREFIXES = ("view - ", "matches – ", "matches - ")
ROW = "row"
Rows = list[list[Any]]


@dataclass(frozen=True)
class ColumnInfo:
    """One column of the candidate sheet: its header as written and what we made of it."""

    header: str
    field: str | None
    letter: str
    index: int  # 1-based column number
    how: str  # exact / synonym / fuzzy / unknown / duplicate

    @property
    def name(self) -> str:
        """The DataFrame column name: the canonical field, or the header kept as-is."""
        return self.field or self.header


@dataclass
class CandidateTable:
    """Candidates as a DataFrame (index = Excel row number) plus the way back to the sheet."""

    path: Path
    sheet: str
    header_row: int
    columns: list[ColumnInfo]
    df: pd.DataFrame
    derived: list[str] = field(default_factory=list)  # fields computed, not read (split names)

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.columns)

    def column(self, name: str) -> ColumnInfo:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def letter(self, name: str) -> str:
        return self.column(name).letter

    def cell(self, name: str, row: int) -> str:
        """The A1 reference of one value, e.g. ``cell("email", 12) == "E12"``."""
        return f"{self.letter(name)}{row}"

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1


def read_candidates(path: str | Path, sheet: str | None = None) -> CandidateTable:
    """Read the candidate sheet of ``path`` into a :class:`CandidateTable`."""
    path = Path(path)
    kind = check_readable(path)
    if kind == "csv":
        name, rows = path.stem, read_csv_rows(path)
    else:
        name, rows = _read_excel(path, sheet)
    return table_from_rows(rows, name, path)


def table_from_rows(rows: list[list[Any]], sheet: str, source: str | Path = "workbook") -> CandidateTable:
    """Build a :class:`CandidateTable` from a sheet's values (read from a file, or through
    xlwings), with the same header detection and column mapping everywhere."""
    source = Path(source)
    header_row = find_header_row(rows)
    if header_row is None:
        raise HeaderError(
            f"{source.name}, sheet {sheet!r}: no header row with a name column was found in the first {HEADER_SCAN_ROWS} rows",
            "add a header row with at least a name column (e.g. 'First name' and 'Last name', or 'Name')",
        )
    columns = map_columns(rows[header_row - 1], source.name, sheet)
    df = _frame(rows, header_row, columns, source.name, sheet)
    table = CandidateTable(source, sheet, header_row, columns, df)
    _derive_names(table)
    _add_missing_fields(table)
    return table


# --- loading raw rows ------------------------------------------------------------------


def _read_excel(path: Path, wanted: str | None) -> tuple[str, Rows]:
    """Open with calamine and parse only the sheets needed to find the candidates: a
    100k-row sheet costs about a second to parse, so the other sheets are left alone."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise WorkbookError(f"{path.name} is password-protected", "remove the password in Excel and try again") from None
    except Exception as exc:  # calamine raises several types for broken XML
        raise WorkbookError(
            f"{path.name} could not be read: {exc}", "open and re-save it in Excel, or restore a backup"
        ) from None
    names = wb.sheet_names
    if not names:
        raise WorkbookError(f"{path.name} has no sheets", "add a Candidates sheet or run 'talentsheet init'")
    if wanted is not None and wanted not in names:
        raise HeaderError(f"{path.name} has no sheet named {wanted!r}", f"sheets are: {', '.join(names)}")

    def rows_of(name: str) -> Rows:
        try:
            return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise WorkbookError(f"{path.name}, sheet {name!r} could not be read: {exc}", "open and re-save it in Excel") from None

    if wanted is not None:
        return wanted, rows_of(wanted)
    return choose_candidate_sheet(names, rows_of, path.name)


def read_csv_rows(path: Path) -> Rows:
    """A CSV file's rows as text, in UTF-8 (with or without BOM) or Windows-1252."""
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def is_own_sheet(name: str) -> bool:
    """A sheet talentsheet writes itself (Issues, views, Matches – ...): never candidates."""
    folded = name.strip().casefold()
    return schema.fold(name) in OWN_SHEETS or folded.startswith(OWN_SHEET_PREFIXES)


def choose_candidate_sheet(names: Iterable[str], rows_of: Callable[[str], Rows], file: str) -> tuple[str, Rows]:
    """Prefer a sheet named like 'Candidates'; else the first (not talentsheet's own) whose
    header looks like one. Sheets are loaded lazily through ``rows_of``, in that order."""
    names = list(names)
    named = [n for n in names if schema.fold(n) in CANDIDATE_SHEET_NAMES]
    others = [n for n in names if n not in named and not is_own_sheet(n)]
    loaded: dict[str, Rows] = {}
    for name in named + others:
        loaded[name] = rows_of(name)
        if find_header_row(loaded[name]):
            return name, loaded[name]
    if all(not any(_present(v) for r in rows for v in r) for rows in loaded.values()):
        raise WorkbookError(f"{file} is empty: no sheet has any data", "add candidates, or start from 'talentsheet init'")
    raise HeaderError(
        f"{file}: no sheet has a header row with a name column (looked at: {', '.join(loaded)})",
        "name the sheet 'Candidates' and give it headers such as 'First name', 'Last name', 'LinkedIn', or pass --sheet",
    )


def _present(v: Any) -> bool:
    return v is not None and v != ""


# --- header detection and column mapping ---------------------------------------------


def _header_score(row: list[Any]) -> tuple[int, bool]:
    fields = {schema.match_header(v).field for v in row if isinstance(v, str) and v.strip()}
    fields.discard(None)
    has_name = bool(fields & set(schema.NAME_FIELDS))
    return len(fields), has_name


def find_header_row(rows: list[list[Any]]) -> int | None:
    """Return the 1-based row of the header: the row in the first 30 that names the most
    known fields, one of them a name, and at least two in all."""
    best, best_row = 1, None
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        score, has_name = _header_score(row)
        if has_name and score >= 2 and score > best:
            best, best_row = score, i
    return best_row


def map_columns(header: list[Any], file: str, sheet: str) -> list[ColumnInfo]:
    """Map header cells to fields. The first column for a field wins; a second one for the
    same field is kept as-is. Two identical header texts are an error."""
    columns: list[ColumnInfo] = []
    taken: set[str] = set()
    seen_text: dict[str, str] = {}
    last = max((i for i, v in enumerate(header) if _present(v)), default=-1)
    for i, raw in enumerate(header[: last + 1]):
        letter = get_column_letter(i + 1)
        text = _header_text(raw)
        if not text:
            continue  # an unnamed column carries no data we can name; left untouched
        key = schema.fold(text) or text
        if key in seen_text:
            raise HeaderError(
                f"{file}, sheet {sheet!r}: the header {text!r} appears twice (columns {seen_text[key]} and {letter})",
                "rename one of them so every column has its own header",
            )
        seen_text[key] = letter
        match = schema.match_header(text)
        if match.field and match.field not in taken:
            taken.add(match.field)
            columns.append(ColumnInfo(text, match.field, letter, i + 1, match.how))
        else:
            how = "duplicate" if match.field else "unknown"
            columns.append(ColumnInfo(text, None, letter, i + 1, how))
    _guard_name_clash(columns, file, sheet)
    return columns


def _guard_name_clash(columns: list[ColumnInfo], file: str, sheet: str) -> None:
    """An unknown header must not shadow a canonical field name in the frame."""
    names = [c.name for c in columns]
    for c in columns:
        if c.field is None and (c.header in schema.CANONICAL_FIELDS or names.count(c.header) > 1):
            raise HeaderError(
                f"{file}, sheet {sheet!r}: column {c.letter} header {c.header!r} clashes with another column", "rename it"
            )


def _header_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(str(raw).split())


# --- building the frame --------------------------------------------------------------


def _clean(v: Any) -> Any:
    if v is None or v == "":
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if isinstance(v, datetime) and v.time() == time(0):
        return v.date()
    return v


def _grid(body: Rows, width: int) -> np.ndarray:
    """The data rows as one object array of ``width`` columns, empty cells as None.

    Whole-array numpy operations instead of per-cell Python: this runs over every cell of
    sheets up to Excel's 1M rows, and calamine already gives rectangular rows."""
    if not body or width == 0:
        return np.empty((len(body), width), dtype=object)
    lengths = set(map(len, body))
    if len(lengths) == 1 and min(lengths) >= width:
        grid = np.array(body, dtype=object)[:, :width]
    else:  # ragged rows (CSV, xlwings): pad with None, cut what lies beyond the header
        grid = np.full((len(body), width), None, dtype=object)
        for i, row in enumerate(body):
            grid[i, : min(len(row), width)] = row[:width]
    grid[grid == ""] = None
    return grid


def _clean_column(values: np.ndarray) -> np.ndarray:
    """Whole-number floats become ints and midnight datetimes dates."""
    cleaned = np.empty(len(values), dtype=object)
    cleaned[:] = [_clean(v) for v in values]
    return cleaned


def _check_cell_sizes(
    grid: np.ndarray, cells: list[Any], columns: list[ColumnInfo], first_row: int, file: str, sheet: str
) -> None:
    """Excel's 32,767-character cell limit: one C-level pass over all cells (``length_hint``
    is a text's length and 0 for numbers, dates and blanks); the culprit is looked for only
    when there is one."""
    longest = max(map(length_hint, cells), default=0)
    if longest <= MAX_CELL_CHARS:
        return
    for c in columns:
        for k, v in enumerate(grid[:, c.index - 1].tolist()):
            if type(v) is str and len(v) == longest:
                raise WorkbookError(
                    f"{file}, sheet {sheet!r}, cell {c.letter}{first_row + k} holds {longest:,} characters, more than Excel's limit of {MAX_CELL_CHARS:,}",
                    "shorten that cell (move long text to a separate document) and try again",
                )


def _columns_to_clean(grid: np.ndarray, cells: list[Any]) -> np.ndarray:
    """Which columns hold floats or datetimes (numbers and times to tidy); most sheets have
    none, which one pass over the cells' types tells without a per-column look."""
    kinds = set(map(type, cells))
    if float not in kinds and datetime not in kinds:
        return np.zeros(grid.shape[1], dtype=bool)
    types = np.frompyfunc(type, 1, 1)(grid)
    return (np.equal(types, float) | np.equal(types, datetime)).any(axis=0)


def _frame(rows: Rows, header_row: int, columns: list[ColumnInfo], file: str, sheet: str) -> pd.DataFrame:
    body = rows[header_row:]
    grid = _grid(body, max((c.index for c in columns), default=0))
    cells = grid.ravel().tolist()
    _check_cell_sizes(grid, cells, columns, header_row + 1, file, sheet)
    to_clean = _columns_to_clean(grid, cells)
    data = {c.name: grid[:, c.index - 1] for c in columns}
    for c in columns:
        if to_clean[c.index - 1]:
            data[c.name] = _clean_column(data[c.name])
    index = pd.RangeIndex(header_row + 1, header_row + 1 + len(body), name=ROW)
    df = pd.DataFrame(data, index=index, dtype=object)
    if data and len(body):  # fully blank rows are not candidates; the index keeps true row numbers
        blank = np.equal(grid[:, [c.index - 1 for c in columns]], None).all(axis=1)
        if blank.any():
            df = df[~blank]
    return df


def _derive_names(table: CandidateTable) -> None:
    """When there is only a full-name column, split it into first and last name."""
    df = table.df
    if not table.has(schema.FULL_NAME) or (table.has(schema.FIRST_NAME) and table.has(schema.LAST_NAME)):
        return
    parts = df[schema.FULL_NAME].map(split_full_name)
    if not table.has(schema.FIRST_NAME):
        df[schema.FIRST_NAME] = parts.map(lambda p: p[0])
        table.derived.append(schema.FIRST_NAME)
    if not table.has(schema.LAST_NAME):
        df[schema.LAST_NAME] = parts.map(lambda p: p[1])
        table.derived.append(schema.LAST_NAME)


NAME_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "da",
    "di",
    "du",
    "la",
    "le",
    "bin",
    "al",
    "st",
    "ter",
    "ten",
    "dos",
    "das",
}


def split_full_name(value: Any) -> tuple[str | None, str | None]:
    """Split 'Ada Lovelace', 'LOVELACE, Ada' or 'Jan van der Berg' into (first, last)."""
    if not isinstance(value, str) or not value.strip():
        return None, None
    text = " ".join(value.split())
    if "," in text:
        last, _, first = text.partition(",")
        return (first.strip() or None), (last.strip() or None)
    tokens = text.split(" ")
    if len(tokens) == 1:
        return tokens[0], None
    cut = len(tokens) - 1
    while cut > 1 and tokens[cut - 1].lower().strip(".") in NAME_PARTICLES:
        cut -= 1
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])


def _add_missing_fields(table: CandidateTable) -> None:
    """Every canonical field exists in the frame (empty when the sheet lacks it)."""
    for f in schema.CANONICAL_FIELDS:
        if f not in table.df.columns:
            table.df[f] = pd.Series([None] * len(table.df), index=table.df.index, dtype=object)


def as_date(v: Any) -> date | None:
    """Small helper for callers that only need real dates from date cells."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return None
