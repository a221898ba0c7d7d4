"""Findings as data: one row per problem, shared by validate, dedupe, views and the Excel layer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

import pandas as pd


class Severity(str, Enum):
    """How bad a finding is; ``error`` blocks use of the row, ``warning`` asks for a look."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    """A problem found in one cell (or one row, when ``column`` is empty)."""

    problem: str
    severity: Severity = Severity.WARNING
    suggestion: str = ""
    row: int | None = None  # Excel row number
    column: str = ""  # canonical field name
    value: Any = None

    def at(self, row: int, column: str, value: Any) -> Finding:
        """Return a copy placed at a cell; normalisers create findings without a place."""
        return Finding(self.problem, self.severity, self.suggestion, row, column, value)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass(frozen=True)
class Normalized:
    """What every field normaliser returns: the cleaned value and what it noticed."""

    value: Any
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)


FINDING_COLUMNS = ["row", "column", "value", "problem", "suggestion", "severity"]


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Turn findings into the table the CLI prints and the Issues sheet shows."""
    rows = [f.to_dict() for f in findings]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)
