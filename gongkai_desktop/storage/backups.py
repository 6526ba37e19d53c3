"""Backups of the ledger with the SQLite online backup API: automatic (at start when the last is over a day
old, and before every migration or restore) with rotation — 7 daily, 4 weekly, 12 monthly — a copy to a
USB stick or any folder, optionally encrypted with a password, and restore that checks a backup before it
replaces anything. Nothing here ever deletes or overwrites a ledger: the replaced file is kept beside it."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .ledger import Ledger, LedgerError, backup_copy
from .schema import SCHEMA_VERSION

ENCRYPTED_SUFFIX = ".gkbak"
MAGIC = b"GKBAK1\n"
_NAME = re.compile(r"^ledger-(\d{8}-\d{6})-([a-z-]+?)(?:-\d+)?\.sqlite$")


class BackupError(ValueError):
    """A backup cannot be made, read or restored; the message is Chinese."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        reasons = {"auto": "自动备份", "before-migrate": "升级前备份", "before-restore": "恢复前备份",
                   "manual": "手动备份"}
        return f"{self.created:%Y-%m-%d %H:%M}　{reasons.get(self.reason, self.reason)}　{self.size // 1024} KB"


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups in the folder, newest first."""
    out = []
    if backup_dir.is_dir():
        for p in backup_dir.iterdir():
            m = _NAME.match(p.name)
            if m:
                out.append(BackupInfo(p, datetime.strptime(m[1], "%Y%m%d-%H%M%S"), m[2], p.stat().st_size))
    return sorted(out, key=lambda b: b.created, reverse=True)


def keep_set(backups: list[BackupInfo], now: datetime) -> set[Path]:
    """Which automatic backups rotation keeps: newest per day for 7 days, per ISO week for 4 weeks, per
    month for 12 months (grandfather-father-son)."""
    keep: set[Path] = set()
    auto = sorted((b for b in backups if b.reason == "auto"), key=lambda b: b.created, reverse=True)
    for bucket, count, span in ((lambda d: d.date(), 7, timedelta(days=7)),
                                (lambda d: tuple(d.isocalendar())[:2], 4, timedelta(weeks=4)),
                                (lambda d: (d.year, d.month), 12, timedelta(days=366))):
        seen: set[object] = set()
        for b in auto:
            key = bucket(b.created)
            if key not in seen and now - b.created <= span and len(seen) < count:
                seen.add(key)
                keep.add(b.path)
    if auto:
        keep.add(auto[0].path)  # never drop the newest
    return keep


def rotate(backup_dir: Path, now: datetime | None = None) -> list[Path]:
    """Delete automatic backups that rotation no longer keeps; other backups are kept. Returns the deleted."""
    now = now or datetime.now()
    backups = list_backups(backup_dir)
    keep = keep_set(backups, now)
    removed = []
    for b in backups:
        if b.reason == "auto" and b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def auto_backup(ledger: Ledger, backup_dir: Path, now: datetime | None = None) -> Path | None:
    """At start: back up when the newest backup is older than a day, then rotate."""
    now = now or datetime.now()
    newest = next(iter(list_backups(backup_dir)), None)
    if newest is not None and now - newest.created < timedelta(days=1):
        return None
    try:
        path = backup_copy(ledger.db, backup_dir, "auto")
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(_io_message(exc, backup_dir)) from exc
    rotate(backup_dir, now)
    return path


def _io_message(exc: BaseException, folder: Path) -> str:
    errno = getattr(exc, "errno", None)
    if errno == 28 or "full" in str(exc).lower():
        return f"磁盘空间已满，无法在 {folder} 保存备份。台账本身未受影响。"
    if isinstance(exc, PermissionError) or errno == 13:
        return f"没有权限在 {folder} 保存备份，请换一个文件夹。台账本身未受影响。"
    return f"无法在 {folder} 保存备份：{getattr(exc, 'strerror', None) or exc}。台账本身未受影响。"


def backup_to(ledger: Ledger, folder: Path, password: str | None = None, now: datetime | None = None) -> Path:
    """“备份到…”: a copy in any folder (a USB stick), encrypted when a password is given."""
    now = now or datetime.now()
    stem = f"台账备份-{now:%Y%m%d-%H%M%S}"
    target = folder / (stem + (ENCRYPTED_SUFFIX if password else ".sqlite"))
    if not folder.is_dir():
        raise BackupError(f"文件夹不存在：{folder}")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            plain = backup_copy(ledger.db, Path(tmp), "manual")
            data = plain.read_bytes()
            if password:
                from .backup_crypto import encrypt

                data = encrypt(data, password)
            part = target.with_name(target.name + ".part")
            with open(part, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(part, target)
        except (OSError, sqlite3.Error) as exc:
            target.with_name(target.name + ".part").unlink(missing_ok=True)
            raise BackupError(_io_message(exc, folder)) from exc
    ledger.audit.record("备份到", "ledger", None, None, {"file": str(target), "encrypted": bool(password)})
    return target


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


@dataclass(frozen=True)
class BackupCheck:
    applications: int
    schema_version: int


def check_backup(path: Path, password: str | None = None) -> tuple[BackupCheck, Path]:
    """Decrypt (when needed) into a temporary file and check it; returns what it holds and that file."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    tmpdir = Path(tempfile.mkdtemp(prefix="gongkai-restore-"))
    plain = tmpdir / "check.sqlite"
    if is_encrypted(path):
        if not password:
            raise BackupError("这个备份已加密，请输入密码。")
        from .backup_crypto import decrypt

        plain.write_bytes(decrypt(path.read_bytes(), password))
    else:
        shutil.copyfile(path, plain)
    try:
        conn = sqlite3.connect(f"{plain.as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"备份 {path.name} 已损坏（完整性检查未通过），不能用来恢复。")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise BackupError(f"备份 {path.name} 由更新版本的程序创建，请升级后再恢复。")
            n = conn.execute("SELECT count(*) FROM applications").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path.name} 不是有效的台账备份：{exc}") from exc
    return BackupCheck(n, version), plain


def restore(backup: Path, ledger_path: Path, backup_dir: Path, password: str | None = None) -> Path | None:
    """Replace the ledger with a checked backup. The current ledger is first backed up (or, when it cannot be
    opened, renamed aside), never deleted. The caller must have closed its connection. Returns the copy kept."""
    _check, plain = check_backup(backup, password)
    kept: Path | None = None
    if ledger_path.exists():
        try:
            current = Ledger.open(ledger_path, create=False)
        except LedgerError:
            kept = ledger_path.with_name(f"{ledger_path.stem}.damaged-{datetime.now():%Y%m%d-%H%M%S}"
                                         f"{ledger_path.suffix}")
            os.replace(ledger_path, kept)
            for side in ("-wal", "-shm"):
                Path(str(ledger_path) + side).unlink(missing_ok=True)
        else:
            try:
                kept = backup_copy(current.db, backup_dir, "before-restore")
            finally:
                current.close()
    tmp = ledger_path.with_name(ledger_path.name + ".restoring")
    shutil.copyfile(plain, tmp)
    for side in ("-wal", "-shm"):
        Path(str(ledger_path) + side).unlink(missing_ok=True)
    os.replace(tmp, ledger_path)
    shutil.rmtree(plain.parent, ignore_errors=True)
    return kept
