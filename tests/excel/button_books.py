"""A workbook on which every button has work, and the actions each button returns on it.

Shared by the tests and ``benchmarks/bench_excel.py``: the demo workbook (planted duplicates
and mess) at a given size, an opening on the Openings sheet, and the Duplicates review sheet
that Find duplicates writes, so that Merge duplicates has groups to merge.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from xlpayload import book_payload
from xlreplay import replay

from talentsheet import excel
from talentsheet.sample import demo_workbook


def button_workbook(path: Path, rows: int = 300) -> Path:
    demo_workbook(path, n=rows)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Openings")
    ws.append(["Title", "Location", "Remote/Hybrid/On-site"])
    ws.append(["Data Engineer", "Austin, TX", "Hybrid"])
    wb.save(path)
    with contextlib.redirect_stdout(io.StringIO()):  # the layer prints progress for Lite's pane
        book = xw.Book(json=book_payload(path))
        excel.run_action(book, "find_duplicates")
    replay(path, book.json()["actions"], save_to=path)
    return path


def click(action: str, payload: str) -> list[dict[str, Any]]:
    """One click as in Lite: the posted JSON in, the button, the actions out."""
    with contextlib.redirect_stdout(io.StringIO()):
        book = xw.Book(json=json.loads(payload))
        result = excel.run_action(book, action)
    assert result is not None, f"{action} raised an alert: {book.json()['actions'][-1]['args'][0]}"
    return book.json()["actions"]
