"""Reply letters and notices: the letter types, what each needs, when each may be issued, and the values a
template is filled with (domain.md §1.3–1.6, §4). Pure: the caller supplies the application, its events,
its clock, the organisation profile and the officer's inputs; rendering is in documents/letter_docx.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .applications import NATURAL_PERSON, OUTCOME_BY_CODE, OUTCOMES
from .clock import ClockResult, EventKind
from .errors import DomainError
from .fees import compute_fee
from .organisation import OrgProfile
from .workdays import cn_date

STANDARD, REVIEW_FIRST, PARTIAL, NONE = "standard", "review_first", "partial", "none"
ITEMS = "items"  # 综合答复书: the remedy named item by item (复议前置 only for the withheld items)


@dataclass(frozen=True)
class InputField:
    """One thing the officer types for a letter. `end` says how the text sits in the sentence: "sentence" (a
    full sentence: closing punctuation added when missing), "clause" (inside a sentence: trailing punctuation
    removed), "date" (any common date spelling, printed 2026年12月18日) or "lines" (one item a line)."""

    key: str
    label: str
    required: bool = True
    multiline: bool = False
    default: str = ""
    end: str = "clause"


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
    to_third_party: bool = False  # addressed to a third party or another organ, not to the applicant
    organ_addressee: bool = False  # the addressee is another organ (贵单位), not a third party (贵方)
    uses_records: bool = False  # the body is composed from the 检索记录/沟通记录 when they exist
    provides_items: bool = False  # the letter lists what is provided (附件) and how to get it (第36条(二))

    @property
    def noun(self) -> str:
        """How the letter calls itself in the remedy clause: 本答复 / 本告知书 / 本通知 …"""
        for ending, noun in (("答复书", "本答复"), ("通知书", "本通知"), ("告知书", "本告知书"), ("函", "本函")):
            if self.title.endswith(ending):
                return noun
        return "本文书"

    @property
    def addressee_pronoun(self) -> str | None:
        if not self.to_third_party:
            return None
        return "贵单位" if self.organ_addressee else "贵方"


_PROVIDE = (
    InputField("provide_text", "提供方式、途径和时间（不填则按申请人选择的获取方式和单位设置写明）", required=False,
               multiline=True, end="sentence"),
    InputField("provide_url", "网址（网上获取时填写）", required=False),
    InputField("collect_time", "领取时间（自行领取时填写；不填则用设置中的领取时间）", required=False),
    InputField("provided_list", "提供的信息（每行一项：名称、文号、页数、形式；已登记提供信息清单的可不填）",
               required=False, multiline=True, end="lines"),
)
_WITHHOLD_REASON = InputField("withhold_reason", "不予公开的事实和理由（按模板句完成【】处）", multiline=True,
                              end="sentence")
_REPLY: dict[str, Any] = dict(closing="特此答复。", needs_event=EventKind.REPLIED)

LETTER_TYPES: tuple[LetterType, ...] = (
    LetterType("receipt", "申请登记回执", "政府信息公开申请登记回执", "收", closing=""),
    LetterType("correction", "补正申请告知书", "补正申请告知书", "补", needs_event=EventKind.CORRECTION_REQUESTED,
               uses_records=True,
               inputs=(InputField("correction_items", "需要补正的事项", multiline=True, end="sentence"),)),
    LetterType("extension", "延期答复告知书", "延期答复告知书", "延", needs_event=EventKind.EXTENDED,
               inputs=(InputField("extension_reason", "延期理由", default="所申请信息需要进一步检索、审查"),)),
    LetterType("delay", "延迟答复告知书（第35条）", "延迟答复告知书", "延", needs_event=EventKind.DELAY,
               inputs=(InputField("reasons_result", "申请人说明理由的情况", default="已在期限内书面说明了申请理由"),)),
    LetterType("consult-third-party", "征求第三方意见书", "政府信息公开征求意见书", "征", closing="特此函告。",
               needs_event=EventKind.CONSULT_SENT, to_third_party=True,
               inputs=(InputField("third_party", "第三方名称"),)),
    LetterType("consult-confirm", "征求意见确认函（致第三方）", "政府信息公开申请征求意见确认函", "征", closing="",
               needs_event=EventKind.CONSULT_SENT, to_third_party=True,
               inputs=(InputField("third_party", "第三方名称"),)),
    LetterType("consult-notice", "征求意见告知书（致申请人）", "征求意见告知书", "征", needs_event=EventKind.CONSULT_SENT),
    LetterType("disclosure-third-party", "依申请公开告知书（致第三方）", "依申请公开告知书", "告", remedy=STANDARD,
               needs_event=EventKind.CONSULT_SENT, to_third_party=True,
               inputs=(InputField("third_party", "第三方名称"),
                       InputField("disclosure_reason", "决定公开的理由", multiline=True, end="sentence"),
                       InputField("disclosure_content", "拟公开的内容", multiline=True, end="sentence"))),
    LetterType("consult-co-producer", "征求共同制作机关意见函", "征求意见函", "征", closing="特此函告。",
               needs_event=EventKind.CONSULT_SENT, to_third_party=True, organ_addressee=True,
               inputs=(InputField("third_party", "共同制作机关名称"),)),
    LetterType("assist", "协办函（致协办机关）", "政府信息公开申请协办函", "协", closing="特此函告。",
               to_third_party=True, organ_addressee=True,
               inputs=(InputField("third_party", "协办机关名称"),
                       InputField("assist_items", "请协办的事项", multiline=True, end="sentence",
                                  default="协助检索是否制作或者保存所申请的信息；能够提供的，请提供该信息，并提出是否可以公开的意见"),
                       InputField("assist_deadline", "请协办机关回复的日期（年-月-日）", end="date"))),
    LetterType("reasons-request", "说明理由告知书（第35条）", "说明理由告知书", "说",
               inputs=(InputField("reasons_deadline", "说明理由的期限（年-月-日）", end="date"),)),
    LetterType("fee-notice", "收费通知书", "信息处理费收费通知书", "费", remedy=STANDARD,
               needs_event=EventKind.FEE_NOTICE,
               inputs=(InputField("payment_method", "缴纳方式", default="到本机关财务部门缴纳，或通过非税收入缴款渠道缴纳"),)),
    LetterType("reply-proactive", "答复书：已主动公开", "政府信息公开申请答复书", "复", STANDARD, outcomes=("1",),
               inputs=(InputField("public_location", "获取方式、途径（网址、公报等）", multiline=True, end="sentence"),),
               **_REPLY),
    LetterType("reply-disclose", "答复书：予以公开", "政府信息公开申请答复书", "复", STANDARD, outcomes=("1",),
               inputs=_PROVIDE, provides_items=True, **_REPLY),
    LetterType("reply-partial", "答复书：部分公开", "政府信息公开申请答复书", "复", PARTIAL, outcomes=("2",),
               inputs=(*_PROVIDE, InputField("withheld_parts", "不予公开的内容及理由（每行一项）", multiline=True,
                                             end="lines")),
               provides_items=True, **_REPLY),
    LetterType("reply-items", "综合答复书（分项答复）", "政府信息公开申请答复书", "复", ITEMS,
               outcomes=tuple(o.code for o in OUTCOMES if o.code[0] in "12345"), **_REPLY),
    LetterType("reply-withhold", "答复书：不予公开", "政府信息公开申请答复书", "复", REVIEW_FIRST,
               outcomes=("3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"), inputs=(_WITHHOLD_REASON,), **_REPLY),
    LetterType("reply-not-exist", "答复书：信息不存在", "政府信息公开申请答复书", "复", STANDARD, outcomes=("4.1",),
               uses_records=True,
               inputs=(InputField("search_description", "检索范围（已登记检索记录的可不填）", required=False),),
               **_REPLY),
    LetterType("reply-not-responsible", "答复书：非本机关负责公开", "政府信息公开申请答复书", "复", STANDARD,
               outcomes=("4.1",), uses_records=True,
               inputs=(InputField("not_responsible_reason", "不属于本机关负责公开的理由"),
                       InputField("responsible_organ", "负责公开的机关", required=False),
                       InputField("responsible_contact", "该机关联系方式", required=False)), **_REPLY),
    LetterType("reply-repeat", "答复书：重复申请", "政府信息公开申请答复书", "复", STANDARD, outcomes=("5.2",),
               inputs=(InputField("earlier_reply", "此前答复（日期、文号）"),), **_REPLY),
    LetterType("reply-special", "答复书：法律法规有特别规定", "政府信息公开申请答复书", "复", STANDARD, outcomes=("6.3",),
               inputs=(InputField("special_law", "有特别规定的法律、行政法规及办理途径", multiline=True, end="sentence"),),
               **_REPLY),
    LetterType("reply-confirm", "答复书：要求确认或重新出具已获取信息", "政府信息公开申请答复书", "复", STANDARD,
               outcomes=("5.5",),
               inputs=(InputField("obtained_info", "申请人已获取的信息及获取情况（如：2026年3月5日本机关答复提供的某文件）",
                                  multiline=True),
                       InputField("confirm_kind", "申请人的要求", default="对该信息予以确认或者重新出具")), **_REPLY),
    LetterType("reply-not-application", "答复书：不作为政府信息公开申请处理", "政府信息公开申请答复书", "复", STANDARD,
               outcomes=("5.1",),
               inputs=(InputField("proper_channel", "可以提出的渠道", default="信访、投诉、举报等相应渠道"),), **_REPLY),
    LetterType("reply-publication", "答复书：公开出版物", "政府信息公开申请答复书", "复", STANDARD, outcomes=("5.3",),
               inputs=(InputField("publication", "公开出版物名称"), InputField("publication_access", "获取途径")),
               **_REPLY),
    LetterType("reply-excessive", "答复书：不予处理（第35条）", "政府信息公开申请答复书", "复", STANDARD, outcomes=("5.4",),
               inputs=(InputField("reasons_result", "说明理由的情况", default="未在期限内说明理由"),), **_REPLY),
    LetterType("reply-needs-processing", "答复书：需要加工分析", "政府信息公开申请答复书", "复", STANDARD,
               outcomes=("4.2",), uses_records=True, **_REPLY),
    LetterType("reply-still-unclear", "答复书：补正后仍不明确", "政府信息公开申请答复书", "复", STANDARD,
               outcomes=("4.3",), uses_records=True, **_REPLY),
    LetterType("terminate-correction", "终止处理告知书：逾期不补正", "终止处理告知书", "终", STANDARD,
               needs_event=EventKind.CORRECTION_LAPSED, outcomes=("6.1",)),
    LetterType("terminate-fee", "终止处理告知书：逾期未缴费", "终止处理告知书", "终", STANDARD,
               needs_event=EventKind.FEE_LAPSED, outcomes=("6.2",)),
)
LETTER_BY_SLUG = {t.slug: t for t in LETTER_TYPES}

TIAOLI = "《中华人民共和国政府信息公开条例》"

# What each 不予公开 row cites, and the sentence the officer completes: the facts and the provision (3.2 names
# the 法律、行政法规; 3.5–3.7 say why 第十六条's discretion was used). 【…】 marks what must be filled in.
WITHHOLD: dict[str, tuple[str, str]] = {
    "3.1": ("第十四条", "所申请的【信息名称】经【定密机关】依法确定为国家秘密（密级：【密级】，保密期限：【期限】）。"),
    "3.2": ("第十四条", "所申请的【信息名称】属于《【法律或者行政法规名称】》第【条款】规定禁止公开的信息，"
                        "该条规定：“【引用条文】”。"),
    "3.3": ("第十四条", "所申请的【信息名称】涉及【事实】，公开后可能危及【国家安全、公共安全、经济安全或者社会稳定】，"
                        "具体理由是：【理由】。"),
    "3.4": ("第十五条", "所申请的【信息名称】含有【第三方】的【商业秘密或者个人隐私的具体内容】，公开会对第三方合法权益造成"
                        "损害；【第三方不同意公开的情况】，且不公开不会对公共利益造成重大影响。"),
    "3.5": ("第十六条第一款", "所申请的【信息名称】属于本机关【人事管理、后勤管理或者内部工作流程】方面的内部事务信息，"
                              "【说明该信息只在本机关内部使用、对申请人的权利义务不产生直接影响的事实】，"
                              "本机关依照第十六条第一款决定不予公开的理由是：【理由】。"),
    "3.6": ("第十六条第二款", "所申请的【信息名称】是本机关在履行行政管理职能过程中形成的【讨论记录、过程稿、磋商信函或者"
                              "请示报告】，【说明其过程性的事实】；法律、法规、规章没有规定应当公开，本机关依照第十六条"
                              "第二款决定不予公开的理由是：【理由】。"),
    "3.7": ("第十六条第二款", "所申请的【信息名称】属于本机关在【执法事项】中形成的行政执法案卷信息；法律、法规、规章没有"
                              "规定应当公开，本机关依照第十六条第二款决定不予公开的理由是：【理由】。"),
    "3.8": ("", "所申请的【信息名称】属于行政查询事项，应当依照【规定查询的法律、法规或者规定】，通过【查询渠道】办理。"),
}
FILL_MARK = "【"

CHANNEL_PHRASES = {"当面": "当面", "邮寄": "通过邮寄方式", "平常信函": "通过平常信函方式", "互联网": "通过互联网",
                   "传真": "通过传真", "其他": ""}

ONLINE_DELIVERY = ("电子邮件", "网上获取")
# letters whose default text prints a date the clock computed (答复期限, 延长后的期限, 补正期限)
CLOCK_DATE_TYPES = frozenset({"receipt", "extension", "delay", "correction", "terminate-correction"})
SEARCH_SCOPES = {"文书档案": "文书档案", "业务系统": "业务系统", "科室": "相关科室保存的资料", "网站": "门户网站",
                 "承办科室": "相关科室保存的资料", "本机关网站": "门户网站", "政府公报": "政府公报"}
CONTACT_METHODS = ("电话", "短信", "当面", "邮件")
PROVIDED_FORMS = ("纸质", "电子", "光盘")


class LetterError(DomainError):
    """The letter cannot be made; the message is Chinese."""


def remedy_text(kind: str, profile: OrgProfile, you: str, noun: str = "本答复", online: bool = False) -> str:
    """The 救济途径 paragraph under current law (行政复议法 2023, 行政诉讼法 2017), domain.md §1.6.

    `noun` is how the letter names itself (本答复 / 本告知书 / 本通知); `online` adds the 复议机关's internet channel
    (行政复议法第二十二条第二款: a decision served over the internet must give the online way to apply)."""
    if kind == NONE:
        return ""
    organ = profile.review_organ
    court = profile.court
    review = f"自收到{noun}之日起60日内向{organ}申请行政复议"
    tail = ""
    if online and profile.review_online:
        tail = f"{you}也可以通过{_clause(profile.review_online)}在网上提交行政复议申请。"
    if kind == STANDARD:
        return f"{you}如对{noun}不服，可以{review}，或者在6个月内向{court}提起行政诉讼。{tail}"
    first = ("根据《中华人民共和国行政复议法》第二十三条第一款第（四）项和第二款的规定，申请政府信息公开，行政机关不予公开的，"
             "应当先申请行政复议；对行政复议决定不服的，可以再依法向人民法院提起行政诉讼。")
    if kind == REVIEW_FIRST:
        return f"{you}如对{noun}不服，可以{review}。{first}{tail}"
    return (f"{you}如对{noun}中予以公开的部分不服，可以{review}，或者在6个月内向{court}提起行政诉讼；"
            f"如对不予公开的部分不服，应当先向{organ}申请行政复议，对行政复议决定不服的，可以再依法向人民法院提起"
            f"行政诉讼（《中华人民共和国行政复议法》第二十三条第一款第（四）项）。{tail}")


def items_remedy_text(items: list[dict[str, Any]], profile: OrgProfile, you: str, noun: str = "本答复",
                      online: bool = False) -> str:
    """The 救济途径 of a 综合答复书, item by item: 复议前置 (行政复议法第二十三条第一款第（四）项) only for the items
    answered 不予公开 (表三（三）); the other items may go to 复议 or straight to court."""
    withheld = [str(i["seq"]) for i in items if str(i.get("outcome") or "").startswith("3")]
    others = [str(i["seq"]) for i in items if not str(i.get("outcome") or "").startswith("3")]
    if not withheld:
        return remedy_text(STANDARD, profile, you, noun, online)
    if not others:
        return remedy_text(REVIEW_FIRST, profile, you, noun, online)
    organ, court = profile.review_organ, profile.court
    tail = f"{you}也可以通过{_clause(profile.review_online)}在网上提交行政复议申请。" \
        if online and profile.review_online else ""
    return (f"{you}如对{noun}第{'、'.join(others)}项不服，可以自收到{noun}之日起60日内向{organ}申请行政复议，"
            f"或者在6个月内向{court}提起行政诉讼；如对{noun}第{'、'.join(withheld)}项（不予公开）不服，应当自收到{noun}"
            f"之日起60日内先向{organ}申请行政复议，对行政复议决定不服的，可以再依法向人民法院提起行政诉讼"
            f"（《中华人民共和国行政复议法》第二十三条第一款第（四）项）。{tail}")


def item_answer(item: dict[str, Any]) -> str:
    """One line of a 综合答复书: “1.采购合同：予以公开（依据条例第36条第1、2项），提供……。”"""
    code = str(item.get("outcome") or "")
    o = OUTCOME_BY_CODE.get(code)
    if o is None:
        raise LetterError(f"第{item['seq']}项“{item['content']}”尚未登记办理结果。")
    group = o.group[3:].split("（", 1)[0]
    answer = group if o.label == o.group else f"{group}（{o.short}）"
    basis = _clause(str(item.get("basis") or o.basis or ""))
    if basis:
        basis = basis if basis.startswith(("《", "条例")) else f"条例{basis}"
        answer += f"，依据{basis}"
    if item.get("provided"):
        answer += f"，提供{_clause(str(item['provided']))}"
    return f"{item['seq']}.{_clause(str(item['content']))}：{answer}。"


# ---- text hygiene -------------------------------------------------------------------------------------------
_SENTENCE_END = "。！？"
_TRAILING = "。；;，,、.：: \n\t"


def _chinese_dates(text: str) -> str:
    """2026-03-05 or 2026/3/5 inside typed text → 2026年3月5日 (dates in letters are always written so)."""
    import re

    def repl(m: re.Match[str]) -> str:
        try:
            return cn_date(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return m[0]

    return re.sub(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", repl, text)


def _clause(text: str) -> str:
    """A typed phrase used inside a sentence: trailing punctuation removed, dates in Chinese."""
    return _chinese_dates(text.strip().rstrip(_TRAILING).strip())


def _sentence(text: str) -> str:
    """A typed sentence: ends with 。 (or ！？) exactly once."""
    text = text.strip()
    if not text:
        return ""
    if text[-1] in _SENTENCE_END or text[-1] in "”’）)" and len(text) > 1 and text[-2] in _SENTENCE_END:
        return _chinese_dates(text)
    return _clause(text) + "。"


def parse_letter_date(text: str) -> date:
    """2026-12-18, 2026/12/18, 2026.12.18 or 2026年12月18日 → date; LetterError otherwise."""
    import re

    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text or "")
    if not m:
        raise LetterError(f"日期“{text}”无法识别，请写作 2026-12-18 或 2026年12月18日。")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise LetterError(f"日期“{text}”不存在。") from exc


def _join(items: list[str]) -> str:
    """甲、乙和丙."""
    items = [i for i in dict.fromkeys(x.strip() for x in items) if i]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


# ---- structured records (检索记录 / 沟通记录 / 提供信息清单) ------------------------------------------------------
# Plain data, recorded elsewhere (storage, GUI, CLI) and handed to the letter code as lists of dicts:
#   search_records:  {"date": ISO, "scope": [str], "keywords": [str], "searcher": str, "department": str,
#                     "department_opinion": str, "result": str}
#   contact_records: {"date": ISO, "method": "电话|短信|当面|邮件", "party": str, "content": str, "result": str}
#   provided_items:  {"name": str, "doc_no": str, "pages": int, "form": "纸质|电子|光盘", "note": str}
SEARCH_KEYS = ("date", "scope", "keywords", "searcher", "department", "department_opinion", "result")
CONTACT_KEYS = ("date", "method", "party", "content", "result")
PROVIDED_KEYS = ("name", "doc_no", "pages", "form", "note")


@dataclass
class LetterRecords:
    search_records: list[dict[str, Any]] = field(default_factory=list)
    contact_records: list[dict[str, Any]] = field(default_factory=list)
    provided_items: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)  # 申请事项 (seq, content, outcome, basis, provided)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LetterRecords:
        """Check the shapes (Chinese messages) and return the records; unknown keys are refused."""
        out = cls()
        for name, keys in (("search_records", SEARCH_KEYS), ("contact_records", CONTACT_KEYS),
                           ("provided_items", PROVIDED_KEYS)):
            rows = data.get(name) or []
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise LetterError(f"{name} 应为对象的列表。")
            for i, row in enumerate(rows, 1):
                extra = set(row) - set(keys)
                if extra:
                    raise LetterError(f"{name} 第{i}项有无法识别的键：{'、'.join(sorted(extra))}（可用：{'、'.join(keys)}）。")
                if "date" in keys:
                    try:
                        date.fromisoformat(str(row.get("date", "")))
                    except ValueError as exc:
                        raise LetterError(f"{name} 第{i}项的日期应为 2026-09-08 这样的写法。") from exc
                if name == "contact_records" and row.get("method") not in CONTACT_METHODS:
                    raise LetterError(f"沟通记录第{i}项的方式应为{'、'.join(CONTACT_METHODS)}之一。")
                if name == "provided_items":
                    if not str(row.get("name", "")).strip():
                        raise LetterError(f"提供信息清单第{i}项缺少名称。")
                    if row.get("form") and row["form"] not in PROVIDED_FORMS:
                        raise LetterError(f"提供信息清单第{i}项的形式应为{'、'.join(PROVIDED_FORMS)}之一。")
                    if row.get("pages") not in (None, "") and (not str(row["pages"]).isdigit()):
                        raise LetterError(f"提供信息清单第{i}项的页数应为整数。")
            getattr(out, name).extend(dict(r) for r in rows)
        return out

    def __bool__(self) -> bool:
        return bool(self.search_records or self.contact_records or self.provided_items)


def _quoted(words: list[str]) -> str:
    return "".join(f"“{w.strip()}”" for w in dict.fromkeys(words) if w and w.strip())


# what a recorded 检索范围 is called in a letter (core.case_records offers 承办科室, 本机关网站, 政府公报)
_DEPARTMENT_SCOPES = ("科室", "承办科室")


def search_sentence(records: list[dict[str, Any]]) -> str:
    """The search done, as one clause per record (no closing punctuation): when, who searched, with which
    keywords, where, which 科室 was asked, what was found and what that 科室 answered in writing (指导案例101号:
    the court asks for scope, keywords, searcher, date and the written confirmation). Each word once: the
    科室 named by the 交办 is not repeated as a place searched, and the wrapper around its answer does not say
    "核查" again (answers usually begin with "经核查"). Empty when there is no record."""
    parts = []
    for r in sorted(records, key=lambda r: str(r.get("date", ""))):
        dept = (r.get("department") or "").strip()
        searcher = (r.get("searcher") or "").strip()
        text = f"{cn_date(date.fromisoformat(r['date']))}，本机关" + (f"工作人员{searcher}" if searcher else "")
        keywords = _quoted(list(r.get("keywords") or []))
        if keywords:
            text += f"以{keywords}为关键词"
        scopes = [x for x in (r.get("scope") or []) if not (dept and x in _DEPARTMENT_SCOPES)]
        scope = _join([SEARCH_SCOPES.get(x, x).removeprefix("本机关") for x in scopes])
        text += f"检索了{scope or '保存的文件资料'}"
        if dept:
            text += f"，并交{dept}核查"
        result = _clause(r.get("result") or "") or "没有找到所申请的信息"
        text += f"，{result}"
        opinion = _clause(r.get("department_opinion") or "")
        if opinion:
            text += f"；{'该科室' if dept else '承办科室'}书面答复：{opinion}"
        parts.append(text)
    return "；".join(parts)


def contact_sentence(records: list[dict[str, Any]]) -> str:
    """The 沟通记录 as sentences (no closing punctuation): 2026年9月5日，本机关通过电话与张三沟通，…"""
    by = {"电话": "通过电话", "短信": "通过短信", "当面": "当面", "邮件": "通过电子邮件"}
    parts = []
    for r in sorted(records, key=lambda r: str(r.get("date", ""))):
        party = (r.get("party") or "").strip() or "申请人"
        text = f"{cn_date(date.fromisoformat(r['date']))}，本机关{by.get(r.get('method', ''), '')}与{party}沟通"
        content = _clause(r.get("content") or "")
        if content:
            text += f"，{content}"
        result = _clause(r.get("result") or "")
        if result:
            text += f"，{result}"
        parts.append(text)
    return "；".join(parts)


def provided_lines(items: list[dict[str, Any]]) -> list[str]:
    """附件 lines: 名称（文号，12页，纸质，备注） — no closing punctuation (GB/T 9704 附件说明)."""
    out = []
    for item in items:
        details = [str(item.get("doc_no") or "").strip()]
        if item.get("pages") not in (None, "", 0, "0"):
            details.append(f"{int(item['pages'])}页")
        details += [str(item.get("form") or "").strip(), _clause(str(item.get("note") or ""))]
        details = [d for d in details if d]
        name = _clause(str(item["name"]))
        out.append(name + (f"（{'，'.join(details)}）" if details else ""))
    return out


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
    groups: list[tuple[str, int, int]] = []
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
    records: LetterRecords = field(default_factory=LetterRecords)
    issued_letters: frozenset[str] = frozenset()  # slugs of letters already made for this application


def check_allowed(t: LetterType, app: dict[str, Any], events: list[dict[str, Any]],
                  issued_letters: frozenset[str] | set[str] = frozenset()) -> str | None:
    """A Chinese reason why this letter cannot be issued for this application now, or None.

    `issued_letters`: slugs of the letters already made for it (the 不予处理 and 延迟答复 letters under 第35条
    need the 说明理由告知书 first)."""
    kinds = {e["kind"] for e in events}
    if t.needs_event is not None and t.needs_event.value not in kinds:
        return f"“{t.name}”须先在办理记录中登记“{t.needs_event.label}”。"
    if t.outcomes and app.get("outcome") not in t.outcomes:
        have = OUTCOME_BY_CODE[app["outcome"]].full if app.get("outcome") in OUTCOME_BY_CODE else "未答复"
        want = "、".join(OUTCOME_BY_CODE[o].full for o in t.outcomes)
        return f"“{t.name}”只用于办理结果为{want}的申请；本件办理结果：{have}。"
    if t.slug in ("reasons-request", "assist") and app.get("state") == "closed":
        return f"申请已办结，不能再发出{t.name.split('（')[0]}。"
    if t.slug in ("reply-excessive", "delay") and "reasons-request" not in issued_letters:
        return (f"“{t.name}”须先向申请人发出“说明理由告知书（第35条）”（条例第三十五条：先要求申请人说明理由，"
                "理由不合理的才不予处理，理由合理的才延迟答复）。")
    return None


def missing_settings(t: LetterType, profile: OrgProfile) -> list[str]:
    missing = []
    if not profile.organ_name:
        missing.append("机关名称")
    if not profile.doc_prefix:
        missing.append("文号前缀（机关代字）")
    if not profile.contact:
        missing.append("联系人")
    if not profile.phone:
        missing.append("联系电话")
    if t.remedy != NONE and not profile.review_organ:
        missing.append("行政复议机关")
    if t.remedy in (STANDARD, PARTIAL, ITEMS) and not profile.court:
        missing.append("行政诉讼管辖法院")
    return missing


def is_online(app: dict[str, Any]) -> bool:
    """The reply goes out by e-mail or online (the applicant's chosen way of getting the information)."""
    return (app.get("delivery") or "") in ONLINE_DELIVERY


def suggested_inputs(t: LetterType, app: dict[str, Any]) -> dict[str, str]:
    """What the letter dialog pre-fills: each field's default, and for 不予公开 the sentence of its ground."""
    out = {f.key: f.default for f in t.inputs}
    if t.slug == "reply-withhold" and app.get("outcome") in WITHHOLD:
        out["withhold_reason"] = WITHHOLD[app["outcome"]][1]
    return out


def sample_inputs(t: LetterType, app: dict[str, Any], today: date) -> dict[str, str]:
    """Inputs for a preview of the template: defaults, the ground's sentence with its 【】 shown as （…）, today
    for dates and the field's name elsewhere."""
    out = suggested_inputs(t, app)
    for f in t.inputs:
        if f.end == "date":
            out[f.key] = today.isoformat()
        elif not out.get(f.key):
            out[f.key] = f"（{f.label.split('（')[0]}）"
        out[f.key] = out[f.key].replace("【", "（").replace("】", "）")
    return out


def review(req: LetterRequest) -> tuple[list[str], list[str]]:
    """(problems, warnings) for the officer before the letter is made: problems refuse it, warnings do not."""
    problems: list[str] = []
    warnings: list[str] = []
    try:
        build_context(req, "（文号）")
    except LetterError as exc:
        problems.append(str(exc))
    t, rec = req.type, req.records
    if t.uses_records and t.slug in ("reply-not-exist", "reply-not-responsible", "reply-needs-processing") \
            and not rec.search_records:
        warnings.append("没有登记检索记录：答复书中的检索情况只能用概括的默认说法。法院审查“信息不存在”时看检索的"
                        "范围、关键词、检索人和日期，建议先登记检索记录。")
    if t.slug in ("correction", "reply-still-unclear") and not rec.contact_records:
        warnings.append("没有登记沟通记录：补正前后是否对申请人作了指导和释明，以沟通记录为证，建议先登记。")
    if t.remedy != NONE and is_online(req.app) and not req.profile.review_online:
        warnings.append("本件通过互联网送达：行政复议法第二十二条第二款要求同时告知网上提交行政复议申请的渠道，"
                        "请在“设置”中填写行政复议机关的网上申请渠道。")
    if req.clock.provisional and t.slug in CLOCK_DATE_TYPES:
        years = "、".join(str(y) for y in req.clock.unknown_years) or "相关年度"
        warnings.append(f"{years}年节假日安排尚未载入，文书中的期限为暂定日期，并已注明。")
    return problems, warnings


def _last(events: list[dict[str, Any]], kind: EventKind) -> dict[str, Any] | None:
    found = [e for e in events if e["kind"] == kind.value]
    return found[-1] if found else None


def _cn(iso: str | None) -> str:
    return cn_date(date.fromisoformat(iso)) if iso else ""


def dated(d: date, clock: ClockResult) -> str:
    """A date the clock computed, in Chinese; marked provisional when it lies in a year without a holiday
    notice (the 调休 of that year is not known yet)."""
    text = cn_date(d)
    unknown = sorted(clock.unknown_years)
    if clock.provisional and (not unknown or d.year >= unknown[0]):
        year = d.year if d.year in unknown or not unknown else unknown[0]
        text += f"（{year}年节假日安排尚未发布，此为暂定日期，如有调整，以调整后的工作日为准）"
    return text


def _inputs(t: LetterType, raw: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    missing = []
    for f in t.inputs:
        text = (raw.get(f.key) or "").strip() or f.default.strip()
        if not text:
            if f.required:
                missing.append(f.label)
            out[f.key] = [] if f.end == "lines" else ""
            continue
        if f.end == "date":
            out[f.key] = cn_date(parse_letter_date(text))
        elif f.end == "sentence":
            out[f.key] = _sentence(text)
        elif f.end == "lines":
            out[f.key] = [_sentence(line) for line in text.splitlines() if line.strip()]
        else:
            out[f.key] = _clause(text)
    if missing:
        raise LetterError("请填写：" + "、".join(missing) + "。")
    return out


def _provision(t: LetterType, app: dict[str, Any], profile: OrgProfile, inputs: dict[str, Any], you: str,
               items: list[str]) -> str:
    """方式、途径和时间 (条例第三十六条第（二）项) for 予以公开/部分公开: typed, or from the delivery and settings."""
    if inputs.get("provide_text"):
        return _clause(inputs["provide_text"])
    delivery = app.get("delivery") or ""
    what = "所提供的信息（见附件）" if items else "所提供的信息"
    if delivery == "网上获取":
        url = inputs.get("provide_url", "")
        if not url:
            raise LetterError("申请人选择网上获取：请填写获取信息的网址。")
        return f"{you}可以自收到本答复之日起通过{url}获取{what}"
    if delivery == "自行领取":
        place = profile.address
        when = inputs.get("collect_time") or _clause(profile.collect_hours)
        if not place:
            raise LetterError("申请人选择自行领取：请先在“设置”中填写本机关的通讯地址（领取地点）。")
        if not when:
            raise LetterError("申请人选择自行领取：请填写领取时间，或在“设置”中填写领取时间。")
        return f"请{you}于{when}，持本答复书和身份证明到{place}领取{what}"
    if delivery == "电子邮件":
        return f"本机关已将{what}通过电子邮件发送至{you}提供的电子邮箱"
    if delivery == "传真":
        return f"本机关已将{what}通过传真发送给{you}"
    if delivery == "邮寄":
        return f"本机关将{what}随本答复书一并邮寄给{you}"
    return f"本机关将{what}随本答复书一并提供给{you}"


def build_context(req: LetterRequest, doc_number: str) -> dict[str, Any]:
    """The values of every placeholder. Raises LetterError naming each missing or unusable input."""
    t, app, profile, rec = req.type, req.app, req.profile, req.records
    inputs = _inputs(t, req.inputs)
    person = app.get("applicant_kind") == NATURAL_PERSON or app.get("category") == NATURAL_PERSON
    you = "您" if person else "你单位"
    addressee_you = t.addressee_pronoun or you
    clock = req.clock
    ctx: dict[str, Any] = {
        "organ_name": profile.organ_name, "office_name": profile.office_name or profile.organ_name,
        "organ_address": profile.address, "organ_postcode": profile.postcode,
        "contact": profile.contact, "contact_phone": profile.phone,
        "doc_number": doc_number, "issued_date": cn_date(req.issued), "title": t.title,
        "app_no": app["no"], "applicant_name": app["applicant"], "you": you,
        "received_date": _cn(app["received"]), "channel_phrase": CHANNEL_PHRASES.get(app["channel"], ""),
        "content": app["content_title"].replace("“", "‘").replace("”", "’"), "doc_ref": app.get("doc_number") or "",
        "due_date": dated(clock.due, clock) if clock.due else "",
        "closing": t.closing,
        "remedy": remedy_text(t.remedy, profile, addressee_you, t.noun, online=is_online(app)),
        "basis": app.get("outcome_basis") or "", "attachments": [],
    }
    ctx.update(inputs)
    events = req.events
    corr = _last(events, EventKind.CORRECTION_REQUESTED)
    if corr:
        ctx["correction_sent_date"] = _cn(corr["day"])
        deadline = clock.sub_deadlines.get("补正期限")
        ctx["correction_deadline"] = dated(deadline, clock) if deadline else _cn(corr["until"])
        if not inputs.get("correction_items") and corr.get("note"):
            ctx["correction_items"] = _sentence(corr["note"])
    received = _last(events, EventKind.CORRECTION_RECEIVED)
    ctx["correction_received_date"] = _cn(received["day"]) if received else ""
    for kind, key in ((EventKind.EXTENDED, "extension_days"), (EventKind.DELAY, "delay_days")):
        ev = _last(events, kind)
        if ev:
            ctx[key] = ev["days"]
            ctx["new_due_date"] = dated(clock.due, clock) if clock.due else ""
            ctx["decided_date"] = _cn(ev["day"])
    consult = _last(events, EventKind.CONSULT_SENT)
    if consult:
        ctx["consult_sent_date"] = _cn(consult["day"])
        if t.to_third_party and not inputs.get("third_party"):
            ctx["third_party"] = _clause(consult.get("ref") or "")
    fee = _last(events, EventKind.FEE_NOTICE)
    if fee:
        ctx["fee_notice_date"] = _cn(fee["day"])
    if app.get("fee_method") and app.get("fee_units"):
        f = compute_fee(app["fee_method"], int(app["fee_units"]))
        ctx.update(fee_method=f.method, fee_amount=f.amount, fee_amount_upper=cn_money(f.amount),
                   fee_explanation=_sentence(f.explanation),
                   fee_standard="按件计收：申请人一个自然月内累计申请10件以下（含10件）不收费，11—30件（含30件）"
                   "的部分按100元/件收费，31件以上的部分以10件为一档、每增加一档收费标准提高100元/件"
                   if f.method == "按件" else
                   "按量计收：30页以下（含30页）不收费，31—100页（含100页）的部分按10元/页收费，"
                   "101—200页（含200页）的部分按20元/页收费，201页以上的部分按40元/页收费")
    if t.slug in ("fee-notice", "terminate-fee") and "fee_amount" not in ctx:
        raise LetterError("本件没有登记收费金额：请在“发出收费通知”中确定计收方式和件数或页数。")
    if t.slug == "reply-withhold":
        article, template = WITHHOLD[app["outcome"]]
        reason = inputs["withhold_reason"]
        if FILL_MARK in reason or reason == template:
            raise LetterError("请完成不予公开理由中【】处的内容：写明事实，并引用所依据的规定。")
        cite = f"第{article.removeprefix('第')}、第三十六条第（三）项" if article else "第三十六条第（三）项"
        ctx["withhold_article"] = f"{TIAOLI}{cite}"
    if t.provides_items:
        items = provided_lines(rec.provided_items) or [_clause(x) for x in inputs.get("provided_list", [])]
        if not items:
            raise LetterError("请列出提供的信息（名称、文号、页数、形式），或先登记提供信息清单。")
        ctx["attachments"] = items
        ctx["provide_text"] = _provision(t, app, profile, inputs, you, items)
    if "withheld_parts" in inputs and not inputs["withheld_parts"] and t.slug == "reply-partial":
        raise LetterError("请填写不予公开的内容及理由。")
    if t.slug == "reply-items":
        if len(rec.items) < 1:
            raise LetterError("本件申请没有分项：请先在“申请事项”中列出各项并登记每项的办理结果。")
        ctx["item_answers"] = [item_answer(i) for i in rec.items]
        ctx["remedy"] = items_remedy_text(rec.items, profile, addressee_you, t.noun, online=is_online(app))
    ctx["search_text"] = search_sentence(rec.search_records)
    ctx["contact_text"] = contact_sentence(rec.contact_records)
    if t.slug == "reply-not-exist":
        ctx["search_text"] = ctx["search_text"] or (
            "本机关对" + (inputs.get("search_description") or "文书档案、业务系统和相关科室保存的资料")
            + "进行了检索，没有找到所申请的信息")
    return ctx


# Every placeholder a template may use (for the template check), with what it means.
FIELD_HELP: dict[str, str] = {
    "organ_name": "机关名称", "office_name": "政府信息公开工作机构", "organ_address": "机关通讯地址",
    "organ_postcode": "邮政编码", "contact": "联系人", "contact_phone": "联系电话", "doc_number": "文号",
    "issued_date": "成文日期", "title": "文书标题", "app_no": "申请编号", "applicant_name": "申请人",
    "you": "称谓（您/你单位）", "received_date": "收到申请日期", "channel_phrase": "申请方式",
    "content": "申请内容", "doc_ref": "所需信息文号", "due_date": "答复期限", "closing": "结束语",
    "remedy": "救济途径", "basis": "依据条款", "item_answers": "各项答复（综合答复书）", "correction_sent_date": "补正告知日期",
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
    "delay_days": "延迟答复的工作日数", "decided_date": "决定延期或延迟的日期", "assist_items": "请协办的事项",
    "assist_deadline": "协办回复日期", "obtained_info": "申请人已获取的信息", "confirm_kind": "申请人的要求",
    "provide_url": "获取信息的网址", "collect_time": "领取时间", "provided_list": "提供的信息（输入）",
    "attachments": "附件（提供的信息清单）", "search_text": "检索情况（由检索记录生成）",
    "contact_text": "沟通情况（由沟通记录生成）",
}


def required_fields(t: LetterType) -> set[str]:
    """Placeholders a usable template of this type must contain."""
    needed = {"doc_number", "issued_date", "organ_name", "third_party" if t.to_third_party else "applicant_name"}
    if t.remedy != NONE:
        needed.add("remedy")
    if t.provides_items:  # 条例第三十六条第（二）项: how, where and when, and what is provided
        needed |= {"provide_text", "attachments"}
    return needed
