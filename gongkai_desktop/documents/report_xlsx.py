"""The annual report's three tables as an .xlsx in the official layout (for upload), and reading such files
back for aggregation by a county/city 政务公开办. The sheet 说明 carries the unit and the year."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeGuard

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from ..core.annual_report import (
    COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
    ROW_KEYS,
    SECTION2_ROWS,
    SECTION2_ROWS_2019,
    SECTION4_COLUMNS,
    Section3,
    report_format,
    row_label,
    section2_rows,
    section3_display_rows,
    section3_display_values,
)
from ..core.errors import DomainError
from .atomic import write_atomically
from .cell_text import put
from .report_layout import (
    SECTION2_WIDTH,
    SECTION3_HEADER_ROWS,
    SECTION3_LABEL_COLUMNS,
    SECTION3_WIDTH,
    SECTION4_HEADER_ROWS,
    SECTION4_WIDTH,
    Cell,
    section2_cells,
    section3_cells,
    section4_cells,
)

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP = 2  # every table sheet: title in row 1, the table from row 2
ALL_SECTION2_NAMES = {n for _, n, _ in SECTION2_ROWS} | {n for _, n, _ in SECTION2_ROWS_2019}


class ReportFileError(DomainError):
    """A report file that cannot be read; the message is Chinese."""


def _draw(ws, cells: list[Cell], top: int) -> None:
    """Cells of report_layout at sheet row `top` (1-based), column A."""
    for cell in cells:
        r, c = top + cell.r, 1 + cell.c
        r2 = top + (cell.r2 if cell.r2 is not None else cell.r)
        c2 = 1 + (cell.c2 if cell.c2 is not None else cell.c)
        if (r2, c2) != (r, c):
            ws.merge_cells(start_row=r, start_column=c, end_row=r2, end_column=c2)
            for rr in range(r, r2 + 1):
                for cc in range(c, c2 + 1):
                    ws.cell(rr, cc).border = BORDER
        target = ws.cell(r, c, cell.value)
        target.border = BORDER
        target.alignment = LEFT if cell.left else CENTER


def _title(ws, text: str, width: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1, text).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = CENTER
    ws.row_dimensions[1].height = 28


def _print_setup(ws, title_rows: str | None = None, landscape: bool = False) -> None:
    """A4, fitted to one page wide, header rows repeated on every printed page, centred."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows


def _fit_rows(ws, cells: list[Cell], top: int, widths: tuple[float, ...]) -> None:
    """Row heights that show wrapped labels whole (LibreOffice and WPS do not grow rows of merged cells)."""
    need: dict[int, int] = {}
    for cell in cells:
        if not isinstance(cell.value, str):
            continue
        c2 = cell.c2 if cell.c2 is not None else cell.c
        rows = 1 + ((cell.r2 if cell.r2 is not None else cell.r) - cell.r)
        width = sum(widths[cell.c:c2 + 1]) - 1
        units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in cell.value)
        lines = -(-units // max(int(width), 1))
        per_row = -(-lines // rows)
        need[top + cell.r] = max(need.get(top + cell.r, 1), per_row)
    for r, lines in need.items():
        ws.row_dimensions[r].height = max(18, 14 * lines + 4)


SECTION3_WIDTHS = (14, 16, 34, 9, 9, 9, 9, 9, 9, 9)


def _section3_sheet(ws, title: str, cells: list[Cell]) -> None:
    _title(ws, title, SECTION3_WIDTH)
    _draw(ws, cells, TOP)
    for c, w in enumerate(SECTION3_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    _fit_rows(ws, cells, TOP, SECTION3_WIDTHS)
    _print_setup(ws, f"{TOP}:{TOP + SECTION3_HEADER_ROWS - 1}")


def write_report_xlsx(data: dict[str, Any], target: Path) -> Path:
    wb = Workbook()
    info = wb.worksheets[0]
    info.title = "说明"
    year = data["year"]
    fmt = data.get("format") or report_format(year)
    for r, (k, v) in enumerate((("单位", data["unit"]), ("年度", year),
                                ("格式", fmt), ("勾稽检查", "通过" if all(
                                    c["ok"] for c in data["checks"] if c.get("group", "勾稽") == "勾稽") else "未通过")),
                               start=1):
        info.cell(r, 1, k).font = Font(bold=True)
        put(info, r, 2, v)  # the unit's name: text, never a formula
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 12, 40
    _print_setup(info)

    ws = wb.create_sheet("表二")
    _title(ws, "二、主动公开政府信息情况", SECTION2_WIDTH)
    rows2 = section2_rows(year) if fmt == report_format(year) else SECTION2_ROWS
    cells2 = section2_cells({row["name"]: row["values"] for row in data["section2"]["rows"]}, rows2)
    _draw(ws, cells2, TOP)
    widths2 = (22, 18, 18, 18)
    for c, w in enumerate(widths2, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    _fit_rows(ws, cells2, TOP, widths2)
    _print_setup(ws)

    values = {k: r["values"] for k, r in zip(ROW_KEYS, data["section3"]["rows"], strict=True)}
    _section3_sheet(wb.create_sheet("表三"), "三、收到和处理政府信息公开申请情况",
                    section3_cells(section3_display_values(year, values), section3_display_rows(year)))

    ws = wb.create_sheet("表四")
    _title(ws, "四、政府信息公开行政复议、行政诉讼情况", SECTION4_WIDTH)
    _draw(ws, section4_cells(data["section4"]["values"]), TOP)
    for c in range(1, SECTION4_WIDTH + 1):
        ws.column_dimensions[get_column_letter(c)].width = 9
    _print_setup(ws, f"{TOP}:{TOP + SECTION4_HEADER_ROWS - 1}", landscape=True)
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))


def write_period_xlsx(s3: Section3, unit: str, target: Path) -> Path:
    """表三 of a quarter or any date range, in the annual layout (本期/上期 labels), for quarterly reporting."""
    start, end = s3.period or (f"{s3.year}-01-01", f"{s3.year}-12-31")
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "表三"

    def cn(day: str) -> str:
        y, m, d = (int(x) for x in day.split("-"))
        return f"{y}年{m}月{d}日"

    _section3_sheet(ws, f"{unit + '　' if unit else ''}收到和处理政府信息公开申请情况（{cn(start)}至{cn(end)}）",
                    section3_cells(s3.values, period=s3.period is not None))
    ws.row_dimensions[1].height = 36
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))


def _labels_match(ws, rows: tuple[tuple[str, str, str, str], ...]) -> list[str]:
    """The 表三 rows whose printed label differs from `rows` (the format's display rows); [] when all match."""
    def norm(v: Any) -> str:
        return "".join(str(v or "").split()).replace("，", "、")

    h = SECTION3_HEADER_ROWS
    wrong = []
    for i, (_key, level1, level2, level3) in enumerate(rows):
        column, label = (2, level3) if level3 else (1, level2) if level2 else (0, level1)
        if norm(ws.cell(TOP + h + i, 1 + column).value) != norm(label):
            wrong.append(label)
    return wrong


def _section3_format(ws, stated: Any, name: str, year: int) -> str:
    """Which layout a unit's 表三 is in — the 2021 format or the 2019 试行 format (one （六）其他处理 row) —
    decided from the printed row labels; the 说明 sheet's 格式 row is the fallback for the message."""
    for fmt, rows in ((FORMAT_2021, section3_display_rows(2021)), (FORMAT_2019, section3_display_rows(2019))):
        if not _labels_match(ws, rows):
            if fmt == FORMAT_2019 and report_format(year) != FORMAT_2019:
                raise ReportFileError(
                    f"{name} 是{year}年年报，表三却是2019年试行格式（{FORMAT_2019}，“（六）其他处理”不分项）；"
                    f"{year}年应使用{FORMAT_2021}格式，无法拆分“（六）其他处理”，未计入汇总。请该单位按新格式重新导出。")
            return fmt
    expected = FORMAT_2019 if "2019" in str(stated or "") else FORMAT_2021
    wrong = _labels_match(ws, section3_display_rows(2019 if expected == FORMAT_2019 else 2021))
    raise ReportFileError(f"{name} 表三的行与官方格式（{FORMAT_2021}或{FORMAT_2019}）都不一致"
                          f"（例如“{wrong[0]}”一行），无法按行读取，未计入汇总（请使用本程序导出的年报 Excel 文件）。")


