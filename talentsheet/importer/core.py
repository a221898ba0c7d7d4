"""``import_export``: bring an export into the master sheet, in stages.

read (master, export; recognise the export's kind) -> incoming people (split, cleaned) ->
known? (check-new against the master, duplicates within the export) -> plan (pure) ->
write (:mod:`.sheet` says the plan as one workbook edit; the package editor applies it, so
only the parts it changes are rewritten). ``unimport`` lives in :mod:`.undo`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .. import schema
from ..ids import next_id_number
from ..workbook.editor import editing
from ..workbook.reader import MAPPING_SHEET, CandidateTable, ColumnMapping, read_candidates, told_mapping
from ..workbook.values import sheet_rows
from .kinds import ExportKind, label_for, recognise
from .known import known_in_master, known_within
from .plan import ImportPlan, PlanInputs, incoming_people, people_frame, plan_import
from .sheet import IMPORT_LOG, IMPORT_REVIEW, UNDO_SHEET, import_edit, mapping_sheet, parse_added_ids

__all__ = ["ImportReport", "import_export", "read_export"]

MERGED_SHEET = "Merged"  # the dedupe archive: ids there are never handed out again
OWN_SHEETS = (IMPORT_LOG, IMPORT_REVIEW, UNDO_SHEET, MERGED_SHEET, MAPPING_SHEET)  # what an import reads of its own
IMPORT_ID = re.compile(r"^I(\d+)$")


@dataclass
class ImportReport:
    plan: ImportPlan
    written: Path

    def to_dict(self) -> dict[str, Any]:
        return {**self.plan.to_dict(), "written": str(self.written)}


@dataclass(frozen=True)
class _State:
    """What the master's own sheets say: import ids used, candidate ids ever handed out."""

    import_ids: list[str]
    taken_ids: list[Any]


def _state(sheets: dict[str, list[list[Any]]]) -> _State:
    log = sheets.get(IMPORT_LOG, [])[1:]
    import_ids = [str(r[0]) for r in log if r and r[0]]
    added = [i for r in log if len(r) > 11 for i in parse_added_ids(r[11])]
    archived = [v for r in sheets.get(MERGED_SHEET, [])[1:] for v in r if isinstance(v, str)]
    return _State(import_ids, added + archived)


def _next_import_id(used: list[str]) -> str:
    numbers = [int(m.group(1)) for u in used if (m := IMPORT_ID.match(u.strip()))]
    return f"I{max(numbers, default=0) + 1:04d}"


def read_export(path: str | Path, mapping: ColumnMapping | None = None) -> tuple[CandidateTable, ExportKind]:
    """The export as a table, read the way its kind needs (an ATS's "Candidate ID" is its own
    id, kept as Source ID), and its kind. ``mapping`` (what the user told) wins."""
    first = read_candidates(path, mapping=mapping)
    kind = recognise([c.header for c in first.columns])
    own = kind.mapping()
    if own is None:
        return first, kind
    told_headers = set(mapping.fields) if mapping else set()
    own = ColumnMapping.of([(h, f) for h, f in own.pairs() if schema.fold(h) not in told_headers])
    return read_candidates(path, mapping=own.updated(mapping)), kind


def import_export(
    master: str | Path,
    export: str | Path,
    *,
    source: str | None = None,
    merge_known: bool = False,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    today: date | None = None,
    now: datetime | None = None,
    output: str | Path | None = None,
    allow_loss: bool = False,
    backup: bool = True,
    force: bool = False,
) -> ImportReport:
    """Import ``export`` (LinkedIn, Sales Navigator, Recruiter, Greenhouse, Lever, or any
    sheet) into the candidate sheet of ``master``: new people appended with Source and import
    date, people already there listed on the Import review sheet with what the export adds
    (merged into their rows with ``merge_known``), one line on the Import log. ``allow_loss``
    is accepted for older callers: nothing is dropped."""
    master, export = Path(master), Path(export)
    told = mapping if mapping is not None else told_mapping()
    when = (now or datetime.now()).replace(microsecond=0)
    today = today or when.date()
    with editing(master, output=output, backup=backup, force=force) as session:
        table = read_candidates(session.source, sheet, mapping=told)
        names = session.sheet_names()
        own = {n: sheet_rows(session.source, n) for n in OWN_SHEETS if n in names}
        state = _state(own)
        export_table, kind = read_export(export, told)
        label = source or label_for(kind, export)
        people = incoming_people(export_table, kind, label=label, today=today)
        frame = people_frame(people)
        master_ids = table.df[schema.CANDIDATE_ID].tolist() if table.has(schema.CANDIDATE_ID) else []
        inputs = PlanInputs(
            _next_import_id(state.import_ids), next_id_number([*master_ids, *state.taken_ids]), when, export.name, kind, label
        )
        plan = plan_import(
            table, export_table, people, known_in_master(table, frame), known_within(frame), inputs, merge_known=merge_known
        )
        edit = import_edit(
            plan, table, log=own.get(IMPORT_LOG, []), review=own.get(IMPORT_REVIEW, []), undo=own.get(UNDO_SHEET, [])
        )
        if told is not None:
            remembered = (table.remembered or ColumnMapping({}, {})).updated(_for_headers(told, table))
            if remembered.fields:
                edit.sheets.append(mapping_sheet(table.sheet, remembered, own.get(MAPPING_SHEET, [])))
        session.apply(edit)
    return ImportReport(plan, Path(output) if output else master)


def _for_headers(mapping: ColumnMapping, table: CandidateTable) -> ColumnMapping:
    """The part of a told mapping about the master's own headers (what is worth remembering there)."""
    headers = {schema.fold(c.header) for c in table.columns}
    return ColumnMapping.of([(h, f) for h, f in mapping.pairs() if schema.fold(h) in headers])
