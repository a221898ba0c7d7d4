"""A second, independent labelled set for duplicate detection, written from a published
corruption model rather than from our own idea of a messy sheet.

The model is GeCo's (P. Christen and D. Vatsalan, "Flexible and extensible generation and
corruption of personal data", CIKM 2013; K.-N. Tran, D. Vatsalan and P. Christen, "GeCo: an
online personal data generator and corruptor", CIKM 2013) and the FEBRL data set generator's
before it (P. Christen, "Probabilistic data generation for deduplication and data linkage",
IDEAL 2005):

1. **Originals** are generated attribute by attribute from frequency tables (names drawn with
   Zipf-like frequencies, so common names recur) and from functions (phone numbers by each
   country's numbering plan, emails from the name). People come from several countries (US,
   UK, Germany, India, Australia, Canada) with that country's names, places, number plan and
   mail providers; the values come from Faker's locales and lists written here, never from
   ``talentsheet.sample``.
2. **Duplicates**: a share of the originals get between 1 and ``max_dups`` (10) duplicates,
   the count drawn from a Zipf distribution (GeCo's ``num_dup_dist="zipf"``; ``"poisson"``
   also available). Each duplicate is a copy of the original with ``1..max_mods_per_record``
   modifications, each on an attribute chosen with the attribute's selection probability
   (GeCo's ``attr_mod_prob_dict``), at most ``max_mods_per_attr`` per attribute.
3. **Corruptors** per attribute, each chosen with its probability (GeCo's
   ``attr_mod_data_dict``): ``edit`` (insert / delete / substitute / transpose, position
   normally distributed around the middle of the word as GeCo's ``position_mod_normal``,
   substitutions preferring keyboard neighbours), ``keyboard`` (a neighbouring key on a QWERTY
   row or column), ``ocr`` (GeCo's OCR look-up pairs: m~rn, 5~S, 1~l...), ``phonetic`` (GeCo's
   phonetic rules: ph~f, ck~k, ee~ea...), ``categorical`` (a look-up table of variants: nicknames
   for given names), ``missing`` (GeCo's ``CorruptMissingValue``), and FEBRL's record-level
   ``swap`` (given name and surname exchanged) and new value (a moved person, a new job).
4. **Formats** that differ between records of one person without any error (every record
   draws its own): a phone in national or international form with the country's groupings,
   an email in another case, a LinkedIn URL with tracking junk, a location as "Suburb",
   "Suburb, STATE" or "Suburb, State, Country", and the LinkedIn name decorations people put
   in a "Name" cell (emoji, credentials, pronouns, "Hiring!", "| Open to work").
5. A value derived from another (the email from the name) is derived again from the
   corrupted name with probability ``rederive_prob``: a typo typed once into a form often
   lands in both fields ("Kyle Minarfs", "kyle.minarfs18@hotmail.com").

Hard negatives are planted as in FEBRL's "families": namesakes with a common name in one city,
relatives sharing a surname, a city and a home phone, and people whose first names are one a
prefix of the other at one company (Chris Lee / Christina Lee, Sam / Samantha Patel).

    from geco_gen import make_geco_set
    gs = make_geco_set(5_000, seed=1)        # gs.df, gs.person, gs.true_pairs()
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

# --- attribute tables ------------------------------------------------------------------------

# country -> (Faker locale, share of the sheet, calling code, number formats, mail providers)
COUNTRIES: dict[str, dict] = {
    "AU": {
        "locale": "en_AU",
        "share": 0.30,
        "code": "61",
        "mail": ["gmail.com", "hotmail.com", "bigpond.com", "outlook.com", "yahoo.com.au", "optusnet.com.au"],
    },
    "GB": {
        "locale": "en_GB",
        "share": 0.18,
        "code": "44",
        "mail": ["gmail.com", "btinternet.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "sky.com"],
    },
    "US": {
        "locale": "en_US",
        "share": 0.20,
        "code": "1",
        "mail": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "hotmail.com"],
    },
    "DE": {
        "locale": "de_DE",
        "share": 0.12,
        "code": "49",
        "mail": ["gmail.com", "web.de", "gmx.de", "t-online.de", "outlook.de"],
    },
    "IN": {
        "locale": "en_IN",
        "share": 0.12,
        "code": "91",
        "mail": ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com", "hotmail.com"],
    },
    "CA": {
        "locale": "en_CA",
        "share": 0.08,
        "code": "1",
        "mail": ["gmail.com", "yahoo.ca", "outlook.com", "rogers.com", "shaw.ca"],
    },
}
# real places (suburb or city, state/region, country name); many suburbs are in no gazetteer
PLACES: dict[str, list[tuple[str, str, str]]] = {
    "AU": [
        ("Downer", "ACT", "Australia"),
        ("Kirrawee", "NSW", "Australia"),
        ("Parramatta", "NSW", "Australia"),
        ("Sydney", "NSW", "Australia"),
        ("Melbourne", "VIC", "Australia"),
        ("Brunswick", "VIC", "Australia"),
        ("Fitzroy", "VIC", "Australia"),
        ("Brisbane", "QLD", "Australia"),
        ("Toowong", "QLD", "Australia"),
        ("Perth", "WA", "Australia"),
        ("Fremantle", "WA", "Australia"),
        ("Adelaide", "SA", "Australia"),
        ("Glenelg", "SA", "Australia"),
        ("Hobart", "TAS", "Australia"),
        ("Canberra", "ACT", "Australia"),
        ("Belconnen", "ACT", "Australia"),
        ("Chatswood", "NSW", "Australia"),
        ("Bondi", "NSW", "Australia"),
        ("Newcastle", "NSW", "Australia"),
        ("Geelong", "VIC", "Australia"),
        ("Southport", "QLD", "Australia"),
        ("Darwin", "NT", "Australia"),
        ("Wollongong", "NSW", "Australia"),
        ("Ringwood", "VIC", "Australia"),
    ],
    "GB": [
        ("London", "England", "United Kingdom"),
        ("Manchester", "England", "United Kingdom"),
        ("Leeds", "England", "United Kingdom"),
        ("Bristol", "England", "United Kingdom"),
        ("Birmingham", "England", "United Kingdom"),
        ("Edinburgh", "Scotland", "United Kingdom"),
        ("Glasgow", "Scotland", "United Kingdom"),
        ("Cardiff", "Wales", "United Kingdom"),
        ("Cambridge", "England", "United Kingdom"),
        ("Reading", "England", "United Kingdom"),
        ("Brighton", "England", "United Kingdom"),
        ("Sheffield", "England", "United Kingdom"),
        ("Shoreditch", "England", "United Kingdom"),
        ("Croydon", "England", "United Kingdom"),
        ("Belfast", "Northern Ireland", "United Kingdom"),
    ],
    "US": [
        ("Austin", "TX", "United States"),
        ("Seattle", "WA", "United States"),
        ("Denver", "CO", "United States"),
        ("Boston", "MA", "United States"),
        ("Chicago", "IL", "United States"),
        ("Atlanta", "GA", "United States"),
        ("Portland", "OR", "United States"),
        ("Raleigh", "NC", "United States"),
        ("Brooklyn", "NY", "United States"),
        ("Oakland", "CA", "United States"),
        ("Columbus", "OH", "United States"),
        ("Madison", "WI", "United States"),
        ("Round Rock", "TX", "United States"),
        ("Bellevue", "WA", "United States"),
        ("Somerville", "MA", "United States"),
    ],
    "DE": [
        ("Berlin", "Berlin", "Germany"),
        ("München", "Bayern", "Germany"),
        ("Hamburg", "Hamburg", "Germany"),
        ("Köln", "Nordrhein-Westfalen", "Germany"),
        ("Frankfurt am Main", "Hessen", "Germany"),
        ("Stuttgart", "Baden-Württemberg", "Germany"),
        ("Düsseldorf", "Nordrhein-Westfalen", "Germany"),
        ("Leipzig", "Sachsen", "Germany"),
        ("Dresden", "Sachsen", "Germany"),
        ("Nürnberg", "Bayern", "Germany"),
        ("Freiburg", "Baden-Württemberg", "Germany"),
        ("Potsdam", "Brandenburg", "Germany"),
    ],
    "IN": [
        ("Bengaluru", "Karnataka", "India"),
        ("Mumbai", "Maharashtra", "India"),
        ("Pune", "Maharashtra", "India"),
        ("Hyderabad", "Telangana", "India"),
        ("Chennai", "Tamil Nadu", "India"),
        ("New Delhi", "Delhi", "India"),
        ("Gurugram", "Haryana", "India"),
        ("Noida", "Uttar Pradesh", "India"),
        ("Kolkata", "West Bengal", "India"),
        ("Ahmedabad", "Gujarat", "India"),
        ("Kochi", "Kerala", "India"),
        ("Jaipur", "Rajasthan", "India"),
    ],
    "CA": [
        ("Toronto", "ON", "Canada"),
        ("Vancouver", "BC", "Canada"),
        ("Montreal", "QC", "Canada"),
        ("Ottawa", "ON", "Canada"),
        ("Calgary", "AB", "Canada"),
        ("Waterloo", "ON", "Canada"),
        ("Halifax", "NS", "Canada"),
        ("Victoria", "BC", "Canada"),
    ],
}
TITLES = [
    "Data Engineer",
    "Senior Data Engineer",
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Engineer",
    "Engineering Manager",
    "Product Manager",
    "Data Scientist",
    "Machine Learning Engineer",
    "DevOps Engineer",
    "Site Reliability Engineer",
    "QA Engineer",
    "Frontend Developer",
    "Backend Developer",
    "Solutions Architect",
    "Business Analyst",
    "Recruiter",
    "UX Designer",
    "Head of Data",
    "CTO",
    "Analytics Engineer",
    "Platform Engineer",
]
COMPANY_SUFFIX = {
    "AU": ["Pty Ltd", "Ltd", ""],
    "GB": ["Ltd", "plc", ""],
    "US": ["Inc", "Inc.", "LLC", ""],
    "DE": ["GmbH", "AG", ""],
    "IN": ["Pvt Ltd", "Ltd", ""],
    "CA": ["Inc", "Ltd", ""],
}
# GeCo's categorical look-up for given names: nickname and short forms (written here, not from a package)
NICKNAMES: dict[str, list[str]] = {
    "William": ["Will", "Bill", "Liam"],
    "Robert": ["Rob", "Bob", "Bobby"],
    "Katherine": ["Kate", "Kathy", "Katie"],
    "Elizabeth": ["Liz", "Beth", "Lizzie"],
    "Michael": ["Mike", "Mick"],
    "Christopher": ["Chris"],
    "Jennifer": ["Jen", "Jenny"],
    "Matthew": ["Matt"],
    "Daniel": ["Dan", "Danny"],
    "Thomas": ["Tom", "Tommy"],
    "Samantha": ["Sam"],
    "Samuel": ["Sam", "Sammy"],
    "Alexander": ["Alex", "Xander"],
    "Alexandra": ["Alex", "Lexi"],
    "Benjamin": ["Ben"],
    "Nicholas": ["Nick"],
    "Joseph": ["Joe"],
    "Jessica": ["Jess"],
    "Rebecca": ["Becky", "Bec"],
    "Margaret": ["Maggie", "Meg", "Peggy"],
    "Anthony": ["Tony"],
    "James": ["Jim", "Jamie"],
    "Joshua": ["Josh"],
    "Andrew": ["Andy", "Drew"],
    "Stephen": ["Steve"],
    "Steven": ["Steve"],
    "Jonathan": ["Jon"],
    "Patrick": ["Pat"],
    "Victoria": ["Vicky", "Tori"],
    "Timothy": ["Tim"],
    "Gregory": ["Greg"],
    "Edward": ["Ed", "Ted"],
    "Charlotte": ["Charlie", "Lottie"],
    "Frederick": ["Fred"],
    "Zachary": ["Zach"],
    "Abigail": ["Abby"],
    "Kimberly": ["Kim"],
    "Deborah": ["Deb", "Debbie"],
    "Susan": ["Sue"],
    "Richard": ["Rich", "Dick"],
    "Lawrence": ["Larry"],
    "Catherine": ["Cathy", "Kate"],
    "Brianna": ["Bree"],
    "Johannes": ["Hannes"],
    "Wolfgang": ["Wolf"],
    "Alexandr": ["Sasha"],
    "Christian": ["Chris"],
    "Christina": ["Tina", "Chrissy"],
    "Venkatesh": ["Venky"],
    "Subramanian": ["Subbu"],
    "Rajesh": ["Raj"],
    "Priyanka": ["Priya"],
    "Siddharth": ["Sid"],
}
DECORATIONS = [
    "🚀",
    "✨",
    ", PhD",
    ", MBA",
    ", CPA",
    " (he/him)",
    " (she/her)",
    " (they/them)",
    " - Hiring!",
    " | Open to work",
    " 🌏",
    ", CFA",
    " | Hiring",
]
# GeCo's OCR look-up (ocr-variations.csv) and phonetic rules (phonetic-variations.csv), abridged
OCR_PAIRS = [
    ("m", "rn"),
    ("rn", "m"),
    ("5", "S"),
    ("S", "5"),
    ("1", "l"),
    ("l", "1"),
    ("0", "o"),
    ("o", "0"),
    ("8", "B"),
    ("cl", "d"),
    ("d", "cl"),
    ("vv", "w"),
    ("w", "vv"),
    ("h", "b"),
    ("u", "v"),
    ("e", "c"),
    ("g", "q"),
    ("i", "l"),
    ("2", "z"),
]
PHONETIC_RULES = [
    ("ph", "f"),
    ("f", "ph"),
    ("ck", "k"),
    ("k", "ck"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("ie", "y"),
    ("y", "ie"),
    ("ou", "ow"),
    ("mac", "mc"),
    ("mc", "mac"),
    ("tch", "ch"),
    ("z", "s"),
    ("s", "z"),
    ("ll", "l"),
    ("tt", "t"),
    ("nn", "n"),
    ("ey", "y"),
    ("sen", "son"),
    ("son", "sen"),
    ("c", "k"),
    ("kh", "k"),
    ("v", "w"),
    ("th", "t"),
    ("ai", "ay"),
]
KEYBOARD_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NUMPAD = ["789", "456", "123", "0"]


def _neighbours(rows: list[str]) -> dict[str, str]:
    """Keys next to each key on the same row or in the same column (GeCo's row/col prob)."""
    out: dict[str, str] = {}
    for r, row in enumerate(rows):
        for c, ch in enumerate(row):
            near = [row[c - 1]] if c > 0 else []
            near += [row[c + 1]] if c + 1 < len(row) else []
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(rows) and c < len(rows[rr]):
                    near.append(rows[rr][c])
            out[ch] = "".join(near)
    return out


KEY_NEAR = _neighbours(KEYBOARD_ROWS) | _neighbours(NUMPAD)


# --- the labelled set ---------------------------------------------------------------------------


@dataclass
class GecoSet:
    """Rows with the canonical columns and, per row, the person it describes."""

    df: pd.DataFrame
    person: np.ndarray
    kind: list[str]  # "original", "dup:<corruptions>", or the hard-negative family it belongs to
    config: dict = field(default_factory=dict)

    def true_pairs(self) -> set[tuple[int, int]]:
        groups: dict[int, list[int]] = {}
        for i, p in enumerate(self.person.tolist()):
            groups.setdefault(p, []).append(i)
        return {pair for rows in groups.values() if len(rows) > 1 for pair in combinations(rows, 2)}


class _Tables:
    """Faker's per-country name and company lists, in a fixed order (the generator's frequency files)."""

    def __init__(self) -> None:
        from faker import Faker

        self.first: dict[str, list[str]] = {}
        self.last: dict[str, list[str]] = {}
        self.company: dict[str, list[str]] = {}
        for cc, info in COUNTRIES.items():
            fake = Faker(info["locale"])
            fake.seed_instance(20130000 + len(cc))
            self.first[cc] = sorted({fake.first_name() for _ in range(3000)})
            self.last[cc] = sorted({fake.last_name() for _ in range(3000)})
            self.company[cc] = sorted({_bare_company(fake.company()) for _ in range(300)})
        order = random.Random(2013)
        for cc in self.first:  # the nickname table's full names exist in the English-speaking countries
            if cc in ("AU", "GB", "US", "CA"):
                self.first[cc] = sorted(set(self.first[cc]) | set(NICKNAMES))
            for table in (self.first[cc], self.last[cc]):
                order.shuffle(table)  # frequency rank independent of the alphabet


_LEGAL_FORMS = (
    " Pty Ltd",
    " Ltd",
    " PLC",
    " plc",
    " GmbH",
    " AG",
    " Inc",
    " LLC",
    " Group",
    " and Sons",
    " & Co",
    " KG",
    " Limited",
    " Pvt",
)


def _bare_company(name: str) -> str:
    """The company's own name without a legal form (each record adds its own, or none)."""
    name = name.split(",")[0].strip()
    for form in _LEGAL_FORMS:
        name = name.split(form)[0]
    return name.strip()


def _zipf_index(rng: random.Random, n: int, s: float = 1.0) -> int:
    """Rank drawn with P(rank k) ~ 1/k^s (names are Zipf-distributed, GeCo's frequency files)."""
    weights = _zipf_weights(n, s)
    return min(int(np.searchsorted(weights, rng.random())), n - 1)


_ZIPF_CACHE: dict[tuple[int, float], np.ndarray] = {}


def _zipf_weights(n: int, s: float) -> np.ndarray:
    key = (n, s)
    if key not in _ZIPF_CACHE:
        w = 1.0 / np.arange(1, n + 1) ** s
        _ZIPF_CACHE[key] = np.cumsum(w) / w.sum()
    return _ZIPF_CACHE[key]


def _ascii_slug(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in text if ch.isalnum())


# --- phone numbers by each country's numbering plan ---------------------------------------------


def _phone_digits(rng: random.Random, cc: str, landline: bool = False) -> str:
    """National significant number (no trunk prefix) following the country's plan."""
    r = lambda k: "".join(str(rng.randint(0, 9)) for _ in range(k))  # noqa: E731
    if cc == "AU":
        return f"{rng.choice('2378')}{rng.randint(2, 9)}{r(7)}" if landline else f"4{rng.randint(0, 9)}{rng.randint(0, 9)}{r(6)}"
    if cc == "GB":
        return f"20{rng.choice('378')}{r(7)}" if landline else f"7{rng.choice('45789')}{r(8)}"
    if cc == "DE":
        return (
            f"30{r(rng.choice([7, 8]))}"
            if landline
            else f"1{rng.choice(['51', '52', '57', '60', '62', '70', '71', '72', '73', '76'])}{r(7 if rng.random() < 0.5 else 8)}"
        )
    if cc == "IN":
        return f"{rng.choice('6789')}{r(9)}"
    area = rng.choice(
        ["212", "312", "415", "512", "206", "303", "617", "404", "919", "503", "737", "720"]
        if cc == "US"
        else ["416", "604", "514", "613", "403", "519", "902", "647"]
    )
    return f"{area}{rng.randint(2, 9)}{r(2)}{r(4)}"


def _phone_text(nsn: str, cc: str, rng: random.Random, international: bool) -> str:
    """The number as a person writes it, national or international, with local groupings."""
    if cc in ("US", "CA"):
        a, b, c = nsn[:3], nsn[3:6], nsn[6:]
        return (
            rng.choice([f"+1 {a} {b} {c}", f"+1-{a}-{b}-{c}", f"+1 ({a}) {b}-{c}"])
            if international
            else rng.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"1-{a}-{b}-{c}"])
        )
    if cc == "AU":
        if nsn.startswith("4"):
            nat = rng.choice(
                [
                    f"0{nsn[:3]} {nsn[3:6]} {nsn[6:]}",
                    f"0{nsn}",
                    f"(0{nsn[0]}) {nsn[1:5]} {nsn[5:]}",
                    f"0{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}",
                ]
            )
            intl = rng.choice([f"+61 {nsn[:3]} {nsn[3:6]} {nsn[6:]}", f"+61{nsn}", f"+61 (0){nsn[:3]} {nsn[3:6]} {nsn[6:]}"])
        else:
            nat = rng.choice([f"(0{nsn[0]}) {nsn[1:5]} {nsn[5:]}", f"0{nsn[0]} {nsn[1:5]} {nsn[5:]}"])
            intl = f"+61 {nsn[0]} {nsn[1:5]} {nsn[5:]}"
        return intl if international else nat
    if cc == "GB":
        if nsn.startswith("20"):
            return (
                f"+44 20 {nsn[2:6]} {nsn[6:]}"
                if international
                else rng.choice([f"020 {nsn[2:6]} {nsn[6:]}", f"(020) {nsn[2:6]} {nsn[6:]}"])
            )
        return (
            rng.choice([f"+44 {nsn[:4]} {nsn[4:]}", f"+44 (0){nsn[:4]} {nsn[4:]}"])
            if international
            else rng.choice([f"0{nsn[:4]} {nsn[4:]}", f"0{nsn}"])
        )
    if cc == "DE":
        cut = 2 if nsn.startswith("30") else 3
        return (
            rng.choice([f"+49 {nsn[:cut]} {nsn[cut:]}", f"+49 (0){nsn[:cut]} {nsn[cut:]}", f"0049 {nsn[:cut]} {nsn[cut:]}"])
            if international
            else rng.choice([f"0{nsn[:cut]} {nsn[cut:]}", f"0{nsn[:cut]}/{nsn[cut:]}", f"0{nsn[:cut]}-{nsn[cut:]}"])
        )
    # IN
    return (
        rng.choice([f"+91 {nsn[:5]} {nsn[5:]}", f"+91-{nsn}", f"+91{nsn}"])
        if international
        else rng.choice([f"0{nsn[:5]} {nsn[5:]}", f"{nsn[:5]} {nsn[5:]}", f"0{nsn}"])
    )


