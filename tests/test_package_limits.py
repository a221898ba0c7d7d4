"""Limits said out loud (issue 16, case 10): the bomb guard counts the total unpacked size and
the number of parts, and honest full-size sheets stay readable."""

from __future__ import annotations

import hashlib
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from talentsheet.workbook.package import DENSE_BUDGET_BYTES, MAX_PARTS, check_readable

EXCEL_ROWS = 1_048_576


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> None:
    """Write a zip from already-deflated entries (name, deflated bytes, crc32, unpacked size),
    so a test can hold many big parts without compressing each one again."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in entries:
        encoded, offset = name.encode(), len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0) + encoded
        out += data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset
        )
        central += encoded
    count, tail = len(entries), b""
    if count > 0xFFFF:  # ZIP64 end records carry the real count
        where = len(out) + len(central)
        tail = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(central), len(out))
        tail += struct.pack("<IIQI", 0x07064B50, 0, where, 1)
        count = 0xFFFF
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0)
    path.write_bytes(bytes(out + central + tail + end))


def deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def workbook_entries(book: Path) -> list[tuple[str, bytes, int, int]]:
    with zipfile.ZipFile(book) as zf:
        return [(i.filename, *deflated(zf.read(i.filename))) for i in zf.infolist()]


def test_many_big_parts_are_refused_as_a_bomb(run_cli, small_book: Path) -> None:
    # issue 16: a 2.2 MB file of twenty 45 MB parts passed (each part under the per-part check)
    part = deflated(b"<worksheet><sheetData>" + b" " * (45 * 1024**2) + b"</sheetData></worksheet>")
    extra = [(f"xl/worksheets/sheet{n}.xml", *part) for n in range(2, 22)]
    raw_zip(small_book, workbook_entries(small_book) + extra)
    assert small_book.stat().st_size < 3 * 1024**2
    before, started = digest(small_book), time.monotonic()
    result = run_cli("validate", small_book)
    assert result.code == 3, result.err
    assert "unpack to 900 MB" in result.err and "looks like a decompression bomb" in result.err
    assert time.monotonic() - started < 10 and digest(small_book) == before


def test_dense_parts_within_the_budget_pass(small_book: Path) -> None:
    # a few very compressible parts (an empty-looking sheet) are fine up to the budget
    part = deflated(b" " * (DENSE_BUDGET_BYTES // 4))
    extra = [(f"xl/media/blank{n}.xml", *part) for n in range(3)]
    raw_zip(small_book, workbook_entries(small_book) + extra)
    assert check_readable(small_book) == "xlsx"


def test_too_many_parts_are_refused(run_cli, small_book: Path) -> None:
    empty = deflated(b"")
    raw_zip(small_book, workbook_entries(small_book) + [(f"xl/x/{n}", *empty) for n in range(MAX_PARTS + 1)])
    result = run_cli("info", small_book)
    assert result.code == 3 and f"holds {MAX_PARTS + 1 + 9:,} parts" in result.err, result.err


def sheet_of_rows(book: Path, row_xml) -> None:
    """Replace the first sheet of ``book`` with a header row (Full name, Email) and 1,048,575
    more rows (the most Excel allows), streamed into the package."""
    with zipfile.ZipFile(book) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                out.writestr(name, data)
        with out.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            sheet.write(
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>Full name</t></is></c><c r="B1" t="inlineStr"><is><t>Email</t></is></c></row>'
            )
            for start in range(2, EXCEL_ROWS + 1, 50_000):
                stop = min(start + 50_000, EXCEL_ROWS + 1)
                sheet.write("".join(row_xml(r) for r in range(start, stop)).encode())
            sheet.write(b"</sheetData></worksheet>")


def test_a_full_sheet_of_formatted_rows_is_not_a_bomb(small_book: Path) -> None:
    # the most compressible honest sheet found: every row formatted, ~29:1
    sheet_of_rows(small_book, lambda r: f'<row r="{r}" spans="1:13" s="1" customFormat="1" ht="15" customHeight="1"/>')
    with zipfile.ZipFile(small_book) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > DENSE_BUDGET_BYTES  # big enough that the dense budget would bite
    assert check_readable(small_book) == "xlsx"


@pytest.mark.slow
def test_a_full_sheet_of_candidates_is_read(run_cli, small_book: Path) -> None:
    sheet_of_rows(
        small_book,
        lambda r: (
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Person {r}</t></is></c>'
            f'<c r="B{r}" t="inlineStr"><is><t>p{r}@example.com</t></is></c></row>'
        ),
    )
    result = run_cli("info", small_book, "--json")
    assert result.code == 0, result.err
    assert f'"candidates": {EXCEL_ROWS - 1}' in result.out
