"""Read the recruiter's notes for the answers that matter: the role and place someone wants
next, whether remote suits them, when to call back, and whether they may be called at all.

Recruiters type the answer to "If I called you in the future about a role, where would it be
located and what would the title be?" into Notes, in many ways: ``future: Director of Eng in
Denver``, ``wants Sr DE, Austin or remote``, ``Said if I call in future -> Senior Data
Engineer, Austin TX. f/u 6 months``, ``not looking now; call back in Q3``, ``DNC - asked to
be removed``, ``placed at Globex via me``, and export lines like ``Jordan Reyes (6/13/2026):
Not now; wants Principal Engineer in London; ping Q2`` (the line's own date anchors "Q2").

Rules, not guesses: a title counts only when the words after a wish trigger are title words
that :func:`talentsheet.titles.parse_title` knows, a place only when
:func:`talentsheet.places.parse_locations` knows it as typed (capitalised, or a big city
written in lower case); negations ("not interested in management"), other people ("Anna
wants...", "referred by Anna in Denver") and the past ("was a Director", "relocated") say
nothing. Each proposal keeps the exact words and where they stood.

Everything here is pure; :func:`read_notes` reads a whole frame once per distinct note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from . import titles
from .dates import NO_ANCHOR, date_from_parts, find_fuzzy_date, may_start_with_date, parse_date, text_date_parts
from .gc_pause import gc_paused
from .places import CITY_ALIASES, METRO_ALIASES, METROS, Place, parse_locations
from .places import fold as place_fold
from .status import DO_NOT_CONTACT, INTERESTED, NOT_INTERESTED, NOT_NOW, PLACED

__all__ = [
    "FIELDS",
    "NoteReading",
    "Proposal",
    "read_note",
    "read_notes",
    "reading_values",
]

FUTURE_TITLE, FUTURE_LOCATION, OPEN_TO_REMOTE, FOLLOW_UP_ON, STATUS = (
    "future_title",
    "future_location",
    "open_to_remote",
    "follow_up_on",
    "status",
)
FIELDS = (FUTURE_TITLE, FUTURE_LOCATION, OPEN_TO_REMOTE, FOLLOW_UP_ON, STATUS)


@dataclass(frozen=True)
class Proposal:
    """One value read from a note: the field, the value proposed (None when the words were
    found but cannot be read, e.g. "call back after bonus"), and the words it came from."""

    field: str
    value: Any
    words: str
    span: tuple[int, int]
    noted_on: date | None = None  # the date the note's line carries, if any
    problem: str = ""
    precision: str = ""  # follow-ups: day / week / month / quarter / season / half / year


@dataclass(frozen=True)
class NoteReading:
    """Everything one note says; at most one proposal per field (the latest line wins)."""

    proposals: tuple[Proposal, ...] = ()
    wish: str = ""  # the wish as typed ("Director of Eng in Denver"), for reasons and drafts
    wish_noted_on: date | None = None
    needs_anchor: bool = False  # a call-back counts from a date the note does not carry

    def get(self, name: str) -> Proposal | None:
        return next((p for p in self.proposals if p.field == name), None)

    def value(self, name: str) -> Any:
        p = self.get(name)
        return None if p is None else p.value


EMPTY_READING = NoteReading()


class _Cue:
    """A case-insensitive "does the text mention any of these" test. On ASCII text (nearly
    every note) the pattern runs without re.I on the text lowered: the same answer, about
    three times faster in Python's re. Other text keeps re.I (its Unicode case folding)."""

    def __init__(self, pattern: str) -> None:
        if re.search(r"(?<!\\)[A-Z]", pattern):
            raise ValueError("a cue pattern is written in lower case: upper-case letters would never match")
        self.lower = re.compile(pattern)
        self.any_case = re.compile(pattern, re.I)

    def search(self, text: str) -> bool:
        if text.isascii():
            return self.lower.search(text.lower()) is not None
        return self.any_case.search(text) is not None


# --- lines and clauses ------------------------------------------------------------------------

# "Jordan Reyes (6/13/2026): ...", "2026-03-14: ...", "[14 Mar 2026] ...", "3/14/26 - ..."
ENTRY_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=\|\s)|(?<=;\s)|(?<=\.\s))\s*"
    r"(?:(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*)?"
    r"[(\[](?P<d1>[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|[0-9]{1,2}\s+[A-Za-z]{3,9}\.?\s+[0-9]{4})[)\]]\s*[:\-–]?\s*"
    r"|(?:^|(?<=\n))\s*(?P<d2>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})\s*[:\-–]\s*"
)
ABBREVIATION_DOT = re.compile(
    r"\b(?:sr|jr|snr|st|dr|mr|ms|mrs|vs|approx|e\.g|i\.e|etc|u\.s|u\.k|mgr|eng|dir|assoc|prin|no)\.$", re.I
)
CLAUSE_BREAK = re.compile(r";|\n|\||!|\?|\.(?=\s|$)")


# a dated line needs "(" or "[" right before a digit, or a line that starts with a digit
ENTRY_HINT_RE = re.compile(r"[(\[][0-9]|(?:^|\n)\s*\d")


def _entries(text: str) -> list[tuple[int, int, date | None]]:
    """(start, end, date) of each dated line; undated text is one entry without a date."""
    if not ENTRY_HINT_RE.search(text):
        return [(0, len(text), None)]
    marks = [(m.start(), m.end(), _entry_date(m.group("d1") or m.group("d2"))) for m in ENTRY_RE.finditer(text)]
    marks = [m for m in marks if m[2] is not None]
    if not marks:
        return [(0, len(text), None)]
    out = [(0, marks[0][0], None)] if text[: marks[0][0]].strip() else []
    for i, (_, body, d) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        out.append((body, end, d))
    return out


