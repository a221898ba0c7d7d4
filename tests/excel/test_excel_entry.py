"""The three ways in: xlwings Lite's script dispatcher, classic ``run()``, and the button map."""

from __future__ import annotations

import asyncio

import pytest
import xlwings as xw
from xlwings.server import custom_scripts_call, custom_scripts_meta

from talentsheet.excel import actions as excel
from talentsheet.excel import lite_entry as excel_lite
from talentsheet.template import template_spec


def test_lite_dispatcher_runs_a_script_on_the_book(small_book, open_book):
    book = open_book(small_book)
    asyncio.run(custom_scripts_call(excel_lite, "workbook_info", typehint_to_value={xw.Book: book}))
    (action,) = book.json()["actions"]
    assert action["func"] == "alert"
    assert "3 candidates on sheet 'Candidates'" in action["args"][0]


def test_every_lite_button_matches_the_template_anchors():
    meta = {m["function_name"]: m for m in custom_scripts_meta(excel_lite)}
    spec = template_spec()["buttons"]
    for action, (shape, cell, _caption) in ((k, v) for k, v in spec.items() if k != "sheet"):
        assert meta[action]["button"] == f"[{shape}]{spec['sheet']}!{cell}"


def test_every_lite_script_names_a_registered_action():
    names = {m["function_name"] for m in custom_scripts_meta(excel_lite)}
    assert names <= set(excel.ACTION_NAMES)


def test_classic_run_uses_the_calling_book(small_book, open_book, monkeypatch: pytest.MonkeyPatch):
    book = open_book(small_book)
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: book))
    result = excel.run("workbook_info")
    assert result is not None and result.counts["candidates"] == 3
