"""Each button on the demo workbook: xlwings' remote book in, actions out, replayed onto the .xlsx."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from talentsheet.excel import actions as excel
from talentsheet.match import match
from talentsheet.matches import matches_sheet_title
from talentsheet.openings import read_opening
from talentsheet.validate import MARK_FILLS, cell_marks, validate_table
from talentsheet.views.filters import follow_ups_due, prepare
from talentsheet.workbook.reader import read_candidates


def _candidate_values(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path)["Candidates"].iter_rows(values_only=True))


def test_validate_writes_issues_and_colours_cells_without_changing_data(demo_book, open_book, apply_actions):
    path, _ = demo_book
    before = _candidate_values(path)
    book = open_book(path)
    result = excel.run_action(book, "validate")
    replayed = apply_actions(book, path)
    expected = validate_table(read_candidates(path)).findings
    assert result.counts["findings"] == len(expected)
    assert replayed.wb.sheetnames.index("Issues") == replayed.wb.sheetnames.index("Candidates") + 1
    assert len(replayed.rows("Issues")) == len(expected) + 1
    assert _candidate_values(path) == before
    marked = {m.cell for m in cell_marks(read_candidates(path), expected)}
    ws = replayed.wb["Candidates"]
    ours = {fill.start_color.rgb[-6:] for fill in MARK_FILLS.values()}
    coloured = {c.coordinate for row in ws.iter_rows() for c in row if c.fill.start_color.rgb[-6:] in ours}
    assert marked
    assert coloured == marked


def test_issue_lines_link_to_their_cell(demo_book, open_book, apply_actions):
    path, _ = demo_book
    book = open_book(path)
    excel.run_action(book, "validate")
    ws = apply_actions(book, path).wb["Issues"]
    linked = [c for (c,) in ws.iter_rows(min_row=2, min_col=2, max_col=2) if c.value]
    assert linked and all(c.hyperlink.location == f"'Candidates'!{c.value}" for c in linked)


def test_find_duplicates_puts_each_planted_person_in_one_group(demo_book, open_book, apply_actions):
    path, truth = demo_book
    before = _candidate_values(path)
    book = open_book(path)
    excel.run_action(book, "find_duplicates")
    replayed = apply_actions(book, path)
    rows = replayed.rows("Duplicates")
    (dropdown,) = replayed.wb["Duplicates"].data_validations.dataValidation
    assert dropdown.formula1 == '"Yes,No"' and str(dropdown.sqref) == f"B2:B{len(rows)}"
    header = rows[0]
    group_of = {r[header.index("Row")]: r[header.index("Group")] for r in rows[1:]}
    found = [g for g in truth.duplicate_groups if len({group_of.get(r) for r in g} - {None}) == 1 and g[0] in group_of]
    assert len(found) >= 0.8 * len(truth.duplicate_groups)
    after = _candidate_values(path)
    assert [r[1:] for r in after] == [r[1:] for r in before]  # only the id column is filled in
    assert all(str(r[0]).startswith("C0") for r in after[truth.header_row :] if any(r[1:]))


def test_follow_ups_match_the_library_on_the_file(demo_book, open_book, apply_actions):
    path, _ = demo_book
    book = open_book(path)
    excel.run_action(book, "follow_ups")
    df = read_candidates(path).df
    due = follow_ups_due(df, prepare(df))
    rows = apply_actions(book, path).rows("Follow-ups due")
    at = rows[0].index("Candidate row")
    assert sorted(r[at] for r in rows[1:]) == sorted(int(r) for r in due.people.index)


def test_refresh_views_writes_the_built_in_views(demo_book, open_book, apply_actions):
    path, _ = demo_book
    book = open_book(path)
    result = excel.run_action(book, "refresh_views")
    names = apply_actions(book, path).wb.sheetnames
    assert result.counts["views"] == 3
    assert {"Future by location", "Future by title", "Follow-ups due"} <= set(names)


def _add_openings(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Openings")
    ws.append(["Title", "Location", "Remote/Hybrid/On-site"])
    ws.append(["Data Engineer", "Austin, TX", "Hybrid"])
    ws.append(["Product Manager", "London, United Kingdom", "On-site"])
    wb.save(path)


def test_find_matches_ranks_for_the_selected_opening(demo_book, open_book, apply_actions):
    path, _ = demo_book
    _add_openings(path)
    book = open_book(path, active="Openings", selection="B2")
    result = excel.run_action(book, "find_matches")
    opening = read_opening(path, 2)
    expected = match(read_candidates(path).df, opening)
    rows = apply_actions(book, path).rows(matches_sheet_title(opening))
    assert result.sheet == matches_sheet_title(opening)
    assert [r[12] for r in rows[1:]] == [int(r) for r in expected["row"]]


def test_find_matches_without_selection_takes_the_last_opening(demo_book, open_book):
    path, _ = demo_book
    _add_openings(path)
    result = excel.run_action(open_book(path), "find_matches")
    assert result.sheet == matches_sheet_title(read_opening(path, 3))


@pytest.mark.skipif(os.environ.get("RAPIDFUZZ_IMPLEMENTATION") == "python", reason="already the pure-Python run")
def test_buttons_work_on_pure_python_rapidfuzz():
    """What xlwings Lite runs: rapidfuzz's Python implementation, no C extension."""
    env = {**os.environ, "RAPIDFUZZ_IMPLEMENTATION": "python"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", "not pure_python"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=Path(__file__).parents[2], timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]


def test_bad_data_is_reported_not_crashed_on(tmp_path: Path, open_book, apply_actions):
    path = tmp_path / "messy.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(["First name", "Last name", "Email", "Last contacted", "Follow-up on", "Status"])
    ws.append(["=cmd|'/c calc'!A1", None, "not an email", "last spring", 45.5, True])
    ws.append([12345, "O'Brien", "a@b", -3, "#N/A", "=1+1"])
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, str):
                c.data_type = "s"
    wb.save(path)
    for action in ("validate", "find_duplicates", "refresh_views", "follow_ups"):
        book = open_book(path)
        assert excel.run_action(book, action) is not None, book.json()["actions"][-1]["args"]
        assert apply_actions(book, path).formulas == []


def test_merge_in_excel_ends_like_the_cli_merge(demo_book, reviewed, open_book, apply_actions, run_cli):
    (path, cli_copy), (_, truth) = reviewed, demo_book
    assert run_cli("merge", cli_copy, "--no-backup").code == 0
    book = open_book(path)
    result = excel.run_action(book, "merge_duplicates")
    apply_actions(book, path)
    assert result.counts["archived"] == sum(len(g) - 1 for g in truth.duplicate_groups)
    assert _candidate_values(path) == _candidate_values(cli_copy)
    merged = openpyxl.load_workbook(path)["Merged"]
    assert merged.max_row - 1 == result.counts["archived"] + result.counts["merged"]
