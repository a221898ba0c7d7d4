"""The one place for date rules: typed dates, day-first sheets, and fuzzy call-back dates.

Typed dates: a date cell, an Excel serial (``45731``), or text (``2025-03-14``, ``3/14/2025``,
``14 Mar 2025``, ``March 14, 2025``). ``03/04/2025`` is ambiguous: US order unless
``dayfirst=True``; :func:`infer_dayfirst` decides for a whole sheet from its unambiguous dates.

Fuzzy dates are what recruiters type for a call-back: ``Q3 2027``, ``Spring 24``, ``next
spring``, ``in 6 months``, ``after bonus in March``, ``early 2027``, ``end of Q2``. They are
read relative to an anchor (the note's own date, else the last contact) into a date, its
precision and the words typed. A period named without a year is the next one that has not
begun at the anchor ("ping Q2" written in June means next April). Words with no readable
time in them come back with a ``problem``, never as today.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

__all__ = [
    "FuzzyDate",
    "date_from_parts",
    "find_fuzzy_date",
    "follow_up_date",
    "from_serial",
    "infer_dayfirst",
    "may_start_with_date",
    "parse_date",
    "parse_fuzzy_date",
    "text_date_parts",
]

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (1, 2_958_465)  # 1900-01-01 .. 9999-12-31
YEAR_CELL_RANGE = (1990, 2100)  # a number cell in this range under "Follow-up on" is a year

# --- typed dates ----------------------------------------------------------------------------

ISO_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
NUMERIC_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
DAY_MONTH_RE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?[ -](\d{2}|\d{4})$")
MONTH_DAY_RE = re.compile(r"^([a-z]+)\.?[ -](\d{1,2})(?:st|nd|rd|th)?,?[ -](\d{2}|\d{4})$")
SERIAL_TEXT_RE = re.compile(r"^\d{5}(?:\.\d+)?$")


def _year(text: str) -> int:
    y = int(text.lstrip("'’"))
    digits = len(text.lstrip("'’"))
    return y + 2000 if y < 70 and digits == 2 else (y + 1900 if digits == 2 else y)


def _order(a: int, b: int, dayfirst: bool | None) -> tuple[int, int]:
    """(month, day) of ``a/b``: the only valid reading when one side is above 12, else the
    sheet's convention (US when unknown)."""
    if a > 12 >= b:
        return b, a
    if b > 12 >= a:
        return a, b
    return (b, a) if dayfirst else (a, b)


def text_date_parts(text: str, *, dayfirst: bool | None = None) -> tuple[int, int, int] | None:
    """(year, month, day) from the common typed forms, or None; not checked to exist."""
    low = text.strip().lower()
    if m := ISO_RE.match(low):
        return int(m[1]), int(m[2]), int(m[3])
    if m := NUMERIC_RE.match(low):
        month, day = _order(int(m[1]), int(m[2]), dayfirst)
        return _year(m[3]), month, day
    if (m := DAY_MONTH_RE.match(low)) and m[2] in MONTHS:
        return _year(m[3]), MONTHS[m[2]], int(m[1])
    if (m := MONTH_DAY_RE.match(low)) and m[1] in MONTHS:
        return _year(m[3]), MONTHS[m[1]], int(m[2])
    return None


def from_serial(serial: float) -> date | None:
    """The date of an Excel serial number (1900 date system), None outside Excel's range."""
    if not (EXCEL_SERIAL_RANGE[0] <= serial <= EXCEL_SERIAL_RANGE[1]):
        return None
    return EXCEL_EPOCH + timedelta(days=int(serial))


