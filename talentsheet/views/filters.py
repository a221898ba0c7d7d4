"""Filtered views of the candidate frame (the sheets built from them: :mod:`talentsheet.views.sheets`).

"Who wants a Senior Data Engineer role in Austin or remote?" is a filter over the candidate
frame (pandas); ``talentsheet views`` turns such filters into sheets inside the workbook:
``Future by location``, ``Future by title``, ``Follow-ups due`` and one sheet per saved view
(a row of the ``Views`` sheet). Each filter is a pure function of a row, so filters compose
and commute. The expensive part (parsing titles and places) runs once per distinct cell text.

What a candidate *wants* is their future title/location as typed, else what their notes say
(:mod:`talentsheet.notes`). Filters let the current title/location stand in for someone who
gave no answer, but a view never presents that as a wish: every row says where its values
came from ("Future title (typed)", "from notes 2025-03: Senior DE in Austin", "current title —
no future answer given"). Follow-ups read fuzzy dates (:mod:`talentsheet.dates`) and keep the
words typed; unreadable ones are listed apart, never "due today"; people who must not be
contacted (:mod:`talentsheet.status`) are listed apart too, never as someone to call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from .. import places, titles
from ..dates import FuzzyDate, follow_up_date, parse_date
from ..errors import InputError
from ..notes import follow_up_still_open, read_notes
from ..places import Place
from ..schema import fold
from ..status import CLOSED_STATUSES, NOT_NOW, canonical_status, never_contact_reason, remote_answer

__all__ = [
    "CandidateFeatures",
    "SavedView",
    "View",
    "ViewFilter",
    "build_views",
    "family_of",
    "filter_candidates",
    "follow_up_rows",
    "follow_ups_due",
    "future_by_location",
    "future_by_title",
    "prepare",
    "saved_view",
    "view_mask",
]

NOT_GIVEN = "(not given)"
NO_ANSWER = "(no future answer given)"
TYPED_TITLE, TYPED_LOCATION, TYPED_FOLLOW_UP = "Future title (typed)", "Future location (typed)", "Follow-up on (typed)"
CURRENT_TITLE = "current title — no future answer given"
CURRENT_LOCATION = "current location — no future answer given"
DEFAULT_FOLLOW_UP_DAYS = 30
DEFAULT_CADENCE_DAYS = 90


# --- features: what each row means, computed once ------------------------------------------


@dataclass
class CandidateFeatures:
    """Parsed meaning of each candidate row, aligned with the frame's index."""

    title: pd.Series  # title to filter on: future title (typed, else from notes), else current title
    family: np.ndarray  # object: family or None
    seniority_rank: np.ndarray  # float, NaN when unknown
    places: pd.Series  # tuple[Place, ...] to filter on (future location, else notes, else current)
    places_text: np.ndarray  # those places as display text, "Austin, TX; Remote"
    place_code: np.ndarray  # int: which of place_options the row wants
    open_to_remote: np.ndarray  # bool: "Open to remote" (typed, else from notes) says yes (anywhere)
    relocate_ok: np.ndarray  # bool: they would relocate
    last_contacted: pd.Series  # datetime64, NaT when missing
    follow_up_on: pd.Series  # datetime64, NaT when missing or unreadable
    status: np.ndarray  # folded status text
    owner: np.ndarray  # folded owner text
    notes: np.ndarray  # lower-cased notes text
    title_wish: np.ndarray  # bool: the title is a wish (typed or from notes), not the current title
    title_source: np.ndarray  # where the title came from ("Future title (typed)", "from notes 2025-03: ...")
    place_wish: np.ndarray  # bool: the places are a wish
    place_source: np.ndarray
    follow_up_words: np.ndarray  # the call-back as typed ("Q3 2027", "ping after bonus in March"), or None
    follow_up_precision: np.ndarray  # day / month / quarter / ... or None
    follow_up_problem: np.ndarray  # why a call-back typed could not be read, or None
    follow_up_source: np.ndarray  # "Follow-up on (typed)", "from notes 2026-06: ping Q2", or None
    never_contact: np.ndarray  # "do not contact" / "placed" (status cell or notes), or None
    never_contact_source: np.ndarray  # the words that said so
    wish_quote: np.ndarray  # the wish in the notes as typed, for drafts ("Director of Eng in Denver")
    # the people table every view draws from, built once on first use (per row)
    display: pd.DataFrame | None = field(default=None, repr=False)
    # the distinct place tuples place_code points into (shared, not per row)
    place_options: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object), metadata={"shared": True})


