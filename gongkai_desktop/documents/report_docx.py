"""The annual report as a Word document: six sections in order, body per GB/T 9704, the three tables with
the official merged header cells and verbatim row and column labels (国办公开办函〔2021〕30号)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from ..core.annual_report import (
    COLUMNS,
    ROW_KEYS,
    SECTION2_ROWS,
    report_format,
    section2_rows,
    section3_display_rows,
    section3_display_values,
)
from ..core.report_text import heading_split
from .atomic import write_atomically
from .gbt9704 import HEADING1_FONT, HEADING2_FONT, STYLE_NAMES, _set_fonts, add, new_document
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
    # what `paragraph.style = …` sets, looked up once (each lookup scans the 350 kB styles part)
    style_id = doc.part.get_style_id(doc.styles[STYLE_NAMES["table"]], WD_STYLE_TYPE.PARAGRAPH)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[i])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0]._p.style = style_id
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
    # table.cell(r, c) lays out the whole grid on every call; the layout changes only when cells merge
    width = len(table.columns)
    grid = table._cells
    for cell in cells:
        target = grid[cell.r * width + cell.c]
        if cell.r2 is not None or cell.c2 is not None:
            target = target.merge(grid[(cell.r2 if cell.r2 is not None else cell.r) * width
                                       + (cell.c2 if cell.c2 is not None else cell.c)])
            grid = table._cells
        paragraph = target.paragraphs[0]
        for extra in target.paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
        paragraph.text = str(cell.value)
        if cell.left:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def section2_table(doc, section2: dict[str, list[str]], rows=SECTION2_ROWS) -> None:
    table = _table(doc, section2_height(rows), [WIDTH_MM * 0.34, WIDTH_MM * 0.22, WIDTH_MM * 0.22, WIDTH_MM * 0.22])
    _draw(table, section2_cells(section2, rows))
    _keep_together(table, whole=True)


def section3_table(doc, values: dict[str, list[int]], year: int | None = None) -> None:
    label_w = [14.0, 24.0, 38.0]
    data_w = (WIDTH_MM - sum(label_w)) / len(COLUMNS)
    rows = section3_display_rows(year) if year else None
    height = len(rows) if rows else len(ROW_KEYS)
    table = _table(doc, SECTION3_HEADER_ROWS + height, label_w + [data_w] * len(COLUMNS))
    _draw(table, section3_cells(section3_display_values(year, values), rows) if year and rows
          else section3_cells(values))
    _keep_together(table, header_rows=SECTION3_HEADER_ROWS)


def section4_table(doc, values: list[int]) -> None:
    table = _table(doc, SECTION4_HEADER_ROWS + 1, [WIDTH_MM / SECTION4_WIDTH] * SECTION4_WIDTH)
    _draw(table, section4_cells(values))
    _keep_together(table, whole=True)


def _text(doc, text: str) -> None:
    """Narrative paragraphs; numbered headings typed by the officer come out as headings: "一、" in 黑体,
    "（一）" in 楷体 (GB/T 9704), on their own line or leading a paragraph ("（一）主动公开。正文…")."""
    for line in [x.strip() for x in text.splitlines() if x.strip()] or [""]:
        level, heading, rest = heading_split(line)
        if not level:
            add(doc, "body", line)
        elif not rest:
            add(doc, level, heading)
        else:
            paragraph = add(doc, "body")
            run = paragraph.add_run(heading)
            _set_fonts(run._r, HEADING1_FONT if level == "heading1" else HEADING2_FONT)
            paragraph.add_run(rest)


def _properties(doc, title: str, unit: str) -> None:
    """Core properties of the organ, not of the library's template (python-docx, 2013)."""
    from datetime import datetime

    now = datetime.now().replace(microsecond=0)
    cp = doc.core_properties
    cp.title = title
    cp.author = cp.last_modified_by = unit or "政府信息公开工作机构"
    cp.created = cp.modified = now
    cp.revision = 1
    cp.language = "zh-CN"
    cp.subject = "政府信息公开工作年度报告"
    cp.keywords = "政府信息公开；年度报告"
    cp.comments = ""
    cp.category = ""


def write_report_docx(data: dict[str, Any], target: Path) -> Path:
    """`data` is Report.to_json(); writes atomically."""
    doc = new_document()
    year, unit = data["year"], data["unit"]
    fmt = data.get("format") or report_format(year)
    if unit:
        add(doc, "title", unit)
    add(doc, "title", f"{year}年政府信息公开工作年度报告")
    add(doc, "blank")
    intro = (f"本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
             f"（{fmt}）编制，报告所列数据统计期限为{year}年1月1日至12月31日。" + data.get("intro_contact", ""))
    add(doc, "body", intro)
    texts = data["texts"]
    add(doc, "heading1", "一、总体情况")
    _text(doc, texts.get("一、总体情况", ""))
    add(doc, "heading1", "二、主动公开政府信息情况")
    section2_table(doc, {row["name"]: row["values"] for row in data["section2"]["rows"]},
                   section2_rows(year) if fmt == report_format(year) else SECTION2_ROWS)
    add(doc, "heading1", "三、收到和处理政府信息公开申请情况")
    section3_table(doc, {k: r["values"] for k, r in zip(ROW_KEYS, data["section3"]["rows"], strict=True)}, year)
    add(doc, "heading1", "四、政府信息公开行政复议、行政诉讼情况")
    section4_table(doc, data["section4"]["values"])
    add(doc, "heading1", "五、存在的主要问题及改进情况")
    _text(doc, texts.get("五、存在的主要问题及改进情况", ""))
    add(doc, "heading1", "六、其他需要报告的事项")
    _text(doc, texts.get("六、其他需要报告的事项", ""))
    _properties(doc, f"{year}年政府信息公开工作年度报告", unit)
    return write_atomically(target, lambda tmp: doc.save(str(tmp)))
