"""Evidence records of a case (检索、沟通、提供信息清单) and the forms generated for it (呈批表、保密审查单、送达回证).

Records are never changed or deleted: a wrong one is voided with a reason (kept, audited). Forms are stored
like letters: file path and SHA-256, one row per generation."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from .audit import AuditLog, now_text

_KIND_LABELS = {"search": "检索记录", "contact": "沟通记录", "provided": "提供信息清单"}
# the keys the letters read (agreed with the letter templates); other keys (attachments) stay in the case file
LETTER_KEYS = {
    "search": ("date", "scope", "keywords", "searcher", "department", "department_opinion", "result"),
    "contact": ("date", "method", "party", "content", "result"),
    "provided": ("name", "doc_no", "pages", "form", "note"),
}


class CaseRecordsRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    def add(self, application_id: int, no: str, kind: str, day: str, data: dict[str, Any]) -> int:
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO case_records (application_id, kind, day, data, created_at) VALUES (?, ?, ?, ?, ?)",
                [application_id, kind, day, json.dumps(data, ensure_ascii=False), now_text()])
            self.audit.record("登记" + _KIND_LABELS[kind], "application", no, None, data)
        assert cur.lastrowid is not None  # set by every successful INSERT
        return int(cur.lastrowid)

    def for_application(self, application_id: int, kind: str | None = None,
                        include_voided: bool = False) -> list[dict[str, Any]]:
        sql = "SELECT * FROM case_records WHERE application_id = ?"
        args: list[Any] = [application_id]
        if kind is not None:
            sql += " AND kind = ?"
            args.append(kind)
        if not include_voided:
            sql += " AND voided_at IS NULL"
        return [{**dict(r), "data": json.loads(r["data"])} for r in self.db.query(sql + " ORDER BY day, id", args)]

    def get(self, record_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM case_records WHERE id = ?", [record_id]))
        return {**rows[0], "data": json.loads(rows[0]["data"])} if rows else None

    def void(self, record: dict[str, Any], no: str, reason: str) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE case_records SET voided_at = ?, void_reason = ? WHERE id = ?",
                            [now_text(), reason, record["id"]])
            self.audit.record("作废" + _KIND_LABELS[record["kind"]], "application", no, record["data"],
                              {"reason": reason})

    def counts(self, application_id: int) -> dict[str, int]:
        rows = self.db.execute("SELECT kind, count(*) FROM case_records WHERE application_id = ? "
                               "AND voided_at IS NULL GROUP BY kind", [application_id]).fetchall()
        return {k: 0 for k in _KIND_LABELS} | dict(rows)

    def letter_inputs(self, application_id: int) -> dict[str, list[dict[str, Any]]]:
        """The three lists the reply letters are composed from, in the agreed shapes:
        search_records, contact_records (each with "date"), provided_items (without a date)."""
        out: dict[str, list[dict[str, Any]]] = {"search_records": [], "contact_records": [], "provided_items": []}
        key = {"search": "search_records", "contact": "contact_records", "provided": "provided_items"}
        for r in self.for_application(application_id):
            out[key[r["kind"]]].append({k: v for k, v in r["data"].items() if k in LETTER_KEYS[r["kind"]]})
        return out

    # --- forms ---------------------------------------------------------------------------------------------
    def record_form(self, application_id: int, no: str, form_type: str, made: str, file: str, sha256: str) -> int:
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO case_forms (application_id, type, made, file, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [application_id, form_type, made, file, sha256, now_text()])
            self.audit.record("生成表单", "application", no, None, {"type": form_type, "file": file, "sha256": sha256})
        assert cur.lastrowid is not None  # set by every successful INSERT
        return int(cur.lastrowid)

    def forms_for_application(self, application_id: int) -> list[dict[str, Any]]:
        """Every form generated for an application (type, made, file, sha256), oldest first — for the timeline."""
        return [dict(r) for r in self.db.query(
            "SELECT id, type, made, file, sha256, created_at FROM case_forms WHERE application_id = ? "
            "ORDER BY made, id", [application_id])]
