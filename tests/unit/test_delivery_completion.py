"""补记妥投 (issue 17): the 妥投/签收 date of a 送达 recorded later, on the existing delivery and without undoing
it. 直接送达 is timed by the 签收 date (国办公开办函〔2016〕235号), so a 签收 recorded later can turn a reply late;
邮寄送达 stays timed by the 交邮 date and the 妥投 is only recorded. Bad dates are refused and write nothing.

Hand-checked dates (fixture in test_delivery): received Mon 2026-11-02, due Mon 2026-11-30, answered that day."""

from datetime import date

import pytest

from gongkai_desktop.cli import main
from gongkai_desktop.core.delivery import DIRECT, POSTAL, Delivery, completion_errors, merged_deliveries
from gongkai_desktop.core.steps import STEP_BY_SLUG, StepError, StepRow

from .test_delivery import TODAY, deliver, replied  # noqa: F401 - the fixture

D = date.fromisoformat


def complete(service, no, day, **values):
    return service.record(no, "delivered", {"day": D(day), **values}, TODAY)


def events(ledger):
    return ledger.db.execute("SELECT count(*) FROM application_events").fetchone()[0]


def test_signature_recorded_later_times_a_direct_delivery(replied, ledger):  # noqa: F811
    service, no, letter = replied
    deliver(service, no, letter, "2026-11-30", DIRECT, note="申请人不在，留置送达")
    assert service.view(no, TODAY).timeliness.label == "按期"  # no 签收 yet: the 送达 day counts
    done = complete(service, no, "2026-12-02", signed_by="王伟")  # Wed: (30 Nov, 2 Dec] = 2 working days
    assert "超期2个工作日" in done.message
    view = service.view(no, TODAY)
    t = view.timeliness
    assert (t.counted, t.late_days) == (D("2026-12-02"), 2) and "2026年12月2日签收" in t.why
    [d] = view.deliveries
    assert (d["delivered"], d["signed_by"], d["date"]) == ("2026-12-02", "王伟", "2026-11-30")
    assert d["completed_by"] is not None and "留置送达" in d["note"]
    assert ledger.applications.get(no)["late_reply"] == 1 and ledger.reports.late_replies(2026) == 1
    # the 送达 itself is unchanged: the later date is a step of its own, audited
    stored = ledger.db.execute("SELECT data FROM application_events WHERE kind = 'deliver'").fetchone()[0]
    assert "delivered" not in stored
    assert ledger.db.execute("SELECT count(*) FROM audit_log WHERE action = '补记妥投（签收）'").fetchone()[0] == 1
    service.undo(no, TODAY, "签收日期登记错误")  # voiding the 补记 restores the judgement
    assert service.view(no, TODAY).timeliness.label == "按期"
    assert ledger.applications.get(no)["late_reply"] == 0


def test_postal_delivery_keeps_the_posting_date_and_records_the_arrival(replied, ledger):  # noqa: F811
    service, no, letter = replied
    deliver(service, no, letter, "2026-11-30", tracking="1190012345678")
    done = complete(service, no, "2026-12-03", signed_by="王伟", letter=letter)
    assert "按期" in done.message
    view = service.view(no, TODAY)
    assert view.timeliness.counted == D("2026-11-30")  # 交邮之日, not the 妥投
    assert view.deliveries[0]["delivered"] == "2026-12-03"
    avail = {a.step.slug: a for a in view.choices}
    assert not avail["delivered"].possible and "都已记录妥投" in avail["delivered"].reason


def test_bad_completions_are_refused_and_write_nothing(replied, ledger):  # noqa: F811
    service, no, letter = replied
    with pytest.raises(StepError, match="尚未登记送达"):
        complete(service, no, "2026-12-02")
    deliver(service, no, letter, "2026-12-01", tracking="1190012345678")
    before = events(ledger)
    with pytest.raises(StepError, match="妥投日期2026年11月30日早于交邮日期2026年12月1日"):
        complete(service, no, "2026-11-30")
    with pytest.raises(StepError, match="晚于今天"):
        complete(service, no, "2026-12-11")
    with pytest.raises(StepError, match="没有已登记的送达"):
        complete(service, no, "2026-12-02", letter="某公开复〔2026〕99号")
    assert events(ledger) == before
    complete(service, no, "2026-12-02")
    with pytest.raises(StepError, match="现在不能登记"):  # the only delivery has its 妥投 now
        complete(service, no, "2026-12-03")


def test_completion_rules():
    d = Delivery(1, "X", POSTAL, D("2026-12-01"))
    assert completion_errors(d, D("2026-12-01")) == []  # 当日妥投
    assert completion_errors(d, D("2026-11-30")) == ["妥投日期2026年11月30日早于交邮日期2026年12月1日。"]
    signed = Delivery(2, "X", DIRECT, D("2026-12-01"), D("2026-12-01"))
    assert "已记录签收日期" in completion_errors(signed, D("2026-12-02"))[0]
    rows = [StepRow(1, "deliver", D("2026-12-01"), data={"letter": "X", "method": POSTAL}),
            StepRow(2, "deliver", D("2026-12-01"), data={"letter": "Y", "method": POSTAL}),
            StepRow(3, "delivered", D("2026-12-04"), data={"delivery_id": 2, "signed_by": "本人"})]
    assert [(d.letter, d.delivered, d.signed_by) for d in merged_deliveries(rows)] == [
        ("X", None, ""), ("Y", D("2026-12-04"), "本人")]
    step = STEP_BY_SLUG["delivered"]
    assert step.section == "送达" and not step.is_clock  # in the GUI's 送达 menu and `gongkai apps step`


def test_cli_records_the_arrival(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    t = ("--today", "2026-12-10")
    for argv in (
        ("settings", "--set", "organ_name=某县某某局", "--set", "doc_prefix=某公开", "--set", "review_organ=某县人民政府",
         "--set", "court=某县人民法院", "--set", "contact=李明", "--set", "phone=0935-1234567",
         "--rule", "letter_requires_approval=否"),
        ("apps", "add", "--received", "2026-11-02", "--channel", "当面", "--applicant-type", "自然人", "--name", "王伟",
         "--id-number", "11010519491231002X", "--phone", "13800000000", "--content", "某河道采砂许可审批材料", *t),
        ("letter", "2026-0001", "--type", "reply-not-exist", "--out", str(tmp_path / "a.docx"), *t),
        ("apps", "deliver", "2026-0001", "--method", "直接送达", "--date", "2026-11-30", "--by", "李明", *t),
    ):
        assert main(list(argv)) == 0, capsys.readouterr().err
        if argv[0] == "apps" and argv[1] == "add":  # a 信息不存在 reply without a 检索记录 says so
            assert main(["apps", "event", "2026-0001", "replied", "--date", "2026-11-30", "--outcome", "4.1", *t]) == 0
            assert "没有检索记录" in capsys.readouterr().err
    capsys.readouterr()
    code = main(["apps", "step", "2026-0001", "delivered", "--date", "2026-11-27", *t])
    assert code == 1 and "签收日期2026年11月27日早于送达日期2026年11月30日" in capsys.readouterr().err
    code = main(["apps", "step", "2026-0001", "delivered", "--date", "2026-12-02", "--signed-by", "王伟", *t])
    out = capsys.readouterr().out
    assert code == 0 and "补记妥投" in out and "超期2个工作日" in out
