"""The evidence a court asks for first (domain.md §8.4): 检索记录 (指导案例101号), 沟通/释明记录 (条例第30条) and the
提供信息清单 (法释〔2025〕8号第1条(三)).

Each record is checked and normalised here into the shape the letters read (agreed with the letter
templates): a search record {"date", "scope", "keywords", "searcher", "department", "department_opinion",
"result"}, a contact record {"date", "method", "party", "content", "result"}, a provided item {"name", "doc_no",
"pages", "form", "note"}. Pure: the caller supplies the application's dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import DomainError
from .workdays import cn_date


class RecordError(DomainError):
    """A record that cannot be saved; the message is Chinese."""


@dataclass(frozen=True)
class RecordKind:
    slug: str
    label: str
    date_label: str
    purpose: str


RECORD_KINDS: dict[str, RecordKind] = {
    "search": RecordKind("search", "检索记录", "检索日期",
                         "信息不存在、需要加工分析、非本机关负责的答复须有充分、合理的检索（指导案例101号）"),
    "contact": RecordKind("contact", "沟通记录", "沟通日期",
                          "申请内容不明确的，应当给予指导和释明（条例第30条）"),
    "provided": RecordKind("provided", "提供信息清单", "提供日期",
                           "提供的信息应与申请内容相符（法释〔2025〕8号第1条第（三）项）"),
}
SEARCH_SCOPES = ("文书档案", "业务系统", "承办科室", "本机关网站", "政府公报")
CONTACT_METHODS = ("电话", "短信", "当面", "邮件")
PROVIDED_FORMS = ("纸质", "电子", "光盘")

# outcomes whose reply rests on a search: 4.1 本机关不掌握 (信息不存在 / 非本机关负责), 4.2 需要另行制作
SEARCH_OUTCOMES = ("4.1", "4.2")
UNCLEAR_OUTCOME = "4.3"  # 补正后申请内容仍不明确


def split_list(value: Any) -> list[str]:
    """A list from a list or from text separated by 、，,；; or new lines (empty parts dropped)."""
    if isinstance(value, (list, tuple)):
        parts = [str(v) for v in value]
    else:
        parts = re.split(r"[、，,；;\n]+", str(value or ""))
    return [p.strip() for p in parts if p.strip()]


def normalise(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The stored JSON of a record of `kind` (without checking dates); raises RecordError."""
    if kind not in RECORD_KINDS:
        raise RecordError(f"未知的记录类型“{kind}”，只能是：" + "、".join(f"{k}（{v.label}）" for k, v in RECORD_KINDS.items()))
    text = {k: str(v).strip() if v is not None and not isinstance(v, (list, tuple)) else v for k, v in values.items()}
    missing: list[str] = []
    day = values.get("date")
    if not isinstance(day, date):
        raise RecordError(f"请填写{RECORD_KINDS[kind].date_label}。")
    if kind == "search":
        out: dict[str, Any] = {"date": day.isoformat(), "scope": split_list(values.get("scope")),
               "keywords": split_list(values.get("keywords")), "searcher": text.get("searcher") or "",
               "department": text.get("department") or "", "department_opinion": text.get("department_opinion") or "",
               "result": text.get("result") or ""}
        for key, label in (("scope", "检索范围"), ("keywords", "关键词"), ("searcher", "检索人"), ("result", "检索结果")):
            if not out[key]:
                missing.append(label)
        if out["department"] and not out["department_opinion"]:
            missing.append("交办科室的书面核查意见")
    elif kind == "contact":
        out = {"date": day.isoformat(), "method": text.get("method") or "", "party": text.get("party") or "",
               "content": text.get("content") or "", "result": text.get("result") or ""}
        for key, label in (("method", "沟通方式"), ("party", "沟通对象"), ("content", "沟通内容")):
            if not out[key]:
                missing.append(label)
        if out["method"] and out["method"] not in CONTACT_METHODS:
            raise RecordError(f"沟通方式只能是：{'、'.join(CONTACT_METHODS)}，填写的是“{out['method']}”。")
    else:
        pages = values.get("pages")
        try:
            pages = int(pages) if pages not in (None, "") else 0
        except (TypeError, ValueError):
            raise RecordError(f"页数须填写整数，填写的是“{pages}”。") from None
        if pages < 0:
            raise RecordError("页数不能为负数。")
        out = {"name": text.get("name") or "", "doc_no": text.get("doc_no") or "", "pages": pages,
               "form": text.get("form") or "", "note": text.get("note") or ""}
        for key, label in (("name", "信息名称"), ("form", "提供形式")):
            if not out[key]:
                missing.append(label)
        if out["form"] and out["form"] not in PROVIDED_FORMS:
            raise RecordError(f"提供形式只能是：{'、'.join(PROVIDED_FORMS)}，填写的是“{out['form']}”。")
    if missing:
        raise RecordError(f"{RECORD_KINDS[kind].label}请填写：{'、'.join(missing)}。")
    return out


def check_dates(kind: str, day: date, received: date, replied: date | None, today: date) -> list[str]:
    """Date refusals: before receipt, in the future, a search dated after the reply it supports."""
    label = RECORD_KINDS[kind].date_label
    errors = []
    if day < received:
        errors.append(f"{label}{cn_date(day)}早于收到申请日期{cn_date(received)}。")
    if day > today:
        errors.append(f"{label}{cn_date(day)}晚于今天，不能登记未发生的事项。")
    if kind == "search" and replied is not None and day > replied:
        errors.append(f"检索日期{cn_date(day)}晚于答复日期{cn_date(replied)}：答复所依据的检索应在答复之前完成。")
    return errors


def reply_warnings(outcome: str | None, searches: int, contacts: int, correction_requested: bool) -> list[str]:
    """What a court would find missing behind a reply (warnings, not refusals)."""
    out = []
    if outcome in SEARCH_OUTCOMES and not searches:
        what = "本机关不掌握相关政府信息（信息不存在或非本机关负责）" if outcome == "4.1" else "需要另行制作或加工分析"
        out.append(f"答复“{what}”，但没有检索记录：法院首先审查是否进行了充分、合理的检索（指导案例101号），"
                   "请登记检索范围、关键词、检索人和日期。")
    if not contacts and (outcome == UNCLEAR_OUTCOME or (outcome == "4.1" and correction_requested)):
        out.append("申请内容曾不明确（已要求补正），但没有沟通记录：条例第30条要求给予指导和释明，"
                   "请登记沟通的日期、方式、对象、内容和结果。")
    return out


def describe(kind: str, data: dict[str, Any]) -> str:
    """One line for lists and the timeline."""
    files = data.get("attachments") or []
    attached = f"（附件：{'、'.join(a['name'] for a in files)}）" if files else ""
    if kind == "search":
        return (f"检索{'、'.join(data.get('scope') or [])}，关键词“{'”“'.join(data.get('keywords') or [])}”，"
                f"检索人{data.get('searcher', '')}：{data.get('result', '')}{attached}")
    if kind == "contact":
        return f"{data.get('method', '')}联系{data.get('party', '')}：{data.get('content', '')}" + (
            f"（{data['result']}）" if data.get("result") else "") + attached
    pages = f"，{data['pages']}页" if data.get("pages") else ""
    no = f"（{data['doc_no']}）" if data.get("doc_no") else ""
    return f"{data.get('name', '')}{no}{pages}，{data.get('form', '')}{attached}"
