"""Backups of the ledger with the SQLite online backup API: automatic (at start when the last is over a day
old, and before every migration or restore) with rotation — 7 daily, 4 weekly, 12 monthly — a copy to a
USB stick or any folder, optionally encrypted with a password, and restore that checks a backup before it
replaces anything. Nothing here ever deletes or overwrites a ledger: the replaced file is kept beside it.

A backup carries the ledger's own folders as well (`台账-附件/`, `台账-文书/`, `台账-模板/`), each file with its
SHA-256 in a manifest:
- local backups (`backups/台账名-编号/`): `ledger-…-reason.sqlite` plus `ledger-…-reason.files.json`, the files
  kept once each in `files/<sha256>` and shared by all backups (a daily backup copies only what is new);
- “备份到…” (USB): one file, `台账备份-….zip` holding `ledger.sqlite`, `manifest.json` and the folders, or the
  same zip encrypted as it is written (`.gkbak`, see backup_crypto).
Older backups (a bare `.sqlite`, or a format-1 `.gkbak`) still restore; they simply carry no files.

No plaintext is ever written outside the ledger's own folder: temporaries live in a hidden folder beside the
ledger (mode 0700, files 0600) and are removed in `finally`; one left by a killed process is removed the next
time a backup or restore runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from ..core.errors import DomainError
from .ledger import Ledger, LedgerError, backup_copy, beside
from .schema import KNOWN_MIGRATIONS, SCHEMA_VERSION

ENCRYPTED_SUFFIX = ".gkbak"
BUNDLE_SUFFIX = ".zip"
MAGIC = b"GKBAK1\n"
_NAME = re.compile(r"^ledger-(\d{8}-\d{6})-([a-z-]+?)(?:-\d+)?\.sqlite$")
FOLDERS = ("附件", "文书", "模板")  # the ledger's own folders that travel with it
FOLDER_LABELS = {"附件": "附件", "文书": "已生成的文书", "模板": "修改过的文书模板"}
REQUIRED_TABLES = ("applicants", "applications", "application_events", "attachments", "letters", "audit_log",
                   "calendar_years", "tasks", "settings")
_TMP_PREFIX = ".gongkai-tmp-"


class BackupError(DomainError):
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


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds (said by the backup dialog and `gongkai backup`)."""

    applications: int
    files: dict[str, int] = field(default_factory=dict)  # folder → number of files
    size: int = 0

    def describe(self) -> str:
        parts = [f"台账（{self.applications} 件申请）"]
        for folder in FOLDERS:
            if self.files.get(folder):
                parts.append(f"{FOLDER_LABELS[folder]} {self.files[folder]} 个文件")
        return "、".join(parts)


# --- local backups and rotation -----------------------------------------------------------------------------
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
    """Delete automatic backups that rotation no longer keeps; other backups are kept. Returns the deleted.
    Stored files no remaining backup refers to are removed as well."""
    now = now or datetime.now()
    backups = list_backups(backup_dir)
    keep = keep_set(backups, now)
    removed = []
    for b in backups:
        if b.reason == "auto" and b.path not in keep:
            b.path.unlink(missing_ok=True)
            _sidecar(b.path).unlink(missing_ok=True)
            removed.append(b.path)
    if removed:
        _collect_store(backup_dir)
    return removed


def _sidecar(sqlite_path: Path) -> Path:
    return sqlite_path.with_name(sqlite_path.name[: -len(".sqlite")] + ".files.json")


def _store_path(backup_dir: Path, digest: str) -> Path:
    return backup_dir / "files" / digest[:2] / digest


def _collect_store(backup_dir: Path) -> None:
    store = backup_dir / "files"
    if not store.is_dir():
        return
    wanted: set[str] = set()
    for side in backup_dir.glob("ledger-*.files.json"):
        try:
            manifest = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # cannot tell what is still needed: keep everything
        for entries in manifest.get("folders", {}).values():
            wanted.update(e["sha256"] for e in entries.values())
    for f in store.glob("*/*"):
        if f.name not in wanted and not f.name.endswith(".part"):  # .part: being written by another backup
            f.unlink(missing_ok=True)


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)


