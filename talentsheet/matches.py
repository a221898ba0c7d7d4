"""The ``Matches – <opening>`` sheet and ``match_workbook``: ``talentsheet match`` on a file.

Ranking itself is pure (:mod:`talentsheet.match`); the Openings sheet is :mod:`talentsheet.openings`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .openings import FORBIDDEN_IN_SHEET_TITLE, MATCHES_PREFIX, SHEET_TITLE_LIMIT, Opening, _text
from .schema import fold
from .workbook.writer import finish_table_sheet, replace_sheet, write_rows


def matches_sheet_title(opening: Opening) -> str:
    """'Matches – <opening>' within Excel's 31 characters and without []:*?/\\ ; stable for the
    same opening, and two openings that share a long prefix still get different sheets."""
    label = FORBIDDEN_IN_SHEET_TITLE.sub(" ", opening.label)
    label = " ".join(label.split()).strip("'")
    room = SHEET_TITLE_LIMIT - len(MATCHES_PREFIX)
    if len(label) <= room:
        return MATCHES_PREFIX + label
    digest = hashlib.sha1(fold(opening.label).encode()).hexdigest()[:4]
    return MATCHES_PREFIX + label[: room - 5].rstrip(" ,'") + " " + digest


# --- the Matches sheet -------------------------------------------------------------------------

MATCHES_HEADER = [
    "Rank",
    "Score",
    "Name",
    "LinkedIn",
    "Contact method",
    "Current title",
    "Future title",
    "Location",
    "Future location",
    "Last contacted",
    "Status",
    "Reasons",
    "Candidates row",
    "Outcome",
]
_MATCH_FIELDS = ["rank", "score", "name", "linkedin", "contact_method", "current_title", "future_title"]
_MATCH_FIELDS += ["location", "future_location", "last_contacted", "status", "reasons", "row"]
LINKEDIN_RE = re.compile(r"^(https?://)?([a-z]{2,3}\.)?linkedin\.com/\S+$", re.IGNORECASE)
DROPPED_NOTE = "no longer in this list; kept for your Outcome note"


def _person_key(linkedin: Any, name: Any) -> str:
    """Who a Matches row is about, stable across re-runs (rows in Candidates may move)."""
    url = _text(linkedin).lower().split("?")[0].rstrip("/")
    url = re.sub(r"^(https?://)?([a-z]{2,3}\.)?", "", url)
    return url or fold(name)


def _old_outcomes(ws: Worksheet) -> dict[str, dict[str, Any]]:
    """Rows of the previous run where the recruiter filled in Outcome: key -> {header: value}."""
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    if not rows or "Outcome" not in rows[0]:
        return {}
    header = [str(h) for h in rows[0]]
    kept: dict[str, dict[str, Any]] = {}
    for row in rows[1:]:
        rec = dict(zip(header, row, strict=False))
        if rec.get("Outcome") not in (None, ""):
            kept[_person_key(rec.get("LinkedIn"), rec.get("Name"))] = rec
    return kept


def write_matches_sheet(wb: Workbook, opening: Opening, matches: Any) -> str:
    """Write (or refresh) the ``Matches – <opening>`` sheet from a ``match()`` frame; returns
    its title. Outcome notes survive a re-run: kept on the person's new row, or below the list
    when the person dropped out of it. Call inside ``writer.edit_workbook``."""
    title = matches_sheet_title(opening)
    old = _old_outcomes(wb[title]) if title in wb.sheetnames else {}
    # new sheets go last: never before the candidate sheet, which the reader may find by order
    ws = replace_sheet(wb, title, after=wb.sheetnames[-1])
    rows = []
    for rec in matches.to_dict("records"):
        values = [rec.get(f) for f in _MATCH_FIELDS]
        values[_MATCH_FIELDS.index("reasons")] = "; ".join(rec.get("reasons") or [])
        outcome = old.pop(_person_key(rec.get("linkedin"), rec.get("name")), {}).get("Outcome")
        rows.append([*values, outcome])
    for rec in old.values():
        dropped = {**rec, "Rank": None, "Score": None, "Reasons": DROPPED_NOTE}
        rows.append([dropped.get(h) for h in MATCHES_HEADER])
    write_rows(ws, MATCHES_HEADER, rows)
    _style_matches(ws, len(rows))
    finish_table_sheet(ws, widths={"L": 80, "N": 24})
    return title


def _style_matches(ws: Worksheet, n: int) -> None:
    """LinkedIn URLs become clickable links; dates show as dates."""
    link_col, date_col = MATCHES_HEADER.index("LinkedIn") + 1, MATCHES_HEADER.index("Last contacted") + 1
    for r in range(2, n + 2):
        cell = ws.cell(r, link_col)
        url = _text(cell.value)
        if LINKEDIN_RE.match(url):
            cell.hyperlink = url if url.lower().startswith("http") else "https://" + url
            cell.style = "Hyperlink"
        ws.cell(r, date_col).number_format = "yyyy-mm-dd"


def match_workbook(
    path: str | Path,
    opening: Opening,
    *,
    top: int | None = 25,
    settings: Any = None,
    sheet: str | None = None,
    write: dict[str, Any] | None = None,
) -> tuple[Any, str | None]:
    """``talentsheet match`` on a file: rank the candidates for ``opening`` and, unless
    ``write`` is None, write the ``Matches – <opening>`` sheet (``write`` holds the
    ``edit_workbook`` options). Returns the ranking and the sheet's title."""
    from .match import match
    from .workbook.reader import read_candidates
    from .workbook.writer import edit_workbook

    result = match(read_candidates(path, sheet).df, opening, top=top, settings=settings)
    if write is None:
        return result, None
    with edit_workbook(path, **write) as wb:
        title = write_matches_sheet(wb, opening, result)
    return result, title
