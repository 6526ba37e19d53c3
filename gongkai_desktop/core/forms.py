"""The case's printable forms (domain.md §8.1–8.3): the 政府信息公开申请办理呈批表, the 保密审查单 and the
送达回证 — which fields each template may use, and their values filled from the recorded steps. A line not
recorded yet stays blank for a handwritten signature. Pure: the caller passes the application, its recorded
steps, letters and deliveries; documents/case_forms.py writes the Word files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .applications import OUTCOME_BY_CODE
from .letters import LETTER_BY_SLUG
from .organisation import OrgProfile
from .steps import CaseState, StepRow
from .workdays import cn_date

BLANK_NAME = "　" * 6
BLANK_DATE = "　　　　年　　月　　日"
CHECKED, UNCHECKED = "☑", "□"


@dataclass(frozen=True)
class FormType:
    slug: str  # CLI name
    name: str
    template: str  # template slug in resources/templates
    fields: dict[str, str]  # placeholder → what it holds (for template checks and the help)


_COMMON = {"organ_name": "机关名称", "app_no": "申请编号", "applicant": "申请人", "made_date": "制表日期"}
_SIGN = ("意见", "签名", "日期")


def _signed(prefix: str, label: str) -> dict[str, str]:
    return {f"{prefix}_opinion": f"{label}意见", f"{prefix}_by": f"{label}签名", f"{prefix}_date": f"{label}日期"}


FORM_TYPES: dict[str, FormType] = {
    "approval": FormType("approval", "政府信息公开申请办理呈批表", "form-approval", {
        **_COMMON, "received_date": "收到日期", "due_date": "答复期限", "content": "申请内容",
        "draft_outcome": "拟办理结果", "draft_basis": "拟办依据", "draft_department": "承办科室",
        **_signed("draft", "承办科室拟办"), **_signed("review", "公开机构审核"), **_signed("legal", "法制审核"),
        **_signed("secrecy", "保密审查"), **_signed("approve", "领导批示"), "approve_role": "批示领导职务",
        "letter_name": "拟用文书", "letter_no": "文号"}),
    "secrecy": FormType("secrecy", "保密审查单", "form-secrecy", {
        **_COMMON, "info_name": "信息名称", "doc_no": "文号", "pages": "页数", "carrier": "载体",
        "state_secret_yes": "涉及国家秘密：是", "state_secret_no": "涉及国家秘密：否",
        "private_yes": "涉及商业秘密或个人隐私：是", "private_no": "涉及商业秘密或个人隐私：否",
        "private_detail": "涉及的是商业秘密还是个人隐私",
        "mark_open": "可以公开", "mark_partial": "部分公开", "mark_withhold": "不予公开", "mark_undetermined": "不能确定",
        "referred_to": "报请确定的部门", "secrecy_opinion": "审查意见", "secrecy_by": "审查人", "secrecy_date": "审查日期",
        "head": "负责人", "answer": "主管部门确定意见"}),
    "delivery-receipt": FormType("delivery-receipt", "送达回证", "form-delivery-receipt", {
        **_COMMON, "letter_name": "文书名称", "letter_no": "文号", "recipient": "受送达人", "method": "送达方式",
        "place": "送达地点", "server": "送达人", "signed_by": "签收人", "signed_date": "签收日期", "note": "备注"}),
}


def _date(value: Any) -> str:
    if isinstance(value, date):
        return cn_date(value)
    if isinstance(value, str) and value:
        return cn_date(date.fromisoformat(value))
    return BLANK_DATE


def _by(row: StepRow | None) -> str:
    return row.signer if row is not None and row.signer else BLANK_NAME


def _opinion(row: StepRow | None, default: str = "") -> str:
    if row is None:
        return default
    if row.opinion and (not row.result or row.opinion.startswith(row.result)):
        return row.opinion
    return "；".join(x for x in (row.result, row.opinion) if x)


def letter_label(slug: str | None) -> str:
    t = LETTER_BY_SLUG.get(slug or "")
    return t.name.split("：")[0] + (f"（{t.name.split('：')[1]}）" if "：" in t.name else "") if t else (slug or "")


def approval_context(app: dict[str, Any], state: CaseState, due: date | None, letters: list[dict[str, Any]],
                     profile: OrgProfile, made: date) -> tuple[dict[str, Any], list[str]]:
    """The 呈批表's values and the lines still unsigned (Chinese, for a reminder)."""
    draft = state.draft
    after = state.after_draft
    secrecy = after.get("secrecy-answer") or after.get("secrecy-review")
    approve = after.get("approve")
    d = draft.data if draft else {}
    slug = d.get("letter") or ""
    issued = [r for r in letters if r["type"] == slug]
    secrecy_text = ""
    if secrecy is not None:
        secrecy_text = _opinion(secrecy)
        if "secrecy-answer" in after and "secrecy-review" in after:
            secrecy_text = f"{_opinion(after['secrecy-review'])}；{after['secrecy-answer'].data.get('organ', '')}确定：{_opinion(after['secrecy-answer'])}"
    outcome = d.get("outcome")
    ctx = {
        "organ_name": profile.organ_name, "app_no": app["no"], "applicant": app["applicant"],
        "made_date": cn_date(made), "received_date": _date(app["received"]), "due_date": _date(due) if due else "",
        "content": app["content_title"],
        "draft_department": (state.assigned.data.get("department") if state.assigned else "") or "",
        "draft_outcome": OUTCOME_BY_CODE[outcome].full if outcome in OUTCOME_BY_CODE else "",
        "draft_basis": d.get("basis") or (OUTCOME_BY_CODE[outcome].basis if outcome in OUTCOME_BY_CODE else ""),
        "draft_opinion": draft.opinion if draft else "", "draft_by": _by(draft),
        "draft_date": _date(draft.day if draft else None),
        "review_opinion": _opinion(after.get("review")), "review_by": _by(after.get("review")),
        "review_date": _date(after["review"].day if "review" in after else None),
        "legal_opinion": _opinion(after.get("legal-review")), "legal_by": _by(after.get("legal-review")),
        "legal_date": _date(after["legal-review"].day if "legal-review" in after else None),
        "secrecy_opinion": secrecy_text, "secrecy_by": _by(after.get("secrecy-review")),
        "secrecy_date": _date(secrecy.day if secrecy else None),
        "approve_opinion": _opinion(approve), "approve_by": _by(approve),
        "approve_date": _date(approve.day if approve else None),
        "approve_role": (approve.data.get("role") if approve else "") or "",
        "letter_name": letter_label(slug), "letter_no": issued[-1]["doc_number"] if issued else ("（待编号）" if slug else ""),
    }
    blanks = [label for label, row in (("承办科室拟办意见", draft), ("公开机构审核意见", after.get("review")),
                                       ("领导批示", approve)) if row is None]
    return ctx, blanks


