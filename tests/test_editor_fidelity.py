"""Every write command on the rich workbook (every feature issue 14 lists): the parts a command
does not mean to change come out byte for byte, and no feature is lost."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from talentsheet.workbook.book import Book
from talentsheet.workbook.changes import SheetEdit, WorkbookEdit
from talentsheet.workbook.editor import apply_edit
from talentsheet.workbook.package_io import Package
from talentsheet.workbook.reader import read_candidates
from talentsheet.workbook.values import sheet_rows
from tests.ooxml_census import feature_census, lost_features
from tests.rich_workbook import build_rich_workbook

TODAY = "2026-11-25"
# what a command may rewrite: the workbook's wiring, the style pool, the candidate sheet and
# its notes/table, the Duplicates/Merged sheets it edits; everything else must be identical
WIRING = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
CANDIDATES = {"xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels"}
NOTES = {"xl/comments/comment1.xml", "xl/drawings/commentsDrawing1.vml"}
TABLE = {"xl/tables/table1.xml"}
COMMANDS = {
    "validate": (["validate", "--today", TODAY], CANDIDATES | NOTES),
    "validate --fix": (["validate", "--fix", "--today", TODAY], CANDIDATES | NOTES),
    "dedupe": (["dedupe"], CANDIDATES | TABLE),
    "views": (["views", "--today", TODAY], set()),
    "followups": (["followups", "--today", TODAY], set()),
    "match": (["match", "--title", "Data Engineer"], set()),
    "add-opening": (["add-opening", "--title", "Data Engineer"], set()),
}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def rich_master(tmp_path_factory) -> Path:
    return build_rich_workbook(tmp_path_factory.mktemp("rich") / "rich.xlsx", rows=40)


@pytest.fixture
def rich(rich_master, tmp_path) -> Path:
    path = tmp_path / "rich.xlsx"
    shutil.copy(rich_master, path)
    return path


def assert_untouched_except(before: dict[str, bytes], after: dict[str, bytes], allowed: set[str]) -> None:
    untouched = {n for n in before if n not in allowed}
    changed = sorted(n for n in untouched if after.get(n) != before[n])
    assert changed == [], f"rewritten although not meant to change: {changed}"


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_untouched_parts_stay_byte_identical_and_no_feature_is_lost(run_cli, rich, command):
    args, allowed = COMMANDS[command]
    before, census = parts(rich), feature_census(rich)
    result = run_cli(args[0], rich, *args[1:], "--no-backup")
    assert result.code in (0, 1, 2), result.err
    after = parts(rich)
    assert_untouched_except(before, after, WIRING | allowed)
    assert lost_features(census, feature_census(rich)) == {}
    added = set(after) - set(before)  # own sheets, their charts; notes go in the sheet's existing parts
    assert all(n.startswith(("xl/worksheets/", "xl/charts/chart", "xl/drawings/drawing", "xl/drawings/_rels/")) for n in added), (
        added
    )


def plant_duplicate(path: Path) -> tuple[int, int]:
    """Give data row 9 the name, email and LinkedIn of row 4 (a person entered twice), in place."""
    table = read_candidates(path)
    fields = ("first_name", "last_name", "email", "linkedin")
    values = {(9, table.column(f).index): table.df.at[4, f] for f in fields}
    apply_edit(path, WorkbookEdit(edits=[SheetEdit("Candidates", values=values)]), backup=False)
    return 4, 9


def test_merge_and_unmerge_keep_every_part_they_do_not_move(run_cli, rich):
    plant_duplicate(rich)
    assert run_cli("dedupe", rich, "--no-backup").code == 0  # ids first: they stay after an unmerge
    before, census, rows_before = parts(rich), feature_census(rich), sheet_rows(rich, "Candidates")
    merged = run_cli("merge", rich, "--auto", "--no-backup", "--json")
    assert merged.code == 0 and '"rows_archived": 1' in merged.out, merged.err
    after = parts(rich)
    # a row deleted moves what refers to the sheet (parts that name it: other sheets' formulas,
    # charts, pivot sources) and what hangs on it (table, notes, drawing anchors, calc chain)
    moved = {n for n, data in before.items() if b"Candidates" in data} | {"xl/calcChain.xml", "xl/drawings/drawing1.xml"}
    assert_untouched_except(before, after, WIRING | CANDIDATES | NOTES | TABLE | moved | own_parts(rich))
    assert lost_features(census, feature_census(rich), ignore=("calc_chain", "parts", "sheets")) == {}
    assert run_cli("unmerge", rich, "--all", "--no-backup").code == 0
    back = parts(rich)
    assert lost_features(census, feature_census(rich), ignore=("calc_chain", "parts", "sheets")) == {}
    assert sheet_rows(rich, "Candidates") == rows_before
    # unmerge puts every reference back as it was
    for name in ("xl/worksheets/sheet2.xml", "xl/charts/chart1.xml", "xl/tables/table1.xml"):
        if name in before:
            assert _refs(back[name]) == _refs(before[name]), name


def own_parts(path: Path) -> set[str]:
    """The parts of the sheets talentsheet made (Duplicates, Merged...): a merge writes them."""
    with Package(path) as pkg:
        book = Book(pkg)
        return {s.part for s in book.sheets if book.own_kind(s.name)}


def _refs(xml: bytes) -> list[bytes]:
    """Cell references in a part (what row moves change)."""
    return re.findall(rb"\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?", xml)


def test_an_xlsm_keeps_its_vba_project_and_signature_byte_for_byte(run_cli, tmp_path):
    path = build_rich_workbook(tmp_path / "rich.xlsm", rows=12)
    before = parts(path)
    for args in (["validate", "--fix", "--today", TODAY], ["dedupe"], ["views", "--today", TODAY]):
        assert run_cli(args[0], path, *args[1:], "--no-backup").code in (0, 1, 2)
    after = parts(path)
    vba = [n for n in before if "vbaProject" in n]
    assert vba and all(after[n] == before[n] for n in vba)
    assert "macroEnabled" in after["[Content_Types].xml"].decode()


def test_untouched_entries_are_copied_raw_not_recompressed(run_cli, rich, tmp_path):
    """The compressed bytes of an untouched part are the same bytes, not just the same text."""
    original = tmp_path / "original.xlsx"
    shutil.copy(rich, original)
    assert run_cli("views", rich, "--today", TODAY, "--no-backup").code == 0
    untouched = [n for n in parts(original) if n not in WIRING]
    assert untouched and all(_raw(rich, n) == _raw(original, n) for n in untouched)


def _raw(path: Path, name: str) -> bytes:
    """An entry's compressed bytes as stored in the zip file."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    with open(path, "rb") as fh:
        fh.seek(info.header_offset + 26)
        name_len, extra_len = int.from_bytes(fh.read(2), "little"), int.from_bytes(fh.read(2), "little")
        fh.seek(info.header_offset + 30 + name_len + extra_len)
        return fh.read(info.compress_size)
