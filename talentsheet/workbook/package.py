"""Look inside a workbook file before trusting it: what kind it is and whether it is safe to
open. (What a write keeps is the package editor's business: it rewrites only the parts it
changes, so nothing needs to be listed as "would be lost" any more.)

Nothing here modifies a file. Readers call :func:`check_readable` first so every bad input
(corrupt zip, encrypted, legacy .xls, renamed PDF, decompression bomb) gets one clear message.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import WorkbookError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}

# Limits against decompression bombs; an honest 1,048,576-row sheet stays well below them.
MAX_UNCOMPRESSED_BYTES = 3 * 1024**3
MAX_COMPRESSION_RATIO = 400
RATIO_CHECK_MIN_BYTES = 50 * 1024**2


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
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            head.decode("cp1252")
        except UnicodeDecodeError:
            return "binary"
        if b"\x00" in head:
            return "binary"
    return "text"


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
    described = {"pdf": "a PDF document", "html": "a web page (HTML)", "text": "a text file", "binary": "not a spreadsheet"}[kind]
    if suffix in EXCEL_SUFFIXES or suffix == ".xls":
        raise WorkbookError(
            f"{name} is {described}, not an Excel workbook, although its name ends in {suffix}",
            "it was probably renamed or saved wrongly; export it from its program as .xlsx",
        )
    raise WorkbookError(f"{name} is {described}; talentsheet reads .xlsx, .xlsm and .csv", "save it as .xlsx")


def _check_zip(path: Path) -> None:
    """Reject truncated, corrupt or bomb-like zip packages before any parser touches them."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise WorkbookError(
            f"{name} is damaged: it is not a complete Excel file ({exc})",
            "it may be truncated; restore it from a backup or re-download it",
        ) from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise WorkbookError(f"{name} is a zip archive but not an Excel workbook", "save it from Excel as .xlsx")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(
            f"{name} would unpack to {total / 1024**3:.1f} GiB, more than talentsheet allows ({MAX_UNCOMPRESSED_BYTES / 1024**3:.0f} GiB)",
            "this looks like a decompression bomb; do not open it",
        )
    for info in infos:
        if (
            info.file_size > RATIO_CHECK_MIN_BYTES
            and info.compress_size
            and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise WorkbookError(
                f"{name}: part {info.filename} expands {info.file_size // max(info.compress_size, 1)}x, far beyond any real workbook",
                "this looks like a decompression bomb; do not open it",
            )


def lock_file(path: Path) -> Path:
    """Excel's owner file for an open workbook: ``~$`` + the name (first two chars replaced
    for long names, as Excel does)."""
    path = Path(path)
    return path.with_name("~$" + path.name)


def is_open_in_excel(path: Path) -> bool:
    path = Path(path)
    candidates = {path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])}
    return any(c.exists() for c in candidates)
