"""Duplicate detection: quality (pair precision / recall / F1), time and peak memory of
talentsheet and, measured in the same run on the same rows, the usual alternatives, on every
development set (``dedupe_sets.py``): our generator, the GeCo-model generator, FEBRL 1 and the
field exports.

    .venv/bin/python benchmarks/bench_dedupe.py                       # every set, every tool
    .venv/bin/python benchmarks/bench_dedupe.py --sets geco --rows 5000 --only talentsheet
    .venv/bin/python benchmarks/bench_dedupe.py --sets own --rows 1000000 --only talentsheet   # timing run
    .venv/bin/python benchmarks/bench_dedupe.py --tune --rows 50000 --seed 11      # refit the defaults

Each tool runs in a fresh process (spawn) so its peak RSS is its own. Peers:
* ``drop_duplicates``: exact first+last name, which is what Excel's Remove Duplicates does;
* ``recordlinkage``: textbook pipeline (block on last name, Jaro-Winkler names, exact email/
  phone/city, the tutorial's rule: more than 3 of 5 agree);
* ``recordlinkage ECM``: the same library unsupervised: blocks on last name, on first name and
  on phone, binary features, its ECM classifier (EM for Fellegi-Sunter with conditional
  independence);
* ``splink``: DuckDB backend, offline, configured as its docs advise: names with
  ``ForenameSurnameComparison`` (swaps, Jaro-Winkler levels) and term frequencies, email with
  ``EmailComparison``, phone (national digits) with Damerau-Levenshtein levels, location and
  company with Jaro-Winkler levels, LinkedIn exact; blocking on first name, last name, email,
  phone, LinkedIn and name prefixes; the prior from deterministic rules, u by random sampling
  (10^7 pairs), m by EM on three blocking sessions; clusters at p >= ``SPLINK_CLUSTER_P``.

Peers see the same cells: a "Name" cell is split at its last space, names and places
lower-cased with accents dropped and punctuation removed (generic cleaning, not talentsheet's).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import statistics
import sys
import time
import unicodedata
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
import dedupe_sets

SPLINK_CLUSTER_P = 0.95


def _group_pairs(labels: np.ndarray) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(labels.tolist()):
        if g >= 0:
            groups.setdefault(g, []).append(i)
    return {p for rows in groups.values() if len(rows) > 1 for p in combinations(rows, 2)}


def run_talentsheet(df: pd.DataFrame) -> set[tuple[int, int]]:
    from talentsheet.dedupe import find_duplicates

    df = df.copy()
    df.index = pd.RangeIndex(len(df))
    return {p for g in find_duplicates(df) for p in combinations(g.rows, 2)}


def _plain(v) -> str | None:
    """Generic cleaning for the peers: lower case, no accents, letters/digits/spaces only."""
    if not isinstance(v, str) or not v.strip():
        return None
    v = unicodedata.normalize("NFKD", v).encode("ascii", "ignore").decode().lower()
    v = " ".join("".join(ch if ch.isalnum() else " " for ch in v).split())
    return v or None


def peer_frame(df: pd.DataFrame) -> pd.DataFrame:
    """What a careful user of a general record-linkage library would feed it."""
    col = lambda c: df[c] if c in df.columns else pd.Series([None] * len(df), index=df.index)  # noqa: E731
    first, last = [], []
    for f, ln, full in zip(col("first_name"), col("last_name"), col("full_name"), strict=True):
        f, ln = _plain(f), _plain(ln)
        if not f and not ln and _plain(full):
            words = _plain(full).split()
            f, ln = " ".join(words[:-1]) or None, words[-1]
        first.append(f)
        last.append(ln)
    email = [v.strip().lower().removeprefix("mailto:") if isinstance(v, str) and "@" in v else None for v in col("email")]
    phone = []
    for v in col("phone"):
        digits = "".join(ch for ch in str(v) if ch.isdigit()) if isinstance(v, str) else ""
        phone.append(digits.lstrip("0")[-9:] if len(digits) >= 7 else None)  # national digits, either form
    linkedin = []
    for v in col("linkedin"):
        slug = str(v).lower().split("/in/")[-1].split("?")[0].strip("/") if isinstance(v, str) and "/in/" in str(v) else None
        linkedin.append(slug or None)
    out = pd.DataFrame(
        {
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": phone,
            "linkedin": linkedin,
            "location": [_plain(v) for v in col("location")],
            "company": [_plain(v) for v in col("company")],
        },
        dtype=object,
    )
    out.insert(0, "unique_id", np.arange(len(df), dtype=np.int64))
    return out


def run_drop_duplicates(df: pd.DataFrame) -> set[tuple[int, int]]:
    d = peer_frame(df)
    named = d["first_name"].notna() | d["last_name"].notna()
    dup = d.duplicated(["first_name", "last_name"], keep=False) & named
    labels = np.where(dup, d.groupby(["first_name", "last_name"], dropna=False).ngroup(), -1)
    return _group_pairs(labels)


def _rl_features(df: pd.DataFrame, extra_blocks: bool):
    import recordlinkage as rl

    raw = peer_frame(df).set_index("unique_id")
    index = rl.Index()
    index.block("last_name")  # rows without the key are in no block (NaN never equals NaN)
    if extra_blocks:
        index.block("first_name")
        index.block("phone")
    pairs = index.index(raw.astype(object).where(raw.notna(), np.nan))
    d = raw.fillna("")
    c = rl.Compare()
    c.string("first_name", "first_name", method="jarowinkler", threshold=0.85, label="first")
    c.string("last_name", "last_name", method="jarowinkler", threshold=0.85, label="last")
    c.exact("email", "email", missing_value=0, label="email")
    c.exact("phone", "phone", missing_value=0, label="phone")
    c.string("location", "location", method="jarowinkler", threshold=0.85, label="location")
    if extra_blocks:
        c.string("company", "company", method="jarowinkler", threshold=0.85, label="company")
    features = c.compute(pairs, d)
    blank = {k: d[k].to_numpy() == "" for k in ("first_name", "last_name", "location", "company")}
    for label, key in (("first", "first_name"), ("last", "last_name"), ("location", "location"), ("company", "company")):
        if label in features:  # recordlinkage scores two blanks as equal: a blank is no agreement
            a, b = features.index.get_level_values(0), features.index.get_level_values(1)
            features.loc[blank[key][a] | blank[key][b], label] = 0
    return features


def run_recordlinkage(df: pd.DataFrame) -> set[tuple[int, int]]:
    features = _rl_features(df, extra_blocks=False)
    matches = features[features.sum(axis=1) > 3].index  # the rule of the recordlinkage tutorial
    return {(min(a, b), max(a, b)) for a, b in matches}


def run_recordlinkage_ecm(df: pd.DataFrame) -> set[tuple[int, int]]:
    import recordlinkage as rl

    features = _rl_features(df, extra_blocks=True)
    if features.empty:
        return set()
    matches = rl.ECMClassifier(binarize=0.5).fit_predict(features)
    return {(min(a, b), max(a, b)) for a, b in matches}


def run_splink(df: pd.DataFrame) -> set[tuple[int, int]]:
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    d = peer_frame(df)
    d["name_concat"] = [" ".join(p for p in (f, ln) if p) or None for f, ln in zip(d["first_name"], d["last_name"], strict=True)]
    names = cl.ForenameSurnameComparison("first_name", "last_name", forename_surname_concat_col_name="name_concat")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            names,
            cl.EmailComparison("email"),
            cl.DamerauLevenshteinAtThresholds("phone", [1, 2]),
            cl.JaroWinklerAtThresholds("location", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("company", [0.9, 0.8]),
            cl.ExactMatch("linkedin"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name"),
            block_on("last_name"),
            block_on("email"),
            block_on("phone"),
            block_on("linkedin"),
            block_on("substr(first_name, 1, 2)", "substr(last_name, 1, 2)"),
            block_on("first_name", "location"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    from splink.internals.exceptions import EMTrainingException

    linker = Linker(DuckDBAPI().register(d), settings, log_level="ERROR")
    present = [c for c in ("email", "phone", "linkedin") if d[c].notna().any()]
    deterministic = [block_on(c) for c in present] + [block_on("first_name", "last_name", "location")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    for rule in [block_on("first_name", "last_name")] + [block_on(c) for c in present if c != "linkedin"]:
        try:  # a sheet without emails (FEBRL) has no pairs for that session: skip it, as a user would
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except EMTrainingException:
            continue
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    cluster_p = float(os.environ.get("SPLINK_CLUSTER_P", SPLINK_CLUSTER_P))
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, cluster_p).as_pandas_dataframe()
    return _group_pairs(clusters.sort_values("unique_id")["cluster_id"].factorize()[0])


TOOLS = {
    "talentsheet": run_talentsheet,
    "drop_duplicates (Excel)": run_drop_duplicates,
    "recordlinkage": run_recordlinkage,
    "recordlinkage ECM": run_recordlinkage_ecm,
    "splink (DuckDB)": run_splink,
}


def _child(name: str, frames: list[pd.DataFrame], queue) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    start = time.perf_counter()
    try:
        found = [TOOLS[name](df) for df in frames]
        error = ""
    except Exception as exc:  # a peer that fails is reported, not fatal
        found, error = [set() for _ in frames], f"{type(exc).__name__}: {exc}"[:120]
    seconds = time.perf_counter() - start
    queue.put((found, seconds, _peak_mb(), error))


def _peak_mb() -> float:
    """This process's own peak RSS. VmHWM, not ru_maxrss: Linux keeps ru_maxrss across the
    exec of a spawned child, so that would report the parent's size at the fork."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, frames: list[pd.DataFrame]) -> tuple[list[set], float, float, str]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(name, frames, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def quality(pred: set, truth: set) -> tuple[float, float, float]:
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _sets(names: list[str], rows: int, seed: int) -> list[tuple[str, list[dedupe_sets.LabelledSet]]]:
    out = []
    for name in names:
        if name == "own":
            out.append(("own", [dedupe_sets.own(rows, seed)]))
        elif name == "geco":
            out.append(("geco", [dedupe_sets.geco(rows, seed)]))
        elif name == "febrl1":
            out.append(("febrl1", [dedupe_sets.febrl1()]))
        elif name == "field":
            out.append(("field", dedupe_sets.all_field()))
    return out


