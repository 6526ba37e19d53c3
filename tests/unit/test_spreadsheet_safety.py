"""Issue 27 (formula injection, control characters, zip bombs, row limits) for the spreadsheet paths, and the
streaming export's format (issue 26)."""

import io
import json
import logging
import subprocess
import sys
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from gongkai_desktop.core.clock import status_from_cache
from gongkai_desktop.core.ledger_import import guess_mapping, parse_rows
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.core.registration import CONTROL_MESSAGE, validate_applicant, validate_application
from gongkai_desktop.documents import table_reader
from gongkai_desktop.documents.applications_xlsx import write_applications_xlsx, write_import_errors
from gongkai_desktop.documents.table_reader import TableReadError, read_table
from gongkai_desktop.storage.applications_query import ApplicationFilter
from gongkai_desktop.storage.import_writer import import_rows

from ..conftest import ROOT
from .test_report_exports import report_json as report_fixture  # noqa: F401 - a real year's report

TODAY = date(2026, 11, 20)
PERSON = {"kind": "自然人", "name": "张三", "id_type": "护照", "id_number": "E1", "phone": "13800000000"}
HOSTILE = ["=HYPERLINK(\"http://example.com\",\"点此\")", "+86 138", "-1+2", "@SUM(A1)", "=1+1"]


def register(ledger, name, content, ident="E1"):
    return ledger.applications.register({**PERSON, "name": name, "id_number": ident}, {
                                        "channel": "当面", "received": "2026-11-02",
                                        "content_title": content}, OrgProfile(), ledger.calendar.load(), TODAY)


def export(ledger, path, mask=True):
    return write_applications_xlsx(ledger.query.iter_all(ApplicationFilter(TODAY, TODAY), "no"), path,
                                   lambda r: status_from_cache(r["state"], r["due"], TODAY, TODAY).value, mask=mask)


def test_formula_like_text_is_exported_as_text_and_reimports_unchanged(ledger, tmp_path):
    for i, text in enumerate(HOSTILE):
        register(ledger, text, f"{text} 的申请{i}", ident=f"E{i}")
    register(ledger, "孙六", "\t=1+1 以制表符开头的内容", ident="E9")
    path = tmp_path / "导出.xlsx"
    assert export(ledger, path, mask=False) == len(HOSTILE) + 1
    ws = load_workbook(path).active
    names = {ws.cell(r, 5).value: ws.cell(r, 5) for r in range(2, ws.max_row + 1)}
    assert set(names) == {*HOSTILE, "孙六"}
    for text in HOSTILE:
        assert names[text].data_type == "s" and names[text].quotePrefix  # text that stays text when edited
    contents = [ws.cell(r, 8) for r in range(2, ws.max_row + 1)]
    assert "\t=1+1 以制表符开头的内容" in [c.value for c in contents] and all(c.quotePrefix for c in contents)
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode("utf-8")  # no formula anywhere
    # re-import into a fresh ledger gives back exactly the original text
    from gongkai_desktop.core.workdays import load_bundled_arrangements
    from gongkai_desktop.storage.ledger import Ledger

    fresh = Ledger.open(tmp_path / "fresh.sqlite")
    fresh.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
    table = read_table(path)
    rows = parse_rows(table.rows, guess_mapping(table.headers), today=TODAY, first_line=table.first_line)
    import_rows(fresh, rows, OrgProfile(), fresh.calendar.load(), TODAY)
    query = "SELECT p.name, a.content_title FROM applications a JOIN applicants p ON p.id = a.applicant_id ORDER BY 1, 2"
    # (an import trims leading and trailing blanks, as it always has: the tab-led content comes back trimmed)
    assert fresh.db.execute(query).fetchall() == sorted((a, c.strip()) for a, c in ledger.db.execute(query))
    fresh.close()


