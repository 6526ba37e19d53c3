"""The annual report's narrative: templates with live fields, and the checks that block 定稿 until the text and
the tables agree (issue 22's scenarios: a late reply after the text was edited, an empty 五, "无" in 六 despite
fee notices, a wrong year, 表二 never entered)."""

from datetime import date

import pytest

from gongkai_desktop.core.annual_report import (
    COLUMNS,
    ROW_KEYS,
    FeeFigures,
    TaskFigures,
    TaskItem,
    late_wording,
    percent,
    section3_display_rows,
    section3_display_values,
)
from gongkai_desktop.core.report_text import (
    Figures,
    TemplateError,
    check_texts,
    contact_line,
    draft_section1,
    field_value,
    from_plain_text,
    heading_split,
    render,
    task_part,
)


def figures(received=2040, carried_in=116, closed=2039, carried_out=117, late=0, fees=None, year=2025):
    values = {k: [0] * len(COLUMNS) for k in ROW_KEYS}
    for key, n in (("received", received), ("carried_in", carried_in), ("total", closed), ("carried_out", carried_out),
                   ("1", closed - 3), ("3.4", 3)):
        values[key][0] = values[key][-1] = n
    return Figures(year, "某县某某局", values, {"规章": ["0", "0", "2"], "行政规范性文件": ["6", "2", "41"],
                                             "行政许可": ["1320"], "行政处罚": ["57"], "行政强制": ["3"],
                                             "行政事业性收费": ["12.35"]},
                   [1, 0, 0, 0, 1] + [0] * 10, fees or FeeFigures(), late)


def failing(templates, f):
    return {c.rule: c.detail for c in check_texts(templates, f) if not c.ok}


def test_fields_fill_from_the_tables_every_time():
    f = figures()
    text = "{年度}年新收{表三.本年新收}件，办结{表三.总计.办结}件，其中自然人{表三.自然人.本年新收}件，结转{表三.结转下年度}件。"
    assert render(text, f) == "2025年新收2040件，办结2039件，其中自然人2040件，结转117件。"
    f.values["total"][-1] = 2040  # a late reply recorded: the same text now says the new figure
    assert "办结2040件" in render(text, f)
    assert field_value("表三.办结.总计", f) == field_value("表三.总计.办结", f)  # either order
    assert field_value("表二.行政规范性文件.现行有效件数", f) == "41" and field_value("表二.行政许可", f) == "1320"
    assert field_value("表四.行政复议.总计", f) == "1" and field_value("表三.不予公开", f) == "3"
    assert render("{{字面}}括号", f) == "{字面}括号"
    with pytest.raises(TemplateError, match="表三.办完"):
        render("{表三.办完}", f)


def test_old_plain_drafts_load_as_free_text():
    assert from_plain_text("办结2038件{注}") == "办结2038件{{注}}"
    assert render(from_plain_text("办结2038件{注}"), figures()) == "办结2038件{注}"


def test_percentages_round_half_up_not_down():
    assert percent(5078, 10000) == "51"  # 50.78% → 51%, not 50%
    assert percent(1, 2) == "50" and percent(1, 200) == "1" and percent(1, 3, 2) == "33.33"
    assert percent(2, 3) == "67" and percent(0, 0) == "0"


def test_late_wording_by_magnitude():
    assert late_wording(2, 200).startswith("个别")
    assert late_wording(64, 2039).startswith("少数") and "64件" in late_wording(64, 2039)
    assert late_wording(64, 500).startswith("部分")
    assert late_wording(0, 100) == ""


def test_scenario_late_reply_after_the_text_was_edited_blocks_until_they_agree():
    """Tables 办结 2039 / 结转 117, text typed by hand 2038 / 118 → 定稿 is blocked, naming paragraph and cell."""
    f = figures()
    typed = {"一": "2025年，全年新收政府信息公开申请2040件，上年结转116件，办结2038件，结转下年度继续办理118件。",
             "五": "存在的主要问题：台账登记不及时。改进措施：每周核对。", "六": "2025年未收取信息处理费。"}
    problems = failing(typed, f)
    detail = problems["正文中的数字与表格一致"]
    assert "一、总体情况第1段" in detail
    assert "办结2038件" in detail and "表三（七）总计·总计（2039）" in detail
    assert "118件" in detail and "四、结转下年度继续办理·总计（117）" in detail
    typed["一"] = typed["一"].replace("2038", "2039").replace("118", "117")
    assert failing(typed, f) == {}
    typed["一"] = "2025年，全年新收{表三.本年新收}件，办结{表三.办结}件，结转下年度继续办理{表三.结转下年度}件。"
    assert failing(typed, f) == {}


