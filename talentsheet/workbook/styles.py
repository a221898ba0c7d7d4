"""The workbook's own style pool, extended, never renumbered.

Cells point at cell formats (``cellXfs``) by index, so an existing index must never change.
:class:`StylePool` reads ``xl/styles.xml``, answers questions about a format (its fill, its
number format) and derives new formats from existing ones ("this cell's format, plus a yellow
fill") by appending fonts, fills, number formats and cell formats at the end of their lists.
A derived format that already exists is reused, so re-runs do not grow the pool, and clearing
talentsheet's fill from a cell gives back the recruiter's original format.

Only the appended elements and the lists' ``count`` attributes change in the XML; the rest of
the part stays as Excel (or LibreOffice, or openpyxl) wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from .opc import attrs

__all__ = ["DEFAULT_STYLES", "FontChange", "StylePool"]

SECTIONS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs")
_AFTER = {  # where a missing section goes: before the first of these that exists
    "numFmts": ("fonts",),
    "dxfs": ("tableStyles", "colors", "extLst"),
}
_CHILD = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border", "cellStyleXfs": "xf", "cellXfs": "xf"}
_CHILD.update({"cellStyles": "cellStyle", "dxfs": "dxf"})

# Excel's built-in number formats that talentsheet may ask for by code
BUILTIN_FORMATS = {
    "General": 0,
    "0": 1,
    "0.00": 2,
    "#,##0": 3,
    "#,##0.00": 4,
    "0%": 9,
    "0.00%": 10,
    "mm-dd-yy": 14,
    "d-mmm-yy": 15,
    "d-mmm": 16,
    "mmm-yy": 17,
    "h:mm AM/PM": 18,
    "h:mm:ss AM/PM": 19,
    "h:mm": 20,
    "h:mm:ss": 21,
    "m/d/yy h:mm": 22,
    "@": 49,
}
_BUILTIN_CODES = {v: k for k, v in BUILTIN_FORMATS.items()}
_DATE_BUILTINS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))

DEFAULT_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    b"</styleSheet>"
)


@dataclass(frozen=True)
class FontChange:
    """What to change in a format's font (None: leave as it is)."""

    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    color: str | None = None  # RRGGBB
    size: float | None = None


@dataclass
class _Section:
    items: list[bytes]  # the existing children, as written
    added: list[bytes]


def _split(body: bytes, child: str, prefix: bytes) -> list[bytes]:
    """The direct children named ``child`` of a section body (they never nest)."""
    tag = re.escape(prefix + child.encode())
    return re.findall(rb"<" + tag + rb"\b(?:[^>]*?/>|.*?</" + tag + rb">)", body, re.S)


def _truthy(value: str | None) -> bool:
    return value in ("1", "true", "True")


