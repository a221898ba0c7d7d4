"""The whole duplicate finder: prepare -> block -> compare -> score (EM on this sheet) -> cluster.

``find_duplicates(df)`` is what the CLI, the Excel layer and the review sheet call;
``analyse`` also returns the fitted model (what the sheet taught the weights) and counts;
``match_new_rows`` answers "are these new rows people already in the sheet?" without
clustering the whole sheet again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from .block import block_pairs
from .cluster import DuplicateGroup, Rows, cluster, completeness, describe, reason, recency
from .compare import compare, level_names
from .prepare import columns, prepare
from .score import Model, estimate, logit, probability, score
from .settings import DedupeSettings

__all__ = ["Analysis", "NewRowMatch", "analyse", "find_duplicates", "keep_apart_positions", "match_new_rows"]


@dataclass
class Analysis:
    """A finished run: the groups, the model fitted on the sheet, and how much was compared."""

    groups: list[DuplicateGroup]
    model: Model
    candidate_pairs: int


def keep_apart_positions(df: pd.DataFrame, keep_apart: Iterable[tuple[Hashable, Hashable]]) -> list[tuple[int, int]]:
    """Pairs of candidate ids (as the ``Candidate ID`` column holds them) -> pairs of row
    positions. An id that is no longer in the sheet (merged, deleted) is skipped: there is
    nothing left to keep apart."""
    pairs = list(keep_apart)
    if not pairs:
        return []
    if "candidate_id" not in df.columns:
        raise InputError("keep_apart needs the Candidate ID column", "run talentsheet dedupe once to fill the ids")
    text = lambda v: None if v is None or v != v else str(v).strip()  # noqa: E731
    at: dict[str, list[int]] = {}
    for pos, value in enumerate(df["candidate_id"].tolist()):
        if text(value):
            at.setdefault(text(value), []).append(pos)
    out = []
    for a, b in pairs:
        for pa in at.get(text(a) or "", []):
            out += [(min(pa, pb), max(pa, pb)) for pb in at.get(text(b) or "", []) if pb != pa]
    return out


def analyse(
    df: pd.DataFrame,
    settings: DedupeSettings | None = None,
    *,
    keep_apart: Iterable[tuple[Hashable, Hashable]] = (),
    on_stage: Callable[[str], None] | None = None,
) -> Analysis:
    """Every group of rows describing one person, with the model the sheet taught.

    ``df`` is ``read_candidates(...).df`` (index: Excel rows). ``keep_apart``: pairs of candidate
    ids the recruiter said are not the same person (``Merge? = No``); they never share a group.
    ``on_stage`` hears each stage's name (for a progress display on big sheets)."""
    settings = settings or DedupeSettings()
    tell = on_stage or (lambda _: None)
    tell(f"normalising {len(df):,} rows")
    prep = prepare(df, settings)
    rows = Rows(columns(prep), completeness(df), recency(df))
    tell("blocking")
    pairs = block_pairs(prep, settings)
    tell(f"comparing {len(pairs):,} candidate pairs")
    levels = compare(rows.cols, pairs, workers=settings.workers)
    tell("estimating the weights on this sheet")
    model = estimate(rows.cols, pairs, levels, settings)
    weights = score(levels, settings, model)
    tell("clustering")
    groups = cluster(rows, pairs, weights, settings, model, keep_apart_positions(df, keep_apart))
    return Analysis(describe(groups, rows, df.index.to_numpy(), settings, model), model, len(pairs))


def find_duplicates(
    df: pd.DataFrame,
    settings: DedupeSettings | None = None,
    *,
    keep_apart: Iterable[tuple[Hashable, Hashable]] = (),
    on_stage: Callable[[str], None] | None = None,
) -> list[DuplicateGroup]:
    """Every group of rows describing one person (see :func:`analyse`)."""
    return analyse(df, settings, keep_apart=keep_apart, on_stage=on_stage).groups


@dataclass
class NewRowMatch:
    """A new row that is (probably) a person already in the sheet."""

    row: int  # Excel row of the new row
    matches_row: int  # Excel row of the existing candidate
    probability: float
    why: str


def match_new_rows(df: pd.DataFrame, new: np.ndarray, settings: DedupeSettings | None = None) -> list[NewRowMatch]:
    """For each new row (boolean mask by position), its most likely existing twin above the
    threshold. Only blocks holding a new row are compared and nothing is clustered, so a few
    new rows cost little however big the sheet is; the weights are the defaults with this
    sheet's name frequencies and size (no EM: too few pairs to learn from)."""
    settings = settings or DedupeSettings()
    prep = prepare(df, settings)
    cols = columns(prep)
    pairs = block_pairs(prep, settings, focus=new)
    pairs = pairs[new[pairs[:, 0]] != new[pairs[:, 1]]]
    levels = compare(cols, pairs, workers=settings.workers)
    weights = score(
        levels, settings, estimate(cols, pairs, levels, settings.__class__(**{**settings.to_dict(), "estimate": False}))
    )
    best: dict[int, tuple[float, int, int]] = {}
    for k, (a, b) in enumerate(pairs.tolist()):
        fresh, old = (a, b) if new[a] else (b, a)
        if weights[k] >= logit(settings.threshold) and weights[k] > best.get(fresh, (-np.inf,))[0]:
            best[fresh] = (float(weights[k]), old, k)
    excel = df.index.to_numpy()
    return [
        NewRowMatch(int(excel[fresh]), int(excel[old]), float(probability(w)), reason(cols, old, fresh, level_names(levels, k)))
        for fresh, (w, old, k) in sorted(best.items())
    ]
