"""Shared formulas: one text written for its master cell, read by the other cells of the
group moved by their offset (as copying it would). After rows move, the group may stay
shared only if the moved master still reads right in every surviving cell; otherwise each
cell gets its own formula, which is what Excel writes when a group no longer agrees.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formula import shift_formula, translate_formula
from .refs import col_letters, col_number, read_operand, shift_area
from .rowmap import RowMap


@dataclass(frozen=True)
class SharedFormula:
    """A shared-formula group after the row moves (cells in the new numbering).

    ``per_cell`` is None while the group stays shared (``master`` holds ``text`` over
    ``ref``); otherwise it maps every surviving cell to its own formula."""

    master: str
    text: str
    ref: str
    per_cell: dict[str, str] | None


def shift_shared_formula(
    text: str, master: str, cells: list[str], ref: str, host_sheet: str, rowmap: RowMap
) -> SharedFormula | None:
    """Move a shared-formula group on ``host_sheet``: ``text`` is the master cell's formula,
    ``cells`` the other cells of the group (``si``), ``ref`` the group's range. Cells move
    too when ``host_sheet`` is the edited sheet. None if every cell of the group is gone."""
    moves = rowmap.is_sheet(host_sheet)
    origin = _rc(master)
    survivors: list[tuple[tuple[int, int], str]] = []
    for cell in [master, *cells]:
        row, col = _rc(cell)
        new_row = rowmap.row(row) if moves else row
        if new_row is None:
            continue
        own = translate_formula(text, row - origin[0], col - origin[1])
        survivors.append(((new_row, col), shift_formula(own, host_sheet, rowmap)))
    if not survivors:
        return None
    survivors.sort()
    (top_row, top_col), master_text = survivors[0]
    new_master = f"{col_letters(top_col)}{top_row}"
    new_ref = (shift_area(ref, rowmap) or new_master) if moves else ref
    for (row, col), own in survivors[1:]:
        if translate_formula(master_text, row - top_row, col - top_col) != own:
            return SharedFormula(new_master, master_text, new_ref, {f"{col_letters(c)}{r}": f for (r, c), f in survivors})
    return SharedFormula(new_master, master_text, new_ref, None)


def _rc(cell: str) -> tuple[int, int]:
    piece = read_operand(cell)[0]
    return piece.row, col_number(piece.col)
