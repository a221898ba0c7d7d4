"""``talentsheet views`` and ``talentsheet followups`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from talentsheet.cli.views_cmds import demo_step
from talentsheet.views.sheets import VIEW_SHEETS


def test_views_prints_the_sheets_it_wrote(run_cli, small_book: Path) -> None:
    result = run_cli("views", small_book, "--today", "2026-11-25", "--no-backup")
    assert result.code == 0, result.err
    assert "Future by location" in result.out and "Follow-ups due" not in result.out
    assert load_workbook(small_book).sheetnames == ["Candidates", *VIEW_SHEETS]


def test_views_json_and_output_leave_the_original_alone(run_cli, small_book: Path, tmp_path: Path) -> None:
    before = small_book.read_bytes()
    out = tmp_path / "with-views.xlsx"
    result = run_cli("views", small_book, "-o", out, "--json", "--today", "2026-11-25")
    data = json.loads(result.out)
    assert result.code == 0 and small_book.read_bytes() == before
    assert data["path"] == str(out)
    assert {s["sheet"]: s["people"] for s in data["sheets"]} == {
        "Future by location": 3,
        "Future by title": 3,
    }


def test_followups_lists_who_to_call(run_cli, small_book: Path) -> None:
    result = run_cli("followups", small_book, "--days", "30", "--today", "2026-11-25", "--json", "--no-backup")
    data = json.loads(result.out)
    assert result.code == 0
    assert [(d["name"], d["due"], d["why"], d["row"]) for d in data["due"]] == [
        ("Ada Lovelace", "2026-12-01", "due in 6 days", 2)
    ]
    assert "Follow-ups due" in load_workbook(small_book).sheetnames


def test_followups_table_and_a_shorter_window(run_cli, small_book: Path) -> None:
    result = run_cli("followups", small_book, "--days", "3", "--today", "2026-11-25", "--no-sheet")
    assert result.code == 0
    assert "Follow-ups due within 3 days (0)" in result.out and "Ada" not in result.out
    assert load_workbook(small_book).sheetnames == ["Candidates"]  # --no-sheet writes nothing


def test_bad_today_is_a_clear_error(run_cli, small_book: Path) -> None:
    result = run_cli("followups", small_book, "--today", "tomorrow")
    assert result.code == 6
    assert "Error: --today 'tomorrow' is not a date" in result.err and "Hint: write it as yyyy-mm-dd" in result.err


def test_negative_days_are_refused_by_the_option(run_cli, small_book: Path) -> None:
    result = run_cli("views", small_book, "--days", "-1")
    assert result.code == 6 and "greater than or equal to 0" in result.err  # a wrong value (6), not "errors found" (2)


def test_commands_have_help(run_cli) -> None:
    for command in ("views", "followups"):
        result = run_cli(command, "--help")
        assert result.code == 0 and "--days" in result.out and "--output" in result.out


def test_demo_step_adds_saved_views_and_says_where(demo_book) -> None:
    path, _ = demo_book
    said: list[str] = []
    result = demo_step(path, said.append)
    sheets = load_workbook(path, read_only=True).sheetnames
    assert {"Views", *VIEW_SHEETS, "Follow-ups due", "View - Senior data eng, Austin", "View - Not now, Dana"} <= set(sheets)
    assert result["follow_ups_due"] > 0 and str(result["follow_ups_due"]) in said[0]
