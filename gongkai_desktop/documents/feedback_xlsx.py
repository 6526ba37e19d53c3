"""落实情况反馈表: one .xlsx per 责任单位 listing the work items that name it, with empty columns for the unit to
fill (完成状态, 落实情况, 佐证材料, 报送日期), and reading the filled file back.

The key columns are locked (sheet protection without a password, so a unit can still unprotect it in an
emergency) and two hidden columns carry the row's key (task × unit id) and unit name; a hidden sheet carries
the file's year, 期次 and unit. Reading never trusts the visible text: rows are matched by the hidden keys and
checked against the ledger by the caller."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.errors import DomainError
from ..core.ledger_import import DateError, parse_date
from .atomic import write_atomically

MARK = "gongkai-feedback"
META_SHEET = "_反馈表信息"
STATES = ("未启动", "推进中", "已完成", "持续推进", "未完成", "不适用")
# (header, width, filled by the unit)
COLUMNS = (("序号", 9, False), ("工作任务", 28, False), ("具体要求", 46, False), ("完成时限", 14, False),
           ("本单位职责", 10, False), ("完成状态", 11, True), ("落实情况", 46, True), ("佐证材料", 24, True),
           ("报送日期", 13, True), ("任务编码", 10, False), ("单位", 10, False))
KEY_COL, UNIT_COL = 10, 11  # hidden
HEADER_ROW = 3


class FeedbackReadError(DomainError):
    """The file is not a readable 反馈表; the message is Chinese."""


@dataclass
class FeedbackRow:
    line: int
    task_unit_id: int
    unit: str
    code: str
    title: str
    state: str
    progress: str
    evidence: str
    day: str


@dataclass
class FeedbackFile:
    path: Path
    year: int
    period: str
    unit: str
    rows: list[FeedbackRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def safe_file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "", text) or "单位"


def write_feedback_xlsx(target: Path, *, unit: str, year: int, period: str, due: date, organ: str,
                        rows: list[dict[str, Any]]) -> Path:
    """`rows` come from TaskUnitsRepo.for_unit (task fields plus the unit's u_* fields)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "反馈表"
    last = get_column_letter(len(COLUMNS) - 2)
    ws.append([f"{period}政务公开工作要点落实情况反馈表"])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 28
    ws.append([f"填报单位：{unit}　　报送截止：{due.year}年{due.month}月{due.day}日　　"
               f"请在白色格中填写完成状态、落实情况、佐证材料和报送日期，不要增删行，填好后报{organ or '政务公开办'}。"])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[2].height = 32
    ws.append([name for name, _, _ in COLUMNS])
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for i, (_, width, _) in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        timing = "、".join(r["deadlines"] + r["recurring"])
        closed = bool(r.get("u_closed_on"))
        ws.append([r["code"] or "", r["title"], r.get("text") or "", timing, r["u_role"],
                   "已完成" if closed else "", "", "", None, r["u_id"], unit])
        n = ws.max_row
        for c, (_, _, filled) in enumerate(COLUMNS, start=1):
            cell = ws.cell(n, c)
            cell.alignment = wrap
            cell.border = border
            if filled and not closed:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = grey
        ws.cell(n, 9).number_format = "yyyy-mm-dd"
        if closed:
            ws.cell(n, 7).value = f"已于{r['u_closed_on']}销号"
    status = DataValidation(type="list", formula1='"' + ",".join(STATES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="完成状态", error="请从列表中选择完成状态。")
    status.add(f"F{HEADER_ROW + 1}:F{max(ws.max_row, HEADER_ROW + 1)}")
    ws.add_data_validation(status)
    day = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
                         allow_blank=True, showErrorMessage=True, errorTitle="报送日期", error="请填写日期，如 2026-10-08。")
    day.add(f"I{HEADER_ROW + 1}:I{max(ws.max_row, HEADER_ROW + 1)}")
    ws.add_data_validation(day)
    for col in (KEY_COL, UNIT_COL):
        ws.column_dimensions[get_column_letter(col)].hidden = True
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.formatCells = False
    _print_ready(ws, HEADER_ROW)
    meta = wb.create_sheet(META_SHEET)
    for key, value in (("mark", MARK), ("version", 1), ("year", year), ("period", period), ("unit", unit),
                       ("due", due.isoformat()), ("rows", len(rows))):
        meta.append([key, value])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))


