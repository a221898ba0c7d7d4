"""extract / accept / undo / contacted through the package editor: on the rich workbook (every
feature issue 14 lists) only the candidate sheet and the workbook's wiring change; undo and
contacted find people again after the recruiter sorted the rows; a recruiter's own sheet that
happens to be called Notes review or Extract log is never replaced."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from talentsheet.extract_sheet import LOG_SHEET, REVIEW_SHEET, extract_workbook, undo_extract
from talentsheet.workbook.changes import SheetEdit, WorkbookEdit
from talentsheet.workbook.editor import apply_edit
from talentsheet.workbook.reader import read_candidates
from tests.ooxml_census import feature_census, lost_features
from tests.rich_workbook import build_rich_workbook
from tests.test_editor_fidelity import CANDIDATES, WIRING, assert_untouched_except, parts

SAID = "not looking now; future: Director of Eng in Denver, call back on 2027-03-15"
WANT = ("Director of Engineering", "Denver, CO", date(2027, 3, 15))
FUTURE = ("future_title", "future_location", "follow_up_on")


@pytest.fixture(scope="module")
def rich_master(tmp_path_factory) -> Path:
    """The rich workbook with the future answers of data rows 3-5 said in their notes only."""
    path = build_rich_workbook(tmp_path_factory.mktemp("rich") / "rich.xlsx", rows=40)
    table = read_candidates(path)
    values = {}
    for row in (3, 4, 5):
        values[(row, table.column("notes").index)] = SAID
        values.update({(row, table.column(f).index): None for f in FUTURE})
    apply_edit(path, WorkbookEdit(edits=[SheetEdit(table.sheet, table.header_row, values=values)]), backup=False)
    return path


@pytest.fixture
def rich(rich_master, tmp_path) -> Path:
    path = tmp_path / "rich.xlsx"
    shutil.copy(rich_master, path)
    return path


def test_extract_and_accept_on_the_rich_workbook_keep_every_other_part(rich):
    before, census = parts(rich), feature_census(rich)
    report = extract_workbook(rich, accept="all", backup=False)
    df = read_candidates(rich).df
    assert all(tuple(df.loc[r, f] for f in FUTURE) == WANT for r in (3, 4, 5)), df.loc[3:5, list(FUTURE)]
    assert len(report.written) == 9 and not report.new_columns
    after = parts(rich)
    assert_untouched_except(before, after, WIRING | CANDIDATES)
    assert lost_features(census, feature_census(rich)) == {}
    assert all(n.startswith("xl/worksheets/") for n in set(after) - set(before))  # the two own sheets


@pytest.mark.libreoffice
def test_libreoffice_opens_the_rich_workbook_with_the_accepted_values(rich, tmp_path):
    from tests.conftest import libreoffice_convert

    extract_workbook(rich, accept="all", backup=False)
    table = read_candidates(rich)
    wb = load_workbook(libreoffice_convert(rich, "xlsx", tmp_path / "lo"))
    ws = wb[table.sheet]
    got = [ws[table.cell(f, 4)].value for f in FUTURE]
    assert got[:2] == list(WANT[:2]) and got[2].date() == WANT[2]
    assert REVIEW_SHEET in wb.sheetnames and LOG_SHEET in wb.sheetnames


# --- after the recruiter sorted the rows ------------------------------------------------------------

HEADER = ["Candidate ID", "First name", "Last name", "Email", "Notes", "Future title", "Future location"]
PEOPLE = [
    ["C000001", "Ada", "Lovelace", "ada@x.io", "wants Senior Data Engineer in Austin TX", None, None],
    ["C000002", "Alan", "Turing", "alan@x.io", "future: EM Denver", None, None],
    ["C000003", "Grace", "Hopper", "grace@x.io", "would consider Staff SWE roles in Seattle", "Admiral", None],
    ["C000004", "Ida", "Wells", "ida@x.io", "Strong PM", None, None],
]


def write_book(path: Path, rows: list[list], *, ids: bool = True) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Candidates"
    for row in [HEADER, *rows]:
        ws.append(row if ids else row[1:])
    wb.save(path)
    return path


def sort_by_last_name_descending(path: Path) -> None:
    """What the recruiter's Data > Sort does: the same rows, in another order."""
    wb = load_workbook(path)
    ws = wb["Candidates"]
    last = [c.value for c in ws[1]].index("Last name")
    rows = sorted((list(r) for r in ws.iter_rows(min_row=2, values_only=True)), key=lambda r: r[last], reverse=True)
    for i, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            ws.cell(i, c).value = v
    wb.save(path)


