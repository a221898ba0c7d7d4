"""Job titles as recruiters write them ("Sr. Data Eng", "SWE II", "VP Sales") split into a
role family and a seniority, with one canonical display text.

Shared by views (group "who wants a Senior Data Engineer role?") and match (is this person's
next role the opening's role?). Individual-contributor roles keep their family ("Product
Manager", "Software Engineer"); leadership roles (Manager and up) get their area as family
("Engineering", "Sales") and read "Director of Engineering", "VP of Sales".

Any text gives an answer (unknown titles keep their text); parsing is pure Python over the
tables below, so nothing is caught: a bug raises. Cached per distinct string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["FAMILY_AREA", "SENIORITY_LEVELS", "Title", "parse_title", "seniority_rank"]

SENIORITY_LEVELS = [
    "Intern",
    "Junior",
    "Mid",
    "Senior",
    "Staff",
    "Principal",
    "Lead",
    "Manager",
    "Director",
    "VP",
    "Head",
    "Chief",
]
LEADERSHIP = {"Manager", "Director", "VP", "Head", "Chief"}
_RANK = {s: i for i, s in enumerate(SENIORITY_LEVELS)}
_RANK_BY_FOLD = {s.lower(): i for i, s in enumerate(SENIORITY_LEVELS)}

# one token as typed -> the words it stands for
ABBREVIATIONS: dict[str, str] = {
    "sr": "senior",
    "snr": "senior",
    "sen": "senior",
    "jr": "junior",
    "jnr": "junior",
    "jun": "junior",
    "assoc": "associate",
    "princ": "principal",
    "prin": "principal",
    "mgr": "manager",
    "em": "engineering manager",
    "mngr": "manager",
    "dir": "director",
    "svp": "vp",
    "evp": "vp",
    "avp": "vp",
    "vice": "vp",
    "eng": "engineer",
    "engr": "engineer",
    "dev": "developer",
    "devs": "developer",
    "swe": "software engineer",
    "sde": "software engineer",
    "ml": "machine learning",
    "mle": "machine learning engineer",
    "ai": "machine learning",
    "ds": "data scientist",
    "de": "data engineer",
    "pm": "product manager",
    "tpm": "technical program manager",
    "sre": "site reliability engineer",
    "sdet": "qa engineer",
    "bdr": "sales development representative",
    "sdr": "sales development representative",
    "rep": "representative",
    "ae": "account executive",
    "am": "account manager",
    "csm": "customer success manager",
    "hrbp": "hr business partner",
    "ux": "ux",
    "ui": "ui",
    "fe": "frontend",
    "be": "backend",
    "ta": "talent acquisition",
    "cto": "chief technology officer",
    "cio": "chief information officer",
    "ceo": "chief executive officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cmo": "chief marketing officer",
    "cpo": "chief product officer",
    "cro": "chief revenue officer",
    "cdo": "chief data officer",
    "ciso": "chief information security officer",
    "chro": "chief people officer",
    "mts": "software engineer",
    "leader": "lead",
    "mid level": "mid",
}
# phrases joined before tokenising
JOINS = [
    (r"\bfront end\b", "frontend"),
    (r"\bback end\b", "backend"),
    (r"\bfull stack\b", "fullstack"),
    (r"\bdev ops\b", "devops"),
    (r"\bvice president\b", "vp"),
    (r"\bmid level\b", "mid"),
    (r"\bentry level\b", "junior"),
    (r"\bnew grad(uate)?\b", "junior"),
    (r"\bhuman resources\b", "hr"),
    (r"\bux ui\b|\bui ux\b", "ux"),
    (r"\bmachine learning\b", "ml_"),
    (r"\bhead of\b", "head"),
    (r"\btech(nical)? lead\b", "software engineer lead"),
]

# individual-contributor families: phrase (expanded, folded) -> family
FAMILIES: dict[str, list[str]] = {
    "Software Engineer": [
        "software engineer",
        "software developer",
        "software development engineer",
        "programmer",
        "developer",
        "engineer",
        "application developer",
        "applications engineer",
        "coder",
        "member of technical staff",
    ],
    "Frontend Engineer": ["frontend engineer", "frontend developer", "frontend", "ui engineer", "ui developer", "web developer"],
    "Backend Engineer": ["backend engineer", "backend developer", "backend", "api engineer"],
    "Full Stack Engineer": ["fullstack engineer", "fullstack developer", "fullstack"],
    "Mobile Engineer": [
        "mobile engineer",
        "mobile developer",
        "ios engineer",
        "ios developer",
        "android engineer",
        "android developer",
    ],
    "Data Engineer": [
        "data engineer",
        "big data engineer",
        "data platform engineer",
        "etl developer",
        "etl engineer",
        "data developer",
    ],
    "Analytics Engineer": ["analytics engineer", "bi engineer", "business intelligence engineer"],
    "Data Scientist": ["data scientist", "data science", "applied scientist", "decision scientist"],
    "Data Analyst": [
        "data analyst",
        "bi analyst",
        "business intelligence analyst",
        "analytics analyst",
        "reporting analyst",
        "product analyst",
    ],
    "Machine Learning Engineer": [
        "ml_ engineer",
        "ml_ developer",
        "ml_ scientist",
        "ml_ researcher",
        "ml_ ops engineer",
        "mlops engineer",
        "deep learning engineer",
        "computer vision engineer",
        "nlp engineer",
    ],
    "Research Scientist": ["research scientist", "research engineer"],
    "DevOps Engineer": [
        "devops engineer",
        "devops",
        "platform engineer",
        "infrastructure engineer",
        "cloud engineer",
        "build engineer",
    ],
    "Site Reliability Engineer": ["site reliability engineer", "reliability engineer", "production engineer"],
    "QA Engineer": [
        "qa engineer",
        "qa",
        "qa analyst",
        "qa tester",
        "tester",
        "test engineer",
        "quality assurance engineer",
        "quality assurance",
        "quality engineer",
        "software engineer in test",
        "automation engineer",
        "test automation engineer",
    ],
    "Security Engineer": ["security engineer", "appsec engineer", "application security engineer", "security analyst"],
    "Solutions Architect": ["solutions architect", "solution architect", "software architect", "cloud architect", "architect"],
    "Embedded Engineer": ["embedded engineer", "embedded software engineer", "firmware engineer"],
    "Product Manager": ["product manager", "product owner"],
    "Technical Program Manager": ["technical program manager", "technical project manager"],
    "Program Manager": ["program manager", "programme manager"],
    "Project Manager": ["project manager", "delivery manager", "scrum master"],
    "Product Designer": [
        "product designer",
        "ux designer",
        "ui designer",
        "ux",
        "interaction designer",
        "visual designer",
        "designer",
    ],
    "UX Researcher": ["ux researcher", "user researcher", "design researcher"],
    "Product Marketing Manager": ["product marketing manager", "pmm"],
    "Marketing Specialist": ["marketing specialist", "growth marketer", "marketing associate", "content marketer"],
    "Account Executive": ["account executive", "sales executive", "enterprise account executive", "sales representative"],
    "Sales Development Representative": [
        "sales development representative",
        "business development representative",
        "sales development",
        "business development rep",
        "sales development rep",
    ],
    "Account Manager": ["account manager", "key account manager"],
    "Customer Success Manager": ["customer success manager", "customer success"],
    "Systems Engineer": [
        "systems engineer",
        "systems administrator",
        "system administrator",
        "sysadmin",
        "network engineer",
        "database administrator",
        "dba",
        "it engineer",
    ],
    "Support Engineer": ["support engineer", "technical support engineer", "customer support engineer"],
    "Solutions Engineer": [
        "solutions consultant",
        "solutions engineer",
        "solution engineer",
        "sales engineer",
        "pre sales engineer",
        "presales engineer",
    ],
    "Recruiter": [
        "recruiter",
        "technical recruiter",
        "talent acquisition",
        "talent acquisition partner",
        "talent acquisition specialist",
        "talent partner",
        "sourcer",
        "recruitment consultant",
    ],
    "HR Business Partner": ["hr business partner", "people partner", "people business partner"],
    "HR Generalist": ["hr generalist", "hr specialist", "people operations specialist"],
    "Financial Analyst": ["financial analyst", "finance analyst", "fp and a analyst"],
    "Business Analyst": ["business analyst", "business systems analyst"],
}
# the leadership area each family reports into (also used by match for related roles)
FAMILY_AREA: dict[str, str] = {
    "Data Engineer": "Data Engineering",
    "Analytics Engineer": "Analytics",
    "Data Analyst": "Analytics",
    "Data Scientist": "Data Science",
    "Machine Learning Engineer": "Machine Learning",
    "Research Scientist": "Research",
    "Product Manager": "Product",
    "Technical Program Manager": "Program Management",
    "Program Manager": "Program Management",
    "Project Manager": "Program Management",
    "Product Designer": "Design",
    "UX Researcher": "Design",
    "Product Marketing Manager": "Marketing",
    "Marketing Specialist": "Marketing",
    "Account Executive": "Sales",
    "Sales Development Representative": "Sales",
    "Account Manager": "Sales",
    "Solutions Engineer": "Sales",
    "Customer Success Manager": "Customer Success",
    "Recruiter": "Talent",
    "HR Business Partner": "People",
    "HR Generalist": "People",
    "Financial Analyst": "Finance",
    "Business Analyst": "Operations",
    "Systems Engineer": "IT",
    "Support Engineer": "Customer Success",
}
ENGINEERING_FAMILIES = [
    "Software Engineer",
    "Frontend Engineer",
    "Backend Engineer",
    "Full Stack Engineer",
    "Mobile Engineer",
    "DevOps Engineer",
    "Site Reliability Engineer",
    "QA Engineer",
    "Security Engineer",
    "Solutions Architect",
    "Embedded Engineer",
]
FAMILY_AREA.update(dict.fromkeys(ENGINEERING_FAMILIES, "Engineering"))

# leadership areas: phrase -> area
AREAS: dict[str, list[str]] = {
    "Engineering": [
        "engineering",
        "software engineering",
        "engineer",
        "technology",
        "tech",
        "software development",
        "development",
    ],
    "Data Engineering": ["data engineering", "data platform"],
    "Data Science": ["data science", "data scientist"],
    "Machine Learning": ["ml_", "artificial intelligence"],
    "Data": ["data", "data and analytics"],
    "Analytics": ["analytics", "business intelligence", "bi", "data analytics"],
    "Product": ["product", "product management"],
    "Program Management": ["program management", "programs", "program"],
    "Design": ["design", "ux", "product design", "user experience"],
    "Sales": ["sales", "revenue", "business development"],
    "Marketing": ["marketing", "growth"],
    "Customer Success": ["customer success", "customer experience", "support", "customer support"],
    "Talent": ["talent", "recruiting", "recruitment", "talent acquisition"],
    "People": ["people", "hr", "people operations"],
    "Finance": ["finance", "financial"],
    "Operations": ["operations", "operating", "ops"],
    "Security": ["security", "information security"],
    "IT": ["it", "information"],
    "Executive": ["executive"],
}
CHIEF_TEXT = {
    "Engineering": "Chief Technology Officer",
    "Product": "Chief Product Officer",
    "Data": "Chief Data Officer",
    "Sales": "Chief Revenue Officer",
    "Marketing": "Chief Marketing Officer",
    "Finance": "Chief Financial Officer",
    "Operations": "Chief Operating Officer",
    "People": "Chief People Officer",
    "Security": "Chief Information Security Officer",
    "IT": "Chief Information Officer",
    "Executive": "Chief Executive Officer",
}
SENIORITY_WORDS: dict[str, str] = {
    "intern": "Intern",
    "internship": "Intern",
    "trainee": "Intern",
    "apprentice": "Intern",
    "coop": "Intern",
    "junior": "Junior",
    "associate": "Junior",
    "graduate": "Junior",
    "grad": "Junior",
    "mid": "Mid",
    "intermediate": "Mid",
    "senior": "Senior",
    "staff": "Staff",
    "principal": "Principal",
    "distinguished": "Principal",
    "fellow": "Principal",
    "lead": "Lead",
    "manager": "Manager",
    "director": "Director",
    "vp": "VP",
    "head": "Head",
    "chief": "Chief",
}
# "SWE II", "Engineer 3", "L5": ladder levels as most tech companies use them
LEVELS = {"i": "Junior", "1": "Junior", "ii": "Mid", "2": "Mid", "iii": "Senior", "3": "Senior", "iv": "Staff", "4": "Staff"}
LEVELS |= {"v": "Principal", "5": "Principal", "l3": "Junior", "l4": "Mid", "l5": "Senior", "l6": "Staff", "l7": "Principal"}
# an area named without a role ("Software Engineering Intern") stands for its main role
AREA_FAMILY = {
    "Engineering": "Software Engineer",
    "Data Engineering": "Data Engineer",
    "Data Science": "Data Scientist",
    "Machine Learning": "Machine Learning Engineer",
    "Analytics": "Data Analyst",
    "Product": "Product Manager",
    "Design": "Product Designer",
    "Talent": "Recruiter",
}
IC_PREFIX = {"Mid": "Mid-level"}


@dataclass(frozen=True)
class Title:
    """A title split into role family and seniority; ``text`` is the canonical display form."""

    family: str | None
    seniority: str | None
    text: str
    known: bool


EMPTY = Title(None, None, "", False)


def _phrase_index(table: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    return {tuple(p.split()): name for name, phrases in table.items() for p in phrases}


_FAMILY_PHRASES = _phrase_index(FAMILIES)
_AREA_PHRASES = _phrase_index(AREAS)
_LONGEST = max(len(k) for k in (*_FAMILY_PHRASES, *_AREA_PHRASES))


def seniority_rank(seniority: str | None) -> int | None:
    """Position in :data:`SENIORITY_LEVELS` (Intern = 0), case-insensitive; None when unknown."""
    if not isinstance(seniority, str):
        return None
    return _RANK_BY_FOLD.get(seniority.strip().lower())


def _tokens(text: str) -> list[str]:
    """Fold, join multi-word spellings, then expand abbreviations token by token."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = s.replace(".", "").replace("&", " and ").replace("'", "")
    s = re.sub(r"\bco-op\b", "coop", s)
    s = " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())
    for pattern, joined in JOINS:
        s = re.sub(pattern, joined, s)
    out: list[str] = []
    for tok in s.split():
        expanded = ABBREVIATIONS.get(tok, tok)
        for pattern, joined in JOINS:
            expanded = re.sub(pattern, joined, expanded)
        out += expanded.split()
    return out


