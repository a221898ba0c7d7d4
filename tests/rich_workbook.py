"""A recruiter workbook with every feature issue 14 lists, for fidelity tests.

``build_rich_workbook(path, rows=40)`` writes it. openpyxl lays down what it can write well
(the Candidates sheet with its Excel Table and totals row, data validation, conditional
formatting, merged title, frozen panes, notes, a hyperlink, print area and titles, a defined
name; a Dashboard sheet with formulas and two charts, one reading the Candidates sheet
directly). Everything openpyxl cannot make is then added at the package level as hand-written
OOXML parts, modelled on the parts Excel itself writes (ECMA-376 Part 1, [MS-XLSX], [MS-OVBA]):

The merged title carries a border on every covered cell (Excel keeps those styles).

* sheet ``Features``: sparklines (x14 ext), an extension data bar (x14 cfRule), a threaded
  comment with a reply (threadedComments + persons part, legacy-note fallback), a plain legacy
  note, rich-text runs and ``_xHHHH_`` escapes in shared strings, an in-cell picture (richData
  parts + metadata.xml), a cell checkbox (featurePropertyBag + styles xfComplement), a dynamic
  array formula (metadata XLDAPR), an external-link formula, ignoredErrors, protectedRanges,
  printer settings (DEVMODE binary), a header/footer picture (legacyDrawingHF), a sheet
  background picture, an EMF picture and a text box (drawing), a form button (VML + controls
  + ctrlProp);
* sheet ``Pivot``: a pivot table with its cache and records, and a slicer with its cache;
* workbook level: external link part, custom XML part, web extension (task pane) parts;
* ``.xlsm`` paths: a real vbaProject.bin (from xlwings' quickstart add-in, installed with the
  dev extras) and a vbaProjectSignature.bin part. The signature bytes are a placeholder
  PKCS#7 shape, not a valid signature: Excel opens the file and treats the macros as unsigned
  (invalid signature). It is there so a tool that drops or rewrites that part is caught.

The Candidates sheet holds ``rows`` synthetic candidates from ``talentsheet.sample`` with a
title row above the header (header on row 2) and the table's totals row below them.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from talentsheet.sample import fake_candidates
from talentsheet.schema import TEMPLATE_HEADERS

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MSREL = "http://schemas.microsoft.com/office/"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CANDIDATES = "Candidates"
TITLE = "Candidate network (Dana's desk)"
STATUSES = ["Interested", "Not now", "Placed", "Do not contact"]
THREAD_ID = "{6F2B3C1A-8D4E-4F5A-9B6C-7D8E9F0A1B2C}"
REPLY_ID = "{7A3C4D2B-9E5F-4A6B-8C7D-8E9F0A1B2C3D}"
PERSON_ID = "{1B2C3D4E-5F6A-4B7C-8D9E-0F1A2B3C4D5E}"
DATABAR_ID = "{3C4D5E6F-7A8B-4C9D-8E0F-1A2B3C4D5E6F}"
CUSTOM_XML_ID = "{4D5E6F7A-8B9C-4DAE-8F1A-2B3C4D5E6F7A}"
WEBEXT_ID = "{5E6F7A8B-9CAD-4EBF-9A2B-3C4D5E6F7A8B}"
THREAD_TEXT = "Called her on Monday: she wants a staff role next year."
REPLY_TEXT = "Reply: call back in March, after her bonus."
NOTE_TEXT = "Prefers email, never calls before 10."
ESCAPED_CR = "Line one_x000D_"  # stored escape of a carriage return (ST_Xstring)
LITERAL_ESCAPE = "_x005F_x0000_ is text, not a NUL"  # reads back as "_x0000_ is text, not a NUL"
SPARK_DATA = [[3, 5, 2, 8, 6], [1, 1, 4, 2, 7], [9, 6, 4, 3, 1]]


def candidate_headers(df) -> list[str]:
    return [TEMPLATE_HEADERS.get(c, c) for c in df.columns] + ["Years experience"]


def build_rich_workbook(path: str | Path, rows: int = 40, *, seed: int = 7) -> Path:
    """Write the rich workbook to ``path`` (.xlsx, or .xlsm for the VBA variant)."""
    path = Path(path)
    base = io.BytesIO()
    _openpyxl_base(rows, seed).save(base)
    pkg = Package(base.getvalue())
    _add_features_sheet(pkg)
    _add_pivot_and_slicer(pkg)
    _add_workbook_parts(pkg)
    if path.suffix.lower() == ".xlsm":
        _add_vba(pkg)
    pkg.save(path)
    return path


# --- what openpyxl writes -------------------------------------------------------------------


def _openpyxl_base(rows: int, seed: int) -> Workbook:
    df = fake_candidates(rows, seed=seed)
    rng = random.Random(seed)
    headers = candidate_headers(df)
    wb = Workbook()
    ws = wb.active
    ws.title = CANDIDATES
    last_col = get_column_letter(len(headers))
    first, last = 3, rows + 2
    totals = last + 1
    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=14)
    title_range = f"A1:{get_column_letter(min(6, len(headers)))}1"
    ws.merge_cells(title_range)
    for cell in ws[title_range][0]:  # a border under the whole merged title: styles on the covered cells
        cell.border = Border(bottom=Side(style="medium", color="FF1F4E79"))
    ws.append(headers)
    for row in df.itertuples(index=False):
        ws.append([None if v == "" or v is None or v != v else v for v in row] + [rng.randint(0, 25)])
    for col, name in enumerate(df.columns, 1):
        if name in ("last_contacted", "follow_up_on"):
            for r in range(first, last + 1):
                ws.cell(r, col).number_format = "yyyy-mm-dd"
    years = len(headers)
    ws.cell(totals, 1, "Total")
    ws.cell(totals, 2, f"=SUBTOTAL(103,CandidateTable[{headers[1]}])")
    ws.cell(totals, years, f"=SUBTOTAL(109,CandidateTable[{headers[-1]}])")
    table = Table(displayName="CandidateTable", ref=f"A2:{last_col}{totals}", totalsRowCount=1)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, 1)]
    table.tableColumns[0].totalsRowLabel = "Total"
    table.tableColumns[1].totalsRowFunction = "count"
    table.tableColumns[-1].totalsRowFunction = "sum"
    table.autoFilter = None
    ws.add_table(table)
    status_col = get_column_letter(list(df.columns).index("status") + 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    dv.add(f"{status_col}{first}:{status_col}{last}")
    ws.add_data_validation(dv)
    red = PatternFill(start_color="FFF4CCCC", end_color="FFF4CCCC", fill_type="solid")
    ws.conditional_formatting.add(
        f"{status_col}{first}:{status_col}{last}", CellIsRule(operator="equal", formula=['"Do not contact"'], fill=red)
    )
    ws.conditional_formatting.add(
        f"{last_col}{first}:{last_col}{last}",
        ColorScaleRule(start_type="min", start_color="FFFFFFFF", end_type="max", end_color="FF63BE7B"),
    )
    ws.freeze_panes = "C3"
    ws["A2"].comment = Comment("Candidate ID: filled by talentsheet dedupe", "Dana")
    linkedin_col = list(df.columns).index("linkedin") + 1
    if ws.cell(first, linkedin_col).value:
        ws.cell(first, linkedin_col).hyperlink = ws.cell(first, linkedin_col).value
    ws.print_area = f"A1:{last_col}{totals}"
    ws.print_title_rows = "2:2"
    wb.defined_names["NetworkSize"] = DefinedName("NetworkSize", attr_text=f"COUNTA({CANDIDATES}!$A${first}:$A${last})")

    dash = wb.create_sheet("Dashboard")
    dash.append(["Status", "People"])
    for s in STATUSES:
        dash.append([s, f"=COUNTIF({CANDIDATES}!${status_col}${first}:${status_col}${last},A{dash.max_row + 1})"])
    dash.append(["All candidates", "=NetworkSize"])
    chart = BarChart()
    chart.title = "Candidates by status"
    chart.add_data(Reference(dash, min_col=2, min_row=1, max_row=1 + len(STATUSES)), titles_from_data=True)
    chart.set_categories(Reference(dash, min_col=1, min_row=2, max_row=1 + len(STATUSES)))
    dash.add_chart(chart, "D2")
    direct = BarChart()
    direct.title = "Years of experience (first ten candidates)"
    direct.add_data(Reference(ws, min_col=years, min_row=2, max_row=min(last, 12)), titles_from_data=True)
    direct.set_categories(Reference(ws, min_col=3, min_row=first, max_row=min(last, 12)))
    dash.add_chart(direct, "D20")
    wb.create_sheet("Features")
    wb.create_sheet("Pivot")
    return wb


# --- the package ------------------------------------------------------------------------------


class Package:
    """The parts of a package as bytes, with helpers to add parts, relationships and types."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}
        wb = self.text("xl/workbook.xml")
        if "xmlns:r=" not in wb.split(">", 2)[0] + wb.split(">", 2)[1]:  # relationship ids are added to the root later
            wb = wb.replace("<workbook ", f'<workbook xmlns:r="{NS_R}" ', 1)
            self.parts["xl/workbook.xml"] = wb.encode()

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def put(self, name: str, data: str | bytes, content_type: str | None = None) -> None:
        self.parts[name] = data.encode("utf-8") if isinstance(data, str) else data
        if content_type:
            self.override(name, content_type)

    def override(self, name: str, content_type: str) -> None:
        ct = self.text("[Content_Types].xml")
        entry = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
        if f'PartName="/{name}"' in ct:
            start = ct.index(f'<Override PartName="/{name}"')
            ct = ct[:start] + entry + ct[ct.index("/>", start) + 2 :]
        else:
            ct = ct.replace("</Types>", entry + "</Types>")
        self.parts["[Content_Types].xml"] = ct.encode()

    def default(self, extension: str, content_type: str) -> None:
        ct = self.text("[Content_Types].xml")
        if f'Extension="{extension}"' not in ct:
            start = ct.index("<Default")
            ct = ct[:start] + f'<Default Extension="{extension}" ContentType="{content_type}"/>' + ct[start:]
            self.parts["[Content_Types].xml"] = ct.encode()

    @staticmethod
    def rels_name(part: str) -> str:
        folder, _, file = part.rpartition("/")
        return f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"

    def relate(self, source: str, rel_type: str, target: str, *, external: bool = False) -> str:
        """Add a relationship from ``source`` (a part name, '' for the package); return its id."""
        name = self.rels_name(source) if source else "_rels/.rels"
        xml = self.parts.get(name, f'{XML_DECL}<Relationships xmlns="{NS_PKG_REL}"></Relationships>'.encode()).decode()
        n = 1
        while f'Id="rId{n}"' in xml:
            n += 1
        mode = ' TargetMode="External"' if external else ""
        xml = xml.replace(
            "</Relationships>", f'<Relationship Id="rId{n}" Type="{rel_type}" Target="{target}"{mode}/></Relationships>'
        )
        xml = xml.replace("<Relationships/>", "")  # an empty rels part openpyxl might write
        self.parts[name] = xml.encode()
        return f"rId{n}"

    def sheet_part(self, sheet: str) -> tuple[str, int]:
        """The worksheet part name and sheetId of sheet ``sheet``."""
        import re

        wb = self.text("xl/workbook.xml")
        m = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*/>', wb)
        rid = re.search(r'r:id="(rId\d+)"|id="(rId\d+)"', m[0])
        rid = rid[1] or rid[2]
        sheet_id = int(re.search(r'sheetId="(\d+)"', m[0])[1])
        rels = self.text("xl/_rels/workbook.xml.rels")
        target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*/>', rels)[0]
        target = re.search(r'Target="([^"]+)"', target)[1]
        return ("xl/" + target.removeprefix("/xl/")).replace("xl//", "xl/"), sheet_id

    def insert_in_workbook(self, element: str, before: tuple[str, ...]) -> None:
        """Put ``element`` into workbook.xml before the first of ``before`` present (CT_Workbook order)."""
        wb = self.text("xl/workbook.xml")
        for tag in before:
            i = wb.find(f"<{tag}")
            if i >= 0:
                break
        else:
            i = wb.index("</workbook>")
        self.parts["xl/workbook.xml"] = (wb[:i] + element + wb[i:]).encode()

    def save(self, path: Path) -> None:
        order = [
            "[Content_Types].xml",
            "_rels/.rels",
            *sorted(n for n in self.parts if n not in ("[Content_Types].xml", "_rels/.rels")),
        ]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name in order:
                z.writestr(name, self.parts[name])


