"""申请事项: the items of one application, each with its finding (the 表三 outcome it would have alone), basis and
provided documents; the application's 表三 cell derived by core.items.derive_outcome; and 拆分 for offices that ask
for 一事一申请 (services.items.ItemsService.split). Same checks as `gongkai apps items|split`."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.applications import OUTCOME_BY_CODE, outcome_name
from ...core.items import ITEM_OUTCOMES, ItemError
from ...services.items import ItemsService
from ...storage.ledger import Ledger
from .widgets import error_label

HEADERS = ("项", "所需信息", "办理结果", "依据", "提供的文件")


class ItemsDialog(QDialog):
    def __init__(self, ledger: Ledger, no: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.no, self.today = ledger, no, today
        self.split_numbers: list[str] = []
        self.setWindowTitle(f"申请事项 — {no}")
        self.resize(860, 460)
        outer = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setColumnWidth(0, 30)
        self.table.setColumnWidth(1, 260)
        self.table.setColumnWidth(2, 220)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        outer.addWidget(self.table, 1)
        add_row = QHBoxLayout()
        self.new_item = QLineEdit()
        self.new_item.setPlaceholderText("新增一项所需信息，如：2025年某项目采购合同")
        add_button = QPushButton("添加一项")
        add_button.clicked.connect(self.add_item)
        add_row.addWidget(self.new_item, 1)
        add_row.addWidget(add_button)
        outer.addLayout(add_row)
        self.derived = QLabel()
        self.derived.setWordWrap(True)
        outer.addWidget(self.derived)
        self.message = error_label()
        outer.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton("保存各项结果", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)
        self.split_button = buttons.addButton("拆分为单独申请（一事一申请）…", QDialogButtonBox.ButtonRole.ActionRole)
        self.split_button.clicked.connect(self.split)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.load()

    def _app(self) -> dict:
        app = self.ledger.applications.get(self.no)
        assert app is not None
        return app

    def load(self) -> None:
        app = self._app()
        items = self.ledger.items.items(app["id"])
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            seq = QTableWidgetItem(str(item["seq"]))
            seq.setFlags(seq.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, seq)
            self.table.setItem(r, 1, QTableWidgetItem(item["content"]))
            combo = QComboBox()
            combo.addItem("— 未定 —", None)
            for code in ITEM_OUTCOMES:
                combo.addItem(outcome_name(code), code)
                combo.setItemData(combo.count() - 1, OUTCOME_BY_CODE[code].full, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(item["outcome"])))
            self.table.setCellWidget(r, 2, combo)
            self.table.setItem(r, 3, QTableWidgetItem(item["basis"] or ""))
            self.table.setItem(r, 4, QTableWidgetItem(item["provided"] or ""))
        derived = self.ledger.items.derived_outcome(app["id"])
        self.derived.setText(f"整件申请计入表三：{outcome_name(derived)}（任一项公开而另有项未公开的，计入“部分公开”）"
                             if derived else "各项结果登记后，整件申请按分项合并规则计入表三。")
        self.split_button.setEnabled(len(items) >= 2 and app["state"] != "closed")

    def add_item(self) -> None:
        try:
            self.ledger.items.add_item(self._app(), self.new_item.text())
        except ItemError as exc:
            self.message.setText(str(exc))
            return
        self.new_item.clear()
        self.message.setText("")
        self.load()

    def save(self) -> None:
        app = self._app()
        try:
            for r in range(self.table.rowCount()):
                combo = self.table.cellWidget(r, 2)
                assert isinstance(combo, QComboBox)
                self.ledger.items.set_item(app, int(_text(self.table, r, 0)), combo.currentData(),
                                           _text(self.table, r, 3), _text(self.table, r, 4))
        except ItemError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.load()

    def split(self, confirm: bool = True) -> list[str]:
        if confirm and QMessageBox.question(
                self, "拆分申请", "第2项起将各自登记为新的申请（新编号，与本件关联），本件只保留第1项。继续吗？"
        ) != QMessageBox.StandardButton.Yes:
            return []
        try:
            self.split_numbers = ItemsService(self.ledger).split(self.no, self.today)
        except ItemError as exc:
            self.message.setText(str(exc))
            return []
        self.message.setText(f"已拆分为：{'、'.join(self.split_numbers)}。")
        self.load()
        return self.split_numbers


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""
