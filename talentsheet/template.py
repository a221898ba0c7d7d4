"""Build a fresh recruiter workbook from ``templates/template.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InputError
from .workbook.files import writing

TEMPLATE_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class TemplateColumn:
    field: str
    header: str
    width: float
    number_format: str
    dropdown: str


@cache
def template_spec() -> dict[str, Any]:
    """The template description, read once."""
    with open(TEMPLATE_DIR / "template.toml", "rb") as fh:
        return tomllib.load(fh)


def sheet_columns(section: str) -> list[TemplateColumn]:
    return [TemplateColumn(*c) for c in template_spec()[section]["columns"]]


def dropdown_values(name: str) -> list[str]:
    return list(template_spec()["lists"][name])


def build_template() -> Any:
    """The workbook ``talentsheet init`` writes: Candidates, Openings, Views, How to use
    (an openpyxl ``Workbook``: a brand-new file has nothing to keep)."""
    from openpyxl import Workbook

    wb = Workbook()
    spec = template_spec()
    rows = spec["candidates"]["rows_with_rules"]
    _table_sheet(wb.active, spec["candidates"], "candidates", rows)
    for section in ("openings", "views"):
        _table_sheet(wb.create_sheet(), spec[section], section, 500)
    _how_to_use(wb.create_sheet("How to use"))
    return wb


def _table_sheet(ws: Any, section: dict[str, Any], key: str, rows: int) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ws.title = section["sheet"]
    columns = sheet_columns(key)
    for c, col in enumerate(columns, start=1):
        set_value(ws.cell(1, c), col.header)
        ws.cell(1, c).font = Font(bold=True)
        ws.cell(1, c).alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = col.width
        if col.number_format:
            for r in range(2, 3):
                ws.cell(r, c).number_format = col.number_format
            ws.column_dimensions[letter].number_format = col.number_format
        if col.dropdown:
            _dropdown(ws, f"{letter}2:{letter}{rows + 1}", dropdown_values(col.dropdown))
    last = get_column_letter(len(columns))
    table = Table(displayName=section["table"], ref=f"A1:{last}2")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30


def _dropdown(ws: Any, ref: str, values: list[str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True, showErrorMessage=False)
    dv.add(ref)
    ws.add_data_validation(dv)


def _how_to_use(ws: Any) -> None:
    from openpyxl.styles import Alignment, Font

    lines = (TEMPLATE_DIR / "how_to_use.md").read_text(encoding="utf-8").splitlines()
    ws.column_dimensions["A"].width = 120
    for r, line in enumerate(lines, start=1):
        text = line.lstrip("# ").strip()
        set_value(ws.cell(r, 1), text)
        ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
        if line.startswith("#"):
            ws.cell(r, 1).font = Font(bold=True, size=14)


def init_workbook(path: str | Path, *, force: bool = False) -> Path:
    """Create a new recruiter workbook at ``path`` (refuses to overwrite unless ``force``)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(f"{path.name}: a new workbook needs a name ending in .xlsx", "e.g. talentsheet init candidates.xlsx")
    if path.exists() and not force:
        raise InputError(f"{path.name} already exists; talentsheet will not overwrite it", "choose another name, or pass --force")
    if not path.parent.exists():
        raise InputError(f"the folder {path.parent} does not exist", "create it first or choose another path")
    with writing(path) as where:  # init --force keeps a backup of the file it replaces
        where.commit(build_template().save)
    return path


def set_value(cell: Any, value: Any) -> None:
    """Template text stays text (openpyxl would read "=..." as a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
