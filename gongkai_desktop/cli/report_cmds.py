"""`gongkai report`: the annual report and the aggregation of units' reports."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..documents.text import read_text
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    Context,
    UsageError,
    parse_date,
    print_json,
)


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
    from ..documents.report_docx import write_report_docx
    from ..documents.report_xlsx import write_report_xlsx
    from ..services.annual_report import ReportService

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
        print_json(data)
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
    from ..core.annual_report import aggregate_reports
    from ..documents.report_xlsx import read_report_files, write_aggregate_xlsx

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
        print_json({"year": agg.year, "units": agg.units, "totals": agg.totals, "problems": agg.problems})
    else:
        print(f"已汇总{agg.year}年{len(agg.units)}个单位的年报：{a.out}")
    for p in agg.problems:
        print(f"注意：{p}", file=sys.stderr)
    return EXIT_OK if not agg.problems else EXIT_ERROR




def register(sub: Any, groups: dict[str, Any]) -> None:
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
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_report)

