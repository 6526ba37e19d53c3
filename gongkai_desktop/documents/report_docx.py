"""The annual report as a Word document: six sections in order, body per GB/T 9704, the three tables with
the official merged header cells and verbatim row and column labels (国办公开办函〔2021〕30号)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from ..core.annual_report import (
    CHECK_NOTE,
    COLUMNS,
    REVIEW_RESULTS,
    ROW_KEYS,
    SECTION2_ROWS,
    SECTION3_ROWS,
)
from .atomic import write_atomically
from .gbt9704 import STYLE_NAMES, add, new_document

WIDTH_MM = 156


def _borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _table(doc, rows: int, widths_mm: list[float]):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for i, column in enumerate(table.columns):  # the grid is what LibreOffice and WPS lay out by
        column.width = Mm(widths_mm[i])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[i])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0].style = doc.styles[STYLE_NAMES["table"]]
    return table


def _keep_together(table, header_rows: int = 0, whole: bool = False) -> None:
    """Header rows repeat on a new page; a small table (`whole`) is not split at all; no row splits."""
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        if whole and i < len(table.rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _put(table, r: int, c: int, text: Any, r2: int | None = None, c2: int | None = None, left: bool = False):
    cell = table.cell(r, c)
    if (r2 is not None and r2 != r) or (c2 is not None and c2 != c):
        cell = cell.merge(table.cell(r2 if r2 is not None else r, c2 if c2 is not None else c))
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph.text = str(text)
    if left:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return cell


def section2_table(doc, section2: dict[str, list[str]]) -> None:
    widths = [WIDTH_MM * 0.34, WIDTH_MM * 0.22, WIDTH_MM * 0.22, WIDTH_MM * 0.22]
    layout: list[tuple[str, list[tuple[str, tuple[str, ...]]]]] = []
    for item, name, cols in SECTION2_ROWS:
        if not layout or layout[-1][0] != item:
            layout.append((item, []))
        layout[-1][1].append((name, cols))
    n_rows = sum(2 + len(rows) for _, rows in layout)
    table = _table(doc, n_rows, widths)
    r = 0
    for item, rows in layout:
        _put(table, r, 0, item, c2=3)
        cols = rows[0][1]
        _put(table, r + 1, 0, "信息内容")
        if len(cols) == 3:
            for i, col in enumerate(cols):
                _put(table, r + 1, 1 + i, col)
        else:
            _put(table, r + 1, 1, cols[0], c2=3)
        for j, (name, cols) in enumerate(rows):
            _put(table, r + 2 + j, 0, name)
            values = section2.get(name, ["0"] * len(cols))
            if len(cols) == 3:
                for i, value in enumerate(values):
                    _put(table, r + 2 + j, 1 + i, value)
            else:
                _put(table, r + 2 + j, 1, values[0], c2=3)
        r += 2 + len(rows)
    _keep_together(table, whole=True)


def section3_table(doc, values: dict[str, list[int]]) -> None:
    label_w = [14.0, 24.0, 38.0]
    data_w = (WIDTH_MM - sum(label_w)) / 7
    table = _table(doc, 3 + len(ROW_KEYS), label_w + [data_w] * 7)
    _put(table, 0, 0, CHECK_NOTE, r2=2, c2=2)
    _put(table, 0, 3, "申请人情况", c2=9)
    _put(table, 1, 3, "自然人", r2=2)
    _put(table, 1, 4, "法人或其他组织", c2=8)
    _put(table, 1, 9, "总计", r2=2)
    for i, name in enumerate(COLUMNS[1:6]):
        _put(table, 2, 4 + i, name)
    first_result = 3 + ROW_KEYS.index("1")
    last_result = 3 + ROW_KEYS.index("total")
    _put(table, first_result, 0, "三、本年度办理结果", r2=last_result)
    r = 3
    groups: dict[str, list[int]] = {}
    for key, level1, level2, level3 in SECTION3_ROWS:
        if not level2:
            _put(table, r, 0, level1, c2=2, left=True)
        elif not level3:
            _put(table, r, 1, level2, c2=2, left=True)
        else:
            groups.setdefault(level2, []).append(r)
            _put(table, r, 2, level3, left=True)
        for c, v in enumerate(values[key]):
            _put(table, r, 3 + c, v)
        r += 1
    for label, rows in groups.items():
        _put(table, rows[0], 1, label, r2=rows[-1])
    _keep_together(table, header_rows=3)


def section4_table(doc, values: list[int]) -> None:
    table = _table(doc, 4, [WIDTH_MM / 15] * 15)
    _put(table, 0, 0, "行政复议", c2=4)
    _put(table, 0, 5, "行政诉讼", c2=14)
    for i, name in enumerate(REVIEW_RESULTS):
        _put(table, 1, i, name, r2=2)
    _put(table, 1, 5, "未经复议直接起诉", c2=9)
    _put(table, 1, 10, "复议后起诉", c2=14)
    for g in range(2):
        for i, name in enumerate(REVIEW_RESULTS):
            _put(table, 2, 5 + g * 5 + i, name)
    for i, v in enumerate(values):
        _put(table, 3, i, v)
    _keep_together(table, whole=True)


def _text(doc, text: str) -> None:
    for line in [x.strip() for x in text.splitlines() if x.strip()] or [""]:
        add(doc, "body", line)


def write_report_docx(data: dict[str, Any], target: Path) -> Path:
    """`data` is Report.to_json(); writes atomically."""
    doc = new_document()
    year, unit = data["year"], data["unit"]
    if unit:
        add(doc, "title", unit)
    add(doc, "title", f"{year}年政府信息公开工作年度报告")
    add(doc, "blank")
    intro = (f"本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
             f"（国办公开办函〔2021〕30号）编制，报告所列数据统计期限为{year}年1月1日至12月31日。")
    add(doc, "body", intro)
    texts = data["texts"]
    add(doc, "heading1", "一、总体情况")
    _text(doc, texts.get("一、总体情况", ""))
    add(doc, "heading1", "二、主动公开政府信息情况")
    section2_table(doc, {row["name"]: row["values"] for row in data["section2"]["rows"]})
    add(doc, "heading1", "三、收到和处理政府信息公开申请情况")
    section3_table(doc, {k: r["values"] for k, r in zip(ROW_KEYS, data["section3"]["rows"], strict=True)})
    add(doc, "heading1", "四、政府信息公开行政复议、行政诉讼情况")
    section4_table(doc, data["section4"]["values"])
    add(doc, "heading1", "五、存在的主要问题及改进情况")
    _text(doc, texts.get("五、存在的主要问题及改进情况", ""))
    add(doc, "heading1", "六、其他需要报告的事项")
    _text(doc, texts.get("六、其他需要报告的事项", ""))
    doc.core_properties.title = f"{year}年政府信息公开工作年度报告"
    return write_atomically(target, lambda tmp: doc.save(str(tmp)))
