"""Export of the application list to .xlsx with the canonical 台账 columns (also the import format).

ID numbers and phones are masked unless the officer asks for full values. Rows are streamed into the file
(documents/xlsx_stream.py: why not openpyxl's or XlsxWriter's streaming mode) so 100,000 applications take a
few seconds and little memory. Text is always written as text: never a formula, no characters XML forbids."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ..core.applications import OUTCOME_BY_CODE, mask_id, mask_phone
from .atomic import write_atomically
from .xlsx_stream import StreamingSheet

EXPORT_COLUMNS = (
    ("申请编号", 12), ("收到日期", 12), ("申请方式", 9), ("申请人类型", 12), ("申请人", 22), ("证件号码", 21),
    ("联系电话", 15), ("申请内容", 50), ("承办人", 9), ("办理状态", 9), ("答复期限", 14), ("答复日期", 12),
    ("办理结果", 40),
    ("备注", 20), ("分项及办理结果", 50),
)


DATE_COLUMNS = (1, 10, 11)  # 收到日期, 答复期限, 答复日期


def items_text(items: list[dict[str, Any]]) -> str:
    """The items in one cell: “1.采购合同（予以公开）；2.会议纪要（不予公开·属于四类过程性信息）” (core.items.join_items;
    the import splits the 申请内容 column written this way back into items)."""
    from ..core.applications import outcome_name
    from ..core.items import join_items

    return join_items([i["content"] + (f"（{outcome_name(i['outcome'])}）" if i.get("outcome") else "") for i in items]) \
        if len(items) > 1 else ""


def _due_cell(row: dict[str, Any]) -> date | str | None:
    """答复期限 as the list shows it: the legal deadline (a date cell); "（暂定）" while an open case's deadline
    falls in a year without the State Council's holiday arrangement; empty while the clock is paused."""
    if not row.get("due"):
        return None
    if row.get("provisional") and row.get("state") != "closed":
        return f"{row['due']}（暂定）"
    return date.fromisoformat(row["due"])


def export_row(row: dict[str, Any], status: str, mask: bool, items: list[dict[str, Any]] | None = None) -> list[Any]:
    ident = row.get("id_number") or row.get("credit_code") or ""
    phone = row.get("phone") or ""
    outcome = OUTCOME_BY_CODE[row["outcome"]].full if row.get("outcome") in OUTCOME_BY_CODE else ""
    return [
        row["no"], date.fromisoformat(row["received"]), row["channel"], row["category"], row["applicant"],
        mask_id(ident) if mask else ident, mask_phone(phone) if mask else phone, row["content_title"],
        row.get("handler") or "", status, _due_cell(row),
        date.fromisoformat(row["closed_on"]) if row.get("closed_on") else None,
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
        with StreamingSheet(tmp, title, [w for _, w in EXPORT_COLUMNS], [n for n, _ in EXPORT_COLUMNS]) as sheet:
            for row in rows:
                sheet.append(export_row(row, status_of(row), mask, (items or {}).get(row.get("id"))))  # type: ignore[arg-type]
                count += 1

    write_atomically(target, write)
    return count


def write_import_errors(headers: list[Any], rows: list[list[Any]], first_line: int, errors: dict[int, list[str]],
                        target: Path) -> Path:
    """The rows of an import that failed, as they were, with an added 错误原因 column (for fixing in Excel)."""

    def write(tmp: Path) -> None:
        header = ["原行号", *[str(h) if h is not None else "" for h in headers], "错误原因"]
        with StreamingSheet(tmp, "未导入的行", [8] + [14] * len(headers) + [60], header) as sheet:
            for offset, row in enumerate(rows):
                line = first_line + offset
                if line in errors:
                    sheet.append([line, *row, "；".join(errors[line])])

    return write_atomically(target, write)
