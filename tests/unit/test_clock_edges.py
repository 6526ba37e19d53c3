"""Clock edge cases (issue 23): pauses on the due day, late events, lapses, wording of the trail.

Calendar facts used (2026, bundled notice): received Mon 3/2 → 20th working day Mon 3/30; 清明 4/4–4/6 off.
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai_desktop.core.clock import ClockError, Event, Status, compute_clock
from gongkai_desktop.core.clock import EventKind as K

D = date.fromisoformat
RECEIVED = D("2026-03-02")  # due 2026-03-30 (Monday)


def clock(calendar, *events, today=None, received=RECEIVED, **kw):
    return compute_clock(received, list(events), calendar, today=D(today) if today else None, **kw)


# --- 条例第33条第3款: a pause that starts on the due day -----------------------------------------------
def test_consultation_sent_on_the_due_day_pauses_it(calendar):
    r = clock(calendar, Event(K.CONSULT_SENT, D("2026-03-30")), today="2026-04-01")
    assert r.due is None and r.status is Status.PAUSED  # not 已逾期 while the consultation is open
    assert r.used == 20 and r.remaining == 0
    assert "3月30日（周一）为第20个工作日，当日暂停计时，20个工作日已经用完；暂停结束之日即为答复期限" in r.trail[-1]


def test_after_a_due_day_pause_the_reply_is_due_on_the_day_the_answer_arrives(calendar):
    ev = [Event(K.CONSULT_SENT, D("2026-03-30")), Event(K.CONSULT_ANSWERED, D("2026-04-02"))]
    r = clock(calendar, *ev)
    assert r.due == D("2026-04-02")
    assert "4月2日（周四）收到意见（1），暂停结束（暂停开始当日已是第20个工作日）。" in r.trail
    assert r.trail[-1] == ("3月30日（周一）为第20个工作日，当日暂停计时，20个工作日已经用完；暂停至4月2日（周四）结束，"
                           "答复期限为当日：2026年4月2日（周四）。")
    replied = clock(calendar, *ev, Event(K.REPLIED, D("2026-04-02")))
    assert not replied.late_reply  # a reply on the day the answer arrives is on time
    assert clock(calendar, *ev, Event(K.REPLIED, D("2026-04-03"))).late_reply


def test_answer_on_a_rest_day_moves_the_due_date_to_the_next_working_day(calendar):
    ev = [Event(K.CONSULT_SENT, D("2026-03-30")), Event(K.CONSULT_ANSWERED, D("2026-04-04"))]  # 清明 4/4–4/6
    r = clock(calendar, *ev)
    assert r.due == D("2026-04-07")
    assert "当日不是工作日，答复期限顺延至2026年4月7日（周二）。" in r.trail[-1]


def test_a_pause_one_day_earlier_leaves_one_working_day(calendar):
    ev = [Event(K.CONSULT_SENT, D("2026-03-27")), Event(K.CONSULT_ANSWERED, D("2026-04-02"))]
    r = clock(calendar, *ev)
    assert r.due == D("2026-04-03")
    assert "4月2日（周四）收到意见（1），计时自4月3日（周五）起恢复。" in r.trail


def test_extension_during_a_due_day_pause_is_accepted(calendar):
    ev = [Event(K.CONSULT_SENT, D("2026-03-30")), Event(K.EXTENDED, D("2026-04-01"), days=5),
          Event(K.CONSULT_ANSWERED, D("2026-04-02"))]
    # 5 working days after 4/2: 4/3, (4/4–4/6 清明), 4/7, 4/8, 4/9, 4/10
    assert clock(calendar, *ev).due == D("2026-04-10")


def test_fee_notice_on_the_due_day_pauses_until_payment(calendar):
    r = clock(calendar, Event(K.FEE_NOTICE, D("2026-03-30")), Event(K.FEE_PAID, D("2026-04-08")))
    assert r.due == D("2026-04-08")
    assert "4月8日（周三）申请人缴纳费用，暂停结束（暂停开始当日已是第20个工作日）。" in r.trail


# --- late events -----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind,label", [(K.CONSULT_SENT, "发出征求意见"), (K.FEE_NOTICE, "发出收费通知")])
def test_consultation_or_fee_notice_after_the_due_date_is_refused(calendar, kind, label):
    with pytest.raises(ClockError, match=f"“{label}”须在答复期限2026年3月30日届满前（最迟当日）发出"):
        clock(calendar, Event(kind, D("2026-03-31")))


def test_stored_late_events_are_read_leniently_with_a_warning(calendar):
    r = clock(calendar, Event(K.CONSULT_SENT, D("2026-03-31")), lenient=True)
    assert r.due == D("2026-03-30")
    assert r.warnings and r.warnings[0].startswith("此前登记的事项不符合期限规则")


def test_correction_notice_after_the_due_date_keeps_the_lateness(calendar):
    """条例第30条: the notice belongs within 7 working days; sent after the period ran out it cannot restart it."""
    ev = [Event(K.CORRECTION_REQUESTED, D("2026-04-01"))]
    r = clock(calendar, *ev, today="2026-04-10")
    assert r.due == D("2026-03-30") and r.status is Status.OVERDUE
    assert len(r.warnings) == 1 and "补正不能使已届满的期限重新起算" in r.warnings[0]
    assert ("4月1日（周三）发出补正告知，补正期限至2026年4月23日；此时答复期限已经届满，"
            "补正告知不暂停也不重新计算答复期限。") in r.trail
    ev += [Event(K.CORRECTION_RECEIVED, D("2026-04-08")), Event(K.REPLIED, D("2026-04-15"))]
    r = clock(calendar, *ev)
    assert r.due == D("2026-03-30") and r.late_reply
    assert "4月8日（周三）收到补正后的申请；补正告知发出时答复期限已经届满，答复期限不重新计算，仍为2026年3月30日。" in r.trail


def test_correction_notice_on_the_due_day_still_restarts(calendar):
    ev = [Event(K.CORRECTION_REQUESTED, D("2026-03-30")), Event(K.CORRECTION_RECEIVED, D("2026-04-01"))]
    assert clock(calendar, *ev).start == D("2026-04-01")


def test_payment_after_the_payment_window_is_refused(calendar):
    """国办函〔2020〕109号: 逾期未缴纳的视为放弃申请. Window: 20 working days after 6/5 → 7/6."""
    notice = Event(K.FEE_NOTICE, D("2026-06-05"))
    with pytest.raises(ClockError, match="缴费期限2026年7月6日已经届满.*请登记“逾期未缴费”"):
        clock(calendar, notice, Event(K.FEE_PAID, D("2026-07-07")), received=D("2026-06-01"))
    assert clock(calendar, notice, Event(K.FEE_PAID, D("2026-07-06")), received=D("2026-06-01")).due is not None


def test_payment_window_counts_from_the_day_the_applicant_received_the_notice(calendar):
    notice = Event(K.FEE_NOTICE, D("2026-06-05"), received_by_party=D("2026-06-08"))
    r = clock(calendar, notice, Event(K.FEE_PAID, D("2026-07-07")), received=D("2026-06-01"))
    assert r.sub_deadlines["缴费期限"] == D("2026-07-07")


def test_fee_lapse_needs_an_unpaid_notice(calendar):
    ev = [Event(K.FEE_NOTICE, D("2026-06-05")), Event(K.FEE_PAID, D("2026-06-10")), Event(K.FEE_LAPSED, D("2026-07-08"))]
    with pytest.raises(ClockError, match="已登记过缴费"):
        clock(calendar, *ev, received=D("2026-06-01"))


# --- lapses the officer has not recorded -----------------------------------------------------------
def test_passed_correction_deadline_asks_for_the_lapse(calendar):
    r = clock(calendar, Event(K.CORRECTION_REQUESTED, D("2026-03-04"), until=D("2026-03-18")), today="2026-04-01")
    assert r.status is Status.PAUSED
    assert r.lapse_pending is K.CORRECTION_LAPSED and r.lapse_since == D("2026-03-18")
    assert r.lapse_prompt == "补正期限已于2026年3月18日届满，请核实后登记“逾期不补正”。"
    assert r.to_json()["lapse"] == "逾期不补正"
    assert clock(calendar, Event(K.CORRECTION_REQUESTED, D("2026-03-04"), until=D("2026-03-18")),
                 today="2026-03-18").lapse_pending is None


def test_passed_payment_window_asks_for_the_lapse(calendar):
    r = clock(calendar, Event(K.FEE_NOTICE, D("2026-06-05")), today="2026-07-07", received=D("2026-06-01"))
    assert r.lapse_pending is K.FEE_LAPSED and r.to_json()["lapse"] == "逾期未缴费"
    assert r.lapse_prompt == "缴费期限已于2026年7月6日届满，请核实后登记“逾期未缴费”。"


# --- trail wording and consultation matching -------------------------------------------------------
def test_resumption_names_the_first_counted_day(calendar):
    """Window 3/9 + 15 working days = 3/30; counting resumes on 3/31, not on 3/30."""
    late_answer = [Event(K.CONSULT_SENT, D("2026-03-09")), Event(K.CONSULT_ANSWERED, D("2026-04-02"))]
    r = clock(calendar, *late_answer)
    assert ("4月2日（周四）收到意见（1），已超过15个工作日的答复期（至2026年3月30日），暂停只算到该日，"
            "计时自3月31日（周二）起恢复。") in r.trail
    unanswered = clock(calendar, Event(K.CONSULT_SENT, D("2026-03-09")), today="2026-04-10")
    assert "征求意见（1）至2026年3月30日答复期满未收到意见，计时自3月31日（周二）起恢复。" in unanswered.trail
    assert not any("自3月30日起恢复" in line or "自该日起恢复" in line for line in r.trail + unanswered.trail)


def test_unnamed_answer_is_refused_when_several_named_consultations_are_open(calendar):
    sent = [Event(K.CONSULT_SENT, D("2026-03-09"), ref="第三方"), Event(K.CONSULT_SENT, D("2026-03-10"), ref="市局")]
    with pytest.raises(ClockError, match="有2项征求意见尚未答复（“第三方”、“市局”），请写明收到的是哪一项的意见"):
        clock(calendar, *sent, Event(K.CONSULT_ANSWERED, D("2026-03-12")))
    with pytest.raises(ClockError, match="没有名为“区局”的尚未答复的征求意见"):
        clock(calendar, *sent, Event(K.CONSULT_ANSWERED, D("2026-03-12"), ref="区局"))
    r = clock(calendar, *sent, Event(K.CONSULT_ANSWERED, D("2026-03-12"), ref="市局"), today="2026-03-13")
    assert list(r.waiting) == ["征求意见答复期限（第三方）"]


def test_single_open_consultation_may_be_answered_without_a_name(calendar):
    ev = [Event(K.CONSULT_SENT, D("2026-03-09"), ref="第三方"), Event(K.CONSULT_ANSWERED, D("2026-03-20"))]
    assert clock(calendar, *ev).due == D("2026-04-13")


# --- properties ------------------------------------------------------------------------------------
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
received_dates = st.dates(min_value=date(2019, 1, 2), max_value=date(2026, 9, 30))
pause_kinds = st.sampled_from([K.CONSULT_SENT, K.FEE_NOTICE])


@SETTINGS
@given(received=received_dates, back=st.integers(0, 3), length=st.integers(0, 30), kind=pause_kinds)
def test_a_pause_up_to_and_on_the_due_day_never_makes_the_due_date_earlier(calendar, received, back, length, kind):
    base = compute_clock(received, [], calendar).due
    start = calendar.subtract_workdays(base, back)  # back=0: the due day itself
    end = start + timedelta(days=length)
    closing = K.CONSULT_ANSWERED if kind is K.CONSULT_SENT else K.FEE_PAID
    try:
        r = compute_clock(received, [Event(kind, start), Event(closing, end)], calendar)
    except ClockError:
        assert kind is K.FEE_NOTICE  # only a payment after its 20-working-day window is refused
        return
    assert r.due is not None and r.due >= base
    pause_end = min(end, r.sub_deadlines[next(k for k in r.sub_deadlines if k.startswith(("征求", "缴费")))])
    assert r.due >= pause_end  # the reply is never due before the pause ends
    assert r.due == calendar.add_workdays(pause_end, back) if back else r.due == calendar.next_workday_on_or_after(
        pause_end)


late_kinds = st.sampled_from([K.CONSULT_SENT, K.FEE_NOTICE, K.CORRECTION_REQUESTED, K.EXTENDED, K.DELAY])


@SETTINGS
@given(received=received_dates, late_by=st.integers(1, 40), then=st.integers(0, 40), kind=late_kinds,
       follow=st.sampled_from([None, K.CONSULT_ANSWERED, K.FEE_PAID, K.CORRECTION_RECEIVED]))
def test_lateness_is_never_hidden(calendar, received, late_by, then, kind, follow):
    """Whatever is recorded after the due date, a reply after that due date stays late (or is refused)."""
    base = compute_clock(received, [], calendar).due
    late_day = base + timedelta(days=late_by)
    events = [Event(kind, late_day, days=5 if kind in (K.EXTENDED, K.DELAY) else None)]
    if follow is not None:
        events.append(Event(follow, late_day + timedelta(days=then)))
    events.append(Event(K.REPLIED, late_day + timedelta(days=then + 1)))
    try:
        r = compute_clock(received, events, calendar)
    except ClockError:
        return
    assert r.due == base and r.late_reply


event_kinds = st.sampled_from([k for k in K if k is not K.WITHDRAWN])


@SETTINGS
@given(
    received=received_dates,
    steps=st.lists(st.tuples(event_kinds, st.integers(0, 60), st.integers(1, 20)), max_size=6),
    on_due=pause_kinds,
    answer_after=st.integers(0, 20),
)
def test_random_sequences_with_a_pause_on_the_due_day(calendar, received, steps, on_due, answer_after):
    """Random histories, then a pause sent on the current due day: accepted, never refused as late, and never
    moves the due date earlier; once the pause ends the reply is due no earlier than that day."""
    events = [Event(kind, received + timedelta(days=off), days=n) for kind, off, n in steps]
    try:
        before = compute_clock(received, events, calendar)
    except ClockError:
        return
    if before.due is None or before.closed_on is not None:
        return
    if any(e.kind in (K.CONSULT_SENT, K.FEE_NOTICE) for e in events):
        return  # one pause kind at a time keeps the expectation simple
    if any(e.day > before.due for e in events):
        return
    paused = compute_clock(received, [*events, Event(on_due, before.due)], calendar, today=before.due)
    assert paused.due is None and paused.status is Status.PAUSED and paused.remaining == 0
    closing = K.CONSULT_ANSWERED if on_due is K.CONSULT_SENT else K.FEE_PAID
    end = before.due + timedelta(days=answer_after)
    after = compute_clock(received, [*events, Event(on_due, before.due), Event(closing, end)], calendar)
    assert after.due is not None and after.due >= before.due
    # a pause ends with the answer, or at the end of its window when the answer comes later (条例第32条:
    # 逾期未提出意见的, the agency decides): the due date is never before the earlier of the two
    window = after.sub_deadlines.get("缴费期限", after.sub_deadlines.get("征求意见答复期限（1）", end))
    assert after.due >= min(end, window)
