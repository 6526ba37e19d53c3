"""Importing existing 台账 spreadsheets: header mapping, every date form, outcome label forms, review
mappings, bad and partly bad files (nothing imported), re-import idempotency, .xls/.csv, round trip."""

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from gongkai_desktop.core.ledger_import import (
    DateError,
    guess_mapping,
    map_category,
    map_outcome,
    parse_date,
    parse_rows,
    unmapped_values,
)
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.documents.table_reader import TableReadError, read_table
from gongkai_desktop.storage.import_writer import ImportRejected, check_import, import_rows

TODAY = date(2026, 11, 20)
D = date


@pytest.mark.parametrize(("value", "expected"), [
    (44260, D(2021, 3, 5)), (44260.0, D(2021, 3, 5)), ("44260", D(2021, 3, 5)),
    ("2021-03-05", D(2021, 3, 5)), ("2021/3/5", D(2021, 3, 5)), ("2021.3.5", D(2021, 3, 5)),
    ("2021年3月5日", D(2021, 3, 5)), (" 2021 年 3 月 5 日 ", D(2021, 3, 5)), ("２０２１－０３－０５", D(2021, 3, 5)),
    ("2021-03-05 14:30", D(2021, 3, 5)), (datetime(2021, 3, 5, 9, 0), D(2021, 3, 5)), (D(2021, 3, 5), D(2021, 3, 5)),
    (None, None), ("", None), ("  ", None),
])
def test_dates_as_they_appear(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2021年2月30日", "2021-13-01", "三月五日", "12", "2021/2/29"])
def test_impossible_dates_are_errors_not_guesses(value):
    with pytest.raises(DateError):
        parse_date(value)


@pytest.mark.parametrize(("text", "code"), [
    ("（三）不予公开 1.属于国家秘密", "3.1"), ("（三）不予公开1.属于国家秘密", "3.1"), ("属于国家秘密", "3.1"),
    ("1.属于国家秘密", "3.1"), ("（一）予以公开", "1"), ("予以公开", "1"), ("部分公开", "2"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2"), ("重复申请", "5.2"),
    ("本机关不掌握相关政府信息", "4.1"), ("（五）不予处理 2.重复申请", "5.2"), ("不予处理重复申请", "5.2"),
    ("2.没有现成信息需要另行制作", "4.2"), ("（六）其他处理 3.其他", "6.3"),
])
def test_outcome_label_forms(text, code):
    assert map_outcome(text) == code


def test_free_text_goes_through_review():
    assert map_outcome("已答复同意公开") is None
    assert map_outcome("已答复同意公开", {"已答复同意公开": "1"}) == "1"
    assert map_category("企业") is None and map_category("企业", {"企业": "商业企业"}) == "商业企业"
    assert map_category("个人") == "自然人"


def test_header_mapping_from_real_names():
    headers = ["序号", "受理日期", "申请人姓名", "申请人类别", "申请公开内容", "办结日期", "答复结果", "经办人", "备注"]
    m = guess_mapping(headers)
    assert {headers[i]: k for i, k in m.items()} == {
        "受理日期": "received", "申请人姓名": "applicant", "申请人类别": "category", "申请公开内容": "content",
        "办结日期": "closed_on", "答复结果": "outcome", "经办人": "handler", "备注": "notes"}


def write_xlsx(path, rows, title=None):
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


MINIMAL = [
    ["收到日期", "申请人类型", "申请人", "申请内容", "答复日期", "办理结果"],
    ["2025-03-05", "自然人", "张三", "某路征收补偿方案", "2025/3/20", "予以公开"],
    [45800, "商业企业", "某某有限公司", "某项目环评报告", "2025年6月10日", "（三）不予公开 4.保护第三方合法权益"],
    ["2026.11.2", "法律服务机构", "某律师事务所", "某行政处罚决定书", None, None],
]


def load(ledger, path, **kw):
    table = read_table(path)
    rows = parse_rows(table.rows, guess_mapping(table.headers), today=TODAY, first_line=table.first_line, **kw)
    return table, rows


def test_minimal_file_imports_and_reimport_adds_nothing(ledger, tmp_path):
    path = write_xlsx(tmp_path / "台账.xlsx", MINIMAL, title="2025年依申请公开台账")
    table, rows = load(ledger, path)
    assert table.first_line == 3
    cal = ledger.calendar.load()
    result = import_rows(ledger, rows, OrgProfile(), cal, TODAY)
    assert len(result.imported) == 3
    closed = ledger.applications.get(result.imported[1])
    assert (closed["received"], closed["closed_on"], closed["outcome"], closed["category"]) == (
        "2025-05-23", "2025-06-10", "3.4", "商业企业")  # serial 45800
    assert ledger.applications.get(result.imported[2])["state"] == "open"
    _, rows = load(ledger, path)
    again = import_rows(ledger, rows, OrgProfile(), cal, TODAY)
    assert again.imported == [] and again.skipped == [3, 4, 5]
    assert ledger.applications.count() == 3


def test_partly_bad_file_imports_nothing_and_reports_every_row(ledger, tmp_path):
    rows = [MINIMAL[0], MINIMAL[1],
            ["2025年2月30日", "自然人", "李四", "甲", None, None],
            ["2025-04-01", "企业", "某公司", "乙", "2025-04-10", "已答复同意公开"],
            ["2025-04-01", "自然人", "", "丙", "2025-03-10", "予以公开"],
            ["2027-01-01", "自然人", "王五", "丁", None, "予以公开"]]
    _, parsed = load(ledger, write_xlsx(tmp_path / "bad.xlsx", rows))
    with pytest.raises(ImportRejected) as err:
        import_rows(ledger, parsed, OrgProfile(), ledger.calendar.load(), TODAY)
    by_line = {r.line: "；".join(r.errors) for r in err.value.rows}
    assert set(by_line) == {3, 4, 5, 6}
    assert "不是存在的日期" in by_line[3]
    assert "申请人类型“企业”无法对应" in by_line[4] and "已答复同意公开" in by_line[4]
    assert "申请人为空" in by_line[5] and "早于收到日期" in by_line[5]
    assert "晚于今天" in by_line[6] and "没有答复日期" in by_line[6]
    assert ledger.applications.count() == 0


def test_review_mapping_then_import(ledger, tmp_path):
    rows = [MINIMAL[0], ["2025-04-01", "企业", "某公司", "乙", "2025-04-10", "已答复同意公开"]]
    table, _ = load(ledger, write_xlsx(tmp_path / "r.xlsx", rows))
    mapping = guess_mapping(table.headers)
    assert unmapped_values(table.rows, mapping, "outcome", map_outcome, {}) == ["已答复同意公开"]
    assert unmapped_values(table.rows, mapping, "category", map_category, {}) == ["企业"]
    parsed = parse_rows(table.rows, mapping, {"已答复同意公开": "1"}, {"企业": "商业企业"}, TODAY, table.first_line)
    assert check_import(ledger, parsed, OrgProfile(), ledger.calendar.load(), TODAY).imported
    assert ledger.applications.count() == 0  # the check rolled back
    import_rows(ledger, parsed, OrgProfile(), ledger.calendar.load(), TODAY)
    assert ledger.applications.count() == 1


def test_malformed_and_headerless_files(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(TableReadError, match="无法读取"):
        read_table(junk)
    with pytest.raises(TableReadError, match="没有找到台账表头"):
        read_table(write_xlsx(tmp_path / "x.xlsx", [["a", "b"], [1, 2]]))
    with pytest.raises(TableReadError, match="不支持"):
        read_table(write_xlsx(tmp_path / "x.ods", [["a"]]))


def test_missing_required_column_is_named(ledger, tmp_path):
    table = read_table(write_xlsx(tmp_path / "m.xlsx", [["收到日期", "申请人", "申请内容"], ["2025-01-02", "甲", "乙"]]))
    with pytest.raises(ValueError, match="申请人类型"):
        parse_rows(table.rows, guess_mapping(table.headers), today=TODAY)


def test_old_xls_and_gbk_csv(ledger, tmp_path):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, h in enumerate(MINIMAL[0]):
        sheet.write(0, c, h)
    sheet.write(1, 0, datetime(2025, 3, 5), date_style)
    for c, v in enumerate(MINIMAL[1][1:4], start=1):
        sheet.write(1, c, v)
    book.save(str(tmp_path / "old.xls"))
    _, rows = load(ledger, tmp_path / "old.xls")
    assert rows[0].ok and rows[0].values["received"] == D(2025, 3, 5)
    csv_path = tmp_path / "gbk.csv"
    csv_path.write_bytes("收到日期,申请人类型,申请人,申请内容\n2025/3/5,自然人,张三,某路征收补偿方案\n".encode("gb18030"))
    _, rows = load(ledger, csv_path)
    assert rows[0].ok and rows[0].values["applicant"] == "张三"


def test_export_then_import_reproduces_the_ledger(ledger, tmp_path):
    from gongkai_desktop.core.clock import status_from_cache
    from gongkai_desktop.core.demo import generate
    from gongkai_desktop.core.workdays import load_bundled_arrangements
    from gongkai_desktop.documents.applications_xlsx import write_applications_xlsx
    from gongkai_desktop.storage.applications_query import ApplicationFilter
    from gongkai_desktop.storage.demo_writer import write_demo
    from gongkai_desktop.storage.ledger import Ledger

    from ..conftest import ROOT

    cal = ledger.calendar.load()
    write_demo(ledger, generate(150, 0, 9, TODAY, cal), cal, TODAY)
    flt = ApplicationFilter(TODAY, TODAY)
    path = tmp_path / "导出.xlsx"
    write_applications_xlsx(ledger.query.iter_all(flt, "no"), path,
                            lambda r: status_from_cache(r["state"], r["due"], TODAY, TODAY).value, mask=False)
    fresh = Ledger.open(tmp_path / "fresh.sqlite")
    fresh.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
    _, rows = load(fresh, path)
    import_rows(fresh, rows, OrgProfile(), fresh.calendar.load(), TODAY)
    query = ("SELECT a.no, a.received, a.channel, p.category, p.name, a.content_title, a.handler, a.closed_on, a.outcome "
             "FROM applications a JOIN applicants p ON p.id = a.applicant_id ORDER BY a.no")
    assert fresh.db.execute(query).fetchall() == ledger.db.execute(query).fetchall()
    fresh.close()


def test_joined_items_column_becomes_items(ledger, tmp_path):
    """Issue 20: a legacy 申请内容 written “1.…；2.…” is imported as one application with its items."""
    path = write_xlsx(tmp_path / "分项.xlsx", [MINIMAL[0], ["2025-03-05", "自然人", "张三",
                                                          "1.某路征收补偿方案；2.附图；3.被征收人名单", None, None]])
    _, rows = load(ledger, path)
    (no,) = import_rows(ledger, rows, OrgProfile(), ledger.calendar.load(), TODAY).imported
    app = ledger.applications.get(no)
    assert [i["content"] for i in ledger.items.items(app["id"])] == ["某路征收补偿方案", "附图", "被征收人名单"]
    assert app["content_title"] == "1.某路征收补偿方案；2.附图；3.被征收人名单"  # the 申请内容 column as written


def test_each_distinct_cell_is_mapped_by_its_own_text():
    # parse_rows maps each distinct 申请人类型/办理结果 cell once; 1, 1.0 and True are equal as keys but read
    # "1", "1.0" and "True" in the spreadsheet, and only the officer's mapping for "1" applies
    mapping = {0: "received", 1: "category", 2: "applicant", 3: "content", 4: "closed_on", 5: "outcome"}
    rows = [["2025-03-05", cell, "张三", "规划许可", "2025-03-20", outcome]
            for cell, outcome in ((1, "1"), (1.0, "予以公开"), (True, 1), (1, 1.0), ("个人", "（一）予以公开"))]
    parsed = parse_rows(rows, mapping, outcome_map={"1": "1"}, category_map={"1": "自然人"}, today=TODAY)
    assert [p.values["category"] for p in parsed] == ["自然人", None, None, "自然人", "自然人"]
    assert [p.values["outcome"] for p in parsed] == ["1", "1", "1", None, "1"]
    assert parsed[1].errors == ["申请人类型“1.0”无法对应"]
    assert parsed[2].errors == ["申请人类型“True”无法对应"]
    assert parsed[3].errors == ["办理结果“1.0”无法对应表三"]


def test_the_garbage_collector_is_paused_only_while_rows_are_read_checked_and_written(ledger, tmp_path):
    import gc

    from gongkai_desktop.core.ledger_import import paused_gc

    was = gc.isenabled()  # the GUI tests switch automatic collection off for the session (app_setup.py)
    gc.enable()
    try:
        with paused_gc():
            assert not gc.isenabled()
            with paused_gc():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled()
        rows = parse_rows([["2025-03-05", "自然人", "张三", "规划许可", "2030-01-01"]],
                          {0: "received", 1: "category", 2: "applicant", 3: "content", 4: "closed_on"}, today=TODAY)
        with pytest.raises(ImportRejected):
            import_rows(ledger, rows, OrgProfile(), ledger.calendar.load(), TODAY)
        assert gc.isenabled()  # back on after a refused import too
        gc.disable()  # as the window has it (collection runs from a timer on the GUI thread): left off
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