# --- originals -------------------------------------------------------------------------------------


def _email(first: str, last: str, number: int, style: int, domain: str) -> str:
    f, ln = _ascii_slug(first), _ascii_slug(last)
    local = [f"{f}.{ln}", f"{f}{ln}{number}", f"{f[:1]}{ln}", f"{f}_{ln}", f"{f}.{ln}{number}", f"{ln}.{f}", f"{f}{ln}"][style]
    return f"{local}@{domain}"


def _original(rng: random.Random, pid: int, cc: str, tables: _Tables, taken: set[str]) -> dict:
    first = tables.first[cc][_zipf_index(rng, len(tables.first[cc]), 0.9)]
    last = tables.last[cc][_zipf_index(rng, len(tables.last[cc]), 0.9)]
    place = PLACES[cc][_zipf_index(rng, len(PLACES[cc]), 0.6)]
    company = tables.company[cc][rng.randrange(len(tables.company[cc]))]
    return _fill_contacts(rng, pid, cc, first, last, place, company, taken)


def _fill_contacts(rng, pid, cc, first, last, place, company, taken) -> dict:
    style, number = rng.randrange(7), rng.randint(1, 99)
    domain = rng.choice(COUNTRIES[cc]["mail"])
    email = _email(first, last, number, style, domain)
    while email in taken:  # one address per person, as in life
        number = rng.randint(100, 9999)
        style = rng.choice([1, 4])
        email = _email(first, last, number, style, domain)
    taken.add(email)
    slug = f"{_ascii_slug(first)}-{_ascii_slug(last)}-{pid:06x}"
    return {
        "first_name": first,
        "last_name": last,
        "email": email if rng.random() < 0.8 else "",
        "phone": _phone_digits(rng, cc) if rng.random() < 0.7 else "",
        "linkedin": f"https://www.linkedin.com/in/{slug}" if rng.random() < 0.55 else "",
        "place": place,
        "company": company,
        "current_title": rng.choice(TITLES),
        "_cc": cc,
        "_email_parts": (number, style, domain),
        "_suffix": rng.choice(COMPANY_SUFFIX[cc]),
    }


