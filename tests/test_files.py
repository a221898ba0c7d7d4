"""Safe file handling (issue 16, cases 1, 6, 8, 9, 10): whatever path the recruiter gives,
whoever else writes the file, whatever the disk or a signal does, the original is either
untouched or properly replaced (with a backup), and no partial copy is left beside it.

Real files in tmp_path, the real CLI entry point, real subprocesses and signals, a real small
tmpfs for a full disk (skipped, with the reason, where it cannot be mounted)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from talentsheet.errors import FileAccessError, WorkbookLockedError
from talentsheet.workbook.files import copy_durably, ignores_case, lock_path, replace_atomically, writing

ROOT = Path(__file__).resolve().parent.parent
WROTE = (0, 1, 2)  # validate's exit codes when it has written its results


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def sheets(path: Path) -> list[str]:
    return openpyxl.load_workbook(path, read_only=True).sheetnames


def python(code: str, *args: str | Path, **popen) -> subprocess.Popen:
    """A real second process running ``code`` with talentsheet importable."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], env=env, text=True, **popen)


@contextlib.contextmanager
def editing(book: Path, **options) -> Iterator[openpyxl.Workbook]:
    """A read-modify-write through the files API alone: load inside the lock, save at the end
    (what every writer built on ``writing`` does)."""
    with writing(book, **options) as where:
        wb = openpyxl.load_workbook(where.source)
        yield wb
        where.commit(wb.save)


