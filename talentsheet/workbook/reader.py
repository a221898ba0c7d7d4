"""Read the recruiter's workbook as it is: find the candidate sheet and its header row,
map columns by meaning, and return a DataFrame that still knows where every cell lives.

Reading uses python-calamine (fast, read-only); nothing here opens the file for writing.
"""

from __future__ import annotations

import contextlib
import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from operator import length_hint
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from ..errors import HeaderError, InputError, WorkbookError
from ..names import split_full_name
from .package import check_readable, decode_text
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
    "import log",
    "import review",
}
OWN_SHEET_PREFIXES = ("view - ", "matches – ", "matches - ", "_talentsheet")
ROW = "row"
Rows = list[list[Any]]


@dataclass(frozen=True)
class ColumnInfo:
    """One column of the candidate sheet: its header as written and what we made of it."""

    header: str
    field: str | None
    letter: str
    index: int  # 1-based column number
    how: str  # exact / synonym / fuzzy / content / told / remembered / unknown / duplicate

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
    total_rows: list[int] = field(default_factory=list)  # TOTAL / subtotal / Table total rows: not candidates
    remembered: ColumnMapping | None = None  # the mapping stored in the workbook, if any

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


def read_candidates(path: str | Path, sheet: str | None = None, *, mapping: ColumnMapping | None = None) -> CandidateTable:
    """Read the candidate sheet of ``path`` into a :class:`CandidateTable`.

    ``mapping`` says what some columns are ("URL" is the LinkedIn column); without it, the
    mapping the command line was told (``--map``) applies. A mapping remembered in the
    workbook (sheet ``_talentsheet_columns``) applies to the headers neither names."""
    path = Path(path)
    kind = check_readable(path)
    told = mapping if mapping is not None else told_mapping()
    remembered = None
    if kind == "csv":
        name, rows = path.stem, read_csv_rows(path)
        totals: set[int] = set()
    else:
        name, rows, remembered = _read_excel(path, sheet, told)
        totals = package_table_total_rows(path, name)

        def formula_rows() -> set[int]:
            return package_formula_total_rows(path, name)

    return table_from_rows(
        rows,
        name,
        path,
        mapping=told,
        remembered=remembered,
        total_rows=totals,
        formula_rows=None if kind == "csv" else formula_rows,
    )


def table_from_rows(
    rows: list[list[Any]],
    sheet: str,
    source: str | Path = "workbook",
    *,
    mapping: ColumnMapping | None = None,
    remembered: ColumnMapping | None = None,
    total_rows: Iterable[int] = (),
    formula_rows: Callable[[], set[int]] | None = None,
) -> CandidateTable:
    """Build a :class:`CandidateTable` from a sheet's values (read from a file, or through
    xlwings), with the same header detection and column mapping everywhere.

    ``mapping`` is what the user told (wins), ``remembered`` what the workbook stored;
    ``total_rows`` are Excel rows known to be totals (a Table's total row) on top of the
    ones recognised from their values; ``formula_rows()`` gives the rows holding aggregate
    formulas, asked only when some row has neither a name nor a way to reach anyone."""
    source = Path(source)
    header_row = find_header_row(rows, remembered.updated(mapping) if remembered else mapping)
    if header_row is None:
        raise HeaderError(
            f"{source.name}, sheet {sheet!r}: no header row with a name column was found in the first {HEADER_SCAN_ROWS} rows",
            "add a header row with at least a name column (e.g. 'First name' and 'Last name', or 'Name')",
        )
    body = rows[header_row:]
    columns = map_columns(rows[header_row - 1], source.name, sheet, told=mapping, remembered=remembered, body=body)
    df = _frame(rows, header_row, columns, source.name, sheet)
    totals = set(total_rows) | set(_total_rows_in_values(df, columns))
    nameless = _nameless_rows(df, columns)
    if formula_rows is not None and nameless - totals:
        totals |= formula_rows() & nameless
    totals = sorted(totals)
    if totals:
        df = df.drop(index=[r for r in totals if r in df.index])
    table = CandidateTable(source, sheet, header_row, columns, df, total_rows=totals, remembered=remembered)
    _derive_names(table)
    _add_missing_fields(table)
    return table


