"""Each kind of bad input gets one specific message, a non-zero exit, and no change on disk."""

from __future__ import annotations

import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from talentsheet.errors import TalentsheetError
from talentsheet.workbook.editor import editing
from tests.conftest import soffice


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(run_cli, path: Path, message: str) -> None:
    """The CLI says ``message``, exits non-zero, prints no traceback; the library refuses to edit;
    the file is byte-identical afterwards and no backup or temp file appears."""
    before = digest(path)
    files_before = sorted(p.name for p in path.parent.iterdir())
    result = run_cli("info", path)
    assert result.code not in (0, 1, 2), result
    assert message in result.err, result.err
    assert "Traceback" not in result.err + result.out
    with pytest.raises(TalentsheetError), editing(path):
        pass
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == files_before


def test_truncated_workbook(run_cli, small_book):
    small_book.write_bytes(small_book.read_bytes()[:3000])
    assert_refused(run_cli, small_book, "is damaged")


def test_pdf_renamed_to_xlsx(run_cli, tmp_path):
    path = tmp_path / "cv.xlsx"
    path.write_bytes(b"%PDF-1.7\n%binary\n1 0 obj<<>>endobj\n")
    assert_refused(run_cli, path, "is a PDF document, not an Excel workbook")


def test_text_renamed_to_xlsx(run_cli, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_text("Name,Email\nAda,ada@example.com\n")
    assert_refused(run_cli, path, "is a text file, not an Excel workbook")


def test_zip_that_is_not_a_workbook(run_cli, tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "hello")
    assert_refused(run_cli, path, "is a zip archive but not an Excel workbook")


def test_empty_file(run_cli, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert_refused(run_cli, path, "is an empty file")


def test_password_protected_workbook(run_cli, small_book, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    path = tmp_path / "secret.xlsx"
    with open(small_book, "rb") as src, open(path, "wb") as out:
        OOXMLFile(src).encrypt("hunter2", out)
    assert_refused(run_cli, path, "is password-protected (encrypted)")


@pytest.mark.libreoffice
def test_legacy_xls(run_cli, small_book, tmp_path):
    if not soffice():
        pytest.skip("LibreOffice is installed by .ci/run")
    out = tmp_path / "legacy"
    subprocess.run(
        [soffice(), "--headless", "--convert-to", "xls", "--outdir", str(out), str(small_book)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    path = out / "small.xls"
    assert_refused(run_cli, path, "legacy Excel 97-2003 (.xls)")


def test_workbook_without_data(run_cli, tmp_path):
    path = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(path)
    before = digest(path)
    result = run_cli("info", path)
    assert result.code == 3 and "is empty: no sheet has any data" in result.err
    assert digest(path) == before


def test_sheet_without_a_name_column(run_cli, tmp_path):
    path = tmp_path / "numbers.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Email", "Phone"])
    wb.active.append(["a@example.com", "555"])
    wb.save(path)
    before = digest(path)
    result = run_cli("info", path)
    assert result.code == 3 and "no sheet has a header row with a name column" in result.err and "Hint:" in result.err
    assert digest(path) == before


def test_duplicate_header_names(run_cli, tmp_path):
    path = tmp_path / "dup.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["First name", "Last name", "Notes", "Notes"])
    wb.active.append(["Ada", "Lovelace", "a", "b"])
    wb.save(path)
    result = run_cli("info", path)
    assert result.code == 3 and "header 'Notes' appears twice (columns C and D)" in result.err


def test_huge_cell(run_cli, tmp_path):
    path = tmp_path / "huge.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["First name", "Last name", "Notes"])
    wb.active.append(["Ada", "Lovelace", "x" * 100])
    wb.save(path)
    # openpyxl itself truncates at Excel's limit, so the oversized cell is written into the XML directly
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"x" * 100, b"x" * 40_000)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    result = run_cli("info", path)
    assert result.code == 3 and "cell C2 holds 40,000 characters, more than Excel's limit of 32,767" in result.err


def test_decompression_bomb(run_cli, small_book):
    with zipfile.ZipFile(small_book) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"</worksheet>", b" " * (80 * 1024 * 1024) + b"</worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    small_book.write_bytes(buffer.getvalue())
    assert_refused(run_cli, small_book, "looks like a decompression bomb")


def test_missing_sheet_option(run_cli, small_book):
    result = run_cli("info", small_book, "--sheet", "Nope")
    assert result.code == 3 and "has no sheet named 'Nope'" in result.err and "sheets are: Candidates" in result.err
