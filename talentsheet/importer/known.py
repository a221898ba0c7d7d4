"""Who among the incoming people is already known: in the master (the check-new engine) or
earlier in the same export (the duplicate finder). Both are the dedupe package's public
functions; nothing of their matching logic is repeated here.

``check_new`` reads a workbook file, so the master's candidates and the incoming rows are
written to one temporary CSV (the master first, then the export's rows) and the engine is
asked about the incoming rows' line range. When ``check_new`` takes a frame, only
:func:`_check_new_rows` changes.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from .. import schema
from ..dedupe import find_duplicates
from ..dedupe.review import check_new
from ..workbook.reader import CandidateTable, mapping_context

__all__ = ["Group", "Match", "known_in_master", "known_within"]

# the fields the matching engine looks at, under headers the reader maps without doubt
MATCH_FIELDS = ("first_name", "last_name", "email", "phone", "linkedin", "location", "company", "current_title")
_HEADERS = {f: schema.display_header(f) for f in (schema.CANDIDATE_ID, *MATCH_FIELDS)}


@dataclass(frozen=True)
class Match:
    """An incoming row (its export row) is the same person as ``target``: a master row, or
    (``within=True``) an earlier incoming row appended by this import."""

    row: int
    target: int
    within: bool
    score: float
    why: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _check_new_rows(lines: list[list[str]], first_new: int) -> dict[int, tuple[int, float, str]]:
    """check_new on these lines (header first): new line -> (existing line, score, why)."""
    with tempfile.TemporaryDirectory(prefix="talentsheet-import-") as tmp:
        path = Path(tmp) / "candidates.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, quoting=csv.QUOTE_ALL).writerows(lines)
        with mapping_context(None):  # the user's --map is about their files, not this one
            _, found = check_new(path, rows=(first_new, len(lines)))
    return {m.row: (m.matches_row, m.score, m.why) for m in found}


def known_in_master(master: CandidateTable, incoming: pd.DataFrame) -> list[Match]:
    """Incoming rows (frame of master fields, index = export row) already in the master."""
    if master.df.empty or incoming.empty:
        return []
    header = [_HEADERS[f] for f in (schema.CANDIDATE_ID, *MATCH_FIELDS)]
    lines = [header]
    master_rows = master.df.index.tolist()
    for row, values in zip(master_rows, _values(master.df), strict=True):
        lines.append([f"row {row}", *values])  # an id-like mark: these are the existing people
    first_new = len(lines) + 1
    export_rows = incoming.index.tolist()
    lines += [["", *values] for values in _values(incoming)]
    found = _check_new_rows(lines, first_new)
    out = []
    for line, (matched, score, why) in sorted(found.items()):
        out.append(Match(int(export_rows[line - first_new]), int(master_rows[matched - 2]), False, score, why))
    return out


def _values(df: pd.DataFrame) -> Iterable[list[str]]:
    columns = [df[f].tolist() if f in df.columns else [None] * len(df) for f in MATCH_FIELDS]
    for values in zip(*columns, strict=True):
        yield [_text(v) for v in values]


@dataclass(frozen=True)
class Group:
    """Incoming rows describing one person: ``survivor`` is the one to append (the most
    complete), ``reasons`` says why each other member is the same person."""

    rows: list[int]
    survivor: int
    score: float
    reasons: dict[int, str]


def known_within(incoming: pd.DataFrame) -> list[Group]:
    """Groups of incoming rows that are one person (the exports themselves carry duplicates)."""
    if len(incoming) < 2:
        return []
    frame = incoming.copy()
    for f in schema.CANONICAL_FIELDS:
        if f not in frame.columns:
            frame[f] = None
    return [Group(list(g.rows), g.survivor, g.score, dict(g.reasons)) for g in find_duplicates(frame)]
