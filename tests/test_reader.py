"""Reading workbooks as recruiters keep them: any header spelling, title rows, extra columns."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from talentsheet.errors import HeaderError, InputError
from talentsheet.schema import match_header
from talentsheet.workbook.reader import (
    MAPPING_SHEET,
    ColumnMapping,
    content_field,
    find_header_row,
    is_aggregate_formula,
    mapping_rows,
    read_candidates,
    split_full_name,
    table_from_rows,
)

SPELLINGS = [
    ("First", "first_name"),
    ("Given name", "first_name"),
    ("first_name", "first_name"),
    ("FIRST NAME", "first_name"),
    ("Surname", "last_name"),
    ("Last Name", "last_name"),
    ("Family name", "last_name"),
    ("Full Name", "full_name"),
    ("Name", "full_name"),
    ("How contacted", "contact_method"),
    ("Method", "contact_method"),
    ("Contact via", "contact_method"),
    ("City", "location"),
    ("Location", "location"),
    ("Based in", "location"),
    ("LinkedIn", "linkedin"),
    ("LinkedIn Profile", "linkedin"),
    ("Profile URL", "linkedin"),
    ("Linkedin-URL", "linkedin"),
    ("Linkdin URL", "linkedin"),
    ("Comments", "notes"),
    ("Notes", "notes"),
    ("Future title", "future_title"),
    ("Desired role", "future_title"),
    ("Next role", "future_title"),
    ("Wants", "future_title"),
    ("Future location", "future_location"),
    ("Preferred location", "future_location"),
    ("Pref. location", "future_location"),
    ("Last contacted", "last_contacted"),
    ("Follow up", "follow_up_on"),
    ("Follow-up on", "follow_up_on"),
    ("Status", "status"),
    ("Email", "email"),
    ("E-mail address", "email"),
    ("Phone", "phone"),
    ("Mobile", "phone"),
    ("  Open to remote?  ", "open_to_remote"),
    ("Candidate ID", "candidate_id"),
    ("Owner", "owner"),
    # the headers of real exports (LinkedIn, Sales Navigator, Recruiter, Greenhouse, Lever)
    ("URL", "linkedin"),
    ("Profile URL", "linkedin"),
    ("Links", "linkedin"),
    ("Connected On", "connected_on"),
    ("Method Used to Contact", "contact_method"),
    ("Headline", "headline"),
    ("Source", "source"),  # Greenhouse: where the candidate came from, not the owner
    ("Sources", "source"),
    ("Origin", "origin"),
    ("Recruiter", "owner"),
    ("Emails", "email"),
    ("Phones", "phone"),
    ("Current Company", "company"),
    ("Position", "current_title"),
    ("Email Address", "email"),
    ("Phone Number", "phone"),
    ("Project Status", "status"),
    ("Last Interaction At (GMT)", "last_contacted"),
    ("Tags", "tags"),
    ("Address", "location"),
    ("Other contacts", "other_contacts"),
]


@pytest.mark.parametrize(("header", "field"), SPELLINGS)
def test_header_spellings_map_by_meaning(header, field):
    assert match_header(header).field == field


@pytest.mark.parametrize("header", ["Favourite colour", "Shoe size", "", "   ", "2024"])
def test_unknown_headers_are_kept_as_is(header):
    assert match_header(header).field is None


def make_book(path: Path, rows: list[list], title: str = "Candidates", extra_sheets: dict | None = None) -> Path:
    wb = openpyxl.Workbook()
    for name, sheet_rows in (extra_sheets or {}).items():
        ws = wb.create_sheet(name, 0)
        for r in sheet_rows:
            ws.append(r)
    ws = wb["Sheet"]
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_header_found_below_title_and_blank_rows(tmp_path):
    path = make_book(
        tmp_path / "t.xlsx",
        [["Dana's network"], [], ["Name", "E-mail", "Based in", "Shoe size"], ["Ada Lovelace", "ada@example.com", "London", 38]],
    )
    table = read_candidates(path)
    assert table.header_row == 3
    assert list(table.df.index) == [4]
    row = table.df.loc[4]
    assert (row["first_name"], row["last_name"], row["email"], row["location"], row["Shoe size"]) == (
        "Ada",
        "Lovelace",
        "ada@example.com",
        "London",
        38,
    )
    assert table.cell("email", 4) == "B4" and table.derived == ["first_name", "last_name"]


def test_candidate_sheet_found_among_others(tmp_path):
    other = {"Summary": [["Total", 3]], "Call notes": [["Date", "Note"]]}
    path = make_book(tmp_path / "t.xlsx", [["First", "Surname"], ["Ada", "Lovelace"]], title="My people", extra_sheets=other)
    assert read_candidates(path).sheet == "My people"


def test_sheet_named_candidates_wins(tmp_path):
    path = make_book(
        tmp_path / "t.xlsx", [["First", "Surname"], ["Ada", "Lovelace"]], extra_sheets={"Old": [["First", "Last"], ["X", "Y"]]}
    )
    assert read_candidates(path).sheet == "Candidates"


def test_talentsheet_own_sheets_are_never_the_candidate_sheet(tmp_path):
    # views and matches copy name columns, and they sit before the recruiter's sheet here
    own = {
        "Matches – Senior Data Engi edd7": [["First name", "Last name", "Score"], ["Ada", "Lovelace", 90]],
        "View - Austin": [["First name", "Last name", "Location"], ["Ada", "Lovelace", "Austin, TX"]],
        "Duplicates": [["First name", "Last name"], ["Ada", "Lovelace"]],
    }
    path = make_book(tmp_path / "t.xlsx", [["First", "Surname"], ["Ada", "Lovelace"]], title="My people", extra_sheets=own)
    assert read_candidates(path).sheet == "My people"


def test_ragged_and_mixed_cells_are_cleaned_column_by_column(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("First,Last,Phone,Notes\nAda,Lovelace\n,,,\nAlan,Turing,,x\n", encoding="utf-8")
    df = read_candidates(path).df
    assert list(df.index) == [2, 4]
    assert df.loc[2, "phone"] is None and df.loc[2, "notes"] is None and df.loc[4, "notes"] == "x"


def test_blank_rows_dropped_but_row_numbers_kept(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [["First", "Last"], ["Ada", "Lovelace"], [None, None], ["Alan", "Turing"]])
    assert list(read_candidates(path).df.index) == [2, 4]


def test_values_keep_their_types(tmp_path):
    path = make_book(
        tmp_path / "t.xlsx", [["First", "Last", "Phone", "Last contacted"], ["Ada", "Lovelace", 5125550100, date(2026, 1, 2)]]
    )
    row = read_candidates(path).df.loc[2]
    assert row["phone"] == 5125550100 and isinstance(row["phone"], int)
    assert row["last_contacted"] == date(2026, 1, 2)


def test_every_canonical_field_exists_even_when_absent(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [["First", "Last"], ["Ada", "Lovelace"]])
    table = read_candidates(path)
    assert table.df.loc[2, "future_title"] is None and not table.has("future_title")


def test_duplicate_headers_are_an_error(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [["First", "Last", "Email", "email"], ["Ada", "Lovelace", "a@x.com", "b@x.com"]])
    with pytest.raises(HeaderError, match=r"appears twice \(columns C and D\)"):
        read_candidates(path)


def test_second_column_for_a_field_is_kept_as_is(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [["First", "Last", "City", "Location"], ["Ada", "Lovelace", "London", "UK"]])
    table = read_candidates(path)
    assert table.df.loc[2, "location"] == "London" and table.df.loc[2, "Location"] == "UK"


def test_no_name_column_is_a_clear_error(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [["Email", "Phone"], ["a@x.com", "123"]])
    with pytest.raises(HeaderError, match="no sheet has a header row with a name column"):
        read_candidates(path)


def test_csv_is_read(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Given name;Surname;E-mail\nAda;Lovelace;ada@example.com\n", encoding="utf-8")
    table = read_candidates(path)
    assert table.df.loc[2, "email"] == "ada@example.com"


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Ada Lovelace", ("Ada", "Lovelace")),
        ("SMITH, ROBERT", ("ROBERT", "SMITH")),
        ("Jan van der Berg", ("Jan", "van der Berg")),
        ("Cher", ("Cher", None)),
        ("  Mary  Ann   Evans ", ("Mary Ann", "Evans")),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_split_full_name(full, expected):
    assert split_full_name(full) == expected


def test_header_row_needs_a_name_column():
    assert find_header_row([["Email", "Phone", "City"], ["a@x.com", "1", "Austin"]]) is None


# --- column mapping: told, remembered, content -------------------------------------------------


def _hows(table) -> dict[str, tuple[str | None, str]]:
    return {c.header: (c.field, c.how) for c in table.columns}


def test_unknown_header_is_decided_by_content(tmp_path):
    rows = [
        ["Name", "City", "Social Media", "Reach me", "Call", "Record"],
        ["Ada Lovelace", "Paris", "https://www.linkedin.com/in/ada", "ada@example.com", "+1 602 555 0185 (Mobile)", 48213377002],
        ["Alan Turing", "Austin", None, "alan@example.com, alan@work.com", "(647) 555-0120", 48213378002],
    ]
    hows = _hows(read_candidates(make_book(tmp_path / "t.xlsx", rows)))
    assert hows["Social Media"] == ("linkedin", "content")
    assert hows["Reach me"] == ("email", "content")
    assert hows["Call"] == ("phone", "content")
    assert hows["Record"] == (None, "unknown")  # numbers are ids more often than phones


def test_content_needs_most_cells_to_agree():
    assert content_field(["https://linkedin.com/in/a", "x", "y"]) is None
    assert content_field(["https://linkedin.com/in/a"] * 4 + ["Archived"]) == "linkedin"
    assert content_field([]) is None


def test_a_url_column_of_other_sites_is_not_the_linkedin_column():
    table = table_from_rows([["Name", "URL"], ["Ada Lovelace", "https://github.com/ada"]], "S")
    assert _hows(table)["URL"] == (None, "unknown")
    linked = table_from_rows([["Name", "URL"], ["Ada Lovelace", "https://www.linkedin.com/in/ada"]], "S")
    assert _hows(linked)["URL"] == ("linkedin", "synonym")


def test_told_mapping_wins_over_header_and_frees_the_field():
    rows = [["Name", "Email", "Work"], ["Ada Lovelace", "old@example.com", "ada@work.com"]]
    table = table_from_rows(rows, "S", mapping=ColumnMapping.parse("Work=email, Email=-"))
    assert _hows(table) == {"Name": ("full_name", "synonym"), "Email": (None, "told"), "Work": ("email", "told")}
    assert table.df.loc[2, "email"] == "ada@work.com"


def test_mapping_text_round_trips_and_accepts_synonyms():
    mapping = ColumnMapping.parse("URL=LinkedIn URL; Staff, Platform=current title;Junk=-")
    assert mapping.pairs() == [("URL", "linkedin"), ("Staff, Platform", "current_title"), ("Junk", None)]
    assert ColumnMapping.parse(mapping.text()) == mapping
    assert ColumnMapping.parse("URL=linkedin,Headline=headline").pairs() == [("URL", "linkedin"), ("Headline", "headline")]


@pytest.mark.parametrize(("text", "message"), [("URL", "is not HEADER=FIELD"), ("URL=wizard", "no such field")])
def test_bad_mapping_text_is_a_clear_error(text, message):
    with pytest.raises(InputError, match=message):
        ColumnMapping.parse(text)


def test_remembered_mapping_is_read_from_the_hidden_sheet(tmp_path):
    stored = mapping_rows("Candidates", ColumnMapping.parse("Reach=email"))
    rows = [["Name", "Reach", "Call"], ["Ada Lovelace", "someone", "x"]]
    path = make_book(tmp_path / "t.xlsx", rows, extra_sheets={MAPPING_SHEET: stored})
    table = read_candidates(path)
    assert table.sheet == "Candidates" and _hows(table)["Reach"] == ("email", "remembered")
    told = read_candidates(path, mapping=ColumnMapping.parse("Reach=-,Call=email"))
    assert _hows(told)["Reach"] == (None, "told") and _hows(told)["Call"] == ("email", "told")


def test_told_mapping_finds_a_header_row_of_unknown_words():
    rows = [["Person", "Wie"], ["Ada Lovelace", "London"]]
    table = table_from_rows(rows, "S", mapping=ColumnMapping.parse("Wie=location"))
    assert table.header_row == 1 and table.df.loc[2, "location"] == "London"


# --- total rows ---------------------------------------------------------------------------------


def test_total_row_with_a_formula_is_not_a_candidate(tmp_path):
    rows = [["First", "Last", "Email"], ["Ada", "Lovelace", "a@x.com"], ["Alan", "Turing", "t@x.com"]]
    rows += [["TOTAL", "=COUNTA(B2:B3)", None]]
    table = read_candidates(make_book(tmp_path / "t.xlsx", rows))
    assert list(table.df.index) == [2, 3] and table.total_rows == [4]


def test_subtotal_formula_row_without_a_label_is_not_a_candidate(tmp_path):
    rows = [["First", "Last", "Score"], ["Ada", "Lovelace", 3], ["Alan", "Turing", 4], [None, 2, "=SUBTOTAL(109,C2:C3)"]]
    table = read_candidates(make_book(tmp_path / "t.xlsx", rows))
    assert table.total_rows == [4] and list(table.df.index) == [2, 3]


def test_a_formula_across_one_row_is_not_a_total():
    assert not is_aggregate_formula("SUM(C5:E5)")
    assert is_aggregate_formula("SUM(C2:C40)") and is_aggregate_formula("SUBTOTAL(103,[First name])")
    assert not is_aggregate_formula("SUM(CandidatesTable[@[A]:[B]])")


def test_excel_table_total_row_is_not_a_candidate(tmp_path):
    from openpyxl.worksheet.table import Table

    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    for row in [["First", "Last", "Email"], ["Ada", "Lovelace", "a@x.com"], [None, "2", None]]:
        ws.append(row)
    ws["B3"] = "=SUBTOTAL(103,People[Last])"
    ws.add_table(Table(displayName="People", ref="A1:C3", totalsRowCount=1))
    wb.save(path)
    table = read_candidates(path)
    assert table.total_rows == [3] and list(table.df.index) == [2]


def test_total_label_in_a_csv_is_not_a_candidate_but_a_person_is(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("First,Last,Email\nAda,Lovelace,a@x.com\nTotal,Candidates: 1,\nTotal,Person,t@x.com\n", encoding="utf-8")
    table = read_candidates(path)
    assert table.total_rows == [3] and list(table.df.index) == [2, 4]


def test_a_csv_with_a_bom_and_a_notes_preamble_reads_from_its_header(tmp_path):
    path = tmp_path / "Connections.csv"
    text = 'Notes:\n"When exporting your connection data, you may notice..."\n\nFirst Name,Last Name,URL\nAda,Lovelace,https://www.linkedin.com/in/ada\n'
    path.write_bytes("\ufeff".encode() + text.encode())
    table = read_candidates(path)
    assert table.header_row == 4 and [c.header for c in table.columns] == ["First Name", "Last Name", "URL"]
    assert table.df.loc[5, "linkedin"] == "https://www.linkedin.com/in/ada"
