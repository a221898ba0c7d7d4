"""Look inside a workbook file before trusting it: what kind it is and whether it is safe to
open. (What a write keeps is the package editor's business: it rewrites only the parts it
changes, so nothing needs listing as "would be lost".)

Nothing here modifies a file. Readers call :func:`check_readable` first so every bad input
(corrupt zip, encrypted, legacy .xls, renamed PDF, decompression bomb) gets one clear message.
"""

from __future__ import annotations

import codecs
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkbookError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}

# Limits against decompression bombs. Honest sheet XML compresses at most ~30:1 and a full sheet
# of candidates unpacks to about 0.5 GB (benchmarks/zip_ratios.py, 1,048,575 rows: candidates
# 6.7:1 and 525 MB, formatted empty rows 29:1); a bomb compresses far more or holds absurdly
# many parts.
MAX_UNCOMPRESSED_BYTES = 3 * 1024**3  # all parts together
MAX_PARTS = 100_000  # an in-cell picture per candidate of a big network still fits
MAX_COMPRESSION_RATIO = 100  # a part that compresses more than this is "dense"...
DENSE_BUDGET_BYTES = 50 * 1024**2  # ...and dense parts may unpack to this much together
ZIP_TAIL_BYTES = 22 + 65_535  # the end-of-central-directory record and its longest comment

# byte-order marks, longest first (UTF-32-LE's begins with UTF-16-LE's)
TEXT_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)


