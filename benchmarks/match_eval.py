"""Labelled matching set: openings, the candidates that truly fit them, and near-misses.

For each opening a pool is built from synthetic background candidates (none of them in the
opening's role or city, so none is a hidden fit) plus planted people with a grade:

* 2 = true fit: right role and level (spelled the many ways recruiters do: "Sr.", "III",
  "(Spark)"), in the opening's city or metro, or stating it as where they want to be next;
* 1 = acceptable: right role one level away in the city, or right role elsewhere but open
  to relocation / remote for a remote opening;
* 0 = near-miss: right title in the wrong place (and not willing to move), right title but
  living in the city while stating they want to be elsewhere, right place with the wrong
  seniority, right place in a neighbouring role, and perfect fits who are Do not contact or
  Placed (these must never be shown).

Usage: ``.venv/bin/python benchmarks/match_eval.py`` prints the set's size; the benchmark
(``bench_match.py``) imports :func:`labelled_sets`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from talentsheet.openings import Opening
from talentsheet.sample import TODAY, fake_candidates
from talentsheet.schema import CANONICAL_FIELDS


@dataclass(frozen=True)
class Spec:
    """One opening and the vocabulary to plant fits and near-misses for it."""

    opening: Opening
    titles: tuple[str, ...]  # right role and level, spelled several ways
    adjacent: tuple[str, ...]  # right role, one level away
    wrong_level: tuple[str, ...]  # right role, two or more levels away
    neighbours: tuple[str, ...]  # other role families a filter on words would confuse
    here: tuple[str, ...]  # the opening's city, spelled several ways, and its metro
    far: tuple[str, ...]  # other cities


SPECS = [
    Spec(
        Opening("Senior Data Engineer", "Austin, TX", "hybrid", keywords=("Spark",)),
        ("Senior Data Engineer", "Sr. Data Engineer", "Data Engineer III", "Senior Data Engineer (Spark)", "Sr Data Engineer"),
        ("Staff Data Engineer", "Data Engineer II"),
        ("Junior Data Engineer", "Data Engineering Intern", "Associate Data Engineer"),
        ("Senior Data Scientist", "Senior Data Analyst", "Senior Software Engineer"),
        ("Austin, TX", "austin tx", "Austin", "Round Rock, TX", "Cedar Park, TX"),
        ("Seattle, WA", "Boston, MA", "London, United Kingdom", "Denver, CO", "Miami, FL"),
    ),
    Spec(
        Opening("Staff Software Engineer", "Seattle, WA", "on-site"),
        ("Staff Software Engineer", "Staff SWE", "Software Engineer, Staff", "Staff Software Engineer - Backend"),
        ("Principal Software Engineer", "Senior Software Engineer"),
        ("Junior Software Engineer", "Software Engineering Intern", "Software Engineer I"),
        ("Staff Data Engineer", "Staff Product Manager", "Engineering Manager"),
        ("Seattle, WA", "seattle", "Bellevue, WA", "Redmond, WA", "Seattle, Washington"),
        ("Austin, TX", "Chicago, IL", "Toronto, Canada", "Atlanta, GA", "Portland, OR"),
    ),
    Spec(
        Opening("Senior Product Manager", "New York, NY", "hybrid", keywords=("B2B",)),
        ("Senior Product Manager", "Sr PM", "Sr. Product Manager", "Product Manager III", "Senior Product Manager, Growth"),
        ("Product Manager II", "Group Product Manager"),
        ("Associate Product Manager", "Product Management Intern", "Junior Product Manager"),
        ("Senior Product Designer", "Senior Project Manager", "Senior Product Marketing Manager"),
        ("New York, NY", "NYC", "Brooklyn, NY", "new york", "Manhattan"),
        ("San Francisco, CA", "Dallas, TX", "Berlin, Germany", "Raleigh, NC", "Los Angeles, CA"),
    ),
    Spec(
        Opening("Machine Learning Engineer", "San Francisco, CA", "hybrid", seniority="Senior"),
        ("Senior Machine Learning Engineer", "Senior ML Engineer", "Sr. MLE", "Machine Learning Engineer III"),
        ("Staff Machine Learning Engineer", "ML Engineer II"),
        ("Junior ML Engineer", "Machine Learning Intern", "Associate Machine Learning Engineer"),
        ("Senior Data Scientist", "Senior Software Engineer", "Senior Data Engineer"),
        ("San Francisco, CA", "SF", "Oakland, CA", "Palo Alto, CA", "Bay Area"),
        ("New York, NY", "Austin, TX", "Dublin, Ireland", "Chicago, IL", "Denver, CO"),
    ),
    Spec(
        Opening("Senior Data Scientist", "United States", "remote"),
        ("Senior Data Scientist", "Sr. Data Scientist", "Data Scientist III", "Senior Data Scientist, NLP"),
        ("Staff Data Scientist", "Data Scientist II"),
        ("Junior Data Scientist", "Data Science Intern", "Associate Data Scientist"),
        ("Senior Data Engineer", "Senior Data Analyst", "Senior Research Scientist"),
        ("Remote", "Remote (US)", "US remote", "Remote - United States", "Anywhere in the US"),
        ("London, United Kingdom", "Berlin, Germany", "Toronto, Canada", "Amsterdam, Netherlands", "Dublin, Ireland"),
    ),
]

STATUSES_OK = ["Interested", "Not now", "New", "Contacted", "Not now"]
NOTES = ["", "Strong SQL", "Met at a meetup", "Wants a bigger team", "Prefers startups", "Spark, Airflow", "B2B SaaS background"]


def _base(rng: random.Random, i: int) -> dict:
    row = dict.fromkeys(CANONICAL_FIELDS)
    last = TODAY - timedelta(days=rng.randint(10, 800))
    row.update(
        first_name=f"Planted{i}",
        last_name=rng.choice(["Okafor", "Tanaka", "Rossi", "Silva", "Kim"]),
        linkedin=f"https://www.linkedin.com/in/planted-{i}",
        contact_method="Email",
        status=rng.choice(STATUSES_OK),
        last_contacted=last,
        notes=rng.choice(NOTES),
        open_to_remote=rng.choice(["", "Hybrid", "No", "Yes"]),
    )
    if row["status"] == "Not now":
        row["follow_up_on"] = last + timedelta(days=rng.choice([60, 120, 400, 700]))
    return row


def _fit(rng: random.Random, spec: Spec, row: dict) -> dict:
    """A true fit, in one of the ways a real row says so."""
    title, here = rng.choice(spec.titles), rng.choice(spec.here)
    way = rng.randrange(4)
    if way == 0:  # says so in the future columns, lives elsewhere today
        row.update(
            future_title=title, future_location=here, location=rng.choice(spec.far), current_title=rng.choice(spec.adjacent)
        )
    elif way == 1:  # is that today, where it is; no wishes recorded
        row.update(current_title=title, location=here)
    elif way == 2:  # wants it, lives there
        row.update(future_title=title, location=here, current_title=rng.choice(spec.neighbours))
    else:  # lives in the metro, title today, wants it too, and is open to remote as well
        row.update(current_title=title, future_title=title, location=here, future_location=f"{here}; Remote")
    if spec.opening.remote:
        row.update(
            open_to_remote=rng.choice(["Yes", "Remote only", "Remote or relocate"]),
            location=rng.choice(["Austin, TX", "Denver, CO"]),
        )
    return row


def _acceptable(rng: random.Random, spec: Spec, row: dict) -> dict:
    if rng.random() < 0.5:
        return row | {"current_title": rng.choice(spec.adjacent), "location": rng.choice(spec.here)}
    if spec.opening.remote:
        return row | {"future_title": rng.choice(spec.titles), "location": "Chicago, IL", "open_to_remote": "Hybrid"}
    return row | {"future_title": rng.choice(spec.titles), "location": rng.choice(spec.far), "open_to_remote": "Relocate"}


def _near_miss(rng: random.Random, spec: Spec, row: dict, kind: str) -> dict:
    title, here, far = rng.choice(spec.titles), rng.choice(spec.here), rng.choice(spec.far)
    if kind == "wrong_place":
        return row | {
            "current_title": title,
            "future_title": title,
            "location": far,
            "future_location": far,
            "open_to_remote": "No",
        }
    if kind == "wants_elsewhere":
        return row | {"current_title": title, "location": here, "future_location": far, "open_to_remote": "No"}
    if kind == "wrong_level":
        return row | {"current_title": rng.choice(spec.wrong_level), "location": here}
    if kind == "neighbour_role":
        return row | {"current_title": rng.choice(spec.neighbours), "future_title": rng.choice(spec.neighbours), "location": here}
    status = "Do not contact" if kind == "do_not_contact" else "Placed"
    return row | {"current_title": title, "future_title": title, "location": here, "status": status, "follow_up_on": None}


NEAR_MISSES = ("wrong_place", "wants_elsewhere", "wrong_level", "neighbour_role", "do_not_contact", "placed")


def _background(spec: Spec, n: int, seed: int) -> pd.DataFrame:
    """Synthetic candidates with nothing of the opening's role or place (no hidden fits)."""
    df = fake_candidates(n, seed=seed)
    family = spec.titles[0].split(" ", 1)[1].lower()  # "Data Engineer", "Software Engineer", ...
    titles = (df["current_title"].fillna("") + " " + df["future_title"].fillna("")).str.lower()
    places = (df["location"].fillna("") + " " + df["future_location"].fillna("")).str.lower()
    city = spec.here[0].split(",")[0].lower()
    keep = ~titles.str.contains(family, regex=False) & ~places.str.contains(city, regex=False)
    if spec.opening.remote:
        keep &= ~places.str.contains("remote", regex=False) & ~df["open_to_remote"].isin(["Yes", "Remote only"])
    out = df[keep].reset_index(drop=True)
    out["grade"], out["kind"] = 0, "background"
    return out


