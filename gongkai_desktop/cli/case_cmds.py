"""`gongkai apps add|event|step|undo|edit`: registering and working a case from the command line.

The same services and checks as the window (services/case.py, ApplicationsRepo.register): the options of
`apps event` and `apps step` are generated from the step table (core/steps.py), so a step added there is
accepted here without other code."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..core import steps as step_table
from ..core.fees import FEE_METHODS
from ..core.steps import FieldKind, StepDef, StepError
from ..services.annual_report import FinalisedYearError
from .common import EXIT_ERROR, EXIT_OK, Context, UsageError, parse_date, print_json

# options every step command has; the step's own fields add theirs
_COMMON_KEYS = {"day", "signer", "result", "opinion"}


def _field_type(kind: FieldKind) -> Any:
    return {FieldKind.DATE: parse_date, FieldKind.INT: int}.get(kind, str)


def _add_field_options(parser: argparse.ArgumentParser, steps: list[StepDef], skip: set[str]) -> None:
    """One option per field key used by any of `steps` (the union; each step then accepts only its own)."""
    seen: dict[str, str] = {}
    for step in steps:
        for f in step.fields:
            if f.key in skip or f.key in seen or f.kind is FieldKind.FEE:
                continue
            seen[f.key] = f.label
            kwargs: dict[str, Any] = {"dest": "f_" + f.key, "metavar": f.label.split("（")[0], "help": f.label}
            if f.kind is FieldKind.BOOL:
                kwargs = {"dest": "f_" + f.key, "action": "store_true", "help": f.label}
            else:
                kwargs["type"] = _field_type(f.kind)
            parser.add_argument(f.option, **kwargs)


def _values(step: StepDef, args: argparse.Namespace, steps: list[StepDef]) -> dict[str, Any]:
    """The step's values from the parsed options; an option of another step is refused, naming the step."""
    own = {f.key for f in step.fields}
    values: dict[str, Any] = {"day": args.date}
    for other in steps:
        for f in other.fields:
            value = getattr(args, "f_" + f.key, None)
            if value in (None, False) or f.key in own:
                continue
            raise UsageError(f"“{step.label}”没有 {f.option} 选项。它的选项："
                             + ("、".join(x.option for x in step.fields) or "无"))
    for f in step.fields:
        value = getattr(args, "f_" + f.key, None)
        if f.kind is FieldKind.FEE:
            method, units = getattr(args, "fee_method", None), getattr(args, "fee_units", None)
            if method is not None or units is not None:
                if method is None or units is None:
                    raise UsageError("收费通知须同时给出 --fee-method（按件/按量）和 --fee-units（本月第几件或页数）。")
                value = (method, units)
        if value not in (None, False):
            values[f.key] = value
    for key in ("signer", "result", "opinion", "finalised_reason"):
        value = getattr(args, key, None)
        if value:
            values[key] = value
    return values


def _print_choices(view: Any, clock_steps: bool) -> None:
    for a in (c for c in view.choices if c.step.is_clock == clock_steps):
        mark = "可以" if a.possible else "不可"
        print(f"  [{mark}] {a.step.slug:<22} {a.step.label}" + ("" if a.possible else f"　— {a.reason}"))
    for d in view.internal:
        print(f"内部期限：{d.label} {d.due.isoformat()}")


def _run_step(ctx: Context, clock_steps: bool) -> int:
    from ..services.case import CaseService

    a = ctx.args
    ledger = ctx.ledger()
    table = step_table.STEP_BY_SLUG
    steps = [s for s in table.values() if s.is_clock == clock_steps]
    service = CaseService(ledger, table)
    if getattr(a, "list", False) or a.step is None:
        view = service.view(a.no, a.today)
        if a.json:
            print_json([{"step": c.step.slug, "label": c.step.label, "section": c.step.section,
                         "possible": c.possible, "reason": c.reason}
                        for c in view.choices if c.step.is_clock == clock_steps])
        else:
            print(f"{a.no} 现在可以登记的{'事项' if clock_steps else '审批和送达步骤'}：")
            _print_choices(view, clock_steps)
        return EXIT_OK
    step = table.get(a.step)
    if step is None or step.is_clock != clock_steps:
        names = "、".join(s.slug for s in steps)
        raise UsageError(f"未知的{'办理事项' if clock_steps else '审批步骤'}“{a.step}”。可用：{names}")
    if a.date is None:
        raise UsageError(f"请用 --date 给出{step.date_label}。")
    try:
        done = service.record(a.no, step.slug, _values(step, a, steps), a.today)
    except StepError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except FinalisedYearError as exc:
        print(f"错误：{exc}（用 --finalised-reason 写明原因）", file=sys.stderr)
        return EXIT_ERROR
    if a.json:
        clock = done.clock
        print_json({"no": a.no, "step": step.slug, "message": done.message,
                    "due": clock.due.isoformat() if clock and clock.due else None,
                    "status": clock.status.value if clock else None, "warnings": list(done.warnings)})
    else:
        print(done.message)
        for w in done.warnings:  # e.g. a 信息不存在 reply without a 检索记录
            print(f"提醒：{w}", file=sys.stderr)
    return EXIT_OK


