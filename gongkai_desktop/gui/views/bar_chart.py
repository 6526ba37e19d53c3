"""A small painted bar chart (PySide6-Essentials has no QtCharts): labelled bars with their counts."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOUR = QColor("#4f7cac")


class BarChart(QWidget):
    """Horizontal bars (label left, count right) or, with `vertical=True`, columns with labels beneath."""

    def __init__(self, vertical: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.vertical = vertical
        self.items: list[tuple[str, int, QColor | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_items(self, items: list[tuple[str, int]] | list[tuple[str, int, QColor | None]]) -> None:
        self.items = [(t[0], t[1], t[2] if len(t) > 2 else None) for t in items]
        self.setToolTip("\n".join(f"{label}：{n}" for label, n, _ in self.items))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        if self.vertical:
            return QSize(360, 150)
        return QSize(320, max(40, 24 * len(self.items) + 8))

    def minimumSizeHint(self) -> QSize:
        """Horizontal bars never get less than a text line each (the 工作台 once cut off the last group)."""
        if self.vertical:
            return QSize(120, 3 * self.fontMetrics().height() + 8)
        return QSize(160, max(40, (self.fontMetrics().height() + 2) * len(self.items) + 8))

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        top = max((n for _, n, _ in self.items), default=0) or 1
        if self.vertical:
            self._paint_columns(p, fm, top)
        else:
            self._paint_bars(p, fm, top)
        p.end()

    def _paint_bars(self, p: QPainter, fm, top: int) -> None:
        label_w = max((fm.horizontalAdvance(label) for label, _, _ in self.items), default=0) + 10
        count_w = fm.horizontalAdvance(str(top)) + 10
        width = max(10, self.width() - label_w - count_w - 4)
        y = 4.0
        row_h = max(20.0, (self.height() - 8) / max(1, len(self.items)))
        for label, n, colour in self.items:
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(0, y, label_w - 6, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       label)
            bar = QRectF(label_w, y + row_h * 0.2, width * n / top, row_h * 0.6)
            p.fillRect(bar, colour or BAR_COLOUR)
            p.drawText(QRectF(bar.right() + 4, y, count_w, row_h), Qt.AlignmentFlag.AlignVCenter, str(n))
            y += row_h

    def _paint_columns(self, p: QPainter, fm, top: int) -> None:
        n_items = max(1, len(self.items))
        text_h = fm.height() + 4
        col_w = self.width() / n_items
        chart_h = max(10, self.height() - 2 * text_h)
        for i, (label, n, colour) in enumerate(self.items):
            x = i * col_w
            h = chart_h * n / top
            bar = QRectF(x + col_w * 0.2, text_h + chart_h - h, col_w * 0.6, h)
            p.fillRect(bar, colour or BAR_COLOUR)
            p.setPen(self.palette().text().color())
            if n:
                p.drawText(QRectF(x, bar.top() - text_h, col_w, text_h),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(n))
            p.drawText(QRectF(x, text_h + chart_h + 2, col_w, text_h), Qt.AlignmentFlag.AlignHCenter, label)
