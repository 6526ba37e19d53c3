"""`gongkai archive …` — 归档: checklist, 档号, 撤销归档 and export for the 档案室 (domain.md §8.7)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..core.archive import ATTACHMENT_CLASSES, RETENTIONS, ArchiveError
from .common import EXIT_ERROR, EXIT_OK, Context, parse_date, print_json


def cmd_check(ctx: Context) -> int:
    from ..services.archive import ArchiveService

    try:
        plan = ArchiveService(ctx.ledger()).plan(ctx.args.no, ctx.args.today)
    except ArchiveError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    state = f"已归档（{plan.archived['day']}）" if plan.archived else "未归档"
    print(f"{ctx.args.no}　{state}　档号：{plan.file_no or '（未能编定）'}　保管期限：{plan.retention}")
    for item in plan.checklist.items:
        print(f"  {'✓' if item.satisfied else '✗'} {item.title}：{item.by if item.satisfied else item.missing}")
    for problem in plan.checklist.problems:
        print(f"  ✗ {problem}")
    if plan.number_problem:
        print(f"  ✗ {plan.number_problem}")
    ready = plan.checklist.complete and not plan.number_problem
    if plan.archived is None:
        print("可以归档。" if ready else f"不能归档：还缺{len(plan.checklist.gaps) + bool(plan.number_problem)}项。")
    return EXIT_OK if ready or plan.archived else EXIT_ERROR


def cmd_file(ctx: Context) -> int:
    from ..services.archive import ArchiveService

    try:
        plan = ArchiveService(ctx.ledger()).archive(ctx.args.no, ctx.args.today, ctx.args.retention, ctx.args.date)
    except ArchiveError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"{ctx.args.no} 已归档：档号 {plan.file_no}，保管期限 {plan.retention}，归档日期 {plan.day.isoformat()}。"
          "此后该申请只读，修改须先撤销归档。")
    return EXIT_OK


def cmd_undo(ctx: Context) -> int:
    from ..services.archive import ArchiveService

    try:
        row = ArchiveService(ctx.ledger()).undo(ctx.args.no, ctx.args.reason)
    except ArchiveError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"已撤销 {ctx.args.no} 的归档（原档号 {row['file_no']}），原因已记入操作日志。")
    return EXIT_OK


def cmd_attach(ctx: Context) -> int:
    from ..services.archive import ArchiveService

    try:
        row = ArchiveService(ctx.ledger()).attach(ctx.args.no, Path(ctx.args.file), ctx.args.cls)
    except ArchiveError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"已添加附件“{row['name']}”（编号 {row['id']}）" + (f"，归档类别：{ctx.args.cls}。" if ctx.args.cls else "。"))
    return EXIT_OK


def cmd_class(ctx: Context) -> int:
    from ..services.archive import ArchiveService

    try:
        ArchiveService(ctx.ledger()).set_class(ctx.args.no, ctx.args.id, ctx.args.cls)
    except ArchiveError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"附件 {ctx.args.id} 的归档类别已设为“{ctx.args.cls}”。")
    return EXIT_OK


def cmd_export(ctx: Context) -> int:
    from ..services.archive_export import export

    if bool(ctx.args.no) == (ctx.args.year is not None):
        print("错误：请指定一个申请编号，或用 --year 指定年度。", file=sys.stderr)
        return 2
    try:
        result = export(ctx.ledger(), Path(ctx.args.out), [ctx.args.no] if ctx.args.no else None, ctx.args.year)
    except ArchiveError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    if ctx.args.json:
        print_json({"folder": str(result.folder), "cases": result.cases, "pages": result.pages,
                    "not_converted": result.not_converted})
    else:
        print(f"已导出{len(result.cases)}件到 {result.folder}，共{sum(result.pages.values())}页。")
        if result.not_converted:
            print("以下文件未能转换为PDF（已原样复制，并在卷内目录备注中注明）：")
            for line in result.not_converted:
                print("  " + line)
    return EXIT_OK


def register(sub: Any, groups: dict[str, Any]) -> None:
    archive = sub.add_parser("archive", help="归档：检查、归档、撤销归档、导出").add_subparsers(
        dest="sub", metavar="子命令", required=True)
    x = archive.add_parser("check", help="列出归档应有的材料和缺项")
    x.add_argument("no")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_check)
    x = archive.add_parser("file", help="归档一件申请（给定档号、保管期限；此后只读）")
    x.add_argument("no")
    x.add_argument("--retention", choices=RETENTIONS, help="保管期限（默认按设置中的保管期限表）")
    x.add_argument("--date", type=parse_date, help="归档日期（默认今天）")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_file)
    x = archive.add_parser("undo", help="撤销归档（须写明原因，记入日志）")
    x.add_argument("no")
    x.add_argument("--reason", required=True)
    x.set_defaults(func=cmd_undo)
    x = archive.add_parser("attach", help="为申请添加附件（扫描件）并设定归档类别")
    x.add_argument("no")
    x.add_argument("file")
    x.add_argument("--class", dest="cls", choices=ATTACHMENT_CLASSES)
    x.set_defaults(func=cmd_attach)
    x = archive.add_parser("class", help="设定已有附件的归档类别")
    x.add_argument("no")
    x.add_argument("id", type=int, help="附件编号（apps show --json 的 attachments）")
    x.add_argument("--class", dest="cls", choices=ATTACHMENT_CLASSES, required=True)
    x.set_defaults(func=cmd_class)
    x = archive.add_parser("export", help="导出一件或一个年度的归档文件（卷内目录、PDF）")
    x.add_argument("no", nargs="?")
    x.add_argument("--year", type=int)
    x.add_argument("--out", required=True, help="导出到的文件夹")
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=cmd_export)