def cmd_apps_event(ctx: Context) -> int:
    return _run_step(ctx, clock_steps=True)


def cmd_apps_step(ctx: Context) -> int:
    return _run_step(ctx, clock_steps=False)


def cmd_apps_undo(ctx: Context) -> int:
    from ..services.case import CaseService

    service = CaseService(ctx.ledger())
    last = service.last_step(ctx.args.no)
    if last is None:
        raise UsageError(f"{ctx.args.no} 没有可撤销的办理事项。")
    try:
        service.undo(ctx.args.no, ctx.args.today, ctx.args.reason or "", ctx.args.finalised_reason or "")
    except FinalisedYearError as exc:
        print(f"错误：{exc}（用 --finalised-reason 写明原因）", file=sys.stderr)
        return EXIT_ERROR
    print(f"已撤销“{last['label']}”（{last['day']}）。记录保留并标注“已撤销”，操作已记入日志。")
    return EXIT_OK


# --- 送达 -------------------------------------------------------------------------------------------------
def cmd_apps_deliver(ctx: Context) -> int:
    """`apps deliver`: the deliver step with the letter defaulting to the reply letter (or the only letter)."""
    from ..core.letters import LETTER_BY_SLUG
    from ..services.case import CaseService

    a = ctx.args
    ledger = ctx.ledger()
    app = ledger.applications.get(a.no)
    if app is None:
        raise UsageError(f"台账中没有申请编号为 {a.no} 的申请。")
    letter = a.letter
    if not letter:
        letters = ledger.letters.for_application(app["id"])
        replies = [r for r in letters if r["type"] in LETTER_BY_SLUG and LETTER_BY_SLUG[r["type"]].outcomes]
        pick = replies or letters
        if len(pick) > 1 and not replies:
            raise UsageError("本件有多份文书，请用 --letter 指明送达哪一份（文号或文书类型）："
                             + "、".join(r["doc_number"] for r in letters))
        letter = pick[-1]["doc_number"] if pick else ""  # none yet: the step's own check says to make one first
    values: dict[str, Any] = {"day": a.date, "letter": letter, "method": a.method, "signer": a.signer}
    for key in ("tracking", "delivered", "signed_by", "recipient", "place", "note", "scan"):
        value = getattr(a, key)
        if value not in (None, ""):
            values[key] = value
    try:
        done = CaseService(ledger).record(a.no, "deliver", values, a.today)
    except StepError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    for w in done.warnings:
        print(f"提醒：{w}", file=sys.stderr)
    print(done.message)
    return EXIT_OK


# --- evidence records ----------------------------------------------------------------------------------
# kind → (option dest, option, help); shared options (--result) serve several kinds
_RECORD_OPTIONS = {
    "search": (("scope", "--scope", "检索范围（文书档案、业务系统、承办科室、本机关网站…，用顿号分隔）"),
               ("keywords", "--keywords", "关键词（用顿号分隔）"), ("searcher", "--searcher", "检索人"),
               ("department", "--department", "交办核查的科室"),
               ("department_opinion", "--department-opinion", "科室的书面核查意见"),
               ("result", "--result", "检索或沟通的结果")),
    "contact": (("method", "--method", "沟通方式：电话、短信、当面、邮件"), ("party", "--party", "沟通对象"),
                ("content", "--content", "沟通内容（释明、指导的要点）"), ("result", "--result", "检索或沟通的结果")),
    "provided": (("name", "--name", "信息名称"), ("doc_no", "--doc-no", "文号"), ("pages", "--pages", "页数"),
                 ("form", "--form", "形式：纸质、电子、光盘"), ("note", "--note", "区分处理说明")),
}


