"""The real entry point: `python -m gongkai_desktop --screenshot` renders the window to PNG and exits."""

import os
import subprocess
import sys

from ..conftest import ROOT


def test_screenshot_option_renders_png(tmp_path):
    out = tmp_path / "main.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GONGKAI_DB=str(tmp_path / "new.sqlite"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-m", "gongkai_desktop", "--screenshot", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.exists() and out.stat().st_size > 10_000
    assert (tmp_path / "new.sqlite").exists()  # a new default ledger was created and migrated


def test_broken_ledger_is_reported_not_crashed(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage" * 10)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "gongkai_desktop", "--db", str(bad), "--screenshot",
                             str(tmp_path / "x.png")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "不是台账文件" in result.stderr and "Traceback" not in result.stderr
    assert bad.read_bytes() == b"garbage" * 10


def test_second_instance_opens_read_only_and_backups_are_made(tmp_path):
    from gongkai_desktop.storage.instance_lock import InstanceLock
    from gongkai_desktop.storage.ledger import Ledger

    ledger = tmp_path / "台账 共用.sqlite"
    Ledger.open(ledger).close()
    lock = InstanceLock(ledger)
    assert lock.acquire()  # "another window" holds the ledger
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "gongkai_desktop", "--db", str(ledger), "--screenshot",
                             str(tmp_path / "ro.png")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "data").rglob("ledger-*-auto.sqlite"))  # read-only: no writes, no backup
    lock.release()
    result = subprocess.run([sys.executable, "-m", "gongkai_desktop", "--db", str(ledger), "--screenshot",
                             str(tmp_path / "rw.png")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "data").rglob("ledger-*-auto.sqlite"))) == 1  # the daily automatic backup


def test_main_window_backup_restore_and_audit_export(window, demo_ledger, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr("gongkai_desktop.gui.views.main_window.show_saved_file", lambda *a: None)
    op = window.backup_to(tmp_path, "密码123456")
    assert op.wait()
    copy = op.result
    assert copy is not None and copy.suffix == ".gkbak"
    requested = []
    window.restoreRequested.connect(lambda path, password: requested.append((path, password)))
    assert window.restore_from(copy, "密码123456").wait()
    assert requested == [(copy, "密码123456")]
    assert window.export_audit(tmp_path / "日志.xlsx").wait()
    rows = list(load_workbook(tmp_path / "日志.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "系统用户", "经办人", "操作") and any(r[3] == "备份到" for r in rows[1:])
