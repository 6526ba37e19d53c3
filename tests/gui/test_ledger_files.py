"""Issue 28 #12: 新建台账…, 最近打开的台账 and 打开台账所在文件夹 in the 文件 menu."""

from pathlib import Path

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox


def test_file_menu_new_recent_and_folder(window, demo_ledger, tmp_path, monkeypatch):
    texts = [a.text() for a in window.ui.menuFile.actions()]
    assert "新建台账(&N)…" in texts and "最近打开的台账(&R)" in texts and "打开台账所在文件夹(&F)" in texts
    assert texts.index("新建台账(&N)…") < texts.index(window.ui.actionOpenLedger.text())
    assert window.recent_ledgers()[0] == str(demo_ledger.path.resolve())
    requested = []
    window.openLedgerRequested.connect(requested.append)
    assert window.new_ledger(str(tmp_path / "二〇二七年台账")) == tmp_path / "二〇二七年台账.sqlite"
    assert requested == [tmp_path / "二〇二七年台账.sqlite"]
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert window.new_ledger(str(demo_ledger.path)) is None  # an existing file is not "new"
    assert warned and "已存在" in warned[0] and len(requested) == 1
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window.open_folder_action.trigger()
    assert Path(opened[0]) == demo_ledger.path.parent
    # a second ledger remembered: the first one is offered in the recent menu
    window.settings_store.setValue(window.RECENT_KEY, [str(tmp_path / "other.sqlite"), *window.recent_ledgers()])
    (tmp_path / "other.sqlite").write_bytes(b"")
    window._fill_recent()
    action = window.recent_menu.actions()[0]
    assert action.isEnabled()
    action.trigger()
    assert requested[-1] == tmp_path / "other.sqlite"
