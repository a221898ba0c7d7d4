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
from .dates import find_fuzzy_date, parse_date, text_date_parts
from .places import CITY_ALIASES, METRO_ALIASES, METROS, Place, parse_locations
from .places import fold as place_fold
from .status import DO_NOT_CONTACT, INTERESTED, NOT_INTERESTED, NOT_NOW, PLACED

__all__ = [
    "FIELDS",
    "NoteReading",
    "Proposal",
    "read_note",
    "read_notes",
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

    def get(self, name: str) -> Proposal | None:
        return next((p for p in self.proposals if p.field == name), None)

    def value(self, name: str) -> Any:
        p = self.get(name)
        return None if p is None else p.value


EMPTY_READING = NoteReading()

# --- lines and clauses ------------------------------------------------------------------------

# "Jordan Reyes (6/13/2026): ...", "2026-03-14: ...", "[14 Mar 2026] ...", "3/14/26 - ..."
ENTRY_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=\|\s)|(?<=;\s)|(?<=\.\s))\s*"
    r"(?:(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*)?"
    r"[(\[](?P<d1>[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|[0-9]{1,2}\s+[A-Za-z]{3,9}\.?\s+[0-9]{4})[)\]]\s*[:\-–]?\s*"
    r"|(?:^|(?<=\n))\s*(?P<d2>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})\s*[:\-–]\s*"
)
ABBREVIATION_DOT = re.compile(r"\b(?:sr|jr|snr|st|dr|mr|ms|mrs|vs|approx|e\.g|i\.e|etc|u\.s|u\.k|mgr|eng|dir|assoc|prin|no)\.$", re.I)
CLAUSE_BREAK = re.compile(r";|\n|\|| - (?=[A-Za-z])|!|\?|\.(?=\s|$)")


def _entries(text: str) -> list[tuple[int, int, date | None]]:
    """(start, end, date) of each dated line; undated text is one entry without a date."""
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
    parts = text_date_parts(text.replace(".", "/") if re.match(r"\d{1,2}\.\d", text) else text)
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


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
    r"|\bright\s+to\s+be\s+forgotten\b|\bblacklist(?:ed)?\b|\bdo\s+not\s+call\b(?!\s+(?:before|after|at|on|during|until|his|her|their|the|work|cell|mobile))",
    re.I,
)
CHANNEL_ONLY_RE = re.compile(r"\b(?:email|text|linkedin|inmail|whatsapp|sms|messages?)\s+only\b|\bprefers?\s+(?:email|text)", re.I)
PLACED_RE = re.compile(
    NEG + r"\bplaced\s+(?:(?:him|her|them)\s+)?(?:at|with|into|in\s+(?:a|the)\s+role|by\s+(?:me|us)|via\s+(?:me|us))\b"
    r"|\b(?:i|we|we've|i've|successfully)\s+placed\b|\bour\s+placement\b|\bplacement\s+(?:at|with)\b"
    r"|\bhired\s+(?:through|via|by)\s+(?:me|us|our)\b|\b(?:joined|started\s+at)\s+\w+(?:\s+\w+)?\s+(?:through|via)\s+(?:me|us)\b",
    re.I,
)
NOT_PLACED_RE = re.compile(r"\b(?:not|almost|nearly|never|wasn't|was\s+not|didn't\s+get)\s+(?:\w+\s+)?placed\b|\bplaced\s+on\s+hold\b", re.I)
NOT_NOW_RE = re.compile(
    r"\bnot\s+(?:actively\s+)?looking\b|\bnot\s+now\b|\bnot\s+right\s+now\b|\bnot\s+at\s+the\s+moment\b|\bnot\s+(?:ready|moving)\b"
    r"|\bnot\s+(?:open|available)(?:\s+(?:right\s+)?now|\s+atm|\s+at\s+the\s+moment|\s+to\s+(?:a\s+move|moving|new\s+roles|offers))?\s*$"
    r"|\bhappy\s+(?:where|at\s+\w+|in\s+(?:current|(?:his|her|their)\s+current)|with\s+(?:current|(?:his|her|their)\s+current))\b"
    r"|\bjust\s+(?:started|joined|got\s+promoted|moved\s+jobs)\b|\bstaying\s+put\b|\bnot\s+interested\s+(?:right\s+now|now|atm|at\s+the\s+moment|for\s+now|at\s+this\s+time|yet)\b"
    r"|\bpassive\b|\bmaybe\s+later\b|\btoo\s+soon\b|\bbad\s+timing\b|\bnot\s+a\s+good\s+time\b|\bno\s+interest\s+(?:right\s+now|for\s+now|atm)\b",
    re.I,
)
OPEN_RE = re.compile(
    NEG + r"\bactively\s+looking\b|" + NEG + r"\blooking\s+(?:to\s+move|for\s+(?:a\s+)?new\s+(?:role|job|opportunit\w+)|around|again)\b"
    r"|" + NEG + r"\bopen\s+to\s+(?:new\s+)?(?:opportunities|offers|roles|a\s+move|a\s+change|chat(?:ting)?|conversations|talking|hearing\s+more)\b"
    r"|\bon\s+the\s+market\b|\bopen\s+to\s+work\b|#opentowork\b|\bkeen\s+to\s+(?:talk|chat|move|hear)\b|\bvery\s+interested\b"
    r"|\bready\s+(?:to\s+move|for\s+a\s+(?:move|change))\b|\blaid\s+off\b|\bjob\s+hunting\b|\bopen\s+to\s+new\s+roles\b",
    re.I,
)
NOT_INTERESTED_RE = re.compile(r"^\W*not\s+interested\W*$|^\W*(?:declined|no\s+interest)\W*$", re.I)