def test_scenario_empty_five_none_in_six_with_fees_and_a_wrong_year():
    f = figures(fees=FeeFigures(notices=44, amount=52800, collected=31200))
    texts = {"一": "2024年，本机关全年新收申请{表三.本年新收}件。", "五": "", "六": "无"}
    problems = failing(texts, f)
    assert "写的是2024年" in problems["正文中的年度为2025年"] and "一、总体情况第1段" in problems["正文中的年度为2025年"]
    assert "第五部分为空" in problems["五、存在的主要问题及改进情况已填写"]
    assert "收费通知44件" in problems["六、写明信息处理费的收取情况"]
    texts = {"一": "{年度}年，本机关全年新收申请{表三.本年新收}件，较2024年有所增加。",
             "五": "存在的主要问题：一是答复文书不够规范。改进措施：一是加强审核。",
             "六": "{年度}年共发出收费通知{收费.通知件数}件，实际收取信息处理费{收费.实收金额}元。"}
    assert failing(texts, f) == {}
    texts["六"] = "2025年共发出收费通知44件，实际收取信息处理费31200元。"  # typed by hand and right: fine too
    assert failing(texts, f) == {}
    texts["六"] = "2025年共发出收费通知40件，实际收取信息处理费31200元。"
    assert "收费通知40件" in failing(texts, f)["正文中的数字与表格一致"]


def test_wording_and_percent_checks():
    f = figures(late=64)
    texts = {"一": "办结的申请中，予以公开{表三.予以公开}件，占50%。", "五": "一是个别申请超期答复。改进措施：加强。",
             "六": "无"}
    problems = failing(texts, f)
    assert "不宜称“个别”" in problems["正文用语与数量相称"]
    assert "50%" in problems["正文中的数字与表格一致"]
    texts["一"] = "办结的申请中，予以公开{表三.予以公开}件，占100%。"  # 2036/2039 = 99.85% → 100%
    texts["五"] = "一是少数申请超期答复（{答复.超期}件）。改进措施：加强。"
    assert failing(texts, f) == {}


def test_numbers_far_from_table_words_are_free():
    f = figures()
    texts = {"一": "组织培训3次，发放宣传资料1200份；《2023年工作要点》〔2024〕5号。", "五": "问题：无突出问题，继续改进。",
             "六": "无"}
    assert failing(texts, f) == {}


def test_todo_markers_block_until_written():
    f = figures()
    texts = {"一": "（三）政府信息管理\n【请补充：具体做法】", "五": "问题：有。改进：有。", "六": "无"}
    assert "一、总体情况第2段" in failing(texts, f)["正文没有待补充的内容"]


def test_overview_draft_has_the_five_parts_and_uses_tasks():
    f = figures()
    f.tasks = TaskFigures(2025, {"已完成": 2, "推进中": 1}, [], [
        TaskItem(1, "优化政府网站信息公开专栏", "已完成"), TaskItem(2, "开展政务公开业务培训", "推进中"),
        TaskItem(3, "做好重点领域信息公开", "已完成", part="政府信息管理")])
    draft = draft_section1(f)
    heads = [line for line in draft.splitlines() if heading_split(line)[0] == "heading2"]
    assert heads == ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"]
    text = render(draft, f)
    assert "工作：优化政府网站信息公开专栏。" in text.split("（四）")[1].split("（五）")[0]
    assert "开展政务公开业务培训" in text.split("（五）")[1]
    assert "做好重点领域信息公开" in text.split("（三）")[1].split("（四）")[0]  # the officer's tag wins
    assert "现行有效行政规范性文件41件" in text and "行政许可决定1320件" in text and "行政复议1件" in text
    assert task_part(TaskItem(9, "依申请公开办理规范化", "已完成")) == "依申请公开"
    assert check_texts({"一": draft, "五": "问题：有。改进：有。", "六": "无"}, f)


