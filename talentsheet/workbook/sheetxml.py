"""Worksheet XML, streamed: write cells, patch rows, never build a tree of a big sheet.

A worksheet part is ``<worksheet>`` + a small *head* (sheet properties, dimension, views,
column widths) + ``<sheetData>`` (the rows, possibly hundreds of megabytes) + a small *tail*
(merged cells, conditional formats, validations, hyperlinks, page setup, drawings, tables,
extensions). :func:`patch_sheet` reads the rows in blocks and copies every row it does not
touch as bytes; a touched row is rewritten from its own XML (its other cells untouched).
Rows deleted or inserted renumber the rows after them, and formulas in the sheet are shifted
through :mod:`talentsheet.workbook.shift`'s functions.

Cell values follow one rule set (:func:`cell_xml`): text is always written as text (inline
strings; never a formula), numbers as numbers, dates as serial numbers in a date format.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.sax.saxutils import escape

from ..errors import WorkbookError

__all__ = [
    "KEEP",
    "CellOp",
    "SheetXml",
    "cell_xml",
    "col_letter",
    "excel_serial",
    "parse_ref",
    "patch_sheet",
    "xml_text",
]

KEEP = object()  # "leave the value as it is" in a CellOp
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPED_CHAR = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_LETTERS = {}


def col_letter(col: int) -> str:
    """1 -> 'A', 28 -> 'AB' (columns up to XFD)."""
    letter = _LETTERS.get(col)
    if letter is None:
        n, out = col, ""
        while n:
            n, rest = divmod(n - 1, 26)
            out = chr(65 + rest) + out
        letter = _LETTERS[col] = out
    return letter


_REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_ref(ref: str) -> tuple[int, int]:
    """'E12' -> (12, 5)."""
    m = _REF_RE.match(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), _col_index(m.group(1).upper().encode())


_TEXT_TABLE = {**dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]), 38: "&amp;", 60: "&lt;", 62: "&gt;"}


def xml_text(value: str) -> str:
    """Cell text as XML content: characters XML cannot carry dropped, ``_xHHHH_`` kept literal
    (Excel would decode it), ``& < >`` escaped (one pass of ``str.translate``)."""
    if "_x" in value:
        value = _ESCAPED_CHAR.sub(r"_x005F_\1", value)
    return value.translate(_TEXT_TABLE)


def excel_serial(value: date | datetime | time, date1904: bool = False) -> float:
    """A date/time as Excel's serial number."""
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    delta = value - (_EPOCH_1904 if date1904 else _EPOCH_1900)
    serial = delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    if not date1904 and serial < 61:  # Excel's phantom 1900-02-29
        serial -= 1
    return serial


