"""The case steps (core/steps.py) and CaseService: the internal chain 交办 → 拟办 → 审核 → 法制审核 → 保密审查 →
核准 (domain.md §8.1–8.2), the office's rules from the settings, undo, internal deadlines, and the table
driving what is accepted."""

from dataclasses import replace
from datetime import date

import pytest

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.core.rules import CaseRules, RulesError
from gongkai_desktop.core.steps import STEP_BY_SLUG, STEPS, StepDef, StepError, StepField, step_by_slug
from gongkai_desktop.services.case import CaseService

D = date.fromisoformat
TODAY = D("2026-11-20")
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}


@pytest.fixture
def case(ledger):
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                     "content_title": "某河道采砂许可审批材料"},
                                      OrgProfile(), ledger.calendar.load(), TODAY)
    return CaseService(ledger), no


def rec(service, no, slug, day="2026-11-05", **values):
    return service.record(no, slug, {"day": D(day), **values}, TODAY)


def test_every_clock_step_has_the_slug_of_its_clock_event():
    for s in STEPS:
        if s.event is not None:
            assert s.slug == s.event.value  # `gongkai clock` and `gongkai apps event` share one vocabulary


def test_a_refusal_goes_through_the_whole_chain(case, ledger):
    service, no = case
    rec(service, no, "assign", "2026-11-03", signer="李明", department="法规科", feedback_days=5)
    view = service.view(no, TODAY)
    assert view.state.chain_stage() == "待拟办"
    assert [d.label for d in view.internal][:1] == ["科室反馈期限"]
    assert view.internal[0].due == D("2026-11-10")  # 5 working days after Tue 3 Nov
    rec(service, no, "draft", "2026-11-06", signer="赵科长", outcome="3.5", opinion="属于内部事务信息",
        basis="条例第十六条第一款")
    rec(service, no, "review", "2026-11-09", signer="李明")
    with pytest.raises(StepError, match="法制审核"):  # 不予公开 needs 法制审核 by default
        rec(service, no, "approve", "2026-11-10", signer="王局长")
    rec(service, no, "legal-review", "2026-11-10", signer="法律顾问刘律师", result="同意")
    rec(service, no, "approve", "2026-11-11", signer="王局长", role="分管领导")
    assert service.view(no, TODAY).state.chain_stage() == "已核准"
    done = rec(service, no, "replied", "2026-11-12")  # outcome and basis taken from the approved draft
    row = ledger.applications.get(no)
    assert (row["outcome"], row["outcome_basis"], row["state"]) == ("3.5", "条例第十六条第一款", "closed")
    assert "办结" in done.message
    steps = service.view(no, TODAY).steps
    assert [s["step"] for s in steps] == ["assign", "draft", "review", "legal-review", "approve"]
    assert steps[-1]["by"] == "王局长" and steps[1]["data"]["outcome"] == "3.5"


def test_steps_out_of_order_are_refused_and_nothing_is_written(case, ledger):
    service, no = case
    before = ledger.db.execute("SELECT count(*) FROM application_events").fetchone()[0]
    with pytest.raises(StepError, match="交办"):
        rec(service, no, "draft", outcome="1", opinion="可以公开", signer="赵")
    with pytest.raises(StepError, match="拟办意见"):
        rec(service, no, "approve", signer="王局长")
    rec(service, no, "assign", signer="李明", department="办公室")
    with pytest.raises(StepError, match="签署人"):
        rec(service, no, "draft", outcome="1", opinion="可以公开")
    with pytest.raises(StepError, match="早于收到申请日期"):
        rec(service, no, "draft", "2026-10-30", outcome="1", opinion="可以公开", signer="赵")
    with pytest.raises(StepError, match="晚于今天"):
        rec(service, no, "draft", "2026-11-21", outcome="1", opinion="可以公开", signer="赵")
    with pytest.raises(StepError, match="结论只能是"):
        rec(service, no, "draft", outcome="1", opinion="可以公开", signer="赵")
        rec(service, no, "legal-review", signer="刘", result="随便")
    after = ledger.db.execute("SELECT count(*) FROM application_events").fetchone()[0]
    assert after == before + 2  # the 交办 and the one valid 拟办意见