# --- corruptors (GeCo) --------------------------------------------------------------------------------


def _position(rng: random.Random, n: int) -> int:
    """GeCo's position_mod_normal: errors cluster in the middle of a value, rarely at its start."""
    pos = round(rng.gauss(n / 2, n / 4))
    return min(max(pos, 0), n - 1)


def corrupt_edit(value: str, rng: random.Random) -> str:
    """Insert / delete / substitute / transpose one character (GeCo's CorruptValueEdit)."""
    if len(value) < 2:
        return value
    i = _position(rng, len(value))
    op = rng.choices(["ins", "del", "sub", "trans"], [0.2, 0.25, 0.35, 0.2])[0]
    ch = value[i]
    near = KEY_NEAR.get(ch.lower(), "") or "aeiou"
    new = (
        rng.choice(near) if rng.random() < 0.7 else rng.choice("abcdefghijklmnopqrstuvwxyz" if not ch.isdigit() else "0123456789")
    )
    if ch.isdigit():
        new = rng.choice(KEY_NEAR.get(ch, "0123456789"))
    new = new.upper() if ch.isupper() else new
    if op == "ins":
        return value[:i] + new + value[i:]
    if op == "del":
        return value[:i] + value[i + 1 :]
    if op == "sub":
        return value[:i] + new + value[i + 1 :]
    j = min(i + 1, len(value) - 1) if i + 1 < len(value) else i - 1
    a, b = sorted((i, j))
    return value[:a] + value[b] + value[a] + value[b + 1 :]


