"""The statutory reply clock: hand-checked cases for every event type, validation, and properties."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai_desktop.core.clock import ClockError, ClockRules, Event, Status, compute_clock
from gongkai_desktop.core.clock import EventKind as K

D = date.fromisoformat


def due(calendar, received, *events, today=None, rules=None):
    return compute_clock(D(received), list(events), calendar, today=D(today) if today else None, rules=rules).due


def test_plain_20_working_days_with_national_day_and_makeup_saturday(calendar):
    r = compute_clock(D("2026-09-24"), [], calendar, today=D("2026-10-09"))
    assert r.due == D("2026-10-29")
    text = "\n".join(r.trail)
    assert "9月24日（周四）收到申请" in text
    assert "第1个工作日：9月28日（周一）" in text
    assert "10月1日至10月7日国庆节放假，不计入" in text
    assert "10月10日（周六）调休上班，计入（第6个工作日）" in text
    assert text.splitlines()[-1].startswith("第20个工作日：2026年10月29日")
    assert r.status is Status.NORMAL
    assert not r.provisional


def test_domain_example_across_spring_festival(calendar):
    assert due(calendar, "2026-01-30") == D("2026-03-05")


def test_correction_notice_sub_deadline(calendar):
    r = compute_clock(D("2026-02-10"), [], calendar)
    assert r.sub_deadlines["补正告知期限"] == D("2026-02-26")


def test_design_example_consultation_pause(calendar):
    # used 5 (3/3–3/9); resume after 3/20; 15 more → 4/13 (4/6 清明 skipped)
    ev = [Event(K.CONSULT_SENT, D("2026-03-09")), Event(K.CONSULT_ANSWERED, D("2026-03-20"))]
    r = compute_clock(D("2026-03-02"), ev, calendar, today=D("2026-03-25"))
    assert r.due == D("2026-04-13")
    assert r.sub_deadlines["征求意见答复期限（1）"] == D("2026-03-30")


def test_open_consultation_pauses_the_clock(calendar):
    r = compute_clock(D("2026-03-02"), [Event(K.CONSULT_SENT, D("2026-03-09"))], calendar, today=D("2026-03-25"))
    assert r.due is None
    assert r.status is Status.PAUSED
    assert r.used == 5 and r.remaining == 15
    assert r.waiting == {"征求意见答复期限（1）": D("2026-03-30")}


def test_unanswered_consultation_resumes_at_end_of_15_day_window(calendar):
    # window: 15 working days after 3/9 → 3/30; 15 remaining after 3/30 → 4/21
    r = compute_clock(D("2026-03-02"), [Event(K.CONSULT_SENT, D("2026-03-09"))], calendar, today=D("2026-04-10"))
    assert r.due == D("2026-04-21")
    late = [Event(K.CONSULT_SENT, D("2026-03-09")), Event(K.CONSULT_ANSWERED, D("2026-04-02"))]
    assert due(calendar, "2026-03-02", *late) == D("2026-04-21")


def test_window_counts_from_the_day_the_party_received_the_letter(calendar):
    ev = Event(K.CONSULT_SENT, D("2026-03-09"), received_by_party=D("2026-03-11"))
    r = compute_clock(D("2026-03-02"), [ev], calendar)
    assert r.sub_deadlines["征求意见答复期限（1）"] == D("2026-04-01")


def test_overlapping_consultations_count_paused_time_once(calendar):
    ev = [
        Event(K.CONSULT_SENT, D("2026-03-09"), ref="第三方"),
        Event(K.CONSULT_SENT, D("2026-03-11"), ref="共同制作机关"),
        Event(K.CONSULT_ANSWERED, D("2026-03-13"), ref="第三方"),
        Event(K.CONSULT_ANSWERED, D("2026-03-20"), ref="共同制作机关"),
    ]
    assert due(calendar, "2026-03-02", *ev) == D("2026-04-13")


def test_correction_restarts_the_clock(calendar):
    ev = [Event(K.CORRECTION_REQUESTED, D("2026-03-04")), Event(K.CORRECTION_RECEIVED, D("2026-03-16"))]
    r = compute_clock(D("2026-03-02"), ev, calendar)
    assert r.due == D("2026-04-14")
    assert r.start == D("2026-03-16")
    assert any("重新计算" in line for line in r.trail)


def test_awaiting_correction_is_paused_with_a_correction_deadline(calendar):
    ev = [Event(K.CORRECTION_REQUESTED, D("2026-03-04"), until=D("2026-03-18"))]
    r = compute_clock(D("2026-03-02"), ev, calendar, today=D("2026-03-10"))
    assert r.status is Status.PAUSED and r.due is None
    assert r.sub_deadlines["补正期限"] == D("2026-03-18")
    assert r.waiting == {"补正期限": D("2026-03-18")}


def test_default_correction_period_is_15_working_days(calendar):
    r = compute_clock(D("2026-03-02"), [Event(K.CORRECTION_REQUESTED, D("2026-03-04"))], calendar)
    assert r.sub_deadlines["补正期限"] == D("2026-03-25")


def test_correction_lapse_closes_only_after_the_deadline(calendar):
    req = Event(K.CORRECTION_REQUESTED, D("2026-03-04"), until=D("2026-03-18"))
    with pytest.raises(ClockError, match="尚未届满"):
        compute_clock(D("2026-03-02"), [req, Event(K.CORRECTION_LAPSED, D("2026-03-18"))], calendar)
    r = compute_clock(D("2026-03-02"), [req, Event(K.CORRECTION_LAPSED, D("2026-03-19"))], calendar)
    assert r.status is Status.CLOSED and r.closing_kind is K.CORRECTION_LAPSED


def test_late_correction_notice_is_warned_not_refused(calendar):
    # 7th working day after 3/2 is 3/11
    r = compute_clock(D("2026-03-02"), [Event(K.CORRECTION_REQUESTED, D("2026-03-12"))], calendar)
    assert r.warnings and "7个工作日" in r.warnings[0]


def test_extension_adds_up_to_20_working_days(calendar):
    assert due(calendar, "2026-03-02") == D("2026-03-30")
    assert due(calendar, "2026-03-02", Event(K.EXTENDED, D("2026-03-27"), days=20)) == D("2026-04-28")
    assert due(calendar, "2026-03-02", Event(K.EXTENDED, D("2026-03-30"), days=5)) == D("2026-04-07")


@pytest.mark.parametrize(
    "events,message",
    [
        ([Event(K.EXTENDED, D("2026-03-31"), days=10)], "届满前"),
        ([Event(K.EXTENDED, D("2026-03-20"), days=21)], "不得超过20"),
        ([Event(K.EXTENDED, D("2026-03-10"), days=5), Event(K.EXTENDED, D("2026-03-11"), days=5)], "只能一次"),
        ([Event(K.EXTENDED, D("2026-03-10"), days=0)], "至少1个"),
        ([Event(K.CORRECTION_REQUESTED, D("2026-03-03")), Event(K.CORRECTION_REQUESTED, D("2026-03-04"))], "一次"),
        ([Event(K.CORRECTION_RECEIVED, D("2026-03-04"))], "尚未发出补正告知"),
        ([Event(K.CONSULT_ANSWERED, D("2026-03-04"))], "没有尚未答复的征求意见"),
        ([Event(K.FEE_PAID, D("2026-03-04"))], "尚未发出收费通知"),
        ([Event(K.REPLIED, D("2026-02-27"))], "早于收到申请"),
        ([Event(K.REPLIED, D("2026-03-05")), Event(K.CONSULT_SENT, D("2026-03-06"))], "已于"),
    ],
)
def test_invalid_sequences_are_refused_in_chinese(calendar, events, message):
    with pytest.raises(ClockError, match=message):
        compute_clock(D("2026-03-02"), events, calendar)


def test_future_events_are_refused_except_in_what_if_mode(calendar):
    ev = [Event(K.REPLIED, D("2026-03-10"))]
    with pytest.raises(ClockError, match="晚于今天"):
        compute_clock(D("2026-03-02"), ev, calendar, today=D("2026-03-09"))
    assert compute_clock(D("2026-03-02"), ev, calendar, today=D("2026-03-09"), allow_future=True).closed_on


def test_delay_under_article_35(calendar):
    assert due(calendar, "2026-03-02", Event(K.DELAY, D("2026-03-20"), days=10)) == D("2026-04-14")


def test_fee_notice_pauses_until_payment(calendar):
    ev = [Event(K.FEE_NOTICE, D("2026-06-05")), Event(K.FEE_PAID, D("2026-06-15"))]
    r = compute_clock(D("2026-06-01"), ev, calendar)
    assert r.due == D("2026-07-08")
    assert r.sub_deadlines["缴费期限"] == D("2026-07-06")


def test_fee_pause_can_be_switched_off(calendar):
    ev = [Event(K.FEE_NOTICE, D("2026-06-05")), Event(K.FEE_PAID, D("2026-06-15"))]
    rules = ClockRules(fee_pauses_clock=False)
    assert due(calendar, "2026-06-01", *ev, rules=rules) == due(calendar, "2026-06-01")


def test_fee_lapse_closes_after_the_payment_window(calendar):
    ev = [Event(K.FEE_NOTICE, D("2026-06-05")), Event(K.FEE_LAPSED, D("2026-07-07"))]
    r = compute_clock(D("2026-06-01"), ev, calendar)
    assert r.closing_kind is K.FEE_LAPSED
    with pytest.raises(ClockError):
        compute_clock(D("2026-06-01"), [ev[0], Event(K.FEE_LAPSED, D("2026-07-06"))], calendar)


def test_status_due_soon_overdue_and_closed(calendar):
    # due 3/30
    assert compute_clock(D("2026-03-02"), [], calendar, today=D("2026-03-10")).status is Status.NORMAL
    assert compute_clock(D("2026-03-02"), [], calendar, today=D("2026-03-24")).status is Status.DUE_SOON
    assert compute_clock(D("2026-03-02"), [], calendar, today=D("2026-03-31")).status is Status.OVERDUE
    r = compute_clock(D("2026-03-02"), [Event(K.REPLIED, D("2026-03-31"))], calendar, today=D("2026-04-01"))
    assert r.status is Status.CLOSED and r.late_reply


def test_same_day_reply(calendar):
    r = compute_clock(D("2026-03-02"), [Event(K.REPLIED, D("2026-03-02"))], calendar)
    assert r.status is Status.CLOSED
    assert any("当场答复" in line for line in r.trail)


def test_deadline_reaching_an_unknown_year_is_provisional(calendar):
    r = compute_clock(D("2026-12-10"), [], calendar)
    assert r.provisional and r.unknown_years == [2027]
    assert "2027年尚无国务院节假日安排" in r.trail[-1]
    assert r.to_json()["provisional"] is True


# --- properties -----------------------------------------------------------------------------------
dates = st.dates(min_value=date(2019, 1, 2), max_value=date(2026, 10, 1))
offsets = st.integers(min_value=0, max_value=40)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(received=dates, a=offsets, b=offsets)
def test_a_consultation_never_makes_the_due_date_earlier(calendar, received, a, b):
    sent = received + timedelta(days=a)
    answered = sent + timedelta(days=b)
    base = due(calendar, received.isoformat())
    try:
        with_pause = compute_clock(
            received, [Event(K.CONSULT_SENT, sent), Event(K.CONSULT_ANSWERED, answered)], calendar
        ).due
    except ClockError:
        return
    assert with_pause is not None and with_pause >= base


@SETTINGS
@given(received=dates, a=offsets, n=st.integers(min_value=1, max_value=20))
def test_an_extension_never_makes_the_due_date_earlier(calendar, received, a, n):
    base = due(calendar, received.isoformat())
    decided = received + timedelta(days=a)
    assume(decided <= base)
    extended = compute_clock(received, [Event(K.EXTENDED, decided, days=n)], calendar).due
    assert extended > base


@SETTINGS
@given(received=dates, a=st.integers(min_value=0, max_value=10), b=st.integers(min_value=0, max_value=60))
def test_restart_equals_a_fresh_clock_from_the_correction_date(calendar, received, a, b):
    requested = received + timedelta(days=a)
    got = requested + timedelta(days=b)
    restarted = compute_clock(
        received, [Event(K.CORRECTION_REQUESTED, requested), Event(K.CORRECTION_RECEIVED, got)], calendar
    ).due
    assert restarted == compute_clock(got, [], calendar).due


event_kinds = st.sampled_from(list(K))


@SETTINGS
@given(
    received=dates,
    steps=st.lists(
        st.tuples(event_kinds, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=25)),
        max_size=7,
    ),
)
def test_random_event_sequences_never_crash_and_pauses_never_shorten(calendar, received, steps):
    events = [Event(kind, received + timedelta(days=off), days=n) for kind, off, n in steps]
    try:
        r = compute_clock(received, events, calendar, today=date(2026, 11, 22))
    except ClockError:
        return
    if r.due is not None and r.start == received:
        assert r.due >= compute_clock(received, [], calendar).due
