"""A shortlist from ``talentsheet match`` as a CSV that LinkedIn Recruiter or Greenhouse imports.

Formats (what each importer documents):

* ``linkedin``: LinkedIn Recruiter, Project settings > Import candidates. The columns must be
  exactly, in this order: First name, Last name, Email (the three required), Phone number,
  Job title, Company, Location, Pipeline stage, Note, Note visibility (ONLY_ME,
  PROJECT_MEMBERS or ANYONE; blank = PROJECT_MEMBERS), Tags (only tags that already exist).
  The first row is skipped as a header; at most 200 candidates per file; comma-separated.
  People without an email cannot be imported there: they are left out and reported.
* ``greenhouse``: Greenhouse Recruiting, Configure > Bulk Import > Begin Prospect Import; the
  importer maps columns by name to its default fields (First Name and Last Name required):
  First Name, Last Name, Company, Title, Email, Phone, Social Media, Notes, Job.

Text that a spreadsheet would run as a formula (``=``, ``@``, ``+``/``-`` not followed by a
digit) gets a leading apostrophe, so opening the file in Excel is safe; phone numbers stay.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError

__all__ = ["FORMATS", "ShortlistReport", "shortlist_rows", "write_shortlist"]

LINKEDIN_HEADER = [
    "First name",
    "Last name",
    "Email",
    "Phone number",
    "Job title",
    "Company",
    "Location",
    "Pipeline stage",
    "Note",
    "Note visibility",
    "Tags",
]
GREENHOUSE_HEADER = ["First Name", "Last Name", "Company", "Title", "Email", "Phone", "Social Media", "Notes", "Job"]
FORMATS = {"linkedin": LINKEDIN_HEADER, "greenhouse": GREENHOUSE_HEADER}
LINKEDIN_LIMIT = 200
FORMULA_START = re.compile(r"^(?:[=@\t\r]|[+-](?![\d (]))")


@dataclass
class ShortlistReport:
    path: Path
    format: str
    written: int
    left_out: list[dict[str, Any]] = field(default_factory=list)  # {"row", "name", "why"}

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "format": self.format, "written": self.written, "left_out": self.left_out}


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return " ".join(str(v).split())


def csv_safe(text: str) -> str:
    return "'" + text if FORMULA_START.match(text) else text


def _names(rec: dict[str, Any]) -> tuple[str, str]:
    first, last = _text(rec.get("first_name")), _text(rec.get("last_name"))
    if first or last:
        return first, last
    whole = _text(rec.get("name")).split(" ")
    return whole[0], " ".join(whole[1:])


def _note(rec: dict[str, Any], opening_label: str) -> str:
    reasons = "; ".join(rec.get("reasons") or [])
    return f"talentsheet match #{rec.get('rank')} for {opening_label}: {reasons}" if opening_label else reasons


def shortlist_rows(
    matches: pd.DataFrame, fmt: str = "linkedin", opening_label: str = ""
) -> tuple[list[str], list[list[str]], list[dict[str, Any]]]:
    """(header, rows, left out) for a ``match()`` frame in one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise InputError(f"unknown shortlist format {fmt!r}", f"use one of: {', '.join(FORMATS)}")
    rows, left_out = [], []
    for rec in matches.to_dict("records"):
        first, last = _names(rec)
        email, title = _text(rec.get("email")), _text(rec.get("current_title"))
        if fmt == "linkedin":
            if not email:
                left_out.append(
                    {"row": int(rec["row"]), "name": _text(rec.get("name")), "why": "no email (LinkedIn Recruiter needs one)"}
                )
                continue
            if len(rows) == LINKEDIN_LIMIT:
                left_out.append(
                    {"row": int(rec["row"]), "name": _text(rec.get("name")), "why": f"over {LINKEDIN_LIMIT} per file"}
                )
                continue
            row = [first, last, email, _text(rec.get("phone")), title, _text(rec.get("company")), _text(rec.get("location"))]
            row += ["", _note(rec, opening_label), "", ""]
        else:
            row = [first, last, _text(rec.get("company")), title, email, _text(rec.get("phone")), _text(rec.get("linkedin"))]
            row += [_note(rec, opening_label), opening_label.split(",")[0] if opening_label else ""]
        rows.append([csv_safe(v) for v in row])
    return FORMATS[fmt], rows, left_out


def write_shortlist(
    matches: pd.DataFrame, path: str | Path, *, fmt: str = "linkedin", opening_label: str = ""
) -> ShortlistReport:
    """Write the shortlist CSV (UTF-8, comma-separated); nothing is written on bad input."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise InputError(f"a shortlist is a .csv file, not {path.name}", "e.g. --shortlist shortlist.csv")
    if not path.parent.exists():
        raise InputError(f"the folder {path.parent} does not exist", "create it first or choose another path")
    header, rows, left_out = shortlist_rows(matches, fmt, opening_label)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return ShortlistReport(path, fmt, len(rows), left_out)
