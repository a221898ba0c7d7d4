"""Feature census of an .xlsx/.xlsm package: how many of each feature a workbook holds.

Used by the fidelity corpus run (benchmarks/fidelity/run.py) and by tests that assert "every
feature still present" after a command: compare ``feature_census(before)`` with
``feature_census(after)`` through :func:`lost_features`. The census reads the package as
parts (zip members), never through openpyxl, so it sees what openpyxl cannot load. Counts are
of the things a person would miss: a printer-settings part, a header/footer picture, a form
button, a sparkline, a threaded comment... (issue 14 lists them).

Also here: :func:`part_digests` (decompressed bytes of every part, hashed) for byte-identity.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import iterparse

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XFPB = "http://schemas.microsoft.com/office/spreadsheetml/2022/featurepropertybag"
TC = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
RD = "http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"
VML_X = "urn:schemas-microsoft-com:office:excel"

# parts recognised by name: feature -> pattern on the part name (lower case)
PART_FEATURES: dict[str, str] = {
    "worksheets": r"^xl/worksheets/[^/]+\.xml$",
    "chartsheets": r"^xl/chartsheets/[^/]+\.xml$",
    "charts": r"^xl/charts/chart[^/]*\.xml$",
    "chart_styles": r"^xl/charts/(style|colors)[^/]*\.xml$",
    "drawings": r"^xl/drawings/[^/]+\.xml$",
    "vml_drawings": r"\.vml$",
    "images": r"^xl/media/",
    "emf_wmf_pictures": r"^xl/media/.+\.(emf|wmf)$",
    "tables": r"^xl/tables/[^/]+\.xml$",
    "comment_parts": r"^xl/(comments/)?comments?[^/]*\.xml$",
    "threaded_comment_parts": r"^xl/threadedcomments/",
    "persons_part": r"^xl/persons/",
    "pivot_tables": r"^xl/pivottables/[^/]+\.xml$",
    "pivot_caches": r"^xl/pivotcache/pivotcachedefinition[^/]*\.xml$",
    "slicer_parts": r"^xl/slicers/[^/]+\.xml$",
    "slicer_caches": r"^xl/slicercaches/[^/]+\.xml$",
    "timelines": r"^xl/timeline",
    "rich_data_parts": r"^xl/richdata/[^/]+\.xml$",
    "metadata_part": r"^xl/metadata\.xml$",
    "feature_property_bag": r"^xl/featurepropertybag/",
    "ctrl_props": r"^xl/ctrlprops/",
    "printer_settings": r"printersettings[^/]*\.bin$",
    "external_links": r"^xl/externallinks/[^/]+\.xml$",
    "custom_xml_items": r"^customxml/item\d+\.xml$",
    "web_extensions": r"webextensions/webextension[^/]*\.xml$",
    "web_extension_taskpanes": r"webextensions/taskpanes\.xml$",
    "vba_project": r"vbaproject\.bin$",
    "vba_signature": r"vbaprojectsignature[^/]*\.bin$",
    "connections": r"^xl/connections\.xml$",
    "query_tables": r"^xl/querytables/",
    "embeddings": r"^xl/embeddings/",
    "activex": r"^xl/activex/",
    "custom_properties": r"^docprops/custom\.xml$",
    "custom_ui": r"^customui/",
    "calc_chain": r"^xl/calcchain\.xml$",
}

# elements counted wherever they occur: feature -> (namespace, local name)
ELEMENT_FEATURES: dict[str, tuple[str, str]] = {
    "formulas": (MAIN, "f"),
    "data_validations": (MAIN, "dataValidation"),
    "x14_data_validations": (X14, "dataValidation"),
    "conditional_format_rules": (MAIN, "cfRule"),
    "x14_conditional_format_rules": (X14, "cfRule"),
    "x14_data_bars": (X14, "dataBar"),
    "sparklines": (X14, "sparkline"),
    "sparkline_groups": (X14, "sparklineGroup"),
    "merged_ranges": (MAIN, "mergeCell"),
    "hyperlinks": (MAIN, "hyperlink"),
    "ignored_errors": (MAIN, "ignoredError"),
    "protected_ranges": (MAIN, "protectedRange"),
    "sheet_protection": (MAIN, "sheetProtection"),
    "background_pictures": (MAIN, "picture"),
    "header_footer_pictures": (MAIN, "legacyDrawingHF"),
    "page_setups": (MAIN, "pageSetup"),
    "print_options": (MAIN, "printOptions"),
    "row_breaks": (MAIN, "rowBreaks"),
    "col_breaks": (MAIN, "colBreaks"),
    "autofilters": (MAIN, "autoFilter"),
    "form_controls": (MAIN, "control"),
    "ole_objects": (MAIN, "oleObject"),
    "slicer_lists": (X14, "slicerList"),
    "legacy_comments": (MAIN, "comment"),
    "threaded_comments": (TC, "threadedComment"),
    "persons": (TC, "person"),
    "defined_names": (MAIN, "definedName"),
    "external_references": (MAIN, "externalReference"),
    "pivot_cache_refs": (MAIN, "pivotCache"),
    "rich_text_runs": (MAIN, "r"),
    "phonetic_runs": (MAIN, "rPh"),
    "rich_values": (RD, "rv"),
    "checkbox_styles": (XFPB, "xfComplement"),
    "drawing_shapes": (XDR, "sp"),
    "drawing_pictures": (XDR, "pic"),
    "drawing_frames": (XDR, "graphicFrame"),
    "drawing_connectors": (XDR, "cxnSp"),
    "drawing_groups": (XDR, "grpSp"),
    "alternate_content": (MC, "AlternateContent"),
    "extension_blocks": (MAIN, "ext"),
    "x14_extension_blocks": (X14, "ext"),
    "vml_client_data": (VML_X, "ClientData"),
    "col_definitions": (MAIN, "col"),
    "table_columns": (MAIN, "tableColumn"),
}

_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ranges(sqref: str) -> list[tuple[int, int, int, int]]:
    out = []
    for part in sqref.split():
        cells = [_CELL_REF.fullmatch(p.replace("$", "")) for p in part.split(":")]
        if not all(cells):
            continue
        (c1, r1), (c2, r2) = [(_col_number(m[1]), int(m[2])) for m in (cells[0], cells[-1])]
        out.append((r1, c1, r2, c2))
    return out


def _is_xml(name: str, data: bytes) -> bool:
    return name.endswith((".xml", ".rels", ".vml")) or data[:5] == b"<?xml"


def _count_elements(data: bytes, tags: Counter, sheet: dict | None) -> None:
    """Count every element (namespace, local) of one XML part; for worksheets also gather
    what needs more than a tag count (frozen panes, in-cell values, styled cells)."""
    import io

    try:
        for _, el in iterparse(io.BytesIO(data), events=("end",)):
            tag = el.tag
            ns, _, local = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
            tags[(ns, local)] += 1
            if sheet is not None and ns == MAIN:
                if local == "c":
                    if el.get("vm"):
                        sheet["in_cell_values"] += 1
                    if el.get("cm"):
                        sheet["dynamic_array_cells"] += 1
                    if el.get("s") not in (None, "0"):
                        sheet["styled"].append((el.get("r") or "", int(el.get("s"))))
                    el.clear()
                elif local == "row":
                    el.clear()
                elif local == "pane" and el.get("state") in ("frozen", "frozenSplit"):
                    sheet["frozen_panes"] += 1
                elif local == "mergeCell":
                    sheet["merges"].extend(_ranges(el.get("ref") or ""))
                elif local == "headerFooter" and any((child.text or "").strip() for child in el):
                    sheet["headers_footers"] += 1
    except Exception as exc:  # a part that is not well-formed XML is itself a finding
        tags[("", "!not-well-formed")] += 1
        tags[("", f"!error:{type(exc).__name__}")] += 1


def _checkbox_xfs(styles: bytes | None) -> set[int]:
    """Indexes of cellXfs entries carrying the featurePropertyBag complement (cell checkboxes)."""
    if not styles:
        return set()
    import io

    found, index, depth_in_cellxfs = set(), -1, False
    for event, el in iterparse(io.BytesIO(styles), events=("start", "end")):
        if el.tag == f"{{{MAIN}}}cellXfs":
            depth_in_cellxfs = event == "start"
        elif depth_in_cellxfs and el.tag == f"{{{MAIN}}}xf" and event == "start":
            index += 1
        elif depth_in_cellxfs and event == "start" and el.tag == f"{{{XFPB}}}xfComplement":
            found.add(index)
    return found


def feature_census(path: str | Path) -> dict[str, int]:
    """Counts of every feature the workbook at ``path`` holds (absent features count 0)."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        parts = {n: z.read(n) for n in names if not n.endswith("/")}
    census: Counter = Counter({k: 0 for k in [*PART_FEATURES, *ELEMENT_FEATURES]})
    for name in parts:
        low = name.lower()
        for feature, pattern in PART_FEATURES.items():
            if re.search(pattern, low):
                census[feature] += 1
    tags: Counter = Counter()
    checkbox_xfs = _checkbox_xfs(parts.get("xl/styles.xml"))
    extra: Counter = Counter()
    for name, data in parts.items():
        if not _is_xml(name, data):
            continue
        is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
        sheet = {
            "in_cell_values": 0,
            "dynamic_array_cells": 0,
            "styled": [],
            "frozen_panes": 0,
            "merges": [],
            "headers_footers": 0,
        }
        _count_elements(data, tags, sheet if is_sheet else None)
        if name.startswith("xl/") and (is_sheet or name.endswith("sharedStrings.xml")):
            extra["escaped_characters"] += len(_ESCAPE.findall(data))
        if is_sheet:
            extra["in_cell_values"] += sheet["in_cell_values"]
            extra["dynamic_array_cells"] += sheet["dynamic_array_cells"]
            extra["frozen_panes"] += sheet["frozen_panes"]
            extra["headers_footers"] += sheet["headers_footers"]
            extra["checkbox_cells"] += sum(1 for _, s in sheet["styled"] if s in checkbox_xfs)
            extra["styled_cells_inside_merges"] += _styled_inside_merges(sheet["styled"], sheet["merges"])
        if name.endswith(".vml"):
            for kind in re.findall(rb'ObjectType="(\w+)"', data):
                extra[f"vml_{kind.decode().lower()}"] += 1
        if name == "xl/workbook.xml":
            extra["print_areas"] += data.count(b"_xlnm.Print_Area")
            extra["print_titles"] += data.count(b"_xlnm.Print_Titles")
    for feature, key in ELEMENT_FEATURES.items():
        census[feature] = tags[key]
    census.update(extra)
    census["not_well_formed_parts"] = tags[("", "!not-well-formed")]
    census["parts"] = len(parts)
    return dict(census)


