"""`gongkai tasks …`: the 工作要点 tasks per 责任单位 and their 督办 (domain.md §8.8) — list, show, progress,
state, review (回头看), feedback-export / feedback-import (反馈表), remind (who is behind; 督办通知), report (通报),
close (销号) and own-plan (本机关工作要点 draft)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..core.errors import DomainError
from .common import EXIT_ERROR, EXIT_OK, Context, UsageError, parse_date, print_json

STATES = ("未启动", "推进中", "已完成", "持续推进", "未完成", "不适用")


def _year(ctx: Context) -> int:
    years = ctx.ledger().tasks.years()
    year = ctx.args.year or (years[0] if years else None)
    if year is None or year not in years:
        raise DomainError(f"台账中没有{year or ''}年的工作要点，请先用 gongkai workplan import 导入。")
    return year


def _service(ctx: Context):
    from ..paths import resources_dir
    from ..services.supervision import SupervisionService

    return SupervisionService.for_ledger(ctx.ledger(), resources_dir() / "templates")


def find_task(ctx: Context, year: int, ref: str) -> dict[str, Any]:
    """A work item by id (12 or #12), by code path (二、/（一）) or by a code that is unique in the year."""
    tasks = ctx.ledger().tasks
    text = ref.strip().lstrip("#")
    if text.isdigit():
        task = tasks.get(int(text))
        if task is None or task["year"] != year:
            raise DomainError(f"{year}年工作要点中没有编号为 {text} 的任务。")
        return task
    rows = tasks.list(year)
    hits = [t for t in rows if t["path"] == text] or [t for t in rows if (t["code"] or "") == text]
    if not hits:
        raise DomainError(f"{year}年工作要点中没有“{ref}”。可用任务编号（gongkai tasks list 第一列）或“二、/（一）”这样的路径。")
    if len(hits) > 1:
        raise DomainError(f"“{ref}”对应多项任务：" + "、".join(f"{t['id']}（{t['path']}）" for t in hits[:8])
                         + "。请用任务编号或路径。")
    task = tasks.get(hits[0]["id"])
    assert task is not None  # listed just above
    return task | {"n_children": hits[0]["n_children"]}


def _leaf(task: dict[str, Any]) -> None:
    if task.get("n_children"):
        raise DomainError(f"“{task['title']}”是分组标题，请指定其下的具体任务。")


def _today(ctx: Context) -> date:
    return getattr(ctx.args, "date", None) or date.today()


# --- list / show ------------------------------------------------------------------------------------------
def cmd_list(ctx: Context) -> int:
    from ..core.workplan import task_timing, unit_is_late

    a = ctx.args
    year = _year(ctx)
    tasks = ctx.ledger().tasks
    units = tasks.units.by_task(year)
    today = _today(ctx)
    out = []
    for t in tasks.leaves(year):
        rows = units.get(t["id"], [])
        if a.unit and not any(u["unit"] == a.unit for u in rows):
            continue
        if a.state and t["state"] != a.state:
            continue
        timing = task_timing(t["deadlines"], t["state"], today, today)
        if a.overdue and timing != "已逾期":
            continue
        out.append({"id": t["id"], "path": t["path"], "code": t["code"], "title": t["title"], "state": t["state"],
                    "deadlines": t["deadlines"], "recurring": t["recurring"], "overdue": timing == "已逾期",
                    "units": [{"unit": u["unit"], "role": u["role"], "state": u["state"],
                               "reported_on": u["reported_on"], "closed_on": u["closed_on"],
                               "late": unit_is_late(t["deadlines"], u["state"], today)} for u in rows]})
    if a.json:
        print_json(out)
        return EXIT_OK
    for t in out:
        timing = "、".join(t["deadlines"] + t["recurring"]) or "—"
        units_text = "；".join(f"{u['unit']}{'（牵头）' if u['role'] == '牵头' else ''}:{u['state']}"
                               + ("(已销号)" if u["closed_on"] else "") for u in t["units"])
        print(f"{t['id']:>5}  {t['code'] or ''}{t['title']}  [{t['state']}]  时限：{timing}"
              + ("  ⚠已逾期" if t["overdue"] else ""))
        if units_text:
            print(f"       {units_text}")
    print(f"共{len(out)}项。", file=sys.stderr)
    return EXIT_OK


def cmd_show(ctx: Context) -> int:
    a = ctx.args
    year = _year(ctx)
    led = ctx.ledger()
    task = find_task(ctx, year, a.task)
    units = led.tasks.units.for_task(task["id"])
    data = {"id": task["id"], "path": task["path"], "code": task["code"], "section": task["section"],
            "title": task["title"], "text": task["text"], "state": task["state"], "owner": task["owner"],
            "deadlines": task["deadlines"], "recurring": task["recurring"],
            "review": {"result": task["review_result"], "day": task["review_day"], "note": task["review_note"]},
            "updates": led.tasks.updates(task["id"]),
            "files": [f["name"] for f in led.attachments.for_task(task["id"])],
            "units": [u | {"reports": led.tasks.units.reports(u["id"])} for u in units]}
    if a.json:
        print_json(data)
        return EXIT_OK
    print(f"{task['code'] or ''}{task['title']}（编号 {task['id']}，{task['path']}）")
    if task["text"]:
        print(f"  {task['text']}")
    print(f"  完成时限：{'、'.join(task['deadlines'] + task['recurring']) or '未写明'}　状态：{task['state']}"
          + (f"　责任人：{task['owner']}" if task["owner"] else ""))
    for u in data["units"]:
        print(f"  {u['unit']}（{u['role']}）：{u['state']}" + (f"，{u['reported_on']}报送" if u["reported_on"] else "")
              + (f"，{u['closed_on']}销号（{u['close_note']}）" if u["closed_on"] else ""))
        if u["progress"]:
            print(f"      落实情况：{u['progress']}")
        if u["evidence"]:
            print(f"      佐证：{u['evidence']}")
    for up in data["updates"]:
        print(f"  {up['day']} {up['status'] or ''} {up['progress'] or ''}" + (f"（佐证：{up['evidence']}）"
                                                                           if up["evidence"] else ""))
    if data["files"]:
        print("  佐证文件：" + "、".join(data["files"]))
    if task["review_result"]:
        print(f"  回头看：{task['review_day']} {task['review_result']} {task['review_note'] or ''}")
    return EXIT_OK


# --- recording --------------------------------------------------------------------------------------------
def _attach(ctx: Context, task_id: int, files: list[str] | None) -> list[str]:
    """Copy evidence files into the ledger's 附件 folder (checked first, so a missing file saves nothing)."""
    paths = [Path(f) for f in files or []]
    for p in paths:
        if not p.is_file():
            raise DomainError(f"找不到文件：{p}")
    names = []
    for p in paths:
        names.append(ctx.ledger().attachments.attach_to_task(task_id, p)["name"])
    return names


def cmd_remove_file(ctx: Context) -> int:
    from ..storage.attachments_repo import AttachmentError

    a = ctx.args
    led = ctx.ledger()
    task = find_task(ctx, _year(ctx), a.task)
    try:
        row = led.attachments.remove_from_task(task["id"], a.file, a.reason)
    except AttachmentError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"已删除佐证文件“{row['name']}”（{task['title']}），已记入操作日志。")
    return EXIT_OK