# --- loading raw rows ------------------------------------------------------------------


def _read_excel(path: Path, wanted: str | None, told: ColumnMapping | None) -> tuple[str, Rows, ColumnMapping | None]:
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

    stored = rows_of(MAPPING_SHEET) if MAPPING_SHEET in names else []

    def mapping_of(name: str) -> ColumnMapping | None:
        remembered = mapping_from_rows(stored, name)
        return remembered.updated(told) if remembered else told

    if wanted is not None:
        name, rows = wanted, rows_of(wanted)
    else:
        name, rows = choose_candidate_sheet(names, rows_of, path.name, mapping_of=mapping_of)
    return name, rows, mapping_from_rows(stored, name)


def read_csv_rows(path: Path) -> Rows:
    """A CSV file's rows as text, decoded whole (UTF-8 with or without BOM, UTF-16/32 with a
    BOM, Windows-1252; see :func:`~talentsheet.workbook.package.decode_text`)."""
    text = decode_text(path.read_bytes(), path.name)
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [list(r) for r in reader]
    except csv.Error as exc:
        raise WorkbookError(
            f"{path.name}, line {reader.line_num:,} cannot be read as CSV: {exc}",
            "a cell may be longer than Excel allows (32,767 characters) or a quote may be left open; fix that line and try again",
        ) from None


def is_own_sheet(name: str) -> bool:
    """A sheet talentsheet writes itself (Issues, views, Matches – ...): never candidates."""
    folded = name.strip().casefold()
    return schema.fold(name) in OWN_SHEETS or folded.startswith(OWN_SHEET_PREFIXES)


def choose_candidate_sheet(
    names: Iterable[str],
    rows_of: Callable[[str], Rows],
    file: str,
    *,
    mapping_of: Callable[[str], ColumnMapping | None] = lambda name: None,
) -> tuple[str, Rows]:
    """Prefer a sheet named like 'Candidates'; else the first (not talentsheet's own) whose
    header looks like one. Sheets are loaded lazily through ``rows_of``, in that order;
    ``mapping_of(sheet)`` is what the user told or the workbook remembers about its columns."""
    names = list(names)
    named = [n for n in names if schema.fold(n) in CANDIDATE_SHEET_NAMES]
    others = [n for n in names if n not in named and not is_own_sheet(n)]
    loaded: dict[str, Rows] = {}
    for name in named + others:
        loaded[name] = rows_of(name)
        if find_header_row(loaded[name], mapping_of(name)):
            return name, loaded[name]
    if all(not any(_present(v) for r in rows for v in r) for rows in loaded.values()):
        raise WorkbookError(f"{file} is empty: no sheet has any data", "add candidates, or start from 'talentsheet init'")
    raise HeaderError(
        f"{file}: no sheet has a header row with a name column (looked at: {', '.join(loaded)})",
        "name the sheet 'Candidates' and give it headers such as 'First name', 'Last name', 'LinkedIn', or pass --sheet",
    )


def _present(v: Any) -> bool:
    return v is not None and v != ""


# --- told and remembered mappings ----------------------------------------------------------

MAPPING_SHEET = "_talentsheet_columns"  # hidden; rows of (sheet, header, field)
MAPPING_HEADER = ["Sheet", "Header", "Field"]
NOT_A_FIELD = "-"  # "--map 'Notes 2=-'": this column is no field, keep it as it is
_MAP_ITEM = re.compile(r",(?=[^,=]+=)")  # a comma that starts the next "Header=" (use ; when headers hold commas)


