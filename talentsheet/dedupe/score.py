"""Score stage of duplicate detection: Fellegi-Sunter weights estimated on the sheet itself.

Each field's level ``l`` has ``m_l`` = P(l | same person) and ``u_l`` = P(l | two different
people); a pair's weight is the sum of log2(m/u) over its fields ("missing" counts 0) plus the
prior log-odds that two rows of this sheet are one person, and its match probability follows.

The agreement probabilities fit each sheet, as splink estimates them:

* ``u`` from random pairs of the sheet (almost all random pairs are two different people);
* ``m`` by expectation-maximisation on the candidate pairs from blocking, with ``u`` held fixed,
  along with the share of candidate pairs that are duplicates (hence the prior);
* guard rails so a small or clean sheet cannot run away: both start from the fitted defaults
  (``settings.DEFAULT_M`` / ``DEFAULT_U``) and keep them as pseudo-counts (``prior_matches``
  duplicate pairs' and ``prior_pairs`` random pairs' worth), an agreement never counts against
  a pair nor a disagreement for it, and when EM finds almost no duplicates or does not settle,
  the defaults are used and the model says so;
* term frequencies: agreeing on a common name proves less. The exact-name level's ``u`` is the
  name's own frequency in the sheet (the more common of the pair's two names), smoothed
  towards the average by ``tf_pseudo_rows`` rows so a name twice in a tiny sheet is not "common".

The prior is judged on at least ``min_rows`` rows: a five-row sheet is held to the same bar
as a medium one, and a million-row sheet, where far more people share a name, to a stricter one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import phones
from .compare import CODE, Levels, compare
from .settings import DEFAULT_M, DEFAULT_U, LEVELS, DedupeSettings

__all__ = ["Model", "default_model", "estimate", "probability", "score"]

MIN_EXPECTED_MATCHES = 5.0  # EM that finds fewer duplicate pairs than this has nothing to learn from
_AGREE = {
    "first": ("exact", "nickname", "close", "near", "initial"),
    "last": ("exact", "close", "near", "part"),
    "linkedin": ("same",),
    "email": ("same", "same_user", "close_user"),
    "phone": ("same", "close"),
    "location": ("same", "close"),
    "company": ("same", "close"),
    "title": ("same",),
}


def _vector(table: dict[str, float], fld: str) -> np.ndarray:
    return np.array([table.get(lvl, 0.0) for lvl in LEVELS[fld]], dtype=float)


@dataclass
class Model:
    """The fitted probabilities of one sheet, and what the weights and prior follow from."""

    m: dict[str, np.ndarray]  # per field, P(level | same person), indexed like LEVELS (missing: 0)
    u: dict[str, np.ndarray]  # per field, P(level | different people)
    duplicates_per_row: float
    rows: int
    estimated: bool = False  # m, u and the prior come from this sheet (EM), not only the defaults
    note: str = ""  # why the defaults were kept, when they were
    fixed: dict[str, dict[str, float]] = field(default_factory=dict)  # weights set in the settings
    counts: dict[str, np.ndarray] = field(default_factory=dict)  # per first/last: rows carrying each row's name

    def prior_for(self, min_rows: int) -> float:
        """log2 odds that two rows picked at random are one person."""
        n = max(self.rows, min_rows, 2)
        return math.log2(2.0 * self.duplicates_per_row / (n - 1))

    def weights(self) -> dict[str, np.ndarray]:
        """log2(m/u) per field and level; 0 for "missing"; agreements >= 0 >= disagreements."""
        out = {}
        for fld, levels in LEVELS.items():
            w = np.log2(np.maximum(self.m[fld], 1e-12) / np.maximum(self.u[fld], 1e-12))
            agree = np.isin(np.array(levels), _AGREE[fld])
            w = np.where(agree, np.maximum(w, 0.0), np.minimum(w, 0.0))
            w[CODE[fld]["missing"]] = 0.0
            if fld == "email":
                w[CODE[fld]["name_like"]] = 0.0
            for lvl, fixed in self.fixed.get(fld, {}).items():
                w[CODE[fld][lvl]] = fixed
            out[fld] = w
        return out

    def to_dict(self) -> dict:
        """The fitted weights, for a report or a settings file (``weights``)."""
        return {
            "estimated": self.estimated,
            "note": self.note,
            "duplicates_per_row": round(self.duplicates_per_row, 4),
            "weights": {
                fld: {lvl: round(float(w), 2) for lvl, w in zip(LEVELS[fld], ws, strict=True)}
                for fld, ws in self.weights().items()
            },
        }


def default_model(rows: int, settings: DedupeSettings | None = None) -> Model:
    """The fitted defaults, without looking at the sheet."""
    settings = settings or DedupeSettings()
    return Model(
        {f: _vector(DEFAULT_M[f], f) for f in LEVELS},
        {f: _vector(DEFAULT_U[f], f) for f in LEVELS},
        settings.duplicates_per_row,
        rows,
        fixed=settings.weights,
    )


def _level_counts(levels: dict[str, np.ndarray], weights_per_pair: np.ndarray | None = None) -> dict[str, np.ndarray]:
    out = {}
    for fld, codes in levels.items():
        out[fld] = np.bincount(codes, weights=weights_per_pair, minlength=len(LEVELS[fld])).astype(float)
    return out


def _smoothed(counts: np.ndarray, default: np.ndarray, pseudo: float, fld: str) -> np.ndarray:
    """Probabilities over the non-missing levels: counts plus ``pseudo`` pairs' worth of defaults."""
    c = counts.copy()
    neutral = [CODE[fld]["missing"]] + ([CODE[fld]["name_like"]] if fld == "email" else [])
    c[neutral] = 0.0
    total = c.sum()
    p = (c + pseudo * default) / (total + pseudo * default.sum())
    p[neutral] = 0.0
    return p


