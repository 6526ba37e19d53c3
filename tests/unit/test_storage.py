"""Ledger storage: migrations, refusal of bad files, calendar changes re-dating open applications."""

import sqlite3
from datetime import date

import pytest

from gongkai_desktop.core.clock import Event, EventKind
from gongkai_desktop.core.holiday_notice import parse_notice
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.storage import schema
from gongkai_desktop.storage.ledger import Ledger, LedgerError

from ..conftest import FIXTURES

D = date.fromisoformat


def test_known_migrations_match_registered():
    db_names = [m.name for m in schema.migrations.pending(__import__("sqlite_utils").Database(memory=True))]
    assert tuple(db_names) == schema.KNOWN_MIGRATIONS


def test_new_ledger_has_strict_tables_and_foreign_keys(ledger):
    sql = ledger.db.execute("SELECT sql FROM sqlite_master WHERE name = 'applications'").fetchone()[0]
    assert sql.rstrip().endswith("STRICT")
    assert ledger.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        ledger.db.execute(
            "INSERT INTO application_events (application_id, kind, day, created_at) VALUES (999, 'replied', "
            "'2026-01-01', 'x')"
        )


def test_reopening_is_idempotent(tmp_path):
    path = tmp_path / "l.sqlite"
    Ledger.open(path).close()
    led = Ledger.open(path)
    assert [m.name for m in schema.migrations.applied(led.db)] == list(schema.KNOWN_MIGRATIONS)
    assert led.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    led.close()


def test_iso_dates_are_enforced(ledger):
    with pytest.raises(sqlite3.IntegrityError):
        ledger.db.execute("INSERT INTO calendar_days (day, kind, is_workday, year) VALUES ('2026/1/1', 'manual', 1, 2026)")


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "new.sqlite"
    led = Ledger.open(path)
    led.db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    led.close()
    before = path.read_bytes()
    with pytest.raises(LedgerError, match="更新版本"):
        Ledger.open(path)
    assert path.read_bytes() == before


def test_garbage_file_is_refused_untouched(tmp_path):
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LedgerError, match="不是台账文件"):
        Ledger.open(path)
    assert path.read_bytes() == b"this is not a database" * 100


def test_truncated_ledger_is_refused(tmp_path):
    path = tmp_path / "t.sqlite"
    led = Ledger.open(path)
    led.db.execute("PRAGMA journal_mode = DELETE")
    led.close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00" * 50)
    with pytest.raises(LedgerError, match="损坏|无法"):
        Ledger.open(path)


def test_read_only_file_is_refused(tmp_path, monkeypatch):
    import os

    path = tmp_path / "ro.sqlite"
    Ledger.open(path).close()
    path.chmod(0o444)
    if os.access(path, os.W_OK):  # root can write anyway: simulate what an office user sees
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(path) else real_access(p, mode))
    before = path.read_bytes()
    try:
        with pytest.raises(LedgerError, match="只读"):
            Ledger.open(path)
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == before


def test_events_are_immutable(ledger, calendar):
    app_id = ledger.applications.create(
        {"kind": "自然人", "category": "自然人", "name": "张三"},
        {"no": "2026-0001", "channel": "当面", "received": "2026-03-02", "content_title": "预算"},
        [Event(EventKind.CONSULT_SENT, D("2026-03-09"))], calendar, D("2026-03-25"),
    )
    with pytest.raises(sqlite3.IntegrityError, match="不可修改"):
        ledger.db.execute("UPDATE application_events SET day = '2026-03-10' WHERE application_id = ?", [app_id])


def test_profile_round_trip_and_validation(ledger):
    profile = OrgProfile(organ_name="武威市某某局", office_name="办公室", postcode="733000", doc_prefix="武某公开")
    ledger.settings.save_profile(profile)
    assert ledger.settings.profile().organ_name == "武威市某某局"
    with pytest.raises(ValueError) as err:
        ledger.settings.save_profile(OrgProfile(postcode="12ab"))
    assert "postcode" in err.value.args[0]
    assert ledger.settings.profile().postcode == "733000"  # nothing half-saved
    assert ledger.audit.entries("settings")


