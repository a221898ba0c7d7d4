"""The workbook part (``xl/workbook.xml``): which sheets there are, in which order, under which
part, and the defined names — edited in place, never re-serialised.

Talentsheet marks every sheet it makes with a hidden, sheet-scoped defined name
``_talentsheet`` whose value says what kind of sheet it is (``"issues"``, ``"duplicates"``...).
Excel and LibreOffice keep sheet-scoped names through their own saves, renames and moves, and
a sheet the recruiter adds never has one, so "is this sheet ours?" has a sure answer.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..errors import WorkbookError
from . import opc
from .package_io import Package

__all__ = ["OWN_MARKER", "Book", "DefinedName", "SheetEntry"]

OWN_MARKER = "_talentsheet"
SHEET_TYPES = {
    opc.REL["worksheet"]: "worksheet",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet": "chartsheet",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet": "dialogsheet",
    "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet": "macrosheet",
}
STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?/>", re.S)
_NAME_RE = re.compile(rb"<((?:\w+:)?)definedName\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?definedName>)", re.S)


@dataclass(frozen=True)
class SheetEntry:
    name: str
    sheet_id: int
    rid: str
    part: str
    state: str  # visible, hidden, veryHidden
    kind: str  # worksheet, chartsheet, ...


@dataclass(frozen=True)
class DefinedName:
    name: str
    local: int | None  # sheet index (0-based) for a sheet-scoped name
    hidden: bool
    value: str  # the formula text, unescaped


def _decode_text(raw: bytes) -> str:
    return opc.unescape_attr(raw.decode("utf-8"))


class Book:
    """Sheets and names of a package's workbook part; every change is written back at once."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        root = [r for r in opc.read_rels(pkg, "") if r.type == opc.REL["officeDocument"]] if pkg.has("_rels/.rels") else []
        self.part = opc.resolve("", root[0].target) if root else "xl/workbook.xml"
        if not pkg.has(self.part):
            raise WorkbookError(f"{pkg.path.name} has no workbook part", "open and re-save it in Excel")
        xml = pkg.read(self.part)
        if STRICT_NS in xml[:2000]:
            raise WorkbookError(
                f"{pkg.path.name} is saved as 'Strict Open XML'",
                "save it in Excel as a normal 'Excel Workbook (*.xlsx)' and try again",
            )
        self.prefix = re.search(rb"<((?:\w+:)?)workbook\b", xml).group(1)
        rp = re.search(rb'xmlns:(\w+)="http://schemas.openxmlformats.org/officeDocument/2006/relationships"', xml)
        self.r = rp.group(1).decode() if rp else "r"
        self.xml = xml
        self._parse()

    # --- reading -----------------------------------------------------------------------

    def _parse(self) -> None:
        rels = {r.id: r for r in opc.read_rels(self.pkg, self.part)}
        self.sheets: list[SheetEntry] = []
        for tag in _SHEET_RE.findall(self._sheets_body()):
            a = opc.attrs(tag)
            rid = a.get(f"{self.r}:id", "")
            rel = rels.get(rid)
            part = opc.resolve(self.part, rel.target) if rel else ""
            kind = SHEET_TYPES.get(rel.type, "other") if rel else "other"
            self.sheets.append(
                SheetEntry(a.get("name", ""), int(a.get("sheetId", 0)), rid, part, a.get("state", "visible"), kind)
            )
        self.names: list[DefinedName] = []
        for m in _NAME_RE.finditer(self.xml):
            a = opc.attrs(b"<x " + m.group(2) + b">")
            local = int(a["localSheetId"]) if "localSheetId" in a else None
            self.names.append(
                DefinedName(a.get("name", ""), local, a.get("hidden") in ("1", "true"), _decode_text(m.group(3) or b""))
            )

    def _sheets_body(self) -> bytes:
        m = re.search(rb"<(?:\w+:)?sheets\b[^>]*>(.*?)</(?:\w+:)?sheets>", self.xml, re.S)
        return m.group(1) if m else b""

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str) -> SheetEntry:
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    def find(self, name: str) -> SheetEntry | None:
        """The sheet called ``name`` (Excel compares sheet names without case)."""
        folded = name.casefold()
        return next((s for s in self.sheets if s.name.casefold() == folded), None)

    def index(self, name: str) -> int:
        return self.sheet_names.index(name)

    def own_kind(self, name: str) -> str | None:
        """What talentsheet made the sheet for (its marker), or None for the recruiter's sheets."""
        marker = self.own_marker(name)
        return marker.split(";", 1)[0] if marker else None

    def own_marker(self, name: str) -> str | None:
        i = self.index(name)
        for n in self.names:
            if n.name == OWN_MARKER and n.local == i:
                return n.value.strip().strip('"')
        return None

    # --- changing ----------------------------------------------------------------------

    def _commit(self, xml: bytes) -> None:
        self.xml = xml
        self.pkg.write(self.part, xml)
        self._parse()

    def new_sheet_part(self) -> str:
        n = 1
        taken = {p.lower() for p in self.pkg.names()}
        while f"xl/worksheets/sheet{n}.xml" in taken:
            n += 1
        return f"xl/worksheets/sheet{n}.xml"

    def add_sheet(self, name: str, part: str, *, position: int, state: str = "visible") -> SheetEntry:
        """Register a new worksheet part under ``name`` at ``position`` (0-based)."""
        if self.find(name):
            raise WorkbookError(f"the workbook already has a sheet called {name!r}", "rename it and try again")
        rid = opc.add_rel(self.pkg, self.part, opc.REL["worksheet"], part)
        opc.add_override(self.pkg, part, opc.CT["worksheet"])
        sheet_id = max((s.sheet_id for s in self.sheets), default=0) + 1
        p = self.prefix.decode()
        st = f' state="{state}"' if state != "visible" else ""
        tag = f'<{p}sheet name={quoteattr(name)} sheetId="{sheet_id}"{st} {self.r}:id={quoteattr(rid)}/>'.encode()
        position = max(0, min(position, len(self.sheets)))
        xml = self._shift_indices(self.xml, position, +1)
        tags = list(_SHEET_RE.finditer(xml))
        if position < len(tags):
            at = tags[position].start()
        else:
            close = re.search(rb"</(?:\w+:)?sheets>", xml)
            if close is None:
                raise WorkbookError("the workbook part has no sheet list", "open and re-save it in Excel")
            at = close.start()
        self._commit(xml[:at] + tag + xml[at:])
        return self.sheet(name)

    def remove_sheet(self, name: str) -> None:
        """Drop a sheet from the workbook (its part and relationships are removed by the caller)."""
        entry = self.sheet(name)
        i = self.index(name)
        xml = _SHEET_RE.sub(lambda m: b"" if opc.attrs(m.group(0)).get("name") == name else m.group(0), self.xml, count=0)
        xml = self._drop_local_names(xml, i)
        xml = self._shift_indices(xml, i + 1, -1)
        opc.remove_rels(self.pkg, self.part, {entry.rid})
        opc.remove_override(self.pkg, entry.part)
        self._commit(xml)
        self._repair_active_tab()

    def set_state(self, name: str, state: str) -> None:
        def edit(m: re.Match) -> bytes:
            tag = m.group(0)
            if opc.attrs(tag).get("name") != name:
                return tag
            tag = re.sub(rb'\sstate="[^"]*"', b"", tag)
            return tag if state == "visible" else tag.replace(b" sheetId=", f' state="{state}" sheetId='.encode(), 1)

        self._commit(_SHEET_RE.sub(edit, self.xml))

    def set_name(self, name: str, value: str, *, local: int | None = None, hidden: bool = True) -> None:
        """Add or replace a defined name (the value is a formula, e.g. ``"issues"``)."""
        self._commit(self._without_name(self.xml, name, local))
        p = self.prefix.decode()
        scope = f' localSheetId="{local}"' if local is not None else ""
        flag = ' hidden="1"' if hidden else ""
        tag = f"<{p}definedName name={quoteattr(name)}{scope}{flag}>{escape(value)}</{p}definedName>".encode()
        xml = self.xml
        if re.search(rb"<(?:\w+:)?definedNames\b", xml):
            xml = opc.insert_before_close(xml, b"definedNames", tag)
        else:
            block = b"<" + self.prefix + b"definedNames>" + tag + b"</" + self.prefix + b"definedNames>"
            xml = _insert_after_sheets(xml, block)
        self._commit(xml)

    def remove_name(self, name: str, local: int | None = None) -> None:
        new = self._without_name(self.xml, name, local)
        if new != self.xml:
            self._commit(new)

    def set_active(self, index: int) -> None:
        """Make sheet ``index`` the active tab."""
        m = re.search(rb"<(?:\w+:)?workbookView\b[^>]*>", self.xml)
        if m is None:
            return
        tag = re.sub(rb'\sactiveTab="\d+"', b"", m.group(0))
        end = -2 if tag.endswith(b"/>") else -1
        tag = tag[:end] + f' activeTab="{index}"'.encode() + tag[end:]
        self._commit(self.xml[: m.start()] + tag + self.xml[m.end() :])

    def mark_own(self, sheet: str, marker: str) -> None:
        self.set_name(OWN_MARKER, f'"{marker}"', local=self.index(sheet), hidden=True)

    def replace_name_values(self, edit: callable) -> None:
        """Rewrite every defined name's formula through ``edit(name, local, text) -> text``."""

        def fix(m: re.Match) -> bytes:
            a = opc.attrs(b"<x " + m.group(2) + b">")
            local = int(a["localSheetId"]) if "localSheetId" in a else None
            old = _decode_text(m.group(3) or b"")
            new = edit(a.get("name", ""), local, old)
            if new == old:
                return m.group(0)
            p = m.group(1)
            return b"<" + p + b"definedName" + m.group(2) + b">" + escape(new).encode() + b"</" + p + b"definedName>"

        new = _NAME_RE.sub(fix, self.xml)
        if new != self.xml:
            self._commit(new)

    def full_calc_on_load(self) -> None:
        """Ask Excel to recalculate on open (formulas moved, cached values may be stale)."""
        xml = self.xml
        m = re.search(rb"<(?:\w+:)?calcPr\b[^>]*?/?>", xml)
        if m is None:
            tag = b"<" + self.prefix + b'calcPr fullCalcOnLoad="1"/>'
            close = re.search(rb"</(?:\w+:)?definedNames>", xml)
            at = close.end() if close else re.search(rb"</(?:\w+:)?sheets>", xml).end()
            self._commit(xml[:at] + tag + xml[at:])
            return
        tag = m.group(0)
        if b"fullCalcOnLoad" in tag:
            new = re.sub(rb'fullCalcOnLoad="[^"]*"', b'fullCalcOnLoad="1"', tag)
        else:
            end = -2 if tag.endswith(b"/>") else -1
            new = tag[:end] + b' fullCalcOnLoad="1"' + tag[end:]
        self._commit(xml[: m.start()] + new + xml[m.end() :])

    # --- sheet index bookkeeping -------------------------------------------------------

    def _without_name(self, xml: bytes, name: str, local: int | None) -> bytes:
        def drop(m: re.Match) -> bytes:
            a = opc.attrs(b"<x " + m.group(2) + b">")
            here = int(a["localSheetId"]) if "localSheetId" in a else None
            return b"" if a.get("name") == name and here == local else m.group(0)

        return _NAME_RE.sub(drop, xml)

    def _drop_local_names(self, xml: bytes, index: int) -> bytes:
        def drop(m: re.Match) -> bytes:
            a = opc.attrs(b"<x " + m.group(2) + b">")
            return b"" if a.get("localSheetId") == str(index) else m.group(0)

        return _NAME_RE.sub(drop, xml)

    def _shift_indices(self, xml: bytes, start: int, delta: int) -> bytes:
        """Sheet positions at or after ``start`` move by ``delta``: names' localSheetId and the
        window's activeTab/firstSheet (they count sheets by position)."""

        def shift_attr(text: bytes, attr: bytes) -> bytes:
            def fix(m: re.Match) -> bytes:
                n = int(m.group(2))
                return m.group(1) + str(n + delta if n >= start else n).encode() + b'"'

            return re.sub(rb"(\b" + attr + rb'=")(\d+)"', fix, text)

        def names(m: re.Match) -> bytes:
            return shift_attr(m.group(0), b"localSheetId")

        xml = re.sub(rb"<(?:\w+:)?definedName\b[^>]*>", names, xml)
        return re.sub(
            rb"<(?:\w+:)?workbookView\b[^>]*>",
            lambda m: shift_attr(shift_attr(m.group(0), b"activeTab"), b"firstSheet"),
            xml,
        )

    def _repair_active_tab(self) -> None:
        """The active tab must be a visible sheet that exists."""
        m = re.search(rb"<(?:\w+:)?workbookView\b[^>]*>", self.xml)
        if m is None:
            return
        tag = m.group(0)
        active = re.search(rb'activeTab="(\d+)"', tag)
        current = int(active.group(1)) if active else 0
        if current < len(self.sheets) and self.sheets[current].state == "visible":
            return
        visible = next((i for i, s in enumerate(self.sheets) if s.state == "visible"), 0)
        new = tag.replace(active.group(0), f'activeTab="{visible}"'.encode()) if active else tag
        new = re.sub(rb'firstSheet="(\d+)"', lambda f: b'firstSheet="' + str(min(int(f.group(1)), visible)).encode() + b'"', new)
        self._commit(self.xml[: m.start()] + new + self.xml[m.end() :])


def _insert_after_sheets(xml: bytes, block: bytes) -> bytes:
    """``definedNames`` comes after sheets, functionGroups and externalReferences."""
    at = re.search(rb"</(?:\w+:)?sheets>", xml).end()
    for later in (rb"</(?:\w+:)?functionGroups>", rb"<(?:\w+:)?functionGroups\b[^>]*/>", rb"</(?:\w+:)?externalReferences>"):
        m = re.search(later, xml)
        if m:
            at = max(at, m.end())
    return xml[:at] + block + xml[at:]


def part_folder(part: str) -> str:
    return posixpath.dirname(part)