def _print_ready(ws: Any, header_row: int) -> None:
    """A4 landscape, fitted to the page width, the header row repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_feedback_xlsx(path: Path) -> FeedbackFile:
    """Read a filled 反馈表. Raises FeedbackReadError for a file that is not one; row problems are listed."""
    from openpyxl import load_workbook

    if not path.is_file():
        raise FeedbackReadError(f"找不到文件：{path}")
    if path.suffix.lower() != ".xlsx":
        raise FeedbackReadError(f"{path.name} 不是 .xlsx 文件。反馈表请保存为 Excel 工作簿（.xlsx）。")
    try:
        wb = load_workbook(str(path), data_only=True)
    except Exception as exc:  # noqa: BLE001 - damaged or foreign files
        raise FeedbackReadError(f"无法读取 {path.name}：文件可能已损坏（{type(exc).__name__}）。") from exc
    if META_SHEET not in wb.sheetnames:
        raise FeedbackReadError(f"{path.name} 不是本程序导出的落实情况反馈表（缺少反馈表信息），请使用导出的反馈表填写。")
    meta: dict[str, Any] = {_text(r[0]): r[1] for r in wb[META_SHEET].iter_rows(values_only=True) if r and r[0]}
    if meta.get("mark") != MARK:
        raise FeedbackReadError(f"{path.name} 不是本程序导出的落实情况反馈表。")
    try:
        year = int(meta["year"])
    except (KeyError, TypeError, ValueError):
        raise FeedbackReadError(f"{path.name} 的反馈表信息已损坏（年度）。") from None
    result = FeedbackFile(path, year, _text(meta.get("period")), _text(meta.get("unit")))
    ws = wb["反馈表"] if "反馈表" in wb.sheetnames else wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = next((i for i, r in enumerate(rows[:10]) if r and "完成状态" in [_text(c) for c in r]), None)
    if header is None:
        raise FeedbackReadError(f"{path.name} 中找不到“完成状态”列。")
    names = [_text(c) for c in rows[header]]
    col = {name: names.index(name) for name, _, _ in COLUMNS if name in names}
    missing = [name for name, _, _ in COLUMNS if name not in col]
    if missing:
        raise FeedbackReadError(f"{path.name} 缺少以下列：{'、'.join(missing)}（请不要删除或改名反馈表的列）。")
    for line, r in enumerate(rows[header + 1:], start=header + 2):
        def get(name: str, r: tuple = r) -> Any:
            i = col[name]
            return r[i] if i < len(r) else None

        key = _text(get("任务编码"))
        if not key:
            if any(_text(c) for c in r):
                result.problems.append(f"第{line}行没有任务编码（可能是新增的行），请不要在反馈表中增加行。")
            continue
        if not key.isdigit():
            result.problems.append(f"第{line}行的任务编码“{key}”已被改动，无法对应任务。")
            continue
        state, progress, evidence = _text(get("完成状态")), _text(get("落实情况")), _text(get("佐证材料"))
        if progress.startswith("已于") and progress.endswith("销号"):
            continue  # a row closed before export; nothing to report
        raw_day = get("报送日期")
        day = ""
        if raw_day not in (None, ""):
            try:
                parsed = parse_date(raw_day.date() if isinstance(raw_day, datetime) else raw_day)
                day = parsed.isoformat() if parsed else ""
            except DateError as exc:
                result.problems.append(f"第{line}行报送日期“{raw_day}”无法识别：{exc}")
                continue
        if not state and not progress and not evidence:
            continue  # not filled
        if not state:
            result.problems.append(f"第{line}行“{_text(get('工作任务'))}”填写了落实情况但没有选择完成状态。")
            continue
        result.rows.append(FeedbackRow(line, int(key), _text(get("单位")), _text(get("序号")),
                                       _text(get("工作任务")), state, progress, evidence, day))
    return result
