"""A1 references as Excel writes them in formulas and range attributes, and how a row map
moves them.

One operand of a formula (what openpyxl's tokenizer calls a RANGE operand) is read here as
pieces joined by the range operator ``:``, each with an optional sheet prefix: ``A1``,
``$A$1:$B$9``, ``5:7``, ``A:C``, ``Sheet1!A1``, ``'My sheet'!A1:B2``, ``Sheet1:Sheet3!A1``
(3-D), ``[1]Sheet1!A1`` (another workbook), or something that is no cell at all: a defined
name, a structured reference ``Table1[Col]``, ``#REF!``. Only pieces that name a cell, a
row or a column are ever changed, and only their row numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...errors import WorkbookError
from .rowmap import MAX_COL, MAX_ROW, RowMap

REF_ERROR = "#REF!"

_CELL = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})")
_COL = re.compile(r"(\$?)([A-Za-z]{1,3})")
_ROW = re.compile(r"(\$?)([0-9]{1,7})")


class ReferenceError_(WorkbookError):
    """A range attribute in the workbook is not an A1 reference (the file is damaged)."""


def col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass(frozen=True)
class Piece:
    """One ``:``-separated part of a reference: its sheet prefix as written, and its body
    read as a cell, a whole row, a whole column, or something else (kept as written)."""

    prefix: str  # "Sheet1!", "'My sheet'!" or ""
    body: str
    kind: str  # "cell", "row", "col", "error", "other"
    col_abs: str = ""
    col: str = ""
    row_abs: str = ""
    row: int = 0

    def text(self) -> str:
        if self.kind == "cell":
            return f"{self.prefix}{self.col_abs}{self.col}{self.row_abs}{self.row}"
        if self.kind == "row":
            return f"{self.prefix}{self.row_abs}{self.row}"
        if self.kind == "col":
            return f"{self.prefix}{self.col_abs}{self.col}"
        return self.prefix + self.body


def read_body(prefix: str, body: str) -> Piece:
    m = _CELL.fullmatch(body)
    if m and col_number(m[2]) <= MAX_COL and 1 <= int(m[4]) <= MAX_ROW:
        return Piece(prefix, body, "cell", m[1], m[2], m[3], int(m[4]))
    m = _ROW.fullmatch(body)
    if m and 1 <= int(m[2]) <= MAX_ROW:
        return Piece(prefix, body, "row", row_abs=m[1], row=int(m[2]))
    m = _COL.fullmatch(body)
    if m and col_number(m[2]) <= MAX_COL:
        return Piece(prefix, body, "col", m[1], m[2])
    if body.upper() == REF_ERROR:
        return Piece(prefix, body, "error")
    return Piece(prefix, body, "other")


def _split_top(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside quoted sheet names and outside brackets."""
    parts, start, depth, quoted, i = [], 0, 0, False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == "'":
                if text.startswith("''", i):
                    i += 1
                else:
                    quoted = False
        elif ch == "'":
            quoted = True
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _split_prefix(piece: str) -> tuple[str, str]:
    """``"'My sheet'!A1"`` -> ``("'My sheet'!", "A1")``; no sheet -> ``("", piece)``."""
    parts = _split_top(piece, "!")
    if len(parts) == 1:
        return "", piece
    return "!".join(parts[:-1]) + "!", parts[-1]


def read_operand(text: str) -> list[Piece]:
    """Read one reference operand into its pieces (3-D prefixes kept whole)."""
    if "'" not in text and "[" not in text:
        return _read_plain(text)
    raw = _split_top(text, ":")
    pieces: list[Piece] = []
    i = 0
    while i < len(raw):
        prefix, body = _split_prefix(raw[i])
        if not prefix and i + 1 < len(raw) and body and read_body("", body).kind == "other":
            nxt_prefix, nxt_body = _split_prefix(raw[i + 1])
            if nxt_prefix:  # Sheet1:Sheet3!A1: the colon belongs to a 3-D sheet span
                pieces.append(read_body(body + ":" + nxt_prefix, nxt_body))
                i += 2
                continue
        pieces.append(read_body(prefix, body))
        i += 1
    return pieces


