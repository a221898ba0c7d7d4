"""Import and unimport through the package editor: a rich workbook keeps every part the import
does not mean to change byte for byte, LibreOffice opens the result, and unimport finds its
rows by Candidate ID after the recruiter sorted, inserted or copied rows."""

from __future__ import annotations

import csv
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from talentsheet.errors import InputError
from talentsheet.importer import IMPORT_LOG, import_export, unimport
from talentsheet.workbook.book import Book
from talentsheet.workbook.package_io import Package
from talentsheet.workbook.reader import MAPPING_SHEET
from talentsheet.workbook.values import sheet_rows
from tests.conftest import libreoffice_convert, soffice
from tests.ooxml_census import feature_census, lost_features
from tests.rich_workbook import build_rich_workbook
from tests.test_import import ADA, EXPORT, csv_export, master_with

TODAY = date(2026, 11, 25)
WIRING = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "docProps/app.xml"}
CANDIDATES = {"xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/tables/table1.xml"}
NEWCOMERS = [
    ("Nadia", "Okafor", "https://www.linkedin.com/in/nadia-okafor"),
    ("Tomas", "Berg", "https://www.linkedin.com/in/tomas-berg"),
]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def rich_export(master: Path, tmp_path: Path) -> Path:
    """A LinkedIn Connections export: the master's first person (with a new company) and two newcomers."""
    first = sheet_rows(master, "Candidates")[2]
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines.append(f"{first[0]},{first[1]},{first[6]},,Hooli,{first[7]},23 Mar 2025")
    lines += [f"{f},{last},{url},,Acme,=1+1,01 Feb 2024" for f, last, url in NEWCOMERS]
    return csv_export(tmp_path, "\n".join(lines) + "\n", "Connections.csv")


def test_an_import_into_a_rich_workbook_rewrites_only_the_candidate_sheet_and_its_own_sheets(tmp_path: Path) -> None:
    master = build_rich_workbook(tmp_path / "rich.xlsx", rows=12)
    before, census = parts(master), feature_census(master)
    report = import_export(master, rich_export(master, tmp_path), merge_known=True, today=TODAY, backup=False)
    assert [r.candidate_id for r in report.plan.added] == ["C000001", "C000002"] and report.plan.merged == 1
    after = parts(master)
    # rows go in above the totals row, which moves down; nothing else refers to the rows below
    changed = sorted(n for n in before if after.get(n) != before[n] and n not in WIRING | CANDIDATES)
    assert changed == [] and sorted(set(after) - set(before)) == [f"xl/worksheets/sheet{n}.xml" for n in (5, 6, 7)]
    assert lost_features(census, feature_census(master), ignore=("calc_chain", "parts", "sheets")) == {}
    with Package(master) as pkg:
        book = Book(pkg)
        kinds = {n: book.own_kind(n) for n in book.sheet_names}
    assert (kinds["Import log"], kinds["Import review"], kinds["_talentsheet_import_undo"]) == (
        "import-log",
        "import-review",
        "import-undo",
    )
    sheet = after["xl/worksheets/sheet1.xml"]
    assert b">=1+1<" in sheet and b"<f>1+1</f>" not in sheet  # the export's "=1+1" is text, never a formula


@pytest.mark.libreoffice
@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_rich_workbook_with_the_imported_rows(tmp_path: Path) -> None:
    master = build_rich_workbook(tmp_path / "rich.xlsx", rows=12)
    import_export(master, rich_export(master, tmp_path), merge_known=True, today=TODAY, backup=False)
    out = libreoffice_convert(master, "csv", tmp_path / "lo")
    lines = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert [(r[0], r[1]) for r in lines[14:16]] == [(f, last) for f, last, _ in NEWCOMERS]
    assert lines[16][0] == "Total" and lines[16][1] == "14"  # the totals row moved below them and counts them
    assert lines[1][-4:] == ["Candidate ID", "Connected on", "Source", "Imported on"]


def data_rows(path: Path) -> list[list]:
    """The candidate sheet's values, row by row (empty cells at a row's end left out)."""
    ws = openpyxl.load_workbook(path)["Candidates"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    return [row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)] for row in rows]


