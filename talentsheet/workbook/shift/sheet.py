"""The edited worksheet's own XML outside its cells: every element that names rows of it.

sheetData is never read (its span is skipped whether it is there or was cut out by the
caller); the cells and their formulas are the editor's. What is changed, as Excel does:
dimension, views (top-left cell, pane, selection), protected ranges, scenarios, autoFilter
and sort state, merged cells, conditional formats and data validations (ranges and the
formulas inside them), hyperlinks, row page breaks, cell watches, ignored errors, the
anchors of embedded objects and controls, and the x14 extensions (conditional formats,
validations, sparklines: every ``xm:sqref`` and ``xm:f``, which MS-XLSX says an application
may adjust even inside an extension it does not know).
"""

from __future__ import annotations

from .formula import shift_formula, translate_formula
from .refs import area_rows, area_top_left, read_operand, shift_area, shift_sqref, slide_cell
from .rowmap import RowMap
from .xmlspan import Edits, Node, parse, text_of

_OPAQUE = frozenset({"sheetData"})


def shift_sheet_extras(xml: bytes, rowmap: RowMap, *, move_link_locations: bool = False) -> bytes:
    """The edited sheet's XML with everything outside sheetData moved by ``rowmap``.

    ``move_link_locations`` also moves the targets of internal hyperlinks (``location``)
    that point at this sheet; Excel itself leaves those as typed."""
    if rowmap.is_identity:
        return xml
    root = parse(xml, _OPAQUE, "the worksheet")
    edits = Edits(xml)
    sheet = rowmap.sheet
    for node in _top_children(root):
        handler = _EDITED_HANDLERS.get(node.name)
        if handler is not None:
            handler(node, edits, rowmap)
    for node in root.iter():
        if node.name == "hyperlink" and move_link_locations:
            _shift_location(node, edits, sheet, rowmap)
    _shift_extensions(root, edits, sheet, rowmap, edited=True)
    return edits.apply()


def shift_other_sheet_extras(xml: bytes, host_sheet: str, rowmap: RowMap, *, move_link_locations: bool = False) -> Edits:
    """Edits for another sheet's XML outside sheetData: only formulas that name the edited
    sheet change there (validation lists, conditional-format formulas, sparkline data...)."""
    root = parse(xml, _OPAQUE, f"sheet {host_sheet!r}")
    edits = Edits(xml)
    for node in root.iter():
        if (
            node.name in ("formula", "formula1", "formula2")
            and node.parent is not None
            and node.parent.name in ("cfRule", "dataValidation")
        ):
            _shift_text_formula(node, edits, host_sheet, rowmap)
        elif node.name == "cfvo" and "val" in node.attrs:
            edits.set_attr(node, "val", shift_formula(node.get("val"), host_sheet, rowmap))
        elif node.name == "hyperlink" and move_link_locations:
            _shift_location(node, edits, host_sheet, rowmap)
        elif node.name == "dataRef":
            _shift_data_ref(node, edits, rowmap)
    _shift_extensions(root, edits, host_sheet, rowmap, edited=False)
    return edits


def _top_children(root: Node) -> list[Node]:
    return root.children[0].children if root.children else []


# --- one handler per top-level element of the edited sheet ------------------------------


def _dimension(node: Node, edits: Edits, rowmap: RowMap) -> None:
    ref = node.get("ref")
    if ref:
        moved = shift_area(ref, rowmap)
        edits.set_attr(node, "ref", _as_sqref(moved) if moved else "A1")


def _sheet_views(node: Node, edits: Edits, rowmap: RowMap) -> None:
    for view in node.iter():
        if view.name in ("sheetView", "customSheetView") and view.get("topLeftCell"):
            edits.set_attr(view, "topLeftCell", slide_cell(view.get("topLeftCell"), rowmap))
        elif view.name == "pane" and view.get("topLeftCell"):
            edits.set_attr(view, "topLeftCell", _pane_top_left(view, rowmap))
        elif view.name == "selection":
            _selection(view, edits, rowmap)
        elif view.name == "rowBreaks":
            _row_breaks(view, edits, rowmap)


