"""Where a write lands and how it lands: the one place that touches the recruiter's files.

Every command that writes goes through :func:`writing`: it resolves the input and the
``--output`` to real files, refuses what must not be written (a workbook open in Excel, ...),
and hands back a :class:`WriteTarget` whose :meth:`WriteTarget.commit` puts the new bytes in
place atomically (temporary file beside the target, checked, backup of the original, one
rename). If the block raises, nothing is written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import WorkbookLockedError
from .package import is_open_in_excel

TEMP_PREFIX = ".~talentsheet-"


def backup_path(path: Path, now: datetime | None = None) -> Path:
    """Where the backup of ``path`` goes: next to it, stamped with the time."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.backup-{stamp}-{n}{path.suffix}")
    return candidate


@dataclass(frozen=True)
class WriteTarget:
    """A resolved write: read ``source``, write ``target`` (the same file when ``in_place``)."""

    source: Path
    target: Path
    in_place: bool
    backup: bool

    def commit(self, write: Callable[[Path], None], *, check: Callable[[Path], None] | None = None) -> Path | None:
        """Call ``write(tmp)`` for a temporary file beside the target, ``check(tmp)`` it, keep a
        backup of the original (in place only), then replace the target in one rename.
        Returns the backup's path, if one was made."""
        return replace_atomically(self.target, write, check=check, backup=self.backup and self.in_place)


@contextlib.contextmanager
def writing(source: str | Path, output: str | Path | None = None, *, backup: bool = True) -> Iterator[WriteTarget]:
    """Resolve and check a write of ``source`` (to ``output`` if given) for the whole edit."""
    source = Path(source)
    target = Path(output) if output else source
    refuse_if_open(target)
    yield WriteTarget(source, target, target == source, backup)


def refuse_if_open(target: Path) -> None:
    """Refuse a file another program has open for editing (its lock file exists)."""
    if is_open_in_excel(target):
        raise WorkbookLockedError(
            f"{target.name} is open in Excel (its lock file ~${target.name} exists)",
            "close it in Excel and try again, or write a copy with --output NEW.xlsx",
        )


def replace_atomically(
    target: Path, write: Callable[[Path], None], *, check: Callable[[Path], None] | None = None, backup: bool = False
) -> Path | None:
    """Write ``target`` through a temporary file in its folder; the old file stays until the
    new one is complete and checked. Returns the backup's path, if one was made."""
    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    kept = None
    try:
        write(tmp)
        if check is not None:
            check(tmp)
        if backup and target.exists():
            kept = backup_path(target)
            shutil.copy2(target, kept)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return kept
