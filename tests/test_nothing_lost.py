"""Issue 16, "nothing lost whatever the recruiter does between commands": one test (or a small
parametrised group) per numbered case and per "Done when" extra, each through the real CLI
entry point (``run_cli``, or a real ``talentsheet`` subprocess) on real files in ``tmp_path``.
Each asserts what the recruiter sees: the exit code of the table in talentsheet/errors.py, the
message naming the problem, and the file's bytes unchanged where nothing may be written.
More detailed tests of the same behaviour live in test_files.py, test_editor_moves.py,
test_editor_sheets.py, test_package_limits.py, test_csv_input.py and test_exit_codes.py.

| case | what was lost | test(s) here |
|---|---|---|
| 1 | ``--output`` = the original under another spelling; another file replaced | ``test_case1_output_spelled_as_the_original_is_an_in_place_write_with_backup``, ``test_case1_output_never_replaces_another_workbook`` |
| 2 | unmerge wrote over the first row holding the survivor's id | ``test_case2_unmerge_finds_the_survivor_by_its_id_not_a_referred_by_cell`` |
| 3 | a copy-pasted id folded the wrong person; an unnamed column taken as the id | ``test_case3_a_duplicated_id_blocks_the_merge_naming_its_rows``, ``test_case3_an_unnamed_column_is_never_taken_over_as_candidate_id`` |
| 4 | a recruiter's ``Issues`` / ``Duplicates`` / ``Matches – …`` replaced | ``test_case4_a_recruiters_sheet_with_our_name_is_never_replaced`` |
| 5 | joined notes cut at 32,767; a 40,000-character cell silently cut | ``test_case5_long_merged_notes_go_whole_to_the_overflow_sheet_with_a_warning``, ``test_case5_a_cell_over_excels_limit_is_refused`` |
| 6 | two writers at once, the first one's work gone | ``test_case6_two_concurrent_writers_never_both_succeed_with_one_lost`` |
| 7 | undo-fix / unmerge after inserted, deleted, sorted rows; two merge rounds | ``test_case7_fix_then_undo_fix_is_exact_after_rows_move``, ``test_case7_merge_then_unmerge_is_exact_after_rows_move``, ``test_case7_two_merge_rounds_undone_oldest_first_come_back_in_order`` |
| 8 | symlink replaced; mode 0600; read-only file overwritten | ``test_case8_a_symlinked_workbook_is_written_through``, ``test_case8_a_0640_workbook_keeps_its_mode``, ``test_case8_a_read_only_workbook_is_refused`` |
| 9 | hand-edited own sheets; bad ``--settings``; read-only folder; ``--output`` folder; full disk; SIGTERM; CSV encodings | ``test_case9_hand_edited_duplicates_sheet``, ``test_case9_duplicates_rows_deleted_or_sorted_still_merge_the_groups_left``, ``test_case9_hand_edited_merged_archive``, ``test_case9_a_new_merge_never_appends_to_an_archive_that_no_longer_lines_up``, ``test_case9_an_edited_archive_value_is_what_unmerge_puts_back``, ``test_case9_hand_edited_fix_log_header_is_refused_by_undo_fix_and_fix``, ``test_case9_a_fix_log_cell_that_is_no_address_is_reported_not_a_traceback``, ``test_case9_hand_edited_marks_sheet_never_blocks_validate_nor_removes_a_recruiters_fill``, ``test_case9_hand_edited_import_undo_sheet`` (xfail: importer port in progress), ``test_case9_bad_dedupe_settings``, ``test_case9_a_read_only_folder_is_refused``, ``test_case9_output_into_a_missing_folder_or_naming_a_folder``, ``test_case9_a_full_disk_is_refused_and_leaves_no_truncated_backup``, ``test_case9_sigterm_mid_write_leaves_no_partial_copy``, ``test_case9_csv_encodings`` |
| 10 | bomb of many parts; homograph link; exit codes; LibreOffice lock; ``init --force`` and ``~$``; ``lite`` over ``main.py`` | ``test_case10_many_big_parts_are_refused_as_a_bomb``, ``test_case10_a_homograph_profile_url_never_becomes_a_link``, ``test_case10_an_unreadable_file_exits_3``, ``test_case10_libreoffice_lock_is_honoured``, ``test_case10_init_force_honours_the_excel_lock``, ``test_case10_lite_never_overwrites_main_py`` |
| known defect | ``demo --rows 40`` / ``60`` ended in an IndexError | ``test_demo_works_from_its_smallest_row_count``, ``test_demo_below_its_smallest_row_count_is_refused`` |
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from talentsheet.matches import matches_sheet_title
from talentsheet.openings import Opening
from tests.test_files import cli_process, read_only_folder, signal_mid_write, small_disk  # noqa: F401  (fixtures)
from tests.test_package_limits import deflated, raw_zip, workbook_entries

TODAY = "2026-11-25"
WROTE = (0, 1, 2)  # validate's codes when it has written its results
HEADER = ["Candidate ID", "First name", "Last name", "Email", "LinkedIn URL", "Notes", "Status", "Referred by"]
PEOPLE = [
    ["C000001", "Carl", "Jones", "carl@example.com", "https://www.linkedin.com/in/carl", "", "Interested", "C000003"],
    ["C000002", "Alan", "Turing", "alan@example.com", "https://www.linkedin.com/in/alan", "", "Placed", None],
    ["C000003", "Ada", "Lovelace", "ada@example.com", "https://www.linkedin.com/in/ada", "first note", "Not now", None],
    ["C000004", "Grace", "Hopper", "grace@example.com", "https://www.linkedin.com/in/grace", "", "Interested", None],
    ["C000005", "Ada", "Lovelace", "ada@example.com", None, "second note", "Interested", None],  # Ada again
    ["C000006", "Edsger", "Dijkstra", "edsger@example.com", "https://www.linkedin.com/in/edsger", "", "Not now", None],
    ["C000007", "Barbara", "Liskov", "barbara@example.com", "https://www.linkedin.com/in/barbara", "", "Placed", None],
    ["C000008", "Barbara", "Liskov", "barbara@example.com", None, "met at PyData", "Interested", None],  # Barbara again
    ["C000009", "Donald", "Knuth", "donald@example.com", "https://www.linkedin.com/in/donald", "", "Placed", None],
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def cells(path: Path, sheet: str = "Candidates") -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def by_id(path: Path) -> dict[str, list]:
    return {r[0]: r for r in cells(path)[1:] if r[0]}


def edit(path: Path, change) -> bytes:
    """The recruiter edits the workbook (openpyxl stands in for Excel); returns the new bytes."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path.read_bytes()


