"""行政复议 / 行政诉讼 records linked to an application (they feed 年度报告表四)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from ..core.errors import DomainError
from ..core.reviews import OUTCOMES, PROCEDURES, section4_result
from .audit import AuditLog

REVIEW_KINDS = ("行政复议", "未经复议直接起诉", "复议后起诉")
REVIEW_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")


class ReviewError(DomainError):
    """Invalid review record; the message is Chinese."""


def validate_review(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.get("kind") not in REVIEW_KINDS:
        errors["kind"] = "请选择类型：行政复议、未经复议直接起诉或复议后起诉。"
    if data.get("result") not in REVIEW_RESULTS:
        errors["result"] = "请选择结果。"
    filed, decided = data.get("filed"), data.get("decided")
    for key, label in (("filed", "申请（起诉）日期"), ("decided", "决定（裁判）日期")):
        value = data.get(key)
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                errors[key] = f"{label}格式应为年-月-日。"
    if not filed and "filed" not in errors:
        errors["filed"] = "请填写申请（起诉）日期。"
    if data.get("result") != "尚未审结" and not decided and "decided" not in errors:
        errors["decided"] = "已审结的须填写决定（裁判）日期。"
    if data.get("result") == "尚未审结" and decided:
        errors["decided"] = "尚未审结的不应填写决定日期。"
    if filed and decided and "filed" not in errors and "decided" not in errors and decided < filed:
        errors["decided"] = "决定（裁判）日期不能早于申请（起诉）日期。"
    for key, label in (("copy_received", "收到副本日期"), ("answered", "答复（答辩）提交日期")):
        value = data.get(key)
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                errors[key] = f"{label}格式应为年-月-日。"
    copy, answered = data.get("copy_received"), data.get("answered")
    if copy and filed and "copy_received" not in errors and "filed" not in errors and copy < filed:
        errors["copy_received"] = "收到申请书（起诉状）副本日期不能早于申请（起诉）日期。"
    if answered and not copy and "answered" not in errors:
        errors["answered"] = "填写答复（答辩）提交日期前，请先填写收到副本日期。"
    if answered and copy and "answered" not in errors and "copy_received" not in errors and answered < copy:
        errors["answered"] = "答复（答辩）提交日期不能早于收到副本日期。"
    procedure = data.get("procedure") or "普通"
    if procedure not in PROCEDURES:
        errors["procedure"] = "程序只能是普通程序或简易程序。"
    elif procedure == "简易" and data.get("kind") != "行政复议":
        errors["procedure"] = "简易程序只适用于行政复议（行政复议法第53条）。"
    outcome = data.get("outcome")
    if outcome and outcome not in OUTCOMES:
        errors["outcome"] = f"结果只能是：{'、'.join(OUTCOMES)}。"
    elif outcome and not decided and "decided" not in errors:
        errors["decided"] = "登记结果须同时填写决定（裁判）日期。"
    for part in split_hearings(data.get("hearings")):
        try:
            date.fromisoformat(part)
        except ValueError:
            errors["hearings"] = f"听证（开庭）日期“{part}”格式应为年-月-日。"
            break
    return errors


def split_hearings(text: str | None) -> list[str]:
    """Hearing dates typed as 2026-10-12、2026-11-03 (comma, 、 or space separated)."""
    if not text:
        return []
    for sep in ("、", "，", ",", ";", "；"):
        text = text.replace(sep, " ")
    return [p for p in text.split() if p]


class ReviewsRepo:
    FIELDS = ("kind", "filed", "organ", "decided", "result", "note", "copy_received", "procedure", "answered",
              "hearings", "outcome", "doc_no")

    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    def for_application(self, application_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT * FROM reviews WHERE application_id = ? ORDER BY filed, id", [application_id])]

    def get(self, review_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query(
            "SELECT r.*, a.no AS app_no, p.name AS applicant FROM reviews r JOIN applications a ON a.id = r.application_id "
            "JOIN applicants p ON p.id = a.applicant_id WHERE r.id = ?", [review_id]))
        return dict(rows[0]) if rows else None

    def listing(self, pending_only: bool = False) -> list[dict[str, Any]]:
        """Every record with its application's number and applicant (pending: no answer submitted and no decision)."""
        where = "WHERE r.answered IS NULL AND r.decided IS NULL AND r.copy_received IS NOT NULL" if pending_only else ""
        return [dict(r) for r in self.db.query(
            "SELECT r.*, a.no AS app_no, p.name AS applicant FROM reviews r JOIN applications a ON a.id = r.application_id "
            f"JOIN applicants p ON p.id = a.applicant_id {where} ORDER BY r.copy_received, r.filed, r.id")]

    def pending_reopens(self) -> list[dict[str, Any]]:
        """The latest 重新答复 (reopen step) of each application that has no new answer after it."""
        rows = list(self.db.query(
            "SELECT e.id, e.application_id, e.kind, e.day, e.data, a.no, p.name AS applicant FROM application_events e "
            "JOIN applications a ON a.id = e.application_id JOIN applicants p ON p.id = a.applicant_id "
            "WHERE e.kind IN ('reopen', 're-reply') AND e.voided_at IS NULL ORDER BY e.application_id, e.id"))
        open_by_app: dict[int, dict[str, Any]] = {}
        for r in rows:
            if r["kind"] == "reopen":
                open_by_app[r["application_id"]] = dict(r)
            else:
                open_by_app.pop(r["application_id"], None)
        return list(open_by_app.values())

    def save(self, application_id: int, data: dict[str, Any], review_id: int | None = None) -> int:
        """Insert or update one record; raises ReviewError with every problem."""
        row = {k: (data.get(k) or None) for k in self.FIELDS}
        row["procedure"] = row["procedure"] or "普通"
        if row["outcome"] in OUTCOMES:  # the detailed result decides 表四's column
            row["result"] = section4_result(row["outcome"])
        row["result"] = row["result"] or "尚未审结"
        errors = validate_review(row)
        if errors:
            raise ReviewError("；".join(errors.values()))
        with self.db.atomic():
            if review_id is None:
                cur = self.db.execute(
                    f"INSERT INTO reviews (application_id, {', '.join(row)}) VALUES (?, {', '.join('?' for _ in row)})",
                    [application_id, *row.values()])
                assert cur.lastrowid is not None  # set by every successful INSERT
                review_id = int(cur.lastrowid)
                self.audit.record("登记复议诉讼", "review", review_id, None, {"application_id": application_id, **row})
            else:
                before = dict(next(iter(self.db.query("SELECT * FROM reviews WHERE id = ?", [review_id]))))
                self.db.execute(f"UPDATE reviews SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?",
                                [*row.values(), review_id])
                self.audit.record("修改复议诉讼", "review", review_id, before, row)
        return review_id
