"""Issue 28 item 1: every dialog fits a 1024×768 screen minus a taskbar (1024×728), scrolling where needed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog

from ..conftest import ROOT
from .conftest import TODAY

AVAILABLE_W, AVAILABLE_H = 1024, 728


def _dialogs(ledger):
    """Every dialog class in gui/views/, constructed on a demo ledger (name, factory)."""
    from gongkai_desktop.core.case_records import RECORD_KINDS
    from gongkai_desktop.core.steps import STEPS
    from gongkai_desktop.gui.views import (
        aggregate_dialog,
        archive_dialog,
        archive_export_dialog,
        batch_letters_dialog,
        bulletin_dialog,
        case_form_dialog,
        case_record_dialog,
        day_edit_dialog,
        deadline_calculator_dialog,
        delivery_dialog,
        edit_application_dialog,
        error_dialog,
        evidence_dialog,
        feedback_export_dialog,
        feedback_import_dialog,
        help_dialog,
        import_dialog,
        items_dialog,
        letter_dialog,
        notice_import_dialog,
        proactive_dialog,
        registration_dialog,
        reopen_dialog,
        report_cell_dialog,
        review_dialog,
        step_dialog,
        supervision_dialog,
        task_close_dialog,
        task_parts_dialog,
        task_progress_dialog,
        task_review_dialog,
        templates_dialog,
        unit_progress_dialog,
        workplan_import_dialog,
    )
    from gongkai_desktop.services.annual_report import ReportService
    from gongkai_desktop.services.case import CaseService
    from gongkai_desktop.services.case_forms import FormService
    from gongkai_desktop.services.letters import LetterService
    from gongkai_desktop.services.supervision import SupervisionService

    templates = ROOT / "resources" / "templates"
    letters = LetterService.for_ledger(ledger, templates)
    forms = FormService.for_ledger(ledger, templates)
    supervision = SupervisionService(ledger, letters.templates)
    case = CaseService(ledger)
    no = _some_no(ledger)
    app = ledger.applications.get(no)
    tasks = ledger.tasks.list(TODAY.year)
    task = ledger.tasks.get(tasks[0]["id"]) | {"n_children": 0}
    cal = ledger.calendar.load()
    yield "AggregateDialog", lambda: aggregate_dialog.AggregateDialog(ledger)
    yield "ArchiveDialog", lambda: archive_dialog.ArchiveDialog(ledger, no, TODAY)
    yield "ArchiveExportDialog", lambda: archive_export_dialog.ArchiveExportDialog(ledger, TODAY)
    yield "BatchLettersDialog", lambda: batch_letters_dialog.BatchLettersDialog(letters, [no], TODAY)
    yield "BulletinDialog", lambda: bulletin_dialog.BulletinDialog(supervision, TODAY.year, TODAY)
    yield "CaseFormDialog", lambda: case_form_dialog.CaseFormDialog(forms, no, TODAY)
    for kind in RECORD_KINDS:
        yield f"CaseRecordDialog[{kind}]", lambda k=kind: case_record_dialog.CaseRecordDialog(case, no, k, TODAY)
    yield "DayEditDialog", lambda: day_edit_dialog.DayEditDialog(date(2026, 12, 15), cal)
    yield "DeadlineCalculatorDialog", lambda: deadline_calculator_dialog.DeadlineCalculatorDialog(cal, TODAY)
    yield "DeliveryDialog", lambda: delivery_dialog.DeliveryDialog(ledger, no, TODAY)
    yield "EditApplicationDialog", lambda: edit_application_dialog.EditApplicationDialog(ledger, no, TODAY)
    yield "ErrorDialog", lambda: error_dialog.ErrorDialog("出错了", "Traceback…\n" * 200)
    yield "EvidenceDialog", lambda: evidence_dialog.EvidenceDialog(ledger, no, TODAY)
    yield "FeedbackExportDialog", lambda: feedback_export_dialog.FeedbackExportDialog(supervision, TODAY.year, TODAY)
    yield "FeedbackImportDialog", lambda: feedback_import_dialog.FeedbackImportDialog(supervision, TODAY.year, TODAY)
    yield "HelpDialog", lambda: help_dialog.HelpDialog()
    yield "ImportWizard", lambda: import_dialog.ImportWizard(ledger, TODAY)
    yield "ItemsDialog", lambda: items_dialog.ItemsDialog(ledger, no, TODAY)
    yield "LetterDialog", lambda: letter_dialog.LetterDialog(letters, no, TODAY)
    yield "NoticeImportDialog", lambda: notice_import_dialog.NoticeImportDialog(ledger)
    yield "ProactiveDialog", lambda: _settled(proactive_dialog.ProactiveDialog(ledger, TODAY))
    yield "ReopenDialog", lambda: reopen_dialog.ReopenDialog(case, no, TODAY, ledger.reviews.for_application(app["id"]))
    yield "RegistrationDialog", lambda: registration_dialog.RegistrationDialog(ledger, TODAY)
    yield "ReportCellDialog", lambda: report_cell_dialog.ReportCellDialog(ledger, "表三", [no] * 50)
    yield "ReviewDialog", lambda: review_dialog.ReviewDialog(ledger, app, TODAY)
    for step in STEPS:
        yield f"StepDialog[{step.slug}]", lambda s=step: step_dialog.StepDialog(case, no, s, TODAY)
    yield "SupervisionDialog", lambda: supervision_dialog.SupervisionDialog(supervision, TODAY.year, TODAY)
    yield "TaskCloseDialog", lambda: task_close_dialog.TaskCloseDialog(ledger, task, TODAY)
    yield "TaskPartsDialog", lambda: task_parts_dialog.TaskPartsDialog(ReportService(ledger), TODAY.year)
    yield "TaskProgressDialog", lambda: task_progress_dialog.TaskProgressDialog(ledger, task, TODAY)
    yield "TaskReviewDialog", lambda: task_review_dialog.TaskReviewDialog(ledger, task, TODAY)
    yield "TemplatesDialog", lambda: templates_dialog.TemplatesDialog(letters, TODAY)
    yield "UnitProgressDialog", lambda: unit_progress_dialog.UnitProgressDialog(ledger, task, TODAY)
    yield "WorkplanImportDialog", lambda: workplan_import_dialog.WorkplanImportDialog(ledger, TODAY)


def _settled(dialog):
    """A dialog that builds its list on a worker thread: let the thread finish (it is not destroyed running)."""
    from gongkai_desktop.gui.ops import Operation

    op = getattr(dialog, "worker", None)
    if isinstance(op, Operation):
        op.wait(30_000)
    return dialog


def _some_no(ledger) -> str:
    return ledger.db.execute("SELECT no FROM applications ORDER BY no LIMIT 1").fetchone()[0]


def test_every_dialog_class_is_covered(demo_ledger):
    """A new dialog in gui/views/ must be added to this list."""
    import importlib
    import inspect
    import pkgutil

    from gongkai_desktop.gui import views

    found = set()
    for info in pkgutil.iter_modules(views.__path__):
        module = importlib.import_module(f"gongkai_desktop.gui.views.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__ == module.__name__:
                found.add(name)
    covered = {name.split("[")[0] for name, _ in _dialogs(demo_ledger)}
    assert found - covered == set()


def test_every_dialog_fits_1024x728(qtbot, demo_ledger, monkeypatch):
    from gongkai_desktop.gui.views import widgets

    monkeypatch.setattr(widgets, "available_geometry", lambda widget=None: QRect(0, 0, AVAILABLE_W, AVAILABLE_H))
    too_big = []
    for name, make in _dialogs(demo_ledger):
        dialog = make()
        qtbot.addWidget(dialog)
        hint, minimum = dialog.sizeHint(), dialog.minimumSizeHint()
        dialog.show()
        size = dialog.size()
        for what, s in (("sizeHint", hint), ("minimumSizeHint", minimum), ("size", size),
                        ("minimumSize", dialog.minimumSize())):
            if s.width() > AVAILABLE_W or s.height() > AVAILABLE_H:
                too_big.append(f"{name} {what} {s.width()}×{s.height()}")
        dialog.close()
    assert too_big == []


def test_main_window_restored_geometry_clamped(qtbot, demo_ledger, app_paths):
    from PySide6.QtCore import QSettings

    from gongkai_desktop.gui.views.main_window import MainWindow, clamp_to

    settings = QSettings(str(app_paths.config_file), QSettings.Format.IniFormat)
    w = MainWindow(demo_ledger, app_paths, settings, lambda: TODAY)
    qtbot.addWidget(w)
    w.setGeometry(QRect(-200, 50, 1280, 800))
    clamp_to(w, QRect(0, 0, AVAILABLE_W, AVAILABLE_H))
    frame = w.frameGeometry()
    assert QRect(0, 0, AVAILABLE_W, AVAILABLE_H).contains(frame)
    assert w.minimumWidth() <= AVAILABLE_W and w.minimumHeight() <= AVAILABLE_H


@pytest.mark.parametrize("width", [1024, 1366])
def test_small_screen_shots(qtbot, demo_ledger, width, tmp_path):
    """Screenshots for the lead at the two common small screens (the ones this issue changed)."""
    import os
    from pathlib import Path

    from gongkai_desktop.gui.views.edit_application_dialog import EditApplicationDialog
    from gongkai_desktop.gui.views.notice_import_dialog import NoticeImportDialog
    from gongkai_desktop.gui.views.registration_dialog import RegistrationDialog
    from gongkai_desktop.gui.views.workplan_import_dialog import WorkplanImportDialog

    out = Path(os.environ.get("GONGKAI_SHOTS", tmp_path))
    from gongkai_desktop.core.steps import STEP_BY_SLUG
    from gongkai_desktop.gui.views.letter_dialog import LetterDialog
    from gongkai_desktop.gui.views.step_dialog import StepDialog
    from gongkai_desktop.services.case import CaseService
    from gongkai_desktop.services.letters import LetterService

    no = _some_no(demo_ledger)
    letters = LetterService.for_ledger(demo_ledger, ROOT / "resources" / "templates")
    for name, dialog in (("registration", RegistrationDialog(demo_ledger, TODAY)),
                         ("letter", LetterDialog(letters, no, TODAY)),
                         ("step_extended", StepDialog(CaseService(demo_ledger), no, STEP_BY_SLUG["extended"], TODAY)),
                         ("edit_application", EditApplicationDialog(demo_ledger, no, TODAY)),
                         ("notice_import", NoticeImportDialog(demo_ledger)),
                         ("workplan_import", WorkplanImportDialog(demo_ledger, TODAY))):
        qtbot.addWidget(dialog)
        from gongkai_desktop.gui.views.widgets import fit_to_screen

        fit_to_screen(dialog, QRect(0, 0, width, 728), dialog.width(), dialog.height())
        dialog.show()
        assert dialog.width() <= width and dialog.height() <= 728
        assert dialog.grab().save(str(out / f"{name}_{width}x768.png"))
        dialog.close()


def test_a_dialog_dropped_while_its_worker_runs_does_not_abort(qtbot, demo_ledger, monkeypatch):
    """The root cause of the old exclusion: closing the dialog waited for a worker thread that could not end, and
    deleting the dialog destroyed a running thread (abort). The search now runs as a gui/ops.py operation: closing
    lets it finish (or cancels it), and a dialog deleted mid-job cancels the work and never aborts."""
    import time

    from gongkai_desktop.gui.views.proactive_dialog import ProactiveDialog

    dialog = ProactiveDialog(demo_ledger, TODAY)
    op = dialog.worker
    dialog.show()
    dialog.close()  # done() cancels and waits for the search; it must end
    assert op is None or not op.running()

    def slow_job(self):
        def job(_ledger, progress):
            for _ in range(40):  # stops early once cancelled
                if not progress(0, 1, ""):
                    return []
                time.sleep(0.05)
            return []
        return job

    monkeypatch.setattr(ProactiveDialog, "_job", slow_job)
    dialog = ProactiveDialog(demo_ledger, TODAY)
    op = dialog.worker
    assert op is not None and op.running()
    ctx = op.ctx  # plain Python: still readable after the operation (a child of the dialog) is deleted
    started = time.monotonic()
    dialog.deleteLater()  # never shown, deleted while searching: the work is told to stop
    qtbot.waitUntil(ctx.cancelled, timeout=10_000)
    assert time.monotonic() - started < 2.0


def test_python_garbage_is_collected_on_the_gui_thread(qapp):
    """A dialog in a reference cycle must not be destroyed by a collection a worker thread happens to trigger."""
    import gc

    from gongkai_desktop.gui.app_setup import MainThreadGarbageCollector

    assert not gc.isenabled()
    collector = qapp.findChild(MainThreadGarbageCollector)
    assert collector is not None and collector.timer.isActive()


def test_dashboard_fits_1024_and_keeps_every_outcome_bar(qtbot, demo_ledger, app_paths):
    """The 工作台 at 1024×768: the eight count cards fit beside the navigation (they were cut off on the right),
    and a long 督办 list scrolls in its own area instead of squeezing the 办理结果 chart (its last group was cut)."""
    from PySide6.QtCore import QSettings

    from gongkai_desktop.gui.views.main_window import MainWindow

    settings = QSettings(str(app_paths.config_file), QSettings.Format.IniFormat)
    w = MainWindow(demo_ledger, app_paths, settings, lambda: TODAY)
    qtbot.addWidget(w)
    w.resize(AVAILABLE_W, AVAILABLE_H)
    w.show()
    page = w.dashboard
    qtbot.waitUntil(lambda: bool(page.outcome_chart.items), timeout=5000)  # the deferred first fill
    qtbot.wait(50)
    assert page.minimumSizeHint().width() <= w.ui.pages.width()
    cards = list(page.cards.values())
    assert cards[-1].geometry().right() <= page.width()
    chart = page.outcome_chart
    assert len(chart.items) >= 6 and chart.height() >= chart.minimumSizeHint().height()
    assert chart.minimumSizeHint().height() >= len(chart.items) * chart.fontMetrics().height()
