"""One pure normaliser per candidate field.

Every ``normalize_*`` function takes whatever a cell holds (text, number, date, ``None``...),
never raises, and returns :class:`~talentsheet.findings.Normalized`: the cleaned value plus what
it noticed. The value only differs from the input when the change is safe to apply without
asking (``--fix`` applies exactly those); anything that needs a human stays as typed and comes
with a suggestion. Normalising twice changes nothing.

The ``*_key`` functions give the identity used to match people (duplicate detection) and are
cached and fast, because they run on every row of large sheets.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import phonenumbers
from anyascii import anyascii
from email_validator import EmailNotValidError, validate_email
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from . import schema
from .dates import SERIAL_TEXT_RE, from_serial, text_date_parts
from .findings import Finding, Normalized, Severity
from .names import fix_case
from .status import STATUS_SYNONYMS, STATUS_VOCABULARY

__all__ = [
    "email_key",
    "linkedin_key",
    "name_key",
    "normalize_contact_method",
    "normalize_date",
    "normalize_email",
    "normalize_linkedin",
    "normalize_name",
    "normalize_phone",
    "normalize_status",
    "phone_key",
]

# --- vocabularies (data, not code) -------------------------------------------------------

LINKEDIN_NON_PROFILE = {
    "company": "a company page",
    "school": "a school page",
    "jobs": "a job posting",
    "job": "a job posting",
    "posts": "a post",
    "feed": "a feed post",
    "pulse": "an article",
    "search": "a search result",
    "sales": "a Sales Navigator link",
    "talent": "a LinkedIn Recruiter link",
    "recruiter": "a LinkedIn Recruiter link",
    "groups": "a group page",
    "showcase": "a showcase page",
    "events": "an event page",
    "learning": "a LinkedIn Learning page",
    "messaging": "a message thread",
    "mynetwork": "the My Network page",
}
ROLE_LOCAL_PARTS = {
    "admin",
    "careers",
    "contact",
    "enquiries",
    "hello",
    "help",
    "hiring",
    "hr",
    "info",
    "jobs",
    "mail",
    "marketing",
    "no-reply",
    "noreply",
    "office",
    "recruiting",
    "recruitment",
    "sales",
    "support",
    "talent",
    "team",
    "webmaster",
}
COMMON_EMAIL_DOMAINS = [
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "aol.com",
    "protonmail.com",
    "live.com",
    "msn.com",
    "comcast.net",
    "hotmail.co.uk",
    "yahoo.co.uk",
]
EMAIL_DOMAIN_TYPOS = {
    "gmial.com": "gmail.com",
    "gmai.com": "gmail.com",
    "gamil.com": "gmail.com",
    "gnail.com": "gmail.com",
    "gmaill.com": "gmail.com",
    "gmail.con": "gmail.com",
    "gmail.co": "gmail.com",
    "gmail.cm": "gmail.com",
    "hotmial.com": "hotmail.com",
    "hotmal.com": "hotmail.com",
    "hotmail.con": "hotmail.com",
    "yaho.com": "yahoo.com",
    "yahooo.com": "yahoo.com",
    "yahoo.con": "yahoo.com",
    "outlok.com": "outlook.com",
    "outlook.con": "outlook.com",
    "iclould.com": "icloud.com",
    "icloud.con": "icloud.com",
}
CONTACT_METHOD_SYNONYMS: dict[str, list[str]] = {
    "LinkedIn message": [
        "li",
        "linkedin",
        "linked in",
        "li message",
        "li msg",
        "linkedin msg",
        "linkedin dm",
        "dm",
        "connection",
    ],
    "LinkedIn InMail": ["inmail", "in mail", "li inmail", "linkedin inmail", "in-mail"],
    "Email": ["email", "e-mail", "e mail", "mail", "emailed", "gmail", "outlook"],
    "Phone": ["phone", "call", "called", "cell", "mobile", "phone call", "phone screen", "tel", "telephone", "voicemail", "vm"],
    "Text": ["text", "txt", "sms", "texted", "whatsapp", "imessage", "signal", "text message"],
    "Referral": ["referral", "referred", "ref", "intro", "introduction", "referred by", "warm intro"],
    "Event": ["event", "meetup", "conference", "career fair", "job fair", "hackathon", "in person", "met at event"],
    "Other": ["other", "misc"],
}
PLAUSIBLE_YEARS_BACK, PLAUSIBLE_YEARS_AHEAD = 60, 10


# --- shared helpers -----------------------------------------------------------------------


def _finding(problem: str, severity: Severity = Severity.WARNING, suggestion: str = "") -> Finding:
    return Finding(problem, severity, suggestion)


def _info(problem: str, suggestion: Any) -> Finding:
    return Finding(problem, Severity.INFO, "" if suggestion is None else str(suggestion))


def _text(value: Any) -> str | None:
    """The cell as trimmed text with collapsed spaces, or None when blank."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, float):
        if value != value:
            return None
        if value.is_integer():
            value = int(value)
    text = " ".join(str(value).split())
    return text or None


