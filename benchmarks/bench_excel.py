"""Each Excel button's work on a big workbook: Python time, actions, client round trips.

What is timed per button is what runs in xlwings Lite/Server when the recruiter clicks:
``xw.Book(json=payload)``, the Excel-layer action, and serialising the returned actions.
The peer in the same run is the same capability through the CLI's route on the file
(calamine read + library computation, without the openpyxl write). For the client side it
counts the actions returned and the round trips to Excel that xlwings' open-source Office.js
client would make applying them (tests/excel/officejs_client.py: one per ``context.sync()``,
e.g. two per ``addHyperlink``), and how many actions that client has no handler for.
Targets per button at 10k rows: < 2 s Python time and < 50 round trips.

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

from button_books import button_workbook, click
from officejs_client import HANDLED, funcs, round_trips
from xlpayload import book_payload

from talentsheet.dedupe import find_duplicates
from talentsheet.dedupe.merge import merge
from talentsheet.excel.buttons import BUTTONS
from talentsheet.match import match
from talentsheet.openings import read_opening
from talentsheet.validate import validate_table
from talentsheet.views.filters import build_views, follow_ups_due, prepare
from talentsheet.workbook.reader import read_candidates

TARGET_SECONDS, TARGET_ROUND_TRIPS = 2.0, 50


def file_route(action: str, path: Path) -> None:
    """The CLI's computation for the same button (read the file, compute; no write)."""
    table = read_candidates(path)
    if action == "validate":
        validate_table(table)
    elif action == "find_duplicates":
        find_duplicates(table.df)
    elif action == "merge_duplicates":
        out = path.with_name("merged-by-cli.xlsx")
        out.unlink(missing_ok=True)  # each repeat writes it anew
        merge(path, output=out)
    elif action == "refresh_views":
        build_views(table.df)
    elif action == "follow_ups":
        follow_ups_due(table.df, prepare(table.df))
    elif action == "find_matches":
        match(table.df, read_opening(path, 2))


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        path = button_workbook(Path(tmp) / f"bench-{args.rows}.xlsx", rows=args.rows)
        payload = json.dumps(book_payload(path))
        for action in [b.action for b in BUTTONS if b.action != "workbook_info"]:
            actions = click(action, payload)
            layer = timed(lambda a=action: len(json.dumps(click(a, payload), default=str)), args.repeat)
            with contextlib.redirect_stdout(io.StringIO()):
                peer = timed(lambda a=action: file_route(a, path), args.repeat)
            size = len(json.dumps({"actions": actions}, default=str))
            unhandled = sorted({a["func"] for a in actions} - set(HANDLED))
            table.append((action, layer, peer, len(actions), round_trips(actions), unhandled, size, funcs(actions)))
    print(
        f"{args.rows:,} candidates, median of {args.repeat} runs, rapidfuzz {os.environ.get('RAPIDFUZZ_IMPLEMENTATION', 'default')}; "
        f"targets: < {TARGET_SECONDS:.0f} s, < {TARGET_ROUND_TRIPS} round trips"
    )
    print(
        "| button | Python: payload in -> actions out (s) | CLI route on the file (s) | actions | "
        "round trips (open-source client) | actions it has no handler for | actions JSON (kB) |"
    )
    print("|---|---:|---:|---:|---:|---|---:|")
    for action, layer, peer, count, trips, unhandled, size, _ in table:
        slow = " (over target)" if layer >= TARGET_SECONDS else ""
        many = " (over target)" if trips >= TARGET_ROUND_TRIPS else ""
        print(
            f"| {action} | {layer:.2f}{slow} | {peer:.2f} | {count:,} | {trips:,}{many} | {', '.join(unhandled) or '-'} | {size / 1000:,.0f} |"
        )

    print_funcs([(row[0], row[-1]) for row in table])


def print_funcs(per_button: list[tuple[str, dict[str, int]]]) -> None:
    """Each func emitted, counted per button, with the open-source client's handler line."""
    every = sorted({f for _, counts in per_button for f in counts}, key=lambda f: (f not in HANDLED, f))
    print()
    print("| func | " + " | ".join(a for a, _ in per_button) + " | open-source client | round trips each |")
    print("|---|" + "---:|" * len(per_button) + "---|---:|")
    for f in every:
        cells = " | ".join(f"{counts[f]:,}" if counts.get(f) else "" for _, counts in per_button)
        client = f"line {HANDLED[f][1]}" if f in HANDLED else "**no handler**"
        print(f"| `{f}` | {cells} | {client} | {HANDLED[f][0] if f in HANDLED else '-'} |")


if __name__ == "__main__":
    main()
