"""`gongkai apps list|show|import|export`: reading, importing and exporting the application ledger."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..core.clock import ClockError, EventKind
from ..core.workdays import WorkCalendar, cn_date, weekday_name
from ..storage.applications_query import STATUSES
from ..storage.ledger import Ledger
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    Context,
    UsageError,
    parse_date,
    print_json,
)


def _app_filter(ctx: Context, ledger: Ledger) -> tuple[Any, WorkCalendar]:
    from ..storage.applications_query import ApplicationFilter

    cal = ledger.calendar.load()
    today = ctx.args.today
    flt = ApplicationFilter(today=today, soon_until=cal.add_workdays(today, ledger.rules.due_soon_days))
    return flt, cal


def _list_item(row: dict[str, Any], flt: Any, lapse: str | None = None) -> dict[str, Any]:
    from ..core.applications import outcome_name
    from ..core.clock import status_from_cache

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
        "provisional": bool(row["provisional"]) and row["state"] != "closed",  # a closed case's dates are final
        "lapse": lapse,  # 逾期不补正 / 逾期未缴费 when that window has run out and nothing is recorded yet
        "late": bool(row.get("late_reply")),  # 超期答复, judged on the 送达 date where one is recorded
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
    if a.lapsed:
        if a.overdue or a.due_within is not None or a.status or a.year or a.handler or a.search:
            raise UsageError("--lapsed 不能与其他筛选条件同时使用。")
        found = [(app, r) for app, r in ledger.applications.paused_clocks(cal, flt.today, limit=1_000_000)
                 if r.lapse_pending is not None]
        rows = [app for app, _ in found][: a.limit]
        lapses = {app["no"]: r.lapse_pending.label for app, r in found if r.lapse_pending is not None}
        total = len(found)
    else:
        rows = ledger.query.page(flt, sort=sort, descending=sort == "received", limit=a.limit)
        lapses = _lapses(ledger, cal, flt.today, rows)
        total = None
    items = [_list_item(r, flt, lapses.get(r["no"])) for r in rows]
    if a.json:
        print_json(items)
        return EXIT_OK
    if total is None:
        total = ledger.query.count(flt)
    for it, row in zip(items, rows, strict=True):
        due = it["due"] or "—"  # the legal deadline, as the window's 答复期限 column (issue 28)
        if it["closed_on"]:
            due += f"（{it['closed_on']}办结" + ("，超期" if it["late"] else "") + "）"
        elif it["provisional"]:
            due += "（暂定）"
        title = row["content_title"]
        title = title if len(title) <= 24 else title[:23] + "…"
        print(f"{it['no']}  {it['received']}  {it['status']:<4}  {due:<14}  {it['applicant']}  {title}"
              + (f"  〔{it['outcome']}〕" if it["outcome"] else "")
              + (f"  〔期限已届满，待登记“{it['lapse']}”〕" if it["lapse"] else ""))
    shown = f"显示 {len(items)} 件" + (f"（共 {total} 件，用 --limit 显示更多）" if total > len(items) else "")
    print(shown if items else "没有符合条件的申请。")
    return EXIT_OK


def _lapses(ledger: Ledger, cal: WorkCalendar, today: date, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Lapse prompts for the paused rows shown (their 补正 or payment window has run out)."""
    out: dict[str, str] = {}
    for row in rows:
        if row["state"] != "paused":
            continue
        try:
            result = ledger.applications.clock(row, cal, today)
        except ClockError:
            continue
        if result.lapse_pending is not None:
            out[row["no"]] = result.lapse_pending.label
    return out