def test_a_disclosure_needs_secrecy_review_and_an_undetermined_one_waits(case, ledger):
    service, no = case
    rec(service, no, "assign", "2026-11-03", signer="李明", department="办公室")
    rec(service, no, "draft", "2026-11-04", signer="赵", outcome="1", opinion="可以公开")
    rec(service, no, "review", "2026-11-05", signer="李明")
    with pytest.raises(StepError, match="保密审查"):
        rec(service, no, "approve", "2026-11-06", signer="王局长")
    rec(service, no, "secrecy-review", "2026-11-06", signer="保密员", result="不能确定", info_name="采砂许可审批表",
        referred_to="市保密局")
    view = service.view(no, TODAY)
    assert any(d.kind == "secrecy" for d in view.internal)
    with pytest.raises(StepError, match="不能确定"):
        rec(service, no, "approve", "2026-11-09", signer="王局长")
    rec(service, no, "secrecy-answer", "2026-11-10", signer="李明", organ="市保密局", result="不予公开")
    with pytest.raises(StepError, match="不一致"):
        rec(service, no, "approve", "2026-11-11", signer="王局长")
    rec(service, no, "return", "2026-11-11", signer="王局长", opinion="涉密，重新拟办")
    assert service.view(no, TODAY).state.chain_stage() == "待拟办"


def test_each_rule_setting_on_and_off(case, ledger):
    service, no = case
    rec(service, no, "assign", signer="李明", department="办公室")
    rec(service, no, "draft", signer="赵", outcome="4.1", opinion="经检索不存在")
    rec(service, no, "review", signer="李明")
    with pytest.raises(StepError, match="法制审核"):
        rec(service, no, "approve", signer="王局长")
    ledger.save_rules(replace(ledger.rules, legal_review_groups=("3",)))  # 无法提供 no longer needs it
    assert CaseService(ledger).view(no, TODAY).state.approved is False
    rec(service, no, "approve", signer="王局长")
    # letters: a reply letter before 核准 is refused only while the rule is on
    other = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                        "content_title": "另一件"}, OrgProfile(),
                                         ledger.calendar.load(), TODAY)
    rec(service, other, "replied", "2026-11-10", outcome="1")
    assert "核准" in service.letter_reason(other, True, TODAY)
    ledger.save_rules(replace(ledger.rules, letter_requires_approval=False))
    assert service.letter_reason(other, True, TODAY) is None
    assert service.letter_reason(no, True, TODAY) is None  # approved anyway


def test_secrecy_rule_off_lets_a_disclosure_be_approved_without_it(case, ledger):
    service, no = case
    ledger.save_rules(replace(ledger.rules, secrecy_review_groups=()))
    rec(service, no, "assign", signer="李明", department="办公室")
    rec(service, no, "draft", signer="赵", outcome="1", opinion="可以公开")
    rec(service, no, "review", signer="李明")
    rec(service, no, "approve", signer="王局长")
    assert service.view(no, TODAY).state.approved


def test_a_reply_on_a_started_chain_waits_for_approval(case, ledger):
    service, no = case
    rec(service, no, "assign", signer="李明", department="办公室")
    rec(service, no, "draft", signer="赵", outcome="1", opinion="可以公开")
    with pytest.raises(StepError, match="尚未经领导核准"):
        rec(service, no, "replied", outcome="1")
    assert ledger.applications.get(no)["state"] == "open"


def test_undo_voids_a_case_step_and_keeps_it(case, ledger):
    service, no = case
    rec(service, no, "assign", signer="李明", department="办公室")
    assert service.last_step(no)["label"] == "交办"
    service.undo(no, TODAY, "录入错误")
    assert service.view(no, TODAY).state.assigned is None
    row = ledger.db.execute("SELECT voided_at, void_reason FROM application_events").fetchone()
    assert row[0] and row[1] == "录入错误"
    assert any(e["action"].startswith("撤销：交办") for e in ledger.audit.entries("application", no))


