"""Backups and restore after the fault review of issue 27: the instance lock, a ledger replaced under an open
connection, no plaintext outside the ledger's folder (also when killed), attachments and documents carried and
checked, a full check of the backup's schema, disk full, read-only ledgers, permissions, the password cost,
the audit trail and a second writer that waits."""

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.storage import backup_crypto
from gongkai_desktop.storage.backups import (
    BackupError,
    auto_backup,
    backup_here,
    backup_to,
    check_backup,
    list_backups,
    local_backup,
    restore,
    rotate,
)
from gongkai_desktop.storage.instance_lock import InstanceLock
from gongkai_desktop.storage.ledger import Ledger, LedgerReplacedError, beside

from ..conftest import ROOT

TODAY = date(2026, 11, 20)
PERSON = {"kind": "自然人", "name": "张三", "id_type": "护照", "id_number": "E1", "phone": "13800000000"}
PASSWORD = "一句够长的密码2026"


def register(ledger, n=1, name="张三", content="某路征收补偿方案"):
    cal = ledger.calendar.load()
    return [ledger.applications.register({**PERSON, "name": name}, {"channel": "当面", "received": "2026-11-02",
                                          "content_title": f"{content}{i}"}, OrgProfile(), cal, TODAY,
                                          name_change="known")  # same ID: linked to the first name, as before
            for i in range(n)]


def attach(ledger, tmp_path, no, content=b"%PDF-1.4 scanned form"):
    scan = tmp_path / f"scan-{len(content)}.pdf"
    scan.write_bytes(content)
    return ledger.attachments.attach(ledger.applications.get(no)["id"], no, scan)


def with_files(ledger, tmp_path):
    """Three applications, two attachments and one generated document beside the ledger."""
    nos = register(ledger, 3)
    a = attach(ledger, tmp_path, nos[0])
    b = attach(ledger, tmp_path, nos[1], b"%PDF-1.4 another scan, longer")
    docs = beside(ledger.path, "文书")
    docs.mkdir()
    (docs / "答复书.docx").write_bytes(b"PK fake docx")
    return nos, a, b


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- restore and the instance lock --------------------------------------------------------------------------
def test_restore_refuses_while_another_instance_holds_the_lock(ledger, tmp_path):
    register(ledger, 2)
    copy = backup_to(ledger, tmp_path)
    path = ledger.path
    ledger.close()
    window = InstanceLock(path)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        from pathlib import Path
        from gongkai_desktop.storage.instance_lock import InstanceLock
        lock = InstanceLock(Path(sys.argv[1]))
        assert lock.acquire()
        print("held", flush=True)
        time.sleep(60)
    """), str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BackupError, match="正由.*计算机.*使用，不能恢复"):
            restore(copy, path, tmp_path / "bk")
        assert not window.acquire()
    finally:
        holder.kill()
        holder.wait()
    kept = restore(copy, path, tmp_path / "bk")  # once the window is closed
    assert kept is not None


def test_cli_restore_names_the_holder(tmp_path, monkeypatch, capsys):
    from gongkai_desktop.cli import main

    db = tmp_path / "台账.sqlite"
    monkeypatch.setenv("GONGKAI_DB", str(db))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    led = Ledger.open(db)
    copy = backup_to(led, tmp_path)
    led.close()
    other = InstanceLock(db)
    fork = subprocess.Popen([sys.executable, "-c", "import sys,time\nfrom pathlib import Path\n"
                             "from gongkai_desktop.storage.instance_lock import InstanceLock\n"
                             "l = InstanceLock(Path(sys.argv[1])); l.acquire(); print('held', flush=True); "
                             "time.sleep(60)", str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert fork.stdout.readline().strip() == "held"
        assert main(["restore", str(copy), "--yes"]) == 1
        err = capsys.readouterr().err
        assert "正由" in err and "不能恢复" in err
    finally:
        fork.kill()
        fork.wait()
    del other


def test_a_write_to_a_replaced_ledger_is_refused_not_reported_saved(ledger, tmp_path):
    """The GUI's later edits went to a deleted file while it said 已保存: now the write is refused."""
    register(ledger, 2)
    copy = backup_to(ledger, tmp_path)
    register(ledger, 1, name="李四")
    other = Ledger.open(ledger.path)  # a second program keeps the ledger open (e.g. an import)
    path = ledger.path
    ledger.close()
    restore(copy, path, tmp_path / "bk")
    assert other.replaced() is not None and "已被替换" in str(other.replaced())
    with pytest.raises(LedgerReplacedError, match="没有保存"):
        register(other, 1, name="王五")
    other.close()
    led = Ledger.open(path)
    assert led.applications.count() == 2
    led.close()


