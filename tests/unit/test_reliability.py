"""Faults and bad input (issue 9): crashes mid-transaction, full disk, read-only and locked files, damaged
ledgers, two writers, backups with rotation, encryption and restore, and malformed files for every importer."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.paths import is_network_path
from gongkai_desktop.storage.backups import (
    BackupError,
    auto_backup,
    backup_to,
    check_backup,
    keep_set,
    list_backups,
    restore,
    rotate,
)
from gongkai_desktop.storage.instance_lock import InstanceLock
from gongkai_desktop.storage.ledger import Ledger, LedgerError

from ..conftest import ROOT

TODAY = date(2026, 11, 20)
PERSON = {"kind": "自然人", "name": "张三", "id_type": "护照", "id_number": "E1", "phone": "13800000000"}


def register(ledger, n=1, name="张三", content="某路征收补偿方案"):
    cal = ledger.calendar.load()
    return [ledger.applications.register({**PERSON, "name": name}, {"channel": "当面", "received": "2026-11-02",
                                          "content_title": f"{content}{i}"}, OrgProfile(), cal, TODAY,
                                          name_change="known")  # same ID: linked to the first name, as before
            for i in range(n)]


def run_child(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# --- crashes --------------------------------------------------------------------------------------------------
CRASH_IMPORT = """
    import sys
    from datetime import date
    from pathlib import Path
    from gongkai_desktop.core.ledger_import import ParsedRow
    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.core.workdays import load_bundled_arrangements
    from gongkai_desktop.storage.import_writer import import_rows
    from gongkai_desktop.storage.ledger import Ledger
    led = Ledger.open(sys.argv[1])
    led.seed_calendar(load_bundled_arrangements(Path("resources/calendar")))
    rows = [ParsedRow(i + 2, {"no": "", "received": date(2025, 3, 1), "applicant": f"申请人{i}", "content": f"内容{i}",
            "category": "自然人", "channel": "当面", "closed_on": None, "outcome": None, "handler": "", "notes": "",
            "phone": "", "id_number": ""}) for i in range(20000)]
    marker = Path(sys.argv[2])
    def progress(done, total):
        if done >= 2000 and not marker.exists():
            marker.write_text("in transaction")
    import_rows(led, rows, OrgProfile(), led.calendar.load(), date(2026, 11, 20), progress=progress)
    marker.write_text("committed")
"""


def kill_when(proc: subprocess.Popen, marker: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not (marker.exists() and marker.read_text()):  # created and written: not killed between the two
        if proc.poll() is not None or time.monotonic() > deadline:
            out, err = proc.communicate()
            pytest.fail(f"child ended before the marker: {err[-2000:]}")
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_killed_during_a_large_import_leaves_nothing_half_done(tmp_path):
    path = tmp_path / "台账 崩溃.sqlite"
    Ledger.open(path).close()
    marker = tmp_path / "marker"
    kill_when(run_child(CRASH_IMPORT, str(path), str(marker)), marker)
    assert marker.read_text() == "in transaction"
    led = Ledger.open(path)
    assert led.integrity_problems() == []
    assert led.applications.count() == 0 and led.counts()["applicants"] == 0
    led.close()


CRASH_EVENTS = """
    import sys
    from datetime import date
    from pathlib import Path
    from gongkai_desktop.core.clock import Event, EventKind
    from gongkai_desktop.storage.ledger import Ledger
    led = Ledger.open(sys.argv[1])
    cal = led.calendar.load()
    nos = [r[0] for r in led.db.execute("SELECT no FROM applications WHERE state = 'open'").fetchall()]
    marker = Path(sys.argv[2])
    with led.db.atomic():
        for i, no in enumerate(nos):
            led.applications.add_event(no, Event(EventKind.REPLIED, date(2026, 11, 10)), cal, date(2026, 11, 20),
                                       outcome="1")
            if i == len(nos) // 2:
                marker.write_text("in transaction")
                import time; time.sleep(30)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_killed_during_a_batch_of_event_writes_is_all_or_nothing(tmp_path, ledger):
    nos = register(ledger, 40)
    path = ledger.path
    ledger.close()
    marker = tmp_path / "marker"
    kill_when(run_child(CRASH_EVENTS, str(path), str(marker)), marker)
    led = Ledger.open(path)
    assert led.integrity_problems() == []
    assert led.db.execute("SELECT count(*) FROM application_events").fetchone()[0] == 0
    assert {led.applications.get(n)["state"] for n in nos} == {"open"}
    led.close()


