"""Where a write lands and how it lands: the one place that touches the recruiter's files.

Every command that writes goes through :func:`writing`, held for the whole edit:

1. it resolves the input and the ``--output`` to real files (symlinks, ``..``, another
   spelling of the same name on a case-insensitive folder): a "copy" that is really the
   original is an in-place write, and another existing file is never replaced without
   ``force`` (and then with a backup of it);
2. it refuses what must not be written: a workbook open in Excel or LibreOffice, a read-only
   file or folder, a folder or a missing folder given as ``--output``;
3. it takes an advisory lock (a lock file beside the workbook, plus an OS lock on it) so a
   second talentsheet writer waits briefly, then refuses, instead of silently undoing the
   first one's work; a workbook changed on disk while we worked is never overwritten;
4. it hands back a :class:`WriteTarget` whose :meth:`WriteTarget.commit` puts the new bytes in
   place atomically: temporary file beside the target (checked for free space first, synced
   to disk), the original's mode and owner, a backup that is complete or absent, one rename.

If the block raises, or the process is stopped by SIGTERM/SIGINT/SIGHUP, nothing is written and
no partial copy is left behind. What is guaranteed, and the test of each: docs/safety.md.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import socket
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..errors import FileAccessError, InputError, TalentsheetError, WorkbookLockedError
from .package import open_in_office

TEMP_PREFIX = ".~talentsheet-"
LOCK_PREFIX = ".~talentsheet."
LOCK_WAIT_SECONDS = 3.0  # a second writer waits this long for the first, then refuses
LOCK_POLL_SECONDS = 0.1
UNFINISHED_LOCK_SECONDS = 10.0  # a lock file still empty after this long was left by a crash
SPACE_MARGIN_BYTES = 64 * 1024
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))


class WriteInterruptedError(TalentsheetError):
    """A stop signal arrived mid-write and the program chose to carry on: the write cannot."""

    exit_code = 130


# --- where a write lands ---------------------------------------------------------------


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
class FileStamp:
    """Which version of a file is on disk (inode, size, modification time): another program's
    save, even an atomic one, changes it."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        """The stamp of ``path`` now, or None if there is no such file."""
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class WriteTarget:
    """A resolved write: read ``source``, write ``target`` (the same file when ``in_place``).

    Both are real files (symlinks and ``..`` resolved: a symlink is written through to its
    target, and the file read is the file locked). ``replaces`` says that
    ``target`` is another existing file the caller allowed to be replaced (``force``): it is
    backed up whatever ``backup`` says."""

    source: Path
    target: Path
    in_place: bool
    backup: bool
    replaces: bool = False
    shown: str = ""  # the name the user gave, for messages
    _session: _Session | None = field(default=None, repr=False, compare=False)

    @property
    def stamp(self) -> FileStamp | None:
        """The target as it was when the lock was taken (None: new file, or no lock held)."""
        return self._session.stamp if self._session else None

    def commit(self, write: Callable[[Path], None], *, check: Callable[[Path], None] | None = None) -> Path | None:
        """Call ``write(tmp)`` for a temporary file beside the target, ``check(tmp)`` it, keep a
        backup of the original (in place, or a replaced other file), then replace the target
        in one rename. Returns the backup's path, if one was made.

        ``write`` may create helper files named ``tmp.name + suffix``; they are removed too."""
        session = self._session
        keep = (self.backup and self.in_place) or self.replaces
        hint = _size(self.source) or _size(self.target)
        kept = replace_atomically(
            self.target,
            write,
            check=check,
            backup=keep,
            size_hint=hint,
            before_replace=session.check_unchanged if session else None,
        )
        if session:
            session.stamp = FileStamp.of(self.target)
        return kept


@contextlib.contextmanager
def writing(
    source: str | Path,
    output: str | Path | None = None,
    *,
    backup: bool = True,
    force: bool = False,
    wait: float = LOCK_WAIT_SECONDS,
    unchanged_since: FileStamp | None = None,
) -> Iterator[WriteTarget]:
    """Resolve and check a write of ``source`` (to ``output`` if given), and hold the
    workbook's lock for the whole edit (read, change, commit).

    ``force`` allows replacing another existing file named by ``output`` (a backup of it is
    kept). ``wait`` is how long to wait for another talentsheet writer of the same file.
    ``unchanged_since`` (a :meth:`FileStamp.of` taken when the caller read the file) makes the
    write refuse if the file changed since then."""
    where = resolve_write(source, output, backup=backup, force=force)
    refuse_if_open(where.target, Path(output) if output else Path(source))
    refuse_if_read_only(where.target, where.shown)
    before = FileStamp.of(where.target)
    with _stop_signals_clean_up(), WorkbookLock(where.target, where.shown, wait=wait) as lock:
        session = _Session(where.target, where.shown, FileStamp.of(where.target), Path(output or source))
        if lock.waited and session.stamp != before:
            raise _changed_error(where.shown, "by another talentsheet command while this one waited for it")
        if unchanged_since is not None and session.stamp != unchanged_since:
            raise _changed_error(where.shown, "since it was read")
        remove_orphans(where.target)
        yield WriteTarget(where.source, where.target, where.in_place, where.backup, where.replaces, where.shown, session)


def write_side_file(path: str | Path, data: bytes, *, force: bool = False, option: str = "--output") -> Path | None:
    """Write a file that is not the workbook (a calendar, drafts) the way workbooks are written:
    atomic, locked, through symlinks, mode kept. An existing file is replaced only with
    ``force``, and then backed up. Returns the backup's path, if one was made."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{option} {path} is a folder, not a file", f"name the file, e.g. {option} {path / 'out'}")
    if path.exists() and not force:
        raise FileAccessError(
            f"{option} {path.name} already exists; talentsheet does not replace it",
            "choose a new name, or add --force to replace it (a backup of it is kept)",
        )
    with writing(path, backup=path.exists()) as where:
        return where.commit(lambda tmp: tmp.write_bytes(data))


