"""Check-in messages: one draft per person due a call, from a template the recruiter edits on
the workbook's How to use sheet (under "Check-in message"; the default is the end of
``templates/how_to_use.md``), quoting what they said last time ("Last time you said you'd
like a Director of Engineering role in Denver.").
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError

__all__ = ["Draft", "check_in_template", "render_drafts", "wish_sentence", "write_drafts"]

HOW_TO_USE_SHEET = "How to use"
HEADING = "check-in message"
PLACEHOLDERS = ("first_name", "name", "wish_sentence", "title_wanted", "location_wanted", "last_contacted", "owner")


@dataclass(frozen=True)
class Draft:
    row: int
    name: str
    email: str
    text: str


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return " ".join(str(v).split())


def _after_heading(lines: list[str]) -> str | None:
    for i, line in enumerate(lines):
        if line.lstrip("# ").strip().lower() == HEADING:
            body = [ln.rstrip() for ln in lines[i + 1 :]]
            while body and not body[-1].strip():
                body.pop()
            return "\n".join(body) if any(b.strip() for b in body) else None
    return None


def default_template() -> str:
    text = (Path(__file__).parent / "templates" / "how_to_use.md").read_text(encoding="utf-8")
    found = _after_heading(text.splitlines())
    assert found, "templates/how_to_use.md has a Check-in message section"
    return found


def check_in_template(path: str | Path | None = None) -> tuple[str, str]:
    """(template, where it came from): the workbook's How to use sheet when it has a Check-in
    message, else the default."""
    if path is not None and Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        import python_calamine as pc

        wb = pc.CalamineWorkbook.from_path(str(path))
        if HOW_TO_USE_SHEET in wb.sheet_names:
            rows = wb.get_sheet_by_name(HOW_TO_USE_SHEET).to_python(skip_empty_area=False)
            found = _after_heading([_cell(r[0]) if r else "" for r in rows])
            if found:
                return found, f"the {HOW_TO_USE_SHEET} sheet"
    return default_template(), "talentsheet's default (add a 'Check-in message' section to the How to use sheet to change it)"


def _cell(v: Any) -> str:
    return "" if v is None else str(v)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _place_phrase(text: str) -> str:
    """ "Denver, CO" -> "in Denver"; "Austin, TX; Remote" -> "in Austin or remote"."""
    parts = [p.strip() for p in text.split(";") if p.strip()]
    remote = any(p.lower().startswith("remote") for p in parts)
    cities = [p.split(",")[0] for p in parts if not p.lower().startswith("remote")]
    phrase = f"in {' or '.join(cities)}" if cities else ""
    return f"{phrase} or remote" if phrase and remote else (phrase or ("remote" if remote else ""))


def wish_sentence(title: Any, location: Any) -> str:
    """What they said last time, as a sentence to quote back."""
    title, place = _text(title), _place_phrase(_text(location))
    if title and place:
        sep = " " if place.startswith("in ") else ", "
        return f"Last time you said you'd like {_article(title)} {title} role{sep}{place}."
    if title:
        return f"Last time you said you'd like {_article(title)} {title} role."
    if place:
        return (
            f"Last time you said you'd like your next role to be {place}."
            if place.startswith("in ")
            else "Last time you said you'd like a remote role."
        )
    return "It has been a while since we last spoke."


def _fields(template: str) -> list[str]:
    try:
        return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise InputError(
            f"the Check-in message cannot be read: {exc}",
            "put placeholders in braces, e.g. {first_name}; double {{ }} for a brace",
        ) from None


def render_drafts(people: pd.DataFrame, template: str) -> list[Draft]:
    """One draft per row of a follow-ups people frame (``views.filters.follow_ups_due().people``)."""
    unknown = [f for f in _fields(template) if f not in PLACEHOLDERS]
    if unknown:
        raise InputError(
            f"the Check-in message uses {{{unknown[0]}}}, which talentsheet cannot fill",
            f"use: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}",
        )
    out = []
    for row, rec in zip(people.index, people.to_dict("records"), strict=True):
        name = _text(rec.get("Name"))
        last = rec.get("Last contacted")
        values = {
            "first_name": name.split(" ")[0] if name else "there",
            "name": name,
            "wish_sentence": wish_sentence(rec.get("Title wanted"), rec.get("Location wanted")),
            "title_wanted": _text(rec.get("Title wanted")),
            "location_wanted": _text(rec.get("Location wanted")),
            "last_contacted": f"{last:%d %B %Y}" if isinstance(last, date) else "",
            "owner": _text(rec.get("Owner")),
        }
        out.append(Draft(int(row), name, _text(rec.get("Email")), template.format_map(values).strip()))
    return out


def write_drafts(drafts: list[Draft], path: str | Path, *, force: bool = False) -> int:
    """A plain-text file: one message per person, with who it is for."""
    path = Path(path)
    if path.suffix.lower() not in (".txt", ".md"):
        raise InputError(f"drafts are written to a .txt or .md file, not {path.name}", "e.g. --drafts drafts.txt")
    if not path.parent.exists():
        raise InputError(f"the folder {path.parent} does not exist", "create it first or choose another path")
    blocks = [f"To: {d.name}" + (f" <{d.email}>" if d.email else "") + f" (candidate row {d.row})\n\n{d.text}\n" for d in drafts]
    from .workbook.files import write_side_file

    write_side_file(path, "\n---\n\n".join(blocks).encode("utf-8"), force=force, option="--drafts")
    return len(drafts)


def write_workbook_drafts(
    path: str | Path,
    out: str | Path,
    *,
    days: int,
    cadence_days: int,
    today: date | None = None,
    sheet: str | None = None,
    force: bool = False,
) -> tuple[int, str]:
    """``talentsheet followups FILE --drafts drafts.txt``: a check-in draft for everyone due a
    call (the Follow-ups due list). Returns (drafts written, where the template came from)."""
    from .views.filters import follow_ups_due, prepare
    from .workbook.reader import read_candidates

    df = read_candidates(path, sheet).df
    template, where = check_in_template(path)
    view = follow_ups_due(df, prepare(df), days=days, cadence_days=cadence_days, today=today)
    return write_drafts(render_drafts(view.people, template), out, force=force), where
