"""Identity-number check digits, masking, channels and the 表三 outcome taxonomy."""

import pytest

from gongkai_desktop.core.applications import (
    CATEGORIES,
    CHANNEL_BY_NAME,
    OUTCOMES,
    mask_id,
    mask_phone,
    outcome_name,
    validate_credit_code,
    validate_resident_id,
)


def test_resident_id_check_digit():
    assert validate_resident_id("11010519491231002X") is None
    assert validate_resident_id("11010519491231002x") is None
    assert "校验位" in validate_resident_id("110105194912310021")
    assert "18位" in validate_resident_id("1101051949123100")
    assert "出生日期" in validate_resident_id("110105194902300020")


def test_credit_code_check_char():
    assert validate_credit_code("91350100M000100Y43") is None
    assert "校验位" in validate_credit_code("91350100M000100Y44")
    assert "不允许的字符" in validate_credit_code("91350100M000100O43")


def test_masking():
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_id(None) == "" and mask_phone("") == ""


def test_outcome_taxonomy_has_the_21_report_cells_in_official_order():
    assert len(OUTCOMES) == 21
    assert [o.code for o in OUTCOMES][:3] == ["1", "2", "3.1"]
    assert OUTCOMES[-2].label == "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert outcome_name("3.1") == "不予公开·属于国家秘密" and outcome_name("1") == "予以公开"
    assert CATEGORIES == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


@pytest.mark.parametrize("channel,label", [("当面", "提交日期"), ("邮寄", "签收日期"), ("互联网", "双方确认日期"),
                                           ("传真", "双方确认日期"), ("平常信函", "确认日期")])
def test_receipt_date_rule_by_channel(channel, label):
    assert CHANNEL_BY_NAME[channel].date_label == label
    assert "第31条" in CHANNEL_BY_NAME[channel].rule
