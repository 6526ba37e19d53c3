"""Rows out of the spreadsheets officers keep: .xlsx (openpyxl), old .xls from WPS/Excel (xlrd) and .csv
(UTF-8 or GB18030, detected). The header row is found among the first rows (a title line often comes first)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.ledger_import import guess_mapping
from .text import decode_text


class TableReadError(ValueError):
    """The file cannot be read as a table; the message is Chinese."""


@dataclass
class Table:
    sheet: str
    headers: list[Any]
    rows: list[list[Any]]
    first_line: int  # spreadsheet row number of rows[0]


def _pick(sheets: list[tuple[str, list[list[Any]]]], name: str) -> Table:
    best: Table | None = None
    best_score = 0
    for sheet, rows in sheets:
        for i, row in enumerate(rows[:10]):
            score = len(guess_mapping(list(row)))
            if score > best_score:
                best_score = score
                best = Table(sheet, list(row), [list(r) for r in rows[i + 1:]], i + 2)
    if best is None or best_score < 2:
        raise TableReadError(f"{name} 中没有找到台账表头（如 收到日期、申请人、申请内容）。")
    return best


MAX_BYTES = 50 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise TableReadError(f"找不到文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise TableReadError(f"{path.name} 是空文件。")
    if size > MAX_BYTES:
        raise TableReadError(f"{path.name} 超过50MB，不像是台账表格。请只保留台账所在的工作表后另存再导入。")
    with open(path, "rb") as f:
        head = f.read(8)
    if suffix == ".xlsx" and head == OLE_SIGNATURE:
        raise TableReadError(f"{path.name} 设置了打开密码（或是另存为 .xlsx 的旧格式文件）。请在 Excel/WPS 中取消密码后另存再导入。")
    try:
        if suffix == ".xlsx":
            return _pick(_xlsx(path), path.name)
        if suffix == ".xls":
            return _pick(_xls(path), path.name)
        if suffix == ".csv":
            return _pick([("csv", _csv(path))], path.name)
    except TableReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged, encrypted or mislabelled files
        raise TableReadError(f"无法读取 {path.name}：文件可能已损坏、加密或不是所示格式（{type(exc).__name__}）。") from exc
    raise TableReadError(f"不支持的文件类型 {suffix or '（无扩展名）'}：请使用 .xlsx、.xls 或 .csv。")


def _xlsx(path: Path) -> list[tuple[str, list[list[Any]]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]
    finally:
        wb.close()


def _xls(path: Path) -> list[tuple[str, list[list[Any]]]]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    sheets = []
    for sh in book.sheets():
        rows = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_EMPTY:
                    row.append(None)
                else:
                    row.append(cell.value)
            rows.append(row)
        sheets.append((sh.name, rows))
    return sheets


def _csv(path: Path) -> list[list[Any]]:
    text = decode_text(path.read_bytes())
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        pass
    return [row for row in csv.reader(io.StringIO(text), dialect)]