def recruiter_rewrites(path: Path, rows: list[list]) -> None:
    """What a sort (or an insert) in Excel does: the data rows hold other values, in another order."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    ws.delete_rows(2, ws.max_row)
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
    wb.save(path)


PEOPLE = [
    ADA,
    ["C000002", "Grace", "Hopper", "grace@example.com", None, "Admiral", None],
    ["C000003", "Edsger", "Dijkstra", None, None, "Professor", "no calls"],
]


def test_unimport_after_the_recruiter_sorted_and_inserted_rows_restores_the_master_cell_by_cell(tmp_path: Path) -> None:
    master = master_with(tmp_path, PEOPLE)
    header = data_rows(master)[0]
    report = import_export(master, csv_export(tmp_path, EXPORT), merge_known=True, today=TODAY)
    assert [r.candidate_id for r in report.plan.added] == ["C000004"]
    rows = data_rows(master)[1:]
    mine = [None, "Linus", "Torvalds", "linus@example.com"] + [None] * (len(rows[0]) - 4)
    recruiter_rewrites(master, [mine, *sorted(rows, key=lambda r: r[2], reverse=True)])  # by last name, Z first
    undone = unimport(master, report.plan.import_id)
    assert undone.removed == ["C000004"] and not undone.kept
    by_last_name = [p[: 7 if p[6] else 6] for p in sorted(PEOPLE, key=lambda r: r[2], reverse=True)]
    assert data_rows(master) == [header, mine[:4], *by_last_name]  # merged cells of Ada put back, columns gone


def test_unimport_names_each_cell_and_row_it_could_not_take_back_and_why(tmp_path: Path) -> None:
    master = master_with(tmp_path, PEOPLE)
    report = import_export(master, csv_export(tmp_path, EXPORT), merge_known=True, today=TODAY)
    rows = data_rows(master)
    header = rows[0]
    ada, alan = rows[1], rows[4]
    ada[header.index("Current title")] = "Head of Data"  # edited after the import
    recruiter_rewrites(master, [ada, *rows[2:4], alan, list(alan)])  # Alan's row copied
    undone = unimport(master, report.plan.import_id)
    assert undone.kept == [
        "C000001 Current title (cell F2): changed since the import, left as it is",
        "C000004: Candidate ID C000004 is on rows 5, 6 now (which one is it?)",
        "columns Company, Connected on, Source, Imported on: they hold values now",
    ]
    assert sorted(undone.restored) == ["C000001 Company", "C000001 Connected on", "C000001 Email"]
    assert data_rows(master)[1][header.index("Email")] is None


def test_a_sheet_of_the_recruiter_named_like_an_own_sheet_is_never_replaced(tmp_path: Path) -> None:
    master = master_with(tmp_path, [ADA])
    wb = openpyxl.load_workbook(master)
    wb.create_sheet(IMPORT_LOG)["A1"] = "my own notes"
    wb.save(master)
    before = master.read_bytes()
    with pytest.raises(InputError, match="'Import log' that talentsheet did not make"):
        import_export(master, csv_export(tmp_path, EXPORT), today=TODAY)
    assert master.read_bytes() == before


def test_info_remember_writes_a_hidden_marked_mapping_sheet_and_nothing_else(run_cli, tmp_path: Path) -> None:
    master = build_rich_workbook(tmp_path / "rich.xlsx", rows=12)
    before = parts(master)
    for told in ("Owner=-", "Years experience=-"):
        result = run_cli("info", master, "--map", told, "--remember", "--no-backup", "--json")
        assert result.code == 0, result.err
    after = parts(master)
    assert sorted(n for n in before if after.get(n) != before[n] and n not in WIRING) == []
    with Package(master) as pkg:
        book = Book(pkg)
        entry = next(s for s in book.sheets if s.name == MAPPING_SHEET)
        assert (book.own_kind(MAPPING_SHEET), entry.state) == ("column-mapping", "hidden")
    assert sheet_rows(master, MAPPING_SHEET) == [
        ["Sheet", "Header", "Field"],
        ["Candidates", "Owner", "-"],
        ["Candidates", "Years experience", "-"],
    ]


def test_an_import_log_written_before_sheets_were_marked_is_kept_and_continued(tmp_path: Path) -> None:
    master = master_with(tmp_path, [ADA])
    wb = openpyxl.load_workbook(master)
    log = wb.create_sheet(IMPORT_LOG)  # as the openpyxl writer left it: header and lines, no marker
    log.append(["Import ID", "Imported at", "File", "Kind", "Source", "Sheet", "Rows read", "Added", "Already present"])
    log.append(["I0007", None, "old.csv", "general", "Import: old.csv", "Candidates", 3, 0, 3])
    wb.save(master)
    report = import_export(master, csv_export(tmp_path, EXPORT), today=TODAY)
    assert report.plan.import_id == "I0008"
    assert [r[0] for r in sheet_rows(master, IMPORT_LOG)] == ["Import ID", "I0007", "I0008"]
    with Package(master) as pkg:
        assert Book(pkg).own_kind(IMPORT_LOG) == "import-log"


def test_unimport_gives_the_rich_workbook_back_its_values_and_its_table(tmp_path: Path) -> None:
    master = build_rich_workbook(tmp_path / "rich.xlsx", rows=12)
    before, rows = parts(master), sheet_rows(master, "Candidates")
    report = import_export(master, rich_export(master, tmp_path), merge_known=True, today=TODAY, backup=False)
    undone = unimport(master, report.plan.import_id, backup=False)
    assert (undone.removed, undone.kept) == (["C000001", "C000002"], [])
    assert undone.columns_removed == ["Imported on", "Source", "Connected on", "Candidate ID"]
    assert sheet_rows(master, "Candidates") == rows  # the totals row back under the last candidate
    after = parts(master)
    assert after["xl/tables/table1.xml"] == before["xl/tables/table1.xml"]
    assert sorted(n for n in before if after.get(n) != before[n] and n not in WIRING) == ["xl/worksheets/sheet1.xml"]
