"""A brand-new workbook package written from own-sheet values (a CSV converted for editing)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .changes import OwnSheet
from .package_io import Package

__all__ = ["write_workbook"]

_SKELETON = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets></sheets><calcPr calcId="191029"/></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
}


def write_workbook(path: str | Path, sheets: list[OwnSheet]) -> Path:
    """Write a new .xlsx at ``path`` holding ``sheets`` (in order)."""
    from .editor import _Applier
    from .styles import DEFAULT_STYLES

    path = Path(path)
    skeleton = path.with_name(path.name + ".skeleton")
    with zipfile.ZipFile(skeleton, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _SKELETON.items():
            zf.writestr(name, text)
        zf.writestr("xl/styles.xml", DEFAULT_STYLES)
    try:
        with Package(skeleton) as pkg:
            applier = _Applier(pkg)
            for own in sheets:
                applier._write_own(own)
            applier.book.set_active(0)
            if applier.pool.changed:
                pkg.write(applier.styles_part, applier.pool.to_bytes())
            pkg.save(path)
    finally:
        skeleton.unlink()
    return path