def _pane_top_left(pane: Node, rowmap: RowMap) -> str:
    """A frozen pane's first scrolling cell moves with its row but never into the frozen part."""
    moved = slide_cell(pane.get("topLeftCell"), rowmap)
    split = pane.get("ySplit")
    if pane.get("state") in ("frozen", "frozenSplit") and split:
        first = int(float(split)) + 1
        pieces = read_operand(moved)
        if pieces[0].row < first:
            return f"{pieces[0].col_abs}{pieces[0].col}{pieces[0].row_abs}{first}"
    return moved


def _selection(node: Node, edits: Edits, rowmap: RowMap) -> None:
    active = node.get("activeCell")
    if active:
        active = slide_cell(active, rowmap)
        edits.set_attr(node, "activeCell", active)
    sqref = node.get("sqref")
    if sqref:
        edits.set_attr(node, "sqref", shift_sqref(sqref, rowmap) or active or "A1")


def _sqref_list(container: str, item: str):
    """Handler for a list element whose items carry ``sqref`` and go when it is empty."""

    def handler(node: Node, edits: Edits, rowmap: RowMap) -> None:
        items = node.findall(item)
        kept = 0
        for child in items:
            new = shift_sqref(child.get("sqref") or "", rowmap)
            if new:
                edits.set_attr(child, "sqref", new)
                kept += 1
            else:
                edits.remove(child)
        _finish_list(node, edits, kept, len(items))

    handler.__name__ = f"_{container}"
    return handler


def _finish_list(node: Node, edits: Edits, kept: int, total: int) -> None:
    if kept == 0 and total:
        edits.remove(node)
    elif kept != total and "count" in node.attrs:
        edits.set_attr(node, "count", str(kept))


def _scenarios(node: Node, edits: Edits, rowmap: RowMap) -> None:
    if node.get("sqref"):
        edits.set_attr(node, "sqref", shift_sqref(node.get("sqref"), rowmap) or "A1")
    for scenario in node.findall("scenario"):
        cells = scenario.findall("inputCells")
        moved = [shift_area(c.get("r"), rowmap) for c in cells]
        if any(m is None for m in moved):
            edits.remove(scenario)  # an input cell is gone: Excel drops the scenario
            continue
        for cell, new in zip(cells, moved, strict=True):
            edits.set_attr(cell, "r", new)


def _ranged(node: Node, edits: Edits, rowmap: RowMap) -> None:
    """autoFilter / sortState: move ``ref``; gone with its rows."""
    moved = shift_area(node.get("ref"), rowmap) if node.get("ref") else None
    if node.get("ref") and moved is None:
        edits.remove(node)
        return
    if moved:
        edits.set_attr(node, "ref", moved)
    for child in node.iter("sortState"):
        if child is not node:
            _ranged(child, edits, rowmap)


def _merge_cells(node: Node, edits: Edits, rowmap: RowMap) -> None:
    items = node.findall("mergeCell")
    kept = 0
    for cell in items:
        moved = shift_area(cell.get("ref"), rowmap)
        if moved is None or ":" not in _as_sqref(moved):
            edits.remove(cell)  # all rows gone, or one cell left: no merge any more
        else:
            edits.set_attr(cell, "ref", moved)
            kept += 1
    _finish_list(node, edits, kept, len(items))


def _conditional_formatting(node: Node, edits: Edits, rowmap: RowMap) -> None:
    old = node.get("sqref") or ""
    new = shift_sqref(old, rowmap)
    if not new:
        edits.remove(node)
        return
    edits.set_attr(node, "sqref", new)
    drow, dcol = anchor_move(old, rowmap)
    for rule in node.findall("cfRule"):
        for part in rule.iter():
            if part.name == "formula":
                _shift_text_formula(part, edits, rowmap.sheet, rowmap, drow, dcol)
            elif part.name == "cfvo" and "val" in part.attrs:
                edits.set_attr(part, "val", _anchored(part.get("val"), rowmap.sheet, rowmap, drow, dcol))


