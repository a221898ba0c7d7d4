"""Build workbooks with features a recruiter (or Excel) adds, by editing the package XML
where openpyxl cannot write the feature itself."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

SPARKLINE_EXT = (
    '<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    "<x14:sparklineGroup><x14:sparklines><x14:sparkline><xm:f>Candidates!B2:C2</xm:f><xm:sqref>D2</xm:sqref>"
    "</x14:sparkline></x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>"
)

CUSTOM_PARTS = {
    "customXml/item1.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ct:contentTypeSchema xmlns:ct="http://schemas.microsoft.com/office/2006/metadata/contentType"><label>Confidential \xe2\x80\x93 HR</label></ct:contentTypeSchema>',
    "customXml/itemProps1.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="{6C3C6A2B-1111-4A39-9A25-3A7D3C1E0001}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>',
    "customXml/_rels/item1.xml.rels": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"/></Relationships>',
    "docMetadata/LabelInfo.xml": b'<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<clbl:labelList xmlns:clbl="http://schemas.microsoft.com/office/2020/mipLabelMetadata"><clbl:label id="{11111111-2222-3333-4444-555555555555}" enabled="1" method="Standard" siteId="{aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}" removed="0"/></clbl:labelList>',
    "xl/webextensions/taskpanes.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><wetp:taskpane dockstate="right" visibility="1" width="350" row="4"><wetp:webextensionref r:id="rId1"/></wetp:taskpane></wetp:taskpanes>',
    "xl/webextensions/_rels/taskpanes.xml.rels": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>',
    "xl/webextensions/webextension1.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{0D5A0E2A-0000-4A3B-8F0E-000000000001}"><we:reference id="wa200008175" version="1.0.0.0" store="en-US" storeType="OMEX"/><we:properties><we:property name="main.py" value="&quot;import xlwings as xw\\n@script\\ndef hello(book): pass&quot;"/></we:properties><we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></we:webextension>',
}
ROOT_RELS = [
    ("rIdWe1", "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes", "xl/webextensions/taskpanes.xml"),
    ("rIdLbl1", "http://schemas.microsoft.com/office/2020/02/relationships/classificationlabels", "docMetadata/LabelInfo.xml"),
]
WORKBOOK_RELS = [
    ("rId99", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml", "../customXml/item1.xml")
]
OVERRIDES = {
    "/customXml/itemProps1.xml": "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
    "/docMetadata/LabelInfo.xml": "application/vnd.ms-office.classificationlabels+xml",
    "/xl/webextensions/taskpanes.xml": "application/vnd.ms-office.webextensiontaskpanes+xml",
    "/xl/webextensions/webextension1.xml": "application/vnd.ms-office.webextension+xml",
}


def rewrite_zip(path: Path, edit) -> None:
    """Rewrite a package: ``edit(name, data) -> bytes | None`` (None keeps data); extra parts via ``edit.extra``."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            new = edit(info.filename, data)
            out.writestr(info, data if new is None else new)
        for name, data in getattr(edit, "extra", {}).items():
            out.writestr(name, data)


def add_custom_parts(path: Path) -> None:
    """Add custom XML, a sensitivity label and xlwings-Lite-style web-extension parts."""

    def edit(name: str, data: bytes) -> bytes | None:
        if name == "_rels/.rels":
            rels = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in ROOT_RELS)
            return data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
        if name == "xl/_rels/workbook.xml.rels":
            rels = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in WORKBOOK_RELS)
            return data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
        if name == "[Content_Types].xml":
            ov = "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in OVERRIDES.items())
            return data.replace(b"</Types>", ov.encode() + b"</Types>")
        return None

    edit.extra = CUSTOM_PARTS
    rewrite_zip(path, edit)


def add_sparklines(path: Path, sheet_part: str = "xl/worksheets/sheet1.xml") -> None:
    def edit(name: str, data: bytes) -> bytes | None:
        if name == sheet_part:
            return re.sub(rb"</worksheet>\s*$", SPARKLINE_EXT.encode() + b"</worksheet>", data)
        return None

    rewrite_zip(path, edit)


def add_in_cell_image_parts(path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes | None:
        return None

    edit.extra = {
        "xl/richData/rdrichvalue.xml": b'<?xml version="1.0"?><rvData xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" count="0"/>'
    }
    rewrite_zip(path, edit)