def cmd_apps_record(ctx: Context) -> int:
    from ..core.case_records import RECORD_KINDS, RecordError
    from ..services.case import CaseService

    a = ctx.args
    ledger = ctx.ledger()
    service = CaseService(ledger)
    try:
        if a.void is not None:
            record = service.void_record(a.no, a.void, a.reason or "")
            print(f"已作废{RECORD_KINDS[record['kind']].label} {record['id']}（{record['day']}）。记录保留，操作已记入日志。")
            return EXIT_OK
        if a.list or a.kind is None:
            view = service.view(a.no, a.today)
            records = [r for r in view.records if a.kind in (None, r["kind"])]
            if a.json:
                print_json(records)
                return EXIT_OK
            for r in records:
                print(f"  [{r['id']}] {r['date']} {r['label']}：{r['text']}")
            if not records:
                print(f"{a.no} 还没有" + (RECORD_KINDS[a.kind].label if a.kind else "检索、沟通记录或提供信息清单") + "。")
            for w in view.warnings:
                print(f"提醒：{w}", file=sys.stderr)
            return EXIT_OK
        if a.date is None:
            raise UsageError(f"请用 --date 给出{RECORD_KINDS[a.kind].date_label}。")
        own = {dest for dest, _, _ in _RECORD_OPTIONS[a.kind]}
        values: dict[str, Any] = {"date": a.date}
        for options in _RECORD_OPTIONS.values():
            for dest, option, _ in options:
                value = getattr(a, "r_" + dest, None)
                if value in (None, ""):
                    continue
                if dest not in own:
                    raise UsageError(f"{RECORD_KINDS[a.kind].label}没有 {option} 选项。它的选项："
                                     + "、".join(o for _, o, _ in _RECORD_OPTIONS[a.kind]))
                values[dest] = value
        if a.attach:
            values["attachments"] = a.attach
        record_id = service.add_record(a.no, a.kind, values, a.today)
    except (RecordError, StepError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    if a.json:
        print_json({"no": a.no, "id": record_id, "kind": a.kind})
    else:
        print(f"{a.no} 已登记{RECORD_KINDS[a.kind].label}（编号 {record_id}）。")
    return EXIT_OK


# --- forms ---------------------------------------------------------------------------------------------
def cmd_apps_form(ctx: Context) -> int:
    from ..documents.atomic import OutputFileError
    from ..documents.letter_docx import TemplateProblem
    from ..paths import resources_dir
    from ..services.case_forms import FormError, FormService

    a = ctx.args
    if not a.out.lower().endswith(".docx"):
        raise UsageError("--out 须为 .docx 文件。")
    ledger = ctx.ledger()
    service = FormService.for_ledger(ledger, resources_dir() / "templates")
    try:
        made = service.make(a.no, a.type, Path(a.out).resolve(), a.today, delivery_id=a.delivery)
    except (FormError, TemplateProblem, OutputFileError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"已生成{made.name}：{made.path}")
    for gap in made.blanks:
        print(f"提醒：{gap}", file=sys.stderr)
    return EXIT_OK


def cmd_apps_add(ctx: Context) -> int:
    from ..core.registration import MISSING_ID_FLAG, MISSING_ID_NOTE, registration_flags, similar_requests
    from ..storage.applications_repo import RegistrationError

    a = ctx.args
    ledger = ctx.ledger()
    person = {"kind": a.applicant_type, "name": a.name, "category": a.category, "id_type": a.id_type,
              "id_number": a.id_number, "credit_code": a.credit_code, "phone": a.phone, "address": a.address,
              "postcode": a.postcode, "email": a.email, "legal_rep": a.legal_rep, "contact": a.contact}
    request = {"channel": a.channel, "received": a.received.isoformat() if a.received else "",
               "content_title": a.content, "doc_number": a.doc_number, "description": a.description,
               "form_required": a.form, "delivery": a.delivery, "handler": a.handler, "notes": a.note}
    repo = ledger.applications
    known = repo.find_applicant(person)
    history = repo.applicant_history(known["id"]) if known else []
    try:
        no = repo.register(person, request, ledger.settings.profile(), ledger.calendar.load(), a.today,
                           name_change=a.name_change, allow_missing_id=True)
    except RegistrationError as exc:
        for message in exc.errors.values():
            print(f"错误：{message}", file=sys.stderr)
        return EXIT_ERROR
    app = repo.get(no)
    assert app is not None
    month = repo.month_count(app["applicant_id"], date.fromisoformat(app["received"]))
    similar = similar_requests(a.content, history)
    out = {"no": no, "due": app["due"], "known_applicant": bool(known), "applicant_history": len(history),
           "month_count": month, "similar": [{"no": s.no, "content": s.content, "received": s.received, "ratio": round(s.ratio, 2)}
                                             for s in similar]}
    out["flags"] = registration_flags(app)  # 缺身份证明: registered without an ID, a 补正 is the next step
    if MISSING_ID_FLAG in out["flags"]:
        print(f"提醒：已标注“{MISSING_ID_FLAG}”。{MISSING_ID_NOTE}"
              f"登记补正告知：gongkai apps event {no} correction-requested --date 日期 --note 身份证明", file=sys.stderr)
    earlier = ledger.items.similar(" ".join(filter(None, (a.content, a.doc_number))), exclude_id=app["id"])
    out["earlier_answers"] = [e.to_dict() for e in earlier]  # the same information asked by anyone (issue 20)
    if a.json:
        print_json(out)
        return EXIT_OK
    print(f"已登记：{no}　答复期限 {app['due'] or '（暂停）'}")
    if known:
        print(f"已关联已有申请人（此前申请 {len(history)} 件）；本月第 {month} 件申请。")
    for s in similar:
        print(f"可能重复申请：{s.no}　{s.content}（相似度 {s.ratio:.0%}）")
    if earlier:
        from .items_cmds import print_earlier

        print("此前对相同或相近信息的答复：")
        print_earlier(earlier)
    return EXIT_OK


def register(sub: Any, groups: dict[str, Any]) -> None:
    apps = groups["apps"]
    table = step_table.STEP_BY_SLUG
    clock_steps = [s for s in table.values() if s.is_clock]
    case_steps = [s for s in table.values() if not s.is_clock]

    x = apps.add_parser("add", help="登记一件申请（与“登记申请”窗口的检查相同）")
    x.add_argument("--received", type=parse_date, required=True, help="收到申请日期（按申请方式，第31条）")
    x.add_argument("--channel", required=True, help="申请方式：当面、邮寄（需签收）、平常信函、互联网、传真、电子邮件等")
    x.add_argument("--applicant-type", required=True, choices=("自然人", "法人或其他组织"))
    x.add_argument("--name", required=True, help="申请人姓名或名称")
    x.add_argument("--name-change", choices=("rename", "known"),
                   help="证件号码已登记但姓名不同时：rename 同一人已更名（更新姓名），known 输入有误（用已登记的姓名）")
    x.add_argument("--category", help="法人或其他组织的类别：商业企业、科研机构、社会公益组织、法律服务机构、其他")
    x.add_argument("--id-type", help="证件类型（默认居民身份证）")
    x.add_argument("--id-number", help="证件号码（未提供时可不填：登记后标注“缺身份证明”，应发出补正告知书）")
    x.add_argument("--credit-code", help="统一社会信用代码")
    x.add_argument("--legal-rep", help="法定代表人")
    x.add_argument("--contact", help="联系人")
    x.add_argument("--phone")
    x.add_argument("--address")
    x.add_argument("--postcode")
    x.add_argument("--email")
    x.add_argument("--content", required=True, help="所需政府信息的名称或内容")
    x.add_argument("--doc-number", help="所需信息的文号")
    x.add_argument("--description", help="其他特征描述")
    x.add_argument("--form", help="形式要求：纸质、电子文档…")
    x.add_argument("--delivery", help="获取方式：邮寄、电子邮件、自行领取、网上获取…")
    x.add_argument("--handler", help="承办人")
    x.add_argument("--note", help="备注")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_add)

    x = apps.add_parser("event", help="登记办理事项（补正、征求意见、延期、收费、答复…），先按期限规则检查",
                        description="事项：" + "、".join(f"{s.slug}（{s.label}）" for s in clock_steps))
    x.add_argument("no", help="申请编号")
    x.add_argument("step", nargs="?", metavar="KIND", help="事项（不写则列出现在可以登记的事项）")
    x.add_argument("--date", type=parse_date, help="事项日期")
    _add_field_options(x, clock_steps, _COMMON_KEYS)
    x.add_argument("--fee-method", choices=FEE_METHODS, help="收费通知：计收方式")
    x.add_argument("--fee-units", type=int, help="收费通知：本月第几件（按件）或页数（按量）")
    x.add_argument("--list", action="store_true", help="列出现在可以登记的事项及不可登记的原因")
    x.add_argument("--finalised-reason", help="答复日期在已定稿年度、会改变已发布的表三时，须写明补录原因")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_event)

    x = apps.add_parser("step", help="登记内部审批和送达（交办、拟办意见、审核、法制审核、保密审查、核准、退回、送达）",
                        description="步骤：" + "、".join(f"{s.slug}（{s.label}）" for s in case_steps))
    x.add_argument("no", help="申请编号")
    x.add_argument("step", nargs="?", metavar="STEP", help="步骤（不写则列出现在可以登记的步骤）")
    x.add_argument("--date", type=parse_date, help="日期")
    x.add_argument("--by", dest="signer", help="签署人姓名")
    x.add_argument("--result", help="结论（如 同意、修改意见、不同意、可以公开、不能确定）")
    x.add_argument("--opinion", help="意见")
    x.add_argument("--days", dest="f_feedback_days", type=int, help="交办：科室反馈期限（工作日）")
    _add_field_options(x, case_steps, _COMMON_KEYS)
    x.add_argument("--list", action="store_true", help="列出现在可以登记的步骤及不可登记的原因")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_step)

    from ..core.case_records import RECORD_KINDS
    from ..core.delivery import DELIVERY_METHODS
    from ..core.forms import FORM_TYPES

    x = apps.add_parser("deliver", help="登记送达（直接送达以签收日期、邮寄以交邮日期判断是否按期）")
    x.add_argument("no", help="申请编号")
    x.add_argument("--method", required=True, help="送达方式：" + "、".join(DELIVERY_METHODS))
    x.add_argument("--date", type=parse_date, required=True, help="交邮日期（邮寄）或送达日期")
    x.add_argument("--letter", help="送达的文书：文号或文书类型（默认答复书）")
    x.add_argument("--by", dest="signer", required=True, help="送达人")
    x.add_argument("--tracking", help="邮件号（中国邮政或EMS）")
    x.add_argument("--delivered", type=parse_date, help="妥投或签收日期")
    x.add_argument("--signed-by", help="签收人")
    x.add_argument("--recipient", help="受送达人（默认申请人）")
    x.add_argument("--place", help="送达地点")
    x.add_argument("--note", help="拒收、留置等说明")
    x.add_argument("--scan", help="送达回证或邮寄凭证的扫描件（复制为附件）")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_deliver)

    kinds = "；".join(f"{k}（{v.label}）：" + " ".join(o for _, o, _ in _RECORD_OPTIONS[k]) for k, v in RECORD_KINDS.items())
    x = apps.add_parser("record", help="登记检索记录、沟通记录、提供信息清单（法院首先审查的证据）",
                        description="各类记录的选项——" + kinds)
    x.add_argument("no", help="申请编号")
    x.add_argument("kind", nargs="?", choices=tuple(RECORD_KINDS), help="search 检索 | contact 沟通 | provided 提供信息")
    x.add_argument("--date", type=parse_date, help="检索、沟通或提供的日期")
    seen: set[str] = set()
    for options in _RECORD_OPTIONS.values():
        for dest, option, help_text in options:
            if dest not in seen:
                seen.add(dest)
                x.add_argument(option, dest="r_" + dest, help=help_text)
    x.add_argument("--attach", action="append", metavar="文件", help="附件（检索截图、科室书面核查意见扫描件等，可多次）")
    x.add_argument("--list", action="store_true", help="列出已登记的记录")
    x.add_argument("--void", type=int, metavar="编号", help="作废一条记录（须用 --reason 说明原因）")
    x.add_argument("--reason", help="作废原因")
    x.add_argument("--json", action="store_true")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_record)

    x = apps.add_parser("form", help="生成呈批表、保密审查单或送达回证（Word，按已登记的步骤填写）")
    x.add_argument("no", help="申请编号")
    x.add_argument("--type", required=True, choices=tuple(FORM_TYPES),
                   help="；".join(f"{k}：{v.name}" for k, v in FORM_TYPES.items()))
    x.add_argument("--out", required=True, help="保存为（.docx）")
    x.add_argument("--delivery", type=int, help="送达回证：哪一次送达（编号，默认最近一次）")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_form)

    x = apps.add_parser("undo", help="撤销最后登记的一项（保留记录并标注已撤销，记入日志）")
    x.add_argument("no", help="申请编号")
    x.add_argument("--reason", help="撤销原因")
    x.add_argument("--finalised-reason", help="撤销已定稿年度计入表三的办结时，须写明原因")
    x.add_argument("--today", type=parse_date, default=date.today(), help=argparse.SUPPRESS)
    x.set_defaults(func=cmd_apps_undo)
