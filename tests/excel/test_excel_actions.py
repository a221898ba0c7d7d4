"""Each button on the demo workbook: xlwings' remote book in, actions out, replayed onto the .xlsx."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from talentsheet.dedupe.review import FIXED_HEADER
from talentsheet.excel import actions as excel
from talentsheet.matches import matches_sheet_title
from talentsheet.openings import read_opening
from talentsheet.validate import MARK_FILLS, cell_marks, validate_table
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
    lists = {dv.formula1: str(dv.sqref) for dv in replayed.wb["Duplicates"].data_validations.dataValidation}
    assert lists['"Yes,No"'] == f"B2:B{len(rows)}"  # every line, the blank ones between groups too
    header = rows[0]
    lines = [r for r in rows[1:] if r[0] is not None]
    group, row_col, id_col = (FIXED_HEADER.index(h) for h in ("Group", "Row", "Candidate ID"))
    groups: dict[int, set[int]] = {}
    for line in lines:
        groups.setdefault(line[group], set()).add(line[row_col])
    planted = [set(g) for g in truth.duplicate_groups]
    assert all(g in groups.values() for g in planted), "a planted person is split or only partly listed"
    after = _candidate_values(path)
    assert [r[1:] for r in after] == [r[1:] for r in before]  # only the id column is filled in
    people = [r for r in after[truth.header_row :] if any(r[1:])]
    ids = [r[0] for r in people]
    assert all(re.fullmatch(r"C\d{6}", str(i)) for i in ids) and len(set(ids)) == len(ids)
    width = len(header) - len(FIXED_HEADER)  # the candidate's own cells (the id column A first)
    for line in lines:  # each line carries its candidate's row as it was read, and its new id
        row = after[line[row_col] - 1]
        assert line[len(FIXED_HEADER) + 1 :] == list(row[1:width])
        assert line[id_col] == row[0]


def _people(ws) -> tuple[list, list[list]]:
    """A view sheet's people table: its header row (the one naming "Name") and the rows below."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    top = next(i for i, r in enumerate(rows) if "Name" in r)
    return rows[top], [r for r in rows[top + 1 :] if r[rows[top].index("Name")] is not None]


def _write_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_follow_ups_lists_who_is_due_now(tmp_path: Path, open_book, apply_actions):
    """Due: a follow-up date within 30 days or past; 'Not now' and not contacted for 90 days;
    never a closed status (the rule README's Views section states)."""
    today = date.today()
    days = lambda n: today + timedelta(days=n)  # noqa: E731
    path = _write_book(
        tmp_path / "f.xlsx",
        {
            "Candidates": [
                ["First name", "Last name", "Status", "Last contacted", "Follow-up on"],
                ["Ada", "Lovelace", "Interested", days(-20), days(-10)],  # overdue
                ["Alan", "Turing", "Contacted", days(-3), days(5)],  # due within 30 days
                ["Grace", "Hopper", "Interested", days(-3), days(200)],  # not yet
                ["Linus", "Torvalds", "Placed", days(-50), days(-1)],  # closed
                ["Barbara", "Liskov", "Not now", days(-400), None],  # cadence
                ["Ken", "Thompson", "Not now", days(-5), None],  # spoken to recently
            ]
        },
    )
    book = open_book(path)
    result = excel.run_action(book, "follow_ups")
    replayed = apply_actions(book, path)
    ws = replayed.wb["Follow-ups due"]
    header, rows = _people(ws)
    due = {r[header.index("Name")]: r for r in rows}
    assert set(due) == {"Ada Lovelace", "Alan Turing", "Barbara Liskov"} and result.counts["due"] == 3
    assert {n: r[header.index("Candidate row")] for n, r in due.items()} == {
        "Ada Lovelace": "Row 2",
        "Alan Turing": "Row 3",
        "Barbara Liskov": "Row 6",
    }
    col = header.index("Candidate row") + 1
    links = {c.value: c.hyperlink.location for c in next(ws.iter_cols(min_col=col, max_col=col)) if c.hyperlink}
    assert links == {"Row 2": "'Candidates'!A2", "Row 3": "'Candidates'!A3", "Row 6": "'Candidates'!A6"}


def test_refresh_views_writes_the_built_in_views(demo_book, open_book, apply_actions):
    path, _ = demo_book
    book = open_book(path)
    result = excel.run_action(book, "refresh_views")
    names = apply_actions(book, path).wb.sheetnames
    assert result.counts["views"] == 2
    assert {"Future by location", "Future by title"} <= set(names) and "Follow-ups due" not in names  # followups' sheet


