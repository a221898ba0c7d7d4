"""Talentsheet's edits as values: what a command changes in a workbook, said once, applied by
any front end.

Every command that writes is *read → plan → apply*: it reads the workbook, computes a
:class:`WorkbookEdit` (pure values: no openpyxl, no zip, no xlwings), and hands it to an
applier. :func:`talentsheet.workbook.editor.apply_edit` applies it to the file (the package
editor); the Excel layer applies the same value through xlwings on the open workbook. So both
front ends do exactly the same thing, and tests can compare them.

The vocabulary
--------------
Coordinates are 1-based Excel rows and columns. Values are ``str`` (always written as text,
never as a formula), ``int``/``float``/``bool``, ``date``/``datetime`` (a date format is added
when the cell has none), or ``None`` (empty).

:class:`OwnSheet` — a sheet talentsheet makes (Issues, Duplicates, views, Matches, Fix log,
the hidden marks record...): ``rows`` of values from A1, light :class:`Style` on rectangles
(:class:`Styled`), :class:`Link` s (a web address or a cell of the workbook), :class:`Dropdown`
lists, column ``widths``, a frozen pane (``freeze``, the first unfrozen cell), an
``autofilter`` area, :class:`BarChart` s, ``hidden``, and where a new sheet goes (``after``
a sheet; at the end otherwise; a sheet written again keeps its place). ``kind`` is recorded in
the workbook (a hidden sheet-scoped name), so talentsheet knows its sheets later; an existing
sheet of that name that talentsheet did not make is never replaced (the applier refuses,
naming it). ``pointers`` say which columns hold candidate-row numbers or cell addresses, so a
later row move keeps them true.

:class:`SheetEdit` — changes to an existing sheet (the candidate sheet, the Openings sheet,
the Merged archive, a column of the Duplicates sheet): cell ``values`` (with a number format
if wanted), ``links`` on cells, ``new_columns`` (a header written on the header row; an Excel
table and the autofilter grow to take it in), rows to ``append`` (inside the table, above a
totals row; before ``insert_at`` when rows below the list must move down, as Excel inserts
rows), rows to ``delete``, archived rows to ``restore`` (with their formatting), rows
copied to an archive sheet (``archive``: meta values, then the row's cells with formatting,
notes and links), and :class:`Marks` (talentsheet's highlight: a fill and a note on cells
where the recruiter has none; removed later only where still talentsheet's). Row numbers in a
SheetEdit are those of the sheet *before* the edit; ``restore`` positions are final ones.

:class:`WorkbookEdit` — the sheets to write, the edits, and the own sheets to remove
(:class:`Removal`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "HEADER",
    "LINK",
    "ArchiveLine",
    "Area",
    "BarChart",
    "Dropdown",
    "Legacy",
    "Link",
    "Mark",
    "Marks",
    "NewColumn",
    "OwnSheet",
    "Pointer",
    "Removal",
    "Restore",
    "SheetEdit",
    "Style",
    "Styled",
    "WorkbookEdit",
    "quote_sheet",
]


@dataclass(frozen=True)
class Style:
    """Light formatting: what talentsheet ever asks for. Colours are ``RRGGBB``."""

    bold: bool = False
    italic: bool = False
    size: float | None = None
    font_color: str | None = None
    fill: str | None = None
    number_format: str | None = None
    wrap: bool = False
    vertical: str | None = None  # "top", "center"
    link: bool = False  # looks like a hyperlink (blue, underlined)

    def merged(self, other: Style) -> Style:
        """``other`` laid over this style (its non-default settings win)."""
        base = Style()
        return Style(**{k: getattr(other, k) if getattr(other, k) != getattr(base, k) else getattr(self, k) for k in vars(base)})


HEADER = Style(bold=True, font_color="FFFFFF", fill="1F4E78", vertical="center")
LINK = Style(link=True)


@dataclass(frozen=True)
class Area:
    """A rectangle of cells, 1-based and inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @classmethod
    def cell(cls, row: int, col: int) -> Area:
        return cls(row, col, row, col)

    @property
    def ref(self) -> str:
        from .sheetxml import col_letter

        a = f"{col_letter(self.first_col)}{self.first_row}"
        b = f"{col_letter(self.last_col)}{self.last_row}"
        return a if a == b else f"{a}:{b}"


