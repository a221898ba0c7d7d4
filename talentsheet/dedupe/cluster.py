"""Cluster stage of duplicate detection: whole groups of one person, never a chain of strangers.

1. Connected components over the confident links (match probability >= ``threshold``): a person
   entered ten times is found even when some entries only link through others.
2. A component of three or more is re-scored on all its pairs and split by average linkage
   under cannot-link constraints (a greedy correlation clustering): start from single rows and
   keep merging the two sub-groups whose pairs, on average, say "same person" most strongly,
   while that average stays above even odds and no pair across them is a cannot-link. Cannot-
   links are pairs with different LinkedIn profiles, pairs whose emails and first names both
   differ, and the pairs the recruiter said are not the same person (``keep_apart``). So
   A~B and B~C cannot drag in a C that contradicts A, and one strong link does not outvote
   many weak ones.

Why not plain connected components (splink's default): one false link joins two people's
groups, and at a million rows there are enough common names for such links to chain. Why not
only the pairs above the threshold: heavily corrupted entries of one person often clear it only
against the cleanest entry, and should still be one group.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .compare import CODE, Levels, compare, level_names
from .score import Model, logit, probability, score
from .settings import DedupeSettings

__all__ = [
    "DuplicateGroup",
    "Rows",
    "cannot_link",
    "certainty",
    "cluster",
    "completeness",
    "components",
    "describe",
    "reason",
    "recency",
]

CLIP_BITS = 16.0  # a pair's log-odds counts at most this much either way when averaging (one sure pair cannot outvote many)
_CANNOT = -1e9


@dataclass
class DuplicateGroup:
    """Rows (Excel row numbers) that describe one person, with the evidence."""

    rows: list[int]
    survivor: int
    score: float  # the weakest member's best tie inside the group, as a probability
    reasons: dict[int, str]  # member row -> why it belongs (vs the survivor or its best tie)
    auto: bool  # every member shares the LinkedIn profile or the email with the survivor
    certainty: str = "Check"  # "Certain", "Likely" or "Check" (see ``certainty``)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "survivor": self.survivor,
            "score": round(self.score, 3),
            "certainty": self.certainty,
            "reasons": {str(k): v for k, v in self.reasons.items()},
            "auto": self.auto,
        }


def completeness(df: pd.DataFrame) -> np.ndarray:
    """How many cells of each row hold something (the survivor is the most complete row);
    judged once per distinct value of a column (columns repeat their values a lot)."""
    filled = np.zeros(len(df), dtype=np.int64)
    for c in df.columns:
        codes, uniques = pd.factorize(df[c].to_numpy(dtype=object))  # None and NaN: -1
        holds = np.array([str(v).strip() != "" for v in uniques], dtype=bool)
        filled += (codes >= 0) & np.append(holds, False)[codes]
    return filled


def recency(df: pd.DataFrame) -> np.ndarray:
    """Last contacted as a sortable number (-inf when not a date)."""
    if "last_contacted" not in df.columns:
        return np.full(len(df), -math.inf)
    return np.array([v.toordinal() if hasattr(v, "toordinal") else -math.inf for v in df["last_contacted"]], dtype=float)


@dataclass
class Rows:
    """What clustering needs per row: keys, completeness, recency (arrays by position)."""

    cols: dict[str, np.ndarray]
    filled: np.ndarray
    recent: np.ndarray

    def survivor(self, members: list[int]) -> int:
        """Most complete row; ties go to the most recently contacted, then the first row."""
        return max(members, key=lambda m: (self.filled[m], self.recent[m], -m))


def components(edges: np.ndarray) -> list[list[int]]:
    """Connected components of the graph ``edges`` (only nodes with an edge), by label
    propagation with pointer jumping on whole arrays: each round gives every node the smallest
    label among its neighbours' labels' labels, so chains of any length settle in a few rounds."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    if not len(edges):
        return []
    nodes, local = np.unique(edges, return_inverse=True)
    a, b = local.reshape(-1, 2).T
    label = np.arange(len(nodes))
    while True:
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, label):
            break
        label = new
    order = np.argsort(label, kind="stable")
    cuts = np.flatnonzero(np.diff(label[order])) + 1
    return [nodes[part].tolist() for part in np.split(order, cuts)]


