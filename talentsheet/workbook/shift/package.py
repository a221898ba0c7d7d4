"""Every part of a workbook package that points at rows of the edited sheet, moved.

The package is a ``dict`` of part name -> bytes (``xl/workbook.xml``,
``xl/worksheets/_rels/sheet1.xml.rels``...). Parts are found through the relationships,
as Excel finds them, never by guessing file names. Only parts that change are returned;
every other part stays byte-identical because it is never rewritten.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ...errors import InputError, WouldLoseDataError
from .drawing import shift_drawing
from .formula import may_name_sheet, shift_formula
from .notes import shift_comments, shift_vml
from .refs import area_rows, shift_area
from .rowmap import RowMap
from .shared import shift_shared_formula
from .sheet import shift_other_sheet_extras
from .xmlspan import Edits, Node, escape_text, parse, text_of, unescape


@dataclass(frozen=True)
class Rel:
    id: str
    type: str  # the last segment of the relationship type: "worksheet", "drawing", "table"...
    target: str  # the part name it points at, resolved ("xl/drawings/drawing1.xml")


def rels_part(part: str) -> str:
    """The relationships part of ``part``: ``xl/_rels/workbook.xml.rels`` for ``xl/workbook.xml``."""
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def relationships(parts: Mapping[str, bytes], part: str) -> list[Rel]:
    """``part``'s internal relationships (external targets such as web links are left out)."""
    data = parts.get(rels_part(part))
    if data is None:
        return []
    out = []
    for node in parse(data, where=rels_part(part)).iter("Relationship"):
        if (node.get("TargetMode") or "").lower() == "external":
            continue
        target = node.get("Target") or ""
        resolved = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        )
        out.append(Rel(node.get("Id") or "", (node.get("Type") or "").rsplit("/", 1)[-1], resolved))
    return out


def workbook_part(parts: Mapping[str, bytes]) -> str:
    for rel in relationships(parts, ""):
        if rel.type == "officeDocument":
            return rel.target
    return "xl/workbook.xml"


def worksheet_parts(parts: Mapping[str, bytes]) -> dict[str, str]:
    """Tab name -> worksheet part, in workbook order (chart sheets and dialogs left out)."""
    wb = workbook_part(parts)
    targets = {r.id: r for r in relationships(parts, wb)}
    out = {}
    for sheet in parse(parts[wb], where=wb).iter("sheet"):
        rel = targets.get(sheet.get("id") or "")
        if rel is not None and rel.type == "worksheet":
            out[sheet.get("name")] = rel.target
    return out


def shift_package(
    parts: Mapping[str, bytes],
    sheet_name: str,
    sheet_part: str,
    rowmap: RowMap,
    *,
    on_deleted_objects: str = "refuse",
    move_link_locations: bool = False,
) -> dict[str, bytes]:
    """The parts (other than ``sheet_part`` itself) that change when ``rowmap``'s rows of
    ``sheet_name`` are deleted/inserted, with their new bytes.

    Changed here: formulas in every other worksheet (shared formulas rewritten per cell when
    their cells would no longer agree), validations, conditional formats and sparklines on
    other sheets, defined names (print areas and titles, filter ranges), the edited sheet's
    tables, drawings, notes (legacy, VML and threaded), pivot table locations and control
    links, chart series anywhere, and pivot cache sources. ``sheet_part``'s own XML is the
    caller's (:func:`shift_sheet_extras` and the cells). ``on_deleted_objects``: see
    :mod:`.drawing`. ``move_link_locations``: also move internal hyperlink targets, which
    Excel leaves alone.
    """
    if not rowmap.is_sheet(sheet_name):
        raise InputError(
            f"the row map is for sheet {rowmap.sheet!r}, not {sheet_name!r}", "build the RowMap for the sheet being edited"
        )
    if rowmap.is_identity:
        return {}
    if sheet_part not in parts:
        raise InputError(
            f"{sheet_part} is not a part of this workbook", "pass the edited sheet's part name, e.g. xl/worksheets/sheet1.xml"
        )
    changed: dict[str, bytes] = {}

    def put(part: str, new: bytes) -> None:
        if new != parts[part]:
            changed[part] = new

    wb = workbook_part(parts)
    put(wb, shift_defined_names(parts[wb], rowmap))
    for name, part in worksheet_parts(parts).items():
        if part != sheet_part and part in parts:
            put(part, shift_other_sheet(parts[part], name, rowmap, move_link_locations=move_link_locations))
    for rel in relationships(parts, sheet_part):
        if rel.target not in parts:
            continue
        data = parts[rel.target]
        if rel.type == "drawing":
            put(rel.target, shift_drawing(data, rowmap, on_deleted=on_deleted_objects, where=rel.target))
        elif rel.type == "comments":
            put(rel.target, shift_comments(data, rowmap))
        elif rel.type == "threadedComment":
            put(rel.target, shift_comments(data, rowmap, element="threadedComment"))
        elif rel.type == "vmlDrawing":
            put(rel.target, shift_vml(data, rowmap))
        elif rel.type == "table":
            put(rel.target, shift_table(data, rowmap, rel.target))
        elif rel.type == "pivotTable":
            put(rel.target, shift_pivot_location(data, rowmap, rel.target))
        elif rel.type == "ctrlProp":
            put(rel.target, shift_control(data, rowmap.sheet, rowmap))
    for part in _charts(parts):
        put(part, shift_chart(parts[part], rowmap))
    for rel in relationships(parts, wb):
        if rel.type == "pivotCacheDefinition" and rel.target in parts:
            put(rel.target, shift_pivot_cache(parts[rel.target], rowmap, rel.target))
        elif rel.type == "calcChain" and rel.target in parts:
            put(rel.target, shift_calc_chain(parts[rel.target], _sheet_id(parts, wb, sheet_part), rowmap))
    return changed