@pytest.fixture
def people(tmp_path: Path) -> Path:
    """Nine candidates with ids; Ada (rows 4, 6) and Barbara (rows 8, 9) are there twice, and
    Carl (row 2, above Ada) was referred by Ada: his "Referred by" holds her id."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(HEADER)
    for person in PEOPLE:
        ws.append(person)
    path = tmp_path / "people.xlsx"
    wb.save(path)
    return path


def run_ok(run_cli, *args) -> None:
    result = run_cli(*args)
    assert result.code in WROTE, result.err


# --- case 1 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["absolute", "dotdot"])
def test_case1_output_spelled_as_the_original_is_an_in_place_write_with_backup(run_cli, small_book, spelling) -> None:
    (small_book.parent / "dir").mkdir()
    output = small_book.resolve() if spelling == "absolute" else small_book.parent / "dir" / ".." / small_book.name
    before = digest(small_book)
    run_ok(run_cli, "validate", small_book, "--output", output)
    (backup,) = small_book.parent.glob("small.backup-*.xlsx")
    assert digest(backup) == before and "Issues" in openpyxl.load_workbook(small_book).sheetnames


def test_case1_output_never_replaces_another_workbook(run_cli, small_book, tmp_path) -> None:
    other = tmp_path / "existing-other.xlsx"
    shutil.copy(small_book, other)
    before = digest(other)
    result = run_cli("validate", small_book, "--output", other)
    assert result.code == 7 and "existing-other.xlsx already exists and is another file" in result.err
    assert "--force" in result.err and digest(other) == before


# --- case 2 ------------------------------------------------------------------------------------


def test_case2_unmerge_finds_the_survivor_by_its_id_not_a_referred_by_cell(run_cli, people) -> None:
    original = cells(people)
    run_ok(run_cli, "merge", people, "--auto", "--no-backup")
    assert len(cells(people)) == len(original) - 2
    run_ok(run_cli, "unmerge", people, "--all", "--no-backup")
    assert cells(people) == original  # Carl's row (holding Ada's id) is his own, Ada's is hers


# --- case 3 ------------------------------------------------------------------------------------


def test_case3_a_duplicated_id_blocks_the_merge_naming_its_rows(run_cli, people) -> None:
    before = edit(people, lambda wb: wb["Candidates"].__setitem__("A10", "C000003"))  # Donald got Ada's id by a paste
    result = run_cli("merge", people, "--auto")
    assert result.code == 6 and "the same Candidate ID is on more than one row: C000003 on rows 4, 10" in result.err
    assert people.read_bytes() == before


def test_case3_an_unnamed_column_is_never_taken_over_as_candidate_id(run_cli, small_book) -> None:
    edit(small_book, lambda wb: wb["Candidates"].__setitem__("N2", "my own mark"))  # right after the last header (M)
    run_ok(run_cli, "dedupe", small_book, "--no-backup")
    rows = cells(small_book)
    assert rows[1][13] == "my own mark" and rows[0][13] is None
    assert rows[0].index("Candidate ID") > 13 and rows[1][rows[0].index("Candidate ID")] == "C000001"


# --- case 4 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "command"),
    [
        ("Issues", ["validate"]),
        ("Duplicates", ["dedupe"]),
        (matches_sheet_title(Opening("Data Engineer")), ["match", "--title", "Data Engineer"]),
    ],
)
def test_case4_a_recruiters_sheet_with_our_name_is_never_replaced(run_cli, small_book, sheet, command) -> None:
    def add(wb):
        wb.create_sheet(sheet).append(["My own notes: call Ada on Monday"])

    before = edit(small_book, add)
    result = run_cli(command[0], small_book, *command[1:])
    assert result.code == 6 and f"already has a sheet called '{sheet}' that talentsheet did not" in result.err
    assert small_book.read_bytes() == before


# --- case 5 ------------------------------------------------------------------------------------


def test_case5_long_merged_notes_go_whole_to_the_overflow_sheet_with_a_warning(run_cli, people) -> None:
    def long_notes(wb):
        wb["Candidates"]["F4"], wb["Candidates"]["F6"] = "a" * 20_000, "b" * 20_000

    edit(people, long_notes)
    result = run_cli("merge", people, "--auto", "--no-backup")
    assert result.code == 0, result.err
    assert "more than a cell holds (32,767); the whole text is on sheet 'Notes overflow'" in " ".join(
        (result.out + result.err).split()
    )
    whole = "".join(r[3] for r in cells(people, "Notes overflow")[1:])
    assert "a" * 20_000 in whole and "b" * 20_000 in whole  # both notes whole, nothing cut


def test_case5_a_cell_over_excels_limit_is_refused(run_cli, small_book) -> None:
    edit(small_book, lambda wb: wb["Candidates"].__setitem__("H2", "x" * 100))
    with zipfile.ZipFile(small_book) as zf:  # openpyxl cuts at the limit: write the XML directly
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    for name, data in parts.items():
        parts[name] = data.replace(b"x" * 100, b"x" * 40_000)
    with zipfile.ZipFile(small_book, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    before = digest(small_book)
    result = run_cli("validate", small_book, "--fix")
    assert result.code == 3 and "cell H2 holds 40,000 characters, more than Excel's limit of 32,767" in result.err
    assert digest(small_book) == before


# --- case 6 ------------------------------------------------------------------------------------


def test_case6_two_concurrent_writers_never_both_succeed_with_one_lost(demo_book) -> None:
    path, _ = demo_book
    writers = {"Issues": cli_process("validate", path, "--fix"), "Duplicates": cli_process("dedupe", path)}
    codes = {sheet: w.wait(timeout=300) for sheet, w in writers.items()}
    for w in writers.values():
        w.communicate()
    assert all(code in (*WROTE, 5) for code in codes.values()) and any(code != 5 for code in codes.values()), codes
    sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert all(sheet in sheets for sheet, code in codes.items() if code != 5), (codes, sheets)


# --- case 7 ------------------------------------------------------------------------------------


def insert_delete_sort(wb) -> None:
    """Between the two commands the recruiter inserts a person, deletes Grace and sorts by
    last name, Z to A (values moved as Excel's sort moves them)."""
    ws = wb["Candidates"]
    ws.insert_rows(3)
    for c, v in enumerate(["C000100", "Zed", "Zimmer", "zed@example.com"], start=1):
        ws.cell(3, c).value = v
    grace = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "Grace")
    ws.delete_rows(grace)
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=ws.max_column)]
    for r, values in enumerate(sorted(body, key=lambda v: str(v[2]), reverse=True), start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v


def messy(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(["Candidate ID", "First name", "Last name", "Email", "Status"])
    ws.append(["C000001", "ADA", "Lovelace", "ada@example.com", "hired"])
    ws.append(["C000002", "Alan", "TURING", "Alan@Example.com", "Interested"])
    ws.append(["C000003", "Grace", "Hopper", "grace@example.com", "dnc"])
    ws.append(["C000004", "Edsger", "dijkstra", "edsger@example.com", "placed"])
    wb.save(path)
    return path


def test_case7_fix_then_undo_fix_is_exact_after_rows_move(run_cli, tmp_path) -> None:
    path = messy(tmp_path / "messy.xlsx")
    original = by_id(path)
    run_ok(run_cli, "validate", path, "--fix", "--no-backup")
    assert by_id(path) != original
    edit(path, insert_delete_sort)
    result = run_cli("undo-fix", path, "--no-backup")
    assert result.code == 0, result.err
    now = by_id(path)
    assert now.pop("C000100") == ["C000100", "Zed", "Zimmer", "zed@example.com", None]
    assert now == {k: v for k, v in original.items() if k != "C000003"}  # Grace was deleted by hand


def test_case7_merge_then_unmerge_is_exact_after_rows_move(run_cli, people) -> None:
    original = by_id(people)
    run_ok(run_cli, "merge", people, "--auto", "--no-backup")
    edit(people, insert_delete_sort)
    run_ok(run_cli, "unmerge", people, "--all", "--no-backup")
    now = by_id(people)
    assert now.pop("C000100")[:4] == ["C000100", "Zed", "Zimmer", "zed@example.com"]
    assert now == {k: v for k, v in original.items() if k != "C000004"}  # Grace was deleted by hand
    ids = [r[0] for r in cells(people)[1:]]
    for merged in ("C000005", "C000008"):  # back next to a row that was beside them
        old = [p[0] for p in PEOPLE]
        neighbours = {old[old.index(merged) - 1], old[old.index(merged) + 1]}
        assert {ids[ids.index(merged) - 1], ids[ids.index(merged) + 1]} & neighbours, (merged, ids)


def test_case7_two_merge_rounds_undone_oldest_first_come_back_in_order(run_cli, demo_book) -> None:
    path, truth = demo_book
    run_ok(run_cli, "dedupe", path, "--no-backup")
    original = cells(path)

    def only_first_five(wb):  # lines deleted, not set to No: a No is remembered as "not the same person"
        ws = wb["Duplicates"]
        later = [row[0].row for row in ws.iter_rows(min_row=2) if isinstance(row[0].value, int) and row[0].value > 5]
        for line in reversed(later):
            ws.delete_rows(line)

    edit(path, only_first_five)
    run_ok(run_cli, "merge", path, "--no-backup")
    run_ok(run_cli, "dedupe", path, "--no-backup")
    run_ok(run_cli, "merge", path, "--no-backup")
    merges = sorted({r[0] for r in cells(path, "Merged")[1:]})
    assert len(merges) == len(truth.duplicate_groups)
    for merge_id in merges:  # oldest first
        run_ok(run_cli, "unmerge", path, merge_id, "--no-backup")
    assert trimmed(cells(path)) == trimmed(original)  # every value, every row in its place


def trimmed(rows: list[list]) -> list[list]:
    """Values without trailing empty cells (the rows put back last keep an empty, formatted
    cell where the Other contacts column was: the editor restores archived cells whole)."""
    out = []
    for row in rows:
        while row and row[-1] is None:
            row = row[:-1]
        out.append(row)
    return out


# --- case 8 ------------------------------------------------------------------------------------


def test_case8_a_symlinked_workbook_is_written_through(run_cli, small_book, tmp_path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    real = share / "network.xlsx"
    small_book.rename(real)
    link = tmp_path / "network.xlsx"
    link.symlink_to(real)
    run_ok(run_cli, "validate", link, "--no-backup")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "Issues" in openpyxl.load_workbook(real).sheetnames


def test_case8_a_0640_workbook_keeps_its_mode(run_cli, small_book) -> None:
    small_book.chmod(0o640)
    run_ok(run_cli, "validate", small_book, "--fix")
    assert stat.S_IMODE(small_book.stat().st_mode) == 0o640


def test_case8_a_read_only_workbook_is_refused(run_cli, small_book) -> None:
    small_book.chmod(0o444)
    before = digest(small_book)
    result = run_cli("validate", small_book, "--fix")
    assert result.code == 7 and "small.xlsx is read-only" in result.err
    assert digest(small_book) == before and names(small_book.parent) == ["small.xlsx"]


# --- case 9: talentsheet's own sheets, edited by hand -----------------------------------------


@pytest.fixture
def reviewed(run_cli, people) -> Path:
    """Validated with fixes, then reviewed: Issues, Fix log, the marks sheet and Duplicates."""
    edit(people, lambda wb: wb["Candidates"].__setitem__("C3", "TURING"))  # something to fix
    run_ok(run_cli, "validate", people, "--fix", "--no-backup", "--today", TODAY)
    run_ok(run_cli, "dedupe", people, "--no-backup")
    return people


def delete_col(sheet: str, col: int):
    return lambda wb: wb[sheet].delete_cols(col)


def put(sheet: str, cell: str, value):
    return lambda wb: wb[sheet].__setitem__(cell, value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (delete_col("Duplicates", 2), "column B of the Duplicates sheet is 'Keep', not 'Merge?'"),
        (put("Duplicates", "C1", "Survivor"), "column C of the Duplicates sheet is 'Survivor', not 'Keep'"),
        (lambda wb: wb["Duplicates"].delete_rows(1), "column A of the Duplicates sheet is 1, not 'Group'"),
        (put("Duplicates", "B2", "maybe"), "cell B2 of the Duplicates sheet says 'maybe'"),
        (put("Duplicates", "C3", 3), "cell C3 of the Duplicates sheet says 3"),
        (put("Duplicates", "A2", "one"), "cell A2 of the Duplicates sheet says 'one', not a group number"),
        (put("Duplicates", "E2", "C999999"), "candidate C999999 is no longer in the sheet"),
    ],
    ids=["column deleted", "header renamed", "header deleted", "Merge? garbage", "Keep garbage", "Group garbage", "id edited"],
)
def test_case9_hand_edited_duplicates_sheet(run_cli, reviewed, change, message) -> None:
    before = edit(reviewed, change)
    result = run_cli("merge", reviewed)
    assert result.code == 6 and message in result.err and "Hint: " in result.err, result.err
    assert reviewed.read_bytes() == before


def test_case9_duplicates_rows_deleted_or_sorted_still_merge_the_groups_left(run_cli, reviewed) -> None:
    def shuffle(wb):
        ws = wb["Duplicates"]
        lines = [[c.value for c in r] for r in ws.iter_rows(min_row=2) if r[0].value is not None]
        ws.delete_rows(2, ws.max_row)
        for line in reversed(lines[1:]):  # the first line (a group's Keep row) deleted, the rest upside down
            ws.append(line)

    edit(reviewed, shuffle)
    result = run_cli("merge", reviewed, "--no-backup")
    assert result.code == 0, result.err
    ids = set(by_id(reviewed))
    pairs = [{"C000003", "C000005"}, {"C000007", "C000008"}]  # Ada twice, Barbara twice
    assert len(ids) == len(PEOPLE) - 1 and sum(not pair <= ids for pair in pairs) == 1  # one group lost a row


@pytest.fixture
def merged(run_cli, people) -> Path:
    run_ok(run_cli, "merge", people, "--auto", "--no-backup")
    return people


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (delete_col("Merged", 3), "column C of the Merged sheet is 'Original row', not 'Role'"),
        (delete_col("Merged", 10), "a column was inserted, deleted or moved since the merge"),
        (put("Merged", "C3", "whatever"), "cell C3 of the Merged sheet says 'whatever'"),
        (put("Merged", "D3", "abc"), "cell D3 of the Merged sheet says 'abc'"),
        (put("Merged", "E3", "C000002"), "cell E3 of the Merged sheet says 'C000002'"),
        (put("Merged", "H3", "C000001"), "that Candidate ID is on row 2 already"),
        (lambda wb: wb["Merged"].delete_rows(2), "has 0 'survivor before' lines and 1 'merged' lines"),
        (lambda wb: wb["Merged"].delete_rows(1), "column A of the Merged sheet is 'M0001', not 'Merge ID'"),
        (lambda wb: wb["Candidates"].insert_cols(2), "a column was inserted, deleted or moved since the merge"),
    ],
    ids=[
        "own column deleted",
        "data column deleted",
        "Role garbage",
        "row garbage",
        "survivor edited",
        "id edited to another's",
        "line deleted",
        "header deleted",
        "candidate column inserted",
    ],
)
def test_case9_hand_edited_merged_archive(run_cli, merged, change, message) -> None:
    before = edit(merged, change)
    result = run_cli("unmerge", merged, "--all")
    assert result.code == 6 and message in result.err and "Hint: " in result.err, result.err
    assert merged.read_bytes() == before


