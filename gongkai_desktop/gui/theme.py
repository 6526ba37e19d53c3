"""Colours and the application style sheet, in one place."""

from __future__ import annotations

from PySide6.QtGui import QColor

OVERDUE = QColor("#c62828")
DUE_SOON = QColor("#ef6c00")
PAUSED = QColor("#6a1b9a")
CLOSED = QColor("#616161")
NORMAL = QColor("#2e7d32")
REST_BG = QColor("#fde0dc")
MAKEUP_BG = QColor("#dbeafe")
MANUAL_BORDER = QColor("#7c3aed")
WEEKEND_FG = QColor("#9e9e9e")

STATUS_COLOURS = {"已逾期": OVERDUE, "即将到期": DUE_SOON, "已暂停": PAUSED, "已办结": CLOSED, "正常": NORMAL}

STYLE_SHEET = """
QListWidget#navList { background: #263238; color: #eceff1; font-size: 15px; padding-top: 12px; outline: 0; }
QListWidget#navList::item { padding: 12px 18px; }
QListWidget#navList::item:selected { background: #37474f; color: white; border-left: 4px solid #ffb300; }
QListWidget#navList:focus { border: 2px solid #ffb300; }
QListWidget#navList:focus::item:selected { background: #546e7a; }
QLabel[role="title"] { font-size: 20px; font-weight: bold; padding: 4px 0 8px 0; }
QLabel[role="warning"] { background: #fff3e0; color: #8d4a00; border: 1px solid #ffcc80; border-radius: 4px;
                         padding: 6px 10px; }
QLabel[role="error"] { color: #c62828; }
QFrame[role="card"] { background: white; border: 1px solid #dfe3e8; border-radius: 6px; }
QLabel[role="cardValue"] { font-size: 26px; font-weight: bold; }
QLabel[role="cardLabel"] { color: #546e7a; }
"""