# --- full disk, read-only, locks ------------------------------------------------------------------------------
def test_disk_full_during_save_keeps_the_ledger_intact(ledger):
    register(ledger, 5)
    pages = ledger.db.execute("PRAGMA page_count").fetchone()[0]
    ledger.db.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        register(ledger, 200, content="很长的申请内容" * 50)
    ledger.db.execute("PRAGMA max_page_count = 1073741823")
    assert ledger.integrity_problems() == []
    n = ledger.applications.count()
    assert 5 <= n < 205
    # the registration that hit the full disk left nothing behind: every stored one is whole
    logged = ledger.db.execute("SELECT count(*) FROM audit_log WHERE action = '登记'").fetchone()[0]
    assert logged == n
    register(ledger, 1, content="磁盘清理后")
    assert ledger.applications.count() == n + 1


def test_cli_reports_a_full_disk_in_chinese(tmp_path, monkeypatch, capsys):
    from gongkai_desktop import cli

    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "x.sqlite"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def full(ctx):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cli.admin_cmds, "cmd_check", full)
    assert cli.main(["check"]) == 1
    assert "磁盘空间已满" in capsys.readouterr().err


def test_backup_to_a_full_or_read_only_folder_says_so(ledger, tmp_path, monkeypatch):
    from gongkai_desktop.storage import backups

    def no_space(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "backup_copy", no_space)
    with pytest.raises(BackupError, match="磁盘空间已满"):
        backup_to(ledger, tmp_path)

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(backups, "backup_copy", denied)
    with pytest.raises(BackupError, match="没有权限"):
        auto_backup(ledger, tmp_path / "b")
    assert ledger.integrity_problems() == []


def test_read_only_open_reads_and_refuses_writes(ledger):
    register(ledger, 2)
    path = ledger.path
    ledger.close()
    led = Ledger.open(path, read_only=True)
    assert led.read_only and led.applications.count() == 2
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        register(led, 1)
    led.close()


def test_second_instance_is_told_who_holds_the_ledger(tmp_path):
    path = tmp_path / "台账.sqlite"
    Ledger.open(path).close()
    first, second = InstanceLock(path), InstanceLock(path)
    assert first.acquire()
    assert not second.acquire()
    assert "计算机" in second.holder()
    first.release()
    assert second.acquire()
    second.release()


TWO_WRITERS = """
    import sys
    from datetime import date
    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.storage.ledger import Ledger
    led = Ledger.open(sys.argv[1], busy_timeout=30)
    cal = led.calendar.load()
    for i in range(25):
        led.applications.register({"kind": "自然人", "name": sys.argv[2], "id_type": "护照", "id_number": sys.argv[2],
                                   "phone": "13800000000"}, {"channel": "当面", "received": "2026-11-02",
                                   "content_title": f"内容{i}"}, OrgProfile(), cal, date(2026, 11, 20))
    print("done")
"""


def test_two_processes_writing_the_same_ledger_lose_nothing(ledger):
    path = ledger.path
    ledger.close()
    procs = [run_child(TWO_WRITERS, str(path), name) for name in ("甲", "乙")]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
    led = Ledger.open(path)
    nos = [r[0] for r in led.db.execute("SELECT no FROM applications").fetchall()]
    assert len(nos) == 50 and len(set(nos)) == 50
    assert led.integrity_problems() == []
    led.close()


def test_network_shares_are_recognised(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n//srv/公文 /mnt/share cifs rw 0 0\nnas:/x /mnt/nfs nfs4 rw 0 0\n")
    assert is_network_path(Path("/mnt/share/台账.sqlite"), mounts)
    assert is_network_path(Path("/mnt/nfs/a/b.sqlite"), mounts)
    assert not is_network_path(Path("/home/user/台账.sqlite"), mounts)
    assert is_network_path(Path("//server/share/台账.sqlite"))


def test_ledger_on_a_network_share_uses_a_rollback_journal(tmp_path, monkeypatch):
    from gongkai_desktop.storage import ledger as ledger_module

    monkeypatch.setattr(ledger_module, "is_network_path", lambda p: True)
    led = Ledger.open(tmp_path / "n.sqlite")
    assert led.db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    led.close()


# --- damaged ledgers and backups --------------------------------------------------------------------------------
def test_damaged_ledger_is_refused_untouched(ledger):
    register(ledger, 30)
    path = ledger.path
    ledger.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 2 + 200] = bytes(random.Random(1).randrange(256) for _ in range(200))
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(LedgerError) as err:
        Ledger.open(path)
    assert err.value.kind == "damaged" and "损坏" in str(err.value)
    assert path.read_bytes() == before


