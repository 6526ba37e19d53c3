"""Export of the application list to .xlsx with the canonical 台账 columns (also the import format).

ID numbers and phones are masked unless the officer asks for full values. Rows are streamed with
openpyxl's write-only mode so 100,000 applications do not sit in memory twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..core.applications import OUTCOME_BY_CODE, mask_id, mask_phone
from .atomic import write_atomically

EXPORT_COLUMNS = (
    ("申请编号", 12), ("收到日期", 12), ("申请方式", 9), ("申请人类型", 12), ("申请人", 22), ("证件号码", 21),
    ("联系电话", 15), ("申请内容", 50), ("承办人", 9), ("办理状态", 9), ("答复日期", 12), ("办理结果", 40),
    ("备注", 20), ("分项及办理结果", 50),
)


DATE_COLUMNS = (1, 10)  # 收到日期, 答复日期


def items_text(items: list[dict[str, Any]]) -> str:
    """The items in one cell: “1.采购合同（予以公开）；2.会议纪要（不予公开·属于四类过程性信息）” (core.items.join_items;
    the import splits the 申请内容 column written this way back into items)."""
    from ..core.applications import outcome_name
    from ..core.items import join_items

    return join_items([i["content"] + (f"（{outcome_name(i['outcome'])}）" if i.get("outcome") else "") for i in items]) \
        if len(items) > 1 else ""


def export_row(row: dict[str, Any], status: str, mask: bool, items: list[dict[str, Any]] | None = None) -> list[Any]:
    ident = row.get("id_number") or row.get("credit_code") or ""
    phone = row.get("phone") or ""
    outcome = OUTCOME_BY_CODE[row["outcome"]].full if row.get("outcome") in OUTCOME_BY_CODE else ""
    return [
        row["no"], date.fromisoformat(row["received"]), row["channel"], row["category"], row["applicant"],
        mask_id(ident) if mask else ident, mask_phone(phone) if mask else phone, row["content_title"],
        row.get("handler") or "", status, date.fromisoformat(row["closed_on"]) if row.get("closed_on") else None,
        outcome, row.get("notes") or "", items_text(items or []),
    ]


def write_applications_xlsx(
    rows: Iterable[dict[str, Any]], target: Path, status_of: Callable[[dict[str, Any]], str], mask: bool = True,
    title: str = "依申请公开台账", items: dict[int, list[dict[str, Any]]] | None = None,
) -> int:
    """Write the rows to `target` atomically; returns the number of applications written."""
    count = 0

    def write(tmp: Path) -> None:
        nonlocal count
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(title)
        for i, (_, width) in enumerate(EXPORT_COLUMNS):
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        ws.freeze_panes = "A2"
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
        header = []
        for name, _ in EXPORT_COLUMNS:
            cell = WriteOnlyCell(ws, value=name)
            cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center")
            header.append(cell)
        ws.append(header)
        for row in rows:
            values = export_row(row, status_of(row), mask, (items or {}).get(row.get("id")))  # type: ignore[arg-type]
            cells: list[Any] = []
            for i, value in enumerate(values):
                if i in DATE_COLUMNS and value is not None:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = "yyyy-mm-dd"
                    cells.append(cell)
                else:
                    cells.append(value)
            ws.append(cells)
            count += 1
        ws.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_COLUMNS))}{count + 1}"
        wb.save(tmp)

    write_atomically(target, write)
    return count


def write_import_errors(headers: list[Any], rows: list[list[Any]], first_line: int, errors: dict[int, list[str]],
                        target: Path) -> Path:
    """The rows of an import that failed, as they were, with an added 错误原因 column (for fixing in Excel)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "未导入的行"
    ws.append(["原行号", *[h if h is not None else "" for h in headers], "错误原因"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for offset, row in enumerate(rows):
        line = first_line + offset
        if line in errors:
            ws.append([line, *row, "；".join(errors[line])])
    ws.column_dimensions[get_column_letter(len(headers) + 2)].width = 60
    ws.freeze_panes = "A2"
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))
