"""The Excel layer (xlwings): one function per button, the xlwings Lite entry module, the
classic ribbon add-in and the Lite bundle. ``talentsheet.excel.run`` is what the installed
add-in's VBA calls, so it stays importable from here."""

from .actions import ACTION_NAMES, ACTIONS, ActionResult, alert, read_table, run, run_action, write_table

__all__ = ["ACTIONS", "ACTION_NAMES", "ActionResult", "alert", "read_table", "run", "run_action", "write_table"]
