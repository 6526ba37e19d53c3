"""成文日期 (issue 17): defaults to the date of the event the letter belongs to; after the legal deadline, before
the event, or in another year than the 文号 → refused unless confirmed with a reason (recorded); a 补正告知书's
"请于…前补正" and a 延期告知书's new due date must come after it. Hand-checked dates: received Mon 2 Nov 2026,
due Mon 30 Nov 2026 (20th working day), answered Fri 20 Nov."""

import json
from datetime import date

import pytest

from gongkai_desktop.core.letter_dates import check_issued
from gongkai_desktop.core.letters import LETTER_BY_SLUG

from ..conftest import run_cli as run

D = date.fromisoformat
T = ("--today", "2026-12-10")


@pytest.fixture
def cli(tmp_path, capsys, cli_ledger):
    for argv in (
        ("settings", "--set", "organ_name=某县某某局", "--set", "doc_prefix=某公开", "--set", "review_organ=某县人民政府",
         "--set", "court=某县人民法院", "--set", "contact=李明", "--set", "phone=0935-1234567",
         "--rule", "letter_requires_approval=否"),  # dates are tested here; the 核准 rule in test_case_steps
        ("apps", "add", "--received", "2026-11-02", "--channel", "当面", "--applicant-type", "自然人", "--name", "王伟",
         "--id-number", "11010519491231002X", "--phone", "13800000000", "--content", "某河道采砂许可审批材料", *T),
        ("apps", "event", "2026-0001", "replied", "--date", "2026-11-20", "--outcome", "1", *T),
        ("apps", "record", "2026-0001", "provided", "--date", "2026-11-20", "--name", "采砂许可审批表", "--form", "纸质",
         "--pages", "3", *T),
    ):
        code, _, err = run(capsys, *argv)
        assert code == 0, err
    return tmp_path


def letter(capsys, path, *extra):
    return run(capsys, "letter", "2026-0001", "--type", "reply-disclose", "--out", str(path), *extra, *T)


def letter_rows(path):
    import sqlite3

    with sqlite3.connect(path / "cli.sqlite") as conn:
        return conn.execute("SELECT doc_number, issued FROM letters").fetchall()


def test_default_date_is_the_reply_date_not_today(cli, capsys):
    code, _, err = letter(capsys, cli / "a.docx")
    assert code == 0, err
    assert letter_rows(cli) == [("某公开复〔2026〕1号", "2026-11-20")]


@pytest.mark.parametrize("day, words", [("2026-12-01", "晚于答复期限2026年11月30日"),
                                        ("2026-11-19", "早于答复日期2026年11月20日")])
def test_a_bad_date_is_refused_unless_confirmed_with_a_reason(cli, capsys, day, words):
    code, _, err = letter(capsys, cli / "a.docx", "--date", day)
    assert code == 1 and words in err and "理由" in err
    assert letter_rows(cli) == [] and not (cli / "a.docx").exists()  # nothing written, no number taken
    code, _, err = letter(capsys, cli / "a.docx", "--date", day, "--confirm-date-reason", "补发遗失的答复书")
    assert code == 0, err
    assert letter_rows(cli) == [("某公开复〔2026〕1号", day)]
    import sqlite3

    with sqlite3.connect(cli / "cli.sqlite") as conn:
        (after,) = conn.execute("SELECT after FROM audit_log WHERE action = '确认成文日期'").fetchone()
    assert json.loads(after)["reason"] == "补发遗失的答复书"


def test_regenerating_with_a_new_date_rechecks_and_keeps_the_number(cli, capsys):
    assert letter(capsys, cli / "a.docx")[0] == 0
    code, _, err = letter(capsys, cli / "a.docx", "--date", "2026-12-02")
    assert code == 1 and "晚于答复期限" in err
    assert letter_rows(cli) == [("某公开复〔2026〕1号", "2026-11-20")]
    code, _, err = letter(capsys, cli / "a.docx", "--date", "2026-11-23")
    assert code == 0, err
    assert letter_rows(cli) == [("某公开复〔2026〕1号", "2026-11-23")]  # redated, same 文号


def test_another_year_than_the_doc_number(calendar):
    t = LETTER_BY_SLUG["receipt"]
    problems = check_issued(t, D("2027-01-04"), [], D("2026-12-30"), None, 2026)
    assert [p.code for p in problems] == ["other_year"] and "〔2026〕" in problems[0].message
    assert check_issued(t, D("2026-12-31"), [], D("2026-12-30"), None, 2026) == []


