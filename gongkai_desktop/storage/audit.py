"""The audit log: who changed what, when, with before and after values."""

from __future__ import annotations

import getpass
import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some service accounts
        return ""


def now_text() -> str:
    return datetime.now().isoformat(timespec="seconds")


class AuditLog:
    def __init__(self, db: Database, operator: str = ""):
        self.db = db
        self.operator = operator
        self._os_user = _os_user()

    def record(
        self,
        action: str,
        entity: str,
        entity_id: Any = None,
        before: Any = None,
        after: Any = None,
        note: str = "",
    ) -> None:
        """Write one audit row; call inside the transaction of the change it describes."""
        self.db.execute(
            "INSERT INTO audit_log (at, os_user, operator, action, entity, entity_id, before, after, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                now_text(),
                self._os_user,
                self.operator,
                action,
                entity,
                None if entity_id is None else str(entity_id),
                None if before is None else json.dumps(before, ensure_ascii=False, default=str),
                None if after is None else json.dumps(after, ensure_ascii=False, default=str),
                note,
            ],
        )

    def record_many(self, action: str, entity: str, entries: list[tuple[Any, Any, Any]], note: str = "") -> None:
        """One audit row per (entity_id, before, after), written with one statement (an import's registrations)."""
        at = now_text()
        encode = json.JSONEncoder(ensure_ascii=False, default=str).encode  # what json.dumps builds per call

        def text(value: Any) -> str | None:
            return None if value is None else encode(value)

        self.db.conn.executemany(
            "INSERT INTO audit_log (at, os_user, operator, action, entity, entity_id, before, after, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(at, self._os_user, self.operator, action, entity, None if eid is None else str(eid), text(before),
              text(after), note) for eid, before, after in entries],
        )

    def all(self) -> list[dict]:
        """Every entry, oldest first (the export)."""
        return [dict(r) for r in self.db.query("SELECT * FROM audit_log ORDER BY id")]

    def entries(self, entity: str | None = None, entity_id: Any = None, limit: int = 200) -> list[dict]:
        sql = "SELECT * FROM audit_log"
        args: list[Any] = []
        if entity is not None:
            sql += " WHERE entity = ?"
            args.append(entity)
            if entity_id is not None:
                sql += " AND entity_id = ?"
                args.append(str(entity_id))
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        return [dict(r) for r in self.db.query(sql, args)]
