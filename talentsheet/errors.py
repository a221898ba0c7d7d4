"""Typed errors: the library raises these, the CLI and Excel layer turn them into one message.

Every error carries a ``hint`` that tells the recruiter what to do next, so no front end has
to invent its own wording.
"""

from __future__ import annotations


class TalentsheetError(Exception):
    """Base class for every problem talentsheet reports to a user (never a bug)."""

    exit_code = 3

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class WorkbookError(TalentsheetError):
    """The file cannot be read as a recruiter workbook (corrupt, encrypted, legacy, empty...)."""

    exit_code = 3


class HeaderError(TalentsheetError):
    """The candidate sheet or its header row cannot be recognised."""

    exit_code = 3


class WouldLoseDataError(TalentsheetError):
    """Writing would silently drop features openpyxl cannot carry."""

    exit_code = 4


class WorkbookLockedError(TalentsheetError):
    """The workbook is open in Excel (its ``~$`` lock file exists)."""

    exit_code = 5


class InputError(TalentsheetError):
    """A command-line or library argument is wrong (bad option value, missing row...)."""

    exit_code = 6
