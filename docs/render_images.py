"""Render the docs' sheet images from the demo workbook.

Usage: ``.venv/bin/python docs/render_images.py [--out docs/img]``

Builds the demo workbook in a temp dir the way ``talentsheet demo`` does (every capability
runs through the library), then for each wanted sheet saves a copy of the workbook in which
only that sheet is visible, with a print area and fit-to-width page setup, converts it with
``soffice --headless --convert-to pdf``, rasterises the first page with ``pdftoppm`` and
crops the white margins with Pillow. openpyxl keeps the charts talentsheet wrote when it
re-saves the copy, so the view image shows its bar chart.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image, ImageChops

from talentsheet.demo import DEMO_FILE, run_demo

A3 = 8  # openpyxl/OOXML paper size code
LINE = 15  # points per text line


@dataclass(frozen=True)
class Shot:
    """One image: which sheet (or title prefix), rows and columns to print, how wide in pixels.

    ``hide``, ``widen`` and ``wrap`` change only the rendering copy, so long text is not cut off.
    """

    file: str
    sheet: str
    rows: int
    columns: int
    hide: tuple[str, ...] = ()
    widen: tuple[tuple[str, float], ...] = ()
    wrap: tuple[str, ...] = ()
    width: int = 1300


SHOTS = [
    Shot("views-future-by-location.png", "Future by location", rows=48, columns=9),
    Shot("excel-duplicates.png", "Duplicates", rows=31, columns=11, hide=("I",), widen=(("G", 95), ("H", 16))),
    Shot("excel-issues.png", "Issues", rows=40, columns=7),
    Shot(
        "matches.png",
        "Matches – ",
        rows=16,
        columns=12,
        hide=("D", "E", "F", "H", "J"),
        widen=(("L", 100),),
        wrap=("L",),
        width=1400,
    ),
]


def build_demo(tmp: Path) -> Path:
    """Run the demo into ``tmp`` and return the finished workbook's path."""
    run_demo(tmp / "demo", say=lambda _text: None)
    return tmp / "demo" / DEMO_FILE


def find_sheet(wb: Workbook, name: str) -> Worksheet:
    """The sheet called ``name``, or the first whose title starts with it."""
    if name in wb.sheetnames:
        return wb[name]
    for ws in wb.worksheets:
        if ws.title.startswith(name):
            return ws
    raise SystemExit(f"no sheet {name!r} in the demo workbook")


def set_print(ws: Worksheet, shot: Shot) -> None:
    """Print only the shot's rows and columns, landscape A3, one page wide."""
    for letter in shot.hide:
        ws.column_dimensions[letter].hidden = True
    for letter, width in shot.widen:
        ws.column_dimensions[letter].width = width
    if shot.wrap:
        wrap_columns(ws, shot)
    ws.print_area = f"A1:{get_column_letter(shot.columns)}{shot.rows}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A3
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False


def wrap_columns(ws: Worksheet, shot: Shot) -> None:
    """Wrap the shot's long-text columns and give the printed data rows two lines each."""
    for letter in shot.wrap:
        for cell in ws[letter]:
            cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top", wrap_text=True)
    for row in range(2, shot.rows + 1):
        ws.row_dimensions[row].height = 2 * LINE
        for cell in ws[row]:
            cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top", wrap_text=cell.alignment.wrap_text)


def single_sheet_copy(source: Path, shot: Shot, target: Path) -> None:
    """Save a copy of ``source`` where only the shot's sheet is visible and printed."""
    wb = openpyxl.load_workbook(source)
    ws = find_sheet(wb, shot.sheet)
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
        if other is not ws:
            other.sheet_state = "hidden"
    wb.active = wb.worksheets.index(ws)
    set_print(ws, shot)
    wb.save(target)


def to_pdf(xlsx: Path) -> Path:
    """Convert ``xlsx`` to PDF next to it with LibreOffice headless."""
    profile = xlsx.parent / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(xlsx.parent),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
    )
    return xlsx.with_suffix(".pdf")


def first_page_png(pdf: Path, width: int) -> Path:
    """Rasterise the PDF's first page, scaled to ``width`` pixels wide."""
    stem = pdf.with_suffix("")
    scale = ["-scale-to-x", str(width), "-scale-to-y", "-1"]
    subprocess.run(["pdftoppm", "-png", "-f", "1", "-l", "1", "-singlefile", *scale, str(pdf), str(stem)], check=True)
    return stem.with_suffix(".png")


def crop_margins(png: Path, target: Path, pad: int = 12) -> tuple[int, int]:
    """Crop the white page margins, save as a small palette PNG, return its size."""
    image = Image.open(png).convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    box = ImageChops.difference(image, background).getbbox() or (0, 0, *image.size)
    left, top, right, bottom = box
    box = (max(left - pad, 0), max(top - pad, 0), min(right + pad, image.width), min(bottom + pad, image.height))
    cropped = image.crop(box).quantize(colors=64)
    cropped.save(target, optimize=True)
    return cropped.size


def render(workbook: Path, shot: Shot, work: Path, out: Path) -> None:
    """Render one shot into ``out`` and print its size."""
    copy = work / f"{Path(shot.file).stem}.xlsx"
    single_sheet_copy(workbook, shot, copy)
    png = first_page_png(to_pdf(copy), shot.width)
    size = crop_margins(png, out / shot.file)
    kb = (out / shot.file).stat().st_size / 1024
    print(f"{out / shot.file}: {size[0]}x{size[1]} px, {kb:.0f} KB")


def main() -> None:
    """Parse ``--out``, build the demo and render every shot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "img")
    args = parser.parse_args()
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        raise SystemExit("needs LibreOffice (soffice) and poppler (pdftoppm) on PATH")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        workbook = build_demo(work)
        for shot in SHOTS:
            render(workbook, shot, work, args.out)


if __name__ == "__main__":
    main()
