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

from ..core.annual_report import COLUMNS, ROW_KEYS
from .atomic import write_atomically
from .gbt9704 import STYLE_NAMES, add, new_document
from .report_layout import (
    SECTION3_HEADER_ROWS,
    SECTION4_HEADER_ROWS,
    SECTION4_WIDTH,
    Cell,
    section2_cells,
    section2_height,
    section3_cells,
    section4_cells,
)

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


def _draw(table, cells: list[Cell]) -> None:
    for cell in cells:
        target = table.cell(cell.r, cell.c)
        if cell.r2 is not None or cell.c2 is not None:
            target = target.merge(table.cell(cell.r2 if cell.r2 is not None else cell.r,
                                             cell.c2 if cell.c2 is not None else cell.c))
        paragraph = target.paragraphs[0]
        for extra in target.paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
        paragraph.text = str(cell.value)
        if cell.left:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def section2_table(doc, section2: dict[str, list[str]]) -> None:
    table = _table(doc, section2_height(), [WIDTH_MM * 0.34, WIDTH_MM * 0.22, WIDTH_MM * 0.22, WIDTH_MM * 0.22])
    _draw(table, section2_cells(section2))
    _keep_together(table, whole=True)


def section3_table(doc, values: dict[str, list[int]]) -> None:
    label_w = [14.0, 24.0, 38.0]
    data_w = (WIDTH_MM - sum(label_w)) / len(COLUMNS)
    table = _table(doc, SECTION3_HEADER_ROWS + len(ROW_KEYS), label_w + [data_w] * len(COLUMNS))
    _draw(table, section3_cells(values))
    _keep_together(table, header_rows=SECTION3_HEADER_ROWS)


def section4_table(doc, values: list[int]) -> None:
    table = _table(doc, SECTION4_HEADER_ROWS + 1, [WIDTH_MM / SECTION4_WIDTH] * SECTION4_WIDTH)
    _draw(table, section4_cells(values))
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
