"""Flows over the items of an application shared by the window and `gongkai apps split`."""

from __future__ import annotations

from datetime import date

from ..core.items import ItemError
from ..storage.applications_repo import APPLICATION_FIELDS
from ..storage.ledger import Ledger


class ItemsService:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def split(self, no: str, today: date) -> list[str]:
        """一事一申请: items 2…n become applications of their own (same applicant, channel and receipt date, new
        numbers, a `split` link to the original); the original keeps item 1 as its content. Only an open
        application with two or more items; the new ones start with no case steps (their clock runs from the
        same receipt date). All in one transaction; returns the new numbers."""
        ledger = self.ledger
        app = ledger.applications.get(no)
        if app is None:
            raise ItemError(f"没有编号为 {no} 的申请。")
        if app["state"] == "closed":
            raise ItemError(f"{no} 已办结，不能再拆分。")
        items = ledger.items.items(app["id"])
        if len(items) < 2:
            raise ItemError(f"{no} 只有{len(items)}项申请内容，无需拆分（先用“申请事项”分项）。")
        profile, calendar = ledger.settings.profile(), ledger.calendar.load()
        received = date.fromisoformat(app["received"])
        made: list[str] = []
        with ledger.db.atomic():
            for item in items[1:]:
                seq, new_no = ledger.applications.next_number(received.year, profile)
                row = {k: app.get(k) for k in APPLICATION_FIELDS}
                row.update(no=new_no, seq=seq, year=received.year, content_title=item["content"],
                           doc_number=None, description=f"由{no}第{item['seq']}项拆分（一事一申请）",
                           fee_method=None, fee_units=None, fee_amount=None, fee_paid_amount=None)
                new_id = ledger.applications.create({"id": app["applicant_id"]}, row, [], calendar, today)
                ledger.items.add_link(app["id"], new_id, item["seq"])
                made.append(new_no)
            ledger.items.keep_first_item(app["id"], items[0]["content"])
            ledger.audit.record("拆分申请", "application", no, {"items": [i["content"] for i in items]},
                                {"new": made})
        return made
