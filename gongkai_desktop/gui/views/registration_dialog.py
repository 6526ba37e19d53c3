"""登记申请: the keyboard-first registration form with field-level messages.

The applicant is matched against the ledger as it is typed (same ID / credit code, or same name and phone):
the officer sees their history, this month's count (which decides the 按件 fee tier) and any earlier request
that reads like this one (a possible 重复申请). Nothing is saved until every field is valid."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.applications import CHANNEL_BY_NAME, CHANNELS, NATURAL_PERSON, ORG_CATEGORIES, outcome_name
from ...core.registration import (
    DELIVERIES,
    FORMS_REQUIRED,
    ID_TYPES,
    KINDS,
    MISSING_ID_ADVICE,
    MISSING_ID_FLAG,
    missing_identity,
    similar_requests,
    validate_applicant,
    validate_application,
)
from ...storage.applications_repo import RegistrationError
from ...storage.attachments_repo import AttachmentError
from ...storage.ledger import Ledger
from ..preferences import Preferences
from . import file_dialogs
from .earlier_answers import EarlierAnswersBox
from .field_form import FieldForm
from .widgets import date_edit, fit_to_screen, picked, qdate

# 申请方式 is not remembered: it decides the 收到日期 rule (第31条), so each form starts at 当面 (issue 28)
REMEMBERED = ("id_type", "form_required", "delivery", "department", "handler")
DEFAULT_CHANNEL = "当面"


def _combo(items, editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    box.setEditable(editable)
    return box


class RegistrationDialog(QDialog):
    def __init__(self, ledger: Ledger, today: date, parent: QWidget | None = None, prefs: Preferences | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.today = today
        self.prefs = prefs if prefs is not None else Preferences()  # the officer's own defaults (not the ledger's)
        self.created_no: str | None = None
        self.files: list[Path] = []
        self.setWindowTitle("登记依申请公开申请")
        fit_to_screen(self, None, 760, 820)

        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        # --- applicant ---
        group = QGroupBox("申请人")
        self.person = FieldForm(group)
        f = self.person
        self.kind = f.add("kind", "申请人类型(&T)", _combo(KINDS))
        self.name = f.add("name", "姓名(&N)", QLineEdit())
        self.id_type = f.add("id_type", "证件类型", _combo(ID_TYPES))
        self.id_number = f.add("id_number", "证件号码(&I)", QLineEdit())
        self.category = f.add("category", "类别", _combo(ORG_CATEGORIES))
        self.credit_code = f.add("credit_code", "统一社会信用代码(&I)", QLineEdit())
        self.legal_rep = f.add("legal_rep", "法定代表人", QLineEdit())
        self.contact = f.add("contact", "联系人", QLineEdit())
        self.phone = f.add("phone", "联系电话(&P)", QLineEdit())
        self.address = f.add("address", "通讯地址", QLineEdit())
        self.postcode = f.add("postcode", "邮政编码", QLineEdit())
        self.email = f.add("email", "电子邮箱", QLineEdit())
        self.postcode.setMaxLength(6)
        self.id_number.setMaxLength(30)
        self.credit_code.setMaxLength(18)
        self.match_label = QLabel()
        self.match_label.setWordWrap(True)
        self.match_label.setProperty("role", "warning")
        self.match_label.setVisible(False)
        f.addRow(self.match_label)
        layout.addWidget(group)

        # --- request ---
        group = QGroupBox("申请内容")
        self.request = FieldForm(group)
        f = self.request
        self.channel = f.add("channel", "申请方式(&W)", _combo(c.name for c in CHANNELS))
        self.received = f.add("received", "收到日期(&D)", date_edit())
        self.received.setDate(qdate(today))
        self.received.setMaximumDate(qdate(today))
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet("color: #546e7a;")
        f.addRow("", self.rule_label)
        self.content_title = f.add("content_title", "所需信息名称(&C)", QLineEdit())
        self.content_title.setPlaceholderText("例如：某路拓宽改造工程房屋征收补偿安置方案")
        self.doc_number = f.add("doc_number", "文号", QLineEdit())
        self.earlier = EarlierAnswersBox(ledger)  # the same information asked by anyone (issue 20)
        f.addRow(self.earlier)
        self.description = f.add("description", "特征描述", QPlainTextEdit())
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(60)
        self.form_required = f.add("form_required", "形式要求", _combo(FORMS_REQUIRED, editable=True))
        self.delivery = f.add("delivery", "获取方式", _combo(DELIVERIES, editable=True))
        self.department = f.add("department", "承办科室", QLineEdit())
        self.handler = f.add("handler", "承办人(&H)", _combo(ledger.query.handlers(), editable=True))
        self.handler.setCurrentText("")
        self.notes = f.add("notes", "备注", QLineEdit())
        files_row = QWidget()
        files_layout = QHBoxLayout(files_row)
        files_layout.setContentsMargins(0, 0, 0, 0)
        self.file_list = QListWidget()
        self.file_list.setFixedHeight(54)
        files_layout.addWidget(self.file_list, 1)
        add_file = QPushButton("添加附件…")
        add_file.clicked.connect(self._add_files)
        files_layout.addWidget(add_file)
        f.addRow("附件（申请表扫描件等）", files_row)
        layout.addWidget(group)

        self.number_label = QLabel()
        outer.addWidget(self.number_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存登记（Ctrl+S）")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        self.kind.currentTextChanged.connect(self._kind_changed)
        self.id_type.currentTextChanged.connect(lambda _t: self._kind_changed(self.kind.currentText()))
        self.channel.currentTextChanged.connect(self._channel_changed)
        self.received.dateChanged.connect(lambda _d: self._update_match())
        for edit in (self.id_number, self.credit_code, self.name, self.phone, self.content_title):
            edit.editingFinished.connect(self._update_match)
        for edit in (self.content_title, self.doc_number):
            edit.editingFinished.connect(self._update_earlier)
        self._checking = False  # after a refused save, each edit re-checks and clears the fixed fields' messages
        for editor in [*self.person.editors.values(), *self.request.editors.values()]:
            signal = next((getattr(editor, n) for n in ("textChanged", "currentTextChanged", "dateChanged")
                           if hasattr(editor, n)), None)
            if signal is not None:
                signal.connect(lambda *_a: self._recheck())
        self._load_defaults()
        self._kind_changed(self.kind.currentText())
        self._channel_changed(self.channel.currentText())
        self._update_number()
        self.name.setFocus()
        self._pristine = self._snapshot()

    def _snapshot(self) -> tuple:
        return (tuple(sorted(self.applicant_data().items())), tuple(sorted(self.application_data().items())),
                len(self.files))

    def reject(self) -> None:
        """Esc or 取消 on a typed form asks before discarding it (issue 28 #11)."""
        if self.created_no is None and self._snapshot() != self._pristine and QMessageBox.question(
                self, "放弃登记", "已填写的登记内容尚未保存，确定放弃吗？",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel) != QMessageBox.StandardButton.Discard:
            return
        super().reject()

    # --- form behaviour -----------------------------------------------------------------------------
    def _kind_changed(self, kind: str) -> None:
        person = kind == NATURAL_PERSON
        f = self.person
        f.labels["name"].setText("姓名(&N)" if person else "名称(&N)")
        for key in ("id_type", "id_number"):
            f.set_row_visible(key, person)
        for key in ("category", "credit_code", "legal_rep", "contact"):
            f.set_row_visible(key, not person)
        self.id_number.setPlaceholderText("18位居民身份证号码" if self.id_type.currentText() == "居民身份证" else "")

    def _channel_changed(self, name: str) -> None:
        channel = CHANNEL_BY_NAME.get(name)
        if channel is not None:
            self.request.labels["received"].setText(f"{channel.date_label}(&D)")
            self.rule_label.setText(channel.rule)

    def _received(self) -> date:
        return picked(self.received)

    def _update_number(self) -> None:
        _seq, no = self.ledger.applications.next_number(self._received().year, self.ledger.settings.profile())
        self.number_label.setText(f"申请编号：<b>{no}</b>（保存时分配）")

    def applicant_data(self) -> dict[str, str]:
        return {
            "kind": self.kind.currentText(), "name": self.name.text(), "id_type": self.id_type.currentText(),
            "id_number": self.id_number.text(), "category": self.category.currentText(),
            "credit_code": self.credit_code.text(), "legal_rep": self.legal_rep.text(),
            "contact": self.contact.text(), "phone": self.phone.text(), "address": self.address.text(),
            "postcode": self.postcode.text(), "email": self.email.text(),
        }

    def application_data(self) -> dict[str, str]:
        return {
            "channel": self.channel.currentText(), "received": self._received().isoformat(),
            "content_title": self.content_title.text().strip(), "doc_number": self.doc_number.text().strip(),
            "description": self.description.toPlainText().strip(), "form_required": self.form_required.currentText(),
            "delivery": self.delivery.currentText(), "department": self.department.text().strip(),
            "handler": self.handler.currentText().strip(), "notes": self.notes.text().strip(),
        }

    def _update_match(self) -> None:
        self._update_number()
        data = self.applicant_data()
        if data["kind"] != NATURAL_PERSON:
            data["id_number"] = ""
        else:
            data["credit_code"] = ""
        apps = self.ledger.applications
        existing = apps.find_applicant(data)
        if existing is None:
            self.match_label.setVisible(False)
            return
        history = apps.applicant_history(existing["id"])
        month = apps.month_count(existing["id"], self._received()) + 1
        lines = [f"已登记的申请人：{existing['name']}（{existing['category']}），此前申请 {len(history)} 件，"
                 f"本件为其本月第 {month} 件" + ("（超过10件，可按件收取信息处理费）" if month > 10 else "") + "。"]
        for h in history[:3]:
            result = outcome_name(h["outcome"]) or ("办理中" if h["state"] != "closed" else "已办结")
            lines.append(f"　{h['no']}　{h['received']}　{h['content_title']}（{result}）")
        similar = similar_requests(self.content_title.text(), history)
        for s in similar[:3]:
            lines.append(f"⚠ 可能为重复申请：与 {s.no}（{s.received}）“{s.content}”相似。")
        self.match_label.setText("\n".join(lines))
        self.match_label.setVisible(True)

    def _update_earlier(self) -> None:
        self.earlier.show_for(" ".join(filter(None, (self.content_title.text(), self.doc_number.text()))))

    def _add_files(self) -> None:
        names, _ = file_dialogs.get_open_file_names(self, "选择附件", "", "所有文件 (*)")
        for name in names:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        self.files.append(path)
        self.file_list.addItem(path.name)

    # --- the officer's defaults (gui/preferences.py: per user, not in the ledger or its audit log) -------------
    def _load_defaults(self) -> None:
        saved = self.prefs.registration_defaults(legacy_ledger=self.ledger)
        self.channel.setCurrentText(DEFAULT_CHANNEL)
        widgets = {"id_type": self.id_type, "form_required": self.form_required,
                   "delivery": self.delivery, "handler": self.handler}
        for key, box in widgets.items():
            if saved.get(key):
                box.setCurrentText(saved[key])
        self.department.setText(saved.get("department", ""))

    def _save_defaults(self, app: dict[str, str], person: dict[str, str]) -> None:
        values = {**{k: app.get(k, "") for k in REMEMBERED if k in app}, "id_type": person["id_type"]}
        self.prefs.set_registration_defaults(values)

    def _errors(self) -> dict[str, str]:
        """The form's current messages (a missing ID is asked about at save time, not shown as an error)."""
        return {**validate_applicant(self.applicant_data(), allow_missing_id=True),
                **validate_application(self.application_data(), self.today)}

    def _recheck(self) -> None:
        """Clear the message under a field once it is corrected (new messages wait for the next save)."""
        if not self._checking:
            return
        errors = self._errors()
        for form in (self.person, self.request):
            for key, label in form.errors.items():
                if label.text() and key not in errors:
                    label.setText("")
                    label.setVisible(False)

    def _show_errors(self, errors: dict[str, str]) -> None:
        shown = self.person.show_errors(errors) + self.request.show_errors(errors)
        editors = {**self.person.editors, **self.request.editors}
        if shown:
            editors[shown[0]].setFocus()
        self._checking = bool(shown)

    def ask_missing_id(self) -> bool:
        """No ID number: register it flagged 缺身份证明 (a 补正 follows) or go back and fill it in."""
        box = QMessageBox(QMessageBox.Icon.Question, "未填写证件号码",
                          f"申请人没有提供身份证明（条例第29条）。{MISSING_ID_ADVICE}\n\n"
                          f"现在登记，申请将标注“{MISSING_ID_FLAG}”，并在详情中提示发出补正告知书。", parent=self)
        go = box.addButton(f"登记并标注“{MISSING_ID_FLAG}”", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("返回填写", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is go

    # --- saving ---------------------------------------------------------------------------------------
    def save(self) -> None:
        person, app = self.applicant_data(), self.application_data()
        errors = self._errors()
        if errors:
            self._show_errors(errors)
            return
        known = self.ledger.applications.find_applicant(person)
        # no ID typed, and none known for a matched applicant (same name and phone): ask, register flagged
        missing_id = missing_identity(person) and (known is None or missing_identity(known))
        if missing_id and not self.ask_missing_id():
            (self.id_number if person["kind"] == NATURAL_PERSON else self.credit_code).setFocus()
            return
        name_change = None
        typed = (person.get("name") or "").strip()
        if known is not None and typed and typed != known["name"]:  # issue 28 #5: never replaced silently
            name_change = self.ask_name_change(known, typed)
            if name_change is None:
                self.name.setFocus()
                return
        try:
            no = self.ledger.applications.register(person, app, self.ledger.settings.profile(),
                                                   self.ledger.calendar.load(), self.today, name_change=name_change,
                                                   allow_missing_id=missing_identity(person))
        except RegistrationError as exc:
            self._show_errors(exc.errors)
            return
        self.person.show_errors({})
        self.request.show_errors({})
        self.created_no = no
        self._save_defaults(app, person)
        problems = []
        if self.files:
            row = self.ledger.applications.get(no)
            assert row is not None
            for path in self.files:
                try:
                    self.ledger.attachments.attach(row["id"], no, path)
                except AttachmentError as exc:
                    problems.append(str(exc))
        if problems:
            QMessageBox.warning(self, "附件未全部保存",
                                f"申请 {no} 已登记，但以下附件未能保存，可在详情中重新添加：\n" + "\n".join(problems))
        self.accept()

    def ask_name_change(self, known: dict, typed: str) -> str | None:
        """The known applicant has another name: "rename", "known" or None (back to the form)."""
        id_text = known.get("id_number") or known.get("credit_code") or ""
        box = QMessageBox(QMessageBox.Icon.Question, "申请人姓名不一致",
                          f"证件号码 {id_text} 已登记为申请人“{known['name']}”"
                          f"（电话 {known.get('phone') or '未填'}，地址 {known.get('address') or '未填'}），"
                          f"本次填写的姓名是“{typed}”。", parent=self)
        rename = box.addButton(f"同一人，已更名为“{typed}”", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(f"输入有误，使用“{known['name']}”", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("返回修改", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        clicked = box.clickedButton()
        return "rename" if clicked is rename else "known" if clicked is keep else None

    def keyPressEvent(self, event) -> None:  # Enter in a line edit moves on instead of closing the form
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.focusNextChild()
            return
        super().keyPressEvent(event)