def _sheet_id(parts: Mapping[str, bytes], wb: str, sheet_part: str) -> str | None:
    targets = {r.id: r.target for r in relationships(parts, wb)}
    for sheet in parse(parts[wb], where=wb).iter("sheet"):
        if targets.get(sheet.get("id") or "") == sheet_part:
            return sheet.get("sheetId")
    return None


def shift_calc_chain(xml: bytes, sheet_id: str | None, rowmap: RowMap) -> bytes:
    """The calculation chain: the edited sheet's formula cells renumbered, deleted ones out.

    An entry without ``i`` is on the sheet of the entry before it, so when an entry that
    named its sheet goes, the next one is given the name. (Dropping the whole part is also
    valid: Excel rebuilds it.)"""
    if sheet_id is None:
        return xml
    root = parse(xml, where="xl/calcChain.xml")
    edits = Edits(xml)
    current, carry = None, None
    for node in root.iter("c"):
        explicit = node.get("i")
        current = explicit if explicit is not None else current
        moved = shift_area(node.get("r"), rowmap) if current == sheet_id and node.get("r") else node.get("r")
        if moved is None:
            edits.remove(node)
            carry = current if explicit is not None or carry is not None else None
            continue
        if explicit is None and carry is not None:
            edits.replace(node.start + 2, node.start + 2, f' i="{carry}"'.encode())
        carry = None
        if moved != node.get("r"):
            edits.set_attr(node, "r", moved)
    return edits.apply()


def _charts(parts: Mapping[str, bytes]) -> list[str]:
    found = set()
    for rels in parts:
        if rels.endswith(".rels"):
            owner = posixpath.join(posixpath.dirname(posixpath.dirname(rels)), posixpath.basename(rels)[: -len(".rels")])
            found.update(r.target for r in relationships(parts, owner) if r.type in ("chart", "chartEx") and r.target in parts)
    return sorted(found)


def _mentions(data: bytes, sheet: str) -> bool:
    """Whether the sheet's name occurs in the part at all (as written in XML, ASCII case-blind):
    a part that never names the sheet has nothing to move, and is not parsed."""
    variants = {sheet, sheet.replace("&", "&amp;"), sheet.replace("'", "''"), sheet.replace("'", "''").replace("&", "&amp;")}
    variants |= {v.replace("'", "&apos;") for v in set(variants)} | {v.replace("'", "&#39;") for v in set(variants)}
    pattern = b"|".join(re.escape(v.encode("utf-8")) for v in variants)
    return re.search(pattern, data, re.IGNORECASE) is not None


# --- workbook.xml ------------------------------------------------------------------------


def shift_defined_names(xml: bytes, rowmap: RowMap) -> bytes:
    """Defined names (and print areas, print titles, filter ranges) that point at the sheet."""
    if not _mentions(xml, rowmap.sheet):
        return xml
    root = parse(xml, where="xl/workbook.xml")
    edits = Edits(xml)
    for node in root.iter("definedName"):
        if node.close_start > node.open_end:
            edits.set_text(node, shift_formula(text_of(xml, node), None, rowmap))
    return edits.apply()


