"""Prepare stage of duplicate detection: one comparable key per field and row, '' when missing.

* names: cleaned of LinkedIn decorations (``names.clean_name``), folded to ASCII lower case,
  "SMITH, ROBERT" split, read from a single "Name" cell when that is what the row has, and
  taken from the email's local part ("kyle.minards18@") when the row has no name at all;
* email: the normalised address (``normalize.email_key``; a cell with two addresses gives
  both), its user part without dots or "+tags" (a typo-tolerant level compares it) and domain;
* phone: the national significant number (``phones.national_key``), read in the row's own
  country when its location names one, else in the sheet's dominant country
  (``phones.sheet_region``), else in ``settings.region``; a second number in the cell is kept;
* LinkedIn: the profile key (``normalize.linkedin_key``);
* location: the place's key when ``places.parse_location`` knows it, else the folded first
  part ("Kirrawe, NSW" -> "kirrawe"), compared fuzzily;
* company without its legal form ("Acme Pty Ltd" -> "acme"); title folded.

Each key function runs once per distinct cell value: sheets repeat values a lot.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .. import phones
from ..normalize import email_key, linkedin_key, name_key
from ..places import fold, parse_location
from .names import row_name
from .settings import DedupeSettings

__all__ = ["KEYS", "columns", "prepare"]

KEYS = [
    "first",
    "last",
    "linkedin",
    "email",
    "email2",
    "email_user",
    "email_user2",
    "phone",
    "phone2",
    "phone_code",
    "location",
    "place",
    "company",
    "title",
]
_LEGAL_FORMS = re.compile(
    r"\b(?:pty|ltd|limited|llc|llp|inc|incorporated|corp|corporation|co|gmbh|ag|kg|plc|pvt|private|sa|sas|bv|nv|srl|spa|oy|ab|as|group|holdings)\b"
)
_EMAIL_SPLIT = re.compile(r"[,;/\s]+")
_DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df.columns else pd.Series([None] * len(df), index=df.index, dtype=object)


def _mapped(values: pd.Series | list, fn) -> np.ndarray:
    """Apply a key function once per distinct value."""
    arr = np.asarray(values, dtype=object) if not isinstance(values, pd.Series) else values.to_numpy(dtype=object)
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    table = np.array([fn(v) for v in uniques] + [fn(None)], dtype=object)
    return table[codes]


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


def _combined(*arrays: np.ndarray) -> tuple[np.ndarray, list[tuple]]:
    """Per row, a code for its combination of values, and the distinct combinations: a key
    that reads several cells runs once per distinct combination, never once per row."""
    codes, tables = [], []
    for arr in arrays:
        c, uniques = pd.factorize(np.asarray(arr, dtype=object))
        codes.append(c.astype(np.int64))
        tables.append(list(uniques))
    joint = codes[0]
    for c, table in zip(codes[1:], tables[1:], strict=True):
        joint = pd.factorize(joint * (len(table) + 1) + c)[0].astype(np.int64)
    first_row = np.zeros(int(joint.max(initial=-1)) + 1, dtype=np.int64)
    first_row[joint[::-1]] = np.arange(len(joint))[::-1]
    combos = [tuple(t[c[r]] for t, c in zip(tables, codes, strict=True)) for r in first_row.tolist()]
    return joint, combos


def _per_combination(fn, *arrays: np.ndarray, width: int = 1) -> tuple[np.ndarray, ...]:
    """``fn(*values)`` once per distinct combination of the arrays' values; its ``width``
    results as that many arrays by row."""
    joint, combos = _combined(*arrays)
    results = [fn(*combo) for combo in combos]  # text keys: a 1-d array per result
    if width == 1:
        return (np.array(results, dtype=object)[joint],)
    return tuple(np.array([r[k] for r in results], dtype=object)[joint] for k in range(width))


def _texts(values: pd.Series) -> np.ndarray:
    """The cells as single-spaced text, '' for blank (once per distinct cell)."""
    return _mapped(values, _text)


@lru_cache(maxsize=200_000)
def _emails(text: str) -> tuple[str, str]:
    """Up to two normalised addresses from a cell ("a@x.com, b@y.com")."""
    whole = email_key(text)
    if whole:
        return whole, ""
    found = [k for k in (email_key(part) for part in _EMAIL_SPLIT.split(text)) if k]
    found = list(dict.fromkeys(found))
    first, second, *_ = [*found, "", ""]
    return first, second


def email_user(address: str) -> str:
    """The user part as people mean it: no dots, no "+tag" ("john.smith+jobs" -> "johnsmith")."""
    if not address:
        return ""
    local = address.partition("@")[0]
    return local.split("+")[0].replace(".", "").replace("_", "").replace("-", "")


def _canonical_email(address: str) -> str:
    if not address:
        return ""
    local, _, domain = address.partition("@")
    return f"{local}@{_DOMAIN_ALIASES.get(domain, domain)}"


_NON_DIGITS = re.compile(r"\D+")
_NAME_FROM_EMAIL = re.compile(r"^([a-z]{2,})[._-]([a-z]{2,})\d*$")


def _name_from_email(address: str) -> tuple[str, str]:
    """("kyle", "minards") from kyle.minards18@...: a row with no name still says who it is."""
    local = address.partition("@")[0] if address else ""
    m = _NAME_FROM_EMAIL.match(local)
    return (m.group(1), m.group(2)) if m else ("", "")


@lru_cache(maxsize=200_000)
def _place(text: str, region: str | None = None) -> tuple[str, str]:
    """(key, folded text): the parsed place when known (read in the row's country when the text
    alone is ambiguous: "Downer, WA"), else the folded first part as typed."""
    if not text:
        return "", ""
    place = parse_location(text, region)
    if place.remote and not place.city:
        return "", ""
    head = fold(text.split(",")[0])
    if place.known and place.city:
        return f"{fold(place.city)}|{place.country or ''}", fold(place.city)
    return head, head


@lru_cache(maxsize=200_000)
def _company(text: str) -> str:
    if not text:
        return ""
    folded = fold(text)
    return " ".join(_LEGAL_FORMS.sub(" ", folded).split()) or folded


def _regions(df: pd.DataFrame, settings: DedupeSettings) -> np.ndarray:
    """Per row, the country its national phone numbers and its ambiguous places belong to: the
    row's own country or location, else the sheet's dominant country, else ``settings.region``."""
    location = _column(df, "location")
    sheet = phones.sheet_region(_column(df, "phone").dropna().tolist(), location.dropna().tolist(), settings.region)
    (own,) = _per_combination(
        lambda c, loc: phones.row_region(loc, c or None) or sheet, _texts(_column(df, "country")), _texts(location)
    )
    return own


def _phone_keys(df: pd.DataFrame, regions: np.ndarray) -> tuple[np.ndarray, ...]:
    """(first national number, second, calling code of the first) per row."""

    def keys(text: str, region: str) -> tuple[str, str, str]:
        if not text:
            return "", "", ""
        found = [k for k in phones.national_numbers(text, region) if len(k[1]) >= 6]
        nsns = list(dict.fromkeys(k[1] for k in found))
        first, second, *_ = [*nsns, "", ""]
        return first, second, found[0][0] if found else ""

    return _per_combination(keys, _texts(_column(df, "phone")), regions, width=3)


def prepare(df: pd.DataFrame, settings: DedupeSettings | None = None) -> pd.DataFrame:
    """Prepare stage: one matching key per field (columns ``KEYS``), '' when missing, index kept."""
    settings = settings or DedupeSettings()
    out: dict[str, Any] = {}
    emails = _mapped(_column(df, "email"), lambda v: _emails(_text(v)) if _text(v) else ("", ""))
    out["email"] = _mapped([e[0] for e in emails], _canonical_email)
    out["email2"] = _mapped([e[1] for e in emails], _canonical_email)
    out["email_user"] = _mapped(out["email"], email_user)
    out["email_user2"] = _mapped(out["email2"], email_user)
    texts = [_texts(_column(df, c)) for c in ("first_name", "last_name", "full_name")]
    raw_first, raw_last = _per_combination(lambda a, b, c: row_name(a, b, c) if a or b or c else ("", ""), *texts, width=2)
    first, last = _mapped(raw_first, name_key), _mapped(raw_last, name_key)
    for k in np.flatnonzero((first == "") & (last == "") & (out["email"] != "")).tolist():
        first[k], last[k] = _name_from_email(out["email"][k])
    out["first"], out["last"] = first, last
    out["linkedin"] = _mapped(_column(df, "linkedin"), lambda v: linkedin_key(v) or "")
    regions = _regions(df, settings)
    out["phone"], out["phone2"], out["phone_code"] = _phone_keys(df, regions)
    out["location"], out["place"] = _per_combination(_place, _texts(_column(df, "location")), regions, width=2)
    out["company"] = _mapped(_column(df, "company"), lambda v: _company(_text(v)))
    out["title"] = _mapped(_column(df, "current_title"), lambda v: fold(_text(v)) if _text(v) else "")
    return pd.DataFrame({k: out[k] for k in KEYS}, index=df.index, dtype=object)


def columns(prep: pd.DataFrame) -> dict[str, np.ndarray]:
    """The prepared keys as plain arrays by position, and what the compare stage needs to work
    on whole integer arrays instead of strings:

    * a code per distinct full name (``name_code``; its first and last name codes in
      ``name_first`` and ``name_last``, into the vocabulary ``names``), so names are compared
      once per distinct pair;
    * ``<key>_id``: an integer per distinct value (-1 for blank), shared by a key and its second
      value (``email``/``email2``, ``email_user``/``email_user2``, ``phone``/``phone2``), so
      "same" is an integer comparison; ``email_user_len``, ``phone_len``, and ``email_digits_id``
      (the digits of the user name, which tell ``jlee70`` from ``jlee71``);
    * how many rows carry each row's first name, last name and full name (``first_count``,
      ``last_count``, ``full_count``: the term-frequency adjustment)."""
    from .compare import name_vocabulary

    cols: dict[str, Any] = {c: prep[c].to_numpy(dtype=object) for c in prep.columns}
    voc = name_vocabulary(cols["first"], cols["last"])
    cols["names"] = voc
    v = len(voc["vocab"])
    codes, uniques = pd.factorize(voc["first_code"] * v + voc["last_code"])
    cols["name_code"] = codes.astype(np.int64)
    cols["name_first"] = (np.asarray(uniques) // v).astype(np.int64)
    cols["name_last"] = (np.asarray(uniques) % v).astype(np.int64)
    for name in ("first", "last"):
        values = cols[name]
        c, _ = pd.factorize(values)
        counts = np.bincount(c)[c]
        cols[f"{name}_count"] = np.where(values == "", 0, counts).astype(np.int64)
    cols["full_count"] = _full_name_counts(voc["first_code"], voc["last_code"], v)
    for key, second in (("email", "email2"), ("email_user", "email_user2"), ("phone", "phone2")):
        cols[f"{key}_id"], cols[f"{second}_id"] = _ids(cols[key], cols[second])
    for key in ("linkedin", "title", "location", "place", "company", "phone_code"):
        (cols[f"{key}_id"],) = _ids(cols[key])
    cols["email_user_len"] = _lengths(cols["email_user"])
    cols["phone_len"] = _lengths(cols["phone"])
    digits = _mapped(cols["email_user"], lambda u: _NON_DIGITS.sub("", u) if u else "")
    cols["email_digits_id"] = pd.factorize(digits)[0].astype(np.int64)
    cols["email_digits_blank"] = digits == ""
    return cols


def _ids(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """One integer per distinct value over all the arrays (one code space), -1 for blank."""
    joined = np.concatenate(arrays)
    codes = pd.factorize(joined)[0].astype(np.int64)
    codes[joined == ""] = -1
    return tuple(np.split(codes, len(arrays)))


def _lengths(values: np.ndarray) -> np.ndarray:
    return np.fromiter((len(v) for v in values.tolist()), dtype=np.int64, count=len(values))


def _full_name_counts(first: np.ndarray, last: np.ndarray, vocab_size: int) -> np.ndarray:
    """Rows carrying each row's first and last name together, in either order (0 without both):
    how common the whole name is, which is not the product of its parts (Daniel Garcia)."""
    both = (first > 0) & (last > 0)
    key = np.minimum(first, last) * vocab_size + np.maximum(first, last)
    codes = pd.factorize(key)[0]
    return np.where(both, np.bincount(codes)[codes], 0).astype(np.int64)
