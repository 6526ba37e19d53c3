"""Making a letter for an application: check it may be issued, take its 文号, fill the template, write the
file and record it — all or nothing. Shared by the GUI (one letter or a batch) and `gongkai letter`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..core.clock import ClockError, EventKind
from ..core.letter_dates import DateProblem, check_issued, event_day
from ..core.letter_dates import require as require_date
from ..core.letters import (
    LETTER_BY_SLUG,
    LETTER_TYPES,
    LetterError,
    LetterRecords,
    LetterRequest,
    LetterType,
    build_context,
    check_allowed,
    format_doc_number,
    missing_settings,
    review,
)
from ..core.workdays import WorkCalendar, cn_date
from ..documents.atomic import OutputFileError
from ..documents.letter_docx import TemplateProblem, check_template, render_letter
from ..storage.attachments_repo import sha256_of
from ..storage.ledger import Ledger, beside


def letter_file_name(no: str, slug: str) -> str:
    """A letter's file name, all Chinese and the 申请编号: 答复书（予以公开）-2026-0012.docx (issue 28: no English
    slugs). The names of the letter types are unique, so two letters of one case never share a name."""
    name = resolve_type(slug).name
    if "：" in name:
        head, tail = name.split("：", 1)
        name = f"{head}（{tail}）"
    return safe_name(f"{name}-{no}") + ".docx"


def safe_name(text: str) -> str:
    return "".join("_" if c in '\\/:*?"<>|' else c for c in text).strip()


class TemplateStore:
    """Default templates shipped in resources/templates, and the officer's edited copies beside the ledger."""

    def __init__(self, default_dir: Path, custom_dir: Path | None):
        self.default_dir = default_dir
        self.custom_dir = custom_dir

    def default(self, slug: str) -> Path:
        return self.default_dir / f"{slug}.docx"

    def custom(self, slug: str) -> Path | None:
        return self.custom_dir / f"{slug}.docx" if self.custom_dir else None

    def is_custom(self, slug: str) -> bool:
        path = self.custom(slug)
        return path is not None and path.exists()

    def path(self, slug: str) -> Path:
        custom = self.custom(slug)
        return custom if custom is not None and custom.exists() else self.default(slug)

    def make_custom(self, slug: str) -> Path:
        """A copy of the default the officer may edit in Word/WPS (kept if it already exists)."""
        custom = self.custom(slug)
        if custom is None:
            raise LetterError("内存台账不能保存自定义模板。")
        if not custom.exists():
            custom.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.default(slug), custom)
        return custom

    def reset(self, slug: str) -> None:
        custom = self.custom(slug)
        if custom is not None and custom.exists():
            custom.unlink()


@dataclass(frozen=True)
class MadeLetter:
    no: str
    slug: str
    doc_number: str
    path: Path
    regenerated: bool
    warnings: tuple[str, ...] = ()


class LetterEditedError(LetterError):
    """Regenerating would overwrite a .docx changed since it was generated (edited in Word/WPS; issue 28 #4).
    Call make() again with `if_edited`: "replace" (overwrite), or "beside" (the new one next to theirs)."""

    def __init__(self, path: Path):
        super().__init__(f"{path.name} 在生成后已被修改（可能在 Word/WPS 中编辑过），重新生成会覆盖这些修改。")
        self.path = path


IF_EDITED = ("replace", "beside")


def beside_name(path: Path) -> Path:
    """A free name next to `path` for the newly generated letter: 名称（重新生成）.docx, …（重新生成2）.docx."""
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem}（重新生成{'' if n == 1 else n}）{path.suffix}")
        if not candidate.exists():
            return candidate
    raise LetterError(f"{path.parent} 中同名文件过多，请另选保存位置。")


def resolve_type(slug: str) -> LetterType:
    t = LETTER_BY_SLUG.get(slug)
    if t is None:
        raise LetterError(f"未知的文书类型“{slug}”。可用 gongkai letter --list-types 查看。")
    return t