def date_from_parts(parts: tuple[int, int, int] | None) -> date | None:
    """The date of (year, month, day), or None when there is none (31 February)."""
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def parse_date(value: Any, *, dayfirst: bool | None = None) -> date | None:
    """A real date from a date cell, an Excel serial (number or text) or a typed date; None
    for anything else (including impossible dates like 2025-02-30). Never raises."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return None if value != value else from_serial(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if SERIAL_TEXT_RE.match(text):
        return from_serial(float(text))
    return date_from_parts(text_date_parts(text, dayfirst=dayfirst))


def infer_dayfirst(values: Iterable[Any]) -> bool | None:
    """Does this sheet write dates day first? True when some typed ``n/n/yyyy`` dates can only
    be day-first (``14/03/2025``) and none can only be month-first, False for the reverse,
    None when no typed date decides or the sheet mixes both."""
    day_first = month_first = False
    for v in values:
        if not isinstance(v, str):
            continue
        m = NUMERIC_RE.match(v.strip())
        if not m:
            continue
        a, b = int(m[1]), int(m[2])
        day_first |= a > 12 >= b and b >= 1
        month_first |= b > 12 >= a and a >= 1
        if day_first and month_first:
            return None
    if day_first != month_first:
        return day_first
    return None


# --- fuzzy dates -----------------------------------------------------------------------------

NO_ANCHOR = "counts from a date talentsheet does not have"  # the problem of relative words without an anchor
PRECISIONS = ("day", "week", "month", "quarter", "season", "half", "year")
SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "couple": 2,
    "couple of": 2,
    "few": 3,
    "a few": 3,
    "a couple": 2,
    "a couple of": 2,
}
UNIT = {
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "m": "month",
    "mo": "month",
    "mos": "month",
    "mth": "month",
    "mths": "month",
    "month": "month",
    "months": "month",
    "y": "year",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
}


@dataclass(frozen=True)
class FuzzyDate:
    """A call-back date as typed: the date to act on (None when unreadable), how precise the
    words were, the words themselves and where they stood in the text."""

    date: date | None
    precision: str  # one of PRECISIONS, "" when unreadable
    words: str
    span: tuple[int, int] = (0, 0)
    problem: str = ""

    @property
    def readable(self) -> bool:
        return self.date is not None


MOD = r"(?:(?P<mod>early|mid|late|end of|the end of|beginning of|start of|after|before|by|until|till|around)[\s-]+(?:the\s+)?)?"
YEAR = r"(?P<year>(?:19|20)\d{2}|['’]\d{2})"
SHORT_YEAR = r"(?P<year>(?:19|20)\d{2}|['’]?\d{2})"
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
NUM_WORDS = r"a couple of|a couple|couple of|couple|a few|few|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen"
RELATIVE = (
    r"(?:\b(?P<pre>in|after|within|another)\s+)?"
    r"(?:\b(?P<n>\d+(?:\.5)?)(?:\s*(?:-|to)\s*\d+)?[\s-]?(?P<unit>days?|d|wks?|weeks?|w|months?|mos?|mths?|m|years?|yrs?|y)"
    rf"|\b(?P<nw>{NUM_WORDS})[\s-]+(?P<unit2>days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?))\b"
    r"(?:\s+(?:from\s+now|time|out))?"
)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    ("numeric", re.compile(rf"(?:\b{MOD})?(?<![\d/])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?:/(?P<y>\d{{4}}|\d{{2}}))?(?![\d/])")),
    (
        "day_month",
        re.compile(rf"\b{MOD}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH_NAMES})\.?(?:,?\s+(?P<y>\d{{4}}))?\b"),
    ),
    (
        "month_day",
        re.compile(
            rf"\b{MOD}(?P<mon>{MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>\d{{4}}))?(?![\d:])"
        ),
    ),
    ("quarter", re.compile(rf"\b{MOD}q(?P<q>[1-4])(?:\s*(?:of\s+)?[/-]?\s*(?:fy\s*)?{SHORT_YEAR})?\b")),
    (
        "quarter_words",
        re.compile(rf"\b{MOD}(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+(?:of\s+)?{YEAR})?\b"),
    ),
    ("half", re.compile(rf"\b{MOD}h(?P<h>[12])(?:\s*[/-]?\s*{SHORT_YEAR})?\b")),
    (
        "half_words",
        re.compile(rf"\b{MOD}(?P<ord>first|second|1st|2nd)\s+half(?:\s+of)?(?:\s+(?:the\s+)?(?:year|{YEAR}))?\b"),
    ),
    (
        "season",
        re.compile(
            rf"\b{MOD}(?:(?P<rel>next|this|the)\s+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?{SHORT_YEAR})?\b"
        ),
    ),
    ("month", re.compile(rf"\b{MOD}(?:(?P<rel>next|this)\s+)?(?P<mon>{MONTH_NAMES})\.?(?:\s+(?:of\s+)?{YEAR})?\b")),
    ("relative", re.compile(RELATIVE)),
    ("next", re.compile(r"\b(?P<mod>next|the following)\s+(?P<unit>week|month|quarter|year)\b")),
    (
        "period_end",
        re.compile(
            r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(?P<unit>year|month|quarter|summer)|(?P<abbr>eoy|eom|eoq|year[\s-]end))\b"
        ),
    ),
    ("new_year", re.compile(r"\b(?:after\s+)?(?:the\s+)?(?:new\s+year|holidays|christmas|xmas)\b")),
    ("mid_year", re.compile(r"\b(?:mid[\s-]?year|midyear)\b")),
    ("year", re.compile(rf"\b{MOD}(?P<year>(?:19|20)\d{{2}})\b")),
]


# the words a time expression can begin with (the first words of the PATTERNS, "after" of an
# "after bonus in March"): text that starts with none of them does not start with a time
DATE_START_RE = re.compile(
    r"(?:\d|['’]|(?:early|mid|midyear|late|end|the|beginning|start|after|before|by|until|till|around|next|this|following"
    r"|q[1-4]|h[12]|first|second|third|fourth|spring|summer|fall|autumn|winter|in|within|another|a|an|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|couple|few|eoy|eom|eoq|year|new|holidays|christmas|xmas|"
    + MONTH_NAMES
    + r")(?![a-z]))"
)


def may_start_with_date(text: str) -> bool:
    """False when ``text`` cannot begin with a time expression (a cheap test before
    :func:`find_fuzzy_date`, for callers that need the time at the very start)."""
    return DATE_START_RE.match(text.lower()) is not None


DATE_HINT_RE = re.compile(
    r"\d|\bq[1-4]\b|\bh[12]\b|spring|summer|fall|autumn|winter|year|month|week|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|holiday|christmas|xmas|\beo[ymq]\b|half|quarter|\bwks?\b|\bmos?\b"
)


MONTH_HINT_RE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
# words (any of) a pattern cannot match without: skips most patterns on most texts
NEEDS: dict[str, Any] = {
    "iso": ("-",),
    "numeric": ("/",),
    "day_month": "month",
    "month_day": "month",
    "quarter": ("q",),
    "quarter_words": ("quarter",),
    "half": ("h1", "h2", "h 1", "h 2"),
    "half_words": ("half",),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "month": "month",
    "next": ("next", "following"),
    "period_end": ("end", "eo"),
    "new_year": ("year", "holiday", "christmas", "xmas"),
    "mid_year": ("mid",),
    "year": ("19", "20"),
}


def _add_months(d: date, months: float) -> date:
    whole = int(months)
    total = d.month - 1 + whole
    year, month = d.year + total // 12, total % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    out = date(year, month, day)
    return out + timedelta(days=15) if months - whole else out


def _next_after(anchor: date, target: Any) -> date:
    """``target(year)`` in the anchor's year, or the next year when that is not after the anchor."""
    d = target(anchor.year)
    return d if d > anchor else target(anchor.year + 1)


