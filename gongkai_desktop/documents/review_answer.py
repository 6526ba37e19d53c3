"""The default templates of the agency's answer in a 行政复议 (复议答复书) or a 行政诉讼 (行政诉讼答辩状), with its
证据目录 (序号、证据名称、来源、页数、证明内容), and the builder that writes them into resources/templates/
(`python -m gongkai_desktop.documents.review_answer`).

They are GB/T 9704 pages (documents/gbt9704.py) with Jinja placeholders an officer may copy and edit like the
letter templates: the facts, the legal basis and the evidence rows are loops (`{%p for f in facts %}`,
`{%tr for e in evidence %}`). A test checks the shipped files against this builder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm

from .gbt9704 import add, new_document
from .letter_docx import TemplateProblem, render_letter, template_fields

ANSWER_TEMPLATES = {"复议": "review-answer", "诉讼": "suit-answer"}
ANSWER_NAMES = {"复议": "行政复议答复书", "诉讼": "行政诉讼答辩状"}
ANSWER_FIELDS = {
    "organ_name": "答复（答辩）机关", "applicant": "申请人（原告）", "review_organ": "复议机关（人民法院）",
    "app_no": "申请编号", "copy_received_date": "收到副本日期", "received_date": "收到政府信息公开申请日期",
    "content": "申请内容", "facts": "案件事实（逐条）", "basis": "法律依据（逐条）", "opinion": "答复意见",
    "evidence": "证据目录", "made_date": "制作日期", "due_date": "答复（答辩）期限", "case_no": "案号",
}
EVIDENCE_WIDTHS = (Mm(12), Mm(50), Mm(30), Mm(14), Mm(50))  # 156 mm


def build(review_type: str, target: Path) -> None:
    doc = new_document()
    name = ANSWER_NAMES[review_type]
    add(doc, "title", name)
    add(doc, "docno", "案号：{{ case_no }}")
    if review_type == "复议":
        add(doc, "body", "被申请人：{{ organ_name }}")
        add(doc, "body", "申请人：{{ applicant }}")
        add(doc, "addressee", "{{ review_organ }}：")
        add(doc, "body", "本机关于{{ copy_received_date }}收到行政复议申请书副本。申请人{{ applicant }}不服本机关对其"
                         "政府信息公开申请（申请编号{{ app_no }}）的处理，申请行政复议。现根据《中华人民共和国行政复议法》"
                         "第四十八条的规定，在{{ due_date }}前提出书面答复如下：")
    else:
        add(doc, "body", "答辩人（被告）：{{ organ_name }}")
        add(doc, "body", "原告：{{ applicant }}")
        add(doc, "addressee", "{{ review_organ }}：")
        add(doc, "body", "答辩人于{{ copy_received_date }}收到起诉状副本。原告{{ applicant }}不服答辩人对其政府信息公开"
                         "申请（申请编号{{ app_no }}）的处理，提起行政诉讼。现根据《中华人民共和国行政诉讼法》第六十七条的"
                         "规定，在{{ due_date }}前提交答辩状如下：")
    add(doc, "heading1", "一、案件事实")
    add(doc, "body", "{{ received_date }}，本机关收到申请人提出的政府信息公开申请，申请内容为：{{ content }}。")
    add(doc, "body", "{%p for f in facts %}")
    add(doc, "body", "{{ f }}")
    add(doc, "body", "{%p endfor %}")
    add(doc, "heading1", "二、法律依据")
    add(doc, "body", "{%p for b in basis %}")
    add(doc, "body", "{{ b }}")
    add(doc, "body", "{%p endfor %}")
    add(doc, "heading1", "三、答复意见" if review_type == "复议" else "三、答辩意见")
    closing = [add(doc, "body", "{{ opinion }}"), add(doc, "attachment", "附件：证据目录"), add(doc, "blank"),
               add(doc, "signature", "\t{{ organ_name }}")]
    add(doc, "date", "\t{{ made_date }}")
    for p in closing:  # GB/T 9704 7.3.5: the signature and date never stand alone on a page
        p.paragraph_format.keep_with_next = True
    add(doc, "blank").add_run().add_break(WD_BREAK.PAGE)
    add(doc, "title", "证据目录")
    table = doc.add_table(rows=4, cols=5)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head = ("序号", "证据名称", "来源", "页数", "证明内容")
    cells = ("{{ e.no }}", "{{ e.name }}", "{{ e.source }}", "{{ e.pages }}", "{{ e.proves }}")
    for r, texts in enumerate((head, ("{%tr for e in evidence %}", "", "", "", ""), cells,
                               ("{%tr endfor %}", "", "", "", ""))):
        for c, width in enumerate(EVIDENCE_WIDTHS):
            cell = table.rows[r].cells[c]
            cell.width = width
            p = cell.paragraphs[0]
            p.style = doc.styles["表格文字"]
            p.text = texts[c]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 or c in (0, 3) else WD_ALIGN_PARAGRAPH.LEFT
    for c, width in enumerate(EVIDENCE_WIDTHS):  # Word and LibreOffice read the grid columns
        table.columns[c].width = width
    doc.core_properties.title = name
    doc.core_properties.author = "政务公开台账"
    doc.save(str(target))


def build_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for review_type, slug in ANSWER_TEMPLATES.items():
        path = folder / f"{slug}.docx"
        build(review_type, path)
        written.append(path)
    return written


def check_answer_template(path: Path) -> list[str]:
    try:
        found = template_fields(path)
    except TemplateProblem as exc:
        return [str(exc)]
    unknown = sorted(found - set(ANSWER_FIELDS) - {"loop"})
    if unknown:
        return ["模板中有无法识别的占位符（可能拼写有误）：" + "、".join("{{ " + u + " }}" for u in unknown)]
    return []


def render_answer(template: Path, context: dict[str, Any], target: Path) -> Path:
    problems = check_answer_template(template)
    if problems:
        raise TemplateProblem("；".join(problems))
    return render_letter(template, context, target)


if __name__ == "__main__":  # pragma: no cover - build step
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "resources" / "templates"
    for p in build_all(out):
        print(p)
