"""Row moves like Excel makes them: every reference to rows of one sheet shifted when whole
rows are deleted or inserted (formulas, ranges, names, tables, charts, drawings, notes).

Pure functions over text and package parts (bytes in, bytes out); nothing here opens a file.
The rules of Excel's adjustment live in :mod:`.rowmap` (rows and ranges) and :mod:`.refs`
(how a reference is written); the other modules find the references in each kind of part.
"""

from .drawing import shift_drawing
from .formula import FormulaError, reference_spans, shift_formula, translate_formula
from .notes import notes_in_rows, shift_comments, shift_vml
from .package import (
    Rel,
    relationships,
    shift_chart,
    shift_defined_names,
    shift_package,
    shift_table,
    workbook_part,
    worksheet_parts,
)
from .refs import ReferenceError_, shift_area, shift_sqref, slide_cell
from .rowmap import MAX_COL, MAX_ROW, RowMap
from .shared import SharedFormula, shift_shared_formula
from .sheet import anchor_move, shift_sheet_extras
from .xmlspan import PartError

__all__ = [
    "MAX_COL",
    "MAX_ROW",
    "FormulaError",
    "PartError",
    "ReferenceError_",
    "Rel",
    "RowMap",
    "SharedFormula",
    "anchor_move",
    "notes_in_rows",
    "reference_spans",
    "relationships",
    "shift_area",
    "shift_chart",
    "shift_comments",
    "shift_defined_names",
    "shift_drawing",
    "shift_formula",
    "shift_package",
    "shift_shared_formula",
    "shift_sheet_extras",
    "shift_sqref",
    "shift_table",
    "shift_vml",
    "slide_cell",
    "translate_formula",
    "workbook_part",
    "worksheet_parts",
]