def _scan(tokens: list[str], phrases: dict[tuple[str, ...], str], used: set[int]) -> str | None:
    """The first, longest phrase among unused tokens; marks its tokens used."""
    for i in range(len(tokens)):
        for n in range(min(_LONGEST, len(tokens) - i), 0, -1):
            span = range(i, i + n)
            name = phrases.get(tuple(tokens[i : i + n]))
            if name and not used.intersection(span):
                used.update(span)
                return name
    return None


def _seniority(tokens: list[str], used: set[int], has_family: bool) -> str | None:
    """The highest seniority word left over, else a ladder level ("II", "L5") after a family."""
    found = [SENIORITY_WORDS[t] for i, t in enumerate(tokens) if i not in used and t in SENIORITY_WORDS]
    if found:
        return max(found, key=_RANK.__getitem__)
    levels = [LEVELS[t] for i, t in enumerate(tokens) if i not in used and t in LEVELS]
    return levels[-1] if levels and has_family else None


# words that make a generic software engineer a specific one, wherever they stand
SPECIALISATIONS = {
    "backend": "Backend Engineer",
    "frontend": "Frontend Engineer",
    "fullstack": "Full Stack Engineer",
    "mobile": "Mobile Engineer",
    "ios": "Mobile Engineer",
    "android": "Mobile Engineer",
    "ml_": "Machine Learning Engineer",
    "embedded": "Embedded Engineer",
    "firmware": "Embedded Engineer",
    "security": "Security Engineer",
}


