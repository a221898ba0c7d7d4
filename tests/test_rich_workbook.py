"""The rich-workbook fixture is a sound package, holds every feature, and LibreOffice reads it."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import fromstring

import pytest

from talentsheet.sample import fake_candidates
from tests.conftest import libreoffice_convert, soffice
from tests.ooxml_census import feature_census, lost_features, part_name
from tests.ooxml_validate import schema_dir, validate_package
from tests.rich_workbook import build_rich_workbook

# every feature issue 14 lists, as census keys: each must be present in the fixture
EXPECTED_FEATURES = [
    "sparklines", "x14_data_bars", "threaded_comments", "persons", "legacy_comments", "vml_note", "in_cell_values",
    "rich_data_parts", "checkbox_cells", "feature_property_bag", "slicer_parts", "slicer_caches", "pivot_tables",
    "pivot_caches", "rich_text_runs", "external_links", "custom_xml_items", "web_extensions", "printer_settings",
    "header_footer_pictures", "background_pictures", "emf_wmf_pictures", "form_controls", "ctrl_props", "vml_button",
    "ignored_errors", "protected_ranges", "defined_names", "print_areas", "charts", "tables", "data_validations",
    "conditional_format_rules", "merged_ranges", "frozen_panes", "dynamic_array_cells", "metadata_part",
    "escaped_characters", "drawing_shapes", "hyperlinks", "styled_cells_inside_merges",
]  # fmt: skip
ROWS = 30


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Path:
    return build_rich_workbook(tmp_path_factory.mktemp("rich") / "rich.xlsx", rows=ROWS)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_every_xml_part_is_well_formed(rich):
    for name, data in _parts(rich).items():
        if name.endswith((".xml", ".rels", ".vml")):
            fromstring(data)  # raises on a part that is not well-formed


def test_every_part_is_referenced_typed_and_every_target_exists(rich):
    parts = _parts(rich)
    targets = set()
    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        source = name.replace("_rels/", "").removesuffix(".rels")
        for rel in fromstring(data):
            if rel.get("TargetMode") == "External":
                continue
            target = part_name(source, rel.get("Target"))
            assert target in parts, f"{name}: {rel.get('Target')} is missing"
            targets.add(target)
    unreferenced = {n for n in parts if not n.endswith(".rels") and n != "[Content_Types].xml"} - targets
    assert unreferenced == set()
    types = parts["[Content_Types].xml"].decode()
    defaults = set(re.findall(r'Extension="(\w+)"', types))
    for name in parts:
        assert f'PartName="/{name}"' in types or name.rsplit(".", 1)[-1] in defaults, f"{name} has no content type"


def test_the_fixture_holds_every_listed_feature(rich):
    census = feature_census(rich)
    assert [f for f in EXPECTED_FEATURES if not census.get(f)] == []
    assert census["not_well_formed_parts"] == 0


def test_the_census_sees_a_part_go_missing(rich, tmp_path):
    stripped = tmp_path / "stripped.xlsx"
    with zipfile.ZipFile(rich) as src, zipfile.ZipFile(stripped, "w") as out:
        for item in src.infolist():
            if "printerSettings" not in item.filename and "threadedComment" not in item.filename:
                out.writestr(item, src.read(item))
    lost = lost_features(feature_census(rich), feature_census(stripped))
    assert lost["printer_settings"] == (1, 0)
    assert lost["threaded_comments"] == (2, 0)


def test_the_xlsm_variant_carries_vba_and_its_signature(tmp_path):
    path = build_rich_workbook(tmp_path / "rich.xlsm", rows=5)
    census = feature_census(path)
    assert census["vba_project"] == 1 and census["vba_signature"] == 1
    assert "macroEnabled.main+xml" in _parts(path)["[Content_Types].xml"].decode()


@pytest.mark.libreoffice
@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_xlsm_variant(tmp_path):
    path = build_rich_workbook(tmp_path / "rich.xlsm", rows=5)
    out = libreoffice_convert(path, "csv", tmp_path / "lo")
    lines = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert [r[0] for r in lines[2:7]] == list(fake_candidates(5, seed=7).first_name)


@pytest.mark.skipif(schema_dir() is None, reason="ECMA-376 schemas not here (set TALENTSHEET_OOXML_SCHEMAS)")
def test_every_iso_part_is_schema_valid(rich):
    report = validate_package(rich, schema_dir())
    assert report.invalid == {}
    assert {"xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml", "xl/pivotTables/pivotTable1.xml"} <= set(report.valid)


@pytest.mark.skipif(schema_dir() is None, reason="ECMA-376 schemas not here (set TALENTSHEET_OOXML_SCHEMAS)")
def test_the_validator_rejects_elements_out_of_schema_order(rich, tmp_path):
    parts = _parts(rich)
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet") and b"<ignoredErrors>" in parts[n])
    xml = parts[sheet].decode()
    block = re.search(r"<ignoredErrors>.*?</ignoredErrors>", xml)[0]
    parts[sheet] = xml.replace(block, "").replace("<pageMargins", block + "<pageMargins").encode()
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert sheet in validate_package(broken, schema_dir()).invalid


@pytest.mark.libreoffice
@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_candidates(rich, tmp_path):
    out = libreoffice_convert(rich, "csv", tmp_path / "lo")
    lines = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert lines[0][0] == "Candidate network (Dana's desk)"
    expected = fake_candidates(ROWS, seed=7)
    assert [(r[0], r[1], r[3]) for r in lines[2 : 2 + ROWS]] == list(
        zip(expected.first_name, expected.last_name, expected.email, strict=True)
    )
    assert lines[2 + ROWS][0] == "Total" and lines[2 + ROWS][1] == str(ROWS)
