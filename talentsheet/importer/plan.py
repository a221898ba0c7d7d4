"""Plan an import as plain values, before anything is written: which incoming people are
appended (with which cells under which of the master's headers), which are already known and
what the export adds about them, which master cells a merge of those would change, and the
Import log line. :mod:`talentsheet.importer.sheet` only says the plan as a workbook edit, so
any applier (the package-level editor, the Excel layer) carries out the same plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from .. import schema
from ..dates import parse_date
from ..ids import format_id
from ..normalize import email_key, linkedin_key, phone_key, reads_two_ways
from ..workbook.reader import CandidateTable, ColumnInfo
from .kinds import ExportKind
from .known import Group, Match
from .split import headline_role, person_names, split_contacts, split_link_list, split_links, split_list

__all__ = ["AddedRow", "Addition", "CellChange", "ImportPlan", "KnownPerson", "Person", "incoming_people", "plan_import"]

CONTACT_FIELDS = ("email", "phone", "linkedin")
UPDATED_FIELDS = ("current_title", "company", "headline", "location")  # an export is a fresh snapshot of these
APPENDED_FIELDS = ("notes", "tags")
LATER_DATE_FIELDS = ("last_contacted", "connected_on")
NOT_ADDED_TO_KNOWN = {"source", "imported_on", "origin"}  # about this import, not about the person
NOT_IMPORTED = {schema.CANDIDATE_ID, schema.FULL_NAME, "origin"}  # ids are ours; names split; origin joins Source
OTHER_SEPARATOR = "; "


@dataclass(frozen=True)
class Person:
    """One incoming row in the master's terms: field -> value, plus what goes to Other contacts."""

    row: int  # the export's row (Excel row, or line of a CSV)
    values: dict[str, Any]
    others: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # export header -> value, for master columns of that header

    @property
    def name(self) -> str:
        return " ".join(str(v) for v in (self.values.get("first_name"), self.values.get("last_name")) if v)


@dataclass
class AddedRow:
    candidate_id: str
    row: int  # export row
    cells: dict[str, Any]  # master header -> value


@dataclass(frozen=True)
class Addition:
    """Something the export says about a known person that the master does not."""

    field: str
    header: str
    old: Any
    new: Any
    action: str  # fill / other contact / update / append / keep

    def describe(self) -> str:
        if self.action == "fill":
            return f"{self.header}: {self.new}"
        if self.action == "other contact":
            added = [i for i in split_list(self.new) if i not in split_list(self.old)]
            return f"{self.header}: + {', '.join(added)}"
        if self.action == "update":
            return f"{self.header}: {self.old} -> {self.new}"
        if self.action == "append":
            return f"{self.header}: + {self.new}"
        return f"{self.header}: the export says {self.new!s} (kept {self.old!s})"

    @property
    def mergeable(self) -> bool:
        return self.action != "keep"


@dataclass
class KnownPerson:
    """An incoming person already present: in the master (``master_row``) or earlier in this
    export (``master_row`` None; ``candidate_id`` is then the id this import gives that row)."""

    row: int
    name: str
    candidate_id: str | None
    master_row: int | None
    score: float
    why: str
    adds: list[Addition]
    merged: bool = False

    @property
    def where(self) -> str:
        return f"row {self.master_row}" if self.master_row is not None else "this import"

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "name": self.name,
            "candidate_id": self.candidate_id,
            "master_row": self.master_row,
            "score": round(self.score, 3),
            "why": self.why,
            "adds": [a.describe() for a in self.adds],
            "merged": self.merged,
        }


@dataclass(frozen=True)
class CellChange:
    """A master cell a merge changes: found again by candidate id and header, never by row."""

    candidate_id: str
    header: str
    old: Any
    new: Any


