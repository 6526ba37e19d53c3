"""Export of the application list to .xlsx with the canonical 台账 columns (also the import format).

ID numbers and phones are masked unless the officer asks for full values. Written with XlsxWriter in its
constant-memory mode: each row goes to disk as it is written, so 100,000 applications take a few seconds and
little memory (openpyxl's write-only mode was about three times slower here). Text is always written as text
(documents/cell_text.py: never a formula, no characters XML forbids)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..core.applications import OUTCOME_BY_CODE, mask_id, mask_phone
from .atomic import write_atomically
from .cell_text import looks_like_formula, xml_safe

EXPORT_COLUMNS = (
    ("申请编号", 12), ("收到日期", 12), ("申请方式", 9), ("申请人类型", 12), ("申请人", 22), ("证件号码", 21),
    ("联系电话", 15), ("申请内容", 50), ("承办人", 9), ("办理状态", 9), ("答复日期", 12), ("办理结果", 40),
    ("备注", 20),
)


DATE_COLUMNS = (1, 10)  # 收到日期, 答复日期


def export_row(row: dict[str, Any], status: str, mask: bool) -> list[Any]:
    ident = row.get("id_number") or row.get("credit_code") or ""
    phone = row.get("phone") or ""
    outcome = OUTCOME_BY_CODE[row["outcome"]].full if row.get("outcome") in OUTCOME_BY_CODE else ""
    return [
        row["no"], date.fromisoformat(row["received"]), row["channel"], row["category"], row["applicant"],
        mask_id(ident) if mask else ident, mask_phone(phone) if mask else phone, row["content_title"],
        row.get("handler") or "", status, date.fromisoformat(row["closed_on"]) if row.get("closed_on") else None,
        outcome, row.get("notes") or "",
    ]


EXCEL_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()


class _Sheet:
    """One XlsxWriter worksheet written row by row, every value by its own type (text never a formula)."""

    def __init__(self, tmp: Path, title: str, widths: list[float], header: list[str], freeze: bool = True):
        from xlsxwriter import Workbook

        self.book = Workbook(str(tmp), {"constant_memory": True, "tmpdir": str(tmp.parent),
                                        "strings_to_formulas": False, "strings_to_numbers": False,
                                        "strings_to_urls": False})
        self.ws = self.book.add_worksheet(title)
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.time = self.book.add_format({"num_format": "hh:mm"})
        self.text = self.book.add_format({"quote_prefix": True})
        for i, width in enumerate(widths):
            self.ws.set_column(i, i, width)
        if freeze:
            self.ws.freeze_panes(1, 0)
        head = self.book.add_format({"bold": True, "bg_color": "#DDE7F0", "align": "center"})
        for c, name in enumerate(header):
            self.ws.write_string(0, c, name, head)  # header names: ours, or the officer's file's (xml_safe)
        self.row = 1
        self._serials: dict[date, int] = {}

    def append(self, values: list[Any]) -> None:
        ws, r = self.ws, self.row
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                value = xml_safe(value)
                if looks_like_formula(value):
                    ws.write_string(r, c, value, self.text)
                else:
                    ws.write_string(r, c, value)
            elif isinstance(value, datetime):
                ws.write_datetime(r, c, value, self.datetime)
            elif isinstance(value, date):
                serial = self._serials.get(value)
                if serial is None:
                    serial = self._serials[value] = value.toordinal() - EXCEL_EPOCH_ORDINAL
                ws.write_number(r, c, serial, self.date)
            elif isinstance(value, time):
                ws.write_datetime(r, c, value, self.time)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, xml_safe(str(value)))
        self.row = r + 1

    def close(self, columns: int) -> None:
        self.ws.autofilter(0, 0, max(self.row - 1, 1), columns - 1)
        self.book.close()

    def abort(self) -> None:
        """Remove the row data XlsxWriter keeps beside the target (the caller removes the target itself)."""
        fh, name = getattr(self.ws, "row_data_fh", None), getattr(self.ws, "row_data_filename", None)
        if fh is not None:
            fh.close()
        if name:
            Path(name).unlink(missing_ok=True)


def _write(tmp: Path, title: str, widths: list[float], header: list[str], fill: Callable[[_Sheet], None]) -> None:
    sheet = _Sheet(tmp, title, widths, header)
    try:
        fill(sheet)
        sheet.close(len(header))
    except BaseException:
        sheet.abort()
        raise


def write_applications_xlsx(
    rows: Iterable[dict[str, Any]], target: Path, status_of: Callable[[dict[str, Any]], str], mask: bool = True,
    title: str = "依申请公开台账",
) -> int:
    """Write the rows to `target` atomically; returns the number of applications written."""
    count = 0

    def fill(sheet: _Sheet) -> None:
        nonlocal count
        for row in rows:
            sheet.append(export_row(row, status_of(row), mask))
            count += 1

    write_atomically(target, lambda tmp: _write(tmp, title, [w for _, w in EXPORT_COLUMNS],
                                                [n for n, _ in EXPORT_COLUMNS], fill))
    return count


def write_import_errors(headers: list[Any], rows: list[list[Any]], first_line: int, errors: dict[int, list[str]],
                        target: Path) -> Path:
    """The rows of an import that failed, as they were, with an added 错误原因 column (for fixing in Excel)."""

    def fill(sheet: _Sheet) -> None:
        for offset, row in enumerate(rows):
            line = first_line + offset
            if line in errors:
                sheet.append([line, *row, "；".join(errors[line])])

    header = ["原行号", *[xml_safe(str(h)) if h is not None else "" for h in headers], "错误原因"]
    return write_atomically(target, lambda tmp: _write(tmp, "未导入的行", [8] + [14] * len(headers) + [60], header,
                                                       fill))