# --- other worksheets ----------------------------------------------------------------------

_SHEET_DATA = re.compile(rb"<((?:[\w.\-]+:)?)sheetData\b[^>]*?(/?)>")
_F = re.compile(rb"<((?:[\w.\-]+:)?)f((?:\s[^>]*?)?)(?:/>|>([^<]*)</\1f\s*>)")
_F_ATTR = re.compile(rb"\s([\w:]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CELL_R = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]{1,3}[0-9]{1,7})[\"']")


def shift_other_sheet(xml: bytes, host_sheet: str, rowmap: RowMap, *, move_link_locations: bool = False) -> bytes:
    """Another worksheet: its cell formulas and its formula-bearing elements that name the
    edited sheet. Cells do not move here, so only formula text changes."""
    if not _mentions(xml, rowmap.sheet):
        return xml
    edits = shift_other_sheet_extras(xml, host_sheet, rowmap, move_link_locations=move_link_locations)
    span = _sheet_data_span(xml)
    if span is not None:
        _shift_cell_formulas(xml, span, host_sheet, rowmap, edits)
    return edits.apply()


def _sheet_data_span(xml: bytes) -> tuple[int, int] | None:
    m = _SHEET_DATA.search(xml)
    if m is None or m[2]:
        return None
    end = xml.find(b"</" + m[1] + b"sheetData", m.end())
    return (m.end(), end) if end != -1 else None


@dataclass
class _FormulaCell:
    start: int
    end: int
    prefix: bytes
    attrs: dict[str, str]
    text: str | None
    text_span: tuple[int, int] = (0, 0)


def _shift_cell_formulas(xml: bytes, span: tuple[int, int], host: str, rowmap: RowMap, edits: Edits) -> None:
    groups: dict[str, list[_FormulaCell]] = {}
    masters: dict[str, _FormulaCell] = {}
    for m in _F.finditer(xml, *span):
        attrs = {a[1].decode(): (a[2] if a[2] is not None else a[3]).decode() for a in _F_ATTR.finditer(m[2] or b"")}
        f = _FormulaCell(m.start(), m.end(), m[1], attrs, None if m[3] is None else unescape(m[3]), m.span(3))
        if attrs.get("t") == "shared" and "si" in attrs:
            groups.setdefault(attrs["si"], []).append(f)
            if f.text is not None and "ref" in attrs:
                masters[attrs["si"]] = f
        elif f.text:
            new = shift_formula(f.text, host, rowmap)
            if new != f.text:
                edits.replace(m.start(3), m.end(3), escape_text(new))
    for si, master in masters.items():
        _shift_shared(xml, master, groups[si], host, rowmap, edits)


def _shift_shared(xml: bytes, master: _FormulaCell, members: list[_FormulaCell], host: str, rowmap: RowMap, edits: Edits) -> None:
    """A shared group on another sheet: the master's text changes while every cell still
    agrees; otherwise each cell is written with its own formula."""
    if not may_name_sheet(master.text, rowmap.sheet):
        return
    cells = {_cell_of(xml, f): f for f in members}
    origin = _cell_of(xml, master)
    moved = shift_shared_formula(master.text, origin, [c for c in cells if c != origin], master.attrs["ref"], host, rowmap)
    if moved is None:  # cells do not move on another sheet, so this cannot happen
        return
    if moved.per_cell is None:
        if moved.text != master.text:
            edits.replace(*master.text_span, escape_text(moved.text))
        return
    for cell, f in cells.items():
        kept = "".join(f' {k}="{v}"' for k, v in f.attrs.items() if k not in ("t", "ref", "si"))
        edits.replace(
            f.start,
            f.end,
            b"<" + f.prefix + b"f" + kept.encode() + b">" + escape_text(moved.per_cell[cell]) + b"</" + f.prefix + b"f>",
        )


def _cell_of(xml: bytes, f: _FormulaCell) -> str:
    start = xml.rfind(b"<" + f.prefix + b"c", 0, f.start)
    m = _CELL_R.search(xml, start, xml.index(b">", start)) if start != -1 else None
    if m is None:
        raise WouldLoseDataError("a shared formula's cell has no address", "open and save the workbook in Excel, then try again")
    return m[1].decode()


# --- parts that belong to the edited sheet ----------------------------------------------


