"""Canonical candidate fields and the many ways recruiters spell their headers.

Matching is by meaning: a header is folded (case, accents, punctuation, spacing) and looked
up among synonyms; a near miss ("Linkdin URL") is caught by a rapidfuzz ratio. Columns that
mean nothing to us are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

CANDIDATE_ID = "candidate_id"
FIRST_NAME = "first_name"
LAST_NAME = "last_name"
FULL_NAME = "full_name"

# canonical field -> header spellings (folded form is computed below)
SYNONYMS: dict[str, list[str]] = {
    CANDIDATE_ID: ["Candidate ID", "ID", "Talentsheet ID", "TS ID", "Record ID"],
    FIRST_NAME: ["First name", "First", "Given name", "Forename", "FName", "Firstname"],
    LAST_NAME: ["Last name", "Last", "Surname", "Family name", "LName", "Lastname"],
    FULL_NAME: ["Full name", "Name", "Candidate", "Candidate name", "Person", "Contact name"],
    "contact_method": [
        "Contact method",
        "How contacted",
        "Method",
        "Contact via",
        "Contacted via",
        "Channel",
        "Source channel",
        "Outreach method",
        "Contact type",
        "Reached via",
        "Method used to contact",
        "Contact method used",
        "Method of contact",
        "How reached",
    ],
    "email": ["Email", "E-mail", "Email address", "Mail", "Personal email", "Work email", "Emails", "Email addresses"],
    "phone": ["Phone", "Mobile", "Cell", "Phone number", "Telephone", "Tel", "Mobile phone", "Phones", "Phone numbers"],
    "location": [
        "Location",
        "City",
        "Based in",
        "Current location",
        "Where",
        "Lives in",
        "Home city",
        "Address",
    ],
    "linkedin": [
        "LinkedIn",
        "LinkedIn URL",
        "LinkedIn profile",
        "Profile URL",
        "LI URL",
        "LI",
        "LinkedIn link",
        "Profile",
        "Linked in",
        "URL",
        "Links",
        "Public profile URL",
        "LinkedIn profile URL",
    ],
    "notes": ["Notes", "Comments", "Comment", "Note", "Remarks", "Recruiter notes"],
    "status": ["Status", "Stage", "Candidate status", "Pipeline status", "Project status"],
    "last_contacted": [
        "Last contacted",
        "Last contact",
        "Last contact date",
        "Date contacted",
        "Contacted on",
        "Last touch",
        "Last reached",
        "Last interaction",
        "Last interaction at",
        "Last interaction at (GMT)",
    ],
    "current_title": ["Current title", "Title", "Job title", "Position", "Role", "Current role"],
    "company": ["Company", "Current company", "Employer", "Organisation", "Organization"],
    "future_title": [
        "Future title",
        "Desired role",
        "Desired title",
        "Wants",
        "Next role",
        "Target role",
        "Future role",
        "Preferred title",
        "Preferred role",
        "Dream role",
        "Target title",
    ],
    "future_location": [
        "Future location",
        "Preferred location",
        "Pref. location",
        "Pref location",
        "Desired location",
        "Target location",
        "Where next",
        "Preferred locations",
    ],
    "open_to_remote": [
        "Open to remote",
        "Remote",
        "Remote ok",
        "Open to remote/relocation",
        "Remote?",
        "Relocation",
        "Open to relocation",
        "Remote or relocate",
    ],
    "follow_up_on": [
        "Follow up",
        "Follow-up on",
        "Follow up on",
        "Follow-up date",
        "Follow up date",
        "Check back",
        "Check back on",
        "Next contact",
        "Call back on",
        "Recontact",
    ],
    "owner": ["Owner", "Recruiter", "Sourcer", "Assigned to", "Candidate owner", "Lead owner", "Recruiter name"],
    # fields exports bring in (LinkedIn, Sales Navigator, Recruiter, Greenhouse, Lever)
    "headline": ["Headline", "LinkedIn headline", "Profile headline", "Tagline"],
    "source": ["Source", "Sources", "Lead source", "Candidate source", "Sourced from", "Source of candidate", "Found via"],
    "origin": ["Origin", "Application origin", "Applied or sourced"],
    "connected_on": ["Connected on", "Connection date", "Date connected", "Connected since"],
    "tags": ["Tags", "Tag", "Labels", "Keywords"],
    "other_contacts": ["Other contacts", "Other emails", "Other phones", "Other links", "Additional contacts"],
    "source_id": ["Source ID", "External ID", "ATS ID", "Greenhouse ID", "Lever ID", "Contact ID"],
    "imported_on": ["Imported on", "Import date", "Date imported", "Added on", "Date added"],
}

CANONICAL_FIELDS: list[str] = list(SYNONYMS)
DATE_FIELDS = ("last_contacted", "follow_up_on", "connected_on", "imported_on")
NAME_FIELDS = (FIRST_NAME, LAST_NAME, FULL_NAME)

# The template's column order and display headers.
TEMPLATE_HEADERS: dict[str, str] = {
    CANDIDATE_ID: "Candidate ID",
    FIRST_NAME: "First name",
    LAST_NAME: "Last name",
    "contact_method": "Contact method",
    "email": "Email",
    "phone": "Phone",
    "location": "Location",
    "linkedin": "LinkedIn URL",
    "current_title": "Current title",
    "company": "Company",
    "notes": "Notes",
    "status": "Status",
    "last_contacted": "Last contacted",
    "future_title": "Future title",
    "future_location": "Future location",
    "open_to_remote": "Open to remote",
    "follow_up_on": "Follow-up on",
    "owner": "Owner",
}
# Headers for fields an import adds to a master that lacks them (not in the template).
ADDED_HEADERS: dict[str, str] = {
    "headline": "Headline",
    "source": "Source",
    "connected_on": "Connected on",
    "tags": "Tags",
    "other_contacts": "Other contacts",
    "source_id": "Source ID",
    "imported_on": "Imported on",
}


def display_header(field: str) -> str:
    """The header talentsheet writes for ``field`` when it adds that column."""
    return TEMPLATE_HEADERS.get(field) or ADDED_HEADERS.get(field) or field.replace("_", " ").capitalize()


# The status and open-to-remote vocabularies live in talentsheet/status.py (one place).
CONTACT_METHOD_VOCABULARY = [
    "LinkedIn message",
    "LinkedIn InMail",
    "Email",
    "Phone",
    "Text",
    "Referral",
    "Event",
    "Other",
]

FUZZY_HEADER_CUTOFF = 88


def fold(text: object) -> str:
    """Fold a header for comparison: accents off, lower case, punctuation to single spaces."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = s.lower().replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return s.strip()