def _status_hint(clause: str) -> tuple[str, re.Match[str]] | None:
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
    return None


STATUS_RANK = {DO_NOT_CONTACT: 3, PLACED: 2}

# --- wishes: future title and place -----------------------------------------------------------

WISH_TRIGGER_RE = re.compile(
    r"(?P<trigger>"
    r"\b(?:future|next|dream|target|ideal|preferred|desired)\s*(?:role|job|move|title|position|step|location|loc|place)?\s*(?:is\s+|would\s+be\s+)?(?:[:=]|->|=>|→|-(?=\s))"
    r"|\b(?:if\s+i\s+call(?:ed)?\s+(?:(?:you|him|her|them)\s+)?(?:in\s+(?:the\s+)?future|later|again)?(?:\s+about\s+a\s+role)?|in\s+(?:the\s+)?future)\s*(?:[:,-]\s*)?(?:->|=>|→|:|would\s+be|wants?|=)"
    r"|->|=>|→"
    r"|\bwants?(?:\s+to\s+(?:be|become|move\s+(?:in)?to|go\s+(?:in)?to|get\s+into|step\s+into|step\s+up\s+to|transition\s+(?:in)?to|try|do|grow\s+into))?"
    r"|\bwanting(?:\s+to\s+(?:be|become|move\s+(?:in)?to))?"
    r"|\b(?:would|wd|'d)\s+(?:like|love|prefer|consider|go\s+for|take|want|jump\s+at|be\s+open\s+to)(?:\s+to\s+(?:be|become|move\s+(?:in)?to|do))?"
    r"|\blooking\s+for|\binterested\s+in|\bkeen\s+on|\bprefers?|\bpreferring|\baiming\s+(?:for|at)|\btargeting|\bhoping\s+for"
    r"|\beyeing|\bsees?\s+(?:him|her|them)sel(?:f|ves)\s+as|\bonly\s+(?:considering|interested\s+in)|\bconsidering|\bopen\s+to"
    r"|\bnext\s+step\s+(?:is|would\s+be)|\bgoal\s+is|\bpref\s*[:.]|\btarget\s*:"
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
SUBJECT_OK = {"he", "she", "they", "i", "candidate", "cand", "said", "says", "mentioned", "also", "still", "really", "now"}
LEADING_FILLER_RE = re.compile(
    r"^(?:\s*(?:a|an|the|another|some|similar|something\s+(?:like|as)|roles?\s+(?:as|like)|to\s+be|to\s+become|be|become|being|becoming"
    r"|(?:to\s+)?(?:move|relocate|go|get|step|transition|go\s+back|move\s+back)\s+(?:in)?to|(?:relocating|moving|going|transitioning)\s+(?:back\s+)?(?:in)?to"
    r"|(?:to\s+)?(?:be|live|work|stay)\s+(?:based\s+)?(?:in|near|around)|(?:a\s+)?(?:role|job|position|move|opportunity|opportunities|something)\s+(?:as|in|to|near)"
    r"|(?:roles?|jobs?|positions?|opportunities)\s+(?:in|near)|into|in|at\s+the\s+level\s+of|a\s+level\s+up\s+to|going\s+for|taking)\b[\s:,-]*)+",
    re.I,
)
AFTER_TITLE_RE = re.compile(
    r"^(?:\s*(?:roles?|positions?|jobs?|opportunit(?:y|ies)|openings?|track|level|type\s+roles?|work)\b)?\s*(?P<sep>,|/|-|–|\(|@|\bin\b|\bbased\s+in\b|\blocated\s+in\b|\bnear\b|\baround\b|\bout\s+of\b|\bor\b|\bfor\b)?\s*",
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
    words |= {"technical", "individual", "contributor", "ic", "head", "em", "swe", "sde", "vp", "svp"}
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
        if text[ends[-1] if ends else 0 : m.start()].strip(" -"):
            break  # punctuation between words ends the title ("Senior DE, Austin")
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
        city in metro_cities or city in LOWERCASE_CITIES or (place.city is None) or "," in typed or len(key.split()) > len(city.split())
    )


def _places_at(text: str) -> tuple[list[Place], int] | None:
    """The longest run of words at the start of ``text`` that names known places, and where
    it ends ("Denver, call back in Q3" -> Denver)."""
    stop = WISH_STOP_RE.search(text)
    limit = stop.start() if stop else len(text)
    hard = re.search(r"[.;:(\[]|\s-\s|->", text[:limit])
    limit = hard.start() if hard else limit
    ends = [m.end() for m in re.finditer(r"[^\s,/]+", text[:limit])][:7]
    for end in reversed(ends):
        candidate = text[:end].rstrip(" ,/-")
        found = parse_locations(candidate)
        if found and all(p.known for p in found) and all(_trusted_place(_typed_part(candidate, p), p) for p in found):
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


def _wish_after(clause: str, start: int, base: int) -> _Wish | None:
    """Read "<title> [in|,|-] <places>" or "<places>" from ``clause[start:]``."""
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
        found = _places_at(clause[place_start:])
        if found:
            wish.places, end = found[0], place_start + found[1]
        elif not _ends_wish(clause[end:]):
            return None  # "dev work": title words followed by something else
    else:
        found = _places_at(clause[pos:])
        if not found or all(p.remote for p in found[0]):
            return None
        wish.places, end = found[0], pos + found[1]
    wish.span = (base + pos, base + end)
    wish.quote = clause[pos:end].strip(" ,-")
    return wish


def _ends_wish(rest: str) -> bool:
    """After a title: the end of the clause, a separator, or words that start something else."""
    after = AFTER_TITLE_RE.match(rest)
    tail = rest[after.end() if after else 0 :]
    return not tail.strip() or bool(after and after.group("sep")) or bool(re.match(r"\s*(?:[,;)(.\-]|$)", rest)) or bool(
        WISH_STOP_RE.match(tail.strip())
    )


CLAUSE_STARTERS = SUBJECT_OK | {"definitely", "ideally", "eventually", "probably", "maybe", "def", "prob", "but", "and", "future", "next"}


def _allowed_subject(clause: str, trigger_start: int) -> bool:
    """The candidate is the one who wants it: not negated, not "Anna wants", not "his manager wants"."""
    before = clause[:trigger_start]
    if NEGATION_BEFORE.search(before):
        return False
    words = re.findall(r"[A-Za-z'’]+", before)
    if not words:
        return True
    last = words[-1]
    if last.lower() in OTHER_PEOPLE:
        return False
    if last[0].isupper():
        return last.lower() in CLAUSE_STARTERS  # a name right before "wants" is someone else
    return True


def _wishes(clause: str, base: int) -> list[_Wish]:
    out = []
    for m in WISH_TRIGGER_RE.finditer(clause):
        if not _allowed_subject(clause, m.start()):
            continue
        wish = _wish_after(clause, m.end(), base)
        if wish:
            wish.span = (base + m.start(), wish.span[1])
            out.append(wish)
    return out


RELOCATE_TO_RE = re.compile(
    r"\b(?:would|could|will|can|happy\s+to|willing\s+to|open\s+to|plans?\s+to|planning\s+to|wants?\s+to|hoping\s+to|keen\s+to|considering|thinking\s+(?:of|about))\s+"
    r"(?:consider\s+)?(?:relocat(?:e|ing)|mov(?:e|ing)|go(?:ing)?\s+back)\s+(?:back\s+)?to\s+|\b(?:relocating|moving)\s+(?:back\s+)?to\s+(?=[A-Z])",
    re.I,
)

# --- open to remote ---------------------------------------------------------------------------

REMOTE_NO_RE = re.compile(
    r"\b(?:no|not|won'?t|doesn'?t\s+want|does\s+not\s+want|not\s+open\s+to|not\s+interested\s+in|hates|against|dislikes?|no\s+to)\s+(?:fully\s+)?(?:remote|wfh)\b"
    r"|\b(?:in[\s-]office|on[\s-]?site|onsite)\s+only\b|\bwants\s+(?:to\s+be\s+)?in\s+(?:the\s+)?office\b|\bno\s+remote\b",
    re.I,
)
REMOTE_ONLY_RE = re.compile(
    r"\bremote[\s-]only\b|\bonly\s+(?:wants\s+|considering\s+|open\s+to\s+)?(?:fully\s+)?remote\b|\bmust\s+be\s+remote\b|\b100\s?%\s+remote\b|\bfully\s+remote\s+only\b",
    re.I,
)
REMOTE_YES_RE = re.compile(
    r"\b(?:open\s+to|ok\s+with|okay\s+with|fine\s+with|happy\s+with|likes|wants|prefers?|would\s+(?:do|take|consider|love|like)|considering|loves?|interested\s+in)\s+(?:a\s+)?(?:fully\s+)?(?:remote|wfh|working\s+from\s+home)\b"
    r"|\bremote\s+(?:is\s+)?(?:ok|okay|fine|works|pref(?:erred)?|friendly|preferred|welcome)\b|\bremote\s*(?:/|or)\s*hybrid\b|\bhybrid\s*(?:/|or)\s*remote\b|\bopen\s+to\s+remote\b",
    re.I,
)
HYBRID_RE = re.compile(
    r"\b(?:prefers?|wants|likes|open\s+to|ok\s+with|okay\s+with)\s+hybrid\b|\bhybrid\s+(?:is\s+)?(?:ok|okay|only|pref(?:erred)?|fine)\b", re.I
)
RELOCATE_RE = re.compile(
    NEG + r"\b(?:open\s+to|willing\s+to|would|happy\s+to|could|can|will|ok\s+to|okay\s+to|considering|considers?|up\s+for)\s+(?:consider\s+)?(?:relocat\w*|mov(?:e|ing))\b"
    r"|\brelocation\s+(?:is\s+)?(?:ok|okay|fine|possible)\b|\bopen\s+to\s+relocation\b|\bwill(?:ing)?\s+to\s+relocate\b",
    re.I,
)
RELOCATE_REFUSED_RE = re.compile(r"\b(?:not|won'?t|wont|can'?t|cannot|never|no)\s+(?:\w+\s+){0,2}(?:relocat\w*|mov(?:e|ing))\b", re.I)


def _remote_answer(clause: str) -> tuple[str, re.Match[str]] | None:
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
    r"\b(?:f/u|f\.u\.|fu|follow[\s-]?up|followup|call\s*back|callback|ping|check\s*back|check[\s-]in|circle\s*back|touch\s*base|re-?contact|reconnect|re-?engage"
    r"|try\s+(?:again|back)|revisit|get\s+back\s+in\s+touch|back\s+in\s+touch|contact\s+again|remind(?:er)?(?:\s+me)?|nudge|speak\s+again|talk\s+again"
    r"|call\s+(?:(?:him|her|them)\s+)?(?:again|back)?(?=\s+(?:in|after|on|next|around|early|late|mid|end|by|q[1-4]|\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|fall|autumn|winter)\b)"
    r"|ring\s+(?:(?:him|her|them)\s+)?(?:back|again)|(?:not\s+(?:looking|moving|available|ready|open|interested)|not\s+now|busy|locked\s+in|staying)\s+(?:\w+\s+){0,2}(?:until|till|before)"
    r"|available\s+(?:from|after|in)|free\s+(?:from|after)|after\s+(?:(?:his|her|their|the)\s+)?(?:bonus|vest(?:ing)?|rsus?|cliff|promo(?:tion)?|review|equity|payout|annual\s+bonus)"
    r"|(?:^|(?<=[,;]\s))\s*(?:maybe|try|possibly|prob(?:ably)?|back)(?=\s)"
    r")(?![A-Za-z])",
    re.I,
)
NO_DATE_OK_RE = re.compile(r"^(?:check[\s-]in|remind|nudge|revisit|reconnect|re-?engage|maybe|try|possibly|prob|back)", re.I)


