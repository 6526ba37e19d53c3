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
