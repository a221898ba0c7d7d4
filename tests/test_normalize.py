"""Per-field normalisers: real-world spellings (good and bad) and their properties."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentsheet import normalize as n
from talentsheet.findings import Normalized, Severity
from talentsheet.links import linkedin_link

CANON = "https://www.linkedin.com/in/ada-lovelace-12"


def _severities(result) -> set[Severity]:
    return {f.severity for f in result.findings}


@pytest.mark.parametrize(
    "raw",
    [
        CANON,
        "https://www.linkedin.com/in/ada-lovelace-12/",
        "http://www.linkedin.com/in/ada-lovelace-12",
        "www.linkedin.com/in/ada-lovelace-12",
        "linkedin.com/in/ada-lovelace-12",
        "https://linkedin.com/in/Ada-Lovelace-12",
        "https://uk.linkedin.com/in/ada-lovelace-12",
        "https://au.linkedin.com/in/ada-lovelace-12?originalSubdomain=au",
        "https://de.linkedin.com/in/ada-lovelace-12/?locale=en_US",
        "https://m.linkedin.com/in/ada-lovelace-12",
        "https://www.linkedin.com/in/ada-lovelace-12?trk=public_profile_browsemap",
        "https://www.linkedin.com/in/ada-lovelace-12#experience",
        "  https://www.linkedin.com/in/ada-lovelace-12  ",
        "<https://www.linkedin.com/in/ada-lovelace-12>",
        "HTTPS://WWW.LINKEDIN.COM/IN/ADA-LOVELACE-12",
        "https://www.linkedin.com/in/ada-lovelace-12/details/experience/",
        "https://www.linkedin.com/in/ada%2Dlovelace%2D12",
    ],
)
def test_linkedin_profile_spellings_become_canonical(raw: str) -> None:
    result = n.normalize_linkedin(raw)
    assert result.value == CANON
    assert result.ok
    assert n.linkedin_key(raw) == "in/ada-lovelace-12"


@pytest.mark.parametrize(
    "raw",
    [
        "Profile: https://www.linkedin.com/in/ada-lovelace-12 (found via search)",
        "https://www.linkedin.com/in/ada-lovelace-12, https://github.com/ada",
    ],
)
def test_linkedin_link_among_other_words_is_only_suggested(raw: str) -> None:
    result = n.normalize_linkedin(raw)
    assert result.value == raw  # the words around it are the recruiter's
    assert [(f.severity, f.suggestion) for f in result.findings] == [(Severity.INFO, CANON)]
    assert n.linkedin_key(raw) == "in/ada-lovelace-12"


def test_a_slug_with_a_space_is_never_cut_to_another_profile() -> None:
    result = n.normalize_linkedin("linkedin.com/in/renata rocha")
    assert result.value == "linkedin.com/in/renata rocha"
    assert result.findings[0].severity is Severity.WARNING
    assert "https://www.linkedin.com/in/renata-rocha" in result.findings[0].suggestion
    assert n.linkedin_key("linkedin.com/in/renata rocha") is None  # not renata's profile


@pytest.mark.parametrize("lookalike", ["lınkedın.com/in/ada-lovelace-12", "https://www.lınkedın.com/in/ada-lovelace-12"])
def test_a_lookalike_host_is_never_fixed_into_a_linkedin_link(lookalike: str) -> None:
    # the dotless ı matches "i" under Unicode case folding; a fix would write a real
    # linkedin.com link in place of another host
    result = n.normalize_linkedin(lookalike)
    assert result.value == lookalike
    assert [f.severity for f in result.findings] == [Severity.ERROR]
    assert n.linkedin_key(lookalike) is None


_LOOKS_LIKE = {"l": "lL", "i": "iIıİ", "n": "nN", "k": "kKK", "e": "eE", "d": "dD"}  # ı, İ: Turkish; K: Kelvin sign


@given(st.tuples(*(st.sampled_from(_LOOKS_LIKE[c]) for c in "linkedin")), st.sampled_from(["https://www.", "", "uk."]))
@settings(max_examples=300, deadline=None)
def test_a_fixed_linkedin_link_is_one_links_py_would_link(host: tuple[str, ...], prefix: str) -> None:
    text = f"{prefix}{''.join(host)}.com/in/ada"
    if n.normalize_linkedin(text).value != text:  # a fix: the host must really be LinkedIn's (links.py, IDNA)
        assert linkedin_link(text) is not None


def test_linkedin_non_ascii_and_legacy_profiles() -> None:
    assert n.normalize_linkedin("https://de.linkedin.com/in/j%C3%BCrgen-m%C3%BCller").value == (
        "https://www.linkedin.com/in/jürgen-müller"
    )
    assert n.normalize_linkedin("linkedin.com/in/JÜRGEN-MÜLLER").value == "https://www.linkedin.com/in/jürgen-müller"
    assert n.linkedin_key("http://uk.linkedin.com/pub/ada-lovelace/1/23/456") == "pub/ada-lovelace/1/23/456"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("https://www.linkedin.com/company/globex", "company"),
        ("https://www.linkedin.com/school/stanford-university/", "school"),
        ("https://www.linkedin.com/jobs/view/3812345678", "job"),
        ("https://www.linkedin.com/posts/someone_activity-1234", "post"),
        ("https://www.linkedin.com/feed/update/urn:li:activity:123", "feed"),
        ("https://www.linkedin.com/search/results/people/?keywords=ada", "search"),
        ("https://www.linkedin.com/sales/lead/ACwAAA,NAME_SEARCH", "Sales Navigator"),
        ("https://www.linkedin.com/talent/profile/AEMAAA", "Recruiter"),
        ("https://www.facebook.com/someone", "not a LinkedIn"),
        ("https://github.com/ada", "not a LinkedIn"),
        ("htps:/linkedin", "malformed"),
        ("linkedin.com/in/", "malformed"),
        ("ada lovelace on linkedin", "malformed"),
        ("https://www.linkedin.com/", "malformed"),
        ("https://linkedin.com.evil.example/in/ada", "malformed"),
    ],
)
def test_linkedin_non_profiles_are_errors(raw: str, words: str) -> None:
    result = n.normalize_linkedin(raw)
    assert result.value == raw
    assert _severities(result) == {Severity.ERROR}
    assert words in result.findings[0].problem
    assert n.linkedin_key(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ada@example.com", "ada@example.com"),
        ("Ada@Example.COM", "ada@example.com"),
        ("  ada@example.com ", "ada@example.com"),
        ("mailto:ada@example.com", "ada@example.com"),
        ("Ada Lovelace <ada@example.com>", "ada@example.com"),
        ("ada.lovelace+jobs@example.co.uk", "ada.lovelace+jobs@example.co.uk"),
        ("ada@example.com.", "ada@example.com"),
        ("o'neil@example.ie", "o'neil@example.ie"),
        ("jürgen@example.de", "jürgen@example.de"),
    ],
)
def test_email_valid_spellings(raw: str, expected: str) -> None:
    result = n.normalize_email(raw)
    assert result.value == expected
    assert result.ok
    assert n.email_key(raw) == expected


@pytest.mark.parametrize(
    "raw", ["not an email", "ada@@example.com", "ada@example", "ada example.com", "@example.com", "ada@.com"]
)
def test_email_invalid_spellings_are_errors(raw: str) -> None:
    result = n.normalize_email(raw)
    assert result.value == raw and not result.ok
    assert n.email_key(raw) is None


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [
        ("priya.patel@gmial.com", "priya.patel@gmail.com"),
        ("priya@gmail.con", "priya@gmail.com"),
        ("priya@hotmial.com", "priya@hotmail.com"),
        ("priya@yahooo.com", "priya@yahoo.com"),
        ("priya@outlok.com", "priya@outlook.com"),
        ("priya@gmaill.com", "priya@gmail.com"),
    ],
)
def test_email_domain_typos_are_suggested_not_applied(raw: str, suggestion: str) -> None:
    result = n.normalize_email(raw)
    assert result.value == raw
    assert [f.suggestion for f in result.findings] == [suggestion]


@pytest.mark.parametrize("raw", ["jobs@contoso.com", "careers@globex.com", "info@initech.com", "HR@hooli.com"])
def test_email_role_addresses_are_warnings(raw: str) -> None:
    result = n.normalize_email(raw)
    assert Severity.WARNING in _severities(result)
    assert "role address" in result.findings[-1].problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+1 (512) 555-0199", "+15125550199"),
        ("(512) 555-0199", "+15125550199"),
        ("512.555.0199", "+15125550199"),
        ("512-555-0199", "+15125550199"),
        ("5125550199", "+15125550199"),
        (5125550199, "+15125550199"),
        ("1-512-555-0199", "+15125550199"),
        ("+15125550199", "+15125550199"),
        ("512.555.0199 x204", "+15125550199 x204"),
        ("512-555-0199 ext. 204", "+15125550199 x204"),
        ("+44 20 7946 0018", "+442079460018"),
        ("+49 30 901820", "+4930901820"),
    ],
)
def test_phone_spellings_become_e164(raw: object, expected: str) -> None:
    result = n.normalize_phone(raw)
    assert result.value == expected and result.ok
    assert n.phone_key(raw) == expected.split(" x")[0]


@pytest.mark.parametrize("raw", ["555-12", "call me", "12", "+1 512 555", "0000000000000000000"])
def test_phone_invalid_spellings_are_errors(raw: str) -> None:
    result = n.normalize_phone(raw)
    assert result.value == raw and not result.ok
    assert n.phone_key(raw) is None


def test_phone_region_decides_national_numbers() -> None:
    assert n.normalize_phone("020 7946 0018", region="GB").value == "+442079460018"
    assert not n.normalize_phone("020 7946 0018", region="US").ok


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("LI", "LinkedIn message"),
        ("linked in", "LinkedIn message"),
        ("LinkedIn", "LinkedIn message"),
        ("li msg", "LinkedIn message"),
        ("inmail", "LinkedIn InMail"),
        ("In-Mail", "LinkedIn InMail"),
        ("e-mail", "Email"),
        ("EMAIL", "Email"),
        ("cell", "Phone"),
        ("phone call", "Phone"),
        ("txt", "Text"),
        ("SMS", "Text"),
        ("WhatsApp", "Text"),
        ("referred", "Referral"),
        ("meetup", "Event"),
        ("Email", "Email"),
    ],
)
def test_contact_method_synonyms(raw: str, expected: str) -> None:
    assert n.normalize_contact_method(raw).value == expected


@pytest.mark.parametrize(("raw", "suggestion"), [("Emial", "Email"), ("inmial", "LinkedIn InMail"), ("Refferal", "Referral")])
def test_contact_method_typos_are_suggestions(raw: str, suggestion: str) -> None:
    result = n.normalize_contact_method(raw)
    assert result.value == raw
    assert result.findings[0].suggestion == suggestion


def test_contact_method_unknown_is_kept_with_warning() -> None:
    result = n.normalize_contact_method("carrier pigeon")
    assert result.value == "carrier pigeon"
    assert _severities(result) == {Severity.WARNING}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("MARGARET", "Margaret"),
        ("mcdonald", "McDonald"),
        ("MCDONALD", "McDonald"),
        ("O'NEIL", "O'Neil"),
        ("o'neil", "O'Neil"),
        ("VAN DER BERG", "Van der Berg"),
        ("jan van der berg", "Jan van der Berg"),
        ("ANNE-MARIE", "Anne-Marie"),
        ("  Zara  ", "Zara"),
        ("Mary   Ann", "Mary Ann"),
        ("van der Berg", "van der Berg"),
        ("McDonald", "McDonald"),
        ("DeShawn", "DeShawn"),
        ("José", "José"),
        ("李", "李"),
    ],
)
def test_name_spellings(raw: str, expected: str) -> None:
    assert n.normalize_name(raw).value == expected


@pytest.mark.parametrize(("raw", "severity"), [("zara@example.com", Severity.ERROR), ("Ada 2", Severity.WARNING)])
def test_name_with_email_or_digits_is_flagged(raw: str, severity: Severity) -> None:
    result = n.normalize_name(raw)
    assert result.value == raw and _severities(result) == {severity}


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Jürgen  Müller", "jurgen muller"),
        ("O'Neil", "oneil"),
        ("Anne-Marie", "anne marie"),
        (None, ""),
        ("  ", ""),
        ("Zoë", "zoe"),
    ],
)
def test_name_key_folds_for_matching(raw: object, key: str) -> None:
    assert n.name_key(raw) == key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2025, 3, 14), date(2025, 3, 14)),
        (datetime(2025, 3, 14, 9, 30), date(2025, 3, 14)),
        (45730, date(2025, 3, 14)),
        (45730.0, date(2025, 3, 14)),
        ("45730", date(2025, 3, 14)),
        ("2025-03-14", date(2025, 3, 14)),
        ("2025/3/14", date(2025, 3, 14)),
        ("3/14/2025", date(2025, 3, 14)),
        ("14/3/2025", date(2025, 3, 14)),
        ("14.03.2025", date(2025, 3, 14)),
        ("14 Mar 2025", date(2025, 3, 14)),
        ("14-Mar-25", date(2025, 3, 14)),
        ("March 14, 2025", date(2025, 3, 14)),
        ("Mar 14th 2025", date(2025, 3, 14)),
        ("14th March 2025", date(2025, 3, 14)),
        ("2025-03-14 10:15", date(2025, 3, 14)),
    ],
)
def test_date_spellings(raw: object, expected: date) -> None:
    result = n.normalize_date(raw, today=date(2026, 1, 1))
    assert result.value == expected and result.ok


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("2025-02-30", "no such date"), ("31/31/2025", "no such date"), ("soon", "not a date"), (True, "not a date")],
)
def test_impossible_dates_are_errors(raw: object, problem: str) -> None:
    result = n.normalize_date(raw)
    assert result.value == raw and not result.ok
    assert result.findings[0].problem == problem


def test_implausible_serial_is_kept_with_warning() -> None:
    result = n.normalize_date(2025, today=date(2026, 1, 1))
    assert result.value == 2025
    assert _severities(result) == {Severity.WARNING}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hired", "Placed"),
        ("Placed", "Placed"),
        ("DNC", "Do not contact"),
        ("do not call", "Do not contact"),
        ("in process", "Interviewing"),
        ("interview", "Interviewing"),
        ("not now", "Not now"),
        ("NOT NOW", "Not now"),
        ("later", "Not now"),
        ("Offer", "Offer"),
        ("offer extended", "Offer"),
        ("reached out", "Contacted"),
        ("sourced", "New"),
        ("declined", "Not interested"),
        ("  interested ", "Interested"),
    ],
)
def test_status_synonyms(raw: str, expected: str) -> None:
    assert n.normalize_status(raw).value == expected


def test_status_unknown_and_typo() -> None:
    assert n.normalize_status("maybe later").findings[0].problem == "unknown status"
    assert n.normalize_status("Intrested").findings[0].suggestion == "Interested"


# --- properties: total and idempotent on anything a cell can hold --------------------------

cell_values = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["linkedin.com/in/", "x@gmial.com", "+1 512 555 0199 x2", "14 Mar 2025", "MCDONALD", "LI"]),
)
url_like = st.builds(
    lambda pre, body: pre + body, st.sampled_from(["", "https://", "uk.linkedin.com/in/", "linkedin.com/"]), st.text(max_size=30)
)
NORMALISERS = [
    n.normalize_linkedin,
    n.normalize_email,
    n.normalize_phone,
    n.normalize_contact_method,
    n.normalize_name,
    n.normalize_date,
    n.normalize_status,
]


@pytest.mark.parametrize("normalise", NORMALISERS, ids=lambda f: f.__name__)
@settings(max_examples=150, deadline=None)
@given(value=st.one_of(cell_values, url_like))
def test_normalisers_are_total_and_idempotent(normalise, value) -> None:
    once = normalise(value).value
    assert normalise(once).value == once


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(cell_values, url_like))
def test_keys_never_raise_and_agree_with_normalisers(value) -> None:
    name = n.name_key(value)
    assert re.fullmatch(r"(?:[a-z]+(?: [a-z]+)*)?", name) and n.name_key(name) == name
    key = n.linkedin_key(value)
    if key is not None:  # the canonical link is what the normaliser writes, or suggests
        result = n.normalize_linkedin(value)
        assert n.LINKEDIN_BASE + key in (result.value, *(f.suggestion for f in result.findings))
    email = n.email_key(value)
    assert email is None or n.normalize_email(value).value == email
    phone = n.phone_key(value)
    if phone is not None:  # the E.164 form is what the normaliser writes, or suggests
        result = n.normalize_phone(value)
        assert any(phone in str(t) for t in (result.value, *(f.suggestion for f in result.findings)))


@pytest.mark.parametrize("normalise", NORMALISERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("blank", [None, "", "   ", float("nan")])
def test_blank_cells_normalise_to_none_without_findings(normalise, blank) -> None:
    assert normalise(blank) == Normalized(None)


@pytest.mark.parametrize(
    ("raw", "style", "expected"),
    [
        ("512.555.0199", "international", "+1 512-555-0199"),
        ("512.555.0199 x204", "national", "(512) 555-0199 x204"),
        ("+44 20 7946 0018", "national", "+44 20 7946 0018"),
        ("+1 512-555-0199", "e164", "+15125550199"),
    ],
)
def test_phone_display_styles(raw: str, style: str, expected: str) -> None:
    result = n.normalize_phone(raw, style=style)
    assert result.value == expected
    assert n.normalize_phone(result.value, style=style).value == expected
