"""Where things live: user data, logs, backups and settings (platformdirs), portable mode, resources.

Portable mode: a file named `portable.txt` beside the executable (or beside the frozen app) keeps the
ledger, backups, logs and settings in a `data` folder next to it, for use from a USB stick.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "gongkai-desktop"
PORTABLE_MARKER = "portable.txt"
LEDGER_FILENAME = "ledger.sqlite"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path
    backup_dir: Path
    config_file: Path
    portable: bool

    @property
    def default_ledger(self) -> Path:
        return self.data_dir / LEDGER_FILENAME


def executable_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else Path.cwd()


def app_paths(exe_dir: Path | None = None) -> AppPaths:
    exe_dir = exe_dir or executable_dir()
    if (exe_dir / PORTABLE_MARKER).exists():
        base = exe_dir / "data"
        return AppPaths(base, base / "logs", base / "backups", base / "settings.ini", True)
    data = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    return AppPaths(
        data,
        Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False)),
        data / "backups",
        Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)) / "settings.ini",
        False,
    )


def ledger_path(explicit: str | os.PathLike[str] | None, paths: AppPaths) -> Path:
    """--db beats GONGKAI_DB beats the default ledger."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("GONGKAI_DB")
    if env:
        return Path(env).expanduser()
    return paths.default_ledger


def resources_dir() -> Path:
    """resources/ when frozen (PyInstaller), installed from a wheel, or run from a source checkout."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass) / "resources"
    here = Path(__file__).resolve().parent
    packaged = here / "resources"
    if packaged.is_dir():
        return packaged
    checkout = here.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("找不到程序资源文件夹 resources，安装可能不完整。")


def calendar_dir() -> Path:
    return resources_dir() / "calendar"
