"""修改登记信息 / 作废 through services/registration.py (issue 22, closing issue 28 item 2's gap):
an archived case is read-only (issue 19); a change that moves a finalised year's 表三 — another 收到日期, another
applicant category, or voiding a counted application — needs --finalised-reason and is recorded as a late entry."""

import json
import os
from datetime import date

import pytest

from ..conftest import run_cli as run

T = ("--today", "2026-02-10")
pytestmark = pytest.mark.usefixtures("cli_ledger")  # each test on its own CLI ledger


def add(capsys, received, *applicant):
    applicant = applicant or ("--applicant-type", "自然人", "--name", "王伟", "--id-number", "11010519491231002X")
    code, out, err = run(capsys, "apps", "add", "--received", received, "--channel", "当面", *applicant,
                         "--phone", "13800000000", "--content", "某河道采砂许可审批材料", "--json", *T)
    assert code == 0, err
    return json.loads(out)["no"]


def ledger():
    from gongkai_desktop.storage.ledger import Ledger

    return Ledger.open(os.environ["GONGKAI_DB"])


def finalise_2025():
    led = ledger()
    led.reports.finalise(2025, {"section3": {}})  # the stored snapshot is all the finalised-year check looks at
    led.close()


def late_entries():
    led = ledger()
    try:
        return led.reports.get_input(2025, "locked.late_entries", []), \
            [r["action"] for r in led.db.query("SELECT action FROM audit_log ORDER BY id")]
    finally:
        led.close()


def test_moving_the_receipt_date_out_of_a_finalised_year_needs_a_reason(capsys):
    no = add(capsys, "2025-12-30")
    finalise_2025()
    code, _, err = run(capsys, "apps", "edit", no, "--received", "2026-01-04", "--reason", "收到日期登记错误", *T)
    assert code == 1
    assert "2025年度报告已定稿" in err and "收到日期改为2026-01-04" in err and "--finalised-reason" in err
    assert "一、本年新收政府信息公开申请数量·自然人 −1" in err
    led = ledger()
    assert led.applications.get(no)["received"] == "2025-12-30"  # nothing written, no audit row either
    assert led.db.execute("SELECT count(*) FROM audit_log WHERE action = '修改登记信息'").fetchone()[0] == 0
    led.close()
    code, out, err = run(capsys, "apps", "edit", no, "--received", "2026-01-04", "--reason", "收到日期登记错误",
                         "--finalised-reason", "原始登记簿核对，实为2026年1月4日收到", *T)
    assert code == 0, err
    assert "收到日期：2025-12-30 → 2026-01-04" in out
    entries, actions = late_entries()
    assert entries[0]["no"] == no and entries[0]["reason"] == "原始登记簿核对，实为2026年1月4日收到"
    assert ["一、本年新收政府信息公开申请数量", "自然人", -1] in entries[0]["cells"]
    assert "修改登记信息" in actions and "定稿年度补录" in actions


def test_an_edit_that_moves_no_published_cell_asks_nothing(capsys):
    no = add(capsys, "2025-12-30")
    finalise_2025()
    code, out, err = run(capsys, "apps", "edit", no, "--received", "2025-12-29", "--content", "采砂许可证",
                         "--reason", "收到日期登记错误", *T)
    assert code == 0, err  # still 2025's 新收, still 结转: no cell of the published 表三 moves
    assert late_entries()[0] == []


def test_a_bad_value_is_reported_before_the_finalised_year_question(capsys):
    no = add(capsys, "2025-12-30")
    finalise_2025()
    code, _, err = run(capsys, "apps", "edit", no, "--received", "2026-03-01", "--reason", "x", *T)
    assert code == 1 and "不能晚于今天" in err and "已定稿" not in err


