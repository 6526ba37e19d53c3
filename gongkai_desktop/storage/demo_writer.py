"""Write generated demo data (core.demo) into a ledger in one transaction."""

from __future__ import annotations

from datetime import date

from ..core.demo import DemoData
from ..core.workdays import WorkCalendar
from .ledger import Ledger, LedgerError


def write_demo(ledger: Ledger, data: DemoData, calendar: WorkCalendar, today: date) -> dict[str, int]:
    existing = ledger.applications.count()
    if existing:
        raise LedgerError(f"台账中已有 {existing} 件申请，演示数据只能写入空台账。请用 --db 指定一个新文件。")
    profile = ledger.settings.profile()
    seq: dict[int, int] = {}
    with ledger.db.atomic():
        if not profile.organ_name:  # a demo organisation, so letters can be made at once (设置 replaces it)
            from dataclasses import replace

            from ..core.demo import DEMO_PROFILE

            ledger.settings.save_profile(replace(profile, **DEMO_PROFILE))
        applicant_ids: dict[int, int] = {}
        for item in data.applications:
            if item.applicant_index not in applicant_ids:
                applicant_ids[item.applicant_index] = ledger.applications.insert_applicant(
                    data.applicants[item.applicant_index]
                )
            app = dict(item.application)
            year = app["year"]
            seq[year] = seq.get(year, 0) + 1
            app["no"] = profile.format_number(year, seq[year])
            app_id = ledger.applications.create(
                {"id": applicant_ids[item.applicant_index]}, app, item.events, calendar, today, item.outcome
            )
            for st in item.steps:
                ledger.applications.insert_case_step({"id": app_id}, st.slug, st.day, st.signer, st.result,
                                                     st.opinion, st.data)
            for review in item.reviews:
                ledger.reviews.save(app_id, review)
            for kind, day, record in item.records:
                ledger.records.add(app_id, app["no"], kind, day.isoformat(), record)
        _cache_open_chains(ledger, today)
        n_tasks = ledger.tasks.insert_tree(data.task_year, data.tasks, source_doc="演示数据") if data.tasks else 0
        ledger.audit.record("生成演示数据", "ledger", None, None,
                            {"applications": len(data.applications), "tasks": n_tasks})
    return {"applicants": len(applicant_ids), "applications": len(data.applications), "tasks": n_tasks}


def _cache_open_chains(ledger: Ledger, today: date) -> None:
    """Chain stage and internal deadline of the open demo cases (closed ones have none)."""
    from ..services.case import CaseService

    service = CaseService(ledger)
    for (no,) in ledger.db.execute("SELECT no FROM applications WHERE state != 'closed'").fetchall():
        service.refresh_cache(no, today)