def test_supervision_part_names_the_work_plan_once():
    """（五）监督保障 opens with the 台账 sentence ("对照年度政务公开工作要点梳理形成工作台账…"); the tasks that
    follow must not repeat the phrase in the same paragraph."""
    f = figures()
    f.tasks = TaskFigures(2025, {"已完成": 1, "推进中": 1}, [], [
        TaskItem(1, "开展政务公开业务培训", "推进中"), TaskItem(2, "加强政务公开考核监督", "已完成")])
    five = render(draft_section1(f), f).split("（五）监督保障")[1]
    assert five.count("对照年度政务公开工作要点") == 1 and "重点做好以下工作：开展政务公开业务培训" in five


def test_headings_split_for_the_docx():
    assert heading_split("（一）主动公开") == ("heading2", "（一）主动公开", "")
    assert heading_split("（二）依申请公开。全年新收申请3件。") == ("heading2", "（二）依申请公开。", "全年新收申请3件。")
    assert heading_split("一、总体情况") == ("heading1", "一、总体情况", "")
    assert heading_split("全年新收申请3件。")[0] == ""


def test_contact_line_from_settings():
    assert contact_line("某局办公室", "某市某路1号", "730000", "0931-1234567") == \
        "如对本报告有疑问，请与某局办公室联系（地址：某市某路1号，邮政编码：730000，电话：0931-1234567）。"
    assert contact_line("某局", "", "", "") == ""


def test_2019_format_rows():
    rows = section3_display_rows(2020)
    assert len(rows) == 23 and ("6", "三、本年度办理结果", "（六）其他处理", "") in rows
    assert len(section3_display_rows(2021)) == 25
    values = {k: [0] * 7 for k in ROW_KEYS}
    values["6.1"][0], values["6.3"][0] = 2, 1
    assert section3_display_values(2019, values)["6"][0] == 3


# --- through the service and the ledger ---------------------------------------------------------------------
PERSON = {"kind": "自然人", "name": "张三", "id_type": "护照", "id_number": "E1", "phone": "13800000000"}


def _register(ledger, n, day="2025-12-01"):
    from gongkai_desktop.core.organisation import OrgProfile

    cal = ledger.calendar.load()
    return [ledger.applications.register(PERSON, {"channel": "当面", "received": day, "content_title": f"甲{i}"},
                                         OrgProfile(), cal, date(2026, 1, 5)) for i in range(n)]


def _reply(ledger, no, day):
    from gongkai_desktop.core.clock import Event, EventKind

    ledger.applications.add_event(no, Event(EventKind.REPLIED, day), ledger.calendar.load(), date(2026, 1, 20),
                                  outcome="1")


def test_scenario_through_the_service_late_reply_after_text_edit(ledger):
    from gongkai_desktop.core.annual_report import empty_section2
    from gongkai_desktop.services.annual_report import ReportService

    nos = _register(ledger, 3)
    _reply(ledger, nos[0], date(2025, 12, 10))
    service = ReportService(ledger)
    with pytest.raises(ValueError, match="表二已录入并确认"):  # 表二 never entered: a default 0 is not an entered 0
        service.finalise(2025, date(2026, 1, 20))
    assert service.save_section2(2025, empty_section2(2025)) == {}
    # the officer edits the text with the numbers as they were (typed by hand)
    service.save_text(2025, "一", "2025年，全年新收政府信息公开申请3件，办结1件，结转下年度继续办理2件。")
    service.save_text(2025, "五", "存在的主要问题：登记不够及时。改进措施：每周核对。")
    _reply(ledger, nos[1], date(2025, 12, 20))  # a late reply recorded afterwards
    with pytest.raises(ValueError) as blocked:
        service.finalise(2025, date(2026, 1, 20))
    assert "一、总体情况第1段" in str(blocked.value) and "办结1件" in str(blocked.value)
    assert "表三（七）总计·总计（2）" in str(blocked.value)
    service.save_text(2025, "一", "{年度}年，全年新收政府信息公开申请{表三.本年新收}件，办结{表三.办结}件，"
                                 "结转下年度继续办理{表三.结转下年度}件。")
    report = service.finalise(2025, date(2026, 1, 20))
    assert report.locked_at and "办结2件，结转下年度继续办理1件" in report.texts["一"]


