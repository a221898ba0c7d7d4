"""Each Excel button's Python work on a big workbook: payload in -> actions out.

What is timed per button is what runs in xlwings Lite/Server when the recruiter clicks:
``xw.Book(json=payload)``, the Excel-layer action, and serialising the returned actions.
The peer in the same run is the same capability through the CLI's route on the file
(calamine read + library computation, without the openpyxl write).

    .venv/bin/python benchmarks/bench_excel.py --rows 10000 --repeat 3

Needs the xlwings remote engine, so it sets XLWINGS_LICENSE_KEY=noncommercial for itself.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "excel"))

import openpyxl
import xlwings as xw
from xlpayload import book_payload
from xlreplay import replay

from talentsheet import excel
from talentsheet.dedupe import find_duplicates
from talentsheet.dedupe.merge import merge
from talentsheet.match import match
from talentsheet.openings import read_opening
from talentsheet.sample import demo_workbook
from talentsheet.validate import validate_table
from talentsheet.views.filters import build_views, follow_ups_due, prepare
from talentsheet.workbook.reader import read_candidates

BUTTONS = ["validate", "find_duplicates", "merge_duplicates", "refresh_views", "follow_ups", "find_matches"]


def file_route(action: str, path: Path) -> None:
    """The CLI's computation for the same button (read the file, compute; no write)."""
    table = read_candidates(path)
    if action == "validate":
        validate_table(table)
    elif action == "find_duplicates":
        find_duplicates(table.df)
    elif action == "merge_duplicates":
        merge(path, output=path.with_name("merged-by-cli.xlsx"))
    elif action == "refresh_views":
        build_views(table.df)
    elif action == "follow_ups":
        follow_ups_due(table.df, prepare(table.df))
    elif action == "find_matches":
        match(table.df, read_opening(path, 2))


def button(action: str, payload: str) -> int:
    """One click: parse the posted JSON, run the action, serialise the actions."""
    book = xw.Book(json=json.loads(payload))
    result = excel.run_action(book, action)
    assert result is not None, f"{action} raised an alert"
    return len(json.dumps(book.json(), default=str))


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def workbook(rows: int, folder: Path) -> Path:
    """The demo workbook at this size (planted duplicates and mess), an opening, and the
    Duplicates review sheet that Find duplicates writes (so Merge has work to do)."""
    path = folder / f"bench-{rows}.xlsx"
    demo_workbook(path, n=rows)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Openings")
    ws.append(["Title", "Location", "Remote/Hybrid/On-site"])
    ws.append(["Data Engineer", "Austin, TX", "Hybrid"])
    wb.save(path)
    book = xw.Book(json=book_payload(path))
    excel.run_action(book, "find_duplicates")
    replay(path, book.json()["actions"], save_to=path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    quiet = contextlib.redirect_stdout(io.StringIO())  # the layer prints progress for Lite's pane
    with tempfile.TemporaryDirectory() as tmp, quiet:
        path = workbook(args.rows, Path(tmp))
        payload = json.dumps(book_payload(path))
        table = []
        for action in BUTTONS:
            size = button(action, payload)
            table.append(
                (
                    action,
                    timed(lambda a=action: button(a, payload), args.repeat),
                    timed(lambda a=action: file_route(a, path), args.repeat),
                    size,
                )
            )
    print(
        f"{args.rows:,} candidates, median of {args.repeat} runs, rapidfuzz {os.environ.get('RAPIDFUZZ_IMPLEMENTATION', 'default')}"
    )
    print(
        "| button | Excel layer: payload in -> actions out (s) | CLI route on the file: read + compute (s; merge also writes) | actions JSON (kB) |"
    )
    print("|---|---:|---:|---:|")
    for action, layer, peer, size in table:
        print(f"| {action} | {layer:.2f} | {peer:.2f} | {size / 1000:,.0f} |")


if __name__ == "__main__":
    main()
