"""An application without an ID number (issue 28): registered, flagged 缺身份证明, a 补正 for the 身份证明 suggested
until the 补正告知 is recorded; a wrong ID number is still refused. The CLI does the same as the window."""

import json

import pytest

from gongkai_desktop.core.registration import (
    MISSING_ID_FLAG,
    identity_reminder,
    missing_identity,
    registration_flags,
    validate_applicant,
)

from ..conftest import run_cli as run

T = ("--today", "2026-11-20")
pytestmark = pytest.mark.usefixtures("cli_ledger")  # each test on its own CLI ledger
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "", "phone": "13800000000"}


def test_a_missing_id_is_allowed_only_when_asked_and_a_wrong_one_never():
    assert "id_number" in validate_applicant(PERSON)
    assert validate_applicant(PERSON, allow_missing_id=True) == {}
    wrong = {**PERSON, "id_number": "110105194912310021"}  # check digit should be X
    assert "校验位" in validate_applicant(wrong, allow_missing_id=True)["id_number"]
    org = {"kind": "法人或其他组织", "name": "某公司", "category": "商业企业", "credit_code": "", "phone": "13800000000"}
    assert "credit_code" in validate_applicant(org) and validate_applicant(org, allow_missing_id=True) == {}
    assert missing_identity(PERSON) and missing_identity(org)
    assert not missing_identity({**PERSON, "id_number": "11010519491231002X"})


def test_the_flag_and_the_suggested_correction():
    app = {"applicant_kind": "自然人", "id_number": None, "credit_code": None, "state": "open"}
    assert registration_flags(app) == [MISSING_ID_FLAG]
    assert "补正告知书" in identity_reminder(app, correction_sent=False)
    assert identity_reminder(app, correction_sent=True) == f"{MISSING_ID_FLAG}。"
    assert identity_reminder({**app, "state": "closed"}, correction_sent=False) == f"{MISSING_ID_FLAG}。"
    assert identity_reminder({**app, "id_number": "11010519491231002X"}, correction_sent=False) is None


def test_cli_registers_without_an_id_flagged_and_suggests_the_correction(capsys):
    code, out, err = run(capsys, "apps", "add", "--received", "2026-11-02", "--channel", "当面", "--applicant-type",
                         "自然人", "--name", "王伟", "--phone", "13800000000", "--content", "某河道采砂许可审批材料",
                         "--json", *T)
    assert code == 0, err
    added = json.loads(out)
    assert added["flags"] == [MISSING_ID_FLAG]
    assert f"已标注“{MISSING_ID_FLAG}”" in err and "correction-requested" in err
    code, out, err = run(capsys, "apps", "show", added["no"], *T)
    assert code == 0, err
    assert f"标注：{MISSING_ID_FLAG}：" in out and "补正告知书" in out
    code, _, err = run(capsys, "apps", "event", added["no"], "correction-requested", "--date", "2026-11-04",
                       "--note", "身份证明", *T)
    assert code == 0, err
    code, out, _ = run(capsys, "apps", "show", added["no"], *T)
    assert f"标注：{MISSING_ID_FLAG}。" in out  # the 补正 was sent: the flag stays, the suggestion goes
    code, out, _ = run(capsys, "apps", "show", added["no"], "--json", *T)
    assert json.loads(out)["flags"] == [MISSING_ID_FLAG]


def test_cli_still_refuses_a_wrong_check_digit(capsys):
    code, _, err = run(capsys, "apps", "add", "--received", "2026-11-02", "--channel", "当面", "--applicant-type",
                       "自然人", "--name", "王伟", "--id-number", "110105194912310021", "--phone", "13800000000",
                       "--content", "某河道采砂许可审批材料", *T)
    assert code == 1 and "校验位" in err


def test_the_id_supplied_with_the_correction_is_recorded_and_the_flag_goes(capsys):
    code, out, err = run(capsys, "apps", "add", "--received", "2026-11-02", "--channel", "当面", "--applicant-type",
                         "自然人", "--name", "王伟", "--phone", "13800000000", "--content", "某河道采砂许可审批材料",
                         "--json", *T)
    no = json.loads(out)["no"]
    code, _, err = run(capsys, "apps", "edit", no, "--id-number", "110105194912310021", "--reason", "补正身份证明", *T)
    assert code == 1 and "校验位" in err  # still checked like registration
    code, out, err = run(capsys, "apps", "edit", no, "--id-number", "11010519491231002x", "--reason", "补正身份证明", *T)
    assert code == 0, err
    assert "证件号码：（空） → 11010519491231002X" in out
    code, out, _ = run(capsys, "apps", "show", no, "--json", *T)
    assert json.loads(out)["flags"] == []
    code, out, err = run(capsys, "apps", "add", "--received", "2026-11-03", "--channel", "当面", "--applicant-type",
                         "自然人", "--name", "李娜", "--phone", "13900000000", "--content", "某项目批复", "--json", *T)
    other = json.loads(out)["no"]
    code, _, err = run(capsys, "apps", "edit", other, "--id-number", "11010519491231002X", "--reason", "补正", *T)
    assert code == 1 and "已登记为另一申请人“王伟”" in err
