"""talentsheet: keep a recruiter's candidate workbook clean, searchable and ready for the next opening.

The library is pure Python and needs no Excel. The names below are the public entry points;
each capability lives in its own module (see docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from .errors import HeaderError, InputError, TalentsheetError, WorkbookError, WorkbookLockedError, WouldLoseDataError
from .template import init_workbook
from .workbook.editor import apply_edit, editing
from .workbook.reader import CandidateTable, read_candidates

# `validate` and `match` are both a module and that module's main function; binding the
# functions last makes `talentsheet.validate(df)` and `talentsheet.match(df, opening)` work.
from .dedupe import find_duplicates  # isort: skip
from .views.filters import filter_candidates  # isort: skip
from .openings import Opening  # isort: skip
from .validate import validate  # isort: skip
from .match import match  # isort: skip

__version__ = "0.1.0"

__all__ = [
    "CandidateTable",
    "HeaderError",
    "InputError",
    "Opening",
    "TalentsheetError",
    "WorkbookError",
    "WorkbookLockedError",
    "WouldLoseDataError",
    "apply_edit",
    "editing",
    "filter_candidates",
    "find_duplicates",
    "init_workbook",
    "match",
    "read_candidates",
    "validate",
]