def _read_plain(text: str) -> list[Piece]:
    """:func:`read_operand` for the common case: no quoted sheet name, no brackets."""
    raw = text.split(":")
    if len(raw) == 1:
        prefix, bang, body = text.rpartition("!")
        return [read_body(prefix + bang, body)]
    pieces: list[Piece] = []
    i = 0
    while i < len(raw):
        prefix, bang, body = raw[i].rpartition("!")
        if not bang and i + 1 < len(raw) and body and "!" in raw[i + 1] and read_body("", body).kind == "other":
            nxt_prefix, _, nxt_body = raw[i + 1].rpartition("!")
            pieces.append(read_body(body + ":" + nxt_prefix + "!", nxt_body))
            i += 2
            continue
        pieces.append(read_body(prefix + bang, body))
        i += 1
    return pieces


@dataclass(frozen=True)
class SheetTarget:
    """Which sheet a prefix names: ``external`` for another workbook, ``last`` for 3-D."""

    first: str | None
    last: str | None = None
    external: bool = False


def prefix_target(prefix: str) -> SheetTarget:
    inner = prefix[:-1] if prefix.endswith("!") else prefix
    if len(inner) >= 2 and inner.startswith("'") and inner.endswith("'"):
        inner = inner[1:-1].replace("''", "'")
    external = False
    if inner.startswith("["):
        close = inner.find("]")
        book = inner[1:close] if close > 0 else ""
        external = book != "0"  # [0] is this workbook, as charts sometimes write it
        inner = inner[close + 1 :] if close > 0 else inner
    if not inner:
        return SheetTarget(None, external=external)
    first, _, last = inner.partition(":")
    if last and last.casefold() == first.casefold():
        last = ""
    return SheetTarget(first, last or None, external)


def _on_sheet(prefix: str, host_sheet: str | None, rowmap: RowMap) -> bool:
    if not prefix:
        return rowmap.is_sheet(host_sheet)
    target = prefix_target(prefix)
    return not target.external and target.last is None and rowmap.is_sheet(target.first)


def shift_pieces(pieces: list[Piece], host_sheet: str | None, rowmap: RowMap) -> str | None:
    """The operand with its rows moved, or None if nothing in it changes.

    Pieces without a prefix are on the sheet of the piece before them (``Sheet1!A1:B2``)."""
    sheets: list[bool] = []
    on = rowmap.is_sheet(host_sheet)
    for p in pieces:
        on = _on_sheet(p.prefix, host_sheet, rowmap) if p.prefix else on
        sheets.append(on)
    if not any(sheets):
        return None
    if len(pieces) == 2 and pieces[0].kind == pieces[1].kind and pieces[0].kind in ("cell", "row") and sheets[0] and sheets[1]:
        return _shift_area_pieces(pieces[0], pieces[1], rowmap)
    out, changed = [], False
    for p, on_sheet in zip(pieces, sheets, strict=True):
        if on_sheet and p.kind == "cell":
            new_row = rowmap.row(p.row)
            q = p.prefix + REF_ERROR if new_row is None else _with_row(p, new_row)
            changed |= q != p.text()
            out.append(q)
        else:
            out.append(p.text())
    return ":".join(out) if changed else None


def _shift_area_pieces(a: Piece, b: Piece, rowmap: RowMap) -> str | None:
    top, bottom = sorted((a.row, b.row))
    span = rowmap.map_span(top, bottom)
    if span is None:
        return a.prefix + REF_ERROR
    if (top, bottom) == span:
        return None
    new_a, new_b = span if a.row <= b.row else span[::-1]
    return _with_row(a, new_a) + ":" + _with_row(b, new_b)


def _with_row(p: Piece, row: int) -> str:
    if p.kind == "row":
        return f"{p.prefix}{p.row_abs}{row}"
    return f"{p.prefix}{p.col_abs}{p.col}{p.row_abs}{row}"


