"""Talentsheet's own sheets that point at candidate rows stay true when rows move.

An own sheet's marker (see :mod:`.book`) records its kind and, when it has any, the columns
that point at rows of a candidate sheet: ``issues;1:row:2,2:cell:2;Candidates`` says column
A holds row numbers and column B cell addresses, from row 2 on, into sheet "Candidates".
After talentsheet deletes or inserts rows there, :func:`follow_pointers` rewrites those cells
and their links, so an Issues line, a Duplicates row number or a view's "Row 12" still names
the same person (a row that went away says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from . import opc
from .cellvalues import SharedStrings, cell_value
from .changes import OwnSheet, Pointer, quote_sheet
from .package_io import Package, iter_blocks
from .sheetxml import CellOp, RowPatch, SheetXml, col_letter, iter_cells, iter_rows, parse_ref, patch_sheet

__all__ = ["GONE", "MarkerSpec", "follow_pointers", "marker_text", "parse_marker"]

GONE = "(row deleted)"
_FORMS = ("row", "cell", "label")


@dataclass(frozen=True)
class MarkerSpec:
    kind: str
    pointers: tuple[Pointer, ...] = ()
    points_at: str | None = None


def marker_text(own: OwnSheet) -> str:
    if not own.pointers or not own.points_at:
        return own.kind
    spec = ",".join(f"{p.col}:{p.form}:{p.first_row}" for p in own.pointers)
    return f"{own.kind};{spec};{own.points_at}"


def parse_marker(text: str) -> MarkerSpec:
    kind, _, rest = text.partition(";")
    if not rest:
        return MarkerSpec(kind)
    spec, _, sheet = rest.partition(";")
    pointers = []
    for item in spec.split(","):
        parts = item.split(":")
        if len(parts) == 3 and parts[0].isdigit() and parts[1] in _FORMS and parts[2].isdigit():
            pointers.append(Pointer(int(parts[0]), parts[1], int(parts[2])))
    return MarkerSpec(kind, tuple(pointers), sheet or None)


def _moved(value: object, form: str, rowmap) -> object:
    """The pointer's new value, GONE for a deleted row, or the value itself if it is no pointer."""
    if form == "row":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() and value >= 1:
            new = rowmap.row(int(value))
            return GONE if new is None else new
        return value
    if form == "label":
        m = re.fullmatch(r"Row (\d+)", str(value)) if isinstance(value, str) else None
        if m:
            new = rowmap.row(int(m.group(1)))
            return GONE if new is None else f"Row {new}"
        return value
    if isinstance(value, str) and re.fullmatch(r"[A-Z]{1,3}\d+", value):
        row, col = parse_ref(value)
        new = rowmap.row(row)
        return GONE if new is None else f"{col_letter(col)}{new}"
    return value


def follow_pointers(pkg: Package, part: str, spec: MarkerSpec, rowmap, sst: SharedStrings) -> bool:
    """Rewrite the pointer cells (and their links) of one own sheet; True if anything changed."""
    cols = {p.col: p for p in spec.pointers}
    first = min(p.first_row for p in spec.pointers)
    source = [pkg.read(part)] if part in pkg.changed() else iter_blocks(pkg.open(part))
    sheet = SheetXml.split(source)
    ops: dict[int, dict[int, CellOp]] = {}
    moved_cells: dict[str, str | None] = {}  # "B5" -> new target cell (None: gone)
    for number, row in iter_rows(sheet):
        if number < first:
            continue
        for col, cell in iter_cells(row, sheet.prefix):
            p = cols.get(col)
            if p is None or number < p.first_row:
                continue
            value = cell_value(cell, sst)
            new = _moved(value, p.form, rowmap)
            if new != value:
                ops.setdefault(number, {})[col] = CellOp(new)
                ref = f"{col_letter(col)}{number}"
                moved_cells[ref] = None if new == GONE else _target(new, p.form)
    tail_source = sheet.tail
    if not ops:
        return False
    links_fixed = _fix_links(tail_source, spec.points_at or "", moved_cells)
    pkg.write_streamed(
        part,
        patch_sheet(
            SheetXml.split([pkg.read(part)] if part in pkg.changed() else iter_blocks(pkg.open(part))),
            RowPatch(cells=ops),
            tail=lambda: links_fixed,
        ),
    )
    return True


def _target(new: object, form: str) -> str | None:
    """The cell a moved pointer's link goes to."""
    if form == "cell":
        return str(new)
    if form == "label":
        return f"A{str(new).removeprefix('Row ')}"
    return f"A{new}"


_LINK_RE = re.compile(rb"<(?:\w+:)?hyperlink\b[^>]*/>")


def _fix_links(tail: bytes, sheet: str, moved: dict[str, str | None]) -> bytes:
    """Internal links on moved pointer cells follow them; a link to a deleted row goes."""
    prefix = quote_sheet(sheet) + "!"

    def fix(m: re.Match) -> bytes:
        a = opc.attrs(m.group(0))
        ref = a.get("ref", "").upper()
        if ref not in moved or "location" not in a:
            return m.group(0)
        if not a["location"].startswith((prefix, sheet + "!")):
            return m.group(0)
        target = moved[ref]
        if target is None:
            return b""
        return re.sub(rb'location="[^"]*"', b"location=" + quoteattr(prefix + target).encode(), m.group(0))

    out = _LINK_RE.sub(fix, tail)
    return re.sub(rb"<(?:\w+:)?hyperlinks\b[^>]*>\s*</(?:\w+:)?hyperlinks>", b"", out)
