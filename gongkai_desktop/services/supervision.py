"""督办 of the 工作要点 across units (domain.md §8.8): 反馈表 out and back, who is behind, 督办通知 with a 文号,
the 通报 of a period and a unit's own 本机关工作要点 draft. Shared by the 工作要点 page and `gongkai tasks`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.letters import format_doc_number
from ..core.workdays import cn_date
from ..core.workplan import concerns_unit, own_plan_reminder, state_summary, unit_is_late
from ..documents.atomic import OutputFileError
from ..documents.feedback_xlsx import (
    FeedbackReadError,
    read_feedback_xlsx,
    safe_file_name,
    write_feedback_xlsx,
)
from ..documents.letter_docx import TemplateProblem
from ..storage.attachments_repo import sha256_of
from ..storage.ledger import Ledger, beside
from ..storage.task_units_repo import NOTICE_REGISTER, ReportRow, TaskUnitError
from .letters import TemplateStore

Progress = Callable[[int, int, str], bool]  # (done, total, what) → False cancels


@dataclass
class FeedbackImport:
    """The result of importing one 反馈表 file."""
    path: Path
    unit: str = ""
    period: str = ""
    changed: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        who = f"{self.unit}（{self.path.name}）" if self.unit else self.path.name
        if self.problems:
            return f"{who}：未导入。" + "；".join(self.problems)
        if not self.changed:
            return f"{who}：与已导入的内容相同，未作改动。"
        return f"{who}：已导入{self.changed}项" + (f"，{self.unchanged}项与上次相同" if self.unchanged else "") + "。"


@dataclass(frozen=True)
class MadeNotice:
    unit: str
    doc_number: str
    path: Path
    tasks: int


class SupervisionService:
    def __init__(self, ledger: Ledger, templates: TemplateStore):
        self.ledger = ledger
        self.templates = templates
        self.units = ledger.tasks.units

    @classmethod
    def for_ledger(cls, ledger: Ledger, default_dir: Path) -> SupervisionService:
        return cls(ledger, TemplateStore(default_dir, beside(ledger.path, "模板")))

    def output_folder(self, year: int, what: str) -> Path | None:
        folder = beside(self.ledger.path, "文书")
        return folder / "工作要点督办" / f"{year}年" / what if folder else None

    # --- 反馈表 ---------------------------------------------------------------------------------------
    def export_feedback(self, year: int, period: str, due: date, folder: Path, units: list[str] | None = None,
                        progress: Progress | None = None) -> tuple[list[Path], list[str]]:
        """One 反馈表 per unit (all units named in the year's plan, or the ones given); opens or extends the
        collection round `period` with its 报送 date. Returns the files written and any problems."""
        known = self.units.unit_names(year)
        if not known:
            raise TaskUnitError(f"{year}年工作要点中没有任何责任单位，无法导出反馈表。")
        chosen = units or known
        unknown = [u for u in chosen if u not in known]
        if unknown:
            raise TaskUnitError("以下单位不是工作要点中的责任单位：" + "、".join(unknown) + "。")
        organ = self.ledger.settings.profile().office_name or self.ledger.settings.profile().organ_name
        round_id = self.units.open_round(year, period, due, chosen)
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for i, unit in enumerate(chosen):
            if progress is not None and not progress(i, len(chosen), unit):
                return written, ["已取消。"]
            rows = self.units.for_unit(year, unit)
            target = folder / f"{safe_file_name(period)}落实情况反馈表-{safe_file_name(unit)}.xlsx"
            try:
                write_feedback_xlsx(target, unit=unit, year=year, period=period, due=due, organ=organ, rows=rows)
            except OutputFileError as exc:
                return written, [f"{unit}：{exc}"]
            self.units.set_round_file(round_id, unit, str(target))
            written.append(target)
        if progress is not None:
            progress(len(chosen), len(chosen), "")
        return written, []

    def import_feedback(self, paths: list[Path], today: date,
                        progress: Progress | None = None) -> list[FeedbackImport]:
        """Import filled 反馈表 files in any order; each file is all or nothing."""
        results: list[FeedbackImport] = []
        for i, path in enumerate(paths):
            if progress is not None and not progress(i, len(paths), path.name):
                results.append(FeedbackImport(path, problems=["已取消。"]))
                return results
            results.append(self._import_one(path, today))
        if progress is not None:
            progress(len(paths), len(paths), "")
        return results

    def _import_one(self, path: Path, today: date) -> FeedbackImport:
        out = FeedbackImport(path)
        try:
            f = read_feedback_xlsx(path)
        except FeedbackReadError as exc:
            out.problems.append(str(exc))
            return out
        out.unit, out.period = f.unit, f.period
        out.problems.extend(f.problems)
        foreign = [r for r in f.rows if r.unit != f.unit]
        for r in foreign:
            out.problems.append(f"第{r.line}行“{r.title}”属于{r.unit or '（未写单位）'}，不是本表单位{f.unit}的任务")
        if out.problems:
            return out
        if not f.rows:
            out.problems.append("反馈表中没有填写任何一项的完成状态或落实情况。")
            return out
        try:
            rnd = self.units.find_round(f.year, f.period)
            outcome = self.units.import_reports(
                rnd["id"], f.unit, [ReportRow(r.task_unit_id, r.state, r.progress, r.evidence, r.day) for r in f.rows],
                path.name, sha256_of(path), today)
        except TaskUnitError as exc:
            out.problems.append(str(exc))
            return out
        out.changed, out.unchanged, out.problems = outcome.changed, outcome.unchanged, outcome.problems
        return out

    def missing(self, year: int, period: str | None = None) -> tuple[dict[str, Any], list[str]]:
        rnd = self.units.find_round(year, period)
        return rnd, self.units.missing(rnd["id"])

    # --- 督办通知 -------------------------------------------------------------------------------------
    def behind(self, year: int, today: date) -> list[dict[str, Any]]:
        return self.units.behind(year, today)

    def _plan_reference(self, year: int) -> str:
        plan = self.units.plan(year) or {}
        title = plan.get("title") or f"{year}年政务公开工作要点"
        return f"《{title}》" + (f"（{plan['doc_number']}）" if plan.get("doc_number") else "")

    def make_notice(self, year: int, unit: str, today: date, issued: date | None = None,
                    reply_by: date | None = None, target: Path | None = None) -> MadeNotice:
        """A 督办通知 for one unit behind schedule, numbered from the 文号 register (register 督)."""
        profile = self.ledger.settings.profile()
        missing = [name for name, value in (("机关名称", profile.organ_name), ("文号前缀（机关代字）", profile.doc_prefix))
                   if not value]
        if missing:
            raise TaskUnitError("请先在“设置”中填写：" + "、".join(missing) + "。")
        entry = next((e for e in self.behind(year, today) if e["unit"] == unit), None)
        if entry is None:
            raise TaskUnitError(f"{unit}没有逾期未完成的任务，也没有逾期未报送的反馈表，无需督办。")
        issued = issued or today
        reply_by = reply_by or self.ledger.calendar.load().add_workdays(issued, 5)
        from ..documents.supervision_docs import NOTICE_SLUG, render_notice  # python-docx: on first use

        template = self.templates.path(NOTICE_SLUG)
        folder = self.output_folder(year, "督办通知")
        if target is None and folder is None:
            raise TaskUnitError("内存台账请指定督办通知的保存位置。")
        tasks = [self._task_line(t) for t in entry["overdue"]]
        rounds = entry["missing_rounds"]
        with self.ledger.db.atomic():
            seq = self.units.next_notice_seq(issued.year)
            doc_number = format_doc_number(profile.doc_prefix, NOTICE_REGISTER, issued.year, seq)
            if target is not None:
                path = target
            else:
                assert folder is not None  # refused above when both are missing
                path = folder / f"督办通知-{safe_file_name(unit)}-{issued.year}-{seq}.docx"
            path.parent.mkdir(parents=True, exist_ok=True)
            context = {
                "organ_name": profile.organ_name, "office_name": profile.office_name or profile.organ_name,
                "doc_number": doc_number, "unit": unit, "year": year, "plan_reference": self._plan_reference(year),
                "as_of_date": cn_date(today), "tasks": tasks, "task_count": len(tasks),
                "missing_periods": "、".join(f"“{r['period']}”" for r in rounds),
                "missing_due": "、".join(cn_date(date.fromisoformat(r["due"])) for r in rounds),
                "reply_by": cn_date(reply_by), "contact": profile.contact or "（联系人）",
                "contact_phone": profile.phone or "（联系电话）", "issued_date": cn_date(issued),
            }
            render_notice(template, context, path)
            self.units.record_notice(unit, year, issued.year, seq, doc_number, issued.isoformat(), str(path),
                                     sha256_of(path))
        return MadeNotice(unit, doc_number, path, len(tasks))

    @staticmethod
    def _task_line(t: dict[str, Any]) -> str:
        deadline = "、".join(cn_date(date.fromisoformat(d)) for d in t["deadlines"])
        progress = f"；已报送：{t['u_progress']}" if t.get("u_progress") else ""
        return f"{t['code'] or ''}{t['title']}（完成时限：{deadline}；目前状态：{t['u_state']}{progress}）"

    def make_notices(self, year: int, units: list[str], today: date, folder: Path, issued: date | None = None,
                     reply_by: date | None = None,
                     progress: Progress | None = None) -> tuple[list[MadeNotice], list[str]]:
        """Notices for several units; stops at the first failure so the 文号 stay consecutive."""
        made: list[MadeNotice] = []
        for i, unit in enumerate(units):
            if progress is not None and not progress(i, len(units), unit):
                return made, ["已取消。"]
            try:
                made.append(self.make_notice(year, unit, today, issued, reply_by,
                                             folder / f"督办通知-{safe_file_name(unit)}.docx"))
            except (TaskUnitError, TemplateProblem, OutputFileError) as exc:
                return made, [f"{unit}：{exc}"]
        if progress is not None:
            progress(len(units), len(units), "")
        return made, []

    # --- 通报 -----------------------------------------------------------------------------------------
    def bulletin_data(self, year: int, period: str | None, today: date) -> dict[str, Any]:
        """Everything the 通报 of a period says: per unit its tasks by state, overdue ones, whether it reported."""
        rnd = self.units.find_round(year, period)
        reported = {u["unit"]: u for u in self.units.round_units(rnd["id"])}
        rows, details = [], []
        late_units = []
        for i, (unit, unit_rows) in enumerate(self.units.rows_by_unit(year).items(), start=1):
            tasks = [t for t in unit_rows if t["u_state"] != "不适用"]
            done = sum(1 for t in tasks if t["u_state"] == "已完成")
            late = [t for t in tasks if unit_is_late(t["deadlines"], t["u_state"], today)]
            r = reported.get(unit)
            if r is None:
                sent = "未列入本期"
            elif r["imported_at"]:
                sent = "已报送"
            else:
                sent = "逾期未报送" if rnd["due"] < today.isoformat() else "尚未报送"
                late_units.append(unit)
            rows.append([str(i), unit, str(len(tasks)), str(done), str(len(tasks) - done - len(late)), str(len(late)),
                         sent])
            for t in late:
                details.append([unit, t["code"] or "", t["title"], "、".join(t["deadlines"]), t["u_state"],
                                t.get("u_progress") or ""])
        counts = self.ledger.tasks.status_counts(year)
        asked = len(reported)
        sent_n = sum(1 for u in reported.values() if u["imported_at"])
        due = cn_date(date.fromisoformat(rnd["due"]))
        summary = (f"按照{self._plan_reference(year)}落实情况报送要求，{rnd['period']}应报送落实情况反馈表{asked}个单位，"
                   f"截至{cn_date(today)}已报送{sent_n}个" + (f"，未报送{len(late_units)}个（{'、'.join(late_units)}）"
                                                          if late_units else "，全部按要求报送") +
                   f"，报送截止日期为{due}。全部工作任务{state_summary(counts)}；逾期未完成的任务涉及"
                   f"{len({d[0] for d in details})}个单位、{len(details)}项。")
        return {"round": rnd, "rows": rows, "details": details, "summary": summary, "late_units": late_units}

    def bulletin(self, year: int, period: str | None, today: date, docx: Path | None, xlsx: Path | None,
                 issued: date | None = None) -> dict[str, Any]:
        from ..documents.supervision_docs import write_bulletin_docx, write_bulletin_xlsx

        data = self.bulletin_data(year, period, today)
        rnd = data["round"]
        title = f"关于{rnd['period']}政务公开工作要点落实情况的通报"
        profile = self.ledger.settings.profile()
        if docx is not None:
            paragraphs = [data["summary"], "一、各单位落实情况", "各单位承担任务的落实情况见下表（“推进中”含持续推进和未启动的任务）。"]
            closing = ["二、下一步要求"]
            if data["late_units"]:
                closing.append(f"请{'、'.join(data['late_units'])}于收到本通报后5个工作日内补报落实情况反馈表及佐证材料。")
            if data["details"]:
                closing.append("逾期未完成任务的单位要逐项明确整改措施和完成时间，按“问题清单式管理、销号式整改”的要求"
                               "限期完成，完成一项、销号一项。")
            closing.append("各单位要对照工作要点，持续抓好各项任务落实，按期报送下一期落实情况。")
            write_bulletin_docx(docx, title=title, addressee="各有关单位：", paragraphs=paragraphs, rows=data["rows"],
                                closing=closing, organ=profile.organ_name or "（机关名称）",
                                issued=cn_date(issued or today))
        if xlsx is not None:
            write_bulletin_xlsx(xlsx, title=title, summary=data["summary"], rows=data["rows"], details=data["details"])
        self.ledger.audit.record("生成落实情况通报", "tasks", year, None,
                                 {"period": rnd["period"], "docx": str(docx or ""), "xlsx": str(xlsx or "")})
        return data

    # --- 本机关工作要点 -------------------------------------------------------------------------------
    def own_plan_reminder(self, year: int, today: date) -> str:
        """'本机关工作要点应于…前制定' while the 20 days run and no draft was made; '' otherwise."""
        return own_plan_reminder(self.units.plan(year), year, today)

    def own_plan(self, year: int, unit: str, collectives: list[str], target: Path, today: date) -> int:
        """Draft the unit's 本机关工作要点 from the tasks naming it (or a collective it belongs to). Returns the
        number of tasks taken in."""
        from ..documents.supervision_docs import write_own_plan_docx

        if not unit.strip():
            raise TaskUnitError("请填写本单位名称。")
        chosen = [t for t in self.ledger.tasks.leaves(year) if concerns_unit(t, unit, collectives)]
        if not chosen:
            raise TaskUnitError(f"{year}年工作要点中没有写明{unit}（或其所属）的任务。")
        sections: dict[str, list[str]] = {}
        for t in chosen:
            heading = (t.get("section") or "其他工作").split("、", 1)[-1]
            text = t["title"].rstrip("。") + "。" + (t.get("text") or "")
            timing = "、".join([cn_date(date.fromisoformat(d)) for d in t["deadlines"]] + t["recurring"])
            if timing:
                text = text.rstrip("。") + f"。（完成时限：{timing}）"
            sections.setdefault(heading, []).append(text)
        plan = self.units.plan(year) or {}
        intro = f"为贯彻落实{self._plan_reference(year)}，结合本单位工作实际，制定本要点。"
        write_own_plan_docx(target, unit=unit, year=year, intro=intro, sections=list(sections.items()),
                            organ_line=unit, date_line=cn_date(today))
        with self.ledger.db.atomic():
            if plan:
                self.units.mark_own_draft(year, today)
            self.ledger.audit.record("生成本机关工作要点草稿", "tasks", year, None, {"unit": unit, "file": str(target),
                                                                              "tasks": len(chosen)})
        return len(chosen)