class StylePool:
    """Read and extend ``xl/styles.xml``; :meth:`to_bytes` gives the part back."""

    def __init__(self, xml: bytes | None) -> None:
        self.xml = xml or DEFAULT_STYLES
        root = re.search(rb"<((?:\w+:)?)styleSheet\b", self.xml)
        self.prefix = root.group(1) if root else b""
        self.sections: dict[str, _Section] = {}
        for name in SECTIONS:
            body = self._body(name)
            self.sections[name] = _Section(_split(body, _CHILD[name], self.prefix) if body else [], [])
        self._num_fmts = {int(a["numFmtId"]): a.get("formatCode", "") for a in map(attrs, self.sections["numFmts"].items)}
        self._memo: dict[tuple, int] = {}
        self._index: dict[str, dict[bytes, int]] = {}
        self._xf_cache: dict[int, dict[str, str]] = {}
        self._answers: dict[tuple[str, int], object] = {}

    # --- reading -----------------------------------------------------------------------

    def _body(self, name: str) -> bytes | None:
        p = re.escape(self.prefix + name.encode())
        m = re.search(rb"<" + p + rb"\b[^>]*?(?:/>|>(.*?)</" + p + rb">)", self.xml, re.S)
        if m is None:
            return None
        return m.group(1) or b""

    def _all(self, name: str) -> list[bytes]:
        s = self.sections[name]
        return s.items + s.added

    @property
    def xf_count(self) -> int:
        return len(self._all("cellXfs"))

    def xf(self, index: int) -> dict[str, str]:
        """A cell format's attributes (read once per format: cells repeat them)."""
        found = self._xf_cache.get(index)
        if found is None:
            xfs = self._all("cellXfs")
            found = attrs(_start_tag(xfs[index])) if 0 <= index < len(xfs) else {}
            self._xf_cache[index] = found
        return found

    def _fill(self, index: int) -> dict[str, str]:
        fills = self._all("fills")
        if not 0 <= index < len(fills):
            return {}
        fill = fills[index]
        pattern = re.search(rb"<(?:\w+:)?patternFill\b[^>]*", fill)
        out = attrs(pattern.group(0)) if pattern else {}
        fg = re.search(rb"<(?:\w+:)?fgColor\b[^>]*", fill)
        if fg:
            out["fg"] = attrs(fg.group(0)).get("rgb", "other")
        if b"gradientFill" in fill:
            out["patternType"] = "gradient"
        return out

    def has_fill(self, xf_index: int) -> bool:
        """Does the format paint the cell (any fill but none)?"""
        key = ("has", xf_index)
        if key not in self._answers:
            fill = self._fill(int(self.xf(xf_index).get("fillId", 0)))
            self._answers[key] = fill.get("patternType", "none") not in ("none", "")
        return self._answers[key]

    def solid_rgb(self, xf_index: int) -> str | None:
        """The format's solid fill colour as RRGGBB (upper case), or None."""
        key = ("rgb", xf_index)
        if key not in self._answers:
            fill = self._fill(int(self.xf(xf_index).get("fillId", 0)))
            rgb = fill.get("fg", "")
            solid = fill.get("patternType") == "solid" and len(rgb) >= 6 and re.fullmatch(r"[0-9A-Fa-f]+", rgb)
            self._answers[key] = rgb[-6:].upper() if solid else None
        return self._answers[key]

    def number_format(self, xf_index: int) -> str:
        fid = int(self.xf(xf_index).get("numFmtId", 0))
        return self._num_fmts.get(fid) or _BUILTIN_CODES.get(fid, "General")

    def is_date_format(self, xf_index: int) -> bool:
        fid = int(self.xf(xf_index).get("numFmtId", 0))
        if fid in _DATE_BUILTINS:
            return True
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", self._num_fmts.get(fid, "")).lower()
        return bool(re.search(r"[dmyhs]", code)) and "general" not in code

    # --- deriving ------------------------------------------------------------------------

    def derive(
        self,
        base: int,
        *,
        fill: str | None = None,
        clear_fill: bool = False,
        font: FontChange | None = None,
        number_format: str | None = None,
        wrap: bool | None = None,
        vertical: str | None = None,
    ) -> int:
        """The index of a cell format equal to ``base`` with the changes (appended if new)."""
        key = (base, fill, clear_fill, font, number_format, wrap, vertical)
        if key in self._memo:
            return self._memo[key]
        xfs = self._all("cellXfs")
        element = xfs[base] if 0 <= base < len(xfs) else xfs[0]
        a = attrs(_start_tag(element))
        a.setdefault("numFmtId", "0")
        a.setdefault("fontId", "0")
        a.setdefault("fillId", "0")
        a.setdefault("borderId", "0")
        if fill is not None:
            a["fillId"], a["applyFill"] = str(self._solid_fill(fill)), "1"
        elif clear_fill:
            a["fillId"] = "0"
            a.pop("applyFill", None)
        if font is not None:
            a["fontId"], a["applyFont"] = str(self._font(int(a["fontId"]), font)), "1"
        if number_format is not None:
            a["numFmtId"], a["applyNumberFormat"] = str(self._num_fmt(number_format)), "1"
        children = _children(element)
        if wrap is not None or vertical is not None:
            children = _with_alignment(children, wrap, vertical, self.prefix)
            a["applyAlignment"] = "1"
        wanted = _normal(a, children)
        found = self._find_xf(wanted, drop_apply_fill=clear_fill)
        if found is None:
            found = self._append("cellXfs", _element(self.prefix, "xf", a, children))
        self._memo[key] = found
        return found

    def _find_xf(self, wanted: tuple, *, drop_apply_fill: bool) -> int | None:
        for i, el in enumerate(self._all("cellXfs")):
            a = attrs(_start_tag(el))
            for k in ("numFmtId", "fontId", "fillId", "borderId"):
                a.setdefault(k, "0")
            if drop_apply_fill:
                a.pop("applyFill", None)
            if _normal(a, _children(el)) == wanted:
                return i
        return None

    def _append(self, section: str, element: bytes) -> int:
        s = self.sections[section]
        s.added.append(element)
        self._index.get(section, {}).setdefault(element, len(s.items) + len(s.added) - 1)
        return len(s.items) + len(s.added) - 1

    def _find_or_append(self, section: str, element: bytes) -> int:
        if section not in self._index:
            index: dict[bytes, int] = {}
            for i, el in enumerate(self._all(section)):
                index.setdefault(_canonical(el), i)
            self._index[section] = index
        key = _canonical(element)
        if key in self._index[section]:
            return self._index[section][key]
        s = self.sections[section]
        s.added.append(element)
        i = len(s.items) + len(s.added) - 1
        self._index[section][key] = i
        return i

    def _solid_fill(self, rgb: str) -> int:
        p = self.prefix.decode()
        color = "FF" + rgb[-6:].upper()
        element = (
            f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{color}"/><{p}bgColor rgb="{color}"/>'
            f"</{p}patternFill></{p}fill>"
        ).encode()
        return self._find_or_append("fills", element)

    def _font(self, base: int, change: FontChange) -> int:
        fonts = self._all("fonts")
        element = fonts[base] if 0 <= base < len(fonts) else fonts[0]
        body = re.sub(rb"^<[^>]*?(?:/>|>)|</[^>]*>$", b"", element.strip())
        p = self.prefix
        parts = re.findall(rb"<(?:\w+:)?\w+\b[^>]*?(?:/>|>.*?</[^>]*>)", body, re.S)

        def named(el: bytes) -> str:
            return re.match(rb"<(?:\w+:)?(\w+)", el).group(1).decode()

        keep = [el for el in parts if not (named(el) in ("b", "i", "u") and _flag_set(change, named(el)) is not None)]
        if change.color is not None:
            keep = [el for el in keep if named(el) != "color"]
            keep.append(b"<" + p + b'color rgb="FF' + change.color[-6:].upper().encode() + b'"/>')
        if change.size is not None:
            keep = [el for el in keep if named(el) != "sz"]
            keep.insert(0, b"<" + p + b'sz val="' + _num(change.size).encode() + b'"/>')
        flags = [b"<" + p + t.encode() + b"/>" for t in ("b", "i", "u") if _flag_set(change, t)]
        return self._find_or_append("fonts", b"<" + p + b"font>" + b"".join(flags + keep) + b"</" + p + b"font>")

    def _num_fmt(self, code: str) -> int:
        for fid, existing in self._num_fmts.items():
            if existing == code:
                return fid
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        fid = max([163, *self._num_fmts]) + 1
        self._num_fmts[fid] = code
        p = self.prefix.decode()
        self._append("numFmts", f'<{p}numFmt numFmtId="{fid}" formatCode={quoteattr(code)}/>'.encode())
        return fid

    # --- writing back --------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        return any(s.added for s in self.sections.values())

    def to_bytes(self) -> bytes:
        xml = self.xml
        for name, s in self.sections.items():
            if s.added:
                xml = self._extend(xml, name, s)
        return xml

    def _extend(self, xml: bytes, name: str, s: _Section) -> bytes:
        p = self.prefix
        tag = re.escape(p + name.encode())
        count = len(s.items) + len(s.added)
        added = b"".join(s.added)
        m = re.search(rb"<" + tag + rb"\b([^>]*?)(/?)>", xml)
        if m is None:
            element = (
                b"<" + p + name.encode() + b' count="' + str(count).encode() + b'">' + added + b"</" + p + name.encode() + b">"
            )
            return _insert_section(xml, name, element, p)
        start_attrs = _set_count(m.group(1), count)
        if m.group(2):  # <numFmts count="0"/>
            new = b"<" + p + name.encode() + start_attrs + b">" + added + b"</" + p + name.encode() + b">"
            return xml[: m.start()] + new + xml[m.end() :]
        close = xml.index(b"</" + p + name.encode(), m.end())
        return xml[: m.start()] + b"<" + p + name.encode() + start_attrs + b">" + xml[m.end() : close] + added + xml[close:]