@dataclass
class ImportPlan:
    import_id: str
    when: datetime
    file: str
    kind: str
    source: str
    rows_read: int
    header_of: dict[str, str]  # field -> the master header it is written under
    new_columns: list[str]  # headers this import adds to the master, in order
    added: list[AddedRow]
    known: list[KnownPerson]
    changes: list[CellChange] = field(default_factory=list)  # merges into existing master rows
    ids_given: list[tuple[int, str]] = field(default_factory=list)  # (master row, id) for merged rows without one
    left_out: list[str] = field(default_factory=list)  # export columns the master has no place for

    @property
    def merged(self) -> int:
        return sum(k.merged for k in self.known)

    def to_dict(self) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "file": self.file,
            "kind": self.kind,
            "source": self.source,
            "rows_read": self.rows_read,
            "added": len(self.added),
            "added_ids": [r.candidate_id for r in self.added],
            "already_present": len(self.known),
            "merged": self.merged,
            "known": [k.to_dict() for k in self.known],
            "new_columns": self.new_columns,
            "left_out": self.left_out,
        }


# --- incoming rows in the master's terms -------------------------------------------------------


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _date_value(value: Any) -> Any:
    """A date cell from text an export wrote unambiguously ("2025-05-25 00:00:00", "23 Mar
    2025"); "03/04/2025" stays text (which reading is right is validation's question, with
    the sheet's other dates). The rules are dates.py's."""
    if not isinstance(value, str) or reads_two_ways(value):
        return value
    return parse_date(value) or value


def _source(kind_label: str, values: dict[str, Any]) -> str:
    said = [str(values[f]).strip() for f in ("origin", "source") if _present(values.get(f))]
    return f"{kind_label}: {' / '.join(said)}" if said else kind_label


def _person(row: int, raw: dict[str, Any], kind: ExportKind, derived: set[str], label: str, today: date) -> Person:
    values = {f: v for f, v in raw.items() if _present(v)}
    first = None if "first_name" in derived else values.get("first_name")
    last = None if "last_name" in derived else values.get("last_name")
    first, last = person_names(first, last, values.get(schema.FULL_NAME), linkedin=kind.linkedin_names)
    values.update(first_name=first, last_name=last)
    others: list[str] = []
    for f in ("email", "phone"):
        if f in values:
            values[f], rest = split_contacts(values[f], f)
            others += rest
    if isinstance(values.get("linkedin"), str) and len(split_link_list(values["linkedin"])) > 1:
        values["linkedin"], rest = split_links(values["linkedin"])
        others += rest
    if _present(values.get("headline")) and not (_present(values.get("current_title")) and _present(values.get("company"))):
        title, company = headline_role(values["headline"])
        values.setdefault("current_title", title)
        values.setdefault("company", company)
    for f in schema.DATE_FIELDS:
        if f in values:
            values[f] = _date_value(values[f])
    values["source"] = _source(label, values)
    values["imported_on"] = today
    kept = {f: v for f, v in values.items() if _present(v) and f not in NOT_IMPORTED}
    return Person(row, kept, tuple(others))


def incoming_people(export: CandidateTable, kind: ExportKind, *, label: str, today: date) -> list[Person]:
    """Every export row as a :class:`Person` (names cleaned and split, lists split, the
    headline's title and company where the export has none, Source and import date set)."""
    fields = [c.field for c in export.columns if c.field] + [f for f in export.derived if f not in export.columns]
    derived = set(export.derived)
    names = list(dict.fromkeys([*fields, *derived]))
    extra_headers = [c.header for c in export.columns if c.field is None]
    people = []
    for row, values in zip(export.df.index.tolist(), export.df[names].itertuples(index=False, name=None), strict=True):
        person = _person(int(row), dict(zip(names, values, strict=True)), kind, derived, label, today)
        extra = {h: v for h in extra_headers if _present(v := export.df.at[row, h])}
        people.append(Person(person.row, person.values, person.others, extra))
    return people


def people_frame(people: list[Person]) -> pd.DataFrame:
    """The incoming people as a reader-style frame (index = export row) for the matchers."""
    frame = pd.DataFrame([p.values for p in people], index=pd.Index([p.row for p in people], name="row"), dtype=object)
    return frame.astype(object).where(frame.notna(), None)