def resolve_write(
    source: str | Path, output: str | Path | None = None, *, backup: bool = True, force: bool = False
) -> WriteTarget:
    """Which real file a write of ``source`` (to ``output``) lands in, before anything else:
    the original under another spelling is the original; another existing file needs
    ``force``; a folder or a missing folder is a clear error."""
    source = Path(source)
    real_source = real_path(source)
    if output is None or str(output) == "":
        _check_folder(real_source, str(source))
        return WriteTarget(real_source, real_source, True, backup, shown=source.name)
    output = Path(output)
    if output.is_dir():
        raise InputError(
            f"--output {output} is a folder, not a file", f"name the new workbook, e.g. --output {output / source.name}"
        )
    real_output = real_path(output)
    _check_folder(real_output, f"--output {output}")
    if same_file(real_source, real_output):
        return WriteTarget(real_source, real_source, True, backup, shown=source.name)
    replaces = real_output.exists()
    if replaces and not force:
        raise FileAccessError(
            f"--output {output.name} already exists and is another file; talentsheet does not replace it",
            "choose a new name, or add --force to replace it (a backup of it is kept)",
        )
    return WriteTarget(real_source, real_output, False, backup, replaces=replaces, shown=output.name)


def real_path(path: Path) -> Path:
    """The absolute path with every symlink and ``..`` resolved in order (``link/..`` is the
    parent of the link's target, as the OS sees it), as far as the path exists."""
    return Path(os.path.realpath(path))


def same_file(a: Path, b: Path) -> bool:
    """Whether two resolved paths name one file: the same inode, or (for file systems that
    give every path its own inode number) names equal but for case in one case-insensitive
    folder."""
    if a == b:
        return True
    if not (a.exists() and b.exists()):
        return False
    if os.path.samefile(a, b):
        return True
    return a.name.casefold() == b.name.casefold() and os.path.samefile(a.parent, b.parent) and ignores_case(a.parent)


_CASE_PROBES: dict[tuple[int, int], bool] = {}


