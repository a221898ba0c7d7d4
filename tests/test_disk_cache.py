"""The disk cache of derived tables: used when present, rebuilt when damaged or stale, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentsheet import disk_cache, places


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_table_is_built_once_then_read_back(folder: Path) -> None:
    calls, build = counting({"austin": ("Austin", "US")})
    assert disk_cache.cached("t", build, ["v1"]) == {"austin": ("Austin", "US")}
    assert disk_cache.cached("t", build, ["v1"]) == {"austin": ("Austin", "US")}
    assert calls == [1] and len(list(folder.glob("t-*.pickle"))) == 1


def test_a_change_in_what_it_depends_on_builds_it_again(folder: Path) -> None:
    calls, build = counting([1, 2])
    disk_cache.cached("t", build, ["v1"])
    disk_cache.cached("t", build, ["v2"])
    assert calls == [1, 1] and len(list(folder.glob("t-*.pickle"))) == 1  # the stale one is gone


def test_a_damaged_file_is_rebuilt_and_replaced(folder: Path) -> None:
    calls, build = counting("fresh")
    disk_cache.cached("t", build, ["v1"])
    (file,) = folder.glob("t-*.pickle")
    file.write_bytes(b"\x80\x05not a pickle")
    assert disk_cache.cached("t", build, ["v1"]) == "fresh" and calls == [1, 1]
    assert disk_cache.cached("t", build, ["v1"]) == "fresh" and calls == [1, 1]


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(blocker / "cache"))
    calls, build = counting(42)
    assert disk_cache.cached("t", build, ["v1"]) == 42 and disk_cache.cached("t", build, ["v1"]) == 42
    assert calls == [1, 1]


def test_the_gazetteer_read_from_the_cache_is_the_one_built(folder: Path) -> None:
    places._cities.cache_clear()
    try:
        first = places._cities()  # built and stored
        places._cities.cache_clear()
        again = places._cities()  # read back
        assert again == places._build_cities() and again is not first
        assert places.parse_location("round rock").text == "Round Rock, TX"
    finally:
        places._cities.cache_clear()
