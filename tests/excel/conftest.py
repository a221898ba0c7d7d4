"""Excel-layer fixtures: xlwings' remote engine on a payload built from a real .xlsx.

The remote engine (xlwings/pro) needs a licence key; the noncommercial key is fine for this
open-source project's tests. It is set here only: end users of xlwings Lite and classic
xlwings need no key.
"""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")

from collections.abc import Callable
from pathlib import Path

import pytest
import xlwings as xw
from xlpayload import book_payload
from xlreplay import Replay, replay


@pytest.fixture
def open_book() -> Callable[..., xw.Book]:
    """Open an .xlsx the way xlwings Lite hands it to a script: ``xw.Book(json=payload)``."""

    def make(path: Path, **kwargs) -> xw.Book:
        return xw.Book(json=book_payload(path, **kwargs))

    return make


@pytest.fixture
def apply_actions() -> Callable[[xw.Book, Path], Replay]:
    """Replay what a script queued onto the .xlsx (saved in place), like Excel would."""

    def make(book: xw.Book, path: Path) -> Replay:
        return replay(path, book.json()["actions"], save_to=path)

    return make


@pytest.fixture
def reviewed(demo_book, open_book, apply_actions, tmp_path: Path) -> tuple[Path, Path]:
    """The demo reviewed by Find duplicates in Excel, and a copy of it for the CLI."""
    from talentsheet import excel

    path, _ = demo_book
    book = open_book(path)
    excel.run_action(book, "find_duplicates")
    apply_actions(book, path)
    cli_copy = tmp_path / "cli.xlsx"
    cli_copy.write_bytes(path.read_bytes())
    return path, cli_copy