def read_report_xlsx(path: Path) -> dict[str, Any]:
    """A unit's report file written by write_report_xlsx → the JSON shape of `gongkai report --json`.

    Both layouts are read: the 2021 format and the 2019 试行 format of 2019/2020 reports (found from the row
    labels). The 2019 format's single （六）其他处理 row is held as （六）3（其他） so the row keys stay those of
    ROW_KEYS; a 2019/2020 report prints （六） as one row again (section3_display_values). A 2021-or-later report
    in the 2019 layout is refused: its （六） cannot be split into the three rows the year needs."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - not an Excel file, damaged, encrypted
        raise ReportFileError(f"{path.name} 不是可读取的 Excel 文件：{exc}") from exc
    try:
        missing = [s for s in ("说明", "表二", "表三", "表四") if s not in wb.sheetnames]
        if missing:
            raise ReportFileError(f"{path.name} 缺少工作表：{'、'.join(missing)}（请使用本程序导出的年报 Excel 文件）。")
        info = {row[0]: row[1] for row in wb["说明"].iter_rows(min_row=1, max_row=4, max_col=2, values_only=True)}
        year = info.get("年度")
        if not isinstance(year, int) or isinstance(year, bool):
            raise ReportFileError(f"{path.name} 的“说明”页没有年度。")
        s3 = wb["表三"]
        fmt = _section3_format(s3, info.get("格式"), path.name, year)
        display = section3_display_rows(2019 if fmt == FORMAT_2019 else 2021)
        printed: dict[str, list[Any]] = {}
        for i, (key, *_labels) in enumerate(display):
            printed[key] = [s3.cell(TOP + SECTION3_HEADER_ROWS + i, 1 + SECTION3_LABEL_COLUMNS + c).value
                            for c in range(len(COLUMNS))]
        if fmt == FORMAT_2019:
            printed["6.1"], printed["6.2"], printed["6.3"] = [0] * len(COLUMNS), [0] * len(COLUMNS), printed.pop("6")
        rows = []
        for key in ROW_KEYS:
            values = printed[key]
            if any(not isinstance(v, int) or isinstance(v, bool) for v in values):
                raise ReportFileError(f"{path.name} 表三“{row_label(key)}”一行的数据不是整数。")
            rows.append({"label": row_label(key), "values": values})
        s4 = [wb["表四"].cell(TOP + SECTION4_HEADER_ROWS, 1 + i).value for i in range(SECTION4_WIDTH)]
        if any(not isinstance(v, int) for v in s4):
            raise ReportFileError(f"{path.name} 表四的数据不是整数。")
        s2_rows = _read_section2(wb["表二"], year, path.name)
    finally:
        wb.close()
    return {"year": year, "unit": str(info.get("单位") or path.stem), "format": report_format(year),
            "section2": {"rows": s2_rows},
            "section3": {"columns": list(COLUMNS), "rows": rows},
            "section4": {"columns": list(SECTION4_COLUMNS), "values": s4}, "checks": []}


def read_report_file(path: Path) -> dict[str, Any]:
    """A unit's report: the .xlsx written by write_report_xlsx, or the JSON of `gongkai report --json`."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise ReportFileError(f"{path.name} 无法读取：{exc}") from exc
        if not isinstance(data, dict) or not {"year", "unit", "section3", "section4"} <= set(data):
            raise ReportFileError(f"{path.name} 不是年报 JSON（缺少 year、unit、section3 或 section4）。")
        return _checked_report_json(data, path.name)
    return read_report_xlsx(path)


def _count(v: Any) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _number(v: Any) -> bool:
    if _count(v) or (isinstance(v, float) and v >= 0):
        return True
    try:
        return isinstance(v, str) and float(v) >= 0
    except ValueError:
        return False


def _change(v: Any) -> bool:
    """The 2019 format's 本年增/减: 增N, 减N or a signed whole number."""
    import re

    return isinstance(v, (str, int)) and not isinstance(v, bool) and re.fullmatch(r"[增减]?\d+|[+-]?\d+",
                                                                                str(v).strip()) is not None


