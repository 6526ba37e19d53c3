"""`gongkai letter`: reply letters and notices."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .common import (
    EXIT_ERROR,
    EXIT_OK,
    Context,
    UsageError,
    key_values,
    parse_date,
)


def cmd_letter(ctx: Context) -> int:
    import json

    from ..core.letters import LETTER_TYPES, LetterError, LetterRecords
    from ..paths import resources_dir
    from ..services.letters import LetterEditedError, LetterService, resolve_type

    a = ctx.args
    if a.list_types:
        for t in LETTER_TYPES:
            print(f"{t.slug}\t{t.name}")
        return EXIT_OK
    if not a.no or not a.type:
        raise UsageError("用法：gongkai letter 申请编号 --type 类型 --out 文件.docx（类型见 --list-types）")
    t = resolve_type(a.type)
    record_keys = {"search_records": "检索记录（JSON 列表）", "contact_records": "沟通记录（JSON 列表）",
                   "provided_items": "提供信息清单（JSON 列表）"}
    values = key_values(a.set, {**{f.key: f.label for f in t.inputs}, **record_keys}, f"“{t.name}”可填写的键")
    data = {}
    for key in record_keys:
        if key in values:
            try:
                data[key] = json.loads(values.pop(key))
            except json.JSONDecodeError as exc:
                raise UsageError(f"--set {key}= 的值不是有效的 JSON：{exc.msg}") from exc
    try:  # given on the command line, or (None) the case's own records from `gongkai apps record`
        records = LetterRecords.from_data(data) if data else None
    except LetterError as exc:
        raise UsageError(str(exc)) from exc
    inputs = {k: v.replace("\\n", "\n") for k, v in values.items()}
    if a.out and not a.out.lower().endswith(".docx"):
        raise UsageError("--out 须为 .docx 文件。")
    ledger = ctx.ledger()
    service = LetterService.for_ledger(ledger, resources_dir() / "templates")
    if a.replace and a.beside:
        raise UsageError("--replace 和 --beside 只能选一个。")
    try:
        made = service.make(a.no, t.slug, Path(a.out).resolve() if a.out else None, inputs, a.date, a.today, records,
                            confirm_date_reason=a.confirm_date_reason,
                            if_edited="replace" if a.replace else "beside" if a.beside else None)
    except LetterEditedError as exc:
        print(f"错误：{exc}\n文件：{exc.path}\n保留已修改的文件请不要重新生成；另存新生成的文书加 --beside，"
              "确需覆盖加 --replace。", file=sys.stderr)
        return EXIT_ERROR
    verb = "已重新生成（文号不变）" if made.regenerated else "已生成"
    print(f"{verb}{t.name}：{made.doc_number}　{made.path}")
    for warning in made.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    return EXIT_OK




def register(sub: Any, groups: dict[str, Any]) -> None:
    x = sub.add_parser("letter", help="生成答复书、告知书（Word 文档，按 GB/T 9704 排版）")
    x.add_argument("no", nargs="?", help="申请编号")
    x.add_argument("--type", help="文书类型（见 --list-types）")
    x.add_argument("--out", help="保存为（.docx；默认保存在台账旁的“文书”文件夹）")
    x.add_argument("--date", type=parse_date, help="成文日期（默认为文书所涉事项的日期，如答复日期；重新生成时沿用原日期）")
    x.add_argument("--confirm-date-reason", metavar="理由",
                   help="成文日期晚于法定期限、早于所涉事项或与文号年度不一致时，确认使用该日期的理由（记入日志）")
    x.add_argument("--set", action="append", metavar="键=值",
                   help="文书需要填写的内容，如 correction_items=…；检索记录等用 JSON：search_records='[{…}]'")
    x.add_argument("--replace", action="store_true", help="重新生成时覆盖生成后已被修改过的文件")
    x.add_argument("--beside", action="store_true", help="重新生成时，原文件已被修改则把新文书另存在旁边")
    x.add_argument("--list-types", action="store_true", help="列出文书类型")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_letter)