def shift_table(xml: bytes, rowmap: RowMap, where: str = "a table") -> bytes:
    """A table on the edited sheet: its range (and autoFilter/sortState) moved; its
    calculated-column and totals formulas moved. Refused if the rows would remove its header
    row, its totals row or every data row (Excel will not do that to a table either)."""
    root = parse(xml, where=where)
    table = root.children[0]
    edits = Edits(xml)
    ref = table.get("ref")
    new = shift_area(ref, rowmap)
    _check_table(table, ref, new, rowmap)
    edits.set_attr(table, "ref", new)
    for node in table.iter():
        if node.name in ("autoFilter", "sortState") and node.get("ref"):
            edits.set_attr(node, "ref", shift_area(node.get("ref"), rowmap) or new)
        elif node.name in ("calculatedColumnFormula", "totalsRowFormula") and node.close_start > node.open_end:
            edits.set_text(node, shift_formula(text_of(xml, node), rowmap.sheet, rowmap))
    return edits.apply()


def _check_table(table: Node, ref: str, new: str | None, rowmap: RowMap) -> None:
    top, bottom = area_rows(ref)
    header = (table.get("headerRowCount") or "1") != "0"
    totals = int(table.get("totalsRowCount") or "0") > 0
    name = table.get("displayName") or table.get("name") or "a table"
    body = (top + (1 if header else 0), bottom - (1 if totals else 0))
    lost = []
    if header and rowmap.map_row(top) is None:
        lost.append("header row")
    if totals and rowmap.map_row(bottom) is None:
        lost.append("totals row")
    if new is None or (body[0] <= body[1] and rowmap.map_span(*body) is None):
        lost.append("every data row")
    if lost:
        raise WouldLoseDataError(
            f"the rows being deleted would remove the {' and '.join(lost)} of table {name!r}",
            "delete fewer rows, or convert the table to a range in Excel first",
        )


def shift_pivot_location(xml: bytes, rowmap: RowMap, where: str = "a pivot table") -> bytes:
    """A pivot table on the edited sheet moves with rows above it; Excel refuses to delete
    or insert rows through one, and so do we."""
    root = parse(xml, where=where)
    edits = Edits(xml)
    for node in root.iter("location"):
        ref = node.get("ref")
        new = shift_area(ref, rowmap)
        if new is None or _height(new) != _height(ref):
            name = root.children[0].get("name") or "a pivot table"
            raise WouldLoseDataError(
                f"the rows being changed cut through pivot table {name!r}", "move the pivot table away from those rows first"
            )
        edits.set_attr(node, "ref", new)
    return edits.apply()


def _height(ref: str) -> int:
    top, bottom = area_rows(ref)
    return bottom - top


def shift_control(xml: bytes, host_sheet: str, rowmap: RowMap) -> bytes:
    """A form control's properties (``fmlaLink``, ``fmlaRange``: the cells it reads/writes)."""
    root = parse(xml, where="a form control")
    edits = Edits(xml)
    for node in root.iter("formControlPr"):
        for attr in ("fmlaLink", "fmlaRange", "fmlaTxbx", "fmlaGroup"):
            if node.get(attr):
                edits.set_attr(node, attr, shift_formula(node.get(attr), host_sheet, rowmap))
    return edits.apply()


# --- parts anywhere that name the sheet ---------------------------------------------------


def shift_chart(xml: bytes, rowmap: RowMap) -> bytes:
    """Chart series, titles and labels that read the sheet (every ``c:f``/``cx:f``)."""
    if not _mentions(xml, rowmap.sheet):
        return xml
    root = parse(xml, where="a chart")
    edits = Edits(xml)
    for node in root.iter("f"):
        if node.close_start > node.open_end:
            edits.set_text(node, shift_formula(text_of(xml, node), None, rowmap))
    return edits.apply()


def shift_pivot_cache(xml: bytes, rowmap: RowMap, where: str = "a pivot cache") -> bytes:
    """A pivot cache whose source is a range of the sheet (not a table or a name)."""
    if not _mentions(xml, rowmap.sheet):
        return xml
    root = parse(xml, where=where)
    edits = Edits(xml)
    for node in root.iter("worksheetSource"):
        if node.get("ref") and rowmap.is_sheet(node.get("sheet")) and "id" not in node.attrs:
            new = shift_area(node.get("ref"), rowmap)
            if new is None:
                raise WouldLoseDataError(
                    "the rows being deleted hold the whole source range of a pivot table", "change the pivot table's source first"
                )
            edits.set_attr(node, "ref", new)
    return edits.apply()
