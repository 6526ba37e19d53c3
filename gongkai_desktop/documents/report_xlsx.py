"""The annual report's three tables as an .xlsx in the official layout (for upload), and reading such files
back for aggregation by a county/city 政务公开办. The sheet 说明 carries the unit and the year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..core.annual_report import (
    CHECK_NOTE,
    COLUMNS,
    REVIEW_RESULTS,
    ROW_KEYS,
    SECTION2_ROWS,
    SECTION3_ROWS,
    SECTION4_COLUMNS,
    row_label,
)
from .atomic import write_atomically

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
S3_FIRST_ROW = 5  # 表三: title in row 1, headers in rows 2–4, data from row 5
S3_FIRST_COL = 4  # data in columns D..J
S4_ROW = 5


class ReportFileError(ValueError):
    """A report file that cannot be read; the message is Chinese."""


def _cell(ws, r: int, c: int, value: Any, r2: int | None = None, c2: int | None = None, left: bool = False,
          bold: bool = False) -> None:
    if (r2 or r) != r or (c2 or c) != c:
        ws.merge_cells(start_row=r, start_column=c, end_row=r2 or r, end_column=c2 or c)
        for rr in range(r, (r2 or r) + 1):
            for cc in range(c, (c2 or c) + 1):
                ws.cell(rr, cc).border = BORDER
    cell = ws.cell(r, c, value)
    cell.border = BORDER
    cell.alignment = LEFT if left else CENTER
    if bold:
        cell.font = Font(bold=True)


def _title(ws, text: str, width: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1, text).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = CENTER
    ws.row_dimensions[1].height = 28


def write_report_xlsx(data: dict[str, Any], target: Path) -> Path:
    wb = Workbook()
    info = wb.active
    info.title = "说明"
    for r, (k, v) in enumerate((("单位", data["unit"]), ("年度", data["year"]),
                                ("格式", "国办公开办函〔2021〕30号"), ("勾稽检查", "通过" if all(
                                    c["ok"] for c in data["checks"]) else "未通过")), start=1):
        info.cell(r, 1, k).font = Font(bold=True)
        info.cell(r, 2, v)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 12, 40

    ws = wb.create_sheet("表二")
    _title(ws, "二、主动公开政府信息情况", 4)
    r = 2
    rows = data["section2"]["rows"]
    items: list[str] = []
    for row in rows:
        if row["item"] not in items:
            items.append(row["item"])
    for item in items:
        group = [row for row in rows if row["item"] == item]
        _cell(ws, r, 1, item, c2=4, bold=True)
        _cell(ws, r + 1, 1, "信息内容")
        cols = group[0]["columns"]
        if len(cols) == 3:
            for i, col in enumerate(cols):
                _cell(ws, r + 1, 2 + i, col)
        else:
            _cell(ws, r + 1, 2, cols[0], c2=4)
        for j, row in enumerate(group):
            _cell(ws, r + 2 + j, 1, row["name"])
            values = [float(v) if "." in str(v) else int(v) for v in row["values"]]
            if len(cols) == 3:
                for i, v in enumerate(values):
                    _cell(ws, r + 2 + j, 2 + i, v)
            else:
                _cell(ws, r + 2 + j, 2, values[0], c2=4)
        r += 2 + len(group)
    for c, w in enumerate((22, 18, 18, 18), start=1):
        ws.column_dimensions[get_column_letter(c)].width = w

    ws = wb.create_sheet("表三")
    _title(ws, "三、收到和处理政府信息公开申请情况", 10)
    _cell(ws, 2, 1, CHECK_NOTE, r2=4, c2=3)
    _cell(ws, 2, 4, "申请人情况", c2=10)
    _cell(ws, 3, 4, "自然人", r2=4)
    _cell(ws, 3, 5, "法人或其他组织", c2=9)
    _cell(ws, 3, 10, "总计", r2=4)
    for i, name in enumerate(COLUMNS[1:6]):
        _cell(ws, 4, 5 + i, name)
    values = {k: r["values"] for k, r in zip(ROW_KEYS, data["section3"]["rows"], strict=True)}
    groups: dict[str, list[int]] = {}
    first = last = 0
    for i, (key, level1, level2, level3) in enumerate(SECTION3_ROWS):
        r = S3_FIRST_ROW + i
        if not level2:
            _cell(ws, r, 1, level1, c2=3, left=True)
        else:
            first, last = first or r, r
            if not level3:
                _cell(ws, r, 2, level2, c2=3, left=True)
            else:
                groups.setdefault(level2, []).append(r)
                _cell(ws, r, 3, level3, left=True)
        for c, v in enumerate(values[key]):
            _cell(ws, r, S3_FIRST_COL + c, v)
    _cell(ws, first, 1, "三、本年度办理结果", r2=last)
    for label, rs in groups.items():
        _cell(ws, rs[0], 2, label, r2=rs[-1])
    for c, w in enumerate((14, 16, 34, 9, 9, 9, 9, 9, 9, 9), start=1):
        ws.column_dimensions[get_column_letter(c)].width = w

    ws = wb.create_sheet("表四")
    _title(ws, "四、政府信息公开行政复议、行政诉讼情况", 15)
    _cell(ws, 2, 1, "行政复议", c2=5)
    _cell(ws, 2, 6, "行政诉讼", c2=15)
    for i, name in enumerate(REVIEW_RESULTS):
        _cell(ws, 3, 1 + i, name, r2=4)
    _cell(ws, 3, 6, "未经复议直接起诉", c2=10)
    _cell(ws, 3, 11, "复议后起诉", c2=15)
    for g in range(2):
        for i, name in enumerate(REVIEW_RESULTS):
            _cell(ws, 4, 6 + g * 5 + i, name)
    for i, v in enumerate(data["section4"]["values"]):
        _cell(ws, S4_ROW, 1 + i, v)
    for c in range(1, 16):
        ws.column_dimensions[get_column_letter(c)].width = 9
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))


def read_report_xlsx(path: Path) -> dict[str, Any]:
    """A unit's report file written by write_report_xlsx → the JSON shape of `gongkai report --json`."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - not an Excel file, damaged, encrypted
        raise ReportFileError(f"{path.name} 不是可读取的 Excel 文件：{exc}") from exc
    try:
        missing = [s for s in ("说明", "表二", "表三", "表四") if s not in wb.sheetnames]
        if missing:
            raise ReportFileError(f"{path.name} 缺少工作表：{'、'.join(missing)}（请使用本程序导出的年报 Excel 文件）。")
        info = {row[0]: row[1] for row in wb["说明"].iter_rows(min_row=1, max_row=4, max_col=2, values_only=True)}
        s3 = wb["表三"]
        rows = []
        for i, key in enumerate(ROW_KEYS):
            values = [s3.cell(S3_FIRST_ROW + i, S3_FIRST_COL + c).value for c in range(len(COLUMNS))]
            if any(not isinstance(v, int) for v in values):
                raise ReportFileError(f"{path.name} 表三“{row_label(key)}”一行的数据不是整数。")
            rows.append({"label": row_label(key), "values": values})
        s4 = [wb["表四"].cell(S4_ROW, 1 + i).value for i in range(15)]
        if any(not isinstance(v, int) for v in s4):
            raise ReportFileError(f"{path.name} 表四的数据不是整数。")
        s2_rows = _read_section2(wb["表二"])
    finally:
        wb.close()
    year = info.get("年度")
    if not isinstance(year, int):
        raise ReportFileError(f"{path.name} 的“说明”页没有年度。")
    return {"year": year, "unit": str(info.get("单位") or path.stem),
            "section2": {"rows": s2_rows},
            "section3": {"columns": list(COLUMNS), "rows": rows},
            "section4": {"columns": list(SECTION4_COLUMNS), "values": s4}, "checks": []}


