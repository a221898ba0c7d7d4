"""Benchmark `talentsheet validate` on a large synthetic workbook.

Builds an N-row workbook (``sample.fake_candidates`` + planted mess, written with
``write_plain_workbook``), then measures, each in a fresh process so no cache is warm:

* read      - reading the sheet (python-calamine), the floor for any validation
* validate  - the library call ``validate_table(table)``: time (cold caches), and the peak
              Python memory of a second, traced run (tracemalloc)
* cli check - ``talentsheet validate FILE --check`` end to end (read + validate + summary)
* cli write - ``talentsheet validate FILE -o OUT.xlsx`` end to end (Issues sheet, highlights)
* peers     - email-validator alone on the email column, phonenumbers alone on the phone
              column, and an openpyxl load + save of the same file (the floor of any write)

Usage:  .venv/bin/python benchmarks/bench_validate.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 25)
CLI = [str(Path(sys.executable).with_name("talentsheet"))]
MESS = [
    ("first_name", str.upper),
    ("last_name", str.lower),
    ("linkedin", lambda v: v.replace("https://www.", "uk.") + "?trk=public_profile"),
    ("email", lambda v: v.replace("@example.com", "@gmial.com")),
    ("email", lambda v: "not an email"),
    ("phone", lambda v: "555-12"),
    ("contact_method", lambda v: "LI"),
    ("status", lambda v: "maybe later"),
    ("last_contacted", lambda v: v.strftime("%d %b %Y") if v else v),
    ("location", lambda v: v.lower().replace(",", "")),
]


def build(rows: int, path: Path) -> Path:
    """A messy workbook: 5% of the rows get one typical recruiter mistake each."""
    from talentsheet.sample import fake_candidates, write_plain_workbook

    df = fake_candidates(rows)
    rng = random.Random(3)
    for i in rng.sample(range(rows), rows // 20):
        field, spoil = rng.choice(MESS)
        value = df.at[i, field]
        if value:
            df.at[i, field] = spoil(value)
    return write_plain_workbook(df, path)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(kind: str, path: Path) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    from talentsheet.workbook.reader import read_candidates

    start = time.perf_counter()
    table = read_candidates(path)
    read_s = time.perf_counter() - start
    if kind == "read":
        return {"seconds": read_s, "rss_mb": _peak_rss_mb()}
    if kind == "validate":
        from talentsheet.validate import validate_table

        start = time.perf_counter()
        result = validate_table(table, today=TODAY)
        seconds = time.perf_counter() - start
        rss = _peak_rss_mb()
        del result
        tracemalloc.start()  # a second, traced run: tracemalloc slows the code, so it is not timed
        validate_table(table, today=TODAY)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        return {"seconds": seconds, "traced_mb": peak, "rss_mb": rss}
    values = [v for v in table.df[kind.removeprefix("peer-")].tolist() if v]
    start = time.perf_counter()
    if kind == "peer-email":
        from email_validator import EmailNotValidError, validate_email

        for v in values:
            with contextlib.suppress(EmailNotValidError):
                validate_email(str(v), check_deliverability=False)
    else:
        import phonenumbers

        for v in values:
            with contextlib.suppress(phonenumbers.NumberParseException):
                phonenumbers.format_number(phonenumbers.parse(str(v), "US"), phonenumbers.PhoneNumberFormat.E164)
    return {"seconds": time.perf_counter() - start, "rss_mb": _peak_rss_mb()}


def openpyxl_round_trip(path: Path, out: Path) -> dict:
    import openpyxl

    start = time.perf_counter()
    openpyxl.load_workbook(path).save(out)
    return {"seconds": time.perf_counter() - start, "rss_mb": _peak_rss_mb()}


def run_measured(args: list[str]) -> tuple[str, float, float]:
    """Run a fresh process; return its stdout, wall seconds and its own peak RSS (MB)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if child.returncode > 2:
            raise SystemExit(f"{' '.join(args)} failed: {err.read()}")
        return out.read(), seconds, usage.ru_maxrss / 1024


def in_child(kind: str, path: Path, out: Path | None = None) -> dict:
    stdout, _, _ = run_measured([sys.executable, __file__, "--one", kind, str(path)] + ([str(out)] if out else []))
    return json.loads(stdout)


def cli(args: list[str]) -> dict:
    """Wall time and peak memory of one real CLI run (fresh process)."""
    _, seconds, rss = run_measured(CLI + args)
    return {"seconds": seconds, "rss_mb": rss}


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the light measurements (median shown)")
    parser.add_argument("--write-repeat", type=int, default=1, help="runs of the two heavy write measurements")
    parser.add_argument("--skip-write", action="store_true", help="leave out the two heavy write measurements")
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, path = args.one[0], Path(args.one[1])
        result = openpyxl_round_trip(path, Path(args.one[2])) if kind == "openpyxl" else one(kind, path)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        book = build(args.rows, Path(tmp) / "bench.xlsx")
        out = Path(tmp) / "out.xlsx"

        def light(kind: str) -> list[dict]:
            return [in_child(kind, book) for _ in range(args.repeat)]

        check = ["validate", str(book), "--check", "--today", str(TODAY)]
        table: list[tuple[str, list[dict]]] = [
            ("read (calamine)", light("read")),
            ("validate (library)", light("validate")),
            ("cli validate --check", [cli(check) for _ in range(args.repeat)]),
        ]
        if not args.skip_write:
            write = ["validate", str(book), "-o", str(out), "--today", str(TODAY)]
            table.append(("cli validate -o out.xlsx", [cli(write) for _ in range(args.write_repeat)]))
        table += [
            ("peer: email-validator, email column", light("peer-email")),
            ("peer: phonenumbers, phone column", light("peer-phone")),
        ]
        if not args.skip_write:
            table.append(("peer: openpyxl load + save", [in_child("openpyxl", book, out) for _ in range(args.write_repeat)]))
    print(f"\n{args.rows:,} rows; median of {args.repeat} runs (write rows: {args.write_repeat})\n")
    print(f"| {'step':<38} | {'seconds':>8} | {'peak RSS MB':>11} | {'traced MB':>9} |")
    print(f"|{'-' * 40}|{'-' * 9}:|{'-' * 12}:|{'-' * 10}:|")
    for name, runs in table:
        traced = f"{median(runs, 'traced_mb'):.0f}" if "traced_mb" in runs[0] else ""
        print(f"| {name:<38} | {median(runs, 'seconds'):>8.2f} | {median(runs, 'rss_mb'):>11.0f} | {traced:>9} |")


if __name__ == "__main__":
    main()
