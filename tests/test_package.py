"""The core installs and imports anywhere: no Excel, no xlwings, pure Python of our own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import talentsheet

BLOCK_XLWINGS = "import sys; sys.modules['xlwings'] = None\n"


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK_XLWINGS + code], capture_output=True, text=True, timeout=120)


def test_core_and_cli_import_without_xlwings():
    result = run_python("import talentsheet, talentsheet.cli; print(sorted(talentsheet.__all__)[:3])")
    assert result.returncode == 0, result.stderr


def test_top_level_functions_are_the_documented_ones():
    assert callable(talentsheet.match) and callable(talentsheet.validate)
    assert callable(talentsheet.read_candidates) and callable(talentsheet.find_duplicates)


def test_no_compiled_code_of_our_own():
    package = Path(talentsheet.__file__).parent
    compiled = [p for p in package.rglob("*") if p.suffix in {".so", ".pyd", ".c", ".pyx"}]
    assert compiled == []
