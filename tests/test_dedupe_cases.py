"""The misses of issue 11 (each now grouped), the hard negatives (each kept apart), whole
clusters, remembered "not the same person" decisions and certainty labels."""

from __future__ import annotations

import ast
import json
import random
from pathlib import Path

import pandas as pd
import pytest

from talentsheet.dedupe import DedupeSettings, analyse, find_duplicates
from talentsheet.dedupe.names import clean_name, row_name
from talentsheet.errors import InputError
from talentsheet.workbook.reader import read_candidates

ROOT = Path(__file__).parents[1]
NOISE = [
    {"first_name": "Grace", "last_name": "Hopper", "email": "grace@navy.example", "location": "New York, NY"},
    {"first_name": "Alan", "last_name": "Turing", "email": "alan@bletchley.example", "location": "London, United Kingdom"},
    {"first_name": "Rosa", "last_name": "Parks", "phone": "+1 334 555 0101", "location": "Montgomery, AL"},
]


def frame(*rows: dict) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), dtype=object)
    df.index = pd.RangeIndex(2, 2 + len(df), name="row")
    return df.astype(object).where(df.notna(), None)


def grouped(*rows: dict, **kw) -> list[list[int]]:
    """Groups of the rows (Excel rows 2...), the noise rows appended after them."""
    return [g.rows for g in find_duplicates(frame(*rows, *NOISE), **kw)]


# --- the misses the issue lists ---------------------------------------------------------------


def test_surname_typo_repeated_in_the_email_and_a_national_vs_international_phone():
    kyle = {
        "first_name": "Kyle",
        "last_name": "Minards",
        "email": "kyle.minards18@hotmail.com",
        "phone": "+61 419 745 200",
        "location": "Downer, WA",
    }
    typo = kyle | {"last_name": "Minarfs", "email": "kyle.minarfs18@hotmail.com", "phone": "0419 745 200"}
    assert grouped(kyle, typo) == [[2, 3]]


def test_a_short_first_name_typo_with_the_same_phone_and_suburb():
    bree = {"first_name": "Bree", "last_name": "Reid", "phone": "0412 555 019", "location": "Parramatta, NSW"}
    assert grouped(bree, bree | {"first_name": "Bre"}) == [[2, 3]]


def test_a_phone_grouped_oddly_and_a_misspelt_suburb():
    holly = {"first_name": "Holly", "last_name": "Stoker", "phone": "0418 123 371", "location": "Kirrawee, NSW"}
    assert grouped(holly, holly | {"phone": "(04) 1812 3371", "location": "Kirrawe"}) == [[2, 3]]


def test_a_transposed_first_name_repeated_in_the_email_with_a_city_typo():
    william = {
        "first_name": "William",
        "last_name": "Lazaroff",
        "email": "williamlazaroff@gmail.com",
        "phone": "+1 512 555 0148",
        "location": "Austin, TX",
    }
    willaim = william | {"first_name": "Willaim", "email": "WillaimLazaroff@gmail.com", "location": "Austn, TX"}
    assert grouped(william, willaim) == [[2, 3]]


@pytest.mark.parametrize(
    "cell",
    ["Ada Obi 🚀", "Ada Obi, PhD", "Ada Obi (she/her)", "Ada Obi - Hiring!", "Ada Obi | Open to work", "Dr. Ada Obi, MBA, CPA"],
)
def test_a_decorated_name_cell_is_the_plain_name(cell):
    ada = {
        "full_name": "Ada Obi",
        "linkedin": "https://www.linkedin.com/in/ada-obi-4a1",
        "location": "Lagos, Nigeria",
        "company": "Flutterwave",
    }
    assert grouped(ada, ada | {"full_name": cell}) == [[2, 3]]


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("Ada Obi 🚀", "Ada Obi"),
        ("Mei Gallo, PhD", "Mei Gallo"),
        ("Sam Lee (he/him)", "Sam Lee"),
        ("Tom Berg - Hiring!", "Tom Berg"),
        ("Jane Doe | Open to work", "Jane Doe"),
        ("#OpenToWork Ravi Kumar", "Ravi Kumar"),
        ("Dr. Priya Nair, MBA, CPA", "Priya Nair"),
        ("Jack Ma", "Jack Ma"),
        ("Ana García-López", "Ana García-López"),
    ],
)
def test_clean_name_drops_what_linkedin_adds_and_keeps_the_name(cell, name):
    assert clean_name(cell) == name


