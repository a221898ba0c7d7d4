"""Rank past candidates for a new opening, and say why each one is on the list.

Stages: settings -> per-distinct-value scoring (each distinct title, place, status and date is
parsed and scored once) -> per-row combination with numpy -> top N -> reasons (built only for
the rows shown). No file I/O here: the CLI and the Excel layer read and write.

Score (0-100) = weighted mean of five components in [0, 1]:
title fit, location fit, availability, recency of last contact, and must-have keyword hits,
plus ``stated_wish_bonus`` points for people who said they want this role in this place.

What people want comes from the future columns as typed, else from their notes
(:mod:`talentsheet.notes`); the reason quotes the note ("said in notes 2025-03: Senior Data
Engineer in Austin"). Whoever must not be contacted (:mod:`talentsheet.status`: do not
contact or placed, in the Status cell or in the notes) is never ranked.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from .dates import follow_up_date, parse_date
from .errors import InputError
from .notes import READING_COLUMNS, follow_up_still_open, readings_of
from .openings import Opening
from .places import Place, parse_location, parse_locations, same_metro
from .schema import fold
from .status import DO_NOT_CONTACT, PLACED, canonical_status, remote_answer
from .titles import parse_title, related_families, seniority_rank

__all__ = ["MATCH_COLUMNS", "MatchSettings", "match"]

COMPONENTS = ("title", "location", "availability", "recency", "keywords")
MATCH_COLUMNS = [
    "rank",
    "score",
    "row",
    "name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "linkedin",
    "contact_method",
    "current_title",
    "company",
    "future_title",
    "location",
    "future_location",
    "last_contacted",
    "status",
    "notes_excerpt",
    "wish_source",
    "reasons",
    *(f"{c}_fit" for c in COMPONENTS),
]
NOTES_EXCERPT_CHARS = 160


@dataclass
class MatchSettings:
    """Weights and thresholds of the ranking. Defaults were tuned on the labelled matching set
    (``benchmarks/match_eval.py``, see docs/match.md); load your own with ``from_dict``/``from_json``."""

    # how much each component counts (renormalised over the components that apply)
    title_weight: float = 0.45
    location_weight: float = 0.30
    availability_weight: float = 0.12
    recency_weight: float = 0.05
    keywords_weight: float = 0.08
    # title: where the title comes from (a stated wish counts most)
    future_title_factor: float = 1.0
    current_title_factor: float = 0.8
    other_wish_title_factor: float = 0.55  # current title, when they said they want another role
    notes_title_factor: float = 0.5
    same_family_points: float = 0.6  # same role family
    fuzzy_points: float = 0.4  # times rapidfuzz similarity of the normalised titles
    seniority_step_penalty: float = 0.25  # per level between wanted and opening seniority
    unknown_seniority_steps: float = 0.5  # when one side has no level
    min_title_fit: float = 0.5  # below this a person is not a match at all
    # location: geography of the best place, by how close it is
    same_city: float = 1.0
    same_metro: float = 0.9
    same_region: float = 0.55
    same_country: float = 0.3
    remote_fit: float = 0.9  # open to remote, for a remote opening
    hybrid_remote_fit: float = 0.25  # open to remote only, for a hybrid opening elsewhere
    relocation_fit: float = 0.45  # open to relocation, for an on-site/hybrid opening
    remote_only_cap: float = 0.3  # "Remote only" people for an on-site/hybrid opening
    current_location_factor: float = 0.9  # where they live, when they stated no wish
    overridden_location_factor: float = 0.35  # where they live, when they want to be elsewhere
    # availability (status) and follow-ups
    excluded_statuses: tuple[str, ...] = (DO_NOT_CONTACT, PLACED)  # status.py; the notes count too
    status_scores: dict[str, float] = field(
        default_factory=lambda: {
            "interested": 1.0,
            "new": 0.7,
            "contacted": 0.7,
            "not now": 0.5,
            "interviewing": 0.4,
            "offer": 0.2,
            "not interested": 0.2,
        }
    )
    unknown_status_score: float = 0.6
    stated_wish_bonus: float = 12.0  # points for "wants this role in this place" (typed or in notes)
    stated_wish_min_title_fit: float = 0.9  # the wish must name the role at the opening's level
    stated_wish_min_location_fit: float = 0.85  # ... and the city or its metro (or remote, for a remote job)
    follow_up_due_score: float = 1.0  # follow-up date has arrived: call now
    follow_up_waiting_score: float = 0.3  # asked to be called later than today
    # recency of last contact (a warm relationship helps), linear between the two
    recency_full_days: int = 90
    recency_zero_days: int = 1095
    recency_unknown: float = 0.3
    today: date | None = None  # None = the real today

    @classmethod
    def from_dict(cls, data: Any) -> MatchSettings:
        """Build settings from a dict; unknown keys and wrong types are reported together."""
        if not isinstance(data, dict):
            raise InputError(
                f"match settings must be an object of setting: value, not {type(data).__name__}", '{"title_weight": 0.5}'
            )
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise InputError(f"unknown match settings: {', '.join(unknown)}", f"valid settings: {', '.join(sorted(known))}")
        values, problems = {}, []
        for name, value in data.items():
            try:
                values[name] = _setting_value(name, value, getattr(cls(), name))
            except (TypeError, ValueError) as exc:
                problems.append(f"{name}: {exc}")
        if problems:
            raise InputError(
                "bad match settings: " + "; ".join(problems), "numbers for weights and thresholds, yyyy-mm-dd for today"
            )
        return cls(**values)

    @classmethod
    def from_json(cls, path: str | Path) -> MatchSettings:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read match settings from {path}: {exc}", "give a JSON object of setting: value") from None
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def weights(self, with_keywords: bool) -> dict[str, float]:
        w = {c: float(getattr(self, f"{c}_weight")) for c in COMPONENTS}
        if not with_keywords:
            w["keywords"] = 0.0
        total = sum(w.values()) or 1.0
        return {c: v / total for c, v in w.items()}


def _setting_value(name: str, value: Any, default: Any) -> Any:
    """``value`` as the type of the setting's default, or TypeError/ValueError saying why not."""
    if name == "today":
        if value is None or isinstance(value, date):
            return value
        if isinstance(value, str):
            return date.fromisoformat(value)
        raise TypeError(f"expected a date (yyyy-mm-dd), got {value!r}")
    if name == "excluded_statuses":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"expected a list of statuses, got {value!r}")
        return tuple(value)
    if name == "status_scores":
        if not isinstance(value, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()
        ):
            raise TypeError(f"expected an object of status: number, got {value!r}")
        return {fold(k): float(v) for k, v in value.items()}
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(default, int) and not float(value).is_integer():
        raise TypeError(f"expected a whole number, got {value!r}")
    if value < 0:
        raise ValueError(f"must not be negative, got {value!r}")
    return type(default)(value)


