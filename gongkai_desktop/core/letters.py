"""Reply letters and notices: the letter types, what each needs, when each may be issued, and the values a
template is filled with (domain.md §1.3–1.6, §4). Pure: the caller supplies the application, its events,
its clock, the organisation profile and the officer's inputs; rendering is in documents/letter_docx.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .applications import NATURAL_PERSON, OUTCOME_BY_CODE
from .clock import ClockResult, EventKind
from .fees import compute_fee
from .organisation import OrgProfile
from .workdays import cn_date

STANDARD, REVIEW_FIRST, PARTIAL, NONE = "standard", "review_first", "partial", "none"


@dataclass(frozen=True)
class InputField:
    key: str
    label: str
    required: bool = True
    multiline: bool = False
    default: str = ""


@dataclass(frozen=True)
class LetterType:
    slug: str
    name: str  # 中文名称 in lists
    title: str  # the second title line, under the organ name
    register: str  # the 文号 code after the prefix: 某公开「复」〔2026〕3号
    remedy: str = NONE
    closing: str = "特此告知。"
    needs_event: EventKind | None = None  # the step that must be recorded first
    outcomes: tuple[str, ...] = ()  # for replies: the 表三 outcomes the letter fits
    inputs: tuple[InputField, ...] = ()
    to_third_party: bool = False


_PROVIDE = InputField("provide_text", "提供方式（不填则按申请人选择的获取方式写明）", required=False)

LETTER_TYPES: tuple[LetterType, ...] = (
    LetterType("receipt", "申请登记回执", "政府信息公开申请登记回执", "收", closing=""),
    LetterType("correction", "补正申请告知书", "补正申请告知书", "补", needs_event=EventKind.CORRECTION_REQUESTED,
               inputs=(InputField("correction_items", "需要补正的事项", multiline=True),)),
    LetterType("extension", "延期答复告知书", "延期答复告知书", "延", needs_event=EventKind.EXTENDED,
               inputs=(InputField("extension_reason", "延期理由", default="所申请信息需要进一步检索、审查"),)),
    LetterType("consult-third-party", "征求第三方意见书", "政府信息公开征求意见书", "征", closing="特此函告。",
               needs_event=EventKind.CONSULT_SENT, to_third_party=True,
               inputs=(InputField("third_party", "第三方名称"),)),
    LetterType("consult-notice", "征求意见告知书（致申请人）", "征求意见告知书", "征", needs_event=EventKind.CONSULT_SENT),
    LetterType("disclosure-third-party", "依申请公开告知书（致第三方）", "依申请公开告知书", "告", remedy=STANDARD,
               needs_event=EventKind.CONSULT_SENT, to_third_party=True,
               inputs=(InputField("third_party", "第三方名称"),
                       InputField("disclosure_reason", "决定公开的理由", multiline=True),
                       InputField("disclosure_content", "拟公开的内容", multiline=True))),
    LetterType("consult-co-producer", "征求共同制作机关意见函", "征求意见函", "征", closing="特此函告。",
               needs_event=EventKind.CONSULT_SENT, to_third_party=True,
               inputs=(InputField("third_party", "共同制作机关名称"),)),
    LetterType("reasons-request", "说明理由告知书（第35条）", "说明理由告知书", "说",
               inputs=(InputField("reasons_deadline", "说明理由的期限（年-月-日）"),)),
    LetterType("fee-notice", "收费通知书", "信息处理费收费通知书", "费", remedy=STANDARD,
               needs_event=EventKind.FEE_NOTICE,
               inputs=(InputField("payment_method", "缴纳方式", default="到本机关财务部门缴纳，或通过非税收入缴款渠道缴纳"),)),
    LetterType("reply-proactive", "答复书：已主动公开", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("1",), (InputField("public_location", "获取方式、途径（网址、公报等）", multiline=True),)),
    LetterType("reply-disclose", "答复书：予以公开", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("1",), (_PROVIDE,)),
    LetterType("reply-partial", "答复书：部分公开", "政府信息公开申请答复书", "复", PARTIAL, "特此答复。",
               EventKind.REPLIED, ("2",),
               (_PROVIDE, InputField("withheld_parts", "不予公开的内容及理由（每行一项）", multiline=True))),
    LetterType("reply-withhold", "答复书：不予公开", "政府信息公开申请答复书", "复", REVIEW_FIRST, "特此答复。",
               EventKind.REPLIED, ("3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"),
               (InputField("withhold_reason", "不予公开的理由（不填则按办理结果写明）", required=False, multiline=True),)),
    LetterType("reply-not-exist", "答复书：信息不存在", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("4.1",),
               (InputField("search_description", "检索情况", default="对本机关保存的文件资料进行了检索"),)),
    LetterType("reply-not-responsible", "答复书：非本机关负责公开", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("4.1",),
               (InputField("not_responsible_reason", "不属于本机关负责公开的理由"),
                InputField("responsible_organ", "负责公开的机关", required=False),
                InputField("responsible_contact", "该机关联系方式", required=False))),
    LetterType("reply-repeat", "答复书：重复申请", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("5.2",),
               (InputField("earlier_reply", "此前答复（日期、文号）"),)),
    LetterType("reply-special", "答复书：法律法规有特别规定", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("5.5", "6.3"),
               (InputField("special_law", "有特别规定的法律、行政法规及办理途径", multiline=True),)),
    LetterType("reply-not-application", "答复书：不作为政府信息公开申请处理", "政府信息公开申请答复书", "复", STANDARD,
               "特此答复。", EventKind.REPLIED, ("5.1",),
               (InputField("proper_channel", "可以提出的渠道", default="信访、投诉、举报等相应渠道"),)),
    LetterType("reply-publication", "答复书：公开出版物", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("5.3",),
               (InputField("publication", "公开出版物名称"), InputField("publication_access", "获取途径"))),
    LetterType("reply-excessive", "答复书：不予处理（第35条）", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("5.4",),
               (InputField("reasons_result", "说明理由的情况", default="未在期限内说明理由"),)),
    LetterType("reply-needs-processing", "答复书：需要加工分析", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("4.2",)),
    LetterType("reply-still-unclear", "答复书：补正后仍不明确", "政府信息公开申请答复书", "复", STANDARD, "特此答复。",
               EventKind.REPLIED, ("4.3",)),
    LetterType("terminate-correction", "终止处理告知书：逾期不补正", "终止处理告知书", "终", STANDARD,
               needs_event=EventKind.CORRECTION_LAPSED, outcomes=("6.1",)),
    LetterType("terminate-fee", "终止处理告知书：逾期未缴费", "终止处理告知书", "终", STANDARD,
               needs_event=EventKind.FEE_LAPSED, outcomes=("6.2",)),
)
LETTER_BY_SLUG = {t.slug: t for t in LETTER_TYPES}

# what each 不予公开 row says and cites
WITHHOLD = {
    "3.1": ("经依法确定为国家秘密", "第十四条"),
    "3.2": ("属于法律、行政法规禁止公开的政府信息", "第十四条"),
    "3.3": ("公开后可能危及国家安全、公共安全、经济安全、社会稳定", "第十四条"),
    "3.4": ("涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害", "第十五条"),
    "3.5": ("属于人事管理、后勤管理、内部工作流程等内部事务信息", "第十六条第一款"),
    "3.6": ("属于讨论记录、过程稿、磋商信函、请示报告等过程性信息", "第十六条第二款"),
    "3.7": ("属于行政执法案卷信息", "第十六条第二款"),
    "3.8": ("属于行政查询事项，应当通过相应的查询渠道办理", "第三十六条第（三）项"),
}

CHANNEL_PHRASES = {"当面": "当面", "邮寄": "通过邮寄方式", "平常信函": "通过平常信函方式", "互联网": "通过互联网",
                   "传真": "通过传真", "其他": ""}

PROVIDE_BY_DELIVERY = {
    "邮寄": "随本答复书一并邮寄给{you}",
    "电子邮件": "通过电子邮件发送给{you}",
    "自行领取": "请{you}持本答复书到本机关领取",
    "网上获取": "{you}可以通过本机关网站获取",
}


class LetterError(ValueError):
    """The letter cannot be made; the message is Chinese."""


def remedy_text(kind: str, profile: OrgProfile, you: str) -> str:
    """The 救济途径 paragraph under current law (行政复议法 2023, 行政诉讼法 2017), domain.md §1.6."""
    if kind == NONE:
        return ""
    organ = profile.review_organ or "（行政复议机关）"
    court = profile.court or "（管辖人民法院）"
    review = f"自收到本告知之日起60日内向{organ}申请行政复议"
    if kind == STANDARD:
        return f"{you}如对本答复不服，可以{review}，或者在6个月内向{court}提起行政诉讼。".replace("本告知", "本答复")
    first = ("根据《中华人民共和国行政复议法》第二十三条的规定，对行政机关不予公开政府信息不服的，应当先申请行政复议；"
             "对行政复议决定不服的，可以再依法向人民法院提起行政诉讼。")
    if kind == REVIEW_FIRST:
        return f"{you}如对本答复不服，可以{review.replace('本告知', '本答复')}。{first}"
    return (f"{you}如对本答复中予以公开的部分不服，可以{review.replace('本告知', '本答复')}，或者在6个月内向{court}"
            f"提起行政诉讼；如对不予公开的部分不服，应当先向{organ}申请行政复议，"
            "对行政复议决定不服的，可以再依法向人民法院提起行政诉讼（《中华人民共和国行政复议法》第二十三条）。")


def format_doc_number(prefix: str, register: str, year: int, seq: int) -> str:
    """某公开复〔2026〕3号 — year in 六角括号, no leading zeros (GB/T 9704)."""
    if seq < 1:
        raise ValueError(seq)
    return f"{prefix}{register}〔{year}〕{seq}号"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")


def cn_money(amount: int) -> str:
    """人民币大写 for whole yuan: 83460 → 捌万叁仟肆佰陆拾元整."""
    if amount < 0:
        raise ValueError(amount)
    if amount == 0:
        return "零元整"
    groups: list[str] = []
    n, g = amount, 0
    while n:
        n, chunk = divmod(n, 10000)
        text, zero = "", False
        for i in range(3, -1, -1):
            d = chunk // 10**i % 10
            if d:
                if zero and text:
                    text += "零"
                text += _DIGITS[d] + _UNITS[i]
                zero = False
            else:
                zero = True
        if chunk:
            groups.append((text, g, chunk))
        g += 1
    out = ""
    previous_group = None
    for text, g, chunk in reversed(groups):
        if previous_group is not None and (previous_group - g > 1 or chunk < 1000):
            out += "零"
        out += text + _GROUPS[g]
        previous_group = g
    return out + "元整"


@dataclass
class LetterRequest:
    """Everything needed to fill one letter."""

    type: LetterType
    app: dict[str, Any]  # ApplicationsRepo.get row
    events: list[dict[str, Any]]  # event rows, not voided
    clock: ClockResult
    profile: OrgProfile
    issued: date
    inputs: dict[str, str] = field(default_factory=dict)


def check_allowed(t: LetterType, app: dict[str, Any], events: list[dict[str, Any]]) -> str | None:
    """A Chinese reason why this letter cannot be issued for this application now, or None."""
    kinds = {e["kind"] for e in events}
    if t.needs_event is not None and t.needs_event.value not in kinds:
        return f"“{t.name}”须先在办理记录中登记“{t.needs_event.label}”。"
    if t.outcomes and app.get("outcome") not in t.outcomes:
        have = OUTCOME_BY_CODE[app["outcome"]].full if app.get("outcome") in OUTCOME_BY_CODE else "未答复"
        want = "、".join(OUTCOME_BY_CODE[o].full for o in t.outcomes)
        return f"“{t.name}”只用于办理结果为{want}的申请；本件办理结果：{have}。"
    if t.slug == "reasons-request" and app.get("state") == "closed":
        return "申请已办结，不能再发出说明理由告知书。"
    return None


def missing_settings(t: LetterType, profile: OrgProfile) -> list[str]:
    missing = []
    if not profile.organ_name:
        missing.append("机关名称")
    if not profile.doc_prefix:
        missing.append("文号前缀（机关代字）")
    if t.remedy != NONE and not profile.review_organ:
        missing.append("行政复议机关")
    if t.remedy in (STANDARD, PARTIAL) and not profile.court:
        missing.append("行政诉讼管辖法院")
    return missing


def _last(events: list[dict[str, Any]], kind: EventKind) -> dict[str, Any] | None:
    found = [e for e in events if e["kind"] == kind.value]
    return found[-1] if found else None


def _cn(iso: str | None) -> str:
    return cn_date(date.fromisoformat(iso)) if iso else ""


def build_context(req: LetterRequest, doc_number: str) -> dict[str, Any]:
    """The values of every placeholder. Raises LetterError naming each missing input."""
    t, app, profile = req.type, req.app, req.profile
    inputs = {f.key: (req.inputs.get(f.key) or f.default or "").strip() for f in t.inputs}
    missing = [f.label for f in t.inputs if f.required and not inputs[f.key]]
    if missing:
        raise LetterError("请填写：" + "、".join(missing) + "。")
    person = app.get("applicant_kind") == NATURAL_PERSON or app.get("category") == NATURAL_PERSON
    you = "您" if person else "你单位"
    ctx: dict[str, Any] = {
        "organ_name": profile.organ_name, "office_name": profile.office_name or profile.organ_name,
        "organ_address": profile.address, "organ_postcode": profile.postcode,
        "contact": profile.contact or "（联系人）", "contact_phone": profile.phone or "（联系电话）",
        "doc_number": doc_number, "issued_date": cn_date(req.issued), "title": t.title,
        "app_no": app["no"], "applicant_name": app["applicant"], "you": you,
        "received_date": _cn(app["received"]), "channel_phrase": CHANNEL_PHRASES.get(app["channel"], ""),
        "content": app["content_title"].replace("“", "‘").replace("”", "’"), "doc_ref": app.get("doc_number") or "",
        "due_date": cn_date(req.clock.due) if req.clock.due else "",
        "closing": t.closing, "remedy": remedy_text(t.remedy, profile, you),
        "basis": app.get("outcome_basis") or "",
    }
    ctx.update(inputs)
    events = req.events
    corr = _last(events, EventKind.CORRECTION_REQUESTED)
    if corr:
        ctx["correction_sent_date"] = _cn(corr["day"])
        deadline = req.clock.sub_deadlines.get("补正期限")
        ctx["correction_deadline"] = cn_date(deadline) if deadline else _cn(corr["until"])
        if not inputs.get("correction_items") and corr.get("note"):
            ctx["correction_items"] = corr["note"]
    received = _last(events, EventKind.CORRECTION_RECEIVED)
    ctx["correction_received_date"] = _cn(received["day"]) if received else ""
    ext = _last(events, EventKind.EXTENDED)
    if ext:
        ctx["extension_days"] = ext["days"]
        ctx["new_due_date"] = cn_date(req.clock.due) if req.clock.due else ""
    consult = _last(events, EventKind.CONSULT_SENT)
    if consult:
        ctx["consult_sent_date"] = _cn(consult["day"])
        if t.to_third_party and not inputs.get("third_party"):
            ctx["third_party"] = consult.get("ref") or ""
    fee = _last(events, EventKind.FEE_NOTICE)
    if fee:
        ctx["fee_notice_date"] = _cn(fee["day"])
    if app.get("fee_method") and app.get("fee_units"):
        f = compute_fee(app["fee_method"], int(app["fee_units"]))
        ctx.update(fee_method=f.method, fee_amount=f.amount, fee_amount_upper=cn_money(f.amount),
                   fee_explanation=f.explanation,
                   fee_standard="按件计收：申请人一个自然月内累计申请10件以下（含10件）不收费，11—30件（含30件）"
                   "的部分按100元/件收费，31件以上的部分以10件为一档、每增加一档收费标准提高100元/件"
                   if f.method == "按件" else
                   "按量计收：30页以下（含30页）不收费，31—100页（含100页）的部分按10元/页收费，"
                   "101—200页（含200页）的部分按20元/页收费，201页以上的部分按40元/页收费")
    if t.slug in ("fee-notice", "terminate-fee") and "fee_amount" not in ctx:
        raise LetterError("本件没有登记收费金额：请在“发出收费通知”中确定计收方式和件数或页数。")
    if t.slug == "reply-withhold":
        reason, article = WITHHOLD[app["outcome"]]
        ctx["withhold_reason"] = inputs.get("withhold_reason") or reason
        ctx["withhold_article"] = f"《中华人民共和国政府信息公开条例》{article}"
    if "provide_text" in inputs:
        template = PROVIDE_BY_DELIVERY.get(app.get("delivery") or "", "随本答复书一并提供给{you}")
        ctx["provide_text"] = inputs["provide_text"] or template.format(you=you)
    if "withheld_parts" in inputs:
        ctx["withheld_parts"] = [line.strip() for line in inputs["withheld_parts"].splitlines() if line.strip()]
    return ctx


# Every placeholder a template may use (for the template check), with what it means.
FIELD_HELP: dict[str, str] = {
    "organ_name": "机关名称", "office_name": "政府信息公开工作机构", "organ_address": "机关通讯地址",
    "organ_postcode": "邮政编码", "contact": "联系人", "contact_phone": "联系电话", "doc_number": "文号",
    "issued_date": "成文日期", "title": "文书标题", "app_no": "申请编号", "applicant_name": "申请人",
    "you": "称谓（您/你单位）", "received_date": "收到申请日期", "channel_phrase": "申请方式",
    "content": "申请内容", "doc_ref": "所需信息文号", "due_date": "答复期限", "closing": "结束语",
    "remedy": "救济途径", "basis": "依据条款", "correction_sent_date": "补正告知日期",
    "correction_deadline": "补正期限", "correction_items": "需要补正的事项", "correction_received_date": "收到补正日期",
    "extension_days": "延长工作日数", "new_due_date": "延长后的答复期限", "extension_reason": "延期理由",
    "consult_sent_date": "征求意见日期", "third_party": "第三方或共同制作机关", "disclosure_reason": "决定公开的理由",
    "disclosure_content": "拟公开的内容", "reasons_deadline": "说明理由期限", "fee_notice_date": "收费通知日期",
    "fee_method": "计收方式", "fee_amount": "收费金额", "fee_amount_upper": "收费金额大写", "fee_explanation": "收费计算",
    "fee_standard": "收费标准", "payment_method": "缴纳方式", "public_location": "获取方式、途径",
    "provide_text": "提供方式", "withheld_parts": "不予公开的内容及理由", "withhold_reason": "不予公开的理由",
    "withhold_article": "不予公开的依据", "search_description": "检索情况", "not_responsible_reason": "不属于本机关的理由",
    "responsible_organ": "负责公开的机关", "responsible_contact": "该机关联系方式", "earlier_reply": "此前答复",
    "special_law": "特别规定", "proper_channel": "相应渠道", "publication": "公开出版物",
    "publication_access": "获取途径", "reasons_result": "说明理由的情况", "part": "循环中的一项",
}


def required_fields(t: LetterType) -> set[str]:
    """Placeholders a usable template of this type must contain."""
    needed = {"doc_number", "issued_date", "organ_name", "third_party" if t.to_third_party else "applicant_name"}
    if t.remedy != NONE:
        needed.add("remedy")
    return needed
