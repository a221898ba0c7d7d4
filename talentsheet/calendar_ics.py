"""Call-backs as calendar events (iCalendar, RFC 5545) that Outlook, Google Calendar and
Apple Calendar import: one all-day event per person, on the day the call-back names (today
for overdue ones), marked free so it never blocks the day.

The event's UID is stable for a person (their Candidate ID, else LinkedIn URL, else name),
so importing a refreshed file updates the events instead of doubling them. The description
says what to ask and quotes what they said ("As typed: ping Q2", "Wants: ...").
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError

__all__ = ["call_back_calendar", "write_ics"]

PRODID = "-//talentsheet//call-backs//EN"


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return " ".join(str(v).split())


def _uid(row: int, rec: dict[str, Any]) -> str:
    who = _text(rec.get("Candidate ID")) or _text(rec.get("LinkedIn")).lower() or f"{_text(rec.get('Name')).lower()}#{row}"
    return hashlib.sha1(who.encode("utf-8")).hexdigest()[:20] + "@talentsheet"


def _description(row: int, rec: dict[str, Any]) -> str:
    lines = []
    typed, source = _text(rec.get("Follow-up as typed")), _text(rec.get("Follow-up from"))
    if typed or source:
        lines.append(f"As typed: {typed}" + (f" ({source})" if source and source != typed else ""))
    wish = " in ".join(p for p in (_text(rec.get("Title wanted")), _text(rec.get("Location wanted"))) if p)
    if wish:
        lines.append(f"Wants: {wish}")
    for label in ("Phone", "Email", "LinkedIn", "Status", "Owner"):
        if _text(rec.get(label)):
            lines.append(f"{label}: {_text(rec.get(label))}")
    if isinstance(rec.get("Due"), date) and rec.get("On") != rec.get("Due"):
        lines.append(f"Overdue since {rec['Due']:%Y-%m-%d}")
    lines.append(f"Candidate sheet row {row}")
    return "\n".join(lines)


def call_back_calendar(call_backs: pd.DataFrame, *, stamp: datetime | None = None) -> Any:
    """An ``icalendar.Calendar`` with one event per row of ``views.filters.call_backs()``."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "talentsheet call-backs")
    now = stamp or datetime.now(UTC).replace(microsecond=0)
    for row, rec in zip(call_backs.index, call_backs.to_dict("records"), strict=True):
        on: date = rec["On"]
        event = Event()
        event.add("uid", _uid(int(row), rec))
        event.add("dtstamp", now)
        event.add("dtstart", on)
        event.add("dtend", on + timedelta(days=1))
        event.add("summary", f"Call back {_text(rec.get('Name')) or 'row ' + str(row)}")
        event.add("description", _description(int(row), rec))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["talentsheet"])
        link = _text(rec.get("LinkedIn"))
        if link.lower().startswith(("https://", "http://")):
            event.add("url", link)
        cal.add_component(event)
    return cal


def write_ics(call_backs: pd.DataFrame, path: str | Path, *, force: bool = False) -> int:
    """Write the calendar file (an existing one only with ``force``); returns the number of events."""
    from .workbook.files import write_side_file

    path = Path(path)
    if path.suffix.lower() != ".ics":
        raise InputError(f"a calendar file ends in .ics, not {path.name}", "e.g. --ics calls.ics")
    if not path.parent.exists():
        raise InputError(f"the folder {path.parent} does not exist", "create it first or choose another path")
    write_side_file(path, call_back_calendar(call_backs).to_ical(), force=force, option="--ics")
    return len(call_backs)


def write_workbook_calendar(
    path: str | Path, ics: str | Path, *, today: date | None = None, sheet: str | None = None, force: bool = False
) -> int:
    """``talentsheet followups FILE --ics calls.ics``: every call-back of the workbook that
    may be made, as calendar events. Reads the workbook, never writes it."""
    from .views.filters import call_backs, prepare
    from .workbook.reader import read_candidates

    df = read_candidates(path, sheet).df
    return write_ics(call_backs(df, prepare(df), today=today), ics, force=force)
