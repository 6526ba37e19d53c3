"""Shared pieces of the `gongkai` commands: the ledger context, date arguments, JSON output, exit codes."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from ..core.workdays import WorkCalendar, load_bundled_arrangements
from ..paths import app_paths, backup_dir_for, calendar_dir, ledger_path
from ..storage.ledger import Ledger, LedgerDatabase

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PROVISIONAL = 0, 1, 2, 3
log = logging.getLogger("gongkai.cli")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own messages are English; frame them in Chinese
        self.print_usage(sys.stderr)
        raise UsageError(f"命令参数有误：{message}")


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，请写成 2026-03-05 的形式") from None


# --- context ----------------------------------------------------------------------------------------
class Context:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.paths = app_paths()
        self.db_path = ledger_path(getattr(args, "db", None), self.paths)
        self._ledger: Ledger | None = None

    def ledger(self) -> Ledger:
        """The ledger, opened for writing — or read-only when the file or its folder cannot be written, so
        that reading commands (check, apps list/show, backup) still work and only writes are refused."""
        if self._ledger is None:
            read_only = self.db_path.exists() and not _writable(self.db_path)
            self._ledger = Ledger.open(self.db_path, backup_dir=backup_dir_for(self.paths, self.db_path),
                                       read_only=read_only)
            if read_only:
                print(f"提示：台账文件 {self.db_path} 为只读，只能查看，不能修改。", file=sys.stderr)
            else:
                if isinstance(self._ledger.db, LedgerDatabase):
                    self._ledger.db.on_wait = _say_waiting
                self._ledger.seed_calendar(load_bundled_arrangements(calendar_dir()))
        return self._ledger

    def calendar(self) -> WorkCalendar:
        """The ledger's calendar when a ledger exists; otherwise the shipped official data only."""
        if self._ledger is not None or self.db_path.exists():
            return self.ledger().calendar.load()
        return WorkCalendar.from_arrangements(load_bundled_arrangements(calendar_dir()))

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()


def _writable(path: Path) -> bool:
    """SQLite needs to write the file and, for its journal, the folder."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _say_waiting() -> None:
    print("台账正被另一个程序写入，正在等待其完成（最多2分钟）……", file=sys.stderr, flush=True)


def warn_unknown(years: list[int]) -> int:
    if years:
        names = "、".join(f"{y}年" for y in years)
        print(f"警告：{names}尚未载入国务院节假日安排，结果除法定节假日外按周一至周五推算（调休尚未公布），仅供参考（暂定）。", file=sys.stderr)
        return EXIT_PROVISIONAL
    return EXIT_OK


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))




def key_values(items: list[str] | None, known: dict[str, str], what: str) -> dict[str, str]:
    """--set 键=值 options, checked against the keys that may be set (key → Chinese label)."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or key not in known:
            hint = "、".join(f"{k}（{v}）" for k, v in known.items()) or "无"
            raise UsageError(f"--set 应为 键=值；{what}：{hint}")
        out[key] = value
    return out


