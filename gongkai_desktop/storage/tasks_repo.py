"""工作要点 tasks: the year's work plan as a task tree, its progress records and the 回头看 check.

A revised plan is merged by task code path (一、/（三）/2.): existing tasks keep their state, 责任人 and
progress; new tasks are added; tasks no longer in the document stay, and are reported."""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from ..core.errors import DomainError
from .audit import AuditLog, now_text
from .task_units_repo import TaskUnitsRepo

TASK_STATES = ("未启动", "推进中", "已完成", "持续推进", "未完成", "不适用")
REVIEW_RESULTS = ("已落实", "部分落实", "未落实")
LEGACY_STATES = {"未开始": "未启动"}
JSON_FIELDS = ("lead_units", "responsible_units", "deadlines", "recurring")


class TaskError(DomainError):
    """Invalid task input; the message is Chinese."""


@dataclass
class MergeResult:
    added: int = 0
    updated: int = 0
    missing: list[str] = field(default_factory=list)  # titles of existing tasks the document no longer has


def _path(parent: str, code: str | None, title: str) -> str:
    key = (code or "").strip() or title.strip()[:20]
    return f"{parent}/{key}" if parent else key


def document_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows (already in position order) as the document has them: a parent, then its sub-tasks depth first."""
    children: dict[Any, list[dict[str, Any]]] = {}
    ids = {r["id"] for r in rows}
    for r in rows:
        children.setdefault(r["parent_id"] if r["parent_id"] in ids else None, []).append(r)
    out: list[dict[str, Any]] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        r = stack.pop()
        out.append(r)
        stack.extend(reversed(children.get(r["id"], [])))
    return out


class TasksRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit
        self.units = TaskUnitsRepo(db, audit)

    # --- importing ------------------------------------------------------------------------------------
    def merge_tree(self, year: int, tasks: list[dict[str, Any]], source_doc: str = "",
                   plan: dict[str, Any] | None = None) -> MergeResult:
        """Insert or update a task tree (the `workplan import --json` shape) in one transaction; `plan` is the
        document's title/issuer/doc_number/date (`Workplan.to_json()`), kept for the 20-day reminder."""
        result = MergeResult()
        existing = {r["path"]: dict(r) for r in self.db.query("SELECT * FROM tasks WHERE year = ?", [year])}
        seen: set[str] = set()
        stamp = now_text()

        def walk(items: list[dict[str, Any]], parent_id: int | None, parent_path: str) -> None:
            for position, t in enumerate(items):
                if not str(t.get("title", "")).strip():
                    raise TaskError(f"第{position + 1}项任务（{t.get('code') or ''}）没有名称。")
                path = _path(parent_path, t.get("code"), t["title"])
                while path in seen:  # two items with the same code under one parent
                    path += "′"
                seen.add(path)
                values = {
                    "parent_id": parent_id, "position": position, "code": t.get("code"), "section": t.get("section"),
                    "title": t["title"].strip(), "text": t.get("text", ""), "source_doc": source_doc,
                    **{k: json.dumps(t.get(k, []), ensure_ascii=False) for k in JSON_FIELDS},
                }
                old = existing.get(path)
                if old is not None:
                    changed = {k: v for k, v in values.items() if k != "source_doc" and old.get(k) != v}
                    if changed:
                        self.audit.record("修订工作要点任务", "task", old["id"], {k: old.get(k) for k in changed},
                                          dict(changed), note=source_doc)
                        changed.update(updated_at=stamp, source_doc=source_doc)
                        self.db.execute(f"UPDATE tasks SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                                        [*changed.values(), old["id"]])
                        result.updated += 1
                    task_id = old["id"]
                else:
                    state = t.get("state") or LEGACY_STATES.get(t.get("status", ""), t.get("status")) or "未启动"
                    if state not in TASK_STATES:
                        raise TaskError(f"未知的任务状态：{state}")
                    row = {"year": year, **values, "path": path, "state": state, "created_at": stamp,
                           "updated_at": stamp}
                    cur = self.db.execute(f"INSERT INTO tasks ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                                          list(row.values()))
                    assert cur.lastrowid is not None  # set by every successful INSERT
                    task_id = int(cur.lastrowid)
                    result.added += 1
                    if existing:  # a revision: each added task with its values (a first import: the summary)
                        self.audit.record("修订工作要点任务", "task", task_id, None,
                                          {k: v for k, v in row.items() if k not in ("created_at", "updated_at")},
                                          note=source_doc)
                walk(t.get("children", []), task_id, path)

        with self.db.atomic():
            walk(tasks, None, "")
            self.units.sync_year(year)
            if plan is not None:
                plan_date = plan.get("date")
                self.units.save_plan(year, plan.get("title") or "", plan.get("issuer") or "",
                                     plan.get("doc_number") or "",
                                     date.fromisoformat(plan_date) if isinstance(plan_date, str) else plan_date,
                                     source_doc)
            result.missing = [r["title"] for p, r in existing.items() if p not in seen]
            self.audit.record("导入工作要点", "tasks", year, None,
                              {"added": result.added, "updated": result.updated, "missing": len(result.missing),
                               "missing_titles": result.missing},
                              note=source_doc)
        return result

    def insert_tree(self, year: int, tasks: list[dict[str, Any]], source_doc: str = "") -> int:
        return self.merge_tree(year, tasks, source_doc).added

    # --- reading --------------------------------------------------------------------------------------
    def years(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT year FROM tasks ORDER BY year DESC").fetchall()]

    # Below this method, "list" in the class body names it: later annotations spell builtins.list.
    def list(self, year: int) -> list[dict[str, Any]]:
        """Every task of a year in document order (each parent followed by its sub-tasks), with its latest
        progress note."""
        rows = []
        for r in self.db.query(
            "SELECT t.*, (SELECT count(*) FROM tasks c WHERE c.parent_id = t.id) AS n_children, "
            "(SELECT progress FROM task_updates u WHERE u.task_id = t.id ORDER BY u.day DESC, u.id DESC LIMIT 1) "
            "AS last_progress, "
            "(SELECT day FROM task_updates u WHERE u.task_id = t.id ORDER BY u.day DESC, u.id DESC LIMIT 1) "
            "AS last_day FROM tasks t WHERE t.year = ? ORDER BY t.position, t.id",
            [year],
        ):
            for key in JSON_FIELDS:
                r[key] = json.loads(r[key])
            rows.append(r)
        return document_order(rows)

    def get(self, task_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM tasks WHERE id = ?", [task_id]))
        if not rows:
            return None
        r = rows[0]
        for key in JSON_FIELDS:
            r[key] = json.loads(r[key])
        return r

    def leaves(self, year: int) -> builtins.list[dict[str, Any]]:
        """The tasks that are work items (no sub-tasks): what is counted and tracked."""
        return [t for t in self.list(year) if not t["n_children"]]

    def status_counts(self, year: int) -> dict[str, int]:
        """Work items (tasks with no sub-tasks) per state."""
        counts = {s: 0 for s in TASK_STATES}
        counts.update(dict(self.db.execute(
            "SELECT state, count(*) FROM tasks t WHERE year = ? "
            "AND NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = t.id) GROUP BY state", [year]).fetchall()))
        return counts

    def updates(self, task_id: int) -> builtins.list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT * FROM task_updates WHERE task_id = ? ORDER BY day DESC, id DESC", [task_id])]

    # --- tracking -------------------------------------------------------------------------------------
    def record_progress(self, task_id: int, day: date, state: str, progress: str, evidence: str = "",
                        owner: str | None = None) -> None:
        task = self.get(task_id)
        if task is None:
            raise TaskError("任务不存在。")
        if state not in TASK_STATES:
            raise TaskError(f"未知的任务状态：{state}")
        if not progress.strip() and state == task["state"] and (owner or "") == (task["owner"] or ""):
            raise TaskError("请填写进展情况，或修改状态、责任人。")
        with self.db.atomic():
            self.db.execute("INSERT INTO task_updates (task_id, day, status, progress, evidence, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            [task_id, day.isoformat(), state, progress.strip(), evidence.strip(), now_text()])
            self.db.execute("UPDATE tasks SET state = ?, owner = ?, updated_at = ? WHERE id = ?",
                            [state, (owner if owner is not None else task["owner"]) or None, now_text(), task_id])
            if state != task["state"]:  # a task with units: the office sets every unit not yet 销号 to this state
                self.units.set_all_states(task_id, state)
            self.audit.record("记录任务进展", "task", task_id, {"state": task["state"], "owner": task["owner"]},
                              {"state": state, "owner": owner, "progress": progress, "day": day.isoformat()})

    def review(self, task_id: int, result: str, note: str, day: date) -> None:
        """回头看: whether a task reported done was checked, and what was found."""
        if result not in REVIEW_RESULTS:
            raise TaskError("请选择核查结果：已落实、部分落实或未落实。")
        task = self.get(task_id)
        if task is None:
            raise TaskError("任务不存在。")
        with self.db.atomic():
            self.db.execute("UPDATE tasks SET review_result = ?, review_note = ?, review_day = ?, updated_at = ? "
                            "WHERE id = ?", [result, note.strip() or None, day.isoformat(), now_text(), task_id])
            self.audit.record("回头看", "task", task_id, {"review_result": task["review_result"]},
                              {"review_result": result, "note": note})

    def evidence(self, year: int) -> dict[int, str]:
        """佐证材料 per task: evidence noted with progress records and files attached to the task."""
        out: dict[int, list[str]] = {}
        for task_id, text in self.db.execute(
            "SELECT u.task_id, u.evidence FROM task_updates u JOIN tasks t ON t.id = u.task_id "
            "WHERE t.year = ? AND u.evidence IS NOT NULL AND u.evidence != '' ORDER BY u.day", [year]):
            out.setdefault(task_id, []).append(text)
        for task_id, name in self.db.execute(
            "SELECT a.task_id, a.name FROM attachments a JOIN tasks t ON t.id = a.task_id WHERE t.year = ?", [year]):
            out.setdefault(task_id, []).append(name)
        return {k: "；".join(v) for k, v in out.items()}

    def review_counts(self, year: int) -> dict[str, int]:
        counts = {r: 0 for r in REVIEW_RESULTS}
        for (result,) in self.db.execute("SELECT review_result FROM tasks WHERE year = ? AND review_result IS NOT NULL",
                                         [year]):
            counts[result] += 1
        return counts
