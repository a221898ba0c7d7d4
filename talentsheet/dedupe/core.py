"""Find the same person entered more than once: normalise → block → compare → score → cluster.

* normalise: one key per identifying field (``normalize.py`` keys, ``places.parse_location``),
  names folded, "SMITH, ROBERT" pasted into the first-name cell split, nicknames expanded
  from the maintained ``nicknames`` dataset.
* block: several keys (exact LinkedIn/email/phone; sorted name tokens; nickname form + last
  name prefix or suffix; last name + first-name initial or ending, each within a city) so a
  typo in the first letters still meets its twin; ``rapidfuzz.process.cdist`` filters each
  block. Cost grows with rows, never with rows².
* compare + score: each pair gets one agreement level per field, and the level's weight
  (log2 of how much likelier it is for a true duplicate than for a different person, learned
  on the labelled set in ``benchmarks/``) is summed into one score with readable reasons; a
  name that many rows of the sheet share counts for less (``crowd_penalty``).
* cluster: pairs above the threshold are joined, but a group must be dense (every member tied
  to the survivor or to most members, none contradicting another), so A~B and B~C never drag
  in an unrelated C.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from ..errors import InputError
from ..places import parse_location
from ..workbook.reader import split_full_name
from .block import block_pairs
from .names import first_forms, nickname_related

__all__ = [
    "DedupeSettings",
    "DuplicateGroup",
    "block_pairs",
    "cluster",
    "compare",
    "find_duplicates",
    "first_forms",
    "nickname_related",
    "prepare",
    "score",
]

LEVELS: dict[str, list[str]] = {
    "first": ["exact", "nickname", "initial", "close", "near", "different", "missing"],
    "last": ["exact", "close", "near", "different", "missing"],
    "linkedin": ["same", "different", "missing"],
    "email": ["same", "same_user", "different", "missing"],
    "phone": ["same", "different", "missing"],
    "city": ["same", "different", "missing"],
    "company": ["same", "different", "missing"],
    "title": ["same", "different", "missing"],
}
# Tuned with `python benchmarks/bench_dedupe.py --tune --rows 200000 --seed 11` (see docs/dedupe.md):
# log2(P(level | same person) / P(level | two random rows)); 'missing' and unseen levels weigh 0.
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "first": {"exact": 7.62, "nickname": 6.16, "initial": 0.0, "close": 4.96, "near": 1.98, "different": -8.07, "missing": 0.0},
    "last": {"exact": 6.53, "close": 7.28, "near": 2.51, "different": -7.64, "missing": 0.0},
    "linkedin": {"same": 14.0, "different": -12.0, "missing": 0.0},
    "email": {"same": 14.0, "same_user": 0.0, "different": -1.63, "missing": 0.0},
    "phone": {"same": 14.0, "different": -12.0, "missing": 0.0},
    "city": {"same": 4.17, "different": -4.39, "missing": 0.0},
    "company": {"same": 3.14, "different": -2.89, "missing": 0.0},
    "title": {"same": 4.24, "different": -2.19, "missing": 0.0},
}


@dataclass
class DedupeSettings:
    """Thresholds and weights; the defaults were tuned on the labelled set, not guessed."""

    threshold: float = 18.0  # summed weight from which a pair is a duplicate
    prior_log2: float = -15.45  # log2 odds that two random rows are the same person (20,000 rows; for display only)
    name_cutoff: float = 70.0  # rapidfuzz ratio a name must reach inside a name block
    max_block: int = 400  # exact-key blocks larger than this (a shared office phone) are skipped
    dense_share: float = 0.5  # a member must be tied to the survivor or to this share of the group
    contradiction: float = -5.0  # two members with a field this strongly against (different LinkedIn) never share a group
    different_first_needs_id: bool = True  # different first names match only with the same LinkedIn or email
    typo_edits: int = 2  # names this few edits apart (two typos of one name) do not contradict in a group
    crowd_ref: float = 2.0  # a name shared by more rows than this in the sheet loses log2(rows / crowd_ref) (0: off)
    workers: int = -1  # rapidfuzz threads (-1: all cores)
    weights: dict[str, dict[str, float]] = field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_WEIGHTS.items()})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DedupeSettings:
        """Settings from plain data; every unknown name is reported at once."""
        known = set(cls.__dataclass_fields__)
        problems = [f"unknown setting {k!r}" for k in data if k not in known]
        weights = {k: dict(v) for k, v in DEFAULT_WEIGHTS.items()}
        for fld, levels in (data.get("weights") or {}).items():
            if fld not in LEVELS:
                problems.append(f"unknown field {fld!r} in weights")
                continue
            problems += [f"unknown level {fld}.{lvl}" for lvl in levels if lvl not in LEVELS[fld]]
            weights[fld].update({lvl: float(w) for lvl, w in levels.items() if lvl in LEVELS[fld]})
        if problems:
            raise InputError("; ".join(problems), f"known settings: {', '.join(sorted(known))}")
        plain = {k: v for k, v in data.items() if k != "weights"}
        return cls(**plain, weights=weights)

    @classmethod
    def from_json(cls, path: str | Path) -> DedupeSettings:
        return cls.from_dict(json.loads(Path(path).read_text()))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- normalise -----------------------------------------------------------------------------------


def _names(first: Any, last: Any, full: Any) -> tuple[str, str]:
    """(first, last) as typed, repairing 'SMITH, ROBERT' pasted whole into one cell."""
    from ..normalize import name_key

    f, ln = name_key(first), name_key(last)
    if not f and not ln and isinstance(full, str):
        a, b = split_full_name(full)
        return name_key(a), name_key(b)
    if isinstance(first, str) and "," in first and not ln:
        a, b = split_full_name(first)
        return name_key(a), name_key(b)
    if isinstance(last, str) and "," in last and not f:
        a, b = split_full_name(last)
        return name_key(a), name_key(b)
    return f, ln


@lru_cache(maxsize=50_000)
def _city_key(text: str) -> str:
    place = parse_location(text)
    if place.remote and not place.city:
        return ""
    if place.known:
        return "|".join(str(p or "") for p in (place.city, place.region, place.country))
    return " ".join(text.lower().split())


def _mapped(values: pd.Series, fn) -> np.ndarray:
    """Apply a key function once per distinct value (sheets repeat values a lot)."""
    uniq = pd.unique(values.to_numpy(dtype=object))
    table = {v: fn(v) for v in uniq}
    return np.array([table[v] for v in values.to_numpy(dtype=object)], dtype=object)


def _folded(v: Any) -> str:
    return " ".join(str(v).lower().split()) if v is not None and v == v and str(v).strip() else ""


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Normalise stage: one matching key per field, '' when missing (index kept)."""
    from ..normalize import email_key, linkedin_key, phone_key

    col = lambda name: df[name] if name in df.columns else pd.Series([None] * len(df), index=df.index)  # noqa: E731
    names = [_names(a, b, c) for a, b, c in zip(col("first_name"), col("last_name"), col("full_name"), strict=True)]
    out: dict[str, Any] = {"first": [n[0] for n in names], "last": [n[1] for n in names]}
    out["linkedin"] = _mapped(col("linkedin"), lambda v: linkedin_key(v) or "")
    out["email"] = _mapped(col("email"), lambda v: email_key(v) or "")
    out["email_user"] = [e.split("@")[0].replace(".", "") if e else "" for e in out["email"]]
    out["phone"] = _mapped(col("phone"), lambda v: phone_key(v) or "")
    out["city"] = _mapped(col("location"), lambda v: _city_key(_folded(v)) if _folded(v) else "")
    out["company"] = _mapped(col("company"), _folded)
    out["title"] = _mapped(col("current_title"), _folded)
    return pd.DataFrame(out, index=df.index, dtype=object)  # plain str objects, shared with columns()


