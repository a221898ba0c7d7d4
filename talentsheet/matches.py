"""The ``Matches – <opening>`` sheet and ``match_workbook``: ``talentsheet match`` on a file.

Ranking itself is pure (:mod:`talentsheet.match`); the Openings sheet is :mod:`talentsheet.openings`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from .links import linkedin_link
from .openings import FORBIDDEN_IN_SHEET_TITLE, MATCHES_PREFIX, SHEET_TITLE_LIMIT, Opening, _text
from .schema import fold
from .workbook.changes import Area, Legacy, Link, OwnSheet, Pointer, Style, Styled, WorkbookEdit, table_sheet


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
    "Email",
    "Phone",
    "Current title",
    "Future title",
    "Location",
    "Future location",
    "Last contacted",
    "Status",
    "Reasons",
    "Notes",
    "Candidates row",
    "Outcome",
]
# what sheets written before Email, Phone and Notes were added began with (no marker then)
_EARLIER_HEADER = ("Rank", "Score", "Name", "LinkedIn", "Contact method", "Current title", "Future title")
_MATCH_FIELDS = ["rank", "score", "name", "linkedin", "contact_method", "email", "phone", "current_title", "future_title"]
_MATCH_FIELDS += ["location", "future_location", "last_contacted", "status", "reasons", "notes_excerpt", "row"]
DROPPED_NOTE = "no longer in this list; kept for your Outcome note"


def _person_key(linkedin: Any, name: Any) -> str:
    """Who a Matches row is about, stable across re-runs (rows in Candidates may move)."""
    url = _text(linkedin).lower().split("?")[0].rstrip("/")
    url = re.sub(r"^(https?://)?([a-z]{2,3}\.)?", "", url)
    return url or fold(name)


MATCHES_KIND = "matches"


def _old_outcomes(rows: list[list[Any]]) -> dict[str, dict[str, Any]]:
    """Rows of the previous run where the recruiter filled in Outcome: key -> {header: value}."""
    if not rows or "Outcome" not in rows[0]:
        return {}
    header = [str(h) for h in rows[0]]
    kept: dict[str, dict[str, Any]] = {}
    for row in rows[1:]:
        rec = dict(zip(header, row, strict=False))
        if rec.get("Outcome") not in (None, ""):
            kept[_person_key(rec.get("LinkedIn"), rec.get("Name"))] = rec
    return kept


def matches_sheet(opening: Opening, matches: Any, previous: list[list[Any]], *, candidates: str, after: str | None) -> OwnSheet:
    """The ``Matches – <opening>`` sheet for a ``match()`` frame, as values. Outcome notes of
    ``previous`` (the sheet's values from the last run) survive: kept on the person's new
    row, or below the list when the person dropped out of it."""
    title = matches_sheet_title(opening)
    old = _old_outcomes(previous)
    rows = []
    for rec in matches.to_dict("records"):
        values = [rec.get(f) for f in _MATCH_FIELDS]
        values[_MATCH_FIELDS.index("reasons")] = "; ".join(rec.get("reasons") or [])
        outcome = old.pop(_person_key(rec.get("linkedin"), rec.get("name")), {}).get("Outcome")
        rows.append([*values, outcome])
    for rec in old.values():
        dropped = {**rec, "Rank": None, "Score": None, "Reasons": DROPPED_NOTE}
        rows.append([dropped.get(h) for h in MATCHES_HEADER])
    widths = {MATCHES_HEADER.index(h) + 1: w for h, w in (("Reasons", 80), ("Notes", 60), ("Outcome", 24))}
    own = table_sheet(title, MATCHES_KIND, MATCHES_HEADER, rows, widths=widths, after=after)
    own.legacy = Legacy(1, _EARLIER_HEADER)
    link_col, date_col = MATCHES_HEADER.index("LinkedIn") + 1, MATCHES_HEADER.index("Last contacted") + 1
    row_col = MATCHES_HEADER.index("Candidates row") + 1
    for r, line in enumerate(rows, start=2):
        url = linkedin_link(_text(line[link_col - 1]))
        if url:
            own.links.append(Link(r, link_col, url=url))
    if rows:
        own.styles.append(Styled(Area(2, date_col, len(rows) + 1, date_col), Style(number_format="yyyy-mm-dd")))
    own.pointers = [Pointer(row_col, "row", 2)]
    own.points_at = candidates
    return own


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
    ``write`` is None, write the ``Matches – <opening>`` sheet (``write`` holds the write
    options: ``output``, ``backup``). Returns the ranking and the sheet's title."""
    from .match import match
    from .workbook.editor import editing
    from .workbook.reader import read_candidates
    from .workbook.values import sheet_rows

    if write is None:
        return match(read_candidates(path, sheet).df, opening, top=top, settings=settings), None
    with editing(path, output=write.get("output"), backup=write.get("backup", True), force=write.get("force", False)) as session:
        table = read_candidates(session.source, sheet)
        result = match(table.df, opening, top=top, settings=settings)
        title = matches_sheet_title(opening)
        names = session.sheet_names()
        previous = sheet_rows(session.source, title) if title in names else []
        # new sheets go last: never before the candidate sheet, which the reader may find by order
        own = matches_sheet(opening, result, previous, candidates=table.sheet, after=names[-1])
        session.apply(WorkbookEdit(sheets=[own]))
    return result, title