@dataclass(frozen=True)
class Styled:
    area: Area
    style: Style


@dataclass(slots=True)
class Link:
    """A hyperlink on a cell: to a web address (``url``), or to a cell of the workbook."""

    row: int
    col: int
    url: str | None = None
    sheet: str | None = None
    cell: str = "A1"
    tooltip: str | None = None

    @property
    def location(self) -> str:
        """Where an internal link jumps ('Sheet'!A1, or a defined name as written)."""
        return f"{quote_sheet(self.sheet)}!{self.cell}" if self.sheet else self.cell


@dataclass(frozen=True)
class Dropdown:
    """An in-cell list of choices on an area. ``strict`` False: the list only suggests, other
    text may be typed too (no error message)."""

    area: Area
    choices: tuple[str, ...]
    strict: bool = True


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart of ``values`` (its first row is the series name) by
    ``categories``, placed with its top-left corner at ``anchor``."""

    title: str
    categories: Area
    values: Area
    anchor: str
    width_cm: float = 8.6
    height_cm: float = 7.5
    biggest_on_top: bool = True


@dataclass(frozen=True)
class Pointer:
    """A column of an own sheet that points at candidate rows: ``form`` is ``"row"`` (the row
    number), ``"cell"`` (an address like E12) or ``"label"`` (text like "Row 12"); the cell's
    own link follows. Rows from ``first_row`` on."""

    col: int
    form: str
    first_row: int = 2


@dataclass(frozen=True)
class Legacy:
    """How a sheet talentsheet wrote before it marked its sheets is recognised: the values of
    row ``row`` start with ``values``, or cell A``row`` contains ``contains``."""

    row: int = 1
    values: tuple[Any, ...] = ()
    contains: str | None = None


@dataclass
class OwnSheet:
    """A sheet talentsheet writes whole (see the module docstring)."""

    name: str
    kind: str
    rows: list[list[Any]] = field(default_factory=list)
    styles: list[Styled] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    dropdowns: list[Dropdown] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None
    autofilter: Area | None = None
    charts: list[BarChart] = field(default_factory=list)
    hidden: bool = False
    after: str | None = None
    zoom: int | None = None
    landscape: bool = False
    pointers: list[Pointer] = field(default_factory=list)
    legacy: Legacy | None = None
    points_at: str | None = None  # the candidate sheet its pointers refer to


@dataclass(slots=True)
class Mark:
    """Talentsheet's highlight on one cell: a fill colour and/or a note."""

    row: int
    col: int
    fill: str | None = None
    note: str | None = None


@dataclass
class Marks:
    """Highlights to add (only where the recruiter has no fill / no note of their own) and to
    remove (only where the cell still carries exactly what talentsheet left). ``clear_fill``
    removes one colour from every cell of the sheet; ``record`` names a hidden own sheet where
    the applier lists what it applied, for the next run's ``remove``."""

    add: list[Mark] = field(default_factory=list)
    remove: list[Mark] = field(default_factory=list)
    clear_fill: str | None = None
    record: str | None = None
    author: str = "talentsheet"
    colors: tuple[str, ...] = ()  # fills that are talentsheet's (``remove`` clears only these)


@dataclass(frozen=True)
class NewColumn:
    col: int
    header: str


@dataclass(frozen=True)
class ArchiveLine:
    """One line appended to an archive sheet: ``meta`` values, then row ``row`` of
    ``source`` (before the edit) cell for cell, with its formatting, notes and links."""

    source: str
    row: int
    meta: tuple[Any, ...]


