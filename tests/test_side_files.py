"""Files written beside the workbook (--ics, --drafts) follow the workbook's rules: never an
existing file replaced without --force, then with a backup; atomic; the workbook untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentsheet.errors import FileAccessError


@pytest.mark.parametrize(("option", "name"), [("--ics", "calls.ics"), ("--drafts", "drafts.txt")])
def test_an_existing_calendar_or_drafts_file_needs_force(run_cli, small_book: Path, tmp_path: Path, option: str, name: str):
    side = tmp_path / name
    side.write_text("the recruiter's own file\n")
    book = small_book.read_bytes()
    refused = run_cli("followups", small_book, option, side, "--no-sheet", "--today", "2026-11-25")
    assert refused.code == FileAccessError.exit_code, refused.out + refused.err
    assert "already exists" in refused.err and "--force" in refused.err
    assert side.read_text() == "the recruiter's own file\n" and small_book.read_bytes() == book
    forced = run_cli("followups", small_book, option, side, "--no-sheet", "--force", "--today", "2026-11-25")
    assert forced.code == 0, forced.err
    assert side.read_text() != "the recruiter's own file\n"
    (backup,) = [p for p in tmp_path.iterdir() if p.name.startswith(side.stem + ".backup-")]
    assert backup.read_text() == "the recruiter's own file\n"


def test_a_new_calendar_file_is_written_without_force(run_cli, small_book: Path, tmp_path: Path) -> None:
    side = tmp_path / "calls.ics"
    result = run_cli("followups", small_book, "--ics", side, "--no-sheet", "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert side.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("calls")) == ["calls.ics"]


def test_an_output_that_is_another_workbook_needs_force_for_every_write_command(run_cli, small_book: Path, tmp_path: Path):
    other = tmp_path / "other.xlsx"
    other.write_bytes(small_book.read_bytes())
    export = tmp_path / "Connections.csv"
    export.write_text("First Name,Last Name,URL,Company\nGrace,Hopper,https://www.linkedin.com/in/grace-h,Navy\n")
    commands = (
        ["validate", "--fix"],
        ["dedupe"],
        ["views"],
        ["followups"],
        ["match", "--title", "Data Engineer"],
        ["import", export],
    )
    for command in commands:
        before = other.read_bytes()
        refused = run_cli(command[0], small_book, *command[1:], "--output", other)
        assert refused.code == FileAccessError.exit_code, (command, refused.err)
        assert other.read_bytes() == before
        forced = run_cli(command[0], small_book, *command[1:], "--output", other, "--force")
        assert forced.code in ((0, 1) if command[0] == "validate" else (0,)), (command, forced.err)  # 1: warnings
        assert other.read_bytes() != before
