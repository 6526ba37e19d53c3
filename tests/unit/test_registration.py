"""Registration validation, applicant normalisation and the 重复申请 check."""

from datetime import date

from gongkai_desktop.core.registration import (
    normalise_applicant,
    similar_requests,
    similarity,
    validate_applicant,
    validate_application,
)

TODAY = date(2026, 11, 22)
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X", "phone": "0931-8123456"}
ORG = {"kind": "法人或其他组织", "name": "某律师事务所", "category": "法律服务机构",
       "credit_code": "91350100M000100Y43", "address": "某市某路1号"}


def test_valid_person_and_org_have_no_errors():
    assert validate_applicant(PERSON) == {}
    assert validate_applicant(ORG) == {}


def test_person_errors_are_per_field_and_chinese():
    errors = validate_applicant({**PERSON, "name": " ", "id_number": "110105194912310021", "postcode": "7300"})
    assert errors["name"] == "请填写申请人姓名。"
    assert "校验位" in errors["id_number"]
    assert errors["postcode"] == "邮政编码应为6位数字。"


def test_other_id_types_are_not_checked_as_resident_ids():
    assert validate_applicant({**PERSON, "id_type": "护照", "id_number": "E12345678"}) == {}


def test_contact_is_required():
    errors = validate_applicant({**PERSON, "phone": ""})
    assert "联系方式" in errors["phone"]


def test_org_needs_category_and_valid_credit_code():
    errors = validate_applicant({**ORG, "category": "自然人", "credit_code": "91350100M000100Y44"})
    assert "类别" in errors["category"]
    assert "校验位" in errors["credit_code"]


def test_application_dates_follow_the_channel_label():
    errors = validate_application({"channel": "邮寄", "received": "2026-12-01", "content_title": "x"}, TODAY)
    assert errors == {"received": "签收日期不能晚于今天。"}
    errors = validate_application({"channel": "互联网", "received": "", "content_title": ""}, TODAY)
    assert errors["received"] == "请填写双方确认日期（年-月-日）。"
    assert "content_title" in errors


def test_normalise_person_forces_category_and_upper_case():
    out = normalise_applicant({**PERSON, "id_number": "11010519491231002x", "category": "商业企业", "name": " 王伟 "})
    assert out["category"] == "自然人"
    assert out["id_number"] == "11010519491231002X"
    assert out["name"] == "王伟"


def test_similar_requests_flags_rewordings_not_other_topics():
    previous = [
        {"no": "2026-0001", "content_title": "2025年度部门预算、决算及“三公”经费支出情况", "received": "2026-03-02"},
        {"no": "2026-0002", "content_title": "城关路拓宽改造工程房屋征收补偿安置方案", "received": "2026-04-02"},
    ]
    hits = similar_requests("2025年度部门决算及三公经费支出情况", previous)
    assert [h.no for h in hits] == ["2026-0001"]
    assert similarity("征收补偿安置方案", "城关路拓宽改造工程房屋征收补偿安置方案") == 1.0
    assert similar_requests("河道采砂许可证发放情况", previous) == []
