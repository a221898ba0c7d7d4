"""Talentsheet smoke test for xlwings Lite: does this Excel apply every kind of change the
buttons make? (``talentsheet lite --smoke DIR`` writes this file as DIR/smoke.py.)

Paste this file into Lite's main.py (in a scratch workbook, or below the existing code: it
only adds the script ``talentsheet_smoke``), run that script from the task pane, then look at
the sheet "Talentsheet smoke". Each probe makes one kind of change on that scratch sheet and
is sent to Excel on its own (``await book.flush()``), so one that Excel cannot apply fails
alone; the report beside the probes (columns G:J) and Lite's output pane say which worked,
with Excel's error for the others. Nothing outside the scratch sheet is touched.

Plain xlwings only (no talentsheet import), so it runs before the talentsheet wheels are
hosted; needs xlwings 0.35 or later in requirements.txt for ``Book.flush``.
"""

import sys

import xlwings as xw

SCRATCH = "Talentsheet smoke"
TEMPORARY = "Talentsheet smoke (temporary)"


def _values(book, sheet):
    sheet["A1"].value = [["Text", "Share", "Yes/No"], ["'00123", 0.25, "Yes"], ["'=not a formula", 0.5, "No"]]


def _table(book, sheet):
    sheet.tables.add(source=sheet["A1:C3"], name="tsSmoke", table_style_name="TableStyleMedium2")


def _font(book, sheet):
    sheet["A1:C1"].font.bold = True


def _marker_name(book, sheet):
    # how talentsheet marks its own sheets: a sheet-scoped name holding a text constant
    sheet.names.add("_talentsheet_smoke", '="smoke"')


def _hide_sheet(book, sheet):
    if TEMPORARY not in [s.name for s in book.sheets]:
        book.sheets.add(TEMPORARY, after=sheet)
    book.sheets[TEMPORARY].visible = False


def _number_format(book, sheet):
    sheet["B2:B3"].number_format = "0%"


def _dropdown(book, sheet):
    sheet["C2:C3"].data_validation.set_list(["Yes", "No"])


def _colours(book, sheet):
    sheet["A5:C5"].set_colors([["#FFC7CE", ..., "#FFEB9C"]])  # ... keeps B5 as it is


def _colour(book, sheet):
    sheet["A6"].color = "#C6EFCE"


def _hyperlink(book, sheet):
    sheet["A7"].add_hyperlink(f"#'{SCRATCH}'!A1", "link: back to A1", "Go to A1")


def _hyperlink_formula(book, sheet):
    # as a value: setValues is what every client applies, and Excel takes "=..." as a formula
    sheet["A8"].value = f'=HYPERLINK("#\'{SCRATCH}\'!A1","formula: back to A1")'


def _note(book, sheet):
    sheet["A9"].add_note("Talentsheet writes notes like this one")


def _freeze(book, sheet):
    sheet.freeze_panes.freeze_at("A2")


def _sheet_autofit(book, sheet):
    sheet.autofit("columns")


def _range_autofit(book, sheet):
    sheet["A1:C9"].autofit()


def _delete_row(book, sheet):
    sheet["A20"].value = [["this row is deleted"], ["moved up from row 21"]]
    sheet.range("20:20").delete("up")


def _delete_sheet(book, sheet):
    if TEMPORARY not in [s.name for s in book.sheets]:
        book.sheets.add(TEMPORARY, after=sheet)
    book.sheets[TEMPORARY].delete()


