"""`import` on the five real-format exports in ../shared/field (invented people; the planted
duplicates and traps are listed in truth_exports.json, which the code never reads)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from talentsheet.importer import import_export, read_export, unimport
from talentsheet.template import init_workbook
from talentsheet.workbook.reader import read_candidates

FIELD = Path(__file__).parents[2] / "shared" / "field"
if not FIELD.exists():
    FIELD = Path("/work/shared/field")
TRUTH = json.loads((FIELD / "truth_exports.json").read_text()) if FIELD.exists() else {}
FILES = sorted(TRUTH)
pytestmark = pytest.mark.skipif(not TRUTH, reason="the field exports are not on this machine")

# what each export's columns are, from the formats' own documentation (not from our mapping)
EXPECTED_COLUMNS = {
    "linkedin_Connections.csv": {
        "First Name": "first_name",
        "Last Name": "last_name",
        "URL": "linkedin",
        "Email Address": "email",
        "Company": "company",
        "Position": "current_title",
        "Connected On": "connected_on",
    },
    "salesnav_list.xlsx": {
        "Name": "full_name",
        "Headline": "headline",
        "Location": "location",
        "Current Company": "company",
        "Profile URL": "linkedin",
        "Connection Degree": None,
    },
    "recruiter_project_export.csv": {
        "First Name": "first_name",
        "Headline": "headline",
        "Current Title": "current_title",
        "Current Company": "company",
        "Email Address": "email",
        "Phone Number": "phone",
        "Profile URL": "linkedin",
        "Project Status": "status",
        "Notes": "notes",
    },
    "greenhouse_candidates.xlsx": {
        "Candidate ID": "source_id",  # Greenhouse's own id, not the master's
        "Email": "email",
        "Phone": "phone",
        "Source": "source",  # where the candidate came from...
        "Recruiter": "owner",  # ...and who owns them
        "Social Media": "linkedin",  # by content: a column of linkedin.com links
        "Tags": "tags",
        "Address": "location",
    },
    "lever_opportunities.csv": {
        "Contact ID": "source_id",
        "Name": "full_name",
        "Headline": "headline",
        "Emails": "email",
        "Phones": "phone",
        "Links": "linkedin",
        "Stage": "status",
        "Origin": "origin",
        "Sources": "source",
        "Owner": "owner",
        "Opportunity ID": None,
    },
}
KINDS = {
    "linkedin_Connections.csv": "linkedin",
    "salesnav_list.xlsx": "salesnav",
    "recruiter_project_export.csv": "recruiter",
    "greenhouse_candidates.xlsx": "greenhouse",
    "lever_opportunities.csv": "lever",
}


def _groups(name: str) -> list[tuple[int, ...]]:
    return [tuple(sorted(g["rows"])) for g in TRUTH[name]["groups"]]


def _traps(name: str) -> list[tuple[int, ...]]:
    return [tuple(sorted(t["rows"])) for t in TRUTH[name]["traps"]]


def _group_params() -> list:
    return [pytest.param(name, rows, id=f"{name}-{rows[0]}-{rows[1]}") for name in FILES for rows in _groups(name)]


@pytest.fixture
def empty_master(tmp_path: Path) -> Path:
    return init_workbook(tmp_path / "master.xlsx")


def field_copy(name: str, tmp_path: Path) -> Path:
    dst = tmp_path / name
    dst.write_bytes((FIELD / name).read_bytes())  # a writable copy (the field files are read-only)
    return dst


def subset_export(name: str, rows: list[int], tmp_path: Path) -> tuple[Path, dict[int, int]]:
    """The export with only ``rows`` kept (same format, preamble, BOM); returns the file and
    subset row -> original row."""
    header = TRUTH[name]["header_row"]
    keep = sorted(rows)
    out = tmp_path / f"subset-{name}"
    if name.endswith(".csv"):
        lines = (FIELD / name).read_bytes().split(b"\n")
        out.write_bytes(b"\n".join(lines[:header] + [lines[r - 1] for r in keep]) + b"\n")
    else:
        wb = openpyxl.load_workbook(FIELD / name)
        ws = wb.active
        for r in range(ws.max_row, header, -1):
            if r not in keep:
                ws.delete_rows(r)
        wb.save(out)
    return out, {header + 1 + k: r for k, r in enumerate(keep)}


@pytest.mark.parametrize("name", FILES)
def test_every_named_column_maps_right(name: str, tmp_path: Path) -> None:
    table, kind = read_export(field_copy(name, tmp_path))
    fields = {c.header: c.field for c in table.columns}
    assert {h: fields[h] for h in EXPECTED_COLUMNS[name]} == EXPECTED_COLUMNS[name]
    assert kind.name == KINDS[name]
    assert table.header_row == TRUTH[name]["header_row"] and len(table.df) == TRUTH[name]["n"]


@pytest.mark.parametrize(("name", "rows"), _group_params())
def test_duplicates_within_an_export_are_reported_as_present(
    name: str, rows: tuple[int, ...], empty_master: Path, tmp_path: Path
) -> None:
    plan = import_export(empty_master, field_copy(name, tmp_path)).plan
    appended = {r.row: r.candidate_id for r in plan.added}
    known = {k.row: k for k in plan.known}
    kept = [r for r in rows if r in appended]
    assert len(kept) == 1, f"exactly one of {rows} is appended"
    assert all(known[r].candidate_id == appended[kept[0]] and known[r].master_row is None for r in rows if r not in appended)


@pytest.mark.parametrize("name", FILES)
def test_traps_stay_separate_people(name: str, empty_master: Path, tmp_path: Path) -> None:
    plan = import_export(empty_master, field_copy(name, tmp_path)).plan
    appended = {r.row for r in plan.added}
    assert all(set(trap) <= appended for trap in _traps(name))


def master_with_one_of_each(name: str, tmp_path: Path) -> tuple[Path, dict[int, str]]:
    """An empty master into which one member of every planted group and trap was imported;
    returns it and original export row -> candidate id."""
    firsts = [g[0] for g in _groups(name) + _traps(name)]
    subset, original = subset_export(name, firsts, tmp_path)
    master = init_workbook(tmp_path / "master.xlsx")
    plan = import_export(master, subset).plan
    return master, {original[r.row]: r.candidate_id for r in plan.added}


@pytest.mark.parametrize(("name", "rows"), _group_params())
def test_planted_duplicates_are_found_in_the_master(name: str, rows: tuple[int, ...], tmp_path: Path) -> None:
    master, ids = master_with_one_of_each(name, tmp_path)
    plan = import_export(master, field_copy(name, tmp_path)).plan
    known = {k.row: k for k in plan.known}
    assert known[rows[0]].candidate_id == ids[rows[0]]  # the very row the master holds
    assert all(r in known and known[r].candidate_id == ids[rows[0]] for r in rows[1:])


@pytest.mark.parametrize("name", FILES)
def test_a_trap_in_the_master_does_not_swallow_its_namesake(name: str, tmp_path: Path) -> None:
    master, _ids = master_with_one_of_each(name, tmp_path)
    plan = import_export(master, field_copy(name, tmp_path)).plan
    appended = {r.row for r in plan.added}
    assert all(trap[1] in appended for trap in _traps(name))
    assert len(plan.added) + len(plan.known) == TRUTH[name]["n"]


def sheet_cells(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        if ws.title.startswith("_talentsheet") or ws.title.startswith("Import"):
            continue
        cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
        tables = {t.displayName: (t.ref, [c.name for c in t.tableColumns]) for t in ws.tables.values()}
        out[ws.title] = (cells, tables, ws.auto_filter.ref)
    return out


@pytest.mark.parametrize("name", FILES)
def test_unimport_restores_the_master_cell_by_cell(name: str, tmp_path: Path) -> None:
    master, _ = master_with_one_of_each(name, tmp_path)
    before = sheet_cells(master)
    report = import_export(master, field_copy(name, tmp_path), merge_known=True)
    assert sheet_cells(master) != before
    undone = unimport(master, report.plan.import_id)
    assert sheet_cells(master) == before
    assert len(undone.removed) == len(report.plan.added) and not undone.kept


def test_an_export_imported_into_itself_adds_nobody(tmp_path: Path) -> None:
    own = field_copy("greenhouse_candidates.xlsx", tmp_path)
    plan = import_export(own, FIELD / "greenhouse_candidates.xlsx").plan
    assert plan.added == [] and len(plan.known) == TRUTH["greenhouse_candidates.xlsx"]["n"]
    assert {k.master_row for k in plan.known} <= set(read_candidates(own).df.index)


@pytest.mark.libreoffice
def test_libreoffice_opens_a_master_with_every_export_imported(empty_master: Path, tmp_path: Path) -> None:
    from tests.conftest import libreoffice_convert

    total = 0
    for name in FILES:
        total += len(import_export(empty_master, field_copy(name, tmp_path), merge_known=True).plan.added)
    resaved = libreoffice_convert(empty_master, "xlsx", tmp_path / "lo")
    table = read_candidates(resaved)
    assert len(table.df) == total and table.df["candidate_id"].is_unique
    ws = openpyxl.load_workbook(resaved)["Candidates"]
    assert next(iter(ws.tables.values())).ref.endswith(str(total + 1))
