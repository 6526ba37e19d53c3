"""行政复议 / 行政诉讼 from the agency's side, shared by the window and `gongkai review`: registering a review with
its answer deadline, the list of deadlines, recording the decision, and the 复议答复书 / 行政诉讼答辩状 with its
证据目录 and the evidence bundle (domain.md §8.5)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.applications import OUTCOME_BY_CODE
from ..core.errors import DomainError
from ..core.reviews import (
    ANSWER_DEADLINE_LABELS,
    OUTCOMES,
    REOPEN_DEFAULT_DAYS,
    AnswerDeadline,
    answer_deadline,
    answer_status,
    reopen_due,
    review_type,
    stored_kind,
)
from ..core.steps import STEP_BY_SLUG
from ..core.workdays import WorkCalendar, cn_date
from ..storage.ledger import Ledger, beside
from ..storage.reviews_repo import ReviewError

if TYPE_CHECKING:  # python-docx (via the letter templates) loads on first use, not at start-up (issue 26)
    from .letters import TemplateStore


class ReviewServiceError(DomainError):
    """A review action that cannot be done; the message is Chinese."""


@dataclass(frozen=True)
class DueItem:
    """One deadline the office must keep after a reply: a 复议答复 / 诉讼答辩, or a 重新答复."""

    label: str
    no: str
    applicant: str
    due: date
    status: str
    review_id: int | None = None
    detail: str = ""  # the 复议机关/法院 and 程序, or the 重新答复's source and 文号

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "no": self.no, "applicant": self.applicant, "due": self.due.isoformat(),
                "status": self.status, "review_id": self.review_id, "detail": self.detail}


@dataclass(frozen=True)
class Answer:
    path: Path
    evidence: list[dict[str, Any]]
    bundle: Path | None = None


def deadline_of(row: dict[str, Any], calendar: WorkCalendar) -> AnswerDeadline | None:
    """The answer deadline of a stored review record (None when the copy's receipt is not recorded)."""
    if not row.get("copy_received"):
        return None
    return answer_deadline(row["kind"], date.fromisoformat(row["copy_received"]), calendar,
                           simplified=row.get("procedure") == "简易")


class ReviewService:
    def __init__(self, ledger: Ledger, templates: TemplateStore | None = None):
        self.ledger = ledger
        self.templates = templates

    @classmethod
    def for_ledger(cls, ledger: Ledger, default_dir: Path) -> ReviewService:
        from .letters import TemplateStore

        return cls(ledger, TemplateStore(default_dir, beside(ledger.path, "模板")))

    # --- reading -----------------------------------------------------------------------------------
    def find(self, key: str) -> dict[str, Any]:
        """A review record by its id, or the latest one of an application number."""
        if key.isdigit():
            row = self.ledger.reviews.get(int(key))
            if row is not None:
                return row
        app = self.ledger.applications.get(key)
        if app is None:
            raise ReviewServiceError(f"没有编号为 {key} 的复议诉讼记录，也没有该申请编号。")
        rows = self.ledger.reviews.for_application(app["id"])
        if not rows:
            raise ReviewServiceError(f"{key} 没有登记复议或诉讼。")
        found = self.ledger.reviews.get(rows[-1]["id"])
        assert found is not None
        return found

    def due_items(self, today: date, within: int | None = None) -> list[DueItem]:
        """Pending answer deadlines and 重新答复 deadlines, earliest first (`within`: due in N days or overdue)."""
        calendar = self.ledger.calendar.load()
        items: list[DueItem] = []
        for row in self.ledger.reviews.listing(pending_only=True):
            d = deadline_of(row, calendar)
            if d is not None:
                items.append(DueItem(ANSWER_DEADLINE_LABELS[review_type(row["kind"])], row["app_no"],
                                     row["applicant"], d.due, answer_status(d.due, None, today), row["id"],
                                     f"{row['kind']}（{row['procedure']}程序）：{row['organ'] or ''}"))
        for r in self.ledger.reviews.pending_reopens():
            data = json.loads(r["data"] or "{}")
            due = reopen_due(date.fromisoformat(r["day"]), int(data.get("period_days") or REOPEN_DEFAULT_DAYS), calendar)
            items.append(DueItem("重新答复期限", r["no"], r["applicant"], due, answer_status(due, None, today),
                                 detail=f"{data.get('source', '')}{data.get('doc_no', '')}"))
        if within is not None:
            items = [i for i in items if (i.due - today).days <= within]
        return sorted(items, key=lambda i: (i.due, i.no))

    def listing(self, today: date) -> list[dict[str, Any]]:
        calendar = self.ledger.calendar.load()
        out = []
        for row in self.ledger.reviews.listing():
            d = deadline_of(row, calendar)
            answered = date.fromisoformat(row["answered"]) if row.get("answered") else None
            out.append({**row, "type": review_type(row["kind"]),
                        "due": d.due.isoformat() if d else None,
                        "status": answer_status(d.due, answered, today) if d else "",
                        "trail": list(d.trail) if d else []})
        return out

    # --- writing -----------------------------------------------------------------------------------
    def add(self, no: str, type_: str, organ: str, copy_received: date, simplified: bool = False,
            filed: date | None = None, note: str = "") -> int:
        app = self.ledger.applications.get(no)
        if app is None:
            raise ReviewServiceError(f"台账中没有申请编号为 {no} 的申请。")
        earlier = any(r["kind"] == "行政复议" for r in self.ledger.reviews.for_application(app["id"]))
        try:
            kind = stored_kind(type_, earlier)
        except ValueError as exc:
            raise ReviewServiceError(str(exc)) from exc
        if not organ.strip():
            raise ReviewServiceError("请填写复议机关或人民法院名称。")
        data = {"kind": kind, "organ": organ.strip(), "filed": (filed or copy_received).isoformat(),
                "copy_received": copy_received.isoformat(), "procedure": "简易" if simplified else "普通",
                "note": note}
        try:
            return self.ledger.reviews.save(app["id"], data)
        except ReviewError as exc:
            raise ReviewServiceError(str(exc)) from exc

    def update(self, review_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        row = self.ledger.reviews.get(review_id)
        if row is None:
            raise ReviewServiceError(f"没有编号为 {review_id} 的复议诉讼记录。")
        data = {k: row.get(k) for k in self.ledger.reviews.FIELDS}
        data.update(changes)
        try:
            self.ledger.reviews.save(row["application_id"], data, review_id)
        except ReviewError as exc:
            raise ReviewServiceError(str(exc)) from exc
        updated = self.ledger.reviews.get(review_id)
        assert updated is not None
        return updated

    def decide(self, review_id: int, outcome: str, day: date, doc_no: str = "") -> dict[str, Any]:
        if outcome not in OUTCOMES:
            raise ReviewServiceError(f"结果只能是：{'、'.join(OUTCOMES)}。")
        return self.update(review_id, {"outcome": outcome, "decided": day.isoformat(), "doc_no": doc_no or None})

    # --- the answer and its evidence ---------------------------------------------------------------
    def evidence(self, no: str, today: date) -> list[dict[str, Any]]:
        """The 证据目录: the application, the steps' letters, the forms and the attachments, in case order."""
        from .case import CaseService  # the 工作台 imports this module for due_items() at start-up

        view = CaseService(self.ledger).view(no, today)
        app = view.app
        items: list[dict[str, Any]] = [{"name": f"政府信息公开申请（{app['no']}）", "source": app["applicant"],
                                        "file": None, "proves": f"申请人于{cn_date(date.fromisoformat(app['received']))}"
                                                                f"提出申请及其内容"}]
        for att in self.ledger.attachments.for_application(app["id"]):
            items.append({"name": att["name"],
                          "source": "申请人或本机关", "file": self._attachment_path(att),
                          "proves": "申请材料及办理过程中形成的材料"})
        for r in view.records:
            items.append({"name": f"{r['label']}（{cn_date(date.fromisoformat(r['date']))}）", "source": "本机关",
                          "file": None,
                          "proves": r["text"]})
        for f in view.forms:
            items.append({"name": f"{_form_name(f['type'])}（{f['made']}）", "source": "本机关",
                          "file": Path(f["file"]) if f.get("file") else None, "proves": "内部审批、保密审查和送达过程"})
        for letter in self.ledger.letters.for_application(app["id"]):
            items.append({"name": f"{_letter_title(letter['type'])}（{letter['doc_number']}）", "source": "本机关",
                          "file": Path(letter["file"]) if letter.get("file") else None,
                          "proves": f"本机关于{cn_date(date.fromisoformat(letter['issued']))}作出的书面答复或告知"})
        for d in view.deliveries:
            items.append({"name": f"送达凭证（{d['letter']}，{d['method']}）", "source": "本机关",
                          "file": None, "proves": d["why"]})
        for i, item in enumerate(items, start=1):
            item["no"] = str(i)
            item["pages"] = str(_pages(item["file"])) if item["file"] else ""
        return items

    def _attachment_path(self, att: dict[str, Any]) -> Path | None:
        try:
            return self.ledger.attachments.path_of(att)
        except Exception:  # noqa: BLE001 - an attachment without a stored file is listed without one
            return None

    def facts(self, no: str, today: date) -> list[str]:
        """The case's history in date order: each step, the letters with their 文号, the 送达 and the records."""
        from .case import CaseService

        view = CaseService(self.ledger).view(no, today)
        app = view.app
        out: list[tuple[str, int, str]] = []
        for r in self.ledger.applications.step_rows(app["id"]):
            step = STEP_BY_SLUG.get(r.slug)
            if step is None or r.slug in ("deliver", "delivered"):  # the 送达 are listed below
                continue
            what = step.label
            outcome = r.data.get("outcome") or (app.get("outcome") if r.slug == "replied" else None)
            if outcome in OUTCOME_BY_CODE:
                what += f"，办理结果为“{OUTCOME_BY_CODE[outcome].full}”"
            basis = r.data.get("basis") or (app.get("outcome_basis") if r.slug == "replied" else None)
            if basis:
                what += f"，依据{basis}"
            if r.signer:
                what += f"（{r.signer}）"
            if r.result:
                what += f"，结论：{r.result}"
            out.append((r.day.isoformat(), 0, f"{cn_date(r.day)}，{what}。"))
        for letter in self.ledger.letters.for_application(app["id"]):
            out.append((letter["issued"], 1, f"{cn_date(date.fromisoformat(letter['issued']))}，本机关出具"
                                             f"{_letter_title(letter['type'])}（{letter['doc_number']}）。"))
        for d in view.deliveries:
            out.append((d["date"], 2, f"{cn_date(date.fromisoformat(d['date']))}，{d['letter_name'] or d['letter']}以"
                                      f"{d['method']}方式送达{d['recipient']}"
                                      + (f"（邮件号{d['tracking']}）" if d["tracking"] else "") + f"，{d['why']}"
                                      + (f"，{cn_date(date.fromisoformat(d['delivered']))}妥投"
                                         if d["delivered"] and d["method"] == "邮寄（邮政）" else "") + "。"))
        for rec in view.records:
            out.append((rec["date"], 0, f"{cn_date(date.fromisoformat(rec['date']))}，{rec['label']}：{rec['text']}。"))
        return [text for _, _, text in sorted(out, key=lambda x: (x[0], x[1]))]

    def answer(self, key: str, target: Path, today: date, bundle: Path | None = None) -> Answer:
        if self.templates is None:
            raise ReviewServiceError("没有可用的答复书模板。")
        row = self.find(key)
        no = row["app_no"]
        app = self.ledger.applications.get(no)
        assert app is not None
        type_ = review_type(row["kind"])
        d = deadline_of(row, self.ledger.calendar.load())
        evidence = self.evidence(no, today)
        profile = self.ledger.settings.profile()
        basis = ["《中华人民共和国政府信息公开条例》第二十七条、第三十三条（依申请公开及答复期限）"]
        if app.get("outcome_basis"):
            basis.append(f"《中华人民共和国政府信息公开条例》{app['outcome_basis'].replace('条例', '')}"
                         if str(app["outcome_basis"]).startswith("条例") else str(app["outcome_basis"]))
        context = {
            "organ_name": profile.organ_name, "applicant": app["applicant"],
            "review_organ": row.get("organ") or (profile.review_organ if type_ == "复议" else profile.court), "app_no": no,
            "copy_received_date": cn_date(date.fromisoformat(row["copy_received"])) if row.get("copy_received") else "",
            "received_date": cn_date(date.fromisoformat(app["received"])), "content": app["content_title"],
            "facts": self.facts(no, today), "basis": basis,
            "opinion": ("综上，本机关已依法履行政府信息公开职责，答复认定事实清楚、程序合法、适用依据正确，"
                        + ("请复议机关依法予以维持。" if type_ == "复议" else "请人民法院依法驳回原告的诉讼请求。")),
            "evidence": [{k: v for k, v in e.items() if k != "file"} for e in evidence],
            "made_date": cn_date(today), "due_date": cn_date(d.due) if d else "", "case_no": row.get("doc_no") or "",
        }
        # python-docx loads on the first answer, not when the window starts (issue 26)
        from ..documents.review_answer import ANSWER_NAMES, ANSWER_TEMPLATES, render_answer

        template = self.templates.path(ANSWER_TEMPLATES[type_])
        target.parent.mkdir(parents=True, exist_ok=True)
        render_answer(template, context, target)
        folder = self.export_bundle(target, evidence, bundle) if bundle is not None else None
        self.ledger.audit.record(f"生成{ANSWER_NAMES[type_]}", "review", row["id"], None, {"file": str(target)})
        return Answer(target, evidence, folder)

    def export_bundle(self, answer: Path, evidence: list[dict[str, Any]], folder: Path) -> Path:
        """The evidence in order as files (NN-名称.ext) with the answer (which carries the 目录), written to a
        temporary folder beside the target and renamed into place."""
        if folder.exists() and any(folder.iterdir()):
            raise ReviewServiceError(f"文件夹 {folder} 已存在且不为空，请另选一个位置。")
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".证据-", dir=folder.parent))
        try:
            shutil.copy2(answer, tmp / f"00-{answer.stem}（含证据目录）{answer.suffix}")
            for e in evidence:
                src = e.get("file")
                if src is not None and Path(src).exists():
                    name = _safe(e["name"])
                    shutil.copy2(src, tmp / f"{int(e['no']):02d}-{name}{Path(src).suffix}")
            if folder.exists():
                folder.rmdir()
            os.replace(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return folder


def _safe(name: str) -> str:
    return "".join("_" if c in '\\/:*?"<>|' else c for c in name)[:60]


def _pages(path: Path | None) -> int | str:
    if path is None or not Path(path).exists():
        return ""
    if Path(path).suffix.lower() == ".pdf":
        try:
            from pypdf import PdfReader

            return len(PdfReader(str(path)).pages)
        except Exception:  # noqa: BLE001 - an unreadable PDF is listed without a page count
            return ""
    return 1 if Path(path).suffix.lower() in (".jpg", ".jpeg", ".png", ".tif", ".tiff") else ""


def _letter_title(slug: str) -> str:
    from ..core.letters import LETTER_BY_SLUG

    t = LETTER_BY_SLUG.get(slug)
    return t.name.split("：")[0] if t else slug


def _form_name(slug: str) -> str:
    from ..core.forms import FORM_TYPES

    ft = FORM_TYPES.get(slug)
    return ft.name if ft else slug