# (what the buttons do with it, the probe, what to check by eye); in this order
PROBES = [
    ("write a block of values (text stays text)", _values, "A2 shows 00123 and A3 =not a formula, both as text"),
    ("format it as an Excel table", _table, "A1:C3 is a banded table with filter buttons"),
    ("bold header (font)", _font, "A1:C1 bold"),
    ("name that marks talentsheet's sheets", _marker_name, "Formulas > Name Manager lists _talentsheet_smoke"),
    ("number format", _number_format, "B2:B3 show 25% and 50%"),
    ("in-cell dropdown (Merge? Yes/No)", _dropdown, "C2:C3 offer Yes/No"),
    ("colour many cells at once (validate's marks)", _colours, "A5 red, B5 untouched, C5 yellow"),
    ("colour one range (alternative)", _colour, "A6 green"),
    ("hyperlink to a cell (Go to links)", _hyperlink, "A7 links to A1"),
    ("=HYPERLINK formula (alternative to links)", _hyperlink_formula, "A8 links to A1"),
    ("note on a cell (view descriptions)", _note, "A9 has a note"),
    ("freeze the header row", _freeze, "row 1 stays when scrolling"),
    ("fit the sheet's columns", _sheet_autofit, "columns fit their text"),
    ("fit a range's columns (alternative)", _range_autofit, "columns fit their text"),
    ("delete whole rows (Merge duplicates)", _delete_row, "A20 says 'moved up from row 21'"),
    ("hide a sheet (validate's marks record)", _hide_sheet, f"sheet '{TEMPORARY}' hidden"),
    ("delete a sheet (a button re-run replaces its sheet)", _delete_sheet, f"no sheet '{TEMPORARY}'"),
]
REPORT_HEADER = ["What the buttons do", "Office.js actions sent", "Result in this Excel", "Check by eye"]


def _queued(book):
    return [a["func"] for a in book.json()["actions"]]


def _drop_queued(book, start):
    del book.json()["actions"][start:]


async def _send(book):
    flush = getattr(book, "flush", None) or book.sync  # Book.sync before xlwings 0.35
    await flush()


async def _probe(book, sheet, probe):
    """Run one probe and send it alone; (actions sent, result)."""
    start = len(book.json()["actions"])
    try:
        probe(book, sheet)
    except Exception as exc:  # the point of the smoke test: report what failed and why, keep going
        funcs = _queued(book)[start:]
        _drop_queued(book, start)  # a half-queued probe must not ride along with the next one
        return funcs, f"FAILED in Python: {type(exc).__name__}: {exc}"
    funcs = _queued(book)[start:]
    try:
        await _send(book)
    except Exception as exc:  # Excel refused part of it: xlwings has already dropped the batch
        return funcs, f"FAILED in Excel: {type(exc).__name__}: {exc}"
    return funcs, "applied"


@xw.script
async def talentsheet_smoke(book: xw.Book):
    """Try each kind of change the Talentsheet buttons make, once, on a scratch sheet."""
    if sys.platform != "emscripten":
        raise RuntimeError("talentsheet_smoke is for xlwings Lite: paste it into Lite's main.py")
    if SCRATCH in [s.name for s in book.sheets]:
        book.sheets[SCRATCH].delete()
    sheet = book.sheets.add(SCRATCH, after=book.sheets[-1])
    setup, result = _queued(book), "applied"
    try:
        await _send(book)
    except Exception as exc:  # without a scratch sheet nothing else can run: say why
        print(f"Talentsheet smoke: could not add the scratch sheet ({', '.join(setup)}): {exc}")
        raise
    report = [REPORT_HEADER, ["add a sheet", ", ".join(setup), result, f"a sheet '{SCRATCH}'"]]
    for what, probe, check in PROBES:
        funcs, result = await _probe(book, sheet, probe)
        report.append([what, ", ".join(funcs), result, check])
        print(f"{what} ({', '.join(funcs)}): {result}")
    failed = [r[0] for r in report[1:] if r[2] != "applied"]
    sheet["G1"].value = report
    await _send(book)
    summary = f"{len(report) - 1 - len(failed)} of {len(report) - 1} kinds of change applied"
    summary += f"; failed: {'; '.join(failed)}" if failed else ""
    print(f"Talentsheet smoke: {summary}. The report is on the sheet '{SCRATCH}', columns G:J.")
    book.app.alert(f"{summary}. See the sheet '{SCRATCH}'.", title="Talentsheet smoke test")
