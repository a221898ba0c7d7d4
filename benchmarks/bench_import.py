"""Benchmark `talentsheet import` and `unimport` as a recruiter runs them.

Builds a master of ``--master`` synthetic candidates (``sample.fake_candidates``, template
headers) and a LinkedIn-Connections-style CSV of ``--export`` rows of which a fifth are people
already in the master, then times ``import_export`` and ``unimport`` on copies of the master
(library calls: the CLI adds about a second of start-up), with the stages of an import.

Usage:  .venv/bin/python benchmarks/bench_import.py [--master 20000] [--export 5000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from talentsheet.importer import import_export, unimport
from talentsheet.sample import fake_candidates, write_plain_workbook

LINKEDIN_HEADERS = {
    "first_name": "First Name",
    "last_name": "Last Name",
    "linkedin": "URL",
    "email": "Email Address",
    "company": "Company",
    "current_title": "Position",
}


def build(folder: Path, n_master: int, n_export: int) -> tuple[Path, Path]:
    people = fake_candidates(n_master + n_export)
    master = folder / "master.xlsx"
    write_plain_workbook(people.iloc[:n_master], master)
    known = n_export // 5
    part = people.iloc[n_master - known : n_master - known + n_export]
    export = folder / "Connections.csv"
    part[list(LINKEDIN_HEADERS)].rename(columns=LINKEDIN_HEADERS).to_csv(export, index=False)
    return master, export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--master", type=int, default=20_000)
    parser.add_argument("--export", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        master, export = build(folder, args.master, args.export)
        imports, undos = [], []
        for n in range(args.repeat):
            copy = folder / f"run{n}.xlsx"
            shutil.copy(master, copy)
            start = time.perf_counter()
            report = import_export(copy, export)
            imports.append(time.perf_counter() - start)
            start = time.perf_counter()
            unimport(copy, report.plan.import_id)
            undos.append(time.perf_counter() - start)
        plan = report.plan
        print(
            f"master {args.master:,} rows, export {args.export:,} rows: {len(plan.added):,} added, {len(plan.known):,} already present"
        )
        print(f"import   median {statistics.median(imports):.1f} s over {args.repeat} run(s)")
        print(f"unimport median {statistics.median(undos):.1f} s")


if __name__ == "__main__":
    main()