def corrupt_keyboard(value: str, rng: random.Random) -> str:
    """A neighbouring key hit instead (GeCo's CorruptValueKeyboard, row and column neighbours)."""
    spots = [k for k, ch in enumerate(value) if ch.lower() in KEY_NEAR]
    if not spots:
        return value
    i = spots[_position(rng, len(spots))]
    new = rng.choice(KEY_NEAR[value[i].lower()])
    return value[:i] + (new.upper() if value[i].isupper() else new) + value[i + 1 :]


def corrupt_ocr(value: str, rng: random.Random) -> str:
    hits = [(a, b) for a, b in OCR_PAIRS if a in value[1:]]
    if not hits:
        return corrupt_edit(value, rng)
    a, b = rng.choice(hits)
    at = value.find(a, 1)
    return value[:at] + b + value[at + len(a) :]


def corrupt_phonetic(value: str, rng: random.Random) -> str:
    low = value.lower()
    hits = [(a, b) for a, b in PHONETIC_RULES if a in low]
    if not hits:
        return corrupt_edit(value, rng)
    a, b = rng.choice(hits)
    at = low.find(a)
    out = value[:at] + b + value[at + len(a) :]
    return out[0].upper() + out[1:] if value[:1].isupper() else out


def corrupt_nickname(value: str, rng: random.Random) -> str:
    """GeCo's CorruptCategoricalValue with a given-name variants look-up."""
    forms = NICKNAMES.get(value)
    if forms:
        return rng.choice(forms)
    back = [full for full, nicks in NICKNAMES.items() if value in nicks]
    return rng.choice(back) if back else corrupt_phonetic(value, rng)


