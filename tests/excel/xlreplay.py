"""Apply xlwings' remote actions to an .xlsx with openpyxl: a test double for Excel's client.

It plays the part of the Office.js client closely enough to assert on end states: actions
apply in order, sheet positions refer to the book as it is at that moment, and text written
with ``setValues`` is coerced like Excel does (``=...`` becomes a formula, numeric text a
number, a leading apostrophe keeps text as text). Unknown actions raise, so a test fails
when the Excel layer starts using something the double does not model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

# the only formula talentsheet writes: =HYPERLINK("target","text") or =HYPERLINK("target",12)
HYPERLINK = re.compile(r'^=HYPERLINK\("((?:[^"]|"")*)",(?:"((?:[^"]|"")*)"|(-?\d+(?:\.\d+)?))\)$')
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")


@dataclass
class Replay:
    """The workbook after the actions, plus what Excel would have shown (alerts, formulas)."""

    wb: Workbook
    alerts: list[tuple[str, str]] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)  # cells where text turned into a formula
    links: list[str] = field(default_factory=list)  # cells that got a =HYPERLINK formula
    funcs: list[str] = field(default_factory=list)

    def rows(self, sheet: str) -> list[list[Any]]:
        return [list(r) for r in self.wb[sheet].iter_rows(values_only=True)]


def excel_coerce(value: Any) -> tuple[Any, bool]:
    """What Excel stores when a script writes ``value``: (stored value, became a formula)."""
    if not isinstance(value, str):
        return value, False
    if value.startswith("'"):
        return value[1:], False
    if value.startswith("="):
        return value, True
    if ISO_DATE.match(value):  # how xlwings sends dates; Excel parses them into dates
        return datetime.fromisoformat(value), False
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE", False
    if NUMBER.match(value.strip()):
        number = float(value)
        return (int(number) if number.is_integer() else number), False
    return value, False


def _cells(ws: Worksheet, a: dict[str, Any]):
    for r in range(a["row_count"]):
        for c in range(a["column_count"]):
            yield r, c, ws.cell(a["start_row"] + r + 1, a["start_column"] + c + 1)


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


class Replayer:
    def __init__(self, wb: Workbook) -> None:
        self.result = Replay(wb)

    @property
    def wb(self) -> Workbook:
        return self.result.wb

    def sheet(self, a: dict[str, Any]) -> Worksheet:
        return self.wb.worksheets[a["sheet_position"]]

    def apply(self, a: dict[str, Any]) -> None:
        handler = getattr(self, "do_" + a["func"], None)
        if handler is None:
            raise NotImplementedError(f"the test double does not model the action {a['func']!r}")
        self.result.funcs.append(a["func"])
        handler(a)

    def do_addSheet(self, a):
        self.wb.create_sheet(a["args"][1], a["args"][0])

    def do_sheetDelete(self, a):
        self.wb.remove(self.sheet(a))

    def do_activateSheet(self, a):
        self.wb.active = a["args"][0]

    def do_setValues(self, a):
        ws = self.sheet(a)
        for r, c, cell in _cells(ws, a):
            value, is_formula = excel_coerce(a["values"][r][c])
            link = HYPERLINK.match(value) if is_formula else None
            if link:  # Excel shows the text and follows the link: the cell as a reader sees it
                target, text, number = link.group(1).replace('""', '"'), link.group(2), link.group(3)
                cell.value = text.replace('""', '"') if text is not None else (float(number) if "." in number else int(number))
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=target[1:]) if target.startswith("#") else target
                self.result.links.append(f"{ws.title}!{cell.coordinate}")
                continue
            cell.value = None if value == "" else value
            if isinstance(value, str) and not is_formula:
                cell.data_type = "s"
            if is_formula:
                self.result.formulas.append(f"{ws.title}!{cell.coordinate}")

    def do_rangeDelete(self, a):
        if a["args"][0] != "up" or a["column_count"] < 16384:
            raise NotImplementedError("the test double deletes whole rows only")
        self.sheet(a).delete_rows(a["start_row"] + 1, a["row_count"])

    def do_rangeClearContents(self, a):
        for _, _, cell in _cells(self.sheet(a), a):
            cell.value = None

    def do_setRangeColor(self, a):
        fill = PatternFill("solid", start_color=_hex(a["args"][0])) if a["args"][0] else PatternFill()
        for _, _, cell in _cells(self.sheet(a), a):
            cell.fill = fill

    def do_setRangeColors(self, a):
        for r, c, cell in _cells(self.sheet(a), a):
            color = a["args"][0][r][c]
            if color != "keep":
                cell.fill = PatternFill("solid", start_color=_hex(color))

    def do_setFontProperty(self, a):
        from copy import copy

        name, value = a["args"]
        attr = {"bold": "b", "italic": "i", "size": "sz", "color": "color"}[name]
        for _, _, cell in _cells(self.sheet(a), a):
            font = copy(cell.font)
            setattr(font, attr, _hex(value) if name == "color" else value)
            cell.font = font

    def do_addHyperlink(self, a):
        address, text = a["args"][0], a["args"][1]
        ws = self.sheet(a)
        cell = ws.cell(a["start_row"] + 1, a["start_column"] + 1)
        cell.value = text
        cell.data_type = "s"
        if address.startswith("#"):
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=address[1:])
        else:
            cell.hyperlink = address

    def do_addNote(self, a):
        cell = self.sheet(a).cell(a["start_row"] + 1, a["start_column"] + 1)
        cell.comment = Comment(a["args"][1], "talentsheet")

    def do_freezePaneAtRange(self, a):
        self.sheet(a).freeze_panes = a["args"][0]

    def do_addTable(self, a):
        ref, _, style, name = a["args"]
        table = Table(displayName=name, ref=ref.replace("$", ""))
        table.tableStyleInfo = TableStyleInfo(name=style or "TableStyleMedium2", showRowStripes=True)
        self.sheet(a).add_table(table)

    def do_setSheetAutofit(self, a):
        ws = self.sheet(a)
        if a["args"][0] == "columns":
            for c in range(1, ws.max_column + 1):
                longest = max((len(str(v)) for (v,) in ws.iter_rows(min_col=c, max_col=c, values_only=True) if v), default=8)
                ws.column_dimensions[get_column_letter(c)].width = min(longest + 2, 80)

    def do_setAutofit(self, a):
        pass  # row heights and column widths are Excel's business; nothing to assert on

    def do_setColumnWidth(self, a):
        ws = self.sheet(a)
        for c in range(a["column_count"]):
            ws.column_dimensions[get_column_letter(a["start_column"] + c + 1)].width = a["args"][0]

    def do_setWrapText(self, a):
        pass

    def do_setNumberFormat(self, a):
        for _, _, cell in _cells(self.sheet(a), a):
            cell.number_format = a["args"][0]

    def do_setDataValidationList(self, a):
        from openpyxl.worksheet.datavalidation import DataValidation

        ws = self.sheet(a)
        first = ws.cell(a["start_row"] + 1, a["start_column"] + 1).coordinate
        last = ws.cell(a["start_row"] + a["row_count"], a["start_column"] + a["column_count"]).coordinate
        dv = DataValidation(type="list", formula1='"' + ",".join(a["args"][0]["values"]) + '"')
        dv.add(f"{first}:{last}")
        ws.add_data_validation(dv)

    def do_namesAdd(self, a):
        from openpyxl.workbook.defined_name import DefinedName

        name, refers_to = a["args"]
        self.sheet(a).defined_names[name] = DefinedName(name, attr_text=refers_to.lstrip("="))

    def do_setSheetVisibility(self, a):
        self.sheet(a).sheet_state = "visible" if a["args"][0] == "Visible" else "hidden"

    def do_alert(self, a):
        self.result.alerts.append((a["args"][1], a["args"][0]))


def replay(path: str | Path, actions: list[dict[str, Any]], save_to: str | Path | None = None) -> Replay:
    """Apply ``actions`` (from ``book.json()``) to the workbook at ``path``; optionally save."""
    replayer = Replayer(openpyxl.load_workbook(path))
    for action in actions:
        replayer.apply(action)
    if save_to:
        replayer.wb.save(save_to)
    return replayer.result
