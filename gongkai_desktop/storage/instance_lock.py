"""One app window writing a ledger at a time: an OS file lock beside the ledger (`台账.sqlite.lock`).

A second instance learns who holds it (user, computer, since when) and may open the ledger read-only. The
lock is released by the OS when the holder exits or crashes, so a stale lock file never blocks anyone."""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import IO


class InstanceLock:
    def __init__(self, ledger_path: Path):
        self.path = ledger_path.with_name(ledger_path.name + ".lock")
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        try:
            f = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open while the lock is held
        except OSError:
            return True  # a folder we cannot write to: SQLite will refuse writes with its own message
        try:
            if sys.platform == "win32":  # pragma: no cover - Windows only
                import msvcrt

                f.seek(0)
                msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            f.close()
            return False
        f.seek(0)
        f.truncate()
        f.write(json.dumps({"user": _user(), "host": socket.gethostname(), "pid": os.getpid(),
                            "since": datetime.now().isoformat(timespec="seconds")}, ensure_ascii=False))
        f.flush()
        self._file = f
        return True

    @property
    def held(self) -> bool:
        return self._file is not None

    def holder(self) -> str:
        """Who holds the lock, in words."""
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            info = {}
        if not info:
            return "另一个程序窗口"
        return f"{info.get('user') or '某用户'}（计算机 {info.get('host', '?')}，{info.get('since', '?')} 起）"

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing releases the lock
            self._file = None


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return ""
