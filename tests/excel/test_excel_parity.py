"""One code path: each button and the matching CLI command, run on copies of one workbook, end
with the same sheets cell by cell (values, sheet order, hidden sheets) and the same marks on the
candidate sheet (fills and notes). The button runs on xlwings' remote book and its actions are
replayed onto the file (xlreplay.py); the CLI runs through its real entry point."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from talentsheet.excel import actions as excel

STAMP = re.compile(r"^Refreshed \d{4}-\d{2}-\d{2} \d{2}:\d{2} ")  # when a view was built: runs differ


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without trailing empty cells and rows (Excel's used range may reach further)."""
    out = [list(r) for r in rows]
    for r in out:
        while r and r[-1] is None:
            r.pop()
    while out and not out[-1]:
        out.pop()
    return out


def _book(path: Path) -> dict[str, Any]:
    wb = openpyxl.load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        rows = _trimmed([list(r) for r in ws.iter_rows(values_only=True)])
        rows = [[STAMP.sub("Refreshed (time) ", v) if isinstance(v, str) else v for v in r] for r in rows]
        sheets[ws.title] = (ws.sheet_state, rows)
    return {"order": wb.sheetnames, "sheets": sheets}


def _marks(path: Path, sheet: str = "Candidates") -> dict[str, tuple[str | None, str | None]]:
    """Cells talentsheet highlighted: their fill colour and note."""
    ws = openpyxl.load_workbook(path)[sheet]
    out = {}
    for row in ws.iter_rows():
        for c in row:
            fill = c.fill.start_color.rgb[-6:].upper() if c.fill.fill_type == "solid" else None
            if fill or c.comment:
                out[c.coordinate] = (fill, c.comment.text if c.comment else None)
    return out


def _both(path: Path, tmp_path: Path, open_book, apply_actions, run_cli, action: str, *cli: str, **book_options) -> Path:
    """Click ``action`` on ``path``; run the CLI on a copy made first; the copy's path."""
    copy = tmp_path / ("cli-" + path.name)
    shutil.copy(path, copy)
    book = open_book(path, **book_options)
    assert excel.run_action(book, action) is not None, book.json()["actions"][-1]["args"]
    replayed = apply_actions(book, path)
    assert replayed.formulas == []  # the only formulas are talentsheet's own HYPERLINKs
    done = run_cli(*cli, copy, "--no-backup")
    assert done.code in (0, 2), done.err  # validate exits 2 when it found errors
    return copy


def _same(path: Path, copy: Path) -> None:
    excel_book, cli_book = _book(path), _book(copy)
    assert excel_book["order"] == cli_book["order"]
    for name in cli_book["order"]:
        assert excel_book["sheets"][name] == cli_book["sheets"][name], f"sheet {name!r} differs"
    assert _marks(path) == _marks(copy)


def test_validate_button_writes_what_talentsheet_validate_writes(demo_book, tmp_path, open_book, apply_actions, run_cli):
    path, _ = demo_book
    copy = _both(path, tmp_path, open_book, apply_actions, run_cli, "validate", "validate")
    _same(path, copy)
    assert len(_marks(copy)) > 50  # the demo's planted mess is marked
    assert _book(path)["sheets"]["_talentsheet_marks"][0] == "hidden"


def test_validate_twice_in_excel_ends_like_twice_on_the_cli(demo_book, tmp_path, open_book, apply_actions, run_cli):
    """The second run reads the first run's marks record (and its marker) from Excel."""
    path, _ = demo_book
    copy = _both(path, tmp_path, open_book, apply_actions, run_cli, "validate", "validate")
    book = open_book(path)
    assert excel.run_action(book, "validate") is not None, book.json()["actions"][-1]["args"]
    apply_actions(book, path)
    assert run_cli("validate", copy, "--no-backup").code in (0, 2)
    _same(path, copy)


def test_find_duplicates_button_writes_what_talentsheet_dedupe_writes(demo_book, tmp_path, open_book, apply_actions, run_cli):
    path, _ = demo_book
    copy = _both(path, tmp_path, open_book, apply_actions, run_cli, "find_duplicates", "dedupe")
    _same(path, copy)
    from talentsheet.dedupe.review import MARK_COLOR

    assert MARK_COLOR[2:] in {fill for fill, _ in _marks(copy).values()}  # the duplicate rows


def test_refresh_views_button_writes_what_talentsheet_views_writes(demo_book, tmp_path, open_book, apply_actions, run_cli):
    path, _ = demo_book
    copy = _both(path, tmp_path, open_book, apply_actions, run_cli, "refresh_views", "views")
    _same(path, copy)
    ws = openpyxl.load_workbook(path)["Future by title"]
    links = [c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink and c.hyperlink.location]
    assert links and all(re.fullmatch(r"'Candidates'!A\d+", x) for x in links)


def test_refresh_views_again_replaces_its_own_sheets(demo_book, tmp_path, open_book, apply_actions, run_cli):
    """The second refresh finds its view sheets by the marker the first one wrote in Excel."""
    path, _ = demo_book
    copy = _both(path, tmp_path, open_book, apply_actions, run_cli, "refresh_views", "views")
    book = open_book(path)
    assert excel.run_action(book, "refresh_views") is not None, book.json()["actions"][-1]["args"]
    apply_actions(book, path)
    assert run_cli("views", copy, "--no-backup").code == 0
    _same(path, copy)