def _flag_set(change: FontChange, tag: str) -> bool | None:
    return {"b": change.bold, "i": change.italic, "u": change.underline}[tag]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _start_tag(element: bytes) -> bytes:
    return element[: element.index(b">") + 1]


def _children(element: bytes) -> bytes:
    head = _start_tag(element)
    if head.endswith(b"/>"):
        return b""
    return element[len(head) : element.rindex(b"</")]


def _normal(a: dict[str, str], children: bytes) -> tuple:
    """A format compared by meaning: flags as booleans, children as written."""
    norm = {}
    for k, v in a.items():
        norm[k] = ("1" if _truthy(v) else "0") if k.startswith("apply") or k in ("quotePrefix", "pivotButton") else v
    for k in ("quotePrefix", "pivotButton"):
        if norm.get(k) == "0":
            del norm[k]
    return tuple(sorted(norm.items())), re.sub(rb"\s+", b" ", children.strip())


def _canonical(element: bytes) -> bytes:
    return re.sub(rb"\s*/>", b"/>", re.sub(rb"\s+", b" ", element.strip()))


def _element(prefix: bytes, name: str, a: dict[str, str], children: bytes) -> bytes:
    order = ["numFmtId", "fontId", "fillId", "borderId", "xfId"]
    keys = [k for k in order if k in a] + sorted(k for k in a if k not in order)
    head = b"<" + prefix + name.encode() + b"".join(f" {k}={quoteattr(a[k])}".encode() for k in keys)
    if not children:
        return head + b"/>"
    return head + b">" + children + b"</" + prefix + name.encode() + b">"