def cmd_progress(ctx: Context) -> int:
    a = ctx.args
    year = _year(ctx)
    led = ctx.ledger()
    task = find_task(ctx, year, a.task)
    _leaf(task)
    day = a.day or date.today()
    state = a.state or (led.tasks.units.find(task["id"], a.unit)["state"] if a.unit else task["state"])
    if a.unit:
        led.tasks.units.find(task["id"], a.unit)  # the unit must be named on the task before files are copied
    names = _attach(ctx, task["id"], a.file)
    evidence = "；".join([x for x in [a.evidence or "", *names] if x])
    if a.unit:
        led.tasks.units.record(task["id"], a.unit, day, state, a.note or "", evidence, source="命令行")
        who = a.unit
    else:
        led.tasks.record_progress(task["id"], day, state, a.note or "", evidence, a.owner)
        who = "本任务"
    print(f"已记录{who}的落实情况：{task['code'] or ''}{task['title']} → {state}"
          + (f"；佐证：{evidence}" if evidence else "") + "。")
    return EXIT_OK


def cmd_state(ctx: Context) -> int:
    a = ctx.args
    year = _year(ctx)
    led = ctx.ledger()
    task = find_task(ctx, year, a.task)
    _leaf(task)
    if a.unit:
        led.tasks.units.set_unit_state(task["id"], a.unit, a.state, a.reason or "")
    else:
        if led.tasks.units.for_task(task["id"]) and not a.all_units:
            names = "、".join(u["unit"] for u in led.tasks.units.for_task(task["id"]))
            raise UsageError(f"该任务有责任单位（{names}），任务状态由各单位的状态得出：请用 --unit 指定单位，"
                             "或用 --all-units 把所有未销号单位设为同一状态。")
        led.tasks.record_progress(task["id"], a.day or date.today(), a.state, a.reason or "")
    after = led.tasks.get(task["id"])
    assert after is not None  # just updated
    print(f"{task['code'] or ''}{task['title']}：" + (f"{a.unit}→{a.state}；" if a.unit else "")
          + f"任务状态 {after['state']}。")
    return EXIT_OK


