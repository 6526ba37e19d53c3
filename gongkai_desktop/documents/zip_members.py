"""Writing a zip (a .docx) from members some of which were compressed once and are reused.

A letter made from a template shares most of its parts with every other letter of that type (styles.xml and
stylesWithEffects.xml alone are 800 kB, a third of a letter's time to compress). `Member.compress` deflates a
part once; `write_zip` lays the members out as zipfile would (deflate, no data descriptors, UTF-8 names
flagged), so a cached member costs a copy, not a compression. The format is the plain PKZIP 2.0 one every
reader knows (APPNOTE.TXT §4.3); parts of several GB (zip64) never occur in a letter."""

from __future__ import annotations

import struct
import time
import zlib
from dataclasses import dataclass
from typing import BinaryIO

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DEFLATED = 8
_VERSION = 20  # 2.0: deflate
_UTF8_NAME = 0x800
_UNIX_RW = 0o600 << 16  # what zipfile.writestr gives a member (external attributes)


@dataclass(frozen=True)
class Member:
    name: str
    compressed: bytes
    crc: int
    size: int

    @classmethod
    def compress(cls, name: str, data: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> Member:
        """`data` deflated as zipfile does (raw deflate stream, default level unless told)."""
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def _dos_time(when: time.struct_time) -> tuple[int, int]:
    year = max(when.tm_year, 1980)
    return (when.tm_hour << 11 | when.tm_min << 5 | when.tm_sec // 2,
            (year - 1980) << 9 | when.tm_mon << 5 | when.tm_mday)


def write_zip(out: BinaryIO, members: list[Member], when: time.struct_time | None = None) -> None:
    """The members, in order, as a zip archive written to `out` (from its current position, which must be 0)."""
    dos_time, dos_date = _dos_time(when or time.localtime())
    central = []
    offset = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAME
        header = _LOCAL.pack(0x04034B50, _VERSION, flags, _DEFLATED, dos_time, dos_date, m.crc, len(m.compressed),
                             m.size, len(name), 0)
        out.write(header)
        out.write(name)
        out.write(m.compressed)
        central.append(_CENTRAL.pack(0x02014B50, 3 << 8 | _VERSION, _VERSION, flags, _DEFLATED, dos_time, dos_date,
                                     m.crc, len(m.compressed), m.size, len(name), 0, 0, 0, 0, _UNIX_RW, offset)
                       + name)
        offset += len(header) + len(name) + len(m.compressed)
    directory = b"".join(central)
    out.write(directory)
    out.write(_END.pack(0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0))
