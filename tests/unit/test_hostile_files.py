"""Hostile and oversized input files (issue 27): entity expansion and external entities in a .docx, a .docx
and a PDF that expand to gigabytes, a huge work-plan text, and wrongly shaped report JSON. Each ends with a
Chinese message, quickly and in bounded memory; the good report files are still summed."""

import json
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from gongkai_desktop.documents.text import DocumentReadError, read_text
from gongkai_desktop.documents.workplan_reader import WorkplanReadError, read_workplan


def _cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def make_docx(path: Path, document_xml: bytes) -> Path:
    import docx

    plain = path.with_name("plain.docx")
    d = docx.Document()
    d.add_paragraph("国务院办公厅关于2027年部分节假日安排的通知")
    d.save(str(plain))
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = document_xml if item.filename == "word/document.xml" else src.read(item.filename)
            dst.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""

XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&x;</w:t></w:r></w:p></w:body></w:document>"""


@pytest.mark.parametrize("xml", [LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_in_a_docx_notice_is_refused_in_chinese(tmp_path, xml, capsys, monkeypatch):
    path = make_docx(tmp_path / "通知.docx", xml)
    with pytest.raises(DocumentReadError, match="实体声明"):
        read_text(path)
    from gongkai_desktop.cli import main

    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "l.sqlite"))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    assert main(["calendar", "import-notice", str(path), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "实体声明" in err and "内部错误" not in err and "passwd" not in err


def test_a_small_docx_that_expands_to_gigabytes_is_refused_quickly(tmp_path):
    body = b'<w:p><w:r><w:t>' + b" " * (30 * 1024 * 1024) + b"</w:t></w:r></w:p>"
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>")
    path = make_docx(tmp_path / "工作要点.docx", xml)
    assert path.stat().st_size < 512 * 1024
    start = time.monotonic()
    with pytest.raises(WorkplanReadError) as err:
        read_workplan(path)
    assert time.monotonic() - start < 3 and _cjk(str(err.value)) and "压缩" in str(err.value)


def _pdf(path: Path, streams: list[bytes]) -> Path:
    """A minimal PDF whose pages have the given (already compressed) FlateDecode content streams."""
    objs: list[bytes] = []
    n = len(streams)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, data in enumerate(streams):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R "
                    f"/Resources << >> >>".encode())
        objs.append(f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def test_a_pdf_decompression_bomb_in_workplan_import_gets_a_message(tmp_path, capsys, monkeypatch):
    c = zlib.compressobj(9)
    bomb = b"".join(c.compress(b" " * (1 << 20)) for _ in range(200)) + c.flush()  # 200 MB of spaces
    path = _pdf(tmp_path / "工作要点.pdf", [bomb])
    assert path.stat().st_size < 1024 * 1024
    start = time.monotonic()
    with pytest.raises(WorkplanReadError) as err:
        read_workplan(path)
    assert time.monotonic() - start < 20 and _cjk(str(err.value))
    from gongkai_desktop.cli import main

    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "l.sqlite"))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    assert main(["workplan", "import", str(path), "--dry-run"]) == 1
    assert "内部错误" not in capsys.readouterr().err


def test_a_pdf_with_too_many_pages_or_too_much_text_is_refused(tmp_path):
    page = zlib.compress(b"BT /F1 12 Tf 72 712 Td (x) Tj ET")
    with pytest.raises(WorkplanReadError, match="超过500页"):
        read_workplan(_pdf(tmp_path / "多页.pdf", [page] * 501))


def test_a_huge_work_plan_text_is_refused_in_seconds(tmp_path):
    line = "（一）加强某项工作。各单位要在10月底前完成，牵头单位：市政府办公室，责任单位：各区县政府。\n"
    path = tmp_path / "工作要点.txt"
    path.write_text("2026年政务公开工作要点\n一、推进决策公开\n" + line * 200_000, encoding="utf-8")  # ~29 MB
    start = time.monotonic()
    with pytest.raises(WorkplanReadError, match="不像是"):
        read_workplan(path)
    assert time.monotonic() - start < 2
    near_limit = tmp_path / "长.txt"  # just under the limits: parsed, in bounded time
    near_limit.write_text("2026年政务公开工作要点\n一、推进决策公开\n" + line * 9000, encoding="utf-8")
    start = time.monotonic()
    plan = read_workplan(near_limit)
    assert plan.tasks and time.monotonic() - start < 30


def test_wrongly_shaped_report_json_is_named_and_the_good_units_are_summed(tmp_path, capsys, monkeypatch):
    from gongkai_desktop.cli import main

    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "l.sqlite"))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    assert main(["demo", "--applications", "60", "--tasks", "0", "--today", "2026-11-20"]) == 0
    capsys.readouterr()
    assert main(["report", "2025", "--json", "--today", "2026-11-20"]) == 0
    good = json.loads(capsys.readouterr().out)
    files = []
    for unit in ("甲局", "乙局"):
        p = tmp_path / f"{unit}.json"
        p.write_text(json.dumps({**good, "unit": unit}, ensure_ascii=False), encoding="utf-8")
        files.append(p)
    shapes = {
        "行数不对": {**good, "unit": "丙局", "section3": {"rows": good["section3"]["rows"][:3]}},
        "值不是数": {**good, "unit": "丁局", "section4": {"values": ["多"] * 15}},
        "行是字符串": {**good, "unit": "戊局", "section3": {"rows": ["x"] * 25}},
        "表二不对": {**good, "unit": "己局", "section2": {"rows": [{"values": []}]}},
        "年度不对": {**good, "unit": "庚局", "year": "二〇二五"},
        "section3是列表": {**good, "unit": "辛局", "section3": []},
    }
    for name, data in shapes.items():
        p = tmp_path / f"{name}.json"
        p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        files.append(p)
    out_file = tmp_path / "汇总.xlsx"
    code = main(["report", "aggregate", *map(str, files), "--out", str(out_file), "--json"])
    out, err = capsys.readouterr()
    assert code == 1 and out_file.exists()
    result = json.loads(out)
    assert sorted(result["units"]) == sorted(["甲局", "乙局"])  # order-independent aggregation (issue 22)
    for name in shapes:
        assert f"{name}.json" in err
    assert "内部错误" not in err
