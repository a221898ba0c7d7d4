"""What xlwings' open-source Office.js client does with each action a script returns.

Read from xlwings Server's client, ``xlwings_server/static/js/custom-scripts/index.js`` in
github.com/xlwings/xlwings-server at commit 88620030ee48643d4eff789728cc3aecf302be38
(2026-08-19); line numbers below are that file's. xlwings Lite's own client is closed
source; it grew out of this one, but which actions it handles is only known from a first
run in real Excel (``talentsheet lite --smoke DIR``).

``runActions`` (lines 778-797) calls ``globalThis.callbacks[action.func]`` for each action in
order, then ``context.sync()`` when the func's name contains "sheet"; the handlers are the
``funcs`` map (lines 841-886). A func missing from the map throws (``... is not a function``)
after the earlier actions were applied: the rest of the batch is lost. Each
``context.sync()`` is one round trip to Excel; ``getRange``/``getSheet`` (lines 799-815) cost
one each before the handler's own work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

CLIENT = "xlwings-server static/js/custom-scripts/index.js @ 8862003"

# func -> (round trips per action, the handler's line): only funcs the buttons or the smoke emit
HANDLED: dict[str, tuple[int, int]] = {
    "setValues": (2, 900),  # getRange sync + sync (l. 903)
    "addSheet": (1, 924),  # no sync of its own; runActions syncs "sheet" funcs (l. 793)
    "sheetDelete": (2, 1218),  # load items + sync (l. 1221), then the "sheet" sync
    "addTable": (1, 1155),  # load + sync (l. 1157)
    "addHyperlink": (2, 963),  # getRange sync + sync (l. 971)
    "freezePaneAtRange": (1, 1270),  # getSheet sync
    "setNumberFormat": (1, 974),  # getRange sync
    "rangeDelete": (1, 1130),  # getRange sync
    "setRangeColor": (2, 950),  # getRange sync + sync (l. 953)
    "setAutofit": (1, 940),  # getRange sync
    "setFontProperty": (2, 891),  # getRange sync + sync (l. 897)
    "namesAdd": (1, 1098),  # a sheet-scoped name: load sheets + sync (l. 1104)
    "alert": (0, 1084),  # opens the task pane's dialog; no Excel sync
}
# funcs the buttons emit today (or the smoke test probes) that the map has no handler for
UNHANDLED = (
    "addNote",
    "setColumnWidth",
    "setDataValidationList",
    "setRangeColors",
    "setSheetAutofit",
    "setSheetVisibility",
    "setWrapText",
)
BATCH_SYNC = 1  # Excel.run's own sync when the batch's callback returns


def round_trips(actions: Iterable[dict[str, Any]]) -> int:
    """Round trips to Excel for one batch of actions, counting unhandled ones as one (they
    fail there and end the batch, so the true figure is lower and the result incomplete)."""
    return BATCH_SYNC + sum(HANDLED[a["func"]][0] if a["func"] in HANDLED else 1 for a in actions)


def funcs(actions: Iterable[dict[str, Any]]) -> Counter[str]:
    return Counter(a["func"] for a in actions)