BARE_TIME_RE = re.compile(r"^\W*(?:maybe\s+|try\s+|poss(?:ibly)?\s+|prob(?:ably)?\s+|revisit\s+|back\s+)?(?P<time>.+?)\W*$", re.I)


def _bare_time(clause: str, base: int, anchor: date | None) -> Proposal | None:
    """A clause that is only a time ("Next spring.", "Q3 2027?") is when to call back."""
    m = BARE_TIME_RE.match(clause)
    found = find_fuzzy_date(m["time"], anchor=anchor) if m else None
    if not found or found.words.lower() != m["time"].strip().lower():
        return None
    words = clause.strip(" ,-.?!")
    span = (base + clause.index(words), base + clause.index(words) + len(words))
    if not found.readable:
        return Proposal(FOLLOW_UP_ON, None, words, span, anchor, found.problem)
    return Proposal(FOLLOW_UP_ON, found.date, words, span, anchor, precision=found.precision)


def _follow_up(clause: str, base: int, anchor: date | None) -> Proposal | None:
    m = FOLLOW_UP_RE.search(clause)
    if not m:
        return _bare_time(clause, base, anchor)
    if re.match(r"\s*(?:up\s+)?(?:with|on)\b(?!\s+\d)", clause[m.end() :], re.I):
        return None
    window = clause[m.end() : m.end() + 60]
    found = find_fuzzy_date(window, anchor=anchor)
    if found is None or re.search(r"[.;]", window[: found.span[0]]):
        if NO_DATE_OK_RE.match(m.group(0).strip()):
            return None  # "maybe", "check in" without a time say nothing
        words = clause[m.start() :].strip(" ,-")
        return Proposal(FOLLOW_UP_ON, None, words, (base + m.start(), base + len(clause)), anchor, f"no date in {words!r}")
    end = m.end() + found.span[1]
    words = clause[m.start() : end].strip(" ,-")
    span = (base + m.start(), base + end)
    if not found.readable:
        return Proposal(FOLLOW_UP_ON, None, words, span, anchor, found.problem)
    return Proposal(FOLLOW_UP_ON, found.date, words, span, anchor, precision=found.precision)