def ignores_case(folder: Path) -> bool:
    """Whether ``folder`` treats names differing only in case as one file, found by a probe
    file in that folder (case rules belong to the file system and even the folder, not the
    OS). Unknown (no probe possible) counts as case-sensitive."""
    st = os.stat(folder)
    key = (st.st_dev, st.st_ino)
    if key not in _CASE_PROBES:
        try:
            fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX + "case-probe-", dir=folder)
        except OSError:
            return False
        os.close(fd)
        probe = Path(name)
        try:
            _CASE_PROBES[key] = probe.with_name(probe.name.upper()).exists()
        finally:
            probe.unlink(missing_ok=True)
    return _CASE_PROBES[key]


def _check_folder(path: Path, shown: str) -> None:
    folder = path.parent
    if not folder.exists():
        raise InputError(f"{shown}: the folder {folder} does not exist", "create the folder first, or choose an existing one")
    if not folder.is_dir():
        raise InputError(f"{shown}: {folder} is a file, not a folder", "choose a path inside an existing folder")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# --- what must not be written ----------------------------------------------------------


def refuse_if_open(target: Path, given: Path | None = None) -> None:
    """Refuse a file an office program has open for editing (its lock file exists), looked for
    beside the real file and beside the path the user gave (a symlink's folder)."""
    for path in dict.fromkeys([Path(target), *([Path(given)] if given else [])]):
        lock = open_in_office(path)
        if lock is not None:
            raise WorkbookLockedError(
                f"{path.name} is open in {lock.program} (its lock file {lock.path.name} exists)",
                f"close it in {lock.program} and try again (if it is not open, delete {lock.path.name}), "
                "or write a copy with --output NEW.xlsx",
            )


def refuse_if_read_only(target: Path, shown: str = "") -> None:
    """Refuse a read-only file (no write bit: marked read-only on purpose, even for an
    administrator) or one we may not change, and a folder where no temporary file can be made."""
    shown = shown or target.name
    if target.exists():
        mode = target.stat().st_mode
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise FileAccessError(
                f"{shown} is read-only; talentsheet does not change it",
                "make it writable (untick Read-only in its properties, or chmod u+w), or write a copy with --output NEW.xlsx",
            )
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise _read_only_folder(target, shown)
    if target.exists() and not os.access(target, os.W_OK):
        raise FileAccessError(
            f"you are not allowed to change {shown}", "ask its owner for write access, or write a copy with --output NEW.xlsx"
        )


def _read_only_folder(target: Path, shown: str) -> FileAccessError:
    return FileAccessError(
        f"the folder of {shown} ({target.parent}) is read-only; talentsheet writes a temporary copy there first",
        "write the result to another folder with --output OTHER/NEW.xlsx, or ask for write access to this one",
    )


def _changed_error(shown: str, how: str) -> WorkbookLockedError:
    return WorkbookLockedError(
        f"{shown} was changed {how}; talentsheet did not overwrite those changes",
        "nothing was written; run the command again on the file as it is now",
    )


@dataclass
class _Session:
    """What a :func:`writing` block knows while it holds the lock."""

    target: Path
    shown: str
    stamp: FileStamp | None
    given: Path

    def check_unchanged(self) -> None:
        """Just before the rename: nobody (Excel, a sync client...) saved the target meanwhile."""
        refuse_if_open(self.target, self.given)
        if FileStamp.of(self.target) != self.stamp:
            raise _changed_error(self.shown, "on disk by another program while talentsheet worked on it")


# --- the advisory lock ------------------------------------------------------------------


def lock_path(target: Path) -> Path:
    """talentsheet's own lock file beside the workbook."""
    return target.with_name(f"{LOCK_PREFIX}{target.name}.lock")


