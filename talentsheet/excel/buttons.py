"""Every Talentsheet button, declared once.

A button is one Excel-layer function in :mod:`talentsheet.excel.actions` (which reads the
open workbook, calls the library and writes the result). Everything a front end needs is
derived from :data:`BUTTONS`: the ribbon XML and its VBA subs (:mod:`.addin`), the xlwings
Lite entry module ``lite_entry.py`` (:func:`lite_entry_source`; a test keeps the committed
file equal to it), the Lite sheet-button anchors on the Openings sheet, and ``run()``'s
action table. Adding a button means adding one line here and its function in actions.py.

This module imports nothing heavy, so the add-in build and the docs can read it anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

# the sheet of the template where xlwings Lite's sheet buttons are drawn (no spaces in the
# name, so Lite's "[shape]Sheet!A1" reference needs no quoting)
BUTTON_SHEET = "Openings"


@dataclass(frozen=True)
class Button:
    """One button: what the recruiter sees and what it runs."""

    action: str  # run('<action>'), the Lite script name and the actions.py function it calls
    label: str  # ribbon label and the caption of the Lite sheet button
    description: str  # ribbon tooltip and the Lite script's docstring
    icon: str  # the ribbon button's built-in Office image (imageMso)
    anchor: str | None = None  # cell on BUTTON_SHEET where the Lite sheet button goes; None: task pane only

    @property
    def shape(self) -> str:
        """The name the Lite sheet button's shape must carry (Name Box), e.g. ``tsValidate``."""
        return "ts" + _camel(self.action)

    @property
    def vba_sub(self) -> str:
        """The add-in's VBA sub for this button, e.g. ``RunValidate``."""
        return "Run" + _camel(self.action)

    @property
    def lite_button(self) -> str | None:
        """The ``button=`` reference of the Lite script, e.g. ``[tsValidate]Openings!J2``."""
        return f"[{self.shape}]{BUTTON_SHEET}!{self.anchor}" if self.anchor else None


def _camel(action: str) -> str:
    return "".join(part.title() for part in action.split("_"))


# in ribbon order
BUTTONS: tuple[Button, ...] = (
    Button("validate", "Check data", "Check every candidate's data; problems go to the Issues sheet", "AcceptInvitation", "J2"),
    Button(
        "find_duplicates",
        "Find duplicates",
        "Find people entered twice; pairs go to the Duplicates sheet for review",
        "RemoveDuplicates",
        "J4",
    ),
    Button("merge_duplicates", "Merge duplicates", "Merge the pairs you marked on the Duplicates sheet", "MergeCells", "J6"),
    Button("refresh_views", "Refresh views", "Rebuild the view sheets defined on the Views sheet", "Refresh", "J8"),
    Button("follow_ups", "Follow-ups due", "List the candidates whose follow-up is due", "CalendarToolSelectDate", "J10"),
    Button(
        "find_matches",
        "Find matches",
        "Rank candidates for the selected opening on the Openings sheet",
        "FindDialog",
        "J12",
    ),
    Button("workbook_info", "What talentsheet sees", "Which sheet, header row and columns talentsheet reads", "Info"),
)

BY_ACTION: dict[str, Button] = {b.action: b for b in BUTTONS}


def lite_entry_source() -> str:
    """The text of ``lite_entry.py``: xlwings Lite's ``main.py``, one ``@xw.script`` per button.

    Lite lists the decorated module-level functions of main.py, so the file stays plain
    Python that can be pasted as it is; each script only hands its book to ``run_action``."""
    scripts = []
    for b in BUTTONS:
        decorator = f'@xw.script(button="{b.lite_button}", show_taskpane=True)' if b.lite_button else "@xw.script"
        scripts.append(
            f'{decorator}\ndef {b.action}(book: xw.Book):\n    """{b.description}."""\n    excel.run_action(book, "{b.action}")\n'
        )
    header = (
        '"""xlwings Lite entry points: paste this module as ``main.py`` (``talentsheet lite DIR`` writes it).\n'
        "\n"
        "Generated from talentsheet/excel/buttons.py (edit the buttons there; a test keeps this file\n"
        "in sync). Each ``@xw.script`` shows in Lite's task pane and, where it names a button, runs\n"
        f"from a shape of that name on the {BUTTON_SHEET} sheet; it hands the book to the shared Excel layer.\n"
        '"""\n'
        "\n"
        "import xlwings as xw\n"
        "\n"
        "from talentsheet import excel\n"
    )
    return header + "".join("\n\n" + s for s in scripts)
