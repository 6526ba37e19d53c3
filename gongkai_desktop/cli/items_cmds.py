"""`gongkai apps similar|items|split|suggest` and `gongkai report proactive|proactive-decide` (issue 20): the same
information across applicants, items inside an application and the 依申请转主动 review (条例第44条)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from ..core.applications import outcome_name
from ..core.items import EarlierAnswer, ItemError
from .common import EXIT_ERROR, EXIT_OK, Context, parse_date, print_json


def print_earlier(earlier: list[EarlierAnswer]) -> None:
    for e in earlier:
        answer = outcome_name(e.outcome) or "尚未办结"
        extra = "，".join(x for x in (e.basis, e.letter_no, e.replied_on) if x)
        same = "（同一文号）" if e.same_document else f"（相似度 {e.ratio:.0%}）"
        print(f"  {e.no}　{e.applicant}　{e.content}{same}　答复：{answer}" + (f"（{extra}）" if extra else ""))


def _app(ctx: Context, no: str) -> dict[str, Any] | None:
    app = ctx.ledger().applications.get(no)
    if app is None:
        print(f"错误：没有编号为 {no} 的申请。", file=sys.stderr)
    return app


def cmd_similar(ctx: Context) -> int:
    a = ctx.args
    app = _app(ctx, a.no)
    if app is None:
        return EXIT_ERROR
    text = " ".join(filter(None, (app["content_title"], app.get("doc_number"))))
    earlier = ctx.ledger().items.similar(text, exclude_id=app["id"])
    if a.json:
        print_json([e.to_dict() for e in earlier])
        return EXIT_OK
    if not earlier:
        print("没有找到其他申请人对相同或相近信息的申请。")
        return EXIT_OK
    print(f"{app['no']}（{app['content_title']}）：此前对相同或相近信息的申请 {len(earlier)} 件")
    print_earlier(earlier)
    return EXIT_OK


def cmd_items(ctx: Context) -> int:
    a = ctx.args
    ledger = ctx.ledger()
    app = _app(ctx, a.no)
    if app is None:
        return EXIT_ERROR
    repo = ledger.items
    try:
        for text in a.add or []:
            seq = repo.add_item(app, text)
            if not a.json:
                print(f"已添加第{seq}项：{text.strip()}")
        if a.set is not None:
            repo.set_item(app, a.set, a.outcome, a.basis, a.provided)
            if not a.json:
                print(f"已登记第{a.set}项的办理结果。")
    except ItemError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    items = repo.items(app["id"])
    derived = repo.derived_outcome(app["id"])
    if a.json:
        print_json({"no": app["no"], "items": items, "derived_outcome": derived, "links": repo.links(app["id"])})
        return EXIT_OK
    if a.list or not (a.add or a.set is not None):
        if not items:
            print("本件申请尚未分项（申请内容即一项）。")
        for i in items:
            print(f"  {i['seq']}. {i['content']}　{outcome_name(i['outcome']) or '（未登记结果）'}"
                  + (f"（{i['basis']}）" if i["basis"] else "") + (f"　提供：{i['provided']}" if i["provided"] else ""))
    if derived:
        print(f"整件申请计入表三：{outcome_name(derived)}（按 core/items.py 的分项合并规则）")
    return EXIT_OK


def cmd_split(ctx: Context) -> int:
    from ..services.items import ItemsService

    a = ctx.args
    try:
        made = ItemsService(ctx.ledger()).split(a.no, a.today)
    except ItemError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    if a.json:
        print_json({"no": a.no, "new": made})
        return EXIT_OK
    print(f"已按“一事一申请”将 {a.no} 拆分为：{'、'.join(made)}（原申请保留第1项，关联已记录）。")
    return EXIT_OK


def cmd_suggest(ctx: Context) -> int:
    a = ctx.args
    app = _app(ctx, a.no)
    if app is None:
        return EXIT_ERROR
    ctx.ledger().items.set_suggestion(app, a.text)
    print(f"已登记 {a.no} 申请人提出的转为主动公开建议（条例第44条第2款）。")
    return EXIT_OK


def _period(a: Any) -> tuple[str, str]:
    year = a.year or a.today.year
    return f"{year}-01-01", f"{year}-12-31"


def cmd_proactive(ctx: Context) -> int:
    a = ctx.args
    ledger = ctx.ledger()
    start, end = _period(a)
    least = a.min or ledger.rules.proactive_min_applicants
    groups = ledger.items.proactive(start, end, least)
    suggestions = ledger.items.suggestions(start, end)
    if a.json:
        print_json({"period": [start, end], "min_applicants": least, "groups": [g.to_dict() for g in groups],
                    "suggestions": suggestions})
        return EXIT_OK
    print(f"依申请转主动审查（{start[:4]}年，同一信息 {least} 名以上申请人申请且已公开）：{len(groups)} 项")
    for g in groups:
        d = g.decision
        state = (f"{d['decision']}（{d['day']}，{d['reviewer']}" + (f"，{d['column_name'] or ''}{d['url'] or ''}"
                 if d["decision"] == "转为主动公开" else f"，{d['reason']}") + "）") if d else "待审查"
        print(f"  {g.key}　{g.applicants}人申请　{'、'.join(g.nos)}　{state}")
    for s in suggestions:
        print(f"  申请人建议：{s['no']}　{s['content_title']}　{s['proactive_suggestion']}")
    return EXIT_OK


def cmd_proactive_decide(ctx: Context) -> int:
    a = ctx.args
    ledger = ctx.ledger()
    start, end = _period(a)
    groups = ledger.items.proactive(start, end, a.min or ledger.rules.proactive_min_applicants)
    group = next((g for g in groups if g.key == a.key or a.key in g.nos), None)
    if group is None:
        print(f"错误：{start[:4]}年的转主动审查清单中没有“{a.key}”（可用信息标识或其中任一申请编号）。", file=sys.stderr)
        return EXIT_ERROR
    try:
        ledger.items.decide(group, a.decision, a.reason or "", (a.date or a.today).isoformat(), a.by or "",
                            a.column or "", a.url or "")
    except ItemError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"已记录：{group.key} {a.decision}。")
    return EXIT_OK


def register(sub: Any, groups: dict[str, Any]) -> None:
    apps = groups["apps"]
    x = apps.add_parser("similar", help="其他申请人此前对相同或相近信息的申请及答复")
    x.add_argument("no")
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=cmd_similar)

    x = apps.add_parser("items", help="申请内容分项：添加、登记每项的办理结果、列出")
    x.add_argument("no")
    x.add_argument("--add", action="append", metavar="内容", help="添加一项（可重复）")
    x.add_argument("--set", type=int, metavar="项号", help="登记第N项的办理结果")
    x.add_argument("--outcome", metavar="代码", help="该项的办理结果（表三代码，如 1、3.4、4.1）")
    x.add_argument("--basis", metavar="依据", help="该项的依据（条款）")
    x.add_argument("--provided", metavar="文件", help="该项提供的文件")
    x.add_argument("--list", action="store_true")
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=cmd_items)

    x = apps.add_parser("split", help="按“一事一申请”把多项申请拆分为几件申请（编号新取，关联保留）")
    x.add_argument("no")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_split)

    x = apps.add_parser("suggest", help="登记申请人提出的转为主动公开建议（条例第44条第2款）")
    x.add_argument("no")
    x.add_argument("text", metavar="建议内容")
    x.set_defaults(func=cmd_suggest)


def register_report(x: Any) -> None:
    """Options of `gongkai report proactive|proactive-decide` on the report parser (one parser, `what` first)."""
    x.add_argument("--min", type=int, metavar="人数", help="proactive：同一信息的申请人数下限（默认按设置）")
    x.add_argument("--key", metavar="信息", help="proactive-decide：信息标识或其中任一申请编号")
    x.add_argument("--decision", choices=("转为主动公开", "不转"), help="proactive-decide：审查决定")
    x.add_argument("--reason", metavar="理由", help="proactive-decide：理由")
    x.add_argument("--date", type=parse_date, metavar="日期", help="proactive-decide：决定日期（默认今天）")
    x.add_argument("--by", metavar="审核人", help="proactive-decide：审核人")
    x.add_argument("--column", metavar="栏目", help="proactive-decide：公开栏目")
    x.add_argument("--url", metavar="网址", help="proactive-decide：公开网址")