def random_pairs(n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    """``size`` random pairs of distinct rows (all pairs when the sheet has fewer)."""
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    if n * (n - 1) // 2 <= size:
        i, j = np.triu_indices(n, 1)
        return np.stack((i, j), axis=1).astype(np.int64)
    a = rng.integers(0, n, size=size)
    b = rng.integers(0, n - 1, size=size)
    b = np.where(b >= a, b + 1, b)
    return np.sort(np.stack((a, b), axis=1), axis=1).astype(np.int64)


# EM sessions, as splink trains: each learns m for the fields it does not block on, among pairs
# selected by the fields it does block on (which, held equal, cannot tell matches apart)
SESSIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # name (session) -> (fields whose agreement selects its pairs, fields it learns m for)
    "names agree": (("first", "last"), ("linkedin", "email", "phone", "location", "company", "title")),
    "a contact agrees": (("linkedin", "email", "phone"), ("first", "last", "location", "company", "title")),
}


def _selected(levels: dict[str, np.ndarray], session: str) -> np.ndarray:
    blocked_on, _ = SESSIONS[session]
    if session == "names agree":
        first_ok = np.isin(levels["first"], [CODE["first"][x] for x in ("exact", "nickname", "close")])
        last_ok = np.isin(levels["last"], [CODE["last"][x] for x in ("exact", "close")])
        return first_ok & last_ok
    agree = np.zeros(len(levels["first"]), dtype=bool)
    for fld in blocked_on:
        agree |= levels[fld] == CODE[fld][LEVELS[fld][0]]
    return agree


def _trusted(m: np.ndarray, default: np.ndarray, factor: float) -> np.ndarray:
    """m kept within ``factor`` of the default either way (then renormalised): a big sheet full
    of namesakes must not teach that duplicates usually have different LinkedIn profiles."""
    live = default > 0
    out = m.copy()
    out[live] = np.clip(m[live], default[live] / factor, default[live] * factor)
    return out / out.sum()


def _em_session(
    levels: dict[str, np.ndarray], learn: tuple[str, ...], model: Model, settings: DedupeSettings
) -> tuple[dict[str, np.ndarray], float, int]:
    """EM on one session's pairs: (m per learnt field, expected duplicate pairs, pairs)."""
    n_pairs = len(levels["first"])
    m = {f: model.m[f].copy() for f in learn}
    share = 0.5
    learnt = {f: levels[f] for f in learn}
    for _ in range(settings.em_iterations):
        trial = Model({**model.m, **m}, model.u, 0.0, 0, fixed=model.fixed)
        w = _pair_weights(trial, learnt)
        logit_ = np.clip(w + math.log2(share / (1 - share)), -60, 60)
        posterior = 1.0 / (1.0 + np.exp2(-logit_))
        counts = _level_counts(learnt, posterior)
        new_m = {
            f: _trusted(_smoothed(counts[f], model.m[f], settings.prior_matches, f), model.m[f], settings.em_trust) for f in learn
        }
        new_share = float(np.clip((posterior.sum() + 1.0) / (n_pairs + 2.0), 1e-4, 1 - 1e-4))
        moved = max(float(np.abs(new_m[f] - m[f]).max()) for f in learn)
        m, share = new_m, new_share
        if moved < 1e-4:
            break
    return m, share * n_pairs, n_pairs