def test_a_decorated_name_cell_is_split_after_cleaning():
    assert row_name(None, None, "Wren Dasgupta, PhD") == ("Wren", "Dasgupta")
    assert row_name("Wren", "Dasgupta", "Wren Dasgupta, PhD") == ("Wren", "Dasgupta")  # the reader's split (names.py)
    assert row_name("Mei", "Gallo, PhD", None) == ("Mei", "Gallo")


def test_decorations_in_the_last_name_cell_of_a_linkedin_export():
    mei = {
        "first_name": "Mei",
        "last_name": "Gallo",
        "linkedin": "https://www.linkedin.com/in/mei-gallo-5da1aa",
        "company": "Oscorp",
    }
    assert grouped(mei, mei | {"last_name": "Gallo, PhD"}) == [[2, 3]]


SIX_ENTRIES = [
    {
        "first_name": "Siobhan",
        "last_name": "Kearney",
        "email": "siobhan.kearney7@gmail.com",
        "phone": "+44 7700 100200",
        "location": "Leeds",
        "company": "Acme Ltd",
    },
    {"first_name": "Siobhan", "last_name": "Kearny", "email": "siobhan.kearney7@gmail.com", "location": "Leeds, England"},
    {"full_name": "Siobhan Kearney, MBA", "phone": "07700 100200", "company": "Acme"},
    {"first_name": "Shiobhan", "last_name": "Kearney", "phone": "+44 (0)7700 100200", "location": "Leeds", "company": "Acme"},
    {"first_name": "Kearney", "last_name": "Siobhan", "email": "SIOBHAN.KEARNEY7@GMAIL.COM", "location": "Leeds, United Kingdom"},
    {
        "first_name": "Siobhan",
        "last_name": "Kearney",
        "email": "siobhan.kearnay7@gmail.com",
        "phone": "07700 100 200",
        "location": "Lees",
    },
]


def test_a_person_entered_six_times_comes_back_as_one_group():
    assert grouped(*SIX_ENTRIES) == [[2, 3, 4, 5, 6, 7]]


def test_a_person_entered_ten_times_with_namesakes_around_is_one_group_without_them():
    ten = [SIX_ENTRIES[k % 6] | {"company": "Acme", "current_title": f"Engineer {k}"} for k in range(10)]
    namesakes = [
        {
            "first_name": "Siobhan",
            "last_name": "Kearney",
            "email": f"skearney{k}@outlook.com",
            "phone": f"+44 79{k}1 4{k}0 36{k}",
            "location": "Leeds",
        }
        for k in range(2)
    ]
    assert grouped(*ten, *namesakes) == [list(range(2, 12))]


# --- hard negatives -------------------------------------------------------------------------------


HARD_NEGATIVES = {
    "two Daniel Garcias in one city": (
        {
            "first_name": "Daniel",
            "last_name": "Garcia",
            "email": "dgarcia@gmail.com",
            "phone": "(512) 555-0111",
            "location": "Austin, TX",
            "company": "Dell",
        },
        {
            "first_name": "Daniel",
            "last_name": "Garcia",
            "email": "daniel.garcia@outlook.com",
            "phone": "(512) 555-0177",
            "location": "Austin, TX",
            "company": "Oracle",
        },
    ),
    "sisters sharing a surname, a city and a home phone": (
        {
            "first_name": "Aoife",
            "last_name": "Byrne",
            "email": "aoife.byrne@gmail.com",
            "phone": "02 9876 5432",
            "location": "Sydney, Australia",
        },
        {
            "first_name": "Niamh",
            "last_name": "Byrne",
            "email": "niamh.byrne@gmail.com",
            "phone": "(02) 9876 5432",
            "location": "Sydney, Australia",
        },
    ),
    "Chris Lee and Christina Lee at one company": (
        {
            "first_name": "Chris",
            "last_name": "Lee",
            "email": "chris.lee@gmail.com",
            "phone": "+1 415 555 0102",
            "location": "San Francisco, CA",
            "company": "Stripe",
        },
        {
            "first_name": "Christina",
            "last_name": "Lee",
            "email": "christina.lee88@yahoo.com",
            "phone": "+1 415 555 0190",
            "location": "San Francisco, CA",
            "company": "Stripe",
        },
    ),
    "Sam and Samantha Patel": (
        {"first_name": "Sam", "last_name": "Patel", "email": "sam.patel@gmail.com", "location": "London", "company": "Monzo"},
        {
            "first_name": "Samantha",
            "last_name": "Patel",
            "email": "samantha.patel@hotmail.co.uk",
            "location": "London",
            "company": "Monzo",
        },
    ),
    "two John Smiths": (
        {
            "first_name": "John",
            "last_name": "Smith",
            "email": "john.smith@gmail.com",
            "phone": "(312) 555-0142",
            "location": "Chicago, IL",
            "company": "Grubhub",
            "current_title": "Data Engineer",
        },
        {
            "first_name": "John",
            "last_name": "Smith",
            "email": "jsmith@yahoo.com",
            "phone": "(773) 555-0199",
            "location": "Chicago, IL",
            "company": "Motorola",
            "current_title": "Data Engineer",
        },
    ),
}


