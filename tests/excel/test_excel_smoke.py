"""``talentsheet lite --smoke DIR``: one probe per kind of change the buttons make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from button_books import button_workbook, click
from officejs_client import HANDLED, UNHANDLED
from xlpayload import book_payload

from talentsheet.excel import smoke
from talentsheet.excel.buttons import BUTTONS


@pytest.fixture(scope="module")
def emitted(tmp_path_factory) -> dict[str, set[str]]:
    """The action funcs each button returns on the demo workbook (every button has work)."""
    path = button_workbook(tmp_path_factory.mktemp("buttons") / "demo.xlsx")
    payload = json.dumps(book_payload(path))
    return {b.action: {a["func"] for a in click(b.action, payload)} for b in BUTTONS}


def _probe_funcs(tmp_path: Path, open_book) -> dict[str, list[str]]:
    """Each probe run on xlwings' remote engine (no flush: that needs Lite) -> what it queues."""
    from openpyxl import Workbook

    Workbook().save(tmp_path / "b.xlsx")
    book = open_book(tmp_path / "b.xlsx")
    sheet = book.sheets.add(smoke.SCRATCH)
    out = {}
    for what, probe, _check in smoke.PROBES:
        start = len(book.json()["actions"])
        probe(book, sheet)
        out[what] = [a["func"] for a in book.json()["actions"][start:]]
    return out


def test_the_smoke_test_tries_every_kind_of_change_the_buttons_make(emitted, tmp_path, open_book):
    probed = {f for funcs in _probe_funcs(tmp_path, open_book).values() for f in funcs}
    every = set().union(*emitted.values()) - {"alert"}  # the smoke test ends with its own alert
    assert every, "the buttons emitted nothing"
    assert every <= probed | {"addSheet"}, f"not probed: {sorted(every - probed)}"


def test_the_buttons_use_only_known_actions(emitted):
    """Each func is either one the open-source client handles or one we know it lacks: a new
    func fails here until its row is added to docs/excel.md's table and officejs_client.py."""
    unknown = set().union(*emitted.values()) - set(HANDLED) - set(UNHANDLED)
    assert unknown == set()


def test_smoke_is_written_beside_main_py_and_never_replaces_it(run_cli, tmp_path):
    (tmp_path / "main.py").write_text("# the recruiter's own Lite code\n")
    assert run_cli("lite", "--smoke", tmp_path).code == 0
    assert (tmp_path / "smoke.py").read_text() == Path(smoke.__file__).read_text()
    assert (tmp_path / "main.py").read_text() == "# the recruiter's own Lite code\n"
    again = run_cli("lite", "--smoke", tmp_path)
    assert again.code == 7 and "smoke.py already exists" in again.err and "--force" in again.err
    assert run_cli("lite", "--smoke", tmp_path, "--force").code == 0


def test_lite_refuses_to_overwrite_an_existing_main_py(run_cli, tmp_path):
    (tmp_path / "main.py").write_text("# edited in Lite\n")
    result = run_cli("lite", tmp_path, "--rapidfuzz-sdist", tmp_path / "none.tar.gz")
    assert result.code == 7 and "main.py already exists" in result.err
    assert (tmp_path / "main.py").read_text() == "# edited in Lite\n"
    assert not (tmp_path / "requirements.txt").exists()


def test_the_smoke_script_is_lite_only_and_plain_xlwings(tmp_path, open_book):
    import asyncio

    from openpyxl import Workbook

    source = Path(smoke.__file__).read_text()
    imports = {line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imports == {"sys", "xlwings"}
    assert isinstance(smoke.talentsheet_smoke.__xlscript__, dict)  # Lite lists it
    Workbook().save(tmp_path / "b.xlsx")
    book = open_book(tmp_path / "b.xlsx")
    with pytest.raises(RuntimeError, match="for xlwings Lite"):
        asyncio.run(smoke.talentsheet_smoke.__wrapped__(book))
    assert book.json()["actions"] == []
