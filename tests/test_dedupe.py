"""Duplicate detection: each kind of duplicate is found, hard negatives are not, no chaining."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentsheet.dedupe import DedupeSettings, find_duplicates
from talentsheet.dedupe.block import block_pairs
from talentsheet.dedupe.compare import CODE, compare
from talentsheet.dedupe.names import first_forms, nickname_related
from talentsheet.dedupe.prepare import columns, prepare
from talentsheet.errors import InputError
from talentsheet.workbook.reader import read_candidates

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


def grouped(df: pd.DataFrame, settings: DedupeSettings | None = None) -> list[list[int]]:
    return [g.rows for g in find_duplicates(df, settings)]


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
    path.write_text(json.dumps({"threshold": 0.95, "weights": {"location": {"same": 1.5}}}))
    loaded = DedupeSettings.from_json(path)
    assert (loaded.threshold, loaded.weights) == (0.95, {"location": {"same": 1.5}})
    with pytest.raises(InputError) as err:
        DedupeSettings.from_dict({"treshold": 1, "weights": {"town": {}, "location": {"equal": 1}}})
    assert err.value.message == (
        "dedupe settings: unknown setting 'treshold'; unknown field 'town' in weights "
        "(fields: first, last, linkedin, email, phone, location, company, title); "
        "unknown level location.equal (levels: same, close, different, missing)"
    )


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
    df = frame({"first_name": first, "last_name": last}, {"first_name": last, "last_name": first})
    levels = compare(columns(prepare(df)), np.array([[0, 1]]))
    assert (levels["first"][0], levels["last"][0]) == (CODE["first"]["exact"], CODE["last"]["exact"])


# hand-checked against the nicknames dataset's file (names.csv)
NICKNAMES = [("bob", "robert", True), ("liz", "elizabeth", True), ("peggy", "margaret", True), ("tony", "anthony", True)]
NOT_NICKNAMES = [("bob", "elizabeth", False), ("liz", "robert", False), ("kate", "anthony", False), ("peggy", "penelope", False)]


@pytest.mark.parametrize(("a", "b", "related"), NICKNAMES + NOT_NICKNAMES)
def test_nickname_relation_follows_the_dataset_either_way_round(a, b, related):
    assert nickname_related(a, b) is related and nickname_related(b, a) is related
    assert (b in first_forms(a) or a in first_forms(b)) is related


def _namesakes(n: int) -> list[dict]:
    """``n`` different Daniel Garcias in Austin with the same title, each at another company."""
    return [
        {
            "first_name": "Daniel",
            "last_name": "Garcia",
            "location": "Austin, TX",
            "company": f"Company {k}",
            "current_title": "Data Engineer",
        }
        for k in range(n)
    ]


def test_many_namesakes_in_one_city_are_not_merged_on_name_city_and_title():
    # 12 people share the name in the sheet: agreeing on it (and on city and title) proves little
    assert grouped(frame(*_namesakes(12))) == []
    # the same rows without term frequencies are merged: the name's frequency keeps them apart
    assert grouped(frame(*_namesakes(12)), DedupeSettings(term_frequency=False))


def test_a_rare_name_with_city_company_and_title_is_still_a_duplicate_among_namesakes():
    twin = ROBERT | {"email": None, "phone": None, "linkedin": None}
    assert grouped(frame(*_namesakes(12), ROBERT, twin)) == [[14, 15]]


def test_a_namesake_sharing_an_email_is_still_a_duplicate():
    people = _namesakes(12)
    people[4] |= {"email": "dgarcia4@example.com"}
    again = people[4] | {"email": " DGarcia4@Example.com", "company": None, "current_title": None}
    assert grouped(frame(*people, again)) == [[6, 14]]


def test_name_counts_are_per_first_and_last_name():
    df = frame(ROBERT, ROBERT | {"first_name": "Rosa"}, *NOISE)
    cols = columns(prepare(df))
    assert cols["first_count"].tolist() == [1, 2, 1, 1, 2]
    assert cols["last_count"].tolist() == [3, 3, 1, 1, 3]


def test_two_rows_each_with_its_own_typo_of_the_name_join_their_original():
    angelina = ROBERT | {"first_name": "Angelina"}
    by_email = angelina | {"first_name": "Angealina", "linkedin": None, "phone": None}
    by_profile = angelina | {"first_name": "Nagelina", "email": None, "phone": None}
    assert grouped(frame(angelina, *NOISE, by_email, by_profile)) == [[2, 6, 7]]


def test_a_nickname_and_a_typo_sharing_the_profile_join_their_original():
    alverta = ROBERT | {"first_name": "Alverta"}
    typo = alverta | {"first_name": "Alvarta", "email": None}
    nickname = alverta | {"first_name": "Vert", "email": None, "phone": None}
    assert grouped(frame(alverta, *NOISE, typo, nickname)) == [[2, 6, 7]]
