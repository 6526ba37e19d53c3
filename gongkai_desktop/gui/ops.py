"""Long work off the GUI thread: one small mechanism for every action that can take longer than a moment.

An `Operation` runs a plain Python callable in a worker `QThread`. The callable receives an `OpContext`:

- `ctx.ledger` — the worker's OWN connection to the ledger file, opened on first use in the worker thread and
  closed (after rolling back any transaction still open) when the work ends. SQLite connections stay on the
  thread that opened them, so the work never touches the window's ledger; whatever it returns must be plain
  data (dicts, dataclasses, paths), not repository objects.
- `ctx.progress(done, total, text)` — reports progress; it raises `OperationCancelled` once the officer has
  pressed 取消, so a write inside `with ctx.ledger.db.atomic()` rolls back and a file written through
  `write_output` (or `documents.atomic.write_atomically`) leaves only its temporary name, which is removed.
- `ctx.cancelled()` / `ctx.check()` — ask without reporting progress.

On the GUI thread the operation sets a wait cursor at once, shows a `QProgressDialog` (Chinese label, 取消
button when the work can be cancelled) only when the work is still running after about half a second, polls
the latest progress ten times a second (the worker never floods the event queue with signals), and calls
`on_success(result)`, `on_failure(message, exception)` or `on_cancel()` back on the GUI thread. Errors are
shown in Chinese: a `core.errors.DomainError` (every expected refusal, with a Chinese message) as its message;
anything else is a bug, logged with its traceback and shown as 内部错误.

One operation at a time per window: starting a second one in the same top-level window while the first runs
is refused with a message (the first keeps running). Ideas taken from Anki's aqt/operations and aqt/progress.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton, QWidget

from ..core.errors import DomainError
from ..documents.atomic import write_atomically
from ..storage.ledger import Ledger, LedgerError, explain_sqlite_error

log = logging.getLogger("gongkai")
T = TypeVar("T")
SHOW_AFTER_MS = 500
POLL_MS = 100
# While a worker runs, a GUI callback that needs Python's lock waits for the worker to hand it over; Python
# forces the hand-over after the switch interval (5 ms by default). 1 ms keeps the window's stalls short.
SWITCH_INTERVAL = 0.001
_switch = {"active": 0, "saved": sys.getswitchinterval()}


class OperationCancelled(Exception):
    """Raised inside the work by `OpContext.progress`/`check` after the officer pressed 取消."""


def is_domain_error(exc: BaseException) -> bool:
    """An error the officer caused or can fix, whose message is Chinese and meant to be read as it is: a
    `DomainError` (RegistrationError, BackupError, LetterError, LedgerError, OutputFileError, PdfError …).
    Anything else — a plain ValueError such as "invalid literal for int()" included — is a bug."""
    return isinstance(exc, DomainError)


def explain(exc: BaseException, title: str, ledger_path: Path | None = None) -> str:
    """The Chinese message for a failed operation; logs bugs with their traceback."""
    if is_domain_error(exc):
        return str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ledger_path is not None:
        text = str(exc).lower()
        if any(w in text for w in ("locked", "busy", "readonly", "read-only", "full")):
            return explain_sqlite_error(exc, ledger_path) + "刚才的操作没有保存。"
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        where = f"（{exc.filename}）" if exc.filename else ""
        if exc.errno == 28:
            return f"磁盘空间已满{where}，{title}没有完成。请清理磁盘后重试。"
        if isinstance(exc, PermissionError):
            return f"没有权限访问文件{where}，{title}没有完成。"
        return f"文件操作失败{where}：{exc.strerror or exc}。{title}没有完成。"
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("operation %s failed:\n%s", title, details)
    return f"内部错误：{title}没有完成（{type(exc).__name__}）。台账数据未受影响，错误详情已写入日志。"


class OpContext:
    """What the work callable gets: its own ledger connection, progress reporting and the cancel flag."""

    def __init__(self, ledger_path: Path | None, read_only: bool = False, shared: Ledger | None = None):
        self._path = ledger_path
        self._read_only = read_only
        self._shared = shared  # only when the ledger has no file (in memory): the work then runs on the GUI thread
        self._ledger: Ledger | None = None
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._latest: tuple[int, int, str] | None = None
        self.thread: threading.Thread | None = None  # the thread the work ran on (tests check it)

    @property
    def ledger(self) -> Ledger:
        if self._shared is not None:
            return self._shared
        if self._ledger is None:
            if self._path is None:
                raise LedgerError("没有打开台账文件。")
            self._ledger = Ledger.open(self._path, create=False, verify=False, read_only=self._read_only)
        return self._ledger

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        """Record progress, then raise `OperationCancelled` if the officer pressed 取消."""
        self.update(done, total, text)
        self.check()

    def update(self, done: int, total: int = 0, text: str = "") -> None:
        """Record progress only (for work that stops at its own safe point: see `cancelled()`)."""
        with self._lock:
            self._latest = (done, total, text)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise OperationCancelled

    def request_cancel(self) -> None:
        self._cancel.set()

    def latest(self) -> tuple[int, int, str] | None:
        with self._lock:
            return self._latest

    def counted(self, items: Iterable[T], total: int, text: Callable[[int], str], every: int = 200) -> Iterator[T]:
        """Yield the items, reporting progress (and honouring 取消) every `every` items."""
        n = 0
        for item in items:
            if n % every == 0:
                self.progress(n, total, text(n))
            yield item
            n += 1
        self.progress(n, total, text(n))

    def close(self) -> None:
        if self._ledger is not None:
            conn = self._ledger.db.conn
            if conn.in_transaction:
                conn.rollback()
            self._ledger.close()
            self._ledger = None


def write_output(ctx: OpContext, target: Path, write: Callable[[Path], object]) -> Path:
    """Write an output file under a temporary name and move it onto `target` only when the work finished and
    was not cancelled; a cancelled or failed write leaves no partial file (documents.atomic does the renaming)."""

    def inner(tmp: Path) -> None:
        write(tmp)
        ctx.check()

    return write_atomically(target, inner)


class _Worker(QThread):
    """Owned by the application (not by the widget that started it): closing that widget mid-way must not
    destroy a running thread; the worker deletes itself once it has finished."""

    def __init__(self, work: Callable[[OpContext], Any], ctx: OpContext):
        super().__init__(QApplication.instance())
        self.work, self.ctx = work, ctx
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        self.ctx.thread = threading.current_thread()
        try:
            self.result = self.work(self.ctx)
        except BaseException as exc:  # noqa: BLE001 - everything is reported on the GUI thread
            self.error = exc
        finally:
            try:
                self.ctx.close()
            except sqlite3.Error as exc:
                log.warning("closing the worker's ledger connection failed: %s", exc)


_running: dict[int, Operation] = {}  # top-level window id → its running operation


class Operation(QObject, Generic[T]):
    """One piece of work in a worker thread, with the progress dialog, wait cursor and callbacks on the GUI side.

    Build it, then `start()`. `ledger` is the window's ledger: its path (and read-only flag) tell the worker
    what to open; the window's connection itself is never used by the worker."""

    finished = Signal()  # after any outcome, once the callbacks ran

    def __init__(self, parent: QWidget, title: str, work: Callable[[OpContext], T], *,
                 ledger: Ledger | None = None, label: str = "", cancellable: bool = True,
                 on_success: Callable[[T], object] | None = None,
                 on_failure: Callable[[str, BaseException], object] | None = None,
                 on_cancel: Callable[[], object] | None = None,
                 on_progress: Callable[[int, int, str], object] | None = None,
                 show_dialog: bool = True, show_after_ms: int = SHOW_AFTER_MS):
        super().__init__(parent)
        self.parent_widget, self.title, self.work = parent, title, work
        self.label = label or f"正在{title}……"
        self.cancellable = cancellable
        self.on_success, self.on_failure, self.on_cancel = on_success, on_failure, on_cancel
        self.on_progress = on_progress  # a dialog with its own progress bar (batch letters) passes show_dialog=False
        self.show_dialog = show_dialog
        self.show_after_ms = show_after_ms
        self.ledger_path = ledger.path if ledger is not None else None
        shared = ledger if ledger is not None and ledger.path is None else None
        self.ctx = OpContext(self.ledger_path, bool(ledger and ledger.read_only), shared)
        self.dialog: QProgressDialog | None = None
        self.cancel_button: QPushButton | None = None
        self.dialog_shown = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self.message = ""  # the Chinese message shown for a failure
        self.was_cancelled = False
        self.done = False
        self._state = {"done": False}  # shared with `_abandoned`, which must not touch this (deleted) object
        self.started_at = 0.0
        self._worker: _Worker | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._update_dialog)
        self._window_key = id(parent.window())

    # --- starting ---------------------------------------------------------------------------------------------
    def start(self) -> Operation[T] | None:
        """Start the work; returns None (after telling the officer) when this window already runs one."""
        other = _running.get(self._window_key)
        if other is not None and not other.done:
            QMessageBox.information(self.parent_widget, self.title,
                                    f"正在{other.title}，请等它完成（或取消）后再试。")
            self.deleteLater()
            return None
        _running[self._window_key] = self
        self.started_at = time.perf_counter()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor if self.show_dialog else Qt.CursorShape.BusyCursor)
        # the widget (and this object with it) may be destroyed mid-way: then stop the work, give the cursor back
        self.destroyed.connect(functools.partial(_abandoned, self._window_key, self._state, self.ctx))
        if self.ctx._shared is not None:  # an in-memory ledger cannot be opened twice: run here
            self.ctx.thread = threading.current_thread()
            try:
                self.result = self.work(self.ctx)
            except BaseException as exc:  # noqa: BLE001
                self.error = exc
            self._finish()
            return self
        if self.show_dialog:
            self._make_dialog()
        _switch["active"] += 1
        if _switch["active"] == 1:
            _switch["saved"] = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_INTERVAL)
        self._worker = _Worker(self.work, self.ctx)
        self._worker.finished.connect(_worker_stopped)
        self._worker.finished.connect(self._worker_finished)
        self._worker.finished.connect(self._worker.deleteLater)
        self._worker.start()
        self._poll.start()
        return self

    def _make_dialog(self) -> None:
        dialog = QProgressDialog(self.label, "取消" if self.cancellable else "", 0, 0, self.parent_widget)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(360)
        if not self.cancellable:
            dialog.setCancelButton(None)
        else:
            self.cancel_button = QPushButton("取消")
            dialog.setCancelButton(self.cancel_button)
            dialog.canceled.disconnect(dialog.cancel)  # keep it open, showing 正在取消, until the worker stops
            dialog.canceled.connect(self.cancel)
        dialog.setMinimumDuration(10**8)  # shown by our own timer, never by QProgressDialog's estimate
        self.dialog = dialog
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_dialog)
        self._show_timer.start(self.show_after_ms)

    def _show_dialog(self) -> None:
        if self.done or self.dialog is None:
            return
        self.dialog.show()
        self.dialog_shown = True
        QApplication.changeOverrideCursor(Qt.CursorShape.BusyCursor)  # 取消 stays clickable
        self._update_dialog()

    def _update_dialog(self) -> None:
        if self.on_progress is not None and (latest := self.ctx.latest()) is not None:
            self.on_progress(*latest)
        if self.dialog is None or not self.dialog_shown:
            return
        if self.ctx.cancelled():
            self.dialog.setLabelText("正在取消……")
            return
        latest = self.ctx.latest()
        if latest is None:
            return
        done, total, text = latest
        self.dialog.setLabelText(text or self.label)
        if self.dialog.maximum() != max(total, 0):
            self.dialog.setRange(0, max(total, 0))  # 0: a busy bar for a step without a count
        if total > 0:
            self.dialog.setValue(min(done, total))  # last: a modal QProgressDialog processes events here

    # --- cancelling and waiting -------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (it may finish first)."""
        if not self.cancellable or self.done:
            return
        self.ctx.request_cancel()
        if self.dialog is not None and self.dialog_shown:
            self.dialog.setLabelText("正在取消……")
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)

    def running(self) -> bool:
        return not self.done

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Block until the work finished and its callbacks ran (tests, shutdown). Returns whether it did."""
        if self._worker is not None and not self.done:
            self._worker.wait(timeout_ms)
        deadline = time.perf_counter() + timeout_ms / 1000
        while not self.done and time.perf_counter() < deadline:
            QApplication.processEvents()
            time.sleep(0.002)
        return self.done

    # --- finishing --------------------------------------------------------------------------------------------
    def _worker_finished(self) -> None:
        assert self._worker is not None
        self.result, self.error = self._worker.result, self._worker.error
        self._worker = None  # it deletes itself (deleteLater)
        self._finish()

    def _finish(self) -> None:
        if self.done:
            return
        self.done = True
        self._state["done"] = True
        self._poll.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        QApplication.restoreOverrideCursor()
        if _running.get(self._window_key) is self:
            del _running[self._window_key]
        try:
            if isinstance(self.error, OperationCancelled):
                self.was_cancelled = True
                if self.on_cancel is not None:
                    self.on_cancel()
            elif self.error is not None:
                self.message = explain(self.error, self.title, self.ledger_path)
                if self.on_failure is not None:
                    self.on_failure(self.message, self.error)
                else:
                    QMessageBox.warning(self.parent_widget, f"{self.title}失败", self.message)
            elif self.on_success is not None:
                self.on_success(self.result)  # type: ignore[arg-type]
        finally:
            self.finished.emit()  # the object stays (a child of its widget) so callers can read the outcome


def _worker_stopped() -> None:
    _switch["active"] -= 1
    if _switch["active"] == 0:
        sys.setswitchinterval(_switch["saved"])


def _abandoned(window_key: int, state: dict, ctx: OpContext, *_args: object) -> None:
    if state["done"]:
        return
    state["done"] = True
    ctx.request_cancel()
    QApplication.restoreOverrideCursor()
    _running.pop(window_key, None)


def run_op(parent: QWidget, title: str, work: Callable[[OpContext], T], **kwargs: Any) -> Operation[T] | None:
    """Build and start an operation (see `Operation` for the keyword arguments)."""
    return Operation(parent, title, work, **kwargs).start()


def run_and_wait(parent: QWidget, title: str, work: Callable[[OpContext], T], **kwargs: Any) -> T:
    """Run `work` as an Operation (own ledger connection, progress dialog after half a second, 取消, wait cursor)
    and wait for it in a local event loop — the window keeps repainting and 取消 stays clickable — for a step
    that must answer at once, like a wizard page's validatePage. Returns the result; raises
    `OperationCancelled` when cancelled and the work's own exception when it failed (a bug is also logged)."""
    loop = QEventLoop()
    op = Operation(parent, title, work, on_failure=lambda _message, _exc: None, **kwargs)
    op.finished.connect(loop.quit)
    if op.start() is None:
        raise OperationCancelled  # another operation runs in this window (the officer was told)
    if not op.done:
        loop.exec()
    if op.was_cancelled:
        raise OperationCancelled
    if op.error is not None:
        raise op.error
    return op.result  # type: ignore[return-value]


