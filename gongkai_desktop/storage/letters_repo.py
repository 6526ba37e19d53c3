"""The 文号 register: every generated letter with its number, date, file and hash.

Numbers run per register code (复、补、延 …) and year, and are taken inside the transaction that records the
letter, so a number is never reused and never skipped: if writing the document fails the transaction rolls
back and the number is still free. Regenerating a letter keeps its number."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from ..core.letters import LETTER_TYPES
from .audit import AuditLog, now_text


class LettersRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    def for_application(self, application_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT * FROM letters WHERE application_id = ? ORDER BY issued, id", [application_id])]

    def latest(self, application_id: int, slug: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM letters WHERE application_id = ? AND type = ? ORDER BY id DESC LIMIT 1",
                                  [application_id, slug]))
        return rows[0] if rows else None

    def next_seq(self, register: str, year: int) -> int:
        slugs = [t.slug for t in LETTER_TYPES if t.register == register]
        marks = ", ".join("?" for _ in slugs)
        row = self.db.execute(f"SELECT coalesce(max(seq), 0) + 1 FROM letters WHERE year = ? AND type IN ({marks})",
                              [year, *slugs]).fetchone()
        return int(row[0])

    def record(self, application_id: int, no: str, slug: str, year: int, seq: int, doc_number: str, issued: str,
               file: str, sha256: str) -> int:
        """Insert a new letter; call inside the transaction that took the number."""
        cur = self.db.execute(
            "INSERT INTO letters (application_id, type, year, seq, doc_number, issued, file, sha256, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [application_id, slug, year, seq, doc_number, issued, file, sha256, now_text()])
        self.audit.record("生成文书", "application", no, None, {"type": slug, "doc_number": doc_number, "file": file})
        assert cur.lastrowid is not None  # set by every successful INSERT
        return int(cur.lastrowid)

    def regenerated(self, letter: dict[str, Any], no: str, file: str, sha256: str) -> None:
        self.db.execute("UPDATE letters SET file = ?, sha256 = ? WHERE id = ?", [file, sha256, letter["id"]])
        self.audit.record("重新生成文书", "application", no, {"file": letter["file"], "sha256": letter["sha256"]},
                          {"doc_number": letter["doc_number"], "file": file, "sha256": sha256})

    def redate(self, letter: dict[str, Any], no: str, issued: str) -> None:
        """A regenerated letter with a new 成文日期 (checked by the caller); the 文号 stays."""
        self.db.execute("UPDATE letters SET issued = ? WHERE id = ?", [issued, letter["id"]])
        self.audit.record("修改成文日期", "application", no, {"issued": letter["issued"]},
                          {"doc_number": letter["doc_number"], "issued": issued})

    def register(self, year: int | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT l.*, a.no FROM letters l LEFT JOIN applications a ON a.id = l.application_id")
        args: list[Any] = []
        if year is not None:
            sql += " WHERE l.year = ?"
            args.append(year)
        return [dict(r) for r in self.db.query(sql + " ORDER BY l.year, l.type, l.seq", args)]
