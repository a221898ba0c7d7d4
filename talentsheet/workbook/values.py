"""Values of any sheet, read with calamine (fast, read-only): own sheets, the Views sheet,
the Merged archive, the Fix log... The candidate sheet is read by :mod:`.reader`."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any

from ..errors import WorkbookError

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
    return [[_clean(v) for v in row] for row in rows]


def _clean(v: Any) -> Any:
    """As the reader gives values: empty as None, whole floats as int, midnight as a date."""
    if v == "":
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if isinstance(v, datetime) and v.time() == time(0):
        return v.date()
    return v
