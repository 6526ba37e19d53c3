"""Long ledger work off the GUI thread: a QThread worker that opens its own connection to the ledger file
(SQLite connections stay on the thread that opened them), reports progress through signals and can be
cancelled between steps. Used by the 反馈表 export/import and the 督办通知 dialogs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ...storage.ledger import Ledger, LedgerError

# job(ledger, progress) → result; progress(done, total, what) returns False once cancelled
Job = Callable[[Ledger, Callable[[int, int, str], bool]], Any]


class LedgerWorker(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object, str)  # result, error message ('' when none)

    def __init__(self, ledger_path: Path, job: Job):
        super().__init__()
        self.ledger_path, self.job = ledger_path, job
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        try:
            ledger = Ledger.open(self.ledger_path)
        except LedgerError as exc:
            self.finished.emit(None, str(exc))
            return
        try:
            def report(done: int, total: int, what: str) -> bool:
                self.progress.emit(done, total, what)
                return not self.cancelled

            result = self.job(ledger, report)
        except (ValueError, OSError) as exc:  # TaskUnitError, OutputFileError, TemplateProblem are ValueErrors
            self.finished.emit(None, str(exc))
            return
        finally:
            ledger.close()
        self.finished.emit(result, "")


def start_worker(owner: QObject, ledger_path: Path, job: Job, on_progress: Callable[[int, int, str], None],
                 on_finished: Callable[[Any, str], None]) -> tuple[QThread, LedgerWorker]:
    """Run `job` on a new QThread owned by `owner`.

    The thread quits from the worker's own thread (a direct connection): a queued quit would need the GUI
    loop, so an owner waiting for the thread on the GUI thread (closing the dialog) waited for ever and the
    QThread was then destroyed while running, which aborts the process (issue 28: the 依申请转主动 dialog).
    If the owner goes away while the job runs, the job is told to stop and the thread is waited for before
    Qt deletes it."""
    worker = LedgerWorker(ledger_path, job)
    thread = QThread(owner)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.progress.connect(on_progress)
    worker.finished.connect(on_finished)
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)

    def owner_gone(*_: object) -> None:
        worker.cancelled = True
        thread.quit()
        thread.wait()

    owner.destroyed.connect(owner_gone)
    thread.start()
    return thread, worker