def test_export_keeps_dates_filter_frozen_header_and_masking(ledger, tmp_path):
    register(ledger, "李四", "某路征收补偿方案")
    path = tmp_path / "x.xlsx"
    export(ledger, path)
    ws = load_workbook(path).active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:O2"  # 15 columns: 分项及办理结果 (issue 20), 答复期限 (issue 28)
    assert ws["A1"].value == "申请编号" and ws["A1"].font.b and ws.column_dimensions["H"].width == 50
    assert ws["B2"].is_date and ws["B2"].value.date() == date(2026, 11, 2) and ws["B2"].number_format == "yyyy-mm-dd"
    assert ws["G2"].value == "138****0000"  # masked phone
    assert ws["K1"].value == "答复期限" and ws["K2"].is_date and ws["K2"].number_format == "yyyy-mm-dd"
    assert table_reader.read_table(path).rows[0][4] == "李四"


def test_stored_control_characters_never_break_an_export(ledger, tmp_path):
    no = register(ledger, "王五", "某项目环评报告")
    # data from before this rule (or written by another tool): NUL and other controls in stored text
    ledger.db.execute("UPDATE applicants SET name = ? WHERE name = '王五'", ["王\x00五\x07"])
    ledger.db.execute("UPDATE applications SET content_title = ?, notes = ? WHERE no = ?",
                      ["某项目\x1b环评报告", "\x00", no])
    path = tmp_path / "x.xlsx"
    assert export(ledger, path) == 1
    ws = load_workbook(path).active
    assert (ws["E2"].value, ws["H2"].value, ws["N2"].value) == ("王五", "某项目环评报告", None)
    errors = tmp_path / "errors.xlsx"
    write_import_errors(["申请人", "=x"], [["张\x00三", "=1+1"]], 2, {2: ["原因"]}, errors)
    ws = load_workbook(errors).active
    assert [c.value for c in ws[2]] == [2, "张三", "=1+1", "原因"] and ws["C2"].data_type == "s"


def test_import_drops_control_characters(ledger):
    rows = parse_rows([["2025-03-05", "自然人", "张\x00三", "某路\x01征收补偿方案\n第二行", "备\x0b注"]],
                      {0: "received", 1: "category", 2: "applicant", 3: "content", 4: "notes"}, today=TODAY)
    assert rows[0].ok
    assert (rows[0].values["applicant"], rows[0].values["content"], rows[0].values["notes"]) == (
        "张三", "某路征收补偿方案\n第二行", "备注")


def test_registration_refuses_control_characters(ledger):
    errors = validate_applicant({**PERSON, "name": "张\x00三", "address": "某路\x1f1号"})
    assert errors == {"name": CONTROL_MESSAGE, "address": CONTROL_MESSAGE}
    assert validate_application({"channel": "当面", "received": "2026-11-02", "content_title": "某\x07事"},
                                TODAY) == {"content_title": CONTROL_MESSAGE}
    assert validate_application({"channel": "当面", "received": "2026-11-02", "content_title": "第一行\n第二行\t完"},
                                TODAY) == {}


def test_report_unit_names_are_text(tmp_path, report_fixture):  # noqa: F811 - the imported fixture
    from gongkai_desktop.core.annual_report import aggregate_reports
    from gongkai_desktop.documents.report_xlsx import (
        read_report_xlsx,
        write_aggregate_xlsx,
        write_report_xlsx,
    )

    data = json.loads(json.dumps(report_fixture))
    data["unit"] = "=cmd|' /C calc'!A0"
    path = write_report_xlsx(data, tmp_path / "年报.xlsx")
    assert read_report_xlsx(path)["unit"] == data["unit"]
    other = json.loads(json.dumps(data))
    other["unit"] = "@某县另一局"
    out = write_aggregate_xlsx(aggregate_reports([data, other]), tmp_path / "汇总.xlsx")
    ws = load_workbook(out)["分单位"]
    assert {ws["A2"].value, ws["A3"].value} == {data["unit"], other["unit"]}
    assert all(ws[c].data_type == "s" for c in ("A2", "A3"))


