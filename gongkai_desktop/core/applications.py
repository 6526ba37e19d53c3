"""依申请公开 domain vocabulary: applicant categories, channels (条例第31条), the 表三 outcome taxonomy,
and the check digits of 居民身份证 (GB 11643) and 统一社会信用代码 (GB 32100)."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date

# --- applicant categories: the 7 data columns of 表三 (总计 is derived) --------------------------------
NATURAL_PERSON = "自然人"
ORG_CATEGORIES = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
CATEGORIES = (NATURAL_PERSON, *ORG_CATEGORIES)
REPORT_COLUMNS = (*CATEGORIES, "总计")


# --- channels and the receipt-date rule of 条例第31条 ----------------------------------------------------
@dataclass(frozen=True)
class Channel:
    name: str
    date_label: str  # what the registration form asks for
    rule: str  # the rule, shown next to the field


CHANNELS = (
    Channel("当面", "提交日期", "当面提交的，以提交之日为收到申请之日（条例第31条第1项）"),
    Channel("邮寄", "签收日期", "需签收的邮寄申请，以签收之日为收到申请之日（条例第31条第2项）"),
    Channel("平常信函", "确认日期", "平常信函等无需签收的，以与申请人确认之日为收到申请之日（条例第31条第2项）"),
    Channel("互联网", "双方确认日期", "通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第31条第3项）"),
    Channel("传真", "双方确认日期", "通过传真提交的，以双方确认之日为收到申请之日（条例第31条第3项）"),
    Channel("其他", "收到日期", "其他方式：以本机关确认收到之日为准"),
)
CHANNEL_BY_NAME = {c.name: c for c in CHANNELS}


# --- 表三 outcome taxonomy (国办公开办函〔2021〕30号) --------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    code: str  # stable key stored in the ledger, e.g. "3.1"
    group: str  # （三）不予公开
    label: str  # official row label, e.g. "1.属于国家秘密"
    basis: str  # the article the reply usually relies on

    @property
    def short(self) -> str:
        text = self.label.split(".", 1)[-1] if "." in self.label[:3] else self.label
        return text

    @property
    def full(self) -> str:
        return self.group if self.label == self.group else f"{self.group} {self.label}"


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("1", "（一）予以公开", "（一）予以公开", "第36条第1、2项"),
    Outcome("2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "第37条"),
    Outcome("3.1", "（三）不予公开", "1.属于国家秘密", "第14条"),
    Outcome("3.2", "（三）不予公开", "2.其他法律行政法规禁止公开", "第14条"),
    Outcome("3.3", "（三）不予公开", "3.危及“三安全一稳定”", "第14条"),
    Outcome("3.4", "（三）不予公开", "4.保护第三方合法权益", "第15条"),
    Outcome("3.5", "（三）不予公开", "5.属于三类内部事务信息", "第16条第1款"),
    Outcome("3.6", "（三）不予公开", "6.属于四类过程性信息", "第16条第2款"),
    Outcome("3.7", "（三）不予公开", "7.属于行政执法案卷", "第16条第2款"),
    Outcome("3.8", "（三）不予公开", "8.属于行政查询事项", ""),
    Outcome("4.1", "（四）无法提供", "1.本机关不掌握相关政府信息", "第36条第4、5项"),
    Outcome("4.2", "（四）无法提供", "2.没有现成信息需要另行制作", "第38条"),
    Outcome("4.3", "（四）无法提供", "3.补正后申请内容仍不明确", "第30条"),
    Outcome("5.1", "（五）不予处理", "1.信访举报投诉类申请", "第39条第1款"),
    Outcome("5.2", "（五）不予处理", "2.重复申请", "第36条第6项"),
    Outcome("5.3", "（五）不予处理", "3.要求提供公开出版物", "第39条第2款"),
    Outcome("5.4", "（五）不予处理", "4.无正当理由大量反复申请", "第35条"),
    Outcome("5.5", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", ""),
    Outcome("6.1", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "第30条"),
    Outcome("6.2", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "国办函〔2020〕109号"),
    Outcome("6.3", "（六）其他处理", "3.其他", ""),
)
OUTCOME_BY_CODE = {o.code: o for o in OUTCOMES}


def outcome_name(code: str | None) -> str:
    """Short display name: 予以公开 / 不予公开·属于国家秘密 …"""
    if not code:
        return ""
    o = OUTCOME_BY_CODE.get(code)
    if o is None:
        return code
    group = o.group[3:].split("（", 1)[0]
    return group if o.label == o.group else f"{group}·{o.short}"


# --- identity numbers ----------------------------------------------------------------------------------
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    total = sum(map(operator.mul, _ID_WEIGHTS, map(int, first17)))  # weights first: stops after 17, like zip
    return _ID_CHECK[total % 11]


def validate_resident_id(value: str) -> str | None:
    """Return a Chinese error message, or None when the 18-digit 居民身份证号码 is valid (GB 11643)."""
    v = value.strip().upper()
    if len(v) != 18:
        return "居民身份证号码应为18位。"
    if not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return "居民身份证号码前17位应为数字，最后一位为数字或X。"
    try:
        date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期不存在。"
    if id_check_digit(v[:17]) != v[17]:
        return "居民身份证号码校验位不正确，请核对。"
    return None


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=False))
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str | None:
    """Return a Chinese error message, or None when the 统一社会信用代码 is valid (GB 32100)."""
    v = value.strip().upper()
    if len(v) != 18:
        return "统一社会信用代码应为18位。"
    if any(c not in _USCC_CHARS for c in v):
        return "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）。"
    if uscc_check_char(v[:17]) != v[17]:
        return "统一社会信用代码校验位不正确，请核对。"
    return None


def mask_id(value: str | None) -> str:
    """110101********1234 style masking for lists and exports."""
    if not value:
        return ""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "****" + value[-4:]


# --- the article a reply relies on, offered per outcome (the first is the default) ------------------------
BASIS_CHOICES: dict[str, tuple[str, ...]] = {
    "1": ("条例第三十六条第（二）项", "条例第三十六条第（一）项（已主动公开）"),
    "2": ("条例第三十七条",),
    "3.1": ("条例第十四条",),
    "3.2": ("条例第十四条",),
    "3.3": ("条例第十四条",),
    "3.4": ("条例第十五条", "条例第三十二条"),
    "3.5": ("条例第十六条第一款",),
    "3.6": ("条例第十六条第二款",),
    "3.7": ("条例第十六条第二款",),
    "3.8": ("条例第三十六条第（三）项",),
    "4.1": ("条例第三十六条第（四）项", "条例第三十六条第（五）项（非本机关负责公开）"),
    "4.2": ("条例第三十八条",),
    "4.3": ("条例第三十条",),
    "5.1": ("条例第三十九条第一款",),
    "5.2": ("条例第三十六条第（六）项",),
    "5.3": ("条例第三十九条第二款",),
    "5.4": ("条例第三十五条",),
    "5.5": ("条例第三十六条第（七）项", "条例第三十九条"),
    "6.1": ("条例第三十条",),
    "6.2": ("《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",),
    "6.3": ("条例第三十六条第（七）项（特别规定）", "申请人撤回申请"),
}

# Closings that are not a reply decide their 表三 row themselves (every closed application counts once).
CLOSING_OUTCOMES = {"correction-lapsed": "6.1", "fee-lapsed": "6.2", "withdrawn": "6.3"}
