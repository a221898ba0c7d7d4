"""The package's wiring: relationships and content types (Open Packaging Conventions).

Edits are small insertions and removals in the XML text, never a re-serialisation, so the
rest of each part stays exactly as its author wrote it (prefixes, ``mc:Ignorable`` lists,
extension elements we do not know).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .package_io import Package

__all__ = [
    "REL",
    "Rel",
    "add_override",
    "add_rel",
    "content_type",
    "ensure_default",
    "read_rels",
    "relative_target",
    "rels_name",
    "remove_override",
    "remove_rels",
    "resolve",
    "unescape_attr",
]

_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL = {
    "worksheet": _OFFICE + "worksheet",
    "styles": _OFFICE + "styles",
    "sharedStrings": _OFFICE + "sharedStrings",
    "comments": _OFFICE + "comments",
    "vmlDrawing": _OFFICE + "vmlDrawing",
    "drawing": _OFFICE + "drawing",
    "chart": _OFFICE + "chart",
    "hyperlink": _OFFICE + "hyperlink",
    "table": _OFFICE + "table",
    "officeDocument": _OFFICE + "officeDocument",
    "threadedComment": "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
}
CT = {
    "worksheet": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "comments": "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
    "vml": "application/vnd.openxmlformats-officedocument.vmlDrawing",
    "drawing": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "chart": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
    "sharedStrings": "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
}
CONTENT_TYPES = "[Content_Types].xml"
_REL_RE = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?/?>", re.S)
_ATTR_RE = re.compile(rb'([\w:]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


@dataclass(frozen=True)
class Rel:
    id: str
    type: str
    target: str
    external: bool


def attrs(tag: bytes) -> dict[str, str]:
    """The attributes of one start tag, unescaped (``&amp;`` -> ``&``)."""
    out = {}
    for k, v1, v2 in _ATTR_RE.findall(tag):
        out[k.decode()] = unescape_attr((v1 or v2).decode("utf-8"))
    return out


def unescape_attr(text: str) -> str:
    if "&" not in text:
        return text
    text = re.sub(r"&#x([0-9a-fA-F]+);", lambda m: chr(int(m.group(1), 16)), text)
    text = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def rels_name(part: str) -> str:
    """``xl/worksheets/sheet1.xml`` -> ``xl/worksheets/_rels/sheet1.xml.rels``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship target as a part name (targets are relative to the source's folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relative_target(source_part: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source_part) or ".")


def read_rels(pkg: Package, part: str) -> list[Rel]:
    name = rels_name(part)
    if not pkg.has(name):
        return []
    out = []
    for tag in _REL_RE.findall(pkg.read(name)):
        a = attrs(tag)
        out.append(Rel(a.get("Id", ""), a.get("Type", ""), a.get("Target", ""), a.get("TargetMode") == "External"))
    return out


def rel_targets(pkg: Package, part: str, rel_type: str) -> list[tuple[str, str]]:
    """(relationship id, target part) of the internal relationships of one type."""
    return [(r.id, resolve(part, r.target)) for r in read_rels(pkg, part) if r.type == rel_type and not r.external]


_EMPTY_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
)


def add_rel(pkg: Package, part: str, rel_type: str, target: str, *, external: bool = False) -> str:
    """Add a relationship from ``part``; returns its new id (unique in that rels part).
    ``target`` is a part name (made relative) or, when ``external``, a URL."""
    return add_rels(pkg, part, [(rel_type, target, external)])[0]