STRING_CORRUPTORS = [(0.45, corrupt_edit), (0.2, corrupt_keyboard), (0.15, corrupt_ocr), (0.2, corrupt_phonetic)]
# attribute -> its selection probability and its corruptors (GeCo's attr_mod_prob_dict / attr_mod_data_dict)
ATTRIBUTES: dict[str, tuple[float, list[tuple[float, str]]]] = {
    "first_name": (0.22, [(0.6, "string"), (0.3, "nickname"), (0.1, "missing")]),
    "last_name": (0.22, [(0.85, "string"), (0.05, "missing"), (0.1, "married")]),
    "email": (0.12, [(0.35, "string"), (0.45, "missing"), (0.2, "new")]),
    "phone": (0.14, [(0.5, "digit"), (0.4, "missing"), (0.1, "new")]),
    "place": (0.14, [(0.6, "string"), (0.3, "missing"), (0.1, "new")]),
    "company": (0.09, [(0.3, "string"), (0.35, "missing"), (0.35, "new")]),
    "current_title": (0.05, [(0.4, "missing"), (0.6, "new")]),
    "linkedin": (0.02, [(1.0, "missing")]),
}


def _string_corrupt(value: str, rng: random.Random) -> str:
    fn = rng.choices([f for _, f in STRING_CORRUPTORS], [p for p, _ in STRING_CORRUPTORS])[0]
    return fn(value, rng)