def labelled_set(
    spec: Spec, *, background: int = 2000, fits: int = 12, acceptable: int = 4, misses: int = 5, seed: int = 11
) -> pd.DataFrame:
    """One opening's pool as a reader-like frame (index = Excel row) with ``grade`` and ``kind``."""
    rng = random.Random(seed)
    planted = []
    for _ in range(fits):
        planted.append(_fit(rng, spec, _base(rng, len(planted))) | {"grade": 2, "kind": "fit"})
    for _ in range(acceptable):
        planted.append(_acceptable(rng, spec, _base(rng, len(planted))) | {"grade": 1, "kind": "acceptable"})
    for kind in NEAR_MISSES:
        for _ in range(misses):
            planted.append(_near_miss(rng, spec, _base(rng, len(planted)), kind) | {"grade": 0, "kind": kind})
    pool = pd.concat([_background(spec, background, seed), pd.DataFrame(planted)], ignore_index=True)
    pool = pool.sample(frac=1, random_state=seed).reset_index(drop=True)
    pool.index = pd.RangeIndex(2, 2 + len(pool), name="row")
    for f in CANONICAL_FIELDS:
        if f not in pool.columns:
            pool[f] = None
    pool = pool.astype(object).where(pool.notna(), None)
    return pool.replace({"": None})


