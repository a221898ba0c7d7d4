"""xlwings Lite entry points: paste this module as ``main.py`` (``talentsheet lite DIR`` writes it).

Generated from talentsheet/excel/buttons.py (edit the buttons there; a test keeps this file
in sync). Each ``@xw.script`` shows in Lite's task pane and, where it names a button, runs
from a shape of that name on the Openings sheet; it hands the book to the shared Excel layer.
"""

import xlwings as xw

from talentsheet import excel


@xw.script(button="[tsValidate]Openings!J2", show_taskpane=True)
def validate(book: xw.Book):
    """Check every candidate's data; problems go to the Issues sheet."""
    excel.run_action(book, "validate")


@xw.script(button="[tsFindDuplicates]Openings!J4", show_taskpane=True)
def find_duplicates(book: xw.Book):
    """Find people entered twice; pairs go to the Duplicates sheet for review."""
    excel.run_action(book, "find_duplicates")


@xw.script(button="[tsMergeDuplicates]Openings!J6", show_taskpane=True)
def merge_duplicates(book: xw.Book):
    """Merge the pairs you marked on the Duplicates sheet."""
    excel.run_action(book, "merge_duplicates")


@xw.script(button="[tsRefreshViews]Openings!J8", show_taskpane=True)
def refresh_views(book: xw.Book):
    """Rebuild the view sheets defined on the Views sheet."""
    excel.run_action(book, "refresh_views")


@xw.script(button="[tsFollowUps]Openings!J10", show_taskpane=True)
def follow_ups(book: xw.Book):
    """List the candidates whose follow-up is due."""
    excel.run_action(book, "follow_ups")


@xw.script(button="[tsFindMatches]Openings!J12", show_taskpane=True)
def find_matches(book: xw.Book):
    """Rank candidates for the selected opening on the Openings sheet."""
    excel.run_action(book, "find_matches")


@xw.script
def workbook_info(book: xw.Book):
    """Which sheet, header row and columns talentsheet reads."""
    excel.run_action(book, "workbook_info")