def _entry_date(text: str | None) -> date | None:
    if not text:
        return None
    return date_from_parts(text_date_parts(text.replace(".", "/") if re.match(r"\d{1,2}\.\d", text) else text))


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of one entry (split at ; . ! ? | line breaks and " - "), keeping "Sr." whole."""
    out, begin = [], start
    for m in CLAUSE_BREAK.finditer(text, start, end):
        if m.group(0) == "." and ABBREVIATION_DOT.search(text[max(begin, m.start() - 8) : m.start() + 1]):
            continue
        if text[begin : m.start()].strip():
            out.append((begin, m.start()))
        begin = m.end()
    if text[begin:end].strip():
        out.append((begin, end))
    return out


# --- status hints ---------------------------------------------------------------------------

NEG = r"(?<!\bnot\s)(?<!\bno\s)(?<!\bnever\s)(?<!n't\s)(?<!nt\s)"
DNC_RE = re.compile(
    r"\bdnc\b|\bd\.n\.c\b|\bdo[\s-]not[\s-]contact\b|\bdon'?t\s+contact\s+(?:again|ever|anymore|him|her|them)\b|\bdo\s+not\s+(?:contact|email|message)\b"
    r"|\bnever\s+(?:contact|call|email)\s+(?:again|him|her|them)\b|\basked\s+(?:us\s+|me\s+)?(?:to\s+be|to\s+get|be)\s+removed\b"
    r"|\basked\s+(?:us\s+|me\s+)?(?:not\s+to\s+be|to\s+not\s+be)\s+contacted\b|\basked\s+(?:us\s+|me\s+)?(?:to\s+stop|not\s+to)\s+(?:contact|email|messag|call)\w*"
    r"|\bremove\s+(?:me|him|her|them)\s+from\b|\btake\s+(?:me|him|her|them)\s+off\b|\bunsubscribed?\b|\bopted[\s-]out\b|\bopt[\s-]out\b"
    r"|\bstop\s+(?:contacting|emailing|messaging|calling)\b|\bno\s+(?:further|more)\s+contact\b|\bgdpr\s+(?:erasure|deletion|delete|request)\b"
    r"|\bdo\s+not\s+reach\s+out\b|\bdon'?t\s+reach\s+out\b|\bno\s+(?:further|more)\s+(?:outreach|emails|messages|contact)\b"
    r"|\bremove\s+from\s+(?:the\s+|our\s+)?(?:crm|list|lists|database|db|mailing\s+list|pipeline)\b"
    r"|\basked\s+(?:us\s+|me\s+)?not\s+to\s+be\s+(?:emailed|contacted|messaged|called)\b|\bright\s+to\s+be\s+forgotten\b|\bblacklist(?:ed)?\b|\bdo\s+not\s+call\b(?!\s+(?:before|after|at|on|during|until|his|her|their|the|work|cell|mobile))",
    re.I,
)
CHANNEL_ONLY_RE = re.compile(
    r"\b(?:email|text|linkedin|inmail|whatsapp|sms|messages?)\s+only\b|\bprefers?\s+(?:email|text)", re.I
)
PLACED_RE = re.compile(
    NEG + r"\bplaced\s+(?:(?:him|her|them)\s+)?(?:at|with|into|in\s+(?:a|the)\s+role|by\s+(?:me|us)|via\s+(?:me|us))\b"
    r"|\b(?:i|we|we've|i've|successfully)\s+placed\b|\bour\s+placement\b|\bplacement\s+(?:at|with)\b"
    r"|\bhired\s+(?:through|via|by)\s+(?:me|us|our)\b"
    r"|\b(?:joined|started\s+at|accepted\s+(?:an\s+|the\s+)?offer\s+(?:at|from|with))\s+\w+(?:\s+\w+)?\s+(?:through|via)\s+(?:me|us|our\s+(?:agency|firm|team|desk))\b",
    re.I,
)
NOT_PLACED_RE = re.compile(
    r"\b(?:not|almost|nearly|never|wasn't|was\s+not|didn't\s+get)\s+(?:\w+\s+)?placed\b|\bplaced\s+on\s+hold\b", re.I
)
NOT_NOW_RE = re.compile(
    r"\bnot\s+(?:actively\s+)?looking\b|\bnot\s+now\b|\bnot\s+right\s+now\b|\bnot\s+at\s+the\s+moment\b|\bnot\s+(?:ready|moving)\b"
    r"|\bnot\s+(?:open|available)(?:\s+(?:right\s+)?now|\s+atm|\s+at\s+the\s+moment|\s+to\s+(?:a\s+move|moving|new\s+roles|offers))?\s*$"
    r"|\bhappy\s+(?:where|at\s+\w+|in\s+(?:current|(?:his|her|their)\s+current)|with\s+(?:current|(?:his|her|their)\s+current))\b"
    r"|\bjust\s+(?:started|joined|got\s+promoted|moved\s+jobs)\b|\bstaying\s+put\b|\bnot\s+interested\s+(?:right\s+now|now|atm|at\s+the\s+moment|for\s+now|at\s+this\s+time|yet)\b"
    r"|\bnot\s+currently\s+(?:looking|open|interested|on\s+the\s+market)\b|\bnot\s+open\s+to\s+(?:a\s+move|moving|new\s+roles|offers|opportunities)\b"
    r"|\bstaying\s+(?:at|with|put\s+at)\s+\w+|\bnot\s+in\s+(?:the\s+)?market\b"
    r"|\bpassive\b|\bmaybe\s+later\b|\btoo\s+soon\b|\bbad\s+timing\b|\bnot\s+a\s+good\s+time\b|\bno\s+interest\s+(?:right\s+now|for\s+now|atm)\b",
    re.I,
)
OPEN_RE = re.compile(
    NEG
    + r"\bactively\s+looking\b|"
    + NEG
    + r"\blooking\s+(?:to\s+move|for\s+(?:a\s+)?new\s+(?:role|job|opportunit\w+)|around|again)\b"
    r"|"
    + NEG
    + r"\bopen\s+to\s+(?:new\s+)?(?:opportunities|offers|roles|a\s+move|a\s+change|chat(?:ting)?|conversations|talking|hearing\s+more)\b"
    r"|\bon\s+the\s+market\b(?!\s+(?:in|from|after|by|until|around|early|late|mid|next))|\bopen\s+to\s+work\b"
    r"|\bexploring\s+(?:options|the\s+market|opportunities)\b|\bopen\s+to\s+(?:a\s+)?chat\b|\bstarting\s+to\s+look\b|\blooking\s+for\s+a\s+change\b|#opentowork\b|\bkeen\s+to\s+(?:talk|chat|move|hear)\b|\bvery\s+interested\b"
    r"|\bready\s+(?:to\s+move|for\s+a\s+(?:move|change))\b|\blaid\s+off\b|\bjob\s+hunting\b|\bopen\s+to\s+new\s+roles\b",
    re.I,
)
NOT_INTERESTED_RE = re.compile(r"^\W*not\s+interested\W*$|^\W*(?:declined|no\s+interest)\W*$", re.I)
BARE_INTERESTED_RE = re.compile(r"^\W*(?:very\s+)?interested\W*$|^\W*keen\W*$", re.I)


STATUS_HINT_RE = _Cue(
    r"dnc|d\.n\.c|contact|remov|unsubscri|opt|stop|gdpr|forgot|blacklist|call|placed|placement|hired|joined|started|not|happy|just|staying"
    r"|passive|later|soon|timing|interest|declin|look|open|market|laid|hunting|ready|keen|off|outreach|reach|email|further|accept|through|via"
    r"|explor|chat|change|stay|currently"
)
REMOTE_HINT_RE = _Cue(r"remote|wfh|office|site|hybrid|reloc|mov|home")


def _status_hint(clause: str) -> tuple[str, re.Match[str]] | None:
    if not STATUS_HINT_RE.search(clause):
        return None
    if (m := DNC_RE.search(clause)) and not (m.group(0).lower().startswith("do not call") and CHANNEL_ONLY_RE.search(clause)):
        return DO_NOT_CONTACT, m
    if (m := PLACED_RE.search(clause)) and not NOT_PLACED_RE.search(clause):
        return PLACED, m
    if m := NOT_NOW_RE.search(clause):
        return NOT_NOW, m
    if m := OPEN_RE.search(clause):
        return INTERESTED, m
    if m := NOT_INTERESTED_RE.search(clause):
        return NOT_INTERESTED, m
    if m := BARE_INTERESTED_RE.search(clause):
        return INTERESTED, m
    return None


STATUS_RANK = {DO_NOT_CONTACT: 3, PLACED: 2}

# --- wishes: future title and place -----------------------------------------------------------

WISH_TRIGGER_RE = re.compile(
    r"(?P<trigger>"
    r"\b(?:future|next|dream|target|ideal|preferred|desired)\s*(?:role|job|move|title|position|step|location|loc|place)?\s*(?:(?:is|would\s+be)\s*(?:[:=]|->|=>|→)?|[:=]|->|=>|→|-(?=\s))"
    r"|\bfuture\s+(?=(?-i:[A-Z]))"
    r"|\b(?:if\s+i\s+call(?:ed)?\s+(?:(?:you|him|her|them)\s+)?(?:in\s+(?:the\s+)?future|later|again)?(?:\s+about\s+a\s+role)?|in\s+(?:the\s+)?future)\s*(?:[:,-]\s*)?(?:->|=>|→|:|would\s+be|wants?|=)"
    r"|->|=>|→"
    r"|\b(?:wants?|wnats?|watns|wnat)(?:\s+to\s+(?:become|be|move\s+(?:in)?to|go\s+(?:in)?to|get\s+into|step\s+into|step\s+up\s+to|transition\s+(?:in)?to|try|do|grow\s+into))?"
    r"|\bwanting(?:\s+to\s+(?:become|be|move\s+(?:in)?to))?"
    r"|(?:\bwould|\bwd|'d)\s+(?:like|love|prefer|consider|go\s+for|take|want|jump\s+at|be\s+open\s+to)(?:\s+to\s+(?:become|be|move\s+(?:in)?to|do))?"
    r"|\blooking\s+for|\binterested\s+in|\bkeen\s+on|\bprefers?|\bpreferring|\baiming\s+(?:for|at)|\btargeting|\bhoping\s+for"
    r"|\beyeing|\bsees?\s+(?:him|her|them)sel(?:f|ves)\s+as|\bonly\s+(?:considering|interested\s+in)|\bconsidering|\bopen\s+to"
    r"|\bnext\s+step\s+(?:is|would\s+be|as)|\bgoal\s+is|\bpref\s*[:.]|\btarget\s*:|\bideal\s+next\s+(?:role|job|move)\s*(?:is|would\s+be)?\s*[:=-]?"
    r")",
    re.I,
)
NEGATION_BEFORE = re.compile(
    r"(?:\bnot|\bno|\bnever|n't|\bnt|\bdoesnt|\bdont|\bwont|\bisnt|\bno\s+longer|\bnor|\bwithout)\s+(?:\w+\s+){0,2}$", re.I
)
OTHER_PEOPLE = {
    "manager",
    "boss",
    "company",
    "client",
    "wife",
    "husband",
    "partner",
    "team",
    "hm",
    "cto",
    "ceo",
    "recruiter",
    "friend",
    "brother",
    "sister",
    "referrer",
    "employer",
    "mgr",
    "who",
    "colleague",
    "coworker",
    "spouse",
    "family",
    "kids",
}
SUBJECT_OK = {
    "he",
    "she",
    "they",
    "i",
    "candidate",
    "cand",
    "said",
    "says",
    "mentioned",
    "also",
    "still",
    "really",
    "now",
    "sees",
    "see",
}
LEADING_FILLER_RE = re.compile(
    r"^[\s:=>-]*(?:\s*(?:(?:to\s+)?(?:be\s+)?back\s+(?:in\s+(?:the\s+)?office\s+)?(?:in|to)|a|an|the|another|some|similar|something\s+(?:like|as)|roles?\s+(?:as|like)|to\s+be|to\s+become|be|become|being|becoming"
    r"|(?:to\s+)?(?:move|relocate|go|get|step|transition|go\s+back|move\s+back)\s+(?:in)?to|(?:relocating|moving|going|transitioning)\s+(?:back\s+)?(?:in)?to"
    r"|(?:to\s+)?(?:be|live|work|stay)\s+(?:based\s+)?(?:in|near|around)|(?:a\s+)?(?:role|job|position|move|opportunity|opportunities|something)\s+(?:as|in|to|near)"
    r"|(?:roles?|jobs?|positions?|opportunities)\s+(?:in|near)|into|in|at\s+the\s+level\s+of|a\s+level\s+up\s+to|going\s+for|taking)\b[\s:,-]*)*",
    re.I,
)
AFTER_TITLE_RE = re.compile(
    r"^(?:\s*(?:roles?|positions?|jobs?|opportunit(?:y|ies)|openings?|track|level|type\s+roles?|work)\b)?\s*(?P<sep>,|/|-|–|\||\(|@|\bin\b|\bbased\s+in\b|\blocated\s+in\b|\bnear\b|\baround\b|\bout\s+of\b|\bor\b|\bfor\b)?\s*(?:(?:ideally|preferably|ideally\s+in|preferably\s+in)\s+)?",
    re.I,
)
TITLE_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9'’+]*\.?|&|/")
# words between a title and what ends it: nothing after them is part of the wish
WISH_STOP_RE = re.compile(
    r"\b(?:call|ping|f/?u|follow|check|circle|touch|reach|but|when|if|once|after|before|until|till|by|because|since|who|which|currently|now|then|next|maybe|probably|ideally|eventually|also|and\s+(?:wants|would|is|call|ping|f/?u))\b",
    re.I,
)
LOWERCASE_CITIES = {
    "london",
    "berlin",
    "toronto",
    "paris",
    "amsterdam",
    "dublin",
    "munich",
    "portland",
    "miami",
    "atlanta",
    "vancouver",
    "montreal",
    "sydney",
    "melbourne",
    "singapore",
    "bangalore",
    "houston",
    "phoenix",
    "philadelphia",
    "san diego",
    "nashville",
    "pittsburgh",
    "detroit",
    "madrid",
    "barcelona",
    "lisbon",
    "stockholm",
    "zurich",
    "tel aviv",
    "new york",
    "san francisco",
    "los angeles",
}


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Every token a typed title can be made of (the title parser's own vocabulary)."""
    words: set[str] = {"of", "and", "&", "/", "ii", "iii", "iv", "front", "back", "end", "full", "stack", "ops", "dev"}
    words |= {"vice", "president", "level", "entry", "new", "grad", "human", "resources", "machine", "learning", "tech"}
    words |= {"technical", "individual", "contributor", "ic", "head", "em", "swe", "sde", "vp", "svp", "group"}
    for table in (titles.FAMILIES, titles.AREAS):
        for phrases in table.values():
            for p in phrases:
                words |= set(p.replace("ml_", "ml").split())
    words |= set(titles.SENIORITY_WORDS) | set(titles.ABBREVIATIONS) | set(titles.LEVELS) | set(titles.SPECIALISATIONS)
    for expanded in titles.ABBREVIATIONS.values():
        words |= set(expanded.split())
    return frozenset(w.strip(".").lower() for w in words) - {"it", "information", "a", "the", "in", "to", "or"}