_LOOKUP: dict[str, str] = {fold(s): f for f, spellings in SYNONYMS.items() for s in spellings}
_LOOKUP.update({fold(f): f for f in SYNONYMS})
_FUZZY_KEYS = [k for k in _LOOKUP if len(k) >= 5]


@dataclass(frozen=True)
class HeaderMatch:
    field: str | None  # canonical field, or None when kept as-is
    how: str  # "exact", "synonym", "fuzzy" or "unknown"


def match_header(header: object) -> HeaderMatch:
    """Map one header cell to a canonical field, or say it is unknown."""
    return _match_folded(fold(header))


@lru_cache(maxsize=4096)
def _match_folded(key: str) -> HeaderMatch:
    """Cached: header detection looks at every cell of the first 30 rows, often twice, and the
    fuzzy step is slow under pure-Python rapidfuzz (xlwings Lite)."""
    if not key:
        return HeaderMatch(None, "unknown")
    if key in _LOOKUP:
        how = "exact" if key == fold(_LOOKUP[key]) else "synonym"
        return HeaderMatch(_LOOKUP[key], how)
    compact = key.replace(" ", "")
    for k, f in _LOOKUP.items():
        if k.replace(" ", "") == compact:
            return HeaderMatch(f, "synonym")
    if len(key) >= 5:
        hit = process.extractOne(key, _FUZZY_KEYS, scorer=fuzz.ratio, score_cutoff=FUZZY_HEADER_CUTOFF)
        if hit:
            return HeaderMatch(_LOOKUP[hit[0]], "fuzzy")
    return HeaderMatch(None, "unknown")


def field_named(text: object) -> str | None:
    """The canonical field a person means by ``text`` ("linkedin", "LinkedIn URL", "current
    title"): exact names and synonyms only, never a near miss (``--map`` must be exact)."""
    match = match_header(str(text).replace("_", " "))
    return match.field if match.how in ("exact", "synonym") else None
