"""年度报告 tables and 勾稽 checks on hand-made records with hand-counted answers (domain.md §2)."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai_desktop.core.annual_report import (
    COLUMNS,
    ROW_KEYS,
    SECTION3_ROWS,
    AppRecord,
    ReviewRecord,
    check_section3,
    check_section4,
    compute_section3,
    compute_section4,
    late_replies,
    row_label,
    section3_from_values,
    validate_section2,
)
from gongkai_desktop.core.applications import CATEGORIES, OUTCOMES

APPS = [
    AppRecord("A", "自然人", "2025-12-20", "2026-01-10", "1"),  # carried in, closed in year
    AppRecord("B", "自然人", "2025-11-01", "2025-12-01", "1"),  # closed before the year: nowhere
    AppRecord("C", "商业企业", "2026-03-01", "2026-03-20", "3.4"),  # new, closed
    AppRecord("D", "法律服务机构", "2026-12-20", None, None),  # new, open at year end
    AppRecord("E", "自然人", "2026-06-01", "2027-01-05", "4.1"),  # new, closed next year: carried out
    AppRecord("F", "其他", "2024-05-05", None, None),  # carried in and out
    AppRecord("G", "科研机构", "2027-01-02", None, None),  # next year: nowhere
    AppRecord("H", "社会公益组织", "2026-02-02", "2026-02-03", "6.1"),
]


def col(name):
    return COLUMNS.index(name)


def test_official_rows_in_order():
    assert len(SECTION3_ROWS) == 25
    assert row_label("received") == "一、本年新收政府信息公开申请数量"
    assert row_label("3.3") == "（三）不予公开 3.危及“三安全一稳定”"
    assert row_label("total") == "（七）总计"
    assert row_label("carried_out") == "四、结转下年度继续办理"
    assert COLUMNS == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def test_hand_counted_section3():
    s = compute_section3(APPS, 2026, with_members=True)
    v = s.values
    assert v["received"] == [1, 1, 0, 1, 1, 0, 4]  # C, D, E, H
    assert v["carried_in"] == [1, 0, 0, 0, 0, 1, 2]  # A, F
    assert v["1"] == [1, 0, 0, 0, 0, 0, 1]
    assert v["3.4"] == [0, 1, 0, 0, 0, 0, 1]
    assert v["6.1"] == [0, 0, 0, 1, 0, 0, 1]
    assert v["total"] == [1, 1, 0, 1, 0, 0, 3]
    assert v["carried_out"] == [1, 0, 0, 0, 1, 1, 3]  # E, D, F
    assert sorted(s.members[("carried_out", col("总计"))]) == ["D", "E", "F"]
    assert all(c.ok for c in check_section3(s))


def test_unclassified_closing_fails_its_check():
    s = compute_section3([AppRecord("X", "自然人", "2026-01-05", "2026-01-20", None)], 2026)
    failing = [c for c in check_section3(s) if not c.ok]
    assert [c.rule for c in failing] == ["本年办结的申请都有办理结果"] and "X" in failing[0].detail


def test_broken_figures_name_their_cells():
    s = compute_section3(APPS, 2026)
    values = {k: list(v) for k, v in s.values.items()}
    values["received"][col("自然人")] += 1  # a typed-in table that does not add up
    checks = check_section3(section3_from_values(2026, values), previous_carried_out=[1, 0, 0, 0, 0, 0, 2],
                            previous_source="2025年定稿")
    failing = {c.rule: c for c in checks if not c.ok}
    assert "自然人列" in failing["第一项加第二项之和等于第三项（七）总计加第四项之和"].detail
    assert ("received", "总计") in failing["每行“总计”列等于各类申请人之和"].cells
    assert "其他列" in failing["上年结转等于2025年结转下年度（2025年定稿）"].detail


@st.composite
def records(draw):
    received = draw(st.dates(date(2020, 1, 1), date(2028, 12, 31)))
    span = draw(st.none() | st.integers(0, 800))
    return AppRecord(draw(st.uuids()).hex, draw(st.sampled_from(CATEGORIES)), received.isoformat(),
                     None if span is None else (received + timedelta(days=span)).isoformat(),
                     draw(st.sampled_from([o.code for o in OUTCOMES])))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a loaded machine is not a failure
@given(st.lists(records(), max_size=60), st.integers(2021, 2027))
def test_tables_always_reconcile_and_continue(apps, year):
    this, previous = compute_section3(apps, year), compute_section3(apps, year - 1)
    checks = check_section3(this, previous.values["carried_out"], "台账")
    assert all(c.ok for c in checks), [c.detail for c in checks if not c.ok]
    for k in ROW_KEYS:
        assert this.values[k][-1] == sum(this.values[k][:-1])


def test_section4_by_decision_date_and_pending_at_year_end():
    reviews = [
        ReviewRecord("行政复议", "2026-02-01", "2026-04-01", "结果维持"),
        ReviewRecord("行政复议", "2026-11-01", None, "尚未审结"),
        ReviewRecord("行政复议", "2026-11-01", "2027-02-01", "结果纠正"),  # decided next year: pending at year end
        ReviewRecord("行政复议", "2025-02-01", "2025-04-01", "结果维持"),  # last year: not counted
        ReviewRecord("未经复议直接起诉", "2026-03-01", "2026-09-01", "结果纠正"),
        ReviewRecord("复议后起诉", "2026-05-01", "2026-10-01", "其他结果"),
    ]
    v = compute_section4(reviews, 2026)
    assert v == [1, 0, 0, 2, 3, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1]
    assert check_section4(v).ok
    v[4] = 9
    assert not check_section4(v).ok and check_section4(v).detail == "行政复议"


def test_section2_validation():
    good = {"规章": ["0", "0", "3"], "行政规范性文件": ["5", "1", "40"], "行政许可": ["120"], "行政处罚": ["8"],
            "行政强制": ["0"], "行政事业性收费": ["12.5"]}
    assert validate_section2(good) == {}
    bad = dict(good, 规章=["-1", "0", "3"], 行政事业性收费=["一万"])
    errors = validate_section2(bad)
    assert "非负整数" in errors["规章"] and "数字" in errors["行政事业性收费"]


# --- from a real ledger ------------------------------------------------------------------------------------
def test_demo_ledger_report_reconciles_and_matches_an_independent_count(ledger):
    from gongkai_desktop.core.demo import generate
    from gongkai_desktop.services.annual_report import ReportService
    from gongkai_desktop.storage.demo_writer import write_demo

    cal = ledger.calendar.load()
    write_demo(ledger, generate(600, 10, 3, date(2026, 11, 20), cal), cal, date(2026, 11, 20))
    report = ReportService(ledger).build(2025, date(2026, 11, 20))
    assert report.tables_ok, [c.detail for c in report.checks if not c.ok]
    # what 定稿 still waits for in a fresh draft: 表二 never entered, and the parts only the officer can write
    assert {c.rule for c in report.checks if not c.ok} == {"表二已录入并确认", "正文没有待补充的内容"}
    rows = ledger.db.execute("SELECT received, closed_on, outcome FROM applications").fetchall()
    new = sum(1 for r, _, _ in rows if r.startswith("2025"))
    closed = sum(1 for _, c, _ in rows if c and c.startswith("2025"))
    withheld = sum(1 for _, c, o in rows if c and c.startswith("2025") and o and o.startswith("3."))
    pending = sum(1 for r, c, _ in rows if r <= "2025-12-31" and (c is None or c > "2025-12-31"))
    v = report.section3.values
    assert (v["received"][-1], v["total"][-1], v["carried_out"][-1]) == (new, closed, pending)
    assert sum(v[f"3.{i}"][-1] for i in range(1, 9)) == withheld
    assert "2025年" in report.texts["一"] and str(new) in report.texts["一"]
    for year in (2024, 2025, 2026):  # the SQL counts equal the reference implementation, cell by cell
        records = list(ledger.reports.app_records(year))
        reference = compute_section3(records, year)
        sql = ledger.reports.section3(year)
        assert sql.values == reference.values and sql.unclassified == sorted(reference.unclassified)
        assert ledger.reports.late_replies(year) == late_replies(records, year)


def test_finalise_locks_and_keeps_the_report_reproducible(ledger):
    import pytest as _pytest

    from gongkai_desktop.core.clock import Event, EventKind
    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.services.annual_report import ReportService

    cal = ledger.calendar.load()
    apps = ledger.applications
    person = {"kind": "自然人", "name": "张三", "id_type": "护照", "id_number": "E1", "phone": "13800000000"}
    no = apps.register(person, {"channel": "当面", "received": "2025-12-29", "content_title": "甲"}, OrgProfile(), cal,
                       date(2026, 3, 1))
    service = ReportService(ledger)
    with _pytest.raises(ValueError, match="尚未结束"):
        service.finalise(2025, date(2025, 12, 30))
    _ready(service, 2025)
    service.save_text(2025, "五", "存在的主要问题：台账登记不够及时。改进措施：每周核对。")
    report = service.finalise(2025, date(2026, 1, 10))
    assert report.locked_at and report.texts["五"] == "存在的主要问题：台账登记不够及时。改进措施：每周核对。"
    assert report.section3.values["carried_out"][-1] == 1
    apps.add_event(no, Event(EventKind.REPLIED, date(2025, 12, 30)), cal, date(2026, 1, 11), outcome="1")
    again = service.build(2025, date(2026, 1, 11))
    assert again.section3.values["carried_out"][-1] == 1  # the locked figures stay
    assert any("结转下年度" in c for c in again.changes_since_lock)
    with _pytest.raises(ValueError, match="已定稿"):
        service.save_text(2025, "五", "改")
    # 2026's 上年结转 is checked against the locked 2025 figures
    r2026 = service.build(2026, date(2026, 11, 20))
    failing = [c for c in r2026.checks if not c.ok]
    assert failing and "2025年定稿" in failing[0].rule
    service.unlock(2025, "补登答复后重新定稿")
    assert service.build(2025, date(2026, 1, 11)).section3.values["carried_out"][-1] == 0
    assert any(e["action"] == "解除年报定稿" for e in ledger.audit.entries("report"))


def _ready(service, year):
    """What an officer does before 定稿: 表二 entered (zeros where nothing happened), the 【请补充】 parts written."""
    from gongkai_desktop.core.annual_report import empty_section2

    assert service.save_section2(year, empty_section2(year)) == {}
    template = service.templates(year)["一"]
    service.save_text(year, "一", "\n".join(line for line in template.splitlines() if "【请补充" not in line))


def test_hand_entered_previous_year_is_used_for_continuity(ledger):
    from gongkai_desktop.services.annual_report import ReportService

    service = ReportService(ledger)
    service.save_previous_carried_out(2025, [2, 0, 0, 0, 0, 1, 3])
    report = service.build(2026, date(2026, 11, 20))
    failing = [c for c in report.checks if not c.ok]
    assert failing and "手工录入的2025年数据" in failing[0].rule and "自然人列" in failing[0].detail
    import pytest as _pytest

    with _pytest.raises(ValueError, match="总计"):
        service.save_previous_carried_out(2025, [2, 0, 0, 0, 0, 1, 4])


def test_sql_counts_match_the_reference_for_odd_rows(ledger):
    """Closed with no outcome and an unknown applicant category: both counted the same way as the reference."""
    from gongkai_desktop.core.organisation import OrgProfile

    cal = ledger.calendar.load()
    person = {"kind": "自然人", "name": "张三", "id_type": "护照", "id_number": "E1", "phone": "13800000000"}
    for i in range(3):
        ledger.applications.register(person, {"channel": "当面", "received": f"2025-0{i + 3}-03",
                                              "content_title": f"甲{i}"}, OrgProfile(), cal, date(2025, 12, 1))
    ledger.db.execute("UPDATE applications SET state = 'closed', closed_on = '2025-06-01' WHERE no = '2025-0001'")
    ledger.db.execute("UPDATE applications SET category = '个体户' WHERE no = '2025-0002'")
    records = list(ledger.reports.app_records(2025))
    reference = compute_section3(records, 2025)
    sql = ledger.reports.section3(2025)
    assert sql.values == reference.values and sql.unclassified == ["2025-0001"]
    assert sql.values["6.3"][-1] == 1 and sql.values["received"][COLUMNS.index("其他")] == 1
