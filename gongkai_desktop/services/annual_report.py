"""The year's 政府信息公开工作年度报告 assembled from the ledger: tables, checks, texts, finalising.

A finalised (locked) year is reported from its snapshot, so exports stay the same whatever happens to the
ledger afterwards; differences between the snapshot and the live ledger are listed for the officer. A change
that would move a cell of a finalised year's 表三 (a reply dated in that year) is found beforehand by
`finalised_year_impact`, needs a reason, and is recorded; the next year's carry-over check names it and offers
a 更正说明 (correction note) instead of only unlocking the published report.

The narrative is stored as templates with fields (core/report_text.py) and rendered from the tables each time."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..core.annual_report import (
    COLUMNS,
    ROW_KEYS,
    SECTION4_COLUMNS,
    AppRecord,
    Check,
    FeeFigures,
    Section3,
    TaskFigures,
    TaskItem,
    check_section3,
    check_section4,
    compute_section3,
    compute_section4,
    empty_section2,
    report_format,
    row_label,
    section2_rows,
    section3_from_values,
    validate_section2,
)
from ..core.applications import CLOSING_OUTCOMES
from ..core.clock import CLOSING_KINDS, ClockError, Event, EventKind, compute_clock
from ..core.errors import DomainError
from ..core.report_text import (
    OVERVIEW_PARTS,
    PART_TITLES,
    Figures,
    TemplateError,
    check_texts,
    contact_line,
    drafts,
    field_value,
    fields_in,
    from_plain_text,
    render,
)
from ..storage.audit import now_text
from ..storage.ledger import Ledger

TEXT_KEYS = {"一": "text.一", "五": "text.五", "六": "text.六"}
TEXT_TITLES = PART_TITLES
PREVIOUS_KEY = "section3.carried_out"  # hand-entered 结转下年度 of a year before the ledger
CONFIRMED_KEY = "section2.confirmed"  # when 表二 was entered and confirmed (an entered 0 is not a default 0)
LATE_ENTRIES_KEY = "locked.late_entries"  # changes recorded into the year after it was finalised
CORRECTION_KEY = "locked.correction"  # the 更正说明 of a finalised year
TASK_PARTS_KEY = "tasks.parts"  # the officer's tags: task id → part of 一、总体情况


def load_template(value: Any) -> str:
    """A stored narrative: {"template": …} now; plain text from before fields existed loads as free text."""
    if isinstance(value, dict):
        return str(value.get("template", ""))
    return from_plain_text(str(value or ""))


@dataclass
class Report:
    year: int
    unit: str
    section2: dict[str, list[str]]
    section3: Section3
    section4: list[int]
    fees: FeeFigures
    texts: dict[str, str]
    checks: list[Check]
    locked_at: str | None = None
    changes_since_lock: list[str] = field(default_factory=list)
    year_complete: bool = True
    templates: dict[str, str] = field(default_factory=dict)
    section2_confirmed: str | None = None  # when 表二 was confirmed
    intro_contact: str = ""
    late_entries: list[dict[str, Any]] = field(default_factory=list)  # recorded after 定稿 (see finalised_year_impact)
    correction: dict[str, Any] | None = None  # this year's 更正说明, if any
    figures: Figures | None = None

    @property
    def format(self) -> str:
        return report_format(self.year)

    @property
    def ok(self) -> bool:
        """Ready for 定稿: the tables reconcile and the text, 表二 and wording checks pass."""
        return all(c.ok for c in self.checks)

    @property
    def tables_ok(self) -> bool:
        """The 勾稽 checks of the tables alone."""
        return all(c.ok for c in self.checks if c.group == "勾稽")

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "unit": self.unit,
            "format": self.format,
            "section2": {"rows": [{"item": item, "name": name, "columns": list(cols),
                                   "values": self.section2.get(name, ["0"] * len(cols))}
                                  for item, name, cols in section2_rows(self.year)]},
            "section2_confirmed": self.section2_confirmed is not None,
            "section3": self.section3.to_json(),
            "section4": {"columns": list(SECTION4_COLUMNS), "values": list(self.section4)},
            "fees": {"notices": self.fees.notices, "amount": self.fees.amount, "collected": self.fees.collected},
            "texts": {TEXT_TITLES[k]: v for k, v in self.texts.items()},
            "templates": {TEXT_TITLES[k]: v for k, v in self.templates.items()},
            "intro_contact": self.intro_contact,
            "checks": [c.to_json() for c in self.checks],
            "locked": self.locked_at is not None,
            "locked_at": self.locked_at,
            "changes_since_lock": self.changes_since_lock,
            "late_entries": self.late_entries,
            "correction": self.correction,
        }


class ReportService:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def _tasks(self, year: int) -> TaskFigures | None:
        if year not in self.ledger.tasks.years():
            return None
        tags = self.ledger.reports.get_input(year, TASK_PARTS_KEY, {}) or {}
        leaves = self.ledger.tasks.leaves(year)
        unfinished = [t["title"] for t in leaves if t["state"] in ("未启动", "未完成", "推进中")]
        items = [TaskItem(t["id"], t["title"], t["state"], t.get("text") or "", tags.get(str(t["id"]), ""))
                 for t in leaves]
        return TaskFigures(year, self.ledger.tasks.status_counts(year), unfinished, items)

    def tag_task(self, year: int, task_id: int, part: str) -> None:
        """File a work-plan task under one of the five parts of 一、总体情况 ("" → by keywords again)."""
        if part and part not in OVERVIEW_PARTS:
            raise DomainError("总体情况分为：" + "、".join(OVERVIEW_PARTS) + "。")
        task = self.ledger.tasks.get(task_id)
        if task is None or task["year"] != year:
            raise DomainError(f"{year}年工作要点中没有编号为 {task_id} 的任务。")
        tags = dict(self.ledger.reports.get_input(year, TASK_PARTS_KEY, {}) or {})
        if part:
            tags[str(task_id)] = part
        else:
            tags.pop(str(task_id), None)
        self.ledger.reports.set_input(year, TASK_PARTS_KEY, tags)

    def live(self, year: int) -> tuple[Section3, list[int], FeeFigures, int]:
        reports = self.ledger.reports
        s3 = reports.section3(year)
        s4 = compute_section4(reports.review_records(), year)
        return s3, s4, reports.fee_figures(year), reports.late_replies(year)

    def period_table(self, start: date, end: date) -> Section3:
        """表三 of any date range (a quarter, a month): the same rows and columns, the year's counting rules."""
        if end < start:
            raise DomainError(f"结束日期 {end} 早于开始日期 {start}。")
        return self.ledger.reports.section3_period(start.isoformat(), end.isoformat())

    def cell_members(self, year: int, key: str, column: int) -> list[str]:
        """The applications behind one 表三 cell of the live ledger."""
        s3 = compute_section3(self.ledger.reports.app_records(year), year, with_members=True)
        return s3.members.get((key, column), [])

    def previous_carried_out(self, year: int) -> tuple[list[int] | None, str]:
        reports = self.ledger.reports
        snap = reports.locked_snapshot(year - 1)
        if snap is not None:
            correction = reports.get_input(year - 1, CORRECTION_KEY)
            if correction and correction.get("snapshot") == snap["id"]:
                return list(correction["carried_out"]), f"{year - 1}年定稿及其更正说明"
            return _carried_out(snap["data"]), f"{year - 1}年定稿"
        manual = reports.get_input(year - 1, PREVIOUS_KEY)
        if manual is not None:
            return [int(x) for x in manual], f"手工录入的{year - 1}年数据"
        first = reports.first_year()
        if first is not None and first < year:
            prev = compute_section3(reports.app_records(year - 1), year - 1)
            return prev.values["carried_out"], "台账"
        return None, ""

    def figures(self, year: int) -> Figures:
        s3, s4, fees, late = self.live(year)
        unit = self.ledger.settings.profile().organ_name
        section2 = self.ledger.reports.get_input(year, "section2") or empty_section2(year)
        return Figures(year, unit, s3.values, section2, s4, fees, late, self._tasks(year),
                       self.ledger.items.converted_count(f"{year}-01-01", f"{year}-12-31"))

    def drafts(self, year: int) -> dict[str, str]:
        """Fresh templates for 一、五、六 from the ledger (with fields, not frozen numbers)."""
        return drafts(self.figures(year))

    def templates(self, year: int, figures: Figures | None = None) -> dict[str, str]:
        """The saved templates, or fresh drafts for parts never saved (from `figures` when already counted)."""
        out: dict[str, str] = {}
        fresh: dict[str, str] | None = None
        for part, key in TEXT_KEYS.items():
            saved = self.ledger.reports.get_input(year, key)
            if saved is None:
                fresh = fresh or (drafts(figures) if figures is not None else self.drafts(year))
                out[part] = fresh[part]
            else:
                out[part] = load_template(saved)
        return out

    def build(self, year: int, today: date | None = None) -> Report:
        reports = self.ledger.reports
        profile = self.ledger.settings.profile()
        unit = profile.organ_name
        s3, s4, fees, late = self.live(year)
        snap = reports.locked_snapshot(year)
        confirmed = reports.get_input(year, CONFIRMED_KEY)
        if snap is not None:
            data = snap["data"]
            locked_s3 = section3_from_values(year, {k: r["values"] for k, r in zip(ROW_KEYS, data["section3"]["rows"],
                                                                                    strict=True)})
            changes = _diff(locked_s3, s3)
            if data["section4"]["values"] != s4:
                changes.append("表四（复议、诉讼）与定稿时不同")
            texts = {k: data["texts"].get(TEXT_TITLES[k], "") for k in TEXT_KEYS}
            templates = {k: data.get("templates", {}).get(TEXT_TITLES[k], from_plain_text(texts[k])) for k in TEXT_KEYS}
            section2 = {row["name"]: row["values"] for row in data["section2"]["rows"]}
            f = data.get("fees", {})
            report = Report(year, data.get("unit", unit), section2, locked_s3, data["section4"]["values"],
                            FeeFigures(f.get("notices", 0), f.get("amount", 0), f.get("collected", 0)), texts, [],
                            snap["created_at"], changes, templates=templates,
                            section2_confirmed=confirmed.get("at") if confirmed else snap["created_at"],
                            intro_contact=data.get("intro_contact", ""))
            correction = reports.get_input(year, CORRECTION_KEY)
            if correction and correction.get("snapshot") == snap["id"]:
                report.correction = correction
        else:
            figures = Figures(year, unit, s3.values, reports.get_input(year, "section2") or empty_section2(year), s4,
                              fees, late, self._tasks(year),
                              self.ledger.items.converted_count(f"{year}-01-01", f"{year}-12-31"))
            templates = self.templates(year, figures)
            texts = {k: render(t, figures, strict=False) for k, t in templates.items()}
            legacy_confirmed = reports.get_input(year, "section2") is not None  # saved before confirmation existed
            report = Report(year, unit, figures.section2, s3, s4, fees, texts, [], templates=templates,
                            section2_confirmed=(confirmed or {}).get("at") or ("已保存" if legacy_confirmed else None),
                            intro_contact=contact_line(profile.office_name or profile.organ_name, profile.address,
                                                       profile.postcode, profile.phone), figures=figures)
        report.late_entries = list(reports.get_input(year, LATE_ENTRIES_KEY, []) or [])
        previous, source = self.previous_carried_out(year)
        report.checks = check_section3(report.section3, previous, source) + [check_section4(report.section4)]
        self._explain_carry_over(year, report.checks)
        errors = validate_section2(report.section2, year)
        report.checks.append(Check("表二数据为非负数", not errors, "；".join(errors.values())))
        report.checks.append(Check(group="定稿", rule="表二已录入并确认", ok=report.section2_confirmed is not None, detail=
                                   "" if report.section2_confirmed else
                                   "表二从未录入：请逐项填写（没有的填0）并保存确认，未录入不同于录入0"))
        if report.figures is not None:
            report.checks += check_texts(report.templates, report.figures)
        correction = reports.get_input(year - 1, CORRECTION_KEY)
        if correction and reports.locked_snapshot(year - 1) and report.locked_at is None:
            report.texts["六"] = (report.texts.get("六", "").rstrip() + "\n" + _correction_sentence(year - 1, correction)
                                  ).strip()
        if today is not None and today < date(year + 1, 1, 1):
            report.year_complete = False
        return report

    def _explain_carry_over(self, year: int, checks: list[Check]) -> None:
        """When 上年结转 differs from a finalised year, say why (entries recorded after 定稿) and what to do."""
        for check in checks:
            if check.ok or not check.rule.startswith("上年结转等于") or "定稿" not in check.rule:
                continue
            entries = self.ledger.reports.get_input(year - 1, LATE_ENTRIES_KEY, []) or []
            why = ("；原因：" + "；".join(f"{e['no']}（{e['what']}，{e['recorded_at'][:10]}补录，理由：{e['reason']}）"
                                           for e in entries[:10])) if entries else ""
            check.detail += (why + f"。可为{year - 1}年度报告写更正说明（年度报告页“更正说明…”，或 gongkai report "
                             f"{year - 1} --correction 说明），更正后的数字用于本年核对并写入本年第六部分；"
                             f"也可解除{year - 1}年定稿后重新定稿")

    def save_section2(self, year: int, data: dict[str, list[str]]) -> dict[str, str]:
        """Save and confirm 表二 (every row entered; 0 where nothing happened)."""
        self._require_unlocked(year)
        errors = validate_section2(data, year)
        if not errors:
            with self.ledger.db.atomic():
                self.ledger.reports.set_input(year, "section2", data)
                self.ledger.reports.set_input(year, CONFIRMED_KEY, {"at": now_text()})
        return errors

    def save_text(self, year: int, part: str, template: str) -> None:
        """Save one narrative part as a template; an unknown field is refused (nothing saved)."""
        self._require_unlocked(year)
        figures = None
        for name in fields_in(template):
            if figures is None:  # the year's figures only when the text has fields to check
                figures = self.figures(year)
            try:
                field_value(name, figures)
            except TemplateError as exc:
                raise DomainError(f"{TEXT_TITLES[part]}：{exc}") from None
        self.ledger.reports.set_input(year, TEXT_KEYS[part], {"template": template})

    def save_previous_carried_out(self, year: int, values: list[int]) -> None:
        """Hand-entered 结转下年度 of `year` (a year the ledger does not cover), per column incl. 总计."""
        if len(values) != len(COLUMNS) or any(v < 0 for v in values) or sum(values[:-1]) != values[-1]:
            raise DomainError("请按7列填写非负整数，且总计等于各列之和。")
        self.ledger.reports.set_input(year, PREVIOUS_KEY, values)

    def _require_unlocked(self, year: int) -> None:
        if self.ledger.reports.locked_snapshot(year):
            raise DomainError(f"{year}年度报告已定稿，如需修改请先解除定稿。")

    def finalise(self, year: int, today: date) -> Report:
        report = self.build(year, today)
        if report.locked_at:
            raise DomainError(f"{year}年度报告已定稿。")
        if not report.year_complete:
            raise DomainError(f"{year}年尚未结束，年度报告须在次年定稿。")
        failing = [c for c in report.checks if not c.ok]
        if failing:
            raise DomainError("检查未通过，不能定稿：" + "；".join(f"{c.rule}（{c.detail}）" for c in failing))
        self.ledger.reports.finalise(year, report.to_json())
        return self.build(year, today)

    def unlock(self, year: int, reason: str) -> None:
        self.ledger.reports.unlock(year, reason)

    def add_correction(self, year: int, text: str) -> dict[str, Any]:
        """A 更正说明 for a finalised year: the published report stays locked; the corrected 结转下年度 (the live
        ledger) is used for the next year's carry-over check and the note is printed in the next year's 六."""
        if not text.strip():
            raise DomainError("更正说明不能为空，请写明更正的原因。")
        snap = self.ledger.reports.locked_snapshot(year)
        if snap is None:
            raise DomainError(f"{year}年度报告尚未定稿，直接修改即可，无需更正说明。")
        live = self.ledger.reports.section3(year)
        locked = section3_from_values(year, {k: r["values"] for k, r in zip(ROW_KEYS, snap["data"]["section3"]["rows"],
                                                                            strict=True)})
        changes = _diff(locked, live)
        if not changes:
            raise DomainError(f"{year}年台账数据与定稿一致，无需更正。")
        note = {"snapshot": snap["id"], "text": text.strip(), "at": now_text(), "changes": changes,
                "carried_out": live.values["carried_out"],
                "was_carried_out": locked.values["carried_out"]}
        self.ledger.reports.set_input(year, CORRECTION_KEY, note)
        return note


