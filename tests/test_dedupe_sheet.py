"""The Duplicates review sheet and talentsheet's own highlights in the Candidates sheet."""

from __future__ import annotations

import openpyxl

from talentsheet.dedupe.review import MARK_COLOR, dedupe
from talentsheet.dedupe.settings import DedupeSettings


def marked_rows(path) -> set[int]:
    ws = openpyxl.load_workbook(path)["Candidates"]
    return {c.row for row in ws.iter_rows() for c in row if c.fill.fill_type and c.fill.start_color.rgb == MARK_COLOR}


def test_review_sheet_has_one_block_per_group_survivor_first_with_dropdowns(demo_book):
    path, truth = demo_book
    report = dedupe(path, backup=False)
    ws = openpyxl.load_workbook(path)["Duplicates"]
    lines = [[c.value for c in row[:5]] for row in ws.iter_rows(min_row=2)]
    blocks = [lines[k : k + 2] for k in range(0, len(lines), 3)]
    assert len(blocks) == len(truth.duplicate_groups) and all(line == [None] * 5 for line in lines[2::3])
    for g, block in zip(report.groups, blocks, strict=True):
        assert [line[1:4] for line in block] == [
            ["Yes", "Keep", g.survivor],
            ["Yes", None, next(r for r in g.rows if r != g.survivor)],
        ]
    assert sorted(str(dv.sqref) for dv in ws.data_validations.dataValidation) == [f"B2:B{ws.max_row}", f"C2:C{ws.max_row}"]


def test_rerun_replaces_only_talentsheets_own_marks(demo_book):
    path, truth = demo_book
    dedupe(path, backup=False)
    assert marked_rows(path) == {r for g in truth.duplicate_groups for r in g}
    dedupe(path, backup=False, settings=DedupeSettings(threshold=1.0))
    ws = openpyxl.load_workbook(path)["Candidates"]
    assert marked_rows(path) == set()
    assert ws["B8"].fill.start_color.rgb == "00FFFF00"  # the recruiter's own yellow stays


def test_each_group_says_how_certain_it_is_on_its_survivor_line(demo_book):
    path, _ = demo_book
    report = dedupe(path, backup=False)
    ws = openpyxl.load_workbook(path)["Duplicates"]
    keep_lines = [row for row in ws.iter_rows(min_row=2, values_only=True) if row[2] == "Keep"]
    assert [line[6].split(":")[0] for line in keep_lines] == [g.certainty for g in report.groups]
    assert {g.certainty for g in report.groups} <= {"Certain", "Likely", "Check"}
