"""``import``, ``unimport``, ``--map`` and ``info`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from talentsheet.template import init_workbook
from talentsheet.workbook.reader import MAPPING_SHEET, read_candidates

EXPORT = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@example.com,Acme,Senior Data Engineer,23 Mar 2025\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Acme,Senior Data Engineer,23 Mar 2025\n"
    "Alan,Turing,https://www.linkedin.com/in/alan-turing,,Bletchley,Cryptanalyst,01 Feb 2024\n"
)


def export(tmp_path: Path, text: str = EXPORT, name: str = "Connections.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_prints_what_it_did_and_how_to_undo(run_cli, tmp_path: Path) -> None:
    master = init_workbook(tmp_path / "master.xlsx")
    result = run_cli("import", master, export(tmp_path), "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert "as I0001: 3 rows read, 2 added (C000001..C000002), 1 already present." in " ".join(result.out.split())
    assert "talentsheet unimport master.xlsx I0001" in result.out
    assert "Traceback" not in result.err


def test_import_json_then_unimport_json(run_cli, tmp_path: Path) -> None:
    master = init_workbook(tmp_path / "master.xlsx")
    done = json.loads(run_cli("import", master, export(tmp_path), "--json").out)
    assert (done["kind"], done["added"], done["already_present"]) == ("linkedin", 2, 1)
    assert done["known"][0]["row"] == 6 and done["known"][0]["candidate_id"] == "C000001"
    undone = run_cli("unimport", master, done["import_id"], "--json")
    assert undone.code == 0, undone.err
    assert json.loads(undone.out)["removed"] == ["C000001", "C000002"]
    assert len(read_candidates(master).df) == 0


def test_unimport_of_an_unknown_id_says_which_exist(run_cli, tmp_path: Path) -> None:
    master = init_workbook(tmp_path / "master.xlsx")
    run_cli("import", master, export(tmp_path))
    result = run_cli("unimport", master, "I0042")
    assert result.code == 6 and "no import 'I0042'" in result.err and "imports are: I0001" in result.err


def test_map_tells_what_a_column_is_and_info_says_how(run_cli, tmp_path: Path) -> None:
    path = export(tmp_path, "Person,Wie,Social\nAda Lovelace,London,https://www.linkedin.com/in/ada\n", "people.csv")
    report = json.loads(run_cli("info", path, "--map", "Wie=location", "--json").out)
    how = {c["header"]: (c["field"], c["how"]) for c in report["columns"]}
    assert how == {
        "Person": ("full_name", "header synonym"),
        "Wie": ("location", "told by --map"),
        "Social": ("linkedin", "content"),
    }


def test_a_bad_map_is_a_clear_error_before_anything_is_read(run_cli, tmp_path: Path) -> None:
    result = run_cli("validate", tmp_path / "missing.xlsx", "--map", "URL=wizard")
    assert result.code == 6 and "--map: 'URL' cannot be 'wizard'" in result.err


def test_a_remembered_mapping_is_used_by_later_runs(run_cli, tmp_path: Path) -> None:
    master = init_workbook(tmp_path / "master.xlsx")
    run_cli(
        "import",
        master,
        export(tmp_path, "Person,Wie,Mail\nAda Lovelace,London,ada@example.com\n", "p.csv"),
        "--map",
        "Wie=location",
    )
    remembered = run_cli("info", master, "--map", "Location=-", "--remember", "--json")
    assert remembered.code == 0, remembered.err
    report = json.loads(run_cli("info", master, "--json").out)
    assert report["remembered"] == "Location=-"
    assert {c["header"]: c["how"] for c in report["columns"]}["Location"] == "remembered"
    assert read_candidates(master).df["location"].tolist() == [None]  # the column is no longer read as the location
    assert MAPPING_SHEET in __import__("openpyxl").load_workbook(master).sheetnames


def test_info_lists_total_rows(run_cli, tmp_path: Path) -> None:
    path = export(tmp_path, "First,Last,Email\nAda,Lovelace,a@x.com\nTOTAL,1,\n", "t.csv")
    report = json.loads(run_cli("info", path, "--json").out)
    assert report["candidates"] == 1 and report["total_rows"] == [3]