def _title_at(text: str) -> tuple[titles.Title, int] | None:
    """The longest run of title words at the start of ``text`` that reads as a known title,
    and where it ends; None when the words are not a title ("lead a team", "more dev work")."""
    vocab = _title_words()
    ends: list[int] = []
    for m in TITLE_TOKEN_RE.finditer(text):
        gap = text[ends[-1] if ends else 0 : m.start()]
        if gap.strip(" -,") or ("," in gap and titles.parse_title(text[: ends[-1]]).known):
            break  # punctuation ends the title ("UX Designer, New York"); "Director, Data Science" is one
        if m.group(0).lower().strip(".’'") not in vocab:
            break
        ends.append(m.end())
        if len(ends) >= 8:
            break
    for k in range(len(ends), 0, -1):
        candidate = text[: ends[k - 1]]
        if re.search(r"(?:\bof|\band|&|/)\s*$", candidate, re.I):
            continue
        title = titles.parse_title(candidate)
        if title.known:
            return title, ends[k - 1]
    return None


def _trusted_place(typed: str, place: Place) -> bool:
    """A place read from free text is kept only when the words really name it: capitalised
    (or a big city in lower case) and not a gazetteer's alternate name ("Google" -> Topeka)."""
    if place.remote:
        return True
    key = place_fold(typed)
    head = key.split(" ")[0] if key else ""
    if key in CITY_ALIASES or key in METRO_ALIASES:
        return True
    names = [place_fold(n) for n in (place.city, place.text) if n]
    if not any(n.startswith(head) for n in names) and not any(n.startswith(key[:4]) for n in names):
        return False
    if typed[:1].isupper():
        return True
    metro_cities = {place_fold(c) for _, _, cities in METROS.values() for c in cities} | {place_fold(m) for m in METROS}
    city = place_fold(place.city or "")
    return (
        city in metro_cities
        or city in LOWERCASE_CITIES
        or (place.city is None)
        or "," in typed
        or len(key.split()) > len(city.split())
    )