def translate_pieces(pieces: list[Piece], drow: int, dcol: int) -> str | None:
    """Move the relative parts by ``drow``/``dcol``, as copying a formula does (for formulas
    that are written for one anchor cell: shared formulas, conditional formats, validations)."""
    out, changed = [], False
    for p in pieces:
        q = p
        if p.kind in ("cell", "row") and not p.row_abs and drow:
            q = replace(q, row=p.row + drow)
            if not 1 <= q.row <= MAX_ROW:
                return pieces[0].prefix + REF_ERROR
        if p.kind in ("cell", "col") and not p.col_abs and dcol:
            n = col_number(p.col) + dcol
            if not 1 <= n <= MAX_COL:
                return pieces[0].prefix + REF_ERROR
            q = replace(q, col=col_letters(n))
        changed |= q is not p
        out.append(q.text())
    return ":".join(out) if changed else None


# --- range attributes (ref="A1:B2", sqref="A1 C3:D4") -----------------------------------


def _area(ref: str) -> tuple[Piece, Piece | None]:
    pieces = read_operand(ref.strip())
    ok = (len(pieces) == 1 and pieces[0].kind == "cell") or (
        len(pieces) == 2 and pieces[0].kind == pieces[1].kind and pieces[0].kind in ("cell", "row", "col")
    )
    if not ok or any(p.prefix for p in pieces):
        raise ReferenceError_(f"{ref!r} is not a cell range", "the workbook may be damaged; open and save it in Excel")
    return pieces[0], (pieces[1] if len(pieces) == 2 else None)


def shift_area(ref: str, rowmap: RowMap) -> str | None:
    """One A1 area on the row map's sheet (``"B5"``, ``"A2:D9"``, ``"5:7"``, ``"A:C"``)
    moved; None if every row of it is deleted. An unchanged area comes back as written."""
    a, b = _area(ref)
    if b is None:
        new_row = rowmap.map_row(a.row)
        return None if new_row is None else replace(a, row=new_row).text()
    if a.kind == "col":
        return ref
    moved = _shift_area_pieces(a, b, rowmap)
    if moved == REF_ERROR:
        return None
    return ref if moved is None else moved


def shift_sqref(sqref: str, rowmap: RowMap) -> str:
    """A space-separated list of areas moved; deleted areas dropped ("" if all are gone).

    An area that shrinks to one cell is written as that cell, as Excel writes sqref."""
    out = []
    for part in sqref.split():
        moved = shift_area(part, rowmap)
        if moved is None:
            continue
        if moved != part:
            moved = _collapse(moved)
        out.append(moved)
    return " ".join(out)


def _collapse(area: str) -> str:
    a, b = _area(area)
    return a.text() if b is not None and a.kind == "cell" and a.text() == b.text() else area


def area_rows(ref: str) -> tuple[int, int]:
    """First and last row an area covers (``A:C`` covers them all)."""
    a, b = _area(ref)
    if b is None:
        return a.row, a.row
    if a.kind == "col":
        return 1, MAX_ROW
    return min(a.row, b.row), max(a.row, b.row)


def area_top_left(ref: str) -> tuple[int, int]:
    """(row, column) of an area's top-left cell."""
    a, b = _area(ref)
    top = area_rows(ref)[0]
    cols = [col_number(p.col) for p in (a, b) if p is not None and p.col]
    return top, min(cols) if cols else 1


def slide_cell(ref: str, rowmap: RowMap) -> str:
    """A single cell moved with its row, or for a deleted row the cell that takes its place
    (for the active cell and a view's top-left cell, which must stay somewhere)."""
    a, b = _area(ref)
    if b is not None or a.kind != "cell":
        raise ReferenceError_(f"{ref!r} is not a single cell", "the workbook may be damaged; open and save it in Excel")
    return replace(a, row=rowmap.slide_row(a.row)).text()
