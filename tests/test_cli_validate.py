"""`talentsheet validate` and `undo-fix` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from talentsheet.cli.validate_cmds import demo_step
from talentsheet.validate import FIX_LOG_SHEET, ISSUES_SHEET


def _book(tmp_path: Path, *rows: list) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(["First name", "Last name", "Email", "Phone", "Status"])
    for row in rows:
        ws.append(row)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def test_exit_codes_follow_the_worst_finding(run_cli, tmp_path: Path) -> None:
    clean = _book(tmp_path, ["Ada", "Lovelace", "ada@example.com", "+15125550100", "New"])
    assert run_cli("validate", clean, "--check").code == 0
    clean.unlink()
    warned = _book(tmp_path, ["Ada", "Lovelace", "jobs@example.com", None, "New"])
    assert run_cli("validate", warned, "--check").code == 1
    warned.unlink()
    broken = _book(tmp_path, ["Ada", "Lovelace", "not an email", None, "New"])
    assert run_cli("validate", broken, "--check").code == 2


def test_json_lists_findings_with_excel_rows(run_cli, tmp_path: Path) -> None:
    path = _book(tmp_path, ["Ada", "Lovelace", "ada@example.com", "555-12", "New"])
    result = run_cli("validate", path, "--json", "--check")
    data = json.loads(result.out)
    assert result.code == 2
    assert data["findings"] == [
        {
            "problem": "not a valid phone number",
            "severity": "error",
            "suggestion": "wrong number of digits for its country",
            "row": 2,
            "column": "phone",
            "value": "555-12",
        }
    ]


def test_check_writes_nothing(run_cli, tmp_path: Path) -> None:
    path = _book(tmp_path, ["ADA", "Lovelace", "bad", None, "New"])
    before = path.read_bytes()
    run_cli("validate", path, "--check")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_validate_writes_issues_and_summary(run_cli, tmp_path: Path) -> None:
    path = _book(tmp_path, ["Ada", "Lovelace", "ada@gmial.com", None, "maybe later"])
    result = run_cli("validate", path, "--no-backup")
    assert result.code == 1
    assert "domain looks like a typo of gmail.com" in result.out and "unknown status" in result.out
    assert "Wrote the 'Issues' sheet and highlighted 2 cells" in result.out
    assert openpyxl.load_workbook(path)[ISSUES_SHEET].max_row == 3
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_fix_to_output_leaves_original_untouched(run_cli, tmp_path: Path) -> None:
    path = _book(tmp_path, ["ADA", "Lovelace", "Ada@Example.com", "(512) 555-0100", "hired"])
    out = tmp_path / "fixed.xlsx"
    result = run_cli("validate", path, "--fix", "-o", out, "--region", "US")  # no location: the country is told
    assert result.code == 0 and "Fixed 4 cells" in result.out
    assert [c.value for c in openpyxl.load_workbook(out)["Candidates"][2]] == [
        "Ada",
        "Lovelace",
        "ada@example.com",
        "+15125550100",
        "Placed",
    ]
    assert openpyxl.load_workbook(path)["Candidates"]["A2"].value == "ADA"


def test_region_reads_national_numbers(run_cli, tmp_path: Path) -> None:
    path = _book(tmp_path, ["Alan", "Turing", "alan@example.com", "020 7946 0018", "New"])
    assert run_cli("validate", path, "--check").code == 0  # the sheet's own numbers are British (phones.sheet_region)
    result = run_cli("validate", path, "--fix", "--region", "GB", "--no-backup")
    assert result.code == 0
    assert openpyxl.load_workbook(path)["Candidates"]["D2"].value == "+442079460018"


def test_undo_fix_round_trip(run_cli, tmp_path: Path) -> None:
    path = _book(tmp_path, ["ADA", "lovelace", "ada@example.com", None, "dnc"])
    run_cli("validate", path, "--fix", "--no-backup")
    result = run_cli("undo-fix", path, "--no-backup", "--json")
    data = json.loads(result.out)
    assert sorted(data["restored"]) == ["A2", "B2", "E2"] and data["kept"] == []
    assert [c.value for c in openpyxl.load_workbook(path)["Candidates"][2]][:2] == ["ADA", "lovelace"]


def test_undo_fix_without_fix_log_explains(run_cli, tmp_path: Path) -> None:
    path = _book(tmp_path, ["Ada", "Lovelace", "ada@example.com", None, "New"])
    result = run_cli("undo-fix", path)
    assert result.code == 6
    assert f"has no {FIX_LOG_SHEET!r} sheet: nothing to undo" in result.err
    assert "Hint: run 'talentsheet validate --fix' first" in result.err


def test_bad_options_are_input_errors(run_cli, tmp_path: Path) -> None:
    path = _book(tmp_path, ["Ada", "Lovelace", "ada@example.com", None, "New"])
    assert run_cli("validate", path, "--today", "tomorrow").code == 6
    result = run_cli("validate", path, "--check", "--fix")
    assert result.code == 6 and "cannot be combined" in result.err


def test_demo_step_says_where_results_are(demo_book) -> None:
    path, truth = demo_book
    said: list[str] = []
    result = demo_step(path, said.append)
    assert result["findings"] >= len(truth.problems) and result["fixed"] > 0
    assert len(said) == 1 and "'Issues' sheet" in said[0]


def test_csv_is_validated_into_a_new_workbook(run_cli, tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Email,Last contacted\nADA LOVELACE,Ada@Example.com,14 Mar 2025\n", encoding="utf-8")
    out = tmp_path / "people.xlsx"
    result = run_cli("validate", csv, "--fix", "-o", out)
    assert result.code == 0, result.err
    wb = openpyxl.load_workbook(out)
    assert [c.value for c in wb["Candidates"][2]][:2] == ["Ada Lovelace", "ada@example.com"]
    assert wb["Candidates"]["C2"].value.date().isoformat() == "2025-03-14"
    assert wb[FIX_LOG_SHEET]["B2"].value == "Candidates"


def test_phone_format_option(run_cli, tmp_path: Path) -> None:
    path = _book(tmp_path, ["Ada", "Lovelace", "ada@example.com", "512.555.0199", "New"])
    assert run_cli("validate", path, "--check", "--phone-format", "fax").code == 6
    assert run_cli("validate", path, "--fix", "--phone-format", "national", "--no-backup", "--region", "US").code == 0
    assert openpyxl.load_workbook(path)["Candidates"]["D2"].value == "(512) 555-0199"
    assert run_cli("validate", path, "--check", "--phone-format", "national").code == 0
