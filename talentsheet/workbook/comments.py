"""Notes (legacy comments) on an existing sheet: read, add talentsheet's, remove talentsheet's.

A note lives in two parts: ``xl/commentsN.xml`` (its text) and a VML drawing (its box). Both
are edited as text: comments are appended or removed one element at a time and VML shapes
are added or removed one shape at a time, so the recruiter's notes, threaded comments (whose
placeholder notes share the comments part) and form controls (which share the VML) stay as
they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from . import opc
from .package_io import Package
from .sheetxml import col_letter, parse_ref, xml_text

__all__ = ["NoteBook", "comment_text"]

_COMMENT_RE = re.compile(rb"<((?:\w+:)?)comment\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?comment>)", re.S)
_T_RE = re.compile(rb"<(?:\w+:)?t\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?t>)", re.S)
_AUTHOR_RE = re.compile(rb"<(?:\w+:)?author\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?author>)", re.S)
_SHAPE_RE = re.compile(rb"<((?:\w+:)?)shape\b[^>]*>.*?</\1shape>", re.S)
_SHAPE_ID_RE = re.compile(rb'\sid="_x0000_s(\d+)"')
_IDMAP_RE = re.compile(rb'<(?:\w+:)?idmap\b[^>]*\sdata="([\d,\s]*)"')
_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
NOTE_WIDTH, NOTE_HEIGHT = 320, 120


def comment_text(body: bytes) -> str:
    """The plain text of a comment's ``<text>`` (runs joined, ``_xHHHH_`` decoded)."""
    parts = [opc.unescape_attr((m.group(1) or b"").decode("utf-8")) for m in _T_RE.finditer(body)]
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), "".join(parts))


@dataclass
class _Comment:
    ref: str
    author: str
    text: str
    element: bytes


class NoteBook:
    """The notes of one worksheet, and the changes talentsheet makes to them."""

    def __init__(self, pkg: Package, sheet_part: str, legacy_rid: str | None) -> None:
        self.pkg = pkg
        self.sheet_part = sheet_part
        rels = opc.read_rels(pkg, sheet_part)
        comments = [r for r in rels if r.type == opc.REL["comments"] and not r.external]
        self.part = opc.resolve(sheet_part, comments[0].target) if comments else None
        self.vml_part: str | None = None
        self.use_vml(legacy_rid)
        self.new_legacy_rid: str | None = None
        self.comments: dict[str, _Comment] = {}
        self.authors: list[str] = []
        if self.part and pkg.has(self.part):
            self._read(pkg.read(self.part))
        self.added: dict[str, tuple[str, str]] = {}
        self.removed: set[str] = set()

    def use_vml(self, legacy_rid: str | None) -> None:
        """The sheet's ``<legacyDrawing>`` relationship (known once its XML was read)."""
        self.legacy_rid = legacy_rid
        vml = [r for r in opc.read_rels(self.pkg, self.sheet_part) if r.id == legacy_rid] if legacy_rid else []
        self.vml_part = opc.resolve(self.sheet_part, vml[0].target) if vml else None

    def _read(self, xml: bytes) -> None:
        self.authors = [opc.unescape_attr((m.group(1) or b"").decode("utf-8")) for m in _AUTHOR_RE.finditer(xml)]
        for m in _COMMENT_RE.finditer(xml):
            a = opc.attrs(b"<x " + m.group(2) + b">")
            ref = a.get("ref", "")
            author_id = int(a.get("authorId", 0))
            author = self.authors[author_id] if author_id < len(self.authors) else ""
            self.comments[ref.upper()] = _Comment(ref, author, comment_text(m.group(3) or b""), m.group(0))

    def has(self, ref: str) -> bool:
        ref = ref.upper()
        return (ref in self.comments and ref not in self.removed) or ref in self.added

    def text(self, ref: str) -> str | None:
        c = self.comments.get(ref.upper())
        return c.text if c else None

    def add(self, ref: str, text: str, author: str) -> None:
        self.added[ref.upper()] = (text, author)

    def remove(self, ref: str) -> None:
        if ref.upper() in self.comments:
            self.removed.add(ref.upper())
        self.added.pop(ref.upper(), None)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    # --- writing ---------------------------------------------------------------------------

    def save(self) -> str | None:
        """Write the comments and VML parts; returns a relationship id when the sheet needs a
        new ``<legacyDrawing>`` element (it had no VML drawing)."""
        if not self.changed:
            return None
        self._save_comments()
        return self._save_vml()

    def _save_comments(self) -> None:
        if self.part is None:
            self.part = _free(self.pkg, "xl/comments{}.xml")
            xml = (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<authors></authors><commentList></commentList></comments>"
            )
            opc.add_override(self.pkg, self.part, opc.CT["comments"])
            opc.add_rel(self.pkg, self.sheet_part, opc.REL["comments"], self.part)
        else:
            xml = self.pkg.read(self.part)
        p = re.search(rb"<((?:\w+:)?)comments\b", xml).group(1)
        removed = {self.comments[r].element for r in self.removed}
        if removed:
            xml = _COMMENT_RE.sub(lambda m: b"" if m.group(0) in removed else m.group(0), xml)
        new_authors = []
        for _, author in self.added.values():
            if author not in self.authors:
                self.authors.append(author)
                new_authors.append(author)
        if new_authors:
            tags = b"".join(b"<" + p + b"author>" + escape(a).encode() + b"</" + p + b"author>" for a in new_authors)
            xml = opc.insert_before_close(xml, b"authors", tags)
        elements = []
        for ref, (text, author) in sorted(self.added.items(), key=lambda kv: _order(kv[0])):
            body = xml_text(text)
            elements.append(
                f'<{p.decode()}comment ref="{ref}" authorId="{self.authors.index(author)}">'
                f'<{p.decode()}text><{p.decode()}t xml:space="preserve">{body}</{p.decode()}t></{p.decode()}text>'
                f"</{p.decode()}comment>".encode()
            )
        if elements:
            xml = opc.insert_before_close(xml, b"commentList", b"".join(elements))
        self.pkg.write(self.part, xml)

    def _save_vml(self) -> str | None:
        new_rid = None
        if self.vml_part is None:
            self.vml_part = _free(self.pkg, "xl/drawings/vmlDrawing{}.vml")
            block = _free_block(self.pkg)
            xml = (
                '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                'xmlns:x="urn:schemas-microsoft-com:office:excel">'
                f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>'
                '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
                '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
                "</xml>"
            ).encode()
            opc.ensure_default(self.pkg, "vml", opc.CT["vml"])
            new_rid = opc.add_rel(self.pkg, self.sheet_part, opc.REL["vmlDrawing"], self.vml_part)
            self.new_legacy_rid = new_rid
        else:
            xml = self.pkg.read(self.vml_part)
        xml = self._drop_shapes(xml)
        v, o, x = _prefixes(xml)
        if b"_x0000_t202" not in xml:
            shapetype = (
                f'<{v}shapetype id="_x0000_t202" coordsize="21600,21600" {o}spt="202" path="m,l,21600r21600,l21600,xe">'
                f'<{v}stroke joinstyle="miter"/><{v}path gradientshapeok="t" {o}connecttype="rect"/></{v}shapetype>'
            ).encode()
            xml = _before_end(xml, shapetype)
        ids = [int(i) for i in _SHAPE_ID_RE.findall(xml)]
        idmap = _IDMAP_RE.search(xml)
        block = int(re.split(rb"[,\s]+", idmap.group(1).strip())[0] or 1) if idmap else 1
        next_id = max([block * 1024, *ids]) + 1
        shapes = []
        for ref in sorted(self.added, key=_order):
            row, col = parse_ref(ref)
            shapes.append(_shape(next_id, row - 1, col - 1, v, o, x))
            next_id += 1
        self.pkg.write(self.vml_part, _before_end(xml, b"".join(shapes)))
        return new_rid

    def _drop_shapes(self, xml: bytes) -> bytes:
        """Remove the boxes of removed notes (and of notes written again)."""
        gone = {parse_ref(r) for r in (self.removed | set(self.added))}
        if not gone:
            return xml

        def drop(m: re.Match) -> bytes:
            shape = m.group(0)
            if b'ObjectType="Note"' not in shape:
                return shape
            row = re.search(rb"<(?:\w+:)?Row>\s*(\d+)\s*<", shape)
            col = re.search(rb"<(?:\w+:)?Column>\s*(\d+)\s*<", shape)
            if row and col and (int(row.group(1)) + 1, int(col.group(1)) + 1) in gone:
                return b""
            return shape

        return _SHAPE_RE.sub(drop, xml)