# web/app specialisations that are still software engineering: a Backend Engineer answers a
# Software Engineer opening or filter (ML, security and embedded are roles of their own)
SOFTWARE_SPECIALISATIONS = frozenset({"Backend Engineer", "Frontend Engineer", "Full Stack Engineer", "Mobile Engineer"})


def families_within(family: str | None) -> frozenset[str]:
    """The family and the specialisations it includes ("Software Engineer" -> Backend, ...)."""
    if family is None:
        return frozenset()
    if family == "Software Engineer":
        return SOFTWARE_SPECIALISATIONS | {family}
    return frozenset({family})


def related_families(a: str | None, b: str | None) -> bool:
    """Same family, or one a specialisation of the other (either way round)."""
    return a is not None and b is not None and (a in families_within(b) or b in families_within(a))


def _specialisation(tokens: list[str], used: set[int]) -> str | None:
    found = [SPECIALISATIONS[t] for i, t in enumerate(tokens) if i not in used and t in SPECIALISATIONS]
    return found[0] if found else None


def _leadership_text(area: str, seniority: str) -> str:
    if seniority == "Chief":
        return CHIEF_TEXT.get(area, f"Chief {area} Officer")
    if seniority in ("Manager", "Lead"):
        text = f"{area} {seniority}"  # "Engineering Manager", unless that reads as a role
        return f"{seniority}, {area}" if _scan(_tokens(text), _FAMILY_PHRASES, set()) else text
    if seniority == "VP":
        return f"VP of {area}"
    return f"{seniority} of {area}"