def test_an_import_that_meets_a_restore_reports_nothing_as_imported(ledger, tmp_path):
    from gongkai_desktop.core.ledger_import import ParsedRow
    from gongkai_desktop.storage.import_writer import import_rows

    register(ledger, 1)
    copy = backup_to(ledger, tmp_path)
    importer = Ledger.open(ledger.path)
    path = ledger.path
    ledger.close()
    restore(copy, path, tmp_path / "bk")
    rows = [ParsedRow(i + 2, {"no": "", "received": date(2025, 3, 1), "applicant": f"申请人{i}",
                              "content": f"内容{i}", "category": "自然人", "channel": "当面", "closed_on": None,
                              "outcome": None, "handler": "", "notes": "", "phone": "", "id_number": ""})
            for i in range(50)]
    with pytest.raises(LedgerReplacedError):
        import_rows(importer, rows, OrgProfile(), importer.calendar.load(), TODAY)
    importer.close()


def test_a_removed_ledger_is_noticed(ledger):
    assert ledger.replaced() is None
    os.rename(ledger.path, ledger.path.with_name("moved.sqlite"))
    assert "已被删除或移走" in str(ledger.replaced())


# --- no plaintext outside the ledger's folder ---------------------------------------------------------------
def _plaintext_in(folder: Path) -> list[Path]:
    found = []
    for p in folder.rglob("*"):
        if p.is_file():
            with p.open("rb") as f:
                head = f.read(1 << 16)
            if b"SQLite format 3" in head or b"PK\x03\x04" in head or "张三".encode() in head:
                found.append(p)
    return found


def test_encrypted_backup_check_and_restore_leave_no_plaintext(ledger, tmp_path, monkeypatch):
    tmpdir = tmp_path / "系统临时"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    with_files(ledger, tmp_path)
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backup_to(ledger, usb, PASSWORD)
    assert os.listdir(usb) == [copy.name]  # no .part, no plain copy
    raw = copy.read_bytes()
    assert b"SQLite format 3" not in raw and "张三".encode() not in raw and b"PK\x03\x04" not in raw
    assert check_backup(copy, PASSWORD, ledger.path).applications == 3
    with pytest.raises(backup_crypto.BackupPasswordError):
        check_backup(copy, "错误的密码错误的密码", ledger.path)
    path = ledger.path
    ledger.close()
    restore(copy, path, tmp_path / "bk", PASSWORD)
    with pytest.raises(BackupError):  # a failing check cleans up too
        restore(tmp_path / "missing.gkbak", path, tmp_path / "bk", PASSWORD)
    assert list(tmpdir.iterdir()) == []
    leftovers = [p for p in path.parent.iterdir() if p.name.startswith(".gongkai-tmp-")]
    assert leftovers == []