# CT_Workbook children after <sheets>, in schema order
WB_AFTER_SHEETS = (
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
)


def _append_shared_strings(pkg: Package, items: list[str]) -> list[int]:
    """Append ``<si>`` items (raw XML) to the shared string table; return their indexes."""
    import re

    if "xl/sharedStrings.xml" not in pkg.parts:  # openpyxl writes inline strings only
        pkg.put("xl/sharedStrings.xml", f'{XML_DECL}<sst xmlns="{NS_MAIN}" count="0" uniqueCount="0"></sst>', CT["sst"])
        pkg.relate("xl/workbook.xml", REL + "sharedStrings", "sharedStrings.xml")
    sst = pkg.text("xl/sharedStrings.xml")
    count = len(re.findall(r"<si>|<si ", sst))
    sst = sst.replace("</sst>", "".join(items) + "</sst>")
    total = count + len(items)
    sst = re.sub(r'uniqueCount="\d+"', f'uniqueCount="{total}"', sst, count=1)
    sst = re.sub(r' count="\d+"', f' count="{total}"', sst, count=1)
    pkg.parts["xl/sharedStrings.xml"] = sst.encode()
    return list(range(count, total))


def _append_checkbox_xf(pkg: Package) -> int:
    """Add a cellXfs entry carrying the checkbox complement (as Excel writes it); return its index."""
    import re

    styles = pkg.text("xl/styles.xml")
    m = re.search(r'<cellXfs count="(\d+)"', styles)
    index = int(m[1])
    xf = (
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><extLst>'
        '<ext uri="{C7286773-470A-42A8-94C5-96B5CB345126}" xmlns:xfpb="http://schemas.microsoft.com/office/spreadsheetml/2022/featurepropertybag">'
        '<xfpb:xfComplement i="0"/></ext></extLst></xf>'
    )
    styles = styles.replace(m[0], f'<cellXfs count="{index + 1}"', 1)
    end = styles.index("</cellXfs>")
    pkg.parts["xl/styles.xml"] = (styles[:end] + xf + styles[end:]).encode()
    return index