def is_empty(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def _distinct(values: Iterable[Any], fn: Callable[[Any], Any]) -> tuple[np.ndarray, np.ndarray]:
    """(codes, results): ``fn`` applied once per distinct value (empty cells as None), and
    for each row the position of its result. A million cells hold a few thousand texts."""
    codes, uniques = pd.factorize(values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object))
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, v in enumerate(uniques):
        results[i] = fn(None if is_empty(v) else v)
    results[len(uniques)] = fn(None)
    return np.where(codes < 0, len(uniques), codes), results


def _per_distinct(values: Iterable[Any], fn: Callable[[Any], Any]) -> np.ndarray:
    """``fn`` of every value, computed once per distinct value; an object array."""
    codes, results = _distinct(values, fn)
    return results[codes]


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name].astype(object)
    return pd.Series([None] * len(df), index=df.index, dtype=object)


def to_date(v: Any) -> date | None:
    """A real date from a date cell, a serial or a typed date (dates.py); None otherwise, and
    for typos pandas cannot hold ("0202-03-01")."""
    d = parse_date(v)
    return d if d is not None and 1900 <= d.year <= 2200 else None


def _dates(values: Iterable[Any]) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values)))


YES = {"yes", "y", "true", "ok", "sure"}  # the Views sheet's "Include remote" flag


def _lower(series: pd.Series, folder: Callable[[Any], str]) -> np.ndarray:
    return np.array(_per_distinct(series, lambda v: "" if v is None else folder(v)), dtype=object)


def _from_notes(noted: Any, last: Any, words: Any) -> str:
    """ "from notes 2025-03: wants Senior DE in Austin" (the note's own date, else the last contact)."""
    when = noted if isinstance(noted, date) else to_date(last)
    return f"from notes {when:%Y-%m}: {words}" if when else f"from notes: {words}"


