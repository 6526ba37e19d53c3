"""The detail panel of one application: its clock, its workflow actions and its timeline.

Actions open their dialog window-modally (`open()`, not `exec()`), and the panel reloads when one is
saved; the methods return the dialog so tests and keyboard users can drive it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core import steps as step_table
from ...core.applications import OUTCOME_BY_CODE, mask_id, mask_phone, outcome_name
from ...core.clock import ClockError, ClockResult, EventKind
from ...core.forms import FORM_TYPES
from ...core.letters import LETTER_BY_SLUG
from ...core.registration import identity_reminder
from ...core.steps import StepDef, StepError
from ...core.workdays import cn_date, weekday_name
from ...services.case import CaseService, CaseView
from ...services.letters import LetterService
from ...storage.applications_repo import ActionError
from ...storage.attachments_repo import AttachmentError
from ...storage.ledger import Ledger
from .. import theme
from . import file_dialogs
from .letter_dialog import LetterDialog
from .reopen_dialog import ReopenDialog
from .review_dialog import ReviewDialog
from .step_dialog import StepDialog
from .widgets import audit_line, open_path


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    t.setWordWrap(True)
    return t


class ApplicationDetail(QWidget):
    changed = Signal(str)  # 申请编号 of an application whose events or records changed

    def __init__(self, ledger: Ledger, letters: LetterService, today: Callable[[], date],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.letters, self.today = ledger, letters, today
        self.app: dict[str, Any] | None = None
        self.result: ClockResult | None = None
        self.show_personal = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.head = QLabel("选择一件申请查看答复期限及计算过程。")
        self.head.setWordWrap(True)
        self.head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.head)

        buttons = QHBoxLayout()
        second = QHBoxLayout()  # two rows: twelve buttons in one row were cut off at 1024×768 (issue 28)
        self.case = CaseService(ledger, step_table.STEP_BY_SLUG)
        self.view: CaseView | None = None
        # the menus come from the step table: clock steps under 记录办理事项, the chain and 送达 under 内部审批
        self.actions: dict[str, QAction] = {}  # type: ignore[assignment]  # shadows QWidget.actions() (unused); see note
        self.action_button = self._step_menu_button("记录办理事项 ▾", clock=True)
        buttons.addWidget(self.action_button)
        self.chain_button = self._step_menu_button("内部审批与送达 ▾", clock=False)
        buttons.addWidget(self.chain_button)
        self.undo_button = QPushButton("撤销上一项")
        self.undo_button.clicked.connect(lambda: self.undo_last())
        buttons.addWidget(self.undo_button)
        self.letter_button = QPushButton("生成文书…")
        self.letter_button.clicked.connect(lambda: self.make_letter())
        buttons.addWidget(self.letter_button)
        self.edit_button = QPushButton("修改登记信息…")  # issue 28: edit_application_dialog
        self.edit_button.clicked.connect(lambda: self.edit_registration())
        second.addWidget(self.edit_button)
        self.void_button = QPushButton("作废…")
        self.void_button.clicked.connect(lambda: self.void_application())
        second.addWidget(self.void_button)
        self.review_button = QPushButton("复议/诉讼…")
        self.review_button.clicked.connect(lambda: self.edit_review(None))
        second.addWidget(self.review_button)
        self.reopen_button = QPushButton("重新答复…")
        self.reopen_button.setToolTip("责令重新答复或自行纠正：登记来由和期限（原答复和表三不变）")
        self.reopen_button.clicked.connect(lambda: self.reopen())
        second.addWidget(self.reopen_button)
        self.items_button = QPushButton("申请事项…")  # items, their findings, 一事一申请 split (issue 20)
        self.items_button.clicked.connect(lambda: self.edit_items())
        second.addWidget(self.items_button)
        # 送达、检索/沟通/提供信息记录 and the printable forms (issue 17, 16), each its own dialog
        self.evidence_button = QToolButton()
        self.evidence_button.setText("送达与证据 ▾")
        self.evidence_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        evidence_menu = QMenu(self.evidence_button)
        self.deliver_action = evidence_menu.addAction("登记送达（交邮、签收、回证扫描件）…")
        self.deliver_action.triggered.connect(lambda: self.open_case_dialog("deliver"))
        self.complete_delivery_action = evidence_menu.addAction("补记妥投（签收）…")  # on an existing 送达
        self.complete_delivery_action.triggered.connect(lambda: self.record("delivered"))
        self.records_action = evidence_menu.addAction("检索、沟通记录和提供信息清单…")
        self.records_action.triggered.connect(lambda: self.open_case_dialog("records"))
        self.forms_action = evidence_menu.addAction("生成呈批表、保密审查单、送达回证…")
        self.forms_action.triggered.connect(lambda: self.open_case_dialog("forms"))
        self.evidence_button.setMenu(evidence_menu)
        buttons.addWidget(self.evidence_button)
        self.attach_button = QPushButton("添加附件…")
        self.attach_button.clicked.connect(self._choose_attachment)
        buttons.addWidget(self.attach_button)
        self.archive_button = QPushButton("归档…")
        self.archive_button.clicked.connect(lambda: self.open_archive())
        second.addWidget(self.archive_button)
        buttons.addStretch()
        second.addStretch()
        layout.addLayout(buttons)
        layout.addLayout(second)

        self.tabs = QTabWidget()
        self.trail = QPlainTextEdit()
        self.trail.setReadOnly(True)
        self.tabs.addTab(self.trail, "期限计算过程")
        self.timeline = _table(["日期", "事项", "内容"])
        self.timeline.cellDoubleClicked.connect(self._timeline_activated)
        self.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)  # 打开 / 打印 / 所在文件夹
        self.timeline.customContextMenuRequested.connect(self._timeline_menu)
        self.tabs.addTab(self.timeline, "办理记录")
        self.steps_table = _table(["日期", "步骤", "签署人", "结论", "意见及内容"])
        self.tabs.addTab(self.steps_table, "内部审批")
        self.applicant_view = QLabel()
        self.applicant_view.setWordWrap(True)
        self.applicant_view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.applicant_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.applicant_view, "申请人")
        self.reviews = _table(["类型", "申请（起诉）日期", "机关或法院", "结果", "决定日期"])
        self.reviews.cellDoubleClicked.connect(lambda r, _c: self.edit_review(self._review_rows[r]))
        self.tabs.addTab(self.reviews, "复议诉讼")
        self.audit_view = QPlainTextEdit()
        self.audit_view.setReadOnly(True)
        self.tabs.addTab(self.audit_view, "操作记录")
        layout.addWidget(self.tabs, 1)
        self._review_rows: list[dict[str, Any]] = []
        self._timeline_files: dict[int, dict[str, Any]] = {}
        self._set_enabled(False)

    def edit_items(self) -> QWidget:
        from .items_dialog import ItemsDialog

        assert self.app is not None
        dialog = ItemsDialog(self.ledger, self.app["no"], self.today(), self)
        no = self.app["no"]
        dialog.finished.connect(lambda _r: self.changed.emit(no))
        dialog.open()
        return dialog

    def _step_menu_button(self, text: str, clock: bool) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.setToolTipsVisible(True)  # a greyed step says why it is not possible now
        section = None
        for step in step_table.STEP_BY_SLUG.values():
            if step.is_clock != clock:
                continue
            if section is not None and step.section != section:
                menu.addSeparator()
            section = step.section
            act = menu.addAction(step.label)
            act.setToolTip(step.effect)
            act.triggered.connect(lambda _c=False, slug=step.slug: self.record(slug))
            self.actions[step.slug] = act
        button.setMenu(menu)
        return button

    def _set_enabled(self, on: bool) -> None:
        for w in (self.action_button, self.chain_button, self.undo_button, self.letter_button, self.review_button,
                  self.reopen_button, self.items_button, self.evidence_button, self.attach_button, self.edit_button, self.void_button,
                  self.archive_button):
            w.setEnabled(on)

    # --- showing ------------------------------------------------------------------------------------
    def show_application(self, no: str | None) -> None:
        self.app = self.ledger.applications.get(no) if no else None
        if self.app is None:
            self.head.setText("选择一件申请查看答复期限及计算过程。")
            self.trail.setPlainText("")
            self.timeline.setRowCount(0)
            self._set_enabled(False)
            return
        app = self.app
        self._set_enabled(not app.get("voided_at"))
        cal = self.ledger.calendar.load()
        today = self.today()
        rows = self.ledger.applications.event_rows(app["id"], include_voided=True)  # read once for both tabs
        try:
            result = self.ledger.applications.clock(app, cal, today)
        except ClockError as exc:
            self.result = None
            self.head.setText(f"{app['no']}：事项记录有误，无法计算期限：{exc}（可撤销最后一项后重新登记）")
            self.trail.setPlainText("")
            self._fill_timeline(rows)
            return
        self.result = result
        closed = result.closed_on is not None
        self.view = view = self.case.view(app["no"], today)
        for choice in view.choices:
            act = self.actions.get(choice.step.slug)
            if act is not None:
                act.setEnabled(choice.possible)
                act.setToolTip(choice.reason or choice.step.effect)
            if choice.step.slug == "delivered":
                self.complete_delivery_action.setEnabled(choice.possible)
        self.action_button.setEnabled(not closed)
        colour = theme.STATUS_COLOURS[result.status.value].name()
        lines = [
            f"<b style='font-size:15px'>{app['no']}</b>　{app['applicant']}（{app['category']}）",
            f"申请内容：{app['content_title']}",
            f"申请方式：{app['channel']}　收到日期：{cn_date(date.fromisoformat(app['received']))}"
            f"　承办人：{app['handler'] or '—'}",
            f"状态：<span style='color:{colour}'><b>{result.status.value}</b></span>",
        ]
        if result.due is not None and not closed:
            left = ""
            if result.remaining is not None:
                left = f"，剩余{result.remaining}个工作日" if result.remaining >= 0 else f"，已逾期{-result.remaining}个工作日"
            lines.append(f"答复期限：<b>{cn_date(result.due)}（{weekday_name(result.due)}）</b>{left}")
        for name, day in result.waiting.items():
            lines.append(f"等待中：{name} {cn_date(day)}")
        if closed:
            assert result.closed_on is not None
            late = result.late_reply and view.timeliness is None  # a reply: the 送达 line below says which date counted
            due = f"答复期限{cn_date(result.due)}" if result.due else "答复期限"
            lines.append(f"办结日期：{cn_date(result.closed_on)}"
                         + (f"（晚于{due}）" if late else f"（{due}）" if result.due else ""))
        t = view.timeliness  # the reply judged on its 送达 (交邮 or 签收), issue 17
        if t is not None:
            late_style = f" style='color:{theme.OVERDUE.name()}'" if t.late else ""
            lines.append(f"送达：<b{late_style}>{'已答复待送达' if t.basis == 'awaiting' else '答复' + t.label}</b>　{t.why}")
        if app["outcome"] in OUTCOME_BY_CODE:
            lines.append(f"办理结果：{OUTCOME_BY_CODE[app['outcome']].full}（{app['outcome_basis'] or ''}）")
        if app["fee_method"]:
            paid = f"，已缴{app['fee_paid_amount']}元" if app["fee_paid_amount"] is not None else "，未缴"
            lines.append(f"信息处理费：{app['fee_method']}计收 {app['fee_amount']}元{paid}")
        if result.provisional and not closed:  # a closed case's dates are final (issue 28)
            years = "、".join(f"{y}年" for y in result.unknown_years)
            lines.append(f"<span style='color:{theme.DUE_SOON.name()}'>⚠ 暂定：{years}尚无国务院节假日安排</span>")
        subs = [f"{k}：{cn_date(v)}" for k, v in result.sub_deadlines.items() if k != "答复期限"]
        if subs:
            lines.append("；".join(subs))
        if not closed:
            stage = view.state.chain_stage()
            internal = "；".join(f"{d.label}{cn_date(d.due)}" + ("（已过）" if d.due < today else "")
                                 for d in view.internal)
            lines.append(f"内部审批：{stage}" + (f"　内部期限：{internal}" if internal else ""))
        for w in view.warnings:  # evidence a court would find missing (no 检索记录 behind 信息不存在 …)
            lines.append(f"<span style='color:{theme.DUE_SOON.name()}'>⚠ {w}</span>")
        reminder = identity_reminder(app, view.state.correction_sent)  # 缺身份证明 (issue 28)
        if reminder:
            lines.insert(1, f"<span style='color:{theme.DUE_SOON.name()}'>⚠ {reminder}</span>")
        if app.get("voided_at"):  # issue 28: kept, counted nowhere
            lines.insert(0, f"<b style='color:#b71c1c'>已作废（{app['voided_at'][:10]}）：{app['void_reason']}</b>")
        self.head.setText("<br>".join(lines))
        self.trail.setPlainText("\n".join(result.trail + [f"注意：{w}" for w in result.warnings]))
        self._fill_timeline(rows)
        self._fill_steps(rows)
        self._fill_applicant()
        self._fill_reviews()
        self.audit_view.setPlainText("\n".join(audit_line(e) for e in self.ledger.audit.entries("application", app["no"])))

    def _fill_timeline(self, rows: list[dict[str, Any]]) -> None:
        assert self.app is not None
        entries: list[tuple[str, int, str, str, dict[str, Any] | None, bool]] = []
        for e in rows:
            step = step_table.STEP_BY_SLUG.get(e["kind"])
            if step is None or not step.is_clock:  # case steps have their own tab
                continue
            kind = EventKind(e["kind"])
            parts = []
            if e["days"]:
                parts.append(f"{e['days']}个工作日")
            if e["ref"]:
                parts.append(e["ref"])
            if e["until"]:
                parts.append(f"期限至{e['until']}")
            if e["received_by_party"]:
                parts.append(f"对方签收{e['received_by_party']}")
            if e["approver"]:
                parts.append(f"批准人：{e['approver']}")
            if e["note"]:
                parts.append(e["note"])
            if kind is EventKind.REPLIED and self.app["outcome"] and not e["voided_at"]:
                parts.insert(0, outcome_name(self.app["outcome"]))
            label = kind.label + ("（已撤销）" if e["voided_at"] else "")
            entries.append((e["day"], 1, label, "；".join(parts), None, bool(e["voided_at"])))
        for r in self.ledger.letters.for_application(self.app["id"]):
            name = LETTER_BY_SLUG[r["type"]].name if r["type"] in LETTER_BY_SLUG else r["type"]
            entries.append((r["issued"], 2, "文书", f"{name}　{r['doc_number']}（双击打开）", dict(r), False))
        for f in self.ledger.records.forms_for_application(self.app["id"]):  # 呈批表、保密审查单、送达回证
            name = FORM_TYPES[f["type"]].name if f["type"] in FORM_TYPES else f["type"]
            entries.append((f["made"], 2, "表单", f"{name}（双击打开）", {**f, "doc_number": ""}, False))
        for a in self.ledger.attachments.for_application(self.app["id"]):
            entries.append((a["added"][:10], 3, "附件", a["name"] + "（双击打开）", a, False))
        entries.insert(0, (self.app["received"], 0, "收到申请", self.app["channel"], None, False))
        entries.sort(key=lambda x: (x[0], x[1]))
        self.timeline.setRowCount(len(entries))
        self._timeline_files = {}
        for row, (day, order, label, text, payload, voided) in enumerate(entries):
            for c, v in enumerate((day, label, text)):
                item = QTableWidgetItem(v)
                if voided:
                    item.setForeground(QBrush(theme.CLOSED))
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                self.timeline.setItem(row, c, item)
            if order in (2, 3) and payload is not None:
                self._timeline_files[row] = payload

    def _fill_steps(self, all_rows: list[dict[str, Any]]) -> None:
        """The internal chain and 送达 (voided steps struck through)."""
        assert self.app is not None
        rows = [r for r in all_rows
                if r["kind"] in step_table.STEP_BY_SLUG and not step_table.STEP_BY_SLUG[r["kind"]].is_clock]
        self.steps_table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            step = step_table.STEP_BY_SLUG[r["kind"]]
            data = json.loads(r["data"] or "{}")
            details = "；".join(x.rstrip("。；;") for x in [r["opinion"] or "", *(_data_text(step, data))] if x)
            if r["voided_at"]:
                details = "（已撤销" + (f"：{r['void_reason']}" if r["void_reason"] else "") + "）" + details
            for c, v in enumerate((r["day"], step.label, r["signer"] or "", r["result"] or "", details)):
                item = QTableWidgetItem(v)
                if r["voided_at"]:
                    item.setForeground(QBrush(theme.CLOSED))
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                self.steps_table.setItem(i, c, item)
        live = sum(1 for r in rows if not r["voided_at"])
        self.tabs.setTabText(self.tabs.indexOf(self.steps_table), f"内部审批（{live}）" if live else "内部审批")

    def _fill_applicant(self) -> None:
        assert self.app is not None
        a = self.app
        ident = a["id_number"] or a["credit_code"] or ""
        rows = [("类型", a["applicant_kind"]), ("名称" if a["credit_code"] else "姓名", a["applicant"]),
                ("类别", a["category"]),
                ("证件号码" if a["id_number"] else "统一社会信用代码", ident if self.show_personal else mask_id(ident)),
                ("联系电话", a["phone"] if self.show_personal else mask_phone(a["phone"])),
                ("通讯地址", a["address"]), ("邮政编码", a["postcode"]), ("电子邮箱", a["email"]),
                ("法定代表人", a["legal_rep"]), ("联系人", a["contact"])]
        text = "<br>".join(f"{k}：{v}" for k, v in rows if v)
        history = self.ledger.applications.applicant_history(a["applicant_id"])
        month = self.ledger.applications.month_rank(a)
        text += f"<br><br>本件为该申请人当月第 {month} 件申请；共登记申请 {len(history)} 件："
        for h in history[:20]:
            mark = "（本件）" if h["no"] == a["no"] else ""
            text += f"<br>　{h['no']}　{h['received']}　{h['content_title']}　{outcome_name(h['outcome'])}{mark}"
        self.applicant_view.setText(text)

    def _fill_reviews(self) -> None:
        assert self.app is not None
        self._review_rows = self.ledger.reviews.for_application(self.app["id"])
        self.reviews.setRowCount(len(self._review_rows))
        for r, row in enumerate(self._review_rows):
            for c, key in enumerate(("kind", "filed", "organ", "result", "decided")):
                self.reviews.setItem(r, c, QTableWidgetItem(row[key] or ""))
        self.tabs.setTabText(self.tabs.indexOf(self.reviews),
                             f"复议诉讼（{len(self._review_rows)}）" if self._review_rows else "复议诉讼")

    def _reload(self) -> None:
        if self.app is not None:
            no = self.app["no"]
            self.show_application(no)
            self.changed.emit(no)

    # --- actions ----------------------------------------------------------------------------------------
    def record(self, step: EventKind | str) -> StepDialog | None:
        """Open the dialog of one step (a clock event kind or a step slug of the table)."""
        if self.app is None:
            return None
        slug = step.value if isinstance(step, EventKind) else step
        dialog = StepDialog(self.case, self.app["no"], step_table.STEP_BY_SLUG[slug], self.today(), self)
        dialog.accepted.connect(self._reload)

        def announce() -> None:
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(dialog.result_text, 8000)

        dialog.accepted.connect(announce)
        dialog.open()
        return dialog

    def edit_registration(self, exec_: bool = True):
        """修改登记信息 (issue 28); returns the dialog (not run when exec_ is False, for tests)."""
        from .edit_application_dialog import EditApplicationDialog

        if self.app is None:
            return None
        no = self.app["no"]
        dialog = EditApplicationDialog(self.ledger, no, self.today(), self)

        def saved() -> None:
            self.show_application(no)
            self.changed.emit(no)

        dialog.accepted.connect(saved)
        if exec_:
            dialog.exec()
        return dialog

    def void_application(self) -> bool:
        from .edit_application_dialog import ask_void

        if self.app is None or not ask_void(self, self.ledger, self.app["no"]):
            return False
        no = self.app["no"]
        self.show_application(no)
        self.changed.emit(no)
        return True

    def undo_last(self, confirm: bool = True) -> None:
        if self.app is None:
            return
        last = self.case.last_step(self.app["no"])
        if last is None:
            QMessageBox.information(self, "撤销", "这件申请没有可撤销的办理事项。")
            return
        if confirm and QMessageBox.question(
            self, "撤销上一项",
            f"撤销“{last['label']}”（{last['day']}）？\n撤销后该记录保留并标注“已撤销”，操作记入日志。"
        ) != QMessageBox.StandardButton.Yes:
            return
        # --- issue 22: undoing a closing that a finalised year's 表三 counts needs a reason ---------------------
        from PySide6.QtWidgets import QInputDialog

        from ...services.annual_report import undo_impact

        reason = ""
        impacts = undo_impact(self.ledger, self.app["no"])
        if impacts:
            reason, ok = QInputDialog.getText(self, "已定稿年度", "\n".join(i.message for i in impacts)
                                              + "\n\n如确需撤销，请写明原因（记入操作日志，年度报告页列出）：")
            if not ok or not reason.strip():
                return
        # --- end issue 22 --------------------------------------------------------------------------------------
        try:
            self.case.undo(self.app["no"], self.today(), finalised_reason=reason)
        except (StepError, ActionError, ClockError) as exc:
            QMessageBox.warning(self, "无法撤销", str(exc))
            return
        self._reload()

    def edit_review(self, review: dict[str, Any] | None) -> ReviewDialog | None:
        if self.app is None:
            return None
        dialog = ReviewDialog(self.ledger, self.app, self.today(), review, self)
        dialog.accepted.connect(self._reload)
        dialog.open()
        return dialog

    def reopen(self) -> ReopenDialog | None:
        """重新答复: the reopening with its period; the new answer is then the `re-reply` step."""
        if self.app is None:
            return None
        dialog = ReopenDialog(self.case, self.app["no"], self.today(), self.ledger.reviews.for_application(self.app["id"]),
                              self)
        dialog.accepted.connect(self._reload)
        dialog.open()
        return dialog

    def open_archive(self) -> QWidget | None:
        """The 归档 dialog: checklist, 归档类别 of the attachments, 档号; 归档 and 撤销归档."""
        from .archive_dialog import ArchiveDialog
        if self.app is None:
            return None
        dialog = ArchiveDialog(self.ledger, self.app["no"], self.today(), self)
        dialog.finished.connect(lambda _r: self._reload())
        dialog.open()
        return dialog

    def _choose_attachment(self) -> None:
        name, _ = file_dialogs.get_open_file_name(self, "选择附件", "", "所有文件 (*)")
        if name:
            self.attach(name)

    def attach(self, name: str) -> bool:
        if self.app is None:
            return False
        try:
            self.ledger.attachments.attach(self.app["id"], self.app["no"], Path(name))
        except AttachmentError as exc:
            QMessageBox.warning(self, "无法添加附件", str(exc))
            return False
        self._reload()
        return True

    def timeline_file(self, row: int) -> Path | None:
        """The file of a timeline row (letter, form or attachment); None (with a message) when there is none."""
        payload = self._timeline_files.get(row)
        if payload is None:
            return None
        try:
            path = Path(payload["file"]) if "doc_number" in payload else self.ledger.attachments.path_of(payload)
        except AttachmentError as exc:
            QMessageBox.warning(self, "无法打开文件", str(exc))
            return None
        return path

    def _timeline_menu(self, pos) -> None:
        row = self.timeline.rowAt(pos.y())
        if row not in self._timeline_files:
            return
        menu = QMenu(self)
        menu.addAction("打开", lambda: self._timeline_activated(row, 0))
        menu.addAction("打印…", lambda: self.print_row(row))
        menu.addAction("打开所在文件夹", lambda: (lambda p: p and open_path(self, p.parent))(self.timeline_file(row)))
        menu.exec(self.timeline.viewport().mapToGlobal(pos))

    def print_row(self, row: int, ask_printer: bool = True):
        """打印 a generated letter or form (or an attachment) through the system (issue 28)."""
        from .printing import print_file

        path = self.timeline_file(row)
        return print_file(self, path, ask_printer) if path is not None else None

    def _timeline_activated(self, row: int, _column: int) -> None:
        payload = self._timeline_files.get(row)
        if payload is None:
            return
        try:
            path = Path(payload["file"]) if "doc_number" in payload else self.ledger.attachments.path_of(payload)
        except AttachmentError as exc:
            QMessageBox.warning(self, "无法打开文件", str(exc))
            return
        if not path.exists():
            QMessageBox.warning(self, "无法打开文件", f"文件不存在（可能已被移动或删除）：{path}")
            return
        open_path(self, Path(path))

    def open_case_dialog(self, what: str) -> QWidget | None:
        """送达 / 证据记录 / 表单 dialogs (gui/views/delivery_dialog, evidence_dialog, case_form_dialog)."""
        if self.app is None:
            return None
        no, today = self.app["no"], self.today()
        if what == "deliver":
            from .delivery_dialog import open_delivery_dialog

            dialog: QWidget = open_delivery_dialog(self, self.ledger, no, today)
        elif what == "records":
            from .evidence_dialog import open_evidence_dialog

            dialog = open_evidence_dialog(self, self.ledger, no, today)
        else:
            from ...paths import resources_dir
            from ...services.case_forms import FormService
            from .case_form_dialog import open_form_dialog

            dialog = open_form_dialog(self, FormService.for_ledger(self.ledger, resources_dir() / "templates"), no,
                                      today)
        dialog.finished.connect(lambda _r: self._reload())  # type: ignore[attr-defined]
        return dialog

    def make_letter(self, slug: str | None = None) -> LetterDialog | None:
        if self.app is None:
            return None
        dialog = LetterDialog(self.letters, self.app["no"], self.today(), self, preselect=slug)
        dialog.accepted.connect(self._reload)
        dialog.open()
        return dialog


def _data_text(step: StepDef, data: dict[str, Any]) -> list[str]:
    """A step's other fields as short Chinese phrases (label：value)."""
    out = []
    for f in step.fields:
        value = data.get(f.key)
        if value in (None, "", False):
            continue
        if f.key == "outcome":
            value = OUTCOME_BY_CODE[value].full if value in OUTCOME_BY_CODE else value
        out.append(f.label.split("（")[0] if value is True else f"{f.label.split('（')[0]}：{value}")
    return out
