"""Merge loses nothing, follows the reviewed sheet, keeps the workbook intact; unmerge is exact."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from talentsheet.dedupe.merge import OFFSET, OTHER_CONTACTS, as_text, merge, merge_stamp, plan_merge, unmerge
from talentsheet.dedupe.review import decisions_from_rows, dedupe
from talentsheet.errors import InputError
from talentsheet.normalize import email_key, linkedin_key, phone_key
from talentsheet.workbook.reader import read_candidates

TODAY = date(2026, 11, 25)


def snapshot(path, sheet="Candidates"):
    """Every cell of a sheet: value, fill colour and number format, by coordinate."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {
        c.coordinate: (c.value, c.fill.start_color.rgb if c.fill.fill_type else None, c.number_format)
        for row in ws.iter_rows()
        for c in row
        if c.value is not None or c.fill.fill_type
    }


def reviewed(demo_book):
    path, truth = demo_book
    dedupe(path, backup=False)
    return path, truth, openpyxl.load_workbook(path)


def test_merge_keeps_every_non_empty_value_of_every_merged_row(demo_book):
    path, truth, before = reviewed(demo_book)
    report = merge(path, backup=False, today=TODAY)
    ws = openpyxl.load_workbook(path)["Candidates"]
    old = before["Candidates"]
    ids = {old.cell(r, 1).value: r for r in range(4, old.max_row + 1)}
    now = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    assert report.rows_archived == len(truth.duplicate_groups)
    for done in report.merges:
        survivor = [c.value for c in ws[now[done.survivor_id]]]
        text = " | ".join(as_text(v) for v in survivor if v is not None)
        for merged_id in done.merged_ids:
            for cell in old[ids[merged_id]]:
                v = cell.value
                if v is None or cell.column == 1:
                    continue
                same_key = any(k(v) and k(v) in {k(s) for s in survivor} for k in (email_key, phone_key, linkedin_key))
                assert v in survivor or same_key or as_text(v) in text, (merged_id, cell.coordinate, v)


def test_merged_rows_are_archived_whole_and_unchanged(demo_book):
    path, _, before = reviewed(demo_book)
    report = merge(path, backup=False, today=TODAY)
    archive = openpyxl.load_workbook(path)["Merged"]
    old = before["Candidates"]
    lines = {(r[0].value, r[2].value, r[3].value): r for r in archive.iter_rows(min_row=2)}
    for done in report.merges:
        for row in done.merged_rows:
            line = lines[(done.merge_id, "merged", row)]
            assert line[4].value == done.survivor_id
            assert [c.value for c in line[OFFSET : OFFSET + old.max_column]] == [c.value for c in old[row]]


def test_unmerge_all_restores_the_candidate_sheet_cell_by_cell(demo_book):
    path, _, _ = reviewed(demo_book)
    original = snapshot(path)
    ws = openpyxl.load_workbook(path)["Candidates"]
    refs = (
        ws.auto_filter.ref,
        [str(d.sqref) for d in ws.data_validations.dataValidation],
        [str(c.sqref) for c in ws.conditional_formatting],
    )
    merge(path, backup=False, today=TODAY)
    assert snapshot(path) != original
    assert unmerge(path, all_merges=True, backup=False) == [f"M{n:04d}" for n in range(10, 0, -1)]
    assert snapshot(path) == original
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert (
        ws.auto_filter.ref,
        [str(d.sqref) for d in ws.data_validations.dataValidation],
        [str(c.sqref) for c in ws.conditional_formatting],
    ) == refs


def test_unmerge_one_merge_restores_its_rows_and_survivor(demo_book):
    path, _, _ = reviewed(demo_book)
    original = snapshot(path)
    report = merge(path, backup=False, today=TODAY)
    last = report.merges[-1]  # its rows lie below every other merged row
    unmerge(path, last.merge_id, backup=False)
    now = openpyxl.load_workbook(path)["Candidates"]
    moved = sum(1 for m in report.merges[:-1] for r in m.merged_rows if r < last.merged_rows[0])
    row = last.merged_rows[0] - moved
    assert [c.value for c in now[row]][:19] == [
        original.get(f"{c.column_letter}{last.merged_rows[0]}", (None,))[0] for c in now[row]
    ][:19]


