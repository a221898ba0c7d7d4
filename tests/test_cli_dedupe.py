"""``talentsheet dedupe / merge / unmerge / check-new`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

COMMANDS = ["dedupe", "merge", "unmerge", "check-new"]


def test_dedupe_json_lists_groups_with_excel_rows_scores_and_reasons(run_cli, demo_book):
    path, truth = demo_book
    result = run_cli("dedupe", path, "--json", "--no-backup")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert sorted(g["rows"] for g in report["groups"]) == sorted(sorted(g) for g in truth.duplicate_groups)
    first = report["groups"][0]
    assert set(first) >= {"rows", "score", "reasons", "survivor", "ids"} and first["score"] > 0.9
    assert report["ids_filled"] == len(openpyxl.load_workbook(path)["Candidates"]["A"]) - 3


def test_merge_then_unmerge_all_round_trip(run_cli, demo_book):
    path, truth = demo_book
    assert run_cli("dedupe", path, "--no-backup").code == 0
    before = [[c.value for c in r] for r in openpyxl.load_workbook(path)["Candidates"].iter_rows()]
    merged = run_cli("merge", path, "--no-backup")
    assert merged.code == 0, merged.err
    assert f"{len(truth.duplicate_groups)} groups merged, {len(truth.duplicate_groups)} rows archived" in merged.out
    undone = run_cli("unmerge", path, "--all", "--json", "--no-backup")
    assert json.loads(undone.out)["unmerged"][-1] == "M0001"
    assert [[c.value for c in r] for r in openpyxl.load_workbook(path)["Candidates"].iter_rows()] == before


def test_merge_with_output_leaves_the_original_untouched(run_cli, demo_book, tmp_path):
    path, _ = demo_book
    run_cli("dedupe", path, "--no-backup")
    original = path.read_bytes()
    result = run_cli("merge", path, "-o", tmp_path / "merged.xlsx", "--json")
    assert result.code == 0 and json.loads(result.out)["groups_merged"] == 10
    assert path.read_bytes() == original and "Merged" in openpyxl.load_workbook(tmp_path / "merged.xlsx").sheetnames


def test_check_new_names_the_existing_row_a_new_one_duplicates(run_cli, demo_book):
    path, _ = demo_book
    run_cli("dedupe", path, "--no-backup")
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    copied = [c.value for c in ws[40]]
    new_row = ws.max_row + 1
    for c, v in enumerate(copied, start=1):
        ws.cell(new_row, c).value = v if c != 1 else None
    ws.cell(new_row, 5).value = str(copied[4]).upper()
    ws.cell(new_row + 1, 2).value, ws.cell(new_row + 1, 3).value = "Zelda", "Quartermain"
    wb.save(path)
    result = run_cli("check-new", path, "--json")
    report = json.loads(result.out)
    assert report["checked_rows"] == [new_row, new_row + 1]
    assert [(d["row"], d["matches_row"], d["matches_id"]) for d in report["duplicates"]] == [(new_row, 40, copied[0])]
    assert report["duplicates"][0]["why"].startswith("same LinkedIn profile + same email")


def test_check_new_rejects_a_bad_row_range(run_cli, demo_book):
    path, _ = demo_book
    result = run_cli("check-new", path, "--rows", "twelve")
    assert result.code == 6
    assert "Error: --rows 'twelve' is not a row range" in result.err
    assert "Hint: write it like --rows 1200-1250" in result.err


def test_unmerge_unknown_id_says_which_merges_exist(run_cli, demo_book):
    path, _ = demo_book
    run_cli("merge", path, "--auto", "--no-backup")
    result = run_cli("unmerge", path, "M0999")
    assert result.code == 6
    assert "Error: no merge 'M0999' in the Merged sheet" in result.err
    assert "Hint: merges on record: M0001" in result.err


def test_merge_without_review_sheet_asks_for_dedupe_first(run_cli, small_book):
    result = run_cli("merge", small_book)
    assert result.code == 6
    assert "Hint: run 'talentsheet dedupe FILE' first" in result.err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(run_cli, command):
    result = run_cli(command, "--help")
    assert result.code == 0 and "Usage" in result.out
    assert f"talentsheet {command}" in (Path(__file__).parents[1] / "docs" / "dedupe.md").read_text()


def _say_no(path: Path, row: int) -> None:
    """The recruiter sets Merge? = No on the Duplicates line of candidate row ``row``."""
    book = openpyxl.load_workbook(path)
    sheet = book["Duplicates"]
    line = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 4).value == row)
    sheet.cell(line, 2).value = "No"
    book.save(path)


def _grouped(report: dict) -> set[frozenset[int]]:
    return {frozenset(g["rows"]) for g in report["groups"]}


def test_a_no_decision_is_remembered_by_every_later_dedupe(run_cli, demo_book):
    path, truth = demo_book
    first = json.loads(run_cli("dedupe", path, "--json", "--no-backup").out)
    pair = next(sorted(g) for g in truth.duplicate_groups if len(g) == 2)
    assert frozenset(pair) in _grouped(first)
    _say_no(path, pair[1])
    for _ in range(2):  # the second run rewrites the Duplicates sheet: the hidden record keeps the answer
        again = run_cli("dedupe", path, "--json", "--no-backup")
        report = json.loads(again.out)
        assert report["kept_apart"] == 1
        assert not any({*pair} <= g for g in _grouped(report))
        assert len(report["groups"]) == len(first["groups"]) - 1
    assert "_talentsheet_apart" in openpyxl.load_workbook(path).sheetnames
    assert openpyxl.load_workbook(path)["_talentsheet_apart"].sheet_state == "hidden"
