"""`gongkai apps edit` (修改登记信息) and `gongkai apps void` (作废): the same checks as the window (issue 28),
through services/registration.py (an archived case is refused; a change to a finalised year's 表三 needs
--finalised-reason, issue 22)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from ..core.applications import ORG_CATEGORIES
from ..services.annual_report import FinalisedYearError
from ..services.registration import RegistrationService
from ..storage.applications_repo import EDITABLE_FIELDS, RegistrationError
from .common import EXIT_ERROR, EXIT_OK, Context, parse_date

# option → field (the options are the field names with dashes; --content for content_title)
OPTIONS = {"name": "name", "channel": "channel", "received": "received", "content": "content_title",
           "doc-number": "doc_number", "description": "description", "form": "form_required",
           "delivery": "delivery", "department": "department", "handler": "handler", "note": "notes",
           "category": "category", "id-number": "id_number"}
FINALISED_HELP = "改动会改变已定稿年度报告的表三（收到日期、申请人类别、作废）时，须写明原因"


def register(sub: Any, groups: dict[str, Any]) -> None:
    apps = groups["apps"]
    x = apps.add_parser("edit", help="修改登记信息（写明原因，记入操作日志；改收到日期会重算期限）")
    x.add_argument("no", help="申请编号")
    for option, field in OPTIONS.items():
        x.add_argument(f"--{option}", dest=field, type=parse_date if field == "received" else str,
                       help=EDITABLE_FIELDS[field] + ("（" + "、".join(ORG_CATEGORIES) + "；法人或其他组织的各件申请一并改）"
                                                      if field == "category" else ""))
    x.add_argument("--reason", required=True, help="修改原因")
    x.add_argument("--finalised-reason", default="", help=FINALISED_HELP)
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_edit)

    x = apps.add_parser("void", help="作废误登记的申请（保留记录，不计入统计和年度报告）")
    x.add_argument("no", help="申请编号")
    x.add_argument("--reason", required=True, help="作废原因")
    x.add_argument("--finalised-reason", default="", help=FINALISED_HELP)
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_void)


def cmd_apps_edit(ctx: Context) -> int:
    a = ctx.args
    changes = {}
    for field in OPTIONS.values():
        value = getattr(a, field, None)
        if value is not None:
            changes[field] = value.isoformat() if field == "received" else value
    ledger = ctx.ledger()
    try:
        diff = RegistrationService(ledger).edit(a.no, changes, a.reason, a.today, finalised_reason=a.finalised_reason)
    except RegistrationError as exc:
        for message in exc.errors.values():
            print(f"错误：{message}", file=sys.stderr)
        return EXIT_ERROR
    except FinalisedYearError as exc:
        _print_finalised(exc)
        return EXIT_ERROR
    for field, (old, new) in diff.items():
        print(f"{EDITABLE_FIELDS[field]}：{old or '（空）'} → {new or '（空）'}")
    app = ledger.applications.get(a.no)
    assert app is not None
    print(f"已修改 {a.no} 的登记信息，已记入操作日志。答复期限：{app['due'] or '（暂停中）'}")
    return EXIT_OK


def cmd_apps_void(ctx: Context) -> int:
    a = ctx.args
    try:
        RegistrationService(ctx.ledger()).void(a.no, a.reason, finalised_reason=a.finalised_reason)
    except FinalisedYearError as exc:
        _print_finalised(exc)
        return EXIT_ERROR
    print(f"已作废 {a.no}。记录保留，不再计入台账统计和年度报告；操作已记入日志。")
    return EXIT_OK


def _print_finalised(exc: FinalisedYearError) -> None:
    for impact in exc.impacts:
        print(f"错误：{impact.message}", file=sys.stderr)
    print(f"如确需{exc.verb}，请用 --finalised-reason 写明原因（记入操作日志，年度报告页列出）。", file=sys.stderr)
