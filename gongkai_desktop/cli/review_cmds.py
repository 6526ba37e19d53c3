"""`gongkai review add|list|answer|decide` and `gongkai apps reopen`: 行政复议 / 行政诉讼 from the agency's side —
the answer deadline, the 复议答复书 / 行政诉讼答辩状 with its 证据目录 and evidence bundle, the decision, and the
重新答复 it may order (services/reviews.py; the same checks as the window). `gongkai review NO-OR-ID --answer-out F`
is short for `gongkai review answer NO-OR-ID --answer-out F`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..core.reviews import OUTCOMES, REOPEN_DEFAULT_DAYS, REOPEN_SOURCES, REVIEW_TYPES
from ..core.steps import StepError
from .common import EXIT_ERROR, EXIT_OK, Context, UsageError, parse_date, print_json

SUBCOMMANDS = ("add", "list", "answer", "decide")


def normalise_argv(argv: list[str]) -> list[str]:
    """`review 2026-0012 --answer-out F` → `review answer 2026-0012 --answer-out F`."""
    for i, word in enumerate(argv):
        if word == "review":
            rest = argv[i + 1:]
            if rest and not rest[0].startswith("-") and rest[0] not in SUBCOMMANDS:
                return [*argv[:i + 1], "answer", *rest]
            return argv
        if not word.startswith("-") and (i == 0 or argv[i - 1] != "--db"):
            return argv
    return argv


def _service(ctx: Context) -> Any:
    from ..paths import resources_dir
    from ..services.reviews import ReviewService

    return ReviewService.for_ledger(ctx.ledger(), resources_dir() / "templates")


def cmd_review_add(ctx: Context) -> int:
    from ..services.reviews import ReviewServiceError, deadline_of

    a = ctx.args
    service = _service(ctx)
    try:
        review_id = service.add(a.no, a.type, a.organ, a.copy_received, a.simplified, a.filed, a.note or "")
    except ReviewServiceError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    row = service.ledger.reviews.get(review_id)
    d = deadline_of(row, service.ledger.calendar.load())
    assert d is not None  # --copy-received is required
    print(f"已登记{row['kind']}（记录 {review_id}），{d.label}：{d.due.isoformat()}。")
    for line in d.trail:
        print(f"  {line}")
    if d.provisional:
        print("提醒：期限跨入尚未公布放假安排的年度，结果为暂定。", file=sys.stderr)
    return EXIT_OK


def cmd_review_list(ctx: Context) -> int:
    a = ctx.args
    service = _service(ctx)
    if a.due_within is not None:
        items = service.due_items(a.today, a.due_within)
        if a.json:
            print_json([i.to_json() for i in items])
            return EXIT_OK
        if not items:
            print(f"{a.due_within}天内没有到期的复议答复、诉讼答辩或重新答复期限。")
        for i in items:
            print(f"{i.due.isoformat()}  {i.label}  {i.no}  {i.applicant}  {i.status}"
                  + (f"  （记录 {i.review_id}）" if i.review_id else ""))
        return EXIT_OK
    rows = service.listing(a.today)
    if a.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print("台账中没有复议或诉讼记录。")
    for r in rows:
        print(f"[{r['id']}] {r['app_no']} {r['applicant']} {r['kind']}（{r['procedure']}程序） {r['organ'] or ''} "
              f"收到副本 {r['copy_received'] or '未填'} 期限 {r['due'] or '—'} {r['status']} "
              f"结果 {r['outcome'] or r['result']}")
    return EXIT_OK


def cmd_review_answer(ctx: Context) -> int:
    from ..documents.atomic import OutputFileError
    from ..documents.letter_docx import TemplateProblem
    from ..services.reviews import ReviewServiceError

    a = ctx.args
    if not a.answer_out.lower().endswith(".docx"):
        raise UsageError("--answer-out 须为 .docx 文件。")
    service = _service(ctx)
    try:
        done = service.answer(a.key, Path(a.answer_out).resolve(), a.today,
                              Path(a.bundle).resolve() if a.bundle else None)
    except (ReviewServiceError, TemplateProblem, OutputFileError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"已生成：{done.path}（证据目录 {len(done.evidence)} 项）")
    if done.bundle is not None:
        print(f"证据材料已导出到：{done.bundle}")
    return EXIT_OK


def cmd_review_decide(ctx: Context) -> int:
    from ..services.reviews import ReviewServiceError

    a = ctx.args
    try:
        row = _service(ctx).decide(a.id, a.result, a.date, a.doc_no or "")
    except ReviewServiceError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"已登记决定（裁判）结果：{row['outcome']}（表四：{row['result']}），{row['decided']}"
          + (f"，{row['doc_no']}" if row.get("doc_no") else "") + "。")
    if row["outcome"] == "责令重新答复":
        print(f"下一步：gongkai apps reopen {row['app_no']} --source "
              f"{'复议决定' if row['kind'] == '行政复议' else '判决'} --date 收到决定书日期")
    return EXIT_OK


def cmd_apps_reopen(ctx: Context) -> int:
    from ..services.case import CaseService

    a = ctx.args
    values: dict[str, Any] = {"day": a.date, "source": a.source, "period_days": a.days, "doc_no": a.doc_no,
                              "decided": a.decided, "review_id": a.review, "note": a.note}
    try:
        done = CaseService(ctx.ledger()).record(a.no, "reopen", {k: v for k, v in values.items() if v is not None},
                                                a.today)
    except StepError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    from ..core.reviews import reopen_due

    due = reopen_due(a.date, a.days or REOPEN_DEFAULT_DAYS, ctx.ledger().calendar.load())
    print(done.message.rstrip("。") + f"；重新答复期限：{due.isoformat()}。")
    print(f"作出新的答复后：gongkai apps step {a.no} re-reply --date 日期 --outcome 代码，再出具答复书并登记送达。")
    return EXIT_OK


def register(sub: Any, groups: dict[str, Any]) -> None:
    review = sub.add_parser("review", help="行政复议、行政诉讼：答复（答辩）期限、答复书和证据目录、决定结果").add_subparsers(
        dest="sub", metavar="子命令", required=True)
    today = {"type": parse_date, "default": date.today(), "help": argparse.SUPPRESS}

    x = review.add_parser("add", help="登记行政复议或行政诉讼，计算本机关的答复（答辩）期限")
    x.add_argument("no", help="申请编号")
    x.add_argument("--type", required=True, choices=REVIEW_TYPES, help="复议或诉讼（复议后起诉自动识别）")
    x.add_argument("--organ", required=True, help="复议机关或人民法院")
    x.add_argument("--copy-received", type=parse_date, required=True, help="收到申请书副本或起诉状副本的日期")
    x.add_argument("--simplified", action="store_true", help="行政复议适用简易程序（5个工作日内答复）")
    x.add_argument("--filed", type=parse_date, help="申请人申请复议（起诉）的日期（不填则同收到副本日期）")
    x.add_argument("--note", help="备注")
    x.add_argument("--today", **today)
    x.set_defaults(func=cmd_review_add)

    x = review.add_parser("list", help="复议诉讼记录及期限")
    x.add_argument("--due-within", type=int, metavar="N", help="只列N天内到期（含已逾期）的答复、答辩和重新答复期限")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", **today)
    x.set_defaults(func=cmd_review_list)

    x = review.add_parser("answer", help="生成复议答复书或行政诉讼答辩状（含证据目录），可导出证据材料")
    x.add_argument("key", metavar="NO-OR-ID", help="申请编号（取其最近的复议诉讼记录）或记录编号")
    x.add_argument("--answer-out", required=True, help="答复书（答辩状）保存位置（.docx）")
    x.add_argument("--bundle", help="证据材料导出到的文件夹（按证据目录顺序，含答复书）")
    x.add_argument("--today", **today)
    x.set_defaults(func=cmd_review_answer)

    x = review.add_parser("decide", help="登记复议决定或裁判结果")
    x.add_argument("id", type=int, help="复议诉讼记录编号（review list 中方括号内）")
    x.add_argument("--result", required=True, choices=OUTCOMES, help="维持、撤销、确认违法、责令重新答复、驳回、撤回、其他")
    x.add_argument("--date", type=parse_date, required=True, help="决定（裁判）日期")
    x.add_argument("--doc-no", help="决定书（判决书）文号")
    x.add_argument("--today", **today)
    x.set_defaults(func=cmd_review_decide)

    x = groups["apps"].add_parser("reopen", help="已办结的申请重新答复：登记来由和期限（原答复不变）")
    x.add_argument("no", help="申请编号")
    x.add_argument("--source", required=True, choices=REOPEN_SOURCES, help="来由：复议决定、判决、自行纠正")
    x.add_argument("--date", type=parse_date, required=True, help="收到决定书（判决书）日期；自行纠正为决定纠正日期")
    x.add_argument("--days", type=int, help=f"重新答复期限（工作日，默认{REOPEN_DEFAULT_DAYS}）")
    x.add_argument("--doc-no", help="决定书（判决书）文号")
    x.add_argument("--decided", type=parse_date, help="决定（判决）作出日期")
    x.add_argument("--review", type=int, help="对应的复议诉讼记录编号")
    x.add_argument("--note", help="备注")
    x.add_argument("--today", **today)
    x.set_defaults(func=cmd_apps_reopen)