PLACE_END_RE = re.compile(
    r"\s*(?:$|[,.;:!?)(\[\]/|-]|(?:or|and|for|area|metro|next|someday|eventually|ideally|asap|soon|too|though|only|long\s+term|preferably"
    r"|please|pls|if|but|when|once|because|since|call|ping|f/?u|follow|check|circle|touch|reach|now|then|maybe|probably|also|in\s+(?:\d|q[1-4]|the\s+(?:spring|summer|fall|autumn|winter|future)|a\s+(?:few|couple)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|(?:19|20)\d\d|future))\b|(?-i:[A-Z]))",
    re.I,
)
REMOTE_PAREN_RE = re.compile(r"\s*\((?:fully\s+)?(?:remote|wfh)[^)]*\)", re.I)


def _places_at(text: str) -> tuple[list[Place], int] | None:
    """The longest run of words at the start of ``text`` that names known places and is
    followed by the end of the wish, and where it ends ("Denver, call back in Q3" -> Denver;
    "Nice weather" -> nothing)."""
    stop = WISH_STOP_RE.search(text)
    limit = stop.start() if stop else len(text)
    hard = re.search(r"[.;:(\[]|\s-\s|->", text[:limit])
    limit = hard.start() if hard else limit
    ends = [m.end() for m in re.finditer(r"[^\s,/]+", text[:limit])][:7]
    for end in reversed(ends):
        candidate = text[:end].rstrip(" ,/-")
        end = len(candidate)
        if not PLACE_END_RE.match(text[end:]):
            continue
        found = parse_locations(candidate)
        if found and all(p.known for p in found) and all(_trusted_place(_typed_part(candidate, p), p) for p in found):
            paren = REMOTE_PAREN_RE.match(text[end:])
            if paren and not any(p.remote for p in found):
                return [*found, *parse_locations("Remote")], end + paren.end()
            return found, end
    return None


def _typed_part(candidate: str, place: Place) -> str:
    """The piece of ``candidate`` a place came from (for the capitalisation check)."""
    if place.remote:
        return "remote"
    pieces = [p.strip() for p in re.split(r"\s*(?:;|\||/|\+|&|\bor\b|\band\b)\s*", candidate) if p.strip()]
    if len(pieces) == 1:
        return pieces[0]
    for piece in pieces:
        if parse_locations(piece) and parse_locations(piece)[0] == place:
            return piece
    return candidate


@dataclass
class _Wish:
    title: titles.Title | None = None
    title_words: str = ""
    places: list[Place] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)
    quote: str = ""
    explicit_place: bool = False  # after "future location:": says where, not whether remote suits


ROLES_IN_RE = re.compile(
    r"(?:hearing\s+about\s+)?(?:[\w+.]+\s+){0,3}?(?:roles?|jobs?|positions?|opportunit(?:y|ies)|openings?)\s+(?:in|based\s+in|near|around)\s+",
    re.I,
)