@pytest.mark.parametrize("case", list(HARD_NEGATIVES))
def test_hard_negatives_stay_apart(case):
    assert grouped(*HARD_NEGATIVES[case]) == []


def test_hard_negatives_stay_apart_next_to_their_real_duplicates():
    chris, christina = HARD_NEGATIVES["Chris Lee and Christina Lee at one company"]
    again = christina | {"email": " Christina.Lee88@Yahoo.com", "phone": None}
    assert grouped(chris, christina, again) == [[3, 4]]


def _field_dir() -> Path | None:
    for candidate in (ROOT.parent / "shared" / "field", Path("/work/shared/field")):
        if (candidate / "truth_exports.json").exists():
            return candidate
    return None


FIELD = _field_dir()


@pytest.mark.skipif(FIELD is None, reason="the field exports (shared/field) are not beside this checkout")
@pytest.mark.parametrize(
    "name",
    [
        "linkedin_Connections.csv",
        "salesnav_list.xlsx",
        "recruiter_project_export.csv",
        "greenhouse_candidates.xlsx",
        "lever_opportunities.csv",
    ],
)
def test_field_exports_planted_groups_found_and_traps_apart(name, tmp_path):
    truth = json.loads((FIELD / "truth_exports.json").read_text())[name]
    copy = tmp_path / name
    copy.write_bytes((FIELD / name).read_bytes())
    groups = [set(g.rows) for g in find_duplicates(read_candidates(copy).df)]
    for planted in truth["groups"]:
        assert any(set(planted["rows"]) <= g for g in groups), planted["label"]
    for trap in truth["traps"]:
        assert not any(set(trap["rows"]) <= g for g in groups), trap["label"]


# --- review that remembers ------------------------------------------------------------------------


def _with_ids(*rows: dict) -> list[dict]:
    return [r | {"candidate_id": f"C{k:06d}"} for k, r in enumerate(rows, 1)]


def test_a_pair_marked_not_the_same_person_stays_apart():
    kyle = {"first_name": "Kyle", "last_name": "Minards", "email": "kyle.minards18@hotmail.com", "location": "Downer, WA"}
    rows = _with_ids(kyle, kyle | {"phone": "0419 745 200"})
    assert grouped(*rows) == [[2, 3]]
    assert grouped(*rows, keep_apart=[("C000002", "C000001")]) == []


def test_a_row_kept_apart_from_a_group_leaves_it_and_the_rest_stay_together():
    rows = _with_ids(*SIX_ENTRIES[:3])
    apart = [("C000003", "C000001"), ("C000003", "C000002")]
    assert grouped(*rows, keep_apart=apart) == [[2, 3]]


def test_keep_apart_without_ids_in_the_sheet_says_what_to_do():
    with pytest.raises(InputError) as err:
        find_duplicates(frame(*SIX_ENTRIES[:2]), keep_apart=[("C000001", "C000002")])
    assert err.value.hint == "run talentsheet dedupe once to fill the ids"


def test_certainty_labels_follow_the_weakest_tie():
    sure = SIX_ENTRIES[0]
    assert [g.certainty for g in find_duplicates(frame(sure, sure | {"email": " SIOBHAN.KEARNEY7@gmail.com"}))] == ["Certain"]
    typo_and_city = {"first_name": "Siobhan", "last_name": "Kearny", "location": "Leeds"}
    assert [g.certainty for g in find_duplicates(frame(sure, typo_and_city))] == ["Likely"]


def test_a_group_held_by_a_chain_says_check():
    a = {"first_name": "Ines", "last_name": "Moreau", "email": "ines.moreau4@gmail.com", "location": "Lyon, France"}
    b = a | {"phone": "+33 6 12 34 56 78", "location": None}
    c = {"first_name": "Ines", "last_name": "Moreau", "phone": "06 12 34 56 78", "location": "Paris, France"}
    (group,) = find_duplicates(frame(a, b, c))
    assert (group.rows, group.certainty) == ([2, 3, 4], "Check")


