"""工作要点 parsing: the two real 2021 plans, our own fixtures in other styles and formats, merging a revised
plan without losing progress, and the CLI."""

import json
from datetime import date

import pytest

from gongkai_desktop.core.workplan import (
    cn_to_int,
    concerns_unit,
    find_deadlines,
    implementation_summary,
    normalise_line,
    parse_workplan,
    split_units,
    task_timing,
)
from gongkai_desktop.documents.workplan_reader import WorkplanReadError, read_workplan

from ..conftest import FIXTURES

SAMPLES = FIXTURES.parent.parent.parent / "shared" / "samples"
WORKPLANS = FIXTURES / "workplans"


def sample(name: str) -> str:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip("shared samples are not beside this checkout")
    return path.read_text(encoding="utf-8")


def flat(tasks):
    for t in tasks:
        yield t
        yield from flat(t["children"])


def test_chinese_numbers():
    assert [cn_to_int(x) for x in ("一", "九", "十", "十一", "二十", "二十五", "三十")] == [1, 9, 10, 11, 20, 25, 30]


def test_units_never_split_inside_brackets():
    assert split_units("各县（市、区）人民政府、市财政局，市教育局等") == ["各县（市、区）人民政府", "市财政局", "市教育局"]


@pytest.mark.parametrize(("text", "deadlines", "recurring"), [
    ("2021年10月底前完成", ["2021-10-31"], []),
    ("2021年底前完成", ["2021-12-31"], []),
    ("年底前完成", ["2021-12-31"], []),
    ("年内完成", ["2021-12-31"], []),
    ("9月底前完成", ["2021-09-30"], []),
    ("2022年2月底前完成", ["2022-02-28"], []),
    ("2021年6月30日前完成", ["2021-06-30"], []),
    ("每年9月集中公开", [], ["每年9月"]),
    ("每季度更新，每月通报", [], ["每季度", "每月"]),
    ("持续推进", [], ["持续推进"]),  # issue 25: ongoing, not unrecognised
    ("长期坚持", [], ["长期坚持"]),
    ("全年", [], ["全年"]),
    ("完成时限：长期坚持", [], ["长期坚持"]),
    ("持续推进政务公开标准化建设", [], []),  # the words in running text are not a deadline
])
def test_deadlines(text, deadlines, recurring):
    found, rec = find_deadlines(text, 2021)
    assert [d.isoformat() for d in found] == deadlines and rec == recurring


def test_pdf_debris_is_normalised():
    assert normalise_line("１􀆰强化政府网站建设管理.持续推动") == "1.强化政府网站建设管理。持续推动"
    assert normalise_line("“中国􀅰甘肃”门户网站") == "“中国·甘肃”门户网站"
    assert normalise_line("(责任单位:省政府办公厅,各市州人民政府)") == "（责任单位：省政府办公厅，各市州人民政府）"
    assert normalise_line("武威市 2021年 6月 29日") == "武威市2021年6月29日"


def test_wuwei_2021_continuous_numbering_and_units():
    plan = parse_workplan(sample("workplan-wuwei-2021.txt"))
    assert (plan.title, plan.issuer, plan.doc_number, plan.date, plan.year) == (
        "武威市2021年政务公开工作要点", "武威市人民政府办公室", "武政办发〔2021〕50号", date(2021, 6, 29), 2021)
    assert [s["code"] for s in plan.tasks] == ["一、", "二、", "三、", "四、", "五、"]
    tasks = [t for s in plan.tasks for t in s["children"]]
    assert len(tasks) == 25 and tasks[-1]["code"] == "（二十五）"
    first = tasks[0]
    assert first["title"] == "推进“十四五”规划纲要及配套政策文件公开"
    assert first["lead_units"] == ["市发展改革委", "市自然资源局"]
    assert first["responsible_units"] == ["市政府各部门", "各县区人民政府"]
    assert first["deadlines"] == ["2021-10-31"] and first["section"] == "一、着力加强重点领域信息公开"
    assert "牵头单位" not in first["text"]
    assert tasks[1]["lead_units"] == ["市发展改革委"]  # "(牵头单位：…；责任单位：…)" with ASCII brackets
    assert "本要点" not in tasks[-1]["text"] and "公开属性" not in tasks[-1]["text"]


