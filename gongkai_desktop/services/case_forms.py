"""Making the case's forms (呈批表, 保密审查单, 送达回证): fill the template from the recorded steps, write the file
atomically and record it (file, SHA-256) on the application — one transaction. Shared by the window and
`gongkai apps form`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.errors import DomainError
from ..core.forms import FORM_TYPES, FormType, approval_context, delivery_context, secrecy_context
from ..documents.case_forms import check_form_template, render_form
from ..storage.attachments_repo import sha256_of
from ..storage.ledger import Ledger, beside
from .case import CaseService
from .letters import TemplateStore


class FormError(DomainError):
    """A form that cannot be made now; the message is Chinese."""


@dataclass(frozen=True)
class MadeForm:
    no: str
    type: str
    name: str
    path: Path
    blanks: list[str] = field(default_factory=list)  # lines left blank (not recorded yet)


class FormService:
    def __init__(self, ledger: Ledger, templates: TemplateStore):
        self.ledger = ledger
        self.templates = templates

    @classmethod
    def for_ledger(cls, ledger: Ledger, default_dir: Path) -> FormService:
        return cls(ledger, TemplateStore(default_dir, beside(ledger.path, "模板")))

    def form_type(self, slug: str) -> FormType:
        ft = FORM_TYPES.get(slug)
        if ft is None:
            raise FormError(f"未知的表单类型“{slug}”，可用：" + "、".join(f"{k}（{v.name}）" for k, v in FORM_TYPES.items()))
        return ft

    def default_target(self, no: str, slug: str) -> Path:
        folder = beside(self.ledger.path, "文书")
        if folder is None:
            raise FormError("内存台账请指定表单保存位置。")
        return folder / no / f"{self.form_type(slug).name}-{no}.docx"

    def problems(self, slug: str) -> list[str]:
        ft = self.form_type(slug)
        return check_form_template(self.templates.path(ft.template), ft)

    def make(self, no: str, slug: str, target: Path | None, today: date,
             delivery_id: int | None = None) -> MadeForm:
        """Fill and write one form; raises FormError, TemplateProblem or OutputFileError (nothing recorded)."""
        ft = self.form_type(slug)
        refusal = self.ledger.archives.refusal(no)
        if refusal:
            raise FormError(refusal)
        case = CaseService(self.ledger)
        view = case.view(no, today)
        app = view.app
        profile = self.ledger.settings.profile()
        letters = self.ledger.letters.for_application(app["id"])
        if slug == "approval":
            if view.state.draft is None:
                raise FormError("呈批表按拟办意见填写：本件尚未登记拟办意见（或已退回），请先在“内部审批”中登记。")
            due = view.clock.due if view.clock is not None else None
            context, blanks = approval_context(app, view.state, due, letters, profile, today)
        elif slug == "secrecy":
            context, blanks = secrecy_context(app, view.state, profile, today)
        else:
            deliveries = view.deliveries
            if delivery_id is not None:
                chosen = next((d for d in deliveries if d["id"] == delivery_id), None)
                if chosen is None:
                    raise FormError(f"{no} 没有编号为 {delivery_id} 的送达记录。已登记的送达："
                                    + ("、".join(f"{d['id']}（{d['date']} {d['letter']}）" for d in deliveries) or "无"))
            else:
                chosen = deliveries[-1] if deliveries else None
            if chosen is not None:
                letter = next((r for r in letters if r["doc_number"] == chosen["letter"]), None)
            else:
                letter = letters[-1] if letters else None
            if letter is None:
                raise FormError("送达回证须有送达的文书：本件尚未出具文书。")
            context, blanks = delivery_context(app, letter, chosen, profile, today)
        target = target or self.default_target(no, slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        with self.ledger.db.atomic():
            render_form(self.templates.path(ft.template), ft, context, target)
            self.ledger.records.record_form(app["id"], no, slug, today.isoformat(), str(target), sha256_of(target))
        return MadeForm(no, slug, ft.name, target, blanks)