def _data_validations(node: Node, edits: Edits, rowmap: RowMap) -> None:
    items = node.findall("dataValidation")
    kept = 0
    for dv in items:
        old = dv.get("sqref") or ""
        new = shift_sqref(old, rowmap)
        if not new:
            edits.remove(dv)
            continue
        kept += 1
        edits.set_attr(dv, "sqref", new)
        drow, dcol = anchor_move(old, rowmap)
        for part in dv.children:
            if part.name in ("formula1", "formula2"):
                _shift_text_formula(part, edits, rowmap.sheet, rowmap, drow, dcol)
    _finish_list(node, edits, kept, len(items))


def _hyperlinks(node: Node, edits: Edits, rowmap: RowMap) -> None:
    items = node.findall("hyperlink")
    kept = 0
    for link in items:
        moved = shift_area(link.get("ref"), rowmap)
        if moved is None:
            edits.remove(link)  # its cell is gone
        else:
            edits.set_attr(link, "ref", moved)
            kept += 1
    _finish_list(node, edits, kept, len(items))


def _row_breaks(node: Node, edits: Edits, rowmap: RowMap) -> None:
    """A break sits above row id+1 (id is the last row of the page) and goes with that row."""
    items = node.findall("brk")
    kept = manual = 0
    for brk in items:
        new = rowmap.map_row(int(brk.get("id") or 0) + 1)
        if new is None or new <= 1:
            edits.remove(brk)
            continue
        edits.set_attr(brk, "id", str(new - 1))
        kept += 1
        manual += brk.get("man") in ("1", "true")
    if kept != len(items):
        if "count" in node.attrs:
            edits.set_attr(node, "count", str(kept))
        if "manualBreakCount" in node.attrs:
            edits.set_attr(node, "manualBreakCount", str(manual))


def _cell_watches(node: Node, edits: Edits, rowmap: RowMap) -> None:
    items = node.findall("cellWatch")
    kept = 0
    for watch in items:
        moved = shift_area(watch.get("r"), rowmap)
        if moved is None:
            edits.remove(watch)
        else:
            edits.set_attr(watch, "r", moved)
            kept += 1
    _finish_list(node, edits, kept, len(items))


def _objects(node: Node, edits: Edits, rowmap: RowMap) -> None:
    """oleObjects / controls: each ``anchor`` (from/to cells) moves as Excel moves the object."""
    from .drawing import shift_object_anchor

    for anchor in node.iter("anchor"):
        shift_object_anchor(anchor, edits, rowmap)


_EDITED_HANDLERS = {
    "dimension": _dimension,
    "sheetViews": _sheet_views,
    "customSheetViews": _sheet_views,
    "protectedRanges": _sqref_list("protectedRanges", "protectedRange"),
    "scenarios": _scenarios,
    "autoFilter": _ranged,
    "sortState": _ranged,
    "mergeCells": _merge_cells,
    "conditionalFormatting": _conditional_formatting,
    "dataValidations": _data_validations,
    "hyperlinks": _hyperlinks,
    "rowBreaks": _row_breaks,
    "cellWatches": _cell_watches,
    "ignoredErrors": _sqref_list("ignoredErrors", "ignoredError"),
    "oleObjects": _objects,
    "controls": _objects,
}


# --- formulas written for an anchor cell -------------------------------------------------


def anchor_move(sqref: str, rowmap: RowMap) -> tuple[int, int]:
    """How far the anchor of a range list's formulas moves in the old numbering.

    Relative references in conditional-format and validation formulas are written for the
    top-left cell of the first range. When that cell's row is deleted, the first surviving
    cell becomes the anchor, so the formula is first rewritten for that cell (as copying it
    there would), then its references are moved."""
    areas = sqref.split()
    if not areas:
        return 0, 0
    top, left = area_top_left(areas[0])
    for area in areas:
        first, last = area_rows(area)
        survivor = rowmap.first_surviving(first, last)
        if survivor is not None:
            return survivor - top, area_top_left(area)[1] - left
    return 0, 0


