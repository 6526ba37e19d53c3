"""`gongkai apps add|event|step|undo` and `gongkai settings --rule`: the case worked from the command line only,
with the same checks as the window (issues 15, 16, 24)."""

import json

import pytest

from gongkai_desktop.core import steps
from gongkai_desktop.core.steps import StepDef, StepField

from ..conftest import run_cli as run

T = ("--today", "2026-11-20")
pytestmark = pytest.mark.usefixtures("cli_ledger")  # each test on its own CLI ledger


def add(capsys, received="2026-11-02", content="某河道采砂许可审批材料"):
    code, out, err = run(capsys, "apps", "add", "--received", received, "--channel", "当面", "--applicant-type",
                         "自然人", "--name", "王伟", "--id-number", "11010519491231002X", "--phone", "13800000000",
                         "--content", content, "--json", *T)
    assert code == 0, err
    return json.loads(out)


def test_register_then_work_a_refusal_to_its_letter(capsys):
    assert run(capsys, "settings", "--set", "organ_name=某县某某局", "--set", "doc_prefix=某公开",
               "--set", "review_organ=某县人民政府", "--set", "court=某县人民法院",
               "--set", "contact=李明", "--set", "phone=0935-1234567")[0] == 0
    first = add(capsys)
    assert first["no"] == "2026-0001" and first["due"] == "2026-11-30" and not first["known_applicant"]
    again = add(capsys, "2026-11-03")
    assert again["known_applicant"] and again["month_count"] == 2 and again["similar"][0]["no"] == "2026-0001"
    no = first["no"]
    code, _, err = run(capsys, "apps", "step", no, "approve", "--date", "2026-11-05", "--by", "王局长", *T)
    assert code == 1 and "拟办意见" in err
    for argv in (("assign", "--date", "2026-11-03", "--by", "李明", "--department", "法规科", "--days", "5"),
                 ("draft", "--date", "2026-11-06", "--by", "赵科长", "--outcome", "3.5", "--opinion", "属于内部事务信息"),
                 ("review", "--date", "2026-11-09", "--by", "李明"),
                 ("legal-review", "--date", "2026-11-10", "--by", "刘律师", "--result", "同意"),
                 ("approve", "--date", "2026-11-11", "--by", "王局长")):
        code, out, err = run(capsys, "apps", "step", no, *argv, *T)
        assert code == 0, err
    code, out, err = run(capsys, "apps", "event", no, "replied", "--date", "2026-11-12", *T)
    assert code == 0 and "办结" in out
    code, out, _ = run(capsys, "apps", "show", no, "--json", *T)
    shown = json.loads(out)
    assert shown["outcome_code"] == "3.5" and [s["step"] for s in shown["steps"]][-1] == "approve"
    assert shown["steps"][0]["data"]["department"] == "法规科"
    code, out, err = run(capsys, "letter", no, "--type", "reply-withhold", "--set", "withhold_reason=属于内部人事管理信息",
                         *T)
    assert code == 0, err


def test_event_checks_and_undo(capsys):
    no = add(capsys)["no"]
    code, _, err = run(capsys, "apps", "event", no, "extended", "--date", "2026-11-12", "--days", "10", *T)
    assert code == 1 and "批准人" in err
    code, _, err = run(capsys, "apps", "event", no, "extended", "--date", "2026-11-12", "--days", "10",
                       "--approver", "张主任", "--ref", "某公司", *T)
    assert code == 2 and "没有 --ref 选项" in err
    code, out, _ = run(capsys, "apps", "event", no, "fee-notice", "--date", "2026-11-12", "--fee-method", "按量",
                       "--fee-units", "2219", *T)
    assert code == 0 and "暂停计时" in out
    code, out, _ = run(capsys, "apps", "event", no, "--list", "--json", *T)
    listed = {c["step"]: c for c in json.loads(out)}
    assert listed["fee-paid"]["possible"] and not listed["fee-notice"]["possible"]
    code, out, _ = run(capsys, "apps", "undo", no, "--reason", "录错", *T)
    assert code == 0 and "发出收费通知" in out
    code, out, _ = run(capsys, "apps", "show", no, "--json", *T)
    assert json.loads(out)["fee"] is None and json.loads(out)["status"] == "正常"


