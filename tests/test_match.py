"""Ranking candidates for an opening: order, exclusions, preferences and reasons."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentsheet.errors import InputError
from talentsheet.match import MatchSettings, match
from talentsheet.openings import Opening
from talentsheet.schema import CANONICAL_FIELDS

TODAY = date(2026, 11, 25)
SETTINGS = MatchSettings(today=TODAY)
AUSTIN = Opening("Senior Data Engineer", "Austin, TX", "Hybrid", keywords=("Spark",))


def people(*rows: dict) -> pd.DataFrame:
    """A reader-like frame: canonical columns, object dtype, index = Excel row from 2."""
    base = {f: None for f in CANONICAL_FIELDS}
    records = [base | {"first_name": f"P{i}", "status": "Interested"} | r for i, r in enumerate(rows)]
    return pd.DataFrame(records, index=pd.RangeIndex(2, 2 + len(rows), name="row"), dtype=object)


def ranked_names(df: pd.DataFrame, opening: Opening = AUSTIN, **kw) -> list[str]:
    return list(match(df, opening, top=None, settings=SETTINGS, **kw)["name"])


def test_true_fits_rank_above_near_misses():
    df = people(
        {"first_name": "WrongPlace", "future_title": "Senior Data Engineer", "location": "Seattle, WA", "open_to_remote": "No"},
        {"first_name": "WrongLevel", "current_title": "Junior Data Engineer", "location": "Austin, TX"},
        {"first_name": "Fit", "future_title": "Sr. Data Engineer", "location": "Round Rock, TX"},
        {"first_name": "Fit2", "current_title": "Senior Data Engineer", "location": "Austin TX"},
    )
    names = ranked_names(df)
    assert set(names[:2]) == {"Fit", "Fit2"}
    assert names.index("WrongPlace") > 1 and ("WrongLevel" not in names or names.index("WrongLevel") > 1)


def test_other_role_families_are_not_matches():
    df = people({"current_title": "Product Manager", "location": "Austin, TX"}, {"future_title": "Data Engineer"})
    assert ranked_names(df) == ["P1"]


def test_specialisations_answer_a_software_engineer_opening_but_other_roles_do_not():
    opening = Opening("Staff Software Engineer", "Seattle, WA", "On-site")
    df = people(
        {"first_name": "Backend", "future_title": "Staff Software Engineer - Backend", "location": "Seattle, WA"},
        {"first_name": "ML", "future_title": "Staff ML Engineer", "location": "Seattle, WA"},
        {"first_name": "Data", "future_title": "Staff Data Engineer", "location": "Seattle, WA"},
    )
    result = match(df, opening, top=None, settings=SETTINGS)
    assert list(result["name"]) == ["Backend"]
    assert "related role, same level" in result.loc[0, "reasons"][0]


def test_a_stated_wish_for_another_role_outweighs_the_current_title():
    df = people(
        {
            "first_name": "Leaving",
            "current_title": "Senior Data Engineer",
            "future_title": "Sales Development Rep",
            "location": "Austin, TX",
        },
        {"first_name": "Staying", "current_title": "Senior Data Engineer", "location": "Austin, TX"},
        {"first_name": "Silent", "current_title": "Senior Data Engineer", "future_title": "", "location": "Austin, TX"},
    )
    result = match(df, AUSTIN, top=None, settings=SETTINGS)
    assert list(result["name"])[-1] == "Leaving"
    leaving = result.set_index("name").loc["Leaving"]
    assert leaving["title_fit"] < result.set_index("name").loc["Staying", "title_fit"]
    assert leaving["reasons"][0] == "is Senior Data Engineer now (exact), wants Sales Development Rep next"


def test_a_generic_software_engineer_answers_a_backend_opening():
    opening = Opening("Senior Backend Engineer", "Seattle, WA", "On-site")
    df = people({"first_name": "Generic", "future_title": "Senior Software Engineer", "location": "Seattle, WA"})
    assert ranked_names(df, opening) == ["Generic"]


@pytest.mark.parametrize("status", ["Do not contact", "Placed", "do not contact ", "PLACED"])
def test_excluded_statuses_never_appear(status):
    df = people(
        {"future_title": "Senior Data Engineer", "location": "Austin, TX", "status": status}, {"future_title": "Data Engineer"}
    )
    assert ranked_names(df) == ["P1"]


def test_stated_future_location_beats_where_they_live():
    df = people(
        {
            "first_name": "Stays",
            "future_title": "Senior Data Engineer",
            "location": "Austin, TX",
            "future_location": "Seattle, WA",
        },
        {
            "first_name": "Moves",
            "future_title": "Senior Data Engineer",
            "location": "Seattle, WA",
            "future_location": "Austin, TX",
        },
    )
    result = match(df, AUSTIN, top=None, settings=SETTINGS)
    assert list(result["name"]) == ["Moves", "Stays"]
    assert "wants Austin, TX = opening city" in result.iloc[0]["reasons"]
    assert any("but wants Seattle, WA" in r for r in result.iloc[1]["reasons"])


def test_stated_future_title_weighs_more_than_current_title():
    df = people(
        {
            "first_name": "WasDE",
            "current_title": "Senior Data Engineer",
            "future_title": "Product Manager",
            "location": "Austin, TX",
        },
        {
            "first_name": "WantsDE",
            "current_title": "Product Manager",
            "future_title": "Senior Data Engineer",
            "location": "Austin, TX",
        },
    )
    result = match(df, AUSTIN, top=None, settings=SETTINGS)
    assert list(result["name"]) == ["WantsDE", "WasDE"]
    assert result.iloc[0]["reasons"][0] == "wants Senior Data Engineer (exact)"
    assert result.iloc[1]["reasons"][0] == "is Senior Data Engineer now (exact), wants Product Manager next"


def test_follow_up_due_is_boosted_and_said():
    df = people(
        {"first_name": "Later", "future_title": "Data Engineer", "status": "Not now", "follow_up_on": date(2027, 3, 1)},
        {"first_name": "Due", "future_title": "Data Engineer", "status": "Not now", "follow_up_on": date(2026, 11, 3)},
    )
    result = match(df, AUSTIN, top=None, settings=SETTINGS)
    assert list(result["name"]) == ["Due", "Later"]
    assert "follow-up due since 3 Nov" in result.iloc[0]["reasons"]
    assert "asked to wait until 1 Mar 2027" in result.iloc[1]["reasons"]


def test_reasons_match_the_score_components():
    df = people(
        {
            "future_title": "Senior Data Engineer",
            "future_location": "Austin, TX",
            "notes": "Spark, Airflow",
            "last_contacted": date(2025, 9, 20),
        },
        {"current_title": "Data Engineer", "location": "Dallas, TX", "notes": "sparkling personality"},
    )
    exact, other = match(df, AUSTIN, top=None, settings=SETTINGS).to_dict("records")
    assert exact["reasons"] == [
        "said they want this role in this place",
        "wants Senior Data Engineer (exact)",
        "wants Austin, TX = opening city",
        "status Interested",
        "last contacted 14 months ago",
        "notes mention Spark",
    ]
    assert (exact["location_fit"], exact["keywords_fit"]) == (SETTINGS.same_city, 1.0)
    assert other["reasons"][-1] == "no must-have keyword in notes" and other["keywords_fit"] == 0.0
    assert other["location_fit"] == pytest.approx(SETTINGS.same_region * SETTINGS.current_location_factor)
    assert other["title_fit"] < exact["title_fit"] and "no last-contact date" in other["reasons"]


def test_remote_opening_takes_remote_people_anywhere_and_on_site_caps_remote_only():
    df = people(
        {"first_name": "Remote", "future_title": "Data Engineer", "location": "Denver, CO", "open_to_remote": "Remote only"},
        {"first_name": "Office", "future_title": "Data Engineer", "location": "Denver, CO", "open_to_remote": "No"},
    )
    remote = match(df, Opening("Data Engineer", "United States", "Remote"), top=None, settings=SETTINGS)
    assert remote.iloc[0]["name"] == "Remote" and "open to remote (opening is remote)" in remote.iloc[0]["reasons"]
    on_site = match(df, Opening("Data Engineer", "Denver, CO", "On-site"), top=None, settings=SETTINGS)
    assert list(on_site["name"]) == ["Office", "Remote"]
    assert on_site.iloc[1]["location_fit"] == SETTINGS.remote_only_cap


def test_top_is_a_prefix_of_the_full_ranking_and_row_order_does_not_matter():
    titles = ["Senior Data Engineer", "Data Engineer", "Staff Data Engineer", "Sr Data Engineer"] * 5
    df = people(*({"future_title": t, "location": ["Austin, TX", "Seattle, WA"][i % 2]} for i, t in enumerate(titles)))
    full = match(df, AUSTIN, top=None, settings=SETTINGS)
    top5 = match(df, AUSTIN, top=5, settings=SETTINGS)
    assert list(top5["row"]) == list(full["row"][:5])
    shuffled = match(df.sample(frac=1, random_state=3), AUSTIN, top=None, settings=SETTINGS)
    assert list(shuffled["row"]) == list(full["row"])


def test_a_rows_score_and_reasons_depend_on_its_own_cells_only():
    # match leaves out the rows that cannot be ranked before it reads notes: that is only
    # right if no row's result depends on the others
    from talentsheet.sample import fake_candidates

    df = fake_candidates(400, seed=2)
    df.index = pd.RangeIndex(2, 2 + len(df), name="row")
    df["notes"] = [f"{n}; wants Senior Data Engineer in Austin" if i % 7 == 0 else n for i, n in enumerate(df["notes"])]
    full = match(df, AUSTIN, top=None, settings=SETTINGS).set_index("row")
    half = match(df.iloc[::2], AUSTIN, top=None, settings=SETTINGS).set_index("row")
    assert len(half) > 10 and set(half.index) <= set(full.index)
    columns = [c for c in half.columns if c != "rank"]
    pd.testing.assert_frame_equal(half[columns], full.loc[half.index, columns])


def test_settings_load_from_dict_and_json_and_reject_unknown_keys(tmp_path):
    path = tmp_path / "weights.json"
    path.write_text('{"title_weight": 0.6, "excluded_statuses": ["Placed"], "today": "2026-11-25"}')
    loaded = MatchSettings.from_json(path)
    assert (loaded.title_weight, loaded.excluded_statuses, loaded.today) == (0.6, ("Placed",), TODAY)
    with pytest.raises(InputError, match="unknown match settings: title_wieght"):
        MatchSettings.from_dict({"title_wieght": 0.6})


def test_changed_weights_change_the_order():
    df = people(
        {"first_name": "Title", "future_title": "Senior Data Engineer", "location": "Seattle, WA"},
        {"first_name": "Place", "future_title": "Data Engineer", "location": "Austin, TX"},
    )
    assert ranked_names(df)[0] == "Place"
    title_first = MatchSettings(today=TODAY, title_weight=0.9, location_weight=0.05)
    assert match(df, AUSTIN, top=None, settings=title_first).iloc[0]["name"] == "Title"


def test_on_the_demo_workbook_every_reason_agrees_with_its_component(demo_book):
    from talentsheet.workbook.reader import read_candidates

    df = read_candidates(demo_book[0]).df
    opening = Opening("Senior Data Engineer", "Austin, TX", "Hybrid", keywords=("Spark", "dbt"))
    result = match(df, opening, top=None, settings=SETTINGS)
    assert len(result) > 10 and not set(result["status"]) & {"Do not contact", "Placed"}
    for r in result.to_dict("records"):
        said = " | ".join(r["reasons"])
        factor = (
            SETTINGS.future_title_factor
            if said.startswith("wants")
            else SETTINGS.other_wish_title_factor
            if r["reasons"][0].endswith(" next")
            else SETTINGS.current_title_factor
        )
        best_inexact = 1 - SETTINGS.seniority_step_penalty * SETTINGS.unknown_seniority_steps
        assert ("(exact)" in said) == (r["title_fit"] / factor > best_inexact)
        if "follow-up due since" in said:
            assert r["availability_fit"] == SETTINGS.follow_up_due_score
        elif f"status {r['status']}" in said:
            assert r["availability_fit"] == SETTINGS.status_scores.get(r["status"].lower(), SETTINGS.unknown_status_score)
        city = {SETTINGS.same_city * f for f in (1, SETTINGS.current_location_factor, SETTINGS.overridden_location_factor)}
        assert ("= opening city" in said) == (r["location_fit"] in city)
        levels = (SETTINGS.same_city, SETTINGS.same_metro, SETTINGS.same_region, SETTINGS.same_country)
        overridden = any(r["location_fit"] == pytest.approx(lvl * SETTINGS.overridden_location_factor) for lvl in levels)
        assert (", but wants" in said) == overridden
        assert ("notes mention Spark" in said or "notes mention dbt" in said) == (r["keywords_fit"] > 0)
        assert r["title_fit"] >= SETTINGS.min_title_fit


cells = st.one_of(
    st.none(),
    st.sampled_from(["Senior Data Engineer", "Sr. Data Engineer", "Data Scientist", "Austin, TX", "Remote", "Seattle; Remote"]),
    st.sampled_from(["Placed", "Do not contact", "Not now", "Yes", "Relocate", "=1+1", "", "Spark"]),
    st.dates(date(2020, 1, 1), date(2028, 1, 1)),
    st.text(max_size=12),
    st.integers(-5, 5),
)
fields = [
    "future_title",
    "current_title",
    "location",
    "future_location",
    "status",
    "open_to_remote",
    "notes",
    "last_contacted",
    "follow_up_on",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fixed_dictionaries({f: cells for f in fields}), max_size=12))
def test_any_sheet_gives_bounded_scores_reasons_and_no_excluded_people(rows):
    result = match(people(*rows), AUSTIN, top=None, settings=SETTINGS)
    assert result["score"].between(0, 100).all() and result["title_fit"].ge(SETTINGS.min_title_fit).all()
    assert not result["status"].map(lambda v: str(v).strip().lower() in ("placed", "do not contact")).any()
    assert all(len(r) >= 4 for r in result["reasons"]) and list(result["rank"]) == list(range(1, len(result) + 1))


def test_title_reasons_say_how_far_the_level_is():
    df = people(
        {"future_title": "Staff Data Engineer"},
        {"future_title": "Data Engineer"},
        {"future_title": "Junior Data Engineer"},
        {"future_title": "Data Engineer III"},
    )
    said = {r["reasons"][0]: r["title_fit"] for r in match(df, AUSTIN, top=None, settings=SETTINGS).to_dict("records")}
    assert list(said) == [
        "wants Data Engineer III (exact)",
        "wants Data Engineer (same role, level not stated)",
        "wants Staff Data Engineer (same role, 1 level above)",
    ]  # Junior is two levels below a Senior opening: not a match
    any_level = match(df, Opening("Data Engineer"), top=1, settings=SETTINGS)
    assert any_level.iloc[0]["reasons"][0] == "wants Staff Data Engineer (same role)"


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]"])
def test_notes_are_searched_whole_word_per_keyword_and_for_the_role(dtype):
    if dtype is not object:
        pytest.importorskip("pyarrow")
    notes = ["Spark and DBT", "dbt only", "Sparkling, dbt-core", "Sparké", None, "nothing here"]
    df = people(
        *({"first_name": f"N{i}", "current_title": "Data Engineer", "notes": n} for i, n in enumerate(notes)),
        {"first_name": "Role", "notes": "wants a data-engineer role; Spark"},
    )
    df["notes"] = df["notes"].astype(dtype)
    opening = Opening("Senior Data Engineer", keywords=("Spark", "dbt"))
    got = {r["name"]: r for r in match(df, opening, top=None, settings=SETTINGS).to_dict("records")}
    said = {name: r["reasons"][-1] for name, r in got.items()}
    assert said == {
        "N0": "notes mention Spark, dbt",
        "N1": "notes mention dbt",
        "N2": "notes mention dbt",
        "N3": "no must-have keyword in notes",
        "N4": "no must-have keyword in notes",
        "N5": "no must-have keyword in notes",
        "Role": "notes mention Spark",
    }
    assert [got[n]["keywords_fit"] for n in ("N0", "N1", "N3")] == [1.0, 0.5, 0.0]
    assert got["Role"]["reasons"][0] == "said in notes: data-engineer (same role, level not stated)"  # a wish now
    assert got["Role"]["title_fit"] > SETTINGS.notes_title_factor