def _with_alignment(children: bytes, wrap: bool | None, vertical: str | None, prefix: bytes) -> bytes:
    m = re.search(rb"<(?:\w+:)?alignment\b[^>]*?/>", children)
    a = attrs(m.group(0)) if m else {}
    if wrap is not None:
        a["wrapText"] = "1" if wrap else "0"
    if vertical is not None:
        a["vertical"] = vertical
    element = b"<" + prefix + b"alignment" + b"".join(f" {k}={quoteattr(v)}".encode() for k, v in sorted(a.items())) + b"/>"
    if m:
        return children[: m.start()] + element + children[m.end() :]
    return element + children  # alignment comes first in an xf


def _set_count(start_attrs: bytes, count: int) -> bytes:
    if re.search(rb"\bcount\s*=", start_attrs):
        return re.sub(rb'\bcount\s*=\s*"[^"]*"', b'count="' + str(count).encode() + b'"', start_attrs)
    return start_attrs + b' count="' + str(count).encode() + b'"'


def _insert_section(xml: bytes, name: str, element: bytes, prefix: bytes) -> bytes:
    for later in _AFTER.get(name, ()):
        m = re.search(rb"<" + re.escape(prefix + later.encode()) + rb"\b", xml)
        if m:
            return xml[: m.start()] + element + xml[m.start() :]
    close = xml.rindex(b"</" + prefix + b"styleSheet")
    return xml[:close] + element + xml[close:]
