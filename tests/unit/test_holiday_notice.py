"""The State Council holiday-notice parser, on the real 2026 notice and on other wordings."""

import json
from datetime import date, timedelta

import pytest

from gongkai_desktop.core.holiday_notice import NoticeParseError, parse_notice
from gongkai_desktop.core.workdays import WorkCalendar

from ..conftest import FIXTURES, ROOT

D = date.fromisoformat


def read(name):
    return (FIXTURES / "notices" / name).read_text(encoding="utf-8")


def test_real_2026_notice_matches_shipped_data():
    text = (FIXTURES / "notices" / "holiday-notice-2026.txt").read_text(encoding="utf-8")
    parsed = parse_notice(text)
    shipped = json.loads((ROOT / "resources" / "calendar" / "2026.json").read_text(encoding="utf-8"))
    data = parsed.arrangement.to_json()
    assert data["year"] == 2026
    assert data["rest_days"] == shipped["rest_days"]
    assert data["workdays"] == shipped["workdays"]
    assert parsed.signed == D("2025-11-04")
    assert parsed.warnings == []
    assert [p.name for p in parsed.arrangement.holidays] == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]


def _working_status_matches_independent_source(arrangement, year):
    holidays = pytest.importorskip("holidays")
    cn = holidays.China(years=year)
    cal = WorkCalendar.from_arrangements([arrangement])
    d = date(year, 1, 1)
    wrong = []
    while d.year == year:
        if cal.is_workday(d) != cn.is_working_day(d):
            wrong.append(d)
        d += timedelta(days=1)
    return wrong


def test_2015_wording_with_buxiu_and_a_commemoration_day():
    parsed = parse_notice(read("notice-2015.txt"))
    arr = parsed.arrangement
    assert arr.year == 2015
    assert D("2015-04-06") in arr.rest_days and D("2015-06-22") in arr.rest_days  # 补休
    assert D("2015-09-03") in arr.rest_days and D("2015-09-06") in arr.workdays  # 纪念日
    assert D("2015-05-02") in arr.rest_days and D("2015-05-03") in arr.rest_days  # 与周末连休
    assert _working_status_matches_independent_source(arr, 2015) == []


def test_2017_pasted_as_one_line_with_ascii_punctuation_and_cross_year_range():
    parsed = parse_notice(read("notice-2017-one-line.txt"))
    arr = parsed.arrangement
    assert arr.year == 2017
    assert D("2016-12-31") in arr.rest_days and D("2017-01-02") in arr.rest_days
    assert D("2017-02-02") in arr.rest_days  # 1月27日至2月2日: across months
    assert sorted(arr.workdays) == [D(s) for s in ("2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30")]
    assert _working_status_matches_independent_source(arr, 2017) == []
    assert parsed.warnings == []


def test_full_width_digits_december_start_cross_month_and_no_tiaoxiu():
    parsed = parse_notice(read("notice-2030-fictional.txt"))
    arr = parsed.arrangement
    assert arr.year == 2030
    assert {D("2029-12-30"), D("2029-12-31"), D("2030-01-01")} <= arr.rest_days
    assert D("2029-12-29") in arr.workdays
    assert {D("2030-05-31"), D("2030-06-01"), D("2030-06-02")} <= arr.rest_days
    assert {D("2030-04-05"), D("2030-04-06"), D("2030-04-07")} <= arr.rest_days  # 与周末连休
    assert D("2030-09-12") in arr.rest_days
    assert sorted(arr.workdays) == [D(s) for s in (
        "2029-12-29", "2030-01-27", "2030-04-28", "2030-05-11", "2030-09-29", "2030-10-12")]
    assert parsed.signed == D("2029-11-08")
    assert parsed.warnings == []


def test_stated_total_that_disagrees_is_warned():
    text = "国务院办公厅关于2026年部分节假日安排的通知\n一、国庆节：10月1日至7日放假调休，共8天。9月20日（周日）上班。\n"
    parsed = parse_notice(text)
    assert any("共8天" in w for w in parsed.warnings)


def test_weekday_makeup_day_is_warned():
    text = "国务院办公厅关于2026年部分节假日安排的通知\n一、劳动节：5月1日至5日放假调休，共5天。5月8日（周五）上班。\n"
    assert any("5月8日" in w for w in parse_notice(text).warnings)


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "为空"),
        ("各地区各部门要妥善安排值班。", "年份"),
        ("国务院办公厅关于2026年部分节假日安排的通知\n节假日期间要安排好值班。", "未能在文本中找到"),
        ("国务院办公厅关于2026年部分节假日安排的通知\n一、春节：2月30日放假。", "不存在"),
    ],
)
def test_bad_input_gives_a_chinese_message(text, message):
    with pytest.raises(NoticeParseError, match=message):
        parse_notice(text)


def test_docx_notice_is_read(tmp_path):
    import docx

    from gongkai_desktop.documents.text import read_text

    document = docx.Document()
    for line in (FIXTURES / "notices" / "holiday-notice-2026.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "通知 2026.docx"
    document.save(str(path))
    assert parse_notice(read_text(path)).arrangement.year == 2026


def test_gbk_text_file_is_detected(tmp_path):
    from gongkai_desktop.documents.text import read_text

    path = tmp_path / "notice.txt"
    path.write_bytes((FIXTURES / "notices" / "holiday-notice-2026.txt").read_text(encoding="utf-8").encode("gbk"))
    assert parse_notice(read_text(path)).arrangement.year == 2026