def test_backups_rotate_7_daily_4_weekly_12_monthly(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    now = datetime(2026, 11, 20, 9, 0)
    for days in range(0, 400, 1):
        stamp = (now - timedelta(days=days)).strftime("%Y%m%d-%H%M%S")
        (folder / f"ledger-{stamp}-auto.sqlite").write_bytes(b"x")
    (folder / "ledger-20200101-000000-before-migrate.sqlite").write_bytes(b"x")
    rotate(folder, now)
    left = list_backups(folder)
    auto = [b for b in left if b.reason == "auto"]
    assert 12 <= len(auto) <= 7 + 4 + 12
    assert {b.created.date() for b in auto} >= {(now - timedelta(days=d)).date() for d in range(7)}
    assert any(b.reason == "before-migrate" for b in left)  # only automatic backups rotate
    assert keep_set(left, now) >= {b.path for b in auto}


def test_auto_backup_once_a_day(ledger, tmp_path):
    folder = tmp_path / "auto"
    assert auto_backup(ledger, folder, datetime(2026, 11, 20, 9)) is not None
    assert auto_backup(ledger, folder, datetime(2026, 11, 20, 18)) is None


def test_encrypted_backup_to_usb_and_restore(ledger, tmp_path):
    register(ledger, 3)
    usb = tmp_path / "U盘 备份"
    usb.mkdir()
    copy = backup_to(ledger, usb, "正确的密码123")
    assert copy.suffix == ".gkbak" and b"SQLite format 3" not in copy.read_bytes()[:200]
    with pytest.raises(ValueError, match="密码不正确"):
        check_backup(copy, "错误的密码", ledger.path)
    info = check_backup(copy, "正确的密码123", ledger.path)
    assert info.applications == 3
    register(ledger, 2, name="李四")
    path = ledger.path
    ledger.close()
    kept = restore(copy, path, tmp_path / "bk", "正确的密码123")
    assert kept is not None and kept.exists()
    led = Ledger.open(path)
    assert led.applications.count() == 3
    led.close()
    assert Ledger.open(kept).applications.count() == 5  # the replaced ledger was kept


def test_restore_refuses_a_damaged_backup_and_replaces_a_damaged_ledger_by_renaming(ledger, tmp_path):
    register(ledger, 2)
    good = backup_to(ledger, tmp_path)
    path = ledger.path
    ledger.close()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    with pytest.raises(BackupError):
        restore(bad, path, tmp_path / "bk")
    assert Ledger.open(path).applications.count() == 2
    path.write_bytes(b"garbage garbage garbage")
    kept = restore(good, path, tmp_path / "bk")
    assert kept.read_bytes() == b"garbage garbage garbage" and ".damaged-" in kept.name
    assert Ledger.open(path).applications.count() == 2


# --- malformed files for every importer ------------------------------------------------------------------------
def malformed_files(folder: Path, suffix: str) -> dict[str, Path]:
    files = {}
    folder.mkdir(exist_ok=True)
    files["zero bytes"] = folder / f"空 文件{suffix}"
    files["zero bytes"].write_bytes(b"")
    files["random bytes"] = folder / f"乱码{suffix}"
    files["random bytes"].write_bytes(bytes(random.Random(7).randrange(256) for _ in range(5000)))
    files["wrong extension"] = folder / f"其实是图片{suffix}"
    files["wrong extension"].write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    truncated = folder / f"截断{suffix}"
    with zipfile.ZipFile(truncated, "w") as z:
        z.writestr("[Content_Types].xml", "x" * 5000)
    truncated.write_bytes(truncated.read_bytes()[:300])
    files["truncated zip"] = truncated
    files["password protected"] = folder / f"加密{suffix}"
    files["password protected"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    big = folder / f"大文件{suffix}"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024 + 1)
    files["50 MB"] = big
    return files


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
def test_table_importer_refuses_malformed_files_clearly(tmp_path, suffix):
    from gongkai_desktop.documents.table_reader import TableReadError, read_table

    for case, path in malformed_files(tmp_path, suffix).items():
        with pytest.raises(TableReadError) as err:
            read_table(path)
        assert any("\u4e00" <= c <= "\u9fff" for c in str(err.value)), case


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".txt", ".xlsx"])
def test_workplan_importer_refuses_malformed_files_clearly(tmp_path, suffix):
    from gongkai_desktop.documents.workplan_reader import WorkplanReadError, read_workplan

    for case, path in malformed_files(tmp_path, suffix).items():
        try:
            plan = read_workplan(path)
        except WorkplanReadError as exc:
            assert any("\u4e00" <= c <= "\u9fff" for c in str(exc)), case
        else:  # random bytes decode as GB18030 text: no tasks, and a warning instead of a crash
            assert suffix == ".txt" and not plan.tasks and plan.warnings, case


