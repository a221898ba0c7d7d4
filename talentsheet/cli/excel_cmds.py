"""Commands for the Excel layer: ``lite`` (xlwings Lite bundle) and ``addin build|install|uninstall``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from .app import JsonOpt, app
from .output import console, print_json

addin_app = typer.Typer(help="The Talentsheet ribbon add-in for Excel on Windows/macOS (classic xlwings).", no_args_is_help=True)
app.add_typer(addin_app, name="addin")

DirOpt = Annotated[Path | None, typer.Option("--dir", help="Folder to install into (default: Excel's startup folder, XLSTART).")]


@app.command()
def lite(
    directory: Annotated[Path, typer.Argument(help="Folder to write main.py, requirements.txt and the wheels into.")],
    wheel_url: Annotated[
        str, typer.Option("--wheel-url", help="Where you will host the wheels (requirements.txt points there).")
    ] = "https://YOUR-HOST/talentsheet-lite",
    rapidfuzz_sdist: Annotated[
        Path | None, typer.Option("--rapidfuzz-sdist", help="A rapidfuzz-X.Y.Z.tar.gz to build from (default: cache, else PyPI).")
    ] = None,
    smoke: Annotated[
        bool,
        typer.Option("--smoke", help="Only write smoke.py: a Lite script that tries each kind of change once, for a first run."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace main.py, requirements.txt or smoke.py if they exist.")] = False,
    json: JsonOpt = False,
) -> None:
    """Write what to paste into xlwings Lite: main.py, requirements.txt and pure-Python wheels (--smoke: the smoke test)."""
    from ..excel.bundle import wheel_tag, write_lite_bundle, write_smoke

    if smoke:
        script = write_smoke(directory, force=force)
        if json:
            print_json({"smoke": str(script)})
            return
        console.print(
            f"Wrote [bold]{script}[/]. In a scratch workbook with xlwings Lite, paste it into main.py, run "
            "[bold]talentsheet_smoke[/] and read the report on the 'Talentsheet smoke' sheet."
        )
        return
    bundle = write_lite_bundle(directory, wheel_url=wheel_url, rapidfuzz_sdist_path=rapidfuzz_sdist, force=force)
    report = {
        "main": str(bundle.main),
        "requirements": str(bundle.requirements),
        "wheels": [{"file": str(w), "tag": wheel_tag(w)} for w in bundle.wheels],
    }
    if json:
        print_json(report)
        return
    console.print(f"Wrote [bold]{bundle.main}[/] (paste into Lite's main.py) and [bold]{bundle.requirements}[/]")
    for w in bundle.wheels:
        console.print(f"  wheel {w.name} ({wheel_tag(w)}): host it at {wheel_url.rstrip('/')}/{w.name}")


@addin_app.command("build")
def addin_build(
    out: Annotated[Path, typer.Argument(help="The add-in file to write, e.g. talentsheet.xlam.")],
    json: JsonOpt = False,
) -> None:
    """Build the Talentsheet ribbon add-in from xlwings' template and verify it."""
    from ..excel.addin import build_addin, read_addin

    report = read_addin(build_addin(out))
    if json:
        print_json({"addin": str(out), "buttons": report.ribbon_actions, "modules": report.modules})
        return
    console.print(f"Built [bold]{out}[/]: Talentsheet tab with {len(report.ribbon_actions)} buttons (VBA and ribbon verified)")


@addin_app.command("install")
def addin_install(
    directory: DirOpt = None,
    interpreter: Annotated[
        str | None, typer.Option("--interpreter", help="Python that Excel should run (default: this one).")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Where to write talentsheet.conf (default: per user).")] = None,
    json: JsonOpt = False,
) -> None:
    """Install the add-in into Excel's startup folder and record which Python to use."""
    from ..excel.addin import config_path, install_addin

    target = install_addin(directory, interpreter=interpreter, config=config)
    if json:
        print_json({"installed": str(target), "config": str(config or config_path())})
        return
    console.print(
        f"Installed [bold]{target}[/]; Python set in {config or config_path()}. Restart Excel to see the Talentsheet tab."
    )


@addin_app.command("uninstall")
def addin_uninstall(directory: DirOpt = None, json: JsonOpt = False) -> None:
    """Remove the add-in from Excel's startup folder."""
    from ..excel.addin import uninstall_addin

    removed = uninstall_addin(directory)
    if json:
        print_json({"removed": str(removed) if removed else None})
        return
    console.print(f"Removed {removed}" if removed else "The Talentsheet add-in was not installed there; nothing to do.")


def demo_unavailable() -> str | None:
    """Why the add-in step cannot run in this install (None: it can)."""
    from ..excel.addin import missing_excel_extra

    missing = missing_excel_extra()
    return (
        f"the Excel add-in needs the [excel] extra ({', '.join(missing)} not installed): pip install 'talentsheet[excel]'"
        if missing
        else None
    )


def demo_step(workbook: Path, say: Callable[[str], None]) -> dict:
    """Build and verify the ribbon add-in next to the demo workbook."""
    from ..excel.addin import build_addin, read_addin

    out = build_addin(workbook.parent / "talentsheet.xlam")
    report = read_addin(out)
    say(
        f"Built the Excel ribbon add-in [bold]{out}[/]: a Talentsheet tab with {len(report.ribbon_actions)} buttons, "
        "each checked to reach talentsheet.excel.run(...) (install on Windows/macOS with 'talentsheet addin install')"
    )
    return {"addin": str(out), "buttons": len(report.ribbon_actions)}
