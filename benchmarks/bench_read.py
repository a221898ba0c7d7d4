"""Load and save speed of the workbook layer against plain openpyxl and pandas.

Generates 10k and 100k-row candidate workbooks, then measures in one run (each case in a fresh
subprocess so peak memory is its own): talentsheet.read_candidates (python-calamine, into a
mapped DataFrame) vs openpyxl read-only iteration vs pandas.read_excel (openpyxl and calamine
engines) vs python-calamine's bare parse (the floor); and a typical edit (one column
rewritten) through talentsheet.apply_edit (the package editor) vs plain openpyxl load+save. "median s" is the
load itself; "+ imports" is what importing the library cost before it, reported apart.

    .venv/bin/python benchmarks/bench_read.py [--rows 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# case -> (imports, timed code); imports run before the clock starts, so every case is timed
# on the same footing: the load itself, not Python starting pandas
CASES = {
    "talentsheet.read_candidates": (
        "from talentsheet.workbook.reader import read_candidates",
        "table = read_candidates(PATH); n = len(table.df)",
    ),
    "openpyxl read-only": (
        "import openpyxl",
        "wb = openpyxl.load_workbook(PATH, read_only=True, data_only=True); "
        "n = sum(1 for _ in wb['Candidates'].iter_rows(values_only=True)) - 1",
    ),
    "pandas.read_excel (openpyxl)": ("import pandas as pd, openpyxl", "n = len(pd.read_excel(PATH, engine='openpyxl'))"),
    "pandas.read_excel (calamine)": ("import pandas as pd, python_calamine", "n = len(pd.read_excel(PATH, engine='calamine'))"),
    "python-calamine alone (no frame)": (
        "import python_calamine as pc",
        "n = len(pc.CalamineWorkbook.from_path(PATH).get_sheet_by_name('Candidates').to_python()) - 1",
    ),
    "edit: talentsheet.apply_edit": (
        "from talentsheet.workbook.changes import SheetEdit, WorkbookEdit\n"
        "from talentsheet.workbook.editor import apply_edit\n"
        "from talentsheet.workbook.values import sheet_rows",
        "rows = len(sheet_rows(PATH, 'Candidates'))\n"
        "apply_edit(PATH, WorkbookEdit(edits=[SheetEdit('Candidates', values={(r, 9): 'Updated' for r in range(2, rows + 1)})]), backup=False)\n"
        "n = 0",
    ),
    "edit: plain openpyxl": (
        "import openpyxl",
        "wb = openpyxl.load_workbook(PATH)\nws = wb['Candidates']\n"
        "for r in range(2, ws.max_row + 1): ws.cell(r, 9).value = 'Updated'\nwb.save(PATH)\nn = 0",
    ),
}

RUNNER = """
import json, resource, shutil, sys, time
src, case = sys.argv[1], sys.argv[2]
PATH = src + '.work.xlsx'
shutil.copy(src, PATH)
setup, code = {code}[case]
t_import = time.perf_counter()
exec(setup)
t0 = time.perf_counter()
exec(code)
elapsed = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{'seconds': elapsed, 'import_seconds': t0 - t_import, 'peak_mb': peak}}))
"""


def make_workbook(rows: int, folder: Path) -> Path:
    from talentsheet.sample import fake_candidates, write_plain_workbook

    path = folder / f"candidates-{rows}.xlsx"
    write_plain_workbook(fake_candidates(rows, seed=rows), path)
    return path


def run_case(path: Path, case: str) -> dict:
    script = RUNNER.format(code=json.dumps(CASES))
    out = subprocess.run([sys.executable, "-c", script, str(path), case], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{case} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-edit", action="store_true", help="skip the (slow, openpyxl-bound) edit cases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'rows':>8} | {'case':<34} | {'median s':>9} | {'+ imports':>9} | {'peak MB':>8} | vs talentsheet")
        print("-" * 96)
        for rows in args.rows:
            path = make_workbook(rows, Path(tmp))
            medians = {}
            for case in [c for c in CASES if not (args.no_edit and c.startswith("edit"))]:
                runs = [run_case(path, case) for _ in range(args.repeat)]
                medians[case] = statistics.median(r["seconds"] for r in runs)
                imports = statistics.median(r["import_seconds"] for r in runs)
                peak = statistics.median(r["peak_mb"] for r in runs)
                base = "edit: talentsheet.apply_edit" if case.startswith("edit") else "talentsheet.read_candidates"
                ratio = medians[case] / medians[base] if base in medians else 1.0
                print(
                    f"{rows:>8} | {case:<34} | {medians[case]:>9.2f} | {imports:>9.2f} | {peak:>8.0f} | {ratio:>5.1f}x",
                    flush=True,
                )


if __name__ == "__main__":
    main()