@dataclass(frozen=True)
class ColumnMapping:
    """What some headers mean, as the user said it: folded header -> field (None: no field)."""

    fields: dict[str, str | None]
    headers: dict[str, str]  # folded -> the header as written, for messages and storage

    @classmethod
    def parse(cls, text: str) -> ColumnMapping:
        """``"URL=linkedin, Headline=headline, Notes 2=-"``; fields by name or any synonym."""
        fields: dict[str, str | None] = {}
        headers: dict[str, str] = {}
        items = text.split(";") if ";" in text else _MAP_ITEM.split(text)
        for item in items:
            if not item.strip():
                continue
            header, eq, name = item.rpartition("=")
            header = " ".join(header.split())
            if not eq or not header:
                raise InputError(
                    f"--map: {item.strip()!r} is not HEADER=FIELD", 'write it as --map "URL=linkedin,Headline=headline"'
                )
            fields[schema.fold(header) or header] = _field_of(name, header)
            headers[schema.fold(header) or header] = header
        return cls(fields, headers)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str | None]]) -> ColumnMapping:
        fields = {schema.fold(h) or h: f for h, f in pairs}
        return cls(fields, {schema.fold(h) or h: h for h, _ in pairs})

    def get(self, header: str) -> tuple[bool, str | None]:
        """(named here?, field) for a header as written."""
        key = schema.fold(header) or header
        return key in self.fields, self.fields.get(key)

    def pairs(self) -> list[tuple[str, str | None]]:
        return [(self.headers[k], f) for k, f in self.fields.items()]

    def text(self) -> str:
        """The ``--map`` text for this mapping (``;`` between items when a header has a comma)."""
        joiner = "; " if any("," in h for h in self.headers.values()) else ","
        return joiner.join(f"{h}={f or NOT_A_FIELD}" for h, f in self.pairs())

    def updated(self, other: ColumnMapping | None) -> ColumnMapping:
        """This mapping with ``other``'s entries on top (what to remember after a run)."""
        if other is None:
            return self
        return ColumnMapping({**self.fields, **other.fields}, {**self.headers, **other.headers})


def _field_of(name: str, header: str) -> str | None:
    name = name.strip()
    if name in ("", NOT_A_FIELD) or name.lower() in ("none", "ignore", "keep"):
        return None
    found = schema.field_named(name)
    if found is None:
        raise InputError(
            f"--map: {header!r} cannot be {name!r}: talentsheet has no such field",
            "fields are: " + ", ".join(schema.CANONICAL_FIELDS) + f" (or {NOT_A_FIELD} for none)",
        )
    return found


def mapping_from_rows(rows: Rows, sheet: str) -> ColumnMapping | None:
    """The mapping remembered for ``sheet`` on the ``_talentsheet_columns`` sheet (the Excel
    layer passes that sheet's values; unknown field names there are ignored, not errors)."""
    pairs: list[tuple[str, str | None]] = []
    for row in rows[1:]:
        cells = [("" if v is None else str(v).strip()) for v in (list(row) + [None] * 3)[:3]]
        if cells[0] != sheet or not cells[1]:
            continue
        field_ = None if cells[2] in ("", NOT_A_FIELD) else schema.field_named(cells[2])
        if field_ is not None or cells[2] in ("", NOT_A_FIELD):
            pairs.append((cells[1], field_))
    return ColumnMapping.of(pairs) if pairs else None


def mapping_rows(sheet: str, mapping: ColumnMapping, existing: Rows = ()) -> Rows:
    """The ``_talentsheet_columns`` sheet's rows after remembering ``mapping`` for ``sheet``:
    what a writer stores (other sheets' lines are kept)."""
    kept = [list(r[:3]) for r in list(existing)[1:] if r and r[0] != sheet]
    return [MAPPING_HEADER, *kept, *([sheet, h, f or NOT_A_FIELD] for h, f in mapping.pairs())]


_TOLD: ContextVar[ColumnMapping | None] = ContextVar("talentsheet_told_mapping", default=None)


def tell_mapping(mapping: ColumnMapping | None) -> None:
    """Set the mapping every read in this context uses (the CLI's ``--map``)."""
    _TOLD.set(mapping)


def told_mapping() -> ColumnMapping | None:
    return _TOLD.get()


@contextlib.contextmanager
def mapping_context(mapping: ColumnMapping | None) -> Iterator[None]:
    """Reads inside the block use ``mapping`` as the told one (None: nothing told)."""
    token = _TOLD.set(mapping)
    try:
        yield
    finally:
        _TOLD.reset(token)


# --- header detection and column mapping ---------------------------------------------