def _wish_after(clause: str, start: int, base: int, place_trigger: bool = False) -> _Wish | None:
    """Read "<title> [in|,|-] <places>" or "<places>" from ``clause[start:]``; a remote-only
    place counts as a place only after an explicit "future location:"."""
    rest = clause[start:]
    filler = LEADING_FILLER_RE.match(rest)
    skip = filler.end() if filler else 0
    if not rest[skip:].strip() and filler:
        return None
    pos = start + skip
    wish = _Wish()
    title = _title_at(clause[pos:])
    end = pos
    if title:
        wish.title, end = title[0], pos + title[1]
        wish.title_words = clause[pos:end]
        after = AFTER_TITLE_RE.match(clause[end:])
        place_start = end + (after.end() if after else 0)
        paren = (
            re.match(r"[^)]{1,40}\)\s*(?:in\b|,|-|based\s+in\b)?\s*", clause[place_start:])
            if after and after.group("sep") == "("
            else None
        )
        found = _places_at(clause[place_start:])
        if not found and paren:  # "Senior Data Engineer (Spark) in Austin"
            place_start += paren.end()
            found = _places_at(clause[place_start:])
        if found:
            wish.places, end = found[0], place_start + found[1]
        elif not _ends_wish(clause[end:]):
            return None  # "dev work": title words followed by something else
    else:
        found = _places_at(clause[pos:])
        if not found:
            roles = ROLES_IN_RE.match(clause[pos:])  # "Staff+ roles in SF", "Principal roles in Toronto"
            found = _places_at(clause[pos + roles.end() :]) if roles else None
            pos = pos + roles.end() if found else pos
        if not found or (all(p.remote for p in found[0]) and not place_trigger):
            return None
        if re.match(r"\s*(?:roles?|jobs?|positions?|openings?|reqs?|office|team)\b", clause[pos + found[1] :], re.I):
            return None  # "interested in the Austin role": a job, not where they want to be
        wish.places, end = found[0], pos + found[1]
    wish.span = (base + pos, base + end)
    wish.quote = clause[pos:end].strip(" ,-")
    wish.explicit_place = place_trigger
    return wish


TITLE_END_RE = re.compile(
    r"\s*(?:$|[,;:)(.!?/\-]|(?:roles?|positions?|jobs?|opportunit(?:y|ies)|openings?|track|level|at|@|with|there|too|someday|eventually|ideally|asap|soon|though|next|again|long\s+term|lol|please|in\s+(?:\d|a\s+(?:few|couple)|the\s+future)|type)\b)",
    re.I,
)


def _ends_wish(rest: str) -> bool:
    """After a title: the end of the clause, a separator, a role word, or words that start
    something else ("Staff DE there", "CTO at a startup"); not more words ("dev work")."""
    return bool(TITLE_END_RE.match(rest)) or bool(WISH_STOP_RE.match(rest.strip()))


CLAUSE_STARTERS = SUBJECT_OK | {
    "definitely",
    "ideally",
    "eventually",
    "probably",
    "maybe",
    "def",
    "prob",
    "but",
    "and",
    "future",
    "next",
}


def _allowed_subject(clause: str, trigger_start: int, arrow: bool = False) -> bool:
    """The candidate is the one who wants it: not negated, not "Anna wants", not "his manager wants"."""
    before = clause[:trigger_start]
    if NEGATION_BEFORE.search(before):
        return False
    m = re.search(r"([A-Za-z'’]+)\s*$", before)
    if arrow or not m:
        return True
    last = m.group(1)
    if last.lower() in OTHER_PEOPLE:
        return False
    if last[0].isupper():
        return last.lower() in CLAUSE_STARTERS  # a name right before "wants" is someone else
    return True


WISH_WORDS = (
    "want",
    "wnat",
    "watn",
    "futur",
    "next",
    "dream",
    "target",
    "ideal",
    "prefer",
    "desired",
    "->",
    "=>",
    "→",
    "would",
    "wd ",
)
WISH_WORDS += (
    "'d ",
    "looking",
    "interest",
    "keen",
    "aim",
    "hoping",
    "eyeing",
    "sees",
    "only",
    "consider",
    "open to",
    "goal",
    "pref",
)
FOLLOW_WORDS = (
    "f/u",
    "f.u",
    "fu",
    "follow",
    "call",
    "ping",
    "check",
    "circle",
    "touch",
    "contact",
    "connect",
    "engage",
    "try",
    "revisit",
)
FOLLOW_WORDS += (
    "remind",
    "nudge",
    "speak",
    "talk",
    "ring",
    "until",
    "till",
    "before",
    "avail",
    "free",
    "after",
    "maybe",
    "possib",
)
FOLLOW_WORDS += ("prob", "back", "reach", "chase", "market")


def _wishes(clause: str, base: int) -> list[_Wish]:
    out: list[_Wish] = []
    low = clause.lower()
    if not any(w in low for w in WISH_WORDS):
        return out
    for m in WISH_TRIGGER_RE.finditer(clause):
        if not _allowed_subject(clause, m.start(), arrow=m.group(0).strip() in ("->", "=>", "→")):
            continue
        wish = _wish_after(clause, m.end(), base, bool(re.search(r"\b(?:location|loc|place)\b", m.group(0), re.I)))
        if wish:
            wish.span = (base + m.start(), wish.span[1])
            out.append(wish)
    return out


PLACE_ONLY_RE = re.compile(r"(?:^|,\s*)\s*(?P<place>[A-Z][\w .,'’-]{1,40}?)\s+only\b")
RELOCATE_TO_RE = re.compile(
    r"\b(?:would|could|will|can|happy\s+to|willing\s+to|open\s+to|plans?\s+to|planning\s+to|wants?\s+to|hoping\s+to|keen\s+to|considering|thinking\s+(?:of|about))\s+"
    r"(?:consider\s+)?(?:relocat(?:e|ing)|mov(?:e|ing)|go(?:ing)?\s+back)\s+(?:back\s+)?to\s+|\b(?:relocating|moving)\s+(?:back\s+)?to\s+(?=[A-Z])",
    re.I,
)

# --- open to remote ---------------------------------------------------------------------------