def by_email(path: Path) -> dict[str, dict]:
    df = read_candidates(path).df
    return {r["email"]: {k: r[k] for k in ("future_title", "future_location")} for _, r in df.iterrows()}


@pytest.mark.parametrize("ids", [True, False], ids=["by Candidate ID", "by row key"])
def test_undo_after_a_sort_restores_each_cell_in_its_persons_row(tmp_path, ids):
    path = write_book(tmp_path / "book.xlsx", PEOPLE, ids=ids)
    original = by_email(path)
    extract_workbook(path, accept="all", backup=False)
    assert by_email(path)["ada@x.io"]["future_location"] == "Austin, TX"
    sort_by_last_name_descending(path)  # Ida, Alan, Ada, Grace: every written row moved
    report = undo_extract(path, backup=False)
    assert by_email(path) == original and not report.left
    assert sorted(report.restored) == sorted(["F3", "G3", "F4", "G4", "G5"] if ids else ["E3", "F3", "E4", "F4", "F5"])


def test_undo_after_a_sort_names_each_cell_it_leaves_and_why(tmp_path):
    path = write_book(tmp_path / "book.xlsx", PEOPLE)
    extract_workbook(path, accept="all", backup=False)
    sort_by_last_name_descending(path)  # Ada is on row 4 now, Alan on row 3, Grace on row 5
    wb = load_workbook(path)
    wb["Candidates"]["G4"] = "Remote"  # the recruiter retyped Ada's future location
    wb["Candidates"].delete_rows(3)  # and deleted Alan
    wb.save(path)
    report = undo_extract(path, backup=False)
    gone = "no row has Candidate ID C000002 any more"
    assert report.left == [("G3", gone), ("F3", gone), ("G3", "changed after the extract")]  # Alan's as logged; Ada's
    assert report.kept == ["G3"] and report.restored == ["G4", "F3"]  # Grace's location, Ada's title (now row 3)
    df = read_candidates(path).df
    assert (df.loc[3, "future_title"], df.loc[3, "future_location"], df.loc[4, "future_location"]) == (None, "Remote", None)


