"""The default templates of the case's printable forms — 呈批表, 保密审查单, 送达回证 — and the builder that writes
them as .docx files into resources/templates/ (`python -m gongkai_desktop.documents.case_forms`).

Each is a GB/T 9704 A4 page (documents/gbt9704.py) with the title in 2号小标宋 and a ruled table in 小四号仿宋:
a label column and the recorded values, each opinion with its 签名 and 日期 line. They are ordinary Word
documents with Jinja placeholders ({{ draft_by }} …) an officer may copy and edit like the letter templates;
a test checks the shipped files against this builder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..core.forms import FORM_TYPES, FormType
from .gbt9704 import BODY_FONT, _set_fonts, add, new_document
from .letter_docx import TemplateProblem, render_letter, template_fields

FORM_SIZE = Pt(12)  # 小四
FORM_LINE = Pt(20)
WIDTHS = (Mm(28), Mm(50), Mm(28), Mm(50))  # 156 mm: the 版心

SIGN = "签名：{{ %s_by }}　　日期：{{ %s_date }}"

# rows: ("pair", label, value, label, value) | ("wide", label, [lines], minimum height in mm)
LAYOUTS: dict[str, list[tuple[Any, ...]]] = {
    "approval": [
        ("pair", "申请编号", "{{ app_no }}", "申请人", "{{ applicant }}"),
        ("pair", "收到日期", "{{ received_date }}", "答复期限", "{{ due_date }}"),
        ("wide", "申请内容", ["{{ content }}"], 18),
        ("wide", "承办科室\n拟办意见", ["{{ draft_department }}　拟办理结果：{{ draft_outcome }}",
                                   "依据：{{ draft_basis }}", "{{ draft_opinion }}", SIGN % ("draft", "draft")], 36),
        ("wide", "公开机构\n审核意见", ["{{ review_opinion }}", SIGN % ("review", "review")], 22),
        ("wide", "法制审核\n意见", ["{{ legal_opinion }}", SIGN % ("legal", "legal")], 22),
        ("wide", "保密审查\n意见", ["{{ secrecy_opinion }}", SIGN % ("secrecy", "secrecy")], 22),
        ("wide", "领导批示", ["{{ approve_opinion }}", "{{ approve_role }}" + SIGN % ("approve", "approve")], 26),
        ("wide", "拟用文书\n及文号", ["{{ letter_name }}　{{ letter_no }}"], 12),
    ],
    "secrecy": [
        ("pair", "申请编号", "{{ app_no }}", "申请人", "{{ applicant }}"),
        ("wide", "信息名称", ["{{ info_name }}"], 14),
        ("pair", "文　　号", "{{ doc_no }}", "页数／载体", "{{ pages }}页　{{ carrier }}"),
        ("wide", "是否涉及\n国家秘密", ["{{ state_secret_yes }}是　　{{ state_secret_no }}否"], 10),
        ("wide", "是否涉及商业\n秘密或个人隐私",
         ["{{ private_yes }}是{{ private_detail }}　　{{ private_no }}否"], 10),
        ("wide", "审查意见", ["{{ mark_open }}可以公开　{{ mark_partial }}部分公开　{{ mark_withhold }}不予公开",
                            "{{ mark_undetermined }}不能确定，报{{ referred_to }}确定", "{{ secrecy_opinion }}",
                            "{{ answer }}"], 34),
        ("pair", "审 查 人", "{{ secrecy_by }}", "审查日期", "{{ secrecy_date }}"),
        ("wide", "负责人签字", ["{{ head }}　　日期：　　　　年　　月　　日"], 16),
    ],
    "delivery-receipt": [
        ("wide", "文书名称\n及文号", ["{{ letter_name }}", "{{ letter_no }}"], 16),
        ("wide", "受送达人", ["{{ recipient }}"], 12),
        ("pair", "送达方式", "{{ method }}", "送 达 人", "{{ server }}"),
        ("wide", "送达地点", ["{{ place }}"], 14),
        ("wide", "签收人签名\n及日期", ["", "签名：{{ signed_by }}", "日期：{{ signed_date }}"], 34),
        ("wide", "备　　注", ["{{ note }}", "（拒收、留置的，由送达人注明情况并签名）"], 30),
    ],
}
HEADS = {  # lines between the title and the table
    "approval": "",
    "secrecy": "",
    "delivery-receipt": "申请编号：{{ app_no }}",
}


def _cell_text(cell, lines: list[str], align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    first = True
    for line in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.style = p.part.document.styles["表单文字"]
        p.alignment = align
        if line:
            p.add_run(line)


def _form_style(doc) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    style = doc.styles.add_style("表单文字", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = FORM_SIZE
    _set_fonts(style.element, BODY_FONT)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = FORM_LINE
    fmt.space_before = fmt.space_after = Pt(0)
    snap = OxmlElement("w:snapToGrid")  # the table keeps its own line height, not the 22-line grid
    snap.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().append(snap)


def _row_height(row, mm: float) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(mm * 56.7)))
    height.set(qn("w:hRule"), "atLeast")
    tr_pr.append(height)
    tr_pr.append(OxmlElement("w:cantSplit"))  # a row is never split across pages


def build(form: str, target: Path) -> None:
    doc = new_document()
    _form_style(doc)
    ft = FORM_TYPES[form]
    add(doc, "title", "{{ organ_name }}")
    add(doc, "title", ft.name)
    head = add(doc, "docno", HEADS[form])
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    rows = LAYOUTS[form]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for r, spec in enumerate(rows):
        row = table.rows[r]
        for c, width in enumerate(WIDTHS):
            row.cells[c].width = width
        if spec[0] == "pair":
            _, l1, v1, l2, v2 = spec
            _cell_text(row.cells[0], [l1], WD_ALIGN_PARAGRAPH.CENTER)
            _cell_text(row.cells[1], [v1])
            _cell_text(row.cells[2], [l2], WD_ALIGN_PARAGRAPH.CENTER)
            _cell_text(row.cells[3], [v2])
            _row_height(row, 12)
        else:
            _, label, lines, height = spec
            _cell_text(row.cells[0], label.split("\n"), WD_ALIGN_PARAGRAPH.CENTER)
            merged = row.cells[1].merge(row.cells[3])
            _cell_text(merged, lines)
            if lines and lines[-1].startswith(("签名：", "{{ approve_role }}")):
                merged.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _row_height(row, height)
    doc.core_properties.title = ft.name
    doc.core_properties.author = "政务公开台账"
    doc.save(str(target))


def build_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, ft in FORM_TYPES.items():
        path = folder / f"{ft.template}.docx"
        build(slug, path)
        written.append(path)
    return written


def check_form_template(path: Path, ft: FormType) -> list[str]:
    """Chinese descriptions of what is wrong with a form template (empty when it can be used)."""
    try:
        found = template_fields(path)
    except TemplateProblem as exc:
        return [str(exc)]
    unknown = sorted(found - set(ft.fields) - {"loop"})
    if unknown:
        return ["模板中有无法识别的占位符（可能拼写有误）：" + "、".join("{{ " + u + " }}" for u in unknown)]
    return []


def render_form(template: Path, ft: FormType, context: dict[str, Any], target: Path) -> Path:
    problems = check_form_template(template, ft)
    if problems:
        raise TemplateProblem("；".join(problems))
    return render_letter(template, context, target)


if __name__ == "__main__":  # pragma: no cover - build step
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "resources" / "templates"
    for p in build_all(out):
        print(p)