def add_rels(pkg: Package, part: str, items: list[tuple[str, str, bool]]) -> list[str]:
    """Add many relationships from ``part`` in one edit of its rels part (a sheet with
    thousands of web links); returns their new ids in order."""
    if not items:
        return []
    name = rels_name(part)
    xml = pkg.read(name) if pkg.has(name) else _EMPTY_RELS
    taken = {attrs(t).get("Id") for t in _REL_RE.findall(xml)}
    n = 0
    ids, tags = [], []
    for rel_type, target, external in items:
        n += 1
        while f"rId{n}" in taken:
            n += 1
        rid = f"rId{n}"
        ids.append(rid)
        ref = target if external else relative_target(part, target)
        mode = ' TargetMode="External"' if external else ""
        tags.append(f"<Relationship Id={quoteattr(rid)} Type={quoteattr(rel_type)} Target={quoteattr(ref)}{mode}/>")
    pkg.write(name, _insert_before_close(xml, b"Relationships", "".join(tags).encode()))
    return ids


def remove_rels(pkg: Package, part: str, ids: set[str]) -> None:
    name = rels_name(part)
    if not ids or not pkg.has(name):
        return
    xml = _REL_RE.sub(lambda m: b"" if attrs(m.group(0)).get("Id") in ids else m.group(0), pkg.read(name))
    pkg.write(name, xml)


def _insert_before_close(xml: bytes, element: bytes, addition: bytes) -> bytes:
    """Insert before ``</element>`` (any prefix); expands a self-closed ``<element/>``."""
    close = re.search(rb"</(?:\w+:)?" + element + rb"\s*>", xml)
    if close:
        return xml[: close.start()] + addition + xml[close.start() :]
    empty = re.search(rb"<((?:\w+:)?" + element + rb")\b([^>]*?)/>", xml)
    if empty is None:
        raise ValueError(f"no <{element.decode()}> element")
    tag = empty.group(1)
    return xml[: empty.start()] + b"<" + tag + empty.group(2) + b">" + addition + b"</" + tag + b">" + xml[empty.end() :]


# --- content types ------------------------------------------------------------------------

_OVERRIDE_RE = re.compile(rb"<(?:\w+:)?Override\b[^>]*?/>", re.S)
_DEFAULT_RE = re.compile(rb"<(?:\w+:)?Default\b[^>]*?/>", re.S)


def content_type(pkg: Package, part: str) -> str | None:
    xml = pkg.read(CONTENT_TYPES)
    for tag in _OVERRIDE_RE.findall(xml):
        a = attrs(tag)
        if a.get("PartName", "").lstrip("/").lower() == part.lower():
            return a.get("ContentType")
    ext = posixpath.splitext(part)[1].lstrip(".").lower()
    for tag in _DEFAULT_RE.findall(xml):
        a = attrs(tag)
        if a.get("Extension", "").lower() == ext:
            return a.get("ContentType")
    return None


def add_override(pkg: Package, part: str, ctype: str) -> None:
    remove_override(pkg, part)
    tag = f"<Override PartName={quoteattr('/' + part)} ContentType={quoteattr(ctype)}/>".encode()
    pkg.write(CONTENT_TYPES, _insert_before_close(pkg.read(CONTENT_TYPES), b"Types", tag))


def remove_override(pkg: Package, part: str) -> None:
    xml = pkg.read(CONTENT_TYPES)
    wanted = part.lower()

    def drop(m: re.Match) -> bytes:
        return b"" if attrs(m.group(0)).get("PartName", "").lstrip("/").lower() == wanted else m.group(0)

    new = _OVERRIDE_RE.sub(drop, xml)
    if new != xml:
        pkg.write(CONTENT_TYPES, new)


def ensure_default(pkg: Package, ext: str, ctype: str) -> None:
    xml = pkg.read(CONTENT_TYPES)
    if any(attrs(t).get("Extension", "").lower() == ext.lower() for t in _DEFAULT_RE.findall(xml)):
        return
    tag = f"<Default Extension={quoteattr(ext)} ContentType={quoteattr(ctype)}/>".encode()
    pkg.write(CONTENT_TYPES, _insert_before_close(xml, b"Types", tag))


def text(value: str) -> str:
    """XML text content, escaped."""
    return escape(value)


def insert_before_close(xml: bytes, element: bytes, addition: bytes) -> bytes:
    return _insert_before_close(xml, element, addition)