def cmd_apps_show(ctx: Context) -> int:
    from ..core.applications import OUTCOME_BY_CODE, mask_id, mask_phone
    from ..core.registration import identity_reminder, registration_flags

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
        for e in ledger.applications.event_rows(app["id"]) if e["kind"] in EventKind._value2member_map_
    ]
    from ..core.steps import STEP_BY_SLUG
    from ..services.case import CaseService

    # undone events and steps stay on file, struck through in the window (issue 24: the same state in both)
    undone = [{"kind": e["kind"], "label": STEP_BY_SLUG[e["kind"]].label if e["kind"] in STEP_BY_SLUG else e["kind"],
               "clock": e["kind"] in EventKind._value2member_map_, "day": e["day"],
               "undone_at": e["voided_at"], "reason": e["void_reason"]}
              for e in ledger.applications.event_rows(app["id"], include_voided=True) if e["voided_at"]]
    archived = ledger.archives.active(app["id"])
    view = CaseService(ledger).view(app["no"], flt.today)
    letters = [{"type": r["type"], "doc_number": r["doc_number"], "issued": r["issued"], "file": r["file"]}
               for r in ledger.letters.for_application(app["id"])]
    lapse = result.lapse_pending.label if result.lapse_pending else None
    item = _list_item({**app, "content_title": app["content_title"]}, flt, lapse)
    item["status"] = result.status.value
    data = item | {
        "channel": app["channel"],
        "content": app["content_title"],
        "handler": app["handler"],
        "id_number": mask_id(app["id_number"] or app["credit_code"]),
        "flags": registration_flags(app),  # 缺身份证明 (issue 28)
        "phone": mask_phone(app["phone"]),
        "outcome_label": OUTCOME_BY_CODE[app["outcome"]].full if app["outcome"] in OUTCOME_BY_CODE else None,
        "outcome_basis": app["outcome_basis"],
        "fee": {"method": app["fee_method"], "units": app["fee_units"], "amount": app["fee_amount"],
                "paid": app["fee_paid_amount"]} if app["fee_method"] else None,
        "events": events,
        "letters": letters,
        "undone": undone,
        "attachments": [{k: a.get(k) for k in ("id", "name", "added", "archive_class")}
                        for a in ledger.attachments.for_application(app["id"])],
        "archived": {k: archived[k] for k in ("file_no", "day", "retention")} if archived else None,
        "reviews": [{k: r[k] for k in ("kind", "filed", "organ", "decided", "result")}
                    for r in ledger.reviews.for_application(app["id"])],
        "steps": view.steps,
        "chain_stage": None if view.state.closed else view.state.chain_stage(),
        "internal_deadlines": [{"kind": d.kind, "label": d.label, "due": d.due.isoformat()} for d in view.internal],
        # 送达 and the evidence (issue 17): the date the reply's timeliness was judged on, and why
        "reply_timely_by": view.timeliness.counted.isoformat() if view.timeliness else None,
        "reply_timeliness": {"basis": view.timeliness.basis, "why": view.timeliness.why, "late": view.timeliness.late,
                             "late_days": view.timeliness.late_days} if view.timeliness else None,
        "deliveries": view.deliveries,
        "records": [{k: r[k] for k in ("id", "kind", "label", "date", "data", "text")} for r in view.records],
        "forms": [{k: f[k] for k in ("type", "made", "file", "sha256")} for f in view.forms],
        "case_warnings": view.warnings,
        "sub_deadlines": {k: v.isoformat() for k, v in result.sub_deadlines.items()},
        "trail": result.trail,
        "warnings": result.warnings,
    }
    if ctx.args.json:
        print_json(data)
        return EXIT_OK
    print(f"{app['no']}　{app['applicant']}（{app['category']}）　{data['status']}"
          + (f"（已归档，档号 {archived['file_no']}）" if archived else ""))
    print(f"申请内容：{app['content_title']}")
    print(f"申请方式：{app['channel']}　收到日期：{cn_date(date.fromisoformat(app['received']))}"
          f"　承办人：{app['handler'] or '—'}")
    reminder = identity_reminder(app, any(e["kind"] == EventKind.CORRECTION_REQUESTED.value for e in events))
    if reminder:
        print(f"标注：{reminder}")
    if result.due and not result.closed_on:
        print(f"答复期限：{cn_date(result.due)}（{weekday_name(result.due)}）" + ("（暂定）" if result.provisional else ""))
    if result.lapse_prompt:
        print(f"提示：{result.lapse_prompt}")
    if data["outcome_label"]:
        print(f"办理结果：{data['outcome_label']}（{app['outcome_basis'] or ''}）")
    for name, d in result.sub_deadlines.items():
        print(f"  {name}：{cn_date(d)}")
    if events or undone:
        print("办理事项（撤销的保留在记录中）：" if undone else "办理事项：")
        for e in events:
            print(f"  {e['day']} {e['label']}" + (f"（{e['note']}）" if e["note"] else ""))
        for u in undone:
            print(f"  {u['day']} {u['label']}（已撤销" + (f"：{u['reason']}" if u["reason"] else "") + "）")
    if view.steps:
        print("内部审批与送达：" + ("" if view.state.closed else f"（{view.state.chain_stage()}）"))
        for st in view.steps:
            extra = "；".join(x for x in (st["result"], st["opinion"]) if x)
            print(f"  {st['date']} {st['label']}　{st['by']}" + (f"（{extra}）" if extra else ""))
    for dl in view.internal:
        print(f"内部期限：{dl.label} {cn_date(dl.due)}")
    for dv in view.deliveries:
        print(f"送达：{dv['date']} {dv['method']} {dv['letter_name']}" + (f" 邮件号{dv['tracking']}" if dv["tracking"] else "")
              + (f" 签收/妥投{dv['delivered']}" if dv["delivered"] else ""))
    if view.timeliness is not None:
        print(f"是否按期：{view.timeliness.label}（{view.timeliness.why}）")
    for r in view.records:
        print(f"{r['label']}：{r['date']} {r['text']}")
    for att in data["attachments"]:
        print(f"附件 {att['id']}：{att['name']}（{att['added'][:10]}" + (f"，归档类别：{att['archive_class']}" if att["archive_class"] else "") + "）")
    for w in view.warnings:
        print(f"提醒：{w}")
    print("计算过程：")
    for line in result.trail:
        print(f"  {line}")
    return EXIT_OK


