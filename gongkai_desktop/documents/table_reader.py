"""Rows out of the spreadsheets officers keep: .xlsx and old .xls from WPS/Excel (python-calamine, a Rust reader
about ten times faster than openpyxl; openpyxl/xlrd only for what calamine cannot read) and .csv (UTF-8 or
GB18030, detected). The header row is found among the first rows (a title line often comes first).

Files are checked before any reader sees them: size, the unpacked size of an .xlsx and the extent of its cell
references (zip bombs), and at most MAX_ROWS rows per import."""

from __future__ import annotations

import csv
import io
import itertools
import logging
import operator
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import DomainError
from ..core.ledger_import import guess_mapping, paused_gc
from .text import decode_text

log = logging.getLogger(__name__)


class TableReadError(DomainError):
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
MAX_ROWS = 200_000  # one import; a larger ledger is split by year (and would take minutes to check)
MAX_COLUMNS = 256
MAX_CELLS = 10_000_000  # the rectangle a reader allocates (rows × columns of the used range)
MAX_UNPACKED = 300 * 1024 * 1024  # every part of an .xlsx after decompression (a 10,000-row ledger is ~10 MB)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(path: Path) -> Table:
    with paused_gc():  # some 140,000 cells of a 10,000-row ledger: no garbage collector passes over them
        return _read_table(path)


def _read_table(path: Path) -> Table:
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
            check_xlsx_size(path)
            return _pick(_limited(_xlsx(path), path.name), path.name)
        if suffix == ".xls":
            return _pick(_limited(_xls(path), path.name), path.name)
        if suffix == ".csv":
            return _pick(_limited([("csv", _csv(path))], path.name), path.name)
    except TableReadError:
        raise
    except MemoryError as exc:
        raise TableReadError(f"{path.name} 太大，内存不足以读取。请按年度拆分后分批导入。") from exc
    except Exception as exc:  # noqa: BLE001 - damaged, encrypted or mislabelled files
        if any(word in str(exc).lower() for word in ("encrypt", "password")):
            raise TableReadError(f"{path.name} 设置了打开密码。请在 Excel/WPS 中取消密码后另存再导入。") from exc
        raise TableReadError(f"无法读取 {path.name}：文件可能已损坏、加密或不是所示格式（{type(exc).__name__}）。") from exc
    raise TableReadError(f"不支持的文件类型 {suffix or '（无扩展名）'}：请使用 .xlsx、.xls 或 .csv。")


def _too_many_rows(name: str, rows: int) -> TableReadError:
    return TableReadError(f"{name} 有约 {rows:,} 行，超过一次导入的上限 {MAX_ROWS:,} 行。"
                          "请按年度拆分成几个文件，分批导入（每批都是全部导入或全部不导入）。")


def _limited(sheets: list[tuple[str, list[list[Any]]]], name: str) -> list[tuple[str, list[list[Any]]]]:
    for _sheet, rows in sheets:
        if len(rows) > MAX_ROWS + 10:  # a title line and the header come first
            raise _too_many_rows(name, len(rows))
    return sheets


_ROW_REF = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(\d+)\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"\$?([A-Z]+)\$?(\d+)\"")


_LETTERS, _ROW_NUMBER = operator.itemgetter(0), operator.itemgetter(1)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_xlsx_size(path: Path) -> None:
    """Refuse a zip bomb before any reader sees it: every part is decompressed here in chunks (the sizes in
    the zip directory can lie) and counted, and the cell references are scanned for the sheet extent — a
    reader allocates rows × columns of the used range at once, so two far-apart cells in a 5 KB file
    would otherwise ask for hundreds of gigabytes."""
    name = path.name
    too_big = TableReadError(f"{name} 解压后超过 {MAX_UNPACKED // (1024 * 1024)} MB，不像是台账表格"
                             "（可能是异常或被篡改的文件）。请只保留台账所在的工作表后另存再导入。")
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise too_big
        total = 0
        for info in infos:
            max_row = 0
            columns: set[bytes] = set()  # the distinct column letters (a few), numbered once at the end
            tail = b""
            with archive.open(info) as part:
                while chunk := part.read(1 << 17):  # small pieces: a regex over 1 MB held the GIL ~150 ms
                    total += len(chunk)
                    if total > MAX_UNPACKED:
                        raise too_big
                    if not info.filename.endswith(".xml"):
                        continue
                    text = tail + chunk
                    rows = _ROW_REF.findall(text)
                    if rows:
                        max_row = max(max_row, max(map(int, rows)))
                    cells = _CELL_REF.findall(text)
                    if cells:  # map/itemgetter: no Python-level work per cell (a 10,000-row sheet has ~140,000)
                        columns.update(map(_LETTERS, cells))
                        max_row = max(max_row, max(map(int, map(_ROW_NUMBER, cells))))
                    tail = chunk[-512:]
            max_col = max(map(_column_number, columns), default=0)
            if max_row > MAX_ROWS + 10:
                raise _too_many_rows(name, max_row)
            if max_col > MAX_COLUMNS or max_row * max_col > MAX_CELLS:
                raise TableReadError(f"{name} 的表格范围过大（{max_row:,} 行 × {max_col:,} 列，可能有远处的空白格式单元格）。"
                                     "请只复制台账所在的区域到新工作表，另存后再导入。")


def _cell(value: Any) -> Any:
    """calamine's cell → what the import expects (openpyxl's conventions): empty → None, whole numbers → int."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def _calamine(path: Path) -> list[tuple[str, list[list[Any]]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        sheets = []
        for index, sheet_name in enumerate(book.sheet_names):
            sheet = book.get_sheet_by_index(index)
            if sheet.total_height > MAX_ROWS + 10:
                raise _too_many_rows(path.name, sheet.total_height)
            sheets.append((sheet_name, [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]))
        return sheets
    finally:
        book.close()


def _xlsx(path: Path) -> list[tuple[str, list[list[Any]]]]:
    try:
        return _calamine(path)
    except TableReadError:
        raise
    except Exception:  # noqa: BLE001 - what calamine cannot read, openpyxl may (and explains better)
        log.info("calamine could not read an .xlsx; trying openpyxl", exc_info=True)
    return _xlsx_openpyxl(path)


def _xlsx_openpyxl(path: Path) -> list[tuple[str, list[list[Any]]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]
    finally:
        wb.close()


def _xls(path: Path) -> list[tuple[str, list[list[Any]]]]:
    try:
        return _calamine(path)
    except TableReadError:
        raise
    except Exception:  # noqa: BLE001 - fall back to xlrd (and its messages, e.g. for an encrypted book)
        log.info("calamine could not read an .xls; trying xlrd", exc_info=True)
    return _xls_xlrd(path)


def _xls_xlrd(path: Path) -> list[tuple[str, list[list[Any]]]]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    sheets = []
    for sh in book.sheets():
        rows = []
        for r in range(sh.nrows):
            row: list[Any] = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate_as_datetime(float(cell.value), book.datemode))  # a date cell holds a float
                elif cell.ctype == xlrd.XL_CELL_EMPTY:
                    row.append(None)
                else:
                    row.append(cell.value)
            rows.append(row)
        sheets.append((sh.name, rows))
    return sheets


def _csv(path: Path) -> list[list[Any]]:
    text = decode_text(path.read_bytes())
    dialect: type[csv.Dialect] = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        pass
    rows = list(itertools.islice(csv.reader(io.StringIO(text), dialect), MAX_ROWS + 11))
    if len(rows) > MAX_ROWS + 10:
        raise _too_many_rows(path.name, text.count("\n"))
    return rows
