"""`gongkai apps similar|items|split` and `gongkai report proactive` (issue 20, domain.md §8.6)."""

import json

import pytest

from ..conftest import run_cli as run

T = ("--today", "2026-11-20")
pytestmark = pytest.mark.usefixtures("cli_ledger")  # each test on its own CLI ledger


PEOPLE = (("王伟", "11010519491231002X"), ("李娜", "110101199003074477"), ("张强", "110101198001010053"),
          ("赵敏", "11010119900307803X"))


def add(capsys, person, content, received="2026-11-02", json_out=True):
    name, number = person
    code, out, err = run(capsys, "apps", "add", "--received", received, "--channel", "当面", "--applicant-type",
                         "自然人", "--name", name, "--id-number", number, "--phone", "13800000000",
                         "--content", content, *(("--json",) if json_out else ()), *T)
    assert code == 0, err
    return json.loads(out) if json_out else out


def reply(capsys, no, outcome, day="2026-11-10"):
    code, out, err = run(capsys, "apps", "event", no, "replied", "--date", day, "--outcome", outcome, *T)
    assert code == 0, err


def test_registration_shows_both_earlier_answers_to_the_same_information(capsys):
    run(capsys, "settings", "--rule", "letter_requires_approval=否")
    first = add(capsys, PEOPLE[0], "请公开沪府发〔2021〕3号文件")
    reply(capsys, first["no"], "1")
    second = add(capsys, PEOPLE[1], "沪府发[2021]3号全文")
    reply(capsys, second["no"], "1")
    out = add(capsys, PEOPLE[2], "申请获取沪府发（2021）3号", json_out=False)
    assert "此前对相同或相近信息的答复" in out and first["no"] in out and second["no"] in out
    assert "予以公开" in out
    code, out, _ = run(capsys, "apps", "similar", "2026-0003", "--json")
    assert code == 0 and {e["no"] for e in json.loads(out)} == {first["no"], second["no"]}
    assert all(e["outcome"] == "1" and e["same_document"] for e in json.loads(out))


def test_proactive_list_and_decision(capsys):
    run(capsys, "settings", "--rule", "letter_requires_approval=否")
    for person in PEOPLE[:3]:
        no = add(capsys, person, "某区2026年财政预算执行情况报告")["no"]
        reply(capsys, no, "1")
    code, out, _ = run(capsys, "report", "proactive", "--year", "2026", "--json", *T)
    groups = json.loads(out)["groups"]
    assert code == 0 and len(groups) == 1 and groups[0]["applicants"] == 3 and groups[0]["decision"] is None
    code, out, _ = run(capsys, "report", "proactive", "--year", "2026", "--min", "4", "--json", *T)
    assert json.loads(out)["groups"] == []
    code, _, err = run(capsys, "report", "proactive-decide", "--year", "2026", "--key", "2026-0001",
                       "--decision", "转为主动公开", "--reason", "三人申请", "--by", "李明", *T)
    assert code == 1 and "栏目或网址" in err
    code, _, err = run(capsys, "report", "proactive-decide", "--year", "2026", "--key", "2026-0001",
                       "--decision", "转为主动公开", "--reason", "三人申请", "--by", "李明",
                       "--column", "法定主动公开内容/财政预决算", *T)
    assert code == 0, err
    code, out, _ = run(capsys, "report", "proactive", "--year", "2026", *T)
    assert "转为主动公开" in out and "李明" in out