def _read_section2(ws) -> list[dict[str, Any]]:
    found: dict[str, list[Any]] = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        name = row[0]
        if name in {n for _, n, _ in SECTION2_ROWS}:
            found[name] = [v for v in row[1:4] if v is not None]
    out = []
    for item, name, cols in SECTION2_ROWS:
        values = [str(v) for v in found.get(name, [0] * len(cols))][: len(cols)]
        out.append({"item": item, "name": name, "columns": list(cols), "values": values})
    return out


def write_aggregate_xlsx(agg, target: Path) -> Path:
    """The summed tables in the official layout, a per-unit sheet and the problems found."""
    from openpyxl import load_workbook as _load

    write_report_xlsx(agg.totals, target)
    wb = _load(target)
    ws = wb.create_sheet("分单位")
    keys = ("received", "carried_in", "total", "carried_out")
    head = ["单位", "本年新收", "上年结转", "办结合计", "结转下年度", "予以公开", "部分公开", "行政复议", "行政诉讼"]
    for c, h in enumerate(head, start=1):
        ws.cell(1, c, h).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = 12 if c > 1 else 30
    for r, unit in enumerate(agg.per_unit, start=2):
        values = {k: row["values"][-1] for k, row in zip(ROW_KEYS, unit["section3"]["rows"], strict=True)}
        s4 = unit["section4"]["values"]
        row = [unit["unit"], *(values[k] for k in keys), values["1"], values["2"], s4[4], s4[9] + s4[14]]
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
    ws = wb.create_sheet("问题")
    ws.column_dimensions["A"].width = 100
    ws.cell(1, 1, "汇总时发现的问题").font = Font(bold=True)
    for r, p in enumerate(agg.problems or ["未发现问题。"], start=2):
        ws.cell(r, 1, p)
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))