# --- where each field goes in the master --------------------------------------------------------


def _column_for(master: CandidateTable, f: str) -> ColumnInfo | None:
    return next((c for c in master.columns if c.field == f), None)


def _headers_for(master: CandidateTable, fields: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """field -> master header, adding a column (the field's usual header) where the master
    has none; a master with only a full-name column gets the whole name there."""
    header_of: dict[str, str] = {}
    new: list[str] = []
    existing = {schema.fold(c.header): c.header for c in master.columns}
    wanted = list(dict.fromkeys([schema.CANDIDATE_ID, *fields]))
    only_full = _column_for(master, schema.FULL_NAME) is not None and _column_for(master, "first_name") is None
    for f in wanted:
        if only_full and f in ("first_name", "last_name"):
            header_of[schema.FULL_NAME] = _column_for(master, schema.FULL_NAME).header
            continue
        col = _column_for(master, f)
        if col is not None:
            header_of[f] = col.header
            continue
        header = schema.display_header(f)
        if schema.fold(header) in existing:  # a column of that name the reader kept as-is
            header_of[f] = existing[schema.fold(header)]
            continue
        header_of[f] = header
        new.append(header)
        existing[schema.fold(header)] = header
    return header_of, new


def _cells(person: Person, header_of: dict[str, str], candidate_id: str, extra_headers: dict[str, str]) -> dict[str, Any]:
    cells: dict[str, Any] = {header_of[schema.CANDIDATE_ID]: candidate_id}
    for f, v in person.values.items():
        if f in header_of:
            cells[header_of[f]] = v
    if schema.FULL_NAME in header_of and person.name:
        cells[header_of[schema.FULL_NAME]] = person.name
    if person.others:
        cells[header_of["other_contacts"]] = OTHER_SEPARATOR.join(person.others)
    for h, v in person.extra.items():
        if schema.fold(h) in extra_headers:
            cells[extra_headers[schema.fold(h)]] = v
    return cells


# --- what the export adds about a known person ----------------------------------------------------


CONTACT_KEYS = {"email": email_key, "phone": phone_key, "linkedin": linkedin_key}


def _contact_key(f: str, value: Any) -> str | None:
    """The identity of an email, phone or LinkedIn profile; None when it is not one."""
    return CONTACT_KEYS[f](value)


def _any_contact_key(value: Any) -> str:
    return next((k for f in CONTACT_FIELDS if (k := _contact_key(f, value))), None) or schema.fold(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (date, datetime)) or isinstance(b, (date, datetime)):
        return _as_date(a) == _as_date(b)
    return schema.fold(a) == schema.fold(b)


def _as_date(v: Any) -> Any:
    return v.date() if isinstance(v, datetime) else v


def additions(current: dict[str, Any], person: Person, header_of: dict[str, str]) -> list[Addition]:
    """What ``person`` (from the export) adds to ``current`` (the master's values by field)."""
    out: list[Addition] = []
    known = {_contact_key(f, current.get(f)) or schema.fold(current.get(f)) for f in CONTACT_FIELDS if _present(current.get(f))}
    others_now = split_list(current.get("other_contacts"))
    known |= {_any_contact_key(o) for o in others_now}
    new_contacts: list[str] = []
    for f, new in person.values.items():
        if f in NOT_ADDED_TO_KNOWN or f not in header_of:
            continue
        old = current.get(f)
        header = header_of[f]
        if f in CONTACT_FIELDS:
            key = _contact_key(f, new)
            if key in known or (_present(old) and (key is None or _same(old, new))):
                continue  # known already, or not a contact at all ("Archived" in a Links column)
            if key is None:
                out.append(Addition(f, header, old, new, "keep"))
            elif _present(old):
                new_contacts.append(str(new))
            else:
                out.append(Addition(f, header, old, new, "fill"))
            known.add(key)
            continue
        if not _present(old):
            out.append(Addition(f, header, old, new, "fill"))
        elif _same(old, new):
            continue
        elif f in UPDATED_FIELDS:
            out.append(Addition(f, header, old, new, "update"))
        elif f in APPENDED_FIELDS:
            if schema.fold(new) not in schema.fold(old):
                out.append(Addition(f, header, old, new, "append"))
        elif f in LATER_DATE_FIELDS and isinstance(new, date) and isinstance(_as_date(old), date):
            if new > _as_date(old):
                out.append(Addition(f, header, old, new, "update"))
        else:
            out.append(Addition(f, header, old, new, "keep"))
    for other in person.others:
        if _any_contact_key(other) not in known:
            new_contacts.append(other)
            known.add(_any_contact_key(other))
    if new_contacts:
        old = current.get("other_contacts")
        out.append(
            Addition(
                "other_contacts",
                header_of["other_contacts"],
                old,
                OTHER_SEPARATOR.join([*others_now, *new_contacts]),
                "other contact",
            )
        )
    return out


def merged_value(a: Addition, current: Any) -> Any:
    """The cell's value once the addition is merged into its ``current`` value (which an
    earlier repeat of the same person in this export may already have changed)."""
    if a.action == "other contact":
        return OTHER_SEPARATOR.join(dict.fromkeys([*split_list(current), *split_list(a.new)]))
    if a.action == "append":
        return a.new if not _present(current) else f"{current}{OTHER_SEPARATOR}{a.new}"
    if a.action == "fill" and _present(current):
        return current  # an earlier repeat filled it already
    return a.new


# --- the plan ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInputs:
    """What the planner needs beyond the two tables: who this import is and what is taken."""

    import_id: str
    first_id_number: int
    when: datetime
    file: str
    kind: ExportKind
    source: str


def plan_import(
    master: CandidateTable,
    export: CandidateTable,
    people: list[Person],
    in_master: list[Match],
    groups: list[Group],
    inputs: PlanInputs,
    *,
    merge_known: bool = False,
) -> ImportPlan:
    """Decide everything about one import from values alone (see the module docstring)."""
    by_row = {p.row: p for p in people}
    master_match = {m.row: m for m in in_master}
    target_of = _group_targets(groups, master_match)
    appended = [p for p in people if p.row not in master_match and p.row not in target_of]
    fields = _fields_used(appended, people, master_match, target_of)
    header_of, new_columns = _headers_for(master, fields)
    extra_headers = {schema.fold(c.header): c.header for c in master.columns if c.field is None}
    added, id_of_row = [], {}
    for n, person in enumerate(appended):
        cid = format_id(inputs.first_id_number + n)
        id_of_row[person.row] = cid
        added.append(AddedRow(cid, person.row, _cells(person, header_of, cid, extra_headers)))
    plan = ImportPlan(
        inputs.import_id,
        inputs.when,
        inputs.file,
        inputs.kind.name,
        inputs.source,
        len(people),
        header_of,
        new_columns,
        added,
        [],
        left_out=[c.header for c in export.columns if c.field is None and schema.fold(c.header) not in extra_headers],
    )
    next_number = [inputs.first_id_number + len(appended)]  # ids for merged master rows that have none
    masters = _master_values(master, [m.target for m in [*master_match.values(), *target_of.values()] if not m.within])
    added_by_id = {r.candidate_id: r for r in plan.added}
    for person in people:
        if person.row in id_of_row:
            continue
        known = _known(person, masters, master_match.get(person.row) or target_of[person.row], by_row, plan, id_of_row)
        plan.known.append(known)
        if merge_known:
            _merge(plan, known, next_number, added_by_id)
    used = {h for r in plan.added for h in r.cells} | {c.header for c in plan.changes}
    plan.new_columns = [h for h in plan.new_columns if h in used]  # no empty columns
    return plan


def _group_targets(groups: list[Group], master_match: dict[int, Match]) -> dict[int, Match]:
    """Rows repeating another incoming row: matched to the master row their twin matched,
    else to the group's survivor (the row this import appends)."""
    out: dict[int, Match] = {}
    for g in groups:
        in_master = [master_match[r] for r in g.rows if r in master_match]
        for r in g.rows:
            if r in master_match:
                continue
            reason = g.reasons.get(r, "")
            if in_master:
                twin = in_master[0]
                why = f"same person as export row {twin.row}, already in row {twin.target}" + (f": {reason}" if reason else "")
                out[r] = Match(r, twin.target, False, twin.score, why)
            elif r != g.survivor:
                why = f"same person as export row {g.survivor}" + (f": {reason}" if reason else "")
                out[r] = Match(r, g.survivor, True, g.score, why)
    return out


def _fields_used(appended: list[Person], people: list[Person], master_match: dict, target_of: dict) -> list[str]:
    """Fields with a value in some incoming row (appended, or what a known person adds),
    plus Other contacts when some row brings extra contacts or repeats a known person. Only
    the columns a row or a merge then writes are added to the master."""
    fields = list(dict.fromkeys(f for p in people for f in p.values))
    repeats = any(p.row in master_match or p.row in target_of for p in people)
    if any(p.others for p in people) or repeats:
        fields.append("other_contacts")
    return fields


def _master_values(master: CandidateTable, rows: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The master's values (by field) of the rows incoming people match, read in one go."""
    wanted = sorted(set(rows))
    return {
        int(r): {k: v for k, v in values.items() if isinstance(k, str)}
        for r, values in master.df.loc[wanted].to_dict("index").items()
    }


def _known(
    person: Person,
    masters: dict[int, dict[str, Any]],
    match: Match,
    by_row: dict[int, Person],
    plan: ImportPlan,
    id_of_row: dict[int, str],
) -> KnownPerson:
    if match.within:
        survivor = by_row[match.target]
        current = dict(survivor.values) | {"other_contacts": OTHER_SEPARATOR.join(survivor.others) or None}
        adds = additions(current, person, plan.header_of)
        return KnownPerson(person.row, person.name, id_of_row[match.target], None, match.score, match.why, adds)
    current = masters[match.target]
    cid = current.get(schema.CANDIDATE_ID)
    cid = str(cid).strip() if _present(cid) else None
    return KnownPerson(
        person.row, person.name, cid, match.target, match.score, match.why, additions(current, person, plan.header_of)
    )


def _merge(plan: ImportPlan, known: KnownPerson, next_number: list[int], added_by_id: dict[str, AddedRow]) -> None:
    """Merge what the export adds: into the appended row (a repeat within the export), or as
    cell changes of the master row (found again by candidate id when written, never by row)."""
    mergeable = [a for a in known.adds if a.mergeable]
    if not mergeable:
        return
    if known.master_row is None:
        cells = added_by_id[known.candidate_id].cells
        for a in mergeable:
            cells[a.header] = merged_value(a, cells.get(a.header))
        known.merged = True
        return
    if known.candidate_id is None:  # the master row has no id yet: it needs one to be found again
        known.candidate_id = format_id(next_number[0])
        next_number[0] += 1
        plan.ids_given.append((known.master_row, known.candidate_id))
        plan.changes.append(CellChange(known.candidate_id, plan.header_of[schema.CANDIDATE_ID], None, known.candidate_id))
    where = {(c.candidate_id, c.header): i for i, c in enumerate(plan.changes) if c.candidate_id == known.candidate_id}
    for a in mergeable:  # a second repeat of the same person merges into what the first left
        at = where.get((known.candidate_id, a.header))
        before = a.old if at is None else plan.changes[at].old
        current = a.old if at is None else plan.changes[at].new
        change = CellChange(known.candidate_id, a.header, before, merged_value(a, current))
        if at is None:
            where[(known.candidate_id, a.header)] = len(plan.changes)
            plan.changes.append(change)
        else:
            plan.changes[at] = change
    known.merged = True