def cmd_review(ctx: Context) -> int:
    a = ctx.args
    year = _year(ctx)
    task = find_task(ctx, year, a.task)
    _leaf(task)
    ctx.ledger().tasks.review(task["id"], a.result, a.note or "", a.day or date.today())
    print(f"已记录回头看：{task['code'] or ''}{task['title']} → {a.result}。")
    return EXIT_OK


def cmd_close(ctx: Context) -> int:
    a = ctx.args
    year = _year(ctx)
    led = ctx.ledger()
    task = find_task(ctx, year, a.task)
    _leaf(task)
    u = led.tasks.units.find(task["id"], a.unit)
    if u["closed_on"]:
        raise DomainError(f"{a.unit}的该项任务已于{u['closed_on']}销号。")
    if not (a.file or a.evidence):
        raise UsageError("销号须有佐证材料：用 --file 附上文件，或用 --evidence 写明材料名称。")
    if not (a.note or "").strip():
        raise UsageError("请用 --note 写明销号意见（如 经核查已落实）。")
    names = _attach(ctx, task["id"], a.file)
    evidence = "；".join([x for x in [a.evidence or "", *names] if x])
    led.tasks.units.close(task["id"], a.unit, a.day or date.today(), a.note, evidence)
    after = led.tasks.get(task["id"])
    assert after is not None  # just updated
    print(f"已销号：{a.unit} {task['code'] or ''}{task['title']}（佐证：{evidence}）；任务状态 "
          f"{after['state']}。")
    return EXIT_OK


# --- 反馈表 ---------------------------------------------------------------------------------------------------
def cmd_feedback_export(ctx: Context) -> int:
    a = ctx.args
    year = _year(ctx)
    files, problems = _service(ctx).export_feedback(year, a.period, a.due, Path(a.folder), a.unit or None)
    if a.json:
        print_json({"year": year, "period": a.period, "due": a.due.isoformat(), "files": [str(f) for f in files],
                    "problems": problems})
    else:
        for f in files:
            print(f)
        print(f"已导出{len(files)}个单位的反馈表（{a.period}，报送截止{a.due.isoformat()}）。",
              file=sys.stderr)
    for p in problems:
        print(f"错误：{p}", file=sys.stderr)
    return EXIT_ERROR if problems else EXIT_OK


