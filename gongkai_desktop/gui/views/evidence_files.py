"""The 佐证文件 row of the 工作要点 dialogs (记录进展, 单位落实情况, 销号): the files chosen so far, listed, with
添加文件… beside them. The dialogs attach `paths` when they save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPushButton, QWidget

from . import file_dialogs


class EvidenceFiles(QWidget):
    def __init__(self, list_height: int, fixed_height: bool = False, file_filter: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.paths: list[Path] = []
        self.file_filter = file_filter
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        if fixed_height:
            self.list.setFixedHeight(list_height)
        else:
            self.list.setMaximumHeight(list_height)
        add = QPushButton("添加文件…")
        add.clicked.connect(self.choose)
        row.addWidget(self.list, 1)
        row.addWidget(add)

    def choose(self) -> None:
        names, _ = file_dialogs.get_open_file_names(self, "选择佐证文件", "", self.file_filter)
        for name in names:
            self.add(Path(name))

    def add(self, path: Path) -> None:
        self.paths.append(path)
        self.list.addItem(path.name)
