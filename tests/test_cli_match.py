"""`talentsheet match` through the real entry point, on real workbooks."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from talentsheet.matches import DROPPED_NOTE, MATCHES_HEADER, matches_sheet_title
from talentsheet.openings import Opening, add_opening
from talentsheet.workbook.sheetxml import col_letter

AUSTIN = ["--title", "Senior Data Engineer", "--location", "Austin, TX", "--hybrid"]
SHEET = matches_sheet_title(Opening("Senior Data Engineer", "Austin, TX", "hybrid"))

OUTCOME = col_letter(MATCHES_HEADER.index("Outcome") + 1)  # the column the recruiter types in


def snapshot(path: Path, skip: str = "") -> dict:
    """Everything a recruiter would notice in the other sheets: values, styling hooks, order."""
    wb = load_workbook(path)
    out: dict = {"order": [n for n in wb.sheetnames if n != skip]}
    for ws in wb.worksheets:
        if ws.title != skip:
            out[ws.title] = (
                [[c.value for c in r] for r in ws.iter_rows()],
                ws.freeze_panes,
                len(ws.data_validations.dataValidation),
                [str(cf.sqref) for cf in ws.conditional_formatting],
                ws.auto_filter.ref,
            )
    return out


def sheet_rows(path: Path, title: str = SHEET) -> list[dict]:
    ws = load_workbook(path)[title]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == MATCHES_HEADER
    return [dict(zip(MATCHES_HEADER, r, strict=True)) for r in rows[1:]]


def test_match_prints_the_ranking_and_writes_the_sheet(run_cli, small_book):
    result = run_cli("match", small_book, *AUSTIN, "--no-backup")
    assert result.code == 0, result.err
    assert "Ada Lovelace" in result.out and f"Wrote sheet {SHEET}" in result.out
    (ada,) = sheet_rows(small_book)  # Grace is placed, Alan wants another role
    assert (ada["Rank"], ada["Name"], ada["Outcome"]) == (1, "Ada Lovelace", None)
    assert "wants Senior Data Engineer (exact)" in ada["Reasons"]
    link = load_workbook(small_book)[SHEET]["D2"]
    assert link.hyperlink.target == "https://www.linkedin.com/in/ada-lovelace"


def test_rerun_refreshes_only_that_sheet_and_keeps_outcomes(run_cli, demo_book):
    path, _ = demo_book
    before = snapshot(path)
    assert run_cli("match", path, *AUSTIN, "--top", "10", "--no-backup").code == 0
    first = sheet_rows(path)
    wb = load_workbook(path)
    wb[SHEET][f"{OUTCOME}3"] = "Called, interview Tue"
    wb.save(path)
    assert run_cli("match", path, *AUSTIN, "--top", "10", "--no-backup").code == 0
    second = sheet_rows(path)
    assert [r | {"Outcome": None} for r in second] == first
    assert second[1]["Outcome"] == "Called, interview Tue"
    assert snapshot(path, skip=SHEET) == before


def test_outcome_of_someone_who_drops_out_is_kept_below_the_list(run_cli, demo_book):
    path, _ = demo_book
    run_cli("match", path, *AUSTIN, "--top", "3", "--no-backup")
    wb = load_workbook(path)
    wb[SHEET][f"{OUTCOME}4"] = "Not interested"
    wb.save(path)
    run_cli("match", path, *AUSTIN, "--top", "2", "--no-backup")
    rows = sheet_rows(path)
    assert len(rows) == 3 and rows[2]["Rank"] is None
    assert (rows[2]["Reasons"], rows[2]["Outcome"]) == (DROPPED_NOTE, "Not interested")


def test_json_ranking_without_writing(run_cli, small_book):
    before = snapshot(small_book)
    result = run_cli("match", small_book, *AUSTIN, "--keywords", "Python", "--json", "--no-sheet")
    data = json.loads(result.out)
    assert data["sheet"] is None and data["opening"]["keywords"] == ["Python"]
    assert [m["name"] for m in data["matches"]] == ["Ada Lovelace"]
    assert "notes mention Python" in data["matches"][0]["reasons"]
    assert snapshot(small_book) == before


def test_opening_from_a_row_of_the_openings_sheet(run_cli, small_book, tmp_path):
    ml = Opening("Staff ML Engineer", "London, UK", "Remote")
    add_opening(small_book, ml, backup=False)
    out = tmp_path / "copy.xlsx"
    result = run_cli("match", small_book, "--opening", "2", "-o", out, "--json")
    assert json.loads(result.out)["sheet"] == matches_sheet_title(ml)
    assert [r["Name"] for r in sheet_rows(out, matches_sheet_title(ml))] == ["Alan Turing"]
    assert SHEET not in load_workbook(small_book).sheetnames  # -o left the original alone


def test_errors_say_what_to_do(run_cli, small_book):
    none = run_cli("match", small_book)
    assert none.code == 6 and "Error: no opening given" in none.err and "--title" in none.err
    missing = run_cli("match", small_book, "--opening", "4")
    assert missing.code == 6 and "has no 'Openings' sheet" in missing.err
    both = run_cli("match", small_book, "--title", "X", "--remote", "--hybrid")
    assert both.code == 6 and "either --remote or --hybrid" in both.err


def test_settings_file_is_used_and_checked(run_cli, small_book, tmp_path):
    strict = tmp_path / "strict.json"
    strict.write_text('{"min_title_fit": 0.8, "today": "2026-11-25"}')
    loose = run_cli("match", small_book, "--title", "Staff Data Engineer", "--json", "--no-sheet")
    none = run_cli("match", small_book, "--title", "Staff Data Engineer", "--settings", strict, "--json", "--no-sheet")
    assert [m["name"] for m in json.loads(loose.out)["matches"]] == ["Ada Lovelace"]
    assert json.loads(none.out)["matches"] == []  # Ada wants *Senior* Data Engineer: one level off
    strict.write_text('{"min_title_fitt": 0.9}')
    bad = run_cli("match", small_book, "--title", "Data Engineer", "--settings", strict)
    assert bad.code == 6 and "unknown match settings: min_title_fitt" in bad.err


def test_matches_sheet_never_comes_before_an_unnamed_candidate_sheet(run_cli, small_book):
    add_opening(small_book, Opening("Data Engineer"), backup=False)
    wb = load_workbook(small_book)
    wb["Candidates"].title = "Sheet1"
    wb.move_sheet("Openings", offset=-1)  # Openings first, candidates second
    wb.save(small_book)
    assert run_cli("match", small_book, "--opening", "2", "--no-backup").code == 0
    again = run_cli("match", small_book, "--opening", "2", "--no-backup", "--json")
    assert [m["name"] for m in json.loads(again.out)["matches"]] == ["Ada Lovelace"]
    assert load_workbook(small_book).sheetnames == ["Openings", "Sheet1", "Matches – Data Engineer"]


def test_the_matches_sheet_has_what_a_recruiter_needs_to_call(run_cli, small_book):
    assert run_cli("match", small_book, *AUSTIN, "--no-backup").code == 0
    (ada,) = sheet_rows(small_book)
    assert (ada["Email"], ada["Phone"]) == ("ada@example.com", "+1 512 555 0100")  # from SMALL_ROWS
    assert ada["Notes"].startswith("Strong in Python")  # an excerpt of the notes
