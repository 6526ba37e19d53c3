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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .ledger import Ledger, LedgerError, backup_copy
from .schema import SCHEMA_VERSION

ENCRYPTED_SUFFIX = ".gkbak"
MAGICS = (b"GKBAK1\n", b"GKBAK2\n")  # backup_crypto's two formats
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


Progress = Callable[[int, int, str], None]
COPY_CHUNK = 4 * 1024 * 1024


def _copy_file(source: Path, target: Path, progress: Progress | None, text: str) -> None:
    """Copy in chunks, reporting progress (an exception from `progress` stops the copy; the caller cleans up)."""
    total = source.stat().st_size
    done = 0
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(COPY_CHUNK):
            dst.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total, text)
        dst.flush()
        os.fsync(dst.fileno())


def _copy_progress(progress: Progress | None, text: str) -> Callable[[int, int], None] | None:
    return None if progress is None else (lambda done, total: progress(done, total, text))


def backup_to(ledger: Ledger, folder: Path, password: str | None = None, now: datetime | None = None,
              progress: Progress | None = None) -> Path:
    """“备份到…”: a copy in any folder (a USB stick), encrypted when a password is given.

    `progress(done, total, text)` is told how far the copy is; an exception it raises (the officer cancelled)
    stops the backup and leaves no file behind."""
    now = now or datetime.now()
    stem = f"台账备份-{now:%Y%m%d-%H%M%S}"
    target = folder / (stem + (ENCRYPTED_SUFFIX if password else ".sqlite"))
    part = target.with_name(target.name + ".part")
    if not folder.is_dir():
        raise BackupError(f"文件夹不存在：{folder}")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            plain = backup_copy(ledger.db, Path(tmp), "manual", _copy_progress(progress, "正在复制台账……"))
            if password:
                from .backup_crypto import encrypt_file

                with open(plain, "rb") as src, open(part, "wb") as dst:
                    encrypt_file(src, dst, password, plain.stat().st_size,
                                 _copy_progress(progress, f"正在加密并写入 {folder}……"))
                    dst.flush()
                    os.fsync(dst.fileno())
            else:
                _copy_file(plain, part, progress, f"正在写入 {folder}……")
            if progress is not None:
                progress(1, 1, "")  # last chance to cancel before the file appears under its name
            os.replace(part, target)
        except (OSError, sqlite3.Error) as exc:
            part.unlink(missing_ok=True)
            raise BackupError(_io_message(exc, folder)) from exc
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    ledger.audit.record("备份到", "ledger", None, None, {"file": str(target), "encrypted": bool(password)})
    return target


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGICS[0])) in MAGICS


@dataclass(frozen=True)
class BackupCheck:
    applications: int
    schema_version: int


def check_backup(path: Path, password: str | None = None,
                 progress: Progress | None = None) -> tuple[BackupCheck, Path]:
    """Decrypt (when needed) into a temporary file and check it; returns what it holds and that file (in its own
    temporary folder, which the caller removes: `discard_checked`)."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    tmpdir = Path(tempfile.mkdtemp(prefix="gongkai-restore-"))
    plain = tmpdir / "check.sqlite"
    try:
        if is_encrypted(path):
            if not password:
                raise BackupError("这个备份已加密，请输入密码。")
            from .backup_crypto import decrypt_file

            with open(path, "rb") as src, open(plain, "wb") as dst:
                decrypt_file(src, dst, password, path.stat().st_size, _copy_progress(progress, "正在解密备份……"))
        else:
            _copy_file(path, plain, progress, "正在读取备份……")
        if progress is not None:
            progress(0, 0, "正在检查备份是否完好……")
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
    except BaseException:
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise
    return BackupCheck(n, version), plain


def discard_checked(plain: Path) -> None:
    """Remove the temporary folder `check_backup` made."""
    shutil.rmtree(plain.parent, ignore_errors=True)


@dataclass(frozen=True)
class PreparedRestore:
    """A restore made ready while the ledger is still open: the checked copy waits beside the ledger under a
    temporary name; `finish_restore` swaps it in (fast) once every connection to the ledger is closed."""

    ledger_path: Path
    staged: Path
    kept: Path | None
    renamed: bool  # the current ledger could not be opened and was renamed aside (already done)


def prepare_restore(backup: Path, ledger_path: Path, backup_dir: Path, password: str | None = None,
                    progress: Progress | None = None, checked: Path | None = None) -> PreparedRestore:
    """Check the backup, keep a copy of the current ledger (or rename a damaged one aside), and stage the backup
    beside the ledger. Nothing replaces the ledger yet; an exception (also from `progress`: cancelled) removes
    what was made. `checked` is the file `check_backup` already returned, to skip checking twice."""
    plain = checked if checked is not None else check_backup(backup, password, progress)[1]
    kept: Path | None = None
    renamed = False
    staged = ledger_path.with_name(ledger_path.name + ".restoring")
    try:
        if ledger_path.exists():
            try:
                current = Ledger.open(ledger_path, create=False)
            except LedgerError:
                if progress is not None:
                    progress(0, 0, "")  # cancelling is still possible: nothing has been changed yet
                kept = ledger_path.with_name(f"{ledger_path.stem}.damaged-{datetime.now():%Y%m%d-%H%M%S}"
                                             f"{ledger_path.suffix}")
                os.replace(ledger_path, kept)
                for side in ("-wal", "-shm"):
                    Path(str(ledger_path) + side).unlink(missing_ok=True)
                renamed = True
            else:
                try:
                    kept = backup_copy(current.db, backup_dir, "before-restore",
                                       _copy_progress(progress, "正在备份当前台账……"))
                finally:
                    current.close()
        _copy_file(plain, staged, None if renamed else progress, "正在准备恢复……")
    except BaseException:
        staged.unlink(missing_ok=True)
        if kept is not None and renamed and not ledger_path.exists():
            os.replace(kept, ledger_path)  # put the damaged ledger back where it was
        elif kept is not None:
            kept.unlink(missing_ok=True)  # the “before-restore” copy of a restore that did not happen
        raise
    finally:
        discard_checked(plain)
    return PreparedRestore(ledger_path, staged, kept, renamed)


def finish_restore(prepared: PreparedRestore) -> Path | None:
    """Swap the staged backup in. Every connection to the ledger must be closed. Returns the copy kept."""
    for side in ("-wal", "-shm"):
        Path(str(prepared.ledger_path) + side).unlink(missing_ok=True)
    os.replace(prepared.staged, prepared.ledger_path)
    return prepared.kept


def abandon_restore(prepared: PreparedRestore) -> None:
    """Undo `prepare_restore` when the swap is not wanted after all (the kept copy of a renamed ledger stays)."""
    prepared.staged.unlink(missing_ok=True)
    if prepared.kept is not None and not prepared.renamed:
        prepared.kept.unlink(missing_ok=True)


def restore(backup: Path, ledger_path: Path, backup_dir: Path, password: str | None = None) -> Path | None:
    """Replace the ledger with a checked backup. The current ledger is first backed up (or, when it cannot be
    opened, renamed aside), never deleted. The caller must have closed its connection. Returns the copy kept."""
    return finish_restore(prepare_restore(backup, ledger_path, backup_dir, password))
