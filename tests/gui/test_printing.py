"""Issue 28 (minor): 打印. Lists print as a table through QPrinter (checked by printing to a PDF file and reading it
back with pypdf); letters and forms go to the system (print verb on Windows, LibreOffice or CUPS on Linux),
checked with fake programs."""

import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from gongkai_desktop.documents import printing
from gongkai_desktop.documents.printing import print_plan


def pdf_printer(path: Path) -> QPrinter:
    from gongkai_desktop.gui.views.printing import new_printer

    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def pdf_text(path: Path) -> tuple[int, str]:
    import unicodedata

    reader = PdfReader(str(path))  # NFKC: the font's Kangxi radical code points (⼯) read back as 工
    return len(reader.pages), unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))


def test_the_application_list_prints_as_a_table(window, demo_ledger, tmp_path):
    window.show_page_named("依申请公开")
    page = window.applications
    target = tmp_path / "list.pdf"
    assert page.print_list(pdf_printer(target))
    pages, text = pdf_text(target)
    model = page.model
    assert model.rowCount() == model.total > 0
    assert pages >= 2  # the demo list is longer than a page; the header repeats
    first, last = (str(model.data(model.index(r, 0))) for r in (0, model.rowCount() - 1))
    assert "依申请公开台账" in text and first in text and last in text
    assert f"共{model.total}件" in text


def test_a_too_long_list_is_refused_with_advice(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from gongkai_desktop.gui.views import printing as gui_printing

    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(gui_printing, "MAX_PRINT_ROWS", 5)
    window.show_page_named("依申请公开")
    target = tmp_path / "none.pdf"
    assert not window.applications.print_list(pdf_printer(target))
    assert not target.exists() and said and "筛选" in said[0]


def test_the_work_plan_prints_with_its_tasks(window, tmp_path):
    window.show_page_named("工作要点")
    page = window.tasks
    target = tmp_path / "tasks.pdf"
    assert page.print_list(pdf_printer(target))
    _, text = pdf_text(target)
    year = page.year_combo.year()
    assert f"{year}年政务公开工作要点台账" in text
    top = page.tree.topLevelItem(0)
    assert top is not None and top.text(0)[:6] in text


def test_print_plans():
    letter = Path("/data/文书/2026-0001/答复书（予以公开）-2026-0001.docx")
    assert print_plan(letter, "", "win32", None, None).kind == "verb"
    run = print_plan(letter, "HP_LaserJet", "linux", "/usr/bin/soffice", "/usr/bin/lp")
    assert run.command == ("/usr/bin/soffice", "--headless", "--pt", "HP_LaserJet", str(letter))
    assert print_plan(letter, "", "linux", "/usr/bin/soffice", None).command[2] == "-p"  # default printer
    pdf = letter.with_suffix(".pdf")
    assert print_plan(pdf, "HP", "linux", None, "/usr/bin/lp").command == ("/usr/bin/lp", "-d", "HP", str(pdf))
    none = print_plan(letter, "", "linux", None, "/usr/bin/lp")
    assert none.kind == "none" and "Word/WPS" in none.reason


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="needs a POSIX shell for the fake LibreOffice")
def test_a_letter_goes_to_the_system_printer(qtbot, tmp_path, monkeypatch):
    from gongkai_desktop.gui.views.printing import print_file

    log = tmp_path / "args.txt"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\necho \"$@\" > '{log}'\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(printing, "find_soffice", lambda: str(fake))
    monkeypatch.setattr("sys.platform", "linux")
    letter = tmp_path / "答复书（予以公开）-2026-0001.docx"
    letter.write_bytes(b"docx")
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    op = print_file(parent, letter, ask_printer=False)
    assert op is not None and op.wait(30_000)
    assert log.read_text(encoding="utf-8").split() == ["--headless", "-p", str(letter)]


def test_printing_a_missing_file_says_so(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gongkai_desktop.gui.views.printing import print_file

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    assert print_file(None, tmp_path / "不存在.docx", ask_printer=False) is None
    assert said and "不存在" in said[0]
