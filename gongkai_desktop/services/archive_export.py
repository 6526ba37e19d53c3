"""Export archived cases for the 档案室: a folder per case (documents in filing order, 卷内目录 .docx/.xlsx, one
merged PDF) and, for a year, the 归档文件目录 (.xlsx). Written into a temporary folder and renamed at the end, so
an interrupted or failed export never looks complete."""

from __future__ import annotations

import errno
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter

from ..core.archive import ArchiveError, attachment_date
from ..core.forms import FORM_TYPES
from ..core.letters import LETTER_TYPES
from ..documents import archive_docs
from ..documents.pdf import PdfError, find_soffice, to_pdf_many
from ..storage.ledger import Ledger

LETTER_NAMES = {t.slug: t.title for t in LETTER_TYPES}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")


class ExportCancelled(Exception):
    pass


@dataclass
class ExportResult:
    folder: Path
    cases: list[str] = field(default_factory=list)
    not_converted: list[str] = field(default_factory=list)  # "申请编号 文件名：原因"
    pages: dict[str, int] = field(default_factory=dict)


def _safe(name: str) -> str:
    return "".join(c if c not in '<>:"/\\|?*' else "_" for c in name)


def _documents(ledger: Ledger, app: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's documents in filing order (by date, the application first): title, number, date, path."""
    out: list[dict[str, Any]] = []
    steps = [(r.slug, {**r.data, "day": r.day.isoformat()}) for r in ledger.applications.step_rows(app["id"])]
    records = ledger.records.for_application(app["id"])
    for a in ledger.attachments.for_application(app["id"]):
        out.append({"title": a.get("archive_class") or a["name"], "doc_number": "", "author": app["applicant"]
                    if a.get("archive_class") in ("申请表及身份证明", "补正材料") else "",
                    "date": attachment_date(a, app["received"], steps, records),
                    "path": ledger.attachments.path_of(a), "name": a["name"],
                    "order": 0 if a.get("archive_class") == "申请表及身份证明" else 2})
    organ = ledger.settings.profile().organ_name
    for letter in ledger.letters.for_application(app["id"]):
        out.append({"title": LETTER_NAMES.get(letter["type"], letter["type"]), "doc_number": letter["doc_number"],
                    "author": organ, "date": letter["issued"], "path": Path(letter["file"]),
                    "name": Path(letter["file"]).name, "order": 1})
    for form in ledger.records.forms_for_application(app["id"]):
        ft = FORM_TYPES.get(form["type"])
        out.append({"title": ft.name if ft else form["type"], "doc_number": "", "author": organ, "date": form["made"],
                    "path": Path(form["file"]), "name": Path(form["file"]).name, "order": 1})
    out.sort(key=lambda d: (d["order"] != 0, d["date"], d["order"]))
    return out


CONVERT_BATCH = 40  # files per LibreOffice run (one start-up each; progress and cancel between runs)


def _plan_case(ledger: Ledger, no: str) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    app = ledger.applications.get(no)
    archived = ledger.archives.active(app["id"]) if app else None
    if app is None or archived is None:
        raise ArchiveError(f"{no} 尚未归档，不能导出。")
    return app, archived, _documents(ledger, app)


def _convert(docs: list[dict[str, Any]], work: Path, cancelled: Callable[[], bool]) -> None:
    """Give each document its PDF (`pdf`) or the reason it has none (`error`); Word files and images go through
    LibreOffice in batches."""
    pending: list[tuple[dict[str, Any], Path]] = []
    for i, doc in enumerate(docs):
        path: Path = doc["path"]
        suffix = path.suffix.lower()
        if not path.is_file():
            doc["error"] = "文件不存在（可能已被移动或删除）"
        elif suffix == ".pdf":
            doc["pdf"] = path
        elif suffix in (".docx", ".doc") or suffix in IMAGE_SUFFIXES:
            copy = work / f"d{i:06d}{suffix}"
            shutil.copyfile(path, copy)
            pending.append((doc, copy))
        else:
            doc["error"] = f"不支持的文件类型 {suffix or '（无扩展名）'}，未转换"
    if pending and find_soffice() is None:
        for doc, _ in pending:
            doc["error"] = "未安装 LibreOffice，未转换"
        return
    for start in range(0, len(pending), CONVERT_BATCH):
        if cancelled():
            raise ExportCancelled()
        batch = pending[start:start + CONVERT_BATCH]
        try:
            made = to_pdf_many([c for _, c in batch], work)
        except PdfError as exc:
            made = {}
            for doc, _ in batch:
                doc["error"] = str(exc)
        for doc, copy in batch:
            if copy in made:
                doc["pdf"] = made[copy]
            else:
                doc.setdefault("error", "LibreOffice 未能转换此文件")


def _write_case(no: str, app: dict[str, Any], archived: dict[str, Any], docs: list[dict[str, Any]], folder: Path,
                result: ExportResult) -> dict[str, Any]:
    case_dir = folder / _safe(archived["file_no"])
    case_dir.mkdir()
    entries: list[dict[str, Any]] = []
    writer = PdfWriter()
    for i, doc in enumerate(docs, 1):
        entry = {**doc, "seq": i, "pages": None, "note": ""}
        if doc["path"].is_file():
            shutil.copyfile(doc["path"], case_dir / _safe(f"{i:02d}-{doc['name']}"))
        error = doc.get("error")
        if error is None:
            try:
                reader = PdfReader(str(doc["pdf"]))
                entry["pages"] = len(reader.pages)
                for page in reader.pages:
                    writer.add_page(page)
            except Exception as exc:  # noqa: BLE001 - a damaged PDF is reported, not fatal
                error = f"PDF无法读取（{exc}）"
        if error is not None:
            entry["note"] = f"未转换为PDF：{error}"
            result.not_converted.append(f"{no} {doc['name']}：{error}")
        entries.append(entry)
    if writer.pages:
        with (case_dir / _safe(f"{archived['file_no']}.pdf")).open("wb") as f:
            writer.write(f)
    title = f"{app['applicant']}申请公开{app.get('content_title') or ''}的办理材料"
    archive_docs.catalogue_docx(case_dir / "卷内目录.docx", archived["file_no"], title, entries)
    archive_docs.catalogue_xlsx(case_dir / "卷内目录.xlsx", archived["file_no"], entries)
    pages = sum(e["pages"] or 0 for e in entries)
    result.cases.append(no)
    result.pages[no] = pages
    return {"file_no": archived["file_no"], "no": no, "applicant": app["applicant"], "title": title,
            "retention": archived["retention"], "day": archived["day"], "items": len(entries), "pages": pages,
            "note": "；".join(e["note"] for e in entries if e["note"])}


def export(ledger: Ledger, out: Path, nos: list[str] | None = None, year: int | None = None,
           progress: Callable[[int, int], bool] | None = None) -> ExportResult:
    """Export the given cases or every archived case of `year` into a new folder under `out`.

    `progress(done, total)` returning False cancels (nothing is left behind)."""
    if year is not None:
        rows = ledger.archives.for_year(year)
        nos = [r["no"] for r in rows]
        if not nos:
            raise ArchiveError(f"{year}年度没有已归档的申请。")
        name = f"{year}年度归档文件"
    else:
        nos = nos or []
        name = "归档文件-" + "、".join(_safe(n) for n in nos[:3])
    if not out.is_dir():
        raise ArchiveError(f"导出文件夹不存在：{out}")
    final = out / name
    if final.exists():
        raise ArchiveError(f"{final} 已存在，请换一个文件夹或先移走原有文件夹。")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".part", dir=out))
    except OSError as exc:
        raise ArchiveError(f"没有权限在 {out} 中写入：{exc.strerror or exc}") from exc
    result = ExportResult(final)
    total = len(nos) * 2  # converting, then writing each case

    def step(done: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise ExportCancelled()

    try:
        plans = [_plan_case(ledger, no) for no in nos]
        with tempfile.TemporaryDirectory(dir=tmp) as work_name:
            docs = [d for _, _, case_docs in plans for d in case_docs]
            converted = [0]

            def cancelled() -> bool:
                converted[0] += 1
                step(min(len(nos), converted[0] * max(1, len(nos) * CONVERT_BATCH // max(1, len(docs)))))
                return False

            _convert(docs, Path(work_name), cancelled)
            step(len(nos))
            rows_out = []
            for i, (no, (app, archived, case_docs)) in enumerate(zip(nos, plans, strict=True)):
                step(len(nos) + i)
                rows_out.append(_write_case(no, app, archived, case_docs, tmp, result))
        if year is not None:
            archive_docs.year_xlsx(tmp / f"{year}年度归档文件目录.xlsx", year, rows_out)
        if progress is not None:
            progress(len(nos), len(nos))
        tmp.rename(final)
    except ExportCancelled:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if exc.errno == errno.ENOSPC:
            raise ArchiveError("磁盘空间已满，导出未完成，已删除未完成的文件。") from exc
        raise ArchiveError(f"导出失败（{exc.strerror or exc}），已删除未完成的文件。") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result
