"""督办 documents of the 工作要点 (domain.md §8.8), all laid out per GB/T 9704 with documents/gbt9704.py:

- the 督办/催办通知 to a unit behind schedule: an editable template (resources/templates/supervision-notice.docx,
  built by `python -m gongkai_desktop.documents.supervision_docs`), filled with docxtpl through
  documents/letter_docx.render_letter like the reply letters;
- the 通报 of a feedback period (.docx, and the same table as .xlsx);
- a unit's 本机关工作要点 draft from the tasks that name it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .atomic import write_atomically
from .gbt9704 import add, new_document
from .letter_docx import TemplateProblem, render_letter, template_fields

NOTICE_SLUG = "supervision-notice"
NOTICE_NAME = "督办通知"
NOTICE_FIELDS: dict[str, str] = {
    "organ_name": "机关名称", "office_name": "政府信息公开工作机构", "doc_number": "文号", "unit": "被督办单位",
    "year": "工作要点年度", "plan_reference": "工作要点名称及文号", "as_of_date": "截至日期", "tasks": "逾期任务清单",
    "task_count": "逾期任务数", "missing_periods": "未报送的期次", "missing_due": "报送截止日期",
    "reply_by": "整改报送期限", "contact": "联系人", "contact_phone": "联系电话", "issued_date": "成文日期",
}
NOTICE_REQUIRED = {"doc_number", "unit", "issued_date", "organ_name", "tasks"}

NOTICE_PARAGRAPHS: list[tuple[str, str]] = [
    ("title", "关于督促落实{{ year }}年政务公开工作要点有关任务的通知"),
    ("blank", ""),
    ("docno", "{{ doc_number }}"),
    ("blank", ""),
    ("addressee", "{{ unit }}："),
    ("body", "根据{{ plan_reference }}的任务分工和落实情况报送要求，现将贵单位落实滞后的事项通知如下。"),
    ("body", "{%p if tasks %}"),
    ("body", "截至{{ as_of_date }}，贵单位承担的下列{{ task_count }}项任务已超过完成时限，尚未完成："),
    ("body", "{%p for t in tasks %}"),
    ("body", "{{ loop.index }}.{{ t }}"),
    ("body", "{%p endfor %}"),
    ("body", "{%p endif %}"),
    ("body", "{%p if missing_periods %}"),
    ("body", "贵单位尚未报送{{ missing_periods }}落实情况反馈表（报送截止日期：{{ missing_due }}）。"),
    ("body", "{%p endif %}"),
    ("body", "请贵单位高度重视，逐项明确责任人和整改措施，于{{ reply_by }}前完成整改，并将落实情况反馈表和佐证材料报送"
             "{{ office_name }}；确因客观原因不能按期完成的，请书面说明原因和计划完成时间。逾期仍未落实的，将按有关规定予以通报。"),
    ("body", "联系人：{{ contact }}；联系电话：{{ contact_phone }}。"),
    ("blank", ""),
    ("blank", ""),
    ("signature", "{{ organ_name }}"),
    ("date", "{{ issued_date }}"),
]


def build_notice_template(target: Path) -> Path:
    doc = new_document()
    for i, (kind, text) in enumerate(NOTICE_PARAGRAPHS):
        paragraph = add(doc, kind, text)
        if i >= len(NOTICE_PARAGRAPHS) - 5 and kind != "date":
            paragraph.paragraph_format.keep_with_next = True
    doc.core_properties.title = NOTICE_NAME
    doc.core_properties.author = "政务公开台账"
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


def check_notice_template(path: Path) -> list[str]:
    """Chinese descriptions of what is wrong with a (possibly edited) notice template; empty when usable."""
    try:
        found = template_fields(path)
    except TemplateProblem as exc:
        return [str(exc)]
    problems = []
    unknown = sorted(found - set(NOTICE_FIELDS) - {"loop", "t"})
    if unknown:
        problems.append("模板中有无法识别的占位符（可能拼写有误）：" + "、".join("{{ " + u + " }}" for u in unknown))
    missing = sorted(NOTICE_REQUIRED - found)
    if missing:
        problems.append("模板缺少必需的占位符：" + "、".join(f"{{{{ {m} }}}}（{NOTICE_FIELDS[m]}）" for m in missing))
    return problems


def render_notice(template: Path, context: dict[str, Any], target: Path) -> Path:
    problems = check_notice_template(template)
    if problems:
        raise TemplateProblem("；".join(problems))
    return render_letter(template, context, target)


# --- 通报 -------------------------------------------------------------------------------------------------
BULLETIN_COLUMNS = ("序号", "单位", "承担任务", "已完成", "推进中", "逾期未完成", "反馈表报送")


def write_bulletin_docx(target: Path, *, title: str, addressee: str, paragraphs: list[str],
                        rows: list[list[str]], closing: list[str], organ: str, issued: str) -> Path:
    from .report_docx import WIDTH_MM, _keep_together, _table

    doc = new_document()
    add(doc, "title", title)
    add(doc, "blank")
    add(doc, "addressee", addressee)
    for text in paragraphs:
        add(doc, "heading1" if text[:2] in ("一、", "二、", "三、", "四、") else "body", text)
    widths = [0.07, 0.3, 0.12, 0.1, 0.1, 0.13, 0.18]
    table = _table(doc, len(rows) + 1, [WIDTH_MM * w for w in widths])
    for c, name in enumerate(BULLETIN_COLUMNS):
        table.cell(0, c).paragraphs[0].text = name
        table.cell(0, c).paragraphs[0].runs[0].font.bold = True
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            table.cell(r, c).paragraphs[0].text = str(value)
    _keep_together(table, header_rows=1)
    for text in closing:
        add(doc, "heading1" if text[:2] in ("一、", "二、", "三、", "四、") else "body", text)
    add(doc, "blank")
    add(doc, "blank")
    add(doc, "signature", organ).paragraph_format.keep_with_next = True
    add(doc, "date", issued)
    doc.core_properties.title = title
    return write_atomically(target, lambda tmp: doc.save(str(tmp)))


def write_bulletin_xlsx(target: Path, *, title: str, summary: str, rows: list[list[str]],
                        details: list[list[str]]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .feedback_xlsx import _print_ready

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "通报"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([summary])
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(BULLETIN_COLUMNS))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(BULLETIN_COLUMNS))
    ws.row_dimensions[2].height = 60
    ws.append(list(BULLETIN_COLUMNS))
    for c in range(1, len(BULLETIN_COLUMNS) + 1):
        ws.cell(3, c).font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col, width in zip("ABCDEFG", (6, 30, 10, 8, 8, 12, 18), strict=True):
        ws.column_dimensions[col].width = width
    _print_ready(ws, 3)
    d = wb.create_sheet("逾期任务明细")
    d.append(["单位", "序号", "工作任务", "完成时限", "状态", "落实情况"])
    for c in range(1, 7):
        d.cell(1, c).font = Font(bold=True)
    for row in details:
        d.append(row)
        for c in range(1, 7):
            d.cell(d.max_row, c).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEF", (22, 10, 40, 14, 10, 40), strict=True):
        d.column_dimensions[col].width = width
    _print_ready(d, 1)
    return write_atomically(target, lambda tmp: wb.save(str(tmp)))


# --- 本机关工作要点 draft ----------------------------------------------------------------------------------
def write_own_plan_docx(target: Path, *, unit: str, year: int, intro: str,
                        sections: list[tuple[str, list[str]]], organ_line: str, date_line: str) -> Path:
    """A draft of the unit's own plan: one heading per section of the higher plan, the unit's tasks below it."""
    cn = "一二三四五六七八九十"
    doc = new_document()
    add(doc, "title", f"{unit}{year}年政务公开工作要点")
    add(doc, "title", "（征求意见稿）")
    add(doc, "blank")
    add(doc, "body", intro)
    for i, (heading, items) in enumerate(sections):
        number = cn[i] if i < 10 else f"十{cn[i - 10]}" if i < 20 else str(i + 1)
        add(doc, "heading1", f"{number}、{heading}")
        for j, text in enumerate(items):
            sub = cn[j] if j < 10 else f"十{cn[j - 10]}" if j < 20 else str(j + 1)
            add(doc, "body", f"（{sub}）{text}")
    add(doc, "blank")
    add(doc, "blank")
    add(doc, "signature", organ_line).paragraph_format.keep_with_next = True
    add(doc, "date", date_line)
    doc.core_properties.title = f"{unit}{year}年政务公开工作要点（征求意见稿）"
    return write_atomically(target, lambda tmp: doc.save(str(tmp)))


if __name__ == "__main__":  # pragma: no cover - build step
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "resources" / "templates"
    print(build_notice_template(out / f"{NOTICE_SLUG}.docx"))
