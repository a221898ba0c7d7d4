"""Build the JSON payload xlwings' Office.js client (xlwings Lite) sends, from a real .xlsx.

This is the test stand-in for Excel's side of the wire: the payload is what Lite would post
for the open workbook, so ``xw.Book(json=book_payload(path))`` behaves like the book a Lite
script receives. Formulas are not in the payload (Excel sends values only).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CLIENT_VERSION = "0.37.8"  # what the Lite client reports; "Office.js" clients may differ from Python's


def js_value(value: Any) -> Any:
    """A cell value as the JS client sends it: dates as toISOString() with its trailing Z."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    if isinstance(value, date):
        return js_value(datetime.combine(value, time(0)))
    if isinstance(value, time):
        return js_value(datetime(1899, 12, 30, value.hour, value.minute, value.second))
    return value


def sheet_values(ws: Worksheet) -> list[list[Any]]:
    """A1 to the last used cell, "" for empty cells (like the client's getValues)."""
    rows = [[js_value(v) for v in row] for row in ws.iter_rows(values_only=True)]
    return rows or [[]]


def _tables(ws: Worksheet) -> list[dict[str, Any]]:
    out = []
    for t in ws.tables.values():
        first, last = t.ref.split(":")
        start_row = int("".join(ch for ch in first if ch.isdigit()))
        col_first = "".join(ch for ch in first if ch.isalpha())
        col_last = "".join(ch for ch in last if ch.isalpha())
        end_row = int("".join(ch for ch in last if ch.isdigit()))
        out.append(
            {
                "name": t.displayName,
                "range_address": t.ref,
                "header_row_range_address": f"{col_first}{start_row}:{col_last}{start_row}",
                "data_body_range_address": f"{col_first}{start_row + 1}:{col_last}{end_row}",
                "total_row_range_address": None,
                "show_headers": True,
                "show_totals": False,
                "table_style": t.tableStyleInfo.name if t.tableStyleInfo else None,
                "show_autofilter": True,
            }
        )
    return out


def _notes(ws: Worksheet) -> list[dict[str, Any]]:
    return [{"address": c.coordinate, "text": c.comment.text} for row in ws.iter_rows() for c in row if c.comment]


def _names(wb: openpyxl.Workbook) -> list[dict[str, Any]]:
    """Sheet-scoped names (talentsheet's markers among them) as the client lists them."""
    out = []
    for i, ws in enumerate(wb.worksheets):
        for name, dn in ws.defined_names.items():
            out.append(
                {
                    "name": name,
                    "sheet_index": None,
                    "address": None,
                    "scope_sheet_name": ws.title,
                    "scope_sheet_index": i,
                    "book_scope": False,
                    "refers_to": "=" + dn.attr_text,
                }
            )
    return out


def sheet_payload(ws: Worksheet) -> dict[str, Any]:
    values = sheet_values(ws)
    used = f"A1:{get_column_letter(max(ws.max_column, 1))}{max(ws.max_row, 1)}"
    return {
        "name": ws.title,
        "values": values,
        "tables": _tables(ws),
        "pictures": [],
        "shapes": [],
        "charts": [],
        "pivot_tables": [],
        "notes": _notes(ws),
        "notes_supported": True,
        "visibility": "Visible" if ws.sheet_state == "visible" else "Hidden",
        "show_gridlines": True,
        "used_range_address": used if any(v != "" for row in values for v in row) else None,
        "print_area": None,
    }


def book_payload(path: str | Path, *, active: str | None = None, selection: str = "A1") -> dict[str, Any]:
    """The payload for ``path`` with sheet ``active`` (default: the first) selected at ``selection``."""
    wb = openpyxl.load_workbook(path, data_only=True)
    names = wb.sheetnames
    active_index = names.index(active) if active else 0
    return {
        "client": "Office.js",
        "version": CLIENT_VERSION,
        "book": {"name": Path(path).name, "active_sheet_index": active_index, "selection": selection},
        "names": _names(wb),
        "sheets": [sheet_payload(ws) for ws in wb.worksheets],
    }