def test_changing_an_organisations_category_moves_all_its_applications(capsys):
    org = ("--applicant-type", "法人或其他组织", "--category", "其他", "--name", "某某律师事务所",
           "--credit-code", "91350100M000100Y43", "--contact", "张三")
    first, second = add(capsys, "2025-11-03", *org), add(capsys, "2026-01-06", *org)
    finalise_2025()
    code, _, err = run(capsys, "apps", "edit", second, "--category", "法律服务机构", "--reason", "类别登记错误", *T)
    assert code == 1 and first in err and "法律服务机构 +1" in err and "其他 −1" in err
    code, out, err = run(capsys, "apps", "edit", second, "--category", "法律服务机构", "--reason", "类别登记错误",
                         "--finalised-reason", "律师事务所应计入法律服务机构", *T)
    assert code == 0, err
    assert "申请人类别：其他 → 法律服务机构" in out
    led = ledger()
    assert {led.applications.get(n)["category"] for n in (first, second)} == {"法律服务机构"}
    led.close()
    assert late_entries()[0][0]["no"] == first
    person = add(capsys, "2026-01-07")
    code, _, err = run(capsys, "apps", "edit", person, "--category", "商业企业", "--reason", "x", *T)
    assert code == 1 and "自然人" in err


def test_voiding_an_application_counted_in_a_finalised_year_needs_a_reason(capsys):
    no, fresh = add(capsys, "2025-12-15"), add(capsys, "2026-01-05")
    finalise_2025()
    code, _, err = run(capsys, "apps", "void", no, "--reason", "重复登记", *T)
    assert code == 1 and "的作废会改变已发布的表三" in err and "--finalised-reason" in err
    assert "四、结转下年度继续办理·自然人 −1" in err
    led = ledger()
    assert led.applications.get(no)["voided_at"] is None
    led.close()
    code, out, err = run(capsys, "apps", "void", no, "--reason", "重复登记", "--finalised-reason", "与2025-0001重复", *T)
    assert code == 0 and "已作废" in out, err
    assert late_entries()[0][0]["what"] == "作废"
    assert run(capsys, "apps", "void", fresh, "--reason", "测试数据", *T)[0] == 0  # 2026: nothing published


def test_an_archived_case_can_be_neither_edited_nor_voided(capsys):
    no = add(capsys, "2026-01-05")
    led = ledger()
    app = led.applications.get(no)
    with led.db.atomic():
        led.archives.insert(app["id"], no, "Z017-2026-D10-0001", 2026, "10年", 1, "2026-02-01")
    led.close()
    code, _, err = run(capsys, "apps", "edit", no, "--note", "补充备注", "--reason", "x", *T)
    assert code == 1 and "已归档（归档日期 2026-02-01，档号 Z017-2026-D10-0001），不能修改" in err
    code, _, err = run(capsys, "apps", "void", no, "--reason", "重复登记", *T)
    assert code == 1 and "已归档" in err
    led = ledger()
    got = led.applications.get(no)
    assert got["notes"] is None and got["voided_at"] is None
    led.close()


def test_the_service_refuses_a_category_change_reaching_another_archived_case(tmp_path):
    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.services.registration import RegistrationService
    from gongkai_desktop.storage.applications_repo import ActionError

    led = ledger()
    org = {"kind": "法人或其他组织", "category": "其他", "name": "某某研究院", "credit_code": "91350100M000100Y43",
           "contact": "李四", "phone": "13800000000"}
    cal, today = led.calendar.load(), date(2026, 2, 10)
    first, second = (led.applications.register(org, {"channel": "当面", "received": d, "content_title": "甲"},
                                                OrgProfile(), cal, today) for d in ("2026-01-05", "2026-01-06"))
    with led.db.atomic():
        led.archives.insert(led.applications.get(first)["id"], first, "Z017-2026-D10-0001", 2026, "10年", 1,
                            "2026-02-01")
    with pytest.raises(ActionError, match="已归档"):
        RegistrationService(led).edit(second, {"category": "科研机构"}, "类别登记错误", today)
    assert led.applications.get(second)["category"] == "其他"
    RegistrationService(led).edit(second, {"notes": "只改备注"}, "补充", today)  # other fields: only this case
    led.close()