def estimate(cols: dict[str, np.ndarray], pairs: np.ndarray, levels: Levels, settings: DedupeSettings, *, seed: int = 0) -> Model:
    """Fit m, u and the share of duplicates on this sheet (see the module docstring)."""
    n = len(cols["first"])
    model = default_model(n, settings)
    model.counts = {"first": cols["first_count"], "last": cols["last_count"]}
    if not settings.estimate or n < settings.em_min_rows:
        model.note = (
            "estimation switched off" if not settings.estimate else f"fewer than {settings.em_min_rows:,} rows: defaults used"
        )
        return model
    rng = np.random.default_rng(seed)
    drawn = random_pairs(n, settings.u_pairs, rng)
    u_counts = _level_counts(compare(cols, drawn, workers=settings.workers))
    default_u = dict(model.u)
    model.u = {f: _smoothed(u_counts[f], default_u[f], settings.prior_pairs, f) for f in LEVELS}
    sample = np.arange(len(pairs))
    if len(pairs) > settings.em_pairs:
        sample = np.sort(rng.choice(len(pairs), settings.em_pairs, replace=False))
    em_levels = {f: levels[f][sample] for f in LEVELS}
    learnt: dict[str, list[np.ndarray]] = {}
    found = 0.0
    for session in SESSIONS:
        chosen = _selected(em_levels, session)
        if chosen.sum() < MIN_EXPECTED_MATCHES:
            continue
        m, expected, _ = _em_session({f: c[chosen] for f, c in em_levels.items()}, SESSIONS[session][1], model, settings)
        found = max(found, expected)
        for f, probs in m.items():
            learnt.setdefault(f, []).append(probs)
    if found < MIN_EXPECTED_MATCHES:
        model.note = f"EM found {found:.0f} duplicate pairs: too few to learn from, defaults kept"
        return model
    model.m = {f: np.mean(learnt[f], axis=0) if f in learnt else model.m[f] for f in LEVELS}
    model.duplicates_per_row = _duplicates_per_row(model, levels, pairs, settings)
    # on a small sheet some random pairs are duplicates: take their expected share out of u
    matches = len(drawn) * 2.0 * model.duplicates_per_row / max(n - 1, 1)
    model.u = {
        f: _smoothed(
            np.maximum(u_counts[f] - matches * model.m[f] * _present(u_counts[f], f), 0.0), default_u[f], settings.prior_pairs, f
        )
        for f in LEVELS
    }
    model.duplicates_per_row = _duplicates_per_row(model, levels, pairs, settings)
    model.estimated = True
    return model


def _present(counts: np.ndarray, fld: str) -> float:
    """Share of pairs where the field is compared at all (not missing on either side)."""
    total = counts.sum()
    return float((total - counts[CODE[fld]["missing"]]) / total) if total else 0.0


def _duplicates_per_row(model: Model, levels: Levels, pairs: np.ndarray, settings: DedupeSettings) -> float:
    """Expected duplicate pairs per row: the prior that makes the candidate pairs' posteriors
    add up to itself (m and u held fixed; pairs outside the blocks are taken as different),
    smoothed towards the default by ``prior_rows`` rows. The pairs' weights are counted in bins
    of 1/1024 bit (a posterior moves by 0.03 % at most), so each round costs the bins, not the
    ten million pairs of a big sheet."""
    n = max(model.rows, 2)
    w = _pair_weights(model, levels) + tf_adjustment(model, levels, pairs, settings)
    binned = np.round(np.clip(w, -60, 60) * WEIGHT_BINS).astype(np.int64) + 60 * WEIGHT_BINS
    counts = np.bincount(binned, minlength=120 * WEIGHT_BINS + 1).astype(float)
    held = np.flatnonzero(counts)
    weights, counts = (held - 60 * WEIGHT_BINS) / WEIGHT_BINS, counts[held]
    d = d0 = settings.duplicates_per_row
    for _ in range(50):
        prior = math.log2(2.0 * d / (n - 1))
        expected = float((counts / (1.0 + np.exp2(-np.clip(weights + prior, -60, 60)))).sum())
        # a small sheet says little about its share of duplicates: prior_rows rows' worth of the default
        new_d = float(np.clip((expected + settings.prior_rows * d0) / (n + settings.prior_rows), 0.02, 3.0))
        if abs(new_d - d) < 1e-4:
            break
        d = new_d
    return d


