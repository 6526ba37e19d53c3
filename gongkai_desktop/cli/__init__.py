"""`gongkai` — the command line (headless; the same core and storage as the GUI).

Exit codes: 0 ok, 1 error, 2 usage, 3 result is provisional (reaches a year with no official holiday
arrangement). Messages are Chinese; errors go to stderr without a traceback. One module per command group;
each has `register(sub, groups)` adding its sub-commands.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..core.errors import DomainError
from ..logs import setup_logging
from ..paths import restrict_new_files
from . import (
    admin_cmds,
    apps_cmds,
    archive_cmds,
    calendar_cmds,
    case_cmds,
    edit_cmds,
    items_cmds,
    letter_cmds,
    report_cmds,
    review_cmds,
    tasks_cmds,
    workplan_cmds,
)
from .common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, Context, UsageError, _Parser, log

COMMAND_GROUPS = (calendar_cmds, apps_cmds, case_cmds, edit_cmds, items_cmds, admin_cmds, letter_cmds, workplan_cmds,
                  tasks_cmds, report_cmds, review_cmds, archive_cmds)


# --- parser -----------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gongkai", description="政务公开台账命令行工具")
    p.add_argument("--version", action="version", version=f"政务公开台账 gongkai-desktop {__version__}")
    p.add_argument("--db", help="台账文件路径（默认使用本机默认台账，或环境变量 GONGKAI_DB）")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    groups: dict[str, Any] = {
        "apps": sub.add_parser("apps", help="依申请公开台账").add_subparsers(
            dest="sub", metavar="子命令", required=True),
    }
    for group in COMMAND_GROUPS:
        group.register(sub, groups)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = review_cmds.normalise_argv(list(sys.argv[1:] if argv is None else argv))
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    restrict_new_files()
    ctx = Context(args)
    setup_logging(ctx.paths)
    try:
        return args.func(ctx)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except DomainError as exc:  # every expected refusal (LedgerError, LetterError, OutputFileError …) has a Chinese message
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.OperationalError as exc:  # disk full, locked by another writer, read-only file
        from ..storage.ledger import explain_sqlite_error

        print(f"错误：{explain_sqlite_error(exc, ctx.db_path)}（未保存任何改动）", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a bug (even a plain ValueError): logged, never a traceback on screen
        log.exception("unexpected CLI error")
        print(f"内部错误：{type(exc).__name__}。请将日志文件发给技术支持。", file=sys.stderr)
        return EXIT_ERROR
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