REMOTE_NO_RE = re.compile(
    r"\b(?:no|not|won'?t|doesn'?t\s+want|does\s+not\s+want|not\s+open\s+to|not\s+interested\s+in|hates|against|dislikes?|no\s+to)\s+(?:fully\s+)?(?:remote|wfh)\b"
    r"|\b(?:in[\s-]office|on[\s-]?site|onsite)\s+only\b|\bwants\s+(?:to\s+be\s+)?(?:back\s+)?in\s+(?:the\s+)?office\b|\bno\s+remote\b",
    re.I,
)
REMOTE_ONLY_RE = re.compile(
    r"\bremote[\s-]only\b|\bonly\s+(?:wants\s+|considering\s+|open\s+to\s+)?(?:fully\s+)?remote\b|\bmust\s+be\s+remote\b|\b100\s?%\s+remote\b|\bfully\s+remote\s+only\b",
    re.I,
)
REMOTE_YES_RE = re.compile(
    r"\b(?:open\s+to|ok\s+with|okay\s+with|fine\s+with|happy\s+with|likes|wants|prefers?|would\s+(?:do|take|consider|love|like)|considering|loves?|interested\s+in)\s+(?:a\s+)?(?:fully\s+)?(?:remote|wfh|working\s+from\s+home)\b"
    r"|\bremote\s+(?:is\s+)?(?:ok|okay|fine|works|pref(?:erred)?|friendly|preferred|welcome)\b|\bremote\s+or\s+relocat\w*|\bremote\s*(?:/|or)\s*hybrid\b|\bhybrid\s*(?:/|or)\s*remote\b|\bopen\s+to\s+remote\b",
    re.I,
)
HYBRID_RE = re.compile(
    r"\b(?:prefers?|wants|likes|open\s+to|ok\s+with|okay\s+with|can\s+do|fine\s+with|happy\s+with)\s+hybrid\b|\bhybrid\s+(?:is\s+)?(?:ok|okay|only|pref(?:erred)?|fine)\b",
    re.I,
)
RELOCATE_RE = re.compile(
    NEG
    + r"\b(?:open\s+to|willing\s+to|would|happy\s+to|could|can|will|ok\s+to|okay\s+to|considering|considers?|up\s+for)\s+(?:consider\s+)?(?:relocat\w*|mov(?:e|ing))\b"
    r"|\brelocation\s+(?:is\s+)?(?:ok|okay|fine|possible)\b|\bopen\s+to\s+relocation\b|\bwill(?:ing)?\s+to\s+relocate\b"
    r"|" + NEG + r"\bwants?\s+to\s+relocate\b|\bremote\s+or\s+relocat\w*",
    re.I,
)
RELOCATE_REFUSED_RE = re.compile(
    r"\b(?:not|won'?t|wont|can'?t|cannot|never|no)\s+(?:\w+\s+){0,2}(?:relocat\w*|mov(?:e|ing))\b", re.I
)


def _remote_answer(clause: str) -> tuple[str, re.Match[str]] | None:
    if not REMOTE_HINT_RE.search(clause):
        return None
    if m := REMOTE_NO_RE.search(clause):
        return "No", m
    if m := REMOTE_ONLY_RE.search(clause):
        return "Remote only", m
    yes = REMOTE_YES_RE.search(clause)
    relocate = RELOCATE_RE.search(clause)
    if relocate and RELOCATE_REFUSED_RE.search(clause):
        relocate = None
    if yes and relocate:
        return "Remote or relocate", yes if yes.start() < relocate.start() else relocate
    if yes:
        return "Yes", yes
    if relocate:
        return "Relocate", relocate
    if m := HYBRID_RE.search(clause):
        return "Hybrid", m
    return None


# --- call-backs -------------------------------------------------------------------------------

FOLLOW_UP_RE = re.compile(
    r"\b(?:f/u|f/up|f\.u\.|fu|chase|(?:back\s+)?on\s+the\s+market(?=\s+(?:in|from|after|by|around|early|late|mid|next)\b)|follow[\s-]?up|followup|call\s*back|callback|ping|check\s*back|check[\s-]in|circle\s*back|touch\s*base|re-?contact|reconnect|re-?engage"
    r"|reach\s+out\s+again|try\s+(?:again|back)|revisit|get\s+back\s+in\s+touch|back\s+in\s+touch|contact\s+again|remind(?:er)?(?:\s+me)?|nudge|speak\s+again|talk\s+again"
    r"|call(?:\s+(?:him|her|them))?(?:\s+(?:again|back))?(?!\s+in\s+(?:the\s+)?future)(?=\s+(?:in|after|on|next|around|early|late|mid|end|by|q[1-4]|\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|fall|autumn|winter)\b)"
    r"|ring\s+(?:(?:him|her|them)\s+)?(?:back|again)|(?:not\s+(?:looking|moving|available|ready|open|interested)|not\s+now|busy|locked\s+in|staying)\s+(?:\w+\s+){0,2}(?:until|till|before)"
    r"|available\s+(?:from|after|in)|free\s+(?:from|after)|after\s+(?:(?:his|her|their|the)\s+)?(?:bonus|vest(?:ing)?|rsus?|cliff|promo(?:tion)?|review|equity|payout|annual\s+bonus)"
    r"|(?:^|(?<=[,;]\s))\s*(?:maybe|try|possibly|prob(?:ably)?|back)(?=\s)"
    r")(?![A-Za-z])",
    re.I,
)
NO_DATE_OK_RE = re.compile(r"^(?:check[\s-]in|remind|nudge|revisit|reconnect|re-?engage|maybe|try|possibly|prob|back)", re.I)


DATE_HINT_RE = _Cue(
    r"\d|\bq[1-4]\b|\bh[12]\b|spring|summer|fall|autumn|winter|year|month|week|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|holiday|christmas|xmas|eo[ymq]\b|half|quarter"
)
BARE_TIME_RE = re.compile(r"^\W*(?:maybe\s+|try\s+|poss(?:ibly)?\s+|prob(?:ably)?\s+|revisit\s+|back\s+)?(?P<time>.+?)\W*$", re.I)


def _bare_time(clause: str, base: int, anchor: date | None) -> Proposal | None:
    """A clause that is only a time ("Next spring.", "Q3 2027?") is when to call back."""
    if len(clause) > 40 or not DATE_HINT_RE.search(clause):
        return None
    m = BARE_TIME_RE.match(clause)
    found = find_fuzzy_date(m["time"], anchor=anchor) if m and may_start_with_date(m["time"]) else None
    if not found or found.words.lower() != m["time"].strip().lower():
        return None
    words = clause.strip(" ,-.?!")
    span = (base + clause.index(words), base + clause.index(words) + len(words))
    if not found.readable:
        return Proposal(FOLLOW_UP_ON, None, words, span, anchor, found.problem)
    return Proposal(FOLLOW_UP_ON, found.date, words, span, anchor, precision=found.precision)


@lru_cache(maxsize=200_000)
def _follow_trigger(clause: str) -> re.Match[str] | None:
    low = clause.lower()
    m = FOLLOW_UP_RE.search(clause) if any(w in low for w in FOLLOW_WORDS) else None
    return m


def _follow_up(clause: str, base: int, anchor: date | None) -> Proposal | None:
    m = _follow_trigger(clause)
    if not m:
        return _bare_time(clause, base, anchor)
    if re.match(r"\s*(?:up\s+)?(?:with|on)\b(?!\s+\d)", clause[m.end() :], re.I):
        return None
    window = clause[m.start() : m.end() + 60]
    found = find_fuzzy_date(window, anchor=anchor)
    if found is None or re.search(r"[.;]", window[: found.span[0]]):
        if NO_DATE_OK_RE.match(m.group(0).strip()):
            return None  # "maybe", "check in" without a time say nothing
        words = clause[m.start() :].strip(" ,-")
        return Proposal(FOLLOW_UP_ON, None, words, (base + m.start(), base + len(clause)), anchor, f"no date in {words!r}")
    end = m.start() + found.span[1]
    words = clause[m.start() : end].strip(" ,-")
    span = (base + m.start(), base + end)
    if not found.readable:
        return Proposal(FOLLOW_UP_ON, None, words, span, anchor, found.problem)
    return Proposal(FOLLOW_UP_ON, found.date, words, span, anchor, precision=found.precision)