# --- weights that fit each sheet, with guard rails ----------------------------------------------------


def test_a_small_sheet_keeps_the_fitted_defaults_and_says_so():
    result = analyse(frame(*SIX_ENTRIES, *NOISE))
    assert (result.model.estimated, result.model.note) == (False, "fewer than 1,000 rows: defaults used")


SYLLABLES = ["ka", "lo", "mi", "ner", "sa", "tu", "vin", "zor", "bel", "dra", "fen", "gol", "hur", "jas", "pra", "quo"]


def _sheet(people: int, copies_every: int) -> pd.DataFrame:
    """``people`` different people (random made-up names, unique emails and phones), and for
    every ``copies_every``-th one a second row with the email in capitals and no phone."""
    rng = random.Random(7)
    word = lambda n: "".join(rng.choice(SYLLABLES) for _ in range(n)).title()  # noqa: E731
    rows = []
    for k in range(people):
        person = {
            "first_name": word(2),
            "last_name": word(3),
            "email": f"person{k}@example.com",
            "phone": f"+1 512 {rng.randint(200, 999)} {k:04d}",
            "location": rng.choice(["Austin, TX", "Denver, CO", "Boston, MA"]),
        }
        rows.append(person)
        if copies_every and k % copies_every == 0:
            rows.append(person | {"email": person["email"].upper(), "phone": None})
    return frame(*rows)


def test_em_learns_the_share_of_duplicates_of_the_sheet_itself():
    result = analyse(_sheet(1500, 3))  # 500 duplicate pairs in 2,000 rows: 0.25 per row
    assert result.model.estimated and 0.15 < result.model.duplicates_per_row < 0.35
    assert len(result.groups) == 500


def test_em_on_a_clean_sheet_finds_nothing_and_does_not_run_away():
    result = analyse(_sheet(1500, 0))
    assert result.groups == []
    assert result.model.note.startswith("EM found") and result.model.note.endswith("too few to learn from, defaults kept")


# --- settings that say what is wrong ------------------------------------------------------------------


def test_bad_settings_are_all_reported_at_once():
    with pytest.raises(InputError) as err:
        DedupeSettings.from_dict({"threshold": "high", "estimate": 1, "em_pairs": 2.5, "region": "Australia"})
    assert err.value.message == (
        "dedupe settings: threshold must be a number, not 'high'; estimate must be true or false, not 1; "
        "em_pairs must be a whole number, not 2.5; region is a two-letter country code such as US, GB or AU, not 'Australia'"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not valid JSON: Expecting property name enclosed in double quotes at line 1"),
        ("[1, 2]", "dedupe settings must be a JSON object, not list"),
        ('{"threshold": 22}', "threshold is a probability above 0 and at most 1, not 22.0"),
    ],
)
def test_cli_settings_file_problems_are_clean_errors(run_cli, demo_book, tmp_path, text, message):
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    result = run_cli("dedupe", demo_book[0], "--settings", bad, "--no-backup")
    assert result.code == 6 and message in result.err and "Traceback" not in result.err
    assert "Hint: write settings as JSON" in result.err


def test_cli_missing_settings_file_is_a_clean_error(run_cli, demo_book, tmp_path):
    result = run_cli("dedupe", demo_book[0], "--settings", tmp_path / "nope.json", "--no-backup")
    assert result.code == 6 and "does not exist" in result.err and "Traceback" not in result.err


# --- shape -------------------------------------------------------------------------------------------


def _imports(module: Path) -> set[str]:
    """Sibling modules a dedupe module imports (``from .x import``)."""
    tree = ast.parse(module.read_text())
    return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 1 and n.module}


def test_dedupe_stages_import_each_other_without_cycles_and_settings_is_a_leaf():
    package = ROOT / "talentsheet" / "dedupe"
    graph = {p.stem: _imports(p) for p in package.glob("*.py") if p.stem != "__init__"}
    assert graph["settings"] == set()
    seen: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"import cycle: {' -> '.join((*path, node))}"
        if node in seen:
            return
        for nxt in graph.get(node, ()):
            visit(nxt, (*path, node))
        seen.add(node)

    for module in graph:
        visit(module, ())
    assert {"prepare", "block", "compare", "score", "cluster", "settings", "names", "pipeline"} <= set(graph)
