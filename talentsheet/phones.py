"""Phone numbers as recruiters type them, in any country: the one place for phone rules.

Shared by validation (is this a real number? show it as E.164) and duplicate detection (is
it the same number as that one, written another way?). A national number ("0419 745 200",
"020 7946 0958", "030 123456") only means something with its country, so the region comes
from the row's own location when it names a country (:func:`row_region`), else from the
sheet's dominant country (:func:`sheet_region`: international numbers and locations), else
the default the recruiter gives (``--region``).

A cell may hold decorations ("(Mobile)", "tel:", "w:", "Cell -") and more than one number
("0419 745 200 / 02 9876 5432"); the extension is kept ("x204"). Parsing uses Google's
libphonenumber port (``phonenumbers``) and is cached per distinct (text, region), since
sheets repeat values and dedupe calls it on up to a million cells.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

import phonenumbers

__all__ = [
    "DEFAULT_REGION",
    "EXTENSION_SEPARATOR",
    "PhoneParse",
    "display_phone",
    "is_mobile",
    "national_key",
    "national_keys",
    "national_numbers",
    "parse_phone",
    "parse_phones",
    "phone_key",
    "row_region",
    "sheet_region",
]

DEFAULT_REGION = "US"
EXTENSION_SEPARATOR = " x"  # "+15125550199 x204": readable, and phonenumbers parses it back
MIN_DIGITS = 5  # fewer digits than this are not a phone number (a year, a postcode)

# words around a number that are not part of it: "(Mobile)", "tel:", "w:", "Cell -", "[home]"
_LABEL_WORDS = r"(?:tel|telephone|phone|ph|mobile|mob|cell|cellphone|work|home|office|direct|main|fax|whatsapp|m|w|h|o|p|t|c)"
_BRACKETED_WORD_RE = re.compile(r"[\(\[]\s*[A-Za-z][A-Za-z .]*[\)\]]")
_LABEL_RE = re.compile(rf"(?i)(?<![A-Za-z]){_LABEL_WORDS}\s*(?:[:.]|-(?=\s)|\s(?=[+(\d]))")
_TEL_RE = re.compile(r"(?i)\btel:\s*")
# between two numbers: / ; | , newline, " or ", " and "
_SPLIT_RE = re.compile(r"\s*(?:[/;|,\n]|\bor\b|\band\b|&)\s*", re.IGNORECASE)
_EXTENSION_ONLY_RE = re.compile(r"(?i)^\s*(?:x|ext\.?|extension|#)\s*\d{1,6}\s*$")
_DIGITS_RE = re.compile(r"\d")


@dataclass(frozen=True)
class PhoneParse:
    """One number read from a cell.

    ``national`` is what two spellings of one number share whatever form they were typed
    in: the national significant number (no country code, no trunk 0: ``+61 419 745 200`` and
    ``0419 745 200`` are both ``419745200``). For a number libphonenumber cannot place it is
    the digits with the country code or a leading trunk 0 dropped, so duplicate detection
    still sees the number when the region guess was wrong.
    """

    text: str  # the part of the cell this number came from (decorations removed)
    e164: str | None  # "+61419745200"; None when no possible number could be read
    national: str  # national significant number ("" when the text holds too few digits)
    region: str | None  # ISO 3166 alpha-2 of the number's country (from its code or the region used)
    extension: str  # "204" (shown as " x204"); "" when none
    valid: bool  # a real number range in its country
    reason: str  # why it is not valid ("" when valid)

    @property
    def possible(self) -> bool:
        """The number has a plausible length for its country (it may still not exist)."""
        return self.e164 is not None


_NOTHING = PhoneParse("", None, "", None, "", False, "empty")


def _clean(text: str) -> str:
    """The cell without labels: "(Mobile) +1 512 555 0199" -> "+1 512 555 0199"."""
    text = _TEL_RE.sub("", text)
    text = _BRACKETED_WORD_RE.sub(" ", text)
    text = _LABEL_RE.sub(" ", text)
    return " ".join(text.split()).strip(" -:")


def _fallback_national(text: str) -> str:
    """Digits without a leading trunk 0 (or NANP 1): what a national and an international
    spelling of one number share when libphonenumber cannot place it."""
    digits = "".join(_DIGITS_RE.findall(text))
    if text.lstrip().startswith("+") or digits.startswith("00"):
        return digits.lstrip("0")  # a country code we could not read: keep every digit
    if digits.startswith("0"):
        return digits[1:]
    if len(digits) == 11 and digits.startswith("1"):
        return digits[1:]
    return digits


def _reason(exc: phonenumbers.NumberParseException) -> str:
    if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
        return "no country code; add one, e.g. +44 ..., or pass --region"
    return "not a phone number"


def _parse_one(text: str, region: str | None) -> PhoneParse:
    """One number (already split off and cleaned) in ``region``. A number with its own
    country code is read once whatever the region (a sheet of "+1 ..." numbers in rows of
    six countries costs one parse per number, not six)."""
    if region is not None and text[:1] == "+" and _region_free(text):
        return _with_region(_parse_in(text, None), region)
    return _parse_in(text, region)


@lru_cache(maxsize=262_144)
def _parse_in(text: str, region: str | None) -> PhoneParse:
    digits = sum(c.isdigit() for c in text)
    if digits < MIN_DIGITS:
        return PhoneParse(text, None, "", None, "", False, "too few digits for a phone number")
    try:
        number = phonenumbers.parse(text, region.upper() if region else None)
    except phonenumbers.NumberParseException as exc:
        return PhoneParse(text, None, _fallback_national(text), None, "", False, _reason(exc))
    extension = number.extension or ""
    if not phonenumbers.is_possible_number(number):
        reason = "wrong number of digits for its country"
        return PhoneParse(text, None, _fallback_national(_strip_extension(text)), None, extension, False, reason)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    own_region = phonenumbers.region_code_for_number(number)
    if phonenumbers.is_valid_number_for_region(number, own_region):  # is_valid_number, without finding the region twice
        national = phonenumbers.national_significant_number(number)
        return PhoneParse(text, e164, national, own_region, extension, True, "")
    national = _fallback_national(_strip_extension(text))
    return PhoneParse(text, e164, national, own_region or region, extension, False, "no such number range in its country")


def _strip_extension(text: str) -> str:
    return re.split(r"(?i)\s*(?:x|ext\.?|extension|#)\s*\d{1,6}\s*$", text)[0]


def _pieces(text: str) -> list[str]:
    """Split a cell holding several numbers; an extension on its own joins the number before."""
    parts = [p for p in _SPLIT_RE.split(text) if p and p.strip()]
    out: list[str] = []
    for part in parts:
        if out and (_EXTENSION_ONLY_RE.match(part) or sum(c.isdigit() for c in part) < MIN_DIGITS):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _as_text(value: Any) -> str:
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed without formatting and read back as a float
    return " ".join(str(value).split())


@lru_cache(maxsize=262_144)
def _parse_cell(text: str, region: str | None) -> tuple[PhoneParse, ...]:
    cleaned = _clean(text)
    if sum(c.isdigit() for c in cleaned) < MIN_DIGITS:
        return (_parse_one(cleaned, region),) if cleaned else ()
    pieces = _pieces(cleaned)
    if len(pieces) == 1:
        return (_parse_one(cleaned, region),)
    parsed = tuple(_parse_one(p, region) for p in pieces)
    if any(p.valid for p in parsed):
        return parsed
    whole = _parse_one(cleaned, region)  # a separator inside one number: "512 / 555 0199"
    return (whole,) if whole.valid else parsed


def parse_phones(value: Any, region: str | None = DEFAULT_REGION) -> tuple[PhoneParse, ...]:
    """Every number in a cell, in order ("0419 745 200 / 02 9876 5432" gives two); ``()`` for
    an empty cell. ``region`` reads national numbers; a number with a country code
    (``+61 ...``, ``0061 ...``) is read by its code whatever the region."""
    text = _as_text(value)
    if not text:
        return ()
    return _parse_cell(text, region.upper() if region else None)


_PLAIN_INTERNATIONAL_RE = re.compile(r"^\+[\d\s().\-]+$")


@lru_cache(maxsize=262_144)
def _region_free(text: str) -> bool:
    """One number that starts with a known country code and holds nothing else ("+44 20 7946
    0958"): libphonenumber reads it by its code, so the region changes nothing. (After "+" and
    an unknown code it retries with the region's international prefix: not region free.)"""
    return bool(_PLAIN_INTERNATIONAL_RE.match(text)) and _split_calling_code("".join(_DIGITS_RE.findall(text))) is not None


def _with_region(parse: PhoneParse, region: str) -> PhoneParse:
    """A parse read without a region, as read in ``region``: a possible but invalid number whose
    country libphonenumber cannot name is taken to be the region's (as :func:`_parse_in` does)."""
    if parse.region is None and parse.e164 is not None and not parse.valid:
        return PhoneParse(parse.text, parse.e164, parse.national, region, parse.extension, parse.valid, parse.reason)
    return parse


def parse_phone(value: Any, region: str | None = DEFAULT_REGION) -> PhoneParse:
    """The first number in a cell (an empty parse, ``reason="empty"``, for an empty cell)."""
    found = parse_phones(value, region)
    return found[0] if found else _NOTHING


def phone_key(value: Any, region: str | None = DEFAULT_REGION) -> str | None:
    """E.164 of the cell's first real number, without the extension (None when there is none):
    the exact key two spellings of one number share."""
    for parse in parse_phones(value, region):
        if parse.valid:
            return parse.e164
    return None


@lru_cache(maxsize=1)
def _calling_codes() -> dict[str, str]:
    """Country calling code ("61") -> its main region ("AU")."""
    return {str(code): regions[0] for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()}


@lru_cache(maxsize=256)
def _trunk_prefix(region: str | None) -> str:
    """The digits a national number starts with at home ("0" in AU/GB/DE, "1" in the US)."""
    from phonenumbers import PhoneMetadata

    meta = PhoneMetadata.metadata_for_region(region.upper()) if region else None
    return (meta.national_prefix or "") if meta else "0"


def _split_calling_code(digits: str) -> tuple[str, str] | None:
    """("61", "419745200") from "61419745200": calling codes are prefix-free, 1 to 3 digits."""
    codes = _calling_codes()
    for size in (1, 2, 3):
        if digits[:size] in codes:
            return digits[:size], digits[size:]
    return None


@lru_cache(maxsize=256)
def _home_code(region: str | None) -> str:
    code = phonenumbers.country_code_for_region(region.upper()) if region else 0
    return str(code) if code else ""


_PLAIN_NUMBER_RE = re.compile(r"^\+?[\d\s().\-]+$")  # one number, nothing around it: the common case


@lru_cache(maxsize=524_288)
def _national_fast(text: str, region: str | None) -> tuple[str, str]:
    """(calling code, national significant number) of one number, "" when unknown."""
    cleaned = text if _PLAIN_NUMBER_RE.match(text) else _strip_extension(_clean(text))
    digits = "".join(ch for ch in cleaned if ch.isdigit())
    if len(digits) < MIN_DIGITS:
        return "", ""
    international = cleaned.startswith("+") or digits.startswith("00")
    if international:
        split = _split_calling_code(digits[2:] if digits.startswith("00") and not cleaned.startswith("+") else digits)
        if split is None:
            return "", digits.lstrip("0")
        code, rest = split
        trunk = _trunk_prefix(_calling_codes()[code])
        if "(" in cleaned and trunk and rest.startswith(trunk):  # "+44 (0)7788 588039"
            rest = rest[len(trunk) :]
        return code, rest
    home = _home_code(region)
    trunk = _trunk_prefix(region)
    if trunk == "1":  # NANP: "1-512-555-0199"; no NANP number starts with 0, so a 0 is another country's trunk
        if len(digits) == 11 and digits.startswith("1"):
            return home, digits[1:]
        return ("", digits[1:]) if digits.startswith("0") else (home, digits)
    if trunk and digits.startswith(trunk) and len(digits) > len(trunk) + 5:
        return home, digits[len(trunk) :]
    return home, digits


@lru_cache(maxsize=65_536)
def is_mobile(national: str, calling_code: str) -> bool:
    """Whether the number can only be a mobile (AU 04.., UK 07.., DE 015-017..., IN 6-9...).
    A mobile is one person's; a landline, or a number that may be either (the US, Canada), can
    be a household's, shared by relatives."""
    if not national.isdigit() or not calling_code.isdigit():
        return False
    number = phonenumbers.PhoneNumber(country_code=int(calling_code), national_number=int(national))
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


def national_key(value: Any, region: str | None = DEFAULT_REGION) -> str:
    """The national significant number of the cell's first number ("" when none): the key that
    survives national vs international spelling ("0419 745 200" and "+61 419 745 200" are
    both "419745200") and a wrong region guess. Computed from the digits and libphonenumber's
    calling codes and trunk prefixes, without its validity check, so a million cells take
    seconds; for every number libphonenumber calls valid it equals ``parse_phone(...).national``."""
    return national_keys(value, region)[0] if _as_text(value) else ""


def national_keys(value: Any, region: str | None = DEFAULT_REGION) -> tuple[str, ...]:
    """:func:`national_key` of every number in the cell ("0419 745 200 / 02 9876 5432": two)."""
    return tuple(nsn for _, nsn in national_numbers(value, region)) or ("",)


def national_numbers(value: Any, region: str | None = DEFAULT_REGION) -> tuple[tuple[str, str], ...]:
    """(calling code, national significant number) of every number in the cell; the code is ""
    when the cell does not say and ``region`` does not fit (a 0... number read as American)."""
    text = _as_text(value)
    if not text:
        return ()
    region = region.upper() if region else None
    if _PLAIN_NUMBER_RE.match(text):
        found = _national_fast(text, region)
        return (found,) if found[1] else ()
    cleaned = _clean(text)
    pieces = _pieces(cleaned) if _SPLIT_RE.search(cleaned) else [cleaned]
    found = tuple(k for k in (_national_fast(p, region) for p in pieces) if k[1])
    if len(pieces) > 1 and not all(len(k[1]) >= 6 for k in found):  # a separator inside one number: "512 / 555 0199"
        found = (_national_fast(cleaned, region),)
    return tuple(k for k in found if k[1])


@lru_cache(maxsize=65_536)
def display_phone(e164: str, style: str = "e164", home_region: str = DEFAULT_REGION) -> str:
    """The number in a display style: ``"e164"`` (+15125550199), ``"international"``
    (+1 512-555-0199) or ``"national"`` ((512) 555-0199, only for numbers of ``home_region``;
    others stay international so they can still be dialled)."""
    if style not in ("international", "national"):
        return e164
    number = phonenumbers.parse(e164, None)
    home = phonenumbers.region_code_for_number(number) == home_region.upper()
    kind = (
        phonenumbers.PhoneNumberFormat.NATIONAL if style == "national" and home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, kind)


# --- which country a national number belongs to -------------------------------------------


@lru_cache(maxsize=65_536)
def _place_country(text: str) -> str | None:
    from .places import parse_location

    return parse_location(text).country


def row_region(location: Any, country: Any = None) -> str | None:
    """ISO 3166 alpha-2 from the row's own country cell or location ("Perth WA" -> AU,
    "London" -> GB); None when neither names a country we know."""
    for value in (country, location):
        text = _as_text(value)
        if text:
            found = _place_country(text)
            if found:
                return found
    return None


# regions tried when a sheet's national numbers make no sense in the default one
COMMON_REGIONS = ("US", "GB", "AU", "CA", "IN", "DE", "FR", "NZ", "IE", "SG", "ZA", "NL", "ES", "IT", "BR", "MX", "AE", "PH")
REGION_SAMPLE = 300  # national numbers read to check a region


def sheet_region(phones: Iterable[Any], locations: Iterable[Any], default: str = DEFAULT_REGION) -> str:
    """The sheet's dominant country: the most common country among its international numbers
    (``+61 ...``) and its locations that name a country, else ``default``. When most of the
    sheet's national numbers ("0419 745 200") are not real numbers in that country, the country
    where most of them are is taken instead (an Australian sheet opened with the default US).
    Read once per sheet, it places the national numbers of rows whose location says nothing.
    Each distinct cell is read once (sheets repeat values; dedupe reads a million rows)."""
    phones = [_cell_key(v) for v in phones]
    votes: Counter[str] = Counter()
    kinds = {key: _number_kind(_key_text(key)) for key in dict.fromkeys(phones)}
    for key, count in Counter(phones).items():  # first occurrence order, as the votes were cast row by row
        if kinds[key] not in (None, _NATIONAL):
            votes[kinds[key]] += count
    national = list(islice((_key_text(k) for k in phones if kinds[k] == _NATIONAL), REGION_SAMPLE))
    for key, count in Counter(_cell_key(v) for v in locations).items():
        text = _key_text(key)
        found = _place_country(text) if text else None
        if found:
            votes[found] += count
    chosen = votes.most_common(1)[0][0] if votes else default.upper()
    if not national or _valid_share(national, chosen) >= 0.5:
        return chosen
    tried = dict.fromkeys([r for r, _ in votes.most_common(5)] + list(COMMON_REGIONS))
    shares = {r: _valid_share(national, r) for r in tried}
    best = max(shares, key=lambda r: shares[r])
    return best if shares[best] >= 0.5 else chosen


_NATIONAL = "national"


def _cell_key(value: Any) -> Any:
    """A cell as a dict key that keeps 1, 1.0 and True apart (they read differently)."""
    return value if type(value) is str else (type(value), value)


def _key_text(key: Any) -> str:
    return _as_text(key if type(key) is str else key[1])


@lru_cache(maxsize=65_536)
def _number_kind(text: str) -> str | None:
    """What a phone cell says about the sheet's country: the country of its calling code
    ("+61 ..."), ``_NATIONAL`` for a national number, None for an empty cell or an unknown code."""
    if not text:
        return None
    if text.lstrip("( ").startswith("+") or text.startswith("00"):
        digits = "".join(_DIGITS_RE.findall(text))
        split = _split_calling_code(digits[2:] if digits.startswith("00") else digits)
        return _calling_codes()[split[0]] if split and _calling_codes()[split[0]] != "001" else None
    return _NATIONAL


def _valid_share(texts: list[str], region: str) -> float:
    return sum(any(p.valid for p in parse_phones(t, region)) for t in texts) / len(texts)