# --- compare -------------------------------------------------------------------------------------


def _first_level(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    if nickname_related(a, b):
        return "nickname"
    if (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
        return "initial"
    return _fuzzy_level(a, b)


def _fuzzy_level(a: str, b: str) -> str:
    sim = JaroWinkler.normalized_similarity(a, b)
    return "close" if sim >= 0.92 else "near" if sim >= 0.85 else "different"


def _last_level(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    return "exact" if a == b else _fuzzy_level(a, b)


_RANK = {"exact": 5, "nickname": 5, "close": 3, "initial": 2, "near": 1, "different": -3, "missing": 0}
_CODE = {fld: {lvl: k for k, lvl in enumerate(levels)} for fld, levels in LEVELS.items()}


@lru_cache(maxsize=500_000)
def name_levels(fa: str, la: str, fb: str, lb: str) -> tuple[int, int]:
    """(first, last) level codes, reading the other row's name swapped when that fits better."""
    straight = (_first_level(fa, fb), _last_level(la, lb))
    swapped = (_first_level(fa, lb), _last_level(la, fb))
    rank = lambda lv: _RANK[lv[0]] + _RANK[lv[1]]  # noqa: E731
    best = swapped if rank(swapped) > rank(straight) else straight
    return _CODE["first"][best[0]], _CODE["last"][best[1]]


def _key_level(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """0 same / 1 different / 2 missing (the order of LEVELS for key fields)."""
    missing = (a == "") | (b == "")
    return np.where(missing, 2, np.where(a == b, 0, 1)).astype(np.int8)


def columns(prep: pd.DataFrame) -> dict[str, np.ndarray]:
    """The prepared keys as plain arrays by position (fast to index pair by pair), plus a code
    per distinct full name (``name_code``, into ``name_parts``) so names are compared once, and
    how many rows of the sheet carry each row's name (``crowd``)."""
    cols = {c: prep[c].to_numpy(dtype=object) for c in prep.columns}
    full = np.array([f"{a}\t{b}" for a, b in zip(cols["first"], cols["last"], strict=True)], dtype=object)
    codes, uniques = pd.factorize(full)
    cols["name_code"] = codes.astype(np.int64)
    cols["name_parts"] = np.array([tuple(u.split("\t")) for u in uniques] + [("", "")], dtype=object)
    cols["crowd"] = name_crowd(cols["name_parts"][:-1], cols["name_code"])
    return cols


def name_crowd(parts: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Rows of the sheet sharing each row's name, read in either order ("Smith Robert" counts
    as "Robert Smith"): two rows agreeing on a name a hundred people share prove little, and
    the bigger the sheet, the more people share a common name."""
    if not len(codes):
        return np.zeros(0, dtype=np.int32)
    unordered, _ = pd.factorize(np.array([min(p) + "\t" + max(p) for p in parts.tolist()], dtype=object))
    per_row = unordered[codes]
    return np.bincount(per_row)[per_row].astype(np.int32)


def _name_level_codes(cols: dict[str, np.ndarray], pairs: np.ndarray) -> np.ndarray:
    """(first, last) level codes per pair, computed once per distinct pair of full names."""
    full, parts = cols["name_code"], cols["name_parts"]
    n = len(parts)
    distinct, inverse = np.unique(full[pairs[:, 0]] * n + full[pairs[:, 1]], return_inverse=True)
    levels = np.array([name_levels(*parts[c // n], *parts[c % n]) for c in distinct.tolist()], dtype=np.int8).reshape(-1, 2)
    return levels[inverse.ravel()]


class Levels(dict):
    """Per field, the level code of each pair (a plain dict of arrays), and per pair the
    ``crowd``: rows of the sheet that carry the more common of its two names."""

    crowd: np.ndarray | None = None


def compare(cols: dict[str, np.ndarray], pairs: np.ndarray) -> Levels:
    """Compare stage: per field, the level code (index into LEVELS[field]) of each pair."""
    i, j = pairs[:, 0], pairs[:, 1]
    names = _name_level_codes(cols, pairs)
    out = Levels(first=names[:, 0], last=names[:, 1])
    if "crowd" in cols:
        out.crowd = np.maximum(cols["crowd"][i], cols["crowd"][j])
    for name in ("linkedin", "phone", "city", "company", "title"):
        out[name] = _key_level(cols[name][i], cols[name][j])
    email = _key_level(cols["email"][i], cols["email"][j])
    user_a, user_b = cols["email_user"][i], cols["email_user"][j]
    same_user = (email == 1) & (user_a == user_b) & (user_a != "")
    out["email"] = np.where(email == 0, 0, np.where(same_user, 1, email + 1)).astype(np.int8)
    return out


def level_names(levels: dict[str, np.ndarray], k: int) -> dict[str, str]:
    """The levels of pair ``k`` by name (for reasons and reports)."""
    return {fld: LEVELS[fld][int(codes[k])] for fld, codes in levels.items()}


# --- score ---------------------------------------------------------------------------------------


def score(levels: dict[str, np.ndarray], settings: DedupeSettings | None = None) -> np.ndarray:
    """Score stage: the summed weight of every field's level (higher: more likely the same)."""
    settings = settings or DedupeSettings()
    total = np.zeros(len(next(iter(levels.values()))))
    for fld, codes in levels.items():
        table = np.array([settings.weights[fld].get(lvl, 0.0) for lvl in LEVELS[fld]])
        total += table[codes]
    total -= crowd_penalty(levels, settings)
    if settings.different_first_needs_id:
        # relatives share a surname, a city and often a home phone: only a personal id overrides
        unsure = (levels["first"] == _CODE["first"]["different"]) & (levels["linkedin"] != 0) & (levels["email"] != 0)
        total = np.where(unsure, np.minimum(total, settings.threshold - 1.0), total)
    return total


_NAME_AGREES = {"first": ("exact", "nickname", "initial", "close", "near"), "last": ("exact", "close", "near")}


def crowd_penalty(levels: dict[str, np.ndarray], settings: DedupeSettings) -> np.ndarray | float:
    """Bits taken off a pair whose names agree when its name is common in this sheet.

    Fellegi-Sunter with term frequencies: the chance that a different person carries the
    same name grows with how many rows carry it, so the name weight (fitted for a name of
    ordinary frequency, ``crowd_ref`` rows) loses log2(crowd / crowd_ref). Counted in the sheet
    itself, it also grows with the sheet: a million rows hold far more "Daniel Garcia"s."""
    crowd = getattr(levels, "crowd", None)
    if crowd is None or settings.crowd_ref <= 0:
        return 0.0
    agree = np.ones(len(crowd), dtype=bool)
    for fld, names in _NAME_AGREES.items():
        agree &= np.isin(levels[fld], [_CODE[fld][n] for n in names])
    return np.where(agree, np.log2(np.maximum(crowd / settings.crowd_ref, 1.0)), 0.0)


def probability(weight: float, settings: DedupeSettings) -> float:
    """The score as a chance that two rows are the same person (for people, not for sorting)."""
    return 1.0 / (1.0 + 2.0 ** -(weight + settings.prior_log2))


REASON_TEXT = {
    ("linkedin", "same"): "same LinkedIn profile",
    ("email", "same"): "same email",
    ("email", "same_user"): "same email user name",
    ("phone", "same"): "same phone",
    ("city", "same"): "same city",
    ("company", "same"): "same company",
    ("title", "same"): "same title",
    ("linkedin", "different"): "different LinkedIn profiles",
}


def reason(cols: dict[str, np.ndarray], a: int, b: int, levels: dict[str, str]) -> str:
    """'same email + name 93% (Bob~Robert) + same city' for one pair."""
    fa, fb, la, lb = cols["first"][a], cols["first"][b], cols["last"][a], cols["last"][b]
    nick = levels["first"] == "nickname"
    sim = fuzz.token_sort_ratio(f"{fb if nick else fa} {la}", f"{fb} {lb}")
    name = f"name {sim:.0f}%" + (f" ({fa.title()}~{fb.title()})" if nick else "")
    parts = [text for (fld, lvl), text in REASON_TEXT.items() if levels[fld] == lvl]
    strong = [p for p in parts if p.startswith(("same LinkedIn", "same email", "same phone"))]
    return " + ".join(strong + [name] + [p for p in parts if p not in strong])


# --- cluster -------------------------------------------------------------------------------------


@dataclass
class DuplicateGroup:
    """Rows (Excel row numbers) that describe one person, with the evidence."""

    rows: list[int]
    survivor: int
    score: float  # weakest tie of a member to the survivor, as a probability
    reasons: dict[int, str]  # member row -> why it belongs (vs the survivor or its best tie)
    auto: bool  # every member shares the LinkedIn profile or the email with the survivor

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "survivor": self.survivor,
            "score": round(self.score, 3),
            "reasons": {str(k): v for k, v in self.reasons.items()},
            "auto": self.auto,
        }


def _components(n: int, edges: np.ndarray) -> list[list[int]]:
    """Connected components of the graph ``edges`` (union-find; only nodes with an edge)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges.tolist():
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for node in list(parent):
        groups.setdefault(root(node), []).append(node)
    return [sorted(g) for g in groups.values()]


def completeness(df: pd.DataFrame) -> np.ndarray:
    """How many cells of each row hold something (the survivor is the most complete row)."""
    filled = np.zeros(len(df), dtype=np.int64)
    for c in df.columns:
        values = df[c].to_numpy(dtype=object)
        filled += np.array([v is not None and v == v and str(v).strip() != "" for v in values], dtype=np.int64)
    return filled


def recency(df: pd.DataFrame) -> np.ndarray:
    """Last contacted as a sortable number (-inf when not a date)."""
    if "last_contacted" not in df.columns:
        return np.full(len(df), -math.inf)
    return np.array([v.toordinal() if hasattr(v, "toordinal") else -math.inf for v in df["last_contacted"]], dtype=float)


@dataclass
class _Rows:
    """What clustering needs per row: keys, completeness, recency (arrays by position)."""

    cols: dict[str, np.ndarray]
    filled: np.ndarray
    recent: np.ndarray

    def survivor(self, members: list[int]) -> int:
        """Most complete row; ties go to the most recently contacted, then the first row."""
        return max(members, key=lambda m: (self.filled[m], self.recent[m], -m))


def _dense_split(
    members: list[int], weight: dict[tuple[int, int], float], against: set[tuple[int, int]], rows: _Rows, settings: DedupeSettings
) -> list[list[int]]:
    """Keep members tied to the survivor or to most others, strongest ties first, and never
    two members whose direct evidence contradicts (different LinkedIn profiles, say);
    the rest are re-grouped on their own."""
    if len(members) < 2:
        return []
    head = rows.survivor(members)
    w = lambda a, b: weight.get((min(a, b), max(a, b)), -math.inf)  # noqa: E731
    need = settings.dense_share * (len(members) - 1)
    keep = [head]
    for m in sorted((m for m in members if m != head), key=lambda m: -w(m, head)):
        tied = w(m, head) >= settings.threshold or sum(w(m, o) >= settings.threshold for o in members if o != m) >= need
        if tied and not any((min(m, k), max(m, k)) in against for k in keep):
            keep.append(m)
    rest = [m for m in members if m not in keep]
    groups = [sorted(keep)] if len(keep) > 1 else []
    if len(rest) > 1:
        edges = np.array([(a, b) for a in rest for b in rest if a < b and w(a, b) >= settings.threshold], dtype=np.int64).reshape(
            -1, 2
        )
        for comp in _components(0, edges):
            groups += _dense_split(comp, weight, against, rows, settings)
    return groups


def _contradictions(
    cols: dict[str, np.ndarray], levels: dict[str, np.ndarray], pairs: np.ndarray, weights: np.ndarray, settings: DedupeSettings
) -> set[tuple[int, int]]:
    """Pairs below the threshold with at least one field whose level weighs below
    ``settings.contradiction``; names only when they are more than ``typo_edits`` apart, since
    two rows each with its own typo of one name ("Angealina", "Nagelina") are not different
    people. A pair whose own evidence clears the threshold (same LinkedIn, "Vert" and a
    misspelt "Alvarta") is tied, not contradicting."""
    bad = np.zeros(len(pairs), dtype=bool)
    for fld, codes in levels.items():
        table = np.array([settings.weights[fld].get(lvl, 0.0) for lvl in LEVELS[fld]])
        against = table[codes] < settings.contradiction
        if fld in ("first", "last"):
            against &= ~_typos_apart(cols, pairs, settings.typo_edits)
        bad |= against
    return {(int(a), int(b)) for a, b in pairs[bad & (weights < settings.threshold)]}


def _typos_apart(cols: dict[str, np.ndarray], pairs: np.ndarray, edits: int) -> np.ndarray:
    """Whether each pair's full names (either reading order) are at most ``edits`` edits apart."""
    first, last = cols["first"], cols["last"]
    out = np.zeros(len(pairs), dtype=bool)
    for k, (a, b) in enumerate(pairs.tolist()):
        name = f"{first[a]} {last[a]}"
        out[k] = min(OSA.distance(name, f"{first[b]} {last[b]}"), OSA.distance(name, f"{last[b]} {first[b]}")) <= edits
    return out


def cluster(rows: _Rows, pairs: np.ndarray, weights: np.ndarray, settings: DedupeSettings) -> list[list[int]]:
    """Cluster stage: groups of positions. Bigger components are re-scored on all their pairs
    and must be dense, so a chain A~B~C cannot hold an unrelated C."""
    groups: list[list[int]] = []
    for comp in _components(0, pairs[weights >= settings.threshold]):
        if len(comp) == 2:
            groups.append(comp)
            continue
        inner = np.array([(a, b) for k, a in enumerate(comp) for b in comp[k + 1 :]], dtype=np.int64)
        inner_levels = compare(rows.cols, inner)
        inner_weights = score(inner_levels, settings)
        weight = {(int(a), int(b)): float(w) for (a, b), w in zip(inner, inner_weights, strict=True)}
        groups += _dense_split(
            comp, weight, _contradictions(rows.cols, inner_levels, inner, inner_weights, settings), rows, settings
        )
    return groups


# --- the whole pipeline --------------------------------------------------------------------------


def find_duplicates(
    df: pd.DataFrame, settings: DedupeSettings | None = None, *, on_stage: Callable[[str], None] | None = None
) -> list[DuplicateGroup]:
    """Every group of rows describing one person; ``df`` is ``read_candidates(...).df``.
    ``on_stage`` hears each stage's name (for a progress display on big sheets)."""
    settings = settings or DedupeSettings()
    tell = on_stage or (lambda _: None)
    tell(f"normalising {len(df):,} rows")
    prep = prepare(df)
    rows = _Rows(columns(prep), completeness(df), recency(df))
    tell("blocking")
    pairs = block_pairs(prep, settings)
    tell(f"comparing {len(pairs):,} candidate pairs")
    weights = score(compare(rows.cols, pairs), settings)
    tell("clustering")
    groups = cluster(rows, pairs, weights, settings)
    return describe(groups, rows, df.index.to_numpy(), settings)


def describe(groups: list[list[int]], rows: _Rows, excel_rows: np.ndarray, settings: DedupeSettings) -> list[DuplicateGroup]:
    """Turn position groups into :class:`DuplicateGroup` (survivor, score, reasons, auto)."""
    groups = sorted(groups, key=min)
    heads = [rows.survivor(g) for g in groups]
    pairs = np.array([(h, m) for h, g in zip(heads, groups, strict=True) for m in g if m != h], dtype=np.int64).reshape(-1, 2)
    levels = compare(rows.cols, pairs)
    weights = score(levels, settings)
    out, k = [], 0
    for head, members in zip(heads, groups, strict=True):
        reasons, probs, auto = {}, [], True
        for m in (m for m in members if m != head):
            named = level_names(levels, k)
            reasons[int(excel_rows[m])] = reason(rows.cols, head, m, named)
            probs.append(probability(float(weights[k]), settings))
            auto = auto and (named["linkedin"] == "same" or named["email"] == "same") and named["first"] != "different"
            k += 1
        out.append(DuplicateGroup(sorted(int(excel_rows[m]) for m in members), int(excel_rows[head]), min(probs), reasons, auto))
    return out