def cannot_link(levels: Levels) -> np.ndarray:
    """Pairs whose own evidence says two people whatever else agrees: different LinkedIn
    profiles, or different emails and a different first and last name with no shared phone."""
    profiles = levels["linkedin"] == CODE["linkedin"]["different"]
    email_and_name = (
        (levels["email"] == CODE["email"]["different"])
        & (levels["first"] == CODE["first"]["different"])
        & (levels["last"] == CODE["last"]["different"])
    )
    return profiles | (email_and_name & (levels["phone"] != CODE["phone"]["same"]))


def _average_linkage(n: int, log_odds: np.ndarray, cannot: np.ndarray, merge_at: float) -> list[list[int]]:
    """Greedy average linkage over an n x n matrix of clipped log-odds (cannot-links: -inf)."""
    total = np.where(cannot, _CANNOT, np.clip(log_odds, -CLIP_BITS, CLIP_BITS))
    np.fill_diagonal(total, 0.0)
    members = [[k] for k in range(n)]
    alive = list(range(n))
    while len(alive) > 1:
        idx = np.array(alive)
        sizes = np.array([len(members[a]) for a in alive], dtype=float)
        avg = total[np.ix_(idx, idx)] / np.outer(sizes, sizes)
        np.fill_diagonal(avg, -np.inf)
        flat = int(np.argmax(avg))
        x, y = divmod(flat, len(alive))
        if avg[x, y] < merge_at:
            break
        a, b = alive[x], alive[y]
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        members[a] += members[b]
        alive.remove(b)
    return [sorted(members[a]) for a in alive if len(members[a]) > 1]


def cluster(
    rows: Rows,
    pairs: np.ndarray,
    weights: np.ndarray,
    settings: DedupeSettings,
    model: Model | None = None,
    keep_apart: Iterable[tuple[int, int]] = (),
) -> list[list[int]]:
    """Cluster stage: groups of positions (see the module docstring)."""
    apart = {(min(a, b), max(a, b)) for a, b in keep_apart}
    strong = pairs[weights >= logit(settings.threshold)]
    groups: list[list[int]] = []
    big: list[list[int]] = []
    for comp in components(strong):
        if len(comp) == 2 and (comp[0], comp[1]) not in apart:
            groups.append(comp)
        elif len(comp) > 2:
            big.append(comp)
    if not big:
        return groups
    inner = np.array([(a, b) for comp in big for k, a in enumerate(comp) for b in comp[k + 1 :]], dtype=np.int64)
    levels = compare(rows.cols, inner, workers=settings.workers)
    inner_weights = score(levels, settings, model)
    blocked = cannot_link(levels)
    if apart:
        blocked |= np.fromiter(((a, b) in apart for a, b in inner.tolist()), dtype=bool, count=len(inner))
    at = 0
    for comp in big:
        n = len(comp)
        k = n * (n - 1) // 2
        local = np.zeros((n, n))
        cannot = np.zeros((n, n), dtype=bool)
        iu = np.triu_indices(n, 1)
        local[iu], cannot[iu] = inner_weights[at : at + k], blocked[at : at + k]
        local, cannot = local + local.T, cannot | cannot.T
        at += k
        for part in _average_linkage(n, local, cannot, logit(settings.merge_probability)):
            groups.append([comp[p] for p in part])
    return groups


def certainty(ties: list[float], weakest_pair: float, settings: DedupeSettings) -> str:
    """A plain label: "Certain" when every member's best tie is at least ``certain`` likely and
    no two members look unalike; "Likely" when every best tie is at least ``likely``; else
    "Check" (look before merging), also when two members on their own are more likely two
    people than one (the group holds through others: a chain)."""
    weakest = min(ties) if ties else 0.0
    if weakest_pair < 0.5 or weakest < settings.likely:
        return "Check"
    return "Certain" if weakest >= settings.certain and weakest_pair >= settings.likely else "Likely"


