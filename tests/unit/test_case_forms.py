"""The case's printable forms (issues 16 and 17): 呈批表 with every signature line filled from the recorded
chain, 保密审查单, 送达回证; shipped templates equal the builder's; forms are recorded with their SHA-256;
`apps show --json` carries deliveries, records, forms and reply_timely_by."""

import hashlib
import json

import pytest
from docx import Document

from gongkai_desktop.core.forms import FORM_TYPES
from gongkai_desktop.documents import case_forms
from gongkai_desktop.documents.letter_docx import template_fields

from ..conftest import ROOT
from ..conftest import run_cli as run

T = ("--today", "2026-12-10")
TEMPLATES = ROOT / "resources" / "templates"


def texts(path):
    doc = Document(str(path))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [p.text for p in doc.paragraphs] + cells


def test_shipped_form_templates_are_the_builders(tmp_path):
    for slug, ft in FORM_TYPES.items():
        fresh = tmp_path / f"{ft.template}.docx"
        case_forms.build(slug, fresh)
        assert texts(TEMPLATES / f"{ft.template}.docx") == texts(fresh), slug
        assert template_fields(fresh) <= set(ft.fields), slug  # every placeholder is one the filler provides
        assert case_forms.check_form_template(fresh, ft) == []


def test_an_edited_template_with_a_misspelt_placeholder_is_refused(tmp_path):
    ft = FORM_TYPES["delivery-receipt"]
    path = tmp_path / "x.docx"
    case_forms.build("delivery-receipt", path)
    doc = Document(str(path))
    doc.add_paragraph("{{ reciepient }}")
    doc.save(str(path))
    assert "reciepient" in case_forms.check_form_template(path, ft)[0]


@pytest.fixture
def worked(tmp_path, capsys, cli_ledger):
    """A 不予公开 case taken through the chain, answered on its due date (30 Nov) and posted on 2 Dec."""
    for argv in (
        ("settings", "--set", "organ_name=某县某某局", "--set", "doc_prefix=某公开", "--set", "review_organ=某县人民政府",
         "--set", "court=某县人民法院", "--set", "contact=李明", "--set", "phone=0935-1234567"),
        ("apps", "add", "--received", "2026-11-02", "--channel", "当面", "--applicant-type", "自然人", "--name", "王伟",
         "--id-number", "11010519491231002X", "--phone", "13800000000", "--content", "某河道采砂许可审批材料", *T),
        ("apps", "step", "2026-0001", "assign", "--date", "2026-11-03", "--by", "李明", "--department", "法规科", *T),
        ("apps", "step", "2026-0001", "draft", "--date", "2026-11-06", "--by", "赵科长", "--outcome", "3.5",
         "--opinion", "属于内部人事管理信息，拟不予公开", "--letter", "reply-withhold", *T),
        ("apps", "step", "2026-0001", "review", "--date", "2026-11-09", "--by", "李明", "--opinion", "同意承办科室意见", *T),
        ("apps", "step", "2026-0001", "legal-review", "--date", "2026-11-10", "--by", "刘律师", "--result", "同意", *T),
        ("apps", "step", "2026-0001", "secrecy-review", "--date", "2026-11-10", "--by", "孙审查", "--result", "不予公开",
         "--info-name", "采砂许可审批材料", "--privacy", "--head", "周主任", *T),
        ("apps", "step", "2026-0001", "approve", "--date", "2026-11-11", "--by", "王局长", "--role", "分管领导", *T),
        ("apps", "event", "2026-0001", "replied", "--date", "2026-11-30", *T),
        ("letter", "2026-0001", "--type", "reply-withhold", "--set", "withhold_reason=属于内部人事管理信息",
         "--out", str(tmp_path / "答复书.docx"), *T),
    ):
        code, _, err = run(capsys, *argv)
        assert code == 0, (argv, err)
    return tmp_path


