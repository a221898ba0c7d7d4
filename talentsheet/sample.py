"""Synthetic candidates (no real people): the demo workbook with planted mess, and large clean
sets for benchmarks. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from . import schema

FIRST_NAMES = [
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Elijah",
    "Sophia",
    "Lucas",
    "Mia",
    "Mateo",
    "Amelia",
    "Ethan",
    "Harper",
    "Aiden",
    "Evelyn",
    "Jackson",
    "Abigail",
    "Levi",
    "Emily",
    "Sebastian",
    "Ella",
    "Daniel",
    "Scarlett",
    "Henry",
    "Grace",
    "Owen",
    "Chloe",
    "Wyatt",
    "Priya",
    "Arjun",
    "Mei",
    "Hiroshi",
    "Fatima",
    "Omar",
    "Ingrid",
    "Lars",
    "Chiara",
    "Giulia",
    "Mateus",
    "Sofia",
    "Zara",
    "Kwame",
    "Ngozi",
    "Dmitri",
    "Anya",
    "Tomasz",
    "Aoife",
    "Siobhan",
    "Rafael",
    "Lucia",
    "Yuki",
    "Min-jun",
    "Ji-woo",
    "Ana",
    "Diego",
    "Camila",
    "Nora",
    "Felix",
]
LAST_NAMES = [
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Nguyen",
    "Garcia",
    "Kowalski",
    "Rossi",
    "Haddad",
    "Fernandes",
    "Patel",
    "Kim",
    "Chen",
    "Novak",
    "Schneider",
    "Dubois",
    "Murphy",
    "Walsh",
    "Andersen",
    "Silva",
    "Moreau",
    "Ivanova",
    "Mensah",
    "Adeyemi",
    "Bauer",
    "Costa",
    "Romero",
    "Sato",
    "Park",
    "Hughes",
    "Brennan",
    "Castillo",
    "Quinn",
    "Delgado",
    "Eriksen",
    "Fischer",
    "Gallagher",
    "Horvat",
    "Ibrahim",
    "Jansen",
    "Kaur",
    "Larsen",
    "Mahmoud",
    "Nakamura",
    "Oyelaran",
    "Petrov",
    "Rahman",
    "Sorensen",
    "Takahashi",
    "Umarov",
    "Vasquez",
    "Whitfield",
    "Yilmaz",
    "Zielinski",
    "Abernathy",
    "Blackwood",
    "Cardenas",
    "Drummond",
    "Ellery",
    "Fairbanks",
]
CITIES = [
    "Austin, TX",
    "Seattle, WA",
    "New York, NY",
    "San Francisco, CA",
    "Chicago, IL",
    "Boston, MA",
    "Denver, CO",
    "Atlanta, GA",
    "Raleigh, NC",
    "Portland, OR",
    "Los Angeles, CA",
    "Dallas, TX",
    "Miami, FL",
    "Toronto, Canada",
    "London, United Kingdom",
    "Berlin, Germany",
    "Dublin, Ireland",
    "Amsterdam, Netherlands",
    "Remote",
]
TITLES = [
    "Senior Data Engineer",
    "Data Engineer",
    "Staff Software Engineer",
    "Software Engineer",
    "Senior Software Engineer",
    "Product Manager",
    "Senior Product Manager",
    "Engineering Manager",
    "Data Scientist",
    "Senior Data Scientist",
    "Machine Learning Engineer",
    "DevOps Engineer",
    "Site Reliability Engineer",
    "QA Engineer",
    "UX Designer",
    "Account Executive",
    "Sales Development Representative",
    "Technical Program Manager",
    "Director of Engineering",
    "Frontend Engineer",
    "Backend Engineer",
    "Analytics Engineer",
    "HR Business Partner",
    "Recruiter",
]
COMPANIES = [
    "Northwind",
    "Contoso",
    "Globex",
    "Initech",
    "Umbrella Labs",
    "Hooli",
    "Vandelay",
    "Stark Analytics",
    "Acme",
    "Wayne Tech",
]
STATUSES = [
    "New",
    "Contacted",
    "Interested",
    "Not now",
    "Not now",
    "Not now",
    "Interviewing",
    "Placed",
    "Not interested",
    "Do not contact",
]
METHODS = ["LinkedIn message", "LinkedIn InMail", "Email", "Phone", "Text", "Referral", "Event"]
REMOTE = ["Yes", "No", "Remote only", "Hybrid", "Relocate", ""]
OWNERS = ["Dana", "Sam", "Priya", "Lee"]
TODAY = date(2026, 11, 25)


def slug(first: str, last: str, n: int) -> str:
    base = f"{first}-{last}".lower().replace(" ", "-").replace("'", "")
    return f"{base}-{n:04x}"


def _person(rng: random.Random, i: int, today: date) -> dict[str, Any]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    last_contacted = today - timedelta(days=rng.randint(5, 700))
    status = rng.choice(STATUSES)
    follow = last_contacted + timedelta(days=rng.choice([60, 90, 120, 180, 270, 365])) if status == "Not now" else None
    city = rng.choice(CITIES)
    future_loc = rng.choice([city, city, f"{city}; Remote", rng.choice(CITIES), ""])
    return {
        "first_name": first,
        "last_name": last,
        "contact_method": rng.choice(METHODS),
        "email": f"{first}.{last}{i}@example.com".lower().replace("'", ""),
        "phone": f"+1 (512) 555-{1000 + i % 9000:04d}" if rng.random() < 0.7 else "",
        "location": city,
        "linkedin": f"https://www.linkedin.com/in/{slug(first, last, i)}",
        "current_title": rng.choice(TITLES),
        "company": rng.choice(COMPANIES),
        "notes": rng.choice(
            [
                "",
                "Strong SQL, Spark",
                "Wants to lead a team",
                "Prefers startups",
                "Python, dbt, Airflow",
                "Met at PyData",
                "Said not now; call back after bonus",
            ]
        ),
        "status": status,
        "last_contacted": last_contacted,
        "future_title": rng.choice(TITLES) if status in ("Not now", "Interested") or rng.random() < 0.3 else "",
        "future_location": future_loc,
        "open_to_remote": rng.choice(REMOTE),
        "follow_up_on": follow,
        "owner": rng.choice(OWNERS),
    }


def fake_candidates(n: int, seed: int = 1, today: date = TODAY) -> pd.DataFrame:
    """``n`` clean synthetic candidates with canonical column names (for benchmarks)."""
    rng = random.Random(seed)
    return pd.DataFrame([_person(rng, i, today) for i in range(n)])


def write_plain_workbook(df: pd.DataFrame, path: Path, headers: dict[str, str] | None = None, sheet: str = "Candidates") -> Path:
    """Write a frame fast (openpyxl write-only), template headers by default."""
    headers = headers or schema.TEMPLATE_HEADERS
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    cols = [c for c in df.columns]
    ws.append([headers.get(c, c) for c in cols])
    for row in df.itertuples(index=False):
        ws.append([None if v == "" or v is None or v != v else v for v in row])
    wb.save(path)
    return Path(path)


# --- the demo workbook -------------------------------------------------------------------

DEMO_HEADERS = {
    "candidate_id": "Candidate ID",
    "first_name": "Given name",
    "last_name": "Surname",
    "contact_method": "How contacted",
    "email": "E-mail",
    "phone": "Mobile",
    "location": "Based in",
    "linkedin": "LinkedIn Profile",
    "current_title": "Current title",
    "company": "Company",
    "notes": "Comments",
    "status": "Status",
    "last_contacted": "Last contacted",
    "future_title": "Desired role",
    "future_location": "Pref. location",
    "open_to_remote": "Open to remote",
    "follow_up_on": "Check back",
    "owner": "Owner",
    "source_list": "Source list",  # a column of the recruiter's own, unknown to talentsheet
}
DEMO_HEADER_ROW = 3


@dataclass
class DemoTruth:
    """What was planted in the demo workbook, so tests and the demo can check findings."""

    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (excel row, field, kind)
    duplicate_groups: list[list[int]] = field(default_factory=list)  # excel rows of one person
    not_duplicates: list[tuple[int, int]] = field(default_factory=list)  # hard negatives
    header_row: int = DEMO_HEADER_ROW


NICKNAMES = [
    ("Robert", "Bob"),
    ("Elizabeth", "Liz"),
    ("William", "Bill"),
    ("Katherine", "Kate"),
    ("Michael", "Mike"),
    ("James", "Jim"),
    ("Anthony", "Tony"),
    ("Christopher", "Chris"),
    ("Alexander", "Alex"),
    ("Margaret", "Peggy"),
]


def demo_rows(n: int = 300, seed: int = 7, today: date = TODAY) -> tuple[list[dict[str, Any]], DemoTruth]:
    """Rows of the demo sheet (canonical keys) with duplicates and mess planted."""
    rng = random.Random(seed)
    rows = [_person(rng, i, today) for i in range(n)]
    for r in rows:
        r["source_list"] = rng.choice(["Referral list", "PyData 2025", "Sourcing sprint", ""])
        r["candidate_id"] = None
    truth = DemoTruth()
    first = DEMO_HEADER_ROW + 1

    def row_of(i: int) -> int:
        return first + i

    _plant_duplicates(rng, rows, truth, row_of)
    _plant_mess(rng, rows, truth, row_of, today, base=n)
    return rows, truth


def _plant_duplicates(rng: random.Random, rows: list[dict[str, Any]], truth: DemoTruth, row_of) -> None:
    """Append copies of people the way they really recur: nickname, tracking URL, pasted list."""
    base_count = len(rows)
    for k, (formal, nick) in enumerate(NICKNAMES):
        i = rng.randrange(base_count)
        orig = rows[i]
        orig["first_name"] = formal
        orig["email"] = f"{formal}.{orig['last_name']}{i}@example.com".lower()
        variant = dict(orig)
        kind = k % 4
        if kind == 0:  # nickname + LinkedIn with tracking junk, no email
            variant.update(
                first_name=nick, email="", linkedin=orig["linkedin"].replace("https://www.", "") + "?trk=public_profile"
            )
        elif kind == 1:  # "SMITH, ROBERT" pasted into one cell, same email
            variant.update(first_name=f"{orig['last_name'].upper()}, {formal.upper()}", last_name="", linkedin="", phone="")
        elif kind == 2:  # typo in the first letters of the last name, same phone, new notes
            ln = orig["last_name"]
            variant.update(
                last_name=ln[1] + ln[0] + ln[2:],
                email=f"{nick.lower()}{rng.randint(1, 99)}@gmail.com",
                linkedin="",
                notes="Second contact via referral",
            )
            if not variant["phone"]:
                variant["phone"] = orig["phone"] = f"(206) 555-{2000 + k:04d}"
        else:  # nickname, same city, other method, mobile LinkedIn URL
            variant.update(
                first_name=nick, linkedin=orig["linkedin"].replace("www.", "m.") + "/", email="", contact_method="Referral"
            )
        rows.append(variant)
        truth.duplicate_groups.append([row_of(i), row_of(len(rows) - 1)])
    # hard negatives: same common name, different people; family sharing surname and address
    for _ in range(3):
        twin = _person(rng, len(rows) + 7000, TODAY)
        twin.update(first_name="Daniel", last_name="Garcia", source_list="", candidate_id=None)
        rows.append(twin)
    truth.not_duplicates += [(row_of(len(rows) - 3), row_of(len(rows) - 2)), (row_of(len(rows) - 2), row_of(len(rows) - 1))]
    sibling = dict(rows[len(rows) - 1])
    sibling.update(
        first_name="Diana", email="diana.garcia@example.org", linkedin="https://www.linkedin.com/in/diana-garcia-77a1", phone=""
    )
    rows.append(sibling)
    truth.not_duplicates.append((row_of(len(rows) - 2), row_of(len(rows) - 1)))


def _plant_mess(rng: random.Random, rows: list[dict[str, Any]], truth: DemoTruth, row_of, today: date, base: int) -> None:
    """Typical recruiter mess, each planted once at a known row."""
    plants: list[tuple[str, Any, str]] = [
        ("linkedin", "https://www.linkedin.com/company/globex", "linkedin_not_profile"),
        ("linkedin", "linkedin.com/in/Someone-Mixed-Case", "linkedin_unnormalised"),
        ("linkedin", "https://uk.linkedin.com/in/aoife-walsh-12?originalSubdomain=uk", "linkedin_unnormalised"),
        ("linkedin", "https://www.linkedin.com/posts/someone_activity-1234", "linkedin_not_profile"),
        ("linkedin", "https://www.facebook.com/someone", "linkedin_other_domain"),
        ("linkedin", "htps:/linkedin", "linkedin_malformed"),
        ("email", "priya.patel@gmial.com", "email_typo"),
        ("email", "jobs@contoso.com", "email_role"),
        ("email", "not an email", "email_invalid"),
        ("phone", "555-12", "phone_invalid"),
        ("phone", "512.555.0199 x204", "phone_unnormalised"),
        ("contact_method", "LI", "method_synonym"),
        ("contact_method", "e-mail", "method_synonym"),
        ("contact_method", "txt", "method_synonym"),
        ("contact_method", "carrier pigeon", "method_unknown"),
        ("location", "austin tx", "location_unnormalised"),
        ("location", "Atlantis", "location_unknown"),
        ("first_name", "MARGARET", "name_case"),
        ("last_name", "mcdonald", "name_case"),
        ("first_name", "  Zara  ", "name_spaces"),
        ("first_name", "zara@example.com", "name_has_email"),
        ("last_contacted", "2025-02-30", "date_impossible"),
        ("last_contacted", "14 Mar 2025", "date_text"),
        ("follow_up_on", today - timedelta(days=40), "followup_overdue"),
        ("status", "maybe later", "status_unknown"),
        ("notes", '=HYPERLINK("http://evil.example","click")', "notes_formula_text"),
    ]
    lo, hi, unreachable = _mess_rows(base)
    used: set[int] = set()
    for fieldname, value, kind in plants[: hi - lo]:
        i = rng.randrange(lo, hi)
        while i in used:
            i = rng.randrange(lo, hi)
        used.add(i)
        rows[i][fieldname] = value
        if kind == "followup_overdue":
            rows[i]["status"] = "Not now"
        truth.problems.append((row_of(i), fieldname, kind))
    # a row nobody can reach
    i = unreachable
    rows[i].update(email="", phone="", linkedin="")
    truth.problems.append((row_of(i), "", "row_unreachable"))


def _mess_rows(base: int) -> tuple[int, int, int]:
    """Where the mess goes among the ``base`` generated people: rows ``lo..hi-1`` get one
    planted problem each, row ``unreachable`` loses every way to reach the person.

    The 300-row demo keeps its long-standing layout (rows 60-279, row 55), so its truth
    never moves; a smaller demo shrinks the span to fit (and plants fewer problems when it
    has fewer rows than problems) instead of indexing past its last row."""
    hi = min(280, base)
    lo = min(60, max(1, hi - 2 * 26))  # room to spare for the 26 planted problems
    return lo, hi, min(55, lo - 1)


def demo_workbook(path: str | Path, n: int = 300, seed: int = 7, today: date = TODAY) -> DemoTruth:
    """Write the demo workbook: a title above the header, recruiter styling, an extra sheet."""
    rows, truth = demo_rows(n, seed, today)
    wb = Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws["A1"] = "Dana's network - keep this tidy!"
    ws["A1"].font = Font(bold=True, size=14)
    keys = list(DEMO_HEADERS)
    for c, key in enumerate(keys, start=1):
        cell = ws.cell(DEMO_HEADER_ROW, c, DEMO_HEADERS[key])
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=DEMO_HEADER_ROW + 1):
        for c, key in enumerate(keys, start=1):
            value = row.get(key)
            if value not in (None, ""):
                cell = ws.cell(r, c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, (date, datetime)):
                    cell.number_format = "yyyy-mm-dd"
    _recruiter_styling(ws, len(rows))
    notes = wb.create_sheet("Call notes")
    notes["A1"], notes["B1"] = "Date", "Note"
    notes["A2"], notes["B2"] = date(2026, 10, 2), "Hiring freeze at Globex until Q1"
    wb.save(path)
    return truth


def _recruiter_styling(ws, n_rows: int) -> None:
    """Things a recruiter adds by hand, which must survive every talentsheet write."""
    last = DEMO_HEADER_ROW + n_rows
    ws.freeze_panes = f"C{DEMO_HEADER_ROW + 1}"
    ws.column_dimensions["E"].width = 30
    ws.column_dimensions["H"].width = 45
    ws.cell(DEMO_HEADER_ROW + 5, 2).fill = PatternFill("solid", start_color="FFFF00", end_color="FFFF00")
    ws.cell(DEMO_HEADER_ROW + 6, 11).comment = Comment("Ask about visa timing", "Dana")
    dv = DataValidation(type="list", formula1='"Dana,Sam,Priya,Lee"', allow_blank=True)
    dv.add(f"R{DEMO_HEADER_ROW + 1}:R{last}")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add(
        f"L{DEMO_HEADER_ROW + 1}:L{last}",
        CellIsRule(operator="equal", formula=['"Placed"'], fill=PatternFill("solid", start_color="C6EFCE", end_color="C6EFCE")),
    )
    ws.auto_filter.ref = f"A{DEMO_HEADER_ROW}:S{last}"