# --- reading a note ----------------------------------------------------------------------------

ANY_SIGNAL_RE = re.compile(
    r"want|futur|next|->|=>|→|would|'d|prefer|interest|keen|consider|open|remote|wfh|hybrid|reloc|mov|looking|target|goal|aim|hope|eye|sees|pref|ideal|dream"
    r"|f/u|f\.u|\bfu\b|follow|call|ping|check|circle|touch|contact|connect|engage|try|revisit|touch|remind|nudge|speak|talk|ring|until|till|avail|free|after|maybe|possibl|prob|back"
    r"|dnc|d\.n\.c|remove|unsubscri|opt|stop|gdpr|forgotten|blacklist|place|hired|joined|started|not|happy|just|staying|passive|later|soon|timing|market|work|laid|hunting|ready|declin",
    re.I,
)


def _clean(value: Any) -> str:
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return ""
    return str(value)


@lru_cache(maxsize=200_000)
def _read(text: str, anchor: date | None) -> NoteReading:
    if not text.strip() or not ANY_SIGNAL_RE.search(text):
        return EMPTY_READING
    found: dict[str, tuple[tuple[date, int], Proposal]] = {}
    best_wish: tuple[tuple[date, int], _Wish, date | None] | None = None
    status_seen: dict[str, tuple[tuple[date, int], Proposal]] = {}
    order = 0
    for start, end, noted in _entries(text):
        when = noted or anchor
        for c_start, c_end in _clauses(text, start, end):
            order += 1
            key = (noted or date.min, order)
            clause = text[c_start:c_end]
            for wish in _wishes(clause, c_start):
                if wish.title or wish.places:
                    best_wish = (key, wish, noted)
            for m in RELOCATE_TO_RE.finditer(clause):
                if _allowed_subject(clause, m.start()):
                    place = _places_at(clause[m.end() :])
                    if place and not (best_wish and best_wish[0][1] == order and best_wish[1].places):
                        w = _Wish(places=place[0], span=(c_start + m.start(), c_start + m.end() + place[1]))
                        w.quote = clause[m.end() : m.end() + place[1]].strip(" ,")
                        best_wish = (key, w, noted)
            hint = _status_hint(clause)
            if hint:
                value, m = hint
                status_seen[value] = (key, Proposal(STATUS, value, clause.strip(" ,-"), (c_start, c_end), noted))
            remote = _remote_answer(clause)
            if remote:
                value, m = remote
                found[OPEN_TO_REMOTE] = (key, Proposal(OPEN_TO_REMOTE, value, m.group(0).strip(), (c_start + m.start(), c_start + m.end()), noted))
            follow = _follow_up(clause, c_start, when)
            if follow and (FOLLOW_UP_ON not in found or found[FOLLOW_UP_ON][1].value is None or follow.value is not None):
                found[FOLLOW_UP_ON] = (key, _with_noted(follow, noted))
    proposals = [p for _, p in found.values()]
    if status_seen:
        proposals.append(_pick_status(status_seen))
    wish_text, wish_noted = "", None
    if best_wish:
        _, wish, noted = best_wish
        words = text[wish.span[0] : wish.span[1]].strip(" ,;-")
        wish_text, wish_noted = wish.quote, noted
        if wish.title:
            proposals.append(Proposal(FUTURE_TITLE, wish.title.text, words, wish.span, noted))
        real = [p for p in wish.places if not p.remote]
        if real:
            proposals.append(Proposal(FUTURE_LOCATION, "; ".join(p.text for p in wish.places), words, wish.span, noted))
        if any(p.remote for p in wish.places) and OPEN_TO_REMOTE not in found:
            proposals.append(Proposal(OPEN_TO_REMOTE, "Yes", words, wish.span, noted))
    order_of = {f: i for i, f in enumerate(FIELDS)}
    return NoteReading(tuple(sorted(proposals, key=lambda p: order_of[p.field])), wish_text, wish_noted)


