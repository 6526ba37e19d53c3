"""Supplementary notices and merging a notice into the loaded calendar (domain.md §6.5, issue 23)."""

from datetime import date

import pytest

from gongkai_desktop.core.holiday_notice import NoticeParseError, parse_notice
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.core.workdays import WorkCalendar, load_bundled_arrangements, plan_merge
from gongkai_desktop.storage.ledger import Ledger

from ..conftest import FIXTURES, ROOT

D = date.fromisoformat
ADJUST_2019 = "国务院办公厅关于调整2019年劳动节假期安排的通知"
EXTEND_2020 = "国务院办公厅关于延长2020年春节假期的通知"


def notice(name):
    return parse_notice((FIXTURES / "notices" / f"{name}.txt").read_text(encoding="utf-8"))


def bundled(*years):
    return [a for a in load_bundled_arrangements(ROOT / "resources" / "calendar") if not years or a.year in years]


def calendar_with(*arrangements):
    return WorkCalendar.from_arrangements(arrangements)


# --- parsing ---------------------------------------------------------------------------------------
def test_2024_notice_parses_without_spurious_warnings():
    """The 2024 notice's "鼓励……安排职工在除夕（2月9日）休息" is advice, not an arrangement."""
    parsed = notice("notice-2024")
    assert parsed.warnings == [] and not parsed.supplementary
    shipped = calendar_with(*bundled(2023, 2024))
    cal = calendar_with(parsed.arrangement)
    d = D("2023-12-30")
    while d <= D("2024-12-31"):
        assert cal.is_workday(d) == shipped.is_workday(d), d
        d = date.fromordinal(d.toordinal() + 1)
    assert cal.is_workday(D("2024-02-09"))  # 除夕: a working day in 2024


def test_2019_notice_sets_days_of_2018():
    arr = notice("notice-2019").arrangement
    assert D("2018-12-29") in arr.workdays
    assert {D("2018-12-30"), D("2018-12-31"), D("2019-01-01")} <= arr.rest_days


def test_labour_day_adjustment_2019_is_a_supplementary_notice():
    parsed = notice("notice-2019-labour-day-adjustment")
    arr = parsed.arrangement
    assert parsed.supplementary and arr.year == 2019 and parsed.warnings == []
    assert parsed.signed == D("2019-03-22") and parsed.title == ADJUST_2019
    assert arr.rest_days == {D("2019-05-01"), D("2019-05-02"), D("2019-05-03"), D("2019-05-04")}
    assert arr.workdays == {D("2019-04-28"), D("2019-05-05")}


def test_spring_festival_extension_2020_extends_the_loaded_period():
    parsed = notice("notice-2020-spring-festival-extension")
    assert parsed.supplementary and parsed.warnings == []
    assert parsed.extensions == [("春节", D("2020-02-02"))]
    cal = calendar_with(notice("notice-2020").arrangement)
    arr = parsed.resolve_extensions(cal)
    assert arr.rest_days == {D("2020-01-31"), D("2020-02-01"), D("2020-02-02")}  # 2/3 起正常上班: not a 调休 day
    assert arr.workdays == set()
    with pytest.raises(NoticeParseError, match="请先导入2020年的节假日安排通知"):
        parsed.resolve_extensions(calendar_with(*bundled(2019)))


def test_victory_day_2015_notice_has_no_year_in_its_title():
    parsed = notice("notice-2015-victory-day")
    arr = parsed.arrangement
    assert parsed.supplementary and arr.year == 2015 and parsed.warnings == []
    assert arr.rest_days == {D("2015-09-03"), D("2015-09-04"), D("2015-09-05")}
    assert arr.workdays == {D("2015-09-06")}
    assert arr.holidays[0].name == "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"


# --- merging ---------------------------------------------------------------------------------------
def test_supplementary_notice_merges_into_the_year_and_keeps_sources():
    main = notice("notice-2019").arrangement
    plan = plan_merge({2019: main}, notice("notice-2019-labour-day-adjustment").arrangement)
    assert [c.day for c in plan.changes] == [D("2019-04-28"), D("2019-05-02"), D("2019-05-03"), D("2019-05-05")]
    assert plan.changes[1].text() == "2019年5月2日（周四）：平常工作日 → 放假"
    (merged,) = plan.arrangements
    assert D("2019-02-04") in merged.rest_days and D("2019-05-03") in merged.rest_days  # the main notice stays
    assert merged.source_of(D("2019-05-03")).startswith(ADJUST_2019)
    assert merged.source_of(D("2019-02-04")).startswith("国务院办公厅关于2019年部分节假日安排的通知")
    assert merged.source.split("；")[1].startswith(ADJUST_2019)
    assert [p for p in merged.holidays if p.name == "劳动节"][0].end == D("2019-05-04")


