"""`talentsheet import` / `unimport` end to end: the real CLI on fresh copies of bench_import.py's
20,000-row master and 5,000-row LinkedIn-style export, beside python-calamine's read of the master in
the same run (medians of 3).

Usage:  .venv/bin/python benchmarks/bench_import_cli.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_import import build

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # compiled modules kept, as for a user
CLI = str(Path(sys.executable).with_name("talentsheet"))


def timed(args: list[str]) -> float:
    """Wall seconds of a fresh process that must succeed."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=ENV)
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        master, export = build(Path(tmp), 20_000, 5_000)
        read = f"import python_calamine as pc; pc.CalamineWorkbook.from_path({str(master)!r}).get_sheet_by_index(0).to_python()"
        floor = [timed([sys.executable, "-c", read]) for _ in range(3)]
        imported, undone = [], []
        for i in range(3):
            copy = Path(tmp) / f"master-{i}.xlsx"
            shutil.copy(master, copy)
            imported.append(timed([CLI, "import", str(copy), str(export), "--no-backup"]))
            undone.append(timed([CLI, "unimport", str(copy), "I0001", "--no-backup"]))
    med = statistics.median
    print(f"calamine read of the 20k master: {med(floor):.2f} s")
    print(f"talentsheet import (CLI, 5k-row export): {med(imported):.2f} s; unimport: {med(undone):.2f} s (medians of 3)")


if __name__ == "__main__":
    main()
