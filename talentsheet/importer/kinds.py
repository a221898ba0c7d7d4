"""Which kind of export a file is: LinkedIn Connections, Sales Navigator, LinkedIn Recruiter
project, Greenhouse, Lever, or any other sheet (the general mapping).

A kind is recognised from the header it carries (and the "Notes:" preamble LinkedIn puts
above its Connections export); what a kind changes is small and declared here: its label
(the default Source), the columns whose meaning differs from a recruiter's own sheet (an
ATS's "Candidate ID" is the ATS's id, not ours), and whether its name cells carry LinkedIn
decorations ("Wren Dasgupta, PhD", "Rania Bakshi 🚀").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import schema
from ..workbook.reader import ColumnMapping

__all__ = ["GENERAL", "KINDS", "ExportKind", "label_for", "recognise"]


@dataclass(frozen=True)
class ExportKind:
    name: str  # short id: "linkedin", "salesnav", "recruiter", "greenhouse", "lever", "general"
    label: str  # what the Source column says by default
    signature: frozenset[str] = frozenset()  # folded headers all present in this kind's export
    any_of: frozenset[str] = frozenset()  # at least one of these too (tells look-alikes apart)
    columns: tuple[tuple[str, str | None], ...] = ()  # header -> field, where the kind differs
    linkedin_names: bool = False  # name cells carry LinkedIn decorations (cleaned for the name fields)

    def mapping(self) -> ColumnMapping | None:
        return ColumnMapping.of(self.columns) if self.columns else None

    def matches(self, headers: set[str]) -> bool:
        return bool(self.signature) and self.signature <= headers and (not self.any_of or bool(self.any_of & headers))


def _folded(*headers: str) -> frozenset[str]:
    return frozenset(schema.fold(h) for h in headers)


LINKEDIN = ExportKind(
    "linkedin",
    "LinkedIn Connections",
    _folded("First Name", "Last Name", "URL", "Company", "Position"),
    _folded("Connected On", "Email Address"),
    linkedin_names=True,
)
SALES_NAVIGATOR = ExportKind(
    "salesnav",
    "Sales Navigator",
    _folded("Name", "Headline", "Current Company", "Profile URL"),
    _folded("Connection Degree", "Time in Role", "Lead List", "Time in Company"),
    linkedin_names=True,
)
RECRUITER = ExportKind(
    "recruiter",
    "LinkedIn Recruiter",
    _folded("First Name", "Last Name", "Headline", "Profile URL"),
    _folded("Active Project", "Project Status", "Project"),
    linkedin_names=True,
)
GREENHOUSE = ExportKind(
    "greenhouse",
    "Greenhouse",
    _folded("Candidate ID", "First Name", "Last Name", "Recruiter"),
    _folded("Applications", "Social Media", "Last Activity", "Source"),
    columns=(("Candidate ID", "source_id"),),
)
LEVER = ExportKind(
    "lever",
    "Lever",
    _folded("Opportunity ID", "Contact ID", "Name"),
    _folded("Links", "Emails", "Phones", "Origin", "Sources", "Stage"),
    columns=(("Contact ID", "source_id"),),
)
GENERAL = ExportKind("general", "Import", columns=(("Candidate ID", "source_id"),))
KINDS: tuple[ExportKind, ...] = (LINKEDIN, SALES_NAVIGATOR, RECRUITER, GREENHOUSE, LEVER)


def recognise(headers: list[str]) -> ExportKind:
    """The kind of an export from its header texts (the reader found the header row, below
    the "Notes:" preamble of a LinkedIn Connections export or the BOM of a Recruiter one)."""
    folded = {schema.fold(h) for h in headers}
    return next((k for k in KINDS if k.matches(folded)), GENERAL)


def label_for(kind: ExportKind, path: Path) -> str:
    """The Source of rows from a general sheet names the file; known kinds name the product."""
    return f"{kind.label}: {path.name}" if kind is GENERAL else kind.label