def labelled_sets(**kw) -> list[tuple[Opening, pd.DataFrame]]:
    return [(spec.opening, labelled_set(spec, seed=11 + k, **kw)) for k, spec in enumerate(SPECS)]


# --- the "asked for it" set: who said they want this role in this place -----------------------
#
# Issue 12: of 18 people who had said (mostly in their notes) they want exactly the opening's
# role and city, one reached the top 10, while a "DO NOT CONTACT" note ranked first. Per opening:
# * 2 = asked for it: the role at the opening's level in its city/metro (or remote, for a remote
#   opening), said in the notes in the ways recruiters write it, or typed in the future columns;
# * 1 = holds the role in the city today but said nothing about what they want next;
# * 0 = perfect fits whose notes say do not contact or placed (must never be shown), people who
#   said they want the role elsewhere, and notes naming the city for someone else.

ASKED_NOTES = (
    "Not now; wants {title} in {city}; ping Q3",
    "Said if I call in future -> {title}, {city}. f/u 6 months",
    "future: {title} in {city}",
    "would consider {title} roles in {city}",
    "Jordan Reyes (6/13/2026): Not now; wants {title} in {city}; ping Q2",
    "next role: {title} ({city})",
    "happy at Globex for now. Long term wants {title}, {city}. Check back early 2027",
    "not looking now; future: {title} in {city}, call back in Q3",
)
REMOTE_NOTES = (
    "Not now; wants {title} remote; ping Q3",
    "future: {title}, fully remote",
    "Said if I call in future -> {title}, remote (US). f/u 6 months",
    "would consider {title} roles, remote only",
)
BLOCKED_NOTES = {
    "dnc_note": ("DO NOT CONTACT - asked to be removed", "DNC", "asked to be removed from all lists", "opted out 2025"),
    "placed_note": ("placed at Globex via me", "we placed her at Initech in 2025", "our placement at Acme, started June"),
}
NOTE_CITY = {  # how the opening's city is written in a note (capitalised as recruiters do)
    "Austin, TX": ("Austin", "Austin TX", "austin tx", "Round Rock, TX"),
    "Seattle, WA": ("Seattle", "Bellevue", "Seattle, WA", "seattle"),
    "New York, NY": ("NYC", "New York", "Brooklyn", "new york"),
    "San Francisco, CA": ("SF", "San Francisco", "Bay Area", "Oakland"),
}