def test_rule_settings_change_the_clock(capsys):
    no = add(capsys)["no"]
    run(capsys, "apps", "event", no, "fee-notice", "--date", "2026-11-12", "--fee-method", "按量", "--fee-units", "100",
        *T)
    assert json.loads(run(capsys, "apps", "show", no, "--json", *T)[1])["status"] == "已暂停"
    code, out, _ = run(capsys, "settings", "--rule", "fee_pauses_clock=否")
    assert code == 0 and "规则已保存" in out and "发出收费通知后暂停计算答复期限（fee_pauses_clock）：否" in out
    assert json.loads(run(capsys, "apps", "show", no, "--json", *T)[1])["due"] == "2026-11-30"
    code, _, err = run(capsys, "settings", "--rule", "feedback_days=五")
    assert code == 1 and "整数" in err


def test_a_step_added_to_the_table_is_accepted_by_the_cli(capsys, monkeypatch):
    fake = StepDef("hearing", "听取意见", "内部审批", "听取日期", (StepField("party", "对象", required=True),),
                   signer="记录人")
    monkeypatch.setattr(steps, "STEP_BY_SLUG", steps.step_by_slug((*steps.STEPS, fake)))
    no = add(capsys)["no"]
    code, out, _ = run(capsys, "apps", "step", no, "--list", *T)
    assert "hearing" in out and "听取意见" in out
    code, out, err = run(capsys, "apps", "step", no, "hearing", "--date", "2026-11-05", "--by", "李明",
                         "--party", "申请人", *T)
    assert code == 0 and "已登记“听取意见”" in out, err


def test_a_reply_into_a_finalised_year_needs_a_reason(capsys):
    """issue 22: a reply dated in a year whose report is 定稿 changes a published 表三 — only with a reason."""
    import os

    from gongkai_desktop.storage.ledger import Ledger

    no = add(capsys, "2025-12-01")["no"]
    led = Ledger.open(os.environ["GONGKAI_DB"])
    led.reports.finalise(2025, {"section3": {}})  # the storage snapshot is all finalised_year_impact looks at
    led.close()
    code, _, err = run(capsys, "apps", "event", no, "replied", "--date", "2025-12-20", "--outcome", "1", *T)
    assert code == 1 and "2025年度报告已定稿" in err and "--finalised-reason" in err
    code, out, err = run(capsys, "apps", "event", no, "replied", "--date", "2025-12-20", "--outcome", "1",
                         "--finalised-reason", "漏登补录", *T)
    assert code == 0, err
    code, _, err = run(capsys, "apps", "undo", no, *T)
    assert code == 1 and "--finalised-reason" in err
    code, out, err = run(capsys, "apps", "undo", no, "--finalised-reason", "补录有误", *T)
    assert code == 0 and "已撤销“答复”" in out, err


def test_show_keeps_what_was_undone_and_lists_attachments(capsys, tmp_path):
    """issue 24: the window strikes an undone event through and lists attachments; `apps show` says the same
    (the 附件编号 is what `archive class` asks for)."""
    no = add(capsys)["no"]
    run(capsys, "apps", "event", no, "extended", "--date", "2026-11-12", "--days", "10", "--approver", "张主任", *T)
    run(capsys, "apps", "undo", no, "--reason", "批准人录错", *T)
    scan = tmp_path / "申请表.pdf"
    scan.write_bytes(b"%PDF-1.4 demo")
    code, out, err = run(capsys, "archive", "attach", no, str(scan), "--class", "申请表及身份证明")
    assert code == 0, err
    shown = json.loads(run(capsys, "apps", "show", no, "--json", *T)[1])
    assert shown["events"] == []
    assert [(u["kind"], u["day"], u["reason"], u["clock"]) for u in shown["undone"]] == [
        ("extended", "2026-11-12", "批准人录错", True)]
    assert [(a["name"], a["archive_class"]) for a in shown["attachments"]] == [("申请表.pdf", "申请表及身份证明")]
    assert shown["archived"] is None
    code, out, _ = run(capsys, "apps", "show", no, *T)
    assert "2026-11-12 延期答复（已撤销：批准人录错）" in out
    assert f"附件 {shown['attachments'][0]['id']}：申请表.pdf" in out


def test_deliver_before_any_letter_is_refused_as_an_error_not_a_usage_mistake(capsys):
    no = add(capsys)["no"]
    code, _, err = run(capsys, "apps", "deliver", no, "--method", "直接送达", "--date", "2026-11-10", "--by", "李明", *T)
    assert code == 1 and "尚未出具文书" in err and "多份文书" not in err