def _anchored(formula: str, host: str, rowmap: RowMap, drow: int, dcol: int) -> str:
    return shift_formula(translate_formula(formula, drow, dcol), host, rowmap)


def _shift_text_formula(node: Node, edits: Edits, host: str, rowmap: RowMap, drow: int = 0, dcol: int = 0) -> None:
    if node.close_start > node.open_end:
        edits.set_text(node, _anchored(text_of(edits.data, node), host, rowmap, drow, dcol))


def _shift_location(node: Node, edits: Edits, host: str, rowmap: RowMap) -> None:
    location = node.get("location")
    if location:
        edits.set_attr(node, "location", shift_formula(location, host, rowmap))


def _shift_data_ref(node: Node, edits: Edits, rowmap: RowMap) -> None:
    if node.get("ref") and rowmap.is_sheet(node.get("sheet")) and not node.get("r:id"):
        edits.set_attr(node, "ref", shift_area(node.get("ref"), rowmap) or "#REF!")


def _as_sqref(area: str) -> str:
    pieces = read_operand(area)
    if len(pieces) == 2 and pieces[0].kind == "cell" and pieces[0].text() == pieces[1].text():
        return pieces[0].text()
    return area


# --- extensions: x14 conditional formats, validations, sparklines ------------------------

_EXT_LISTS = ("dataValidations", "conditionalFormattings", "sparklineGroups", "sparklines", "ignoredErrors")
_SQREF_OWNERS = ("conditionalFormatting", "dataValidation", "sparkline", "ignoredError", "protectedRange")


def _shift_extensions(root: Node, edits: Edits, host: str, rowmap: RowMap, *, edited: bool) -> None:
    for ext_list in root.iter("extLst"):
        for node in ext_list.iter():
            if node.name == "sqref" and edited:
                _ext_sqref(node, edits, host, rowmap)
            elif node.name == "f" and not (edited and _owned_by_sqref(node)):
                _shift_text_formula(node, edits, host, rowmap)
    # lists whose items went: innermost first, so an emptied sparkline group counts as gone
    lists = [n for ext_list in root.iter("extLst") for n in ext_list.iter() if n.name in _EXT_LISTS]
    for node in reversed(lists):
        _finish_ext_list(node, edits)


def _owned_by_sqref(node: Node) -> bool:
    """A formula inside an x14 conditional format or validation is handled with its sqref."""
    return _sqref_owner(node) is not None and _sqref_owner(node).name in ("conditionalFormatting", "dataValidation")


def _sqref_owner(node: Node) -> Node | None:
    p = node.parent
    while p is not None and p.name not in _SQREF_OWNERS:
        p = p.parent
    return p if p is not None and p.find("sqref") is not None else None


def _ext_sqref(node: Node, edits: Edits, host: str, rowmap: RowMap) -> None:
    owner = node.parent
    old = text_of(edits.data, node)
    new = shift_sqref(old, rowmap)
    if not new and owner is not None:
        edits.remove(owner)
        return
    edits.set_text(node, new)
    if owner is not None and owner.name in ("conditionalFormatting", "dataValidation"):
        drow, dcol = anchor_move(old, rowmap)
        for f in owner.iter("f"):
            _shift_text_formula(f, edits, host, rowmap, drow, dcol)


def _finish_ext_list(node: Node, edits: Edits) -> None:
    items = [c for c in node.children if c.name != "extLst"]
    kept = sum(1 for c in items if not edits.removed(c))
    if kept == 0 and items:
        outer = _outermost_empty(node)
        edits.remove(outer)
        if outer is not node:
            edits.remove(node)  # so the list above counts it as gone too
    elif kept != len(items) and "count" in node.attrs:
        edits.set_attr(node, "count", str(kept))


def _outermost_empty(node: Node) -> Node:
    """An emptied x14 list goes, and with it its sparkline group or its ``ext`` wrapper."""
    if node.name == "sparklines" and node.parent is not None:
        return node.parent
    if node.parent is not None and node.parent.name == "ext" and len(node.parent.children) == 1:
        return node.parent
    return node
