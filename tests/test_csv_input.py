"""CSV decoding (issue 16, case 9): the whole file is decoded, in the encoding it is in (UTF-8
with or without BOM, UTF-16/32 with a BOM, Windows-1252 when UTF-8 does not fit), and a file
nothing fits gets a clear error naming the line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentsheet.errors import WorkbookError
from talentsheet.workbook.package import decode_text
from talentsheet.workbook.reader import read_candidates, read_csv_rows

HEADER = "First name,Last name,Email\n"


def rows_text(n: int, first: str = "Ada") -> str:
    return HEADER + "".join(f"{first},Lovelace{i},ada{i}@example.com\n" for i in range(n))


def test_utf8_split_at_byte_4096_is_read(tmp_path: Path) -> None:
    # 'Ő' is C5 90 in UTF-8 and 0x90 means nothing in Windows-1252: a first-4-KB sample that
    # ends inside a character used to be judged binary
    head = (HEADER + "Őrs,Kovács,ors@example.com\n").encode()
    filler = b"Ada,Lovelace,ada@example.com\n"
    k = (4095 - len(head) - 40) // len(filler)
    pad = 4095 - len(head) - k * len(filler) - len(b"Pad,Person,p@example.com\n")
    raw = head + filler * k + b"Pad,Person,p" + b"x" * pad + b"@example.com\n" + "Őrs,Nagy,n@example.com\n".encode()
    assert raw[4095:4097] == "Ő".encode()  # byte 4,096, the sample's last, is half of it
    path = tmp_path / "split.csv"
    path.write_bytes(raw)
    table = read_candidates(path)
    assert {"Kovács", "Nagy"} <= set(table.df["last_name"]) and "Őrs" in set(table.df["first_name"])


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_read(run_cli, tmp_path: Path, codec: str) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes("\ufeff".encode(codec) + rows_text(3, first="Zoë").encode(codec))
    result = run_cli("info", path, "--json")
    assert result.code == 0, result.err
    assert read_csv_rows(path)[1] == ["Zoë", "Lovelace0", "ada0@example.com"]


def test_utf16_without_a_bom_is_a_clear_error(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "nobom.csv"
    path.write_bytes(rows_text(3).encode("utf-16-le"))
    result = run_cli("info", path)
    assert result.code == 3 and "nor UTF-16 with a byte-order mark" in result.err and "CSV UTF-8" in result.err


def test_windows_1252_is_read_when_utf8_does_not_fit(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(rows_text(2, first="José").encode("cp1252"))
    assert read_csv_rows(path)[1][0] == "José"


def test_a_bad_byte_after_the_first_4kb_is_a_clear_error(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    raw = rows_text(300).encode()
    assert len(raw) > 5000
    at = raw.index(b"\n", 5000) + 1
    path.write_bytes(raw[:at] + b"Ren\x81,Dupont,r@example.com\n" + raw[at:])
    line = raw[:at].count(b"\n") + 1
    result = run_cli("info", path)
    assert result.code == 3, result.err
    assert f"neither UTF-8 nor Windows-1252 text: byte 0x81 on line {line}" in result.err
    assert "Traceback" not in result.err + result.out


def test_utf8_with_a_damaged_byte_is_not_garbled_as_1252(tmp_path: Path) -> None:
    path = tmp_path / "damaged.csv"
    path.write_bytes(rows_text(2, first="Zoë").encode() + b"Ren\xe9,Dupont,r@example.com\n")
    with pytest.raises(WorkbookError, match="is UTF-8 text with a damaged byte: byte 0xe9 on line 4"):
        read_csv_rows(path)


def test_a_cell_beyond_the_csv_field_limit_is_a_clear_error(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "Ada,Lovelace," + "x" * 200_000 + "\n", encoding="utf-8")
    result = run_cli("info", path)
    assert result.code == 3 and "line 2 cannot be read as CSV" in result.err, result.err


NOT_A_BOM = st.text(max_size=200).filter(lambda s: not s.startswith(("\ufeff", "\x00")))


@given(NOT_A_BOM, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
def test_any_text_comes_back_from_its_encoding(text: str, codec: str) -> None:
    bom = "\ufeff" if codec in ("utf-16-le", "utf-16-be") else ""  # Python adds it for utf-16/utf-32
    assert decode_text((bom + text).encode(codec), "x.csv") == text


@given(st.text(alphabet="abc ,;\nXYZéèüñçàÿ", max_size=200))
def test_windows_1252_text_comes_back(text: str) -> None:
    # lowercase accented letters are never UTF-8 continuation bytes, so UTF-8 cannot fit
    assert decode_text(text.encode("cp1252"), "x.csv") == text