def test_three_items_give_one_cell_and_split_keeps_links(capsys):
    no = add(capsys, PEOPLE[0], "1.采购合同；2.会议纪要；3.投标人报价")["no"]
    code, out, err = run(capsys, "apps", "items", no, "--add", "采购合同", "--add", "会议纪要", "--add", "投标人报价")
    assert code == 0, err
    for seq, outcome in (("1", "1"), ("2", "4.1"), ("3", "3.4")):
        code, _, err = run(capsys, "apps", "items", no, "--set", seq, "--outcome", outcome)
        assert code == 0, err
    code, out, _ = run(capsys, "apps", "items", no, "--json")
    shown = json.loads(out)
    assert shown["derived_outcome"] == "2" and [i["outcome"] for i in shown["items"]] == ["1", "4.1", "3.4"]
    code, _, err = run(capsys, "apps", "items", no, "--set", "1", "--outcome", "6.1")
    assert code == 1 and "整件申请" in err
    code, out, err = run(capsys, "apps", "split", no, "--json", *T)
    assert code == 0, err
    assert json.loads(out)["new"] == ["2026-0002", "2026-0003"]
    code, out, _ = run(capsys, "apps", "items", "2026-0002", "--json")
    assert json.loads(out)["links"][0]["from_no"] == no
    code, out, _ = run(capsys, "apps", "show", "2026-0003", "--json", *T)
    assert "投标人报价" in out


def test_a_different_answer_to_the_same_information_needs_a_reason(capsys):
    run(capsys, "settings", "--rule", "letter_requires_approval=否")
    first = add(capsys, PEOPLE[0], "某区2025年征地补偿安置方案")
    reply(capsys, first["no"], "1")
    second = add(capsys, PEOPLE[1], "某区2025年征地补偿安置方案")
    code, _, err = run(capsys, "apps", "event", second["no"], "replied", "--date", "2026-11-12", "--outcome", "4.1", *T)
    assert code == 1 and first["no"] in err and "不一致的理由" in err
    code, _, err = run(capsys, "apps", "event", second["no"], "replied", "--date", "2026-11-12", "--outcome", "4.1",
                       "--consistency-reason", "该方案已于2026年移交区档案馆，本机关不再保存", *T)
    assert code == 0, err
    import os
    import sqlite3

    with sqlite3.connect(os.environ["GONGKAI_DB"]) as db:
        (data,) = db.execute("SELECT e.data FROM application_events e JOIN applications a ON a.id = e.application_id "
                             "WHERE a.no = ? AND e.kind = 'replied'", [second["no"]]).fetchone()
    assert json.loads(data) == {"consistency_reason": "该方案已于2026年移交区档案馆，本机关不再保存",
                                "consistency_with": first["no"]}


def test_the_reply_follows_the_items(capsys):
    run(capsys, "settings", "--rule", "letter_requires_approval=否")
    no = add(capsys, PEOPLE[0], "采购合同及会议纪要")["no"]
    run(capsys, "apps", "items", no, "--add", "采购合同", "--add", "会议纪要")
    run(capsys, "apps", "items", no, "--set", "1", "--outcome", "1")
    run(capsys, "apps", "items", no, "--set", "2", "--outcome", "3.6")
    code, _, err = run(capsys, "apps", "event", no, "replied", "--date", "2026-11-12", "--outcome", "1", *T)
    assert code == 1 and "部分公开" in err
    code, _, err = run(capsys, "apps", "event", no, "replied", "--date", "2026-11-12", *T)
    assert code == 0, err
    code, out, _ = run(capsys, "apps", "show", no, "--json", *T)
    assert json.loads(out)["outcome_code"] == "2"


def test_export_carries_items(capsys, tmp_path):
    from openpyxl import load_workbook

    no = add(capsys, PEOPLE[0], "采购合同及会议纪要")["no"]
    run(capsys, "apps", "items", no, "--add", "采购合同", "--add", "会议纪要")
    run(capsys, "apps", "items", no, "--set", "2", "--outcome", "3.6")
    code, _, err = run(capsys, "apps", "export", str(tmp_path / "台账.xlsx"), *T)
    assert code == 0, err
    ws = load_workbook(tmp_path / "台账.xlsx").active
    header = [c.value for c in ws[1]]
    row = [c.value for c in ws[2]]
    assert row[header.index("分项及办理结果")] == "1.采购合同；2.会议纪要（不予公开·属于四类过程性信息）"
