"""``talentsheet demo``: build the example workbook and run every capability on it.

Each capability's CLI module may define ``demo_step(workbook, say) -> dict``; the demo runs
them in the order of ``DEMO_STEPS`` so one capability never has to edit another's code. A
module whose step needs an optional extra also defines ``demo_unavailable() -> str | None``
(why it cannot run in this install): the demo then says so and runs the other steps. A step
that fails with a :class:`TalentsheetError` is reported and the remaining steps still run;
the ``demo`` command exits with the first failure's code (skipped steps are not failures).
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.markup import escape

from .errors import TalentsheetError
from .workbook.reader import read_candidates

DEMO_STEPS = ["validate_cmds", "dedupe_cmds", "views_cmds", "match_cmds", "excel_cmds"]
DEMO_FILE = "demo-candidates.xlsx"


def run_demo(out: Path, *, rows: int = 300, say: Callable[[str], Any] = print) -> dict[str, Any]:
    """Create ``out/demo-candidates.xlsx`` and run each capability; return what happened."""
    from .sample import demo_workbook

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    workbook = out / DEMO_FILE
    truth = demo_workbook(workbook, n=rows)
    table = read_candidates(workbook)
    say(
        f"1. Built [bold]{workbook}[/]: {len(table.df)} synthetic candidates, header on row {table.header_row} "
        f"under a title, headers spelled the recruiter's way ({', '.join(c.header for c in table.columns[1:5])}, ...)"
    )
    summary: dict[str, Any] = {
        "workbook": str(workbook),
        "candidates": len(table.df),
        "planted_problems": len(truth.problems),
        "planted_duplicate_groups": len(truth.duplicate_groups),
        "steps": {},
        "skipped": {},
        "failed": {},
    }
    numbered = _numbered(say, start=2)
    for name in DEMO_STEPS:
        module = importlib.import_module(f"talentsheet.cli.{name}")
        run = getattr(module, "demo_step", None)
        if run is None:
            continue
        step = name.removesuffix("_cmds")
        unavailable = getattr(module, "demo_unavailable", lambda: None)()
        if unavailable:
            summary["skipped"][step] = unavailable
            numbered(f"Skipped {step}: {escape(unavailable)}")  # [excel] is not markup
            continue
        try:
            summary["steps"][step] = run(workbook, numbered)
        except TalentsheetError as exc:
            summary["failed"][step] = {"error": exc.message, "hint": exc.hint, "exit_code": exc.exit_code}
            numbered(f"[bold red]{step} failed:[/] {escape(exc.message)}" + (f" ({escape(exc.hint)})" if exc.hint else ""))
    if summary["failed"]:
        say(f"Done, but {len(summary['failed'])} step(s) failed: {', '.join(summary['failed'])}.")
    else:
        say(f"Done. Open [bold]{workbook}[/] in Excel or LibreOffice; backups of each step sit next to it.")
    return summary


def demo_exit_code(summary: dict[str, Any]) -> int:
    """0 when every step this install can run worked; else the first failed step's exit code."""
    return next((failure["exit_code"] for failure in summary["failed"].values()), 0)


def _numbered(say: Callable[[str], Any], start: int) -> Callable[[str], None]:
    """Number every line a step says (a step may say several: dedupe, then merge)."""
    count = iter(range(start, 1000))
    return lambda text: say(f"{next(count)}. {text}")
