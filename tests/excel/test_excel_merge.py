"""Merge duplicates in Excel: the library's merge plan applied through xlwings ends exactly
like ``talentsheet merge`` on the file, over several rounds and with edited decisions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from talentsheet.dedupe.merge import merge as merge_file
from talentsheet.excel import actions as excel


def _all_values(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's values; the Merged sheet without its time stamps (CLI and Excel run apart)."""
    wb = openpyxl.load_workbook(path)
    out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    for line in out.get("Merged", [])[1:]:
        line[1] = None
    return out


def _set_decisions(path: Path, merge_groups: dict[int, str], keep_moved: set[int] = frozenset()) -> None:
    """Edit the Duplicates sheet as a recruiter would: Merge? per group, Keep moved to the other row."""
    wb = openpyxl.load_workbook(path)
    for line in wb["Duplicates"].iter_rows(min_row=2):
        group = line[0].value
        if group in merge_groups:
            line[1].value = merge_groups[group]
        if group in keep_moved:
            line[2].value = None if line[2].value else "Keep"
    wb.save(path)


def _merge_both(path: Path, cli_copy: Path, open_book, apply_actions) -> excel.ActionResult:
    book = open_book(path)
    result = excel.run_action(book, "merge_duplicates")
    assert result is not None, book.json()["actions"][-1]["args"]
    apply_actions(book, path)
    merge_file(cli_copy, backup=False)
    return result


def test_edited_decisions_and_a_second_round_end_like_the_cli(reviewed, open_book, apply_actions):
    """Round two finds its survivors at their new rows (the Duplicates sheet lists the old
    ones) and continues the merge ids on the existing Merged sheet."""
    path, cli_copy = reviewed
    for target in (path, cli_copy):
        _set_decisions(target, {1: "No", 3: "No"}, keep_moved={2})
    first = _merge_both(path, cli_copy, open_book, apply_actions)
    assert _all_values(path) == _all_values(cli_copy)
    for target in (path, cli_copy):
        _set_decisions(target, {1: "Yes", 3: "Yes"})
    second = _merge_both(path, cli_copy, open_book, apply_actions)
    assert (first.counts["merged"], second.counts["merged"]) == (8, 2)
    assert _all_values(path) == _all_values(cli_copy)
    assert [r[0] for r in _all_values(path)["Merged"][1:]][-4:] == ["M0009", "M0009", "M0010", "M0010"]


def test_candidates_without_an_id_get_one_as_the_cli_gives_them(reviewed, open_book, apply_actions):
    path, cli_copy = reviewed
    listed = {line[3] for line in _all_values(path)["Duplicates"][1:]}
    for target in (path, cli_copy):
        wb = openpyxl.load_workbook(target)
        for r in range(4, 30):
            if r not in listed:
                wb["Candidates"].cell(r, 1).value = None
        wb.save(target)
    _merge_both(path, cli_copy, open_book, apply_actions)
    after = _all_values(path)
    assert all(str(r[0]).startswith("C0") for r in after["Candidates"][3:30])
    assert after == _all_values(cli_copy)


def test_view_and_issues_lines_follow_the_rows_a_merge_moves_as_on_the_cli(reviewed, open_book, apply_actions, run_cli):
    """Views' "Row 12" labels (with their links) and the Issues sheet's rows and cells point at
    candidate rows; after Merge deletes rows they name the same people, in Excel as on the file."""
    path, cli_copy = reviewed
    for action, command in (("refresh_views", "views"), ("validate", "validate")):
        book = open_book(path)
        assert excel.run_action(book, action) is not None
        apply_actions(book, path)
        assert run_cli(command, cli_copy, "--no-backup").code in (0, 2)
    _merge_both(path, cli_copy, open_book, apply_actions)
    excel_values, cli_values = _all_values(path), _all_values(cli_copy)
    for values in (excel_values, cli_values):
        for name in ("Future by title", "Future by location"):  # the refresh time differs between the two runs
            values[name][1] = None
        del values["_talentsheet_marks"]  # see the next test
    assert excel_values == cli_values
    ws = openpyxl.load_workbook(path)["Future by title"]
    moved = [c for row in ws.iter_rows(min_row=5) for c in row if isinstance(c.value, str) and c.value.startswith("Row ")]
    assert moved and all(c.hyperlink.location == f"'Candidates'!A{c.value[4:]}" for c in moved)


@pytest.mark.xfail(
    strict=True,
    reason="known drift: Lite's snapshot has no fills, so Validate in Excel colours cells that Find duplicates "
    "highlighted (the CLI keeps a fill it finds and records none); needs an await get_colors() read in Lite",
)
def test_validate_after_find_duplicates_records_the_same_marks_as_the_cli(reviewed, open_book, apply_actions, run_cli):
    path, cli_copy = reviewed
    book = open_book(path)
    assert excel.run_action(book, "validate") is not None
    apply_actions(book, path)
    assert run_cli("validate", cli_copy, "--no-backup").code in (0, 2)
    assert _all_values(path)["_talentsheet_marks"] == _all_values(cli_copy)["_talentsheet_marks"]