MATCH_BOOK = {
    "Candidates": [
        ["First name", "Last name", "Status", "Future title", "Future location", "Open to remote"],
        ["Ada", "Lovelace", "Not now", "Senior Data Engineer", "Austin, TX", "No"],
        ["Alan", "Turing", "Not now", "Data Engineer", "London, United Kingdom", "No"],
        ["Grace", "Hopper", "Not now", "Pastry Chef", "Austin, TX", "No"],
        ["Linus", "Torvalds", "Do not contact", "Data Engineer", "Austin, TX", "No"],
        ["Barbara", "Liskov", "Not now", "Product Manager", "London, United Kingdom", "No"],
    ],
    "Openings": [
        ["Title", "Location", "Remote/Hybrid/On-site"],
        ["Data Engineer", "Austin, TX", "On-site"],
        ["Product Manager", "London, United Kingdom", "On-site"],
    ],
}


def _ranked_names(rows: list[list]) -> list[str]:
    header = rows[0]
    return [r[header.index("Name")] for r in rows[1:]]


def test_find_matches_ranks_for_the_selected_opening(tmp_path: Path, open_book, apply_actions):
    """Hand-worked: for a Data Engineer in Austin, the Austin data engineer first, the London
    one after; the chef's title does not fit, and 'Do not contact' never appears."""
    path = _write_book(tmp_path / "m.xlsx", MATCH_BOOK)
    book = open_book(path, active="Openings", selection="B2")
    result = excel.run_action(book, "find_matches")
    assert result.sheet == matches_sheet_title(read_opening(path, 2))
    rows = apply_actions(book, path).rows(result.sheet)
    names = _ranked_names(rows)
    assert names[:2] == ["Ada Lovelace", "Alan Turing"]
    assert "Linus Torvalds" not in names and "Grace Hopper" not in names[:2]
    header = rows[0]
    assert [r[header.index("Candidates row")] for r in rows[1:3]] == [2, 3]


def test_find_matches_takes_the_opening_on_the_selected_row(tmp_path: Path, open_book, apply_actions):
    path = _write_book(tmp_path / "m.xlsx", MATCH_BOOK)
    book = open_book(path, active="Openings", selection="A3")
    result = excel.run_action(book, "find_matches")
    assert result.sheet == matches_sheet_title(read_opening(path, 3))
    assert _ranked_names(apply_actions(book, path).rows(result.sheet))[0] == "Barbara Liskov"


def test_find_matches_without_selection_takes_the_last_opening(tmp_path: Path, open_book):
    path = _write_book(tmp_path / "m.xlsx", MATCH_BOOK)
    result = excel.run_action(open_book(path), "find_matches")
    assert result.sheet == matches_sheet_title(read_opening(path, 3))


@pytest.mark.skipif(os.environ.get("RAPIDFUZZ_IMPLEMENTATION") == "python", reason="already the pure-Python run")
def test_buttons_work_on_pure_python_rapidfuzz():
    """What xlwings Lite runs: rapidfuzz's Python implementation, no C extension."""
    env = {**os.environ, "RAPIDFUZZ_IMPLEMENTATION": "python"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", "not pure_python"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=Path(__file__).parents[2], timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]


INJECTION = "=cmd|'/c calc'!A1"


def test_bad_data_is_reported_not_crashed_on(tmp_path: Path, open_book, apply_actions):
    path = tmp_path / "messy.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(["First name", "Last name", "Email", "Last contacted", "Follow-up on", "Status"])
    ws.append([INJECTION, None, "not an email", "last spring", 45.5, True])
    ws.append([12345, "O'Brien", "a@b", -3, "#N/A", "=1+1"])
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, str):
                c.data_type = "s"
    wb.save(path)
    original = _candidate_values(path)
    written = {}
    for action in ("validate", "find_duplicates", "refresh_views", "follow_ups"):
        book = open_book(path)
        assert excel.run_action(book, action) is not None, book.json()["actions"][-1]["args"]
        replayed = apply_actions(book, path)
        assert replayed.formulas == [] and replayed.alerts == []
        written[action] = replayed
        after = _candidate_values(path)
        assert [r[: len(original[0])] for r in after] == original  # only ids may be added, in a new column
    issues = written["validate"].rows("Issues")
    by_cell = {r[1]: r for r in issues[1:]}
    assert {"C2", "C3", "D2"} <= set(by_cell)  # both bad emails and the date that is not one
    assert by_cell["C2"][3] == "not an email" and by_cell["C2"][-1] == "error"
    assert by_cell["A2"][3] == INJECTION  # the cell's text, shown as text
    header, rows = _people(written["refresh_views"].wb["Future by title"])
    names = [r[header.index("Name")] for r in rows]
    assert INJECTION in names  # kept verbatim, still not a formula


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
