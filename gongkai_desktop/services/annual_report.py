"""The year's 政府信息公开工作年度报告 assembled from the ledger: tables, checks, texts, finalising.

A finalised (locked) year is reported from its snapshot, so exports stay the same whatever happens to the
ledger afterwards; differences between the snapshot and the live ledger are listed for the officer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core.annual_report import (
    COLUMNS,
    ROW_KEYS,
    SECTION2_ROWS,
    SECTION4_COLUMNS,
    Check,
    FeeFigures,
    Section3,
    TaskFigures,
    check_section3,
    check_section4,
    compute_section3,
    compute_section4,
    draft_section1,
    draft_section5,
    draft_section6,
    empty_section2,
    row_label,
    section3_from_values,
    validate_section2,
)
from ..storage.ledger import Ledger

TEXT_KEYS = {"一": "text.一", "五": "text.五", "六": "text.六"}
TEXT_TITLES = {"一": "一、总体情况", "五": "五、存在的主要问题及改进情况", "六": "六、其他需要报告的事项"}
PREVIOUS_KEY = "section3.carried_out"  # hand-entered 结转下年度 of a year before the ledger


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

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "unit": self.unit,
            "section2": {"rows": [{"item": item, "name": name, "columns": list(cols), "values": self.section2[name]}
                                  for item, name, cols in SECTION2_ROWS]},
            "section3": self.section3.to_json(),
            "section4": {"columns": list(SECTION4_COLUMNS), "values": list(self.section4)},
            "fees": {"notices": self.fees.notices, "amount": self.fees.amount, "collected": self.fees.collected},
            "texts": {TEXT_TITLES[k]: v for k, v in self.texts.items()},
            "checks": [c.to_json() for c in self.checks],
            "locked": self.locked_at is not None,
            "locked_at": self.locked_at,
            "changes_since_lock": self.changes_since_lock,
        }


class ReportService:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def _tasks(self, year: int) -> TaskFigures | None:
        if year not in self.ledger.tasks.years():
            return None
        unfinished = [t["title"] for t in self.ledger.tasks.leaves(year) if t["state"] in ("未启动", "未完成", "推进中")]
        return TaskFigures(year, self.ledger.tasks.status_counts(year), unfinished)

    def live(self, year: int) -> tuple[Section3, list[int], FeeFigures, int]:
        reports = self.ledger.reports
        s3 = reports.section3(year)
        s4 = compute_section4(reports.review_records(), year)
        return s3, s4, reports.fee_figures(year), reports.late_replies(year)

    def cell_members(self, year: int, key: str, column: int) -> list[str]:
        """The applications behind one 表三 cell of the live ledger."""
        s3 = compute_section3(self.ledger.reports.app_records(year), year, with_members=True)
        return s3.members.get((key, column), [])

    def previous_carried_out(self, year: int) -> tuple[list[int] | None, str]:
        reports = self.ledger.reports
        snap = reports.locked_snapshot(year - 1)
        if snap is not None:
            return _carried_out(snap["data"]), f"{year - 1}年定稿"
        manual = reports.get_input(year - 1, PREVIOUS_KEY)
        if manual is not None:
            return [int(x) for x in manual], f"手工录入的{year - 1}年数据"
        first = reports.first_year()
        if first is not None and first < year:
            prev = compute_section3(reports.app_records(year - 1), year - 1)
            return prev.values["carried_out"], "台账"
        return None, ""

    def drafts(self, year: int) -> dict[str, str]:
        s3, _s4, fees, late = self.live(year)
        tasks = self._tasks(year)
        unit = self.ledger.settings.profile().organ_name
        return {"一": draft_section1(year, unit, s3, late, fees, tasks), "五": draft_section5(s3, late),
                "六": draft_section6(year, fees, tasks)}

    def build(self, year: int, today: date | None = None) -> Report:
        reports = self.ledger.reports
        unit = self.ledger.settings.profile().organ_name
        s3, s4, fees, _late = self.live(year)
        snap = reports.locked_snapshot(year)
        if snap is not None:
            data = snap["data"]
            locked_s3 = section3_from_values(year, {k: r["values"] for k, r in zip(ROW_KEYS, data["section3"]["rows"],
                                                                                    strict=True)})
            changes = _diff(locked_s3, s3)
            if data["section4"]["values"] != s4:
                changes.append("表四（复议、诉讼）与定稿时不同")
            texts = {k: data["texts"].get(TEXT_TITLES[k], "") for k in TEXT_KEYS}
            section2 = {row["name"]: row["values"] for row in data["section2"]["rows"]}
            f = data.get("fees", {})
            report = Report(year, data.get("unit", unit), section2, locked_s3, data["section4"]["values"],
                            FeeFigures(f.get("notices", 0), f.get("amount", 0), f.get("collected", 0)), texts, [],
                            snap["created_at"], changes)
        else:
            drafts = None
            texts = {}
            for k, key in TEXT_KEYS.items():
                saved = reports.get_input(year, key)
                if saved is None:
                    drafts = drafts or self.drafts(year)
                    saved = drafts[k]
                texts[k] = saved
            section2 = reports.get_input(year, "section2") or empty_section2()
            report = Report(year, unit, section2, s3, s4, fees, texts, [])
        previous, source = self.previous_carried_out(year)
        report.checks = check_section3(report.section3, previous, source) + [check_section4(report.section4)]
        errors = validate_section2(report.section2)
        report.checks.append(Check("表二数据为非负数", not errors, "；".join(errors.values())))
        if today is not None and today < date(year + 1, 1, 1):
            report.year_complete = False
        return report

    def save_section2(self, year: int, data: dict[str, list[str]]) -> dict[str, str]:
        self._require_unlocked(year)
        errors = validate_section2(data)
        if not errors:
            self.ledger.reports.set_input(year, "section2", data)
        return errors

    def save_text(self, year: int, part: str, text: str) -> None:
        self._require_unlocked(year)
        self.ledger.reports.set_input(year, TEXT_KEYS[part], text)

    def save_previous_carried_out(self, year: int, values: list[int]) -> None:
        """Hand-entered 结转下年度 of `year` (a year the ledger does not cover), per column incl. 总计."""
        if len(values) != len(COLUMNS) or any(v < 0 for v in values) or sum(values[:-1]) != values[-1]:
            raise ValueError("请按7列填写非负整数，且总计等于各列之和。")
        self.ledger.reports.set_input(year, PREVIOUS_KEY, values)

    def _require_unlocked(self, year: int) -> None:
        if self.ledger.reports.locked_snapshot(year):
            raise ValueError(f"{year}年度报告已定稿，如需修改请先解除定稿。")

    def finalise(self, year: int, today: date) -> Report:
        report = self.build(year, today)
        if report.locked_at:
            raise ValueError(f"{year}年度报告已定稿。")
        if not report.year_complete:
            raise ValueError(f"{year}年尚未结束，年度报告须在次年定稿。")
        failing = [c for c in report.checks if not c.ok]
        if failing:
            raise ValueError("勾稽检查未通过，不能定稿：" + "；".join(f"{c.rule}（{c.detail}）" for c in failing))
        self.ledger.reports.finalise(year, report.to_json())
        return self.build(year, today)

    def unlock(self, year: int, reason: str) -> None:
        self.ledger.reports.unlock(year, reason)


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
