"""The 归档 register: one row per archiving of a case (an undone row is kept with its reason).

The 件号 runs per 年度 and 保管期限 and is taken inside the transaction that records the row; numbers of undone
rows are never given to another case (a case archived again gets its old 档号 back)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from .audit import AuditLog, now_text

ARCHIVED_MESSAGE = "申请 {no} 已归档（归档日期 {day}，档号 {file_no}），不能修改；如需修改，请先撤销归档并写明原因。"


class ArchivesRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    def active(self, application_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM archives WHERE application_id = ? AND undone_at IS NULL",
                                  [application_id]))
        return rows[0] if rows else None

    def active_by_no(self, no: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT r.*, a.no FROM archives r JOIN applications a ON a.id = r.application_id "
                                  "WHERE a.no = ? AND r.undone_at IS NULL", [no]))
        return rows[0] if rows else None

    def refusal(self, no: str) -> str | None:
        """The Chinese refusal for any write to an archived application, or None."""
        row = self.active_by_no(no)
        return ARCHIVED_MESSAGE.format(no=no, day=row["day"], file_no=row["file_no"]) if row else None

    def previous(self, application_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM archives WHERE application_id = ? ORDER BY id DESC LIMIT 1",
                                  [application_id]))
        return rows[0] if rows else None

    def next_seq(self, year: int, retention: str) -> int:
        row = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM archives WHERE year = ? AND retention = ?",
                              [year, retention]).fetchone()
        return int(row[0])

    def file_no_taken(self, file_no: str) -> bool:
        return self.db.execute("SELECT 1 FROM archives WHERE file_no = ? AND undone_at IS NULL",
                               [file_no]).fetchone() is not None

    def insert(self, application_id: int, no: str, file_no: str, year: int, retention: str, seq: int,
               day: str) -> int:
        """Call inside the transaction that took the number."""
        cur = self.db.execute(
            "INSERT INTO archives (application_id, file_no, year, retention, seq, day, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", [application_id, file_no, year, retention, seq, day, now_text()])
        self.audit.record("归档", "application", no, None, {"档号": file_no, "保管期限": retention, "归档日期": day})
        assert cur.lastrowid is not None  # set by every successful INSERT
        return int(cur.lastrowid)

    def undo(self, row: dict[str, Any], no: str, reason: str) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE archives SET undone_at = ?, undo_reason = ? WHERE id = ?",
                            [now_text(), reason, row["id"]])
            self.audit.record("撤销归档", "application", no, {"档号": row["file_no"]}, {"原因": reason})

    def for_year(self, year: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT r.*, a.no FROM archives r JOIN applications a ON a.id = r.application_id "
            "WHERE r.year = ? AND r.undone_at IS NULL ORDER BY r.retention, r.seq", [year])]

    def set_class(self, attachment: dict[str, Any], no: str, cls: str | None) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE attachments SET archive_class = ? WHERE id = ?", [cls, attachment["id"]])
            self.audit.record("设置归档类别", "application", no, {"name": attachment["name"],
                                                                "归档类别": attachment.get("archive_class")},
                              {"归档类别": cls})