def _corrupt_attr(rec: dict, attr: str, kind: str, rng: random.Random, tables: _Tables) -> None:
    cc = rec["_cc"]
    value = rec[attr]
    if kind == "missing":
        rec[attr] = "" if attr != "place" else None
    elif kind == "nickname":
        rec[attr] = corrupt_nickname(value, rng) if value else value
    elif kind == "married" and value:
        other = tables.last[cc][rng.randrange(len(tables.last[cc]))]
        rec[attr] = rng.choice([f"{value}-{other}", other])
    elif kind == "string" and attr == "email" and value:
        local, _, domain = value.partition("@")
        rec[attr] = _string_corrupt(local, rng) + "@" + domain
    elif kind == "string" and attr == "place" and rec["place"]:
        suburb, state, country = rec["place"]
        rec["place"] = (_string_corrupt(suburb, rng), state, country)
    elif kind == "string" and value:
        rec[attr] = _string_corrupt(value, rng)
    elif kind == "digit" and value:
        rec[attr] = corrupt_edit(value, rng) if rng.random() < 0.5 else _transpose_digits(value, rng)
    elif kind == "new":
        if attr == "email" and rec["first_name"]:
            rec[attr] = _email(
                rec["first_name"], rec["last_name"] or "x", rng.randint(1, 9999), 1, rng.choice(COUNTRIES[cc]["mail"])
            )
        elif attr == "phone":
            rec[attr] = _phone_digits(rng, cc)
        elif attr == "place":
            rec[attr] = rng.choice(PLACES[cc])
        elif attr == "company":
            rec[attr] = tables.company[cc][rng.randrange(len(tables.company[cc]))]
        elif attr == "current_title":
            rec[attr] = rng.choice(TITLES)


