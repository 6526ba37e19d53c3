"""`gongkai workplan import|export`: the 工作要点 ledger."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..core.errors import DomainError
from .common import (
    EXIT_OK,
    Context,
    UsageError,
    print_json,
)


def cmd_workplan_import(ctx: Context) -> int:
    from ..core.workplan import count_text
    from ..documents.workplan_reader import read_workplan

    a = ctx.args
    plan = read_workplan(Path(a.file), a.year)
    if a.year:
        plan.year = a.year
    if a.json:
        print_json(plan.to_json())
    else:
        print(f"{plan.title or Path(a.file).name}　{plan.issuer}　{plan.doc_number}　{plan.year or '（年度未识别）'}年")
        for section in plan.tasks:
            print(f"  {section['code']}{section['title']}（{len(section['children'])}项）")
        print(f"{count_text(plan.tasks)}。")
    for w in plan.warnings:
        print(f"注意：{w}", file=sys.stderr)
    if a.dry_run:
        return EXIT_OK
    if not plan.tasks:
        raise DomainError("没有识别出任何任务，未导入。")
    if plan.year is None:
        raise UsageError("文件中没有找到年度，请用 --year 指定。")
    result = ctx.ledger().tasks.merge_tree(plan.year, plan.tasks, Path(a.file).name, plan.to_json())
    print(f"已保存到{plan.year}年工作要点台账：新增{result.added}项，更新{result.updated}项"
          + (f"；原有{len(result.missing)}项在新文件中没有，已保留" if result.missing else "") + "。",
          file=sys.stderr if a.json else sys.stdout)
    return EXIT_OK


def cmd_workplan_export(ctx: Context) -> int:
    from ..core.workplan import implementation_summary
    from ..documents.tasks_xlsx import write_tasks_xlsx

    a = ctx.args
    if not a.file.lower().endswith(".xlsx"):
        raise UsageError("导出文件须为 .xlsx。")
    tasks = ctx.ledger().tasks
    years = tasks.years()
    year = a.year or (years[0] if years else None)
    if year is None or year not in years:
        raise DomainError(f"台账中没有{year or ''}年的工作要点。")
    counts = tasks.status_counts(year)
    unfinished = [t["title"] for t in tasks.leaves(year) if t["state"] in ("未启动", "推进中", "未完成")]
    summary = implementation_summary(year, counts, unfinished, tasks.review_counts(year))
    write_tasks_xlsx(year, tasks.list(year), tasks.evidence(year), summary, counts, Path(a.file),
                     tasks.units.by_task(year))
    print(f"已导出{year}年工作要点台账到 {a.file}。{summary}")
    return EXIT_OK




def register(sub: Any, groups: dict[str, Any]) -> None:
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

