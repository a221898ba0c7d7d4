"""Check the XML parts of a package against the ECMA-376 transitional schemas (lxml).

The schemas are not committed (point ``--schemas`` or ``TALENTSHEET_OOXML_SCHEMAS`` at a
folder holding ``ISO-IEC29500-4_2016/sml.xsd`` & co., the transitional XSDs of ECMA-376 Part 4,
and ``ecma/fouth-edition/opc-*.xsd``). Before validating, each part is put through the Markup
Compatibility rules of ECMA-376 Part 3 as a consumer that understands only the ISO namespaces
would: ``mc:AlternateContent`` keeps its first understood Choice or its Fallback, and elements
and attributes of namespaces listed in ``mc:Ignorable`` are dropped. Extension lists
(``extLst``) are ``processContents="lax"`` in the schema, so their Microsoft content is
skipped. ``xml:space`` is dropped from ``<t>`` elements first: Excel writes it on every
text run with edge spaces, and the transitional XSD types ``t`` as a bare ST_Xstring (a known
gap of the published schema, not of the files). Parts whose root is in a Microsoft namespace (threaded comments, rich data,
slicers...) have no schema here and are reported as not checked, never as valid.

    .venv/bin/python -m tests.ooxml_validate WORKBOOK.xlsx --schemas DIR
"""

from __future__ import annotations

import argparse
import os
import sys
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ISO_FILES = [
    "ISO-IEC29500-4_2016/sml.xsd",
    "ISO-IEC29500-4_2016/dml-spreadsheetDrawing.xsd",
    "ISO-IEC29500-4_2016/dml-chart.xsd",
    "ISO-IEC29500-4_2016/dml-main.xsd",
    "ISO-IEC29500-4_2016/shared-documentPropertiesExtended.xsd",
    "ISO-IEC29500-4_2016/shared-customXmlDataProperties.xsd",
    "ecma/fouth-edition/opc-relationships.xsd",
    "ecma/fouth-edition/opc-contentTypes.xsd",
]


@dataclass
class Report:
    valid: list[str] = field(default_factory=list)
    invalid: dict[str, list[str]] = field(default_factory=dict)
    not_checked: dict[str, str] = field(default_factory=dict)


def schema_dir(explicit: str | Path | None = None) -> Path | None:
    """Where the XSDs are: the argument, else $TALENTSHEET_OOXML_SCHEMAS; None if absent."""
    folder = explicit or os.environ.get("TALENTSHEET_OOXML_SCHEMAS")
    if folder and (Path(folder) / ISO_FILES[0]).exists():
        return Path(folder)
    return None


@cache
def _schema(folder: str):
    from lxml import etree

    imports = []
    for rel in ISO_FILES:
        path = Path(folder) / rel
        target = etree.parse(str(path)).getroot().get("targetNamespace")
        imports.append(f'<xs:import namespace="{target}" schemaLocation="{path.as_uri()}"/>')
    wrapper = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' + "".join(imports) + "</xs:schema>"
    schema = etree.XMLSchema(etree.fromstring(wrapper.encode()))
    namespaces = {etree.parse(str(Path(folder) / rel)).getroot().get("targetNamespace") for rel in ISO_FILES}
    dml = Path(folder) / "ISO-IEC29500-4_2016"
    for xsd in dml.glob("*.xsd"):
        namespaces.add(etree.parse(str(xsd)).getroot().get("targetNamespace"))
    return schema, frozenset(namespaces)


def _understood(element, prefixes: str, known: frozenset[str]) -> bool:
    return all(element.nsmap.get(p) in known for p in prefixes.split())


def apply_markup_compatibility(root, known: frozenset[str]) -> None:
    """ECMA-376 Part 3 as a consumer of the ISO namespaces only (in place)."""
    ignorable: set[str] = set()
    for el in root.iter():
        value = el.get(f"{{{MC}}}Ignorable")
        if value:
            ignorable |= {el.nsmap.get(p) for p in value.split()}
    for ac in list(root.iter(f"{{{MC}}}AlternateContent")):
        parent = ac.getparent()
        if parent is None:
            continue
        chosen = None
        for branch in ac:
            if branch.tag == f"{{{MC}}}Choice" and _understood(branch, branch.get("Requires", ""), known):
                chosen = branch
                break
            if branch.tag == f"{{{MC}}}Fallback":
                chosen = branch
        index = parent.index(ac)
        parent.remove(ac)
        for child in reversed(list(chosen) if chosen is not None else []):
            parent.insert(index, child)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag.endswith("}t"):
            el.attrib.pop(XML_SPACE, None)
        for attr in list(el.attrib):
            ns = attr[1:].partition("}")[0] if attr.startswith("{") else None
            if ns == MC or (ns in ignorable and ns not in known):
                del el.attrib[attr]
        ns = el.tag[1:].partition("}")[0] if el.tag.startswith("{") else None
        if ns in ignorable and ns not in known and el.getparent() is not None:
            el.getparent().remove(el)


def validate_package(path: str | Path, schemas: str | Path) -> Report:
    """Validate every XML part of ``path``; see the module docstring for what is checked."""
    from lxml import etree

    schema, known = _schema(str(schemas))
    report = Report()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".vml"):
                report.not_checked[name] = "VML (legacy drawing, no XML schema in ECMA-376 Part 4 transitional set here)"
                continue
            if not (name.endswith((".xml", ".rels")) or data[:5] == b"<?xml"):
                continue
            try:
                root = etree.fromstring(data)
            except etree.XMLSyntaxError as exc:
                report.invalid[name] = [f"not well-formed: {exc}"]
                continue
            ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
            if ns not in known:
                report.not_checked[name] = f"root in {ns or 'no namespace'}: no schema here"
                continue
            apply_markup_compatibility(root, known)
            if schema.validate(root):
                report.valid.append(name)
            else:
                report.invalid[name] = [f"line {e.line}: {e.message}" for e in schema.error_log]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--schemas", help="folder with ISO-IEC29500-4_2016/ and ecma/ XSDs (or $TALENTSHEET_OOXML_SCHEMAS)")
    args = parser.parse_args(argv)
    folder = schema_dir(args.schemas)
    if folder is None:
        print("no ECMA-376 schemas found: pass --schemas DIR or set TALENTSHEET_OOXML_SCHEMAS", file=sys.stderr)
        return 2
    report = validate_package(args.workbook, folder)
    for name in report.valid:
        print(f"valid        {name}")
    for name, why in report.not_checked.items():
        print(f"not checked  {name}: {why}")
    for name, errors in report.invalid.items():
        print(f"INVALID      {name}")
        for e in errors[:10]:
            print(f"    {e}")
    print(f"{len(report.valid)} valid, {len(report.invalid)} invalid, {len(report.not_checked)} not checked")
    return 1 if report.invalid else 0


if __name__ == "__main__":
    raise SystemExit(main())
