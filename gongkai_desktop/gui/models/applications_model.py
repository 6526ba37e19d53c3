"""A lazily filled table model over the ledger's applications (rows fetched in pages as the view scrolls)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...core.applications import outcome_name
from ...storage.applications_repo import ApplicationsRepo
from .. import theme

COLUMNS = (
    ("no", "申请编号"),
    ("received", "收到日期"),
    ("applicant", "申请人"),
    ("category", "类别"),
    ("channel", "申请方式"),
    ("content_title", "申请内容"),
    ("handler", "承办人"),
    ("status", "状态"),
    ("due", "答复期限"),
    ("outcome", "办理结果"),
)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200

Index = QModelIndex | QPersistentModelIndex


def status_of(row: dict[str, Any], today: date, soon_until: date) -> str:
    """Display status from the cached clock fields: 已办结 / 已暂停 / 已逾期 / 即将到期 / 正常."""
    if row["state"] == "closed":
        return "已办结"
    if row["state"] == "paused" or not row["due"]:
        return "已暂停"
    if row["due"] < today.isoformat():
        return "已逾期"
    if row["due"] <= soon_until.isoformat():
        return "即将到期"
    return "正常"


class ApplicationsModel(QAbstractTableModel):
    def __init__(self, repo: ApplicationsRepo, today: date, soon_until: date, parent=None):
        super().__init__(parent)
        self.repo = repo
        self.today = today
        self.soon_until = soon_until
        self.rows: list[dict[str, Any]] = []
        self.total = 0
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.total = self.repo.count()
        self.rows = self.repo.page(PAGE, 0)
        self.endResetModel()

    # --- Qt model API ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self.repo.page(PAGE, len(self.rows))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "status":
                return status_of(row, self.today, self.soon_until)
            if key == "outcome":
                return outcome_name(row["outcome"])
            if key == "due":
                if row["state"] == "closed":
                    return row["closed_on"] and f"{row['closed_on']} 办结"
                return (row["due"] or "—") + ("（暂定）" if row["provisional"] else "")
            return row.get(key) or ""
        if role == Qt.ItemDataRole.ForegroundRole and key in ("status", "due"):
            return theme.STATUS_COLOURS.get(status_of(row, self.today, self.soon_until))
        if role == Qt.ItemDataRole.ToolTipRole and key == "content_title":
            return row["content_title"]
        return None
