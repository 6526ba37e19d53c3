"""`gongkai settings|demo|check|backup|restore`: the organisation profile and the ledger file itself."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..core.errors import DomainError
from ..paths import backup_dir_for
from ..storage.ledger import LedgerError
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    Context,
    UsageError,
    key_values,
    parse_date,
)


def cmd_demo(ctx: Context) -> int:
    from ..core.demo import generate
    from ..storage.demo_writer import write_demo

    if ctx.args.applications < 0 or ctx.args.tasks < 0:
        raise UsageError("数量不能为负数。")
    ledger = ctx.ledger()
    calendar = ledger.calendar.load()
    today = ctx.args.today or date.today()
    data = generate(ctx.args.applications, ctx.args.tasks, ctx.args.seed, today, calendar)
    counts = write_demo(ledger, data, calendar, today)
    from ..paths import resources_dir
    from ..services.demo_cases import deliver_recent

    counts["deliveries"] = deliver_recent(ledger, resources_dir() / "templates", today)
    print(
        f"已生成演示数据：申请人 {counts['applicants']} 个，申请 {counts['applications']} 件，"
        f"工作要点任务 {counts['tasks']} 项，答复书及送达 {counts['deliveries']} 件。台账：{ctx.db_path}"
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
    print(f"{ledger.work_counts_text(date.today())}；事项 {counts['application_events']} 条，"
          f"文书 {counts['letters']} 份。")
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


def cmd_settings(ctx: Context) -> int:
    from dataclasses import replace

    from ..core.organisation import OrgProfile
    from ..core.rules import rules_table

    ledger = ctx.ledger()
    profile = ledger.settings.profile()
    changes = {k: v.strip() for k, v in key_values(ctx.args.set, OrgProfile.LABELS, "可用的键").items()}
    if changes:
        try:
            ledger.settings.save_profile(replace(profile, **changes))
        except DomainError as exc:
            errors = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {"": str(exc)}
            raise UsageError("；".join(errors.values())) from exc
        profile = ledger.settings.profile()
        print("已保存。")
    rules = ledger.rules
    for item in ctx.args.rule or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--rule 应为 规则=值，收到：{item}")
        rules = rules.with_text(key.strip(), value)
    if rules != ledger.rules:
        moved = ledger.save_rules(rules)
        print("规则已保存。" + (f"{len(moved)} 件未办结申请的答复期限随之变化。" if moved else ""))
    print("单位信息：")
    for key, label in OrgProfile.LABELS.items():
        print(f"  {label}（{key}）：{getattr(profile, key) or '—'}")
    print("办理规则（--rule 规则=值）：")
    for r in rules_table(ledger.rules):
        default = "" if r["value"] == r["default"] else f"；默认：{r['default'] or '（不填）'}"
        print(f"  {r['label']}（{r['key']}）：{r['value']}{default}　依据：{r['source']}")
    return EXIT_OK


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
    from ..storage.backup_crypto import PASSWORD_RULE, check_password
    from ..storage.backups import backup_here, backup_to, describe_backup, list_backups

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
    password = None
    if a.encrypt:
        print(PASSWORD_RULE, file=sys.stderr)
        password = _password("备份密码：", True)
        try:
            check_password(password)
        except DomainError as exc:
            raise UsageError(str(exc)) from exc
    ledger = ctx.ledger()
    path = backup_to(ledger, Path(a.to), password) if a.to else backup_here(ledger, folder)
    print(f"已备份到 {path}" + ("（已加密，请牢记密码）" if password else ""))
    print(f"备份内容：{describe_backup(ledger)}。")
    return EXIT_OK


def cmd_restore(ctx: Context) -> int:
    from ..storage.backups import BackupError, check_backup, is_encrypted, restore
    from ..storage.instance_lock import InstanceLock

    a = ctx.args
    source = Path(a.file)
    lock = InstanceLock(ctx.db_path)
    if ctx.db_path.exists() and not lock.acquire():
        raise BackupError(f"台账 {ctx.db_path.name} 正由 {lock.holder()} 使用，不能恢复。请先关闭那个窗口再恢复。")
    try:
        password = _password("备份密码：") if source.is_file() and is_encrypted(source) else None
        info = check_backup(source, password, ctx.db_path)
        print(f"备份检查通过：{info.describe()}。")
        if not a.yes:
            if not sys.stdin or not sys.stdin.isatty():
                raise UsageError("没有可以确认的终端：请在命令后加 --yes 确认用这个备份替换台账。")
            answer = input(f"用这个备份替换台账 {ctx.db_path}？当前台账会先备份。输入 y 确认：")
            if answer.strip().lower() not in ("y", "yes", "是"):
                print("已取消。")
                return EXIT_OK
        kept = restore(source, ctx.db_path, backup_dir_for(ctx.paths, ctx.db_path), password,
                       lock=lock if lock.held else None)
    finally:
        lock.release()
    print(f"已恢复。原台账已保存为 {kept}" if kept else "已恢复。")
    return EXIT_OK


def register(sub: Any, groups: dict[str, Any]) -> None:
    x = sub.add_parser("settings", help="查看或修改单位信息（落款、文号前缀、复议机关等）和办理规则")
    x.add_argument("--set", action="append", metavar="键=值", help="如 organ_name=某市某某局、doc_prefix=某公开")
    x.add_argument("--rule", action="append", metavar="规则=值",
                   help="如 fee_pauses_clock=否、due_soon_days=3、legal_review_groups=不予公开、无法提供")
    x.set_defaults(func=cmd_settings)

    x = sub.add_parser("demo", help="生成演示数据（只写入空台账）")
    x.add_argument("--applications", type=int, default=200)
    x.add_argument("--tasks", type=int, default=40)
    x.add_argument("--seed", type=int, default=1)
    x.add_argument("--today", type=parse_date, help="演示数据的“今天”（默认今天）")
    x.set_defaults(func=cmd_demo)

    x = sub.add_parser("backup", help="备份台账（默认保存到本机备份文件夹并轮换）")
    x.add_argument("--to", metavar="DIR", help="另存到指定文件夹（如U盘）")
    x.add_argument("--encrypt", action="store_true",
                   help="用密码加密（与 --to 一起使用；密码至少8位，在提示时输入）")
    x.add_argument("--list", action="store_true", help="列出本机备份")
    x.set_defaults(func=cmd_backup)
    x = sub.add_parser("restore", help="从备份恢复（先检查备份，并先备份当前台账）")
    x.add_argument("file")
    x.add_argument("--yes", action="store_true", help="不再确认")
    x.set_defaults(func=cmd_restore)
    x = sub.add_parser("check", help="检查台账完整性")
    x.set_defaults(func=cmd_check)