def _header_field(value: Any, mapping: ColumnMapping | None) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    if mapping is not None:
        named, field_ = mapping.get(" ".join(value.split()))
        if named:
            return field_
    return schema.match_header(value).field


def _header_score(row: list[Any], mapping: ColumnMapping | None = None) -> tuple[int, bool]:
    fields = {_header_field(v, mapping) for v in row}
    fields.discard(None)
    has_name = bool(fields & set(schema.NAME_FIELDS))
    return len(fields), has_name


def find_header_row(rows: list[list[Any]], mapping: ColumnMapping | None = None) -> int | None:
    """Return the 1-based row of the header: the row in the first 30 that names the most
    known fields, one of them a name, and at least two in all."""
    best, best_row = 1, None
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        score, has_name = _header_score(row, mapping)
        if has_name and score >= 2 and score > best:
            best, best_row = score, i
    return best_row


@dataclass
class _Column:
    index: int
    letter: str
    text: str
    field: str | None = None
    how: str = ""


def map_columns(
    header: list[Any],
    file: str,
    sheet: str,
    *,
    told: ColumnMapping | None = None,
    remembered: ColumnMapping | None = None,
    body: Sequence[Sequence[Any]] = (),
) -> list[ColumnInfo]:
    """Map header cells to fields, in this order: what the user told (``--map``), what the
    workbook remembers, the header's meaning, then the column's content (a column of
    linkedin.com links is the LinkedIn column whatever its header). One column per field:
    the first wins, a second one is kept as-is. Two identical header texts are an error."""
    cols = _header_cells(header, file, sheet)
    taken: set[str] = set()
    for mapping, how in ((told, "told"), (remembered, "remembered")):
        for c in cols:
            named, field_ = mapping.get(c.text) if mapping and not c.how else (False, None)
            if named and field_ in taken:
                raise HeaderError(
                    f"{file}, sheet {sheet!r}: the {how} mapping gives {field_!r} to two columns", "name each field once in --map"
                )
            if named:
                c.field, c.how = field_, how
                taken |= {field_} - {None}
    values = _column_values(body, cols)
    for c in cols:
        if not c.how:
            _by_header(c, taken, values[c.index])
    for c in cols:
        if c.how == "unknown" and (found := content_field(values[c.index])) and found not in taken:
            c.field, c.how = found, "content"
            taken.add(found)
    columns = [ColumnInfo(c.text, c.field, c.letter, c.index, c.how) for c in cols]
    _guard_name_clash(columns, file, sheet)
    return columns


def _header_cells(header: list[Any], file: str, sheet: str) -> list[_Column]:
    cols: list[_Column] = []
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
        cols.append(_Column(i + 1, letter, text))
    return cols


# headers that name the LinkedIn column only when the cells agree ("URL" of a portfolio is not)
WEAK_LINKEDIN_HEADERS = {"url", "urls", "link", "links", "profile", "website", "web"}


def _by_header(c: _Column, taken: set[str], values: list[Any]) -> None:
    match = schema.match_header(c.text)
    field_ = match.field
    if field_ == "linkedin" and schema.fold(c.text) in WEAK_LINKEDIN_HEADERS and _share(values, _is_linkedin) < 0.5:
        field_ = None  # "URL" full of github.com links: not the LinkedIn column
    if field_ and field_ not in taken:
        c.field, c.how = field_, match.how
        taken.add(field_)
    else:
        c.how = "duplicate" if field_ else "unknown"


# --- content detection -------------------------------------------------------------------------

CONTENT_SAMPLE = 200  # non-empty cells looked at per column
CONTENT_SHARE = 0.8  # share of them that must agree
_EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[a-z]{2,}$", re.I)
_PHONE_RE = re.compile(r"^\+?[\d\s().\-/]{7,}$")
_PHONE_LABEL = re.compile(r"\s*(?:\((?:mobile|cell|work|home|office|main|other|m|w|h)\)|(?:x|ext\.?)\s*\d+)\s*$", re.I)