REASON_TEXT = {
    ("linkedin", "same"): "same LinkedIn profile",
    ("email", "same"): "same email",
    ("email", "same_user"): "same email user name",
    ("email", "close_user"): "email one typo apart",
    ("phone", "same"): "same phone",
    ("phone", "close"): "phone one digit apart",
    ("location", "same"): "same city",
    ("location", "close"): "similar city",
    ("company", "same"): "same company",
    ("company", "close"): "similar company",
    ("title", "same"): "same title",
    ("linkedin", "different"): "different LinkedIn profiles",
}
_STRONG = ("same LinkedIn", "same email", "email one typo", "same phone", "phone one digit")


def reason(cols: dict[str, np.ndarray], a: int, b: int, levels: dict[str, str]) -> str:
    """'same email + name 93% (Bob~Robert) + same city' for one pair."""
    from rapidfuzz import fuzz

    fa, fb, la, lb = cols["first"][a], cols["first"][b], cols["last"][a], cols["last"][b]
    nick = levels["first"] == "nickname"
    sim = max(
        fuzz.token_sort_ratio(f"{fb if nick else fa} {la}", f"{fb} {lb}"), fuzz.token_sort_ratio(f"{fa} {la}", f"{fb} {lb}")
    )
    name = f"name {sim:.0f}%" + (f" ({fa.title()}~{fb.title()})" if nick else "")
    parts = [text for (fld, lvl), text in REASON_TEXT.items() if levels[fld] == lvl]
    strong = [p for p in parts if p.startswith(_STRONG)]
    return " + ".join(strong + [name] + [p for p in parts if p not in strong])


def describe(
    groups: list[list[int]], rows: Rows, excel_rows: np.ndarray, settings: DedupeSettings, model: Model | None = None
) -> list[DuplicateGroup]:
    """Turn position groups into :class:`DuplicateGroup` (survivor, score, certainty, reasons, auto)."""
    groups = sorted(groups, key=min)
    inner = np.array([(a, b) for g in groups for k, a in enumerate(g) for b in g[k + 1 :]], dtype=np.int64).reshape(-1, 2)
    levels = compare(rows.cols, inner, workers=settings.workers)
    probs = probability(score(levels, settings, model))
    at = {(int(a), int(b)): k for k, (a, b) in enumerate(inner.tolist())}
    out = []
    for members in groups:
        head = rows.survivor(members)
        pk = lambda x, y: at[(min(x, y), max(x, y))]  # noqa: E731
        reasons, ties, auto = {}, [], True
        for m in (m for m in members if m != head):
            best = max((o for o in members if o != m), key=lambda o: (probs[pk(m, o)], o == head))
            other = head if probs[pk(m, head)] >= settings.threshold else best
            named = level_names(levels, pk(m, other))
            why = reason(rows.cols, other, m, named)
            reasons[int(excel_rows[m])] = why if other == head else f"like row {int(excel_rows[other])}: {why}"
            ties.append(float(probs[pk(m, best)]))
            head_levels = level_names(levels, pk(m, head))
            auto = (
                auto
                and (head_levels["linkedin"] == "same" or head_levels["email"] == "same")
                and head_levels["first"] != "different"
            )
        head_tie = max(float(probs[pk(head, o)]) for o in members if o != head)
        ties.append(head_tie)
        weakest_pair = min(float(probs[pk(x, y)]) for k, x in enumerate(members) for y in members[k + 1 :])
        label = certainty(ties, weakest_pair, settings)
        out.append(
            DuplicateGroup(sorted(int(excel_rows[m]) for m in members), int(excel_rows[head]), min(ties), reasons, auto, label)
        )
    return out
