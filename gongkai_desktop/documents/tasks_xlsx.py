"""The 工作要点 台账 as .xlsx in the layout offices use (序号, 工作任务, 具体要求, 牵头单位, 责任单位, 完成时限,
进展情况, 完成状态, 佐证材料), plus the year-end 落实情况 sheet (counts and the drafted text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .atomic import write_atomically
from .cell_text import as_text, xml_safe

COLUMNS = (("序号", 8), ("工作任务", 30), ("具体要求", 60), ("牵头单位", 18), ("责任单位", 28), ("完成时限", 14),
           ("进展情况", 40), ("完成状态", 10), ("佐证材料", 24), ("回头看", 16))


def write_tasks_xlsx(year: int, tasks: list[dict[str, Any]], evidence: dict[int, str], summary: str,
                     counts: dict[str, int], target: Path) -> Path:
    wb = Workbook()
    ws = wb.active
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
        section = not t.get("parent_id") and t.get("n_children")
        values = [t["code"] or "", t["title"], t.get("text") or "", "、".join(t["lead_units"]),
                  "、".join(t["responsible_units"]), timing,
                  "" if section else (f"{t['last_day']}：{t['last_progress']}" if t.get("last_progress") else ""),
                  "" if section else t["state"], "" if section else evidence.get(t["id"], ""), review]
        ws.append([xml_safe(v) if isinstance(v, str) else v for v in values])
        row = ws.max_row
        for c in range(1, len(COLUMNS) + 1):
            as_text(ws.cell(row, c)).alignment = wrap
        if section:
            for c in range(1, len(COLUMNS) + 1):
                ws.cell(row, c).font = Font(bold=True)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{ws.max_row}"
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