def local_backup(ledger: Ledger, backup_dir: Path, reason: str, source: sqlite3.Connection | None = None) -> Path:
    """A backup in the ledger's backup folder: the SQLite copy, and the ledger's folders into the shared
    store with a manifest beside the copy. `source`: another connection to copy from (restore holds the
    write lock on the ledger's own connection, and SQLite's backup cannot read through that one)."""
    _private_dir(backup_dir)
    previous = _previous_manifest(backup_dir)
    manifest = _folder_manifest(ledger.path, previous)
    for folder, entries in manifest.items():
        base = beside(ledger.path, folder)
        assert base is not None
        for rel, entry in entries.items():
            target = _store_path(backup_dir, entry["sha256"])
            if target.exists():
                continue
            _private_dir(target.parent)
            part = target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.part")
            try:
                _copy_private(base / rel, part)
                os.replace(part, target)
            finally:
                part.unlink(missing_ok=True)
    path = backup_copy(ledger.db if source is None else _Conn(source), backup_dir, reason)
    if manifest:
        side = _sidecar(path)
        part = side.with_name(side.name + ".part")
        try:
            _write_private(part, json.dumps({"format": 2, "folders": manifest}, ensure_ascii=False).encode())
            os.replace(part, side)
        except BaseException:
            part.unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            raise
    return path


class _Conn:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn


def _previous_manifest(backup_dir: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Hashes already computed for unchanged files (same size and modification time) in the newest backup."""
    for b in list_backups(backup_dir):
        side = _sidecar(b.path)
        if side.exists():
            try:
                return json.loads(side.read_text(encoding="utf-8")).get("folders", {})
            except (OSError, ValueError):
                return {}
    return {}


def _folder_manifest(ledger_path: Path | None, previous: dict | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Every file in the ledger's folders: folder → relative path → sha256, size, mtime."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    previous = previous or {}
    for folder in FOLDERS:
        base = beside(ledger_path, folder)
        if base is None or not base.is_dir():
            continue
        entries: dict[str, dict[str, Any]] = {}
        for p in sorted(base.rglob("*")):
            if not p.is_file() or p.name.endswith(".part"):
                continue
            rel = p.relative_to(base).as_posix()
            st = p.stat()
            old = previous.get(folder, {}).get(rel)
            if old and old.get("size") == st.st_size and old.get("mtime") == st.st_mtime_ns:
                digest = old["sha256"]
            else:
                digest = _sha256(p)
            entries[rel] = {"sha256": digest, "size": st.st_size, "mtime": st.st_mtime_ns}
        if entries:
            out[folder] = entries
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _open_private(path: Path) -> IO[bytes]:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    return os.fdopen(fd, "wb")


def _copy_private(source: Path, target: Path) -> None:
    with source.open("rb") as src, _open_private(target) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


def auto_backup(ledger: Ledger, backup_dir: Path, now: datetime | None = None) -> Path | None:
    """At start: back up when the newest backup is older than a day, then rotate."""
    now = now or datetime.now()
    newest = next(iter(list_backups(backup_dir)), None)
    if newest is not None and now - newest.created < timedelta(days=1):
        return None
    try:
        path = local_backup(ledger, backup_dir, "auto")
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(_io_message(exc, backup_dir)) from exc
    rotate(backup_dir, now)
    return path


def backup_here(ledger: Ledger, backup_dir: Path) -> Path:
    """`gongkai backup`: a backup in the local backup folder now, then rotation."""
    try:
        path = local_backup(ledger, backup_dir, "auto")
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(_io_message(exc, backup_dir)) from exc
    rotate(backup_dir)
    return path


def _io_message(exc: BaseException, folder: Path) -> str:
    errno = getattr(exc, "errno", None)
    text = str(exc).lower()
    if errno == 28 or "full" in text or "no space" in text:
        return f"磁盘空间已满，无法在 {folder} 保存备份（未留下不完整的备份文件）。台账本身未受影响。"
    if isinstance(exc, PermissionError) or errno == 13:
        return f"没有权限在 {folder} 保存备份，请换一个文件夹。台账本身未受影响。"
    return f"无法在 {folder} 保存备份：{getattr(exc, 'strerror', None) or exc}。台账本身未受影响。"


# --- temporaries beside the ledger ---------------------------------------------------------------------------
@contextlib.contextmanager
def _workdir(ledger_path: Path) -> Iterator[Path]:
    """A private folder beside the ledger for plaintext temporaries; removed on the way out."""
    folder = ledger_path.parent
    _sweep_stale(folder)
    tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-", dir=folder))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sweep_stale(folder: Path) -> None:
    """Remove temporaries of processes that no longer run (killed in the middle of a backup or restore)."""
    if os.name == "nt":  # pragma: no cover - os.kill(pid, 0) is not a liveness test on Windows
        return
    for p in folder.glob(f"{_TMP_PREFIX}*"):
        try:
            pid = int(p.name[len(_TMP_PREFIX):].split("-")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
        except (ValueError, PermissionError, OSError):
            continue


# --- backup to a folder (USB stick) ---------------------------------------------------------------------------
def backup_to(ledger: Ledger, folder: Path, password: str | None = None, now: datetime | None = None) -> Path:
    """“备份到…”: one file in any folder (a USB stick) with the ledger and its folders, encrypted as it is
    written when a password is given. See `describe_backup` for what it holds."""
    from .backup_crypto import EncryptingWriter, check_password

    now = now or datetime.now()
    if password:
        check_password(password)
    if ledger.path is None:
        raise BackupError("内存台账不能备份。")
    stem = f"台账备份-{now:%Y%m%d-%H%M%S}"
    target = folder / (stem + (ENCRYPTED_SUFFIX if password else BUNDLE_SUFFIX))
    if not folder.is_dir():
        raise BackupError(f"文件夹不存在：{folder}")
    part = target.with_name(target.name + ".part")
    try:
        with _workdir(ledger.path) as tmp:
            plain = backup_copy(ledger.db, tmp, "manual")
            manifest = _folder_manifest(ledger.path)
            with _open_private(part) as out:
                sink: Any = EncryptingWriter(out, password) if password else out
                _write_bundle(sink, plain, ledger.path, manifest, now)
                if password:
                    sink.close()
                out.flush()
                os.fsync(out.fileno())
            os.replace(part, target)
    except (OSError, sqlite3.Error, zipfile.LargeZipFile) as exc:
        part.unlink(missing_ok=True)
        raise BackupError(_io_message(exc, folder)) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    files = {k: len(v) for k, v in manifest.items()}
    if not ledger.read_only:
        ledger.audit.record("备份到", "ledger", None, None,
                            {"file": str(target), "encrypted": bool(password), "files": files})
    return target


def _write_bundle(sink: IO[bytes], plain_sqlite: Path, ledger_path: Path,
                  manifest: dict[str, dict[str, dict[str, Any]]], now: datetime) -> None:
    from .. import __version__

    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
        info = {"format": 2, "app": __version__, "created": now.isoformat(timespec="seconds"),
                "ledger": "ledger.sqlite", "folders": manifest}
        z.writestr("manifest.json", json.dumps(info, ensure_ascii=False, indent=1))
        z.write(plain_sqlite, "ledger.sqlite")
        for folder, entries in manifest.items():
            base = beside(ledger_path, folder)
            assert base is not None
            for rel in entries:
                z.write(base / rel, f"{folder}/{rel}", compress_type=zipfile.ZIP_STORED)


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        head = f.read(len(MAGIC))
    return head in (MAGIC, b"GKBAK2\n")


# --- reading a backup ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupCheck:
    applications: int
    schema_version: int
    files: dict[str, int] = field(default_factory=dict)  # folder → files carried
    carries_files: bool = False  # False: an old backup without the ledger's folders
    missing_attachments: list[str] = field(default_factory=list)  # listed in the ledger, absent from the backup

    def describe(self) -> str:
        text = f"{self.applications} 件申请"
        if not self.carries_files:
            return text + "；这是旧格式备份，不含附件和文书文件（恢复后现有的附件文件夹保持不变）"
        for folder in FOLDERS:
            if self.files.get(folder):
                text += f"，{FOLDER_LABELS[folder]} {self.files[folder]} 个"
        if self.missing_attachments:
            text += f"；备份时已缺少的附件 {len(self.missing_attachments)} 个"
        return text


@dataclass
class _Unpacked:
    sqlite: Path
    manifest: dict[str, dict[str, dict[str, Any]]] | None  # None: an old backup without files
    fetch: Callable[[str, str, str], Path]  # (folder, relative path, sha256) → where the content is


def _unpack(path: Path, password: str | None, work: Path) -> _Unpacked:
    """Make the backup readable in `work` (beside the ledger): decrypt, unzip."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    with open(path, "rb") as f:
        head = f.read(16)
    if head.startswith(b"GKBAK2\n"):
        from .backup_crypto import BackupPasswordError, decrypt_stream

        if not password:
            raise BackupError("这个备份已加密，请输入密码。")
        bundle = work / "bundle.zip"
        try:
            with open(path, "rb") as src, _open_private(bundle) as dst:
                for chunk in decrypt_stream(src, password):
                    dst.write(chunk)
        except BackupPasswordError:
            raise
        except ValueError as exc:
            raise BackupError(f"{path.name}：{exc}") from exc
        return _unzip(bundle, path.name, work)
    if head.startswith(MAGIC):
        from .backup_crypto import decrypt

        if not password:
            raise BackupError("这个备份已加密，请输入密码。")
        plain = work / "ledger.sqlite"
        _write_private(plain, decrypt(path.read_bytes(), password))
        return _Unpacked(plain, None, _no_files)
    if head.startswith(b"PK"):
        return _unzip(path, path.name, work)
    side = _sidecar(path) if path.name.endswith(".sqlite") else None
    if side is not None and side.exists():
        try:
            manifest = json.loads(side.read_text(encoding="utf-8"))["folders"]
        except (OSError, ValueError, KeyError) as exc:
            raise BackupError(f"备份 {path.name} 的文件清单已损坏。") from exc
        store = path.parent
        return _Unpacked(path, manifest, lambda _f, _r, digest: _store_path(store, digest))
    return _Unpacked(path, None, _no_files)


def _no_files(folder: str, rel: str, digest: str) -> Path:
    raise BackupError("这个备份不含文件。")


def _unzip(bundle: Path, name: str, work: Path) -> _Unpacked:
    try:
        with zipfile.ZipFile(bundle) as z:
            try:
                manifest = json.loads(z.read("manifest.json"))["folders"]
            except (KeyError, ValueError) as exc:
                raise BackupError(f"{name} 不是台账备份（缺少文件清单）。") from exc
            plain = work / "ledger.sqlite"
            _extract(z, "ledger.sqlite", plain, name)
            files = work / "files"
            for folder, entries in manifest.items():
                if folder not in FOLDERS:
                    raise BackupError(f"{name} 的文件清单有误。")
                for rel in entries:
                    target = (files / folder / rel).resolve()
                    if not str(target).startswith(str(files.resolve()) + os.sep) or ".." in Path(rel).parts:
                        raise BackupError(f"{name} 中有不安全的文件路径：{rel}")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _extract(z, f"{folder}/{rel}", target, name)
    except zipfile.BadZipFile as exc:
        raise BackupError(f"{name} 已损坏，不是有效的备份文件。") from exc
    return _Unpacked(plain, manifest, lambda folder, rel, _d: files / folder / rel)


def _extract(z: zipfile.ZipFile, member: str, target: Path, name: str) -> None:
    try:
        with z.open(member) as src, _open_private(target) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    except KeyError as exc:
        raise BackupError(f"{name} 不完整：缺少 {member}。") from exc


def _check_sqlite(plain: Path, name: str) -> tuple[int, int, list[tuple[str, str]]]:
    """Full check of a backup's ledger: integrity, foreign keys, the schema version and every migration it
    claims, the tables the app needs. Returns (applications, schema version, attachments' (path, sha256))."""
    try:
        conn = sqlite3.connect(f"{plain.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                raise BackupError(f"备份 {name} 已损坏（完整性检查未通过：{rows[0]}），不能用来恢复。")
            if conn.execute("PRAGMA foreign_key_check").fetchall():
                raise BackupError(f"备份 {name} 的数据之间有缺失的引用，不能用来恢复。")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise BackupError(f"备份 {name} 由更新版本的程序创建（结构版本 {version}），请升级后再恢复。")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "_sqlite_migrations" not in tables or version < 1:
                raise BackupError(f"{name} 不是本程序的台账备份（没有结构版本记录）。")
            applied = [r[0] for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'gongkai' ORDER BY applied_at, rowid")]
            if set(applied) - set(KNOWN_MIGRATIONS):
                raise BackupError(f"备份 {name} 由更新版本的程序创建，请升级后再恢复。")
            if sorted(applied) != sorted(KNOWN_MIGRATIONS[:version]):
                raise BackupError(f"备份 {name} 的结构版本（{version}）与其升级记录不符，文件可能被改动过，不能用来恢复。")
            missing = [t for t in REQUIRED_TABLES if t not in tables]
            if missing:
                raise BackupError(f"备份 {name} 缺少数据表 {'、'.join(missing)}，不能用来恢复。")
            n = conn.execute("SELECT count(*) FROM applications").fetchone()[0]
            attachments = [(r[0], r[1]) for r in conn.execute("SELECT stored_path, sha256 FROM attachments")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{name} 不是有效的台账备份：{exc}") from exc
    return n, version, attachments


def _check_unpacked(u: _Unpacked, name: str) -> BackupCheck:
    n, version, attachments = _check_sqlite(u.sqlite, name)
    if u.manifest is None:
        return BackupCheck(n, version)
    for folder, entries in u.manifest.items():
        for rel, entry in entries.items():
            try:
                source = u.fetch(folder, rel, entry["sha256"])
                ok = source.is_file() and _sha256(source) == entry["sha256"]
            except OSError:
                ok = False
            if not ok:
                raise BackupError(f"备份 {name} 中的文件“{folder}/{rel}”缺失或已损坏（校验值不符），不能用来恢复。")
    carried = u.manifest.get("附件", {})
    missing = [rel for rel, digest in attachments if carried.get(rel, {}).get("sha256") != digest]
    return BackupCheck(n, version, {k: len(v) for k, v in u.manifest.items()}, True, missing)


def check_backup(path: Path, password: str | None, ledger_path: Path) -> BackupCheck:
    """Decrypt and unpack (beside the ledger, removed afterwards) and check a backup; returns what it holds."""
    with _workdir(ledger_path) as work:
        return _check_unpacked(_unpack(path, password, work), path.name)


# --- restore -------------------------------------------------------------------------------------------------
def restore(backup: Path, ledger_path: Path, backup_dir: Path, password: str | None = None,
            lock: Any = None) -> Path | None:
    """Replace the ledger (and its folders) with a checked backup. The current ledger is first backed up (or,
    when it cannot be opened, renamed aside), never deleted. The caller must have closed its connection.

    The instance lock is taken for the time of the restore — refused, naming who, while another window holds
    it — unless the caller passes the lock it already holds. While the ledger is being replaced its write
    lock is held, so a writer elsewhere waits and then finds (see `Ledger`'s file identity check) that the
    file it had open is no longer the ledger. Returns the copy kept of the replaced ledger."""
    from .instance_lock import InstanceLock

    own = None
    if lock is None and ledger_path.exists():
        own = InstanceLock(ledger_path)
        if not own.acquire():
            raise BackupError(f"台账 {ledger_path.name} 正由 {own.holder()} 使用，不能恢复。请先关闭那个窗口再恢复。")
    try:
        return _restore(backup, ledger_path, backup_dir, password)
    finally:
        if own is not None:
            own.release()


def _restore(backup: Path, ledger_path: Path, backup_dir: Path, password: str | None) -> Path | None:
    with _workdir(ledger_path) as work:
        unpacked = _unpack(backup, password, work)
        check = _check_unpacked(unpacked, backup.name)
        staged = _stage_folders(unpacked, ledger_path, work)
        tmp = ledger_path.with_name(f"{_TMP_PREFIX}{os.getpid()}-{ledger_path.name}.restoring")
        kept: Path | None = None
        current: Ledger | None = None
        try:
            _copy_private(unpacked.sqlite, tmp)
            files_safe = True
            if ledger_path.exists():
                try:
                    current = Ledger.open(ledger_path, create=False, busy_timeout=30)
                except LedgerError:
                    kept = ledger_path.with_name(f"{ledger_path.stem}.damaged-{datetime.now():%Y%m%d-%H%M%S}"
                                                 f"{ledger_path.suffix}")
                    os.replace(ledger_path, kept)
                    files_safe = False
                    for side in ("-wal", "-shm"):
                        Path(str(ledger_path) + side).unlink(missing_ok=True)
                else:
                    try:
                        current.db.execute("BEGIN IMMEDIATE")  # no writer may slip in until the file is replaced
                    except sqlite3.OperationalError as exc:
                        raise BackupError("台账正被另一个程序写入（如正在导入），等待30秒后仍未结束。请稍后再恢复；"
                                          "台账未改动。") from exc
                    reader = sqlite3.connect(f"{ledger_path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
                    try:
                        kept = local_backup(current, backup_dir, "before-restore", source=reader)
                    except (OSError, sqlite3.Error) as exc:
                        raise BackupError(_io_message(exc, backup_dir) + "因此没有恢复。") from exc
                    finally:
                        reader.close()
            if current is not None and os.name == "nt":  # pragma: no cover - Windows cannot replace an open file
                with contextlib.suppress(sqlite3.Error):
                    current.db.execute("ROLLBACK")
                current.close()
                current = None
            try:
                for side in ("-wal", "-shm"):
                    Path(str(ledger_path) + side).unlink(missing_ok=True)
                os.replace(tmp, ledger_path)
            except OSError as exc:
                raise BackupError(f"无法替换台账文件 {ledger_path.name}（可能仍被其他程序打开）：{exc.strerror or exc}。"
                                  "台账未改动，恢复前的备份已保存。") from exc
            _swap_folders(staged, ledger_path, keep_old=not files_safe)
        finally:
            tmp.unlink(missing_ok=True)
            if current is not None:
                with contextlib.suppress(sqlite3.Error):
                    current.db.execute("ROLLBACK")
                current.close()
    _audit_restore(ledger_path, backup, check, kept)
    return kept


def _stage_folders(u: _Unpacked, ledger_path: Path, work: Path) -> dict[str, Path]:
    """The backup's folders, copied beside the ledger ready to be renamed into place."""
    staged: dict[str, Path] = {}
    if u.manifest is None:
        return staged
    for folder in FOLDERS:
        entries = u.manifest.get(folder)
        target = work / "staged" / folder
        _private_dir(target)
        for rel, entry in (entries or {}).items():
            dest = target / rel
            _private_dir(dest.parent)
            _copy_private(u.fetch(folder, rel, entry["sha256"]), dest)
        staged[folder] = target
    return staged


def _swap_folders(staged: dict[str, Path], ledger_path: Path, keep_old: bool) -> None:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for folder, source in staged.items():
        final = beside(ledger_path, folder)
        assert final is not None
        if final.exists():
            aside = final.with_name(f"{final.name}.恢复前-{stamp}")
            os.replace(final, aside)
            if not keep_old:  # its files are in the before-restore backup
                shutil.rmtree(aside, ignore_errors=True)
        if any(source.iterdir()):
            os.replace(source, final)


def _audit_restore(ledger_path: Path, backup: Path, check: BackupCheck, kept: Path | None) -> None:
    try:
        led = Ledger.open(ledger_path, create=False)
    except LedgerError:
        return  # an older backup that needs migrating without a backup folder; the restore itself is done
    try:
        with led.db.atomic():
            led.audit.record("从备份恢复", "ledger", None, {"replaced_copy": str(kept) if kept else None},
                             {"backup": str(backup), "applications": check.applications,
                              "schema_version": check.schema_version, "files": check.files})
    finally:
        led.close()


def describe_backup(ledger: Ledger) -> str:
    """What a backup of this ledger carries, in words: the ledger and the files of its folders."""
    files = {}
    for folder in FOLDERS:
        base = beside(ledger.path, folder)
        if base is not None and base.is_dir():
            files[folder] = sum(1 for p in base.rglob("*") if p.is_file() and not p.name.endswith(".part"))
    return BackupContents(ledger.applications.count(), files).describe()