# --- reading a note ----------------------------------------------------------------------------

ANY_SIGNAL_RE = _Cue(
    r"want|wnat|watn|futur|next|->|=>|→|would|'d|prefer|interest|keen|consider|open|remote|wfh|hybrid|reloc|mov|looking|target|goal|aim|hope|eye|sees|pref|ideal|dream"
    r"|f/u|f\.u|\bfu\b|follow|call|ping|check|circle|touch|contact|connect|engage|try|revisit|touch|remind|nudge|speak|talk|ring|until|till|avail|free|after|maybe|possibl|prob|back"
    r"|\bq[1-4]\b|\bh[12]\b|\d|spring|summer|fall|autumn|winter|year|month|week|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|site|office|only"
    r"|outreach|accept|through|start|look|explor|chat|change|stay|currently|further|reach"
    r"|dnc|d\.n\.c|remove|unsubscri|opt|stop|gdpr|forgotten|blacklist|place|hired|joined|started|not|happy|just|staying|passive|later|soon|timing|market|work|laid|hunting|ready|declin"
)


def _clean(value: Any) -> str:
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 2027 typed, read back as 2027.0 (one distinct cell with 2027 for pandas)
    return str(value)


def _read(text: str, anchor: date | None) -> NoteReading:
    """Read without an anchor first (cached per text): only a note whose call-back counts from
    a date it does not carry ("f/u 6 months") is read again from ``anchor``."""
    plain = _read_from(text, None)
    return _read_from(text, anchor) if anchor is not None and plain.needs_anchor else plain


@lru_cache(maxsize=200_000)
def _read_from(text: str, anchor: date | None) -> NoteReading:
    if not text.strip() or not ANY_SIGNAL_RE.search(text):
        return EMPTY_READING
    found: dict[str, tuple[tuple[date, int], Proposal]] = {}
    title_wish: tuple[tuple[date, int], _Wish, date | None] | None = None
    place_wish: tuple[tuple[date, int], _Wish, date | None] | None = None
    status_seen: dict[str, tuple[tuple[date, int], Proposal]] = {}
    order, needs_anchor = 0, False
    for start, end, noted in _entries(text):
        when = noted or anchor
        for c_start, c_end in _clauses(text, start, end):
            order += 1
            key = (noted or date.min, order)
            facts = _clause_facts(text[c_start:c_end], when)
            for wish in (_shift_wish(w, c_start) for w in facts.wishes):
                if wish.title:
                    title_wish = (key, wish, noted)
                if (
                    wish.places
                    and (not all(p.remote for p in wish.places) or not wish.title)
                    and not (place_wish and place_wish[0] == key and not wish.title)
                ):
                    place_wish = (key, wish, noted)
            if facts.status:
                status_seen[facts.status.value] = (key, _shift(facts.status, c_start, noted))
            if facts.remote:
                found[OPEN_TO_REMOTE] = (key, _shift(facts.remote, c_start, noted))
            follow = _shift(facts.follow_up, c_start, noted) if facts.follow_up else None
            needs_anchor |= bool(follow and NO_ANCHOR in follow.problem)
            if follow and (FOLLOW_UP_ON not in found or found[FOLLOW_UP_ON][1].value is None or follow.value is not None):
                found[FOLLOW_UP_ON] = (key, follow)
    proposals = [p for _, p in found.values()]
    if status_seen:
        proposals.append(_pick_status(status_seen))
    wish_text, wish_noted = "", None
    if title_wish:
        _, wish, noted = title_wish
        proposals.append(Proposal(FUTURE_TITLE, wish.title.text, _words(text, wish), wish.span, noted))
        wish_text, wish_noted = wish.quote, noted
    if place_wish:
        _, wish, noted = place_wish
        proposals.append(Proposal(FUTURE_LOCATION, "; ".join(p.text for p in wish.places), _words(text, wish), wish.span, noted))
        if not title_wish or title_wish[1] is not wish:
            wish_text = f"{wish_text} in {wish.quote}" if wish_text and not wish.title else wish.quote
            wish_noted = wish_noted or noted
    remote_wish = next(
        (w for w in (place_wish, title_wish) if w and any(p.remote for p in w[1].places) and not w[1].explicit_place), None
    )
    if remote_wish and OPEN_TO_REMOTE not in found:
        proposals.append(Proposal(OPEN_TO_REMOTE, "Yes", _words(text, remote_wish[1]), remote_wish[1].span, remote_wish[2]))
    order_of = {f: i for i, f in enumerate(FIELDS)}
    return NoteReading(tuple(sorted(proposals, key=lambda p: order_of[p.field])), wish_text, wish_noted, needs_anchor)


def _words(text: str, wish: _Wish) -> str:
    return text[wish.span[0] : wish.span[1]].strip(" ,;-")


def _place_wishes(clause: str, base: int) -> list[_Wish]:
    """Places wanted without a title trigger: "would relocate to Denver", "Denver only"."""
    out: list[_Wish] = []
    low = clause.lower()
    if "mov" not in low and "reloc" not in low and "only" not in low and "back" not in low:
        return out
    for m in RELOCATE_TO_RE.finditer(clause):
        if _allowed_subject(clause, m.start()):
            place = _places_at(clause[m.end() :])
            if place:
                out.append(
                    _Wish(
                        places=place[0],
                        span=(base + m.start(), base + m.end() + place[1]),
                        quote=clause[m.end() : m.end() + place[1]].strip(" ,"),
                    )
                )
    for m in PLACE_ONLY_RE.finditer(clause):
        place = _places_at(m.group("place"))
        if place and place[1] >= len(m.group("place").rstrip(" ,")) and not any(p.remote for p in place[0]):
            out.append(_Wish(places=place[0], span=(base + m.start("place"), base + m.end()), quote=m.group("place").strip()))
    return out


@dataclass(frozen=True)
class _ClauseFacts:
    wishes: tuple[_Wish, ...]
    status: Proposal | None
    remote: Proposal | None
    follow_up: Proposal | None


NO_FACTS = _ClauseFacts((), None, None, None)


