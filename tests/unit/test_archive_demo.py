"""归档 of a demo year (issue 19 "done when"): closed demo cases get the documents their checklist asks for
(letters, forms, an application scan, the 送达), are archived and exported; the 卷内目录 lists every document
with the page count of its PDF and the 归档文件目录 one row per case. Eight cases chosen to meet every kind of
case file (LibreOffice converts each document, so the count decides the test's time)."""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter

from gongkai_desktop.cli import main
from gongkai_desktop.core.archive import ArchiveError
from gongkai_desktop.core.letters import LETTER_TYPES, LetterError
from gongkai_desktop.documents.pdf import find_soffice
from gongkai_desktop.paths import resources_dir
from gongkai_desktop.services.archive import ArchiveService
from gongkai_desktop.services.archive_export import export
from gongkai_desktop.services.case import CaseService
from gongkai_desktop.services.case_forms import FormService
from gongkai_desktop.services.letters import LetterService
from gongkai_desktop.storage.ledger import Ledger

TODAY = date(2026, 12, 10)
NEEDED = {"correction-requested": "correction", "consult-sent": "consult-third-party", "extended": "extension",
          "fee-notice": "fee-notice"}


def _inputs(slug):
    t = next(t for t in LETTER_TYPES if t.slug == slug)
    return {f.key: ("2026-01-20" if f.end == "date" else f"演示{f.label[:6]}") for f in t.inputs}


def _reply_slug(outcome):
    for t in LETTER_TYPES:  # the 综合答复书 (reply-items) needs the case split into items, which demo cases are not
        if t.slug.startswith("reply-") and t.slug != "reply-items" and any(outcome == o or outcome.startswith(o + ".") or o == outcome.split(".")[0]
                                               for o in t.outcomes):
            return t.slug
    return None


def complete(led, no, folder, scan):
    """Make what the checklist asks for; returns False when the demo case cannot be completed (left out)."""
    letters = LetterService.for_ledger(led, resources_dir() / "templates")
    forms = FormService.for_ledger(led, resources_dir() / "templates")
    case = CaseService(led)
    archive = ArchiveService(led)
    archive.attach(no, scan, "申请表及身份证明")
    app = led.applications.get(no)
    slugs = [r.slug for r in led.applications.step_rows(app["id"])]
    if "correction-received" in slugs:
        archive.attach(no, scan.with_name("补正.pdf"), "补正材料")
    wanted = [NEEDED[s] for s in NEEDED if s in slugs]
    reply = _reply_slug(app["outcome"]) if "replied" in slugs else None
    if "replied" in slugs and reply is None:
        return False
    try:
        for slug in [*wanted, *([reply] if reply else [])]:
            letters.make(no, slug, folder / f"{no}-{slug}.docx", _inputs(slug), today=TODAY,
                         confirm_date_reason="演示数据补生成")
        if "draft" in slugs:
            forms.make(no, "approval", folder / f"{no}-approval.docx", TODAY)
        if "secrecy-review" in slugs:
            forms.make(no, "secrecy", folder / f"{no}-secrecy.docx", TODAY)
    except (LetterError, Exception) as exc:  # noqa: BLE001 - demo cases a letter refuses are left out
        if isinstance(exc, AssertionError):
            raise
        return False
    if reply:
        letter = led.letters.latest(app["id"], reply)
        day = date.fromisoformat(letter["issued"])
        case.record(no, "deliver", {"day": day, "letter": letter["doc_number"], "method": "直接送达",
                                    "signer": "李明", "delivered": day, "signed_by": "申请人"}, TODAY)
    return True


ARCHIVED = 8  # enough to meet every kind of case file; each is read in full (was ~50, 140 s alone)


def sample(led, closed):
    """Closed cases that together meet every checklist item the demo produces: first one per distinctive step
    (补正, 征求意见, 延期, 收费, 内部审批, 保密审查, the closing kinds), then the earliest others."""
    steps = {no: {r.slug for r in led.applications.step_rows(led.applications.get(no)["id"])} for no in closed}
    wanted = [*NEEDED, "correction-received", "draft", "secrecy-review", "withdrawn", "correction-lapsed",
              "fee-lapsed", "replied"]
    picked: list[str] = []
    for slug in wanted:
        hit = next((no for no in closed if slug in steps[no] and no not in picked), None)
        if hit is not None:
            picked.append(hit)
    return picked + [no for no in closed if no not in picked]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice 未安装")
