"""The exit-code table of talentsheet/errors.py, through the real entry point (issue 16, case 10):
an unreadable file is 3, never validate's "errors found" 2; a mistyped command line is 64."""

from __future__ import annotations

from pathlib import Path

import pytest


def unreadable(kind: str, book: Path) -> Path:
    """A file talentsheet cannot read, of the given kind, made from ``book``."""
    path = book.with_name(f"bad-{kind}.xlsx")
    if kind == "pdf":
        path.write_bytes(b"%PDF-1.7 not a workbook")
    elif kind == "truncated":
        path.write_bytes(book.read_bytes()[:3000])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "csv-encoding":
        path = path.with_suffix(".csv")
        path.write_bytes(b"First name,Last name\nRen\x81,Dupont\n")
    elif kind == "missing":
        pass
    return path


@pytest.mark.parametrize("kind", ["pdf", "truncated", "empty", "csv-encoding", "missing"])
@pytest.mark.parametrize("command", ["validate", "dedupe", "views"])
def test_an_unreadable_file_exits_3(run_cli, small_book, kind, command) -> None:
    result = run_cli(command, unreadable(kind, small_book))
    assert result.code == 3, result.err
    assert result.err.startswith("Error: ") and "Traceback" not in result.err


@pytest.mark.parametrize(
    "args",
    [("validate", "--no-such-option", "x.xlsx"), ("validate",), ("no-such-command",)],
    ids=["unknown option", "missing argument", "unknown command"],
)
def test_a_mistyped_command_line_exits_64(run_cli, args) -> None:
    assert run_cli(*args).code == 64


def test_every_code_of_the_table_means_one_thing(run_cli, small_book, tmp_path) -> None:
    # 4 (would lose features) belongs to the workbook editor and is tested with it
    other = tmp_path / "other.xlsx"
    other.write_bytes(small_book.read_bytes())
    small_book.with_name("~$open.xlsx").write_bytes(b"owner")
    (tmp_path / "open.xlsx").write_bytes(small_book.read_bytes())
    codes = {
        run_cli("info", tmp_path / "missing.xlsx").code: "unreadable",
        run_cli("validate", tmp_path / "open.xlsx").code: "in use",
        run_cli("followups", small_book, "--today", "tomorrow").code: "bad value",
        run_cli("validate", small_book, "--output", other).code: "file system refused",
        run_cli("validate", "--bogus").code: "usage",
    }
    assert codes == {3: "unreadable", 5: "in use", 6: "bad value", 7: "file system refused", 64: "usage"}
