"""Where the app's start-up time goes, stage by stage, against the bare window's stages (issue 26).

    python benchmarks/startup_profile.py LEDGER [--runs 5]

Each run is a fresh process that does what `python -m gongkai_desktop` does before the window shows, with a
clock between the stages; the table gives the median of each stage. `python -X importtime` on the real entry
point splits the import stages further."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STAGES = r'''
import time, sys, json
marks = [("Python 启动", time.perf_counter())]
from datetime import date
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
marks.append(("导入 PySide6（裸窗口同样需要）", time.perf_counter()))
from gongkai_desktop.logs import setup_logging
from gongkai_desktop.paths import app_paths, calendar_dir
marks.append(("导入日志、路径（logging.handlers、platformdirs）", time.perf_counter()))
import sqlite_utils
marks.append(("导入 sqlite-utils（含 click、pluggy）", time.perf_counter()))
from gongkai_desktop.storage.ledger import Ledger
from gongkai_desktop.core.workdays import load_bundled_arrangements
marks.append(("导入台账存储层（各 repo 及其 core 规则）", time.perf_counter()))
from gongkai_desktop.gui.app_setup import configure_application
from gongkai_desktop.gui.views.main_window import MainWindow
marks.append(("导入主窗口和工作台（含 Qt 类初始化）", time.perf_counter()))
app = QApplication([])
configure_application(app)
marks.append(("QApplication、字体和翻译", time.perf_counter()))
led = Ledger.open(Path(sys.argv[1]), verify=False)
led.seed_calendar(load_bundled_arrangements(calendar_dir()))
marks.append(("打开台账（不含完整性检查，它在显示后进行）", time.perf_counter()))
w = MainWindow(led, app_paths(), QSettings(sys.argv[2], QSettings.Format.IniFormat), lambda: date(2026, 11, 20))
marks.append(("主窗口和工作台首屏（计数、到期提醒）", time.perf_counter()))
w.show()
app.processEvents()
marks.append(("显示并绘制", time.perf_counter()))
print(json.dumps([(name, t) for name, t in marks]))
'''


def main() -> int:
    p = argparse.ArgumentParser(description="启动各阶段耗时")
    p.add_argument("ledger")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    ini = Path(args.ledger).with_suffix(".profile.ini")
    per_stage: dict[str, list[float]] = {}
    totals = []
    for _ in range(args.runs):
        import time

        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", STAGES, args.ledger, str(ini)], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True)
        marks = json.loads(out.stdout.strip().splitlines()[-1])
        # the first mark is taken once the interpreter runs this script: its offset from the spawn is Python's start
        first_offset = None
        previous = None
        for name, t in marks:
            if previous is None:
                first_offset = t
                previous = t
                continue
            per_stage.setdefault(name, []).append(t - previous)
            previous = t
        totals.append(time.perf_counter() - start)
        assert first_offset is not None
    print("| 阶段 | 中位数 |\n|---|---|")
    for name, times in per_stage.items():
        print(f"| {name} | {statistics.median(times) * 1000:.0f} ms |")
    print(f"| 合计（含解释器启动，进程启动到窗口绘制完） | {statistics.median(totals) * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
