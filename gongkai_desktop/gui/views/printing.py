"""打印 (issue 28): lists (the application list, the 工作要点 台账) through Qt's print dialog as a table, and generated
letters and forms through the system (documents/printing.py: Word/WPS's print verb on Windows, LibreOffice or
CUPS on Linux) after choosing the printer in Qt's print dialog."""

from __future__ import annotations

import html
import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QMarginsF, QModelIndex, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...documents.printing import PrintPlan, system_print_plan
from ..app_setup import CJK_FAMILIES
from ..ops import OpContext, Operation, run_op
from .widgets import open_path

MAX_PRINT_ROWS = 3000  # a longer list is narrowed with the filters first (or exported to Excel)


def table_html(title: str, subtitle: str, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A printable table: title, a line under it, the header repeated on every page (thead)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return (f"<h3 align='center'>{html.escape(title)}</h3><p align='center'>{html.escape(subtitle)}</p>"
            "<table border='1' cellspacing='0' cellpadding='3' width='100%' style='border-collapse:collapse'>"
            f"<thead><tr style='background:#eceff1'>{head}</tr></thead><tbody>{body}</tbody></table>")


def model_rows(model: QAbstractItemModel, columns: Sequence[int] | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and display text of a table or tree model (children indented under their parent)."""
    cols = list(columns) if columns is not None else list(range(model.columnCount()))
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in cols]
    rows: list[list[str]] = []

    def walk(parent: QModelIndex, depth: int) -> None:
        for r in range(model.rowCount(parent)):
            values = [str(model.data(model.index(r, c, parent)) or "") for c in cols]
            if depth and values:
                values[0] = "　" * depth + values[0]
            rows.append(values)
            first = model.index(r, 0, parent)
            if first.isValid() and model.rowCount(first) > 0:
                walk(first, depth + 1)

    walk(QModelIndex(), 0)
    return headers, rows


def new_printer(landscape: bool = True) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    return printer


def print_html(parent: QWidget | None, title: str, body: str, printer: QPrinter | None = None) -> bool:
    """Print `body` (HTML); asks with Qt's print dialog unless a printer is given (tests print to a PDF file)."""
    if printer is None:
        printer = new_printer()
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(f"打印{title}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
    printer.setDocName(title)
    doc = QTextDocument()
    font = QFont()
    font.setFamilies(CJK_FAMILIES + ["Noto Sans CJK SC", "sans-serif"])
    font.setPointSize(9)
    doc.setDefaultFont(font)
    doc.setHtml(body)
    doc.print_(printer)
    return True


def print_table(parent: QWidget | None, title: str, subtitle: str, headers: Sequence[str],
                rows: Sequence[Sequence[str]], printer: QPrinter | None = None) -> bool:
    if len(rows) > MAX_PRINT_ROWS:
        QMessageBox.information(parent, f"打印{title}", f"列表共{len(rows)}行，超过{MAX_PRINT_ROWS}行。请先用筛选缩小范围，"
                                "或导出为 Excel 后打印。")
        return False
    return print_html(parent, title, table_html(title, subtitle, headers, rows), printer)


def run_plan(plan: PrintPlan) -> None:
    """Carry out a print plan (raises OSError / CalledProcessError with the program's message)."""
    if plan.kind == "verb":
        os.startfile(str(plan.path), "print")  # type: ignore[attr-defined]  # Windows only
    elif plan.kind == "run":
        subprocess.run(list(plan.command), check=True, capture_output=True, timeout=180)


def print_file(parent: QWidget, path: Path, ask_printer: bool = True) -> Operation[None] | None:
    """Print a generated letter or form through the system; None when it could not be started."""
    if not path.exists():
        QMessageBox.warning(parent, "无法打印", f"文件不存在（可能已被移动或删除）：{path}")
        return None
    printer_name = ""
    if ask_printer and os.name != "nt":  # Windows: Word/WPS's own print verb uses the default printer
        printer = new_printer(landscape=False)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(f"打印 {path.name}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        printer_name = printer.printerName()
    plan = system_print_plan(path, printer_name)
    if plan.kind == "none":
        QMessageBox.information(parent, "打印", f"{plan.reason}\n{path}")
        open_path(parent, path)
        return None

    def work(_ctx: OpContext) -> None:
        try:
            run_plan(plan)
        except subprocess.CalledProcessError as exc:
            raise OSError(f"打印程序报告错误：{(exc.stderr or b'').decode(errors='replace').strip() or exc.returncode}"
                          ) from exc

    return run_op(parent, "打印", work, label=f"正在把 {path.name} 送往打印机……")
