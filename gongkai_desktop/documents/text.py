"""Plain text out of .txt and .docx files, with the encoding detected rather than assumed.

Hostile or oversized files are refused before they are parsed, with a Chinese message: a .docx is a zip of
XML, so its parts' declared sizes and compression ratios are checked first (a 0.5 MB file must not expand to
gigabytes), and XML with a document type declaration (entity expansion, “billion laughs”, external entities —
Word never writes one) is refused. The text returned is capped at MAX_TEXT_CHARS, far above any real notice
or work plan, so that parsing it stays within seconds."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..core.errors import DomainError


class DocumentReadError(DomainError):
    """The file cannot be read as text; the message is Chinese."""


MAX_TEXT_BYTES = 4 * 1024 * 1024  # a .txt notice or work plan: ~1.3 million Chinese characters at most
MAX_TEXT_CHARS = 500_000  # ~250 pages; a real 工作要点 has 10,000–40,000 characters
MAX_DOCX_TOTAL = 100 * 1024 * 1024  # all parts of a .docx, uncompressed
MAX_DOCX_XML_PART = 20 * 1024 * 1024  # one XML part (document.xml) uncompressed
MAX_DOCX_PARTS = 5000
MAX_RATIO = 100  # uncompressed : compressed, for parts over 1 MB
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_text_length(text: str, name: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentReadError(f"{name} 的文字超过{MAX_TEXT_CHARS // 10000}万字，不像是通知或工作要点文件，未读取。"
                                "请只保留需要导入的部分后重试。")
    return text


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
            return check_text_length(_docx_text(path), path.name)
        if suffix in (".txt", ".text", ""):
            if path.stat().st_size > MAX_TEXT_BYTES:
                raise DocumentReadError(f"{path.name} 超过{MAX_TEXT_BYTES // 1024 // 1024}MB，不像是通知或工作要点的文本文件，"
                                        "未读取。请只保留需要导入的部分后重试。")
            return check_text_length(decode_text(path.read_bytes()), path.name)
    except OSError as exc:
        raise DocumentReadError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    raise DocumentReadError(f"不支持的文件类型“{suffix}”，请使用 .txt 或 .docx 文件。")


def check_docx(path: Path) -> None:
    """Refuse a .docx that would expand far beyond its size or that carries a DTD, before parsing it."""
    broken = f"{path.name} 不是有效的 Word（.docx）文件，或文件已损坏、已加密。"
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_DOCX_PARTS:
                raise DocumentReadError(f"{path.name} 包含的部件过多（{len(infos)} 个），不像是正常的 Word 文件，未读取。")
            if sum(i.file_size for i in infos) > MAX_DOCX_TOTAL:
                raise DocumentReadError(f"{path.name} 解压后超过{MAX_DOCX_TOTAL // 1024 // 1024}MB，不像是正常的通知或"
                                        "工作要点文件，未读取。")
            for i in infos:
                if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                    raise DocumentReadError(f"{path.name} 的内容压缩比异常（可能是“压缩炸弹”），未读取。")
                if i.filename.endswith((".xml", ".rels")):
                    if i.file_size > MAX_DOCX_XML_PART:
                        raise DocumentReadError(f"{path.name} 的正文超过{MAX_DOCX_XML_PART // 1024 // 1024}MB，"
                                                "不像是通知或工作要点文件，未读取。")
                    with z.open(i) as f:
                        data = f.read(MAX_DOCX_XML_PART + 1)
                    if len(data) > MAX_DOCX_XML_PART:
                        raise DocumentReadError(f"{path.name} 的内容与其声明的大小不符，文件已损坏，未读取。")
                    if _DTD.search(data):
                        raise DocumentReadError(f"{path.name} 含有 Word 不会生成的 XML 实体声明（可能是恶意文件），"
                                                "未读取。请用 Word/WPS 另存为新的 .docx 后重试。")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
        raise DocumentReadError(broken) from exc


def _docx_text(path: Path) -> str:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    check_docx(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, OSError) as exc:
        raise DocumentReadError(f"{path.name} 不是有效的 Word（.docx）文件，或文件已损坏、已加密。") from exc
    except Exception as exc:  # noqa: BLE001 - malformed XML (lxml), anything python-docx did not expect
        raise DocumentReadError(f"{path.name} 的内容无法解析（{type(exc).__name__}），文件可能已损坏。") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
