"""`gongkai` — the command line (headless; the same core and storage as the GUI).

Exit codes: 0 ok, 1 error, 2 usage, 3 result is provisional (reaches a year with no official holiday
arrangement). Messages are Chinese; errors go to stderr without a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .core.clock import ClockError, Event, EventKind, compute_clock
from .core.holiday_notice import NoticeParseError, parse_notice
from .core.workdays import WorkCalendar, cn_date, load_bundled_arrangements, weekday_name
from .documents.atomic import OutputFileError
from .documents.text import DocumentReadError, read_text
from .logs import setup_logging
from .paths import app_paths, backup_dir_for, calendar_dir, ledger_path
from .storage.ledger import Ledger, LedgerError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PROVISIONAL = 0, 1, 2, 3
log = logging.getLogger("gongkai.cli")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own messages are English; frame them in Chinese
        self.print_usage(sys.stderr)
        raise UsageError(f"命令参数有误：{message}")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，请写成 2026-03-05 的形式") from None


# --- context ----------------------------------------------------------------------------------------
class Context:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.paths = app_paths()
        self.db_path = ledger_path(getattr(args, "db", None), self.paths)
        self._ledger: Ledger | None = None

    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = Ledger.open(self.db_path, backup_dir=backup_dir_for(self.paths, self.db_path))
            self._ledger.seed_calendar(load_bundled_arrangements(calendar_dir()))
        return self._ledger

    def calendar(self) -> WorkCalendar:
        """The ledger's calendar when a ledger exists; otherwise the shipped official data only."""
        if self._ledger is not None or self.db_path.exists():
            return self.ledger().calendar.load()
        return WorkCalendar.from_arrangements(load_bundled_arrangements(calendar_dir()))

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()


def _warn_unknown(years: list[int]) -> int:
    if years:
        names = "、".join(f"{y}年" for y in years)
        print(f"警告：{names}尚未载入国务院节假日安排，结果按周一至周五推算，仅供参考（暂定）。", file=sys.stderr)
        return EXIT_PROVISIONAL
    return EXIT_OK


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --- commands ---------------------------------------------------------------------------------------
def cmd_workdays_add(ctx: Context) -> int:
    cal = ctx.calendar()
    if ctx.args.n < 0:
        raise UsageError("工作日数不能为负数。")
    result = cal.add_workdays(ctx.args.date, ctx.args.n)
    print(result.isoformat())
    return _warn_unknown(cal.unknown_years_between(ctx.args.date, result))


def cmd_workdays_count(ctx: Context) -> int:
    cal = ctx.calendar()
    a, b = ctx.args.a, ctx.args.b
    print(cal.count_workdays(a, b))
    return _warn_unknown(cal.unknown_years_between(a, b))


def parse_event(spec: str) -> Event:
    """KIND=DATE[:N|:DATE|:REF] as in design.md §4."""
    if "=" not in spec:
        raise UsageError(f"事项“{spec}”应写成 类型=日期，例如 consult-sent=2026-03-09")
    kind_text, value = spec.split("=", 1)
    try:
        kind = EventKind(kind_text.strip())
    except ValueError:
        kinds = "、".join(k.value for k in EventKind)
        raise UsageError(f"未知事项类型“{kind_text}”。可用：{kinds}") from None
    day_text, _, extra = value.partition(":")
    try:
        day = date.fromisoformat(day_text.strip())
    except ValueError:
        raise UsageError(f"事项“{spec}”中的日期“{day_text}”无效，请写成 2026-03-05 的形式") from None
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
        return Event(kind, day, ref=extra)
    if extra:
        raise UsageError(f"事项“{spec}”不需要附加参数“{extra}”。")
    return Event(kind, day)


def cmd_clock(ctx: Context) -> int:
    cal = ctx.calendar()
    events = [parse_event(s) for s in ctx.args.event or []]
    result = compute_clock(ctx.args.received, events, cal, ctx.args.today, allow_future=True)
    if ctx.args.json:
        _print_json(result.to_json())
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
    return _warn_unknown(result.unknown_years)