def _hint_outcome_map(rows: list[Any]) -> None:
    """Unmapped 办理结果 texts: name the option that fixes them and the codes to choose from."""
    import re

    from ..core.applications import OUTCOMES

    texts = sorted({m for r in rows for e in r.errors for m in re.findall(r"办理结果“(.+?)”无法对应表三", e)})
    if texts:
        example = " ".join(f'--map "{t}=代码"' for t in texts[:3])
        codes = "；".join(f"{o.code} {o.full}" for o in OUTCOMES)
        print(f"提示：用 {example} 指定这些办理结果对应的表三项。可用代码：{codes}", file=sys.stderr)


def cmd_apps_import(ctx: Context) -> int:
    from ..core.applications import CATEGORIES, OUTCOME_BY_CODE
    from ..core.ledger_import import guess_mapping, parse_rows
    from ..documents.applications_xlsx import write_import_errors
    from ..documents.table_reader import read_table
    from ..storage.import_writer import ImportRejected, check_import, import_rows

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
    for r in rows:  # e.g. a wrong ID check digit: imported as it is, to be checked (issue 28)
        for w in r.warnings:
            print(f"提醒：第{r.line}行：{w}", file=sys.stderr)
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
        _hint_outcome_map(exc.rows)
        if a.errors:
            write_import_errors(table.headers, table.rows, table.first_line, {r.line: r.errors for r in exc.rows},
                                Path(a.errors))
            print(f"出错的行已保存到 {a.errors}", file=sys.stderr)
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    if a.json:
        print_json({"imported": len(result.imported), "skipped": len(result.skipped), "dry_run": a.dry_run,
                    "warnings": [{"line": r.line, "text": w} for r in rows for w in r.warnings],
                    "columns": {key: table.headers[i] for i, key in mapping.items()}})
    else:
        verb = "检查通过，可导入" if a.dry_run else "已导入"
        print(f"{verb} {len(result.imported)} 件申请（工作表：{table.sheet}）；"
              f"已在台账中、跳过 {len(result.skipped)} 行。"
              + ("未写申请编号的行按收到日期先后编号。" if any(not r.values["no"] for r in rows) else ""))
    return EXIT_OK


def cmd_apps_export(ctx: Context) -> int:
    from ..core.clock import status_from_cache
    from ..documents.applications_xlsx import write_applications_xlsx

    a = ctx.args
    if not a.file.lower().endswith(".xlsx"):
        raise UsageError("导出文件须为 .xlsx。")
    ledger = ctx.ledger()
    flt, _cal = _app_filter(ctx, ledger)
    flt.year, flt.status = a.year, a.status
    n = write_applications_xlsx(
        ledger.query.iter_all(flt), Path(a.file),
        lambda r: status_from_cache(r["state"], r["due"], flt.today, flt.soon_until).value, mask=not a.unmask,
        items=ledger.items.all_items())
    print(f"已导出 {n} 件申请到 {a.file}" + ("" if a.unmask else "（证件号码和电话已脱敏）") + "。")
    return EXIT_OK




def register(sub: Any, groups: dict[str, Any]) -> None:
    apps = groups["apps"]
    x = apps.add_parser("list", help="申请列表（默认按收到日期倒序）")
    x.add_argument("--json", action="store_true")
    x.add_argument("--overdue", action="store_true", help="只列已逾期的")
    x.add_argument("--due-within", type=int, metavar="N", help="只列 N 个工作日内到期的")
    x.add_argument("--status", choices=STATUSES)
    x.add_argument("--year", type=int, help="收到申请的年度")
    x.add_argument("--handler", help="承办人")
    x.add_argument("--search", help="按申请人、申请内容、编号或证件号码前几位查找")
    x.add_argument("--limit", type=int, default=100, help="最多显示多少件（默认100）")
    x.add_argument("--lapsed", action="store_true",
                   help="只列补正期限或缴费期限已届满、尚未登记“逾期不补正”“逾期未缴费”的暂停件")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_list)
    x = apps.add_parser("show", help="申请详情：期限、计算过程、事项、文书")
    x.add_argument("no", help="申请编号")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_show)
    x = apps.add_parser("import", help="导入已有的 Excel/WPS 台账（.xlsx/.xls/.csv），全部通过才导入")
    x.add_argument("file")
    x.add_argument("--dry-run", action="store_true", help="只检查，不写入台账")
    x.add_argument("--errors", metavar="FILE.xlsx", help="有错误时把出错的行及原因另存为 Excel")
    x.add_argument("--map", action="append", metavar="原文=表三项",
                   help="办理结果或申请人类型的对应，如 “已公开=1”“企业=商业企业”（表三项用代码 1、2、3.1…6.3）")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_import)
    x = apps.add_parser("export", help="导出申请台账为 .xlsx（默认证件号码、电话脱敏）")
    x.add_argument("file")
    x.add_argument("--unmask", action="store_true", help="导出完整的证件号码和电话")
    x.add_argument("--year", type=int)
    x.add_argument("--status", choices=STATUSES)
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_export)