def test_case9_a_new_merge_never_appends_to_an_archive_that_no_longer_lines_up(run_cli, merged) -> None:
    def more(wb):
        wb["Candidates"].insert_cols(3)  # the recruiter adds a column after the first merge...
        wb["Candidates"].append(["C000010", "Alan", None, "Turing", "alan@example.com"])  # ...and Alan again

    before = edit(merged, more)
    result = run_cli("merge", merged, "--auto")
    assert result.code == 6 and "a column was inserted, deleted or moved since the merge" in result.err
    assert "rename the Merged sheet" in result.err and merged.read_bytes() == before


def test_case9_an_edited_archive_value_is_what_unmerge_puts_back(run_cli, merged) -> None:
    line = next(n for n, r in enumerate(cells(merged, "Merged"), start=1) if r[2] == "merged" and r[7] == "C000005")
    edit(merged, put("Merged", f"M{line}", "second note, corrected"))  # M = the archived Notes (column F + 7)
    run_ok(run_cli, "unmerge", merged, "--all", "--no-backup")
    assert by_id(merged)["C000005"][5] == "second note, corrected"


@pytest.mark.parametrize(
    "change",
    [put("Fix log", "E1", "Before"), delete_col("Fix log", 3), lambda wb: wb["Fix log"].delete_rows(1)],
    ids=["header renamed", "column deleted", "header deleted"],
)
def test_case9_hand_edited_fix_log_header_is_refused_by_undo_fix_and_fix(run_cli, reviewed, change) -> None:
    before = edit(reviewed, change)
    result = run_cli("undo-fix", reviewed)
    assert result.code == 6 and "of the 'Fix log' sheet is" in result.err and "put the header back" in result.err
    assert reviewed.read_bytes() == before
    before = edit(reviewed, put("Candidates", "C4", "LOVELACE"))  # a new fix would start the log again
    result = run_cli("validate", reviewed, "--fix")
    assert result.code == 6 and "of the 'Fix log' sheet is" in result.err and reviewed.read_bytes() == before