def cmd_calendar_show(ctx: Context) -> int:
    year = ctx.args.year
    cal = ctx.calendar()
    arr = cal.arrangements.get(year)
    if ctx.args.json:
        data = arr.to_json() if arr else {"year": year, "rest_days": [], "workdays": [], "source": ""}
        data["known"] = arr is not None
        data["workday_count"] = cal.workdays_in_year(year)
        data["overrides"] = [
            {"day": o.day.isoformat(), "is_workday": o.is_workday, "reason": o.reason}
            for o in cal.overrides.values() if o.day.year == year
        ]
        _print_json(data)
        return EXIT_OK if arr else _warn_unknown([year])
    if arr is None:
        print(f"{year}年：尚未载入国务院节假日安排。")
        return _warn_unknown([year])
    print(f"{year}年节假日安排　来源：{arr.source}")
    for p in arr.holidays:
        print(f"  {p.name}：{cn_date(p.start, False)}至{cn_date(p.end, False)}放假，共{(p.end - p.start).days + 1}天")
    if arr.workdays:
        print("  调休上班：" + "、".join(f"{cn_date(d, False)}（{weekday_name(d)}）" for d in sorted(arr.workdays)))
    for o in sorted(cal.overrides.values(), key=lambda o: o.day):
        if o.day.year == year:
            print(f"  手工修改：{cn_date(o.day, False)} {'工作日' if o.is_workday else '休息日'}（{o.reason}）")
    print(f"  全年工作日：{cal.workdays_in_year(year)}天")
    return EXIT_OK


def cmd_calendar_import(ctx: Context) -> int:
    text = read_text(Path(ctx.args.file))
    parsed = parse_notice(text)
    arr = parsed.arrangement
    if ctx.args.json:
        _print_json(arr.to_json() | {"warnings": parsed.warnings})
    else:
        print(f"识别结果：{arr.year}年　{parsed.title}")
        for p in arr.holidays:
            print(f"  {p.name}：{cn_date(p.start)}至{cn_date(p.end)}放假")
        print("  调休上班：" + ("、".join(cn_date(d) for d in sorted(arr.workdays)) or "无"))
    for w in parsed.warnings:
        print(f"注意：{w}", file=sys.stderr)
    if ctx.args.dry_run:
        return EXIT_OK
    ledger = ctx.ledger()
    changes = ledger.import_arrangement(arr)
    print(f"已保存 {arr.year} 年节假日安排。", file=sys.stderr if ctx.args.json else sys.stdout)
    if changes:
        print(f"{len(changes)} 件未办结申请的答复期限随之调整：", file=sys.stderr)
        for c in changes:
            print(f"  {c.text()}", file=sys.stderr)
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


def cmd_demo(ctx: Context) -> int:
    from .core.demo import generate
    from .storage.demo_writer import write_demo

    if ctx.args.applications < 0 or ctx.args.tasks < 0:
        raise UsageError("数量不能为负数。")
    ledger = ctx.ledger()
    calendar = ledger.calendar.load()
    today = ctx.args.today or date.today()
    data = generate(ctx.args.applications, ctx.args.tasks, ctx.args.seed, today, calendar)
    counts = write_demo(ledger, data, calendar, today)
    print(
        f"已生成演示数据：申请人 {counts['applicants']} 个，申请 {counts['applications']} 件，"
        f"工作要点任务 {counts['tasks']} 项。台账：{ctx.db_path}"
    )
    return EXIT_OK