def _checked_report_json(data: dict[str, Any], name: str) -> dict[str, Any]:
    """A unit's report JSON held to the shape `gongkai report --json` writes, so that one wrongly shaped
    file is named and left out while the other units are still summed."""
    def bad(where: str) -> ReportFileError:
        return ReportFileError(f"{name} 的{where}格式不对（请使用本程序“gongkai report --json”导出的文件），未计入汇总。")

    year, unit = data.get("year"), data.get("unit")
    if not _count(year) or not 1990 <= year <= 2100:
        raise bad("年度（year）")
    if not isinstance(unit, str) or not unit.strip():
        raise bad("单位名称（unit）")
    s3 = data.get("section3")
    rows = s3.get("rows") if isinstance(s3, dict) else None
    if not isinstance(rows, list) or len(rows) != len(ROW_KEYS):
        raise bad(f"表三（section3.rows 应为{len(ROW_KEYS)}行）")
    for i, row in enumerate(rows):
        values = row.get("values") if isinstance(row, dict) else None
        if not isinstance(values, list) or len(values) != len(COLUMNS) or not all(map(_count, values)):
            raise bad(f"表三第{i + 1}行（应为{len(COLUMNS)}个非负整数）")
    s4 = data.get("section4")
    values4 = s4.get("values") if isinstance(s4, dict) else None
    if not isinstance(values4, list) or len(values4) != len(SECTION4_COLUMNS) or not all(map(_count, values4)):
        raise bad(f"表四（section4.values 应为{len(SECTION4_COLUMNS)}个非负整数）")
    s2 = data.get("section2")
    year_rows = section2_rows(year)  # the 2019 试行 format (eight rows) for 2019 and 2020
    if s2 is None:  # older files: 表二 not given → zeros
        s2_rows: list[Any] | None = [{"item": item, "name": n, "columns": list(cols), "values": ["0"] * len(cols)}
                                     for item, n, cols in year_rows]
    else:
        s2_rows = s2.get("rows") if isinstance(s2, dict) else None
        if not isinstance(s2_rows, list) or len(s2_rows) != len(year_rows):
            raise bad(f"表二（section2.rows 应为{len(year_rows)}行）")
        for (_item, n, cols), row in zip(year_rows, s2_rows, strict=True):
            values = row.get("values") if isinstance(row, dict) else None
            if not isinstance(values, list) or len(values) != len(cols) or not all(
                    _change(v) if "增/减" in col else _number(v) for col, v in zip(cols, values, strict=True)):
                raise bad(f"表二“{n}”一行")
    return {**data, "unit": unit.strip(), "section2": {"rows": s2_rows}}


def read_report_files(paths: list[Path]) -> tuple[list[dict[str, Any]], list[str]]:
    """Every readable report, and a Chinese line for each file that is not."""
    reports, problems = [], []
    for path in paths:
        try:
            reports.append(read_report_file(path))
        except ReportFileError as exc:
            problems.append(str(exc))
    return reports, problems


def _read_section2(ws, year: int, name: str) -> list[dict[str, Any]]:
    """表二 in the rows of the year's format (the 2019 试行 format for 2019 and 2020: eight rows)."""
    rows = section2_rows(year)
    found: dict[str, list[Any]] = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        label = row[0]
        if isinstance(label, str) and label.strip() in ALL_SECTION2_NAMES:
            found[label.strip()] = [v for v in row[1:4] if v is not None]
    other = [n for n in found if n not in {n for _, n, _ in rows}]
    if other:
        raise ReportFileError(f"{name} 是{year}年年报，表二却有“{'、'.join(other)}”一行，不是{report_format(year)}"
                              f"格式的表二，无法汇总，未计入汇总。")
    out = []
    for item, row_name, cols in rows:
        values = [str(v) for v in found.get(row_name, [0] * len(cols))][: len(cols)]
        out.append({"item": item, "name": row_name, "columns": list(cols), "values": values})
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
            put(ws, r, c, v)
    ws = wb.create_sheet("问题")
    ws.column_dimensions["A"].width = 100
    ws.cell(1, 1, "汇总时发现的问题").font = Font(bold=True)
    for r, p in enumerate(agg.problems or ["未发现问题。"], start=2):
        put(ws, r, 1, p)
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))
