"""`gongkai workdays`, `gongkai clock`, `gongkai calendar`: working days, the deadline calculator, holidays."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..core.clock import Event, EventKind, compute_clock
from ..core.holiday_notice import parse_notice
from ..core.workdays import cn_date, plan_merge, source_title, weekday_name
from ..documents.text import read_text
from ..storage.applications_repo import DueChange
from .common import (
    EXIT_OK,
    Context,
    UsageError,
    parse_date,
    print_json,
    warn_unknown,
)


def cmd_workdays_add(ctx: Context) -> int:
    cal = ctx.calendar()
    if ctx.args.n < 0:
        raise UsageError("工作日数不能为负数。")
    result = cal.add_workdays(ctx.args.date, ctx.args.n)
    print(result.isoformat())
    return warn_unknown(cal.unknown_years_between(ctx.args.date, result))


def cmd_workdays_count(ctx: Context) -> int:
    cal = ctx.calendar()
    a, b = ctx.args.a, ctx.args.b
    print(cal.count_workdays(a, b))
    return warn_unknown(cal.unknown_years_between(a, b))


PARTY_KINDS = (EventKind.CONSULT_SENT, EventKind.FEE_NOTICE)


def parse_event(spec: str) -> Event:
    """KIND=DATE[:N|:DATE|:NAME][@DATE] as in design.md §4.

    `@DATE` after a 征求意见 or 收费通知 is the day the other party (the third party, the other agency, the
    applicant) received the letter: their 15- or 20-working-day window counts from it."""
    if "=" not in spec:
        raise UsageError(f"事项“{spec}”应写成 类型=日期，例如 consult-sent=2026-03-09")
    kind_text, value = spec.split("=", 1)
    try:
        kind = EventKind(kind_text.strip())
    except ValueError:
        kinds = "、".join(k.value for k in EventKind)
        raise UsageError(f"未知事项类型“{kind_text}”。可用：{kinds}") from None
    received_by_party = None
    if "@" in value:
        value, _, party_text = value.rpartition("@")
        if kind not in PARTY_KINDS:
            raise UsageError(f"“{kind.label}”不需要 @对方收到日期；只有 consult-sent 和 fee-notice 可以写。")
        try:
            received_by_party = date.fromisoformat(party_text.strip())
        except ValueError:
            raise UsageError(
                f"事项“{spec}”中 @ 后的对方收到日期“{party_text}”无效，例如 consult-sent=2026-03-09@2026-03-11"
            ) from None
    day_text, _, extra = value.partition(":")
    try:
        day = date.fromisoformat(day_text.strip())
    except ValueError:
        raise UsageError(f"事项“{spec}”中的日期“{day_text}”无效，请写成 2026-03-05 的形式") from None
    if received_by_party is not None and received_by_party < day:
        raise UsageError(f"事项“{spec}”中对方收到日期早于发出日期。")
    extra = extra.strip()
    if kind in (EventKind.EXTENDED, EventKind.DELAY):
        if not extra.isdigit():
            raise UsageError(f"“{kind.label}”须写成 {kind.value}=日期:工作日数，例如 {kind.value}=2026-03-20:20")
        return Event(kind, day, days=int(extra))
    if kind is EventKind.CORRECTION_REQUESTED and extra:
        try:
            return Event(kind, day, until=date.fromisoformat(extra))
        except ValueError:
            raise UsageError(f"补正期限“{extra}”应为日期，例如 correction-requested=2026-03-03:2026-03-24") from None
    if kind in (EventKind.CONSULT_SENT, EventKind.CONSULT_ANSWERED) and extra:
        return Event(kind, day, ref=extra, received_by_party=received_by_party)
    if extra:
        raise UsageError(f"事项“{spec}”不需要附加参数“{extra}”。")
    return Event(kind, day, received_by_party=received_by_party)


def cmd_clock(ctx: Context) -> int:
    cal = ctx.calendar()
    events = [parse_event(s) for s in ctx.args.event or []]
    result = compute_clock(ctx.args.received, events, cal, ctx.args.today, allow_future=True)
    if ctx.args.json:
        print_json(result.to_json())
    else:
        due = f"{cn_date(result.due)}（{weekday_name(result.due)}）" if result.due else "暂停中，恢复计时后确定"
        print(f"答复期限：{due}")
        print(f"状态：{result.status.value}" + ("（暂定）" if result.provisional else ""))
        for name, d in result.sub_deadlines.items():
            print(f"  {name}：{cn_date(d)}")
        print("计算过程：")
        for line in result.trail:
            print(f"  {line}")
        for w in result.warnings:
            print(f"注意：{w}", file=sys.stderr)
    return warn_unknown(result.unknown_years)


def _span(a: date, b: date, with_year: bool = False) -> str:
    return cn_date(a, with_year) + ("" if a == b else f"至{cn_date(b, with_year or a.year != b.year)}")


def cmd_calendar_show(ctx: Context) -> int:
    """A year's days as they fall in that year, whichever year's notice set them (the 2019 notice sets
    2018-12-29/31: they are shown under 2018)."""
    year = ctx.args.year
    cal = ctx.calendar()
    arr = cal.arrangements.get(year)
    days = cal.official_days_of_year(year)
    periods = cal.periods_of_year(year)
    overrides = sorted((o for o in cal.overrides.values() if o.day.year == year), key=lambda o: o.day)
    if ctx.args.json:
        print_json({
            "year": year,
            "known": arr is not None,
            "source": arr.source if arr else "",
            "rest_days": [d.isoformat() for d, w, _ in days if not w],
            "workdays": [d.isoformat() for d, w, _ in days if w],
            "day_sources": {d.isoformat(): src for d, _, src in days},
            "holidays": [{"name": part.name, "start": part.start.isoformat(), "end": part.end.isoformat(),
                          "whole_start": whole.start.isoformat(), "whole_end": whole.end.isoformat()}
                         for part, whole in periods],
            "workday_count": cal.workdays_in_year(year),
            "overrides": [{"day": o.day.isoformat(), "is_workday": o.is_workday, "reason": o.reason} for o in overrides],
        })
        return EXIT_OK if arr else warn_unknown([year])
    if arr is None:
        print(f"{year}年：尚未载入国务院节假日安排。")
    else:
        print(f"{year}年节假日安排　来源：{arr.source}")
    if arr is None and days:
        print("  其中以下日期已由其他年度的通知确定：")
    for part, whole in periods:
        n = (part.end - part.start).days + 1
        text = f"  {part.name}：{_span(part.start, part.end)}放假"
        if whole != part:
            text += f"（整个假期{_span(whole.start, whole.end, True)}，本年{n}天）"
        else:
            text += f"，共{n}天"
        print(text)
    work = [d for d, w, _ in days if w]
    if work:
        print("  调休上班：" + "、".join(f"{cn_date(d, False)}（{weekday_name(d)}）" for d in work))
    by_source: dict[str, list[date]] = {}
    for d, _, src in days:
        by_source.setdefault(src, []).append(d)
    main = arr.source.split("；")[0] if arr else ""
    for src, ds in by_source.items():
        if source_title(src) != source_title(main):
            print(f"  依据《{source_title(src)}》的日期：" + "、".join(cn_date(d, False) for d in ds))
    for o in overrides:
        print(f"  手工修改：{cn_date(o.day, False)} {'工作日' if o.is_workday else '休息日'}（{o.reason}）")
    print(f"  全年工作日：{cal.workdays_in_year(year)}天" + ("" if arr else "（暂定）"))
    return EXIT_OK if arr else warn_unknown([year])


def cmd_calendar_import(ctx: Context) -> int:
    text = read_text(Path(ctx.args.file))
    parsed = parse_notice(text)
    cal = ctx.calendar()
    arr = parsed.resolve_extensions(cal)
    if ctx.args.dry_run and not ctx.db_path.exists():  # a dry run creates no ledger: compare with the shipped data
        plan, moved = plan_merge(cal.arrangements, arr), list[DueChange]()
    elif ctx.args.dry_run:
        plan, moved = ctx.ledger().preview_import(arr)  # re-dates in a transaction that is rolled back
    else:
        plan = plan_merge(ctx.ledger().calendar.load().arrangements, arr)
        moved = ctx.ledger().import_arrangement(arr)
    if ctx.args.json:
        print_json(arr.to_json() | {
            "title": parsed.title,
            "signed": parsed.signed.isoformat() if parsed.signed else None,
            "supplementary": parsed.supplementary,
            "warnings": parsed.warnings,
            "changes": [{"day": c.day.isoformat(), "before": c.before, "after": c.after,
                         "before_source": c.before_source, "text": c.text()} for c in plan.changes],
            "kept": [{"day": c.day.isoformat(), "kept": c.before, "notice_says": c.after, "source": c.before_source,
                      "text": c.text()} for c in plan.kept],
            "moved": [{"no": c.no, "old": c.old, "new": c.new} for c in moved],
        })
    else:
        kind = "补充通知" if parsed.supplementary else "通知"
        print(f"识别结果：{arr.year}年　{parsed.title}（{kind}）")
        for p in arr.holidays:
            print(f"  {p.name}：{_span(p.start, p.end, p.start.year != arr.year)}放假")
        print("  调休上班：" + ("、".join(f"{cn_date(d, d.year != arr.year)}（{weekday_name(d)}）"
                                       for d in sorted(arr.workdays)) or "无"))
        print(f"与台账中日历相比，{len(plan.changes)}天有变化" + ("：" if plan.changes else "。"))
        for c in plan.changes:
            print(f"  {c.text()}")
        if plan.kept:
            print(f"{len(plan.kept)}天以其他通知为准，不按本通知修改：")
            for c in plan.kept:
                print(f"  {c.text()}")
        verb = "将" if ctx.args.dry_run else "已"
        print(f"{len(moved)}件未办结申请的答复期限{verb}随之调整" + ("：" if moved else "。"))
        for m in moved:
            print(f"  {m.text()}")
    for w in parsed.warnings:
        print(f"注意：{w}", file=sys.stderr)
    if ctx.args.dry_run:
        return EXIT_OK
    print(f"已保存 {arr.year} 年节假日安排（{parsed.title}）。", file=sys.stderr if ctx.args.json else sys.stdout)
    return EXIT_OK


def cmd_calendar_set_day(ctx: Context) -> int:
    ledger = ctx.ledger()
    value = {"workday": True, "rest": False, "clear": None}[ctx.args.value]
    if value is not None and not (ctx.args.reason or "").strip():
        raise UsageError("手工修改日历须用 --reason 说明原因。")
    changes = ledger.set_calendar_day(ctx.args.date, value, ctx.args.reason or "")
    print(f"已修改 {cn_date(ctx.args.date)}。")
    for c in changes:
        print(f"  {c.text()}")
    return EXIT_OK




def register(sub: Any, groups: dict[str, Any]) -> None:
    wd = sub.add_parser("workdays", help="工作日计算").add_subparsers(dest="sub", metavar="子命令", required=True)
    x = wd.add_parser("add", help="DATE 之后第 N 个工作日")
    x.add_argument("date", type=parse_date)
    x.add_argument("n", type=int)
    x.set_defaults(func=cmd_workdays_add)
    x = wd.add_parser("count", help="(A, B] 之间的工作日数")
    x.add_argument("a", type=parse_date)
    x.add_argument("b", type=parse_date)
    x.set_defaults(func=cmd_workdays_count)

    x = sub.add_parser("clock", help="答复期限计算器（不读写台账数据）")
    x.add_argument("--received", type=parse_date, required=True, help="收到申请日期")
    x.add_argument("--event", action="append",
                   help="事项 类型=日期[:附加][@对方收到日期]，如 consult-sent=2026-03-09:第三方@2026-03-11、"
                        "consult-answered=2026-03-20:第三方、extended=2026-03-20:20、fee-notice=2026-06-05@2026-06-08")
    x.add_argument("--today", type=parse_date, help="按哪一天判断状态（默认今天）", default=date.today())
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=cmd_clock)

    cal = sub.add_parser("calendar", help="节假日安排").add_subparsers(dest="sub", metavar="子命令", required=True)
    x = cal.add_parser("import-notice", help="导入国务院办公厅节假日安排通知（.txt/.docx）")
    x.add_argument("file")
    x.add_argument("--dry-run", action="store_true", help="只显示识别结果，不保存")
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=cmd_calendar_import)
    x = cal.add_parser("show", help="显示某年的节假日安排")
    x.add_argument("year", type=int)
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=cmd_calendar_show)
    x = cal.add_parser("set-day", help="手工修改某一天（须说明原因）")
    x.add_argument("date", type=parse_date)
    x.add_argument("value", choices=("workday", "rest", "clear"))
    x.add_argument("--reason")
    x.set_defaults(func=cmd_calendar_set_day)