def cmd_feedback_import(ctx: Context) -> int:
    a = ctx.args
    paths: list[Path] = []
    for name in a.files:
        p = Path(name)
        paths.extend(sorted(p.glob("*.xlsx")) if p.is_dir() else [p])
    if not paths:
        raise UsageError("没有找到要导入的反馈表（.xlsx）。")
    results = _service(ctx).import_feedback(paths, _today(ctx))
    if a.json:
        print_json([{"file": str(r.path), "unit": r.unit, "period": r.period, "ok": r.ok, "changed": r.changed,
                     "unchanged": r.unchanged, "problems": r.problems} for r in results])
    else:
        for r in results:
            print(r.message(), file=sys.stdout if r.ok else sys.stderr)
    failed = sum(1 for r in results if not r.ok)
    print(f"共{len(results)}个文件：导入{len(results) - failed}个" + (f"，{failed}个未导入（见上）" if failed else "") + "。",
          file=sys.stderr)
    return EXIT_ERROR if failed else EXIT_OK


# --- 督办 ---------------------------------------------------------------------------------------------------
def cmd_remind(ctx: Context) -> int:
    a = ctx.args
    year = _year(ctx)
    today = _today(ctx)
    service = _service(ctx)
    behind = service.behind(year, today)
    if a.unit:
        behind = [e for e in behind if e["unit"] in a.unit]
    occurrences = ctx.ledger().tasks.units.occurrence_reminders(year, today)
    rounds = []
    for rnd in ctx.ledger().tasks.units.rounds(year):
        rounds.append({"period": rnd["period"], "due": rnd["due"], "units": rnd["n_units"],
                       "missing": ctx.ledger().tasks.units.missing(rnd["id"])})
    own = service.own_plan_reminder(year, today)
    made = []
    if a.notice:
        folder = Path(a.out) if a.out else service.output_folder(year, "督办通知")
        if folder is None:
            raise UsageError("内存台账请用 --out 指定督办通知的保存文件夹。")
        made, problems = service.make_notices(year, [e["unit"] for e in behind], today, folder, a.issued, a.reply_by)
        for p in problems:
            print(f"错误：{p}", file=sys.stderr)
        if problems:
            return EXIT_ERROR
    if a.json:
        print_json({"date": today.isoformat(), "year": year, "own_plan": own, "rounds": rounds,
                    "behind": [{"unit": e["unit"],
                                "overdue": [{"id": t["task_id"], "code": t["code"], "title": t["title"],
                                             "deadlines": t["deadlines"], "state": t["u_state"]} for t in e["overdue"]],
                                "missing_rounds": [r["period"] for r in e["missing_rounds"]]} for e in behind],
                    "occurrences": occurrences,
                    "notices": [{"unit": m.unit, "doc_number": m.doc_number, "file": str(m.path)} for m in made]})
        return EXIT_OK
    if own:
        print(own)
    for r in rounds:
        state = "逾期未报送" if r["due"] < today.isoformat() else "尚未报送"
        print(f"{r['period']}（报送截止{r['due']}）：{r['units']}个单位，{state}{len(r['missing'])}个"
              + (f"：{'、'.join(r['missing'])}" if r["missing"] else ""))
    if behind:
        print(f"需督办的单位（{len(behind)}个）：")
        for e in behind:
            parts = []
            if e["overdue"]:
                parts.append("逾期未完成：" + "、".join(f"{t['code'] or ''}{t['title']}" for t in e["overdue"]))
            if e["missing_rounds"]:
                parts.append("未报送：" + "、".join(r["period"] for r in e["missing_rounds"]))
            print(f"  {e['unit']}　" + "；".join(parts))
    else:
        print("没有需督办的单位。")
    for o in occurrences:
        print(f"周期性任务 {o['due']}（{o['rule']}）{o['code'] or ''}{o['title']}："
              + ("已过期，" if o["late"] else "") + "尚未报送：" + "、".join(o["units"]))
    for m in made:
        print(f"已生成督办通知 {m.doc_number}：{m.path}")
    return EXIT_OK


