"""The 工作要点 台账 as .xlsx in the layout offices use (序号, 工作任务, 具体要求, 牵头单位, 责任单位, 完成时限,
进展情况, 完成状态, 佐证材料), plus the year-end 落实情况 sheet (counts and the drafted text). Rows keep the
document's order (each heading followed by its tasks); the sheet prints on A4 landscape, fitted to the page
width, with the header row repeated and the text wrapped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .atomic import write_atomically
from .cell_text import as_text, xml_safe
from .feedback_xlsx import _print_ready

COLUMNS = (("序号", 8), ("工作任务", 26), ("具体要求", 50), ("牵头单位", 16), ("责任单位", 22), ("完成时限", 13),
           ("进展情况", 36), ("完成状态", 9), ("佐证材料", 20), ("回头看", 14), ("各单位落实情况", 30))


def write_tasks_xlsx(year: int, tasks: list[dict[str, Any]], evidence: dict[int, str], summary: str,
                     counts: dict[str, int], target: Path,
                     units: dict[int, list[dict[str, Any]]] | None = None) -> Path:
    """`tasks` in document order (TasksRepo.list); `units` the task × unit rows by task id (optional)."""
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = f"{year}年工作要点台账"
    ws.append([f"{year}年政务公开工作要点落实台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([name for name, _ in COLUMNS])
    for i, (_, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(2, i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for t in tasks:
        timing = "、".join(t["deadlines"] + t["recurring"])
        review = f"{t['review_result']}（{t['review_day']}）" if t.get("review_result") else ""
        section = bool(t.get("n_children"))
        values = [t["code"] or "", t["title"], t.get("text") or "", "、".join(t["lead_units"]),
                  "、".join(t["responsible_units"]), timing,
                  "" if section else (f"{t['last_day']}：{t['last_progress']}" if t.get("last_progress") else ""),
                  "" if section else t["state"], "" if section else evidence.get(t["id"], ""), review,
                  "" if section else _units_text((units or {}).get(t["id"], []))]
        ws.append([xml_safe(v) if isinstance(v, str) else v for v in values])
        row = ws.max_row
        for c in range(1, len(COLUMNS) + 1):
            as_text(ws.cell(row, c)).alignment = wrap
        if section:
            for c in range(1, len(COLUMNS) + 1):
                ws.cell(row, c).font = Font(bold=True)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{ws.max_row}"
    _print_ready(ws, 2)
    s = wb.create_sheet("落实情况")
    s.append([f"{year}年政务公开工作要点落实情况"])
    s["A1"].font = Font(bold=True, size=14)
    s.append(["完成状态", "项数"])
    for state, n in counts.items():
        s.append([state, n])
    s.append([])
    s.append([xml_safe(summary)])
    s.column_dimensions["A"].width = 100
    s.cell(s.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))


def _units_text(rows: list[dict[str, Any]]) -> str:
    """县财政局：已完成（已销号）；县教育局：推进中（10月8日报送）."""
    parts = []
    for u in rows:
        note = "已销号" if u.get("closed_on") else (f"{u['reported_on']}报送" if u.get("reported_on") else "")
        parts.append(f"{u['unit']}：{u['state']}" + (f"（{note}）" if note else ""))
    return "；".join(parts)
