"""The audit log (操作日志) as .xlsx: who changed what and when, with before and after values."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .atomic import write_atomically
from .cell_text import write_only_row

COLUMNS = (("时间", 20), ("系统用户", 12), ("经办人", 10), ("操作", 18), ("对象", 12), ("编号", 14), ("修改前", 50),
           ("修改后", 50), ("说明", 20))
ENTITIES = {"application": "申请", "applicant": "申请人", "task": "工作要点", "tasks": "工作要点", "settings": "设置",
            "calendar": "日历", "report": "年度报告", "review": "复议诉讼", "ledger": "台账"}


def write_audit_xlsx(entries: Iterable[dict[str, Any]], target: Path) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("操作日志")
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.append([name for name, _ in COLUMNS])
    for e in entries:
        ws.append(write_only_row(ws, [e["at"], e["os_user"], e["operator"], e["action"],
                                      ENTITIES.get(e["entity"], e["entity"]), e["entity_id"], e["before"], e["after"],
                                      e["note"]]))
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))



