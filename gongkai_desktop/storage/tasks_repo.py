"""工作要点 tasks: the year's work plan as a task tree, with progress updates."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from .audit import AuditLog, now_text

TASK_STATUSES = ("未开始", "推进中", "已完成", "不适用")


class TasksRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    def insert_tree(self, year: int, tasks: list[dict[str, Any]], source_doc: str = "") -> int:
        """Insert a task tree (same shape as `workplan import --json`) in one transaction; returns the count."""
        count = 0

        def insert(items: list[dict[str, Any]], parent_id: int | None) -> None:
            nonlocal count
            for position, t in enumerate(items):
                cur = self.db.execute(
                    "INSERT INTO tasks (year, parent_id, position, code, section, title, text, lead_units, "
                    "responsible_units, deadlines, recurring, status, source_doc, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        year, parent_id, position, t.get("code"), t.get("section"), t["title"], t.get("text", ""),
                        json.dumps(t.get("lead_units", []), ensure_ascii=False),
                        json.dumps(t.get("responsible_units", []), ensure_ascii=False),
                        json.dumps(t.get("deadlines", []), ensure_ascii=False),
                        json.dumps(t.get("recurring", []), ensure_ascii=False),
                        t.get("status", "未开始"), source_doc, now_text(),
                    ],
                )
                count += 1
                insert(t.get("children", []), int(cur.lastrowid))

        with self.db.atomic():
            insert(tasks, None)
            self.audit.record("导入工作要点", "tasks", year, None, {"count": count}, note=source_doc)
        return count

    def years(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT year FROM tasks ORDER BY year DESC").fetchall()]

    def status_counts(self, year: int) -> dict[str, int]:
        rows = self.db.execute("SELECT status, count(*) FROM tasks WHERE year = ? GROUP BY status", [year]).fetchall()
        counts = {s: 0 for s in TASK_STATUSES}
        counts.update({s: n for s, n in rows})
        return counts

    def list(self, year: int) -> list[dict[str, Any]]:
        rows = []
        for r in self.db.query(
            "SELECT id, parent_id, position, code, section, title, lead_units, responsible_units, deadlines, "
            "recurring, status FROM tasks WHERE year = ? ORDER BY parent_id IS NOT NULL, position, id",
            [year],
        ):
            for key in ("lead_units", "responsible_units", "deadlines", "recurring"):
                r[key] = json.loads(r[key])
            rows.append(r)
        return rows
