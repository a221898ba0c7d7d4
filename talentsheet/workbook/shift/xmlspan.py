"""Just enough XML to edit package parts in place: element spans, attribute-value spans and
text spans over the raw bytes, and a list of byte edits applied at the end.

Why not a DOM: a part we change must stay byte-identical everywhere we do not change it
(namespace prefixes, quoting, whitespace, the order of attributes), and a worksheet's
sheetData can be hundreds of megabytes that we must skip, not parse. Elements named in
``opaque`` are recorded with their span but not read inside (sheetData).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import WorkbookError

_START = re.compile(rb"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ATTR = re.compile(rb"([^\s=/>]+)\s*=\s*(\"([^\"]*)\"|'([^']*)')")
_END = re.compile(rb"</([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)\s*>")
_SKIP = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>", b"<!DOCTYPE": b">"}
_ENTITY = re.compile(rb"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {b"amp": "&", b"lt": "<", b"gt": ">", b"quot": '"', b"apos": "'"}


class PartError(WorkbookError):
    """A package part is not the XML it should be (the workbook is damaged)."""


@dataclass
class Attr:
    qname: bytes
    start: int  # the value's first byte (inside the quotes)
    end: int
    raw: bytes
    quote: bytes

    @property
    def value(self) -> str:
        return unescape(self.raw)


@dataclass
class Node:
    qname: bytes
    start: int  # '<' of the start tag
    open_end: int  # just after the start tag's '>'
    close_start: int  # '<' of the end tag (== open_end for an empty element)
    end: int  # just after the end tag
    attrs: dict[str, Attr] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None

    @property
    def name(self) -> str:
        """Local name, without the namespace prefix."""
        return self.qname.rpartition(b":")[2].decode()

    @property
    def prefix(self) -> bytes:
        head, colon, _ = self.qname.rpartition(b":")
        return head + colon

    def get(self, attr: str) -> str | None:
        a = self.attrs.get(attr)
        return None if a is None else a.value

    def iter(self, name: str | None = None):
        """This element and every element inside it (document order), by local name."""
        if name is None or self.name == name:
            yield self
        for child in self.children:
            yield from child.iter(name)

    def find(self, name: str) -> Node | None:
        return next((c for c in self.children if c.name == name), None)

    def findall(self, name: str) -> list[Node]:
        return [c for c in self.children if c.name == name]


def unescape(raw: bytes) -> str:
    def one(m: re.Match[bytes]) -> str:
        ent = m[1]
        if ent.startswith(b"#x"):
            return chr(int(ent[2:], 16))
        if ent.startswith(b"#"):
            return chr(int(ent[1:]))
        return _NAMED[ent]

    return _ENTITY.sub(lambda m: one(m).encode(), raw).decode("utf-8") if b"&" in raw else raw.decode("utf-8")


def escape_text(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def escape_attr(text: str, quote: bytes = b'"') -> bytes:
    out = escape_text(text)
    return out.replace(b'"', b"&quot;") if quote == b'"' else out.replace(b"'", b"&apos;")


def parse(data: bytes, opaque: frozenset[str] = frozenset(), where: str = "a part") -> Node:
    """Read ``data`` into a tree of element spans (a pseudo-root holds the document element)."""
    root = Node(b"", 0, 0, len(data), len(data))
    stack = [root]
    pos = data.find(b"<")
    while pos != -1:
        skipped = _skip_special(data, pos)
        if skipped is not None:
            pos = data.find(b"<", skipped)
            continue
        m = _START.match(data, pos)
        if m:
            node = Node(m[1], pos, m.end(), m.end(), m.end(), _attrs(m), parent=stack[-1])
            stack[-1].children.append(node)
            if not m[3]:
                if node.name in opaque:
                    close = data.find(b"</" + m[1], m.end())
                    end = data.find(b">", close) if close != -1 else -1
                    if end == -1:
                        raise PartError(
                            f"{where}: <{node.name}> is not closed", "the workbook may be damaged; open and save it in Excel"
                        )
                    node.close_start, node.end = close, end + 1
                    pos = data.find(b"<", node.end)
                    continue
                stack.append(node)
            pos = data.find(b"<", m.end())
            continue
        m = _END.match(data, pos)
        if not m or len(stack) == 1 or stack[-1].qname != m[1]:
            raise PartError(
                f"{where} is not well-formed XML near byte {pos}", "the workbook may be damaged; open and save it in Excel"
            )
        node = stack.pop()
        node.close_start, node.end = pos, m.end()
        pos = data.find(b"<", m.end())
    if len(stack) != 1:
        raise PartError(f"{where} ends inside <{stack[-1].name}>", "the workbook may be damaged; open and save it in Excel")
    return root


def _skip_special(data: bytes, pos: int) -> int | None:
    for opener, closer in _SKIP.items():
        if data.startswith(opener, pos):
            end = data.find(closer, pos + len(opener))
            if end == -1:
                raise PartError(f"unterminated {opener.decode()} in a part", "the workbook may be damaged")
            return end + len(closer)
    return None


def _attrs(m: re.Match[bytes]) -> dict[str, Attr]:
    out: dict[str, Attr] = {}
    base = m.start(2)
    for a in _ATTR.finditer(m[2]):
        qname = a[1]
        group = 3 if a[3] is not None else 4
        local = qname.rpartition(b":")[2].decode()
        out.setdefault(local, Attr(qname, base + a.start(group), base + a.end(group), a[group], a[2][:1]))
    return out


def text_of(data: bytes, node: Node) -> str:
    return unescape(data[node.open_end : node.close_start])


class Edits:
    """Byte-range replacements on one part, applied together (they must not overlap)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._edits: list[tuple[int, int, bytes]] = []
        self._removed: set[int] = set()

    def replace(self, start: int, end: int, new: bytes) -> None:
        if self.data[start:end] != new:
            self._edits.append((start, end, new))

    def set_attr(self, node: Node, name: str, value: str) -> None:
        attr = node.attrs[name]
        self.replace(attr.start, attr.end, escape_attr(value, attr.quote))

    def set_text(self, node: Node, text: str) -> None:
        if node.close_start == node.open_end and self.data[node.open_end - 2 : node.open_end] == b"/>":
            raise PartError(f"<{node.name}/> has no text to replace", "")
        self.replace(node.open_end, node.close_start, escape_text(text))

    def remove(self, node: Node) -> None:
        self.replace(node.start, node.end, b"")
        self._removed.add(node.start)

    def removed(self, node: Node) -> bool:
        return node.start in self._removed

    def __bool__(self) -> bool:
        return bool(self._edits)

    def apply(self) -> bytes:
        """The part with every edit made; an edit inside a removed element is moot."""
        if not self._edits:
            return self.data
        out, last = [], 0
        for start, end, new in sorted(self._edits, key=lambda e: (e[0], -e[1])):
            if start < last:
                if end <= last:
                    continue  # inside an element already replaced as a whole
                raise AssertionError("overlapping edits on one part")  # a bug in this module, not bad input
            out.append(self.data[last:start])
            out.append(new)
            last = end
        out.append(self.data[last:])
        return b"".join(out)