KILLED_BACKUP = """
    import sys
    from pathlib import Path
    from gongkai_desktop.storage.backups import backup_to, restore
    from gongkai_desktop.storage.ledger import Ledger
    led = Ledger.open(sys.argv[1])
    if sys.argv[3] == "backup":
        Path(sys.argv[4]).write_text("started")
        while True:
            backup_to(led, Path(sys.argv[2]), "一句够长的密码2026")
    else:
        led.close()
        Path(sys.argv[4]).write_text("started")
        while True:
            restore(Path(sys.argv[5]), Path(sys.argv[1]), Path(sys.argv[2]) / "bk", "一句够长的密码2026")
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
@pytest.mark.parametrize("what", ["backup", "restore"])
def test_killed_backup_or_restore_leaves_no_plaintext_in_the_temp_folder(ledger, tmp_path, what):
    register(ledger, 300, content="很长的申请内容" * 20)
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backup_to(ledger, usb, PASSWORD)
    path = ledger.path
    ledger.close()
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    for delay in (0.3, 0.7, 1.1, 1.6):
        marker = tmp_path / f"m-{delay}"
        proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(KILLED_BACKUP), str(path), str(usb), what,
                                 str(marker), str(copy)], cwd=ROOT, env=env, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        time.sleep(delay)
        assert proc.poll() is None, proc.stderr.read()[-2000:]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _plaintext_in(tmpdir) == []
        assert [p for p in usb.iterdir() if p.is_file() and p.suffix != ".gkbak" and not p.name.endswith(".part")] == []
        for p in usb.glob("*.part"):  # an interrupted encrypted file on the stick holds no plaintext
            assert b"SQLite format 3" not in p.read_bytes()
    # what the killed runs left beside the ledger (its own folder) is removed by the next backup
    led = Ledger.open(path)
    backup_to(led, usb)
    led.close()
    assert [p for p in path.parent.iterdir() if p.name.startswith(".gongkai-tmp-")] == []


# --- attachments and documents travel with the ledger --------------------------------------------------------
@pytest.mark.parametrize("password", [None, PASSWORD])
def test_backup_to_carries_attachments_and_documents_and_restore_brings_them_back(ledger, tmp_path, password):
    nos, a, _b = with_files(ledger, tmp_path)
    attachments, docs = beside(ledger.path, "附件"), beside(ledger.path, "文书")
    before = files_of(attachments), files_of(docs)
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backup_to(ledger, usb, password)
    info = check_backup(copy, password, ledger.path)
    assert info.carries_files and info.files == {"附件": 2, "文书": 1} and info.missing_attachments == []
    assert "附件 2 个" in info.describe()
    path = ledger.path
    ledger.close()
    (attachments / a["stored_path"]).unlink()
    (docs / "答复书.docx").write_bytes(b"changed")
    restore(copy, path, tmp_path / "bk", password)
    assert (files_of(attachments), files_of(docs)) == before
    led = Ledger.open(path)
    row = led.attachments.for_application(led.applications.get(nos[0])["id"])[0]
    assert led.attachments.path_of(row).read_bytes() == b"%PDF-1.4 scanned form"
    led.close()


def test_a_damaged_file_in_the_backup_is_refused(ledger, tmp_path):
    with_files(ledger, tmp_path)
    copy = backup_to(ledger, tmp_path)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(copy) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"other bytes" if item.filename.startswith("附件/") else data)
    with pytest.raises(BackupError, match="缺失或已损坏"):
        check_backup(tampered, None, ledger.path)


def test_local_backups_carry_the_files_once_and_restore_them(ledger, tmp_path):
    with_files(ledger, tmp_path)
    folder = tmp_path / "bk"
    first = auto_backup(ledger, folder, datetime(2026, 11, 1, 9))
    assert json.loads(first.with_name(first.name.replace(".sqlite", ".files.json")).read_text())["folders"]["附件"]
    second = local_backup(ledger, folder, "manual")
    store = list((folder / "files").rglob("*"))
    assert len([p for p in store if p.is_file()]) == 3  # stored once, shared by both backups
    attachments = beside(ledger.path, "附件")
    before = files_of(attachments)
    path = ledger.path
    ledger.close()
    for p in attachments.rglob("*.pdf"):
        p.unlink()
    info = check_backup(second, None, path)
    assert info.files == {"附件": 2, "文书": 1}
    restore(second, path, folder)
    assert files_of(attachments) == before
    # rotation removes stored files no backup refers to any more
    for b in list_backups(folder):
        if b.path != second:
            b.path.unlink()
            b.path.with_name(b.path.name.replace(".sqlite", ".files.json")).unlink(missing_ok=True)
    (folder / "files" / "ab").mkdir(exist_ok=True)
    (folder / "files" / "ab" / ("ab" * 32)).write_bytes(b"orphan")
    (folder / "ledger-20200101-000000-auto.sqlite").write_bytes(b"x")
    (folder / "ledger-20200102-000000-auto.sqlite").write_bytes(b"x")
    assert len(rotate(folder, datetime(2026, 11, 20))) == 1
    assert not (folder / "files" / "ab" / ("ab" * 32)).exists()
    assert len([p for p in (folder / "files").rglob("*") if p.is_file()]) == 3


def test_old_backups_without_files_still_restore(ledger, tmp_path):
    """A bare .sqlite (before issue 27) and a format-1 encrypted backup restore; the attachment folder stays."""
    nos, _a, _b = with_files(ledger, tmp_path)
    bare = tmp_path / "old.sqlite"
    src = sqlite3.connect(str(bare))
    ledger.db.conn.backup(src)
    src.close()
    old_encrypted = tmp_path / "old.gkbak"
    old_encrypted.write_bytes(backup_crypto.encrypt(bare.read_bytes(), "旧密码123456"))
    attachments = beside(ledger.path, "附件")
    before = files_of(attachments)
    path = ledger.path
    ledger.close()
    info = check_backup(bare, None, path)
    assert not info.carries_files and "旧格式" in info.describe()
    restore(bare, path, tmp_path / "bk")
    assert files_of(attachments) == before
    assert check_backup(old_encrypted, "旧密码123456", path).applications == 3
    restore(old_encrypted, path, tmp_path / "bk", "旧密码123456")
    assert Ledger.open(path).applications.count() == 3


# --- the restore check ----------------------------------------------------------------------------------------
def test_restore_check_verifies_schema_version_and_migrations(ledger, tmp_path):
    path = ledger.path
    fake = tmp_path / "fake.sqlite"
    conn = sqlite3.connect(str(fake))
    conn.execute("CREATE TABLE applications (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="不是本程序的台账备份"):
        check_backup(fake, None, path)
    good = backup_to(ledger, tmp_path)
    for sql, message in (("PRAGMA user_version = 3", "与其升级记录不符"),
                         ("DROP TABLE letters", "缺少数据表"),
                         ("PRAGMA user_version = 99", "更新版本")):
        broken = tmp_path / "broken.sqlite"
        with zipfile.ZipFile(good) as z:
            broken.write_bytes(z.read("ledger.sqlite"))
        conn = sqlite3.connect(str(broken))
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(sql)
        conn.commit()
        conn.close()
        with pytest.raises(BackupError, match=message):
            check_backup(broken, None, path)


def test_restore_leaves_an_audit_row(ledger, tmp_path):
    register(ledger, 2)
    copy = backup_to(ledger, tmp_path)
    path = ledger.path
    ledger.close()
    restore(copy, path, tmp_path / "bk")
    led = Ledger.open(path)
    rows = [r for r in led.audit.all() if r["action"] == "从备份恢复"]
    assert len(rows) == 1 and copy.name in rows[0]["after"] and '"applications": 2' in rows[0]["after"]
    led.close()


# --- disk full ------------------------------------------------------------------------------------------------
def test_local_backup_on_a_full_disk_says_so_and_leaves_no_part(ledger, tmp_path, monkeypatch, capsys):
    from gongkai_desktop.storage import ledger as ledger_module

    register(ledger, 20, content="很长的申请内容" * 30)
    real_connect = sqlite3.connect

    def tiny(target, *a, **k):
        conn = real_connect(target, *a, **k)
        if str(target).endswith(".part"):
            conn.execute("PRAGMA max_page_count = 2")
        return conn

    monkeypatch.setattr(ledger_module.sqlite3, "connect", tiny)
    folder = tmp_path / "bk"
    with pytest.raises(BackupError, match="磁盘空间已满") as err:
        backup_here(ledger, folder)
    assert "无法写入台账" not in str(err.value)
    assert [p.name for p in folder.iterdir() if p.is_file()] == []


def test_backup_to_a_full_stick_leaves_no_part_and_no_traceback(ledger, tmp_path, monkeypatch):
    from gongkai_desktop.storage import backups

    with_files(ledger, tmp_path)
    real = backups._open_private

    class Full:
        def __init__(self, f):
            self.f, self.n = f, 0

        def write(self, data):
            self.n += len(data)
            if self.n > 2000:
                raise OSError(28, "No space left on device")
            return self.f.write(data)

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(backups, "_open_private", lambda p: Full(real(p)))
    usb = tmp_path / "usb"
    usb.mkdir()
    for password in (None, PASSWORD):
        with pytest.raises(BackupError, match="磁盘空间已满"):
            backup_to(ledger, usb, password)
        assert list(usb.iterdir()) == []


# --- read-only ledgers ----------------------------------------------------------------------------------------
def test_a_read_only_ledger_can_be_checked_listed_shown_and_backed_up(tmp_path, monkeypatch, capsys):
    from gongkai_desktop import cli
    from gongkai_desktop.cli import common

    db = tmp_path / "只读.sqlite"
    monkeypatch.setenv("GONGKAI_DB", str(db))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    led = Ledger.open(db)
    from gongkai_desktop.core.workdays import load_bundled_arrangements

    led.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
    nos = register(led, 2)
    led.close()
    os.chmod(db, 0o444)
    real_access = os.access
    monkeypatch.setattr(common.os, "access",  # root ignores file modes: make the file look read-only
                        lambda p, mode, **k: False if Path(p) == db and mode == os.W_OK else real_access(p, mode))
    for argv in (["check"], ["apps", "list"], ["apps", "show", nos[0]], ["backup"],
                 ["backup", "--to", str(tmp_path)]):
        code = cli.main(argv)
        out, err = capsys.readouterr()
        assert code == 0, (argv, err)
        assert "只读" in err
    assert nos[0] in cli.main(["apps", "list"]) * "" + capsys.readouterr().out
    code = cli.main(["settings", "--set", "organ_name=某局"])
    assert code == 1 and "只读" in capsys.readouterr().err
    os.chmod(db, 0o644)


# --- permissions ----------------------------------------------------------------------------------------------
@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_files_holding_personal_data_are_private(ledger, tmp_path):
    nos, a, _ = with_files(ledger, tmp_path)
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(ledger.path) == 0o600
    stored = ledger.attachments.path_of(a)
    assert mode(stored) == 0o600 and mode(stored.parent) == 0o700 and mode(beside(ledger.path, "附件")) == 0o700
    folder = tmp_path / "bk"
    local = backup_here(ledger, folder)
    assert mode(local) == 0o600 and mode(folder) == 0o700
    assert all(mode(p) == (0o700 if p.is_dir() else 0o600) for p in (folder / "files").rglob("*"))
    usb = tmp_path / "usb"
    usb.mkdir()
    assert mode(backup_to(ledger, usb)) == 0o600


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_the_cli_creates_exports_and_ledgers_private(tmp_path):
    env = {**os.environ, "GONGKAI_DB": str(tmp_path / "新台账.sqlite"), "XDG_STATE_HOME": str(tmp_path / "s"),
           "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    for argv in (["demo", "--applications", "5", "--tasks", "2"], ["apps", "export", str(tmp_path / "导出.xlsx")],
                 ["backup"]):
        r = subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", *argv], cwd=ROOT, env=env,
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    for p in (tmp_path / "新台账.sqlite", tmp_path / "导出.xlsx"):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p


# --- the password -----------------------------------------------------------------------------------------------
def test_password_cost_and_length_are_raised_and_stored_in_the_header(ledger, tmp_path):
    with pytest.raises(ValueError, match="至少8位"):
        backup_to(ledger, tmp_path, "1234567")
    copy = backup_to(ledger, tmp_path, PASSWORD)
    with copy.open("rb") as f:
        params = backup_crypto.scrypt_params(f)
    assert params["n"] == 2**17 and params["r"] == 8 and params["salt"]
    assert backup_crypto.MIN_PASSWORD >= 8 and "至少8位" in backup_crypto.PASSWORD_RULE


def test_a_cut_off_or_altered_encrypted_backup_is_refused(ledger, tmp_path):
    register(ledger, 3)
    copy = backup_to(ledger, tmp_path, PASSWORD)
    raw = copy.read_bytes()
    cut = tmp_path / "cut.gkbak"
    cut.write_bytes(raw[:-40])
    with pytest.raises((BackupError, ValueError), match="不完整|已损坏"):
        check_backup(cut, PASSWORD, ledger.path)
    flipped = bytearray(raw)
    flipped[-10] ^= 1
    cut.write_bytes(bytes(flipped))
    with pytest.raises((BackupError, ValueError), match="已损坏|密码不正确"):
        check_backup(cut, PASSWORD, ledger.path)


# --- a second writer ----------------------------------------------------------------------------------------------
HOLD_WRITE_LOCK = """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
"""


def test_a_second_writer_waits_longer_than_five_seconds_and_says_so(tmp_path):
    db = tmp_path / "台账.sqlite"
    env = {**os.environ, "GONGKAI_DB": str(db), "XDG_STATE_HOME": str(tmp_path / "s"),
           "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "settings"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(HOLD_WRITE_LOCK), str(db), "8"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    start = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "settings", "--set", "organ_name=某市某局"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    holder.wait()
    assert r.returncode == 0, r.stderr
    assert "正在等待" in r.stderr and "已保存" in r.stdout
    assert time.monotonic() - start >= 7


def test_a_full_disk_during_an_export_prints_the_message_and_no_zipfile_traceback(tmp_path, monkeypatch):
    """openpyxl and python-docx leave their ZipFile open when a write fails; collected later it printed
    “Exception ignored in ZipFile.__del__ … No space left on device” after our message."""
    import gc

    from gongkai_desktop.documents.atomic import OutputFileError, write_atomically

    class FullDisk:
        def __init__(self, path):
            self.f = open(path, "wb")  # noqa: SIM115
            self.n = 0

        def write(self, data):
            self.n += len(data)
            if self.n > 100:
                raise OSError(28, "No space left on device")
            return self.f.write(data)

        def tell(self):
            return self.n

        def flush(self):
            raise OSError(28, "No space left on device")

        def close(self):
            self.f.close()
            raise OSError(28, "No space left on device")

    class Writer:  # like python-docx's package writer: the archive is an attribute
        def __init__(self, tmp):
            self._zipf = zipfile.ZipFile(FullDisk(tmp), "w")

        def write(self):
            self._zipf.writestr("word/document.xml", b"x" * 5000)

    def save(tmp):
        writer = Writer(tmp)
        writer.write()

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: unraisable.append(u))
    with pytest.raises(OutputFileError, match="磁盘空间已满"):
        write_atomically(tmp_path / "年报.docx", save)
    gc.collect()
    assert unraisable == []
    assert list(tmp_path.iterdir()) == []
