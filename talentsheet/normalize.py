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

from anyascii import anyascii
from email_validator import EmailNotValidError, validate_email
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from . import schema
from .dates import NUMERIC_RE, SERIAL_TEXT_RE, from_serial, text_date_parts
from .findings import Finding, Normalized, Severity
from .names import fix_case
from .phones import EXTENSION_SEPARATOR, PhoneParse, display_phone, parse_phone, parse_phones
from .phones import phone_key as _phone_key
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
# ASCII-only case folding: under plain re.I, "i" also matches the dotless "ı" (and "k" the Kelvin
# sign), so the homograph host "lınkedın.com" would pass as LinkedIn and be "fixed" into it
_LI_FAST = re.compile(
    r"^(?:https?://)?(?:(?:www|m|mobile|touch|[a-z]{2})\.)?linkedin\.com/in/([a-z0-9_-]+)/?(?:[?#][^\s<>\"'|,;()\[\]{}]*)?$",
    re.I | re.A,
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
    return _classify_url(url)


def _classify_url(url: str) -> tuple[str, str]:
    url = "https://" + _SCHEME.sub("", url).rstrip(".")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # urlsplit's documented error for a malformed netloc
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


_WRAPPERS = re.compile(r"^[\s<>\[\]\"',;]+|[\s<>\[\]\"',;]+$")
_SLUG_END = re.compile(r"/in/[^/?#\s]+$", re.I)
_WORD = re.compile(r"^\s+[\w-]+(?:\s|$)")


@functools.lru_cache(maxsize=65_536)
def _linkedin_surroundings(text: str) -> str:
    """What a cell holds besides its LinkedIn link: "" (only the link), "continued" (a word
    right after the slug: "linkedin.com/in/renata rocha" may be renata-rocha's profile, not
    renata's) or "more" (other words or links around it)."""
    if _LI_FAST.match(text):
        return ""
    match = _LI_IN_TEXT.search(text)
    if match is None:
        return ""
    after = text[match.end() :]
    if _SLUG_END.search(match.group(0)) and _WORD.match(after) and "." not in after.split()[0]:
        return "continued"
    rest = _WRAPPERS.sub("", text[: match.start()] + " " + after)
    return "more" if rest.strip(" /.") else ""


def _read_linkedin(text: str) -> tuple[str, str, str]:
    """(kind, detail) of :func:`_parse_linkedin` and, for a profile, :func:`_linkedin_surroundings`:
    the common shape (the link alone) is recognised by one match."""
    if fast := _LI_FAST.match(text):
        return "profile", "in/" + fast.group(1).lower(), ""
    kind, detail = _parse_linkedin(text)
    return kind, detail, _linkedin_surroundings(text) if kind == "profile" else ""


def normalize_linkedin(value: Any) -> Normalized:
    """Canonical ``https://www.linkedin.com/in/<slug>``; non-profile links are errors. Only a
    cell holding the link alone is fixed: around other words or links, the canonical link is
    a suggestion; a slug with a space ("in/renata rocha") is never cut short to another profile."""
    text = _text(value)
    if text is None:
        return _EMPTY
    kind, detail, around = _read_linkedin(text)
    if around == "continued":
        slug = detail.split("/", 1)[1]
        word = text[_LI_IN_TEXT.search(text).end() :].split()[0].lower()
        return _keep(
            value,
            _finding(
                "LinkedIn link has a space in it",
                Severity.WARNING,
                f"check the link in a browser; perhaps {LINKEDIN_BASE}in/{slug}-{word}",
            ),
        )
    if around == "more":
        return _keep(value, _info("cell holds more than the LinkedIn link", LINKEDIN_BASE + detail))
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
    kind, detail, around = _read_linkedin(text)
    if kind != "profile" or around == "continued":
        return None  # "in/renata rocha" is not renata's profile
    return detail


def linkedin_key(value: Any) -> str | None:
    """Profile identity for matching, e.g. ``"in/ada-lovelace-12"``; None when not a profile
    (or when the slug may go on past a space)."""
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
    except EmailNotValidError as exc:  # the one error email_validator documents for bad input
        return None, str(exc)
    lowered = result.normalized.lower()
    try:  # lower-casing can un-normalise some Unicode; settle it once more
        return validate_email(lowered, check_deliverability=False).normalized.lower(), ""
    except EmailNotValidError:
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


_EMAIL_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+(?=[^\s@]+@)")


def _several_emails(value: Any, text: str) -> Normalized | None:
    """Two addresses in one cell ("a@x.com, b@y.com"): not invalid, but which one belongs in
    the Email column is the recruiter's call, so the split is a suggestion."""
    parts = [p for p in _EMAIL_LIST_SEPARATOR.split(text) if p]
    if len(parts) < 2 or text.count("@") < 2:
        return None
    addresses = [_valid_email(_email_text(p))[0] for p in parts]
    if not all(addresses):
        return None
    return _keep(
        value,
        _finding(
            f"{len(addresses)} email addresses in one cell",
            Severity.WARNING,
            f"keep {addresses[0]} here and move {', '.join(addresses[1:])} to Other contacts",
        ),
    )


def normalize_email(value: Any) -> Normalized:
    """Validated, lower-cased address (no DNS look-ups); role addresses and typos are warnings;
    several addresses in one cell get a suggestion where each goes."""
    text = _text(value)
    if text is None:
        return _EMPTY
    several = _several_emails(value, text) if text.count("@") > 1 else None
    if several is not None:
        return several
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
# The phone rules themselves (labels, several numbers, regions, keys) live in phones.py.

PHONE_EXTENSION_SEPARATOR = EXTENSION_SEPARATOR
PHONE_STYLES = ("e164", "international", "national")


def _shown(parse: PhoneParse, style: str, region: str) -> str:
    shown = display_phone(parse.e164, style, region)
    return shown + (EXTENSION_SEPARATOR + parse.extension if parse.extension else "")


def _international(text: str) -> bool:
    return text.lstrip("( ").startswith(("+", "00"))


def _several_phones(value: Any, numbers: tuple[PhoneParse, ...], style: str, region: str) -> Normalized:
    """Two numbers in one cell: which to keep where is the recruiter's call (a suggestion)."""
    shown = [_shown(p, style, region) if p.valid else p.text for p in numbers]
    return _keep(
        value,
        _finding(
            f"{len(numbers)} phone numbers in one cell",
            Severity.WARNING,
            f"keep {shown[0]} here and move {', '.join(shown[1:])} to Other contacts",
        ),
    )


def normalize_phone(
    value: Any, region: str = "US", *, style: str = "e164", region_known: bool = True, other_region: str | None = None
) -> Normalized:
    """E.164 (``+15125550199``) by default, or ``style="international"`` (``+1 512-555-0199``) /
    ``"national"`` (``(512) 555-0199`` for numbers of ``region``, international otherwise).
    An extension is kept as `` x204``: ``+15125550199 x204``.

    ``region`` reads national numbers (the row's country, else the sheet's); when it is only
    a default guess (``region_known=False``) the E.164 form is suggested, not applied. A
    label ("(Mobile)") is not part of the number, but dropping it is the recruiter's choice:
    suggested too. Several numbers in one cell: a suggestion of where each goes. A national
    number that only exists in ``other_region`` (a US mobile in a London row) is suggested
    as that country's number."""
    if isinstance(value, (date, datetime)):
        return _keep(
            value, _finding("a date, not a phone number", Severity.ERROR, "type the number as text, e.g. +1 512 555 0100")
        )
    text = _text(value)
    if text is None:
        return _EMPTY
    region = region or "US"
    numbers = parse_phones(text, region)
    if len(numbers) > 1:
        return _several_phones(value, numbers, style, region)
    parse = numbers[0] if numbers else parse_phone(text, region)
    if not parse.valid and other_region and other_region != region and not _international(text):
        elsewhere = parse_phone(text, other_region)
        if elsewhere.valid:
            return _keep(
                value, _info(f"not a {region} number; read as a {other_region} number", _shown(elsewhere, style, other_region))
            )
    if parse.e164 is None:
        return _keep(value, _finding("not a valid phone number", Severity.ERROR, parse.reason or "not a phone number"))
    if not parse.valid:
        return _keep(value, _finding("phone number does not exist", Severity.WARNING, parse.reason))
    shown = _shown(parse, style, region)
    label = "E.164" if shown.split(EXTENSION_SEPARATOR)[0] == parse.e164 else f"{style} format"
    if shown == text:
        return Normalized(value)
    if " ".join(parse.text.split()) != " ".join(text.split()) and not _only_extension_words(text, parse.text):
        return _keep(value, _info(f"phone number has a label; standard form ({label}) without it", shown))
    if not region_known and not _international(text):
        return _keep(value, _info(f"read as a {region} number; standard form ({label})", shown))
    return _changed(value, shown, f"phone number is not in the standard form ({label})")


def _only_extension_words(text: str, cleaned: str) -> bool:
    """ "ext. 204" and "x204" are how an extension is written, not a label."""
    return bool(re.search(r"(?i)(?:x|ext\.?|extension)\s*\d+\s*$", text)) and not re.search(
        r"[A-Za-z]{2,}", _EXT_WORDS.sub("", text)
    )


_EXT_WORDS = re.compile(r"(?i)\b(?:ext|extension)\b\.?|\bx(?=\s*\d)")


def phone_key(value: Any, region: str = "US") -> str | None:
    """E.164 without the extension, for matching; None when invalid or blank (phones.py)."""
    return _phone_key(value, region or "US")


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
    if dayfirst is None and (other := _other_reading(text)) is not None and other != d:
        return _keep(
            value,
            _info(
                "date can be read day first or month first",
                f"{d.isoformat()} (month first) or {other.isoformat()} (day first); type it as yyyy-mm-dd",
            ),
        )
    return _as_date(value, d, "date typed as text", today)


def reads_two_ways(text: Any) -> bool:
    """``03/04/2025``: a typed date whose day and month could be either number."""
    m = NUMERIC_RE.match(text.strip()) if isinstance(text, str) else None
    return bool(m) and int(m[1]) <= 12 and int(m[2]) <= 12 and int(m[1]) != int(m[2])


def _other_reading(text: str) -> date | None:
    """The day-first reading of an ``n/n/yyyy`` date both of whose numbers could be a month;
    None when only one reading exists (14/03/2025) or the text is not that shape."""
    if not reads_two_ways(text):
        return None
    parts = text_date_parts(text, dayfirst=True)
    try:
        return date(*parts) if parts else None
    except ValueError:
        return None
