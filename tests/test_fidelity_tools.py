"""The measuring tools of issue 14 measure what they say: the package-level Candidates sheet,
the classification of a command's result, and the benchmark's review-decision patch."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from talentsheet.workbook.reader import read_candidates
from tests.ooxml_census import part_digests
from tests.rich_workbook import build_rich_workbook

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run_py():
    return _load("fidelity_run", ROOT / "benchmarks" / "fidelity" / "run.py")


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    """An Excel-like workbook with no Candidates sheet: the rich fixture with its sheet renamed."""
    src = build_rich_workbook(tmp_path_factory.mktemp("c") / "src.xlsx", rows=5)
    out = src.with_name("corpus.xlsx")
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w") as w:
        for item in z.infolist():
            data = z.read(item)
            w.writestr(item, data.replace(b'name="Candidates"', b'name="People"') if item.filename == "xl/workbook.xml" else data)
    return out


def test_the_candidates_sheet_is_added_without_touching_other_parts(run_py, corpus_file, tmp_path):
    out = tmp_path / "with.xlsx"
    sheet = run_py.add_candidates_sheet(corpus_file, out, run_py.candidate_rows())
    before, after = part_digests(corpus_file), part_digests(out)
    touched = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    assert {n for n in before if before[n] != after.get(n)} == touched
    assert set(after) - set(before) == {sheet}
    table = read_candidates(out, "Candidates")
    assert len(table.df) == 30 and table.df.iloc[20]["email"] == table.df.iloc[1]["email"]  # a planted duplicate


def test_classify_tells_identical_from_changed_and_lost(run_py, corpus_file, tmp_path):
    base = tmp_path / "base.xlsx"
    sheet = run_py.add_candidates_sheet(corpus_file, base, run_py.candidate_rows())
    original = set(part_digests(base))
    ok = {"exit": 0, "traceback": False, "error": False, "message": "", "seconds": 0}
    same = tmp_path / "same.xlsx"
    shutil.copy(base, same)
    assert run_py.classify(base, same, sheet, ok, original)["class"] == "identical"
    stripped, touched = tmp_path / "stripped.xlsx", tmp_path / "touched.xlsx"
    with zipfile.ZipFile(base) as z, zipfile.ZipFile(stripped, "w") as s, zipfile.ZipFile(touched, "w") as t:
        for item in z.infolist():
            data = z.read(item)
            if "printerSettings" not in item.filename:
                s.writestr(item.filename, data)
            t.writestr(item.filename, data + b" " if item.filename == "xl/charts/chart1.xml" else data)
    lost = run_py.classify(base, stripped, sheet, ok, original)
    assert lost["class"] == "lost" and lost["lost"]["printer_settings"] == (1, 0)
    changed = run_py.classify(base, touched, sheet, ok, original)
    assert changed["class"] == "changed" and changed["changed_parts"] == ["xl/charts/chart1.xml"]
    refused = run_py.classify(base, same, sheet, {**ok, "exit": 3, "error": True, "message": "Error: would lose"}, original)
    assert refused["class"] == "refused"


def test_review_decisions_are_patched_in_the_sheet_xml(tmp_path):
    bench = _load("bench_commands", ROOT / "benchmarks" / "bench_commands.py")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Duplicates"
    ws.append(["Group", "Merge?", "Keep", "Row"])
    for group in range(1, 7):
        ws.append([group, "Yes", "Keep", 10 + group])
        ws.append([group, "Yes", None, 20 + group])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    assert bench.set_merge_decisions(path, every=3) == 4
    back = openpyxl.load_workbook(path)["Duplicates"]
    decisions = {(r[0], r[1]) for r in back.iter_rows(min_row=2, values_only=True)}
    assert decisions == {(g, "No" if g % 3 == 0 else "Yes") for g in range(1, 7)}
