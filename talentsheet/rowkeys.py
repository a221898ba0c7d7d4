"""Finding a candidate's row again after the recruiter inserted, deleted or sorted rows.

A log that must put values back later (the Fix log of ``validate --fix``, the Extract log of
``extract --accept``) records, per row, its Candidate ID and a short fingerprint of its
identity cells (:class:`RowKeys`); :class:`RowFinder` finds the row that holds them now, or
says why it cannot (no such id any more, two rows equally alike...). One rule for every log.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .validate import Change
    from .workbook.reader import CandidateTable

__all__ = ["IDENTITY_FIELDS", "RowFinder", "RowKeys", "cell_value", "runs_newest_first"]


def present(value: Any) -> bool:
    """A cell that holds something (not empty, not only spaces)."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def cell_value(value: Any) -> Any:
    """A cell value as the reader sees it, so values read at different times compare equal."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


IDENTITY_FIELDS = ("candidate_id", "first_name", "last_name", "full_name", "email", "phone", "linkedin")


class RowKeys:
    """A row's identity as the Fix log records it: its Candidate ID when the sheet has one, and
    a short fingerprint of its identity cells (names, email, phone, LinkedIn), one 4-digit
    hash per cell. Undo finds the row that still has most of them, so a row that moved
    (inserted, deleted or sorted rows) is found again, and a row whose identity changed
    too much is reported rather than guessed."""

    def __init__(self, table: CandidateTable, values: dict[int, dict[str, Any]]) -> None:
        self.table = table
        self.values = values
        self.fields = [f for f in IDENTITY_FIELDS if table.has(f) and f not in table.derived]

    @classmethod
    def after_fixes(cls, table: CandidateTable, fixed: list[Change]) -> RowKeys:
        rows = sorted({c.row for c in fixed})
        fields = [f for f in IDENTITY_FIELDS if table.has(f)]
        picked = table.df.loc[rows, fields] if rows and fields else None
        values = {r: {} for r in rows}
        if picked is not None:
            values = {int(r): dict(zip(fields, vals, strict=True)) for r, *vals in picked.itertuples()}
        for c in fixed:
            if c.column in fields:
                values[c.row][c.column] = c.new
        return cls(table, values)

    def candidate_id(self, row: int) -> Any:
        if "candidate_id" not in self.fields:
            return None
        v = self.values[row].get("candidate_id")
        return None if v is None else str(v).strip() or None

    def key(self, row: int) -> str:
        """One part per identity cell that holds something (an empty cell tells rows apart
        from nothing)."""
        values = self.values[row]
        return ".".join(
            f"{f[:2]}{_short_hash(values.get(f))}" for f in self.fields if f != "candidate_id" and present(values.get(f))
        )


def _short_hash(value: Any) -> str:
    text = "" if value is None else str(cell_value(value)).strip()
    return f"{zlib.crc32(text.encode('utf-8')) & 0xFFFF:04x}"


class RowFinder:
    """Finds the row a Fix log entry belongs to now, and keeps its values as undo proceeds."""

    def __init__(self, table: CandidateTable) -> None:
        self.table = table
        df = table.df
        self.keys = RowKeys(table, {})
        self.values: dict[int, dict[str, Any]] = {}
        self.index: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.ids: dict[str, list[int]] = defaultdict(list)
        self.columns: dict[str, dict[int, Any]] = {}
        fields = [f for f in IDENTITY_FIELDS if f in self.keys.fields]
        for r, *vals in zip(df.index, *(df[f] for f in fields), strict=True):
            self.values[int(r)] = dict(zip(fields, vals, strict=True))
            self._index(int(r))

    def _index(self, row: int) -> None:
        for f, v in self.values[row].items():
            if f == "candidate_id":
                if v is not None and str(v).strip():
                    self.ids[str(v).strip()].append(row)
            elif present(v):
                self.index[(f[:2], _short_hash(v))].add(row)

    def _unindex(self, row: int) -> None:
        for f, v in self.values[row].items():
            if f == "candidate_id":
                if v is not None and str(v).strip() in self.ids:
                    self.ids[str(v).strip()].remove(row)
            elif present(v):
                self.index[(f[:2], _short_hash(v))].discard(row)

    def find(self, candidate_id: Any, key: Any, logged: int) -> tuple[int | None, str]:
        """(row, "") or (None, why)."""
        if candidate_id and "candidate_id" in self.keys.fields:
            rows = self.ids.get(str(candidate_id).strip(), [])
            if len(rows) == 1:
                return rows[0], ""
            if not rows:
                return None, f"no row has Candidate ID {candidate_id} any more"
            return None, f"Candidate ID {candidate_id} is on rows {', '.join(map(str, sorted(rows)))}"
        if not key:  # logged before rows had keys: trust the address only if it holds a candidate
            return (logged, "") if logged in self.values else (None, "its row is gone")
        parts = [(p[:2], p[2:]) for p in str(key).split(".") if len(p) == 6]
        buckets = sorted((self.index.get(part, set()) for part in parts), key=len)
        # a row in more than half of the buckets is in at least one of the smaller half of them
        candidates = set().union(*buckets[: (len(buckets) + 1) // 2]) if buckets else set()
        votes = {r: sum(r in b for b in buckets) for r in candidates}
        if not votes:
            return None, "no row has its name, email, phone or LinkedIn any more"
        best = max(votes.values())
        top = sorted(r for r, v in votes.items() if v == best)
        if best * 2 <= len(parts):
            return None, "no row has most of its name, email, phone and LinkedIn any more"
        if len(top) > 1:
            return None, f"rows {', '.join(map(str, top))} match it equally"
        return top[0], ""

    def _column(self, field_name: str) -> dict[int, Any]:
        if field_name not in self.columns:
            self.columns[field_name] = {int(r): v for r, v in self.table.df[field_name].items()}
        return self.columns[field_name]

    def current(self, row: int, field_name: str) -> Any:
        return self._column(field_name).get(row)

    def set(self, row: int, field_name: str, value: Any) -> None:
        self._column(field_name)[row] = value
        if field_name in self.values.get(row, {}):
            self._unindex(row)
            self.values[row][field_name] = value
            self._index(row)


def runs_newest_first(log: list[list[Any]]) -> list[list[list[Any]]]:
    """A log's entries grouped by run (its first column), newest run first: an undo takes the
    latest run back before the earlier ones, as their row keys describe the rows in that order."""
    runs: dict[Any, list[list[Any]]] = {}
    for entry in log:
        runs.setdefault(entry[0], []).append(entry)
    return list(reversed(runs.values()))
