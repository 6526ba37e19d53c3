"""行政复议 / 行政诉讼 records linked to an application (they feed 年度报告表四)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from .audit import AuditLog

REVIEW_KINDS = ("行政复议", "未经复议直接起诉", "复议后起诉")
REVIEW_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")


class ReviewError(ValueError):
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
    return errors


class ReviewsRepo:
    FIELDS = ("kind", "filed", "organ", "decided", "result", "note")

    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    def for_application(self, application_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT * FROM reviews WHERE application_id = ? ORDER BY filed, id", [application_id])]

    def save(self, application_id: int, data: dict[str, Any], review_id: int | None = None) -> int:
        """Insert or update one record; raises ReviewError with every problem."""
        row = {k: (data.get(k) or None) for k in self.FIELDS}
        row["result"] = row["result"] or "尚未审结"
        errors = validate_review(row)
        if errors:
            raise ReviewError("；".join(errors.values()))
        with self.db.atomic():
            if review_id is None:
                cur = self.db.execute(
                    f"INSERT INTO reviews (application_id, {', '.join(row)}) VALUES (?, {', '.join('?' for _ in row)})",
                    [application_id, *row.values()])
                review_id = int(cur.lastrowid)
                self.audit.record("登记复议诉讼", "review", review_id, None, {"application_id": application_id, **row})
            else:
                before = dict(next(iter(self.db.query("SELECT * FROM reviews WHERE id = ?", [review_id]))))
                self.db.execute(f"UPDATE reviews SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?",
                                [*row.values(), review_id])
                self.audit.record("修改复议诉讼", "review", review_id, before, row)
        return review_id
