"""Shared fixtures: real workbooks in tmp_path, the canonical demo set, and the real CLI."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings
from openpyxl import Workbook

from talentsheet.cli import main
from talentsheet.sample import DemoTruth, demo_workbook

# The suite's property tests draw the same examples on every run (a CI run that passes once
# passes again); `pytest --hypothesis-profile=explore` draws fresh ones to hunt for new bugs.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile("repeatable")

SMALL_HEADER = [
    "First name",
    "Last name",
    "Contact method",
    "Email",
    "Phone",
    "Location",
    "LinkedIn URL",
    "Notes",
    "Status",
    "Last contacted",
    "Future title",
    "Future location",
    "Follow-up on",
]
SMALL_ROWS = [
    [
        "Ada",
        "Lovelace",
        "Email",
        "ada@example.com",
        "+1 512 555 0100",
        "Austin, TX",
        "https://www.linkedin.com/in/ada-lovelace",
        "Strong in Python",
        "Not now",
        date(2026, 3, 1),
        "Senior Data Engineer",
        "Austin, TX; Remote",
        date(2026, 12, 1),
    ],
    [
        "Alan",
        "Turing",
        "Phone",
        "alan@example.com",
        "+44 20 7946 0018",
        "London, United Kingdom",
        "https://www.linkedin.com/in/alan-turing",
        "",
        "Interested",
        date(2026, 10, 1),
        "Staff ML Engineer",
        "Remote",
        None,
    ],
    [
        "Grace",
        "Hopper",
        "LinkedIn message",
        "grace@example.com",
        "",
        "New York, NY",
        "https://www.linkedin.com/in/grace-hopper",
        "=1+1 is not a formula",
        "Placed",
        date(2025, 1, 15),
        "Engineering Manager",
        "New York, NY",
        None,
    ],
]


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys):
    """Run the real ``talentsheet`` entry point in-process and capture what it printed."""

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def small_book(tmp_path: Path) -> Path:
    """Three candidates under the template's own headers."""
    path = tmp_path / "small.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(SMALL_HEADER)
    for row in SMALL_ROWS:
        ws.append(row)
    for r, row in enumerate(SMALL_ROWS, start=2):  # text stays text, even "=1+1..."
        for c, v in enumerate(row, start=1):
            if isinstance(v, str):
                ws.cell(r, c).data_type = "s"
    wb.save(path)
    return path


@pytest.fixture(scope="session")
def _demo_master(tmp_path_factory) -> tuple[Path, DemoTruth]:
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    truth = demo_workbook(path)
    return path, truth


@pytest.fixture
def demo_book(_demo_master, tmp_path: Path) -> tuple[Path, DemoTruth]:
    """A fresh copy of the canonical demo workbook (planted duplicates and mess) + its truth."""
    src, truth = _demo_master
    dst = tmp_path / "demo.xlsx"
    shutil.copy(src, dst)
    return dst, truth


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_convert(path: Path, fmt: str, outdir: Path) -> Path:
    """Open ``path`` in real LibreOffice (headless) and save it as ``fmt`` (xlsx, csv, pdf...)."""
    import subprocess

    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice is not installed (./dev test and .ci/run install it)")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = outdir / (path.stem + "." + fmt.split(":")[0])
    assert out.exists(), f"LibreOffice did not write {out}"
    return out
