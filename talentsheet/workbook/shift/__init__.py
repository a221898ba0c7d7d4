"""Row moves like Excel makes them: every reference to rows of one sheet shifted when whole
rows are deleted or inserted (formulas, ranges, names, tables, charts, drawings, comments).

Pure functions over text and package parts (bytes in, bytes out); nothing here opens a file.
"""

from .formula import FormulaError, shift_formula, translate_formula
from .refs import ReferenceError_, shift_area, shift_sqref
from .rowmap import MAX_COL, MAX_ROW, RowMap

__all__ = [
    "MAX_COL",
    "MAX_ROW",
    "FormulaError",
    "ReferenceError_",
    "RowMap",
    "shift_area",
    "shift_formula",
    "shift_sqref",
    "translate_formula",
]
