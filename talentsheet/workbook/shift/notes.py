"""Notes and threaded comments on the edited sheet, and their legacy VML boxes.

A note belongs to its cell: it moves with the cell's row and is deleted with it, as Excel
deletes the notes of deleted cells (list them first with :func:`notes_in_rows` if they must
be kept elsewhere). The VML part draws each note (``x:Row``, 0-based, and ``x:Anchor``, the
box) and the sheet's legacy form controls; VML is not always well-formed XML, so it is
edited by its ``<v:shape>`` spans only.
"""

from __future__ import annotations

import re

from .formula import shift_formula
from .refs import shift_area
from .rowmap import MAX_ROW, RowMap
from .xmlspan import Edits, parse, unescape

_P = rb"(?:[\w.\-]+:)?"  # any namespace prefix: Excel writes v:/x:, other writers ns0:...
_SHAPE = re.compile(rb"<(" + _P + rb")shape\b[^>]*>.*?</\1shape\s*>", re.S)
_CLIENT = re.compile(rb"<" + _P + rb"ClientData\b[^>]*\bObjectType\s*=\s*[\"']([^\"']*)[\"']", re.S)
_ROW = re.compile(rb"(<" + _P + rb"Row>\s*)(\d+)(\s*</" + _P + rb"Row>)")
_ANCHOR = re.compile(rb"(<" + _P + rb"Anchor>)([^<]*)(</" + _P + rb"Anchor>)")
_FMLA = re.compile(
    rb"(<" + _P + rb"(?:FmlaLink|FmlaRange|FmlaTxbx|FmlaGroup)>)([^<]*)(</" + _P + rb"(?:FmlaLink|FmlaRange|FmlaTxbx|FmlaGroup)>)"
)


def shift_comments(xml: bytes, rowmap: RowMap, *, element: str = "comment") -> bytes:
    """A legacy comments part (``comment``) or a threaded comments part
    (``threadedComment``): ``ref`` moved, comments of deleted cells removed."""
    if rowmap.is_identity:
        return xml
    root = parse(xml, where="a comments part")
    edits = Edits(xml)
    for node in root.iter(element):
        moved = shift_area(node.get("ref"), rowmap)
        if moved is None:
            edits.remove(node)
        else:
            edits.set_attr(node, "ref", moved)
    return edits.apply()


def notes_in_rows(xml: bytes, rowmap: RowMap, *, element: str = "comment") -> list[str]:
    """Cells whose notes (or threaded comments) the row map deletes, in part order."""
    root = parse(xml, where="a comments part")
    return [n.get("ref") for n in root.iter(element) if shift_area(n.get("ref"), rowmap) is None]


def shift_vml(vml: bytes, rowmap: RowMap) -> bytes:
    """Note boxes move with their cell (and go with it); controls drawn in VML move with
    their top row and keep their size; their cell links are moved like formulas."""
    if rowmap.is_identity:
        return vml
    out, last = [], 0
    for m in _SHAPE.finditer(vml):
        new = _shift_shape(m[0], rowmap)
        if new != m[0]:
            out += [vml[last : m.start()], new]
            last = m.end()
    if not out:
        return vml
    out.append(vml[last:])
    return b"".join(out)


def _shift_shape(shape: bytes, rowmap: RowMap) -> bytes:
    client = _CLIENT.search(shape)
    if client is None:
        return shape
    delta = None
    row = _ROW.search(shape)
    if client[1] == b"Note" and row is not None:
        old = int(row[2]) + 1
        new = rowmap.map_row(old)
        if new is None:
            return b""  # the note's cell is gone, and the note with it
        delta = new - old
        shape = shape[: row.start(2)] + str(new - 1).encode() + shape[row.end(2) :]
    shape = _ANCHOR.sub(lambda m: m[1] + _shift_anchor(m[2], rowmap, delta) + m[3], shape)
    return _FMLA.sub(lambda m: m[1] + _shift_link(m[2], rowmap) + m[3], shape)


def _shift_anchor(text: bytes, rowmap: RowMap, delta: int | None) -> bytes:
    """``LeftColumn, LeftOffset, TopRow, TopOffset, RightColumn, RightOffset, BottomRow,
    BottomOffset`` (rows 0-based): moved by the note's row, or by the top row's move."""
    parts = text.split(b",")
    if len(parts) != 8:
        return text
    top, bottom = int(parts[2]), int(parts[6])
    if delta is None:
        delta = rowmap.slide_row(top + 1) - (top + 1)
    new_top = min(max(top + delta, 0), MAX_ROW - 1)
    new_bottom = min(max(bottom + delta, 0), MAX_ROW - 1)
    lead = parts[2][: len(parts[2]) - len(parts[2].lstrip())]
    parts[2] = lead + str(new_top).encode()
    parts[6] = parts[6][: len(parts[6]) - len(parts[6].lstrip())] + str(new_bottom).encode()
    return b",".join(parts)


def _shift_link(text: bytes, rowmap: RowMap) -> bytes:
    """A control's cell link (``$B$5`` on its own sheet, or ``Sheet1!$B$5``)."""
    formula = unescape(text).strip()
    if not formula:
        return text
    moved = shift_formula(formula, rowmap.sheet, rowmap)
    return text if moved == formula else moved.replace("&", "&amp;").replace("<", "&lt;").encode()
