"""The workbook commands through the real entry point: info, init, demo, errors."""

from __future__ import annotations

import json

from talentsheet.workbook.reader import read_candidates


def test_info_reports_sheet_header_and_columns(run_cli, demo_book):
    path, truth = demo_book
    result = run_cli("info", path, "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["sheet"] == "Candidates"
    assert report["header_row"] == truth.header_row
    by_letter = {c["letter"]: c for c in report["columns"]}
    assert by_letter["B"]["header"] == "Given name" and by_letter["B"]["field"] == "first_name"
    assert by_letter["S"]["field"] is None and by_letter["S"]["how"] == "kept as-is"


SMALL_FIELDS = [  # the template's own headers, each read as its field (hand-written: templates/template.toml)
    ("A", "First name", "first_name"),
    ("B", "Last name", "last_name"),
    ("C", "Contact method", "contact_method"),
    ("D", "Email", "email"),
    ("E", "Phone", "phone"),
    ("F", "Location", "location"),
    ("G", "LinkedIn URL", "linkedin"),
    ("H", "Notes", "notes"),
    ("I", "Status", "status"),
    ("J", "Last contacted", "last_contacted"),
    ("K", "Future title", "future_title"),
    ("L", "Future location", "future_location"),
    ("M", "Follow-up on", "follow_up_on"),
]


def test_info_table_shows_each_column_with_its_field(run_cli, small_book):
    result = run_cli("info", small_book)
    assert result.code == 0
    assert result.out.startswith("small.xlsx: sheet Candidates, header on row 1, 3 candidates")
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in result.out.splitlines() if line.startswith("│")]
    assert [tuple(r[:3]) for r in rows] == SMALL_FIELDS


def test_missing_file_is_a_clear_error(run_cli, tmp_path):
    result = run_cli("info", tmp_path / "nope.xlsx")
    assert result.code != 0
    assert "nope.xlsx: no such file" in result.err
    assert "Traceback" not in result.err


def test_init_creates_readable_template_and_refuses_overwrite(run_cli, tmp_path):
    path = tmp_path / "new.xlsx"
    assert run_cli("init", path).code == 0
    table = read_candidates(path)
    assert table.sheet == "Candidates" and len(table.df) == 0
    again = run_cli("init", path)
    assert again.code != 0 and "already exists" in again.err


def test_demo_runs_every_step_end_to_end(run_cli, tmp_path):
    """This install has the [excel] extra, so every step runs; each leaves its mark in the file."""
    import openpyxl

    from talentsheet.excel.addin import verify_addin

    result = run_cli("demo", "--out", tmp_path / "demo", "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert list(summary["steps"]) == ["validate", "dedupe", "views", "match", "excel"]
    assert summary["skipped"] == {} and summary["failed"] == {}
    workbook = tmp_path / "demo" / "demo-candidates.xlsx"
    sheets = openpyxl.load_workbook(workbook, read_only=True).sheetnames
    views = [s["sheet"] for s in summary["steps"]["views"]["sheets"]]
    assert {"Issues", "Duplicates", "Merged", *views, summary["steps"]["match"]["sheet"]} <= set(sheets)
    merged = summary["steps"]["dedupe"]
    assert merged["merged"] >= 1 and len(read_candidates(workbook).df) == summary["candidates"] - merged["rows_archived"]
    assert len(verify_addin(tmp_path / "demo" / "talentsheet.xlam").ribbon_actions) == summary["steps"]["excel"]["buttons"]


def _digest(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_write_command_keeps_features_openpyxl_could_not(run_cli, small_book, tmp_path):
    """Sparklines were refused while writes went through openpyxl; the package editor keeps them."""
    import zipfile

    from tests.helpers_xlsx import SPARKLINE_EXT, add_sparklines

    add_sparklines(small_book)
    before = _digest(small_book)
    copy = tmp_path / "copy.xlsx"
    written = run_cli("validate", small_book, "--output", copy)
    assert written.code == 1 and "Wrote the 'Issues' sheet" in written.out, written.err
    assert _digest(small_book) == before
    in_place = run_cli("validate", small_book, "--no-backup")
    assert in_place.code == 1 and "Error" not in in_place.err
    for path in (copy, small_book):
        assert SPARKLINE_EXT.encode() in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")


def test_write_command_refuses_a_workbook_open_in_excel(run_cli, small_book):
    small_book.with_name("~$" + small_book.name).write_bytes(b"owner")
    before = _digest(small_book)
    result = run_cli("validate", small_book)
    assert result.code == 5 and "is open in Excel" in result.err
    assert _digest(small_book) == before
