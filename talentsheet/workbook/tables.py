"""Excel tables (ListObjects) and the sheet autofilter: grow them to take in new columns and
appended rows, so sorting in Excel never separates a person from their new cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from . import opc
from .changes import Area
from .package_io import Package
from .sheetxml import parse_ref

__all__ = ["TablePart", "area_of", "grow_area", "sheet_tables"]

_REF = re.compile(rb'(\sref=")([^"]*)(")')


def area_of(ref: str) -> Area:
    a, _, b = ref.partition(":")
    r1, c1 = parse_ref(a)
    r2, c2 = parse_ref(b or a)
    return Area(r1, c1, r2, c2)


def grow_area(area: Area, cells: list[tuple[int, int]], header_row: int) -> Area:
    """The area grown to take in new cells right of it (new columns from its header row) or
    right below it (appended rows), never across a gap."""
    last_row, last_col = area.last_row, area.last_col
    cols = sorted({c for r, c in cells if area.first_row <= r <= max(last_row, r) and r >= header_row})
    for c in cols:
        if c == last_col + 1:
            last_col = c
    rows = sorted({r for r, c in cells if area.first_col <= c <= last_col})
    for r in rows:
        if r == last_row + 1:
            last_row = r
    return Area(area.first_row, area.first_col, last_row, last_col)


@dataclass
class TablePart:
    part: str
    xml: bytes

    @property
    def area(self) -> Area:
        return area_of(self._attr("ref"))

    @property
    def name(self) -> str:
        return self._attr("displayName") or self._attr("name")

    @property
    def totals_rows(self) -> int:
        return int(self._attr("totalsRowCount") or 0)

    @property
    def header_rows(self) -> int:
        value = self._attr("headerRowCount")
        return 1 if value == "" else int(value)

    def _attr(self, name: str) -> str:
        m = re.search(rb"<(?:\w+:)?table\b[^>]*>", self.xml)
        return opc.attrs(m.group(0)).get(name, "") if m else ""

    def column_names(self) -> list[str]:
        return [opc.attrs(t).get("name", "") for t in re.findall(rb"<(?:\w+:)?tableColumn\b[^>]*>", self.xml)]

    def grow(self, new: Area, new_names: list[str]) -> None:
        """Set the table's range (and its autofilter's) and add columns named ``new_names``."""
        ref = new.ref.encode()
        m = re.search(rb"<(?:\w+:)?table\b[^>]*>", self.xml)
        head = _REF.sub(lambda x: x.group(1) + ref + x.group(3), m.group(0), count=1)
        xml = self.xml[: m.start()] + head + self.xml[m.end() :]
        data_end = new.last_row - self.totals_rows
        filter_ref = Area(new.first_row, new.first_col, data_end, new.last_col).ref.encode()
        xml = re.sub(
            rb"(<(?:\w+:)?autoFilter\b[^>]*?\sref=\")([^\"]*)(\")", lambda x: x.group(1) + filter_ref + x.group(3), xml, count=1
        )
        if new_names:
            prefix = re.search(rb"<((?:\w+:)?)tableColumns\b", xml).group(1)
            ids = [int(i) for i in re.findall(rb'<(?:\w+:)?tableColumn\b[^>]*?\sid="(\d+)"', xml)]
            next_id = max(ids, default=0) + 1
            tags = []
            for name in new_names:
                tags.append(
                    b"<" + prefix + b'tableColumn id="' + str(next_id).encode() + b'" name=' + quoteattr(name).encode() + b"/>"
                )
                next_id += 1
            xml = opc.insert_before_close(xml, b"tableColumns", b"".join(tags))
            xml = _with_column_count(xml, len(self.column_names()) + len(new_names))
        self.xml = xml

    def drop_last_column(self) -> None:
        """Give up the table's last column (one talentsheet added and emptied again)."""
        area = self.area
        smaller = Area(area.first_row, area.first_col, area.last_row, area.last_col - 1)
        columns = re.findall(rb"<(?:\w+:)?tableColumn\b[^>]*?(?:/>|>.*?</(?:\w+:)?tableColumn>)", self.xml, re.S)
        if not columns:
            return
        self.xml = _with_column_count(self.xml.replace(columns[-1], b"", 1), len(columns) - 1)
        self.grow(smaller, [])

    def unique_name(self, wanted: str) -> str:
        """A column name not yet in the table (Excel requires them unique, case-insensitively)."""
        taken = {n.casefold() for n in self.column_names()}
        name, n = wanted, 1
        while name.casefold() in taken:
            n += 1
            name = f"{wanted} {n}"
        return name


def sheet_tables(pkg: Package, sheet_part: str) -> list[TablePart]:
    return [TablePart(part, pkg.read(part)) for _, part in opc.rel_targets(pkg, sheet_part, opc.REL["table"]) if pkg.has(part)]


_COLUMN_COUNT_RE = re.compile(rb'(<(?:\w+:)?tableColumns\b[^>]*?\scount=")(\d+)(")')


def _with_column_count(xml: bytes, count: int) -> bytes:
    """The table part with its tableColumns count set (Excel checks it against the columns)."""
    return _COLUMN_COUNT_RE.sub(lambda x: x.group(1) + str(count).encode() + x.group(3), xml, count=1)
