"""Export of the application list to .xlsx with the canonical 台账 columns (also the import format).

ID numbers and phones are masked unless the officer asks for full values. Rows are streamed with
openpyxl's write-only mode so 100,000 applications do not sit in memory twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from ..core.applications import OUTCOME_BY_CODE, mask_id, mask_phone
from .atomic import write_atomically

EXPORT_COLUMNS = (
    ("申请编号", 12), ("收到日期", 12), ("申请方式", 9), ("申请人类型", 12), ("申请人", 22), ("证件号码", 21),
    ("联系电话", 15), ("申请内容", 50), ("承办人", 9), ("办理状态", 9), ("答复日期", 12), ("办理结果", 40),
    ("备注", 20),
)


def export_row(row: dict[str, Any], status: str, mask: bool) -> list[Any]:
    ident = row.get("id_number") or row.get("credit_code") or ""
    phone = row.get("phone") or ""
    outcome = OUTCOME_BY_CODE[row["outcome"]].full if row.get("outcome") in OUTCOME_BY_CODE else ""
    return [
        row["no"], row["received"], row["channel"], row["category"], row["applicant"],
        mask_id(ident) if mask else ident, mask_phone(phone) if mask else phone, row["content_title"],
        row.get("handler") or "", status, row.get("closed_on") or "", outcome, row.get("notes") or "",
    ]


def write_applications_xlsx(
    rows: Iterable[dict[str, Any]], target: Path, status_of: Callable[[dict[str, Any]], str], mask: bool = True,
    title: str = "依申请公开台账",
) -> int:
    """Write the rows to `target` atomically; returns the number of applications written."""
    count = 0

    def write(tmp: Path) -> None:
        nonlocal count
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(title)
        for i, (_, width) in enumerate(EXPORT_COLUMNS):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        ws.freeze_panes = "A2"
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
        header = []
        for name, _ in EXPORT_COLUMNS:
            cell = WriteOnlyCell(ws, value=name)
            cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center")
            header.append(cell)
        ws.append(header)
        for row in rows:
            ws.append(export_row(row, status_of(row), mask))
            count += 1
        wb.save(tmp)

    write_atomically(target, write)
    return count