def test_follow_ups_button_writes_what_talentsheet_followups_writes(demo_book, tmp_path, open_book, apply_actions, run_cli):
    path, _ = demo_book
    copy = _both(path, tmp_path, open_book, apply_actions, run_cli, "follow_ups", "followups")
    _same(path, copy)


@pytest.fixture
def opening_book(demo_book) -> Path:
    path, _ = demo_book
    wb = openpyxl.load_workbook(path)
    ws = wb["Openings"] if "Openings" in wb.sheetnames else wb.create_sheet("Openings")
    ws.delete_rows(1, ws.max_row)
    ws.append(["Title", "Location", "Remote/Hybrid/On-site"])
    ws.append(["Data Engineer", "Austin, TX", "Hybrid"])
    wb.save(path)
    return path


def test_find_matches_button_writes_what_talentsheet_match_writes(opening_book, tmp_path, open_book, apply_actions, run_cli):
    path = opening_book
    copy = _both(
        path,
        tmp_path,
        open_book,
        apply_actions,
        run_cli,
        "find_matches",
        "match",
        "--opening",
        "2",
        active="Openings",
        selection="A2",
    )
    _same(path, copy)


def _set_outcome(path: Path, sheet: str, line: int, text: str) -> str:
    """The recruiter types an Outcome on a line of the Matches sheet; returns that person's name."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(line, header.index("Outcome") + 1).value = text
    wb.save(path)
    return ws.cell(line, header.index("Name") + 1).value


def test_find_matches_again_keeps_the_outcome_notes(opening_book, tmp_path, open_book, apply_actions, run_cli):
    """Issue 15: a re-run of Find matches wiped the Outcome column; it keeps each note on its
    person's line, as ``talentsheet match`` does."""
    path = opening_book
    copy = _both(
        path,
        tmp_path,
        open_book,
        apply_actions,
        run_cli,
        "find_matches",
        "match",
        "--opening",
        "2",
        active="Openings",
        selection="A2",
    )
    (sheet,) = [n for n in openpyxl.load_workbook(path).sheetnames if n.startswith("Matches")]
    for target in (path, copy):
        who = _set_outcome(target, sheet, 3, "called 2026-11-30, interested")
    book = open_book(path, active="Openings", selection="A2")
    assert excel.run_action(book, "find_matches") is not None, book.json()["actions"][-1]["args"]
    apply_actions(book, path)
    assert run_cli("match", copy, "--opening", "2", "--no-backup").code == 0
    rows = _book(path)["sheets"][sheet][1]
    header = rows[0]
    kept = {r[header.index("Name")]: r[header.index("Outcome")] for r in rows[1:] if r[header.index("Outcome") :]}
    assert kept == {who: "called 2026-11-30, interested"}
    _same(path, copy)


@pytest.mark.parametrize("action", ["validate", "find_duplicates", "merge_duplicates"])
def test_the_candidate_sheet_is_changed_only_after_every_result_sheet(reviewed, open_book, action):
    """So a client that fails half way has either finished the result sheets or left the
    candidates untouched; after the first change to the candidates come only the funcs
    xlwings' open-source client lacks (dropdowns, notes, hiding the marks record)."""
    from officejs_client import UNHANDLED

    path, _ = reviewed
    book = open_book(path)
    candidates = [s.name for s in book.sheets].index("Candidates")
    assert excel.run_action(book, action) is not None
    actions = book.json()["actions"]
    first = next(i for i, a in enumerate(actions) if a["sheet_position"] == candidates and a["func"] != "addSheet")
    later = [a["func"] for a in actions[first:] if a["sheet_position"] != candidates]
    assert set(later) <= set(UNHANDLED), later
    assert any(a["sheet_position"] != candidates for a in actions[:first])


def test_find_duplicates_remembers_a_no_like_talentsheet_dedupe(demo_book, tmp_path, open_book, apply_actions, run_cli):
    """A Merge? = No keeps the pair apart on the next run, in Excel as on the command line."""
    path, truth = demo_book
    assert run_cli("dedupe", path, "--no-backup").code == 0
    pair = next(sorted(g) for g in truth.duplicate_groups if len(g) == 2)
    wb = openpyxl.load_workbook(path)
    ws = wb["Duplicates"]
    next(r for r in ws.iter_rows(min_row=2) if r[3].value == pair[1])[1].value = "No"
    wb.save(path)
    copy = _both(path, tmp_path, open_book, apply_actions, run_cli, "find_duplicates", "dedupe")
    assert _book(path) == _book(copy)  # the marks differ: Excel cannot clear the first run's fills (docs/excel.md)
    rows = {r[3] for r in _book(path)["sheets"]["Duplicates"][1][1:] if r and len(r) > 3}
    assert not {*pair} <= rows and _book(path)["sheets"]["_talentsheet_apart"][0] == "hidden"
