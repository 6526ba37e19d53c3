"""督办 of the 工作要点 across units (issue 25, domain.md §8.8): task × 责任单位 states and the rule that gives the
task's state, 反馈表 out and back for a 20-unit county, 督办通知 with a 文号, 通报, 销号, recurring occurrences and
the 本机关工作要点 draft."""

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai_desktop.core.workplan import occurrences, own_plan_due, parse_workplan, task_state_from_units
from gongkai_desktop.services.supervision import SupervisionService
from gongkai_desktop.storage.task_units_repo import TaskUnitError

from ..conftest import ROOT
from .county import UNITS, county_plan

TODAY = date(2026, 10, 15)
PERIOD = "2026年第三季度"


@pytest.fixture
def county(ledger):
    profile = ledger.settings.profile()
    profile.organ_name, profile.doc_prefix, profile.office_name = "某县人民政府办公室", "某政务公开", "县政务公开办"
    profile.contact, profile.phone = "李明", "0935-1234567"
    ledger.settings.save_profile(profile)
    plan = parse_workplan(county_plan())
    ledger.tasks.merge_tree(2026, plan.tasks, "某县工作要点.txt", plan.to_json())
    return SupervisionService.for_ledger(ledger, ROOT / "resources" / "templates")


def fill(path: Path, state: str = "推进中", day: str = "2026-10-09", **changes) -> Path:
    """What a unit's officer does in Excel: choose a state, write the 落实情况 and 佐证, date it."""
    wb = load_workbook(path)
    ws = wb["反馈表"]
    for row in range(4, ws.max_row + 1):
        if ws.cell(row, 10).value is None:
            continue
        ws.cell(row, 6).value = state
        ws.cell(row, 7).value = f"已按要求落实第{row - 3}项。"
        ws.cell(row, 8).value = "工作方案.pdf"
        ws.cell(row, 9).value = day
        for col, value in changes.items():
            ws[f"{col}{row}"] = value
    wb.save(path)
    return path


# --- rules --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("states", "expected"), [
    ([], None),
    (["不适用", "不适用"], "不适用"),
    (["已完成", "已完成", "不适用"], "已完成"),
    (["已完成", "持续推进"], "持续推进"),
    (["已完成", "未完成", "推进中"], "未完成"),
    (["未启动", "未启动"], "未启动"),
    (["未启动", "推进中"], "推进中"),
    (["已完成", "未启动"], "推进中"),
])
def test_task_state_follows_from_its_units(states, expected):
    assert task_state_from_units(states) == expected


