"""修改登记信息 and 作废 (issue 28 item 2): audited with a reason, the clock re-computed, a voided application kept
but counted nowhere (list default view, 工作台, 表三)."""

import json

import pytest

from ..conftest import run_cli as run

T = ("--today", "2026-11-20")
pytestmark = pytest.mark.usefixtures("cli_ledger")  # each test on its own CLI ledger


def add(capsys, received="2026-11-02", name="王伟"):
    code, out, err = run(capsys, "apps", "add", "--received", received, "--channel", "当面", "--applicant-type",
                         "自然人", "--name", name, "--id-number", "11010519491231002X", "--phone", "13800000000",
                         "--content", "某河道采砂许可审批材料", "--json", *T)
    assert code == 0, err
    return json.loads(out)


def show(capsys, no):
    code, out, err = run(capsys, "apps", "show", no, "--json", *T)
    assert code == 0, err
    return json.loads(out)


def test_edit_received_recomputes_the_clock_and_is_audited(capsys, tmp_path):
    first = add(capsys)
    assert first["due"] == "2026-11-30"  # 2026-11-02 (Mon) + 20 working days, 条例第三十三条
    code, out, err = run(capsys, "apps", "edit", first["no"], "--received", "2026-11-04", "--content", "采砂许可证",
                         "--reason", "收到日期登记错误", *T)
    assert code == 0, err
    assert "收到日期：2026-11-02 → 2026-11-04" in out
    shown = show(capsys, first["no"])
    assert json.dumps(shown, ensure_ascii=False).count("采砂许可证") >= 1
    assert "2026-12-02" in json.dumps(shown, ensure_ascii=False)  # 2026-11-04 (Wed) + 20 working days
    from gongkai_desktop.storage.ledger import Ledger

    led = Ledger.open(tmp_path / "cli.sqlite", backup_dir=tmp_path / "b")
    row = led.db.execute("SELECT due FROM applications WHERE no = ?", [first["no"]]).fetchone()
    assert row[0] == "2026-12-02"
    audit = led.db.execute("SELECT after FROM audit_log WHERE action = '修改登记信息'").fetchall()
    assert audit and "收到日期登记错误" in audit[0][0]
    led.close()


def test_edit_refuses_without_reason_or_bad_values(capsys):
    first = add(capsys)
    assert run(capsys, "apps", "edit", first["no"], "--received", "2026-11-04", *T)[0] == 2  # --reason required
    code, _, err = run(capsys, "apps", "edit", first["no"], "--received", "2026-12-01", "--reason", "x", *T)
    assert code == 1 and "不能晚于今天" in err
    code, _, err = run(capsys, "apps", "edit", first["no"], "--content", " ", "--reason", "x", *T)
    assert code == 1 and "所需政府信息" in err
    assert show(capsys, first["no"])["due"] == "2026-11-30"  # nothing half-saved


def test_void_keeps_the_record_and_counts_it_nowhere(capsys, tmp_path):
    first, second = add(capsys), add(capsys, received="2026-11-03")
    code, out, err = run(capsys, "apps", "void", second["no"], "--reason", "重复登记", *T)
    assert code == 0, err
    assert "已作废" in out
    assert run(capsys, "apps", "void", second["no"], "--reason", "重复登记", *T)[0] == 1  # already voided
    assert run(capsys, "apps", "void", first["no"], "--reason", " ", *T)[0] == 1
    code, out, _ = run(capsys, "apps", "list", "--json", *T)
    listed = json.dumps(json.loads(out), ensure_ascii=False)
    assert first["no"] in listed and second["no"] not in listed
    code, out, _ = run(capsys, "apps", "list", "--status", "已作废", "--json", *T)
    assert second["no"] in out and first["no"] not in out
    assert run(capsys, "apps", "edit", second["no"], "--note", "x", "--reason", "x", *T)[0] == 1

    from datetime import date

    from gongkai_desktop.storage.ledger import Ledger

    led = Ledger.open(tmp_path / "cli.sqlite", backup_dir=tmp_path / "b")
    assert led.applications.summary(date(2026, 11, 20), date(2026, 11, 25))["total"] == 1
    assert led.applications.year_counts(2026)["received"] == 1
    assert led.reports.section3(2026).values["received"][-1] == 1
    assert [r.no for r in led.reports.app_records(2026)] == [first["no"]]
    assert led.applications.get(second["no"])["void_reason"] == "重复登记"  # kept
    led.close()


def test_start_up_counts_are_index_only_and_leave_voided_out(capsys, tmp_path):
    """Issue 26 (m016): the 工作台 counts and the status-bar counts run at every start, 表三 at every report; each
    count is answered from an index alone (a covering index, never the table's rows), and 作废 rows stay uncounted."""
    from datetime import date

    from gongkai_desktop.storage.ledger import Ledger

    add(capsys), add(capsys, received="2026-11-03")
    third = add(capsys, received="2026-11-04")
    assert run(capsys, "apps", "void", third["no"], "--reason", "重复登记", *T)[0] == 0
    led = Ledger.open(tmp_path / "cli.sqlite", backup_dir=tmp_path / "b")
    statements: list[str] = []
    led.db.conn.set_trace_callback(statements.append)
    summary = led.applications.summary(date(2026, 11, 20), date(2026, 11, 25))
    counts = led.work_counts(date(2026, 11, 20))
    led.applications.outcomes_in_year(2026)
    led.applications.monthly_received(2026)
    section3 = led.reports.section3(2026)  # 表三's four GROUP BY counts
    led.db.conn.set_trace_callback(None)
    assert section3.values["received"][-1] == 2
    assert summary["total"] == 2 and summary["received_this_month"] == 2 and summary["open"] == 2
    assert counts["applications"] == 2 and counts["voided"] == 1
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "applications" in s
               and "count(*)" in s]
    assert len(selects) >= 15
    for sql in selects:
        plan = [r[3] for r in led.db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
        on_table = [step for step in plan if " applications " in f"{step} "]
        assert on_table and all("COVERING INDEX" in step for step in on_table), (sql, plan)
    led.close()


def test_a_search_does_not_count_voided_applications(capsys, tmp_path):
    """The list's "共N件" for a search came straight from the full-text index and counted a voided duplicate
    that the list (rightly) does not show; the count leaves voided applications out like every other count."""
    from datetime import date

    from gongkai_desktop.storage.applications_query import ApplicationFilter
    from gongkai_desktop.storage.ledger import Ledger

    first, second = add(capsys), add(capsys, received="2026-11-03")
    assert run(capsys, "apps", "void", second["no"], "--reason", "重复登记", *T)[0] == 0
    led = Ledger.open(tmp_path / "cli.sqlite", backup_dir=tmp_path / "b")
    for term in ("采", "采砂", "采砂许可", "王伟 采砂", second["no"]):
        flt = ApplicationFilter(date(2026, 11, 20), date(2026, 11, 27), text=term)
        count = led.query.count(flt)
        rows = led.query.page_rows(flt, "received", True, 80, 0, count)
        assert count == len(rows), term
        assert second["no"] not in [r["no"] for r in rows]
    assert led.query.count(ApplicationFilter(date(2026, 11, 20), date(2026, 11, 27), text="采砂")) == 1
    voided = ApplicationFilter(date(2026, 11, 20), date(2026, 11, 27), text="采砂", status="已作废")
    assert led.query.count(voided) == 1  # still found when the officer asks for the voided ones
    led.close()
    assert first["no"] != second["no"]
