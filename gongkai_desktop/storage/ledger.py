"""Opening a ledger file safely, and the Ledger object that owns the connection and the repositories.

A ledger written by a newer app, a read-only, locked, damaged or non-SQLite file is refused with a Chinese
message and left exactly as it was. Before migrating an existing ledger a copy is taken with the SQLite
backup API.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlite_utils import Database

from ..core.errors import DomainError
from ..core.rules import CaseRules
from ..core.workdays import MergePlan, YearArrangement, plan_merge
from ..paths import is_network_path
from .applications_query import ApplicationsQuery
from .applications_repo import ApplicationsRepo, DueChange
from .audit import AuditLog
from .calendar_repo import CalendarRepo
from .reviews_repo import ReviewsRepo
from .schema import KNOWN_MIGRATIONS, SCHEMA_VERSION, migrations
from .settings_repo import SettingsRepo
from .tasks_repo import TasksRepo

if TYPE_CHECKING:
    from .archives_repo import ArchivesRepo
    from .attachments_repo import AttachmentsRepo
    from .case_records_repo import CaseRecordsRepo
    from .items_repo import ItemsRepo
    from .letters_repo import LettersRepo
    from .reports_repo import ReportsRepo

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_SQLITE = (3, 37, 0)  # STRICT tables


class _Rollback(Exception):
    """Raised inside a transaction to undo a trial run (preview_import)."""


class LedgerError(DomainError):
    """A ledger cannot be opened or written; str(e) is a Chinese message for the officer.

    `kind` tells the GUI what it may offer: "damaged" (restore from a backup), "busy", "newer", "readonly"."""

    def __init__(self, message: str, kind: str = ""):
        super().__init__(message)
        self.kind = kind


class LedgerReplacedError(LedgerError):
    """The file this connection has open is no longer the ledger at its path (restored from a backup
    elsewhere, moved or deleted): a write would go to a file nobody will open again."""

    def __init__(self, path: Path, removed: bool):
        what = "已被删除或移走" if removed else "已被替换（可能在另一处从备份恢复）"
        super().__init__(f"台账文件 {path} {what}，这里打开的仍是原来的文件。刚才的修改没有保存。"
                         "请关闭后重新打开台账。", "replaced")


class LedgerDatabase(Database):
    """sqlite-utils Database whose outermost write transaction is BEGIN IMMEDIATE.

    A deferred BEGIN that reads and then writes cannot wait for another writer (SQLite returns BUSY at once
    to avoid a deadlock); taking the write lock first lets the busy timeout do its work. When another program
    holds the write lock past the first timeout, `on_wait` is told (the CLI says it is waiting) and the
    transaction waits up to `write_wait` seconds more. Once the lock is held, the file at the ledger's path
    must still be the file this connection opened (`identity`), else LedgerReplacedError."""

    file_path: Path | None = None
    identity: tuple[int, int] | None = None
    busy_ms: int = 5000
    write_wait: float = 120.0
    on_wait: Callable[[], None] | None = None

    def replaced(self) -> LedgerReplacedError | None:
        if self.identity is None or self.file_path is None:
            return None
        try:
            st = os.stat(self.file_path)
        except FileNotFoundError:
            return LedgerReplacedError(self.file_path, removed=True)
        except OSError:
            return None
        if (st.st_dev, st.st_ino) != self.identity:
            return LedgerReplacedError(self.file_path, removed=False)
        return None

    def _begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if _kind(exc) != "busy" or self.write_wait * 1000 <= self.busy_ms:
                raise
        if self.on_wait is not None:
            self.on_wait()
        self.conn.execute(f"PRAGMA busy_timeout = {int(self.write_wait * 1000)}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {self.busy_ms}")

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self._begin()
        problem = self.replaced()
        if problem is not None:
            self.conn.execute("ROLLBACK")
            raise problem
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


class Ledger:
    """One open ledger: the connection plus one repository per area. Use `Ledger.open(path)`."""

    def __init__(self, db: Database, path: Path | None, operator: str = "", read_only: bool = False):
        self.db = db
        self.path = path
        self.read_only = read_only
        self.audit = AuditLog(db, operator=operator)
        self.settings = SettingsRepo(db, self.audit)
        self.calendar = CalendarRepo(db, self.audit)
        self.applications = ApplicationsRepo(db, self.audit)
        self.query = ApplicationsQuery(db)
        self.reviews = ReviewsRepo(db, self.audit)
        self.tasks = TasksRepo(db, self.audit)
        self.rules = CaseRules()  # replaced from the settings once the schema is current (load_rules)

    # the repositories the 工作台 does not read are built (and their modules imported) on first use (issue 26)
    @functools.cached_property
    def letters(self) -> LettersRepo:
        from .letters_repo import LettersRepo

        return LettersRepo(self.db, self.audit)

    @functools.cached_property
    def reports(self) -> ReportsRepo:
        from .reports_repo import ReportsRepo

        return ReportsRepo(self.db, self.audit)

    @functools.cached_property
    def attachments(self) -> AttachmentsRepo:
        from .attachments_repo import AttachmentsRepo

        return AttachmentsRepo(self.db, self.audit, attachments_folder(self.path))

    @functools.cached_property
    def items(self) -> ItemsRepo:
        """申请事项、转主动审查 (m013)."""
        from .items_repo import ItemsRepo

        return ItemsRepo(self.db, self.audit)

    @functools.cached_property
    def archives(self) -> ArchivesRepo:
        """归档."""
        from .archives_repo import ArchivesRepo

        return ArchivesRepo(self.db, self.audit)

    @functools.cached_property
    def records(self) -> CaseRecordsRepo:
        """检索、沟通、提供信息清单 and the generated forms."""
        from .case_records_repo import CaseRecordsRepo

        return CaseRecordsRepo(self.db, self.audit)

    # --- opening -------------------------------------------------------------------------------------
    @classmethod
    def open(
        cls, path: Path | str, backup_dir: Path | None = None, create: bool = True, busy_timeout: float = 5.0,
        read_only: bool = False, verify: bool = True,
    ) -> Ledger:
        """Open (creating or migrating) a ledger. `verify` runs SQLite's quick_check first; the GUI passes
        False and runs `quick_check()` in the background so a large ledger opens without the wait."""
        path = Path(path)
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise LedgerError(f"本机 SQLite 版本 {sqlite3.sqlite_version} 过旧，需要 3.37 或更高版本。")
        exists = path.exists()
        if not exists and not create:
            raise LedgerError(f"台账文件不存在：{path}")
        if read_only and not exists:
            raise LedgerError(f"台账文件不存在：{path}")
        if exists:
            _check_existing_file(path, read_only)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LedgerError(f"无法创建台账所在文件夹 {path.parent}：{exc.strerror or exc}") from exc
            if not os.access(path.parent, os.W_OK):
                raise LedgerError(f"没有写入权限，无法在 {path.parent} 创建台账。")
            try:  # the ledger holds applicants' personal data: readable by its owner only
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                pass
            except OSError as exc:
                raise LedgerError(f"无法在 {path.parent} 创建台账：{exc.strerror or exc}") from exc
        try:
            if read_only:
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout)
            else:
                conn = sqlite3.connect(str(path), timeout=busy_timeout)
        except sqlite3.Error as exc:
            raise LedgerError(f"无法打开台账文件 {path}：{exc}") from exc
        db = LedgerDatabase(conn, execute_plugins=False)  # no third-party sqlite-utils plugins on the ledger
        db.busy_ms = int(busy_timeout * 1000)
        try:
            network = is_network_path(path)
            _configure(db, wal=not network and not read_only, busy_ms=int(busy_timeout * 1000),
                       journal=None if read_only else ("DELETE" if network else "WAL"))
            _check_schema(db, path)
            if exists and verify:
                problems = [r[0] for r in db.execute("PRAGMA quick_check").fetchall()]
                if problems != ["ok"]:
                    raise LedgerError(damaged_message(path, problems[0]), "damaged")
            pending = migrations.pending(db)
            if pending and read_only:
                raise LedgerError(f"台账 {path} 需要升级结构，不能以只读方式打开。", "readonly")
            if pending:
                if exists and _has_tables(db) and backup_dir is not None:
                    backup_copy(db, backup_dir, "before-migrate")
                migrations.apply(db)
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except LedgerError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise LedgerError(explain_sqlite_error(exc, path), _kind(exc)) from exc
        try:  # not on network shares: some SMB mounts do not keep inode numbers stable
            if not network:
                st = os.stat(path)
                db.file_path, db.identity = path, (st.st_dev, st.st_ino)
        except OSError:
            pass
        ledger = cls(db, path, read_only=read_only)
        ledger.audit.operator = ledger.settings.profile().operator
        ledger.load_rules()
        return ledger

    @classmethod
    def in_memory(cls) -> Ledger:
        db = LedgerDatabase(memory=True, execute_plugins=False)
        _configure(db, wal=False)
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        ledger = cls(db, None)
        ledger.load_rules()
        return ledger

    closed = False

    def close(self) -> None:
        self.db.close()
        self.closed = True  # work queued before the close (a deferred dashboard fill) checks this

    # --- the office's rules --------------------------------------------------------------------------
    def load_rules(self) -> CaseRules:
        """Build the one rules object from the settings and hand the clock its part."""
        self.rules = CaseRules.from_settings(self.settings.with_prefix("rules."))
        self.applications.rules = self.rules.clock()
        return self.rules

    def save_rules(self, rules: CaseRules) -> list[DueChange]:
        """Store changed rules (audited) and re-date open applications, since the clock may follow them."""
        with self.db.atomic():
            for key, value in rules.to_settings().items():
                self.settings.set(key, value)
            self.load_rules()
            return self.applications.redate_open(self.calendar.load(), None)

    def replaced(self) -> LedgerError | None:
        """A Chinese explanation when the file at this ledger's path is no longer the one open here (restored
        elsewhere, moved, deleted); None while it is."""
        return self.db.replaced() if isinstance(self.db, LedgerDatabase) else None

    # --- calendar changes re-date every open application ---------------------------------------------
    def seed_calendar(self, arrangements: list[YearArrangement]) -> list[DueChange]:
        """Load shipped official years the ledger lacks; re-date open applications if any were added."""
        with self.db.atomic():
            added = self.calendar.seed(arrangements)
            return self.applications.redate_open(self.calendar.load(), None) if added else []

    def import_arrangement(self, arrangement: YearArrangement) -> list[DueChange]:
        """Merge a notice into the calendar (workdays.plan_merge: nothing another notice set is silently lost)
        and re-date the open applications; returns the moved due dates."""
        with self.db.atomic():
            plan = plan_merge(self.calendar.load().arrangements, arrangement)
            self.calendar.apply_merge(plan, "notice")
            return self.applications.redate_open(self.calendar.load(), None)

    def preview_import(self, arrangement: YearArrangement) -> tuple[MergePlan, list[DueChange]]:
        """What importing would do — the days that change and the due dates that move — without saving."""
        plan = plan_merge(self.calendar.load().arrangements, arrangement)
        moved: list[DueChange] = []
        try:
            with self.db.atomic():
                self.calendar.apply_merge(plan, "notice")
                moved = self.applications.redate_open(self.calendar.load(), None)
                raise _Rollback
        except _Rollback:
            pass
        except sqlite3.OperationalError:  # a read-only ledger: the days are known, the moved cases are not
            moved = []
        return plan, moved

    def set_calendar_day(self, day: date, is_workday: bool | None, reason: str = "") -> list[DueChange]:
        """Edit one day by hand (None removes the hand edit)."""
        with self.db.atomic():
            if is_workday is None:
                self.calendar.clear_override(day)
            else:
                self.calendar.set_override(day, is_workday, reason)
            return self.applications.redate_open(self.calendar.load(), None)

    # --- whole-ledger checks -------------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        rows = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        problems += [
            f"外键引用缺失：{r[0]} 第{r[1]}行 → {r[2]}" for r in self.db.execute("PRAGMA foreign_key_check").fetchall()
        ]
        return problems

    def work_counts(self, today: date) -> dict[str, int | None]:
        """The counts an officer is shown (status bar, 设置, `gongkai check`), one definition (issue 28):
        applications not voided (and the voided ones apart); the 工作要点 work items — tasks without sub-tasks,
        as the 工作要点 page and the import preview count them — of the year the page opens on (this year's
        plan, else the latest)."""
        apps, voided = self.applications.live_and_voided()
        years = self.tasks.years()
        year = today.year if today.year in years else (years[0] if years else None)
        tasks = sum(self.tasks.status_counts(year).values()) if year is not None else 0
        return {"applications": apps, "voided": voided, "task_year": year, "tasks": tasks}

    def work_counts_text(self, today: date) -> str:
        """申请 300 件（另有作废 1 件）　2026年工作要点任务 24 项"""
        c = self.work_counts(today)
        text = f"申请 {c['applications']} 件" + (f"（另有作废 {c['voided']} 件）" if c["voided"] else "")
        return text + (f"　{c['task_year']}年工作要点任务 {c['tasks']} 项" if c["task_year"] else "　尚未导入工作要点")

    def counts(self) -> dict[str, int]:
        """Rows per table (what the ledger file holds; officers' counts are `work_counts`)."""
        return {
            name: self.db.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("applicants", "applications", "application_events", "letters", "tasks", "calendar_years")
        }


def attachments_folder(path: Path | None) -> Path | None:
    """Attachments live beside the ledger file: `台账.sqlite` → `台账-附件/`."""
    return beside(path, "附件")


def beside(path: Path | None, what: str) -> Path | None:
    """A folder that belongs to one ledger and sits next to it: 附件, 文书, 模板."""
    return None if path is None else path.with_name(f"{path.stem}-{what}")


def _configure(db: Database, wal: bool = True, busy_ms: int = 5000, journal: str | None = "WAL") -> None:
    """Foreign keys, a busy timeout, synchronous=FULL; WAL on local disks, a rollback journal on network
    shares (WAL needs shared memory that network file systems do not provide)."""
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {busy_ms}")
    db.execute("PRAGMA synchronous = FULL")
    if journal is not None:
        db.execute(f"PRAGMA journal_mode = {'WAL' if wal else journal}")


def _has_tables(db: Database) -> bool:
    return bool(db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'applications'").fetchone()[0])


def _check_existing_file(path: Path, read_only: bool = False) -> None:
    if path.is_dir():
        raise LedgerError(f"{path} 是文件夹，不是台账文件。")
    try:
        with path.open("rb") as f:
            header = f.read(16)
    except OSError as exc:
        raise LedgerError(f"无法读取台账文件 {path}：{exc.strerror or exc}") from exc
    if header and header != SQLITE_HEADER:
        raise LedgerError(f"{path} 不是台账文件（不是 SQLite 数据库），未做任何改动。", "damaged")
    if not read_only and not os.access(path, os.W_OK):
        raise LedgerError(f"台账文件 {path} 为只读，无法保存修改。请检查文件属性或权限，文件未做任何改动。",
                          "readonly")


def _check_schema(db: Database, path: Path) -> None:
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise LedgerError(explain_sqlite_error(exc, path), _kind(exc)) from exc
    applied = {m.name for m in migrations.applied(db)}
    unknown = applied - set(KNOWN_MIGRATIONS)
    if version > SCHEMA_VERSION or unknown:
        raise LedgerError(
            f"台账 {path} 由更新版本的政务公开台账创建（结构版本 {version}，本程序支持 {SCHEMA_VERSION}）。"
            "请升级程序后再打开，文件未做任何改动。", "newer"
        )


def damaged_message(path: Path, problem: str) -> str:
    return f"台账文件 {path} 已损坏（完整性检查未通过：{problem}）。请从备份恢复；损坏的文件未做任何改动。"


def quick_check(path: Path) -> list[str]:
    """SQLite's quick_check on its own read-only connection (safe to run from a background thread)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _kind(exc: sqlite3.DatabaseError) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "busy"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "damaged"
    if "readonly" in text or "read-only" in text:
        return "readonly"
    return ""


def explain_sqlite_error(exc: sqlite3.DatabaseError, path: Path) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return f"台账文件 {path} 正被其他程序使用（可能已在另一窗口打开），请关闭后重试。"
    if "readonly" in text or "read-only" in text:
        return f"台账文件 {path} 为只读，无法保存修改。"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return f"台账文件 {path} 已损坏，无法打开。请从备份恢复；损坏的文件未做任何改动。"
    if "disk" in text and "full" in text:
        return "磁盘空间已满，无法写入台账。请清理磁盘后重试。"
    return f"台账文件 {path} 无法使用：{exc}"


class HasConnection(Protocol):
    """What backup_copy reads: an open SQLite connection (a ledger's Database, or backups.py's bare wrapper)."""

    @property
    def conn(self) -> sqlite3.Connection: ...


def backup_copy(db: HasConnection, backup_dir: Path, reason: str) -> Path:
    """Copy the ledger with the SQLite online backup API; returns the new file's path (mode 0600). A failed
    copy (a full disk) leaves no partial file."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(backup_dir, 0o700)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"ledger-{stamp}-{reason}.sqlite"
    n = 1
    while target.exists():
        n += 1
        target = backup_dir / f"ledger-{stamp}-{reason}-{n}.sqlite"
    tmp = target.with_suffix(".part")
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        dest = sqlite3.connect(str(tmp))
        try:
            db.conn.backup(dest)
        finally:
            dest.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        for side in ("-journal", "-wal", "-shm"):
            Path(str(tmp) + side).unlink(missing_ok=True)
    return target
