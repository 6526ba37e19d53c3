"""依申请公开 applications, their applicants and their immutable events.

The due date stored on an application is a cache of the clock (core.clock) used for sorting and filtering;
it is rewritten whenever the events or the calendar change, and every move is recorded in the audit log.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from ..core.applications import (
    BASIS_CHOICES,
    CLOSING_OUTCOMES,
    NATURAL_PERSON,
    ORG_CATEGORIES,
    OUTCOME_BY_CODE,
    validate_credit_code,
    validate_resident_id,
)
from ..core.clock import CLOSING_KINDS, ClockError, ClockResult, ClockRules, Event, EventKind, compute_clock
from ..core.delivery import Delivery, Timeliness, judge_clock, merged_deliveries
from ..core.errors import DomainError
from ..core.fees import Fee
from ..core.letters import LETTER_TYPES
from ..core.organisation import OrgProfile
from ..core.registration import normalise_applicant, validate_applicant, validate_application
from ..core.steps import CLOCK_SLUGS, STEP_BY_SLUG, StepRow
from ..core.workdays import WorkCalendar
from .audit import AuditLog, now_text
from .schema import bigrams


class RegistrationError(DomainError):
    """Invalid registration input: `errors` maps each field to a Chinese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


class ActionError(DomainError):
    """A workflow action that cannot be recorded; str(e) is a Chinese message."""

APPLICANT_FIELDS = (
    "kind", "category", "name", "id_type", "id_number", "credit_code", "legal_rep", "contact", "phone",
    "address", "postcode", "email",
)
APPLICATION_FIELDS = (
    "no", "year", "seq", "applicant_id", "channel", "received", "content_title", "doc_number", "description",
    "form_required", "delivery", "department", "handler", "notes", "fee_method", "fee_units", "fee_amount",
    "fee_paid_amount",
)

# what 修改登记信息 may change → its label (the number, applicant identity and the trail are not edited here)
EDITABLE_FIELDS = {
    "name": "申请人姓名", "channel": "申请方式", "received": "收到日期", "content_title": "所需信息名称",
    "doc_number": "文号", "description": "特征描述", "form_required": "形式要求", "delivery": "获取方式",
    "department": "承办科室", "handler": "承办人", "notes": "备注",
    "category": "申请人类别",  # the applicant's 表三 column (法人或其他组织 only); all its applications move
    "id_number": "证件号码",  # the applicant's ID number or credit code, e.g. supplied with a 补正 (issue 28)
}

NAME_CONFLICT = ("证件号码与已登记的申请人“{known}”相同，但姓名填写为“{typed}”。请确认是同一人已更名，"
                 "还是姓名输入有误（命令行：--name-change rename 或 known）。")


@dataclass(frozen=True)
class DueChange:
    """A due date moved by a calendar change (None: the clock is paused, no due date)."""

    no: str
    old: str | None
    new: str | None

    def text(self) -> str:
        return f"{self.no}：{self.old or '暂停中'} → {self.new or '暂停中'}"


_CLOCK_KINDS_SQL = "(" + ", ".join(f"'{k}'" for k in sorted(CLOCK_SLUGS)) + ")"  # slugs are fixed ASCII words
_REPLY_SLUGS = [t.slug for t in LETTER_TYPES if t.needs_event is EventKind.REPLIED]
# replies (from a date on) with no 送达 of a reply letter; a reply whose letter is not made yet counts too
_AWAITING_WHERE = (  # a reply since ? whose reply letter has no 送达 (m016's partial index holds the 送达 rows)
    "WHERE e.kind = 'replied' AND e.voided_at IS NULL AND e.day >= ? AND a.state = 'closed' AND a.voided_at IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM application_events d JOIN letters l ON l.application_id = d.application_id "
    "AND l.doc_number = json_extract(d.data, '$.letter') "
    "WHERE d.application_id = a.id AND d.kind = 'deliver' AND d.voided_at IS NULL "
    f"AND l.type IN ({', '.join('?' for _ in _REPLY_SLUGS)}))"
)
_AWAITING_SQL = (
    "SELECT a.id AS app_id, a.no, a.received, a.due, a.outcome, a.content_title, e.day AS replied, "
    "p.name AS applicant "
    "FROM application_events e JOIN applications a ON a.id = e.application_id "
    "JOIN applicants p ON p.id = a.applicant_id " + _AWAITING_WHERE
)
_AWAITING_COUNT_SQL = (  # the count needs no applicant names
    "SELECT count(*) FROM application_events e JOIN applications a ON a.id = e.application_id " + _AWAITING_WHERE
)


def step_from_row(row: dict[str, Any]) -> StepRow:
    """A stored step (clock event or case step) as the step rules see it."""
    data = json.loads(row.get("data") or "{}")
    for key in ("days", "ref", "until", "received_by_party", "approver", "note"):
        if row.get(key) is not None:
            data.setdefault(key, row[key])
    return StepRow(id=row["id"], slug=row["kind"], day=date.fromisoformat(row["day"]), signer=row.get("signer") or "",
                   result=row.get("result") or "", opinion=row.get("opinion") or "", data=data)


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


_NOT_AUDITED = ("created_at", "updated_at", "category")  # what `create` leaves out of the 登记 audit row