def cmd_report(ctx: Context) -> int:
    a = ctx.args
    year = _year(ctx)
    if not (a.docx or a.xlsx or a.json):
        raise UsageError("请用 --docx 和/或 --xlsx 指定通报文件，或用 --json 查看数据。")
    for name, suffix in ((a.docx, ".docx"), (a.xlsx, ".xlsx")):
        if name and not name.lower().endswith(suffix):
            raise UsageError(f"{name} 应为 {suffix} 文件。")
    service = _service(ctx)
    today = _today(ctx)
    if a.docx or a.xlsx:
        data = service.bulletin(year, a.period, today, Path(a.docx) if a.docx else None,
                                Path(a.xlsx) if a.xlsx else None, a.issued)
    else:
        data = service.bulletin_data(year, a.period, today)
    if a.json:
        print_json({"period": data["round"]["period"], "due": data["round"]["due"], "summary": data["summary"],
                    "rows": data["rows"], "overdue": data["details"], "not_reported": data["late_units"]})
    else:
        print(data["summary"])
        for f in (a.docx, a.xlsx):
            if f:
                print(f"已生成 {f}")
    return EXIT_OK


def cmd_own_plan(ctx: Context) -> int:
    from ..core.workplan import split_units

    a = ctx.args
    year = _year(ctx)
    if not a.out.lower().endswith(".docx"):
        raise UsageError("本机关工作要点草稿须为 .docx 文件。")
    n = _service(ctx).own_plan(year, a.unit, split_units("、".join(a.collective or [])), Path(a.out), _today(ctx))
    print(f"已根据{year}年工作要点中涉及{a.unit}的{n}项任务生成本机关工作要点草稿：{a.out}")
    return EXIT_OK


