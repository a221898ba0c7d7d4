"""Apply a :class:`~talentsheet.workbook.changes.WorkbookEdit` to a workbook file.

``with editing(path, output=..., backup=...) as session:`` resolves and checks the write
(through :func:`talentsheet.workbook.files.writing`: lock files, atomic replace, backup),
hands the command ``session.source`` to read, and ``session.apply(edit)`` applies the
command's plan to the package in memory; when the block ends the package is saved with only
the changed parts rewritten (everything else copied raw). A CSV becomes a new workbook with a
``Candidates`` sheet first (``--output NEW.xlsx``). If the block raises, nothing is written.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

from ..errors import InputError, WorkbookError
from . import opc
from .book import Book
from .cellvalues import SharedStrings, cell_value
from .changes import Area, Link, Marks, OwnSheet, SheetEdit, WorkbookEdit
from .comments import NoteBook
from .files import WriteTarget, writing
from .own_sheets import DATE_FORMAT, DATETIME_FORMAT, REL_NS, hyperlink_items, render_own_sheet
from .package import check_readable
from .package_io import Package, iter_blocks
from .pointers import follow_pointers, marker_text, parse_marker
from .sheetxml import (
    CellOp,
    RowPatch,
    SheetXml,
    cell_style,
    cell_xml,
    col_letter,
    is_date_value,
    iter_cells,
    iter_rows,
    parse_ref,
    patch_sheet,
    readdress,
    reprefix,
    unshare,
)
from .styles import StylePool
from .tables import area_of, grow_area, sheet_tables

if TYPE_CHECKING:
    from .shift import RowMap

__all__ = ["RECORD_HEADER", "AppliedMark", "ApplyReport", "Session", "apply_edit", "editing"]

RECORD_HEADER = ["Sheet", "Cell", "Fill", "Comment"]
_LEGACY_RE = re.compile(rb"<(?:\w+:)?legacyDrawing\b[^>]*?\sr:id=\"([^\"]+)\"[^>]*/>")
_DIMENSION_RE = re.compile(rb'(<(?:\w+:)?dimension\b[^>]*?\sref=")([^"]*)(")')
_AUTOFILTER_RE = re.compile(rb'(<(?:\w+:)?autoFilter\b[^>]*?\sref=")([^"]*)(")')


@dataclass(frozen=True)
class AppliedMark:
    """A highlight the applier actually made (recorded for the next run's removal)."""

    sheet: str
    cell: str
    fill: str | None  # the colour, when the cell got talentsheet's fill
    note: str | None  # the note text, when the cell got talentsheet's note


@dataclass
class ApplyReport:
    marked: list[AppliedMark] = field(default_factory=list)
    written: Path | None = None
    backup: Path | None = None


# --- the session --------------------------------------------------------------------------------


class Session:
    """One write of one workbook: read ``source``, then :meth:`apply` the plan once."""

    def __init__(self, source: Path, where: WriteTarget, kind: str) -> None:
        self.source = source
        self.where = where
        self.kind = kind
        self.report = ApplyReport()
        self._pkg: Package | None = None

    @property
    def target(self) -> Path:
        return self.where.target

    def package(self) -> Package:
        if self._pkg is None:
            self._pkg = Package(self.source)
        return self._pkg

    def book(self) -> Book:
        return Book(self.package())

    def sheet_names(self) -> list[str]:
        return self.book().sheet_names

    def own_kind(self, sheet: str) -> str | None:
        book = self.book()
        return book.own_kind(sheet) if sheet in book.sheet_names else None

    def apply(self, edit: WorkbookEdit) -> ApplyReport:
        applier = _Applier(self.package())
        applier.run(edit)
        self.report.marked.extend(applier.marked)
        return self.report

    def _commit(self) -> None:
        pkg = self._pkg
        if pkg is None and self.where.in_place and self.kind != "csv":
            return  # nothing changed: nothing to write
        pkg = self.package()
        changed = pkg.changed()
        self.report.backup = self.where.commit(pkg.save, check=lambda tmp: _check_saved(tmp, changed))
        self.report.written = self.where.target
        pkg.close()

    def close(self) -> None:
        if self._pkg is not None:
            self._pkg.close()


@contextlib.contextmanager
def editing(path: str | Path, *, output: str | Path | None = None, backup: bool = True, force: bool = False) -> Iterator[Session]:
    """Open ``path`` for one edit; the result is saved when the block ends (see module doc).
    ``force`` lets ``output`` replace another existing file (where files.writing offers it)."""
    path = Path(path)
    kind = check_readable(path)
    with writing(path, output, backup=backup, **({"force": True} if force else {})) as where:
        check_target(path, where.target, kind, in_place=where.in_place)
        with tempfile.TemporaryDirectory(prefix="talentsheet-") as tmp:
            source = Path(where.source) if kind != "csv" else workbook_from_csv(path, Path(tmp) / (path.stem + ".xlsx"))
            session = Session(source, where, kind)
            try:
                yield session
                session._commit()
            finally:
                session.close()


def apply_edit(path: str | Path, edit: WorkbookEdit, *, output: str | Path | None = None, backup: bool = True) -> ApplyReport:
    """Apply a plan made elsewhere (read the file, plan, then call this) in one write."""
    with editing(path, output=output, backup=backup) as session:
        session.apply(edit)
    return session.report


def check_target(path: Path, target: Path, kind: str, *, in_place: bool = False) -> None:
    """What may be written where: .xlsx/.xlsm only, macros never dropped, CSV only to a new file."""
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        if kind == "csv":
            raise InputError(
                f"{path.name} is a CSV file; talentsheet writes results into a workbook", "add --output NEW.xlsx to convert it"
            )
        raise InputError(
            f"cannot write {target.name}: talentsheet writes .xlsx or .xlsm files", "give --output a name ending in .xlsx"
        )
    if kind == "csv" and (in_place or target == path):
        raise InputError(f"{path.name} is a CSV file", "add --output NEW.xlsx to convert it")
    if target.suffix.lower() == ".xlsx" and kind == "xlsm":
        raise InputError(
            f"{path.name} holds macros; saving it as {target.name} would drop them", "give --output a name ending in .xlsm"
        )
    if target.suffix.lower() == ".xlsm" and kind in ("xlsx", "csv"):
        raise InputError(
            f"{path.name} holds no macros; an .xlsm copy would not open in Excel", "give --output a name ending in .xlsx"
        )


def _check_saved(tmp: Path, changed: set[str]) -> None:
    """The saved file opens as a zip and every part we wrote decompresses with the right CRC."""
    try:
        with zipfile.ZipFile(tmp) as zf:
            for name in changed:
                try:
                    info = zf.getinfo(name)
                except KeyError:
                    continue
                crc = 0
                with zf.open(info) as part:  # in blocks: a million-row sheet is never held whole
                    while block := part.read(1 << 24):
                        crc = zlib.crc32(block, crc)
                if crc != info.CRC:
                    raise WorkbookError(f"the saved file is damaged at {name}", "nothing was written; please report this")
    except zipfile.BadZipFile as exc:
        raise WorkbookError(f"the saved file is damaged ({exc})", "nothing was written; please report this") from None


def workbook_from_csv(path: Path, out: Path) -> Path:
    """A new workbook holding a CSV file's rows on a 'Candidates' sheet, every value as text."""
    from .new_workbook import write_workbook
    from .reader import read_csv_rows

    rows = [[v if v != "" else None for v in row] for row in read_csv_rows(path)]
    write_workbook(out, [OwnSheet("Candidates", "", rows)])
    return out


# --- applying ---------------------------------------------------------------------------------


def _styles_part(pkg: Package, book: Book) -> str:
    targets = opc.rel_targets(pkg, book.part, opc.REL["styles"])
    if targets:
        return targets[0][1]
    part = "xl/styles.xml"
    opc.add_rel(pkg, book.part, opc.REL["styles"], part)
    opc.add_override(pkg, part, "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
    return part


class _Applier:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.book = Book(pkg)
        self.styles_part = _styles_part(pkg, self.book)
        self.pool = StylePool(pkg.read(self.styles_part) if pkg.has(self.styles_part) else None)
        self.date1904 = bool(re.search(rb'date1904="(1|true)"', self.book.xml))
        self.sst = SharedStrings(pkg, self.book.part)
        self.marked: list[AppliedMark] = []

    def run(self, edit: WorkbookEdit) -> None:
        self._edits = edit.edits
        self._captured: dict[tuple[str, int], dict[int, bytes]] = {}
        self._lines: dict[tuple[str, int], dict[int, bytes]] = {}
        self._line_extras: dict[tuple[str, int], dict] = {}
        self._extras: dict[tuple[str, int], dict] = {}
        for own in edit.sheets:
            self._check_ours(own.name, own)
        for gone in edit.remove:
            if self.book.find(gone.name) is not None:
                self._check_ours(gone.name, OwnSheet(gone.name, gone.kind, legacy=gone.legacy))
        targets = {e.sheet for e in edit.edits}
        first = [o for o in edit.sheets if o.name in targets]
        for own in first:
            self._write_own(own)
        self._capture_lines(edit)
        for e in edit.edits:
            if not e.empty:
                self._apply_edit(e)
        for own in edit.sheets:
            if own.name not in targets:
                self._write_own(own)
        for gone in edit.remove:
            if self.book.find(gone.name) is not None:
                self._remove_sheet(self.book.find(gone.name).name)
        if self.pool.changed:
            self.pkg.write(self.styles_part, self.pool.to_bytes())

    # --- own sheets --------------------------------------------------------------------

    def _check_ours(self, name: str, own: OwnSheet) -> None:
        entry = self.book.find(name)
        if entry is None:
            return
        kind = self.book.own_kind(entry.name)
        if kind is not None and own is not None and kind == own.kind:
            return
        if kind is None and own is not None and own.legacy is not None and self._looks_like(entry.part, own):
            return
        raise InputError(
            f"the workbook already has a sheet called {entry.name!r} that talentsheet did not make",
            "rename that sheet (talentsheet keeps its results there) and run the command again; nothing was written",
        )

    def _looks_like(self, part: str, own: OwnSheet) -> bool:
        """A sheet an earlier talentsheet wrote (before sheets were marked): its signature row."""
        legacy = own.legacy
        sheet = SheetXml.split(iter_blocks(self.pkg.open(part)) if part not in self.pkg.changed() else [self.pkg.read(part)])
        for number, row in iter_rows(sheet):
            if number > legacy.row:
                return False
            if number == legacy.row:
                values = {c: cell_value(x, self.sst) for c, x in iter_cells(row, sheet.prefix)}
                if legacy.contains is not None:
                    first = values.get(1)
                    return isinstance(first, str) and legacy.contains in first
                wanted = list(legacy.values)
                return [values.get(c) for c in range(1, len(wanted) + 1)] == wanted
        return False

    def _write_own(self, own: OwnSheet) -> None:
        entry = self.book.find(own.name)
        if entry is not None:
            part = entry.part
            self._drop_owned_parts(part)
            name = entry.name
            if name != own.name:
                raise InputError(f"sheet {name!r} differs from {own.name!r} only in case", "rename one of them")
        else:
            part = self.book.new_sheet_part()
            names = self.book.sheet_names
            position = names.index(own.after) + 1 if own.after in names else len(names)
            self.book.add_sheet(own.name, part, position=position)
            name = own.name
        self.pkg.write(part, render_own_sheet(self.pkg, part, own, self.pool, date1904=self.date1904))
        if own.kind:
            self.book.mark_own(name, marker_text(own))
        self.book.set_state(name, "hidden" if own.hidden else "visible")

    def _drop_owned_parts(self, part: str) -> None:
        """Remove what a sheet being rewritten or deleted points at (drawings, charts, notes,
        tables...), unless another part still points at it."""
        closure: set[str] = set()
        todo = [part]
        while todo:
            current = todo.pop()
            for rel in opc.read_rels(self.pkg, current):
                if rel.external:
                    continue
                target = opc.resolve(current, rel.target)
                if target not in closure and target != part and self.pkg.has(target) and not target.startswith("xl/worksheets/"):
                    closure.add(target)
                    todo.append(target)
        if closure:
            outside = self._referenced_outside(closure | {part})
            for target in closure - outside:
                self.pkg.remove(target)
                self.pkg.remove(opc.rels_name(target))
                opc.remove_override(self.pkg, target)
        self.pkg.remove(opc.rels_name(part))

    def _referenced_outside(self, parts: set[str]) -> set[str]:
        found: set[str] = set()
        for name in self.pkg.names():
            if not name.endswith(".rels"):
                continue
            source = _source_of(name)
            if source in parts:
                continue
            for rel in opc.read_rels(self.pkg, source):
                if not rel.external:
                    found.add(opc.resolve(source, rel.target))
        return found & parts

    def _remove_sheet(self, name: str) -> None:
        entry = self.book.sheet(name)
        self._drop_owned_parts(entry.part)
        self.pkg.remove(entry.part)
        self.book.remove_sheet(name)

    # --- edits of existing sheets ------------------------------------------------------

    def _apply_edit(self, e: SheetEdit) -> None:
        entry = self.book.sheet(e.sheet)
        part = entry.part
        if entry.kind != "worksheet":
            raise WorkbookError(f"sheet {e.sheet!r} is not a worksheet", "talentsheet only writes worksheets")
        rowmap = _rowmap(e)
        totals = self._totals_row(part, e)
        if totals is not None:  # appended rows go above the table's totals row, which stays last
            if rowmap is not None:
                raise InputError("rows cannot be appended and moved in one edit", "append them in a second step")
            from .shift import RowMap

            rowmap = RowMap.inserting(e.sheet, totals, len(e.append))
        sources = {(a.source, a.row) for other in self._edits for a in other.archive if a.source == e.sheet}
        for (r, c), extra in self._row_extras(part, {r for _, r in sources}).items():
            self._extras.setdefault((e.sheet, r), {})[(r, c)] = extra
        if rowmap is not None:
            self._check_deletable(e, part, rowmap)
            self._shift_package(e.sheet, part, rowmap)
        moved = rowmap.row if rowmap is not None else (lambda r: r)
        source = [self.pkg.read(part)] if part in self.pkg.changed() else iter_blocks(self.pkg.open(part))
        sheet = SheetXml.split(source)
        ops: dict[int, dict[int, CellOp]] = defaultdict(dict)
        new_cells: list[tuple[int, int]] = []  # final numbering
        for (r, c), value in e.values.items():
            ops[r][c] = CellOp(value, self._value_style(e.formats.get((r, c)), value))
            if moved(r) is not None:
                new_cells.append((moved(r), c))
        start = e.append_at or 0
        above_totals: dict[int, tuple[bytes, bytes]] = {}
        for k, row in enumerate(e.append):
            if totals is not None:
                above_totals[totals + k] = (self._row_cells(totals + k, row, sheet.prefix), b"")
                new_cells += [(totals + k, c) for c, v in enumerate(row, start=1) if v is not None]
                continue
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ops[start + k][c] = CellOp(value, self._value_style(None, value))
                    new_cells.append((moved(start + k) or start + k, c))
        for k, line in enumerate(e.archive):
            r = start + k
            for c, value in enumerate(line.meta, start=1):
                if value is not None:
                    ops[r][c] = CellOp(value, self._value_style(None, value))
            for c, cell in self._captured.get((line.source, line.row), {}).items():
                ops[r][len(line.meta) + c] = CellOp(raw=reprefix(cell, b"", sheet.prefix))
            if ops.get(r):
                new_cells.append((r, max(ops[r])))
        header_styles: dict[int, int] = {}
        new_columns = sorted(e.new_columns, key=lambda n: n.col)
        names = self._column_names(sheet_tables(self.pkg, part), e, new_columns)
        for n in new_columns:
            left = n.col - 1
            ops[e.header_row][n.col] = CellOp(names[n.col], lambda _s, left=left: header_styles.get(left, 0))
            new_cells.append((moved(e.header_row) or e.header_row, n.col))
        for col in e.drop_columns:
            ops[e.header_row][col] = CellOp(raw=b"")
        inserted = self._restored_rows(e, ops, sheet.prefix) | above_totals
        new_cells += [(r, 1) for r in inserted]
        watch = {e.header_row} if new_columns else set()
        watch |= {r for _, r in sources}

        def seen(row: int, col: int, cell: bytes) -> None:
            if row == e.header_row:
                header_styles[col] = cell_style(cell)
            if (e.sheet, row) in sources:
                own = unshare(cell, f"{col_letter(col)}{row}", patch, sheet.prefix)
                self._captured.setdefault((e.sheet, row), {})[col] = reprefix(own, sheet.prefix, b"")

        def deleted(row: int, xml: bytes) -> None:
            if (e.sheet, row) in sources:
                cells = iter_cells(xml, sheet.prefix)
                self._captured[(e.sheet, row)] = {
                    c: reprefix(unshare(cell, f"{col_letter(c)}{row}", patch, sheet.prefix), sheet.prefix, b"")
                    for c, cell in cells
                }

        style_map = {}
        self._applied = (e.sheet, {})
        notes = NoteBook(self.pkg, part, None)  # its VML drawing is named in the tail, read after the rows
        if e.marks is not None:
            style_map = self._marks(e, e.marks, ops, notes, moved)
        links = list(e.links)
        self._carry_extras(e, notes, links, moved)
        patch = RowPatch(
            cells=dict(ops),
            style_map=style_map,
            date1904=self.date1904,
            watch=watch,
            seen_cells=seen,
            on_deleted=deleted,
            inserted={r: cells for r, (cells, _) in inserted.items()},
            inserted_attrs={r: attrs for r, (_, attrs) in inserted.items() if attrs},
        )
        if rowmap is not None:
            from .shift import shift_area, shift_formula

            patch.new_row = rowmap.row
            patch.formula = lambda f: shift_formula(f, e.sheet, rowmap)
            patch.area = lambda a: shift_area(a, rowmap)
        head = _grow_dimension(_shift_head(sheet, rowmap), new_cells)

        def tail() -> bytes:
            legacy = _LEGACY_RE.search(sheet.tail)
            notes.use_vml(legacy.group(1).decode() if legacy else None)
            new_rid = notes.save()
            out = _shift_tail(sheet, rowmap)
            out = _grow_autofilter(out, new_cells, moved(e.header_row) or e.header_row)
            for col in sorted(e.drop_columns, reverse=True):  # the last first: each shrink gives up one
                out = _shrink_autofilter(out, col)
            if links:
                out = self._merge_links(out, part, links)
            if new_rid:
                out = _add_legacy_drawing(out, new_rid, sheet.prefix)
            return out

        self.pkg.write_streamed(part, patch_sheet(sheet, patch, head=head, tail=tail))
        for t in sheet_tables(self.pkg, part):
            grown = grow_area(t.area, new_cells, t.area.first_row)
            if grown != t.area:
                t.grow(grown, [names[c] for c in range(t.area.last_col + 1, grown.last_col + 1) if c in names])
                self.pkg.write(t.part, t.xml)
            dropped = False
            while e.drop_columns and t.area.last_col in e.drop_columns and t.area.first_col < t.area.last_col:
                t.drop_last_column()  # several trailing columns may go in one edit
                dropped = True
            if dropped:
                self.pkg.write(t.part, t.xml)
        self._grow_filter_name(e.sheet, new_cells, moved(e.header_row) or e.header_row, e.drop_columns)
        self._record_marks(e)
        if rowmap is not None:
            self._follow_pointers(e.sheet, rowmap)

    # --- rows moving ---------------------------------------------------------------------

    def _shift_package(self, sheet: str, part: str, rowmap: RowMap) -> None:
        """Everything outside the sheet's own XML that refers to its rows (other sheets'
        formulas, names, tables, notes, drawings, charts, pivot caches) follows them."""
        from .shift import shift_package

        changed = shift_package(_Parts(self.pkg), sheet, part, rowmap, on_deleted_objects="refuse")
        for name, data in changed.items():
            self.pkg.write(name, data)
        self.book = Book(self.pkg)
        self.book.full_calc_on_load()  # cached results of moved formulas may be stale

    def _check_deletable(self, e: SheetEdit, part: str, rowmap: RowMap) -> None:
        """Deleting a row whose threaded comment would be lost is refused, naming the cell
        (archived rows keep their notes; a threaded comment's replies cannot be archived)."""
        from .shift import notes_in_rows

        for _, target in opc.rel_targets(self.pkg, part, opc.REL["threadedComment"]):
            if self.pkg.has(target):
                lost = notes_in_rows(self.pkg.read(target), rowmap, element="threadedComment")
                if lost:
                    raise WorkbookError(
                        f"cell {lost[0]} of sheet {e.sheet!r} has a threaded comment (with its replies) in a row talentsheet has to move",
                        "turn it into a note (Review > Notes > Convert to Notes) or delete it, then try again; nothing was written",
                    )

    def _row_extras(self, part: str, rows: set[int]) -> dict[tuple[int, int], tuple[str | None, Link | None]]:
        """The notes and links on cells of ``rows`` (before anything moves), to carry along."""
        if not rows:
            return {}
        sheet = SheetXml.split([self.pkg.read(part)] if part in self.pkg.changed() else iter_blocks(self.pkg.open(part)))
        for _ in sheet.blocks:
            pass
        legacy = _LEGACY_RE.search(sheet.tail)
        notes = NoteBook(self.pkg, part, legacy.group(1).decode() if legacy else None)
        out: dict[tuple[int, int], tuple[str | None, Link | None]] = {}
        for ref, comment in notes.comments.items():
            r, c = parse_ref(ref)
            if r in rows:
                out[(r, c)] = (comment.text, None)
        for (r, c), link in sheet_links(self.pkg, part, sheet.tail).items():
            if r in rows:
                out[(r, c)] = (out.get((r, c), (None, None))[0], link)
        return out

    def _carry_extras(self, e: SheetEdit, notes: NoteBook, links: list[Link], moved: Callable) -> None:
        """Notes and links travel with archived rows (to the archive, and back on restore)."""
        start = e.append_at or 0
        for k, line in enumerate(e.archive):
            for (r, c), (text, link) in self._extras.get((line.source, line.row), {}).items():
                del r
                col = len(line.meta) + c
                if text is not None:
                    notes.add(f"{col_letter(col)}{start + k}", text, "talentsheet")
                if link is not None:
                    links.append(Link(start + k, col, url=link.url, sheet=link.sheet, cell=link.cell, tooltip=link.tooltip))
        for restore in e.restore:
            row = restore.row if restore.insert else (moved(restore.row) or restore.row)
            for (_, c), (text, link) in self._line_extras.get((restore.archive, restore.line), {}).items():
                col = c - restore.offset
                if col < 1:
                    continue
                ref = f"{col_letter(col)}{row}"
                if text is not None:
                    if notes.has(ref):
                        notes.remove(ref)
                    notes.add(ref, text, "talentsheet")
                if link is not None:
                    links.append(Link(row, col, url=link.url, sheet=link.sheet, cell=link.cell, tooltip=link.tooltip))

    def _restored_rows(self, e: SheetEdit, ops: dict, prefix: bytes) -> dict[int, tuple[bytes, bytes]]:
        """Archived lines put back: new rows (final numbers) or over existing rows."""
        inserted: dict[int, tuple[bytes, bytes]] = {}
        for restore in e.restore:
            cells = self._lines.get((restore.archive, restore.line))
            if cells is None:
                raise WorkbookError(f"line {restore.line} of sheet {restore.archive!r} is missing", "restore a backup")
            mine = {c - restore.offset: reprefix(cell, b"", prefix) for c, cell in cells.items() if c > restore.offset}
            if restore.insert:
                body = b"".join(readdress(cell, f"{col_letter(c)}{restore.row}", prefix) for c, cell in sorted(mine.items()))
                inserted[restore.row] = (body, b"")
            else:
                width = max([*mine, restore.width])
                for c in range(1, width + 1):
                    ops[restore.row][c] = CellOp(raw=mine.get(c, b""))
        return inserted

    def _capture_lines(self, edit: WorkbookEdit) -> None:
        """Archive lines that will be restored, read before any sheet changes."""
        wanted: dict[str, set[int]] = defaultdict(set)
        for e in edit.edits:
            for restore in e.restore:
                wanted[restore.archive].add(restore.line)
        for archive, lines in wanted.items():
            part = self.book.sheet(archive).part
            sheet = SheetXml.split([self.pkg.read(part)] if part in self.pkg.changed() else iter_blocks(self.pkg.open(part)))
            for number, row in iter_rows(sheet):
                if number in lines:
                    self._lines[(archive, number)] = {c: reprefix(x, sheet.prefix, b"") for c, x in iter_cells(row, sheet.prefix)}
            for (r, c), extra in self._row_extras(part, lines).items():
                self._line_extras.setdefault((archive, r), {})[(r, c)] = extra

    def _follow_pointers(self, sheet: str, rowmap: RowMap) -> None:
        """Talentsheet's own sheets that point at rows of ``sheet`` (Issues, Duplicates,
        Matches, views, Fix log) keep pointing at the same people after a row move."""
        for entry in list(self.book.sheets):
            marker = self.book.own_marker(entry.name)
            spec = parse_marker(marker) if marker else None
            if spec is None or not spec.pointers or spec.points_at != sheet:
                continue
            follow_pointers(self.pkg, entry.part, spec, rowmap, self.sst)

    def _totals_row(self, part: str, e: SheetEdit) -> int | None:
        """Where appended rows are inserted: before the candidate table's totals row when they
        would reach it, else before ``insert_at`` (None: they are written in place)."""
        if not e.append:
            return None
        for t in sheet_tables(self.pkg, part):
            area = t.area
            if t.totals_rows and area.first_row <= e.header_row <= area.last_row:
                last = area.last_row - t.totals_rows + 1
                if (e.append_at or last) >= last:
                    return last
        return e.insert_at

    def _row_cells(self, row: int, values: list[Any], prefix: bytes) -> bytes:
        """A new row's cells from values (a date gets a date format)."""
        out = []
        for c, value in enumerate(values, start=1):
            style = self._value_style(None, value)
            out.append(
                cell_xml(
                    f"{col_letter(c)}{row}", value, style(0) if style else None, date1904=self.date1904, prefix=prefix.decode()
                )
            )
        return b"".join(out)

    def _column_names(self, tables: list, e: SheetEdit, new_columns: list) -> dict[int, str]:
        """Header texts for new columns, unique within a table they join."""
        names = {n.col: n.header for n in new_columns}
        for t in tables:
            area = t.area
            if area.first_row == e.header_row:
                for n in new_columns:
                    if area.first_col <= n.col <= area.last_col + 1:
                        names[n.col] = t.unique_name(n.header)
        return names

    def _value_style(self, number_format: str | None, value: Any) -> Callable[[int], int] | None:
        """The format a written value needs: the cell's own, plus a date format for a date in
        a cell formatted General (Excel would show a serial number)."""
        if number_format is None and not is_date_value(value):
            return None
        pool = self.pool

        def style(old: int) -> int:
            if number_format is not None:
                return pool.derive(old, number_format=number_format)
            if pool.is_date_format(old):
                return old
            fmt = DATETIME_FORMAT if getattr(value, "hour", 0) or getattr(value, "minute", 0) else DATE_FORMAT
            return pool.derive(old, number_format=fmt)

        return style

    def _marks(self, e: SheetEdit, marks: Marks, ops: dict, notes: NoteBook, moved: Callable) -> dict[int, int]:
        """Fills through the row stream (each cell's current format decides), notes now."""
        pool = self.pool
        colors = {c.upper() for c in marks.colors}
        for m in marks.remove:
            ref = f"{col_letter(m.col)}{m.row}"
            if m.fill:
                op = ops[m.row].get(m.col) or CellOp()

                def clear(old: int, prev=op.style) -> int:
                    old = prev(old) if callable(prev) else old
                    return pool.derive(old, clear_fill=True) if pool.solid_rgb(old) in colors else old

                ops[m.row][m.col] = CellOp(op.value, clear, op.raw)
            final = f"{col_letter(m.col)}{moved(m.row) or m.row}"
            if m.note and notes.text(final) == m.note:
                notes.remove(final)
        style_map = {}
        if marks.clear_fill:
            wanted = marks.clear_fill.upper()
            style_map = {i: pool.derive(i, clear_fill=True) for i in range(pool.xf_count) if pool.solid_rgb(i) == wanted}
        applied: dict[tuple[int, int], list] = {}
        for m in marks.add:
            ref = f"{col_letter(m.col)}{m.row}"
            record = applied.setdefault((m.row, m.col), [ref, None, None])
            if m.fill:
                op = ops[m.row].get(m.col) or CellOp()

                def fill(old: int, prev=op.style, color=m.fill, record=record) -> int:
                    old = prev(old) if callable(prev) else old
                    if pool.has_fill(old):
                        return old
                    record[1] = color
                    return pool.derive(old, fill=color)

                ops[m.row][m.col] = CellOp(op.value, fill, op.raw)
            final = f"{col_letter(m.col)}{moved(m.row) or m.row}"
            if m.note and not notes.has(final):
                notes.add(final, m.note, marks.author)
                record[2] = m.note
        self._applied = (e.sheet, applied)
        return style_map

    def _record_marks(self, e: SheetEdit) -> None:
        if e.marks is None:
            return
        sheet, applied = self._applied
        done = [AppliedMark(sheet, ref, fill, note) for ref, fill, note in applied.values() if fill or note]
        self.marked.extend(done)
        if e.marks.record:
            rows = [RECORD_HEADER, *([m.sheet, m.cell, m.fill, m.note] for m in done)]
            record = OwnSheet(e.marks.record, "marks", rows, hidden=True)
            self._check_ours(record.name, record)
            self._write_own(record)

    def _merge_links(self, tail: bytes, part: str, links: list[Link]) -> bytes:
        """Put ``links`` in the sheet's hyperlinks (replacing links already on those cells)."""
        refs = {f"{col_letter(lk.col)}{lk.row}" for lk in links}
        block = re.search(rb"<(?:\w+:)?hyperlinks\b[^>]*>(.*?)</(?:\w+:)?hyperlinks>", tail, re.S)
        kept = b""
        if block:
            items = re.findall(rb"<(?:\w+:)?hyperlink\b[^>]*/>", block.group(1))
            kept = b"".join(i for i in items if opc.attrs(i).get("ref", "").upper() not in refs)
            tail = tail[: block.start()] + tail[block.end() :]
        items = "".join(hyperlink_items(self.pkg, part, {(lk.row, lk.col): lk for lk in links}))
        element = b'<hyperlinks xmlns:r="' + REL_NS.encode() + b'">' + kept + items.encode() + b"</hyperlinks>"
        return _insert_in_tail(tail, element, "hyperlinks")

    def _grow_filter_name(self, sheet: str, new_cells: list[tuple[int, int]], header_row: int, dropped: list[int] = ()) -> None:
        """Excel's hidden ``_xlnm._FilterDatabase`` name follows the sheet autofilter."""
        index = self.book.index(sheet)
        for n in self.book.names:
            if n.name == "_xlnm._FilterDatabase" and n.local == index:
                m = re.match(r"^(.*!)?\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$", n.value)
                if not m:
                    return
                old = area_of(f"{m.group(2)}{m.group(3)}:{m.group(4)}{m.group(5)}")
                grown = grow_area(old, new_cells, header_row)
                while grown.last_col in dropped and grown.first_col < grown.last_col:
                    grown = Area(grown.first_row, grown.first_col, grown.last_row, grown.last_col - 1)
                if grown != old:
                    ref = re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", grown.ref)
                    self.book.set_name(n.name, f"{m.group(1) or ''}{ref}", local=index, hidden=n.hidden)
                return


def _rowmap(e: SheetEdit) -> RowMap | None:
    """The edit's row moves: deletions (old numbers), then rows put back (final numbers)."""
    inserts = [r.row for r in e.restore if r.insert]
    if not e.delete and not inserts:
        return None
    from .restore import restoring
    from .shift import RowMap

    rowmap = RowMap.deleting(e.sheet, e.delete)
    return rowmap.then(restoring(e.sheet, inserts)) if inserts else rowmap


class _Parts(Mapping):
    """The package as the mapping of part name -> bytes that the shift functions read."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg

    def __getitem__(self, name: str) -> bytes:
        if not self.pkg.has(name):
            raise KeyError(name)
        return self.pkg.read(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.pkg.has(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.pkg.names())

    def __len__(self) -> int:
        return len(self.pkg.names())


def _root_tag(head: bytes) -> bytes:
    return re.search(rb"<(?:\w+:)?worksheet\b[^>]*>", head).group(0)


def _shift_head(sheet: SheetXml, rowmap: RowMap | None) -> bytes:
    """The sheet's head (dimension, views...) with rows moved (a stand-in end closes it)."""
    if rowmap is None:
        return sheet.head
    from .shift import shift_sheet_extras

    p = sheet.prefix
    close = b"</" + p + b"sheetData></" + p + b"worksheet>"
    shifted = shift_sheet_extras(sheet.head + close, rowmap)
    return shifted[: -len(close)] if shifted.endswith(close) else shifted.rsplit(close, 1)[0]


def _shift_tail(sheet: SheetXml, rowmap: RowMap | None) -> bytes:
    """The sheet's tail (merged cells, formats, validations, links, filter...) with rows moved."""
    if rowmap is None:
        return sheet.tail
    from .shift import shift_sheet_extras

    start = _root_tag(sheet.head) + b"<" + sheet.prefix + b"sheetData>"
    shifted = shift_sheet_extras(start + sheet.tail, rowmap)
    return shifted[len(start) :] if shifted.startswith(start) else shifted[shifted.index(b"</" + sheet.prefix + b"sheetData") :]


def sheet_links(pkg: Package, part: str, tail: bytes) -> dict[tuple[int, int], Link]:
    """The hyperlinks of a sheet by cell (a link over a range is kept on its first cell)."""
    rels = {r.id: r for r in opc.read_rels(pkg, part)}
    out: dict[tuple[int, int], Link] = {}
    block = re.search(rb"<(?:\w+:)?hyperlinks\b[^>]*>(.*?)</(?:\w+:)?hyperlinks>", tail, re.S)
    for tag in re.findall(rb"<(?:\w+:)?hyperlink\b[^>]*/?>", block.group(1) if block else b""):
        a = opc.attrs(tag)
        try:
            row, col = parse_ref(a.get("ref", "").split(":")[0])
        except ValueError:
            continue
        rid = next((v for k, v in a.items() if k.endswith(":id")), None)
        tip = a.get("tooltip")
        if rid and rid in rels and rels[rid].external:
            out[(row, col)] = Link(row, col, url=rels[rid].target, tooltip=tip)
        elif "location" in a:
            loc = a["location"]
            sheet, bang, cell = loc.rpartition("!")
            if bang:
                out[(row, col)] = Link(row, col, sheet=sheet.strip("'").replace("''", "'"), cell=cell, tooltip=tip)
            else:
                out[(row, col)] = Link(row, col, cell=loc, tooltip=tip)
    return out


def _source_of(rels_name: str) -> str:
    folder, base = rels_name.rsplit("/_rels/", 1) if "/_rels/" in rels_name else ("", rels_name.removeprefix("_rels/"))
    base = base.removesuffix(".rels")
    return f"{folder}/{base}" if folder else base


def _grow_dimension(head: bytes, cells: list[tuple[int, int]]) -> bytes:
    if not cells:
        return head
    m = _DIMENSION_RE.search(head)
    if m is None:
        return head
    try:
        area = area_of(m.group(2).decode())
    except ValueError:
        return head
    last_row = max(area.last_row, *(r for r, _ in cells))
    last_col = max(area.last_col, *(c for _, c in cells))
    grown = Area(area.first_row, area.first_col, last_row, last_col)
    if grown == area:
        return head
    return head[: m.start()] + m.group(1) + grown.ref.encode() + m.group(3) + head[m.end() :]


def _grow_autofilter(tail: bytes, cells: list[tuple[int, int]], header_row: int) -> bytes:
    m = _AUTOFILTER_RE.search(tail)
    if m is None or not cells:
        return tail
    area = area_of(m.group(2).decode())
    if area.first_row != header_row:
        return tail
    grown = grow_area(area, cells, header_row)
    if grown == area:
        return tail
    return tail[: m.start()] + m.group(1) + grown.ref.encode() + m.group(3) + tail[m.end() :]


def _shrink_autofilter(tail: bytes, col: int) -> bytes:
    """The autofilter gives up a last column that talentsheet emptied and removed."""
    m = _AUTOFILTER_RE.search(tail)
    if m is None:
        return tail
    area = area_of(m.group(2).decode())
    if area.last_col != col or area.first_col == col:
        return tail
    smaller = Area(area.first_row, area.first_col, area.last_row, col - 1)
    return tail[: m.start()] + m.group(1) + smaller.ref.encode() + m.group(3) + tail[m.end() :]


# order of the worksheet's elements after sheetData (ECMA-376 CT_Worksheet)
_TAIL_ORDER = [
    "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
    "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks",
    "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties",
    "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF",
    "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
]  # fmt: skip


def _insert_in_tail(tail: bytes, element: bytes, name: str) -> bytes:
    """Insert ``element`` where ECMA-376's order puts it: before the first later element."""
    later = _TAIL_ORDER[_TAIL_ORDER.index(name) + 1 :]
    best = None
    for other in later:
        m = re.search(rb"<(?:\w+:)?" + other.encode() + rb"\b", tail)
        if m and (best is None or m.start() < best):
            best = m.start()
    if best is None:
        best = tail.rindex(b"</")
    return tail[:best] + element + tail[best:]


def _add_legacy_drawing(tail: bytes, rid: str, prefix: bytes) -> bytes:
    element = (
        b"<"
        + prefix
        + b'legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id='
        + quoteattr(rid).encode()
        + b"/>"
    )
    return _insert_in_tail(tail, element, "legacyDrawing")
