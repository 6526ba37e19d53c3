"""Plain text out of .txt and .docx files, with the encoding detected rather than assumed."""

from __future__ import annotations

import zipfile
from pathlib import Path


class DocumentReadError(ValueError):
    """The file cannot be read as text; the message is Chinese."""


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK/GB2312)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentReadError("无法识别文本文件的编码（既不是 UTF-8 也不是 GBK/GB18030）。")


def read_text(path: Path) -> str:
    path = Path(path)
    if not path.exists():
        raise DocumentReadError(f"文件不存在：{path}")
    suffix = path.suffix.lower()
    if path.stat().st_size > 30 * 1024 * 1024:
        raise DocumentReadError(f"{path.name} 超过30MB，不像是通知或工作要点文件。")
    try:
        if suffix == ".docx":
            return _docx_text(path)
        if suffix in (".txt", ".text", ""):
            return decode_text(path.read_bytes())
    except OSError as exc:
        raise DocumentReadError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    raise DocumentReadError(f"不支持的文件类型“{suffix}”，请使用 .txt 或 .docx 文件。")


def _docx_text(path: Path) -> str:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, OSError) as exc:
        raise DocumentReadError(f"{path.name} 不是有效的 Word（.docx）文件，或文件已损坏、已加密。") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
