"""Working-day calendar data in the ledger: official arrangements per year and hand-edited days.

Official days are stored under the year of the notice that sets them (`calendar_days.year`; the 2019 notice's
2018-12-31 is stored under 2019) with that notice in `reason` (the day's source: a supplementary notice for the
days it changed). Rows written before sources were kept have no `reason`; they fall back to the year's main
notice, and bundled years get theirs filled in when the shipped data are seeded again.
"""

from __future__ import annotations

import json
from datetime import date

from sqlite_utils import Database

from ..core.errors import DomainError
from ..core.workdays import DayOverride, HolidayPeriod, MergePlan, WorkCalendar, YearArrangement
from .audit import AuditLog, now_text


class CalendarRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    def years(self) -> list[dict]:
        return [dict(r) for r in self.db.query("SELECT year, source, origin, loaded_at FROM calendar_years ORDER BY year")]

    def has_year(self, year: int) -> bool:
        return self.db.execute("SELECT 1 FROM calendar_years WHERE year = ?", [year]).fetchone() is not None

    def arrangement(self, year: int) -> YearArrangement | None:
        row = self.db.execute("SELECT source, holidays FROM calendar_years WHERE year = ?", [year]).fetchone()
        if row is None:
            return None
        days = self.db.execute(
            "SELECT day, is_workday, reason FROM calendar_days WHERE kind = 'official' AND year = ?", [year]
        ).fetchall()
        main = row[0].split("；")[0]
        return YearArrangement(
            year=year,
            rest_days=frozenset(date.fromisoformat(d) for d, w, _ in days if not w),
            workdays=frozenset(date.fromisoformat(d) for d, w, _ in days if w),
            holidays=tuple(
                HolidayPeriod(h["name"], date.fromisoformat(h["start"]), date.fromisoformat(h["end"]))
                for h in json.loads(row[1])
            ),
            source=row[0],
            day_sources={date.fromisoformat(d): r or main for d, _, r in days},
        )

    def overrides(self) -> list[DayOverride]:
        return [
            DayOverride(date.fromisoformat(d), bool(w), r or "")
            for d, w, r in self.db.execute(
                "SELECT day, is_workday, reason FROM calendar_days WHERE kind = 'manual' ORDER BY day"
            ).fetchall()
        ]

    def load(self) -> WorkCalendar:
        years = [r[0] for r in self.db.execute("SELECT year FROM calendar_years").fetchall()]
        arrangements = [a for a in (self.arrangement(y) for y in years) if a is not None]
        return WorkCalendar.from_arrangements(arrangements, self.overrides())

    def save_arrangement(self, arr: YearArrangement, origin: str) -> None:
        """Replace one year's official data (call inside a transaction that also re-dates)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM calendar_days WHERE kind = 'official' AND year = ?", [arr.year])
            self._write(arr, origin, self.arrangement(arr.year))

    def apply_merge(self, plan: MergePlan, origin: str) -> None:
        """Store the arrangements a notice import produced (workdays.plan_merge); a day that moves to the
        importing notice's year is deleted from its old year first."""
        with self.db.atomic():
            before = {a.year: self.arrangement(a.year) for a in plan.arrangements}
            for arr in plan.arrangements:
                self.db.execute("DELETE FROM calendar_days WHERE kind = 'official' AND year = ?", [arr.year])
            for arr in plan.arrangements:
                row = self.db.execute("SELECT origin FROM calendar_years WHERE year = ?", [arr.year]).fetchone()
                self._write(arr, origin if arr.year == plan.year or row is None else row[0], before[arr.year])

    def _write(self, arr: YearArrangement, origin: str, before: YearArrangement | None) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO calendar_years (year, source, origin, holidays, loaded_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(year) DO UPDATE SET source = excluded.source, origin = excluded.origin, "
                "holidays = excluded.holidays, loaded_at = excluded.loaded_at",
                [arr.year, arr.source, origin, json.dumps(arr.to_json()["holidays"], ensure_ascii=False), now_text()],
            )
            rows = [(d.isoformat(), 0, arr.year, arr.source_of(d)) for d in arr.rest_days]
            rows += [(d.isoformat(), 1, arr.year, arr.source_of(d)) for d in arr.workdays]
            self.db.conn.executemany(
                "INSERT INTO calendar_days (day, kind, is_workday, year, reason) VALUES (?, 'official', ?, ?, ?)", rows
            )
            self.audit.record(
                "导入节假日安排" if before else "载入节假日安排",
                "calendar_year",
                arr.year,
                before.to_json() if before else None,
                arr.to_json(),
                note=arr.source,
            )

    def seed(self, arrangements: list[YearArrangement]) -> list[int]:
        """Load shipped years that the ledger does not have yet; returns the years added."""
        added = []
        with self.db.atomic():
            for arr in arrangements:
                if not self.has_year(arr.year):
                    self.save_arrangement(arr, "bundled")
                    added.append(arr.year)
                else:  # a ledger seeded before day sources were kept: fill them in for the shipped days
                    self.db.conn.executemany(
                        "UPDATE calendar_days SET reason = ? WHERE kind = 'official' AND day = ? AND year = ? "
                        "AND reason IS NULL AND ? = (SELECT origin FROM calendar_years WHERE year = ?)",
                        [(arr.source_of(d), d.isoformat(), arr.year, "bundled", arr.year)
                         for d in arr.rest_days | arr.workdays],
                    )
        return added

    def set_override(self, day: date, is_workday: bool, reason: str) -> None:
        if not reason.strip():
            raise DomainError("手工修改日历须填写原因。")
        with self.db.atomic():
            before = self.db.execute(
                "SELECT is_workday, reason FROM calendar_days WHERE kind = 'manual' AND day = ?", [day.isoformat()]
            ).fetchone()
            self.db.execute(
                "INSERT INTO calendar_days (day, kind, is_workday, year, reason) VALUES (?, 'manual', ?, ?, ?) "
                "ON CONFLICT(day, kind) DO UPDATE SET is_workday = excluded.is_workday, reason = excluded.reason",
                [day.isoformat(), int(is_workday), day.year, reason.strip()],
            )
            self.audit.record(
                "手工修改日历",
                "calendar_day",
                day.isoformat(),
                {"is_workday": bool(before[0]), "reason": before[1]} if before else None,
                {"is_workday": is_workday, "reason": reason.strip()},
            )

    def clear_override(self, day: date) -> None:
        with self.db.atomic():
            before = self.db.execute(
                "SELECT is_workday, reason FROM calendar_days WHERE kind = 'manual' AND day = ?", [day.isoformat()]
            ).fetchone()
            if before is None:
                return
            self.db.execute("DELETE FROM calendar_days WHERE kind = 'manual' AND day = ?", [day.isoformat()])
            self.audit.record(
                "撤销手工修改", "calendar_day", day.isoformat(), {"is_workday": bool(before[0]), "reason": before[1]}
            )

