"""The ribbon add-in: built from xlwings' template, read back with olevba, installed by the CLI."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from talentsheet.errors import WorkbookError
from talentsheet.excel.addin import build_addin, custom_ui_xml, read_addin, rename_vba_project, verify_addin
from talentsheet.excel.buttons import BUTTONS


@pytest.fixture(scope="module")
def addin(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / "talentsheet.xlam")


def test_every_ribbon_button_reaches_an_existing_run_action(addin: Path):
    report = read_addin(addin)
    assert report.ribbon_actions == {f"TalentsheetRibbon.{b.vba_sub}": b.action for b in BUTTONS}
    assert {"TalentsheetRibbon", "xlwings"} <= set(report.modules) and "RibbonMyAddin" not in report.modules


def test_the_vba_project_is_called_talentsheet(addin: Path):
    """olevba parses the name from the dir stream; Excel's VBA editor shows it."""
    assert read_addin(addin).vba_project == "Talentsheet"
    with zipfile.ZipFile(addin) as zf:
        assert b"MyAddin" not in zf.read("xl/vbaProject.bin")


def test_a_project_still_called_myaddin_is_refused(addin: Path, tmp_path: Path):
    stale = tmp_path / "stale.xlam"
    with zipfile.ZipFile(addin) as zin, zipfile.ZipFile(stale, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, rename_vba_project(data, "MyAddin") if info.filename == "xl/vbaProject.bin" else data)
    assert read_addin(stale).vba_project == "MyAddin"
    with pytest.raises(WorkbookError, match="VBA project 'MyAddin'"):
        verify_addin(stale)


def test_settings_come_from_talentsheet_conf(addin: Path):
    assert read_addin(addin).project_name == "talentsheet"
    with zipfile.ZipFile(addin) as zf:
        assert b'name="_talentsheet.conf"' in zf.read("xl/workbook.xml")


def test_build_is_reproducible(addin: Path, tmp_path: Path):
    again = build_addin(tmp_path / "again.xlam")
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(addin.read_bytes()).digest()


def test_a_button_without_its_vba_sub_is_caught(addin: Path, tmp_path: Path):
    broken = tmp_path / "broken.xlam"
    ui = custom_ui_xml().replace("TalentsheetRibbon.RunValidate", "TalentsheetRibbon.RunNothing").encode()
    with zipfile.ZipFile(addin) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, ui if info.filename == "customUI/customUI.xml" else zin.read(info.filename))
    with pytest.raises(WorkbookError, match="RunNothing"):
        verify_addin(broken)


def test_cli_builds_installs_and_uninstalls(run_cli, tmp_path: Path):
    conf = tmp_path / "talentsheet.conf"
    done = run_cli("addin", "install", "--dir", tmp_path / "XLSTART", "--config", conf, "--interpreter", "C:\\Py\\python.exe")
    assert done.code == 0 and (tmp_path / "XLSTART" / "talentsheet.xlam").exists()
    assert conf.read_text() == '"INTERPRETER_WIN","C:\\Py\\python.exe"\n'
    assert run_cli("addin", "uninstall", "--dir", tmp_path / "XLSTART").code == 0
    assert not (tmp_path / "XLSTART" / "talentsheet.xlam").exists()


def test_cli_refuses_a_name_that_is_not_an_addin(run_cli, tmp_path: Path):
    done = run_cli("addin", "build", tmp_path / "x.xlsx")
    assert done.code == 6 and "must end in .xlam" in done.err
