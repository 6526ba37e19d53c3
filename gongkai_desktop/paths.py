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


NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ncpfs", "davfs",
                       "fuse.davfs2", "fuse.gvfsd-fuse", "glusterfs", "ceph"}


def is_network_path(path: Path, mounts: Path = Path("/proc/mounts")) -> bool:
    """Whether a file lives on a network share (SQLite's WAL mode must not be used there)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE
    try:
        table = mounts.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    target = os.path.abspath(text)
    best, kind = "", ""
    for line in table.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, parts[2]
    return kind in NETWORK_FILESYSTEMS


def backup_dir_for(paths: AppPaths, ledger: Path) -> Path:
    """Each ledger's backups in their own folder (two ledgers on one PC never mix their backups)."""
    import hashlib

    digest = hashlib.sha256(str(ledger.expanduser().resolve()).encode("utf-8")).hexdigest()[:8]
    return paths.backup_dir / f"{ledger.stem}-{digest}"


def restrict_new_files() -> None:
    """Files this program creates (ledger, backups, exports, attachments, documents, logs) hold applicants'
    personal data: on Linux make them readable by the officer's account only (0600, folders 0700)."""
    if os.name != "nt":
        os.umask(0o077)