# --- entering data into a finalised year ----------------------------------------------------------------------
@dataclass
class YearImpact:
    """What one change would do to a finalised year's 表三."""

    year: int
    no: str
    what: str  # 答复（2025-12-30）
    cells: list[tuple[str, str, int]]  # (row key, column, +1/−1)

    @property
    def message(self) -> str:
        cells = "；".join(f"{row_label(k)}·{c} {'+' if d > 0 else '−'}{abs(d)}" for k, c, d in self.cells)
        return f"{self.year}年度报告已定稿，{self.no} 的{self.what}会改变已发布的表三：{cells}。"

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "no": self.no, "what": self.what,
                "cells": [[row_label(k), c, d] for k, c, d in self.cells]}


def _cells(record: AppRecord, year: int) -> dict[tuple[str, str], int]:
    s3 = compute_section3([record], year)
    return {(k, COLUMNS[c]): s3.values[k][c] for k in ROW_KEYS for c in range(len(COLUMNS) - 1) if s3.values[k][c]}


def finalised_year_impact(ledger: Ledger, no: str, event: Event | None = None, outcome: str | None = None, *,
                          reopen: bool = False, category: str | None = None, received: str | None = None,
                          calendar: Any = None, void: bool = False) -> list[YearImpact]:
    """The finalised years whose 表三 would change, and how, if on application `no`:
    - `event` were recorded (a reply or another closing dated in a finalised year; `outcome` for a reply),
    - its closing were undone (`reopen`, the undo of a reply),
    - its applicant category (`category`, the 表三 column) or receipt date (`received`) were changed,
    - it were voided (`void`: counted nowhere afterwards).
    Empty: nothing published moves. The event dialog and the CLI call this before saving (see record_event).
    With `calendar`, the closing date is the clock's (as add_event will store it), not only the event's day."""
    app = ledger.applications.get(no)
    if app is None:
        raise DomainError(f"台账中没有申请编号为 {no} 的申请。")
    before = AppRecord(no, app.get("category") or "其他", app["received"], app["closed_on"], app["outcome"])
    after, what = before, ""
    if reopen:
        after, what = replace(after, closed_on=None, outcome=None), "撤销办结"
    elif event is not None and event.kind in CLOSING_KINDS:
        code = outcome if event.kind is EventKind.REPLIED else CLOSING_OUTCOMES.get(event.kind.value, outcome)
        closed_on = event.day
        if calendar is not None:
            try:
                result = compute_clock(date.fromisoformat(app["received"]), [*ledger.applications.events(app["id"]),
                                                                              event], calendar, None,
                                       ledger.applications.rules)
            except ClockError:
                return []  # add_event refuses it anyway
            closed_on = result.closed_on or event.day
        after, what = replace(after, closed_on=closed_on.isoformat(), outcome=code), f"{event.kind.label}（{closed_on}）"
    if category is not None and category != before.category:
        after, what = replace(after, category=category), "、".join(x for x in (what, f"申请人类别改为{category}") if x)
    if received is not None and received != before.received:
        after, what = replace(after, received=received), "、".join(x for x in (what, f"收到日期改为{received}") if x)
    if void:
        what = "作废"
    elif after == before:
        return []
    if app.get("voided_at"):  # already counted nowhere
        return []
    impacts = []
    for year in ledger.reports.locked_years():
        a, b = _cells(before, year), ({} if void else _cells(after, year))
        order = sorted(set(a) | set(b), key=lambda x: (ROW_KEYS.index(x[0]), COLUMNS.index(x[1])))
        delta = [(k, c, b.get((k, c), 0) - a.get((k, c), 0)) for k, c in order]
        delta = [d for d in delta if d[2]]
        if delta:
            impacts.append(YearImpact(year, no, what, delta))
    return impacts


