"""Typed errors: the library raises these, the CLI and Excel layer turn them into one message.

Every error carries a ``hint`` that tells the recruiter what to do next, so no front end has
to invent its own wording.

Exit codes of the ``talentsheet`` command (one table, used by every command and documented in
the README): 0 clean, 1 warnings found, 2 errors found (validation results); 3 the file cannot
be read as a recruiter workbook; 4 writing would lose features; 5 the workbook is in use
(open in Excel or LibreOffice, or another talentsheet command is writing it); 6 a wrong
argument value; 7 the file system refused (permissions, read-only, disk full, an existing
file in the way); 64 a mistyped command line (unknown option, missing argument); 130 the command
was interrupted (Ctrl-C or a stop signal) and nothing was written.
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


class FileAccessError(TalentsheetError):
    """The file system will not let talentsheet write (permissions, read-only file or folder,
    disk full, an existing file that ``--output`` would replace)."""

    exit_code = 7


USAGE_EXIT_CODE = 64  # a mistyped command line (BSD sysexits' EX_USAGE)


class InputError(TalentsheetError):
    """A command-line or library argument is wrong (bad option value, missing row...)."""

    exit_code = 6
