"""``talentsheet lite``: main.py, requirements.txt and pure-Python wheels that really import."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from talentsheet.excel.bundle import CACHE_DIR, lite_metadata, main_py, pure_rapidfuzz_wheel, rapidfuzz_sdist, wheel_tag

SDIST = next(CACHE_DIR.glob("rapidfuzz-*.tar.gz"), None)
needs_sdist = pytest.mark.skipif(SDIST is None, reason="rapidfuzz sdist not cached: run 'talentsheet lite DIR' once")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    from talentsheet.cli import main

    out = tmp_path_factory.mktemp("lite")
    assert main(["lite", str(out), "--wheel-url", "https://example.org/w", "--rapidfuzz-sdist", str(SDIST)]) == 0
    return out


@needs_sdist
def test_bundle_has_main_requirements_and_pure_wheels(bundle: Path):
    assert (bundle / "main.py").read_text() == main_py()
    wheels = sorted(bundle.glob("*.whl"))
    assert [w.name.split("-")[0] for w in wheels] == ["rapidfuzz", "talentsheet"]
    assert {wheel_tag(w) for w in wheels} == {"py3-none-any"}
    requirements = (bundle / "requirements.txt").read_text().splitlines()
    assert all(f"https://example.org/w/{w.name}" in requirements for w in wheels)


@needs_sdist
def test_rapidfuzz_wheel_has_no_compiled_code(bundle: Path):
    wheel = next(bundle.glob("rapidfuzz-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "rapidfuzz/fuzz_py.py" in names
    assert not [n for n in names if n.endswith((".so", ".pyd", ".cpp", ".pyx"))]


@needs_sdist
def test_wheels_import_and_match_on_pure_python(bundle: Path, tmp_path: Path):
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), *map(str, bundle.glob("*.whl"))]
    subprocess.run(pip, check=True, capture_output=True)
    code = (
        f"import sys; sys.path.insert(0, {str(target)!r}); import rapidfuzz.fuzz as f, talentsheet.excel.lite_entry;"
        "assert f.__file__.startswith(sys.path[0]); print(f.WRatio.__module__, round(f.ratio('Lovelace', 'Lovelace')))"
    )
    env = {**os.environ, "RAPIDFUZZ_IMPLEMENTATION": "python", "XLWINGS_LICENSE_KEY": "noncommercial"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.stdout.split() == ["rapidfuzz.fuzz_py", "100"], done.stderr


def test_a_file_that_is_not_a_rapidfuzz_sdist_is_refused(tmp_path: Path):
    import tarfile

    fake = tmp_path / "other-1.0.tar.gz"
    with tarfile.open(fake, "w:gz") as tar:
        src = tmp_path / "x.py"
        src.write_text("")
        tar.add(src, "other-1.0/x.py")
    with pytest.raises(Exception, match="not a rapidfuzz source distribution"):
        pure_rapidfuzz_wheel(fake, tmp_path)


def test_cached_sdist_is_reused(tmp_path: Path):
    cached = tmp_path / "rapidfuzz-9.9.9.tar.gz"
    cached.write_bytes(b"x")
    assert rapidfuzz_sdist(tmp_path, "9.9.9") == cached


def test_lite_wheel_skips_cli_only_dependencies_in_pyodide():
    metadata = b"Name: talentsheet\nRequires-Dist: python-calamine>=0.2\nRequires-Dist: pandas>=2.1\nRequires-Dist: pytest; extra == 'dev'\n"
    lines = lite_metadata(metadata).decode().splitlines()
    assert 'Requires-Dist: python-calamine>=0.2 ; sys_platform != "emscripten"' in lines
    assert "Requires-Dist: pandas>=2.1" in lines and "Requires-Dist: pytest; extra == 'dev'" in lines