def test_internal_deadlines_are_cached_for_lists(case, ledger):
    service, no = case
    rec(service, no, "assign", "2026-11-03", signer="李明", department="办公室")
    row = ledger.applications.get(no)
    assert (row["chain_stage"], row["internal_due"], row["internal_label"]) == ("待拟办", "2026-11-10", "科室反馈期限")
    items = ledger.applications.internal_due_items(D("2026-11-30"))
    assert [i["no"] for i in items] == [no]
    rec(service, no, "draft", "2026-11-04", signer="赵", outcome="1", opinion="可以公开")
    row = ledger.applications.get(no)  # 报批: due 2026-11-30 minus 5 working days
    assert (row["internal_due"], row["internal_label"]) == ("2026-11-23", "报批期限")


def test_a_step_added_to_the_table_is_accepted_without_other_code(case, ledger):
    service, no = case
    fake = StepDef("hearing", "听取意见", "内部审批", "听取日期", (StepField("party", "对象", required=True),),
                   signer="记录人")
    service = CaseService(ledger, step_by_slug((*STEPS, fake)))
    assert any(a.step.slug == "hearing" and a.possible for a in service.view(no, TODAY).choices)
    with pytest.raises(StepError, match="对象"):
        rec(service, no, "hearing", signer="李明")
    rec(service, no, "hearing", signer="李明", party="申请人")
    assert service.view(no, TODAY).steps[0]["data"] == {"party": "申请人"}


def test_a_step_brings_its_own_checks_and_hooks_through_the_table(case, ledger):
    """Issue 15: what a step does beyond the generic checks lives in its row (`validate`) and its StepHooks —
    CaseService.record names no step."""
    from gongkai_desktop.services.case import STEP_HOOKS, StepHooks

    service, no = case
    fake = StepDef("hearing", "听取意见", "内部审批", "听取日期", (StepField("party", "对象", required=True),),
                   signer="记录人",
                   validate=lambda values, state: ["对象不能是本机关。"] if values.get("party") == "本机关" else [])
    seen = []
    hooks = {**STEP_HOOKS, "hearing": StepHooks(
        prepare=lambda svc, view, values: values.setdefault("party", "申请人"),
        check=lambda svc, view, values: seen.append(view.app["no"]) or ["听取意见应制作笔录。"],
        done=lambda after, message: (message + "（已听取）", [f"已有{len(after.steps)}项"]))}
    service = CaseService(ledger, step_by_slug((*STEPS, fake)), hooks)
    with pytest.raises(StepError, match="不能是本机关"):
        rec(service, no, "hearing", signer="李明", party="本机关")
    assert service.view(no, TODAY).steps == [] and seen == []  # refused before the hooks' checks, nothing stored
    done = rec(service, no, "hearing", signer="李明")
    assert service.view(no, TODAY).steps[0]["data"] == {"party": "申请人"}  # the prepare hook's default
    assert seen == [no] and done.message.endswith("（已听取）")
    assert done.warnings == ("听取意见应制作笔录。", "已有1项")


def test_case_service_record_names_no_step():
    import inspect

    from gongkai_desktop.services.case import CaseService as Service

    source = inspect.getsource(Service.record)
    assert "slug ==" not in source and '"replied"' not in source and '"deliver"' not in source


def test_rules_read_and_write_their_text_form():
    rules = CaseRules().with_text("legal_review_groups", "不予公开、无法提供")
    assert rules.legal_review_groups == ("3", "4")
    assert CaseRules.from_settings(rules.to_settings()) == rules
    assert CaseRules().with_text("fee_pauses_clock", "否").clock().fee_pauses_clock is False
    with pytest.raises(RulesError, match="整数"):
        CaseRules().with_text("feedback_days", "五")
    with pytest.raises(RulesError, match="不是办理结果类别"):
        CaseRules().with_text("legal_review_groups", "不公开")
    assert set(STEP_BY_SLUG) >= {"assign", "draft", "review", "legal-review", "secrecy-review", "approve", "deliver"}
