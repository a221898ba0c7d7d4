"""Writing through talentsheet keeps everything the recruiter built, feature by feature
(the package editor: ``editing`` / ``apply_edit`` with a value-level ``WorkbookEdit``)."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from PIL import Image as PILImage

from talentsheet.errors import InputError, WorkbookError, WorkbookLockedError
from talentsheet.workbook.changes import OwnSheet, SheetEdit, WorkbookEdit
from talentsheet.workbook.editor import apply_edit, editing
from tests.helpers_xlsx import CUSTOM_PARTS, add_custom_parts, add_in_cell_image_parts, add_sparklines

YELLOW = "FFFFFF00"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def rich_book(tmp_path: Path) -> Path:
    """A workbook with every feature a recruiter's file typically has."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(["First name", "Last name", "Status", "Score", "LinkedIn URL"])
    ws.append(["Ada", "Lovelace", "Not now", 3, "https://www.linkedin.com/in/ada"])
    ws.append(["Alan", "Turing", "Placed", 5, "https://www.linkedin.com/in/alan"])
    ws["A2"].fill = PatternFill("solid", start_color=YELLOW, end_color=YELLOW)
    ws["B2"].font = Font(bold=True, italic=True, color="FF0000FF")
    ws["D4"] = "=SUM(D2:D3)"
    ws.column_dimensions["E"].width = 42
    ws.freeze_panes = "B2"
    ws["A3"].comment = Comment("Met at PyData", "Dana")
    ws["E2"].hyperlink = "https://www.linkedin.com/in/ada"
    dv = DataValidation(type="list", formula1='"Not now,Placed"', allow_blank=True)
    dv.add("C2:C100")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add(
        "D2:D100",
        CellIsRule(operator="greaterThan", formula=["4"], fill=PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")),
    )
    table = Table(displayName="People", ref="A1:E3")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
    ws.add_table(table)
    wb.defined_names["Scores"] = DefinedName("Scores", attr_text="Candidates!$D$2:$D$3")
    other = wb.create_sheet("Pipeline")
    other.append(["Stage", "Count"])
    other.append(["Screen", 4])
    other.append(["Offer", 1])
    other.auto_filter.ref = "A1:B3"
    chart = BarChart()
    chart.add_data(Reference(other, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    other.add_chart(chart, "D2")
    png = tmp_path / "logo.png"
    PILImage.new("RGB", (20, 10), "navy").save(png)
    other.add_image(Image(str(png)), "D20")
    path = tmp_path / "rich.xlsx"
    wb.save(path)
    return path


def talentsheet_write(path: Path, **kwargs) -> None:
    """A typical talentsheet write: a sheet of its own plus one rewritten cell."""
    edit = WorkbookEdit(
        sheets=[OwnSheet("Issues", "issues", [["Row", "Problem"], [2, "example"]])],
        edits=[SheetEdit("Candidates", values={(3, 3): "Interested"})],
    )
    apply_edit(path, edit, **kwargs)


def test_every_feature_survives_a_write(rich_book):
    talentsheet_write(rich_book)
    wb = openpyxl.load_workbook(rich_book)
    ws = wb["Candidates"]
    assert wb.sheetnames == ["Candidates", "Pipeline", "Issues"]
    assert ws["C3"].value == "Interested"
    assert ws["A2"].fill.start_color.rgb == YELLOW
    assert ws["B2"].font.bold and ws["B2"].font.italic and ws["B2"].font.color.rgb == "FF0000FF"
    assert ws["D4"].value == "=SUM(D2:D3)" and ws["D4"].data_type == "f"  # the recruiter's formula stays a formula
    assert ws.column_dimensions["E"].width == 42
    assert ws.freeze_panes == "B2"
    assert ws["A3"].comment.text == "Met at PyData"
    assert ws["E2"].hyperlink.target == "https://www.linkedin.com/in/ada"
    assert [str(d.sqref) for d in ws.data_validations.dataValidation] == ["C2:C100"]
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["D2:D100"]
    assert ws.tables["People"].ref == "A1:E3"
    assert wb.defined_names["Scores"].attr_text == "Candidates!$D$2:$D$3"
    assert wb["Pipeline"].auto_filter.ref == "A1:B3"


def test_chart_and_floating_image_survive(rich_book):
    talentsheet_write(rich_book)
    pipeline = openpyxl.load_workbook(rich_book)["Pipeline"]
    assert len(pipeline._charts) == 1
    assert len(pipeline._images) == 1
    with zipfile.ZipFile(rich_book) as zf:
        assert any(n.startswith("xl/charts/chart") for n in zf.namelist())
        assert any(n.startswith("xl/media/") for n in zf.namelist())


def test_vba_project_is_kept_byte_for_byte(tmp_path):
    xlwings = pytest.importorskip("xlwings")
    src = Path(xlwings.__file__).parent / "quickstart.xlsm"
    path = tmp_path / "macros.xlsm"
    wb = openpyxl.load_workbook(src, keep_vba=True)
    ws = wb.create_sheet("Candidates")
    ws.append(["First name", "Last name", "Email"])
    ws.append(["Ada", "Lovelace", "ada@example.com"])
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        before = zf.read("xl/vbaProject.bin")
    talentsheet_write(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("xl/vbaProject.bin") == before
        assert "macroEnabled" in zf.read("[Content_Types].xml").decode()


def test_custom_xml_labels_and_lite_code_survive_byte_for_byte(rich_book):
    add_custom_parts(rich_book)
    talentsheet_write(rich_book)
    with zipfile.ZipFile(rich_book) as zf:
        for name, data in CUSTOM_PARTS.items():
            assert zf.read(name) == data, name
        root_rels = zf.read("_rels/.rels").decode()
        assert "xl/webextensions/taskpanes.xml" in root_rels and "docMetadata/LabelInfo.xml" in root_rels
        assert "../customXml/item1.xml" in zf.read("xl/_rels/workbook.xml.rels").decode()
        types = zf.read("[Content_Types].xml").decode()
        assert "/xl/webextensions/webextension1.xml" in types and "/customXml/itemProps1.xml" in types
    assert openpyxl.load_workbook(rich_book)["Issues"]["B2"].value == "example"


def test_parts_survive_a_second_write(rich_book):
    add_custom_parts(rich_book)
    talentsheet_write(rich_book)
    talentsheet_write(rich_book)
    with zipfile.ZipFile(rich_book) as zf:
        assert zf.read("xl/webextensions/webextension1.xml") == CUSTOM_PARTS["xl/webextensions/webextension1.xml"]
        assert zf.read("_rels/.rels").decode().count("webextensiontaskpanes") == 1


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.mark.parametrize("plant", [add_sparklines, add_in_cell_image_parts])
def test_features_openpyxl_would_drop_survive_byte_for_byte(rich_book, plant):
    plant(rich_book)
    before = parts(rich_book)
    talentsheet_write(rich_book, backup=False)
    after = parts(rich_book)
    untouched = set(before) - {"xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"}
    assert {n: after[n] for n in untouched} == {n: before[n] for n in untouched}
    if plant is add_sparklines:  # on the edited sheet itself: its extension element is copied as it is
        assert b"x14:sparklineGroups" in after["xl/worksheets/sheet1.xml"]


def test_a_copy_leaves_the_original_untouched(rich_book, tmp_path):
    add_sparklines(rich_book)
    before = digest(rich_book)
    copy = tmp_path / "copy.xlsx"
    talentsheet_write(rich_book, output=copy)
    assert digest(rich_book) == before
    assert "Issues" in openpyxl.load_workbook(copy).sheetnames


def test_write_keeps_a_timestamped_backup_of_the_original(rich_book):
    before = rich_book.read_bytes()
    talentsheet_write(rich_book)
    backups = list(rich_book.parent.glob("rich.backup-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == before


def test_no_backup_when_asked(rich_book):
    talentsheet_write(rich_book, backup=False)
    assert list(rich_book.parent.glob("rich.backup-*")) == []


def test_failure_inside_the_edit_writes_nothing(rich_book):
    before = digest(rich_book)
    with pytest.raises(RuntimeError), editing(rich_book) as session:
        session.apply(WorkbookEdit(edits=[SheetEdit("Candidates", values={(2, 1): "changed"})]))
        raise RuntimeError("boom")
    assert digest(rich_book) == before
    assert [p.name for p in rich_book.parent.iterdir() if p.name.startswith((".~", "rich.backup"))] == []


def test_open_in_excel_is_refused(rich_book):
    lock = rich_book.with_name("~$" + rich_book.name)
    lock.write_bytes(b"owner")
    before = digest(rich_book)
    with pytest.raises(WorkbookLockedError) as err:
        talentsheet_write(rich_book)
    assert "open in Excel" in err.value.message
    assert digest(rich_book) == before


INJECTIONS = ["=1+1", "+1-1", "-2+3", "@SUM(A1:A2)", "\t=cmd|' /C calc'!A0", "\r=1", '=HYPERLINK("http://evil","x")']


def test_injection_payloads_stay_text(tmp_path, small_book):
    edit = WorkbookEdit(sheets=[OwnSheet("Notes copy", "notes", [["Value"], *([p] for p in INJECTIONS)])])
    edit.edit("Candidates").values = {(5 + k, 8): p for k, p in enumerate(INJECTIONS)}  # into the candidate sheet too
    apply_edit(small_book, edit)
    ws = openpyxl.load_workbook(small_book)["Notes copy"]
    values = [(c.value, c.data_type) for (c,) in ws.iter_rows(min_row=2)]
    # XML folds a bare carriage return into a newline; what matters is that each stays text
    assert values == [(p.replace("\r", "\n"), "s") for p in INJECTIONS]
    with zipfile.ZipFile(small_book) as zf:
        sheets = zf.read("xl/worksheets/sheet2.xml").decode() + zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheets and "<f " not in sheets
    written = openpyxl.load_workbook(small_book)["Candidates"]
    assert [(written.cell(5 + k, 8).value, written.cell(5 + k, 8).data_type) for k in range(len(INJECTIONS))] == values


def test_csv_converts_only_with_output(tmp_path):
    csv_path = tmp_path / "list.csv"
    csv_path.write_text("Name,Email,Notes\nAda Lovelace,ada@example.com,=1+1\n", encoding="utf-8")
    with pytest.raises(InputError) as err, editing(csv_path):
        pass
    assert err.value.message == "list.csv is a CSV file; talentsheet writes results into a workbook"
    assert err.value.hint == "add --output NEW.xlsx to convert it"
    out = tmp_path / "list.xlsx"
    with editing(csv_path, output=out):
        pass
    ws = openpyxl.load_workbook(out)["Candidates"]
    assert ws["C2"].value == "=1+1" and ws["C2"].data_type == "s"


def test_truncated_file_is_refused_before_editing(tmp_path, rich_book):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(rich_book.read_bytes()[:4000])
    with pytest.raises(WorkbookError, match="damaged"), editing(broken):
        pass


def test_dates_and_numbers_round_trip(tmp_path, small_book):
    copy = tmp_path / "copy.xlsx"
    shutil.copy(small_book, copy)
    apply_edit(copy, WorkbookEdit(edits=[SheetEdit("Candidates", values={(2, 10): date(2026, 1, 2)})]))
    assert openpyxl.load_workbook(copy)["Candidates"]["J2"].value.date() == date(2026, 1, 2)