class WorkbookLock:
    """One talentsheet writer per workbook: a lock file beside it (created exclusively,
    holding pid, host and time for the message) and an OS lock on that file (``flock`` or
    ``msvcrt``) where available. A lock whose process is gone (same host) is taken over."""

    def __init__(self, target: Path, shown: str = "", *, wait: float = LOCK_WAIT_SECONDS) -> None:
        self.target = Path(target)
        self.shown = shown or self.target.name
        self.path = lock_path(self.target)
        self.wait = wait
        self.waited = False
        self._fd: int | None = None

    def __enter__(self) -> WorkbookLock:
        deadline = time.monotonic() + self.wait
        while True:
            holder = self._try_acquire()
            if holder is None:
                return self
            if time.monotonic() >= deadline:
                raise WorkbookLockedError(
                    f"{self.shown} is being written by another talentsheet command ({holder})",
                    f"wait for it to finish and run this command again (if none is running, delete {self.path.name})",
                )
            self.waited = True
            time.sleep(LOCK_POLL_SECONDS)

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _try_acquire(self) -> str | None:
        """Take the lock, or say who holds it."""
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
        except FileExistsError:
            return self._inspect_existing()
        except OSError as exc:
            raise _file_error(exc, self.target, self.shown) from None
        _CLEANUP.add(self.path)
        _os_lock(fd)  # before the info is written: a filled lock file is always OS-locked
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": _now()}).encode())
        self._fd = fd
        return None

    def _inspect_existing(self) -> str | None:
        """Someone's lock file is there: report its holder, or remove it if that holder is gone
        (while holding its OS lock, so two takers cannot both succeed). None = try again."""
        try:
            fd = os.open(self.path, os.O_RDWR)
        except FileNotFoundError:
            return None
        try:
            if not _os_lock(fd):
                return _describe(_read_info(fd))
            info = _read_info(fd)
            if not _is_stale(info, os.fstat(fd)):
                return _describe(info)
            with contextlib.suppress(FileNotFoundError):
                if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                    os.unlink(self.path)
            return None
        finally:
            os.close(fd)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if os.name == "nt":  # Windows cannot delete an open file
                os.close(fd)
                fd = None
                self.path.unlink(missing_ok=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                        os.unlink(self.path)
        finally:
            if fd is not None:
                os.close(fd)
            _CLEANUP.discard(self.path)


def _os_lock(fd: int) -> bool:
    """Try the OS lock on ``fd`` without waiting: False if another holder has it; True if we
    got it or the OS/file system has no such lock (the lock file alone then decides)."""
    try:
        import fcntl
    except ImportError:
        fcntl = None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return True
    except BlockingIOError:
        return False
    except OSError as exc:  # EACCES/EAGAIN/EDEADLK: held; ENOLCK, EOPNOTSUPP...: no OS locks here
        return exc.errno not in (errno.EACCES, errno.EAGAIN, errno.EDEADLK)


def _read_info(fd: int) -> dict:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 4096)
    try:
        info = json.loads(raw)
    except ValueError:
        return {}
    return info if isinstance(info, dict) else {}


