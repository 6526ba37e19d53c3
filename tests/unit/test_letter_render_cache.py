"""Letters render from a template parsed once per file version, and the result is what docxtpl itself writes
(issue 26: 500 letters ≤ 15 s)."""

import os
import shutil
import zipfile

import pytest
from lxml import etree

from gongkai_desktop.core.letters import FIELD_HELP
from gongkai_desktop.documents import letter_docx
from gongkai_desktop.documents.letter_docx import render_letter, template_fields

from ..conftest import ROOT

# the 复议答复书 and 答辩状 loop over structured facts and an evidence list (tested in test_reviews_flow.py):
# a context of plain strings cannot fill them, so they are compared there, not here
TEMPLATES = sorted(p for p in (ROOT / "resources" / "templates").glob("*.docx")
                   if p.stem not in ("review-answer", "suit-answer"))


def canonical(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n")


def context_for(path):
    ctx = {k: f"{k}：张三 & <某> “公司”" for k in FIELD_HELP}
    return ctx | {f: "某值" for f in template_fields(path) if f not in ctx}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_fast_rendering_writes_what_docxtpl_writes(tmp_path, template, monkeypatch):
    """The cached fast path and plain docxtpl give the same letter (both then get the same fonts, signature
    block and document properties, issue 21)."""
    from dataclasses import replace

    ctx = context_for(template)
    render_letter(template, ctx, tmp_path / "fast.docx")
    real = letter_docx.prepared
    monkeypatch.setattr(letter_docx, "prepared", lambda p: replace(real(p), parts=None))  # docxtpl's own path
    render_letter(template, ctx, tmp_path / "docxtpl.docx")
    with zipfile.ZipFile(tmp_path / "fast.docx") as fast, zipfile.ZipFile(tmp_path / "docxtpl.docx") as slow:
        assert set(fast.namelist()) == set(slow.namelist())
        for name in fast.namelist():
            if name == "docProps/core.xml":  # docxtpl adds empty <dc:identifier/> and <dc:language/>
                continue
            if name.endswith((".xml", ".rels")):
                assert canonical(fast.read(name)) == canonical(slow.read(name)), name
            else:
                assert fast.read(name) == slow.read(name), name
    body = zipfile.ZipFile(tmp_path / "fast.docx").read("word/document.xml").decode("utf-8")
    assert "张三 &amp; &lt;某&gt;" in body  # escaped, never raw XML


def test_template_parsed_once_per_version(tmp_path, monkeypatch):
    template = tmp_path / "receipt.docx"
    shutil.copyfile(ROOT / "resources" / "templates" / "receipt.docx", template)
    calls = []
    real = letter_docx._prepare
    monkeypatch.setattr(letter_docx, "_prepare", lambda p: calls.append(p) or real(p))
    ctx = context_for(template)
    for i in range(5):
        render_letter(template, ctx, tmp_path / f"{i}.docx")
    assert len(calls) == 1
    # the officer edits the template in Word: the next letter uses the new version
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000_000))
    render_letter(template, ctx, tmp_path / "after.docx")
    assert len(calls) == 2


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t.stem in ("receipt", "reply-disclose", "consult-confirm")],
                         ids=lambda p: p.stem)
def test_fast_rendering_with_substituted_fonts_and_a_long_signature(tmp_path, template, monkeypatch):
    """The shared parts a batch reuses (styles, font table, language) and the per-letter ones (renamed fonts in
    body and footers, a signature set 右空二字 because the organ's name is long) match python-docx's own path."""
    from dataclasses import replace

    fonts = ["仿宋", "SimSun", "宋体", "黑体", "KaiTi"]
    ctx = context_for(template) | {"organ_name": "某某市某某区某某某某某某某某局某某某某某某某某某某某某办公室"}
    for i in range(2):  # the second letter is made from the cached shell
        render_letter(template, ctx, tmp_path / f"fast{i}.docx", fonts)
    real = letter_docx.prepared
    monkeypatch.setattr(letter_docx, "prepared", lambda p: replace(real(p), parts=None))
    render_letter(template, ctx, tmp_path / "docxtpl.docx", fonts)
    with zipfile.ZipFile(tmp_path / "fast1.docx") as fast, zipfile.ZipFile(tmp_path / "docxtpl.docx") as slow:
        assert fast.namelist() == slow.namelist()
        for name in fast.namelist():
            if name == "docProps/core.xml":
                continue
            if name.endswith((".xml", ".rels")):
                assert canonical(fast.read(name)) == canonical(slow.read(name)), name
            else:
                assert fast.read(name) == slow.read(name), name
        body = fast.read("word/document.xml").decode("utf-8")
        styles = fast.read("word/styles.xml").decode("utf-8")
        assert "仿宋_GB2312" not in body + styles and 'w:eastAsia="仿宋"' in styles  # the fonts were renamed
        assert 'w:val="clear"' in body  # the signature's tab stop moved
        assert zipfile.ZipFile(tmp_path / "fast1.docx").testzip() is None
