"""Issue 28 (minor, 补正 dialog): the step table's date rules for 补正 and 延期 (条例第30条、第33条第2款).

Hand-checked on the 2026 calendar (no holiday in November): received Mon 2 Nov 2026; the 补正告知 is due within
7 working days, i.e. by Wed 11 Nov; a 补正告知 sent Thu 5 Nov with no 补正期限 gets the default 15 working days:
6, 9–13, 16–20, 23–26 Nov → Thu 26 Nov."""

from datetime import date

import pytest

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.core.steps import STEP_BY_SLUG, default_correction_until, save_warnings
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


def choice(service, no, slug, today):
    return next(c for c in service.view(no, today).choices if c.step.slug == slug)


def test_default_correction_period_matches_the_clock(case, ledger):
    service, no = case
    assert default_correction_until(D("2026-11-05"), ledger.calendar.load(), ledger.rules) == D("2026-11-26")
    service.record(no, "correction-requested", {"day": D("2026-11-05"), "note": "身份证明复印件"}, TODAY)
    assert service.view(no, TODAY).clock.sub_deadlines["补正期限"] == D("2026-11-26")


def test_correction_lapsed_is_offered_only_after_the_correction_period(case):
    """条例第30条: 逾期不补正 is the applicant's failure to correct within the period — not before it ends."""
    service, no = case
    service.record(no, "correction-requested", {"day": D("2026-11-05"), "note": "身份证明复印件"}, TODAY)
    before = choice(service, no, "correction-lapsed", TODAY)
    assert not before.possible and "2026年11月26日" in before.reason and "条例第30条" in before.reason
    assert not choice(service, no, "correction-lapsed", D("2026-11-26")).possible  # the last day still counts
    assert choice(service, no, "correction-lapsed", D("2026-11-27")).possible
    assert choice(service, no, "correction-received", TODAY).possible


def test_extension_is_offered_once_only(case):
    """条例第33条第2款: 延长答复期限 once, by at most 20 working days."""
    service, no = case
    assert choice(service, no, "extended", TODAY).possible
    service.record(no, "extended", {"day": D("2026-11-18"), "days": 10, "approver": "李明", "note": "需调档"},
                   TODAY)
    after = choice(service, no, "extended", TODAY)
    assert not after.possible and "只能一次" in after.reason and "第33条第2款" in after.reason


def test_a_late_correction_notice_warns_before_saving(case):
    """条例第30条: 补正 must be notified within 7 working days of receipt (by 11 Nov here)."""
    service, no = case
    step = STEP_BY_SLUG["correction-requested"]
    state = service.view(no, TODAY).state
    assert state.correction_notice_due == D("2026-11-11")
    assert save_warnings(step, {"day": D("2026-11-11")}, state) == []
    late = save_warnings(step, {"day": D("2026-11-12")}, state)
    assert len(late) == 1 and "条例第30条" in late[0] and "2026年11月11日" in late[0] and "2026年11月12日" in late[0]
    assert save_warnings(STEP_BY_SLUG["extended"], {"day": D("2026-11-12")}, state) == []
