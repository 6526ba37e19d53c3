"""The 卷内目录 of one case (.docx on a GB/T 9704 page and .xlsx) and the year's 归档文件目录 (.xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from . import gbt9704
from .atomic import write_atomically

CATALOGUE_COLUMNS = ("序号", "文号", "责任者", "题名", "日期", "页数", "备注")
CATALOGUE_WIDTHS_CM = (1.2, 3.0, 2.4, 4.0, 2.3, 1.2, 1.5)  # 15.6 cm: the GB/T 9704 type area; 序号、页数 on one line
YEAR_COLUMNS = ("档号", "申请编号", "申请人", "题名", "保管期限", "归档日期", "件数", "页数", "备注")


def _row(e: dict[str, Any]) -> list[Any]:
    return [e["seq"], e.get("doc_number") or "", e.get("author") or "", e["title"], e.get("date") or "",
            e.get("pages") if e.get("pages") is not None else "", e.get("note") or ""]


def _fix_widths(table: Any, widths_cm: tuple[float, ...]) -> None:
    """Column widths that LibreOffice/WPS honour as well as Word: the grid (w:tblGrid/w:gridCol) and the table
    width, besides each cell's w:tcW (LibreOffice lays the table out from the grid). `autofit = False` has already
    made the layout fixed (w:tblLayout, inserted in schema order by python-docx)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl = table._tbl
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        col.w = Cm(width)
    tbl_w = tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:  # python-docx writes one; kept robust for other templates
        tbl_w = OxmlElement("w:tblW")
        tbl.tblPr.insert(1, tbl_w)
    tbl_w.set(qn("w:w"), str(round(Cm(sum(widths_cm)).twips)))
    tbl_w.set(qn("w:type"), "dxa")


def catalogue_docx(target: Path, file_no: str, title: str, entries: list[dict[str, Any]]) -> Path:
    def write(tmp: Path) -> None:
        doc = gbt9704.new_document()
        gbt9704.add(doc, "title", "卷内目录")
        gbt9704.add(doc, "body", f"档号：{file_no}　　{title}")
        table = doc.add_table(rows=1, cols=len(CATALOGUE_COLUMNS))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, CATALOGUE_COLUMNS, strict=False):
            cell.text = text
        for e in entries:
            cells = table.add_row().cells
            for cell, value in zip(cells, _row(e), strict=False):
                cell.text = str(value)
        table.autofit = False
        _fix_widths(table, CATALOGUE_WIDTHS_CM)
        for row in table.rows:
            for cell, width in zip(row.cells, CATALOGUE_WIDTHS_CM, strict=True):
                cell.width = Cm(width)
                for p in cell.paragraphs:
                    p.paragraph_format.first_line_indent = Cm(0)
                    p.paragraph_format.line_spacing = Pt(15)
                    for run in p.runs:
                        run.font.size = Pt(10.5)
        doc.save(str(tmp))
    return write_atomically(target, write)


def catalogue_xlsx(target: Path, file_no: str, entries: list[dict[str, Any]]) -> Path:
    def write(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.worksheets[0]
        ws.title = "卷内目录"
        ws.append([f"卷内目录　档号：{file_no}"])
        ws.append(list(CATALOGUE_COLUMNS))
        for e in entries:
            ws.append(_row(e))
        for col, width in zip("ABCDEFG", (6, 22, 24, 40, 12, 6, 30), strict=False):
            ws.column_dimensions[col].width = width
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        wb.save(str(tmp))
    return write_atomically(target, write)


def year_xlsx(target: Path, year: int, rows: list[dict[str, Any]]) -> Path:
    def write(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.worksheets[0]
        ws.title = "归档文件目录"
        ws.append([f"{year}年度政府信息公开申请归档文件目录"])
        ws.append(list(YEAR_COLUMNS))
        for r in rows:
            ws.append([r.get(k, "") for k in ("file_no", "no", "applicant", "title", "retention", "day", "items",
                                              "pages", "note")])
        for col, width in zip("ABCDEFGHI", (22, 12, 14, 40, 8, 12, 6, 6, 40), strict=False):
            ws.column_dimensions[col].width = width
        for cell in ws[2]:
            cell.font = Font(bold=True)
        wb.save(str(tmp))
    return write_atomically(target, write)