def test_gansu_2021_pdf_punctuation_and_sub_items():
    plan = parse_workplan(sample("workplan-gansu-2021.txt"))
    assert (plan.issuer, plan.doc_number, plan.year) == ("甘肃省人民政府办公厅", "甘政办发〔2021〕48号", 2021)
    tasks = [t for s in plan.tasks for t in s["children"]]
    assert len(tasks) == 21
    platform = next(t for t in tasks if t["code"] == "（十一）")
    assert platform["title"] == "推进政务公开平台建设" and platform["responsible_units"] == []
    assert [c["title"] for c in platform["children"]] == ["强化政府网站建设管理", "加强政府系统政务新媒体监管",
                                                          "提升政府公报服务水平"]
    assert platform["children"][2]["responsible_units"] == ["省政府办公厅", "各市州人民政府"]
    assert tasks[0]["deadlines"] == ["2021-11-30"]
    assert "中国·甘肃" in tasks[0]["text"]


def test_own_fixture_other_styles():
    plan = read_workplan(WORKPLANS / "pingchuan-2023.txt")
    assert (plan.doc_number, plan.year) == ("平政办发〔2023〕51号", 2023)
    s1, s2, s3 = plan.tasks
    a = s1["children"][0]
    assert a["lead_units"] == ["区发展改革局"]  # separate 牵头单位/责任单位 lines
    assert a["responsible_units"] == ["区财政局", "区工信局", "各乡镇人民政府"]
    assert a["deadlines"] == ["2023-09-30"]  # "9月底前" with the document's year
    assert s1["children"][1]["responsible_units"] == ["区工信局"]  # "（区工信局负责落实）"
    assert s1["children"][1]["recurring"] == ["每季度"]
    assert [t["code"] for t in s2["children"]] == ["（一）", "（二）"]  # numbering restarts per section
    relief = s2["children"][0]
    assert relief["responsible_units"] == ["各县（市、区）人民政府", "区医保局"]  # broken across lines
    assert [c["code"] for c in relief["children"]] == ["1.", "2."]
    assert [c["code"] for c in relief["children"][1]["children"]] == ["（1）", "（2）"]
    assert relief["children"][1]["children"][1]["deadlines"] == ["2023-11-30"]
    assert s2["children"][1]["lead_units"] == ["区教育局"] and s2["children"][1]["deadlines"] == ["2024-12-31"]
    assert s3["children"][0]["text"] == "将政务公开工作纳入年度考核。"


def test_docx_gbk_txt_pdf_and_xlsx_give_the_same_tasks(tmp_path):
    from docx import Document
    from openpyxl import Workbook

    text = (WORKPLANS / "pingchuan-2023.txt").read_text(encoding="utf-8")
    reference = read_workplan(WORKPLANS / "pingchuan-2023.txt")
    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    doc.save(str(tmp_path / "a.docx"))
    (tmp_path / "b.txt").write_bytes(text.encode("gb18030"))
    for path in (tmp_path / "a.docx", tmp_path / "b.txt", WORKPLANS / "pingchuan-2023.pdf"):
        plan = read_workplan(path)
        assert plan.to_json()["tasks"] == reference.to_json()["tasks"], path.name
    wb = Workbook()
    ws = wb.active
    ws.append(["平川区2023年政务公开工作要点任务分解表"])
    ws.append(["序号", "工作任务", "具体要求", "牵头单位", "责任单位", "完成时限"])
    ws.append([1, "加强稳经济政策公开", "及时公开惠企政策", "区发展改革局", "区财政局、区工信局", "2023年9月底前"])
    ws.append([2, "做好惠企政策解读", "集中解读", "", "区工信局", "每季度"])
    ws.append([3, "强化督促检查", "纳入考核", "", "区政府办公室", "2023-12-31"])
    wb.save(tmp_path / "c.xlsx")
    plan = read_workplan(tmp_path / "c.xlsx")
    assert plan.year == 2023 and [t["title"] for t in plan.tasks] == ["加强稳经济政策公开", "做好惠企政策解读", "强化督促检查"]
    assert plan.tasks[0]["deadlines"] == ["2023-09-30"] and plan.tasks[1]["recurring"] == ["每季度"]
    assert plan.tasks[2]["deadlines"] == ["2023-12-31"] and plan.tasks[0]["responsible_units"] == ["区财政局", "区工信局"]