def test_case9_a_fix_log_cell_that_is_no_address_is_reported_not_a_traceback(run_cli, reviewed) -> None:
    log = cells(reviewed, "Fix log")
    assert len(log) == 2 and log[1][2] == "C3"
    edit(reviewed, put("Fix log", "C2", "not a cell"))
    result = run_cli("undo-fix", reviewed, "--no-backup")
    assert result.code == 0 and "'not a cell' in its Cell column is not a cell address" in " ".join(result.out.split())
    assert by_id(reviewed)["C000002"][2] == "Turing"  # left as fixed: nothing written anywhere


@pytest.mark.parametrize(
    "change",
    [
        put("_talentsheet_marks", "B2", "zz top"),
        put("_talentsheet_marks", "A2", "Gone"),
        put("_talentsheet_marks", "C2", 255),
        lambda wb: wb["_talentsheet_marks"].delete_rows(2, 3),
        delete_col("_talentsheet_marks", 1),
        put("_talentsheet_marks", "B1", "Where"),
    ],
    ids=["cell garbage", "sheet renamed", "fill garbage", "rows deleted", "column deleted", "header renamed"],
)
def test_case9_hand_edited_marks_sheet_never_blocks_validate_nor_removes_a_recruiters_fill(run_cli, reviewed, change) -> None:
    def recruiter_fill(wb):
        change(wb)
        wb["Candidates"]["B2"].fill = PatternFill("solid", start_color="FF00B050")  # the recruiter's own green
        wb["_talentsheet_marks"].append(["Candidates", "B2", "00B050", None])  # ...and a record line pointing at it

    edit(reviewed, recruiter_fill)
    run_ok(run_cli, "validate", reviewed, "--no-backup", "--today", TODAY)
    run_ok(run_cli, "validate", reviewed, "--no-backup", "--today", TODAY)
    assert openpyxl.load_workbook(reviewed)["Candidates"]["B2"].fill.start_color.rgb == "FF00B050"


