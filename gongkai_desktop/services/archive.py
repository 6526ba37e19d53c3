"""归档 of one case: its checklist, the 档号 and 保管期限, read-only until 撤销归档 (domain.md §8.7).

Shared by the 归档 dialog and `gongkai archive`. Refusals raise ArchiveError with a Chinese message and write
nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..core.archive import (
    ATTACHMENT_CLASSES,
    RETENTIONS,
    ArchiveError,
    CaseFacts,
    Checklist,
    checklist,
    file_number,
    retention_for,
)
from ..core.workdays import cn_date
from ..storage.attachments_repo import AttachmentError
from ..storage.ledger import Ledger


@dataclass(frozen=True)
class ArchivePlan:
    no: str
    checklist: Checklist
    file_no: str  # the 档号 it would get (or has)
    retention: str
    day: date
    archived: dict[str, Any] | None  # the active archive row, when archived
    number_problem: str = ""  # why no 档号 can be given yet (e.g. 全宗号 not set); 归档 is refused until fixed


class ArchiveService:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def _app(self, no: str) -> dict[str, Any]:
        app = self.ledger.applications.get(no)
        if app is None:
            raise ArchiveError(f"台账中没有申请编号为 {no} 的申请。")
        return app

    def facts(self, no: str, today: date) -> CaseFacts:
        app = self._app(no)
        repo = self.ledger.applications
        rows = repo.step_rows(app["id"])
        try:
            closed = repo.clock(app, self.ledger.calendar.load(), today).closed_on is not None
        except Exception:  # noqa: BLE001 - a case whose clock cannot be computed is treated by its steps
            closed = any(r.slug in ("replied", "withdrawn", "correction-lapsed", "fee-lapsed") for r in rows)
        scans = {r.data.get("scan") for r in rows if r.slug in ("deliver", "delivered") and r.data.get("scan")}
        attachments = tuple({**a, "from_delivery": a["name"] in scans}
                            for a in self.ledger.attachments.for_application(app["id"]))
        delivered = {str(r.data.get("letter") or ""): str(r.data.get("method") or "") for r in rows
                     if r.slug == "deliver"}
        return CaseFacts(closed=closed, steps=tuple((r.slug, r.data) for r in rows),
                         letters=tuple(self.ledger.letters.for_application(app["id"])),
                         forms=tuple(f["type"] for f in self.ledger.records.forms_for_application(app["id"])),
                         attachments=attachments, delivered=delivered)

    def plan(self, no: str, today: date, retention: str | None = None, day: date | None = None) -> ArchivePlan:
        app = self._app(no)
        active = self.ledger.archives.active(app["id"])
        facts = self.facts(no, today)
        if active is not None:
            return ArchivePlan(no, checklist(facts), active["file_no"], active["retention"],
                               date.fromisoformat(active["day"]), active)
        rules = self.ledger.rules
        retention = retention or retention_for(app.get("outcome"), rules.retention_table)
        if retention not in RETENTIONS:
            raise ArchiveError(f"保管期限只能是：{'、'.join(RETENTIONS)}。")
        day = day or today
        previous = self.ledger.archives.previous(app["id"])
        if previous is not None and previous["retention"] == retention and previous["year"] == day.year:
            file_no = previous["file_no"]  # archived again: its old number back
        else:
            seq = self.ledger.archives.next_seq(day.year, retention)
            try:
                file_no = file_number(rules.archive_pattern, rules.fonds_code, day.year, retention, seq)
            except ArchiveError as exc:  # shown with the checklist; archive() refuses on it
                return ArchivePlan(no, checklist(facts), "", retention, day, None, str(exc))
        return ArchivePlan(no, checklist(facts), file_no, retention, day, None)

    def archive(self, no: str, today: date, retention: str | None = None, day: date | None = None) -> ArchivePlan:
        """Archive a complete, closed case; refused (nothing written) with the gaps named."""
        app = self._app(no)
        if self.ledger.archives.active(app["id"]) is not None:
            raise ArchiveError(self.ledger.archives.refusal(no) or "")
        if day is not None and day > today:
            raise ArchiveError(f"归档日期 {cn_date(day)} 晚于今天。")
        plan = self.plan(no, today, retention, day)
        if plan.number_problem:
            raise ArchiveError(plan.number_problem)
        if not plan.checklist.complete:
            raise ArchiveError(f"{no} 不能归档，还缺：\n" + "\n".join(f"  - {g}" for g in plan.checklist.gaps))
        with self.ledger.db.atomic():
            previous = self.ledger.archives.previous(app["id"])
            if previous is not None and previous["file_no"] == plan.file_no:
                seq = previous["seq"]
            else:
                seq = self.ledger.archives.next_seq(plan.day.year, plan.retention)
                rules = self.ledger.rules
                file_no = file_number(rules.archive_pattern, rules.fonds_code, plan.day.year, plan.retention, seq)
                plan = ArchivePlan(no, plan.checklist, file_no, plan.retention, plan.day, None)
            if self.ledger.archives.file_no_taken(plan.file_no):
                raise ArchiveError(f"档号 {plan.file_no} 已被其他案卷使用，请检查档号格式是否含有{{件号}}。")
            self.ledger.archives.insert(app["id"], no, plan.file_no, plan.day.year, plan.retention, seq,
                                        plan.day.isoformat())
        return self.plan(no, today)

    def undo(self, no: str, reason: str) -> dict[str, Any]:
        app = self._app(no)
        row = self.ledger.archives.active(app["id"])
        if row is None:
            raise ArchiveError(f"{no} 尚未归档。")
        if not reason.strip():
            raise ArchiveError("撤销归档须写明原因（记入操作日志）。")
        self.ledger.archives.undo(row, no, reason.strip())
        return row

    def attach(self, no: str, source: Path, cls: str | None) -> dict[str, Any]:
        """Attach a file to the case and give it its 归档类别 (one transaction for the class)."""
        app = self._app(no)
        refusal = self.ledger.archives.refusal(no)
        if refusal:
            raise ArchiveError(refusal)
        if cls is not None and cls not in ATTACHMENT_CLASSES:
            raise ArchiveError(f"归档类别只能是：{'、'.join(ATTACHMENT_CLASSES)}。")
        try:
            row = self.ledger.attachments.attach(app["id"], no, source)
        except AttachmentError as exc:
            raise ArchiveError(str(exc)) from exc
        if cls is not None:
            self.set_class(no, row["id"], cls)
        return {**row, "archive_class": cls}

    def set_class(self, no: str, attachment_id: int, cls: str | None) -> None:
        app = self._app(no)
        refusal = self.ledger.archives.refusal(no)
        if refusal:
            raise ArchiveError(refusal)
        if cls is not None and cls not in ATTACHMENT_CLASSES:
            raise ArchiveError(f"归档类别只能是：{'、'.join(ATTACHMENT_CLASSES)}。")
        row = next((a for a in self.ledger.attachments.for_application(app["id"]) if a["id"] == attachment_id), None)
        if row is None:
            raise ArchiveError(f"{no} 没有编号为 {attachment_id} 的附件。")
        self.ledger.archives.set_class(row, no, cls)
