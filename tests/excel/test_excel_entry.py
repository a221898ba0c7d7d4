"""The three ways in: xlwings Lite's script dispatcher, classic ``run()``, and the button map."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import xlwings as xw
from xlwings.server import custom_scripts_call, custom_scripts_meta

from talentsheet.excel import actions as excel
from talentsheet.excel import lite_entry as excel_lite
from talentsheet.excel.buttons import BUTTONS, lite_entry_source


def test_lite_dispatcher_runs_a_script_on_the_book(small_book, open_book):
    book = open_book(small_book)
    asyncio.run(custom_scripts_call(excel_lite, "workbook_info", typehint_to_value={xw.Book: book}))
    (action,) = book.json()["actions"]
    assert action["func"] == "alert"
    assert "3 candidates on sheet 'Candidates'" in action["args"][0]


def test_lite_entry_is_the_one_generated_from_the_buttons():
    """lite_entry.py is committed (pasteable, importable); it must be what buttons.py derives."""
    assert Path(excel_lite.__file__).read_text(encoding="utf-8") == lite_entry_source()


def test_lite_discovers_one_script_per_button_bound_to_its_anchor():
    meta = {m["function_name"]: m for m in custom_scripts_meta(excel_lite)}
    assert list(meta) == sorted(b.action for b in BUTTONS)  # xlwings lists them by name
    assert meta["validate"]["button"] == "[tsValidate]Openings!J2"  # the anchor the README tells recruiters
    assert meta["find_matches"]["button"] == "[tsFindMatches]Openings!J12"
    assert meta["workbook_info"]["button"] is None  # task pane only
    assert all(meta[b.action]["button"] == b.lite_button for b in BUTTONS)


def test_each_button_runs_the_action_of_its_name():
    assert list(excel.ACTIONS) == [b.action for b in BUTTONS]
    assert all(excel.ACTIONS[b.action].__name__ == b.action for b in BUTTONS)


def test_classic_run_uses_the_calling_book(small_book, open_book, monkeypatch: pytest.MonkeyPatch):
    book = open_book(small_book)
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: book))
    result = excel.run("workbook_info")
    assert result is not None and result.counts["candidates"] == 3