@dataclass
class NewApplication:
    """One application for `ApplicationsRepo.create_many`: the applicant (`{"id": …}` or its fields), the
    application's fields (APPLICATION_FIELDS; `no` empty → numbered with `number_format(year, seq)`), events."""

    applicant: dict[str, Any]
    application: dict[str, Any]
    events: list[Event]
    outcome: str | None
    number_format: Callable[[int, int], str]


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
        assert cur.lastrowid is not None  # set by every successful INSERT
        return int(cur.lastrowid)

    # --- reading -------------------------------------------------------------------------------------
    def get(self, no: str) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "SELECT a.*, p.name AS applicant, p.category, p.kind AS applicant_kind, p.id_type, p.id_number, "
                "p.credit_code, p.phone, p.address, p.postcode, p.email, p.legal_rep, p.contact "
                "FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE a.no = ?",
                [no],
            )
        )
        return rows[0] if rows else None

    def events(self, application_id: int) -> list[Event]:
        """The clock events of an application (case steps such as 交办 or 送达 are left out)."""
        return [
            event_from_row(r)
            for r in self.db.query(
                "SELECT * FROM application_events WHERE application_id = ? AND voided_at IS NULL "
                f"AND kind IN {_CLOCK_KINDS_SQL} ORDER BY day, id",
                [application_id],
            )
        ]

    def step_rows(self, application_id: int) -> list[StepRow]:
        """Every recorded step of an application (clock events and case steps), in recording order."""
        return [step_from_row(r) for r in self.db.query(
            "SELECT * FROM application_events WHERE application_id = ? AND voided_at IS NULL ORDER BY id",
            [application_id])]

    def clock(self, app: dict[str, Any], calendar: WorkCalendar, today: date | None,
              events: list[Event] | None = None) -> ClockResult:
        """The application's clock; a reply is judged on its legal 送达 time point (core.delivery). `events`:
        its clock events when the caller read them already (events_of_apps), else they are read here."""
        result = compute_clock(date.fromisoformat(app["received"]), self.events(app["id"]) if events is None else events,
                               calendar, today, self.rules, lenient=True)  # stored: later rules warn, not refuse
        return self.judge_reply(app["id"], result, calendar)[0]

    def events_of_apps(self, condition: str) -> dict[int, list[Event]]:
        """The clock events of every application matching `condition` (SQL on `a`, a fixed string), by id, each
        list in the order events() gives: one query instead of one per application."""
        events_by_app: dict[int, list[Event]] = {}
        for r in self.db.query(
            "SELECT e.* FROM application_events e JOIN applications a ON a.id = e.application_id "
            f"WHERE {condition} AND e.voided_at IS NULL AND e.kind IN {_CLOCK_KINDS_SQL} ORDER BY e.day, e.id"
        ):
            events_by_app.setdefault(r["application_id"], []).append(event_from_row(r))
        return events_by_app

    # --- 送达 (core.delivery) ---------------------------------------------------------------------------
    def deliveries(self, application_id: int) -> list[Delivery]:
        """The recorded 送达 of an application (voided ones left out), in recording order, each with the
        妥投/签收 date recorded later (补记妥投) when there is one."""
        return merged_deliveries(step_from_row(r) for r in self.db.query(
            "SELECT * FROM application_events WHERE application_id = ? AND kind IN ('deliver', 'delivered') "
            "AND voided_at IS NULL ORDER BY id", [application_id]))

    def reply_letter_numbers(self, application_id: int) -> set[str]:
        """文号 of the reply letters issued for an application (the letters whose 送达 times the reply)."""
        slugs = [t.slug for t in LETTER_TYPES if t.needs_event is EventKind.REPLIED]
        return {r[0] for r in self.db.execute(
            f"SELECT doc_number FROM letters WHERE application_id = ? AND type IN ({', '.join('?' for _ in slugs)})",
            [application_id, *slugs]).fetchall()}

    def judge_reply(self, application_id: int, result: ClockResult, calendar: WorkCalendar
                    ) -> tuple[ClockResult, Timeliness | None]:
        if result.closing_kind is not EventKind.REPLIED:
            return result, None
        return judge_clock(result, self.deliveries(application_id), self.reply_letter_numbers(application_id),
                           calendar)

    def refresh_late_reply(self, app: dict[str, Any], calendar: WorkCalendar) -> bool:
        """Rewrite the cached 超期 flag (read by the annual report and the list) from the legal time point;
        call inside the transaction that recorded or voided the 送达 or reply. Returns the flag."""
        result = self.clock(app, calendar, None)
        late = int(result.late_reply)
        old = self.db.execute("SELECT late_reply FROM applications WHERE id = ?", [app["id"]]).fetchone()[0]
        if old != late:
            self._update(app["id"], {"late_reply": late})
            self.audit.record("按送达日期判断是否超期", "application", app["no"], {"late_reply": old}, {"late_reply": late})
        return bool(late)

    def awaiting_delivery(self, since: date, limit: int = 100) -> list[dict[str, Any]]:
        """Applications answered on or after `since` whose reply letter has no recorded 送达 yet (已答复待送达),
        the longest waiting first, each with the 文号 of its latest reply letter (`letter`, None: not made yet)."""
        marks = ", ".join("?" for _ in _REPLY_SLUGS)
        return [dict(r) for r in self.db.query(
            f"SELECT w.*, (SELECT l.doc_number FROM letters l WHERE l.application_id = w.app_id "
            f"AND l.type IN ({marks}) ORDER BY l.id DESC LIMIT 1) AS letter "
            f"FROM ({_AWAITING_SQL} ORDER BY e.day, a.no LIMIT ?) w",
            [*_REPLY_SLUGS, since.isoformat(), *_REPLY_SLUGS, limit])]

    def recent_replies(self, outcomes: list[str], limit: int) -> list[dict[str, Any]]:
        """The latest replies with one of `outcomes`, newest first (for the demo's letters and 送达)."""
        marks = ", ".join("?" for _ in outcomes)
        return [dict(r) for r in self.db.query(
            "SELECT a.no, a.outcome, a.due, a.handler, p.name AS applicant, e.day AS replied "
            "FROM application_events e JOIN applications a ON a.id = e.application_id "
            "JOIN applicants p ON p.id = a.applicant_id "
            f"WHERE e.kind = 'replied' AND e.voided_at IS NULL AND a.voided_at IS NULL AND a.outcome IN ({marks}) "
            "ORDER BY e.day DESC, a.id DESC LIMIT ?", [*outcomes, limit])]

    def awaiting_delivery_count(self, since: date) -> int:
        return int(self.db.execute(_AWAITING_COUNT_SQL, [since.isoformat(), *_REPLY_SLUGS]).fetchone()[0])

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
            FROM applications WHERE voided_at IS NULL""",
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
                f"FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE a.voided_at IS NULL ORDER BY a.{order}, "
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
                "WHERE a.state = 'open' AND a.due <= ? AND a.voided_at IS NULL ORDER BY a.due, a.no LIMIT ?",
                [until.isoformat(), limit],
            )
        ]

    def paused(self, limit: int = 500) -> list[dict[str, Any]]:
        """Applications whose clock is stopped (awaiting 补正, a consultation answer or a fee)."""
        return [
            dict(r)
            for r in self.db.query(
                "SELECT a.*, p.name AS applicant FROM applications a JOIN applicants p ON p.id = a.applicant_id "
                "WHERE a.state = 'paused' AND a.voided_at IS NULL ORDER BY a.received LIMIT ?",
                [limit],
            )
        ]

    def paused_clocks(self, calendar: WorkCalendar, today: date, limit: int = 500) -> list[tuple[dict[str, Any], ClockResult]]:
        """Each paused application with its clock; `ClockResult.lapse_pending` marks a 补正 or payment window that
        has run out with no lapse recorded (the 工作台 and `gongkai apps list --lapsed` prompt for it)."""
        apps = self.paused(limit)
        events_by_app = self.events_of_apps("a.state = 'paused' AND a.voided_at IS NULL")  # issue 26: start-up
        out = []
        for app in apps:
            try:
                out.append((app, self.clock(app, calendar, today, events_by_app.get(app["id"], []))))
            except ClockError:
                continue
        return out

    def summary(self, today: date, soon_until: date) -> dict[str, int]:
        """The 工作台 counts, each one answered from an index alone (m016: `voided_at` ends the range indexes; a
        full scan costs ~100 ms at 100,000)."""
        t, soon = today.isoformat(), soon_until.isoformat()
        year_start, month_start = date(today.year, 1, 1).isoformat(), today.replace(day=1).isoformat()
        queries = {
            "open": ("SELECT count(*) FROM applications WHERE voided_at IS NULL AND state = 'open'", []),
            "paused": ("SELECT count(*) FROM applications WHERE voided_at IS NULL AND state = 'paused'", []),
            "overdue": ("SELECT count(*) FROM applications WHERE voided_at IS NULL AND state = 'open' AND due < ?", [t]),
            "due_soon": ("SELECT count(*) FROM applications WHERE voided_at IS NULL AND state = 'open' AND due >= ? AND due <= ?", [t, soon]),
            "received_this_year": ("SELECT count(*) FROM applications WHERE voided_at IS NULL AND received BETWEEN ? AND ?", [year_start, t]),
            "closed_this_year": ("SELECT count(*) FROM applications WHERE voided_at IS NULL AND closed_on BETWEEN ? AND ?", [year_start, t]),
            "received_this_month": ("SELECT count(*) FROM applications WHERE voided_at IS NULL AND received BETWEEN ? AND ?",
                                    [month_start, t]),
            "closed_this_month": ("SELECT count(*) FROM applications WHERE voided_at IS NULL AND closed_on BETWEEN ? AND ?", [month_start, t]),
        }
        return {"total": self.live_and_voided()[0],
                **{k: int(self.db.execute(sql, args).fetchone()[0]) for k, (sql, args) in queries.items()}}

    def live_and_voided(self) -> tuple[int, int]:
        """Applications counted (not voided) and voided: two index counts (the voided rows have their own small
        index, m016), not a scan of every row."""
        live, voided = self.db.execute(
            "SELECT (SELECT count(*) FROM applications) - v, v "
            "FROM (SELECT count(*) AS v FROM applications WHERE voided_at IS NOT NULL)").fetchone()
        return int(live), int(voided)

    def monthly_received(self, year: int) -> list[int]:
        """Applications received in each month of a year (12 counts)."""
        counts = dict(self.db.execute(
            "SELECT CAST(substr(received, 6, 2) AS INTEGER), count(*) FROM applications "
            "WHERE received >= ? AND received <= ? AND voided_at IS NULL GROUP BY 1", [f"{year}-01-01", f"{year}-12-31"]).fetchall())
        return [counts.get(m, 0) for m in range(1, 13)]

    def provisional_open_count(self) -> int:
        return self.db.execute(
            "SELECT count(*) FROM applications WHERE voided_at IS NULL AND state IN ('open', 'paused') AND provisional = 1"  # index on state
        ).fetchone()[0]

    def outcomes_in_year(self, year: int) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT outcome, count(*) FROM applications WHERE voided_at IS NULL AND closed_on >= ? AND closed_on <= ? AND outcome IS NOT NULL "
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
            raise DomainError(f"未知的办理结果代码：{outcome}")
        with self.db.atomic():
            applicant_id = applicant.get("id") or self.insert_applicant(applicant)
            row: dict[str, Any] = {k: application.get(k) for k in APPLICATION_FIELDS}
            row["applicant_id"] = applicant_id
            row["year"] = row["year"] or received.year
            row["seq"] = row["seq"] or self._next_seq(row["year"])
            row.update(_cache_fields(result))
            row["outcome"] = outcome
            row["outcome_basis"] = OUTCOME_BY_CODE[outcome].basis if outcome else None
            row["created_at"] = row["updated_at"] = now_text()
            cur = self.db.execute(
                f"INSERT INTO applications ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
            assert cur.lastrowid is not None  # set by every successful INSERT
            app_id = int(cur.lastrowid)
            name = applicant.get("name") or self.db.execute("SELECT name FROM applicants WHERE id = ?",
                                                            [applicant_id]).fetchone()[0]
            self.db.execute("INSERT INTO applications_bigrams (rowid, grams) VALUES (?, ?)",
                            [app_id, bigrams(row["no"], name, row["content_title"], row.get("doc_number"),
                                             row.get("description"))])
            stamp = now_text()
            self.db.conn.executemany(
                "INSERT INTO application_events (application_id, kind, day, days, ref, until, received_by_party, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (app_id, r["kind"], r["day"], r["days"], r["ref"], r["until"], r["received_by_party"], stamp)
                    for r in map(event_to_row, events)
                ],
            )
            person = ({k: v for k, v in applicant.items() if v not in (None, "")} if not applicant.get("id")
                      else {"id": applicant_id, "name": name})
            self.audit.record("登记", "application", row["no"], None, {  # the audit table, never the log file
                **{k: v for k, v in row.items() if k not in ("created_at", "updated_at") and v is not None},
                "applicant": person, "events": [event_to_row(e) for e in events]})
        return app_id

    def create_many(
        self,
        rows: list[NewApplication],
        calendar: WorkCalendar,
        today: date | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[tuple[int, str]]:
        """`create` for many applications at once (the spreadsheet import), in the caller's transaction.

        The same rows, events, full-text entries and one 登记 audit row per application as `create` gives one by
        one, written with a few `executemany` statements. An applicant without an id is matched like
        `find_applicant` (against the ledger and the applicants added earlier in the batch) or added. Numbers:
        `seq` is the year's next one for every row; a row without `no` gets the next free number from
        `number_format(year, seq)`. Returns (id, 申请编号) per row. A ClockError carries `row_index`.
        `progress(done, total)` is called every 200 rows."""
        if not self.db.conn.in_transaction:
            raise RuntimeError("create_many runs inside the caller's transaction")
        conn = self.db.conn
        # ("id_number", value) / ("credit_code", value) / ("phone", name+phone) → id, name, category
        by_key: dict[tuple[str, Any], tuple[int, Any, Any]] = {}
        for pid, name, category, id_number, credit_code, phone in conn.execute(
                "SELECT id, name, category, id_number, credit_code, phone FROM applicants ORDER BY id"):
            for key in (("id_number", id_number), ("credit_code", credit_code)):
                if key[1]:
                    by_key.setdefault(key, (pid, name, category))
            if name and phone:
                by_key.setdefault(("phone", f"{name}\x00{phone}"), (pid, name, category))
        next_applicant = int(conn.execute("SELECT coalesce(max(id), 0) FROM applicants").fetchone()[0]) + 1
        next_app = int(conn.execute("SELECT coalesce(max(id), 0) FROM applications").fetchone()[0]) + 1
        max_seq: dict[int, int] = {}
        taken_nos = {r[0] for r in conn.execute("SELECT no FROM applications")}
        existing = len(taken_nos)
        stamp = now_text()
        new_applicants: list[tuple] = []
        applications: list[dict[str, Any]] = []
        grams: list[tuple[int, str]] = []
        event_rows: list[tuple] = []
        audits: list[tuple[Any, Any, Any]] = []
        ids: list[int] = []
        clocks: dict[tuple, dict[str, Any]] = {}  # the stored clock columns (_cache_fields) per clock key
        for i, new in enumerate(rows):
            if progress is not None and i % 200 == 0:
                progress(i, len(rows))
            received = date.fromisoformat(new.application["received"])
            clock_key = (received, *new.events)  # the clock is a function of these (same calendar, same today)
            cache_fields = clocks.get(clock_key)
            if cache_fields is None:
                try:
                    result = compute_clock(received, new.events, calendar, today, self.rules)
                except ClockError as exc:
                    exc.row_index = i  # type: ignore[attr-defined]
                    raise
                cache_fields = clocks[clock_key] = _cache_fields(result)
            if new.outcome is not None and new.outcome not in OUTCOME_BY_CODE:
                raise ValueError(f"未知的办理结果代码：{new.outcome}")
            data = new.applicant
            found = None
            if data.get("id"):
                found = (int(data["id"]), *conn.execute("SELECT name, category FROM applicants WHERE id = ?",
                                                        [data["id"]]).fetchone())
            else:
                keys = [(k, (data.get(k) or "").strip().upper()) for k in ("id_number", "credit_code")]
                name, phone = (data.get("name") or "").strip(), (data.get("phone") or "").strip()
                if name and phone:
                    keys.append(("phone", f"{name}\x00{phone}"))
                found = next((by_key[k] for k in keys if k[1] and k in by_key), None)
            if found is None:
                applicant_id = next_applicant
                next_applicant += 1
                stored = dict(zip(APPLICANT_FIELDS, map(data.get, APPLICANT_FIELDS), strict=True))
                new_applicants.append((applicant_id, *stored.values(), stamp))
                name, category = data.get("name"), stored["category"]
                for k in ("id_number", "credit_code"):
                    if stored[k]:
                        by_key.setdefault((k, stored[k]), (applicant_id, name, category))
                if stored["name"] and stored["phone"]:
                    by_key.setdefault(("phone", f"{stored['name']}\x00{stored['phone']}"),
                                      (applicant_id, name, category))
                person = {k: v for k, v in data.items() if v not in (None, "")}
            else:
                applicant_id, name, category = found
                person = {"id": applicant_id, "name": name}
            row = dict(zip(APPLICATION_FIELDS, map(new.application.get, APPLICATION_FIELDS), strict=True))
            row["applicant_id"] = applicant_id
            year = row["year"] = row["year"] or received.year
            if year not in max_seq:
                max_seq[year] = int(conn.execute("SELECT coalesce(max(seq), 0) FROM applications WHERE year = ?",
                                                 [year]).fetchone()[0])
            seq = max_seq[year] + 1
            if not row["no"]:
                while new.number_format(year, seq) in taken_nos:
                    seq += 1
                row["no"] = new.number_format(year, seq)
            row["seq"] = row_seq = int(row["seq"] or seq)
            max_seq[year] = max(max_seq[year], row_seq)
            taken_nos.add(row["no"])
            row.update(cache_fields)
            row["outcome"] = new.outcome
            row["outcome_basis"] = OUTCOME_BY_CODE[new.outcome].basis if new.outcome else None
            row["created_at"] = row["updated_at"] = stamp
            row["category"] = category  # what the applications_category_fill trigger would copy, row by row
            app_id = next_app
            next_app += 1
            ids.append(app_id)
            applications.append(row)
            grams.append((app_id, bigrams(row["no"], name, row["content_title"], row.get("doc_number"),
                                          row.get("description"))))
            ev_rows = [event_to_row(e) for e in new.events]
            event_rows += [(app_id, r["kind"], r["day"], r["days"], r["ref"], r["until"], r["received_by_party"],
                            stamp) for r in ev_rows]
            audits.append((row["no"], None, {
                **{k: v for k, v in row.items() if k not in _NOT_AUDITED and v is not None},
                "applicant": person, "events": ev_rows}))
        # A batch at least as large as the ledger (the first import of a department's history) is written without
        # the secondary indexes of the three tables it fills, which are built again afterwards from their own
        # CREATE INDEX text: building an index over sorted rows once is much cheaper than adding every row to
        # eleven indexes. All in the caller's transaction, so a failure leaves the schema as it was.
        rebuilt = self._drop_indexes_for_bulk(conn) if len(rows) >= existing else []
        if new_applicants:
            conn.executemany(f"INSERT INTO applicants (id, {', '.join(APPLICANT_FIELDS)}, created_at) "
                             f"VALUES ({', '.join('?' for _ in range(len(APPLICANT_FIELDS) + 2))})", new_applicants)
        if applications:
            # the full-text index is filled with one statement after the rows, not by its trigger row by row
            # (trigram tokenising per row through the trigger was most of the insert time); the trigger is put back
            # in the same transaction, so a failure anywhere leaves the schema as it was
            trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                                   "name = 'applications_fts_insert'").fetchone()[0]
            conn.execute("DROP TRIGGER applications_fts_insert")
            columns = list(applications[0])
            conn.executemany(f"INSERT INTO applications (id, {', '.join(columns)}) "
                             f"VALUES ({', '.join('?' for _ in range(len(columns) + 1))})",
                             [(app_id, *row.values()) for app_id, row in zip(ids, applications, strict=True)])
            conn.execute("INSERT INTO applications_fts (rowid, no, applicant, content) SELECT a.id, a.no, p.name, "
                         "a.content_title || ' ' || coalesce(a.doc_number, '') || ' ' || coalesce(a.description, '') "
                         "FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE a.id >= ?", [ids[0]])
            conn.execute(trigger)
            conn.executemany("INSERT INTO applications_bigrams (rowid, grams) VALUES (?, ?)", grams)
        if event_rows:
            conn.executemany("INSERT INTO application_events (application_id, kind, day, days, ref, until, "
                             "received_by_party, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", event_rows)
        for sql in rebuilt:
            conn.execute(sql)
        self.audit.record_many("登记", "application", audits)  # the audit table, never the log file
        return [(app_id, row["no"]) for app_id, row in zip(ids, applications, strict=True)]

    @staticmethod
    def _drop_indexes_for_bulk(conn: sqlite3.Connection) -> list[str]:
        """Drop the secondary indexes of applications, applicants and application_events (not the UNIQUE ones
        their columns declare) and return their CREATE INDEX statements. Nothing is dropped when the ledger holds
        ANALYZE statistics (dropping an index would lose its row in sqlite_stat1)."""
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name LIKE 'sqlite_stat%'").fetchone():
            return []
        indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
                               "tbl_name IN ('applications', 'applicants', 'application_events') ORDER BY rowid"
                               ).fetchall()
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        return [sql for _name, sql in indexes]

    def redate_open(self, calendar: WorkCalendar, today: date | None) -> list[DueChange]:
        """Recompute the clock of every application not closed; record and return the moved due dates."""
        changes: list[DueChange] = []
        with self.db.atomic():
            apps = list(self.db.query("SELECT id, no, received, due FROM applications WHERE state != 'closed'"))
            events_by_app = self.events_of_apps("a.state != 'closed'")
            for app in apps:
                result = compute_clock(
                    date.fromisoformat(app["received"]), events_by_app.get(app["id"], []), calendar, None, self.rules,
                    lenient=True,
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

    # --- registration ----------------------------------------------------------------------------------
    def _next_seq(self, year: int) -> int:
        return int(self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM applications WHERE year = ?",
                                   [year]).fetchone()[0])

    def next_number(self, year: int, profile: OrgProfile) -> tuple[int, str]:
        """The next free (seq, 申请编号) of a year; a number already taken by hand is skipped."""
        seq = self._next_seq(year)
        while True:
            no = profile.format_number(year, seq)
            if not self.db.execute("SELECT 1 FROM applications WHERE no = ?", [no]).fetchone():
                return seq, no
            seq += 1

    def find_applicant(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """The same applicant already in the ledger: same ID number / credit code, or same name and phone."""
        for key in ("id_number", "credit_code"):
            value = (data.get(key) or "").strip().upper()
            if value:  # stored upper-case (normalise_applicant), so the index applies
                row = self.db.execute(f"SELECT id FROM applicants WHERE {key} = ? ORDER BY id LIMIT 1",
                                      [value]).fetchone()
                if row:
                    return self.applicant(row[0])
        name, phone = (data.get("name") or "").strip(), (data.get("phone") or "").strip()
        if name and phone:
            row = self.db.execute("SELECT id FROM applicants WHERE name = ? AND phone = ? ORDER BY id LIMIT 1",
                                  [name, phone]).fetchone()
            if row:
                return self.applicant(row[0])
        return None

    def applicant(self, applicant_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM applicants WHERE id = ?", [applicant_id]))
        return rows[0] if rows else None

    def applicant_nos(self, applicant_id: int) -> list[str]:
        """The 申请编号 of the applicant's applications that count (not voided), oldest first."""
        return [r["no"] for r in self.db.query(
            "SELECT no FROM applications WHERE applicant_id = ? AND voided_at IS NULL ORDER BY id", [applicant_id])]

    def applicant_history(self, applicant_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT no, received, content_title, state, due, closed_on, outcome FROM applications "
            "WHERE applicant_id = ? ORDER BY received DESC, id DESC", [applicant_id])]

    def month_count(self, applicant_id: int, day: date) -> int:
        """Applications this applicant made in the natural month of `day` (drives the 按件 fee tiers)."""
        first = day.replace(day=1)
        nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return int(self.db.execute(
            "SELECT count(*) FROM applications WHERE applicant_id = ? AND received >= ? AND received < ?",
            [applicant_id, first.isoformat(), nxt.isoformat()]).fetchone()[0])

    def register(
        self, applicant: dict[str, Any], application: dict[str, Any], profile: OrgProfile,
        calendar: WorkCalendar, today: date, name_change: str | None = None, allow_missing_id: bool = False,
    ) -> str:
        """Validate and save a new application (linking a known applicant); returns its 申请编号.

        A known applicant (same ID number or credit code) typed with another name is never linked silently:
        `name_change` "rename" (the same person, the name changed: the applicant's name is updated, audited) or
        "known" (a typo: the registered name is used); without it RegistrationError names both (issue 28 #5).
        With `allow_missing_id` an application without an ID number / credit code is registered (flagged
        缺身份证明 by `core.registration.missing_identity`; a 补正 for the 身份证明 is the next step, issue 28).
        Raises RegistrationError with every invalid field. Nothing is written unless everything is valid."""
        errors = {**validate_applicant(applicant, allow_missing_id), **validate_application(application, today)}
        if errors:
            raise RegistrationError(errors)
        if name_change not in (None, "rename", "known"):
            raise ValueError(name_change)
        person = normalise_applicant(applicant)
        received = date.fromisoformat(application["received"])
        with self.db.atomic():
            existing = self.find_applicant(person)
            if existing is not None:
                person_ref: dict[str, Any] = {"id": existing["id"]}
                typed = person.get("name")
                if typed and typed != existing["name"]:
                    if name_change is None:
                        raise RegistrationError({"name": NAME_CONFLICT.format(known=existing["name"], typed=typed)})
                    if name_change == "rename":
                        self.db.execute("UPDATE applicants SET name = ? WHERE id = ?", [typed, existing["id"]])
                        self.audit.record("申请人更名", "applicant", existing["id"], {"name": existing["name"]},
                                          {"name": typed})
                self._refresh_applicant(existing, person)
            else:
                person_ref = person
            seq, no = self.next_number(received.year, profile)
            row = {k: (application.get(k) or None) for k in APPLICATION_FIELDS}
            row.update(no=no, seq=seq, year=received.year)
            self.create(person_ref, row, [], calendar, today)
        return no

    def _refresh_applicant(self, existing: dict[str, Any], new: dict[str, Any]) -> None:
        """Keep the linked applicant's contact details current (audited)."""
        changes = {k: new[k] for k in ("phone", "address", "postcode", "email", "contact", "legal_rep")
                   if new.get(k) and new.get(k) != existing.get(k)}
        if changes:
            sets = ", ".join(f"{k} = ?" for k in changes)
            self.db.execute(f"UPDATE applicants SET {sets} WHERE id = ?", [*changes.values(), existing["id"]])
            self.audit.record("更新联系方式", "applicant", existing["id"],
                              {k: existing.get(k) for k in changes}, changes)

    # --- 修改登记信息 and 作废 (issue 28) ------------------------------------------------------------------
    def edit_registration(self, no: str, changes: dict[str, Any], reason: str, calendar: WorkCalendar,
                          today: date) -> dict[str, tuple[Any, Any]]:
        """Correct registered fields (EDITABLE_FIELDS), audited with the reason; a changed 收到日期 re-computes
        the clock. Returns field → (old, new) of what changed. The 申请编号 is kept. Raises RegistrationError
        or ActionError with nothing written."""
        if not reason.strip():
            raise ActionError("请填写修改原因（记入操作日志）。")
        unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
        if unknown:
            raise ActionError("不能修改的项目：" + "、".join(unknown) + "。可修改：" + "、".join(EDITABLE_FIELDS.values()))
        app = self._require(no)
        if app.get("voided_at"):
            raise ActionError(f"{no} 已作废，不能修改。")
        person = app.get("applicant_kind") == NATURAL_PERSON
        id_key = "id_number" if person else "credit_code"
        current = {k: app.get("applicant" if k == "name" else id_key if k == "id_number" else k)
                   for k in EDITABLE_FIELDS}
        new = {k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()}
        if new.get("id_number"):
            new["id_number"] = new["id_number"].upper()
        diff = {k: (current[k], v or None) for k, v in new.items() if (v or None) != (current[k] or None)}
        if not diff:
            raise ActionError("没有需要修改的内容。")
        merged = {**current, **{k: v for k, (_, v) in diff.items()}}
        errors = validate_application(merged, today)
        if "name" in diff and not merged.get("name"):
            errors["name"] = "请填写申请人姓名或名称。"
        if "category" in diff:
            if app.get("applicant_kind") == NATURAL_PERSON:
                errors["category"] = "申请人是自然人，类别不能修改（表三“自然人”列）。"
            elif merged.get("category") not in ORG_CATEGORIES:
                errors["category"] = "法人或其他组织的类别应为：" + "、".join(ORG_CATEGORIES) + "。"
        if "id_number" in diff:
            message = self._id_problem(app, id_key, merged.get("id_number") or "")
            if message:
                errors["id_number"] = message
        if errors:
            raise RegistrationError(errors)
        app_fields = {k: v for k, (_, v) in diff.items() if k not in ("name", "category", "id_number")}
        with self.db.atomic():
            if "name" in diff:
                self.db.execute("UPDATE applicants SET name = ? WHERE id = ?", [diff["name"][1], app["applicant_id"]])
            if "category" in diff:  # the trigger applicants_category_copy moves every application of the applicant
                self.db.execute("UPDATE applicants SET category = ? WHERE id = ?",
                                [diff["category"][1], app["applicant_id"]])
            if "id_number" in diff:
                self.db.execute(f"UPDATE applicants SET {id_key} = ? WHERE id = ?",
                                [diff["id_number"][1], app["applicant_id"]])
                if person and not app.get("id_type"):
                    self.db.execute("UPDATE applicants SET id_type = '居民身份证' WHERE id = ? AND length(id_number) = 18",
                                    [app["applicant_id"]])
            updates: dict[str, Any] = dict(app_fields)
            if "received" in diff:
                try:
                    result = self.clock({**app, "received": merged["received"]}, calendar, today)
                except ClockError as e:
                    raise ActionError(f"收到日期改为 {merged['received']} 后办理记录不成立：{e}") from e
                updates.update(_cache_fields(result))
            updates["updated_at"] = now_text()
            self._update(app["id"], updates)
            self.audit.record("修改登记信息", "application", no, {k: old for k, (old, _) in diff.items()},
                              {**{k: v for k, (_, v) in diff.items()}, "reason": reason.strip()})
        return diff

    def _id_problem(self, app: dict[str, Any], id_key: str, number: str) -> str | None:
        """Why a corrected ID number / credit code can't be stored (None when it can)."""
        if not number:
            return "证件号码不能清空。"
        if id_key == "credit_code":
            message = validate_credit_code(number)
        elif (app.get("id_type") or "居民身份证") == "居民身份证":
            message = validate_resident_id(number)
        else:
            message = None
        if message:
            return message
        other = self.db.execute(f"SELECT name FROM applicants WHERE {id_key} = ? AND id != ?",
                                [number, app["applicant_id"]]).fetchone()
        if other:
            return f"该证件号码已登记为另一申请人“{other[0]}”，请核对。"
        return None

    def void(self, no: str, reason: str) -> None:
        """作废 an application registered by mistake (a duplicate, a test entry): kept with its trail and the
        reason, counted nowhere (list, 工作台, annual report). Audited."""
        if not reason.strip():
            raise ActionError("请填写作废原因（记入操作日志）。")
        app = self._require(no)
        if app.get("voided_at"):
            raise ActionError(f"{no} 已于 {app['voided_at'][:10]} 作废。")
        with self.db.atomic():
            stamp = now_text()
            self._update(app["id"], {"voided_at": stamp, "void_reason": reason.strip(), "updated_at": stamp})
            self.audit.record("作废申请", "application", no, {"state": app["state"]}, {"reason": reason.strip()})

    # --- workflow actions --------------------------------------------------------------------------------
    def event_rows(self, application_id: int, include_voided: bool = False) -> list[dict[str, Any]]:
        sql = "SELECT * FROM application_events WHERE application_id = ?"
        if not include_voided:
            sql += " AND voided_at IS NULL"
        return [dict(r) for r in self.db.query(sql + " ORDER BY day, id", [application_id])]

    def _require(self, no: str) -> dict[str, Any]:
        app = self.get(no)
        if app is None:
            raise ActionError(f"台账中没有申请编号为 {no} 的申请。")
        return app

    def add_event(
        self, no: str, event: Event, calendar: WorkCalendar, today: date, *, approver: str = "", note: str = "",
        outcome: str | None = None, basis: str | None = None, fee: Fee | None = None,
        paid_amount: int | None = None, data: dict[str, Any] | None = None,
    ) -> ClockResult:
        """Record one workflow step after checking it against the clock; returns the new clock.

        A reply needs its 表三 outcome; other closings get theirs from CLOSING_OUTCOMES. Raises ActionError."""
        app = self._require(no)
        events = self.events(app["id"])
        try:
            result = compute_clock(date.fromisoformat(app["received"]), [*events, event], calendar, today, self.rules)
        except ClockError as exc:
            raise ActionError(str(exc)) from exc
        result = self.judge_reply(app["id"], result, calendar)[0]  # a reply already delivered (re-recorded)
        if event.kind is EventKind.EXTENDED and not approver.strip():
            raise ActionError("延期答复须经政府信息公开工作机构负责人同意，请填写批准人（条例第33条第2款）。")
        updates: dict[str, Any] = _cache_fields(result)
        if event.kind is EventKind.REPLIED:
            if outcome not in OUTCOME_BY_CODE:
                raise ActionError("答复须选择办理结果（年度报告表三的一项）。")
            updates["outcome"] = outcome
            updates["outcome_basis"] = (basis or "").strip() or BASIS_CHOICES[outcome][0]
        elif event.kind.value in CLOSING_OUTCOMES:
            code = CLOSING_OUTCOMES[event.kind.value]
            updates["outcome"] = code
            updates["outcome_basis"] = BASIS_CHOICES[code][-1 if event.kind is EventKind.WITHDRAWN else 0]
        if event.kind is EventKind.FEE_NOTICE:
            if fee is None:
                raise ActionError("收费通知须填写计收方式和件数或页数。")
            if fee.amount <= 0:
                raise ActionError(f"按{fee.method}计收的费用为0元，无需发出收费通知（{fee.explanation}）")
            updates.update(fee_method=fee.method, fee_units=fee.units, fee_amount=fee.amount)
        if event.kind is EventKind.FEE_PAID:
            if paid_amount is None or paid_amount < 0:
                raise ActionError("请填写实缴金额（元）。")
            updates["fee_paid_amount"] = paid_amount
        updates["updated_at"] = now_text()
        with self.db.atomic():
            row = event_to_row(event)
            self.db.execute(
                "INSERT INTO application_events (application_id, kind, day, days, ref, until, received_by_party, "
                "approver, note, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [app["id"], row["kind"], row["day"], row["days"], row["ref"], row["until"],
                 row["received_by_party"], approver.strip() or None, note.strip() or None,
                 json.dumps(data or {}, ensure_ascii=False, default=str), now_text()],
            )
            self._update(app["id"], updates)
            self.audit.record(event.kind.label, "application", no, {"due": app["due"], "state": app["state"]},
                              {**row, **{k: v for k, v in updates.items() if k != "updated_at"}})
        return result

    def _update(self, application_id: int, fields: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE applications SET {sets} WHERE id = ?", [*fields.values(), application_id])

    def undo_last_event(self, no: str, calendar: WorkCalendar, today: date, reason: str = "") -> dict[str, Any]:
        """Void the most recently recorded step (never deleted: voided and audited); returns it."""
        app = self._require(no)
        rows = self.db.execute(
            "SELECT id FROM application_events WHERE application_id = ? AND voided_at IS NULL "
            "ORDER BY id DESC LIMIT 1", [app["id"]]).fetchall()
        if not rows:
            raise ActionError(f"{no} 没有可撤销的办理事项。")
        last = dict(next(iter(self.db.query("SELECT * FROM application_events WHERE id = ?", [rows[0][0]]))))
        label = STEP_BY_SLUG[last["kind"]].label if last["kind"] in STEP_BY_SLUG else last["kind"]
        if last["kind"] not in CLOCK_SLUGS:  # a case step: the clock does not change
            with self.db.atomic():
                self.db.execute("UPDATE application_events SET voided_at = ?, void_reason = ? WHERE id = ?",
                                [now_text(), reason.strip() or None, last["id"]])
                self._update(app["id"], {"updated_at": now_text()})
                if last["kind"] in ("deliver", "delivered"):
                    self.refresh_late_reply(app, calendar)
                self.audit.record("撤销：" + label, "application", no, last, {"reason": reason.strip()} if reason.strip() else None)
            return last
        kind = EventKind(last["kind"])
        with self.db.atomic():
            self.db.execute("UPDATE application_events SET voided_at = ?, void_reason = ? WHERE id = ?",
                            [now_text(), reason.strip() or None, last["id"]])
            result = self.clock(app, calendar, today)
            updates: dict[str, Any] = _cache_fields(result)
            if kind in CLOSING_KINDS:
                updates.update(outcome=None, outcome_basis=None)
            if kind is EventKind.FEE_NOTICE:
                updates.update(fee_method=None, fee_units=None, fee_amount=None)
            if kind is EventKind.FEE_PAID:
                updates["fee_paid_amount"] = None
            updates["updated_at"] = now_text()
            self._update(app["id"], updates)
            self.audit.record("撤销：" + label, "application", no, last, {"reason": reason.strip()} if reason.strip() else None)
        return last

    def insert_case_step(self, app: dict[str, Any], slug: str, day: date, signer: str, result: str, opinion: str,
                         data: dict[str, Any]) -> int:
        """Write one case step (not a clock event: 交办, 拟办意见, 审核, 核准, 送达 …). Call inside a transaction."""
        cur = self.db.execute(
            "INSERT INTO application_events (application_id, kind, day, signer, result, opinion, data, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [app["id"], slug, day.isoformat(), signer.strip() or None, result or None, opinion.strip() or None,
             json.dumps(data, ensure_ascii=False, default=str), now_text()])
        assert cur.lastrowid is not None  # set by every successful INSERT
        return int(cur.lastrowid)

    def set_case_cache(self, application_id: int, stage: str | None, internal_due: date | None,
                       internal_label: str | None) -> None:
        """The cached chain stage and earliest internal deadline (for the list and the 工作台)."""
        self.db.execute("UPDATE applications SET chain_stage = ?, internal_due = ?, internal_label = ? WHERE id = ?",
                        [stage, internal_due.isoformat() if internal_due else None, internal_label, application_id])

    def internal_due_items(self, until: date, limit: int = 100) -> list[dict[str, Any]]:
        """Open applications whose earliest internal deadline (科室反馈、报批、保密审查) is on or before `until`."""
        return [dict(r) for r in self.db.query(
            "SELECT a.no, a.received, a.due, a.internal_due, a.internal_label, a.chain_stage, a.content_title, "
            "p.name AS applicant FROM applications a JOIN applicants p ON p.id = a.applicant_id "
            "WHERE a.internal_due IS NOT NULL AND a.internal_due <= ? AND a.state != 'closed' "
            "ORDER BY a.internal_due, a.no LIMIT ?", [until.isoformat(), limit])]

    def month_rank(self, app: dict[str, Any]) -> int:
        """This application's number among its applicant's applications in its natural month (按件 tiers)."""
        received = date.fromisoformat(app["received"])
        first = received.replace(day=1).isoformat()
        return int(self.db.execute(
            "SELECT count(*) FROM applications WHERE applicant_id = ? AND received >= ? "
            "AND (received < ? OR (received = ? AND id <= ?))",
            [app["applicant_id"], first, app["received"], app["received"], app["id"]]).fetchone()[0])