def test_unreadable_inputs(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(WorkplanReadError):
        read_workplan(tmp_path / "x.pdf")
    with pytest.raises(WorkplanReadError, match="找不到文件"):
        read_workplan(tmp_path / "missing.docx")
    (tmp_path / "y.odt").write_text("x")
    with pytest.raises(WorkplanReadError, match="不支持"):
        read_workplan(tmp_path / "y.odt")


def test_merging_a_revised_plan_keeps_progress(ledger):
    plan = read_workplan(WORKPLANS / "pingchuan-2023.txt")
    tasks = ledger.tasks
    assert tasks.merge_tree(2023, plan.tasks, "v1").added == 12
    leaf = next(t for t in tasks.leaves(2023) if t["title"] == "强化督促检查")
    tasks.record_progress(leaf["id"], date(2023, 7, 1), "推进中", "已制定考核办法", "考核办法.pdf", "王芳")
    revised = json.loads(json.dumps(plan.tasks))
    revised[2]["children"][0]["text"] = "将政务公开工作纳入年度绩效考核。"
    revised[2]["children"].append({"code": "（二）", "section": "三、加强组织保障", "title": "加强培训", "text": "",
                                   "lead_units": [], "responsible_units": ["区政府办公室"], "deadlines": [],
                                   "recurring": [], "children": []})
    del revised[0]["children"][1]
    result = tasks.merge_tree(2023, revised, "v2")
    assert (result.added, result.updated, result.missing) == (1, 1, ["做好惠企政策解读"])
    again = tasks.get(leaf["id"])
    assert (again["state"], again["owner"], again["text"]) == ("推进中", "王芳", "将政务公开工作纳入年度绩效考核。")
    assert tasks.updates(leaf["id"])[0]["progress"] == "已制定考核办法"
    tasks.review(leaf["id"], "部分落实", "考核办法未印发", date(2024, 1, 5))
    assert tasks.review_counts(2023)["部分落实"] == 1


def test_tracking_helpers():
    task = {"lead_units": ["市政府办公室"], "responsible_units": ["市政府各部门、各单位", "各县区人民政府"]}
    assert concerns_unit(task, "市财政局", ["市政府各部门"]) and not concerns_unit(task, "市财政局", [])
    today, soon = date(2021, 10, 20), date(2021, 11, 3)
    assert task_timing(["2021-10-31"], "推进中", today, soon) == "即将到期"
    assert task_timing(["2021-10-01"], "推进中", today, soon) == "已逾期"
    assert task_timing(["2021-10-01"], "已完成", today, soon) == ""
    text = implementation_summary(2021, {"已完成": 2, "推进中": 1}, ["甲"], {"已落实": 1, "部分落实": 0, "未落实": 0})
    assert text == "2021年政务公开工作要点梳理形成工作台账共3项：已完成2项，推进中1项。尚未完成的主要有：甲。开展“回头看”核查1项，其中已落实1项。"


def test_cli_workplan_import_json_and_export(tmp_path, monkeypatch, capsys):
    from openpyxl import load_workbook

    from gongkai_desktop.cli import main

    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    assert main(["workplan", "import", str(WORKPLANS / "pingchuan-2023.txt"), "--json", "--dry-run"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"title", "issuer", "doc_number", "year", "tasks"} <= set(data)
    task = data["tasks"][0]["children"][0]
    assert set(task) >= {"code", "section", "title", "text", "lead_units", "responsible_units", "deadlines",
                         "recurring", "children"}
    assert main(["workplan", "import", str(WORKPLANS / "pingchuan-2023.txt")]) == 0
    assert "新增12项" in capsys.readouterr().out
    assert main(["workplan", "export", str(tmp_path / "台账.xlsx")]) == 0
    wb = load_workbook(tmp_path / "台账.xlsx")
    assert wb.sheetnames == ["2023年工作要点台账", "落实情况"]
    header = [c.value for c in wb.active[2]]
    assert header[:9] == ["序号", "工作任务", "具体要求", "牵头单位", "责任单位", "完成时限", "进展情况", "完成状态", "佐证材料"]


def test_ledger_export_keeps_document_order_and_prints(ledger, tmp_path):
    """Issue 28 item 3: the 台账 came out as all headings, then (一)(十)(十三)(二十)(二)…"""
    from openpyxl import load_workbook

    from gongkai_desktop.documents.tasks_xlsx import write_tasks_xlsx

    plan = parse_workplan(sample("workplan-wuwei-2021.txt"))
    ledger.tasks.merge_tree(2021, plan.tasks, "武威", plan.to_json())
    tasks = ledger.tasks
    write_tasks_xlsx(2021, tasks.list(2021), tasks.evidence(2021), "", tasks.status_counts(2021),
                     tmp_path / "台账.xlsx", tasks.units.by_task(2021))
    ws = load_workbook(tmp_path / "台账.xlsx").active
    codes = [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)]
    expected = [t["code"] for t in flat(plan.tasks)]
    assert codes == expected
    assert codes[:4] == ["一、", "（一）", "（二）", "（三）"] and codes.index("二、") > codes.index("（六）")
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows == "$2:$2"
    assert ws.cell(4, 3).alignment.wrap_text
    assert ws.cell(4, 11).value == "市发展改革委：未启动；市自然资源局：未启动；市政府各部门：未启动；各县区人民政府：未启动"


# --- issue 25: documents the parser had not seen -------------------------------------------------------------
DAHE = [("（一）", [], ["县医保局", "县市场监管局"], [], []),  # "（…分别负责落实）", not "县市场监管局分别"
        ("（二）", ["疾控股"], ["医政股", "办公室"], [], ["每季度"]),  # 牵头科室/责任科室 lines
        ("（三）", [], ["疾控股", "县疾控中心"], [], ["持续推进"]),  # 责任股室 + 配合单位; ongoing
        ("（一）", ["办公室"], [], [], ["长期坚持"]),  # 牵头股室
        ("（二）", [], ["办公室", "法规股"], [], ["全年"]),  # 承办单位
        ("（三）", [], ["办公室"], ["2026-09-30"], [])]  # 责任处室


def _summary(plan):
    return [(t["code"], t["lead_units"], t["responsible_units"], t["deadlines"], t["recurring"])
            for s in plan.tasks for t in s["children"]]


def test_other_unit_labels_separately_responsible_and_ongoing_in_txt_docx_pdf(tmp_path):
    from docx import Document

    text = (WORKPLANS / "dahe-2026.txt").read_text(encoding="utf-8")
    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    doc.save(str(tmp_path / "dahe.docx"))
    (tmp_path / "dahe-gbk.txt").write_bytes(text.encode("gb18030"))
    for path in (WORKPLANS / "dahe-2026.txt", tmp_path / "dahe-gbk.txt", tmp_path / "dahe.docx",
                 WORKPLANS / "dahe-2026.pdf"):
        plan = read_workplan(path)
        assert (plan.doc_number, plan.date, plan.year) == ("大卫健发〔2026〕8号", date(2026, 3, 16), 2026), path.name
        assert _summary(plan) == DAHE, path.name
        assert not plan.warnings, path.name


@pytest.mark.parametrize("headers", [
    ("序号", "具体任务", "牵头科室", "责任科室", "完成时限"),
    ("序号", "工作措施", "牵头处室", "责任处室", "时间节点"),
    ("编号", "工作任务", "牵头股室", "责任股室", "完成时限"),
    ("序号", "重点任务", "牵头单位", "承办单位", "时间节点"),
])
def test_task_lists_with_other_column_names_xlsx_and_csv(tmp_path, headers):
    import csv

    from openpyxl import Workbook

    rows = [
        [1, "做好医疗服务信息公开", "", "县医保局、县市场监管局分别负责落实", "10月底前"],
        [2, "做好政策解读", "办公室", "法规股", "长期坚持"],
        [3, "做好政务舆情回应", "", "办公室", "全年"],
        [4, "更新公开目录", "办公室", "", "持续推进"],
        [5, "开展政府开放日活动", "", "办公室", "2026-09-30"],
    ]
    wb = Workbook()
    ws = wb.active
    ws.append(["大河县卫生健康局2026年政务公开工作任务清单"])
    ws.append(list(headers))
    for r in rows:
        ws.append(r)
    wb.save(tmp_path / "list.xlsx")
    with open(tmp_path / "list.csv", "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(["大河县卫生健康局2026年政务公开工作任务清单"])
        w.writerow(headers)
        w.writerows(rows)
    for path in (tmp_path / "list.xlsx", tmp_path / "list.csv"):
        plan = read_workplan(path)
        got = [(t["title"], t["lead_units"], t["responsible_units"], t["deadlines"], t["recurring"]) for t in plan.tasks]
        assert got == [
            ("做好医疗服务信息公开", [], ["县医保局", "县市场监管局"], ["2026-10-31"], []),
            ("做好政策解读", ["办公室"], ["法规股"], [], ["长期坚持"]),
            ("做好政务舆情回应", [], ["办公室"], [], ["全年"]),
            ("更新公开目录", ["办公室"], [], [], ["持续推进"]),
            ("开展政府开放日活动", [], ["办公室"], ["2026-09-30"], []),
        ], path.name
        assert not plan.warnings, path.name


def test_co_units_column_is_added_to_the_responsible_units(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2026年任务分解"])
    ws.append(["序号", "具体任务", "工作措施", "责任科室", "配合单位", "完成时限"])
    ws.append([1, "规范依申请公开办理", "健全登记、审核、办理、答复、归档制度", "办公室", "法规股、办公室", "年底前"])
    wb.save(tmp_path / "t.xlsx")
    task = read_workplan(tmp_path / "t.xlsx").tasks[0]
    assert (task["title"], task["text"]) == ("规范依申请公开办理", "健全登记、审核、办理、答复、归档制度")
    assert task["responsible_units"] == ["办公室", "法规股"] and task["deadlines"] == ["2026-12-31"]