IMPORT_UNDO = "_talentsheet_import_undo"


@pytest.mark.parametrize(
    "change",
    [delete_col(IMPORT_UNDO, 1), put(IMPORT_UNDO, "B2", "garbage"), lambda wb: wb[IMPORT_UNDO].delete_rows(2)],
    ids=["column deleted", "What garbage", "line deleted"],
)
def test_case9_hand_edited_import_undo_sheet(run_cli, tmp_path, change) -> None:
    from talentsheet.template import init_workbook

    master = init_workbook(tmp_path / "master.xlsx")
    header = cells(master)[0]
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@example.com,Acme,Data Engineer,23 Mar 2025\n"
        "Alan,Turing,https://www.linkedin.com/in/alan-turing,,Bletchley,Cryptanalyst,01 Feb 2024\n",
        encoding="utf-8",
    )
    assert run_cli("import", master, export, "--no-backup").code == 0
    before = edit(master, change)
    result = run_cli("unimport", master, "I0001", "--no-backup")
    refused = result.code == 6 and "Hint: " in result.err and master.read_bytes() == before
    undone = result.code == 0 and cells(master) == [header]  # its rows and its three columns gone
    assert refused or undone, (result.code, result.err, cells(master)[0])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{bad", "is not valid JSON"),
        (None, "does not exist"),
        ('{"threshold": "high"}', "threshold must be a number, not 'high'"),
        ("[1, 2]", "must be a JSON object, not list"),
        ('{"no_such_setting": 1}', "unknown setting 'no_such_setting'"),
    ],
    ids=["bad JSON", "missing file", "wrong type", "not an object", "unknown key"],
)
def test_case9_bad_dedupe_settings(run_cli, small_book, tmp_path, content, message) -> None:
    settings = tmp_path / "settings.json"
    if content is not None:
        settings.write_text(content)
    before = digest(small_book)
    result = run_cli("dedupe", small_book, "--settings", settings)
    assert result.code == 6 and message in result.err and "Hint: " in result.err, result.err
    assert digest(small_book) == before


