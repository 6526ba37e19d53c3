"""送达 in the demo ledger (issue 17): the reply letters of the most recent demo replies are made (real Word files in
the ledger's 文书 folder) and most of them delivered, so a new user sees every state on the 工作台 and in the case:
邮寄 with 邮件号 and 妥投, 直接送达 signed for, one posted after the due date (超期 by working days), one posted
but not yet 妥投 (补记妥投), and the newest left 已答复待送达.

Kept out of `storage.demo_writer` because it makes letters (documents) and records steps through the services
with all their checks; a few letters only, so demo creation stays quick."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.delivery import DIRECT, POSTAL
from ..core.letters import LetterError
from ..core.steps import StepError
from ..storage.ledger import Ledger
from .case import CaseService
from .letters import LetterService

DEMO_LETTERS = {"1": "reply-disclose", "4.1": "reply-not-exist", "4.2": "reply-needs-processing"}
DEMO_DELIVERIES = 8  # letters made; the newest two stay 已答复待送达


def deliver_recent(ledger: Ledger, templates: Path, today: date, count: int = DEMO_DELIVERIES) -> int:
    """Make the reply letters of the `count` most recent demo replies that have a simple letter and record
    their 送达; returns the number of 送达 recorded. Replies whose letter cannot be made (e.g. no 核准 recorded
    under the office's rules) are skipped."""
    letters = LetterService.for_ledger(ledger, templates)
    if letters.output_folder() is None:  # an in-memory ledger keeps no files
        return 0
    case = CaseService(ledger)
    cal = ledger.calendar.load()
    rows = ledger.applications.recent_replies(list(DEMO_LETTERS), count * 3)
    made: list[tuple[dict, str, date]] = []
    for row in rows:
        if len(made) == count:
            break
        replied = date.fromisoformat(row["replied"])
        try:
            letter = letters.make(row["no"], DEMO_LETTERS[row["outcome"]], None, {}, replied, today)
        except (LetterError, OSError):
            continue
        made.append((row, letter.doc_number, replied))
    delivered = 0
    for i, (row, doc_number, replied) in enumerate(reversed(made)):  # oldest first; the newest two wait
        if i >= len(made) - 2:
            break
        due = date.fromisoformat(row["due"]) if row["due"] else None
        values: dict = {"letter": doc_number, "signer": row["handler"] or "李明"}
        if i == 0 and due is not None and cal.add_workdays(max(due, replied), 2) <= today:
            # handed to the post two working days after the due date: 超期 by 2 working days
            values.update(day=cal.add_workdays(max(due, replied), 2), method=POSTAL, tracking="1190087654321")
        elif i % 3 == 1:
            values.update(day=replied, method=DIRECT, delivered=replied, signed_by=row["applicant"],
                          place="本机关政务公开办公室")
        else:
            posted = min(cal.add_workdays(replied, 1) if i % 2 else replied, today)
            values.update(day=posted, method=POSTAL, tracking=f"11{90000000000 + i * 7919:011d}")
            arrived = cal.add_workdays(posted, 2)
            if i != 2 and arrived <= today:  # one left without its 妥投 (to be recorded later: 补记妥投)
                values.update(delivered=arrived, signed_by=row["applicant"])
        try:
            case.record(row["no"], "deliver", values, today)
        except StepError:
            continue
        delivered += 1
    return delivered