# --- parser -------------------------------------------------------------------------------------------------
def register(sub: Any, groups: dict[str, Any]) -> None:
    from ..storage.tasks_repo import REVIEW_RESULTS

    g = sub.add_parser("tasks", help="工作要点任务：各责任单位的落实情况、反馈表、督办、通报、销号").add_subparsers(
        dest="sub", metavar="子命令", required=True)

    def common(x: Any, json: bool = False) -> None:
        x.add_argument("--year", type=int, help="工作要点年度（默认最近一年）")
        if json:
            x.add_argument("--json", action="store_true", help="输出 JSON")

    x = g.add_parser("list", help="列出具体任务及各责任单位的状态")
    common(x, json=True)
    x.add_argument("--unit", help="只列出写明该单位的任务")
    x.add_argument("--state", choices=STATES, help="只列出该状态的任务")
    x.add_argument("--overdue", action="store_true", help="只列出已过完成时限未完成的任务")
    x.add_argument("--date", type=parse_date, help="按该日期判断逾期（默认今天）")
    x.set_defaults(func=cmd_list)

    x = g.add_parser("show", help="一项任务的详情：各单位落实情况、报送记录、进展、佐证、回头看")
    x.add_argument("task", help="任务编号（list 第一列）或路径，如 二、/（一）")
    common(x, json=True)
    x.set_defaults(func=cmd_show)

    x = g.add_parser("progress", help="记录落实情况和佐证材料（整项任务或某一单位）")
    x.add_argument("task")
    common(x)
    x.add_argument("--unit", help="责任单位（不写则记在整项任务上）")
    x.add_argument("--state", choices=STATES, help="完成状态（不写则不变）")
    x.add_argument("--note", help="落实情况")
    x.add_argument("--evidence", help="佐证材料名称或链接")
    x.add_argument("--file", action="append", help="佐证文件（复制到台账的附件文件夹，可多次使用）")
    x.add_argument("--owner", help="责任人（整项任务）")
    x.add_argument("--day", type=parse_date, help="报送/记录日期（默认今天）")
    x.set_defaults(func=cmd_progress)

    x = g.add_parser("remove-file", help="删除误添加的佐证文件（写明原因，记入操作日志）")
    x.add_argument("task")
    x.add_argument("--file", required=True, help="佐证文件名称（show 所列）或其编号")
    x.add_argument("--reason", required=True, help="删除原因")
    common(x)
    x.set_defaults(func=cmd_remove_file)

    x = g.add_parser("state", help="设置某一单位或整项任务的状态")
    x.add_argument("task")
    x.add_argument("--state", choices=STATES, required=True)
    common(x)
    x.add_argument("--unit", help="责任单位")
    x.add_argument("--all-units", action="store_true", help="把所有未销号的单位设为该状态")
    x.add_argument("--reason", help="原因（记入操作日志）")
    x.add_argument("--day", type=parse_date, help="日期（默认今天）")
    x.set_defaults(func=cmd_state)

    x = g.add_parser("review", help="回头看：核查已报完成的任务是否落实")
    x.add_argument("task")
    x.add_argument("--result", choices=REVIEW_RESULTS, required=True)
    common(x)
    x.add_argument("--note", help="核查情况")
    x.add_argument("--day", type=parse_date, help="核查日期（默认今天）")
    x.set_defaults(func=cmd_review)

    x = g.add_parser("close", help="销号：某单位的任务经核查已落实（须有佐证）")
    x.add_argument("task")
    x.add_argument("--unit", required=True, help="责任单位")
    x.add_argument("--note", help="销号意见（必填），如 经核查已落实")
    x.add_argument("--evidence", help="佐证材料名称或链接")
    x.add_argument("--file", action="append", help="佐证文件（可多次使用）")
    common(x)
    x.add_argument("--day", type=parse_date, help="销号日期（默认今天）")
    x.set_defaults(func=cmd_close)

    x = g.add_parser("feedback-export", help="为每个责任单位导出落实情况反馈表（.xlsx）")
    x.add_argument("folder", help="保存反馈表的文件夹")
    x.add_argument("--period", required=True, help="报送期次，如 2026年第三季度")
    x.add_argument("--due", type=parse_date, required=True, help="报送截止日期")
    x.add_argument("--unit", action="append", help="只导出该单位（可多次使用；默认全部单位）")
    common(x, json=True)
    x.set_defaults(func=cmd_feedback_export)

    x = g.add_parser("feedback-import", help="导入各单位填好的反馈表（文件或文件夹，顺序不限，可重复导入）")
    x.add_argument("files", nargs="+")
    x.add_argument("--json", action="store_true", help="输出 JSON")
    x.add_argument("--date", type=parse_date, help="未填报送日期时记为该日期（默认今天）")
    x.set_defaults(func=cmd_feedback_import)

    x = g.add_parser("remind", help="提醒与督办：未报送的单位、逾期任务、周期性任务、本机关工作要点期限")
    common(x, json=True)
    x.add_argument("--date", type=parse_date, help="按该日期判断（默认今天）")
    x.add_argument("--unit", action="append", help="只看该单位（可多次使用）")
    x.add_argument("--notice", action="store_true", help="为需督办的单位生成督办通知（Word，取督办文号）")
    x.add_argument("--out", help="督办通知保存文件夹（默认台账旁的 文书/工作要点督办）")
    x.add_argument("--issued", type=parse_date, help="督办通知成文日期（默认今天）")
    x.add_argument("--reply-by", type=parse_date, help="整改报送期限（默认成文后5个工作日）")
    x.set_defaults(func=cmd_remind)

    x = g.add_parser("report", help="某一期次落实情况的通报（.docx/.xlsx）")
    common(x, json=True)
    x.add_argument("--period", help="报送期次（默认最近一期）")
    x.add_argument("--docx", help="通报 Word 文件")
    x.add_argument("--xlsx", help="通报 Excel 文件")
    x.add_argument("--date", type=parse_date, help="统计截至日期（默认今天）")
    x.add_argument("--issued", type=parse_date, help="成文日期（默认统计截至日期）")
    x.set_defaults(func=cmd_report)

    x = g.add_parser("own-plan", help="本机关工作要点草稿（.docx）：取上级工作要点中写明本单位的任务")
    x.add_argument("out")
    x.add_argument("--unit", required=True, help="本单位名称")
    x.add_argument("--collective", action="append", help="本单位所属的统称，如 市政府各部门（可多次使用）")
    common(x)
    x.add_argument("--date", type=parse_date, help="草稿日期（默认今天）")
    x.set_defaults(func=cmd_own_plan)