class FinalisedYearError(DomainError):
    """A change into a finalised year without a reason; `impacts` says what it would move."""

    def __init__(self, impacts: list[YearImpact], verb: str = "补录"):
        super().__init__("\n".join(i.message for i in impacts) + f"\n如确需{verb}，请写明原因（记入操作日志）。")
        self.impacts = impacts
        self.verb = verb


def record_finalised_entry(ledger: Ledger, impacts: list[YearImpact], reason: str) -> None:
    """Note changes made into finalised years (shown on the report page and in the next year's check)."""
    if not impacts:
        return
    if not reason.strip():
        raise FinalisedYearError(impacts)
    with ledger.db.atomic():
        for impact in impacts:
            entries = list(ledger.reports.get_input(impact.year, LATE_ENTRIES_KEY, []) or [])
            entries.append({**impact.to_json(), "reason": reason.strip(), "recorded_at": now_text()})
            ledger.reports.set_input(impact.year, LATE_ENTRIES_KEY, entries)
            ledger.audit.record("定稿年度补录", "report", impact.year, None, impact.to_json(), note=reason.strip())


def record_event(ledger: Ledger, no: str, event: Event, calendar: Any, today: date, *, reason: str = "",
                 **kwargs: Any) -> Any:
    """ApplicationsRepo.add_event with the finalised-year check: refused without `reason` when the event would
    change a finalised year's 表三; with a reason, the event and the note are saved in one transaction."""
    impacts = finalised_year_impact(ledger, no, event, kwargs.get("outcome"), calendar=calendar)
    if impacts and not reason.strip():
        raise FinalisedYearError(impacts)
    with ledger.db.atomic():
        result = ledger.applications.add_event(no, event, calendar, today, **kwargs)
        record_finalised_entry(ledger, impacts, reason)
    return result


