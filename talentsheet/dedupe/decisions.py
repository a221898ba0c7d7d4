"""The recruiter's "not the same person" answers, remembered between runs.

When a row of a Duplicates group is set to ``Merge? = No``, the recruiter has said that row is
not the same person as the others of its group. A later ``dedupe`` rewrites the Duplicates
sheet, so the answer is kept on a hidden sheet of talentsheet's (``_talentsheet_apart``: pairs
of candidate ids) and handed to the clustering as ``keep_apart``: the pair never shares a group
again, whatever the scores say. Ids, not row numbers, so sorting or inserting rows between runs
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from ..workbook.changes import OwnSheet, table_sheet

__all__ = ["APART_SHEET", "NO", "apart_sheet", "pairs_from_apart_rows", "rejected_pairs"]

APART_SHEET = "_talentsheet_apart"
APART_HEADER = ["Candidate ID", "Not the same person as", "Decided on"]
NO = {"no", "n", "false", "0", "not same", "different"}


def _id(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def rejected_pairs(lines: Iterable[Sequence[Any]], group_col: int, merge_col: int, id_col: int) -> set[tuple[str, str]]:
    """Pairs of ids the Duplicates sheet's values say are different people: each row set to
    No against every other row of its group (0-based columns)."""
    groups: dict[Any, list[tuple[str, bool]]] = {}
    for line in lines:
        padded = list(line) + [None] * (max(group_col, merge_col, id_col) + 1 - len(line))
        group, cid = padded[group_col], _id(padded[id_col])
        if group is None or cid is None:
            continue
        said_no = str(padded[merge_col] or "").strip().lower() in NO
        groups.setdefault(group, []).append((cid, said_no))
    out: set[tuple[str, str]] = set()
    for members in groups.values():
        for cid, said_no in members:
            if said_no:
                out |= {_pair(cid, other) for other, _ in members if other != cid}
    return out


def pairs_from_apart_rows(rows: Sequence[Sequence[Any]]) -> dict[tuple[str, str], Any]:
    """The pairs recorded on the hidden sheet (its values, header first) -> the day decided."""
    out: dict[tuple[str, str], Any] = {}
    for row in rows[1:]:
        padded = list(row) + [None] * 3
        a, b = _id(padded[0]), _id(padded[1])
        if a and b and a != b:
            out.setdefault(_pair(a, b), padded[2])
    return out


def apart_sheet(pairs: Iterable[tuple[str, str]], decided: dict[tuple[str, str], Any], today: date) -> OwnSheet:
    """The hidden record, one pair per row (the day first recorded kept)."""
    rows = [[a, b, decided.get((a, b)) or today] for a, b in sorted(set(pairs))]
    sheet = table_sheet(APART_SHEET, "kept-apart", APART_HEADER, rows)
    sheet.hidden = True
    return sheet
