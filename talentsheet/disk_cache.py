"""Derived tables kept on disk between runs, so a command does not rebuild them each start.

Only data that is the same for every user and derived from installed packages and our own
code goes here (the gazetteer index of :mod:`talentsheet.places`), never candidate data.
The file name carries a fingerprint of everything the table is built from (the building
module's source, the data package's version, Python's version), so a change to any of them
rebuilds it. Where the cache folder cannot be written (a read-only home, Pyodide) the table
is simply built each time: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

__all__ = ["cache_dir", "cached"]

T = TypeVar("T")
CACHE_ENV = "TALENTSHEET_CACHE_DIR"  # "off" switches the cache off


def cache_dir() -> Path | None:
    """``$TALENTSHEET_CACHE_DIR``, else ``$XDG_CACHE_HOME/talentsheet``, else ``~/.cache/talentsheet``."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return None if chosen == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "talentsheet"


def _fingerprint(parts: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
    return digest.hexdigest()[:20]


def cached(name: str, build: Callable[[], T], depends_on: Iterable[str | bytes]) -> T:
    """``build()``'s result, from ``<cache_dir>/<name>-<fingerprint>.pickle`` when present."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{_fingerprint(depends_on)}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError):
        pass  # damaged, or written by other code: built again below and replaced
    value = build()
    _store(folder, path, value)
    return value


def _store(folder: Path, path: Path, value: object) -> None:
    """Write atomically; a cache that cannot be written is no error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            for stale in folder.glob(f"{path.name.rsplit('-', 1)[0]}-*.pickle"):  # earlier fingerprints
                if stale != path:
                    stale.unlink(missing_ok=True)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