def test_case9_a_read_only_folder_is_refused(run_cli, read_only_folder) -> None:  # noqa: F811
    before = digest(read_only_folder)
    result = run_cli("validate", read_only_folder, "--fix")
    assert result.code == 7 and "is read-only" in result.err and "Traceback" not in result.err
    assert digest(read_only_folder) == before


def test_case9_output_into_a_missing_folder_or_naming_a_folder(run_cli, small_book, tmp_path) -> None:
    missing = run_cli("validate", small_book, "--output", tmp_path / "no-such-folder" / "out.xlsx")
    assert missing.code == 6 and "does not exist" in missing.err
    (tmp_path / "results").mkdir()
    folder = run_cli("validate", small_book, "--output", tmp_path / "results")
    assert folder.code == 6 and "is a folder, not a file" in folder.err and names(tmp_path / "results") == []


def test_case9_a_full_disk_is_refused_and_leaves_no_truncated_backup(run_cli, small_book, small_disk) -> None:  # noqa: F811
    disk = small_disk("2m")
    book = disk / "small.xlsx"
    shutil.copy(small_book, book)
    free = shutil.disk_usage(disk).free
    (disk / "filler.bin").write_bytes(b"\0" * max(0, free - 16 * 1024))
    before = digest(book)
    result = run_cli("validate", book, "--fix")
    assert result.code == 7 and "not enough free space" in result.err, result.err
    assert digest(book) == before and names(disk) == ["filler.bin", "small.xlsx"]


