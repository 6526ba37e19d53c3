"""The evidence records (domain.md §8.4): 检索记录 (指导案例101号), 沟通记录 (条例第30条), 提供信息清单
(法释〔2025〕8号第1条(三)) — checked, stored in the shapes the letters read, voided with a reason, and the
warnings on replies that lack them."""

import json
from datetime import date

import pytest

from gongkai_desktop.cli import main
from gongkai_desktop.core.case_records import RecordError, reply_warnings
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.services.case import CaseService

D = date.fromisoformat
TODAY = D("2026-12-10")
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}
SEARCH = {"scope": "文书档案、业务系统、本机关网站", "keywords": ["采砂", "河道"], "searcher": "李明",
          "department": "水政科", "department_opinion": "经查，本科室未制作、未获取该信息", "result": "未检索到相关信息"}


@pytest.fixture
def case(ledger):
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                     "content_title": "某河道2019年采砂许可审批材料"},
                                      OrgProfile(), ledger.calendar.load(), TODAY)
    return CaseService(ledger), no


def test_records_are_stored_in_the_shapes_the_letters_read(case, ledger):
    service, no = case
    service.add_record(no, "search", {"date": D("2026-11-10"), **SEARCH}, TODAY)
    service.add_record(no, "contact", {"date": D("2026-11-05"), "method": "电话", "party": "王伟",
                                       "content": "询问所需信息的年份和河段", "result": "申请人确认为2019年某河段"}, TODAY)
    service.add_record(no, "provided", {"date": D("2026-11-20"), "name": "采砂许可决定书", "doc_no": "某水许〔2019〕3号",
                                        "pages": "4", "form": "纸质", "note": "隐去个人身份证号码"}, TODAY)
    app = ledger.applications.get(no)
    inputs = ledger.records.letter_inputs(app["id"])
    assert inputs["search_records"] == [{"date": "2026-11-10", "scope": ["文书档案", "业务系统", "本机关网站"],
                                         "keywords": ["采砂", "河道"], "searcher": "李明", "department": "水政科",
                                         "department_opinion": "经查，本科室未制作、未获取该信息",
                                         "result": "未检索到相关信息"}]
    assert inputs["contact_records"] == [{"date": "2026-11-05", "method": "电话", "party": "王伟",
                                          "content": "询问所需信息的年份和河段", "result": "申请人确认为2019年某河段"}]
    assert inputs["provided_items"] == [{"name": "采砂许可决定书", "doc_no": "某水许〔2019〕3号", "pages": 4,
                                         "form": "纸质", "note": "隐去个人身份证号码"}]


def test_bad_records_are_refused_and_write_nothing(case, ledger):
    service, no = case
    service.record(no, "replied", {"day": D("2026-11-20"), "outcome": "4.1"}, TODAY)
    with pytest.raises(RecordError, match="检索日期2026年11月23日晚于答复日期2026年11月20日"):
        service.add_record(no, "search", {"date": D("2026-11-23"), **SEARCH}, TODAY)
    with pytest.raises(RecordError, match="早于收到申请日期"):
        service.add_record(no, "search", {"date": D("2026-10-30"), **SEARCH}, TODAY)
    with pytest.raises(RecordError, match="晚于今天"):
        service.add_record(no, "contact", {"date": D("2026-12-11"), "method": "电话", "party": "王伟", "content": "x"},
                           TODAY)
    with pytest.raises(RecordError, match="沟通方式只能是"):
        service.add_record(no, "contact", {"date": D("2026-11-05"), "method": "微信", "party": "王伟", "content": "x"},
                           TODAY)
    with pytest.raises(RecordError, match="提供形式只能是"):
        service.add_record(no, "provided", {"date": D("2026-11-20"), "name": "x", "form": "U盘"}, TODAY)
    with pytest.raises(RecordError, match="检索记录请填写：关键词、检索人"):
        service.add_record(no, "search", {"date": D("2026-11-10"), "scope": "文书档案", "result": "无"}, TODAY)
    with pytest.raises(RecordError, match="书面核查意见"):
        service.add_record(no, "search", {"date": D("2026-11-10"), **SEARCH, "department_opinion": ""}, TODAY)
    assert ledger.db.execute("SELECT count(*) FROM case_records").fetchone()[0] == 0


