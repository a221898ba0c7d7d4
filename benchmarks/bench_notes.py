"""Benchmark notes extraction: precision and recall per field on the labelled notes, and speed.

The labelled set is ``tests/data/notes_labelled.jsonl``: hand-written notes (typos,
abbreviations, several facts per note, negations, past vs future, other people's names and
cities) plus every note of ``shared/field/recruiter_project_export.csv`` and Lever's tags,
each with the expected future title / location / open to remote / call-back / status. Two
splits: ``heldout`` (written first and sealed: never used to write rules; only its figures
are printed, never its errors) and ``dev``.

A value counts as right when it means the same: titles by role family and seniority
(``parse_title``), places by city/region/country (``parse_locations``), call-backs by date
(or both "unreadable"), remote answers and statuses exactly.

Usage: .venv/bin/python benchmarks/bench_notes.py [--errors] [--heldout] [--speed N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from talentsheet.notes import FIELDS, read_note, read_notes
from talentsheet.places import parse_locations
from talentsheet.titles import parse_title

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "notes_labelled.jsonl"
UNREADABLE = "unreadable"


def load(path: Path = DATA) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predicted(item: dict[str, Any]) -> dict[str, Any]:
    anchor = date.fromisoformat(item["anchor"]) if item["anchor"] else None
    reading = read_note(item["note"], anchor=anchor)
    out: dict[str, Any] = dict.fromkeys(FIELDS)
    for p in reading.proposals:
        if p.field == "follow_up_on":
            out[p.field] = p.value.isoformat() if p.value else UNREADABLE
        else:
            out[p.field] = p.value
    return out


def same(field: str, got: Any, want: Any) -> bool:
    """Do two values mean the same thing for ``field``?"""
    if got is None or want is None:
        return got is want
    if field == "future_title":
        a, b = parse_title(got), parse_title(want)
        return (a.family, a.seniority) == (b.family, b.seniority) and a.known
    if field == "future_location":
        key = lambda v: {(p.city, p.region, p.country, p.remote) for p in parse_locations(v)}  # noqa: E731
        return key(got) == key(want)
    return str(got) == str(want)


def score(items: list[dict[str, Any]]) -> tuple[pd.DataFrame, list[tuple[str, str, Any, Any]]]:
    """Precision, recall and counts per field; and the errors (id, field, got, expected)."""
    counts = {f: {"tp": 0, "fp": 0, "fn": 0, "expected": 0} for f in FIELDS}
    errors = []
    for item in items:
        got = predicted(item)
        for f in FIELDS:
            want, have = item["expect"][f], got[f]
            c = counts[f]
            c["expected"] += want is not None
            if have is not None and want is not None and same(f, have, want):
                c["tp"] += 1
                continue
            if have is not None:
                c["fp"] += 1
            if want is not None:
                c["fn"] += 1
            if have is not None or want is not None:
                errors.append((item["id"], f, have, want))
    rows = []
    for f, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        rows.append(
            {"field": f, "expected": c["expected"], "right": c["tp"], "wrong or extra": c["fp"], "precision": p, "recall": r}
        )
    return pd.DataFrame(rows), errors


# --- speed ------------------------------------------------------------------------------------

PARTS = [
    "Not now; wants {title} in {city}; ping Q{q}",
    "Said if I call in future -> {title}, {city}. f/u {n} months",
    "future: {title} in {city}, call back in Q{q}",
    "Strong SQL, Spark; met at meetup #{i}",
    "DNC - asked to be removed ({i})",
    "would consider {title} roles in {city} or remote",
    "placed at Globex via me, {i}",
    "happy at Initech, check back early 2027 (ref {i})",
    "Referred by Anna in {city} #{i}",
]
TITLES = ["Senior Data Engineer", "Sr DE", "Staff SWE", "EM", "Director of Eng", "Principal PM", "Data Scientist"]
CITIES = ["Austin", "Denver", "London", "Seattle, WA", "NYC", "Berlin", "Toronto"]


def synthetic_frame(n: int, seed: int = 3) -> pd.DataFrame:
    """``n`` rows whose notes are all different (a counter in each), as the reader gives them."""
    rng = random.Random(seed)
    notes = [
        rng.choice(PARTS).format(
            title=rng.choice(TITLES), city=rng.choice(CITIES), q=rng.randint(1, 4), n=rng.randint(1, 12), i=i
        )
        for i in range(n)
    ]
    contacted = [date(2026, 1, 1) + timedelta(days=rng.randint(0, 300)) for _ in range(n)]
    df = pd.DataFrame({"notes": notes, "last_contacted": contacted}, dtype=object)
    df.index = pd.RangeIndex(2, 2 + n, name="row")
    return df


def speed(n: int) -> float:
    df = synthetic_frame(n)
    read_notes(df.head(50))  # gazetteers and title tables load once
    t = time.perf_counter()
    read_notes(df)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="list the dev split's errors (never the held-out's)")
    parser.add_argument("--heldout", action="store_true", help="also score the sealed held-out split (figures only)")
    parser.add_argument("--speed", type=int, default=0, help="also time read_notes on N distinct notes")
    args = parser.parse_args()
    items = load()
    pd.set_option("display.width", 160)
    for split in ("dev", "heldout") if args.heldout else ("dev",):
        part = [i for i in items if i["split"] == split]
        table, errors = score(part)
        print(f"\n{split}: {len(part)} notes ({sum(i['source'] == 'field' for i in part)} from the field exports)")
        print(table.round(3).to_string(index=False))
        if args.errors and split == "dev":
            by_id = {i["id"]: i for i in part}
            for eid, f, got, want in errors:
                print(f"  {eid} {f}: got {got!r}, expected {want!r}  <- {by_id[eid]['note']}")
    if args.speed:
        print(f"\nread_notes on {args.speed:,} distinct notes: {speed(args.speed):.2f} s")


if __name__ == "__main__":
    sys.exit(main())
