"""The audit trail keeps full before/after values (issue 27): a registration with everything registered, a
work-plan revision task by task; applicants' personal data stays in the ledger's audit table, never in the
rotating log file."""

import json
import logging
from datetime import date

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.logs import setup_logging
from gongkai_desktop.paths import app_paths

TODAY = date(2026, 11, 20)
PERSON = {"kind": "自然人", "name": "欧阳娟娟", "id_type": "护照", "id_number": "E7654321", "phone": "13912345678",
          "address": "某市某路8号"}


def test_registration_records_every_value_in_the_audit_table_and_nothing_in_the_log(ledger, tmp_path):
    exe = tmp_path / "exe"
    exe.mkdir()
    (exe / "portable.txt").write_text("portable", encoding="utf-8")
    log_file = setup_logging(app_paths(exe))
    cal = ledger.calendar.load()
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                     "content_title": "某路征收补偿安置方案", "handler": "李明"},
                                      OrgProfile(), cal, TODAY)
    row = next(r for r in ledger.audit.all() if r["action"] == "登记")
    after = json.loads(row["after"])
    assert row["entity_id"] == no
    assert after["received"] == "2026-11-02" and after["channel"] == "当面" and after["handler"] == "李明"
    assert after["content_title"] == "某路征收补偿安置方案" and after["due"]
    assert after["applicant"]["name"] == "欧阳娟娟" and after["applicant"]["phone"] == "13912345678"
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    for secret in ("欧阳娟娟", "E7654321", "13912345678", "某市某路8号"):
        assert secret not in text
    for h in list(logging.getLogger().handlers):
        if getattr(h, "baseFilename", None) == str(log_file.resolve()):
            logging.getLogger().removeHandler(h)
            h.close()


def test_work_plan_revision_records_real_before_and_after(ledger):
    plan = [{"code": "一", "title": "推进决策公开", "text": "年底前完成", "children": [
        {"code": "1", "title": "公开重大决策草案", "text": "10月底前", "lead_units": ["办公室"]}]}]
    ledger.tasks.merge_tree(2026, plan, "要点.docx")
    revised = [{"code": "一", "title": "推进决策公开", "text": "年底前完成", "children": [
        {"code": "1", "title": "公开重大决策草案", "text": "9月底前", "lead_units": ["法规科"]},
        {"code": "2", "title": "新增任务", "text": "每季度"}]}]
    result = ledger.tasks.merge_tree(2026, revised, "要点（修订）.docx")
    assert result.updated == 1 and result.added == 1
    rows = [r for r in ledger.audit.all() if r["action"] == "修订工作要点任务"]
    changed = next(r for r in rows if r["before"])
    before, after = json.loads(changed["before"]), json.loads(changed["after"])
    assert before["text"] == "10月底前" and after["text"] == "9月底前"
    assert json.loads(before["lead_units"]) == ["办公室"] and json.loads(after["lead_units"]) == ["法规科"]
    added = next(r for r in rows if not r["before"])
    assert json.loads(added["after"])["title"] == "新增任务"
