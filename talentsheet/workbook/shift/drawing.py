"""Pictures, charts, shapes and controls anchored to the edited sheet's cells.

Excel moves an object with its cells unless it is set not to: ``twoCell`` anchors ("move
and size with cells", the default) have both corners moved, so rows inserted inside the
object stretch it and rows deleted inside shrink it; ``oneCell`` anchors ("move but don't
size") move by their top-left corner and keep their height in rows; ``absolute`` anchors
stay. A corner in a deleted row goes to the top of the row that takes its place.

An object that lies wholly inside deleted rows is what Excel deletes along with them (for
"move and size" objects); since that loses the object, the caller chooses:
``"refuse"`` (raise :class:`~talentsheet.errors.WouldLoseDataError` naming it, nothing
changed), ``"keep"`` (keep it, zero rows high, at the top of the row below) or ``"delete"``
(remove its anchor, as Excel does).
"""

from __future__ import annotations

from ...errors import InputError, WouldLoseDataError
from .rowmap import MAX_ROW, RowMap
from .xmlspan import Edits, Node, parse, text_of

ON_DELETED = ("refuse", "keep", "delete")


def shift_drawing(xml: bytes, rowmap: RowMap, *, on_deleted: str = "refuse", where: str = "a drawing") -> bytes:
    """A drawing part (``xdr:wsDr``) of the edited sheet with its anchors moved."""
    if on_deleted not in ON_DELETED:
        raise InputError(f"on_deleted must be one of {', '.join(ON_DELETED)}, not {on_deleted!r}", "")
    if rowmap.is_identity:
        return xml
    root = parse(xml, where=where)
    edits = Edits(xml)
    for anchor in root.iter():
        if anchor.name == "twoCellAnchor":
            _two_cell(anchor, edits, rowmap, anchor.get("editAs") or "twoCell", on_deleted, rowmap.sheet)
        elif anchor.name == "oneCellAnchor":
            _two_cell(anchor, edits, rowmap, "oneCell", on_deleted, rowmap.sheet)
    return edits.apply()


def shift_object_anchor(anchor: Node, edits: Edits, rowmap: RowMap) -> None:
    """An embedded object's or control's ``<anchor moveWithCells sizeWithCells>`` in the
    sheet XML. Its drawing and VML parts hold the object, so it is never removed here."""
    move = anchor.get("moveWithCells") in ("1", "true")
    size = anchor.get("sizeWithCells") in ("1", "true")
    mode = "twoCell" if move and size else "oneCell" if move else "absolute"
    _two_cell(anchor, edits, rowmap, mode, "keep", rowmap.sheet)


def _two_cell(anchor: Node, edits: Edits, rowmap: RowMap, mode: str, on_deleted: str, sheet: str) -> None:
    start, end = anchor.find("from"), anchor.find("to")
    if start is None or mode == "absolute":
        return
    top = _point(start, edits)
    bottom = _point(end, edits) if end is not None else None
    if mode == "twoCell" and bottom is not None and _wholly_deleted(top, bottom, rowmap):
        if on_deleted == "refuse":
            raise WouldLoseDataError(
                f"the rows being deleted on sheet {sheet!r} hold the whole of {_describe(anchor)}",
                "move it out of those rows (or delete it yourself) and try again",
            )
        if on_deleted == "delete":
            edits.remove(_outer(anchor))
            return
    new_top = rowmap.map_point(*top, is_end=False)
    _write_point(start, edits, new_top)
    if bottom is None:
        return
    if mode == "twoCell":
        new_bottom = rowmap.map_point(*bottom, is_end=True)
    else:
        new_bottom = (min(bottom[0] + new_top[0] - top[0], MAX_ROW - 1), bottom[1])
    _write_point(end, edits, new_bottom)


def _point(node: Node, edits: Edits) -> tuple[int, int]:
    row, off = node.find("row"), node.find("rowOff")
    return int(text_of(edits.data, row)), int(text_of(edits.data, off)) if off is not None else 0


def _write_point(node: Node, edits: Edits, point: tuple[int, int]) -> None:
    row, off = node.find("row"), node.find("rowOff")
    edits.set_text(row, str(point[0]))
    if off is not None:
        edits.set_text(off, str(point[1]))


def _wholly_deleted(top: tuple[int, int], bottom: tuple[int, int], rowmap: RowMap) -> bool:
    first = top[0] + 1
    last = bottom[0] + 1 if bottom[1] > 0 else bottom[0]  # ending at a row's top: that row is not covered
    return rowmap.map_span(first, max(first, last)) is None


def _describe(anchor: Node) -> str:
    kinds = {
        "pic": "the picture",
        "graphicFrame": "the chart or frame",
        "sp": "the shape",
        "grpSp": "the group",
        "cxnSp": "the connector",
    }
    for child in anchor.children:
        if child.name in kinds:
            name = next((n.get("name") for n in child.iter("cNvPr")), None)
            return f"{kinds[child.name]} {name!r}" if name else kinds[child.name]
    return "a drawing object"


def _outer(anchor: Node) -> Node:
    """The anchor, or the mc:AlternateContent that wraps it (both choices go together)."""
    p = anchor.parent
    while p is not None and p.name in ("Choice", "Fallback"):
        p = p.parent
    return p if p is not None and p.name == "AlternateContent" else anchor
