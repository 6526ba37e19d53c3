"""`gongkai report`: the annual report (tables, text, 表二, 定稿, 更正说明), 表三 for any period, and the
aggregation of units' reports."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..core.errors import DomainError
from ..documents.text import read_text
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    Context,
    UsageError,
    parse_date,
    print_json,
)

USAGE = ("gongkai report 2026 [--json] [--out 年报.docx] [--xlsx 年报.xlsx] [--section2 规章=0,0,2 …] "
         "[--text 一=正文.txt] [--finalise | --unlock 原因 | --correction 说明] [--tag-task 任务ID=部分]\n"
         "gongkai report table --from 2025-07-01 --to 2025-09-30 | --quarter 2025Q3 [--xlsx 表三.xlsx] [--json]\n"
         "gongkai report aggregate 单位1.xlsx 单位2.json … --out 汇总.xlsx [--year 2025] [--pick 单位=文件名] "
         "[--units 单位名单.txt]\n"
         "gongkai report proactive --year 2026 [--min 3] [--json]\n"
         "gongkai report proactive-decide --year 2026 --key 信息或申请编号 --decision 转为主动公开|不转 --reason 理由 "
         "--by 审核人 [--date 日期] [--column 栏目] [--url 网址]")


def cmd_report(ctx: Context) -> int:
    a = ctx.args
    if a.what in ("proactive", "proactive-decide"):  # 依申请转主动审查 (issue 20)
        from .items_cmds import cmd_proactive, cmd_proactive_decide

        return cmd_proactive(ctx) if a.what == "proactive" else cmd_proactive_decide(ctx)
    if a.what == "aggregate":
        return _report_aggregate(ctx)
    if a.what == "table":
        return _report_table(ctx)
    if a.files:
        raise UsageError("用法：" + USAGE)
    try:
        year = int(a.what)
    except ValueError as exc:
        raise UsageError(f"年度应为四位数字，如 2026；或使用 gongkai report aggregate / table。收到：{a.what}") from exc
    if not 2008 <= year <= 2100:
        raise UsageError(f"年度 {year} 不合理。")
    from ..documents.report_docx import write_report_docx
    from ..documents.report_xlsx import write_report_xlsx
    from ..services.annual_report import TEXT_TITLES, ReportService

    for option, suffix in (("out", ".docx"), ("xlsx", ".xlsx")):
        value = getattr(a, option)
        if value and not value.lower().endswith(suffix):
            raise UsageError(f"--{option} 须为 {suffix} 文件。")
    if sum(bool(x) for x in (a.finalise, a.unlock, a.correction)) > 1:
        raise UsageError("--finalise、--unlock 和 --correction 一次只能用一个。")
    service = ReportService(ctx.ledger())
    if a.section2:
        errors = service.save_section2(year, _section2_args(a.section2))
        if errors:
            raise DomainError("表二未保存：" + "；".join(errors.values()))
    for item in a.text or []:
        part, _, name = item.partition("=")
        if part not in TEXT_TITLES or not name:
            raise UsageError("--text 写作 一=文件.txt（部分为 一、五 或 六）。")
        service.save_text(year, part, read_text(Path(name)).strip())
    for item in a.tag_task or []:
        task_id, _, part = item.partition("=")
        if not task_id.isdigit():
            raise UsageError("--tag-task 写作 任务ID=部分，如 12=政府信息公开平台建设（部分留空则按关键词归类）。")
        service.tag_task(year, int(task_id), part)
    if a.unlock:
        service.unlock(year, a.unlock)
    if a.correction:
        service.add_correction(year, a.correction)
    if a.finalise:
        service.finalise(year, a.today)
    report = service.build(year, a.today)
    data = report.to_json()
    if a.out:
        write_report_docx(data, Path(a.out))
    if a.xlsx:
        write_report_xlsx(data, Path(a.xlsx))
    if a.json:
        print_json(data)
    else:
        v = report.section3.values
        print(f"{year}年政府信息公开工作年度报告　{report.unit}（{report.format}）"
              + (f"（已于{report.locked_at[:16].replace('T', ' ')}定稿）" if report.locked_at else ""))
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
    for entry in report.late_entries[:10]:
        print(f"注意：定稿后补录 {entry['no']}（{entry['what']}），理由：{entry['reason']}", file=sys.stderr)
    if not report.locked_at and report.tables_ok and not report.ok:
        print("注意：定稿前还需处理：" + "；".join(c.rule for c in report.checks if not c.ok), file=sys.stderr)
    return EXIT_OK if report.tables_ok else EXIT_ERROR


def _section2_args(items: list[str]) -> dict[str, list[str]]:
    """--section2 规章=0,0,2 (repeated, every row of the year's 表二) → the 表二 dict."""
    data: dict[str, list[str]] = {}
    for item in items:
        name, sep, values = item.partition("=")
        if not sep:
            raise UsageError(f"--section2 写作 行名=数值,数值,…，收到：{item}")
        data[name.strip()] = [v.strip() for v in re.split(r"[,，]", values)]
    return data


def _period(a: argparse.Namespace) -> tuple[date, date]:
    if a.quarter:
        m = re.fullmatch(r"(\d{4})[Qq]([1-4])", a.quarter)
        if not m or a.date_from or a.date_to:
            raise UsageError("--quarter 写作 2025Q3，不与 --from/--to 同用。")
        year, q = int(m.group(1)), int(m.group(2))
        start = date(year, 3 * q - 2, 1)
        end = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
        return start, end
    if not (a.date_from and a.date_to):
        raise UsageError("请用 --from 和 --to 指定统计期间（或 --quarter 2025Q3）。")
    return a.date_from, a.date_to


def _report_table(ctx: Context) -> int:
    from ..services.annual_report import ReportService

    a = ctx.args
    if a.files:
        raise UsageError("用法：gongkai report table --from 日期 --to 日期 [--xlsx 文件.xlsx] [--json]")
    if a.xlsx and not a.xlsx.lower().endswith(".xlsx"):
        raise UsageError("--xlsx 须为 .xlsx 文件。")
    start, end = _period(a)
    ledger = ctx.ledger()
    s3 = ReportService(ledger).period_table(start, end)
    unit = ledger.settings.profile().organ_name
    if a.xlsx:
        from ..documents.report_xlsx import write_period_xlsx

        write_period_xlsx(s3, unit, Path(a.xlsx))
    if a.json:
        print_json({"from": start.isoformat(), "to": end.isoformat(), "unit": unit, **s3.to_json()})
    else:
        v = s3.values
        print(f"{start}至{end}　{unit}")
        print(f"  本期新收{v['received'][-1]}件，上期结转{v['carried_in'][-1]}件，办结{v['total'][-1]}件，"
              f"结转下期{v['carried_out'][-1]}件。")
        if a.xlsx:
            print(f"  已保存：{a.xlsx}")
    return EXIT_OK


def _report_aggregate(ctx: Context) -> int:
    from ..core.annual_report import aggregate_reports
    from ..documents.report_xlsx import read_report_files, write_aggregate_xlsx
    from ..services.annual_report import load_unit_reports

    a = ctx.args
    if not a.files:
        raise UsageError("请列出要汇总的年报文件：gongkai report aggregate 单位1.xlsx 单位2.xlsx … --out 汇总.xlsx")
    if not a.out or not a.out.lower().endswith(".xlsx"):
        raise UsageError("汇总结果须用 --out 指定 .xlsx 文件。")
    picks: dict[str, str] = {}
    for item in a.pick or []:
        unit, sep, name = item.partition("=")
        if not sep or not unit or not name:
            raise UsageError(f"--pick 写作 单位=文件名，收到：{item}")
        picks[unit.strip()] = Path(name.strip()).name
    reports, problems = load_unit_reports([Path(name) for name in a.files], read_report_files)
    units = None
    if a.units:
        units = [u.strip() for u in read_text(Path(a.units)).splitlines() if u.strip()]
    agg = aggregate_reports(reports, units, year=a.year, picks=picks)
    agg.problems[:0] = problems
    if agg.refused:
        raise DomainError("未汇总：" + "；".join(agg.problems))
    write_aggregate_xlsx(agg, Path(a.out))
    if a.json:
        print_json({"year": agg.year, "units": agg.units, "totals": agg.totals, "problems": agg.problems,
                    "listing": agg.listing()})
    else:
        print(f"已汇总{agg.year}年{len(agg.units)}个单位的年报：{a.out}")
        for line in agg.listing():
            print(f"  {line}")
    for p in agg.problems:
        print(f"注意：{p}", file=sys.stderr)
    return EXIT_OK if not agg.problems else EXIT_ERROR


def register(sub: Any, groups: dict[str, Any]) -> None:
    x = sub.add_parser("report", help="政府信息公开工作年度报告：report YEAR、report table（任意期间表三）、report aggregate",
                       description=USAGE, formatter_class=argparse.RawDescriptionHelpFormatter)
    x.add_argument("what", help="年度（如 2026），或 table、aggregate、proactive（转主动审查清单）、proactive-decide")
    x.add_argument("files", nargs="*", help="aggregate：各单位导出的年报 .xlsx 或 .json")
    x.add_argument("--json", action="store_true")
    x.add_argument("--out", help="年报 .docx（aggregate：汇总 .xlsx）")
    x.add_argument("--xlsx", help="年报表格 .xlsx（官方格式，供上传）；table：该期间的表三")
    x.add_argument("--section2", action="append", metavar="行名=数值,…",
                   help="录入并确认表二，每行一次，须列出全部行（没有的填0）")
    x.add_argument("--text", action="append", metavar="部分=文件",
                   help="正文模板（一、五、六）从文本文件读入，数字可写字段如 {表三.办结}")
    x.add_argument("--tag-task", action="append", metavar="任务ID=部分",
                   help="把工作要点任务归入总体情况的某一部分（主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障）")
    x.add_argument("--finalise", action="store_true", help="定稿（检查全部通过才能定稿）")
    x.add_argument("--unlock", metavar="原因", help="解除定稿（原因记入操作日志）")
    x.add_argument("--correction", metavar="说明", help="为已定稿的年度写更正说明（定稿后补录改变了表三时）")
    x.add_argument("--from", dest="date_from", type=parse_date, metavar="日期", help="table：统计期间开始日期")
    x.add_argument("--to", dest="date_to", type=parse_date, metavar="日期", help="table：统计期间结束日期")
    x.add_argument("--quarter", metavar="2025Q3", help="table：季度，如 2025Q3")
    x.add_argument("--year", type=int, metavar="年度", help="aggregate：汇总的年度（各文件年度不同时必填）；proactive：审查的年度")
    x.add_argument("--pick", action="append", metavar="单位=文件名",
                   help="aggregate：同一单位有内容不同的几个文件时，指定计入哪一个")
    x.add_argument("--units", help="aggregate：应报送单位名单（文本文件，每行一个）")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    from .items_cmds import register_report

    register_report(x)
    x.set_defaults(func=cmd_report)
