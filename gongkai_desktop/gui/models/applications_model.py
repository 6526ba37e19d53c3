"""A lazily filled table model over the ledger's applications.

Rows come from `ApplicationsQuery` one page at a time as the view scrolls; filtering and sorting happen in
SQL, so the model never holds more than the rows the officer has scrolled past (100,000 applications stay
fast). Personal data (ID numbers, phones) is masked unless `show_personal` is set."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...core.applications import mask_id, mask_phone, outcome_name
from ...core.clock import status_from_cache
from ...storage.applications_query import (
    LIST_FIRST_PAGE,
    LIST_PAGE,
    SORT_KEYS,
    ApplicationFilter,
    ApplicationsQuery,
    ListRow,
)
from .. import theme

COLUMNS = (
    ("no", "申请编号"),
    ("received", "收到日期"),
    ("applicant", "申请人"),
    ("content_title", "申请内容"),
    ("status", "状态"),
    ("due", "答复期限"),
    ("closed_on", "办结日期"),
    ("outcome", "办理结果"),
    ("handler", "承办人"),
    ("category", "类别"),
    ("channel", "申请方式"),
    ("id_number", "证件号码"),
    ("phone", "联系电话"),
)
COLUMN_KEYS = [key for key, _ in COLUMNS]
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ApplicationsModel(QAbstractTableModel):
    def __init__(self, query: ApplicationsQuery, flt: ApplicationFilter, parent=None):
        super().__init__(parent)
        self.query = query
        self.filter = flt
        self.sort_key = "received"
        self.descending = True
        self.show_personal = False
        self.rows: list[ListRow] = []
        self.total = 0
        self.reload()

    def set_filter(self, flt: ApplicationFilter) -> None:
        self.filter = flt
        self.reload()

    def set_show_personal(self, show: bool) -> None:
        self.show_personal = show
        if self.rows:
            first, last = COLUMN_KEYS.index("id_number"), COLUMN_KEYS.index("phone")
            self.dataChanged.emit(self.index(0, first), self.index(len(self.rows) - 1, last))

    def reload(self) -> None:
        self.beginResetModel()
        self.total = self.query.count(self.filter)
        self.rows = self.query.page_rows(self.filter, self.sort_key, self.descending, LIST_FIRST_PAGE, 0,
                                         self.total)
        self.endResetModel()

    def status(self, row: ListRow) -> str:
        return status_from_cache(row["state"], row["due"], self.filter.today, self.filter.soon_until).value

    def row_of(self, no: str) -> int | None:
        """Row index of an application, fetching further pages as needed (None when filtered out)."""
        while True:
            for r, row in enumerate(self.rows):
                if row["no"] == no:
                    return r
            if not self.canFetchMore():
                return None
            self.fetchMore()

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
        more = self.query.page_rows(self.filter, self.sort_key, self.descending, LIST_PAGE, len(self.rows),
                                    self.total)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMN_KEYS[column] if 0 <= column < len(COLUMNS) else ""
        if key not in SORT_KEYS:
            return
        self.sort_key, self.descending = key, order == Qt.SortOrder.DescendingOrder
        self.reload()  # a reset, not a layout change: the rows themselves are refetched in the new order

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def display(self, row: ListRow, key: str) -> str:
        if key == "status":
            late = "（超期）" if row["state"] == "closed" and row.get("late_reply") else ""  # judged on the 送达 date
            return self.status(row) + late + ("（已归档）" if row.get("archived") else "")
        if key == "outcome":
            return outcome_name(row["outcome"])
        if key == "due":  # the legal deadline, also on a closed case (its 办结日期 and 超期 have their own columns)
            if row["state"] == "closed":
                return row["due"] or "—"  # a closed case's dates are final: no 暂定 mark (issue 28)
            return (row["due"] or "暂停计时") + ("（暂定）" if row["provisional"] else "")
        if key == "id_number":
            value = row["id_number"] or row["credit_code"] or ""
            return value if self.show_personal else mask_id(value)
        if key == "phone":
            return (row["phone"] or "") if self.show_personal else mask_phone(row["phone"])
        return str(row[key] or "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key in ("status", "due"):
            return theme.STATUS_COLOURS.get(self.status(row))
        if role == Qt.ItemDataRole.ToolTipRole and key in ("content_title", "applicant"):
            return row[key]
        return None