def cli_process(*args: str | Path) -> subprocess.Popen:
    code = "import sys; from talentsheet.cli import main; sys.exit(main(sys.argv[1:]))"
    return python(code, *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# --- case 1: --output is resolved before anything else --------------------------------


def spellings(book: Path) -> dict[str, Path]:
    """The original under other names: absolute, through ``..``, through a symlink, and
    through ``..`` after a symlinked folder (the parent of the link's target, as the OS goes)."""
    other, sub = book.parent / "elsewhere", book.parent / "sub"
    other.mkdir()
    sub.mkdir()
    link = other / "link.xlsx"
    link.symlink_to(book)
    (other / "up").symlink_to(sub)
    return {
        "absolute": book.resolve(),
        "dotdot": other / ".." / book.name,
        "symlink": link,
        "symlink-dotdot": other / "up" / ".." / book.name,
    }


SPELLINGS = ["absolute", "dotdot", "symlink", "symlink-dotdot"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_output_spelled_as_the_original_is_an_in_place_write(small_book, spelling) -> None:
    with writing(small_book, spellings(small_book)[spelling]) as where:
        assert where.in_place and where.target == small_book.resolve() and not where.replaces


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_output_spelled_as_the_original_waits_for_the_original_s_lock(small_book, spelling) -> None:
    output = spellings(small_book)[spelling]
    busy = pytest.raises(WorkbookLockedError, match="being written by another")
    with writing(small_book), busy, writing(small_book, output, wait=0.2):
        pass


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_output_spelled_as_the_original_keeps_a_backup(run_cli, small_book, spelling) -> None:
    before = digest(small_book)
    result = run_cli("validate", small_book, "--output", spellings(small_book)[spelling])
    assert result.code in WROTE, result.err
    (backup,) = small_book.parent.glob("small.backup-*.xlsx")
    assert digest(backup) == before and "Issues" in sheets(small_book)


def test_output_never_replaces_another_workbook(run_cli, small_book, tmp_path) -> None:
    other = tmp_path / "other.xlsx"
    shutil.copy(small_book, other)
    openpyxl.load_workbook(other).save(other)  # another file, same content
    before = digest(other)
    result = run_cli("validate", small_book, "--output", other)
    assert result.code == 7 and "other.xlsx already exists and is another file" in result.err
    assert "--force" in result.err and digest(other) == before


def test_force_replaces_another_file_and_keeps_a_backup_of_it(small_book, tmp_path) -> None:
    other = tmp_path / "other.xlsx"
    other.write_bytes(b"the other workbook")
    with writing(small_book, other, force=True, backup=False) as where:
        assert where.replaces and not where.in_place
        kept = where.commit(lambda tmp: shutil.copy(small_book, tmp))
    assert kept is not None and kept.read_bytes() == b"the other workbook"
    assert digest(other) == digest(small_book)


def test_output_into_a_missing_folder_is_a_clear_error(run_cli, small_book, tmp_path) -> None:
    result = run_cli("validate", small_book, "--output", tmp_path / "no-such-folder" / "out.xlsx")
    assert result.code == 6 and "the folder" in result.err and "does not exist" in result.err
    assert "Traceback" not in result.err + result.out


def test_output_naming_a_folder_is_a_clear_error(run_cli, small_book, tmp_path) -> None:
    (tmp_path / "results").mkdir()
    result = run_cli("validate", small_book, "--output", tmp_path / "results")
    assert result.code == 6 and "is a folder, not a file" in result.err
    assert names(tmp_path / "results") == []


def test_the_case_probe_finds_this_folder_case_sensitive_or_not(tmp_path) -> None:
    (tmp_path / "Probe.txt").write_text("x")
    assert ignores_case(tmp_path) == (tmp_path / "PROBE.TXT").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["Probe.txt"]  # the probe left nothing


def test_output_differing_only_in_case_is_the_original_where_case_is_ignored(small_book) -> None:
    if not ignores_case(small_book.parent):
        pytest.skip("this file system is case-sensitive (the test runs on macOS and Windows volumes)")
    with writing(small_book, small_book.with_name("SMALL.XLSX")) as where:
        assert where.in_place and not where.replaces


# --- case 6: one writer at a time -----------------------------------------------------

HOLD = """
import sys
from talentsheet.workbook.files import writing
with writing(sys.argv[1]) as where:
    print("locked", flush=True)
    sys.stdin.readline()
"""


def test_a_second_writer_is_refused_while_the_first_holds_the_workbook(run_cli, small_book) -> None:
    holder = python(HOLD, small_book, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = digest(small_book)
        result = run_cli("validate", small_book, "--fix")
        assert result.code == 5 and "is being written by another talentsheet command (process" in result.err
        assert digest(small_book) == before
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0 and not lock_path(small_book).exists()
    assert run_cli("validate", small_book).code in WROTE


WRITER = """
import sys, time
import openpyxl
from talentsheet.errors import TalentsheetError
from talentsheet.workbook.files import writing
try:
    with writing(sys.argv[1]) as where:
        wb = openpyxl.load_workbook(where.source)
        time.sleep(1)  # both are inside their edit at the same time
        wb.create_sheet(sys.argv[2])
        where.commit(wb.save)
except TalentsheetError as exc:
    sys.exit(exc.exit_code)
"""


def test_two_writers_at_once_never_both_succeed_with_one_lost(small_book) -> None:
    writers = {sheet: python(WRITER, small_book, sheet) for sheet in ("First", "Second")}
    codes = {sheet: writer.wait(timeout=120) for sheet, writer in writers.items()}
    assert sorted(codes.values()) in ([0, 0], [0, 5]), codes
    assert {sheet for sheet, code in codes.items() if code == 0} <= set(sheets(small_book)), codes


def test_a_writer_that_waited_refuses_if_the_first_changed_the_file(small_book) -> None:
    entered = threading.Event()

    def first() -> None:
        with editing(small_book) as wb:
            entered.set()
            time.sleep(0.5)
            wb.create_sheet("First")

    thread = threading.Thread(target=first)
    thread.start()
    entered.wait(10)
    waited = pytest.raises(WorkbookLockedError, match="changed by another talentsheet command while this one waited")
    with waited, editing(small_book) as wb:
        wb.create_sheet("Second")
    thread.join()
    assert "First" in sheets(small_book) and "Second" not in sheets(small_book)


def test_a_writer_gives_up_after_waiting(small_book) -> None:
    busy = pytest.raises(WorkbookLockedError, match=f"process {os.getpid()} on {socket.gethostname()}")
    with writing(small_book), busy, writing(small_book, wait=0.3):
        pass


def test_a_lock_left_by_a_dead_process_is_taken_over(run_cli, small_book) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    lock_path(small_book).write_text(json.dumps({"pid": gone.pid, "host": socket.gethostname(), "since": "earlier"}))
    assert run_cli("validate", small_book).code in WROTE
    assert not lock_path(small_book).exists() and "Issues" in sheets(small_book)


def test_a_lock_from_another_computer_is_respected(run_cli, small_book) -> None:
    lock_path(small_book).write_text(json.dumps({"pid": 4242, "host": "recruiting-laptop", "since": "2026-05-04T09:00"}))
    result = run_cli("validate", small_book)
    assert result.code == 5 and "process 4242 on recruiting-laptop" in result.err
    assert "delete .~talentsheet.small.xlsx.lock" in result.err


def test_a_save_by_another_program_meanwhile_is_not_overwritten(small_book) -> None:
    with pytest.raises(WorkbookLockedError, match="changed on disk by another program"), editing(small_book) as wb:
        wb.create_sheet("Ours")
        theirs = openpyxl.load_workbook(small_book)  # Excel saving the file in the meantime
        theirs.create_sheet("Theirs")
        theirs.save(small_book)
    assert "Theirs" in sheets(small_book) and "Ours" not in sheets(small_book)


def test_libreoffice_lock_file_is_honoured(run_cli, small_book) -> None:
    small_book.with_name(".~lock.small.xlsx#").write_text(",Recruiter,laptop,04.05.2026 09:00,file:///tmp;")
    before = digest(small_book)
    result = run_cli("validate", small_book, "--fix")
    assert result.code == 5 and "open in LibreOffice (its lock file .~lock.small.xlsx# exists)" in result.err
    assert digest(small_book) == before


def test_excel_lock_beside_a_symlink_is_honoured(run_cli, small_book, tmp_path) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "network.xlsx").symlink_to(small_book)
    (desk / "~$network.xlsx").write_bytes(b"owner")  # Excel opened the link
    result = run_cli("validate", desk / "network.xlsx")
    assert result.code == 5 and "network.xlsx is open in Excel" in result.err


def test_a_workbook_opened_during_the_edit_is_not_replaced(small_book) -> None:
    before = digest(small_book)
    with pytest.raises(WorkbookLockedError, match="open in Excel"), editing(small_book) as wb:
        wb.create_sheet("Ours")
        small_book.with_name("~$small.xlsx").write_bytes(b"owner")  # the recruiter opens it meanwhile
    assert digest(small_book) == before


def test_init_force_refuses_a_workbook_open_in_excel(run_cli, small_book) -> None:
    small_book.with_name("~$small.xlsx").write_bytes(b"owner")
    before = digest(small_book)
    result = run_cli("init", small_book, "--force")
    assert result.code == 5 and "open in Excel" in result.err
    assert digest(small_book) == before


def test_init_force_keeps_a_backup_of_what_it_replaces(run_cli, small_book) -> None:
    before = digest(small_book)
    assert run_cli("init", small_book, "--force").code == 0
    (backup,) = small_book.parent.glob("small.backup-*.xlsx")
    assert digest(backup) == before


# --- case 8: links, modes, read-only ----------------------------------------------------


def test_a_symlinked_workbook_is_written_through_to_its_target(run_cli, small_book, tmp_path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    real = share / "network.xlsx"
    small_book.rename(real)
    link = tmp_path / "network.xlsx"
    link.symlink_to(real)
    assert run_cli("validate", link).code in WROTE
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "Issues" in sheets(real)
    assert len(list(share.glob("network.backup-*.xlsx"))) == 1 and names(tmp_path) == ["network.xlsx", "share"]


def test_the_workbook_keeps_its_mode(run_cli, small_book) -> None:
    small_book.chmod(0o640)
    assert run_cli("validate", small_book).code in WROTE
    assert stat.S_IMODE(small_book.stat().st_mode) == 0o640


def test_the_workbook_keeps_its_owner_and_group(run_cli, small_book) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another owner, to see that it is kept")
    os.chown(small_book, 65534, 65534)
    assert run_cli("validate", small_book).code in WROTE
    assert (small_book.stat().st_uid, small_book.stat().st_gid) == (65534, 65534)


def test_a_new_output_gets_the_usual_mode_not_0600(run_cli, small_book, tmp_path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    out = tmp_path / "copy.xlsx"
    assert run_cli("validate", small_book, "--output", out).code in WROTE
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_a_read_only_workbook_is_refused(run_cli, small_book) -> None:
    small_book.chmod(0o444)
    before = digest(small_book)
    result = run_cli("validate", small_book, "--fix")
    assert result.code == 7 and "small.xlsx is read-only" in result.err
    assert digest(small_book) == before and names(small_book.parent) == ["small.xlsx"]


@pytest.fixture
def small_disk(tmp_path):
    """Mount a tmpfs of a given size (needs root, as in CI); unmounted afterwards."""
    mounted: list[Path] = []

    def mount(size: str, *options: str) -> Path:
        if os.geteuid() != 0:
            pytest.skip("mounting a small tmpfs needs root (the CI runs the tests as root)")
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.fixture
def read_only_folder(small_book, small_disk):
    """A folder holding the workbook that cannot be written: chmod 0555, or for root (whom
    permissions do not stop) a tmpfs remounted read-only."""
    if os.geteuid() != 0:
        small_book.parent.chmod(0o555)
        yield small_book
        small_book.parent.chmod(0o755)
        return
    disk = small_disk("1m")
    book = disk / small_book.name
    shutil.copy(small_book, book)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    yield book


def test_a_read_only_folder_is_refused(run_cli, read_only_folder) -> None:
    before = digest(read_only_folder)
    result = run_cli("validate", read_only_folder)
    assert result.code == 7 and "is read-only; talentsheet writes a temporary copy there first" in result.err
    assert "Traceback" not in result.err and digest(read_only_folder) == before


# --- case 9: a full disk, a signal mid-write ---------------------------------------------


def fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` until about ``leave`` bytes are free."""
    free = shutil.disk_usage(disk).free
    (disk / "filler.bin").write_bytes(b"\0" * max(0, free - leave))


def test_a_nearly_full_disk_is_refused_before_writing(run_cli, small_book, small_disk) -> None:
    disk = small_disk("2m")
    book = disk / "small.xlsx"
    shutil.copy(small_book, book)
    fill(disk, 16 * 1024)
    before = digest(book)
    result = run_cli("validate", book, "--fix")
    assert result.code == 7 and "not enough free space" in result.err, result.err
    assert digest(book) == before and names(disk) == ["filler.bin", "small.xlsx"]


def test_a_disk_full_mid_write_leaves_nothing_behind(small_book, small_disk) -> None:
    disk = small_disk("1m")
    book = disk / "small.xlsx"
    shutil.copy(small_book, book)
    before = digest(book)
    with pytest.raises(FileAccessError, match="the disk is full"):
        replace_atomically(book, lambda tmp: tmp.write_bytes(os.urandom(2 * 1024**2)), backup=True)
    assert digest(book) == before and names(disk) == ["small.xlsx"]


def test_a_backup_copy_is_complete_or_absent(small_disk) -> None:
    disk = small_disk("256k")
    with pytest.raises(FileAccessError, match="the disk is full"):
        copy_durably(Path("/dev/zero"), disk / "small.backup-20260504-090000.xlsx")  # more than the disk holds
    assert names(disk) == []


SLOW_WRITE = """
import sys, time
from pathlib import Path
from talentsheet.workbook.files import writing
with writing(sys.argv[1]) as where:
    def write(tmp):
        tmp.write_bytes(b"PK candidate data " * 10_000)
        Path(str(tmp) + ".carry").write_bytes(b"more candidate data")
        print("writing", flush=True)
        time.sleep(60)
    where.commit(write)
"""


def signal_mid_write(book: Path, signum: int) -> int:
    writer = python(SLOW_WRITE, book, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert writer.stdout.readline().strip() == "writing"
    assert any(n.startswith(".~talentsheet-") for n in names(book.parent))  # a partial copy exists now
    writer.send_signal(signum)
    writer.communicate(timeout=120)  # generous: a loaded CI box
    return writer.returncode


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_mid_write_leaves_no_partial_copy(small_book, signum) -> None:
    before = digest(small_book)
    code = signal_mid_write(small_book, signum)
    assert code != 0
    if signum != signal.SIGINT:  # re-raised with the default action: killed by that signal
        assert code == -signum
    assert names(small_book.parent) == ["small.xlsx"] and digest(small_book) == before


def test_copies_left_by_a_killed_writer_are_removed_by_the_next_write(run_cli, small_book) -> None:
    signal_mid_write(small_book, signal.SIGKILL)  # cannot be caught: the partial copy stays...
    assert len(names(small_book.parent)) > 1
    assert run_cli("validate", small_book, "--no-backup").code in WROTE  # ...until the next write
    assert names(small_book.parent) == ["small.xlsx"]


def test_sigterm_to_the_cli_mid_write_leaves_the_original_or_a_complete_new_file(demo_book) -> None:
    path, _ = demo_book
    before = digest(path)
    cli = cli_process("validate", path, "--fix")
    deadline = time.monotonic() + 120
    while not lock_path(path).exists() and cli.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # the lock file appears when the write begins
    cli.send_signal(signal.SIGTERM)
    cli.communicate(timeout=60)
    assert not [n for n in names(path.parent) if n.startswith(".~")], names(path.parent)
    backups = list(path.parent.glob("demo.backup-*.xlsx"))
    assert digest(backups[0] if backups else path) == before  # the original, under its name or the backup's
    assert "Candidates" in sheets(path)