_EMPTY = Normalized(None)


def _keep(value: Any, *findings: Finding) -> Normalized:
    return Normalized(value, tuple(findings))


def _changed(original: Any, new: Any, problem: str, *more: Finding) -> Normalized:
    """A safe fix: report it as info (``--fix`` applies it) unless nothing changed."""
    if new == original:
        return Normalized(new, tuple(more))
    return Normalized(new, (_info(problem, new), *more))


# --- LinkedIn -------------------------------------------------------------------------------

_LI_IN_TEXT = re.compile(r"(?:[a-z][a-z0-9+.-]*:/*)?(?:[\w-]+\.)*linkedin\.com(?![\w-])(?:[/?#][^\s<>\"'|,;()\[\]{}]*)?", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:/*", re.I)
_LI_HOST = re.compile(r"^(?:(?:www|m|mobile|touch|[a-z]{2})\.)?linkedin\.com$")
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*:/+|www\.)|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/|$)", re.I)
_SLUG_OK = re.compile(r"^[^\s/?#%<>\"'|,;()\[\]{}\\]+$")
_LI_FAST = re.compile(
    r"^(?:https?://)?(?:(?:www|m|mobile|touch|[a-z]{2})\.)?linkedin\.com/in/([a-z0-9_-]+)/?(?:[?#][^\s<>\"'|,;()\[\]{}]*)?$", re.I
)
LINKEDIN_BASE = "https://www.linkedin.com/"


def _linkedin_url(text: str) -> str | None:
    match = _LI_IN_TEXT.search(text)
    return match.group(0) if match else None


def _decode_segment(segment: str) -> str:
    """Percent-decode once; keep the raw form when decoding would leave another escape."""
    decoded = unquote(segment)
    return segment if "%" in decoded else decoded


@functools.lru_cache(maxsize=65_536)
def _parse_linkedin(text: str) -> tuple[str, str]:
    """Classify a LinkedIn text: ("profile", key) / ("other", what) / ("domain", "") / ("malformed", "")."""
    if fast := _LI_FAST.match(text):  # the common shape, without a full URL parse
        return "profile", "in/" + fast.group(1).lower()
    url = _linkedin_url(text)
    if url is None:
        return ("domain", "") if _URLISH.search(text) and "linkedin" not in text.lower() else ("malformed", "")
    url = "https://" + _SCHEME.sub("", url).rstrip(".")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return "malformed", ""
    if not _LI_HOST.match(host):
        return "malformed", ""
    segments = [_decode_segment(s) for s in parts.path.split("/") if s]
    if not segments:
        return "malformed", ""
    head = segments[0].lower()
    if head == "in" and len(segments) >= 2 and _SLUG_OK.match(segments[1]):
        return "profile", f"in/{segments[1].lower()}"
    if head == "pub" and len(segments) >= 2 and all(_SLUG_OK.match(s) for s in segments[1:5]):
        return "profile", "pub/" + "/".join(s.lower() for s in segments[1:5])
    if head in LINKEDIN_NON_PROFILE:
        return "other", LINKEDIN_NON_PROFILE[head]
    return "malformed", ""


def normalize_linkedin(value: Any) -> Normalized:
    """Canonical ``https://www.linkedin.com/in/<slug>``; non-profile links are errors."""
    text = _text(value)
    if text is None:
        return _EMPTY
    kind, detail = _parse_linkedin(text)
    if kind == "profile":
        return _changed(value, LINKEDIN_BASE + detail, "LinkedIn link is not in the standard form")
    if kind == "other":
        return _keep(
            value,
            _finding(
                f"LinkedIn link is {detail}, not a person's profile",
                Severity.ERROR,
                "paste the person's profile link (linkedin.com/in/...)",
            ),
        )
    if kind == "domain":
        return _keep(
            value, _finding("not a LinkedIn link", Severity.ERROR, "paste the person's profile link (linkedin.com/in/...)")
        )
    return _keep(
        value,
        _finding("LinkedIn link is malformed", Severity.ERROR, "copy the link from the browser: https://www.linkedin.com/in/..."),
    )


@functools.lru_cache(maxsize=262_144)
def _linkedin_key_text(text: str) -> str | None:
    kind, detail = _parse_linkedin(text)
    return detail if kind == "profile" else None


def linkedin_key(value: Any) -> str | None:
    """Profile identity for matching, e.g. ``"in/ada-lovelace-12"``; None when not a profile."""
    if value is None or not isinstance(value, str):
        text = _text(value)
        return None if text is None else _linkedin_key_text(text)
    return _linkedin_key_text(value.strip()) if value.strip() else None


# --- email ----------------------------------------------------------------------------------

_EMAIL_IN_TEXT = re.compile(r"<\s*([^<>\s]+@[^<>\s]+)\s*>")
_EMAIL_FAST = re.compile(r"^[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")
_EMAIL_SPECIAL_TLDS = {"test", "local", "localhost", "invalid", "onion", "arpa", "internal", "home", "lan"}


def _email_text(text: str) -> str:
    """Strip the wrappers people paste around an address: mailto:, "Name <addr>"."""
    inner = _EMAIL_IN_TEXT.search(text)
    if inner:
        text = inner.group(1)
    if text.lower().startswith("mailto:"):
        text = text[7:].split("?", 1)[0]
    return text.strip().strip(".,;")


@functools.lru_cache(maxsize=65_536)
def _valid_email(text: str) -> tuple[str | None, str]:
    """(normalised lower-case address, "") or (None, reason)."""
    lowered = text.lower()
    if _EMAIL_FAST.match(lowered) and len(lowered) <= 254 and lowered.rsplit(".", 1)[1] not in _EMAIL_SPECIAL_TLDS:
        return (lowered, "") if len(lowered.split("@", 1)[0]) <= 64 else (None, "the part before the @ is too long")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return None, str(exc)
    except Exception:  # never raise on odd input (e.g. idna edge cases)
        return None, "the address cannot be read"
    lowered = result.normalized.lower()
    try:  # lower-casing can un-normalise some Unicode; settle it once more
        return validate_email(lowered, check_deliverability=False).normalized.lower(), ""
    except Exception:
        return lowered, ""


def _email_warnings(address: str) -> list[Finding]:
    local, _, domain = address.rpartition("@")
    found = []
    if local in ROLE_LOCAL_PARTS:
        found.append(_finding("shared role address, not a person's own", Severity.WARNING, "ask for a personal address"))
    typo = EMAIL_DOMAIN_TYPOS.get(domain) or _near_common_domain(domain)
    if typo:
        found.append(_finding(f"domain looks like a typo of {typo}", Severity.WARNING, f"{local}@{typo}"))
    return found


@functools.lru_cache(maxsize=65_536)
def _near_common_domain(domain: str) -> str | None:
    if domain in COMMON_EMAIL_DOMAINS or len(domain) < 8:
        return None
    for common in COMMON_EMAIL_DOMAINS:
        if OSA.distance(domain, common, score_cutoff=1) == 1:
            return common
    return None


def normalize_email(value: Any) -> Normalized:
    """Validated, lower-cased address (no DNS look-ups); role addresses and typos are warnings."""
    text = _text(value)
    if text is None:
        return _EMPTY
    address, reason = _valid_email(_email_text(text))
    if address is None:
        return _keep(value, _finding("not a valid email address", Severity.ERROR, reason))
    return _changed(value, address, "email address is not in the standard form", *_email_warnings(address))


@functools.lru_cache(maxsize=262_144)
def _email_key_text(text: str) -> str | None:
    return _valid_email(_email_text(" ".join(text.split())))[0]


def email_key(value: Any) -> str | None:
    """Lower-cased normalised address for matching; None when invalid or blank."""
    if not isinstance(value, str):
        text = _text(value)
        return None if text is None else _email_key_text(text)
    return _email_key_text(value) if value and not value.isspace() else None


# --- phone ----------------------------------------------------------------------------------

PHONE_EXTENSION_SEPARATOR = " x"  # "+15125550199 x204": readable, and phonenumbers parses it back
_E164_ONLY = re.compile(r"^\+[1-9]\d{6,14}$")


@functools.lru_cache(maxsize=65_536)
def _parse_phone(text: str, region: str) -> tuple[str | None, str, str]:
    """(E.164 or None, extension, reason when invalid)."""
    if sum(c.isdigit() for c in text) < 5:
        return None, "", "too few digits for a phone number"
    try:
        number = phonenumbers.parse(text, region.upper() if region else None)
    except phonenumbers.NumberParseException as exc:
        return None, "", _phone_reason(exc)
    except Exception:
        return None, "", "the number cannot be read"
    if not phonenumbers.is_possible_number(number):
        return None, "", "wrong number of digits for its country"
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    reason = "" if phonenumbers.is_valid_number(number) else "no such number range in its country"
    return e164, number.extension or "", reason


def _phone_reason(exc: phonenumbers.NumberParseException) -> str:
    if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
        return "no country code; add one, e.g. +44 ..., or pass --region"
    return "not a phone number"


PHONE_STYLES = ("e164", "international", "national")


@functools.lru_cache(maxsize=65_536)
def _display_phone(e164: str, style: str, region: str) -> str:
    """The number in the recruiter's chosen style; national only for the home region."""
    if style not in ("international", "national"):
        return e164
    number = phonenumbers.parse(e164, None)
    home = phonenumbers.region_code_for_number(number) == region.upper()
    kind = (
        phonenumbers.PhoneNumberFormat.NATIONAL if style == "national" and home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, kind)


def normalize_phone(value: Any, region: str = "US", *, style: str = "e164") -> Normalized:
    """E.164 (``+15125550199``) by default, or ``style="international"`` (``+1 512-555-0199``) /
    ``"national"`` (``(512) 555-0199`` for numbers of ``region``, international otherwise).
    An extension is kept as `` x204``: ``+15125550199 x204``."""
    text = _text(value)
    if text is None:
        return _EMPTY
    e164, extension, reason = _parse_phone(text, region or "US")
    if e164 is None:
        return _keep(value, _finding("not a valid phone number", Severity.ERROR, reason))
    if reason:
        return _keep(value, _finding("phone number does not exist", Severity.WARNING, reason))
    shown = _display_phone(e164, style, region or "US")
    normalised = shown + (PHONE_EXTENSION_SEPARATOR + extension if extension else "")
    label = "E.164" if shown == e164 else f"{style} format"
    return _changed(value, normalised, f"phone number is not in the standard form ({label})")


@functools.lru_cache(maxsize=262_144)
def _phone_key_text(text: str, region: str) -> str | None:
    if _E164_ONLY.match(text):
        return text
    e164, _, reason = _parse_phone(" ".join(text.split()), region)
    return e164 if e164 and not reason else None


def phone_key(value: Any, region: str = "US") -> str | None:
    """E.164 without the extension, for matching; None when invalid or blank."""
    text = value if isinstance(value, str) else _text(value)
    if not text or text.isspace():
        return None
    return _phone_key_text(text, region or "US")


# --- vocabularies: contact method, status -----------------------------------------------------


def _vocabulary_lookup(synonyms: dict[str, list[str]]) -> dict[str, str]:
    lookup = {schema.fold(s): canonical for canonical, spellings in synonyms.items() for s in spellings}
    lookup.update({schema.fold(c): c for c in synonyms})
    return lookup


_METHODS = _vocabulary_lookup(CONTACT_METHOD_SYNONYMS)
_STATUSES = _vocabulary_lookup(STATUS_SYNONYMS)
VOCABULARY_FUZZY_CUTOFF = 85


@functools.lru_cache(maxsize=4096)
def _vocabulary_match(text: str, kind: str) -> tuple[str | None, bool]:
    """(canonical, exact?) for a vocabulary value; fuzzy matches are only suggestions."""
    lookup = _METHODS if kind == "method" else _STATUSES
    key = schema.fold(text)
    if key in lookup:
        return lookup[key], True
    if len(key) >= 4:
        hit = process.extractOne(key, list(lookup), scorer=OSA.distance, score_cutoff=1) or process.extractOne(
            key, list(lookup), scorer=fuzz.ratio, score_cutoff=VOCABULARY_FUZZY_CUTOFF
        )
        if hit:
            return lookup[hit[0]], False
    return None, False


def _normalize_vocabulary(value: Any, kind: str, label: str, vocabulary: list[str]) -> Normalized:
    text = _text(value)
    if text is None:
        return _EMPTY
    canonical, exact = _vocabulary_match(text, kind)
    if canonical and exact:
        return _changed(value, canonical, f"{label} is not one of the standard values")
    if canonical:
        return _keep(value, _finding(f"{label} looks like a typo", Severity.WARNING, canonical))
    return _keep(value, _finding(f"unknown {label}", Severity.WARNING, "use one of: " + ", ".join(vocabulary)))


def normalize_contact_method(value: Any) -> Normalized:
    """Map synonyms ("LI", "inmail", "e-mail", "cell", "txt") to the template vocabulary."""
    return _normalize_vocabulary(value, "method", "contact method", schema.CONTACT_METHOD_VOCABULARY)


def normalize_status(value: Any) -> Normalized:
    """Map status spellings ("hired", "dnc", "in process") to the template vocabulary."""
    return _normalize_vocabulary(value, "status", "status", STATUS_VOCABULARY)


# --- names ----------------------------------------------------------------------------------

_HAS_EMAIL = re.compile(r"\S+@\S+\.\S+")
_HAS_DIGIT = re.compile(r"\d")


def _single_case(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    joined = "".join(letters)
    return joined == joined.upper() != joined.lower() or joined == joined.lower() != joined.upper()


def normalize_name(value: Any) -> Normalized:
    """Trim, collapse spaces and fix ALL CAPS / all lower (McDonald, O'Neil, van der Berg)."""
    text = _text(value)
    if text is None:
        return _EMPTY
    if _HAS_EMAIL.search(text):
        return _keep(value, _finding("name cell holds an email address", Severity.ERROR, "move it to the Email column"))
    if _HAS_DIGIT.search(text):
        return _keep(value, _finding("name contains digits", Severity.WARNING, "check the name; move numbers elsewhere"))
    fixed = fix_case(text) if _single_case(text) else text
    if _single_case(fixed):  # scripts where case does not round-trip: leave the case alone
        fixed = text
    problem = "name is in all capitals or all lower case" if fixed != text else "name has extra spaces"
    return _changed(value, fixed, problem)


_NON_LETTERS = re.compile(r"[^a-z]+")


@functools.lru_cache(maxsize=262_144)
def _name_key_text(text: str) -> str:
    folded = anyascii(text).lower().replace("'", "")
    return " ".join(_NON_LETTERS.sub(" ", folded).split())


def name_key(value: Any) -> str:
    """Folded name for matching: ASCII, lower case, letters and single spaces; "" when empty."""
    if isinstance(value, str):
        return _name_key_text(value) if value else ""
    text = _text(value)
    return "" if text is None else _name_key_text(text)


# --- dates ----------------------------------------------------------------------------------


def _plausibility(d: date, today: date | None) -> tuple[Finding, ...]:
    ref = today or date.today()
    if d.year < ref.year - PLAUSIBLE_YEARS_BACK or d.year > ref.year + PLAUSIBLE_YEARS_AHEAD:
        return (_finding("date is implausibly far from today", Severity.WARNING, "check the year"),)
    return ()


def _as_date(value: Any, d: date, problem: str, today: date | None) -> Normalized:
    """Convert only plausible dates; a far-off one is probably not a date at all."""
    doubts = _plausibility(d, today)
    if doubts:
        return _keep(value, _finding(f"{problem}, but {d.isoformat()} is implausible", Severity.WARNING, "check the year"))
    return _changed(value, d, problem)


def normalize_date(value: Any, *, today: date | None = None, dayfirst: bool | None = None) -> Normalized:
    """A real ``datetime.date`` from a date cell, an Excel serial or common typed text (rules: dates.py)."""
    if isinstance(value, datetime):
        return Normalized(value.date(), _plausibility(value.date(), today))  # same day: nothing to fix
    if isinstance(value, date):
        return _keep(value, *_plausibility(value, today))
    if isinstance(value, float) and value != value:
        return _EMPTY  # NaN: pandas' empty cell
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        d = from_serial(value)
        if d is None:
            return _keep(value, _finding("number is not a date", Severity.ERROR, "type the date as yyyy-mm-dd"))
        return _as_date(value, d, "date stored as a number", today)
    text = _text(value)
    if text is None:
        return _EMPTY
    return _normalize_date_text(value, text, today, dayfirst)


def _normalize_date_text(value: Any, text: str, today: date | None, dayfirst: bool | None = None) -> Normalized:
    if SERIAL_TEXT_RE.match(text):
        d = from_serial(float(text))
        if d is not None:
            return _as_date(value, d, "date typed as a number", today)
    parts = text_date_parts(text, dayfirst=dayfirst)
    if parts is None:
        return _keep(value, _finding("not a date", Severity.ERROR, "type the date as yyyy-mm-dd"))
    try:
        d = date(*parts)
    except ValueError:
        return _keep(value, _finding("no such date", Severity.ERROR, "check the day and month"))
    return _as_date(value, d, "date typed as text", today)
