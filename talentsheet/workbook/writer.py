"""Write into the recruiter's own workbook without losing anything.

Every edit goes through :func:`edit_workbook`: it refuses when Excel has the file open or
when openpyxl would drop a feature, saves to a temporary file, carries over the package parts
openpyxl does not know (custom XML, sensitivity labels, xlwings Lite code), keeps a
timestamped backup, and only then replaces the original in one atomic rename.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import InputError, WorkbookError, WouldLoseDataError
from .files import WriteTarget, writing
from .package import check_readable, loss_risks

# package parts openpyxl drops but that stand alone, so they can be copied back verbatim
CARRY_PREFIXES = ("customXml/", "docMetadata/", "xl/webextensions/")
INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")


@contextlib.contextmanager
def edit_workbook(
    path: str | Path,
    *,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
) -> Iterator[Workbook]:
    """Open ``path`` for editing with openpyxl and save it safely when the block ends.

    With ``output`` the original is left untouched and the result goes to a new file.
    If the block raises, nothing is written.
    """
    path = Path(path)
    kind = check_readable(path)
    with writing(path, output, backup=backup) as where:
        _check_target(path, where.target, kind)
        if kind == "csv":
            wb = workbook_from_csv(path)
        else:
            risks = loss_risks(path)
            if risks and not allow_loss and where.in_place:
                listed = "; ".join(str(r) for r in risks)
                raise WouldLoseDataError(
                    f"{path.name} contains features talentsheet cannot keep when it saves: {listed}",
                    "nothing was written; write a copy with --output NEW.xlsx (original untouched) or accept the loss with --allow-loss",
                )
            wb = _load_for_edit(path, kind)
        yield wb
        save_atomically(wb, where, source=None if kind == "csv" else path)


def _check_target(path: Path, target: Path, kind: str) -> None:
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        if kind == "csv":
            raise InputError(
                f"{path.name} is a CSV file; talentsheet writes results into a workbook", "add --output NEW.xlsx to convert it"
            )
        raise InputError(
            f"cannot write {target.name}: talentsheet writes .xlsx or .xlsm files", "give --output a name ending in .xlsx"
        )
    if kind == "csv" and target == path:
        raise InputError(f"{path.name} is a CSV file", "add --output NEW.xlsx to convert it")
    if target.suffix.lower() == ".xlsx" and kind == "xlsm":
        raise InputError(
            f"{path.name} holds macros; saving it as {target.name} would drop them", "give --output a name ending in .xlsm"
        )


def _load_for_edit(path: Path, kind: str) -> Workbook:
    try:
        return openpyxl.load_workbook(path, keep_vba=(kind == "xlsm"), rich_text=True, keep_links=True)
    except Exception as exc:  # openpyxl raises many types for malformed XML
        raise WorkbookError(
            f"{path.name} could not be opened for editing: {exc}", "open and re-save it in Excel, or restore a backup"
        ) from None


def workbook_from_csv(path: Path) -> Workbook:
    """A new workbook holding a CSV file's rows on a 'Candidates' sheet, all as text."""
    from .reader import read_csv_rows

    rows = read_csv_rows(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Candidates"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value != "":
                set_value(ws.cell(r, c), value)
    return wb


def save_atomically(wb: Workbook, where: WriteTarget, *, source: Path | None) -> Path | None:
    """Save through :meth:`WriteTarget.commit`, restoring the parts openpyxl dropped."""

    def write(tmp: Path) -> None:
        wb.save(tmp)
        if source is not None:
            carry_over_parts(source, tmp)

    return where.commit(write, check=_check_zip)


def _check_zip(tmp: Path) -> None:
    with zipfile.ZipFile(tmp) as zf:
        bad = zf.testzip()
    if bad:
        raise WorkbookError(f"the saved file is damaged at {bad}", "nothing was written; please report this")


# --- carrying over parts openpyxl drops -------------------------------------------------


def carry_over_parts(source: Path, saved: Path) -> list[str]:
    """Copy standalone parts (custom XML, labels, web extensions) from ``source`` into
    ``saved`` with their relationships and content types. Returns the parts copied."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(saved) as new:
        new_names = set(new.namelist())
        missing = [n for n in src.namelist() if n.startswith(CARRY_PREFIXES) and n not in new_names]
        if not missing:
            return []
        patched = {
            "[Content_Types].xml": _merge_content_types(
                src.read("[Content_Types].xml"), new.read("[Content_Types].xml"), missing
            ),
        }
        for rels in ("_rels/.rels", "xl/_rels/workbook.xml.rels"):
            if rels in new_names and _exists(src, rels):
                patched[rels] = _merge_rels(src.read(rels), new.read(rels), rels, set(missing))
        tmp = saved.with_name(saved.name + ".carry")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in new.infolist():
                out.writestr(info, patched.get(info.filename, new.read(info.filename)))
            for name in missing:
                out.writestr(src.getinfo(name), src.read(name))
    os.replace(tmp, saved)
    return missing


def _exists(zf: zipfile.ZipFile, name: str) -> bool:
    try:
        zf.getinfo(name)
        return True
    except KeyError:
        return False


_REL_RE = re.compile(rb"<Relationship\b[^>]*?/>", re.S)
_ATTR_RE = re.compile(rb'(\w+)="([^"]*)"')


def _attrs(element: bytes) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in _ATTR_RE.findall(element)}


def _resolve(rels_name: str, target: str) -> str:
    """Turn a relationship target into a part name inside the package."""
    if target.startswith("/"):
        return target.lstrip("/")
    base = posixpath.dirname(posixpath.dirname(rels_name))  # folder of the source part
    return posixpath.normpath(posixpath.join(base, target))


def _merge_rels(src_xml: bytes, new_xml: bytes, rels_name: str, missing: set[str]) -> bytes:
    new_ids = {_attrs(m)["Id"] for m in _REL_RE.findall(new_xml)}
    additions = []
    for element in _REL_RE.findall(src_xml):
        a = _attrs(element)
        if a.get("TargetMode") == "External" or _resolve(rels_name, a.get("Target", "")) not in missing:
            continue
        rid = a["Id"]
        n = 1
        while rid in new_ids:
            rid, n = f"rIdTs{n}", n + 1
        new_ids.add(rid)
        additions.append(
            f"<Relationship Id={quoteattr(rid)} Type={quoteattr(a['Type'])} Target={quoteattr(a['Target'])}/>".encode()
        )
    return new_xml.replace(b"</Relationships>", b"".join(additions) + b"</Relationships>")


_OVERRIDE_RE = re.compile(rb"<Override\b[^>]*?/>", re.S)
_DEFAULT_RE = re.compile(rb"<Default\b[^>]*?/>", re.S)


def _merge_content_types(src_xml: bytes, new_xml: bytes, missing: list[str]) -> bytes:
    wanted = {"/" + m for m in missing}
    have_ext = {_attrs(d).get("Extension", "").lower() for d in _DEFAULT_RE.findall(new_xml)}
    have_override = {_attrs(o).get("PartName") for o in _OVERRIDE_RE.findall(new_xml)}
    additions = [o for o in _OVERRIDE_RE.findall(src_xml) if _attrs(o).get("PartName") in wanted - have_override]
    exts = {posixpath.splitext(m)[1].lstrip(".").lower() for m in missing}
    additions += [d for d in _DEFAULT_RE.findall(src_xml) if _attrs(d).get("Extension", "").lower() in exts - have_ext]
    return new_xml.replace(b"</Types>", b"".join(additions) + b"</Types>")


# --- writing values safely -----------------------------------------------------------


def set_value(cell: Cell, value: Any) -> None:
    """Write a data value so that text always stays text (no formula injection)."""
    if isinstance(value, str):
        value = excel_safe_text(value)
        cell.value = value
        cell.data_type = "s"  # openpyxl would make "=..." a formula
    else:
        cell.value = value


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def excel_safe_text(value: str) -> str:
    """Drop control characters XML cannot carry (openpyxl would raise on them)."""
    return _ILLEGAL_XML.sub("", value)


def set_formula(cell: Cell, formula: str) -> None:
    """Write a formula talentsheet itself built (e.g. a HYPERLINK); never data from a cell."""
    cell.value = formula


def replace_sheet(wb: Workbook, title: str, *, after: str | None = None) -> Worksheet:
    """Give talentsheet a fresh sheet named ``title``, in the same place as the old one."""
    index = None
    if title in wb.sheetnames:
        index = wb.sheetnames.index(title)
        del wb[title]
    elif after and after in wb.sheetnames:
        index = wb.sheetnames.index(after) + 1
    return wb.create_sheet(title, index)


def write_rows(ws: Worksheet, header: list[str], rows: Iterable[list[Any]], *, start_row: int = 1) -> int:
    """Write a header and rows as data (text stays text); returns the last row written."""
    r = start_row
    for c, h in enumerate(header, start=1):
        cell = ws.cell(r, c)
        set_value(cell, h)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=False)
    for row in rows:
        r += 1
        for c, value in enumerate(row, start=1):
            if value is not None and value == value:  # skip None and NaN
                set_value(ws.cell(r, c), value)
    return r


def finish_table_sheet(
    ws: Worksheet, header_row: int = 1, *, widths: dict[str, float] | None = None, max_width: float = 60
) -> None:
    """Frozen header, autofilter, and column widths that fit the content."""
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    if ws.max_row > header_row and ws.max_column:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ws.max_column)}{ws.max_row}"
    widths = widths or {}
    for c in range(1, ws.max_column + 1):
        letter = get_column_letter(c)
        if letter in widths:
            ws.column_dimensions[letter].width = widths[letter]
            continue
        longest = max(
            (
                len(str(v))
                for (v,) in ws.iter_rows(min_col=c, max_col=c, max_row=min(ws.max_row, 500), values_only=True)
                if v is not None
            ),
            default=8,
        )
        ws.column_dimensions[letter].width = min(max(10, longest + 2), max_width)