def _month_start(year: int, month: int) -> date:
    year += (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def _with_mod(start_month: int, months: int, mod: str | None) -> tuple[int, str | None]:
    """Month offset from a period's first month for a modifier, and the precision it implies."""
    if mod in ("end of", "the end of", "late"):
        return start_month + months - 1, "month"
    if mod in ("mid",):
        return start_month + months // 2, "month"
    if mod == "after":
        return start_month + months, "month"
    if mod == "before":
        return start_month - 1, "month"
    return start_month, None


def _year_of(text: str | None) -> int | None:
    return None if not text else _year(text)


class _NoAnchor(Exception):
    """A relative phrase ("in 6 months") with no date to count from."""


def _period(
    year: int | None, first_month: int, months: int, mod: str | None, precision: str, anchor: date | None
) -> tuple[date, str]:
    offset, mod_precision = _with_mod(first_month, months, mod)
    if year is not None:
        return _month_start(year, offset), mod_precision or precision
    if anchor is None:
        raise _NoAnchor
    return _next_after(anchor, lambda y: _month_start(y, offset)), mod_precision or precision


def _resolve(
    kind: str, m: re.Match[str], anchor: date | None, dayfirst: bool | None, force_mod: str | None = None
) -> tuple[date, str] | None:
    g = m.groupdict()
    mod = force_mod or g.get("mod")
    if kind == "iso":
        d = date_from_parts((int(g["y"]), int(g["m"]), int(g["d"])))
        return (d, "day") if d else None
    if kind == "numeric":
        month, day = _order(int(g["a"]), int(g["b"]), dayfirst)
        return _day(_year_of(g["y"]), month, day, anchor, mod)
    if kind in ("day_month", "month_day"):
        return _day(_year_of(g["y"]), MONTHS[g["mon"]], int(g["d"]), anchor, mod)
    if kind in ("quarter", "quarter_words"):
        q = int(g["q"]) if kind == "quarter" else "1234".index(g["ord"][0]) + 1 if g["ord"][0].isdigit() else _ORDINAL[g["ord"]]
        return _period(_year_of(g["year"]), 3 * q - 2, 3, mod, "quarter", anchor)
    if kind in ("half", "half_words"):
        h = int(g["h"]) if kind == "half" else (1 if g["ord"] in ("first", "1st") else 2)
        return _period(_year_of(g.get("year")), 6 * h - 5, 6, mod, "half", anchor)
    if kind == "season":
        return _period(_year_of(g["year"]), SEASON_START[g["season"]], 3, mod, "season", anchor)
    if kind == "month":
        if mod in ("end of", "the end of", "late", "mid"):  # a point inside the month
            day = 15 if mod == "mid" else 20
            return _day_in_month(_year_of(g["year"]), MONTHS[g["mon"]], day, anchor)
        return _period(_year_of(g["year"]), MONTHS[g["mon"]], 1, mod, "month", anchor)
    if kind == "relative":
        return _relative(g, anchor)
    if anchor is None:
        raise _NoAnchor
    return _calendar_phrase(kind, g, m, anchor)


_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _day_in_month(year: int | None, month: int, day: int, anchor: date | None) -> tuple[date, str]:
    if year is not None:
        return date(year, month, day), "week"
    if anchor is None:
        raise _NoAnchor
    return _next_after(anchor, lambda y: date(y, month, day)), "week"


def _day(year: int | None, month: int, day: int, anchor: date | None, mod: str | None = None) -> tuple[date, str] | None:
    shift = timedelta(days=1 if mod == "after" else -1 if mod == "before" else 0)
    if year is not None:
        d = date_from_parts((year, month, day))
        return (d + shift, "day") if d else None
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]):
        return None
    if anchor is None:
        raise _NoAnchor
    try:
        return _next_after(anchor, lambda y: date(y, month, day) + shift), "day"
    except ValueError:  # 29 February in a common year
        return None