def _transpose_digits(value: str, rng: random.Random) -> str:
    if len(value) < 3:
        return value
    i = rng.randrange(1, len(value) - 1)
    return value[:i] + value[i + 1] + value[i] + value[i + 2 :]


def _duplicate(orig: dict, rng: random.Random, tables: _Tables, cfg: dict) -> tuple[dict, list[str]]:
    """GeCo's CorruptDataSet for one duplicate: 1..max_mods_per_record modifications."""
    rec = dict(orig)
    done: list[str] = []
    per_attr: dict[str, int] = {}
    n_mods = rng.randint(1, cfg["max_mods_per_record"])
    names, probs = list(ATTRIBUTES), [ATTRIBUTES[a][0] for a in ATTRIBUTES]
    for _ in range(n_mods):
        attr = rng.choices(names, probs)[0]
        if per_attr.get(attr, 0) >= cfg["max_mods_per_attr"]:
            continue
        kinds = ATTRIBUTES[attr][1]
        kind = rng.choices([k for _, k in kinds], [p for p, _ in kinds])[0]
        before = rec[attr]
        _corrupt_attr(rec, attr, kind, rng, tables)
        per_attr[attr] = per_attr.get(attr, 0) + 1
        done.append(f"{attr}:{kind}")
        if (
            attr in ("first_name", "last_name")
            and kind == "string"
            and rec["email"]
            and rng.random() < cfg["rederive_prob"]
            and before
        ):
            number, style, domain = rec["_email_parts"]
            if rec["email"] == _email(orig["first_name"], orig["last_name"], number, style, domain):
                rec["email"] = _email(rec["first_name"] or "x", rec["last_name"] or "x", number, style, domain)
                done.append("email:rederived")
    if rng.random() < cfg["swap_prob"]:  # FEBRL's field swap: given name and surname exchanged
        rec["first_name"], rec["last_name"] = rec["last_name"], rec["first_name"]
        done.append("swap")
    return rec, done


# --- hard negatives ------------------------------------------------------------------------------------


def _namesakes(rng, pid, cc, tables, taken) -> list[dict]:
    first, last = tables.first[cc][_zipf_index(rng, 20, 1.0)], tables.last[cc][_zipf_index(rng, 20, 1.0)]
    place = PLACES[cc][rng.randrange(len(PLACES[cc]))]
    return [
        _fill_contacts(rng, pid + k, cc, first, last, place, tables.company[cc][rng.randrange(len(tables.company[cc]))], taken)
        for k in range(rng.choice([2, 2, 3]))
    ]


def _relatives(rng, pid, cc, tables, taken) -> list[dict]:
    last = tables.last[cc][_zipf_index(rng, len(tables.last[cc]), 0.9)]
    place = PLACES[cc][rng.randrange(len(PLACES[cc]))]
    home = _phone_digits(rng, cc, landline=True)
    firsts = rng.sample(tables.first[cc][:400], 2)
    people = []
    for k, first in enumerate(firsts):
        p = _fill_contacts(
            rng, pid + k, cc, first, last, place, tables.company[cc][rng.randrange(len(tables.company[cc]))], taken
        )
        if rng.random() < 0.6:
            p["phone"] = home
        people.append(p)
    return people


def _prefix_names(rng, pid, cc, tables, taken) -> list[dict]:
    """Chris Lee / Christina Lee, Sam / Samantha Patel: one first name starts the other, one company."""
    short, long_ = rng.choice(
        [
            ("Chris", "Christina"),
            ("Sam", "Samantha"),
            ("Alex", "Alexandra"),
            ("Dan", "Daniela"),
            ("Jo", "Joanna"),
            ("Max", "Maxine"),
            ("Fran", "Francesca"),
            ("Nat", "Natalie"),
        ]
    )
    last = tables.last[cc][_zipf_index(rng, 30, 1.0)]
    place = PLACES[cc][rng.randrange(len(PLACES[cc]))]
    company = tables.company[cc][rng.randrange(len(tables.company[cc]))]
    return [_fill_contacts(rng, pid + k, cc, first, last, place, company, taken) for k, first in enumerate((short, long_))]


# --- formats each record draws on its own ------------------------------------------------------------