def _column_values(body: Sequence[Sequence[Any]], cols: list[_Column]) -> dict[int, list[Any]]:
    """Up to CONTENT_SAMPLE non-empty values per column, from the top of the sheet."""
    out: dict[int, list[Any]] = {c.index: [] for c in cols}
    for row in body:
        for c in cols:
            if c.index <= len(row) and _present(row[c.index - 1]) and len(out[c.index]) < CONTENT_SAMPLE:
                out[c.index].append(row[c.index - 1])
        if all(len(v) >= CONTENT_SAMPLE for v in out.values()):
            break
    return out


def _pieces(value: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[,;\n]+", value) if p.strip()] if isinstance(value, str) else []


def _is_linkedin(value: Any) -> bool:
    return isinstance(value, str) and "linkedin.com/" in value.lower()


def _is_email(value: Any) -> bool:
    parts = _pieces(value)
    return bool(parts) and all(_EMAIL_RE.match(p) for p in parts)


def _is_phone(value: Any) -> bool:
    """Text that reads as one or more phone numbers (numbers typed as numbers are left out:
    a column of integers is more often an id than a phone)."""
    parts = _pieces(value)
    return bool(parts) and all(
        _PHONE_RE.match(stripped := _PHONE_LABEL.sub("", p)) and 7 <= sum(ch.isdigit() for ch in stripped) <= 15 for p in parts
    )


def _share(values: list[Any], test: Callable[[Any], bool]) -> float:
    return sum(map(test, values)) / len(values) if values else 1.0


CONTENT_TESTS: dict[str, Callable[[Any], bool]] = {"linkedin": _is_linkedin, "email": _is_email, "phone": _is_phone}


def content_field(values: list[Any]) -> str | None:
    """The field a column's cells say it is (linkedin, email or phone), or None."""
    if not values:
        return None
    for name, test in CONTENT_TESTS.items():
        if _share(values, test) >= CONTENT_SHARE:
            return name
    return None


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


# --- rows that are not candidates: totals and subtotals --------------------------------------------

TOTAL_LABELS = {"total", "totals", "subtotal", "sub total", "grand total", "sum", "count", "average", "totals row"}
TOTAL_PREFIXES = ("total ", "subtotal ", "grand total ")
_AGGREGATE = re.compile(r"\b(?:SUBTOTAL|AGGREGATE|COUNTA?|COUNTIFS?|COUNTBLANK|SUMIFS?|SUM|AVERAGE|MIN|MAX)\s*\(", re.I)
_VERTICAL_RANGE = re.compile(r"\$?[A-Z]{1,3}\$?(\d+)\s*:\s*\$?[A-Z]{1,3}\$?(\d+)|\b\$?[A-Z]{1,3}\s*:\s*\$?[A-Z]{1,3}\b")


def is_aggregate_formula(text: str) -> bool:
    """``=COUNTA(B2:B40)``, ``SUBTOTAL(103,[First name])``: a formula over many rows, the
    mark of a total row (``=SUM(C5:E5)`` across one row is not)."""
    if not _AGGREGATE.search(text):
        return False
    if "[" in text and "#this row" not in text.lower() and "[@" not in text:
        return True
    return any(m.group(1) is None or m.group(1) != m.group(2) for m in _VERTICAL_RANGE.finditer(text))


def _is_total_label(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    key = schema.fold(value)
    return key in TOTAL_LABELS or key.startswith(TOTAL_PREFIXES)


def _total_rows_in_values(df: pd.DataFrame, columns: list[ColumnInfo]) -> list[int]:
    """Rows labelled TOTAL / Subtotal / Grand total (in the first column or a name column)
    that have no way to reach a person: a summary line, not a candidate. Looked up on the
    distinct values of those few columns, so a million-row sheet costs milliseconds."""
    if df.empty or not columns:
        return []
    label_columns = {columns[0].name} | {c.name for c in columns if c.field in schema.NAME_FIELDS}
    labelled = np.zeros(len(df), dtype=bool)
    for name in label_columns:
        col = df[name]
        labels = [v for v in pd.unique(col.to_numpy()) if _is_total_label(v)]
        if labels:
            labelled |= col.isin(labels).to_numpy()
    if not labelled.any():
        return []
    reach = [c.name for c in columns if c.field in ("email", "phone", "linkedin")]
    candidates = df[labelled]
    reachable = candidates[reach].notna().any(axis=1) if reach else pd.Series(False, index=candidates.index)
    return [int(r) for r in candidates.index[~reachable.to_numpy()]]


def _nameless_rows(df: pd.DataFrame, columns: list[ColumnInfo]) -> set[int]:
    """Rows with no email, phone or LinkedIn and no text in a name column: where a total row
    without a label (``=COUNTA(B2:B40)`` under a column) can hide. Names are looked at only
    on the few rows nobody can be reached on."""
    if df.empty:
        return set()
    reach = [c.name for c in columns if c.field in ("email", "phone", "linkedin")]
    unreachable = df[~df[reach].notna().any(axis=1)] if reach else df
    names = [c.name for c in columns if c.field in schema.NAME_FIELDS]
    return {
        int(row)
        for row, values in zip(unreachable.index, unreachable[names].itertuples(index=False, name=None), strict=True)
        if not any(isinstance(v, str) for v in values)
    }


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FORMULA_CELL = re.compile(rb'<c r="[A-Z]{1,3}(\d+)"[^>]*>\s*<f(?:\s[^>]*)?>([^<]*)</f>')
_CELL_REF = re.compile(r"^\$?[A-Z]{1,3}\$?(\d+)(?::\$?[A-Z]{1,3}\$?(\d+))?$")


def _package(path: Path, read: Callable[[zipfile.ZipFile, str, Any], Any], default: Any) -> Any:
    """Run ``read(zip, sheet part, ElementTree)``; a package calamine read but we cannot
    follow only costs us this refinement."""
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(path) as zf:
            return read(zf, ElementTree)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return default


def package_table_total_rows(path: Path, sheet: str) -> set[int]:
    """The total rows of the Excel Tables (ListObjects) on ``sheet``: cheap, tables are small parts."""

    def read(zf: zipfile.ZipFile, et: Any) -> set[int]:
        part = _sheet_part(zf, sheet, et)
        return _table_total_rows(zf, part, et) if part else set()

    return _package(path, read, set())


def package_formula_total_rows(path: Path, sheet: str) -> set[int]:
    """Rows of ``sheet`` holding an aggregate formula (calamine gives a formula's value, not
    the formula, so these come from the sheet's XML: costly on big sheets, asked rarely)."""

    def read(zf: zipfile.ZipFile, et: Any) -> set[int]:
        part = _sheet_part(zf, sheet, et)
        data = zf.read(part) if part else b""
        if b"<f" not in data:
            return set()
        return {int(r) for r, f in _FORMULA_CELL.findall(data) if is_aggregate_formula(f.decode("utf-8", "replace"))}

    return _package(path, read, set())


def _rels(zf: zipfile.ZipFile, part: str, et: Any) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.namelist():
        return {}
    root = et.fromstring(zf.read(rels_name))
    out = {}
    for rel in root.iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        out[rel.get("Id", "")] = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        )
    return out


def _sheet_part(zf: zipfile.ZipFile, sheet: str, et: Any) -> str | None:
    root = et.fromstring(zf.read("xl/workbook.xml"))
    rels = _rels(zf, "xl/workbook.xml", et)
    for s in root.iter(f"{_NS_MAIN}sheet"):
        if s.get("name") == sheet:
            return rels.get(s.get(f"{_NS_REL}id", ""))
    return None


def _table_total_rows(zf: zipfile.ZipFile, sheet_part: str, et: Any) -> set[int]:
    rows: set[int] = set()
    for target in _rels(zf, sheet_part, et).values():
        if "/tables/" not in target or target not in zf.namelist():
            continue
        table = et.fromstring(zf.read(target))
        count = int(table.get("totalsRowCount", "0") or 0)
        m = _CELL_REF.match(table.get("ref", "").split(":")[-1]) if count else None
        if m:
            last = int(m.group(1))
            rows |= set(range(last - count + 1, last + 1))
    return rows


# --- building the frame --------------------------------------------------------------


def clean_value(v: Any) -> Any:
    """A cell as talentsheet reads it: empty as None, whole floats as int, midnight as a date."""
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
    cleaned[:] = [clean_value(v) for v in values]
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