def test_zip_bomb_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(table_reader, "MAX_UNPACKED", 2 * 1024 * 1024)
    path = tmp_path / "bomb.xlsx"
    wb = Workbook()
    wb.active.append(["收到日期", "申请人类型", "申请人", "申请内容"])
    wb.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.xml", "<a>" + " " * (3 * 1024 * 1024) + "</a>")
    assert path.stat().st_size < 100_000
    with pytest.raises(TableReadError, match="解压后超过"):
        read_table(path)


def test_far_away_cell_is_refused_not_a_crash(tmp_path):
    # calamine allocates rows × columns of the used range: A1 and XFD1048576 would abort the process
    path = tmp_path / "sparse.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["收到日期", "申请人类型", "申请人", "申请内容"])
    ws["XFD1048576"] = "x"
    wb.save(path)
    with pytest.raises(TableReadError, match="行"):
        read_table(path)
    wb = Workbook()
    ws = wb.active
    ws.append(["收到日期", "申请人类型", "申请人", "申请内容"])
    ws["XFD20"] = "x"
    wb.save(path)
    with pytest.raises(TableReadError, match="范围过大"):
        read_table(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_row_limit_has_a_chinese_message(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(table_reader, "MAX_ROWS", 50)
    path = tmp_path / f"big{suffix}"
    rows = [["收到日期", "申请人类型", "申请人", "申请内容"]] + [["2025-03-05", "自然人", f"张{i}", "内容"]
                                                               for i in range(80)]
    if suffix == ".xlsx":
        wb = Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(path)
    else:
        path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    with pytest.raises(TableReadError, match="超过一次导入的上限 50 行"):
        read_table(path)


def test_log_never_carries_applicant_data(tmp_path):
    from gongkai_desktop.logs import NoDataFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(NoDataFormatter("%(message)s"))
    log = logging.getLogger("test-no-data")
    log.addHandler(handler)
    try:
        try:
            name = "".join(["张", "秘密"])  # not in the source line the traceback shows
            raise ValueError(f"{name} cannot be used in worksheets")
        except ValueError:
            log.exception("unexpected CLI error")
    finally:
        log.removeHandler(handler)
    text = stream.getvalue()
    assert "ValueError" in text and "test_spreadsheet_safety.py" in text and "张秘密" not in text


def test_cli_export_of_hostile_data_succeeds_and_logs_nothing_personal(tmp_path):
    env_home = tmp_path / "home"
    code = f"""
import sys
from datetime import date
from pathlib import Path
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.core.workdays import load_bundled_arrangements
from gongkai_desktop.storage.ledger import Ledger
led = Ledger.open(Path(sys.argv[1]))
led.seed_calendar(load_bundled_arrangements(Path("resources/calendar")))
led.applications.register({PERSON!r} | {{"name": "赵秘密"}}, {{"channel": "当面", "received": "2026-11-02",
    "content_title": "某事"}}, OrgProfile(), led.calendar.load(), date(2026, 11, 20))
led.db.execute("UPDATE applicants SET name = ?", ["=赵秘密\\x00"])
led.close()
"""
    db = tmp_path / "l.sqlite"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(env_home), "XDG_STATE_HOME": str(env_home / "state"),
           "XDG_DATA_HOME": str(env_home / "data"), "XDG_CONFIG_HOME": str(env_home / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", code, str(db)], cwd=ROOT, env=env, check=True)
    out = subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "--db", str(db), "apps", "export",
                          str(tmp_path / "x.xlsx"), "--today", "2026-11-20"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    ws = load_workbook(tmp_path / "x.xlsx").active
    assert ws["E2"].value == "=赵秘密" and ws["E2"].data_type == "s"
    logs = list(env_home.rglob("*.log"))
    assert all("赵秘密" not in p.read_text(encoding="utf-8", errors="replace") for p in logs)