WEIGHT_BINS = 1024  # bins per bit when summing posteriors over many pairs


def tf_adjustment(model: Model, levels: dict[str, np.ndarray], pairs: np.ndarray, settings: DedupeSettings) -> np.ndarray:
    """Bits added to each pair whose names agree exactly: log2(u_exact / u_name), where u_name
    is how often the (more common) name itself occurs in the sheet, smoothed towards u_exact."""
    out = np.zeros(len(pairs))
    if not settings.term_frequency or not model.counts or not len(pairs):
        return out
    n = len(model.counts["first"])
    for fld in ("first", "last"):
        counts = model.counts[fld]
        exact = levels[fld] == CODE[fld]["exact"]
        if not exact.any():
            continue
        a, b = pairs[exact, 0], pairs[exact, 1]
        count = np.maximum(counts[a], counts[b]).astype(float)
        base = float(model.u[fld][CODE[fld]["exact"]])
        freq = (count + settings.tf_pseudo_rows * base) / (n + settings.tf_pseudo_rows)
        out[exact] = np.log2(base / np.maximum(freq, 1e-12))
    return out


def _pair_weights(model: Model, levels: dict[str, np.ndarray]) -> np.ndarray:
    weights = model.weights()
    total = np.zeros(len(next(iter(levels.values()))))
    for fld, codes in levels.items():
        total += weights[fld][codes]
    return total


def score(
    levels: Levels, settings: DedupeSettings | None = None, model: Model | None = None, cols: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    """Score stage: each pair's match weight in bits (the log2 odds that it is one person,
    prior included); ``probability`` turns it into a chance. Without a fitted ``model`` the
    defaults are used (a quick check of a few new rows). With the prepared ``cols``, a shared
    mobile number counts as a personal id (see ``different_first_needs_id``)."""
    settings = settings or DedupeSettings()
    pairs = levels.pairs if levels.pairs is not None else np.zeros((len(levels["first"]), 2), dtype=np.int64)
    if model is None:
        model = default_model(int(pairs.max(initial=0)) + 1, settings)
    cols = cols if cols is not None else levels.cols
    total = _pair_weights(model, levels) + tf_adjustment(model, levels, pairs, settings) + model.prior_for(settings.min_rows)
    if settings.different_first_needs_id:
        # relatives share a surname, a city and often a home phone: only a personal id overrides;
        # so for a nickname whose emails differ (Chris and Christina Lee at one company)
        different = levels["first"] == CODE["first"]["different"]
        nickname = (levels["first"] == CODE["first"]["nickname"]) & (levels["email"] == CODE["email"]["different"])
        nickname &= levels["phone"] != CODE["phone"]["same"]
        personal_email = np.isin(levels["email"], [CODE["email"]["same"], CODE["email"]["close_user"]])
        unsure = (different | nickname) & (levels["linkedin"] != CODE["linkedin"]["same"]) & ~personal_email
        if cols is not None and unsure.any():
            unsure[unsure] = ~_shared_mobile(cols, pairs[unsure], levels["phone"][unsure])
        total = np.where(unsure, np.minimum(total, logit(settings.threshold) - 1.0), total)
    return total


def _shared_mobile(cols: dict[str, np.ndarray], pairs: np.ndarray, phone_levels: np.ndarray) -> np.ndarray:
    """Pairs sharing a number that can only be a mobile: one person's, unlike a home phone."""
    out = np.zeros(len(pairs), dtype=bool)
    same = np.flatnonzero(phone_levels == CODE["phone"]["same"])
    for k in same.tolist():
        a, b = pairs[k]
        if cols["phone"][a] == cols["phone"][b] and cols["phone_code"][a] == cols["phone_code"][b]:
            out[k] = phones.is_mobile(cols["phone"][a], cols["phone_code"][a])
    return out


def logit(p: float) -> float:
    """log2 odds of a probability (infinite at 0 and 1: a threshold of 1 lets no pair through)."""
    if p >= 1.0:
        return math.inf
    if p <= 0.0:
        return -math.inf
    return math.log2(p / (1.0 - p))


def probability(weight: float | np.ndarray, settings: DedupeSettings | None = None) -> float | np.ndarray:
    """The match weight (log2 odds, prior included) as a probability."""
    return 1.0 / (1.0 + np.exp2(-np.clip(weight, -60, 60)))