def test_contacted_by_id_finds_the_person_after_a_sort(run_cli, tmp_path):
    path = write_book(tmp_path / "book.xlsx", PEOPLE)
    sort_by_last_name_descending(path)  # Alan (C000002) is on row 3 now
    result = run_cli("contacted", path, "--id", "C000002", "--today", "2026-11-25", "--no-backup", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["row"] == 3 and json.loads(result.out)["name"] == "Alan Turing"
    df = read_candidates(path).df
    assert df.loc[3, "last_contacted"] == date(2026, 11, 25) and df["last_contacted"].notna().sum() == 1


# --- a recruiter's own sheet of the same name ------------------------------------------------------------


@pytest.mark.parametrize("name", [REVIEW_SHEET, LOG_SHEET, "notes REVIEW"])
@pytest.mark.parametrize("args", [[], ["--accept", "all"], ["--accept", "marked"]])
def test_a_recruiters_sheet_called_like_ours_is_never_replaced(run_cli, tmp_path, name, args):
    path = write_book(tmp_path / "book.xlsx", PEOPLE)
    wb = load_workbook(path)
    wb.create_sheet(name)["A1"] = "my own review of the notes"
    wb.save(path)
    if name == LOG_SHEET:  # a review alone neither reads nor writes the log
        assert run_cli("extract", path, "--no-backup").code == 0
        assert load_workbook(path)[LOG_SHEET]["A1"].value == "my own review of the notes"
        if not args:
            return
    before = path.read_bytes()
    result = run_cli("extract", path, *args, "--no-backup")
    assert result.code != 0 and "that talentsheet did not make" in result.err
    assert path.read_bytes() == before


def test_cli_undo_says_which_cells_it_leaves_and_why(run_cli, tmp_path):
    path = write_book(tmp_path / "book.xlsx", PEOPLE)
    assert run_cli("extract", path, "--accept", "all", "--no-backup").code == 0
    wb = load_workbook(path)
    wb["Candidates"]["G2"] = "Remote"  # Ada's future location, retyped after the extract
    wb.save(path)
    result = run_cli("extract", path, "--undo", "--no-backup")
    assert result.code == 0 and "Restored 4 cell(s)" in result.out and "G2: changed after the extract" in result.out


def test_undo_reads_a_log_the_openpyxl_writer_kept(tmp_path):
    """A log from before the port (8 columns, no marker, no Candidate ID / Row key): the
    logged address is trusted when it still holds a candidate."""
    from talentsheet.extract_sheet import LEGACY_LOG_HEADER

    path = write_book(tmp_path / "book.xlsx", [[*PEOPLE[0][:5], "Senior Data Engineer", None], *PEOPLE[1:]])
    wb = load_workbook(path)
    log = wb.create_sheet(LOG_SHEET)
    log.append(LEGACY_LOG_HEADER)
    log.append(["2026-11-01 10:00:00", "extract", "Candidates", "F2", "Future title", None, "Senior Data Engineer", None])
    wb.save(path)
    report = undo_extract(path, backup=False)
    assert report.restored == ["F2"] and read_candidates(path).df.loc[2, "future_title"] is None
    assert load_workbook(path)[LOG_SHEET]["H2"].value.startswith("restored ")


def test_undo_restores_both_rows_of_a_person_entered_twice(tmp_path):
    """Two rows with the same name and email cannot be told apart by their key: a row that
    still holds the logged identity at the logged address is that row."""
    path = write_book(tmp_path / "book.xlsx", [PEOPLE[0], PEOPLE[0], PEOPLE[3]], ids=False)
    extract_workbook(path, accept="all", backup=False)
    assert read_candidates(path).df["future_location"].tolist() == ["Austin, TX", "Austin, TX", None]
    report = undo_extract(path, backup=False)
    assert not report.left and read_candidates(path).df["future_location"].isna().all()


def mark_yes(path: Path, row: int, column: str) -> None:
    wb = load_workbook(path)
    ws = wb[REVIEW_SHEET]
    line = next(r for r in range(2, ws.max_row + 1) if (ws.cell(r, 1).value, ws.cell(r, 3).value) == (row, column))
    ws.cell(line, 7).value = "Yes"
    wb.save(path)


@pytest.mark.parametrize("ids", [True, False], ids=["by Candidate ID", "by row key"])
def test_a_yes_marked_before_a_sort_is_written_for_the_same_person(tmp_path, ids):
    path = write_book(tmp_path / "book.xlsx", PEOPLE, ids=ids)
    extract_workbook(path, backup=False)
    mark_yes(path, 2, "Future location")  # Ada's
    mark_yes(path, 3, "Future title")  # Alan's
    sort_by_last_name_descending(path)  # Ida, Alan, Ada, Grace
    wb = load_workbook(path)
    wb["Candidates"].delete_rows(3)  # Alan is gone; Ada moves up to row 3
    wb.save(path)
    report = extract_workbook(path, accept="marked", backup=False)
    df = read_candidates(path).df
    assert (df.loc[3, "email"], df.loc[3, "future_location"]) == ("ada@x.io", "Austin, TX")
    assert df["future_location"].notna().sum() == 1 and df["future_title"].tolist() == [None, None, "Admiral"]
    assert len(report.written) == 1 and len(report.left) == 1 and "marked on the Notes review sheet" in report.left[0][1]


def test_the_accept_dropdown_offers_yes_no_and_takes_an_x_typed(tmp_path):
    path = write_book(tmp_path / "book.xlsx", PEOPLE)
    extract_workbook(path, backup=False)
    wb = load_workbook(path)
    ws = wb[REVIEW_SHEET]
    (dv,) = ws.data_validations.dataValidation
    assert (dv.formula1, str(dv.sqref), dv.showErrorMessage) == ('"Yes,No"', f"G2:G{ws.max_row}", False)
    line = next(r for r in range(2, ws.max_row + 1) if (ws.cell(r, 1).value, ws.cell(r, 3).value) == (2, "Future title"))
    ws.cell(line, 7).value = "x"
    wb.save(path)
    assert extract_workbook(path, accept="marked", backup=False).written == ["F2"]


def test_a_formula_that_shows_nothing_is_never_written_over(tmp_path):
    path = write_book(tmp_path / "book.xlsx", PEOPLE)
    wb = load_workbook(path)
    wb["Candidates"]["F2"] = '=IF(D2="","","")'  # Ada's Future title: a formula with an empty result
    wb.save(path)
    report = extract_workbook(path, accept="all", backup=False)
    assert "F2" in report.skipped and "F2" not in report.written and "G2" in report.written
    assert load_workbook(path)["Candidates"]["F2"].value == '=IF(D2="","","")'
