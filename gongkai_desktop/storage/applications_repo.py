"""依申请公开 applications, their applicants and their immutable events.

The due date stored on an application is a cache of the clock (core.clock) used for sorting and filtering;
it is rewritten whenever the events or the calendar change, and every move is recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from ..core.applications import OUTCOME_BY_CODE
from ..core.clock import ClockResult, ClockRules, Event, EventKind, compute_clock
from ..core.workdays import WorkCalendar
from .audit import AuditLog, now_text

APPLICANT_FIELDS = (
    "kind", "category", "name", "id_type", "id_number", "credit_code", "legal_rep", "contact", "phone",
    "address", "postcode", "email",
)
APPLICATION_FIELDS = (
    "no", "year", "applicant_id", "channel", "received", "content_title", "doc_number", "description",
    "form_required", "delivery", "department", "handler", "notes",
)


@dataclass(frozen=True)
class DueChange:
    """A due date moved by a calendar change (None: the clock is paused, no due date)."""

    no: str
    old: str | None
    new: str | None

    def text(self) -> str:
        return f"{self.no}：{self.old or '暂停中'} → {self.new or '暂停中'}"


def event_from_row(row: dict[str, Any]) -> Event:
    def d(key: str) -> date | None:
        return date.fromisoformat(row[key]) if row.get(key) else None

    return Event(
        kind=EventKind(row["kind"]),
        day=date.fromisoformat(row["day"]),
        days=row.get("days"),
        ref=row.get("ref"),
        until=d("until"),
        received_by_party=d("received_by_party"),
    )


def event_to_row(ev: Event) -> dict[str, Any]:
    return {
        "kind": ev.kind.value,
        "day": ev.day.isoformat(),
        "days": ev.days,
        "ref": ev.ref,
        "until": ev.until.isoformat() if ev.until else None,
        "received_by_party": ev.received_by_party.isoformat() if ev.received_by_party else None,
    }


def _cache_fields(result: ClockResult) -> dict[str, Any]:
    if result.closed_on is not None:
        state = "closed"
    elif result.due is None:
        state = "paused"
    else:
        state = "open"
    return {
        "due": result.due.isoformat() if result.due else None,
        "state": state,
        "provisional": int(result.provisional),
        "late_reply": int(result.late_reply),
        "closed_on": result.closed_on.isoformat() if result.closed_on else None,
    }


class ApplicationsRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit
        self.rules = ClockRules()

    # --- applicants ----------------------------------------------------------------------
    def insert_applicant(self, data: dict[str, Any]) -> int:
        row = {k: data.get(k) for k in APPLICANT_FIELDS}
        row["created_at"] = now_text()
        cur = self.db.execute(
            f"INSERT INTO applicants ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
        )
        return int(cur.lastrowid)

    # --- reading -------------------------------------------------------------------------------------
    def get(self, no: str) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "SELECT a.*, p.name AS applicant, p.category, p.kind AS applicant_kind, p.phone, p.id_number, "
                "p.credit_code FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE a.no = ?",
                [no],
            )
        )
        return rows[0] if rows else None

    def events(self, application_id: int) -> list[Event]:
        return [
            event_from_row(r)
            for r in self.db.query(
                "SELECT * FROM application_events WHERE application_id = ? AND voided_at IS NULL ORDER BY day, id",
                [application_id],
            )
        ]

    def clock(self, app: dict[str, Any], calendar: WorkCalendar, today: date | None) -> ClockResult:
        return compute_clock(date.fromisoformat(app["received"]), self.events(app["id"]), calendar, today, self.rules)

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM applications").fetchone()[0]

    def year_counts(self, year: int) -> dict[str, int]:
        """What the ledger holds for one year: received in it, closed in it, open at its end."""
        start, end = f"{year}-01-01", f"{year}-12-31"
        row = self.db.execute(
            """SELECT
                sum(received BETWEEN :s AND :e),
                sum(received < :s AND (closed_on IS NULL OR closed_on >= :s)),
                sum(closed_on BETWEEN :s AND :e),
                sum(received <= :e AND (closed_on IS NULL OR closed_on > :e))
            FROM applications""",
            {"s": start, "e": end},
        ).fetchone()
        keys = ("received", "carried_in", "closed", "carried_out")
        return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}

    def years(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT year FROM applications ORDER BY year DESC").fetchall()]

    def page(self, limit: int = 200, offset: int = 0, order: str = "received DESC") -> list[dict[str, Any]]:
        allowed = {"received DESC", "received", "due", "due DESC", "no", "no DESC"}
        if order not in allowed:
            raise ValueError(order)
        return [
            dict(r)
            for r in self.db.query(
                "SELECT a.id, a.no, a.received, p.name AS applicant, p.category, a.channel, a.content_title, "
                "a.handler, a.state, a.due, a.closed_on, a.outcome, a.provisional "
                f"FROM applications a JOIN applicants p ON p.id = a.applicant_id ORDER BY a.{order}, "
                f"a.id{' DESC' if order.endswith('DESC') else ''} "
                "LIMIT ? OFFSET ?",
                [limit, offset],
            )
        ]

    def due_items(self, until: date, limit: int = 100) -> list[dict[str, Any]]:
        """Open applications whose due date is on or before `until` (overdue first)."""
        return [
            dict(r)
            for r in self.db.query(
                "SELECT a.no, a.received, a.due, a.content_title, p.name AS applicant, a.provisional "
                "FROM applications a JOIN applicants p ON p.id = a.applicant_id "
                "WHERE a.state = 'open' AND a.due <= ? ORDER BY a.due, a.no LIMIT ?",
                [until.isoformat(), limit],
            )
        ]

    def paused(self, limit: int = 500) -> list[dict[str, Any]]:
        """Applications whose clock is stopped (awaiting 补正, a consultation answer or a fee)."""
        return [
            dict(r)
            for r in self.db.query(
                "SELECT a.*, p.name AS applicant FROM applications a JOIN applicants p ON p.id = a.applicant_id "
                "WHERE a.state = 'paused' ORDER BY a.received LIMIT ?",
                [limit],
            )
        ]

    def summary(self, today: date, soon_until: date) -> dict[str, int]:
        q = self.db.execute(
            """SELECT
                count(*),
                sum(state = 'open'),
                sum(state = 'paused'),
                sum(state = 'open' AND due < :today),
                sum(state = 'open' AND due >= :today AND due <= :soon),
                sum(received >= :year_start AND received <= :today),
                sum(closed_on >= :year_start AND closed_on <= :today),
                sum(received >= :month_start AND received <= :today),
                sum(late_reply)
            FROM applications""",
            {
                "today": today.isoformat(),
                "soon": soon_until.isoformat(),
                "year_start": date(today.year, 1, 1).isoformat(),
                "month_start": today.replace(day=1).isoformat(),
            },
        ).fetchone()
        keys = ("total", "open", "paused", "overdue", "due_soon", "received_this_year", "closed_this_year",
                "received_this_month", "late_replies")
        return {k: int(v or 0) for k, v in zip(keys, q, strict=False)}

    def provisional_open_count(self) -> int:
        return self.db.execute(
            "SELECT count(*) FROM applications WHERE state != 'closed' AND provisional = 1"
        ).fetchone()[0]

    def outcomes_in_year(self, year: int) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT outcome, count(*) FROM applications WHERE closed_on >= ? AND closed_on <= ? AND outcome IS NOT NULL "
            "GROUP BY outcome",
            [f"{year}-01-01", f"{year}-12-31"],
        ).fetchall()
        return {code: n for code, n in rows}

    # --- writing -------------------------------------------------------------------------------------
    def create(
        self,
        applicant: dict[str, Any],
        application: dict[str, Any],
        events: Iterable[Event],
        calendar: WorkCalendar,
        today: date | None,
        outcome: str | None = None,
    ) -> int:
        """Insert applicant (or reuse `applicant['id']`), application and events in one transaction."""
        events = list(events)
        received = date.fromisoformat(application["received"])
        result = compute_clock(received, events, calendar, today, self.rules)  # raises ClockError first
        if outcome is not None and outcome not in OUTCOME_BY_CODE:
            raise ValueError(f"未知的办理结果代码：{outcome}")
        with self.db.atomic():
            applicant_id = applicant.get("id") or self.insert_applicant(applicant)
            row = {k: application.get(k) for k in APPLICATION_FIELDS}
            row["applicant_id"] = applicant_id
            row["year"] = row["year"] or received.year
            row.update(_cache_fields(result))
            row["outcome"] = outcome
            row["outcome_basis"] = OUTCOME_BY_CODE[outcome].basis if outcome else None
            row["created_at"] = row["updated_at"] = now_text()
            cur = self.db.execute(
                f"INSERT INTO applications ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
            app_id = int(cur.lastrowid)
            stamp = now_text()
            self.db.conn.executemany(
                "INSERT INTO application_events (application_id, kind, day, days, ref, until, received_by_party, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (app_id, r["kind"], r["day"], r["days"], r["ref"], r["until"], r["received_by_party"], stamp)
                    for r in map(event_to_row, events)
                ],
            )
            self.audit.record("登记", "application", row["no"], None, {"received": row["received"]})
        return app_id

    def redate_open(self, calendar: WorkCalendar, today: date | None) -> list[DueChange]:
        """Recompute the clock of every application not closed; record and return the moved due dates."""
        changes: list[DueChange] = []
        with self.db.atomic():
            apps = list(self.db.query("SELECT id, no, received, due FROM applications WHERE state != 'closed'"))
            events_by_app: dict[int, list[Event]] = {}
            for r in self.db.query(
                "SELECT e.* FROM application_events e JOIN applications a ON a.id = e.application_id "
                "WHERE a.state != 'closed' AND e.voided_at IS NULL ORDER BY e.day, e.id"
            ):
                events_by_app.setdefault(r["application_id"], []).append(event_from_row(r))
            for app in apps:
                result = compute_clock(
                    date.fromisoformat(app["received"]), events_by_app.get(app["id"], []), calendar, None, self.rules
                )
                fields = _cache_fields(result)
                if fields["due"] != app["due"]:
                    changes.append(DueChange(app["no"], app["due"], fields["due"]))
                    self.audit.record("日历变更重算期限", "application", app["no"], app["due"], fields["due"])
                self.db.execute(
                    "UPDATE applications SET due = ?, state = ?, provisional = ? WHERE id = ?",
                    [fields["due"], fields["state"], fields["provisional"], app["id"]],
                )
        return changes