def test_old_saved_plain_text_still_loads(ledger):
    from gongkai_desktop.services.annual_report import ReportService

    ledger.reports.set_input(2025, "text.五", "本年无突出问题{旧}。")  # saved before templates existed
    report = ReportService(ledger).build(2025, date(2026, 1, 20))
    assert report.texts["五"] == "本年无突出问题{旧}。" and report.templates["五"] == "本年无突出问题{{旧}}。"


def test_unknown_field_is_not_saved(ledger):
    from gongkai_desktop.services.annual_report import ReportService

    with pytest.raises(ValueError, match="表三.办完"):
        ReportService(ledger).save_text(2025, "一", "办结{表三.办完}件")
    assert ledger.reports.get_input(2025, "text.一") is None


def test_reply_into_a_finalised_year_warns_needs_a_reason_and_offers_a_correction(ledger):
    from gongkai_desktop.core.annual_report import empty_section2
    from gongkai_desktop.core.clock import Event, EventKind
    from gongkai_desktop.services.annual_report import (
        FinalisedYearError,
        ReportService,
        finalised_year_impact,
        record_event,
    )

    nos = _register(ledger, 2, "2025-12-20")
    service = ReportService(ledger)
    service.save_section2(2025, empty_section2(2025))
    service.save_text(2025, "一", "{年度}年，全年新收政府信息公开申请{表三.本年新收}件。")
    service.save_text(2025, "五", "存在的主要问题：登记不够及时。改进措施：每周核对。")
    service.finalise(2025, date(2026, 1, 10))
    cal = ledger.calendar.load()
    late = Event(EventKind.REPLIED, date(2025, 12, 30))
    impacts = finalised_year_impact(ledger, nos[0], late, "1")
    assert [i.year for i in impacts] == [2025]
    assert ("carried_out", "自然人", -1) in impacts[0].cells and ("1", "自然人", 1) in impacts[0].cells
    assert impacts[0].message.startswith("2025年度报告已定稿") and nos[0] in impacts[0].message
    assert finalised_year_impact(ledger, nos[0], Event(EventKind.REPLIED, date(2026, 1, 12)), "1") == []
    with pytest.raises(FinalisedYearError, match="会改变已发布的表三"):
        record_event(ledger, nos[0], late, cal, date(2026, 1, 12), outcome="1")
    assert ledger.applications.get(nos[0])["closed_on"] is None  # nothing saved
    record_event(ledger, nos[0], late, cal, date(2026, 1, 12), outcome="1", reason="纸质答复书补登")
    assert any(e["action"] == "定稿年度补录" for e in ledger.audit.entries("report"))
    locked = service.build(2025, date(2026, 1, 12))
    assert locked.late_entries[0]["no"] == nos[0] and locked.late_entries[0]["reason"] == "纸质答复书补登"
    # next year's carry-over check names the cause and offers the 更正说明 path
    r2026 = service.build(2026, date(2027, 1, 5))
    carry = next(c for c in r2026.checks if c.rule.startswith("上年结转"))
    assert not carry.ok and nos[0] in carry.detail and "更正说明" in carry.detail
    service.add_correction(2025, "12月30日纸质答复书漏登，已补录")
    r2026 = service.build(2026, date(2027, 1, 5))
    carry = next(c for c in r2026.checks if c.rule.startswith("上年结转"))
    assert carry.ok and "更正说明" in carry.rule
    assert "结转下年度继续办理”由2件更正为1件" in r2026.texts["六"]
    assert service.build(2025, date(2027, 1, 5)).locked_at  # the published report stays locked