def test_merge_respects_decisions_edited_in_the_duplicates_sheet(demo_book):
    path, truth, wb = reviewed(demo_book)
    sheet = wb["Duplicates"]
    by_group = {}
    for row in sheet.iter_rows(min_row=2):
        if row[0].value:
            by_group.setdefault(row[0].value, []).append(row)
    for cell_row in by_group[1]:
        cell_row[1].value = "No"  # group 1: not the same person after all
    first, second = by_group[2]
    first[2].value, second[2].value = None, "Keep"  # group 2: keep the other row
    wb.save(path)
    report = merge(path, backup=False, today=TODAY)
    assert len(report.merges) == len(truth.duplicate_groups) - 1
    assert report.merges[0].survivor_row == second[3].value
    assert first[3].value in report.merges[0].merged_rows


def test_two_keep_marks_in_one_group_are_refused(demo_book):
    path, _, wb = reviewed(demo_book)
    wb["Duplicates"]["C3"] = "Keep"
    wb.save(path)
    with pytest.raises(InputError) as err:
        merge(path, backup=False)
    assert err.value.message == "group 1 of the Duplicates sheet has 2 rows marked Keep"


def test_other_sheets_and_the_recruiters_formatting_survive(demo_book):
    path, _, _ = reviewed(demo_book)
    merge(path, backup=False, today=TODAY)
    wb = openpyxl.load_workbook(path)
    ws = wb["Candidates"]
    assert wb.sheetnames == ["Candidates", "Duplicates", "Call notes", "Merged"]
    assert wb["Call notes"]["B2"].value == "Hiring freeze at Globex until Q1"
    assert (ws.freeze_panes, ws.column_dimensions["H"].width, ws["A1"].value) == ("C4", 45, "Dana's network - keep this tidy!")
    assert ws["K9"].comment.text == "Ask about visa timing"
    assert ws["B8"].fill.start_color.rgb == "00FFFF00"


def test_auto_merges_only_groups_sharing_linkedin_or_email(demo_book):
    path, truth = demo_book
    report = merge(path, auto=True, backup=False, today=TODAY)
    assert 0 < len(report.merges) < len(truth.duplicate_groups)
    assert openpyxl.load_workbook(path).sheetnames == ["Candidates", "Call notes", "Merged"]


def test_tables_and_defined_names_follow_the_rows(tmp_path, small_book):
    wb = openpyxl.load_workbook(small_book)
    ws = wb["Candidates"]
    ws.append(["Ada", "Lovelace", "Email", "ADA@example.com"])
    ws.add_table(Table(displayName="People", ref="A1:M5"))
    wb.defined_names["everyone"] = DefinedName("everyone", attr_text="Candidates!$A$2:$M$5")
    wb.save(small_book)
    original = snapshot(small_book)
    report = merge(small_book, auto=True, backup=False, today=TODAY)
    wb = openpyxl.load_workbook(small_book)
    assert report.merges[0].merged_rows == [5]
    # the table takes in the new Candidate ID and Other contacts columns (N, O); row 5 is gone
    assert (wb["Candidates"].tables["People"].ref, wb.defined_names["everyone"].attr_text) == ("A1:O4", "Candidates!$A$2:$M$4")
    unmerge(small_book, "M0001", backup=False)
    assert {k: v for k, v in snapshot(small_book).items() if not k.startswith("N")} == original


def _values(path, sheet):
    return [list(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_the_merge_plan_on_plain_values_is_what_merge_does_to_the_file(demo_book):
    """The Excel layer has no file: plan_merge on the sheets' values must describe exactly
    what ``merge`` does to the workbook (changed cells, archive lines, deleted rows)."""
    path, _, _ = reviewed(demo_book)
    table = read_candidates(path)
    rows = _values(path, "Candidates")
    decisions = decisions_from_rows(_values(path, "Duplicates")[1:])
    ids = {int(r): str(v) for r, v in table.df["candidate_id"].items()}
    width = max(len(r) for r in rows)
    plan = plan_merge(lambda r: rows[r - 1], width, table, decisions, ids, next_merge=1, stamp=merge_stamp(TODAY))
    report = merge(path, backup=False, today=TODAY)
    assert plan.report.to_dict() == report.to_dict()
    expected = [list(r) + [None] * (plan.width - len(r)) for r in rows]
    expected[table.header_row - 1][plan.contacts_col - 1] = OTHER_CONTACTS
    for (r, c), value in plan.final_edits().items():
        expected[r - 1][c - 1] = value
    expected = [row for n, row in enumerate(expected, start=1) if n not in set(plan.gone)]
    assert _values(path, "Candidates") == expected
    lines = [[*line.meta, *line.values] for g in plan.groups for line in g.archive]
    assert [r[: len(lines[0])] for r in _values(path, "Merged")[1:]] == lines
