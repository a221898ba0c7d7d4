"""The workbook as the zip package it is: every part kept as bytes, only changed parts rewritten.

:class:`Package` opens an .xlsx/.xlsm without interpreting it. Parts are read (decompressed)
only when asked for; a part that is written or removed is tracked, and :meth:`Package.save`
copies every untouched entry RAW — its compressed bytes as they are, no decompress and
recompress — then writes the changed ones and a fresh central directory. So untouched parts
stay byte-identical (VBA projects, signatures, pictures, pivot caches, anything we do not
know) and saving a 100k-row workbook whose big sheet is untouched costs a file copy.

A changed part may be given as bytes or as a function returning an iterator of byte chunks,
so a big sheet is streamed through the compressor instead of being held twice in memory.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import WorkbookError

__all__ = ["Package"]

Chunks = Callable[[], Iterable[bytes]]


class _Packed:
    """A part compressed when it was written (a big sheet streamed through the compressor)."""

    def __init__(self, data: bytes, crc: int, size: int) -> None:
        self.data, self.crc, self.size = data, crc, size


_LOCAL = struct.Struct("<4s5H3L2H")  # local file header without name and extra
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory header without name, extra, comment
_END = struct.Struct("<4s4H2LH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_UTF8_FLAG = 0x800
_ZIP32_MAX = 0xFFFFFFFF
COPY_BLOCK = 1 << 20
BIG_PART = 8 << 20  # parts this big are compressed fast (level 1); small ones tightly (level 6)


class Package:
    """An OOXML package opened for editing; nothing on disk changes until :meth:`save`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise WorkbookError(f"{self.path.name} is damaged: {exc}", "restore it from a backup") from None
        self._infos = {i.filename: i for i in self._zip.infolist() if not i.is_dir()}
        self._order = list(self._infos)
        self._new: dict[str, bytes | Chunks | _Packed] = {}
        self._removed: set[str] = set()
        self._cache: dict[str, bytes] = {}

    # --- reading -----------------------------------------------------------------------

    def names(self) -> list[str]:
        """Every part name, in package order (new parts last)."""
        kept = [n for n in self._order if n not in self._removed]
        return kept + [n for n in self._new if n not in self._infos]

    def has(self, name: str) -> bool:
        return name in self._new or (name in self._infos and name not in self._removed)

    def read(self, name: str) -> bytes:
        """The part's bytes (decompressed); a written part reads back what was written."""
        if name in self._new:
            data = self._new[name]
            if isinstance(data, _Packed):
                return zlib.decompress(data.data, -15)
            if callable(data):
                data = b"".join(data())
                self._new[name] = data
            return data
        if name not in self._infos or name in self._removed:
            raise KeyError(name)
        if name not in self._cache:
            self._cache[name] = self._zip.read(name)
        return self._cache[name]

    def open(self, name: str) -> BinaryIO:
        """A stream of an untouched part (big sheets are read in blocks, never whole)."""
        if name in self._new or name in self._removed:
            raise KeyError(f"{name} was changed; use read()")
        return self._zip.open(name)  # type: ignore[return-value]

    def size(self, name: str) -> int:
        """Uncompressed size of an untouched part."""
        return self._infos[name].file_size

    def changed(self) -> set[str]:
        """Parts written or removed since opening."""
        return set(self._new) | self._removed

    # --- writing -----------------------------------------------------------------------

    def write(self, name: str, data: bytes | Chunks) -> None:
        """Replace (or add) a part; ``data`` may be a function yielding chunks, run at save."""
        self._new[name] = data
        self._removed.discard(name)
        self._cache.pop(name, None)

    def write_streamed(self, name: str, chunks: Iterable[bytes]) -> int:
        """Compress ``chunks`` now (they are consumed here) and keep only the compressed bytes;
        returns the uncompressed size. For big sheets: never held uncompressed."""
        compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
        packed: list[bytes] = []
        crc = size = 0
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            packed.append(compressor.compress(chunk))
        packed.append(compressor.flush())
        self._new[name] = _Packed(b"".join(packed), crc, size)
        self._removed.discard(name)
        self._cache.pop(name, None)
        return size

    def remove(self, name: str) -> None:
        self._new.pop(name, None)
        self._cache.pop(name, None)
        if name in self._infos:
            self._removed.add(name)

    def save(self, target: str | Path) -> None:
        """Write the package to ``target``: untouched entries copied raw, changed ones written."""
        with open(target, "wb") as out, open(self.path, "rb") as src:
            entries: list[tuple[zipfile.ZipInfo, int]] = []
            for name in self._order:
                if name in self._removed or name in self._new:
                    if name in self._new:
                        entries.append(self._write_new(out, name))
                    continue
                entries.append(self._copy_raw(src, out, self._infos[name]))
            for name in self._new:
                if name not in self._infos:
                    entries.append(self._write_new(out, name))
            _write_central_directory(out, entries)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- zip records -------------------------------------------------------------------

    def _copy_raw(self, src: BinaryIO, out: BinaryIO, info: zipfile.ZipInfo) -> tuple[zipfile.ZipInfo, int]:
        """Copy one entry's compressed bytes as they are, under a fresh local header."""
        src.seek(info.header_offset)
        header = src.read(_LOCAL.size)
        if len(header) != _LOCAL.size or header[:4] != _LOCAL_SIG:
            raise WorkbookError(f"{self.path.name} is damaged at {info.filename}", "restore it from a backup")
        name_len, extra_len = struct.unpack("<2H", header[26:30])
        src.seek(info.header_offset + _LOCAL.size + name_len + extra_len)
        offset = out.tell()
        _local_header(out, info)
        left = info.compress_size
        while left:
            block = src.read(min(COPY_BLOCK, left))
            if not block:
                raise WorkbookError(f"{self.path.name} is truncated at {info.filename}", "restore it from a backup")
            out.write(block)
            left -= len(block)
        return info, offset

    def _write_new(self, out: BinaryIO, name: str) -> tuple[zipfile.ZipInfo, int]:
        """Compress a written part in one pass (CRC and sizes patched into its header after)."""
        data = self._new[name]
        old = self._infos.get(name)
        info = zipfile.ZipInfo(name, date_time=old.date_time if old else (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = old.external_attr if old else 0o600 << 16
        offset = out.tell()
        if isinstance(data, _Packed):
            info.CRC, info.compress_size, info.file_size = data.crc, len(data.data), data.size
            _local_header(out, info)
            out.write(data.data)
            return info, offset
        chunks: Iterable[bytes] = [data] if isinstance(data, bytes) else data()
        info.CRC, info.compress_size, info.file_size = 0, 0, 0
        _local_header(out, info)
        crc, size, written = 0, 0, 0
        level = 6 if isinstance(data, bytes) and len(data) <= BIG_PART else 1
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            packed = compressor.compress(chunk)
            out.write(packed)
            written += len(packed)
        tail = compressor.flush()
        out.write(tail)
        written += len(tail)
        if size > _ZIP32_MAX or written > _ZIP32_MAX:
            raise WorkbookError(f"part {name} is larger than 4 GiB", "talentsheet cannot write parts that large")
        info.CRC, info.compress_size, info.file_size = crc, written, size
        end = out.tell()
        out.seek(offset + 14)
        out.write(struct.pack("<3L", crc, written, size))
        out.seek(end)
        return info, offset


def _flags(info: zipfile.ZipInfo) -> int:
    """No data descriptor (sizes are in the header), UTF-8 names flagged when needed."""
    flags = info.flag_bits & ~0x8 & ~0x1
    try:
        info.filename.encode("ascii")
    except UnicodeEncodeError:
        flags |= _UTF8_FLAG
    return flags


def _dos_time(info: zipfile.ZipInfo) -> tuple[int, int]:
    y, mo, d, h, mi, s = info.date_time
    return (h << 11) | (mi << 5) | (s // 2), ((max(y, 1980) - 1980) << 9) | (mo << 5) | d


def _local_header(out: BinaryIO, info: zipfile.ZipInfo) -> None:
    name = info.filename.encode("utf-8")
    t, d = _dos_time(info)
    out.write(
        _LOCAL.pack(
            _LOCAL_SIG, 20, _flags(info), info.compress_type, t, d, info.CRC, info.compress_size, info.file_size, len(name), 0
        )
    )
    out.write(name)


def _write_central_directory(out: BinaryIO, entries: list[tuple[zipfile.ZipInfo, int]]) -> None:
    start = out.tell()
    for info, offset in entries:
        if offset > _ZIP32_MAX:
            raise WorkbookError("the workbook would be larger than 4 GiB", "talentsheet cannot write files that large")
        name = info.filename.encode("utf-8")
        t, d = _dos_time(info)
        out.write(
            _CENTRAL.pack(
                _CENTRAL_SIG,
                (info.create_system << 8) | 20,
                20,
                _flags(info),
                info.compress_type,
                t,
                d,
                info.CRC,
                info.compress_size,
                info.file_size,
                len(name),
                0,
                0,
                0,
                info.internal_attr,
                info.external_attr,
                offset,
            )
        )
        out.write(name)
    size = out.tell() - start
    if len(entries) > 0xFFFF:
        raise WorkbookError("the workbook would have more than 65,535 parts", "talentsheet cannot write that many parts")
    out.write(_END.pack(_END_SIG, 0, 0, len(entries), len(entries), size, start, 0))


def iter_blocks(stream: BinaryIO, size: int = 16 << 20) -> Iterator[bytes]:
    """Read a stream in blocks (used to walk big sheets without holding them whole)."""
    while block := stream.read(size):
        yield block