def test_recurring_requirements_give_dated_occurrences():
    assert [d.isoformat() for d, _ in occurrences(["每季度"], 2026)] == [
        "2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]
    assert len(occurrences(["每月"], 2026)) == 12 and occurrences(["每月"], 2026)[1][0] == date(2026, 2, 28)
    assert occurrences(["每年9月"], 2026) == [(date(2026, 9, 30), "每年9月")]
    assert occurrences(["持续推进", "全年", "每周"], 2026) == []


def test_own_plan_is_due_20_days_after_the_plan():  # seed 武威2021: "接到本工作要点后的20天内"
    assert own_plan_due(date(2021, 6, 29)) == date(2021, 7, 19)


# --- units per task -----------------------------------------------------------------------------------------
def test_each_unit_named_on_a_task_has_its_own_state(county, ledger):
    units = ledger.tasks.units
    assert units.unit_names(2026) == UNITS
    first = next(t for t in ledger.tasks.leaves(2026) if t["code"] == "（一）")
    rows = units.for_task(first["id"])
    assert [(r["unit"], r["role"], r["state"]) for r in rows] == [("县发展改革局", "牵头", "未启动"),
                                                                  ("县教育局", "责任", "未启动")]
    units.record(first["id"], "县发展改革局", date(2026, 7, 1), "已完成", "已公开", "公开截图.png")
    assert ledger.tasks.get(first["id"])["state"] == "推进中"
    units.record(first["id"], "县教育局", date(2026, 7, 2), "已完成", "已配合")
    assert ledger.tasks.get(first["id"])["state"] == "已完成"
    with pytest.raises(TaskUnitError, match="没有责任单位“县财政局”"):
        units.record(first["id"], "县财政局", date(2026, 7, 2), "已完成")
    # the office setting the whole task sets every unit not yet closed
    ledger.tasks.record_progress(first["id"], date(2026, 7, 3), "推进中", "发现遗漏，重新推进")
    assert {r["state"] for r in units.for_task(first["id"])} == {"推进中"}


def test_close_needs_evidence_and_is_audited(county, ledger):
    units = ledger.tasks.units
    task = next(t for t in ledger.tasks.leaves(2026) if t["code"] == "（二）")
    with pytest.raises(TaskUnitError, match="佐证"):
        units.close(task["id"], "县教育局", date(2026, 10, 1), "经核查已落实", "")
    units.close(task["id"], "县教育局", date(2026, 10, 1), "经核查已落实", "公开目录截图.png")
    row = units.find(task["id"], "县教育局")
    assert (row["state"], row["closed_on"], row["evidence"]) == ("已完成", "2026-10-01", "公开目录截图.png")
    with pytest.raises(TaskUnitError, match="已于2026-10-01销号"):
        units.record(task["id"], "县教育局", date(2026, 10, 2), "推进中")
    entry = ledger.audit.entries("task", task["id"])[0]
    assert entry["action"] == "销号" and "县教育局" in entry["after"]
    units.reopen(task["id"], "县教育局", "佐证不全")
    assert units.find(task["id"], "县教育局")["closed_on"] is None


def test_a_migrated_ledger_gets_unit_rows_in_the_tasks_state(ledger):
    from gongkai_desktop.storage.schema import m009_task_units

    plan = parse_workplan(county_plan())
    ledger.tasks.merge_tree(2026, plan.tasks, "x")
    ledger.db.execute("DELETE FROM task_units")
    ledger.db.execute("UPDATE tasks SET state = '已完成' WHERE code = '（三）'")
    for table in ("task_unit_reports", "feedback_round_units", "feedback_rounds", "task_units", "workplans"):
        ledger.db.execute(f"DROP TABLE {table}")
    m009_task_units(ledger.db)
    third = next(t for t in ledger.tasks.leaves(2026) if t["code"] == "（三）")
    assert [(r["unit"], r["state"]) for r in ledger.tasks.units.for_task(third["id"])] == [
        ("县科技局", "已完成"), ("县公安局", "已完成")]


def test_this_unit_filter_still_works(county, ledger):
    from gongkai_desktop.core.workplan import concerns_unit

    mine = [t["code"] for t in ledger.tasks.leaves(2026) if concerns_unit(t, "县财政局", [])]
    assert mine == ["（六）", "（七）"]


# --- 20-unit county: the done-when of issue 25 -----------------------------------------------------------------
def test_twenty_units_export_fill_fifteen_import_and_see_the_five_missing(county, ledger, tmp_path):
    files, problems = county.export_feedback(2026, PERIOD, date(2026, 10, 10), tmp_path / "out")
    assert not problems and len(files) == 20
    by_unit = {load_workbook(f)["_反馈表信息"]["B5"].value: f for f in files}
    assert list(by_unit) == UNITS
    ws = load_workbook(by_unit["县财政局"])["反馈表"]
    assert ws.protection.sheet and ws.column_dimensions["J"].hidden and ws.column_dimensions["K"].hidden
    assert not ws["F4"].protection.locked and ws["B4"].protection.locked
    assert [ws.cell(r, 1).value for r in (4, 5)] == ["（六）", "（七）"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"

    filled = [fill(by_unit[u], "已完成" if i % 2 else "推进中") for i, u in enumerate(UNITS[:15])]
    # a unit's file carrying another unit's rows (copied over in Excel) must not write them
    wrong = fill(by_unit[UNITS[15]], K="县发展改革局")
    resent = filled[3]
    results = county.import_feedback(list(reversed(filled)) + [wrong, resent], TODAY)
    assert [r.ok for r in results] == [True] * 15 + [False, True]
    assert "属于县发展改革局，不是本表单位县文旅局的任务" in results[15].message()
    assert results[16].message() == "县公安局（" + resent.name + "）：与已导入的内容相同，未作改动。"

    rnd, missing = county.missing(2026)
    assert missing == UNITS[15:] and rnd["period"] == PERIOD
    behind = county.behind(2026, TODAY)
    assert [e["unit"] for e in behind if e["missing_rounds"]] == UNITS[15:]
    # nothing of the rejected file was written
    assert all(r["u_state"] == "未启动" for r in ledger.tasks.units.for_unit(2026, UNITS[15]) if r["u_role"] == "牵头")
    assert ledger.tasks.units.for_unit(2026, "县发展改革局")[0]["u_state"] == "推进中"

    # a re-sent file with a correction replaces that unit's report for the period; importing again is a no-op
    fill(resent, "持续推进")
    assert county.import_feedback([resent], TODAY)[0].changed == 2
    assert county.import_feedback([resent], TODAY)[0].changed == 0
    assert {r["u_state"] for r in ledger.tasks.units.for_unit(2026, UNITS[3])} == {"持续推进"}
    assert len(ledger.tasks.units.reports(ledger.tasks.units.for_unit(2026, UNITS[3])[0]["u_id"])) == 1

    # 督办通知 for the five, numbered 某政务公开督〔2026〕1号 … 5号
    made, problems = county.make_notices(2026, missing, TODAY, tmp_path / "notices")
    assert not problems and [m.doc_number for m in made] == [f"某政务公开督〔2026〕{n}号" for n in range(1, 6)]
    text = "\n".join(p.text for p in Document(str(made[0].path)).paragraphs)
    assert "县文旅局：" in text and "《某县2026年政务公开工作要点》（某政办发〔2026〕12号）" in text
    assert "尚未报送“2026年第三季度”落实情况反馈表（报送截止日期：2026年10月10日）" in text
    assert "1.（十六）做好第16项公开工作（完成时限：2026年06月30日".replace("06月", "6月") in text
    assert "2026年10月15日" in text and "某县人民政府办公室" in text
    assert [n["doc_number"] for n in ledger.tasks.units.notices(2026)][-1] == "某政务公开督〔2026〕5号"
    with pytest.raises(TaskUnitError, match="无需督办"):
        county.make_notice(2026, "县科技局", date(2026, 5, 1))

    # 通报 of the period, as Word and Excel
    data = county.bulletin(2026, PERIOD, TODAY, tmp_path / "通报.docx", tmp_path / "通报.xlsx")
    assert "应报送落实情况反馈表20个单位" in data["summary"] and "已报送15个，未报送5个" in data["summary"]
    sheet = load_workbook(tmp_path / "通报.xlsx")["通报"]
    assert [sheet.cell(r, 7).value for r in range(4, 24)].count("逾期未报送") == 5
    assert "关于2026年第三季度政务公开工作要点落实情况的通报" in Document(str(tmp_path / "通报.docx")).paragraphs[0].text


def test_feedback_mismatches_are_reported_in_chinese(county, ledger, tmp_path):
    files, _ = county.export_feedback(2026, PERIOD, date(2026, 10, 10), tmp_path, units=["县财政局"])
    wb = load_workbook(files[0])
    ws = wb["反馈表"]
    ws["F4"] = "差不多了"
    ws["G5"] = "写了情况没有选状态"
    ws["I4"] = "2026-02-30"
    wb.save(files[0])
    result = county.import_feedback(files, TODAY)[0]
    assert not result.ok
    assert "第4行报送日期“2026-02-30”无法识别" in result.message()
    assert "第5行“做好第7项公开工作”填写了落实情况但没有选择完成状态" in result.message()
    (tmp_path / "x.xlsx").write_bytes(b"not a workbook")
    assert "文件可能已损坏" in county.import_feedback([tmp_path / "x.xlsx"], TODAY)[0].message()
    with pytest.raises(TaskUnitError, match="不是工作要点中的责任单位"):
        county.export_feedback(2026, PERIOD, date(2026, 10, 10), tmp_path, units=["县体育局"])


def test_recurring_reminders_and_own_plan_draft(county, ledger, tmp_path):
    units = ledger.tasks.units
    reminders = units.occurrence_reminders(2026, date(2026, 9, 20))
    quarterly = [r for r in reminders if r["rule"] == "每季度"]
    assert [(r["due"], r["code"], r["units"]) for r in quarterly][:1] == [
        ("2026-09-30", "（四）", ["县公安局", "县民政局"])]
    task = next(t for t in ledger.tasks.leaves(2026) if t["code"] == "（四）")
    units.record(task["id"], "县公安局", date(2026, 9, 25), "持续推进", "第三季度已更新")
    again = [r for r in units.occurrence_reminders(2026, date(2026, 9, 26)) if r["code"] == "（四）"]
    assert again[0]["units"] == ["县民政局"]

    assert county.own_plan_reminder(2026, date(2026, 5, 1)) == (
        "本机关2026年工作要点应在上级工作要点印发（2026年4月20日）后20天内制定，即2026年5月10日前（还有9天）。")
    n = county.own_plan(2026, "县财政局", [], tmp_path / "本机关.docx", date(2026, 5, 1))
    assert n == 2
    paragraphs = [p.text for p in Document(str(tmp_path / "本机关.docx")).paragraphs]
    assert paragraphs[0] == "县财政局2026年政务公开工作要点" and "一、加强重点领域信息公开" in paragraphs
    assert any(p.startswith("（一）做好第6项公开工作。") for p in paragraphs)
    assert county.own_plan_reminder(2026, date(2026, 5, 1)) == ""


def test_shipped_notice_template_carries_the_current_wording():
    from gongkai_desktop.documents.supervision_docs import NOTICE_PARAGRAPHS, check_notice_template

    path = ROOT / "resources" / "templates" / "supervision-notice.docx"
    assert [p.text for p in Document(str(path)).paragraphs] == [text for _, text in NOTICE_PARAGRAPHS]
    assert check_notice_template(path) == []


# --- the command line -------------------------------------------------------------------------------------------
def test_cli_tasks_commands(tmp_path, monkeypatch, capsys):
    import json

    from gongkai_desktop.cli import main

    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    (tmp_path / "plan.txt").write_text(county_plan(), encoding="utf-8")
    assert main(["workplan", "import", str(tmp_path / "plan.txt")]) == 0
    assert main(["settings", "--set", "organ_name=某县人民政府办公室", "--set", "doc_prefix=某政务公开"]) == 0
    capsys.readouterr()

    assert main(["tasks", "list", "--unit", "县财政局", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [t["code"] for t in listed] == ["（六）", "（七）"]
    sixth = listed[1]["id"]  # （七）: 县财政局 leads, 县人社局 helps
    assert main(["tasks", "show", "（七）"]) == 0
    assert "县财政局（牵头）：未启动" in capsys.readouterr().out

    (tmp_path / "截图.png").write_bytes(b"png")
    assert main(["tasks", "progress", str(sixth), "--unit", "县财政局", "--state", "推进中", "--note", "已起草",
                 "--file", str(tmp_path / "截图.png"), "--day", "2026-06-20"]) == 0
    assert main(["tasks", "state", str(sixth), "--state", "已完成"]) == 2
    assert "--unit" in capsys.readouterr().err
    assert main(["tasks", "state", str(sixth), "--unit", "县人社局", "--state", "已完成", "--reason", "电话核实"]) == 0
    assert main(["tasks", "close", str(sixth), "--unit", "县财政局", "--note", "经核查已落实"]) == 2
    assert main(["tasks", "close", str(sixth), "--unit", "县财政局", "--note", "经核查已落实", "--evidence", "公开页面"]) == 0
    assert "任务状态 已完成" in capsys.readouterr().out
    assert main(["tasks", "review", str(sixth), "--result", "已落实", "--note", "抽查网站"]) == 0
    capsys.readouterr()
    assert main(["tasks", "show", str(sixth), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "已完成" and shown["files"] == ["截图.png"] and shown["review"]["result"] == "已落实"
    assert [(u["unit"], u["state"], u["closed_on"] is not None) for u in shown["units"]] == [
        ("县财政局", "已完成", True), ("县人社局", "已完成", False)]

    out = tmp_path / "反馈表"
    assert main(["tasks", "feedback-export", str(out), "--period", PERIOD, "--due", "2026-10-10", "--json"]) == 0
    files = [Path(f) for f in json.loads(capsys.readouterr().out)["files"]]
    assert len(files) == 20
    fill(files[0])
    fill(files[1])
    assert main(["tasks", "feedback-import", str(files[0]), str(files[1])]) == 0
    assert main(["tasks", "feedback-import", str(out)]) == 1  # the 18 empty files are not reports
    assert "没有填写任何一项" in capsys.readouterr().err
    assert main(["tasks", "remind", "--date", "2026-10-15", "--json"]) == 0
    remind = json.loads(capsys.readouterr().out)
    assert remind["rounds"][0]["missing"] == UNITS[2:]
    assert main(["tasks", "remind", "--date", "2026-10-15", "--unit", "县文旅局", "--notice",
                 "--out", str(tmp_path / "督办")]) == 0
    assert "已生成督办通知 某政务公开督〔2026〕1号" in capsys.readouterr().out
    assert main(["tasks", "report", "--date", "2026-10-15", "--docx", str(tmp_path / "通报.docx"),
                 "--xlsx", str(tmp_path / "通报.xlsx")]) == 0
    assert "已报送2个，未报送18个" in capsys.readouterr().out
    assert main(["tasks", "own-plan", str(tmp_path / "本机关.docx"), "--unit", "县财政局", "--date", "2026-05-01"]) == 0
    assert (tmp_path / "本机关.docx").exists()
    assert main(["tasks", "show", "（九十九）"]) == 1


def test_an_edited_notice_template_is_used_and_checked(county, ledger, tmp_path):
    from gongkai_desktop.documents.letter_docx import TemplateProblem
    from gongkai_desktop.documents.supervision_docs import NOTICE_SLUG

    county.export_feedback(2026, PERIOD, date(2026, 10, 10), tmp_path / "out")
    custom = county.templates.make_custom(NOTICE_SLUG)
    doc = Document(str(custom))
    doc.add_paragraph("特此通知。")
    doc.save(str(custom))
    made = county.make_notice(2026, UNITS[0], TODAY, target=tmp_path / "a.docx")
    assert "特此通知。" in [p.text for p in Document(str(made.path)).paragraphs]
    doc.add_paragraph("{{ unit_leader }}")
    doc.save(str(custom))
    with pytest.raises(TemplateProblem, match="无法识别的占位符"):
        county.make_notice(2026, UNITS[0], TODAY, target=tmp_path / "b.docx")
    assert [n["doc_number"] for n in ledger.tasks.units.notices(2026)] == ["某政务公开督〔2026〕1号"]  # no number used
