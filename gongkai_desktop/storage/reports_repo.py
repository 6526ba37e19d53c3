"""Annual-report data kept in the ledger: the records the tables are counted from, the officer's own inputs
per year (表二, the narrative sections, previous-year figures for years before the ledger), and finalised
snapshots (a locked year stays reproducible; unlocking is explicit and audited)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from ..core.annual_report import (
    COLUMNS,
    OUTCOME_KEYS,
    ROW_KEYS,
    AppRecord,
    FeeFigures,
    ReviewRecord,
    Section3,
)
from ..core.applications import CATEGORIES
from ..core.errors import DomainError
from .audit import AuditLog, now_text


class ReportsRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    # --- what the tables are counted from ----------------------------------------------------------
    def app_records(self, year: int) -> Iterator[AppRecord]:
        """Applications that can appear in the year's 表三: received by its end, not closed before it."""
        # two index searches (closed from the year on; still open) instead of one scan over every earlier receipt
        columns = "a.no, a.category, a.received, a.closed_on, a.outcome, a.late_reply"
        join = "FROM applications a"
        for no, category, received, closed_on, outcome, late in self.db.execute(
            f"SELECT {columns} {join} WHERE a.closed_on >= ? AND a.received <= ? AND a.voided_at IS NULL UNION ALL "
            f"SELECT {columns} {join} WHERE a.state != 'closed' AND a.closed_on IS NULL AND a.received <= ? "
            "AND a.voided_at IS NULL",
            [f"{year}-01-01", f"{year}-12-31", f"{year}-12-31"],
        ):
            yield AppRecord(no, category, received, closed_on, outcome, bool(late))

    def app_records_period(self, start: str, end: str) -> Iterator[AppRecord]:
        """Applications that can appear in the 表三 of [start, end]."""
        for no, category, received, closed_on, outcome, late in self.db.execute(
            "SELECT no, category, received, closed_on, outcome, late_reply FROM applications "
            "WHERE received <= ? AND (closed_on IS NULL OR closed_on >= ?) AND voided_at IS NULL", [end, start]):
            yield AppRecord(no, category, received, closed_on, outcome, bool(late))

    def section3(self, year: int) -> Section3:
        """表三 counted in SQL from the covering indexes (m007); compute_section3 over app_records() is the
        reference implementation it is tested against, and what the drill-down uses."""
        return self.section3_period(f"{year}-01-01", f"{year}-12-31")

    def section3_period(self, start: str, end: str) -> Section3:
        """表三 of any date range [start, end] (a quarter, a month), by the year's rules."""
        year = int(end[:4])
        values = {k: [0] * len(COLUMNS) for k in ROW_KEYS}
        category = ("CASE WHEN category IN (" + ", ".join(f"'{c}'" for c in CATEGORIES) + ") "
                    "THEN category ELSE '其他' END")
        codes = "(" + ", ".join(f"'{k}'" for k in OUTCOME_KEYS) + ")"
        outcome = f"CASE WHEN outcome IN {codes} THEN outcome ELSE '6.3' END"
        queries = (
            (f"SELECT {category}, 'received', count(*) FROM applications WHERE voided_at IS NULL AND received BETWEEN ? AND ? GROUP BY 1",
             [start, end]),
            (f"SELECT {category}, 'carried_in', count(*) FROM applications WHERE voided_at IS NULL AND received < ? "
             "AND (closed_on IS NULL OR closed_on >= ?) GROUP BY 1", [start, start]),
            (f"SELECT {category}, {outcome}, count(*) FROM applications WHERE voided_at IS NULL AND closed_on BETWEEN ? AND ? GROUP BY 1, 2",
             [start, end]),
            (f"SELECT {category}, 'carried_out', count(*) FROM applications WHERE voided_at IS NULL AND received <= ? "
             "AND (closed_on IS NULL OR closed_on > ?) GROUP BY 1", [end, end]),
        )
        for sql, args in queries:
            for cat, key, n in self.db.execute(sql, args).fetchall():
                col = CATEGORIES.index(cat)
                values[key][col] += n
                values[key][-1] += n
                if key in OUTCOME_KEYS:
                    values["total"][col] += n
                    values["total"][-1] += n
        unclassified = [r[0] for r in self.db.execute(
            f"SELECT no FROM applications WHERE voided_at IS NULL AND closed_on BETWEEN ? AND ? AND (outcome IS NULL OR outcome NOT IN {codes})"
            " ORDER BY no", [start, end]).fetchall()]
        whole = start == f"{year}-01-01" and end == f"{year}-12-31"
        return Section3(year, values, {}, unclassified, None if whole else (start, end))

    def late_replies(self, year: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM applications WHERE voided_at IS NULL AND closed_on BETWEEN ? AND ? AND late_reply = 1",
                                   [f"{year}-01-01", f"{year}-12-31"]).fetchone()[0])

    def review_records(self) -> list[ReviewRecord]:
        return [ReviewRecord(k, f, d, r) for k, f, d, r in
                self.db.execute("SELECT kind, filed, decided, result FROM reviews").fetchall()]

    def fee_figures(self, year: int) -> FeeFigures:
        start, end = f"{year}-01-01", f"{year}-12-31"
        notices, amount = self.db.execute(
            "SELECT count(*), coalesce(sum(a.fee_amount), 0) FROM application_events e "
            "JOIN applications a ON a.id = e.application_id "
            "WHERE e.kind = 'fee-notice' AND e.voided_at IS NULL AND e.day BETWEEN ? AND ?", [start, end]).fetchone()
        collected = self.db.execute(
            "SELECT coalesce(sum(a.fee_paid_amount), 0) FROM application_events e "
            "JOIN applications a ON a.id = e.application_id "
            "WHERE e.kind = 'fee-paid' AND e.voided_at IS NULL AND e.day BETWEEN ? AND ?", [start, end]).fetchone()[0]
        return FeeFigures(int(notices), int(amount), int(collected))

    def first_year(self) -> int | None:
        row = self.db.execute("SELECT min(substr(received, 1, 4)) FROM applications").fetchone()
        return int(row[0]) if row and row[0] else None

    # --- the officer's inputs per year -----------------------------------------------------------------
    def get_input(self, year: int, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM report_inputs WHERE year = ? AND key = ?", [year, key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_input(self, year: int, key: str, value: Any) -> None:
        with self.db.atomic():
            before = self.get_input(year, key)
            if before == value:
                return
            self.db.execute(
                "INSERT INTO report_inputs (year, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT(year, key) DO UPDATE SET value = excluded.value",
                [year, key, json.dumps(value, ensure_ascii=False)])
            self.audit.record("修改年报内容", "report", f"{year}.{key}", before, value)

    # --- finalised snapshots ---------------------------------------------------------------------------
    def locked_years(self) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT year FROM report_snapshots WHERE locked = 1 ORDER BY year").fetchall()]

    def locked_snapshot(self, year: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT id, created_at, data FROM report_snapshots WHERE year = ? AND locked = 1 "
                              "ORDER BY id DESC LIMIT 1", [year]).fetchone()
        if not row:
            return None
        return {"id": row[0], "created_at": row[1], "data": json.loads(row[2])}

    def finalise(self, year: int, data: dict[str, Any]) -> None:
        with self.db.atomic():
            if self.locked_snapshot(year):
                raise DomainError(f"{year}年度报告已定稿。")
            self.db.execute("INSERT INTO report_snapshots (year, created_at, locked, data) VALUES (?, ?, 1, ?)",
                            [year, now_text(), json.dumps(data, ensure_ascii=False)])
            self.audit.record("年报定稿", "report", year, None, {"section3": data.get("section3")})

    def unlock(self, year: int, reason: str) -> None:
        if not reason.strip():
            raise DomainError("解除定稿须说明原因。")
        with self.db.atomic():
            snap = self.locked_snapshot(year)
            if snap is None:
                raise DomainError(f"{year}年度报告尚未定稿。")
            self.db.execute("UPDATE report_snapshots SET locked = 0 WHERE id = ?", [snap["id"]])
            self.audit.record("解除年报定稿", "report", year, {"snapshot": snap["id"]}, None, note=reason.strip())