def _relative(g: dict[str, Any], anchor: date | None) -> tuple[date, str]:
    n = float(g["n"]) if g["n"] else float(NUMBER_WORDS[g["nw"]])
    unit = UNIT[g["unit"] or g["unit2"]]
    if anchor is None:
        raise _NoAnchor
    if unit == "day":
        return anchor + timedelta(days=round(n)), "day"
    if unit == "week":
        return anchor + timedelta(days=round(7 * n)), "week"
    if unit == "month":
        return _add_months(anchor, n), "month"
    return _add_months(anchor, 12 * n), "year" if n >= 1 and n.is_integer() else "month"


def _calendar_phrase(kind: str, g: dict[str, Any], m: re.Match[str], anchor: date) -> tuple[date, str]:
    text = m.group(0)
    if kind == "next":
        unit = g["unit"]
        if unit == "week":
            return anchor + timedelta(days=7), "week"
        if unit == "month":
            return _month_start(anchor.year, anchor.month + 1), "month"
        if unit == "quarter":
            return _month_start(anchor.year, (anchor.month - 1) // 3 * 3 + 4), "quarter"
        return date(anchor.year + 1, 1, 1), "year"
    if kind == "period_end":
        unit = g.get("unit") or {"eoy": "year", "eom": "month", "eoq": "quarter"}.get(g.get("abbr") or "", "year")
        if unit == "month":
            return _next_after(anchor - timedelta(days=1), lambda y: date(y, anchor.month, 20)), "week"
        if unit == "quarter":
            return _next_after(anchor - timedelta(days=1), lambda y: _month_start(y, (anchor.month - 1) // 3 * 3 + 3)), "month"
        if unit == "summer":
            return _next_after(anchor, lambda y: date(y, 8, 1)), "month"
        return _next_after(anchor - timedelta(days=1), lambda y: date(y, 12, 1)), "month"
    if kind == "new_year":
        if "christmas" in text or "xmas" in text:
            return _next_after(anchor, lambda y: date(y, 12, 20)), "week"
        return date(anchor.year + 1, 1, 2 if "holiday" in text else 1), "week"
    # mid_year
    return _next_after(anchor, lambda y: date(y, 7, 1)), "month"


def _year_phrase(m: re.Match[str]) -> tuple[date, str]:
    year, mod = int(m["year"]), m["mod"]
    if mod in ("end of", "the end of"):
        return date(year, 12, 1), "month"
    if mod == "late":
        return date(year, 10, 1), "quarter"
    if mod == "mid":
        return date(year, 6, 1), "quarter"
    if mod == "after":
        return date(year + 1, 1, 1), "year"
    if mod == "before":
        return date(year - 1, 12, 1), "month"
    return date(year, 1, 1), "quarter" if mod in ("early", "beginning of", "start of") else "year"


@lru_cache(maxsize=200_000)
def _scan(text: str) -> tuple[int, int, str, re.Match[str], bool] | None:
    """The first (then longest) time expression in ``text``: where, which kind, and whether an
    "after" before it shifts it. Independent of the anchor, so cached per text."""
    low = text.lower()
    if not DATE_HINT_RE.search(low):
        return None
    best: tuple[int, int, str, re.Match[str]] | None = None
    has_month = MONTH_HINT_RE.search(low) is not None
    for kind, pattern in PATTERNS:
        needs = NEEDS.get(kind)
        if (needs == "month" and not has_month) or (needs and needs != "month" and not any(w in low for w in needs)):
            continue  # cheap test first: most texts hold no such words
        m = next((m for m in pattern.finditer(low) if not _verb_may(kind, m, low)), None)
        if m and (best is None or (m.start(), -(m.end() - m.start())) < (best[0], -(best[1] - best[0]))):
            best = (m.start(), m.end(), kind, m)
    if best is None:
        return None
    start, end, kind, m = best
    before = low[:start].split()
    after = "after" in before[-6:] and kind not in ("relative", "year", "new_year", "next") and not m.groupdict().get("mod")
    if after:  # "after bonus in March": once March is over
        start = low.rindex("after", 0, start)
    return start, end, kind, m, after


@lru_cache(maxsize=200_000)
def _find(text: str, anchor: date | None, dayfirst: bool | None) -> FuzzyDate | None:
    scanned = _scan(text)
    if scanned is None:
        return None
    start, end, kind, m, after = scanned
    words = text[start:end].strip()
    try:
        got = _year_phrase(m) if kind == "year" else _resolve(kind, m, anchor, dayfirst, "after" if after else None)
    except _NoAnchor:
        return FuzzyDate(None, "", words, (start, end), f"{words!r} {NO_ANCHOR}")
    if got is None:
        return FuzzyDate(None, "", words, (start, end), f"{words!r} is not a real date")
    d, precision = got
    return FuzzyDate(d, precision, words, (start, end))


def _verb_may(kind: str, m: re.Match[str], low: str) -> bool:
    """Words that look like dates and are not: "may" the verb ("may be open": a month only with
    a year, a modifier, or "in"/"of"/"next" before it), "24/7"."""
    if kind == "numeric":
        return not m["y"] and (m["a"], m["b"]) == ("24", "7")
    if kind != "month" or m["mon"] != "may" or m["year"] or m["mod"] or m["rel"]:
        return False
    return low[: m.start()].split()[-1:] not in (["in"], ["of"], ["early"], ["late"])


def find_fuzzy_date(text: str, *, anchor: date | None, dayfirst: bool | None = None) -> FuzzyDate | None:
    """The first time expression in ``text`` ("call back in Q3" -> Q3), or None when there is
    none. ``anchor`` is the day the words were written; without one, relative words ("in 6
    months", "Q3" without a year) come back unreadable with a problem."""
    if not text:
        return None
    return _find(text, anchor, dayfirst)


def parse_fuzzy_date(text: str, *, anchor: date | None, dayfirst: bool | None = None) -> FuzzyDate:
    """A call-back typed as words, read whole: a date, or unreadable with the reason."""
    words = " ".join(str(text).split())
    found = find_fuzzy_date(words, anchor=anchor, dayfirst=dayfirst)
    if found is None:
        return FuzzyDate(None, "", words, (0, len(words)), f"no date in {words!r}")
    return found


def follow_up_date(value: Any, *, anchor: date | None = None, dayfirst: bool | None = None) -> FuzzyDate | None:
    """A "Follow-up on" cell as a date to act on: a date cell or typed date (precision day),
    a year typed as a number, or fuzzy words read from ``anchor`` (the last contact). None for
    an empty cell."""
    if value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return FuzzyDate(None, "", str(value), problem=f"{value!r} is not a date")
    if isinstance(value, (int, float)) and YEAR_CELL_RANGE[0] <= value <= YEAR_CELL_RANGE[1] and float(value).is_integer():
        return FuzzyDate(date(int(value), 1, 1), "year", str(int(value)))
    typed = parse_date(value, dayfirst=dayfirst)
    if typed is not None:
        return FuzzyDate(typed, "day", "" if isinstance(value, (date, int, float)) else " ".join(str(value).split()))
    if not isinstance(value, str):
        return FuzzyDate(None, "", str(value), problem=f"{value!r} is not a date")
    return parse_fuzzy_date(value, anchor=anchor, dayfirst=dayfirst)