def test_demo_closed_cases_archive_and_export_with_a_correct_catalogue(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db = tmp_path / "demo.sqlite"
    assert main(["--db", str(db), "demo", "--applications", "140", "--today", TODAY.isoformat()]) == 0
    # demo cases answered without the internal chain: this office issues the letter without a recorded 核准
    assert main(["--db", str(db), "settings", "--rule", "fonds_code=Z017", "--rule", "letter_requires_approval=否",
                 "--set", "contact=李明",
                 "--set", "phone=0935-1234567", "--set", "review_organ=某县人民政府", "--set", "court=某县人民法院"]) == 0
    capsys.readouterr()
    scan = tmp_path / "申请表.pdf"
    w = PdfWriter()
    w.add_blank_page(595, 842)
    with scan.open("wb") as f:
        w.write(f)
    scan.with_name("补正.pdf").write_bytes(scan.read_bytes() + b"\n%corrected")
    led = Ledger.open(db)
    closed = [r["no"] for r in led.db.query("SELECT no FROM applications WHERE year = 2025 AND state = 'closed' "
                                            "ORDER BY no")]
    assert len(closed) >= 50
    docs = tmp_path / "docs"
    docs.mkdir()
    archived, tried = [], 0
    for no in sample(led, closed):
        if len(archived) == ARCHIVED:
            break
        tried += 1
        if complete(led, no, docs, scan):
            plan = ArchiveService(led).plan(no, TODAY)
            assert plan.checklist.complete, (no, plan.checklist.gaps)
            ArchiveService(led).archive(no, TODAY, day=date(2026, 3, 1))
            archived.append(no)
    assert len(archived) == ARCHIVED and tried == ARCHIVED, (archived, tried)  # every demo case sampled completes
    kinds = {r.slug for no in archived for r in led.applications.step_rows(led.applications.get(no)["id"])}
    assert {*NEEDED, "draft", "secrecy-review", "replied"} <= kinds, kinds  # every kind of document is met
    numbers = [r["file_no"] for r in led.archives.for_year(2026)]
    assert len(numbers) == len(set(numbers)) == len(archived)  # 件号 never duplicated
    out = tmp_path / "out"
    out.mkdir()
    result = export(led, out, year=2026)
    assert result.not_converted == []
    year_dir = out / "2026年度归档文件"
    rows = list(load_workbook(year_dir / "2026年度归档文件目录.xlsx").active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(archived) and {r[1] for r in rows} == set(archived)
    for file_no, no, _, _, _, _, items, pages, note in rows:  # every case, read fully
        case_dir = year_dir / file_no
        merged = PdfReader(str(case_dir / f"{file_no}.pdf"))
        catalogue = list(load_workbook(case_dir / "卷内目录.xlsx").active.iter_rows(min_row=3, values_only=True))
        assert len(catalogue) == items and note in (None, "")
        assert sum(r[5] for r in catalogue) == pages == len(merged.pages)
        assert catalogue[0][3] == "申请表及身份证明" and catalogue[0][5] == 1
        app = led.applications.get(no)
        assert catalogue[0][4] == app["received"]  # the 申请表 is dated by the application, not the attach day
        numbers = {r["doc_number"] for r in led.letters.for_application(app["id"])}
        assert numbers == {r[1] for r in catalogue if r[1]}  # every letter listed by its 文号
        assert [r[0] for r in catalogue] == list(range(1, len(catalogue) + 1))
        assert [r[4] for r in catalogue] == sorted(r[4] for r in catalogue)  # filed in the order of the case
        copies = sorted(p.name for p in case_dir.iterdir() if p.name[:2].isdigit())
        assert len(copies) == items
    led.close()
    with pytest.raises(ArchiveError, match="已存在"):
        export(Ledger.open(db), out, year=2026)


def test_path_helpers_exist():
    assert Path(resources_dir() / "templates").is_dir()
