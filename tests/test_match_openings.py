"""Openings: parsing, the Openings sheet, and safe, stable Matches sheet titles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from talentsheet.errors import InputError
from talentsheet.matches import matches_sheet_title
from talentsheet.openings import (
    FORBIDDEN_IN_SHEET_TITLE,
    Opening,
    add_opening,
    parse_keywords,
    parse_work_mode,
    read_opening,
    read_openings,
)
from talentsheet.template import init_workbook

words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@given(st.lists(st.text(alphabet="abcXYZ +-#", max_size=8), max_size=8))
def test_parse_keywords_is_idempotent_and_never_keeps_blanks_or_repeats(parts):
    once = parse_keywords(", ".join(parts))
    assert parse_keywords(once) == once
    assert all(k.strip() == k and k for k in once)
    assert len({k.lower() for k in once}) == len(once)


@pytest.mark.parametrize(
    ("text", "mode"),
    [("Remote", "remote"), ("Hybrid (3 days)", "hybrid"), ("Onsite", "on-site"), ("In office", "on-site"), ("", "")],
)
def test_parse_work_mode(text, mode):
    assert parse_work_mode(text) == mode


def test_unknown_work_mode_and_missing_title_are_input_errors():
    with pytest.raises(InputError, match="unknown work mode 'sometimes'"):
        Opening("Data Engineer", work_mode="sometimes")
    with pytest.raises(InputError, match="an opening needs a title"):
        Opening("  ")


@given(words, words)
def test_matches_sheet_title_is_valid_and_stable(title, location):
    if not title.strip():
        return
    name = matches_sheet_title(Opening(title, location))
    assert len(name) <= 31 and not FORBIDDEN_IN_SHEET_TITLE.search(name)
    assert name.startswith("Matches – ") and not name.endswith("'")
    assert name == matches_sheet_title(Opening(title, location))


def test_long_titles_sharing_a_prefix_get_different_sheets():
    a = matches_sheet_title(Opening("Senior Data Engineer", "Austin, TX"))
    b = matches_sheet_title(Opening("Senior Data Engineer", "Seattle, WA"))
    assert a != b and a.startswith("Matches – Senior Data")
    assert matches_sheet_title(Opening("Recruiter", "Oslo")) == "Matches – Recruiter, Oslo"


def test_add_opening_into_the_template_then_read_it_back(tmp_path):
    path = init_workbook(tmp_path / "book.xlsx")
    opening = Opening("Senior Data Engineer", "Austin, TX", "hybrid", "Senior", ("Spark", "dbt"), owner="Dana")
    first = add_opening(path, opening, backup=False)
    second = add_opening(path, Opening("Recruiter", "Remote", "Remote"), backup=False)
    assert (first, second) == (2, 3)
    assert read_opening(path, 2) == Opening(**(opening.to_dict() | {"row": 2}))
    assert [o.title for o in read_openings(path)] == ["Senior Data Engineer", "Recruiter"]
    assert load_workbook(path)["Openings"].tables["OpeningsTable"].ref == "A1:H3"


def test_add_opening_creates_the_sheet_when_missing(small_book):
    row = add_opening(small_book, Opening("=cmd|' /C calc'!A0", "Austin, TX"), backup=False)
    ws = load_workbook(small_book)["Openings"]
    assert (row, ws["A2"].value, ws["A2"].data_type) == (2, "=cmd|' /C calc'!A0", "s")


def test_read_opening_names_the_rows_that_hold_openings(small_book):
    add_opening(small_book, Opening("Data Engineer"), backup=False)
    with pytest.raises(InputError, match="row 5 of the Openings sheet holds no opening") as err:
        read_opening(small_book, 5)
    assert err.value.hint == "rows with an opening: 2"
