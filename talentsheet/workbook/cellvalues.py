"""Reading a few cell values straight from sheet XML (the applier's own checks; commands read
their data with the reader)."""

from __future__ import annotations

import re
from typing import Any

from . import opc
from .comments import comment_text
from .package_io import Package

__all__ = ["SharedStrings", "cell_value"]

_SI_RE = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.S)
_V_RE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)
_IS_RE = re.compile(rb"<(?:\w+:)?is\b[^>]*?>(.*?)</(?:\w+:)?is>", re.S)
_T_ATTR = re.compile(rb'\st="([^"]*)"')


class SharedStrings:
    """The workbook's shared string table, read when first needed."""

    def __init__(self, pkg: Package, workbook_part: str) -> None:
        self.pkg = pkg
        targets = opc.rel_targets(pkg, workbook_part, opc.REL["sharedStrings"])
        self.part = targets[0][1] if targets else None
        self._items: list[str] | None = None

    def __getitem__(self, index: int) -> str:
        if self._items is None:
            xml = self.pkg.read(self.part) if self.part and self.pkg.has(self.part) else b""
            self._items = [comment_text(m.group(1) or b"") for m in _SI_RE.finditer(xml)]
        return self._items[index] if 0 <= index < len(self._items) else ""


def cell_value(cell: bytes, sst: SharedStrings) -> Any:
    """A cell's value as text or number (dates stay serial numbers; enough for checks)."""
    head = cell[: cell.index(b">")]
    t = _T_ATTR.search(head)
    kind = t.group(1) if t else b"n"
    if kind == b"inlineStr":
        m = _IS_RE.search(cell)
        return comment_text(m.group(1)) if m else None
    v = _V_RE.search(cell)
    raw = (v.group(1) or b"").decode("utf-8") if v else None
    if raw is None or raw == "":
        return None
    if kind == b"s":
        return sst[int(raw)]
    if kind in (b"str", b"e"):
        return opc.unescape_attr(raw)
    if kind == b"b":
        return raw == "1"
    number = float(raw)
    return int(number) if number.is_integer() else number