def test_calendar_seeded_2019_to_2026(ledger):
    assert [r["year"] for r in ledger.calendar.years()] == list(range(2019, 2027))
    assert ledger.calendar.load().add_workdays(D("2026-01-30"), 20) == D("2026-03-05")


def test_calendar_change_re_dates_open_applications_and_audits(ledger, calendar):
    # An application received 2026-12-10 is due in 2027 (provisional); importing 2030-style data for 2027
    # would move it. Use a hand edit instead: make 2026-12-15 a rest day → due moves one working day later.
    ledger.applications.create(
        {"kind": "自然人", "category": "自然人", "name": "李四"},
        {"no": "2026-0100", "channel": "互联网", "received": "2026-12-01", "content_title": "规划许可"},
        [], ledger.calendar.load(), D("2026-12-01"),
    )
    before = ledger.applications.get("2026-0100")["due"]
    assert before == "2026-12-29"
    changes = ledger.set_calendar_day(D("2026-12-15"), False, "当地停电停工")
    assert [(c.no, c.old, c.new) for c in changes] == [("2026-0100", "2026-12-29", "2026-12-30")]
    assert ledger.applications.get("2026-0100")["due"] == "2026-12-30"
    assert any(e["action"] == "日历变更重算期限" for e in ledger.audit.entries("application", "2026-0100"))
    with pytest.raises(ValueError, match="原因"):
        ledger.calendar.set_override(D("2026-12-16"), False, " ")


def test_import_notice_for_unknown_year_clears_provisional_flag(ledger):
    ledger.applications.create(
        {"kind": "自然人", "category": "自然人", "name": "王五"},
        {"no": "2026-0200", "channel": "当面", "received": "2026-12-20", "content_title": "征收方案"},
        [], ledger.calendar.load(), D("2026-12-21"),
    )
    assert ledger.applications.get("2026-0200")["provisional"] == 1
    text = (FIXTURES / "notices" / "notice-2030-fictional.txt").read_text(encoding="utf-8")
    arr = parse_notice(text.replace("２０３０", "２０２７")).arrangement
    assert arr.year == 2027
    ledger.import_arrangement(arr)
    assert ledger.applications.get("2026-0200")["provisional"] == 0
    assert ledger.calendar.has_year(2027)


def test_backup_before_migration(tmp_path, monkeypatch):
    path = tmp_path / "l.sqlite"
    led = Ledger.open(path)
    led.db.execute("DELETE FROM _sqlite_migrations")  # pretend the schema migration is pending again
    led.close()
    with pytest.raises(LedgerError):
        Ledger.open(path, backup_dir=tmp_path / "b")  # re-running m001 on existing tables fails …
    assert list((tmp_path / "b").glob("*.sqlite"))  # … but a backup was taken first
    assert sqlite3.connect(path).execute("SELECT count(*) FROM applications").fetchone()[0] == 0


def test_ledger_locked_by_another_writer_gives_clear_message(tmp_path):
    path = tmp_path / "busy.sqlite"
    Ledger.open(path).close()
    other = sqlite3.connect(path, timeout=0.1)
    other.execute("PRAGMA journal_mode = DELETE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(LedgerError, match="正被其他程序使用"):
            Ledger.open(path, busy_timeout=0.2)
    finally:
        other.rollback()
        other.close()


def test_application_category_copy_follows_the_applicant(ledger):
    """m006: the 表三 column is copied onto applications on insert and kept current by a trigger."""
    from gongkai_desktop.core.organisation import OrgProfile

    cal = ledger.calendar.load()
    no = ledger.applications.register(
        {"kind": "法人或其他组织", "name": "某公司", "category": "商业企业", "credit_code": "91350100M000100Y43",
         "phone": "13800000000"}, {"channel": "当面", "received": "2026-11-02", "content_title": "甲"}, OrgProfile(), cal,
        date(2026, 11, 20))
    assert ledger.db.execute("SELECT category FROM applications WHERE no = ?", [no]).fetchone()[0] == "商业企业"
    ledger.db.execute("UPDATE applicants SET category = '法律服务机构'")
    assert ledger.db.execute("SELECT category FROM applications WHERE no = ?", [no]).fetchone()[0] == "法律服务机构"

