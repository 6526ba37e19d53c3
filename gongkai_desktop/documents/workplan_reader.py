"""A 工作要点 from a file: .docx, .txt (encoding detected), .pdf with a text layer (pypdf), or an .xlsx/.csv
task list with 序号/工作任务/具体要求/牵头单位/责任单位/完成时限 columns mapped by header."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..core.errors import DomainError
from ..core.ledger_import import DateError, parse_date
from ..core.workplan import Workplan, find_deadlines, parse_workplan, split_units
from .table_reader import TableReadError, _csv, _xlsx
from .text import MAX_TEXT_CHARS, DocumentReadError, read_text

TASK_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("序号", "编号", "任务编号"),
    "title": ("工作任务", "重点任务", "任务名称", "任务", "工作事项", "具体任务", "工作内容"),
    "text": ("具体要求", "工作要求", "任务内容", "具体内容", "主要内容", "工作措施", "具体措施", "主要措施"),
    "lead_units": ("牵头单位", "牵头部门", "主责单位", "牵头科室", "牵头处室", "牵头股室"),
    "responsible_units": ("责任单位", "责任部门", "责任科室", "责任处室", "责任股室", "承办单位", "承办科室",
                          "责任主体", "落实单位"),
    "co_units": ("配合单位", "配合部门", "配合科室", "协办单位"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "时限", "完成期限"),
}
# a sheet whose only task column is 工作措施/具体任务 still has tasks: the first of these found is the title
TITLE_FALLBACK = ("具体任务", "工作措施", "具体措施", "主要措施")
class WorkplanReadError(DomainError):
    """The file cannot be read as a work plan; the message is Chinese."""


MAX_BYTES = 30 * 1024 * 1024


def read_workplan(path: Path, default_year: int | None = None) -> Workplan:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise WorkplanReadError(f"找不到文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise WorkplanReadError(f"{path.name} 是空文件。")
    if size > MAX_BYTES:
        raise WorkplanReadError(f"{path.name} 超过30MB，不像是工作要点文件。")
    if suffix in (".xlsx", ".csv"):
        return _from_table(path, default_year)
    if suffix == ".pdf":
        text = _pdf_text(path)
    elif suffix in (".txt", ".docx"):
        try:
            text = read_text(path)
        except DocumentReadError as exc:
            raise WorkplanReadError(str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - a damaged .docx (bad zip, bad XML)
            raise WorkplanReadError(f"无法读取 {path.name}：文件可能已损坏或不是所示格式（{type(exc).__name__}）。") from exc
    else:
        raise WorkplanReadError(f"不支持的文件类型 {suffix}：请使用 .docx、.txt、.pdf、.xlsx 或 .csv。")
    plan = parse_workplan(text)
    if plan.year is None and default_year:
        plan.year = default_year
        plan.warnings.append(f"文件中没有找到年度，按{default_year}年导入。")
    return plan


MAX_PDF_PAGES = 500
MAX_PDF_SECONDS = 60.0


def _pdf_text(path: Path) -> str:
    """The text layer, page by page, within limits: pages, characters (MAX_TEXT_CHARS) and time; pypdf's own
    limits bound each decompressed stream (75 MB), so a decompression bomb stops with a message."""
    import time

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    started = time.monotonic()
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise WorkplanReadError(f"{path.name} 已加密，无法读取。")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise WorkplanReadError(f"{path.name} 有 {len(reader.pages)} 页，超过{MAX_PDF_PAGES}页，不像是工作要点文件，未读取。")
        parts: list[str] = []
        total = 0
        for page in reader.pages:
            part = page.extract_text() or ""
            parts.append(part)
            total += len(part)
            if total > MAX_TEXT_CHARS:
                raise WorkplanReadError(f"{path.name} 的文字超过{MAX_TEXT_CHARS // 10000}万字，不像是工作要点文件，未读取。")
            if time.monotonic() - started > MAX_PDF_SECONDS:
                raise WorkplanReadError(f"{path.name} 的文字层过于复杂，{int(MAX_PDF_SECONDS)}秒内未能读完，已停止。"
                                        "请使用原文的 Word 文档。")
        text = "\n".join(parts)
    except WorkplanReadError:
        raise
    except (PyPdfError, OSError, ValueError) as exc:
        raise WorkplanReadError(f"无法读取 PDF 文件 {path.name}：{exc}") from exc
    except MemoryError as exc:
        raise WorkplanReadError(f"{path.name} 解压后过大（可能是“压缩炸弹”），未读取。") from exc
    except Exception as exc:  # noqa: BLE001 - a malformed PDF pypdf did not expect
        raise WorkplanReadError(f"无法读取 PDF 文件 {path.name}：文件可能已损坏（{type(exc).__name__}）。") from exc
    if len(re.sub(r"\s", "", text)) < 20:
        raise WorkplanReadError(f"{path.name} 没有文字层（可能是扫描件），请使用原文的 Word 文档或文字版 PDF。")
    return text


def _header_name(cell: Any) -> str:
    """A header cell as a bare name: spaces, line breaks and a trailing note "（单位）" removed."""
    return re.sub(r"[（(][^）)]*[）)]$", "", re.sub(r"\s", "", str(cell or "")))


def _header_map(row: list[Any]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for i, cell in enumerate(row):
        name = _header_name(cell)
        for key, names in TASK_COLUMNS.items():
            if key not in mapping.values() and name in names:
                mapping[i] = key
                break
    if "title" not in mapping.values():  # 序号 | 具体任务 | 责任科室 …: the task column is the title
        for i, cell in enumerate(row):
            if mapping.get(i) == "text" and _header_name(cell) in TITLE_FALLBACK:
                mapping[i] = "title"
                break
    return mapping


def _from_table(path: Path, default_year: int | None) -> Workplan:
    try:
        sheets = _xlsx(path) if path.suffix.lower() == ".xlsx" else [("csv", _csv(path))]
    except (TableReadError, DocumentReadError) as exc:
        raise WorkplanReadError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - damaged files
        raise WorkplanReadError(f"无法读取 {path.name}：{type(exc).__name__}") from exc
    for _name, rows in sheets:
        for h, row in enumerate(rows[:10]):
            mapping = _header_map(list(row))
            if "title" in mapping.values():
                return _tasks_from_rows(path, rows[0:h], rows[h + 1:], mapping, default_year)
    raise WorkplanReadError(f"{path.name} 中没有找到“工作任务”列。")


def _tasks_from_rows(path: Path, above: list[list[Any]], rows: list[list[Any]], mapping: dict[int, str],
                     default_year: int | None) -> Workplan:
    plan = Workplan(title=next((str(r[0]) for r in above if r and r[0]), path.stem))
    m = re.search(r"(\d{4})年", plan.title)
    plan.year = int(m.group(1)) if m else default_year
    for n, row in enumerate(rows, start=len(above) + 2):
        cells = {key: row[i] if i < len(row) else None for i, key in mapping.items()}
        title = str(cells.get("title") or "").strip()
        if not title:
            continue
        code = cells.get("code")
        code = str(int(code)) if isinstance(code, float) and code.is_integer() else str(code or "").strip()
        deadline_cell = cells.get("deadline")
        deadlines: list[str] = []
        recurring: list[str] = []
        if deadline_cell not in (None, ""):
            try:
                d = parse_date(deadline_cell)
                deadlines = [d.isoformat()] if d else []
            except DateError:
                found, recurring = find_deadlines(str(deadline_cell), plan.year)
                deadlines = [x.isoformat() for x in found]
                if not found and not recurring:
                    plan.warnings.append(f"第{n}行完成时限“{deadline_cell}”无法识别，已保留在具体要求中。")
        text = str(cells.get("text") or "").strip()
        if deadline_cell not in (None, "") and not deadlines and not recurring:
            text = (text + f"（完成时限：{deadline_cell}）").strip()
        plan.tasks.append({
            "code": code, "section": "", "title": title, "text": text,
            "lead_units": split_units(str(cells.get("lead_units") or "")),
            "responsible_units": _merge_units(split_units(str(cells.get("responsible_units") or "")),
                                              split_units(str(cells.get("co_units") or ""))),
            "deadlines": deadlines, "recurring": recurring, "children": [],
        })
    if plan.year is None:
        plan.warnings.append("文件中没有找到年度，请在导入时选择。")
    return plan


def _merge_units(first: list[str], second: list[str]) -> list[str]:
    return first + [u for u in second if u not in first]