def _ic_text(family: str, seniority: str | None) -> str:
    if seniority is None:
        return family
    if seniority == "Intern":
        return f"{family} Intern"
    return f"{IC_PREFIX.get(seniority, seniority)} {family}"


@lru_cache(maxsize=200_000)
def _parse_text(text: str) -> Title:
    tokens = _tokens(text)
    used: set[int] = set()
    family = _scan(tokens, _FAMILY_PHRASES, used)
    area = _scan(tokens, _AREA_PHRASES, set(used)) if family is None else None
    seniority = _seniority(tokens, used, family is not None)
    if family is None and seniority is not None and seniority not in LEADERSHIP | {"Lead"}:
        family = AREA_FAMILY.get(area or "")  # "Software Engineering Intern", not "Product Analyst"
    if family == "Software Engineer":
        family = _specialisation(tokens, used) or family  # "Software Engineer, Backend"
    if seniority in LEADERSHIP or (family is None and area and seniority == "Lead"):
        area = area or (FAMILY_AREA.get(family) if family else None)
        if area:
            return Title(area, seniority, _leadership_text(area, seniority), True)
        return Title(None, seniority, text, False)
    if family:
        return Title(family, seniority, _ic_text(family, seniority), True)
    return Title(None, seniority, text, False)


def _as_text(value: Any) -> str:
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


def parse_title(value: Any) -> Title:
    """Family, seniority and display text of a title cell; unknown titles keep their text."""
    text = _as_text(value)
    if not text:
        return EMPTY
    return _parse_text(text)