def test_case9_sigterm_mid_write_leaves_no_partial_copy(small_book) -> None:
    before = digest(small_book)
    assert signal_mid_write(small_book, signal.SIGTERM) == -signal.SIGTERM
    assert names(small_book.parent) == ["small.xlsx"] and digest(small_book) == before


def test_case9_csv_encodings(run_cli, tmp_path) -> None:
    header = "First name,Last name,Email\n"
    head = (header + "Őrs,Kovács,ors@example.com\n").encode()  # as in test_csv_input.py
    filler = b"Ada,Lovelace,ada@example.com\n"
    k = (4095 - len(head) - 40) // len(filler)
    pad = 4095 - len(head) - k * len(filler) - len(b"Pad,Person,p@example.com\n")
    split = head + filler * k + b"Pad,Person,p" + b"x" * pad + b"@example.com\n" + "Őrs,Nagy,n@example.com\n".encode()
    assert split[4095:4097] == "Ő".encode()  # byte 4,096 is half of it
    (tmp_path / "split.csv").write_bytes(split)
    assert run_cli("info", tmp_path / "split.csv").code == 0
    (tmp_path / "utf16.csv").write_bytes((header + "Zoë,Lovelace,zoe@example.com\n").encode("utf-16"))
    assert run_cli("info", tmp_path / "utf16.csv").code == 0
    late = (header + "Ada,Lovelace,ada@example.com\n" * 200).encode() + b"Ren\x81,Dupont,r@example.com\n"
    (tmp_path / "late.csv").write_bytes(late)
    result = run_cli("info", tmp_path / "late.csv")
    assert result.code == 3 and "byte 0x81 on line 202" in result.err and "Traceback" not in result.err