def _choose(typed: pd.Series, noted: pd.Series, current: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(value to use, is a wish, which of typed / notes / current it came from: 0 / 1 / 2)."""
    t, n = ~_per_distinct(typed, is_empty).astype(bool), ~noted.map(is_empty).to_numpy(dtype=bool)
    kind = np.where(t, 0, np.where(n, 1, 2))
    value = typed.where(t, noted.where(n, current))
    return value, kind < 2, kind


def _sources(kind: np.ndarray, typed_label: str, current_label: str, notes_label: np.ndarray, current: pd.Series) -> np.ndarray:
    has_current = ~_per_distinct(current, is_empty).astype(bool)
    out = np.where(kind == 0, typed_label, np.where(kind == 1, notes_label, np.where(has_current, current_label, None)))
    return out.astype(object)


def _follow_ups(df: pd.DataFrame, readings: pd.DataFrame) -> list[tuple[Any, ...]]:
    """Per row: (date or None, words typed, precision, problem, source) of the call-back."""
    cells, last = _column(df, "follow_up_on"), _column(df, "last_contacted")
    pairs = pd.Series(list(zip(cells, last.map(to_date), strict=True)), index=df.index, dtype=object)
    parsed = _per_distinct(pairs, lambda pair: follow_up_date(pair[0], anchor=pair[1]) if pair else None)
    out = []
    for typed, note_date, words, precision, problem, noted, lc in zip(
        parsed,
        readings["follow_up_on"],
        readings["follow_up_on_words"],
        readings["follow_up_on_precision"],
        readings["follow_up_on_problem"],
        readings["noted_on"],
        last,
        strict=True,
    ):
        if isinstance(typed, FuzzyDate) and typed.date is not None and to_date(typed.date) is None:
            out.append((None, str(typed.date), None, f"{typed.date} is not a plausible date", TYPED_FOLLOW_UP))
        elif isinstance(typed, FuzzyDate):
            out.append((typed.date, typed.words or None, typed.precision or None, typed.problem or None, TYPED_FOLLOW_UP))
        elif words is not None and follow_up_still_open(note_date, noted, lc):
            out.append((note_date, words, precision, problem, _from_notes(noted, lc, words)))
        else:
            out.append((None, None, None, None, None))
    return out


def prepare(df: pd.DataFrame) -> CandidateFeatures:
    """Parse what every row wants and says; do it once and pass it to several filters."""
    readings = read_notes(df)
    last = _column(df, "last_contacted")
    notes_label = np.array(
        [
            None if w is None else _from_notes(n, lc, w)
            for n, lc, w in zip(readings["noted_on"], last, readings["future_title_words"], strict=True)
        ],
        dtype=object,
    )
    place_label = np.array(
        [
            None if w is None else _from_notes(n, lc, w)
            for n, lc, w in zip(readings["noted_on"], last, readings["future_location_words"], strict=True)
        ],
        dtype=object,
    )
    current_title, current_place = _column(df, "current_title"), _column(df, "location")
    title_value, title_wish, title_kind = _choose(_column(df, "future_title"), readings["future_title"], current_title)
    place_value, place_wish, place_kind = _choose(_column(df, "future_location"), readings["future_location"], current_place)
    title = pd.Series(_per_distinct(title_value, titles.parse_title), index=df.index)
    place_code, options = _distinct(place_value, lambda v: tuple(places.parse_locations(v)))
    option_text = np.array(["; ".join(p.text for p in ps) or None for ps in options], dtype=object)
    remote_cell = _column(df, "open_to_remote")
    remote_value = remote_cell.where(~_per_distinct(remote_cell, is_empty).astype(bool), readings["open_to_remote"])
    answers = _per_distinct(remote_value, remote_answer)
    ranks = [titles.seniority_rank(t.seniority) for t in title]
    follow = _follow_ups(df, readings)
    status_cells = _column(df, "status")
    never = [never_contact_reason(s, h) for s, h in zip(status_cells, readings["status"], strict=True)]
    never_source = [
        None if r is None else (f"Status: {s}" if never_contact_reason(s) else f"notes: {w}")
        for r, s, w in zip(never, status_cells, readings["status_words"], strict=True)
    ]
    return CandidateFeatures(
        title=title,
        family=np.array([t.family for t in title], dtype=object),
        seniority_rank=np.array([np.nan if r is None else r for r in ranks], dtype=float),
        places=pd.Series(options[place_code], index=df.index),
        places_text=option_text[place_code],
        place_code=place_code,
        place_options=options,
        open_to_remote=np.array([a.remote_ok for a in answers], dtype=bool),
        relocate_ok=np.array([a.relocate for a in answers], dtype=bool),
        last_contacted=pd.Series(_dates(_per_distinct(last, to_date)).to_numpy(), index=df.index),
        follow_up_on=pd.Series(_dates(f[0] for f in follow).to_numpy(), index=df.index),
        status=_lower(status_cells, lambda v: fold(canonical_status(v) or str(v))),
        owner=_lower(_column(df, "owner"), lambda v: fold(str(v))),
        notes=_lower(_column(df, "notes"), lambda v: str(v).lower()),
        title_wish=title_wish,
        title_source=_sources(title_kind, TYPED_TITLE, CURRENT_TITLE, notes_label, current_title),
        place_wish=place_wish,
        place_source=_sources(place_kind, TYPED_LOCATION, CURRENT_LOCATION, place_label, current_place),
        follow_up_words=np.array([f[1] for f in follow], dtype=object),
        follow_up_precision=np.array([f[2] for f in follow], dtype=object),
        follow_up_problem=np.array([f[3] for f in follow], dtype=object),
        follow_up_source=np.array([f[4] for f in follow], dtype=object),
        never_contact=np.array(never, dtype=object),
        never_contact_source=np.array(never_source, dtype=object),
        wish_quote=readings["wish"].to_numpy(dtype=object),
    )


# --- the filter ---------------------------------------------------------------------------


def _split_list(text: str | None) -> list[str]:
    return [fold(p) for p in re.split(r"[;,|/]", text or "") if fold(p)]


@dataclass(frozen=True)
class ViewFilter:
    """A combination of conditions; empty fields do not filter. Names equal the keywords of
    :func:`filter_candidates` and (nearly) the columns of the ``Views`` sheet."""

    title_family: str | None = None  # "Data Engineer", "Senior Data Engineer" (seniority too)
    seniority_min: str | None = None
    seniority_max: str | None = None
    location: str | None = None  # "Austin, TX; Remote", "Texas", "Germany"
    include_remote: bool = True  # people open to remote match any location
    include_relocation: bool = True  # people willing to relocate match any location
    status: str | None = None  # one or several: "Not now; Interested"
    owner: str | None = None
    contacted_within_days: int | None = None
    follow_up_within_days: int | None = None  # due within N days, overdue included
    notes_contain: str | None = None

    def __post_init__(self) -> None:
        for name in ("seniority_min", "seniority_max"):
            value = getattr(self, name)
            if value is not None and titles.seniority_rank(value) is None:
                raise InputError(f"{value!r} is not a seniority level", f"use one of: {', '.join(titles.SENIORITY_LEVELS)}")
        low, high = titles.seniority_rank(self.seniority_min), titles.seniority_rank(self.seniority_max)
        if low is not None and high is not None and low > high:
            raise InputError(
                f"seniority from {self.seniority_min} is above seniority to {self.seniority_max}", "swap the two levels"
            )
        for name in ("contacted_within_days", "follow_up_within_days"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise InputError(f"{name.replace('_', ' ')} must be a whole number of days, not {value!r}", "e.g. 30")
        if self.location and not any(p.known for p in places.parse_locations(self.location)):
            raise InputError(
                f"location {self.location!r} is not a place talentsheet knows",
                "write a city ('Austin, TX'), a state or country ('Texas', 'Germany'), or 'Remote'",
            )
        if self.title_family and family_of(self.title_family) is None:
            raise InputError(
                f"title family {self.title_family!r} is not a role talentsheet knows",
                "e.g. 'Data Engineer', 'Software Engineer', 'Product Manager', 'Engineering' (for managers)",
            )

    def is_empty(self) -> bool:
        return self == ViewFilter()

    def describe(self) -> str:
        """The filter in one line, for the view sheet's subtitle."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                parts.append(f"{f.name.replace('_', ' ')}: {value}")
        return "; ".join(parts) or "everyone"


def family_of(text: str) -> str | None:
    """The role family a filter names: a title ("sr data eng"), a family, or a leadership area."""
    title = titles.parse_title(text)
    if title.known:
        return title.family
    names = {fold(n): n for n in (*titles.FAMILIES, *titles.AREAS)}
    return names.get(fold(text))


def _family_mask(features: CandidateFeatures, vf: ViewFilter) -> np.ndarray:
    return np.isin(features.family, list(titles.families_within(family_of(vf.title_family))))


def _seniority_bounds(vf: ViewFilter) -> tuple[int | None, int | None]:
    low, high = titles.seniority_rank(vf.seniority_min), titles.seniority_rank(vf.seniority_max)
    if low is None and high is None and vf.title_family:  # "Senior Data Engineer" means senior
        low = high = titles.seniority_rank(titles.parse_title(vf.title_family).seniority)
    return low, high


def _seniority_mask(features: CandidateFeatures, low: int | None, high: int | None) -> np.ndarray:
    ranks = features.seniority_rank
    mask = ~np.isnan(ranks)
    if low is not None:
        mask &= ranks >= low
    if high is not None:
        mask &= ranks <= high
    return mask


def place_matches(have: Place, want: Place) -> bool:
    """Does a place a candidate wants fall within a place the view asks for?"""
    if want.remote:
        return have.remote and (want.country is None or have.country in (None, want.country))
    if have.remote or not have.known:
        return not want.known and fold(have.text) == fold(want.text)
    if want.city:
        return places.same_metro(have, want)
    if want.region:
        return have.region == want.region and have.country == want.country
    return want.country is not None and have.country == want.country


def _remote_fits(have: Place, want: Place) -> bool:
    """A remote wish covers a place unless it names another country ("Remote (UK)" is not Austin)."""
    return have.remote and have.country in (None, want.country)


def _location_mask(features: CandidateFeatures, vf: ViewFilter) -> np.ndarray:
    wanted = [p for p in places.parse_locations(vf.location) if p.known]

    def fits(have: Place, want: Place) -> bool:
        return place_matches(have, want) or (vf.include_remote and _remote_fits(have, want))

    hits = np.array([any(fits(h, w) for h in have for w in wanted) for have in features.place_options], dtype=bool)
    mask = hits[features.place_code]
    if vf.include_remote:
        mask |= features.open_to_remote
    if vf.include_relocation and not all(w.remote for w in wanted):  # moving does not make a job remote
        mask |= features.relocate_ok
    return mask


def _today(today: date | None) -> pd.Timestamp:
    return pd.Timestamp(today or date.today())


def _masks(features: CandidateFeatures, vf: ViewFilter, today: date | None) -> Iterable[np.ndarray]:
    """One boolean mask per condition that is set."""
    if vf.title_family:
        yield _family_mask(features, vf)
    low, high = _seniority_bounds(vf)
    if low is not None or high is not None:
        yield _seniority_mask(features, low, high)
    if vf.location:
        yield _location_mask(features, vf)
    if vf.status:
        yield np.isin(features.status, _split_list(vf.status))
    if vf.owner:
        yield np.isin(features.owner, _split_list(vf.owner))
    if vf.contacted_within_days is not None:
        since = _today(today) - pd.Timedelta(days=vf.contacted_within_days)
        yield (features.last_contacted >= since).to_numpy()
    if vf.follow_up_within_days is not None:
        until = _today(today) + pd.Timedelta(days=vf.follow_up_within_days)
        yield (features.follow_up_on <= until).to_numpy()
    if vf.notes_contain:
        needle = vf.notes_contain.lower()
        yield np.array([needle in n for n in features.notes], dtype=bool)


def view_mask(features: CandidateFeatures, vf: ViewFilter, today: date | None = None) -> np.ndarray:
    """Rows that pass every condition of ``vf``."""
    mask = np.ones(len(features.family), dtype=bool)
    for m in _masks(features, vf, today):
        mask &= m
    return mask


def filter_candidates(
    df: pd.DataFrame,
    *,
    title_family: str | None = None,
    seniority_min: str | None = None,
    seniority_max: str | None = None,
    location: str | None = None,
    include_remote: bool = True,
    include_relocation: bool = True,
    status: str | None = None,
    owner: str | None = None,
    contacted_within_days: int | None = None,
    follow_up_within_days: int | None = None,
    notes_contain: str | None = None,
    today: date | None = None,
    features: CandidateFeatures | None = None,
) -> pd.DataFrame:
    """The candidates that match every given condition (a subset of ``df``, same index).

    Pass ``features=prepare(df)`` when filtering the same frame several times."""
    vf = ViewFilter(
        title_family,
        seniority_min,
        seniority_max,
        location,
        include_remote,
        include_relocation,
        status,
        owner,
        contacted_within_days,
        follow_up_within_days,
        notes_contain,
    )
    return df[view_mask(features or prepare(df), vf, today)]


# --- the built-in views -------------------------------------------------------------------


def full_names(df: pd.DataFrame) -> pd.Series:
    """ "First Last", or the full-name column when that is all there is."""

    def texts(name: str) -> pd.Series:
        return pd.Series(_per_distinct(_column(df, name), lambda v: "" if v is None else str(v).strip()), dtype=str)

    both = (texts("first_name") + " " + texts("last_name")).str.strip()
    names = both.where(both != "", texts("full_name"))
    return pd.Series(names.to_numpy(dtype=object), index=df.index, dtype=object)


def _counts(labels: pd.Series) -> list[tuple[str, int]]:
    counted = labels.value_counts(sort=False)
    ordered = sorted(counted.items(), key=lambda kv: (kv[0] in (NOT_GIVEN, NO_ANSWER), kv[0] == NO_ANSWER, -kv[1], kv[0]))
    return [(str(k), int(v)) for k, v in ordered]


@dataclass
class View:
    """A view ready to be written: its people, the counts to chart, and what it shows.

    ``not_contacted`` lists people left out because they must not be contacted (do not
    contact, placed; from the Status cell or the notes) and ``unreadable`` the call-backs
    typed in words talentsheet could not read: the sheet shows both, clearly labelled, apart
    from the people to call."""

    name: str
    people: pd.DataFrame  # index = candidate's Excel row; first column = the group label
    counts: list[tuple[str, int]]
    count_label: str
    description: str
    problem: str = ""  # set when a saved view could not be built
    extra: dict[str, Any] = field(default_factory=dict)
    not_contacted: pd.DataFrame = field(default_factory=pd.DataFrame)
    unreadable: pd.DataFrame = field(default_factory=pd.DataFrame)


def future_by_location(df: pd.DataFrame, features: CandidateFeatures) -> View:
    """One row per (wanted place, candidate): a person wanting Austin or Remote counts twice.
    People who gave no future location (typed or in their notes) are grouped under
    "(no future answer given)", their current location shown as such, never as a wish."""
    labels = [
        [p.text for p in ps] or [NOT_GIVEN] if wish else [NO_ANSWER]
        for ps, wish in zip(features.places, features.place_wish, strict=True)
    ]
    positions = np.repeat(np.arange(len(labels)), [len(x) for x in labels])
    exploded = pd.Series([t for x in labels for t in x], index=df.index[positions], dtype=object)
    people = _people(df, features, first=("Wants to work in", exploded.to_numpy()), rows=positions)
    people = people.sort_values(["Wants to work in", "Name"], kind="stable", key=_label_sort_key)
    return View(
        "Future by location",
        people.drop(columns="Seniority rank"),
        _counts(exploded),
        "Place",
        "where candidates want their next role (typed, or read from their notes)",
    )


def future_by_title(df: pd.DataFrame, features: CandidateFeatures) -> View:
    """Grouped by role family (seniority shown beside it); leaders are grouped by the area
    they want to lead ("Engineering leadership"). No future title: "(no future answer given)"."""
    labels = pd.Series(
        [_family_label(t) if wish else NO_ANSWER for t, wish in zip(features.title, features.title_wish, strict=True)],
        index=df.index,
        dtype=object,
    )
    people = _people(df, features, first=("Role family", labels.to_numpy()))
    people = people.sort_values(["Role family", "Seniority rank", "Name"], kind="stable", key=_label_sort_key)
    return View(
        "Future by title",
        people.drop(columns="Seniority rank"),
        _counts(labels),
        "Role family",
        "the role candidates want next (typed, or read from their notes)",
    )


def _family_label(title: titles.Title) -> str:
    if title.family is None:
        return NOT_GIVEN
    return f"{title.family} leadership" if title.family not in titles.FAMILIES else title.family


NOT_CONTACTED_COLUMNS = ["Name", "Not contacted because", "Said where", "Status", "Owner", "Notes"]
UNREADABLE_COLUMNS = ["Name", "Follow-up as typed", "Typed in", "Problem", "Status", "Owner", "Last contacted"]


def not_contacted(df: pd.DataFrame, features: CandidateFeatures, rows: np.ndarray | None = None) -> pd.DataFrame:
    """The people who must not be contacted (among ``rows``), and why: "not contacted: do not
    contact / placed"."""
    mask = features.never_contact != None  # noqa: E711 (object array)
    if rows is not None:
        mask &= rows
    sub = _people(df, features, first=("Not contacted because", features.never_contact[mask]), rows=mask)
    out = pd.DataFrame(
        {
            "Name": sub["Name"],
            "Not contacted because": "not contacted: " + sub["Not contacted because"].astype(str),
            "Said where": features.never_contact_source[mask],
            "Status": sub["Status"],
            "Owner": sub["Owner"],
            "Notes": sub["Notes"],
        },
        index=sub.index,
        dtype=object,
    )
    return out.sort_values("Name", kind="stable")


def _unreadable(df: pd.DataFrame, features: CandidateFeatures, mask: np.ndarray) -> pd.DataFrame:
    sub = _people(df, features, first=("Problem", features.follow_up_problem[mask]), rows=mask)
    out = pd.DataFrame(
        {
            "Name": sub["Name"],
            "Follow-up as typed": features.follow_up_words[mask],
            "Typed in": features.follow_up_source[mask],
            "Problem": sub["Problem"],
            "Status": sub["Status"],
            "Owner": sub["Owner"],
            "Last contacted": sub["Last contacted"],
        },
        index=sub.index,
        dtype=object,
    )
    return out.sort_values("Name", kind="stable")


def follow_ups_due(
    df: pd.DataFrame,
    features: CandidateFeatures,
    *,
    days: int = DEFAULT_FOLLOW_UP_DAYS,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
    today: date | None = None,
) -> View:
    """Who to call: a call-back date (typed, or read from the notes: "Q3 2027", "ping after
    bonus in March") within ``days`` or overdue, or "Not now" people with no call-back whose
    last contact is more than ``cadence_days`` ago or not recorded at all. Closed statuses
    (placed, not interested, do not contact) are left out; people who must not be contacted
    are listed in ``not_contacted``; call-backs that cannot be read in ``unreadable``."""
    now = _today(today)
    follow = features.follow_up_on
    closed = np.isin(features.status, [fold(s) for s in CLOSED_STATUSES])
    blocked = features.never_contact != None  # noqa: E711 (object array)
    open_rows = ~closed & ~blocked
    unreadable = (features.follow_up_problem != None) & follow.isna().to_numpy()  # noqa: E711
    by_date = follow.notna().to_numpy() & (follow <= now + pd.Timedelta(days=days)).to_numpy()
    cadence_due = (features.last_contacted + pd.Timedelta(days=cadence_days)).fillna(now)  # no date: due now
    by_cadence = (
        (features.status == fold(NOT_NOW))
        & follow.isna().to_numpy()
        & ~unreadable
        & (cadence_due <= now + pd.Timedelta(days=days)).to_numpy()
    )
    mask = open_rows & (by_date | by_cadence)
    due = follow.where(follow.notna(), cadence_due)[mask]
    never = features.last_contacted.isna().to_numpy()[mask]
    why = [
        "said not now; no contact date recorded" if c and n else _why(d, now, bool(c), cadence_days, p)
        for d, c, n, p in zip(due, by_cadence[mask] & ~by_date[mask], never, features.follow_up_precision[mask], strict=True)
    ]
    people = _people(df, features, first=("Due", due.dt.date.to_numpy()), rows=mask)
    people.insert(1, "Why", why)
    people.insert(2, "Follow-up as typed", features.follow_up_words[mask])
    people.insert(3, "Follow-up from", features.follow_up_source[mask])
    people = people.sort_values(["Due", "Name"], kind="stable")
    owners = people["Owner"].map(lambda v: v or NOT_GIVEN)
    return View(
        "Follow-ups due",
        people.drop(columns="Seniority rank"),
        _counts(owners),
        "Owner",
        f"follow-up within {days} days or overdue; 'Not now' people not contacted for {cadence_days} days",
        extra={"days": days, "cadence_days": cadence_days, "today": now.date()},
        not_contacted=not_contacted(df, features, (by_date | by_cadence | unreadable) & blocked),
        unreadable=_unreadable(df, features, unreadable & open_rows),
    )


def call_backs(df: pd.DataFrame, features: CandidateFeatures, *, today: date | None = None) -> pd.DataFrame:
    """Every call-back with a readable date (typed or from the notes) of people who may be
    contacted, soonest first, for the calendar: "Due" is the date named, "On" the day to
    put it in a calendar (today for overdue ones)."""
    now = _today(today)
    follow = features.follow_up_on
    closed = np.isin(features.status, [fold(s) for s in CLOSED_STATUSES])
    mask = follow.notna().to_numpy() & ~closed & (features.never_contact == None)  # noqa: E711
    due = follow[mask]
    people = _people(df, features, first=("Due", due.dt.date.to_numpy()), rows=mask)
    people.insert(1, "On", due.clip(lower=now).dt.date.to_numpy())  # overdue ones today
    people.insert(2, "Follow-up as typed", features.follow_up_words[mask])
    people.insert(3, "Follow-up from", features.follow_up_source[mask])
    people.insert(4, "Precision", features.follow_up_precision[mask])
    people.insert(5, "Wish as typed", features.wish_quote[mask])
    return people.drop(columns="Seniority rank").sort_values(["On", "Name"], kind="stable")


PRECISION_WORDS = {
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "season": "season",
    "half": "half-year",
    "year": "year",
}


def _why(due: pd.Timestamp, now: pd.Timestamp, cadence: bool, cadence_days: int, precision: Any = None) -> str:
    delta = (due - now).days
    if cadence:
        return f"said not now; no contact for {cadence_days}+ days"
    if precision in PRECISION_WORDS:  # "Q3 2027": the period has begun, not a day has come
        word = PRECISION_WORDS[precision]
        return (
            f"the {word} they named began {-delta} days ago"
            if delta < 0
            else ("the " + word + " they named begins today" if delta == 0 else f"the {word} they named begins in {delta} days")
        )
    if delta < 0:
        return f"overdue by {-delta} day{'s' if delta != -1 else ''}"
    return "due today" if delta == 0 else f"due in {delta} day{'s' if delta != 1 else ''}"


def saved_view(df: pd.DataFrame, features: CandidateFeatures, name: str, vf: ViewFilter, today: date | None = None) -> View:
    """A recruiter's own view: the people matching ``vf``, counted by status."""
    mask = view_mask(features, vf, today)
    sub = df[mask]
    status = _column(sub, "status").map(lambda v: NOT_GIVEN if is_empty(v) else str(v))
    people = _people(df, features, first=("Title wanted", _wanted_titles(features)[mask]), rows=mask)
    return View(name, people.drop(columns="Seniority rank"), _counts(status), "Status", vf.describe())


def _wanted_titles(features: CandidateFeatures) -> np.ndarray:
    """The title wanted where there is a wish; nothing where only the current title is known."""
    return np.array(
        [t.text or None if w else None for t, w in zip(features.title, features.title_wish, strict=True)], dtype=object
    )


def _subset(features: CandidateFeatures, rows: np.ndarray) -> CandidateFeatures:
    """The features of some rows, by boolean mask or by positions (repeats allowed)."""

    def take(values: Any) -> Any:
        if values is None:
            return None
        return values.iloc[rows] if isinstance(values, (pd.Series, pd.DataFrame)) else values[rows]

    parts = {f.name: (getattr(features, f.name), f.metadata.get("shared", False)) for f in fields(features)}
    return CandidateFeatures(**{k: v if shared else take(v) for k, (v, shared) in parts.items()})


LAST = "\U0010ffff"  # sorts after every label


def _label_sort_key(col: pd.Series) -> pd.Series:
    """Group labels alphabetically with "(not given)" last."""
    if col.name in ("Wants to work in", "Role family"):
        return col.astype(object).mask(col == NOT_GIVEN, LAST).mask(col == NO_ANSWER, LAST + LAST)
    return col


PEOPLE_COLUMNS = [
    "Name",
    "Seniority",
    "Title wanted",
    "Title source",
    "Location wanted",
    "Location source",
    "Current title",
    "Current location",
    "Open to remote",
    "Status",
    "Owner",
    "Last contacted",
    "Follow-up on",
    "Notes",
    "LinkedIn",
    "Email",
    "Phone",
]


def _people(df: pd.DataFrame, features: CandidateFeatures, *, first: tuple[str, Any], rows: Any = None) -> pd.DataFrame:
    """The people table of some rows (all by default), with the group label in front."""
    if features.display is None:
        features.display = _people_base(df, features)
    out = (features.display if rows is None else features.display.iloc[rows]).copy()
    if first[0] in out.columns:
        out = out.drop(columns=first[0])
    out.insert(0, first[0], np.asarray(first[1], dtype=object))
    return out


def _people_base(df: pd.DataFrame, features: CandidateFeatures) -> pd.DataFrame:
    """Every row's display columns, computed once per distinct value and kept as objects."""

    def text(name: str) -> np.ndarray:
        return _per_distinct(_column(df, name), lambda v: v)

    def day(name: str) -> np.ndarray:
        return _per_distinct(_column(df, name), lambda v: to_date(v) or v)

    remote = _column(df, "open_to_remote")
    columns = {
        "Name": full_names(df).to_numpy(),
        "Seniority": np.array(
            [t.seniority if w else None for t, w in zip(features.title, features.title_wish, strict=True)], dtype=object
        ),
        "Title wanted": _wanted_titles(features),
        "Title source": features.title_source,
        "Location wanted": np.where(features.place_wish, features.places_text, None).astype(object),
        "Location source": features.place_source,
        "Current title": text("current_title"),
        "Current location": text("location"),
        "Open to remote": _per_distinct(remote, lambda v: v),
        "Status": text("status"),
        "Owner": text("owner"),
        "Last contacted": day("last_contacted"),
        "Follow-up on": day("follow_up_on"),
        "Notes": text("notes"),
        "LinkedIn": text("linkedin"),
        "Email": text("email"),
        "Phone": text("phone"),
    }
    out = pd.DataFrame(columns, index=df.index, dtype=object)
    out.insert(2, "Seniority rank", np.where(features.title_wish, features.seniority_rank, np.nan))
    return out


@dataclass(frozen=True)
class SavedView:
    """One row of the ``Views`` sheet: a name and a filter, or the reason it cannot be used."""

    name: str
    row: int
    filter: ViewFilter | None
    problem: str = ""


def is_blank(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def follow_up_rows(view: View) -> list[dict[str, Any]]:
    """The follow-up list as plain records (for the terminal table and --json)."""
    out = []
    for row, rec in zip(view.people.index, view.people.to_dict("records"), strict=True):
        clean = {k: (None if is_blank(v) else v) for k, v in rec.items()}
        out.append(
            {
                "row": int(row),
                "due": clean["Due"],
                "why": clean["Why"],
                "as_typed": clean["Follow-up as typed"],
                "follow_up_from": clean["Follow-up from"],
                "name": clean["Name"],
                "status": clean["Status"],
                "owner": clean["Owner"],
                "title_wanted": clean["Title wanted"],
                "title_source": clean["Title source"],
                "location_wanted": clean["Location wanted"],
                "location_source": clean["Location source"],
                "last_contacted": clean["Last contacted"],
                "follow_up_on": clean["Follow-up on"],
                "linkedin": clean["LinkedIn"],
                "email": clean["Email"],
                "phone": clean["Phone"],
            }
        )
    return out


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Any view section (people, not contacted, unreadable) as plain records with its row."""
    return [
        {"row": int(row), **{k: (None if is_blank(v) else v) for k, v in rec.items()}}
        for row, rec in zip(frame.index, frame.to_dict("records"), strict=True)
    ]


def build_views(
    df: pd.DataFrame,
    *,
    saved: Iterable[SavedView] = (),
    days: int = DEFAULT_FOLLOW_UP_DAYS,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
    today: date | None = None,
    features: CandidateFeatures | None = None,
    follow_ups: bool = True,
) -> list[View]:
    """Every view as DataFrames, nothing written: the built-ins (Follow-ups due only with
    ``follow_ups``: ``talentsheet views`` leaves that sheet to ``followups``) then each saved view."""
    features = features or prepare(df)
    views = [future_by_location(df, features), future_by_title(df, features)]
    if follow_ups:
        views.append(follow_ups_due(df, features, days=days, cadence_days=cadence_days, today=today))
    for sv in saved:
        if sv.filter is None:
            views.append(View(sv.name, pd.DataFrame(), [], "Status", f"saved view on Views row {sv.row}", sv.problem))
        else:
            views.append(saved_view(df, features, sv.name, sv.filter, today))
    return views