def test_notice_and_report_importers_refuse_malformed_files(tmp_path):
    from gongkai_desktop.core.holiday_notice import NoticeParseError, parse_notice
    from gongkai_desktop.documents.report_xlsx import ReportFileError, read_report_file
    from gongkai_desktop.documents.text import DocumentReadError, read_text

    for path in malformed_files(tmp_path / "n", ".docx").values():
        with pytest.raises((DocumentReadError, NoticeParseError)):
            parse_notice(read_text(path))
    for path in [*malformed_files(tmp_path / "r", ".xlsx").values(), *malformed_files(tmp_path / "j", ".json").values()]:
        with pytest.raises(ReportFileError):
            read_report_file(path)


def test_huge_cells_are_row_errors_not_crashes(ledger, tmp_path):
    from openpyxl import Workbook

    from gongkai_desktop.core.ledger_import import guess_mapping, parse_rows
    from gongkai_desktop.documents.table_reader import read_table

    wb = Workbook()
    ws = wb.active
    ws.append(["收到日期", "申请人类型", "申请人", "申请内容"])
    ws.append(["2025-03-05", "自然人", "张三", "很" * 100_000])
    wb.save(tmp_path / "big cells.xlsx")
    table = read_table(tmp_path / "big cells.xlsx")
    rows = parse_rows(table.rows, guess_mapping(table.headers), today=TODAY)
    assert "超过2000字" in rows[0].errors[0]


def test_emoji_and_rare_cjk_survive_every_path(ledger, tmp_path):
    from docx import Document

    from gongkai_desktop.core.clock import status_from_cache
    from gongkai_desktop.documents.applications_xlsx import write_applications_xlsx
    from gongkai_desktop.services.letters import LetterService
    from gongkai_desktop.storage.applications_query import ApplicationFilter

    no = register(ledger, 1, name="𠮷野䶮😀", content="关于𠮷字路段😀的规划")[0]
    flt = ApplicationFilter(TODAY, TODAY, text="𠮷野")
    assert [r["no"] for r in ledger.query.page(flt)] == [no]
    folder = tmp_path / "中文 路径"
    folder.mkdir()
    rows = ledger.query.iter_all(ApplicationFilter(TODAY, TODAY))
    write_applications_xlsx(rows, folder / "导出 台账.xlsx", lambda r: status_from_cache(r["state"], r["due"], TODAY,
                                                                                    TODAY).value)
    ledger.settings.save_profile(OrgProfile(organ_name="某局", doc_prefix="某公开", contact="李明", phone="0935-1"))
    made = LetterService.for_ledger(ledger, ROOT / "resources" / "templates").make(
        no, "receipt", folder / "回执 𠮷.docx", today=TODAY)
    assert "𠮷野䶮😀" in "\n".join(p.text for p in Document(str(made.path)).paragraphs)
    scan = folder / "扫描 件 😀.pdf"
    scan.write_bytes(b"%PDF")
    row = ledger.attachments.attach(ledger.applications.get(no)["id"], no, scan)
    assert ledger.attachments.path_of(row).read_bytes() == b"%PDF"
