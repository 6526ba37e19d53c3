"""工作要点 × 责任单位: each unit named on a work item keeps its own state, 报送 date, 落实情况, 佐证 and 销号;
feedback rounds (one 反馈表 per unit, a 报送 date) and the reports units sent; the 督办通知 register.

The task's own `state` is a cache of `core.workplan.task_state_from_units` over its units, rewritten in the
transaction that changes a unit. A work item that names no unit takes its nearest parent's units."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from ..core.errors import DomainError
from ..core.workplan import occurrences, period_start, task_state_from_units, unit_is_late
from .audit import AuditLog, now_text

UNIT_STATES = ("未启动", "推进中", "已完成", "持续推进", "未完成", "不适用")
NOTICE_TYPE = "supervision-notice"  # row type in the letters (文号) register
NOTICE_REGISTER = "督"


_UNIT_ROWS = (
    "SELECT t.id AS task_id, t.code, t.path, t.title, t.text, t.section, t.deadlines, t.recurring, "
    "t.state AS task_state, tu.id AS u_id, tu.unit AS u_unit, tu.role AS u_role, tu.state AS u_state, "
    "tu.reported_on AS u_reported_on, tu.progress AS u_progress, tu.evidence AS u_evidence, "
    "tu.closed_on AS u_closed_on, tu.close_note AS u_close_note "
    "FROM task_units tu JOIN tasks t ON t.id = tu.task_id")


class TaskUnitError(DomainError):
    """Invalid input about a task's units; the message is Chinese."""


@dataclass
class ReportRow:
    """One filled row of a unit's 反馈表."""
    task_unit_id: int
    state: str
    progress: str = ""
    evidence: str = ""
    day: str = ""


@dataclass
class ImportOutcome:
    unit: str
    changed: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


class TaskUnitsRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    # --- keeping units in step with the tasks ------------------------------------------------------------
    def sync_year(self, year: int) -> None:
        """Add a row for every unit a work item names (or its nearest parent names); drop rows of units no longer
        named that carry no report, no state and no 销号. Call inside the importing transaction."""
        rows = [dict(r) for r in self.db.query(
            "SELECT id, parent_id, state, lead_units, responsible_units, "
            "EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = t.id) AS has_children FROM tasks t WHERE year = ?",
            [year])]
        by_id = {r["id"]: r for r in rows}
        stamp = now_text()
        for r in rows:
            if r["has_children"]:
                continue
            node: dict[str, Any] | None = r
            while node is not None and node["lead_units"] == "[]" and node["responsible_units"] == "[]":
                node = by_id.get(node["parent_id"]) if node["parent_id"] is not None else None
            wanted: dict[str, str] = {}
            if node is not None:
                for role, key in (("牵头", "lead_units"), ("责任", "responsible_units")):
                    for unit in json.loads(node[key]):
                        unit = str(unit).strip()
                        if unit and unit not in wanted:
                            wanted[unit] = role
            existing = {u["unit"]: u for u in self.db.query("SELECT * FROM task_units WHERE task_id = ?", [r["id"]])}
            for unit, role in wanted.items():
                if unit not in existing:
                    state = r["state"] if not existing else "未启动"
                    self.db.execute("INSERT INTO task_units (task_id, unit, role, state, updated_at) "
                                    "VALUES (?, ?, ?, ?, ?)", [r["id"], unit, role, state, stamp])
                elif existing[unit]["role"] != role:
                    self.db.execute("UPDATE task_units SET role = ? WHERE id = ?", [role, existing[unit]["id"]])
            for unit, u in existing.items():
                if unit in wanted:
                    continue
                used = self.db.execute("SELECT 1 FROM task_unit_reports WHERE task_unit_id = ? LIMIT 1",
                                       [u["id"]]).fetchone()
                if not used and not u["closed_on"] and not u["progress"]:
                    self.db.execute("DELETE FROM task_units WHERE id = ?", [u["id"]])
            self._refresh_task(r["id"])

    def _refresh_task(self, task_id: int) -> None:
        states = [s for (s,) in self.db.execute("SELECT state FROM task_units WHERE task_id = ?", [task_id])]
        state = task_state_from_units(states)
        if state is not None:
            self.db.execute("UPDATE tasks SET state = ? WHERE id = ? AND state != ?", [state, task_id, state])

    # --- reading -----------------------------------------------------------------------------------------
    def for_task(self, task_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT * FROM task_units WHERE task_id = ? ORDER BY role = '牵头' DESC, id", [task_id])]

    def get(self, task_unit_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM task_units WHERE id = ?", [task_unit_id]))
        return rows[0] if rows else None

    def find(self, task_id: int, unit: str) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM task_units WHERE task_id = ? AND unit = ?", [task_id, unit.strip()]))
        if not rows:
            names = "、".join(u["unit"] for u in self.for_task(task_id)) or "（没有）"
            raise TaskUnitError(f"该任务没有责任单位“{unit}”。该任务的单位：{names}。")
        return rows[0]

    def unit_names(self, year: int) -> list[str]:
        """Every unit named on the year's work items, in the order they first appear in the plan (tasks are
        stored parent first, in document order, so the lowest task id naming a unit is its first appearance)."""
        return [u for (u,) in self.db.execute(
            "SELECT tu.unit FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.year = ? "
            "GROUP BY tu.unit ORDER BY min(tu.task_id), min(tu.id)", [year])]

    def rows_by_unit(self, year: int) -> dict[str, list[dict[str, Any]]]:
        """for_unit() of every unit at once (one query), units in plan order."""
        order = self._document_order(year)
        out: dict[str, list[dict[str, Any]]] = {u: [] for u in self.unit_names(year)}
        for r in self.db.query(_UNIT_ROWS + " WHERE t.year = ?", [year]):
            r["deadlines"] = json.loads(r["deadlines"])
            r["recurring"] = json.loads(r["recurring"])
            out.setdefault(r["u_unit"], []).append(r)
        for rows in out.values():
            rows.sort(key=lambda r: order.get(r["task_id"], 0))
        return out

    def for_unit(self, year: int, unit: str, include_closed: bool = True) -> list[dict[str, Any]]:
        """The work items naming a unit, in document order, each with the unit's row (prefixed u_)."""
        sql = _UNIT_ROWS + " WHERE t.year = ? AND tu.unit = ?"
        if not include_closed:
            sql += " AND tu.closed_on IS NULL"
        rows = []
        order = self._document_order(year)
        for r in self.db.query(sql, [year, unit]):
            r["deadlines"] = json.loads(r["deadlines"])
            r["recurring"] = json.loads(r["recurring"])
            rows.append(r)
        rows.sort(key=lambda r: order.get(r["task_id"], 0))
        return rows

    def _document_order(self, year: int) -> dict[int, int]:
        rows = self.db.execute("SELECT id, parent_id FROM tasks WHERE year = ? ORDER BY position, id", [year]).fetchall()
        children: dict[int | None, list[int]] = {}
        for task_id, parent in rows:
            children.setdefault(parent, []).append(task_id)
        order: dict[int, int] = {}
        stack = list(reversed(children.get(None, [])))
        while stack:
            task_id = stack.pop()
            order[task_id] = len(order)
            stack.extend(reversed(children.get(task_id, [])))
        return order

    def reports(self, task_unit_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT r.*, f.period FROM task_unit_reports r LEFT JOIN feedback_rounds f ON f.id = r.round_id "
            "WHERE task_unit_id = ? ORDER BY day DESC, r.id DESC", [task_unit_id])]

    # --- recording ---------------------------------------------------------------------------------------
    def record(self, task_id: int, unit: str | None, day: date, state: str, progress: str = "",
               evidence: str = "", source: str = "") -> int:
        """A unit's 落实情况 (unit None: every unit of the task not yet 销号). Returns the rows changed."""
        if state not in UNIT_STATES:
            raise TaskUnitError(f"未知的状态“{state}”。可选：{'、'.join(UNIT_STATES)}。")
        targets = [self.find(task_id, unit)] if unit else [u for u in self.for_task(task_id) if not u["closed_on"]]
        if unit and targets[0]["closed_on"]:
            raise TaskUnitError(f"{unit}的该项任务已于{targets[0]['closed_on']}销号，不能再修改。")
        if not targets:
            raise TaskUnitError("该任务没有未销号的责任单位。")
        with self.db.atomic():
            for u in targets:
                self.db.execute(
                    "INSERT INTO task_unit_reports (task_unit_id, round_id, day, state, progress, evidence, source, "
                    "created_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)",
                    [u["id"], day.isoformat(), state, progress.strip() or None, evidence.strip() or None,
                     source or None, now_text()])
                self.db.execute(
                    "UPDATE task_units SET state = ?, reported_on = ?, progress = coalesce(?, progress), "
                    "evidence = coalesce(?, evidence), updated_at = ? WHERE id = ?",
                    [state, day.isoformat(), progress.strip() or None, evidence.strip() or None, now_text(), u["id"]])
                self.audit.record("记录单位落实情况", "task", task_id, {"unit": u["unit"], "state": u["state"]},
                                  {"unit": u["unit"], "state": state, "day": day.isoformat(), "progress": progress,
                                   "evidence": evidence})
            self._refresh_task(task_id)
        return len(targets)

    def set_all_states(self, task_id: int, state: str) -> None:
        """The whole task set to one state by the office (every unit not yet 销号); no report is recorded."""
        if state not in UNIT_STATES:
            raise TaskUnitError(f"未知的状态“{state}”。")
        with self.db.atomic():
            for u in self.for_task(task_id):
                if not u["closed_on"] and u["state"] != state:
                    self.db.execute("UPDATE task_units SET state = ?, updated_at = ? WHERE id = ?",
                                    [state, now_text(), u["id"]])
            self._refresh_task(task_id)

    def set_unit_state(self, task_id: int, unit: str, state: str, reason: str = "") -> None:
        """The office corrects one unit's state (no report from the unit is recorded); audited."""
        if state not in UNIT_STATES:
            raise TaskUnitError(f"未知的状态“{state}”。可选：{'、'.join(UNIT_STATES)}。")
        u = self.find(task_id, unit)
        if u["closed_on"]:
            raise TaskUnitError(f"{unit}的该项任务已于{u['closed_on']}销号；如需修改，请先撤销销号。")
        with self.db.atomic():
            self.db.execute("UPDATE task_units SET state = ?, updated_at = ? WHERE id = ?", [state, now_text(), u["id"]])
            self.audit.record("修改单位任务状态", "task", task_id, {"unit": unit, "state": u["state"]},
                              {"unit": unit, "state": state}, note=reason.strip())
            self._refresh_task(task_id)

    def states_by_task(self, year: int) -> dict[int, list[tuple[str, str, bool]]]:
        """(unit, state, closed) of every unit of a year's tasks, by task id — the light form for the task tree."""
        out: dict[int, list[tuple[str, str, bool]]] = {}
        for task_id, unit, state, closed in self.db.execute(
                "SELECT tu.task_id, tu.unit, tu.state, tu.closed_on IS NOT NULL FROM task_units tu "
                "JOIN tasks t ON t.id = tu.task_id WHERE t.year = ? ORDER BY tu.role = '牵头' DESC, tu.id", [year]):
            out.setdefault(task_id, []).append((unit, state, bool(closed)))
        return out

    def by_task(self, year: int) -> dict[int, list[dict[str, Any]]]:
        """Every unit row of a year's tasks, by task id."""
        out: dict[int, list[dict[str, Any]]] = {}
        for r in self.db.query("SELECT tu.* FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.year = ? "
                               "ORDER BY tu.role = '牵头' DESC, tu.id", [year]):
            out.setdefault(r["task_id"], []).append(dict(r))
        return out

    def close(self, task_id: int, unit: str, day: date, note: str, evidence: str) -> None:
        """销号: the unit's part of the task is done and checked, with the evidence that shows it."""
        u = self.find(task_id, unit)
        if u["closed_on"]:
            raise TaskUnitError(f"{unit}的该项任务已于{u['closed_on']}销号。")
        if not evidence.strip():
            raise TaskUnitError("销号须有佐证材料：请附上文件或写明材料名称。")
        if not note.strip():
            raise TaskUnitError("请写明销号意见（如 经核查已落实）。")
        with self.db.atomic():
            self.db.execute(
                "UPDATE task_units SET state = '已完成', closed_on = ?, close_note = ?, "
                "evidence = CASE WHEN evidence IS NULL OR evidence = '' THEN ? ELSE evidence || '；' || ? END, "
                "updated_at = ? WHERE id = ?",
                [day.isoformat(), note.strip(), evidence.strip(), evidence.strip(), now_text(), u["id"]])
            self.audit.record("销号", "task", task_id, {"unit": unit, "state": u["state"]},
                              {"unit": unit, "state": "已完成", "closed_on": day.isoformat(), "note": note,
                               "evidence": evidence})
            self._refresh_task(task_id)

    def reopen(self, task_id: int, unit: str, reason: str) -> None:
        """Undo a 销号 (with the reason, audited): the unit's state goes back to 推进中."""
        u = self.find(task_id, unit)
        if not u["closed_on"]:
            raise TaskUnitError(f"{unit}的该项任务尚未销号。")
        if not reason.strip():
            raise TaskUnitError("撤销销号须写明原因。")
        with self.db.atomic():
            self.db.execute("UPDATE task_units SET state = '推进中', closed_on = NULL, close_note = NULL, updated_at = ? "
                            "WHERE id = ?", [now_text(), u["id"]])
            self.audit.record("撤销销号", "task", task_id, {"unit": unit, "closed_on": u["closed_on"]},
                              {"unit": unit, "state": "推进中"}, note=reason.strip())
            self._refresh_task(task_id)

    # --- feedback rounds ---------------------------------------------------------------------------------
    def open_round(self, year: int, period: str, due: date, units: list[str]) -> int:
        """A collection round (e.g. 2026年第三季度, 报送 by due); asking the same period again keeps its id and
        adds the units (the due date may be moved)."""
        period = period.strip()
        if not period:
            raise TaskUnitError("请填写报送期次（如 2026年第三季度）。")
        with self.db.atomic():
            row = self.db.execute("SELECT id, due FROM feedback_rounds WHERE year = ? AND period = ?",
                                  [year, period]).fetchone()
            if row is None:
                cur = self.db.execute("INSERT INTO feedback_rounds (year, period, due, created_at) VALUES (?, ?, ?, ?)",
                                      [year, period, due.isoformat(), now_text()])
                assert cur.lastrowid is not None  # set by every successful INSERT
                round_id = int(cur.lastrowid)
                self.audit.record("发起落实情况报送", "tasks", year, None, {"period": period, "due": due.isoformat(),
                                                                   "units": len(units)})
            else:
                round_id = int(row[0])
                if row[1] != due.isoformat():
                    self.db.execute("UPDATE feedback_rounds SET due = ? WHERE id = ?", [due.isoformat(), round_id])
                    self.audit.record("修改报送截止日期", "tasks", year, {"due": row[1]}, {"due": due.isoformat()},
                                      note=period)
            for unit in units:
                self.db.execute("INSERT OR IGNORE INTO feedback_round_units (round_id, unit, exported_at) "
                                "VALUES (?, ?, ?)", [round_id, unit, now_text()])
        return round_id

    def set_round_file(self, round_id: int, unit: str, file: str) -> None:
        self.db.execute("UPDATE feedback_round_units SET file = ? WHERE round_id = ? AND unit = ?",
                        [file, round_id, unit])

    def rounds(self, year: int | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT f.*, (SELECT count(*) FROM feedback_round_units x WHERE x.round_id = f.id) AS n_units, "
               "(SELECT count(*) FROM feedback_round_units x WHERE x.round_id = f.id AND x.imported_at IS NOT NULL) "
               "AS n_reported FROM feedback_rounds f")
        args: list[Any] = []
        if year is not None:
            sql += " WHERE f.year = ?"
            args.append(year)
        return [dict(r) for r in self.db.query(sql + " ORDER BY f.due DESC, f.id DESC", args)]

    def round(self, round_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM feedback_rounds WHERE id = ?", [round_id]))
        return rows[0] if rows else None

    def find_round(self, year: int, period: str | None) -> dict[str, Any]:
        rounds = self.rounds(year)
        if not rounds:
            raise TaskUnitError(f"{year}年还没有发起落实情况报送（先导出反馈表）。")
        if period is None:
            return rounds[0]
        for r in rounds:
            if r["period"] == period.strip():
                return r
        raise TaskUnitError(f"没有“{period}”这一报送期次。已有：" + "、".join(r["period"] for r in rounds) + "。")

    def round_units(self, round_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT * FROM feedback_round_units WHERE round_id = ? ORDER BY rowid", [round_id])]

    def missing(self, round_id: int) -> list[str]:
        """Units asked in a round that have not sent their 反馈表 back."""
        return [u for (u,) in self.db.execute(
            "SELECT unit FROM feedback_round_units WHERE round_id = ? AND imported_at IS NULL ORDER BY rowid",
            [round_id])]

    def import_reports(self, round_id: int, unit: str, rows: list[ReportRow], source: str, sha256: str,
                       today: date) -> ImportOutcome:
        """A unit's filled 反馈表, all or nothing. Each row must be one of this unit's rows in this round's year;
        a row already imported with the same content is left alone (importing the same file again changes
        nothing); a re-sent file with new content replaces the unit's earlier report for the round."""
        outcome = ImportOutcome(unit)
        rnd = self.round(round_id)
        if rnd is None:
            raise TaskUnitError("报送期次不存在。")
        asked = {u["unit"] for u in self.round_units(round_id)}
        if unit not in asked:
            raise TaskUnitError(f"“{unit}”不在“{rnd['period']}”的报送单位名单中。")
        checked: list[tuple[dict[str, Any], ReportRow]] = []
        for n, row in enumerate(rows, start=1):
            u = self.get(row.task_unit_id)
            task = self.db.execute("SELECT year, code, title FROM tasks WHERE id = ?",
                                   [u["task_id"]]).fetchone() if u else None
            if u is None or task is None or task[0] != rnd["year"]:
                outcome.problems.append(f"第{n}项：台账中没有对应的任务（可能来自其他年度或其他台账），请使用本次导出的反馈表。")
                continue
            if u["unit"] != unit:
                outcome.problems.append(f"第{n}项“{task[1] or ''}{task[2]}”是{u['unit']}的任务，不能由{unit}的反馈表填报。")
                continue
            if row.state not in UNIT_STATES:
                outcome.problems.append(f"第{n}项“{task[2]}”的完成状态“{row.state}”无法识别，"
                                        f"请从{'、'.join(UNIT_STATES)}中选择。")
                continue
            if u["closed_on"] and row.state != "已完成":
                outcome.problems.append(f"第{n}项“{task[2]}”已于{u['closed_on']}销号，不能改为“{row.state}”。")
                continue
            checked.append((u, row))
        if outcome.problems:
            return outcome
        with self.db.atomic():
            for u, row in checked:
                day = row.day or today.isoformat()
                old = self.db.execute("SELECT id, state, progress, evidence, day FROM task_unit_reports "
                                      "WHERE round_id = ? AND task_unit_id = ?", [round_id, u["id"]]).fetchone()
                values = (row.state, row.progress.strip() or None, row.evidence.strip() or None, day)
                if old is not None and tuple(old[1:]) == values:
                    outcome.unchanged += 1
                    continue
                if old is None:
                    self.db.execute(
                        "INSERT INTO task_unit_reports (task_unit_id, round_id, day, state, progress, evidence, "
                        "source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [u["id"], round_id, day, *values[:3], source, now_text()])
                else:
                    self.db.execute("UPDATE task_unit_reports SET state = ?, progress = ?, evidence = ?, day = ?, "
                                    "source = ? WHERE id = ?", [*values, source, old[0]])
                if not u["closed_on"]:
                    self.db.execute(
                        "UPDATE task_units SET state = ?, reported_on = ?, progress = ?, evidence = ?, updated_at = ? "
                        "WHERE id = ?", [row.state, day, values[1], values[2], now_text(), u["id"]])
                self._refresh_task(u["task_id"])
                outcome.changed += 1
            prior = self.db.execute("SELECT imported_sha256 FROM feedback_round_units WHERE round_id = ? AND unit = ?",
                                    [round_id, unit]).fetchone()
            self.db.execute("UPDATE feedback_round_units SET imported_at = coalesce(imported_at, ?), "
                            "imported_sha256 = ? WHERE round_id = ? AND unit = ?",
                            [now_text(), sha256, round_id, unit])
            if outcome.changed or (prior and prior[0] != sha256):
                self.audit.record("导入落实情况反馈表", "tasks", rnd["year"], None,
                                  {"period": rnd["period"], "unit": unit, "changed": outcome.changed,
                                   "unchanged": outcome.unchanged}, note=source)
        return outcome

    # --- 督办 ---------------------------------------------------------------------------------------------
    def behind(self, year: int, today: date) -> list[dict[str, Any]]:
        """Units behind schedule: tasks past their deadline not finished by the unit, and feedback rounds past
        their 报送 date with no report. One entry per unit, in plan order:
        {unit, overdue: [task rows], missing_rounds: [round rows]}."""
        order = self._document_order(year)
        units = self.unit_names(year)
        out: dict[str, dict[str, Any]] = {}
        for r in self.db.query(  # past the earliest deadline, not finished (unit_is_late decides; SQL narrows)
                "SELECT t.id AS task_id, t.code, t.title, t.deadlines, tu.unit AS u_unit, tu.state AS u_state, "
                "tu.progress AS u_progress, tu.id AS u_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
                "WHERE t.year = ? AND tu.closed_on IS NULL AND tu.state NOT IN ('已完成', '不适用', '持续推进') "
                "AND EXISTS (SELECT 1 FROM json_each(t.deadlines) d WHERE d.value < ?)", [year, today.isoformat()]):
            r["deadlines"] = json.loads(r["deadlines"])
            if unit_is_late(r["deadlines"], r["u_state"], today):
                entry = out.setdefault(r["u_unit"], {"unit": r["u_unit"], "overdue": [], "missing_rounds": []})
                entry["overdue"].append(r)
        for entry in out.values():
            entry["overdue"].sort(key=lambda r: order.get(r["task_id"], 0))
        for rnd in self.rounds(year):
            if rnd["due"] >= today.isoformat():
                continue
            for unit in self.missing(rnd["id"]):
                entry = out.setdefault(unit, {"unit": unit, "overdue": [], "missing_rounds": []})
                entry["missing_rounds"].append(rnd)
        rank = {u: i for i, u in enumerate(units)}
        return sorted(out.values(), key=lambda e: rank.get(e["unit"], len(rank)))

    def next_notice_seq(self, year: int) -> int:
        row = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM letters WHERE year = ? AND type = ?",
                              [year, NOTICE_TYPE]).fetchone()
        return int(row[0])

    def record_notice(self, unit: str, task_year: int, year: int, seq: int, doc_number: str, issued: str, file: str,
                      sha256: str) -> None:
        """Enter a 督办通知 in the 文号 register; call inside the transaction that took the number."""
        self.db.execute(
            "INSERT INTO letters (application_id, type, year, seq, doc_number, issued, file, sha256, created_at) "
            "VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)", [NOTICE_TYPE, year, seq, doc_number, issued, file, sha256, now_text()])
        self.audit.record("生成督办通知", "tasks", task_year, None, {"unit": unit, "doc_number": doc_number, "file": file})

    def notices(self, year: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM letters WHERE type = ?"
        args: list[Any] = [NOTICE_TYPE]
        if year is not None:
            sql += " AND year = ?"
            args.append(year)
        return [dict(r) for r in self.db.query(sql + " ORDER BY year, seq", args)]

    # --- recurring requirements --------------------------------------------------------------------------
    def occurrence_reminders(self, year: int, today: date, ahead_days: int = 15,
                             behind_days: int = 31) -> list[dict[str, Any]]:
        """Dated occurrences of recurring requirements (每季度, 每月, 每年9月 …) falling from `behind_days` ago to
        `ahead_days` ahead, with the units that have not reported within the occurrence's period."""
        lo, hi = today.toordinal() - behind_days, today.toordinal() + ahead_days
        tasks = [t for t in self.db.query(
            "SELECT id, code, title, recurring, (SELECT max(day) FROM task_updates u WHERE u.task_id = t.id) AS last "
            "FROM tasks t WHERE year = ? AND recurring != '[]' "
            "AND NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = t.id)", [year])]
        units: dict[int, list[tuple[str, str]]] = {}  # task → (unit, last report day) of units still to report
        for task_id, unit, last in self.db.execute(
                "SELECT tu.task_id, tu.unit, (SELECT max(day) FROM task_unit_reports r WHERE r.task_unit_id = tu.id) "
                "FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.year = ? AND t.recurring != '[]' "
                "AND tu.closed_on IS NULL AND tu.state != '不适用' ORDER BY tu.role = '牵头' DESC, tu.id", [year]):
            units.setdefault(task_id, []).append((unit, last or ""))
        named = {task_id for (task_id,) in self.db.execute(
            "SELECT DISTINCT tu.task_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.year = ?", [year])}
        out = []
        for t in tasks:
            for due, rule in occurrences(json.loads(t["recurring"]), year):
                if not lo <= due.toordinal() <= hi:
                    continue
                start = period_start(rule, due).isoformat()
                if t["id"] in named:
                    pending = [u for u, last in units.get(t["id"], []) if last < start]
                else:
                    pending = [] if (t["last"] or "") >= start else ["（本机关）"]
                if pending:
                    out.append({"due": due.isoformat(), "rule": rule, "task_id": t["id"], "code": t["code"],
                                "title": t["title"], "units": pending, "late": due < today})
        order = self._document_order(year)
        return sorted(out, key=lambda r: (r["due"], order.get(r["task_id"], 0)))

    # --- the plan's metadata -----------------------------------------------------------------------------
    def save_plan(self, year: int, title: str = "", issuer: str = "", doc_number: str = "",
                  plan_date: date | None = None, source_doc: str = "") -> None:
        self.db.execute(
            "INSERT INTO workplans (year, title, issuer, doc_number, plan_date, source_doc, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(year) DO UPDATE SET title = coalesce(nullif(excluded.title, ''), "
            "title), issuer = coalesce(nullif(excluded.issuer, ''), issuer), doc_number = "
            "coalesce(nullif(excluded.doc_number, ''), doc_number), plan_date = coalesce(excluded.plan_date, plan_date), "
            "source_doc = excluded.source_doc, updated_at = excluded.updated_at",
            [year, title, issuer, doc_number, plan_date.isoformat() if plan_date else None, source_doc, now_text()])

    def plan(self, year: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM workplans WHERE year = ?", [year]))
        return rows[0] if rows else None

    def set_plan_date(self, year: int, plan_date: date) -> None:
        with self.db.atomic():
            old = self.plan(year)
            self.save_plan(year, plan_date=plan_date, source_doc=(old or {}).get("source_doc") or "")
            self.audit.record("修改工作要点印发日期", "tasks", year, {"plan_date": (old or {}).get("plan_date")},
                              {"plan_date": plan_date.isoformat()})

    def mark_own_draft(self, year: int, day: date) -> None:
        self.db.execute("UPDATE workplans SET own_draft_on = ? WHERE year = ?", [day.isoformat(), year])