def _asked(rng: random.Random, spec: Spec, row: dict, typed: bool) -> dict:
    title = rng.choice(spec.titles)
    row = row | {"current_title": rng.choice(spec.adjacent + spec.neighbours), "location": rng.choice(spec.far)}
    if spec.opening.remote:
        if typed:
            return row | {"future_title": title, "open_to_remote": rng.choice(["Yes", "Remote only"])}
        return row | {"notes": rng.choice(REMOTE_NOTES).format(title=title), "open_to_remote": None}
    city = rng.choice(NOTE_CITY[spec.opening.location])
    if typed:
        return row | {"future_title": title, "future_location": rng.choice(spec.here)}
    return row | {"notes": rng.choice(ASKED_NOTES).format(title=title, city=city)}


def asked_set(spec: Spec, *, background: int = 2000, asked: int = 14, current: int = 15, seed: int = 31) -> pd.DataFrame:
    """One opening's pool for the asked-for-it benchmark, with ``grade`` and ``kind``."""
    rng = random.Random(seed)
    planted: list[dict] = []

    def add(row: dict, grade: int, kind: str) -> None:
        planted.append(row | {"grade": grade, "kind": kind})

    for k in range(asked):
        typed = k % 4 == 3
        add(_asked(rng, spec, _base(rng, len(planted)), typed), 2, "asked_typed" if typed else "asked_notes")
    for _ in range(current):
        here = "Remote" if spec.opening.remote else rng.choice(spec.here)
        add(_base(rng, len(planted)) | {"current_title": rng.choice(spec.titles), "location": here}, 1, "current_here")
    for kind, texts in BLOCKED_NOTES.items():
        for text in texts:
            fit = _asked(rng, spec, _base(rng, len(planted)), typed=True)
            add(
                fit | {"current_title": rng.choice(spec.titles), "notes": text, "status": rng.choice(["Interested", "Not now"])},
                0,
                kind,
            )
    for _ in range(4):
        far = rng.choice(spec.far).split(",")[0]
        row = _base(rng, len(planted)) | {"current_title": rng.choice(spec.titles), "location": rng.choice(spec.here)}
        add(
            row | {"notes": f"wants {rng.choice(spec.titles)} in {far}; won't relocate", "open_to_remote": "No"},
            0,
            "wants_elsewhere",
        )
    for _ in range(4):
        city = spec.opening.location.split(",")[0]
        row = _base(rng, len(planted)) | {"current_title": rng.choice(spec.neighbours), "location": rng.choice(spec.far)}
        add(row | {"notes": f"referred by Anna in {city}; she wants a {rng.choice(spec.titles)} there"}, 0, "other_people")
    pool = pd.concat([_background(spec, background, seed), pd.DataFrame(planted)], ignore_index=True)
    pool = pool.sample(frac=1, random_state=seed).reset_index(drop=True)
    pool.index = pd.RangeIndex(2, 2 + len(pool), name="row")
    for f in CANONICAL_FIELDS:
        if f not in pool.columns:
            pool[f] = None
    pool = pool.astype(object).where(pool.notna(), None)
    return pool.replace({"": None})


def asked_sets(**kw) -> list[tuple[Opening, pd.DataFrame]]:
    return [(spec.opening, asked_set(spec, seed=31 + k, **kw)) for k, spec in enumerate(SPECS)]


if __name__ == "__main__":
    for opening, pool in [*labelled_sets(), *asked_sets()]:
        counts = pool["kind"].value_counts().to_dict()
        print(
            f"{opening.label}: {len(pool)} candidates; planted {', '.join(f'{k} {v}' for k, v in counts.items() if k != 'background')}"
        )
