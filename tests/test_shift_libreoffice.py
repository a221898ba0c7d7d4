"""LibreOffice as an independent oracle for talentsheet.workbook.shift.

A workbook built with openpyxl goes through LibreOffice, which deletes and inserts whole rows
of Candidates (its reference adjustment follows Excel's for ordinary references) and saves
it as .xlsx; our shift of the original package must agree with what LibreOffice wrote, except
where LibreOffice is known to differ from Excel: it writes a deleted reference on another
sheet as ``#REF!`` where Excel writes ``Candidates!#REF!``, and it drops the quotes around a
sheet name that needs none. Two cases are left out of this comparison: conditional formats
whose first row is deleted (LibreOffice turns their relative references into #REF!, Excel
keeps them relative to the format's new first cell, see test_shift.py) and merged ranges
whose first row is deleted (LibreOffice unmerges them; Excel keeps the rest merged).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from talentsheet.workbook.shift import RowMap, shift_package, shift_sheet_extras, worksheet_parts
from talentsheet.workbook.shift.xmlspan import parse, text_of

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

ORACLE = Path(__file__).with_name("shift_lo_oracle.py")
SYSTEM_PYTHON = "/usr/bin/python3"
OPS = [["delete", 5, 2], ["insert", 30, 2], ["delete", 9, 4], ["insert", 3, 1]]


def _has_uno() -> bool:
    if not shutil.which("soffice") or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def _rowmap() -> RowMap:
    rm = RowMap("Candidates")
    for op, row, count in OPS:
        step = (
            RowMap.deleting("Candidates", range(row, row + count))
            if op == "delete"
            else RowMap.inserting("Candidates", row, count)
        )
        rm = rm.then(step)
    return rm


def _build(path: Path) -> None:
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    for r in range(1, 41):
        ws.append([f"P{r}", r])
    ws.merge_cells("G5:H6")
    ws.merge_cells("G10:H10")
    ws.merge_cells("G15:H20")
    ws.merge_cells("J8:K16")  # rows deleted inside it
    ws.conditional_formatting.add("B2:B40", CellIsRule(operator="greaterThan", formula=["$B$20"]))
    dv = DataValidation(type="list", formula1="$A$1:$A$3")
    dv.add("C2:C40")
    ws.add_data_validation(dv)
    ws.auto_filter.ref = "A1:B40"
    ws["A8"].comment = Comment("n8", "me")
    ws["A13"].comment = Comment("n13", "me")
    ws["A10"].comment = Comment("n10", "me")
    report = wb.create_sheet("Report")
    formulas = [
        "Candidates!B7",
        "SUM(Candidates!B2:B40)",
        "Candidates!B10*2",
        "SUM(Candidates!B9:B12)",
        "SUM(Candidates!B8:B13)",
        "Candidates!$B$30",
        "SUM(Candidates!29:31)",
        "COUNT(Candidates!A:A)",
        "Candidates!B3",
        "SUM(Candidates!B3:B4)",
    ]
    for r, f in enumerate(formulas, 1):
        report.cell(r, 1, "=" + f)
    wb.defined_names["Scores"] = DefinedName("Scores", attr_text="Candidates!$B$2:$B$40")
    wb.defined_names["Gone"] = DefinedName("Gone", attr_text="Candidates!$B$10")
    wb.save(path)


def _normal(formula: str | None) -> str | None:
    """The spelling differences LibreOffice is known for, removed."""
    if formula is None:
        return None
    formula = formula.lstrip("=")
    formula = re.sub(r"'([A-Za-z_][A-Za-z0-9_]*)'!", r"\1!", formula)
    return formula.replace("Candidates!#REF!", "#REF!")


@pytest.mark.skipif(not _has_uno(), reason="needs LibreOffice and python3-uno (apt-get install python3-uno)")
def test_our_shift_agrees_with_libreoffice_deleting_and_inserting_rows(tmp_path):
    src, lo = tmp_path / "in.xlsx", tmp_path / "lo.xlsx"
    _build(src)
    subprocess.run([SYSTEM_PYTHON, str(ORACLE), str(src), str(lo), "Candidates", json.dumps(OPS)], check=True, timeout=180)
    with zipfile.ZipFile(src) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheets = worksheet_parts(parts)
    rm = _rowmap()
    ours = {**parts, **shift_package(parts, "Candidates", sheets["Candidates"], rm)}
    ours[sheets["Candidates"]] = shift_sheet_extras(parts[sheets["Candidates"]], rm)
    theirs = openpyxl.load_workbook(lo)

    def values(part, name, attr=None):
        root = parse(ours[part], frozenset({"sheetData"}))
        return [n.get(attr) if attr else text_of(ours[part], n) for n in root.iter(name)]

    lo_ws = theirs["Candidates"]
    assert sorted(values(sheets["Candidates"], "mergeCell", "ref")) == sorted(str(r) for r in lo_ws.merged_cells.ranges)
    assert values(sheets["Candidates"], "conditionalFormatting", "sqref") == [
        str(cf.sqref) for cf in lo_ws.conditional_formatting
    ]
    assert values(sheets["Candidates"], "formula") == [r.formula[0] for cf in lo_ws.conditional_formatting for r in cf.rules]
    assert values(sheets["Candidates"], "dataValidation", "sqref") == [
        str(d.sqref) for d in lo_ws.data_validations.dataValidation
    ]
    assert values(sheets["Candidates"], "autoFilter", "ref") == [lo_ws.auto_filter.ref]
    comments = [c.coordinate for row in lo_ws.iter_rows() for c in row if c.comment]
    assert sorted(values("xl/comments/comment1.xml", "comment", "ref")) == sorted(comments)
    report = re.findall(rb"<f>([^<]*)</f>", ours[sheets["Report"]])
    assert [_normal(f.decode()) for f in report] == [_normal(theirs["Report"].cell(r, 1).value) for r in range(1, 11)]
    assert _names(ours["xl/workbook.xml"]) == _names(zipfile.ZipFile(lo).read("xl/workbook.xml"))


def _names(workbook_xml: bytes) -> dict[str, str | None]:
    """Defined names as written (openpyxl's reader would hide _xlnm._FilterDatabase)."""
    nodes = parse(workbook_xml).iter("definedName")
    return {n.get("name"): _normal(text_of(workbook_xml, n)) for n in nodes}
