"""Phone numbers in every country: national vs international forms, decorations, two numbers
in a cell, the row's and the sheet's region."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentsheet.phones import national_key, parse_phone, parse_phones, phone_key, row_region, sheet_region

# (national form, its region, international form): hand-written from each country's numbering plan
SAME_NUMBER = [
    ("0419 745 200", "AU", "+61 419 745 200"),
    ("(04) 1812 3371", "AU", "+61 418 123 371"),
    ("020 7946 0958", "GB", "+44 20 7946 0958"),
    ("030 123456", "DE", "+49 30 123456"),
    ("098765 43210", "IN", "+91 98765 43210"),
    ("(512) 555-0199", "US", "+1 512 555 0199"),
]


@pytest.mark.parametrize(("national", "region", "international"), SAME_NUMBER)
def test_national_and_international_forms_are_one_number(national, region, international):
    assert phone_key(national, region) == phone_key(international, "US") == "+" + "".join(c for c in international if c.isdigit())
    assert national_key(national, region) == national_key(international, region)


@pytest.mark.parametrize(("national", "region", "international"), SAME_NUMBER)
def test_national_key_survives_a_wrong_region_guess(national, region, international):
    wrong = "US" if region != "US" else "GB"
    assert national_key(national, wrong) == national_key(international, wrong)
    assert phone_key(national, wrong) in (None, phone_key(international))


@pytest.mark.parametrize(
    "cell",
    ["+1 512 555 0199 (Mobile)", "tel:+1-512-555-0199", "(w) +1 512 555 0199", "Mobile: (512) 555-0199", "Cell - 512.555.0199"],
)
def test_decorations_around_a_number_are_ignored(cell):
    parse = parse_phone(cell, "US")
    assert (parse.e164, parse.national, parse.valid, parse.extension) == ("+15125550199", "5125550199", True, "")


def test_extension_is_kept_apart_from_the_number():
    for cell in ("(512) 555-0199 x204", "+1 (512) 555-0199, ext 204", "512-555-0199 ext. 204"):
        parse = parse_phone(cell, "US")
        assert (parse.e164, parse.extension) == ("+15125550199", "204")


def test_two_numbers_in_one_cell_are_both_read():
    found = parse_phones("0419 745 200 / 02 9876 5432", "AU")
    assert [p.e164 for p in found] == ["+61419745200", "+61298765432"]
    assert [p.e164 for p in parse_phones("+1 512 555 0199 or +1 512 555 0100")] == ["+15125550199", "+15125550100"]


def test_invalid_and_empty_cells_say_why():
    assert parse_phone("n/a").reason == "too few digits for a phone number"
    assert parse_phone(None).reason == "empty" and parse_phones("") == ()
    assert parse_phone("+1 555 0100 9999").valid is False
    assert phone_key("12345") is None


def test_row_region_reads_the_country_cell_first_then_the_location():
    assert row_region("Perth WA") == "AU"
    assert row_region("London") == "GB"
    assert row_region("Austin, TX", country="Germany") == "DE"
    assert row_region("Downer, WA") is None and row_region(None) is None


def test_sheet_region_is_the_dominant_country_of_numbers_and_places():
    phones = ["+61 419 745 200", "0419 745 200", "+61 2 9876 5432", "+1 512 555 0199"]
    assert sheet_region(phones, ["Downer, WA", "Sydney, Australia", "Austin, TX"], "US") == "AU"
    assert sheet_region(["020 7946 0958"], ["somewhere"], "gb") == "GB"


@given(st.sampled_from(["AU", "GB", "DE", "IN", "US"]), st.integers(0, 10**12))
@settings(max_examples=200, deadline=None)
def test_parsing_never_raises_and_national_is_digits(region, number):
    for text in (str(number), f"0{number}", f"+{number}", f"({number}) x12"):
        parse = parse_phone(text, region)
        assert parse.national.isdigit() or parse.national == ""
        assert parse.valid == (parse.reason == "")


def test_sheet_region_follows_national_numbers_that_only_make_sense_elsewhere():
    national = ["0419 745 200", "(04) 1812 3371", "0412 345 678", "02 9876 5432"]
    assert sheet_region(national, ["Kirrawee, NSW", None], "US") == "AU"
    assert sheet_region(["(512) 555-0199", "212-555-0142"], [], "US") == "US"


@given(
    st.sampled_from(["1", "44", "61", "49", "91", "800", "0", "011 44", "28", "999"]),
    st.text("0123456789", min_size=4, max_size=13),
    st.sampled_from(["US", "GB", "AU", "DE", "IN", "BR", "JP", None]),
)
@settings(max_examples=400, deadline=None)
def test_a_number_with_a_plus_reads_as_libphonenumber_reads_it_in_that_region(code, digits, region):
    # numbers with their own country code are parsed once for every region: the reference is a
    # fresh libphonenumber parse in the row's region ("+011 44 ..." and "+0..." need the region)
    text = f"+{code} {digits}"
    parse = parse_phone(text, region)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        assert parse.e164 is None
        return
    if not phonenumbers.is_possible_number(number):
        assert parse.e164 is None
        return
    assert parse.e164 == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assert parse.valid == phonenumbers.is_valid_number(number)
    assert parse.region == (phonenumbers.region_code_for_number(number) or (None if parse.valid else region))


def test_sheet_region_counts_each_cell_as_typed():
    # 1 and True are equal dict keys in Python; True is no phone number: it must not count as one
    # of the national numbers (half of which are Australian here)
    assert sheet_region(["0419 745 200", 1, True, True], [], "US") == "AU"
    assert sheet_region([61419745200, "+1 512 555 0199", "+1 512 555 0100"], ["Perth WA"] * 2, "US") == "AU"