def _order(ref: str) -> tuple[int, int]:
    return parse_ref(ref)


def _free(pkg: Package, pattern: str) -> str:
    taken = {n.lower() for n in pkg.names()}
    n = 1
    while pattern.format(n).lower() in taken:
        n += 1
    return pattern.format(n)


def _free_block(pkg: Package) -> int:
    """A VML shape-id block no other drawing in the workbook uses."""
    used = set()
    for name in pkg.names():
        if name.lower().endswith(".vml"):
            m = _IDMAP_RE.search(pkg.read(name))
            if m:
                used |= {int(b) for b in re.split(rb"[,\s]+", m.group(1).strip()) if b}
    n = 1
    while n in used:
        n += 1
    return n


def _prefixes(xml: bytes) -> tuple[str, str, str]:
    def find(ns: bytes, default: str) -> str:
        m = re.search(rb"xmlns:(\w+)=\"" + re.escape(ns) + rb'"', xml)
        return (m.group(1).decode() + ":") if m else default

    return (
        find(b"urn:schemas-microsoft-com:vml", "v:"),
        find(b"urn:schemas-microsoft-com:office:office", "o:"),
        find(b"urn:schemas-microsoft-com:office:excel", "x:"),
    )


def _before_end(xml: bytes, addition: bytes) -> bytes:
    at = xml.rfind(b"</xml>")
    if at < 0:
        return xml + addition
    return xml[:at] + addition + xml[at:]


def _shape(shape_id: int, row: int, col: int, v: str, o: str, x: str) -> bytes:
    style = (
        f"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:{NOTE_WIDTH}px;height:{NOTE_HEIGHT}px;"
        "z-index:1;visibility:hidden"
    )
    return (
        f'<{v}shape id="_x0000_s{shape_id}" type="#_x0000_t202" style={quoteattr(style)} fillcolor="#ffffe1" {o}insetmode="auto">'
        f'<{v}fill color2="#ffffe1"/><{v}shadow color="black" obscured="t"/><{v}path {o}connecttype="none"/>'
        f'<{v}textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></{v}textbox>'
        f'<{x}ClientData ObjectType="Note"><{x}MoveWithCells/><{x}SizeWithCells/><{x}AutoFill>False</{x}AutoFill>'
        f"<{x}Row>{row}</{x}Row><{x}Column>{col}</{x}Column></{x}ClientData></{v}shape>"
    ).encode()


def note_ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"
