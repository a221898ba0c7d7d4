"""Values of any sheet, read with calamine (fast, read-only): own sheets, the Views sheet,
the Merged archive, the Fix log... The candidate sheet is read by :mod:`.reader`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import WorkbookError
from .reader import clean_value

__all__ = ["sheet_rows"]


def sheet_rows(path: str | Path, sheet: str, *, limit: int | None = None) -> list[list[Any]]:
    """The values of ``sheet`` from A1 (empty cells None; dates as datetime.date/datetime).
    ``limit`` reads only the first rows."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        ws = wb.get_sheet_by_name(sheet)
        rows = ws.to_python(skip_empty_area=False, nrows=limit) if limit else ws.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for broken XML
        raise WorkbookError(
            f"{Path(path).name}, sheet {sheet!r} could not be read: {exc}", "open and re-save it in Excel"
        ) from None
    return [[clean_value(v) for v in row] for row in rows]