@lru_cache(maxsize=200_000)
def _clause_static(clause: str) -> _ClauseFacts:
    """What one clause says apart from its call-back (spans within the clause); cached per
    clause text, whatever the anchor: sheets repeat clauses."""
    if not ANY_SIGNAL_RE.search(clause):
        return NO_FACTS
    hint = _status_hint(clause)
    status = Proposal(STATUS, hint[0], clause.strip(" ,-"), (0, len(clause))) if hint else None
    remote = _remote_answer(clause)
    remote_p = Proposal(OPEN_TO_REMOTE, remote[0], remote[1].group(0).strip(), remote[1].span()) if remote else None
    return _ClauseFacts(tuple(_wishes(clause, 0) + _place_wishes(clause, 0)), status, remote_p, None)


def _clause_facts(clause: str, when: date | None) -> _ClauseFacts:
    static = _clause_static(clause)
    follow = _follow_up(clause, 0, when)
    if follow is None:
        return static
    return _ClauseFacts(static.wishes, static.status, static.remote, follow)


def _shift(p: Proposal, by: int, noted: date | None) -> Proposal:
    return Proposal(p.field, p.value, p.words, (p.span[0] + by, p.span[1] + by), noted, p.problem, p.precision)


def _shift_wish(w: _Wish, by: int) -> _Wish:
    return _Wish(w.title, w.title_words, list(w.places), (w.span[0] + by, w.span[1] + by), w.quote, w.explicit_place)


def _pick_status(seen: dict[str, tuple[tuple[date, int], Proposal]]) -> Proposal:
    """Do not contact beats placed beats everything; otherwise the latest line wins."""
    for strong in (DO_NOT_CONTACT, PLACED):
        if strong in seen:
            return seen[strong][1]
    return max(seen.values(), key=lambda kv: kv[0])[1]


def read_note(text: Any, *, anchor: date | None = None) -> NoteReading:
    """What one note says. ``anchor`` is the day relative call-backs count from when the
    note's line carries no date of its own (talentsheet passes the Last contacted date)."""
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    return _read(_clean(text), anchor)


# --- a whole frame -----------------------------------------------------------------------------

READING_COLUMNS = [
    *(c for f in FIELDS for c in (f, f"{f}_words")),
    "follow_up_on_precision",
    "follow_up_on_problem",
    "noted_on",
    "wish",
]


def _anchor(value: Any) -> date | None:
    return parse_date(value)


def _distinct(series: pd.Series, fn: Any) -> tuple[np.ndarray, list[Any]]:
    """(code per row, ``fn`` of each distinct value); empty cells get the last code."""
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    values = [fn(v) for v in uniques] + [fn(None)]
    return np.where(codes < 0, len(uniques), codes), values


def read_notes(df: pd.DataFrame, *, notes: str = "notes", anchor: str = "last_contacted") -> pd.DataFrame:
    """One row per candidate row (same index): every value the notes propose, the words it
    came from, the call-back's precision or problem, and the wish as typed. Each distinct
    (note, anchor) pair is read once."""
    return pd.DataFrame(reading_values(df, notes=notes, anchor=anchor), index=df.index, columns=READING_COLUMNS, dtype=object)


def reading_values(df: pd.DataFrame, *, notes: str = "notes", anchor: str = "last_contacted") -> np.ndarray:
    """:func:`read_notes` as an object array (rows x ``READING_COLUMNS``), without the frame."""
    if notes not in df.columns or not len(df):
        return np.full((len(df), len(READING_COLUMNS)), None, dtype=object)
    codes, uniques = pd.factorize(df[notes].astype(object), use_na_sentinel=True)
    return readings_of(codes, pd.Index(uniques, dtype=object), df[anchor] if anchor in df.columns else None)


def readings_of(codes: np.ndarray, notes: pd.Index, anchors: pd.Series | None) -> np.ndarray:
    """:func:`reading_values` of notes given as distinct cells (``notes``) and a code per row
    into them (-1 for an empty cell), for callers that have the distinct notes already. Only
    the notes some row uses are read."""
    if not len(codes):
        return np.full((0, len(READING_COLUMNS)), None, dtype=object)
    if anchors is not None:
        anchor_codes, anchor_values = _distinct(anchors, _anchor)
    else:
        anchor_codes, anchor_values = np.zeros(len(codes), dtype=np.int64), [None]
    width, empty = len(anchor_values) + 1, len(notes)
    pair_codes, pairs = pd.factorize(np.where(codes < 0, empty, codes).astype(np.int64) * width + anchor_codes)
    pairs = np.asarray(pairs)
    texts = _note_texts(notes, pairs // width, empty)
    with gc_paused():  # the readings are cached: many small objects that live on
        table = [_reading_tuple(t, anchor_values[a]) for t, a in zip(texts, (pairs % width).tolist(), strict=True)]
    values = np.empty((len(table), len(READING_COLUMNS)), dtype=object)
    values[:] = table
    return values[pair_codes]


def _note_texts(notes: pd.Index, picks: np.ndarray, empty: int) -> list[str]:
    """The text to read of each picked distinct note (``empty``: the empty cell, "")."""
    taken = notes.take(np.where(picks == empty, 0, picks)).tolist() if len(notes) else [None] * len(picks)
    return [v if type(v) is str else _clean(v) for v in np.where(picks == empty, None, np.asarray(taken, dtype=object))]


@lru_cache(maxsize=200_000)
def _reading_tuple(text: str, anchor: date | None) -> tuple[Any, ...]:
    """The reading of one (note, anchor) as a row of ``READING_COLUMNS``: kept between calls,
    since matching several openings on one sheet reads the same notes each time."""
    return tuple(_reading_row(_read(text, anchor)))


def _reading_row(r: NoteReading) -> list[Any]:
    row: list[Any] = []
    noted: date | None = r.wish_noted_on
    by_field = {p.field: p for p in r.proposals}
    for f in FIELDS:
        p = by_field.get(f)
        row += [None, None] if p is None else [p.value, p.words]
        if p is not None and noted is None:
            noted = p.noted_on
    follow = by_field.get(FOLLOW_UP_ON)
    row += [follow.precision if follow else None, follow.problem if follow and follow.problem else None, noted, r.wish or None]
    return row


def proposals_of(readings: Iterable[NoteReading]) -> list[Proposal]:
    """All proposals of several readings, flattened (for counts and tests)."""
    return [p for r in readings for p in r.proposals]


def follow_up_still_open(due: Any, noted_on: Any, last_contacted: Any) -> bool:
    """Is a call-back read from the notes still to do? Not once someone was contacted on or
    after the day it names, nor after the dated note line it came from (a later call
    superseded it): "contacted today" clears a note's call-back without editing the note."""
    last = parse_date(last_contacted)
    if last is None:
        return True
    due_day, noted = parse_date(due), parse_date(noted_on)
    if noted is not None and last > noted:
        return False
    return due_day is None or last < due_day
