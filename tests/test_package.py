"""The core installs and imports anywhere: no Excel, no xlwings, pure Python of our own."""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import talentsheet

BLOCK_XLWINGS = "import sys; sys.modules['xlwings'] = None\n"
README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
# the library quick start's `ts.NAME(...)` calls, and the module that defines each (README's table)
DOCUMENTED = {
    "read_candidates": "talentsheet.workbook.reader",
    "validate": "talentsheet.validate",
    "find_duplicates": "talentsheet.dedupe.pipeline",
    "filter_candidates": "talentsheet.views.filters",
    "match": "talentsheet.match",
    "Opening": "talentsheet.openings",
}


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK_XLWINGS + code], capture_output=True, text=True, timeout=120)


def test_core_and_cli_import_without_xlwings():
    result = run_python("import talentsheet, talentsheet.cli, talentsheet.excel; print(sorted(talentsheet.__all__)[:3])")
    assert result.returncode == 0, result.stderr


def test_top_level_functions_are_the_documented_ones():
    """Every `ts.NAME` of the README's quick start is public and is the function its module
    defines (``talentsheet.validate`` is also a module: the function must win)."""
    quick_start = README.split("## Library quick start", 1)[1].split("\n## ", 1)[0]
    used = set(re.findall(r"\bts\.(\w+)", quick_start))
    assert used == set(DOCUMENTED)
    for name, module in DOCUMENTED.items():
        assert name in talentsheet.__all__
        assert getattr(talentsheet, name) is getattr(importlib.import_module(module), name), name


def test_the_wheel_is_pure_python(built_wheel: Path):
    """What pip installs (and xlwings Lite's micropip needs): a py3-none-any wheel holding
    only Python sources and the template's text files."""
    assert built_wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(built_wheel) as zf:
        names = zf.namelist()
        wheel_meta = zf.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
    assert "Root-Is-Purelib: true" in wheel_meta and "Tag: py3-none-any" in wheel_meta
    ours = [n for n in names if ".dist-info/" not in n]
    assert "talentsheet/excel/lite_entry.py" in ours and "talentsheet/templates/template.toml" in ours
    assert [n for n in ours if not n.endswith((".py", ".toml", ".md"))] == []


# --- installs from the wheel, in fresh virtualenvs (pip's own download cache keeps reruns fast) ---

ROOT = Path(__file__).parents[1]
SOURCES = ["pyproject.toml", "README.md", "talentsheet", "templates"]  # what building the wheel reads


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory) -> Path:
    """The wheel `pip wheel .` makes from a clean copy of the sources (setuptools' build/
    folder in a checkout can hold stale modules)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)], timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = out.glob("talentsheet-*.whl")
    return wheel


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "400"}  # rich wraps its lines at the terminal width
    return subprocess.run(cmd, capture_output=True, text=True, env=env, **{"timeout": 900, **kwargs})


def _fresh_install(where: Path, requirement: str) -> Path:
    """A new virtualenv with ``requirement`` installed by pip from the index; its bin folder."""
    done = _run([sys.executable, "-m", "venv", str(where)])
    assert done.returncode == 0, done.stderr
    bin_dir = where / ("Scripts" if sys.platform == "win32" else "bin")
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-compile"]
    done = _run([*pip, requirement])
    assert done.returncode == 0, done.stderr[-3000:]
    return bin_dir


@pytest.mark.slow
def test_core_install_runs_every_step_it_can_and_names_the_excel_extra(built_wheel: Path, tmp_path: Path):
    bin_dir = _fresh_install(tmp_path / "core", str(built_wheel))
    talentsheet_cli = str(bin_dir / "talentsheet")
    assert _run([str(bin_dir / "python"), "-c", "import xlwings"]).returncode != 0  # really core only
    demo = _run([talentsheet_cli, "demo", "--out", str(tmp_path / "demo")], cwd=tmp_path)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    assert "Skipped excel: the Excel add-in needs the [excel] extra" in demo.stdout
    assert "pip install 'talentsheet[excel]'" in demo.stdout and "Traceback" not in demo.stderr
    import openpyxl

    sheets = openpyxl.load_workbook(tmp_path / "demo" / "demo-candidates.xlsx", read_only=True).sheetnames
    assert {"Issues", "Duplicates", "Merged", "Future by location", "Follow-ups due"} <= set(sheets)
    assert any(s.startswith("Matches – ") for s in sheets)
    addin = _run([talentsheet_cli, "addin", "build", str(tmp_path / "x.xlam")])
    assert addin.returncode == 6 and "pip install 'talentsheet[excel]'" in addin.stderr, addin.stderr
    assert "Traceback" not in addin.stderr and not (tmp_path / "x.xlam").exists()
    mistyped = _run([talentsheet_cli, "info", "--jsn", "x.xlsx"])
    assert mistyped.returncode == 64 and "No such option: --jsn" in mistyped.stderr


@pytest.mark.slow
def test_excel_install_builds_and_checks_the_addin(built_wheel: Path, tmp_path: Path):
    bin_dir = _fresh_install(tmp_path / "excel", f"{built_wheel}[excel]")
    talentsheet_cli = str(bin_dir / "talentsheet")
    addin = _run([talentsheet_cli, "addin", "build", str(tmp_path / "x.xlam")])
    assert addin.returncode == 0, addin.stderr[-3000:]
    assert "Talentsheet tab with 7 buttons (VBA and ribbon verified)" in addin.stdout
    demo = _run([talentsheet_cli, "demo", "--out", str(tmp_path / "demo"), "--json"], cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr[-3000:]
    summary = json.loads(demo.stdout)
    assert summary["skipped"] == {} and summary["failed"] == {}
    assert list(summary["steps"]) == ["validate", "dedupe", "views", "match", "excel"]
    assert summary["steps"]["excel"]["buttons"] == 7