def sniff(path: Path) -> str:
    """Say what a file really is from its first bytes: zip, ole, text, empty or binary."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text" if _bom(head) or _looks_like_text(head) else "binary"


def _bom(data: bytes) -> tuple[str, str] | None:
    """The (codec, label) a byte-order mark announces, or None."""
    for mark, codec, label in TEXT_BOMS:
        if data.startswith(mark):
            return codec, label
    return None


def _looks_like_text(head: bytes) -> bool:
    """The first bytes of a file read as UTF-8 or Windows-1252 text (a character split at the
    end of the sample is fine); NUL bytes never appear in such text."""
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return True
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def decode_text(raw: bytes, name: str) -> str:
    """A text file's characters, all of them: in the encoding its byte-order mark names (UTF-8,
    UTF-16, UTF-32), else UTF-8, else Windows-1252 (what Excel's plain "CSV" writes on Windows).

    A file whose first bad byte comes after UTF-8 characters is UTF-8 with a damaged byte, not
    Windows-1252: decoding it as 1252 would silently garble every accent, so it is refused."""
    bom = _bom(raw)
    if bom is not None:
        codec, label = bom
        try:
            return raw.decode(codec)
        except UnicodeDecodeError as exc:
            raise _undecodable(
                raw, name, exc.start, codec, f"starts with a {label} byte-order mark but is not valid {label}"
            ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    if not raw[:bad].isascii():
        raise _undecodable(raw, name, bad, "utf-8", "is UTF-8 text with a damaged byte")
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _undecodable(raw, name, exc.start, "cp1252", "is neither UTF-8 nor Windows-1252 text") from None


def _undecodable(raw: bytes, name: str, at: int, codec: str, what: str) -> WorkbookError:
    line = raw[:at].decode(codec, errors="replace").count("\n") + 1
    return WorkbookError(
        f"{name} {what}: byte 0x{raw[at]:02x} on line {line:,} (byte {at:,} of the file) cannot be read",
        "open it in its program and save it again as 'CSV UTF-8', then try again",
    )


def _ole_kind(path: Path) -> str:
    """Tell an encrypted OOXML workbook from a legacy .xls: both are OLE containers."""
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
            return "encrypted"
        if ole.exists("Workbook") or ole.exists("Book"):
            return "xls"
    return "ole"


def check_readable(path: Path) -> str:
    """Raise a specific :class:`WorkbookError` for anything we cannot open; return the kind.

    The kind is ``"xlsx"``, ``"xlsm"`` or ``"csv"``.
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise WorkbookError(f"{name}: no such file", "check the path and the file name")
    if path.is_dir():
        raise WorkbookError(f"{name} is a folder, not a workbook", "give the path of an .xlsx file")
    kind = sniff(path)
    suffix = path.suffix.lower()
    if kind == "empty":
        raise WorkbookError(f"{name} is an empty file (0 bytes)", "it may have failed to download or save; use a backup copy")
    if kind == "ole":
        ole = _ole_kind(path)
        if ole == "encrypted":
            raise WorkbookError(
                f"{name} is password-protected (encrypted)",
                "open it in Excel, remove the password (File > Info > Protect Workbook), save, and try again",
            )
        if ole == "xls":
            raise WorkbookError(
                f"{name} is a legacy Excel 97-2003 (.xls) workbook",
                "open it in Excel or LibreOffice and save it as .xlsx, then run talentsheet on the .xlsx",
            )
        raise WorkbookError(f"{name} is an OLE document, not an Excel workbook", "save it as .xlsx first")
    if kind == "zip":
        _check_zip(path)
        if suffix not in EXCEL_SUFFIXES:
            raise WorkbookError(
                f"{name} is a zip package with suffix {suffix!r}", "rename it to .xlsx or .xlsm if it is an Excel workbook"
            )
        return suffix.lstrip(".")
    if kind == "text" and suffix in TEXT_SUFFIXES:
        return "csv"
    if kind == "binary" and suffix in TEXT_SUFFIXES:
        raise WorkbookError(
            f"{name} is not text talentsheet can read: neither UTF-8, Windows-1252, nor UTF-16 with a byte-order mark",
            "open it in its program and save it again as 'CSV UTF-8'",
        )
    described = {"pdf": "a PDF document", "html": "a web page (HTML)", "text": "a text file", "binary": "not a spreadsheet"}[kind]
    if suffix in EXCEL_SUFFIXES or suffix == ".xls":
        raise WorkbookError(
            f"{name} is {described}, not an Excel workbook, although its name ends in {suffix}",
            "it was probably renamed or saved wrongly; export it from its program as .xlsx",
        )
    raise WorkbookError(f"{name} is {described}; talentsheet reads .xlsx, .xlsm and .csv", "save it as .xlsx")


def _check_zip(path: Path) -> None:
    """Reject truncated, corrupt or bomb-like zip packages before any parser touches them.

    The sizes checked are the ones the central directory declares: both readers (Python's
    zipfile, calamine's zip crate) stop with an error when a part unpacks to more."""
    name = path.name
    declared = _declared_part_count(path)
    if declared is not None and declared > MAX_PARTS:
        _refuse_bomb(f"{name} holds {declared:,} parts, more than talentsheet allows ({MAX_PARTS:,})")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise WorkbookError(
            f"{name} is damaged: it is not a complete Excel file ({exc})",
            "it may be truncated; restore it from a backup or re-download it",
        ) from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise WorkbookError(f"{name} is a zip archive but not an Excel workbook", "save it from Excel as .xlsx")
    if len(infos) > MAX_PARTS:
        _refuse_bomb(f"{name} holds {len(infos):,} parts, more than talentsheet allows ({MAX_PARTS:,})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        _refuse_bomb(
            f"{name} would unpack to {total / 1024**3:.1f} GiB, more than talentsheet allows ({MAX_UNCOMPRESSED_BYTES / 1024**3:.0f} GiB)"
        )
    dense = [i for i in infos if i.file_size > MAX_COMPRESSION_RATIO * max(i.compress_size, 1)]
    unpacked = sum(i.file_size for i in dense)
    if unpacked > DENSE_BUDGET_BYTES:
        packed = sum(i.compress_size for i in dense)
        biggest = max(dense, key=lambda i: i.file_size)
        _refuse_bomb(
            f"{name}: {len(dense)} part(s) (the largest {biggest.filename}) unpack to {unpacked / 1024**2:,.0f} MB "
            f"from {packed / 1024**2:,.1f} MB, far beyond any real workbook"
        )


def _refuse_bomb(message: str) -> None:
    raise WorkbookError(message, "this looks like a decompression bomb; do not open it")


def _declared_part_count(path: Path) -> int | None:
    """The number of parts the zip's end record declares, read from the file's tail, so a
    package of millions of parts is refused before its directory is parsed. None if unclear
    (zipfile then reports the damage)."""
    with open(path, "rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(max(0, size - ZIP_TAIL_BYTES))
        tail = fh.read()
        end = tail.rfind(b"PK\x05\x06")
        if end < 0 or len(tail) < end + 22:
            return None
        (count,) = struct.unpack_from("<H", tail, end + 10)
        locator = end - 20
        if count != 0xFFFF or locator < 0 or tail[locator : locator + 4] != b"PK\x06\x07":
            return count
        (zip64_end,) = struct.unpack_from("<Q", tail, locator + 8)  # ZIP64: the real count lives elsewhere
        fh.seek(zip64_end)
        record = fh.read(56)
    if len(record) < 40 or record[:4] != b"PK\x06\x06":
        return None
    (count64,) = struct.unpack_from("<Q", record, 32)
    return count64


# --- office programs that have a workbook open -------------------------------------------


@dataclass(frozen=True)
class OfficeLock:
    """An office program's owner file: the workbook is open there (or it crashed with it open)."""

    program: str
    path: Path


def office_locks(path: Path) -> list[OfficeLock]:
    """Where Excel (``~$NAME``; for long names the first two characters are replaced) and
    LibreOffice (``.~lock.NAME#``) put their owner file while they have ``path`` open."""
    path = Path(path)
    name = path.name
    return [
        OfficeLock("Excel", path.with_name("~$" + name)),
        OfficeLock("Excel", path.with_name("~$" + name[2:])),
        OfficeLock("LibreOffice", path.with_name(f".~lock.{name}#")),
    ]


def open_in_office(path: Path) -> OfficeLock | None:
    """The first owner file of ``path`` that exists: which program has it open, or None."""
    return next((lock for lock in office_locks(path) if lock.path.exists()), None)


def lock_file(path: Path) -> Path:
    """Excel's owner file for an open workbook: ``~$`` + the name."""
    return office_locks(path)[0].path


def is_open_in_excel(path: Path) -> bool:
    return any(lock.path.exists() for lock in office_locks(path) if lock.program == "Excel")