def secrecy_context(app: dict[str, Any], state: CaseState, profile: OrgProfile, made: date
                    ) -> tuple[dict[str, Any], list[str]]:
    row = state.after_draft.get("secrecy-review")
    answer = state.after_draft.get("secrecy-answer")
    d = row.data if row else {}
    result = row.result if row else ""

    def mark(flag: bool) -> str:
        return CHECKED if flag else UNCHECKED

    private = [name for key, name in (("commercial_secret", "商业秘密"), ("privacy", "个人隐私")) if d.get(key)]
    ctx = {
        "organ_name": profile.organ_name, "app_no": app["no"], "applicant": app["applicant"], "made_date": cn_date(made),
        "info_name": d.get("info_name") or app["content_title"], "doc_no": d.get("doc_no") or "",
        "pages": str(d.get("pages") or ""), "carrier": d.get("carrier") or "",
        "state_secret_yes": mark(row is not None and bool(d.get("state_secret"))),
        "state_secret_no": mark(row is not None and not d.get("state_secret")),
        "private_yes": mark(bool(private)), "private_no": mark(row is not None and not private),
        "private_detail": f"（{'、'.join(private)}）" if private else "",
        "mark_open": mark(result == "可以公开"), "mark_partial": mark(result == "部分公开"),
        "mark_withhold": mark(result == "不予公开"), "mark_undetermined": mark(result == "不能确定"),
        "referred_to": d.get("referred_to") or "保密行政管理部门或业务主管部门", "secrecy_opinion": row.opinion if row else "",
        "secrecy_by": _by(row), "secrecy_date": _date(row.day if row else None),
        "head": d.get("head") or BLANK_NAME,
        "answer": (f"{answer.data.get('organ', '')}于{cn_date(answer.day)}确定：{_opinion(answer)}" if answer else ""),
    }
    return ctx, ([] if row else ["保密审查尚未登记，审查单的结论和签名留空"])


def delivery_context(app: dict[str, Any], letter: dict[str, Any], delivery: dict[str, Any] | None,
                     profile: OrgProfile, made: date) -> tuple[dict[str, Any], list[str]]:
    """The 送达回证 of one letter; without a recorded delivery the signature lines stay blank (printed to take along)."""
    dv = delivery or {}
    note = []
    if dv.get("tracking"):
        note.append(f"邮件号：{dv['tracking']}")
    if dv.get("method") == "邮寄（邮政）" and dv.get("date"):
        note.append(f"交邮日期：{_date(dv['date'])}")
        if dv.get("delivered"):
            note.append(f"妥投日期：{_date(dv['delivered'])}")
    if dv.get("note"):
        note.append(dv["note"])
    signed = dv.get("delivered") or (dv.get("date") if dv.get("method") == "直接送达" and dv.get("signed_by") else None)
    ctx = {
        "organ_name": profile.organ_name, "app_no": app["no"], "applicant": app["applicant"], "made_date": cn_date(made),
        "letter_name": letter_label(letter["type"]), "letter_no": letter["doc_number"],
        "recipient": dv.get("recipient") or app["applicant"], "method": dv.get("method") or "",
        "place": dv.get("place") or app.get("address") or "", "server": dv.get("server") or BLANK_NAME,
        "signed_by": dv.get("signed_by") or BLANK_NAME, "signed_date": _date(signed), "note": "；".join(note),
    }
    return ctx, ([] if delivery else ["尚未登记送达：送达方式、送达人和签收栏留空"])