# --- case 10 -----------------------------------------------------------------------------------


def test_case10_many_big_parts_are_refused_as_a_bomb(run_cli, small_book) -> None:
    part = deflated(b"<worksheet><sheetData>" + b" " * (45 * 1024**2) + b"</sheetData></worksheet>")
    raw_zip(small_book, workbook_entries(small_book) + [(f"xl/worksheets/sheet{n}.xml", *part) for n in range(2, 22)])
    before, started = digest(small_book), time.monotonic()
    result = run_cli("validate", small_book)
    assert result.code == 3 and "looks like a decompression bomb" in result.err
    assert time.monotonic() - started < 10 and digest(small_book) == before


def test_case10_a_homograph_profile_url_never_becomes_a_link(run_cli, small_book) -> None:
    edit(small_book, put("Candidates", "G2", "https://www.lınkedın.com/in/ada-lovelace"))  # dotless ı
    run_ok(run_cli, "views", small_book, "--no-backup", "--today", TODAY)
    wb = openpyxl.load_workbook(small_book)
    links = [c.hyperlink.target for ws in wb for row in ws.iter_rows() for c in row if c.hyperlink and c.hyperlink.target]
    assert links and all(t.startswith("https://www.linkedin.com/in/") for t in links), links
    assert not any("ı" in t or "xn--" in t for t in links)


@pytest.mark.parametrize("command", ["validate", "dedupe"])
def test_case10_an_unreadable_file_exits_3(run_cli, tmp_path, command) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"%PDF-1.7 not a workbook")
    result = run_cli(command, path)
    assert result.code == 3 and result.err.startswith("Error: ")


def test_case10_libreoffice_lock_is_honoured(run_cli, small_book) -> None:
    small_book.with_name(".~lock.small.xlsx#").write_text(",Recruiter,laptop,04.05.2026 09:00,file:///tmp;")
    before = digest(small_book)
    result = run_cli("validate", small_book, "--fix")
    assert result.code == 5 and "open in LibreOffice" in result.err and digest(small_book) == before


def test_case10_init_force_honours_the_excel_lock(run_cli, small_book) -> None:
    small_book.with_name("~$small.xlsx").write_bytes(b"owner")
    before = digest(small_book)
    result = run_cli("init", small_book, "--force")
    assert result.code == 5 and "open in Excel" in result.err and digest(small_book) == before


def test_case10_lite_never_overwrites_main_py(run_cli, tmp_path) -> None:
    (tmp_path / "main.py").write_text("# my own Lite script\n")
    result = run_cli("lite", tmp_path)
    assert result.code == 7 and "main.py already exists; talentsheet will not overwrite it" in result.err
    assert (tmp_path / "main.py").read_text() == "# my own Lite script\n"


# --- known defect outside the issue ------------------------------------------------------------


@pytest.mark.parametrize("rows", [20, 40, 60])
def test_demo_works_from_its_smallest_row_count(run_cli, tmp_path, rows) -> None:
    result = run_cli("demo", "--out", tmp_path / "demo", "--rows", rows, "--json")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err and (tmp_path / "demo" / "demo-candidates.xlsx").exists()


def test_demo_below_its_smallest_row_count_is_refused(run_cli, tmp_path) -> None:
    result = run_cli("demo", "--out", tmp_path / "demo", "--rows", 19)
    assert result.code == 6 and "greater than or equal to 20" in result.err