# --- distinct values ---------------------------------------------------------------------


def _codes(series: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Factorise a column: (code per row, -1 for empty; the distinct values)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, list(uniques)


def _take(values: np.ndarray, codes: np.ndarray, missing: float = 0.0) -> np.ndarray:
    """Per-row values from per-distinct values; ``missing`` where the cell was empty."""
    out = np.append(np.asarray(values, dtype=float), missing)
    return out[codes]  # code -1 picks the appended ``missing``


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return " ".join(str(v).split())


# --- title fit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _TitleTarget:
    family: str | None
    rank: int | None
    key: str  # folded normalised title for rapidfuzz


def _title_target(opening: Opening) -> _TitleTarget:
    t = parse_title(opening.title)
    rank = seniority_rank(opening.seniority) if opening.seniority else None
    if rank is None:
        rank = seniority_rank(t.seniority) if t.seniority else None
    return _TitleTarget(t.family if t.known else None, rank, fold(t.text or opening.title))


def _title_fits(values: list[Any], target: _TitleTarget, s: MatchSettings) -> tuple[np.ndarray, list[str]]:
    """Fit of each distinct title with the opening, and a word on how ("exact", ...)."""
    if not values:
        return np.zeros(0), []
    parsed = [parse_title(_text(v)) for v in values]
    keys = [fold(p.text or _text(v)) for p, v in zip(parsed, values, strict=True)]
    sims = process.cdist([target.key], keys, scorer=fuzz.token_set_ratio, dtype=np.float32)[0] / 100.0
    fits, how = np.zeros(len(values)), []
    for i, p in enumerate(parsed):
        same = p.known and related_families(p.family, target.family)
        rank = seniority_rank(p.seniority) if p.seniority else None
        steps = abs(rank - target.rank) if rank is not None and target.rank is not None else None
        fits[i] = _title_fit(same, p.known and target.family is not None, steps, target.rank is not None, float(sims[i]), s)
        how.append(_title_how(same, steps, rank, target.rank, float(sims[i]), p.family != target.family))
    return fits, how


def _title_fit(same: bool, both_known: bool, steps: int | None, has_level: bool, sim: float, s: MatchSettings) -> float:
    """Same family: family points + fuzzy points - seniority penalty. Two known but different
    families: only the fuzzy points (stays below ``min_title_fit``). Unknown: fuzzy alone."""
    if both_known and not same:
        return s.fuzzy_points * sim
    penalty = s.seniority_step_penalty * (steps if steps is not None else (s.unknown_seniority_steps if has_level else 0))
    base = s.same_family_points + s.fuzzy_points * sim if same else sim
    return min(1.0, max(0.0, base - penalty))


def _title_how(same: bool, steps: int | None, rank: int | None, want: int | None, sim: float, related: bool = False) -> str:
    if not same:
        return f"similar title {sim:.0%}"
    role = "related role" if related else "same role"
    if steps == 0:
        return f"{role}, same level" if related else "exact"
    if want is None:
        return role
    if steps is None:
        return f"{role}, level not stated"
    word = "level" if steps == 1 else "levels"
    return f"{role}, {steps} {word} {'above' if rank > want else 'below'}"


def _title_phrase(opening: Opening) -> str | None:
    """Regex for the opening's role in notes ("wants a data engineer role" counts a little)."""
    words = fold(_title_target(opening).family or opening.title).split()
    return r"[\W_]+".join(map(re.escape, words)) or None


def _note_table(notes: pd.Series) -> tuple[np.ndarray, pd.Series, pd.Index]:
    """Code per row (-1 when empty), the distinct notes as strings to search, and as typed."""
    codes, uniques = pd.factorize(notes, use_na_sentinel=True)
    return codes, _as_strings(uniques), pd.Index(uniques)


def _as_strings(values: pd.Index) -> pd.Series:
    """Distinct cell values as Arrow strings, so regex search runs in C++ (RE2), not Python.

    Arrow-backed text is kept as it is: turning 100k distinct notes into Python strings and
    back cost more than searching them. Other cells (numbers, dates) never match."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return pd.Series(values.array, copy=False)  # factorize left no empty cells
    if pd.api.types.infer_dtype(values, skipna=False) == "string":  # all text: no Python loop
        strings: Any = values.to_numpy(dtype=object)
    else:
        strings = [v if isinstance(v, str) else None for v in values]
    try:
        return pd.Series(strings, dtype="string[pyarrow]")
    except ImportError:  # pyarrow is optional for pandas; Python's re gives the same answers, slower
        return pd.Series(strings, dtype=object)


def _phrase_hits(text: pd.Series, phrases: list[str]) -> np.ndarray:
    """Matrix (distinct note x phrase) of whole-word hits.

    One search for all phrases at once finds the notes that mention any of them (a note
    matches the alternation exactly when it matches one phrase); only those, usually a
    small share, are then searched phrase by phrase."""
    out = np.zeros((len(text), len(phrases)), dtype=bool)
    if not len(text) or not phrases:
        return out
    if len(phrases) == 1:
        out[:, 0] = _contains(text, phrases[0])
        return out
    some = np.flatnonzero(_contains(text, "|".join(f"(?:{p})" for p in phrases)))
    if len(some):
        sub = text.iloc[some]
        for j, phrase in enumerate(phrases):
            out[some, j] = _contains(sub, phrase)
    return out


@dataclass
class _NoteHits:
    """What the notes say, per distinct note; ``codes`` maps each row to its distinct note."""

    codes: np.ndarray
    title: np.ndarray  # names the opening's role
    keywords: np.ndarray  # distinct note x must-have keyword
    text: pd.Series  # the distinct notes, as text to search (other cells: empty)
    values: pd.Index  # the distinct notes as typed, to read

    def rows(self, positions: np.ndarray) -> _NoteHits:
        """The same hits for some rows only (positions in the frame)."""
        return _NoteHits(self.codes[positions], self.title, self.keywords, self.text, self.values)


def _search_notes(notes: pd.Series, opening: Opening) -> _NoteHits:
    """Search the distinct notes once, for the role and every keyword together."""
    codes, text, values = _note_table(notes)
    title = _title_phrase(opening)
    phrases = [re.escape(k) for k in opening.keywords] + ([title] if title else [])
    hits = _phrase_hits(text, phrases)
    n = len(opening.keywords)
    return _NoteHits(codes, hits[:, n] if title else np.zeros(len(text), dtype=bool), hits[:, :n], text, values)


# A word character for whole-word search, spelled out so that Python's re and Arrow's RE2 (which
# pandas uses for Arrow strings, where \w is ASCII only) agree: "Sparké" is not "Spark".
WORD_CHARS = "0-9A-Za-z_ªµºÀ-ÖØ-öø-ˁͰ-ϿЀ-ԯԱ-֏א-׿ؠ-ۿऀ-ॿ぀-ヿ一-鿿가-힯"
_NOT_WORD = f"[^{WORD_CHARS}]"


def _contains(text: pd.Series, phrase: str) -> np.ndarray:
    """Case-insensitive whole-word search of a regex phrase; empty cells never match."""
    pattern = f"(?:^|{_NOT_WORD})(?:" + phrase + f")(?:$|{_NOT_WORD})"
    return text.str.contains(pattern, case=False, regex=True).fillna(False).to_numpy(dtype=bool)


# --- location fit ---------------------------------------------------------------------------

CITY, METRO, REGION, COUNTRY, NOWHERE = 4, 3, 2, 1, 0


def _geo_level(p: Place, target: Place) -> int:
    """How close a place is to the opening's place (city > metro > region > country)."""
    if not target.text or not p.text or (p.remote and p.city is None):
        return NOWHERE
    if not (p.known and target.known):
        return CITY if fold(p.text) == fold(target.text) else NOWHERE
    if (
        p.city
        and target.city
        and p.city == target.city
        and p.country == target.country
        and (p.region == target.region or not (p.region and target.region))
    ):
        return CITY
    if same_metro(p, target):
        return METRO
    if p.country and p.country == target.country:
        return REGION if p.region and p.region == target.region else COUNTRY
    return NOWHERE


def _level_scores(s: MatchSettings) -> np.ndarray:
    return np.array([0.0, s.same_country, s.same_region, s.same_metro, s.same_city])


@dataclass
class _Places:
    level: np.ndarray  # best geo level per distinct value
    remote: np.ndarray  # mentions remote
    best: list[str]  # display text of the best place


def _place_table(values: list[Any], target: Place, many: bool) -> _Places:
    levels, remote, best = np.zeros(len(values), dtype=int), np.zeros(len(values), dtype=bool), []
    for i, v in enumerate(values):
        places = parse_locations(v) if many else [parse_location(v)]
        scored = [(_geo_level(p, target), p) for p in places] or [(NOWHERE, parse_location(None))]
        lvl, p = max(scored, key=lambda x: x[0])
        levels[i], remote[i] = lvl, any(q.remote for q in places)
        best.append(p.text if lvl else "; ".join(q.text for q in places))
    return _Places(levels, remote, best)


def _remote_answer(v: Any) -> tuple[bool, bool, bool, bool]:
    a = remote_answer(v)
    return a.remote_ok, a.remote_only, a.relocate, a.refused


# --- availability and recency -------------------------------------------------------------------


def _as_date(v: Any) -> date | None:
    """Last contacted / follow-up as a date (dates.py rules: typed dates, fuzzy call-backs
    with a year such as "Q3 2027"); None when unreadable."""
    found = follow_up_date(v) if isinstance(v, str) else None
    return found.date if found is not None else parse_date(v)


def _days_since(values: list[Any], today: date) -> np.ndarray:
    """Days from each distinct date to today (NaN for anything that is not a date)."""
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        d = _as_date(v)
        if d is not None:
            out[i] = (today - d).days
    return out


def _recency(days: np.ndarray, s: MatchSettings) -> np.ndarray:
    span = max(1, s.recency_zero_days - s.recency_full_days)
    score = 1.0 - (days - s.recency_full_days) / span
    return np.where(np.isnan(days), s.recency_unknown, np.clip(score, 0.0, 1.0))


# --- keywords ------------------------------------------------------------------------------------


def _score_keywords(notes: _NoteHits, opening: Opening) -> tuple[np.ndarray, np.ndarray]:
    """Share of the must-have keywords each row's notes mention, and which ones."""
    hits = notes.keywords
    hit_rows = np.vstack([hits, np.zeros((1, hits.shape[1]), dtype=bool)])[notes.codes]
    return (hit_rows.mean(axis=1) if opening.keywords else np.zeros(len(notes.codes))), hit_rows


# --- the ranking ---------------------------------------------------------------------------------


@dataclass
class _Scored:
    """Per-row component arrays plus what is needed to explain the top rows."""

    parts: dict[str, np.ndarray]
    detail: dict[str, Any]


def _score_titles(df: pd.DataFrame, notes: _NoteHits, opening: Opening, s: MatchSettings) -> tuple[np.ndarray, dict[str, Any]]:
    target = _title_target(opening)
    fc, fv = _codes(df["future_title"])
    cc, cv = _codes(df["current_title"])
    ffit, fhow = _title_fits(fv, target, s)
    cfit, chow = _title_fits(cv, target, s)
    other_wish = _take(_other_roles(fv, target), fc) > 0
    stack = np.vstack(
        [
            _take(ffit, fc) * s.future_title_factor,
            _take(cfit, cc) * np.where(other_wish, s.other_wish_title_factor, s.current_title_factor),
            _take(notes.title, notes.codes) * s.notes_title_factor,
        ]
    )
    source = stack.argmax(axis=0)
    detail = {
        "source": source,
        "fc": fc,
        "fv": fv,
        "fhow": fhow,
        "cc": cc,
        "cv": cv,
        "chow": chow,
        "other_wish": other_wish,
        "phrase": target.family or opening.title,
    }
    return stack.max(axis=0), detail


def _other_roles(values: list[Any], target: _TitleTarget) -> np.ndarray:
    """1 where a stated future title is a known role of another family than the opening's:
    a wish says more than the job someone holds now ("is Data Engineer, wants Sales")."""
    if target.family is None:
        return np.zeros(len(values))
    parsed = (parse_title(_text(v)) for v in values)
    return np.array([p.known and not related_families(p.family, target.family) for p in parsed], dtype=float)


def _score_locations(df: pd.DataFrame, opening: Opening, s: MatchSettings) -> tuple[np.ndarray, dict[str, Any]]:
    target = parse_location(opening.location)
    lc, lv = _codes(df["location"])
    fc, fv = _codes(df["future_location"])
    rc, rv = _codes(df["open_to_remote"])
    cur, fut = _place_table(lv, target, many=False), _place_table(fv, target, many=True)
    answers = np.array([_remote_answer(v) for v in rv], dtype=bool).reshape(-1, 4)
    ans = [_take(answers[:, k], rc) > 0 for k in range(4)]
    scores = _level_scores(s)
    stated = fc >= 0
    cur_factor = np.where(stated, s.overridden_location_factor, s.current_location_factor)
    # where they live counts as "open to remote" only when they stated no other wish
    remote_ok = ans[0] | (_take(fut.remote, fc) > 0) | ((_take(cur.remote, lc) > 0) & ~stated)
    remote_value = {"remote": s.remote_fit, "hybrid": s.hybrid_remote_fit}.get(opening.work_mode, 0.0)
    stack = np.vstack(
        [
            scores[_take(fut.level, fc).astype(int)],
            scores[_take(cur.level, lc).astype(int)] * cur_factor,
            np.where(ans[2], s.relocation_fit if opening.work_mode != "remote" else 0.0, 0.0),
            np.where(remote_ok, remote_value, 0.0),
        ]
    )
    best = stack.max(axis=0)
    if opening.work_mode != "remote":
        best = np.where(ans[1], np.minimum(best, s.remote_only_cap), best)
    detail = {
        "source": stack.argmax(axis=0),
        "lc": lc,
        "cur": cur,
        "fc": fc,
        "fut": fut,
        "target": target,
        "remote_only": ans[1],
        "remote_ok": ans[0] | (_take(fut.remote, fc) > 0),
        "best": best,
    }
    return best, detail


def _excluded_keys(s: MatchSettings) -> set[str]:
    return {fold(canonical_status(x) or x) for x in s.excluded_statuses}


def _status_keys(values: list[Any]) -> list[str]:
    return [fold(canonical_status(v) or _text(v)) for v in values]


def _excluded_by_status(status: pd.Series, s: MatchSettings) -> np.ndarray:
    """Rows whose Status cell says they are never ranked (do not contact, placed)."""
    sc, sv = _codes(status)
    excluded_keys = _excluded_keys(s)
    return _take(np.array([k in excluded_keys for k in _status_keys(sv)], dtype=float), sc) > 0


def _score_availability(df: pd.DataFrame, s: MatchSettings, today: date) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    sc, sv = _codes(df["status"])
    keys = _status_keys(sv)
    excluded_keys = _excluded_keys(s)
    hint_codes, hint_values = _codes(df["_notes_status"])  # what the notes say, e.g. "Do not contact"
    hinted = _take(np.array([fold(v) in excluded_keys for v in hint_values], dtype=float), hint_codes) > 0
    excluded = (_take(np.array([k in excluded_keys for k in keys], dtype=float), sc) > 0) | hinted
    status = _take(np.array([s.status_scores.get(k, s.unknown_status_score) for k in keys]), sc, s.unknown_status_score)
    uc, uv = _codes(df["follow_up_on"])
    until = _take(-_days_since(uv, today), uc, np.nan)  # days until the follow-up (negative: overdue)
    value = np.where(
        until <= 0, s.follow_up_due_score, np.where(until > 0, np.minimum(status, s.follow_up_waiting_score), status)
    )
    return value, excluded, {"until": until, "sc": sc, "sv": sv}


def match(
    candidates_df: pd.DataFrame,
    opening: Opening,
    *,
    top: int | None = 25,
    settings: MatchSettings | None = None,
) -> pd.DataFrame:
    """Rank candidates (a reader frame: index = Excel row, canonical columns) for ``opening``.

    Returns the best ``top`` (all matches when None) as a frame with ``MATCH_COLUMNS``:
    score 0-100, each component's fit 0-1 and short reasons for each. People whose status is
    excluded (do not contact, placed) or whose title fit is below ``min_title_fit`` never appear.
    """
    s = settings or MatchSettings()
    today = s.today or date.today()
    df = _with_columns(candidates_df)
    notes = _search_notes(df["notes"], opening)
    typed_title, _ = _score_titles(df, notes, opening, s)
    rows = np.flatnonzero(_could_be_shown(notes, typed_title, s) & ~_excluded_by_status(df["status"], s))
    # every score below depends on the row's own cells only: the rest of the sheet can be left
    # out, and of these rows only the cells that are scored (the others are shown, for the top)
    notes, sheet = notes.rows(rows), df
    df = _with_notes(df[list(SCORED_COLUMNS)].iloc[rows], notes)
    title, tdetail = _score_titles(df, notes, opening, s)
    location, ldetail = _score_locations(df, opening, s)
    availability, excluded, adetail = _score_availability(df, s, today)
    lc_codes, lc_values = _codes(df["last_contacted"])
    days = _take(_days_since(lc_values, today), lc_codes, np.nan)
    keywords, hit_rows = _score_keywords(notes, opening)
    parts = {
        "title": title,
        "location": location,
        "availability": availability,
        "recency": _recency(days, s),
        "keywords": keywords,
    }
    w = s.weights(bool(opening.keywords))
    wished = _stated_wish(tdetail, ldetail, title, opening, s)
    score = np.minimum(100.0, 100.0 * sum(w[c] * parts[c] for c in COMPONENTS) + np.where(wished, s.stated_wish_bonus, 0.0))
    keep = np.flatnonzero(~excluded & (title >= s.min_title_fit))
    chosen = _top(keep, np.round(score[keep], 1), np.asarray(df.index)[keep], top)
    scored = _Scored(
        parts, {"title": tdetail, "location": ldetail, "availability": adetail, "days": days, "hits": hit_rows, "wished": wished}
    )
    return _result(df, _Shown(sheet, rows), chosen, np.round(score, 1), scored, opening, today)


NOTE_FIELDS = ("future_title", "future_location", "open_to_remote", "follow_up_on")
SCORED_COLUMNS = ("notes", "last_contacted", "status", "current_title", "location", *NOTE_FIELDS)


# words without which a note states no wish (a cheap vectorised test before reading notes)
WISH_HINT = r"want|wnat|watn|futur|next|->|=>|→|would|'d\b|\bwd\b|prefer|interest|keen|consider|open to|looking|target|goal|aim|hoping|eyeing|sees|dream|ideal|reloc|moving|move|only|pref"


def _could_be_shown(notes: _NoteHits, typed_title: np.ndarray, s: MatchSettings) -> np.ndarray:
    """Rows that may be ranked, whose notes must be read: those that fit on what is typed
    (their notes may say do not contact, or when to call), and those whose notes may state a
    wish. Every other row is out whatever its notes say; reading every note of a big sheet
    would cost more than the whole ranking."""
    text = notes.text
    hints = (
        text.str.contains(WISH_HINT, case=False, regex=True).fillna(False).to_numpy(dtype=bool)
        if len(text)
        else np.zeros(0, bool)
    )
    return (typed_title >= s.min_title_fit) | (np.append(hints, False)[notes.codes])


def _with_notes(df: pd.DataFrame, notes: _NoteHits) -> pd.DataFrame:
    """The frame with the empty future cells filled from what the notes say, plus where each
    came from (``_from_notes_<field>``), the notes' status hint and a quote of the wish.
    ``notes`` holds the frame's notes as distinct values (searched already, read here)."""
    part = readings_of(notes.codes, notes.values, df["last_contacted"])
    readings = {name: part[:, READING_COLUMNS.index(name)] for name in (*NOTE_FIELDS, "status", "noted_on", "wish")}
    last = df["last_contacted"].to_numpy(dtype=object)
    still_open = np.ones(len(df), dtype=bool)
    decided: dict[tuple[Any, Any, Any], bool] = {}  # once per distinct (call-back, note date, last contact)
    for i in np.flatnonzero(readings["follow_up_on"] != None):  # noqa: E711 (object array)
        key = (readings["follow_up_on"][i], readings["noted_on"][i], last[i])
        if key not in decided:
            decided[key] = follow_up_still_open(*key)
        still_open[i] = decided[key]
    added: dict[str, Any] = {}
    for f in NOTE_FIELDS:
        typed = _filled(df[f])
        noted = (readings[f] != None) & ~typed & (still_open if f == "follow_up_on" else True)  # noqa: E711
        added[f] = np.where(typed, df[f].to_numpy(dtype=object), readings[f])
        added[f"_from_notes_{f}"] = noted
    added["_notes_status"] = readings["status"]
    labels = np.full(len(df), None, dtype=object)
    for i in np.flatnonzero(readings["wish"] != None):  # noqa: E711
        noted = readings["noted_on"][i]
        labels[i] = _said_in_notes(noted if isinstance(noted, date) else parse_date(last[i]), readings["wish"][i])
    added["_wish_label"] = labels
    # object columns as they are: letting pandas infer (Arrow) strings costs more than the notes
    return df.assign(**{k: pd.Series(v, index=df.index, dtype=v.dtype) for k, v in added.items()})


def _filled(series: pd.Series) -> np.ndarray:
    """Which cells hold something (blank text and NaN do not), decided once per distinct value."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    keep = np.array([not _blank(v) for v in uniques] + [False], dtype=bool)
    return keep[codes]


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def _said_in_notes(when: date | None, quote: str) -> str:
    return f"said in notes {when:%Y-%m}: {quote}" if when else f"said in notes: {quote}"


def _stated_wish(
    tdetail: dict[str, Any], ldetail: dict[str, Any], title: np.ndarray, opening: Opening, s: MatchSettings
) -> np.ndarray:
    """People who said they want this role in this place: the wished title (not the current
    one) fits at the opening's level and a wished place is the city, its metro, or remote for
    a remote opening."""
    title_from_wish = (tdetail["source"] == 0) & (tdetail["fc"] >= 0) & (title >= s.stated_wish_min_title_fit)
    fut_level = _take(ldetail["fut"].level, ldetail["fc"]).astype(int)
    place_fit = (fut_level >= METRO) & (ldetail["fc"] >= 0)
    if opening.remote:
        place_fit |= ldetail["remote_ok"]
    return title_from_wish & place_fit


def _with_columns(df: pd.DataFrame) -> pd.DataFrame:
    needed = [
        "first_name",
        "last_name",
        "full_name",
        "email",
        "phone",
        "linkedin",
        "contact_method",
        "status",
        "notes",
        "open_to_remote",
    ]
    needed += ["company", "current_title", "future_title", "location", "future_location", "last_contacted", "follow_up_on"]
    missing = [c for c in needed if c not in df.columns]
    if not missing:
        return df
    return df.assign(**{c: pd.Series([None] * len(df), index=df.index, dtype=object) for c in missing})


def _top(candidates: np.ndarray, scores: np.ndarray, rows: np.ndarray, top: int | None) -> np.ndarray:
    """Positions of the best rows, best first; ties go by Excel row (stable across runs)."""
    if top is not None and len(candidates) > top:
        cut = np.partition(scores, len(scores) - top)[len(scores) - top]
        mask = scores >= cut
        candidates, scores, rows = candidates[mask], scores[mask], rows[mask]
    order = np.lexsort((rows, -scores))
    return candidates[order][:top] if top is not None else candidates[order]


# --- reasons --------------------------------------------------------------------------------------


def _short_date(d: date, today: date) -> str:
    return f"{d.day} {d:%b}" if d.year == today.year else f"{d.day} {d:%b %Y}"


def _ago(days: float) -> str:
    if days < 14:
        return f"{int(days)} days ago" if days != 1 else "yesterday"
    if days < 61:
        return f"{round(days / 7)} weeks ago"
    months = round(days / 30.44)
    return f"{months} months ago" if months < 24 else f"{months / 12:.1f} years ago".replace(".0 ", " ")


def _title_reason(d: dict[str, Any], i: int, fit: float, df: pd.DataFrame | None = None) -> str:
    source = d["source"][i]
    if fit <= 0:
        return ""
    if source == 0 and d["fc"][i] >= 0:
        if df is not None and df["_from_notes_future_title"].iat[i] and df["_wish_label"].iat[i]:
            return f"{df['_wish_label'].iat[i]} ({d['fhow'][d['fc'][i]]})"
        return f"wants {_text(d['fv'][d['fc'][i]])} ({d['fhow'][d['fc'][i]]})"
    if source == 1 and d["cc"][i] >= 0:
        now = f"is {_text(d['cv'][d['cc'][i]])} now ({d['chow'][d['cc'][i]]})"
        return f"{now}, wants {_text(d['fv'][d['fc'][i]])} next" if d["other_wish"][i] else now
    return f"notes mention {d['phrase'].lower()}"


LEVEL_WORDS = {
    CITY: " = opening city",
    METRO: ": same metro as {t}",
    REGION: ": same state/region as {t}",
    COUNTRY: ": same country as {t}",
}


def _location_reason(d: dict[str, Any], i: int, opening: Opening) -> str:
    target, source = d["target"], d["source"][i]
    if d["best"][i] <= 0:
        return "no location match"
    lc, fc = d["lc"][i], d["fc"][i]
    if source == 0 and fc >= 0:
        lvl = int(d["fut"].level[fc])
        return f"wants {d['fut'].best[fc]}" + LEVEL_WORDS[lvl].format(t=target.text)
    if source == 1 and lc >= 0:
        lvl = int(d["cur"].level[lc])
        text = f"{d['cur'].best[lc]}" + LEVEL_WORDS[lvl].format(t=target.text)
        return text + (f", but wants {d['fut'].best[fc]}" if fc >= 0 else "")
    if source == 2:
        return "open to relocation" + (f" from {d['cur'].best[lc]}" if lc >= 0 else "")
    reason = "open to remote" + (" (opening is remote)" if opening.remote else " (opening is hybrid)")
    return reason + (", remote only" if d["remote_only"][i] and not opening.remote else "")


def _availability_reason(d: dict[str, Any], i: int, today: date) -> str:
    until = d["until"][i]
    if not np.isnan(until):
        when = today.fromordinal(today.toordinal() + int(until))
        return (
            f"follow-up due since {_short_date(when, today)}" if until <= 0 else f"asked to wait until {_short_date(when, today)}"
        )
    code = d["sc"][i]
    return f"status {_text(d['sv'][code])}" if code >= 0 else "no status"


def _keyword_reason(hits: np.ndarray, opening: Opening) -> str:
    if not opening.keywords:
        return ""
    found = [k for k, h in zip(opening.keywords, hits, strict=True) if h]
    return f"notes mention {', '.join(found)}" if found else "no must-have keyword in notes"


def _reasons(sc: _Scored, i: int, opening: Opening, today: date, df: pd.DataFrame | None = None) -> list[str]:
    d = sc.detail
    days = d["days"][i]
    location = _location_reason(d["location"], i, opening)
    if df is not None and df["_from_notes_future_location"].iat[i] and location.startswith("wants "):
        location += " (from notes)"
    reasons = [
        "said they want this role in this place" if d["wished"][i] else "",
        _title_reason(d["title"], i, sc.parts["title"][i], df),
        location,
        _availability_reason(d["availability"], i, today),
        f"last contacted {_ago(days)}" if not np.isnan(days) else "no last-contact date",
        _keyword_reason(d["hits"][i], opening),
    ]
    return [r for r in reasons if r]


def _name(row: pd.Series) -> str:
    parts = [_text(row.get("first_name")), _text(row.get("last_name"))]
    return " ".join(p for p in parts if p) or _text(row.get("full_name"))


ROW_FIELDS = MATCH_COLUMNS[MATCH_COLUMNS.index("first_name") : MATCH_COLUMNS.index("notes_excerpt")]


def _excerpt(notes: Any) -> str | None:
    text = _text(notes)
    if not text:
        return None
    return text if len(text) <= NOTES_EXCERPT_CHARS else text[: NOTES_EXCERPT_CHARS - 1].rstrip() + "…"


def _wish_source(row: pd.Series) -> str | None:
    """Where the title and place wanted came from: typed in the future columns, or the notes."""
    parts = []
    for f, label in (("future_title", "title"), ("future_location", "location")):
        if _blank(row[f]):
            continue
        parts.append(f"{label} from notes" if row[f"_from_notes_{f}"] else f"{label} typed")
    return ", ".join(parts) or None


@dataclass
class _Shown:
    """The whole sheet and the positions of the scored rows in it: what a result row shows
    besides the scored cells (name, email, phone...)."""

    sheet: pd.DataFrame
    rows: np.ndarray

    def cells(self, i: int) -> pd.Series:
        return self.sheet.iloc[self.rows[i]]


def _result(
    df: pd.DataFrame, shown: _Shown, chosen: np.ndarray, score: np.ndarray, sc: _Scored, opening: Opening, today: date
) -> pd.DataFrame:
    records = []
    for rank, i in enumerate(chosen, start=1):
        row, cells = df.iloc[i], shown.cells(i)
        records.append(
            {
                "rank": rank,
                "score": float(score[i]),
                "row": df.index[i],
                "name": _name(cells),
                **{c: row[c] if c in df.columns else cells[c] for c in ROW_FIELDS},
                "notes_excerpt": _excerpt(row["notes"]),
                "wish_source": _wish_source(row),
                "reasons": _reasons(sc, i, opening, today, df),
                **{f"{c}_fit": round(float(sc.parts[c][i]), 3) for c in COMPONENTS},
            }
        )
    out = pd.DataFrame(records, columns=MATCH_COLUMNS, dtype=object)  # text stays text, None stays None
    numeric = ["rank", "row", "score", *(f"{c}_fit" for c in COMPONENTS)]
    return out.astype({c: ("int64" if c in ("rank", "row") else "float64") for c in numeric})
