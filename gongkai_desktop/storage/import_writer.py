"""Writing checked spreadsheet rows (core.ledger_import) into the ledger: all or nothing, and idempotent —
a row already in the ledger (same 申请编号, or same 收到日期 + 申请人 + 申请内容) is skipped, not doubled."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..core.applications import NATURAL_PERSON
from ..core.clock import ClockError, Event, EventKind
from ..core.errors import DomainError
from ..core.items import split_items
from ..core.ledger_import import ParsedRow, paused_gc
from ..core.organisation import OrgProfile
from ..core.workdays import WorkCalendar
from .applications_repo import NewApplication
from .ledger import Ledger


class ImportCancelled(Exception):
    """Raised by a progress callback to stop an import; the transaction is rolled back (nothing imported)."""


class ImportRejected(DomainError):
    """Some rows are bad: nothing was imported. `rows` carries every failing row with its reasons."""

    def __init__(self, rows: list[ParsedRow]):
        super().__init__(f"{len(rows)} 行有错误，未导入任何数据。")
        self.rows = rows


@dataclass
class ImportResult:
    imported: list[str] = field(default_factory=list)  # 申请编号
    skipped: list[int] = field(default_factory=list)  # spreadsheet lines already in the ledger


def _key(received: date, applicant: str, content: str) -> tuple[str, str, str]:
    return received.isoformat(), applicant.strip(), content.strip()


def import_rows(ledger: Ledger, rows: list[ParsedRow], profile: OrgProfile, calendar: WorkCalendar, today: date,
                dry_run: bool = False, progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """All rows or none. `progress(done, total)` is called every 200 rows; raising ImportCancelled from it
    rolls everything back."""
    with paused_gc():
        return _import_rows(ledger, rows, profile, calendar, today, dry_run, progress)


def _import_rows(ledger: Ledger, rows: list[ParsedRow], profile: OrgProfile, calendar: WorkCalendar, today: date,
                 dry_run: bool, progress: Callable[[int, int], None] | None) -> ImportResult:
    bad = [r for r in rows if not r.ok]
    if bad:
        raise ImportRejected(bad)
    existing = {(r, a, c): no for no, r, a, c in ledger.db.execute(
        "SELECT a.no, a.received, p.name, a.content_title FROM applications a JOIN applicants p ON p.id = a.applicant_id")}
    existing_nos = {no for no in existing.values()}
    result = ImportResult()
    seen_in_file: set[tuple[str, str, str]] = set()
    pending: list[ParsedRow] = []
    for row in rows:
        v = row.values
        key = _key(v["received"], v["applicant"], v["content"])
        if key in existing or key in seen_in_file:
            result.skipped.append(row.line)
            continue
        if v["no"] and v["no"] in existing_nos:
            row.errors.append(f"申请编号 {v['no']} 已被台账中另一件申请使用")
        seen_in_file.add(key)
        pending.append(row)
    bad = [r for r in pending if not r.ok]
    if bad:
        raise ImportRejected(bad)
    numbers_in_file = Counter(r.values["no"] for r in pending if r.values["no"])
    duplicates = {n for n, k in numbers_in_file.items() if k > 1}
    if duplicates:
        for r in pending:
            if r.values["no"] in duplicates:
                r.errors.append(f"申请编号 {r.values['no']} 在文件中出现多次")
        raise ImportRejected([r for r in pending if not r.ok])
    # Numbers: a row's own 申请编号 is kept; rows without one are numbered in 收到日期 order (after the numbers the
    # year already uses — registered applications keep theirs, they are on letters already sent), so an older
    # case imported later does not get a number after newer ones of its batch (issue 28). Rows with their own
    # number are written first, so an assigned number never takes one the file uses.
    order = sorted(pending, key=lambda r: (not r.values["no"], r.values["received"], r.line))
    numbers: dict[int, str] = {}
    with ledger.db.atomic():
        batch: list[NewApplication] = []
        for row in order:  # rows without a number get theirs in 收到日期 order
            v = row.values
            person = v["category"] == NATURAL_PERSON
            applicant = {"kind": NATURAL_PERSON if person else "法人或其他组织", "category": v["category"],
                         "name": v["applicant"], "phone": v["phone"] or None,
                         "id_type": "居民身份证" if person and len(v["id_number"]) == 18 else ("其他证件" if person else None),
                         "id_number": (v["id_number"].upper() or None) if person else None,
                         "credit_code": None if person else (v["id_number"].upper() or None)}
            events = [Event(EventKind.REPLIED, v["closed_on"])] if v["closed_on"] else []
            application = {"no": v["no"] or None, "year": v["received"].year, "seq": None, "channel": v["channel"],
                           "received": v["received"].isoformat(), "content_title": v["content"],
                           "handler": v["handler"] or None, "notes": v["notes"] or None}
            batch.append(NewApplication(applicant, application, events, v["outcome"] if v["closed_on"] else None,
                                        profile.format_number))
        try:
            created = ledger.applications.create_many(batch, calendar, today, progress)
        except ClockError as exc:
            row = order[getattr(exc, "row_index", 0)]
            row.errors.append(str(exc))
            raise ImportRejected([row]) from exc
        for row, (app_id, no) in zip(order, created, strict=True):
            parts = split_items(row.values["content"])  # “1.…；2.…” in one column: the items (issue 20)
            if len(parts) > 1:
                ledger.items.replace_items({"id": app_id}, parts)
            numbers[row.line] = no
        result.imported = [numbers[r.line] for r in pending]  # in the file's order
        ledger.audit.record("导入台账", "ledger", None, None, {"imported": len(result.imported),
                                                               "skipped": len(result.skipped)})
        if dry_run:
            raise _DryRun(result)
    return result


class _DryRun(Exception):
    def __init__(self, result: ImportResult):
        super().__init__("dry run")
        self.result = result


def check_import(ledger: Ledger, rows: list[ParsedRow], profile: OrgProfile, calendar: WorkCalendar,
                 today: date, progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Everything an import would do, rolled back at the end (the --dry-run and the preview)."""
    try:
        import_rows(ledger, rows, profile, calendar, today, dry_run=True, progress=progress)
    except _DryRun as run:
        return run.result
    raise AssertionError("unreachable")  # pragma: no cover
