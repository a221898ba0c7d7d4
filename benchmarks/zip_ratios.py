"""How much honest worksheet XML compresses: the figures behind the bomb guard's limits in
talentsheet/workbook/package.py (parts over 100:1 are "dense"; the total may be 3 GiB).

Streams sheet XML of a full sheet (1,048,575 data rows by default) in four honest shapes
through zlib at zipfile's default level and prints unpacked size, packed size and ratio.

    .venv/bin/python benchmarks/zip_ratios.py [--rows N]
"""

from __future__ import annotations

import argparse
import random
import zlib
from collections.abc import Callable, Iterator

COLUMNS = "ABCDEFGHIJKLM"  # the template's 13 columns


def candidates(rows: int) -> Iterator[str]:
    """Distinct people: shared-string indices for text, dates as serials (what Excel writes)."""
    rnd = random.Random(1)
    for r in range(2, rows + 2):
        cells = []
        for c, col in enumerate(COLUMNS):
            if c in (0, 1, 3, 6, 7):  # names, email, LinkedIn, notes: distinct strings
                cells.append(f'<c r="{col}{r}" t="s"><v>{rnd.randint(0, rows * 3)}</v></c>')
            elif c == 9:  # last contacted
                cells.append(f'<c r="{col}{r}" s="2"><v>{45000 + rnd.randint(0, 900)}</v></c>')
            else:  # vocabularies: few distinct strings
                cells.append(f'<c r="{col}{r}" t="s"><v>{rnd.randint(0, 50)}</v></c>')
        yield f'<row r="{r}" spans="1:13">{"".join(cells)}</row>'


def formatted_rows(rows: int) -> Iterator[str]:
    """Every row formatted and sized, no values (select all, set height and a style)."""
    for r in range(2, rows + 2):
        yield f'<row r="{r}" spans="1:13" s="1" customFormat="1" ht="15" customHeight="1"/>'


def styled_empty_cells(rows: int) -> Iterator[str]:
    for r in range(2, rows + 2):
        yield f'<row r="{r}" spans="1:13">' + "".join(f'<c r="{col}{r}" s="1"/>' for col in COLUMNS) + "</row>"


def one_value_everywhere(rows: int) -> Iterator[str]:
    for r in range(2, rows + 2):
        yield f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}"><v>1</v></c></row>'


SHAPES: dict[str, Callable[[int], Iterator[str]]] = {
    "candidates": candidates,
    "formatted rows": formatted_rows,
    "styled empty cells": styled_empty_cells,
    "one value everywhere": one_value_everywhere,
}


def measure(rows_of: Iterator[str]) -> tuple[int, int]:
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    unpacked = packed = 0
    for line in rows_of:
        data = line.encode()
        unpacked += len(data)
        packed += len(packer.compress(data))
    return unpacked, packed + len(packer.flush())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_048_575)
    rows = parser.parse_args().rows
    print(f"{'shape':22} {'unpacked MB':>12} {'packed MB':>10} {'ratio':>7}")
    for name, shape in SHAPES.items():
        unpacked, packed = measure(shape(rows))
        print(f"{name:22} {unpacked / 1e6:12.0f} {packed / 1e6:10.1f} {unpacked / packed:7.1f}")


if __name__ == "__main__":
    main()