def _number(value: float | int) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def normalise_value(value: Any) -> Any:
    """numpy / pandas scalars as plain Python; NaN, NaT and infinities as empty."""
    if value is None or isinstance(value, (str, bool, int, float, datetime, date, time)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value
    module = type(value).__module__
    if module.startswith(("numpy", "pandas")):
        if hasattr(value, "to_pydatetime"):
            try:
                return value.to_pydatetime()
            except ValueError:
                return None
        if str(value) in ("NaT", "nan", "<NA>"):
            return None
        if hasattr(value, "item"):
            return normalise_value(value.item())
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return str(value)


def is_date_value(value: Any) -> bool:
    return isinstance(value, (date, datetime, time))


def cell_xml(ref: str, value: Any, style: int | None = None, *, date1904: bool = False, prefix: str = "") -> bytes:
    """One ``<c>`` element: text inline (never a formula), numbers, booleans, dates as serials."""
    value = normalise_value(value)
    s = f' s="{style}"' if style else ""
    p = prefix
    if value is None:
        return f'<{p}c r="{ref}"{s}/>'.encode() if style else b""
    if isinstance(value, str):
        text = xml_text(value)
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() or "\n" in text else ""
        return f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t{space}>{text}</{p}t></{p}is></{p}c>'.encode()
    if isinstance(value, bool):
        return f'<{p}c r="{ref}"{s} t="b"><{p}v>{int(value)}</{p}v></{p}c>'.encode()
    if isinstance(value, (date, datetime, time)):
        value = excel_serial(value, date1904)
    return f'<{p}c r="{ref}"{s}><{p}v>{_number(value)}</{p}v></{p}c>'.encode()


# --- the parts of a worksheet --------------------------------------------------------------


@dataclass
class SheetXml:
    """A worksheet split into head, rows and tail (rows as an iterator of byte blocks)."""

    head: bytes  # up to and including <sheetData> (a self-closed one is opened)
    blocks: Iterable[bytes]  # the rows' XML
    tail: bytes  # from </sheetData> to the end
    prefix: bytes  # namespace prefix of the main namespace, e.g. b"" or b"x:"

    @classmethod
    def split(cls, chunks: Iterable[bytes]) -> SheetXml:
        """Read until ``<sheetData>`` for the head; the tail is found while streaming."""
        it = iter(chunks)
        buffer = b""
        for block in it:
            buffer += block
            m = re.search(rb"<((?:\w+:)?)sheetData\b[^>]*?(/?)>", buffer)
            if m:
                break
        else:
            raise WorkbookError("a worksheet part has no sheetData", "open and re-save the workbook in Excel")
        prefix = m.group(1)
        if m.group(2):  # <sheetData/>
            head = buffer[: m.start()] + b"<" + prefix + b"sheetData>"
            tail = b"</" + prefix + b"sheetData>" + buffer[m.end() :] + b"".join(it)
            return cls(head, iter(()), tail, prefix)
        head = buffer[: m.end()]
        rest = buffer[m.end() :]
        sheet = cls(head, iter(()), b"", prefix)
        sheet.blocks = sheet._rows(rest, it)
        return sheet

    def _rows(self, first: bytes, it: Iterator[bytes]) -> Iterator[bytes]:
        close = b"</" + self.prefix + b"sheetData>"
        buffer = first
        while True:
            at = buffer.find(close)
            if at >= 0:
                self.tail = buffer[at:] + b"".join(it)
                if at:
                    yield buffer[:at]
                return
            nxt = next(it, None)
            if nxt is None:
                raise WorkbookError("a worksheet part ends inside its rows", "the file is damaged; restore a backup")
            cut = buffer.rfind(b"</" + self.prefix + b"row>")
            keep = len(close) + 8
            if cut > 0 and len(buffer) - cut > keep:
                cut += len(self.prefix) + 6
                yield buffer[:cut]
                buffer = buffer[cut:] + nxt
            else:
                buffer += nxt


# --- patching rows -------------------------------------------------------------------------


@dataclass
class CellOp:
    """What happens to one cell: a new value (or KEEP), a new style (or a function of the old
    one), or its whole XML replaced (``raw``, re-addressed to this cell)."""

    value: Any = KEEP
    style: int | Callable[[int], int] | None = None
    raw: bytes | None = None


@dataclass
class RowPatch:
    """Everything the stream does to a sheet's rows (row numbers before any move)."""

    cells: dict[int, dict[int, CellOp]] = field(default_factory=dict)  # row -> column -> op
    new_row: Callable[[int], int | None] | None = None  # old row -> new row (None: deleted)
    inserted: dict[int, bytes] = field(default_factory=dict)  # new row -> inner cells XML (addressed)
    inserted_attrs: dict[int, bytes] = field(default_factory=dict)  # new row -> extra <row> attributes
    on_deleted: Callable[[int, bytes], None] | None = None  # sees each deleted row's XML
    formula: Callable[[str], str] | None = None  # shifts one formula's text (rows moved)
    area: Callable[[str], str | None] | None = None  # shifts a shared/array formula's ref
    style_map: dict[int, int] = field(default_factory=dict)  # every cell with style k gets style_map[k]
    date1904: bool = False
    seen_cells: Callable[[int, int, bytes], None] | None = None  # (row, col, cell xml) for watched rows
    watch: set[int] = field(default_factory=set)  # rows whose cells seen_cells sees (old numbers)
    shared: dict[int, tuple[str, str]] = field(default_factory=dict)  # shared formula id -> (text, first cell)

    @property
    def moves(self) -> bool:
        return self.new_row is not None


_ROW_RES: dict[bytes, tuple[re.Pattern, re.Pattern, re.Pattern]] = {}


def _res(prefix: bytes) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    if prefix not in _ROW_RES:
        p = re.escape(prefix)
        row = re.compile(rb"<" + p + rb"row\b([^>]*?)(?:/>|>(.*?)</" + p + rb"row>)", re.S)
        cell = re.compile(rb"<" + p + rb"c\b([^>]*?)(?:/>|>(.*?)</" + p + rb"c>)", re.S)
        ref = re.compile(rb"(<" + p + rb'c\b[^>]*?\sr=")([A-Z]{1,3})(\d+)(")')
        _ROW_RES[prefix] = (row, cell, ref)
    return _ROW_RES[prefix]


_R_ATTR = re.compile(rb'\sr="(\d+)"')
_SPANS = re.compile(rb'\sspans="(\d+):(\d+)"')
_CELL_R = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_S_ATTR = re.compile(rb'\ss="(\d+)"')


@dataclass
class _Row:
    number: int
    attrs: bytes
    body: bytes | None  # None for <row .../>


def patch_sheet(
    sheet: SheetXml, patch: RowPatch, *, head: bytes | None = None, tail: Callable[[], bytes] | None = None
) -> Iterator[bytes]:
    """Yield the patched worksheet: head, rows, tail (``head``/``tail()`` replace the originals;
    ``tail`` is called after the rows, so it can depend on what the stream saw)."""
    yield head if head is not None else sheet.head
    yield from _patch_rows(sheet, patch)
    yield tail() if tail is not None else sheet.tail


def _patch_rows(sheet: SheetXml, patch: RowPatch) -> Iterator[bytes]:
    """Merge three sorted streams by final row number: the existing rows (moved, rewritten or
    copied as they are), rows the patch writes that did not exist, and inserted rows."""
    if not patch.moves and not patch.inserted:
        yield from _patch_in_place(sheet, patch)
        return
    yield from _patch_moving(sheet, patch)


def _row_start_re(p: bytes) -> tuple[re.Pattern, re.Pattern]:
    e = re.escape(p)
    start = re.compile(rb"<" + e + rb'row\b[^>]*?\sr="(\d+)"[^>]*?(/?)>')
    bare = re.compile(rb"<" + e + rb"row(?=[\s>/])(?![^>]*\sr=)")
    return start, bare


def _patch_in_place(sheet: SheetXml, patch: RowPatch) -> Iterator[bytes]:
    """No row moves: only the rows the patch names are looked at; every other row is found by
    its start tag alone and copied with its run (a big sheet with a few changes costs a scan)."""
    p = sheet.prefix
    row_re, cell_re, ref_re = _res(p)
    start_re, bare_re = _row_start_re(p)
    stops = sorted(set(patch.cells) | patch.watch)
    created = set(patch.cells)
    style_re = _style_regex(patch.style_map, p)
    close = b"</" + p + b"row>"

    def restyle(run: bytes) -> bytes:
        if style_re is None or not run:
            return run
        return style_re.sub(lambda x: x.group(1) + str(patch.style_map[int(x.group(2))]).encode() + b'"', run)

    si, last = 0, 0
    blocks = iter(sheet.blocks)
    for block in blocks:
        if bare_re.search(block):  # rows without numbers from here on: walk every row
            rest = SheetXml(b"", itertools.chain([block], blocks), b"", p)
            cells = {r: patch.cells[r] for r in stops[si:] if r in patch.cells}
            yield from _patch_moving(
                rest, dataclasses.replace(patch, cells=cells, watch=set(stops[si:]) & patch.watch), start_after=last
            )
            return
        out: list[bytes] = []
        copy_from = 0
        for m in start_re.finditer(block):
            number = int(m.group(1))
            if number <= last:
                raise WorkbookError(f"row {number} of a sheet comes after row {last}", "open and re-save the workbook in Excel")
            last = number
            if si >= len(stops) or number < stops[si]:
                continue
            ahead = []
            while si < len(stops) and stops[si] < number:  # rows the patch writes that do not exist yet
                if stops[si] in created:
                    ahead.append(_build_row(stops[si], stops[si], patch.cells[stops[si]], p, patch))
                si += 1
            if si < len(stops) and stops[si] == number:
                si += 1
                end = m.end() if m.group(2) else block.index(close, m.end()) + len(close)
                whole = row_re.match(block, m.start(), end)
                out.append(restyle(block[copy_from : m.start()]))
                out.extend(ahead)
                out.append(
                    _rewrite_row(_Row(number, whole.group(1), whole.group(2)), number, patch, p, cell_re, ref_re, style_re)
                )
                copy_from = end
            elif ahead:
                out.append(restyle(block[copy_from : m.start()]))
                out.extend(ahead)
                copy_from = m.start()
        out.append(restyle(block[copy_from:]))
        yield b"".join(out)
    rest = [_build_row(r, r, patch.cells[r], p, patch) for r in stops[si:] if r in created]
    if rest:
        yield b"".join(rest)


def _patch_moving(sheet: SheetXml, patch: RowPatch, *, start_after: int = 0) -> Iterator[bytes]:
    """Every row walked: rows deleted, inserted and renumbered, formulas shifted."""
    row_re, cell_re, ref_re = _res(sheet.prefix)
    p = sheet.prefix
    new_row = patch.new_row or (lambda r: r)
    created, ci = sorted(patch.cells), 0
    inserted, ii = sorted(patch.inserted), 0
    touched = set(patch.cells) | patch.watch
    style_re = _style_regex(patch.style_map, p)
    f_tag = b"<" + p + b"f"
    moved_re = _moved_row_re(p)

    def restyle(run: bytes) -> bytes:
        if style_re is None or not run:
            return run
        return style_re.sub(lambda s: s.group(1) + str(patch.style_map[int(s.group(2))]).encode() + b'"', run)

    last = start_after
    for block in sheet.blocks:
        out: list[bytes] = []
        copy_from = 0  # start of the run of untouched rows copied as they are
        for m in row_re.finditer(block):
            rm = _R_ATTR.search(m.group(1))
            number = int(rm.group(1)) if rm else last + 1
            if number <= last:
                raise WorkbookError(f"row {number} of a sheet comes after row {last}", "open and re-save the workbook in Excel")
            last = number
            new = new_row(number)
            ahead: list[tuple[int, bytes]] = []
            while ci < len(created) and created[ci] < number:
                n = new_row(created[ci])
                if n is not None:
                    ahead.append((n, _build_row(n, created[ci], patch.cells[created[ci]], p, patch)))
                ci += 1
            if ci < len(created) and created[ci] == number:
                ci += 1
            if new is not None:
                while ii < len(inserted) and inserted[ii] < new:
                    ahead.append((inserted[ii], _inserted_row(inserted[ii], patch, p)))
                    ii += 1
            if (
                not ahead
                and new == number
                and number not in touched
                and not (patch.moves and (rm is None or f_tag in m.group(0)))
            ):
                continue  # copied with its run
            if (
                new is not None and rm is not None and style_re is None and number not in touched and f_tag not in m.group(0)
            ):  # a row that only moves: its number and its cells' addresses, in one pass
                out.append(restyle(block[copy_from : m.start()]))
                copy_from = m.end()
                out.extend(x for _, x in sorted(ahead, key=lambda t: t[0]))
                tail = str(new).encode() + b'"'
                out.append(moved_re.sub(lambda x, tail=tail: x.group(1) + tail, m.group(0)))
                continue
            out.append(restyle(block[copy_from : m.start()]))
            copy_from = m.end()
            out.extend(x for _, x in sorted(ahead, key=lambda t: t[0]))
            if new is None:
                if patch.moves and b"shared" in m.group(0):
                    _remember_shared(m.group(0), number, p, patch)
                if patch.on_deleted:
                    patch.on_deleted(number, m.group(0))
                continue
            out.append(_rewrite_row(_Row(number, m.group(1), m.group(2)), new, patch, p, cell_re, ref_re, style_re))
        out.append(restyle(block[copy_from:]))
        yield b"".join(out)
    rest: list[tuple[int, bytes]] = []
    for old in created[ci:]:
        n = new_row(old)
        if n is not None:
            rest.append((n, _build_row(n, old, patch.cells[old], p, patch)))
    rest += [(n, _inserted_row(n, patch, p)) for n in inserted[ii:]]
    if rest:
        yield b"".join(x for _, x in sorted(rest, key=lambda t: t[0]))


def _style_regex(style_map: dict[int, int], p: bytes) -> re.Pattern | None:
    if not style_map:
        return None
    alternatives = b"|".join(str(k).encode() for k in sorted(style_map, reverse=True))
    return re.compile(rb"(<" + re.escape(p) + rb'c\b[^>]*?\ss=")(' + alternatives + rb')"')


def _inserted_row(number: int, patch: RowPatch, p: bytes) -> bytes:
    extra = patch.inserted_attrs.get(number, b"")
    body = patch.inserted[number]
    tag = b"<" + p + b'row r="' + str(number).encode() + b'"' + extra
    return tag + b"/>" if not body else tag + b">" + body + b"</" + p + b"row>"


def _build_row(number: int, old: int, ops: dict[int, CellOp], p: bytes, patch: RowPatch) -> bytes:
    """A row that did not exist: only the cells the patch writes."""
    cells = [_apply_op(None, col, number, old, op, p, patch) for col, op in sorted(ops.items())]
    body = b"".join(c for c in cells if c)
    if not body:
        return b""
    return b"<" + p + b'row r="' + str(number).encode() + b'">' + body + b"</" + p + b"row>"


def _rewrite_row(
    row: _Row, new: int, patch: RowPatch, p: bytes, cell_re: re.Pattern, ref_re: re.Pattern, style_re: re.Pattern | None
) -> bytes:
    ops = patch.cells.get(row.number, {})
    attrs = row.attrs
    if new != row.number or not _R_ATTR.search(attrs):
        if _R_ATTR.search(attrs):
            attrs = _R_ATTR.sub(b' r="' + str(new).encode() + b'"', attrs, count=1)
        else:
            attrs = b' r="' + str(new).encode() + b'"' + attrs
    body = row.body or b""
    watched = row.number in patch.watch and patch.seen_cells is not None
    if ops or patch.moves or watched or (style_re is not None):
        body, max_col = _rewrite_cells(body, row.number, new, ops, patch, p, cell_re, style_re, watched)
        spans = _SPANS.search(attrs)
        if spans and max_col > int(spans.group(2)):
            attrs = (
                attrs[: spans.start()] + b' spans="' + spans.group(1) + b":" + str(max_col).encode() + b'"' + attrs[spans.end() :]
            )
    tag = b"<" + p + b"row" + attrs
    if not body:
        return tag + b"/>"
    return tag + b">" + body + b"</" + p + b"row>"


def _rewrite_cells(
    body: bytes,
    old: int,
    new: int,
    ops: dict[int, CellOp],
    patch: RowPatch,
    p: bytes,
    cell_re: re.Pattern,
    style_re: re.Pattern | None,
    watched: bool,
) -> tuple[bytes, int]:
    todo = sorted(ops)
    if not todo and not watched and patch.moves and style_re is None and not _f_re(p).search(body):
        # a moved row without formulas: every address gets the new row number in one pass
        tail = str(new).encode() + b'"'
        return _row_number_re(p).sub(lambda m: m.group(1) + tail, body), (_last_col(body, p) or 0)
    if todo and not watched and not patch.moves and style_re is None:
        last = _last_col(body, p)
        if last is not None and todo[0] > last:  # only cells after the row's last one: append them
            added = b"".join(_apply_op(None, c, new, old, ops[c], p, patch) for c in todo)
            return body + added, todo[-1]
        if last is not None and len(todo) * 4 < body.count(b"<" + p + b"c "):
            done = _targeted(body, new, old, ops, todo, p, patch)
            if done is not None:
                return done, max(last, todo[-1])
    out: list[bytes] = []
    k = 0
    last_col = 0
    max_col = 0
    copy_from = 0
    for m in cell_re.finditer(body):
        a = m.group(1)
        cm = _CELL_R.search(a)
        col = _col_index(cm.group(1)) if cm else last_col + 1
        last_col = col
        # cells the patch adds before this one
        while k < len(todo) and todo[k] < col:
            out.append(body[copy_from : m.start()])
            copy_from = m.start()
            out.append(_apply_op(None, todo[k], new, old, ops[todo[k]], p, patch))
            max_col = max(max_col, todo[k])
            k += 1
        cell = m.group(0)
        if watched:
            patch.seen_cells(old, col, cell)
        op = ops.get(col)
        changed = cell
        if op is not None:
            k += 1 if k < len(todo) and todo[k] == col else 0
            changed = _apply_op(cell, col, new, old, op, p, patch)
        elif patch.moves:
            changed = _move_cell(cell, col, new, old, p, patch, has_ref=cm is not None)
        if style_re is not None and op is None:
            changed = style_re.sub(lambda s: s.group(1) + str(patch.style_map[int(s.group(2))]).encode() + b'"', changed)
        max_col = max(max_col, col)
        if changed is not cell and changed != cell:
            out.append(body[copy_from : m.start()])
            out.append(changed)
            copy_from = m.end()
    out.append(body[copy_from:])
    while k < len(todo):
        out.append(_apply_op(None, todo[k], new, old, ops[todo[k]], p, patch))
        max_col = max(max_col, todo[k])
        k += 1
    return b"".join(out), max_col


def _targeted(
    body: bytes, new: int, old: int, ops: dict[int, CellOp], todo: list[int], p: bytes, patch: RowPatch
) -> bytes | None:
    """A few cells of a long row changed in place, found by their addresses (right to left,
    so earlier offsets stay put); None when a cell has no address and the row must be walked."""
    close = b"</" + p + b"c>"
    for col in reversed(todo):
        ref = f"{col_letter(col)}{old}".encode()
        at = body.find(b' r="' + ref + b'"')
        if at >= 0:
            start = body.rfind(b"<" + p + b"c", 0, at)
            head_end = body.find(b">", at)
            if start < 0 or b">" in body[start:at]:
                return None
            end = head_end + 1 if body[head_end - 1 : head_end] == b"/" else body.index(close, head_end) + len(close)
            body = body[:start] + _apply_op(body[start:end], col, new, old, ops[col], p, patch) + body[end:]
            continue
        position = len(body)
        for m in _CELL_REF_RE.finditer(body):
            if _col_index(m.group(2)) > col:
                position = m.start()
                break
        body = body[:position] + _apply_op(None, col, new, old, ops[col], p, patch) + body[position:]
    return body


_MOVED_ROW_RES: dict[bytes, re.Pattern] = {}


def _moved_row_re(p: bytes) -> re.Pattern:
    """A row's number and its cells' row numbers (``<row r="12"``, ``<c r="AB12"``)."""
    if p not in _MOVED_ROW_RES:
        e = re.escape(p)
        _MOVED_ROW_RES[p] = re.compile(rb"(<" + e + rb'(?:row|c)\b[^>]*?\sr="[A-Z]{0,3})\d+"')
    return _MOVED_ROW_RES[p]


_ROW_NUMBER_RES: dict[bytes, re.Pattern] = {}


def _row_number_re(p: bytes) -> re.Pattern:
    if p not in _ROW_NUMBER_RES:
        _ROW_NUMBER_RES[p] = re.compile(rb"(<" + re.escape(p) + rb'c\b[^>]*?\sr="[A-Z]{1,3})\d+"')
    return _ROW_NUMBER_RES[p]


_CELL_REF_RE = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="()([A-Z]{1,3})\d+"')
_COL_INDEX: dict[bytes, int] = {}


def _col_index(letters: bytes) -> int:
    col = _COL_INDEX.get(letters)
    if col is None:
        col = 0
        for ch in letters:
            col = col * 26 + ch - 64
        _COL_INDEX[letters] = col
    return col


def _last_col(body: bytes, p: bytes) -> int | None:
    """The column of a row's last cell (0 for a row without cells), None if it has no address."""
    at = body.rfind(b"<" + p + b"c ")
    if at < 0:
        return 0 if b"<" + p + b"c" not in body else None
    m = _CELL_R.search(body, at, body.find(b">", at))
    return _col_index(m.group(1)) if m else None


def _move_cell(cell: bytes, col: int, new: int, old: int, p: bytes, patch: RowPatch, *, has_ref: bool) -> bytes:
    """A cell of a moved row: its address follows the row, its formula the references."""
    ref = (col_letter(col) + str(new)).encode()
    if has_ref:
        if new != old:
            cell = _CELL_R.sub(b' r="' + ref + b'"', cell, count=1)
    else:
        cell = cell.replace(b"<" + p + b"c", b"<" + p + b'c r="' + ref + b'"', 1)
    if b"<" + p + b"f" in cell and patch.formula is not None:
        cell = _shift_formula_xml(cell, p, patch, f"{col_letter(col)}{old}")
    return cell


_F_RE_CACHE: dict[bytes, re.Pattern] = {}


def _f_re(p: bytes) -> re.Pattern:
    if p not in _F_RE_CACHE:
        e = re.escape(p)
        _F_RE_CACHE[p] = re.compile(rb"<" + e + rb"f\b([^>]*?)(?:/>|>(.*?)</" + e + rb"f>)", re.S)
    return _F_RE_CACHE[p]


_SI = re.compile(rb'\ssi="(\d+)"')
_REF_ATTR = re.compile(rb'\sref="([^"]*)"')
_T_SHARED = re.compile(rb'\st="shared"')


def _remember_shared(row_xml: bytes, number: int, p: bytes, patch: RowPatch) -> None:
    """Shared formulas' masters in a deleted row: their members below still need the text."""
    for col, cell in iter_cells(row_xml, p):
        for m in _f_re(p).finditer(cell):
            si = _SI.search(m.group(1))
            if si and m.group(2) and _T_SHARED.search(m.group(1)):
                patch.shared[int(si.group(1))] = (_unxml(m.group(2)), f"{col_letter(col)}{number}")


def _unxml(body: bytes) -> str:
    from .opc import unescape_attr

    return unescape_attr(body.decode("utf-8"))


def _shift_formula_xml(cell: bytes, p: bytes, patch: RowPatch, old_ref: str) -> bytes:
    """Shift the formula of one cell (``old_ref`` is where it was). A shared formula is written
    out as the cell's own formula: rows moving under a shared group would break its offsets."""

    def fix(m: re.Match) -> bytes:
        attrs, body = m.group(1), m.group(2)
        if _T_SHARED.search(attrs):
            si = _SI.search(attrs)
            key = int(si.group(1)) if si else -1
            if body:
                text = _unxml(body)
                patch.shared[key] = (text, old_ref)
            elif key in patch.shared:
                master, origin = patch.shared[key]
                text = _translate(master, origin, old_ref)
            else:
                raise WorkbookError(
                    f"cell {old_ref} uses a shared formula whose first cell is missing", "open and re-save the workbook in Excel"
                )
            attrs = _REF_ATTR.sub(b"", _SI.sub(b"", _T_SHARED.sub(b"", attrs)))
            return b"<" + p + b"f" + attrs + b">" + escape(patch.formula(text)).encode() + b"</" + p + b"f>"
        ref = _REF_ATTR.search(attrs)
        if ref is not None and patch.area is not None:
            new_ref = patch.area(ref.group(1).decode())
            if new_ref is None:
                raise WorkbookError(
                    f"a row talentsheet has to move cuts through the array formula in {old_ref}",
                    "remove or move the array formula in Excel and try again",
                )
            attrs = attrs[: ref.start()] + b' ref="' + new_ref.encode() + b'"' + attrs[ref.end() :]
        if not body:
            return b"<" + p + b"f" + attrs + (b"/>" if m.group(0).endswith(b"/>") else b"></" + p + b"f>")
        text = _unxml(body)
        shifted = patch.formula(text)
        if shifted == text and attrs == m.group(1):
            return m.group(0)
        return b"<" + p + b"f" + attrs + b">" + escape(shifted).encode() + b"</" + p + b"f>"

    return _f_re(p).sub(fix, cell)


def _translate(formula: str, origin: str, dest: str) -> str:
    from .shift import translate_formula

    (r0, c0), (r1, c1) = parse_ref(origin), parse_ref(dest)
    return translate_formula(formula, r1 - r0, c1 - c0)


_T_ATTR = re.compile(rb'\st="[^"]*"')


def _apply_op(cell: bytes | None, col: int, row: int, old: int, op: CellOp, p: bytes, patch: RowPatch) -> bytes:
    ref = col_letter(col) + str(row)
    old_ref = col_letter(col) + str(old)
    if op.raw is not None:
        return _readdress(op.raw, ref, p) if op.raw else b""
    old_style = 0
    if cell is not None:
        sm = _S_ATTR.search(cell[: cell.index(b">")])
        old_style = int(sm.group(1)) if sm else 0
        if op.value is not KEEP:
            _refuse_overwrite(cell, ref, p)
    style = old_style
    if op.style is not None:
        style = op.style(old_style) if callable(op.style) else op.style
    if op.value is KEEP:
        if cell is None:
            return f'<{p.decode()}c r="{ref}" s="{style}"/>'.encode() if style else b""
        if style == old_style:
            moved = _readdress(cell, ref, p)
            return (
                _shift_formula_xml(moved, p, patch, old_ref)
                if patch.moves and patch.formula and b"<" + p + b"f" in moved
                else moved
            )
        head_end = cell.index(b">")
        head = cell[:head_end]
        head = _S_ATTR.sub(b"", head)
        if head.endswith(b"/"):
            head = head[:-1] + b' s="' + str(style).encode() + b'"/'
        else:
            head = head + b' s="' + str(style).encode() + b'"'
        moved = _readdress(head + cell[head_end:], ref, p)
        return (
            _shift_formula_xml(moved, p, patch, old_ref) if patch.moves and patch.formula and b"<" + p + b"f" in moved else moved
        )
    return cell_xml(ref, op.value, style, date1904=patch.date1904, prefix=p.decode())


def _refuse_overwrite(cell: bytes, ref: str, p: bytes) -> None:
    head = cell[: cell.index(b">")]
    if b" vm=" in head:
        raise WorkbookError(
            f"cell {ref} holds an in-cell picture or data type that talentsheet would have to overwrite",
            "move the picture out of that cell in Excel and try again",
        )
    if _f_re(p).search(cell):
        raise WorkbookError(
            f"cell {ref} holds a formula that talentsheet would have to overwrite", "move the formula and try again"
        )


def _readdress(cell: bytes, ref: str, p: bytes) -> bytes:
    if _CELL_R.search(cell[: cell.index(b">")]):
        return _CELL_R.sub(b' r="' + ref.encode() + b'"', cell, count=1)
    return cell.replace(b"<" + p + b"c", b"<" + p + b'c r="' + ref.encode() + b'"', 1)


# --- reading facts about cells -----------------------------------------------------------------


def iter_rows(sheet: SheetXml) -> Iterator[tuple[int, bytes]]:
    """(row number, row XML) for every row, streamed."""
    row_re, _, _ = _res(sheet.prefix)
    last = 0
    for block in sheet.blocks:
        for m in row_re.finditer(block):
            rm = _R_ATTR.search(m.group(1))
            last = int(rm.group(1)) if rm else last + 1
            yield last, m.group(0)


def iter_cells(row_xml: bytes, prefix: bytes = b"") -> Iterator[tuple[int, bytes]]:
    """(column, cell XML) of one row."""
    _, cell_re, _ = _res(prefix)
    last = 0
    inner = row_xml[row_xml.index(b">") + 1 :]
    for m in cell_re.finditer(inner):
        cm = _CELL_R.search(m.group(1))
        last = _col_index(cm.group(1)) if cm else last + 1
        yield last, m.group(0)


def cell_style(cell: bytes) -> int:
    sm = _S_ATTR.search(cell[: cell.index(b">")])
    return int(sm.group(1)) if sm else 0


def cell_has_value(cell: bytes, p: bytes = b"") -> bool:
    return cell.rstrip().endswith(b"</" + p + b"c>") and (
        b"<" + p + b"v" in cell or b"<" + p + b"is" in cell or b"<" + p + b"f" in cell
    )


def readdress(cell: bytes, ref: str, prefix: bytes = b"") -> bytes:
    return _readdress(cell, ref, prefix)


def unshare(cell: bytes, ref: str, patch: RowPatch, prefix: bytes = b"") -> bytes:
    """A cell of a shared formula group as a cell with its own formula (for copying it
    elsewhere: the group's first cell stays behind). ``ref`` is where the cell is."""
    if not _T_SHARED.search(cell):
        return cell

    def fix(m: re.Match) -> bytes:
        attrs, body = m.group(1), m.group(2)
        if not _T_SHARED.search(attrs):
            return m.group(0)
        si = _SI.search(attrs)
        key = int(si.group(1)) if si else -1
        if body:
            text = _unxml(body)
        elif key in patch.shared:
            master, origin = patch.shared[key]
            text = _translate(master, origin, ref)
        else:
            raise WorkbookError(
                f"cell {ref} uses a shared formula whose first cell is missing", "open and re-save the workbook in Excel"
            )
        attrs = _REF_ATTR.sub(b"", _SI.sub(b"", _T_SHARED.sub(b"", attrs)))
        return b"<" + prefix + b"f" + attrs + b">" + escape(text).encode() + b"</" + prefix + b"f>"

    return _f_re(prefix).sub(fix, cell)


_TAG_RE = re.compile(rb"<(/?)(\w+:)?(\w+)")


def reprefix(cell: bytes, from_prefix: bytes, to_prefix: bytes) -> bytes:
    """A cell's XML moved between sheets that spell the main namespace differently
    (``<x:c>`` in one, ``<c>`` in the other)."""
    if from_prefix == to_prefix:
        return cell

    def fix(m: re.Match) -> bytes:
        if (m.group(2) or b"") != from_prefix:
            return m.group(0)
        return b"<" + m.group(1) + to_prefix + m.group(3)

    return _TAG_RE.sub(fix, cell)
