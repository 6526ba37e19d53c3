"""修改登记信息 and 作废 of a registered application — one flow for the window and `gongkai apps edit|void`.

Both go through `RegistrationService`, which adds to the repository's own checks (ApplicationsRepo.
edit_registration / void: a reason, valid values, a trail that still holds):
- an archived case is read-only (归档, issue 19): refused with the archive's message, nothing written;
- a change that would move a cell of a finalised annual-report year's 表三 — a new 收到日期, another applicant
  category, or voiding a counted application — needs a reason (`FinalisedYearError` without one, issue 22);
  with it, the change and the late-entry note are saved in one transaction, as for a reply dated in such a year.
The repository's validation runs first, so a bad value is reported before the finalised-year question.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..storage.applications_repo import ActionError
from ..storage.ledger import Ledger
from .annual_report import FinalisedYearError, YearImpact, finalised_year_impact, record_finalised_entry


class RegistrationService:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def _app(self, no: str) -> dict[str, Any]:
        app = self.ledger.applications.get(no)
        if app is None:
            raise ActionError(f"台账中没有申请编号为 {no} 的申请。")
        return app

    def _refuse_archived(self, nos: list[str]) -> None:
        for no in nos:
            refusal = self.ledger.archives.refusal(no)
            if refusal:
                raise ActionError(refusal)

    def _siblings(self, app: dict[str, Any]) -> list[str]:
        """Every counted application of the same applicant (a category change moves them all)."""
        return self.ledger.applications.applicant_nos(app["applicant_id"])

    # --- 修改登记信息 ---------------------------------------------------------------------------------------
    def edit_impacts(self, no: str, changes: dict[str, Any]) -> list[YearImpact]:
        """What the edit would change in finalised years' 表三 (empty: nothing published moves)."""
        app = self._app(no)
        received = changes.get("received")
        received = received.isoformat() if isinstance(received, date) else (str(received).strip() or None
                                                                           if received is not None else None)
        category = str(changes["category"]).strip() or None if changes.get("category") is not None else None
        impacts: list[YearImpact] = []
        if received and received != app["received"]:
            impacts += finalised_year_impact(self.ledger, no, received=received)
        if category and category != app.get("category"):
            for other in self._siblings(app):
                impacts += finalised_year_impact(self.ledger, other, category=category)
        return impacts

    def edit(self, no: str, changes: dict[str, Any], reason: str, today: date, *,
             finalised_reason: str = "") -> dict[str, tuple[Any, Any]]:
        """Correct the registered fields; returns field → (old, new). Raises ActionError / RegistrationError
        (nothing written) or FinalisedYearError when a finalised year moves and `finalised_reason` is empty."""
        app = self._app(no)
        changes = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in changes.items()}
        category_changes = changes.get("category") not in (None, "", app.get("category"))
        self._refuse_archived(self._siblings(app) if category_changes else [no])
        impacts = self.edit_impacts(no, changes)
        with self.ledger.db.atomic():
            diff = self.ledger.applications.edit_registration(no, changes, reason, self.ledger.calendar.load(), today)
            if impacts and not finalised_reason.strip():
                raise FinalisedYearError(impacts, "修改")  # rolls the edit back: valid, but it needs the reason
            record_finalised_entry(self.ledger, impacts, finalised_reason)
        return diff

    # --- 作废 ----------------------------------------------------------------------------------------------
    def void_impacts(self, no: str) -> list[YearImpact]:
        self._app(no)
        return finalised_year_impact(self.ledger, no, void=True)

    def void(self, no: str, reason: str, *, finalised_reason: str = "") -> None:
        """作废 with a reason; refused for an archived case; a finalised year's counted application needs
        `finalised_reason` too (FinalisedYearError)."""
        self._app(no)
        self._refuse_archived([no])
        impacts = self.void_impacts(no)
        with self.ledger.db.atomic():
            self.ledger.applications.void(no, reason)
            if impacts and not finalised_reason.strip():
                raise FinalisedYearError(impacts, "作废")
            record_finalised_entry(self.ledger, impacts, finalised_reason)