@dataclass(frozen=True)
class Restore:
    """Put archived line ``line`` of sheet ``archive`` (its cells from column ``offset`` + 1)
    back as a row of this sheet: inserted as new row ``row`` (final numbering), or written
    over the existing row ``row`` (numbering before the edit) when ``insert`` is False."""

    archive: str
    line: int
    offset: int
    row: int
    insert: bool = True
    width: int = 0  # for a row written over: columns to clear when the archive has no cell there


@dataclass
class SheetEdit:
    """Changes to one existing sheet (see the module docstring)."""

    sheet: str
    header_row: int = 1
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    new_columns: list[NewColumn] = field(default_factory=list)
    append: list[list[Any]] = field(default_factory=list)
    append_at: int | None = None  # first row the appended rows take (the row after the last one used)
    insert_at: int | None = None  # appended rows are inserted before this row (a total row below moves down)
    delete: list[int] = field(default_factory=list)
    restore: list[Restore] = field(default_factory=list)
    archive: list[ArchiveLine] = field(default_factory=list)
    marks: Marks | None = None
    drop_columns: list[int] = field(default_factory=list)  # columns talentsheet added, emptied again

    @property
    def empty(self) -> bool:
        return not (
            self.values
            or self.links
            or self.new_columns
            or self.append
            or self.delete
            or self.restore
            or self.archive
            or self.drop_columns
        ) and (self.marks is None or not (self.marks.add or self.marks.remove or self.marks.clear_fill or self.marks.record))


@dataclass(frozen=True)
class Removal:
    """An own sheet to delete (refused if the sheet is not talentsheet's ``kind``)."""

    name: str
    kind: str
    legacy: Legacy | None = None


@dataclass
class WorkbookEdit:
    """Everything one command changes in a workbook."""

    sheets: list[OwnSheet] = field(default_factory=list)
    edits: list[SheetEdit] = field(default_factory=list)
    remove: list[Removal] = field(default_factory=list)

    def edit(self, sheet: str, header_row: int = 1) -> SheetEdit:
        """The edit of ``sheet``, added when there is none yet."""
        for e in self.edits:
            if e.sheet == sheet:
                return e
        e = SheetEdit(sheet, header_row)
        self.edits.append(e)
        return e


def quote_sheet(name: str) -> str:
    """A sheet name as formulas and links write it: 'Candidates', 'Dana''s list'."""
    return "'" + name.replace("'", "''") + "'"


def fitted_widths(
    rows: list[list[Any]], *, fixed: dict[int, float] | None = None, max_width: float = 60, sample: int = 500
) -> dict[int, float]:
    """Column widths that fit the first ``sample`` rows' text (10 to ``max_width``)."""
    widths: dict[int, float] = {}
    width = max((len(r) for r in rows[:sample]), default=0)
    for c in range(1, width + 1):
        if fixed and c in fixed:
            widths[c] = fixed[c]
            continue
        longest = max((len(str(r[c - 1])) for r in rows[:sample] if c <= len(r) and r[c - 1] is not None), default=8)
        widths[c] = min(max(10, longest + 2), max_width)
    for c, w in (fixed or {}).items():
        widths.setdefault(c, w)
    return widths


def table_sheet(
    name: str,
    kind: str,
    header: list[Any],
    rows: list[list[Any]],
    *,
    widths: dict[int, float] | None = None,
    after: str | None = None,
    **options: Any,
) -> OwnSheet:
    """The usual own sheet: a header row (white on dark blue), the rows, frozen header,
    autofilter over the table, widths that fit."""
    grid = [list(header), *(list(r) for r in rows)]
    width = max((len(r) for r in grid), default=1)
    autofilter = Area(1, 1, len(grid), width) if rows and header else None
    return OwnSheet(
        name,
        kind,
        grid,
        styles=[Styled(Area(1, 1, 1, len(header)), HEADER)] if header else [],
        widths=fitted_widths(grid, fixed=widths),
        freeze="A2",
        autofilter=autofilter,
        after=after,
        **options,
    )
