"""What the values do not say about cells: formulas, rich text, in-cell pictures.

The reader gives values (a formula's cached result, a rich text's plain text); a command that
would write over such a cell must know, so it can leave the cell alone and say why. One pass
over the rows that hold the cells asked about; nothing else is parsed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .book import Book
from .cellvalues import SharedStrings
from .package_io import Package, iter_blocks
from .sheetxml import SheetXml, col_letter, iter_cells, iter_rows, parse_ref

__all__ = ["CellFacts", "cell_facts"]

_T_ATTR = re.compile(rb'\st="([^"]*)"')
_V_RE = re.compile(rb"<(?:\w+:)?v>(\d+)</(?:\w+:)?v>")
_F_RE = re.compile(rb"<(?:\w+:)?f\b")
_RUN_RE = re.compile(rb"<(?:\w+:)?r>")


@dataclass(frozen=True)
class CellFacts:
    formula: bool = False
    rich_text: bool = False
    picture: bool = False  # an in-cell picture or data type (rich value)

    @property
    def why_not(self) -> str | None:
        """Why a value must not be written over this cell, or None."""
        if self.formula:
            return "the cell holds a formula"
        if self.picture:
            return "the cell holds an in-cell picture or data type"
        if self.rich_text:
            return "the cell is rich text (mixed formatting) and would lose it"
        return None


class _RichIndex:
    """Which shared strings carry formatting runs (only those are looked for)."""

    def __init__(self, sst: SharedStrings, pkg: Package) -> None:
        self.rich: set[int] | None = None
        self.sst, self.pkg = sst, pkg

    def __contains__(self, index: int) -> bool:
        if self.rich is None:
            xml = self.pkg.read(self.sst.part) if self.sst.part and self.pkg.has(self.sst.part) else b""
            items = re.findall(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>.*?</(?:\w+:)?si>)", xml, re.S)
            self.rich = {i for i, si in enumerate(items) if _RUN_RE.search(si)}
        return index in self.rich


def cell_facts(path: str | Path, sheet: str, cells: set[tuple[int, int]]) -> dict[tuple[int, int], CellFacts]:
    """Facts about ``cells`` ((row, column), 1-based) of ``sheet``; cells without any are left out."""
    if not cells:
        return {}
    wanted: dict[int, set[int]] = defaultdict(set)
    for r, c in cells:
        wanted[r].add(c)
    out: dict[tuple[int, int], CellFacts] = {}
    with Package(path) as pkg:
        book = Book(pkg)
        part = book.sheet(sheet).part
        rich = _RichIndex(SharedStrings(pkg, book.part), pkg)
        xml = SheetXml.split(iter_blocks(pkg.open(part)))
        last = max(wanted)
        for number, row in iter_rows(xml):
            if number > last:
                break
            cols = wanted.get(number)
            if not cols:
                continue
            for col in cols:
                cell = _find_cell(row, f"{col_letter(col)}{number}".encode(), xml.prefix)
                if cell is None and b' r="' not in row:  # cells without addresses: walk them
                    cell = dict(iter_cells(row, xml.prefix)).get(col)
                if cell is not None:
                    facts = _facts(cell, rich)
                    if facts != CellFacts():
                        out[(number, col)] = facts
    return out


def _find_cell(row: bytes, ref: bytes, p: bytes) -> bytes | None:
    """The ``<c>`` element with address ``ref`` in a row's XML, or None."""
    at = row.find(b' r="' + ref + b'"')
    if at < 0:
        return None
    start = row.rfind(b"<" + p + b"c", 0, at)
    if start < 0 or b">" in row[start:at]:  # the text was not inside a cell's tag
        return None
    head_end = row.index(b">", at)
    if row[head_end - 1 : head_end] == b"/":
        return row[start : head_end + 1]
    close = b"</" + p + b"c>"
    return row[start : row.index(close, head_end) + len(close)]


def _facts(cell: bytes, rich: _RichIndex) -> CellFacts:
    head = cell[: cell.index(b">")]
    t = _T_ATTR.search(head)
    kind = t.group(1) if t else b"n"
    is_rich = False
    if kind == b"s":
        v = _V_RE.search(cell)
        is_rich = bool(v) and int(v.group(1)) in rich
    elif kind == b"inlineStr":
        is_rich = bool(_RUN_RE.search(cell))
    return CellFacts(formula=bool(_F_RE.search(cell)), rich_text=is_rich, picture=b" vm=" in head)


_DIM_RE = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([^"]*)"')


def used_width(path: str | Path, sheet: str, *, at_least: int = 0) -> int:
    """The last column of ``sheet`` that holds anything (its ``dimension``; when the sheet
    does not say, every cell right of column ``at_least`` is looked for). New columns go after
    it, never over an unnamed one."""
    with Package(path) as pkg:
        part = Book(pkg).sheet(sheet).part
        xml = SheetXml.split(iter_blocks(pkg.open(part)))
        m = _DIM_RE.search(xml.head)
        if m:
            last = m.group(1).decode().split(":")[-1]
            letters = re.match(r"\$?([A-Za-z]+)", last)
            if letters:
                return max(at_least, parse_ref(letters.group(1).upper() + "1")[1])
        widest = at_least
        for block in xml.blocks:
            while True:
                found = [parse_ref(c.decode() + "1")[1] for c in _beyond(widest, xml.prefix).findall(block)]
                if not found:
                    break
                widest = max(found)
        return widest


def _beyond(col: int, p: bytes) -> re.Pattern:
    """Cell addresses in columns right of ``col``: a scan that only stops where it matters."""
    letters = col_letter(col) if col else ""
    options = [f"[A-Z]{{{len(letters) + 1},3}}"] if len(letters) < 3 else []
    for i, ch in enumerate(letters):  # same length, bigger at position i
        if ch < "Z":
            head = re.escape(letters[:i])
            options.append(f"{head}[{chr(ord(ch) + 1)}-Z][A-Z]{{{len(letters) - i - 1}}}")
    if not letters:
        options = ["[A-Z]{1,3}"]
    pattern = "|".join(options) or "(?!)"
    return re.compile(rb"<" + re.escape(p) + rb'c\b[^>]*?\sr="(' + pattern.encode() + rb')\d+"')