def bench(names: list[str], rows: int, seed: int, only: list[str], repeat: int, show_misses: bool) -> None:
    print("| set | tool | precision | recall | F1 | time (median s) | peak memory (MB) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for _, parts in _sets(names, rows, seed):
        label = parts[0].name if len(parts) == 1 else f"field exports ({len(parts)} files, {sum(len(p.df) for p in parts)} rows)"
        truth = {(k, a, b) for k, p in enumerate(parts) for a, b in p.truth}
        traps = {(k, a, b) for k, p in enumerate(parts) for a, b in p.traps}
        for name in only or TOOLS:
            runs = [measure(name, [p.df for p in parts]) for _ in range(repeat)]
            found, _, peak, error = runs[0]
            pred = {(k, a, b) for k, pairs in enumerate(found) for a, b in pairs}
            p, r, f1 = quality(pred, truth)
            secs = statistics.median(run[1] for run in runs)
            note = f" ({error})" if error else ""
            trapped = f", {len(pred & traps)} of {len(traps)} traps joined" if traps else ""
            print(f"| {label}{trapped} | {name}{note} | {p:.4f} | {r:.4f} | {f1:.4f} | {secs:.2f} | {peak:.0f} |", flush=True)
            if show_misses and name == "talentsheet":
                _show(parts, pred, truth)


def _show(parts: list[dedupe_sets.LabelledSet], pred: set, truth: set, limit: int = 12) -> None:
    """A few missed and false pairs, side by side, to see why (development only)."""
    cols = ["first_name", "last_name", "full_name", "email", "phone", "location", "company", "linkedin"]
    for title, pairs in (("missed", sorted(truth - pred)), ("false", sorted(pred - truth))):
        print(f"  {title}: {len(pairs)}", file=sys.stderr)
        for k, a, b in pairs[:limit]:
            df = parts[k].df
            for i in (a, b):
                print("   ", " | ".join(str(df.iloc[i].get(c)) for c in cols if c in df.columns), file=sys.stderr)
            print(file=sys.stderr)


# --- fitting the default agreement probabilities ---------------------------------------------


def _level_shares(levels: dict, fld: str) -> np.ndarray:
    from talentsheet.dedupe.settings import LEVELS

    counts = np.bincount(levels[fld], minlength=len(LEVELS[fld])).astype(float)
    neutral = [k for k, lvl in enumerate(LEVELS[fld]) if lvl in ("missing", "name_like")]
    counts[neutral] = 0.0
    return counts


M_FLOOR = 0.01


def tune(rows: int, seed: int) -> None:
    """Fit the defaults EM starts from (``settings.DEFAULT_M`` / ``DEFAULT_U``): m from the
    true duplicate pairs, u from 300,000 random pairs, pooled over our generator and the
    GeCo-model generator on a training seed (the benchmark runs on another seed), half a
    pair's pseudo-count per level, and no m below ``M_FLOOR``. Prints them as Python."""
    from talentsheet.dedupe.compare import compare
    from talentsheet.dedupe.prepare import columns, prepare
    from talentsheet.dedupe.score import random_pairs
    from talentsheet.dedupe.settings import LEVELS

    m_counts = {f: np.zeros(len(v)) for f, v in LEVELS.items()}
    u_counts = {f: np.zeros(len(v)) for f, v in LEVELS.items()}
    for labelled in (dedupe_sets.own(rows, seed), dedupe_sets.geco(rows, seed)):
        df = labelled.df.copy()
        df.index = pd.RangeIndex(len(df))
        cols = columns(prepare(df))
        m_levels = compare(cols, np.array(sorted(labelled.truth), dtype=np.int64))
        u_levels = compare(cols, random_pairs(len(df), 300_000, np.random.default_rng(seed)))
        for f in LEVELS:
            m_counts[f] += _level_shares(m_levels, f)
            u_counts[f] += _level_shares(u_levels, f)
    for name, counts in (("DEFAULT_M", m_counts), ("DEFAULT_U", u_counts)):
        print(f"{name}: dict[str, dict[str, float]] = {{")
        for f, levels in LEVELS.items():
            c = counts[f]
            live = [k for k, lvl in enumerate(levels) if lvl not in ("missing", "name_like")]
            p = (c[live] + 0.5) / (c[live].sum() + 0.5 * len(live))
            if name == "DEFAULT_M":  # no level is rarer than 1 in 100 duplicates: our generators never
                p = np.maximum(p, M_FLOOR)  # give a person two LinkedIn profiles; the field exports do
                p /= p.sum()
            shown = ", ".join(f'"{levels[k]}": {float(f"{v:.3g}")}' for k, v in zip(live, p, strict=True))
            print(f'    "{f}": {{{shown}}},')
        print("}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=["own", "geco", "febrl1", "field"], choices=["own", "geco", "febrl1", "field"])
    ap.add_argument("--rows", type=int, default=20_000, help="rows of the generated sets")
    ap.add_argument("--show", action="store_true", help="print talentsheet's missed and false pairs (stderr)")
    ap.add_argument("--splink-p", type=float, default=SPLINK_CLUSTER_P, help="splink's clustering threshold")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", nargs="*", default=[], choices=list(TOOLS))
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool; the time is the median")
    ap.add_argument("--tune", action="store_true", help="refit the default agreement probabilities (m, u)")
    args = ap.parse_args()
    os.environ["SPLINK_CLUSTER_P"] = str(args.splink_p)  # the spawned children read it
    if args.tune:
        tune(args.rows, args.seed)
    else:
        bench(args.sets, args.rows, args.seed, args.only, args.repeat, args.show)


if __name__ == "__main__":
    main()