def test_undo_and_category_changes_into_a_finalised_year_are_found(ledger):
    from gongkai_desktop.core.annual_report import empty_section2
    from gongkai_desktop.services.annual_report import ReportService, finalised_year_impact

    nos = _register(ledger, 2, "2025-06-02")
    _reply(ledger, nos[0], date(2025, 6, 20))
    service = ReportService(ledger)
    service.save_section2(2025, empty_section2(2025))
    service.save_text(2025, "一", "{年度}年，全年新收政府信息公开申请{表三.本年新收}件。")
    service.save_text(2025, "五", "存在的主要问题：登记不够及时。改进措施：每周核对。")
    service.finalise(2025, date(2026, 1, 10))
    undo = finalised_year_impact(ledger, nos[0], reopen=True)
    assert undo and undo[0].what == "撤销办结"
    assert ("1", "自然人", -1) in undo[0].cells and ("carried_out", "自然人", 1) in undo[0].cells
    moved = finalised_year_impact(ledger, nos[1], category="商业企业")
    assert ("received", "自然人", -1) in moved[0].cells and ("received", "商业企业", 1) in moved[0].cells
    assert finalised_year_impact(ledger, nos[1], category="自然人") == []  # no change, no warning
    assert finalised_year_impact(ledger, nos[1], received="2026-01-05")[0].cells[0] == ("received", "自然人", -1)


def test_six_lists_each_unfinished_task_once():
    from gongkai_desktop.core.report_text import draft_section6

    f = figures()
    f.tasks = TaskFigures(2025, {"已完成": 3, "推进中": 2}, ["完善政策文件库", "完善政策文件库", "规范依申请公开答复"])
    text = render(draft_section6(f), f)
    assert text.count("完善政策文件库") == 1 and "共5项：已完成3项，推进中2项" in text
    assert failing({"一": "", "五": "问题：有。改进：有。", "六": draft_section6(f)}, f) == {}


def test_undoing_a_reply_counted_by_a_finalised_year_needs_a_reason(ledger):
    from gongkai_desktop.core.annual_report import empty_section2
    from gongkai_desktop.services.annual_report import (
        FinalisedYearError,
        ReportService,
        undo_event,
        undo_impact,
    )

    nos = _register(ledger, 1, "2025-06-02")
    _reply(ledger, nos[0], date(2025, 6, 20))
    service = ReportService(ledger)
    service.save_section2(2025, empty_section2(2025))
    service.save_text(2025, "一", "{年度}年，全年新收政府信息公开申请{表三.本年新收}件。")
    service.save_text(2025, "五", "存在的主要问题：登记不够及时。改进措施：每周核对。")
    service.finalise(2025, date(2026, 1, 10))
    assert undo_impact(ledger, nos[0])[0].what == "撤销办结"
    cal = ledger.calendar.load()
    with pytest.raises(FinalisedYearError):
        undo_event(ledger, nos[0], cal, date(2026, 2, 1))
    assert ledger.applications.get(nos[0])["closed_on"] == "2025-06-20"  # nothing undone
    undo_event(ledger, nos[0], cal, date(2026, 2, 1), reason="答复书登记错件")
    assert ledger.applications.get(nos[0])["closed_on"] is None
    assert service.build(2025, date(2026, 2, 1)).late_entries[0]["what"] == "撤销办结"


def test_a_fresh_draft_with_work_plan_tasks_passes_its_own_checks():
    """issue 22 (found in the real app): the task sentence of 一 listed '（推进中）等21项' — a typed count next to a
    state word, checked against the 工作要点 cells, so the draft failed its own number check — and doubled 推进."""
    from gongkai_desktop.core.annual_report import TaskItem
    from gongkai_desktop.core.report_text import check_texts, drafts

    f = figures()
    titles = ["推进“十四五”规划纲要及配套政策文件公开", "加强重大建设项目信息公开", "做好财政预决算信息公开",
              "推进公共资源配置领域信息公开", "推进政府信息管理动态调整", "完善政府信息公开专栏", "加强业务培训"]
    items = [TaskItem(i, t, state, "", "主动公开" if i < 5 else "") for i, (t, state) in enumerate(
        (t, s) for t in titles for s in ("推进中", "已完成"))]  # two units share every title
    f.tasks = TaskFigures(2025, {"推进中": 7, "已完成": 7}, titles, items)
    text = render(drafts(f)["一"], f)
    assert "推进推进" not in text and "（推进中）" not in text
    assert text.count("加强重大建设项目信息公开") == 1
    assert "重点做好以下工作：推进“十四五”规划纲要及配套政策文件公开；加强重大建设项目信息公开；" in text
    number_checks = [c for c in check_texts(drafts(f), f) if c.rule == "正文中的数字与表格一致"]
    assert number_checks and number_checks[0].ok, number_checks[0].detail