def _styled_inside_merges(styled: list[tuple[str, int]], merges: list[tuple[int, int, int, int]]) -> int:
    """Styled cells of a merged range other than its top-left one (Excel keeps their borders)."""
    if not merges or not styled:
        return 0
    n = 0
    for ref, _ in styled:
        m = _CELL_REF.fullmatch(ref)
        if not m:
            continue
        col, row = _col_number(m[1]), int(m[2])
        for r1, c1, r2, c2 in merges:
            if r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1):
                n += 1
                break
    return n


def lost_features(
    before: dict[str, int], after: dict[str, int], ignore: tuple[str, ...] = ("calc_chain", "parts")
) -> dict[str, tuple[int, int]]:
    """Features whose count went down: {feature: (before, after)}."""
    return {k: (v, after.get(k, 0)) for k, v in before.items() if k not in ignore and after.get(k, 0) < v}


def present_features(census: dict[str, int]) -> set[str]:
    return {k for k, v in census.items() if v and k not in ("parts", "not_well_formed_parts")}


def part_digests(path: str | Path) -> dict[str, str]:
    """sha256 of the decompressed bytes of every part (zip member) of the package."""
    with zipfile.ZipFile(path) as z:
        return {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if not n.endswith("/")}


def part_name(base: str, target: str) -> str:
    """Resolve a relationship target against the part that holds the relationship."""
    if target.startswith("/"):
        return target.lstrip("/")
    folder = PurePosixPath(base).parent
    parts: list[str] = []
    for piece in (folder / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)