def test_a_not_exist_reply_without_a_search_warns(case):
    service, no = case
    done = service.record(no, "replied", {"day": D("2026-11-20"), "outcome": "4.1"}, TODAY)
    assert len(done.warnings) == 1 and "没有检索记录" in done.warnings[0] and "指导案例101号" in done.warnings[0]
    service.add_record(no, "search", {"date": D("2026-11-18"), **SEARCH}, TODAY)
    assert service.view(no, TODAY).warnings == []


def test_an_unclear_request_needs_a_contact_record():
    assert "没有沟通记录" in reply_warnings("4.3", 0, 0, True)[0]
    assert [w for w in reply_warnings("4.1", 1, 0, True) if "沟通记录" in w]  # 信息不存在 after a 补正
    assert reply_warnings("4.1", 1, 0, False) == []
    assert reply_warnings("4.3", 0, 1, True) == []
    assert "需要另行制作" in reply_warnings("4.2", 0, 0, False)[0]
    assert reply_warnings("1", 0, 0, True) == []


def test_void_keeps_the_record_with_its_reason(case, ledger):
    service, no = case
    rid = service.add_record(no, "search", {"date": D("2026-11-10"), **SEARCH}, TODAY)
    with pytest.raises(RecordError, match="原因"):
        service.void_record(no, rid, " ")
    service.void_record(no, rid, "关键词登记错误")
    assert service.view(no, TODAY).records == []
    row = ledger.records.get(rid)
    assert row["void_reason"] == "关键词登记错误" and row["voided_at"]
    with pytest.raises(RecordError, match="已于"):
        service.void_record(no, rid, "再次")


def test_cli_records(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    T = ("--today", "2026-12-10")

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    assert run("apps", "add", "--received", "2026-11-02", "--channel", "当面", "--applicant-type", "自然人", "--name",
               "王伟", "--id-number", "11010519491231002X", "--phone", "13800000000", "--content", "采砂许可", *T)[0] == 0
    code, out, err = run("apps", "record", "2026-0001", "search", "--date", "2026-11-10", "--scope", "文书档案、业务系统",
                         "--keywords", "采砂、许可", "--searcher", "李明", "--result", "未检索到", *T)
    assert code == 0 and "已登记检索记录" in out, err
    code, _, err = run("apps", "record", "2026-0001", "search", "--date", "2026-11-10", "--party", "王伟", *T)
    assert code == 2 and "检索记录没有 --party 选项" in err
    code, out, err = run("apps", "record", "2026-0001", "contact", "--date", "2026-11-05", "--method", "电话",
                         "--party", "王伟", "--content", "询问年份", *T)
    assert code == 0, err
    code, _, err = run("apps", "event", "2026-0001", "replied", "--date", "2026-11-20", "--outcome", "4.1", *T)
    assert code == 0, err
    code, _, err = run("apps", "record", "2026-0001", "search", "--date", "2026-11-21", "--scope", "文书档案",
                       "--keywords", "采砂", "--searcher", "李明", "--result", "无", *T)
    assert code == 1 and "晚于答复日期" in err
    code, out, _ = run("apps", "record", "2026-0001", "--list", "--json", *T)
    records = json.loads(out)
    assert [r["kind"] for r in records] == ["contact", "search"]
    code, out, err = run("apps", "record", "2026-0001", "--void", str(records[1]["id"]), "--reason", "登记错误", *T)
    assert code == 0 and "已作废检索记录" in out
    code, out, err = run("apps", "record", "2026-0001", "--list", *T)
    assert "没有检索记录" in err  # the reply now lacks its search


def test_screenshots_are_attached_but_not_passed_to_the_letters(case, ledger, tmp_path):
    service, no = case
    shot = tmp_path / "检索截图.png"
    shot.write_bytes(b"\x89PNG screenshot")
    with pytest.raises(RecordError, match="找不到附件文件"):
        service.add_record(no, "search", {"date": D("2026-11-10"), **SEARCH, "attachments": [tmp_path / "无.png"]},
                           TODAY)
    assert ledger.db.execute("SELECT count(*) FROM case_records").fetchone()[0] == 0
    service.add_record(no, "search", {"date": D("2026-11-10"), **SEARCH, "attachments": [shot]}, TODAY)
    app = ledger.applications.get(no)
    assert [a["name"] for a in ledger.attachments.for_application(app["id"])] == ["检索截图.png"]
    (record,) = service.view(no, TODAY).records
    assert record["data"]["attachments"][0]["name"] == "检索截图.png" and "附件：检索截图.png" in record["text"]
    assert "attachments" not in ledger.records.letter_inputs(app["id"])["search_records"][0]
