"""Items inside an application, the same information across applicants and 转主动 (domain.md §2.3, §8.6)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai_desktop.core.annual_report import AppRecord, check_section3, compute_section3
from gongkai_desktop.core.items import (
    ITEM_OUTCOMES,
    ItemError,
    check_decision,
    derive_outcome,
    document_numbers,
    inconsistent_with,
    join_items,
    proactive_groups,
    rank_similar,
    split_items,
)
from gongkai_desktop.core.rules import RULE_BY_KEY, CaseRules


# --- 表三 cell from items: the documented rule (core/items.py docstring) ------------------------------------
def test_three_items_disclosed_not_held_withheld_count_as_partly_disclosed():
    # 表三 note: 部分公开（区分处理的，只计这一情形，不计其他情形）
    assert derive_outcome(["1", "4.1", "3.4"]) == "2"


def test_all_items_alike_count_as_that_outcome():
    assert derive_outcome(["4.1", "4.1"]) == "4.1"
    assert derive_outcome(["1"]) == "1"


def test_no_finding_yet_gives_no_cell():
    assert derive_outcome([]) is None
    assert derive_outcome([None, None]) is None


def test_nothing_disclosed_counts_under_the_first_row():
    assert derive_outcome(["4.1", "3.6"]) == "3.6"
    assert derive_outcome(["5.2", "4.2"]) == "4.2"


def test_disclosed_and_partly_disclosed_items_count_as_partly_disclosed():
    assert derive_outcome(["1", "2"]) == "2"


def test_closing_outcomes_are_not_item_findings():
    with pytest.raises(ItemError, match="整件申请"):
        derive_outcome(["6.1"])


@given(st.lists(st.lists(st.sampled_from(ITEM_OUTCOMES), min_size=1, max_size=5), min_size=1, max_size=30),
       st.lists(st.sampled_from(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]),
                min_size=30, max_size=30))
@settings(max_examples=200, deadline=None)
def test_derived_cells_reconcile_and_count_each_application_once(apps, categories):
    records = [AppRecord(f"2024-{i:04d}", categories[i], "2024-03-01", "2024-03-20", derive_outcome(items))
               for i, items in enumerate(apps)]
    s = compute_section3(records, 2024)
    assert all(c.ok for c in check_section3(s)), [c.detail for c in check_section3(s) if not c.ok]
    assert s.values["total"][-1] == len(apps)
    mixed = sum(1 for items in apps
                if any(c[0] in "12" for c in items) and (any(c[0] not in "12" for c in items) or "2" in items))
    assert s.values["2"][-1] == mixed


@given(st.lists(st.sampled_from(ITEM_OUTCOMES), min_size=1, max_size=6))
def test_derived_cell_is_one_of_the_items_or_partly_disclosed(items):
    assert derive_outcome(items) in set(items) | {"2"}


# --- joined column for legacy ledgers -------------------------------------------------------------------
def test_split_and_join_items():
    assert split_items("1.2023年预算；2.采购合同；3.会议纪要") == ["2023年预算", "采购合同", "会议纪要"]
    assert split_items("关于2023年预算的说明") == ["关于2023年预算的说明"]
    assert join_items(["2023年预算", "采购合同"]) == "1.2023年预算；2.采购合同"
    assert split_items(join_items(["甲", "乙", "丙"])) == ["甲", "乙", "丙"]


@given(st.lists(st.text(alphabet="预算采购合同会议纪要年号〔〕 0123456789", min_size=1, max_size=12)
                .map(str.strip).filter(bool), min_size=2, max_size=5))
def test_joined_items_split_back(texts):
    assert split_items(join_items(texts)) == [t.rstrip("；;。") for t in texts]


# --- the same information across applicants ------------------------------------------------------------
def test_document_numbers_normalise_brackets():
    assert document_numbers("请公开沪府发[2021]3号文件") == {"沪府发〔2021〕3号"}
    assert document_numbers("杨府办（2022）05号") == {"杨府办〔2022〕5号"}


def test_same_document_number_is_the_same_information():
    earlier = [{"no": "2024-0001", "applicant": "王某", "content_title": "沪府发〔2021〕3号全文", "outcome": "1"},
               {"no": "2024-0002", "applicant": "李某", "content_title": "某小区拆迁补偿方案", "outcome": "4.1"}]
    found = rank_similar("请提供沪府发[2021]3号文件", earlier)
    assert [e.no for e in found] == ["2024-0001"] and found[0].same_document


def test_different_outcome_for_the_same_information_is_flagged():
    earlier = rank_similar("某区2023年财政预算报告", [
        {"no": "2024-0001", "applicant": "王某", "content_title": "某区2023年财政预算报告", "outcome": "1"}])
    assert inconsistent_with("4.1", earlier).no == "2024-0001"
    assert inconsistent_with("1", earlier) is None


# --- 转主动 ----------------------------------------------------------------------------------------------
def test_proactive_rule_default_and_source():
    assert CaseRules().proactive_min_applicants == 3
    assert "上海杨浦区市场监管局2022年" in RULE_BY_KEY["proactive_min_applicants"].source


def test_proactive_groups_count_applicants_not_requests():
    rows = [{"no": "1", "applicant_id": 1, "content_title": "沪府发〔2021〕3号"},
            {"no": "2", "applicant_id": 1, "content_title": "沪府发[2021]3号文件"},
            {"no": "3", "applicant_id": 2, "content_title": "沪府发（2021）3号"},
            {"no": "4", "applicant_id": 3, "content_title": "某区2023年预算"}]
    assert proactive_groups(rows, 3) == []
    rows.append({"no": "5", "applicant_id": 4, "content_title": "请公开沪府发〔2021〕3号"})
    (g,) = proactive_groups(rows, 3)
    assert g.applicants == 3 and g.nos == ("1", "2", "3", "5")


def test_decision_needs_where_published():
    assert check_decision("转为主动公开", "多人申请", "2024-12-01", "张三", "", "")
    assert not check_decision("转为主动公开", "多人申请", "2024-12-01", "张三", "政府信息公开/法定主动公开内容", "")
    assert check_decision("再议", "", "", "", "", "")


def test_report_narrative_uses_the_proactive_count():
    from gongkai_desktop.core.annual_report import ROW_KEYS, empty_section2
    from gongkai_desktop.core.report_text import Figures, draft_section1, field_value, render

    f = Figures(2026, "某局", {k: [0] * 7 for k in ROW_KEYS}, empty_section2(2026), [0] * 15, proactive=2)
    assert field_value("转主动.件数", f) == "2"
    assert "将2项多名申请人申请的政府信息转为主动公开" in render(draft_section1(f), f)
    f.proactive = 0
    assert "转为主动公开" not in render(draft_section1(f), f)
