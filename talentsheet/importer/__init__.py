"""Bring recruiters' exports into their master sheet: LinkedIn Connections, Sales Navigator
lists, LinkedIn Recruiter projects, Greenhouse and Lever exports, or any other sheet.

``import_export(master, export)`` appends the new people, lists the ones already there with
what the export adds (``merge_known=True`` merges that in), and logs the import;
``unimport(master, import_id)`` takes out exactly what an import added.
"""

from __future__ import annotations

from .core import ImportReport, import_export, read_export
from .kinds import KINDS, ExportKind, recognise
from .plan import ImportPlan, KnownPerson
from .sheet import IMPORT_LOG, IMPORT_REVIEW, remember_mapping
from .undo import UnimportReport, unimport

__all__ = [
    "IMPORT_LOG",
    "IMPORT_REVIEW",
    "KINDS",
    "ExportKind",
    "ImportPlan",
    "ImportReport",
    "KnownPerson",
    "UnimportReport",
    "import_export",
    "read_export",
    "recognise",
    "remember_mapping",
    "unimport",
]