class LetterService:
    """`fonts`: the font families installed on this machine (the GUI passes Qt's list; None when unknown)."""

    def __init__(self, ledger: Ledger, templates: TemplateStore, fonts: list[str] | None = None):
        self.ledger = ledger
        self.templates = templates
        self.fonts = fonts

    @classmethod
    def for_ledger(cls, ledger: Ledger, default_dir: Path, fonts: list[str] | None = None) -> LetterService:
        return cls(ledger, TemplateStore(default_dir, beside(ledger.path, "模板")), fonts)

    def output_folder(self) -> Path | None:
        return beside(self.ledger.path, "文书")

    def default_target(self, no: str, slug: str) -> Path:
        folder = self.output_folder()
        if folder is None:
            raise LetterError("内存台账请指定文书保存位置。")
        app = self._app(no)
        earlier = [r for r in self.ledger.letters.for_application(app["id"]) if r["type"] == slug and r.get("file")]
        if earlier:  # regenerating: the file already made (kept where it is, also under an older naming)
            return Path(earlier[-1]["file"])
        return folder / no / letter_file_name(no, slug)

    def choices(self, no: str, today: date | None = None) -> list[tuple[LetterType, str | None]]:
        """Every letter type with the reason it cannot be issued now (None when it can)."""
        app = self._app(no)
        events = self.ledger.applications.event_rows(app["id"])
        issued = self._issued(app)
        return [(t, check_allowed(t, app, events, issued) or self._chain_reason(t, no, today)) for t in LETTER_TYPES]

    def _chain_reason(self, t: LetterType, no: str, today: date | None) -> str | None:
        """The office's rule that a reply letter waits for 领导核准 (core/rules.py, services/case.py)."""
        from .case import CaseService

        return CaseService(self.ledger).letter_reason(no, t.needs_event is EventKind.REPLIED, today or date.today())

    def _re_reply(self, app: dict) -> Any:
        """The latest 重新答复 step of a reopened case (None when it was never reopened and answered again)."""
        rows = [r for r in self.ledger.applications.step_rows(app["id"]) if r.slug in ("reopen", "re-reply")]
        return rows[-1] if rows and rows[-1].slug == "re-reply" else None

    def _issued(self, app: dict) -> frozenset[str]:
        return frozenset(row["type"] for row in self.ledger.letters.for_application(app["id"]))

    def app_row(self, no: str) -> dict:
        return self._app(no)

    def check(self, no: str, slug: str, inputs: dict[str, str] | None = None, records: LetterRecords | None = None,
              issued: date | None = None, today: date | None = None) -> tuple[list[str], list[str]]:
        """(problems, warnings) for this letter with these inputs, without making it: problems refuse it."""
        t = resolve_type(slug)
        app = self._app(no)
        re_reply = self._re_reply(app)
        if re_reply is not None:  # a 重新答复: the letter follows the new outcome and gets its own 文号
            app = {**app, "outcome": re_reply.data.get("outcome"), "outcome_basis": re_reply.data.get("basis")}
        refusal = self.ledger.archives.refusal(no)
        if refusal:
            raise LetterError(refusal)
        events = self.ledger.applications.event_rows(app["id"])
        issued_letters = self._issued(app)
        reason = check_allowed(t, app, events, issued_letters) or self._chain_reason(t, no, today)
        if reason:
            return [reason], []
        profile = self.ledger.settings.profile()
        missing = missing_settings(t, profile)
        if missing:
            return ["请先在“设置”中填写：" + "、".join(missing) + "。"], []
        today = today or date.today()
        try:
            clock = self.ledger.applications.clock(app, self.ledger.calendar.load(), today)
        except ClockError as exc:
            return [f"{no} 的办理记录有误，无法生成文书：{exc}"], []
        request = LetterRequest(t, app, events, clock, profile, issued or today, inputs or {},
                                records if records is not None else self.records_for(no), issued_letters)
        return review(request)

    def _app(self, no: str) -> dict:
        app = self.ledger.applications.get(no)
        if app is None:
            raise LetterError(f"台账中没有申请编号为 {no} 的申请。")
        return app

    def records_for(self, no: str) -> LetterRecords:
        """The case's recorded 检索记录, 沟通记录 and 提供信息清单, in the shapes the letters read."""
        app_id = self._app(no)["id"]
        return LetterRecords(**self.ledger.records.letter_inputs(app_id), items=self.ledger.items.items(app_id))

    def default_issued(self, no: str, slug: str, today: date) -> date:
        """The 成文日期 offered for a letter: its earlier date when regenerating, else the date of the event it
        belongs to (core.letter_dates), else today."""
        app = self._app(no)
        existing = self.ledger.letters.latest(app["id"], slug)
        if existing:
            return date.fromisoformat(existing["issued"])
        return event_day(resolve_type(slug), self.ledger.applications.event_rows(app["id"]),
                         date.fromisoformat(app["received"])) or today

    @staticmethod
    def _edited_check(existing: dict | None, target: Path, if_edited: str | None) -> Path:
        """Where to write: the target, unless it is the registered file changed since it was made (issue 28 #4)."""
        if if_edited is not None and if_edited not in IF_EDITED:
            raise ValueError(if_edited)
        if not existing or not existing.get("file") or not existing.get("sha256") or if_edited == "replace":
            return target
        registered = Path(existing["file"])
        try:
            same = target.resolve() == registered.resolve()
        except OSError:
            same = False
        if not target.is_file():
            return target
        try:  # a file there that is not the registered one (an earlier letter kept beside) counts as theirs
            changed = not same or sha256_of(target) != existing["sha256"]
        except OSError:
            changed = False
        if not changed:
            return target
        if if_edited is None:
            raise LetterEditedError(target)
        return beside_name(target) if if_edited == "beside" else target

    def make(self, no: str, slug: str, target: Path | None = None, inputs: dict[str, str] | None = None,
             issued: date | None = None, today: date | None = None,
             records: LetterRecords | None = None, confirm_date_reason: str | None = None,
             if_edited: str | None = None, calendar: WorkCalendar | None = None) -> MadeLetter:
        """Make one letter. Raises LetterError, TemplateProblem or OutputFileError; nothing is recorded then.

        `records`: the 检索记录, 沟通记录 and 提供信息清单 the letter body is composed from (core.letters shapes);
        by default the case's own records (storage case_records); when there are none the letter uses its
        fallback wording and the returned warnings say so. `confirm_date_reason`: the reason for a 成文日期 the
        checks would otherwise refuse (recorded in the audit log)."""
        t = resolve_type(slug)
        app = self._app(no)
        re_reply = self._re_reply(app)
        if re_reply is not None:  # a 重新答复: the letter follows the new outcome and gets its own 文号
            app = {**app, "outcome": re_reply.data.get("outcome"), "outcome_basis": re_reply.data.get("basis")}
        refusal = self.ledger.archives.refusal(no)
        if refusal:
            raise LetterError(refusal)
        events = self.ledger.applications.event_rows(app["id"])
        issued_letters = self._issued(app)
        reason = check_allowed(t, app, events, issued_letters) or self._chain_reason(t, no, today)
        if reason:
            raise LetterError(reason)
        profile = self.ledger.settings.profile()
        missing = missing_settings(t, profile)
        if missing:
            raise LetterError("请先在“设置”中填写：" + "、".join(missing) + "。")
        template = self.templates.path(slug)
        problems = check_template(template, t)
        if problems:
            raise TemplateProblem("；".join(problems))
        today = today or date.today()
        calendar = calendar or self.ledger.calendar.load()  # a batch passes the one it loaded
        try:
            clock = self.ledger.applications.clock(app, calendar, today)
        except ClockError as exc:
            raise LetterError(f"{no} 的办理记录有误，无法生成文书：{exc}") from exc
        existing = self.ledger.letters.latest(app["id"], slug)
        if re_reply is not None and existing is not None and existing["issued"] < re_reply.day.isoformat():
            existing = None  # the original reply's letter stays as it was
        issued = issued or (re_reply.day if re_reply is not None and t.outcomes else None) \
            or self.default_issued(no, slug, today)
        # 成文日期 checks (issue 17): refused, or accepted with a recorded reason; regenerating re-checks
        date_problems = check_issued(t, issued, events, date.fromisoformat(app["received"]), clock,
                                     existing["year"] if existing else None)
        if re_reply is not None and t.outcomes:  # judged against the 重新答复, not the original reply's deadline
            date_problems = [p for p in date_problems if p.code != "after_deadline"]
            if issued < re_reply.day:
                date_problems.append(DateProblem("before_event", f"{cn_date(issued)}早于重新答复日期"
                                                                 f"{cn_date(re_reply.day)}"))
        require_date(date_problems, confirm_date_reason)
        target = target or self.default_target(no, slug)
        target = self._edited_check(existing, target, if_edited)
        target.parent.mkdir(parents=True, exist_ok=True)
        if records is None:
            records = self.records_for(no)
        request = LetterRequest(t, app, events, clock, profile, issued, inputs or {}, records, issued_letters)
        problems, warnings = review(request)
        if problems:
            raise LetterError(problems[0])
        with self.ledger.db.atomic():
            if existing:
                doc_number, seq = existing["doc_number"], existing["seq"]
            else:
                seq = self.ledger.letters.next_seq(t.register, issued.year)
                doc_number = format_doc_number(profile.doc_prefix, t.register, issued.year, seq)
            context = build_context(request, doc_number)
            render_letter(template, context, target, self.fonts)
            digest = sha256_of(target)
            if existing:
                self.ledger.letters.regenerated(existing, no, str(target), digest)
                if existing["issued"] != issued.isoformat():
                    self.ledger.letters.redate(existing, no, issued.isoformat())
            else:
                self.ledger.letters.record(app["id"], no, slug, issued.year, seq, doc_number, issued.isoformat(),
                                           str(target), digest)
            if date_problems:
                self.ledger.audit.record("确认成文日期", "application", no, [p.message for p in date_problems],
                                         {"doc_number": doc_number, "issued": issued.isoformat(),
                                          "reason": (confirm_date_reason or "").strip()})
        return MadeLetter(no, slug, doc_number, target, existing is not None, tuple(warnings))

    def make_batch(self, nos: list[str], slug: str, folder: Path, inputs: dict[str, str] | None = None,
                   issued: date | None = None, today: date | None = None,
                   progress: Callable[[int, int, str], bool] | None = None) -> tuple[list[MadeLetter], list[str]]:
        """Make the same letter for several applications. `progress(done, total, no)` returning False cancels.

        Stops at the first failure so numbers stay consecutive; returns the letters made and the problems."""
        made: list[MadeLetter] = []
        calendar = self.ledger.calendar.load()  # one calendar for the batch (it cannot change meanwhile)
        for i, no in enumerate(nos):
            if progress is not None and not progress(i, len(nos), no):
                return made, ["已取消。"]
            try:
                made.append(self.make(no, slug, folder / letter_file_name(no, slug), inputs, issued, today,
                                      calendar=calendar))
            except (LetterError, TemplateProblem, OutputFileError) as exc:
                return made, [f"{no}：{exc}"]
        if progress is not None:
            progress(len(nos), len(nos), "")
        return made, []