def _render(rec: dict, rng: random.Random, cfg: dict, home: str) -> dict:
    """The record as cells: phone form, location form, email case, URL variant, name cell."""
    cc = rec["_cc"]
    out = {k: v for k, v in rec.items() if not k.startswith("_") and k != "place"}
    if rec["phone"]:
        international = cc != home or rng.random() < 0.35
        out["phone"] = _phone_text(rec["phone"], cc, rng, international)
        if rng.random() < 0.05:
            out["phone"] += rng.choice([" (Mobile)", " (m)", " (w)"])
    place = rec["place"]
    if place:
        suburb, state, country = place
        out["location"] = rng.choice(
            [suburb, f"{suburb}, {state}", f"{suburb} {state}", f"{suburb}, {state}, {country}", f"{suburb}, {country}"]
        )
    else:
        out["location"] = ""
    if out["email"] and rng.random() < 0.15:
        out["email"] = rng.choice([out["email"].upper(), out["email"].title(), " " + out["email"]])
    if out["linkedin"] and rng.random() < 0.4:
        url = out["linkedin"]
        out["linkedin"] = rng.choice(
            [url + "/", url + "?trk=public_profile", url.replace("https://www.", ""), url.replace("www.", "au.")]
        )
    if rec["company"]:
        suffix = rec["_suffix"] if rng.random() < 0.7 else rng.choice(COMPANY_SUFFIX[cc])
        out["company"] = f"{rec['company']} {suffix}".strip()
    first, last = out["first_name"] or "", out["last_name"] or ""
    if rng.random() < cfg["full_name_share"]:  # pasted from LinkedIn: one "Name" cell, sometimes decorated
        full = f"{first} {last}".strip()
        if full and rng.random() < cfg["decoration_prob"]:
            full += rng.choice(DECORATIONS)
        out["full_name"], out["first_name"], out["last_name"] = full, "", ""
    elif last and rng.random() < cfg["decoration_prob"] / 3:
        out["last_name"] = last + rng.choice([", PhD", ", MBA", " (he/him)", " (she/her)"])
    return out


def make_geco_set(
    n_rows: int,
    seed: int = 1,
    *,
    dup_share: float = 0.3,
    max_dups: int = 10,
    num_dup_dist: str = "zipf",
    max_mods_per_record: int = 4,
    max_mods_per_attr: int = 2,
    rederive_prob: float = 0.5,
    swap_prob: float = 0.04,
    negative_share: float = 0.06,
    full_name_share: float = 0.3,
    decoration_prob: float = 0.25,
    home: str | None = None,
) -> GecoSet:
    """About ``n_rows`` rows: originals, their 1..max_dups duplicates and hard negatives, shuffled."""
    cfg = {k: v for k, v in locals().items() if k not in ("n_rows", "seed")}
    rng = random.Random(seed)
    tables = _Tables()
    countries = list(COUNTRIES)
    shares = [COUNTRIES[c]["share"] for c in countries]
    home = home or countries[int(np.argmax(shares))]
    taken: set[str] = set()
    rows, person, kind = [], [], []
    pid = 0
    while len(rows) < n_rows:
        cc = rng.choices(countries, shares)[0]
        r = rng.random()
        if r < negative_share / 3:
            made = [(p, "namesake") for p in _namesakes(rng, pid, cc, tables, taken)]
        elif r < 2 * negative_share / 3:
            made = [(p, "relative") for p in _relatives(rng, pid, cc, tables, taken)]
        elif r < negative_share:
            made = [(p, "prefix_name") for p in _prefix_names(rng, pid, cc, tables, taken)]
        else:
            made = [(_original(rng, pid, cc, tables, taken), "original")]
        for rec, how in made:
            rows.append(_render(rec, rng, cfg, home))
            person.append(pid)
            kind.append(how)
            if how == "original" and rng.random() < dup_share:
                for _ in range(_dup_count(rng, max_dups, num_dup_dist)):
                    dup, done = _duplicate(rec, rng, tables, cfg)
                    rows.append(_render(dup, rng, cfg, home))
                    person.append(pid)
                    kind.append("dup:" + ",".join(done))
            pid += 1
    order = list(range(len(rows)))
    rng.shuffle(order)
    cols = ["first_name", "last_name", "full_name", "email", "phone", "linkedin", "location", "company", "current_title"]
    df = pd.DataFrame([rows[i] for i in order], dtype=object).reindex(columns=cols)
    df = df.where(df.notna() & (df != ""), None)
    return GecoSet(
        df.reset_index(drop=True), np.array([person[i] for i in order]), [kind[i] for i in order], cfg | {"home": home}
    )


def _dup_count(rng: random.Random, max_dups: int, dist: str) -> int:
    """Duplicates of one original: GeCo's num_dup_dist ('zipf', 'poisson' or 'uniform')."""
    if dist == "uniform":
        return rng.randint(1, max_dups)
    if dist == "poisson":
        k, p, u = 0, math.exp(-1.5), rng.random()
        s = p
        while u > s:
            k += 1
            p *= 1.5 / k
            s += p
        return min(max(k, 1), max_dups)
    return _zipf_index(rng, max_dups, 1.6) + 1


if __name__ == "__main__":
    gs = make_geco_set(3000, seed=1)
    import collections

    print(gs.df.head(25).to_string())
    sizes = collections.Counter(collections.Counter(gs.person.tolist()).values())
    print(f"{len(gs.df)} rows, {len(gs.true_pairs())} true pairs, group sizes {sorted(sizes.items())}")