def _with_noted(p: Proposal, noted: date | None) -> Proposal:
    return Proposal(p.field, p.value, p.words, p.span, noted, p.problem, p.precision)


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


def read_notes(df: pd.DataFrame, *, notes: str = "notes", anchor: str = "last_contacted") -> pd.DataFrame:
    """One row per candidate row (same index): every value the notes propose, the words it
    came from, the call-back's precision or problem, and the wish as typed. Each distinct
    (note, anchor) is read once."""
    if notes not in df.columns or not len(df):
        return pd.DataFrame(None, index=df.index, columns=READING_COLUMNS, dtype=object)
    texts = df[notes].map(_clean)
    anchors = df[anchor].map(_anchor) if anchor in df.columns else pd.Series([None] * len(df), index=df.index, dtype=object)
    keys = pd.Series(list(zip(texts, anchors, strict=True)), index=df.index, dtype=object)
    codes, uniques = pd.factorize(keys)
    table = [_reading_row(_read(t, a)) for t, a in uniques]
    values = np.array(table, dtype=object).reshape(len(table), len(READING_COLUMNS)) if table else np.empty((0, len(READING_COLUMNS)), object)
    return pd.DataFrame(values[codes], index=df.index, columns=READING_COLUMNS, dtype=object)


def _reading_row(r: NoteReading) -> list[Any]:
    row: list[Any] = []
    noted: date | None = r.wish_noted_on
    for f in FIELDS:
        p = r.get(f)
        row += [None, None] if p is None else [p.value, p.words]
        if p is not None and noted is None:
            noted = p.noted_on
    follow = r.get(FOLLOW_UP_ON)
    row += [follow.precision if follow else None, follow.problem if follow and follow.problem else None, noted, r.wish or None]
    return row


def proposals_of(readings: Iterable[NoteReading]) -> list[Proposal]:
    """All proposals of several readings, flattened (for counts and tests)."""
    return [p for r in readings for p in r.proposals]