def cmd_check(ctx: Context) -> int:
    if not ctx.db_path.exists():
        raise LedgerError(f"台账文件不存在：{ctx.db_path}")
    ledger = ctx.ledger()
    problems = ledger.integrity_problems()
    counts = ledger.counts()
    years = [r["year"] for r in ledger.calendar.years()]
    print(f"台账：{ctx.db_path}")
    print(f"申请 {counts['applications']} 件，事项 {counts['application_events']} 条，"
          f"文书 {counts['letters']} 份，工作要点任务 {counts['tasks']} 项。")
    print(f"节假日安排已载入：{years[0]}—{years[-1]}年" if years else "节假日安排：无")
    today = date.today()
    if today.month >= 11 and (today.year + 1) not in years:
        print(f"提醒：尚未载入{today.year + 1}年节假日安排，跨年的期限为暂定。")
    if problems:
        print("发现问题：", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return EXIT_ERROR
    print("完整性检查通过。")
    return EXIT_OK


def _app_filter(ctx: Context, ledger: Ledger) -> tuple[Any, WorkCalendar]:
    from .core.clock import ClockRules
    from .storage.applications_query import ApplicationFilter

    cal = ledger.calendar.load()
    today = ctx.args.today
    flt = ApplicationFilter(today=today, soon_until=cal.add_workdays(today, ClockRules().due_soon_days))
    return flt, cal


def _list_item(row: dict[str, Any], flt: Any) -> dict[str, Any]:
    from .core.applications import outcome_name
    from .core.clock import status_from_cache

    return {
        "no": row["no"],
        "received": row["received"],
        "applicant": row["applicant"],
        "category": row["category"],
        "status": status_from_cache(row["state"], row["due"], flt.today, flt.soon_until).value,
        "due": row["due"],
        "outcome": outcome_name(row["outcome"]) or None,
        "outcome_code": row["outcome"],
        "closed_on": row["closed_on"],
        "provisional": bool(row["provisional"]),
    }


def cmd_apps_list(ctx: Context) -> int:
    ledger = ctx.ledger()
    flt, cal = _app_filter(ctx, ledger)
    a = ctx.args
    if a.overdue and a.due_within is not None:
        raise UsageError("--overdue 与 --due-within 不能同时使用。")
    if a.due_within is not None:
        if a.due_within < 0:
            raise UsageError("--due-within 应为非负整数（工作日数）。")
        flt.due_until = cal.add_workdays(flt.today, a.due_within)
    if a.overdue:
        flt.status = "已逾期"
    elif a.status:
        flt.status = a.status
    flt.year, flt.handler, flt.text = a.year, a.handler, a.search or ""
    sort = "due" if (a.overdue or a.due_within is not None) else "received"
    rows = ledger.query.page(flt, sort=sort, descending=sort == "received", limit=a.limit)
    items = [_list_item(r, flt) for r in rows]
    if a.json:
        _print_json(items)
        return EXIT_OK
    total = ledger.query.count(flt)
    for it, row in zip(items, rows, strict=True):
        due = it["due"] or "—"
        if it["closed_on"]:
            due = f"{it['closed_on']}办结"
        elif it["provisional"]:
            due += "（暂定）"
        title = row["content_title"]
        title = title if len(title) <= 24 else title[:23] + "…"
        print(f"{it['no']}  {it['received']}  {it['status']:<4}  {due:<14}  {it['applicant']}  {title}"
              + (f"  〔{it['outcome']}〕" if it["outcome"] else ""))
    shown = f"显示 {len(items)} 件" + (f"（共 {total} 件，用 --limit 显示更多）" if total > len(items) else "")
    print(shown if items else "没有符合条件的申请。")
    return EXIT_OK


def cmd_apps_show(ctx: Context) -> int:
    from .core.applications import OUTCOME_BY_CODE, mask_id, mask_phone

    ledger = ctx.ledger()
    flt, cal = _app_filter(ctx, ledger)
    app = ledger.applications.get(ctx.args.no)
    if app is None:
        raise UsageError(f"台账中没有申请编号为 {ctx.args.no} 的申请。")
    try:
        result = ledger.applications.clock(app, cal, None)
        result = ledger.applications.clock(app, cal, flt.today) if result.closed_on is None else result
    except ClockError as exc:
        raise UsageError(f"{app['no']} 的事项记录有误，无法计算期限：{exc}") from exc
    events = [
        {"kind": e["kind"], "label": EventKind(e["kind"]).label, "day": e["day"], "days": e["days"], "ref": e["ref"],
         "until": e["until"], "received_by_party": e["received_by_party"], "approver": e["approver"],
         "note": e["note"]}
        for e in ledger.applications.event_rows(app["id"])
    ]
    letters = [{"type": r["type"], "doc_number": r["doc_number"], "issued": r["issued"], "file": r["file"]}
               for r in ledger.letters.for_application(app["id"])]
    item = _list_item({**app, "content_title": app["content_title"]}, flt)
    item["status"] = result.status.value
    data = item | {
        "channel": app["channel"],
        "content": app["content_title"],
        "handler": app["handler"],
        "id_number": mask_id(app["id_number"] or app["credit_code"]),
        "phone": mask_phone(app["phone"]),
        "outcome_label": OUTCOME_BY_CODE[app["outcome"]].full if app["outcome"] in OUTCOME_BY_CODE else None,
        "outcome_basis": app["outcome_basis"],
        "fee": {"method": app["fee_method"], "units": app["fee_units"], "amount": app["fee_amount"],
                "paid": app["fee_paid_amount"]} if app["fee_method"] else None,
        "events": events,
        "letters": letters,
        "reviews": [{k: r[k] for k in ("kind", "filed", "organ", "decided", "result")}
                    for r in ledger.reviews.for_application(app["id"])],
        "sub_deadlines": {k: v.isoformat() for k, v in result.sub_deadlines.items()},
        "trail": result.trail,
        "warnings": result.warnings,
    }
    if ctx.args.json:
        _print_json(data)
        return EXIT_OK
    print(f"{app['no']}　{app['applicant']}（{app['category']}）　{data['status']}")
    print(f"申请内容：{app['content_title']}")
    print(f"申请方式：{app['channel']}　收到日期：{cn_date(date.fromisoformat(app['received']))}"
          f"　承办人：{app['handler'] or '—'}")
    if result.due and not result.closed_on:
        print(f"答复期限：{cn_date(result.due)}（{weekday_name(result.due)}）" + ("（暂定）" if result.provisional else ""))
    if data["outcome_label"]:
        print(f"办理结果：{data['outcome_label']}（{app['outcome_basis'] or ''}）")
    for name, d in result.sub_deadlines.items():
        print(f"  {name}：{cn_date(d)}")
    if events:
        print("办理事项：")
        for e in events:
            print(f"  {e['day']} {e['label']}" + (f"（{e['note']}）" if e["note"] else ""))
    print("计算过程：")
    for line in result.trail:
        print(f"  {line}")
    return EXIT_OK


def cmd_apps_import(ctx: Context) -> int:
    from .core.applications import CATEGORIES, OUTCOME_BY_CODE
    from .core.ledger_import import guess_mapping, parse_rows
    from .documents.applications_xlsx import write_import_errors
    from .documents.table_reader import read_table
    from .storage.import_writer import ImportRejected, check_import, import_rows

    a = ctx.args
    table = read_table(Path(a.file))
    outcome_map: dict[str, str] = {}
    category_map: dict[str, str] = {}
    for item in a.map or []:
        text, sep, target = item.partition("=")
        if not sep:
            raise UsageError(f"--map 应为 原文=对应项，收到：{item}")
        if target in OUTCOME_BY_CODE:
            outcome_map[text.strip()] = target
        elif target in CATEGORIES:
            category_map[text.strip()] = target
        else:
            raise UsageError(f"“{target}”既不是表三项代码（1、2、3.1…6.3）也不是申请人类型（{'、'.join(CATEGORIES)}）。")
    mapping = guess_mapping(table.headers)
    rows = parse_rows(table.rows, mapping, outcome_map, category_map, a.today, table.first_line)
    ledger = ctx.ledger()
    calendar, profile = ledger.calendar.load(), ledger.settings.profile()
    try:
        if a.dry_run:
            result = check_import(ledger, rows, profile, calendar, a.today)
        else:
            result = import_rows(ledger, rows, profile, calendar, a.today)
    except ImportRejected as exc:
        for r in exc.rows:
            print(f"第{r.line}行：{'；'.join(r.errors)}", file=sys.stderr)
        if a.errors:
            write_import_errors(table.headers, table.rows, table.first_line, {r.line: r.errors for r in exc.rows},
                                Path(a.errors))
            print(f"出错的行已保存到 {a.errors}", file=sys.stderr)
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    if a.json:
        _print_json({"imported": len(result.imported), "skipped": len(result.skipped), "dry_run": a.dry_run,
                     "columns": {key: table.headers[i] for i, key in mapping.items()}})
    else:
        verb = "检查通过，可导入" if a.dry_run else "已导入"
        print(f"{verb} {len(result.imported)} 件申请（工作表：{table.sheet}）；"
              f"已在台账中、跳过 {len(result.skipped)} 行。")
    return EXIT_OK


def cmd_apps_export(ctx: Context) -> int:
    from .core.clock import status_from_cache
    from .documents.applications_xlsx import write_applications_xlsx

    a = ctx.args
    if not a.file.lower().endswith(".xlsx"):
        raise UsageError("导出文件须为 .xlsx。")
    ledger = ctx.ledger()
    flt, _cal = _app_filter(ctx, ledger)
    flt.year, flt.status = a.year, a.status
    n = write_applications_xlsx(
        ledger.query.iter_all(flt), Path(a.file),
        lambda r: status_from_cache(r["state"], r["due"], flt.today, flt.soon_until).value, mask=not a.unmask)
    print(f"已导出 {n} 件申请到 {a.file}" + ("" if a.unmask else "（证件号码和电话已脱敏）") + "。")
    return EXIT_OK


def cmd_workplan_import(ctx: Context) -> int:
    from .documents.workplan_reader import read_workplan

    a = ctx.args
    plan = read_workplan(Path(a.file), a.year)
    if a.year:
        plan.year = a.year
    if a.json:
        _print_json(plan.to_json())
    else:
        print(f"{plan.title or Path(a.file).name}　{plan.issuer}　{plan.doc_number}　{plan.year or '（年度未识别）'}年")
        for section in plan.tasks:
            print(f"  {section['code']}{section['title']}（{len(section['children'])}项）")
        print(f"共识别任务 {plan.count()} 项。")
    for w in plan.warnings:
        print(f"注意：{w}", file=sys.stderr)
    if a.dry_run:
        return EXIT_OK
    if not plan.tasks:
        raise ValueError("没有识别出任何任务，未导入。")
    if plan.year is None:
        raise UsageError("文件中没有找到年度，请用 --year 指定。")
    result = ctx.ledger().tasks.merge_tree(plan.year, plan.tasks, Path(a.file).name)
    print(f"已保存到{plan.year}年工作要点台账：新增{result.added}项，更新{result.updated}项"
          + (f"；原有{len(result.missing)}项在新文件中没有，已保留" if result.missing else "") + "。",
          file=sys.stderr if a.json else sys.stdout)
    return EXIT_OK


def cmd_workplan_export(ctx: Context) -> int:
    from .core.workplan import implementation_summary
    from .documents.tasks_xlsx import write_tasks_xlsx

    a = ctx.args
    if not a.file.lower().endswith(".xlsx"):
        raise UsageError("导出文件须为 .xlsx。")
    tasks = ctx.ledger().tasks
    years = tasks.years()
    year = a.year or (years[0] if years else None)
    if year is None or year not in years:
        raise ValueError(f"台账中没有{year or ''}年的工作要点。")
    counts = tasks.status_counts(year)
    unfinished = [t["title"] for t in tasks.leaves(year) if t["state"] in ("未启动", "推进中", "未完成")]
    summary = implementation_summary(year, counts, unfinished, tasks.review_counts(year))
    write_tasks_xlsx(year, tasks.list(year), tasks.evidence(year), summary, counts, Path(a.file))
    print(f"已导出{year}年工作要点台账到 {a.file}。{summary}")
    return EXIT_OK


def _key_values(items: list[str] | None, known: dict[str, str], what: str) -> dict[str, str]:
    """--set 键=值 options, checked against the keys that may be set (key → Chinese label)."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or key not in known:
            hint = "、".join(f"{k}（{v}）" for k, v in known.items()) or "无"
            raise UsageError(f"--set 应为 键=值；{what}：{hint}")
        out[key] = value
    return out


def cmd_settings(ctx: Context) -> int:
    from dataclasses import replace

    from .core.organisation import OrgProfile

    ledger = ctx.ledger()
    profile = ledger.settings.profile()
    changes = {k: v.strip() for k, v in _key_values(ctx.args.set, OrgProfile.LABELS, "可用的键").items()}
    if changes:
        try:
            ledger.settings.save_profile(replace(profile, **changes))
        except ValueError as exc:
            errors = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {"": str(exc)}
            raise UsageError("；".join(errors.values())) from exc
        profile = ledger.settings.profile()
        print("已保存。")
    for key, label in OrgProfile.LABELS.items():
        print(f"  {label}（{key}）：{getattr(profile, key) or '—'}")
    return EXIT_OK


def cmd_letter(ctx: Context) -> int:
    from .core.letters import LETTER_TYPES
    from .paths import resources_dir
    from .services.letters import LetterService, resolve_type

    a = ctx.args
    if a.list_types:
        for t in LETTER_TYPES:
            print(f"{t.slug}\t{t.name}")
        return EXIT_OK
    if not a.no or not a.type:
        raise UsageError("用法：gongkai letter 申请编号 --type 类型 --out 文件.docx（类型见 --list-types）")
    t = resolve_type(a.type)
    inputs = {k: v.replace("\\n", "\n") for k, v in
              _key_values(a.set, {f.key: f.label for f in t.inputs}, f"“{t.name}”可填写的键").items()}
    if a.out and not a.out.lower().endswith(".docx"):
        raise UsageError("--out 须为 .docx 文件。")
    ledger = ctx.ledger()
    service = LetterService.for_ledger(ledger, resources_dir() / "templates")
    made = service.make(a.no, t.slug, Path(a.out).resolve() if a.out else None, inputs, a.date, a.today)
    verb = "已重新生成（文号不变）" if made.regenerated else "已生成"
    print(f"{verb}{t.name}：{made.doc_number}　{made.path}")
    return EXIT_OK


def cmd_report(ctx: Context) -> int:
    a = ctx.args
    if a.what == "aggregate":
        return _report_aggregate(ctx)
    if a.files:
        raise UsageError("用法：gongkai report 年度 [--json] [--out 文件.docx] [--xlsx 文件.xlsx]")
    try:
        year = int(a.what)
    except ValueError as exc:
        raise UsageError(f"年度应为四位数字，如 2026；或使用 gongkai report aggregate。收到：{a.what}") from exc
    if not 2008 <= year <= 2100:
        raise UsageError(f"年度 {year} 不合理。")
    from .documents.report_docx import write_report_docx
    from .documents.report_xlsx import write_report_xlsx
    from .services.annual_report import ReportService

    for option, suffix in (("out", ".docx"), ("xlsx", ".xlsx")):
        value = getattr(a, option)
        if value and not value.lower().endswith(suffix):
            raise UsageError(f"--{option} 须为 {suffix} 文件。")
    report = ReportService(ctx.ledger()).build(year, a.today)
    data = report.to_json()
    if a.out:
        write_report_docx(data, Path(a.out))
    if a.xlsx:
        write_report_xlsx(data, Path(a.xlsx))
    if a.json:
        _print_json(data)
    else:
        v = report.section3.values
        print(f"{year}年政府信息公开工作年度报告　{report.unit}"
              + (f"（已于{report.locked_at}定稿）" if report.locked_at else ""))
        print(f"  本年新收{v['received'][-1]}件，上年结转{v['carried_in'][-1]}件，办结{v['total'][-1]}件，"
              f"结转下年度{v['carried_out'][-1]}件。")
        for c in report.checks:
            print(f"  {'✓' if c.ok else '✗'} {c.rule}" + (f"：{c.detail}" if c.detail and not c.ok else ""))
        for p in (a.out, a.xlsx):
            if p:
                print(f"  已保存：{p}")
    if not report.year_complete:
        print(f"注意：{year}年尚未结束，数字截至今天。", file=sys.stderr)
    for change in report.changes_since_lock[:10]:
        print(f"注意：定稿后台账数据有变化：{change}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_ERROR


def _report_aggregate(ctx: Context) -> int:
    from .core.annual_report import aggregate_reports
    from .documents.report_xlsx import read_report_files, write_aggregate_xlsx

    a = ctx.args
    if not a.files:
        raise UsageError("请列出要汇总的年报文件：gongkai report aggregate 单位1.xlsx 单位2.xlsx … --out 汇总.xlsx")
    if not a.out or not a.out.lower().endswith(".xlsx"):
        raise UsageError("汇总结果须用 --out 指定 .xlsx 文件。")
    reports, problems = read_report_files([Path(name) for name in a.files])
    units = None
    if a.units:
        units = [u.strip() for u in read_text(Path(a.units)).splitlines() if u.strip()]
    agg = aggregate_reports(reports, units)
    agg.problems[:0] = problems
    if agg.year is None:
        raise ValueError("；".join(agg.problems))
    write_aggregate_xlsx(agg, Path(a.out))
    if a.json:
        _print_json({"year": agg.year, "units": agg.units, "totals": agg.totals, "problems": agg.problems})
    else:
        print(f"已汇总{agg.year}年{len(agg.units)}个单位的年报：{a.out}")
    for p in agg.problems:
        print(f"注意：{p}", file=sys.stderr)
    return EXIT_OK if not agg.problems else EXIT_ERROR


def _password(prompt: str, confirm: bool = False) -> str:
    import getpass
    import os

    env = os.environ.get("GONGKAI_BACKUP_PASSWORD")
    if env:
        return env
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("再输入一次：") != first:
        raise UsageError("两次输入的密码不一致。")
    return first


def cmd_backup(ctx: Context) -> int:
    from .storage.backups import backup_to, list_backups, rotate
    from .storage.ledger import backup_copy

    a = ctx.args
    folder = backup_dir_for(ctx.paths, ctx.db_path)
    if a.list:
        backups = list_backups(folder)
        for b in backups:
            print(f"{b.label}　{b.path}")
        print(f"共 {len(backups)} 份备份（{folder}）。" if backups else f"还没有备份（{folder}）。")
        return EXIT_OK
    if not ctx.db_path.exists():
        raise LedgerError(f"台账文件不存在：{ctx.db_path}")
    if a.encrypt and not a.to:
        raise UsageError("--encrypt 须与 --to 一起使用（本机备份不加密）。")
    ledger = ctx.ledger()
    if a.to:
        path = backup_to(ledger, Path(a.to), _password("备份密码（至少6位）：", True) if a.encrypt else None)
    else:
        path = backup_copy(ledger.db, folder, "auto")
        rotate(folder)
    print(f"已备份到 {path}")
    return EXIT_OK


def cmd_restore(ctx: Context) -> int:
    from .storage.backups import check_backup, is_encrypted, restore

    a = ctx.args
    source = Path(a.file)
    password = _password("备份密码：") if source.is_file() and is_encrypted(source) else None
    info, _plain = check_backup(source, password)
    print(f"备份检查通过：{info.applications} 件申请。")
    if not a.yes:
        answer = input(f"用这个备份替换台账 {ctx.db_path}？当前台账会先备份。输入 y 确认：")
        if answer.strip().lower() not in ("y", "yes", "是"):
            print("已取消。")
            return EXIT_OK
    kept = restore(source, ctx.db_path, backup_dir_for(ctx.paths, ctx.db_path), password)
    print(f"已恢复。原台账已保存为 {kept}" if kept else "已恢复。")
    return EXIT_OK


# --- parser -----------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gongkai", description="政务公开台账命令行工具")
    p.add_argument("--version", action="version", version=f"政务公开台账 gongkai-desktop {__version__}")
    p.add_argument("--db", help="台账文件路径（默认使用本机默认台账，或环境变量 GONGKAI_DB）")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    wd = sub.add_parser("workdays", help="工作日计算").add_subparsers(dest="sub", metavar="子命令", required=True)
    x = wd.add_parser("add", help="DATE 之后第 N 个工作日")
    x.add_argument("date", type=_date)
    x.add_argument("n", type=int)
    x.set_defaults(func=cmd_workdays_add)
    x = wd.add_parser("count", help="(A, B] 之间的工作日数")
    x.add_argument("a", type=_date)
    x.add_argument("b", type=_date)
    x.set_defaults(func=cmd_workdays_count)

    x = sub.add_parser("clock", help="答复期限计算器（不读写台账数据）")
    x.add_argument("--received", type=_date, required=True, help="收到申请日期")
    x.add_argument("--event", action="append", help="事项，如 consult-sent=2026-03-09、extended=2026-03-20:20")
    x.add_argument("--today", type=_date, help="按哪一天判断状态（默认今天）", default=date.today())
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
    x.add_argument("date", type=_date)
    x.add_argument("value", choices=("workday", "rest", "clear"))
    x.add_argument("--reason")
    x.set_defaults(func=cmd_calendar_set_day)

    apps = sub.add_parser("apps", help="依申请公开台账").add_subparsers(dest="sub", metavar="子命令", required=True)
    x = apps.add_parser("list", help="申请列表（默认按收到日期倒序）")
    x.add_argument("--json", action="store_true")
    x.add_argument("--overdue", action="store_true", help="只列已逾期的")
    x.add_argument("--due-within", type=int, metavar="N", help="只列 N 个工作日内到期的")
    x.add_argument("--status", choices=("正常", "即将到期", "已逾期", "已暂停", "已办结", "未办结"))
    x.add_argument("--year", type=int, help="收到申请的年度")
    x.add_argument("--handler", help="承办人")
    x.add_argument("--search", help="按申请人、申请内容或编号查找")
    x.add_argument("--limit", type=int, default=100, help="最多显示多少件（默认100）")
    x.add_argument("--today", type=_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_list)
    x = apps.add_parser("show", help="申请详情：期限、计算过程、事项、文书")
    x.add_argument("no", help="申请编号")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", type=_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_show)
    x = apps.add_parser("import", help="导入已有的 Excel/WPS 台账（.xlsx/.xls/.csv），全部通过才导入")
    x.add_argument("file")
    x.add_argument("--dry-run", action="store_true", help="只检查，不写入台账")
    x.add_argument("--errors", metavar="FILE.xlsx", help="有错误时把出错的行及原因另存为 Excel")
    x.add_argument("--map", action="append", metavar="原文=表三项",
                   help="办理结果或申请人类型的对应，如 “已公开=1”“企业=商业企业”（表三项用代码 1、2、3.1…6.3）")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", type=_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_import)
    x = apps.add_parser("export", help="导出申请台账为 .xlsx（默认证件号码、电话脱敏）")
    x.add_argument("file")
    x.add_argument("--unmask", action="store_true", help="导出完整的证件号码和电话")
    x.add_argument("--year", type=int)
    x.add_argument("--status", choices=("正常", "即将到期", "已逾期", "已暂停", "已办结", "未办结"))
    x.add_argument("--today", type=_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_export)

    x = sub.add_parser("settings", help="查看或修改单位信息（落款、文号前缀、复议机关等）")
    x.add_argument("--set", action="append", metavar="键=值", help="如 organ_name=某市某某局、doc_prefix=某公开")
    x.set_defaults(func=cmd_settings)

    x = sub.add_parser("letter", help="生成答复书、告知书（Word 文档，按 GB/T 9704 排版）")
    x.add_argument("no", nargs="?", help="申请编号")
    x.add_argument("--type", help="文书类型（见 --list-types）")
    x.add_argument("--out", help="保存为（.docx；默认保存在台账旁的“文书”文件夹）")
    x.add_argument("--date", type=_date, help="成文日期（默认今天；重新生成时沿用原日期）")
    x.add_argument("--set", action="append", metavar="键=值", help="文书需要填写的内容，如 correction_items=…")
    x.add_argument("--list-types", action="store_true", help="列出文书类型")
    x.add_argument("--today", type=_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_letter)

    wp = sub.add_parser("workplan", help="工作要点台账").add_subparsers(dest="sub", metavar="子命令", required=True)
    x = wp.add_parser("import", help="读取工作要点（.docx/.txt/.pdf/.xlsx/.csv）并导入工作要点台账")
    x.add_argument("file")
    x.add_argument("--json", action="store_true", help="输出识别结果（JSON）")
    x.add_argument("--dry-run", action="store_true", help="只识别，不保存")
    x.add_argument("--year", type=int, help="年度（文件中没有写明年度时使用）")
    x.set_defaults(func=cmd_workplan_import)
    x = wp.add_parser("export", help="导出工作要点台账（.xlsx，含落实情况）")
    x.add_argument("file")
    x.add_argument("--year", type=int, help="年度（默认最近一年）")
    x.set_defaults(func=cmd_workplan_export)

    x = sub.add_parser("report", help="政府信息公开工作年度报告：report YEAR，或 report aggregate 文件…",
                       description="gongkai report 2026 [--json] [--out 年报.docx] [--xlsx 年报.xlsx]\n"
                       "gongkai report aggregate 单位1.xlsx 单位2.json … --out 汇总.xlsx [--units 单位名单.txt]",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    x.add_argument("what", help="年度（如 2026），或 aggregate")
    x.add_argument("files", nargs="*", help="aggregate：各单位导出的年报 .xlsx 或 .json")
    x.add_argument("--json", action="store_true")
    x.add_argument("--out", help="年报 .docx（aggregate：汇总 .xlsx）")
    x.add_argument("--xlsx", help="年报表格 .xlsx（官方格式，供上传）")
    x.add_argument("--units", help="aggregate：应报送单位名单（文本文件，每行一个）")
    x.add_argument("--today", type=_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_report)

    x = sub.add_parser("demo", help="生成演示数据（只写入空台账）")
    x.add_argument("--applications", type=int, default=200)
    x.add_argument("--tasks", type=int, default=40)
    x.add_argument("--seed", type=int, default=1)
    x.add_argument("--today", type=_date, help="演示数据的“今天”（默认今天）")
    x.set_defaults(func=cmd_demo)

    x = sub.add_parser("backup", help="备份台账（默认保存到本机备份文件夹并轮换）")
    x.add_argument("--to", metavar="DIR", help="另存到指定文件夹（如U盘）")
    x.add_argument("--encrypt", action="store_true", help="用密码加密（与 --to 一起使用；密码在提示时输入）")
    x.add_argument("--list", action="store_true", help="列出本机备份")
    x.set_defaults(func=cmd_backup)
    x = sub.add_parser("restore", help="从备份恢复（先检查备份，并先备份当前台账）")
    x.add_argument("file")
    x.add_argument("--yes", action="store_true", help="不再确认")
    x.set_defaults(func=cmd_restore)
    x = sub.add_parser("check", help="检查台账完整性")
    x.set_defaults(func=cmd_check)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    ctx = Context(args)
    setup_logging(ctx.paths)
    try:
        return args.func(ctx)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except (LedgerError, ClockError, NoticeParseError, DocumentReadError, ValueError,
            OutputFileError) as exc:  # TableReadError, LetterError, TemplateProblem are ValueErrors
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.OperationalError as exc:  # disk full, locked by another writer, read-only file
        from .storage.ledger import explain_sqlite_error

        print(f"错误：{explain_sqlite_error(exc, ctx.db_path)}（未保存任何改动）", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - never show a traceback to an officer
        log.exception("unexpected CLI error")
        print(f"内部错误：{type(exc).__name__}。请将日志文件发给技术支持。", file=sys.stderr)
        return EXIT_ERROR
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