def _is_stale(info: dict, st: os.stat_result) -> bool:
    """A lock nobody holds any more: left empty by a crash, or its process is gone (same host).
    Another host's lock is never guessed stale: its process cannot be seen from here."""
    if not info:
        return time.time() - st.st_mtime > UNFINISHED_LOCK_SECONDS
    if info.get("host") != socket.gethostname():
        return False
    pid = info.get("pid")
    return isinstance(pid, int) and not _process_alive(pid)


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows: os.kill(pid, 0) would kill it
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
        return bool(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _describe(info: dict) -> str:
    if not info:
        return "starting"
    return f"process {info.get('pid')} on {info.get('host')}, since {info.get('since')}"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# --- partial copies are never left behind ----------------------------------------------


class _Cleanup:
    """Temporary files (and our lock files) to remove if the process is told to stop mid-write.

    The handler removes them at once, then hands the signal on as it would have been handled
    (the default kills the process: it is re-raised with the default action)."""

    def __init__(self) -> None:
        self._paths: set[Path] = set()
        self._mutex = threading.RLock()  # the handler may run while this thread holds it
        self._previous: dict[int, object] = {}
        self._depth = 0

    def add(self, path: Path) -> None:
        with self._mutex:
            self._paths.add(Path(path))

    def discard(self, path: Path) -> None:
        with self._mutex:
            self._paths.discard(Path(path))

    def remove_all(self) -> None:
        with self._mutex:
            paths = list(self._paths)
        for path in paths:
            _remove_with_helpers(path)

    def install(self) -> bool:
        """Install the handlers (main thread only: Python allows no other); True if done."""
        if threading.current_thread() is not threading.main_thread():
            return False
        if self._depth == 0:
            for signum in STOP_SIGNALS:
                previous = signal.getsignal(signum)
                if previous is signal.SIG_IGN:
                    continue
                self._previous[signum] = previous
                signal.signal(signum, self._on_signal)
        self._depth += 1
        return True

    def uninstall(self) -> None:
        if self._depth > 0:  # 0 already if a signal came and the handlers were restored
            self._depth -= 1
            if self._depth == 0:
                self._restore()

    def _restore(self) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        self._previous.clear()

    def _on_signal(self, signum: int, frame: object) -> None:
        self.remove_all()
        previous = self._previous.get(signum, signal.SIG_DFL)
        self._restore()
        self._depth = 0
        if callable(previous):
            previous(signum, frame)  # e.g. Python's SIGINT handler raises KeyboardInterrupt
        else:
            os.kill(os.getpid(), signum)  # the default action, now that nothing is left behind
        raise WriteInterruptedError(f"stopped by signal {signum} while writing; nothing was written", "run the command again")


_CLEANUP = _Cleanup()


@contextlib.contextmanager
def _stop_signals_clean_up() -> Iterator[None]:
    installed = _CLEANUP.install()
    try:
        yield
    finally:
        if installed:
            _CLEANUP.uninstall()


def _remove_with_helpers(path: Path) -> None:
    """Remove ``path`` and the helper files a writer derived from its name (``path.carry``...)."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        for sibling in path.parent.glob(_glob_escape(path.name) + ".*"):
            sibling.unlink(missing_ok=True)


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _orphan_re(target: Path) -> re.Pattern[str]:
    """Names of our temporary copies of ``target`` and of its backups (see :func:`_make_temp`)."""
    name = re.escape(target.name) + "|" + re.escape(target.stem) + r"\.backup-[0-9-]+" + re.escape(target.suffix)
    return re.compile(re.escape(TEMP_PREFIX) + f"(?:{name})" + r"\.[a-z0-9_]{8}" + re.escape(target.suffix) + r"(?:\..*)?")


def remove_orphans(target: Path) -> list[Path]:
    """Remove temporary copies of ``target`` left by a process killed outright (SIGKILL, power
    cut): called while holding the lock, so no live writer of this workbook owns them."""
    pattern = _orphan_re(target)
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                Path(entry.path).unlink(missing_ok=True)
                removed.append(Path(entry.path))
    return removed


# --- the atomic replace -----------------------------------------------------------------


def replace_atomically(
    target: Path,
    write: Callable[[Path], None],
    *,
    check: Callable[[Path], None] | None = None,
    backup: bool = False,
    size_hint: int = 0,
    before_replace: Callable[[], None] | None = None,
) -> Path | None:
    """Write ``target`` through a temporary file in its folder; the old file stays until the
    new one is complete, synced and checked. Returns the backup's path, if one was made.

    The new file gets the old one's mode (and owner/group where permitted); a new file gets
    the usual mode (0666 less the umask), never the temporary file's 0600."""
    target = Path(target)
    shown = target.name
    ensure_free_space(target.parent, size_hint + size_hint // 4 + SPACE_MARGIN_BYTES, f"writing {shown}")
    tmp, new_mode = _make_temp(target)
    kept = None
    try:
        write(tmp)
        _fsync(tmp)
        if check is not None:
            check(tmp)
        _copy_metadata(target, tmp, new_mode)
        if before_replace is not None:
            before_replace()
        new = FileStamp.of(tmp)
        if backup and target.exists():
            kept = keep_backup(target)
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    except OSError as exc:
        raise _file_error(exc, target, shown) from None
    finally:
        _remove_with_helpers(tmp)
        _CLEANUP.discard(tmp)
        if kept is not None and FileStamp.of(target) != new:
            kept.unlink(missing_ok=True)  # the original was not replaced: no backup of it
    return kept


def _make_temp(target: Path) -> tuple[Path, int]:
    """A fresh temporary file beside ``target`` (0600 while it fills), registered for clean-up,
    and the mode a new file would get here."""
    try:
        fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise _file_error(exc, target, target.name) from None
    os.close(fd)
    tmp = Path(name)
    _CLEANUP.add(tmp)
    return tmp, 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where the OS tells (Linux), else by the
    classic set-and-restore."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _copy_metadata(original: Path, new: Path, new_mode: int) -> None:
    """Give ``new`` the mode and owner of ``original`` (the file it replaces), or the mode a
    new file gets; colleagues keep their access to a shared workbook."""
    try:
        st = os.stat(original)
    except FileNotFoundError:
        os.chmod(new, new_mode)
        return
    os.chmod(new, stat.S_IMODE(st.st_mode))
    if hasattr(os, "chown"):
        mine = os.stat(new)
        if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
            try:
                os.chown(new, st.st_uid, st.st_gid)
            except PermissionError:
                with contextlib.suppress(PermissionError):
                    os.chown(new, -1, st.st_gid)  # a member of the group may still set it
            os.chmod(new, stat.S_IMODE(st.st_mode))  # chown clears set-id bits


def keep_backup(target: Path) -> Path:
    """A backup of ``target`` next to it, complete or not there at all: a hard link to the
    original (no copy, no space: the original's bytes stay under the backup's name once the
    new file is renamed over it), or where links are not possible a copy written under a
    temporary name, synced, then renamed."""
    while True:
        dest = backup_path(target)
        try:
            os.link(target, dest)
            return dest
        except FileExistsError:
            continue  # another backup took this name this second
        except OSError:
            return copy_durably(target, dest)


def copy_durably(source: Path, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` so that ``dest`` is either complete or absent: through a
    temporary file in ``dest``'s folder (free space checked first), synced, then renamed."""
    ensure_free_space(dest.parent, _size(source) + SPACE_MARGIN_BYTES, f"the backup {dest.name}")
    tmp, _ = _make_temp(dest)
    try:
        shutil.copyfile(source, tmp)
        shutil.copymode(source, tmp)
        _fsync(tmp)
        os.replace(tmp, dest)
    except OSError as exc:
        raise _file_error(exc, dest, dest.name) from None
    finally:
        tmp.unlink(missing_ok=True)
        _CLEANUP.discard(tmp)
    return dest


def ensure_free_space(folder: Path, needed: int, what: str) -> None:
    """Refuse before writing when the folder's disk cannot hold ``needed`` bytes."""
    try:
        usage = shutil.disk_usage(folder)
    except OSError:
        return
    if usage.total and usage.free < needed:
        raise FileAccessError(
            f"not enough free space for {what}: it needs about {_mb(needed)}, the disk has {_mb(usage.free)} free",
            "free some space, or write the result to another disk with --output OTHER/NEW.xlsx; nothing was written",
        )


def _mb(n: int) -> str:
    return f"{n / 1024**2:,.1f} MB"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows and some file systems cannot)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _file_error(exc: OSError, target: Path, shown: str) -> FileAccessError:
    """The file system refused: say which way, with what to do."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return FileAccessError(
            f"the disk is full (or your quota is used up) while writing {shown}; nothing was written",
            "free some space, or write the result to another disk with --output OTHER/NEW.xlsx",
        )
    if code == errno.EROFS or (code in (errno.EACCES, errno.EPERM) and not os.access(target.parent, os.W_OK)):
        return _read_only_folder(target, shown)
    if code in (errno.EACCES, errno.EPERM):
        return FileAccessError(
            f"the file system refused to write {shown} ({os.strerror(code)})",
            "check that you may change the file and its folder, or write a copy with --output NEW.xlsx",
        )
    return FileAccessError(
        f"writing {shown} failed: {exc.strerror or exc}; nothing was written", "check the disk and the folder, then try again"
    )