def test_the_approval_form_has_every_signature_line_filled(worked, capsys):
    out = worked / "呈批表.docx"
    code, _, err = run(capsys, "apps", "form", "2026-0001", "--type", "approval", "--out", str(out), *T)
    assert code == 0, err
    text = "\n".join(texts(out))
    for line in ("签名：赵科长　　日期：2026年11月6日", "签名：李明　　日期：2026年11月9日",
                 "签名：刘律师　　日期：2026年11月10日", "签名：孙审查　　日期：2026年11月10日",
                 "分管领导签名：王局长　　日期：2026年11月11日", "某公开复〔2026〕1号", "2026年11月30日",
                 "（三）不予公开 5.属于三类内部事务信息", "某河道采砂许可审批材料"):
        assert line in text, line
    assert "{{" not in text
    code, out_json, _ = run(capsys, "apps", "show", "2026-0001", "--json", *T)
    forms = json.loads(out_json)["forms"]
    assert [f["type"] for f in forms] == ["approval"]
    assert forms[0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_secrecy_form_and_delivery_receipt(worked, capsys):
    code, _, err = run(capsys, "apps", "form", "2026-0001", "--type", "secrecy", "--out", str(worked / "s.docx"), *T)
    assert code == 0, err
    text = "\n".join(texts(worked / "s.docx"))
    assert "☑不予公开" in text and "□可以公开" in text and "☑是（个人隐私）" in text and "☑否" in text
    assert "孙审查" in text and "周主任" in text
    # before any 送达: the receipt is printed with blank signature lines to take along
    code, _, err = run(capsys, "apps", "form", "2026-0001", "--type", "delivery-receipt", "--out",
                       str(worked / "r0.docx"), *T)
    assert code == 0 and "尚未登记送达" in err
    code, _, err = run(capsys, "apps", "deliver", "2026-0001", "--method", "邮寄（邮政）", "--date", "2026-12-02",
                       "--by", "李明", "--tracking", "1190012345678", "--delivered", "2026-12-04", *T)
    assert code == 0, err
    code, _, err = run(capsys, "apps", "form", "2026-0001", "--type", "delivery-receipt", "--out",
                       str(worked / "r.docx"), *T)
    assert code == 0, err
    text = "\n".join(texts(worked / "r.docx"))
    for part in ("答复书（不予公开）", "某公开复〔2026〕1号", "王伟", "邮寄（邮政）", "李明", "邮件号：1190012345678",
                 "交邮日期：2026年12月2日", "妥投日期：2026年12月4日"):
        assert part in text, part
    code, out_json, _ = run(capsys, "apps", "show", "2026-0001", "--json", *T)
    shown = json.loads(out_json)
    assert shown["reply_timely_by"] == "2026-12-02" and shown["reply_timeliness"]["late_days"] == 2
    assert shown["deliveries"][0]["tracking"] == "1190012345678" and shown["deliveries"][0]["counted"] == "2026-12-02"
    assert shown["records"] == [] and len(shown["forms"]) == 3
    code, out, _ = run(capsys, "apps", "list", *T)
    assert "2026-11-30（2026-11-30办结，超期）" in out  # the list shows the deadline and the reply as late
    code, out, _ = run(capsys, "apps", "list", "--json", *T)
    assert json.loads(out)[0]["late"] is True


def test_an_approval_form_needs_a_draft(worked, capsys):
    code, _, err = run(capsys, "apps", "add", "--received", "2026-11-02", "--channel", "当面", "--applicant-type",
                       "自然人", "--name", "王伟", "--id-number", "11010519491231002X", "--phone", "13800000000",
                       "--content", "某文件", *T)
    assert code == 0, err
    code, _, err = run(capsys, "apps", "form", "2026-0002", "--type", "approval", "--out", str(worked / "a.docx"), *T)
    assert code == 1 and "尚未登记拟办意见" in err and not (worked / "a.docx").exists()