def undo_impact(ledger: Ledger, no: str) -> list[YearImpact]:
    """What undoing the application's last event would change in finalised years (a closing undone reopens it)."""
    app = ledger.applications.get(no)
    if app is None:
        raise DomainError(f"台账中没有申请编号为 {no} 的申请。")
    rows = ledger.applications.event_rows(app["id"])
    closing = {k.value for k in CLOSING_KINDS}  # case steps (交办, 送达 …) never reopen a case
    if not rows or max(rows, key=lambda r: r["id"])["kind"] not in closing:
        return []
    return finalised_year_impact(ledger, no, reopen=True)


def undo_event(ledger: Ledger, no: str, calendar: Any, today: date, *, reason: str = "") -> dict[str, Any]:
    """ApplicationsRepo.undo_last_event with the finalised-year check (like record_event)."""
    impacts = undo_impact(ledger, no)
    if impacts and not reason.strip():
        raise FinalisedYearError(impacts)
    with ledger.db.atomic():
        last = ledger.applications.undo_last_event(no, calendar, today)
        record_finalised_entry(ledger, impacts, reason)
    return last


def _correction_sentence(year: int, note: dict[str, Any]) -> str:
    was, now = note["was_carried_out"][-1], note["carried_out"][-1]
    return (f"关于{year}年度报告的更正说明：{note['text'].rstrip('。')}。{year}年度报告“结转下年度继续办理”由{was}件更正为"
            f"{now}件，本年“上年结转”按更正后的数字填报。")


def _carried_out(data: dict[str, Any]) -> list[int]:
    return list(data["section3"]["rows"][ROW_KEYS.index("carried_out")]["values"])


def _diff(locked: Section3, live: Section3) -> list[str]:
    out = []
    for k in ROW_KEYS:
        for c, column in enumerate(COLUMNS):
            a, b = locked.values[k][c], live.values[k][c]
            if a != b:
                out.append(f"{row_label(k)}·{column}：定稿{a}，现为{b}")
    return out


def load_unit_reports(paths: list[Path], reader: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Read the files one by one, each report marked with its file name (`_source`) for the listing and --pick."""
    reports: list[dict[str, Any]] = []
    problems: list[str] = []
    for path in paths:
        got, bad = reader([path])
        for r in got:
            r["_source"] = path.name
        reports += got
        problems += bad
    return reports, problems