def test_correction_and_extension_dates_must_come_after_the_letter(ledger, calendar):
    from gongkai_desktop.core.clock import Event, EventKind, compute_clock

    received = D("2026-11-02")
    # 补正告知 on Wed 4 Nov with 补正期限 Fri 6 Nov: a letter dated 6 Nov would ask for a correction "before" itself
    events = [{"id": 1, "kind": "correction-requested", "day": "2026-11-04"}]
    clock = compute_clock(received, [Event(EventKind.CORRECTION_REQUESTED, D("2026-11-04"), until=D("2026-11-06"))],
                          calendar, D("2026-11-20"))
    problems = check_issued(LETTER_BY_SLUG["correction"], D("2026-11-06"), events, received, clock, None)
    assert "correction_until" in [p.code for p in problems] and not all(p.confirmable for p in problems)
    # the 补正告知 window is 7 working days from receipt: Wed 11 Nov; a letter dated Thu 12 Nov is after it
    late = check_issued(LETTER_BY_SLUG["correction"], D("2026-11-12"), events, received, clock, None)
    assert [p.code for p in late] == ["after_deadline", "correction_until"] and "2026年11月11日" in late[0].message
    assert check_issued(LETTER_BY_SLUG["correction"], D("2026-11-05"), events, received, clock, None) == []
    # 延期 on 30 Nov by 20 working days → new due 28 Dec; a letter dated 28 Dec is refused (and is after the
    # pre-extension due date, 30 Nov, too)
    ext = compute_clock(received, [Event(EventKind.EXTENDED, D("2026-11-30"), days=20)], calendar, D("2026-11-30"))
    assert ext.due == D("2026-12-28")
    rows = [{"id": 1, "kind": "extended", "day": "2026-11-30"}]
    assert [p.code for p in check_issued(LETTER_BY_SLUG["extension"], D("2026-12-28"), rows, received, ext, None)] \
        == ["after_deadline", "extension_due"]
    assert check_issued(LETTER_BY_SLUG["extension"], D("2026-11-30"), rows, received, ext, None) == []


def test_extension_and_fee_letters_dated_after_the_deadline_they_must_meet(calendar):
    """条例第33条第2款: an extension is decided and told within the original period — a 延期告知书 dated after the
    pre-extension due date needs a confirmed reason. 国办函〔2020〕109号: the 收费通知书 goes out within the
    reply period. Received Mon 2 Nov 2026 → due Mon 30 Nov; extended on 25 Nov by 10 working days → 14 Dec."""
    from gongkai_desktop.core.clock import Event, EventKind, compute_clock

    received = D("2026-11-02")
    ext = compute_clock(received, [Event(EventKind.EXTENDED, D("2026-11-25"), days=10)], calendar, D("2026-12-01"))
    assert (ext.sub_deadlines["延期前答复期限"], ext.due) == (D("2026-11-30"), D("2026-12-14"))
    rows = [{"id": 1, "kind": "extended", "day": "2026-11-25"}]
    t = LETTER_BY_SLUG["extension"]
    late = check_issued(t, D("2026-12-01"), rows, received, ext, None)
    assert [p.code for p in late] == ["after_deadline"] and late[0].confirmable
    assert "晚于延期前的答复期限" in late[0].message and "2026年11月30日" in late[0].message and "第33条第2款" in late[0].message
    assert check_issued(t, D("2026-11-30"), rows, received, ext, None) == []  # the due day itself is in time
    # fee notice on 20 Nov (due then 30 Nov): dated 1 Dec is after the deadline it had to meet
    fee = compute_clock(received, [Event(EventKind.FEE_NOTICE, D("2026-11-20"))],
                        calendar, D("2026-12-01"))
    assert fee.sub_deadlines["收费通知前答复期限"] == D("2026-11-30")
    rows = [{"id": 1, "kind": "fee-notice", "day": "2026-11-20"}]
    t = LETTER_BY_SLUG["fee-notice"]
    assert [p.code for p in check_issued(t, D("2026-12-01"), rows, received, fee, None)] == ["after_deadline"]
    assert check_issued(t, D("2026-11-20"), rows, received, fee, None) == []
