"""Registering an application: field validation (Chinese messages per field), the applicant match rule and
the fuzzy 重复申请 check. Pure functions over plain dicts so the form, the CLI and imports share them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from .applications import (
    CHANNEL_BY_NAME,
    NATURAL_PERSON,
    ORG_CATEGORIES,
    validate_credit_code,
    validate_resident_id,
)

ID_TYPES = ("居民身份证", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "护照", "外国人永久居留身份证", "其他证件")
FORMS_REQUIRED = ("纸质", "电子文档", "纸质、电子文档均可", "其他")
DELIVERIES = ("邮寄", "电子邮件", "自行领取", "网上获取", "传真", "其他")
KINDS = ("自然人", "法人或其他组织")

_PHONE = re.compile(r"^[0-9+\-— ()（）转]{5,30}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# C0 control characters other than tab, line feed and carriage return (NUL, \x01 … \x1f, and DEL): invisible,
# often pasted from web forms or other systems, and not allowed in .xlsx/.docx (XML) files
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = "含有不可见的控制字符（多来自网页或其他系统的复制粘贴），请删除后重新输入。"


def strip_controls(text: str) -> str:
    """`text` without control characters (tab and line breaks kept)."""
    return CONTROL_CHARS.sub("", text) if CONTROL_CHARS.search(text) else text


def control_errors(data: Mapping[str, object], errors: dict[str, str]) -> None:
    """Add CONTROL_MESSAGE for every text field carrying a control character (not already in error)."""
    for key, value in data.items():
        if isinstance(value, str) and key not in errors and CONTROL_CHARS.search(value):
            errors[key] = CONTROL_MESSAGE


def clean(value: object) -> str:
    return str(value or "").strip()


MISSING_ID_FLAG = "缺身份证明"
MISSING_ID_ADVICE = ("通常先登记，并于收到申请之日起7个工作日内发出补正告知书，一次性告知补正身份证明"
                     "（参照条例第30条；补正期间不计入答复期限）。")
MISSING_ID_NOTE = "未提供身份证明（条例第29条）。" + MISSING_ID_ADVICE


def missing_identity(applicant: Mapping[str, object]) -> bool:
    """The applicant has no identity document number: no ID number (自然人) or credit code (组织)."""
    key = "id_number" if clean(applicant.get("kind")) == NATURAL_PERSON else "credit_code"
    return not clean(applicant.get(key))


def registration_flags(app: dict[str, object]) -> list[str]:
    """Flags of a registered application row (`applicant_kind` as ApplicationsRepo.get returns it)."""
    kind = app.get("applicant_kind") or app.get("kind")
    return [MISSING_ID_FLAG] if missing_identity({**app, "kind": kind}) else []


def identity_reminder(app: dict[str, object], correction_sent: bool) -> str | None:
    """What to show for an application flagged 缺身份证明: the suggested 补正 while the case is open and no
    补正告知 was sent yet; just the flag afterwards; None when the ID is there."""
    if MISSING_ID_FLAG not in registration_flags(app):
        return None
    if app.get("state") == "closed" or correction_sent:
        return f"{MISSING_ID_FLAG}。"
    return f"{MISSING_ID_FLAG}：{MISSING_ID_NOTE}"


def validate_applicant(data: Mapping[str, object], allow_missing_id: bool = False) -> dict[str, str]:
    """Field → Chinese message for the applicant part of the form (条例第29条: 名称、身份证明、联系方式).

    With `allow_missing_id` an empty ID number / credit code is accepted (the application is registered flagged
    MISSING_ID_FLAG and a 补正 for the 身份证明 is suggested, issue 28); a wrong one is still refused."""
    errors: dict[str, str] = {}
    kind = clean(data.get("kind"))
    if kind not in KINDS:
        errors["kind"] = "请选择申请人类型：自然人或法人或其他组织。"
        return errors
    if not clean(data.get("name")):
        errors["name"] = "请填写申请人姓名。" if kind == NATURAL_PERSON else "请填写法人或其他组织名称。"
    if kind == NATURAL_PERSON:
        id_type = clean(data.get("id_type")) or "居民身份证"
        number = clean(data.get("id_number"))
        if not number:
            if not allow_missing_id:
                errors["id_number"] = "请填写证件号码（条例第29条要求提供身份证明）。"
        elif id_type == "居民身份证":
            message = validate_resident_id(number)
            if message:
                errors["id_number"] = message
    else:
        category = clean(data.get("category"))
        if category not in ORG_CATEGORIES:
            errors["category"] = "请选择法人或其他组织的类别：" + "、".join(ORG_CATEGORIES) + "。"
        code = clean(data.get("credit_code"))
        if not code:
            if not allow_missing_id:
                errors["credit_code"] = "请填写统一社会信用代码（条例第29条要求提供身份证明）。"
        else:
            message = validate_credit_code(code)
            if message:
                errors["credit_code"] = message
    phone, address, email = clean(data.get("phone")), clean(data.get("address")), clean(data.get("email"))
    if not (phone or address or email):
        errors["phone"] = "请至少填写一种联系方式：电话、地址或电子邮箱。"
    if phone and not _PHONE.match(phone):
        errors["phone"] = "联系电话应为5位以上数字，可含短横线、括号和“转”。"
    postcode = clean(data.get("postcode"))
    if postcode and not (postcode.isdigit() and len(postcode) == 6):
        errors["postcode"] = "邮政编码应为6位数字。"
    if email and not _EMAIL.match(email):
        errors["email"] = "电子邮箱格式不正确，例如 name@example.com。"
    control_errors(data, errors)
    return errors


def validate_application(data: Mapping[str, object], today: date) -> dict[str, str]:
    """Field → Chinese message for the request part of the form."""
    errors: dict[str, str] = {}
    channel = clean(data.get("channel"))
    if channel not in CHANNEL_BY_NAME:
        errors["channel"] = "请选择申请方式。"
    received = clean(data.get("received"))
    label = CHANNEL_BY_NAME[channel].date_label if channel in CHANNEL_BY_NAME else "收到日期"
    try:
        day = date.fromisoformat(received)
    except ValueError:
        errors["received"] = f"请填写{label}（年-月-日）。"
    else:
        if day > today:
            errors["received"] = f"{label}不能晚于今天。"
        elif day.year < 2008:
            errors["received"] = f"{label}早于2008年，请核对。"
    if not clean(data.get("content_title")):
        errors["content_title"] = "请填写所需政府信息的名称或内容。"
    control_errors(data, errors)
    return errors


def normalise_applicant(data: dict[str, object]) -> dict[str, object]:
    """Trimmed copy with upper-case check characters and the category a natural person always has."""
    out = {k: (clean(v) or None) if isinstance(v, str) or v is None else v for k, v in data.items()}
    if out.get("kind") == NATURAL_PERSON:
        out["category"] = NATURAL_PERSON
        out["id_type"] = out.get("id_type") or "居民身份证"
        out["credit_code"] = None
        out["legal_rep"] = None
    else:
        out["id_type"] = None
        out["id_number"] = None
    for key in ("id_number", "credit_code"):
        if out.get(key):
            out[key] = str(out[key]).upper()
    return out


@dataclass(frozen=True)
class SimilarRequest:
    no: str
    content: str
    received: str
    ratio: float


def _normalise_text(text: str) -> str:
    return re.sub(r"[\s，。、；：“”\"'（）()《》〈〉,.;:!?！？\-—]", "", text)


def similarity(a: str, b: str) -> float:
    x, y = _normalise_text(a), _normalise_text(b)
    if not x or not y:
        return 0.0
    if x in y or y in x:
        return 1.0
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


def similar_requests(content: str, previous: list[dict[str, str]], threshold: float = 0.6) -> list[SimilarRequest]:
    """Earlier requests of the same applicant that read like this one (a possible 重复申请, 条例第36条第六项)."""
    found = [
        SimilarRequest(p["no"], p["content_title"], p["received"], similarity(content, p["content_title"]))
        for p in previous
    ]
    return sorted((s for s in found if s.ratio >= threshold), key=lambda s: -s.ratio)