def test_reimporting_the_main_notice_keeps_the_supplementary_days():
    main = notice("notice-2019").arrangement
    merged = plan_merge({2019: main}, notice("notice-2019-labour-day-adjustment").arrangement).arrangements[0]
    again = plan_merge({2019: merged}, main)
    assert again.changes == [] and again.kept == []
    cal = calendar_with(*again.arrangements)
    assert not cal.is_workday(D("2019-05-02")) and cal.is_workday(D("2019-05-05"))


def test_a_later_notice_wins_and_the_overridden_day_is_reported():
    """The 2020 extension turns the main notice's 2/1 (Saturday, 上班) into a rest day; re-importing the main
    notice reports 2/1 as kept instead of silently undoing the extension."""
    main = notice("notice-2020").arrangement
    ext = notice("notice-2020-spring-festival-extension").resolve_extensions(calendar_with(main))
    plan = plan_merge({2020: main}, ext)
    assert [c.day for c in plan.changes] == [D("2020-01-31"), D("2020-02-01")]
    assert plan.changes[1].text() == "2020年2月1日（周六）：上班 → 放假（原依据《国务院办公厅关于2020年部分节假日安排的通知》）"
    again = plan_merge({2020: plan.arrangements[0]}, main)
    assert again.changes == []
    assert [k.text() for k in again.kept] == [f"2020年2月1日（周六）：本通知为上班，仍按《{EXTEND_2020}》放假"]
    # re-importing the extension itself is idempotent
    ext2 = notice("notice-2020-spring-festival-extension").resolve_extensions(calendar_with(plan.arrangements[0]))
    assert plan_merge({2020: plan.arrangements[0]}, ext2).changes == []


# --- the ledger ------------------------------------------------------------------------------------
def test_importing_the_2019_main_notice_into_the_shipped_calendar(ledger):
    """The shipped 2019 data include the 劳动节 adjustment; importing the main notice must not drop it, and its
    2018 days are stored, shown under 2018 and counted."""
    ledger.import_arrangement(notice("notice-2019").arrangement)
    cal = ledger.calendar.load()
    assert not cal.is_workday(D("2019-05-02"))
    assert cal.is_workday(D("2018-12-29")) and not cal.is_workday(D("2018-12-31"))
    assert cal.source_of(D("2019-05-02")).startswith(ADJUST_2019)
    assert cal.source_of(D("2018-12-31")).startswith("国务院办公厅关于2019年部分节假日安排的通知")
    assert [d for d, _, _ in cal.official_days_of_year(2018)] == [D("2018-12-29"), D("2018-12-30"), D("2018-12-31")]
    assert all(d.year == 2019 for d, _, _ in cal.official_days_of_year(2019))
    assert 2018 not in cal.known_years


def test_a_ledger_seeded_before_day_sources_gets_them_filled_in(ledger):
    ledger.db.execute("UPDATE calendar_days SET reason = NULL WHERE kind = 'official'")
    ledger.seed_calendar(bundled())
    assert ledger.calendar.load().source_of(D("2019-05-03")).startswith(ADJUST_2019)
    ledger.import_arrangement(notice("notice-2019").arrangement)
    assert not ledger.calendar.load().is_workday(D("2019-05-03"))


def test_preview_shows_the_moved_cases_and_saves_nothing():
    led = Ledger.in_memory()
    led.seed_calendar([a for a in bundled() if a.year != 2020])
    led.import_arrangement(notice("notice-2020").arrangement)
    cal = led.calendar.load()
    person = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
              "phone": "13800000000"}
    no = led.applications.register(person, {"channel": "当面", "received": "2020-01-20", "content_title": "事项"},
                                   OrgProfile(), cal, D("2020-01-21"))
    before = led.applications.get(no)["due"]
    ext = notice("notice-2020-spring-festival-extension").resolve_extensions(cal)
    plan, moved = led.preview_import(ext)
    assert [c.day for c in plan.changes] == [D("2020-01-31"), D("2020-02-01")]
    assert [(m.no, m.old) for m in moved] == [(no, before)] and moved[0].new > before
    assert led.applications.get(no)["due"] == before  # nothing saved
    assert led.calendar.load().is_workday(D("2020-01-31"))
    assert led.import_arrangement(ext) == moved
    assert led.applications.get(no)["due"] == moved[0].new
    led.close()