def stop_flag(ctx: OpContext) -> Callable[..., bool]:
    """A progress callback for work that stops at its own safe point (a file of a batch, an archive case):
    `progress(done, total, text)` records the progress and returns False once the officer pressed 取消."""

    def report(done: int, total: int = 0, text: str = "") -> bool:
        ctx.update(done, total, text)
        return not ctx.cancelled()

    return report


def run_job(parent: QWidget, title: str, ledger: Ledger, job: Callable[[Ledger, Callable[..., bool]], T],
            on_progress: Callable[[int, int, str], object] | None,
            on_finished: Callable[[T | None, str], object]) -> Operation[T] | None:
    """For a dialog with its own progress bar and result area: run `job(ledger, progress)` on the worker's own
    connection (`progress` returns False once cancelled, see `stop_flag`), then `on_finished(result, "")` or
    `on_finished(None, Chinese message)` on the GUI thread; `Operation.cancel()` asks the job to stop."""
    return run_op(parent, title, lambda ctx: job(ctx.ledger, stop_flag(ctx)), ledger=ledger, show_dialog=False,
                  on_progress=on_progress, on_success=lambda result: on_finished(result, ""),
                  on_failure=lambda message, _exc: on_finished(None, message),
                  on_cancel=lambda: on_finished(None, ""))


def running_operation(widget: QWidget) -> Operation | None:
    """The operation running in this widget's window, if any."""
    op = _running.get(id(widget.window()))
    return op if op is not None and not op.done else None