# --- small binaries ---------------------------------------------------------------------------


def png_bytes(color: tuple[int, int, int], size: tuple[int, int] = (16, 16)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(color: tuple[int, int, int], size: tuple[int, int] = (64, 32)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def emf_bytes() -> bytes:
    """A minimal Enhanced Metafile ([MS-EMF] 2.3.4.2 header, one rectangle, EOF)."""
    rect = struct.pack("<II4i", 43, 24, 10, 10, 90, 40)  # EMR_RECTANGLE
    eof = struct.pack("<IIIII", 14, 20, 0, 16, 20)  # EMR_EOF
    total = 108 + len(rect) + len(eof)
    header = struct.pack(
        "<II4i4iIIIIHHIII2i2iIII2i",
        1, 108, 0, 0, 100, 50, 0, 0, 2646, 1323,  # type, size, bounds (px), frame (0.01 mm)
        0x464D4520, 0x10000, total, 3, 1, 0, 0, 0, 0,  # signature " EMF", version, bytes, records, handles, reserved, description, palette
        1920, 1080, 508, 286,  # device size in px and mm
        0, 0, 0,  # no pixel format, no OpenGL
        508000, 285750,  # device size in micrometres
    )  # fmt: skip
    return header + rect + eof


def devmode_bytes() -> bytes:
    """Printer settings as Excel stores them: a DEVMODEW structure (A4, portrait, 600 dpi), 220 bytes."""
    device = "Microsoft Print to PDF".encode("utf-16-le").ljust(64, b"\0")
    form = "A4".encode("utf-16-le").ljust(64, b"\0")
    fields = 0x1 | 0x2 | 0x400 | 0x2000 | 0x10000  # orientation, paper size, print quality, y resolution, form name
    data = device + struct.pack("<HHHHI", 0x0401, 0x0001, 220, 0, fields)  # spec/driver version, size, extra, fields
    data += struct.pack("<8h", 1, 9, 0, 0, 100, 1, 7, 600)  # portrait, A4, length, width, scale, copies, source, quality
    data += struct.pack("<5h", 1, 1, 600, 0, 1)  # colour, simplex, y resolution, TrueType option, collate
    data += form + struct.pack("<H5I8I", 0, 0, 0, 0, 0, 0, *[0] * 8)  # log pixels ... panning height
    assert len(data) == 220
    return data


def signature_placeholder() -> bytes:
    """Not a valid signature: the DER outline of a PKCS#7 SignedData with no content."""
    oid = bytes.fromhex("06092a864886f70d010702")  # 1.2.840.113549.1.7.2 signedData
    return b"\x30" + bytes([len(oid) + 2]) + oid + b"\xa0\x00"


# --- sheet "Features" -------------------------------------------------------------------------

CT = {
    "sst": "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
    "sheet": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "drawing": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "comments": "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
    "threaded": "application/vnd.ms-excel.threadedcomments+xml",
    "person": "application/vnd.ms-excel.person+xml",
    "ctrlprop": "application/vnd.ms-excel.controlproperties+xml",
    "printer": "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings",
    "metadata": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml",
    "fpb": "application/vnd.ms-excel.featurepropertybag+xml",
    "pivot": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml",
    "pcdef": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
    "pcrec": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml",
    "slicer": "application/vnd.ms-excel.slicer+xml",
    "slicercache": "application/vnd.ms-excel.slicerCache+xml",
    "extlink": "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml",
    "customprops": "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
    "taskpanes": "application/vnd.ms-office.webextensiontaskpanes+xml",
    "webext": "application/vnd.ms-office.webextension+xml",
    "vba": "application/vnd.ms-office.vbaProject",
    "vbasig": "application/vnd.ms-office.vbaProjectSignature",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
}

VML_NOTE_TYPE = (
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
    '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)
VML_BUTTON_TYPE = (
    '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe">'
    '<v:stroke joinstyle="miter"/><v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>'
    '<o:lock v:ext="edit" shapetype="t"/></v:shapetype>'
)
VML_HEAD = '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'


def _vml_note(shape: int, row: int, col: int, anchor: str) -> str:
    return (
        f'<v:shape id="_x0000_s{shape}" type="#_x0000_t202" style="position:absolute;margin-left:180pt;margin-top:10pt;'
        'width:108pt;height:59.25pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
        f'<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{anchor}</x:Anchor>'
        f"<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
    )


def _features_vml(button_shape: int) -> str:
    button = (
        f'<v:shape id="_x0000_s{button_shape}" type="#_x0000_t201" style="position:absolute;margin-left:300pt;margin-top:150pt;'
        'width:72pt;height:21pt;z-index:3;mso-wrap-style:tight" o:button="t" fillcolor="buttonFace [67]" strokecolor="windowText [64]" o:insetmode="auto">'
        '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/><o:lock v:ext="edit" rotation="t"/>'
        '<v:textbox style="mso-direction-alt:auto" o:singleclick="f"><div style="text-align:center">'
        '<font face="Calibri" size="220" color="#000000">Refresh</font></div></v:textbox>'
        '<x:ClientData ObjectType="Button"><x:Anchor>6, 0, 10, 0, 7, 40, 11, 10</x:Anchor><x:PrintObject>False</x:PrintObject>'
        "<x:AutoFill>False</x:AutoFill><x:FmlaMacro>[0]!RefreshViews</x:FmlaMacro><x:TextHAlign>Center</x:TextHAlign>"
        "<x:TextVAlign>Center</x:TextVAlign></x:ClientData></v:shape>"
    )
    return (
        VML_HEAD + '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="3"/></o:shapelayout>'
        + VML_NOTE_TYPE + _vml_note(3073, 1, 2, "3, 15, 0, 10, 5, 15, 4, 4") + _vml_note(3074, 2, 2, "3, 15, 1, 10, 5, 15, 5, 4")
        + VML_BUTTON_TYPE + button + "</xml>"
    )  # fmt: skip


def _header_footer_vml() -> str:
    return (
        VML_HEAD + '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="5"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t75" coordsize="21600,21600" o:spt="75" o:preferrelative="t" path="m@4@5l@4@11@9@11@9@5xe" filled="f" stroked="f">'
        '<v:stroke joinstyle="miter"/><v:formulas><v:f eqn="if lineDrawn pixelLineWidth 0"/><v:f eqn="sum @0 1 0"/><v:f eqn="sum 0 0 @1"/>'
        '<v:f eqn="prod @2 1 2"/><v:f eqn="prod @3 21600 pixelWidth"/><v:f eqn="prod @3 21600 pixelHeight"/><v:f eqn="sum @0 0 1"/>'
        '<v:f eqn="prod @6 1 2"/><v:f eqn="prod @7 21600 pixelWidth"/><v:f eqn="sum @8 21600 0"/><v:f eqn="prod @7 21600 pixelHeight"/>'
        '<v:f eqn="sum @10 21600 0"/></v:formulas><v:path o:extrusionok="f" gradientshapeok="t" o:connecttype="rect"/>'
        '<o:lock v:ext="edit" aspectratio="t"/></v:shapetype>'
        '<v:shape id="LH" o:spid="_x0000_s5121" type="#_x0000_t75" style="position:absolute;margin-left:0;margin-top:0;width:12pt;height:12pt;z-index:1">'
        '<v:imagedata o:relid="rId1" o:title="agency-logo"/><o:lock v:ext="edit" rotation="t"/></v:shape></xml>'
    )


def _drawing_xml(pic_rid: str) -> str:
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"

    def anchor(c1: int, r1: int, c2: int, r2: int) -> str:
        return (
            f"<xdr:from><xdr:col>{c1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f"<xdr:to><xdr:col>{c2}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r2}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
        )

    return (
        f'{XML_DECL}<xdr:wsDr xmlns:xdr="{xdr}" xmlns:a="{a}">'
        f'<xdr:twoCellAnchor editAs="oneCell">{anchor(8, 1, 10, 5)}<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Agency logo (EMF)"/>'
        '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>'
        f'<xdr:blipFill><a:blip xmlns:r="{NS_R}" r:embed="{pic_rid}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
        '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1219200" cy="762000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
        "</xdr:pic><xdr:clientData/></xdr:twoCellAnchor>"
        f'<xdr:twoCellAnchor>{anchor(8, 7, 11, 10)}<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="TextBox 2"/>'
        '<xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="571500"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFF2CC"/></a:solidFill></xdr:spPr>'
        '<xdr:txBody><a:bodyPr vertOverflow="clip" wrap="square" rtlCol="0" anchor="t"/><a:lstStyle/>'
        '<a:p><a:r><a:rPr lang="en-US" sz="1100"/><a:t>Hiring plan: two data engineers by Q3.</a:t></a:r></a:p></xdr:txBody></xdr:sp>'
        "<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
    )


def _add_features_sheet(pkg: Package) -> None:
    sheet, _ = pkg.sheet_part("Features")
    strings = [
        "<si><t>Hires per month</t></si>",
        "<si><t>Trend</t></si>",
        '<si><r><rPr><b/><sz val="11"/><color rgb="FF1F4E79"/><rFont val="Calibri"/><family val="2"/></rPr><t>Bold</t></r>'
        '<r><rPr><i/><sz val="11"/><rFont val="Calibri"/><family val="2"/></rPr><t xml:space="preserve"> and italic runs in one cell</t></r></si>',
        f"<si><t>{ESCAPED_CR}</t></si>",
        f"<si><t>{LITERAL_ESCAPE}</t></si>",
        "<si><t>00123</t></si>",
        "<si><t>Threaded comment here</t></si>",
        "<si><t>Legacy note here</t></si>",
        "<si><t>Picture in cell, checkbox next to it</t></si>",
    ]
    ids = _append_shared_strings(pkg, strings)
    s_head, s_trend, s_rich, s_cr, s_lit, s_num, s_thread, s_note, s_pic = ids
    checkbox = _append_checkbox_xf(pkg)
    rows = [f'<row r="1"><c r="A1" t="s"><v>{s_head}</v></c><c r="F1" t="s"><v>{s_trend}</v></c></row>']
    for i, values in enumerate(SPARK_DATA, 2):
        cells = "".join(f'<c r="{get_column_letter(j)}{i}"><v>{v}</v></c>' for j, v in enumerate(values, 1))
        rows.append(f'<row r="{i}">{cells}</row>')
    rows += [
        f'<row r="6"><c r="A6" t="s"><v>{s_rich}</v></c><c r="C6" t="s"><v>{s_thread}</v></c></row>',
        f'<row r="7"><c r="A7" t="s"><v>{s_cr}</v></c><c r="C7" t="s"><v>{s_note}</v></c></row>',
        f'<row r="8"><c r="A8" t="s"><v>{s_lit}</v></c></row>',
        f'<row r="9"><c r="A9" t="s"><v>{s_num}</v></c></row>',
        f'<row r="10"><c r="A10" t="e" vm="1"><v>#VALUE!</v></c><c r="B10" s="{checkbox}" t="b"><v>1</v></c><c r="C10" t="s"><v>{s_pic}</v></c></row>',
        '<row r="11"><c r="A11" cm="1"><f t="array" ref="A11:A13">_xlfn._xlws.SORT(E2:E4)</f><v>1</v></c><c r="B11"><f>[1]Rates!$B$2</f><v>0.25</v></c></row>',
        '<row r="12"><c r="A12"><v>3</v></c><c r="B12"><f>NetworkSize</f><v>0</v></c></row>',
        '<row r="13"><c r="A13"><v>6</v></c></row>',
    ]
    rels = {}
    printer = "xl/printerSettings/printerSettings1.bin"
    pkg.put(printer, devmode_bytes(), CT["printer"])
    rels["printer"] = pkg.relate(sheet, REL + "printerSettings", "../printerSettings/printerSettings1.bin")
    pkg.put("xl/media/rich-logo.emf", emf_bytes())
    pkg.default("emf", "image/x-emf")
    pkg.put("xl/drawings/drawing_features.xml", "", CT["drawing"])
    pic = pkg.relate("xl/drawings/drawing_features.xml", REL + "image", "../media/rich-logo.emf")
    pkg.put("xl/drawings/drawing_features.xml", _drawing_xml(pic))
    rels["drawing"] = pkg.relate(sheet, REL + "drawing", "../drawings/drawing_features.xml")
    pkg.default("vml", "application/vnd.openxmlformats-officedocument.vmlDrawing")
    pkg.put("xl/drawings/vmlDrawingFeatures.vml", _features_vml(3075))
    rels["vml"] = pkg.relate(sheet, REL + "vmlDrawing", "../drawings/vmlDrawingFeatures.vml")
    pkg.put("xl/media/rich-header.png", png_bytes((31, 78, 121)))
    pkg.default("png", "image/png")
    pkg.put("xl/drawings/vmlDrawingHF.vml", _header_footer_vml())
    pkg.relate("xl/drawings/vmlDrawingHF.vml", REL + "image", "../media/rich-header.png")
    rels["hf"] = pkg.relate(sheet, REL + "vmlDrawing", "../drawings/vmlDrawingHF.vml")
    pkg.put("xl/media/rich-background.jpeg", jpeg_bytes((230, 240, 250)))
    pkg.default("jpeg", "image/jpeg")
    rels["bg"] = pkg.relate(sheet, REL + "image", "../media/rich-background.jpeg")
    pkg.put("xl/comments_features.xml", _legacy_comments(), CT["comments"])
    pkg.relate(sheet, REL + "comments", "../comments_features.xml")
    pkg.put("xl/threadedComments/threadedComment1.xml", _threaded_comments(), CT["threaded"])
    pkg.relate(sheet, MSREL + "2017/10/relationships/threadedComment", "../threadedComments/threadedComment1.xml")
    pkg.put("xl/persons/person.xml", _persons(), CT["person"])
    pkg.relate("xl/workbook.xml", MSREL + "2017/10/relationships/person", "persons/person.xml")
    pkg.put(
        "xl/ctrlProps/ctrlProp1.xml",
        f'{XML_DECL}<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="Button" lockText="1"/>',
        CT["ctrlprop"],
    )
    rels["ctrl"] = pkg.relate(sheet, REL + "ctrlProp", "../ctrlProps/ctrlProp1.xml")
    _add_rich_value_image(pkg)
    _add_checkbox_bag(pkg)
    pkg.put(sheet, _features_sheet_xml(rows, rels), CT["sheet"])


def _legacy_comments() -> str:
    fallback = (
        "[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; however, any edits to it will "
        "get removed if the file is opened in a newer version of Excel. Learn more: https://go.microsoft.com/fwlink/?linkid=870924"
        f"\n\nComment:\n    {THREAD_TEXT}\nReply:\n    {REPLY_TEXT}"
    )
    return (
        f'{XML_DECL}<comments xmlns="{NS_MAIN}"><authors><author>tc={THREAD_ID}</author><author>Dana</author></authors><commentList>'
        f'<comment ref="C6" authorId="0" shapeId="0"><text><t xml:space="preserve">{escape(fallback)}</t></text></comment>'
        '<comment ref="C7" authorId="1" shapeId="0"><text><r><rPr><b/><sz val="9"/><rFont val="Tahoma"/><family val="2"/></rPr><t>Dana:</t></r>'
        f'<r><rPr><sz val="9"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">\n{escape(NOTE_TEXT)}</t></r></text></comment>'
        "</commentList></comments>"
    )


def _threaded_comments() -> str:
    ns = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
    return (
        f'{XML_DECL}<ThreadedComments xmlns="{ns}" xmlns:x="{NS_MAIN}">'
        f'<threadedComment ref="C6" dT="2026-11-20T09:30:00.00" personId="{PERSON_ID}" id="{THREAD_ID}"><text>{escape(THREAD_TEXT)}</text></threadedComment>'
        f'<threadedComment ref="C6" dT="2026-11-21T10:00:00.00" personId="{PERSON_ID}" id="{REPLY_ID}" parentId="{THREAD_ID}"><text>{escape(REPLY_TEXT)}</text></threadedComment>'
        "</ThreadedComments>"
    )


def _persons() -> str:
    ns = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
    return (
        f'{XML_DECL}<personList xmlns="{ns}" xmlns:x="{NS_MAIN}">'
        f'<person displayName="Dana Recruiter" id="{PERSON_ID}" userId="dana@example.com" providerId="None"/></personList>'
    )


def _add_rich_value_image(pkg: Package) -> None:
    """The in-cell picture of Features!A10 and the dynamic-array flag of A11 (metadata.xml)."""
    rd = "http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"
    pkg.put("xl/media/rich-in-cell.png", png_bytes((200, 60, 60)))
    pkg.put(
        "xl/metadata.xml",
        f'{XML_DECL}<metadata xmlns="{NS_MAIN}" xmlns:xlrd="{rd}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
        '<metadataTypes count="2">'
        '<metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/>'
        '<metadataType name="XLRICHVALUE" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1"/>'
        "</metadataTypes>"
        '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
        '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>'
        '<futureMetadata name="XLRICHVALUE" count="1"><bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}">'
        '<xlrd:rvb i="0"/></ext></extLst></bk></futureMetadata>'
        '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
        '<valueMetadata count="1"><bk><rc t="2" v="0"/></bk></valueMetadata></metadata>',
        CT["metadata"],
    )
    pkg.relate("xl/workbook.xml", REL + "sheetMetadata", "metadata.xml")
    pkg.put(
        "xl/richData/rdrichvalue.xml",
        f'{XML_DECL}<rvData xmlns="{rd}" count="1"><rv s="0"><v>0</v><v>5</v></rv></rvData>',
        "application/vnd.ms-excel.rdrichvalue+xml",
    )
    pkg.put(
        "xl/richData/rdrichvaluestructure.xml",
        f'{XML_DECL}<rvStructures xmlns="{rd}" count="1"><s t="_localImage"><k n="_rvRel:LocalImageIdentifier" t="i"/><k n="CalcOrigin" t="i"/></s></rvStructures>',
        "application/vnd.ms-excel.rdrichvaluestructure+xml",
    )
    flags = "".join(
        f'<key name="{k}"><flag name="ExcludeFromCalcComparison" value="1"/></key>'
        for k in (
            "_DisplayString",
            "_Flags",
            "_Format",
            "_SubLabel",
            "_Attribution",
            "_Icon",
            "_Display",
            "_CanonicalPropertyNames",
            "_ClassificationId",
        )
    )
    pkg.put(
        "xl/richData/rdRichValueTypes.xml",
        f'{XML_DECL}<rvTypesInfo xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata2" '
        f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x" xmlns:x="{NS_MAIN}"><global><keyFlags>'
        '<key name="_Self"><flag name="ExcludeFromFile" value="1"/><flag name="ExcludeFromCalcComparison" value="1"/></key>'
        f"{flags}</keyFlags></global></rvTypesInfo>",
        "application/vnd.ms-excel.rdrichvaluetypes+xml",
    )
    pkg.put(
        "xl/richData/richValueRel.xml",
        f'{XML_DECL}<richValueRels xmlns="http://schemas.microsoft.com/office/spreadsheetml/2022/richvaluerel" xmlns:r="{NS_R}"><rel r:id="rId1"/></richValueRels>',
        "application/vnd.ms-excel.richvaluerel+xml",
    )
    pkg.relate("xl/richData/richValueRel.xml", REL + "image", "../media/rich-in-cell.png")
    pkg.relate("xl/workbook.xml", MSREL + "2022/10/relationships/richValueRel", "richData/richValueRel.xml")
    pkg.relate("xl/workbook.xml", MSREL + "2017/06/relationships/rdRichValue", "richData/rdrichvalue.xml")
    pkg.relate("xl/workbook.xml", MSREL + "2017/06/relationships/rdRichValueStructure", "richData/rdrichvaluestructure.xml")
    pkg.relate("xl/workbook.xml", MSREL + "2017/06/relationships/rdRichValueTypes", "richData/rdRichValueTypes.xml")


def _add_checkbox_bag(pkg: Package) -> None:
    pkg.put(
        "xl/featurePropertyBag/featurePropertyBag.xml",
        f'{XML_DECL}<FeaturePropertyBags xmlns="http://schemas.microsoft.com/office/spreadsheetml/2022/featurepropertybag">'
        '<bag type="Checkbox"/><bag type="XFControls"><bagId k="CellControl">0</bagId></bag>'
        '<bag type="XFComplement"><bagId k="XFControls">1</bagId></bag>'
        '<bag type="XFComplements" extRef="XFComplementsMapperExtRef"><a k="MappedFeaturePropertyBags"><bagId>2</bagId></a></bag></FeaturePropertyBags>',
        CT["fpb"],
    )
    pkg.relate("xl/workbook.xml", MSREL + "2022/11/relationships/FeaturePropertyBag", "featurePropertyBag/featurePropertyBag.xml")


def _features_sheet_xml(rows: list[str], rels: dict[str, str]) -> str:
    x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    xm = "http://schemas.microsoft.com/office/excel/2006/main"
    xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    sparklines = "".join(
        f"<x14:sparkline><xm:f>Features!A{r}:E{r}</xm:f><xm:sqref>F{r}</xm:sqref></x14:sparkline>" for r in range(2, 5)
    )
    control = (
        f'<mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="x14"><controls><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="x14">'
        f'<control shapeId="3075" r:id="{rels["ctrl"]}" name="Button 3"><controlPr defaultSize="0" print="0" autoFill="0" autoPict="0" macro="[0]!RefreshViews">'
        '<anchor moveWithCells="1" sizeWithCells="1"><from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>10</xdr:row><xdr:rowOff>0</xdr:rowOff></from>'
        "<to><xdr:col>7</xdr:col><xdr:colOff>508000</xdr:colOff><xdr:row>11</xdr:row><xdr:rowOff>127000</xdr:rowOff></to></anchor></controlPr></control>"
        "</mc:Choice></mc:AlternateContent></controls></mc:Choice></mc:AlternateContent>"
    )
    return (
        f'{XML_DECL}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}" xmlns:xdr="{xdr}" xmlns:x14="{x14}" xmlns:mc="{mc}">'
        '<dimension ref="A1:F13"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        '<cols><col min="1" max="1" width="34" customWidth="1"/></cols>'
        f"<sheetData>{''.join(rows)}</sheetData>"
        '<protectedRanges><protectedRange sqref="A2:E4" name="HiringData"/></protectedRanges>'
        '<conditionalFormatting sqref="A2:E4"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar>'
        f'<extLst><ext uri="{{B025F937-C7B1-47D3-B67F-A62EFF666E3E}}" xmlns:x14="{x14}"><x14:id>{DATABAR_ID}</x14:id></ext></extLst></cfRule></conditionalFormatting>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        f'<pageSetup paperSize="9" orientation="portrait" horizontalDpi="600" verticalDpi="600" r:id="{rels["printer"]}"/>'
        "<headerFooter><oddHeader>&amp;L&amp;G&amp;CCandidate network</oddHeader><oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter></headerFooter>"
        '<ignoredErrors><ignoredError sqref="A9" numberStoredAsText="1"/></ignoredErrors>'
        f'<drawing r:id="{rels["drawing"]}"/><legacyDrawing r:id="{rels["vml"]}"/><legacyDrawingHF r:id="{rels["hf"]}"/><picture r:id="{rels["bg"]}"/>'
        f"{control}<extLst>"
        f'<ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{x14}"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{xm}">'
        f'<x14:cfRule type="dataBar" id="{DATABAR_ID}"><x14:dataBar minLength="0" maxLength="100" gradient="0" negativeBarColorSameAsPositive="1" axisPosition="none">'
        '<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule><xm:sqref>A2:E4</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>'
        f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{x14}"><x14:sparklineGroups xmlns:xm="{xm}">'
        '<x14:sparklineGroup displayEmptyCellsAs="gap" markers="1"><x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/>'
        '<x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/><x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/>'
        f'<x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/><x14:sparklines>{sparklines}</x14:sparklines></x14:sparklineGroup>'
        "</x14:sparklineGroups></ext></extLst></worksheet>"
    )


# --- sheet "Pivot": pivot table + slicer -------------------------------------------------------

PIVOT_RECORDS = [
    ("Dana", "Interested"),
    ("Sam", "Not now"),
    ("Dana", "Placed"),
    ("Sam", "Interested"),
    ("Dana", "Not now"),
    ("Sam", "Interested"),
]


def _add_pivot_and_slicer(pkg: Package) -> None:
    sheet, sheet_id = pkg.sheet_part("Pivot")
    statuses = ["Interested", "Not now", "Placed"]
    owners = ["Dana", "Sam"]
    ids = _append_shared_strings(
        pkg,
        [f"<si><t>{t}</t></si>" for t in ["Owner", "Status", *owners, *statuses, "Row Labels", "Count of Owner", "Grand Total"]],
    )
    sid = dict(zip(["Owner", "Status", *owners, *statuses, "Row Labels", "Count of Owner", "Grand Total"], ids, strict=True))
    rows = ['<row r="1"><c r="A1" t="s"><v>{}</v></c><c r="B1" t="s"><v>{}</v></c></row>'.format(sid["Owner"], sid["Status"])]
    counts = {s: sum(1 for _, st in PIVOT_RECORDS if st == s) for s in statuses}
    pivot_cells = {
        3: ("Row Labels", "Count of Owner"),
        4: ("Interested", counts["Interested"]),
        5: ("Not now", counts["Not now"]),
        6: ("Placed", counts["Placed"]),
        7: ("Grand Total", len(PIVOT_RECORDS)),
    }
    for r in range(2, 2 + len(PIVOT_RECORDS)):
        owner, status = PIVOT_RECORDS[r - 2]
        cells = f'<c r="A{r}" t="s"><v>{sid[owner]}</v></c><c r="B{r}" t="s"><v>{sid[status]}</v></c>'
        if r in pivot_cells:
            label, value = pivot_cells[r]
            cells += f'<c r="D{r}" t="s"><v>{sid[label]}</v></c>' + (
                f'<c r="E{r}" t="s"><v>{sid[value]}</v></c>' if isinstance(value, str) else f'<c r="E{r}"><v>{value}</v></c>'
            )
        rows.append(f'<row r="{r}">{cells}</row>')
    # the pivot table: Status on rows, count of Owner; cache over Pivot!A1:B7
    records = "".join(f'<r><x v="{owners.index(o)}"/><x v="{statuses.index(s)}"/></r>' for o, s in PIVOT_RECORDS)
    pkg.put(
        "xl/pivotCache/pivotCacheRecords1.xml",
        f'{XML_DECL}<pivotCacheRecords xmlns="{NS_MAIN}" xmlns:r="{NS_R}" count="{len(PIVOT_RECORDS)}">{records}</pivotCacheRecords>',
        CT["pcrec"],
    )
    pkg.put("xl/pivotCache/pivotCacheDefinition1.xml", "", CT["pcdef"])
    rec_rid = pkg.relate("xl/pivotCache/pivotCacheDefinition1.xml", REL + "pivotCacheRecords", "pivotCacheRecords1.xml")
    x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    shared = lambda items: f'<sharedItems count="{len(items)}">' + "".join(f'<s v="{i}"/>' for i in items) + "</sharedItems>"  # noqa: E731
    pkg.put(
        "xl/pivotCache/pivotCacheDefinition1.xml",
        f'{XML_DECL}<pivotCacheDefinition xmlns="{NS_MAIN}" xmlns:r="{NS_R}" r:id="{rec_rid}" refreshedBy="Dana" refreshedDate="46350.5" '
        f'createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="{len(PIVOT_RECORDS)}">'
        f'<cacheSource type="worksheet"><worksheetSource ref="A1:B{1 + len(PIVOT_RECORDS)}" sheet="Pivot"/></cacheSource>'
        f'<cacheFields count="2"><cacheField name="Owner" numFmtId="0">{shared(owners)}</cacheField>'
        f'<cacheField name="Status" numFmtId="0">{shared(statuses)}</cacheField></cacheFields>'
        f'<extLst><ext uri="{{725AE2AE-9491-48be-B2B4-4EB974FC3084}}" xmlns:x14="{x14}"><x14:pivotCacheDefinition pivotCacheId="1"/></ext></extLst>'
        "</pivotCacheDefinition>",
    )
    cache_rid = pkg.relate("xl/workbook.xml", REL + "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml")
    pkg.insert_in_workbook(f'<pivotCaches><pivotCache cacheId="1" r:id="{cache_rid}"/></pivotCaches>', WB_AFTER_SHEETS[7:])
    pkg.put(
        "xl/pivotTables/pivotTable1.xml",
        f'{XML_DECL}<pivotTableDefinition xmlns="{NS_MAIN}" name="PivotTable1" cacheId="1" applyNumberFormats="0" applyBorderFormats="0" '
        'applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Values" '
        'updatedVersion="6" minRefreshableVersion="3" useAutoFormatting="1" itemPrintTitles="1" createdVersion="6" indent="0" outline="1" outlineData="1" multipleFieldFilters="0">'
        '<location ref="D3:E7" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
        '<pivotFields count="2"><pivotField dataField="1" showAll="0"/>'
        '<pivotField axis="axisRow" showAll="0"><items count="4"><item x="0"/><item x="1"/><item x="2"/><item t="default"/></items></pivotField></pivotFields>'
        '<rowFields count="1"><field x="1"/></rowFields>'
        '<rowItems count="4"><i><x/></i><i><x v="1"/></i><i><x v="2"/></i><i t="grand"><x/></i></rowItems>'
        '<colItems count="1"><i/></colItems>'
        '<dataFields count="1"><dataField name="Count of Owner" fld="0" subtotal="count" baseField="0" baseItem="0"/></dataFields>'
        '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/>'
        "</pivotTableDefinition>",
        CT["pivot"],
    )
    pkg.relate("xl/pivotTables/pivotTable1.xml", REL + "pivotCacheDefinition", "../pivotCache/pivotCacheDefinition1.xml")
    pkg.relate(sheet, REL + "pivotTable", "../pivotTables/pivotTable1.xml")
    # the slicer on Status: slicer part (sheet), slicer cache (workbook), drawing frame
    pkg.put(
        "xl/slicers/slicer1.xml",
        f'{XML_DECL}<slicers xmlns="{x14}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x" xmlns:x="{NS_MAIN}">'
        '<slicer name="Status" cache="Slicer_Status" caption="Status" rowHeight="241300"/></slicers>',
        CT["slicer"],
    )
    slicer_rid = pkg.relate(sheet, MSREL + "2007/relationships/slicer", "../slicers/slicer1.xml")
    items = "".join(f'<i x="{i}" s="1"/>' for i in range(len(statuses)))
    pkg.put(
        "xl/slicerCaches/slicerCache1.xml",
        f'{XML_DECL}<slicerCacheDefinition xmlns="{x14}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x" '
        f'xmlns:x="{NS_MAIN}" name="Slicer_Status" sourceName="Status"><pivotTables><pivotTable tabId="{sheet_id}" name="PivotTable1"/></pivotTables>'
        f'<data><tabular pivotCacheId="1"><items count="{len(statuses)}">{items}</items></tabular></data></slicerCacheDefinition>',
        CT["slicercache"],
    )
    cache = pkg.relate("xl/workbook.xml", MSREL + "2007/relationships/slicerCache", "slicerCaches/slicerCache1.xml")
    _workbook_ext(
        pkg,
        f'<ext uri="{{BBE1A952-AA13-448e-AADC-164F8A28A991}}" xmlns:x14="{x14}"><x14:slicerCaches><x14:slicerCache r:id="{cache}"/></x14:slicerCaches></ext>',
    )
    _add_defined_name(pkg, '<definedName name="Slicer_Status">#N/A</definedName>')
    pkg.put("xl/drawings/drawing_pivot.xml", _slicer_drawing(), CT["drawing"])
    drawing_rid = pkg.relate(sheet, REL + "drawing", "../drawings/drawing_pivot.xml")
    pkg.put(
        sheet,
        f'{XML_DECL}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}"><dimension ref="A1:E7"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><sheetData>{"".join(rows)}</sheetData>'
        f'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><drawing r:id="{drawing_rid}"/>'
        f'<extLst><ext uri="{{A8765BA9-456A-4dab-B4F3-ACF838C121DE}}" xmlns:x14="{x14}"><x14:slicerList><x14:slicer r:id="{slicer_rid}"/></x14:slicerList></ext></extLst>'
        "</worksheet>",
        CT["sheet"],
    )


def _slicer_drawing() -> str:
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    return (
        f'{XML_DECL}<xdr:wsDr xmlns:xdr="{xdr}" xmlns:a="{a}"><xdr:twoCellAnchor editAs="oneCell">'
        "<xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
        "<xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>14</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice xmlns:sle15="http://schemas.microsoft.com/office/drawing/2012/slicer" Requires="sle15">'
        '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Status"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/drawing/2010/slicer">'
        '<sle:slicer xmlns:sle="http://schemas.microsoft.com/office/drawing/2010/slicer" name="Status"/></a:graphicData></a:graphic></xdr:graphicFrame></mc:Choice>'
        '<mc:Fallback><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="0" name=""/><xdr:cNvSpPr><a:spLocks noTextEdit="1"/></xdr:cNvSpPr></xdr:nvSpPr>'
        '<xdr:spPr><a:xfrm><a:off x="3657600" y="190500"/><a:ext cx="1828800" cy="2476500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:prstClr val="white"/></a:solidFill><a:ln w="1"><a:solidFill><a:prstClr val="green"/></a:solidFill></a:ln></xdr:spPr>'
        '<xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip"/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="1100"/>'
        "<a:t>This shape represents a slicer. Slicers are supported in Excel 2010 or later.</a:t></a:r></a:p></xdr:txBody></xdr:sp>"
        "</mc:Fallback></mc:AlternateContent><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
    )


def _workbook_ext(pkg: Package, ext: str) -> None:
    wb = pkg.text("xl/workbook.xml")
    if "<extLst>" in wb:
        wb = wb.replace("</extLst>", ext + "</extLst>", 1)
    else:
        wb = wb.replace("</workbook>", f"<extLst>{ext}</extLst></workbook>")
    pkg.parts["xl/workbook.xml"] = wb.encode()


def _add_defined_name(pkg: Package, name: str) -> None:
    wb = pkg.text("xl/workbook.xml")
    if "</definedNames>" in wb:
        pkg.parts["xl/workbook.xml"] = wb.replace("</definedNames>", name + "</definedNames>", 1).encode()
    else:
        pkg.insert_in_workbook(f"<definedNames>{name}</definedNames>", WB_AFTER_SHEETS[3:])


# --- workbook-level parts -----------------------------------------------------------------------


def _add_workbook_parts(pkg: Package) -> None:
    # external link: Features!B11 reads [1]Rates!$B$2 from fees.xlsx
    pkg.put(
        "xl/externalLinks/externalLink1.xml",
        f'{XML_DECL}<externalLink xmlns="{NS_MAIN}" xmlns:r="{NS_R}"><externalBook r:id="rId1"><sheetNames><sheetName val="Rates"/></sheetNames>'
        '<sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="B2"><v>0.25</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>',
        CT["extlink"],
    )
    pkg.relate("xl/externalLinks/externalLink1.xml", REL + "externalLinkPath", "fees.xlsx", external=True)
    ext_rid = pkg.relate("xl/workbook.xml", REL + "externalLink", "externalLinks/externalLink1.xml")
    pkg.insert_in_workbook(f'<externalReferences><externalReference r:id="{ext_rid}"/></externalReferences>', WB_AFTER_SHEETS[2:])
    # custom XML data part (a document-management tag, as SharePoint and add-ins leave them)
    pkg.put(
        "customXml/item1.xml",
        f'{XML_DECL}<talentsheet xmlns="urn:example:talentsheet"><owner>Dana</owner><desk>Data</desk></talentsheet>',
    )
    pkg.put(
        "customXml/itemProps1.xml",
        f'{XML_DECL}<ds:datastoreItem ds:itemID="{CUSTOM_XML_ID}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        '<ds:schemaRefs><ds:schemaRef ds:uri="urn:example:talentsheet"/></ds:schemaRefs></ds:datastoreItem>',
        CT["customprops"],
    )
    pkg.relate("customXml/item1.xml", REL + "customXmlProps", "itemProps1.xml")
    pkg.relate("xl/workbook.xml", REL + "customXml", "../customXml/item1.xml")
    # web extension task pane (an Office add-in pinned to the workbook, like xlwings Lite's)
    pkg.put(
        "xl/webextensions/webextension1.xml",
        f'{XML_DECL}<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{WEBEXT_ID}">'
        '<we:reference id="wa200008175" version="1.0.0.0" store="en-US" storeType="OMEX"/><we:alternateReferences/>'
        '<we:properties><we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/></we:properties><we:bindings/>'
        f'<we:snapshot xmlns:r="{NS_R}"/></we:webextension>',
        CT["webext"],
    )
    pkg.put(
        "xl/webextensions/taskpanes.xml",
        f'{XML_DECL}<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11">'
        f'<wetp:taskpane dockstate="right" visibility="0" width="350" row="4"><wetp:webextensionref xmlns:r="{NS_R}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>',
        CT["taskpanes"],
    )
    pkg.relate("xl/webextensions/taskpanes.xml", MSREL + "2011/relationships/webextension", "webextension1.xml")
    pkg.relate("", MSREL + "2011/relationships/webextensiontaskpanes", "xl/webextensions/taskpanes.xml")


def _add_vba(pkg: Package) -> None:
    import xlwings

    template = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    with zipfile.ZipFile(template) as z:
        vba = z.read("xl/vbaProject.bin")
    pkg.put("xl/vbaProject.bin", vba, CT["vba"])
    pkg.relate("xl/workbook.xml", MSREL + "2006/relationships/vbaProject", "vbaProject.bin")
    pkg.put("xl/vbaProjectSignature.bin", signature_placeholder(), CT["vbasig"])
    pkg.relate("xl/vbaProject.bin", MSREL + "2006/relationships/vbaProjectSignature", "vbaProjectSignature.bin")
    pkg.override("xl/workbook.xml", CT["xlsm"])
