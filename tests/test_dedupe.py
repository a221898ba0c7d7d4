"""Duplicate detection: each kind of duplicate is found, hard negatives are not, no chaining."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentsheet.dedupe import (
    DedupeSettings,
    block_pairs,
    find_duplicates,
    first_forms,
    name_levels,
    nickname_related,
    prepare,
)
from talentsheet.errors import InputError
from talentsheet.reader import read_candidates

ROBERT = {
    "first_name": "Robert",
    "last_name": "Okafor",
    "email": "robert.okafor@example.com",
    "phone": "(512) 555-0142",
    "linkedin": "https://www.linkedin.com/in/robert-okafor-1a2",
    "location": "Austin, TX",
    "company": "Globex",
    "current_title": "Data Engineer",
}
NOISE = [
    {"first_name": "Grace", "last_name": "Hopper", "email": "grace@navy.example", "location": "New York, NY"},
    {"first_name": "Alan", "last_name": "Turing", "email": "alan@bletchley.example", "location": "London, United Kingdom"},
    {"first_name": "Rosa", "last_name": "Okafor", "email": "rosa@example.org", "location": "Austin, TX"},
]


def frame(*rows: dict) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), dtype=object)
    df.index = pd.RangeIndex(2, 2 + len(df), name="row")
    return df.astype(object).where(df.notna(), None)


def grouped(df: pd.DataFrame) -> list[list[int]]:
    return [g.rows for g in find_duplicates(df)]


VARIANTS = {
    "nickname + LinkedIn with tracking junk": {
        "first_name": "Bob",
        "email": None,
        "linkedin": "linkedin.com/in/robert-okafor-1a2?trk=x",
    },
    "'OKAFOR, ROBERT' pasted in one cell + same email": {
        "first_name": "OKAFOR, ROBERT",
        "last_name": None,
        "linkedin": None,
        "phone": None,
    },
    "typo in the first letters + same phone": {"last_name": "kOafor", "email": "bob77@gmail.com", "linkedin": None},
    "swapped names + email spelled differently": {
        "first_name": "Okafor",
        "last_name": "Robert",
        "email": " ROBERT.OKAFOR@EXAMPLE.COM ",
        "linkedin": None,
    },
    "accents + phone formatted differently": {"last_name": "Ökafor", "phone": "+1 512.555.0142", "email": None, "linkedin": None},
    "OCR error, no contacts, same city and company": {"last_name": "0kafor", "email": None, "phone": None, "linkedin": None},
    "mobile LinkedIn URL": {
        "first_name": "Rob",
        "linkedin": "https://m.linkedin.com/in/robert-okafor-1a2/",
        "email": None,
        "phone": None,
    },
}


@pytest.mark.parametrize("kind", list(VARIANTS))
def test_each_kind_of_duplicate_is_found(kind):
    df = frame(ROBERT, *NOISE, ROBERT | VARIANTS[kind])
    assert grouped(df) == [[2, 6]]


def test_same_common_name_in_the_same_city_is_not_a_duplicate():
    other = ROBERT | {
        "email": "rokafor@outlook.example",
        "phone": "(737) 555-0199",
        "linkedin": "https://www.linkedin.com/in/robert-okafor-77",
        "company": "Initech",
    }
    assert grouped(frame(ROBERT, *NOISE, other)) == []


def test_family_sharing_surname_city_and_home_phone_is_not_a_duplicate():
    sister = ROBERT | {"first_name": "Adaeze", "email": "adaeze@example.net", "linkedin": None}
    assert grouped(frame(ROBERT, sister)) == []


def test_a_chain_does_not_pull_in_a_contradicting_row():
    # A~B share an email, B~C share a phone, but A and C have different LinkedIn profiles.
    a = ROBERT | {"phone": None}
    b = ROBERT | {"first_name": "Bob", "linkedin": None, "phone": "(512) 555-0177", "company": None, "current_title": None}
    c = ROBERT | {"email": None, "phone": "(512) 555-0177", "linkedin": "https://www.linkedin.com/in/robert-okafor-99"}
    groups = grouped(frame(a, b, c))
    assert all({2, 4} - set(g) for g in groups)
    assert len(groups) == 1


def test_demo_workbook_planted_groups_found_and_hard_negatives_kept_apart(demo_book):
    path, truth = demo_book
    groups = find_duplicates(read_candidates(path).df)
    assert sorted(g.rows for g in groups) == sorted(sorted(g) for g in truth.duplicate_groups)
    together = {frozenset(p) for g in groups for p in [(a, b) for a in g.rows for b in g.rows if a < b]}
    assert not together & {frozenset(p) for p in truth.not_duplicates}


def test_reason_reads_like_a_person_wrote_it():
    df = frame(ROBERT, ROBERT | VARIANTS["nickname + LinkedIn with tracking junk"])
    (group,) = find_duplicates(df)
    assert group.survivor == 2
    assert (
        group.reasons[3] == "same LinkedIn profile + same phone + name 100% (Robert~Bob) + same city + same company + same title"
    )
    assert group.auto


def test_settings_load_from_json_and_report_every_unknown_name(tmp_path):
    path = tmp_path / "dedupe.json"
    path.write_text(json.dumps({"threshold": 25, "weights": {"city": {"same": 1.5}}}))
    loaded = DedupeSettings.from_json(path)
    assert (loaded.threshold, loaded.weights["city"]["same"], loaded.weights["city"]["different"]) == (
        25,
        1.5,
        DedupeSettings().weights["city"]["different"],
    )
    with pytest.raises(InputError) as err:
        DedupeSettings.from_dict({"treshold": 1, "weights": {"town": {}, "city": {"equal": 1}}})
    assert err.value.message == "unknown setting 'treshold'; unknown field 'town' in weights; unknown level city.equal"


def test_focus_pairs_are_exactly_the_full_pairs_that_involve_a_focus_row():
    df = frame(ROBERT, *NOISE, *(ROBERT | v for v in VARIANTS.values()))
    prep = prepare(df)
    focus = np.zeros(len(df), dtype=bool)
    focus[[1, 5]] = True
    full = {tuple(p) for p in block_pairs(prep).tolist() if focus[p[0]] or focus[p[1]]}
    assert {tuple(p) for p in block_pairs(prep, focus=focus).tolist()} == full


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


@given(names, names)
@settings(max_examples=200, deadline=None)
def test_name_levels_see_swapped_names_as_the_same_name(first, last):
    assert name_levels(first, last, first, last) == name_levels(first, last, last, first) == (0, 0)


@given(st.sampled_from(["bob", "liz", "bill", "peggy", "kate", "tony", "robert", "elizabeth"]), names)
@settings(max_examples=100, deadline=None)
def test_nickname_relation_is_symmetric_and_forms_contain_the_name(a, b):
    assert nickname_related(a, b) == nickname_related(b, a)
    assert first_forms(a)[0] == a
    assert nickname_related("bob", "robert") and nickname_related("liz", "elizabeth")
